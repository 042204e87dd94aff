#!/usr/bin/env python3
"""Measure the peers cupyts is compared against (CuPy, cupy.fuse, PyTorch, torch.compile; NumPy on the CPU).

Prints one JSON document to stdout (and writes it to --out FILE), and a short table to stderr.

  python3 bench/peers.py [--size-log2 28] [--reps 50] [--warmup 10] [--out peers.json]
                         [--only copy,axpy,chain8,host] [--peers cupy,torch,...] [--sets N]
                         [--cpu] [--dry-run]

GPU timing: each call is bracketed by a pair of CUDA events on the current stream (no synchronize
between calls); per-call ms -> median, min, GB/s = fewest_bytes / median. When one input set is
smaller than ROTATE_BYTES (about 2.5x the H100's 50 MB L2), calls rotate over several input sets.
Correctness: the output of one call on input set 0 is compared, on its first SUBSAMPLE elements,
with a float64 reference computed by the same library on the GPU (relative L2 error < 1e-5).
--cpu: NumPy only, timed with time.perf_counter per call (default n = 2**22).
--dry-run: validate the arguments and print the plan; imports neither cupy nor torch.

To add a workload, add one Workload(...) entry to WORKLOADS below: a function written once against
an array namespace (numpy / cupy / torch), the fewest-bytes formula, an input builder, the peers it
runs on, and optionally a subsample function (for reductions / matmul, where "first m elements of
the output" needs the matching slice of the inputs).
"""
import argparse
import datetime
import json
import math
import os
import platform
import statistics
import sys
import time
import traceback
from dataclasses import dataclass, field
from typing import Callable, Dict, Tuple

ROTATE_BYTES = 128 << 20     # rotate input sets while one set's traffic is below this (L2 = 50 MB)
MAX_SETS = 16
SUBSAMPLE = 1 << 20          # elements checked against the float64 reference
TOL = 1e-5                   # relative L2 error bound
HOST_N = 1024                # host-overhead size
HOST_CALLS = 2000            # calls per host-overhead trial
HOST_TRIALS = 7

GPU_PEERS = ("cupy", "cupy_fuse", "torch", "torch_compile")
CPU_PEERS = ("numpy",)
PEER_BACKEND = {"cupy": "cupy", "cupy_fuse": "cupy", "torch": "torch", "torch_compile": "torch",
                "numpy": "numpy"}
COMPILED_PEERS = ("cupy_fuse", "torch_compile")   # report first-call time as compile_s


# ----------------------------------------------------------------------------------------------
# Workloads. Each fn takes the array namespace first (numpy, cupy or torch module), then inputs.

def _is_torch(ns):
    return ns.__name__ == "torch"


def copy_fn(ns, x, y):
    if _is_torch(ns):
        return y.copy_(x)
    ns.copyto(y, x)
    return y


def axpy_fn(ns, x, y):
    return 2 * x + y


def chain8_fn(ns, x):
    return ns.exp(ns.sin(1.5 * x + 0.5) * x + ns.cos(x)) - 1


def first_elements(m, out, *inputs):
    """Default subsample for elementwise workloads: the first m elements of output and inputs."""
    return out.reshape(-1)[:m], [a.reshape(-1)[:m] for a in inputs]


@dataclass
class Workload:
    name: str
    fn: Callable                      # fn(ns, *inputs) -> output
    fewest_bytes: Callable[[int], int]
    bytes_formula: str                # human-readable, for the JSON
    make_inputs: Callable             # make_inputs(backend, n, seed) -> tuple of arrays
    peers: Tuple[str, ...]
    subsample: Callable = first_elements
    peer_fns: Dict[str, Callable] = field(default_factory=dict)  # peer -> fn override
    tol: float = TOL                  # bound on the correctness error
    out_dtype: str = "float32"        # the output dtype a correct answer has
    check: Callable = None            # check(B, out, inputs) -> error, instead of the float64 reference
    flops: Callable = None            # flops(n) -> floating-point operations (reported as TFLOP/s)


def _vec_inputs(k):
    return lambda B, n, seed: tuple(B.rand((n,), seed + i) for i in range(k))


