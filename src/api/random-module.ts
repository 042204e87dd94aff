// The cp.random namespace: default_rng and Generator, and NumPy's legacy module functions
// (seed, rand, randn, randint, random, …) drawing from one module-level generator. Without a
// call to seed(), that generator is seeded from OS entropy on first use.
import type { DTypeLike } from '../ir/dtype.js';
import { CupytsError, describe } from '../ir/errors.js';
import type { NDArray } from './ndarray.js';
import type { ArrayOrScalar } from './operands.js';
import { default_rng, Generator, type ChoiceOptions, type FloatDTypeOption, type Size } from './random.js';

export { default_rng, Generator };
export type { ChoiceOptions, FloatDTypeOption, IntegersOptions, Size } from './random.js';

let global: Generator | undefined;
const rng = () => (global ??= new Generator());

/** Seeds the module-level generator (legacy API): the same seed, the same numbers. */
export function seed(value?: number | bigint | null): void {
  global = new Generator(value);
}

function dims(op: string, shape: number[]): number[] {
  if (!shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new CupytsError('ERR_SHAPE', `${op}: expected non-negative integer dimensions, got ${describe(shape.find((d) => !Number.isSafeInteger(d) || d < 0))}`);
  }
  return shape;
}

/** rand(d0, d1, …): uniform float64 in [0, 1) of that shape. */
export const rand = (...shape: number[]): NDArray => rng().random(dims('rand', shape));
/** randn(d0, d1, …): standard normal float64 of that shape. */
export const randn = (...shape: number[]): NDArray => rng().standard_normal(dims('randn', shape));
/** randint(low, high?, size?, dtype = int64): integers in [low, high), or [0, low). */
export const randint = (low: number | bigint, high?: number | bigint | null, size?: Size, dtype?: DTypeLike): NDArray =>
  rng().integers(low, high, size, { dtype });
export const random = (size?: Size, options?: FloatDTypeOption): NDArray => rng().random(size, options);
export const random_sample = random;
export const uniform = (low?: ArrayOrScalar, high?: ArrayOrScalar, size?: Size, options?: FloatDTypeOption): NDArray =>
  rng().uniform(low, high, size, options);
export const normal = (loc?: ArrayOrScalar, scale?: ArrayOrScalar, size?: Size, options?: FloatDTypeOption): NDArray =>
  rng().normal(loc, scale, size, options);
export const standard_normal = (size?: Size, options?: FloatDTypeOption): NDArray => rng().standard_normal(size, options);
export const exponential = (scale?: ArrayOrScalar, size?: Size, options?: FloatDTypeOption): NDArray => rng().exponential(scale, size, options);
export const choice = (a: number | bigint | ArrayOrScalar, size?: Size, options?: ChoiceOptions): NDArray => rng().choice(a, size, options);
export const permutation = (x: number | bigint | ArrayOrScalar): NDArray => rng().permutation(x);
export const shuffle = (x: NDArray): void => rng().shuffle(x);
