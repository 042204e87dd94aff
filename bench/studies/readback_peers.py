#!/usr/bin/env python3
"""Peers of bench/studies/readback.mjs: CuPy's x.get() and cupy.asarray(numpy_array).

  python3 bench/studies/readback_peers.py [--min-log2 20] [--max-log2 26] [--reps 10]

Prints one JSON document: for float32 and float64 at 2^min..2^max (step 4x) elements, host wall
time (median after 2 warmups) of x.get() (a new NumPy array each time, pageable), x.get(out=reused)
(into one NumPy array touched before), x.get() into pinned memory (cupyx.empty_pinned, reused), and
cupy.asarray(a) followed by a device synchronize; GB/s counts the array's bytes once.
"""
import argparse
import json
import statistics
import time


def wall_ms(f, reps, warmup=2):
    for _ in range(warmup):
        f()
    ms = []
    for _ in range(reps):
        t = time.perf_counter()
        f()
        ms.append((time.perf_counter() - t) * 1e3)
    return statistics.median(ms)


def row(nbytes, ms):
    return {"median_ms": round(ms, 3), "gbps": round(nbytes / (ms * 1e-3) / 1e9, 2)}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--min-log2", type=int, default=20)
    p.add_argument("--max-log2", type=int, default=26)
    p.add_argument("--reps", type=int, default=10)
    args = p.parse_args()
    out = {"rows": []}
    try:
        import cupy
        import cupyx
        import numpy as np
        sync = cupy.cuda.Device().synchronize
        for dtype in ("float32", "float64"):
            for log2 in range(args.min_log2, args.max_log2 + 1, 2):
                n = 2 ** log2
                host = (np.arange(n) % 1000 * 0.5).astype(dtype)
                x = cupy.asarray(host)
                nbytes = host.nbytes
                reused = np.ones_like(host)
                pinned = cupyx.empty_pinned(host.shape, dtype)
                pinned[...] = 1
                out["rows"].append({
                    "dtype": dtype, "n": n, "bytes": nbytes,
                    "get": row(nbytes, wall_ms(lambda: x.get(), args.reps)),
                    "get_reused": row(nbytes, wall_ms(lambda: x.get(out=reused), args.reps)),
                    "get_pinned": row(nbytes, wall_ms(lambda: x.get(out=pinned), args.reps)),
                    "first_touch": row(nbytes, wall_ms(lambda: np.empty(n, dtype).fill(1), args.reps)),
                    "asarray": row(nbytes, wall_ms(lambda: (cupy.asarray(host), sync()), args.reps)),
                })
                del x, pinned
                cupy.get_default_memory_pool().free_all_blocks()
                cupy.get_default_pinned_memory_pool().free_all_blocks()
    except Exception as e:  # noqa: BLE001 - report, keep going
        out["cupy_error"] = repr(e)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
