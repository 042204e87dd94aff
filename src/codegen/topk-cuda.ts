// CUDA C for a windowed sort plan (strategy 'topk', src/ir/topk-plan.ts): the few positions at one
// end of each line of a sort or partition, found without sorting the line.
//
// Elements compare as pairs (key, position): the dtype's order-preserving key (./sort-keys.ts; NaN
// largest, -0 equal to +0) then the position along the line, a strict total order. The first
// `count` positions of a sort are the `count` smallest pairs in order; the last, the largest. A
// window at the end complements both words (the key's bits; the position from 2^31 - 1), so
// every kernel keeps the smallest pairs.
//  - `<name>_topk`: a block a chunk of a line. Each thread keeps the LIST smallest pairs it reads,
//    sorted, in registers (an insertion: most pairs are not below the list's last and cost one
//    comparison). A warp merges its lanes' lists by exchange: lane and partner keep the smaller of
//    their pairs i and LIST-1-i, a bitonic sequence that a bitonic merge sorts, for partners at
//    distance 1, 2, 4, 8, 16. It does so after 1, 2, 4, ... loads of every lane too, keeping the
//    merged list's last as a threshold that most pairs are not below (FAISS's WarpSelect prunes
//    the same way). A block merges its warps' lists in warp 0. A line of one chunk is written at
//    once; else the chunk's list goes to the candidates.
//  - `<name>_topk_merge`: a block a line; its chunks' candidates merged the same way.
// Writing the window: a sort's pairs in order (ascending: reversed where complemented); a
// partition around kth (the window's last pair from the start, its first from the end) writes
// the keys below the kth key and then those equal to it, from the start, or the equal keys and
// then the greater ones, to the end, each group in line order: the radix select's order
// (./select-cuda.ts) and the CPU backend's (./sort-js.ts), bit for bit. The output has the whole
// sort's shape: only the window's positions are written (an end window's at the line's last).
import type { SortPlan } from '../ir/sort-plan.js';
import { CUDA_PRELUDE } from './cuda-prelude.js';
import { scalarLocal, scalarParam, storageType, storeValue } from './cuda-types.js';
import { emitLines, lineBases, valueLines } from './sort-cuda.js';
import { keyFunction, keyType, SORT_KEY_PRELUDE } from './sort-keys.js';

export type TopkParam =
  | { kind: 'input'; index: number }
  | { kind: 'output' } | { kind: 'candidateKeys' } | { kind: 'candidatePositions' }
  | { kind: 'scalar'; index: number; code: 'i' | 'I' | 'l' | 'L' | 'f' | 'd' }
  | { kind: 'lines' } | { kind: 'length' } | { kind: 'chunks' } | { kind: 'chunkLength' }
  | { kind: 'lineDim'; index: number }
  | { kind: 'stride'; input: number; dim: number }
  | { kind: 'outStride'; dim: number };

export interface GeneratedTopk {
  chunkName: string;
  mergeName: string;
  params: TopkParam[];
  source: string;
  threads: number;
  /** Bytes of one candidate's key. */
  keyBytes: number;
}

function parameters(plan: SortPlan): { params: TopkParam[]; decl: string[] } {
  const params: TopkParam[] = [];
  const decl: string[] = [];
  const add = (p: TopkParam, d: string) => { params.push(p); decl.push(d); };
  const K = keyType(plan.keyDtype);
  plan.inputs.forEach((input, k) => add({ kind: 'input', index: k }, `const ${storageType(input.dtype)}* __restrict__ in${k}`));
  add({ kind: 'output' }, `${storageType(plan.node.dtype)}* __restrict__ out`);
  add({ kind: 'candidateKeys' }, `${K}* __restrict__ cand_k`);
  add({ kind: 'candidatePositions' }, 'unsigned int* __restrict__ cand_p');
  plan.scalars.forEach((s, k) => { const p = scalarParam(s.dtype); add({ kind: 'scalar', index: k, code: p.code }, `${p.cType} p${k}`); });
  add({ kind: 'lines' }, 'long long n_lines');
  add({ kind: 'length' }, 'long long n_len');
  add({ kind: 'chunks' }, 'long long n_chunks');
  add({ kind: 'chunkLength' }, 'long long chunk_len');
  plan.lineDims.forEach((_, j) => add({ kind: 'lineDim', index: j }, `long long ld${j}`));
  plan.inputs.forEach((input, k) => input.strides.forEach((_, j) => add({ kind: 'stride', input: k, dim: j }, `long long st${k}_${j}`)));
  plan.outputStrides.forEach((_, j) => add({ kind: 'outStride', dim: j }, `long long ost_${j}`));
  return { params, decl };
}

