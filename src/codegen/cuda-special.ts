// CUDA C for cp.special's float64 gammaln, digamma and erfc: the twins of js-special.ts's
// $lgamma, $digamma and $erfc, the same fits (special-coefficients.ts) and the same branches in the
// same order, so both backends give the same values to within the last bits of exp, log and tan
// (within a few ulps of the exact ones; kernels compile with --fmad=false, as JS computes). float
// and float16 loops compute in double and round, as the CPU backend does (CUDA's erfcf gives 0
// for results below float's least normal, 1.2e-38; lgammaf is off by up to 3 ulps).
import {
  DIGAMMA_1, DIGAMMA_2, DIGAMMA_ASYMPTOTIC, DIGAMMA_NEG, ERF_SMALL, ERFCX_1, ERFCX_2, ERFCX_3, LGAMMA_1, LGAMMA_2, LGAMMA_MIN,
  LGAMMA_X0, NEG_ROOT, NEG_ROOT_LO, PSI_X0, ROOT, ROOT_LO, ROOT_MINUS_1, STIRLING,
} from './special-coefficients.js';
import { horner } from './special-horner.js';

export const CUDA_SPECIAL_PRELUDE = String.raw`
#define CP_INF64 __longlong_as_double(0x7ff0000000000000ll)
#define CP_NAN64 __longlong_as_double(0x7ff8000000000000ll)
// exp(-x*x) without the rounding error of x*x: hi, x rounded to float, has 24 bits, so hi*hi is exact.
CP_D double cp_exp_neg_square(double x) {
  const double hi = (double)(float)x;
  return exp(-hi * hi) * exp(-(x - hi) * (x + hi));
}
// exp(x^2) erfc(x) for x >= 0.5: fitted polynomials to 6, then the continued fraction to 16 terms from its end.
CP_D double cp_erfcx_large(double x) {
  if (x < 1.5) { const double t = x - 1; return ${horner(ERFCX_1, 't')}; }
  if (x < 3) { const double t = x - 2.25; return ${horner(ERFCX_2, 't')}; }
  if (x < 6) { const double t = x - 4.5; return ${horner(ERFCX_3, 't')}; }
  double f = x;
  for (int k = 16; k >= 1; k--) f = x + k / 2.0 / f;
  return 0.5641895835477563 / f;
}
// erfc(x) for x >= 0.5 (0 from 27.3, where it is below the least subnormal).
CP_D double cp_erfc_large(double x) { return x >= 27.3 ? 0.0 : cp_exp_neg_square(x) * cp_erfcx_large(x); }
CP_D double cp_erfc(double x) {
  if (x != x) return x;
  if (x >= 0.5) return cp_erfc_large(x);
  if (x <= -0.5) return 2 - cp_erfc_large(-x);
  const double u = x * x;
  return 1 - x * ${horner(ERF_SMALL, 'u')};
}
CP_D float cp_erfc(float x) { return (float)cp_erfc((double)x); }

// log|gamma(x)| for x > 0: fits that keep the zeros at 1 and 2 exact, the recurrence below 10, Stirling from 10.
CP_D double cp_lgamma_positive(double x) {
  if (x < 0.5) return x * ${horner(LGAMMA_1, 'x')} - log(x);
  if (x < 1.25) { const double t = x - 1; return t * ${horner(LGAMMA_1, 't')}; }
  if (x < 1.75) { const double t = x - ${ROOT}; return ${LGAMMA_X0} + t * (${PSI_X0} + t * ${horner(LGAMMA_MIN, 't')}); }
  if (x < 10) {
    double y = x, p = 1;
    while (y >= 2.75) { y -= 1; p *= y; }
    const double t = y - 2;
    return t * ${horner(LGAMMA_2, 't')} + (p == 1 ? 0.0 : log(p));
  }
  if (x == CP_INF64) return x;
  const double w = 1 / x, w2 = w * w;
  return (x - 0.5) * (log(x) - 1) + 0.4189385332046727 + w * ${horner(STIRLING, 'w2')};
}
CP_D double cp_gammaln(double x) {
  if (x != x) return x;
  if (x == -CP_INF64) return x; // SciPy's gammaln(-inf) is -inf (C's lgamma: +inf)
  if (x <= 0 && x == floor(x)) return CP_INF64;
  if (x > -0.5) return x > 0 ? cp_lgamma_positive(x) : x * ${horner(LGAMMA_1, 'x')} - log(-x);
  return log(3.141592653589793 / fabs(x * sinpi(x))) - cp_lgamma_positive(-x);
}
CP_D float cp_gammaln(float x) { return (float)cp_gammaln((double)x); }

// SciPy's digamma (psi) for x > 0: fits on (0, 3], the recurrence below 10, the asymptotic series from 10.
CP_D double cp_digamma_positive(double x) {
  if (x < 1) { const double t = x - 0.5, z = (x - ${ROOT_MINUS_1}) - ${ROOT_LO}; return z * ${horner(DIGAMMA_1, 't')} - 1 / x; }
  if (x <= 2) { const double t = x - 1.5, z = (x - ${ROOT}) - ${ROOT_LO}; return z * ${horner(DIGAMMA_1, 't')}; }
  if (x < 10) {
    double y = x, s = 0;
    while (y >= 3) { y -= 1; s += 1 / y; }
    const double t = y - 2.5;
    return ${horner(DIGAMMA_2, 't')} + s;
  }
  if (x == CP_INF64) return x;
  const double w = 1 / (x * x);
  return log(x) - 0.5 / x - w * ${horner(DIGAMMA_ASYMPTOTIC, 'w')};
}
// pi cot(pi x) for non-integer x, reduced exactly to r in [-1/2, 1/2] (as js-special.ts's $piCotPi).
CP_D double cp_pi_cot_pi(double x) {
  const double pi = 3.141592653589793, r = x - rint(x), a = fabs(r);
  if (a < 1e-8) return 1 / r - 3.289868133696453 * r;
  if (a > 0.25) { const double c = pi * tan(pi * (0.5 - a)); return r < 0 ? -c : c; }
  return pi / tan(pi * r);
}
CP_D double cp_digamma(double x) {
  if (x == 0) return signbit(x) ? CP_INF64 : -CP_INF64;
  if (x != x || x == -CP_INF64 || (x < 0 && x == floor(x))) return CP_NAN64;
  if (x > 0) return cp_digamma_positive(x);
  const double t = x - ${NEG_ROOT};
  if (fabs(t) <= 0.1) return (t - ${NEG_ROOT_LO}) * ${horner(DIGAMMA_NEG, 't')};
  return cp_digamma_positive(1 - x) - cp_pi_cot_pi(x);
}
`;
