// Library intermediates (lazy nodes no NDArray was made over) let go of what they read once their
// last lazy reader is computed (src/ir/readers.ts, letGoOfIntermediate): disposing that data frees
// it at once. A new reader of such an intermediate counts its reads again where no write happened
// since it was made, and is an internal error otherwise, never a value from data written later.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { castNode } from '../../src/ir/graph.js';
import { DTYPES } from '../../src/ir/dtype.js';
import { writeNeedsSnapshot } from '../../src/ir/readers.js';
import { NDArray } from '../../src/api/ndarray.js';

describe('library intermediates and the data they read', () => {
  it('an intermediate stops counting as a reader once its only reader is computed', () => {
    const x = cp.asarray(Float32Array.from([1, 2, 3, 4])).eval();
    const storage = x.node.realized!.storage as object;
    const inner = castNode(x.node, DTYPES.float64); // no NDArray over it
    expect(writeNeedsSnapshot(storage)).toBe(true);
    const reader = new NDArray(castNode(inner, DTYPES.float32), x.runner);
    reader.eval();
    expect(writeNeedsSnapshot(storage)).toBe(false);
    expect(Array.from(reader.toTypedArray() as Float32Array)).toEqual([1, 2, 3, 4]);
  });

  it('a new reader made before any write counts it again and sees the data; after a write it is an internal error', () => {
    const x = cp.asarray(Float32Array.from([1, 2, 3, 4])).eval();
    const inner = castNode(x.node, DTYPES.float64);
    new NDArray(castNode(inner, DTYPES.float32), x.runner).eval();
    const again = new NDArray(castNode(inner, DTYPES.float32), x.runner); // no write since: revived
    expect(writeNeedsSnapshot(x.node.realized!.storage as object)).toBe(true);
    x.set(0, 100); // a write: the reader keeps the data as it was (copy on write)
    expect(Array.from(again.toTypedArray() as Float32Array)).toEqual([1, 2, 3, 4]);

    const y = cp.asarray(Float32Array.from([5, 6])).eval();
    const lost = castNode(y.node, DTYPES.float64);
    new NDArray(castNode(lost, DTYPES.float32), y.runner).eval();
    y.set(1, 0);
    expect(() => castNode(lost, DTYPES.float32)).toThrow(/intermediate let go of after its readers ran was read again after a write/);
  });
});
