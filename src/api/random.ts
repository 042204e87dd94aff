// cp.random's Generator: NumPy's Generator API over counter-based Philox4x32-10 draws
// (random-stream.ts). Each method is declared with NumPy's signature (signature.ts): NumPy's
// positional forms (`rng.standard_normal(n, 'float32')`, `rng.integers(0, 10, [3], 'int32', true)`)
// and a trailing options object with NumPy's keyword names; unknown options, extra arguments and
// values of the wrong type are a CupytsError naming the method. The samplers are random-draws.ts
// (lazy draws, fused into their consumers); choice, permutation and shuffle finish on the host
// (random-host.ts).
import { DTYPES } from '../ir/dtype.js';
import { arrayLike, target } from './array-params.js';
import type { NDArray } from './ndarray.js';
import { outArray } from './out-param.js';
import * as t from './param-types.js';
import * as D from './random-draws.js';
import { choiceFrom, permutationOf, shuffleInPlace } from './random-host.js';
import { permutedCopy, randomBytes } from './random-permuted.js';
import { distributionParam, floatDType, floatDTypeKeyword, integerBound, population, randomState, seedValue, size } from './random-params.js';
import { newStream, spawnStream, stateOf, streamFromState, type RandomState, type RandomStream } from './random-stream.js';
import { DISTRIBUTIONS, distributionSignature, sampleDistribution, type DistributionFunction, type DistributionName } from './random-distributions.js';
import { declare, positional, required, signature, type ArgsOf, type ParamType, type Signature } from './signature.js';

export type { Population } from './random-params.js';

const out = positional('out', outArray, null);
const axis = positional('axis', t.axis, 0);

/** Each method's signature: NumPy's Generator method, less `self`. */
const SIGNATURES = {
  random: signature('random', [size, floatDType, out]),
  standard_normal: signature('standard_normal', [size, floatDType, out]),
  uniform: signature('uniform', [positional('low', distributionParam, 0), positional('high', distributionParam, 1), size, floatDTypeKeyword]),
  normal: signature('normal', [positional('loc', distributionParam, 0), positional('scale', distributionParam, 1), size, floatDTypeKeyword]),
  exponential: signature('exponential', [positional('scale', distributionParam, 1), size, floatDTypeKeyword]),
  integers: signature('integers', [
    required('low', integerBound), positional('high', t.nullable(integerBound), null), size,
    positional('dtype', t.dtype, DTYPES.int64), positional('endpoint', t.boolean, false),
  ]),
  choice: signature('choice', [
    required('a', population), size, positional('replace', t.boolean, true), positional('p', t.nullable(arrayLike), null), axis,
    positional('shuffle', t.boolean, true),
  ]),
  permutation: signature('permutation', [required('x', population), axis]),
  shuffle: signature('shuffle', [required('x', target), axis]),
  permuted: signature('permuted', [required('x', arrayLike), positional('axis', t.nullable(t.axis), null), out]),
  bytes: signature('bytes', [required('length', t.count)]),
  spawn: signature('spawn', [required('n_children', t.count)]),
  getState: signature('getState', []),
  setState: signature('setState', [required('state', randomState)]),
} as const;

type S = typeof SIGNATURES;
type Args<K extends keyof S> = S[K] extends Signature<infer Ps> ? ArgsOf<Ps> : never;

/** The distribution methods (random-distributions.ts), installed on Generator.prototype below. */
type DistributionMethods = { [K in DistributionName]: (...args: Parameters<DistributionFunction<K>>) => NDArray };

/** A Generator's bit generator (NumPy's rng.bit_generator): its name and its state, read and assigned. */
export interface BitGenerator {
  readonly name: 'Philox';
  state: RandomState;
}

const generatorSignature = signature('Generator', [positional('seed', t.nullable(seedValue), null)]);

// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface Generator extends DistributionMethods {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Generator {
  #stream: RandomStream;

  /** A generator seeded with an integer in [0, 2^64); none (or null): fresh OS entropy. */
  constructor(...args: ArgsOf<typeof generatorSignature.params>) {
    this.#stream = newStream(generatorSignature.parse(args).seed);
  }

  /** random(size=None, dtype=float64, out=None): uniform floats in [0, 1). */
  random(...args: Args<'random'>): NDArray {
    const v = SIGNATURES.random.parse(args);
    return D.uniformFloats('random', this.#stream, v.size, v.dtype, v.out);
  }

  /** standard_normal(size=None, dtype=float64, out=None) (Box–Muller). */
  standard_normal(...args: Args<'standard_normal'>): NDArray {
    const v = SIGNATURES.standard_normal.parse(args);
    return D.standardNormal('standard_normal', this.#stream, v.size, v.dtype, v.out);
  }

  /** uniform(low=0, high=1, size=None, *, dtype=float64): floats in [low, high). */
  uniform(...args: Args<'uniform'>): NDArray {
    const v = SIGNATURES.uniform.parse(args);
    return D.uniform('uniform', this.#stream, v.low, v.high, v.size, v.dtype);
  }

  /** normal(loc=0, scale=1, size=None, *, dtype=float64). */
  normal(...args: Args<'normal'>): NDArray {
    const v = SIGNATURES.normal.parse(args);
    return D.normal('normal', this.#stream, v.loc, v.scale, v.size, v.dtype);
  }

  /** exponential(scale=1, size=None, *, dtype=float64): mean `scale`. */
  exponential(...args: Args<'exponential'>): NDArray {
    const v = SIGNATURES.exponential.parse(args);
    return D.exponential('exponential', this.#stream, v.scale, v.size, v.dtype);
  }

  /**
   * integers(low, high=None, size=None, dtype=int64, endpoint=False): integers in [low, high)
   * (or [low, high] with endpoint); integers(high) draws from [0, high). Scalar bounds only.
   */
  integers(...args: Args<'integers'>): NDArray {
    const v = SIGNATURES.integers.parse(args);
    return D.integers('integers', this.#stream, v.low, v.high, v.size, v.dtype, v.endpoint);
  }

  /**
   * choice(a, size=None, replace=True, p=None, axis=0, shuffle=True): a sample of `a` (an int n:
   * arange(n); or an array, sampled along `axis`). shuffle=False is accepted: the sample is then
   * in random order too, which NumPy's contract allows.
   */
  choice(...args: Args<'choice'>): NDArray {
    const v = SIGNATURES.choice.parse(args);
    return choiceFrom('choice', this.#stream, v);
  }

  /** permutation(x, axis=0): arange(x) shuffled (x an int), or a shuffled copy of x along axis. */
  permutation(...args: Args<'permutation'>): NDArray {
    const v = SIGNATURES.permutation.parse(args);
    return permutationOf('permutation', this.#stream, v.x, v.axis);
  }

  /** shuffle(x, axis=0): x reordered along axis in place (arrays computed from x earlier keep its old order). */
  shuffle(...args: Args<'shuffle'>): void {
    const v = SIGNATURES.shuffle.parse(args);
    shuffleInPlace('shuffle', this.#stream, v.x, v.axis);
  }

  /** permuted(x, axis=None, out=None): x with each slice along axis shuffled independently (all elements when axis is None). */
  permuted(...args: Args<'permuted'>): NDArray {
    const v = SIGNATURES.permuted.parse(args);
    return permutedCopy('permuted', this.#stream, v.x, v.axis, v.out);
  }

  /** bytes(length): `length` random bytes. */
  bytes(...args: Args<'bytes'>): Uint8Array {
    const v = SIGNATURES.bytes.parse(args);
    return randomBytes('bytes', this.#stream, v.length);
  }

  /**
   * spawn(n_children): independent child generators (NumPy's SeedSequence spawning): each child's
   * key is derived from this generator's key and the child's index; spawning again gives new children.
   */
  spawn(...args: Args<'spawn'>): Generator[] {
    const v = SIGNATURES.spawn.parse(args);
    return Array.from({ length: v.n_children }, () => {
      const child = new Generator(0);
      child.#stream = spawnStream(this.#stream);
      return child;
    });
  }

  /** getState(): the bit generator's state (NumPy's bit_generator.state); setState(state) resumes from it exactly. */
  getState(...args: Args<'getState'>): RandomState {
    SIGNATURES.getState.parse(args);
    return stateOf(this.#stream);
  }

  /** setState(state): resume from a state getState() returned (the same numbers follow). */
  setState(...args: Args<'setState'>): void {
    const v = SIGNATURES.setState.parse(args);
    this.#stream = streamFromState(v.state);
  }

  /**
   * bit_generator: NumPy's handle on the generator's bit stream; its `state` reads getState() and
   * assigning it calls setState() (`rng.bit_generator.state = saved`).
   */
  get bit_generator(): BitGenerator {
    const state = { get: () => this.getState(), set: (value: RandomState) => this.setState(value) };
    return Object.defineProperties({ name: 'Philox' as const }, { state: { ...state, enumerable: true } }) as BitGenerator;
  }

  static {
    for (const name of Object.keys(DISTRIBUTIONS) as DistributionName[]) {
      const sig = distributionSignature(name);
      const method = function (this: Generator, ...args: unknown[]): NDArray {
        return sampleDistribution(name, this.#stream, sig.parse(args));
      };
      Object.defineProperty(method, 'name', { value: name });
      Object.defineProperty(method, 'signature', { value: sig });
      Object.defineProperty(Generator.prototype, name, { value: method, writable: true, configurable: true });
    }
  }
}

// The methods carry their declarations, as declared functions do (for docs and tests).
for (const [name, sig] of Object.entries(SIGNATURES)) {
  Object.defineProperty(Reflect.get(Generator.prototype, name), 'signature', { value: sig });
}

/** A seed for default_rng: an integer in [0, 2^64), or a Generator (returned as it is, as NumPy does). */
const seedOrGenerator: ParamType<number | bigint | Generator, bigint | Generator> = {
  expected: `${seedValue.expected} or a Generator`,
  parse: (x, op, name) => (x instanceof Generator ? x : seedValue.parse(x, op, name)),
};

/** default_rng(seed=None): a Generator; a seed is an integer in [0, 2^64); none: fresh OS entropy. */
export const default_rng = declare('default_rng', [positional('seed', t.nullable(seedOrGenerator), null)],
  ({ seed }) => (seed instanceof Generator ? seed : new Generator(seed)));
