// Array creation from JS data (uploaded at once) and from a fill value (lazy), declared with
// NumPy's signatures: array, asarray, asanyarray, ascontiguousarray, full, zeros, ones, empty and
// the *_like functions. JS values take NumPy's default dtypes, with one difference JS forces: a
// number is an integer when it is a safe integer (`1.0` is `1` in JS), anything else is a float.
import { isComplex } from '../ir/complex.js';
import { DTYPES, castScalar, isInteger, type DType, type DTypeLike } from '../ir/dtype.js';
import { CupytsError, argError, describe } from '../ir/errors.js';
import { broadcastNode, scalarNode, sourceNode, type Node } from '../ir/graph.js';
import { realizedView, viewLayout } from '../ir/kernel-plan.js';
import type { Strided } from '../ir/movement.js';
import { checkWeakScalar } from '../ir/promotion.js';
import { MAX_NDIM, checkArraySize, contiguousStrides, formatShape } from '../ir/shape.js';
import type { ArrayArg } from './array-params.js';
import { currentRunner } from './context.js';
import { deviceKeyword, toDevice } from './device-placement.js';
import {
  checkOrder, copyFlag, shape as shapeType, deviceParam, dtypeParam, floatDtypeParam, floatOr, likeParam, newOrderParam, subok,
} from './creation-params.js';
import { allocStored, isStoredLayout, storeElement, type StoredArray } from './host-data.js';
import { NDArray, usable, type NestedArray, type Scalar } from './ndarray.js';
import { broadcastTo } from './operands.js';
import * as t from './param-types.js';
import { declare, keyword, positional, REJECT, required, type ParamType } from './signature.js';
import { reshape } from './views.js';

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

const isScalar = (x: unknown): x is Scalar => typeof x === 'number' || typeof x === 'bigint' || typeof x === 'boolean' || isComplex(x);

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

/** What flattenNested takes as an element, and what its errors say it expected. */
export interface NestedLeaves<T> {
  is: (x: unknown) => x is T;
  /** The elements, as in "expected <items>, got 'a' at [1]". */
  items: string;
  /** The whole argument where it is no list, as in "expected <whole>, got null". */
  whole: string;
}

const SCALAR_LEAVES: NestedLeaves<Scalar> = {
  is: isScalar, items: 'numbers, bigints, booleans or complex values', whole: 'an array, a number, a bigint, a boolean or a complex',
};

/**
 * Shape and flat elements (C order) of nested JS lists. Ragged lists, holes (`[1, , 3]`) and
 * values that are not numbers, bigints or booleans are errors naming `op` and where they are.
 * The walk keeps its own stack, so deep input cannot overflow the call stack.
 */
function flatten(op: string, data: unknown): { shape: number[]; flat: Scalar[] } {
  return flattenNested(op, data, SCALAR_LEAVES);
}

