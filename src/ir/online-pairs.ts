// Two reductions of one value that a kernel can fold in one read ("online"), where the second
// reads the first's result:
//   squares: sum((y - c)²) with c computed from s = sum(y) alone (var's mean s / N): Welford's
//            update per element and Chan's combine of partial (sum, M2, count) states;
//   exp:     sum(exp(y - m)) with m = max(y) (softmax, logsumexp): the running sum is rescaled
//            by exp(m_old - m_new) whenever the maximum grows.
// Folded apart, the second reduction needs the first's result before it starts: a kernel whose
// threads share a row only through a second pass (a split reduction, or columns) read every
// element twice. The scheduler asks here which reductions may join their partner's kernel
// (onlinePartner, over graph nodes); the reduce plan finds the same pairs over its steps
// (findOnlinePairs); codegen/cuda-reduce-online.ts writes the folds. Only float32 and float64.
// The CPU backend's code folds every plan's phases one after the other.
import type { DType } from './dtype.js';
import type { Node, ReduceNode } from './graph.js';
import type { PlanReduction } from './reduce-plan.js';
import type { PlanStep } from './kernel-plan.js';
import { REDUCE_OPS } from './reductions.js';

export type OnlineKind = 'squares' | 'exp';

/** Phase `of` (an earlier one) and this phase fold in one pass. */
export interface OnlinePair {
  kind: OnlineKind;
  of: number;
  /**
   * What the phase centers on, c (squares) or m (exp): found as a row step's id; in a planned
   * ReducePlan, the index of the result the kernels name red<center> (reduce-plan.ts).
   */
  center: number;
}

const floatType = (d: DType) => d.name === 'float32' || d.name === 'float64';

/** One node, or equal casts of one node (each reduction casts its input to its accumulator). */
export function sameValue(a: Node, b: Node): boolean {
  return a === b || (a.kind === 'cast' && b.kind === 'cast' && a.dtype === b.dtype && a.input === b.input);
}

/** The node under views and broadcasts. */
function underViews(n: Node): Node {
  let m = n;
  while ((m.kind === 'view' && m.movement.kind !== 'part') || m.kind === 'broadcast') m = m.input;
  return m;
}

/** The parts of `value` = f(y - c) of an online fold: its kind, y and c (nodes), or undefined. */
function foldShape(value: Node, dtype: DType): { kind: OnlineKind; y: Node; c: Node } | undefined {
  if (value.kind !== 'map' || value.dtype !== dtype || value.inputDtype !== dtype) return undefined;
  const name = value.op.name;
  let kind: OnlineKind;
  if (name === 'square' || (name === 'multiply' && value.inputs[0] === value.inputs[1])) kind = 'squares';
  else if (name === 'exp') kind = 'exp';
  else return undefined;
  const d = value.inputs[0];
  if (d.kind !== 'map' || d.op.name !== 'subtract' || d.dtype !== dtype || d.inputDtype !== dtype || d.inputDtypes) return undefined;
  const [y, c] = d.inputs;
  if (y.dtype !== dtype || c.dtype !== dtype) return undefined;
  return { kind, y, c };
}

/** Whether the unrealized work under `n` reads no reduction (a bounded walk: false past `budget` nodes). */
function readsNoReduction(n: Node, budget = 64): boolean {
  const seen = new Set<Node>();
  const stack = [n];
  while (stack.length > 0) {
    const m = stack.pop()!;
    if (seen.has(m) || m.realized) continue;
    if (m.kind === 'reduce' || seen.size >= budget) return false;
    seen.add(m);
    if (m.kind === 'map' || m.kind === 'where') stack.push(...m.inputs);
    else if (m.kind === 'cast' || m.kind === 'broadcast' || m.kind === 'view') stack.push(m.input);
    else if (m.kind !== 'scalar' && m.kind !== 'source') return false;
  }
  return true;
}

/**
 * The reduction that `r` folds against online: r = sum((y - c)²) with c a function of b = sum(y)
 * and numbers alone, or r = sum(exp(y - b)) with b = max(y); y reading no reduction. Undefined
 * where r is no such fold.
 */
