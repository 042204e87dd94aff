// NumPy's ndarray methods and attributes that the other method files do not define: copy, fill,
// clip, round, dot, trace, choose, tolist (numbers instead of BigInts), tobytes, and the
// attributes itemsize, strides and mT. Methods that mirror a function take that function's
// arguments after the array (and so its declared signature, options object and errors).
import type { Complex } from '../ir/complex.js';
import type { DType } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import type { Node } from '../ir/graph.js';
import { realizedView } from '../ir/kernel-plan.js';
import { applyMovement, type Strided } from '../ir/movement.js';
import { contiguousStrides } from '../ir/shape.js';
import { arrayOrScalar, target } from './array-params.js';
import { assign } from './assign.js';
import { clip, round } from './elementwise-composites.js';
import { loadElement, type StoredArray } from './host-data.js';
import { choose } from './index-helpers.js';
import { dot, trace } from './linalg.js';
import { NDArray, readStored, readStoredAsync, usable, type Scalar } from './ndarray.js';
import * as t from './param-types.js';
import { declare, noArguments, positional, required, rest } from './signature.js';
import { checkHostIndex } from './advanced-indexing.js';
import { reshape, swapaxes, transpose } from './views.js';

/** A function's argument lists without the first (the array the method is called on). */
type MethodArgs<F extends (...args: never[]) => unknown> = Parameters<F> extends infer P ? P extends [unknown, ...infer R] ? R : never : never;

/** What tolist() returns: nested arrays of numbers (booleans for bool arrays). */
export type NestedNumbers = number | boolean | Complex | NestedNumbers[];

/** NumPy's a.copy(order='C'): a new array with the same elements (lazy; fused into its readers). */
export const copyMethod = declare(
  'copy',
  [required('a', target), positional('order', t.order, 'C')],
  ({ a, order }) => {
    if (order === 'F') throw new CupytsError('ERR_UNSUPPORTED', "copy: order 'F' is not supported yet (cupyts makes C-ordered arrays)");
    return a.astype(a.dtype);
  },
);

/** NumPy's a.fill(value): every element set to value, in place (views of `a` see it). */
export const fillMethod = declare('fill', [required('a', target), required('value', arrayOrScalar)], ({ a, value }) => {
  assign('fill', a, value);
});

/** NumPy's a.tobytes(order='C'): the elements' bytes in C order ('F': Fortran order, the transpose's C order). */
export const tobytesMethod = declare('tobytes', [required('a', target), positional('order', t.oneOf('C', 'F'), 'C')], ({ a, order }) => {
  const stored = readStored(order === 'F' && a.ndim > 1 ? transpose(a) : a, 'tobytes');
  return new Uint8Array(stored.buffer, stored.byteOffset, stored.byteLength);
});

/**
 * NumPy's a.item(*args): no index for a size-1 array, one integer as a flat C-order index
 * (negative from the end), or one integer per dimension.
 */
const classItem = NDArray.prototype.item;
export const itemMethod = declare('item', [required('a', target), rest('index', t.int)], ({ a, index }): Scalar => {
  if (index.length === 0) return classItem.call(a);
  if (index.length === 1) {
    const i = checkHostIndex('item', index[0], 0, a.size);
    return classItem.call((a.ndim === 1 ? a : reshape(a, [a.size])).get(i));
  }
  if (index.length !== a.ndim) throw new CupytsError('ERR_INDEX', `item: incorrect number of indices for array (expected ${a.ndim}, got ${index.length})`);
  return classItem.call(a.get(index.map((v, d) => checkHostIndex('item', v, d, a.shape[d]))));
});

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Element i as a JS number (booleans stay booleans); a 64-bit integer beyond 2**53 - 1 is an error. */
function numberAt(dtype: DType, data: StoredArray, i: number): number | boolean | Complex {
  const v = loadElement(dtype, data, i);
  if (typeof v !== 'bigint') return v;
  if (v > MAX_SAFE || v < -MAX_SAFE) {
    throw new CupytsError('ERR_OVERFLOW', `tolist: expected ${dtype.name} values that are safe integers (|x| <= 2**53 - 1), got ${v}; read exact values as BigInts with toArraySync()`);
  }
  return Number(v);
}

/** C-order elements nested to `shape`, as numbers; a 0-d array gives its one element. */
export function nestNumbers(dtype: DType, data: StoredArray, shape: readonly number[]): NestedNumbers {
  if (shape.length === 0) return numberAt(dtype, data, 0);
  let i = 0;
  const build = (axis: number): NestedNumbers[] => {
    const out: NestedNumbers[] = [];
    for (let k = 0; k < shape[axis]; k++) out.push(axis === shape.length - 1 ? numberAt(dtype, data, i++) : build(axis + 1));
    return out;
  };
  return build(0);
}

/**
 * The layout NumPy would give `n`: computed data as stored, a view as its movement over its
 * input's layout, a broadcast_to view with zero strides, anything else C-contiguous.
 */
