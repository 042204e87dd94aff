// Reductions of one value that a kernel can fold in one read ("online"), where one reads the
// other's result:
//   squares: sum((y - c)²) with c = s·κ for s = sum(y) and numbers κ (var's mean s / N):
//            Welford's update per element and Chan's combine of partial (sum, M2, count) states;
//   exp:     sum(exp(y - m)) with m = max(y) (softmax, logsumexp): the running sum is rescaled
//            by exp(m_old - m_new) whenever the maximum grows.
// Folded apart, the second reduction needs the first's result before it starts: a kernel whose
// threads share a row only through a second pass (a split reduction, or columns) read every
// element twice. The scheduler asks here which reductions may join their partner's kernel
// (onlinePartner, over graph nodes); the reduce plan finds the same pairs over its steps
// (findOnlinePairs); codegen/cuda-reduce-online.ts writes the folds. Several readers may pair
// with one partner (a program's var and std): they share its fold and differ in c alone. Only
// float32 and float64 values that vary along the row (a load under them). The CPU backend's code
// folds every plan's phases one after the other.
import type { DType } from './dtype.js';
import type { Node, ReduceNode } from './graph.js';
import type { PlanReduction } from './reduce-plan.js';
import type { PlanStep } from './kernel-plan.js';
import { REDUCE_OPS } from './reductions.js';

export type OnlineKind = 'squares' | 'exp';

/** Phase `of` (an earlier one, the partner) and this phase fold in one pass; c (squares) or m (exp) is step `centerStep`. */
export interface OnlinePair {
  kind: OnlineKind;
  of: number;
  centerStep: number;
}

const floatType = (d: DType) => d.name === 'float32' || d.name === 'float64';
/** Ops c = s·κ may take: s scaled by numbers (divide: s / κ only). */
const SCALINGS = new Set(['multiply', 'divide']);

/** One node, or equal casts of one node (each reduction casts its input to its accumulator). */
export function sameValue(a: Node, b: Node): boolean {
  return a === b || (a.kind === 'cast' && b.kind === 'cast' && a.dtype === b.dtype && a.input === b.input);
}

/** The parts of `value` = f(y - c) of an online fold: its kind, y and c (nodes), or undefined. */
function foldShape(value: Node, dtype: DType): { kind: OnlineKind; y: Node; c: Node } | undefined {
  // (computed work is data: its inputs may be gone, graph.ts forgetInputs)
  if (value.kind !== 'map' || value.realized || value.dtype !== dtype || value.inputDtype !== dtype) return undefined;
  const name = value.op.name;
  let kind: OnlineKind;
  const arity = value.inputs.length;
  if ((name === 'square' && arity === 1) || (name === 'multiply' && arity === 2 && value.inputs[0] === value.inputs[1])) kind = 'squares';
  else if (name === 'exp' && arity === 1) kind = 'exp';
  else return undefined;
  const d = value.inputs[0];
  if (d.kind !== 'map' || d.realized || d.inputs.length !== 2 || d.op.name !== 'subtract' || d.dtype !== dtype || d.inputDtype !== dtype || d.inputDtypes) return undefined;
  const [y, c] = d.inputs;
  if (y.dtype !== dtype || c.dtype !== dtype) return undefined;
  return { kind, y, c };
}

/**
 * Whether `n` varies along a row as data under elementwise work, and reads no reduction (a
 * bounded walk: false past `budget` nodes, or at nodes the walk does not know).
 */
function variesWithoutReduction(n: Node, budget = 64): boolean {
  const seen = new Set<Node>();
  const stack = [n];
  let data = false;
  while (stack.length > 0) {
    const m = stack.pop()!;
    if (seen.has(m)) continue;
    if (m.realized || m.kind === 'source') {
      data = true;
      continue;
    }
    if (m.kind === 'reduce' || seen.size >= budget) return false;
    seen.add(m);
    if (m.kind === 'map' || m.kind === 'where') stack.push(...m.inputs);
    else if (m.kind === 'cast' || m.kind === 'broadcast' || m.kind === 'view') stack.push(m.input);
    else if (m.kind !== 'scalar') return false;
  }
  return data;
}

/**
 * The reduction that `r` folds against online: r = sum((y - c)²) with c = b·κ for b = sum(y),
 * or r = sum(exp(y - b)) with b = max(y); y data that reads no reduction, b read through
 * broadcasts alone (no view). Undefined where r is no such fold.
 */
