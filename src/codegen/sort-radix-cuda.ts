// CUDA C for the radix strategies of a sort plan (src/ir/sort-plan.ts), after CUB's onesweep.
// A sort carries one word an element (./sort-keys.ts radixWord: a float's bits, any other dtype's
// order-preserving key), whose digits are taken from its key (radixWordKey), and writes the words'
// values back at the end: keys alone, 4 or 8 bytes a pass. An argsort carries the position along
// the line with the word, and its words are the keys themselves (no values come back). A
// least-significant-digit radix sort of 8-bit digits is stable, so equal keys (NaNs, -0 and +0,
// duplicates) keep their order along the line: the same permutation and bits as the CPU backend's
// sort.
//
// The ranking of a tile (`threads` × `items` elements, warp-contiguous) is shared by both
// strategies: each warp ranks its 32 × items consecutive elements by digit (peers found with one
// match, or 9 ballots before sm_70; the lowest peer adds the run to the warp's count, atomically,
// and shuffles the old count to its peers), the warps' counts are scanned per digit (a thread a digit) and the
// tile's per-digit counts over the digits; every element then has its place in the tile sorted
// stably by digit, and is written there in shared memory, from where runs of one digit leave in
// order (coalesced). Words and payloads take turns in one shared buffer.
//  - `<name>_radix_tile`: one block per line of at most a tile: every pass in shared memory.
//  - `<name>_histogram` (once, before the passes): one read of the inputs counting every digit
//    position's digits at once, into totals[line][pass][digit].
//  - `<name>_onesweep` (one launch a pass): each tile, taken in order from a counter, is loaded
//    and counted by digit; its counts are published at once (tile 0: with the line's start, the
//    exclusive scan of the line's totals), it is ranked and placed in shared memory, then finds its
//    digits' places by a decoupled look-back over the statuses of its line's earlier tiles
//    (status[line][tile][digit], tagged with the pass: aggregate or inclusive prefix) and is
//    scattered in runs of one digit. A pass reads and writes each word (and payload) once.
import type { SortPlan } from '../ir/sort-plan.js';
import { scalarLocal, scalarParam, storageType, storeValue } from './cuda-types.js';
import type { SortParam } from './sort-cuda.js';
import { lineBases, valueLines } from './sort-cuda.js';
import { keyFunction, keyType, radixWord, radixWordKey, radixWordValue } from './sort-keys.js';

export type RadixParam =
  | SortParam
  | { kind: 'status' } | { kind: 'totals' } | { kind: 'tileCounter' } | { kind: 'chunks' } | { kind: 'chunkLength' } | { kind: 'shift' };

export interface GeneratedRadix {
  tileName: string;
  histogramName: string;
  onesweepName: string;
  params: RadixParam[];
  /** The radix kernels' source (the prelude excluded), and their block size. */
  source: string;
  threads: number;
}

/** Device helpers shared by every radix kernel of a translation unit (include-guarded). */
export const RADIX_PRELUDE = String.raw`
#ifndef CP_RADIX_HELPERS
#define CP_RADIX_HELPERS
// A tile's look-back status of one digit: the pass's tag (pass + 1; any other tag: not yet
// published this pass, so the statuses are zeroed once a sort), and its count (aggregate) or the
// count of every earlier tile of its line with the line's start (prefix).
#define CP_RADIX_AGGREGATE (1ull << 62)
#define CP_RADIX_PREFIX (2ull << 62)
#define CP_RADIX_VALUE ((1ull << 48) - 1ull)
#define CP_RADIX_TAG_MASK (((1ull << 62) - 1ull) & ~CP_RADIX_VALUE)
// What a look-back does between reads of an unpublished status (a host emulator yields there).
#ifndef CP_RADIX_BACKOFF
#define CP_RADIX_BACKOFF()
#endif
// The lanes of this warp whose value d (of BITS bits) equals mine; every lane of the warp calls it.
// A ballot a bit, as CUB's matcher: on an H100 (session 42's ncu) the ranking waited on
// __match_any_sync's result for a third of its stall samples. cp_radix_peers_match takes
// match_any (sm_70 and later) where a plan asks for it (src/ir/radix-tuning.ts).
template <int BITS> CP_D unsigned int cp_radix_peers(unsigned int d) {
  unsigned int peers = 0xffffffffu;
#pragma unroll
  for (int b = 0; b < BITS; ++b) {
    const unsigned int bit = (d >> b) & 1u;
    const unsigned int m = __ballot_sync(0xffffffffu, bit);
    peers &= bit ? m : ~m;
  }
  return peers;
}
CP_D unsigned int cp_radix_peers_match(unsigned int d) {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 700
  return __match_any_sync(0xffffffffu, d);
#else
  return cp_radix_peers<9>(d);
#endif
}
// The exclusive scan of one value per thread over a block of WARPS warps (all call it).
template <int WARPS> CP_D unsigned int cp_radix_block_scan(unsigned int v, unsigned int* warp_totals) {
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
#endif
`;

