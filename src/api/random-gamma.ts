// Gamma variates and the distributions built on them (chisquare, standard_t, f, beta,
// dirichlet, noncentral_chisquare, noncentral_f).
//
// standard_gamma(k) is Marsaglia and Tsang's method (ACM TOMS 26, 2000) with a fixed number of
// attempts: attempt j takes element i of its own normal draw and uniform draw (two stream
// counters per attempt, GAMMA_ATTEMPTS attempts), and the result is the first accepted attempt
// (a chain of where()s, fused into one or a few elementwise kernels). So each element reads a
// fixed set of Philox blocks, the result does not depend on launch geometry, and the CPU path and
// the GPU compute the same thing. An attempt is rejected with probability below 0.049 for k >= 1
// (the method's worst case, at k = 1); for k < 1 the sampler draws gamma(k + 1) and multiplies
// by u^(1/k) (Marsaglia and Tsang's boost). The chance that all attempts of an element are
// rejected is below 0.049^GAMMA_ATTEMPTS < 2e-16; that element is then NaN (visible, never a
// value from another distribution).
import { DTYPES } from '../ir/dtype.js';
import {
  add, divide, equal, greater, less, log, logical_and, multiply, power, sqrt, subtract,
} from './elementwise.js';
import type { NDArray, Scalar } from './ndarray.js';
import { where } from './operands.js';
import {
  firstAccepted, nanWhere, negativeIn, nonNegativeValue, nonPositiveIn, normalDraw, openUniformDraw, orBad, param, positive, positiveUniformDraw,
  shapeFor, type Attempt, type Param, type Sampling,
} from './random-sampling.js';

type Value = NDArray | Scalar;

/** Attempts per gamma variate (see the file comment). */
export const GAMMA_ATTEMPTS = 12;

/**
 * Gamma(k, 1) variates of `shape` for an already checked shape parameter k >= 0, in float64
 * (0 where k = 0; NaN where k < 0, or in the rare case of every attempt rejected).
 */
export function gammaVariates(s: Sampling, k: Param, shape: number[]): NDArray {
  const f64 = DTYPES.float64;
  const boosted = typeof k === 'number' ? k < 1 : null;
  const alpha = boosted === null ? where(less(k as NDArray, 1), add(k, 1), k) : boosted ? (k as number) + 1 : k;
  const d = subtract(alpha, 1 / 3);
  const c = divide(1, sqrt(multiply(9, d)));
  const attempts: Attempt[] = [];
  for (let j = 0; j < GAMMA_ATTEMPTS; j++) {
    const x = normalDraw(s, shape, f64);
    const u = openUniformDraw(s, shape, f64);
    const t = add(1, multiply(c, x));
    const v = multiply(multiply(t, t), t);
    // log u < x²/2 + d - d v + d log v, with v > 0
    const bound = add(add(multiply(0.5, multiply(x, x)), subtract(d, multiply(d, v))), multiply(d, log(v)));
    attempts.push({ accept: logical_and(greater(v, 0), less(log(u), bound)), value: multiply(d, v) });
  }
  let result = firstAccepted(attempts, NaN) as NDArray;
  if (boosted !== false) {
    const boost = power(positiveUniformDraw(s, shape, f64), divide(1, k));
    result = boosted === null ? where(less(k as NDArray, 1), multiply(result, boost), result) : multiply(result, boost);
  }
  return nanWhere(negativeIn(k), where(equal(k, 0), 0, result));
}

/** p / 2 (a number stays a number, so the sampler keeps its scalar path). */
function half(p: Param): Param {
  return typeof p === 'number' ? p / 2 : divide(p, 2);
}

/** The float64 result cast to the call's dtype. */
export function inDType(s: Sampling, x: NDArray): NDArray {
  return x.dtype === s.dtype ? x : x.astype(s.dtype);
}

/** standard_gamma(shape). */
export function standardGamma(s: Sampling, shape: Value): NDArray {
  const k = param(s, 'shape', shape, nonNegativeValue);
  return inDType(s, gammaVariates(s, k, shapeFor(s, [k])));
}

/** gamma(shape, scale): scale * standard_gamma(shape). */
export function gamma(s: Sampling, shape: Value, scale: Value): NDArray {
  const k = param(s, 'shape', shape, nonNegativeValue);
  const theta = param(s, 'scale', scale, nonNegativeValue);
  const g = multiply(gammaVariates(s, k, shapeFor(s, [k, theta])), theta);
  return inDType(s, nanWhere(negativeIn(theta), g));
}

/** Chi-square variates of `shape` for checked df > 0: 2 gamma(df / 2), float64. */
export function chisquareVariates(s: Sampling, df: Param, shape: number[]): NDArray {
  return nanWhere(nonPositiveIn(df), multiply(2, gammaVariates(s, half(df), shape)));
}

/** chisquare(df). */
export function chisquare(s: Sampling, df: Value): NDArray {
  const k = param(s, 'df', df, positive);
  return inDType(s, chisquareVariates(s, k, shapeFor(s, [k])));
}

/** standard_t(df): z sqrt(df / 2) / sqrt(gamma(df / 2)) (NumPy's formula). */
export function standardT(s: Sampling, df: Value): NDArray {
  const k = param(s, 'df', df, positive);
  const shape = shapeFor(s, [k]);
  const z = normalDraw(s, shape, DTYPES.float64);
  const g = gammaVariates(s, half(k), shape);
  return inDType(s, nanWhere(nonPositiveIn(k), divide(multiply(sqrt(divide(k, 2)), z), sqrt(g))));
}

/** f(dfnum, dfden): (chisquare(dfnum) / dfnum) / (chisquare(dfden) / dfden). */
export function fDistribution(s: Sampling, dfnum: Value, dfden: Value): NDArray {
  const m = param(s, 'dfnum', dfnum, positive);
  const n = param(s, 'dfden', dfden, positive);
  const shape = shapeFor(s, [m, n]);
  const num = multiply(chisquareVariates(s, m, shape), n);
  const den = multiply(chisquareVariates(s, n, shape), m);
  return inDType(s, divide(num, den));
}

/** beta(a, b): X / (X + Y) for X ~ gamma(a), Y ~ gamma(b). */
export function beta(s: Sampling, a: Value, b: Value): NDArray {
  const pa = param(s, 'a', a, positive);
  const pb = param(s, 'b', b, positive);
  const shape = shapeFor(s, [pa, pb]);
  const x = gammaVariates(s, pa, shape);
  const y = gammaVariates(s, pb, shape);
  return inDType(s, nanWhere(orBad(nonPositiveIn(pa), nonPositiveIn(pb)), divide(x, add(x, y))));
}

/** noncentral_f(dfnum, dfden, nonc): (noncentral_chisquare(dfnum, nonc) dfden) / (chisquare(dfden) dfnum). */
export function noncentralFFrom(s: Sampling, numerator: NDArray, m: Param, n: Param, shape: number[]): NDArray {
  return divide(multiply(numerator, n), multiply(chisquareVariates(s, n, shape), m));
}
