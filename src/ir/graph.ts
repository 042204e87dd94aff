// Lazy expression graph nodes. Every node knows its shape and dtype when it is built, so shape
// and dtype errors are raised at the call. A node that has been computed holds its result
// (`realized`) and from then on is a source of data, never recomputed.
import { f16BitsToNumber, int64, numberToF16Bits, realPartDType, type DType } from './dtype.js';
import type { Complex } from './complex.js';
import type { ElementwiseOp } from './ops.js';
import type { ReduceOp } from './reductions.js';
import type { AffineMovement, Movement } from './movement.js';
import type { RandomDraw } from './random.js';
import { noteReads } from './readers.js';
import { contiguousStrides, type Shape } from './shape.js';

/**
 * Where a realized node's elements live: element strides over the node's shape (0 for a
 * broadcast dimension, negative for a reversed one) and the element offset of index 0.
 * `storage` is opaque here (a device or host buffer owned by the API layer).
 */
export interface Realized {
  readonly storage: unknown;
  readonly strides: readonly number[];
  readonly offset: number;
  /** Set where the storage belongs to another node (a view's data): dispose leaves it alone. */
  readonly alias?: boolean;
  /** Writes through it are refused: cp.jit's stand-in for, and result of, a read-only broadcast view. */
  readonly readonly?: boolean;
}

/** Whether writes into `node` are refused (a broadcast or diagonal view, as NumPy's broadcast_to and diagonal, or data marked so). */
export const isReadOnly = (node: Node): boolean =>
  ((node.kind === 'broadcast' || node.kind === 'view') && node.readonly === true) || node.realized?.readonly === true;

/** Shared by the reads of a lazy node (./readers.ts): the epoch of its storage once it is computed. */
export interface ReadCell {
  epoch?: object;
  /** Some read reached it through a lazy view (counted on the view, not in the epoch). */
  viaView?: boolean;
}

/**
 * A lazy node's read of one input (./readers.ts): the storage under it and that storage's epoch
 * where the data was computed at the node's birth, else the cell that receives the epoch when the
 * lazy data under the input is computed.
 */
export interface NodeRead {
  readonly input: Node;
  readonly storage?: object;
  readonly epoch?: object;
  readonly cell?: ReadCell;
  /** `input` is the snapshot of `epoch` (a stale read pointed there): counted in `epoch` until the node is computed. */
  readonly held?: boolean;
  /** The read of a lazy view: a future alias of the storage, not a reader of its contents (./readers.ts). */
  readonly view?: boolean;
}

interface NodeBase {
  readonly id: number;
  readonly shape: Shape;
  readonly dtype: DType;
  realized?: Realized;
  /** Copy-on-write bookkeeping (./readers.ts): the write count when this node was made. */
  born?: number;
  /** Lazy nodes made from this one while it is not computed (they will read its storage). */
  pendingReaders?: number;
  /** Of pendingReaders, the lazy views (they will alias its storage: ./readers.ts). */
  pendingViews?: number;
  /** The storage this computed node's pendingViews were counted on (./readers.ts). */
  viewsCountedOn?: object;
  /** What this lazy node reads through each input, until it is computed (./readers.ts). */
  reads?: NodeRead[];
  /** Shared by the reads made while it is lazy; receives its storage's epoch when it is computed (./readers.ts). */
  pendingCell?: ReadCell;
  /** A computed view re-aliased to its input's storage: nodes made before read `realized`. */
  before?: { time: number; realized: Realized };
  /** Its array was disposed while it was lazy: only the lazy nodes that read it may still compute it (./readers.ts abandonNode). */
  abandoned?: boolean;
  /** An NDArray was made over it. A node without one is a library's intermediate: once its last lazy reader is computed, nothing can compute it (./readers.ts). */
  wrapped?: boolean;
}

/** Data that already exists (an uploaded array or a computed result). */
export interface SourceNode extends NodeBase {
  readonly kind: 'source';
  /** What computed this data at the call, where a library did (e.g. "fft.fft: cuFFT c2c …"), for explain. */
  origin?: string;
}

/** A scalar constant, already converted to `dtype`; passed to kernels as a parameter. */
export interface ScalarNode extends NodeBase {
  readonly kind: 'scalar';
  readonly value: number | bigint | boolean | Complex;
}

/** An elementwise op over inputs broadcast to `shape`, each converted to `inputDtype` first. */
export interface MapNode extends NodeBase {
  readonly kind: 'map';
  readonly op: ElementwiseOp;
  readonly inputDtype: DType;
  readonly inputs: readonly Node[];
  /** Per-input dtypes where they differ (a user kernel's parameters); `inputDtype` otherwise. */
  readonly inputDtypes?: readonly DType[];
}

