// CUDA C complex elementary functions for the prelude, the twins of js-complex-math.ts (the same
// branches in the same order, so both backends give the same special values): exp, log, sqrt, the
// hyperbolic functions and, through them, the trigonometric ones, log1p, expm1, sinc, rint, and power. A finite input of
// moderate size takes the textbook formula; everything else (an overflowing factor, an infinite or
// NaN part, a log near |z| = 1) branches to a cp_*_edge function, kept out of line in the kernel.
// Special values are C99 Annex G's, with the signs of zeros and the NaN placement that NumPy gives.
// One macro makes both precisions; its constants per precision (float, double):
//   EXP_T     88, 709: e^x is finite below it; above, e^x is taken apart as e^EXP_T e^(x - EXP_T)
//   E_T       e^EXP_T rounded, and HALF_E_T its half (sinh and cosh of a large x are e^|x| / 2)
//   TANH_T    44, 354: sinh(x)^2 in tanh's denominator is finite up to it
//   EPS       the precision's epsilon, for log near |z| = 1
//   LOG_MIN   the smallest normal: a smaller |z| is scaled up by UP before its log (UP_LN = log UP)
//   ROOT_BIG, ROOT_SMALL: max / 4 and 2 * min, outside which sqrt scales by 1/4 or UP (the root by 2 or UP_ROOT)