export function onlinePartner(r: ReduceNode): ReduceNode | undefined {
  if (r.op !== REDUCE_OPS.sum || !floatType(r.dtype) || r.realized) return undefined;
  const parts = foldShape(r.input, r.dtype);
  if (!parts || !variesWithoutReduction(parts.y)) return undefined;
  const partnerOp = parts.kind === 'squares' ? REDUCE_OPS.sum : REDUCE_OPS.max;
  let c = parts.c;
  for (;;) {
    while (c.kind === 'broadcast' && !c.realized) c = c.input;
    if (parts.kind === 'squares' && c.kind === 'map' && !c.realized && SCALINGS.has(c.op.name) && c.inputs.length === 2) {
      // s·κ, κ·s or s / κ with κ a number
      const [x, k] = c.op.name === 'multiply' && c.inputs[0].kind === 'scalar' ? [c.inputs[1], c.inputs[0]] : c.inputs;
      if (k.kind !== 'scalar' || x.dtype !== r.dtype || k.dtype !== r.dtype || c.dtype !== r.dtype || c.inputDtype !== r.dtype || c.inputDtypes) return undefined;
      c = x;
      continue;
    }
    break;
  }
  const b = c;
  return b.kind === 'reduce' && !b.realized && b.op === partnerOp && b.dtype === r.dtype && sameValue(b.input, parts.y) ? b : undefined;
}

/**
 * The same pairs over a reduce plan's row steps (before hoisting): for each phase, its partner
 * phase and center, or undefined. A partner is a phase of no fold itself.
 */
export function findOnlinePairs(steps: readonly PlanStep[], reductions: readonly PlanReduction[]): (OnlinePair | undefined)[] {
  const byId = new Map(steps.map((s) => [s.id, s]));
  /** Whether the steps under `root` read a result (false) and load something along the row (true). */
  const varies = (root: number): boolean => {
    const stack = [root];
    const seen = new Set<number>();
    let loads = false;
    while (stack.length > 0) {
      const s = byId.get(stack.pop()!);
      if (!s || seen.has(s.id)) continue;
      seen.add(s.id);
      if (s.kind === 'reduced') return false;
      if (s.kind === 'load' || s.kind === 'random' || s.kind === 'rindex') loads = true;
      if (s.kind === 'op' || s.kind === 'select' || s.kind === 'gather') stack.push(...s.args);
      else if (s.kind === 'cast' || s.kind === 'search') stack.push(s.arg);
      if (s.kind === 'gather' || s.kind === 'search') loads = true;
    }
    return loads;
  };
  return reductions.map((r, j) => {
    if (r.op !== REDUCE_OPS.sum || !floatType(r.dtype)) return undefined;
    const v = byId.get(r.value);
    if (!v || v.kind !== 'op' || v.dtype !== r.dtype || v.inputDtype !== r.dtype) return undefined;
    const name = v.op.name;
    const arity = v.args.length;
    const kind: OnlineKind | undefined = (name === 'square' && arity === 1) || (name === 'multiply' && arity === 2 && v.args[0] === v.args[1]) ? 'squares' : name === 'exp' && arity === 1 ? 'exp' : undefined;
    const d = kind ? byId.get(v.args[0]) : undefined;
    if (!kind || !d || d.kind !== 'op' || d.args.length !== 2 || d.op.name !== 'subtract' || d.dtype !== r.dtype || d.inputDtype !== r.dtype) return undefined;
    const [y, c] = d.args;
    if (!varies(y)) return undefined;
    const partnerOp = kind === 'squares' ? REDUCE_OPS.sum : REDUCE_OPS.max;
    const k = reductions.findIndex((b, i) => i < j && b.op === partnerOp && b.value === y && b.dtype === r.dtype);
    if (k < 0 || !scaledResult(byId, c, k, kind === 'squares', r.dtype)) return undefined;
    return { kind, of: k, centerStep: c };
  });
}

/** Whether step `c` is phase k's result, scaled by numbers where `scaled` (s·κ, κ·s, s / κ). */
function scaledResult(byId: ReadonlyMap<number, PlanStep>, c: number, k: number, scaled: boolean, dtype: DType): boolean {
  let s = byId.get(c);
  while (scaled && s?.kind === 'op' && SCALINGS.has(s.op.name) && s.args.length === 2 && s.dtype === dtype && s.inputDtype === dtype) {
    const [a, b] = s.args.map((id) => byId.get(id));
    const [x, number] = s.op.name === 'multiply' && a?.kind === 'scalar' ? [b, a] : [a, b];
    if (number?.kind !== 'scalar') return false;
    s = x;
  }
  return s?.kind === 'reduced' && s.reduction === k;
}
