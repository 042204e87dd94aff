// cuBLAS on the GPU: it loads, float32 is NumPy-exact by default (no TF32) and TF32 is used only
// when allowed, float16 accumulates in float32, and the generated fallback kernel agrees with
// cuBLAS on floats. Skipped where there is no CUDA device.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { currentRunner } from '../../src/api/context.js';
import { CudaRunner } from '../../src/api/cuda-runner.js';
import { generateMatmulCuda } from '../../src/codegen/matmul.js';
import { DTYPES } from '../../src/ir/dtype.js';
import { Cublas } from '../../src/runtime/cublas.js';
import type { CudaBuffer } from '../../src/runtime/cuda-buffer.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { HAS_CUDA_DEVICE, randomFloat32 } from '../helpers/cuda.js';

setBackendNotice(() => {});

/** max |got - ref| / max |ref| against a float64 product on the host. */
function relError(got: ArrayLike<number>, a: Float32Array, b: Float32Array, m: number, k: number, n: number): number {
  let err = 0;
  let scale = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
      err = Math.max(err, Math.abs(got[i * n + j] - s));
      scale = Math.max(scale, Math.abs(s));
    }
  }
  return err / scale;
}

describe.skipIf(!HAS_CUDA_DEVICE)('matmul on the GPU', () => {
  const [m, k, n] = [192, 320, 160];
  const a = randomFloat32(m * k, 1).map((x) => x / 100);
  const b = randomFloat32(k * n, 2).map((x) => x / 100);
  const matrix = (data: Float32Array, rows: number, cols: number) =>
    cp.asarray(Array.from({ length: rows }, (_, i) => Array.from(data.subarray(i * cols, (i + 1) * cols))), { dtype: 'float32' });
  const mats = () => [matrix(a, m, k), matrix(b, k, n)];

  it('loads cuBLAS', () => {
    const runner = currentRunner() as CudaRunner;
    const cublas = Cublas.for(runner.device);
    expect(cublas.version).toBeGreaterThan(11000);
  });

  it('float32 is exact to float32 rounding by default; TF32 only when allowed', () => {
    const [x, y] = mats();
    cp.config.allowTF32 = false;
    const exact = relError(cp.matmul(x, y).dataSync() as Float32Array, a, b, m, k, n);
    expect(exact).toBeLessThan(1e-5);
    cp.config.allowTF32 = true;
    try {
      const tf32 = relError(cp.matmul(x, y).dataSync() as Float32Array, a, b, m, k, n);
      expect(tf32).toBeLessThan(5e-3);
    } finally {
      cp.config.allowTF32 = false;
    }
  });

  it('float16 accumulates in float32', () => {
    const [x, y] = mats();
    const got = cp.matmul(x.astype('float16'), y.astype('float16')).dataSync() as Float32Array;
    expect(relError(got, a, b, m, k, n)).toBeLessThan(5e-3);
  });

  it('the generated kernel (the fallback without cuBLAS) agrees with cuBLAS on float32', () => {
    const runner = currentRunner() as CudaRunner;
    const [x, y] = mats();
    const gen = generateMatmulCuda(DTYPES.float32);
    const out = runner.device.alloc(m * n * 4);
    const ptr = (t: cp.NDArray) => (t.eval().node.realized!.storage as CudaBuffer).ptr;
    runner.sourceKernel(gen.name, gen.source).launch([Math.ceil(n / 16), Math.ceil(m / 16), 1], [16, 16, 1], 'pppiiiilllllli',
      [ptr(x), ptr(y), out.ptr, 1, m, n, k, 0n, 0n, BigInt(k), 1n, BigInt(n), 1n, 0]);
    const got = new Float32Array(m * n);
    out.read(got);
    expect(relError(got, a, b, m, k, n)).toBeLessThan(1e-5);
  });
});