function parameters(plan: SortPlan): { params: RadixParam[]; decl: string[] } {
  const params: RadixParam[] = [];
  const decl: string[] = [];
  const add = (p: RadixParam, d: string) => { params.push(p); decl.push(d); };
  plan.inputs.forEach((input, k) => add({ kind: 'input', index: k }, `const ${storageType(input.dtype)}* __restrict__ in${k}`));
  add({ kind: 'output' }, `${storageType(plan.node.dtype)}* __restrict__ out`);
  // Not restrict: a pass may swap the two pairs (activePassLines).
  add({ kind: 'keysIn' }, 'cp_key* kin');
  add({ kind: 'positionsIn' }, 'cp_pay* pin');
  add({ kind: 'keysOut' }, 'cp_key* kout');
  add({ kind: 'positionsOut' }, 'cp_pay* pout');
  add({ kind: 'status' }, 'unsigned long long* status');
  add({ kind: 'totals' }, 'unsigned int* __restrict__ totals');
  add({ kind: 'tileCounter' }, 'unsigned int* __restrict__ tile_counter');
  plan.scalars.forEach((s, k) => { const p = scalarParam(s.dtype); add({ kind: 'scalar', index: k, code: p.code }, `${p.cType} p${k}`); });
  add({ kind: 'lines' }, 'long long n_lines');
  add({ kind: 'length' }, 'long long n_len');
  add({ kind: 'chunks' }, 'long long n_chunks');
  add({ kind: 'chunkLength' }, 'long long chunk_len');
  add({ kind: 'shift' }, 'int shift');
  plan.lineDims.forEach((_, j) => add({ kind: 'lineDim', index: j }, `long long ld${j}`));
  plan.inputs.forEach((input, k) => input.strides.forEach((_, j) => add({ kind: 'stride', input: k, dim: j }, `long long st${k}_${j}`)));
  plan.outputStrides.forEach((_, j) => add({ kind: 'outStride', dim: j }, `long long ost_${j}`));
  return { params, decl };
}

/** The radix key of a stored value `v` of the key dtype. */
export function radixKey(plan: SortPlan, v: string): string {
  return plan.keyDtype.name === 'float16' ? `cp_radix_key_float16_clamped(${v})` : `${keyFunction(plan.keyDtype)}(${v})`;
}

/** The lanes of the warp whose `bits`-bit value `d` equals this lane's (every lane calls it). */
export const peersOf = (plan: SortPlan, d: string, bits: number) =>
  plan.radix.peersMatch ? `cp_radix_peers_match(${d})` : `cp_radix_peers<${bits}>(${d})`;

const hasPayload = (plan: SortPlan) => plan.radix.payloadBytes > 0;
const warpsOf = (plan: SortPlan) => plan.radix.threads / 32;

/**
 * Whether the plan's words are the sort keys themselves: an argsort's result is its positions, so
 * its words never give values back, and a pass takes their digits without a float key's transform
 * (three times a word a pass: ranking, placing, scatter). A sort's words are values (radixWord).
 */
const wordsAreKeys = (plan: SortPlan) => plan.output === 'indices';

/** The 8-bit digit at bit `shift` of radix word `w` (./sort-keys.ts radixWord). */
const digitOf = (plan: SortPlan, w: string, shift: string) =>
  `((unsigned int)(${wordsAreKeys(plan) ? w : radixWordKey(plan.keyDtype, w)} >> ${shift}) & 255u)`;

/** The sort key of word `kv` (./sort-keys.ts radixWordKey; `flat`: selects, not branches). */
const keyOfWord = (plan: SortPlan, kv: string, flat = false) => (wordsAreKeys(plan) ? kv : radixWordKey(plan.keyDtype, kv, flat));

