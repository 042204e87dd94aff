// Row-invariant work of a reduce plan, computed once per output instead of once per element.
// A row step that reads only earlier phases' results and scalars has one value along the whole
// row: `sqrt(var + eps)` in a normalization, or the bias of `b = b - err.mean(1, keepdims=True) * lr`
// refolded each step of a loop that is never evaluated in between. Left in the row, each phase
// computed it again per element, and a chain of k such steps (each reading the one before)
// made phase k re-derive all k: quadratic work and a kernel text quadratic in the phases (200 lazy
// bias steps overflowed V8's stack compiling the CPU kernel). Here each such value is taken out of
// the row: computed once per output after the phase whose result it reads last, and read by the
// row as a `reduced` step of its own index (after the reductions' indices), so every generator
// gives it the same name (red<index>) as a phase's result.
import { stepArgs, type PlanStep } from './kernel-plan.js';

export interface HoistedValue {
  /** Its name in the kernels: red<index>, after the reductions' own indices. */
  index: number;
  /** The phase after whose result it is computed (the last phase it reads). */
  after: number;
  /** Its steps, in plan order: no loads; results and earlier hoisted values as `reduced` steps. */
  steps: PlanStep[];
  /** The step among `steps` whose value it is. */
  value: number;
}

/** `steps` (in plan order) that computing `roots` needs (codegen/reduce-common.ts's closure). */
export function stepsNeeded(steps: readonly PlanStep[], roots: readonly number[]): PlanStep[] {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const need = new Set<number>();
  const stack = [...roots];
  while (stack.length > 0) {
    const id = stack.pop()!;
    const s = byId.get(id);
    if (need.has(id) || !s) continue;
    need.add(id);
    stack.push(...stepArgs(s));
  }
  return steps.filter((s) => need.has(s.id));
}

/**
 * The row steps with each row-invariant value read along the row replaced by a `reduced` step of
 * index `reductions` + its place in `hoisted`; and the hoisted values, in the order they are
 * computed. `roots`: the steps the row computes (each reduction's value, each row output's).
 */
export function hoistInvariants(rowSteps: readonly PlanStep[], reductions: number, roots: readonly number[]): { rowSteps: PlanStep[]; hoisted: HoistedValue[] } {
  // The last phase an invariant step reads (-1: scalars only); absent: it varies along the row.
  const after = new Map<number, number>();
  for (const s of rowSteps) {
    if (s.kind === 'scalar') after.set(s.id, -1);
    else if (s.kind === 'reduced') after.set(s.id, s.reduction);
    else if (s.kind === 'op' || s.kind === 'cast' || s.kind === 'select') {
      const args = stepArgs(s);
      if (args.every((a) => after.has(a))) after.set(s.id, Math.max(-1, ...args.map((a) => after.get(a)!)));
    }
  }
  const byId = new Map(rowSteps.map((s) => [s.id, s]));
  // Worth a value of its own: computed (not a plain scalar or result), reading some result, and
  // read by the row (by a varying step, as a reduction's value, or as a row output).
  const worth = (id: number) => (after.get(id) ?? -1) >= 0 && byId.get(id)!.kind !== 'reduced';
  const chosen = new Set<number>();
  for (const s of rowSteps) if (!after.has(s.id)) for (const a of stepArgs(s)) if (worth(a)) chosen.add(a);
  for (const id of roots) if (worth(id)) chosen.add(id);
  if (chosen.size === 0) return { rowSteps: [...rowSteps], hoisted: [] };

  const order = rowSteps.filter((s) => chosen.has(s.id)).sort((a, b) => after.get(a.id)! - after.get(b.id)!);
  const indexOf = new Map(order.map((s, j) => [s.id, reductions + j]));
  const asRead = (s: PlanStep): PlanStep => ({ kind: 'reduced', id: s.id, reduction: indexOf.get(s.id)!, dtype: s.dtype });
  const hoisted = order.map((h): HoistedValue => {
    const own = rowSteps.map((s) => (s !== h && chosen.has(s.id) ? asRead(s) : s));
    return { index: indexOf.get(h.id)!, after: after.get(h.id)!, steps: stepsNeeded(own, [h.id]), value: h.id };
  });
  const replaced = rowSteps.map((s) => (chosen.has(s.id) ? asRead(s) : s));
  return { rowSteps: stepsNeeded(replaced, roots), hoisted };
}