/** A dtype conversion (astype), broadcast-free. */
export interface CastNode extends NodeBase {
  readonly kind: 'cast';
  readonly input: Node;
}

/** where(cond, x, y): cond as bool, x and y converted to `dtype`, all broadcast to `shape`. */
export interface WhereNode extends NodeBase {
  readonly kind: 'where';
  readonly inputs: readonly [Node, Node, Node];
}

/** An input repeated over a larger shape (NumPy broadcasting); reads no extra memory. */
export interface BroadcastNode extends NodeBase {
  readonly kind: 'broadcast';
  readonly input: Node;
  /** A user's broadcast_to view, which NumPy makes read-only (an internal broadcast is a new array). */
  readonly readonly?: boolean;
}

/**
 * A reduction of `input` over `axes` (sorted, non-negative). The result has the input's shape
 * with those axes removed, or kept as 1 (`keepdims`). It computes in the input's dtype (callers
 * cast first where NumPy accumulates in another); 'arg' ops give int64 indices.
 */
export interface ReduceNode extends NodeBase {
  readonly kind: 'reduce';
  readonly op: ReduceOp;
  readonly input: Node;
  readonly axes: readonly number[];
  readonly keepdims: boolean;
}

/** An inclusive scan (cumsum, cumprod) of `input` along `axis`; same shape and dtype as the input. */
export interface ScanNode extends NodeBase {
  readonly kind: 'scan';
  readonly op: ReduceOp;
  readonly input: Node;
  readonly axis: number;
}

/**
 * A stable sort of `input` along `axis` (NaN last, -0 equal to +0, ties in their original order,
 * as NumPy's stable sort): the sorted values (`output` 'values', the input's dtype) or the
 * positions along the axis they came from (`output` 'indices', int64: argsort). Same shape as the input.
 */
export interface SortNode extends NodeBase {
  readonly kind: 'sort';
  readonly input: Node;
  readonly axis: number;
  readonly output: 'values' | 'indices';
  /**
   * A partition instead of a sort (partition, argpartition), around the element a sort puts at
   * `kth` (0 <= kth < the axis length): the smaller elements, then those equal to it, then the
   * greater ones (NaN greatest), each group in its original order.
   */
  readonly kth?: number;
}

/**
 * The positions of each line of a sort's result that an evaluation computes where nothing can
 * read the others (./sort-window.ts): `count` at one end (`from` 'start': the first; 'end': the last).
 */
export interface SortWindow {
  readonly from: 'start' | 'end';
  readonly count: number;
}

/**
 * How many elements of the 1-D integer `input` equal each of 0, 1, ..., bins - 1 (others are not
 * counted): int64 counts of shape [bins], as NumPy's bincount. Integer counts, so the same on
 * every run whatever order the device adds them in.
 */
export interface BincountNode extends NodeBase {
  readonly kind: 'bincount';
  readonly input: Node;
  readonly bins: number;
}

/**
 * Counter-based random draws (Philox4x32-10): element i of this node is a pure function of its
 * C-order linear index, the key and the draw's counter, so it is computed inline in whatever
 * kernel consumes it, identically on every backend. See ./random.ts for the distributions.
 */
export interface RandomNode extends NodeBase {
  readonly kind: 'random';
  readonly draw: RandomDraw;
}

/**
 * A view of `input` (transpose, slice, reshape, ..., and x.real / x.imag, whose dtype is the
 * complex input's part dtype): element i of the view is element movement(i) of the input. Reads no memory of its own: a kernel applies the movement to the
 * strides of whatever it loads under it (./movement.ts).
 */
export interface ViewNode extends NodeBase {
  readonly kind: 'view';
  readonly input: Node;
  readonly movement: Movement;
  /** A user's broadcast_to, broadcast_arrays, diagonal or diag view: it aliases its base, and NumPy makes it read-only. */
  readonly readonly?: boolean;
}

/**
 * Advanced indexing (NumPy's a[[0, 2], 1:]): element i of the result reads `source` (data that
 * the scheduler computes first) at `kept`'s strides for the axes that are not indexed, plus, for
 * each indexed source axis axes[j], the value of indices[j] at i (int64, of the result's shape,
 * negative counting from the end). An index out of range reads 0 and raises error site
 * sites[j] in the kernel (a read of the result throws it: src/api/kernel-faults.ts).
 */
