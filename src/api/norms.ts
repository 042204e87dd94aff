// NumPy's vector and matrix norms (linalg.norm, linalg.vector_norm, linalg.matrix_norm) for every
// order that needs no decomposition, with NumPy's formulas: vector orders inf, -inf, 0, 1, 2 and
// any other number p (sum(|x|^p)^(1/p), negative and fractional p included); matrix orders
// 'fro', 1, -1, inf and -inf (maxima and minima of column or row sums); matrix orders 2, -2 and
// 'nuc' from the singular values (./linalg-decompose.ts). Integer and bool inputs
// are computed in float64, as NumPy does; float16, float32 and complex stay (complex norms are
// real: from the moduli, or the singular values). Built from reductions, so
// the results are lazy and fuse like any expression.
import { DTYPES, realPartDType } from '../ir/dtype.js';
import { CupytsError, describe } from '../ir/errors.js';
import { sizeOf } from '../ir/shape.js';
import { checkAxis } from './array-params.js';
import { zeros } from './creation.js';
import { absolute, multiply, not_equal, power, sqrt } from './elementwise.js';
import type { NDArray } from './ndarray.js';
import * as R from './reductions.js';
import { singularValues } from './linalg-decompose.js';
import { moveaxis, reshape } from './views.js';

/** A norm order: a number (±Infinity included), 'fro' (or NumPy's 'f'), 'nuc', or null (the default of each kind). */
export type NormOrder = number | 'fro' | 'f' | 'nuc' | null;

/**
 * NumPy computes norms of integer and bool arrays in float64; float and complex arrays stay
 * (complex norms come from the moduli, or the singular values, in the parts' float dtype).
 */
export function normInput(x: NDArray): NDArray {
  return x.dtype.kind === 'f' || x.dtype.kind === 'c' ? x : x.astype(DTYPES.float64);
}

/** |x|^2 elementwise, real (x * x for real x; re^2 + im^2 through |x| for complex). */
export function absSquared(x: NDArray): NDArray {
  const y = x.dtype.kind === 'c' ? absolute(x) : x;
  return multiply(y, y);
}

/** The shape left after reducing `axes` (with 1s there under keepdims). */
function reducedShape(x: NDArray, axes: readonly number[], keepdims: boolean): number[] {
  return keepdims ? x.shape.map((d, j) => (axes.includes(j) ? 1 : d)) : x.shape.filter((_, j) => !axes.includes(j));
}

/** max over `axes` with NumPy's initial=0 (norms of empty vectors are 0); `y` holds absolute values. */
function maxFromZero(y: NDArray, axes: number[], keepdims: boolean): NDArray {
  if (sizeOf(axes.map((j) => y.shape[j])) === 0) return zeros(reducedShape(y, axes, keepdims), { dtype: y.dtype });
  return R.max(y, { axis: axes, keepdims });
}

/** min over `axes`; empty axes have no minimum (NumPy's error). */
function minOf(op: string, y: NDArray, axes: number[], keepdims: boolean): NDArray {
  if (sizeOf(axes.map((j) => y.shape[j])) === 0 && sizeOf(reducedShape(y, axes, false)) > 0) {
    throw new CupytsError('ERR_EMPTY', `${op}: zero-size array to reduction operation minimum which has no identity`);
  }
  return R.min(y, { axis: axes, keepdims });
}

/** The vector norm of order `ord` over `axes` of the float array `x` (several axes count as one flattened vector). */
export function vectorNorm(op: string, x: NDArray, axes: number[], ord: number, keepdims: boolean): NDArray {
  const sum = (y: NDArray) => R.sum(y, { axis: axes, keepdims });
  if (ord === Infinity) return maxFromZero(absolute(x), axes, keepdims);
  if (ord === -Infinity) return minOf(op, absolute(x), axes, keepdims);
  if (ord === 0) return sum(not_equal(x, 0).astype(realPartDType(x.dtype)));
  if (ord === 1) return sum(absolute(x));
  if (ord === 2) return sqrt(sum(absSquared(x)));
  return power(sum(power(absolute(x), ord)), 1 / ord);
}

