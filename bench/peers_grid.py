#!/usr/bin/env python3
"""The peers of bench/grid.mjs (issue 16): the same cells in CuPy, PyTorch eager and torch.compile.

  python3 bench/peers_grid.py [--only scans,reductions,broadcast_reduce,transposed,multi_stat]
                              [--scale-log2 0] [--reps 20] [--warmup 3] [--budget-ms 2000]
                              [--peers cupy,torch,torch_compile] [--no-check]
                              [--out bench/out/grid-peers.json] [--cpu] [--dry-run]

The cells (ids, shapes, minimal-traffic bytes, the --scale-log2 rule) are those of bench/grid.mjs:
keep the two lists in step (bench/summarize-grid.mjs flags an id or a byte count that differs).
Each program is written once against an array namespace (cupy / torch / numpy), as a user writes
it; eager PyTorch uses torch.logsumexp and torch.softmax where the program is logsumexp or softmax.
torch.compile compiles each cell's function once (dynamic=False, after torch._dynamo.reset()) and
raises rather than recompiles while timed; any failure is reported as null with its error.

Timing: CUDA events around each call on the current stream, calls queued back to back
(peers.py's backends); the first call (compilation) is untimed; then a probe call, the warmups
and as many reps as fit in --budget-ms (at least 3, at most --reps); median. One input set per cell.
Correctness: the rel. L2 error of the output against the same program run in float64 by the same
library on float64 copies of the inputs. Memory is freed between cells (del, then the backend's
pool: empty_cache / free_all_blocks). --cpu: NumPy only, timed with perf_counter (for checking the
script without a GPU). --dry-run: print the cells, import neither cupy nor torch.
"""
import argparse
import datetime
import math
import os
import statistics
import sys
import time
import traceback

sys.dont_write_bytecode = True                    # importing peers.py leaves no bench/__pycache__
from peers import (BACKEND_CLASSES, copy_fn, err_text, first_line, fmt, log,  # noqa: E402
                   rel_l2, versions, write_json)

FAMILIES = ("scans", "reductions", "broadcast_reduce", "transposed", "multi_stat")
F32 = 4
MIN_REPS = 3
TOL = {"scans": 1e-4}
DEFAULT_TOL = 1e-5
GPU_PEERS = ("cupy", "torch", "torch_compile")
CPU_PEERS = ("numpy",)
PEER_BACKEND = {"cupy": "cupy", "torch": "torch", "torch_compile": "torch", "numpy": "numpy"}


# ----------------------------------------------------------------------------------------------
# The cells (bench/grid.mjs builds the same list).

