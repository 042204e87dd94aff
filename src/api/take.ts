// NumPy's index functions built on the gather and scatter of ./advanced-indexing.ts and
// ./scatter.ts: take, take_along_axis, compress, repeat (reads) and put, put_along_axis
// (writes). Index arguments given as JS values are checked (or wrapped, clipped) here, at the
// call; NDArray indices are wrapped or clipped by fused elementwise ops, or checked in the kernel.
import { isComplex, type Complex } from '../ir/complex.js';
import { DTYPES } from '../ir/dtype.js';
import { CupytsError, describe } from '../ir/errors.js';
import { assign, scalarValue } from './assign.js';
import { arrayFromData, flattenNested, type ArrayData, type NestedLeaves } from './creation.js';
import { checkArraySize, sizeOf } from '../ir/shape.js';
import { checkAxis } from './array-params.js';
import { checkedIndex, checkHostIndex, flattenList, gatherItems, hostIndex, markInRange, positionIndex, type ResolvedItem } from './advanced-indexing.js';
import type { IndexList } from './index-parse.js';
import { NDArray, usable } from './ndarray.js';
import { firstTrueFrom, flatTrueIndices } from './compaction.js';
import { applyNamed, toArray, toOperand, type ArrayOrScalar } from './operands.js';
import type { Runner } from './runners.js';
import { scatter } from './scatter.js';
import { isContiguous, ravel, reshape } from './views.js';

export type TakeMode = 'raise' | 'wrap' | 'clip';
export type IndicesArg = NDArray | IndexList | number | bigint | boolean;

const FULL = { kind: 'slice', start: null, stop: null, step: null } as const;

function checkMode(op: string, mode: unknown): TakeMode {
  if (mode !== 'raise' && mode !== 'wrap' && mode !== 'clip') throw new CupytsError('ERR_ARG', `${op}: expected mode 'raise', 'wrap' or 'clip', got ${describe(mode)}`);
  return mode;
}

/**
 * Integer indices as given: an integer NDArray (bool counts as 0 and 1), or JS values (a scalar
 * or nested lists) as shape and values. JS values convert as NumPy converts a Python list to
 * intp, element by element with int(): booleans are 0 and 1, numbers are truncated toward zero
 * (1.5 -> 1, -0.5 -> 0, -1.5 -> -1); NaN, ±Infinity and integers beyond int64 are refused. (An
 * NDArray of floats is refused: NumPy casts arrays only safely.) Bigints stay exact.
 */
type CheckedIndices = { array: NDArray; shape: number[] } | { values: Array<number | bigint>; shape: number[] };

function checkIndices(op: string, indices: IndicesArg): CheckedIndices {
  if (indices instanceof NDArray) {
    if (indices.dtype.kind !== 'i' && indices.dtype.kind !== 'u' && indices.dtype.kind !== 'b') {
      throw new CupytsError('ERR_INDEX', `${op}: expected integer indices, got ${indices.dtype.name}`);
    }
    return { array: indices, shape: indices.shape };
  }
  const { shape, flat } = flattenNested(op, indices, INDEX_LEAVES);
  return { values: flat.map((v) => intIndex(op, v)), shape };
}

type IndexValue = number | bigint | boolean | Complex;
const INDEX_LEAVES: NestedLeaves<IndexValue> = {
  is: (x): x is IndexValue => typeof x === 'number' || typeof x === 'bigint' || typeof x === 'boolean' || isComplex(x),
  items: 'integer indices (numbers, bigints or booleans)',
  whole: 'integer indices (an NDArray, a number or a list of them)',
};

const INT64_LOW = -(2n ** 63n);
const INT64_END = 2n ** 63n;

