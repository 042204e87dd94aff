// Lazy arrays that a write could change. Before a.set() writes into some storage, every lazy node
// that still has to read that storage is computed, so it keeps the values it had when it was made,
// as in NumPy's eager world.
//
// Only the nodes that read computed data directly are tracked (through a WeakRef, so the GC still
// frees them): a node made from computed data, and, when a node is computed, the nodes made from
// it while it was lazy (NodeBase.lazyConsumers). A lazy node deeper in a graph reads no storage
// until those are computed, and computing them first is enough. A view computed into a buffer of
// its own is tracked too: writing it makes it an alias of its input, whose lazy graph must keep
// its values.
import { nodeInputs, type Node } from '../ir/graph.js';
import { evaluate } from './evaluate.js';
import type { Runner } from './runners.js';

/** Tracked nodes per runner (a node may appear twice; evaluating it twice is a no-op). */
const live = new Map<Runner, WeakRef<Node>[]>();
let size = 0;
let pruneAt = 1024;

const isDetachedView = (n: Node) => n.kind === 'view' && !!n.realized && !n.realized.alias;

function track(node: Node, runner: Runner): void {
  let refs = live.get(runner);
  if (!refs) live.set(runner, (refs = []));
  refs.push(new WeakRef(node));
  if (++size >= pruneAt) prune();
}

/** Drops nodes that were collected or can no longer read anything that changes. */
function prune(): void {
  size = 0;
  for (const [runner, refs] of live) {
    const kept = refs.filter((ref) => {
      const n = ref.deref();
      return !!n && (!n.realized || isDetachedView(n));
    });
    live.set(runner, kept);
    size += kept.length;
  }
  pruneAt = Math.max(1024, size * 2);
}

/** A new array's node: tracked where it is lazy and reads computed data directly. */
export function trackNew(node: Node, runner: Runner): void {
  if (!node.realized && nodeInputs(node).some((i) => i.realized)) track(node, runner);
}

/** `node` was just computed: the lazy nodes made from it now read its data. */
export function nodeComputed(node: Node, runner: Runner): void {
  const consumers = node.lazyConsumers;
  node.lazyConsumers = undefined;
  for (const c of consumers === undefined ? [] : Array.isArray(consumers) ? consumers : [consumers]) if (!c.realized) track(c, runner);
  if (isDetachedView(node)) track(node, runner);
}

/**
 * Whether `node`'s value is read from `storage`: through its unrealized graph, and through a
 * computed view's own input (a view computed into a buffer of its own becomes an alias of its
 * input when written, so that input must keep its values too).
 */
function readsFrom(node: Node, storage: unknown, memo: Map<Node, boolean>): boolean {
  const known = memo.get(node);
  if (known !== undefined) return known;
  memo.set(node, false);
  const r = node.realized;
  let result: boolean;
  if (r && (node.kind !== 'view' || r.alias)) result = r.storage === storage;
  else if (r && node.kind === 'view') result = readsFrom(node.input, storage, memo);
  else result = nodeInputs(node).some((c) => readsFrom(c, storage, memo));
  memo.set(node, result);
  return result;
}

/**
 * Computes every tracked lazy node (and computed view's input) that still reads `storage`.
 * Computing some makes others read it directly (a lazy view becomes an alias, and what was made
 * from it is tracked then), so this repeats until none is left.
 */
export function computeReadersOf(storage: unknown): void {
  for (let round = 0; round < 64; round++) {
    const readers = readersOf(storage);
    if (readers.size === 0) return;
    for (const [runner, nodes] of readers) evaluate(runner, nodes);
  }
}

function readersOf(storage: unknown): Map<Runner, Node[]> {
  prune();
  const memo = new Map<Node, boolean>();
  const byRunner = new Map<Runner, Node[]>();
  const add = (runner: Runner, n: Node) => {
    const list = byRunner.get(runner) ?? [];
    if (!list.includes(n)) list.push(n);
    byRunner.set(runner, list);
  };
  for (const [runner, refs] of live) {
    for (const ref of refs) {
      const n = ref.deref();
      if (!n) continue;
      if (!n.realized) {
        if (readsFrom(n, storage, memo)) add(runner, n);
        continue;
      }
      // A computed view of its own: its chain of inputs must keep today's values.
      for (let v: Node = n; isDetachedView(v) && v.kind === 'view'; v = v.input) {
        if (!v.input.realized && readsFrom(v.input, storage, memo)) add(runner, v.input);
      }
    }
  }
  return byRunner;
}

/** Whether `node` (computed or not) reads `storage` anywhere. */
export function readsStorage(node: Node, storage: unknown): boolean {
  return readsFrom(node, storage, new Map());
}
