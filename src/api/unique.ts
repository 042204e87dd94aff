// unique and NumPy 2's unique_values, unique_counts, unique_inverse, unique_all, built on the
// stable sort: the flattened array sorted (its argsort kept where a result needs it), whether
// each sorted neighbour differs from the one before, and the running count of those (one scan;
// only the number of unique values is read back). Each run's start is a binary search of that
// count (searchsorted), its length the difference to the next start, and the inverse the count
// at each sorted position written back through the sort's permutation (one scatter). Several
// results come back as a JS array in NumPy's order (NumPy's tuple, or the fields of its
// namedtuple: values, indices, inverse_indices, counts). The value that stands for a run of equal
// values that differ in bits (-0 and 0) is the first in input order, on both backends; NumPy's
// unstable sort leaves that to the machine's SIMD sort.
import { DTYPES } from '../ir/dtype.js';
import { arrayLike, checkAxis, sliceAxis } from './array-params.js';
import { markInRange } from './advanced-indexing.js';
import { slice } from './index-parse.js';
import { full, zeros } from './creation.js';
import { add, greater, isnan, logical_and, logical_not, not_equal, subtract } from './elementwise.js';
import type { NDArray } from './ndarray.js';
import { where } from './operands.js';
import { deviceIndices } from './ranges.js';
import { searchsorted } from './searching.js';
import * as t from './param-types.js';
import { any, cumsum } from './reductions.js';
import { declare, keyword, positional, required } from './signature.js';
import { lexsort, sortAlong, sortAny } from './sorting.js';
import { take } from './take.js';
import { moveaxis, reshape } from './views.js';

const OP = 'unique';

interface Wanted {
  index: boolean;
  inverse: boolean;
  counts: boolean;
  equalNaN: boolean;
}

/** The runs of equal values along a sorted axis (see runsOf). */
interface Runs {
  count: number;
  /** Where each run starts (int64, count). */
  first: NDArray;
  /** Where each run ends: the next run's start, n for the last (int64, count). */
  next: NDArray;
  /** The run of each sorted position past the first (int64, n - 1), where n > 1. */
  places?: NDArray;
}

/**
 * The runs of equal values along a sorted axis of n positions, from `differs` (n - 1 booleans:
 * whether position i + 1 starts a new run). Its running count `places` (one scan, its producer
 * fused) numbers the runs; only the number of runs is read back. Run j starts at the first
 * position i + 1 whose count reaches j (a binary search of `places`: position 0 for j = 0), and
 * ends where run j + 1 starts (n for the last).
 */
function runsOf(n: number, differs: () => NDArray): Runs {
  const int64 = { dtype: DTYPES.int64 };
  if (n <= 1) return { count: n, first: full([n], 0, int64), next: full([n], 1, int64) };
  const places = cumsum(differs(), int64).eval();
  const count = Number(places.get(n - 2).item()) + 1;
  const j = deviceIndices(count);
  return {
    count,
    first: add(searchsorted(places, j), where(greater(j, 0), 1, 0)),
    next: add(searchsorted(places, add(j, 1)), 1),
    places,
  };
}

/**
 * The results NumPy returns after the values, from the sorted order (argsort) and the runs:
 * the first index of each run, the run of each element (the sorted positions' runs written back
 * through the permutation: one scatter; sorted position 0 is in run 0), the run lengths.
 */
function extras(order: NDArray | null, runs: Runs, n: number, want: Wanted, inverseShape: number[]): NDArray[] {
  const out: NDArray[] = [];
  if (want.index) out.push(take(order!, runs.first));
  if (want.inverse) {
    const inverse = zeros([n], { dtype: DTYPES.int64 });
    if (runs.places) inverse.set(markInRange(sliceAxis(order!, 0, 1, n)), runs.places);
    out.push(reshape(inverse, inverseShape));
  }
  if (want.counts) out.push(subtract(runs.next, runs.first));
  return out;
}

/**
 * Whether neighbours differ: not equal, where two NaN are equal if `equalNaN` (complex: two
 * values with a NaN part, as NumPy takes all of them as one NaN).
 */
function differ(here: NDArray, before: NDArray, equalNaN: boolean): NDArray {
  const ne = not_equal(here, before);
  if (!equalNaN || (here.dtype.kind !== 'f' && here.dtype.kind !== 'c')) return ne;
  return logical_and(ne, logical_not(logical_and(isnan(here), isnan(before))));
}

/** unique of the flattened array: the sorted unique values and what `want` asks for. */
export function uniqueFlat(ar: NDArray, want: Wanted): NDArray[] {
  const flat = reshape(ar, [ar.size]);
  const n = flat.size;
  // The positions are sorted along only where a result needs them (a sort of the values alone
  // moves fewer bytes: none but the keys for integers).
  const order = want.index || want.inverse ? sortAny(OP, flat, 0, 'indices') : null;
  const sorted = order ? take(flat, order) : sortAny(OP, flat, 0, 'values');
  const runs = runsOf(n, () => differ(sliceAxis(sorted, 0, 1, n), sliceAxis(sorted, 0, 0, n - 1), want.equalNaN));
  return [take(sorted, runs.first), ...extras(order, runs, n, want, ar.shape)];
}

/**
 * The sort keys of one column of rows, most significant first. NumPy sorts the rows of its
 * structured view with each field's compare function, which orders as its sort (NaN last, NaN
 * ties NaN, -0 ties 0) except float16's (HALF_compare), which orders NaN first: there a key of
 * whether the value is a number comes before the value.
 */
function rowKeys(column: NDArray): NDArray[] {
  return column.dtype === DTYPES.float16 ? [logical_not(isnan(column)), column] : [column];
}

/**
 * unique along `axis`: the sub-arrays along it, compared lexicographically, each kept once. As
 * NumPy 2, a 1-D array along its axis is the flattened case (equal_nan holds); otherwise rows are
 * equal where every element is (==, NumPy's comparison of its structured view), so -0 and 0 match
 * and a row holding a NaN equals no other, whatever equal_nan says. Rows that tie in the sort (NaN
 * against NaN, -0 against 0) keep their input order, as NumPy's stable sort for return_index.
 */
function uniqueAlong(ar: NDArray, axis: number, want: Wanted): NDArray[] {
  const ax = checkAxis(OP, axis, ar.ndim);
  if (ar.ndim === 1) return uniqueFlat(ar, want);
  const moved = moveaxis(ar, ax, 0);
  const n = moved.shape[0];
  const rest = moved.shape.slice(1);
  const width = rest.reduce((a, b) => a * b, 1);
  const rows = reshape(moved, [n, width]);
  // The keys, most significant first; lexsort's last key is its primary one.
  const keys = Array.from({ length: width }, (_, j) => rowKeys(rows.get([slice(), j]))).flat();
  const order = width === 0 || n === 0 ? sortAlong(OP, full([n], 0, { dtype: DTYPES.int8 }), 0, 'indices') : lexsort(keys.reverse());
  const sorted = take(rows, order, { axis: 0 });
  const runs = runsOf(n, () => {
    if (width === 0) return full([n - 1], false, { dtype: DTYPES.bool });
    return any(not_equal(sliceAxis(sorted, 0, 1, n), sliceAxis(sorted, 0, 0, n - 1)), { axis: 1 });
  });
  const values = moveaxis(reshape(take(sorted, runs.first, { axis: 0 }), [runs.count, ...rest]), 0, ax);
  return [values, ...extras(order, runs, n, want, [n])];
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
