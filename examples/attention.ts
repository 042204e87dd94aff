// Causal multi-head self-attention, the core of a transformer layer, written with einsum.
//
// einsum names every axis (b batch, h head, q query, k key, d feature), so the two batched
// matrix products read as their formulas: scores = Q Kᵀ / √d and out = softmax(scores) V.
// The causal mask (no query may look at a later key) is the strict upper triangle, triu(ones, 1);
// masked scores become -inf, which exp() turns into a weight of exactly 0.
import * as cp from 'cupyts';

const SIZES = {
  test: { batch: 2, heads: 2, seq: 16, dim: 8 },
  bench: { batch: 8, heads: 16, seq: 1024, dim: 64 },
};

export function makeInputs(size: 'test' | 'bench'): Record<string, cp.NDArray> {
  const { batch, heads, seq, dim } = SIZES[size];
  const rng = cp.random.default_rng(31);
  const draw = () => rng.standard_normal([batch, heads, seq, dim], { dtype: 'float32' });
  return { q: draw(), k: draw(), v: draw() };
}

/**
 * Causal attention of one batch. cp.jit traces it at its first call for these shapes and replays
 * its kernels and matrix products after that, without building, scheduling or planning them again
 * (the results are bitwise the same).
 */
const attend = cp.jit((q: cp.NDArray, k: cp.NDArray, v: cp.NDArray) => {
  const [, , seq, dim] = q.shape;
  const scores = cp.einsum('bhqd,bhkd->bhqk', q, k).divide(Math.sqrt(dim));
  const future = cp.triu(cp.ones([seq, seq], 'bool'), 1); // (seq, seq), broadcasts over batch and heads
  const masked = cp.where(future, -Infinity, scores);
  const shifted = masked.subtract(cp.max(masked, -1, { keepdims: true }));
  const weights = cp.exp(shifted);
  const attention = weights.divide(cp.sum(weights, -1, { keepdims: true })); // softmax over the keys
  const out = cp.einsum('bhqk,bhkd->bhqd', attention, v);
  // How spread out is each query's attention? Its entropy in nats; log(1) = 0 stands in for the
  // masked weights' log 0, so 0 · log 0 counts as 0 without a NaN.
  const plogp = attention.multiply(cp.log(cp.where(attention.greater(0), attention, 1)));
  const entropy = cp.sum(plogp, -1).multiply(-1);
  return { out, entropy };
});

export function run(inputs: Record<string, cp.NDArray>): Record<string, cp.NDArray> {
  // Inside cp.tidy: the temporaries made here are freed when it returns, not when V8's collector
  // finds them (examples/README.md).
  return cp.tidy(() => attend(inputs.q, inputs.k, inputs.v));
}
