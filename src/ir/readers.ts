// Lazy readers of data that is written later: copy on write. A lazy node must see the data it
// reads as it was when the node was made (NumPy computes at once), even if a.set() writes that
// data before the node is computed.
//
// Each storage has an epoch: the span between two writes that had to copy it. A lazy node
// records, for each input, the epoch of the storage it reads (a lazy view is looked through to
// the data under it). A write to a storage that lazy nodes may still read first copies it: the
// copy (the snapshot) goes to the storage's current epoch, and a new epoch begins. Evaluating a
// node made in an old epoch reads that epoch's snapshot (resolveStaleReads). Only the nodes that
// recorded an epoch hold it: nothing tracks the nodes, and nothing is kept alive.
//
// Whether lazy nodes may still read a storage is a count per epoch: the nodes made in it, less
// those computed or abandoned since (a node pointed at the snapshot stays counted until then). A
// write copies where the current epoch's count is not zero; an old epoch whose count falls to zero
// frees its snapshot at once (heat's in-place stencil step made 50 copies of 64 MB a run, freed
// only by the collector before). A node collected without being computed (a fused intermediate
// whose consumer was computed) stays counted, so the next write copies once more than it needs
// to, and its epoch's snapshot waits for the collector: a copy, never a wrong value. (Uncounting
// collected nodes takes a FinalizationRegistry entry per node, which cost more host time than all
// the rest of building an array: bench/RESULTS.md.)
//
// A lazy input counts its own lazy readers (`pendingReaders`) and hands them to its storage when
// it is computed; its readers share a cell (`pendingCell`) that then receives the storage's epoch.
// Only the readers hold the cell, so a computed array never pins a snapshot made for them.
//
// A lazy view's read counts twice: as a read in the epoch (it stands in for the nodes made from
// the view while it is lazy, and a reshape that must copy is a read of the contents), and per
// storage (`lazyViews`): computed, the view becomes an alias of that storage whatever epoch it is
// in, so the storage must outlive its array's dispose(): `t.dispose()` under a lazy `w = t[:1]`
// leaves t's buffer to w, as NumPy's views keep their base alive.
import { CupytsError } from './errors.js';
import { aliasCount, madeFrom, nodeInputs, sourceNode, viewNode, type Node, type NodeRead, type Realized, type ViewNode } from './graph.js';

/** Writes so far: a node's birth time, against the time a computed view was re-aliased. */
let clock = 0;

interface Epoch {
  /** Lazy nodes made in this epoch that read the storage, less those computed since (an upper bound). */
  readers: number;
  /** Some reads of this epoch are not in `readers` (made through a lazy view): never freed early. */
  pinned?: boolean;
  /** The storage's contents when this epoch ended (set by the write that ended it). */
  snapshot?: Snapshot;
  /** The snapshot read with each input node's layout, made once. */
  nodes?: Map<Node, Node>;
}

/** A snapshot's storage: freed with dispose() once no lazy node can read it. */
export interface Snapshot {
  dispose(): void;
  readonly disposed: boolean;
}

interface StorageState {
  epoch: Epoch;
  /** Lazy views made over this storage, less those computed or abandoned since (an upper bound). */
  lazyViews: number;
}

const states = new WeakMap<object, StorageState>();
/** Epochs holding a snapshot that some node may still reach: none, and evaluation skips looking for stale reads. */
let liveSnapshots = 0;
const snapshotFreed = new FinalizationRegistry<void>(() => { liveSnapshots--; });
/** Set once a computed view was re-aliased (evaluation then always looks for stale reads). */
let anyRealiased = false;

function stateOf(storage: object): StorageState {
  let s = states.get(storage);
  if (!s) states.set(storage, (s = { epoch: { readers: 0 }, lazyViews: 0 }));
  return s;
}

const storageOf = (n: Node): object | undefined => n.realized?.storage as object | undefined;

/**
 * What a new node reads through input `i` (`view`: the node is a view of it): counted on the
 * storage where it is known, else on the lazy input; undefined for data with no storage (disposed,
 * or a scheduling placeholder).
 */
