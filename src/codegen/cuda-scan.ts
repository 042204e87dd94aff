// CUDA C for the device-wide scan geometries (ir/scan-geometry.ts): 'rows' (tiles along long
// lines), 'columns' (tiles of adjacent lines) and 'warp' (a lane group per short line).
//
// Determinism: every value is a fixed formula of the input, whatever the scheduling. Within a
// tile the order is fixed (each thread scans its items in order; thread totals combine through a
// fixed shuffle tree and a left fold of warp totals). Across tiles, tile j's exclusive prefix is
// the LEFT FOLD ((P_k ⊕ a_{k+1}) ⊕ a_{k+2}) ⊕ … ⊕ a_{j-1}, where P_k is the inclusive prefix
// of the nearest earlier tile k that published one and a_i are the aggregates in between; every P
// is itself that left fold of all aggregates, so the value does not depend on which k was found.
// Tiles take ids from an atomic counter, so every tile a tile waits for is running or done. No
// float atomics. Tiles publish their aggregate (flag 1) and then their inclusive prefix (flag 2).
// 'rows' uses a two-level variant of the same fold (./cuda-scan-lookback.ts).
import type { ScanPlan } from '../ir/scan-plan.js';
import { SCAN_BLOCK } from '../ir/scan-geometry.js';
import { CUDA_PRELUDE } from './cuda-prelude.js';
import { lookBackColumns, lookBackRows, lookBackShared } from './cuda-scan-lookback.js';
import {
  combine, FLAG_AGGREGATE, FLAG_PREFIX, identity, indexType, kernelSource, lineBases, loadAt, loadFourAt, packedStatus, publish, readStatus, scalarLocals,
  scanParams, shuffleFrom, shuffleUp, statusPointers, storeAt, vectorLoads, vectorReady, type ScanParam,
} from './cuda-scan-parts.js';

export interface GeneratedScan { name: string; source: string; params: ScanParam[]; block: number }

/** Blocks of a tiled kernel ('rows', 'columns') resident per SM: 4 tiles of 32 KiB wait on chip (ir/scan-geometry.ts tileItems). */
const TILE_BLOCKS = 4;
/**
 * Blocks of a 'rows' kernel resident per SM: 5 of a 4-byte compute type (48 registers a thread),
 * 3 of an 8-byte one (78-80; at 64 it spills, and int64 of 1-byte vectors took 100 left alone).
 * ptxas 13, sm_90: cumsum of float32, float16, float64, int64, int8 and bool.
 */
const rowBlocksPerSm = (plan: ScanPlan) => (packedStatus(plan) ? 5 : 3);

/**
 * Tiles of one line × (256 × ITEMS) elements, taken in order from the tile counter by blocks that
 * stay resident (ir/scan-geometry.ts ROW_BLOCKS) and run one tile after another. Loads are striped
 * (thread t reads element r·256 + t: coalesced along a contiguous line) into registers, passed
 * through shared memory so each thread scans ITEMS consecutive elements, and the scanned tile
 * waits in shared memory for its prefix. While warp 0 runs the tile's look-back
 * (./cuda-scan-lookback.ts), the other warps already load the block's next tile, and warp 0 loads
 * its share right after: the loads of the next tile are in flight through the look-back and the
 * stores of this one, so a waiting tile no longer idles its block's memory traffic.
 */
