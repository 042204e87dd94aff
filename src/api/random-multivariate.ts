// The samplers made of other samplers: noncentral_chisquare, noncentral_f (gamma and Poisson
// variates), vonmises (Best and Fisher's rejection, a fixed number of attempts), dirichlet
// (normalized gammas), hypergeometric (sequential draws without replacement) and multinomial
// (conditional binomials). Parameters NumPy checks as a whole (pvals, alpha, the hypergeometric
// counts) are read back to the host when they are arrays.
import { DTYPES } from '../ir/dtype.js';
import {
  absolute, add, arccos, cos, divide, fmod, greater, greater_equal, isnan, less, log, logical_or, minimum,
  multiply, negative, sqrt, square, subtract,
} from './elementwise.js';
import { zeros } from './creation.js';
import { CupytsError } from '../ir/errors.js';
import { stack } from './joins.js';
import type { NDArray, Scalar } from './ndarray.js';
import { where } from './operands.js';
import { binomialCounts, poissonCounts } from './random-counts.js';
import { chisquareVariates, gammaVariates, inDType, noncentralFFrom } from './random-gamma.js';
import {
  argError, firstAccepted, nanWhere, negativeIn, nonNegativeInteger, nonNegativeValue, nonPositiveIn, normalDraw, orBad, param, positive, shapeFor, uniformDraw,
  type Attempt, type Param, type Sampling,
} from './random-sampling.js';
import { sum } from './reductions.js';
import { samplerDraw } from './random-sampler-ops.js';

type Value = NDArray | Scalar;

/** Noncentral chi-square float64 variates for checked df > 0, nonc >= 0 (NumPy's method). */
function noncentralChisquareVariates(s: Sampling, df: Param, nonc: Param, shape: number[]): NDArray {
  const f64 = DTYPES.float64;
  // df > 1: chisquare(df - 1) + (z + sqrt(nonc))²
  const above = () => add(chisquareVariates(s, typeof df === 'number' ? df - 1 : where(greater(df, 1), subtract(df, 1), 1), shape),
    square(add(normalDraw(s, shape, f64), sqrt(nonc))));
  // df <= 1: chisquare(df + 2 i), i ~ Poisson(nonc / 2)
  const below = () => {
    const i = poissonCounts(s, typeof nonc === 'number' ? nonc / 2 : divide(nonc, 2), shape);
    return chisquareVariates(s, add(df, multiply(2, i)), shape);
  };
  let x: NDArray;
  if (typeof df === 'number') x = df > 1 ? above() : below();
  else x = where(greater(df, 1), above(), below());
  const central = typeof nonc === 'number' ? (nonc === 0 ? chisquareVariates(s, df, shape) : null) : null;
  return central ?? nanWhere(orBad(nonPositiveIn(df), negativeIn(nonc)), x);
}

/** noncentral_chisquare(df, nonc). */
export function noncentralChisquare(s: Sampling, df: Value, nonc: Value): NDArray {
  const k = param(s, 'df', df, positive);
  const lam = param(s, 'nonc', nonc, nonNegativeValue);
  return inDType(s, noncentralChisquareVariates(s, k, lam, shapeFor(s, [k, lam])));
}

/** noncentral_f(dfnum, dfden, nonc). */
export function noncentralF(s: Sampling, dfnum: Value, dfden: Value, nonc: Value): NDArray {
  const m = param(s, 'dfnum', dfnum, positive);
  const n = param(s, 'dfden', dfden, positive);
  const lam = param(s, 'nonc', nonc, nonNegativeValue);
  const shape = shapeFor(s, [m, n, lam]);
  return inDType(s, noncentralFFrom(s, noncentralChisquareVariates(s, m, lam, shape), m, n, shape));
}

/** Attempts per von Mises variate: Best and Fisher's acceptance rate is at least 0.656, so all fail with probability below 0.344^40 < 1e-18 (then NaN). */
export const VONMISES_ATTEMPTS = 40;