/** flatten with elements of another kind (array-info takes strings and null as NumPy's str and None). */
export function flattenNested<T>(op: string, data: unknown, leaves: NestedLeaves<T>): { shape: number[]; flat: T[] } {
  const shape = nestedShape(op, data);
  if (shape.length === 0) {
    if (!leaves.is(data)) throw argError(op, leaves.whole, data);
    return { shape, flat: [data] };
  }
  const flat: T[] = [];
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
      if (!leaves.is(x)) throw new CupytsError('ERR_ARG', `${op}: expected ${leaves.items}, got ${describe(x)} at ${path()}`);
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

const INT64_MIN = -(2n ** 63n);
const INT64_END = 2n ** 63n;
const UINT64_END = 2n ** 64n;

/**
 * NumPy's dtype for JS values, as np.array gives it for the Python values they stand for:
 * nothing → float64; all booleans → bool; any number that is not a safe integer (a fraction,
 * 1e20, NaN, ±Infinity) → float64; otherwise integers (booleans count as 0 and 1) → int64, or
 * uint64 where a value needs it, or float64 where neither holds them all (as [-1, 2**63]); any
 * complex value → complex128.
 */
export function inferDType(op: string, flat: readonly Scalar[]): DType {
  if (flat.length === 0) return DTYPES.float64;
  if (flat.some(isComplex)) return DTYPES.complex128;
  let allBool = true;
  let low = 0;
  let high = 0;
  let bigLow = 0n;
  let bigHigh = 0n;
  for (const v of flat) {
    if (typeof v === 'boolean' || typeof v === 'object') continue;
    allBool = false;
    if (typeof v === 'bigint') {
      if (v < bigLow) bigLow = v;
      if (v > bigHigh) bigHigh = v;
    } else if (!Number.isSafeInteger(v)) {
      return DTYPES.float64;
    } else {
      if (v < low) low = v;
      if (v > high) high = v;
    }
  }
  if (allBool) return DTYPES.bool;
  const min = BigInt(low) < bigLow ? BigInt(low) : bigLow;
  const max = BigInt(high) > bigHigh ? BigInt(high) : bigHigh;
  if (min >= INT64_MIN && max < INT64_END) return DTYPES.int64;
  if (min >= 0n && max < UINT64_END) return DTYPES.uint64;
  if (min >= INT64_MIN && max < UINT64_END) return DTYPES.float64;
  const outside = min < INT64_MIN ? min : max;
  throw new CupytsError('ERR_OVERFLOW', `${op}: expected integers that int64 or uint64 can hold, got ${outside} (NumPy would make an object array, which cupyts does not have)`);
}

/** Stored elements as an array of `shape`, uploaded now. */
export function upload(dtype: DType, shape: number[], stored: StoredArray): NDArray {
  const runner = currentRunner();
  return new NDArray(sourceNode(shape, dtype, runner.upload(dtype, stored)), runner);
}

/** `values` stored as `dtype` (each caller fills its own loop: one call site per kind of input keeps them fast). */
function storeAll(op: string, dtype: DType, values: ArrayLike<Scalar>): StoredArray {
  // (bool takes a complex value's truth, as NumPy's bool() does)
  if (dtype.kind !== 'c' && dtype.kind !== 'b' && Array.prototype.some.call(values, isComplex)) {
    throw new CupytsError('ERR_DTYPE', `${op}: expected real values for dtype ${dtype.name} (NumPy: float() argument must be a real number, not 'complex'), got a complex`);
  }
  const stored = allocStored(dtype, values.length, op);
  for (let i = 0; i < values.length; i++) storeElement(dtype, stored, i, values[i]);
  return stored;
}

/**
 * A TypedArray's elements as `dtype` stores them: `src` itself where the storage is the source's
 * own type (a Float32Array as float32; runner.upload copies it, so no host copy is made here:
 * a fresh copy's first touch alone ran at 1.4 GB/s on the H200 host), else element by element as
 * storeAll does (bool, float16 bits, complex pairs, other types).
 */
function storeTyped(op: string, dtype: DType, src: TypedArrayData): StoredArray {
  if (isStoredLayout(dtype, src)) return src;
  const stored = allocStored(dtype, src.length, op);
  for (let i = 0; i < src.length; i++) storeElement(dtype, stored, i, src[i] as Scalar);
  return stored;
}

/**
 * NumPy's OverflowError for a JS integer (a safe-integer number or a bigint) that `dtype` cannot
 * hold. Into an integer dtype every number is converted as NumPy converts a Python float there
 * (int() first): its integer part must fit, and NaN and infinities have none.
 */
function checkIntegersFit(op: string, flat: readonly Scalar[], dtype: DType): void {
  if (dtype.kind === 'b') return;
  const integral = dtype.kind === 'i' || dtype.kind === 'u';
  for (const v of flat) {
    if (typeof v === 'bigint' || Number.isSafeInteger(v)) checkWeakScalar(op, v as number | bigint, dtype);
    else if (integral && typeof v === 'number') {
      if (Number.isNaN(v)) throw new CupytsError('ERR_ARG', `${op}: cannot convert float NaN to integer`);
      if (!Number.isFinite(v)) throw new CupytsError('ERR_OVERFLOW', `${op}: cannot convert float infinity to integer`);
      checkWeakScalar(op, BigInt(Math.trunc(v)), dtype);
    }
  }
}

/**
 * An array from JS data (nested lists, a TypedArray or a scalar), uploaded now, with errors that
 * name `op`: what every function that takes array-like arguments converts them with. `strict`:
 * JS integers must fit an explicit `dtype`, as NumPy's np.array([300], dtype=np.uint8) refuses.
 */
export function arrayFromData(op: string, data: unknown, dtype?: DType, strict = false): NDArray {
  const typed = TYPED_DTYPES.find(([ctor]) => data instanceof ctor);
  if (typed) {
    const src = data as TypedArrayData;
    const d = dtype ?? typed[1];
    return upload(d, [src.length], storeTyped(op, d, src));
  }
  if (ArrayBuffer.isView(data)) throw argError(op, 'a numeric TypedArray', data);
  const { shape, flat } = flatten(op, data);
  const d = dtype ?? inferDType(op, flat);
  if (strict && dtype) checkIntegersFit(op, flat, dtype);
  return upload(d, shape, storeAll(op, d, flat));
}

// The array parameters, here rather than from array-params.ts, which imports this module's
// importers: these must exist when the declarations below run.
const ARRAY_EXPECTED = 'an array (an NDArray, nested arrays, a TypedArray or a number)';
const isArrayData = (x: unknown): boolean =>
  x instanceof NDArray || Array.isArray(x) || isScalar(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));

