// Whether an epilogue reads a reduction at the reduction's own index. A reduce kernel's epilogue
// runs once per output element, so it can use a reduction of its family computed in the same
// kernel wherever it reads that reduction's value at the same output: directly, or through views
// that keep the C order (the squeeze in `m.squeeze(axis) + log(sum(exp(x - m)))`).
import type { Node } from '../ir/graph.js';
import { nodeInputs } from '../ir/graph.js';
import { movementKey, readsInCOrder, type Movement } from '../ir/movement.js';
import { sameShape } from '../ir/shape.js';
import { isElementwise } from './regions.js';
import { ready, type ScheduleState } from './state.js';

/**
 * Whether every path from `root` down to `target`, through elementwise nodes not yet computed,
 * reads `target` in its own C order (views and broadcasts on the way keep each element's linear
 * index). False if a path moves its elements; true if no path reaches it.
 */
export function readsTargetInOrder(s: ScheduleState, root: Node, target: Node): boolean {
  const seen = new Set<string>();
  const walk = (n: Node, moves: readonly Movement[]): boolean => {
    if (n === target) return readsInCOrder(n.shape, moves);
    if (ready(s, n) || !isElementwise(n)) return true;
    const key = `${n.id}${moves.map(movementKey).join('>')}`;
    if (seen.has(key)) return true;
    seen.add(key);
    if (n.kind === 'view') return walk(n.input, [...moves, n.movement]);
    return nodeInputs(n).every((c) => walk(c, sameShape(c.shape, n.shape) ? moves : [...moves, { kind: 'broadcast', shape: n.shape }]));
  };
  return walk(root, []);
}
