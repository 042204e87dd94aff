// The plan of a reduction kernel. The input shape S is viewed as (kept dims..., reduced dims...);
// each output element ("row") reduces its slice. Work happens in two domains:
//   row domain: per element of a row (the reductions' producers, and outputs of shape S);
//   out domain: once per row (epilogues on the reduced results, outputs of the reduced shape).
// Reductions run as phases in dependency order; a later phase (and the row outputs) may read an
// earlier result, broadcast along the row (softmax: max, then sum of exp(x - max), then write).
import { DTYPES, type DType } from './dtype.js';
import { CupytsError } from './errors.js';
import type { Node, ReduceNode } from './graph.js';
import {
  broadcastStrides, mergeDims, opsName, SHORT, stridedReach, StepBuilder, stepKey, type PlanInput, type PlanScalar, type PlanStep,
} from './kernel-plan.js';
import type { ReduceOp } from './reductions.js';
import { KeyTree } from './plan-key.js';
import { hoistInvariants, stepsNeeded, type HoistedValue } from './reduce-hoist.js';
import { findOnlinePairs, type OnlineKind } from './online-pairs.js';
import { chooseReduceGeometry, geometryKey, MAX_CACHED_INPUTS, walkSize, type ReduceGeometry, type ReduceOrder } from './reduce-geometry.js';
import { contiguousStrides, sameShape, sizeOf, type Shape } from './shape.js';

export { ROW_THREADS } from './reduce-geometry.js';

export interface PlanReduction {
  op: ReduceOp;
  /** The row-domain step whose values are reduced. */
  value: number;
  /** Dtype of the accumulated value (for 'arg' ops the compared value; the index is int64). */
  dtype: DType;
  /**
   * In a split or column plan: this phase folds in the same read as the earlier phase `online.of`
   * (./online-pairs.ts); its c (squares) is red<center>, the phase's result or a hoisted value.
   */
  online?: { kind: OnlineKind; of: number; center: number };
}

export interface ReduceOutput {
  node: Node;
  step: number;
  dtype: DType;
}

export interface ReducePlan {
  readonly kind: 'reduce';
  name: string;
  key: string;
  /** Where the threads go (./reduce-geometry.ts): thread order, lanes per output, outputs per block. */
  geometry: ReduceGeometry;
  /** The geometry's thread order: 'row' (lanes along the reduced axis) or 'column' (outputs adjacent). */
  layout: ReduceOrder;
  /** Few long rows: each row is split over several blocks, then a second pass combines them. */
  split: boolean;
  /**
   * Outputs (i, j) each folding an expression of inputs read at (i, k) or (j, k) (pairwise
   * distances): computed in tiles of outputs with each input chunk read once into shared memory
   * (codegen/cuda-reduce-cross.ts) instead of by `geometry`. The CPU backend ignores it.
   */
  cross: boolean;
  /** Steps of each output's walk over its reduced elements: `reduceSize`, or more with a tiled walk's padding. */
  walkSize: number;
  /**
   * Rows read more than once (several phases, or row outputs) and short enough for the block's
   * registers: each thread keeps its `cachedItems` elements of every row input after one read.
   * 0: each pass reads the row again (caches serve the re-reads).
   */
  cachedItems: number;
  /**
   * The vector form of `cachedItems`: rows read more than once keep `vectorItems` 16-byte vectors
   * of every unit-stride row input per thread after one read, and row outputs are written as
   * vectors. Needs the vector path (`vectorWidth` > 1, rows a whole number of vectors); where the
   * launch finds data unaligned, the kernel re-reads the row with scalar loads instead. 0: off.
   */
  vectorItems: number;
  /**
   * Of the `cachedItems` elements (or `vectorItems` vectors) of each thread, how many lie inside
   * the row for every lane (the first ones): those need no test that they do. A test there costs:
   * the compiler branches around the producers it guards (softmax over 2^20 rows of 256 float32 on
   * the H200: 620 us with the tests, 519 without; bench/RESULTS.md, session 20).
   */
  fullItems: number;
  /**
   * Elements per 16-byte vector load along the (single, contiguous) reduced dimension of every
   * row input whose stride there is 1 (`unitRow`); 1: no vector path. Used when the launch finds
   * the pointers and row starts aligned.
   */
  vectorWidth: number;
  /** Per row input: its stride along the reduced dimension is 1 (read with vector loads). */
  unitRow: boolean[];
  /**
   * Per row input: constant along the reduced dimensions (a kept-axes vector broadcast along the
   * row, as the mean in `((A - A.mean(0)) ** 2).sum(0)`): its offset, its load and what reads only
   * it stay out of each thread's loop over the row.
   */
  rowConstant: boolean[];
  keptDims: number[];
  reducedDims: number[];
  outSize: number;
  reduceSize: number;
  indexBits: 32 | 64;
  /** Row-domain inputs; strides over [...keptDims, ...reducedDims]. */
  rowInputs: PlanInput[];
  /** Out-domain inputs; strides over keptDims. */
  outInputs: PlanInput[];
  scalars: PlanScalar[];
  /** Steps over each row's elements; row-invariant values among them read as `reduced` steps of `hoisted`. */
  rowSteps: PlanStep[];
  /**
   * Row-invariant values the row reads (./reduce-hoist.ts): each computed once per output after
   * the phase it reads last, as red<index>.
   */
  hoisted: HoistedValue[];
  outSteps: PlanStep[];
  reductions: PlanReduction[];
  /** Outputs of the reduced shape, contiguous over keptDims. */
  outOutputs: ReduceOutput[];
  /** Outputs of the input shape; `strides` over [...keptDims, ...reducedDims]. */
  rowOutputs: Array<ReduceOutput & { strides: number[] }>;
}