export interface GatherNode extends NodeBase {
  readonly kind: 'gather';
  readonly source: Node;
  readonly kept: AffineMovement;
  readonly axes: readonly number[];
  readonly indices: readonly Node[];
  readonly sites: readonly number[];
}

/**
 * searchsorted: for each element of `query` (of the result's shape, in `table`'s dtype), how many
 * elements of the sorted 1-D `table` (data that the scheduler computes first) come before it in
 * NumPy's sort order (NaN last): side 'left' counts the entries less than the query, 'right'
 * those not greater. int64. A binary search per element, inline in an elementwise kernel.
 */
export interface SearchNode extends NodeBase {
  readonly kind: 'search';
  readonly table: Node;
  readonly query: Node;
  readonly side: 'left' | 'right';
}

export type Node = SourceNode | ScalarNode | MapNode | CastNode | WhereNode | BroadcastNode | ReduceNode | ScanNode | SortNode | BincountNode | RandomNode | ViewNode | GatherNode | SearchNode;

let nextId = 1;
const newId = () => nextId++;

/** The id the next node will get: nodes made from now on have ids at least this. */
export const nextNodeId = (): number => nextId;

/** Points `node`'s input `from` at `to` (a snapshot of the data `from` had when `node` was made). */
export function replaceInput(node: Node, from: Node, to: Node): void {
  const swap = (n: Node) => (n === from ? to : n);
  const m = node as { -readonly [K in keyof AnyInputs]?: AnyInputs[K] };
  switch (node.kind) {
    case 'map': case 'where': m.inputs = node.inputs.map(swap); break;
    case 'cast': case 'broadcast': case 'reduce': case 'scan': case 'sort': case 'bincount': case 'view': m.input = swap(node.input); break;
    case 'gather': m.source = swap(node.source); m.indices = node.indices.map(swap); break;
    case 'search': m.table = swap(node.table); m.query = swap(node.query); break;
    default: break;
  }
}

type AnyInputs = { inputs: readonly Node[]; input: Node; source: Node; indices: readonly Node[]; table: Node; query: Node };

/**
 * Drops a computed node's links to the nodes it was made from: it is data from now on
 * (nodeInputs gives nothing), and a chain of results (`x = x.mul(0.9).add(1)` in a loop) must not
 * keep every earlier result, and its buffer, alive. A view keeps its input: a write through it
 * reaches its base (src/api/assign.ts).
 */
export function forgetInputs(node: Node): void {
  const m = node as { -readonly [K in keyof AnyInputs]?: AnyInputs[K] };
  switch (node.kind) {
    case 'map': case 'where': m.inputs = []; break;
    case 'cast': case 'broadcast': case 'reduce': case 'scan': case 'sort': case 'bincount': m.input = undefined; break;
    case 'gather': m.source = undefined; m.indices = []; break;
    case 'search': m.table = undefined; m.query = undefined; break;
    default: break;
  }
}

export function sourceNode(shape: Shape, dtype: DType, storage: unknown, strides = contiguousStrides(shape), offset = 0): SourceNode {
  return { kind: 'source', id: newId(), shape, dtype, realized: { storage, strides, offset } };
}

/**
 * A scalar of `dtype`. A JS number for a float32 or float16 scalar is rounded to that dtype here,
 * as NumPy converts a Python float to the array's dtype before the loop runs: `x == 0.1` on float32
 * x compares with float32(0.1) (unrounded, the CPU's double arithmetic compared with 0.1 itself).
 */
export function scalarNode(value: number | bigint | boolean | Complex, dtype: DType): ScalarNode {
  const v = typeof value !== 'number' ? value : dtype.name === 'float32' ? Math.fround(value) : dtype.name === 'float16' ? f16BitsToNumber(numberToF16Bits(value)) : value;
  return { kind: 'scalar', id: newId(), shape: [], dtype, value: v };
}

export function mapNode(op: ElementwiseOp, inputs: readonly Node[], shape: Shape, inputDtype: DType, dtype: DType, inputDtypes?: readonly DType[]): MapNode {
  return noteReads({ kind: 'map', id: newId(), op, inputs, shape, inputDtype, dtype, ...(inputDtypes ? { inputDtypes } : {}) }, inputs);
}

export function castNode(input: Node, dtype: DType): CastNode {
  return noteReads({ kind: 'cast', id: newId(), input, shape: input.shape, dtype }, [input]);
}

export function broadcastNode(input: Node, shape: Shape, readonly = false): BroadcastNode {
  return noteReads({ kind: 'broadcast', id: newId(), input, shape, dtype: input.dtype, ...(readonly ? { readonly } : {}) }, [input]);
}