function readOf(i: Node, view: boolean): NodeRead | undefined {
  if (i.abandoned && !i.wrapped && !i.realized && !i.reads) revive(i);
  let under = i;
  while (!under.realized && under.kind === 'view') under = under.input;
  const storage = storageOf(under);
  if (storage) {
    const s = stateOf(storage);
    s.epoch.readers++;
    if (view) s.lazyViews++;
    return { input: i, storage, epoch: s.epoch, ...(view ? { view } : {}) };
  }
  if (i.realized) return undefined;
  i.pendingReaders = (i.pendingReaders ?? 0) + 1;
  if (view) i.pendingViews = (i.pendingViews ?? 0) + 1;
  const cell = (under.pendingCell ??= {});
  if (under !== i) cell.viaView = true;
  return { input: i, cell, ...(view ? { view } : {}) };
}

/**
 * The epoch read `r` is counted in, or undefined: a read made while its input was lazy and not
 * computed since counts on the input (pendingReaders); one whose input is a view that was
 * computed handed its count over in an epoch the read does not know, and stays counted.
 */
function countedEpoch(r: NodeRead): Epoch | undefined {
  if (r.held || r.storage) return r.epoch as Epoch | undefined;
  if (!r.input.realized || r.input.kind === 'view' || !storageOf(r.input)) return undefined;
  return r.cell?.epoch as Epoch | undefined;
}

/** A lazy view's read stops keeping its storage from being freed (the view was computed or abandoned). */
function dropViewRead(r: NodeRead): void {
  if (!r.storage && !r.input.realized) {
    r.input.pendingViews = Math.max(0, (r.input.pendingViews ?? 0) - 1);
    return;
  }
  const storage = r.storage ?? r.input.viewsCountedOn;
  const s = storage && states.get(storage);
  if (s) s.lazyViews = Math.max(0, s.lazyViews - 1);
}

/** The storage read `r` kept from being freed (it just stopped counting), if any. */
const heldStorage = (r: NodeRead): object | undefined => r.storage ?? (r.view ? r.input.viewsCountedOn : undefined) ?? storageOf(r.input);

/** Stops one read counting (its node was computed or abandoned). */
function dropRead(r: NodeRead): void {
  if (r.view) dropViewRead(r);
  if (!r.held && !r.storage && !r.input.realized) {
    r.input.pendingReaders = Math.max(0, (r.input.pendingReaders ?? 0) - 1);
    return;
  }
  const epoch = countedEpoch(r);
  if (!epoch || epoch.readers === 0) return;
  epoch.readers--;
  if (epoch.readers === 0 && epoch.snapshot) freeSnapshot(epoch);
}

/** An old epoch no lazy node reads any more: its snapshot is freed (unless a view aliases it). */
function freeSnapshot(epoch: Epoch): void {
  const snapshot = epoch.snapshot!;
  if (epoch.pinned || snapshot.disposed || aliasCount(snapshot) !== 0) return;
  epoch.snapshot = undefined;
  epoch.nodes = undefined;
  liveSnapshots--;
  snapshotFreed.unregister(epoch);
  snapshot.dispose();
}

/**
 * The array of lazy `node` was disposed. Once no lazy node reads it, nothing can compute it any
 * more (a fused intermediate, computed inside its consumer's kernel, is the usual case): its
 * reads stop counting, and so do those of lazy inputs abandoned before that only it still read.
 * Without this, the data it read stayed counted as read until the collector, so disposing that
 * data (cp.tidy, `using`) did not free it. Returns the storages that lost a reader.
 */
export function abandonNode(node: Node, fell: object[] = []): object[] {
  node.abandoned = true;
  if (node.realized || (node.pendingReaders ?? 0) > 0 || !node.reads) return fell;
  const reads = node.reads;
  node.reads = undefined;
  for (const r of reads) {
    dropRead(r);
    const storage = heldStorage(r);
    if (storage) fell.push(storage);
    else if (r.input.abandoned || !r.input.wrapped) abandonNode(r.input, fell);
  }
  return fell;
}

