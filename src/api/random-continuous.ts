// Continuous distributions that are closed-form transforms of uniform, normal and exponential
// draws (NumPy's formulas, random/src/distributions/distributions.c): one or two lazy draws and
// a few elementwise ops each, fused into whatever consumes them. Scalar parameters are checked
// at the call as NumPy does; an invalid element of an array parameter raises at the read of the
// result (random-param-checks.ts).
import {
  add, divide, equal, exp, expm1, less, less_equal, log, multiply, negative, power, sqrt, square, subtract, tan,
} from './elementwise.js';
import type { NDArray, Scalar } from './ndarray.js';
import { where } from './operands.js';
import {
  argError, checkElements, exponentialDraw, nanWhere, negativeIn, nonNegativeValue, nonPositiveIn, orBad, normalDraw, openUniformDraw, param, positive, shapeFor, uniformDraw, type Sampling,
} from './random-sampling.js';

type Value = NDArray | Scalar;

/** standard_exponential: -log1p(-u). */
export function standardExponential(s: Sampling): NDArray {
  return exponentialDraw(s, shapeFor(s, []));
}

/** standard_cauchy: tan(pi (u - 1/2)), u in (0, 1). */
export function standardCauchy(s: Sampling): NDArray {
  return tan(multiply(Math.PI, subtract(openUniformDraw(s, shapeFor(s, [])), 0.5)));
}

/** lognormal(mean, sigma): exp(mean + sigma z). */
export function lognormal(s: Sampling, mean: Value, sigma: Value): NDArray {
  const mu = param(s, 'mean', mean);
  const sd = param(s, 'sigma', sigma, nonNegativeValue);
  return nanWhere(negativeIn(sd), exp(add(mu, multiply(sd, normalDraw(s, shapeFor(s, [mu, sd]))))));
}

/** laplace(loc, scale): loc + scale log(2u) below u = 1/2, loc - scale log(2 - 2u) above, u in (0, 1). */
export function laplace(s: Sampling, loc: Value, scale: Value): NDArray {
  const mu = param(s, 'loc', loc);
  const b = param(s, 'scale', scale, nonNegativeValue);
  const u = openUniformDraw(s, shapeFor(s, [mu, b]));
  const offset = where(less(u, 0.5), log(multiply(2, u)), negative(log(subtract(2, multiply(2, u)))));
  return nanWhere(negativeIn(b), add(mu, multiply(b, offset)));
}

/** logistic(loc, scale): loc + scale log(u / (1 - u)), u in (0, 1). */
export function logistic(s: Sampling, loc: Value, scale: Value): NDArray {
  const mu = param(s, 'loc', loc);
  const b = param(s, 'scale', scale, nonNegativeValue);
  const u = openUniformDraw(s, shapeFor(s, [mu, b]));
  return nanWhere(negativeIn(b), add(mu, multiply(b, log(divide(u, subtract(1, u))))));
}

/** gumbel(loc, scale): loc - scale log(-log(u)), u in (0, 1). */
export function gumbel(s: Sampling, loc: Value, scale: Value): NDArray {
  const mu = param(s, 'loc', loc);
  const b = param(s, 'scale', scale, nonNegativeValue);
  const u = openUniformDraw(s, shapeFor(s, [mu, b]));
  return nanWhere(negativeIn(b), subtract(mu, multiply(b, log(negative(log(u))))));
}

/** weibull(a): E^(1/a) for a standard exponential E; 0 where a = 0 (as NumPy). */
export function weibull(s: Sampling, a: Value): NDArray {
  const k = param(s, 'a', a, nonNegativeValue);
  const x = power(exponentialDraw(s, shapeFor(s, [k])), divide(1, k));
  return nanWhere(negativeIn(k), where(equal(k, 0), 0, x));
}

/** pareto(a): expm1(E / a) (Pareto II / Lomax with scale 1). */
export function pareto(s: Sampling, a: Value): NDArray {
  const k = param(s, 'a', a, positive);
  return nanWhere(nonPositiveIn(k), expm1(divide(exponentialDraw(s, shapeFor(s, [k])), k)));
}

/** power(a): (1 - exp(-E))^(1/a), in [0, 1]. */
export function powerDistribution(s: Sampling, a: Value): NDArray {
  const k = param(s, 'a', a, positive);
  const e = exponentialDraw(s, shapeFor(s, [k]));
  return nanWhere(nonPositiveIn(k), power(negative(expm1(negative(e))), divide(1, k)));
}

/** rayleigh(scale): scale sqrt(2 E). */
export function rayleigh(s: Sampling, scale: Value): NDArray {
  const b = param(s, 'scale', scale, nonNegativeValue);
  return nanWhere(negativeIn(b), multiply(b, sqrt(multiply(2, exponentialDraw(s, shapeFor(s, [b]))))));
}

/**
 * wald(mean, scale): Michael, Schucany and Haas: Y = mean z², X = mean + mean/(2 scale) (Y -
 * sqrt(4 scale Y + Y²)); X where u <= mean / (mean + X), else mean² / X.
 */
export function wald(s: Sampling, mean: Value, scale: Value): NDArray {
  const mu = param(s, 'mean', mean, positive);
  const lam = param(s, 'scale', scale, positive);
  const shape = shapeFor(s, [mu, lam]);
  const y = multiply(mu, square(normalDraw(s, shape)));
  const x = add(mu, multiply(divide(mu, multiply(2, lam)), subtract(y, sqrt(add(multiply(multiply(4, lam), y), square(y))))));
  const u = uniformDraw(s, shape);
  const value = where(less_equal(u, divide(mu, add(mu, x))), x, divide(square(mu), x));
  return nanWhere(orBad(nonPositiveIn(mu), nonPositiveIn(lam)), value);
}

/** triangular(left, mode, right): inversion of the triangular CDF. */
export function triangular(s: Sampling, left: Value, mode: Value, right: Value): NDArray {
  const a = param(s, 'left', left);
  const c = param(s, 'mode', mode);
  const b = param(s, 'right', right);
  if (typeof a === 'number' && typeof c === 'number' && typeof b === 'number') {
    if (a > c) throw argError(s, `left <= mode, got left = ${a}, mode = ${c}`);
    if (c > b) throw argError(s, `mode <= right, got mode = ${c}, right = ${b}`);
    if (a === b) throw argError(s, `left < right, got left = right = ${a}`);
  }
  const base = subtract(b, a);
  const leftBase = subtract(c, a);
  const u = uniformDraw(s, shapeFor(s, [a, c, b]));
  const below = add(a, sqrt(multiply(u, multiply(leftBase, base))));
  const above = subtract(b, sqrt(multiply(subtract(1, u), multiply(subtract(b, c), base))));
  const value = where(less_equal(u, divide(leftBase, base)), below, above);
  if (typeof a !== 'number' || typeof b !== 'number' || typeof c !== 'number') {
    checkElements(s, less_equal(a, c), 'left <= mode in every element');
    checkElements(s, less_equal(c, b), 'mode <= right in every element');
    checkElements(s, less(a, b), 'left < right in every element');
  }
  return value;
}