/** An array_like kept as given (converted by the function, with its dtype). */
const arrayData: ParamType<ArrayArg> = {
  expected: ARRAY_EXPECTED,
  parse: (x, op) => (x instanceof NDArray ? usable(op, x) : isArrayData(x) ? x as ArrayArg : REJECT),
};

/** An array_like as an NDArray (JS data with its default dtype). */
const arrayLike: ParamType<ArrayArg, NDArray> = {
  expected: ARRAY_EXPECTED,
  parse: (x, op) => (x instanceof NDArray ? usable(op, x) : isArrayData(x) ? arrayFromData(op, x) : REJECT),
};

/** `a` as an array of `dtype` under NumPy's copy flag: true always copies, false never does (an error where it must), null copies only if needed. */
function convert(op: string, a: ArrayArg, dtype: DType | null, copy: boolean | null): NDArray {
  if (a instanceof NDArray) {
    const d = dtype ?? a.dtype;
    if (copy === false && d.name !== a.dtype.name) {
      throw new CupytsError('ERR_ARG', `${op}: Unable to avoid copy while creating an array as requested (copy=false, and the dtype changes from ${a.dtype.name} to ${d.name})`);
    }
    return copy === true || d.name !== a.dtype.name ? a.astype(d) : a;
  }
  if (copy === false) {
    throw new CupytsError('ERR_ARG', `${op}: Unable to avoid copy while creating an array as requested (copy=false, and JS data is always copied into a new array; pass copy: null)`);
  }
  return arrayFromData(op, a, dtype ?? undefined, true);
}

/** `x` with ones prepended to its shape up to `ndmin` dimensions (a view). */
function withNdmin(op: string, x: NDArray, ndmin: number): NDArray {
  if (ndmin > MAX_NDIM) throw new CupytsError('ERR_SHAPE', `${op}: ndmin bigger than allowable number of dimensions (${MAX_NDIM}), got ${ndmin}`);
  return x.ndim >= ndmin ? x : reshape(x, [...new Array<number>(ndmin - x.ndim).fill(1), ...x.shape]);
}

/** NumPy's array(object, dtype=None, *, copy=True, order='K', subok=False, ndmin=0, like=None). */
export const array = declare(
  'array',
  [
    required('object', arrayData), dtypeParam, keyword('copy', copyFlag, true), keyword('order', t.order, 'K'),
    keyword('subok', subok, false), keyword('ndmin', t.count, 0), likeParam,
  ],
  ({ object, dtype, copy, order, ndmin }) => {
    const x = withNdmin('array', convert('array', object, dtype, copy), ndmin);
    checkOrder('array', order, x.ndim);
    return x;
  },
);

