// JavaScript for the cp.special functions (and the gamma and error functions they rest on), which
// JS's Math lacks. All compute in float64; float32 loops round the result. Accuracy against SciPy
// (test/ops/special.test.ts): erf, erfc, erfinv, erfcinv within a few float64 ulps (rtol 1e-13);
// gammaln within 1e-13 relative or 1e-14 absolute (Lanczos, g = 7); digamma within 1e-12 relative
// or 1e-14 absolute (near its root at 1.4616… the absolute error is what holds).
// CUDA has erf, erfc, erfinv, erfcinv and lgamma built in; digamma is cp_digamma in cuda-prelude.ts.
export const JS_SPECIAL_PRELUDE = String.raw`
const $TWO_OVER_SQRTPI = 1.1283791670955126;
// exp(-x*x) without the rounding error of x*x: x = hi + lo with hi of 24 bits, so hi*hi is exact
// (0 beyond |x| = 40, where the second factor could overflow while the first is 0).
function $expNegSquare(x) {
  if (!(Math.abs(x) <= 40)) return x === x ? 0 : NaN;
  const hi = Math.fround(x);
  return Math.exp(-hi * hi) * Math.exp(-(x - hi) * (x + hi));
}
// erf for |x| < 2 by its series of positive terms: erf(x) = 2/sqrt(pi) e^(-x^2) sum (2x^2)^n x / (2n+1)!!
function $erfSeries(x) {
  const x2 = 2 * x * x;
  let term = x, sum = x;
  for (let n = 1; n < 200; n++) {
    term *= x2 / (2 * n + 1);
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
  }
  return $TWO_OVER_SQRTPI * $expNegSquare(x) * sum;
}
// erfc for x >= 1 by its continued fraction, e^(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))),
// evaluated with the modified Lentz method.
function $erfcFraction(x) {
  let f = x, c = x, d = 0;
  for (let n = 1; n < 5000; n++) {
    const a = n / 2;
    d = x + a * d; d = 1 / d;
    c = x + a / c;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) <= 1e-16) break;
  }
  return $TWO_OVER_SQRTPI / 2 * $expNegSquare(x) / f;
}
function $erf(x) {
  if (x !== x) return NaN;
  const a = Math.abs(x);
  if (a < 2) return $erfSeries(x);
  if (a > 6) return x > 0 ? 1 : -1;
  const r = 1 - $erfcFraction(a);
  return x > 0 ? r : -r;
}
function $erfc(x) {
  if (x !== x) return NaN;
  if (x >= 1) return x === Infinity ? 0 : $erfcFraction(x);
  if (x <= -1) return x < -6 ? 2 : 2 - $erfcFraction(-x);
  return 1 - $erfSeries(x);
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
// log|gamma(x)|: Lanczos (g = 7, 9 terms) for x >= 0.5, the reflection formula below.
const $LANCZOS = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
function $lgamma(x) {
  if (x !== x) return NaN;
  if (x === Infinity || x === -Infinity) return x; // SciPy's gammaln(-inf) is -inf
  if (x <= 0 && x === Math.floor(x)) return Infinity;
  if (x < 0.5) return Math.log(Math.PI / Math.abs($sinpi(x))) - $lgamma(1 - x);
  x -= 1;
  const t = x + 7.5;
  let a = $LANCZOS[0];
  for (let i = 1; i < 9; i++) a += $LANCZOS[i] / (x + i);
  return 0.9189385332046728 + (x + 0.5) * Math.log(t) - t + Math.log(a);
}
// digamma as cp_digamma (cuda-prelude.ts): reflection below 0, the recurrence up to 10, the asymptotic series.
function $digamma(x) {
  if (x === 0) return Object.is(x, -0) ? Infinity : -Infinity;
  if (x === Infinity) return Infinity;
  if (x !== x || x === -Infinity || (x < 0 && x === Math.floor(x))) return NaN;
  let r = 0;
  if (x < 0) {
    let q = x - Math.floor(x);
    if (q > 0.5) q -= 1;
    r = -Math.PI / Math.tan(Math.PI * q);
    x = 1 - x;
  }
  while (x < 10) { r -= 1 / x; x += 1; }
  const z = 1 / (x * x);
  return r + Math.log(x) - 0.5 / x - z * (1 / 12 - z * (1 / 120 - z * (1 / 252 - z * (1 / 240 - z * (1 / 132 - z * (691 / 32760 - z / 12))))));
}
// SciPy's logit: log(x / (1 - x)), and log1p(s) - log1p(-s) with s = 2(x - 1/2) near 1/2.
function $logit(x) {
  if (x < 0.3 || x > 0.65) return Math.log(x / (1 - x));
  const s = 2 * (x - 0.5);
  return Math.log1p(s) - Math.log1p(-s);
}
`;
