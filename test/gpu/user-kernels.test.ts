// User kernels on a CUDA device (skipped without one): ElementwiseKernel and ReductionKernel with
// CUDA bodies only, against NumPy and fused (one kernel); RawKernel and RawModule launches with
// typed scalars, BigInt and shared memory, a compile error with the user's lines; the memory pool's
// statistics, free_all_blocks and limit on the device.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { HAS_CUDA_DEVICE, onBackend } from '../helpers/cuda.js';
import { compareArrays, numpyOne, randomArray, type HostArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

function expectNumpy(actual: cp.NDArray, expr: string, inputs: Record<string, HostArray | number>): void {
  const want = numpyOne(expr, inputs);
  if (!want.ok) throw new Error(want.error);
  const cmp = compareArrays(toHost(actual), want.value as HostArray, { rtol: 1e-5 });
  expect(cmp.ok ? '' : cmp.message).toBe('');
}

const err = (fn: () => unknown) => {
  try { fn(); } catch (e) { return `${(e as cp.CupytsError).code}: ${(e as Error).message}`; }
  return 'no error';
};

describe.skipIf(!HAS_CUDA_DEVICE)('user kernels on the device', () => {
  it('runs an ElementwiseKernel fused with its neighbours, over dtypes, with i and _ind.size()', () => onBackend('cuda', () => {
    const k = cp.ElementwiseKernel('T x, T y', 'T z', 'z = x * y + (T)(i % 3) - (T)_ind.size()', 'gpu_ew');
    for (const d of ['float32', 'float64', 'int32', 'int64'] as const) {
      const x = randomArray(d, [33, 17], 1, { low: -9, high: 9 });
      const y = randomArray(d, [17], 2, { low: -9, high: 9 });
      const z = k(toDevice(x).add(1), toDevice(y)).mul(2);
      expect(cp.explain(z).kernels).toHaveLength(1);
      expectNumpy(z, `(((x + 1) * y + (np.arange(33 * 17).reshape(33, 17) % 3).astype(x.dtype) - ${33 * 17}) * 2).astype(x.dtype)`, { x, y });
    }
  }));

  it('runs an ElementwiseKernel with raw parameters (CUDA body only) as a kernel of its own', () => onBackend('cuda', () => {
    const stencil = cp.ElementwiseKernel('raw T x, T w', 'T y',
      'long long n = x.size(); y = w * (x[(i + n - 1) % n] - 2 * x[i] + x[(i + 1) % n]) + (T)(_ind.size() - n)', 'gpu_stencil');
    // Small integers in every dtype, so that float16 (computed as float32) and fused multiply-adds give NumPy's values exactly.
    const x = randomArray('int32', [1 << 12], 4, { low: -9, high: 9 });
    const w = randomArray('int32', [1 << 12], 5, { low: -3, high: 3 });
    for (const d of ['float32', 'float64', 'int32', 'int64', 'float16'] as const) {
      const y = stencil(toDevice(x).astype(d), toDevice(w).astype(d));
      expectNumpy(y, `(w * (np.roll(x, 1) - 2 * x + np.roll(x, -1))).astype(np.${d})`, { x, w });
    }
    const rev = cp.ElementwiseKernel('raw T x', 'T y', 'y = x[x.size() - 1 - i] + y', 'gpu_rev');
    const t = randomArray('float32', [300, 7], 6);
    const out = cp.ones(2100, { dtype: 'float32' });
    expect(rev(toDevice(t).T, out)).toBe(out);
    expectNumpy(out, 't.T.ravel()[::-1] + 1', { t });
    const flags = cp.ElementwiseKernel('raw bool m, T x', 'T y', 'y = m[i % m.size()] ? x : -x', 'gpu_flags');
    const m = randomArray('bool', [5], 7);
    const xs = randomArray('float64', [4, 10], 8);
    expectNumpy(flags(toDevice(m), toDevice(xs)), 'np.where(np.resize(m, 40).reshape(4, 10), xs, -xs)', { m, xs });
  }));

  it('runs an ElementwiseKernel with raw outputs (CUDA body only): scatters, prior values, size=', () => onBackend('cuda', () => {
    const scatter = cp.ElementwiseKernel('T x', 'raw T y', 'y[_ind.size() - 1 - i] = x', 'gpu_scatter_reverse');
    const x = randomArray('int32', [1 << 16], 9, { low: -99, high: 99 });
    for (const d of ['float32', 'float64', 'int32', 'int64', 'float16', 'uint8', 'bool'] as const) {
      const out = cp.zeros(1 << 16, { dtype: d });
      expect(scatter(toDevice(x).astype(d), out)).toBe(out);
      expectNumpy(out, `x.astype(np.${d})[::-1]`, { x });
    }
    // A strided out view keeps the rest of its base; a 2-d loop writes by flat index.
    const t = randomArray('float64', [300, 7], 10);
    const base = cp.ones(4200);
    scatter(toDevice(t).T, base.get('1::2'));
    expectNumpy(base, 'np.stack([np.ones(2100), t.T.ravel()[::-1]], 1).ravel()', { t });
    // Atomic adds into a raw output: a histogram (threads race on a bin only through atomicAdd).
    const hist = cp.ElementwiseKernel('int32 k', 'raw int32 counts', 'atomicAdd(&counts[k], 1)', 'gpu_hist');
    const keys = randomArray('int32', [100000], 11, { low: 0, high: 17 });
    expectNumpy(hist(toDevice(keys), cp.zeros(18, { dtype: 'int32' })), 'np.bincount(keys, minlength=18).astype(np.int32)', { keys });
    const mirror = cp.ElementwiseKernel('raw T x', 'raw T y', 'y[i] = x[x.size() - 1 - i] * (T)2', 'gpu_mirror');
    const w = randomArray('float32', [1000], 12);
    expectNumpy(mirror(toDevice(w), { size: 600 }), 'w[:399:-1] * 2', { w });
    expect(err(() => scatter(toDevice(x)))).toMatch(/^ERR_ARG: gpu_scatter_reverse: expected the output arrays or size=/);
  }));

  it('runs a ReductionKernel through the reduction kernels', () => onBackend('cuda', () => {
    const l2 = cp.ReductionKernel('T x', 'T y', 'x * x', 'a + b', 'y = sqrt(a)', '0', 'gpu_l2');
    const x = randomArray('float32', [300, 500], 3);
    const r = l2(toDevice(x), { axis: 1 });
    expect(cp.explain(r).kernels).toHaveLength(1);
    expectNumpy(r, 'np.sqrt(np.sum(x * x, axis=1))', { x });
    expectNumpy(l2(toDevice(x)), 'np.sqrt(np.sum(x.astype(np.float64) ** 2)).astype(np.float32)', { x });
  }));

  it('launches RawKernel and RawModule kernels with typed scalars, BigInt and shared memory', () => onBackend('cuda', () => {
    const scale = cp.RawKernel(String.raw`
extern "C" __global__ void scale(float* x, float a, int n, long long add) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i] = x[i] * a + (float)add;
}`, 'scale', ['-std=c++17']);
    const h = randomArray('float32', [1000], 4);
    const x = toDevice(h);
    const before = x.add(0); // made before the launch: keeps the old values
    scale([4], [256], [x, cp.scalar(2, 'float32'), cp.scalar(1000, 'int32'), 5n]);
    expectNumpy(x, 'x * np.float32(2) + np.float32(5)', { x: h });
    expectNumpy(before, 'x', { x: h });
    const mod = cp.RawModule({ code: String.raw`
extern "C" __global__ void fill(int* y, int v) { y[threadIdx.x] = v; }
extern "C" __global__ void reverse(const int* y, int* out, int n) {
  extern __shared__ int tile[];
  tile[threadIdx.x] = y[threadIdx.x];
  __syncthreads();
  out[threadIdx.x] = tile[n - 1 - threadIdx.x] + threadIdx.x;
}` });
    const y = cp.zeros(64, { dtype: 'int32' });
    const out = cp.zeros(64, { dtype: 'int32' });
    mod.get_function('fill')(1, 64, [y, cp.scalar(7, 'int32')]);
    mod.get_function('reverse')(1, 64, [y, out, cp.scalar(64, 'int32')], { shared_mem: 64 * 4 });
    expect(out.tolist()).toEqual(Array.from({ length: 64 }, (_, i) => 7 + i));
    expect(err(() => scale(1, 1, [x, 2 as never, cp.scalar(1, 'int32'), 0n]))).toMatch(/expected args\[1\] .*a JS number does not say the C type/);
    const bad = cp.RawKernel('extern "C" __global__ void bad(float* x) { x[0] = nope; }', 'bad');
    expect(err(() => bad.compile())).toMatch(/^ERR_NVRTC_COMPILE:[\s\S]*"nope" is undefined[\s\S]*\| extern "C" __global__ void bad/);
  }));

  it('times device work with events', () => onBackend('cuda', () => {
    const [start, end] = [new cp.cuda.Event(), new cp.cuda.Event()];
    start.record();
    cp.random.default_rng(1).random(1 << 24).sin().sum().eval();
    end.record();
    end.synchronize();
    expect(cp.cuda.get_elapsed_time(start, end)).toBeGreaterThan(0);
  }));

  it('reports and limits device memory through the memory pool', () => onBackend('cuda', () => {
    const pool = cp.get_default_memory_pool();
    const used = pool.used_bytes();
    const a = cp.zeros(1 << 20, { dtype: 'float32' }).eval();
    expect(pool.used_bytes() - used).toBe(4 << 20);
    a.dispose();
    expect(pool.used_bytes()).toBe(used);
    pool.free_all_blocks();
    expect(pool.free_bytes()).toBe(0);
    // A request above the whole limit: it fails even where the retry frees arrays that earlier tests dropped.
    const limit = used + (1 << 20);
    pool.set_limit(limit);
    try {
      expect(err(() => cp.zeros(Math.ceil(limit / 4) + 1024, { dtype: 'float32' }).eval())).toMatch(/^ERR_OUT_OF_MEMORY: alloc: expected at most/);
    } finally {
      pool.set_limit(0);
    }
    pool.set_limit({ fraction: 0.5 });
    expect(pool.get_limit()).toBeGreaterThan(0);
    pool.set_limit(0);
  }));
});
