# CuPy's time for the stages of bench/studies/gallery-parts.mjs (the same programs, the same sizes;
# inputs drawn by CuPy: the stages do not depend on the values' exact draw beyond their
# distribution). Usage: python3 bench/studies/gallery_parts.py [--reps 10]
import argparse, json
import cupy as cp

ap = argparse.ArgumentParser()
ap.add_argument("--reps", type=int, default=10)
reps = ap.parse_args().reps

def time(stage):
    for _ in range(3):
        stage()
    ms = []
    for _ in range(reps):
        a, b = cp.cuda.Event(), cp.cuda.Event()
        a.record(); stage(); b.record(); b.synchronize()
        ms.append(cp.cuda.get_elapsed_time(a, b))
    return sorted(ms)[len(ms) // 2]

def report(program, stages):
    for name, stage in stages.items():
        print(json.dumps({"program": program, "stage": name, "ms": time(stage), "peer": "cupy"}))

rng = cp.random.default_rng(9)
h = w = 4096
img = cp.clip(rng.standard_normal((h, w), dtype=cp.float32) * 30 + 125, 70, 180).astype(cp.uint8)
f = img.astype(cp.float32)
spectrum = cp.fft.rfft2(f)
report("image", {
    "astype_rfft2": lambda: cp.fft.rfft2(img.astype(cp.float32)),
    "rfft2": lambda: cp.fft.rfft2(f),
    "multiply": lambda: spectrum * spectrum,
    "irfft2": lambda: cp.fft.irfft2(spectrum, s=(h, w)),
    "bincount": lambda: cp.bincount(img.ravel(), minlength=256),
    "take_u8": lambda: cp.take(cp.arange(256).astype(cp.uint8), img),
})
n = 1 << 24
values = cp.floor(cp.exp(rng.uniform(0, cp.log(1e6), n))).astype(cp.int64)
_, counts = cp.unique(values, return_counts=True)
report("topk", {
    "sort": lambda: cp.sort(values),
    "unique_counts": lambda: cp.unique(values, return_counts=True),
    "argsort_counts": lambda: cp.argsort(-counts, kind="stable"),
    "partition": lambda: cp.partition(values, n - 10),
})
