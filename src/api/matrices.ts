// Building matrices and grids, NumPy's diag, tri, tril, triu, meshgrid and indices. Triangles
// are one fused `where` over a mask compared from two small aranges; meshgrid and indices are
// broadcasts of aranges or of the inputs.
import { DTYPES, type DType } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import { broadcastNode } from '../ir/graph.js';
import { broadcastShapes, checkArraySize, sameShape } from '../ir/shape.js';
import { arrayLike, listOf } from './array-params.js';
import { assign } from './assign.js';
import { currentRunner } from './context.js';
import { dtypeOrNull, floatDtypeParam, floatOr, likeParam, type CallOf, type Narrowed } from './creation-params.js';
import { add, greater_equal, multiply } from './elementwise.js';
import { blank, copyOf } from './join-parts.js';
import { stack } from './joins.js';
import { NDArray } from './ndarray.js';
import { broadcastTo, where } from './operands.js';
import * as t from './param-types.js';
import { arange } from './ranges.js';
import type { Runner } from './runners.js';
import { declare, keyword, positional, required, rest, type Signature } from './signature.js';
import { diagonal, reshape } from './views.js';

const kParam = positional('k', t.int, 0);

/** tri, tril and triu's k: NumPy takes any real number there (a bool is 0 or 1), see floatColumns. */
const kOffset = positional('k', t.numberOrBool, 0);

/** NumPy's diag(v, k=0): a 1-D `v` as the k-th diagonal of a square matrix; of a 2-D `v`, its k-th diagonal (a read-only view, as NumPy 2's). */
export const diag = declare('diag', [required('v', arrayLike), kParam], ({ v: a, k }) => {
  if (a.ndim === 2) return diagonal(a, k, 0, 1, true);
  if (a.ndim !== 1) throw new CupytsError('ERR_SHAPE', `diag: expected a 1-D or 2-D array, got ${a.ndim} dimensions`);
  const n = a.shape[0] + Math.abs(k);
  const out = blank('diag', [n, n], a.dtype, a.runner);
  if (a.shape[0] > 0) assign('diag', diagonal(out, k), a);
  return out;
});
/**
 * Whether element (i, j) of an n×m matrix is on or below the k-th diagonal (lazy; fuses into its
 * reader). NumPy's tri computes `greater_equal.outer(arange(n), arange(-k, m - k))`; for a k
 * that is not an integer its columns are those of floatColumns, not always m of them.
 */
function lowerMask(op: string, n: number, m: number, k: number, runner: Runner): NDArray {
  if (currentRunner() !== runner) {
    throw new CupytsError('ERR_ARG', `${op}: expected an array on the current backend (${currentRunner().kind}), got one on ${runner.kind}`);
  }
  if (!Number.isSafeInteger(k)) {
    const { length, first, step, dtype } = floatColumns(op, m, k);
    checkArraySize(op, [n, length], 1);
    // first + j · step in int64, then cast to NumPy's small type, which wraps as its fill does
    const cols = add(multiply(arange(length, { dtype: 'int64' }), step), first).astype(dtype);
    return greater_equal(reshape(arange(n, { dtype: 'int64' }), [n, 1]), reshape(cols, [1, length]));
  }
  // int32 positions where the sums fit (int64 fills a BigInt per element on the host)
  const dtype = Math.max(n, m) + Math.abs(k) < 2 ** 31 ? 'int32' : 'int64';
  const rows = reshape(arange(n, { dtype }), [n, 1]);
  const cols = reshape(arange(m, { dtype }), [1, m]);
  return greater_equal(add(rows, k), cols);
}

/**
 * The column values of NumPy's tri mask for a k that is not an integer: `arange(-k, m - k,
 * dtype=_min_int(-k, m - k))`, as NumPy's arange makes it from float bounds. Its length is
 * ceil((m - k) - (-k)) in float64, which can differ from m (tri(3, 1, -15.99) has 2 columns;
 * tri(3, 4, 1e20) none); elements 0 and 1 are int(-k) and int(1 - k), truncated, and element j
 * is first + j · (second - first), wrapped to that small integer type. So k in (0, 1) gives a
 * zero step and every column 0 (tri(3, k=0.5) is all ones); most other k act as trunc(k). NaN
 * and ±Infinity are refused as NumPy's arange refuses them, and so is a first or second element
 * beyond int64 (OverflowError in NumPy).
 */
function floatColumns(op: string, m: number, k: number): { length: number; first: number; step: number; dtype: DType } {
  if (!Number.isFinite(k)) throw new CupytsError('ERR_ARG', `${op}: expected k to be finite, got ${k} (NumPy: arange: cannot compute length)`);
  const [low, high] = [-k, m - k];
  const length = Math.max(0, Math.ceil(high - low));
  const bits = [8, 16, 32].find((b) => high <= 2 ** (b - 1) - 1 && low >= -(2 ** (b - 1))) ?? 64;
  const dtype = DTYPES[`int${bits}` as 'int8'];
  const [first, second] = [Math.trunc(low) + 0, Math.trunc(low + 1) + 0]; // (+ 0: no -0)
  const stored = length >= 2 ? [first, second] : length === 1 ? [first] : [];
  const beyond = stored.find((v) => v < -(2 ** 63) || v >= 2 ** 63);
  if (beyond !== undefined) {
    throw new CupytsError('ERR_OVERFLOW', `${op}: expected k whose columns fit int64, got ${k} (a column of ${beyond}; NumPy: Python int too large to convert to C long)`);
  }
  // Beyond 2^53 every column lies past every row (above for k < 0, below for k > 0), as ±2^53 does.
  if (Math.abs(first) >= 2 ** 53) return { length, first: Math.sign(first) * 2 ** 53, step: 0, dtype };
  return { length, first, step: second - first, dtype };
}

