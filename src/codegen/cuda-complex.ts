// CUDA C complex numbers for the prelude (no cuComplex.h or <complex>, so NVRTC needs no toolkit
// headers): a struct per precision, cp_c64 {float re, im} and cp_c128 {double re, im}, laid out as
// the interleaved (re, im) pairs of the buffers, and overloaded functions with NumPy's arithmetic
// (its Smith division, lexicographic ordering with NaN rules, sign = z/|z|); exp, log, sqrt, the
// trigonometric and hyperbolic functions and power are in cuda-complex-math.ts, their inverses in
// cuda-complex-inverse.ts.
// The JavaScript twins are in js-complex.ts; ops.ts names them per op.

import { CUDA_COMPLEX_INVERSE } from './cuda-complex-inverse.js';
import { CUDA_COMPLEX_MATH } from './cuda-complex-math.js';

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
  CP_D C cp_cscale(C a, T s) { return cp_cmake(a.re * s, a.im * s, a); }
CP_COMPLEX_OPS(cp_c64, float, f)
CP_COMPLEX_OPS(cp_c128, double, )
` + CUDA_COMPLEX_MATH + CUDA_COMPLEX_INVERSE;
