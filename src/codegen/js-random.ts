// JavaScript for counter-based random draws (part of every CPU kernel's prelude): Philox4x32-10
// with 32-bit arithmetic on JS numbers (Math.imul for the low word, the high word from 16-bit
// halves of the constant multiplier, exact in doubles), and the element-to-words mapping of
// src/ir/random.ts. The loop runs over consecutive indices, so each step keeps its last Philox
// block in a small cache and computes a block once per 1, 2 or 4 elements. Bit for bit the same
// as cuda-random.ts, except the last ulps of normal draws.
export const JS_RANDOM_PRELUDE = String.raw`
const { sin: $sine, cos: $cosine } = Math; // other names than the kernels' own Math calls
function $mulhi32(a, b) {
  const b1 = Math.floor(b / 65536), b0 = b - b1 * 65536;
  return Math.floor((a * b1 + Math.floor((a * b0) / 65536)) / 65536) >>> 0;
}
function $philoxBlock(cache, block, k0, k1, c2, c3) {
  if (cache.block === block) return cache.w;
  let c0 = block >>> 0, c1 = Math.floor(block / 4294967296) >>> 0;
  for (let r = 0; r < 10; r++) {
    const hi0 = $mulhi32(c0, 0xD2511F53), lo0 = Math.imul(0xD2511F53, c0) >>> 0;
    const hi1 = $mulhi32(c2, 0xCD9E8D57), lo1 = Math.imul(0xCD9E8D57, c2) >>> 0;
    c0 = (hi1 ^ c1 ^ k0) >>> 0; c1 = lo1; c2 = (hi0 ^ c3 ^ k1) >>> 0; c3 = lo0;
    k0 = (k0 + 0x9E3779B9) >>> 0; k1 = (k1 + 0xBB67AE85) >>> 0;
  }
  const w = cache.w;
  w[0] = c0; w[1] = c1; w[2] = c2; w[3] = c3;
  cache.block = block;
  return w;
}
function $randCache() { return { block: -1, w: new Uint32Array(4) }; }
function $randUniformF32(i, k0, k1, c2, c3, cache) {
  const w = $philoxBlock(cache, Math.floor(i / 4), k0, k1, c2, c3);
  return (w[i % 4] >>> 8) * 5.9604644775390625e-8;
}
function $randUniformF64(i, k0, k1, c2, c3, cache) {
  const w = $philoxBlock(cache, Math.floor(i / 2), k0, k1, c2, c3), j = (i % 2) * 2;
  return ((w[j] >>> 5) * 67108864 + (w[j + 1] >>> 6)) * 1.1102230246251565e-16;
}
function $randNormalF32(i, k0, k1, c2, c3, cache) {
  const w = $philoxBlock(cache, Math.floor(i / 4), k0, k1, c2, c3), j = (Math.floor(i / 2) % 2) * 2;
  const u1 = ((w[j] >>> 8) + 1) * 5.9604644775390625e-8, u2 = (w[j + 1] >>> 8) * 5.9604644775390625e-8;
  const rad = Math.sqrt(-2 * Math.log(u1)) + 0; // + 0: a radius of +0 at u1 = 1, as the GPU's
  return Math.fround(rad * (i % 2 ? $sine(2 * Math.PI * u2) : $cosine(2 * Math.PI * u2)));
}
function $randNormalF64(i, k0, k1, c2, c3, cache) {
  const w = $philoxBlock(cache, Math.floor(i / 2), k0, k1, c2, c3);
  const u1 = ((w[0] >>> 5) * 67108864 + (w[1] >>> 6) + 1) * 1.1102230246251565e-16;
  const u2 = ((w[2] >>> 5) * 67108864 + (w[3] >>> 6)) * 1.1102230246251565e-16;
  const rad = Math.sqrt(-2 * Math.log(u1));
  return rad * (i % 2 ? $sine(2 * Math.PI * u2) : $cosine(2 * Math.PI * u2));
}
// floor(x * range / 2^64) for range <= 2^32, x = h * 2^32 + l: a number in [0, range).
function $randOffsetSmall(i, k0, k1, c2, c3, range, cache) {
  const w = $philoxBlock(cache, Math.floor(i / 2), k0, k1, c2, c3), j = (i % 2) * 2;
  const h = w[j], l = w[j + 1];
  const carry = (Math.imul(h, range) >>> 0) + $mulhi32(l, range) >= 4294967296 ? 1 : 0;
  return $mulhi32(h, range) + carry;
}
// The same for any range up to 2^64, as a bigint.
function $randOffsetWide(i, k0, k1, c2, c3, range, cache) {
  const w = $philoxBlock(cache, Math.floor(i / 2), k0, k1, c2, c3), j = (i % 2) * 2;
  const x = (BigInt(w[j]) << 32n) | BigInt(w[j + 1]);
  return (x * range) >> 64n;
}
`;
