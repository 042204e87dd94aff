// Array creation: from JS data (uploaded at once), and NumPy's constructors.
import { DTYPES, castScalar, isInteger, toDType, type DType, type DTypeLike } from '../ir/dtype.js';
import { CupytsError, argError, describe } from '../ir/errors.js';
import { broadcastNode, scalarNode, sourceNode } from '../ir/graph.js';
import { checkWeakScalar } from '../ir/promotion.js';
import { MAX_NDIM, checkArraySize, checkShape } from '../ir/shape.js';
import { booleanArg, integerArg, optionsArg } from './arguments.js';
import { currentRunner } from './context.js';
import * as t from './param-types.js';
import { declare, keyword, positional, required } from './signature.js';
import { allocStored, storeElement, type StoredArray } from './host-data.js';
import { NDArray, usable, type NestedArray, type Scalar } from './ndarray.js';

export type TypedArrayData =
  | Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array
  | Uint32Array | BigInt64Array | BigUint64Array | Uint8ClampedArray;
export type ArrayData = NestedArray | TypedArrayData;
export interface DTypeOption { dtype?: DTypeLike }

const TYPED_DTYPES: Array<[Function, DType]> = [
  [Float32Array, DTYPES.float32], [Float64Array, DTYPES.float64], [Int8Array, DTYPES.int8], [Int16Array, DTYPES.int16],
  [Int32Array, DTYPES.int32], [Uint8Array, DTYPES.uint8], [Uint8ClampedArray, DTYPES.uint8], [Uint16Array, DTYPES.uint16],
  [Uint32Array, DTYPES.uint32], [BigInt64Array, DTYPES.int64], [BigUint64Array, DTYPES.uint64],
];

const isScalar = (x: unknown): x is Scalar => typeof x === 'number' || typeof x === 'bigint' || typeof x === 'boolean';

/** The shape of nested lists, read down their first elements (at most MAX_NDIM levels, as NumPy). */
function nestedShape(op: string, data: unknown): number[] {
  const shape: number[] = [];
  for (let probe = data; Array.isArray(probe); probe = probe[0]) {
    if (shape.length === MAX_NDIM) {
      throw new CupytsError('ERR_SHAPE', `${op}: expected nested lists of at most ${MAX_NDIM} levels (NumPy's limit on dimensions), got deeper ones`);
    }
    shape.push(probe.length);
    if (probe.length === 0) break;
  }
  return shape;
}

/**
 * Shape and flat elements (C order) of nested JS lists. Ragged lists, holes (`[1, , 3]`) and
 * values that are not numbers, bigints or booleans are errors naming `op` and where they are.
 * The walk keeps its own stack, so deep input cannot overflow the call stack.
 */
function flatten(op: string, data: unknown): { shape: number[]; flat: Scalar[] } {
  const shape = nestedShape(op, data);
  if (shape.length === 0) {
    if (!isScalar(data)) throw argError(op, 'an array, a number, a bigint or a boolean', data);
    return { shape, flat: [data] };
  }
  const flat: Scalar[] = [];
  const lists: unknown[][] = [data as unknown[]]; // the lists being walked, outermost first
  const next: number[] = [0]; // the index of the next element to visit in each
  const path = () => next.map((i) => `[${i - 1}]`).join('');
  while (lists.length > 0) {
    const depth = lists.length - 1;
    const list = lists[depth];
    const i = next[depth];
    if (i === list.length) {
      lists.pop();
      next.pop();
      continue;
    }
    next[depth] = i + 1;
    if (!(i in list)) throw new CupytsError('ERR_ARG', `${op}: expected a value at ${path()}, got a hole (an empty slot in a sparse list)`);
    const x = list[i];
    if (depth + 1 === shape.length) {
      if (Array.isArray(x)) throw new CupytsError('ERR_ARG', `${op}: expected ragged-free nested arrays, got a deeper array at ${path()}`);
      if (!isScalar(x)) throw new CupytsError('ERR_ARG', `${op}: expected numbers, bigints or booleans, got ${describe(x)} at ${path()}`);
      flat.push(x);
    } else {
      if (!Array.isArray(x) || x.length !== shape[depth + 1]) {
        throw new CupytsError('ERR_SHAPE', `${op}: expected a sequence of length ${shape[depth + 1]} at ${path()} (ragged nested arrays), got ${describe(x)}`);
      }
      lists.push(x);
      next.push(0);
    }
  }
  return { shape, flat };
}