/** NumPy's tri(N, M=None, k=0, dtype=float, *, like=None): ones on and below the k-th diagonal of an N×M matrix. */
export const tri = declare(
  'tri',
  [required('N', t.int), positional('M', t.nullable(t.int), null), kOffset, floatDtypeParam, likeParam],
  ({ N, M, k, dtype }) => {
    // As NumPy, a negative number of rows or columns is an empty matrix.
    const rows = Math.max(0, N);
    const cols = Math.max(0, M ?? N);
    const d = floatOr(dtype);
    if (Number.isSafeInteger(k)) checkArraySize('tri', [rows, cols], d.itemsize);
    // (a k that is not an integer may give other columns than M: see floatColumns)
    const mask = lowerMask('tri', rows, Number.isSafeInteger(k) ? cols : M ?? N, k, currentRunner());
    checkArraySize('tri', mask.shape, d.itemsize);
    return mask.astype(d);
  },
);

function triangle(op: 'tril' | 'triu', a: NDArray, k: number): NDArray {
  if (a.ndim === 0) throw new CupytsError('ERR_SHAPE', `${op}: expected an array of at least 1 dimension, got 0`);
  const [n, cols] = a.ndim === 1 ? [a.shape[0], a.shape[0]] : a.shape.slice(-2);
  // tril keeps j <= i + k; triu keeps j >= i + k, that is, drops j <= i + k - 1.
  const mask = op === 'tril' ? lowerMask(op, n, cols, k, a.runner) : lowerMask(op, n, cols, k - 1, a.runner);
  // (the mask has other columns than a only for some k that are not integers: NumPy broadcasts them)
  broadcastShapes(op, mask.shape, a.shape);
  const zero = blank(op, [], a.dtype, a.runner);
  return op === 'tril' ? where(mask, a, zero) : where(mask, zero, a);
}

/** NumPy's tril(m, k=0): elements above the k-th diagonal (of the last two axes) set to zero. */
export const tril = declare('tril', [required('m', arrayLike), kOffset], ({ m, k }) => triangle('tril', m, k));

/** NumPy's triu(m, k=0): elements below the k-th diagonal (of the last two axes) set to zero. */
export const triu = declare('triu', [required('m', arrayLike), kOffset], ({ m, k }) => triangle('triu', m, k));

export interface MeshgridOptions {
  /** 'xy' (default): the first two outputs' axes swapped, as for plots; 'ij': matrix indexing. */
  indexing?: 'xy' | 'ij';
  /** Outputs of size 1 along all but their own axis, instead of full grids. */
  sparse?: boolean;
  /** false: read-only broadcast views instead of copies. */
  copy?: boolean;
}

/**
 * NumPy's meshgrid(*xi, copy=True, sparse=False, indexing='xy'): coordinate arrays from coordinate
 * vectors. copy=false gives read-only broadcast views instead of copies.
 */
export const meshgrid = declare(
  'meshgrid',
  [rest('xi', arrayLike), keyword('copy', t.boolean, true), keyword('sparse', t.boolean, false), keyword('indexing', t.oneOf('xy', 'ij'), 'xy')],
  ({ xi: xs, copy, sparse, indexing }): NDArray[] => {
    const ndim = xs.length;
    const axisOf = (i: number) => (indexing === 'xy' && ndim > 1 && i < 2 ? 1 - i : i);
    const outputs = xs.map((x, i) => reshape(x, xs.map((_, j) => (j === axisOf(i) ? -1 : 1))));
    if (sparse) return copy ? outputs.map(copyOf) : outputs;
    const shape = outputs.map((_, j) => outputs.find((_, i) => axisOf(i) === j)!.shape[j]);
    checkArraySize('meshgrid', shape, Math.max(1, ...xs.map((x) => x.dtype.itemsize)));
    if (!copy) return outputs.map((o) => broadcastTo(o, shape));
    return outputs.map((o) => (sameShape(o.shape, shape) ? copyOf(o) : new NDArray(broadcastNode(o.node, shape), o.runner)));
  },
);

const INDICES_PARAMS = [
  required('dimensions', listOf(t.count, 'a list of non-negative integers')), positional('dtype', dtypeOrNull, null, 'int64'),
  positional('sparse', t.boolean, false),
] as const;
type IndicesParams = typeof INDICES_PARAMS;
type IndicesWith<Sparse> = readonly [IndicesParams[0], IndicesParams[1], Narrowed<IndicesParams[2], Sparse>];

/**
 * NumPy's indices(dimensions, dtype=int, sparse=False): for a grid of `dimensions`, the index along
 * each axis, stacked ((N, ...dimensions)), or with sparse=true N arrays that broadcast together.
 */
export const indices = declare('indices', INDICES_PARAMS, ({ dimensions: dims, dtype: d, sparse }): NDArray | NDArray[] => {
  const dtype: DType = d ?? DTYPES.int64;
  checkArraySize('indices', [dims.length, ...dims], dtype.itemsize);
  const ranges = dims.map((n, i) => reshape(arange(n, null, null, dtype), dims.map((e, j) => (j === i ? n : 1))));
  if (sparse) return ranges;
  if (dims.length === 0) return blank('indices', [0], dtype);
  return stack(ranges.map((r) => broadcastTo(r, dims)));
}) as unknown as CallOf<IndicesWith<false>, NDArray> & CallOf<IndicesWith<true>, NDArray[]> & { readonly signature: Signature<IndicesParams> };
