// What the CUDA and JS reduction generators share: which steps each phase needs, and the
// parameter list the launcher fills in.
import type { PlanStep } from '../ir/kernel-plan.js';
import type { ReducePlan } from '../ir/reduce-plan.js';

/** The steps (in plan order) that computing `roots` needs. */
export { stepsNeeded as closure } from '../ir/reduce-hoist.js';

/**
 * The results `steps` read (red<k>: a phase's, or a hoisted value's), in increasing k: what a
 * phase's helper function or WebAssembly module takes after the scalars.
 */
export function reducedReads(steps: readonly PlanStep[]): number[] {
  return [...new Set(steps.flatMap((s) => (s.kind === 'reduced' ? [s.reduction] : [])))].sort((a, b) => a - b);
}

/** Everything a reduction kernel is passed, in order. */
export type ReduceParam =
  | { kind: 'rowInput'; index: number }
  | { kind: 'outInput'; index: number }
  | { kind: 'outOutput'; index: number }
  | { kind: 'rowOutput'; index: number }
  | { kind: 'scalar'; index: number; code: 'i' | 'I' | 'l' | 'L' | 'f' | 'd' }
  | { kind: 'outSize' }
  | { kind: 'reduceSize' }
  | { kind: 'keptDim'; index: number }
  | { kind: 'reducedDim'; index: number }
  | { kind: 'rowStride'; input: number; dim: number }
  | { kind: 'rowOutStride'; output: number; dim: number }
  | { kind: 'outStride'; input: number; dim: number }
  | { kind: 'partial'; index: number }
  | { kind: 'partialIndex'; index: number }
  | { kind: 'segments' }
  | { kind: 'vectorOk' }
  | { kind: 'segmentLength' };

/** Row-domain accesses (inputs, then row outputs): name prefix and strides over all dims. */
export interface RowAccess {
  name: string;
  strides: number[];
  /** An input constant along the reduced dims (ReducePlan.rowConstant). */
  constant: boolean;
  /** An input of stride 1 along the single reduced dim (ReducePlan.unitRow). */
  unit: boolean;
}

export function rowAccesses(plan: ReducePlan): RowAccess[] {
  return [
    ...plan.rowInputs.map((i, k) => ({ name: `in${k}`, strides: i.strides, constant: plan.rowConstant[k], unit: plan.unitRow[k] })),
    ...plan.rowOutputs.map((o, k) => ({ name: `rout${k}`, strides: o.strides, constant: false, unit: false })),
  ];
}

/** The index of the sentinel "no element yet" of 'arg' accumulators. */
export const ARG_SENTINEL = 0x7fffffffffffffffn;