export function generateRowsScan(plan: ScanPlan, items: number, group: number): GeneratedScan {
  const idx = indexType(plan);
  const tile = SCAN_BLOCK * items;
  const { params, decl } = scanParams(plan, true);
  const C = (a: string, b: string) => combine(plan, a, b);
  const place = (t: string) => [
    `const ${idx} line = (${idx})(${t} % n_lines), chunk = (${idx})(${t} / n_lines);`,
    ...lineBases(plan, 'line', 'true'),
    `const ${idx} start = chunk * ${tile};`,
  ];
  const vectors = vectorLoads(plan);
  const scalarLoads = [
    '#pragma unroll',
    `for (int r = 0; r < ${items}; ++r) {`,
    `  const ${idx} pos = start + r * ${SCAN_BLOCK} + tid;`,
    `  v[r] = ${identity(plan)};`,
    ...loadAt(plan, 'pos', 'v[r]').map((l, i) => (i === 0 ? `  if (pos < n_len) ${l}` : `  ${l}`)),
    '}',
  ];
  // Whole tiles of unit-stride, aligned inputs load 4 positions a thread at a time: v[4q + c] holds position 4(q·256 + t) + c.
  const fourLoads = [
    '#pragma unroll',
    `for (int q = 0; q < ${items / 4}; ++q) {`,
    ...loadFourAt(plan, `start + (q * ${SCAN_BLOCK} + tid) * 4`, (c) => `v[q * 4 + ${c}]`).map((l) => `  ${l}`),
    '}',
  ];
  const loadTile = (t: string) => [
    `if (${t} < n_tiles) {`,
    ...place(t).map((l) => `  ${l}`),
    ...(vectors ? [
      `  four = start + ${tile} <= n_len && ${vectorReady(plan, 'start')};`,
      '  if (four) {',
      ...fourLoads.map((l) => `    ${l}`),
      '  } else {',
      ...scalarLoads.map((l) => `    ${l}`),
      '  }',
    ] : scalarLoads.map((l) => `  ${l}`)),
    '}',
  ];
  const toShared = (p: string) => `{ const int p = ${p}; s_data[p + (p >> 5)] = v[r]; }`;
  const body = [
    `__shared__ T s_data[${tile + tile / 32}];`,
    '__shared__ T s_warp[8];',
    ...lookBackShared,
    '__shared__ long long s_next;',
    '__shared__ T s_agg;',
    ...scalarLocals(plan),
    'const int tid = threadIdx.x, lane = tid & 31, warp = tid >> 5;',
    'const bool chained = n_chunks > 1;',
    'const long long n_tiles = (long long)n_lines * n_chunks;',
    '// Tile ids: in order from the counter where tiles chain (every tile waited for is running or done), else a stride over the grid.',
    'if (tid == 0) s_next = chained ? (long long)atomicAdd(status, 1ull) : (long long)blockIdx.x;',
    '__syncthreads();',
    'long long tile = s_next;',
    '__syncthreads();  // every thread has read s_next before thread 0 takes the next id',
    `T v[${items}];`,
    'bool four = false;',
    ...loadTile('tile'),
    'while (tile < n_tiles) {',
    '  // The striped loads through shared memory (padded against bank conflicts); the next tile id.',
    ...(vectors ? [
      '  if (four) {',
      '    #pragma unroll',
      `    for (int r = 0; r < ${items}; ++r) ${toShared(`((r >> 2) * ${SCAN_BLOCK} + tid) * 4 + (r & 3)`)}`,
      '  } else {',
    ] : ['  {']),
    '    #pragma unroll',
    `    for (int r = 0; r < ${items}; ++r) ${toShared(`r * ${SCAN_BLOCK} + tid`)}`,
    '  }',
    '  if (tid == 0) s_next = chained ? (long long)atomicAdd(status, 1ull) : tile + gridDim.x;',
    '  __syncthreads();',
    '  const long long next = s_next;',
    '  // Each thread scans its ITEMS consecutive elements in order.',
    `  T x[${items}];`,
    '  #pragma unroll',
    `  for (int r = 0; r < ${items}; ++r) { const int p = tid * ${items} + r; x[r] = s_data[p + (p >> 5)]; }`,
    '  #pragma unroll',
    `  for (int r = 1; r < ${items}; ++r) x[r] = ${C('x[r - 1]', 'x[r]')};`,
    '  // Thread totals: a shuffle scan within each warp, then a left fold of the warp totals before.',
    `  T w = x[${items - 1}];`,
    '  #pragma unroll',
    `  for (int d = 1; d < 32; d <<= 1) { const T y = ${shuffleUp(plan, 'w', 'd', 32)}; if (lane >= d) w = ${C('y', 'w')}; }`,
    `  const T before = ${shuffleUp(plan, 'w', '1', 32)};`,
    '  if (lane == 31) s_warp[warp] = w;',
    '  __syncthreads();',
    '  bool has = lane > 0;',
    '  T pre = before;',
    '  if (warp > 0) {',
    '    T wp = s_warp[0];',
    `    for (int k = 1; k < warp; ++k) wp = ${C('wp', 's_warp[k]')};`,
    `    pre = has ? ${C('wp', 'before')} : wp;`,
    '    has = true;',
    '  }',
    '  // The tile\'s inclusive scan waits for its prefix in shared memory (each thread rewrites its own items).',
    '  #pragma unroll',
    `  for (int r = 0; r < ${items}; ++r) { const int p = tid * ${items} + r; const T y = has ? ${C('pre', 'x[r]')} : x[r]; s_data[p + (p >> 5)] = y; if (r == ${items - 1} && tid == ${SCAN_BLOCK - 1}) s_agg = y; }`,
    '  __syncthreads();',
    '  {',
    ...place('tile').map((l) => `    ${l}`),
    ...lookBackRows(plan, group).map((l) => `    ${l}`),
    '    // The next tile\'s loads (warp 0 issues its share after its look-back).',
    ...loadTile('next').map((l) => `    ${l}`),
    '    __syncthreads();',
    `    const T e = chained ? s_prefix : ${identity(plan)};`,
    '    // Striped, coalesced stores (consumers computed here) of the tile\'s prefix and its scan.',
    '    #pragma unroll',
    `    for (int r = 0; r < ${items}; ++r) {`,
    `      const int p = r * ${SCAN_BLOCK} + tid;`,
    `      const ${idx} pos = start + p;`,
    `      if (pos < n_len) { const T y = s_data[p + (p >> 5)]; ${storeAt(plan, 'pos', `chunk > 0 ? ${C('e', 'y')} : y`)} }`,
    '    }',
    '  }',
    '  tile = next;',
    '  __syncthreads();',
    '}',
  ];
  return { name: plan.name, source: kernelSource(CUDA_PRELUDE, plan, decl, body, rowBlocksPerSm(plan)), params, block: SCAN_BLOCK };
}

