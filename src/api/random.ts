// cp.random: NumPy's Generator API over counter-based Philox4x32-10 draws. A draw is a lazy
// graph leaf (src/ir/random.ts), computed inline in whatever kernel consumes it, so
// `rng.normal(0, 1, n).mul(2).exp()` is one kernel that never stores the samples. The same seed
// gives the same numbers on the CPU path and on the GPU. Every call advances the generator's
// draw counter, so successive draws differ. choice without replacement, permutation and shuffle
// draw their sort keys with the same generator and order them on the host (see random-host.ts).
import { webcrypto } from 'node:crypto';
import { DTYPES, toDType, type DType, type DTypeLike } from '../ir/dtype.js';
import { CupytsError, describe } from '../ir/errors.js';
import { randomNode } from '../ir/graph.js';
import { checkRandomDType, counterWords, seedToKey, type RandomDistribution } from '../ir/random.js';
import { broadcastShapes, checkShape, formatShape, sameShape, type Shape } from '../ir/shape.js';
import { dtypeMax, dtypeMin } from '../ir/dtype.js';
import { booleanArg, optionsArg } from './arguments.js';
import { currentRunner } from './context.js';
import { add, log1p, multiply, negative, subtract } from './elementwise.js';
import { NDArray } from './ndarray.js';
import { toOperand, type ArrayOrScalar } from './operands.js';
import { choiceFrom, permutationOf, shuffleInPlace } from './random-host.js';

export type Size = number | readonly number[] | null | undefined;
export interface FloatDTypeOption { dtype?: DType | 'float32' | 'float64' }
export interface IntegersOptions { dtype?: DTypeLike; endpoint?: boolean }
export interface ChoiceOptions { replace?: boolean; p?: ArrayOrScalar | null }

const U64_MAX = 2n ** 64n - 1n;

function checkSeed(op: string, seed: unknown): bigint {
  if (typeof seed === 'bigint' && seed >= 0n && seed <= U64_MAX) return seed;
  if (typeof seed === 'number' && Number.isSafeInteger(seed) && seed >= 0) return BigInt(seed);
  throw new CupytsError('ERR_ARG', `${op}: expected a seed that is a non-negative integer below 2^64, got ${describe(seed)}`);
}

function entropySeed(): bigint {
  const words = webcrypto.getRandomValues(new Uint32Array(2));
  return (BigInt(words[1]) << 32n) | BigInt(words[0]);
}

function floatDType(op: string, options: FloatDTypeOption | undefined): DType {
  const { dtype } = optionsArg(op, options);
  const d = dtype === undefined ? DTYPES.float64 : toDType(dtype, op);
  checkRandomDType(op, 'uniform', d);
  return d;
}

/** The output shape: `size` if given (parameters must broadcast to it), else the parameters' broadcast shape. */
function outputShape(op: string, size: Size, params: readonly (NDArray | number)[], dtype: DType): number[] {
  const shapes = params.filter((p): p is NDArray => p instanceof NDArray).map((p) => p.node.shape);
  if (size === null || size === undefined) return shapes.length ? broadcastShapes(op, ...shapes) : [];
  const dims = checkShape(op, size, dtype.itemsize);
  if (shapes.length && !sameShape(broadcastShapes(op, dims, ...shapes), dims)) {
    throw new CupytsError('ERR_SHAPE', `${op}: expected parameters that broadcast to size ${formatShape(dims)}, got shapes ${shapes.map(formatShape).join(' and ')}`);
  }
  return dims;
}

/** A float parameter: an NDArray, or a finite JS number (checked with `rule`). */
function floatParam(op: string, name: string, value: ArrayOrScalar, rule?: (x: number) => string | undefined): NDArray | number {
  const v = toOperand(op, value);
  if (v instanceof NDArray) return v;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new CupytsError('ERR_ARG', `${op}: expected a finite number or an array for ${name}, got ${describe(value)}`);
  const problem = rule?.(v);
  if (problem) throw new CupytsError('ERR_ARG', `${op}: expected ${problem}, got ${name} = ${v}`);
  return v;
}

function integerBound(op: string, name: string, value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  throw new CupytsError('ERR_ARG', `${op}: expected an integer (number or bigint) for ${name}, got ${describe(value)}`);
}

const nonNegative = (x: number) => (x < 0 ? 'a non-negative value' : undefined);

export class Generator {
  readonly #key: [number, number];
  #draws = 0n;

  /** NumPy's default_rng(seed): a seed is a non-negative integer below 2^64; none: fresh OS entropy. */
  constructor(seed?: number | bigint | null) {
    this.#key = seedToKey(seed === undefined || seed === null ? entropySeed() : checkSeed('default_rng', seed));
  }

  /** A lazy draw of `shape` (each call takes the next draw counter). */
  #draw(op: string, distribution: RandomDistribution, shape: Shape, dtype: DType, bounds?: { low: bigint; span: bigint }): NDArray {
    checkRandomDType(op, distribution, dtype);
    const draw = { distribution, key: this.#key, counter: counterWords(this.#draws), ...bounds };
    this.#draws = BigInt.asUintN(64, this.#draws + 1n);
    return new NDArray(randomNode(draw, shape, dtype), currentRunner());
  }

