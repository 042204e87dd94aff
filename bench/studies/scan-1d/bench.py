# Times cupyts's generated 1-D cumsum kernel (argv[1]: a .cu from `cupyts explain --full-source`) and
# the hand variants (argv[2], variants.cu) over float32 at 2^24, 2^26 and 2^28 elements, against a
# float4 copy, CuPy's and torch's cumsum. Each look-back launch includes the memset of its status
# buffer, as cupyts's does. See run.sh. ONLY (a regex) keeps the variants whose 'B x I mode M vec V sleep S'
# (SCAN) or 'B x I mode M depth D hints H' (PIPE: MODE 9 and 10) name matches. Every variant that computes
# the scan is checked against a float64 cumsum (relative 1e-4) and, bit for bit, against the first
# such variant of the same B x I (they all fold in the same order).
import os, re, sys
import cupy as cp, numpy as np
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from cuda_timing import timeit  # noqa: E402
gen_src, variants = open(sys.argv[1]).read(), open(sys.argv[2]).read()
opts = ('--fmad=false', '-std=c++14')
gen_name = re.search(r'void __launch_bounds__\([\d, ]+\) (\w+)\(', gen_src).group(1)
gen = cp.RawModule(code=gen_src, options=opts).get_function(gen_name)
vmod = cp.RawModule(code=variants, options=opts)
names = re.findall(r'SCAN\((\d+), (\d+), (\d+), (\d+), (\d+)\)', variants.split('#define SCAN')[1].split('\n', 3)[3])
names = [n for n in names if re.search(os.environ.get('ONLY', ''), '{} x {} mode {} vec {} sleep {}'.format(*n))]
pipes = re.findall(r'PIPE\((\d+), (\d+), (\d+), (\d+), (\d+)\)', variants)
pipes = [n for n in pipes if re.search(os.environ.get('ONLY', ''), '{} x {} mode {} depth {} hints {}'.format(*n))]
try:
    import torch
except ImportError:
    torch = None
i64 = np.int64
import ctypes
_cuda = ctypes.CDLL('libcuda.so.1')
SMS = cp.cuda.Device().attributes['MultiProcessorCount']


def resident_blocks(k, block, smem=0):
    # MODE 8, 9 and 10 run persistent blocks: as many as fit on the device at once (the driver's
    # occupancy, with `smem` bytes of dynamic shared memory a block).
    fn = getattr(k, 'kernel', k)
    ptr = getattr(fn, 'ptr', None)
    if ptr is not None:
        n = ctypes.c_int(0)
        if _cuda.cuOccupancyMaxActiveBlocksPerMultiprocessor(ctypes.byref(n), ctypes.c_void_p(ptr), ctypes.c_int(block), ctypes.c_size_t(smem)) == 0:
            return n.value * SMS
    # By hand from the kernel's registers and shared memory (Hopper: 64 Ki registers, 228 KiB shared, 32 blocks an SM).
    regs = -(-k.num_regs // 8) * 8
    per_sm = min(2048 // block, 65536 // (regs * block), (228 * 1024) // (k.shared_size_bytes + smem + 1024), 32)
    return max(1, per_sm) * SMS
for log2 in (24, 26, 28):
    N = 2 ** log2
    x = cp.random.random(N, dtype=cp.float32)
    y = cp.empty_like(x)
    ref = cp.cumsum(x.astype(cp.float64))
    res = {}
    bits = {}  # (B, I) -> the first checked variant's output
    def check(tag, exact=True, geometry=None):
        err = float(cp.max(cp.abs(y.astype(cp.float64) - ref) / cp.maximum(ref, 1)))
        if exact and err > 1e-4: print(f'2^{log2} {tag}: max rel diff {err} from float64')
        if exact and geometry is not None:
            if geometry not in bits: bits[geometry] = (tag, y.copy())
            else:
                first, b0 = bits[geometry]
                diff = int(cp.count_nonzero(y.view(cp.uint32) != b0.view(cp.uint32)))
                if diff: print(f'2^{log2} {tag}: {diff} elements differ in bits from {first}')
    def lookback_launch(k, tile, block, gen_args, persistent=False, smem=0):
        chunks = -(-N // tile)
        grid = min(chunks, resident_blocks(k, block, smem)) if persistent else chunks
        groups = -(-chunks // 32)
        status = cp.zeros(1 + chunks + 2 * groups, dtype=cp.uint64)  # MODE 4: a word per group more
        nbytes = status.nbytes
        s = cp.cuda.get_current_stream().ptr
        args = gen_args(status, chunks, chunks + groups)
        def f():
            cp.cuda.runtime.memsetAsync(status.data.ptr, 0, nbytes, s)
            if smem: k((grid,), (block,), args, shared_mem=smem)
            else: k((grid,), (block,), args)
        return f
    f = lookback_launch(gen, 4096, 256, lambda st, c, ns: (x, y, np.int32(1), np.int32(N), np.int32(1), np.int32(1), st, i64(c), i64(ns)))
    y.fill(0); res['generated (256 x 16, scalar)'] = timeit(f); check('generated')
    for b, it, mode, vec, sleep in names:
        b, it, mode, vec, sleep = map(int, (b, it, mode, vec, sleep))
        k = vmod.get_function(f'scan_{b}_{it}_{mode}_{vec}_{sleep}')
        f = lookback_launch(k, b * it, b, lambda st, c, ns: (x, y, i64(N), st, i64(c)), persistent=mode == 8)
        tag = f'{b} x {it} mode {mode} vec {vec} sleep {sleep}'
        if log2 == 24: print(f'{tag}: {getattr(k, "num_regs", "?")} registers, {resident_blocks(k, b) // SMS} blocks per SM', flush=True)
        y.fill(0); res[tag] = timeit(f); check(f'{b}x{it} m{mode}', mode in (2, 3, 4, 7, 8), (b, it))
    for b, it, mode, depth, hints in pipes:
        b, it, mode, depth, hints = map(int, (b, it, mode, depth, hints))
        k = vmod.get_function(f'pipe_{b}_{it}_{mode}_{depth}_{hints}')
        smem = depth * b * it * 4 if mode == 9 else 0  # MODE 9: the ring of `depth` tile stages
        if smem:
            k.max_dynamic_shared_size_bytes = smem
            k.preferred_shared_memory_carveout = 100
        f = lookback_launch(k, b * it, b, lambda st, c, ns: (x, y, i64(N), st, i64(c)), persistent=True, smem=smem)
        tag = f'{b} x {it} mode {mode} depth {depth} hints {hints}'
        if log2 == 24: print(f'{tag}: {getattr(k, "num_regs", "?")} registers, {smem} + {getattr(k, "shared_size_bytes", "?")} bytes shared, {resident_blocks(k, b, smem) // SMS} blocks per SM', flush=True)
        y.fill(0); res[tag] = timeit(f); check(f'{b}x{it} m{mode} d{depth} h{hints}', True, (b, it))
    c4 = vmod.get_function('copy4')
    res['copy (float4)'] = timeit(lambda: c4((132 * 16,), (256,), (x, y, i64(N // 4))))
    res['cupy cumsum'] = timeit(lambda: cp.cumsum(x, out=y))
    if torch is not None:
        xt = torch.as_tensor(x, device='cuda')
        yt = torch.empty_like(xt)
        res['torch cumsum'] = timeit(lambda: torch.cumsum(xt, 0, out=yt))
    copy = res['copy (float4)']
    for name, t in res.items():
        print(f'2^{log2} {name:34s} {t * 1000:9.1f} us  {2 * N * 4 / t / 1e6:7.0f} GB/s  {copy / t:5.2f} of copy')
