// CUDA C for a partition plan (a sort plan with a select strategy, src/ir/select-plan.ts): a radix
// select of the kth key of each line over the dtype's order-preserving key bits (./sort-keys.ts;
// NaN's key is the largest, so NaN goes last as in NumPy), most significant 8-bit digit first,
// then one pass that writes the keys below the kth key, then those equal to it, then the rest,
// each group in line order: the CPU backend's order (./sort-js.ts), bit for bit.
//  - `<name>_select_warp` ('select-warp'): a warp a line, the line's keys in its lanes' registers
//    (element j × 32 + lane in lane's rk[j]); each pass counts into the warp's own histogram, and
//    a lane's scan of 8 digits then a warp scan find the digit; where that digit holds one key,
//    that key is the kth and the passes stop. The groups are written by ballots in line order.
//  - `<name>_select_block` ('select-block'): one block a line does every pass; the counts of the
//    groups before each tile are block scans carried from tile to tile.
//  - 'select': `<name>_select_hist` (a block a chunk: the digits of the keys matching the line's
//    prefix, added to hist[line][digit]) and `<name>_select_narrow` (a block a line: the digit
//    holding the remaining rank, into state[line]) once a pass; `<name>_select_count` (each chunk's
//    counts below and equal to the kth key), `<name>_select_scan` (their exclusive scan along the
//    line) and `<name>_select_scatter` (each chunk written from its scanned counts) at the end.
// A sort's window of a few positions at one end of each line (plan.window: ../ir/sort-plan.ts) is
// the partition at the window's far end, then the window sorted by the line's first warp: the
// partition keeps equal keys in line order, so a stable sort of the window by key (ties by their
// place in it) gives the whole sort's positions bit for bit.
// state[line] = { prefix, mask (the bits found), remaining rank, count below, count equal }.
import type { SortPlan } from '../ir/sort-plan.js';
import { SELECT_THREADS, SELECT_WARP_LINES } from '../ir/select-plan.js';
import { scalarLocal, scalarParam, storageType, storeValue } from './cuda-types.js';
import { lineBases, valueLines } from './sort-cuda.js';
import { radixKey } from './sort-radix-cuda.js';
import { keyType } from './sort-keys.js';

export type SelectParam =
  | { kind: 'input'; index: number }
  | { kind: 'output' } | { kind: 'state' } | { kind: 'hist' } | { kind: 'chunkCounts' }
  | { kind: 'scalar'; index: number; code: 'i' | 'I' | 'l' | 'L' | 'f' | 'd' }
  | { kind: 'lines' } | { kind: 'length' } | { kind: 'kth' } | { kind: 'chunks' } | { kind: 'chunkLength' }
  | { kind: 'shift' } | { kind: 'first' }
  | { kind: 'lineDim'; index: number }
  | { kind: 'stride'; input: number; dim: number }
  | { kind: 'outStride'; dim: number };

export interface GeneratedSelect {
  /** 'select-warp': warpName; 'select-block': blockName; 'select': the other five. */
  warpName: string;
  blockName: string;
  histName: string;
  narrowName: string;
  countName: string;
  scanName: string;
  scatterName: string;
  params: SelectParam[];
  source: string;
  threads: number;
}

/** u64 words of a line's state. */
export const SELECT_STATE_WORDS = 5;
const WARPS = SELECT_THREADS / 32;

/** The block-wide exclusive scan of one value a thread (every thread calls it), and the block's total. */
export const SELECT_PRELUDE = String.raw`
#ifndef CP_SELECT_HELPERS
#define CP_SELECT_HELPERS
// float16's key with every NaN at 0x10000, inside its 17 key bits (the select's passes see them all).
CP_D unsigned int cp_radix_key_float16_clamped(unsigned short x) {
  const unsigned int k = cp_sort_key_float16(x);
  return k == 0xffffffffu ? 0x10000u : k;
}
template <typename T> CP_D T cp_select_scan(T v, T* warp_totals, T* total) {
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  T x = v;
  for (int o = 1; o < 32; o <<= 1) {
    const T y = __shfl_up_sync(0xffffffffu, x, o);
    if (lane >= o) x += y;
  }
  if (lane == 31) warp_totals[warp] = x;
  __syncthreads();
  T before = 0, all = 0;
  for (int w = 0; w < ${WARPS}; ++w) { if (w < warp) before += warp_totals[w]; all += warp_totals[w]; }
  __syncthreads();
  *total = all;
  return before + x - v;
}
#endif
`;

