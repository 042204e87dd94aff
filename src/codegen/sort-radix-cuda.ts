// CUDA C for the radix strategies of a sort plan (src/ir/sort-plan.ts). Keys are the dtype's
// order-preserving unsigned bits (./sort-keys.ts); a least-significant-digit radix sort of 8-bit
// digits is stable, so equal keys (NaNs, -0 and +0, duplicates) keep their order along the line:
// the same permutation as the CPU backend's comparison sort. The payload sorted with a key is the
// stored value (sort) or the position along the line (argsort); the last pass writes it out.
//
// The ranking of a tile (RADIX_THREADS threads × `items` elements) is shared by both strategies:
// each warp ranks its 32 × items consecutive elements by digit (peers found with one match, or 9
// ballots before sm_70), the warps' counts are scanned per digit and the tile's per-digit counts
// over the digits; every element then has its place in the tile sorted stably by digit, and is
// written there in shared memory, from where runs of one digit leave in order (coalesced).
//  - `<name>_radix_tile`: one block per line of at most a tile: every pass in shared memory.
//  - `<name>_histogram` (once, before the passes): one read of the inputs counting every digit
//    position's digits at once, into totals[line][pass][digit].
//  - `<name>_onesweep` (one launch a pass): each tile, taken in order from a counter, is loaded,
//    ranked, and finds its digits' places by a decoupled look-back over the statuses of its line's
//    earlier tiles (status[line][tile][digit]: aggregate or inclusive prefix) plus the exclusive
//    scan of the line's totals; it is then scattered in runs of one digit. A pass reads and
//    writes each (key, payload) pair once.
import type { SortPlan } from '../ir/sort-plan.js';
import { RADIX_THREADS } from '../ir/sort-plan.js';
import { scalarLocal, scalarParam, storageType, storeValue } from './cuda-types.js';
import type { SortParam } from './sort-cuda.js';
import { lineBases, valueLines } from './sort-cuda.js';
import { keyFunction, keyType } from './sort-keys.js';

export type RadixParam =
  | SortParam
  | { kind: 'status' } | { kind: 'totals' } | { kind: 'tileCounter' } | { kind: 'chunks' } | { kind: 'chunkLength' } | { kind: 'shift' } | { kind: 'first' };

export interface GeneratedRadix {
  tileName: string;
  histogramName: string;
  onesweepName: string;
  params: RadixParam[];
  /** The radix kernels' source (the prelude excluded), and their block size. */
  source: string;
  threads: number;
}

const WARPS = RADIX_THREADS / 32;
/** Elements a thread loads at once in the histogram (loads in flight before the counting). */
const HISTOGRAM_ITEMS = 8;

/** Device helpers shared by every radix kernel of a translation unit (include-guarded). */
export const RADIX_PRELUDE = String.raw`
#ifndef CP_RADIX_HELPERS
#define CP_RADIX_HELPERS
// A tile's look-back status of one digit (0: not yet published): its count, or with the earlier tiles'.
#define CP_RADIX_AGGREGATE (1ull << 62)
#define CP_RADIX_PREFIX (2ull << 62)
#define CP_RADIX_VALUE ((1ull << 62) - 1ull)
// The lanes of this warp whose digit equals mine (every lane of the warp takes part).
CP_D unsigned int cp_radix_peers(unsigned int d) {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 700
  return __match_any_sync(0xffffffffu, d);
#else
  unsigned int peers = 0xffffffffu;
  for (int b = 0; b < 9; ++b) {
    const unsigned int bit = (d >> b) & 1u;
    const unsigned int m = __ballot_sync(0xffffffffu, bit);
    peers &= bit ? m : ~m;
  }
  return peers;
#endif
}
// The exclusive scan of one value per thread over a block of ${RADIX_THREADS} threads (all call it).
CP_D unsigned int cp_radix_block_scan(unsigned int v, unsigned int* warp_totals) {
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  unsigned int x = v;
  for (int o = 1; o < 32; o <<= 1) {
    const unsigned int y = __shfl_up_sync(0xffffffffu, x, o);
    if (lane >= o) x += y;
  }
  if (lane == 31) warp_totals[warp] = x;
  __syncthreads();
  unsigned int before = 0;
  for (int w = 0; w < warp; ++w) before += warp_totals[w];
  __syncthreads();
  return before + x - v;
}
CP_D unsigned int cp_radix_key_float16_clamped(unsigned short x) {
  const unsigned int k = cp_sort_key_float16(x);
  return k == 0xffffffffu ? 0x10000u : k;
}
#endif
`;

