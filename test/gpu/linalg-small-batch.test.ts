// The one-launch LU of many small matrices on the GPU (src/api/linalg-small-batch.ts,
// src/codegen/linalg-small-lu.ts; sides up to 16, stacks of 16 or more) against NumPy: solve
// (one and several right-hand sides, more than one chunk of them, a broadcast b, a vector b),
// inv, det and slogdet, over float32 and float64, sides 1 to 16 (powers of two and not),
// non-contiguous and broadcast inputs, a stack that does not fill the last block; a singular
// matrix among many raises LinAlgError at the read (and det gives 0, cond inf); NaN flows as in
// NumPy. Skipped where there is no CUDA device.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { HAS_CUDA_DEVICE } from '../helpers/cuda.js';
import { checkCases, dominant, random, type LinalgCase } from '../helpers/linalg-cases.js';
import { numpyOne, type HostArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

function cases(dtype: 'float32' | 'float64'): LinalgCase[] {
  const mT = (x: cp.NDArray) => cp.swapaxes(x, -1, -2);
  return [
    { label: 'solve 1000 stacked 8x8, one right-hand side', expr: 'np.linalg.solve(a, b)', inputs: { a: random(dtype, [1000, 8, 8], 1), b: random(dtype, [1000, 8, 1], 2) }, run: ({ a, b }) => cp.linalg.solve(a, b), scale: 100 },
    { label: 'inv 1000 stacked 8x8', expr: 'np.linalg.inv(a)', inputs: { a: random(dtype, [1000, 8, 8], 3) }, run: ({ a }) => cp.linalg.inv(a), scale: 100 },
    { label: 'solve 300 stacked 5x5, 20 right-hand sides (two chunks)', expr: 'np.linalg.solve(a, b)', inputs: { a: dominant(dtype, [300, 5, 5], 4), b: random(dtype, [300, 5, 20], 5) }, run: ({ a, b }) => cp.linalg.solve(a, b) },
    { label: 'solve (4, 10) stacked 3x3 with a broadcast b of (10, 3, 2)', expr: 'np.linalg.solve(a, b)', inputs: { a: dominant(dtype, [4, 10, 3, 3], 6), b: random(dtype, [10, 3, 2], 7) }, run: ({ a, b }) => cp.linalg.solve(a, b) },
    { label: 'solve 40 stacked 16x16 with a vector b', expr: 'np.linalg.solve(a, b)', inputs: { a: dominant(dtype, [40, 16, 16], 8), b: random(dtype, [16], 9) }, run: ({ a, b }) => cp.linalg.solve(a, b) },
    { label: 'inv 33 stacked 13x13 (a partly filled last block)', expr: 'np.linalg.inv(a)', inputs: { a: dominant(dtype, [33, 13, 13], 10) }, run: ({ a }) => cp.linalg.inv(a) },
    { label: 'inv 17 stacked 1x1', expr: 'np.linalg.inv(a)', inputs: { a: dominant(dtype, [17, 1, 1], 11) }, run: ({ a }) => cp.linalg.inv(a) },
    { label: 'inv of transposed 7x7 views (non-contiguous)', expr: 'np.linalg.inv(a.swapaxes(-1, -2))', inputs: { a: random(dtype, [50, 7, 7], 12) }, run: ({ a }) => cp.linalg.inv(mT(a)), scale: 100 },
    { label: 'inv of one 4x4 broadcast to 20', expr: 'np.linalg.inv(np.broadcast_to(a, (20, 4, 4)))', inputs: { a: dominant(dtype, [4, 4], 13) }, run: ({ a }) => cp.linalg.inv(cp.broadcast_to(a, [20, 4, 4])) },
    { label: 'det of 500 stacked 6x6', expr: 'np.linalg.det(a)', inputs: { a: random(dtype, [500, 6, 6], 14) }, run: ({ a }) => cp.linalg.det(a), scale: 10 },
    { label: 'slogdet of 64 stacked 11x11', expr: 'tuple(np.linalg.slogdet(a))', inputs: { a: random(dtype, [64, 11, 11], 15) }, run: ({ a }) => cp.linalg.slogdet(a), scale: 10 },
    { label: 'cond of 30 stacked 3x3 (inv quiet)', expr: 'np.linalg.cond(a, 1)', inputs: { a: dominant(dtype, [30, 3, 3], 16) }, run: ({ a }) => cp.linalg.cond(a, 1), scale: 10 },
  ];
}

describe.skipIf(!HAS_CUDA_DEVICE)('the one-launch LU of many small matrices', () => {
  for (const dtype of ['float64', 'float32'] as const) describe(`${dtype} against NumPy`, () => checkCases(cases(dtype), dtype));

  describe('errors and non-finite values', () => {
    const stack = () => {
      const a = cp.add(cp.broadcast_to(cp.eye(4), [100, 4, 4]), cp.multiply(0.01, cp.arange(1600).reshape([100, 4, 4]))).copy();
      a.set([61], cp.array([[1, 2, 3, 4], [2, 4, 6, 8], [0, 1, 0, 0], [0, 0, 1, 0]]));
      return a;
    };
    it('solve and inv of a stack holding one singular matrix raise LinAlgError at the read', () => {
      const a = stack();
      expect(() => cp.linalg.inv(a).toArraySync()).toThrow(/linalg\.inv: Singular matrix \(LinAlgError\)/);
      expect(() => cp.linalg.solve(a, cp.ones([100, 4, 3])).toArraySync()).toThrow(/linalg\.solve: Singular matrix \(LinAlgError\)/);
      const x = cp.linalg.solve(a, cp.ones([100, 4, 1]));
      expect(() => cp.multiply(x, 2).sum().item()).toThrow(/Singular matrix/);
    });
    it('det of that stack is 0 for the singular matrix, as NumPy, and raises nothing; cond is inf there', () => {
      const a = stack();
      const want = numpyOne('(np.linalg.det(a), np.linalg.cond(a, 1))', { a: toHost(a) });
      if (!want.ok) throw new Error(want.error);
      const [det, cond] = want.value as HostArray[];
      const got = toHost(cp.linalg.det(a));
      expect(Math.abs(got.data[61] as number)).toBe(0);
      expect(Array.from(got.data as Float64Array).map((v, i) => Math.abs(v - (det.data as Float64Array)[i]) <= 1e-9 * (1 + Math.abs(v))).every(Boolean)).toBe(true);
      expect(toHost(cp.linalg.cond(a, 1)).data[61]).toBe((cond.data as Float64Array)[61]);
    });
    it('an unrelated solve after a singular one reads back', () => {
      cp.linalg.inv(cp.zeros([20, 2, 2]));
      expect(toHost(cp.linalg.inv(cp.broadcast_to(cp.eye(2), [20, 2, 2]))).data[3]).toBe(1);
    });
    it.each(['float32', 'float64'] as const)('%s: a NaN in one matrix gives NaN in its solution (everywhere NumPy does), no error, the others as NumPy', (dtype) => {
      const h = random(dtype, [40, 6, 6], 20);
      (h.data as Float64Array | Float32Array)[17 * 36 + 8] = NaN;
      const b = random(dtype, [40, 6, 2], 21);
      const want = numpyOne('np.linalg.solve(a, b)', { a: h, b });
      if (!want.ok) throw new Error(want.error);
      const got = toHost(cp.linalg.solve(toDevice(h), toDevice(b))).data as Float64Array;
      const w = (want.value as HostArray).data as Float64Array;
      const tol = dtype === 'float32' ? 1e-3 : 1e-9;
      got.forEach((v, i) => {
        if (Number.isNaN(w[i])) expect(v).toBeNaN();
        else if (Math.floor(i / 12) !== 17) expect(Math.abs(v - w[i])).toBeLessThanOrEqual(tol * (1 + Math.abs(w[i])));
      });
    });
  });
});
