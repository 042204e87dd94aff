// Poisson and binomial variates, as float64 counts of the parameters' shape (random-discrete.ts
// casts them to int64): one sampler loop per element (random-sampler-source.ts). Small means (and
// binomial variances): inversion from the mode (one uniform, walked up or down from the mode's
// cumulative probability); large ones: Hörmann's
// transformed rejection (PTRS for Poisson, BTRS for binomial; W. Hörmann, "The transformed
// rejection method for generating Poisson random variables", 1993, and "The generation of
// binomial random variates", 1993), two uniforms per attempt. An invalid parameter element is NaN.
import type { NDArray } from './ndarray.js';
import { samplerDraw } from './random-sampler-ops.js';
import type { Param, Sampling } from './random-sampling.js';

export { INVERSION_LIMIT } from './random-sampler-source.js';

/** Poisson(λ) counts of `shape` (float64; NaN where λ < 0). */
export function poissonCounts(s: Sampling, lam: Param, shape: number[]): NDArray {
  return samplerDraw(s, 'poisson', [lam], shape);
}

/** Binomial(n, p) counts of `shape` (float64; NaN where n is not a non-negative integer or p is outside [0, 1]). */
export function binomialCounts(s: Sampling, n: Param, p: Param, shape: number[]): NDArray {
  return samplerDraw(s, 'binomial', [n, p], shape);
}