const asarrayParams = [
  required('a', arrayData), dtypeParam, positional('order', t.nullable(t.order), null), keyword('device', deviceKeyword, null),
  keyword('copy', copyFlag, null), likeParam,
] as const;

/** NumPy's asarray(a, dtype=None, order=None, *, device=None, copy=None, like=None): `a` itself where it already is such an array. */
export const asarray = declare('asarray', asarrayParams, ({ a, dtype, order, device, copy }) => {
  const x = convert('asarray', a, dtype, copy);
  checkOrder('asarray', order, x.ndim);
  return device === null ? x : toDevice('asarray', x, device);
});

/** NumPy's asanyarray: asarray (cupyts has no array subclasses to pass through). */
export const asanyarray = declare('asanyarray', asarrayParams, ({ a, dtype, order, device, copy }) => {
  const x = convert('asanyarray', a, dtype, copy);
  checkOrder('asanyarray', order, x.ndim);
  return device === null ? x : toDevice('asanyarray', x, device);
});

/**
 * NumPy's ascontiguousarray(a, dtype=None, *, like=None): at least 1-D and C-contiguous in memory;
 * `a` itself where it already is (a view of contiguous elements included: it shares its base's
 * memory, as in NumPy), else a copy (a strided or transposed view: writes into the result do not
 * reach `a`).
 */
export const ascontiguousarray = declare('ascontiguousarray', [required('a', arrayData), dtypeParam, likeParam], ({ a, dtype }) => {
  const x = convert('ascontiguousarray', a, dtype, null);
  return withNdmin('ascontiguousarray', x === a && !cContiguous(x.node) ? x.copy() : x, 1);
});

/**
 * Whether `node`'s elements lie (or, lazy, will lie) in C order without gaps: realized with
 * C-ordered strides (dims of one element aside), a lazy view whose layout over its input is so, or
 * any other lazy node but a broadcast (computed into a buffer of its own).
 */
function cContiguous(node: Node): boolean {
  const layout = layoutOf(node);
  if (!layout) return false;
  const want = contiguousStrides(node.shape);
  return node.shape.some((d) => d === 0) || node.shape.every((d, j) => d === 1 || layout.strides[j] === want[j]);
}

/** The layout `node` has over its buffer, or will have once computed; null where a view's cannot be known. */
function layoutOf(node: Node): Strided | null {
  if (node.realized) return realizedView(node);
  if (node.kind === 'broadcast') return null; // broadcast_to's read-only view: a copy
  if (node.kind !== 'view') return { shape: node.shape, strides: contiguousStrides(node.shape), offset: 0 };
  const input = layoutOf(node.input);
  return input ? viewLayout(node, input) : null;
}

/**
 * A JS fill value as a constant of dtype `d`, converted as NumPy puts a Python scalar into an
 * array: an integer must fit (OverflowError otherwise); a float is cast (truncated), except that
 * NaN and ±Infinity have no integer value.
 */
function fillValue(op: string, value: Scalar, d: DType): Scalar {
  if (isComplex(value)) return castScalar(value, d); // NumPy's unsafe cast: the real part
  // into bool any integer is its truth (np.full(2, 65535, bool) is [True, True]), as in array()
  if (d.kind !== 'b' && (typeof value === 'bigint' || Number.isSafeInteger(value))) checkWeakScalar(op, value as number | bigint, d);
  if (isInteger(d) && typeof value === 'number' && !Number.isFinite(value)) {
    throw new CupytsError('ERR_ARG', `${op}: cannot convert float ${value} to integer`);
  }
  return castScalar(value, d);
}

const isScalarValue = (x: unknown): x is Scalar => typeof x === 'number' || typeof x === 'bigint' || typeof x === 'boolean' || isComplex(x);

/**
 * An array of `shape` filled with `value` (NumPy's copyto(empty(shape, dtype), value, casting='unsafe')).
 * A JS scalar is a lazy broadcast constant, fused into its consumers; an array value is broadcast
 * to `shape` and cast. `dtype` null: the value's own dtype.
 */
