// searchsorted, built from the stable sort: the queries and the table sorted together (queries
// first for side='left', after for 'right', so a tie puts a query before or after the equal table
// entries; a radix sort on the device), the table entries counted up to each place (a cumsum), and
// each query's count scattered back to the query's own position (integer add.at, one value a
// slot: deterministic). Nothing read back, NaN sorted last as NumPy's searchsorted.
import { CupytsError } from '../ir/errors.js';
import { promoteOperands } from '../ir/promotion.js';
import { arrayData, arrayLike, type ArrayArg } from './array-params.js';
import { full } from './creation.js';
import { greater_equal, less, remainder, subtract } from './elementwise.js';
import { zeros } from './creation.js';
import { where } from './operands.js';
import { DTYPES } from '../ir/dtype.js';
import { concatenateAs } from './joins.js';
import { NDArray } from './ndarray.js';
import { toArray } from './operands.js';
import * as t from './param-types.js';
import { cumsum } from './reductions.js';
import { addAt } from './scatter.js';
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
  // Each query's count to its own slot; table entries add 0 to slots spread over all (no hot spot).
  const queryIndex = left ? order : subtract(order, n);
  const result = zeros([m], { dtype: DTYPES.int64 });
  if (m > 0) addAt(result, where(isTable, remainder(order, m), queryIndex), where(isTable, 0, tableBefore));
  return reshape(result, queries.shape);
});
