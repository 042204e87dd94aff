// Order statistics: median, nanmedian, quantile, nanquantile, percentile, nanpercentile, built
// from the stable sort (NaN last) along the reduced axes moved to the end, a gather of the one
// or two elements each result needs (take_along_axis), and elementwise interpolation: all lazy,
// nothing read back. The positions follow NumPy's `method` definitions (Hyndman & Fan): where
// the count of values depends on the data (the nan-variants skip NaN), the positions are computed
// on the device from each line's count.
import { DTYPES, isFloat, type DType } from '../ir/dtype.js';
import { makeComplex } from '../ir/complex.js';
import { CupytsError } from '../ir/errors.js';
import { promoteTypes } from '../ir/promotion.js';
import { arrayData, sliceAxis, type ArrayArg } from './array-params.js';
import { checkAxes } from './views.js';
import { full } from './creation.js';
import {
  add, ceil, divide, equal, floor, greater_equal, isnan, less, logical_and, logical_not, maximum, minimum, multiply, remainder, rint, subtract,
} from './elementwise.js';
import type { NDArray } from './ndarray.js';
import { toArray, where } from './operands.js';
import * as t from './param-types.js';
import { sum } from './reductions.js';
import { declare, keyword, positional, required } from './signature.js';
import { stack } from './joins.js';
import { sortAny } from './sorting.js';
import { take_along_axis } from './take.js';
import { reshape, transpose } from './views.js';

/** NumPy's quantile methods: the continuous ones by their (alpha, beta), and the discrete ones. */
const PLOTTING_POSITIONS: Record<string, [number, number]> = {
  linear: [1, 1], weibull: [0, 0], hazen: [0.5, 0.5], median_unbiased: [1 / 3, 1 / 3], normal_unbiased: [3 / 8, 3 / 8],
  interpolated_inverted_cdf: [0, 1],
};
const DISCRETE = ['lower', 'higher', 'nearest', 'inverted_cdf', 'closest_observation'] as const;
const METHODS = [...Object.keys(PLOTTING_POSITIONS), 'midpoint', 'averaged_inverted_cdf', ...DISCRETE] as const;
type Method = (typeof METHODS)[number] | 'median';

const methodType = t.oneOf(...(METHODS as readonly string[]));

/** The array with the reduced axes moved last and merged: lines of `length`, and the result shapes. */
function lineUp(op: string, x: NDArray, axis: number | number[] | null) {
  const all = x.shape.map((_, j) => j);
  const axes = axis === null ? all : checkAxes(op, axis, x.ndim);
  const kept = all.filter((j) => !axes.includes(j));
  const keptShape = kept.map((j) => x.shape[j]);
  const length = axes.reduce((n, j) => n * x.shape[j], 1);
  const lines = reshape(transpose(x, [...kept, ...axes]), [...keptShape, length]);
  const keepShape = x.shape.map((d, j) => (axes.includes(j) ? 1 : d));
  return { lines, keptShape, keepShape, length };
}

/** NumPy's _lerp: a + (b - a) t, or b - (b - a)(1 - t) where t >= 0.5 (exact at both ends). */
function lerp(a: NDArray, b: NDArray, gamma: NDArray): NDArray {
  const diff = subtract(b, a);
  return where(greater_equal(gamma, 0.5), subtract(b, multiply(diff, subtract(1, gamma))), add(a, multiply(diff, gamma)));
}

interface StatSpec {
  op: string;
  method: Method;
  skipNaN: boolean;
  keepdims: boolean;
}

