#!/usr/bin/env bash
# Why torch's cholesky of 4096^2 is faster than cupyts's and CuPy's (issue 18): the same call
# (cusolverDnXpotrf, lower, column-major) from cupyts with the system's cuSOLVER, and with the
# cuSOLVER that PyTorch's wheel bundles; torch and CuPy timed beside them, each with the path of
# the libcusolver it loaded. Run on the GPU machine from the repository root (through .device/run.sh
# for node). Writes to stdout.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
python3 - <<'PY'
import torch, cupy, numpy as np
def lib(name):
    return sorted({l.split()[-1] for l in open('/proc/self/maps') if name in l})
def timed(fn, reps=5):
    s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    fn(); torch.cuda.synchronize(); ts = []
    for _ in range(reps):
        s.record(); fn(); e.record(); e.synchronize(); ts.append(s.elapsed_time(e))
    return sorted(ts)[len(ts) // 2]
n = 4096
for dt in ('float64', 'float32'):
    r = np.random.default_rng(1).standard_normal((n, n)).astype(dt)
    a = r @ r.T / n + np.eye(n, dtype=dt)
    ta = torch.from_numpy(a).cuda(); ca = cupy.asarray(a)
    tcol = ta.mT.contiguous().mT  # column-major already: no copy before potrf
    print(f'{dt}: torch cholesky {timed(lambda: torch.linalg.cholesky(ta)):.3f} ms, cholesky_ex no check {timed(lambda: torch.linalg.cholesky_ex(ta)):.3f}, '
          f'column-major input {timed(lambda: torch.linalg.cholesky_ex(tcol)):.3f}; cupy {timed(lambda: cupy.linalg.cholesky(ca)):.3f} ms')
print('torch cusolver:', lib('libcusolver')); print('torch version', torch.__version__, torch.version.cuda)
PY
tl=$(python3 -c "import nvidia, os; print(nvidia.__path__[0])" 2>/dev/null)
lib=$(ls "$tl"/*/lib/libcusolver.so* 2>/dev/null | head -1)
echo "torch's cuSOLVER: $lib"
node bench/linalg.mjs --only cholesky --reps 5 --n 4096 --batch 10 2>&1 | grep -v "^\s*$" | tail -3
if [[ -n $lib ]]; then
  dir=$(dirname "$lib")
  echo "== cupyts with torch's cuSOLVER ($dir)"
  CUPYTS_CUSOLVER_PATH=$lib LD_LIBRARY_PATH=$dir:${LD_LIBRARY_PATH:-} node bench/linalg.mjs --only cholesky --reps 5 --n 4096 --batch 10 2>&1 | tail -3
fi
