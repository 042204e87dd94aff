// A 'search' step (searchsorted, src/ir/kernel-plan.ts) as CUDA and JS statements: one thread
// (one element) runs a branchless binary search of the sorted table for its query. The halvings
// are those of a lower bound over n entries: base starts at 0, each halving of the remaining
// length `len` moves base to base + len/2 where that entry "goes past" the query, and one last
// look decides base or base + 1; so a query reads ceil(log2 n) + 1 entries, every one in range.
// An entry goes past the query for side 'left' where it comes before the query in NumPy's sort
// order (NaN last, -0 equal to +0), for side 'right' where the query does not come before it.
// The comparisons are the op table's `less`, `equal` and `not_equal` (float16 too); complex values
// compare part by part.
import type { DType } from '../ir/dtype.js';
import type { PlanStep } from '../ir/kernel-plan.js';
import { elementwiseOp } from '../ir/ops.js';
import { computeType, loadValue } from './cuda-types.js';

export type SearchStep = Extract<PlanStep, { kind: 'search' }>;

type Lang = 'cuda' | 'js';

const compare = (name: string, lang: Lang, x: string, y: string, d: DType) => elementwiseOp(name)![lang]([x, y], d);

/**
 * Whether x comes before y in NumPy's sort order (a float NaN after every number; complex values
 * by real part, then imaginary part, as [R + Rj, R + nanj, nan + Rj, nan + nanj]: NumPy's CLT of
 * npysort, on the parts, which are numbers in both languages).
 */
function before(lang: Lang, d: DType, x: string, y: string): string {
  if (d.kind === 'c') {
    const nan = (v: string) => `(${v} != ${v})`;
    const num = (v: string) => `(${v} == ${v})`;
    const [xr, xi, yr, yi] = [`${x}.re`, `${x}.im`, `${y}.re`, `${y}.im`];
    return `(${xr} < ${yr} ? (${num(xi)} || ${nan(yi)}) : ${xr} > ${yr} ? (${nan(yi)} && ${num(xi)}) : ` +
      `(${xr} == ${yr} || (${nan(xr)} && ${nan(yr)})) ? (${xi} < ${yi} || (${nan(yi)} && ${num(xi)})) : ${nan(yr)})`;
  }
  const lt = compare('less', lang, x, y, d);
  if (d.kind !== 'f') return `(${lt})`;
  return `((${lt}) || ((${compare('not_equal', lang, y, y, d)}) && (${compare('equal', lang, x, x, d)})))`;
}

/** Whether `entry` goes past query `q`: it is counted in the result. */
function goesPast(lang: Lang, s: SearchStep, entry: string, q: string): string {
  return s.side === 'left' ? before(lang, s.keyDtype, entry, q) : `!${before(lang, s.keyDtype, q, entry)}`;
}

/** The CUDA statements of a search step, reading the table at `base` (the input's offset). */
export function cudaSearchLines(s: SearchStep, base: string): string {
  const T = computeType(s.keyDtype);
  const [b, q, len, p, e] = ['b', 'q', 'len', 'p', 'e'].map((x) => `ss${s.id}_${x}`);
  const entry = (at: string) => loadValue(s.keyDtype, `in${s.input}[${base} + ${at} * s${s.stride}]`);
  return [
    `long long ${b} = 0; { const ${T} ${q} = v${s.arg};`,
    `for (long long ${len} = s${s.length}; ${len} > 1; ${len} -= ${len} >> 1) {`,
    `const long long ${p} = ${b} + (${len} >> 1); const ${T} ${e} = ${entry(p)}; if (${goesPast('cuda', s, e, q)}) ${b} = ${p}; }`,
    `if (s${s.length} > 0) { const ${T} ${e} = ${entry(b)}; if (${goesPast('cuda', s, e, q)}) ${b} += 1; } }`,
    `const long long v${s.id} = ${b};`,
  ].join(' ');
}

/**
 * The JS statements of a search step: `load(at)` reads table entry `at` (a number); scalars are
 * read as numbers (`ns<k>`); the result is a bigint (int64).
 */
export function jsSearchLine(s: SearchStep, load: (at: string) => string): string {
  const [b, q, len, p, e] = ['b', 'q', 'len', 'p', 'e'].map((x) => `ss${s.id}_${x}`);
  return [
    `let ${b} = 0; { const ${q} = v${s.arg};`,
    `for (let ${len} = ns${s.length}; ${len} > 1; ${len} -= Math.floor(${len} / 2)) {`,
    `const ${p} = ${b} + Math.floor(${len} / 2); const ${e} = ${load(p)}; if (${goesPast('js', s, e, q)}) ${b} = ${p}; }`,
    `if (ns${s.length} > 0) { const ${e} = ${load(b)}; if (${goesPast('js', s, e, q)}) ${b} += 1; } }`,
    `const v${s.id} = BigInt(${b});`,
  ].join(' ');
}
