// Counter-based random numbers: what a random graph node draws, and which Philox4x32-10 words
// each element uses. Element i of a draw is a pure function of (i, key, draw counter), so a
// kernel computes it inline wherever it is consumed, and the CPU path (generated JS) and the GPU
// (generated CUDA) produce the same bits. The code generators implement exactly this mapping:
//
//   philox(block, key, counter) = Philox4x32-10 of the counter words (block lo, block hi,
//                                 counter lo, counter hi) under key (k0, k1): four uint32 words
//   uniform  float32: block i>>2, word i&3:             (w >> 8) * 2^-24               in [0, 1)
//   uniform  float64: block i>>1, words 2(i&1), +1:     ((h >> 5) * 2^26 + (l >> 6)) * 2^-53
//   normal   float32: block i>>2, words 2q, 2q+1 (q = (i>>1)&1): Box–Muller, cos for even i,
//                     sin for odd i, with u1 = ((a >> 8) + 1) * 2^-24 in (0, 1], u2 = (b >> 8) * 2^-24
//   normal   float64: block i>>1, words 0,1 → u1 in (0, 1], words 2,3 → u2 in [0, 1); cos/sin by i&1
//   integers:         block i>>1, words 2(i&1), +1 as x = h * 2^32 + l:  low + floor(x * (span+1) / 2^64)
//                     (Lemire's multiply-shift without rejection: bias at most (span+1) / 2^64)
import { CupytsError } from './errors.js';
import type { DType } from './dtype.js';

export type RandomDistribution = 'uniform' | 'normal' | 'integers';

export interface RandomDraw {
  readonly distribution: RandomDistribution;
  /** Philox key (two uint32 words), derived from the seed. */
  readonly key: readonly [number, number];
  /** The draw's 64-bit counter as two uint32 words (lo, hi): each Generator call takes a new one. */
  readonly counter: readonly [number, number];
  /** integers: the smallest value. */
  readonly low?: bigint;
  /** integers: high - low (inclusive), in [0, 2^64). */
  readonly span?: bigint;
}

export const PHILOX_M0 = 0xd2511f53;
export const PHILOX_M1 = 0xcd9e8d57;
export const PHILOX_W0 = 0x9e3779b9;
export const PHILOX_W1 = 0xbb67ae85;

/** Which dtypes each distribution can produce (NumPy's Generator has the same limits). */
export function checkRandomDType(op: string, distribution: RandomDistribution, dtype: DType): void {
  const ok = distribution === 'integers' ? dtype.kind !== 'f' : dtype.name === 'float32' || dtype.name === 'float64';
  if (!ok) {
    const want = distribution === 'integers' ? 'an integer or bool dtype' : 'float32 or float64';
    throw new CupytsError('ERR_DTYPE', `${op}: expected ${want}, got ${dtype.name}`);
  }
}

/** How many neighbouring elements share one Philox block (4 words): 4 for float32 draws, else 2. */
export function elementsPerBlock(distribution: RandomDistribution, dtype: DType): 2 | 4 {
  return distribution !== 'integers' && dtype.name === 'float32' ? 4 : 2;
}

/** Integers whose span fits 32 bits take the fast path (JS numbers instead of bigints). */
export function isWideSpan(draw: RandomDraw): boolean {
  return (draw.span ?? 0n) >= 2n ** 32n;
}

const U32 = 0xffffffffn;

/** The 64-bit counter of draw number `n` as (lo, hi) words. */
export function counterWords(n: bigint): [number, number] {
  return [Number(n & U32), Number((n >> 32n) & U32)];
}

/** SplitMix64: spreads a seed over a 64-bit key, so that nearby seeds give unrelated streams. */
export function seedToKey(seed: bigint): [number, number] {
  let z = BigInt.asUintN(64, seed + 0x9e3779b97f4a7c15n);
  z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
  z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
  z ^= z >> 31n;
  return [Number(z & U32), Number(z >> 32n)];
}

/** Reference Philox4x32-10 on the host (tests check the generated code against it). */
export function philox4x32(counter: readonly number[], key: readonly number[]): number[] {
  let [c0, c1, c2, c3] = counter.map((c) => BigInt(c >>> 0));
  let [k0, k1] = key.map((k) => BigInt(k >>> 0));
  for (let r = 0; r < 10; r++) {
    const p0 = BigInt(PHILOX_M0) * c0;
    const p1 = BigInt(PHILOX_M1) * c2;
    [c0, c1, c2, c3] = [(p1 >> 32n) ^ c1 ^ k0, p1 & U32, (p0 >> 32n) ^ c3 ^ k1, p0 & U32];
    k0 = (k0 + BigInt(PHILOX_W0)) & U32;
    k1 = (k1 + BigInt(PHILOX_W1)) & U32;
  }
  return [c0, c1, c2, c3].map(Number);
}
