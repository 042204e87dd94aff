// Set routines on 1-D arrays, as NumPy's arraysetops computes them, on the stable sort, unique
// and stream compaction (only counts are read back): isin (a binary search of the sorted test
// elements: searchsorted), intersect1d, union1d, setdiff1d, setxor1d.
import { DTYPES, isBool, isInteger } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import { arrayLike, sliceAxis } from './array-params.js';
import { flatTrueIndices } from './compaction.js';
import { full } from './creation.js';
import { equal, logical_and, logical_not, minimum, not_equal, subtract } from './elementwise.js';
import { concatenateAs } from './joins.js';
import type { NDArray } from './ndarray.js';
import * as t from './param-types.js';
import { searchsorted } from './searching.js';
import { declare, keyword, positional, required } from './signature.js';
import { sortAny } from './sorting.js';
import { take } from './take.js';
import { uniqueFlat } from './unique.js';
import { reshape } from './views.js';

const ravel = (a: NDArray) => reshape(a, [a.size]);
const uniqueOf = (a: NDArray) => uniqueFlat(a, { index: false, inverse: false, counts: false, equalNaN: true })[0];
const join = (op: string, a: NDArray, b: NDArray) => concatenateAs(op, [ravel(a), ravel(b)], 0, undefined);
/** a[mask] for 1-D a and mask (the positions compacted on the device). */
const keep = (a: NDArray, mask: NDArray) => take(a, flatTrueIndices(mask));

/** Whether each element of `element` is in `test` (NaN is in nothing; -0 is where 0 is). */
function membership(element: NDArray, test: NDArray, invert: boolean): NDArray {
  const n = test.size;
  if (n === 0) return full(element.shape, invert, { dtype: DTYPES.bool });
  const sorted = sortAny('isin', ravel(test), 0, 'values');
  const place = minimum(searchsorted(sorted, element), n - 1);
  const found = equal(take(sorted, place), element);
  return invert ? logical_not(found) : found;
}

/** isin(element, test_elements, assume_unique=False, invert=False, *, kind=None). */
export const isin = declare('isin', [
  required('element', arrayLike), required('test_elements', arrayLike), positional('assume_unique', t.boolean, false),
  positional('invert', t.boolean, false), keyword('kind', t.nullable(t.oneOf('sort', 'table')), null),
], (v) => {
  const integral = (d: NDArray) => isBool(d.dtype) || isInteger(d.dtype);
  if (v.kind === 'table' && !(integral(v.element) && integral(v.test_elements))) {
    throw new CupytsError('ERR_DTYPE', "isin: expected boolean or integer arrays for kind='table', got " +
      `${v.element.dtype.name} and ${v.test_elements.dtype.name} (NumPy: The 'table' method is only supported for boolean or integer arrays)`);
  }
  // Both kinds and assume_unique give the same answer here: one sorted binary search.
  return membership(v.element, v.test_elements, v.invert);
});

const ar1 = required('ar1', arrayLike);
const ar2 = required('ar2', arrayLike);
const assumeUnique = positional('assume_unique', t.boolean, false);

/** intersect1d(ar1, ar2, assume_unique=False, return_indices=False): sorted common values [, indices in ar1, in ar2]. */
export const intersect1d = declare('intersect1d', [ar1, ar2, assumeUnique, positional('return_indices', t.boolean, false)], (v): NDArray | NDArray[] => {
  const want = { index: v.return_indices, inverse: false, counts: false, equalNaN: true };
  const [u1, ind1] = v.assume_unique ? [ravel(v.ar1)] : uniqueFlat(v.ar1, want);
  const [u2, ind2] = v.assume_unique ? [ravel(v.ar2)] : uniqueFlat(v.ar2, want);
  const aux = join('intersect1d', u1, u2);
  const order = sortAny('intersect1d', aux, 0, 'indices');
  const sorted = take(aux, order);
  const n = sorted.size;
  if (n === 0) return v.return_indices ? [sorted, full([0], 0, { dtype: DTYPES.int64 }), full([0], 0, { dtype: DTYPES.int64 })] : sorted;
  const common = flatTrueIndices(equal(sliceAxis(sorted, 0, 1, n), sliceAxis(sorted, 0, 0, n - 1)));
  const values = take(sorted, common);
  if (!v.return_indices) return values;
  let in1 = take(sliceAxis(order, 0, 0, n - 1), common);
  let in2 = subtract(take(sliceAxis(order, 0, 1, n), common), u1.size);
  if (!v.assume_unique) {
    in1 = take(ind1, in1);
    in2 = take(ind2, in2);
  }
  return [values, in1, in2];
});

/** union1d(ar1, ar2): the sorted unique values in either. */
export const union1d = declare('union1d', [ar1, ar2], (v) => uniqueOf(join('union1d', v.ar1, v.ar2)));

/** setdiff1d(ar1, ar2, assume_unique=False): the unique values of ar1 not in ar2 (ar1's order where assume_unique). */
export const setdiff1d = declare('setdiff1d', [ar1, ar2, assumeUnique], (v) => {
  const a = v.assume_unique ? ravel(v.ar1) : uniqueOf(v.ar1);
  const b = v.assume_unique ? v.ar2 : uniqueOf(v.ar2);
  return keep(a, membership(a, b, true));
});

/** setxor1d(ar1, ar2, assume_unique=False): the sorted values in exactly one of the two. */
export const setxor1d = declare('setxor1d', [ar1, ar2, assumeUnique], (v) => {
  const a = v.assume_unique ? v.ar1 : uniqueOf(v.ar1);
  const b = v.assume_unique ? v.ar2 : uniqueOf(v.ar2);
  const aux = sortAny('setxor1d', join('setxor1d', a, b), 0, 'values');
  const n = aux.size;
  if (n === 0) return aux;
  const yes = full([1], true, { dtype: DTYPES.bool });
  const flag = concatenateAs('setxor1d', [yes, not_equal(sliceAxis(aux, 0, 1, n), sliceAxis(aux, 0, 0, n - 1)), yes], 0, undefined);
  return keep(aux, logical_and(sliceAxis(flag, 0, 1, n + 1), sliceAxis(flag, 0, 0, n)));
});
