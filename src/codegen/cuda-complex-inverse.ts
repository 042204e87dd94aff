// CUDA C inverse complex functions for the prelude, the twins of js-complex-inverse.ts (the same
// branches in the same order): arcsinh, arccosh, arctanh and, through them, arcsin, arccos and
// arctan, with npymath's algorithms (FreeBSD's catrig.c: Hull, Fairgrieve and Tang's arcsine) and
// the special values NumPy gives (glibc's casinh, cacos, catanh, ...). They are written once, in
// double: complex64 converts to complex128 and rounds the result once, as the CPU backend does.
// Its constants are explained in js-complex-inverse.ts.

export const CUDA_COMPLEX_INVERSE = String.raw`
#define CP_PIO2 1.5707963267948966
#define CP_RECIP_EPS 4503599627370496.0
// (hypot(a, b) - b) / 2 without its cancellation, h = hypot(a, b).
CP_D double cp_hull_f(double a, double b, double h) { return b < 0 ? (h - b) / 2 : b == 0 ? a / 2 : a * a / (h + b) / 2; }
// The hard part of arcsinh(x + iy) for 0 <= x, y < 1 / eps: its real part rx, and its imaginary
// part as asin(b) (usable) or atan2(y2, s), where A = (|z + i| + |z - i|) / 2, b = y / A and
// s = sqrt(A^2 - y^2) (y2 is y, both scaled up where s would underflow).
struct cp_asinh_parts { double rx, b, y2, s; bool usable; };
CP_DN cp_asinh_parts cp_casinh_hard(double x, double y) {
  const double eps = 2.220446049250313e-16, R = hypot(x, y + 1), S = hypot(x, y - 1);
  const double A = fmax((R + S) / 2, 1.0);
  cp_asinh_parts p;
  if (A >= 10) p.rx = log(A + sqrt(A * A - 1));
  else if (y == 1 && x < eps * eps / 128) p.rx = sqrt(x);
  else if (x >= eps * fabs(y - 1)) { const double am1 = cp_hull_f(x, 1 + y, R) + cp_hull_f(x, 1 - y, S); p.rx = log1p(am1 + sqrt(am1 * (A + 1))); }
  else if (y < 1) p.rx = x / sqrt((1 - y) * (1 + y));
  else p.rx = log1p((y - 1) + sqrt((y - 1) * (y + 1)));
  p.usable = false; p.b = 0; p.y2 = y; p.s = 0;
  if (y < 5.966672584960165e-154) { p.y2 = y * (2 / eps); p.s = A * (2 / eps); return p; }
  p.b = y / A;
  if (p.b <= 0.6417) { p.usable = true; return p; }
  if (y == 1 && x < eps / 128) p.s = sqrt(x) * sqrt((A + y) / 2);
  else if (x >= eps * fabs(y - 1)) p.s = sqrt((cp_hull_f(x, y + 1, R) + cp_hull_f(x, y - 1, S)) * (A + y));
  else if (y > 1) { p.s = x * (4 / eps / eps) * y / sqrt((y + 1) * (y - 1)); p.y2 = y * (4 / eps / eps); }
  else p.s = sqrt((1 - y) * (1 + y));
  return p;
}
// log(x + iy) for |z| > 1 / eps (or infinite) without overflow in |z|^2.
CP_DN cp_c128 cp_clog_large(double x, double y) {
  const double ax = fabs(x), ay = fabs(y), big = fmax(ax, ay), small = fmin(ax, ay);
  double re;
  if (big > 8.988465674311579e307) re = log(hypot(x / 2.718281828459045, y / 2.718281828459045)) + 1;
  else if (big > 3.3519519824856489e153 || small < 1.4916681462400413e-154) re = log(hypot(x, y));
  else re = log(big * big + small * small) / 2;
  return cp_cmake(re, atan2(y, x), cp_c128());
}
// glibc: arcsinh(±inf + i NaN) = ±inf + i NaN, (NaN ± i inf) = inf + i NaN, (NaN + i 0) = NaN + i 0.
CP_DN cp_c128 cp_casinh_nan(double x, double y) {
  if (isinf(x)) return cp_cmake(x, cp_nan(x), cp_c128());
  if (isinf(y)) return cp_cmake(cp_inf(x), cp_nan(x), cp_c128());
  return cp_cmake(cp_nan(x), y == 0 ? y : cp_nan(x), cp_c128());
}
CP_D cp_c128 cp_casinh(cp_c128 a) {
  const double x = a.re, y = a.im, ax = fabs(x), ay = fabs(y);
  if (isnan(x) || isnan(y)) return cp_casinh_nan(x, y);
  if (ax > CP_RECIP_EPS || ay > CP_RECIP_EPS) {
    const cp_c128 w = signbit(x) ? cp_clog_large(-x, -y) : cp_clog_large(x, y);
    return cp_cmake(copysign(w.re + 0.6931471805599453, x), copysign(w.im, y), a);
  }
  if ((x == 0 && y == 0) || (ax < 3.650024149988857e-8 / 4 && ay < 3.650024149988857e-8 / 4)) return a;
  const cp_asinh_parts h = cp_casinh_hard(ax, ay);
  return cp_cmake(copysign(h.rx, x), copysign(h.usable ? asin(h.b) : atan2(h.y2, h.s), y), a);
}
// arcsin z = -i arcsinh(iz), written as the swap of arcsinh(y + ix).
CP_D cp_c128 cp_casin(cp_c128 a) { const cp_c128 t = cp_casinh(cp_cmake(a.im, a.re, a)); return cp_cmake(t.im, t.re, a); }
CP_DN cp_c128 cp_cacos(cp_c128 a) {
  const double x = a.re, y = a.im, ax = fabs(x), ay = fabs(y);
  if (isnan(x) || isnan(y)) {
    if (isinf(x)) return cp_cmake(cp_nan(x), -cp_inf(x), a);
    if (isinf(y)) return cp_cmake(cp_nan(x), -y, a);
    return cp_cmake(x == 0 ? CP_PIO2 : cp_nan(x), cp_nan(x), a);
  }
  if (ax > CP_RECIP_EPS || ay > CP_RECIP_EPS) {
    const cp_c128 w = cp_clog_large(x, y);
    const double ry = w.re + 0.6931471805599453;
    return cp_cmake(fabs(w.im), signbit(y) ? ry : -ry, a);
  }
  if (x == 1 && y == 0) return cp_cmake(0.0, -y, a);
  if (ax < 3.650024149988857e-8 / 4 && ay < 3.650024149988857e-8 / 4) return cp_cmake(CP_PIO2 - (x - 6.123233995736766e-17), -y, a);
  const cp_asinh_parts h = cp_casinh_hard(ay, ax);
  const double rx = h.usable ? acos(signbit(x) ? -h.b : h.b) : atan2(h.s, signbit(x) ? -h.y2 : h.y2);
  return cp_cmake(rx, signbit(y) ? h.rx : -h.rx, a);
}
// arccosh z = ±i arccos z, the sign making the real part >= 0 (glibc: arccosh(±0 + i NaN) = NaN + i pi/2).
CP_D cp_c128 cp_cacosh(cp_c128 a) {
  const cp_c128 w = cp_cacos(a);
  if (isnan(w.re) && isnan(w.im)) return w;
  if (isnan(w.re)) return cp_cmake(fabs(w.im), w.re, a);
  if (isnan(w.im)) return cp_cmake(w.im, w.re, a);
  return cp_cmake(fabs(w.im), copysign(w.re, a.im), a);
}
// x / (x^2 + y^2) for |z| > 1 / eps, scaled by a power of 2 so that the squares neither overflow nor underflow.
CP_DN double cp_real_part_reciprocal(double x, double y) {
  if (isinf(x)) return 1 / x;
  if (isinf(y)) return x / y / y;
  const double s = ldexp(1.0, -(int)rint(log2(fmax(fabs(x), fabs(y))))), xs = x * s, ys = y * s;
  return xs / (xs * xs + ys * ys) * s;
}
CP_DN cp_c128 cp_catanh(cp_c128 a) {
  const double x = a.re, y = a.im, ax = fabs(x), ay = fabs(y), eps = 2.220446049250313e-16;
  if (y == 0 && ax <= 1) return cp_cmake(atanh(x), y, a);
  if (x == 0) return cp_cmake(x, atan(y), a);
  if (isnan(x) || isnan(y)) {
    if (isinf(x)) return cp_cmake(copysign(0.0, x), cp_nan(x), a);
    if (isinf(y)) return cp_cmake(copysign(0.0, x), copysign(CP_PIO2, y), a);
    return cp_cmake(cp_nan(x), cp_nan(x), a);
  }
  if (ax > CP_RECIP_EPS || ay > CP_RECIP_EPS) return cp_cmake(cp_real_part_reciprocal(x, y), copysign(CP_PIO2, y), a);
  if (ax < 2.580956827951785e-8 / 2 && ay < 2.580956827951785e-8 / 2) return a;
  const double ym = ax - 1;
  const double rx = ax == 1 && ay < eps ? (0.6931471805599453 - log(ay)) / 2
    : log1p(4 * ax / (ay < 1.4916681462400413e-154 ? ym * ym : ym * ym + ay * ay)) / 4;
  const double ry = ax == 1 ? atan2(2.0, -ay) / 2 : ay < eps ? atan2(2 * ay, (1 - ax) * (1 + ax)) / 2
    : atan2(2 * ay, (1 - ax) * (1 + ax) - ay * ay) / 2;
  return cp_cmake(copysign(rx, x), copysign(ry, y), a);
}
// arctan z = -i arctanh(iz), written as the swap of arctanh(y + ix).
CP_D cp_c128 cp_catan(cp_c128 a) { const cp_c128 t = cp_catanh(cp_cmake(a.im, a.re, a)); return cp_cmake(t.im, t.re, a); }
// complex64: in double, rounded once
CP_D cp_c64 cp_casinh(cp_c64 a) { return cp_to_c64(cp_casinh(cp_to_c128(a))); }
CP_D cp_c64 cp_casin(cp_c64 a) { return cp_to_c64(cp_casin(cp_to_c128(a))); }
CP_D cp_c64 cp_cacos(cp_c64 a) { return cp_to_c64(cp_cacos(cp_to_c128(a))); }
CP_D cp_c64 cp_cacosh(cp_c64 a) { return cp_to_c64(cp_cacosh(cp_to_c128(a))); }
CP_D cp_c64 cp_catanh(cp_c64 a) { return cp_to_c64(cp_catanh(cp_to_c128(a))); }
CP_D cp_c64 cp_catan(cp_c64 a) { return cp_to_c64(cp_catan(cp_to_c128(a))); }
`;
