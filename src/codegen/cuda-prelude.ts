// CUDA C helpers every generated kernel includes: float16 conversion through PTX (no
// cuda_fp16.h, so NVRTC needs no toolkit headers), vector load types, and the integer and
// floating-point functions whose NumPy semantics C lacks (floor division, remainder, shifts...).
// Overloads cover int, unsigned, long long, unsigned long long, float and double; narrower
// integer types promote to int and are wrapped back by the caller. Random draws: cuda-random.ts;
// complex numbers: cuda-complex.ts; cp.special's float64 gammaln, digamma and erfc: cuda-special.ts.
import { CUDA_COMPLEX_PRELUDE } from './cuda-complex.js';
import { CUDA_RANDOM_PRELUDE } from './cuda-random.js';
import { CUDA_SPECIAL_PRELUDE } from './cuda-special.js';
import { I0_A, I0_B } from './i0-coefficients.js';

export const CUDA_PRELUDE = String.raw`
#define CP_D static __device__ __forceinline__
CP_D float cp_h2f(unsigned short h) { float f; asm("cvt.f32.f16 %0, %1;" : "=f"(f) : "h"(h)); return f; }
CP_D unsigned short cp_f2h(float f) { unsigned short h; asm("cvt.rn.f16.f32 %0, %1;" : "=h"(h) : "f"(f)); return h; }
CP_D unsigned short cp_d2h(double d) { unsigned short h; asm("cvt.rn.f16.f64 %0, %1;" : "=h"(h) : "d"(d)); return h; }
CP_D float cp_rh(float f) { return cp_h2f(cp_f2h(f)); }
// A float as uint64 (NumPy's unsafe cast): a negative value wraps through int64, as on the CPU and NumPy on
// x86 (cast(-2.0) is 2^64 - 2); a direct conversion clamps it to 0 on the GPU.
CP_D unsigned long long cp_f2u64(double x) { return x < 0.0 ? (unsigned long long)(long long)x : (unsigned long long)x; }
template <typename T, int N> struct __align__(sizeof(T) * N) cp_vec { T v[N]; };
// Warp butterfly exchange for reductions, for every compute type (narrow ints go through int).
#define CP_SHFL(T, V) CP_D T cp_shfl_xor(T v, int d) { return (T)__shfl_xor_sync(0xffffffffu, (V)v, d); }
CP_SHFL(bool, int) CP_SHFL(signed char, int) CP_SHFL(short, int) CP_SHFL(int, int)
CP_SHFL(unsigned char, unsigned int) CP_SHFL(unsigned short, unsigned int) CP_SHFL(unsigned int, unsigned int)
CP_SHFL(long long, long long) CP_SHFL(unsigned long long, unsigned long long) CP_SHFL(float, float) CP_SHFL(double, double)

#define CP_INT_OPS(T, U, BITS)                                                              \
  CP_D T cp_floor_divide(T a, T b) {                                                        \
    if (b == 0) return 0;                                                                   \
    if (b == (T)-1) return (T)(0 - (U)a);                                                   \
    T q = a / b;                                                                            \
    return (q * b != a && ((a < 0) != (b < 0))) ? q - 1 : q;                                \
  }                                                                                         \
  CP_D T cp_remainder(T a, T b) {                                                           \
    if (b == 0 || b == (T)-1) return 0;                                                     \
    T r = a % b;                                                                            \
    return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;                                    \
  }                                                                                         \
  CP_D T cp_fmod(T a, T b) { return (b == 0 || b == (T)-1) ? 0 : a % b; }                   \
  CP_D T cp_abs(T a) { return a < 0 ? (T)(0 - (U)a) : a; }                                  \
  CP_D T cp_sign(T a) { return (T)((a > 0) - (a < 0)); }                                    \
  CP_D T cp_reciprocal(T a) { return a == 0 ? 0 : (T)(1 / a); }                             \
  CP_D T cp_power(T a, T b) {                                                               \
    if (b < 0) return a == 1 ? 1 : (a == (T)-1 ? ((b & 1) ? (T)-1 : 1) : 0);                \
    U r = 1, x = (U)a;                                                                      \
    while (b) { if (b & 1) r *= x; x *= x; b >>= 1; }                                       \
    return (T)r;                                                                            \
  }                                                                                         \
  CP_D T cp_left_shift(T a, T b) { return (b < 0 || b >= BITS) ? 0 : (T)((U)a << b); }      \
  CP_D T cp_right_shift(T a, T b) { return (b < 0 || b >= BITS) ? (a < 0 ? (T)-1 : 0) : a >> b; } \
  CP_D T cp_gcd(T a, T b) {                                                                 \
    U x = a < 0 ? 0 - (U)a : (U)a, y = b < 0 ? 0 - (U)b : (U)b;                             \
    while (y) { U r = x % y; x = y; y = r; }                                                \
    return (T)x;                                                                            \
  }                                                                                         \
  CP_D T cp_lcm(T a, T b) {                                                                 \
    const U g = (U)cp_gcd(a, b), x = a < 0 ? 0 - (U)a : (U)a, y = b < 0 ? 0 - (U)b : (U)b;  \
    return g == 0 ? 0 : (T)(x / g * y);                                                     \
  }

#define CP_UINT_OPS(T, BITS)                                                                \
  CP_D T cp_floor_divide(T a, T b) { return b == 0 ? 0 : a / b; }                           \
  CP_D T cp_remainder(T a, T b) { return b == 0 ? 0 : a % b; }                              \
  CP_D T cp_fmod(T a, T b) { return b == 0 ? 0 : a % b; }                                   \
  CP_D T cp_sign(T a) { return a > 0 ? 1 : 0; }                                             \
  CP_D T cp_reciprocal(T a) { return a == 0 ? 0 : 1 / a; }                                  \
  CP_D T cp_power(T a, T b) {                                                               \
    T r = 1;                                                                                \
    while (b) { if (b & 1) r *= a; a *= a; b >>= 1; }                                       \
    return r;                                                                               \
  }                                                                                         \
  CP_D T cp_left_shift(T a, T b) { return b >= BITS ? 0 : a << b; }                         \
  CP_D T cp_right_shift(T a, T b) { return b >= BITS ? 0 : a >> b; }                       \
  CP_D T cp_gcd(T a, T b) { while (b) { T r = a % b; a = b; b = r; } return a; }            \
  CP_D T cp_lcm(T a, T b) { T g = cp_gcd(a, b); return g == 0 ? 0 : a / g * b; }

CP_INT_OPS(int, unsigned int, 32)
CP_INT_OPS(long long, unsigned long long, 64)
CP_UINT_OPS(unsigned int, 32)
CP_UINT_OPS(unsigned long long, 64)

// NumPy's npy_divmod: floor division and remainder of floats, exactly as NumPy computes them.
#define CP_FLOAT_OPS(F, FMOD, FLOOR, COPYSIGN)                                              \
  CP_D F cp_divmod(F a, F b, F* mod_out) {                                                  \
    F mod = FMOD(a, b);                                                                     \
    F div = (a - mod) / b;                                                                  \
    if (mod) { if ((b < 0) != (mod < 0)) { mod += b; div -= 1; } }                          \
    else { mod = COPYSIGN((F)0, b); }                                                       \
    F floordiv;                                                                             \
    if (div) { floordiv = FLOOR(div); if (div - floordiv > (F)0.5) floordiv += 1; }         \
    else { floordiv = COPYSIGN((F)0, a / b); }                                              \
    *mod_out = mod;                                                                         \
    return floordiv;                                                                        \
  }                                                                                         \
  CP_D F cp_floor_divide(F a, F b) { if (b == 0) return a / b; F m; return cp_divmod(a, b, &m); } \
  CP_D F cp_remainder(F a, F b) { if (b == 0) return FMOD(a, b); F m; cp_divmod(a, b, &m); return m; } \
  CP_D F cp_fmod(F a, F b) { return FMOD(a, b); }                                           \
  CP_D F cp_sign(F a) { return a > 0 ? (F)1 : (a < 0 ? (F)-1 : (a == 0 ? (F)0 : a)); }

CP_FLOAT_OPS(float, fmodf, floorf, copysignf)
CP_FLOAT_OPS(double, fmod, floor, copysign)

// NumPy's float functions that C lacks or defines otherwise (npy_logaddexp, npy_heaviside, ...),
// and SciPy's expit and logit, for float (float16 and float32 loops) and double. S is the C
// function suffix (f or nothing), INF the type's infinity. frexp's exponent of inf and NaN is 0.
#define CP_FLOAT_MATH(F, S, INF)                                                            \
  CP_D F cp_logaddexp(F x, F y) {                                                           \
    if (x == y) return x + (F)0.6931471805599453;                                           \
    const F d = x - y;                                                                      \
    if (d > 0) return x + log1p##S(exp##S(-d));                                             \
    if (d <= 0) return y + log1p##S(exp##S(d));                                             \
    return d;                                                                               \
  }                                                                                         \
  CP_D F cp_logaddexp2(F x, F y) {                                                          \
    if (x == y) return x + 1;                                                               \
    const F d = x - y;                                                                      \
    if (d > 0) return x + (F)1.4426950408889634 * log1p##S(exp2##S(-d));                    \
    if (d <= 0) return y + (F)1.4426950408889634 * log1p##S(exp2##S(d));                    \
    return d;                                                                               \
  }                                                                                         \
  CP_D F cp_heaviside(F x, F h0) { return x < 0 ? (F)0 : x > 0 ? (F)1 : x == 0 ? h0 : x; }  \
  CP_D F cp_ldexp(F x, F e) { return ldexp##S(x, e > 100000 ? 100000 : e < -100000 ? -100000 : (int)e); } \
  CP_D F cp_frexp_mantissa(F x) { int e; return frexp##S(x, &e); }                          \
  CP_D int cp_frexp_exponent(F x) { int e = 0; frexp##S(x, &e); return isfinite(x) ? e : 0; } \
  CP_D F cp_modf_fraction(F x) { F i; return modf##S(x, &i); }                              \
  CP_D F cp_spacing(F x) {                                                                  \
    if (!isfinite(x)) return x - x;                                                         \
    return x == 0 ? nextafter##S((F)0, INF) : nextafter##S(x, x > 0 ? INF : -INF) - x;      \
  }                                                                                         \
  CP_D F cp_expit(F x) { return 1 / (1 + exp##S(-x)); }                                     \
  CP_D F cp_logit(F x) {                                                                    \
    if (x < (F)0.3 || x > (F)0.65) return log##S(x / (1 - x));                              \
    const F s = 2 * (x - (F)0.5);                                                           \
    return log1p##S(s) - log1p##S(-s);                                                      \
  }

CP_FLOAT_MATH(float, f, __int_as_float(0x7f800000))
CP_FLOAT_MATH(double, , __longlong_as_double(0x7ff0000000000000ll))

// float16 nextafter and spacing step through float16's own bits (a float16 value is exact in float).
// 65536 is beyond the largest float16, so stepping toward it is stepping up.
CP_D float cp_nextafter_h(float x, float y) {
  if (x != x || y != y) return x + y;
  if (x == y) return x;
  if (x == 0) return cp_h2f(y > 0 ? 0x0001 : 0x8001);
  const unsigned short h = cp_f2h(x);
  return cp_h2f((x < y) == (x > 0) ? h + 1 : h - 1);
}
// NumPy's float16 spacing is the step up, also for negative x (unlike float32 and float64's).
CP_D float cp_spacing_h(float x) { return isfinite(x) ? cp_nextafter_h(x, 65536.0f) - x : x - x; }

// NumPy's sinc: sin(pi x) / (pi x) with pi x rounded to the loop's float (1 where it is 0).
CP_D float cp_sinc_16(float x) { const float y = cp_rh(3.140625f * x); return y == 0 ? 1.0f : cp_rh(sinf(y)) / y; }
CP_D float cp_sinc_32(float x) { const float y = 3.14159265358979323846f * x; return y == 0 ? 1.0f : sinf(y) / y; }
CP_D double cp_sinc_64(double x) { const double y = 3.14159265358979323846 * x; return y == 0 ? 1.0 : sin(y) / y; }

// NumPy's i0 (Clenshaw's Chebyshev series, NumPy's coefficients: src/codegen/i0-coefficients.ts).
__constant__ double cp_i0_a[${I0_A.length}] = { ${I0_A.join(', ')} };
__constant__ double cp_i0_b[${I0_B.length}] = { ${I0_B.join(', ')} };
CP_D double cp_chbevl(double x, const double* c, int n) {
  double b0 = c[0], b1 = 0, b2 = 0;
  for (int i = 1; i < n; i++) { b2 = b1; b1 = b0; b0 = x * b1 - b2 + c[i]; }
  return 0.5 * (b0 - b2);
}
CP_D double cp_i0(double x) {
  x = fabs(x);
  return x <= 8 ? exp(x) * cp_chbevl(x / 2 - 2, cp_i0_a, ${I0_A.length}) : exp(x) * cp_chbevl(32 / x - 2, cp_i0_b, ${I0_B.length}) / sqrt(x);
}

// n / d for 0 <= n < 2^31 and 1 <= d < 2^31 without a division: (umulhi(n, m) + n) >> s with the
// host's magic m and shift s for d (src/codegen/cuda.ts divMagic; PyTorch's IntDivider).
CP_D int cp_div_magic(int n, unsigned int m, unsigned int s) {
  return (int)((__umulhi((unsigned int)n, m) + (unsigned int)n) >> s);
}
// Advanced indexing: an index wrapped from the end and checked against its axis; out of range
// gives -1 and records the first failing site in the error flag (read back by the runner).
CP_D long long cp_index(long long i, long long n, int site, int* err) {
  if (i < 0) i += n;
  if (i < 0 || i >= n) { atomicCAS(err, 0, site); return -1; }
  return i;
}
// Scatter-add (add.at): hardware atomics where they exist, a 32-bit compare-and-swap loop on the
// enclosing aligned word for 8- and 16-bit elements and float16, and a 64-bit one for double
// before sm_60 (which has no atomicAdd on double; the loop is the CUDA Programming Guide's).
CP_D void cp_atomic_add(float* p, float v) { atomicAdd(p, v); }
#if __CUDA_ARCH__ >= 600
CP_D void cp_atomic_add(double* p, double v) { atomicAdd(p, v); }
#else
CP_D void cp_atomic_add(double* p, double v) {
  unsigned long long* word = (unsigned long long*)p;
  unsigned long long old = *word, assumed;
  do {
    assumed = old;
    old = atomicCAS(word, assumed, (unsigned long long)__double_as_longlong(v + __longlong_as_double((long long)assumed)));
  } while (old != assumed);
}
#endif
CP_D void cp_atomic_add(int* p, int v) { atomicAdd(p, v); }
CP_D void cp_atomic_add(unsigned int* p, unsigned int v) { atomicAdd(p, v); }
CP_D void cp_atomic_add(unsigned long long* p, unsigned long long v) { atomicAdd(p, v); }
CP_D void cp_atomic_add(long long* p, long long v) { atomicAdd((unsigned long long*)p, (unsigned long long)v); }
// NEXT(b) computes the new bits of the element from its current bits b (an unsigned int).
#define CP_ATOMIC_WORD(T, P, NEXT)                                                          \
  {                                                                                         \
    unsigned int* word = (unsigned int*)((unsigned long long)(P) & ~3ull);                  \
    const unsigned int shift = (unsigned int)((unsigned long long)(P) & 3ull) * 8u;         \
    const unsigned int mask = (sizeof(T) == 1 ? 0xffu : 0xffffu) << shift;                  \
    unsigned int old = *word, assumed;                                                      \
    do {                                                                                    \
      assumed = old;                                                                        \
      const unsigned int b = (assumed & mask) >> shift;                                     \
      const unsigned int bits = (NEXT);                                                     \
      old = atomicCAS(word, assumed, (assumed & ~mask) | ((bits << shift) & mask));         \
    } while (old != assumed);                                                               \
  }
CP_D void cp_atomic_add(signed char* p, signed char v) CP_ATOMIC_WORD(signed char, p, (unsigned int)(unsigned char)(signed char)((signed char)b + v))
CP_D void cp_atomic_add(unsigned char* p, unsigned char v) CP_ATOMIC_WORD(unsigned char, p, (unsigned int)(unsigned char)(b + v))
CP_D void cp_atomic_add(short* p, short v) CP_ATOMIC_WORD(short, p, (unsigned int)(unsigned short)(short)((short)b + v))
CP_D void cp_atomic_add(unsigned short* p, unsigned short v) CP_ATOMIC_WORD(unsigned short, p, (unsigned int)(unsigned short)(b + v))
CP_D void cp_atomic_add_f16(unsigned short* p, float v) CP_ATOMIC_WORD(unsigned short, p, (unsigned int)cp_f2h(cp_h2f((unsigned short)b) + v))
` + CUDA_SPECIAL_PRELUDE + CUDA_COMPLEX_PRELUDE + CUDA_RANDOM_PRELUDE;
