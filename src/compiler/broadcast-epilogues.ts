// Work of a reduction's shape that a larger kernel reads through a broadcast: computed once per
// reduced element, as the reduction's epilogue, instead of once per element of the kernel that
// reads it. `b = b - mean(err) * lr`, read by the next step's `x @ w + b`, is one element of work
// in the reduce kernel; left to the reader, every one of its n elements repeats it, and since `b`
// is then never computed, each training step's kernel re-reads and re-adds every earlier step's
// mean (a chain that grows by a node per step and is re-planned at every step).
import type { Node, ReduceNode } from '../ir/graph.js';
import { nodeInputs } from '../ir/graph.js';
import { sizeOf } from '../ir/shape.js';
import { epilogueShape, rowAligned } from './fusion-rules.js';
import { regionOf, type Region } from './regions.js';
import { ready, type ScheduleState } from './state.js';

/** A node of a reduction's shape (`root`) to compute as that reduction's (`anchor`) epilogue. */
export interface BroadcastEpilogue {
  anchor: ReduceNode;
  root: Node;
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
 * it. Reductions that fuse with the kernel row by row (keepdims over its shape) are left to the
 * row rules. A candidate under another candidate is left out (the outer one's kernel computes it).
 */
export function broadcastEpilogues(s: ScheduleState, region: Region, shape: readonly number[]): BroadcastEpilogue[] {
  const { inside } = region;
  const found = new Map<Node, ReduceNode>();
  for (const reader of inside) {
    for (const input of nodeInputs(reader)) {
      if (!inside.has(input) || ready(s, input) || sizeOf(input.shape) >= sizeOf(reader.shape)) continue;
      const root = underViews(s, input, inside);
      if (found.has(root) || !computesValues(root) || ready(s, root)) continue;
      const own = regionOf(s, root, null);
      const anchor = [...own.barriers].find((b): b is ReduceNode =>
        b.kind === 'reduce' && !ready(s, b) && !own.underView.has(b) && epilogueShape(b, root.shape) && !rowAligned(b, shape));
      if (anchor) found.set(root, anchor);
    }
  }
  if (found.size < 2) return [...found].map(([root, anchor]) => ({ anchor, root }));
  // Leave out a candidate that another candidate's work reads.
  const under = new Set<Node>();
  for (const root of found.keys()) {
    const stack = [...nodeInputs(root)];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (under.has(n) || ready(s, n)) continue;
      under.add(n);
      stack.push(...nodeInputs(n));
    }
  }
  return [...found].filter(([root]) => !under.has(root)).map(([root, anchor]) => ({ anchor, root }));
}
