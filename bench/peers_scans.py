#!/usr/bin/env python3
"""Peers of bench/scans.mjs: torch.cumsum and cupy.cumsum on the same shapes (float32).

  python3 bench/peers_scans.py [--reps 30] [--warmup 3] [--peers torch,cupy] [--only NAME,...] [--out FILE]

Same rows as bench/scans.mjs (names match): 1-D 2^20 ... 2^28, the fused cumsum(2x+1) of 2^28,
and 2-D arrays along each axis. Timing: a pair of CUDA events around each call on the current
stream, calls queued back to back, median and min after the warmups; GB/s = 8 bytes per element
(read once, written once) / median. frac_of_copy against a device-to-device copy of 2^28 float32.
Correctness: the first 2^20 elements (or first rows) against a float64 cumsum by the same library.
Prints one JSON document to stdout (and --out FILE) and a table to stderr.
"""
import argparse
import datetime
import json
import statistics
import sys

SHAPES_2D = [(16384, 16384), (64, 1 << 22), (1 << 22, 64), (1 << 20, 256)]
CHECK = 1 << 20


def rows():
    """(name, shape, axis, fused) for every row, as bench/scans.mjs names them."""
    out = [(f"cumsum_1d_2^{lg}", (1 << lg,), 0, False) for lg in (20, 22, 24, 26, 28)]
    out.append(("cumsum_1d_fused_2^28", (1 << 28,), 0, True))
    for r, c in SHAPES_2D:
        out.append((f"cumsum_{r}x{c}_axis1", (r, c), 1, False))
        out.append((f"cumsum_{r}x{c}_axis0", (r, c), 0, False))
    return out


class Torch:
    name = "torch"

    def __init__(self):
        import torch
        self.t = torch

    def random(self, shape, seed):
        g = self.t.Generator(device="cuda").manual_seed(seed)
        return self.t.rand(shape, generator=g, device="cuda", dtype=self.t.float32) - 0.5

    def cumsum(self, x, axis, fused):
        return self.t.cumsum(2 * x + 1 if fused else x, dim=axis)

    def cumsum64(self, x, axis, fused):
        x = x.double()
        return self.t.cumsum(2 * x + 1 if fused else x, dim=axis)

    def copy(self, x, y):
        y.copy_(x)

    def empty_like(self, x):
        return self.t.empty_like(x)

    def events(self):
        return self.t.cuda.Event(enable_timing=True), self.t.cuda.Event(enable_timing=True)

    def record(self, e):
        e.record()

    def sync(self):
        self.t.cuda.synchronize()

    def elapsed(self, a, b):
        return a.elapsed_time(b)

    def host(self, x):
        return x.cpu().numpy()


class Cupy:
    name = "cupy"

    def __init__(self):
        import cupy
        self.c = cupy

    def random(self, shape, seed):
        return self.c.random.default_rng(seed).random(shape, dtype=self.c.float32) - 0.5

    def cumsum(self, x, axis, fused):
        return self.c.cumsum(2 * x + 1 if fused else x, axis=axis)

    def cumsum64(self, x, axis, fused):
        x = x.astype(self.c.float64)
        return self.c.cumsum(2 * x + 1 if fused else x, axis=axis)

    def copy(self, x, y):
        self.c.copyto(y, x)

    def empty_like(self, x):
        return self.c.empty_like(x)

    def events(self):
        return self.c.cuda.Event(), self.c.cuda.Event()

    def record(self, e):
        e.record()

    def sync(self):
        self.c.cuda.Device().synchronize()

    def elapsed(self, a, b):
        return self.c.cuda.get_elapsed_time(a, b)

    def host(self, x):
        return self.c.asnumpy(x)


def time_calls(lib, call, reps, warmup):
    pairs = [lib.events() for _ in range(reps + warmup)]
    for a, b in pairs:
        lib.record(a)
        call()
        lib.record(b)
    lib.sync()
    ms = [lib.elapsed(a, b) for a, b in pairs][warmup:]
    return statistics.median(ms), min(ms)


def head_error(lib, got, want, shape, axis):
    import numpy as np
    g = lib.host(got).astype(np.float64)
    w = lib.host(want)
    if len(shape) == 1:
        g, w = g[:CHECK], w[:CHECK]
    else:
        n = max(1, CHECK // shape[1])
        g, w = g[:n], w[:n]
    return float(np.sqrt(((g - w) ** 2).sum() / max((w ** 2).sum(), 1e-30)))


def run_peer(lib, reps, warmup, only):
    results = {}
    x = lib.random((1 << 28,), 7)
    y = lib.empty_like(x)
    med, _ = time_calls(lib, lambda: lib.copy(x, y), reps, warmup)
    results["copy"] = {"gbps": round(8 * (1 << 28) / (med * 1e-3) / 1e9, 1)}
    del y
    for name, shape, axis, fused in rows():
        if only and name not in only:
            continue
        n = 1
        for d in shape:
            n *= d
        a = x[:n] if len(shape) == 1 else lib.random(shape, shape[0] + shape[1])
        err = head_error(lib, lib.cumsum(a, axis, fused), lib.cumsum64(a, axis, fused), shape, axis)
        med, low = time_calls(lib, lambda: lib.cumsum(a, axis, fused), reps, warmup)
        gbps = 8 * n / (med * 1e-3) / 1e9
        results[name] = {"median_ms": med, "min_ms": low, "gbps": round(gbps, 1), "bytes": 8 * n, "rel_err": err,
                         "frac_of_copy": round(gbps / results["copy"]["gbps"], 3)}
        print(f"{lib.name:6} {name:24} {med:9.4f} ms {gbps:8.1f} GB/s rel_err={err:.2e}", file=sys.stderr)
        del a
    return results


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--reps", type=int, default=30)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--peers", default="torch,cupy")
    p.add_argument("--only", default="")
    p.add_argument("--out", default="")
    args = p.parse_args()
    only = set(args.only.split(",")) if args.only else None
    doc = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(), "reps": args.reps,
           "timing": "CUDA events around each call, back to back", "peers": {}}
    for peer in args.peers.split(","):
        try:
            lib = {"torch": Torch, "cupy": Cupy}[peer]()
        except Exception as e:  # a peer that is not installed is reported, not fatal
            doc["peers"][peer] = {"error": f"{type(e).__name__}: {e}"}
            print(f"{peer}: skipped ({e})", file=sys.stderr)
            continue
        doc["peers"][peer] = run_peer(lib, args.reps, args.warmup, only)
    text = json.dumps(doc, indent=1)
    print(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    main()
