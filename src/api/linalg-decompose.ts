// numpy.linalg's decompositions, declared with NumPy's signatures: cholesky (upper), qr (modes
// 'reduced', 'complete', 'r'), svd (full_matrices, compute_uv, hermitian), svdvals, eigh and
// eigvalsh (UPLO). Stacks of matrices go through as one batch (./linalg-factor.ts). Factors are
// unique only up to signs: tests compare reconstructions, NumPy's values for the rest.
import { realPartDType } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import { sizeOf } from '../ir/shape.js';
import { arrayLike } from './array-params.js';
import { full } from './creation.js';
import { add, conjugate } from './elementwise.js';
import { choleskyBatch, eighBatch, qrBatch, svdBatch } from './linalg-factor.js';
import { asBatch, asLinalg, checkStacked2d, checkStackedSquare, stackShape, unbatch } from './linalg-inputs.js';
import { tril } from './matrices.js';
import type { NDArray } from './ndarray.js';
import * as t from './param-types.js';
import { declare, keyword, positional, required } from './signature.js';
import { swapaxes } from './views.js';
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

/** The SVD of a stack: [U, S, Vh], or S alone without `computeUv`. */
export function svdArrays(op: string, x: NDArray, fullMatrices: boolean, computeUv: boolean, hermitian: boolean): NDArray | [NDArray, NDArray, NDArray] {
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
  const r = svdBatch(op, asBatch(A), computeUv, fullMatrices);
  const s = unbatch(r.s, stack);
  if (!computeUv) return s;
  return [unbatch(r.u!, stack), s, unbatch(r.vh!, stack)];
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
  const r = eighBatch(op, asBatch(A), lower, vectors);
  return { w: unbatch(r.w, stack), v: r.v ? unbatch(r.v, stack) : undefined };
}

/** eigh(a, UPLO='L'): [eigenvalues ascending (real), eigenvectors as columns] of symmetric (Hermitian) matrices read from one triangle. */
export const eigh = declare('linalg.eigh', [a, uplo], (v): [NDArray, NDArray] => {
  const r = eighArrays('linalg.eigh', v.a, v.UPLO === 'L', true);
  return [r.w, r.v!];
});

/** eigvalsh(a, UPLO='L'): the eigenvalues, ascending. */
export const eigvalsh = declare('linalg.eigvalsh', [a, uplo], (v) => eighArrays('linalg.eigvalsh', v.a, v.UPLO === 'L', false).w);
