// CUDA C for the online pairs of a split reduce plan (src/ir/online-pairs.ts): phase k folds y,
// phase j = pair.of's partner folds f(y - c) in the same read. The state of a pair, per thread:
//   squares: a<k> = Σy (phase k's own sum, bitwise as if alone), a<j> = M2 = Σ(y - mean)²,
//            n<j> = the count, mu<j> = the running mean (Welford's update; not combined);
//   exp:     a<k> = max y (phase k's own, bitwise as if alone), a<j> = Σ exp(y - a<k>).
// States combine (lanes, warps, a split's segments) by Chan's formula (squares) or by rescaling
// both sums to the larger maximum (exp). What the kernel writes for phase j at the end is what
// folding the phases one after the other gives, up to rounding:
//   squares: Σ(y - c)² = M2 + n·(mean - c)² for the center c computed from the final Σy;
//   exp:     the sum, or NaN where the maximum is ±inf or NaN (exp(inf - inf) and exp(nan) are NaN
//            in the sum folded after the maximum; -inf elements add 0 to it).
import type { DType } from '../ir/dtype.js';
import type { OnlinePair } from '../ir/online-pairs.js';
import { elementwiseOp } from '../ir/ops.js';
import { cLiteral } from './cuda-reduce.js';
import { computeType } from './cuda-types.js';

export interface OnlineFold {
  pair: OnlinePair;
  /** The partner phase (a<k>) and this phase (a<j>, n<j>, mu<j>). */
  k: number;
  j: number;
  dtype: DType;
  /** C type of the counts (the plan's index type). */
  idx: string;
  /** `a<k> = a<k> ⊕ b` for phase k's own fold. */
  combineK: (b: string) => string[];
}

const exp = (d: DType, x: string) => elementwiseOp('exp')!.cuda([x], d);

/** exp(x - m), with 0 for x = -inf (an element or partial of -inf adds nothing, whatever m is). */
function scaled(f: OnlineFold, x: string, m: string): string {
  const t = computeType(f.dtype);
  return `(${x} == ${cLiteral(f.dtype, -Infinity)} ? (${t})0 : ${exp(f.dtype, `${x} - ${m}`)})`;
}

/** Phase j's state beyond a<j> (declared with the phase's start value). */
export function onlineDecl(f: OnlineFold): string[] {
  if (f.pair.kind === 'exp') return [];
  return [`  ${f.idx} n${f.j} = 0;`, `  ${computeType(f.dtype)} mu${f.j} = 0;`];
}

/** Folds element `y` into both phases. */
export function onlineUpdate(f: OnlineFold, y: string): string[] {
  const t = computeType(f.dtype);
  const { k, j } = f;
  if (f.pair.kind === 'squares') {
    return [
      `{ const ${t} y_ = ${y};`,
      `  n${j} += 1; const ${t} d_ = y_ - mu${j}; mu${j} += d_ / (${t})n${j}; a${j} += d_ * (y_ - mu${j});`,
      ...f.combineK('y_').map((l) => `  ${l}`),
      '}',
    ];
  }
  return [
    `{ const ${t} y_ = ${y}; const ${t} m_ = a${k};`,
    ...f.combineK('y_').map((l) => `  ${l}`),
    `  if (y_ > m_) { a${j} = a${j} * ${scaled(f, 'm_', 'y_')} + (${t})1; } else { a${j} += ${scaled(f, 'y_', 'm_')}; }`,
    '}',
  ];
}

/** The names of another state: its phase-k value, its a<j>, and (squares) its count. */
export interface OnlineOther {
  k: string;
  j: string;
  n?: string;
}

/** Folds state `b` into this thread's (a<k>, a<j>, n<j>). */
export function onlineCombine(f: OnlineFold, b: OnlineOther): string[] {
  const t = computeType(f.dtype);
  const { k, j } = f;
  if (f.pair.kind === 'squares') {
    return [
      `{ const ${f.idx} nn_ = n${j} + ${b.n};`,
      `  if (n${j} == 0) { a${j} = ${b.j}; } else if (${b.n} != 0) {`,
      `    const ${t} dm_ = ${b.k} / (${t})${b.n} - a${k} / (${t})n${j};`,
      `    a${j} = a${j} + ${b.j} + dm_ * dm_ * ((${t})n${j} * ((${t})${b.n} / (${t})nn_));`,
      '  }',
      ...f.combineK(b.k).map((l) => `  ${l}`),
      `  n${j} = nn_; }`,
    ];
  }
  return [
    `{ const ${t} m_ = a${k};`,
    ...f.combineK(b.k).map((l) => `  ${l}`),
    `  a${j} = a${j} * ${scaled(f, 'm_', `a${k}`)} + ${b.j} * ${scaled(f, b.k, `a${k}`)}; }`,
  ];
}

/** Phase j's result red<j>, after red<k> and the center (red<center>) are known. */
export function onlineResult(f: OnlineFold): string {
  const t = computeType(f.dtype);
  const { k, j } = f;
  if (f.pair.kind === 'squares') {
    const e = `(red${k} / (${t})n${j} - red${f.pair.center})`;
    return `  const ${t} red${j} = n${j} == 0 ? a${j} : a${j} + (${t})n${j} * (${e} * ${e});`;
  }
  const finite = `(red${k} > ${cLiteral(f.dtype, -Infinity)} && red${k} < ${cLiteral(f.dtype, Infinity)})`;
  return `  const ${t} red${j} = ${finite} ? a${j} : ${cLiteral(f.dtype, NaN)};`;
}
