// Advanced indexing, NumPy's a[idx] with integer and boolean arrays among the items. NumPy's
// rules: the index arrays broadcast together to one shape B; the result has the axes of the other
// items in order, with B where the first advanced index is when the advanced indices are adjacent
// (integer scalars next to them count), else first. A boolean mask of k dims consumes k axes and
// acts as its k nonzero() index arrays. The result is a 'gather' node over the basic view of the
// other items (src/ir/graph.ts); index arrays given as JS lists are checked here, at the call,
// device arrays inside the kernel (every read of the result then throws, ./kernel-faults.ts).
import { castScalar, DTYPES } from '../ir/dtype.js';
import { CupytsError, describe } from '../ir/errors.js';
import { broadcastNode, castNode, gatherNode, scalarNode, sourceNode, viewNode, type Node } from '../ir/graph.js';
import type { AffineMovement } from '../ir/movement.js';
import { broadcastShapes, formatShape, sameShape, sizeOf } from '../ir/shape.js';
import { allocStored, storeElement } from './host-data.js';
import { indexSite } from './index-errors.js';
import type { IndexList, ParsedItem } from './index-parse.js';
import { basicView } from './indexing.js';
import { NDArray, usable } from './ndarray.js';
import { trueCoordinates } from './compaction.js';
import { markInRange } from './index-range.js';
import { hostNonzero, readMask } from './nonzero.js';
import type { ArrayOrScalar } from './operands.js';
import type { Runner } from './runners.js';
import { scatter } from './scatter.js';

type SliceItem = Extract<ParsedItem, { kind: 'slice' }>;
const FULL: SliceItem = { kind: 'slice', start: null, stop: null, step: null };

/** An advanced index on one axis: an integer array (any integer dtype) and the axis it indexes. */
export interface AxisIndex {
  readonly kind: 'index';
  readonly array: NDArray;
  /** The axis of the indexed array (for messages) and its size. */
  readonly axis: number;
  readonly size: number;
  /** Set for a 0-d boolean index: it indexes a new axis of size 1 (NumPy adds one). */
  readonly newAxis?: boolean;
  /**
   * An Ellipsis of no axes stands before it in the index: as in NumPy it still separates this
   * index from an advanced index before it (x[:, [0], ..., 0] of a 3-d x puts the broadcast
   * dimensions first).
   */
  readonly afterEllipsis?: boolean;
}

/** Index items with ellipsis expanded, masks turned into index arrays, integers into 0-d arrays. */
export type ResolvedItem = SliceItem | { kind: 'newaxis' } | AxisIndex;

export { knownInRange, markInRange } from './index-range.js';
import { knownInRange } from './index-range.js';

/** int64 index data uploaded on `runner`. */
export function hostIndex(runner: Runner, shape: readonly number[], values: ArrayLike<number>): NDArray {
  const stored = allocStored(DTYPES.int64, values.length);
  for (let i = 0; i < values.length; i++) storeElement(DTYPES.int64, stored, i, values[i]);
  return new NDArray(sourceNode([...shape], DTYPES.int64, runner.upload(DTYPES.int64, stored)), runner);
}

/** As hostIndex, for values checked (or made) in range for the one axis the caller indexes. */
export function checkedIndex(runner: Runner, shape: readonly number[], values: ArrayLike<number>): NDArray {
  return markInRange(hostIndex(runner, shape, values));
}

/**
 * The positions 0 .. n - 1 laid out as `shape` (one dimension of size n, the others 1), an index in
 * range by construction. int32 where n allows: filling int64 makes a BigInt per element, which
 * took a third of the host time of a take_along_axis over 16384 rows.
 */
export function positionIndex(runner: Runner, shape: readonly number[], n: number): NDArray {
  if (n > 2 ** 31) return checkedIndex(runner, shape, Array.from({ length: n }, (_, i) => i));
  const stored = allocStored(DTYPES.int32, n) as Int32Array;
  for (let i = 0; i < n; i++) stored[i] = i;
  return markInRange(new NDArray(sourceNode([...shape], DTYPES.int32, runner.upload(DTYPES.int32, stored)), runner));
}