export function onlinePartner(r: ReduceNode): ReduceNode | undefined {
  if (r.op !== REDUCE_OPS.sum || !floatType(r.dtype) || r.realized) return undefined;
  const parts = foldShape(r.input, r.dtype);
  if (!parts || !readsNoReduction(parts.y)) return undefined;
  const partnerOp = parts.kind === 'squares' ? REDUCE_OPS.sum : REDUCE_OPS.max;
  const isPartner = (b: Node): b is ReduceNode =>
    b.kind === 'reduce' && !b.realized && b.op === partnerOp && b.dtype === r.dtype && sameValue(b.input, parts.y);
  if (parts.kind === 'exp') {
    const b = underViews(parts.c);
    return isPartner(b) ? b : undefined;
  }
  // c: elementwise work over one partner reduction and numbers
  let partner: ReduceNode | undefined;
  const seen = new Set<Node>();
  const stack = [parts.c];
  while (stack.length > 0) {
    const m = stack.pop()!;
    if (seen.has(m)) continue;
    seen.add(m);
    if (seen.size > 64) return undefined;
    if (m.kind === 'scalar') continue;
    if (m.kind === 'reduce') {
      if (!isPartner(m) || (partner && partner !== m)) return undefined;
      partner = m;
    } else if (m.realized) {
      return undefined;
    } else if (m.kind === 'map') {
      stack.push(...m.inputs);
    } else if (m.kind === 'cast' || m.kind === 'broadcast' || (m.kind === 'view' && m.movement.kind !== 'part')) {
      stack.push(m.input);
    } else {
      return undefined;
    }
  }
  return partner;
}

/**
 * The same pairs over a reduce plan's row steps (before hoisting): for each phase, its partner
 * phase and center, or undefined. A phase pairs with an earlier one that is itself no fold of
 * another's result; each earlier phase with one later phase at most.
 */
export function findOnlinePairs(steps: readonly PlanStep[], reductions: readonly PlanReduction[]): (OnlinePair | undefined)[] {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const readsResults = (root: number): boolean => {
    const stack = [root];
    const seen = new Set<number>();
    while (stack.length > 0) {
      const s = byId.get(stack.pop()!);
      if (!s || seen.has(s.id)) continue;
      seen.add(s.id);
      if (s.kind === 'reduced') return true;
      if (s.kind === 'op' || s.kind === 'select' || s.kind === 'gather') stack.push(...s.args);
      else if (s.kind === 'cast' || s.kind === 'search') stack.push(s.arg);
    }
    return false;
  };
  const pairs: (OnlinePair | undefined)[] = reductions.map(() => undefined);
  const taken = new Set<number>();
  reductions.forEach((r, j) => {
    if (r.op !== REDUCE_OPS.sum || !floatType(r.dtype)) return;
    const v = byId.get(r.value);
    if (!v || v.kind !== 'op' || v.dtype !== r.dtype || v.inputDtype !== r.dtype) return;
    const name = v.op.name;
    const kind: OnlineKind | undefined = name === 'square' || (name === 'multiply' && v.args[0] === v.args[1]) ? 'squares' : name === 'exp' ? 'exp' : undefined;
    const d = byId.get(v.args[0]);
    if (!kind || !d || d.kind !== 'op' || d.op.name !== 'subtract' || d.dtype !== r.dtype || d.inputDtype !== r.dtype) return;
    const [y, c] = d.args;
    if (readsResults(y)) return;
    const partnerOp = kind === 'squares' ? REDUCE_OPS.sum : REDUCE_OPS.max;
    const k = reductions.findIndex((b, i) => i < j && b.op === partnerOp && b.value === y && b.dtype === r.dtype && !pairs[i] && !taken.has(i));
    if (k < 0) return;
    if (!centerOf(byId, c, k, kind === 'exp')) return;
    pairs[j] = { kind, of: k, center: c };
    taken.add(k);
  });
  return pairs;
}

/** Whether step `c` reads phase k's result and numbers alone (`direct`: is that result itself). */
function centerOf(byId: ReadonlyMap<number, PlanStep>, c: number, k: number, direct: boolean): boolean {
  const top = byId.get(c);
  if (direct) return top?.kind === 'reduced' && top.reduction === k;
  let readsK = false;
  const stack = [c];
  const seen = new Set<number>();
  while (stack.length > 0) {
    const s = byId.get(stack.pop()!);
    if (!s) return false;
    if (seen.has(s.id)) continue;
    seen.add(s.id);
    if (s.kind === 'reduced') {
      if (s.reduction !== k) return false;
      readsK = true;
    } else if (s.kind === 'op') {
      stack.push(...s.args);
    } else if (s.kind === 'cast') {
      stack.push(s.arg);
    } else if (s.kind !== 'scalar') {
      return false;
    }
  }
  return readsK;
}
