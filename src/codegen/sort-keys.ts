// Sort keys in generated CUDA C: every dtype's stored value mapped to unsigned bits whose unsigned
// order is NumPy's sort order. Signed integers flip the sign bit; floats flip every bit of a
// negative value and the sign bit of a positive one; -0 and +0 map to one key (NumPy keeps them
// in their original order), and every NaN to the largest key (sorted last, in their original order).
import type { DType } from '../ir/dtype.js';

/** The C type of a dtype's key: 64 bits for 8-byte dtypes, else 32. */
export function keyType(d: DType): string {
  return d.itemsize === 8 ? 'unsigned long long' : 'unsigned int';
}

/** The name of the key function of dtype `d` (SORT_KEY_PRELUDE defines one per dtype). */
export function keyFunction(d: DType): string {
  return `cp_sort_key_${d.name}`;
}

/**
 * The word a radix sort carries for stored value `v` of dtype `d` (in the key's C type): a float's
 * bits (its key maps -0 and +0, and every NaN, to one key: the bits keep the value), else its key.
 * All ones pads a tile: the largest key of every dtype (a float's all-ones bits are a NaN).
 */
export function radixWord(d: DType, v: string): string {
  if (d.name === 'float32') return `__float_as_uint(${v})`;
  if (d.name === 'float64') return `(unsigned long long)__double_as_longlong(${v})`;
  if (d.name === 'float16') return `(unsigned int)(${v})`;
  return `${keyFunction(d)}(${v})`;
}

/**
 * The sort key of radix word `w` (see radixWord): the key of a float's bits, else the word.
 * `flat`: a float's key with selects instead of branches (the same key), for a loop that maps
 * several loaded keys in a row (the radix histogram), where a branch between two keys keeps the
 * compiler from issuing their loads together. The onesweep keeps the branches: under ptxas 13
 * (sm_90) its ranking spilled 148 bytes with selects against 28 with branches.
 */
export function radixWordKey(d: DType, w: string, flat = false): string {
  const suffix = flat ? '_flat' : '';
  if (d.name === 'float32' || d.name === 'float64') return `${keyFunction(d)}_bits${suffix}(${w})`;
  if (d.name === 'float16') return `cp_sort_key_float16${suffix}((unsigned short)(${w}))`;
  return w;
}

/** The stored value of radix word `w` (the inverse of radixWord). */
export function radixWordValue(d: DType, w: string): string {
  if (d.name === 'float32') return `__uint_as_float((unsigned int)(${w}))`;
  if (d.name === 'float64') return `__longlong_as_double((long long)(${w}))`;
  if (d.name === 'float16') return `(unsigned short)(${w})`;
  if (d.name === 'bool') return `(${w} != 0u)`;
  if (d.kind === 'u') return `(${d.cType})(${w})`;
  const sign = d.itemsize === 8 ? '0x8000000000000000ull' : `0x${(2 ** (8 * d.itemsize - 1)).toString(16)}u`;
  return `(${d.cType})(${w} ^ ${sign})`;
}

/**
 * The key functions of every dtype and the pair order, once per translation unit (the include
 * guard lets the NVRTC batch check of the tests put many kernels in one source).
 */
export const SORT_KEY_PRELUDE = String.raw`
#ifndef CP_SORT_KEYS
#define CP_SORT_KEYS
CP_D unsigned int cp_sort_key_bool(bool x) { return x ? 1u : 0u; }
CP_D unsigned int cp_sort_key_uint8(unsigned char x) { return x; }
CP_D unsigned int cp_sort_key_uint16(unsigned short x) { return x; }
CP_D unsigned int cp_sort_key_uint32(unsigned int x) { return x; }
CP_D unsigned long long cp_sort_key_uint64(unsigned long long x) { return x; }
CP_D unsigned int cp_sort_key_int8(signed char x) { return (unsigned int)(unsigned char)x ^ 0x80u; }
CP_D unsigned int cp_sort_key_int16(short x) { return (unsigned int)(unsigned short)x ^ 0x8000u; }
CP_D unsigned int cp_sort_key_int32(int x) { return (unsigned int)x ^ 0x80000000u; }
CP_D unsigned long long cp_sort_key_int64(long long x) { return (unsigned long long)x ^ 0x8000000000000000ull; }
CP_D unsigned int cp_sort_key_float16(unsigned short x) {
  const unsigned int h = x, a = h & 0x7fffu;
  if (a > 0x7c00u) return 0xffffffffu;
  if (a == 0u) return 0x8000u;
  return (h & 0x8000u) ? (~h & 0xffffu) : (h | 0x8000u);
}
CP_D unsigned int cp_sort_key_float32_bits(unsigned int u) {
  const unsigned int a = u & 0x7fffffffu;
  if (a > 0x7f800000u) return 0xffffffffu;
  if (a == 0u) return 0x80000000u;
  return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
}
CP_D unsigned int cp_sort_key_float32(float x) { return cp_sort_key_float32_bits(__float_as_uint(x)); }
CP_D unsigned long long cp_sort_key_float64_bits(unsigned long long u) {
  const unsigned long long a = u & 0x7fffffffffffffffull;
  if (a > 0x7ff0000000000000ull) return 0xffffffffffffffffull;
  if (a == 0ull) return 0x8000000000000000ull;
  return (u & 0x8000000000000000ull) ? ~u : (u | 0x8000000000000000ull);
}
// The same keys with selects (radixWordKey's flat).
CP_D unsigned int cp_sort_key_float16_flat(unsigned short x) {
  const unsigned int h = x, a = h & 0x7fffu;
  const unsigned int k = a == 0u ? 0x8000u : h ^ ((h & 0x8000u) ? 0xffffu : 0x8000u);
  return a > 0x7c00u ? 0xffffffffu : k;
}
CP_D unsigned int cp_sort_key_float32_bits_flat(unsigned int u) {
  const unsigned int a = u & 0x7fffffffu;
  const unsigned int k = a == 0u ? 0x80000000u : u ^ ((unsigned int)((int)u >> 31) | 0x80000000u);
  return a > 0x7f800000u ? 0xffffffffu : k;
}
CP_D unsigned long long cp_sort_key_float64_bits_flat(unsigned long long u) {
  const unsigned long long a = u & 0x7fffffffffffffffull;
  const unsigned long long k = a == 0ull ? 0x8000000000000000ull : u ^ ((unsigned long long)((long long)u >> 63) | 0x8000000000000000ull);
  return a > 0x7ff0000000000000ull ? 0xffffffffffffffffull : k;
}
CP_D unsigned long long cp_sort_key_float64(double x) { return cp_sort_key_float64_bits((unsigned long long)__double_as_longlong(x)); }
// (key, position) pairs are unique along a line: this order is strict and total.
template <typename K, typename P> CP_D bool cp_pair_less(K a, P pa, K b, P pb) {
  return a < b || (a == b && pa < pb);
}
#endif
`;