/** A host index checked against its axis (NumPy's message), as a non-negative index. */
export function checkHostIndex(op: string, value: number, axis: number, size: number): number {
  if (value < -size || value >= size) throw new CupytsError('ERR_INDEX', `${op}: index ${value} is out of bounds for axis ${axis} with size ${size}`);
  return value < 0 ? value + size : value;
}

/** A nested JS list as shape and flat values; booleans only (non-empty) make a mask. */
export function flattenList(op: string, list: IndexList): { shape: number[]; flat: Array<number | boolean>; bool: boolean } {
  const shape: number[] = [];
  for (let probe: unknown = list; Array.isArray(probe); probe = probe[0]) {
    shape.push(probe.length);
    if (probe.length === 0) break;
  }
  const flat: Array<number | boolean> = [];
  const walk = (x: unknown, depth: number) => {
    if (depth === shape.length) {
      if (typeof x === 'bigint') x = Number(x);
      if (typeof x !== 'boolean' && !(typeof x === 'number' && Number.isInteger(x))) {
        throw new CupytsError('ERR_INDEX', `${op}: arrays used as indices must be of integer (or boolean) type, got ${describe(x)}`);
      }
      flat.push(x);
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[depth]) throw new CupytsError('ERR_INDEX', `${op}: expected a rectangular list of indices, got ${JSON.stringify(list)}`);
    x.forEach((v) => walk(v, depth + 1));
  };
  walk(list, 0);
  const bools = flat.filter((v) => typeof v === 'boolean').length;
  if (bools > 0 && bools !== flat.length) throw new CupytsError('ERR_INDEX', `${op}: expected an index list of only integers or only booleans, got ${JSON.stringify(list)}`);
  return { shape, flat, bool: flat.length > 0 && bools === flat.length };
}

interface ArrayItem { kind: 'arr'; bool: boolean; shape: number[]; host?: Array<number | boolean>; array?: NDArray }

function classify(op: string, value: NDArray | IndexList | boolean): ArrayItem {
  if (typeof value === 'boolean') return { kind: 'arr', bool: true, shape: [], host: [value] };
  if (value instanceof NDArray) {
    usable(op, value);
    const k = value.dtype.kind;
    if (k !== 'b' && k !== 'i' && k !== 'u') throw new CupytsError('ERR_INDEX', `${op}: arrays used as indices must be of integer (or boolean) type, got ${value.dtype.name}`);
    return { kind: 'arr', bool: k === 'b', shape: value.shape, array: value };
  }
  const { shape, flat, bool } = flattenList(op, value);
  return { kind: 'arr', bool, shape, host: flat };
}

/** NumPy's message for a mask whose shape differs from the axes it indexes. */
function checkMask(op: string, shape: readonly number[], a: NDArray, first: number): void {
  shape.forEach((d, i) => {
    if (d !== a.shape[first + i]) {
      throw new CupytsError('ERR_INDEX', `${op}: boolean index did not match indexed array along axis ${first + i}; size of axis is ${a.shape[first + i]} but size of corresponding boolean axis is ${d}`);
    }
  });
}

