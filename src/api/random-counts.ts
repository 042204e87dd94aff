// Poisson and binomial variates, as float64 counts of the parameters' shape (random-discrete.ts
// casts them to int64). Small means: inversion, the count of CDF terms at or below one uniform
// draw, with a fixed number of terms (enough that the CDF's tail beyond them is below 1e-17).
// Large means: Hörmann's transformed rejection (PTRS for Poisson, BTRS for binomial; W. Hörmann,
// "The transformed rejection method for generating Poisson random variables", 1993, and "The
// generation of binomial random variates", 1993) with a fixed number of attempts, two uniform
// draws each (the first accepted attempt wins: a chain of where()s). Rejection rates, measured:
// PTRS 0.18 at λ = 30, falling to 0.11; BTRS 0.23 at n·p = 30, falling to 0.11. With the
// attempts below, every attempt of an element is rejected with probability below 1e-16; the
// element is then NaN (-1 once cast), never a value from another distribution. An array
// parameter computes both methods and selects per element.
import {
  absolute, add, divide, exp, floor, greater_equal, less, less_equal, log, logical_and, logical_not, logical_or, minimum, multiply,
  negative, sqrt, square, subtract,
} from './elementwise.js';
import { DTYPES } from '../ir/dtype.js';
import type { NDArray } from './ndarray.js';
import { where } from './operands.js';
import { firstAccepted, uniformDraw, type Attempt, type Param, type Sampling } from './random-sampling.js';

/** Below this mean (λ, or n·min(p, 1 - p)) counts come from inversion, at or above from rejection. */
export const INVERSION_LIMIT = 30;
/** Inversion terms for an array parameter (the tail of Poisson(30) beyond 110 is below 1e-20). */
const INVERSION_TERMS = 110;
const PTRS_ATTEMPTS = 24;
const BTRS_ATTEMPTS = 26;

type Value = NDArray | number;

const LOGGAM_SERIES = [
  8.333333333333333e-2, -2.777777777777778e-3, 7.936507936507937e-4, -5.952380952380952e-4, 8.417508417508418e-4,
  -1.917526917526918e-3, 6.41025641025641e-3, -2.955065359477124e-2, 1.796443723688307e-1, -1.3924322169059,
];

/** log Γ(x) for x >= 1 (elementwise): Stirling's series at x + 7, less log(x (x + 1) … (x + 6)) (NumPy's random_loggam, shifted always). */
export function logGamma(x: NDArray): NDArray {
  const x0 = add(x, 7);
  const x2 = divide(1, multiply(x0, x0));
  let series: Value = LOGGAM_SERIES[9];
  for (let k = 8; k >= 0; k--) series = add(multiply(series, x2), LOGGAM_SERIES[k]);
  let gl = add(add(divide(series, x0), 0.5 * Math.log(2 * Math.PI)), subtract(multiply(subtract(x0, 0.5), log(x0)), x0));
  let product: Value = x;
  for (let k = 1; k < 7; k++) product = multiply(product, add(x, k));
  gl = subtract(gl, log(product));
  return gl;
}

/** The number of `cdf` terms at or below u: Σ_k [u >= F(k)]. */
function countBelow(u: NDArray, cdf: readonly Value[]): NDArray {
  let count: Value = 0;
  for (const f of cdf) count = add(count, where(greater_equal(u, f), 1, 0));
  return (typeof count === 'number' ? multiply(u, 0) : count).astype(DTYPES.float64);
}

/** CDF terms of a scalar distribution from its probabilities p(0), p(k) = p(k - 1) ratio(k), until the tail is negligible. */
function scalarCdf(p0: number, ratio: (k: number) => number, maxTerms: number): number[] {
  const cdf: number[] = [];
  let p = p0;
  let f = 0;
  for (let k = 0; k < maxTerms; k++) {
    f += p;
    cdf.push(f);
    if (1 - f < 1e-17 && p < 1e-17) break;
    p *= ratio(k + 1);
  }
  return cdf;
}

/** The same for array parameters (INVERSION_TERMS terms, elementwise). */
function arrayCdf(p0: NDArray, ratio: (k: number) => NDArray, terms: number): NDArray[] {
  const cdf: NDArray[] = [];
  let p = p0;
  let f: Value = 0;
  for (let k = 0; k < terms; k++) {
    f = add(f, p);
    cdf.push(f);
    p = multiply(p, ratio(k + 1));
  }
  return cdf;
}

/** Poisson counts by inversion (λ < INVERSION_LIMIT where λ is an array; checked by the caller for a number). */
function poissonInversion(s: Sampling, lam: Param, shape: number[]): NDArray {
  const u = uniformDraw(s, shape, DTYPES.float64);
  const cdf = typeof lam === 'number'
    ? scalarCdf(Math.exp(-lam), (k) => lam / k, INVERSION_TERMS)
    : arrayCdf(exp(negative(minimum(lam, INVERSION_LIMIT))), (k) => divide(lam, k), INVERSION_TERMS);
  return countBelow(u, cdf);
}