/** NumPy's default dtype for JS values: all booleans → bool, integers → int64, else float64. */
function inferDType(flat: readonly Scalar[]): DType {
  if (flat.length > 0 && flat.every((v) => typeof v === 'boolean')) return DTYPES.bool;
  if (flat.every((v) => typeof v !== 'number' || Number.isInteger(v))) return DTYPES.int64;
  return DTYPES.float64;
}

/** Stored elements as an array of `shape`, uploaded now. */
function upload(dtype: DType, shape: number[], stored: StoredArray): NDArray {
  const runner = currentRunner();
  return new NDArray(sourceNode(shape, dtype, runner.upload(dtype, stored)), runner);
}

/** `values` stored as `dtype` (each caller fills its own loop: one call site per kind of input keeps them fast). */
function storeAll(op: string, dtype: DType, values: ArrayLike<Scalar>): StoredArray {
  const stored = allocStored(dtype, values.length, op);
  for (let i = 0; i < values.length; i++) storeElement(dtype, stored, i, values[i]);
  return stored;
}

/**
 * An array from JS data (nested lists, a TypedArray or a scalar), uploaded now, with errors that
 * name `op`: what every function that takes array-like arguments converts them with.
 */
export function arrayFromData(op: string, data: unknown, dtype?: DType): NDArray {
  const typed = TYPED_DTYPES.find(([ctor]) => data instanceof ctor);
  if (typed) {
    const src = data as TypedArrayData;
    const d = dtype ?? typed[1];
    return upload(d, [src.length], storeAll(op, d, src as ArrayLike<Scalar>));
  }
  if (ArrayBuffer.isView(data)) throw argError(op, 'a numeric TypedArray', data);
  const { shape, flat } = flatten(op, data);
  const d = dtype ?? inferDType(flat);
  return upload(d, shape, storeAll(op, d, flat));
}

/** An array from nested JS arrays, a TypedArray, a scalar or an NDArray (copied only if the dtype changes). */
export function asarray(data: ArrayData | NDArray, options?: DTypeOption): NDArray {
  const { dtype: name } = optionsArg('asarray', options);
  const dtype = name === undefined ? undefined : toDType(name, 'asarray');
  if (data instanceof NDArray) {
    usable('asarray', data);
    return dtype && dtype !== data.dtype ? data.astype(dtype) : data;
  }
  return arrayFromData('asarray', data, dtype);
}

/** A copy of `data` (NumPy's array(): always a new array). */
export function array(data: ArrayData | NDArray, options?: DTypeOption): NDArray {
  const a = asarray(data, options);
  return a === data ? a.astype(a.dtype) : a;
}

/** A fill value as a constant of dtype `d`, converted as NumPy puts a Python scalar into an array (ints must fit). */
function fillValue(op: string, value: unknown, d: DType): Scalar {
  if (!isScalar(value)) throw argError(op, 'a number, bigint or boolean fill value', value);
  checkWeakScalar(op, value, d);
  if (isInteger(d) && typeof value === 'number' && !Number.isFinite(value)) {
    throw new CupytsError('ERR_ARG', `${op}: cannot convert float ${value} to integer`);
  }
  return castScalar(value, d);
}

/** `shape` filled with `value` (lazy: a broadcast scalar, fused into its consumers); errors name `op`. */
function filled(op: string, shape: unknown, value: unknown, dtype: DTypeLike | undefined): NDArray {
  const d = dtype === undefined ? inferDType(isScalar(value) ? [value] : []) : toDType(dtype, op);
  const dims = checkShape(op, shape, d.itemsize);
  return new NDArray(broadcastNode(scalarNode(fillValue(op, value, d), d), dims), currentRunner());
}

/** NumPy's full: `shape` filled with `value` (lazy: a broadcast scalar, fused into its consumers). */
export function full(shape: number | readonly number[], value: Scalar, options?: DTypeOption): NDArray {
  return filled('full', shape, value, optionsArg('full', options).dtype);
}
export function zeros(shape: number | readonly number[], options?: DTypeOption): NDArray {
  return filled('zeros', shape, 0, optionsArg('zeros', options).dtype ?? DTYPES.float64);
}
export function ones(shape: number | readonly number[], options?: DTypeOption): NDArray {
  return filled('ones', shape, 1, optionsArg('ones', options).dtype ?? DTYPES.float64);
}
/** NumPy leaves empty() uninitialized; cupyts returns zeros (the cost is the same in a fused graph). */
export const empty = zeros;

