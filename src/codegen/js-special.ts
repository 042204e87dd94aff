// JavaScript for the cp.special functions (and the gamma and error functions they rest on), which
// JS's Math lacks. All compute in float64; float32 loops round the result. gammaln, digamma, erf
// and erfc evaluate the fits of special-coefficients.ts as cuda-special.ts does, within a few
// float64 ulps of the exact values (test/ops/special-accuracy.test.ts measures them against
// mpmath); erfinv and erfcinv within a few ulps of SciPy's (test/ops/special.test.ts).
// CUDA has erf, erfinv and erfcinv built in; its float64 gammaln, digamma and erfc are cuda-special.ts.
import {
  DIGAMMA_1, DIGAMMA_2, DIGAMMA_ASYMPTOTIC, DIGAMMA_NEG, ERF_SMALL, ERFCX_1, ERFCX_2, ERFCX_3, LGAMMA_1, LGAMMA_2, LGAMMA_MIN,
  LGAMMA_X0, NEG_ROOT, NEG_ROOT_LO, PSI_X0, ROOT, ROOT_LO, ROOT_MINUS_1, STIRLING,
} from './special-coefficients.js';
import { horner } from './special-horner.js';

export const JS_SPECIAL_PRELUDE = String.raw`
const $TWO_OVER_SQRTPI = 1.1283791670955126;
// exp(-x*x) without the rounding error of x*x: x = hi + lo with hi of 24 bits, so hi*hi is exact
// (0 beyond |x| = 40, where the second factor could overflow while the first is 0).
function $expNegSquare(x) {
  if (!(Math.abs(x) <= 40)) return x === x ? 0 : NaN;
  const hi = Math.fround(x);
  return Math.exp(-hi * hi) * Math.exp(-(x - hi) * (x + hi));
}
// exp(x^2) erfc(x) for x >= 0.5: fitted polynomials to 6, then the continued fraction
// 1/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))) to 16 terms, evaluated from its end.
function $erfcxLarge(x) {
  if (x < 1.5) { const t = x - 1; return ${horner(ERFCX_1, 't')}; }
  if (x < 3) { const t = x - 2.25; return ${horner(ERFCX_2, 't')}; }
  if (x < 6) { const t = x - 4.5; return ${horner(ERFCX_3, 't')}; }
  let f = x;
  for (let k = 16; k >= 1; k--) f = x + k / 2 / f;
  return 0.5641895835477563 / f;
}
// erfc(x) for x >= 0.5 (0 from 27.3, where it is below the least subnormal).
function $erfcLarge(x) { return x >= 27.3 ? 0 : $expNegSquare(x) * $erfcxLarge(x); }
function $erf(x) {
  if (x !== x) return NaN;
  const a = Math.abs(x);
  if (a < 0.5) { const u = x * x; return x * ${horner(ERF_SMALL, 'u')}; }
  const r = 1 - $erfcLarge(a);
  return x > 0 ? r : -r;
}
function $erfc(x) {
  if (x !== x) return NaN;
  if (x >= 0.5) return $erfcLarge(x);
  if (x <= -0.5) return 2 - $erfcLarge(-x);
  const u = x * x;
  return 1 - x * ${horner(ERF_SMALL, 'u')};
}
// erfinv and erfcinv: Winitzki's closed-form guess (w = log(1 - y^2), ~2e-3 relative), then Halley's
// steps on erf(x) = y, or on erfc(x) = q where 1 - |y| is exact (|y| >= 0.5) and in the tails.
// With f' = ±2/sqrt(pi) e^(-x^2) and f'' = -2x f', Halley's step is f / (f' + x f).
function $erfinvGuess(w) { const t = 2 / (Math.PI * 0.147) + w / 2; return Math.sqrt(Math.sqrt(t * t - w / 0.147) - t); }
function $erfcinvPositive(q) {
  let x = $erfinvGuess(Math.log(q * (2 - q)));
  for (let i = 0; i < 6; i++) {
    const f = $erfc(x) - q, d = -$TWO_OVER_SQRTPI * $expNegSquare(x);
    if (f === 0 || d === 0) break;
    const dx = f / (d + x * f);
    x -= dx;
    if (Math.abs(dx) <= 1e-16 * x) break;
  }
  return x;
}
function $erfinv(y) {
  if (!(y >= -1 && y <= 1)) return NaN;
  if (y === 1 || y === -1) return y * Infinity;
  const a = Math.abs(y);
  let x;
  if (a >= 0.5) x = $erfcinvPositive(1 - a);
  else {
    x = $erfinvGuess(Math.log1p(-a * a));
    for (let i = 0; i < 6; i++) {
      const f = $erf(x) - a, d = $TWO_OVER_SQRTPI * $expNegSquare(x);
      if (f === 0) break;
      const dx = f / (d + x * f);
      x -= dx;
      if (Math.abs(dx) <= 1e-16 * x) break;
    }
  }
  return y < 0 ? -x : x;
}
function $erfcinv(q) {
  if (!(q >= 0 && q <= 2)) return NaN;
  if (q === 0) return Infinity;
  if (q === 2) return -Infinity;
  return q <= 1 ? $erfcinvPositive(q) : -$erfcinvPositive(2 - q);
}
// sin(pi x), exact in its argument reduction (|x| large, or x near an integer).
function $sinpi(x) {
  let r = x % 2;
  if (r > 1) r -= 2; else if (r <= -1) r += 2;
  if (r > 0.5) r = 1 - r; else if (r < -0.5) r = -1 - r;
  return Math.sin(Math.PI * r);
}
// log|gamma(x)| as cp_gammaln (cuda-special.ts), within a few ulp (near the zeros of x < 0, where
// every method cancels, within about 1e-16 absolute): fitted polynomials that keep the zeros at
// 1 and 2 exact, the recurrence below 10, Stirling's series from 10; reflection below -0.5.
function $lgammaPositive(x) {
  if (x < 0.5) { return x * ${horner(LGAMMA_1, 'x')} - Math.log(x); }
  if (x < 1.25) { const t = x - 1; return t * ${horner(LGAMMA_1, 't')}; }
  if (x < 1.75) { const t = x - ${ROOT}; return ${LGAMMA_X0} + t * (${PSI_X0} + t * ${horner(LGAMMA_MIN, 't')}); }
  if (x < 10) {
    let y = x, p = 1;
    while (y >= 2.75) { y -= 1; p *= y; }
    const t = y - 2;
    return t * ${horner(LGAMMA_2, 't')} + (p === 1 ? 0 : Math.log(p));
  }
  if (x === Infinity) return x;
  const w = 1 / x, w2 = w * w;
  return (x - 0.5) * (Math.log(x) - 1) + 0.4189385332046727 + w * ${horner(STIRLING, 'w2')};
}
function $lgamma(x) {
  if (x !== x) return NaN;
  if (x === -Infinity) return x; // SciPy's gammaln(-inf) is -inf
  if (x <= 0 && x === Math.floor(x)) return Infinity;
  if (x > -0.5) return x > 0 ? $lgammaPositive(x) : x * ${horner(LGAMMA_1, 'x')} - Math.log(-x);
  return Math.log(Math.PI / Math.abs(x * $sinpi(x))) - $lgammaPositive(-x);
}
// digamma as cp_digamma (cuda-special.ts), within a few ulp (relative also at its roots 1.4616...
// and -0.5040...; near psi's other roots below 0 within about 1e-16 absolute): fitted polynomials
// on [0, 3] and around -0.5040..., the recurrence below 10, the asymptotic series from 10;
// psi(x) = psi(1 - x) - pi cot(pi x) below 0.
function $digammaPositive(x) {
  if (x < 1) { const t = x - 0.5, z = (x - ${ROOT_MINUS_1}) - ${ROOT_LO}; return z * ${horner(DIGAMMA_1, 't')} - 1 / x; }
  if (x <= 2) { const t = x - 1.5, z = (x - ${ROOT}) - ${ROOT_LO}; return z * ${horner(DIGAMMA_1, 't')}; }
  if (x < 10) {
    let y = x, s = 0;
    while (y >= 3) { y -= 1; s += 1 / y; }
    const t = y - 2.5;
    return ${horner(DIGAMMA_2, 't')} + s;
  }
  if (x === Infinity) return x;
  const w = 1 / (x * x);
  return Math.log(x) - 0.5 / x - w * ${horner(DIGAMMA_ASYMPTOTIC, 'w')};
}
// pi cot(pi x) for non-integer x, reduced exactly to r in [-1/2, 1/2]: 1/r - (pi^2/3) r where that
// is it to the last bit, pi tan(pi (1/2 - |r|)) past 1/4 (tan's argument kept below pi/4).
function $piCotPi(x) {
  const r = x - Math.round(x), a = Math.abs(r);
  if (a < 1e-8) return 1 / r - 3.289868133696453 * r;
  if (a > 0.25) { const c = Math.PI * Math.tan(Math.PI * (0.5 - a)); return r < 0 ? -c : c; }
  return Math.PI / Math.tan(Math.PI * r);
}
function $digamma(x) {
  if (x === 0) return Object.is(x, -0) ? Infinity : -Infinity;
  if (x !== x || x === -Infinity || (x < 0 && x === Math.floor(x))) return NaN;
  if (x > 0) return $digammaPositive(x);
  const t = x - ${NEG_ROOT};
  if (Math.abs(t) <= 0.1) return (t - ${NEG_ROOT_LO}) * ${horner(DIGAMMA_NEG, 't')};
  return $digammaPositive(1 - x) - $piCotPi(x);
}
// SciPy's logit: log(x / (1 - x)), and log1p(s) - log1p(-s) with s = 2(x - 1/2) near 1/2.
function $logit(x) {
  if (x < 0.3 || x > 0.65) return Math.log(x / (1 - x));
  const s = 2 * (x - 0.5);
  return Math.log1p(s) - Math.log1p(-s);
}
`;
