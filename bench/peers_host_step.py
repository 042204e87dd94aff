#!/usr/bin/env python3
"""Peers of bench/host-step.mjs: host time per step of the same small programs.

  python3 bench/peers_host_step.py [--calls 5000] [--trials 7] [--only step3,chain10,reduce,adam,logreg,mlp,logged]

Prints one JSON line per program and peer: CuPy (plain, cupy.fuse where the program is one
expression, and a cupy.cuda.Graph captured once and launched per step), PyTorch eager,
torch.cuda.CUDAGraph (static inputs, captured once) and torch.compile(mode="reduce-overhead").
A step is one call of the program; wall time per step over a synchronous loop of `calls` steps,
the device synchronized at the end of each trial; median over trials after a warmup trial, as
host-step.mjs times it. float32, the same sizes and ops as host-step.mjs.
"""
import argparse
import json
import math
import statistics
import time

SIZES_ADAM = [1024, 4096, 256, 65536, 512, 2048, 128, 16384, 1024, 8192]
LOGREG_N, LOGREG_D, LOGREG_LR = 512, 64, 0.1
MLP = [256, 512, 512, 10]
NO_CAPTURE = {"logged"}  # programs that read back mid-step: a captured graph cannot hold them


def programs(xp):
    """The programs over the array module xp (cupy or torch): name -> (make inputs, fn)."""
    sin, exp, tanh, sqrt = xp.sin, xp.exp, xp.tanh, xp.sqrt

    def filled(n, phase):
        return xp.sin(xp.arange(n, dtype=xp.float32) * 0.37 + phase)

    def adam(*arrays):
        lr, b1, b2, eps = 1e-3, 0.9, 0.999, 1e-8
        c1, c2 = 1 / (1 - 0.9), 1 / (1 - 0.999)
        out = []
        for k in range(0, len(arrays), 4):
            p, g, m, v = arrays[k:k + 4]
            m2 = m * b1 + g * (1 - b1)
            v2 = v * b2 + g * g * (1 - b2)
            mhat, vhat = m2 * c1, v2 * c2
            out += [p - mhat * lr / (sqrt(vhat) + eps) - p * (lr * 0.01), m2, v2]
        return out

    def sigmoid(z):
        return 1 / (1 + exp(-z))

    def gelu(x):  # the tanh form, as host-step.mjs writes it
        return x * 0.5 * (tanh((x + x * x * x * 0.044715) * math.sqrt(2 / math.pi)) + 1)

    def logreg(X, y, w):
        return w - xp.matmul(X.T, sigmoid(xp.matmul(X, w)) - y) * (LOGREG_LR / LOGREG_N)

    def mlp(x, w1, b1, w2, b2, w3, b3):
        return xp.matmul(gelu(xp.matmul(gelu(xp.matmul(x, w1) + b1), w2) + b2), w3) + b3

    def logged(x, y):
        loss = float(((x - y) * (x - y)).sum())
        return sin(x * (1 if loss > 1e30 else 2) + y)

    def mlp_inputs():
        out = [filled(32 * MLP[0], 0).reshape(32, MLP[0])]
        for k, n_out in enumerate(MLP[1:]):
            out += [(filled(MLP[k] * n_out, k + 1) * (1 / math.sqrt(MLP[k]))).reshape(MLP[k], n_out), filled(n_out, k + 0.5) * 0.1]
        return out

    return {
        "step3": (lambda: [filled(1024, 0), filled(1024, 1)], lambda x, y: sin(x * 2 + y)),
        "chain10": (lambda: [filled(1024, 0), filled(1024, 1)],
                    lambda x, y: -exp(tanh((sqrt(abs((x * 1.5 + y - 0.25) * x)) + 1) * y))),
        "reduce": (lambda: [filled(1024, 0), filled(1024, 1)], lambda x, y: ((x - y) * (x - y)).sum()),
        "adam": (lambda: [a for k, n in enumerate(SIZES_ADAM)
                          for a in (filled(n, k), filled(n, k + 0.5), filled(n, k) * 0, filled(n, k) * 0)], adam),
        "logreg": (lambda: [filled(LOGREG_N * LOGREG_D, 0).reshape(LOGREG_N, LOGREG_D),
                            (filled(LOGREG_N, 1) > 0) * xp.ones(LOGREG_N, dtype=xp.float32), filled(LOGREG_D, 2) * 0.1], logreg),
        "mlp": (mlp_inputs, mlp),
        "logged": (lambda: [filled(1024, 0), filled(1024, 1)], logged),
    }