function parameters(plan: SortPlan): { params: RadixParam[]; decl: string[] } {
  const params: RadixParam[] = [];
  const decl: string[] = [];
  const add = (p: RadixParam, d: string) => { params.push(p); decl.push(d); };
  plan.inputs.forEach((input, k) => add({ kind: 'input', index: k }, `const ${storageType(input.dtype)}* __restrict__ in${k}`));
  add({ kind: 'output' }, `${storageType(plan.node.dtype)}* __restrict__ out`);
  add({ kind: 'keysIn' }, 'const cp_key* __restrict__ kin');
  add({ kind: 'positionsIn' }, 'const cp_pay* __restrict__ pin');
  add({ kind: 'keysOut' }, 'cp_key* __restrict__ kout');
  add({ kind: 'positionsOut' }, 'cp_pay* __restrict__ pout');
  add({ kind: 'status' }, 'unsigned long long* status');
  add({ kind: 'totals' }, 'unsigned int* __restrict__ totals');
  add({ kind: 'tileCounter' }, 'unsigned int* __restrict__ tile_counter');
  plan.scalars.forEach((s, k) => { const p = scalarParam(s.dtype); add({ kind: 'scalar', index: k, code: p.code }, `${p.cType} p${k}`); });
  add({ kind: 'lines' }, 'long long n_lines');
  add({ kind: 'length' }, 'long long n_len');
  add({ kind: 'chunks' }, 'long long n_chunks');
  add({ kind: 'chunkLength' }, 'long long chunk_len');
  add({ kind: 'shift' }, 'int shift');
  add({ kind: 'first' }, 'int is_first');
  add({ kind: 'final' }, 'int is_final');
  plan.lineDims.forEach((_, j) => add({ kind: 'lineDim', index: j }, `long long ld${j}`));
  plan.inputs.forEach((input, k) => input.strides.forEach((_, j) => add({ kind: 'stride', input: k, dim: j }, `long long st${k}_${j}`)));
  plan.outputStrides.forEach((_, j) => add({ kind: 'outStride', dim: j }, `long long ost_${j}`));
  return { params, decl };
}

/** The radix key of a stored value `v` of the key dtype. */
export function radixKey(plan: SortPlan, v: string): string {
  return plan.keyDtype.name === 'float16' ? `cp_radix_key_float16_clamped(${v})` : `${keyFunction(plan.keyDtype)}(${v})`;
}

const hasPayload = (plan: SortPlan) => plan.radix.payloadBytes > 0;

/** The value of key `k` of an integer or bool dtype (the inverse of its key map, ./sort-keys.ts). */
function keyValue(plan: SortPlan, k: string): string {
  const d = plan.keyDtype;
  if (d.name === 'bool') return `(${k} != 0u)`;
  if (d.kind === 'u') return `(${d.cType})${k}`;
  const sign = d.itemsize === 8 ? '0x8000000000000000ull' : `0x${(2 ** (8 * d.itemsize - 1)).toString(16)}u`;
  return `(${d.cType})(${k} ^ ${sign})`;
}

/** Writes element `i`'s result at position `dest`: its payload, or its key's value where there is none. */
function emitResult(plan: SortPlan, dest: string, key: string, payload: string): string {
  return hasPayload(plan) ? emitLine(plan, dest, payload) : emitLine(plan, dest, keyValue(plan, key));
}

/** Computes element `r` of the line into key `kv` and payload `pv` (declared by the caller). */
function firstLoadLines(plan: SortPlan, indent: string): string[] {
  const stored = storeValue(plan.keyDtype, `v${plan.value}`);
  return [
    `${indent}{`,
    ...valueLines(plan, `${indent}  `),
    `${indent}  kv = ${radixKey(plan, stored)};`,
    `${indent}  pv = ${plan.output === 'indices' ? '(cp_pay)r' : `(cp_pay)(${stored})`};`,
    `${indent}}`,
  ];
}

/** Writes payload `pv` as the result at position `dest` of the line. */
function emitLine(plan: SortPlan, dest: string, pv: string): string {
  const at = `out[bo + (long long)(${dest}) * ost_${plan.lineDims.length}]`;
  return plan.output === 'indices' ? `${at} = (long long)(${pv});` : `${at} = ${pv};`;
}

