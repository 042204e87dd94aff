#!/usr/bin/env python3
"""The peers of bench/workloads.mjs (issue 25): the gallery's programs in CuPy, PyTorch and torch.compile.

  python3 bench/peers_workloads.py [--data bench/out/workloads-data] [--only kmeans,pca,...]
                                   [--peers cupy,torch,torch_compile] [--reps 10] [--warmup 30]
                                   [--budget-ms 3000] [--timeout-s 150]
                                   [--out bench/out/workloads-peers.json] [--cpu]

Every peer computes on the inputs bench/workloads.mjs saved (DATA/manifest.json and the .npy
files beside it), so all libraries see the same numbers, and its outputs are compared with the
outputs cupyts computed (the gallery's rtol/atol; "agree" is the fraction of elements within it).
The peers:
  cupy           the NumPy twin examples/<name>.py, run(xp, inputs) with xp = cupy;
  torch          the PyTorch twin in bench/workloads_torch.py, eager;
  torch_compile  the same twin through torch.compile (dynamic=False, compiled afresh per program),
                 where workloads_torch.COMPILE lists the program;
  numpy          (--cpu) the NumPy twin with xp = numpy; torch runs on the CPU there.
A peer whose library cannot be imported (or has no GPU) is reported for each program as
unavailable, with the reason, and the others go on. The peers run one after the other, each over
every program, torch.compile last.

Timing: wall time per run as a user pays it: the device synchronized, the call, the device
synchronized again (time.perf_counter around it). The first run is timed alone (CuPy compiles its
kernels, torch.compile traces and compiles); then a probe run, the warmups (--warmup, as many as fit
in --budget-ms, as bench/workloads.mjs does) and as many runs as fit
in --budget-ms (at least 3, at most --reps); median and min. --timeout-s bounds each (program,
peer) (SIGALRM): a peer that overruns it is reported as timed out and the next one starts. The
JSON is written after each program, so a run cut short keeps the programs it finished.
"""
import argparse
import datetime
import importlib.util
import json
import os
import signal
import statistics
import sys
import time
import traceback

import numpy

sys.dont_write_bytecode = True                    # importing peers.py leaves no bench/__pycache__
from peers import err_text, first_line, fmt, log, versions, write_json  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MIN_REPS = 3
GPU_PEERS = ("cupy", "torch", "torch_compile")
CPU_PEERS = ("numpy", "torch")


# ----------------------------------------------------------------------------------------------
# The libraries: each turns NumPy inputs into its arrays, runs a program, waits, and gives NumPy back.

class Unavailable(Exception):
    """A library that cannot run here (not installed, no GPU, no torch.compile)."""


class NumpyLib:
    name = "numpy"

    def __init__(self, cpu):
        self.ns = numpy

    def put(self, a):
        return a

    def get(self, x):
        return self.ns.asarray(x)

    def sync(self):
        pass

    def free(self):
        pass

    def device_name(self):
        return "CPU"

    def versions(self):
        return {"numpy": self.ns.__version__}


class CupyLib(NumpyLib):
    name = "cupy"

    def __init__(self, cpu):
        import cupy
        cupy.cuda.runtime.getDeviceCount()        # fail here, not later, if there is no GPU
        self.ns = cupy

    def put(self, a):
        return self.ns.asarray(a)

    def get(self, x):
        return self.ns.asnumpy(x)

    def sync(self):
        self.ns.cuda.Device().synchronize()

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


