// The factors lstsq needs of a tall real matrix, by CholeskyQR2 (Fukaya, Nakatsukasa, Yanagisawa
// and Yamamoto, 2014), where it is as accurate as Householder QR: R1 = chol(AᵀA)ᵀ, Q1 = A R1⁻¹,
// then once more on Q1, which is orthogonal to working precision after the second step where
// κ(A) is well below u^(-1/2). Four passes over A (two GEMMs that read it, one that writes Q1, one
// that reads Q1), where cuSOLVER's geqrf + orgqr of a 4M × 10 matrix took 60 ms: a panel that
// narrow runs at a few GB/s. Qᵀb is R2⁻ᵀ (Q1ᵀ b): R2 is within O(κ²u) of the identity, so
// nothing is lost there, and Q itself is never formed.
//
// Where the method would not be accurate the caller falls back to Householder QR: a Gram matrix
// that is not positive definite (rank-deficient or non-finite a), or R's singular values further
// apart than KAPPA_LIMIT (both are read back: the singular values once, as lstsq reads them for
// its rank anyway).
import { DTYPES } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import { cholesky, svdArrays } from './linalg-decompose.js';
import { invArrays } from './linalg-solve.js';
import type { NDArray } from './ndarray.js';
import { matmulArrays } from './products.js';
import { swapaxes } from './views.js';

/** Rows per column from which lstsq and svd factor a 2-D matrix by QR first (./linalg-derived.ts, ./svd-tall.ts). */
export const TALL = 4;

/** The largest κ(R) accepted: a tenth of u^(-1/2) (6.7e6 for float64, 410 for float32). */
export const KAPPA_LIMIT: Record<string, number> = { float64: 0.1 * 2 ** 26, float32: 0.1 * 2 ** 12 };

export interface LeastSquaresFactors {
  /** U_Rᵀ Qᵀ b. */
  uHb: NDArray;
  s: NDArray;
  vh: NDArray;
}

/** R of one CholeskyQR step: upper triangular with XᵀX = RᵀR (Q = X R⁻¹ is formed by the caller where needed). */
export function gramFactor(op: string, x: NDArray): NDArray {
  return swapaxes(cholesky(matmulArrays(op, swapaxes(x, 0, 1), x)), 0, 1);
}

/**
 * lstsq's factors of a tall float32/float64 A (m, n) and B (m, k) by CholeskyQR2, or undefined
 * where Householder QR must be used instead (see above).
 */
export function choleskyQR2Factors(op: string, A: NDArray, B: NDArray): LeastSquaresFactors | undefined {
  const limit = KAPPA_LIMIT[A.dtype.name];
  if (limit === undefined || A.dtype !== B.dtype || A.dtype.kind !== 'f') return undefined;
  try {
    const r1 = gramFactor(op, A);
    const q1 = matmulArrays(op, A, invArrays(op, r1, true));
    const r2 = gramFactor(op, q1);
    const [u, s, vh] = svdArrays(op, matmulArrays(op, r2, r1), false, true, false, 'raise-non-finite') as [NDArray, NDArray, NDArray];
    const values = Array.from(s.astype(DTYPES.float64).toTypedArray() as Float64Array);
    const kappa = Math.max(...values) / Math.min(...values);
    if (!(kappa <= limit)) return undefined;
    // Qᵀb = R2⁻ᵀ (Q1ᵀ b), and U_Rᵀ of that.
    const qHb = matmulArrays(op, swapaxes(invArrays(op, r2, true), 0, 1), matmulArrays(op, swapaxes(q1, 0, 1), B));
    return { uHb: matmulArrays(op, swapaxes(u, 0, 1), qHb), s, vh };
  } catch (err) {
    if (err instanceof CupytsError && err.code === 'ERR_LINALG') return undefined;
    throw err;
  }
}
