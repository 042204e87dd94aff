// One stream of counter-based Philox4x32-10 draws: a 64-bit key from the seed and a counter
// that every draw advances, so successive draws differ and the same seed gives the same numbers
// on every backend. A draw is a lazy graph leaf (src/ir/random.ts), computed inline in whatever
// kernel consumes it. A Generator (random.ts) owns one stream; the legacy module functions
// (random-module.ts) share one.
import { webcrypto } from 'node:crypto';
import type { DType } from '../ir/dtype.js';
import { randomNode } from '../ir/graph.js';
import { checkRandomDType, counterWords, seedToKey, type RandomDistribution } from '../ir/random.js';
import type { Shape } from '../ir/shape.js';
import { currentRunner } from './context.js';
import { NDArray } from './ndarray.js';

export interface RandomStream {
  readonly key: [number, number];
  /** Draws taken so far (the next draw's counter). */
  draws: bigint;
}

function entropySeed(): bigint {
  const words = webcrypto.getRandomValues(new Uint32Array(2));
  return (BigInt(words[1]) << 32n) | BigInt(words[0]);
}

/** A stream from a seed (a checked integer in [0, 2^64)); null: fresh OS entropy. */
export function newStream(seed: bigint | null): RandomStream {
  return { key: seedToKey(seed ?? entropySeed()), draws: 0n };
}

/** A lazy draw of `shape` from `stream` (each call takes the next counter). */
export function drawFrom(
  stream: RandomStream, op: string, distribution: RandomDistribution, shape: Shape, dtype: DType,
  bounds?: { low: bigint; span: bigint },
): NDArray {
  checkRandomDType(op, distribution, dtype);
  const draw = { distribution, key: stream.key, counter: counterWords(stream.draws), ...bounds };
  stream.draws = BigInt.asUintN(64, stream.draws + 1n);
  return new NDArray(randomNode(draw, shape, dtype), currentRunner());
}
