// svd of tall real matrices through CholeskyQR2 (src/api/svd-tall.ts): against NumPy's
// np.linalg.svd through the invariants that do not depend on the signs of the singular pairs
// (the singular values, U S Vh, Uᵀ U, Vh Vhᵀ), float32 (factored in float64) and float64, shapes
// at and past the tall threshold, and the inputs the method declines (a repeated column, a zero
// matrix, κ past its limit, NaN and infinity), which take the general SVD with the same results.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { TALL } from '../../src/api/lstsq-tall.js';
import { tallSvd } from '../../src/api/svd-tall.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { compareArrays, numpyOne, randomArray, type HostArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

const TOL = { float32: { rtol: 2e-5, atol: 2e-5 }, float64: { rtol: 1e-11, atol: 1e-11 } } as const;

function expectNumpy(actual: cp.NDArray, expr: string, inputs: Record<string, HostArray>, tol: { rtol: number; atol: number }): void {
  const want = numpyOne(expr, inputs);
  if (!want.ok) throw new Error(want.error);
  const cmp = compareArrays(toHost(actual), want.value as HostArray, tol);
  expect(cmp.ok ? '' : cmp.message).toBe('');
}

/** svd(a, full_matrices=False) of `h` against NumPy's, through sign-free invariants, scaled by the largest singular value. */
function checkSvd(h: HostArray): void {
  const dtype = h.dtype as 'float32' | 'float64';
  const a = toDevice(h);
  const [u, s, vh] = cp.linalg.svd(a, { full_matrices: false }) as cp.NDArray[];
  const k = Math.min(...h.shape);
  expect([u.shape, s.shape, vh.shape]).toEqual([[h.shape[0], k], [k], [k, h.shape[1]]]);
  expect([u.dtype.name, s.dtype.name, vh.dtype.name]).toEqual([dtype, dtype, dtype]);
  const scale = Math.max(1, Number(cp.max(s).item()));
  const tol = { rtol: TOL[dtype].rtol, atol: TOL[dtype].atol * scale };
  expectNumpy(s, 'np.linalg.svd(a.astype(np.float64), compute_uv=False).astype(a.dtype)', { a: h }, tol);
  expectNumpy(cp.matmul(u.multiply(s), vh), 'a', { a: h }, tol);
  expectNumpy(cp.matmul(u.T, u), `np.eye(${k}, dtype=a.dtype)`, { a: h }, TOL[dtype]);
  expectNumpy(cp.matmul(vh, vh.T), `np.eye(${k}, dtype=a.dtype)`, { a: h }, TOL[dtype]);
  expectNumpy(cp.linalg.svd(a, { compute_uv: false }) as cp.NDArray, 'np.linalg.svd(a.astype(np.float64), compute_uv=False).astype(a.dtype)', { a: h }, tol);
}