# Reductions (issue 4): fixed shapes, independent of --size-log2.
SUM_N = 1 << 28
MAT = 16384      # row and column sums of MAT x MAT
SOFT = 8192      # softmax and normalization over rows of SOFT x SOFT
ROWS_CHECKED = 64


def sum_fn(ns, x):
    return x.sum()


def rowsum_fn(ns, x):
    return x.sum(axis=-1) if not _is_torch(ns) else x.sum(dim=-1)


def colsum_fn(ns, x):
    return x.sum(axis=0) if not _is_torch(ns) else x.sum(dim=0)


def softmax_fn(ns, x):
    if _is_torch(ns):
        e = ns.exp(x - x.amax(dim=-1, keepdim=True))
        return e / e.sum(dim=-1, keepdim=True)
    e = ns.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def normalize_fn(ns, x):
    if _is_torch(ns):
        m = x.mean(dim=-1, keepdim=True)
        v = x.var(dim=-1, keepdim=True, unbiased=False)
        return (x - m) / ns.sqrt(v + 1e-5)
    return (x - x.mean(axis=-1, keepdims=True)) / ns.sqrt(x.var(axis=-1, keepdims=True) + 1e-5)


def torch_softmax(ns, x):
    return ns.softmax(x, dim=-1)


def torch_layer_norm(ns, x):
    return ns.nn.functional.layer_norm(x, (x.shape[-1],), eps=1e-5)


def rows_subsample(m, out, x):
    return out[:ROWS_CHECKED], [x[:ROWS_CHECKED]]


def whole_subsample(m, out, x):
    return out, [x]


def _mat(rows, cols):
    return lambda B, n, seed: (B.rand((rows, cols), seed),)

# matmul, random numbers and a fused reduction of random numbers (bench/matmul-random.mjs is
# the cupyts side). matmul ignores n: 4096 x 4096 @ 4096 x 4096, inputs uniform in [0.5, 1.5).
MATMUL_N = 4096


def matmul_fn(ns, a, b):
    return a @ b


def _matmul_inputs(dtype):
    def make(B, n, seed):
        a, b = B.rand((MATMUL_N, MATMUL_N), seed), B.rand((MATMUL_N, MATMUL_N), seed + 1)
        if dtype == "float16":
            a, b = (x.half() if _is_torch(B.ns) else x.astype(B.ns.float16) for x in (a, b))
        return a, b
    return make