/** Matrix norms through singular values: 2 (the largest), -2 (the smallest), 'nuc' (their sum). */
function singularValueNorm(op: string, x: NDArray, row: number, col: number, ord: 2 | -2 | 'nuc'): NDArray {
  if (ord === -2 && Math.min(x.shape[row], x.shape[col]) === 0) {
    throw new CupytsError('ERR_ARG', `${op}: expected non-empty matrices for the matrix norm ord=-2 (the smallest of no singular values), got shape (${x.shape.join(', ')})`);
  }
  const s = singularValues(op, moveaxis(x, [row, col], [-2, -1]));
  if (ord === 'nuc') return R.sum(s, { axis: -1 });
  // NumPy's amax for ord 2 starts from 0 (an empty matrix has norm 0).
  return ord === 2 ? maxFromZero(s, [s.ndim - 1], false) : R.min(s, { axis: -1 });
}

/** The matrix norm of order `ord` over the (row, col) axes of the float array `x`. */
export function matrixNorm(op: string, x: NDArray, row: number, col: number, ord: NormOrder, keepdims: boolean): NDArray {
  if (row === col) throw new CupytsError('ERR_AXIS', `${op}: expected two different axes for a matrix norm, got ${row} and ${col} (duplicate axes)`);
  let result: NDArray;
  // NumPy: reduce one axis with a sum, then the other (shifted if it came after) with max or min.
  const sumThen = (summed: number, other: number, extreme: 'max' | 'min') => {
    const sums = R.sum(absolute(x), { axis: summed });
    const rest = other > summed ? other - 1 : other;
    return extreme === 'max' ? maxFromZero(sums, [rest], false) : minOf(op, sums, [rest], false);
  };
  if (ord === null || ord === 'fro' || ord === 'f') result = sqrt(R.sum(absSquared(x), { axis: [row, col] }));
  else if (ord === 1) result = sumThen(row, col, 'max');
  else if (ord === -1) result = sumThen(row, col, 'min');
  else if (ord === Infinity) result = sumThen(col, row, 'max');
  else if (ord === -Infinity) result = sumThen(col, row, 'min');
  else if (ord === 2 || ord === -2 || ord === 'nuc') result = singularValueNorm(op, x, row, col, ord);
  else throw new CupytsError('ERR_ARG', `${op}: expected a matrix norm order (null, 'fro', 'nuc', 1, -1, 2, -2, Infinity or -Infinity), got ${describe(ord)}`);
  return keepdims ? reshape(result, reducedShape(x, [row, col], true)) : result;
}

/** NumPy's linalg.norm(x, ord, axis, keepdims) on an array (axis: null, one axis, or a list of one or two). */
export function norm(op: string, x0: NDArray, ord: NormOrder, axis: number | number[] | null, keepdims: boolean): NDArray {
  const x = normInput(x0);
  const all = x.shape.map((_, j) => j);
  if (axis === null) {
    // NumPy's fast path: the 2-norm of everything, flattened.
    if (ord === null || ((ord === 'fro' || ord === 'f') && x.ndim === 2) || (ord === 2 && x.ndim === 1)) return vectorNorm(op, x, all, 2, keepdims);
  }
  const axes = axis === null ? all : (typeof axis === 'number' ? [axis] : axis).map((ax) => checkAxis(op, ax, x.ndim));
  if (axes.length === 1) {
    if (typeof ord === 'string') throw new CupytsError('ERR_ARG', `${op}: expected a vector norm order (a number or null), got '${ord}' (for a vector)`);
    return vectorNorm(op, x, axes, ord ?? 2, keepdims);
  }
  if (axes.length === 2) return matrixNorm(op, x, axes[0], axes[1], ord, keepdims);
  throw new CupytsError('ERR_ARG', `${op}: expected one axis (a vector norm) or two (a matrix norm), got ${axes.length} (improper number of dimensions to norm)`);
}
