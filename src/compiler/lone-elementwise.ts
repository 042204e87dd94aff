// The fast path of the scheduler, taken at every evaluation of a plain elementwise array.
import type { Node } from '../ir/graph.js';
import { MAX_FUSED_INPUTS, MAX_FUSED_STEPS } from '../ir/kernel-plan.js';
import { formatShape } from '../ir/shape.js';
import type { KernelGroup } from './state.js';

/**
 * The group of one requested array whose unrealized graph is only maps, casts, wheres and
 * broadcasts over data and scalars (`x.mul(2).add(y)`), within the kernel limits: the one kernel
 * scheduleGroups would make of it, found without its bookkeeping. Undefined for anything else,
 * which takes the general path.
 */
export function loneElementwise(target: Node): KernelGroup | undefined {
  const seen = new Set<Node>();
  const stack = [target];
  let inputs = 0;
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    if (n.realized || n.kind === 'scalar') {
      if (n === target) return undefined;
      inputs++;
    } else if (n.kind === 'map' || n.kind === 'where') {
      for (const i of n.inputs) stack.push(i);
    } else if (n.kind === 'cast' || n.kind === 'broadcast') {
      stack.push(n.input);
    } else {
      return undefined;
    }
  }
  // seen.size and inputs count what planCost counts (every distinct node, and data and scalars).
  if (seen.size > MAX_FUSED_STEPS || inputs > MAX_FUSED_INPUTS) return undefined;
  return { kind: 'elementwise', roots: [target], reason: `the requested arrays of shape ${formatShape(target.shape)}` };
}
