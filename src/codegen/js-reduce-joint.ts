// JavaScript for a joint pair of a reduce plan (src/ir/reduce-pairs.ts): the same one-pass state
// and pair combination as the CUDA kernel (codegen/cuda-reduce-state.ts). The row is walked in
// chunks, as the GPU's lanes take their shares: each chunk accumulates its own state (moments:
// shifted by its first element, then sealed into M2), and the chunks combine in order.
import type { ReducePlan } from '../ir/reduce-plan.js';
import { jsWrap } from './js.js';

/** Elements per chunk: a GPU lane's share of a long row is of this order. */
const CHUNK = 512;

/**
 * The lines of row `o` that compute the lead phase p and its follower: `red<p>` and `red<q>`.
 * `element` is the body that defines `v<value>` at reduced index `r`.
 */
export function jointPhaseLines(plan: ReducePlan, p: number, element: readonly string[]): string[] {
  const r = plan.reductions[p];
  const joint = r.joint!;
  const q = joint.phase;
  const F = (x: string) => jsWrap(r.dtype, `(${x})`);
  const v = `v${r.value}`;
  const walk = (state: string[], update: string[], seal: string[], combine: string[]) => [
    `  for (let c0 = 0; c0 < nRed; c0 += ${CHUNK}) {`,
    `    const c1 = Math.min(nRed, c0 + ${CHUNK});`,
    `    ${state.join(' ')}`,
    '    for (let r = c0; r < c1; r++) {',
    ...element.map((l) => `  ${l}`),
    ...update.map((l) => `      ${l}`),
    '    }',
    ...seal.map((l) => `    ${l}`),
    ...combine.map((l) => `    ${l}`),
    '  }',
  ];
  if (joint.kind === 'moments') {
    return [
      `  let a${p} = 0, n${p} = 0, a${q} = 0;`,
      ...walk(
        ['let cs = 0, cn = 0, cm = 0, ck = 0, cd = 0;'],
        [`if (cn === 0) ck = ${v};`, `const e = ${F(`${v} - ck`)};`, `cs = ${F(`cs + ${v}`)}; cd = ${F('cd + e')}; cm = ${F(`cm + ${F('e * e')}`)}; cn++;`],
        [`if (cn > 0) { const m = ${F(`cm - ${F(`cd * ${F('cd / cn')}`)}`)}; cm = m < 0 ? 0 : m; }`],
        [
          'if (cn > 0) {',
          `  if (n${p} === 0) { a${p} = cs; n${p} = cn; a${q} = cm; }`,
          `  else { const fa = ${F(`n${p}`)}, fb = ${F('cn')}; const dm = ${F(`${F('cs / fb')} - ${F(`a${p} / fa`)}`)};`,
          `    a${q} = ${F(`${F(`a${q} + cm`)} + ${F(`${F('dm * dm')} * ${F(`fa * ${F(`fb / ${F('fa + fb')}`)}`)}`)}`)}; a${p} = ${F(`a${p} + cs`)}; n${p} += cn; }`,
          '}',
        ],
      ),
      `  const red${p} = a${p};`,
      `  const red${q} = a${q};`,
    ];
  }
  const exp = (x: string) => F(`Math.exp(${x})`);
  return [
    `  let a${p} = -Infinity, a${q} = 0;`,
    ...walk(
      ['let cm = -Infinity, cs = 0;'],
      [
        `if (${v} > cm) { cs = ${F(`${F(`cs * ${exp(`${F(`cm - ${v}`)}`)}`)} + (${v} - ${v} === 0 ? 1 : NaN)`)}; cm = ${v}; }`,
        `else if (${v} === cm) { cs = ${F(`cs + (${v} - ${v} === 0 ? 1 : (${v} < 0 ? 0 : NaN))`)}; }`,
        `else if (${v} < cm) { cs = ${F(`cs + ${exp(F(`${v} - cm`))}`)}; }`,
        `else { if (${v} !== ${v}) cm = ${v}; cs = NaN; }`,
      ],
      [],
      [
        `if (cm !== cm || a${p} !== a${p}) { if (a${p} === a${p}) a${p} = cm; a${q} = NaN; }`,
        `else if (cm > a${p}) { a${q} = ${F(`${F(`a${q} * ${exp(F(`a${p} - cm`))}`)} + cs`)}; a${p} = cm; }`,
        `else if (cm < a${p}) { a${q} = ${F(`a${q} + ${F(`cs * ${exp(F(`cm - a${p}`))}`)}`)}; }`,
        `else { a${q} = ${F(`a${q} + cs`)}; }`,
      ],
    ),
    `  const red${p} = a${p};`,
    `  const red${q} = a${p} === -Infinity ? NaN : a${q};`,
  ];
}