/**
 * Computes element `r` of the line into word `kv` and (argsort) payload `pv`, declared by the
 * caller; `at(k)` overrides input k's offset (./sort-cuda.ts valueLines).
 */
function firstLoadLines(plan: SortPlan, indent: string, at?: (k: number) => string, flat = false): string[] {
  const stored = storeValue(plan.keyDtype, `v${plan.value}`);
  const word = radixWord(plan.keyDtype, stored);
  return [
    `${indent}{`,
    ...valueLines(plan, `${indent}  `, at),
    `${indent}  kv = ${wordsAreKeys(plan) ? radixWordKey(plan.keyDtype, word, flat) : word};`,
    ...(plan.output === 'indices' ? [`${indent}  pv = (cp_pay)r;`] : []),
    `${indent}}`,
  ];
}

/** Writes `v` (a position for argsort, else a stored value) as the result at position `dest` of the line. */
function emitLine(plan: SortPlan, dest: string, v: string): string {
  const at = `out[bo + (long long)(${dest}) * ost_${plan.lineDims.length}]`;
  return plan.output === 'indices' ? `${at} = (long long)(${v});` : `${at} = ${v};`;
}

/** Writes word `w`'s value at position `dest` (a sort; argsort writes its payloads instead). */
const emitWord = (plan: SortPlan, dest: string, w: string) => emitLine(plan, dest, radixWordValue(plan.keyDtype, w));

/**
 * Shared memory of a tile: one buffer that holds, in turn, the warps' digit counts, the tile's
 * words and (argsort) its payloads, each sorted by digit; the digits' counts and first places.
 */
function tileShared(plan: SortPlan): string[] {
  const { tile, keyBytes, payloadBytes } = plan.radix;
  const warps = warpsOf(plan);
  const bytes = Math.max(tile * Math.max(keyBytes, payloadBytes), warps * 256 * 4);
  return [
    `  __shared__ unsigned long long raw[${Math.ceil(bytes / 8)}];`,
    '  unsigned int* const warp_counts = (unsigned int*)raw;',
    '  cp_key* const sk = (cp_key*)raw;',
    '  cp_pay* const sp = (cp_pay*)raw;',
    '  __shared__ unsigned int digit_start[256];',
    `  __shared__ unsigned int warp_totals[${warps}];`,
    '  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;',
  ];
}

/**
 * Ranks the tile held in k[] (element warp*32*items + j*32 + lane; padding words all ones, whose
 * digit is 255 in every pass, at the end) by the digit at bit `shift`, within its warp: rank[j]
 * is the element's place among its warp's elements of its digit (keeping the digit in rank's high
 * bits, instead of finding it again in rankPlaceLines, spilled more registers under ptxas 11.8).
 * The highest lane of a run of equal digits adds the run (its own count of lower peers) to the
 * warp's counter, atomically (the next item's run may have another highest lane), as CUB. After
 * it, each digit's thread (threadIdx.x < 256) holds `run`, the digit's count in the tile, and
 * warp_counts[w][d] the count of digit d in warps before w.
 */
function rankCountLines(plan: SortPlan, shift: string, indent: string): string[] {
  const { items, threads } = plan.radix;
  const warps = warpsOf(plan);
  return [
    `for (int i = threadIdx.x; i < ${warps * 256}; i += ${threads}) warp_counts[i] = 0u;`,
    '__syncthreads();',
    `unsigned int rank[${items}];`,
    '{',
    '  const unsigned int lanes_to_mine = (2u << lane) - 1u;',
    '  #pragma unroll',
    `  for (int j = 0; j < ${items}; ++j) {`,
    `    const unsigned int d = ${digitOf(plan, 'k[j]', shift)};`,
    `    const unsigned int peers = ${peersOf(plan, 'd', 8)};`,
    '    const int leader = 31 - __clz(peers);',
    '    const unsigned int upto = __popc(peers & lanes_to_mine);',
    '    unsigned int base = 0u;',
    '    if (lane == leader) base = atomicAdd(&warp_counts[warp * 256 + d], upto);',
    '    rank[j] = __shfl_sync(0xffffffffu, base, leader) + upto - 1u;',
    '  }',
    '}',
    '__syncthreads();',
    'unsigned int run = 0u;',
    'if (threadIdx.x < 256) {',
    `  for (int w = 0; w < ${warps}; ++w) { const unsigned int c = warp_counts[w * 256 + threadIdx.x]; warp_counts[w * 256 + threadIdx.x] = run; run += c; }`,
    '}',
  ].map((l) => indent + l);
}

