// NumPy's discrete distributions (int64 results): poisson, binomial, negative_binomial,
// geometric, logseries, zipf. The counts come from random-counts.ts (Poisson, binomial) or from
// short closed-form transforms of uniform draws (NumPy's formulas); negative_binomial and zipf
// are sampler loops (random-sampler-source.ts). An element whose every rejection attempt failed
// (probability below 1e-30) is -1, a value no such distribution takes.
import { DTYPES } from '../ir/dtype.js';
import {
  add, ceil, divide, equal, expm1, floor, greater_equal, isnan, less_equal, log, log1p, maximum,
  multiply, negative,
} from './elementwise.js';
import type { NDArray, Scalar } from './ndarray.js';
import { where } from './operands.js';
import { binomialCounts, poissonCounts } from './random-counts.js';
import { samplerDraw } from './random-sampler-ops.js';
import {
  aboveOne, exponentialDraw, nonNegativeAtMost, nonNegativeInteger, param, positive, positiveProbability, probability, probabilityBelowOne,
  shapeFor, uniformDraw, type Sampling,
} from './random-sampling.js';

type Value = NDArray | Scalar;

/** NumPy's largest Poisson mean (int64 counts stay exact enough below it). */
const POISSON_LAM_MAX = 9.223372006484771e18;

/** float64 counts as int64, NaN (an exhausted sampler; an invalid parameter element, which raises at the read) as -1. */
function asCounts(x: NDArray): NDArray {
  return where(isnan(x), -1, x).astype(DTYPES.int64);
}

/** poisson(lam). */
export function poisson(s: Sampling, lam: Value): NDArray {
  const l = param(s, 'lam', lam, nonNegativeAtMost(POISSON_LAM_MAX));
  return asCounts(poissonCounts(s, l, shapeFor(s, [l])));
}

/** binomial(n, p). */
export function binomial(s: Sampling, n: Value, p: Value): NDArray {
  const count = param(s, 'n', n, nonNegativeInteger);
  const prob = param(s, 'p', p, probability);
  return asCounts(binomialCounts(s, count, prob, shapeFor(s, [count, prob])));
}

/** negative_binomial(n, p): poisson(gamma(n) (1 - p) / p), one sampler loop per element. */
export function negativeBinomial(s: Sampling, n: Value, p: Value): NDArray {
  const k = param(s, 'n', n, positive);
  const prob = param(s, 'p', p, positiveProbability);
  return asCounts(samplerDraw(s, 'negative_binomial', [k, prob], shapeFor(s, [k, prob])));
}

/** geometric(p): ceil(-E / log1p(-p)), at least 1 (trials up to the first success). */
export function geometric(s: Sampling, p: Value): NDArray {
  const prob = param(s, 'p', p, positiveProbability);
  const e = exponentialDraw(s, shapeFor(s, [prob]), DTYPES.float64);
  const x = maximum(ceil(divide(negative(e), log1p(negative(prob)))), 1);
  return asCounts(x);
}

/** logseries(p): Kemp's method (NumPy's random_logseries). */
export function logseries(s: Sampling, p: Value): NDArray {
  const prob = param(s, 'p', p, probabilityBelowOne);
  const shape = shapeFor(s, [prob]);
  const r = log1p(negative(prob));
  const v = uniformDraw(s, shape, DTYPES.float64);
  const u = uniformDraw(s, shape, DTYPES.float64);
  const q = negative(expm1(multiply(r, u)));
  const tail = maximum(floor(add(1, divide(log(v), log(q)))), 1);
  const x = where(greater_equal(v, prob), 1, where(less_equal(v, multiply(q, q)), where(equal(v, 0), 1, tail), where(greater_equal(v, q), 1, 2)));
  return asCounts(x);
}

/** zipf(a): Devroye's rejection (NumPy's random_zipf), one sampler loop per element. */
export function zipf(s: Sampling, a: Value): NDArray {
  const exponent = param(s, 'a', a, aboveOne);
  return asCounts(samplerDraw(s, 'zipf', [exponent], shapeFor(s, [exponent])));
}
