// The parts of cp.random that finish on the host: permutations (random 64-bit keys drawn by the
// generator on the current backend, read back and sorted here), choice without replacement
// (the first k of a permutation), choice with probabilities (uniform draws read back, then a
// search of the cumulative weights), gathers from a population, and shuffle. On the GPU these
// copy their data to the host and back: correct and reproducible across backends, not fast.
import { DTYPES, numberToF16Bits, type DType } from '../ir/dtype.js';
import { CupytsError, describe } from '../ir/errors.js';
import { sourceNode } from '../ir/graph.js';
import { checkArraySize, checkShape, sizeOf } from '../ir/shape.js';
import { booleanArg, optionsArg } from './arguments.js';
import { currentRunner } from './context.js';
import type { Runner } from './runners.js';
import { allocStored, type StoredArray } from './host-data.js';
import { assign } from './assign.js';
import { NDArray } from './ndarray.js';
import { usable, toOperand, type ArrayOrScalar } from './operands.js';
import type { ChoiceOptions, Generator, Size } from './random.js';

const U64_MAX = 2n ** 64n - 1n;

/** The elements as stored (float16 as bits), C-contiguous. */
function storedOf(a: NDArray): StoredArray {
  const data = a.dataSync();
  return a.dtype.name === 'float16' ? Uint16Array.from(data as Float32Array, numberToF16Bits) : data;
}

function uploaded(runner: Runner, dtype: DType, shape: number[], stored: StoredArray): NDArray {
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

function populationSize(op: string, a: number | bigint): number {
  const n = Number(a);
  if (!Number.isSafeInteger(n) || n < 0) throw new CupytsError('ERR_ARG', `${op}: expected a non-negative integer population size, got ${describe(a)}`);
  return n;
}

/**
 * A uniformly random permutation of 0..n-1: n random 64-bit keys from `rng`, whose low bits are
 * replaced by the index (so keys are distinct and the sort is a plain typed-array sort), sorted.
 */
function permutationIndices(op: string, rng: Generator, n: number): Float64Array {
  checkArraySize(op, [n], 8);
  const out = new Float64Array(n);
  if (n === 0) return out;
  const keys = rng.integers(0n, U64_MAX, n, { dtype: 'uint64', endpoint: true }).dataSync() as BigUint64Array;
  const mask = (1n << BigInt(Math.max(1, Math.ceil(Math.log2(n))))) - 1n;
  const tagged = new BigUint64Array(n);
  for (let i = 0; i < n; i++) tagged[i] = (keys[i] & ~mask) | BigInt(i);
  tagged.sort();
  for (let i = 0; i < n; i++) out[i] = Number(tagged[i] & mask);
  return out;
}

export function permutationOf(rng: Generator, x: number | bigint | ArrayOrScalar): NDArray {
  if (typeof x === 'number' || typeof x === 'bigint') {
    const n = populationSize('permutation', x);
    return indexArray(currentRunner(), [n], permutationIndices('permutation', rng, n));
  }
  const a = toOperand('permutation', x);
  if (!(a instanceof NDArray) || a.ndim === 0) {
    throw new CupytsError('ERR_ARG', `permutation: expected an int or an array of at least 1 dimension, got ${describe(x)}`);
  }
  return gatherRows(a, permutationIndices('permutation', rng, a.shape[0]), [a.shape[0]]);
}

export function shuffleInPlace(rng: Generator, x: NDArray): void {
  if (!(x instanceof NDArray) || x.ndim === 0) {
    throw new CupytsError('ERR_ARG', `shuffle: expected an array of at least 1 dimension, got ${describe(x)}`);
  }
  usable('shuffle', x);
  const shuffled = gatherRows(x, permutationIndices('shuffle', rng, x.shape[0]), [x.shape[0]]);
  // In place, as NumPy's shuffle: views of x see it, lazy arrays made from x keep its old order.
  assign('shuffle', x, shuffled);
}

/** Cumulative weights of `p` (length n, non-negative, summing to 1 like NumPy requires). */
function cumulativeWeights(p: ArrayOrScalar, n: number): Float64Array {
  const arr = toOperand('choice', p);
  if (!(arr instanceof NDArray) || arr.ndim !== 1 || arr.shape[0] !== n) {
    throw new CupytsError('ERR_ARG', `choice: expected p to be a 1-D array of length ${n}, got ${describe(arr)}`);
  }
  const w = Float64Array.from(arr.astype('float64').dataSync() as Float64Array);
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (!(w[i] >= 0) || !Number.isFinite(w[i])) throw new CupytsError('ERR_ARG', `choice: expected non-negative finite probabilities, got p[${i}] = ${w[i]}`);
    total += w[i];
    w[i] = total;
  }
  if (Math.abs(total - 1) > Math.sqrt(Number.EPSILON)) throw new CupytsError('ERR_ARG', `choice: expected probabilities that sum to 1, got a sum of ${total}`);
  return w;
}

export function choiceFrom(rng: Generator, a: number | bigint | ArrayOrScalar, size: Size, choiceOptions: ChoiceOptions | undefined): NDArray {
  const options = optionsArg('choice', choiceOptions);
  const replace = booleanArg('choice', 'replace', options.replace, true);
  let population: NDArray | undefined;
  let n: number;
  if (typeof a === 'number' || typeof a === 'bigint') {
    n = populationSize('choice', a);
  } else {
    const arr = toOperand('choice', a);
    if (!(arr instanceof NDArray) || arr.ndim !== 1) throw new CupytsError('ERR_ARG', `choice: expected an int or a 1-D array, got ${describe(a)}`);
    population = arr;
    n = arr.shape[0];
  }
  const shape = size === null || size === undefined ? [] : checkShape('choice', size);
  const k = sizeOf(shape);
  if (n === 0 && k > 0) throw new CupytsError('ERR_ARG', 'choice: expected a non-empty population when samples are taken, got an empty one');
  const runner = population?.runner ?? currentRunner();
  let rows: ArrayLike<number>;
  if (options.p !== undefined && options.p !== null) {
    if (!replace) throw new CupytsError('ERR_NOT_SUPPORTED', 'choice: expected replace: true with p (sampling without replacement by weight is not supported), got replace: false');
    const cdf = cumulativeWeights(options.p, n);
    const u = rng.random(k).dataSync() as Float64Array;
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
    rows = picked;
  } else if (replace) {
    const idx = rng.integers(0, Math.max(n, 1), shape);
    if (!population) return idx;
    rows = Float64Array.from(idx.dataSync() as BigInt64Array, Number);
  } else {
    if (k > n) throw new CupytsError('ERR_ARG', `choice: expected a sample size at most the population size ${n} (replace: false), got ${k}`);
    rows = permutationIndices('choice', rng, n).subarray(0, k);
  }
  return population ? gatherRows(population, rows, shape) : indexArray(runner, shape, rows);
}
