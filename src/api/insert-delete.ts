// NumPy's append, insert and delete: new arrays with elements added or removed along an axis
// (the flattened array for axis=None). Which positions change is index bookkeeping done on the
// host from `obj` (an integer, a slice, a list, an array: read back); the data moves in kernels:
// delete is one gather of the kept positions, insert writes the old elements and the new values
// into their places in a fresh array (NumPy's slicing writes, or its two advanced-index writes).
import { checkAxis } from './array-params.js';
import { CupytsError, describe } from '../ir/errors.js';
import { checkHostIndex, hostIndex, resolveItems } from './advanced-indexing.js';
import { arrayLike, arrayOrScalar, isArrayArg, scalarArray, type ArrayArg } from './array-params.js';
import type { Scalar } from './ndarray.js';
import { assign } from './assign.js';
import { parseIndex, sliceRange, type Index, type IndexItem, type Slice } from './index-parse.js';
import { scatter } from './scatter.js';
import { alongAxis, uninitialized } from './join-parts.js';
import { concatenateAs } from './joins.js';
import { NDArray } from './ndarray.js';
import { toArray } from './operands.js';
import * as t from './param-types.js';
import { declare, positional, REJECT, required, type ParamType } from './signature.js';
import { take } from './take.js';
import { moveaxis, ravel, reshape } from './views.js';

/** NumPy's append(arr, values, axis=None): values joined after arr (both flattened for axis=None). */
export const append = declare(
  'append',
  [required('arr', arrayLike), required('values', arrayLike), positional('axis', t.nullable(t.axis), null)],
  ({ arr, values, axis }) => concatenateAs('append', axis === null ? [ravel(arr), ravel(values)] : [arr, values], axis ?? 0, undefined),
);

/** Where insert and delete act: a slice (cp.slice), an integer, or integers or booleans (a list or an array). */
type Positions = { kind: 'slice'; slice: Slice } | { kind: 'int'; value: number } | { kind: 'array'; array: NDArray; given: ArrayArg };

const SLICE_KEYS = new Set(['start', 'stop', 'step']);
const isSlice = (x: unknown): x is Slice =>
  x !== null && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype && Object.keys(x).every((k) => SLICE_KEYS.has(k)) &&
  Object.values(x).every((v) => v === null || v === undefined || Number.isSafeInteger(v));

const positions: ParamType<Slice | ArrayArg, Positions> = {
  expected: 'an integer, a slice (cp.slice), or a list or array of integers',
  parse: (x, op) => {
    if (isSlice(x)) return { kind: 'slice', slice: x };
    if (typeof x === 'number' && Number.isSafeInteger(x)) return { kind: 'int', value: x };
    if (typeof x === 'boolean' || typeof x === 'number' || !isArrayArg(x)) return REJECT;
    return { kind: 'array', array: toArray(op, x), given: x };
  },
};

/** `arr` and the axis to work along: the flattened array and its one axis for axis=null. */
function axisOf(op: string, arr: NDArray, axis: number | null): [NDArray, number] {
  if (axis === null) return [arr.ndim === 1 ? arr : ravel(arr), 0];
  return [arr, checkAxis(op, axis, arr.ndim)];
}

/** The positions a slice selects along an axis of length n. */
function sliceIndices(op: string, s: Slice, n: number): number[] {
  const r = sliceRange(op, { start: s.start ?? null, stop: s.stop ?? null, step: s.step ?? null }, n);
  return Array.from({ length: r.count }, (_, i) => r.start + i * r.step);
}

/** An index array's values (read back), checked to be integers; an empty JS list counts as integers. */
function integerValues(op: string, p: Extract<Positions, { kind: 'array' }>): number[] {
  const a = p.array;
  if (a.size === 0 && !(p.given instanceof NDArray)) return [];
  if (a.dtype.kind !== 'i' && a.dtype.kind !== 'u') throw new CupytsError('ERR_INDEX', `${op}: arrays used as indices must be of integer (or boolean) type, got ${a.dtype.name}`);
  return Array.from(a.dataSync() as ArrayLike<number | bigint>, Number);
}

/** NumPy's delete(arr, obj, axis=None): arr without the elements (slices along axis) at obj. */
export const delete_ = declare(
  'delete',
  [required('arr', arrayLike), required('obj', positions), positional('axis', t.nullable(t.axis), null)],
  ({ arr, obj, axis: givenAxis }) => {
    const op = 'delete';
    const [x, axis] = axisOf(op, arr, givenAxis);
    const n = x.shape[axis];
    const keep = new Uint8Array(n).fill(1);
    if (obj.kind === 'slice') {
      for (const i of sliceIndices(op, obj.slice, n)) keep[i] = 0;
    } else if (obj.kind === 'int') {
      keep[checkHostIndex(op, obj.value, axis, n)] = 0;
    } else if (obj.array.dtype.kind === 'b') {
      if (obj.array.ndim !== 1 || obj.array.size !== n) {
        throw new CupytsError('ERR_SHAPE', `${op}: boolean array argument obj to delete must be one dimensional and match the axis length of ${n}`);
      }
      (obj.array.dataSync() as Uint8Array).forEach((m, i) => { if (m) keep[i] = 0; });
    } else {
      for (const v of integerValues(op, obj)) keep[checkHostIndex(op, v, axis, n)] = 0;
    }
    const kept: number[] = [];
    keep.forEach((k, i) => { if (k) kept.push(i); });
    return take(x, kept, { axis });
  },
);

