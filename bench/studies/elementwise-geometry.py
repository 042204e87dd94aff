#!/usr/bin/env python3
"""Hand-written memory-light elementwise kernels over launch geometries (issue 3).

  python3 bench/studies/elementwise-geometry.py [--heavy]

For each kernel (`2*x`, `2*x + y`, `2*x + y + z`, float32 and float64, several sizes; with
--heavy, exp(sin(1.5*a + 0.5)*b + cos(a)) - 1 of one and two inputs) and each geometry (bytes
per vector load, threads per block, vectors per thread): GB/s of the fewest bytes, median of 30
back-to-back CUDA-event timings, median over 4 interleaved rounds. The choice in
src/codegen/cuda.ts (elementwiseGeometry) comes from this table.
"""
import statistics, sys
import cupy as cp, numpy as np

HEAVY = "--heavy" in sys.argv
VEC = {("float", 1): "float", ("float", 2): "float2", ("float", 4): "float4", ("double", 1): "double", ("double", 2): "double2"}
GEOMETRIES = [(16, 256, 2), (16, 256, 1), (8, 512, 1), (8, 256, 1), (8, 256, 2)]  # (bytes per vector, block, vectors per thread)


def expression(nin, c):
    if HEAVY:
        b = f"a{nin - 1}{c}"
        return f"(expf(sinf(1.5f * a0{c} + 0.5f) * {b} + cosf(a0{c})) - 1.0f)"
    return " + ".join([f"2 * a0{c}"] + [f"a{j}{c}" for j in range(1, nin)])


def kernel(ctype, vector_bytes, nin, block, per_thread):
    width = vector_bytes // (4 if ctype == "float" else 8)
    vt, lanes = VEC[(ctype, width)], "xyzw"[:width]
    body = []
    for u in range(per_thread):
        body.append(f"  {{ const int v = v0 + {u} * {block}; if (v < nv) {{")
        body += [f"    const {vt} a{j} = reinterpret_cast<const {vt}*>(i{j})[v];" for j in range(nin)]
        if width == 1:
            body.append(f"    o[v] = {expression(nin, '')};")
        else:
            body.append(f"    {vt} r; " + " ".join(f"r.{c} = {expression(nin, '.' + c)};" for c in lanes) + f" reinterpret_cast<{vt}*>(o)[v] = r;")
        body.append("  } }")
    ins = ", ".join(f"const {ctype}* __restrict__ i{j}" for j in range(nin))
    src = f"""extern "C" __global__ void __launch_bounds__({block}) k({ins}, {ctype}* __restrict__ o, int nv) {{
  const int v0 = blockIdx.x * {block * per_thread} + threadIdx.x;
{chr(10).join(body)}
}}"""
    return cp.RawModule(code=src).get_function("k"), width


cases = [("float", 1, 1 << 28), ("float", 2, 1 << 28)] if HEAVY else [
    ("float", 1, 1 << 28), ("float", 2, 1 << 28), ("float", 3, 1 << 27), ("float", 2, 1 << 26), ("float", 2, 1 << 24), ("double", 2, 1 << 27)]
runs = {}
for ctype, nin, n in cases:
    dt = cp.float32 if ctype == "float" else cp.float64
    ins = [cp.random.random(n).astype(dt) for _ in range(nin)]
    out = cp.empty(n, dt)
    a, b = ins[0], ins[-1]
    ref = (cp.exp(cp.sin(1.5 * a + 0.5) * b + cp.cos(a)) - 1) if HEAVY else sum(ins[1:], 2 * ins[0])
    for vb, block, per in GEOMETRIES:
        k, width = kernel(ctype, vb, nin, block, per)
        nv = n // width
        grid = (nv + block * per - 1) // (block * per)
        run = lambda k=k, grid=grid, block=block, ins=ins, out=out, nv=nv: k((grid,), (block,), (*ins, out, np.int32(nv)))
        run(); cp.cuda.Stream.null.synchronize()
        assert cp.allclose(out, ref, rtol=1e-5, atol=1e-6), (ctype, nin, n, vb, block, per)
        runs[f"{ctype} {nin} input(s), n = 2^{n.bit_length() - 1} | {vb} B x {per}, {block} threads"] = (run, (nin + 1) * n * out.itemsize, [])
for _ in range(4):
    for key, (run, nbytes, gbs) in runs.items():
        for _ in range(3):
            run()
        ev = [(cp.cuda.Event(), cp.cuda.Event()) for _ in range(30)]
        for s, e in ev:
            s.record(); run(); e.record()
        cp.cuda.Stream.null.synchronize()
        gbs.append(nbytes / statistics.median(cp.cuda.get_elapsed_time(s, e) for s, e in ev) / 1e6)
for key, (_, _, gbs) in runs.items():
    print(f"{key:62s} {statistics.median(gbs):7.1f} GB/s  [{min(gbs):.1f} .. {max(gbs):.1f}]")
