// unique and NumPy 2's unique_values, unique_counts, unique_inverse, unique_all, built on the
// stable sort: the flattened array sorted (its argsort kept), a mask of the first element of each
// run of equal values, and stream compaction of that mask (src/api/compaction.ts: only the
// count of unique values is read back). Several results come back as a JS array in NumPy's
// order (NumPy's tuple, or the fields of its namedtuple: values, indices, inverse_indices, counts).
import { DTYPES } from '../ir/dtype.js';
import { arrayLike, checkAxis, sliceAxis } from './array-params.js';
import { flatTrueIndices } from './compaction.js';
import { slice } from './index-parse.js';
import { full } from './creation.js';
import { isnan, logical_and, logical_not, not_equal, subtract } from './elementwise.js';
import { concatenateAs } from './joins.js';
import type { NDArray } from './ndarray.js';
import * as t from './param-types.js';
import { any, cumsum } from './reductions.js';
import { declare, keyword, positional, required } from './signature.js';
import { lexsort, sortAlong } from './sorting.js';
import { take } from './take.js';
import { moveaxis, reshape } from './views.js';

const OP = 'unique';

interface Wanted {
  index: boolean;
  inverse: boolean;
  counts: boolean;
  equalNaN: boolean;
}

/** Where each run of equal sorted values starts: `differs` compares neighbours (i, i - 1). */
function runStarts(n: number, differs: (from: number, to: number) => NDArray): NDArray {
  if (n === 0) return full([0], false, { dtype: DTYPES.bool });
  return concatenateAs(OP, [full([1], true, { dtype: DTYPES.bool }), differs(1, n)], 0, undefined);
}

/** The results NumPy returns after the values, from the sorted order and the runs' first places. */
function extras(order: NDArray | null, starts: NDArray, first: NDArray, n: number, want: Wanted, inverseShape: number[]): NDArray[] {
  const out: NDArray[] = [];
  if (want.index) out.push(take(order!, first));
  if (want.inverse) {
    const group = subtract(cumsum(starts, { dtype: DTYPES.int64 }), 1);
    const placeOf = sortAlong(OP, order!, 0, 'indices'); // the inverse permutation
    out.push(reshape(take(group, placeOf), inverseShape));
  }
  if (want.counts) {
    const ends = concatenateAs(OP, [sliceAxis(first, 0, 1, null), full([1], n, { dtype: DTYPES.int64 })], 0, undefined);
    out.push(subtract(ends, first));
  }
  return out;
}

/** Whether neighbours differ: not equal, where two NaN are equal if `equalNaN`. */
function differ(here: NDArray, before: NDArray, equalNaN: boolean): NDArray {
  const ne = not_equal(here, before);
  if (!equalNaN || here.dtype.kind !== 'f') return ne;
  return logical_and(ne, logical_not(logical_and(isnan(here), isnan(before))));
}

/** unique of the flattened array: the sorted unique values and what `want` asks for. */
export function uniqueFlat(ar: NDArray, want: Wanted): NDArray[] {
  const flat = reshape(ar, [ar.size]);
  const n = flat.size;
  // The positions are sorted along only where a result needs them (a sort of the values alone
  // moves fewer bytes: none but the keys for integers).
  const order = want.index || want.inverse ? sortAlong(OP, flat, 0, 'indices') : null;
  const sorted = order ? take(flat, order) : sortAlong(OP, flat, 0, 'values');
  const starts = runStarts(n, (from, to) => differ(sliceAxis(sorted, 0, from, to), sliceAxis(sorted, 0, from - 1, to - 1), want.equalNaN));
  const first = flatTrueIndices(starts);
  return [take(sorted, first), ...extras(order, starts, first, n, want, ar.shape)];
}

/** unique along `axis`: the sub-arrays along it, compared lexicographically, each kept once. */
function uniqueAlong(ar: NDArray, axis: number, want: Wanted): NDArray[] {
  const ax = checkAxis(OP, axis, ar.ndim);
  const moved = moveaxis(ar, ax, 0);
  const n = moved.shape[0];
  const rest = moved.shape.slice(1);
  const width = rest.reduce((a, b) => a * b, 1);
  const rows = reshape(moved, [n, width]);
  // lexsort's last key is the primary one: the first column.
  const columns = Array.from({ length: width }, (_, j) => rows.get([slice(), j]));
  const order = width === 0 || n === 0 ? sortAlong(OP, full([n], 0, { dtype: DTYPES.int8 }), 0, 'indices') : lexsort(columns.reverse());
  const sorted = take(rows, order, { axis: 0 });
  const starts = runStarts(n, (from, to) => {
    if (width === 0) return full([to - from], false, { dtype: DTYPES.bool });
    return any(differ(sliceAxis(sorted, 0, from, to), sliceAxis(sorted, 0, from - 1, to - 1), want.equalNaN), { axis: 1 });
  });
  const first = flatTrueIndices(starts);
  const values = moveaxis(reshape(take(sorted, first, { axis: 0 }), [first.size, ...rest]), 0, ax);
  return [values, ...extras(order, starts, first, n, want, [n])];
}

/** unique(ar, return_index=False, return_inverse=False, return_counts=False, axis=None, *, equal_nan=True, sorted=True). */
export const unique = declare(OP, [
  required('ar', arrayLike), positional('return_index', t.boolean, false), positional('return_inverse', t.boolean, false),
  positional('return_counts', t.boolean, false), positional('axis', t.nullable(t.axis), null),
  keyword('equal_nan', t.boolean, true), keyword('sorted', t.boolean, true),
], (v): NDArray | NDArray[] => {
  // sorted=False allows any order: the sorted one is such an order.
  const want = { index: v.return_index, inverse: v.return_inverse, counts: v.return_counts, equalNaN: v.equal_nan };
  const results = v.axis === null ? uniqueFlat(v.ar, want) : uniqueAlong(v.ar, v.axis, want);
  return results.length === 1 ? results[0] : results;
});

const x = required('x', arrayLike);
const ARRAY_API = { index: false, inverse: false, counts: false, equalNaN: false };

/** unique_values(x): the sorted unique values (NaNs each kept, as NumPy 2). */
export const unique_values = declare('unique_values', [x], (v) => uniqueFlat(v.x, ARRAY_API)[0]);

/** unique_counts(x): [values, counts]. */
export const unique_counts = declare('unique_counts', [x], (v) => uniqueFlat(v.x, { ...ARRAY_API, counts: true }));

/** unique_inverse(x): [values, inverse_indices] (the inverse has x's shape). */
export const unique_inverse = declare('unique_inverse', [x], (v) => uniqueFlat(v.x, { ...ARRAY_API, inverse: true }));

/** unique_all(x): [values, indices, inverse_indices, counts]. */
export const unique_all = declare('unique_all', [x], (v) => uniqueFlat(v.x, { ...ARRAY_API, index: true, inverse: true, counts: true }));
