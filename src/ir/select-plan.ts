// The geometry of a partition (a sort node with `kth`, src/ir/graph.ts) on a CUDA device: a radix
// select along each line. The kth key is found most significant digit first, 8 bits a pass: each
// pass counts the digits of the keys that share the prefix found so far and keeps the digit where
// the remaining rank falls. A last pass writes the keys below the kth key, then those equal to
// it, then the greater ones, each group in its line order (../codegen/select-cuda.ts).
//  - 'select-warp': a warp a line of at most SELECT_WARP_MAX elements (8 lines a block), its keys
//    in registers; the warp counts each pass's digits in its own shared histogram and finishes
//    early once one key matches the prefix. Before it, a line of 64 took a whole block (192 of
//    its 256 threads idle, four block scans a pass): rows of 64 with k 8 ran at 0.48x torch.topk.
//  - 'select-block': one block a line. A line of at most a tile is loaded once and kept in
//    registers; a longer one is read again each pass.
//  - 'select': a few long lines (1-D arrays): each line cut into chunks, a block a chunk; device-wide
//    digit counts per pass, then the counts of each chunk's groups, scanned, place its elements.
import type { DType } from './dtype.js';

/** Threads of a select block (8 warps). */
export const SELECT_THREADS = 256;
/** Keys a lane of 'select-warp' holds at most, and so its longest line (32 lanes × 16). */
const SELECT_WARP_ITEMS = 16;
export const SELECT_WARP_MAX = 32 * SELECT_WARP_ITEMS;
/** Lines a 'select-warp' block takes (a warp each). */
export const SELECT_WARP_LINES = SELECT_THREADS / 32;
/** Most elements a thread holds of a tile. */
const SELECT_MAX_ITEMS = 16;
/** Lines longer than this many tiles, fewer than SELECT_DEVICE_LINES of them: the device-wide strategy. */
const SELECT_DEVICE_TILES = 8;
const SELECT_DEVICE_LINES = 2048;
/** Blocks the device-wide strategy aims for, over all the lines. */
const SELECT_TARGET_BLOCKS = 8192;

/** Bits that can differ between the radix keys of a dtype (float16's NaN key is clamped to 2^16). */
export function keyBits(d: DType): number {
  if (d.name === 'bool') return 1;
  if (d.name === 'float16') return 17;
  return d.itemsize * 8;
}

export interface SelectGeometry {
  strategy: 'select-warp' | 'select-block' | 'select';
  /** Elements a thread holds, and a tile (SELECT_THREADS × items; 32 × items for 'select-warp'). */
  items: number;
  tile: number;
  /** 8-bit digit passes, most significant first. */
  passes: number;
  /** 'select-warp', 'select-block': the line fits one tile and stays in registers. */
  resident: boolean;
  /** 'select': chunks per line, and the elements of a chunk (whole tiles). */
  chunks: number;
  chunkLength: number;
}

export function selectGeometry(keyDtype: DType, length: number, lines: number): SelectGeometry {
  const passes = Math.ceil(keyBits(keyDtype) / 8);
  if (length <= SELECT_WARP_MAX) {
    const items = Math.max(1, Math.ceil(length / 32));
    return { strategy: 'select-warp', items, tile: 32 * items, passes, resident: true, chunks: 1, chunkLength: Math.max(1, length) };
  }
  const items = Math.min(SELECT_MAX_ITEMS, Math.max(1, Math.ceil(length / SELECT_THREADS)));
  const tile = SELECT_THREADS * items;
  const tiles = Math.max(1, Math.ceil(length / tile));
  if (tiles <= SELECT_DEVICE_TILES || lines >= SELECT_DEVICE_LINES) {
    return { strategy: 'select-block', items, tile, passes, resident: tiles === 1, chunks: 1, chunkLength: Math.max(1, length) };
  }
  const wanted = Math.min(tiles, Math.max(1, Math.ceil(SELECT_TARGET_BLOCKS / Math.max(1, lines))));
  const chunkTiles = Math.ceil(tiles / wanted);
  return { strategy: 'select', items, tile, passes, resident: false, chunks: Math.ceil(tiles / chunkTiles), chunkLength: chunkTiles * tile };
}