export function whereNode(cond: Node, x: Node, y: Node, shape: Shape, dtype: DType): WhereNode {
  return noteReads({ kind: 'where', id: newId(), inputs: [cond, x, y], shape, dtype }, [cond, x, y]);
}

export function reduceNode(op: ReduceOp, input: Node, axes: readonly number[], keepdims: boolean, dtype: DType): ReduceNode {
  const shape = keepdims
    ? input.shape.map((d, j) => (axes.includes(j) ? 1 : d))
    : input.shape.filter((_, j) => !axes.includes(j));
  return noteReads({ kind: 'reduce', id: newId(), op, input, axes, keepdims, shape, dtype }, [input]);
}

export function scanNode(op: ReduceOp, input: Node, axis: number): ScanNode {
  return noteReads({ kind: 'scan', id: newId(), op, input, axis, shape: input.shape, dtype: input.dtype }, [input]);
}

export function sortNode(input: Node, axis: number, output: 'values' | 'indices', kth?: number): SortNode {
  const dtype = output === 'values' ? input.dtype : int64;
  return noteReads({ kind: 'sort', id: newId(), input, axis, output, ...(kth === undefined ? {} : { kth }), shape: input.shape, dtype }, [input]);
}

export function bincountNode(input: Node, bins: number): BincountNode {
  return noteReads({ kind: 'bincount', id: newId(), input, bins, shape: [bins], dtype: int64 }, [input]);
}

export function randomNode(draw: RandomDraw, shape: Shape, dtype: DType): RandomNode {
  return { kind: 'random', id: newId(), draw, shape, dtype };
}

export function viewNode(input: Node, movement: Movement, readonly = false): ViewNode {
  const dtype = movement.kind === 'part' ? realPartDType(input.dtype) : input.dtype;
  return noteReads({ kind: 'view', id: newId(), input, movement, shape: movement.shape, dtype, ...(readonly ? { readonly } : {}) }, [input]);
}

/**
 * A view computed into a buffer of its own (its input was not computed then). Its data is a
 * copy: nothing may alias it, because a write makes it an alias of its input (src/api/assign.ts).
 */
export function isDetachedView(node: Node): boolean {
  return node.kind === 'view' && !!node.realized && !node.realized.alias;
}

/**
 * Computed views sharing each storage (aliases of it): counted when a view becomes an alias, and
 * uncounted when its array is disposed. An upper bound (a view dropped without dispose() stays
 * counted): dispose() (src/api/ndarray.ts) frees a storage at once only where it counts none.
 */
const aliases = new WeakMap<object, number>();

/** A view became an alias of `storage` (+1), or an alias of it was disposed (-1). */
export function countAlias(storage: object, delta: 1 | -1): void {
  aliases.set(storage, Math.max(0, (aliases.get(storage) ?? 0) + delta));
}

/** Computed views that may still share `storage`. */
export function aliasCount(storage: object): number {
  return aliases.get(storage) ?? 0;
}

export function gatherNode(source: Node, kept: AffineMovement, axes: readonly number[], indices: readonly Node[], sites: readonly number[]): GatherNode {
  return noteReads({ kind: 'gather', id: newId(), source, kept, axes, indices, sites, shape: kept.shape, dtype: source.dtype }, [source, ...indices]);
}

export function searchNode(table: Node, query: Node, side: 'left' | 'right'): SearchNode {
  return noteReads({ kind: 'search', id: newId(), table, query, side, shape: query.shape, dtype: int64 }, [table, query]);
}

/** The nodes a node reads (none for sources, scalars and realized nodes). */
export function nodeInputs(node: Node): readonly Node[] {
  return node.realized ? [] : madeFrom(node);
}

/**
 * What computed the data a node holds, for explain: a source's origin (a library call such as
 * cuFFT), also through computed views that share its storage (a transform whose axes were moved
 * back for its result is such a view).
 */
export function dataOrigin(node: Node): string | undefined {
  if (node.kind === 'source') return node.origin;
  if (node.kind === 'view' && node.realized?.alias) return dataOrigin(node.input);
  return undefined;
}

/** The nodes a node was made from, whether or not it is computed now. */
export function madeFrom(node: Node): readonly Node[] {
  switch (node.kind) {
    case 'map': case 'where': return node.inputs;
    case 'cast': case 'broadcast': case 'reduce': case 'scan': case 'sort': case 'bincount': case 'view': return [node.input];
    case 'gather': return [node.source, ...node.indices];
    case 'search': return [node.table, node.query];
    default: return [];
  }
}