/** Poisson counts by PTRS (λ >= INVERSION_LIMIT). */
function poissonPtrs(s: Sampling, lamIn: Param, shape: number[]): NDArray {
  const lam = typeof lamIn === 'number' ? lamIn : where(less(lamIn, INVERSION_LIMIT), INVERSION_LIMIT, lamIn);
  const slam = sqrt(lam);
  const logLam = log(lam);
  const b = add(0.931, multiply(2.53, slam));
  const a = add(-0.059, multiply(0.02483, b));
  const logInvAlpha = log(add(1.1239, divide(1.1328, subtract(b, 3.4))));
  const vr = subtract(0.9277, divide(3.6224, subtract(b, 2)));
  const attempts: Attempt[] = [];
  for (let j = 0; j < PTRS_ATTEMPTS; j++) {
    const u = subtract(uniformDraw(s, shape, DTYPES.float64), 0.5);
    const v = uniformDraw(s, shape, DTYPES.float64);
    const us = subtract(0.5, absolute(u));
    const k = floor(add(multiply(add(divide(multiply(2, a), us), b), u), add(lam, 0.43)));
    const squeeze = logical_and(greater_equal(us, 0.07), less_equal(v, vr));
    const rejected = logical_or(less(k, 0), logical_and(less(us, 0.013), less(us, v)));
    const lhs = subtract(add(log(v), logInvAlpha), log(add(divide(a, square(us)), b)));
    const rhs = subtract(add(negative(lam), multiply(k, logLam)), logGamma(add(maximum0(k), 1)));
    attempts.push({ accept: logical_or(squeeze, logical_and(logical_not(rejected), less_equal(lhs, rhs))), value: k });
  }
  return firstAccepted(attempts, NaN) as NDArray;
}

/** max(k, 0) (so that log Γ(k + 1) of a rejected k < 0 stays finite). */
function maximum0(k: NDArray): NDArray {
  return where(less(k, 0), 0, k);
}

/** Poisson(λ) counts of `shape` for a checked λ >= 0, as float64. */
export function poissonCounts(s: Sampling, lam: Param, shape: number[]): NDArray {
  if (typeof lam === 'number') return lam < INVERSION_LIMIT ? poissonInversion(s, lam, shape) : poissonPtrs(s, lam, shape);
  const small = poissonInversion(s, lam, shape);
  const large = poissonPtrs(s, lam, shape);
  return where(less(lam, INVERSION_LIMIT), small, large);
}

/** Binomial counts by inversion for n·p < INVERSION_LIMIT, p <= 1/2. */
function binomialInversion(s: Sampling, n: Param, p: Param, shape: number[]): NDArray {
  const u = uniformDraw(s, shape, DTYPES.float64);
  if (typeof n === 'number' && typeof p === 'number') {
    const cdf = p === 0 ? [1] : scalarCdf(Math.pow(1 - p, n), (k) => ((n - k + 1) / k) * (p / (1 - p)), Math.min(n + 1, INVERSION_TERMS));
    return minimum(countBelow(u, cdf), n);
  }
  const q = subtract(1, p);
  const ratio = divide(p, q);
  const cdf = arrayCdf(exp(multiply(n, log(q))), (k) => multiply(divide(where(less(n, k - 1), 0, subtract(add(n, 1), k)), k), ratio), INVERSION_TERMS);
  return minimum(countBelow(u, cdf), n);
}

/** Binomial counts by BTRS for n·p >= INVERSION_LIMIT, p <= 1/2. */
function binomialBtrs(s: Sampling, n: Param, p: Param, shape: number[]): NDArray {
  const q = subtract(1, p);
  const spq = sqrt(multiply(multiply(n, p), q));
  const b = add(1.15, multiply(2.53, spq));
  const a = add(add(-0.0873, multiply(0.0248, b)), multiply(0.01, p));
  const c = add(multiply(n, p), 0.5);
  const vr = subtract(0.92, divide(4.2, b));
  const alpha = multiply(add(2.83, divide(5.1, b)), spq);
  const lpq = log(divide(p, q));
  const m = floor(multiply(add(n, 1), p));
  const h = add(logGamma(add(m, 1)), logGamma(add(subtract(n, m), 1)));
  const attempts: Attempt[] = [];
  for (let j = 0; j < BTRS_ATTEMPTS; j++) {
    const u = subtract(uniformDraw(s, shape, DTYPES.float64), 0.5);
    const v = uniformDraw(s, shape, DTYPES.float64);
    const us = subtract(0.5, absolute(u));
    const k = floor(add(multiply(add(divide(multiply(2, a), us), b), u), c));
    const squeeze = logical_and(greater_equal(us, 0.07), less_equal(v, vr));
    const inRange = logical_and(greater_equal(k, 0), less_equal(k, n));
    const kc = minimum(maximum0(k), n);
    const lhs = log(divide(multiply(v, alpha), add(divide(a, square(us)), b)));
    const rhs = add(subtract(subtract(h, logGamma(add(kc, 1))), logGamma(add(subtract(n, kc), 1))), multiply(subtract(kc, m), lpq));
    attempts.push({ accept: logical_or(squeeze, logical_and(inRange, less_equal(lhs, rhs))), value: k });
  }
  return firstAccepted(attempts, NaN) as NDArray;
}

/** Binomial(n, p) counts of `shape` for checked n >= 0 (integral) and p in [0, 1], as float64. */
export function binomialCounts(s: Sampling, n: Param, p: Param, shape: number[]): NDArray {
  const flip = typeof p === 'number' ? p > 0.5 : greater_equal(p, 0.5);
  const pp = typeof p === 'number' ? Math.min(p, 1 - p) : minimum(p, subtract(1, p));
  let x: NDArray;
  if (typeof n === 'number' && typeof pp === 'number') {
    x = n * pp < INVERSION_LIMIT ? binomialInversion(s, n, pp, shape) : binomialBtrs(s, n, pp, shape);
  } else {
    const mean = multiply(n, pp);
    const small = less(mean, INVERSION_LIMIT);
    // Each method sees parameters valid for it where the other one is selected.
    const smallN = where(small, n, 0);
    const largeN = where(small, 2 * INVERSION_LIMIT + 2, n);
    const largeP = where(small, 0.5, pp);
    x = where(small, binomialInversion(s, smallN, pp, shape), binomialBtrs(s, largeN, largeP, shape));
  }
  return typeof flip === 'boolean' ? (flip ? subtract(n, x) : x) : where(flip, subtract(n, x), x);
}
