# Times the generated standardization kernels (argv[1]: folder of <build>-<C>.cu and <build>-<C>.launch)
# and the hand variants (argv[2]) over 384 MiB of float32 in rows of C, against a float4 copy and
# eager torch. See run.sh.
import glob, os, re, sys
import cupy as cp, numpy as np
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from cuda_timing import timeit  # noqa: E402
gen_dir, variants = sys.argv[1], open(sys.argv[2]).read()
N = 100663296  # elements: 2^22 rows of 24
i32 = np.int32

vmod = cp.RawModule(code=variants, options=('--fmad=false', '-std=c++14'))
try:
    import torch
except ImportError:
    torch = None
for C in (12, 24, 48):
    R = N // C
    x = cp.random.standard_normal((R, C), dtype=cp.float32)
    y = cp.empty_like(x)
    ref = (x - x.mean(1, keepdims=True)) / x.std(1, keepdims=True)
    res = {}
    def check(tag):
        err = float(cp.abs(y - ref).max())
        if err > 1e-4: print(f'C={C} {tag}: max abs diff {err} from CuPy')
    for path in sorted(glob.glob(f'{gen_dir}/*-{C}.cu')):
        build = os.path.basename(path).split('-')[0]
        src = open(path).read()
        name = re.search(r'void __launch_bounds__\(\d+\) (\w+)\(', src).group(1)
        g, bx, by, bz = map(int, re.search(r'grid (\d+) × block (\d+),(\d+),(\d+)', open(path[:-3] + '.launch').read()).groups())
        k = cp.RawModule(code=src, options=('--fmad=false', '-std=c++14')).get_function(name)
        f32 = np.float32(C)
        args = (x, y, f32, f32, f32, i32(R), i32(C), i32(R), i32(C), i32(C), i32(1), i32(C), i32(1))
        y.fill(0); res[f'generated {build}'] = timeit(lambda: k((g,), (bx, by, bz), args)); check(build)
    lanes = {12: 2, 24: 4, 48: 8}[C]
    k = vmod.get_function(f'thread_row_{C}')
    y.fill(0); res['thread per row, float4'] = timeit(lambda: k(((R + 255) // 256,), (256,), (x, y, i32(R)))); check('thread_row')
    k = vmod.get_function(f'smem_tile_{C}')
    rows = 256 // lanes
    y.fill(0); res[f'shared tile, {lanes} lanes'] = timeit(lambda: k(((R + rows - 1) // rows,), (lanes, rows), (x, y, i32(R)))); check('smem_tile')
    c4 = vmod.get_function('copy4')
    res['copy (float4)'] = timeit(lambda: c4((132 * 16,), (256,), (x, y, np.int64(N // 4))))
    if torch is not None:
        xt = torch.as_tensor(x, device='cuda')
        res['torch eager'] = timeit(lambda: (xt - xt.mean(1, keepdim=True)) / xt.std(1, keepdim=True, unbiased=False))
    for name, t in res.items():
        print(f'C={C:3d} {name:26s} {t * 1000:8.1f} us  {2 * N * 4 / t / 1e6:7.0f} GB/s')