/** Python's int(v) as an intp (NumPy's conversion of a list element to an index), errors naming `op`. */
function intIndex(op: string, v: IndexValue): number | bigint {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (isComplex(v)) throw new CupytsError('ERR_ARG', `${op}: expected integer indices, got a complex value (NumPy: int() argument must be a real number, not 'complex')`);
  if (typeof v === 'number') {
    if (Number.isNaN(v)) throw new CupytsError('ERR_ARG', `${op}: expected integer indices, got NaN (NumPy: cannot convert float NaN to integer)`);
    if (!Number.isFinite(v)) throw new CupytsError('ERR_OVERFLOW', `${op}: expected integer indices, got ${v} (NumPy: cannot convert float infinity to integer)`);
    const i = Math.trunc(v) + 0; // (+ 0 turns -0 into 0)
    if (i < -(2 ** 63) || i >= 2 ** 63) throw new CupytsError('ERR_OVERFLOW', `${op}: index ${v} does not fit int64 (NumPy: Python int too large to convert to C long)`);
    return i;
  }
  if (v < INT64_LOW || v >= INT64_END) throw new CupytsError('ERR_OVERFLOW', `${op}: index ${v} does not fit int64 (NumPy: Python int too large to convert to C long)`);
  return Number.isSafeInteger(Number(v)) ? Number(v) : v;
}

/** A JS index taken along an axis of `size` (> 0) in `mode`: checked (raise), wrapped or clipped, as a non-negative index. */
function modeIndex(op: string, v: number | bigint, axis: number, size: number, mode: TakeMode): number {
  if (typeof v === 'bigint') {
    // beyond 2^53: out of range of any array, so only wrap keeps it, exactly
    if (mode === 'raise') throw new CupytsError('ERR_INDEX', `${op}: index ${v} is out of bounds for axis ${axis} with size ${size}`);
    return mode === 'wrap' ? Number(((v % BigInt(size)) + BigInt(size)) % BigInt(size)) : v < 0n ? 0 : size - 1;
  }
  return mode === 'raise' ? checkHostIndex(op, v, axis, size) : mode === 'wrap' ? ((v % size) + size) % size : Math.min(Math.max(v, 0), size - 1);
}

/**
 * Indices along axis `axis` of an array of `shape` as an integer NDArray, with NumPy's take modes
 * applied and NumPy's checks: none where NumPy reads no index (an axis before `axis` is 0), none
 * of the values where the axis is empty and so is the result (another axis is 0).
 */
function indexArg(op: string, runner: Runner, indices: IndicesArg, shape: readonly number[], axis: number, mode: TakeMode): NDArray {
  const given = checkIndices(op, indices);
  const size = shape[axis];
  const emptyResult = shape.some((d, j) => j !== axis && d === 0);
  const unread = shape.slice(0, axis).includes(0);
  const count = sizeOf(given.shape);
  if (size === 0 && count > 0 && !emptyResult) throw new CupytsError('ERR_INDEX', `${op}: cannot do a non-empty take from an empty axes.`);
  // (NumPy takes nothing, and checks nothing, where it reads no index or the axis is empty)
  if (unread || (mode !== 'raise' && size === 0)) return checkedIndex(runner, given.shape, new Array<number>(count).fill(0));
  if ('array' in given) {
    const x = given.array.dtype.kind === 'b' || mode !== 'raise' ? given.array.astype(DTYPES.int64) : given.array;
    if (mode === 'raise') return x;
    return markInRange(mode === 'wrap' ? applyNamed('remainder', [x, size]) : applyNamed('minimum', [applyNamed('maximum', [x, 0]), size - 1]));
  }
  const fixed = given.values.map((v) => modeIndex(op, v, axis, size, mode));
  return checkedIndex(runner, given.shape, fixed);
}

/** Items that index axis `axis` of an `ndim`-d array with `array`, all other axes whole. */
function alongAxis(ndim: number, axis: number, array: NDArray, size: number): ResolvedItem[] {
  return Array.from({ length: ndim }, (_, d): ResolvedItem => (d === axis ? { kind: 'index', array, axis, size } : FULL));
}


/**
 * `a` and the axis to work along: the flattened array and 0 where axis is null/undefined. A 0-d
 * array is taken as 1-D, as NumPy's take, compress and repeat take it (axis 0 or -1).
 */
