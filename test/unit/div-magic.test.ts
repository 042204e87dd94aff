// The magic-number division of strided CUDA kernels (src/codegen/cuda.ts divMagic, the prelude's
// cp_div_magic: (umulhi(n, m) + n) >> s) gives floor(n / d) for every 0 <= n < 2^31 and
// 1 <= d < 2^31: checked here with exact integer arithmetic over divisors of every size (powers of
// two and their neighbours, small ones, the largest) and numerators at every edge.
import { describe, expect, it } from 'vitest';
import { divMagic } from '../../src/codegen/cuda.js';

/** cp_div_magic in exact arithmetic: 32-bit unsigned umulhi, the add (no overflow below 2^32), the shift. */
function divide(n: number, d: number): number {
  const { magic, shift } = divMagic(d);
  expect(magic).toBeGreaterThanOrEqual(1);
  expect(magic).toBeLessThan(2 ** 32);
  const hi = (BigInt(n) * BigInt(magic)) >> 32n;
  const sum = hi + BigInt(n);
  expect(sum < 1n << 32n).toBe(true);
  return Number(sum >> BigInt(shift));
}

describe('divMagic', () => {
  const divisors = new Set<number>([1, 2, 3, 5, 7, 30, 33, 46, 62, 100, 255, 4094, 4095, 4096, 16382, 2 ** 31 - 1, 2 ** 30 + 1]);
  for (let k = 1; k < 31; k++) [2 ** k - 1, 2 ** k, 2 ** k + 1].forEach((d) => divisors.add(d));
  let seed = 12345;
  const rand = (limit: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % limit; };
  for (let k = 0; k < 200; k++) divisors.add(1 + rand(2 ** 31 - 1));
  for (let d = 1; d <= 300; d++) divisors.add(d);

  it('gives floor(n / d) at every edge of n for divisors of every size', () => {
    for (const d of divisors) {
      const ns = new Set([0, 1, d - 1, d, d + 1, 2 * d - 1, 2 * d, 2 ** 31 - 1, 2 ** 31 - 2, Math.floor((2 ** 31 - 1) / d) * d, Math.floor((2 ** 31 - 1) / d) * d - 1]);
      for (let k = 0; k < 20; k++) ns.add(rand(2 ** 31));
      for (const n of ns) {
        if (n < 0 || n >= 2 ** 31) continue;
        expect([n, d, divide(n, d)]).toEqual([n, d, Math.floor(n / d)]);
      }
    }
  });
});
