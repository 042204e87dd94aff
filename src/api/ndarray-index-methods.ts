// NDArray methods for the index functions (x.take(i), x.repeat(2), x.nonzero(), x.put(i, v),
// x.compress(c)), as NumPy's array methods: the functions of src/api/index-api.ts less the array
// (x.take(i, 1) is cp.take(x, i, 1); x.compress(c, 0) is cp.compress(c, x, 0)).
import * as I from './index-api.js';
import { NDArray } from './ndarray.js';

/** A method's arguments: the function's, less the array. */
type Rest<F extends (...args: never[]) => unknown> = Parameters<F> extends infer P ? (P extends [unknown, ...infer T] ? T : never) : never;

/** compress's method takes the condition first and the array as `this`. */
type CompressArgs = Parameters<typeof I.compress> extends infer P ? (P extends [infer C, unknown, ...infer T] ? [C, ...T] : never) : never;

declare module './ndarray.js' {
  interface NDArray {
    take(...args: Rest<typeof I.take>): NDArray;
    repeat(...args: Rest<typeof I.repeat>): NDArray;
    nonzero(...args: Rest<typeof I.nonzero>): NDArray[];
    put(...args: Rest<typeof I.put>): void;
    compress(...args: CompressArgs): NDArray;
  }
}

const call = (fn: unknown, args: unknown[]): unknown => (fn as (...a: unknown[]) => unknown)(...args);

const METHODS: Record<string, (this: NDArray, ...args: unknown[]) => unknown> = {
  take(...args) { return call(I.take, [this, ...args]); },
  repeat(...args) { return call(I.repeat, [this, ...args]); },
  nonzero(...args) { return call(I.nonzero, [this, ...args]); },
  put(...args) { call(I.put, [this, ...args]); },
  compress(condition, ...args) { return call(I.compress, [condition, this, ...args]); },
};

for (const [name, value] of Object.entries(METHODS)) {
  Object.defineProperty(NDArray.prototype, name, { value, writable: true, configurable: true });
}