/**
 * The list helpers, templates over the key type and the list length: `lk`/`lp` are the caller's
 * arrays, indexed by constants only once unrolled, so they stay in registers.
 */
const TOPK_PRELUDE = String.raw`
#ifndef CP_TOPK_HELPERS
#define CP_TOPK_HELPERS
template <typename K> CP_D bool cp_topk_less(K ka, unsigned int pa, K kb, unsigned int pb) {
  return ka < kb || (ka == kb && pa < pb);
}
template <typename K> CP_D void cp_topk_swap(K& ka, unsigned int& pa, K& kb, unsigned int& pb) {
  const K k = ka; ka = kb; kb = k;
  const unsigned int p = pa; pa = pb; pb = p;
}
// Every pair of the list the sentinel (all ones, position 0xffffffff), after every real pair.
template <typename K, int L> CP_D void cp_topk_clear(K (&lk)[L], unsigned int (&lp)[L]) {
#pragma unroll
  for (int i = 0; i < L; ++i) { lk[i] = ~(K)0; lp[i] = 0xffffffffu; }
}
// Pair (k, p) into the sorted list if it is below the list's last.
template <typename K, int L> CP_D void cp_topk_insert(K (&lk)[L], unsigned int (&lp)[L], K k, unsigned int p) {
  if (!cp_topk_less(k, p, lk[L - 1], lp[L - 1])) return;
  lk[L - 1] = k; lp[L - 1] = p;
#pragma unroll
  for (int i = L - 1; i > 0; --i) {
    if (cp_topk_less(lk[i], lp[i], lk[i - 1], lp[i - 1])) cp_topk_swap(lk[i], lp[i], lk[i - 1], lp[i - 1]);
  }
}
// Every lane of a group of \`width\` lanes ends with the L smallest pairs of all its lanes' lists: at each distance
// s, lane and partner keep the smaller of their pairs i and L-1-i (a bitonic sequence of the L
// smallest of both lists), which a bitonic merge sorts.
template <typename K, int L> CP_D void cp_topk_warp_merge(K (&lk)[L], unsigned int (&lp)[L], int width) {
#pragma unroll 1
  for (int s = 1; s < width; s <<= 1) {
#pragma unroll
    for (int i = 0; i < (L + 1) / 2; ++i) {
      const K a = __shfl_xor_sync(0xffffffffu, lk[L - 1 - i], s);
      const unsigned int pa = __shfl_xor_sync(0xffffffffu, lp[L - 1 - i], s);
      const K b = __shfl_xor_sync(0xffffffffu, lk[i], s);
      const unsigned int pb = __shfl_xor_sync(0xffffffffu, lp[i], s);
      if (cp_topk_less(a, pa, lk[i], lp[i])) { lk[i] = a; lp[i] = pa; }
      if (cp_topk_less(b, pb, lk[L - 1 - i], lp[L - 1 - i])) { lk[L - 1 - i] = b; lp[L - 1 - i] = pb; }
    }
#pragma unroll
    for (int d = L / 2; d >= 1; d >>= 1) {
#pragma unroll
      for (int i = 0; i < L; ++i) {
        if ((i & d) == 0 && cp_topk_less(lk[i + d], lp[i + d], lk[i], lp[i])) cp_topk_swap(lk[i], lp[i], lk[i + d], lp[i + d]);
      }
    }
  }
}
#endif
`;

/** The block's LIST smallest pairs into every lane of warp 0 (every thread calls it; uses shared wk, wp). */
function blockMergeLines(plan: SortPlan, indent: string): string[] {
  const { threads, list: L } = plan.topk!;
  const warps = threads / 32;
  const K = keyType(plan.keyDtype);
  const lines = ['cp_topk_warp_merge(lk, lp, 32);'];
  if (warps > 1) {
    lines.push(
      'if ((threadIdx.x & 31) == 0) {',
      '#pragma unroll',
      `  for (int i = 0; i < ${L}; ++i) { wk[(threadIdx.x >> 5) * ${L} + i] = lk[i]; wp[(threadIdx.x >> 5) * ${L} + i] = lp[i]; }`,
      '}',
      '__syncthreads();',
      'if (threadIdx.x < 32) {',
      '#pragma unroll',
      `  for (int i = 0; i < ${L}; ++i) {`,
      `    lk[i] = threadIdx.x < ${warps} ? wk[threadIdx.x * ${L} + i] : ~(${K})0;`,
      `    lp[i] = threadIdx.x < ${warps} ? wp[threadIdx.x * ${L} + i] : 0xffffffffu;`,
      '  }',
      '  cp_topk_warp_merge(lk, lp, 32);',
      '}',
    );
  }
  return lines.map((l) => indent + l);
}

