// Gamma variates and the distributions built on them (chisquare, standard_t, f, beta,
// dirichlet, noncentral_chisquare, noncentral_f).
//
// standard_gamma(k) is Marsaglia and Tsang's method (ACM TOMS 26, 2000), one sampler loop per
// element (random-sampler-source.ts): each attempt takes three uniforms of the element's own
// stream (a Box-Muller normal and the acceptance uniform); for k < 1 the sampler draws
// gamma(k + 1) and multiplies by u^(1/k) (Marsaglia and Tsang's boost). An attempt is rejected
// with probability below 0.049 for k >= 1, so the fixed bound on attempts (SAMPLER_ATTEMPTS) is
// never met in practice; an element that met it is NaN (visible, never a value from another
// distribution).
import { DTYPES } from '../ir/dtype.js';
import {
  add, divide, multiply, sqrt,
} from './elementwise.js';
import type { NDArray, Scalar } from './ndarray.js';
import { samplerDraw } from './random-sampler-ops.js';
import {
  nanWhere, negativeIn, nonNegativeValue, nonPositiveIn, normalDraw, orBad, param, positive,
  shapeFor, type Param, type Sampling,
} from './random-sampling.js';

type Value = NDArray | Scalar;

/**
 * Gamma(k, 1) variates of `shape` for an already checked shape parameter k >= 0, in float64
 * (0 where k = 0; NaN where k < 0).
 */
export function gammaVariates(s: Sampling, k: Param, shape: number[]): NDArray {
  return samplerDraw(s, 'gamma', [k], shape);
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
