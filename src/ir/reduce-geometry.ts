// Where the threads of a reduction kernel go: one pure function over the plan's facts (kept
// extent × reduced extent × which dimensions each input walks fastest × phases), and the launch
// that follows from its answer. The CUDA generator (src/codegen/cuda-reduce.ts) renders every
// geometry with the same code; the CPU backend ignores geometry (it walks rows in order).
//
// Terms. An output ("row") reduces `reduceSize` elements; `lanes` threads share one output;
// a block holds `outputsPerBlock` outputs. Two thread orders:
//   'row':    threadIdx.x is the lane (neighbouring threads read neighbouring elements of the
//             reduced axis): for inputs whose reduced axis is contiguous (or broadcast);
//   'column': threadIdx.x is the output (neighbouring threads read neighbouring kept elements):
//             for inputs whose kept axis is contiguous (column sums, reductions over a transposed
//             view); the lanes of an output are threadIdx.y.
// Lanes of a 'row' group of at most 32 combine by warp shuffles alone; wider groups (a block per
// row) and every 'column' block combine through shared memory in a fixed order. No atomics: the
// same inputs give bitwise the same result on every run.
//
// | case (after merging dims)                        | geometry            | lanes × outputs/block  |
// | ------------------------------------------------ | ------------------- | ---------------------- |
// | no kept dims (a full reduction)                  | block per row       | 512 × 1; split if long |
// | reduced axis fastest, row > 1024 (256 if read    | block per row       | 512 × 1                |
// |   more than once), or too few rows to fill the   |                     |                        |
// |   device with a warp each                        |                     |                        |
// |   … rows read more than once: 8 elements a lane  | block per row       | 64…512 × 1             |
// |   … and ≤ 512 rows of ≥ 8192, one pass           | split rows          | 512 × 1, two kernels   |
// | reduced axis fastest, rows of 9…1024 (…256 read  | group per row       | 2…32 × 128…8           |
// |   more than once), many rows: ~8 elements a lane |  (warp or part)     |  (256 threads)         |
// |   (a 32-byte sector of each row per load where   |                     |                        |
// |   the rows are read more than once)              |                     |                        |
// | reduced axis fastest, rows ≤ 8, many rows        | thread per output   | 1 × 256                |
// | kept axis fastest (any input), ≥ 4096 outputs    | column              | 16 × 32                |
// |   … columns < 256 long and enough outputs        | column, wider       | 512/C × C, C ≤ 512     |
// | kept axis fastest, fewer outputs                 | column, narrower    | 512/C × C, C = 8, 16   |
// |   … ≤ 127 blocks, reduction ≥ 4096, one pass     | split columns       | C = outputs, 8…128,    |
// |                                                  |                     |   two kernels          |
// | row order, two reduced dims, inputs fastest      | any of the above,   | walk: 32 × 32 tiles    |
// |   along different ones (((A - A.T)**2).sum())    |  tiled walk         |                        |
//
// "Fastest": an input's smallest non-zero stride; inputs constant along the reduced dims (a
// per-row bias) do not vote, unless no input varies there. If any voting input runs fastest along a kept dim, the column order
// is taken (reads of the other inputs then come from cache), as a transposed view asks.
// The thresholds are first choices for an H100/H200 class device (132 SMs × 2048 threads);
// nothing depends on the device at planning time, so plans and their cache keys stay pure.

export type ReduceOrder = 'row' | 'column';

export type ReduceGeometryKind = 'block-per-row' | 'group-per-row' | 'thread-per-output' | 'column' | 'split-rows' | 'split-columns';

export interface ReduceGeometry {
  kind: ReduceGeometryKind;
  order: ReduceOrder;
  /** Threads per output. */
  lanes: number;
  /** Outputs per block (a split plan: per block of pass 1). */
  outputsPerBlock: number;
  /** Two passes: segments of each row into partials, then a block per output combines them. */
  split: boolean;
  /**
   * The order lanes walk two reduced dims in: 'linear' (C order), or 'tiles' of 32 × 32 (a warp
   * reads one tile row, the next rows follow: inputs fastest along either dim read whole lines).
   */
  walk: 'linear' | 'tiles';
}

