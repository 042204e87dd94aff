// NumPy's index functions built on the gather and scatter of ./advanced-indexing.ts and
// ./scatter.ts: take, take_along_axis, compress, repeat (reads) and put, put_along_axis
// (writes). Index arguments given as JS values are checked (or wrapped, clipped) here, at the
// call; NDArray indices are wrapped or clipped by fused elementwise ops, or checked in the kernel.
import { DTYPES } from '../ir/dtype.js';
import { CupytsError, describe } from '../ir/errors.js';
import { assign } from './assign.js';
import { arrayFromData, type ArrayData } from './creation.js';
import { checkArraySize } from '../ir/shape.js';
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
export type IndicesArg = NDArray | IndexList | number | bigint;

const FULL = { kind: 'slice', start: null, stop: null, step: null } as const;

function checkMode(op: string, mode: unknown): TakeMode {
  if (mode !== 'raise' && mode !== 'wrap' && mode !== 'clip') throw new CupytsError('ERR_ARG', `${op}: expected mode 'raise', 'wrap' or 'clip', got ${describe(mode)}`);
  return mode;
}

/** Indices along an axis of `size` as an integer NDArray, with NumPy's take modes applied. */
function indexArg(op: string, runner: Runner, indices: IndicesArg, axis: number, size: number, mode: TakeMode, emptyResult = false): NDArray {
  if (indices instanceof NDArray) {
    if (indices.dtype.kind !== 'i' && indices.dtype.kind !== 'u' && indices.dtype.kind !== 'b') {
      throw new CupytsError('ERR_INDEX', `${op}: expected integer indices, got ${indices.dtype.name}`);
    }
    if (mode === 'raise') return indices.dtype.kind === 'b' ? indices.astype(DTYPES.int64) : indices;
    if (size === 0 && indices.size > 0) throw new CupytsError('ERR_INDEX', `${op}: cannot do a non-empty take from an empty axes.`);
    const x = indices.astype(DTYPES.int64);
    return markInRange(mode === 'wrap' ? applyNamed('remainder', [x, Math.max(size, 1)]) : applyNamed('minimum', [applyNamed('maximum', [x, 0]), Math.max(size - 1, 0)]));
  }
  const list = typeof indices === 'number' || typeof indices === 'bigint' ? null : flattenList(op, indices);
  const shape = list ? list.shape : [];
  const values = list ? list.flat.map(Number) : [Number(indices)];
  if (!values.every((v) => Number.isInteger(v))) throw new CupytsError('ERR_INDEX', `${op}: expected integer indices, got ${describe(indices)}`);
  if (mode !== 'raise' && size === 0 && values.length > 0) {
    // (NumPy takes nothing, and checks nothing, where the result is empty: another axis is 0)
    if (emptyResult) return checkedIndex(runner, shape, values.map(() => 0));
    throw new CupytsError('ERR_INDEX', `${op}: cannot do a non-empty take from an empty axes.`);
  }
  const fixed = values.map((v) => (mode === 'raise' ? checkHostIndex(op, v, axis, size) : mode === 'wrap' ? ((v % size) + size) % size : Math.min(Math.max(v, 0), size - 1)));
  return checkedIndex(runner, shape, fixed);
}

/** Items that index axis `axis` of an `ndim`-d array with `array`, all other axes whole. */
function alongAxis(ndim: number, axis: number, array: NDArray, size: number): ResolvedItem[] {
  return Array.from({ length: ndim }, (_, d): ResolvedItem => (d === axis ? { kind: 'index', array, axis, size } : FULL));
}


/** `a` and the axis to work along: the flattened array and 0 where axis is null/undefined. */
function axisOf(op: string, a: NDArray, axis: number | null | undefined): [NDArray, number] {
  if (axis === null || axis === undefined) return [ravel(a), 0];
  return [a, checkAxis(op, axis, a.ndim)];
}

/** NumPy's take(a, indices, axis=None, mode='raise'). */
export function take(a: NDArray | ArrayData, indices: IndicesArg, options: { axis?: number | null; mode?: TakeMode } = {}): NDArray {
  const mode = checkMode('take', options.mode ?? 'raise');
  const [x, axis] = axisOf('take', toArray('take', a), options.axis);
  const idx = indexArg('take', x.runner, indices, axis, x.shape[axis], mode, x.shape.some((d, j) => j !== axis && d === 0));
  return gatherItems('take', x, alongAxis(x.ndim, axis, idx, x.shape[axis]));
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
  const [x, axis] = axisOf('compress', toArray('compress', a), options.axis);
  if (condition instanceof NDArray ? condition.ndim !== 1 : !Array.isArray(condition)) throw new CupytsError('ERR_ARG', 'compress: condition must be a 1-d array');
  if (!(condition instanceof NDArray)) {
    const picked: number[] = [];
    flattenList('compress', condition).flat.forEach((m, i) => { if (m) picked.push(i); });
    return take(x, picked, { axis });
  }
  // A condition on the device stays there (./compaction.ts: only the count is read back); one
  // longer than the axis is an index error where it is true past the end, as in NumPy.
  const c = usable('compress', condition);
  const n = x.shape[axis];
  const beyond = firstTrueFrom(c, n);
  if (beyond !== undefined) throw new CupytsError('ERR_INDEX', `compress: index ${beyond} is out of bounds for axis ${axis} with size ${n}`);
  return take(x, markInRange(flatTrueIndices(c)), { axis });
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
  return take(x, idx, { axis });
}

/** NumPy's put(a, ind, v, mode='raise'): a.flat[ind] = v, v repeated to the length of ind. */
export function put(a: NDArray, ind: IndicesArg, v: ArrayOrScalar, mode: TakeMode = 'raise'): void {
  if (!(a instanceof NDArray)) throw new CupytsError('ERR_ARG', `put: expected an NDArray to write into, got ${describe(a)}`);
  usable('put', a);
  checkMode('put', mode);
  if (!isContiguous(usable('put', a))) {
    // a.flat of a non-contiguous array: write into a C-order copy, then copy it back.
    const copy = a.astype(a.dtype).eval();
    put(copy, ind, v, mode);
    assign('put', a, copy);
    return;
  }
  const flat = reshape(a, [a.size]);
  const idx = indexArg('put', a.runner, ind, 0, a.size, mode);
  let value = toOperand('put', v);
  if (value instanceof NDArray) {
    const vf = ravel(value);
    if (vf.size === 0) return;
    const cycled = vf.size === idx.size ? vf : take(vf, Array.from({ length: idx.size }, (_, i) => i % vf.size));
    value = reshape(cycled, idx.shape);
  }
  scatter('put', flat, alongAxis(1, 0, idx, a.size), value, false);
}
