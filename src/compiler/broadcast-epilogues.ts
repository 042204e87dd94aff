// Work of a reduction's shape that a larger kernel reads through a broadcast: computed once per
// reduced element, as the reduction's epilogue, instead of once per element of the kernel that
// reads it. `b = b - mean(err) * lr`, read by the next step's `x @ w + b`, is one element of work
// in the reduce kernel; left to the reader, every one of its n elements repeats it, and since `b`
// is then never computed, each training step's kernel re-reads and re-adds every earlier step's
// mean (a chain that grows by a node per step and is re-planned at every step).
import type { Node, ReduceNode } from '../ir/graph.js';
import { nodeInputs } from '../ir/graph.js';
import { sameShape, sizeOf } from '../ir/shape.js';
import { epilogueShape, sameFamily } from './fusion-rules.js';
import { regionOf, type Region } from './regions.js';
import { ready, type ScheduleState } from './state.js';

/** Nodes of a reduction's shape (`roots`) to compute as that reduction's (`anchor`) epilogues, in its one kernel. */
export interface BroadcastEpilogue {
  anchor: ReduceNode;
  roots: Node[];
}

const computesValues = (n: Node) => n.kind === 'map' || n.kind === 'cast' || n.kind === 'where';

/** The node a broadcast read starts from: through views (a reshape or squeeze of the reduced shape) to the work under them. */
function underViews(s: ScheduleState, n: Node, inside: ReadonlySet<Node>): Node {
  let m = n;
  while (m.kind === 'view' && inside.has(m.input) && !ready(s, m.input)) m = m.input;
  return m;
}

/**
 * The nodes of `region` (a kernel of shape `shape`) read through a broadcast that are work of a
 * pending reduction's shape over that reduction: each with the reduction whose epilogue computes
 * it. Reductions that fuse with the kernel row by row (`rowFused`: keepdims over its shape, and
 * enough threads) are left to the row rules (rowFusedEpilogues below). A candidate under another
 * candidate is left out (the outer one's kernel computes it). Candidates of one reduction come
 * together (`x * (m + 1) * (m + 2)`): a group per candidate computed the reduction with the
 * first, and the second's group then had no reduction left to compute.
 */
export function broadcastEpilogues(s: ScheduleState, region: Region, rowFused: (r: ReduceNode) => boolean): BroadcastEpilogue[] {
  const found = new Map<Node, ReduceNode>();
  for (const root of broadcastWork(s, region)) {
    const own = regionOf(s, root, null);
    const anchor = [...own.barriers].find((b): b is ReduceNode =>
      b.kind === 'reduce' && !ready(s, b) && !own.underView.has(b) && epilogueShape(b, root.shape) && !rowFused(b));
    if (anchor) found.set(root, anchor);
  }
  const outer = outermost(s, [...found.keys()]);
  const byAnchor = new Map<ReduceNode, Node[]>();
  for (const [root, anchor] of found) if (outer.includes(root)) byAnchor.set(anchor, [...(byAnchor.get(anchor) ?? []), root]);
  return [...byAnchor].map(([anchor, roots]) => ({ anchor, roots }));
}

/**
 * The same work where the kernel fuses its reductions row by row (reduction `fused` and its
 * family), where it carries state (below): outputs of the reduced shape that the row-persistent
 * kernel writes beside its rows, once per reduced element, so that the value is data afterwards.
 * Left to the row pass alone, `b = b - err.mean(1, { keepdims: true }) * lr` read by the next
 * step's `x + b` would stay lazy, and each step's kernel would fold every earlier step's mean
 * again. Only work whose reductions are all of `fused`'s family and shape, so the kernel computes
 * it without a kernel before it.
 */
export function rowFusedEpilogues(s: ScheduleState, region: Region, fused: ReduceNode, rowFused: (r: ReduceNode) => boolean): Node[] {
  const found = broadcastWork(s, region).filter((root) => {
    if (!epilogueShape(fused, root.shape) || !carriesState(s, root)) return false;
    const own = regionOf(s, root, null);
    const reductions = [...own.barriers].filter((b): b is ReduceNode => b.kind === 'reduce' && !ready(s, b));
    return reductions.length > 0 && reductions.every((b) =>
      !own.underView.has(b) && sameFamily(b, fused) && sameShape(b.shape, fused.shape) && rowFused(b));
  });
  return outermost(s, found);
}

/**
 * Whether work of a reduction's shape reads an array besides reductions and numbers: data, or a
 * lazy array of its own (a fill, a draw). `b - mean * lr` does, a running value carried from one
 * evaluation to the next (from `b = cp.zeros(...)` on); `sqrt(var)` or `max + log(sum)`
 * (standardize, log-softmax) read reductions alone, and writing them would only add a store per
 * row. The walk stops at reductions.
 */
function carriesState(s: ScheduleState, root: Node): boolean {
  const seen = new Set<Node>();
  const stack = [...nodeInputs(root)];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n) || n.kind === 'scalar' || n.kind === 'reduce') continue;
    seen.add(n);
    const inputs = nodeInputs(n).filter((m) => m.kind !== 'scalar');
    if (ready(s, n) || inputs.length === 0) return true;
    stack.push(...inputs);
  }
  return false;
}

/** Nodes of `region` that compute values and are read through a broadcast (by a reader of more elements), not computed yet. */
function broadcastWork(s: ScheduleState, region: Region): Node[] {
  const { inside } = region;
  const found = new Set<Node>();
  for (const reader of inside) {
    for (const input of nodeInputs(reader)) {
      if (!inside.has(input) || ready(s, input) || sizeOf(input.shape) >= sizeOf(reader.shape)) continue;
      const root = underViews(s, input, inside);
      if (computesValues(root) && !ready(s, root)) found.add(root);
    }
  }
  return [...found];
}

/** `roots` less those that another root's work reads. */
function outermost(s: ScheduleState, roots: readonly Node[]): Node[] {
  if (roots.length < 2) return [...roots];
  const under = new Set<Node>();
  for (const root of roots) {
    const stack = [...nodeInputs(root)];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (under.has(n) || ready(s, n)) continue;
      under.add(n);
      stack.push(...nodeInputs(n));
    }
  }
  return roots.filter((root) => !under.has(root));
}
