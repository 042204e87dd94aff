// cp.linalg on the GPU through cuSOLVER: the library loads, every NumPy-differential case of
// test/helpers/linalg-cases.ts (stacks, broadcast stacks, views, empty, 1x1; the batched Jacobi
// paths for many matrices up to 32 x 32, potrfBatched for stacks, the one-launch LU of many small
// matrices) agrees with NumPy on the CUDA
// backend, larger matrices take the one-call paths (getrf/getrs, potrf, geqrf/orgqr, gesvdj,
// syevd), and devInfo becomes LinAlgError at the read. Skipped where there is no CUDA device.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { currentRunner } from '../../src/api/context.js';
import { CudaRunner } from '../../src/api/cuda-runner.js';
import { Cusolver } from '../../src/runtime/cusolver.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { HAS_CUDA_DEVICE } from '../helpers/cuda.js';
import { checkCases, dominant, linalgCases, random, spd, type LinalgCase } from '../helpers/linalg-cases.js';

setBackendNotice(() => {});

/** Cases that take cuSOLVER's single-matrix calls (sides above 32) and its batched ones. */
function largeCases(dtype: 'float32' | 'float64'): LinalgCase[] {
  const mT = (x: cp.NDArray) => cp.swapaxes(x, -1, -2);
  return [
    { label: 'solve 200x200, 3 right-hand sides', expr: 'np.linalg.solve(a, b)', inputs: { a: dominant(dtype, [200, 200], 1), b: random(dtype, [200, 3], 2) }, run: ({ a, b }) => cp.linalg.solve(a, b), scale: 10 },
    { label: 'inv of 300 stacked 8x8', expr: 'np.linalg.inv(a)', inputs: { a: dominant(dtype, [300, 8, 8], 3) }, run: ({ a }) => cp.linalg.inv(a) },
    { label: 'det of 100 stacked 6x6', expr: 'np.linalg.det(a)', inputs: { a: random(dtype, [100, 6, 6], 4) }, run: ({ a }) => cp.linalg.det(a), scale: 10 },
    { label: 'slogdet 64x64', expr: 'tuple(np.linalg.slogdet(a))', inputs: { a: random(dtype, [64, 64], 5) }, run: ({ a }) => cp.linalg.slogdet(a), scale: 10 },
    { label: 'cholesky 100x100', expr: 'np.linalg.cholesky(a)', inputs: { a: spd(dtype, [100, 100], 6) }, run: ({ a }) => cp.linalg.cholesky(a), scale: 10 },
    { label: 'cholesky of 50 stacked 4x4 (potrfBatched)', expr: 'np.linalg.cholesky(a)', inputs: { a: spd(dtype, [50, 4, 4], 7) }, run: ({ a }) => cp.linalg.cholesky(a) },
    { label: 'cholesky 300x300 of a non-symmetric input: the lower triangle only (Xpotrf on the row-major copy)', expr: 'np.linalg.cholesky(a)', inputs: { a: dominant(dtype, [300, 300], 19) }, run: ({ a }) => cp.linalg.cholesky(a), scale: 10 },
    { label: 'cholesky upper 200x200 of a non-symmetric input: the upper triangle only', expr: 'np.linalg.cholesky(a, upper=True)', inputs: { a: dominant(dtype, [200, 200], 20) }, run: ({ a }) => cp.linalg.cholesky(a, { upper: true }), scale: 10 },
    { label: 'cholesky of a lazy expression over a transposed view (the tril copy fused)', expr: 'np.linalg.cholesky(2 * a.T)', inputs: { a: spd(dtype, [64, 64], 21) }, run: ({ a }) => cp.linalg.cholesky(cp.multiply(2, a.T)), scale: 10 },
    { label: 'cholesky upper of 3 stacked 40x40', expr: 'np.linalg.cholesky(a, upper=True)', inputs: { a: spd(dtype, [3, 40, 40], 8) }, run: ({ a }) => cp.linalg.cholesky(a, { upper: true }), scale: 10 },
    {
      label: 'qr 120x50 reduced: Q R, Q^T Q, |R|', expr: "(lambda q, r: (q @ r, q.T @ q, np.abs(r)))(*np.linalg.qr(a))", inputs: { a: random(dtype, [120, 50], 9) },
      run: ({ a }) => { const [q, r] = cp.linalg.qr(a) as cp.NDArray[]; return [cp.matmul(q, r), cp.matmul(q.T, q), cp.abs(r)]; }, scale: 10,
    },
    {
      label: 'qr 60x40 complete: Q R, Q^T Q', expr: "(lambda q, r: (q @ r, q.T @ q))(*np.linalg.qr(a, 'complete'))", inputs: { a: random(dtype, [60, 40], 10) },
      run: ({ a }) => { const [q, r] = cp.linalg.qr(a, 'complete') as cp.NDArray[]; return [cp.matmul(q, r), cp.matmul(q.T, q)]; }, scale: 10,
    },
    {
      label: 'svd 80x45 reduced (gesvdj econ)', expr: '(lambda u, s, vh: ((u * s) @ vh, u.T @ u, vh @ vh.T, s))(*np.linalg.svd(a, False))', inputs: { a: random(dtype, [80, 45], 11) },
      run: ({ a }) => { const [u, s, vh] = cp.linalg.svd(a, false) as cp.NDArray[]; return [cp.matmul(cp.multiply(u, s), vh), cp.matmul(u.T, u), cp.matmul(vh, vh.T), s]; }, scale: 10,
    },
    {
      label: 'svd 40x70 full (gesvdj)', expr: '(lambda u, s, vh: (u.T @ u, vh @ vh.T, s))(*np.linalg.svd(a))', inputs: { a: random(dtype, [40, 70], 12) },
      run: ({ a }) => { const [u, s, vh] = cp.linalg.svd(a) as cp.NDArray[]; return [cp.matmul(u.T, u), cp.matmul(vh, vh.T), s]; }, scale: 10,
    },
    {
      label: 'svd of 200 stacked 6x4 full (gesvdjBatched)', expr: '(lambda u, s, vh: (u @ mT(u), vh @ mT(vh), s))(*np.linalg.svd(a))'.replace(/mT\((\w+)\)/g, '$1.swapaxes(-1, -2)'), inputs: { a: random(dtype, [200, 6, 4], 13) },
      run: ({ a }) => { const [u, s, vh] = cp.linalg.svd(a) as cp.NDArray[]; return [cp.matmul(u, mT(u)), cp.matmul(vh, mT(vh)), s]; },
    },
    { label: 'svdvals of 10 stacked 33x33 (per-matrix gesvdj)', expr: 'np.linalg.svdvals(a)', inputs: { a: random(dtype, [10, 33, 33], 14) }, run: ({ a }) => cp.linalg.svdvals(a), scale: 10 },
    { label: 'eigvalsh 150x150 (syevd)', expr: 'np.linalg.eigvalsh(a)', inputs: { a: random(dtype, [150, 150], 15) }, run: ({ a }) => cp.linalg.eigvalsh(a), scale: 10 },
    {
      label: 'eigh of 300 stacked 5x5 UPLO=U (syevjBatched)', expr: "(lambda w, v: (mT(v) @ v, w))(*np.linalg.eigh(a, 'U'))".replace(/mT\((\w+)\)/g, '$1.swapaxes(-1, -2)'), inputs: { a: random(dtype, [300, 5, 5], 16) },
      run: ({ a }) => { const [w, v] = cp.linalg.eigh(a, 'U') as cp.NDArray[]; return [cp.matmul(mT(v), v), w]; }, scale: 10,
    },
    { label: 'pinv 50x30', expr: 'np.linalg.pinv(a)', inputs: { a: random(dtype, [50, 30], 17) }, run: ({ a }) => cp.linalg.pinv(a), scale: 10 },
    { label: 'norm ord 2 and nuc over a stack', expr: "(np.linalg.norm(a, 2, (-2, -1)), np.linalg.norm(a, 'nuc', (-2, -1)))", inputs: { a: random(dtype, [7, 9, 5], 18) }, run: ({ a }) => [cp.linalg.norm(a, 2, [-2, -1]), cp.linalg.norm(a, 'nuc', [-2, -1])] },
  ];
}

