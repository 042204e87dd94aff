// What a phase of a CUDA reduce kernel accumulates, as lines of C: the per-thread state, the
// update by one element, the combination of two lanes' states (warp shuffles, shared memory, a
// split plan's partials) and the results. A plain fold keeps one value, an 'arg' op a value and
// an index; a joint pair (src/ir/reduce-pairs.ts) keeps the state of both its reductions:
//   moments:   sum, count, M2 (the follower's sum of squared deviations); during a thread's walk
//              a shift k (its first element) and Σ(x - k), Σ(x - k)², sealed into M2 before the
//              lanes combine by Chan's formula;
//   onlineMax: the maximum m and s = Σ exp(x - m). NaN anywhere gives (NaN, NaN); an infinite
//              maximum gives exp(inf - inf) = NaN in s, and a row of -inf a NaN s, as the two
//              passes (NumPy's expression) do.
import { realPartDType } from '../ir/dtype.js';
import { elementwiseOp } from '../ir/ops.js';
import type { PlanReduction, ReducePlan } from '../ir/reduce-plan.js';
import { startValue } from '../ir/reductions.js';
import { cLiteral, computeType, wrapValue } from './cuda-types.js';
import { ARG_SENTINEL } from './reduce-common.js';

/** Where a part of the state goes between the passes of a split plan. */
export type PartialSlot = { kind: 'partial' | 'partialIndex'; index: number };

export interface PhaseState {
  /** Declarations (and start values) of the state, at the start of the phase. */
  decl: string[];
  /** The parts lanes combine: variable, C type and partial slot, in order. */
  parts: Array<{ name: string; type: string; slot: PartialSlot }>;
  /** The update by the element `v` at reduced index `index`. */
  element(v: string, index: string): string[];
  /** After a thread's own walk, before lanes combine (empty for most). */
  seal: string[];
  /** parts = parts ⊕ b (b: the other state's parts, in order). */
  combine(b: readonly string[]): string[];
  /** `red<p>` (and a joint follower's `red<q>`). */
  results: string[];
}

/** `a = a ⊕ b` for a fold, or the index-aware choice of an 'arg' op (commutative and associative). */
export function combineLines(r: PlanReduction, a: string, ai: string, b: string, bi: string): string[] {
  const t = computeType(r.dtype);
  if (r.op.kind === 'fold') return [`${a} = ${wrapValue(r.dtype, r.op.combine.cuda([a, b], r.dtype))};`];
  const better = r.op.combine.cuda([b, a], r.dtype); // b > a (argmax) or b < a (argmin)
  const bNan = `(${b} != ${b})`;
  const aNan = `(${a} != ${a})`;
  const tie = `(${b} == ${a} && ${bi} < ${ai})`;
  const take = r.op.nanWins
    ? `(${bNan} ? !(${aNan} && ${ai} < ${bi}) : (!${aNan} && (${better} || ${tie})))`
    : `(!${bNan} && (${better} || ${tie}))`;
  return [`if (${take}) { ${a} = (${t})(${b}); ${ai} = ${bi}; }`];
}

/** The state of phase p of `plan` (not a joint follower: its lead's state computes it). */
export function phaseState(plan: ReducePlan, p: number): PhaseState {
  const r = plan.reductions[p];
  if (r.joint?.kind === 'moments') return momentsState(r, p, r.joint.phase);
  if (r.joint?.kind === 'onlineMax') return onlineMaxState(r, p, r.joint.phase);
  const t = computeType(r.dtype);
  const a = `a${p}`;
  const ai = `ai${p}`;
  if (r.op.kind === 'arg') {
    return {
      decl: [`  ${t} ${a} = ${cLiteral(r.dtype, startValue(r.op, r.dtype))};`, `  long long ${ai} = ${ARG_SENTINEL}LL;`],
      parts: [{ name: a, type: t, slot: { kind: 'partial', index: p } }, { name: ai, type: 'long long', slot: { kind: 'partialIndex', index: p } }],
      element: (v, index) => combineLines(r, a, ai, v, index),
      seal: [],
      combine: (b) => combineLines(r, a, ai, b[0], b[1]),
      results: [`  const long long red${p} = ${ai} == ${ARG_SENTINEL}LL ? -1LL : ${ai};`],
    };
  }
  return {
    decl: [`  ${t} ${a} = ${cLiteral(r.dtype, startValue(r.op, r.dtype))};`],
    parts: [{ name: a, type: t, slot: { kind: 'partial', index: p } }],
    element: (v) => combineLines(r, a, ai, v, ''),
    seal: [],
    combine: (b) => combineLines(r, a, ai, b[0], ''),
    results: [`  const ${t} red${p} = ${a};`],
  };
}

