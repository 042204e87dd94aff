// Writes through index arrays: a.set(idx, value) (NumPy's a[idx] = value) and the unbuffered
// scatter-add add.at(a, idx, values) (np.add.at, and subtract.at with -values: ./ufunc-methods.ts). The target is the basic view of the other
// items, made writable as in ./assign.ts; the value is cast to its dtype and broadcast to the
// indexed shape; one kernel computes each element's offset from the index values and writes it
// (set: some write wins among duplicates) or adds it (add.at: atomics on the GPU, so duplicates
// accumulate). All or nothing, as in NumPy: where any index is out of range, nothing is written,
// and the error is raised by the next read of the target (./kernel-faults.ts), which then reads
// back as it was. Arrays made before the write keep their values: readers of the target's
// storage are computed first, and a value or index array that reads it is computed into a buffer
// of its own.
import { CupytsError } from '../ir/errors.js';
import { DTYPES } from '../ir/dtype.js';
import { castNode } from '../ir/graph.js';
import { planKernel, realizedView } from '../ir/kernel-plan.js';
import { applyMovement } from '../ir/movement.js';
import { formatShape, sizeOf } from '../ir/shape.js';
import { indexedSource, indexLayout, knownInRange, resolveItems, type ResolvedItem } from './advanced-indexing.js';
import { runWrite, writable, writeOperand, writeValue } from './assign.js';
import { applyNamed, usable, where, type ArrayOrScalar } from './operands.js';
import { parseIndex, type Index } from './index-parse.js';
import { NDArray } from './ndarray.js';
import { beforeWrite, readsStorage } from './pending.js';
import { any } from './reductions.js';
import type { Storage } from './runners.js';

/** `x` as data that does not read `storage` and needs no kernel of its own inside the write. */
function settled(x: NDArray, storage: unknown): NDArray {
  if (x.node.realized && !readsStorage(x.node, storage)) return x;
  return new NDArray(castNode(x.node, x.dtype), x.runner).eval();
}

/**
 * Index array `x` (computed) for a write along an axis of `size`, checked as a whole: where any of
 * its indices is out of range, all of them become `size`, so the write kernel writes nothing and
 * records the error site of this axis. The check is one small reduction queued before the write,
 * so a failed write leaves its target as it was without waiting for the device. Indices known to
 * be in range (JS values checked at the call, wrapped or clipped ones) need no check.
 */
function allOrNothing(x: NDArray, size: number): NDArray {
  const i = x.dtype === DTYPES.int64 ? x : x.astype(DTYPES.int64);
  const bad = any(applyNamed('logical_or', [applyNamed('less', [i, -size]), applyNamed('greater_equal', [i, size])])).eval();
  return where(bad, size, i);
}

/** Writes (or, with `accumulate`, adds) `value` at `a[items]`. */
export function scatter(op: string, a: NDArray, items: readonly ResolvedItem[], value: ArrayOrScalar, accumulate: boolean): void {
  const operand = writeOperand(op, value, a.runner);
  const target = indexedSource(op, a, items);
  writable(op, target.node, target.runner);
  const storage = target.node.realized!.storage;
  beforeWrite(target.runner, storage as Storage);
  const fixed = items.map((r) => {
    if (r.kind !== 'index') return r;
    const array = settled(r.array, storage);
    return { ...r, array: knownInRange(r.array) ? array : allOrNothing(array, r.size) };
  });
  const layout = indexLayout(op, target, fixed);
  const node = writeValue(op, operand, layout.shape, a.dtype,
    (valueShape) => `shape mismatch: value array of shape ${valueShape} could not be broadcast to indexing result of shape ${formatShape(layout.shape)}`,
    (v) => settled(v, storage));
  if (sizeOf(layout.shape) === 0) return;
  const r = target.node.realized!;
  const view = applyMovement(realizedView(target.node), layout.kept)!;
  runWrite(target.runner, planKernel([node], {
    node: target.node,
    view,
    scatter: {
      indices: layout.indices, strides: layout.axes.map((p) => r.strides[p]), dims: layout.axes.map((p) => target.shape[p]), sites: layout.sites, accumulate,
    },
  }), `${op}: a write through index arrays`);
}

/** NumPy's np.add.at(a, indices, values): unbuffered a[indices] += values (duplicates accumulate). */
export function addAt(a: NDArray, indices: Index, values: ArrayOrScalar): void {
  if (!(a instanceof NDArray)) throw new CupytsError('ERR_ARG', 'add.at: expected an NDArray as the first argument');
  usable('add.at', a);
  scatter('add.at', a, resolveItems('add.at', a, parseIndex('add.at', indices)), values, true);
}