def scale_shape(shape, s):
    """Each log2 extent scaled by the same factor to 2^s of the elements (as grid.mjs scaleShape)."""
    logs = []
    for d in shape:
        k = d.bit_length() - 1
        if d != 1 << k:
            raise ValueError(f"peers_grid.py: expected power-of-two extents, got {d}")
        logs.append(k)
    total = sum(logs)
    target = max(0, total + s)
    if total == 0:
        return list(shape)
    out = [k * target // total for k in logs]
    order = sorted(range(len(logs)), key=lambda i: (-(logs[i] * target % total), i))
    left = target - sum(out)
    for i in order:
        if left > 0:
            out[i] += 1
            left -= 1
    return [1 << k for k in out]


def dim_text(d):
    return f"2^{d.bit_length() - 1}" if d >= 1024 and d & (d - 1) == 0 else str(d)


def shape_text(shape):
    return "x".join(dim_text(d) for d in shape)


def size(shape):
    return math.prod(shape)


def _reduced_bytes(s, axis):
    return (size(s) + size(s) // s[axis]) * F32


BYTES = {
    "cumsum": lambda s, axis: 2 * size(s) * F32,
    "sum": _reduced_bytes,
    "sqdist": lambda s, axis: (s[0] * s[2] + s[1] * s[2] + s[0] * s[1]) * F32,
    "sqdiff_T": lambda s, axis: (size(s) + 1) * F32,
    "sum_T": _reduced_bytes,
    "standardize": lambda s, axis: 2 * size(s) * F32,
    "standardize_np": lambda s, axis: 2 * size(s) * F32,
    "logsumexp": _reduced_bytes,
    "softmax": lambda s, axis: 2 * size(s) * F32,
}

EACH_AXIS = (0, 1)
TALL_SQUARE_WIDE = ((1 << 20, 1 << 8), (1 << 14, 1 << 14), (1 << 8, 1 << 20))


def specs():
    s = [("scans", "cumsum", (1 << k,), 0) for k in range(20, 29, 2)]
    s += [("scans", "cumsum", shape, axis) for shape in TALL_SQUARE_WIDE for axis in EACH_AXIS]
    s += [("reductions", "sum", (1 << rows, 1 << (27 - rows)), axis)
          for rows in range(24, 2, -3) for axis in EACH_AXIS]
    s += [("broadcast_reduce", "sqdist", nmd, None)
          for nmd in ((4096, 4096, 64), (8192, 1024, 32), (1024, 1024, 256), (16384, 4096, 8))]
    s += [("transposed", "sqdiff_T", (n, n), None) for n in (4096, 8192)]
    s += [("transposed", "sum_T", (n, n), axis) for n in (8192, 16384) for axis in EACH_AXIS]
    s += [("multi_stat", program, shape, axis) for program in ("standardize", "logsumexp", "softmax")
          for shape in TALL_SQUARE_WIDE for axis in EACH_AXIS]
    s += [("multi_stat", "standardize_np", shape, 0) for shape in TALL_SQUARE_WIDE]
    return s


def grid_cells(s, families=FAMILIES):
    cells = []
    for family, program, full, axis in specs():
        if family not in families:
            continue
        shape = scale_shape(full, s)
        cid = f"{program} {shape_text(full)}" + ("" if axis is None else f" axis={axis}")
        cells.append({"id": cid, "family": family, "program": program, "shape": shape,
                      "axis": axis, "bytes": BYTES[program](shape, axis)})
    return cells


# ----------------------------------------------------------------------------------------------
# The programs: fn(ns, axis, *inputs), ns the cupy, torch or numpy module.

def _is_torch(ns):
    return ns.__name__ == "torch"


def _kw(ns, axis, keepdims=False):
    return {"dim": axis, "keepdim": keepdims} if _is_torch(ns) else {"axis": axis, "keepdims": keepdims}


def cumsum(ns, axis, x):
    return ns.cumsum(x, dim=axis) if _is_torch(ns) else ns.cumsum(x, axis=axis)


def sum_axis(ns, axis, x):
    return x.sum(**_kw(ns, axis))


def sqdist(ns, axis, X, Y):
    return ((X[:, None, :] - Y[None, :, :]) ** 2).sum(-1)


def sqdiff_T(ns, axis, A):
    return ((A - A.T) ** 2).sum()


def sum_T(ns, axis, A):
    return A.T.sum(**_kw(ns, axis))


def standardize(ns, axis, A):
    if _is_torch(ns):
        return (A - A.mean(dim=axis, keepdim=True)) / A.std(dim=axis, keepdim=True, unbiased=False)
    return (A - A.mean(**_kw(ns, axis, True))) / A.std(**_kw(ns, axis, True))


def standardize_np(ns, axis, A):
    """NumPy's spelling of column standardization: (A - A.mean(0)) / A.std(0), no keepdims."""
    if _is_torch(ns):
        return (A - A.mean(dim=axis)) / A.std(dim=axis, unbiased=False)
    return (A - A.mean(**_kw(ns, axis, False))) / A.std(**_kw(ns, axis, False))


def _max(ns, A, axis, keepdims):
    return A.amax(**_kw(ns, axis, keepdims)) if _is_torch(ns) else A.max(**_kw(ns, axis, keepdims))


def logsumexp(ns, axis, A):
    m = _max(ns, A, axis, True)
    return m.squeeze(axis) + ns.log(ns.exp(A - m).sum(**_kw(ns, axis)))


def softmax(ns, axis, A):
    e = ns.exp(A - _max(ns, A, axis, True))
    return e / e.sum(**_kw(ns, axis, True))


def torch_logsumexp(ns, axis, A):
    return ns.logsumexp(A, dim=axis)


def torch_softmax(ns, axis, A):
    return ns.softmax(A, dim=axis)


PROGRAMS = {"cumsum": cumsum, "sum": sum_axis, "sqdist": sqdist, "sqdiff_T": sqdiff_T,
            "sum_T": sum_T, "standardize": standardize, "standardize_np": standardize_np, "logsumexp": logsumexp, "softmax": softmax}
TORCH_EAGER = {"logsumexp": torch_logsumexp, "softmax": torch_softmax}


def make_inputs(B, cell, seed):
    if cell["program"] == "sqdist":
        n, m, d = cell["shape"]
        return (B.rand((n, d), seed), B.rand((m, d), seed + 1))
    return (B.rand(tuple(cell["shape"]), seed),)


def make_fn(peer, B, cell):
    ns, axis = B.ns, cell["axis"]
    fn = TORCH_EAGER.get(cell["program"], PROGRAMS[cell["program"]]) if peer == "torch" \
        else PROGRAMS[cell["program"]]

    def body(*xs):
        return fn(ns, axis, *xs)
    body.__name__ = body.__qualname__ = f"grid_{cell['program']}"
    if peer != "torch_compile":
        return body
    ns._dynamo.reset()
    return ns.compile(body, dynamic=False)


# ----------------------------------------------------------------------------------------------
# Measurement.

class NoRecompile:
    """While timing torch.compile: a guard failure raises instead of recompiling silently."""

    def __init__(self, B, peer):
        self.config = B.ns._dynamo.config if peer == "torch_compile" else None
        self.saved = None

    def __enter__(self):
        if self.config is not None and hasattr(self.config, "error_on_recompile"):
            self.saved = self.config.error_on_recompile
            self.config.error_on_recompile = True

    def __exit__(self, *exc):
        if self.saved is not None:
            self.config.error_on_recompile = self.saved


def time_calls(B, f, xs, args):
    """Median and min ms: a probe call, the warmups and as many reps as fit in the budget."""
    probe = B.time_calls(f, [xs], 1)[0]
    warm = 0 if probe * (args.warmup - 1) > args.budget_ms else args.warmup - 1
    n = max(MIN_REPS, min(args.reps, int(args.budget_ms // max(probe, 1e-3))))
    ms = B.time_calls(f, [xs], warm + n)[warm:]
    return statistics.median(ms), min(ms), n


def measure_peer(peer, B, cell, xs, ref, args, copy_gbps):
    f = make_fn(peer, B, cell)
    t0 = time.perf_counter()
    out = f(*xs)                                  # first call: compiles for torch.compile
    B.sync()
    compile_s = time.perf_counter() - t0
    out_dtype = str(out.dtype)
    err = None if ref is None else rel_l2(B, out, ref)
    del out
    with NoRecompile(B, peer):
        med, lo, n = time_calls(B, f, xs, args)
    rate = cell["bytes"] / (med * 1e-3) / 1e9 if med > 0 else None
    tol = TOL.get(cell["family"], DEFAULT_TOL)
    res = {"median_ms": round(med, 6), "min_ms": round(lo, 6), "reps": n,
           "gbps": None if rate is None else round(rate, 1),
           "frac_of_copy": round(rate / copy_gbps, 3) if rate and copy_gbps else None,
           "rel_err": err if err is None or math.isfinite(err) else None,
           "ok": None if err is None else bool(math.isfinite(err) and err < tol and "float32" in out_dtype)}
    if "float32" not in out_dtype:
        res["out_dtype"] = out_dtype
    if peer == "torch_compile":
        res["compile_s"] = round(compile_s, 3)
    return res


def copy_rate(B, args):
    """GB/s of a device copy of 2^28 float32 (2^(28 + scale) on the CPU), read plus write."""
    n = 1 << (max(10, 28 + args.scale_log2) if args.cpu else 28)
    x, y = B.rand((n,), 1), B.rand((n,), 2)
    ms = B.time_calls(lambda a, b: copy_fn(B.ns, a, b), [(x, y)], args.warmup + args.reps)[args.warmup:]
    del x, y
    B.free()
    return round(2 * n * F32 / (statistics.median(ms) * 1e-3) / 1e9, 1)


# ----------------------------------------------------------------------------------------------
# Driver.

def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--only", default=",".join(FAMILIES), help="comma-separated families")
    p.add_argument("--scale-log2", type=int, default=0, help="2^S of each cell's elements (S <= 0)")
    p.add_argument("--reps", type=int, default=20, help="most timed calls per (cell, peer)")
    p.add_argument("--warmup", type=int, default=3, help="untimed calls before timing, the first included")
    p.add_argument("--budget-ms", type=int, default=2000, help="timed ms per (cell, peer), about")
    p.add_argument("--peers", help="comma-separated peers, from: " + ",".join(GPU_PEERS + CPU_PEERS))
    p.add_argument("--no-check", action="store_true", help="skip the float64 reference")
    p.add_argument("--out", default="bench/out/grid-peers.json", help="the JSON document")
    p.add_argument("--cpu", action="store_true", help="NumPy only, no GPU needed")
    p.add_argument("--dry-run", action="store_true", help="print the cells, run nothing")
    a = p.parse_args(argv)
    if not -24 <= a.scale_log2 <= 0:
        p.error(f"expected --scale-log2 in [-24, 0], got {a.scale_log2}")
    if not 1 <= a.reps <= 1000:
        p.error(f"expected --reps in [1, 1000], got {a.reps}")
    if not 1 <= a.warmup <= 100:
        p.error(f"expected --warmup in [1, 100], got {a.warmup}")
    if not 1 <= a.budget_ms <= 600000:
        p.error(f"expected --budget-ms in [1, 600000], got {a.budget_ms}")
    a.only = [s.strip() for s in a.only.split(",") if s.strip()]
    bad = [s for s in a.only if s not in FAMILIES]
    if bad:
        p.error(f"expected --only families from {','.join(FAMILIES)}, got {','.join(bad)}")
    allowed = CPU_PEERS if a.cpu else GPU_PEERS
    a.peers = [s.strip() for s in a.peers.split(",") if s.strip()] if a.peers else list(allowed)
    bad = [s for s in a.peers if s not in allowed]
    if bad or not a.peers:
        p.error(f"expected --peers from {','.join(allowed)} in {'--cpu' if a.cpu else 'GPU'} mode, "
                f"got {','.join(bad) or 'nothing'}")
    return a


def run_cell(cell, backends, backend_err, args, doc):
    entry = {k: cell[k] for k in ("family", "program", "shape", "axis", "bytes")}
    entry["results"] = res = {}
    for bname, B in backends.items():
        peers = [p for p in args.peers if PEER_BACKEND[p] == bname]
        xs = ref = None
        try:
            xs = make_inputs(B, cell, 16)
            if not args.no_check:
                ref = PROGRAMS[cell["program"]](B.ns, cell["axis"], *[B.to64(x) for x in xs])
            B.sync()
        except Exception as exc:  # noqa: BLE001 - one cell's failure must not stop the grid
            for p in peers:
                res[p] = {"median_ms": None, "error": "building inputs: " + err_text(exc)}
            peers = []
        for p in peers:
            try:
                res[p] = measure_peer(p, B, cell, xs, ref, args, doc["copy_gbps"].get(bname))
            except Exception as exc:  # noqa: BLE001 - guard failures, compile errors, out of memory
                res[p] = {"median_ms": None, "error": err_text(exc)}
                log(traceback.format_exc(limit=4))
            r = res[p]
            log(f"  {cell['id']:30s} {p:14s} " + (first_line(r["error"]) if "error" in r else
                f"{fmt(r['median_ms'], '.4f')} ms  {fmt(r['frac_of_copy'], '.3f')} of copy  "
                f"rel_err {fmt(r['rel_err'], '.1e')}" + ("  WRONG" if r["ok"] is False else "")))
        del xs, ref
        try:
            if bname == "torch":
                B.ns._dynamo.reset()
            B.free()
        except Exception:  # noqa: BLE001
            pass
    for bname, msg in backend_err.items():
        for p in args.peers:
            if PEER_BACKEND[p] == bname:
                res[p] = {"median_ms": None, "error": msg}
    return entry


def main(argv=None):
    args = parse_args(argv)
    cells = grid_cells(args.scale_log2, args.only)
    if args.dry_run:
        import json
        print(json.dumps({"kind": "grid-plan", "impl": "peers", "scale_log2": args.scale_log2,
                          "cells": cells}, indent=1))
        for c in cells:
            log(f"{c['family']:17s} {c['id']:30s} {shape_text(c['shape']):16s} "
                f"{c['bytes'] / 2 ** 20:10.3f} MiB")
        log(f"{len(cells)} cells")
        return 0

    names = sorted({PEER_BACKEND[p] for p in args.peers}, key=["numpy", "cupy", "torch"].index)
    backends, backend_err = {}, {}
    for name in names:
        try:
            backends[name] = BACKEND_CLASSES[name]()
        except Exception as exc:  # noqa: BLE001 - a missing peer must not stop the others
            backend_err[name] = f"backend {name} unavailable: {err_text(exc)}"
    device = next((B.device_name() for B in backends.values()), "unknown")
    doc = {"kind": "grid", "impl": "peers", "device": device, "mode": "cpu" if args.cpu else "gpu",
           "date": datetime.datetime.now(datetime.timezone.utc).isoformat(),
           "scale_log2": args.scale_log2, "reps": args.reps, "warmup": args.warmup,
           "budget_ms": args.budget_ms, "checked": not args.no_check, "peers": args.peers,
           "timing": "events around each call, back to back (perf_counter on the CPU); median",
           "versions": versions(backends), "copy_gbps": {}, "cells": {}}
    for name, B in backends.items():
        try:
            doc["copy_gbps"][name] = copy_rate(B, args)
            log(f"copy ({name}): {doc['copy_gbps'][name]} GB/s")
        except Exception as exc:  # noqa: BLE001
            doc["copy_gbps"][name] = None
            log(f"copy ({name}): {first_line(err_text(exc))}")
    log(f"peers_grid.py: {device}, {len(cells)} cells, peers {','.join(args.peers)}")
    if os.path.dirname(args.out):
        os.makedirs(os.path.dirname(args.out), exist_ok=True)
    for cell in cells:
        doc["cells"][cell["id"]] = run_cell(cell, backends, backend_err, args, doc)
        write_json(doc, args.out)                 # partial results survive a later crash or time-out
    write_json(doc, args.out)
    log(f"written: {args.out}")
    bad = [r for c in doc["cells"].values() for r in c["results"].values()
           if r.get("ok") is False or "error" in r]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
