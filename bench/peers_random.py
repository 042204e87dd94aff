#!/usr/bin/env python3
"""Peers of bench/random.mjs (issue 23): the same rows (the same names) in CuPy and PyTorch.

  python3 bench/peers_random.py [--reps 20] [--size-log2 26] [--peers cupy,torch] [--only a,b]
                                [--out bench/out/random-peers.json]

Rows: poisson(5), poisson(1000), gamma(0.5), gamma(5), binomial(100, 0.3), 2^26 samples each;
multivariate_normal of 64 dimensions (covariance 0.5^|i-j|), 2^20 vectors. CuPy: its Generator
(cupy.random.default_rng) where it has the method, else the legacy cupy.random function (the
row's "api" says which). PyTorch: torch.distributions (Poisson, Gamma, Binomial,
MultivariateNormal) with parameters as device tensors made before timing; float64 where NumPy's
default is float64 (gamma, multivariate_normal), float32 rates/probabilities for torch's Poisson
and Binomial (what they sample from). Timing: peers.py's backends (CUDA events around each call,
queued back to back), median after one warmup call.
"""
import argparse
import datetime
import statistics
import sys

sys.dont_write_bytecode = True                    # importing peers.py leaves no bench/__pycache__
from peers import BACKEND_CLASSES, err_text, log, versions, write_json  # noqa: E402

DIMS = 64


def cov_matrix(ns, dtype):
    i = ns.arange(DIMS, dtype=dtype)
    return 0.5 ** ns.abs(i[:, None] - i[None, :])


def cupy_call(cp, name, n):
    """(api, f): CuPy's call for a row."""
    g = cp.random.default_rng(1234)
    legacy = cp.random
    if name == "multivariate_normal_64":
        mean = cp.zeros(DIMS)
        cov = cov_matrix(cp, cp.float64)
        return "cupy.random.multivariate_normal(method='cholesky')", lambda: legacy.multivariate_normal(mean, cov, n // DIMS, method="cholesky")
    kind, args = {
        "poisson_lam5": ("poisson", (5.0,)), "poisson_lam1000": ("poisson", (1000.0,)),
        "gamma_shape0.5": ("gamma", (0.5, 1.0)), "gamma_shape5": ("gamma", (5.0, 1.0)),
        "binomial_100_0.3": ("binomial", (100, 0.3)),
    }[name]
    if hasattr(g, kind):
        return f"cupy.random.default_rng().{kind}", lambda: getattr(g, kind)(*args, size=n)
    return f"cupy.random.{kind}", lambda: getattr(legacy, kind)(*args, size=n)


def torch_call(torch, name, n):
    D = torch.distributions
    dev = "cuda"
    if name.startswith("poisson"):
        lam = 5.0 if name == "poisson_lam5" else 1000.0
        d = D.Poisson(torch.full((n,), lam, device=dev))
        return "torch.distributions.Poisson(rate[n]).sample()", d.sample
    if name.startswith("gamma"):
        k = 0.5 if name == "gamma_shape0.5" else 5.0
        d = D.Gamma(torch.full((n,), k, device=dev, dtype=torch.float64), torch.ones((), device=dev, dtype=torch.float64))
        return "torch.distributions.Gamma(k[n], 1).sample() float64", d.sample
    if name == "binomial_100_0.3":
        d = D.Binomial(100, torch.full((n,), 0.3, device=dev))
        return "torch.distributions.Binomial(100, p[n]).sample()", d.sample
    mean = torch.zeros(DIMS, device=dev, dtype=torch.float64)
    d = D.MultivariateNormal(mean, covariance_matrix=cov_matrix(torch, torch.float64).to(dev))
    return "torch.distributions.MultivariateNormal(...).sample((n/64,)) float64", lambda: d.sample((n // DIMS,))


ROWS = ["poisson_lam5", "poisson_lam1000", "gamma_shape0.5", "gamma_shape5", "binomial_100_0.3", "multivariate_normal_64"]


def run_row(B, peer, name, n, reps):
    api, f = (torch_call if peer == "torch" else cupy_call)(B.ns, name, n)
    f()                                                # warmup (and any one-time setup)
    B.sync()
    ms = B.time_calls(lambda: f(), [()], reps)
    return {"name": name, "api": api, "samples": n, "median_ms": statistics.median(ms), "min_ms": min(ms),
            "gsamples_per_s": n / (statistics.median(ms) * 1e-3) / 1e9}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--reps", type=int, default=20)
    p.add_argument("--size-log2", type=int, default=26)
    p.add_argument("--peers", default="cupy,torch")
    p.add_argument("--only", default="")
    p.add_argument("--out", default="bench/out/random-peers.json")
    args, _ = p.parse_known_args()
    only = [o for o in args.only.split(",") if o]
    n = 2 ** args.size_log2
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
        for name in ROWS:
            if only and not any(name.startswith(o) for o in only):
                continue
            try:
                r = run_row(B, peer, name, n, args.reps)
                log(f"{peer:6} {name:26} {r['median_ms']:10.3f} ms  {r['gsamples_per_s']:.2f} Gsamples/s  {r['api']}")
            except Exception as exc:  # noqa: BLE001 - the row is reported as failed, the rest run
                r = {"name": name, "error": err_text(exc)}
                log(f"{peer:6} {name:26} failed: {r['error'][:200]}")
            peers[peer].append(r)
            B.free()
            write_json(doc, args.out)
    write_json(doc, args.out)
    log(f"wrote {args.out}")


if __name__ == "__main__":
    main()