describe.skipIf(!HAS_CUDA_DEVICE)('cp.linalg through cuSOLVER', () => {
  it('runs on the CUDA backend and loads cuSOLVER', () => {
    const runner = currentRunner();
    expect(runner).toBeInstanceOf(CudaRunner);
    const solver = Cusolver.for((runner as CudaRunner).device);
    expect(solver.path).toMatch(/cusolver/);
  });

  for (const dtype of ['float64', 'float32'] as const) {
    describe(`${dtype} against NumPy`, () => checkCases(linalgCases(dtype), dtype));
    describe(`${dtype} larger and batched against NumPy`, () => checkCases(largeCases(dtype), dtype));
  }

  describe('devInfo becomes LinAlgError at the read', () => {
    it('solve of a singular matrix', () => {
      const x = cp.linalg.solve(cp.array([[1, 2], [2, 4]]), cp.array([1, 2]));
      expect(() => x.toArraySync()).toThrow(/linalg\.solve: Singular matrix \(LinAlgError\)/);
    });
    it('inv of one singular matrix among many (the per-matrix getrf loop)', () => {
      const a = cp.broadcast_to(cp.eye(3), [10, 3, 3]).copy();
      a.set([7, 2], 0);
      expect(() => cp.linalg.inv(a).toArraySync()).toThrow(/linalg\.inv: Singular matrix/);
    });
    it('solve and inv with one singular matrix among 40 small ones (the one-launch LU of src/api/linalg-small-batch.ts)', () => {
      const a = cp.broadcast_to(cp.eye(4), [40, 4, 4]).copy();
      a.set([23, 1, 1], 0);
      expect(() => cp.linalg.inv(a).toArraySync()).toThrow(/linalg\.inv: Singular matrix/);
      expect(() => cp.linalg.solve(a, cp.ones([40, 4, 2])).toArraySync()).toThrow(/linalg\.solve: Singular matrix/);
      expect(Math.abs(cp.linalg.det(a).get(23).item() as number)).toBe(0);
    });
    it('cholesky of a matrix that is not positive definite, alone and in a batch (potrf, potrfBatched)', () => {
      expect(() => cp.linalg.cholesky(cp.array([[1, 2], [2, 1]])).toArraySync()).toThrow(/linalg\.cholesky: Matrix is not positive definite/);
      const stack = cp.broadcast_to(cp.eye(4), [6, 4, 4]).copy();
      stack.set([3, 1, 1], -1);
      expect(() => cp.linalg.cholesky(stack).toArraySync()).toThrow(/not positive definite/);
    });
    it('det of a singular matrix is 0 and raises nothing', () => {
      expect(Math.abs(cp.linalg.det(cp.array([[1, 2], [2, 4]])).item() as number)).toBe(0);
    });
    it('an error stays with its result: an unrelated solve afterwards reads back', () => {
      cp.linalg.solve(cp.array([[0, 0], [0, 0]]), cp.array([1, 2]));
      expect(cp.linalg.solve(cp.eye(2), cp.array([3, 4])).toArraySync()).toEqual([3, 4]);
    });
  });
});