/**
 * Tiles of LANES adjacent lines × (SEGS × ITEMS) positions along the axis: thread (lane, seg)
 * holds positions seg·ITEMS … seg·ITEMS+ITEMS-1 of line lane in registers, so a warp reads 32
 * adjacent lines at once. Segments combine through shared memory in order; each lane of segment
 * 0 runs its own line's two-level look-back (./cuda-scan-lookback.ts).
 */
export function generateColumnsScan(plan: ScanPlan, lanes: number, segments: number, items: number, group: number): GeneratedScan {
  const idx = indexType(plan);
  const span = segments * items;
  const { params, decl } = scanParams(plan, true);
  const C = (a: string, b: string) => combine(plan, a, b);
  const body = [
    `__shared__ T s_x[${items}][${SCAN_BLOCK}];`,
    `__shared__ T s_tot[${segments}][${lanes}];`,
    `__shared__ T s_agg[${lanes}], s_pre[${lanes}];`,
    '__shared__ long long s_tile;',
    ...scalarLocals(plan),
    `const int lane = threadIdx.x % ${lanes}, seg = threadIdx.x / ${lanes};`,
    'const bool chained = n_chunks > 1;',
    'if (threadIdx.x == 0) s_tile = chained ? (long long)atomicAdd(status, 1ull) : (long long)blockIdx.x;',
    '__syncthreads();',
    'const long long tile = s_tile;',
    `const long long groups = ((long long)n_lines + ${lanes - 1}) / ${lanes};`,
    `const ${idx} group = (${idx})(tile % groups), chunk = (${idx})(tile / groups);`,
    `const ${idx} line = group * ${lanes} + lane;`,
    'const bool valid = line < n_lines;',
    ...lineBases(plan, 'line', 'valid'),
    `const ${idx} start = chunk * ${span} + seg * ${items};`,
    `T x[${items}];`,
    '#pragma unroll',
    `for (int r = 0; r < ${items}; ++r) {`,
    `  const ${idx} pos = start + r;`,
    `  x[r] = ${identity(plan)};`,
    ...loadAt(plan, 'pos', 'x[r]').map((l, i) => (i === 0 ? `  if (valid && pos < n_len) ${l}` : `  ${l}`)),
    '}',
    '#pragma unroll',
    `for (int r = 1; r < ${items}; ++r) x[r] = ${C('x[r - 1]', 'x[r]')};`,
    `s_tot[seg][lane] = x[${items - 1}];`,
    '__syncthreads();',
    'if (seg > 0) {',
    '  T sp = s_tot[0][lane];',
    `  for (int k = 1; k < seg; ++k) sp = ${C('sp', 's_tot[k][lane]')};`,
    '  #pragma unroll',
    `  for (int r = 0; r < ${items}; ++r) x[r] = ${C('sp', 'x[r]')};`,
    '}',
    `if (seg == ${segments - 1}) s_agg[lane] = x[${items - 1}];`,
    '// The tile waits for its prefix in shared memory, not in registers (more tiles resident per SM).',
    '#pragma unroll',
    `for (int r = 0; r < ${items}; ++r) s_x[r][threadIdx.x] = x[r];`,
    '__syncthreads();',
    'if (chained && seg == 0 && valid) {',
    ...lookBackColumns(plan, lanes, group),
    '}',
    '__syncthreads();',
    'if (valid) {',
    '  #pragma unroll',
    `  for (int r = 0; r < ${items}; ++r) {`,
    `    const ${idx} pos = start + r;`,
    `    if (pos < n_len) { const T y = s_x[r][threadIdx.x]; ${storeAt(plan, 'pos', `chunk > 0 ? ${C('s_pre[lane]', 'y')} : y`)} }`,
    '  }',
    '}',
  ];
  return { name: plan.name, source: kernelSource(CUDA_PRELUDE, plan, decl, body, TILE_BLOCKS), params, block: SCAN_BLOCK };
}