class TorchLib(NumpyLib):
    name = "torch"

    def __init__(self, cpu):
        import torch
        if not cpu and not torch.cuda.is_available():
            raise Unavailable("torch.cuda.is_available() is False")
        self.ns = torch
        self.device = "cpu" if cpu else "cuda"

    def put(self, a):
        return self.ns.from_numpy(a.copy()).to(self.device)

    def get(self, x):
        return x.detach().cpu().numpy() if isinstance(x, self.ns.Tensor) else numpy.asarray(x)

    def sync(self):
        if self.device == "cuda":
            self.ns.cuda.synchronize()

    def free(self):
        self.sync()
        if hasattr(self.ns, "_dynamo"):
            self.ns._dynamo.reset()
        if self.device == "cuda":
            self.ns.cuda.empty_cache()

    def device_name(self):
        return self.ns.cuda.get_device_name() if self.device == "cuda" else "CPU"

    def versions(self):
        v = {"torch": self.ns.__version__, "torch_cuda": self.ns.version.cuda,
             "torch_matmul_tf32": bool(self.ns.backends.cuda.matmul.allow_tf32)}
        try:
            import triton
            v["triton"] = triton.__version__
        except Exception as exc:  # noqa: BLE001 - informational only
            v["triton"] = f"unavailable: {first_line(err_text(exc))}"
        return v


LIBS = {"numpy": NumpyLib, "cupy": CupyLib, "torch": TorchLib}
PEER_LIB = {"numpy": "numpy", "cupy": "cupy", "torch": "torch", "torch_compile": "torch"}


def open_libs(peers, cpu):
    """
    The libraries the peers need, each started (a small matrix product, so that the first program's
    first run does not pay for the CUDA context and the cuBLAS handle), and for each that failed, why.
    """
    libs, missing = {}, {}
    for name in dict.fromkeys(PEER_LIB[p] for p in peers):
        try:
            lib = LIBS[name](cpu)
            a = lib.put(numpy.ones((64, 64), dtype=numpy.float32))
            lib.get((a @ a).sum())
            lib.sync()
            libs[name] = lib
        except Exception as exc:  # noqa: BLE001 - a missing library must not stop the others
            missing[name] = f"cannot use {name}: {first_line(err_text(exc), 300)}"
    return libs, missing


# ----------------------------------------------------------------------------------------------
# The programs.

