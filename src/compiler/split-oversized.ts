// Kernel size limits: an elementwise kernel over `roots` that would have more steps or inputs
// than one kernel takes (MAX_FUSED_STEPS, MAX_FUSED_INPUTS) has a subgraph computed first, as a
// group of its own, until it fits: the largest input of a root; or where that input does not fit
// one kernel either, only for its parameters (at most SEARCHED_STEPS steps: the search costs the
// steps squared, and random.multinomial's large graphs took 2.5 times as long to schedule with a
// bound 4 times as high), the largest subgraph under it that does, so that a chain over the
// parameter limit, such as a long chain of gathers, is cut into kernels as full as the limits
// allow rather than into a kernel per step.
import type { Node } from '../ir/graph.js';
import { nodeInputs } from '../ir/graph.js';
import { MAX_FUSED_INPUTS, MAX_FUSED_STEPS, planCost } from '../ir/kernel-plan.js';

/** Calls `computeFirst(cut, why)` for each subgraph to cut off, until `roots` fit one kernel. */
export function splitOversized(roots: readonly Node[], computeFirst: (cut: Node, over: string) => void): void {
  let cost = planCost(roots);
  while (!fits(cost)) {
    const child = largestChild(roots);
    const whole = child ? planCost([child]) : undefined;
    const cut = child && whole && !fits(whole) && whole.steps <= SEARCHED_STEPS ? largestFittingUnder(child) ?? child : child;
    if (!cut) break;
    const over = cost.steps > MAX_FUSED_STEPS ? `${cost.steps} steps (MAX_FUSED_STEPS ${MAX_FUSED_STEPS})` : `${cost.inputs} inputs (MAX_FUSED_INPUTS ${MAX_FUSED_INPUTS})`;
    computeFirst(cut, over);
    cost = planCost(roots);
  }
}

/** The most steps of a subgraph searched for the largest part that fits (one kernel's). */
const SEARCHED_STEPS = MAX_FUSED_STEPS;

const fits = (cost: { steps: number; inputs: number }) => cost.steps <= MAX_FUSED_STEPS && cost.inputs <= MAX_FUSED_INPUTS;

/** Whether `n` may be cut off: an elementwise computation not yet computed. */
const cuttable = (n: Node) => !n.realized && (n.kind === 'map' || n.kind === 'where' || n.kind === 'cast');

function inputsWalked(n: Node): Node[] {
  if (n.realized) return [];
  if (n.kind === 'gather') return [...n.indices];
  if (n.kind === 'search') return [n.query];
  if (n.kind === 'map' || n.kind === 'where' || n.kind === 'cast' || n.kind === 'broadcast' || n.kind === 'view') return [...nodeInputs(n)];
  return [];
}

/**
 * Below `top`, which does not fit one kernel: the cuttable node with the most steps among the
 * largest ones that fit (the walk stops at each node that fits: those under it are smaller).
 */
function largestFittingUnder(top: Node): Node | undefined {
  const seen = new Set<Node>();
  let best: Node | undefined;
  let bestSteps = 0;
  const stack = inputsWalked(top);
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    if (cuttable(n)) {
      const cost = planCost([n]);
      if (fits(cost)) {
        if (cost.steps > bestSteps) {
          best = n;
          bestSteps = cost.steps;
        }
        continue;
      }
    }
    stack.push(...inputsWalked(n));
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
