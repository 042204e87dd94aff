#!/usr/bin/env python3
"""The float32 normal draw's kernel with other radius formulas and vectors per thread (issue 7).

  bash bench/studies/sources.sh && python3 bench/studies/normal-variants.py [bench/out/studies]

Times `fused_rand_normal_f32` (2^28 outputs, its full source from `cupyts explain`) through CuPy's
RawModule with CUDA events, back to back, median of 30 reps, and compares each variant's output
with the generated kernel's. The radius variants replace the body of cp_normal_radius.
"""
import os, re, sys
import cupy as cp, numpy as np

DIR = sys.argv[1] if len(sys.argv) > 1 else "bench/out/studies"
SRC = open(os.path.join(DIR, "normal.cu")).read()
NAME, N = "fused_rand_normal_f32", 1 << 28
BODY = re.compile(r"(CP_D float cp_normal_radius\(unsigned int a\) \{\n)(.*?)(\n\})", re.S)
assert BODY.search(SRC), "cp_normal_radius not found in normal.cu"
U1 = "  const float u1 = (float)((a >> 8) + 1u) * 5.9604644775390625e-8f;\n"
RADIUS = {
    "generated (series near 1, lg2.approx, sqrt.approx)": None,
    "precise logf, sqrtf": U1 + "  return sqrtf(-2.0f * logf(u1));",
    "__logf, sqrt.approx (inaccurate near u1 = 1)": U1 + "  return cp_sqrt_approx(-2.0f * __logf(u1));",
}


def variant(radius=None, vpt=4):
    s = SRC if radius is None else BODY.sub(lambda m: m.group(1) + radius + m.group(3), SRC)
    if vpt != 4:
        s = s.replace("blockDim.x * 4 + threadIdx.x", f"blockDim.x * {vpt} + threadIdx.x").replace("grid_stride * 4)", f"grid_stride * {vpt})")
        s = s.replace("for (int u = 0; u < 4; ++u)", f"for (int u = 0; u < {vpt}; ++u)")
    return s, vpt


def time_ms(src, vpt):
    k = cp.RawModule(code=src).get_function(NAME)
    grid = (N // 4 + 256 * vpt - 1) // (256 * vpt)
    out = cp.empty(N, cp.float32)
    args = (out, np.uint32(0x12345678), np.uint32(0x9ABCDEF0), np.uint32(7), np.uint32(0), np.int32(N), np.int32(1))
    for _ in range(5):
        k((grid,), (256,), args)
    ev = [(cp.cuda.Event(), cp.cuda.Event()) for _ in range(30)]
    for a, b in ev:
        a.record(); k((grid,), (256,), args); b.record()
    cp.cuda.Stream.null.synchronize()
    return sorted(cp.cuda.get_elapsed_time(a, b) for a, b in ev)[15], out


cases = [(name, variant(r)) for name, r in RADIUS.items()] + [("generated, two vectors per thread", variant(vpt=2))]
ref = None
for name, (src, vpt) in cases:
    ms, out = time_ms(src, vpt)
    ref = out if ref is None else ref
    d = float(cp.abs(out - ref).max())
    print(f"{name:52s} {ms:.4f} ms  {N * 4 / ms / 1e6:6.0f} GB/s  max |diff| vs generated {d:.2e}", flush=True)
# The write ceiling: a kernel that stores the same bytes as 16-byte vectors (CuPy's fill is slower).
store = cp.RawModule(code=r"""extern "C" __global__ void store(float4* o, int n4) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n4; i += gridDim.x * blockDim.x) o[i] = make_float4(1.f, 2.f, 3.f, 4.f); }""").get_function("store")
f = cp.empty(N, cp.float32)
ev = [(cp.cuda.Event(), cp.cuda.Event()) for _ in range(30)]
for a, b in ev:
    a.record(); store((N // 1024,), (256,), (f, np.int32(N // 4))); b.record()
cp.cuda.Stream.null.synchronize()
ms = sorted(cp.cuda.get_elapsed_time(a, b) for a, b in ev)[15]
print(f"{'write ceiling (16-byte stores of 2^28 float32)':52s} {ms:.4f} ms  {N * 4 / ms / 1e6:6.0f} GB/s")