/** vonmises(mu, kappa): NumPy's method (uniform below kappa = 1e-8, wrapped normal above 1e6, else Best–Fisher). */
export function vonmises(s: Sampling, mu: Value, kappa: Value): NDArray {
  const f64 = DTYPES.float64;
  const m = param(s, 'mu', mu);
  const k = param(s, 'kappa', kappa, nonNegativeValue);
  const shape = shapeFor(s, [m, k]);
  const kk = typeof k === 'number' ? Math.min(Math.max(k, 1e-8), 1e6) : minimum(where(less(k, 1e-8), 1e-8, k), 1e6);
  const r = add(1, sqrt(add(1, multiply(4, square(kk)))));
  const rho = divide(subtract(r, sqrt(multiply(2, r))), multiply(2, kk));
  const sBig = divide(add(1, square(rho)), multiply(2, rho));
  const sv = typeof kk === 'number' && kk < 1e-5 ? 1 / kk + kk : typeof kk === 'number' ? sBig : where(less(kk, 1e-5), add(divide(1, kk), kk), sBig);
  const attempts: Attempt[] = [];
  for (let j = 0; j < VONMISES_ATTEMPTS; j++) {
    const z = cos(multiply(Math.PI, uniformDraw(s, shape, f64)));
    const w = divide(add(1, multiply(sv, z)), add(sv, z));
    const y = multiply(kk, subtract(sv, w));
    const v = uniformDraw(s, shape, f64);
    const accept = logical_or(greater_equal(subtract(multiply(y, subtract(2, y)), v), 0), greater_equal(add(subtract(log(divide(y, v)), y), 1), 0));
    attempts.push({ accept, value: w });
  }
  const w = firstAccepted(attempts, NaN) as NDArray;
  const u = uniformDraw(s, shape, f64);
  const angle = where(less(u, 0.5), negative(arccos(w)), arccos(w));
  const wrappedNormal = multiply(sqrt(divide(1, kk)), normalDraw(s, shape, f64));
  const uniformAngle = multiply(Math.PI, subtract(multiply(2, uniformDraw(s, shape, f64)), 1));
  const tooSmall = typeof k === 'number' ? k < 1e-8 : less(k, 1e-8);
  const tooLarge = typeof k === 'number' ? k > 1e6 : greater(k, 1e6);
  const pick = (c: NDArray | boolean, a: NDArray, b: NDArray) => (typeof c === 'boolean' ? (c ? a : b) : where(c, a, b));
  const offset = pick(tooSmall, uniformAngle, pick(tooLarge, wrappedNormal, angle));
  // mu + offset wrapped into [-pi, pi], as NumPy: sign-preserving fmod of |x| + pi by 2 pi, less pi.
  const x = add(m, offset);
  const wrapped = subtract(fmod(add(absolute(x), Math.PI), 2 * Math.PI), Math.PI);
  const result = where(less(x, 0), negative(wrapped), wrapped);
  return inDType(s, nanWhere(negativeIn(k), where(isnan(w), NaN, result)));
}

/** The host values of a small parameter array (NumPy checks these as a whole). */
function hostValues(a: NDArray): Float64Array {
  return Float64Array.from(a.astype(DTYPES.float64).dataSync() as Float64Array);
}

/** dirichlet(alpha, size): gamma(alpha_j) normalized over the last axis; shape size + (k,). */
export function dirichlet(s: Sampling, alpha: NDArray): NDArray {
  if (alpha.ndim !== 1) throw argError(s, `alpha to be a 1-D array, got ${alpha.ndim} dimensions`);
  const values = hostValues(alpha);
  values.forEach((a, j) => {
    if (!(a >= 0)) throw argError(s, `alpha >= 0, got alpha[${j}] = ${a}`);
  });
  const shape = [...(s.size ?? []), alpha.shape[0]];
  const g = gammaVariates({ ...s, size: shape }, alpha.astype(DTYPES.float64), shape);
  return inDType(s, divide(g, sum(g, { axis: -1, keepdims: true })));
}

