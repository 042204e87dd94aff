// NDArray methods for the reductions and scans (x.sum(1), x.sum({ axis: 1 }), x.max(), x.cumsum()), defined
// from src/api/reduction-api.ts, with their types (NumPy's method signatures are the functions' less the array).
import { NDArray } from './ndarray.js';
import * as R from './reduction-api.js';

/** A method's arguments: the function's, less the array (x.sum(1) is cp.sum(x, 1)). */
type Rest<F extends (...args: never[]) => unknown> = Parameters<F> extends infer P ? (P extends [unknown, ...infer T] ? T : never) : never;

declare module './ndarray.js' {
  interface NDArray {
    sum(...args: Rest<typeof R.sum>): NDArray;
    prod(...args: Rest<typeof R.prod>): NDArray;
    mean(...args: Rest<typeof R.mean>): NDArray;
    var(...args: Rest<typeof R.var_>): NDArray;
    std(...args: Rest<typeof R.std>): NDArray;
    max(...args: Rest<typeof R.max>): NDArray;
    min(...args: Rest<typeof R.min>): NDArray;
    argmax(...args: Rest<typeof R.argmax>): NDArray;
    argmin(...args: Rest<typeof R.argmin>): NDArray;
    any(...args: Rest<typeof R.any>): NDArray;
    all(...args: Rest<typeof R.all>): NDArray;
    ptp(...args: Rest<typeof R.ptp>): NDArray;
    cumsum(...args: Rest<typeof R.cumsum>): NDArray;
    cumprod(...args: Rest<typeof R.cumprod>): NDArray;
  }
}

const METHODS: Record<string, (...args: never) => NDArray> = {
  sum: R.sum, prod: R.prod, mean: R.mean, var: R.var_, std: R.std, max: R.max, min: R.min, argmax: R.argmax, argmin: R.argmin,
  any: R.any, all: R.all, ptp: R.ptp, cumsum: R.cumsum, cumprod: R.cumprod,
};

for (const [name, fn] of Object.entries(METHODS)) {
  Object.defineProperty(NDArray.prototype, name, {
    value(this: NDArray, ...args: unknown[]) {
      return (fn as (...a: unknown[]) => NDArray)(this, ...args);
    },
    writable: true,
    configurable: true,
  });
}
