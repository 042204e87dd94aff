// The samplers behind cp.random's Generator methods and legacy functions, on parsed arguments
// (random.ts and random-module.ts declare the signatures): uniform floats, normals,
// exponentials and bounded integers, drawn lazily from a stream (random-stream.ts). `op` is the
// name the caller used, so errors name it.
import { DTYPES, dtypeMax, dtypeMin, type DType } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import { broadcastShapes, checkShape, formatShape, sameShape } from '../ir/shape.js';
import { add, greater_equal, log1p, multiply, negative, subtract } from './elementwise.js';
import { NDArray, type Scalar } from './ndarray.js';
import { writeOut } from './out-param.js';
import { integersInArrayBounds } from './random-integers.js';
import { withParamChecks } from './random-param-checks.js';
import { drawFrom, type RandomStream } from './random-stream.js';

/** The output shape: `size` if given (parameters must broadcast to it), else the parameters' broadcast shape. */
export function outputShape(op: string, size: number[] | null, params: readonly (NDArray | number)[], dtype: DType): number[] {
  const shapes = params.filter((p): p is NDArray => p instanceof NDArray).map((p) => p.node.shape);
  if (size === null) return shapes.length ? broadcastShapes(op, ...shapes) : [];
  const dims = checkShape(op, size, dtype.itemsize);
  if (shapes.length && !sameShape(broadcastShapes(op, dims, ...shapes), dims)) {
    throw new CupytsError('ERR_SHAPE', `${op}: expected parameters that broadcast to size ${formatShape(dims)}, got shapes ${shapes.map(formatShape).join(' and ')}`);
  }
  return dims;
}

/** A float parameter: an array, or a finite JS number (checked with `rule`). */
export function floatParam(op: string, name: string, value: NDArray | Scalar, rule?: (x: number) => string | undefined): NDArray | number {
  if (value instanceof NDArray) return value;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new CupytsError('ERR_ARG', `${op}: expected ${name} to be a finite number or an array, got ${typeof value === 'bigint' ? `${value}n` : String(value)}`);
  }
  const problem = rule?.(value);
  if (problem) throw new CupytsError('ERR_ARG', `${op}: expected ${problem}, got ${name} = ${value}`);
  return value;
}

export const nonNegative = (x: number) => (x < 0 ? 'a non-negative value' : undefined);

/**
 * A draw of `distribution` written into `out` when one is given (NumPy's out=: its dtype must be
 * the draw's, and `size`, where given too, its shape), else of shape `size`.
 */
function drawInto(op: string, stream: RandomStream, distribution: 'uniform' | 'normal', size: number[] | null, dtype: DType, out: NDArray | null): NDArray {
  if (out === null) return drawFrom(stream, op, distribution, outputShape(op, size, [], dtype), dtype);
  if (size !== null && !sameShape(size, out.shape)) {
    throw new CupytsError('ERR_SHAPE', `${op}: expected size to match out's shape ${formatShape(out.shape)}, got ${formatShape(size)}`);
  }
  if (out.dtype !== dtype) throw new CupytsError('ERR_DTYPE', `${op}: expected out to have the dtype ${dtype.name}, got ${out.dtype.name}`);
  return writeOut(op, out, drawFrom(stream, op, distribution, [...out.shape], dtype), { exactShape: true });
}

/** Uniform floats in [0, 1). */
export function uniformFloats(op: string, stream: RandomStream, size: number[] | null, dtype: DType, out: NDArray | null = null): NDArray {
  return drawInto(op, stream, 'uniform', size, dtype, out);
}

/** Standard normal floats (Box–Muller). */
export function standardNormal(op: string, stream: RandomStream, size: number[] | null, dtype: DType, out: NDArray | null = null): NDArray {
  return drawInto(op, stream, 'normal', size, dtype, out);
}

