// NDArray methods for files and host memory (x.tofile(path), x.tofileAsync(path),
// x.toTypedArray()), defined from src/api/file-io.ts and typed-arrays.ts.
import { noArguments } from './signature.js';
import { tofile, tofileAsync } from './file-io.js';
import type { StoredArray } from './host-data.js';
import { NDArray } from './ndarray.js';
import { toTypedArray } from './typed-arrays.js';

/** A declared function's argument lists without the first (the array the method is called on). */
type MethodArgs<F extends (...args: never[]) => unknown> = Parameters<F> extends infer P ? P extends [unknown, ...infer R] ? R : never : never;

declare module './ndarray.js' {
  interface NDArray {
    /** NumPy's a.tofile(fid, sep='', format='%s'): the raw elements, C order, this machine's byte order. Text mode (sep) is not supported yet. */
    tofile(...args: MethodArgs<typeof tofile>): void;
    /** tofile, reading back and writing off the event loop. */
    tofileAsync(...args: MethodArgs<typeof tofileAsync>): Promise<void>;
    /**
     * The elements in their storage TypedArray (float16: Uint16Array of bits; bool: Uint8Array).
     * On the CPU backend a view of the array's memory, not a copy; on CUDA a copy.
     */
    toTypedArray(): StoredArray;
  }
}

const METHODS: Pick<NDArray, 'tofile' | 'tofileAsync' | 'toTypedArray'> = {
  tofile(this: NDArray, ...args) { tofile(this, ...args); },
  tofileAsync(this: NDArray, ...args) { return tofileAsync(this, ...args); },
  toTypedArray(this: NDArray) { noArguments('toTypedArray', arguments); return toTypedArray(this); },
};

for (const [name, value] of Object.entries(METHODS)) {
  Object.defineProperty(NDArray.prototype, name, { value, writable: true, configurable: true });
}
