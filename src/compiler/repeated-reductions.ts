// Reductions asked for twice in one evaluation: the same op over the same axes of the same input
// node. `(x - x.mean(0)) / x.std(0)` is the common case: std takes a mean of x of its own (with
// keepdims), so x was read by two kernels that computed the same sums. Before the groups are
// made, the readers of each later copy read the first instead (through a reshape view where only
// keepdims differs), so one kernel computes it. Requested arrays keep their own nodes (each is
// computed as asked), and so do nodes outside this evaluation.
import { nodeInputs, replaceInput, viewNode, type Node, type ReduceNode } from '../ir/graph.js';
import { objectId } from '../ir/identity.js';

/** The lazy nodes under `targets`, each after its inputs. */
function inputsFirst(targets: readonly Node[]): Node[] {
  const order: Node[] = [];
  const seen = new Set<Node>();
  const stack: Array<{ node: Node; expanded: boolean }> = targets.map((node) => ({ node, expanded: false }));
  while (stack.length) {
    const top = stack.pop()!;
    if (top.expanded) {
      order.push(top.node);
      continue;
    }
    if (seen.has(top.node) || top.node.realized) continue;
    seen.add(top.node);
    stack.push({ node: top.node, expanded: true });
    for (const i of nodeInputs(top.node)) if (!seen.has(i) && !i.realized) stack.push({ node: i, expanded: false });
  }
  return order;
}

/** A reduction's key: its input node, its op by identity (a user's ReductionKernel may reuse a name), axes and dtype. */
const reductionKey = (r: ReduceNode): string => `${r.input.id}|${objectId(r.op)}|${r.axes.join(',')}|${r.dtype.name}`;

/**
 * Points the readers of every repeated reduction under `targets` at one of its kind: one with
 * keepdims where there is one (a row-persistent kernel reads it in place, and an epilogue reads it
 * through a reshape in place: ./in-order.ts).
 */
export function shareRepeatedReductions(targets: readonly Node[]): void {
  const order = inputsFirst(targets);
  const requested = new Set(targets);
  const kinds = new Map<string, ReduceNode[]>();
  for (const n of order) {
    if (n.kind !== 'reduce' || requested.has(n)) continue;
    const key = reductionKey(n);
    const same = kinds.get(key);
    if (same) same.push(n);
    else kinds.set(key, [n]);
  }
  const instead = new Map<Node, Node>();
  for (const same of kinds.values()) {
    if (same.length < 2) continue;
    const kept = same.find((r) => r.keepdims) ?? same[0];
    for (const r of same) if (r !== kept) instead.set(r, kept.keepdims === r.keepdims ? kept : viewNode(kept, { kind: 'reshape', shape: r.shape }));
  }
  if (instead.size === 0) return;
  for (const n of order) {
    for (const i of nodeInputs(n)) {
      const to = instead.get(i);
      if (to) replaceInput(n, i, to);
    }
  }
}
