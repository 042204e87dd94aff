#!/usr/bin/env python3
"""Peers of bench/linalg.mjs (issue 18): the same rows (the same names) in CuPy and torch.linalg.

  python3 bench/peers_linalg.py [--reps 5] [--n 4096] [--batch 100000] [--peers cupy,torch]
                                [--only a,b] [--out bench/out/linalg-peers.json] [--dry-run]
                                [--backend cuda|cpu]

--backend cpu (bench/linalg.mjs's flag for its CPU backend) makes NumPy the default peer, so the
whole comparison can be checked end to end at a small size without a GPU.
Rows: solve (one right-hand side), cholesky, qr (reduced), svd (full_matrices=False), eigh and
eigvalsh of n x n float64 and float32; eig and eigvals of n/2 x n/2 float64 (torch.linalg.eig;
CuPy 14's cusolverDnXgeev; rows a peer lacks are reported as failed); solve and inv of a batch of
8 x 8 matrices (float32 and float64). Inputs: uniform [0, 1) plus n on the diagonal (well
conditioned), symmetrized ((a + a^T) / 2) for cholesky and eigh. Timing: peers.py's backends (CUDA
events around each call, queued back to back), median after one warmup call; a linalg call
includes everything the library does for it (CuPy and torch check info on the host in places).
--dry-run lists the rows and imports neither library.
"""
import argparse
import datetime
import statistics
import sys

sys.dont_write_bytecode = True                    # importing peers.py leaves no bench/__pycache__
from peers import BACKEND_CLASSES, err_text, log, versions, write_json  # noqa: E402


def rows(n, batch):
    """(name, op, dtype, shape): the rows of bench/linalg.mjs, in its order."""
    out = []
    for dt in ("f64", "f32"):
        for op in ("solve", "cholesky", "qr", "svd", "eigh", "eigvalsh"):
            out.append((f"{op}_{dt}_{n}", op, dt, (n, n)))
    out.append((f"eig_f64_{n // 2}", "eig", "f64", (n // 2, n // 2)))
    out.append((f"eigvals_f64_{n // 2}", "eigvals", "f64", (n // 2, n // 2)))
    for dt in ("f32", "f64"):
        out.append((f"solve_batched_{dt}_{batch}x8x8", "solve_batched", dt, (batch, 8, 8)))
        out.append((f"inv_batched_{dt}_{batch}x8x8", "inv", dt, (batch, 8, 8)))
    return out


SYMMETRIC = ("cholesky", "eigh", "eigvalsh")


def make_input(B, peer, op, dt, shape, seed):
    ns = B.ns
    n = shape[-1]
    if peer == "torch":
        dtype = ns.float64 if dt == "f64" else ns.float32
        g = ns.Generator(device="cuda").manual_seed(seed)
        a = ns.rand(shape, generator=g, device="cuda", dtype=dtype)
        if op in SYMMETRIC:
            a = (a + a.transpose(-1, -2)) / 2
        a = a + n * ns.eye(n, device="cuda", dtype=dtype)
        b = ns.rand(shape[:-1] + (1,), generator=g, device="cuda", dtype=dtype)
        return a, b
    dtype = ns.float64 if dt == "f64" else ns.float32
    rng = ns.random.default_rng(seed)
    a = rng.random(shape, dtype=dtype)
    if op in SYMMETRIC:
        a = (a + ns.swapaxes(a, -1, -2)) / 2
    a = a + n * ns.eye(n, dtype=dtype)
    b = rng.random(shape[:-1] + (1,), dtype=dtype)
    return a, b


def call(peer, op):
    """f(ns, a, b): the library's call for each row kind."""
    if peer == "torch":
        return {
            "solve": lambda ns, a, b: ns.linalg.solve(a, b[:, 0]),
            "cholesky": lambda ns, a, b: ns.linalg.cholesky(a),
            "qr": lambda ns, a, b: ns.linalg.qr(a),
            "svd": lambda ns, a, b: ns.linalg.svd(a, full_matrices=False),
            "eigh": lambda ns, a, b: ns.linalg.eigh(a),
            "eigvalsh": lambda ns, a, b: ns.linalg.eigvalsh(a),
            "eig": lambda ns, a, b: ns.linalg.eig(a),
            "eigvals": lambda ns, a, b: ns.linalg.eigvals(a),
            "solve_batched": lambda ns, a, b: ns.linalg.solve(a, b),
            "inv": lambda ns, a, b: ns.linalg.inv(a),
        }[op]
    return {
        "solve": lambda ns, a, b: ns.linalg.solve(a, b[:, 0]),
        "cholesky": lambda ns, a, b: ns.linalg.cholesky(a),
        "qr": lambda ns, a, b: ns.linalg.qr(a),
        "svd": lambda ns, a, b: ns.linalg.svd(a, full_matrices=False),
        "eigh": lambda ns, a, b: ns.linalg.eigh(a),
        "eigvalsh": lambda ns, a, b: ns.linalg.eigvalsh(a),
        "eig": lambda ns, a, b: ns.linalg.eig(a),
        "eigvals": lambda ns, a, b: ns.linalg.eigvals(a),
        "solve_batched": lambda ns, a, b: ns.linalg.solve(a, b),
        "inv": lambda ns, a, b: ns.linalg.inv(a),
    }[op]


def run_row(B, peer, name, op, dt, shape, reps):
    a, b = make_input(B, peer, op, dt, shape, 18)
    f = call(peer, op)
    f(B.ns, a, b)                                     # warmup (handles, workspaces)
    B.sync()
    ms = B.time_calls(lambda x, y: f(B.ns, x, y), [(a, b)], reps)
    return {"name": name, "median_ms": statistics.median(ms), "min_ms": min(ms)}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--n", type=int, default=4096)
    p.add_argument("--batch", type=int, default=100000)
    p.add_argument("--peers", default=None, help="default: cupy,torch (numpy with --backend cpu)")
    p.add_argument("--backend", choices=("cuda", "cpu"), default="cuda")
    p.add_argument("--only", default="")
    p.add_argument("--out", default="bench/out/linalg-peers.json")
    p.add_argument("--dry-run", action="store_true")
    args = p.parse_args()
    only = [o for o in args.only.split(",") if o]
    selected = [r for r in rows(args.n, args.batch) if not only or any(r[0].startswith(o) for o in only)]
    if args.dry_run:
        for r in selected:
            print(r[0])
        return
    backends, peers = {}, {}
    for peer in (args.peers or ("numpy" if args.backend == "cpu" else "cupy,torch")).split(","):
        try:
            backends[peer] = BACKEND_CLASSES[peer]()
        except Exception as exc:  # noqa: BLE001 - a missing peer is reported, the others still run
            log(f"{peer}: unavailable: {err_text(exc)}")
    doc = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(), "versions": versions(backends),
           "device": next((B.device_name() for B in backends.values()), None), "peers": peers}
    for peer, B in backends.items():
        peers[peer] = []
        for name, op, dt, shape in selected:
            try:
                r = run_row(B, peer, name, op, dt, shape, args.reps)
                log(f"{peer:6} {name:36} {r['median_ms']:10.3f} ms")
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
