// numpy.linalg's functions built on LU (./linalg-factor.ts): solve, inv, det, slogdet,
// tensorsolve and tensorinv, declared with NumPy's signatures. All take stacks of matrices with
// NumPy's broadcasting of the leading dimensions. A singular matrix makes solve and inv raise
// LinAlgError (CupytsError 'ERR_LINALG') at the first read of the result; det and slogdet give
// 0 and (0, -inf) for it, as NumPy does.
import { makeComplex } from '../ir/complex.js';
import { int32 } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import { broadcastShapes, formatShape, sizeOf } from '../ir/shape.js';
import { arrayLike } from './array-params.js';
import { full } from './creation.js';
import { absolute, isnan, log, multiply, not_equal, remainder, sign, subtract } from './elementwise.js';
import { asBatch, asLinalg, checkStackedSquare, stackShape, unbatch } from './linalg-inputs.js';
import { invBatch, luBatch, solveBatch } from './linalg-factor.js';
import type { NDArray } from './ndarray.js';
import { where } from './operands.js';
import * as t from './param-types.js';
import { arange } from './ranges.js';
import * as R from './reductions.js';
import { declare, positional, required } from './signature.js';
import { diagonal, reshape, transpose } from './views.js';

const a = required('a', arrayLike);

/** X with A X = B over stacks; `b` of shape (..., n, k), broadcast with `a`'s stack. */
export function solveArrays(op: string, a0: NDArray, b0: NDArray): NDArray {
  const A = asLinalg(op, a0, b0);
  const B = asLinalg(op, b0, a0);
  checkStackedSquare(op, A);
  const n = A.shape[A.ndim - 1];
  // NumPy 2: b is a vector only when it is 1-D.
  const vector = B.ndim === 1;
  const Bm = vector ? reshape(B, [B.shape[0], 1]) : B;
  if (Bm.ndim < 2 || Bm.shape[Bm.ndim - 2] !== n) {
    throw new CupytsError('ERR_SHAPE', `${op}: expected b of shape (${n},) or (..., ${n}, K) to match a of shape ${formatShape(A.shape)}, got ${formatShape(B.shape)}`);
  }
  const k = Bm.shape[Bm.ndim - 1];
  const stack = broadcastShapes(op, stackShape(A), stackShape(Bm));
  const batch = sizeOf(stack);
  // No right-hand side: the matrices are still factored, as NumPy's are (a singular one raises LinAlgError).
  const x = batch * n === 0 ? full([batch, n, k], 0, { dtype: A.dtype })
    : k === 0 ? solveBatch(op, asBatch(A, stack), full([batch, n, 1], 0, { dtype: A.dtype })).get('..., :0')
      : solveBatch(op, asBatch(A, stack), asBatch(Bm, stack));
  const out = unbatch(x, stack);
  return vector ? reshape(out, [...stack, n]) : out;
}

/** solve(a, b): the solution of a @ x = b. */
export const solve = declare('linalg.solve', [a, required('b', arrayLike)], (v) => solveArrays('linalg.solve', v.a, v.b));

/** The inverses of a stack of square matrices. */
export function invArrays(op: string, a0: NDArray, quiet = false): NDArray {
  const A = asLinalg(op, a0);
  checkStackedSquare(op, A);
  const n = A.shape[A.ndim - 1];
  const stack = stackShape(A);
  const batch = sizeOf(stack);
  if (batch * n === 0) return full(A.shape, 0, { dtype: A.dtype });
  return unbatch(invBatch(op, asBatch(A), quiet), stack);
}

/** inv(a): the inverse of each square matrix. */
export const inv = declare('linalg.inv', [a], (v) => invArrays('linalg.inv', v.a));

/** The LU factors' diagonal (stack..., n) and the pivots' sign (stack...), for det and slogdet. */
function luParts(op: string, a0: NDArray): { diag: NDArray; pivotSign: NDArray; stack: number[]; n: number; dtype: NDArray['dtype'] } {
  const A = asLinalg(op, a0);
  checkStackedSquare(op, A);
  const n = A.shape[A.ndim - 1];
  const stack = stackShape(A);
  if (sizeOf(stack) * n === 0) {
    return { diag: full([...stack, n], 1, { dtype: A.dtype }), pivotSign: full(stack, 1, { dtype: A.dtype }), stack, n, dtype: A.dtype };
  }
  const { lu, piv } = luBatch(op, asBatch(A));
  const swaps = R.sum(not_equal(piv, arange(1, n + 1, 1, { dtype: int32 })), { axis: -1 });
  const pivotSign = subtract(1, multiply(2, remainder(swaps, 2))).astype(A.dtype);
  return { diag: unbatch(diagonal(lu, 0, -2, -1), stack), pivotSign: reshape(pivotSign, stack), stack, n, dtype: A.dtype };
}

