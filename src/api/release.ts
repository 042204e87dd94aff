// What dispose() does to memory (src/api/ndarray.ts). A computed array's buffer may be used by
// more than the array: by views of it (aliases of the same buffer) and by lazy arrays made from it
// (src/ir/readers.ts counts those). Disposing the array that computed the buffer frees it at once
// where neither may exist; otherwise the buffer stays with them, freed when the last view is
// disposed or, failing that, when the collector finds nothing uses it. Disposing a view lets go
// of the buffer it shares. Both counts are upper bounds, so memory may wait for the collector,
// but what an array still needs is never freed. An array disposed while lazy (cp.tidy's
// temporaries a result still reads) gets its buffer only when a reader's evaluation computes it:
// that buffer is then released at once, and freed when its last lazy reader is computed.
import { aliasCount, countAlias, type Node } from '../ir/graph.js';
import { abandonNode, lazyViewsOf, writeNeedsSnapshot } from '../ir/readers.js';
import type { Storage } from './runners.js';

/** Buffers whose array was disposed while views or lazy arrays still used them. */
const released = new WeakSet<object>();

/** Whether the array that computed `storage` was disposed (views or lazy arrays may still use the buffer). */
export const isReleased = (storage: object): boolean => released.has(storage);

function freeIfUnused(storage: Storage): void {
  if (!storage.disposed && aliasCount(storage) === 0 && !lazyViewsOf(storage) && !writeNeedsSnapshot(storage)) storage.dispose();
}

/**
 * Lets go of the buffer under `node` (the node of an array being disposed). A lazy node has none,
 * but once nothing can compute it, it stops reading its inputs: disposed data it read is freed.
 */
export function releaseNode(node: Node): void {
  const r = node.realized;
  if (!r) {
    for (const read of abandonNode(node)) if (released.has(read)) freeIfUnused(read as Storage);
    return;
  }
  const storage = r.storage as Storage | undefined;
  if (!storage || storage.disposed) return;
  if (r!.alias) {
    countAlias(storage, -1);
    if (released.has(storage)) freeIfUnused(storage);
    return;
  }
  released.add(storage);
  freeIfUnused(storage);
}

/**
 * `node` was just computed (evaluate.ts) and `fell` lost a reader: a buffer computed for an array
 * already disposed is released, and released buffers nothing uses any more are freed.
 */
export function releaseComputed(node: Node, fell: readonly object[]): void {
  const r = node.realized;
  const storage = r?.storage as Storage | undefined;
  if (node.abandoned && storage && !r!.alias && !storage.disposed) {
    released.add(storage);
    freeIfUnused(storage);
  }
  for (const s of fell) if (released.has(s)) freeIfUnused(s as Storage);
}

/**
 * A holder that is not an array (a cp.jit program's constant: host data fn uploaded while it was
 * traced) keeps `storage` from being freed by the dispose() of its array, as a view does.
 */
export function holdBuffer(storage: Storage): void {
  countAlias(storage, 1);
}

/** That holder lets go: the buffer is freed where its array was disposed and nothing else uses it. */
export function letGoBuffer(storage: Storage): void {
  if (storage.disposed) return;
  countAlias(storage, -1);
  if (released.has(storage)) freeIfUnused(storage);
}
