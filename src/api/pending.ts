// Lazy arrays that a write could change. Before a.set() writes into some storage, every lazy node
// that still has to read that storage is computed, so it keeps the values it had when it was made,
// as in NumPy's eager world.
//
// A write must find those nodes, but tracking must not keep them alive (the GC frees what nobody
// holds), so tracked nodes are held through a WeakRef. Making a WeakRef costs ~0.7 µs, and it
// keeps its node's graph alive until the synchronous job ends, so there is one per lazy
// expression, not one per node: a node is tracked only where it reads computed data and none of
// the lazy nodes it is made from is findable. The others are found from a tracked node through
// NodeBase.lazyConsumers (a lazy node keeps the nodes made from it): a node made from a findable
// lazy node is among that node's consumers, and keeps it alive. When a node is computed, the lazy
// nodes made from it are tracked (they read its data from then on), and it leaves its inputs'
// consumers. A view computed into a buffer of its own is tracked too: writing it makes it an alias
// of its input, whose lazy graph must keep its values.
import { isDetachedView, madeFrom, nodeInputs, forgetConsumer, type Node } from '../ir/graph.js';
import { evaluate } from './evaluate.js';
import type { Runner } from './runners.js';

/** Tracked nodes per runner (a node may appear twice; evaluating it twice is a no-op). */
const live = new Map<Runner, WeakRef<Node>[]>();
let size = 0;
let pruneAt = 1024;

function track(node: Node, runner: Runner): void {
  node.findable = true;
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

const consumersOf = (n: Node): readonly Node[] => {
  const c = n.lazyConsumers;
  return c === undefined ? [] : Array.isArray(c) ? c : [c];
};

/**
 * What a lazy node means for a node made from it: 'findable' (a write finds both), 'quiet' (it
 * reads no computed data yet, and if it comes to, computing what is under it tracks the chain up
 * to it), or 'reads' (it reads computed data and a write cannot find it: a node made without an
 * NDArray, such as the cast a reduction adds, was never looked at, so its own inputs decide).
 */
function status(node: Node): 'findable' | 'quiet' | 'reads' {
  if (node.findable !== undefined) return node.findable ? 'findable' : 'quiet';
  return inputsStatus(node);
}

function inputsStatus(node: Node): 'findable' | 'quiet' | 'reads' {
  let reads = false;
  for (const i of nodeInputs(node)) {
    if (i.realized) reads = true;
    else if (i.kind !== 'scalar') {
      const s = status(i);
      if (s === 'findable') return s;
      if (s === 'reads') reads = true;
    }
  }
  return reads ? 'reads' : 'quiet';
}

/** A new array's node: tracked where it is lazy, reads computed data, and no input is findable. */
export function trackNew(node: Node, runner: Runner): void {
  if (node.realized || node.findable !== undefined) return;
  const s = inputsStatus(node);
  if (s === 'reads') track(node, runner);
  else node.findable = s === 'findable';
}

/** `node` was just computed: the lazy nodes made from it now read its data. */
export function nodeComputed(node: Node, runner: Runner): void {
  forgetConsumer(node);
  const consumers = consumersOf(node);
  node.lazyConsumers = undefined;
  for (const c of consumers) if (!c.realized) track(c, runner);
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

/** Every lazy node findable from the tracked ones (the tracked lazy nodes and their lazy consumers). */
function findableNodes(): Map<Node, Runner> {
  const found = new Map<Node, Runner>();
  for (const [runner, refs] of live) {
    const stack: Node[] = [];
    for (const ref of refs) {
      const n = ref.deref();
      if (n) stack.push(n);
    }
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n.realized || found.has(n)) continue;
      found.set(n, runner);
      stack.push(...consumersOf(n));
    }
  }
  return found;
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
  // The lazy nodes that read computed data or lazy nodes a write cannot find otherwise (those
  // made without an NDArray): computing the ones that read `storage` leaves nothing lazy reading
  // it, since every other findable node reads it only through them.
  const found = findableNodes();
  for (const [n, runner] of found) {
    const edge = madeFrom(n).some((i) => !!i.realized || (i.kind !== 'scalar' && !found.has(i)));
    if (edge && readsFrom(n, storage, memo)) add(runner, n);
  }
  // A computed view of its own: its chain of inputs must keep today's values.
  for (const [runner, refs] of live) {
    for (const ref of refs) {
      const n = ref.deref();
      if (!n?.realized) continue;
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