/** The most elements each thread of a row may cache. */
// 16 per thread (8192-element rows) measured slower than re-reading for softmax on the H100
// (fewer resident blocks: more registers per thread); 8 keeps occupancy.
const MAX_CACHED_ITEMS = 8;
// As 16-byte vectors, 4 per thread (16 float32: an 8192-element row) beat re-reading on the H100
// (bench/geometry.mjs softmax: 2902 GB/s cached in float4 registers against 2761 re-read).
const MAX_VECTOR_ITEMS = 4;

/** The keys of the reduce plans seen before (./plan-key.ts). */
const REDUCE_KEYS = new KeyTree();

function permute<T>(xs: readonly T[], order: readonly number[]): T[] {
  return order.map((j) => xs[j]);
}

/**
 * `options.online`: the scheduler joined reductions that fold against each other online
 * (KernelGroup.online): their phases do not make the plan sequential, so it may split.
 */
export function planReduce(scheduled: readonly ReduceNode[], outRoots: readonly Node[], rowRoots: readonly Node[], options: { online?: boolean } = {}): ReducePlan {
  // A reduction computed since the group was scheduled (by an earlier group of the same
  // evaluation) is data now: read, not computed again (its inputs may be gone, see forgetInputs).
  const reductions = scheduled.filter((r) => !r.realized);
  if (reductions.length === 0) throw new CupytsError('ERR_INTERNAL', 'planReduce: every reduction of the group is computed already');
  const anchor = reductions[reductions.length - 1];
  const S = anchor.input.shape;
  const axes = anchor.axes;
  const kept = S.map((_, j) => j).filter((j) => !axes.includes(j));
  const order = [...kept, ...axes];
  const keptShape = kept.map((j) => S[j]);

  const scalars: PlanScalar[] = [];
  const ids = { next: 0 };
  const rowInputs: PlanInput[] = [];
  const rowRaw: number[][] = []; // strides over the permuted shape
  const outInputs: PlanInput[] = [];
  const outRaw: number[][] = [];
  // Each reduction's phase; identical reductions (same op over the same values: normalization's
  // mean and var's own mean) share one phase.
  const phaseOf = new Map<Node, number>();

  const row: StepBuilder = new StepBuilder((node, view): PlanStep | undefined => {
    const k = phaseOf.get(node);
    if (k !== undefined) return { kind: 'reduced', id: row.nextId(), reduction: k, dtype: reducedDtype(node as ReduceNode) };
    if (node.kind === 'reduce' && !node.realized) throw new CupytsError('ERR_INTERNAL', 'planReduce: a phase reads a later reduction');
    if (!view) return undefined;
    rowInputs.push({ node, dtype: node.dtype, access: 'strided', strides: [], offset: view.offset });
    rowRaw.push(permute(broadcastStrides(view, S), order));
    return { kind: 'load', id: row.nextId(), input: rowInputs.length - 1, dtype: node.dtype };
  }, scalars, ids);
  const planReductions: PlanReduction[] = [];
  for (const r of reductions) {
    const value = row.visit(r.input);
    const same = planReductions.findIndex((p) => p.op === r.op && p.value === value);
    if (same >= 0) {
      phaseOf.set(r, same);
    } else {
      planReductions.push({ op: r.op, value, dtype: r.input.dtype });
      phaseOf.set(r, planReductions.length - 1);
    }
  }
  const rowOutputs = rowRoots.map((node) => ({
    node, step: row.visit(node), dtype: node.dtype, strides: permute(contiguousStrides(S), order),
  }));

  let outRootShape: Shape = keptShape;
  const out: StepBuilder = new StepBuilder((node, view): PlanStep | undefined => {
    const k = phaseOf.get(node);
    if (k !== undefined) return { kind: 'reduced', id: out.nextId(), reduction: k, dtype: reducedDtype(node as ReduceNode) };
    if (!view) return undefined;
    outInputs.push({ node, dtype: node.dtype, access: 'strided', strides: [], offset: view.offset });
    // Strides over the out root's shape, then over the kept dims (keepdims shapes drop the reduced 1s).
    const st = broadcastStrides(view, outRootShape);
    outRaw.push(outRootShape.length === S.length ? kept.map((j) => st[j]) : st);
    return { kind: 'load', id: out.nextId(), input: outInputs.length - 1, dtype: node.dtype };
  }, scalars, ids);
  const outOutputs = outRoots.map((node) => {
    outRootShape = node.shape;
    if (!sameShape(node.shape, keptShape) && !(node.shape.length === S.length && node.shape.every((d, j) => d === (axes.includes(j) ? 1 : S[j])))) {
      throw new CupytsError('ERR_INTERNAL', `planReduce: an epilogue of shape (${node.shape.join(', ')}) over kept shape (${keptShape.join(', ')})`);
    }
    return { node, step: out.visit(node), dtype: node.dtype };
  });

  // Merge dimensions within the kept part and within the reduced part where every access allows.
  const nk = kept.length;
  const padOut = (s: number[]) => [...s, ...axes.map(() => 0)];
  const accesses = [...rowRaw, ...rowOutputs.map((o) => o.strides), ...outRaw.map(padOut), padOut(contiguousStrides(keptShape))];
  // Folds that may visit their elements in any order (anyOrder, and no reduced index read) walk the
  // reduced dims in memory order (memoryOrder): A.T.max() then reads A front to back as one merged
  // dim, where the view's C order read a column at a time (1024²: 3.1 ms on the CPU backend against
  // NumPy's 0.045, which also reduces in memory order; session 24).
  const anyOrder = rowOutputs.length === 0 && planReductions.every((r) => r.op.kind === 'fold') && !row.steps.some((s) => s.kind === 'random');
  const reducedOrder = anyOrder && !row.steps.some((s) => s.kind === 'rindex') ? memoryOrder(nk, accesses.slice(0, rowRaw.length)) : undefined;
  const permutedShape = permute(S, order);
  const merged = reducedOrder
    ? mergeParts(reorderReduced(permutedShape, nk, reducedOrder), nk, accesses.map((a) => reorderReduced(a, nk, reducedOrder)))
    : mergeParts(permutedShape, nk, accesses);
  const nRow = rowRaw.length;
  rowInputs.forEach((input, k) => (input.strides = merged.strides[k]));
  rowOutputs.forEach((o, k) => (o.strides = merged.strides[nRow + k]));
  outInputs.forEach((input, k) => (input.strides = merged.strides[nRow + rowOutputs.length + k].slice(0, merged.keptDims.length)));

  const outSize = sizeOf(keptShape);
  const reduceSize = sizeOf(axes.map((j) => S[j]));
  // Online pairs fold in one read: a paired phase's reads of its partner's result are no row reads.
  const pairs = options.online ? findOnlinePairs(row.steps, planReductions) : [];
  const rowReads = pairs.some(Boolean)
    ? planReductions.some((r, j) => !pairs[j] && stepsNeeded(row.steps, [r.value]).some((s) => s.kind === 'reduced'))
    : row.steps.some((s) => s.kind === 'reduced');
  const passes = planReductions.length + (rowOutputs.length ? 1 : 0);
  const nKept = merged.keptDims.length;
  const unitRow = rowInputs.map((i) => merged.reducedDims.length === 1 && i.strides[nKept] === 1);
  const rowLoadsVectors = merged.reducedDims.length === 1 && unitRow.some(Boolean) &&
    rowInputs.every((i, k) => unitRow[k] || i.strides[nKept] === 0);
  const widest = Math.max(1, ...rowInputs.filter((_, k) => unitRow[k]).map((i) => i.dtype.itemsize));
  const rowUnitOutputs = rowOutputs.every((o) => o.strides[nKept] === 1);
  const perVector = Math.floor(16 / widest); // elements of a 16-byte vector of the widest unit-stride input
  const rowVectorWidth = rowLoadsVectors && rowUnitOutputs && reduceSize % perVector === 0 ? perVector : 1;
  const geometry = chooseReduceGeometry({
    outSize, reduceSize, nKept, inputStrides: merged.strides.slice(0, nRow), dims: [...merged.keptDims, ...merged.reducedDims], passes,
    inputItemBytes: rowInputs.map((i) => i.dtype.itemsize),
    sequential: rowReads || rowOutputs.length > 0,
    anyOrder,
    rowVectorWidth,
  });
  const walk = walkSize(geometry, merged.reducedDims, reduceSize);
  const { order: layout, split, lanes } = geometry;
  const rowConstant = rowInputs.map((i) => merged.reducedDims.length > 0 && i.strides.slice(nKept).every((st) => st === 0));
  const width = layout === 'row' && rowLoadsVectors ? Math.max(1, perVector) : 1;
  // Not for empty rows: a cached row's threads read real elements where they have none (the row's last).
  const cacheable = layout === 'row' && !split && passes > 1 && reduceSize > 0 && rowInputs.length <= MAX_CACHED_INPUTS;
  // Cached vectors only in a block per row (the measured softmax and normalization kernels).
  const vectorItems = cacheable && geometry.kind === 'block-per-row' && width > 1 && rowUnitOutputs && reduceSize % width === 0 && reduceSize <= lanes * width * MAX_VECTOR_ITEMS
    ? Math.ceil(reduceSize / width / lanes)
    : 0;
  // As many items as the row needs (rows of 24 over 4 lanes: 6), so that few lie past its end.
  const cachedItems = cacheable && !vectorItems && reduceSize <= lanes * MAX_CACHED_ITEMS
    ? Math.ceil(reduceSize / lanes)
    : 0;
  const vectorWidth = cachedItems ? 1 : width;
  const fullItems = vectorItems ? Math.min(vectorItems, Math.floor(reduceSize / width / lanes)) : Math.min(cachedItems, Math.floor(reduceSize / lanes));
  const maxOffset = Math.max(outSize * Math.max(walk, 1), ...merged.strides.map((st) => stridedReach(st, merged.all)));
  const indexBits = maxOffset < 2 ** 31 - 1 ? 32 : 64;
  const cross = indexBits === 32 && rowOutputs.length === 0 && crossShaped(merged.keptDims, merged.reducedDims, rowInputs, row.steps, planReductions);

  // The key and name, found in the tree of plans seen before (./plan-key.ts), made for a new one:
  // building the text at every evaluation was half of planReduce's own time.
  const geometryPart = cross ? `cross${crossTileFor(merged.keptDims)}` : geometryKey(geometry);
  let t = REDUCE_KEYS.at(geometryPart).at(cachedItems).at(vectorItems).at(fullItems).at(vectorWidth);
  t = t.list(unitRow).list(rowConstant).at(merged.keptDims.length).at(merged.reducedDims.length).at(indexBits);
  for (const inputs of [rowInputs, outInputs, scalars]) {
    t = t.at(inputs.length);
    for (const i of inputs) t = t.at(i.dtype);
  }
  for (const steps of [row.steps, out.steps]) {
    t = t.at(steps.length);
    for (const st of steps) t = t.step(st);
  }
  // Pairs fold online where the threads of a row meet only at the end: split plans, and column
  // order (a thread per output and lane, each walking its column once). Rows fold phase after
  // phase, reading the row again from registers or cache.
  const online = !cross && (split || layout === 'column') ? pairs : [];
  t = t.at(planReductions.length);
  for (const [j, r] of planReductions.entries()) t = t.at(r.op).at(r.value).at(r.dtype).at(online[j] ? `${online[j]!.kind}${online[j]!.of}` : '');
  for (const outputs of [outOutputs, rowOutputs]) {
    t = t.at(outputs.length);
    for (const o of outputs) t = t.at(o.step).at(o.dtype);
  }
  const key = (t.key ??= [
    'reduce', geometryPart, cachedItems ? `c${cachedItems}f${fullItems}` : '', vectorItems ? `cv${vectorItems}f${fullItems}` : '', `v${vectorWidth}:${unitRow.map((u) => (u ? 1 : 0)).join('')}`, ...(rowConstant.some(Boolean) ? [`z${rowConstant.map((z) => (z ? 1 : 0)).join('')}`] : []), `k${merged.keptDims.length}r${merged.reducedDims.length}`, `x${indexBits}`,
    rowInputs.map((i) => SHORT[i.dtype.name]).join(','), outInputs.map((i) => SHORT[i.dtype.name]).join(','),
    scalars.map((s) => SHORT[s.dtype.name]).join(','),
    row.steps.map(stepKey).join(';'), out.steps.map(stepKey).join(';'),
    planReductions.map((r, j) => `${r.op.name}:${r.value}${SHORT[r.dtype.name]}${online[j] ? `~${online[j]!.kind}${online[j]!.of}` : ''}`).join(','),
    outOutputs.map((o) => `${o.step}${SHORT[o.dtype.name]}`).join(','),
    rowOutputs.map((o) => `${o.step}${SHORT[o.dtype.name]}`).join(','),
  ].join('|'));
  const name = (t.name ??= opsName('reduce', [...reductions.map((r) => r.op.name), ...row.opNames, ...out.opNames], [...outOutputs, ...rowOutputs]));
  // (after the key: hoisting is a function of the steps the key already holds)
  const { rowSteps, hoisted } = hoistInvariants(row.steps, planReductions.length, [...planReductions.map((r) => r.value), ...rowOutputs.map((o) => o.step)]);
  online.forEach((pair, j) => {
    if (!pair) return;
    // the center as the kernels name it: the partner's result, or the hoisted value computed from it
    const step = row.steps.find((st) => st.id === pair.centerStep);
    const center = step?.kind === 'reduced' ? step.reduction : hoisted.find((h) => h.value === pair.centerStep)?.index;
    if (center === undefined) throw new CupytsError('ERR_INTERNAL', `planReduce: the center of online phase ${j} is not row-invariant`);
    planReductions[j].online = { kind: pair.kind, of: pair.of, center };
  });
  return {
    kind: 'reduce', name, key, cross, geometry, layout, split, walkSize: walk, cachedItems, vectorItems, fullItems, vectorWidth, unitRow, rowConstant, keptDims: merged.keptDims, reducedDims: merged.reducedDims, outSize, reduceSize, indexBits,
    rowInputs, outInputs, scalars, rowSteps, hoisted, outSteps: out.steps, reductions: planReductions, outOutputs, rowOutputs,
  };
}

