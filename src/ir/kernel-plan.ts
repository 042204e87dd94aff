// The fusion pass: turns the unrealized graph under a set of same-shape roots into one kernel
// plan (a list of SSA steps over one iteration space), which both code generators read.
// Realized nodes become loads, scalars become parameters, shared subexpressions are computed
// once, and dimensions that every access walks contiguously are merged.
import type { Complex } from './complex.js';
import { DTYPES, type DType, type DTypeName } from './dtype.js';
import { CupytsError } from './errors.js';
import { countAlias, nodeInputs, type GatherNode, type Node, type SearchNode, type ViewNode } from './graph.js';
import { applyMovement, applyMovements, movementKey, readsInCOrder, type AffineMovement, type Movement, type Strided } from './movement.js';
import { elementwiseOp, type ElementwiseOp } from './ops.js';
import { KeyTree } from './plan-key.js';
import { nodeRealized } from './readers.js';
import type { PlanFrame } from './frame-plan.js';
import { counterWords, isWideSpan, type RandomDistribution } from './random.js';
import { contiguousStrides, sameShape, sizeOf, type Shape } from './shape.js';

/** How a kernel reads one input: at the linear index, always element 0, or through strides. */
export type AccessKind = 'contiguous' | 'scalar' | 'strided';

export interface PlanInput {
  node: Node;
  dtype: DType;
  access: AccessKind;
  /** Element strides over the plan's (merged) dimensions; used when access is 'strided'. */
  strides: number[];
  /** Element offset of index 0 (folded into the pointer at launch). */
  offset: number;
}

export interface PlanScalar {
  dtype: DType;
  value: number | bigint | boolean | Complex;
}

export type PlanStep =
  | { kind: 'load'; id: number; input: number; dtype: DType }
  | { kind: 'scalar'; id: number; scalar: number; dtype: DType }
  | { kind: 'cast'; id: number; arg: number; from: DType; dtype: DType }
  | { kind: 'op'; id: number; op: ElementwiseOp; args: number[]; inputDtype: DType; dtype: DType }
  | { kind: 'select'; id: number; args: [number, number, number]; dtype: DType }
  /** The result of reduction `reduction` of a reduce plan (constant along the reduced axes). */
  | { kind: 'reduced'; id: number; reduction: number; dtype: DType }
  /** The element's linear index over the reduced axes (argmax's candidate index), int64. */
  | { kind: 'rindex'; id: number; dtype: DType }
  /**
   * A random draw at the element's linear index (see ./random.ts). `scalars` index the plan's
   * scalars: key lo/hi, counter lo/hi (uint32), then for integers low (as `low.dtype`) and span lo/hi.
   */
  | { kind: 'random'; id: number; distribution: RandomDistribution; wide: boolean; scalars: number[]; dtype: DType }
  /**
   * Advanced indexing: input `input` (always 'strided': its strides place the axes that are not
   * indexed) read at that offset plus Σ_j wrap(args[j]) · strides[j]. args are int64 index steps;
   * strides, dims (int64) and sites (int32) index the plan's scalars. An index outside
   * [-dim, dim) reads 0 and records its site in the kernel's error flag slot `flag`.
   */
  | { kind: 'gather'; id: number; input: number; args: number[]; strides: number[]; dims: number[]; sites: number[]; flag: number; dtype: DType }
  /**
   * searchsorted: a binary search of input `input` (always 'strided', at offset 0: a 1-D table of
   * `keyDtype` whose length and element stride are the int64 scalars `length` and `stride`) for
   * the value of step `arg` (of `keyDtype`): how many entries come before it in NumPy's sort order
   * (side 'left') or are not after it ('right'). int64; every read is in range.
   */
  | { kind: 'search'; id: number; input: number; arg: number; length: number; stride: number; side: 'left' | 'right'; keyDtype: DType; dtype: DType };

/**
 * The index part of a gather or scatter: int64 index steps and scalars (see the 'gather' step),
 * and the slot of the launch's error flags where it records the site of its first bad index
 * (each access of a kernel has its own, numbered from 0: see flagSlots).
 */
export interface IndexAccess {
  args: number[];
  strides: number[];
  dims: number[];
  sites: number[];
  flag: number;
}

export interface PlanOutput {
  node: Node;
  step: number;
  dtype: DType;
}

/**
 * Where an assignment plan writes its one output: into existing data (`node`'s storage) at
 * `offset` with strides over the merged dimensions, instead of a new contiguous buffer.
 */
export interface PlanStore {
  node: Node;
  access: 'contiguous' | 'strided';
  strides: number[];
  offset: number;
  /**
   * A scatter (a.set with index arrays, add.at): the offset also adds each index times its
   * stride (access is then 'strided'); an index out of range skips the write and records its
   * site. With `accumulate`, the value is added (atomically on the GPU) instead of stored.
   */
  scatter?: IndexAccess & { accumulate: boolean };
}

/** Index arrays an assignment plan writes through (nodes of the plan's shape, any integer dtype). */
export interface ScatterSpec {
  indices: readonly Node[];
  strides: readonly number[];
  dims: readonly number[];
  sites: readonly number[];
  accumulate: boolean;
}

