// searchsorted: a binary search of each query over the sorted 1-D table, lazy and fused. The
// search is a 'search' node (src/ir/graph.ts): each element of the result is one thread's
// branchless lower bound over the table (ceil(log2(n)) + 1 reads, src/codegen/search-step.ts),
// inside the elementwise kernel that computes the queries and whatever reads the result; the
// table is computed first (with `sorter`, the table reordered by it: a gather of n elements).
// Nothing is read back. "Comes before" is the order NumPy sorts in: NaN last (a NaN query goes
// before the first NaN for side='left' and past the end for 'right'), -0 equal to +0.
import { CupytsError } from '../ir/errors.js';
import { DTYPES, dtypeMax, dtypeMin } from '../ir/dtype.js';
import { searchNode } from '../ir/graph.js';
import { promoteOperands } from '../ir/promotion.js';
import { arrayData, arrayLike, type ArrayArg } from './array-params.js';
import { full, zeros } from './creation.js';
import { NDArray } from './ndarray.js';
import { toArray } from './operands.js';
import * as t from './param-types.js';
import { declare, positional, required } from './signature.js';
import { gatherItems } from './advanced-indexing.js';
import { less, subtract, where } from './elementwise.js';

const OP = 'searchsorted';

/** The 1-D table, reordered by `sorter` where one is given. */
function table(a: NDArray, sorter: ArrayArg | null): NDArray {
  if (a.ndim !== 1) throw new CupytsError('ERR_SHAPE', `${OP}: expected a 1-D array a, got ${a.ndim}-D (NumPy: object ${a.ndim > 1 ? 'too deep' : 'of too small depth'} for desired array)`);
  if (sorter === null) return a;
  const s = toArray(OP, sorter);
  if (s.ndim !== 1 || s.size !== a.size) throw new CupytsError('ERR_SHAPE', `${OP}: expected sorter of shape (${a.size},), got (${s.shape.join(', ')}) (NumPy: sorter.size must equal a.size)`);
  if (s.dtype.kind !== 'i' && s.dtype.kind !== 'u') throw new CupytsError('ERR_DTYPE', `${OP}: expected an integer sorter, got ${s.dtype.name}`);
  // NumPy takes sorter indices in [0, n) only ("Sorter index out of range"); a gather wraps negative
  // ones, so they are moved below -n, where the gather's kernel finds them out of bounds and the
  // next readback throws, naming searchsorted.
  const index = s.dtype.kind === 'u' ? s : where(less(s, 0), subtract(s.astype(DTYPES.int64), a.size), s);
  return gatherItems(OP, a, [{ kind: 'index', array: index, axis: 0, size: a.size }]);
}

/**
 * The number of table entries before each query (side 'left': entries that come before it;
 * 'right': entries that the query does not come before): a search node, one binary search per
 * query inline in the elementwise kernel of the queries' producers and the result's consumers.
 */
function searchTable(sorted: NDArray, queries: NDArray, side: 'left' | 'right'): NDArray {
  return new NDArray(searchNode(sorted.node, queries.node, side), queries.runner);
}

/** searchsorted(a, v, side='left', sorter=None): where each v would go in sorted `a` (int64, v's shape). */
export const searchsorted = declare(OP, [
  required('a', arrayLike), required('v', arrayData), positional('side', t.oneOf('left', 'right'), 'left'), positional('sorter', t.nullable(arrayData), null),
], ({ a, v, side, sorter }) => {
  const sortedTable = table(a, sorter);
  const scalar = typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean';
  const dtype = promoteOperands(OP, [a.dtype, scalar ? v : toArray(OP, v).dtype]);
  if (scalar && (dtype.kind === 'i' || dtype.kind === 'u') && typeof v !== 'boolean') {
    // A Python int past the table's integer dtype (NumPy 2 keeps it weak): before every element, or after.
    if (BigInt(v) < dtypeMin(dtype)) return full([], 0, { dtype: DTYPES.int64 });
    if (BigInt(v) > dtypeMax(dtype)) return full([], sortedTable.size, { dtype: DTYPES.int64 });
  }
  const queries = scalar ? full([], v, { dtype }) : toArray(OP, v).astype(dtype);
  if (sortedTable.size === 0) return zeros(queries.shape, { dtype: DTYPES.int64 });
  return searchTable(sortedTable.dtype === dtype ? sortedTable : sortedTable.astype(dtype), queries, side);
});
