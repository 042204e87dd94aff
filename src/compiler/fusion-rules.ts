// When a reduction joins a kernel with its neighbours: the predicates the reduce rules of
// ./groups.ts read. A reduce kernel views its input as (kept dims..., reduced dims...).
import type { ReduceNode } from '../ir/graph.js';
import { chooseReduceGeometry, reduceBlock, reduceGrid } from '../ir/reduce-geometry.js';
import { contiguousStrides, sameShape, sizeOf } from '../ir/shape.js';

/** Reduced axes that are the trailing ones, so a row-domain element's C-order index is o * R + r. */
export function trailingAxes(r: ReduceNode): boolean {
  return r.axes.every((a, i) => a === r.input.shape.length - r.axes.length + i);
}

/** Same input shape and reduced axes: reductions that can share one kernel's rows. */
export function sameFamily(a: ReduceNode, b: ReduceNode): boolean {
  return sameShape(a.input.shape, b.input.shape) && a.axes.length === b.axes.length && a.axes.every((x, i) => x === b.axes[i]);
}

/**
 * Whether an epilogue of `shape` can run in `r`'s kernel, one element per output: `shape` is the
 * reduction's kept dims, with or without the reduced axes as ones (what the reduce plan stores).
 */
export function epilogueShape(r: ReduceNode, shape: readonly number[]): boolean {
  const S = r.input.shape;
  const keptDims = S.filter((_, j) => !r.axes.includes(j));
  return sameShape(shape, keptDims) || sameShape(shape, S.map((d, j) => (r.axes.includes(j) ? 1 : d)));
}

/**
 * A reduction read back over its full input shape constantly along the reduced axes: with
 * keepdims, or without where the reduced axes are leading ones and some axes are kept, so that
 * broadcasting (which pads the front with ones) puts them back where they were: NumPy's
 * `A - A.mean(0)`. (A whole-array reduction without keepdims, `x - x.mean()`, keeps its own
 * kernel and epilogue: one row of the whole array is a row pass only on the CPU backend, where it
 * would leave the WebAssembly sum for a JS walk.)
 */
export function rowAligned(r: ReduceNode, shape: readonly number[]): boolean {
  if (!sameShape(r.input.shape, shape)) return false;
  return r.keepdims || (r.axes.length < shape.length && r.axes.every((a, i) => a === i));
}

/**
 * The fewest threads a row-persistent kernel (a reduction fused with its readers over the full
 * shape) must launch; fewer, and the reduction runs alone with its split geometry. A quarter of
 * the device (132 SMs × 2048 threads / 4). Measured on the H200: standardize
 * `(A - A.mean(0)) / A.std(0)` of 2^20 × 256 float32 fused into one kernel launches 32 column
 * blocks of 512 threads (16384 threads: a few hundred columns walking 2^20 rows) and takes 9.2 ms,
 * against 0.78 ms for torch.compile; column softmax of that shape 11.2 ms. A row-persistent kernel
 * reads earlier phases' results along the row, so its geometry cannot split the reduced axis.
 * Over enough data, both orders also split below a whole device's threads (DEVICE_PASS_MIN_THREADS).
 */
export const ROW_PASS_MIN_THREADS = (132 * 2048) / 4;

/**
 * The floor over enough data (16 elements for each thread of a device), for column kernels (32
 * columns a block, 512 threads) and for row kernels whose reduction alone would split: a whole
 * device. Measured on the H200 (2^28 float32, fused -> split, ms; 2026-12-04):
 * - columns (the epilogue then reads row vectors: the row-vector path, src/codegen/cuda.ts):
 *   standardize 2^18 x 2^10 3.12 -> 1.51, 2^16 x 2^12 2.47 -> 1.32, 2^14 x 2^14 1.34 -> 1.28
 *   (262144 fused threads), softmax alike; but 2^12 x 2^16 1.30 -> 1.40 and 2^10 x 2^18 1.19 ->
 *   1.25 (a million threads and more): fused stays faster there;
 * - rows (the epilogue then reads column vectors on the vector path: KernelPlan.colVectors):
 *   256 rows of 2^20, standardize 1.58 -> 1.03, softmax 1.62 -> 1.25.
 */
export const DEVICE_PASS_MIN_THREADS = 132 * 2048;

/**
 * Whether fusing reduction `r` with readers of its full input shape (a broadcast epilogue, or a
 * later reduction of its family reading it per row) would starve the device: the fused kernel's
 * geometry launches fewer than `minThreads` threads (default ROW_PASS_MIN_THREADS) while `r`
 * alone would split its reduced axis across blocks; or, by default and over enough data, fewer
 * than DEVICE_PASS_MIN_THREADS (columns always, rows where they would split). Both geometries are
 * the chooser's (ir/reduce-geometry.ts), for a contiguous input.
 */
export function rowPassStarves(r: ReduceNode, minThreads?: number): boolean {
  // The scheduler asks about the same few (shape, axes) many times an evaluation: 28 us of a
  // 370 us step of a dozen small ops on the CPU backend went here. The answer depends on those and
  // the element size alone.
  const key = `${r.input.shape.join(',')}|${r.axes.join(',')}|${minThreads ?? ''}|${r.input.dtype.itemsize}`;
  let starves = starving.get(key);
  if (starves === undefined) {
    if (starving.size >= STARVING_KEYS) starving.clear();
    starving.set(key, (starves = computeRowPassStarves(r, minThreads)));
  }
  return starves;
}

/** The chooser's facts of `r` over a contiguous input; undefined where either extent is empty. */
function reduceFacts(r: ReduceNode) {
  const shape = r.input.shape;
  const strides = contiguousStrides(shape);
  const kept = shape.map((_, j) => j).filter((j) => !r.axes.includes(j));
  const facts = {
    outSize: sizeOf(kept.map((j) => shape[j])),
    reduceSize: sizeOf(r.axes.map((j) => shape[j])),
    nKept: kept.length,
    inputStrides: [[...kept, ...r.axes].map((j) => strides[j])],
    inputItemBytes: [r.input.dtype.itemsize],
  };
  return facts.outSize === 0 || facts.reduceSize === 0 ? undefined : facts;
}

/** rowPassStarves's answers by input shape, axes, thread floor and element size (a bounded memo). */
const starving = new Map<string, boolean>();
const STARVING_KEYS = 4096;

function computeRowPassStarves(r: ReduceNode, minThreads: number | undefined): boolean {
  const facts = reduceFacts(r);
  if (!facts) return false;
  const fused = chooseReduceGeometry({ ...facts, passes: 2, sequential: true });
  const alone = chooseReduceGeometry({ ...facts, passes: 1, sequential: false });
  const [x, y] = reduceBlock(fused);
  const fusedThreads = reduceGrid(fused, facts.outSize) * x * y;
  if (minThreads !== undefined) return alone.split && fusedThreads < minThreads;
  if (alone.split && fusedThreads < ROW_PASS_MIN_THREADS) return true;
  // Statistics of enough data (16 elements for each thread of a full device) run apart below a
  // device's threads: columns split or not, rows where they split; small ones stay one launch.
  const enough = facts.outSize * facts.reduceSize >= DEVICE_PASS_MIN_THREADS * 16;
  return enough && fusedThreads < DEVICE_PASS_MIN_THREADS && (fused.order === 'column' || alone.split);
}
