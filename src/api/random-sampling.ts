// The building blocks every sampler of random-continuous.ts, random-gamma.ts and
// random-discrete.ts starts from: one call's context (the method's name, its stream, size and
// result dtype), the output shape, and lazy uniform, normal and exponential draws of that shape.
// Each draw takes the stream's next counter (random-stream.ts), so a sampler is a fixed
// sequence of draws and elementwise ops: element i of its result depends on element i of each
// draw only, whatever kernels the scheduler cuts the graph into, and the CPU path and the GPU
// compute the same thing.
import { DTYPES, type DType } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import { less, less_equal, log1p, logical_or, maximum, negative, subtract } from './elementwise.js';
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
}

/** A distribution parameter as the samplers use it: an array or a checked finite number. */
export type Param = NDArray | number;

/** The output shape for these parameters (size if given; parameters must broadcast to it). */
export function shapeFor(s: Sampling, params: readonly Param[]): number[] {
  return outputShape(s.op, s.size, params, s.dtype);
}

/** A float parameter checked with `rule` (a message for a bad value, or undefined); an integer or bool array becomes float64. */
export function param(s: Sampling, name: string, value: NDArray | Scalar, rule?: (x: number) => string | undefined): Param {
  const p = floatParam(s.op, name, value, rule);
  return typeof p === 'number' || p.dtype.kind === 'f' ? p : p.astype(DTYPES.float64);
}

export const positive = (x: number) => (x <= 0 ? 'a positive value' : undefined);
export const nonNegativeValue = (x: number) => (x < 0 ? 'a non-negative value' : undefined);

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
