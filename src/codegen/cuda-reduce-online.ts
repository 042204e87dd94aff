// CUDA C for the online folds of a reduce plan (src/ir/online-pairs.ts): the partner phase k
// folds y, and the phases j that read it (`readers`) fold f(y - c_j) in the same read, through
// one state that k owns. Per thread:
//   squares: a<k> = Σy (phase k's own sum, bitwise as if alone), o<k> = M2 = Σ(y - mean)²,
//            n<k> = the count, f<k> = whether a y was ±inf or NaN, mu<k> = the running mean
//            (never combined). Elements come in chunks of CHUNK: a chunk sums y - K and (y - K)²
//            about its first element K (sK<k>, qK<k>, cK<k>), then joins (n, mu, M2) by Chan's
//            formula: a division a chunk, not one an element as Welford's update takes. With K one
//            of the chunk's own elements, (K - chunk mean)² ≤ the chunk's M2, so Σ(y - K)² is at
//            most (CHUNK + 1) times it and the difference Σ(y - K)² - (Σ(y - K))²/c loses no more
//            than that many roundings of it, however far the data lie from 0 or from the mean;
//   exp:     a<k> = max y (phase k's own, bitwise as if alone), o<k> = Σ exp(y - a<k>).
// States combine (lanes, warps, a split's segments) by Chan's formula (squares) or by rescaling
// both sums to the larger maximum (exp). Each reader's result is what folding its phase after
// phase k gives, up to rounding:
//   squares: Σ(y - c)² = M2 + n·(mean - c)² where Σy is finite; where it is not: NaN if a y was
//            (inf - inf, or a NaN, in the reader's sum), else +inf (the sum overflowed, and c with it);
//   exp:     the sum, or NaN where the maximum is ±inf or NaN (exp(inf - inf) and exp(nan) are NaN
//            in a sum folded after the maximum; -inf elements add 0 to it).
// A split plan's partial of o<k> goes in the first reader's partial buffer: -1 where f<k> holds
// (the result is then NaN whatever M2 is), else |M2| (M2 is never negative; a NaN keeps no sign).
import type { DType } from '../ir/dtype.js';
import type { OnlineKind } from '../ir/online-pairs.js';
import { elementwiseOp } from '../ir/ops.js';
import { cLiteral } from './cuda-reduce.js';
import { computeType } from './cuda-types.js';

export interface OnlineFold {
  kind: OnlineKind;
  /** The partner phase, owner of the state. */
  k: number;
  /** The phases that read it, each with the index of its c (red<center>; squares). */
  readers: Array<{ j: number; center: number }>;
  dtype: DType;
  /** C type of the counts (the plan's index type). */
  idx: string;
  /** `a<k> = a<k> ⊕ b` for phase k's own fold. */
  combineK: (b: string) => string[];
}

/** One part of a fold's state that combines across threads: its register name, C type and bytes in shared memory. */
export interface FoldPart {
  name: string;
  type: string;
  bytes: number;
}

const exp = (d: DType, x: string) => elementwiseOp('exp')!.cuda([x], d);
const f32 = (d: DType) => d.name === 'float32';

/** exp(x - m), with 0 for x = -inf (an element or partial of -inf adds nothing, whatever m is). */
function scaled(f: OnlineFold, x: string, m: string): string {
  const t = computeType(f.dtype);
  return `(${x} == ${cLiteral(f.dtype, -Infinity)} ? (${t})0 : ${exp(f.dtype, `${x} - ${m}`)})`;
}

/** The parts of the state that threads combine, in order (the first is phase k's accumulator). */
export function foldParts(f: OnlineFold): FoldPart[] {
  const t = computeType(f.dtype);
  const bytes = f.dtype.itemsize;
  const parts = [{ name: `a${f.k}`, type: t, bytes }, { name: `o${f.k}`, type: t, bytes }];
  // (the count and the flag take 8 bytes a cell, whatever the index type)
  return f.kind === 'squares' ? [...parts, { name: `n${f.k}`, type: f.idx, bytes: 8 }, { name: `f${f.k}`, type: 'int', bytes: 8 }] : parts;
}

