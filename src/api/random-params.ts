// Parameter kinds of cp.random's functions and Generator methods (declared with signature.ts):
// seeds, integer bounds, populations, and the parameters NumPy's samplers share.
import { DTYPES } from '../ir/dtype.js';
import { arrayLike, arrayOrScalar, type ArrayArg } from './array-params.js';
import type { NDArray, Scalar } from './ndarray.js';
import * as t from './param-types.js';
import type { RandomState } from './random-stream.js';
import { keyword, positional, REJECT, type ParamType } from './signature.js';

const U64_MAX = 2n ** 64n - 1n;

const isBigInt = (x: unknown): x is bigint => typeof x === 'bigint';

/** A seed: an integer in [0, 2^64) (a number or a bigint), as a bigint. */
export const seedValue: ParamType<number | bigint, bigint> = {
  expected: 'a non-negative integer below 2^64 (a number or bigint)',
  parse: (x) => {
    if (isBigInt(x)) return x >= 0n && x <= U64_MAX ? x : REJECT;
    return t.isInteger(x) && x >= 0 ? BigInt(x) : REJECT;
  },
};

/** An integer bound of integers/randint: a safe integer, a bigint, or an array of integers. */
export const integerBound: ParamType<number | bigint | ArrayArg, bigint | NDArray> = {
  expected: 'an integer (a number or bigint) or an array of integers',
  parse: (x, op, name) => {
    if (isBigInt(x)) return x;
    if (typeof x === 'number') return t.isInteger(x) ? BigInt(x) : REJECT;
    const a = arrayLike.parse(x, op, name);
    return a === REJECT || a.dtype.kind === 'f' ? REJECT : a;
  },
};

/** A population: an integer n (arange(n)) or an array. */
export type Population = number | bigint | ArrayArg;

/** A population as given: an integer (as a bigint) or an array. */
export const population: ParamType<Population, bigint | NDArray> = {
  expected: 'an integer or an array',
  parse: (x, op, name) => (isBigInt(x) ? x : t.isInteger(x) ? BigInt(x) : arrayLike.parse(x, op, name)),
};

/** A distribution parameter (loc, scale, low, high): a number or an array; JS numbers stay scalars. */
export const distributionParam: ParamType<ArrayArg, NDArray | Scalar> = arrayOrScalar;

/** size=None: the output shape (a non-negative integer or a list of them), or null. */
export const size = positional('size', t.nullable(t.shape), null);

/** dtype=float64 of the float samplers (float32 or float64, checked where the draw is made). */
export const floatDType = positional('dtype', t.dtype, DTYPES.float64);

/** The same, keyword-only (NumPy's Generator samplers without a dtype parameter; cupyts takes it, as CuPy does). */
export const floatDTypeKeyword = keyword('dtype', t.dtype, DTYPES.float64);

const isU64 = (x: unknown): x is bigint => isBigInt(x) && x >= 0n && x <= U64_MAX;

/** A Generator's state as getState() returns it: { bit_generator: 'Philox', key, counter, children }, bigints in [0, 2^64). */
export const randomState: ParamType<RandomState> = {
  expected: "a state from getState() ({ bit_generator: 'Philox', key, counter, children }, bigints in [0, 2^64))",
  parse: (x) => {
    if (x === null || typeof x !== 'object') return REJECT;
    const s = x as Record<string, unknown>;
    const keys = Object.keys(s).sort().join(',');
    if (keys !== 'bit_generator,children,counter,key' || s.bit_generator !== 'Philox') return REJECT;
    return isU64(s.key) && isU64(s.counter) && isU64(s.children) ? (s as unknown as RandomState) : REJECT;
  },
};