/** Whether a plan's kernel takes the error flags (it checks indices). */
export function checksIndices(plan: KernelPlan): boolean {
  return flagSlots(plan) > 0;
}

/** The error flag slots a launch of the plan needs: one per gather step, one for a scatter. */
export function flagSlots(plan: KernelPlan): number {
  return plan.steps.filter((s) => s.kind === 'gather').length + (plan.store?.scatter ? 1 : 0);
}

/** The step ids a step reads (the walks over a plan's steps: dependencies, hoisting, the JS generator). */
export function stepArgs(s: PlanStep): readonly number[] {
  switch (s.kind) {
    case 'op': case 'select': case 'gather': return s.args;
    case 'cast': case 'search': return [s.arg];
    default: return [];
  }
}

/** What one output of a plan depends on: the inputs it reads and the flag slots of the gathers on the way. */
export interface OutputDependencies {
  inputs: number[];
  flags: number[];
}

/**
 * For each output of `plan`, what its value depends on. A scatter's output (the written data)
 * also depends on what its indices read; its own slot (plan.store.scatter.flag) is not listed.
 */
export function outputDependencies(plan: KernelPlan): OutputDependencies[] {
  const byId = new Map(plan.steps.map((s) => [s.id, s]));
  return plan.outputs.map((o, k) => {
    const inputs = new Set<number>();
    const flags = new Set<number>();
    const seen = new Set<number>();
    const stack = [o.step, ...(k === 0 && plan.store?.scatter ? plan.store.scatter.args : [])];
    // (a framed plan's output also holds its fallback input's values outside the box)
    if (k === 0 && plan.frame) inputs.add(plan.frame.fallback);
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const s = byId.get(id)!;
      if (s.kind === 'load' || s.kind === 'gather' || s.kind === 'search') inputs.add(s.input);
      if (s.kind === 'gather') flags.add(s.flag);
      stack.push(...stepArgs(s));
    }
    return { inputs: [...inputs], flags: [...flags] };
  });
}

export interface KernelPlan {
  readonly kind: 'elementwise';
  /** Readable kernel name, e.g. "fused_mul_add_sin_f32". */
  name: string;
  /** Everything that decides the generated source (not sizes, strides or scalar values). */
  key: string;
  /** The iteration space after merging dimensions (at least one dimension). */
  dims: number[];
  size: number;
  indexBits: 32 | 64;
  inputs: PlanInput[];
  scalars: PlanScalar[];
  steps: PlanStep[];
  outputs: PlanOutput[];
  /** Set for an assignment (a.set(index, value)): the output is written into existing data. */
  store?: PlanStore;
  /**
   * Set where some inputs run contiguously along dimension `axis` but not along the last one (a
   * transpose): the CUDA kernel stages those `inputs` through shared memory in tiles of
   * axis × last dimension, so that both their reads and the writes are coalesced.
   */
  tile?: { axis: number; inputs: number[] };
  /**
   * Set where some strided inputs vary along the last dimension only (a row vector broadcast down
   * the rows, as `A - A.mean(0)`): the CUDA kernel gives each thread one position along the last
   * dimension for all its elements, so those inputs, and the steps that read only them and
   * scalars, are loaded and computed once per thread rather than once per element.
   */
  rowVectors?: number[];
  /**
   * Set where every strided input varies along the outer dimensions only (a column vector
   * broadcast along the rows, as `A - A.mean(1, keepdims)`): the CUDA kernel keeps its vector path
   * (a vector lies in one row where the last dimension is a whole number of vectors) and reads
   * each column vector once per vector, at the vector's row.
   */
  colVectors?: number[];
  /**
   * Set on a renamed write framed in one kernel (./frame-plan.ts): the plan walks the whole
   * storage (dims), computes its steps inside the box and copies input `fallback` elsewhere.
   */
  frame?: PlanFrame;
}

/** The smallest dimensions worth tiling through shared memory (a tile is 32 × 32). */
const TILE_MIN_DIM = 16;

/** The transpose-like inputs of a plan and the axis they are contiguous along, if tiling pays. */
function chooseTile(dims: readonly number[], inputs: readonly PlanInput[], store: PlanStore | undefined): KernelPlan['tile'] {
  const last = dims.length - 1;
  if (last < 1 || store || dims[last] < TILE_MIN_DIM) return undefined;
  const transposed = (i: PlanInput) => i.access === 'strided' && i.strides[last] !== 1 && i.strides[last] !== 0;
  const first = inputs.find((i) => transposed(i) && i.strides.some((s, j) => j < last && s === 1 && dims[j] >= TILE_MIN_DIM));
  if (!first) return undefined;
  const axis = first.strides.findIndex((s, j) => j < last && s === 1 && dims[j] >= TILE_MIN_DIM);
  const tiled = inputs.map((i, k) => (transposed(i) && i.strides[axis] === 1 ? k : -1)).filter((k) => k >= 0);
  return { axis, inputs: tiled };
}

/** Threads per block of the row-vector path (src/codegen/cuda.ts), which the launch's thread count is a multiple of. */
export const ROW_VECTOR_BLOCK = 256;

