// The plan of a sort (sort, argsort): the input viewed as (other dims..., axis); each line along
// the axis is sorted on its own, its producers computed where its elements are loaded. The order
// is total and strict: keys compare as NumPy sorts (NaN last, -0 equal to +0) and equal keys by
// their position along the axis, so the result is stable and the same on every backend.
//
// On a CUDA device (`strategy`):
//  - 'bitonic': a line of up to `tile` (SORT_TILE_MAX, or the tuning's bitonicMax) elements is
//    sorted in one block's shared memory by a bitonic network (../codegen/sort-cuda.ts);
//  - 'radix-tile': a line of up to `radix.tile` elements is radix sorted in one block's shared
//    memory, 8 bits a pass (../codegen/sort-radix-cuda.ts);
//  - 'radix': a longer line is radix sorted through global memory, 8 bits a pass: one histogram
//    of every pass's digits up front, then per pass one kernel (rank a tile, decoupled look-back
//    over the earlier tiles' digit counts, stable scatter);
//  - 'merge': a line of 2^31 elements or more is sorted in tiles of `tile` and then merged in
//    `mergePasses` passes, each doubling the sorted runs.
// A partition (the node's `kth`) is a radix select instead, 'select-warp', 'select-block' or 'select'
// (./select-plan.ts); a line of 2^31 elements or more is sorted (a sort is a partition).
// A window (a few positions at one end of each line, the only ones an evaluation needs:
// ./sort-window.ts) is 'topk': the smallest or largest pairs of each line kept in registers and
// merged (./topk-plan.ts); the other positions are not written.
// The radix geometry (threads, items a thread) comes from ./radix-tuning.ts.
import type { DType } from './dtype.js';
import type { Node, SortNode, SortWindow } from './graph.js';
import { mergeDims, SHORT, stridedLoads, stepKey, type PlanInput, type PlanScalar, type PlanStep } from './kernel-plan.js';
import { RADIX_TUNING, type RadixTuning } from './radix-tuning.js';
import { keyBits, SELECT_WARP_LINES, selectGeometry, type SelectGeometry } from './select-plan.js';
import { contiguousStrides, sizeOf } from './shape.js';
import { SORT_WINDOW_MAX } from './sort-window.js';
import { topkBlocks, topkGeometry, topkWorth, type TopkGeometry } from './topk-plan.js';

/** The longest line sorted in one block's shared memory (16 bytes a pair at most: 32 KiB). */
export const SORT_TILE_MAX = 2048;

export interface SortPlan {
  readonly kind: 'sort';
  node: Node;
  name: string;
  key: string;
  /** The dtype of the keys (the input's); the output's dtype is the node's. */
  keyDtype: DType;
  output: 'values' | 'indices';
  /** The dims other than the axis (merged), and the axis length. */
  lineDims: number[];
  length: number;
  lines: number;
  /** Positions along a line (and the padding of its last tile) fit in 32 bits. */
  positionBits: 32 | 64;
  /** Elements sorted in shared memory at once: a power of two. */
  tile: number;
  /** Merge passes after the tile pass (0 where a line fits one tile). */
  mergePasses: number;
  strategy: 'bitonic' | 'radix-tile' | 'radix' | 'merge' | 'select-warp' | 'select-block' | 'select' | 'topk';
  /** The radix select's kth (the node's, or a sorted window's far end), or top-k's; null where the line is sorted. */
  kth: number | null;
  /** The radix select's geometry (the select strategies only). */
  select: SelectGeometry | null;
  /**
   * The positions of each line computed, where not all (./sort-window.ts): 'topk', or a sort's
   * window through a radix select; and top-k's geometry.
   */
  window: SortWindow | null;
  topk: TopkGeometry | null;
  /** The radix sort's geometry (every strategy has one; only the radix ones use it). */
  radix: RadixGeometry;
  /** Strides over [...lineDims, axis]. */
  inputs: PlanInput[];
  outputStrides: number[];
  scalars: PlanScalar[];
  steps: PlanStep[];
  value: number;
}

