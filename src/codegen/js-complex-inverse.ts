// JavaScript inverse complex functions for the CPU kernels, the twins of cuda-complex-inverse.ts
// (the same branches in the same order): arcsinh, arccosh, arctanh and, through them, arcsin,
// arccos and arctan. The algorithms are those of NumPy's npymath (FreeBSD's catrig.c: Hull, Fairgrieve
// and Tang's arcsine, with Kahan's branch cuts), accurate near 0 and near the branch points ±1 and ±i;
// the special values (±0, ±inf and NaN parts) are those NumPy gives, whose complex loops call the C
// library's casinh, cacos, catanh, ... (glibc). Complex64 computes in float64 and is rounded once by $c64.
// Constants: 4503599627370496 is 1 / eps (above it, log |z| alone decides), 3.650024149988857e-8 is
// sqrt(6 eps) and 2.580956827951785e-8 sqrt(3 eps) (below a quarter and a half of them, z is its own
// arcsinh and arctanh), 5.966672584960165e-154 is 4 sqrt(min), 1.4916681462400413e-154 sqrt(min),
// 3.3519519824856489e153 sqrt(max) / 4.

export const JS_COMPLEX_INVERSE = String.raw`
const $PIO2 = 1.5707963267948966;
// (hypot(a, b) - b) / 2 without its cancellation, h = hypot(a, b).
const $hullF = (a, b, h) => (b < 0 ? (h - b) / 2 : b === 0 ? a / 2 : a * a / (h + b) / 2);
// The hard part of arcsinh(x + iy) for 0 <= x, y < 1 / eps: its real part rx, and its imaginary
// part as asin(b) (usable) or atan2(y2, s), where A = (|z + i| + |z - i|) / 2, b = y / A and s =
// sqrt(A^2 - y^2) (y2 is y, both scaled up where s would underflow).
function $casinhHard(x, y) {
  const eps = 2.220446049250313e-16, R = Math.hypot(x, y + 1), S = Math.hypot(x, y - 1);
  const A = Math.max((R + S) / 2, 1);
  let rx;
  if (A >= 10) rx = Math.log(A + Math.sqrt(A * A - 1));
  else if (y === 1 && x < eps * eps / 128) rx = Math.sqrt(x);
  else if (x >= eps * Math.abs(y - 1)) { const am1 = $hullF(x, 1 + y, R) + $hullF(x, 1 - y, S); rx = Math.log1p(am1 + Math.sqrt(am1 * (A + 1))); }
  else if (y < 1) rx = x / Math.sqrt((1 - y) * (1 + y));
  else rx = Math.log1p((y - 1) + Math.sqrt((y - 1) * (y + 1)));
  if (y < 5.966672584960165e-154) return { rx, usable: false, b: 0, y2: y * (2 / eps), s: A * (2 / eps) };
  const b = y / A;
  if (b <= 0.6417) return { rx, usable: true, b, y2: y, s: 0 };
  let y2 = y, s;
  if (y === 1 && x < eps / 128) s = Math.sqrt(x) * Math.sqrt((A + y) / 2);
  else if (x >= eps * Math.abs(y - 1)) s = Math.sqrt(($hullF(x, y + 1, R) + $hullF(x, y - 1, S)) * (A + y));
  else if (y > 1) { s = x * (4 / eps / eps) * y / Math.sqrt((y + 1) * (y - 1)); y2 = y * (4 / eps / eps); }
  else s = Math.sqrt((1 - y) * (1 + y));
  return { rx, usable: false, b, y2, s };
}
// log(x + iy) for |z| > 1 / eps (or infinite) without overflow in |z|^2.
function $clogLarge(x, y) {
  const ax = Math.abs(x), ay = Math.abs(y), big = Math.max(ax, ay), small = Math.min(ax, ay);
  let re;
  if (big > 8.988465674311579e307) re = Math.log(Math.hypot(x / Math.E, y / Math.E)) + 1;
  else if (big > 3.3519519824856489e153 || small < 1.4916681462400413e-154) re = Math.log(Math.hypot(x, y));
  else re = Math.log(big * big + small * small) / 2;
  return { re, im: Math.atan2(y, x) };
}
function $casinh(a) {
  const x = a.re, y = a.im, ax = Math.abs(x), ay = Math.abs(y);
  if (x !== x || y !== y) return $casinhNaN(x, y);
  if (ax > 4503599627370496 || ay > 4503599627370496) {
    const w = $signbit(x) ? $clogLarge(-x, -y) : $clogLarge(x, y);
    return { re: $copysign(w.re + 0.6931471805599453, x), im: $copysign(w.im, y) };
  }
  if ((x === 0 && y === 0) || (ax < 3.650024149988857e-8 / 4 && ay < 3.650024149988857e-8 / 4)) return a;
  const h = $casinhHard(ax, ay);
  return { re: $copysign(h.rx, x), im: $copysign(h.usable ? Math.asin(h.b) : Math.atan2(h.y2, h.s), y) };
}
// glibc: arcsinh(±inf + i NaN) = ±inf + i NaN, (NaN ± i inf) = inf + i NaN, (NaN + i 0) = NaN + i 0.
function $casinhNaN(x, y) {
  if (x === Infinity || x === -Infinity) return { re: x, im: NaN };
  if (y === Infinity || y === -Infinity) return { re: Infinity, im: NaN };
  return { re: NaN, im: y === 0 ? y : NaN };
}
// arcsin z = -i arcsinh(iz), written as the swap of arcsinh(y + ix).
function $casin(a) { const t = $casinh({ re: a.im, im: a.re }); return { re: t.im, im: t.re }; }
function $cacos(a) {
  const x = a.re, y = a.im, ax = Math.abs(x), ay = Math.abs(y);
  if (x !== x || y !== y) {
    if (x === Infinity || x === -Infinity) return { re: NaN, im: -Infinity };
    if (y === Infinity || y === -Infinity) return { re: NaN, im: -y };
    return x === 0 ? { re: $PIO2, im: NaN } : { re: NaN, im: NaN };
  }
  if (ax > 4503599627370496 || ay > 4503599627370496) {
    const w = $clogLarge(x, y), ry = w.re + 0.6931471805599453;
    return { re: Math.abs(w.im), im: $signbit(y) ? ry : -ry };
  }
  if (x === 1 && y === 0) return { re: 0, im: -y };
  if (ax < 3.650024149988857e-8 / 4 && ay < 3.650024149988857e-8 / 4) return { re: $PIO2 - (x - 6.123233995736766e-17), im: -y };
  const h = $casinhHard(ay, ax);
  const rx = h.usable ? Math.acos($signbit(x) ? -h.b : h.b) : Math.atan2(h.s, $signbit(x) ? -h.y2 : h.y2);
  return { re: rx, im: $signbit(y) ? h.rx : -h.rx };
}
// arccosh z = ±i arccos z, the sign making the real part >= 0 (glibc: arccosh(±0 + i NaN) = NaN + i pi/2).
function $cacosh(a) {
  const w = $cacos(a);
  if (w.re !== w.re && w.im !== w.im) return w;
  if (w.re !== w.re) return { re: Math.abs(w.im), im: w.re };
  if (w.im !== w.im) return { re: w.im, im: w.re };
  return { re: Math.abs(w.im), im: $copysign(w.re, a.im) };
}
// x / (x^2 + y^2) for |z| > 1 / eps, scaled by a power of 2 so that the squares neither overflow nor underflow.
function $realPartReciprocal(x, y) {
  if (x === Infinity || x === -Infinity) return 1 / x;
  if (y === Infinity || y === -Infinity) return x / y / y;
  const s = 2 ** -Math.round(Math.log2(Math.max(Math.abs(x), Math.abs(y)))), xs = x * s, ys = y * s;
  return xs / (xs * xs + ys * ys) * s;
}
function $catanh(a) {
  const x = a.re, y = a.im, ax = Math.abs(x), ay = Math.abs(y), eps = 2.220446049250313e-16;
  if (y === 0 && ax <= 1) return { re: Math.atanh(x), im: y };
  if (x === 0) return { re: x, im: Math.atan(y) };
  if (x !== x || y !== y) {
    if (x === Infinity || x === -Infinity) return { re: $copysign(0, x), im: NaN };
    if (y === Infinity || y === -Infinity) return { re: $copysign(0, x), im: $copysign($PIO2, y) };
    return { re: NaN, im: NaN };
  }
  if (ax > 4503599627370496 || ay > 4503599627370496) return { re: $realPartReciprocal(x, y), im: $copysign($PIO2, y) };
  if (ax < 2.580956827951785e-8 / 2 && ay < 2.580956827951785e-8 / 2) return a;
  const ym = ax - 1, rx = ax === 1 && ay < eps ? (0.6931471805599453 - Math.log(ay)) / 2
    : Math.log1p(4 * ax / (ay < 1.4916681462400413e-154 ? ym * ym : ym * ym + ay * ay)) / 4;
  const ry = ax === 1 ? Math.atan2(2, -ay) / 2 : ay < eps ? Math.atan2(2 * ay, (1 - ax) * (1 + ax)) / 2
    : Math.atan2(2 * ay, (1 - ax) * (1 + ax) - ay * ay) / 2;
  return { re: $copysign(rx, x), im: $copysign(ry, y) };
}
// arctan z = -i arctanh(iz), written as the swap of arctanh(y + ix).
function $catan(a) { const t = $catanh({ re: a.im, im: a.re }); return { re: t.im, im: t.re }; }
`;