/**
 * After rankCountLines: digit_start (each digit's first place in the tile), and rank[j] the
 * element's place in the tile; with `digits` (the onesweep's digit cache) each element's digit is
 * also kept at its place in sd[], so that the scatter does not find it again.
 */
function rankPlaceLines(plan: SortPlan, shift: string, indent: string, digits = false): string[] {
  const { items } = plan.radix;
  const warps = warpsOf(plan);
  const place = digits
    ? [`for (int j = 0; j < ${items}; ++j) { const unsigned int d = ${digitOf(plan, 'k[j]', shift)}; rank[j] += warp_counts[warp * 256 + d]; sd[rank[j]] = (unsigned char)d; }`]
    : [`for (int j = 0; j < ${items}; ++j) rank[j] += warp_counts[warp * 256 + ${digitOf(plan, 'k[j]', shift)}];`];
  return [
    '{',
    `  const unsigned int start = cp_radix_block_scan<${warps}>(run, warp_totals);`,
    '  if (threadIdx.x < 256) {',
    '    digit_start[threadIdx.x] = start;',
    `    for (int w = 0; w < ${warps}; ++w) warp_counts[w * 256 + threadIdx.x] += start;`,
    '  }',
    '}',
    '__syncthreads();',
    '#pragma unroll',
    ...place,
    '__syncthreads();',
  ].map((l) => indent + l);
}

/** Element j of this thread in a tile: warp-contiguous runs of 32 × items. */
const tileIndex = (items: number) => `warp * ${32 * items} + j * 32 + lane`;

/**
 * Skips a pass of the on-chip sort whose digit is the same for every element of the line (it would
 * keep the order): element 0's digit against every valid element's (padding stays at the end).
 */
function tilePassMovesLines(plan: SortPlan, indent: string): string[] {
  const { items } = plan.radix;
  const digit = (w: string) => digitOf(plan, w, 'pass_shift');
  return [
    `if (threadIdx.x == 0) { pass_moves = 0u; pass_digit = ${digit('k[0]')}; }`,
    '__syncthreads();',
    '{',
    '  bool differs = false;',
    '  #pragma unroll',
    `  for (int j = 0; j < ${items}; ++j) if (${tileIndex(items)} < n_len && ${digit('k[j]')} != pass_digit) differs = true;`,
    '  if (differs) pass_moves = 1u;',
    '}',
    '__syncthreads();',
    // Every thread reads pass_moves before thread 0 resets it for the next pass.
    'if (pass_moves == 0u) { __syncthreads(); continue; }',
  ].map((l) => indent + l);
}

function tileKernel(plan: SortPlan, signature: string): string {
  const { items, passes } = plan.radix;
  const at = tileIndex(items);
  const exchange = (arr: string, reg: string) => [
    `      for (int j = 0; j < ${items}; ++j) ${arr}[rank[j]] = ${reg}[j];`,
    '      __syncthreads();',
    `      for (int j = 0; j < ${items}; ++j) ${reg}[j] = ${arr}[${at}];`,
    '      __syncthreads();',
  ];
  const body = [
    ...tileShared(plan),
    '  __shared__ unsigned int pass_moves, pass_digit;',
    ...plan.scalars.map((s, k) => `  ${scalarLocal(s.dtype, k)}`),
    '  for (long long line = blockIdx.x; line < n_lines; line += gridDim.x) {',
    ...lineBases(plan, '    '),
    `    cp_key k[${items}];`,
    `    cp_pay p[${items}];`,
    `    for (int j = 0; j < ${items}; ++j) {`,
    `      const long long r = ${at};`,
    '      cp_key kv = ~(cp_key)0;',
    '      cp_pay pv = (cp_pay)0;',
    '      if (r < n_len) {',
    ...firstLoadLines(plan, '        '),
    '      }',
    '      k[j] = kv; p[j] = pv;',
    '    }',
    `    for (int pass_shift = 0; pass_shift < ${passes * 8}; pass_shift += 8) {`,
    ...tilePassMovesLines(plan, '      '),
    ...rankCountLines(plan, 'pass_shift', '      '),
    ...rankPlaceLines(plan, 'pass_shift', '      '),
    ...exchange('sk', 'k'),
    ...(hasPayload(plan) ? exchange('sp', 'p') : []),
    '    }',
    `    for (int j = 0; j < ${items}; ++j) {`,
    `      const long long i = ${at};`,
    `      if (i < n_len) ${hasPayload(plan) ? emitLine(plan, 'i', 'p[j]') : emitWord(plan, 'i', 'k[j]')}`,
    '    }',
    '  }',
  ];
  return kernel(plan, 'radix_tile', signature, body);
}