/** Shared memory of a tile: the warps' digit counts, and (after them) the tile's keys and payloads. */
function tileShared(plan: SortPlan, items: number): string[] {
  const T = RADIX_THREADS * items;
  const pair = hasPayload(plan) ? '(sizeof(cp_key) + sizeof(cp_pay))' : 'sizeof(cp_key)';
  return [
    `  __shared__ unsigned long long raw[(${T} * ${pair} > ${WARPS * 256 * 4} ? ${T} * ${pair} : ${WARPS * 256 * 4}) / 8 + 1];`,
    '  unsigned int* const warp_counts = (unsigned int*)raw;',
    '  cp_key* const sk = (cp_key*)raw;',
    `  cp_pay* const sp = (cp_pay*)(sk + ${T});`,
    '  __shared__ unsigned int tile_count[256];',
    '  __shared__ unsigned int digit_start[256];',
    `  __shared__ unsigned int warp_totals[${WARPS}];`,
    '  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;',
  ];
}

/**
 * Ranks the tile held in k[]/p[] (element warp*32*items + j*32 + lane, padding keys all ones and
 * last) by the digit at bit `shift`, and writes it sorted by digit (stably) into sk/sp. After it,
 * tile_count and digit_start hold each digit's count in the tile and first place there.
 */
function rankLines(plan: SortPlan, items: number, shift: string, indent: string): string[] {
  const lines = [
    `for (int i = threadIdx.x; i < ${WARPS * 256}; i += ${RADIX_THREADS}) warp_counts[i] = 0u;`,
    '__syncthreads();',
    `unsigned int rank[${items}];`,
    `for (int j = 0; j < ${items}; ++j) {`,
    `  const unsigned int d = (unsigned int)(k[j] >> ${shift}) & 255u;`,
    '  const unsigned int peers = cp_radix_peers(d);',
    '  const unsigned int below = __popc(peers & ((1u << lane) - 1u));',
    '  rank[j] = warp_counts[warp * 256 + d] + below;',
    '  __syncwarp();',
    '  if (below == 0u) warp_counts[warp * 256 + d] += __popc(peers);',
    '  __syncwarp();',
    '}',
    '__syncthreads();',
    '{',
    '  const int d = threadIdx.x;',
    '  unsigned int run = 0u;',
    `  for (int w = 0; w < ${WARPS}; ++w) { const unsigned int c = warp_counts[w * 256 + d]; warp_counts[w * 256 + d] = run; run += c; }`,
    '  tile_count[d] = run;',
    '  digit_start[d] = cp_radix_block_scan(run, warp_totals);',
    '}',
    '__syncthreads();',
    `for (int j = 0; j < ${items}; ++j) {`,
    `  const unsigned int d = (unsigned int)(k[j] >> ${shift}) & 255u;`,
    '  rank[j] += digit_start[d] + warp_counts[warp * 256 + d];',
    '}',
    '__syncthreads();',
    `for (int j = 0; j < ${items}; ++j) { sk[rank[j]] = k[j];${hasPayload(plan) ? ' sp[rank[j]] = p[j];' : ''} }`,
    '__syncthreads();',
  ];
  return lines.map((l) => indent + l);
}

/** Element j of this thread in a tile: warp-contiguous runs of 32 × items. */
const tileIndex = (items: number) => `warp * ${32 * items} + j * 32 + lane`;

function tileKernel(plan: SortPlan, signature: string): string {
  const { items, passes } = plan.radix;
  const body = [
    ...tileShared(plan, items),
    ...plan.scalars.map((s, k) => `  ${scalarLocal(s.dtype, k)}`),
    '  for (long long line = blockIdx.x; line < n_lines; line += gridDim.x) {',
    ...lineBases(plan, '    '),
    `    cp_key k[${items}];`,
    `    cp_pay p[${items}];`,
    `    for (int j = 0; j < ${items}; ++j) {`,
    `      const long long r = ${tileIndex(items)};`,
    '      cp_key kv = ~(cp_key)0;',
    '      cp_pay pv = (cp_pay)0;',
    '      if (r < n_len) {',
    ...firstLoadLines(plan, '        '),
    '      }',
    '      k[j] = kv; p[j] = pv;',
    '    }',
    `    for (int pass_shift = 0; pass_shift < ${passes * 8}; pass_shift += 8) {`,
    ...rankLines(plan, items, 'pass_shift', '      '),
    `      for (int j = 0; j < ${items}; ++j) { const int i = ${tileIndex(items)}; k[j] = sk[i];${hasPayload(plan) ? ' p[j] = sp[i];' : ''} }`,
    '      __syncthreads();',
    '    }',
    `    for (int j = 0; j < ${items}; ++j) {`,
    `      const long long i = ${tileIndex(items)};`,
    `      if (i < n_len) ${emitResult(plan, 'i', 'k[j]', 'p[j]')}`,
    '    }',
    '  }',
  ];
  return kernel(plan, 'radix_tile', signature, body);
}

