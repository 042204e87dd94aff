// Kernel size limits: an elementwise kernel over `roots` that would have more steps or inputs
// than one kernel takes (MAX_FUSED_STEPS, MAX_FUSED_INPUTS) has its largest subgraph computed
// first, as a group of its own, until it fits.
import type { Node } from '../ir/graph.js';
import { nodeInputs } from '../ir/graph.js';
import { MAX_FUSED_INPUTS, MAX_FUSED_STEPS, planCost } from '../ir/kernel-plan.js';

/** Calls `computeFirst(cut, why)` for each subgraph to cut off, until `roots` fit one kernel. */
export function splitOversized(roots: readonly Node[], computeFirst: (cut: Node, over: string) => void): void {
  let cost = planCost(roots);
  while (cost.steps > MAX_FUSED_STEPS || cost.inputs > MAX_FUSED_INPUTS) {
    const cut = largestChild(roots);
    if (!cut) break;
    const over = cost.steps > MAX_FUSED_STEPS ? `${cost.steps} steps (MAX_FUSED_STEPS ${MAX_FUSED_STEPS})` : `${cost.inputs} inputs (MAX_FUSED_INPUTS ${MAX_FUSED_INPUTS})`;
    computeFirst(cut, over);
    cost = planCost(roots);
  }
}

/** The input (one level down the largest subgraph) to compute first when `roots` are too big. */
function largestChild(roots: readonly Node[]): Node | undefined {
  let best: Node | undefined;
  let bestSteps = 0;
  for (const r of roots) {
    for (const child of nodeInputs(r)) {
      if (child.realized || child.kind === 'scalar' || child.kind === 'source') continue;
      const steps = planCost([child]).steps;
      if (steps > bestSteps) {
        best = child;
        bestSteps = steps;
      }
    }
  }
  return best;
}
