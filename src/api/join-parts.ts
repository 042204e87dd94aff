// Pieces shared by the joining and rearranging functions (joins.ts, splits.ts, pad.ts,
// rearrange.ts, matrices.ts): arguments taken as arrays the way NumPy's asanyarray takes them,
// a fresh result array to write pieces into, and a range of elements along one axis as a view.
import { castScalar, type DType } from '../ir/dtype.js';
import { broadcastNode, scalarNode, sourceNode } from '../ir/graph.js';
import { checkArraySize, sizeOf, type Shape } from '../ir/shape.js';
import { currentRunner } from './context.js';
import type { ArrayData } from './creation.js';
import { NDArray } from './ndarray.js';
import { allocForWrites } from './jit-trace.js';
import type { Runner } from './runners.js';
import { axisMovement, viewOf } from './views.js';

/** What the joining functions take as an array: an NDArray, nested JS arrays, a TypedArray or a scalar. */
export type ArrayLike = NDArray | ArrayData;

export { toArray, toArrays } from './operands.js';

/** A new array of `shape` that the caller fills with assign (its initial elements are zeros); `op` names it in a size error. */
export function blank(op: string, shape: Shape, dtype: DType, runner: Runner = currentRunner()): NDArray {
  checkArraySize(op, shape, dtype.itemsize);
  return new NDArray(broadcastNode(scalarNode(castScalar(0, dtype), dtype), shape), runner);
}

/** A new array whose elements are not initialized: for results the caller writes completely. */
export function uninitialized(op: string, shape: Shape, dtype: DType, runner: Runner = currentRunner()): NDArray {
  checkArraySize(op, shape, dtype.itemsize);
  // (every caller writes it through assign or scatter kernels)
  return new NDArray(sourceNode(shape, dtype, allocForWrites(runner, dtype, sizeOf(shape))), runner);
}

/** A copy of `a` (lazy: fused into whatever reads it, computed into fresh storage). */
export function copyOf(a: NDArray): NDArray {
  return a.astype(a.dtype);
}

/**
 * The view of `count` elements of `a` along `axis` from index `start` by `step` (the other axes
 * whole). Indices are absolute and must lie inside the axis; no Python slice clamping here.
 */
export function alongAxis(a: NDArray, axis: number, start: number, count: number, step = 1): NDArray {
  if (start === 0 && step === 1 && count === a.shape[axis]) return a;
  const shape = a.shape.map((d, j) => (j === axis ? count : d));
  const source = a.shape.map((_, j) => j);
  const steps = source.map((j) => (j === axis ? step : 1));
  const base = source.map((j) => (j === axis && count > 0 ? start : 0));
  return viewOf(a, axisMovement(a.shape, shape, source, steps, base));
}

