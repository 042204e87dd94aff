// cp.fft on the GPU through cuFFT: every NumPy-differential case of test/helpers/fft-cases.ts on
// the CUDA backend (cuFFT computes float32 in float32, so the bound's constant is larger), larger
// transforms (2^16 and a Bluestein length, batched rows, columns through the advanced layout, a
// middle axis run at a few offsets, a middle axis that needs the fused copy), the device result
// against the CPU backend's, the plan cache (a repeated call hits it; its bound holds), and the
// norm scale staying lazy. Skipped where there is no CUDA device or no cuFFT.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { currentRunner } from '../../src/api/context.js';
import { CudaRunner } from '../../src/api/cuda-runner.js';
import { useBackend, setBackendNotice } from '../../src/runtime/backend.js';
import { Cufft } from '../../src/runtime/cufft.js';
import { loadCufft } from '../../src/runtime/cufft-library.js';
import { native } from '../../src/runtime/native.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { HAS_CUDA_DEVICE } from '../helpers/cuda.js';
import {
  checkFftCases, normAndDtypeCases, oneDimCases, rand, realCases, shapeCases, viewAndIdentityCases, type FftCase,
} from '../helpers/fft-cases.js';

setBackendNotice(() => {});

function cufftPresent(): boolean {
  if (!HAS_CUDA_DEVICE) return false;
  try {
    loadCufft(native());
    return true;
  } catch {
    return false;
  }
}
const HAS_CUFFT = cufftPresent();

/** Larger transforms, and the layouts each GPU path takes. */
function largeCases(): FftCase[] {
  const c64 = rand('complex64', [1 << 16]);
  const bluestein = rand('complex128', [(1 << 16) + 7]);
  const r32 = rand('float32', [1 << 18]);
  const rows = rand('float32', [512, 1000]);
  const cols = rand('complex64', [1000, 300]);
  const middle = rand('complex128', [3, 500, 40]);
  const copied = rand('complex64', [20, 64, 30]);
  const square = rand('complex64', [256, 256]);
  return [
    { label: 'fft complex64 2^16', expr: 'np.fft.fft(a)', inputs: { a: c64 }, run: ({ a }) => cp.fft.fft(a) },
    { label: 'ifft complex128 2^16 + 7 (Bluestein)', expr: 'np.fft.ifft(a)', inputs: { a: bluestein }, run: ({ a }) => cp.fft.ifft(a) },
    { label: 'rfft float32 2^18', expr: 'np.fft.rfft(a)', inputs: { a: r32 }, run: ({ a }) => cp.fft.rfft(a) },
    { label: 'irfft float32 2^18 round trip', expr: 'a', inputs: { a: r32 }, run: ({ a }) => cp.fft.irfft(cp.fft.rfft(a), 1 << 18) },
    { label: 'batched rfft of 512 rows', expr: 'np.fft.rfft(a)', inputs: { a: rows }, run: ({ a }) => cp.fft.rfft(a), points: 1000 },
    { label: 'columns (advanced layout, stride 300)', expr: 'np.fft.fft(a, axis=0)', inputs: { a: cols }, run: ({ a }) => cp.fft.fft(a, { axis: 0 }), points: 1000 },
    { label: 'cropped columns', expr: 'np.fft.fft(a, 999, 0)', inputs: { a: cols }, run: ({ a }) => cp.fft.fft(a, 999, 0), points: 1000 },
    { label: 'middle axis of [3, 500, 40] (3 runs)', expr: 'np.fft.fft(a, axis=1)', inputs: { a: middle }, run: ({ a }) => cp.fft.fft(a, { axis: 1 }), points: 500 },
    { label: 'middle axis of [20, 64, 30] (fused copy)', expr: 'np.fft.ifft(a, axis=1)', inputs: { a: copied }, run: ({ a }) => cp.fft.ifft(a, { axis: 1 }), points: 64 },
    { label: 'fft2 256 x 256 (one rank-2 plan)', expr: 'np.fft.fft2(a)', inputs: { a: square }, run: ({ a }) => cp.fft.fft2(a) },
    { label: 'irfft2 256 x 256 (c2c then c2r)', expr: 'np.fft.irfft2(a)', inputs: { a: square }, run: ({ a }) => cp.fft.irfft2(a) },
  ];
}

describe.skipIf(!HAS_CUFFT)('cp.fft through cuFFT', () => {
  it('runs on the CUDA backend', () => {
    useBackend('cuda');
    expect(currentRunner()).toBeInstanceOf(CudaRunner);
  });

  describe('against NumPy', () => {
    it('1-D complex over every length', () => checkFftCases(oneDimCases(), 32), 300_000);
    it('real and Hermitian', () => checkFftCases(realCases(), 32), 300_000);
    it('norms and dtypes', () => checkFftCases(normAndDtypeCases(), 32), 300_000);
    it('n, s, axis and axes', () => checkFftCases(shapeCases(), 32), 300_000);
    it('views, lazy neighbours, identities, empty', () => checkFftCases(viewAndIdentityCases(), 32), 300_000);
    it('larger transforms and every layout path', () => checkFftCases(largeCases(), 32), 300_000);
  });

  it('gives the CPU backend\'s results for a float64 fftn and a float32 rfft2', () => {
    const h = rand('float64', [16, 24, 10]);
    const g = rand('float32', [64, 96]);
    const run = () => [toHost(cp.fft.fftn(toDevice(h))), toHost(cp.fft.rfft2(toDevice(g), { norm: 'ortho' }))];
    useBackend('cuda');
    const device = run();
    useBackend('cpu');
    const host = run();
    useBackend('cuda');
    // Complex results as interleaved (re, im) floats.
    const flat = (x: { data: unknown }): number[] => Array.from(x.data as Float32Array | Float64Array);
    ([[device[0], host[0], 1e-9], [device[1], host[1], 1e-4]] as const).forEach(([d, c, tol]) => {
      const a = flat(d);
      const b = flat(c);
      expect(a.length).toBe(b.length);
      const scale = Math.max(...b.map(Math.abs));
      expect(Math.max(...a.map((x, i) => Math.abs(x - b[i])))).toBeLessThan(tol * scale);
    });
  });

  it('reuses cached plans and keeps the cache bound', () => {
    useBackend('cuda');
    const cufft = Cufft.for((currentRunner() as CudaRunner).device);
    const x = toDevice(rand('complex64', [37, 128]));
    cp.fft.fft(x).eval();
    const before = cufft.stats();
    cp.fft.fft(x).eval();
    const after = cufft.stats();
    expect(after.hits).toBe(before.hits + 1);
    expect(after.misses).toBe(before.misses);
    expect(after.plansAlive).toBeLessThanOrEqual(after.maxPlans);
  });

  it('leaves the inverse norm scale lazy (fused into a consumer)', () => {
    useBackend('cuda');
    const x = toDevice(rand('complex64', [4, 64]));
    const y = cp.fft.ifft(x);
    expect(y.node.realized).toBeUndefined(); // a multiply waiting for its consumer
    const z = cp.fft.fft(x);
    expect(z.node.realized).toBeDefined(); // 'backward' forward: no scale, the cuFFT output itself
  });
});