/** Each group (every lane holding its line's list; warp 0 where a block is a chunk) writes the window. */
function finishLines(plan: SortPlan, indent: string): string[] {
  const { list: L, group: G } = plan.topk!;
  const { from, count } = plan.window!;
  const K = keyType(plan.keyDtype);
  const end = from === 'end';
  const lane = G === 32 ? '(threadIdx.x & 31)' : `(threadIdx.x & ${G - 1})`;
  const rank = plan.kth === null
    ? [`const long long dest = ${end ? `${count - 1} - (long long)${lane}` : lane};`]
    : [
      // The kth key: the window's last pair from the start, its first (the list's last) to the end.
      `const ${K} kk = __shfl_sync(0xffffffffu, key, ${count - 1}, ${G});`,
      `const unsigned long long group = key == kk ? ${end ? '0ull' : '1ull'} : ${end ? '1ull' : '0ull'};`,
      'const unsigned long long order = (group << 32) | pos;',
      'long long dest = 0;',
      `for (int j = 0; j < ${G}; ++j) {`,
      `  const unsigned long long other = __shfl_sync(0xffffffffu, order, j, ${G});`,
      `  if (j < ${count} && other < order) ++dest;`,
      '}',
    ];
  const lines = [
    `${K} mk = ~(${K})0; unsigned int mp = 0xffffffffu;`,
    '#pragma unroll',
    `for (int i = 0; i < ${L}; ++i) if (i == (int)${lane}) { mk = lk[i]; mp = lp[i]; }`,
    `const ${K} key = ${end ? '~mk' : 'mk'};`,
    `const unsigned int pos = ${end ? '0x7fffffffu - mp' : 'mp'};`,
    ...rank,
    `if (valid && ${lane} < ${count}) {`,
    // An end window's positions are the line's last (the rest of the output is not written).
    ...emitLines(plan, end ? `(n_len - ${count} + dest)` : 'dest', 'pos', '  '),
    '}',
  ];
  return lines.map((l) => indent + l);
}

/**
 * Loads since the last merge at which a group merges its lists for a threshold: a merge costs
 * about as much as 12 insertions of a pair into a list of L, and saves most of the L·ln(n / m)
 * insertions a lane would make over its remaining n loads after m: worth it where n / m exceeds
 * e^(12 / L) (never for a list of 1 or 2).
 */
const mergeRatio = (L: number) => Math.exp(12 / L);
// (A list of 1 or 2 never merges early: e^6 is past any chunk a lane reads.)