/** `a`'s shape (and dtype, unless given) filled with `value`; errors name `op`. */
function filledLike(op: string, a: unknown, value: unknown, options: DTypeOption | undefined): NDArray {
  const x = a instanceof NDArray ? usable(op, a) : arrayFromData(op, a);
  return filled(op, x.shape, value, optionsArg(op, options).dtype ?? x.dtype);
}
/** NumPy's full_like: an array of `a`'s shape (and dtype, unless given) filled with `value`. */
export const fullLike = (a: NDArray | ArrayData, value: Scalar, options?: DTypeOption) => filledLike('full_like', a, value, options);
export const zerosLike = (a: NDArray | ArrayData, options?: DTypeOption) => filledLike('zeros_like', a, 0, options);
export const onesLike = (a: NDArray | ArrayData, options?: DTypeOption) => filledLike('ones_like', a, 1, options);
export const emptyLike = zerosLike;

/** A 1-D array of `n` elements value(0), value(1), … of `dtype`, uploaded now. */
function fromFunction(op: string, n: number, dtype: DType, value: (i: number) => number): NDArray {
  checkArraySize(op, [n], dtype.itemsize);
  const stored = allocStored(dtype, n, op);
  for (let i = 0; i < n; i++) storeElement(dtype, stored, i, value(i));
  return upload(dtype, [n], stored);
}

function checkNumber(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || Number.isNaN(v)) throw argError(op, `a number for ${name}`, v);
  return v;
}

/** NumPy's arange(stop) / arange(start, stop, step = 1, *, dtype). */
export const arange = declare(
  'arange',
  [
    required('start_or_stop', t.number),
    positional('stop', t.nullable(t.number), null),
    positional('step', t.nullable(t.number), null, '1'),
    keyword('dtype', t.nullable(t.dtype), null),
  ],
  ({ start_or_stop: a, stop: b, step: c, dtype }): NDArray => {
    const oneBound = b === null;
    const start = oneBound ? 0 : checkNumber('arange', 'start', a);
    const stop = checkNumber('arange', 'stop', oneBound ? a : b);
    const step = c === null ? 1 : checkNumber('arange', 'step', c);
    if (step === 0) throw new CupytsError('ERR_ARG', 'arange: expected a nonzero step, got 0');
    const d = dtype ?? inferDType([start, stop, step]);
    const n = Math.max(0, Math.ceil((stop - start) / step)); // Infinity or NaN when a bound is infinite
    return fromFunction('arange', n, d, (i) => start + i * step);
  },
  { unsupported: ['device', 'like'] },
);

/** NumPy's linspace(start, stop, num = 50, { endpoint = true }). */
export function linspace(start: number, stop: number, num = 50, options?: DTypeOption & { endpoint?: boolean }): NDArray {
  checkNumber('linspace', 'start', start);
  checkNumber('linspace', 'stop', stop);
  if (!Number.isInteger(num) || num < 0) throw argError('linspace', 'a non-negative integer num', num);
  const o = optionsArg('linspace', options);
  const endpoint = booleanArg('linspace', 'endpoint', o.endpoint, true);
  const div = endpoint ? num - 1 : num;
  const step = div > 0 ? (stop - start) / div : NaN;
  const d = o.dtype === undefined ? DTYPES.float64 : toDType(o.dtype, 'linspace');
  return fromFunction('linspace', num, d, (i) => (endpoint && num > 1 && i === num - 1 ? stop : div > 0 ? start + i * step : start));
}

/** NumPy's eye(N, M = N, { k = 0 }). */
export function eye(n: number, m?: number | null, options?: DTypeOption & { k?: number }): NDArray {
  const o = optionsArg('eye', options);
  const d = o.dtype === undefined ? DTYPES.float64 : toDType(o.dtype, 'eye');
  const [rows, cols] = checkShape('eye', [n, m ?? n], d.itemsize);
  const k = integerArg('eye', 'k', o.k ?? 0);
  const stored = allocStored(d, rows * cols, 'eye');
  for (let i = 0; i < rows; i++) if (i + k >= 0 && i + k < cols) storeElement(d, stored, i * cols + i + k, 1);
  return upload(d, [rows, cols], stored);
}

export const identity = (n: number, options?: DTypeOption) => eye(n, n, options);
