// Two reductions of one row computed in one pass (issue 16): the follower's values read the
// lead's result along the row, yet a pair combination gives both from one read of the row.
//   moments:    lead = sum(x), follower = sum((x - sum(x) / n)²) (var and std as NumPy composes
//               them: the mean, then the sum of squared deviations). One pass keeps per thread
//               the sum, a shift k (the thread's first element), Σ(x - k) and Σ(x - k)²; threads
//               combine (count, sum, M2) by Chan's parallel formula.
//   onlineMax:  lead = max(x), follower = sum(exp(x - max(x))) (softmax, logsumexp). One pass keeps
//               the running maximum m and s = Σ exp(x - m), rescaled when m grows; threads combine
//               (m1, s1), (m2, s2) -> (m, s1·exp(m1 - m) + s2·exp(m2 - m)).
// The pattern is matched on the graph, so users' own expressions (cp.max, cp.exp, cp.sum; a mean
// and the squares of the deviations from it) get it: no special API. Real floating dtypes
// (float32, float64) only; the rest keep their phases.
import type { Node, ReduceNode } from './graph.js';
import { sameShape, sizeOf } from './shape.js';

export type JointKind = 'moments' | 'onlineMax';

/**
 * `n` without the casts to its own dtype and the broadcasts over it (the same values). Computed
 * data is a leaf: its inputs may be gone.
 */
function bare(n: Node): Node {
  while (!n.realized && ((n.kind === 'cast' && n.input && n.dtype === n.input.dtype) || (n.kind === 'broadcast' && n.input))) n = n.input;
  return n;
}

/** One node, or equal casts of one node (each reduction casts its input to its accumulator). */
export function sameValue(a: Node, b: Node): boolean {
  const x = bare(a);
  const y = bare(b);
  return x === y || (x.kind === 'cast' && y.kind === 'cast' && !x.realized && !y.realized && x.input !== undefined && x.dtype === y.dtype && sameValue(x.input, y.input));
}

const mapOf = (node: Node, op: string) => {
  const n = bare(node);
  return !n.realized && n.kind === 'map' && n.inputs && n.op.name === op ? n : undefined;
};
/** A reduction read back over its input shape (keepdims). */
const leadRead = (n: Node, lead: ReduceNode): boolean => bare(n) === lead;

/**
 * How `follower` pairs with `lead` (same input shape and axes; `lead` kept its dims), or
 * undefined. The follower's input must be exactly the pattern: its only read of `lead`.
 */
export function jointKind(follower: ReduceNode, lead: ReduceNode): JointKind | undefined {
  const d = follower.dtype;
  if (follower.op.name !== 'sum' || !lead.keepdims || (d.name !== 'float32' && d.name !== 'float64')) return undefined;
  if (lead.dtype !== d || lead.input.dtype !== d || follower.input.dtype !== d) return undefined;
  if (!sameShape(follower.input.shape, lead.input.shape) || follower.axes.length !== lead.axes.length || follower.axes.some((a, i) => a !== lead.axes[i])) return undefined;
  const same = (m: { inputDtype: { name: string } }) => m.inputDtype === d;
  if (lead.op.name === 'sum') {
    const sq = mapOf(follower.input, 'multiply') ?? mapOf(follower.input, 'square');
    if (!sq || !same(sq) || (sq.inputs.length === 2 && bare(sq.inputs[0]) !== bare(sq.inputs[1]))) return undefined;
    const dev = mapOf(sq.inputs[0], 'subtract');
    if (!dev || !same(dev) || !sameValue(dev.inputs[0], lead.input)) return undefined;
    const div = mapOf(dev.inputs[1], 'divide');
    if (!div || !same(div) || !leadRead(div.inputs[0], lead)) return undefined;
    // Deviations from the mean itself (Σ(x - c)² is M2 only for c the mean).
    const n = div.inputs[1];
    const count = sizeOf(lead.axes.map((a) => lead.input.shape[a]));
    return n.kind === 'scalar' && n.value === count && count > 0 ? 'moments' : undefined;
  }
  if (lead.op.name === 'max') {
    const e = mapOf(follower.input, 'exp');
    if (!e || !same(e)) return undefined;
    const dev = mapOf(e.inputs[0], 'subtract');
    if (!dev || !same(dev) || !sameValue(dev.inputs[0], lead.input) || !leadRead(dev.inputs[1], lead)) return undefined;
    return 'onlineMax';
  }
  return undefined;
}
