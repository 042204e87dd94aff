// Evaluation: the scheduler cuts the unrealized graph under the requested arrays into kernel
// groups (src/compiler/schedule.ts); each group becomes a plan (elementwise, reduce or scan), runs, and its
// results are recorded on their nodes so that nothing is computed twice.
import { forgetInputs, replaceInput, type Node } from '../ir/graph.js';
import { CupytsError } from '../ir/errors.js';
import { planKernel, realizeAsAlias, viewLayout } from '../ir/kernel-plan.js';
import { planReduce } from '../ir/reduce-plan.js';
import { planScan } from '../ir/scan-plan.js';
import { planBincount } from '../ir/bincount-plan.js';
import { planSort } from '../ir/sort-plan.js';
import { contiguousStrides } from '../ir/shape.js';
import { planOutputs, type AnyPlan, type Runner, type Storage } from './runners.js';
import { observeEvaluation } from './explain-hook.js';
import { nodeRealized, resolveStaleReads } from '../ir/readers.js';
import { scheduleGroups, type KernelGroup, type ScheduleBackend } from '../compiler/schedule.js';
import { traceEvaluated, traceEvaluation, traceKernel, traceWriting, tracing } from './jit-trace.js';
import { releaseComputed } from './release.js';

export { scheduleGroups, type KernelGroup };

export type PlannedGroup = Exclude<KernelGroup, { kind: 'alias' }>;

export function planGroup(group: PlannedGroup): AnyPlan {
  switch (group.kind) {
    case 'elementwise': return planKernel(group.roots);
    case 'reduce': return planReduce(group.reductions, group.outRoots, group.rowRoots, { online: group.online === true });
    case 'scan': return planScan(group.node);
    case 'sort': return planSort(group.node, group.window);
    case 'bincount': return planBincount(group.node);
  }
}

/** A requested view of computed data becomes that data with the view's layout. */
function alias(group: Extract<KernelGroup, { kind: 'alias' }>): void {
  if (!realizeAsAlias(group.node)) throw new CupytsError('ERR_INTERNAL', `evaluate: view node ${group.node.id} cannot alias its input`);
}

function record(plan: AnyPlan, outputs: Storage[]): void {
  traceKernel(plan, outputs);
  planOutputs(plan).forEach((o, k) => {
    o.node.realized = { storage: outputs[k], strides: contiguousStrides(o.node.shape), offset: 0 };
    const fell = nodeRealized(o.node);
    forgetInputs(o.node);
    // A trace keeps every buffer it saw for its replays: nothing is freed under one.
    if (!tracing()) releaseComputed(o.node, fell);
  });
}

export function evaluate(runner: Runner, targets: readonly Node[]): void {
  if (traceEvaluation(runner, targets)) return;
  runGroups(runner, targets, scheduleGroups(targets, runner.kind));
  traceEvaluated(runner, targets);
}

/**
 * Computes what `node` needs before one kernel can compute it (reductions, scans, draws read
 * through views, ...), but not `node`'s own elementwise kernel: a write fuses that kernel into
 * itself (src/api/assign.ts). Where `node`'s last group is not an elementwise kernel of its own
 * (a reduction with its epilogue), `node` is computed.
 */
export function evaluateInputsOf(runner: Runner, node: Node): void {
  traceWriting(runner, node);
  const groups = scheduleGroups([node], runner.kind);
  const last = groups[groups.length - 1];
  const own = last?.kind === 'elementwise' && last.roots.length === 1 && last.roots[0] === node;
  runGroups(runner, [node], own ? groups.slice(0, -1) : groups);
}

/**
 * A group computed first for a later one (a gather its consumer cannot fuse) whose nodes nothing
 * needs any more: no array holds them and their lazy readers were computed meanwhile, inside an
 * earlier group's kernel. Their data may be gone (a snapshot freed when its last reader ran).
 */
const unneeded = (group: KernelGroup): boolean =>
  group.kind === 'elementwise' && group.roots.every((n) => !n.realized && n.abandoned && (n.pendingReaders ?? 0) === 0);

function runGroups(runner: Runner, targets: readonly Node[], groups: KernelGroup[]): void {
  const watch = observeEvaluation(runner, targets, groups);
  for (const group of groups) {
    if (group.kind === 'alias') {
      alias(group);
      continue;
    }
    if (unneeded(group)) continue;
    const plan = planGroup(group);
    record(plan, runner.run(plan));
    watch?.kernelRan(plan, group);
  }
}

export async function evaluateAsync(runner: Runner, targets: readonly Node[]): Promise<void> {
  if (traceEvaluation(runner, targets)) return;
  const groups = scheduleGroups(targets, runner.kind);
  const watch = observeEvaluation(runner, targets, groups);
  for (const group of groups) {
    if (group.kind === 'alias') {
      if (!group.node.realized) alias(group);
      continue;
    }
    if (unneeded(group)) continue;
    const first = planGroup(group);
    if (planOutputs(first).every((o) => o.node.realized)) continue;
    await runner.prepareAsync(first);
    // Planned again after the compile: a write made meanwhile points what this group and the
    // rest read of the written data at the copy of its time, and a synchronous evaluation may
    // have computed some of it. The launch is synchronous: nothing comes between plan and kernel.
    resolveStaleReads(targets, replaceInput);
    const plan = planGroup(group);
    if (planOutputs(plan).every((o) => o.node.realized)) continue;
    record(plan, runner.run(plan));
    watch?.kernelRan(plan, group);
  }
}

/** The groups and plans evaluating `targets` on `backend` would run (nothing is executed). */
export function explainPlans(targets: readonly Node[], backend: ScheduleBackend = 'cuda'): Array<{ group: PlannedGroup; plan: AnyPlan }> {
  const groups = scheduleGroups(targets, backend);
  // Plans after the first may read earlier groups' results: stand in placeholders while planning.
  const placeholders: Node[] = [];
  const out: Array<{ group: PlannedGroup; plan: AnyPlan }> = [];
  try {
    for (const group of groups) {
      if (group.kind === 'alias') {
        if (!group.node.realized) {
          group.node.realized = { storage: undefined, strides: viewLayout(group.node)!.strides, offset: 0 };
          placeholders.push(group.node);
        }
        continue;
      }
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
