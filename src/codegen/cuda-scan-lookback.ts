// The deterministic two-level look-back of the 'rows' scan (./cuda-scan.ts), run by warp 0 of a
// tile once the tile has its aggregate `agg`. Tile c of a line (c = chunk) belongs to group
// g = c / G (G = the geometry's group, 32 tiles; tests lower it) at slot r = c % G. With a_i the tile aggregates:
//   R_r   = ((a_{gG} ⊕ a_{gG+1}) ⊕ …) ⊕ a_{gG+r-1}   (the group's earlier tiles, left to right)
//   A_g   = R_G                                         (the group's aggregate)
//   E_g   = ((A_0 ⊕ A_1) ⊕ …) ⊕ A_{g-1}               (the group's exclusive prefix)
//   e_c   = E_g ⊕ R_r   (E_g alone where r = 0, R_r alone where g = 0)
// Every value is a fixed formula of the aggregates, whatever the scheduling, so scans are
// bitwise the same on every run. E_g is found as in a decoupled look-back: the nearest earlier
// group that published its inclusive prefix E_{h+1}, then the aggregates A_{h+1} … A_{g-1}
// folded left to right: the same left fold whichever h is found. So a tile waits only for the
// aggregates of at most G-1 tiles of its group (published right after their local scans) and for
// one group prefix within the G groups before it, never for a chain of tile prefixes.
// Status words: tile c of line l at c·lines + l (aggregate only); group g of line l at
// lines·chunks + g·lines + l (the group's last tile publishes A_g, then E_{g+1}). Tile ids come
// from an atomic counter, so every tile a tile waits for is running or done.
import type { ScanPlan } from '../ir/scan-plan.js';
import { combine, FLAG_AGGREGATE, FLAG_PREFIX, identity, publish, readStatus, statusPointers } from './cuda-scan-parts.js';

/** Shared declarations the look-back uses. */
export const lookBackShared = [
  '__shared__ T s_mates[32], s_groups[32];',
  '__shared__ T s_prefix;',
];

/** Sets `e`, the tile's exclusive prefix (used where chunk > 0), and publishes; every thread runs it. */
export function lookBackRows(plan: ScanPlan, group: number): string[] {
  const C = (a: string, b: string) => combine(plan, a, b);
  const G = group;
  const tileStatus = `((grp * ${G} + lane) * n_lines + line)`;
  const groupStatus = (g: string) => `((long long)n_lines * n_chunks + (${g}) * n_lines + line)`;
  return [
    `T e = ${identity(plan)};`,
    'if (chained) {',
    '  if (warp == 0) {',
    ...statusPointers(plan).map((l) => `    ${l}`),
    `    const long long grp = (long long)chunk / ${G};`,
    `    const int slot = (int)((long long)chunk % ${G});`,
    `    if (lane == 0) ${publish(plan, 'tile', FLAG_AGGREGATE, 'agg')}`,
    '    // R_r: the aggregates of this group\'s earlier tiles (lane i reads slot i), folded left to right.',
    `    T a = ${identity(plan)};`,
    '    unsigned int fa = lane < slot ? 0u : 1u;',
    '    while (__any_sync(0xffffffffu, fa == 0u)) {',
    `      if (fa == 0u) ${readStatus(plan, tileStatus, 'fa', 'a')}`,
    '    }',
    '    s_mates[lane] = a;',
    '    __syncwarp();',
    `    T run = ${identity(plan)}, whole = ${identity(plan)};`,
    '    if (lane == 0 && slot > 0) {',
    '      run = s_mates[0];',
    `      for (int i = 1; i < slot; ++i) run = ${C('run', 's_mates[i]')};`,
    '    }',
    `    if (lane == 0 && slot == ${G - 1}) {`,
    `      whole = ${C('run', 'agg')};`,
    `      ${publish(plan, groupStatus('grp'), FLAG_AGGREGATE, 'whole')}`,
    '    }',
    '    // E_g: the nearest earlier group with its inclusive prefix (lane i reads group g-1-i, 32 at most), then the aggregates after it.',
    `    T eg = ${identity(plan)};`,
    '    if (grp > 0) {',
    '      const int n = grp < 32 ? (int)grp : 32;',
    '      for (;;) {',
    '        unsigned int f = 0u;',
    `        T v = ${identity(plan)};`,
    `        if (lane < n) ${readStatus(plan, groupStatus('grp - 1 - lane'), 'f', 'v')}`,
    `        const unsigned int prefixes = __ballot_sync(0xffffffffu, f == ${FLAG_PREFIX}u);`,
    '        const unsigned int missing = __ballot_sync(0xffffffffu, lane < n && f == 0u);',
    '        if (prefixes != 0u) {',
    '          const int k = __ffs(prefixes) - 1;',
    '          if ((missing & ((1u << k) - 1u)) == 0u) {',
    '            s_groups[lane] = v;',
    '            __syncwarp();',
    '            if (lane == 0) {',
    '              eg = s_groups[k];',
    `              for (int i = k - 1; i >= 0; --i) eg = ${C('eg', 's_groups[i]')};`,
    '            }',
    '            break;',
    '          }',
    '        }',
    '      }',
    '    }',
    '    if (lane == 0) {',
    `      if (grp > 0 && slot > 0) s_prefix = ${C('eg', 'run')};`,
    '      else if (grp > 0) s_prefix = eg;',
    '      else s_prefix = run;',
    `      if (slot == ${G - 1}) ${publish(plan, groupStatus('grp'), FLAG_PREFIX, `grp > 0 ? ${C('eg', 'whole')} : whole`)}`,
    '    }',
    '  }',
    '  __syncthreads();',
    '  e = s_prefix;',
    '}',
  ];
}

