// Building matrices and grids, NumPy's diag, tri, tril, triu, meshgrid and indices. Triangles
// are one fused `where` over a mask compared from two small aranges; meshgrid and indices are
// broadcasts of aranges or of the inputs.
import { DTYPES, type DType } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import { broadcastNode } from '../ir/graph.js';
import { checkArraySize, sameShape } from '../ir/shape.js';
import { arrayLike, listOf } from './array-params.js';
import { assign } from './assign.js';
import { currentRunner } from './context.js';
import { dtypeOrNull, floatDtypeParam, floatOr, likeParam, type CallOf, type Narrowed } from './creation-params.js';
import { add, greater_equal } from './elementwise.js';
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

/** NumPy's diag(v, k=0): a 1-D `v` as the k-th diagonal of a square matrix; of a 2-D `v`, its k-th diagonal (a read-only view, as NumPy 2's). */
export const diag = declare('diag', [required('v', arrayLike), kParam], ({ v: a, k }) => {
  if (a.ndim === 2) return diagonal(a, k, 0, 1, true);
  if (a.ndim !== 1) throw new CupytsError('ERR_SHAPE', `diag: expected a 1-D or 2-D array, got ${a.ndim} dimensions`);
  const n = a.shape[0] + Math.abs(k);
  const out = blank('diag', [n, n], a.dtype, a.runner);
  if (a.shape[0] > 0) assign('diag', diagonal(out, k), a);
  return out;
});
/** Whether element (i, j) of an n×m matrix is on or below the k-th diagonal (lazy; fuses into its reader). */
function lowerMask(op: string, n: number, m: number, k: number, runner: Runner): NDArray {
  if (currentRunner() !== runner) {
    throw new CupytsError('ERR_ARG', `${op}: expected an array on the current backend (${currentRunner().kind}), got one on ${runner.kind}`);
  }
  // int32 positions where the sums fit (int64 fills a BigInt per element on the host)
  const dtype = Math.max(n, m) + Math.abs(k) < 2 ** 31 ? 'int32' : 'int64';
  const rows = reshape(arange(n, { dtype }), [n, 1]);
  const cols = reshape(arange(m, { dtype }), [1, m]);
  return greater_equal(add(rows, k), cols);
}

/** NumPy's tri(N, M=None, k=0, dtype=float, *, like=None): ones on and below the k-th diagonal of an N×M matrix. */
export const tri = declare(
  'tri',
  [required('N', t.int), positional('M', t.nullable(t.int), null), kParam, floatDtypeParam, likeParam],
  ({ N, M, k, dtype }) => {
    // As NumPy, a negative number of rows or columns is an empty matrix.
    const rows = Math.max(0, N);
    const cols = Math.max(0, M ?? N);
    const d = floatOr(dtype);
    checkArraySize('tri', [rows, cols], d.itemsize);
    return lowerMask('tri', rows, cols, k, currentRunner()).astype(d);
  },
);

function triangle(op: 'tril' | 'triu', a: NDArray, k: number): NDArray {
  if (a.ndim === 0) throw new CupytsError('ERR_SHAPE', `${op}: expected an array of at least 1 dimension, got 0`);
  const [n, cols] = a.ndim === 1 ? [a.shape[0], a.shape[0]] : a.shape.slice(-2);
  // tril keeps j <= i + k; triu keeps j >= i + k, that is, drops j <= i + k - 1.
  const mask = op === 'tril' ? lowerMask(op, n, cols, k, a.runner) : lowerMask(op, n, cols, k - 1, a.runner);
  const zero = blank(op, [], a.dtype, a.runner);
  return op === 'tril' ? where(mask, a, zero) : where(mask, zero, a);
}

/** NumPy's tril(m, k=0): elements above the k-th diagonal (of the last two axes) set to zero. */
export const tril = declare('tril', [required('m', arrayLike), kParam], ({ m, k }) => triangle('tril', m, k));

/** NumPy's triu(m, k=0): elements below the k-th diagonal (of the last two axes) set to zero. */
export const triu = declare('triu', [required('m', arrayLike), kParam], ({ m, k }) => triangle('triu', m, k));

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