function numpyLayout(n: Node): Strided {
  const contiguous = { shape: n.shape, strides: contiguousStrides(n.shape), offset: 0 };
  if (n.realized?.storage && (n.kind !== 'view' || n.realized.alias)) return realizedView(n);
  if (n.kind === 'view') return applyMovement(numpyLayout(n.input), n.movement) ?? contiguous;
  if (n.kind === 'broadcast' && n.readonly) return applyMovement(numpyLayout(n.input), { kind: 'broadcast', shape: n.shape }) ?? contiguous;
  return contiguous;
}

declare module './ndarray.js' {
  interface NDArray {
    /** NumPy's a.copy(order='C'). */
    copy(...args: MethodArgs<typeof copyMethod>): NDArray;
    /** NumPy's a.item(*args): the element at a flat index or at one index per dimension (none for a size-1 array). */
    item(...index: number[]): Scalar;
    /** NumPy's a.fill(value), in place. */
    fill(...args: MethodArgs<typeof fillMethod>): void;
    /** NumPy's a.clip(min, max): cp.clip(a, ...). */
    clip(...args: MethodArgs<typeof clip>): NDArray;
    /** NumPy's a.round(decimals=0): cp.round(a, ...). */
    round(...args: MethodArgs<typeof round>): NDArray;
    /** NumPy's a.dot(b): cp.dot(a, b). */
    dot(...args: MethodArgs<typeof dot>): NDArray;
    /** NumPy's a.trace(offset=0, axis1=0, axis2=1, dtype=None): cp.trace(a, ...). */
    trace(...args: MethodArgs<typeof trace>): NDArray;
    /** NumPy's a.choose(choices, out=None, mode='raise'): cp.choose(a, ...) (mode positional, out by keyword). */
    choose(...args: MethodArgs<typeof choose>): NDArray;
    /**
     * NumPy's a.tolist(): nested JS arrays of numbers (booleans for bool; a 0-d array gives its
     * element). int64 and uint64 values come back as numbers; one that is not a safe integer
     * (|x| > 2**53 - 1) is a CupytsError (ERR_OVERFLOW) naming it. toArraySync() keeps them exact as BigInts.
     */
    tolist(): NestedNumbers;
    /** tolist, reading back without blocking the event loop. */
    tolistAsync(): Promise<NestedNumbers>;
    /** NumPy's a.tobytes(order='C'): the elements' bytes in C (or 'F') order, this machine's byte order (float16 as its bits, bool as 0/1). */
    tobytes(...args: MethodArgs<typeof tobytesMethod>): Uint8Array;
    /** Bytes per element (NumPy's a.itemsize). */
    readonly itemsize: number;
    /**
     * Bytes to step in each dimension (NumPy's a.strides): for computed data and its views their
     * layout; for a lazy array the layout NumPy would give it. Dimensions of size 1 may differ
     * from NumPy's (their stride is never used).
     */
    readonly strides: number[];
    /** The transpose of the last two axes (NumPy's a.mT), a view. */
    readonly mT: NDArray;
  }
}

// item(*args) takes NumPy's indices; the class's own item() is the no-index case.
Object.defineProperty(NDArray.prototype, 'item', {
  value(this: NDArray, ...args: number[]) { return itemMethod(this, ...args); }, writable: true, configurable: true,
});

const METHODS: Pick<NDArray, 'copy' | 'fill' | 'clip' | 'round' | 'dot' | 'trace' | 'choose' | 'tolist' | 'tolistAsync' | 'tobytes'> = {
  copy(this: NDArray, ...args) { return copyMethod(this, ...args); },
  fill(this: NDArray, ...args) { fillMethod(this, ...args); },
  clip(this: NDArray, ...args) { return clip(this, ...args); },
  round(this: NDArray, ...args) { return round(this, ...args); },
  dot(this: NDArray, ...args) { return dot(this, ...args); },
  trace(this: NDArray, ...args) { return trace(this, ...args); },
  choose(this: NDArray, ...args) { return choose(this, ...args); },
  tolist(this: NDArray) { noArguments('tolist', arguments); return nestNumbers(this.dtype, readStored(this, 'tolist'), this.shape); },
  async tolistAsync(this: NDArray) { noArguments('tolistAsync', arguments); return nestNumbers(this.dtype, await readStoredAsync(this, 'tolist'), this.shape); },
  tobytes(this: NDArray, ...args) { return tobytesMethod(this, ...args); },
};

for (const [name, value] of Object.entries(METHODS)) {
  Object.defineProperty(NDArray.prototype, name, { value, writable: true, configurable: true });
}

const ATTRIBUTES: { [K in 'itemsize' | 'strides' | 'mT']: (a: NDArray) => NDArray[K] } = {
  itemsize: (a) => a.dtype.itemsize,
  strides: (a) => numpyLayout(usable('strides', a).node).strides.map((s) => s * a.dtype.itemsize),
  mT: (a) => {
    if (a.ndim < 2) throw new CupytsError('ERR_SHAPE', `mT: matrix transpose with ndim < 2 is undefined, got ${a.ndim} dimensions`);
    return swapaxes(a, -1, -2);
  },
};

for (const [name, get] of Object.entries(ATTRIBUTES)) {
  Object.defineProperty(NDArray.prototype, name, { get(this: NDArray) { return get(this); }, configurable: true });
}
