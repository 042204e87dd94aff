// The building blocks every sampler of random-continuous.ts, random-gamma.ts and
// random-discrete.ts starts from: one call's context (the method's name, its stream, size and
// result dtype), the output shape, and lazy uniform, normal and exponential draws of that shape.
// Each draw takes the stream's next counter (random-stream.ts), so a sampler is a fixed
// sequence of draws and elementwise ops: element i of its result depends on element i of each
// draw only, whatever kernels the scheduler cuts the graph into, and the CPU path and the GPU
// compute the same thing.
import { DTYPES, type DType } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import {
  equal, floor, greater, greater_equal, less, less_equal, log1p, logical_and, logical_or, maximum, negative, subtract,
} from './elementwise.js';
import type { ParamCheck } from './random-param-checks.js';
import { where } from './operands.js';
import type { NDArray, Scalar } from './ndarray.js';
import { floatParam, outputShape } from './random-draws.js';
import { drawFrom, type RandomStream } from './random-stream.js';

/** One sampler call: the name errors use, the stream, NumPy's size (null: the parameters' shape) and the result dtype. */
export interface Sampling {
  readonly op: string;
  readonly stream: RandomStream;
  readonly size: number[] | null;
  readonly dtype: DType;
  /** The checks of the call's array parameters, attached to its result (random-param-checks.ts). */
  readonly checks: ParamCheck[];
}

/** A distribution parameter as the samplers use it: an array or a checked finite number. */
export type Param = NDArray | number;

/** The output shape for these parameters (size if given; parameters must broadcast to it). */
export function shapeFor(s: Sampling, params: readonly Param[]): number[] {
  return outputShape(s.op, s.size, params, s.dtype);
}

/** What a parameter must be (NumPy's check): for a number, and elementwise for an array (false for NaN). */
export interface Rule {
  readonly what: string;
  readonly holds: (x: number) => boolean;
  readonly holdsIn: (a: NDArray) => NDArray;
}

const rule = (what: string, holds: Rule['holds'], holdsIn: Rule['holdsIn']): Rule => ({ what, holds, holdsIn });
const within = (a: NDArray, lo: number, hi: number, loOpen: boolean, hiOpen: boolean) =>
  logical_and(loOpen ? greater(a, lo) : greater_equal(a, lo), hiOpen ? less(a, hi) : less_equal(a, hi));

export const nonNegativeValue = rule('a non-negative value', (x) => x >= 0, (a) => greater_equal(a, 0));
export const positive = rule('a positive value', (x) => x > 0, (a) => greater(a, 0));
export const aboveOne = rule('a value greater than 1', (x) => x > 1, (a) => greater(a, 1));
export const probability = rule('a probability in [0, 1]', (x) => x >= 0 && x <= 1, (a) => within(a, 0, 1, false, false));
export const positiveProbability = rule('a probability in (0, 1]', (x) => x > 0 && x <= 1, (a) => within(a, 0, 1, true, false));
export const probabilityBelowOne = rule('a probability in [0, 1)', (x) => x >= 0 && x < 1, (a) => within(a, 0, 1, false, true));
export const nonNegativeInteger = rule('a non-negative integer', (x) => Number.isInteger(x) && x >= 0,
  (a) => logical_and(greater_equal(a, 0), equal(floor(a), a)));
/** A non-negative value at most `max`. */
export const nonNegativeAtMost = (max: number) => rule(`a non-negative value at most ${max}`, (x) => x >= 0 && x <= max, (a) => within(a, 0, max, false, false));

/**
 * A float parameter checked with `rule`: a number at the call; an array's elements by the kernel
 * (s.checks: a read of the result raises). An integer or bool array becomes float64.
 */
export function param(s: Sampling, name: string, value: NDArray | Scalar, r?: Rule): Param {
  const p = floatParam(s.op, name, value, r && ((x) => (r.holds(x) ? undefined : r.what)));
  if (typeof p === 'number') return p;
  const a = p.dtype.kind === 'f' ? p : p.astype(DTYPES.float64);
  if (r) checkElements(s, r.holdsIn(a), `${name} to hold ${r.what} in every element`);
  return a;
}

/** A check of array elements (where `valid` is false, a read of the result raises "op: expected <what>, got an element that is not"). */
export function checkElements(s: Sampling, valid: NDArray, what: string): void {
  s.checks.push({ valid, message: `${s.op}: expected ${what}, got an element that is not (found by the kernel)` });
}

/** The float dtype draws are made in: float32 for float32 results, else float64. */
function drawDType(dtype: DType): DType {
  return dtype.name === 'float32' ? DTYPES.float32 : DTYPES.float64;
}

/** Uniform floats in [0, 1) of `shape` (in `dtype`, default the call's). */
export function uniformDraw(s: Sampling, shape: number[], dtype: DType = s.dtype): NDArray {
  return drawFrom(s.stream, s.op, 'uniform', shape, drawDType(dtype));
}

/** Uniform floats in (0, 1): a draw of 0 becomes half the smallest step (2^-54, or 2^-25 for float32). */
export function openUniformDraw(s: Sampling, shape: number[], dtype: DType = s.dtype): NDArray {
  const d = drawDType(dtype);
  return maximum(uniformDraw(s, shape, d), d.name === 'float32' ? 2 ** -25 : 2 ** -54);
}

/** Uniform floats in (0, 1]: 1 - u (exact). */
export function positiveUniformDraw(s: Sampling, shape: number[], dtype: DType = s.dtype): NDArray {
  return subtract(1, uniformDraw(s, shape, dtype));
}

/** Standard normal floats of `shape`. */
export function normalDraw(s: Sampling, shape: number[], dtype: DType = s.dtype): NDArray {
  return drawFrom(s.stream, s.op, 'normal', shape, drawDType(dtype));
}

/** Standard exponential floats: -log1p(-u), u in [0, 1) (so in [0, ∞), finite). */
export function exponentialDraw(s: Sampling, shape: number[], dtype: DType = s.dtype): NDArray {
  return negative(log1p(negative(uniformDraw(s, shape, dtype))));
}

/** A bad parameter at the call: "op: expected …". */
export function argError(s: Sampling, what: string): CupytsError {
  return new CupytsError('ERR_ARG', `${s.op}: expected ${what}`);
}

/** NaN where `bad` holds (an invalid element of an array parameter), else x. */
export function nanWhere(bad: NDArray | boolean, x: NDArray): NDArray {
  return typeof bad === 'boolean' ? x : where(bad, NaN, x);
}

/** less(a, 0) for an array parameter (the elements NumPy would reject), false for a checked number. */
export function negativeIn(a: Param): NDArray | boolean {
  return typeof a === 'number' ? false : less(a, 0);
}

export function nonPositiveIn(a: Param): NDArray | boolean {
  return typeof a === 'number' ? false : less_equal(a, 0);
}

/** Either mask (a checked number's mask is a constant false). */
export function orBad(a: NDArray | boolean, b: NDArray | boolean): NDArray | boolean {
  if (typeof a === 'boolean') return a || b;
  return typeof b === 'boolean' ? (b ? true : a) : logical_or(a, b);
}


/** One attempt of a rejection sampler: its candidate and whether it is accepted. */
export interface Attempt {
  readonly accept: NDArray;
  readonly value: NDArray;
}

/** The value of the first accepted attempt of each element; `exhausted` where none is. */
export function firstAccepted(attempts: readonly Attempt[], exhausted: number): NDArray | number {
  let result: NDArray | number = exhausted;
  for (let j = attempts.length - 1; j >= 0; j--) result = where(attempts[j].accept, attempts[j].value, result);
  return result;
}