function parameters(plan: SortPlan): { params: SelectParam[]; decl: string[] } {
  const params: SelectParam[] = [];
  const decl: string[] = [];
  const add = (p: SelectParam, d: string) => { params.push(p); decl.push(d); };
  plan.inputs.forEach((input, k) => add({ kind: 'input', index: k }, `const ${storageType(input.dtype)}* __restrict__ in${k}`));
  add({ kind: 'output' }, `${storageType(plan.node.dtype)}* __restrict__ out`);
  add({ kind: 'state' }, 'unsigned long long* __restrict__ state');
  add({ kind: 'hist' }, 'unsigned int* __restrict__ hist');
  add({ kind: 'chunkCounts' }, 'unsigned long long* __restrict__ chunk_counts');
  plan.scalars.forEach((s, k) => { const p = scalarParam(s.dtype); add({ kind: 'scalar', index: k, code: p.code }, `${p.cType} p${k}`); });
  add({ kind: 'lines' }, 'long long n_lines');
  add({ kind: 'length' }, 'long long n_len');
  add({ kind: 'kth' }, 'long long kth');
  add({ kind: 'chunks' }, 'long long n_chunks');
  add({ kind: 'chunkLength' }, 'long long chunk_len');
  add({ kind: 'shift' }, 'int shift');
  add({ kind: 'first' }, 'int is_first');
  plan.lineDims.forEach((_, j) => add({ kind: 'lineDim', index: j }, `long long ld${j}`));
  plan.inputs.forEach((input, k) => input.strides.forEach((_, j) => add({ kind: 'stride', input: k, dim: j }, `long long st${k}_${j}`)));
  plan.outputStrides.forEach((_, j) => add({ kind: 'outStride', dim: j }, `long long ost_${j}`));
  return { params, decl };
}

/** Element `r` of the line into `kv` (its key) and `sv` (its stored value), declared by the caller. */
function loadLines(plan: SortPlan, indent: string, sv = 'sv'): string[] {
  const stored = storeValue(plan.keyDtype, `v${plan.value}`);
  return [`${indent}{`, ...valueLines(plan, `${indent}  `), `${indent}  ${sv} = ${stored};`, `${indent}  kv = ${radixKey(plan, sv)};`, `${indent}}`];
}

/**
 * Adds digit `d` (256: none) of every lane of the warp to hist_s: lanes with one digit counted
 * together by their lowest lane (most keys share the top digits: one atomic a digit, not a key).
 * They are found with match_any: with ballots (the radix sort's ranking) the selects of 2^26
 * float32 took 14% longer on an H100 (session 42).
 * Every lane of the warp calls it.
 */
function addDigitLines(d: string, indent: string): string[] {
  const lines = [
    '{',
    `  const unsigned int d = ${d};`,
    '  if (__ballot_sync(0xffffffffu, d < 256u) != 0u) {',
    '    const unsigned int peers = cp_radix_peers_match(d);',
    '    if (d < 256u && (peers & ((1u << (threadIdx.x & 31)) - 1u)) == 0u) atomicAdd(&hist_s[d], (unsigned int)__popc(peers));',
    '  }',
    '}',
  ];
  return lines.map((l) => indent + l);
}

/** Counts into hist_s the digit at `shift` of the keys in [start, end) that match the prefix. */
function countDigitLines(plan: SortPlan, indent: string): string[] {
  const { items, tile } = plan.select!;
  const lines = [
    `for (long long base = start; base < end; base += ${tile}) {`,
    '#pragma unroll',
    `  for (int j = 0; j < ${items}; ++j) {`,
    `    const long long r = base + j * ${SELECT_THREADS} + threadIdx.x;`,
    '    cp_key kv = 0; cp_val sv;',
    '    const bool valid = r < end;',
    '    if (valid) {',
    ...loadLines(plan, '      '),
    '    }',
    ...addDigitLines('valid && (kv & mask) == prefix ? (unsigned int)(kv >> shift) & 255u : 256u', '    '),
    '  }',
    '}',
  ];
  return lines.map((l) => indent + l);
}