/** Shared memory a radix tile may take (the tile's keys, then its payloads, through one buffer): 44 KiB of the 48 a static block has. */
const RADIX_TILE_BYTES = 44 * 1024;
/** The most chunks a line is cut into by the radix histogram (each one block's range). */
const RADIX_MAX_CHUNKS = 4096;

export interface RadixGeometry {
  /** Key bytes (4 or 8) and payload bytes (the position for argsort; none for a sort, whose keys give the values back). */
  keyBytes: 4 | 8;
  payloadBytes: number;
  /** Threads of a radix block (a multiple of 32, at least one a digit), and the blocks an SM must fit. */
  threads: number;
  minBlocks: number;
  /** Elements a thread holds, and a tile: threads × items. */
  items: number;
  tile: number;
  /** Keys a thread loads at once in the histogram, and whether it counts a warp's equal digits at once. */
  histogramItems: number;
  histogramMatch: boolean;
  /** Whether a warp finds the lanes that share a digit with __match_any_sync (else with a ballot a bit). */
  peersMatch: boolean;
  /** Whether the onesweep scatter reads each word's digit from shared memory (./radix-tuning.ts). */
  digitCache: boolean;
  /** 8-bit digit passes: the key's significant bits over 8. */
  passes: number;
  /** A chunk of the histogram kernel is `chunkTiles` tiles of a line; `chunks` per line. */
  chunkTiles: number;
  chunks: number;
}

/**
 * Items a thread holds: the tuning's count of 4-byte keys (`keysItems` for keys alone), about four
 * fifths of it with a payload (registers), half of it for 8-byte keys; at most what fits
 * RADIX_TILE_BYTES, where keys and payloads take turns in one buffer.
 */
function itemsPerThread(tuning: RadixTuning, keyBytes: number, payloadBytes: number): number {
  const words = payloadBytes > 0 ? tuning.items : tuning.keysItems;
  const scaled = keyBytes === 8 ? Math.ceil(words / 2) : payloadBytes > 0 ? Math.ceil((words * 4) / 5) : words;
  const fits = Math.floor(RADIX_TILE_BYTES / (tuning.threads * Math.max(keyBytes, payloadBytes)));
  return Math.max(1, Math.min(scaled, fits));
}

export function radixGeometry(keyDtype: DType, output: 'values' | 'indices', length: number, tuning: RadixTuning = RADIX_TUNING): RadixGeometry {
  const keyBytes = keyDtype.itemsize === 8 ? 8 : 4;
  // A sort's keys give its values back (floats keep their bits: ../codegen/sort-keys.ts): no payload.
  const payloadBytes = output === 'indices' ? 4 : 0;
  const { threads } = tuning;
  const full = itemsPerThread(tuning, keyBytes, payloadBytes);
  // A line that fits one tile takes the fewest items that hold it (the on-chip strategy). Keys
  // alone keep the pairs' words (`items`) as the on-chip limit, at the pairs' blocks an SM where
  // they take more than their own `keysItems`: their 18 words would send lines of 6,913 to 8,064
  // 4-byte keys (3,457 to 4,224 8-byte keys, 4,096 float64 among them) from the on-chip sort to
  // the passes over memory, a change no benchmark measured.
  const onChip = payloadBytes > 0 ? full : itemsPerThread({ ...tuning, keysItems: Math.max(tuning.keysItems, tuning.items) }, keyBytes, 0);
  const items = length <= threads * onChip ? Math.max(1, Math.ceil(length / threads)) : full;
  const minBlocks = payloadBytes > 0 || items > full ? tuning.minBlocks : tuning.keysMinBlocks;
  const tile = threads * items;
  const tiles = Math.max(1, Math.ceil(length / tile));
  const chunkTiles = Math.ceil(tiles / RADIX_MAX_CHUNKS);
  return {
    keyBytes, payloadBytes, threads, minBlocks, items, tile, histogramItems: tuning.histogramItems, histogramMatch: tuning.histogramMatch, peersMatch: tuning.peersMatch,
    digitCache: tuning.digitCache ?? (keyBytes === 4 && payloadBytes === 0),
    passes: Math.ceil(keyBits(keyDtype) / 8), chunkTiles, chunks: Math.ceil(tiles / chunkTiles),
  };
}

