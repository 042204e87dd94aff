// Evaluation: cuts the unrealized graph under the requested arrays into kernels (one per
// iteration shape, over-large graphs split at their largest subgraph), runs them in dependency
// order, and records each result on its node so that nothing is computed twice.
import type { Node } from '../ir/graph.js';
import { nodeInputs } from '../ir/graph.js';
import { MAX_FUSED_INPUTS, MAX_FUSED_STEPS, planCost, planKernel, type KernelPlan } from '../ir/kernel-plan.js';
import { contiguousStrides } from '../ir/shape.js';
import type { Runner, Storage } from './runners.js';

/** One kernel's worth of roots, in the order they must run. */
export interface KernelGroup {
  roots: Node[];
}

function shapeKey(n: Node): string {
  return n.shape.join(',');
}

/** The unrealized nodes under `node` (itself included). */
function unrealizedUnder(node: Node, out = new Set<Node>()): Set<Node> {
  if (node.realized || out.has(node)) return out;
  out.add(node);
  for (const child of nodeInputs(node)) unrealizedUnder(child, out);
  return out;
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

/**
 * The kernel groups that realize `targets`, dependencies first: nodes of one shape share a
 * kernel; a target that another group reads is computed before it; over-large graphs are cut.
 */
export function scheduleGroups(targets: readonly Node[]): KernelGroup[] {
  const pending = [...new Set(targets.filter((n) => !n.realized && n.kind !== 'scalar'))];
  const groups: KernelGroup[] = [];
  const scheduled = new Set<Node>();
  const visiting = new Set<Node>();

  const schedule = (root: Node) => {
    if (scheduled.has(root) || visiting.has(root)) return;
    visiting.add(root);
    const sameShape = pending.filter((n) => !scheduled.has(n) && shapeKey(n) === shapeKey(root));
    const inside = new Set<Node>();
    for (const r of sameShape) unrealizedUnder(r, inside);
    // Targets of other shapes that this group reads run first.
    for (const other of pending) {
      if (other !== root && !sameShape.includes(other) && inside.has(other)) schedule(other);
    }
    // A random draw is indexed by its own shape: one read through a broadcast is computed first.
    for (const n of inside) {
      if (n.kind === 'random' && !n.realized && shapeKey(n) !== shapeKey(root)) {
        groups.push(...scheduleGroups([n]));
        markScheduledForPlanning(n);
      }
    }
    // Too big for one kernel: compute the largest subgraph first, as a group of its own.
    let cost = planCost(sameShape);
    while (cost.steps > MAX_FUSED_STEPS || cost.inputs > MAX_FUSED_INPUTS) {
      const cut = largestChild(sameShape);
      if (!cut) break;
      groups.push(...scheduleGroups([cut]));
      markScheduledForPlanning(cut);
      cost = planCost(sameShape);
    }
    for (const r of sameShape) scheduled.add(r);
    groups.push({ roots: sameShape });
    visiting.delete(root);
  };

  // While scheduling, a cut node is treated as realized by planCost through a placeholder.
  const placeholders = new Map<Node, Node['realized']>();
  const markScheduledForPlanning = (n: Node) => {
    if (!n.realized) {
      placeholders.set(n, { storage: undefined, strides: contiguousStrides(n.shape), offset: 0 });
      n.realized = placeholders.get(n);
    }
  };
  for (const t of pending) schedule(t);
  for (const n of placeholders.keys()) n.realized = undefined;
  return groups;
}

function record(plan: KernelPlan, outputs: Storage[]): void {
  plan.outputs.forEach((o, k) => {
    o.node.realized = { storage: outputs[k], strides: contiguousStrides(o.node.shape), offset: 0 };
  });
}

export function evaluate(runner: Runner, targets: readonly Node[]): void {
  for (const group of scheduleGroups(targets)) {
    const plan = planKernel(group.roots);
    record(plan, runner.run(plan));
  }
}

export async function evaluateAsync(runner: Runner, targets: readonly Node[]): Promise<void> {
  for (const group of scheduleGroups(targets)) {
    if (group.roots.every((r) => r.realized)) continue;
    const plan = planKernel(group.roots);
    record(plan, await runner.runAsync(plan));
  }
}

/** The kernel plans evaluating `targets` would run (nothing is executed). */
export function explainPlans(targets: readonly Node[]): KernelPlan[] {
  const groups = scheduleGroups(targets);
  // Plans after the first may read earlier groups' results: stand in placeholders while planning.
  const placeholders: Node[] = [];
  const plans: KernelPlan[] = [];
  for (const g of groups) {
    plans.push(planKernel(g.roots));
    for (const r of g.roots) {
      r.realized = { storage: undefined, strides: contiguousStrides(r.shape), offset: 0 };
      placeholders.push(r);
    }
  }
  for (const n of placeholders) n.realized = undefined;
  return plans;
}