/** Group statuses of a 'columns' look-back each lane reads per round. */
const COLUMN_WINDOW = 16;

/**
 * The same two-level look-back for 'columns' (./cuda-scan.ts), run by each lane of segment 0 for
 * its own line: tiles of a line group are chunks along the axis, G of them to a group. Lane
 * statuses: tile (chunk q, line group p) at (q·groups + p)·lanes + lane; group (g, p) after all
 * tile statuses, at n_chunks·groups·lanes + (g·groups + p)·lanes + lane. Sets s_pre[lane].
 */
export function lookBackColumns(plan: ScanPlan, lanes: number, group: number): string[] {
  const C = (a: string, b: string) => combine(plan, a, b);
  const id = identity(plan);
  const G = group;
  const K = COLUMN_WINDOW;
  const tileStatus = (q: string) => `(((${q}) * groups + group) * ${lanes} + lane)`;
  const groupStatus = (g: string) => `(n_chunks * groups * ${lanes} + ((${g}) * groups + group) * ${lanes} + lane)`;
  const mates = G === 1 ? [] : [
    '  if (cslot > 0) {',
    '    // R_r: the aggregates of this group\'s earlier tiles, folded left to right.',
    `    unsigned int fm[${G - 1}];`,
    `    T vm[${G - 1}];`,
    '    #pragma unroll',
    `    for (int i = 0; i < ${G - 1}; ++i) { fm[i] = i < cslot ? 0u : 1u; vm[i] = ${id}; }`,
    '    for (bool ready = false; !ready;) {',
    '      ready = true;',
    '      #pragma unroll',
    `      for (int i = 0; i < ${G - 1}; ++i) if (fm[i] == 0u) { ${readStatus(plan, tileStatus(`cgrp * ${G} + i`), 'fm[i]', 'vm[i]')} if (fm[i] == 0u) ready = false; }`,
    '    }',
    '    run = vm[0];',
    '    #pragma unroll',
    `    for (int i = 1; i < ${G - 1}; ++i) if (i < cslot) run = ${C('run', 'vm[i]')};`,
    '  }',
  ];
  return [
    ...statusPointers(plan).map((l) => `  ${l}`),
    '  const T agg = s_agg[lane];',
    `  ${publish(plan, tileStatus('chunk'), FLAG_AGGREGATE, 'agg')}`,
    `  const long long cgrp = (long long)chunk / ${G};`,
    `  const int cslot = (int)((long long)chunk % ${G});`,
    `  T run = ${id}, whole = ${id}, eg = ${id};`,
    ...mates,
    `  if (cslot == ${G - 1}) { whole = ${C('run', 'agg')}; ${publish(plan, groupStatus('cgrp'), FLAG_AGGREGATE, 'whole')} }`,
    '  if (cgrp > 0) {',
    '    for (;;) {',
    `      // Group statuses cgrp-1 … cgrp-${K}; the nearest prefix with aggregates after it, folded left to right.`,
    `      unsigned int f[${K}];`,
    `      T v[${K}];`,
    '      #pragma unroll',
    `      for (int i = 0; i < ${K}; ++i) {`,
    '        const long long q = cgrp - 1 - i;',
    `        f[i] = 0; v[i] = ${id};`,
    `        if (q >= 0) ${readStatus(plan, groupStatus('q'), 'f[i]', 'v[i]')}`,
    '      }',
    '      int k = -1;',
    '      bool blocked = false;',
    '      #pragma unroll',
    `      for (int i = 0; i < ${K}; ++i) if (k < 0 && !blocked) { if (f[i] == ${FLAG_PREFIX}u) k = i; else if (f[i] != ${FLAG_AGGREGATE}u) blocked = true; }`,
    '      if (k >= 0) {',
    '        bool started = false;',
    '        #pragma unroll',
    `        for (int i = ${K - 1}; i >= 0; --i) { if (i == k) { eg = v[i]; started = true; } else if (started) eg = ${C('eg', 'v[i]')}; }`,
    '        break;',
    '      }',
    '    }',
    '  }',
    `  s_pre[lane] = cgrp > 0 ? (cslot > 0 ? ${C('eg', 'run')} : eg) : run;`,
    `  if (cslot == ${G - 1}) ${publish(plan, groupStatus('cgrp'), FLAG_PREFIX, `cgrp > 0 ? ${C('eg', 'whole')} : whole`)}`,
  ];
}