function sortStrategy(length: number, radix: RadixGeometry): SortPlan['strategy'] {
  if (length <= Math.min(SORT_TILE_MAX, RADIX_TUNING.bitonicMax)) return 'bitonic';
  if (length <= radix.tile) return 'radix-tile';
  return length < 2 ** 31 - radix.tile ? 'radix' : 'merge';
}

const nextPowerOfTwo = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(1, n)));

/** Threads of a bitonic tile block, at most (a tile of 2048 takes 4 pairs a thread per step). */
const SORT_TILE_THREADS = 512;
/** Threads a bitonic block has at least: a block of short tiles takes several (a warp alone idles the SM at every load). */
const SORT_TILE_BLOCK_MIN = 256;

/**
 * The block of the bitonic tile kernel for tiles of `tile` elements (a power of two, at least 32):
 * a thread a compare-exchange pair, up to SORT_TILE_THREADS threads (a longer tile's threads take
 * several pairs), and where a tile has fewer pairs than SORT_TILE_BLOCK_MIN threads, several
 * tiles a block (`tiles`), each its own `tile / 2` threads.
 */
export function bitonicBlock(tile: number): { threads: number; tiles: number } {
  const pairs = tile / 2;
  if (pairs >= SORT_TILE_BLOCK_MIN) return { threads: Math.min(pairs, SORT_TILE_THREADS), tiles: 1 };
  return { threads: SORT_TILE_BLOCK_MIN, tiles: SORT_TILE_BLOCK_MIN / pairs };
}

/**
 * Lines this short are sorted whole rather than through the select and a window sort: the bitonic
 * network takes several a block. H100, 2^26 float32, the last 8 sorted (bench/sorts.mjs
 * sorted_tail rows against sorted_tail_whole, session 40): lines of 64, whole 1.19 ms against the
 * select's 1.59; lines of 128, whole 1.54 against 1.16 (256: 1.92 against 1.07).
 */
const SORT_WINDOW_WHOLE_MAX = 64;

/**
 * How a device computes `window` of `node`'s lines (../compiler/sort-windows.ts asks, so that an
 * evaluation keeps only windows a plan uses): 'topk' where its lines are long enough
 * (./topk-plan.ts topkWorth); else a sort's through the radix select of each line (a block's or a
 * warp's: not the device-wide select of a few long lines) longer than SORT_WINDOW_WHOLE_MAX; else
 * none (the whole line).
 */
export function windowUse(node: SortNode, window: SortWindow): 'topk' | 'select' | null {
  if (window.count > SORT_WINDOW_MAX) return null; // the window sort is one warp's
  const length = node.input.shape[node.axis];
  if (topkWorth(window.count, length)) return 'topk';
  if (node.kth !== undefined || length <= SORT_WINDOW_WHOLE_MAX || length >= 2 ** 31 - 2 ** 16) return null;
  const lines = sizeOf(node.input.shape) / Math.max(1, length);
  return selectGeometry(node.input.dtype, length, lines).strategy === 'select' ? null : 'select';
}