/**
 * Every pass's digit counts in one read of the keys: per chunk of a line, the count of each digit
 * at each digit position (shared, warp peers counted together), added to totals[line][pass][digit].
 */
function histogramKernel(plan: SortPlan, signature: string): string {
  const { passes } = plan.radix;
  const body = [
    `  __shared__ unsigned int hist[${passes * 256}];`,
    '  const int lane = threadIdx.x & 31;',
    ...plan.scalars.map((s, k) => `  ${scalarLocal(s.dtype, k)}`),
    '  for (long long c = blockIdx.x; c < n_lines * n_chunks; c += gridDim.x) {',
    '    const long long line = c / n_chunks;',
    '    const long long chunk = c - line * n_chunks;',
    ...lineBases(plan, '    '),
    '    const long long start = chunk * chunk_len;',
    '    const long long end = start + chunk_len < n_len ? start + chunk_len : n_len;',
    `    for (int i = threadIdx.x; i < ${passes * 256}; i += ${RADIX_THREADS}) hist[i] = 0u;`,
    '    __syncthreads();',
    `    for (long long base = start; base < end; base += ${RADIX_THREADS * HISTOGRAM_ITEMS}) {`,
    `      cp_key key[${HISTOGRAM_ITEMS}];`,
    `      bool valid[${HISTOGRAM_ITEMS}];`,
    '#pragma unroll',
    `      for (int j = 0; j < ${HISTOGRAM_ITEMS}; ++j) {`,
    `        const long long r = base + j * ${RADIX_THREADS} + threadIdx.x;`,
    '        cp_key kv = (cp_key)0;',
    '        valid[j] = r < end;',
    '        if (valid[j]) {',
    '          cp_pay pv;',
    ...firstLoadLines(plan, '          '),
    '        }',
    '        key[j] = kv;',
    '      }',
    `      for (int pass = 0; pass < ${passes}; ++pass) {`,
    '#pragma unroll',
    `        for (int j = 0; j < ${HISTOGRAM_ITEMS}; ++j) {`,
    '          const unsigned int d = valid[j] ? (unsigned int)(key[j] >> (8 * pass)) & 255u : 256u;',
    '          const unsigned int peers = cp_radix_peers(d);',
    '          if (d < 256u && (peers & ((1u << lane) - 1u)) == 0u) atomicAdd(&hist[pass * 256 + d], (unsigned int)__popc(peers));',
    '        }',
    '      }',
    '    }',
    '    __syncthreads();',
    `    for (int i = threadIdx.x; i < ${passes * 256}; i += ${RADIX_THREADS}) {`,
    `      if (hist[i] != 0u) atomicAdd(&totals[line * ${passes * 256} + i], hist[i]);`,
    '    }',
    '    __syncthreads();',
    '  }',
  ];
  return kernel(plan, 'histogram', signature, body);
}

/**
 * The look-back of one digit (thread d): the tile's count is published as an aggregate, the
 * earlier tiles' statuses summed back to the first inclusive prefix, then this tile's inclusive
 * prefix published. Returns the digit's count in the line's earlier tiles.
 */
function lookBackLines(indent: string): string[] {
  const lines = [
    'volatile unsigned long long* const st = status + (line * n_tiles) * 256 + threadIdx.x;',
    'const unsigned long long count = (unsigned long long)tile_count[threadIdx.x] - (threadIdx.x == 255 ? (unsigned long long)(T_SIZE - valid) : 0ull);',
    'unsigned long long before = 0ull;',
    'if (tile > 0) {',
    '  st[tile * 256] = CP_RADIX_AGGREGATE | count;',
    '  for (long long t = tile - 1; ; --t) {',
    '    unsigned long long s;',
    '    do { s = st[t * 256]; } while (s == 0ull);',
    '    before += s & CP_RADIX_VALUE;',
    '    if (s & CP_RADIX_PREFIX) break;',
    '  }',
    '}',
    'st[tile * 256] = CP_RADIX_PREFIX | (before + count);',
  ];
  return lines.map((l) => indent + l);
}

/**
 * One pass (onesweep): tiles taken in order from a counter (a tile's predecessors are running or
 * done, so its look-back ends), each loaded, ranked by digit in shared memory, its digits' places
 * found by look-back over the earlier tiles of its line, and written out in runs of one digit.
 */
