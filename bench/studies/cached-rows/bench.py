# Times the generated row-softmax kernel (argv[1], with its prelude) and the hand variants (argv[2])
# over 2^20 x 256 float32, against a float4 copy and torch.softmax. See run.sh.
import os, re, sys
import cupy as cp, numpy as np
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from cuda_timing import timeit  # noqa: E402
gen, variants = open(sys.argv[1]).read(), open(sys.argv[2]).read()
name = re.search(r'void __launch_bounds__\(\d+\) (\w+)\(', gen).group(1)
mod = cp.RawModule(code=gen + variants, options=('--fmad=false', '-std=c++14'))
R, C = 1 << 20, 256
x = cp.random.standard_normal((R, C), dtype=cp.float32)
y = cp.empty_like(x)

i32 = np.int32
res = {}
k0 = mod.get_function(name)
# the generated kernel's parameters: in0, rout0, n_out, n_red, kd0, rd0, st_in0_0, [st_in0_1,] st_rout0_0, st_rout0_1
nparams = len(re.search(name + r'\(([^)]*)\)', gen).group(1).split(','))
args = (x, y, i32(R), i32(C), i32(R), i32(C), i32(C)) + ((i32(1),) if nparams == 10 else ()) + (i32(C), i32(1))
res['generated'] = timeit(lambda: k0((R // 8,), (32, 8), args))
ref = y.copy()
for v in ['sm_v1', 'sm_v2', 'sm_v3', 'sm_v4']:
    k = mod.get_function(v)
    y.fill(0)
    res[v] = timeit(lambda: k((R // 8,), (32, 8), (x, y, i32(R), i32(C))))
    print(v, 'max abs diff from the generated kernel', float(cp.abs(y - ref).max()))
c4 = mod.get_function('copy4')
res['copy (float4)'] = timeit(lambda: c4((132 * 16,), (256,), (x, y, np.int64(R * C // 4))))
try:
    import torch
    xt = torch.as_tensor(x, device='cuda')
    res['torch.softmax'] = timeit(lambda: torch.softmax(xt, 1))
except ImportError:
    pass
for k, v in res.items():
    print(f'{k:16s} {v * 1000:8.1f} us  {2 * R * C * 4 / v / 1e6:7.0f} GB/s')
