// numpy.linalg's decompositions, declared with NumPy's signatures: cholesky (upper), qr (modes
// 'reduced', 'complete', 'r'), svd (full_matrices, compute_uv, hermitian), svdvals, eigh and
// eigvalsh (UPLO). Stacks of matrices go through as one batch (./linalg-factor.ts). Factors are
// unique only up to signs: tests compare reconstructions, NumPy's values for the rest. A matrix
// holding NaN makes the SVD raise LinAlgError at the read, one holding infinity gives NaN, as
// NumPy's LAPACK calls do.
import { DTYPES, realPartDType } from '../ir/dtype.js';
import { real } from './complex-api.js';
import { makeComplex } from '../ir/complex.js';
import { CupytsError } from '../ir/errors.js';
import { sizeOf } from '../ir/shape.js';
import { arrayLike } from './array-params.js';
import { full } from './creation.js';
import { add, conjugate, isfinite, isnan, logical_not, logical_or } from './elementwise.js';
import { choleskyBatch, eighBatch, qrBatch, raiseWhereFlagged, svdBatch } from './linalg-factor.js';
import { asBatch, asLinalg, checkStacked2d, checkStackedSquare, stackShape, unbatch } from './linalg-inputs.js';
import { tril, triu } from './matrices.js';
import type { NDArray } from './ndarray.js';
import * as t from './param-types.js';
import { declare, keyword, positional, required } from './signature.js';
import { expand_dims, reshape, swapaxes } from './views.js';
import { tallSvd } from './svd-tall.js';
import { mayRaise } from './kernel-faults.js';
import { where } from './operands.js';
import * as R from './reductions.js';
import { eye } from './ranges.js';

const a = required('a', arrayLike);

/** cholesky(a, /, *, upper=False): L with a = L @ L.T (from the lower triangle), or U = L.T (from the upper) with `upper`. */
export const cholesky = declare('linalg.cholesky', [a, keyword('upper', t.boolean, false)], (v) => {
  const op = 'linalg.cholesky';
  const A = asLinalg(op, v.a);
  checkStackedSquare(op, A);
  const stack = stackShape(A);
  if (sizeOf(A.shape) === 0) return full(A.shape, 0, { dtype: A.dtype });
  // The upper factor of A is the transposed lower factor of A.T (whose lower triangle is A's upper one).
  const source = v.upper ? swapaxes(A, -1, -2) : A;
  const L = unbatch(choleskyBatch(op, asBatch(source)), stack);
  return v.upper ? swapaxes(L, -1, -2) : L;
});

type QrMode = 'reduced' | 'complete' | 'r' | 'raw';

/** qr(a, mode='reduced'): [Q, R] ('reduced': Q (m, k), R (k, n); 'complete': Q (m, m), R (m, n)), or R alone for 'r'. */
export const qr = declare('linalg.qr', [a, positional('mode', t.oneOf<QrMode>('reduced', 'complete', 'r', 'raw'), 'reduced')], (v): NDArray | [NDArray, NDArray] => {
  const op = 'linalg.qr';
  if (v.mode === 'raw') throw new CupytsError('ERR_UNSUPPORTED', `${op}: mode 'raw' (LAPACK's Householder reflectors) is not supported; use 'reduced', 'complete' or 'r'`);
  const A = asLinalg(op, v.a);
  checkStacked2d(op, A);
  const [m, n] = A.shape.slice(-2);
  const k = Math.min(m, n);
  const stack = stackShape(A);
  const qcols = v.mode === 'complete' ? m : v.mode === 'reduced' ? k : 0;
  const rrows = v.mode === 'complete' ? m : k;
  if (sizeOf(stack) * m * n === 0) {
    const r = full([...stack, rrows, n], 0, { dtype: A.dtype });
    if (v.mode === 'r') return r;
    const q = sizeOf(stack) * m * qcols === 0 ? full([...stack, m, qcols], 0, { dtype: A.dtype }) : add(full([...stack, m, qcols], 0, { dtype: A.dtype }), eye(m, qcols, { dtype: A.dtype }));
    return [q, r];
  }
  const { q, r } = qrBatch(op, asBatch(A), qcols);
  const R = unbatch(rrows === m ? r : r.get(`...,:${rrows},:`), stack);
  return q ? [unbatch(q, stack), R] : R;
});