/**
 * The inputs that vary along the last dimension only, where the row-vector path pays: every
 * thread must take at least 4 elements even on the smallest grid whose thread count is a multiple
 * of the last dimension (ROW_VECTOR_BLOCK · lastDim / gcd(lastDim, ROW_VECTOR_BLOCK) threads).
 */
function chooseRowVectors(dims: readonly number[], size: number, inputs: readonly PlanInput[], steps: readonly PlanStep[]): number[] | undefined {
  const last = dims.length - 1;
  if (last < 1) return undefined;
  const gathered = new Set(steps.flatMap((st) => (st.kind === 'gather' || st.kind === 'search' ? [st.input] : [])));
  const rows = inputs.map((input, k) => (input.access === 'strided' && !gathered.has(k) && input.strides[last] !== 0 && input.strides.every((st, j) => j === last || st === 0) ? k : -1)).filter((k) => k >= 0);
  if (rows.length === 0) return undefined;
  return rowVectorBlocks(dims[last]) * ROW_VECTOR_BLOCK * 4 <= size ? rows : undefined;
}

/** The inputs that vary along the outer dimensions only, where every strided input does. */
function chooseColVectors(dims: readonly number[], inputs: readonly PlanInput[], steps: readonly PlanStep[]): number[] | undefined {
  const last = dims.length - 1;
  if (last < 1 || steps.some((st) => st.kind === 'gather' || st.kind === 'search')) return undefined;
  const strided = inputs.map((input, k) => (input.access === 'strided' ? k : -1)).filter((k) => k >= 0);
  return strided.length > 0 && strided.every((k) => inputs[k].strides[last] === 0) ? strided : undefined;
}

/** The fewest blocks of ROW_VECTOR_BLOCK threads whose thread count is a multiple of `lastDim`. */
export function rowVectorBlocks(lastDim: number): number {
  let a = lastDim, b = ROW_VECTOR_BLOCK;
  while (b) [a, b] = [b, a % b];
  return lastDim / a;
}

/**
 * The launch grid of the row-vector path: whole units of rowVectorBlocks (a thread count that is
 * a multiple of the last dimension), enough to cover the elements once, at most `maxBlocks`
 * (rounded up to a whole unit).
 */
export function rowVectorGrid(plan: KernelPlan, block: number, maxBlocks = Infinity): number {
  const unit = rowVectorBlocks(plan.dims[plan.dims.length - 1]);
  return unit * Math.max(1, Math.ceil(Math.min(Math.ceil(plan.size / block), maxBlocks) / unit));
}

/**
 * A strided input's stride along the last merged dim, as a key part: '0', '1' or 'n' (another),
 * '' for other accesses. The CPU's generated code decides on it (codegen/js.ts walks rows, and
 * hands rows whose strided inputs have stride 0 or 1 there to WebAssembly, a stride-0 input as a
 * scalar per row), so two plans that differ there must not share a kernel: `x - b + b[None]` and
 * then `x - b + b[::-1]` had read b forward in the second.
 */
function lastStride(input: PlanInput, dims: readonly number[]): string {
  if (input.access !== 'strided' || dims.length === 0) return '';
  const st = input.strides[dims.length - 1];
  return st === 0 ? '0' : st === 1 ? '1' : 'n';
}

/** One letter per access kind in plan keys ('scalar' and 'strided' must not share one). */
const ACCESS_KEY: Record<AccessKind, string> = { contiguous: 'c', scalar: 'b', strided: 's' };

/** Limits that cut an over-large fused graph (checked by the evaluator with planCost). */
export const MAX_FUSED_STEPS = 400;
export const MAX_FUSED_INPUTS = 48;

export const SHORT: Record<DTypeName, string> = {
  bool: 'b', int8: 'i8', int16: 'i16', int32: 'i32', int64: 'i64', uint8: 'u8', uint16: 'u16',
  uint32: 'u32', uint64: 'u64', float16: 'f16', float32: 'f32', float64: 'f64', complex64: 'c64', complex128: 'c128',
};

/** Element strides of data laid out as `view` as seen from an iteration space of shape `shape`. */
export function broadcastStrides(view: Strided, shape: Shape): number[] {
  const lead = shape.length - view.shape.length;
  return shape.map((_, j) => (j < lead || view.shape[j - lead] === 1 ? 0 : view.strides[j - lead]));
}

/** The farthest element (from index 0) an access with these strides over `dims` reaches. */
export function stridedReach(strides: readonly number[], dims: readonly number[]): number {
  return strides.reduce((acc, s, j) => acc + Math.abs(s) * ((dims[j] ?? 1) - 1), 0);
}

/** A realized node's layout. */
export function realizedView(node: Node): Strided {
  const r = node.realized!;
  return { shape: node.shape, strides: r.strides, offset: r.offset };
}

/**
 * A view's layout over its input's data (laid out as `input`, by default the input's realized
 * layout), or null where the view is a reshape those strides do not allow.
 */
export function viewLayout(node: ViewNode, input: Strided = realizedView(node.input)): Strided | null {
  return applyMovement(input, node.movement);
}

/**
 * Makes view `node` an alias of its computed input's storage, and tells the copy-on-write
 * bookkeeping it is computed (./readers.ts: it reads nothing lazily any more); false where its
 * strides do not allow it.
 */