export interface ReduceFacts {
  outSize: number;
  reduceSize: number;
  /** Merged kept dimensions (the strides below list these first, then the reduced ones). */
  nKept: number;
  /** Strides of each row-domain input over [...kept, ...reduced] merged dims. */
  inputStrides: readonly (readonly number[])[];
  /** The extents of those merged dims (absent: every varying input votes on the order, readOrder). */
  dims?: readonly number[];
  /** Bytes of an element of each of those inputs (absent: no sector floor on the lanes, below). */
  inputItemBytes?: readonly number[];
  /** Reductions and row-output passes over each row (softmax: 3). */
  passes: number;
  /** A phase reads an earlier phase's result, or the plan writes row outputs: no split. */
  sequential: boolean;
  /**
   * The reduced elements may be visited in any order: one pass of folds (no arg op, whose index
   * is the C-order one; no random draw, drawn at its C-order index; no row outputs).
   */
  anyOrder?: boolean;
  /**
   * Elements of the 16-byte vector a block per row would load its rows in (float32: 4), where every
   * row input and row output is unit-stride or constant along one reduced dim and the rows are a
   * whole number of vectors; 1 (or absent) where the rows load element by element.
   */
  rowVectorWidth?: number;
}

/** Threads of a block per row (64…512 where the row is held in registers), and of every 'column' block. */
export const ROW_THREADS = 512;
/** Threads of a block of groups (group per row, thread per output). */
export const GROUP_THREADS = 256;
/** Outputs of a wide column block (the kernel measured at 0.96 of copy for 16384² column sums). */
export const COLUMN_OUTPUTS = 32;
/** Elements a lane of a column block should have where the columns are short. */
const SHORT_COLUMN_ITEMS = 16;
/** The most outputs of a split column block. */
const SPLIT_COLUMN_OUTPUTS = 128;
/** The fewest outputs of a column block: a 32-byte sector of float32 (and at most 64 lanes to combine). */
const MIN_COLUMN_OUTPUTS = 8;
/** Elements a lane of a group should have: loads in flight without idle lanes. */
const ITEMS_PER_LANE = 8;
/**
 * A DRAM sector. A group of a cached-row plan (rows read more than once) whose lanes read less than
 * this of each row per load leaves the rest of the sector to the next load, and short rows then run
 * far below copy bandwidth: a standardization of rows of 24 float32 over 4 lanes took 333 µs, over
 * 8 lanes 233, a copy 204 (session 21, bench/studies/short-rows). One-pass sums are the other way
 * round: rows of 12 summed over 8 lanes took 279 µs, over 2 lanes 122 (bench/programs-ab.mjs).
 */
const SECTOR_BYTES = 32;
/** Row inputs a plan may hold in registers (more: every pass reads the row again). */
export const MAX_CACHED_INPUTS = 2;
/** Elements of a row each thread of a block per row holds where the row is read more than once. */
const CACHED_ROW_ITEMS = 8;
/** …and 16-byte vectors, where the row loads in vectors (reduce-plan.ts caches at most 4). */
const CACHED_ROW_VECTORS = 4;
/** The fewest threads of a block per row: two warps, and one where the row loads in vectors. */
const MIN_CACHED_ROW_BLOCK = 64;
const MIN_CACHED_VECTOR_ROW_BLOCK = 32;
/** Rows up to this long go to a group (≤ a warp) when there are enough of them. */
const GROUP_MAX_ROW = 1024;
/** …and up to this long when read more than once (then held in registers: 32 lanes × 8). */
const GROUP_MAX_CACHED_ROW = 256;
/** Threads that fill the device (132 SMs × 2048): fewer outputs than this per lane get more lanes. */
const FILL_THREADS = 132 * 2048;
/** Split rows: at most this many rows, each at least SPLIT_MIN_ROW long. */
const SPLIT_MAX_ROWS = 512;
const SPLIT_MIN_ROW = 8192;
/** Split columns: fewer blocks of outputs than this, reductions at least SPLIT_MIN_COLUMN long. */
const SPLIT_MAX_COLUMN_BLOCKS = 128;
const SPLIT_MIN_COLUMN = 4096;
/** Blocks per SM a split plan's pass 1 aims for (bench/geometry.mjs: 16-32 reach ~3000 GB/s). */
const SPLIT_BLOCKS_PER_SM = 16;