def matmul_rows(m, out, a, b):
    """Subsample of a matmul: the first rows of the output and of a, all of b."""
    rows = max(1, m // out.shape[1])
    return out[:rows], [a[:rows], b]


def standard_normal_fn(ns, n):
    if _is_torch(ns):
        return ns.randn(n, device="cuda", dtype=ns.float32)
    return ns.random.standard_normal(n, dtype=ns.float32)


def normal_sq_sum_fn(ns, n):
    return (standard_normal_fn(ns, n) ** 2).sum()


def normal_check(B, out, inputs):
    """Moments of the first SUBSAMPLE samples: max(|mean|, |std - 1|)."""
    x = B.to64(out.reshape(-1)[:SUBSAMPLE])
    mean = float(x.mean())
    return max(abs(mean), abs(float(((x - mean) ** 2).mean()) ** 0.5 - 1))


def normal_sq_sum_check(n):
    return lambda B, out, inputs: abs(float(out) / n - 1)


# Views (issue 5; bench/views.mjs is the cupyts side): x + x.T and the sum of x[:, ::2], MAT x MAT.
def transpose_add_fn(ns, x):
    return x + x.T


def strided_sum_fn(ns, x):
    return x[:, ::2].sum()


def transpose_add_check(B, out, inputs):
    """The first ROWS_CHECKED rows against a float64 x + x.T."""
    x = inputs[0]
    want = B.to64(x[:ROWS_CHECKED]) + B.to64(x[:, :ROWS_CHECKED]).T
    got = B.to64(out[:ROWS_CHECKED])
    return float(((got - want) ** 2).sum() ** 0.5 / (want ** 2).sum() ** 0.5)


def strided_sum_check(B, out, inputs):
    want = float(B.to64(inputs[0][:, ::2]).sum())
    return abs(float(out) - want) / abs(want)


WORKLOADS: Dict[str, Workload] = {w.name: w for w in [
    Workload("copy", copy_fn, lambda n: 2 * n * 4, "2*n*4", _vec_inputs(2),
             ("cupy", "torch", "numpy")),
    Workload("axpy", axpy_fn, lambda n: 3 * n * 4, "3*n*4", _vec_inputs(2),
             GPU_PEERS + CPU_PEERS),
    Workload("chain8", chain8_fn, lambda n: 2 * n * 4, "2*n*4", _vec_inputs(1),
             GPU_PEERS + CPU_PEERS),
    Workload("sum", sum_fn, lambda n: SUM_N * 4, "2^28*4", lambda B, n, seed: (B.rand((SUM_N,), seed),),
             ("cupy", "torch", "torch_compile"), whole_subsample),
    Workload("rowsum", rowsum_fn, lambda n: MAT * MAT * 4, "16384^2*4", _mat(MAT, MAT),
             ("cupy", "torch", "torch_compile"), rows_subsample),
    Workload("colsum", colsum_fn, lambda n: MAT * MAT * 4, "16384^2*4", _mat(MAT, MAT),
             ("cupy", "torch", "torch_compile"), whole_subsample),
    Workload("softmax", softmax_fn, lambda n: 2 * SOFT * SOFT * 4, "2*8192^2*4", _mat(SOFT, SOFT),
             ("cupy", "torch", "torch_compile"), rows_subsample, {"torch": torch_softmax}),
    Workload("normalize", normalize_fn, lambda n: 2 * SOFT * SOFT * 4, "2*8192^2*4", _mat(SOFT, SOFT),
             ("cupy", "torch", "torch_compile"), rows_subsample, {"torch": torch_layer_norm}),
    Workload("matmul_f32", matmul_fn, lambda n: 3 * MATMUL_N ** 2 * 4, "3*4096^2*4",
             _matmul_inputs("float32"), ("cupy", "torch"), subsample=matmul_rows,
             flops=lambda n: 2 * MATMUL_N ** 3),
    Workload("matmul_f16", matmul_fn, lambda n: 3 * MATMUL_N ** 2 * 2, "3*4096^2*2",
             _matmul_inputs("float16"), ("cupy", "torch"), subsample=matmul_rows, tol=2e-3,
             out_dtype="float16", flops=lambda n: 2 * MATMUL_N ** 3),
    Workload("normal", None, lambda n: n * 4, "n*4 (written)", lambda B, n, seed: (n,),
             ("cupy", "torch"), tol=1e-2, check=normal_check),
    Workload("normal_sq_sum", None, lambda n: n * 4, "n*4 (samples, never stored)",
             lambda B, n, seed: (n,), ("cupy", "torch"), tol=1e-3),
    Workload("transpose_add", transpose_add_fn, lambda n: 2 * MAT * MAT * 4, "2*16384^2*4", _mat(MAT, MAT),
             ("cupy", "torch", "torch_compile"), check=transpose_add_check),
    Workload("strided_sum", strided_sum_fn, lambda n: MAT * MAT // 2 * 4, "16384^2/2*4", _mat(MAT, MAT),
             ("cupy", "torch", "torch_compile"), check=strided_sum_check),
]}
WORKLOADS["normal"].fn = standard_normal_fn
WORKLOADS["normal_sq_sum"].fn = normal_sq_sum_fn
HOST = "host"   # pseudo-workload for --only: host overhead of 2*x + y at n = HOST_N


# ----------------------------------------------------------------------------------------------
# Backends: array creation, float64 conversion, timing, synchronization.

class NumpyBackend:
    name = "numpy"

    def __init__(self):
        import numpy
        self.ns = numpy

    def rand(self, shape, seed):
        a = self.ns.random.default_rng(seed).random(shape, dtype=self.ns.float32)
        a += 0.5                                   # uniform [0.5, 1.5): never zero
        return a

    def to64(self, a):
        return a.astype(self.ns.float64)

    def sync(self):
        pass

    def time_calls(self, f, sets, reps):
        ms = []
        for i in range(reps):
            t0 = time.perf_counter()
            f(*sets[i % len(sets)])
            ms.append((time.perf_counter() - t0) * 1e3)
        return ms

    def free(self):
        pass

    def device_name(self):
        name = platform.processor() or platform.machine()
        try:
            with open("/proc/cpuinfo") as fh:
                for line in fh:
                    if line.startswith("model name"):
                        name = line.split(":", 1)[1].strip()
                        break
        except OSError:
            pass
        return f"CPU: {name} ({os.cpu_count()} logical cores)"

    def versions(self):
        return {"numpy": self.ns.__version__}


class CupyBackend(NumpyBackend):
    name = "cupy"

    def __init__(self):
        import cupy
        self.ns = cupy
        cupy.cuda.runtime.getDeviceCount()        # fail here, not later, if there is no GPU

    def rand(self, shape, seed):
        a = self.ns.random.default_rng(seed).random(shape, dtype=self.ns.float32)
        a += 0.5
        return a

    def sync(self):
        self.ns.cuda.Device().synchronize()

    def time_calls(self, f, sets, reps):
        ev = [(self.ns.cuda.Event(), self.ns.cuda.Event()) for _ in range(reps)]
        self.sync()
        for i, (s, e) in enumerate(ev):
            s.record()
            f(*sets[i % len(sets)])
            e.record()
        ev[-1][1].synchronize()
        return [self.ns.cuda.get_elapsed_time(s, e) for s, e in ev]

    def free(self):
        self.sync()
        self.ns.get_default_memory_pool().free_all_blocks()

    def device_name(self):
        name = self.ns.cuda.runtime.getDeviceProperties(self.ns.cuda.Device().id)["name"]
        return name.decode() if isinstance(name, bytes) else str(name)

    def versions(self):
        rt = self.ns.cuda.runtime
        return {"cupy": self.ns.__version__, "cupy_cuda_runtime": rt.runtimeGetVersion(),
                "cuda_driver": rt.driverGetVersion()}


class TorchBackend(NumpyBackend):
    name = "torch"

    def __init__(self):
        import torch
        if not torch.cuda.is_available():
            raise RuntimeError("torch.cuda.is_available() is False")
        self.ns = torch

    def rand(self, shape, seed):
        g = self.ns.Generator(device="cuda").manual_seed(seed)
        a = self.ns.rand(shape, generator=g, device="cuda", dtype=self.ns.float32)
        return a.add_(0.5)

    def to64(self, a):
        return a.to(self.ns.float64)

    def sync(self):
        self.ns.cuda.synchronize()

    def time_calls(self, f, sets, reps):
        Event = self.ns.cuda.Event
        ev = [(Event(enable_timing=True), Event(enable_timing=True)) for _ in range(reps)]
        self.sync()
        for i, (s, e) in enumerate(ev):
            s.record()
            f(*sets[i % len(sets)])
            e.record()
        ev[-1][1].synchronize()
        return [s.elapsed_time(e) for s, e in ev]

    def free(self):
        self.sync()
        self.ns.cuda.empty_cache()

    def device_name(self):
        return self.ns.cuda.get_device_name()

    def versions(self):
        v = {"torch": self.ns.__version__, "torch_cuda": self.ns.version.cuda}
        try:
            import triton
            v["triton"] = triton.__version__
        except Exception as exc:  # noqa: BLE001 - informational only
            v["triton"] = f"unavailable: {exc}"
        return v


BACKEND_CLASSES = {"numpy": NumpyBackend, "cupy": CupyBackend, "torch": TorchBackend}


def make_peer(peer, B, fn, kernel_name):
    """Build the callable a peer times, from a namespace-generic fn(ns, *inputs)."""
    ns = B.ns

    def body(*args):
        return fn(ns, *args)
    body.__name__ = body.__qualname__ = kernel_name

    if peer in ("cupy", "torch", "numpy"):
        return body
    if peer == "cupy_fuse":
        return ns.fuse(kernel_name=kernel_name)(body)
    if peer == "torch_compile":
        ns._dynamo.reset()        # body's code object is shared: start each compile afresh
        return ns.compile(body)   # mode default
    raise ValueError(f"unknown peer {peer}")


# ----------------------------------------------------------------------------------------------
# Measurement.

def err_text(exc):
    return f"{type(exc).__name__}: {exc}".strip()[:2000]


def first_line(text, width=100):
    return (text.splitlines() or [""])[0][:width]


def rel_l2(B, out, ref):
    d = B.to64(out) - ref
    num = float((d * d).sum()) ** 0.5
    den = float((ref * ref).sum()) ** 0.5
    return num / den if den > 0 else num


def n_sets(wl, n, forced):
    if forced:
        return forced
    per_set = wl.fewest_bytes(n)
    return 1 if per_set >= ROTATE_BYTES else min(MAX_SETS, max(2, math.ceil(ROTATE_BYTES / per_set)))


def measure_peer(peer, B, wl, sets, n, args):
    f = make_peer(peer, B, wl.peer_fns.get(peer, wl.fn), wl.name)
    t0 = time.perf_counter()
    f(*sets[0])                                   # first call: compiles for fuse / torch.compile
    B.sync()
    compile_s = time.perf_counter() - t0
    for i in range(args.warmup):
        f(*sets[i % len(sets)])
    B.sync()

    out = f(*sets[0])                             # correctness on set 0, outside the timing
    B.sync()
    out_dtype = str(out.dtype)
    check = normal_sq_sum_check(n) if wl.name == "normal_sq_sum" else wl.check
    if check is not None:
        err = check(B, out, sets[0])
    else:
        out_sub, in_sub = wl.subsample(SUBSAMPLE, out, *sets[0])
        ref = wl.fn(B.ns, *[B.to64(a) for a in in_sub])
        err = rel_l2(B, out_sub, ref)
        del out_sub, in_sub, ref
    del out

    ms = B.time_calls(f, sets, args.reps)
    med = statistics.median(ms)
    res = {"median_ms": round(med, 6), "min_ms": round(min(ms), 6),
           "gbps": round(wl.fewest_bytes(n) / (med * 1e-3) / 1e9, 3) if med > 0 else None,
           "rel_err": err if math.isfinite(err) else None,
           "ok": bool(math.isfinite(err) and err < wl.tol and wl.out_dtype in out_dtype)}
    if wl.flops is not None and med > 0:
        res["tflops"] = round(wl.flops(n) / (med * 1e-3) / 1e12, 3)
    if wl.out_dtype not in out_dtype:
        res["out_dtype"] = out_dtype
    if peer in COMPILED_PEERS:
        res["compile_s"] = round(compile_s, 4)
    return res


def host_overhead(peer, B):
    """Median over trials of wall us per call of 2*x + y at n = HOST_N (loop, then one sync)."""
    x, y = B.rand((HOST_N,), 11), B.rand((HOST_N,), 12)
    f = make_peer(peer, B, axpy_fn, "axpy_host")
    t0 = time.perf_counter()
    f(x, y)
    B.sync()
    first_s = time.perf_counter() - t0
    for _ in range(200):
        f(x, y)
    B.sync()
    per_call = []
    for _ in range(HOST_TRIALS):
        t0 = time.perf_counter_ns()
        for _ in range(HOST_CALLS):
            f(x, y)
        B.sync()
        per_call.append((time.perf_counter_ns() - t0) / HOST_CALLS / 1e3)
    return statistics.median(per_call), first_s


# ----------------------------------------------------------------------------------------------
# Driver.

def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--size-log2", type=int, default=None,
                   help="n = 2**SIZE_LOG2 float32 elements (default 28; 22 with --cpu)")
    p.add_argument("--reps", type=int, default=50, help="timed calls per (workload, peer)")
    p.add_argument("--warmup", type=int, default=10, help="untimed calls before timing")
    p.add_argument("--out", help="also write the JSON document to this file")
    p.add_argument("--only", help="comma-separated workloads, from: "
                   + ",".join(list(WORKLOADS) + [HOST]))
    p.add_argument("--peers", help="comma-separated peers, from: " + ",".join(GPU_PEERS + CPU_PEERS))
    p.add_argument("--sets", type=int, default=0,
                   help="input sets to rotate over (default: auto, 1 when n >= ~2**24)")
    p.add_argument("--cpu", action="store_true", help="NumPy-only mode, no GPU needed")
    p.add_argument("--dry-run", action="store_true",
                   help="validate arguments, print the plan, import neither cupy nor torch")
    a = p.parse_args(argv)

    if a.size_log2 is None:
        a.size_log2 = 22 if a.cpu else 28
    if not 4 <= a.size_log2 <= 31:
        p.error("--size-log2 must be in [4, 31]")
    if a.reps < 1:
        p.error("--reps must be >= 1")
    if a.warmup < 0:
        p.error("--warmup must be >= 0")
    if not 0 <= a.sets <= 64:
        p.error("--sets must be in [0, 64] (0 = auto)")
    a.n = 1 << a.size_log2

    names = list(WORKLOADS) + [HOST]
    a.only = [s.strip() for s in a.only.split(",") if s.strip()] if a.only else names
    bad = [s for s in a.only if s not in names]
    if bad:
        p.error(f"unknown workload(s) {bad}; known: {names}")
    allowed = CPU_PEERS if a.cpu else GPU_PEERS
    a.peers = [s.strip() for s in a.peers.split(",") if s.strip()] if a.peers else list(allowed)
    bad = [s for s in a.peers if s not in allowed]
    if bad:
        p.error(f"peer(s) {bad} not available in {'--cpu' if a.cpu else 'GPU'} mode; "
                f"choose from {list(allowed)}")
    if not a.peers:
        p.error("--peers selects nothing")
    return a


