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
import { SCAN_VECTOR, type ScanPlan } from '../ir/scan-plan.js';
import { SCAN_BLOCK } from '../ir/scan-geometry.js';
import { CUDA_PRELUDE } from './cuda-prelude.js';
import { lookBackColumns, lookBackRows, lookBackShared } from './cuda-scan-lookback.js';
import {
  combine, FLAG_AGGREGATE, FLAG_PREFIX, identity, indexType, kernelSource, lineBases, loadAt, packedStatus, publish, readStatus, scalarLocals,
  scanParams, shuffleFrom, shuffleUp, statusPointers, storeAt, vectorType, type ScanParam,
} from './cuda-scan-parts.js';
import { storeValue } from './cuda-types.js';

export interface GeneratedScan { name: string; source: string; params: ScanParam[]; block: number }

/** Blocks of a tiled kernel ('rows', 'columns') resident per SM: 4 tiles of 32 KiB wait on chip (ir/scan-geometry.ts tileItems). */
const TILE_BLOCKS = 4;
/**
 * Blocks of a shared 'rows' kernel of a 4-byte compute type resident per SM (a full SM of 256-thread
 * blocks): the look-back keeps each tile on chip longer than its loads take, so the tiles in flight
 * set the throughput. Asked of the compiler through __launch_bounds__, which caps a thread at 32
 * registers. Sized for SMs of 2048 threads and at least 8 x 17 KiB of shared memory (sm_80, sm_90);
 * SMs with less (sm_86, sm_89: about 5 such blocks) get the cap without the blocks. Measured on sm_90 only.
 */
const ROW_TILE_BLOCKS = 8;

/**
 * Tiles of one line × (256 × ITEMS) elements. Loads are striped (thread t reads element
 * r·256 + t: coalesced along a contiguous line) into shared memory, then each thread scans ITEMS
 * consecutive elements. Warp 0 then runs the two-level look-back (./cuda-scan-lookback.ts).
 */
export function generateRowsScan(plan: ScanPlan, items: number, group: number, shared: boolean): GeneratedScan {
  const idx = indexType(plan);
  const tile = SCAN_BLOCK * items;
  const { params, decl } = scanParams(plan, true);
  const C = (a: string, b: string) => combine(plan, a, b);
  const vector = plan.vectorInputs !== undefined;
  // With the vector path, whole tiles of aligned data take `vectors`, others `scalars`.
  const vectorOr = (vectors: () => string[], scalars: string[]) =>
    (vector ? ['if (vec) {', ...vectors().map((l) => `  ${l}`), '} else {', ...scalars.map((l) => `  ${l}`), '}'] : scalars);
  const body = [
    `__shared__ T s_data[${tile + tile / 32}];`,
    '__shared__ T s_warp[8];',
    ...lookBackShared,
    '__shared__ long long s_tile;',
    '__shared__ T s_agg;',
    ...scalarLocals(plan),
    'const int tid = threadIdx.x, lane = tid & 31, warp = tid >> 5;',
    'const bool chained = n_chunks > 1;',
    'if (tid == 0) s_tile = chained ? (long long)atomicAdd(status, 1ull) : (long long)blockIdx.x;',
    '__syncthreads();',
    'const long long tile = s_tile;',
    `const ${idx} line = (${idx})(tile % n_lines), chunk = (${idx})(tile / n_lines);`,
    ...lineBases(plan, 'line', 'true'),
    `const ${idx} start = chunk * ${tile};`,
    '// Striped, coalesced loads (producers computed here) into shared memory, padded against bank conflicts.',
    ...(vector ? [`const bool vec = vector_ok && start + ${tile} <= n_len;`] : []),
    ...vectorOr(() => vectorLoads(plan, items), [
      '#pragma unroll',
      `for (int r = 0; r < ${items}; ++r) {`,
      `  const int p = r * ${SCAN_BLOCK} + tid;`,
      `  const ${idx} pos = start + p;`,
      `  T x = ${identity(plan)};`,
      ...loadAt(plan, 'pos', 'x').map((l, i) => (i === 0 ? `  if (pos < n_len) ${l}` : `  ${l}`)),
      '  s_data[p + (p >> 5)] = x;',
      '}',
    ]),
    '__syncthreads();',
    `T total = ${identity(plan)};`,
    ...(shared ? [
      '// Each thread scans its ITEMS consecutive elements in order, in place in shared memory, and keeps only',
      '// its total: few registers, so more tiles wait on chip through their look-back (few lines: ir/scan-geometry.ts).',
      '#pragma unroll',
      `for (int r = 0; r < ${items}; ++r) {`,
      `  const int p = tid * ${items} + r;`,
      '  const T v = s_data[p + (p >> 5)];',
      `  total = r == 0 ? v : ${C('total', 'v')};`,
      '  s_data[p + (p >> 5)] = total;',
      '}',
    ] : [
      `T x[${items}];`,
      '// Each thread scans its ITEMS consecutive elements in order, in registers.',
      '#pragma unroll',
      `for (int r = 0; r < ${items}; ++r) { const int p = tid * ${items} + r; x[r] = s_data[p + (p >> 5)]; }`,
      '#pragma unroll',
      `for (int r = 1; r < ${items}; ++r) x[r] = ${C('x[r - 1]', 'x[r]')};`,
      `total = x[${items - 1}];`,
    ]),
    '// Thread totals: a shuffle scan within each warp, then a left fold of the warp totals before.',
    'T w = total;',
    '#pragma unroll',
    `for (int d = 1; d < 32; d <<= 1) { const T y = ${shuffleUp(plan, 'w', 'd', 32)}; if (lane >= d) w = ${C('y', 'w')}; }`,
    `const T before = ${shuffleUp(plan, 'w', '1', 32)};`,
    'if (lane == 31) s_warp[warp] = w;',
    '__syncthreads();',
    'bool has = lane > 0;',
    'T pre = before;',
    'if (warp > 0) {',
    '  T wp = s_warp[0];',
    `  for (int k = 1; k < warp; ++k) wp = ${C('wp', 's_warp[k]')};`,
    `  pre = has ? ${C('wp', 'before')} : wp;`,
    '  has = true;',
    '}',
    ...(shared ? [] : ['#pragma unroll', `for (int r = 0; r < ${items}; ++r) if (has) x[r] = ${C('pre', 'x[r]')};`]),
    `if (tid == ${SCAN_BLOCK - 1}) s_agg = has ? ${C('pre', 'total')} : total;`,
    '__syncthreads();',
    'const T agg = s_agg;',
    ...lookBackRows(plan, group),
    '// Each element: the thread\'s prefix within the tile, then the tile\'s; back through shared memory for striped stores.',
    '#pragma unroll',
    ...(shared ? [
      `for (int r = 0; r < ${items}; ++r) {`,
      `  const int p = tid * ${items} + r;`,
      `  const T v = has ? ${C('pre', 's_data[p + (p >> 5)]')} : s_data[p + (p >> 5)];`,
      `  s_data[p + (p >> 5)] = chunk > 0 ? ${C('e', 'v')} : v;`,
      '}',
    ] : [`for (int r = 0; r < ${items}; ++r) { const int p = tid * ${items} + r; s_data[p + (p >> 5)] = chunk > 0 ? ${C('e', 'x[r]')} : x[r]; }`]),
    '__syncthreads();',
    ...vectorOr(() => vectorStores(plan, items), [
      '#pragma unroll',
      `for (int r = 0; r < ${items}; ++r) {`,
      `  const int p = r * ${SCAN_BLOCK} + tid;`,
      `  const ${idx} pos = start + p;`,
      `  if (pos < n_len) ${storeAt(plan, 'pos', 's_data[p + (p >> 5)]')}`,
      '}',
    ]),
  ];
  // With the items in shared memory, ask the compiler for a full SM of tiles of a compute type of at
  // most 4 bytes (those whose status packs into one word).
  const minBlocks = shared && packedStatus(plan) ? ROW_TILE_BLOCKS : undefined;
  return { name: plan.name, source: kernelSource(CUDA_PRELUDE, plan, decl, body, minBlocks), params, block: SCAN_BLOCK };
}