export function realizeAsAlias(node: ViewNode): boolean {
  const storage = node.input.realized?.storage;
  const view = storage ? viewLayout(node) : null;
  if (!view) return false;
  node.realized = { storage, strides: view.strides, offset: view.offset, alias: true };
  countAlias(storage as object, 1);
  nodeRealized(node);
  return true;
}

/**
 * Merges dimensions j, j+1 wherever every access (and the contiguous output, unless
 * `contiguousOutput` is false because the output is one of the accesses) allows it.
 */
export function mergeDims(shape: Shape, accesses: number[][], contiguousOutput = true): { dims: number[]; strides: number[][] } {
  const keep = shape.map((d) => d !== 1);
  let dims = shape.filter((_, j) => keep[j]);
  let strides = accesses.map((s) => s.filter((_, j) => keep[j]));
  const out = () => contiguousStrides(dims);
  for (let j = dims.length - 2; j >= 0; j--) {
    const o = out();
    const all = contiguousOutput ? [...strides, o] : strides;
    if (all.every((s) => s[j] === s[j + 1] * dims[j + 1])) {
      dims = [...dims.slice(0, j), dims[j] * dims[j + 1], ...dims.slice(j + 2)];
      strides = strides.map((s) => [...s.slice(0, j), s[j + 1], ...s.slice(j + 2)]);
    }
  }
  if (dims.length === 0) return { dims: [1], strides: strides.map(() => [0]) };
  return { dims, strides };
}

/** Plans seen before, by the parts of their keys (./plan-key.ts). */
const PLAN_KEYS = new KeyTree();

/** The text of a plan's key: everything that decides the generated source (see KernelPlan.key). */
function keyText(dims: readonly number[], indexBits: number, inputs: readonly PlanInput[], scalars: readonly PlanScalar[], steps: readonly PlanStep[],
  outputs: readonly PlanOutput[], store: PlanStore | undefined, tile: KernelPlan['tile'], scatter: (IndexAccess & { accumulate: boolean }) | undefined,
  rowVectors: readonly number[] | undefined, colVectors: readonly number[] | undefined): string {
  return [
    `d${dims.length}`, `x${indexBits}`,
    inputs.map((i) => `${SHORT[i.dtype.name]}${ACCESS_KEY[i.access]}${lastStride(i, dims)}`).join(','),
    scalars.map((s) => SHORT[s.dtype.name]).join(','),
    steps.map(stepKey).join(';'),
    outputs.map((o) => `${o.step}${SHORT[o.dtype.name]}`).join(','),
    store ? `store${store.access[0]}` : '',
    tile ? `tile${tile.axis}:${tile.inputs.join(',')}` : '',
    scatter ? `scatter${scatter.accumulate ? '+' : '='}${indexKey(scatter)}` : '',
    ...(rowVectors ? [`rows${rowVectors.join(',')}`] : []), // absent otherwise: older keys stay as they were
    ...(colVectors ? [`cols${colVectors.join(',')}`] : []),
  ].join('|');
}

/**
 * A readable kernel name (elementwise and reduce plans): `prefix`, the first four distinct op names
 * ('copy' where there are none) and how many more, then the outputs' dtypes, e.g. "fused_multiply_add_f32".
 */
export function opsName(prefix: string, opNames: readonly string[], outputs: ReadonlyArray<{ dtype: DType }>): string {
  const unique = [...new Set(opNames)];
  return [prefix, ...(unique.length ? unique.slice(0, 4) : ['copy']), ...(unique.length > 4 ? [`${unique.length - 4}more`] : []),
    [...new Set(outputs.map((o) => SHORT[o.dtype.name]))].join('_')].join('_');
}

/** An elementwise plan's kernel name: opsName, prefixed by what the kernel writes. */
function kernelName(opNames: readonly string[], outputs: readonly PlanOutput[], store: PlanStore | undefined, tile: KernelPlan['tile'],
  scatter: { accumulate: boolean } | undefined): string {
  const name = opsName(scatter ? (scatter.accumulate ? 'scatter_add' : 'scatter') : store ? 'assign' : 'fused', opNames, outputs);
  return tile ? `${name}_tiled` : name;
}

/**
 * Builds the plan that computes `roots` (all of one shape) in one kernel. With `store`, the one
 * root is written into `store.node`'s data laid out as `store.view` (an assignment).
 */