/**
 * A new reader of an intermediate let go of (letGoOfIntermediate): its reads count again, where
 * no write since its birth can have changed what they read; otherwise an internal error rather
 * than a value computed from data written after it was made. (No library path does this today:
 * instrumented, the CPU run of test/ops, faults, examples and unit never reached here.)
 */
function revive(i: Node): void {
  const inputs = nodeInputs(i);
  if (inputs.length === 0) return;
  if (i.born !== clock) throw new CupytsError('ERR_INTERNAL', `a ${i.kind} intermediate let go of after its readers ran was read again after a write`);
  i.abandoned = false;
  noteReads(i, inputs);
}

/**
 * A lazy node that no array can compute any more (a library's intermediate no array was made
 * over, or one whose array was disposed while lazy readers still needed it) whose last lazy
 * reader was just computed can never be computed itself: its reads stop counting, as abandonNode
 * does for a disposed array. Without this, unique's cast of its "differs" mask (fused into the
 * scan that counts runs) kept the sorted values counted as read, and so did a temporary of
 * cp.tidy fused into a result's kernel, so that freeing what they read waited for the collector.
 */
function letGoOfIntermediate(i: Node, fell: object[]): void {
  if (!i.realized && (!i.wrapped || i.abandoned) && (i.pendingReaders ?? 0) === 0 && i.reads) abandonNode(i, fell);
}

/** A new lazy node `node` reads `inputs`: each counts it (called by every node constructor). */
export function noteReads<T extends Node>(node: T, inputs: readonly Node[]): T {
  node.born = clock;
  let reads: NodeRead[] | undefined;
  for (const i of inputs) {
    const r = i.kind === 'scalar' ? undefined : readOf(i, node.kind === 'view');
    if (r) (reads ??= []).push(r);
  }
  node.reads = reads;
  return node;
}

/**
 * `node` was just computed (into a buffer, or as an alias): it reads nothing; its readers read its
 * storage. Returns the storages that lost a reader (as abandonNode does).
 */
export function nodeRealized(node: Node, fell: object[] = []): object[] {
  const storage = storageOf(node);
  if (storage && (node.pendingReaders || node.pendingCell)) {
    const s = stateOf(storage);
    const views = node.pendingViews ?? 0;
    s.epoch.readers += node.pendingReaders ?? 0;
    if (views > 0) {
      s.lazyViews += views;
      node.viewsCountedOn = storage;
    }
    if (node.pendingCell) {
      node.pendingCell.epoch = s.epoch;
      // Reads through a lazy view of it count on the view, not here: its snapshot waits for the collector.
      if (node.pendingCell.viaView) s.epoch.pinned = true;
    }
  }
  node.pendingReaders = 0;
  node.pendingViews = 0;
  node.pendingCell = undefined;
  if (node.reads) {
    const reads = node.reads;
    node.reads = undefined;
    for (const r of reads) {
      dropRead(r);
      const storage = heldStorage(r);
      if (storage) fell.push(storage);
      letGoOfIntermediate(r.input, fell);
    }
  }
  return fell;
}

/**
 * A computed view that had a buffer of its own becomes an alias of its input's storage (a write
 * through it must reach its base): nodes made before read its old buffer, `before`.
 */
export function viewRealiased(node: Node, before: Realized): void {
  node.before = { time: ++clock, realized: before };
  anyRealiased = true;
}

/** Whether lazy views made over `storage` may still alias it once computed (its array's dispose() must not free it). */
export function lazyViewsOf(storage: object): boolean {
  return (states.get(storage)?.lazyViews ?? 0) > 0;
}

/** Whether a write to `storage` must copy it first (some lazy node may still read it). */
export function writeNeedsSnapshot(storage: object): boolean {
  return (states.get(storage)?.epoch.readers ?? 0) > 0;
}