/**
 * Writes the elements of [start, end) of the line: below the kth key `kk` at lt_run on, equal at
 * lt_total + eq_run on, greater after all those (lt_run, eq_run: the counts before `start`).
 * A tile is ITEMS rows of 256 consecutive elements, thread t holding element t of each row, so
 * loads and the stores of the greater elements (nearly all of them) are coalesced; a row's
 * counts below and equal are scanned across the block in thread order, which is line order, so
 * the groups keep it. A row with none of either (most rows: a partition's kth is near one end, or
 * its keys are spread) skips the scan. Before, each thread took ITEMS consecutive elements: a
 * warp's store touched 32 sectors, and the scatter of knn's 512 x 500,000 argpartition took 6.2
 * ms of its 13 on an H100.
 */
function scatterLines(plan: SortPlan, indent: string): string[] {
  const { items, tile } = plan.select!;
  const nd = plan.lineDims.length;
  const at = `out[bo + dest * ost_${nd}]`;
  const emit = plan.output === 'indices' ? `${at} = r;` : `${at} = sv;`;
  const lines = [
    `for (long long base = start; base < end; base += ${tile}) {`,
    `  for (int j = 0; j < ${items}; ++j) {`,
    `    const long long r = base + (long long)j * ${SELECT_THREADS} + threadIdx.x;`,
    '    cp_val sv;',
    '    unsigned char group = 3;',
    '    if (r < end) {',
    '      cp_key kv;',
    ...loadLines(plan, '      ', 'sv'),
    '      group = kv < kk ? 0 : kv == kk ? 1 : 2;',
    '    }',
    '    const unsigned int mine = group == 0 ? 1u : group == 1 ? 0x10000u : 0u;',
    '    unsigned int ex = 0u, row_total = 0u;',
    '    if (__syncthreads_or(mine != 0u)) ex = cp_select_scan<unsigned int>(mine, warp_totals, &row_total);',
    '    if (group != 3) {',
    '      const long long lt_at = lt_run + (ex & 0xffffu), eq_at = eq_run + (ex >> 16);',
    '      const long long dest = group == 0 ? lt_at : group == 1 ? lt_total + eq_at : lt_total + eq_total + (r - lt_at - eq_at);',
    `      ${emit}`,
    '    }',
    '    lt_run += row_total & 0xffffu;',
    '    eq_run += row_total >> 16;',
    '  }',
    '}',
  ];
  return lines.map((l) => indent + l);
}

/** A shuffle of `v`, a stored value of dtype `d` (types shuffles lack go as unsigned int). */
function shuffleStored(d: SortPlan['keyDtype'], v: string, lane: string): string {
  const t = storageType(d);
  return d.itemsize >= 4 ? `__shfl_sync(0xffffffffu, ${v}, ${lane})` : `(${t})__shfl_sync(0xffffffffu, (unsigned int)${v}, ${lane})`;
}

/**
 * The sorted window's epilogue, run by one warp (`lane` its lane) after the line is partitioned
 * and written: each of the window's positions read back with its key, a bitonic sort of 32
 * (key, place) pairs across the lanes (lanes past the window last), and each position written
 * with the value or index of the pair now there. Every lane of the warp runs it.
 */
function windowSortLines(plan: SortPlan, indent: string): string[] {
  const { from, count } = plan.window!;
  const nd = plan.lineDims.length;
  const at = `out[bo + pos * ost_${nd}]`;
  const indices = plan.output === 'indices';
  const pay = indices ? 'long long' : storageType(plan.keyDtype);
  const lines = [
    '{',
    `  const bool live = lane < ${count};`,
    `  const long long pos = ${from === 'end' ? `n_len - ${count}` : '0'} + lane;`,
    `  cp_key key = 0; ${pay} pay = 0;`,
    '  if (live) {',
    `    pay = ${at};`,
    ...(indices
      ? ['    const long long r = pay;', '    cp_key kv; cp_val sv;', ...loadLines(plan, '    '), '    key = kv;']
      : [`    key = ${radixKey(plan, 'pay')};`]),
    '  }',
    '  int place = lane, dead = live ? 0 : 1;',
    '  for (int k = 2; k <= 32; k <<= 1) {',
    '    for (int j = k >> 1; j > 0; j >>= 1) {',
    '      const cp_key ok = __shfl_xor_sync(0xffffffffu, key, j);',
    '      const int op = __shfl_xor_sync(0xffffffffu, place, j), od = __shfl_xor_sync(0xffffffffu, dead, j);',
    '      const bool other_less = od != dead ? od < dead : ok != key ? ok < key : op < place;',
    '      if (((lane & j) == 0) == ((lane & k) == 0) ? other_less : !other_less) { key = ok; place = op; dead = od; }',
    '    }',
    '  }',
    `  const ${pay} moved = ${indices ? '__shfl_sync(0xffffffffu, pay, place)' : shuffleStored(plan.keyDtype, 'pay', 'place')};`,
    `  if (live) ${at} = moved;`,
    '}',
  ];
  return lines.map((l) => indent + l);
}

