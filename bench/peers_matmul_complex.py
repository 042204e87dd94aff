#!/usr/bin/env python3
"""Peers of bench/matmul-complex.mjs (issue 18): the same complex GEMM rows in CuPy, PyTorch and torch.compile.

  python3 bench/peers_matmul_complex.py [--reps 20] [--peers cupy,torch,torch_compile] [--only a,b]
                                        [--out bench/out/matmul-complex-peers.json]

Rows (names shared with bench/matmul-complex.mjs):
  cmatmul_c64_4096      complex64  4096 x 4096 @ 4096 x 4096 (cgemm)
  cmatmul_c128_4096     complex128 4096 x 4096 @ 4096 x 4096 (zgemm)
  cmatmul_c64_T_4096    complex64  a.T @ b (a transposed view: read with OP_T, no copy)
  cmatmul_c64_b512x128  complex64  batched (512, 128, 128) @ (512, 128, 128) (strided-batched cgemm)
  vdot_c64_2^24         complex64  vdot of two 2^24-element vectors (conjugated first argument)
Inputs: real and imaginary parts uniform in [0.5, 1.5). TFLOP/s count 8 real flops per complex
multiply-add. Timing: peers.py's backends (CUDA events around each call, calls queued back to
back), median after one warmup call. TF32 stays off (torch.backends.cuda.matmul.allow_tf32 False,
as cupyts's default). Memory is freed between rows. Writes one JSON document (--out) and a line
per row to stderr.
"""
import argparse
import datetime
import os
import statistics
import sys

sys.dont_write_bytecode = True                    # importing peers.py leaves no bench/__pycache__
from peers import BACKEND_CLASSES, err_text, log, make_peer, versions, write_json  # noqa: E402

PEERS = ("cupy", "torch", "torch_compile")
PEER_BACKEND = {"cupy": "cupy", "torch": "torch", "torch_compile": "torch"}


def rows():
    """(name, op, shape of a, shape of b, dtype, flops)."""
    n = 4096
    return [
        ("cmatmul_c64_4096", "matmul", (n, n), (n, n), "complex64", 8 * n ** 3),
        ("cmatmul_c128_4096", "matmul", (n, n), (n, n), "complex128", 8 * n ** 3),
        ("cmatmul_c64_T_4096", "matmul_t", (n, n), (n, n), "complex64", 8 * n ** 3),
        ("cmatmul_c64_b512x128", "matmul", (512, 128, 128), (512, 128, 128), "complex64", 8 * 512 * 128 ** 3),
        ("vdot_c64_2^24", "vdot", (2 ** 24,), (2 ** 24,), "complex64", 8 * 2 ** 24),
    ]


def matmul_fn(ns, a, b):
    return ns.matmul(a, b)


def matmul_t_fn(ns, a, b):
    return ns.matmul(a.T, b)


def vdot_fn(ns, a, b):
    return ns.vdot(a, b)


FNS = {"matmul": matmul_fn, "matmul_t": matmul_t_fn, "vdot": vdot_fn}


def make_complex(B, peer, shape, dtype, seed):
    ns = B.ns
    part = "float32" if dtype == "complex64" else "float64"
    if PEER_BACKEND[peer] == "torch":
        g = ns.Generator(device="cuda").manual_seed(seed)
        re = ns.rand(shape, generator=g, device="cuda", dtype=getattr(ns, part)) + 0.5
        im = ns.rand(shape, generator=g, device="cuda", dtype=getattr(ns, part)) + 0.5
        return ns.complex(re, im)
    rng = ns.random.default_rng(seed)
    re = rng.random(shape, dtype=getattr(ns, part)) + 0.5
    im = rng.random(shape, dtype=getattr(ns, part)) + 0.5
    return (re + 1j * im).astype(dtype)


def run_row(B, peer, row, reps):
    name, op, sa, sb, dtype, flops = row
    a = make_complex(B, peer, sa, dtype, 1)
    b = make_complex(B, peer, sb, dtype, 2)
    f = make_peer(peer, B, FNS[op], f"{op}_{dtype}")
    f(a, b)                                            # warmup (and torch.compile's compile)
    B.sync()
    ms = B.time_calls(f, [(a, b)], reps)
    med = statistics.median(ms)
    return {"name": name, "median_ms": med, "min_ms": min(ms), "tflops": flops / (med * 1e-3) / 1e12}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--reps", type=int, default=20)
    p.add_argument("--peers", default=",".join(PEERS))
    p.add_argument("--only", default="")
    p.add_argument("--out", default="bench/out/matmul-complex-peers.json")
    args, _ = p.parse_known_args()
    only = [o for o in args.only.split(",") if o]
    if os.path.dirname(args.out):
        os.makedirs(os.path.dirname(args.out), exist_ok=True)
    backends, peers = {}, {}
    for peer in args.peers.split(","):
        kind = PEER_BACKEND.get(peer)
        if kind is None:
            log(f"{peer}: unknown peer (expected one of {', '.join(PEERS)})")
            continue
        try:
            backends[peer] = backends.get(kind) or BACKEND_CLASSES[kind]()
        except Exception as exc:  # noqa: BLE001 - a missing peer is reported, the others still run
            log(f"{peer}: unavailable: {err_text(exc)}")
    for B in backends.values():
        if B.name == "torch":
            B.ns.backends.cuda.matmul.allow_tf32 = False
    doc = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(),
           "versions": versions({B.name: B for B in backends.values()}),
           "device": next((B.device_name() for B in backends.values()), None), "peers": peers}
    for peer, B in backends.items():
        peers[peer] = []
        for row in rows():
            if only and not any(row[0].startswith(o) for o in only):
                continue
            try:
                r = run_row(B, peer, row, args.reps)
                log(f"{peer:13} {row[0]:22} {r['median_ms']:10.3f} ms  {r['tflops']:.2f} TFLOP/s")
            except Exception as exc:  # noqa: BLE001 - the row is reported as failed, the rest run
                r = {"name": row[0], "error": err_text(exc)}
                log(f"{peer:13} {row[0]:22} failed: {r['error'][:200]}")
            peers[peer].append(r)
            B.free()
            write_json(doc, args.out)
    write_json(doc, args.out)
    log(f"wrote {args.out}")


if __name__ == "__main__":
    main()