function onesweepKernel(plan: SortPlan, signature: string): string {
  const { items, passes } = plan.radix;
  const T = RADIX_THREADS * items;
  const body = [
    ...tileShared(plan, items),
    '  __shared__ unsigned int tile_base[256];',
    '  __shared__ long long shared_id;',
    ...plan.scalars.map((s, k) => `  ${scalarLocal(s.dtype, k)}`),
    `  const long long n_tiles = (n_len + ${T - 1}) / ${T};`,
    '  for (;;) {',
    '    if (threadIdx.x == 0) shared_id = (long long)atomicAdd(tile_counter + shift / 8, 1u);',
    '    __syncthreads();',
    '    const long long id = shared_id;',
    '    __syncthreads();',
    '    if (id >= n_lines * n_tiles) break;',
    '    const long long line = id / n_tiles;',
    '    const long long tile = id - line * n_tiles;',
    ...lineBases(plan, '    '),
    `    const long long tile_start = tile * ${T};`,
    `    const int valid = n_len - tile_start < ${T} ? (int)(n_len - tile_start) : ${T};`,
    `    cp_key k[${items}];`,
    `    cp_pay p[${items}];`,
    '#pragma unroll',
    `    for (int j = 0; j < ${items}; ++j) {`,
    `      const int i = ${tileIndex(items)};`,
    '      const long long r = tile_start + i;',
    '      cp_key kv = ~(cp_key)0;',
    '      cp_pay pv = (cp_pay)0;',
    '      if (i < valid) {',
    '        if (is_first) {',
    ...firstLoadLines(plan, '          '),
    '        } else {',
    '          kv = kin[line * n_len + r];',
    ...(hasPayload(plan) ? ['          pv = pin[line * n_len + r];'] : []),
    '        }',
    '      }',
    '      k[j] = kv; p[j] = pv;',
    '    }',
    ...rankLines(plan, items, 'shift', '    '),
    '    {',
    ...lookBackLines('      '),
    `      const unsigned int line_start = cp_radix_block_scan(totals[(line * ${passes} + shift / 8) * 256 + threadIdx.x], warp_totals);`,
    '      tile_base[threadIdx.x] = line_start + (unsigned int)before;',
    '    }',
    '    __syncthreads();',
    `    for (int i = threadIdx.x; i < valid; i += ${RADIX_THREADS}) {`,
    '      const cp_key key = sk[i];',
    '      const unsigned int d = (unsigned int)(key >> shift) & 255u;',
    '      const long long dest = (long long)tile_base[d] + (i - (int)digit_start[d]);',
    '      if (is_final) {',
    `        ${emitResult(plan, 'dest', 'key', 'sp[i]')}`,
    '      } else {',
    '        kout[line * n_len + dest] = key;',
    ...(hasPayload(plan) ? ['        pout[line * n_len + dest] = sp[i];'] : []),
    '      }',
    '    }',
    '    __syncthreads();',
    '  }',
  ];
  return kernel(plan, 'onesweep', signature, body).replaceAll('T_SIZE', String(T));
}

function kernel(plan: SortPlan, suffix: string, signature: string, body: string[]): string {
  return `extern "C" __global__ void __launch_bounds__(${RADIX_THREADS}) ${plan.name}_${suffix}(\n    ${signature}) {\n${body.join('\n')}\n}\n`;
}

/** The kernels of a 'radix-tile' or 'radix' plan (without the preludes; the caller puts them first). */
export function generateCudaRadix(plan: SortPlan): GeneratedRadix {
  const { params, decl } = parameters(plan);
  const signature = decl.join(',\n    ');
  const K = keyType(plan.keyDtype);
  // Without a payload the pair arrays stay (unused, removed by the compiler) with a byte type.
  const P = plan.output === 'indices' ? 'int' : hasPayload(plan) ? storageType(plan.keyDtype) : 'unsigned char';
  const concrete = (text: string) => text.replaceAll('cp_key', K).replaceAll('cp_pay', P);
  const kernels = plan.strategy === 'radix-tile'
    ? [tileKernel(plan, signature)]
    : [histogramKernel(plan, signature), onesweepKernel(plan, signature)];
  return {
    tileName: `${plan.name}_radix_tile`, histogramName: `${plan.name}_histogram`, onesweepName: `${plan.name}_onesweep`,
    params, source: kernels.map(concrete).join('\n'), threads: RADIX_THREADS,
  };
}
