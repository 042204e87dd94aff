# The studies' timer (bench/studies/*/bench.py): the mean of `reps` calls of f between two CUDA
# events, after 3 warmup calls, in ms.
import cupy as cp


def timeit(f, reps=30):
    for _ in range(3): f()
    s, e = cp.cuda.Event(), cp.cuda.Event()
    s.record()
    for _ in range(reps): f()
    e.record(); e.synchronize()
    return cp.cuda.get_elapsed_time(s, e) / reps