function chunkKernel(plan: SortPlan, name: string, signature: string): string {
  const { threads, list: L, group: G } = plan.topk!;
  const K = keyType(plan.keyDtype);
  const end = plan.window!.from === 'end';
  const U = plan.topk!.unroll;
  const key = `${keyFunction(plan.keyDtype)}(${storeValue(plan.keyDtype, `v${plan.value}`)})`;
  const lanes = G === 32 ? threads : G;
  const groupLane = G === 32 ? 'threadIdx.x' : `(threadIdx.x & ${G - 1})`;
  const ratio = mergeRatio(L);
  // A block a chunk of a line (groups of 32: the block merges its warps), or, for short lines,
  // a group of G lanes a line, threads / G lines a block.
  const where = G === 32
    ? [
      '  for (long long b = blockIdx.x; b < n_lines * n_chunks; b += gridDim.x) {',
      '    const long long line = b / n_chunks;',
      '    const long long start = (b - line * n_chunks) * chunk_len;',
      '    const long long end = start + chunk_len < n_len ? start + chunk_len : n_len;',
      '    const bool valid = true;',
    ]
    : [
      `  for (long long b = blockIdx.x; b < (n_lines + ${threads / G - 1}) / ${threads / G}; b += gridDim.x) {`,
      `    const long long line = b * ${threads / G} + threadIdx.x / ${G};`,
      '    const long long start = 0, end = n_len;',
      '    const bool valid = line < n_lines;',
    ];
  const finish = G === 32
    ? [
      ...blockMergeLines(plan, '    '),
      '    if (n_chunks == 1) {',
      '      if (threadIdx.x < 32) {',
      ...finishLines(plan, '        '),
      '      }',
      '    } else if (threadIdx.x == 0) {',
      '#pragma unroll',
      `      for (int i = 0; i < ${L}; ++i) { cand_k[b * ${L} + i] = lk[i]; cand_p[b * ${L} + i] = lp[i]; }`,
      '    }',
      '    __syncthreads();',
    ]
    : [`    cp_topk_warp_merge(lk, lp, ${G});`, ...finishLines(plan, '    ')];
  const body = [
    ...(G === 32 ? [`  __shared__ ${K} wk[${(threads / 32) * L}];`, `  __shared__ unsigned int wp[${(threads / 32) * L}];`] : []),
    ...plan.scalars.map((s, k) => `  ${scalarLocal(s.dtype, k)}`),
    ...where,
    ...lineBases(plan, '    '),
    `    ${K} lk[${L}]; unsigned int lp[${L}];`,
    '    cp_topk_clear(lk, lp);',
    // The group's threshold: its lanes' lists merged after 1, 2, 4, ... loads of each lane once
    // its lists are full, while enough loads remain (mergeRatio; lists of 4 or more); a pair not
    // below it is not among the group's smallest. The merged list stays with the group's lane 0,
    // the others start anew.
    `    ${K} tk = ~(${K})0; unsigned int tp = 0xffffffffu;`,
    ...(L >= 4 ? [`    const double per_lane = (double)(end - start) / ${lanes}; // loads each lane makes in all`, '    int iteration = 0;'] : []),
    `    for (long long base = start; base < end; base += ${lanes * U}) {`,
    `      ${K} kq[${U}]; unsigned int pq[${U}];`,
    '#pragma unroll',
    `      for (int u = 0; u < ${U}; ++u) {`,
    `        const long long r = base + (long long)u * ${lanes} + ${groupLane};`,
    `        kq[u] = ~(${K})0; pq[u] = 0xffffffffu;`,
    '        if (valid && r < end) {',
    ...valueLines(plan, '          '),
    `          kq[u] = ${end ? `~${key}` : key};`,
    `          pq[u] = ${end ? '0x7fffffffu - (unsigned int)r' : '(unsigned int)r'};`,
    '        }',
    '      }',
    '#pragma unroll',
    `      for (int u = 0; u < ${U}; ++u) if (cp_topk_less(kq[u], pq[u], tk, tp)) cp_topk_insert(lk, lp, kq[u], pq[u]);`,
    ...(L >= 4 ? [
      '      ++iteration;',
      `      const int loaded = iteration * ${U};`,
      `      if ((iteration & (iteration - 1)) == 0 && loaded >= ${L} && loaded * ${ratio.toFixed(3)} <= per_lane) {`,
      `        cp_topk_warp_merge(lk, lp, ${G});`,
      `        tk = lk[${L - 1}]; tp = lp[${L - 1}];`,
      `        if ((threadIdx.x & ${G - 1}) != 0) cp_topk_clear(lk, lp);`,
      '      }',
    ] : []),
    '    }',
    ...finish,
    '  }',
  ];
  return `extern "C" __global__ void __launch_bounds__(${threads}) ${name}(\n    ${signature}) {\n${body.join('\n')}\n}\n`;
}

function mergeKernel(plan: SortPlan, name: string, signature: string): string {
  const { threads, list: L } = plan.topk!;
  const K = keyType(plan.keyDtype);
  const body = [
    `  __shared__ ${K} wk[${(threads / 32) * L}];`,
    `  __shared__ unsigned int wp[${(threads / 32) * L}];`,
    ...plan.scalars.map((s, k) => `  ${scalarLocal(s.dtype, k)}`),
    '  for (long long line = blockIdx.x; line < n_lines; line += gridDim.x) {',
    ...lineBases(plan, '    '),
    `    ${K} lk[${L}]; unsigned int lp[${L}];`,
    '    cp_topk_clear(lk, lp);',
    `    const long long m = n_chunks * ${L};`,
    `    for (long long c = threadIdx.x; c < m; c += ${threads}) {`,
    `      cp_topk_insert(lk, lp, cand_k[line * m + c], cand_p[line * m + c]);`,
    '    }',
    ...blockMergeLines(plan, '    '),
    '    const bool valid = true;',
    '    if (threadIdx.x < 32) {',
    ...finishLines(plan, '      '),
    '    }',
    '    __syncthreads();',
    '  }',
  ];
  return `extern "C" __global__ void __launch_bounds__(${threads}) ${name}(\n    ${signature}) {\n${body.join('\n')}\n}\n`;
}

export function generateCudaTopk(plan: SortPlan): GeneratedTopk {
  const { params, decl } = parameters(plan);
  const signature = decl.join(',\n    ');
  const { threads } = plan.topk!;
  const chunkName = `${plan.name}_topk`;
  const mergeName = `${plan.name}_topk_merge`;
  const source = `${CUDA_PRELUDE}
// ${plan.key}
${SORT_KEY_PRELUDE}
${TOPK_PRELUDE}
${chunkKernel(plan, chunkName, signature)}
${mergeKernel(plan, mergeName, signature)}`;
  return { chunkName, mergeName, params, source, threads, keyBytes: plan.keyDtype.itemsize === 8 ? 8 : 4 };
}