def plan(a):
    wls = {}
    for name in a.only:
        if name == HOST:
            continue
        wl = WORKLOADS[name]
        peers = [p for p in wl.peers if p in a.peers]
        if peers:
            wls[name] = {"peers": peers, "fewest_bytes": wl.fewest_bytes(a.n),
                         "bytes_formula": wl.bytes_formula, "input_sets": n_sets(wl, a.n, a.sets)}
    host = [p for p in WORKLOADS["axpy"].peers if p in a.peers] if HOST in a.only else []
    return {"mode": "cpu" if a.cpu else "gpu", "n": a.n, "size_log2": a.size_log2,
            "dtype": "float32", "reps": a.reps, "warmup": a.warmup, "subsample": SUBSAMPLE,
            "tolerance": TOL, "workloads": wls,
            "host_overhead": {"peers": host, "n": HOST_N, "calls": HOST_CALLS,
                              "trials": HOST_TRIALS} if host else None}


def get_backends(names):
    backends, errors = {}, {}
    for name in names:
        try:
            backends[name] = BACKEND_CLASSES[name]()
        except Exception as exc:  # noqa: BLE001 - a missing peer must not stop the others
            errors[name] = f"backend {name} unavailable: {err_text(exc)}"
    return backends, errors


def versions(backends):
    import numpy
    v = {"python": platform.python_version(), "numpy": numpy.__version__}
    for B in backends.values():
        try:
            v.update(B.versions())
        except Exception as exc:  # noqa: BLE001
            v[B.name + "_versions_error"] = err_text(exc)
    if "cuda_driver" not in v and set(backends) - {"numpy"}:
        try:                                      # no cupy: ask the driver directly
            import ctypes
            ver = ctypes.c_int()
            ctypes.CDLL("libcuda.so.1").cuDriverGetVersion(ctypes.byref(ver))
            v["cuda_driver"] = ver.value
        except Exception as exc:  # noqa: BLE001
            v["cuda_driver"] = f"unknown: {err_text(exc)}"
    return v


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def write_json(doc, path):
    if path:
        tmp = path + ".tmp"
        with open(tmp, "w") as fh:
            json.dump(doc, fh, indent=1)
            fh.write("\n")
        os.replace(tmp, path)


