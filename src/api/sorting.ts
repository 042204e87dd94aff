// Sorting: sort, argsort (and the NDArray methods x.sort() in place, x.argsort()), lexsort,
// partition, argpartition (and x.partition() in place, x.argpartition()), sort_complex, declared
// with NumPy's signatures (complex arrays in NumPy's order: sortAny). All stand on one
// primitive, a stable sort along an axis (a 'sort' node, src/ir/sort-plan.ts): NaN last, ties in their original order, whatever `kind` asks for (every
// kind NumPy accepts gives a sorted result; stable is one). A partition around one kth is that
// node with its kth: a radix select on the device (src/ir/select-plan.ts), not a sort; around
// several kth it is the full sort (a sort is a partition around every position).
import { DTYPES } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import { sortNode } from '../ir/graph.js';
import { arrayLike, checkAxis, isArrayArg, target, type ArrayArg } from './array-params.js';
import { assign } from './assign.js';
import { isnan } from './elementwise.js';
import { NDArray, usable } from './ndarray.js';
import { toArray } from './operands.js';
import * as t from './param-types.js';
import { declare, keyword, positional, REJECT, required, type ParamType } from './signature.js';
import { take_along_axis } from './take.js';
import { imagView, realView, reshape } from './views.js';

/**
 * The stable sort of `x` along `axis` (null: of the flattened array): its values or their
 * positions; with `kth` (in [0, length)), the partition around it instead (src/ir/graph.ts).
 */
export function sortAlong(op: string, x: NDArray, axis: number | null, output: 'values' | 'indices', kth?: number): NDArray {
  // (the sort keys of src/codegen/sort-keys.ts are real: a complex array sorted as one gave values
  // that were not its own)
  if (x.dtype.kind === 'c') {
    throw new CupytsError('ERR_UNSUPPORTED', `${op}: complex arrays are not supported yet (NumPy orders them by real part, then imaginary part), got ${x.dtype.name}`);
  }
  if (axis === null) return new NDArray(sortNode(reshape(x, [x.size]).node, 0, output, kth), x.runner);
  const ax = checkAxis(op, axis, x.ndim);
  return new NDArray(sortNode(x.node, ax, output, kth), x.runner);
}

/**
 * sortAlong for the sorting functions themselves, complex arrays included: NumPy's order of
 * complex values, [R + Rj, R + nanj, nan + Rj, nan + nanj] (R not NaN), each group by its parts
 * that are not NaN, real part first. Three stable sorts of real keys, least significant first
 * (the imaginary parts, the real parts, the group), so ties keep their order; a partition of a
 * complex array is its sort (a sort is a partition around every position).
 */
export function sortAny(op: string, x: NDArray, axis: number | null, output: 'values' | 'indices', kth?: number): NDArray {
  if (x.dtype.kind !== 'c') return sortAlong(op, x, axis, output, kth);
  const lines = axis === null ? reshape(x, [x.size]) : x;
  const ax = axis === null ? 0 : checkAxis(op, axis, x.ndim);
  const [re, im] = [realView(lines), imagView(lines)];
  const group = isnan(re).astype(DTYPES.uint8).mul(2).add(isnan(im));
  let order = sortAlong(op, im, ax, 'indices');
  for (const key of [re, group]) order = take_along_axis(order, sortAlong(op, take_along_axis(key, order, ax), ax, 'indices'), ax);
  return output === 'indices' ? order : take_along_axis(lines, order, ax);
}

const kindType = t.nullable(t.oneOf('quicksort', 'mergesort', 'heapsort', 'stable'));

/** NumPy refuses `kind` and `stable` together. */
function checkKind(op: string, kind: string | null, stable: boolean | null): void {
  if (kind !== null && stable !== null) throw new CupytsError('ERR_ARG', `${op}: expected kind or stable, got both (NumPy: \`kind\` and \`stable\` parameters can't be provided at the same time)`);
}