/** What a 'reduced' step holds: the reduced value, or for 'arg' ops the int64 index. */
export function reducedDtype(r: ReduceNode): DType {
  return r.op.kind === 'arg' ? DTYPES.int64 : r.dtype;
}

/**
 * The reduced positions (after the nk kept ones) in memory order, as NumPy's iterator orders its
 * axes: of two dims, the one with the larger stride goes first, decided by the first access that
 * varies along both (an access constant along either has no say: a broadcast full sum
 * ((X[:, None] - Y[None])**2).sum() keeps its order, each operand contiguous innermost); dims no
 * access decides keep their order. Undefined where that is the order they have.
 */
function memoryOrder(nk: number, accesses: readonly number[][]): number[] | undefined {
  const nr = accesses.length ? accesses[0].length - nk : 0;
  /** Whether reduced dim x goes before reduced dim y. */
  const before = (x: number, y: number): boolean => {
    for (const a of accesses) {
      const sx = Math.abs(a[nk + x]), sy = Math.abs(a[nk + y]);
      if (sx !== 0 && sy !== 0 && sx !== sy) return sx > sy;
    }
    return x < y;
  };
  // insertion sort: a dim moves ahead only past dims it must go before
  const order: number[] = [];
  for (let j = 0; j < nr; j++) {
    let at = order.length;
    while (at > 0 && before(j, order[at - 1]) && !before(order[at - 1], j)) at--;
    order.splice(at, 0, j);
  }
  return order.every((j, i) => j === i) ? undefined : order;
}

