// searchsorted: a binary search of each query over the sorted 1-D table, lazy and fused. The
// search is written in the graph as a branchless lower bound whose halvings are the same for every
// query (the table's length decides them on the host): base starts at 0 and each halving `half`
// moves it to base + half where table[base + half] comes before the query; one last look decides
// base or base + 1. So a query costs ceil(log2(n)) + 1 gathers from the table, all of them in one
// elementwise kernel with the query's producers; nothing is read back. "Comes before" is the
// order NumPy sorts in: NaN last (a NaN query goes before the first NaN for side='left' and past
// the end for 'right'), -0 equal to +0.
import { CupytsError } from '../ir/errors.js';
import { DTYPES } from '../ir/dtype.js';
import { promoteOperands } from '../ir/promotion.js';
import { arrayData, arrayLike, type ArrayArg } from './array-params.js';
import { full, zeros } from './creation.js';
import { NDArray } from './ndarray.js';
import { applyNamed, toArray, where } from './operands.js';
import * as t from './param-types.js';
import { declare, positional, required } from './signature.js';
import { take } from './take.js';

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

/** Whether `x` comes before `y` in NumPy's sort order (a NaN after every number). */
function before(x: NDArray, y: NDArray): NDArray {
  const lt = applyNamed('less', [x, y]);
  if (x.dtype.kind !== 'f') return lt;
  const yNaN = applyNamed('not_equal', [y, y]);
  const xNumber = applyNamed('equal', [x, x]);
  return applyNamed('logical_or', [lt, applyNamed('logical_and', [yNaN, xNumber])]);
}

/**
 * The number of table entries before each query (side 'left': entries that come before it;
 * 'right': entries that the query does not come before), for a table of n >= 1 entries.
 */
export function lowerBound(sorted: NDArray, queries: NDArray, side: 'left' | 'right'): NDArray {
  const n = sorted.size;
  const goesPast = (entry: NDArray) => (side === 'left' ? before(entry, queries) : applyNamed('logical_not', [before(queries, entry)]));
  let base = zeros(queries.shape, { dtype: DTYPES.int64 });
  for (let len = n; len > 1; len -= Math.floor(len / 2)) {
    // base + half < base + len <= n: every look is in range.
    const probe = applyNamed('add', [base, Math.floor(len / 2)]);
    base = where(goesPast(take(sorted, probe)), probe, base);
  }
  return applyNamed('add', [base, goesPast(take(sorted, base)).astype(DTYPES.int64)]);
}

/** searchsorted(a, v, side='left', sorter=None): where each v would go in sorted `a` (int64, v's shape). */
export const searchsorted = declare(OP, [
  required('a', arrayLike), required('v', arrayData), positional('side', t.oneOf('left', 'right'), 'left'), positional('sorter', t.nullable(arrayData), null),
], ({ a, v, side, sorter }) => {
  const sortedTable = table(a, sorter);
  const scalar = typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean';
  const dtype = promoteOperands(OP, [a.dtype, scalar ? v : toArray(OP, v).dtype]);
  const queries = scalar ? full([], v, { dtype }) : toArray(OP, v).astype(dtype);
  if (sortedTable.size === 0) return zeros(queries.shape, { dtype: DTYPES.int64 });
  return lowerBound(sortedTable.dtype === dtype ? sortedTable : sortedTable.astype(dtype), queries, side);
});
