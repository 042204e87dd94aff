// JavaScript complex elementary functions for the CPU kernels, the twins of cuda-complex-math.ts
// (the same branches in the same order, with its float64 constants): exp, log, sqrt, the hyperbolic
// functions and, through them, the trigonometric ones (sin z is -i sinh(iz), cos z is cosh(iz),
// tan z is -i tanh(iz)), log1p, expm1, sinc, rint, and power. A finite input of moderate size takes
// the textbook formula; everything else (an overflowing factor, an infinite or NaN part) branches to
// a $c*Edge function, and a log near |z| = 1 to $clogNearOne. Special values are C99 Annex G's, with
// the signs of zeros and the NaN placement that NumPy gives (its complex loops call the C library's
// cexp, csinh, ccosh, ctanh, csqrt, clog, ...). Complex64 computes in float64 and is rounded once by
// $c64, so it takes the float64 constants: 709 (e^x finite below it; e^709 = 8.218407461554972e307),
// 354 (sinh(x)^2 finite below it), and 4.49e307, 4.45e-308 (max / 4 and 2 * min, where sqrt scales).
// Power, expm1 and sinc are NumPy's formulas, which round every step to the loop's precision
// (complex64: float, overflow to inf included): their r is Math.fround for complex64, $id for complex128.

export const JS_COMPLEX_MATH = String.raw`
const $signbit = (v) => v < 0 || Object.is(v, -0);
function $cexp(a) {
  const x = a.re, y = a.im;
  if (x < 709 && Number.isFinite(y)) { const e = Math.exp(x); return { re: e * Math.cos(y), im: e * Math.sin(y) }; }
  return $cexpEdge(x, y);
}
function $cexpEdge(x, y) {
  if (y === 0) return { re: Math.exp(x), im: y };
  if (x === Infinity) return Number.isFinite(y) ? { re: x * Math.cos(y), im: x * Math.sin(y) } : { re: x, im: NaN };
  if (x === -Infinity) return { re: 0, im: $signbit(y) ? -0 : 0 }; // y is inf or NaN: a finite y took the formula
  if (!Number.isFinite(x) || !Number.isFinite(y)) return { re: NaN, im: NaN };
  return { re: $expTimes(Math.cos(y), x, 8.218407461554972e307), im: $expTimes(Math.sin(y), x, 8.218407461554972e307) };
}
// c e^x for x >= 709 with e^709 (or e^709 / 2: first) taken out first, and again above 1418
// (each x - 709 exact), so that a product that fits is not lost to an inf * small.
function $expTimes(c, x, first) {
  c *= first; x -= 709;
  if (x > 709) { c *= 8.218407461554972e307; x -= 709; }
  return c * Math.exp(x);
}
// sinh and cosh of x + iy: (sinh x cos y, cosh x sin y) and (cosh x cos y, sinh x sin y); sin z is
// (sin x cosh y, cos x sinh y), -i sinh(iz) but for inf + i inf, which C's csin makes NaN + i inf;
// cos z is cosh(iz), (cos x cosh y, -sin x sinh y).
function $csinh(a) {
  const x = a.re, y = a.im;
  if (Math.abs(x) < 709 && Number.isFinite(y)) return { re: Math.sinh(x) * Math.cos(y), im: Math.cosh(x) * Math.sin(y) };
  return $csinhEdge(x, y, Infinity);
}
function $csin(a) {
  const x = a.re, y = a.im;
  if (Math.abs(y) < 709 && Number.isFinite(x)) return { re: Math.sin(x) * Math.cosh(y), im: Math.cos(x) * Math.sinh(y) };
  const t = $csinhEdge(-y, x, -Infinity);
  return { re: t.im, im: -t.re };
}
// infNaN: sinh(±inf + i inf) (C leaves its sign open: +inf, and csin's -inf).
function $csinhEdge(x, y, infNaN) {
  if (Number.isFinite(x)) {
    if (!Number.isFinite(y)) return { re: x === 0 ? x : NaN, im: NaN };
    if (y === 0) return { re: Math.sinh(x), im: y };
    const re = $expTimes(Math.cos(y), Math.abs(x), 4.109203730777486e307); // |sinh x| = cosh x = e^|x| / 2 here
    return { re: x < 0 ? -re : re, im: $expTimes(Math.sin(y), Math.abs(x), 4.109203730777486e307) };
  }
  if (x !== x) return { re: NaN, im: y === 0 ? y : NaN };
  if (y === 0) return { re: x, im: y };
  return Number.isFinite(y) ? { re: x * Math.cos(y), im: Infinity * Math.sin(y) } : { re: infNaN, im: NaN };
}
function $ccosh(a) {
  const x = a.re, y = a.im;
  if (Math.abs(x) < 709 && Number.isFinite(y)) return { re: Math.cosh(x) * Math.cos(y), im: Math.sinh(x) * Math.sin(y) };
  return $ccoshEdge(x, y);
}
function $ccos(a) {
  const x = a.re, y = a.im;
  if (Math.abs(y) < 709 && Number.isFinite(x)) return { re: Math.cos(x) * Math.cosh(y), im: -(Math.sin(x) * Math.sinh(y)) };
  return $ccoshEdge(-y, x);
}
function $ccoshEdge(x, y) {
  if (Number.isFinite(x)) {
    if (!Number.isFinite(y)) return { re: NaN, im: x === 0 ? 0 : NaN };
    if (y === 0) return { re: Math.cosh(x), im: x < 0 ? -y : y };
    const im = $expTimes(Math.sin(y), Math.abs(x), 4.109203730777486e307);
    return { re: $expTimes(Math.cos(y), Math.abs(x), 4.109203730777486e307), im: x < 0 ? -im : im };
  }
  if (x !== x) return { re: NaN, im: y === 0 ? y : NaN };
  if (y === 0) return { re: Infinity, im: x < 0 ? -y : y };
  return Number.isFinite(y) ? { re: Infinity * Math.cos(y), im: x * Math.sin(y) } : { re: Infinity, im: NaN };
}
// tanh(x + iy) = (sinh x cosh x + i sin y cos y) / (sinh^2 x + cos^2 y): no cancellation near the
// poles, where cosh 2x + cos 2y loses the digits (tan near pi/2).
function $ctanh(a) {
  const x = a.re, y = a.im;
  if (Math.abs(x) <= 354 && Number.isFinite(y)) {
    const s = Math.sin(y), c = Math.cos(y), sh = Math.sinh(x), d = sh * sh + c * c;
    return { re: sh * Math.cosh(x) / d, im: s * c / d };
  }
  return $ctanhEdge(x, y);
}
function $ctanhEdge(x, y) {
  if (x === Infinity || x === -Infinity) {
    // C99: ±1 + i 0 sin 2y; the sign of sin 2y is y's while |y| <= 1
    const twice = Number.isFinite(y) && Math.abs(y) > 1 ? Math.sin(y) * Math.cos(y) : y;
    return { re: x > 0 ? 1 : -1, im: $signbit(twice) ? -0 : 0 };
  }
  if (Number.isFinite(x) && Number.isFinite(y)) {
    const e = Math.exp(-Math.abs(x));
    return { re: x > 0 ? 1 : -1, im: 4 * Math.sin(y) * Math.cos(y) * e * e };
  }
  if (y === 0) return { re: x, im: y };
  return { re: x === 0 ? x : NaN, im: NaN };
}
function $ctan(a) { const t = $ctanh({ re: -a.im, im: a.re }); return { re: t.im, im: -t.re }; }
// log |z| + i arg z; near |z| = 1, log1p of |z|^2 - 1 computed without its cancellation, and
// |z| below the smallest normal or above the largest float scaled by 2^54 or 1/2.
function $clog(a) {
  const ax = Math.abs(a.re), ay = Math.abs(a.im), big = ax < ay ? ay : ax;
  let re;
  if (big >= 0.5 && big < 2) re = $clogNearOne(big, ax < ay ? ax : ay);
  else { const h = Math.hypot(a.re, a.im); re = h >= 2.2250738585072014e-308 && h < Infinity ? Math.log(h) : $clogEdge(a.re, a.im, h); }
  return { re, im: Math.atan2(a.im, a.re) };
}
function $clogEdge(x, y, h) {
  if (h === 0 || !Number.isFinite(x) || !Number.isFinite(y)) return Math.log(h);
  if (h < 1) return Math.log(Math.hypot(x * 18014398509481984, y * 18014398509481984)) - 37.42994775023705; // 54 ln 2
  return Math.log(Math.hypot(x * 0.5, y * 0.5)) + 0.6931471805599453;
}
// log |z| for 1/2 <= big < 2 (big >= small): log1p(big^2 + small^2 - 1) / 2 where that is near 0.
function $clogNearOne(big, small) {
  const eps = 2.220446049250313e-16;
  if (small !== small) return NaN;
  if (big === 1) return Math.log1p(small * small) / 2;
  if (big > 1) return Math.log1p((big - 1) * (big + 1) + (small >= eps ? small * small : 0)) / 2;
  if (small < eps / 2) return Math.log1p((big - 1) * (big + 1)) / 2;
  if (big * big + small * small >= 0.5) return Math.log1p($x2y2plus(big, small, -1)) / 2;
  return Math.log(Math.hypot(big, small));
}
// x^2 + y^2 + c for |x|, |y| < 5 and an exact c (-1 for log near |z| = 1, 2x for log1p) without
// the cancellation: the squares split exactly into sum and error (Dekker's product over Veltkamp's
// halves), the parts added with each addition's error kept (Knuth's TwoSum).
function $x2y2plus(x, y, c) {
  const sx = x * 134217729, hx = sx - (sx - x), lx = x - hx, px = x * x, ex = ((hx * hx - px) + 2 * hx * lx) + lx * lx;
  const sy = y * 134217729, hy = sy - (sy - y), ly = y - hy, py = y * y, ey = ((hy * hy - py) + 2 * hy * ly) + ly * ly;
  const s1 = px + c, b1 = s1 - px, e1 = (px - (s1 - b1)) + (c - b1);
  const s2 = s1 + py, b2 = s2 - s1, e2 = (s1 - (s2 - b2)) + (py - b2);
  return s2 + (e1 + e2 + ex + ey);
}
// log(1 + z). NumPy takes log(hypot(1 + x, y)) + i atan2(y, 1 + x), which loses the digits of a
// small z (1 + x rounds them away), of any 1 + z near the unit circle, and overflows for parts near
// the largest float; here the real part is log1p(2x + x^2 + y^2) / 2, the sum kept exact, where
// 1/2 <= |1 + z| < 4, and clog(1 + z)'s elsewhere (its scaling). Special values are NumPy's.
function $clog1p(a) {
  const x = a.re, y = a.im, u = 1 + x, h = Math.hypot(u, y);
  if (h >= 0.5 && h < 4) return { re: Math.log1p($x2y2plus(x, y, 2 * x)) / 2, im: Math.atan2(y, u) };
  return $clog({ re: u, im: y });
}
// NumPy's exp(z) - 1: (expm1 x cos y - 2 sin^2(y/2)) + i e^x sin y, nothing cancelling near 0, each
// step rounded by r (complex64: NumPy's float steps, whose overflow to inf it keeps).
function $cexpm1(a, r) {
  const x = a.re, y = a.im, h = r(Math.sin(r(y / 2)));
  return { re: r(r(r(Math.expm1(x)) * r(Math.cos(y))) - r(r(2 * h) * h)), im: r(r(Math.exp(x)) * r(Math.sin(y))) };
}
// NumPy's sinc: sin(w) / w for w = pi z (NumPy's complex product (pi + 0i) z), 1 where w is 0; each
// step rounded by r (complex64: pi and every step in float).
function $csinc(a, r) {
  const w = $cmulR({ re: r(Math.PI), im: 0 }, a, r);
  if (w.re === 0 && w.im === 0) return { re: 1, im: 0 };
  const s = $csin(w);
  return $cdivR({ re: r(s.re), im: r(s.im) }, w, r);
}
const $crint = (a) => ({ re: $rint(a.re), im: $rint(a.im) });
// sqrt: Re = sqrt((|x| + |z|) / 2), Im = y / (2 Re) (x < 0: the two swapped), so nothing cancels.
function $csqrt(a) {
  const x = a.re, y = a.im, ax = Math.abs(x), ay = Math.abs(y);
  if (ax <= 4.4942328371557893e307 && ay <= 4.4942328371557893e307 && (ax >= 4.450147717014403e-308 || ay >= 4.450147717014403e-308)) {
    const t = Math.sqrt((ax + Math.hypot(x, y)) * 0.5);
    return x >= 0 ? { re: t, im: y / (2 * t) } : { re: ay / (2 * t), im: $signbit(y) ? -t : t };
  }
  return $csqrtEdge(x, y);
}
// A part above max/4 (scaled by 1/4, the root by 2), both below 2 min (scaled by 2^54, the root by 2^-27), or not finite.
function $csqrtEdge(x, y) {
  if (y === Infinity || y === -Infinity) return { re: Infinity, im: y };
  if (x === Infinity) return { re: x, im: y !== y ? y : $signbit(y) ? -0 : 0 };
  if (x === -Infinity) return { re: y !== y ? y : 0, im: $signbit(y) ? -Infinity : Infinity };
  if (x !== x || y !== y) return { re: NaN, im: NaN };
  if (x === 0 && y === 0) return { re: 0, im: y };
  if (Math.abs(x) > 1 || Math.abs(y) > 1) {
    const xs = x * 0.25, ys = y * 0.25, t = Math.sqrt((Math.abs(xs) + Math.hypot(xs, ys)) * 0.5);
    return xs >= 0 ? { re: 2 * t, im: ys / t } : { re: Math.abs(ys) / t, im: $signbit(y) ? -2 * t : 2 * t };
  }
  const xs = x * 18014398509481984, ys = y * 18014398509481984, t = Math.sqrt((Math.abs(xs) + Math.hypot(xs, ys)) * 0.5), r = 7.450580596923828e-9;
  return xs >= 0 ? { re: t * r, im: ys / (2 * t) * r } : { re: Math.abs(ys) / (2 * t) * r, im: $signbit(y) ? -t * r : t * r };
}
const $cscale = (a, s) => ({ re: a.re * s, im: a.im * s });
const $id = (v) => v;
// Products and quotients with every step rounded by r: $id for complex128; Math.fround for complex64,
// whose loops NumPy computes in float (a float product is exact in a double, so rounding it once is
// the float operation).
const $cmulR = (a, b, r) => ({ re: r(r(a.re * b.re) - r(a.im * b.im)), im: r(r(a.re * b.im) + r(a.im * b.re)) });
function $cdivR(a, b, r) {
  const br = Math.abs(b.re), bi = Math.abs(b.im);
  if (br >= bi) {
    if (br === 0 && bi === 0) return { re: a.re / br, im: a.im / br };
    const rat = r(b.im / b.re), scl = r(1 / r(b.re + r(b.im * rat)));
    return { re: r(r(a.re + r(a.im * rat)) * scl), im: r(r(a.im - r(a.re * rat)) * scl) };
  }
  const rat = r(b.re / b.im), scl = r(1 / r(b.im + r(b.re * rat)));
  return { re: r(r(r(a.re * rat) + a.im) * scl), im: r(r(r(a.im * rat) - a.re) * scl) };
}
// C's complex product (C99 Annex G; GCC's __muldc3, which glibc's cpow uses for b log a): where the
// formula gives NaN + i NaN, an infinite factor is boxed (its parts to ±1 or 0, the other factor's
// NaNs to 0) and the product recomputed times infinity, or, where a partial product overflowed, the
// NaNs are taken as 0. (The signs of those zeros, C's copysign(0, x), change no result.)
function $cmulC99(a, b, r) {
  const z = $cmulR(a, b, r);
  if (z.re === z.re || z.im === z.im) return z;
  const inf = (v) => v === Infinity || v === -Infinity, box = (v) => (inf(v) ? ($signbit(v) ? -1 : 1) : 0);
  const nanTo0 = (v) => (v !== v ? 0 : v);
  let ar = a.re, ai = a.im, br = b.re, bi = b.im, again = false;
  if (inf(ar) || inf(ai)) { ar = box(ar); ai = box(ai); br = nanTo0(br); bi = nanTo0(bi); again = true; }
  if (inf(br) || inf(bi)) { br = box(br); bi = box(bi); ar = nanTo0(ar); ai = nanTo0(ai); again = true; }
  if (!again && (inf(a.re * b.re) || inf(a.im * b.im) || inf(a.re * b.im) || inf(a.im * b.re))) {
    ar = nanTo0(ar); ai = nanTo0(ai); br = nanTo0(br); bi = nanTo0(bi); again = true;
  }
  return again ? { re: Infinity * (ar * br - ai * bi), im: Infinity * (ar * bi + ai * br) } : z;
}
// NumPy's npy_cpow: z^0 = 1, 0^z = 0 where Re z > 0 (else NaN), an integer exponent below 100 by
// squaring (products rounded by r), any other cexp(b log a) as glibc's cpow computes it.
function $cpow(a, b, r) {
  if (b.re === 0 && b.im === 0) return { re: 1, im: 0 };
  if (a.re === 0 && a.im === 0) return b.re > 0 ? { re: 0, im: 0 } : { re: NaN, im: NaN };
  if (b.im === 0 && b.re > -100 && b.re < 100 && Number.isInteger(b.re)) return $cpowInt(a, b.re, r);
  const l = $clog(a);
  return $cexp($cmulC99(b, { re: r(l.re), im: r(l.im) }, r));
}
function $cpowInt(a, n, r) {
  if (n === 1) return a;
  if (n === 2) return $cmulR(a, a, r);
  if (n === 3) return $cmulR(a, $cmulR(a, a, r), r);
  let acc = { re: 1, im: 0 }, p = a;
  const m = Math.abs(n);
  for (let mask = 1; ; mask *= 2) {
    if (Math.floor(m / mask) % 2 === 1) acc = $cmulR(acc, p, r);
    if (m < mask * 2) break;
    p = $cmulR(p, p, r);
  }
  return n < 0 ? $cdivR({ re: 1, im: 0 }, acc, r) : acc;
}
`;