/**
 * Every pass's digit counts in one read of the keys: per chunk of a line, the count of each digit
 * at each digit position in shared memory (an atomic add a key, or with the plan's
 * histogramMatch one a warp's run of equal digits), added to totals[line][pass][digit]. A chunk's
 * full blocks of threads × H keys load and count without bounds checks, each input's offset
 * stepping by a constant (CUB checks only its last tile); the chunk's rest takes a checked block.
 */
function histogramKernel(plan: SortPlan, signature: string): string {
  const { passes, threads, histogramItems: H, histogramMatch: match } = plan.radix;
  const nd = plan.lineDims.length;
  const block = threads * H;
  /** Loads and counts one block of keys from `base` on; `checked`: the block may pass `end`. */
  const countBlock = (checked: boolean, indent: string) => {
    const count = match
      ? [
        `const unsigned int d = ${checked ? 'valid[j] ? DIGIT : 256u' : 'DIGIT'};`,
        `const unsigned int peers = ${peersOf(plan, 'd', checked ? 9 : 8)};`,
        `if (${checked ? 'd < 256u && ' : ''}(peers & ((1u << lane) - 1u)) == 0u) atomicAdd(&hist[pass * 256 + d], (unsigned int)__popc(peers));`,
      ]
      : [`${checked ? 'if (valid[j]) ' : ''}atomicAdd(&hist[pass * 256 + DIGIT], 1u);`];
    const load = checked
      ? ['  cp_key kv = (cp_key)0;', '  valid[j] = r < end;', '  if (valid[j]) {', '    cp_pay pv;', '    (void)pv;', ...firstLoadLines(plan, '    ', undefined, true), '  }']
      : ['  cp_key kv;', '  cp_pay pv;', '  (void)pv;', ...firstLoadLines(plan, '  ', (k) => `hoff${k} + j * hstep${k}`, true)];
    return [
      ...(checked ? [] : plan.inputs.map((_, k) => `const long long hoff${k} = b${k} + (base + threadIdx.x) * st${k}_${nd};`)),
      `cp_key key[${H}];`,
      ...(checked ? [`bool valid[${H}];`] : []),
      '#pragma unroll',
      `for (int j = 0; j < ${H}; ++j) {`,
      `  const long long r = base + j * ${threads} + threadIdx.x;`,
      ...load,
      // The sort key once a key (a float's key maps its bits), then each pass's digit from it.
      `  key[j] = ${keyOfWord(plan, 'kv', true)};`,
      '}',
      `for (int pass = 0; pass < ${passes}; ++pass) {`,
      '#pragma unroll',
      `  for (int j = 0; j < ${H}; ++j) {`,
      ...count.map((l) => '    ' + l.replace('DIGIT', '((unsigned int)(key[j] >> (8 * pass)) & 255u)')),
      '  }',
      '}',
    ].map((l) => indent + l);
  };
  const body = [
    `  __shared__ unsigned int hist[${passes * 256}];`,
    '  const int lane = threadIdx.x & 31;',
    '  (void)lane;',
    ...plan.scalars.map((s, k) => `  ${scalarLocal(s.dtype, k)}`),
    // Each input's step between a thread's consecutive keys of a block.
    ...plan.inputs.map((_, k) => `  const long long hstep${k} = ${threads}ll * st${k}_${nd};`),
    '  for (long long c = blockIdx.x; c < n_lines * n_chunks; c += gridDim.x) {',
    '    const long long line = c / n_chunks;',
    '    const long long chunk = c - line * n_chunks;',
    ...lineBases(plan, '    '),
    '    const long long start = chunk * chunk_len;',
    '    const long long end = start + chunk_len < n_len ? start + chunk_len : n_len;',
    `    for (int i = threadIdx.x; i < ${passes * 256}; i += ${threads}) hist[i] = 0u;`,
    '    __syncthreads();',
    '    long long base = start;',
    `    for (; base + ${block} <= end; base += ${block}) {`,
    ...countBlock(false, '      '),
    '    }',
    '    if (base < end) {',
    ...countBlock(true, '      '),
    '    }',
    '    __syncthreads();',
    `    for (int i = threadIdx.x; i < ${passes * 256}; i += ${threads}) {`,
    `      if (hist[i] != 0u) atomicAdd(&totals[line * ${passes * 256} + i], hist[i]);`,
    '    }',
    '    __syncthreads();',
    '  }',
  ];
  return kernel(plan, 'histogram', signature, body);
}

