// Lazy arrays that a write could change: every NDArray whose value is not computed yet, and every
// view, is tracked here through a WeakRef (the GC still frees them). Before a.set() writes into
// some storage, the arrays that still have to read that storage are computed, so they keep the
// values they had when they were made, as in NumPy's eager world.
import { nodeInputs, type Node } from '../ir/graph.js';
import { evaluate } from './evaluate.js';
import type { Runner } from './runners.js';

interface Tracked {
  readonly node: Node;
  readonly runner: Runner;
}

const live = new Set<WeakRef<Tracked>>();
let pruneAt = 1024;

/** Drops arrays that were collected or can no longer read anything that changes. */
function prune(): void {
  for (const ref of live) {
    const a = ref.deref();
    if (!a || (a.node.realized && a.node.kind !== 'view')) live.delete(ref);
  }
  pruneAt = Math.max(1024, live.size * 2);
}

/** Called for each new array whose value might depend on later writes. */
export function track(a: Tracked): void {
  if (a.node.realized && a.node.kind !== 'view') return;
  live.add(new WeakRef(a));
  if (live.size >= pruneAt) prune();
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

/** Computes every tracked array (and computed view's input) that still reads `storage`. */
export function computeReadersOf(storage: unknown): void {
  prune();
  const memo = new Map<Node, boolean>();
  const byRunner = new Map<Runner, Node[]>();
  const add = (runner: Runner, n: Node) => {
    const list = byRunner.get(runner) ?? [];
    if (!list.includes(n)) list.push(n);
    byRunner.set(runner, list);
  };
  const visitView = (runner: Runner, n: Node) => {
    // A computed view of its own: its chain of inputs must keep today's values.
    for (let v: Node = n; v.kind === 'view' && v.realized && !v.realized.alias; v = v.input) {
      if (!v.input.realized && readsFrom(v.input, storage, memo)) add(runner, v.input);
    }
  };
  for (const ref of live) {
    const a = ref.deref();
    if (!a) continue;
    if (!a.node.realized) {
      if (readsFrom(a.node, storage, memo)) add(a.runner, a.node);
    } else {
      visitView(a.runner, a.node);
    }
  }
  for (const [runner, nodes] of byRunner) evaluate(runner, nodes);
}

/** Whether `node` (computed or not) reads `storage` anywhere. */
export function readsStorage(node: Node, storage: unknown): boolean {
  return readsFrom(node, storage, new Map());
}
