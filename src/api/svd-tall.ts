// The SVD of a tall real matrix (rows at least TALL times its columns; a wide one through its
// transpose, ./linalg-decompose.ts) through CholeskyQR2, as
// lstsq factors one (./lstsq-tall.ts): A = Q R with R = R2 R1, R's SVD R = U_R S Vh taken on the
// small n x n matrix, then U = Q U_R = Q1 (R2⁻¹ U_R). Four passes over an m x n matrix and small
// solves, where cuSOLVER's gesvdj works on the whole of it (PCA's 1M x 32 float32: gesvdj about
// 9 ms of the program). LAPACK's gesvd takes a QR first for the same reason where rows far
// outnumber columns.
//
// float32 input is factored in float64 (its Gram matrix squares κ, which float32 would hold only
// up to about 400; float64 holds it to about 6.7e6, past what float32 data can resolve) and the
// results cast back. Where the method would not be accurate (a Gram matrix that is not positive
// definite: rank-deficient, zero or non-finite input; or κ(R) past the limit) it returns undefined
// and the caller takes the general SVD: s is read back to decide, one synchronization.
import { DTYPES } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import { abs, divide, exp2, floor, greater, log2, multiply } from './elementwise.js';
import { svdArrays } from './linalg-decompose.js';
import { invArrays } from './linalg-solve.js';
import { gramFactor, KAPPA_LIMIT, TALL } from './lstsq-tall.js';
import type { NDArray } from './ndarray.js';
import { where } from './operands.js';
import { matmulArrays } from './products.js';
import { max } from './reductions.js';

/**
 * The thin SVD of a tall 2-D real matrix `a` ([s, u?, vh], in a's dtype), or undefined where the
 * general SVD must run. It reads s back to decide: the caller passes only input that cannot raise
 * at that read (svdArrays), so that an error upstream comes at the results' first read, not here.
 */
export function tallSvd(op: string, a: NDArray, computeUv: boolean): { s: NDArray; u?: NDArray; vh: NDArray } | undefined {
  const [m, n] = a.shape;
  if (a.ndim !== 2 || (a.dtype !== DTYPES.float32 && a.dtype !== DTYPES.float64) || n === 0 || m < TALL * n) return undefined;
  // Scaled by a power of two near its largest magnitude (exact), so that the Gram matrices neither
  // underflow nor overflow; s is scaled back.
  const work0 = a.dtype === DTYPES.float64 ? a : a.astype(DTYPES.float64);
  const largest = max(abs(work0));
  const scale = where(greater(largest, 0), exp2(floor(log2(largest))), 1) as NDArray;
  const work = divide(work0, scale);
  try {
    const r1 = gramFactor(op, work);
    const q1 = matmulArrays(op, work, invArrays(op, r1, true));
    const r2 = gramFactor(op, q1);
    const [ur, s, vh] = svdArrays(op, matmulArrays(op, r2, r1), false, true, false, 'raise-non-finite') as [NDArray, NDArray, NDArray];
    const values = Array.from(s.toTypedArray() as Float64Array);
    if (!(Math.max(...values) / Math.min(...values) <= KAPPA_LIMIT.float64)) return undefined;
    const back = (x: NDArray) => (x.dtype === a.dtype ? x : x.astype(a.dtype));
    const u = computeUv ? back(matmulArrays(op, q1, matmulArrays(op, invArrays(op, r2, true), ur))) : undefined;
    return { s: back(multiply(s, scale)), vh: back(vh), ...(u ? { u } : {}) };
  } catch (err) {
    if (err instanceof CupytsError && err.code === 'ERR_LINALG') return undefined;
    throw err;
  }
}
