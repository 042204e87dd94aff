// A row value computed once on the CPU backend: softmax's exp(x - max) is both what its last
// phase sums and what its row output divides, so the JS reduce kernel (./js-reduce.ts) would
// compute exp twice per element. Where that value is costly, the kernel instead writes it into the
// row output first (a pass of its own), sums the stored values, and finishes the row output in
// place from them: exp once, at the price of one more pass over a row that is in the cache.
// The sum and the output read the same stored values, so they agree bit for bit with each other
// (where before a row's sum and its output could each take WebAssembly or JS for the exp).
import type { PlanStep } from '../ir/kernel-plan.js';
import type { ReducePlan } from '../ir/reduce-plan.js';
import { closure } from './reduce-common.js';

/** Ops cheaper than a store and a load of their result: a value made of these alone is recomputed. */
const CHEAP_OPS = new Set(['add', 'subtract', 'multiply', 'divide', 'negative', 'positive', 'absolute', 'square', 'maximum', 'minimum']);

export interface CachedRowValue {
  /** The phase whose summed value is cached (the plan's last reduction). */
  phase: number;
  /** The step id of that value. */
  value: number;
  /** The row input (its index in `plan.rowInputs`) that reads the stored values: `in<input>` aliases `rout0`. */
  input: number;
  /**
   * The plan with that input added and the value's step turned into a load of it: the phase sums
   * it, and the row output's steps read it.
   */
  plan: ReducePlan;
}

/**
 * The cached row value of `plan`, or undefined where recomputing is cheaper or caching does not
 * apply: one row output of the value's float dtype, the last phase a pairwise float sum (`pairwise`,
 * js-reduce.ts's test) of a value the row output also reads, and a costly op among the value's steps.
 */
export function cachedRowValue(plan: ReducePlan, pairwise: (phase: number, steps: readonly PlanStep[]) => boolean): CachedRowValue | undefined {
  if (plan.rowOutputs.length !== 1 || plan.reductions.length === 0) return undefined;
  if (plan.rowSteps.some((s) => s.kind === 'random' || s.kind === 'gather')) return undefined;
  const phase = plan.reductions.length - 1;
  const value = plan.reductions[phase].value;
  const steps = closure(plan.rowSteps, [value]);
  if (!pairwise(phase, steps)) return undefined;
  const out = plan.rowOutputs[0];
  const step = steps.find((s) => s.id === value)!;
  if (step.dtype.name !== out.dtype.name || (step.dtype.name !== 'float32' && step.dtype.name !== 'float64')) return undefined;
  // (the output is never the value itself: the scheduler puts a requested value and its sum in kernels of their own)
  if (out.step === value || !closure(plan.rowSteps, [out.step]).some((s) => s.id === value)) return undefined;
  if (!steps.some((s) => s.kind === 'op' && !CHEAP_OPS.has(s.op.name))) return undefined;
  const input = plan.rowInputs.length;
  const load: PlanStep = { kind: 'load', id: value, input, dtype: step.dtype };
  const cached: ReducePlan = {
    ...plan,
    rowInputs: [...plan.rowInputs, { node: out.node, dtype: out.dtype, access: 'strided', strides: out.strides, offset: 0 }],
    rowSteps: plan.rowSteps.map((s) => (s.id === value ? load : s)),
  };
  return { phase, value, input, plan: cached };
}