/**
 * GROUP lanes of a warp per line (GROUP a power of two up to 32): per step each lane loads ITEMS
 * positions (lane, lane + GROUP, …), each row of GROUP positions is scanned with shuffles and
 * carried on from the row before. Every lane runs the same number of steps (n_len is the same for
 * every line), so the shuffles see full warps.
 */
export function generateWarpScan(plan: ScanPlan, group: number, items: number): GeneratedScan {
  const idx = indexType(plan);
  const { params, decl } = scanParams(plan, false);
  const C = (a: string, b: string) => combine(plan, a, b);
  const body = [
    ...scalarLocals(plan),
    `const int sub = threadIdx.x & ${group - 1};`,
    `const ${idx} line = (${idx})(((long long)blockIdx.x * ${SCAN_BLOCK} + threadIdx.x) / ${group});`,
    'const bool valid = line < n_lines;',
    ...lineBases(plan, 'line', 'valid'),
    `T carry = ${identity(plan)};`,
    `for (${idx} base = 0; base < n_len; base += ${group * items}) {`,
    `  T x[${items}];`,
    '  #pragma unroll',
    `  for (int r = 0; r < ${items}; ++r) {`,
    `    const ${idx} pos = base + r * ${group} + sub;`,
    `    x[r] = ${identity(plan)};`,
    ...loadAt(plan, 'pos', 'x[r]').map((l, i) => (i === 0 ? `    if (valid && pos < n_len) ${l}` : `    ${l}`)),
    '  }',
    '  #pragma unroll',
    `  for (int r = 0; r < ${items}; ++r) {`,
    '    T v = x[r];',
    '    #pragma unroll',
    `    for (int d = 1; d < ${group}; d <<= 1) { const T y = ${shuffleUp(plan, 'v', 'd', group)}; if (sub >= d) v = ${C('y', 'v')}; }`,
    `    if (base > 0 || r > 0) v = ${C('carry', 'v')};`,
    `    carry = ${shuffleFrom(plan, 'v', String(group - 1), group)};`,
    `    const ${idx} pos = base + r * ${group} + sub;`,
    `    if (valid && pos < n_len) ${storeAt(plan, 'pos', 'v')}`,
    '  }',
    '}',
  ];
  return { name: plan.name, source: kernelSource(CUDA_PRELUDE, plan, decl, body), params, block: SCAN_BLOCK };
}