/** `values` as an array of `dtype`, as NumPy's np.array(values, dtype=...) converts them. */
function valuesAs(op: string, values: NDArray | Scalar, like: NDArray): NDArray {
  if (values instanceof NDArray) return values.dtype === like.dtype ? values : values.astype(like.dtype);
  return scalarArray(op, values, like.dtype, like.runner);
}

/** NumPy's insert(arr, obj, values, axis=None): values inserted before the positions obj. */
export const insert = declare(
  'insert',
  [required('arr', arrayLike), required('obj', positions), required('values', arrayOrScalar), positional('axis', t.nullable(t.axis), null)],
  ({ arr, obj, values, axis: givenAxis }) => {
    const op = 'insert';
    const [x, axis] = axisOf(op, arr, givenAxis);
    const n = x.shape[axis];
    let indices: number[];
    let scalarObj = false;
    if (obj.kind === 'slice') indices = sliceIndices(op, obj.slice, n);
    else if (obj.kind === 'int') {
      indices = [obj.value];
      scalarObj = true;
    } else if (obj.array.dtype.kind === 'b') {
      // NumPy: a 1-D boolean ndarray inserts before its true positions (a Python bool or list of them fails there)
      if (!(obj.given instanceof NDArray)) throw new CupytsError('ERR_INDEX', `${op}: expected integer indices, a slice, or a 1-D boolean NDArray, got a list of booleans`);
      if (obj.array.ndim !== 1) throw new CupytsError('ERR_SHAPE', `${op}: boolean array argument obj to insert must be one dimensional`);
      indices = [];
      (obj.array.dataSync() as Uint8Array).forEach((m, i) => { if (m) indices.push(i); });
    } else {
      if (obj.array.ndim > 1) throw new CupytsError('ERR_SHAPE', `${op}: index array argument obj to insert must be one dimensional or scalar`);
      indices = integerValues(op, obj);
      scalarObj = obj.array.ndim === 0;
    }

    if (indices.length === 1) {
      // One position: the values (at least arr.ndim dimensions) go in as a block.
      const index = indices[0];
      if (index < -n || index > n) throw new CupytsError('ERR_INDEX', `${op}: index ${describe(index)} is out of bounds for axis ${axis} with size ${n}`);
      const at = index < 0 ? index + n : index;
      let v = valuesAs(op, values, x);
      if (v.ndim < x.ndim) v = reshape(v, [...Array.from({ length: x.ndim - v.ndim }, () => 1), ...v.shape]);
      if (scalarObj) v = moveaxis(v, 0, axis);
      const numnew = v.shape[axis];
      const out = uninitialized('insert', x.shape.map((d, k) => (k === axis ? d + numnew : d)), x.dtype, x.runner);
      if (at > 0) assign(op, alongAxis(out, axis, 0, at), alongAxis(x, axis, 0, at));
      if (numnew > 0) assign(op, alongAxis(out, axis, at, numnew), v);
      if (n - at > 0) assign(op, alongAxis(out, axis, at + numnew, n - at), alongAxis(x, axis, at, n - at));
      return out;
    }

    // Several positions: each new slice lands at its index plus the number of new slices before it
    // (stable in the order given), and the old slices fill the rest in order.
    const shifted = indices.map((i) => (i < 0 ? i + n : i));
    const numnew = shifted.length;
    const size = n + numnew;
    const order = shifted.map((_, k) => k).sort((a, b) => shifted[a] - shifted[b] || a - b);
    order.forEach((k, rank) => { shifted[k] += rank; });
    const isNew = new Uint8Array(size);
    for (const p of shifted) isNew[checkHostIndex(op, p, axis, size)] = 1;
    const old: number[] = [];
    isNew.forEach((m, p) => { if (!m) old.push(p); });
    const out = uninitialized('delete', x.shape.map((d, k) => (k === axis ? size : d)), x.dtype, x.runner);
    const before: IndexItem[] = Array.from({ length: axis }, () => ({ start: null, stop: null, step: null }));
    const write = (index: Index, value: ArrayArg) => scatter(op, out, resolveItems(op, out, parseIndex(op, index)), value, false);
    // (values must broadcast to the new slices even where there are none, as in NumPy)
    write([...before, hostIndex(x.runner, [numnew], shifted.map((p) => (p < 0 ? p + size : p)))], values);
    if (old.length > 0) write([...before, hostIndex(x.runner, [old.length], old)], x);
    return out;
  },
);