function nextPow2(n: number): number {
  return 2 ** Math.ceil(Math.log2(Math.max(1, n)));
}

/**
 * 'column' if any input that varies along the reduced dims moves fastest along a kept dim; where
 * none varies there, the first input that varies at all decides. With the extents of the merged
 * dims (`dims`), an input that reaches at most 1/CACHED_REUSE of the elements the largest voter
 * reaches does not vote: it is read again and again from cache, and its layout costs nothing in DRAM
 * (n-body's forces: the pair weights (n, n) stream, the positions (n, 3) broadcast along a kept dim
 * are read from cache; they chose the column order, reading the weights 11 rows a warp).
 */
export function readOrder(nKept: number, inputStrides: readonly (readonly number[])[], dims?: readonly number[]): ReduceOrder {
  if (nKept === 0) return 'row';
  const varying = inputStrides.filter((strides) => strides.slice(nKept).some((s) => s !== 0));
  let voters = varying.length ? varying : inputStrides.filter((strides) => strides.some((s) => s !== 0)).slice(0, 1);
  if (dims && voters.length > 1) {
    const reach = (strides: readonly number[]) => strides.reduce((acc, st, j) => (st !== 0 ? acc * dims[j] : acc), 1);
    const most = Math.max(...voters.map(reach));
    voters = voters.filter((strides) => reach(strides) * CACHED_REUSE > most);
  }
  return voters.some((strides) => fastestDim(strides) < nKept) ? 'column' : 'row';
}

/** How many times fewer elements than the largest voter an input reaches before it stops voting on the order (readOrder). */
export const CACHED_REUSE = 16;

/** The dim of the smallest non-zero stride (-1: none; the first of equals). */
function fastestDim(strides: readonly number[]): number {
  let best = -1;
  let bestAbs = Infinity;
  strides.forEach((s, j) => {
    const a = Math.abs(s);
    if (a !== 0 && a < bestAbs) {
      bestAbs = a;
      best = j;
    }
  });
  return best === -1 ? Infinity : best;
}

/** The geometry of a reduction kernel (see the table above). */
export function chooseReduceGeometry(f: ReduceFacts): ReduceGeometry {
  const g = chooseThreads(f);
  return g.order === 'row' && f.anyOrder && f.passes === 1 && crossedReducedDims(f) ? { ...g, walk: 'tiles' } : g;
}

/** Two reduced dims, and one varying input fastest along each. */
function crossedReducedDims(f: ReduceFacts): boolean {
  const nReduced = f.inputStrides.length ? f.inputStrides[0].length - f.nKept : 0;
  if (nReduced !== 2) return false;
  const fastest = new Set<number>();
  for (const strides of f.inputStrides) {
    const r = strides.slice(f.nKept).map(Math.abs);
    if (r[0] === 0 && r[1] === 0) continue;
    if (r[0] !== 0 && (r[1] === 0 || r[0] < r[1])) fastest.add(0);
    else fastest.add(1);
  }
  return fastest.size === 2;
}

/** Edge of a walk tile. */
export const WALK_TILE = 32;

/** Elements a tiled walk visits: both dims padded to whole tiles (the padding is skipped). */
export function walkSize(g: ReduceGeometry, reducedDims: readonly number[], reduceSize: number): number {
  if (g.walk !== 'tiles') return reduceSize;
  const [d0, d1] = reducedDims;
  return Math.ceil(d0 / WALK_TILE) * Math.ceil(d1 / WALK_TILE) * WALK_TILE * WALK_TILE;
}

/**
 * Step r of a tiled walk over (d0, d1): tile t = r / 1024 in C order over the tiles, then the
 * tile's rows in order, 32 elements each; null in the padding. The CUDA generator writes the
 * same arithmetic (cuda-reduce.ts, offsetLines).
 */
export function tileCoordinates(r: number, d0: number, d1: number): [number, number] | null {
  const tiles1 = Math.ceil(d1 / WALK_TILE);
  const t = Math.floor(r / (WALK_TILE * WALK_TILE));
  const w = r % (WALK_TILE * WALK_TILE);
  const c0 = Math.floor(t / tiles1) * WALK_TILE + Math.floor(w / WALK_TILE);
  const c1 = (t % tiles1) * WALK_TILE + (w % WALK_TILE);
  return c0 < d0 && c1 < d1 ? [c0, c1] : null;
}

