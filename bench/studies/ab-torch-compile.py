#!/usr/bin/env python3
"""cupyts' generated axpy and chain8 kernels against torch.compile, in one process (issue 3).

  bash bench/studies/sources.sh && python3 bench/studies/ab-torch-compile.py [bench/out/studies]

Launches the generated kernels (full source from `cupyts explain`) through CuPy's RawModule on
PyTorch's tensors, with the launch geometry cupyts uses (read from the source), and
torch.compile's kernels, in 6 interleaved rounds of 30 back-to-back CUDA-event timings. Prints
GB/s per round and the per-round ratio, so a difference smaller than run-to-run noise between
separate calls shows whether it holds in every round.
"""
import os, re, statistics, sys
import cupy as cp, numpy as np, torch

DIR = sys.argv[1] if len(sys.argv) > 1 else "bench/out/studies"
N = 1 << 28
x, y, o = (torch.rand(N, device="cuda") for _ in range(3))
cx, cy, co = cp.asarray(x), cp.asarray(y), cp.asarray(o)


def generated(file, args):
    src = open(os.path.join(DIR, file)).read()
    name = re.search(r"__global__ void __launch_bounds__\((\d+)\) (\w+)\(", src)
    block, fn = int(name.group(1)), name.group(2)
    width = int(re.search(r"const int nv = n / (\d+);", src).group(1))
    per = int(re.search(r"blockDim\.x \* (\d+) \+ threadIdx\.x", src).group(1))
    k = cp.RawModule(code=src).get_function(fn)
    grid = (N + block * width * per - 1) // (block * width * per)
    return lambda: k((grid,), (block,), args)


tc_axpy = torch.compile(lambda a, b: 2 * a + b)
tc_chain = torch.compile(lambda a: torch.exp(torch.sin(1.5 * a + 0.5) * a + torch.cos(a)) - 1)
work = {
    "copy (torch copy_)": (lambda: o.copy_(x), 2),
    "axpy cupyts": (generated("axpy.cu", (cx, cy, co, np.float32(2), np.int32(N), np.int32(1))), 3),
    "axpy torch.compile": (lambda: tc_axpy(x, y), 3),
    "chain8 cupyts": (generated("chain8.cu", (cx, co, np.float32(1.5), np.float32(0.5), np.float32(1), np.int32(N), np.int32(1))), 2),
    "chain8 torch.compile": (lambda: tc_chain(x), 2),
}
work["axpy cupyts"][0](); torch.cuda.synchronize()
assert torch.allclose(o, 2 * x + y), "axpy: wrong result"
work["chain8 cupyts"][0](); torch.cuda.synchronize()
assert torch.allclose(o, torch.exp(torch.sin(1.5 * x + 0.5) * x + torch.cos(x)) - 1, rtol=1e-5, atol=1e-6), "chain8: wrong result"
for f, _ in work.values():
    for _ in range(5):
        f()
rounds = {k: [] for k in work}
for _ in range(6):
    for name, (f, streams) in work.items():
        ev = [(torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)) for _ in range(30)]
        for a, b in ev:
            a.record(); f(); b.record()
        torch.cuda.synchronize()
        rounds[name].append(streams * N * 4 / statistics.median(a.elapsed_time(b) for a, b in ev) / 1e6)
for name, v in rounds.items():
    print(f"{name:22s} {statistics.median(v):7.1f} GB/s  {[round(t, 1) for t in v]}")
for ours, theirs in [("axpy cupyts", "axpy torch.compile"), ("chain8 cupyts", "chain8 torch.compile")]:
    r = [p / q for p, q in zip(rounds[ours], rounds[theirs])]
    print(f"{ours} / {theirs}: median {statistics.median(r):.4f}, rounds {[round(t, 4) for t in r]}")
