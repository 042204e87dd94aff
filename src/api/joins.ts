// Joining arrays, NumPy's concatenate, stack, hstack, vstack, dstack and column_stack. The result
// is a new array of the inputs' promoted dtype (NumPy's result_type); each input is written into
// its slice of it by one kernel (reading through the input's views, so transposed or reversed
// inputs are not copied first).
import { toDType, type DType, type DTypeLike } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import { canCast, resultType, type Casting } from '../ir/promotion.js';
import { formatShape, sameShape } from '../ir/shape.js';
import { assign } from './assign.js';
import { alongAxis, uninitialized, toArrays, type ArrayLike } from './join-parts.js';
import type { NDArray } from './ndarray.js';
import { checkAxis } from './array-params.js';
import { atleast_1d, atleast_2d, atleast_3d, expand_dims, ravel, reshape } from './views.js';

export interface JoinOptions {
  /** The result's dtype (inputs are cast to it under `casting`). */
  dtype?: DTypeLike;
  /** The rule each input's cast to the result's dtype must follow; 'same_kind' by default, as NumPy's. */
  casting?: Casting;
  /** concatenate and stack: the array written (its shape the result's; each input cast to its dtype under `casting`), and returned. */
  out?: NDArray | null;
}

/** The dtype of a join: out's, `dtype`, or NumPy's result_type of the inputs; each input must cast to it under `casting`. */
function joinDType(op: string, arrays: readonly NDArray[], dtype: DTypeLike | undefined, casting: Casting, out: NDArray | null): DType {
  const d = out ? out.dtype : dtype === undefined ? resultType(op, ...arrays.map((a) => a.dtype)) : toDType(dtype, op);
  const bad = arrays.find((a) => !canCast(a.dtype, d, casting));
  if (bad) throw new CupytsError('ERR_DTYPE', `${op}: Cannot cast array data from dtype('${bad.dtype.name}') to dtype('${d.name}') according to the rule '${casting}'`);
  return d;
}

/** out's shape checked against the join's `shape`, with NumPy's messages. */
function checkOut(op: string, out: NDArray, shape: readonly number[]): void {
  if (out.ndim !== shape.length) throw new CupytsError('ERR_SHAPE', `${op}: Output array has wrong dimensionality (expected ${shape.length} dimensions, got ${out.ndim})`);
  if (!sameShape(out.shape, shape)) throw new CupytsError('ERR_SHAPE', `${op}: Output array is the wrong shape (expected ${formatShape(shape)}, got ${formatShape(out.shape)})`);
}

/**
 * concatenate, with errors that name `op` (hstack, vstack, append, diff, ... report as themselves).
 * With `out`, each input is written into its slice of `out` in turn, as NumPy writes them (an input
 * that views `out` reads what the earlier ones wrote there).
 */
export function concatenateAs(op: string, arrays: NDArray[], axis: number | null, dtype: DTypeLike | undefined, casting: Casting = 'same_kind', out: NDArray | null = null): NDArray {
  arrays = toArrays(op, arrays); // usable, and on one backend
  if (out && dtype !== undefined) throw new CupytsError('ERR_ARG', `${op}: only takes \`out\` or \`dtype\` as an argument, but both were provided.`);
  if (arrays.length === 0) throw new CupytsError('ERR_ARG', `${op}: expected at least one array to concatenate, got an empty list`);
  if (axis === null) arrays = arrays.map((a) => ravel(a));
  const first = arrays[0];
  if (first.ndim === 0) throw new CupytsError('ERR_SHAPE', `${op}: zero-dimensional arrays cannot be concatenated`);
  const along = checkAxis(op, axis ?? 0, first.ndim);
  arrays.forEach((a, i) => {
    if (a.ndim !== first.ndim) {
      throw new CupytsError('ERR_SHAPE', `${op}: all the input arrays must have same number of dimensions, but the array at index 0 has ${first.ndim} dimension(s) and the array at index ${i} has ${a.ndim} dimension(s)`);
    }
    const j = a.shape.findIndex((d, k) => k !== along && d !== first.shape[k]);
    if (j >= 0) {
      throw new CupytsError('ERR_SHAPE', `${op}: all the input array dimensions except for the concatenation axis must match exactly, but along dimension ${j}, the array at index 0 has size ${first.shape[j]} and the array at index ${i} has size ${a.shape[j]}`);
    }
  });
  const shape = first.shape.map((n, k) => (k === along ? arrays.reduce((s, a) => s + a.shape[k], 0) : n));
  if (out) checkOut(op, out, shape);
  const d = joinDType(op, arrays, dtype, casting, out);
  if (arrays.length === 1 && !out) return first.astype(d);
  const result = out ?? uninitialized(op, shape, d, first.runner);
  let offset = 0;
  for (const a of arrays) {
    const length = a.shape[along];
    if (length > 0) assign(op, alongAxis(result, along, offset, length), a);
    offset += length;
  }
  return result;
}

/** NumPy's concatenate: arrays joined along an existing axis (null: all flattened first). */
export function concatenate(arrays: readonly ArrayLike[], axis: number | null = 0, options: JoinOptions = {}): NDArray {
  return concatenateAs('concatenate', toArrays('concatenate', arrays), axis, options.dtype, options.casting, options.out);
}

/** NumPy's stack: arrays of one shape joined along a new axis. */
export function stack(arrays: readonly ArrayLike[], axis = 0, options: JoinOptions = {}): NDArray {
  const list = toArrays('stack', arrays);
  const { dtype, casting, out } = options;
  if (list.length === 0) throw new CupytsError('ERR_ARG', 'stack: expected at least one array to stack, got an empty list');
  const bad = list.findIndex((a) => !sameShape(a.shape, list[0].shape));
  if (bad >= 0) {
    throw new CupytsError('ERR_SHAPE', `stack: all input arrays must have the same shape, but the array at index 0 has shape ${formatShape(list[0].shape)} and the array at index ${bad} has shape ${formatShape(list[bad].shape)}`);
  }
  const along = checkAxis('stack', axis, list[0].ndim + 1);
  return concatenateAs('stack', list.map((a) => expand_dims(a, along)), along, dtype, casting, out);
}

/** NumPy's hstack: along the second axis (the first for 1-D inputs); scalars become 1-D. */
export function hstack(arrays: readonly ArrayLike[], options: JoinOptions = {}): NDArray {
  const list = toArrays('hstack', arrays).map((a) => atleast_1d(a));
  return concatenateAs('hstack', list, list.length > 0 && list[0].ndim === 1 ? 0 : 1, options.dtype, options.casting);
}

/** NumPy's vstack: along the first axis, 1-D inputs as rows. */
export function vstack(arrays: readonly ArrayLike[], options: JoinOptions = {}): NDArray {
  return concatenateAs('vstack', toArrays('vstack', arrays).map((a) => atleast_2d(a)), 0, options.dtype, options.casting);
}

/** NumPy's dstack: along the third axis, inputs made at least 3-D. */
export function dstack(arrays: readonly ArrayLike[]): NDArray {
  return concatenateAs('dstack', toArrays('dstack', arrays).map((a) => atleast_3d(a)), 2, undefined);
}

/** NumPy's column_stack: 1-D inputs as columns of a 2-D array, 2-D inputs as they are. */
export function column_stack(arrays: readonly ArrayLike[]): NDArray {
  const list = toArrays('column_stack', arrays).map((a) => (a.ndim < 2 ? reshape(a, [a.size, 1]) : a));
  return concatenateAs('column_stack', list, 1, undefined);
}