def load_twin(name):
    """examples/<name>.py, the NumPy twin (run(xp, inputs))."""
    path = os.path.join(ROOT, "examples", f"{name}.py")
    spec = importlib.util.spec_from_file_location(f"gallery_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def program_fn(peer, lib, name, twin):
    """The callable a peer times: f(inputs) -> dict of outputs."""
    if peer in ("cupy", "numpy"):
        return lambda inputs: twin.run(lib.ns, inputs)
    import workloads_torch
    fn = workloads_torch.TWINS.get(name)
    if fn is None:
        raise Unavailable(f"no PyTorch twin of {name} in bench/workloads_torch.py")

    def body(inputs):
        return fn(lib.ns, inputs, twin)
    body.__name__ = body.__qualname__ = f"gallery_{name}"
    if peer == "torch":
        return body
    if name not in workloads_torch.COMPILE:
        raise Unavailable(f"torch.compile does not apply to {name} ({workloads_torch.NO_COMPILE_WHY.get(name, 'see workloads_torch.py')})")
    if not hasattr(lib.ns, "compile"):
        raise Unavailable(f"torch {lib.ns.__version__} has no torch.compile")
    lib.ns._dynamo.reset()
    return lib.ns.compile(body, dynamic=False)


def load_inputs(data, entry):
    arrays = {k: numpy.load(os.path.join(data, v["file"])) for k, v in entry["inputs"].items()}
    return {**arrays, **entry.get("input_scalars", {})}


def expected_outputs(data, entry):
    want = {k: numpy.load(os.path.join(data, v["file"])) for k, v in entry.get("outputs", {}).items()}
    return {**want, **{k: numpy.asarray(v) for k, v in entry.get("output_scalars", {}).items()}}


def agreement(lib, out, want, rtol, atol):
    """Per output: the fraction of elements within rtol/atol of cupyts's, and the largest difference."""
    res = {}
    for key, w in want.items():
        if key not in out:
            res[key] = {"agree": 0.0, "error": "missing from this peer's outputs"}
            continue
        g = numpy.asarray(lib.get(out[key]))
        if g.shape != w.shape:
            res[key] = {"agree": 0.0, "error": f"shape {list(g.shape)}, cupyts {list(w.shape)}"}
            continue
        if w.size == 0:
            res[key] = {"agree": 1.0, "max_abs_diff": 0.0}
            continue
        if w.dtype.kind == "c" or g.dtype.kind == "c":
            g, w = g.astype(numpy.complex128), w.astype(numpy.complex128)
        else:
            g, w = g.astype(numpy.float64), w.astype(numpy.float64)
        close = numpy.isclose(g, w, rtol=rtol, atol=atol, equal_nan=True)
        diff = numpy.abs(g - w)
        finite = numpy.isfinite(diff)
        res[key] = {"agree": round(float(close.mean()), 6),
                    "max_abs_diff": float(diff[finite].max()) if finite.any() else None}
    return res


# ----------------------------------------------------------------------------------------------
# Measurement.

class Deadline:
    """SIGALRM after `seconds`: the peer's code gets a TimeoutError (where signals exist)."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.old = None

    def _fire(self, signum, frame):
        raise TimeoutError(f"over --timeout-s {self.seconds} s")

    def __enter__(self):
        if self.seconds and hasattr(signal, "SIGALRM"):
            self.old = signal.signal(signal.SIGALRM, self._fire)
            signal.alarm(self.seconds)

    def __exit__(self, *exc):
        if self.old is not None:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, self.old)


def time_runs(lib, f, inputs, n):
    ms = []
    for _ in range(n):
        lib.sync()
        t0 = time.perf_counter()
        out = f(inputs)
        lib.sync()
        ms.append((time.perf_counter() - t0) * 1e3)
        del out
    return ms


def measure(peer, lib, name, twin, host_inputs, want, entry, args):
    f = program_fn(peer, lib, name, twin)
    inputs = {k: lib.put(v) if hasattr(v, "dtype") else v for k, v in host_inputs.items()}
    lib.sync()
    t0 = time.perf_counter()
    out = f(inputs)                               # first run: compiles (CuPy kernels, torch.compile)
    lib.sync()
    first_ms = (time.perf_counter() - t0) * 1e3
    agree = agreement(lib, out, want, entry.get("rtol", 1e-5), entry.get("atol", 1e-8))
    del out
    probe = time_runs(lib, f, inputs, 1)[0]
    warm = min(args.warmup, int(args.budget_ms // max(probe, 1e-3)))
    n = max(MIN_REPS, min(args.reps, int(args.budget_ms // max(probe, 1e-3))))
    ms = time_runs(lib, f, inputs, warm + n)[warm:]
    return {"median_ms": round(statistics.median(ms), 4), "min_ms": round(min(ms), 4), "reps": n,
            "first_run_ms": round(first_ms, 4), "outputs": agree,
            "agree": min((o["agree"] for o in agree.values()), default=None)}


def run_peer(peer, name, entry, libs, missing, args):
    """One (program, peer): its result, or why it has none."""
    lname = PEER_LIB[peer]
    if lname in missing:
        return {"median_ms": None, "unavailable": missing[lname]}
    lib = libs[lname]
    try:
        with Deadline(args.timeout_s):
            twin = load_twin(name)
            host_inputs = load_inputs(args.data, entry)
            want = expected_outputs(args.data, entry)
            return measure(peer, lib, name, twin, host_inputs, want, entry, args)
    except Unavailable as exc:
        return {"median_ms": None, "unavailable": str(exc)}
    except Exception as exc:  # noqa: BLE001 - compile errors, out of memory, time-outs, a bad twin
        log(traceback.format_exc(limit=4))
        return {"median_ms": None, "error": err_text(exc)}
    finally:
        try:
            lib.free()
        except Exception:  # noqa: BLE001
            pass


def report(name, peer, r):
    log(f"  {name:12s} {peer:14s} " + (
        f"unavailable: {first_line(r['unavailable'])}" if "unavailable" in r else
        f"error: {first_line(r['error'])}" if "error" in r else
        f"{r['median_ms']:10.3f} ms  first {r['first_run_ms']:.1f} ms  agree {fmt(r['agree'], '.4f')}"))


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default="bench/out/workloads-data", help="the folder workloads.mjs wrote")
    p.add_argument("--only", default="", help="comma-separated programs (default: all in the manifest)")
    p.add_argument("--peers", help="comma-separated, from: " + ",".join(GPU_PEERS) + " (--cpu: " +
                   ",".join(CPU_PEERS) + ")")
    p.add_argument("--reps", type=int, default=10, help="most timed runs per (program, peer)")
    p.add_argument("--warmup", type=int, default=30, help="untimed runs after the first (as many as fit in --budget-ms)")
    p.add_argument("--budget-ms", type=int, default=3000, help="timed ms per (program, peer), about")
    p.add_argument("--timeout-s", type=int, default=150, help="limit per (program, peer), compiling included")
    p.add_argument("--out", default="bench/out/workloads-peers.json", help="the JSON document")
    p.add_argument("--cpu", action="store_true", help="NumPy and CPU PyTorch (checking without a GPU)")
    a = p.parse_args(argv)
    for name, lo, hi in (("reps", 1, 1000), ("warmup", 0, 100), ("budget_ms", 1, 600000), ("timeout_s", 0, 3600)):
        if not lo <= getattr(a, name) <= hi:
            p.error(f"expected --{name.replace('_', '-')} in [{lo}, {hi}], got {getattr(a, name)}")
    allowed = CPU_PEERS if a.cpu else GPU_PEERS
    a.peers = [s.strip() for s in a.peers.split(",") if s.strip()] if a.peers else list(allowed)
    a.peers.sort(key=lambda s: s == "torch_compile")
    bad = [s for s in a.peers if s not in allowed]
    if bad or not a.peers:
        p.error(f"expected --peers from {','.join(allowed)}, got {','.join(bad) or 'nothing'}")
    a.only = [s.strip() for s in a.only.split(",") if s.strip()]
    return a


def main(argv=None):
    args = parse_args(argv)
    manifest_path = os.path.join(args.data, "manifest.json")
    try:
        with open(manifest_path) as fh:
            manifest = json.load(fh)
    except OSError as exc:
        log(f"peers_workloads.py: no data: {err_text(exc)} (run bench/workloads.mjs first, or --prepare)")
        return 2
    names = [n for n in manifest["programs"] if not args.only or n in args.only]
    unknown = [n for n in args.only if n not in manifest["programs"]]
    if unknown:
        log(f"peers_workloads.py: not in {manifest_path}: {','.join(unknown)}")
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    libs, missing = open_libs(args.peers, args.cpu)
    for msg in missing.values():
        log(f"peers_workloads.py: {msg}")
    device = next((L.device_name() for L in libs.values() if L.name != "numpy"), "CPU")
    doc = {"kind": "workloads", "impl": "peers", "device": device, "mode": "cpu" if args.cpu else "gpu",
           "size": manifest.get("size"), "date": datetime.datetime.now(datetime.timezone.utc).isoformat(),
           "reps": args.reps, "warmup": args.warmup, "budget_ms": args.budget_ms, "peers": args.peers,
           "timing": "wall time per run between device synchronizations (perf_counter); median",
           "versions": versions(libs), "unavailable": missing, "programs": {}}
    if os.path.dirname(args.out):
        os.makedirs(os.path.dirname(args.out), exist_ok=True)
    log(f"peers_workloads.py: {device}, {len(names)} programs, peers {','.join(args.peers)}")
    # Peer by peer, torch.compile (the slowest to start) last: a run cut short loses the least.
    for peer in args.peers:
        for name in names:
            r = run_peer(peer, name, manifest["programs"][name], libs, missing, args)
            doc["programs"].setdefault(name, {})[peer] = r
            report(name, peer, r)
            write_json(doc, args.out)             # partial results survive a later crash or time-out
    write_json(doc, args.out)
    log(f"written: {args.out}")
    return 1 if any("error" in r for res in doc["programs"].values() for r in res.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
