// cp.linalg on complex64 and complex128 input on the GPU through cuSOLVER's C and Z calls: every
// case of test/helpers/linalg-complex-cases.ts against NumPy on the CUDA backend, larger and
// batched inputs (per-matrix getrf/getrs, potrf, potrfBatched, gesvdj and its batched form under
// pinv and lstsq), and devInfo as LinAlgError at the read. Skipped where there is no CUDA device.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { HAS_CUDA_DEVICE } from '../helpers/cuda.js';
import { checkCases, type LinalgCase } from '../helpers/linalg-cases.js';
import { complexLinalgCases, dominantComplex, hpd } from '../helpers/linalg-complex-cases.js';
import { randomArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

function largeCases(dtype: 'complex64' | 'complex128'): LinalgCase[] {
  const r = (shape: number[], seed: number) => randomArray(dtype, shape, seed, { low: -1, high: 1 });
  return [
    { label: 'solve 150x150, 4 right-hand sides', expr: 'np.linalg.solve(a, b)', inputs: { a: dominantComplex(dtype, [150, 150], 1), b: r([150, 4], 2) }, run: ({ a, b }) => cp.linalg.solve(a, b), scale: 10 },
    { label: 'inv of 300 stacked 8x8', expr: 'np.linalg.inv(a)', inputs: { a: dominantComplex(dtype, [300, 8, 8], 3) }, run: ({ a }) => cp.linalg.inv(a) },
    { label: 'det of 50 stacked 6x6', expr: 'np.linalg.det(a)', inputs: { a: r([50, 6, 6], 4) }, run: ({ a }) => cp.linalg.det(a), scale: 10 },
    { label: 'slogdet 64x64', expr: 'tuple(np.linalg.slogdet(a))', inputs: { a: r([64, 64], 5) }, run: ({ a }) => cp.linalg.slogdet(a), scale: 10 },
    { label: 'cholesky 80x80 (potrf)', expr: 'np.linalg.cholesky(a)', inputs: { a: hpd(dtype, [80, 80], 6) }, run: ({ a }) => cp.linalg.cholesky(a), scale: 10 },
    { label: 'cholesky of 50 stacked 4x4 (potrfBatched)', expr: 'np.linalg.cholesky(a)', inputs: { a: hpd(dtype, [50, 4, 4], 7) }, run: ({ a }) => cp.linalg.cholesky(a) },
    { label: 'cholesky upper of 3 stacked 40x40', expr: 'np.linalg.cholesky(a, upper=True)', inputs: { a: hpd(dtype, [3, 40, 40], 8) }, run: ({ a }) => cp.linalg.cholesky(a, { upper: true }), scale: 10 },
    { label: 'pinv 50x30 (gesvdj)', expr: 'np.linalg.pinv(a)', inputs: { a: r([50, 30], 9) }, run: ({ a }) => cp.linalg.pinv(a), scale: 10 },
    { label: 'pinv of 200 stacked 6x4 (batched Jacobi)', expr: 'np.linalg.pinv(a)', inputs: { a: r([200, 6, 4], 10) }, run: ({ a }) => cp.linalg.pinv(a), scale: 10 },
    {
      label: 'lstsq 120x40, 3 right-hand sides: x, residuals, s', expr: 'tuple(np.linalg.lstsq(a, b)[i] for i in (0, 1, 3))', inputs: { a: r([120, 40], 11), b: r([120, 3], 12) },
      run: ({ a, b }) => { const [x, res, , s] = cp.linalg.lstsq(a, b); return [x, res, s]; }, scale: 10,
    },
  ];
}

describe.skipIf(!HAS_CUDA_DEVICE)('complex cp.linalg through cuSOLVER', () => {
  for (const dtype of ['complex128', 'complex64'] as const) {
    describe(`${dtype} against NumPy`, () => checkCases(complexLinalgCases(dtype), dtype));
    describe(`${dtype} larger and batched against NumPy`, () => checkCases(largeCases(dtype), dtype));
  }
  it('a singular complex matrix and a Hermitian one that is not positive definite raise at the read', () => {
    const z = (re: number, im: number) => cp.complex(re, im);
    const singular = cp.array([[z(1, 1), z(2, -1)], [z(2, 2), z(4, -2)]]);
    expect(() => cp.linalg.inv(singular).toArraySync()).toThrow(/linalg\.inv: Singular matrix \(LinAlgError\)/);
    const indefinite = cp.array([[z(1, 0), z(2, 1)], [z(2, -1), z(1, 0)]]);
    expect(() => cp.linalg.cholesky(indefinite).toArraySync()).toThrow(/not positive definite/);
    const stack = cp.broadcast_to(cp.eye(3, { dtype: 'complex64' }), [6, 3, 3]).copy();
    stack.set([4, 1, 1], -1);
    expect(() => cp.linalg.cholesky(stack).toArraySync()).toThrow(/not positive definite/);
  });
});
