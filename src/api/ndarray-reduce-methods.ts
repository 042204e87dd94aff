// NDArray methods for the reductions and scans (x.sum({ axis: 1 }), x.max(), x.cumsum()), defined
// from src/api/reductions.ts, with their types.
import { NDArray } from './ndarray.js';
import * as R from './reductions.js';
import type { ArgOptions, ReduceOptions, ScanOptions, TypedReduceOptions, VarOptions } from './reductions.js';

declare module './ndarray.js' {
  interface NDArray {
    sum(options?: TypedReduceOptions): NDArray;
    prod(options?: TypedReduceOptions): NDArray;
    mean(options?: TypedReduceOptions): NDArray;
    var(options?: VarOptions): NDArray;
    std(options?: VarOptions): NDArray;
    max(options?: ReduceOptions): NDArray;
    min(options?: ReduceOptions): NDArray;
    argmax(options?: ArgOptions): NDArray;
    argmin(options?: ArgOptions): NDArray;
    any(options?: ReduceOptions): NDArray;
    all(options?: ReduceOptions): NDArray;
    ptp(options?: ReduceOptions): NDArray;
    cumsum(options?: ScanOptions): NDArray;
    cumprod(options?: ScanOptions): NDArray;
  }
}

const METHODS: Record<string, (a: NDArray, options?: never) => NDArray> = {
  sum: R.sum, prod: R.prod, mean: R.mean, var: R.var_, std: R.std, max: R.max, min: R.min, argmax: R.argmax, argmin: R.argmin,
  any: R.any, all: R.all, ptp: R.ptp, cumsum: R.cumsum, cumprod: R.cumprod,
};

for (const [name, fn] of Object.entries(METHODS)) {
  Object.defineProperty(NDArray.prototype, name, {
    value(this: NDArray, options?: never) {
      return fn(this, options);
    },
    writable: true,
    configurable: true,
  });
}