/** One order statistic at fraction q of each line of `sorted` (NaN last), `count` values in each. */
function statistic(spec: StatSpec, sorted: NDArray, count: NDArray, q: number, dtypes: { value: DType; result: DType }): NDArray {
  const dtype = dtypes.result;
  const last = sorted.shape[sorted.ndim - 1] - 1;
  const at = (index: NDArray) => take_along_axis(sorted, minimum(maximum(index, 0), last).astype(DTYPES.int64), -1);
  const n1 = subtract(count, 1);
  switch (spec.method) {
    case 'lower': return at(floor(multiply(n1, q)));
    case 'higher': return at(ceil(multiply(n1, q)));
    case 'nearest': return at(rint(multiply(n1, q)));
    // NumPy's _discrete_interpolation_to_boundaries: the lower neighbour where the condition holds, else the upper
    // (closest_observation: H&F's nearest even order statistic, 1-based, so an odd 0-based one).
    case 'inverted_cdf': {
      const index = subtract(multiply(count, q), 1);
      const below = floor(index);
      return at(where(equal(subtract(index, below), 0), below, add(below, 1)));
    }
    case 'closest_observation': {
      const index = subtract(subtract(multiply(count, q), 1), 0.5);
      const below = floor(index);
      const odd = equal(remainder(below, 2), 1);
      return at(where(logical_and(equal(subtract(index, below), 0), odd), below, add(below, 1)));
    }
    case 'median': {
      // NumPy's median is the mean of the middle two (float16 summed in float32, as np.mean).
      const inner = dtype.name === 'float16' ? DTYPES.float32 : dtype;
      const half = multiply(n1, 0.5);
      const sum2 = add(at(floor(half)).astype(inner), at(ceil(half)).astype(inner));
      return divide(sum2, 2).astype(dtype);
    }
    default: {
      // NumPy: (n - 1) q for 'linear' and 'midpoint', n q - 1 for 'averaged_inverted_cdf', else n q + (alpha + q (1 - alpha - beta)) - 1.
      const [alpha, beta] = spec.method === 'midpoint' || spec.method === 'averaged_inverted_cdf' ? [1, 1] : PLOTTING_POSITIONS[spec.method];
      const virtual = spec.method === 'averaged_inverted_cdf' ? subtract(multiply(count, q), 1)
        : alpha === 1 && beta === 1 ? multiply(n1, q) : subtract(add(multiply(count, q), alpha + q * (1 - alpha - beta)), 1);
      const below = less(virtual, 0);
      const above = greater_equal(virtual, n1);
      const floorIndex = floor(virtual);
      const previous = where(below, 0, where(above, n1, floorIndex));
      const next = where(below, 0, where(above, n1, add(floorIndex, 1)));
      let gamma = subtract(virtual, previous);
      if (spec.method === 'midpoint') gamma = where(equal(gamma, 0), 0, 0.5);
      if (spec.method === 'averaged_inverted_cdf') gamma = where(equal(gamma, 0), 0.5, 1);
      // As NumPy: the neighbours subtract in the array's float dtype, gamma weighs in the result's.
      return lerp(at(previous).astype(dtypes.value), at(next).astype(dtypes.value), gamma.astype(dtype));
    }
  }
}

/** Quantiles `qs` (fractions in [0, 1]; `qShape` null for one scalar q) of `a` over `axis`. */
function orderStatistics(spec: StatSpec, a: ArrayArg, axis: number | number[] | null, qs: number[], qShape: number[] | null, qDtype: DType | null): NDArray {
  const x = toArray(spec.op, a);
  const { lines, keptShape, keepShape, length } = lineUp(spec.op, x, axis);
  const discrete = (DISCRETE as readonly string[]).includes(spec.method);
  // NumPy: the median of complex values is the mean of the middle two in its complex order; the
  // quantiles refuse them (TypeError)
  const complex = x.dtype.kind === 'c';
  if (complex && spec.method !== 'median') throw new CupytsError('ERR_DTYPE', `${spec.op}: a must be an array of real numbers, got ${x.dtype.name}`);
  const floatDtype = isFloat(x.dtype) || complex ? x.dtype : DTYPES.float64;
  // As NumPy 2: an array q (a list is float64) takes part in the result's dtype, a number does not.
  const dtype = discrete ? x.dtype : qDtype ? promoteTypes(x.dtype, qDtype) : floatDtype;
  const outShape = spec.keepdims ? keepShape : keptShape;
  if (length === 0) {
    // NumPy: the nan-variants (all-NaN lines) and the median give NaN (complex: nan+nanj, the mean of
    // nothing); quantile's index fails
    if (spec.method === 'median') return full(outShape, complex ? makeComplex(NaN, NaN) : NaN, { dtype });
    if (spec.skipNaN) return full([...(qShape ?? []), ...outShape], NaN, { dtype: isFloat(dtype) ? dtype : DTYPES.float64 });
    throw new CupytsError('ERR_INDEX', `${spec.op}: index -1 is out of bounds for axis 0 with size 0`);
  }
  // (after the empty lines: NumPy's nan-variants give NaN for those before they interpolate)
  if (x.dtype.kind === 'b' && !discrete && spec.method !== 'median') {
    throw new CupytsError('ERR_DTYPE', `${spec.op}: expected a numeric array for method '${spec.method}', got bool (NumPy: boolean subtract is not supported)`);
  }
  if (qs.length === 0) return full([...(qShape ?? []), ...outShape], 0, { dtype });
  const sorted = sortAny(spec.op, lines, -1, 'values');
  const hasNaN = isFloat(x.dtype) || complex;
  const count = spec.skipNaN && hasNaN
    ? sum(logical_not(isnan(lines)), { axis: -1, keepdims: true, dtype: DTYPES.float64 })
    : full([...keptShape, 1], length, { dtype: DTYPES.float64 });
  const results = qs.map((q) => {
    let r = statistic(spec, sorted, count, q, { value: floatDtype, result: dtype });
    // (an integer array's neighbours are float64: a float32 q array makes the result float32, as NumPy's)
    if (r.dtype !== dtype) r = r.astype(dtype);
    if (hasNaN) {
      // NumPy puts a line's last sorted value where it is NaN (_median_nancheck): for complex the
      // value with a NaN part itself, not nan+0j
      const lastValue = sliceAxis(sorted, sorted.ndim - 1, length - 1, length);
      r = where(spec.skipNaN ? equal(count, 0) : isnan(lastValue), complex && !spec.skipNaN ? lastValue : NaN, r);
    }
    return reshape(r, outShape);
  });
  if (!qShape) return results[0];
  return reshape(stack(results, 0), [...qShape, ...outShape]);
}