def per_step_us(step, sync, calls, trials):
    times = []
    for t in range(-1, trials):
        t0 = time.perf_counter()
        for _ in range(calls):
            step()
        sync()
        if t >= 0:
            times.append((time.perf_counter() - t0) * 1e6 / calls)
    return round(statistics.median(times), 2)


def run_cupy(names, calls, trials):
    import cupy
    progs = programs(cupy)
    sync = cupy.cuda.Device().synchronize
    for name in names:
        make, fn = progs[name]
        args = make()
        row = {"program": name, "peer": "cupy", "eager_us": per_step_us(lambda: fn(*args), sync, calls, trials)}
        if name in ("step3", "chain10", "reduce"):
            def program(x, y):  # cupy.fuse names its kernel after the function (a lambda's name is refused) and takes no *args
                return fn(x, y)
            program.__name__ = f"fused_{name}"
            try:
                fused = cupy.fuse(program, kernel_name=f"fused_{name}")
                row["fuse_us"] = per_step_us(lambda: fused(*args), sync, calls, trials)
            except Exception as err:  # noqa: BLE001 - a peer's failure is reported, not fatal
                row["fuse_error"] = str(err).splitlines()[0][:200]
        if name in NO_CAPTURE:
            row["graph_error"] = "reads a value back to the host each step: no graph can hold it"
            print(json.dumps(row), flush=True)
            continue
        try:
            stream = cupy.cuda.Stream(non_blocking=True)
            with stream:
                fn(*args)
                stream.begin_capture()
                fn(*args)
                graph = stream.end_capture()
                row["graph_us"] = per_step_us(lambda: graph.launch(stream), stream.synchronize, calls, trials)
        except Exception as err:  # noqa: BLE001 - a peer that cannot capture is reported, not fatal
            row["graph_error"] = str(err).splitlines()[0]
            if stream.is_capturing():  # a failed capture leaves the stream capturing: end it, or every later sync fails
                try:
                    stream.end_capture()
                except Exception:  # noqa: BLE001
                    pass
            cupy.cuda.Device().synchronize()
        print(json.dumps(row), flush=True)


def run_torch(names, calls, trials):
    import torch
    progs = programs(torch)
    sync = torch.cuda.synchronize
    with torch.device("cuda"):
        for name in names:
            make, fn = progs[name]
            args = make()
            row = {"program": name, "peer": "torch", "eager_us": per_step_us(lambda: fn(*args), sync, calls, trials)}
            try:
                if name in NO_CAPTURE:
                    raise RuntimeError("reads a value back to the host each step: no graph can hold it")
                side = torch.cuda.Stream()
                side.wait_stream(torch.cuda.current_stream())
                with torch.cuda.stream(side):
                    for _ in range(3):
                        fn(*args)
                torch.cuda.current_stream().wait_stream(side)
                graph = torch.cuda.CUDAGraph()
                with torch.cuda.graph(graph):
                    fn(*args)
                row["cuda_graph_us"] = per_step_us(graph.replay, sync, calls, trials)
            except Exception as err:  # noqa: BLE001
                row["cuda_graph_error"] = str(err).splitlines()[0]
            try:
                compiled = torch.compile(fn, mode="reduce-overhead")
                t0 = time.perf_counter()
                for _ in range(3):
                    compiled(*args)
                sync()
                row["compile_first_ms"] = round((time.perf_counter() - t0) * 1e3, 1)
                row["compile_reduce_overhead_us"] = per_step_us(lambda: compiled(*args), sync, calls, trials)
            except Exception as err:  # noqa: BLE001
                row["compile_error"] = str(err).splitlines()[0]
            print(json.dumps(row), flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--calls", type=int, default=5000)
    p.add_argument("--trials", type=int, default=7)
    p.add_argument("--only", default="step3,chain10,reduce,adam,logreg,mlp,logged")
    args = p.parse_args()
    names = args.only.split(",")
    for runner in (run_cupy, run_torch):
        try:
            runner(names, args.calls, args.trials)
        except ImportError as err:
            print(json.dumps({"peer": runner.__name__[4:], "error": str(err)}), flush=True)


if __name__ == "__main__":
    main()