  /** Uniform floats in [0, 1): random(size, { dtype: 'float32' | 'float64' }). */
  random(size?: Size, options?: FloatDTypeOption): NDArray {
    const dtype = floatDType('random', options);
    return this.#draw('random', 'uniform', outputShape('random', size, [], dtype), dtype);
  }

  /** Uniform floats in [low, high): low + (high - low) * random(). */
  uniform(low: ArrayOrScalar = 0, high: ArrayOrScalar = 1, size?: Size, options?: FloatDTypeOption): NDArray {
    const lo = floatParam('uniform', 'low', low);
    const hi = floatParam('uniform', 'high', high);
    if (typeof lo === 'number' && typeof hi === 'number' && !Number.isFinite(hi - lo)) {
      throw new CupytsError('ERR_ARG', `uniform: expected a finite high - low, got ${hi} - ${lo}`);
    }
    const dtype = floatDType('uniform', options);
    const u = this.#draw('uniform', 'uniform', outputShape('uniform', size, [lo, hi], dtype), dtype);
    return add(lo, multiply(subtract(hi, lo), u));
  }

  /** Standard normal floats (Box–Muller). */
  standard_normal(size?: Size, options?: FloatDTypeOption): NDArray {
    const dtype = floatDType('standard_normal', options);
    return this.#draw('standard_normal', 'normal', outputShape('standard_normal', size, [], dtype), dtype);
  }

  /** Normal floats: loc + scale * standard_normal(). */
  normal(loc: ArrayOrScalar = 0, scale: ArrayOrScalar = 1, size?: Size, options?: FloatDTypeOption): NDArray {
    const mu = floatParam('normal', 'loc', loc);
    const sigma = floatParam('normal', 'scale', scale, nonNegative);
    const dtype = floatDType('normal', options);
    const z = this.#draw('normal', 'normal', outputShape('normal', size, [mu, sigma], dtype), dtype);
    return add(mu, multiply(sigma, z));
  }

  /** Exponential floats with mean `scale`: -log1p(-random()) * scale. */
  exponential(scale: ArrayOrScalar = 1, size?: Size, options?: FloatDTypeOption): NDArray {
    const beta = floatParam('exponential', 'scale', scale, nonNegative);
    const dtype = floatDType('exponential', options);
    const u = this.#draw('exponential', 'uniform', outputShape('exponential', size, [beta], dtype), dtype);
    return multiply(negative(log1p(negative(u))), beta);
  }

  /**
   * Integers in [low, high) (or [low, high] with endpoint: true); integers(high) draws from
   * [0, high). Scalar bounds only; dtype int64 unless given (any integer dtype or bool).
   */
  integers(low: number | bigint, high?: number | bigint | null, size?: Size, integersOptions?: IntegersOptions): NDArray {
    const options = optionsArg('integers', integersOptions);
    const endpoint = booleanArg('integers', 'endpoint', options.endpoint, false);
    const dtype = options.dtype === undefined ? DTYPES.int64 : toDType(options.dtype, 'integers');
    checkRandomDType('integers', 'integers', dtype);
    let lo = integerBound('integers', 'low', low);
    let hi = high === undefined || high === null ? lo : integerBound('integers', 'high', high);
    if (high === undefined || high === null) lo = 0n;
    if (!endpoint) {
      if (lo >= hi) throw new CupytsError('ERR_ARG', `integers: expected low < high, got low = ${lo}, high = ${hi}`);
      hi -= 1n;
    } else if (lo > hi) {
      throw new CupytsError('ERR_ARG', `integers: expected low <= high, got low = ${lo}, high = ${hi}`);
    }
    const [min, max] = dtype.kind === 'b' ? [0n, 1n] : [dtypeMin(dtype), dtypeMax(dtype)];
    if (lo < min) throw new CupytsError('ERR_ARG', `integers: expected low within ${dtype.name} (>= ${min}), got ${lo}`);
    if (hi > max) throw new CupytsError('ERR_ARG', `integers: expected high within ${dtype.name} (<= ${max}${endpoint ? '' : ' + 1'}), got ${endpoint ? hi : hi + 1n}`);
    return this.#draw('integers', 'integers', outputShape('integers', size, [], dtype), dtype, { low: lo, span: hi - lo });
  }

  /**
   * A random sample of the population `a` (an int n: arange(n); or a 1-D array). With
   * replacement and no `p`, indices are drawn lazily (a gather from an array runs on the host);
   * `p` and replace: false read their draws back and finish on the host.
   */
  choice(a: number | bigint | ArrayOrScalar, size?: Size, options?: ChoiceOptions): NDArray {
    return choiceFrom(this, a, size, options);
  }

  /** A random permutation of arange(x) (x an int), or a shuffled copy of x along axis 0. */
  permutation(x: number | bigint | ArrayOrScalar): NDArray {
    return permutationOf(this, x);
  }

  /** Shuffles x along axis 0 in place (its data is replaced; arrays computed from it earlier keep theirs). */
  shuffle(x: NDArray): void {
    shuffleInPlace(this, x);
  }
}

/** NumPy's default_rng(seed). */
export function default_rng(seed?: number | bigint | null): Generator {
  return new Generator(seed);
}
