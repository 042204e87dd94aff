// The write side of copy on write (../ir/readers.ts). Before a.set() writes into some storage, a
// copy of that storage is made where some live lazy node still reads it; evaluating such a node
// later reads the copy, so it keeps the values it had when it was made, as in NumPy's eager
// world. Nothing is computed early and nothing is kept alive for this.
import { castNode, nodeInputs, sourceNode, type Node } from '../ir/graph.js';
import { DTYPES } from '../ir/dtype.js';
import { noteWrite, writeNeedsSnapshot } from '../ir/readers.js';
import { evaluate } from './evaluate.js';
import type { Runner, Storage } from './runners.js';

/** A copy of all of `storage` (its bytes, through one copy kernel). */
function copyOf(runner: Runner, storage: Storage): Storage {
  const bytes = storage.bytes;
  const copy = castNode(sourceNode([bytes], DTYPES.uint8, storage), DTYPES.uint8);
  evaluate(runner, [copy]);
  return copy.realized!.storage as Storage;
}

/** Call before writing into `storage`: snapshots it where live lazy nodes still read it. */
export function beforeWrite(runner: Runner, storage: Storage): void {
  noteWrite(storage, writeNeedsSnapshot(storage) && storage.bytes > 0 ? copyOf(runner, storage) : undefined);
}

/**
 * Whether `node`'s value is read from `storage`: through its unrealized graph, and through a
 * computed view's own input (a view computed into a buffer of its own becomes an alias of its
 * input when written).
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

/** Whether `node` (computed or not) reads `storage` anywhere. */
export function readsStorage(node: Node, storage: unknown): boolean {
  return readsFrom(node, storage, new Map());
}
