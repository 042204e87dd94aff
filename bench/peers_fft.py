#!/usr/bin/env python3
"""The FFT rows of issue 19 (bench/fft_rows.json) with cupy.fft and torch.fft, in one call each.

  python3 bench/peers_fft.py [--reps 30] [--out bench/out/peers-fft.json]

Each call is bracketed by CUDA events on the current stream, back to back; median and min after 3
warmups. Inputs are complex64 (c2c) or float32 (r2c), contiguous; the transformed axes are the
last `axes` ones (fft2 for two). Plan caches stay on (CuPy's default), as a user has them.
"""
import argparse
import json
import os
import statistics
import sys

WARMUP = 3


def rows():
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "fft_rows.json")) as f:
        return json.load(f)["rows"]


def call_for(ns, row):
    fft = ns.fft
    if row["kind"] == "r2c":
        return (lambda x: fft.rfft(x)) if row["axes"] == 1 else (lambda x: fft.rfftn(x))
    return (lambda x: fft.fft(x)) if row["axes"] == 1 else (lambda x: fft.fft2(x))


def time_cupy(row, reps):
    import cupy
    rng = cupy.random.default_rng(1)
    x = rng.random(tuple(row["shape"]), dtype=cupy.float32)
    if row["kind"] == "c2c":
        x = (x + 1j * x).astype(cupy.complex64)
    f = call_for(cupy, row)
    ev = [(cupy.cuda.Event(), cupy.cuda.Event()) for _ in range(WARMUP + reps)]
    cupy.cuda.Device().synchronize()
    for s, e in ev:
        s.record()
        f(x)
        e.record()
    ev[-1][1].synchronize()
    ms = [cupy.cuda.get_elapsed_time(s, e) for s, e in ev][WARMUP:]
    del x
    cupy.get_default_memory_pool().free_all_blocks()
    return {"median_ms": statistics.median(ms), "min_ms": min(ms), "version": cupy.__version__}


def time_torch(row, reps):
    import torch
    g = torch.Generator(device="cuda").manual_seed(1)
    x = torch.rand(tuple(row["shape"]), generator=g, device="cuda", dtype=torch.float32)
    if row["kind"] == "c2c":
        x = torch.complex(x, x)
    f = call_for(torch, row)
    Event = torch.cuda.Event
    ev = [(Event(enable_timing=True), Event(enable_timing=True)) for _ in range(WARMUP + reps)]
    torch.cuda.synchronize()
    for s, e in ev:
        s.record()
        f(x)
        e.record()
    ev[-1][1].synchronize()
    ms = [s.elapsed_time(e) for s, e in ev][WARMUP:]
    del x
    torch.cuda.empty_cache()
    return {"median_ms": statistics.median(ms), "min_ms": min(ms), "version": torch.__version__}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--reps", type=int, default=30)
    p.add_argument("--out", default="bench/out/peers-fft.json")
    args = p.parse_args(argv)
    out = {"rows": []}
    for row in rows():
        entry = {"name": row["name"]}
        for peer, timer in (("cupy", time_cupy), ("torch", time_torch)):
            try:
                entry[peer] = timer(row, args.reps)
                print(f"{row['name']:28s} {peer:6s} {entry[peer]['median_ms']:.3f} ms", file=sys.stderr)
            except Exception as exc:  # noqa: BLE001 - a missing peer is reported, not fatal
                entry[peer] = {"error": f"{type(exc).__name__}: {exc}"}
                print(f"{row['name']:28s} {peer:6s} failed: {exc}", file=sys.stderr)
        out["rows"].append(entry)
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(out, f, indent=2)
    json.dump(out, sys.stdout, indent=2)


if __name__ == "__main__":
    main()