const sortParams = (array: typeof a) => [
  array, positional('axis', t.nullable(t.axis), -1), positional('kind', kindType, null),
  positional('order', t.notSupported(), null), keyword('stable', t.nullable(t.boolean), null),
] as const;
const a = required('a', arrayLike);

/** sort(a, axis=-1, kind=None, order=None, *, stable=None): a sorted copy. */
export const sort = declare('sort', sortParams(a), (v) => {
  checkKind('sort', v.kind, v.stable);
  return sortAny('sort', v.a, v.axis, 'values');
});

/** argsort(a, axis=-1, kind=None, order=None, *, stable=None): the int64 positions that sort `a`. */
export const argsort = declare('argsort', sortParams(a), (v) => {
  checkKind('argsort', v.kind, v.stable);
  // NumPy's argsort of a 0-d array is [0], whatever the axis.
  return sortAny('argsort', v.a, v.a.ndim === 0 ? null : v.axis, 'indices');
});

/**
 * sort_complex(a): `a` sorted along its last axis as complex values (real part first, then the
 * imaginary part), always complex: NumPy's result dtype, complex64 for int8, int16, uint8 and
 * uint16, complex128 for every other real dtype.
 */
export const sort_complex = declare('sort_complex', [a], (v) => {
  const x = v.a.dtype.kind === 'c' ? v.a : v.a.astype(['int8', 'int16', 'uint8', 'uint16'].includes(v.a.dtype.name) ? DTYPES.complex64 : DTYPES.complex128);
  // (NumPy sorts along the last axis: a 0-d array has none)
  return sortAny('sort_complex', x, -1, 'values');
});

/** NumPy's a.sort(axis=-1, kind=None, order=None, *, stable=None): sorts `a` in place (its views see it). */
export const sortMethod = declare('sort', [
  required('a', target), positional('axis', t.axis, -1), positional('kind', kindType, null),
  positional('order', t.notSupported(), null), keyword('stable', t.nullable(t.boolean), null),
], (v) => {
  checkKind('sort', v.kind, v.stable);
  if (v.a.ndim === 0) throw new CupytsError('ERR_AXIS', `sort: axis ${v.axis} is out of bounds for array of dimension 0`);
  assign('sort', v.a, sortAny('sort', v.a, v.axis, 'values'));
});

/** A sequence of keys: a list of arrays, or an array whose first axis runs over the keys. */
const keysType: ParamType<ArrayArg | readonly ArrayArg[], NDArray[]> = {
  expected: 'a list of arrays or an array (its rows are the keys)',
  parse: (x, op) => {
    if (x instanceof NDArray) return Array.from({ length: usable(op, x).shape[0] ?? 0 }, (_, i) => x.get(i));
    if (Array.isArray(x) && x.length === 0) return [];
    if (Array.isArray(x) && x.every((k) => isArrayArg(k))) {
      const nested = x.some((k) => Array.isArray(k) || ArrayBuffer.isView(k) || k instanceof NDArray);
      return nested ? x.map((k) => toArray(op, k)) : [toArray(op, x)];
    }
    return REJECT;
  },
};

/** Keys lexsort chains lazily before computing the order so far (each is a sort and two gathers). */
const LEXSORT_KEYS_LAZY = 256;