/** The state beyond a<k> (declared with phase k); `running`: the per-element mean too (not where only states combine). */
export function onlineDecl(f: OnlineFold, running: boolean): string[] {
  const t = computeType(f.dtype);
  const lines = [`  ${t} o${f.k} = 0;`];
  if (f.kind === 'squares') {
    lines.push(`  ${f.idx} n${f.k} = 0;`, `  int f${f.k} = 0;`);
    if (running) lines.push(`  ${t} mu${f.k} = 0, k${f.k} = 0, sK${f.k} = 0, qK${f.k} = 0;`, `  int cK${f.k} = 0;`);
  }
  return lines;
}

/** Elements a chunk of the squares' fold (see the header). */
const CHUNK = 8;

/** Joins the current chunk (count `c`, a C expression) to (n, mu, M2) and starts the next one. */
function flushChunk(f: OnlineFold, c: string): string[] {
  const t = computeType(f.dtype);
  const k = f.k;
  return [
    `{ const ${f.idx} nn_ = n${k} + (${f.idx})${c};`,
    `  const ${t} s_ = sK${k} / (${t})${c}; const ${t} mc_ = k${k} + s_;`,
    `  if (qK${k} - qK${k} == (${t})0 && mc_ - mc_ == (${t})0) {`,
    // (k - mu before adding s_: both lie among the data, so the difference of the means keeps its low bits)
    `    const ${t} w_ = (${t})${c} / (${t})nn_; const ${t} dm_ = (k${k} - mu${k}) + s_; const ${t} m2_ = qK${k} - sK${k} * s_;`,
    `    o${k} += (m2_ > (${t})0 ? m2_ : (${t})0) + dm_ * dm_ * ((${t})n${k} * w_);`,
    // (a weighted mean of two finite means: no overflow, as mu + dm·w could)
    `    mu${k} = mu${k} - mu${k} * w_ + mc_ * w_;`,
    // (the squares overflowed: +inf, as a two-pass fold gives; or a NaN or ±inf element, f<k> set)
    `  } else { o${k} += qK${k}; }`,
    `  n${k} = nn_; cK${k} = 0; sK${k} = 0; qK${k} = 0; }`,
  ];
}

/** Ends a thread's run of elements: its last, partial chunk joins the state (squares). */
export function onlineFinish(f: OnlineFold): string[] {
  if (f.kind !== 'squares') return [];
  return [`  if (cK${f.k} > 0) {`, ...flushChunk(f, `cK${f.k}`).map((l) => `    ${l}`), '  }'];
}

/** Folds element `y` into the state. */
export function onlineUpdate(f: OnlineFold, y: string): string[] {
  const t = computeType(f.dtype);
  const k = f.k;
  if (f.kind === 'squares') {
    return [
      `{ const ${t} y_ = ${y};`,
      `  f${k} |= (int)(y_ - y_ != (${t})0);`,
      `  k${k} = cK${k} == 0 ? y_ : k${k}; const ${t} d_ = y_ - k${k}; sK${k} += d_; qK${k} += d_ * d_; cK${k} += 1;`,
      `  if (cK${k} == ${CHUNK}) {`,
      ...flushChunk(f, String(CHUNK)).map((l) => `    ${l}`),
      '  }',
      ...f.combineK('y_').map((l) => `  ${l}`),
      '}',
    ];
  }
  // One exponential an element: e = exp(-|y - m|) is exp(m - y) for a new maximum, else exp(y - m)
  // (-inf elements add 0; where the maximum is -inf, exp(-inf) = 0 rescales nothing away).
  const e = `(y_ == ${cLiteral(f.dtype, -Infinity)} ? (${t})0 : ${exp(f.dtype, `-${f32(f.dtype) ? 'fabsf' : 'fabs'}(y_ - m_)`)})`;
  return [
    `{ const ${t} y_ = ${y}; const ${t} m_ = a${k};`,
    ...f.combineK('y_').map((l) => `  ${l}`),
    `  const ${t} e_ = ${e};`,
    `  o${k} = y_ > m_ ? o${k} * e_ + (${t})1 : o${k} + e_;`,
    '}',
  ];
}