function momentsState(r: PlanReduction, p: number, q: number): PhaseState {
  const t = computeType(r.dtype);
  const [s, n, m2, k, d1] = [`a${p}`, `n${p}`, `a${q}`, `k${p}`, `d${p}`];
  const zero = `(${t})0`;
  return {
    decl: [`  ${t} ${s} = ${zero}; long long ${n} = 0; ${t} ${m2} = ${zero}; ${t} ${k} = ${zero}; ${t} ${d1} = ${zero};`],
    parts: [
      { name: s, type: t, slot: { kind: 'partial', index: p } },
      { name: n, type: 'long long', slot: { kind: 'partialIndex', index: p } },
      { name: m2, type: t, slot: { kind: 'partial', index: q } },
    ],
    element: (v) => [
      `if (${n} == 0) ${k} = ${v};`,
      `{ const ${t} e_ = ${v} - ${k}; ${s} = ${s} + ${v}; ${d1} = ${d1} + e_; ${m2} = ${m2} + e_ * e_; ${n} += 1; }`,
    ],
    // Σ(x - k)² - (Σ(x - k))² / n, never below 0 (NaN stays NaN).
    seal: [`  if (${n} > 0) { const ${t} m_ = ${m2} - ${d1} * (${d1} / (${t})${n}); ${m2} = m_ < ${zero} ? ${zero} : m_; }`],
    // Chan et al.: M2 = M2a + M2b + δ² · na · nb / n, δ the difference of the means.
    combine: ([bs, bn, bm2]) => [
      `if (${bn} > 0) {`,
      `  if (${n} == 0) { ${s} = ${bs}; ${n} = ${bn}; ${m2} = ${bm2}; }`,
      `  else { const ${t} fa_ = (${t})${n}; const ${t} fb_ = (${t})${bn}; const ${t} dm_ = ${bs} / fb_ - ${s} / fa_;`,
      `    ${m2} = ${m2} + ${bm2} + dm_ * dm_ * (fa_ * (fb_ / (fa_ + fb_))); ${s} = ${s} + ${bs}; ${n} += ${bn}; }`,
      '}',
    ],
    results: [`  const ${t} red${p} = ${s};`, `  const ${t} red${q} = ${m2};`],
  };
}

function onlineMaxState(r: PlanReduction, p: number, q: number): PhaseState {
  const d = realPartDType(r.dtype);
  const t = computeType(d);
  const exp = (x: string) => elementwiseOp('exp')!.cuda([x], d);
  const nan = cLiteral(d, NaN);
  const [m, s] = [`a${p}`, `a${q}`];
  const zero = `(${t})0`;
  const one = `(${t})1`;
  // exp(v - v) without the exp: 1 for finite v, NaN for ±inf (0 for -inf where it is no maximum).
  return {
    decl: [`  ${t} ${m} = ${cLiteral(d, -Infinity)}; ${t} ${s} = ${zero};`],
    parts: [{ name: m, type: t, slot: { kind: 'partial', index: p } }, { name: s, type: t, slot: { kind: 'partial', index: q } }],
    element: (v) => [
      `if (${v} > ${m}) { ${s} = ${s} * ${exp(`${m} - ${v}`)} + (${v} - ${v} == ${zero} ? ${one} : ${nan}); ${m} = ${v}; }`,
      `else if (${v} == ${m}) { ${s} = ${s} + (${v} - ${v} == ${zero} ? ${one} : (${v} < ${zero} ? ${zero} : ${nan})); }`,
      `else if (${v} < ${m}) { ${s} = ${s} + ${exp(`${v} - ${m}`)}; }`,
      `else { if (${v} != ${v}) ${m} = ${v}; ${s} = ${nan}; }`,
    ],
    seal: [],
    combine: ([bm, bs]) => [
      `if (${bm} != ${bm} || ${m} != ${m}) { if (${m} == ${m}) ${m} = ${bm}; ${s} = ${nan}; }`,
      `else if (${bm} > ${m}) { ${s} = ${s} * ${exp(`${m} - ${bm}`)} + ${bs}; ${m} = ${bm}; }`,
      `else if (${bm} < ${m}) { ${s} = ${s} + ${bs} * ${exp(`${bm} - ${m}`)}; }`,
      `else { ${s} = ${s} + ${bs}; }`,
    ],
    // A row of -inf: exp(-inf - -inf) is NaN in every term.
    results: [`  const ${t} red${p} = ${m};`, `  const ${t} red${q} = ${m} == ${cLiteral(d, -Infinity)} ? ${nan} : ${s};`],
  };
}
