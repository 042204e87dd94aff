// searchsorted, built from the stable sort: the queries and the table sorted together (queries
// first for side='left', after for 'right', so a tie puts a query before or after the equal table
// entries), the table entries counted up to each query's place (a cumsum), and each query's place
// found through the inverse permutation (a second argsort). Two sorts of n + m keys: O(log) per
// element on the device, nothing read back, NaN sorted last as NumPy's searchsorted.
import { CupytsError } from '../ir/errors.js';
import { promoteOperands } from '../ir/promotion.js';
import { arrayData, arrayLike, sliceAxis, type ArrayArg } from './array-params.js';
import { full } from './creation.js';
import { greater_equal, less } from './elementwise.js';
import { concatenateAs } from './joins.js';
import { NDArray } from './ndarray.js';
import { toArray } from './operands.js';
import * as t from './param-types.js';
import { cumsum } from './reductions.js';
import { declare, positional, required } from './signature.js';
import { sortAlong } from './sorting.js';
import { take } from './take.js';
import { reshape } from './views.js';

const OP = 'searchsorted';

/** The 1-D table, reordered by `sorter` where one is given. */
function table(a: NDArray, sorter: ArrayArg | null): NDArray {
  if (a.ndim !== 1) throw new CupytsError('ERR_SHAPE', `${OP}: expected a 1-D array a, got ${a.ndim}-D (NumPy: object ${a.ndim > 1 ? 'too deep' : 'of too small depth'} for desired array)`);
  if (sorter === null) return a;
  const s = toArray(OP, sorter);
  if (s.ndim !== 1 || s.size !== a.size) throw new CupytsError('ERR_SHAPE', `${OP}: expected sorter of shape (${a.size},), got (${s.shape.join(', ')}) (NumPy: sorter.size must equal a.size)`);
  if (s.dtype.kind !== 'i' && s.dtype.kind !== 'u') throw new CupytsError('ERR_DTYPE', `${OP}: expected an integer sorter, got ${s.dtype.name}`);
  return take(a, s);
}

/** searchsorted(a, v, side='left', sorter=None): where each v would go in sorted `a` (int64, v's shape). */
export const searchsorted = declare(OP, [
  required('a', arrayLike), required('v', arrayData), positional('side', t.oneOf('left', 'right'), 'left'), positional('sorter', t.nullable(arrayData), null),
], ({ a, v, side, sorter }) => {
  const sortedTable = table(a, sorter);
  const scalar = typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean';
  const dtype = promoteOperands(OP, [a.dtype, scalar ? v : toArray(OP, v).dtype]);
  const queries = scalar ? full([], v, { dtype }) : toArray(OP, v).astype(dtype);
  const m = queries.size;
  const n = sortedTable.size;
  const flat = reshape(queries, [m]);
  const left = side === 'left';
  const keys = concatenateAs(OP, left ? [flat, sortedTable.astype(dtype)] : [sortedTable.astype(dtype), flat], 0, undefined);
  const order = sortAlong(OP, keys, 0, 'indices');
  const isTable = left ? greater_equal(order, m) : less(order, n);
  const tableBefore = cumsum(isTable);
  const place = sortAlong(OP, order, 0, 'indices');
  const queryPlaces = left ? sliceAxis(place, 0, 0, m) : sliceAxis(place, 0, n, n + m);
  return reshape(take(tableBefore, queryPlaces), queries.shape);
});