export function planSort(node: SortNode, window: SortWindow | null = null): SortPlan {
  const S = node.input.shape;
  const others = S.map((_, j) => j).filter((j) => j !== node.axis);
  const { inputs, strides: raw, scalars, builder, value } = stridedLoads(node.input, S);
  const outRaw = contiguousStrides(node.shape);
  const accesses = [...raw, outRaw];
  const merged = mergeDims(others.map((j) => S[j]), accesses.map((st) => others.map((j) => st[j])), false);
  const axisStride = (st: number[]) => (S[node.axis] === 1 ? 0 : st[node.axis]);
  inputs.forEach((input, k) => (input.strides = [...merged.strides[k], axisStride(raw[k])]));
  const outputStrides = [...merged.strides[raw.length], node.shape[node.axis] === 1 ? 0 : outRaw[node.axis]];
  const length = S[node.axis];
  const lines = sizeOf(others.map((j) => S[j]));
  const tile = Math.min(SORT_TILE_MAX, Math.max(32, nextPowerOfTwo(length)));
  const mergePasses = Math.max(0, Math.ceil(Math.log2(Math.max(1, length) / tile)));
  const positionBits = length + tile < 2 ** 31 - 1 ? 32 : 64;
  const keyDtype = node.input.dtype;
  const radix = radixGeometry(keyDtype, node.output, length);
  const used = window && windowUse(node, window);
  const topk = used === 'topk' ? topkGeometry(window!.count, length, lines) : null;
  // A window top-k does not take: a sort's is that of the partition at the window's far end (one
  // line: each line is one block's or one warp's), the window then sorted by one warp
  // (../codegen/select-cuda.ts). A partition's is its whole partition (windowUse: none).
  const windowKth = used === 'select' ? (window!.from === 'end' ? length - window!.count : window!.count - 1) : undefined;
  const kth = windowKth ?? node.kth;
  const select = kth !== undefined && !topk && length < 2 ** 31 - 2 ** 16 ? selectGeometry(keyDtype, length, lines) : null;
  const sortedWindow = used === 'select' ? window : null;
  const strategy = topk ? 'topk' : select ? select.strategy : sortStrategy(length, radix);
  const windowTag = topk || sortedWindow ? `w${window!.from === 'start' ? 's' : 'e'}${window!.count}` : '';
  const selectKey = select ? `i${select.items}${select.resident ? 'r' : ''}${windowTag}`
    : topk ? `${windowTag}${node.kth === undefined ? '' : 'k'}l${topk.list}t${topk.threads}g${topk.group}u${topk.unroll}` : '';
  const key = ['sort', node.output, strategy, selectKey, `k${merged.dims.length}`, `t${tile}`, `p${positionBits}`,
    inputs.map((i) => SHORT[i.dtype.name]).join(','), scalars.map((s) => SHORT[s.dtype.name]).join(','),
    builder.steps.map(stepKey).join(';'), `${value}${SHORT[keyDtype.name]}`,
    `r${radix.threads}x${radix.items}h${radix.histogramItems}${radix.histogramMatch ? 'm' : 'a'}${radix.peersMatch ? 'p' : ''}${radix.digitCache ? 'd' : ''}b${radix.minBlocks}`].join('|');
  const verb = node.kth !== undefined && (select || topk) ? 'partition' : 'sort';
  const end = topk || sortedWindow ? [window!.from === 'start' ? 'head' : 'tail'] : [];
  const name = [node.output === 'values' ? verb : `arg${verb}`, ...end, ...[...new Set(builder.opNames)].slice(0, 3), SHORT[keyDtype.name]].join('_');
  return {
    kind: 'sort', node, name, key, keyDtype, output: node.output, lineDims: merged.dims, length, lines,
    positionBits, tile, mergePasses, strategy, kth: select || topk ? kth ?? null : null, select, window: topk || sortedWindow ? window : null, topk, radix, inputs, outputStrides,
    scalars, steps: builder.steps, value,
  };
}

/** Blocks of the plan's first kernel (before the device's grid cap): its tiles, lines or chunks. */
export function sortGrid(plan: SortPlan): number {
  if (plan.strategy === 'select-warp') return Math.max(1, Math.ceil(plan.lines / SELECT_WARP_LINES));
  if (plan.strategy === 'select-block') return Math.max(1, plan.lines);
  if (plan.strategy === 'select') return Math.max(1, plan.lines * plan.select!.chunks);
  if (plan.strategy === 'topk') return Math.max(1, topkBlocks(plan.topk!, plan.lines));
  if (plan.strategy === 'radix-tile') return Math.max(1, plan.lines);
  if (plan.strategy === 'radix') return Math.max(1, plan.lines * plan.radix.chunks);
  const tiles = plan.lines * Math.ceil(plan.length / plan.tile);
  return Math.max(1, Math.ceil(tiles / bitonicBlock(plan.tile).tiles));
}