/**
 * A whole tile's loads in vectors (ScanPlan.vectorInputs): thread t reads vector r·256 + t, elements
 * 4(r·256 + t) … +3, of each unit-stride input (other inputs element by element), computes the
 * producers of each element and writes it to shared memory at its padded place (the 4 elements of a
 * lane, 32 lanes: 32 different banks). `j` counts a vector's elements (`e` is the tile's prefix).
 */
function vectorLoads(plan: ScanPlan, items: number): string[] {
  const idx = indexType(plan);
  const W = SCAN_VECTOR;
  return [
    '#pragma unroll',
    `for (int r = 0; r < ${items / W}; ++r) {`,
    `  const int q = r * ${SCAN_BLOCK} + tid;`,
    `  const ${idx} at = start + ${W} * q;`,
    ...plan.inputs.flatMap((input, k) => {
      const vt = vectorType(input.dtype);
      return plan.vectorInputs![k] ? [`  const ${vt} x${k} = *reinterpret_cast<const ${vt}*>(in${k} + b${k} + at);`] : [];
    }),
    '  #pragma unroll',
    `  for (int j = 0; j < ${W}; ++j) {`,
    `    const int p = ${W} * q + j;`,
    ...(plan.vectorInputs!.every(Boolean) ? [] : [`    const ${idx} pos = at + j;`]),
    '    T x;',
    ...loadAt(plan, 'pos', 'x', 'j').map((l) => `    ${l}`),
    '    s_data[p + (p >> 5)] = x;',
    '  }',
    '}',
  ];
}

/** A whole tile's stores in vectors, in the order of vectorLoads. */
function vectorStores(plan: ScanPlan, items: number): string[] {
  const W = SCAN_VECTOR;
  const vt = vectorType(plan.dtype);
  return [
    '#pragma unroll',
    `for (int r = 0; r < ${items / W}; ++r) {`,
    `  const int q = r * ${SCAN_BLOCK} + tid;`,
    `  ${vt} y;`,
    '  #pragma unroll',
    `  for (int j = 0; j < ${W}; ++j) { const int p = ${W} * q + j; y.v[j] = ${storeValue(plan.dtype, 's_data[p + (p >> 5)]')}; }`,
    `  *reinterpret_cast<${vt}*>(out + bo + start + ${W} * q) = y;`,
    '}',
  ];
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