def run(a):
    pl = plan(a)
    backend_names = sorted({PEER_BACKEND[p] for p in a.peers}, key=["numpy", "cupy", "torch"].index)
    backends, backend_err = get_backends(backend_names)
    device = next((B.device_name() for B in backends.values()), "unknown")
    doc = {"device": device, "date": datetime.datetime.now(datetime.timezone.utc).isoformat(),
           "mode": pl["mode"], "n": a.n, "size_log2": a.size_log2, "dtype": "float32",
           "reps": a.reps, "warmup": a.warmup,
           "workloads": {k: {kk: v[kk] for kk in ("fewest_bytes", "bytes_formula", "input_sets")}
                         for k, v in pl["workloads"].items()},
           "results": {}, "host_us_per_call": {}, "versions": versions(backends)}
    log(f"peers.py: {device}, n = 2**{a.size_log2} = {a.n}, reps {a.reps}, warmup {a.warmup}")

    for name, wp in pl["workloads"].items():
        wl, res = WORKLOADS[name], {}
        doc["results"][name] = res
        for bname in backend_names:
            peers = [p for p in wp["peers"] if PEER_BACKEND[p] == bname]
            if not peers:
                continue
            if bname not in backends:
                for p in peers:
                    res[p] = {"error": backend_err[bname]}
                continue
            B = backends[bname]
            try:
                sets = [wl.make_inputs(B, a.n, 1000 * s + 1) for s in range(wp["input_sets"])]
                B.sync()
            except Exception as exc:  # noqa: BLE001
                for p in peers:
                    res[p] = {"error": "building inputs: " + err_text(exc)}
                continue
            for p in peers:
                try:
                    res[p] = measure_peer(p, B, wl, sets, a.n, a)
                except Exception as exc:  # noqa: BLE001
                    res[p] = {"error": err_text(exc)}
                    log(traceback.format_exc(limit=4))
                r = res[p]
                log(f"  {name:8s} {p:14s} " + (first_line(r["error"]) if "error" in r else
                    f"median {fmt(r['median_ms'], '.4f')} ms  {fmt(r['gbps'], '.1f')} GB/s  "
                    f"rel_err {fmt(r['rel_err'], '.1e')}" + ("" if r["ok"] else "  WRONG")))
            del sets
            try:
                B.free()
            except Exception:  # noqa: BLE001
                pass
        write_json(doc, a.out)   # partial results survive a later crash or time-out

    if pl["host_overhead"]:
        for p in pl["host_overhead"]["peers"]:
            bname = PEER_BACKEND[p]
            if bname not in backends:
                doc["host_us_per_call"][p] = {"error": backend_err[bname]}
                continue
            try:
                us, first_s = host_overhead(p, backends[bname])
                doc["host_us_per_call"][p] = round(us, 3)
                if p in COMPILED_PEERS:
                    doc.setdefault("host_compile_s", {})[p] = round(first_s, 4)
                log(f"  host     {p:14s} {us:.2f} us/call")
            except Exception as exc:  # noqa: BLE001
                doc["host_us_per_call"][p] = {"error": err_text(exc)}
                log(f"  host     {p:14s} {first_line(err_text(exc))}")

    doc["all_ok"] = all(r.get("ok", False) for w in doc["results"].values() for r in w.values())
    return doc


