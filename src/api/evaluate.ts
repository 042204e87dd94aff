// Evaluation: the scheduler cuts the unrealized graph under the requested arrays into kernel
// groups (schedule.ts); each group becomes a plan (elementwise, reduce or scan), runs, and its
// results are recorded on their nodes so that nothing is computed twice.
import type { Node } from '../ir/graph.js';
import { planKernel } from '../ir/kernel-plan.js';
import { planReduce } from '../ir/reduce-plan.js';
import { planScan } from '../ir/scan-plan.js';
import { contiguousStrides } from '../ir/shape.js';
import { planOutputs, type AnyPlan, type Runner, type Storage } from './runners.js';
import { observeEvaluation } from './explain-hook.js';
import { scheduleGroups, type KernelGroup } from './schedule.js';

export { scheduleGroups, type KernelGroup };

export function planGroup(group: KernelGroup): AnyPlan {
  switch (group.kind) {
    case 'elementwise': return planKernel(group.roots);
    case 'reduce': return planReduce(group.reductions, group.outRoots, group.rowRoots);
    case 'scan': return planScan(group.node);
  }
}

function record(plan: AnyPlan, outputs: Storage[]): void {
  planOutputs(plan).forEach((o, k) => {
    o.node.realized = { storage: outputs[k], strides: contiguousStrides(o.node.shape), offset: 0 };
  });
}

export function evaluate(runner: Runner, targets: readonly Node[]): void {
  const groups = scheduleGroups(targets);
  const watch = observeEvaluation(runner, targets, groups);
  for (const group of groups) {
    const plan = planGroup(group);
    record(plan, runner.run(plan));
    watch?.kernelRan(plan, group);
  }
}

export async function evaluateAsync(runner: Runner, targets: readonly Node[]): Promise<void> {
  const groups = scheduleGroups(targets);
  const watch = observeEvaluation(runner, targets, groups);
  for (const group of groups) {
    const plan = planGroup(group);
    if (planOutputs(plan).every((o) => o.node.realized)) continue;
    record(plan, await runner.runAsync(plan));
    watch?.kernelRan(plan, group);
  }
}

/** The groups and plans evaluating `targets` would run (nothing is executed). */
export function explainPlans(targets: readonly Node[]): Array<{ group: KernelGroup; plan: AnyPlan }> {
  const groups = scheduleGroups(targets);
  // Plans after the first may read earlier groups' results: stand in placeholders while planning.
  const placeholders: Node[] = [];
  const out: Array<{ group: KernelGroup; plan: AnyPlan }> = [];
  try {
    for (const group of groups) {
      const plan = planGroup(group);
      out.push({ group, plan });
      for (const o of planOutputs(plan)) {
        if (o.node.realized) continue;
        o.node.realized = { storage: undefined, strides: contiguousStrides(o.node.shape), offset: 0 };
        placeholders.push(o.node);
      }
    }
  } finally {
    for (const n of placeholders) n.realized = undefined;
  }
  return out;
}