function reorderReduced(xs: readonly number[], nk: number, reducedOrder: readonly number[]): number[] {
  return [...xs.slice(0, nk), ...reducedOrder.map((j) => xs[nk + j])];
}

/** mergeDims over each part (kept, reduced) separately; each part keeps at least one dimension. */
export function mergeParts(shape: number[], nk: number, accesses: number[][]) {
  const part = (lo: number, hi: number) => {
    const m = mergeDims(shape.slice(lo, hi), accesses.map((s) => s.slice(lo, hi)));
    return hi - lo === 0 ? { dims: [] as number[], strides: accesses.map(() => [] as number[]) } : m;
  };
  const k = part(0, nk);
  const r = part(nk, shape.length);
  const strides = accesses.map((_, i) => [...k.strides[i], ...r.strides[i]]);
  return { keptDims: k.dims, reducedDims: r.dims, all: [...k.dims, ...r.dims], strides };
}

/** Fewest output tiles of 32 × 32 that fill the H200 (132 SMs) once. */
const CROSS_MIN_TILES = 132;
/** The longest fold a cross plan takes when it has fewer tiles than that (the split geometry fills the device). */
const CROSS_MAX_STARVED_FOLD = 1024;

/**
 * Whether a plan is a cross reduction (ReducePlan.cross): two kept dims (i, j) and one reduced
 * dim k after merging; one fold; every row input constant along i or along j, at least one varying
 * along each; plain loads and arithmetic of real dtypes; enough outputs to fill the device, or
 * folds short enough that a per-output walk would not do better.
 */
