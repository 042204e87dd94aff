// The parts of cp.random that finish on the host: permutations (random 64-bit keys drawn from
// the stream on the current backend, read back and sorted here), choice without replacement
// (the first k of a permutation), choice with probabilities (uniform draws read back, then a
// search of the cumulative weights), gathers from a population along an axis, and shuffle. On
// the GPU these copy their data to the host and back: correct and reproducible across backends,
// not fast. Arguments arrive parsed (random.ts and random-module.ts declare the signatures).
import { DTYPES, numberToF16Bits, type DType } from '../ir/dtype.js';
import { CupytsError, describe } from '../ir/errors.js';
import { sourceNode } from '../ir/graph.js';
import { checkArraySize, checkShape, sizeOf } from '../ir/shape.js';
import { checkAxis } from './array-params.js';
import { assign } from './assign.js';
import { currentRunner } from './context.js';
import { allocStored, type StoredArray } from './host-data.js';
import { NDArray } from './ndarray.js';
import { integers, randomKeys, uniformFloats } from './random-draws.js';
import { weightedIndicesWithoutReplacement } from './random-permuted.js';
import type { RandomStream } from './random-stream.js';
import type { Runner } from './runners.js';
import { transpose } from './views.js';

/** The elements as stored (float16 as bits), C-contiguous. */
function storedOf(a: NDArray): StoredArray {
  const data = a.dataSync();
  return a.dtype.name === 'float16' ? Uint16Array.from(data as Float32Array, numberToF16Bits) : data;
}

export function uploaded(runner: Runner, dtype: DType, shape: number[], stored: StoredArray): NDArray {
  return new NDArray(sourceNode(shape, dtype, runner.upload(dtype, stored)), runner);
}

function indexArray(runner: Runner, shape: number[], indices: ArrayLike<number>): NDArray {
  const stored = new BigInt64Array(indices.length);
  for (let i = 0; i < indices.length; i++) stored[i] = BigInt(indices[i]);
  return uploaded(runner, DTYPES.int64, shape, stored);
}

/** Rows `rows` of `a` (along axis 0), as an array of shape `shape` + a.shape[1:]. */
function gatherRows(a: NDArray, rows: ArrayLike<number>, shape: number[]): NDArray {
  const data = storedOf(a);
  const row = sizeOf(a.shape.slice(1));
  const out = allocStored(a.dtype, rows.length * row);
  for (let i = 0; i < rows.length; i++) {
    (out as Uint8Array).set((data as Uint8Array).subarray(rows[i] * row, (rows[i] + 1) * row), i * row);
  }
  return uploaded(a.runner, a.dtype, [...shape, ...a.shape.slice(1)], out);
}

/**
 * The slices `rows` of `a` along `axis`, as NumPy's take(a, rows reshaped to `shape`, axis):
 * a.shape[:axis] + shape + a.shape[axis + 1:] (a view of the gathered rows).
 */
function gatherAlong(a: NDArray, axis: number, rows: ArrayLike<number>, shape: number[]): NDArray {
  const others = a.shape.map((_, j) => j).filter((j) => j !== axis);
  const gathered = gatherRows(axis === 0 ? a : transpose(a, [axis, ...others]), rows, shape);
  if (axis === 0) return gathered;
  const k = shape.length;
  const order = [...others.slice(0, axis).map((_, j) => k + j), ...shape.map((_, j) => j), ...others.slice(axis).map((_, j) => k + axis + j)];
  return transpose(gathered, order);
}

function populationSize(op: string, a: bigint): number {
  const n = Number(a);
  if (!Number.isSafeInteger(n) || n < 0) throw new CupytsError('ERR_ARG', `${op}: expected a non-negative integer population size, got ${describe(a)}`);
  return n;
}

/**
 * A uniformly random permutation of 0..n-1: n random 64-bit keys from `stream`, whose low bits
 * are replaced by the index (so keys are distinct and the sort is a plain typed-array sort), sorted.
 */
function permutationIndices(op: string, stream: RandomStream, n: number): Float64Array {
  checkArraySize(op, [n], 8);
  const out = new Float64Array(n);
  if (n === 0) return out;
  const keys = randomKeys(op, stream, n);
  const mask = (1n << BigInt(Math.max(1, Math.ceil(Math.log2(n))))) - 1n;
  const tagged = new BigUint64Array(n);
  for (let i = 0; i < n; i++) tagged[i] = (keys[i] & ~mask) | BigInt(i);
  tagged.sort();
  for (let i = 0; i < n; i++) out[i] = Number(tagged[i] & mask);
  return out;
}

/** An array of at least one dimension (what permutation and shuffle reorder). */
function atLeast1d(op: string, x: NDArray, expected: string): NDArray {
  if (x.ndim === 0) throw new CupytsError('ERR_ARG', `${op}: expected x to be ${expected}, got a 0-d array`);
  return x;
}

