// Which inputs of a reduce plan each of its outputs depends on (the elementwise twin is
// kernel-plan.ts outputDependencies): a fault of an input buffer (an index error,
// src/api/kernel-faults.ts) goes only to the outputs computed from it. A kernel that fuses
// reductions of unrelated arrays (sibling reductions of one shape) otherwise gave each output the
// faults of every input, so a write's bad index was raised by a read of an array it never reached.
import { stepArgs, type PlanStep } from './kernel-plan.js';
import type { ReducePlan } from './reduce-plan.js';

/** A step domain of the plan: its steps by id, and where its loads' input indices start in planInputs order. */
interface Domain { steps: Map<number, PlanStep>; inputBase: number }

/** Per output, in planOutputs order (outOutputs, then rowOutputs): the planInputs indices it reads. */
export function reduceOutputDependencies(plan: ReducePlan): Array<{ inputs: number[] }> {
  const byId = (steps: readonly PlanStep[]) => new Map(steps.map((s) => [s.id, s]));
  const row: Domain = { steps: byId(plan.rowSteps), inputBase: 0 };
  const out: Domain = { steps: byId(plan.outSteps), inputBase: plan.rowInputs.length };
  // (hoisted values read no inputs themselves: only results and earlier hoisted values)
  const hoisted = new Map(plan.hoisted.map((h) => [h.index, { domain: { steps: byId(h.steps), inputBase: -1 }, value: h.value }]));

  const dependencies = (domain: Domain, step: number): number[] => {
    const inputs = new Set<number>();
    const seen = new Map<Domain, Set<number>>();
    const stack: Array<[Domain, number]> = [[domain, step]];
    const reduced = (k: number) => {
      const h = hoisted.get(k);
      if (h) { stack.push([h.domain, h.value]); return; }
      const r = plan.reductions[k];
      stack.push([row, r.value]);
      if (r.online) reduced(r.online.center);
    };
    while (stack.length > 0) {
      const [d, id] = stack.pop()!;
      const done = seen.get(d) ?? new Set<number>();
      seen.set(d, done);
      if (done.has(id)) continue;
      done.add(id);
      const s = d.steps.get(id);
      // (a step the walk cannot place: every input, as before this walk)
      if (!s) return plan.rowInputs.concat(plan.outInputs).map((_, i) => i);
      if (s.kind === 'load' || s.kind === 'gather' || s.kind === 'search') inputs.add(d.inputBase + s.input);
      if (s.kind === 'reduced') reduced(s.reduction);
      for (const a of stepArgs(s)) stack.push([d, a]);
    }
    return [...inputs];
  };
  return [
    ...plan.outOutputs.map((o) => ({ inputs: dependencies(out, o.step) })),
    ...plan.rowOutputs.map((o) => ({ inputs: dependencies(row, o.step) })),
  ];
}