/**
 * Most sequential draws hypergeometric takes per element (min(nsample, ngood + nbad - nsample)):
 * one loop iteration each, so the time of one element grows with it.
 */
export const HYPERGEOMETRIC_STEPS = 1 << 16;

function hostMax(name: string, s: Sampling, p: Param): number {
  const values = typeof p === 'number' ? [p] : hostValues(p);
  let max = 0;
  for (const x of values) {
    if (!(Number.isInteger(x) && x >= 0)) throw argError(s, `${name} to hold non-negative integers, got ${x}`);
    max = Math.max(max, x);
  }
  return max;
}

/**
 * hypergeometric(ngood, nbad, nsample): nsample draws without replacement counted one at a time
 * (a uniform draw per step, in one sampler loop), or the complement's draws where that is shorter; exact.
 */
export function hypergeometric(s: Sampling, ngood: Value, nbad: Value, nsample: Value): NDArray {
  const good = param(s, 'ngood', ngood);
  const bad = param(s, 'nbad', nbad);
  const n = param(s, 'nsample', nsample);
  hostMax('ngood', s, good);
  hostMax('nbad', s, bad);
  hostMax('nsample', s, n);
  const total = add(good, bad);
  const totals = hostValues(total);
  const samples = typeof n === 'number' ? [n] : hostValues(n);
  if (typeof n === 'number' && totals.every((x) => x < n)) throw argError(s, `nsample <= ngood + nbad, got nsample = ${n}, ngood + nbad = ${totals[0]}`);
  const shape = shapeFor(s, [good, bad, n]);
  let limit = 0;
  for (let i = 0; i < Math.max(totals.length, samples.length); i++) {
    const t = totals[i % totals.length];
    const k = samples[i % samples.length];
    if (k > t) throw argError(s, `nsample <= ngood + nbad, got nsample = ${k}, ngood + nbad = ${t}`);
    limit = Math.max(limit, Math.min(k, t - k));
  }
  if (limit > HYPERGEOMETRIC_STEPS) {
    throw new CupytsError('ERR_UNSUPPORTED', `${s.op}: min(nsample, ngood + nbad - nsample) above ${HYPERGEOMETRIC_STEPS} is not supported yet, got ${limit}`);
  }
  return samplerDraw(s, 'hypergeometric', [good, bad, n], shape).astype(DTYPES.int64);
}

/**
 * multinomial(n, pvals, size): conditional binomials, x_j ~ binomial(n - x_0 - … - x_{j-1},
 * p_j / (1 - p_0 - … - p_{j-1})), the last category taking the rest; shape size (or n's shape) + (k,).
 */
export function multinomial(s: Sampling, n: Value, pvals: NDArray): NDArray {
  const trials = param(s, 'n', n, nonNegativeInteger);
  if (pvals.ndim !== 1) throw argError(s, `pvals to be a 1-D array, got ${pvals.ndim} dimensions`);
  const p = hostValues(pvals);
  let head = 0;
  p.forEach((x, j) => {
    if (!(x >= 0 && x <= 1)) throw argError(s, `pvals in [0, 1], got pvals[${j}] = ${x}`);
    if (j < p.length - 1) head += x;
  });
  if (head > 1 + 1e-12) throw argError(s, `sum(pvals[:-1]) <= 1, got ${head}`);
  const shape = shapeFor(s, [trials]);
  const counts: NDArray[] = [];
  let left: NDArray = add(zeros(shape, DTYPES.float64), trials);
  let rest = 1;
  for (let j = 0; j < p.length - 1; j++) {
    const q = rest > 0 ? Math.min(1, Math.max(0, p[j] / rest)) : 0;
    const x = binomialCounts({ ...s, size: shape }, left, q, shape);
    counts.push(x);
    left = subtract(left, x);
    rest -= p[j];
  }
  if (p.length > 0) counts.push(left);
  if (counts.length === 0) return zeros([...shape, 0], DTYPES.int64);
  return stack(counts, -1).astype(DTYPES.int64);
}
