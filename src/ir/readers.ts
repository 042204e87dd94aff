// Lazy readers of data that is written later: copy on write. A lazy node must see the data it
// reads as it was when the node was made (NumPy computes at once), even if a.set() writes that
// data before the node is computed. So each storage counts the live lazy nodes that read it, and
// a write to a storage some lazy node still reads first copies it (a snapshot). When such a node
// is evaluated, its input is replaced by the snapshot of its time (resolveStaleReads).
//
// Counting holds nothing alive: a node that is computed, or collected (a FinalizationRegistry),
// stops counting. (Tracking the nodes themselves would need WeakRefs, and a WeakRef keeps its
// target alive until the synchronous job ends: a long loop would keep every array it made.)
//
// Time is a counter of writes. A node made at time t that reads storage S (made at time c) needs
// S's contents at time max(t, c): the snapshot taken at the first write to S after that, or S
// itself if there was none. A lazy input counts its own lazy readers (`pendingReaders`), and
// hands them to its storage when it is computed: they read that storage from then on.
import { madeFrom, sourceNode, viewNode, type Node, type Realized } from './graph.js';

let clock = 0;

interface Write {
  time: number;
  /** The storage's contents just before this write (a full copy). */
  snapshot: unknown;
  /** The snapshot read as each input node's layout, made once. */
  nodes: Map<Node, Node>;
}

interface StorageState {
  createdAt: number;
  /** Live lazy nodes that read this storage. */
  readers: number;
  /** Writes some reader made before them still needs the snapshot of (oldest first). */
  writes: Write[];
}

const states = new WeakMap<object, StorageState>();
/** States holding snapshots: none, and evaluation skips looking for stale reads. */
const withSnapshots = new Set<StorageState>();
/** Set once a computed view was re-aliased (evaluation then always looks for stale reads). */
let anyRealiased = false;

function stateOf(storage: object): StorageState {
  let s = states.get(storage);
  if (!s) states.set(storage, (s = { createdAt: clock, readers: 0, writes: [] }));
  return s;
}

const storageOf = (n: Node): object | undefined => n.realized?.storage as object | undefined;

/** Stops `inputs` counting one reader each (a node computed, collected or redirected). */
function dropReads(inputs: readonly Node[]): void {
  for (const i of inputs) {
    if (i.realized) {
      const storage = storageOf(i);
      const s = storage && states.get(storage);
      if (!s) continue;
      s.readers = Math.max(0, s.readers - 1);
      if (s.readers === 0 && s.writes.length) {
        s.writes = [];
        withSnapshots.delete(s);
      }
    } else {
      i.pendingReaders = Math.max(0, (i.pendingReaders ?? 0) - 1);
    }
  }
}

// Registered without an unregister token: a token makes V8 keep a hash table of every live node,
// which cost ~15% of graph building in long synchronous loops. A computed node's entry is marked
// instead, and its callback then does nothing.
const collected = new FinalizationRegistry<{ inputs: Node[]; live: boolean }>((e) => {
  if (e.live) dropReads(e.inputs);
});

/** A new lazy node `node` reads `inputs`: each counts it (called by every node constructor). */
export function noteReads<T extends Node>(node: T, inputs: readonly Node[]): T {
  node.born = clock;
  let reads: Node[] | undefined;
  for (const i of inputs) {
    if (i.kind === 'scalar') continue;
    if (i.realized) {
      const storage = storageOf(i);
      if (!storage) continue;
      stateOf(storage).readers++;
    } else {
      i.pendingReaders = (i.pendingReaders ?? 0) + 1;
    }
    (reads ??= []).push(i);
  }
  if (reads) {
    node.reads = { inputs: reads, live: true };
    collected.register(node, node.reads);
  }
  return node;
}

/** `node` was just computed (into a buffer, or as an alias): it reads nothing; its readers read its storage. */
export function nodeRealized(node: Node): void {
  // Its readers first: where `node` is an alias of a storage it read, the count must not touch 0
  // in between (that would drop snapshots its readers need).
  const storage = storageOf(node);
  if (storage && node.pendingReaders) stateOf(storage).readers += node.pendingReaders;
  node.pendingReaders = 0;
  if (node.reads) {
    node.reads.live = false;
    dropReads(node.reads.inputs);
    node.reads = undefined;
  }
}

/**
 * A computed view that had a buffer of its own becomes an alias of its input's storage (a write
 * through it must reach its base): nodes made before read its old buffer, `before`.
 */
export function viewRealiased(node: Node, before: Realized): void {
  const old = before.storage as object | undefined;
  const s = old && states.get(old);
  const storage = storageOf(node);
  if (s && s.readers && storage) {
    stateOf(storage).readers += s.readers;
    s.readers = 0;
  }
  node.before = { time: ++clock, realized: before };
  anyRealiased = true;
}

/** Whether a write to `storage` must copy it first (some live lazy node still reads it). */
export function writeNeedsSnapshot(storage: object): boolean {
  return (states.get(storage)?.readers ?? 0) > 0;
}

/** Records a write to `storage`, with the copy of its contents just before it where readers need one. */
export function noteWrite(storage: object, snapshot: unknown | undefined): void {
  const s = stateOf(storage);
  const time = ++clock;
  if (snapshot === undefined) return;
  s.writes.push({ time, snapshot, nodes: new Map() });
  withSnapshots.add(s);
}

/**
 * What a node made at time `born` should read instead of `input`, where `input`'s data was
 * written since (a snapshot), or undefined. A lazy view is looked through: it is an alias of its
 * input, so it shows that input as of the time of the node reading it (a copy of the view over
 * the snapshot), while the view itself, read as an array, sees the writes.
 */
function replacementAt(input: Node, born: number): Node | undefined {
  if (!input.realized) {
    if (input.kind !== 'view') return undefined;
    const under = replacementAt(input.input, born);
    return under && viewNode(under, input.movement);
  }
  if (input.before && born < input.before.time) {
    const b = input.before.realized;
    return sourceNode(input.shape, input.dtype, b.storage, [...b.strides], b.offset);
  }
  const storage = storageOf(input);
  const s = storage && states.get(storage);
  if (!s || s.writes.length === 0) return undefined;
  const asOf = Math.max(born, s.createdAt);
  const w = s.writes.find((x) => x.time > asOf);
  if (!w) return undefined;
  let snap = w.nodes.get(input);
  if (!snap) w.nodes.set(input, (snap = sourceNode(input.shape, input.dtype, w.snapshot, [...input.realized.strides], input.realized.offset)));
  return snap;
}

/**
 * Points every lazy node under `targets` that reads data written since it was made at the
 * snapshot of its time. Cheap when no snapshot exists (the usual case).
 */
export function resolveStaleReads(targets: readonly Node[], replaceInput: (node: Node, from: Node, to: Node) => void): void {
  if (withSnapshots.size === 0 && !anyRealiased) return;
  const seen = new Set<Node>();
  const stack = [...targets];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.realized || seen.has(n)) continue;
    seen.add(n);
    const inputs = madeFrom(n);
    if (n.kind !== 'view') {
      for (const i of new Set(inputs)) {
        const to = replacementAt(i, n.born ?? 0);
        if (!to) continue;
        replaceInput(n, i, to);
        const e = n.reads;
        if (e?.inputs.includes(i)) {
          dropReads(e.inputs.filter((x) => x === i));
          e.inputs = e.inputs.filter((x) => x !== i);
          if (e.inputs.length === 0) {
            e.live = false;
            n.reads = undefined;
          }
        }
      }
    }
    for (const i of madeFrom(n)) if (!i.realized) stack.push(i);
  }
}