/**
 * det(a): determinants of a stack of square matrices (0 for a singular one). A matrix holding NaN
 * has a NaN determinant, as LAPACK's LU gives it (cuSOLVER's pivot search can step around a NaN).
 */
export const det = declare('linalg.det', [a], (v) => {
  const { diag, pivotSign } = luParts('linalg.det', v.a);
  const d = multiply(R.prod(diag, { axis: -1 }), pivotSign);
  if (v.a.ndim < 2 || v.a.size === 0) return d;
  const hasNaN = R.any(isnan(v.a), { axis: [-2, -1] });
  return where(hasNaN, d.dtype.kind === 'c' ? makeComplex(NaN, NaN) : NaN, d) as NDArray;
});

/** slogdet(a): [sign, logabsdet] of the determinants; a singular matrix gives [0, -inf]. */
export const slogdet = declare('linalg.slogdet', [a], (v): [NDArray, NDArray] => {
  const { diag, pivotSign } = luParts('linalg.slogdet', v.a);
  const signs = multiply(R.prod(sign(diag), { axis: -1 }), pivotSign);
  return [signs, R.sum(log(absolute(diag)), { axis: -1 })];
});

/** tensorsolve's axes: the axes of a moved to the end first. */
const axesParam = t.nullable(t.axes);

/** tensorsolve(a, b, axes=None): x with tensordot(a, x, x.ndim) = b. */
export const tensorsolve = declare('linalg.tensorsolve', [a, required('b', arrayLike), positional('axes', axesParam, null)], (v) => {
  const op = 'linalg.tensorsolve';
  let A = v.a;
  const an = A.ndim;
  if (v.axes !== null) {
    const moved = (typeof v.axes === 'number' ? [v.axes] : v.axes).map((k) => (k < 0 ? k + an : k));
    if (moved.some((k) => k < 0 || k >= an) || new Set(moved).size !== moved.length) {
      throw new CupytsError('ERR_AXIS', `${op}: expected distinct axes of a (${an} dimensions), got ${JSON.stringify(v.axes)}`);
    }
    const rest = A.shape.map((_, j) => j).filter((j) => !moved.includes(j));
    A = transpose(A, [...rest, ...moved]);
  }
  const xShape = A.shape.slice(v.b.ndim);
  const size = sizeOf(xShape);
  if (sizeOf(A.shape) !== size * size || sizeOf(v.b.shape) !== size) {
    throw new CupytsError('ERR_LINALG', `${op}: expected prod(a.shape[b.ndim:]) == prod(a.shape[:b.ndim]) (LinAlgError), got a of shape ${formatShape(A.shape)} and b of shape ${formatShape(v.b.shape)}`);
  }
  const x = solveArrays(op, reshape(A, [size, size]), reshape(v.b, [size]));
  return reshape(x, xShape);
});

/** tensorinv(a, ind=2): the inverse of a as an operator of its first `ind` axes to the rest. */
export const tensorinv = declare('linalg.tensorinv', [a, positional('ind', t.int, 2)], (v) => {
  const op = 'linalg.tensorinv';
  if (v.ind <= 0) throw new CupytsError('ERR_ARG', `${op}: expected ind > 0, got ${v.ind}`);
  const shape = v.a.shape;
  const inner = sizeOf(shape.slice(v.ind));
  const outer = sizeOf(shape.slice(0, v.ind));
  if (inner !== outer) {
    throw new CupytsError('ERR_LINALG', `${op}: expected prod(a.shape[:ind]) == prod(a.shape[ind:]) (LinAlgError), got shape ${formatShape(shape)} with ind ${v.ind}`);
  }
  const ia = invArrays(op, reshape(v.a, [inner, inner]));
  return reshape(ia, [...shape.slice(v.ind), ...shape.slice(0, v.ind)]);
});