describe('svd of tall real matrices by CholeskyQR2', () => {
  let seed = 60;
  for (const dtype of ['float32', 'float64'] as const) {
    for (const shape of [[400, 8], [64, 16], [TALL * 9, 9], [1000, 1], [333, 30], [8, 400], [3, 50]]) {
      it(`${dtype} ${shape.join('x')}: the method takes it (a wide matrix through its transpose); values and invariants as NumPy's`, () => {
        const h = randomArray(dtype, shape, seed++, { low: -3, high: 3 });
        const a = toDevice(h);
        expect(tallSvd('linalg.svd', shape[0] >= shape[1] ? a : a.T, true)).toBeDefined();
        checkSvd(h);
      });
    }
    it(`${dtype}: columns scaled over three decades (κ about 1e3, past what a float32 Gram matrix holds) take it too`, () => {
      const h = randomArray(dtype, [500, 6], seed++, { low: -1, high: 1 });
      const a = toDevice(h).multiply(cp.logspace(0, -3, 6, { dtype }));
      expect(tallSvd('linalg.svd', a, true)).toBeDefined();
      checkSvd(toHost(a));
    });
    it(`${dtype}: a repeated column, a zero matrix and κ past the limit are declined, and the general SVD answers`, () => {
      const h = randomArray(dtype, [200, 4], seed++, { low: -1, high: 1 });
      const repeated = cp.concatenate([toDevice(h), toDevice(h).get(':, :1')], 1);
      expect(tallSvd('linalg.svd', repeated, true)).toBeUndefined();
      checkSvd(toHost(repeated));
      const zero = cp.zeros([100, 5], dtype);
      expect(tallSvd('linalg.svd', zero, true)).toBeUndefined();
      const [u, s] = cp.linalg.svd(zero, { full_matrices: false }) as cp.NDArray[];
      expect(Array.from(s.toTypedArray() as Float64Array)).toEqual([0, 0, 0, 0, 0]);
      expectNumpy(cp.matmul(u.T, u), `np.eye(5, dtype=np.${dtype})`, {}, TOL[dtype]);
      const steep = toDevice(h).multiply(cp.asarray([1, 1e-4, 1e-8, 1e-12], { dtype }));
      expect(tallSvd('linalg.svd', steep, true)).toBeUndefined();
    });
  }

  for (const scale of [1e-160, 1e160, 2 ** -1000]) {
    it(`float64 scaled by ${scale}: the Gram matrices neither underflow nor overflow (a power of two scales them)`, () => {
      const h = randomArray('float64', [400, 8], 77, { low: -1, high: 1 });
      const a = toDevice(h).multiply(scale);
      expect(tallSvd('linalg.svd', a, true)).toBeDefined();
      const [u, s, vh] = cp.linalg.svd(a, { full_matrices: false }) as cp.NDArray[];
      expectNumpy(s.divide(scale), 'np.linalg.svd(a, compute_uv=False)', { a: h }, TOL.float64);
      expectNumpy(cp.matmul(u.T, u), 'np.eye(8)', {}, TOL.float64);
      expectNumpy(cp.matmul(u.multiply(s.divide(scale)), vh), 'a', { a: h }, TOL.float64);
    });
  }

  it('an input that may still raise (a bad index upstream) raises at the first read of the results, not at the call', () => {
    const base = toDevice(randomArray('float64', [40, 5], 8, { low: -1, high: 1 }));
    const x = cp.concatenate([cp.take(base, cp.asarray([0, 1, 99]), 0), base], 0);
    const [, s] = cp.linalg.svd(x, { full_matrices: false }) as cp.NDArray[];
    expect(() => s.toTypedArray()).toThrow(/out of bounds|index/);
  });

  it('a stack of tall matrices takes the general SVD, with NumPy\'s invariants', () => {
    const h = randomArray('float64', [3, 100, 4], 9, { low: -1, high: 1 });
    const [u, s, vh] = cp.linalg.svd(toDevice(h), { full_matrices: false }) as cp.NDArray[];
    expectNumpy(s, 'np.linalg.svd(a, compute_uv=False)', { a: h }, TOL.float64);
    expectNumpy(cp.matmul(u.multiply(s.get('..., None, :')), vh), 'a', { a: h }, TOL.float64);
  });

  it('NaN raises LinAlgError and an infinity gives NaN singular values, as without the method', () => {
    const a = toDevice(randomArray('float64', [200, 5], 3, { low: -1, high: 1 }));
    a.set('3, 2', NaN);
    expect(() => (cp.linalg.svd(a, { full_matrices: false }) as cp.NDArray[])[1].toTypedArray()).toThrow(/did not converge/);
    a.set('3, 2', Infinity);
    const s = (cp.linalg.svd(a, { full_matrices: false }) as cp.NDArray[])[1].toTypedArray() as Float64Array;
    expect(Array.from(s).every(Number.isNaN)).toBe(true);
  });

  it('is not taken for full_matrices=True with U, a short matrix, or complex input (a wide one goes through its transpose)', () => {
    const tall = toDevice(randomArray('float64', [100, 4], 5, { low: -1, high: 1 }));
    expect(tallSvd('linalg.svd', tall.T, true)).toBeUndefined();
    expect(tallSvd('linalg.svd', tall.get(':12'), true)).toBeUndefined();
    expect(tallSvd('linalg.svd', tall.astype('complex128'), true)).toBeUndefined();
    const [u] = cp.linalg.svd(tall) as cp.NDArray[]; // full_matrices=True: U is 100 x 100
    expect(u.shape).toEqual([100, 100]);
    expectNumpy(cp.matmul(u.T, u), 'np.eye(100)', {}, TOL.float64);
  });
});
