// Building matrices and grids, NumPy's diag, tri, tril, triu, meshgrid and indices. Triangles
// are one fused `where` over a mask compared from two small aranges; meshgrid and indices are
// broadcasts of aranges or of the inputs.
import { DTYPES, toDType, type DType, type DTypeLike } from '../ir/dtype.js';
import { CupytsError, argError } from '../ir/errors.js';
import { broadcastNode } from '../ir/graph.js';
import { checkArraySize, checkShape, sameShape } from '../ir/shape.js';
import { booleanArg, optionsArg } from './arguments.js';
import { assign } from './assign.js';
import { currentRunner } from './context.js';
import { arange } from './creation.js';
import { add, greater_equal } from './elementwise.js';
import { blank, checkInteger, copyOf, toArray, toArrays, type ArrayLike } from './join-parts.js';
import { stack } from './joins.js';
import { NDArray } from './ndarray.js';
import { broadcastTo, where } from './operands.js';
import type { Runner } from './runners.js';
import { diagonal, reshape } from './views.js';

/** NumPy's diag: a 1-D `v` as the k-th diagonal of a square matrix; of a 2-D `v`, a copy of its k-th diagonal. */
export function diag(v: ArrayLike, k = 0): NDArray {
  const a = toArray('diag', v);
  checkInteger('diag', 'k', k);
  if (a.ndim === 2) return copyOf(diagonal(a, k));
  if (a.ndim !== 1) throw new CupytsError('ERR_SHAPE', `diag: expected a 1-D or 2-D array, got ${a.ndim} dimensions`);
  const n = a.shape[0] + Math.abs(k);
  const out = blank('diag', [n, n], a.dtype, a.runner);
  if (a.shape[0] > 0) assign('diag', diagonal(out, k), a);
  return out;
}

/** Whether element (i, j) of an n×m matrix is on or below the k-th diagonal (lazy; fuses into its reader). */
function lowerMask(op: string, n: number, m: number, k: number, runner: Runner): NDArray {
  if (currentRunner() !== runner) {
    throw new CupytsError('ERR_ARG', `${op}: expected an array on the current backend (${currentRunner().kind}), got one on ${runner.kind}`);
  }
  const rows = reshape(arange(n), [n, 1]);
  const cols = reshape(arange(m), [1, m]);
  return greater_equal(add(rows, k), cols);
}

/** NumPy's tri: ones on and below the k-th diagonal of an n×m matrix. */
export function tri(n: number, m: number | null = null, k = 0, options?: { dtype?: DTypeLike }): NDArray {
  // As NumPy, a negative number of rows or columns is an empty matrix.
  const rows = Math.max(0, checkInteger('tri', 'N', n));
  const cols = Math.max(0, checkInteger('tri', 'M', m ?? n));
  checkInteger('tri', 'k', k);
  const o = optionsArg('tri', options);
  const dtype = o.dtype === undefined ? DTYPES.float64 : toDType(o.dtype, 'tri');
  checkArraySize('tri', [rows, cols], dtype.itemsize);
  return lowerMask('tri', rows, cols, k, currentRunner()).astype(dtype);
}

function triangle(op: 'tril' | 'triu', m: ArrayLike, k: number): NDArray {
  const a = toArray(op, m);
  checkInteger(op, 'k', k);
  if (a.ndim === 0) throw new CupytsError('ERR_SHAPE', `${op}: expected an array of at least 1 dimension, got 0`);
  const [n, cols] = a.ndim === 1 ? [a.shape[0], a.shape[0]] : a.shape.slice(-2);
  // tril keeps j <= i + k; triu keeps j >= i + k, that is, drops j <= i + k - 1.
  const mask = op === 'tril' ? lowerMask(op, n, cols, k, a.runner) : lowerMask(op, n, cols, k - 1, a.runner);
  const zero = blank(op, [], a.dtype, a.runner);
  return op === 'tril' ? where(mask, a, zero) : where(mask, zero, a);
}

/** NumPy's tril: elements above the k-th diagonal (of the last two axes) set to zero. */
export function tril(m: ArrayLike, k = 0): NDArray {
  return triangle('tril', m, k);
}

/** NumPy's triu: elements below the k-th diagonal (of the last two axes) set to zero. */
export function triu(m: ArrayLike, k = 0): NDArray {
  return triangle('triu', m, k);
}

export interface MeshgridOptions {
  /** 'xy' (default): the first two outputs' axes swapped, as for plots; 'ij': matrix indexing. */
  indexing?: 'xy' | 'ij';
  /** Outputs of size 1 along all but their own axis, instead of full grids. */
  sparse?: boolean;
  /** false: read-only broadcast views instead of copies. */
  copy?: boolean;
}

function isOptions(x: unknown): x is MeshgridOptions {
  return typeof x === 'object' && x !== null && !(x instanceof NDArray) && !Array.isArray(x) && !ArrayBuffer.isView(x);
}

/** NumPy's meshgrid(x1, x2, ..., { indexing, sparse, copy }): coordinate arrays from coordinate vectors. */
export function meshgrid(...args: Array<ArrayLike | MeshgridOptions>): NDArray[] {
  const options = args.length > 0 && isOptions(args[args.length - 1]) ? (args.pop() as MeshgridOptions) : {};
  const { indexing = 'xy' } = options;
  const sparse = booleanArg('meshgrid', 'sparse', options.sparse, false);
  const copy = booleanArg('meshgrid', 'copy', options.copy, true);
  if (indexing !== 'xy' && indexing !== 'ij') throw argError('meshgrid', "indexing 'xy' or 'ij'", indexing);
  const xs = toArrays('meshgrid', args);
  const ndim = xs.length;
  const axisOf = (i: number) => (indexing === 'xy' && ndim > 1 && i < 2 ? 1 - i : i);
  const outputs = xs.map((x, i) => reshape(x, xs.map((_, j) => (j === axisOf(i) ? -1 : 1))));
  if (sparse) return copy ? outputs.map(copyOf) : outputs;
  const shape = outputs.map((_, j) => outputs.find((_, i) => axisOf(i) === j)!.shape[j]);
  checkArraySize('meshgrid', shape, Math.max(1, ...xs.map((x) => x.dtype.itemsize)));
  if (!copy) return outputs.map((o) => broadcastTo(o, shape));
  return outputs.map((o) => (sameShape(o.shape, shape) ? copyOf(o) : new NDArray(broadcastNode(o.node, shape), o.runner)));
}

/** NumPy's indices: for a grid of `dimensions`, the index along each axis ((N, ...dimensions), or N sparse arrays). */
export function indices(dimensions: readonly number[], options?: { dtype?: DTypeLike; sparse?: false }): NDArray;
export function indices(dimensions: readonly number[], options: { dtype?: DTypeLike; sparse: true }): NDArray[];
export function indices(dimensions: readonly number[], options?: { dtype?: DTypeLike; sparse?: boolean }): NDArray | NDArray[] {
  const o = optionsArg('indices', options);
  const dtype = o.dtype === undefined ? DTYPES.int64 : toDType(o.dtype, 'indices');
  const sparse = booleanArg('indices', 'sparse', o.sparse, false);
  const dims = checkShape('indices', dimensions, dtype.itemsize);
  checkArraySize('indices', [dims.length, ...dims], dtype.itemsize);
  const ranges = dims.map((d, i) => reshape(arange(d, undefined, undefined, { dtype }), dims.map((e, j) => (j === i ? d : 1))));
  if (sparse) return ranges;
  if (dims.length === 0) return blank('indices', [0], dtype);
  return stack(ranges.map((r) => broadcastTo(r, dims)));
}
