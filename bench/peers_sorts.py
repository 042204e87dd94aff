#!/usr/bin/env python3
"""Peers of bench/sorts.mjs (issue 17): the same rows (the same names) in CuPy (CUB) and PyTorch.

  python3 bench/peers_sorts.py [--reps 5] [--scale-log2 0] [--peers cupy,torch] [--only a,b]
                               [--out bench/out/sorts-peers.json]

Rows: sort/argsort of 1-D float32 (2^24, 2^26, 2^28) and int64 (2^25, 2^27); sort along the last
axis of float32 matrices; unique with counts of int32; median along the last axis (torch.median is
the lower median: its closest op); histogram into 256 bins over [0, 1) (torch.histc); bincount of
int32 values in [0, 256); searchsorted
of float32 queries into a sorted 2^24 table; then bench/sorts.mjs's grid (sorts of 2^10..2^22 keys,
unique with counts at 2^10..2^26 with few, n/16 and mostly distinct values, unique_all,
searchsorted into tables of 2^10..2^26, flatnonzero of sparse and dense masks); partition and
argpartition (1-D float32 2^24 and 2^26 with kth n - 100 and n / 2; float32 rows 4096x65536,
16384x4096, 65536x1024 with kth 15 and length / 2): CuPy's cupy.partition / cupy.argpartition;
PyTorch has no partition, so its closest op, named in each row's "note": torch.topk(k + 1,
largest=False, sorted=False) for a small kth, torch.topk(n - kth, largest=True, sorted=False)
for a kth near the end, torch.kthvalue(kth + 1) at the middle (these return only the selected
elements, less to write). Stable sorts where the library offers them
(torch.sort(stable=True); CuPy's sorts are CUB radix sorts, stable). Timing: peers.py's backends
(CUDA events around each call, calls queued back to back), median after one warmup call.
Memory is freed between rows. Writes one JSON document (--out) and a line per row to stderr.
"""
import argparse
import datetime
import statistics
import sys

sys.dont_write_bytecode = True                    # importing peers.py leaves no bench/__pycache__
from peers import BACKEND_CLASSES, err_text, log, versions, write_json  # noqa: E402