/**
 * The look-back of digit d (thread d < 256; `run` its count in the tile, padding included), in two
 * steps. Publish (right after the counting, before the tile is placed): tile 0 publishes its
 * prefix (the line's start for d, from the line's totals, plus its count), every other tile its
 * aggregate. Walk (after the tile is placed): a later tile sums the earlier tiles' statuses back
 * to the first prefix, publishes its own prefix, and keeps `tile_base[d]`: where the tile's
 * elements of digit d start in the line, less their first place in the tile.
 */
function lookBackPublishLines(plan: SortPlan, indent: string): string[] {
  const { passes, tile } = plan.radix;
  return [
    'unsigned long long count = 0ull, before = 0ull;',
    'const unsigned long long tag = (unsigned long long)(shift / 8 + 1) << 48;',
    'volatile unsigned long long* const st = status + (line * n_tiles) * 256 + (threadIdx.x & 255);',
    `if (threadIdx.x < 256) count = (unsigned long long)run - (threadIdx.x == 255 ? (unsigned long long)(${tile} - valid) : 0ull);`,
    'if (tile == 0) {',
    `  const unsigned int total = threadIdx.x < 256 ? totals[(line * ${passes} + shift / 8) * 256 + threadIdx.x] : 0u;`,
    `  before = cp_radix_block_scan<${warpsOf(plan)}>(total, warp_totals);`,
    '  if (threadIdx.x < 256) st[0] = tag | CP_RADIX_PREFIX | (before + count);',
    '} else if (threadIdx.x < 256) {',
    '  st[tile * 256] = tag | CP_RADIX_AGGREGATE | count;',
    '}',
  ].map((l) => indent + l);
}

function lookBackWalkLines(indent: string): string[] {
  return [
    'if (threadIdx.x < 256) {',
    '  if (tile > 0) {',
    '    for (long long t = tile - 1; ; --t) {',
    '      unsigned long long s;',
    '      for (s = st[t * 256]; (s & CP_RADIX_TAG_MASK) != tag; s = st[t * 256]) CP_RADIX_BACKOFF();',
    '      before += s & CP_RADIX_VALUE;',
    '      if (s & CP_RADIX_PREFIX) break;',
    '    }',
    '    st[tile * 256] = tag | CP_RADIX_PREFIX | (before + count);',
    '  }',
    '  tile_base[threadIdx.x] = (int)before - (int)digit_start[threadIdx.x];',
    '}',
  ].map((l) => indent + l);
}

/**
 * Which passes move this tile's line (CUB skips bits the caller names; these are found from the
 * data): a pass whose digit is the same for every element of the line (one digit counts the whole
 * line in the histogram's totals) keeps the order, so it skips the line; a line no pass moves is
 * written by the last. Integers of a small range (labels, indices, counts) sort in the passes of
 * their low digits only. The line's elements go through the scratch pairs as if only its active
 * passes ran: the host gives pass p the pairs of the p-th pass, and the k-th active pass swaps
 * them where k and p differ in parity. Sets is_first, is_final and the pointers; a tile that
 * skips goes on to the next.
 */