/** Thread d: the digit holding `rank` among hist counts `c` (every thread calls it; sets s_digit, s_before, s_count). */
function pickDigitLines(indent: string): string[] {
  const lines = [
    'unsigned int all;',
    'const unsigned int before = cp_select_scan<unsigned int>(c, warp_totals, &all);',
    'if ((long long)before <= rank && rank < (long long)before + (long long)c) { s_digit = threadIdx.x; s_before = before; s_count = c; }',
    '__syncthreads();',
  ];
  return lines.map((l) => indent + l);
}

const SHARED_PICK = [
  `  __shared__ unsigned int warp_totals[${WARPS}];`,
  '  __shared__ unsigned int s_digit, s_before, s_count;',
];

/** A resident line's keys into rk[j] (declared by the caller), element `pos` (of j and the thread) each. */
function loadResident(plan: SortPlan, pos: string): string[] {
  return [
    '#pragma unroll',
    `    for (int j = 0; j < ${plan.select!.items}; ++j) {`,
    `      const long long r = ${pos};`,
    '      cp_key kv = 0; cp_val sv;',
    '      if (r < n_len) {',
    ...loadLines(plan, '        '),
    '      }',
    '      rk[j] = kv;',
    '    }',
  ];
}

/** Counts into hist_s the digit at `shift` of the resident keys (rk[j], element `pos`) that match the prefix. */
function countResident(plan: SortPlan, pos: string): string[] {
  return [
    '#pragma unroll',
    `      for (int j = 0; j < ${plan.select!.items}; ++j) {`,
    `        const bool valid = ${pos} < n_len;`,
    ...addDigitLines('valid && (rk[j] & mask) == prefix ? (unsigned int)(rk[j] >> shift) & 255u : 256u', '        '),
    '      }',
  ];
}

function blockKernel(plan: SortPlan): string[] {
  const { items, passes, resident } = plan.select!;
  const residentLoad = [`    cp_key rk[${items}];`, ...loadResident(plan, `j * ${SELECT_THREADS} + threadIdx.x`)];
  const residentCount = countResident(plan, `j * ${SELECT_THREADS} + (long long)threadIdx.x`);
  return [
    '  __shared__ unsigned int hist_s[256];',
    ...SHARED_PICK,
    ...plan.scalars.map((s, k) => `  ${scalarLocal(s.dtype, k)}`),
    '  for (long long line = blockIdx.x; line < n_lines; line += gridDim.x) {',
    ...lineBases(plan, '    '),
    '    const long long start = 0, end = n_len;',
    ...(resident ? residentLoad : []),
    '    cp_key prefix = 0, mask = 0;',
    '    long long rank = kth, lt_total = 0, eq_total = 0;',
    `    for (int shift = ${8 * (passes - 1)}; shift >= 0; shift -= 8) {`,
    '      hist_s[threadIdx.x] = 0u;',
    '      __syncthreads();',
    ...(resident ? residentCount : countDigitLines(plan, '      ')),
    '      __syncthreads();',
    '      const unsigned int c = hist_s[threadIdx.x];',
    ...pickDigitLines('      '),
    '      prefix |= (cp_key)s_digit << shift;',
    '      mask |= (cp_key)255u << shift;',
    '      rank -= s_before; lt_total += s_before; eq_total = s_count;',
    '      __syncthreads();',
    '    }',
    '    const cp_key kk = prefix;',
    '    long long lt_run = 0, eq_run = 0;',
    ...scatterLines(plan, '    '),
    ...(plan.window
      ? ['    __syncthreads();', '    if (threadIdx.x < 32) {', '      const int lane = threadIdx.x;', ...windowSortLines(plan, '      '), '    }']
      : []),
    '  }',
  ];
}

