"""NumPy's side of bench/cpu.mjs: the same workloads on the same machine, one JSON line out.

    python3 bench/peers_cpu.py [--sizes 20,22,24] [--reps 5] [--only axpy,sum,...]

Threads: NumPy's own loops are single-threaded; only BLAS (matmul) threads. bench/cpu.mjs runs
this script twice, once as it is and once with OMP_NUM_THREADS / OPENBLAS_NUM_THREADS /
MKL_NUM_THREADS = 1 in its environment (set before NumPy loads, so BLAS starts with one thread).

Each cell: the median of `reps` timed calls after one warmup call (a result is dropped before the
next call, as cupyts disposes its result). Inputs: float32 from a fixed seed, the same shapes
bench/cpu.mjs builds (see WORKLOADS there).
"""
import argparse
import json
import os
import sys
import time

import numpy as np


def blas_name():
    try:
        cfg = np.show_config(mode="dicts")
        blas = cfg["Build Dependencies"]["blas"]
        return f"{blas.get('name', '?')} {blas.get('version', '')}".strip()
    except Exception:  # noqa: BLE001 - older NumPy: no dict mode
        return "unknown"


def inputs(log2, rng):
    n = 1 << log2
    x = rng.random(n, dtype=np.float32) * 2 - 1
    y = rng.random(n, dtype=np.float32) * 2 - 1
    return n, x, y


def softmax(m):
    e = np.exp(m - m.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def make(name, log2, rng):
    """A zero-argument callable for workload `name` at 2^log2 elements (None: not at this size)."""
    n, x, y = inputs(log2, rng)
    cols = 1024
    m = x.reshape(n // cols, cols)
    if name == "axpy":
        return lambda: 2 * x + y
    if name == "chain8":
        return lambda: np.exp(np.sin(1.5 * x + 0.5) * x + np.cos(x)) - 1
    if name == "sum":
        return lambda: x.sum()
    if name == "rowsum":
        return lambda: m.sum(axis=1)
    if name == "colsum":
        return lambda: m.sum(axis=0)
    if name == "softmax":
        return lambda: softmax(m)
    if name == "cumsum":
        return lambda: np.cumsum(x)
    if name == "take":
        idx = rng.integers(0, n, n, dtype=np.int32)
        return lambda: np.take(x, idx)
    if name == "bcast_reduce":
        d = 64
        side = int(round((n // d) ** 0.5))
        a = x[: side * d].reshape(side, d)
        b = y[: side * d].reshape(side, d)
        return lambda: ((a[:, None, :] - b[None, :, :]) ** 2).sum(axis=-1)
    if name == "matmul":
        if log2 != 20:
            return None
        a = x.reshape(1024, 1024)
        b = y.reshape(1024, 1024)
        return lambda: a @ b
    raise SystemExit(f"unknown workload {name}")


def median(xs):
    s = sorted(xs)
    k = len(s) // 2
    return s[k] if len(s) % 2 else (s[k - 1] + s[k]) / 2


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--sizes", default="20,22,24")
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--only", default="axpy,chain8,sum,rowsum,colsum,softmax,cumsum,take,bcast_reduce,matmul")
    p.add_argument("--clock", choices=["wall", "cpu"], default="wall",
                   help="cpu: process CPU time (all threads), steadier than wall time on a loaded machine")
    args = p.parse_args()
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    rng = np.random.default_rng(0)
    rows = {}
    for name in args.only.split(","):
        for log2 in (int(s) for s in args.sizes.split(",")):
            f = make(name, log2, rng)
            if f is None:
                continue
            f()
            ts = []
            for _ in range(args.reps):
                t0 = clock()
                r = f()
                ts.append((clock() - t0) * 1e3)
                del r
            rows[f"{name}@{log2}"] = median(ts)
    threads = os.environ.get("OPENBLAS_NUM_THREADS") or "default"
    print(json.dumps({"numpy": np.__version__, "blas": blas_name(), "threads": threads, "ms": rows}))


if __name__ == "__main__":
    sys.exit(main())
