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
import { traceCut } from './jit-trace.js';

export interface RandomStream {
  readonly key: [number, number];
  /** Draws taken so far (the next draw's counter). */
  draws: bigint;
  /** Child streams spawned so far (the next child's index). */
  children: bigint;
}

function entropySeed(): bigint {
  const words = webcrypto.getRandomValues(new Uint32Array(2));
  return (BigInt(words[1]) << 32n) | BigInt(words[0]);
}

/** A stream from a seed (a checked integer in [0, 2^64)); null: fresh OS entropy. */
export function newStream(seed: bigint | null): RandomStream {
  return { key: seedToKey(seed ?? entropySeed()), draws: 0n, children: 0n };
}

/** A lazy draw of `shape` from `stream` (each call takes the next counter). */
export function drawFrom(
  stream: RandomStream, op: string, distribution: RandomDistribution, shape: Shape, dtype: DType,
  bounds?: { low: bigint; span: bigint },
): NDArray {
  checkRandomDType(op, distribution, dtype);
  traceCut(`random draws (${op}: the generator advances each call)`);
  const draw = { distribution, key: stream.key, counter: counterWords(stream.draws), ...bounds };
  stream.draws = BigInt.asUintN(64, stream.draws + 1n);
  return new NDArray(randomNode(draw, shape, dtype), currentRunner());
}

const U64 = (x: bigint) => BigInt.asUintN(64, x);

/**
 * The next child of `parent` (NumPy's spawn): a key derived from the parent's key and the child's
 * index (SplitMix64 of their mix), so children are independent of the parent, of each other and
 * of every seed's stream in practice, and the same parent state spawns the same children.
 */
export function spawnStream(parent: RandomStream): RandomStream {
  const parentKey = (BigInt(parent.key[1]) << 32n) | BigInt(parent.key[0]);
  parent.children = U64(parent.children + 1n);
  const mixed = U64(parentKey * 0x9e3779b97f4a7c15n + parent.children * 0xd1b54a32d192ed03n + 0x632be59bd9b4e019n);
  const [lo, hi] = seedToKey(mixed);
  return { key: seedToKey(U64((BigInt(hi) << 32n) | BigInt(lo)) ^ parentKey), draws: 0n, children: 0n };
}

/** A stream's state (NumPy's bit_generator.state): everything needed to resume it exactly. */
export interface RandomState {
  readonly bit_generator: 'Philox';
  /** The Philox key as one 64-bit integer (low word first). */
  readonly key: bigint;
  /** Draws taken so far (the next draw's counter). */
  readonly counter: bigint;
  /** Child streams spawned so far. */
  readonly children: bigint;
}

export function stateOf(stream: RandomStream): RandomState {
  return { bit_generator: 'Philox', key: (BigInt(stream.key[1]) << 32n) | BigInt(stream.key[0]), counter: stream.draws, children: stream.children };
}

/** A stream resumed from a state (checked by the caller's signature). */
export function streamFromState(state: RandomState): RandomStream {
  return { key: [Number(state.key & 0xffffffffn), Number(state.key >> 32n)], draws: state.counter, children: state.children };
}