function axisOf(op: string, a: NDArray, axis: number | null | undefined): [NDArray, number] {
  if (axis === null || axis === undefined || a.ndim === 0) return [ravel(a), checkAxis(op, axis ?? 0, Math.max(a.ndim, 1))];
  return [a, checkAxis(op, axis, a.ndim)];
}

/** The slices of `x` along `axis` at `indices` (NumPy's take), errors naming `op`. */
function takeAlong(op: string, x: NDArray, axis: number, indices: IndicesArg, mode: TakeMode): NDArray {
  const idx = indexArg(op, x.runner, indices, x.shape, axis, mode);
  return gatherItems(op, x, alongAxis(x.ndim, axis, idx, x.shape[axis]));
}

/** NumPy's take(a, indices, axis=None, mode='raise'). */
export function take(a: NDArray | ArrayData, indices: IndicesArg, options: { axis?: number | null; mode?: TakeMode } = {}): NDArray {
  const mode = checkMode('take', options.mode ?? 'raise');
  const [x, axis] = axisOf('take', toArray('take', a), options.axis);
  return takeAlong('take', x, axis, indices, mode);
}

/** Items for take_along_axis / put_along_axis: `indices` on `axis`, an arange on each other axis. */
function alongItems(op: string, arr: NDArray, indices: NDArray | IndexList, axis: number | null): { target: NDArray; items: ResolvedItem[] } {
  const idx = indices instanceof NDArray ? usable(op, indices) : arrayFromData(op, indices, DTYPES.int64);
  if (idx.dtype.kind !== 'i' && idx.dtype.kind !== 'u') throw new CupytsError('ERR_INDEX', `${op}: expected integer indices, got ${idx.dtype.name}`);
  let target = arr;
  let ax: number;
  if (axis === null) {
    if (idx.ndim !== 1) throw new CupytsError('ERR_ARG', `${op}: when axis=None, \`indices\` must have a single dimension.`);
    target = ravel(arr);
    ax = 0;
  } else {
    ax = checkAxis(op, axis, arr.ndim);
    if (idx.ndim !== arr.ndim) throw new CupytsError('ERR_ARG', `${op}: \`indices\` and \`arr\` must have the same number of dimensions`);
  }
  const items = target.shape.map((n, d): ResolvedItem => {
    if (d === ax) return { kind: 'index', array: idx, axis: d, size: n };
    const shape = target.shape.map((_, k) => (k === d ? n : 1));
    return { kind: 'index', array: positionIndex(target.runner, shape, n), axis: d, size: n };
  });
  return { target, items };
}

/** NumPy's take_along_axis(arr, indices, axis). */
export function take_along_axis(arr: NDArray, indices: NDArray | IndexList, axis: number | null): NDArray {
  const { target, items } = alongItems('take_along_axis', toArray('take_along_axis', arr), indices, axis);
  return gatherItems('take_along_axis', target, items);
}

/** NumPy's put_along_axis(arr, indices, values, axis): writes into `arr`. */
export function put_along_axis(arr: NDArray, indices: NDArray | IndexList, values: ArrayOrScalar, axis: number | null): void {
  if (!(arr instanceof NDArray)) throw new CupytsError('ERR_ARG', `put_along_axis: expected an NDArray to write into, got ${describe(arr)}`);
  usable('put_along_axis', arr);
  if (axis === null && !isContiguous(arr)) throw new CupytsError('ERR_ARG', 'put_along_axis: axis=None needs a C-contiguous array (its flattened view)');
  const { target, items } = alongItems('put_along_axis', arr, indices, axis);
  scatter('put_along_axis', target, items, values, false);
}

