// The geometry of a windowed sort plan (./sort-window.ts) on a CUDA device: each line cut into
// chunks, a block a chunk; every thread keeps the `list` smallest (key, position) pairs it sees in
// registers, a warp merges its threads' lists and a block its warps', and each chunk's list goes
// to a candidates buffer; a second kernel, a block a line, merges the line's chunks and writes the
// window (../codegen/topk-cuda.ts). A line of one chunk is written by the first kernel.
//
// Tunables, read once from the environment so that one device run can sweep them (as
// ./radix-tuning.ts); a value out of range is ignored:
//   CUPYTS_TOPK_UNROLL         elements a thread loads before it compares them (1..16; default 8,
//                              4 for lists of 16 or more: each load's insertion is inlined, and a
//                              list of 32 ran faster with 4 on an H100 and compiles in half the time)
//   CUPYTS_TOPK_ITEMS_PER_PAIR elements a thread reads per pair of its list, at least (1..64): a
//                              thread's list is merged once a chunk, so a longer list wants more
//   CUPYTS_TOPK_TARGET_BLOCKS  blocks the first kernel aims for over all the lines (64..65536)
//   CUPYTS_TOPK_LINE_FACTOR    a window of a list of 8 or more pairs is computed only on lines of
//                              at least this many times the list's square (0..4096; 0: any line,
//                              for measuring): on shorter lines a thread reads only a few times its
//                              list and inserts much of what it reads, and the whole partition is
//                              faster. 32 from the grid of bench/sorts.mjs --only topkgrid (H100,
//                              bench/RESULTS.md session 36): lists of 2 and 4 won on every line from
//                              256; 8 from 2048; 16 from 8192; 32 tied at 16384 and won from 65536.

export interface TopkTuning {
  /** 0: by the list (8, or 4 for lists of 16 or more). */
  unroll: number;
  itemsPerPair: number;
  targetBlocks: number;
  lineFactor: number;
}

export const TOPK_TUNING_DEFAULTS: TopkTuning = { unroll: 0, itemsPerPair: 4, targetBlocks: 1024, lineFactor: 32 };

/** Fewest elements each thread of a chunk reads, whatever its list. */
const TOPK_MIN_ITEMS = 16;
/** Most candidates a line's merge reads (its block reads them in turn). */
const TOPK_MAX_CANDIDATES = 8192;

function envInt(env: Record<string, string | undefined>, name: string, fallback: number, ok: (n: number) => boolean): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  return Number.isInteger(n) && ok(n) ? n : fallback;
}

export function readTopkTuning(env: Record<string, string | undefined>): TopkTuning {
  const d = TOPK_TUNING_DEFAULTS;
  return {
    unroll: envInt(env, 'CUPYTS_TOPK_UNROLL', d.unroll, (n) => n >= 1 && n <= 16),
    itemsPerPair: envInt(env, 'CUPYTS_TOPK_ITEMS_PER_PAIR', d.itemsPerPair, (n) => n >= 1 && n <= 64),
    targetBlocks: envInt(env, 'CUPYTS_TOPK_TARGET_BLOCKS', d.targetBlocks, (n) => n >= 64 && n <= 65536),
    lineFactor: envInt(env, 'CUPYTS_TOPK_LINE_FACTOR', d.lineFactor, (n) => n >= 0 && n <= 4096),
  };
}

const env: Record<string, string | undefined> = typeof process === 'undefined' ? {} : process.env;
/** The tunables of this process (read once, at load). */
export const TOPK_TUNING: TopkTuning = readTopkTuning(env);

export interface TopkGeometry {
  /** Pairs a thread keeps: the window's count rounded up to a power of two. */
  list: number;
  /** Threads of a block (a power of two, 32 to 256). */
  threads: number;
  /**
   * Lanes that read one line together (a power of two, at least the list): 32 where a block (one
   * or more warps) reads a chunk of a line; fewer for short lines, threads / group lines a block.
   */
  group: number;
  /** Elements a thread loads at once. */
  unroll: number;
  /** Chunks per line and the elements of each (whole strides of threads × unroll; 1 and the line where group < 32). */
  chunks: number;
  chunkLength: number;
}

const nextPowerOfTwo = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(1, n)));
const powerOfTwoBelow = (n: number) => 2 ** Math.floor(Math.log2(Math.max(1, n)));

export function topkGeometry(count: number, length: number, lines: number, tuning: TopkTuning = TOPK_TUNING): TopkGeometry {
  const list = nextPowerOfTwo(count);
  const items = Math.max(TOPK_MIN_ITEMS, tuning.itemsPerPair * list);
  const lanes = length / items;
  const unroll = tuning.unroll || (list >= 16 ? 4 : 8);
  if (lanes < 32) {
    // A short line: a group of lanes (at least the list: each lane writes one position) a line.
    const group = Math.min(32, Math.max(list, powerOfTwoBelow(lanes)));
    return { list, threads: group === 32 ? 32 : 256, group, unroll, chunks: 1, chunkLength: Math.max(1, length) };
  }
  const threads = Math.min(256, powerOfTwoBelow(lanes));
  const most = Math.max(1, Math.min(Math.floor(length / (threads * items)), Math.floor(TOPK_MAX_CANDIDATES / list)));
  const wanted = Math.max(1, Math.min(most, Math.ceil(tuning.targetBlocks / Math.max(1, lines))));
  const stride = threads * unroll;
  const chunkLength = Math.max(stride, Math.ceil(length / wanted / stride) * stride);
  return { list, threads, group: 32, unroll, chunks: Math.max(1, Math.ceil(length / chunkLength)), chunkLength };
}

/** Whether a window of `count` positions of lines of `length` is faster than the whole line's partition (see the header). */
export function topkWorth(count: number, length: number, tuning: TopkTuning = TOPK_TUNING): boolean {
  const list = nextPowerOfTwo(count);
  return list <= 4 || length >= tuning.lineFactor * list * list;
}

/** Blocks of the first kernel. */
export function topkBlocks(g: TopkGeometry, lines: number): number {
  return g.group === 32 ? lines * g.chunks : Math.ceil(lines / (g.threads / g.group));
}
