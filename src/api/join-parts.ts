// Pieces shared by the joining and rearranging functions (joins.ts, splits.ts, pad.ts,
// rearrange.ts, matrices.ts): arguments taken as arrays the way NumPy's asanyarray takes them,
// a fresh result array to write pieces into, and a range of elements along one axis as a view.
import type { DType } from '../ir/dtype.js';
import { CupytsError, argError } from '../ir/errors.js';
import { broadcastNode, scalarNode, sourceNode } from '../ir/graph.js';
import { sizeOf, type Shape } from '../ir/shape.js';
import { currentRunner } from './context.js';
import { asarray, type ArrayData } from './creation.js';
import { NDArray, usable } from './ndarray.js';
import type { Runner } from './runners.js';
import { axisMovement, viewOf } from './views.js';

/** What the joining functions take as an array: an NDArray, nested JS arrays, a TypedArray or a scalar. */
export type ArrayLike = NDArray | ArrayData;

function isArrayLike(x: unknown): x is ArrayLike {
  return x instanceof NDArray || Array.isArray(x) || ArrayBuffer.isView(x) ||
    typeof x === 'number' || typeof x === 'bigint' || typeof x === 'boolean';
}

/** One argument as an NDArray (JS data uploaded with NumPy's default dtypes, as np.asanyarray). */
export function toArray(op: string, x: unknown): NDArray {
  if (!isArrayLike(x)) throw argError(op, 'an array (an NDArray, nested arrays, a TypedArray or a number)', x);
  return x instanceof NDArray ? usable(op, x) : asarray(x);
}

/** A list of arguments as NDArrays, all on one backend. */
export function toArrays(op: string, xs: unknown): NDArray[] {
  if (!Array.isArray(xs)) throw argError(op, 'a list of arrays', xs);
  const arrays = xs.map((x) => toArray(op, x));
  const kinds = new Set(arrays.map((a) => a.runner.kind));
  if (kinds.size > 1) throw new CupytsError('ERR_ARG', `${op}: expected arrays of one backend, got ${[...kinds].join(' and ')}`);
  return arrays;
}

/** A new array of `shape` that the caller fills with assign (its initial elements are zeros). */
export function blank(shape: Shape, dtype: DType, runner: Runner = currentRunner()): NDArray {
  return new NDArray(broadcastNode(scalarNode(dtype.kind === 'b' ? false : dtype.itemsize === 8 && dtype.kind !== 'f' ? 0n : 0, dtype), shape), runner);
}

/** A new array whose elements are not initialized: for results the caller writes completely. */
export function uninitialized(shape: Shape, dtype: DType, runner: Runner = currentRunner()): NDArray {
  return new NDArray(sourceNode(shape, dtype, runner.alloc(dtype, sizeOf(shape))), runner);
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

/** An integer argument (a JS number with no fraction), or the op's error. */
export function checkInteger(op: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw argError(op, `an integer ${name}`, value);
  return value;
}
