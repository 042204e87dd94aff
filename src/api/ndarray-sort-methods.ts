// NDArray methods for sorting: x.sort() and x.partition() work in place (as NumPy's ndarray.sort
// and ndarray.partition), x.argsort() and x.argpartition() return the positions; all take the
// functions' arguments after the array (src/api/sorting.ts).
import { NDArray } from './ndarray.js';
import { argpartition, argsort, partitionMethod, sortMethod } from './sorting.js';

/** A method's arguments: the function's, less the array. */
type Rest<F extends (...args: never[]) => unknown> = Parameters<F> extends infer P ? (P extends [unknown, ...infer T] ? T : never) : never;

declare module './ndarray.js' {
  interface NDArray {
    /** Sorts the array in place along `axis` (default -1); views of it see the change. */
    sort(...args: Rest<typeof sortMethod>): void;
    argsort(...args: Rest<typeof argsort>): NDArray;
    /** Partitions the array in place around `kth` along `axis` (default -1); views of it see the change. */
    partition(...args: Rest<typeof partitionMethod>): void;
    argpartition(...args: Rest<typeof argpartition>): NDArray;
  }
}

const METHODS: Record<string, (...args: never) => unknown> = { sort: sortMethod, argsort, partition: partitionMethod, argpartition };

for (const [name, fn] of Object.entries(METHODS)) {
  Object.defineProperty(NDArray.prototype, name, {
    value(this: NDArray, ...args: unknown[]) {
      return (fn as (...a: unknown[]) => unknown)(this, ...args);
    },
    writable: true,
    configurable: true,
  });
}