function filled(op: string, shape: readonly number[], value: ArrayArg, dtype: DType | null): NDArray {
  if (isScalarValue(value)) {
    const d = dtype ?? inferDType(op, [value]);
    checkArraySize(op, shape, d.itemsize);
    return new NDArray(broadcastNode(scalarNode(fillValue(op, value, d), d), shape), currentRunner());
  }
  const v = value instanceof NDArray ? value : arrayFromData(op, value);
  const d = dtype ?? v.dtype;
  checkArraySize(op, shape, d.itemsize);
  let b: NDArray;
  try {
    b = broadcastTo(v, shape);
  } catch (err) {
    if (!(err instanceof CupytsError)) throw err;
    throw new CupytsError('ERR_SHAPE', `${op}: could not broadcast the fill value from shape ${formatShape(v.shape)} into shape ${formatShape(shape)}`);
  }
  return b.astype(d);
}

const shapeParam = required('shape', shapeType);

/** NumPy's full(shape, fill_value, dtype=None, order='C', *, device=None, like=None); fill_value may be an array, broadcast to shape. */
export const full = declare(
  'full',
  [shapeParam, required('fill_value', arrayData), dtypeParam, newOrderParam, deviceParam, likeParam],
  ({ shape, fill_value, dtype, order }) => {
    checkOrder('full', order, shape.length);
    return filled('full', shape, fill_value, dtype);
  },
);

/** zeros, ones and empty: (shape, dtype=float, order='C', *, device=None, like=None). */
function constantFill(op: string, value: number) {
  return declare(op, [shapeParam, floatDtypeParam, newOrderParam, deviceParam, likeParam], ({ shape, dtype, order }) => {
    checkOrder(op, order, shape.length);
    return filled(op, shape, value, floatOr(dtype));
  });
}

/** NumPy's zeros(shape, dtype=float, order='C', *, device=None, like=None). */
export const zeros = constantFill('zeros', 0);
/** NumPy's ones(shape, dtype=float, order='C', *, device=None, like=None). */
export const ones = constantFill('ones', 1);
/** NumPy's empty: NumPy leaves the elements uninitialized; cupyts gives zeros (the cost is the same in a fused graph). */
export const empty = constantFill('empty', 0);

const aParam = required('a', arrayLike);
const likeParams = [
  dtypeParam, positional('order', t.order, 'K'), positional('subok', subok, true),
  positional('shape', t.nullable(shapeType), null), deviceParam,
] as const;

/** `a`'s shape (or `shape`) and dtype (or `dtype`) filled with `value`. */
function filledLike(op: string, a: NDArray, value: ArrayArg, v: { dtype: DType | null; order: string; shape: number[] | null }): NDArray {
  const shape = v.shape ?? a.shape;
  checkOrder(op, v.order, shape.length);
  return filled(op, shape, value, v.dtype ?? a.dtype);
}

/** NumPy's full_like(a, fill_value, dtype=None, order='K', subok=True, shape=None, *, device=None). */
export const fullLike = declare('full_like', [aParam, required('fill_value', arrayData), ...likeParams],
  (v) => filledLike('full_like', v.a, v.fill_value, v));


/** NumPy's zeros_like(a, dtype=None, order='K', subok=True, shape=None, *, device=None). */
export const zerosLike = declare('zeros_like', [aParam, ...likeParams], (v) => filledLike('zeros_like', v.a, 0, v));
/** NumPy's ones_like(a, dtype=None, order='K', subok=True, shape=None, *, device=None). */
export const onesLike = declare('ones_like', [aParam, ...likeParams], (v) => filledLike('ones_like', v.a, 1, v));
/** NumPy's empty_like(prototype, dtype=None, order='K', subok=True, shape=None, *, device=None): zeros, as empty. */
export const emptyLike = declare('empty_like', [required('prototype', arrayLike), ...likeParams], (v) => filledLike('empty_like', v.prototype, 0, v));