/** The items of an index on `a`, resolved (see ResolvedItem). Boolean masks on the device are read back. */
export function resolveItems(op: string, a: NDArray, parsed: readonly ParsedItem[]): ResolvedItem[] {
  const items = parsed.map((p) => (p.kind === 'array' ? classify(op, p.value) : p));
  const used = (i: (typeof items)[number]) => (i.kind === 'int' || i.kind === 'slice' ? 1 : i.kind === 'arr' ? (i.bool ? i.shape.length : 1) : 0);
  const consumed = items.reduce((n, i) => n + used(i), 0);
  if (consumed > a.ndim) throw new CupytsError('ERR_INDEX', `${op}: too many indices for array: array is ${a.ndim}-dimensional, but ${consumed} were indexed`);
  const at = items.findIndex((i) => i.kind === 'ellipsis');
  const fill: SliceItem[] = Array.from({ length: a.ndim - consumed }, () => FULL);
  const expanded = at < 0 ? [...items, ...fill] : [...items.slice(0, at), ...fill, ...items.slice(at + 1)];
  const out: ResolvedItem[] = [];
  // Where the items after an Ellipsis of no axes start (in `expanded`, then in `out`).
  const afterEmptyEllipsis = at >= 0 && fill.length === 0 ? at : -1;
  let firstAfter = -1;
  const hostLists = new Map<number, number[]>(); // position in `out` -> the list's values
  let j = 0;
  for (const [e, item] of expanded.entries()) {
    if (e === afterEmptyEllipsis) firstAfter = out.length;
    if (item.kind === 'slice' || item.kind === 'newaxis') {
      out.push(item);
      if (item.kind === 'slice') j++;
    } else if (item.kind === 'int') {
      const v = checkHostIndex(op, item.value, j, a.shape[j]);
      out.push({ kind: 'index', array: checkedIndex(a.runner, [], [v]), axis: j, size: a.shape[j] });
      j++;
    } else if (item.kind === 'arr' && !item.bool) {
      // a JS list is checked (and uploaded) below, once the shape of all index arrays is known
      if (!item.array) hostLists.set(out.length, item.host as number[]);
      out.push({ kind: 'index', array: item.array ?? unread(a.runner, item.shape), axis: j, size: a.shape[j] });
      j++;
    } else if (item.kind === 'arr' && item.array && item.shape.length > 0) {
      // A mask on the device stays there: its true elements' coordinates are computed by a scan
      // and a scatter (./compaction.ts), only their count is read back.
      checkMask(op, item.shape, a, j);
      for (const coords of trueCoordinates(item.array)) {
        out.push({ kind: 'index', array: markInRange(coords), axis: j, size: a.shape[j] });
        j++;
      }
    } else if (item.kind === 'arr') {
      const mask = item.host ? Uint8Array.from(item.host, (v) => (v ? 1 : 0)) : readMask(item.array!);
      if (item.shape.length === 0) {
        out.push({ kind: 'index', array: checkedIndex(a.runner, [mask[0] ? 1 : 0], mask[0] ? [0] : []), axis: j, size: 1, newAxis: true });
        continue;
      }
      checkMask(op, item.shape, a, j);
      for (const coords of hostNonzero(mask, item.shape)) {
        out.push({ kind: 'index', array: checkedIndex(a.runner, [coords.length], coords), axis: j, size: a.shape[j] });
        j++;
      }
    }
  }
  const next = out[firstAfter];
  if (next?.kind === 'index') out[firstAfter] = { ...next, afterEllipsis: true };
  return checkHostLists(op, out, hostLists);
}

/** A stand-in index of `shape` that nothing reads (lazy zeros, uploading nothing). */
function unread(runner: Runner, shape: readonly number[]): NDArray {
  return markInRange(new NDArray(broadcastNode(scalarNode(castScalar(0, DTYPES.int64), DTYPES.int64), [...shape]), runner));
}

/**
 * `items` with the JS lists among them (at the positions `lists` holds) checked against their
 * axes, as NumPy checks them: only where the index arrays broadcast to a shape with elements.
 * (m[[], [5]] is empty; a list that does not broadcast is reported by indexLayout.)
 */
function checkHostLists(op: string, items: ResolvedItem[], lists: ReadonlyMap<number, readonly number[]>): ResolvedItem[] {
  if (lists.size === 0 || !indicesRead(items)) return items;
  return items.map((r, p) => {
    const values = lists.get(p);
    if (!values || r.kind !== 'index') return r;
    return { ...r, array: checkedIndex(r.array.runner, r.array.shape, values.map((v) => checkHostIndex(op, v, r.axis, r.size))) };
  });
}

/** Whether the index arrays among `items` broadcast to a shape with elements (NumPy reads, and checks, their values). */
function indicesRead(items: readonly ResolvedItem[]): boolean {
  const shapes = items.flatMap((r) => (r.kind === 'index' ? [r.array.shape] : []));
  try {
    return sizeOf(broadcastShapes('index', ...shapes)) > 0;
  } catch {
    return false;
  }
}

/** The basic view that the resolved items index: each index item's axis kept whole. */
export function indexedSource(op: string, a: NDArray, items: readonly ResolvedItem[]): NDArray {
  return basicView(op, a, items.map((r): ParsedItem => (r.kind === 'index' ? (r.newAxis ? { kind: 'newaxis' } : FULL) : r)));
}