def fmt(v, spec):
    return "-" if v is None else format(v, spec)


def table(doc):
    rows = [("workload", "peer", "median ms", "min ms", "GB/s", "rel_err", "note")]
    for wname, w in doc["results"].items():
        for p, r in w.items():
            if "error" in r:
                rows.append((wname, p, "-", "-", "-", "-", first_line(r["error"], 60)))
                continue
            note = f"compile {r['compile_s']:.2f} s" if "compile_s" in r else ""
            if not r.get("ok"):
                note = ("WRONG " + note).strip()
            rows.append((wname, p, fmt(r["median_ms"], ".4f"), fmt(r["min_ms"], ".4f"),
                         fmt(r["gbps"], ".1f"), fmt(r["rel_err"], ".1e"), note))
    for p, us in doc["host_us_per_call"].items():
        rows.append(("host", p, "-", "-", "-", "-",
                     f"{us:.2f} us/call (n={HOST_N})" if isinstance(us, float) else first_line(us["error"], 60)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows)


def main(argv=None):
    a = parse_args(argv)
    if a.dry_run:
        pl = plan(a)
        pl["dry_run"] = True
        print(json.dumps(pl, indent=1))
        log(f"plan: {pl['mode']} mode, n = 2**{a.size_log2} = {a.n}, reps {a.reps}, warmup {a.warmup}")
        for name, w in pl["workloads"].items():
            log(f"  {name:8s} peers {','.join(w['peers'])}; fewest bytes {w['bytes_formula']} = "
                f"{w['fewest_bytes']}; input sets {w['input_sets']}")
        if pl["host_overhead"]:
            log(f"  host     peers {','.join(pl['host_overhead']['peers'])}; 2*x + y, n = {HOST_N}")
        return 0
    doc = run(a)
    text = json.dumps(doc, indent=1)
    print(text)
    write_json(doc, a.out)
    log("")
    log(table(doc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
