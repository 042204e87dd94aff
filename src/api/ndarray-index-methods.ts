// NDArray methods for the index functions (x.take(i), x.repeat(2), x.nonzero(), x.put(i, v),
// x.compress(c)), as NumPy's array methods, defined from src/api/take.ts and nonzero.ts.
import type { IndexList } from './index-parse.js';
import { NDArray } from './ndarray.js';
import { nonzero } from './nonzero.js';
import type { ArrayOrScalar } from './operands.js';
import { compress, put, repeat, take, type IndicesArg, type TakeMode } from './take.js';

declare module './ndarray.js' {
  interface NDArray {
    take(indices: IndicesArg, options?: { axis?: number | null; mode?: TakeMode }): NDArray;
    repeat(repeats: number | IndexList | NDArray, options?: { axis?: number | null }): NDArray;
    nonzero(): NDArray[];
    put(indices: IndicesArg, values: ArrayOrScalar, mode?: TakeMode): void;
    compress(condition: NDArray | IndexList, options?: { axis?: number | null }): NDArray;
  }
}

const METHODS: Record<string, (this: NDArray, ...args: never[]) => unknown> = {
  take(this: NDArray, indices: IndicesArg, options?: { axis?: number | null; mode?: TakeMode }) { return take(this, indices, options); },
  repeat(this: NDArray, repeats: number | IndexList | NDArray, options?: { axis?: number | null }) { return repeat(this, repeats, options); },
  nonzero(this: NDArray) { return nonzero(this); },
  put(this: NDArray, indices: IndicesArg, values: ArrayOrScalar, mode?: TakeMode) { put(this, indices, values, mode); },
  compress(this: NDArray, condition: NDArray | IndexList, options?: { axis?: number | null }) { return compress(condition, this, options); },
};

for (const [name, value] of Object.entries(METHODS)) {
  Object.defineProperty(NDArray.prototype, name, { value, writable: true, configurable: true });
}