export function planKernel(roots: readonly Node[], store?: { node: Node; view: Strided; scatter?: ScatterSpec }): KernelPlan {
  const shape = roots[0].shape;
  if (!roots.every((r) => sameShape(r.shape, shape)) || (store && (roots.length !== 1 || !sameShape(store.view.shape, shape)))) {
    throw new CupytsError('ERR_INTERNAL', 'planKernel: expected roots of one shape');
  }
  const inputs: PlanInput[] = [];
  const rawStrides: number[][] = [];
  const builder: StepBuilder = new StepBuilder((node, view): PlanStep | undefined => {
    if (!view) return undefined;
    const input = inputs.length;
    inputs.push({ node, dtype: node.dtype, access: 'strided', strides: [], offset: view.offset });
    rawStrides.push(broadcastStrides(view, shape));
    return { kind: 'load', id: builder.nextId(), input, dtype: node.dtype };
  });
  const { steps, scalars, opNames } = builder;
  const visit = (node: Node) => builder.visit(node);

  const outputs = roots.map((node) => ({ node, step: visit(node), dtype: node.dtype }));
  const scatter = store?.scatter ? { ...builder.indexAccess(store.scatter), accumulate: store.scatter.accumulate } : undefined;
  const { dims, strides } = store ? mergeDims(shape, [...rawStrides, broadcastStrides(store.view, shape)], false) : mergeDims(shape, rawStrides);
  const size = sizeOf(shape);
  const contiguous = contiguousStrides(dims);
  let planStore: PlanStore | undefined;
  if (store) {
    const st = strides.pop()!;
    const access = !scatter && st.every((s, j) => s === contiguous[j]) ? 'contiguous' : 'strided';
    planStore = { node: store.node, access, strides: st, offset: store.view.offset, ...(scatter ? { scatter } : {}) };
  }
  let maxOffset = size;
  inputs.forEach((input, k) => {
    input.strides = strides[k];
    if (strides[k].every((s) => s === 0)) input.access = 'scalar';
    else if (strides[k].every((s, j) => s === contiguous[j])) input.access = 'contiguous';
    maxOffset = Math.max(maxOffset, stridedReach(strides[k], dims) + 1);
  });
  // A gathered (or searched) input's index arithmetic runs in 64 bits; its base offset is a strided access.
  const readsAtRandom = (st: PlanStep) => st.kind === 'gather' || st.kind === 'search';
  for (const st of steps) if (readsAtRandom(st)) inputs[st.input].access = 'strided';
  if (planStore) maxOffset = Math.max(maxOffset, stridedReach(planStore.strides, dims) + 1);
  const indexBits = maxOffset < 2 ** 31 ? 32 : 64;
  const tile = steps.some(readsAtRandom) ? undefined : chooseTile(dims, inputs, planStore);
  const rowVectors = tile || planStore ? undefined : chooseRowVectors(dims, size, inputs, steps);
  const colVectors = tile || planStore || rowVectors ? undefined : chooseColVectors(dims, inputs, steps);
  // The key and name, found in the tree of plans seen before (./plan-key.ts), made for a new one.
  let t = PLAN_KEYS.at(dims.length).at(indexBits).at(inputs.length);
  for (const i of inputs) t = t.at(i.dtype).at(i.access).at(lastStride(i, dims));
  t = t.at(scalars.length);
  for (const sc of scalars) t = t.at(sc.dtype);
  t = t.at(steps.length);
  for (const st of steps) t = t.step(st);
  t = t.at(outputs.length);
  for (const o of outputs) t = t.at(o.step).at(o.dtype);
  t = t.at(planStore?.access).at(tile ? tile.axis : -1);
  if (tile) t = t.list(tile.inputs);
  t = t.at(scatter?.accumulate);
  if (scatter) t = t.index(scatter);
  t = rowVectors ? t.list(rowVectors) : t.at(undefined);
  t = colVectors ? t.list(colVectors) : t.at(undefined);
  const key = (t.key ??= keyText(dims, indexBits, inputs, scalars, steps, outputs, planStore, tile, scatter, rowVectors, colVectors));
  const name = (t.name ??= kernelName(opNames, outputs, planStore, tile, scatter));
  return {
    kind: 'elementwise', name, key, dims, size, indexBits, inputs, scalars, steps, outputs,
    ...(planStore ? { store: planStore } : {}), ...(tile ? { tile } : {}), ...(rowVectors ? { rowVectors } : {}), ...(colVectors ? { colVectors } : {}),
  };
}

export function stepKey(s: PlanStep): string {
  switch (s.kind) {
    case 'load': return `L${s.input}`;
    case 'scalar': return `S${s.scalar}`;
    case 'cast': return `C${s.arg}>${SHORT[s.dtype.name]}`;
    case 'op': return `${s.op.name}:${SHORT[s.inputDtype.name]}(${s.args.join(',')})`;
    case 'select': return `W(${s.args.join(',')})`;
    case 'reduced': return `R${s.reduction}${SHORT[s.dtype.name]}`;
    case 'rindex': return 'I';
    case 'random': return `R${s.distribution}${s.wide ? 'W' : ''}:${SHORT[s.dtype.name]}(${s.scalars.join(',')})`;
    case 'gather': return `G${s.input}:${SHORT[s.dtype.name]}${indexKey(s)}`;
    case 'search': return `Q${s.input}:${SHORT[s.keyDtype.name]}(${s.arg};${s.length};${s.stride};${s.side})`;
  }
}

function indexKey(a: IndexAccess): string {
  return `(${a.args.join(',')};${a.strides.join(',')};${a.dims.join(',')};${a.sites.join(',')};F${a.flag})`;
}

