// NDArray methods for views, indexing and writes (x.T, x.reshape(2, -1), x.get('1:, ::2'),
// x.set(0, 5)), defined from src/api/shape-api.ts, manipulation-api.ts, indexing.ts and
// assign.ts, with their types. A method takes the function's arguments less the array
// (x.ravel('F') is cp.ravel(x, 'F')); reshape and transpose also take NumPy's spread forms,
// x.reshape(2, 3) and x.transpose(1, 0), besides one list (shape-api.ts declares those two).
import { CupytsError } from '../ir/errors.js';
import { assign, setItem } from './assign.js';
import type { Index } from './index-parse.js';
import { getItem } from './indexing.js';
import * as M from './manipulation-api.js';
import { NDArray } from './ndarray.js';
import { usable, type ArrayOrScalar } from './operands.js';
import * as Sh from './shape-api.js';
import * as V from './views.js';
import { exactly } from './signature.js';

const SEVERAL = 'an index of several items is one list: a.get([0, 1])';

/** A method's arguments: the function's, less the array (x.ravel('F') is cp.ravel(x, 'F')). */
type Rest<F extends (...args: never[]) => unknown> = Parameters<F> extends infer P ? (P extends [unknown, ...infer T] ? T : never) : never;

declare module './ndarray.js' {
  interface NDArray {
    /** The transpose (a view), as NumPy's a.T. */
    readonly T: NDArray;
    /**
     * NumPy's a.real: a view of a complex array's real parts (writes through it change `a`), or
     * `a` itself for other dtypes. Assigning to it (a.real = value) writes the real parts.
     */
    get real(): NDArray;
    set real(value: ArrayOrScalar);
    /**
     * NumPy's a.imag: a view of a complex array's imaginary parts, or read-only zeros for other
     * dtypes. Assigning to it (a.imag = value) writes the imaginary parts of a complex array.
     */
    get imag(): NDArray;
    set imag(value: ArrayOrScalar);
    /** NumPy's a[index]: basic indices give a view, arrays of indices a copy. */
    get(index: Index): NDArray;
    /** NumPy's a[index] = value, in place (arrays that view `a` see it). */
    set(index: Index, value: ArrayOrScalar): void;
    /** NumPy's a.reshape(*shape, order='C', copy=None): x.reshape(2, 3), x.reshape([2, 3]), x.reshape([2, 3], {order: 'F'}). */
    reshape(...args: Rest<typeof Sh.reshapeMethod>): NDArray;
    ravel(...args: Rest<typeof Sh.ravel>): NDArray;
    flatten(...args: Rest<typeof Sh.flatten>): NDArray;
    /** NumPy's a.transpose(*axes): x.transpose(), x.transpose(1, 0), x.transpose([1, 0]). */
    transpose(...args: Rest<typeof Sh.transposeMethod>): NDArray;
    swapaxes(...args: Rest<typeof M.swapaxes>): NDArray;
    /** NumPy's a.squeeze(axis=None): the axis positionally or as { axis }. */
    squeeze(...args: Rest<typeof M.squeeze>): NDArray;
    diagonal(...args: Rest<typeof Sh.diagonal>): NDArray;
  }
}

/** Methods that are the function with the array first. */
const FORWARDED: Record<string, (...args: never[]) => unknown> = {
  reshape: Sh.reshapeMethod, ravel: Sh.ravel, flatten: Sh.flatten, transpose: Sh.transposeMethod, swapaxes: M.swapaxes, squeeze: M.squeeze, diagonal: Sh.diagonal,
};

const METHODS: Record<string, (this: NDArray, ...args: never[]) => unknown> = {
  get(this: NDArray, index: Index) { exactly('get', arguments, 1, SEVERAL); return V.ownView(this, getItem(usable('get', this), index)); },
  set(this: NDArray, index: Index, value: ArrayOrScalar) { exactly('set', arguments, 2, SEVERAL); setItem(usable('set', this), index, value); },
};
for (const [name, fn] of Object.entries(FORWARDED)) {
  METHODS[name] = function (this: NDArray, ...args: unknown[]) { return (fn as (...a: unknown[]) => unknown)(this, ...args); };
}

for (const [name, value] of Object.entries(METHODS)) {
  Object.defineProperty(NDArray.prototype, name, { value, writable: true, configurable: true });
}
Object.defineProperty(NDArray.prototype, 'real', {
  get(this: NDArray) { return V.realView(usable('real', this)); },
  set(this: NDArray, value: ArrayOrScalar) { assign('real', V.realView(usable('real', this)), value); },
  configurable: true,
});
Object.defineProperty(NDArray.prototype, 'imag', {
  get(this: NDArray) { return V.imagView(usable('imag', this)); },
  set(this: NDArray, value: ArrayOrScalar) {
    if (this.dtype.kind !== 'c') throw new CupytsError('ERR_DTYPE', `imag: array does not have imaginary part to set (dtype ${this.dtype.name})`);
    assign('imag', V.imagView(usable('imag', this)), value);
  },
  configurable: true,
});
Object.defineProperty(NDArray.prototype, 'T', {
  get(this: NDArray) { return V.ownView(this, V.transpose(this)); },
  configurable: true,
});