function activePassLines(plan: SortPlan, indent: string): string[] {
  const { passes } = plan.radix;
  return [
    // The same for every tile of a line: found at a block's first tile of each line it takes.
    'if (line != active_line) {',
    '  if (threadIdx.x == 0) shared_moves = 0u;',
    '  __syncthreads();',
    '  if (threadIdx.x < 256) {',
    '    unsigned int m = 0u;',
    `    for (int q = 0; q < ${passes}; ++q) {`,
    `      const unsigned long long c = totals[(line * ${passes} + q) * 256 + threadIdx.x];`,
    '      if (c != 0ull && c != (unsigned long long)n_len) m |= 1u << q;',
    '    }',
    '    if (m != 0u) atomicOr(&shared_moves, m);',
    '  }',
    '  __syncthreads();',
    `  active = shared_moves != 0u ? shared_moves : ${1 << (passes - 1)}u;`,
    '  active_line = line;',
    '}',
    'const unsigned int mine = 1u << (shift / 8);',
    // Every thread has read shared_id before thread 0 sets it for the next tile.
    'if ((active & mine) == 0u) { __syncthreads(); continue; }',
    'const int is_first = (active & (mine - 1u)) == 0u;',
    'const int is_final = (active >> (shift / 8)) == 1u;',
    'const bool swap = ((__popc(active & (mine - 1u)) ^ (shift / 8)) & 1) != 0;',
    'const cp_key* const keys_in = swap ? kout : kin;',
    'cp_key* const keys_out = swap ? kin : kout;',
    'const cp_pay* const pays_in = swap ? pout : pin;',
    'cp_pay* const pays_out = swap ? pin : pout;',
    '(void)pays_in; (void)pays_out;',
  ].map((l) => indent + l);
}

/**
 * One pass (onesweep): tiles taken in order from a counter (a tile's predecessors are running or
 * done, so its look-back ends) by a grid of resident blocks; each tile loaded, counted by digit
 * (and its count published), ranked, written by digit into shared memory, placed in its line by
 * the look-back, and written out from there in runs of one digit: the words, then (argsort) the
 * payloads through the same buffer.
 */