export const CUDA_COMPLEX_MATH = String.raw`
#ifdef __CUDACC__
#define CP_DN static __device__ __noinline__
#else
#define CP_DN CP_D
#endif
// x^2 + y^2 + c for |x|, |y| < 5 and an exact c (-1 for log near |z| = 1, 2x for log1p) without
// the cancellation: double, the squares split into sum and exact error by fma, added with each
// addition's error kept (Knuth's TwoSum); float, in double, where the squares and c are exact.
CP_D double cp_x2y2plus(double x, double y, double c) {
  const double px = x * x, ex = fma(x, x, -px), py = y * y, ey = fma(y, y, -py);
  const double s1 = px + c, b1 = s1 - px, e1 = (px - (s1 - b1)) + (c - b1);
  const double s2 = s1 + py, b2 = s2 - s1, e2 = (s1 - (s2 - b2)) + (py - b2);
  return s2 + (e1 + e2 + ex + ey);
}
CP_D float cp_x2y2plus(float x, float y, float c) { const double dx = x, dy = y; return (float)((dx * dx + c) + dy * dy); }

#define CP_COMPLEX_MATH(C, T, S, EXP_T, E_T, HALF_E_T, TANH_T, EPS, LOG_MIN, UP, UP_LN, UP_ROOT, ROOT_BIG, ROOT_SMALL) \
  /* c e^x for x >= EXP_T, e^EXP_T (or its half: first) taken out first and again above 2 EXP_T */ \
  /* (each x - EXP_T exact), so that a product that fits is not lost to an inf * small */  \
  CP_D T cp_exp_times(T c, T x, T first) {                                                  \
    c *= first; x -= EXP_T;                                                                 \
    if (x > EXP_T) { c *= E_T; x -= EXP_T; }                                                \
    return c * exp##S(x);                                                                   \
  }                                                                                         \
  CP_DN C cp_cexp_edge(T x, T y, C z) {                                                     \
    if (y == 0) return cp_cmake(exp##S(x), y, z);                                           \
    if (isinf(x) && x > 0) return isfinite(y) ? cp_cmake(x * cos##S(y), x * sin##S(y), z) : cp_cmake(x, cp_nan(x), z); \
    if (isinf(x)) return cp_cmake((T)0, copysign##S((T)0, y), z); /* y is inf or NaN: a finite y took the formula */ \
    if (!isfinite(x) || !isfinite(y)) return cp_cmake(cp_nan(x), cp_nan(x), z);             \
    return cp_cmake(cp_exp_times(cos##S(y), x, E_T), cp_exp_times(sin##S(y), x, E_T), z);  \
  }                                                                                         \
  CP_D C cp_cexp(C a) {                                                                     \
    if (a.re < EXP_T && isfinite(a.im)) {                                                   \
      T s, c; sincos##S(a.im, &s, &c); const T e = exp##S(a.re);                            \
      return cp_cmake(e * c, e * s, a);                                                     \
    }                                                                                       \
    return cp_cexp_edge(a.re, a.im, a);                                                     \
  }                                                                                         \
  /* sinh x+iy = (sinh x cos y, cosh x sin y); sin z = (sin x cosh y, cos x sinh y) is -i sinh(iz) */ \
  /* but for inf + i inf, where C's csin gives NaN + i inf: inf_nan is sinh(±inf + i inf)'s real part */ \
  CP_DN C cp_csinh_edge(T x, T y, T inf_nan, C z) {                                         \
    if (isfinite(x)) {                                                                      \
      if (!isfinite(y)) return cp_cmake(x == 0 ? x : cp_nan(x), cp_nan(x), z);              \
      if (y == 0) return cp_cmake(sinh##S(x), y, z);                                        \
      const T re = cp_exp_times(cos##S(y), fabs##S(x), HALF_E_T);                           \
      return cp_cmake(x < 0 ? -re : re, cp_exp_times(sin##S(y), fabs##S(x), HALF_E_T), z);  \
    }                                                                                       \
    if (isnan(x)) return cp_cmake(cp_nan(x), y == 0 ? y : cp_nan(x), z);                    \
    if (y == 0) return cp_cmake(x, y, z);                                                   \
    return isfinite(y) ? cp_cmake(x * cos##S(y), cp_inf(x) * sin##S(y), z) : cp_cmake(inf_nan, cp_nan(x), z); \
  }                                                                                         \
  CP_D C cp_csinh(C a) {                                                                    \
    if (fabs##S(a.re) < EXP_T && isfinite(a.im)) {                                          \
      T s, c; sincos##S(a.im, &s, &c);                                                      \
      return cp_cmake(sinh##S(a.re) * c, cosh##S(a.re) * s, a);                             \
    }                                                                                       \
    return cp_csinh_edge(a.re, a.im, cp_inf(a.re), a);                                      \
  }                                                                                         \
  CP_D C cp_csin(C a) {                                                                     \
    if (fabs##S(a.im) < EXP_T && isfinite(a.re)) {                                          \
      T s, c; sincos##S(a.re, &s, &c);                                                      \
      return cp_cmake(s * cosh##S(a.im), c * sinh##S(a.im), a);                             \
    }                                                                                       \
    const C t = cp_csinh_edge(-a.im, a.re, -cp_inf(a.re), a);                               \
    return cp_cmake(t.im, -t.re, a);                                                        \
  }                                                                                         \
  /* cosh x+iy = (cosh x cos y, sinh x sin y); cos z = cosh(iz) = (cos x cosh y, -sin x sinh y) */ \
  CP_DN C cp_ccosh_edge(T x, T y, C z) {                                                    \
    if (isfinite(x)) {                                                                      \
      if (!isfinite(y)) return cp_cmake(cp_nan(x), x == 0 ? (T)0 : cp_nan(x), z);           \
      if (y == 0) return cp_cmake(cosh##S(x), x < 0 ? -y : y, z);                           \
      const T im = cp_exp_times(sin##S(y), fabs##S(x), HALF_E_T);                           \
      return cp_cmake(cp_exp_times(cos##S(y), fabs##S(x), HALF_E_T), x < 0 ? -im : im, z);  \
    }                                                                                       \
    if (isnan(x)) return cp_cmake(cp_nan(x), y == 0 ? y : cp_nan(x), z);                    \
    if (y == 0) return cp_cmake(cp_inf(x), x < 0 ? -y : y, z);                              \
    return isfinite(y) ? cp_cmake(cp_inf(x) * cos##S(y), x * sin##S(y), z) : cp_cmake(cp_inf(x), cp_nan(x), z); \
  }                                                                                         \
  CP_D C cp_ccosh(C a) {                                                                    \
    if (fabs##S(a.re) < EXP_T && isfinite(a.im)) {                                          \
      T s, c; sincos##S(a.im, &s, &c);                                                      \
      return cp_cmake(cosh##S(a.re) * c, sinh##S(a.re) * s, a);                             \
    }                                                                                       \
    return cp_ccosh_edge(a.re, a.im, a);                                                    \
  }                                                                                         \
  CP_D C cp_ccos(C a) {                                                                     \
    if (fabs##S(a.im) < EXP_T && isfinite(a.re)) {                                          \
      T s, c; sincos##S(a.re, &s, &c);                                                      \
      return cp_cmake(c * cosh##S(a.im), -(s * sinh##S(a.im)), a);                          \
    }                                                                                       \
    return cp_ccosh_edge(-a.im, a.re, a);                                                   \
  }                                                                                         \
  /* tanh x+iy = (sinh x cosh x + i sin y cos y) / (sinh^2 x + cos^2 y): nothing cancels near */ \
  /* the poles (cosh 2x + cos 2y loses the digits of tan near pi/2); tan z = -i tanh(iz) */ \
  CP_DN C cp_ctanh_edge(T x, T y, C z) {                                                    \
    T s, c;                                                                                 \
    if (isinf(x)) { /* C99: ±1 + i 0 sin 2y; sin 2y has y's sign while |y| <= 1 */         \
      T twice = y;                                                                          \
      if (isfinite(y) && fabs##S(y) > 1) { sincos##S(y, &s, &c); twice = s * c; }           \
      return cp_cmake(copysign##S((T)1, x), copysign##S((T)0, twice), z);                   \
    }                                                                                       \
    if (isfinite(x) && isfinite(y)) { /* |x| > TANH_T: ±1 + i 4 sin y cos y e^(-2|x|) */   \
      const T e = exp##S(-fabs##S(x));                                                      \
      sincos##S(y, &s, &c);                                                                 \
      return cp_cmake(copysign##S((T)1, x), 4 * s * c * e * e, z);                          \
    }                                                                                       \
    if (y == 0) return cp_cmake(x, y, z);                                                   \
    return cp_cmake(x == 0 ? x : cp_nan(x), cp_nan(x), z);                                  \
  }                                                                                         \
  CP_D C cp_ctanh(C a) {                                                                    \
    if (fabs##S(a.re) <= TANH_T && isfinite(a.im)) {                                        \
      T s, c; sincos##S(a.im, &s, &c);                                                      \
      const T sh = sinh##S(a.re), d = sh * sh + c * c;                                      \
      return cp_cmake(sh * cosh##S(a.re) / d, s * c / d, a);                                \
    }                                                                                       \
    return cp_ctanh_edge(a.re, a.im, a);                                                    \
  }                                                                                         \
  CP_D C cp_ctan(C a) { const C t = cp_ctanh(cp_cmake(-a.im, a.re, a)); return cp_cmake(t.im, -t.re, a); } \
  /* log |z| + i arg z: near |z| = 1 (1/2 <= big < 2), log1p(|z|^2 - 1) / 2 without the */  \
  /* cancellation; a |z| below LOG_MIN or above the largest float scaled first */          \
  CP_D T cp_clog_near_one(T big, T small) {                                                 \
    if (isnan(small)) return small;                                                         \
    if (big == 1) return log1p##S(small * small) / 2;                                       \
    if (big > 1) return log1p##S((big - 1) * (big + 1) + (small >= EPS ? small * small : (T)0)) / 2; \
    if (small < EPS / 2) return log1p##S((big - 1) * (big + 1)) / 2;                        \
    if (big * big + small * small >= (T)0.5) return log1p##S(cp_x2y2plus(big, small, (T)-1)) / 2; \
    return log##S(hypot##S(big, small));                                                    \
  }                                                                                         \
  CP_DN T cp_clog_edge(T x, T y, T h) {                                                     \
    if (h == 0 || !isfinite(x) || !isfinite(y)) return log##S(h);                          \
    if (h < 1) return log##S(hypot##S(x * UP, y * UP)) - UP_LN;                             \
    return log##S(hypot##S(x * (T)0.5, y * (T)0.5)) + (T)0.6931471805599453;                \
  }                                                                                         \
  CP_D C cp_clog(C a) {                                                                     \
    const T ax = fabs##S(a.re), ay = fabs##S(a.im), big = ax < ay ? ay : ax;                \
    T re;                                                                                   \
    if (big >= (T)0.5 && big < 2) re = cp_clog_near_one(big, ax < ay ? ax : ay);           \
    else {                                                                                  \
      const T h = hypot##S(a.re, a.im);                                                     \
      re = h >= LOG_MIN && h < cp_inf(h) ? log##S(h) : cp_clog_edge(a.re, a.im, h);         \
    }                                                                                       \
    return cp_cmake(re, atan2##S(a.im, a.re), a);                                           \
  }                                                                                         \
  /* sqrt: Re = sqrt((|x| + |z|) / 2), Im = y / (2 Re) (x < 0: the two swapped): nothing cancels */ \
  CP_DN C cp_csqrt_edge(T x, T y, C z) {                                                    \
    if (isinf(y)) return cp_cmake(cp_inf(x), y, z);                                         \
    if (isinf(x) && x > 0) return cp_cmake(x, isnan(y) ? y : copysign##S((T)0, y), z);      \
    if (isinf(x)) return cp_cmake(isnan(y) ? y : (T)0, copysign##S(cp_inf(x), y), z);       \
    if (isnan(x) || isnan(y)) return cp_cmake(cp_nan(x), cp_nan(x), z);                     \
    if (x == 0 && y == 0) return cp_cmake((T)0, y, z);                                      \
    if (fabs##S(x) > 1 || fabs##S(y) > 1) { /* above ROOT_BIG: z / 4, the root times 2 */   \
      const T xs = x * (T)0.25, ys = y * (T)0.25, t = sqrt##S((fabs##S(xs) + hypot##S(xs, ys)) * (T)0.5); \
      return xs >= 0 ? cp_cmake(2 * t, ys / t, z) : cp_cmake(fabs##S(ys) / t, copysign##S(2 * t, y), z); \
    }                                                                                       \
    /* both below ROOT_SMALL: z UP, the root times UP_ROOT (1 / sqrt UP) */                 \
    const T xs = x * UP, ys = y * UP, t = sqrt##S((fabs##S(xs) + hypot##S(xs, ys)) * (T)0.5); \
    if (xs >= 0) return cp_cmake(t * UP_ROOT, ys / (2 * t) * UP_ROOT, z);                   \
    return cp_cmake(fabs##S(ys) / (2 * t) * UP_ROOT, copysign##S(t * UP_ROOT, y), z);       \
  }                                                                                         \
  CP_D C cp_csqrt(C a) {                                                                    \
    const T ax = fabs##S(a.re), ay = fabs##S(a.im);                                         \
    if (ax <= ROOT_BIG && ay <= ROOT_BIG && (ax >= ROOT_SMALL || ay >= ROOT_SMALL)) {       \
      const T t = sqrt##S((ax + hypot##S(a.re, a.im)) * (T)0.5);                            \
      return a.re >= 0 ? cp_cmake(t, a.im / (2 * t), a) : cp_cmake(ay / (2 * t), copysign##S(t, a.im), a); \
    }                                                                                       \
    return cp_csqrt_edge(a.re, a.im, a);                                                    \
  }                                                                                         \
  /* log(1 + z): log1p(2x + x^2 + y^2) / 2 + i atan2(y, 1 + x) where 1/2 <= |1 + z| < 4, else */ \
  /* clog(1 + z); NumPy's log(hypot(1 + x, y)) loses a small z's digits (js-complex-math.ts) */ \
  CP_D C cp_clog1p(C a) {                                                                   \
    const T u = 1 + a.re, h = hypot##S(u, a.im);                                            \
    if (h >= (T)0.5 && h < 4) return cp_cmake(log1p##S(cp_x2y2plus(a.re, a.im, 2 * a.re)) / 2, atan2##S(a.im, u), a); \
    return cp_clog(cp_cmake(u, a.im, a));                                                   \
  }                                                                                         \
  /* NumPy's exp(z) - 1: (expm1 x cos y - 2 sin^2(y/2)) + i e^x sin y */                    \
  CP_D C cp_cexpm1(C a) {                                                                   \
    const T h = sin##S(a.im / 2);                                                           \
    return cp_cmake(expm1##S(a.re) * cos##S(a.im) - 2 * h * h, exp##S(a.re) * sin##S(a.im), a); \
  }                                                                                         \
  /* NumPy's sinc: sin(w) / w for w = (pi + 0i) z, 1 where w is 0 */                        \
  CP_D C cp_csinc(C a) {                                                                    \
    const C w = cp_cmul(cp_cmake((T)3.141592653589793, 0, a), a);                           \
    if (w.re == 0 && w.im == 0) return cp_cmake(1, 0, a);                                   \
    return cp_cdiv(cp_csin(w), w);                                                          \
  }                                                                                         \
  CP_D C cp_crint(C a) { return cp_cmake(rint##S(a.re), rint##S(a.im), a); }                \
  /* C's complex product (C99 Annex G; GCC's __muldc3, which glibc's cpow uses for b log a): where */ \
  /* the formula gives NaN + i NaN, an infinite factor is boxed (its parts to ±1 or 0, the other */ \
  /* factor's NaNs to 0) and the product recomputed times infinity, or, where a partial product */ \
  /* overflowed, the NaNs are taken as 0 */                                                 \
  CP_DN C cp_cmul_c99_edge(C a, C b) {                                                      \
    T ar = a.re, ai = a.im, br = b.re, bi = b.im;                                           \
    bool again = false;                                                                     \
    if (isinf(ar) || isinf(ai)) {                                                           \
      ar = isinf(ar) ? copysign##S((T)1, ar) : 0; ai = isinf(ai) ? copysign##S((T)1, ai) : 0; \
      br = isnan(br) ? 0 : br; bi = isnan(bi) ? 0 : bi; again = true;                       \
    }                                                                                       \
    if (isinf(br) || isinf(bi)) {                                                           \
      br = isinf(br) ? copysign##S((T)1, br) : 0; bi = isinf(bi) ? copysign##S((T)1, bi) : 0; \
      ar = isnan(ar) ? 0 : ar; ai = isnan(ai) ? 0 : ai; again = true;                       \
    }                                                                                       \
    if (!again && (isinf(a.re * b.re) || isinf(a.im * b.im) || isinf(a.re * b.im) || isinf(a.im * b.re))) { \
      ar = isnan(ar) ? 0 : ar; ai = isnan(ai) ? 0 : ai; br = isnan(br) ? 0 : br; bi = isnan(bi) ? 0 : bi; again = true; \
    }                                                                                       \
    if (!again) return cp_cmake(cp_nan(ar), cp_nan(ar), a);                                 \
    return cp_cmake(cp_inf(ar) * (ar * br - ai * bi), cp_inf(ar) * (ar * bi + ai * br), a); \
  }                                                                                         \
  CP_D C cp_cmul_c99(C a, C b) {                                                            \
    const C z = cp_cmul(a, b);                                                              \
    return isnan(z.re) && isnan(z.im) ? cp_cmul_c99_edge(a, b) : z;                         \
  }                                                                                         \
  /* a^n for an integer 0 < |n| < 100 by squaring, as NumPy does (in the loop's precision) */ \
  CP_DN C cp_cpow_int(C a, int n) {                                                         \
    if (n == 1) return a;                                                                   \
    if (n == 2) return cp_cmul(a, a);                                                       \
    if (n == 3) return cp_cmul(a, cp_cmul(a, a));                                           \
    C acc = cp_cmake(1, 0, a), p = a;                                                       \
    const int m = n < 0 ? -n : n;                                                           \
    for (int mask = 1;; mask <<= 1) {                                                       \
      if (m & mask) acc = cp_cmul(acc, p);                                                  \
      if (m < (mask << 1)) break;                                                           \
      p = cp_cmul(p, p);                                                                    \
    }                                                                                       \
    return n < 0 ? cp_cdiv(cp_cmake(1, 0, a), acc) : acc;                                   \
  }                                                                                         \
  /* NumPy's npy_cpow: z^0 = 1, 0^z = 0 where Re z > 0 (else NaN), an integer exponent below 100 */ \
  /* by squaring, any other exp(b log a) as glibc's cpow computes it */                     \
  CP_D C cp_cpow(C a, C b) {                                                                \
    if (b.re == 0 && b.im == 0) return cp_cmake(1, 0, a);                                   \
    if (a.re == 0 && a.im == 0) return b.re > 0 ? cp_cmake(0, 0, a) : cp_cmake(cp_nan(a.re), cp_nan(a.re), a); \
    if (b.im == 0 && b.re > -100 && b.re < 100 && b.re == (T)(int)b.re) return cp_cpow_int(a, (int)b.re); \
    return cp_cexp(cp_cmul_c99(b, cp_clog(a)));                                             \
  }
CP_COMPLEX_MATH(cp_c64, float, f, 88.0f, 1.6516363e38f, 8.2581813e37f, 44.0f, 1.1920929e-7f, 1.1754944e-38f,
                16777216.0f, 16.635532f, 0.000244140625f, 8.5070587e37f, 2.3509887e-38f)
CP_COMPLEX_MATH(cp_c128, double, , 709.0, 8.218407461554972e307, 4.109203730777486e307, 354.0, 2.220446049250313e-16,
                2.2250738585072014e-308, 18014398509481984.0, 37.42994775023705, 7.450580596923828e-9,
                4.4942328371557893e307, 4.450147717014403e-308)
`;