export interface IndexLayout {
  shape: number[];
  /** The source's kept axes over the result shape (index axes have coefficient 0). */
  kept: AffineMovement;
  /** Source axes the index arrays index, their int64 nodes of the result's shape, their error sites. */
  axes: number[];
  indices: Node[];
  sites: number[];
}

/**
 * Index arrays checked at the call where the indexed result is empty: no kernel runs to find an
 * index out of range, which NumPy still reports (zeros((1, 3))[array([2]), 0:0]), unless the index
 * arrays broadcast to no elements (m[[], array([5])]). Read back: an empty result's indices are
 * few in practice, and the check costs nothing where the result is not empty.
 */
function checkOnHost(op: string, items: readonly AxisIndex[]): void {
  for (const r of items) {
    if (r.array.size === 0 || knownInRange(r.array)) continue;
    const values = r.array.astype(DTYPES.float64).dataSync() as Float64Array;
    for (const v of values) checkHostIndex(op, v, r.axis, r.size);
  }
}

/** NumPy's result shape and where each index array's dims go, for `source` = indexedSource(...). */
export function indexLayout(op: string, source: NDArray, items: readonly ResolvedItem[]): IndexLayout {
  const adv = items.map((r, p) => (r.kind === 'index' ? p : -1)).filter((p) => p >= 0);
  const arrays = adv.map((p) => (items[p] as AxisIndex).array);
  let B: number[];
  try {
    B = broadcastShapes(op, ...arrays.map((x) => x.shape));
  } catch {
    throw new CupytsError('ERR_INDEX', `${op}: shape mismatch: indexing arrays could not be broadcast together with shapes ${arrays.map((x) => formatShape(x.shape)).join(' ')}`);
  }
  const adjacent = adv.every((p, i) => i === 0 || (p === adv[i - 1] + 1 && !(items[p] as AxisIndex).afterEllipsis));
  const keptAxes = items.map((_, p) => p).filter((p) => !adv.includes(p));
  // Result axes: a source axis (kept), or a dim of B (as -1 - b).
  const bAxes = B.map((_, b) => -1 - b);
  const order = adjacent && adv.length
    ? [...keptAxes.filter((p) => p < adv[0]), ...bAxes, ...keptAxes.filter((p) => p > adv[0])]
    : [...bAxes, ...keptAxes];
  const shape = order.map((o) => (o >= 0 ? source.shape[o] : B[-1 - o]));
  const kept: AffineMovement = {
    kind: 'affine', shape, coef: order.map((o) => source.shape.map((_, p) => (o === p ? 1 : 0))), base: source.shape.map(() => 0),
  };
  const toResult: AffineMovement = { kind: 'affine', shape, coef: order.map((o) => B.map((_, b) => (o === -1 - b ? 1 : 0))), base: B.map(() => 0) };
  const indices = arrays.map((x) => {
    let node: Node = x.dtype === DTYPES.int64 ? x.node : castNode(x.node, DTYPES.int64);
    if (!sameShape(x.shape, B)) node = broadcastNode(node, B);
    return sameShape(shape, B) ? node : viewNode(node, toResult);
  });
  const sites = adv.map((p) => {
    const r = items[p] as AxisIndex;
    return indexSite(`${op}: index out of bounds for axis ${r.axis} with size ${r.size} (found by the kernel)`);
  });
  if (sizeOf(shape) === 0 && sizeOf(B) > 0) checkOnHost(op, adv.map((p) => items[p] as AxisIndex));
  return { shape, kept, axes: adv, indices, sites };
}

/** `a` indexed by resolved items: one gather node (its source computed first where it is lazy). */
export function gatherItems(op: string, a: NDArray, items: readonly ResolvedItem[]): NDArray {
  const source = indexedSource(op, a, items);
  const layout = indexLayout(op, source, items);
  const node = source.node.kind === 'scalar' ? castNode(source.node, source.dtype) : source.node;
  return new NDArray(gatherNode(node, layout.kept, layout.axes, layout.indices, layout.sites), a.runner);
}

export function advancedGet(a: NDArray, items: readonly ParsedItem[]): NDArray {
  return gatherItems('get', a, resolveItems('get', a, items));
}

export function advancedSet(a: NDArray, items: readonly ParsedItem[], value: ArrayOrScalar): void {
  scatter('set', a, resolveItems('set', a, items), value, false);
}
