// Reductions asked for twice in one evaluation: the same op over the same axes of the same input
// node. `(x - x.mean(0)) / x.std(0)` is the common case: std takes a mean of x of its own (with
// keepdims), so x was read by two kernels that computed the same sums. Before the groups are
// made, the readers of each later copy read the first instead (through a reshape view where only
// keepdims differs), so one kernel computes it. Requested arrays keep their own nodes (each is
// computed as asked), and so do nodes outside this evaluation.
import { nodeInputs, replaceInput, viewNode, type Node, type ReduceNode } from '../ir/graph.js';

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

/** Each reduce op by identity (a user's ReductionKernel may reuse a name). */
const opIds = new WeakMap<object, number>();
let nextOpId = 0;
const opId = (op: object): number => {
  let id = opIds.get(op);
  if (id === undefined) opIds.set(op, (id = nextOpId++));
  return id;
};

const reductionKey = (r: ReduceNode): string => `${r.input.id}|${opId(r.op)}|${r.axes.join(',')}|${r.dtype.name}`;

/** Points the readers of every repeated reduction under `targets` at the first of its kind. */
export function shareRepeatedReductions(targets: readonly Node[]): void {
  let reductions = 0;
  const order = inputsFirst(targets);
  for (const n of order) if (n.kind === 'reduce') reductions++;
  if (reductions < 2) return;
  const requested = new Set(targets);
  const first = new Map<string, ReduceNode>();
  const instead = new Map<Node, Node>();
  for (const n of order) {
    for (const i of nodeInputs(n)) {
      const to = instead.get(i);
      if (to) replaceInput(n, i, to);
    }
    if (n.kind !== 'reduce' || requested.has(n)) continue;
    const key = reductionKey(n);
    const kept = first.get(key);
    if (!kept) first.set(key, n);
    else instead.set(n, kept.keepdims === n.keepdims ? kept : viewNode(kept, { kind: 'reshape', shape: n.shape }));
  }
}
