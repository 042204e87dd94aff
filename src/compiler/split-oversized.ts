// Kernel size limits: an elementwise kernel over `roots` that would have more steps or inputs
// than one kernel takes (MAX_FUSED_STEPS, MAX_FUSED_INPUTS) has a subgraph computed first, as a
// group of its own, until it fits: the largest subgraph under the roots that fits one kernel by
// itself (so a long chain, such as the halvings of searchsorted's binary search, is cut into
// kernels as full as the limits allow), else the largest input of a root.
import type { Node } from '../ir/graph.js';
import { nodeInputs } from '../ir/graph.js';
import { MAX_FUSED_INPUTS, MAX_FUSED_STEPS, planCost } from '../ir/kernel-plan.js';

/** Calls `computeFirst(cut, why)` for each subgraph to cut off, until `roots` fit one kernel. */
export function splitOversized(roots: readonly Node[], computeFirst: (cut: Node, over: string) => void): void {
  let cost = planCost(roots);
  while (!fits(cost)) {
    const cut = largestFitting(roots) ?? largestChild(roots);
    if (!cut) break;
    const over = cost.steps > MAX_FUSED_STEPS ? `${cost.steps} steps (MAX_FUSED_STEPS ${MAX_FUSED_STEPS})` : `${cost.inputs} inputs (MAX_FUSED_INPUTS ${MAX_FUSED_INPUTS})`;
    computeFirst(cut, over);
    cost = planCost(roots);
  }
}

const fits = (cost: { steps: number; inputs: number }) => cost.steps <= MAX_FUSED_STEPS && cost.inputs <= MAX_FUSED_INPUTS;

/** Whether `n` may be cut off: an elementwise computation not yet computed. */
const cuttable = (n: Node) => !n.realized && (n.kind === 'map' || n.kind === 'where' || n.kind === 'cast');

/** The nodes a kernel over `roots` computes (as planCost walks them), the roots left out. */
function nodesUnder(roots: readonly Node[]): Node[] {
  const seen = new Set<Node>(roots);
  const found: Node[] = [];
  const stack = roots.flatMap((r) => inputsWalked(r));
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    found.push(n);
    stack.push(...inputsWalked(n));
  }
  return found;
}

function inputsWalked(n: Node): Node[] {
  if (n.realized) return [];
  if (n.kind === 'gather') return [...n.indices];
  if (n.kind === 'map' || n.kind === 'where' || n.kind === 'cast' || n.kind === 'broadcast' || n.kind === 'view') return [...nodeInputs(n)];
  return [];
}

/** The cuttable node under `roots` with the most steps among those that fit one kernel alone. */
function largestFitting(roots: readonly Node[]): Node | undefined {
  let best: Node | undefined;
  let bestSteps = 0;
  for (const n of nodesUnder(roots)) {
    if (!cuttable(n)) continue;
    const cost = planCost([n]);
    if (cost.steps > bestSteps && fits(cost)) {
      best = n;
      bestSteps = cost.steps;
    }
  }
  return best;
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
