// NDArray methods for views, indexing and writes (x.T, x.reshape(2, -1), x.get('1:, ::2'),
// x.set(0, 5)), defined from src/api/views.ts, indexing.ts and assign.ts, with their types.
import { setItem } from './assign.js';
import type { Index } from './index-parse.js';
import { getItem } from './indexing.js';
import { NDArray } from './ndarray.js';
import { usable, type ArrayOrScalar } from './operands.js';
import * as M from './manipulation-api.js';
import * as V from './views.js';

declare module './ndarray.js' {
  interface NDArray {
    /** The transpose (a view), as NumPy's a.T. */
    readonly T: NDArray;
    /** NumPy's a[index]: basic indices give a view, arrays of indices a copy. */
    get(index: Index): NDArray;
    /** NumPy's a[index] = value, in place (arrays that view `a` see it). */
    set(index: Index, value: ArrayOrScalar): void;
    reshape(...shape: number[] | [readonly number[]]): NDArray;
    ravel(): NDArray;
    flatten(): NDArray;
    transpose(...axes: number[] | [readonly number[]]): NDArray;
    swapaxes(axis1: number, axis2: number): NDArray;
    /** NumPy's a.squeeze(axis=None): the axis positionally or as { axis }. */
    squeeze(...args: Parameters<typeof M.squeeze> extends [unknown, ...infer T] ? T : never): NDArray;
    diagonal(offset?: number, axis1?: number, axis2?: number): NDArray;
  }
}

/** Shapes and axes given as one list or as separate numbers, as NumPy's methods take them. */
const spread = (args: ReadonlyArray<number | readonly number[]>): number[] =>
  args.length === 1 && Array.isArray(args[0]) ? [...(args[0] as readonly number[])] : (args as number[]);

const METHODS: Record<string, (this: NDArray, ...args: never[]) => unknown> = {
  get(this: NDArray, index: Index) { return getItem(usable('get', this), index); },
  set(this: NDArray, index: Index, value: ArrayOrScalar) { setItem(usable('set', this), index, value); },
  reshape(this: NDArray, ...shape: Array<number | readonly number[]>) { return V.reshape(this, spread(shape)); },
  ravel(this: NDArray) { return V.ravel(this); },
  flatten(this: NDArray) { return V.flatten(this); },
  transpose(this: NDArray, ...axes: Array<number | readonly number[]>) { return V.transpose(this, axes.length ? spread(axes) : null); },
  swapaxes(this: NDArray, axis1: number, axis2: number) { return V.swapaxes(this, axis1, axis2); },
  squeeze(this: NDArray, ...args: unknown[]) { return (M.squeeze as unknown as (...a: unknown[]) => NDArray)(this, ...args); },
  diagonal(this: NDArray, offset?: number, axis1?: number, axis2?: number) { return V.diagonal(this, offset, axis1, axis2); },
};

for (const [name, value] of Object.entries(METHODS)) {
  Object.defineProperty(NDArray.prototype, name, { value, writable: true, configurable: true });
}
Object.defineProperty(NDArray.prototype, 'T', {
  get(this: NDArray) { return V.transpose(this); },
  configurable: true,
});