/**
 * 'select-warp': warp w of the block takes lines blockIdx.x × SELECT_WARP_LINES + w, then every
 * gridDim.x × SELECT_WARP_LINES-th; nothing but __syncwarp orders its lanes (warps of a block may
 * run different counts of lines).
 */
function warpKernel(plan: SortPlan): string[] {
  const { items, passes } = plan.select!;
  const W = SELECT_WARP_LINES;
  const load = loadResident(plan, '(long long)j * 32 + lane');
  const count = countResident(plan, '(long long)j * 32 + lane');
  // Lane l scans digits 8l..8l+7 (two 16-byte loads), then the warp scans the lanes' sums.
  const pick = [
    '      const cp_vec<unsigned int, 4> h0 = reinterpret_cast<const cp_vec<unsigned int, 4>*>(hist_s)[2 * lane];',
    '      const cp_vec<unsigned int, 4> h1 = reinterpret_cast<const cp_vec<unsigned int, 4>*>(hist_s)[2 * lane + 1];',
    '      const unsigned int c[8] = { h0.v[0], h0.v[1], h0.v[2], h0.v[3], h1.v[0], h1.v[1], h1.v[2], h1.v[3] };',
    '      unsigned int sum = 0u;',
    '#pragma unroll',
    '      for (int q = 0; q < 8; ++q) sum += c[q];',
    '      unsigned int incl = sum;',
    '      for (int o = 1; o < 32; o <<= 1) {',
    '        const unsigned int y = __shfl_up_sync(0xffffffffu, incl, o);',
    '        if (lane >= o) incl += y;',
    '      }',
    '      unsigned int before = incl - sum, digit = 256u, d_before = 0u, d_count = 0u;',
    '#pragma unroll',
    '      for (int q = 0; q < 8; ++q) {',
    '        if (digit == 256u && (long long)before <= rank && rank < (long long)before + (long long)c[q]) { digit = 8u * lane + q; d_before = before; d_count = c[q]; }',
    '        before += c[q];',
    '      }',
    '      const int owner = __ffs(__ballot_sync(0xffffffffu, digit != 256u)) - 1;',
    '      digit = __shfl_sync(0xffffffffu, digit, owner);',
    '      d_before = __shfl_sync(0xffffffffu, d_before, owner);',
    '      d_count = __shfl_sync(0xffffffffu, d_count, owner);',
  ];
  // The one key under the new prefix: the kth, whatever its lower digits.
  const single = [
    '      if (d_count == 1u && shift > 0) {',
    '        cp_key mine = 0; bool has = false;',
    '#pragma unroll',
    `        for (int j = 0; j < ${items}; ++j) {`,
    '          if ((long long)j * 32 + lane < n_len && (rk[j] & mask) == prefix) { mine = rk[j]; has = true; }',
    '        }',
    '        prefix = __shfl_sync(0xffffffffu, mine, __ffs(__ballot_sync(0xffffffffu, has)) - 1);',
    '        break;',
    '      }',
  ];
  const nd = plan.lineDims.length;
  const at = `out[bo + dest * ost_${nd}]`;
  const scatter = [
    '    const cp_key kk = prefix;',
    '    long long lt_run = 0, eq_run = 0;',
    '    const unsigned int lower = (1u << lane) - 1u;',
    '#pragma unroll',
    `    for (int j = 0; j < ${items}; ++j) {`,
    '      const long long r = (long long)j * 32 + lane;',
    '      unsigned char group = 3;',
    ...(plan.output === 'indices'
      ? ['      if (r < n_len) group = rk[j] < kk ? 0 : rk[j] == kk ? 1 : 2;']
      // A sort's values are stored as loaded (the keys do not give back every dtype's stored value).
      : ['      cp_val sv;', '      if (r < n_len) {', '        cp_key kv;', ...loadLines(plan, '        ', 'sv'), '        group = kv < kk ? 0 : kv == kk ? 1 : 2;', '      }']),
    '      const unsigned int lt_bits = __ballot_sync(0xffffffffu, group == 0), eq_bits = __ballot_sync(0xffffffffu, group == 1);',
    '      if (group != 3) {',
    '        const long long lt_at = lt_run + __popc(lt_bits & lower), eq_at = eq_run + __popc(eq_bits & lower);',
    '        const long long dest = group == 0 ? lt_at : group == 1 ? lt_total + eq_at : lt_total + eq_total + (r - lt_at - eq_at);',
    `        ${plan.output === 'indices' ? `${at} = r;` : `${at} = sv;`}`,
    '      }',
    '      lt_run += __popc(lt_bits);',
    '      eq_run += __popc(eq_bits);',
    '    }',
  ];
  return [
    // Declared as 16-byte vectors for the pick's loads; used as 256 counts a warp.
    `  __shared__ cp_vec<unsigned int, 4> hist_w[${W * 64}];`,
    '  const int lane = threadIdx.x & 31;',
    '  unsigned int* const hist_s = reinterpret_cast<unsigned int*>(hist_w + (threadIdx.x >> 5) * 64);',
    ...plan.scalars.map((s, k) => `  ${scalarLocal(s.dtype, k)}`),
    `  for (long long line = (long long)blockIdx.x * ${W} + (threadIdx.x >> 5); line < n_lines; line += (long long)gridDim.x * ${W}) {`,
    ...lineBases(plan, '    '),
    `    cp_key rk[${items}];`,
    ...load,
    '    cp_key prefix = 0, mask = 0;',
    '    long long rank = kth, lt_total = 0, eq_total = 0;',
    `    for (int shift = ${8 * (passes - 1)}; shift >= 0; shift -= 8) {`,
    '      for (int i = lane; i < 256; i += 32) hist_s[i] = 0u;',
    '      __syncwarp();',
    ...count,
    '      __syncwarp();',
    ...pick,
    '      __syncwarp();',
    '      prefix |= (cp_key)digit << shift;',
    '      mask |= (cp_key)255u << shift;',
    '      rank -= d_before; lt_total += d_before; eq_total = d_count;',
    ...single,
    '    }',
    ...scatter,
    ...(plan.window ? ['    __syncwarp();', ...windowSortLines(plan, '    ')] : []),
    '  }',
  ];
}