/** lexsort(keys, axis=-1): positions sorting by the last key, then the one before, ... (stable). */
export const lexsort = declare('lexsort', [required('keys', keysType), positional('axis', t.axis, -1)], ({ keys, axis }) => {
  if (keys.length === 0) throw new CupytsError('ERR_ARG', 'lexsort: expected at least one key, got none (NumPy: need sequence of keys with len > 0 in lexsort)');
  const shape = keys[0].shape;
  for (const k of keys) {
    if (k.shape.length !== shape.length || k.shape.some((d, j) => d !== shape[j])) {
      throw new CupytsError('ERR_SHAPE', `lexsort: expected keys of one shape, got (${shape.join(', ')}) and (${k.shape.join(', ')}) (NumPy: all keys need to be the same shape)`);
    }
  }
  if (shape.length === 0) {
    if (axis !== -1 && axis !== 0) checkAxis('lexsort', axis, 0);
    return reshape(sortAny('lexsort', reshape(keys[0], [1]), 0, 'indices'), []);
  }
  const ax = checkAxis('lexsort', axis, shape.length);
  let order = sortAny('lexsort', keys[0], ax, 'indices');
  keys.slice(1).forEach((k, j) => {
    const inner = sortAny('lexsort', take_along_axis(k, order, ax), ax, 'indices');
    order = take_along_axis(order, inner, ax);
    // Computed every LEXSORT_KEYS_LAZY keys: a lazy chain of thousands of sorts overflowed the
    // scheduler's recursion (unique along an axis of rows 3000 wide lexsorts 3000 keys).
    if ((j + 1) % LEXSORT_KEYS_LAZY === 0) order.eval();
  });
  return order;
});

/** kth: an integer or a list of integers (checked against the axis length in the body). */
const kthType: ParamType<number | readonly number[], number[]> = {
  expected: 'an integer or a list of integers',
  parse: (x) => (t.isInteger(x) ? [x] : Array.isArray(x) && x.every((k) => t.isInteger(k)) ? [...x] : REJECT),
};

/**
 * NumPy's kth check (each in [-n, n) along the axis partitioned); the one kth to select, made
 * non-negative, or undefined for several (the full sort).
 */
function checkKth(op: string, kth: readonly number[], x: NDArray, axis: number | null): number | undefined {
  const n = axis === null ? x.size : x.shape[checkAxis(op, axis, x.ndim)];
  for (const k of kth) {
    if (k < -n || k >= n) throw new CupytsError('ERR_ARG', `${op}: kth(=${k}) out of bounds (${n})`);
  }
  return kth.length === 1 ? (kth[0] < 0 ? kth[0] + n : kth[0]) : undefined;
}

const kindIntroselect = positional('kind', t.oneOf('introselect'), 'introselect');
const partitionParams = [
  a, required('kth', kthType), positional('axis', t.nullable(t.axis), -1), kindIntroselect, positional('order', t.notSupported(), null),
] as const;

/** The partition of `x` around `kth` along `axis` (null: flattened): its values or their positions. */
function partitionAlong(op: string, x: NDArray, kth: readonly number[], axis: number | null, output: 'values' | 'indices'): NDArray {
  if (axis !== null && x.ndim === 0) throw new CupytsError('ERR_AXIS', `${op}: axis ${axis} is out of bounds for array of dimension 0`);
  return sortAny(op, x, axis, output, checkKth(op, kth, x, axis));
}

/**
 * partition(a, kth, axis=-1, kind='introselect', order=None): the element at each kth position is
 * where a sort puts it, smaller ones before, larger after (NaN last). Around one kth: the smaller
 * ones, the equal ones, the larger ones, each in their original order; around several, sorted.
 */
export const partition = declare('partition', partitionParams, (v) => partitionAlong('partition', v.a, v.kth, v.axis, 'values'));

/** argpartition(a, kth, axis=-1, kind='introselect', order=None): the int64 positions of partition's result. */
export const argpartition = declare('argpartition', partitionParams, (v) => partitionAlong('argpartition', v.a, v.kth, v.axis, 'indices'));

/** NumPy's a.partition(kth, axis=-1, kind='introselect', order=None): partitions `a` in place (its views see it). */
export const partitionMethod = declare('partition', [
  required('a', target), required('kth', kthType), positional('axis', t.axis, -1), kindIntroselect, positional('order', t.notSupported(), null),
], (v) => {
  assign('partition', v.a, partitionAlong('partition', v.a, v.kth, v.axis, 'values'));
});