/** Steps and parameters (inputs and scalars) an unrealized graph would put in one kernel (to decide cuts). */
export function planCost(roots: readonly Node[]): { steps: number; inputs: number } {
  const seen = new Set<number | string>();
  let steps = 0;
  let inputs = 0;
  const walk = (n: Node) => {
    if (seen.has(n.id)) return;
    seen.add(n.id);
    steps++;
    if (n.realized || n.kind === 'scalar') inputs++; // each is a kernel parameter
    else if (n.kind === 'random') inputs += n.draw.distribution === 'integers' ? 7 : 4;
    else if (n.kind === 'map' || n.kind === 'where') n.inputs.forEach(walk);
    else if (n.kind === 'cast' || n.kind === 'broadcast' || n.kind === 'view') walk(n.input);
    else if (n.kind === 'gather') {
      // the source (each datum under a lazy source: #gatheredLoad), and a stride, size and error site per index
      if (n.source.realized) inputs += 1 + 3 * n.axes.length;
      else gathered(n.source, n);
      n.indices.forEach(walk);
    } else if (n.kind === 'search') {
      inputs += 3; // the table, its length and stride
      walk(n.query);
    }
  };
  // The work under a gather's lazy source, each node a value of its own at the gathered positions.
  const gathered = (n: Node, g: Node & { kind: 'gather' }) => {
    const key = `${g.id}:${n.id}`;
    if (seen.has(key)) return;
    seen.add(key);
    steps++;
    if (n.kind === 'scalar') inputs++;
    else if (n.realized || !nodeInputs(n).length) inputs += 1 + 3 * g.axes.length;
    else nodeInputs(n).forEach((c) => gathered(c, g));
  };
  roots.forEach(walk);
  return { steps, inputs };
}

/**
 * Turns an elementwise graph into SSA steps: scalars become parameters, shared subexpressions
 * are computed once, dtype conversions are shared. `leaf` turns a node the caller handles (data,
 * a reduction) into a step, or returns undefined for the builder to expand it; for realized data
 * it gets the data's layout as the kernel sees it.
 *
 * Under a view, the builder carries the movements between the kernel and the node it visits
 * (outermost first): data loaded there is read through them, and a node computed under two
 * different views is two different values (its memo key includes the movements).
 */
export type LeafFn = (node: Node, view: Strided | undefined) => PlanStep | undefined;

interface Context {
  readonly movements: readonly Movement[];
  readonly key: string;
  /**
   * Inside the lazy source of a gather, computed where the gather reads it (../compiler/regions.ts
   * sourceFuses): each datum is loaded at the gathered positions, through the gather's indices.
   */
  readonly gather?: { readonly node: GatherNode; readonly indices: ReadonlyArray<{ node: Node; step: number }> };
}

const ROOT: Context = { movements: [], key: '' };

function within(ctx: Context, m: Movement): Context {
  return { ...ctx, movements: [...ctx.movements, m], key: `${ctx.key}>${movementKey(m)}` };
}

/** The context of `child` read by `parent` (broadcast to the parent's shape once under a view). */
function childContext(ctx: Context, parent: Node, child: Node): Context {
  if (parent.kind === 'view') return within(ctx, parent.movement);
  if (ctx.movements.length === 0 || sameShape(parent.shape, child.shape)) return ctx;
  return within(ctx, { kind: 'broadcast', shape: parent.shape });
}

export class StepBuilder {
  readonly steps: PlanStep[] = [];
  readonly scalars: PlanScalar[];
  readonly opNames: string[] = [];
  /** Node → step id; under a view, "node id + movements" → step id (a node read through two views is two values). */
  readonly #stepOf = new Map<Node | string, number>();
  #castOf: Map<string, number> | undefined; // "step:dtype" → cast step id (made at the first cast)
  #flags = 0; // error flag slots given to index accesses so far
  readonly #leaf: LeafFn;
  readonly #ids: { next: number };

  /** Builders of one plan that share `scalars` and `ids` number their steps apart. */
  constructor(leaf: LeafFn, scalars: PlanScalar[] = [], ids = { next: 0 }) {
    this.#leaf = leaf;
    this.scalars = scalars;
    this.#ids = ids;
  }

  nextId(): number {
    return this.#ids.next;
  }

  push(step: PlanStep): number {
    this.steps.push(step);
    this.#ids.next++;
    return step.id;
  }

  convert(stepId: number, from: DType, to: DType): number {
    if (from === to) return stepId;
    const key = `${stepId}:${to.name}`;
    this.#castOf ??= new Map();
    let id = this.#castOf.get(key);
    if (id === undefined) {
      id = this.push({ kind: 'cast', id: this.nextId(), arg: stepId, from, dtype: to });
      this.#castOf.set(key, id);
    }
    return id;
  }

