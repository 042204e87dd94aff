#!/usr/bin/env python3
"""Peers of bench/streams.mjs's chain section: CuPy with a user ElementwiseKernel inside a chain.

  python3 bench/peers_streams.py [--size-log2 28] [--reps 20]

Prints one JSON document: for CuPy, k(x) * x - 0.5 with k = ElementwiseKernel('y = x * 2 + 1')
(three kernels: cupy.fuse cannot take a user kernel), the same chain of built-in ops under
cupy.fuse (one kernel), and one hand-fused ElementwiseKernel; PyTorch and torch.compile run the
built-in chain. CUDA events around each call, back to back, median after 3 warmups; GB/s counts
8 bytes per element (one float32 read, one written), as streams.mjs does.
"""
import argparse
import json
import statistics


def timed(ns_event, sync, f, reps, warmup=3):
    ev = [(ns_event(), ns_event()) for _ in range(warmup + reps)]
    for a, b in ev:
        a.record()
        f()
        b.record()
    sync(ev[-1][1])
    return ev[warmup:]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--size-log2", type=int, default=28)
    p.add_argument("--reps", type=int, default=20)
    args = p.parse_args()
    n = 2 ** args.size_log2
    gb = 8 * n / 1e9
    out = {}
    try:
        import cupy
        x = cupy.random.default_rng(1).random(n, dtype=cupy.float32)
        k = cupy.ElementwiseKernel("T x", "T y", "y = x * (T)2 + (T)1", "user_affine")
        fused_k = cupy.ElementwiseKernel("T x", "T y", "y = (x * (T)2 + (T)1) * x - (T)0.5", "user_chain")
        def chain(v):  # a named function: cupy.fuse names its kernel after it ("<lambda>" does not compile)
            return (v * 2 + 1) * v - 0.5

        builtin = cupy.fuse(chain)
        for name, f in [("cupy_user_kernel_chain", lambda: k(x) * x - 0.5), ("cupy_fuse_builtin", lambda: builtin(x)),
                        ("cupy_one_user_kernel", lambda: fused_k(x))]:
            ev = timed(lambda: cupy.cuda.Event(), lambda e: e.synchronize(), f, args.reps)
            ms = statistics.median(cupy.cuda.get_elapsed_time(a, b) for a, b in ev)
            out[name] = {"median_ms": round(ms, 4), "gbps": round(gb / (ms * 1e-3), 1)}
    except Exception as e:  # noqa: BLE001 - report, keep going
        out["cupy_error"] = repr(e)
    try:
        import torch
        x = torch.rand(n, device="cuda", dtype=torch.float32)
        chain = lambda: (x * 2 + 1) * x - 0.5  # noqa: E731
        compiled = torch.compile(lambda v: (v * 2 + 1) * v - 0.5)
        for name, f in [("torch", chain), ("torch_compile", lambda: compiled(x))]:
            ev = timed(lambda: torch.cuda.Event(enable_timing=True), lambda e: e.synchronize(), f, args.reps)
            ms = statistics.median(a.elapsed_time(b) for a, b in ev)
            out[name] = {"median_ms": round(ms, 4), "gbps": round(gb / (ms * 1e-3), 1)}
    except Exception as e:  # noqa: BLE001
        out["torch_error"] = repr(e)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