/** Uniform floats in [low, high): low + (high - low) * random(). */
export function uniform(op: string, stream: RandomStream, low: NDArray | Scalar, high: NDArray | Scalar, size: number[] | null, dtype: DType): NDArray {
  const lo = floatParam(op, 'low', low);
  const hi = floatParam(op, 'high', high);
  if (typeof lo === 'number' && typeof hi === 'number' && !Number.isFinite(hi - lo)) {
    throw new CupytsError('ERR_ARG', `${op}: expected a finite high - low, got ${hi} - ${lo}`);
  }
  const u = drawFrom(stream, op, 'uniform', outputShape(op, size, [lo, hi], dtype), dtype);
  // Two numbers subtract in JS: subtract(1, -1) would be a strong int64 0-d array and turn float32 draws into float64.
  const span = typeof lo === 'number' && typeof hi === 'number' ? hi - lo : subtract(hi, lo);
  return add(lo, multiply(span, u));
}

/** Normal floats: loc + scale * standard_normal(). */
export function normal(op: string, stream: RandomStream, loc: NDArray | Scalar, scale: NDArray | Scalar, size: number[] | null, dtype: DType): NDArray {
  const mu = floatParam(op, 'loc', loc);
  const sigma = floatParam(op, 'scale', scale, nonNegative);
  const z = drawFrom(stream, op, 'normal', outputShape(op, size, [mu, sigma], dtype), dtype);
  return checkedNonNegative(op, 'scale', sigma, add(mu, multiply(sigma, z)));
}

/** Exponential floats with mean `scale`: -log1p(-random()) * scale. */
export function exponential(op: string, stream: RandomStream, scale: NDArray | Scalar, size: number[] | null, dtype: DType): NDArray {
  const beta = floatParam(op, 'scale', scale, nonNegative);
  const u = drawFrom(stream, op, 'uniform', outputShape(op, size, [beta], dtype), dtype);
  return checkedNonNegative(op, 'scale', beta, multiply(negative(log1p(negative(u))), beta));
}

/** `x`, raising at its read where an element of the array parameter `p` is negative or NaN (random-param-checks.ts). */
function checkedNonNegative(op: string, name: string, p: NDArray | number, x: NDArray): NDArray {
  if (typeof p === 'number') return x;
  return withParamChecks(x, [{ valid: greater_equal(p, 0), message: `${op}: expected ${name} to hold a non-negative value in every element, got an element that is not (found by the kernel)` }]);
}

/**
 * Integers in [low, high) (or [low, high] with `endpoint`); with `high` null, in [0, low).
 * Any integer dtype or bool.
 */
export function integers(
  op: string, stream: RandomStream, low: bigint | NDArray, high: bigint | NDArray | null, size: number[] | null, dtype: DType, endpoint: boolean,
): NDArray {
  if (low instanceof NDArray || high instanceof NDArray) return integersInArrayBounds(op, stream, low, high, size, dtype, endpoint);
  if (dtype.kind === 'f') throw new CupytsError('ERR_DTYPE', `${op}: expected an integer or bool dtype, got ${dtype.name}`);
  const lo = high === null ? 0n : low;
  let hi = high === null ? low : high;
  if (!endpoint) {
    if (lo >= hi) throw new CupytsError('ERR_ARG', `${op}: expected low < high, got low = ${lo}, high = ${hi}`);
    hi -= 1n;
  } else if (lo > hi) {
    throw new CupytsError('ERR_ARG', `${op}: expected low <= high, got low = ${lo}, high = ${hi}`);
  }
  const [min, max] = dtype.kind === 'b' ? [0n, 1n] : [dtypeMin(dtype), dtypeMax(dtype)];
  if (lo < min) throw new CupytsError('ERR_ARG', `${op}: expected low within ${dtype.name} (>= ${min}), got ${lo}`);
  if (hi > max) throw new CupytsError('ERR_ARG', `${op}: expected high within ${dtype.name} (<= ${max}${endpoint ? '' : ' + 1'}), got ${endpoint ? hi : hi + 1n}`);
  return drawFrom(stream, op, 'integers', outputShape(op, size, [], dtype), dtype, { low: lo, span: hi - lo });
}

/** 64-bit random keys over [0, 2^64) (permutations sort them). */
export function randomKeys(op: string, stream: RandomStream, n: number): BigUint64Array {
  return integers(op, stream, 0n, 2n ** 64n - 1n, [n], DTYPES.uint64, true).dataSync() as BigUint64Array;
}