/** Records a write to `storage`, with the copy of its contents just before it where readers need one. */
export function noteWrite(storage: object, snapshot: Snapshot | undefined): void {
  ++clock;
  if (snapshot === undefined) return;
  const s = stateOf(storage);
  s.epoch.snapshot = snapshot;
  liveSnapshots++;
  snapshotFreed.register(s.epoch, undefined, s.epoch);
  s.epoch = { readers: 0 };
}

/**
 * What a node made at time `born` should read instead of `input` (its read `r`: a storage and
 * epoch, or the cell of the lazy data under `input`), or undefined. A lazy view is looked
 * through: it is an alias of its input, so it shows that input as of the reader's epoch (the view
 * over the snapshot), while the view itself, read as an array, sees the writes.
 */
function replacementAt(input: Node, r: NodeRead, born: number): Replacement | undefined {
  const throughView = (v: ViewNode): Replacement | undefined => {
    const under = replacementAt(v.input, r, born);
    return under && { to: viewNode(under.to, v.movement), from: under.from };
  };
  if (!input.realized) return input.kind === 'view' ? throughView(input) : undefined;
  if (input.before && born < input.before.time) {
    const b = input.before.realized;
    return { to: sourceNode(input.shape, input.dtype, b.storage, [...b.strides], b.offset) };
  }
  const own = storageOf(input);
  // A view computed (or aliased) since the reader recorded what it reads: it shows its input.
  if (own !== r.storage && input.kind === 'view') return throughView(input);
  // Read where the reader recorded it, or (the input was lazy then) since the input was computed.
  const e = (own === r.storage ? r.epoch : r.cell?.epoch) as Epoch | undefined;
  if (!e?.snapshot) return undefined;
  e.nodes ??= new Map();
  let snap = e.nodes.get(input);
  if (!snap) e.nodes.set(input, (snap = sourceNode(input.shape, input.dtype, e.snapshot, [...input.realized.strides], input.realized.offset)));
  return { to: snap, from: e };
}

/** What a stale read reads instead, and the epoch whose snapshot that is (none: a re-aliased view's old buffer). */
interface Replacement {
  to: Node;
  from?: Epoch;
}

/** Told of each input a stale read stopped reading (cp.jit's trace: ../api/jit-trace.ts). */
let staleReadListener: ((input: Node) => void) | undefined;

/** Sets the listener of stale reads (undefined: none); returns the one it replaces. */
export function listenToStaleReads(f: ((input: Node) => void) | undefined): ((input: Node) => void) | undefined {
  const before = staleReadListener;
  staleReadListener = f;
  return before;
}

/**
 * Points every lazy node under `targets` that reads data written since it was made at the
 * snapshot of its time. Free when no snapshot can be reached (the usual case).
 */
export function resolveStaleReads(targets: readonly Node[], replaceInput: (node: Node, from: Node, to: Node) => void): void {
  if (liveSnapshots === 0 && !anyRealiased) return;
  const seen = new Set<Node>();
  const stack = [...targets];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.realized || seen.has(n)) continue;
    seen.add(n);
    if (n.kind !== 'view' && n.reads) {
      const replaced = new Map<Node, Replacement>();
      for (const r of n.reads) {
        if (r.held || replaced.has(r.input)) continue;
        const rep = replacementAt(r.input, r, n.born ?? 0);
        if (!rep) continue;
        replaceInput(n, r.input, rep.to);
        replaced.set(r.input, rep);
        staleReadListener?.(r.input);
      }
      if (replaced.size) {
        // A read counted in the epoch whose snapshot it now reads stays counted there (held), so
        // that the snapshot lives until this node is computed or abandoned; others stop counting.
        const left: NodeRead[] = [];
        for (const r of n.reads) {
          const rep = replaced.get(r.input);
          if (!rep) left.push(r);
          else if (rep.from && countedEpoch(r) === rep.from) left.push({ input: rep.to, epoch: rep.from, held: true });
          else dropRead(r);
        }
        n.reads = left.length ? left : undefined;
      }
    }
    for (const i of madeFrom(n)) if (!i.realized) stack.push(i);
  }
}