/** Symmetric (Hermitian) matrices made from the lower triangles (NumPy's hermitian=True reads only that). */
function symmetricFromLower(A: NDArray): NDArray {
  const upper = swapaxes(tril(A, -1), -1, -2);
  return add(tril(A), A.dtype.kind === 'c' ? conjugate(upper) : upper);
}

/** What a NaN or an infinity in a matrix does to its SVD (NumPy's, through LAPACK). */
export type NonFinitePolicy =
  /** gesdd (svd, svdvals, pinv, matrix_rank, cond, norm): NaN raises "SVD did not converge"; infinity gives NaN results. */
  | 'raise-nan'
  /** gelsd (lstsq): NaN and infinity raise "SVD did not converge in Linear Least Squares". */
  | 'raise-non-finite'
  /** svd with hermitian: NaN results, nothing raised. */
  | 'nan-results'
  /** syevd (eigh, eigvalsh): NaN raises "Eigenvalues did not converge"; infinity gives NaN results. */
  | 'eigh';

/**
 * The batch (batch, m, n) made safe for the solver under `policy`: the matrices that hold NaN or
 * infinity replaced by zeros, with `nonFinite` (batch,) marking them (their results are set to
 * NaN); where the policy raises, the input reads flags whose nonzero entries raise LinAlgError at
 * the first read of any result.
 */
function screenNonFinite(op: string, batch: NDArray, policy: NonFinitePolicy): { input: NDArray; nonFinite: NDArray } {
  const nonFinite = logical_not(R.all(isfinite(batch), { axis: [-2, -1] }));
  let zeroed = nonFinite;
  if (policy !== 'nan-results') {
    const bad = policy === 'raise-non-finite' ? nonFinite : R.any(isnan(batch), { axis: [-2, -1] });
    const message = policy === 'raise-nan' ? 'SVD did not converge' : policy === 'eigh' ? 'Eigenvalues did not converge' : 'SVD did not converge in Linear Least Squares';
    const flags = raiseWhereFlagged(bad, () => new CupytsError('ERR_LINALG', `${op}: ${message} (LinAlgError)`));
    zeroed = logical_or(nonFinite, flags);
  }
  return { input: where(expand_dims(zeroed, [-2, -1]), 0, batch), nonFinite };
}

/** `x` (batch, ...) with NaN (NaN + NaN j for complex) in the entries of the batch members `mask` (batch,) marks. */
function nanWhere(mask: NDArray, x: NDArray): NDArray {
  const at = expand_dims(mask, Array.from({ length: x.ndim - 1 }, (_, j) => j + 1));
  return where(at, x.dtype.kind === 'c' ? makeComplex(NaN, NaN) : NaN, x) as NDArray;
}

/** The SVD of a stack: [U, S, Vh], or S alone without `computeUv`; NaN and infinity as `policy` says (NumPy's gesdd by default). */
export function svdArrays(op: string, x: NDArray, fullMatrices: boolean, computeUv: boolean, hermitian: boolean, policy: NonFinitePolicy = 'raise-nan'): NDArray | [NDArray, NDArray, NDArray] {
  let A = asLinalg(op, x);
  checkStacked2d(op, A);
  if (hermitian) {
    checkStackedSquare(op, A);
    A = symmetricFromLower(A);
  }
  const [m, n] = A.shape.slice(-2);
  const k = Math.min(m, n);
  const stack = stackShape(A);
  const ucols = fullMatrices ? m : k;
  const vrows = fullMatrices ? n : k;
  if (sizeOf(stack) * m * n === 0) {
    const s = full([...stack, k], 0, { dtype: realPartDType(A.dtype) });
    if (!computeUv) return s;
    const square = (rows: number, cols: number) => (sizeOf(stack) * rows * cols === 0
      ? full([...stack, rows, cols], 0, { dtype: A.dtype })
      : add(full([...stack, rows, cols], 0, { dtype: A.dtype }), eye(rows, cols, { dtype: A.dtype })));
    return [square(m, ucols), s, square(vrows, n)];
  }
  const { input, nonFinite } = screenNonFinite(op, asBatch(A), hermitian ? 'nan-results' : policy);
  // A tall real matrix through CholeskyQR2 first (./svd-tall.ts), where its thin factors are asked
  // for; a wide one the same way through its transpose (A = Vh'ᵀ S U'ᵀ).
  // (an input that may still raise, from a bad index upstream, takes the general SVD: the method
  // reads s back, and the error must come at the results' first read, not at this call)
  const thin = !hermitian && !(computeUv && fullMatrices) && input.shape[0] === 1 && !mayRaise(A.eval().node.realized!.storage as object);
  const flat = thin ? reshape(input, [m, n]) : undefined;
  const wide = flat && m < n ? tallSvd(op, swapaxes(flat, 0, 1), computeUv) : undefined;
  const tall = wide ? { s: wide.s, u: computeUv ? swapaxes(wide.vh, 0, 1) : undefined, vh: wide.u ? swapaxes(wide.u, 0, 1) : wide.vh }
    : flat && m >= n ? tallSvd(op, flat, computeUv) : undefined;
  const one = (x: NDArray) => expand_dims(x, 0);
  const r = tall ? { s: one(tall.s), u: tall.u && one(tall.u), vh: one(tall.vh) } : svdBatch(op, input, computeUv, fullMatrices);
  const s = unbatch(nanWhere(nonFinite, r.s), stack);
  if (!computeUv) return s;
  return [unbatch(nanWhere(nonFinite, r.u!), stack), s, unbatch(nanWhere(nonFinite, r.vh!), stack)];
}