/** q as fractions: a number, or an array_like of them (read on the host), each checked in [0, 1]. */
function fractions(op: string, q: ArrayArg, scale: number): { qs: number[]; qShape: number[] | null; qDtype: DType | null } {
  const given = typeof q === 'number' ? null : toArray(op, q);
  const raw = given ? Array.from(given.astype(DTYPES.float64).dataSync() as Float64Array) : [q as number];
  const qs = raw.map((v) => (scale === 1 ? v : v / scale));
  if (qs.some((v) => !(v >= 0 && v <= 1))) {
    throw new CupytsError('ERR_ARG', scale === 1 ? `${op}: Quantiles must be in the range [0, 1]` : `${op}: Percentiles must be in the range [0, 100]`);
  }
  // (NumPy's percentile divides an integer q array by 100, which makes it float64; quantile's integer
  // q, 0 or 1, leaves the result's dtype to the data)
  const qDtype = !given ? null : isFloat(given.dtype) ? given.dtype : scale === 1 ? null : DTYPES.float64;
  return { qs, qShape: given ? given.shape : null, qDtype };
}

const a = required('a', arrayData);
const axis = positional('axis', t.nullable(t.axes), null);
const out = positional('out', t.notSupported(), null);
const overwriteInput = positional('overwrite_input', t.boolean, false);
const keepdims = positional('keepdims', t.boolean, false);

function quantileLike(op: string, scale: number, skipNaN: boolean) {
  return declare(op, [
    a, required('q', arrayData), axis, out, overwriteInput, positional('method', methodType, 'linear'), keepdims,
    keyword('weights', t.notSupported(), null), keyword('interpolation', t.notSupported(), null),
  ], (v) => {
    // overwrite_input lets NumPy reuse the input's memory; the result is the same without it.
    const { qs, qShape, qDtype } = fractions(op, v.q, scale);
    return orderStatistics({ op, method: v.method as Method, skipNaN, keepdims: v.keepdims }, v.a, v.axis, qs, qShape, qDtype);
  });
}

function medianLike(op: string, skipNaN: boolean) {
  return declare(op, [a, axis, out, overwriteInput, keepdims], (v) =>
    orderStatistics({ op, method: 'median', skipNaN, keepdims: v.keepdims }, v.a, v.axis, [0.5], null, null));
}

/** quantile(a, q, axis=None, out=None, overwrite_input=False, method='linear', keepdims=False, *, weights=None, interpolation=None). */
export const quantile = quantileLike('quantile', 1, false);
export const nanquantile = quantileLike('nanquantile', 1, true);
/** percentile(a, q, ...): quantile at q / 100. */
export const percentile = quantileLike('percentile', 100, false);
export const nanpercentile = quantileLike('nanpercentile', 100, true);
/** median(a, axis=None, out=None, overwrite_input=False, keepdims=False). */
export const median = medianLike('median', false);
export const nanmedian = medianLike('nanmedian', true);