function chooseThreads(f: ReduceFacts): ReduceGeometry {
  const order = f.outSize <= 1 ? 'row' : readOrder(f.nKept, f.inputStrides, f.dims);
  if (order === 'column') return columnGeometry(f);
  const blockPerRow: ReduceGeometry = {
    kind: 'block-per-row', order, lanes: ROW_THREADS, outputsPerBlock: 1, split: false, walk: 'linear',
  };
  if (f.nKept === 0 || f.outSize <= 1) return splitRows(f) ? { ...blockPerRow, kind: 'split-rows', split: true } : blockPerRow;
  const lanesForWork = nextPow2(Math.ceil(f.reduceSize / ITEMS_PER_LANE));
  const maxGroupRow = f.passes > 1 ? GROUP_MAX_CACHED_ROW : GROUP_MAX_ROW;
  const manyRows = f.outSize * 32 >= FILL_THREADS;
  const grouped = lanesForWork <= 32 ? f.reduceSize <= maxGroupRow : f.reduceSize <= maxGroupRow && manyRows;
  if (!grouped) {
    if (splitRows(f)) return { ...blockPerRow, kind: 'split-rows', split: true };
    return f.passes > 1 ? { ...blockPerRow, lanes: cachedRowBlockLanes(f) } : blockPerRow;
  }
  // Few outputs: more lanes each (up to a warp), so the device still fills.
  const lanes = Math.min(32, Math.max(lanesForWork, lanesToFill(f.outSize), lanesForSector(f, lanesForWork)));
  const kind = lanes === 1 ? 'thread-per-output' : 'group-per-row';
  return { kind, order, lanes, outputsPerBlock: GROUP_THREADS / lanes, split: false, walk: 'linear' };
}

/**
 * Lanes whose loads cover a sector of each row, for plans that read their rows more than once: for
 * rows longer than ITEMS_PER_LANE (shorter ones keep a thread per output) read with unit stride, a
 * sector's elements of the narrowest such input, or the whole row where it is shorter.
 */
function lanesForSector(f: ReduceFacts, lanesForWork: number): number {
  if (f.passes < 2 || lanesForWork < 2 || !f.inputItemBytes) return 1;
  let narrowest = Infinity;
  f.inputStrides.forEach((strides, k) => {
    if (strides[strides.length - 1] === 1) narrowest = Math.min(narrowest, f.inputItemBytes![k]);
  });
  if (narrowest === Infinity) return 1;
  return Math.min(nextPow2(f.reduceSize), Math.max(1, SECTOR_BYTES / narrowest));
}

/**
 * Threads of a block per row for rows read more than once and held in registers (at most
 * MAX_CACHED_INPUTS inputs): as many as hold the row at CACHED_ROW_ITEMS elements each, or
 * CACHED_ROW_VECTORS vectors where it loads in vectors, between the least block and ROW_THREADS,
 * and more where there are too few rows to fill the device.
 * A row of 1000 over 512 threads left half of them idle and synchronized 16 warps three times for
 * softmax (1.24 ms for 2^18 rows against 0.52 over 128 threads; session 21). Rows of 300 float32
 * (75 float4) ran softmax in 0.79 ms over 64 threads (2^20 rows) and in 0.65 over 32, where rows of
 * 257 scalars took 0.64 ms over 64 threads and 0.91 over 32 (session 24).
 */
function cachedRowBlockLanes(f: ReduceFacts): number {
  if (f.inputStrides.length > MAX_CACHED_INPUTS) return ROW_THREADS;
  const width = f.rowVectorWidth ?? 1;
  const forRow = width > 1
    ? Math.max(MIN_CACHED_VECTOR_ROW_BLOCK, nextPow2(Math.ceil(f.reduceSize / width / CACHED_ROW_VECTORS)))
    : Math.max(MIN_CACHED_ROW_BLOCK, nextPow2(Math.ceil(f.reduceSize / CACHED_ROW_ITEMS)));
  return Math.min(ROW_THREADS, Math.max(forRow, lanesToFill(f.outSize)));
}

