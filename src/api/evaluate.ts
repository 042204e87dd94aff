// Evaluation: cuts the unrealized graph under the requested arrays into kernels (one per
// iteration shape, over-large graphs split at their largest subgraph), runs them in dependency
// order, and records each result on its node so that nothing is computed twice.
import type { Node } from '../ir/graph.js';
import { nodeInputs } from '../ir/graph.js';
import { MAX_FUSED_INPUTS, MAX_FUSED_STEPS, planCost, planKernel, type KernelPlan } from '../ir/kernel-plan.js';
import { contiguousStrides, formatShape } from '../ir/shape.js';
import { observeEvaluation } from './explain-hook.js';
import type { Runner, Storage } from './runners.js';

/** One kernel's worth of roots, in the order they must run. */
export interface KernelGroup {
  roots: Node[];
  /** Why these roots are a kernel of their own (for `cupyts explain`). */
  reason?: string;
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
export function scheduleGroups(targets: readonly Node[], reason?: string): KernelGroup[] {
  const pending = [...new Set(targets.filter((n) => !n.realized && n.kind !== 'scalar'))];
  const groups: KernelGroup[] = [];
  const scheduled = new Set<Node>();
  const visiting = new Set<Node>();

  const schedule = (root: Node, why: string) => {
    if (scheduled.has(root) || visiting.has(root)) return;
    visiting.add(root);
    const sameShape = pending.filter((n) => !scheduled.has(n) && shapeKey(n) === shapeKey(root));
    const inside = new Set<Node>();
    for (const r of sameShape) unrealizedUnder(r, inside);
    // Targets of other shapes that this group reads run first.
    for (const other of pending) {
      if (other !== root && !sameShape.includes(other) && inside.has(other)) {
        schedule(other, `shape ${formatShape(other.shape)} differs from the kernel of shape ${formatShape(root.shape)} that reads it`);
      }
    }
    // Too big for one kernel: compute the largest subgraph first, as a group of its own.
    let cost = planCost(sameShape);
    while (cost.steps > MAX_FUSED_STEPS || cost.inputs > MAX_FUSED_INPUTS) {
      const cut = largestChild(sameShape);
      if (!cut) break;
      const over = cost.steps > MAX_FUSED_STEPS ? `${cost.steps} steps (MAX_FUSED_STEPS ${MAX_FUSED_STEPS})` : `${cost.inputs} inputs (MAX_FUSED_INPUTS ${MAX_FUSED_INPUTS})`;
      groups.push(...scheduleGroups([cut], `split off first: fused with its readers the kernel would have ${over}`));
      markScheduledForPlanning(cut);
      cost = planCost(sameShape);
    }
    for (const r of sameShape) scheduled.add(r);
    groups.push({ roots: sameShape, reason: why });
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
  for (const t of pending) schedule(t, reason ?? `the requested arrays of shape ${formatShape(t.shape)}`);
  for (const n of placeholders.keys()) n.realized = undefined;
  return groups;
}

function record(plan: KernelPlan, outputs: Storage[]): void {
  plan.outputs.forEach((o, k) => {
    o.node.realized = { storage: outputs[k], strides: contiguousStrides(o.node.shape), offset: 0 };
  });
}

export function evaluate(runner: Runner, targets: readonly Node[]): void {
  const groups = scheduleGroups(targets);
  const watch = observeEvaluation(runner, targets, groups);
  for (const group of groups) {
    const plan = planKernel(group.roots);
    record(plan, runner.run(plan));
    watch?.kernelRan(plan, group);
  }
}

export async function evaluateAsync(runner: Runner, targets: readonly Node[]): Promise<void> {
  const groups = scheduleGroups(targets);
  const watch = observeEvaluation(runner, targets, groups);
  for (const group of groups) {
    if (group.roots.every((r) => r.realized)) continue;
    const plan = planKernel(group.roots);
    record(plan, await runner.runAsync(plan));
    watch?.kernelRan(plan, group);
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