function onesweepKernel(plan: SortPlan, signature: string): string {
  const { items, threads, tile: T } = plan.radix;
  const at = tileIndex(items);
  const load = (what: string) => [
    '#pragma unroll',
    `      for (int j = 0; j < ${items}; ++j) {`,
    `        const int i = ${at};`,
    ...what.split('\n').map((l) => `        ${l}`),
    '      }',
  ];
  const firstLoad = [
    '#pragma unroll',
    `      for (int j = 0; j < ${items}; ++j) {`,
    `        const int i = ${at};`,
    '        const long long r = tile_start + i;',
    '        cp_key kv = ~(cp_key)0;',
    '        cp_pay pv = (cp_pay)0;',
    '        if (i < valid) {',
    ...firstLoadLines(plan, '          '),
    '        }',
    '        k[j] = kv; p[j] = pv;',
    '      }',
  ];
  const scatter = (what: string, indent = '    ') => [
    '#pragma unroll',
    `${indent}for (int u = 0; u < ${items}; ++u) {`,
    `${indent}  const int i = threadIdx.x + u * ${threads};`,
    ...what.split('\n').map((l) => `${indent}  ${l}`),
    `${indent}}`,
  ];
  // The last active pass writes the results, the others the scratch: one loop each (is_final is
  // the same for the whole block), so that an element's store is one predicated instruction.
  const scatterFinalOr = (final: string, other: string) => [
    '    if (is_final) {', ...scatter(final, '      '), '    } else {', ...scatter(other, '      '), '    }',
  ];
  const payload = hasPayload(plan);
  const cache = plan.radix.digitCache;
  /** The digit of the word at place i of the tile, whose word (in sk) is `w`. */
  const placedDigit = (w: string) => (cache ? 'sd[i]' : digitOf(plan, w, 'shift'));
  const body = [
    ...tileShared(plan),
    ...(cache ? [`  __shared__ unsigned char sd[${T}];`] : []),
    '  __shared__ int tile_base[256];',
    '  __shared__ long long shared_id;',
    '  __shared__ unsigned int shared_moves;',
    ...plan.scalars.map((s, k) => `  ${scalarLocal(s.dtype, k)}`),
    `  const long long n_tiles = (n_len + ${T - 1}) / ${T};`,
    '  long long active_line = -1;',
    '  unsigned int active = 0u;',
    '  for (;;) {',
    // A tile is taken when the block can start it, so every tile before it has started.
    '    if (threadIdx.x == 0) shared_id = (long long)atomicAdd(tile_counter + shift / 8, 1u);',
    '    __syncthreads();',
    '    const long long id = shared_id;',
    '    if (id >= n_lines * n_tiles) break;',
    '    const long long line = id / n_tiles;',
    '    const long long tile = id - line * n_tiles;',
    ...activePassLines(plan, '    '),
    ...lineBases(plan, '    '),
    `    const long long tile_start = tile * ${T};`,
    `    const int valid = n_len - tile_start < ${T} ? (int)(n_len - tile_start) : ${T};`,
    `    cp_key k[${items}];`,
    `    cp_pay p[${items}];`,
    '    if (is_first) {',
    ...firstLoad,
    '    } else {',
    '      const cp_key* const kl = keys_in + line * n_len + tile_start;',
    ...(payload ? ['      const cp_pay* const pl = pays_in + line * n_len + tile_start;'] : []),
    ...load(payload ? 'k[j] = i < valid ? kl[i] : ~(cp_key)0;\np[j] = i < valid ? pl[i] : (cp_pay)0;' : 'k[j] = i < valid ? kl[i] : ~(cp_key)0;'),
    '    }',
    ...rankCountLines(plan, 'shift', '    '),
    ...lookBackPublishLines(plan, '    '),
    ...rankPlaceLines(plan, 'shift', '    ', cache),
    '#pragma unroll',
    `    for (int j = 0; j < ${items}; ++j) sk[rank[j]] = k[j];`,
    ...lookBackWalkLines('    '),
    '    __syncthreads();',
    '    cp_key* const ko = keys_out + line * n_len;',
    ...(payload
      ? [
        `    unsigned int dg[${items}];`,
        ...scatter(`const cp_key w = sk[i];\ndg[u] = ${placedDigit('w')};\nif (!is_final && i < valid) ko[tile_base[dg[u]] + i] = w;`),
        '    __syncthreads();',
        `    for (int j = 0; j < ${items}; ++j) sp[rank[j]] = p[j];`,
        '    __syncthreads();',
        '    cp_pay* const po = pays_out + line * n_len;',
        ...scatterFinalOr(
          `const cp_pay v = sp[i];\nconst int dest = tile_base[dg[u]] + i;\nif (i < valid) ${emitLine(plan, 'dest', 'v')}`,
          'const cp_pay v = sp[i];\nconst int dest = tile_base[dg[u]] + i;\nif (i < valid) po[dest] = v;',
        ),
      ]
      : scatterFinalOr(
        `const cp_key w = sk[i];\nconst int dest = tile_base[${placedDigit('w')}] + i;\nif (i < valid) ${emitWord(plan, 'dest', 'w')}`,
        `const cp_key w = sk[i];\nconst int dest = tile_base[${placedDigit('w')}] + i;\nif (i < valid) ko[dest] = w;`,
      )),
    '    __syncthreads();',
    '  }',
  ];
  return kernel(plan, 'onesweep', signature, body);
}

function kernel(plan: SortPlan, suffix: string, signature: string, body: string[]): string {
  const { threads, minBlocks } = plan.radix;
  return `extern "C" __global__ void __launch_bounds__(${threads}, ${minBlocks}) ${plan.name}_${suffix}(\n    ${signature}) {\n${body.join('\n')}\n}\n`;
}

/** The kernels of a 'radix-tile' or 'radix' plan (without the preludes; the caller puts them first). */
export function generateCudaRadix(plan: SortPlan): GeneratedRadix {
  const { params, decl } = parameters(plan);
  const signature = decl.join(',\n    ');
  const K = keyType(plan.keyDtype);
  // Without a payload the payload arrays stay (unused, removed by the compiler) with a byte type.
  const P = hasPayload(plan) ? 'int' : 'unsigned char';
  const concrete = (text: string) => text.replaceAll('cp_key', K).replaceAll('cp_pay', P);
  const kernels = plan.strategy === 'radix-tile'
    ? [tileKernel(plan, signature)]
    : [histogramKernel(plan, signature), onesweepKernel(plan, signature)];
  return {
    tileName: `${plan.name}_radix_tile`, histogramName: `${plan.name}_histogram`, onesweepName: `${plan.name}_onesweep`,
    params, source: kernels.map(concrete).join('\n'), threads: plan.radix.threads,
  };
}