/** Threads per output that fill the device (FILL_THREADS) with `outSize` outputs, a power of two. */
function lanesToFill(outSize: number): number {
  return nextPow2(Math.ceil(FILL_THREADS / Math.max(1, outSize)));
}

function splitRows(f: ReduceFacts): boolean {
  return !f.sequential && f.outSize <= SPLIT_MAX_ROWS && f.reduceSize >= SPLIT_MIN_ROW;
}

/**
 * Column order: 32 outputs × 16 lanes where there are many outputs, and more outputs with fewer
 * lanes where the columns are short (about 16 elements a lane: 8 × 2^24 takes 512 outputs × 1
 * lane, a thread per output); fewer outputs per block (at least 8: a 32-byte sector of float32) and
 * more lanes where there are few outputs, and a split over the reduced axis where even then the
 * blocks are too few to fill the device. A split's segments fill the device, so its blocks read
 * wider rows: up to 128 outputs (512 contiguous bytes of float32 per row).
 */
function columnGeometry(f: ReduceFacts): ReduceGeometry {
  const column = (outputs: number, split = false): ReduceGeometry => ({
    kind: split ? 'split-columns' : 'column', order: 'column', lanes: ROW_THREADS / outputs, outputsPerBlock: outputs, split, walk: 'linear',
  });
  if (Math.ceil(f.outSize / COLUMN_OUTPUTS) >= SPLIT_MAX_COLUMN_BLOCKS) {
    const lanesForWork = nextPow2(Math.ceil(f.reduceSize / SHORT_COLUMN_ITEMS));
    return column(ROW_THREADS / Math.min(ROW_THREADS / COLUMN_OUTPUTS, Math.max(lanesForWork, lanesToFill(f.outSize))));
  }
  const enoughBlocks = nextPow2(Math.ceil(f.outSize / SPLIT_MAX_COLUMN_BLOCKS));
  const outputs = Math.min(COLUMN_OUTPUTS, Math.max(MIN_COLUMN_OUTPUTS, enoughBlocks));
  const blocks = Math.ceil(f.outSize / outputs);
  const split = !f.sequential && blocks < SPLIT_MAX_COLUMN_BLOCKS && f.reduceSize >= SPLIT_MIN_COLUMN;
  return split ? column(Math.min(SPLIT_COLUMN_OUTPUTS, Math.max(outputs, nextPow2(f.outSize))), true) : column(outputs);
}

/** Threads of a block: [x, y, z]. Pass 2 of a split plan runs the same threads as one row of lanes. */
export function reduceBlock(g: ReduceGeometry): [number, number, number] {
  return g.order === 'row' ? [g.lanes, g.outputsPerBlock, 1] : [g.outputsPerBlock, g.lanes, 1];
}

/** Blocks of the main kernel (pass 2 of a split plan: a block per output). */
export function reduceGrid(g: ReduceGeometry, outSize: number): number {
  return g.split ? outSize : Math.ceil(outSize / g.outputsPerBlock);
}

export interface SplitSegments {
  segments: number;
  segmentLength: number;
}

/**
 * Segments per output of a split plan: about SPLIT_BLOCKS_PER_SM blocks per SM in all, each
 * segment at least a block's stride long and a multiple of it (so every warp's loads stay
 * aligned and vector loads start on a vector).
 */
export function splitSegments(g: ReduceGeometry, outSize: number, reduceSize: number, multiprocessors: number): SplitSegments {
  const outBlocks = Math.max(1, Math.ceil(outSize / g.outputsPerBlock));
  const want = Math.ceil((multiprocessors * SPLIT_BLOCKS_PER_SM) / outBlocks);
  const most = Math.max(1, Math.ceil(reduceSize / g.lanes));
  const stride = g.lanes * 16; // a multiple of every vector width
  const segmentLength = Math.max(stride, Math.ceil(reduceSize / Math.max(1, Math.min(want, most)) / stride) * stride);
  return { segments: Math.max(1, Math.ceil(reduceSize / segmentLength)), segmentLength };
}

/** A short name for plan keys: the same geometry gives the same kernel source. */
export function geometryKey(g: ReduceGeometry): string {
  return `${g.order}${g.lanes}x${g.outputsPerBlock}${g.split ? 's' : ''}${g.walk === 'tiles' ? 't' : ''}`;
}