  visit(node: Node, ctx: Context = ROOT): number {
    const memo = node.kind === 'scalar' || ctx === ROOT ? node : `${node.id}${ctx.key}`;
    const seen = this.#stepOf.get(memo);
    if (seen !== undefined) return seen;
    let id: number;
    if (ctx.gather && node.realized) {
      id = this.#gatheredLoad(node, ctx);
      this.#stepOf.set(memo, id);
      return id;
    }
    const leaf = this.#leaf(node, node.realized ? this.#view(node, ctx) : undefined);
    // A reduction's result is read at its own index; a view that keeps its C order reads it there too.
    const inOrder = leaf?.kind === 'reduced' && readsInCOrder(node.shape, ctx.movements);
    if (leaf && !node.realized && ctx.movements.length && !inOrder) {
      throw new CupytsError('ERR_INTERNAL', `plan: a ${node.kind} node read through a view inside a fused kernel (node ${node.id})`);
    }
    const visitChild = (child: Node) => this.visit(child, childContext(ctx, node, child));
    if (leaf) {
      id = this.push(leaf);
    } else if (node.kind === 'scalar') {
      this.scalars.push({ dtype: node.dtype, value: node.value });
      id = this.push({ kind: 'scalar', id: this.nextId(), scalar: this.scalars.length - 1, dtype: node.dtype });
    } else if (node.kind === 'map') {
      const args = node.inputs.map((n, j) => this.convert(visitChild(n), n.dtype, node.inputDtypes?.[j] ?? node.inputDtype));
      this.opNames.push(node.op.name);
      id = this.push({ kind: 'op', id: this.nextId(), op: node.op, args, inputDtype: node.inputDtype, dtype: node.dtype });
    } else if (node.kind === 'cast') {
      id = this.convert(visitChild(node.input), node.input.dtype, node.dtype);
    } else if (node.kind === 'view' && node.movement.kind === 'part') {
      id = this.#part(node, this.visit(node.input, ctx));
    } else if (node.kind === 'broadcast' || node.kind === 'view') {
      id = visitChild(node.input); // at the root, broadcasting is right-aligned, so the input indexes the same way
    } else {
      id = this.#visitRare(node, ctx, visitChild);
    }
    this.#stepOf.set(memo, id);
    return id;
  }

  // The node kinds below are rarer than the ones visit() handles itself; keeping them apart keeps
  // visit() short, which matters for a process's first calls: V8 gives a function its feedback
  // (and then its baseline code) only after running about 8 times its bytecode's length.