DISTINCT = {"d256": lambda count: 256, "d16": lambda count: max(1, count // 16), "all": lambda count: 2 ** 30}


def make_values(B, peer, kind, shape, seed):
    """kind "vals:<dt>:<distinct>": bench/sorts.mjs's valuesOf (i32, f32, i64 with about distinct(n) values)."""
    ns = B.ns
    _, dt, distinct = kind.split(":")
    if dt == "f32" and distinct == "all":
        return make_inputs(B, peer, "f32", shape, seed)
    high = DISTINCT[distinct](shape[0])
    if peer == "torch":
        g = ns.Generator(device="cuda").manual_seed(seed)
        x = ns.randint(0, high, shape, generator=g, device="cuda", dtype=ns.int64 if dt == "i64" else ns.int32)
        return x.to(ns.float32) if dt == "f32" else x
    x = ns.random.default_rng(seed).integers(0, high, shape, dtype=ns.int64 if dt == "i64" else ns.int32)
    return x.astype(ns.float32) if dt == "f32" else x


def make_inputs(B, peer, kind, shape, seed):
    ns = B.ns
    if kind.startswith("vals:"):
        return make_values(B, peer, kind, shape, seed)
    if peer == "torch":
        g = ns.Generator(device="cuda").manual_seed(seed)
        if kind == "f32":
            return ns.rand(shape, generator=g, device="cuda", dtype=ns.float32)
        if kind == "i64":
            return ns.randint(-(2 ** 62), 2 ** 62, shape, generator=g, device="cuda", dtype=ns.int64)
        if kind == "u8v":
            return ns.randint(0, 256, shape, generator=g, device="cuda", dtype=ns.int32)
        return ns.randint(0, 2 ** 20, shape, generator=g, device="cuda", dtype=ns.int32)
    rng = ns.random.default_rng(seed)
    if kind == "f32":
        return rng.random(shape, dtype=ns.float32)
    if kind == "i64":
        return rng.integers(-(2 ** 62), 2 ** 62, shape, dtype=ns.int64)
    if kind == "u8v":
        return rng.integers(0, 256, shape, dtype=ns.int32)
    return rng.integers(0, 2 ** 20, shape, dtype=ns.int32)


TOPK_MAX = 1024


def torch_select(ns, a, kth, want):
    """PyTorch's closest op to a partition around kth along the last axis (see select_note)."""
    n = a.shape[-1]
    if kth < TOPK_MAX:
        r = ns.topk(a, kth + 1, dim=-1, largest=False, sorted=False)
    elif n - kth <= TOPK_MAX:
        r = ns.topk(a, n - kth, dim=-1, largest=True, sorted=False)
    else:
        r = ns.kthvalue(a, kth + 1, dim=-1)
    return r.values if want == "values" else r.indices


def select_note(peer, op, n, kth):
    """The call a partition row makes in `peer`."""
    if peer != "torch":
        return f"cupy.{op}(a, {kth}, axis=-1)"
    if kth < TOPK_MAX:
        return f"torch.topk(a, {kth + 1}, largest=False, sorted=False)"
    if n - kth <= TOPK_MAX:
        return f"torch.topk(a, {n - kth}, largest=True, sorted=False)"
    return f"torch.kthvalue(a, {kth + 1})"


def topk_note(peer, op, k):
    """The call a top-k row makes in `peer` (PyTorch's topk; NumPy's spelling in CuPy)."""
    if peer == "torch":
        return f"torch.topk(a, {k}, largest={op == 'sorted_tail'}, sorted={op == 'sorted_tail'})"
    return f"cupy.argpartition(a, {k - 1}, axis=-1)[..., :{k}]" if op == "topk" else f"cupy.sort(a, axis=-1)[..., -{k}:]"


def ops(peer):
    """name -> f(ns, *inputs): the library's call for each row kind ("partition:<kth>" takes its kth)."""
    if peer == "torch":
        return {
            "sort": lambda ns, a: ns.sort(a, stable=True).values,
            "argsort": lambda ns, a: ns.argsort(a, stable=True),
            "sort_rows": lambda ns, a: ns.sort(a, dim=-1, stable=True).values,
            "unique_counts": lambda ns, a: ns.unique(a, return_counts=True)[1],
            "median_rows": lambda ns, a: ns.median(a, dim=-1).values,
            "histogram256": lambda ns, a: ns.histc(a, bins=256, min=0.0, max=1.0),
            "bincount256": lambda ns, a: ns.bincount(a, minlength=256),
            "searchsorted": lambda ns, t, q: ns.searchsorted(t, q),
            "unique_all": lambda ns, a: ns.unique(a, return_inverse=True, return_counts=True)[2],
            "flatnonzero_p1": lambda ns, a: ns.nonzero((a < 0.01).flatten()).flatten(),
            "flatnonzero_p50": lambda ns, a: ns.nonzero((a < 0.5).flatten()).flatten(),
            "partition": lambda ns, a, kth: torch_select(ns, a, kth, "values"),
            "argpartition": lambda ns, a, kth: torch_select(ns, a, kth, "indices"),
            "topk": lambda ns, a, k: ns.topk(a, k, dim=-1, largest=False, sorted=False).indices,
            "sorted_tail": lambda ns, a, k: ns.topk(a, k, dim=-1, largest=True, sorted=True).values,
        }
    return {
        "sort": lambda ns, a: ns.sort(a),
        "argsort": lambda ns, a: ns.argsort(a),
        "sort_rows": lambda ns, a: ns.sort(a, axis=-1),
        "unique_counts": lambda ns, a: ns.unique(a, return_counts=True)[1],
        "median_rows": lambda ns, a: ns.median(a, axis=-1),
        "histogram256": lambda ns, a: ns.histogram(a, 256, range=(0.0, 1.0))[0],
        "bincount256": lambda ns, a: ns.bincount(a, minlength=256),
        "searchsorted": lambda ns, t, q: ns.searchsorted(t, q),
        "unique_all": lambda ns, a: ns.unique(a, return_index=True, return_inverse=True, return_counts=True)[3],
        "flatnonzero_p1": lambda ns, a: ns.flatnonzero(a < 0.01),
        "flatnonzero_p50": lambda ns, a: ns.flatnonzero(a < 0.5),
        "partition": lambda ns, a, kth: ns.partition(a, kth, axis=-1),
        "argpartition": lambda ns, a, kth: ns.argpartition(a, kth, axis=-1),
        "topk": lambda ns, a, k: ns.argpartition(a, k - 1, axis=-1)[..., :k],
        "sorted_tail": lambda ns, a, k: ns.sort(a, axis=-1)[..., -k:],
    }


def rows(scale):
    """(name, op, [(kind, shape)], keys): the rows of bench/sorts.mjs, in its order."""
    n = lambda x: max(1, int(x * scale))  # noqa: E731
    out = []
    for lg in (24, 26):
        size = n(2 ** lg)
        for kname, kth in (("k-100", size - 100), ("kmid", size // 2)):
            for op in ("partition", "argpartition"):
                out.append((f"{op}_f32_2^{lg}_{kname}", f"{op}:{kth}", [("f32", (size,))]))
    for r, c in ((4096, 65536), (16384, 4096), (65536, 1024), (2 ** 17, 512), (2 ** 18, 256), (2 ** 20, 64), (2 ** 22, 16)):
        for kname, kth in (("k15", 15), ("kmid", c // 2)):
            for op in ("partition", "argpartition"):
                out.append((f"{op}_rows_f32_{r}x{c}_{kname}", f"{op}:{kth}", [("f32", (n(r), c))]))
    for shape in ((n(2 ** 24),), (n(2 ** 26),), (512, n(500000)), (n(16384), 4096), (n(65536), 1024), (n(2 ** 17), 512), (n(2 ** 18), 256),
                  (n(2 ** 19), 128), (n(2 ** 20), 64)):
        label = f"2^{shape[0].bit_length() - 1}" if len(shape) == 1 else f"rows_{shape[0]}x{shape[1]}"
        for k in (1, 8, 32):
            if k * 4 > shape[-1]:
                continue
            out.append((f"topk_f32_{label}_k{k}", f"topk:{k}", [("f32", shape)]))
            if k == 8:
                out.append((f"sorted_tail_f32_{label}_k{k}", f"sorted_tail:{k}", [("f32", shape)]))
    for lg in (24, 26, 28):
        out += [(f"sort_f32_2^{lg}", "sort", [("f32", (n(2 ** lg),))]), (f"argsort_f32_2^{lg}", "argsort", [("f32", (n(2 ** lg),))])]
    for lg in (25, 27):
        out += [(f"sort_i64_2^{lg}", "sort", [("i64", (n(2 ** lg),))]), (f"argsort_i64_2^{lg}", "argsort", [("i64", (n(2 ** lg),))])]
    for r, c in ((2 ** 23, 32), (2 ** 22, 64), (2 ** 21, 128), (2 ** 20, 256), (2 ** 19, 512), (2 ** 18, 1024), (2 ** 17, 2048), (2 ** 16, 4096), (2 ** 14, 16384), (2 ** 12, 65536)):
        out.append((f"sort_rows_f32_{r}x{c}", "sort_rows", [("f32", (n(r), c))]))
    for lg in (24, 26):
        out.append((f"unique_counts_i32_2^{lg}", "unique_counts", [("i32", (n(2 ** lg),))]))
    for r, c in ((8192, 8192), (16384, 4096)):
        out.append((f"median_rows_f32_{r}x{c}", "median_rows", [("f32", (n(r), c))]))
    for lg in (26, 28):
        out.append((f"histogram256_f32_2^{lg}", "histogram256", [("f32", (n(2 ** lg),))]))
    for lg in (26, 28):
        out.append((f"bincount256_i32_2^{lg}", "bincount256", [("u8v", (n(2 ** lg),))]))
    for lg in (22, 24):
        out.append((f"searchsorted_f32_2^{lg}", "searchsorted", [("sorted_f32", (n(2 ** 24),)), ("f32", (n(2 ** lg),))]))
    # The grid of bench/sorts.mjs (torch's unique_all row has no first indices: torch.unique has none).
    for lg in (10, 14, 18, 22):
        for dt in ("i32", "f32", "i64"):
            out.append((f"sort_{dt}_2^{lg}", "sort", [(f"vals:{dt}:all", (n(2 ** lg),))]))
    for lg in (10, 14, 18, 22, 24, 26):
        for dt in ("i32", "f32", "i64"):
            for distinct in DISTINCT:
                spec = [(f"vals:{dt}:{distinct}", (n(2 ** lg),))]
                out.append((f"unique_counts_{dt}_{distinct}_2^{lg}", "unique_counts", spec))
                if lg >= 22 and dt != "f32":
                    out.append((f"unique_all_{dt}_{distinct}_2^{lg}", "unique_all", spec))
    for lg in (10, 14, 18, 22, 26):
        out.append((f"searchsorted_f32_t2^{lg}_q2^22", "searchsorted", [("sorted_f32", (n(2 ** lg),)), ("f32", (n(2 ** 22),))]))
    for lg in (22, 26):
        for pct in (1, 50):
            out.append((f"flatnonzero_p{pct}_f32_2^{lg}", f"flatnonzero_p{pct}", [("f32", (n(2 ** lg),))]))
    return out


def run_row(B, peer, name, op, specs, reps):
    inputs = []
    for i, (kind, shape) in enumerate(specs):
        x = make_inputs(B, peer, "f32" if kind == "sorted_f32" else kind, shape, 17 + i)
        if kind == "sorted_f32":
            x = ops(peer)["sort"](B.ns, x)
        inputs.append(x)
    op, _, kth = op.partition(":")
    f = ops(peer)[op]
    note = None
    if kth:
        g, kth = f, int(kth)
        f = lambda ns, *a: g(ns, *a, kth)  # noqa: E731
        note = select_note(peer, op, specs[-1][1][-1], kth) if op in ("partition", "argpartition") else topk_note(peer, op, kth)
    f(B.ns, *inputs)                                   # warmup (and any one-time setup)
    B.sync()
    ms = B.time_calls(lambda *a: f(B.ns, *a), [inputs], reps)
    keys = 1
    for d in specs[-1][1]:
        keys *= d
    out = {"name": name, "keys": keys, "median_ms": statistics.median(ms), "min_ms": min(ms),
           "gkeys_per_s": keys / (statistics.median(ms) * 1e-3) / 1e9}
    if note:
        out["note"] = note
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--scale-log2", type=int, default=0)
    p.add_argument("--peers", default="cupy,torch")
    p.add_argument("--only", default="")
    p.add_argument("--out", default="bench/out/sorts-peers.json")
    args = p.parse_args()
    only = [o for o in args.only.split(",") if o]
    backends, peers = {}, {}
    for peer in args.peers.split(","):
        try:
            backends[peer] = BACKEND_CLASSES[peer]()
        except Exception as exc:  # noqa: BLE001 - a missing peer is reported, the others still run
            log(f"{peer}: unavailable: {err_text(exc)}")
    doc = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(), "versions": versions(backends),
           "device": next((B.device_name() for B in backends.values()), None), "peers": peers}
    for peer, B in backends.items():
        peers[peer] = []
        for name, op, specs in rows(2.0 ** args.scale_log2):
            if only and not any(name.startswith(o) for o in only):
                continue
            try:
                r = run_row(B, peer, name, op, specs, args.reps)
                log(f"{peer:6} {name:36} {r['median_ms']:10.3f} ms  {r['gkeys_per_s']:.3f} Gkeys/s")
            except Exception as exc:  # noqa: BLE001 - the row is reported as failed, the rest run
                r = {"name": name, "error": err_text(exc)}
                log(f"{peer:6} {name:36} failed: {r['error'][:200]}")
            peers[peer].append(r)
            B.free()
            write_json(doc, args.out)
    write_json(doc, args.out)
    log(f"wrote {args.out}")


if __name__ == "__main__":
    main()