/** NumPy's compress(condition, a, axis=None): the slices along `axis` where condition is true. */
export function compress(condition: NDArray | IndexList, a: NDArray | ArrayData, options: { axis?: number | null } = {}): NDArray {
  const list = condition instanceof NDArray || !Array.isArray(condition) ? null : flattenList('compress', condition);
  if (list ? list.shape.length !== 1 : !(condition instanceof NDArray && condition.ndim === 1)) throw new CupytsError('ERR_ARG', 'compress: condition must be a 1-d array');
  const [x, axis] = axisOf('compress', toArray('compress', a), options.axis);
  if (list) {
    const picked: number[] = [];
    list.flat.forEach((m, i) => { if (m) picked.push(i); });
    return takeAlong('compress', x, axis, picked, 'raise');
  }
  // A condition on the device stays there (./compaction.ts: only the count is read back); one
  // longer than the axis, true past its end, raises NumPy's error for that index (where NumPy reads it).
  const c = usable('compress', condition as NDArray);
  const beyond = firstTrueFrom(c, x.shape[axis]);
  if (beyond !== undefined) indexArg('compress', x.runner, beyond, x.shape, axis, 'raise');
  return takeAlong('compress', x, axis, markInRange(flatTrueIndices(c)), 'raise');
}

/** NumPy's repeat(a, repeats, axis=None): each element (or slice along axis) repeated. */
export function repeat(a: NDArray | ArrayData, repeats: number | IndexList | NDArray, options: { axis?: number | null } = {}): NDArray {
  const [x, axis] = axisOf('repeat', toArray('repeat', a), options.axis);
  const n = x.shape[axis];
  let counts: number[];
  if (typeof repeats === 'number') counts = [repeats];
  else if (repeats instanceof NDArray) counts = Array.from(usable('repeat', repeats).dataSync() as ArrayLike<number | bigint>, Number);
  else counts = flattenList('repeat', repeats).flat.map(Number);
  if (counts.some((c) => !Number.isInteger(c))) throw new CupytsError('ERR_ARG', `repeat: expected integer repeats, got ${describe(repeats)}`);
  if (counts.some((c) => c < 0)) throw new CupytsError('ERR_ARG', 'repeat: repeats may not contain negative values.');
  if (counts.length === 1) counts = Array.from({ length: n }, () => counts[0]);
  if (counts.length !== n) throw new CupytsError('ERR_SHAPE', `repeat: operands could not be broadcast together with shape (${n},) (${counts.length},)`);
  checkArraySize('repeat', [counts.reduce((s, c) => s + c, 0)], 8); // the int64 index it takes with
  const idx: number[] = [];
  counts.forEach((c, i) => { for (let k = 0; k < c; k++) idx.push(i); });
  return takeAlong('repeat', x, axis, idx, 'raise');
}

/**
 * NumPy's put(a, ind, v, mode='raise'): a.flat[ind] = v, v repeated to the length of ind. As
 * NumPy: indices into an empty array are refused, and an empty v writes nothing (its indices
 * unchecked).
 */
export function put(a: NDArray, ind: IndicesArg, v: ArrayOrScalar, mode: TakeMode = 'raise'): void {
  if (!(a instanceof NDArray)) throw new CupytsError('ERR_ARG', `put: expected an NDArray to write into, got ${describe(a)}`);
  usable('put', a);
  checkMode('put', mode);
  if (a.size === 0 && sizeOf(checkIndices('put', ind).shape) > 0) throw new CupytsError('ERR_INDEX', 'put: cannot replace elements of an empty array');
  const given = toOperand('put', v);
  if (given instanceof NDArray && given.size === 0) return;
  if (!(given instanceof NDArray)) scalarValue('put', given, a.dtype); // (converted before the indices are checked, as NumPy)
  if (!isContiguous(usable('put', a))) {
    // a.flat of a non-contiguous array: write into a C-order copy, then copy it back.
    const copy = a.astype(a.dtype).eval();
    put(copy, ind, v, mode);
    assign('put', a, copy);
    return;
  }
  const flat = reshape(a, [a.size]);
  const idx = indexArg('put', a.runner, ind, [a.size], 0, mode);
  let value = given;
  if (value instanceof NDArray) {
    const vf = ravel(value);
    const cycled = vf.size === idx.size ? vf : take(vf, Array.from({ length: idx.size }, (_, i) => i % vf.size));
    value = reshape(cycled, idx.shape);
  }
  scatter('put', flat, alongAxis(1, 0, idx, a.size), value, false);
}