function crossShaped(kept: readonly number[], reduced: readonly number[], inputs: readonly PlanInput[], steps: readonly PlanStep[], reductions: readonly PlanReduction[]): boolean {
  if (kept.length !== 2 || reduced.length !== 1 || reductions.length !== 1 || reductions[0].op.kind !== 'fold') return false;
  if (kept[0] < 16 || kept[1] < 16) return false;
  if (steps.some((st) => st.kind !== 'load' && st.kind !== 'op' && st.kind !== 'scalar' && st.kind !== 'cast' && st.kind !== 'select')) return false;
  if (inputs.some((i) => i.dtype.kind === 'c') || reductions[0].dtype.kind === 'c') return false;
  if (inputs.some((i) => i.strides[0] !== 0 && i.strides[1] !== 0)) return false;
  const alongI = inputs.some((i) => i.strides[0] !== 0 && i.strides[1] === 0);
  const alongJ = inputs.some((i) => i.strides[1] !== 0 && i.strides[0] === 0);
  if (!alongI || !alongJ) return false;
  const tiles = Math.ceil(kept[0] / 32) * Math.ceil(kept[1] / 32);
  return tiles >= CROSS_MIN_TILES || reduced[0] <= CROSS_MAX_STARVED_FOLD;
}

/** Output tile edge of a cross plan: 64 (4 × 4 outputs a thread) where two waves of those fill the device, else 32. */
function crossTileFor(kept: readonly number[]): 32 | 64 {
  return Math.ceil(kept[0] / 64) * Math.ceil(kept[1] / 64) >= 2 * CROSS_MIN_TILES ? 64 : 32;
}

export function crossTile(plan: ReducePlan): 32 | 64 {
  return crossTileFor(plan.keptDims);
}

/** Blocks of a cross plan's launch: one per output tile. */
export function crossGrid(plan: ReducePlan): number {
  const T = crossTile(plan);
  return Math.ceil(plan.keptDims[0] / T) * Math.ceil(plan.keptDims[1] / T);
}
