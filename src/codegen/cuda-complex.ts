// CUDA C complex numbers for the prelude (no cuComplex.h or <complex>, so NVRTC needs no toolkit
// headers): a struct per precision, cp_c64 {float re, im} and cp_c128 {double re, im}, laid out as
// the interleaved (re, im) pairs of the buffers, and overloaded functions with NumPy's arithmetic
// (its Smith division, lexicographic ordering with NaN rules, cpow's integer powers, sign = z/|z|).
// The JavaScript twins are in js-complex.ts; ops.ts names them per op.

export const CUDA_COMPLEX_PRELUDE = String.raw`
struct __align__(8) cp_c64 { float re, im; };
struct __align__(16) cp_c128 { double re, im; };
CP_D float cp_nan(float) { return __int_as_float(0x7fc00000); }
CP_D double cp_nan(double) { return __longlong_as_double(0x7ff8000000000000ll); }
CP_D float cp_inf(float) { return __int_as_float(0x7f800000); }
CP_D double cp_inf(double) { return __longlong_as_double(0x7ff0000000000000ll); }
// Conversions: a real value becomes (x, 0); a complex keeps both parts.
template <typename T> CP_D cp_c64 cp_to_c64(T x) { cp_c64 r; r.re = (float)x; r.im = 0.0f; return r; }
template <typename T> CP_D cp_c128 cp_to_c128(T x) { cp_c128 r; r.re = (double)x; r.im = 0.0; return r; }
CP_D cp_c64 cp_to_c64(cp_c64 x) { return x; }
CP_D cp_c64 cp_to_c64(cp_c128 x) { cp_c64 r; r.re = (float)x.re; r.im = (float)x.im; return r; }
CP_D cp_c128 cp_to_c128(cp_c128 x) { return x; }
CP_D cp_c128 cp_to_c128(cp_c64 x) { cp_c128 r; r.re = x.re; r.im = x.im; return r; }
// What works on a complex value part by part: warp shuffles (the reductions' xor and from lane 0;
// the scans' up by d and from a lane) and the scans' look-back reads and writes of volatile status.
#define CP_COMPLEX_BY_PARTS(C)                                                              \
  CP_D C cp_shfl_xor(C v, int d) { v.re = __shfl_xor_sync(0xffffffffu, v.re, d); v.im = __shfl_xor_sync(0xffffffffu, v.im, d); return v; } \
  CP_D C cp_shfl_up(C v, unsigned d, int w) { v.re = __shfl_up_sync(0xffffffffu, v.re, d, w); v.im = __shfl_up_sync(0xffffffffu, v.im, d, w); return v; } \
  CP_D C cp_shfl_idx(C v, int l, int w) { v.re = __shfl_sync(0xffffffffu, v.re, l, w); v.im = __shfl_sync(0xffffffffu, v.im, l, w); return v; } \
  CP_D C cp_shfl_first(C v, int w) { return cp_shfl_idx(v, 0, w); }                       \
  CP_D void cp_vstore(volatile C* p, C v) { p->re = v.re; p->im = v.im; }                  \
  CP_D C cp_vload(const volatile C* p) { C r; r.re = p->re; r.im = p->im; return r; }
CP_COMPLEX_BY_PARTS(cp_c64)
CP_COMPLEX_BY_PARTS(cp_c128)

#define CP_COMPLEX_OPS(C, T, S)                                                             \
  CP_D C cp_cmake(T re, T im, C) { C r; r.re = re; r.im = im; return r; }                   \
  CP_D C cp_cadd(C a, C b) { return cp_cmake(a.re + b.re, a.im + b.im, a); }                \
  CP_D C cp_csub(C a, C b) { return cp_cmake(a.re - b.re, a.im - b.im, a); }                \
  CP_D C cp_cmul(C a, C b) { return cp_cmake(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re, a); } \
  CP_D C cp_cdiv(C a, C b) {                                                                \
    const T br = fabs##S(b.re), bi = fabs##S(b.im);                                         \
    if (br >= bi) {                                                                         \
      if (br == 0 && bi == 0) return cp_cmake(a.re / br, a.im / br, a);                     \
      const T rat = b.im / b.re, scl = (T)1.0 / (b.re + b.im * rat);                        \
      return cp_cmake((a.re + a.im * rat) * scl, (a.im - a.re * rat) * scl, a);             \
    }                                                                                       \
    const T rat = b.re / b.im, scl = (T)1.0 / (b.im + b.re * rat);                          \
    return cp_cmake((a.re * rat + a.im) * scl, (a.im * rat - a.re) * scl, a);               \
  }                                                                                         \
  CP_D C cp_cneg(C a) { return cp_cmake(-a.re, -a.im, a); }                                \
  CP_D C cp_cconj(C a) { return cp_cmake(a.re, -a.im, a); }                                 \
  CP_D T cp_cabs(C a) { return hypot##S(a.re, a.im); }                                      \
  CP_D T cp_cangle(C a) { return atan2##S(a.im, a.re); }                                    \
  CP_D C cp_creciprocal(C a) {                                                              \
    if (fabs##S(a.im) <= fabs##S(a.re)) {                                                   \
      const T r = a.im / a.re, d = a.re + a.im * r;                                         \
      return cp_cmake((T)1.0 / d, -r / d, a);                                               \
    }                                                                                       \
    const T r = a.re / a.im, d = a.re * r + a.im;                                           \
    return cp_cmake(r / d, (T)-1.0 / d, a);                                                 \
  }                                                                                         \
  CP_D C cp_csign(C a) { /* NumPy 2: z / |z|, an infinite part first, NaN, then zero */     \
    if (isinf(a.re)) return isinf(a.im) ? cp_cmake(cp_nan((T)0), cp_nan((T)0), a) : cp_cmake(a.re > 0 ? 1 : -1, 0, a); \
    if (isinf(a.im)) return cp_cmake(0, a.im > 0 ? 1 : -1, a);                              \
    if (isnan(a.re) || isnan(a.im)) return cp_cmake(cp_nan((T)0), cp_nan((T)0), a);         \
    if (a.re == 0 && a.im == 0) return cp_cmake(0, 0, a);                                   \
    const T m = hypot##S(a.re, a.im);                                                       \
    return cp_cmake(a.re / m, a.im / m, a);                                                 \
  }                                                                                         \
  CP_D bool cp_ceq(C a, C b) { return a.re == b.re && a.im == b.im; }                       \
  CP_D bool cp_cne(C a, C b) { return a.re != b.re || a.im != b.im; }                       \
  CP_D bool cp_clt(C a, C b) { return (a.re < b.re && !isnan(a.im) && !isnan(b.im)) || (a.re == b.re && a.im < b.im); } \
  CP_D bool cp_cle(C a, C b) { return (a.re < b.re && !isnan(a.im) && !isnan(b.im)) || (a.re == b.re && a.im <= b.im); } \
  CP_D bool cp_cgt(C a, C b) { return (a.re > b.re && !isnan(a.im) && !isnan(b.im)) || (a.re == b.re && a.im > b.im); } \
  CP_D bool cp_cge(C a, C b) { return (a.re > b.re && !isnan(a.im) && !isnan(b.im)) || (a.re == b.re && a.im >= b.im); } \
  CP_D bool cp_cisnan(C a) { return isnan(a.re) || isnan(a.im); }                          \
  CP_D bool cp_cmaximum_first(C a, C b) { return cp_cisnan(a) || cp_cge(a, b); }           \
  CP_D bool cp_cminimum_first(C a, C b) { return cp_cisnan(a) || cp_cle(a, b); }           \
  CP_D bool cp_cfmax_first(C a, C b) { return cp_cisnan(b) || cp_cge(a, b); }              \
  CP_D bool cp_cfmin_first(C a, C b) { return cp_cisnan(b) || cp_cle(a, b); }              \
  CP_D C cp_cexp(C a) { /* C99's special values (NumPy's npy_cexp) */                     \
    if (a.im == 0) return cp_cmake(exp##S(a.re), a.im, a);                                  \
    if (isinf(a.re) && !isfinite(a.im)) return a.re > 0 ? cp_cmake(a.re, a.im - a.im, a) : cp_cmake(0, 0, a); \
    const T e = exp##S(a.re);                                                               \
    return cp_cmake(e * cos##S(a.im), e * sin##S(a.im), a);                                 \
  }                                                                                         \
  CP_D C cp_clog(C a) { return cp_cmake(log##S(hypot##S(a.re, a.im)), atan2##S(a.im, a.re), a); } \
  CP_D C cp_csqrt(C a) {                                                                    \
    if (a.re == 0 && a.im == 0) return cp_cmake(0, a.im, a);                                \
    if (isinf(a.im)) return cp_cmake(cp_inf((T)0), a.im, a);                                    \
    if (isnan(a.re)) return cp_cmake(a.re, (a.im - a.im), a);                               \
    if (isinf(a.re)) {                                                                      \
      if (a.re > 0) return cp_cmake(a.re, isnan(a.im) ? a.im : copysign##S((T)0, a.im), a);    \
      return cp_cmake(isnan(a.im) ? fabs##S(a.im - a.im) : 0, copysign##S(cp_inf((T)0), a.im), a); \
    }                                                                                       \
    const T t = sqrt##S((fabs##S(a.re) + hypot##S(a.re, a.im)) * (T)0.5);                   \
    if (a.re >= 0) return cp_cmake(t, a.im / (2 * t), a);                                   \
    return cp_cmake(fabs##S(a.im) / (2 * t), copysign##S(t, a.im), a);                      \
  }                                                                                         \
  CP_D C cp_cscale(C a, T s) { return cp_cmake(a.re * s, a.im * s, a); }                   \
  CP_D C cp_csin(C a) { return cp_cmake(sin##S(a.re) * cosh##S(a.im), cos##S(a.re) * sinh##S(a.im), a); } \
  CP_D C cp_ccos(C a) { return cp_cmake(cos##S(a.re) * cosh##S(a.im), -(sin##S(a.re) * sinh##S(a.im)), a); } \
  CP_D C cp_csinh(C a) { return cp_cmake(sinh##S(a.re) * cos##S(a.im), cosh##S(a.re) * sin##S(a.im), a); } \
  CP_D C cp_ccosh(C a) { return cp_cmake(cosh##S(a.re) * cos##S(a.im), sinh##S(a.re) * sin##S(a.im), a); } \
  CP_D C cp_ctanh(C a) {                                                                    \
    if (fabs##S(a.re) > (T)20) return cp_cmake(copysign##S((T)1, a.re), 4 * sin##S(a.im) * cos##S(a.im) * exp##S(-2 * fabs##S(a.re)), a); \
    const T d = cosh##S(2 * a.re) + cos##S(2 * a.im);                                       \
    return cp_cmake(sinh##S(2 * a.re) / d, sin##S(2 * a.im) / d, a);                        \
  }                                                                                         \
  CP_D C cp_ctan(C a) { const C t = cp_ctanh(cp_cmake(-a.im, a.re, a)); return cp_cmake(t.im, -t.re, a); } \
  CP_D C cp_cpow(C a, C b) {                                                                \
    if (b.re == 0 && b.im == 0) return cp_cmake(1, 0, a);                                   \
    if (a.re == 0 && a.im == 0) return b.re > 0 ? cp_cmake(0, 0, a) : cp_cmake(cp_nan((T)0), cp_nan((T)0), a); \
    if (b.im == 0 && b.re == (T)(long long)b.re && fabs##S(b.re) < 100) {                   \
      long long n = (long long)b.re;                                                        \
      if (n == 1) return a;                                                                 \
      if (n == 2) return cp_cmul(a, a);                                                     \
      if (n == 3) return cp_cmul(a, cp_cmul(a, a));                                         \
      C acc = cp_cmake(1, 0, a), p = a;                                                     \
      long long m = n < 0 ? -n : n;                                                         \
      for (long long mask = 1;; mask <<= 1) {                                               \
        if (m & mask) acc = cp_cmul(acc, p);                                                \
        if (m < (mask << 1)) break;                                                         \
        p = cp_cmul(p, p);                                                                  \
      }                                                                                     \
      return n < 0 ? cp_cdiv(cp_cmake(1, 0, a), acc) : acc;                                 \
    }                                                                                       \
    return cp_cexp(cp_cmul(b, cp_clog(a)));                                                 \
  }
CP_COMPLEX_OPS(cp_c64, float, f)
CP_COMPLEX_OPS(cp_c128, double, )
`;
