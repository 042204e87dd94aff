// lstsq's CholeskyQR2 path for tall real matrices (src/api/lstsq-tall.ts): taken where R's
// condition number allows, declined (undefined: lstsq then uses Householder QR) where the Gram
// matrix is not positive definite or κ(R) passes the limit. lstsq's values against NumPy over
// both paths are in test/helpers/linalg-cases.ts.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { choleskyQR2Factors } from '../../src/api/lstsq-tall.js';

const OP = 'linalg.lstsq';
const rng = () => cp.random.default_rng(5);
const close = (a: cp.NDArray, b: cp.NDArray, rtol: number) => {
  const [x, y] = [a.astype('float64').toTypedArray() as Float64Array, b.astype('float64').toTypedArray() as Float64Array];
  expect(x.length).toBe(y.length);
  const scale = Math.max(...Array.from(y, Math.abs));
  x.forEach((v, i) => expect(Math.abs(v - y[i])).toBeLessThanOrEqual(rtol * scale));
};

describe('lstsq of tall matrices by CholeskyQR2', () => {
  for (const [dtype, rtol] of [['float64', 1e-12], ['float32', 2e-5]] as const) {
    it(`${dtype}: a well-conditioned a takes it, with R's singular values and U_Rᵀ Qᵀ b of the SVD path`, () => {
      const a = rng().standard_normal([500, 4], { dtype });
      const b = rng().standard_normal([500, 2], { dtype });
      const f = choleskyQR2Factors(OP, a, b);
      expect(f).toBeDefined();
      close(f!.s, cp.linalg.svdvals(a), rtol);
      // x = V diag(1/s) U_Rᵀ Qᵀ b is pinv(a) b.
      const x = cp.matmul(f!.vh.T, f!.uHb.divide(f!.s.get(':, None')));
      close(x, cp.matmul(cp.linalg.pinv(a), b), rtol * 10);
    });
  }

  it('declines a rank-deficient a (a column repeated) and an ill-conditioned one', () => {
    const a = rng().standard_normal([200, 3]);
    const b = rng().standard_normal([200, 1]);
    expect(choleskyQR2Factors(OP, cp.concatenate([a, a.get(':, :1')], 1), b)).toBeUndefined();
    // Powers of t in [0, 1]: up to t^3 κ ≈ 120, up to t^4 κ ≈ 680 (past float32's limit of about
    // 400, though the Gram matrix is still positive definite), up to t^7 κ ≈ 1e5 (not in float32).
    const t = cp.linspace(0, 1, 200, { dtype: 'float32' });
    const powers = (x: cp.NDArray, degree: number) => cp.power(x.get(':, None'), cp.arange(degree + 1, { dtype: x.dtype }));
    const b32 = b.astype('float32');
    expect(choleskyQR2Factors(OP, powers(t, 3), b32)).toBeDefined();
    expect(choleskyQR2Factors(OP, powers(t, 4), b32)).toBeUndefined();
    expect(choleskyQR2Factors(OP, powers(t, 7), b32)).toBeUndefined();
    // float64's limit is about 6.7e6.
    expect(choleskyQR2Factors(OP, powers(t.astype('float64'), 7), b)).toBeDefined();
  });

  it('declines a non-finite a (lstsq then raises as NumPy does)', () => {
    const a = rng().standard_normal([40, 3]);
    a.set([5, 1], NaN);
    expect(choleskyQR2Factors(OP, a, cp.ones([40, 1]))).toBeUndefined();
    expect(() => cp.linalg.lstsq(a, cp.ones([40]))).toThrow(/linalg\.lstsq: SVD did not converge/);
  });

  it('leaves complex and integer matrices to Householder QR', () => {
    const a = rng().standard_normal([40, 3]);
    expect(choleskyQR2Factors(OP, a.astype('complex128'), cp.ones([40, 1], { dtype: 'complex128' }))).toBeUndefined();
    expect(choleskyQR2Factors(OP, a.astype('int64'), cp.ones([40, 1], { dtype: 'int64' }))).toBeUndefined();
  });
});