/** permutation(x, axis): arange(x) shuffled (x an int; axis is then unused, as in NumPy), or a shuffled copy of x along axis. */
export function permutationOf(op: string, stream: RandomStream, x: bigint | NDArray, axis: number): NDArray {
  if (!(x instanceof NDArray)) {
    const n = populationSize(op, x);
    return indexArray(currentRunner(), [n], permutationIndices(op, stream, n));
  }
  const ax = checkAxis(op, axis, atLeast1d(op, x, 'an int or an array of at least 1 dimension').ndim);
  return gatherAlong(x, ax, permutationIndices(op, stream, x.shape[ax]), [x.shape[ax]]);
}

/** shuffle(x, axis): x reordered along axis in place (views of x see it; arrays computed from x earlier keep its old order). */
export function shuffleInPlace(op: string, stream: RandomStream, x: NDArray, axis: number): void {
  const ax = checkAxis(op, axis, atLeast1d(op, x, 'an array of at least 1 dimension').ndim);
  assign(op, x, gatherAlong(x, ax, permutationIndices(op, stream, x.shape[ax]), [x.shape[ax]]));
}

/** Cumulative weights of `p` (length n, non-negative, summing to 1 like NumPy requires). */
function cumulativeWeights(op: string, p: NDArray, n: number): Float64Array {
  if (p.ndim !== 1 || p.shape[0] !== n) {
    throw new CupytsError('ERR_ARG', `${op}: expected p to be a 1-D array of length ${n}, got shape (${p.shape.join(', ')}${p.ndim === 1 ? ',' : ''})`);
  }
  const w = Float64Array.from(p.astype('float64').dataSync() as Float64Array);
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (!(w[i] >= 0) || !Number.isFinite(w[i])) throw new CupytsError('ERR_ARG', `${op}: expected non-negative finite probabilities, got p[${i}] = ${w[i]}`);
    total += w[i];
    w[i] = total;
  }
  if (Math.abs(total - 1) > Math.sqrt(Number.EPSILON)) throw new CupytsError('ERR_ARG', `${op}: expected probabilities that sum to 1, got a sum of ${total}`);
  return w;
}

/** k indices drawn by the weights of `cdf` (a binary search of uniform draws). */
function weightedIndices(op: string, stream: RandomStream, cdf: Float64Array, k: number): Float64Array {
  const n = cdf.length;
  const u = uniformFloats(op, stream, [k], DTYPES.float64).dataSync() as Float64Array;
  const picked = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const target = u[i] * cdf[n - 1];
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    picked[i] = lo;
  }
  return picked;
}

export interface ChoiceArgs {
  a: bigint | NDArray;
  size: number[] | null;
  replace: boolean;
  p: NDArray | null;
  axis: number;
}

/** The population: an integer n (or a 0-d integer array), or an array of at least 1 dimension with its sampled axis. */
function populationOf(op: string, a: bigint | NDArray, axis: number): { n: number; array?: NDArray; axis: number } {
  if (!(a instanceof NDArray)) return { n: populationSize(op, a), axis: 0 };
  if (a.ndim === 0) {
    if (a.dtype.kind !== 'i' && a.dtype.kind !== 'u') throw new CupytsError('ERR_ARG', `${op}: expected a to be an integer or an array of at least 1 dimension, got a 0-d ${a.dtype.name} array`);
    return { n: populationSize(op, BigInt(a.item() as number | bigint)), axis: 0 };
  }
  const ax = checkAxis(op, axis, a.ndim);
  return { n: a.shape[ax], array: a, axis: ax };
}

/**
 * choice(a, size, replace, p, axis): a sample of the population `a`. With replacement and no `p`,
 * indices are drawn lazily (a gather from an array runs on the host); `p` and replace: false
 * read their draws back and finish on the host.
 */
export function choiceFrom(op: string, stream: RandomStream, { a, size, replace, p, axis }: ChoiceArgs): NDArray {
  const population = populationOf(op, a, axis);
  const n = population.n;
  const shape = size === null ? [] : checkShape(op, size);
  const k = sizeOf(shape);
  if (n === 0 && k > 0) throw new CupytsError('ERR_ARG', `${op}: expected a non-empty population when samples are taken, got an empty one`);
  let rows: ArrayLike<number>;
  if (p !== null) {
    const cdf = cumulativeWeights(op, p, n);
    if (replace) rows = weightedIndices(op, stream, cdf, k);
    else {
      if (k > n) throw new CupytsError('ERR_ARG', `${op}: expected a sample size at most the population size ${n} (replace=false), got ${k}`);
      rows = weightedIndicesWithoutReplacement(op, stream, cdf.map((c, i) => c - (i ? cdf[i - 1] : 0)), k);
    }
  } else if (replace) {
    const idx = integers(op, stream, 0n, BigInt(Math.max(n, 1)), shape, DTYPES.int64, false);
    if (!population.array) return idx;
    rows = Float64Array.from(idx.dataSync() as BigInt64Array, Number);
  } else {
    if (k > n) throw new CupytsError('ERR_ARG', `${op}: expected a sample size at most the population size ${n} (replace=false), got ${k}`);
    rows = permutationIndices(op, stream, n).subarray(0, k);
  }
  return population.array ? gatherAlong(population.array, population.axis, rows, shape) : indexArray(currentRunner(), shape, rows);
}
