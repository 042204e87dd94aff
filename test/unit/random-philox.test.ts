// Philox4x32-10: the host reference against Random123's known-answer vectors, and the generated
// JS's 32-bit arithmetic (Math.imul and 16-bit halves) against the reference.
import { describe, expect, it } from 'vitest';
import { JS_PRELUDE } from '../../src/codegen/js-prelude.js';
import { philox4x32, seedToKey } from '../../src/ir/random.js';

const js = new Function(`${JS_PRELUDE}; return { $philoxBlock, $mulhi32, $randCache };`)() as {
  $philoxBlock: (cache: unknown, block: number, k0: number, k1: number, c2: number, c3: number) => Uint32Array;
  $mulhi32: (a: number, b: number) => number;
  $randCache: () => unknown;
};

describe('Philox4x32-10', () => {
  it.each([
    [[0, 0, 0, 0], [0, 0], [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]],
    [[0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]],
    [[0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]],
  ])('reference: Random123 known answer %#', (counter, key, want) => {
    expect(philox4x32(counter, key)).toEqual(want);
  });

  it('generated JS equals the reference (blocks below 2^53, any counter and key)', () => {
    let s = 12345;
    const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0);
    for (let t = 0; t < 500; t++) {
      const block = t < 3 ? [0, 2 ** 32 - 1, 2 ** 53 - 1][t] : next() + (next() % 2 ** 21) * 2 ** 32;
      const [c2, c3, k0, k1] = [next(), next(), next(), next()];
      const got = Array.from(js.$philoxBlock(js.$randCache(), block, k0, k1, c2, c3));
      expect(got).toEqual(philox4x32([block % 2 ** 32, Math.floor(block / 2 ** 32), c2, c3], [k0, k1]));
    }
  });

  it('mulhi32 is exact, also for a multiplier of 2^32', () => {
    const cases = [[0, 0], [0xffffffff, 0xffffffff], [0xffffffff, 2 ** 32], [0x12345678, 0xd2511f53], [1, 2 ** 32], [0xdeadbeef, 7]];
    for (const [a, b] of cases) expect(js.$mulhi32(a, b)).toBe(Number((BigInt(a) * BigInt(b)) >> 32n));
  });

  it('nearby seeds give unrelated keys', () => {
    const keys = [0n, 1n, 2n, 2n ** 64n - 1n].map(seedToKey);
    expect(new Set(keys.map((k) => k.join(','))).size).toBe(4);
    expect(keys[0][0] ^ keys[1][0]).not.toBe(1);
  });
});
