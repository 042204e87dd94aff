// CUDA C for counter-based random draws (part of every kernel's prelude): Philox4x32-10 and the
// element-to-words mapping of src/ir/random.ts. Element i reads Philox block i / E at position
// i % E (E = 4 or 2 elements per block), so a kernel computes any element independently; the
// vector path computes each block once for the E neighbouring elements a thread writes. Same
// results as js-random.ts, bit for bit, except the last digits of normal draws (float32: the
// hardware lg2, sqrt and sincos below against JS's double-precision Math, within 4e-6 (1 + |z|)).
export const CUDA_RANDOM_PRELUDE = String.raw`
struct cp_u4 { unsigned int x, y, z, w; };
CP_D cp_u4 cp_philox(unsigned long long block, unsigned int c2, unsigned int c3, unsigned int k0, unsigned int k1) {
  unsigned int c0 = (unsigned int)block, c1 = (unsigned int)(block >> 32);
  #pragma unroll
  for (int r = 0; r < 10; ++r) {
    const unsigned int hi0 = __umulhi(0xD2511F53u, c0), lo0 = 0xD2511F53u * c0;
    const unsigned int hi1 = __umulhi(0xCD9E8D57u, c2), lo1 = 0xCD9E8D57u * c2;
    c0 = hi1 ^ c1 ^ k0; c1 = lo1; c2 = hi0 ^ c3 ^ k1; c3 = lo0;
    k0 += 0x9E3779B9u; k1 += 0xBB67AE85u;
  }
  cp_u4 r = {c0, c1, c2, c3};
  return r;
}
// Element values from their Philox block r and their position j in it (j = i mod elements per block).
CP_D float cp_rand_uniform_f32(cp_u4 r, unsigned int j) {
  const unsigned int w = j == 0 ? r.x : j == 1 ? r.y : j == 2 ? r.z : r.w;
  return (float)(w >> 8) * 5.9604644775390625e-8f;
}
CP_D double cp_rand_uniform_f64(cp_u4 r, unsigned int j) {
  const unsigned int h = j ? r.z : r.x, l = j ? r.w : r.y;
  return ((double)(h >> 5) * 67108864.0 + (double)(l >> 6)) * 1.1102230246251565e-16;
}
// The Box-Muller radius sqrt(-2 ln u1) of a float32 normal pair, u1 = ((a >> 8) + 1) / 2^24 in
// (0, 1]. Near 1 (u1 > 15/16) -2 ln u1 = -2 ln(1 - w) comes from its series in w = 1 - u1 (exact),
// seven terms (truncation below 1e-8 relative; +0 at u1 = 1); elsewhere from the hardware
// lg2.approx, whose absolute error (~1.4e-7 in log2 units) would be large against the small
// logarithms near 1. The root is sqrt.approx (relative error ~2^-23). Both are .ftz: u1 >= 2^-24
// and -2 ln u1 are never subnormal. Checked over all 2^24 values of u1 on the H100
// (test/gpu/normal-radius.test.ts): within 5.5e-7 relative of float64 (7.4 ulp at worst, ~1 on
// average; the precise logf and sqrtf: 9.6e-8), where logf and sqrtf took a third of the draw's
// time (bench/RESULTS.md, issue 7).
CP_D float cp_lg2_approx(float x) { float r; asm("lg2.approx.ftz.f32 %0, %1;" : "=f"(r) : "f"(x)); return r; }
CP_D float cp_sqrt_approx(float x) { float r; asm("sqrt.approx.ftz.f32 %0, %1;" : "=f"(r) : "f"(x)); return r; }
CP_D float cp_normal_radius(unsigned int a) {
  const float u1 = (float)((a >> 8) + 1u) * 5.9604644775390625e-8f;
  const float w = 1.0f - u1;
  const float near1 = w * fmaf(w, fmaf(w, fmaf(w, fmaf(w, fmaf(w, fmaf(w, 0.285714286f, 0.333333333f), 0.4f), 0.5f), 0.666666667f), 1.0f), 2.0f);
  return cp_sqrt_approx(w < 0.0625f ? near1 : -1.38629436111989061f * cp_lg2_approx(u1));
}
// Both normals of one Box-Muller transform: words a (radius) and b (angle 2*pi*u2, u2 = (b >> 8) /
// 2^24). As curand does, the hardware __sincosf (abs. error below 2^-21.4 on [-pi, pi]) of the
// angle moved into that range, 2*pi*u2 - pi, whose sine and cosine are the negated ones; the
// angle is one fma of b >> 8 with 2*pi/2^24 (a power-of-two scaling of 2*pi, so the same value
// as 2*pi*u2 - pi).
CP_D float2 cp_normal_pair(unsigned int a, unsigned int b) {
  const float rad = cp_normal_radius(a);
  float s, c;
  __sincosf(fmaf((float)(b >> 8), 3.74507028e-07f, -3.14159265358979323846f), &s, &c);
  return make_float2(-rad * c, -rad * s);
}
CP_D float cp_rand_normal_f32(cp_u4 r, unsigned int j) {
  const float2 z = cp_normal_pair((j & 2) ? r.z : r.x, (j & 2) ? r.w : r.y);
  return (j & 1) ? z.y : z.x;
}
// Both normals of pair q (elements 2q and 2q + 1 of the block): one log, root and sincos for two.
CP_D float2 cp_rand_normal_pair_f32(cp_u4 r, unsigned int q) { return cp_normal_pair(q ? r.z : r.x, q ? r.w : r.y); }
CP_D double cp_rand_normal_f64(cp_u4 r, unsigned int j) {
  const double u1 = ((double)(r.x >> 5) * 67108864.0 + (double)(r.y >> 6) + 1.0) * 1.1102230246251565e-16;
  const double u2 = ((double)(r.z >> 5) * 67108864.0 + (double)(r.w >> 6)) * 1.1102230246251565e-16;
  const double rad = sqrt(-2.0 * log(u1));
  double s, c;
  sincospi(2.0 * u2, &s, &c);
  return rad * (j ? s : c);
}
// floor(x * (span + 1) / 2^64) for the 64-bit word pair x at position j: an offset in [0, span].
CP_D unsigned long long cp_rand_offset(cp_u4 r, unsigned int j, unsigned int span_lo, unsigned int span_hi) {
  const unsigned long long x = ((unsigned long long)(j ? r.z : r.x) << 32) | (j ? r.w : r.y);
  const unsigned long long span = ((unsigned long long)span_hi << 32) | span_lo;
  const unsigned long long lo = x * span;
  return __umul64hi(x, span) + (lo + x < lo ? 1ull : 0ull);
}
`;