/** The chunk `c` of the grid-stride loop: its line, bases and range. */
const CHUNK_HEAD = (plan: SortPlan) => [
  '  for (long long c = blockIdx.x; c < n_lines * n_chunks; c += gridDim.x) {',
  '    const long long line = c / n_chunks;',
  '    const long long start = (c - line * n_chunks) * chunk_len;',
  '    const long long end = start + chunk_len < n_len ? start + chunk_len : n_len;',
  ...lineBases(plan, '    '),
  `    unsigned long long* const st = state + line * ${SELECT_STATE_WORDS};`,
];

function histKernel(plan: SortPlan): string[] {
  return [
    '  __shared__ unsigned int hist_s[256];',
    ...plan.scalars.map((s, k) => `  ${scalarLocal(s.dtype, k)}`),
    ...CHUNK_HEAD(plan),
    '    const cp_key prefix = is_first ? (cp_key)0 : (cp_key)st[0];',
    '    const cp_key mask = is_first ? (cp_key)0 : (cp_key)st[1];',
    '    hist_s[threadIdx.x] = 0u;',
    '    __syncthreads();',
    ...countDigitLines(plan, '    '),
    '    __syncthreads();',
    '    if (hist_s[threadIdx.x] != 0u) atomicAdd(&hist[line * 256 + threadIdx.x], hist_s[threadIdx.x]);',
    '    __syncthreads();',
    '  }',
  ];
}

function narrowKernel(): string[] {
  return [
    ...SHARED_PICK,
    '  for (long long line = blockIdx.x; line < n_lines; line += gridDim.x) {',
    `    unsigned long long* const st = state + line * ${SELECT_STATE_WORDS};`,
    '    const unsigned int c = hist[line * 256 + threadIdx.x];',
    '    hist[line * 256 + threadIdx.x] = 0u;',
    '    const unsigned long long prefix = is_first ? 0ull : st[0], mask = is_first ? 0ull : st[1];',
    '    const long long rank = is_first ? kth : (long long)st[2];',
    '    const unsigned long long lt = is_first ? 0ull : st[3];',
    ...pickDigitLines('    '),
    '    if (threadIdx.x == 0) {',
    '      st[0] = prefix | ((unsigned long long)s_digit << shift);',
    '      st[1] = mask | (255ull << shift);',
    '      st[2] = (unsigned long long)(rank - s_before);',
    '      st[3] = lt + s_before;',
    '      st[4] = s_count;',
    '    }',
    '    __syncthreads();',
    '  }',
  ];
}