/** Folds another state (its parts' values `b`, in foldParts's order) into this thread's. */
export function onlineCombine(f: OnlineFold, b: readonly string[]): string[] {
  const t = computeType(f.dtype);
  const k = f.k;
  if (f.kind === 'squares') {
    const [bk, bo, bn, bf] = b;
    return [
      `{ const ${f.idx} nn_ = n${k} + ${bn};`,
      `  if (n${k} == 0) { o${k} = ${bo}; } else if (${bn} != 0) {`,
      `    const ${t} dm_ = ${bk} / (${t})${bn} - a${k} / (${t})n${k};`,
      `    o${k} = o${k} + ${bo} + dm_ * dm_ * ((${t})n${k} * ((${t})${bn} / (${t})nn_));`,
      '  }',
      ...f.combineK(bk).map((l) => `  ${l}`),
      `  n${k} = nn_; f${k} |= ${bf}; }`,
    ];
  }
  const [bk, bo] = b;
  return [
    `{ const ${t} m_ = a${k};`,
    ...f.combineK(bk).map((l) => `  ${l}`),
    `  o${k} = o${k} * ${scaled(f, 'm_', `a${k}`)} + ${bo} * ${scaled(f, bk, `a${k}`)}; }`,
  ];
}

/** The partial a split plan's pass 1 writes for o<k> (squares: -1 for f<k>). */
export function onlinePartial(f: OnlineFold): string {
  if (f.kind === 'exp') return `o${f.k}`;
  return `(f${f.k} ? ${cLiteral(f.dtype, -1)} : ${f32(f.dtype) ? 'fabsf' : 'fabs'}(o${f.k}))`;
}

/**
 * Pass 2's reading of a segment's partials `k` (phase k's) and `o` (o<k>'s, as onlinePartial wrote
 * it) into the parts' values bk_, bo_, bn_, bf_ (`count`: the segment's elements).
 */
export function onlineSegment(f: OnlineFold, k: string, o: string, count: string): { lines: string[]; parts: string[] } {
  const t = computeType(f.dtype);
  if (f.kind === 'exp') return { lines: [`const ${t} bk_ = ${k}; const ${t} bo_ = ${o};`], parts: ['bk_', 'bo_'] };
  return {
    lines: [`const ${t} bk_ = ${k}; const ${t} bo_ = ${o}; const int bf_ = (int)(bo_ < (${t})0); const ${f.idx} bn_ = ${count};`],
    parts: ['bk_', 'bo_', 'bn_', 'bf_'],
  };
}

/** Reader j's result red<j>, after red<k> and its center (red<center>) are known. */
export function onlineResult(f: OnlineFold, j: number): string {
  const t = computeType(f.dtype);
  const k = f.k;
  if (f.kind === 'squares') {
    const { center } = f.readers.find((r) => r.j === j)!;
    const e = `(red${k} / (${t})n${k} - red${center})`;
    const nonFinite = `(f${k} || red${k} != red${k}) ? ${cLiteral(f.dtype, NaN)} : ${cLiteral(f.dtype, Infinity)}`;
    return `  const ${t} red${j} = n${k} == 0 ? o${k} : red${k} - red${k} == (${t})0 ? o${k} + (${t})n${k} * (${e} * ${e}) : ${nonFinite};`;
  }
  const finite = `(red${k} > ${cLiteral(f.dtype, -Infinity)} && red${k} < ${cLiteral(f.dtype, Infinity)})`;
  return `  const ${t} red${j} = ${finite} ? o${k} : ${cLiteral(f.dtype, NaN)};`;
}
