// The geometry of a windowed sort node (./sort-window.ts) on a CUDA device: each line cut into
// chunks, a block a chunk; every thread keeps the `list` smallest (key, position) pairs it sees in
// registers, a warp merges its threads' lists and a block its warps', and each chunk's list goes
// to a candidates buffer; a second kernel, a block a line, merges the line's chunks and writes the
// window (../codegen/topk-cuda.ts). A line of one chunk is written by the first kernel.

/** Blocks the first kernel aims for over all the lines (enough to fill a device's SMs several times). */
const TOPK_TARGET_BLOCKS = 1024;
/** Fewest elements each thread of a chunk reads (the merges of its list amortized over them). */
const TOPK_MIN_ITEMS = 16;
/** Most candidates a line's merge reads (its block reads them in turn). */
const TOPK_MAX_CANDIDATES = 8192;
/** Elements a thread loads before it compares them (loads in flight). */
export const TOPK_UNROLL = 4;

export interface TopkGeometry {
  /** Pairs a thread keeps: the window's count rounded up to a power of two. */
  list: number;
  /** Threads of a block (a power of two, 32 to 256). */
  threads: number;
  /** Chunks per line and the elements of each (whole strides of threads × TOPK_UNROLL). */
  chunks: number;
  chunkLength: number;
}

const nextPowerOfTwo = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(1, n)));

export function topkGeometry(count: number, length: number, lines: number): TopkGeometry {
  const list = nextPowerOfTwo(count);
  const threads = Math.min(256, Math.max(32, nextPowerOfTwo(Math.ceil(length / TOPK_MIN_ITEMS))));
  const most = Math.max(1, Math.min(Math.floor(length / (threads * TOPK_MIN_ITEMS)), Math.floor(TOPK_MAX_CANDIDATES / list)));
  const wanted = Math.max(1, Math.min(most, Math.ceil(TOPK_TARGET_BLOCKS / Math.max(1, lines))));
  const stride = threads * TOPK_UNROLL;
  const chunkLength = Math.max(stride, Math.ceil(length / wanted / stride) * stride);
  return { list, threads, chunks: Math.max(1, Math.ceil(length / chunkLength)), chunkLength };
}