  /** x.real / x.imag of data a kernel computes: the part of the complex value (at step `arg`), at the same index. */
  #part(node: Node & { kind: 'view' }, arg: number): number {
    const op = elementwiseOp(node.movement.kind === 'part' && node.movement.part === 0 ? 'real' : 'imag')!;
    this.opNames.push(op.name);
    return this.push({ kind: 'op', id: this.nextId(), op, args: [arg], inputDtype: node.input.dtype, dtype: node.dtype });
  }

  /** The step of a where, random, gather or search node (visit() handles the common kinds). */
  #visitRare(node: Node, ctx: Context, visitChild: (child: Node) => number): number {
    if (node.kind === 'where') {
      const [c, x, y] = node.inputs;
      const args: [number, number, number] = [
        this.convert(visitChild(c), c.dtype, DTYPES.bool), this.convert(visitChild(x), x.dtype, node.dtype), this.convert(visitChild(y), y.dtype, node.dtype),
      ];
      this.opNames.push('where');
      return this.push({ kind: 'select', id: this.nextId(), args, dtype: node.dtype });
    }
    if (ctx.gather) throw new CupytsError('ERR_INTERNAL', `plan: a ${node.kind} node inside a gathered source (node ${node.id}; the scheduler computes it first)`);
    if (node.kind === 'random') return this.#random(node, ctx);
    if (node.kind === 'gather') return this.#gather(node, ctx, visitChild);
    if (node.kind === 'search') return this.#search(node, visitChild(node.query));
    throw new CupytsError('ERR_INTERNAL', `plan: a ${node.kind} node without data inside a fused kernel (node ${node.id})`);
  }

  /** The step of a random draw: its key, counter (and for integers, low and span) as uint32 scalars. */
  #random(node: Node & { kind: 'random' }, ctx: Context): number {
    // The scheduler only lets a draw into a kernel whose iteration space is the draw's own shape.
    if (ctx.movements.length) throw new CupytsError('ERR_INTERNAL', `plan: a random draw read through a view (node ${node.id})`);
    const d = node.draw;
    const u32 = (value: number) => {
      this.scalars.push({ dtype: DTYPES.uint32, value });
      return this.scalars.length - 1;
    };
    const ids = [u32(d.key[0]), u32(d.key[1]), u32(d.counter[0]), u32(d.counter[1])];
    if (d.distribution === 'integers') {
      const lowDtype = node.dtype.kind === 'b' ? DTYPES.int32 : node.dtype;
      this.scalars.push({ dtype: lowDtype, value: lowDtype.itemsize === 8 ? d.low! : Number(d.low!) });
      ids.push(this.scalars.length - 1, ...counterWords(d.span!).map(u32));
    }
    this.opNames.push(d.distribution === 'integers' ? 'randint' : `rand_${d.distribution}`);
    return this.push({ kind: 'random', id: this.nextId(), distribution: d.distribution, wide: isWideSpan(d), scalars: ids, dtype: node.dtype });
  }

  /**
   * The step of a gather: its source read at the indices' offsets, through #gatheredLoad (the
   * source's data, or each datum under its lazy elementwise work, which the scheduler lets the
   * gather compute where it reads it).
   */
  #gather(node: Node & { kind: 'gather' }, ctx: Context, visitChild: (child: Node) => number): number {
    // The scheduler computes a gather read through a view first.
    if (ctx.movements.length) throw new CupytsError('ERR_INTERNAL', `plan: a gather read through a view (node ${node.id})`);
    const indices = node.indices.map((n) => ({ node: n, step: visitChild(n) }));
    return this.visit(node.source, { movements: [], key: `@${node.id}`, gather: { node, indices } });
  }

  /**
   * Datum `node` (the context's gather's source, or data under its lazy source) read at the
   * positions the gather reads: its layout (through the views between, where there are) broadcast
   * to the source's shape, the gather's kept axes through that layout and its indices along the
   * gathered ones.
   */
  #gatheredLoad(node: Node, ctx: Context): number {
    const { node: g, indices } = ctx.gather!;
    // Under a view of the source's work: the datum's layout seen through the views (the scheduler
    // computes first what a reshape cannot read through), in the source's shape or broadcast to it.
    const own = ctx.movements.length ? this.#view(node, ctx) : realizedView(node);
    const source: Strided = { shape: g.source.shape, strides: broadcastStrides(own, g.source.shape), offset: own.offset };
    const load = this.#leaf(node, applyMovement(source, g.kept)!);
    if (!load || load.kind !== 'load') throw new CupytsError('ERR_INTERNAL', `plan: no input for node ${node.id} under the source of gather node ${g.id}`);
    const access = this.indexAccess({
      indices, strides: g.axes.map((a) => source.strides[a]), dims: g.axes.map((a) => source.shape[a]), sites: g.sites,
    });
    this.opNames.push('gather');
    return this.push({ kind: 'gather', id: this.nextId(), input: load.input, ...access, dtype: node.dtype });
  }

  /**
   * Index steps (int64) and their scalars for a gather or scatter. Indices given as nodes are
   * visited at the root (they have the kernel's shape); `step` gives one already visited.
   */
  indexAccess(spec: { indices: ReadonlyArray<Node | { node: Node; step: number }>; strides: readonly number[]; dims: readonly number[]; sites: readonly number[] }): IndexAccess {
    const scalar = (dtype: DType, value: number | bigint) => {
      this.scalars.push({ dtype, value });
      return this.scalars.length - 1;
    };
    const args = spec.indices.map((ix) => {
      const [node, step] = 'step' in ix && typeof ix.step === 'number' ? [ix.node, ix.step] : [ix as Node, this.visit(ix as Node)];
      return this.convert(step, node.dtype, DTYPES.int64);
    });
    return {
      args,
      strides: spec.strides.map((v) => scalar(DTYPES.int64, BigInt(v))),
      dims: spec.dims.map((v) => scalar(DTYPES.int64, BigInt(v))),
      sites: spec.sites.map((v) => scalar(DTYPES.int32, v)),
      flag: this.#flags++,
    };
  }

  /** The step of a binary search of `node`'s table (computed first) for the query at step `query`. */
  #search(node: SearchNode, query: number): number {
    if (!node.table.realized) throw new CupytsError('ERR_INTERNAL', `plan: a search without its table computed (node ${node.id})`);
    const table = realizedView(node.table);
    // Every element reads the table from its start: a broadcast of the table's first element.
    const start: AffineMovement = { kind: 'affine', shape: node.shape, coef: node.shape.map(() => [0]), base: [0] };
    const load = this.#leaf(node.table, applyMovement(table, start)!);
    if (!load || load.kind !== 'load') throw new CupytsError('ERR_INTERNAL', `plan: no input for the table of search node ${node.id}`);
    const int64 = (value: number) => {
      this.scalars.push({ dtype: DTYPES.int64, value: BigInt(value) });
      return this.scalars.length - 1;
    };
    const keyDtype = node.table.dtype;
    const arg = this.convert(query, node.query.dtype, keyDtype);
    this.opNames.push('searchsorted');
    return this.push({
      kind: 'search', id: this.nextId(), input: load.input, arg, length: int64(table.shape[0]), stride: int64(table.strides[0]), side: node.side, keyDtype, dtype: DTYPES.int64,
    });
  }

  /** Realized `node`'s layout seen through the context's movements. */
  #view(node: Node, ctx: Context): Strided {
    const view = applyMovements(realizedView(node), ctx.movements);
    if (!view) throw new CupytsError('ERR_INTERNAL', `plan: a reshape of node ${node.id} that its strides do not allow (the scheduler copies first)`);
    return view;
  }
}

/**
 * The steps computing `root` inside a kernel that reads every input through strides over `shape`
 * (scans and sorts): its inputs, each one's strides over `shape` (0 along broadcast axes, in
 * `shape`'s axis order), the scalars, the builder (its steps and op names) and the value's step.
 */
export function stridedLoads(root: Node, shape: Shape) {
  const inputs: PlanInput[] = [];
  const strides: number[][] = [];
  const scalars: PlanScalar[] = [];
  const builder: StepBuilder = new StepBuilder((n, view): PlanStep | undefined => {
    if (!view) return undefined;
    inputs.push({ node: n, dtype: n.dtype, access: 'strided', strides: [], offset: view.offset });
    strides.push(broadcastStrides(view, shape));
    return { kind: 'load', id: builder.nextId(), input: inputs.length - 1, dtype: n.dtype };
  }, scalars);
  const value = builder.visit(root);
  return { inputs, strides, scalars, builder, value };
}