/** svd(a, full_matrices=True, compute_uv=True, hermitian=False): [U, S, Vh] with a = U @ diag(S) @ Vh, or S alone. */
export const svd = declare(
  'linalg.svd',
  [a, positional('full_matrices', t.boolean, true), positional('compute_uv', t.boolean, true), positional('hermitian', t.boolean, false)],
  (v) => svdArrays('linalg.svd', v.a, v.full_matrices, v.compute_uv, v.hermitian),
);

/** The singular values of a stack of matrices (descending). */
export function singularValues(op: string, x: NDArray): NDArray {
  return svdArrays(op, x, false, false, false) as NDArray;
}

/** svdvals(x, /): the singular values, descending. */
export const svdvals = declare('linalg.svdvals', [required('x', arrayLike)], (v) => singularValues('linalg.svdvals', v.x));

const uplo = positional('UPLO', t.oneOf('L', 'U'), 'L');

function eighArrays(op: string, x: NDArray, lower: boolean, vectors: boolean): { w: NDArray; v?: NDArray } {
  const A = asLinalg(op, x);
  checkStackedSquare(op, A);
  const n = A.shape[A.ndim - 1];
  const stack = stackShape(A);
  if (sizeOf(stack) * n === 0) return { w: full([...stack, n], 0, { dtype: realPartDType(A.dtype) }), v: full(A.shape, 0, { dtype: A.dtype }) };
  // Only the triangle read counts: a NaN there raises (NumPy's LinAlgError), an infinity gives NaN
  // results; before, the solver met them and returned finite wrong eigenvalues.
  // (Complex: the diagonal's imaginary parts are not read, as LAPACK's heevd assumes them zero. NumPy's
  // answer to an infinity depends on where LAPACK meets it, NaN results or LinAlgError: cupyts gives NaN.)
  const B = asBatch(A);
  let used = lower ? tril(B) : triu(B);
  if (used.dtype.kind === 'c') used = where(eye(n, n, { dtype: DTYPES.bool }), real(used), used);
  const { input, nonFinite } = screenNonFinite(op, used, 'eigh');
  const r = eighBatch(op, input, lower, vectors);
  return { w: unbatch(nanWhere(nonFinite, r.w), stack), v: r.v ? unbatch(nanWhere(nonFinite, r.v), stack) : undefined };
}

/** eigh(a, UPLO='L'): [eigenvalues ascending (real), eigenvectors as columns] of symmetric (Hermitian) matrices read from one triangle. */
export const eigh = declare('linalg.eigh', [a, uplo], (v): [NDArray, NDArray] => {
  const r = eighArrays('linalg.eigh', v.a, v.UPLO === 'L', true);
  return [r.w, r.v!];
});

/** eigvalsh(a, UPLO='L'): the eigenvalues, ascending. */
export const eigvalsh = declare('linalg.eigvalsh', [a, uplo], (v) => eighArrays('linalg.eigvalsh', v.a, v.UPLO === 'L', false).w);