function countKernel(plan: SortPlan): string[] {
  return [
    `  __shared__ unsigned long long warp_totals[${WARPS}];`,
    ...plan.scalars.map((s, k) => `  ${scalarLocal(s.dtype, k)}`),
    ...CHUNK_HEAD(plan),
    '    const cp_key kk = (cp_key)st[0];',
    '    unsigned long long mine = 0ull;',
    `    for (long long r = start + threadIdx.x; r < end; r += ${SELECT_THREADS}) {`,
    '      cp_key kv; cp_val sv;',
    ...loadLines(plan, '      '),
    '      mine += kv < kk ? 1ull : kv == kk ? (1ull << 32) : 0ull;',
    '    }',
    '    unsigned long long total;',
    '    cp_select_scan<unsigned long long>(mine, warp_totals, &total);',
    '    if (threadIdx.x == 0) chunk_counts[c] = total;',
    '  }',
  ];
}

function scanKernel(): string[] {
  return [
    `  __shared__ unsigned long long warp_totals[${WARPS}];`,
    '  for (long long line = blockIdx.x; line < n_lines; line += gridDim.x) {',
    '    unsigned long long carry = 0ull;',
    `    for (long long b = 0; b < n_chunks; b += ${SELECT_THREADS}) {`,
    '      const long long i = b + threadIdx.x;',
    '      const unsigned long long v = i < n_chunks ? chunk_counts[line * n_chunks + i] : 0ull;',
    '      unsigned long long total;',
    '      const unsigned long long ex = cp_select_scan<unsigned long long>(v, warp_totals, &total);',
    '      if (i < n_chunks) chunk_counts[line * n_chunks + i] = carry + ex;',
    '      carry += total;',
    '    }',
    '  }',
  ];
}

function scatterKernel(plan: SortPlan): string[] {
  return [
    `  __shared__ unsigned int warp_totals[${WARPS}];`,
    ...plan.scalars.map((s, k) => `  ${scalarLocal(s.dtype, k)}`),
    ...CHUNK_HEAD(plan),
    '    const cp_key kk = (cp_key)st[0];',
    '    const long long lt_total = (long long)st[3], eq_total = (long long)st[4];',
    '    const unsigned long long before = chunk_counts[c];',
    '    long long lt_run = (long long)(before & 0xffffffffull), eq_run = (long long)(before >> 32);',
    ...scatterLines(plan, '    '),
    '  }',
  ];
}

/** The kernels of a select plan (without the CUDA, sort-key and radix preludes; the caller puts them first). */
export function generateCudaSelect(plan: SortPlan): GeneratedSelect {
  const { params, decl } = parameters(plan);
  const signature = decl.join(',\n    ');
  const names = {
    warpName: `${plan.name}_select_warp`, blockName: `${plan.name}_select_block`, histName: `${plan.name}_select_hist`, narrowName: `${plan.name}_select_narrow`,
    countName: `${plan.name}_select_count`, scanName: `${plan.name}_select_scan`, scatterName: `${plan.name}_select_scatter`,
  };
  const kernel = (name: string, body: string[]) =>
    `extern "C" __global__ void __launch_bounds__(${SELECT_THREADS}) ${name}(\n    ${signature}) {\n${body.join('\n')}\n}\n`;
  const kernels = plan.strategy === 'select-warp' ? [kernel(names.warpName, warpKernel(plan))]
    : plan.strategy === 'select-block' ? [kernel(names.blockName, blockKernel(plan))]
    : [kernel(names.histName, histKernel(plan)), kernel(names.narrowName, narrowKernel()), kernel(names.countName, countKernel(plan)),
      kernel(names.scanName, scanKernel()), kernel(names.scatterName, scatterKernel(plan))];
  const concrete = (text: string) => text.replaceAll('cp_key', keyType(plan.keyDtype)).replaceAll('cp_val', storageType(plan.keyDtype));
  return { ...names, params, source: kernels.map(concrete).join('\n'), threads: SELECT_THREADS };
}
