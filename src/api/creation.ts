// Array creation: from JS data (uploaded at once), and NumPy's constructors.
import { DTYPES, toDType, type DType } from '../ir/dtype.js';
import { CupytsError, describe } from '../ir/errors.js';
import { broadcastNode, scalarNode, sourceNode } from '../ir/graph.js';
import { checkShape, sizeOf } from '../ir/shape.js';
import { currentRunner } from './context.js';
import { allocStored, storeElement, type StoredArray } from './host-data.js';
import { NDArray, usable, type NestedArray, type Scalar } from './ndarray.js';

export type TypedArrayData =
  | Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array
  | Uint32Array | BigInt64Array | BigUint64Array | Uint8ClampedArray;
export type ArrayData = NestedArray | TypedArrayData;
export interface DTypeOption { dtype?: DType | string }

const TYPED_DTYPES: Array<[Function, DType]> = [
  [Float32Array, DTYPES.float32], [Float64Array, DTYPES.float64], [Int8Array, DTYPES.int8], [Int16Array, DTYPES.int16],
  [Int32Array, DTYPES.int32], [Uint8Array, DTYPES.uint8], [Uint8ClampedArray, DTYPES.uint8], [Uint16Array, DTYPES.uint16],
  [Uint32Array, DTYPES.uint32], [BigInt64Array, DTYPES.int64], [BigUint64Array, DTYPES.uint64],
];

/** Shape and flat elements of nested JS arrays; ragged or non-numeric data is an error. */
function flatten(op: string, data: NestedArray): { shape: number[]; flat: Scalar[] } {
  const shape: number[] = [];
  let probe: NestedArray = data;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  const flat: Scalar[] = [];
  const walk = (x: NestedArray, depth: number, path: string) => {
    if (depth === shape.length) {
      if (Array.isArray(x)) throw new CupytsError('ERR_ARG', `${op}: expected ragged-free nested arrays, got a deeper array at ${path}`);
      if (typeof x !== 'number' && typeof x !== 'bigint' && typeof x !== 'boolean') {
        throw new CupytsError('ERR_ARG', `${op}: expected numbers, bigints or booleans, got ${describe(x)} at ${path || '[]'}`);
      }
      flat.push(x);
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[depth]) {
      throw new CupytsError('ERR_SHAPE', `${op}: expected a sequence of length ${shape[depth]} at ${path || '[]'} (ragged nested arrays), got ${describe(x)}`);
    }
    x.forEach((v, i) => walk(v, depth + 1, `${path}[${i}]`));
  };
  walk(data, 0, '');
  return { shape, flat };
}

/** NumPy's default dtype for JS values: all booleans → bool, integers → int64, else float64. */
function inferDType(flat: readonly Scalar[]): DType {
  if (flat.length > 0 && flat.every((v) => typeof v === 'boolean')) return DTYPES.bool;
  if (flat.every((v) => typeof v !== 'number' || Number.isInteger(v))) return DTYPES.int64;
  return DTYPES.float64;
}

function upload(dtype: DType, shape: number[], stored: StoredArray): NDArray {
  const runner = currentRunner();
  return new NDArray(sourceNode(shape, dtype, runner.upload(dtype, stored)), runner);
}

/** An array from nested JS arrays, a TypedArray, a scalar or an NDArray (copied only if the dtype changes). */
export function asarray(data: ArrayData | NDArray, options: DTypeOption = {}): NDArray {
  const dtype = options.dtype === undefined ? undefined : toDType(options.dtype, 'asarray');
  if (data instanceof NDArray) return dtype && dtype !== data.dtype ? usable('asarray', data).astype(dtype) : usable('asarray', data);
  const typed = TYPED_DTYPES.find(([ctor]) => data instanceof ctor);
  if (typed) {
    const src = data as TypedArrayData;
    const d = dtype ?? typed[1];
    const stored = allocStored(d, src.length);
    for (let i = 0; i < src.length; i++) storeElement(d, stored, i, src[i]);
    return upload(d, [src.length], stored);
  }
  if (ArrayBuffer.isView(data)) throw new CupytsError('ERR_ARG', `asarray: expected a numeric TypedArray, got ${describe(data)}`);
  const { shape, flat } = flatten('asarray', data as NestedArray);
  const d = dtype ?? inferDType(flat);
  const stored = allocStored(d, flat.length);
  flat.forEach((v, i) => storeElement(d, stored, i, v));
  return upload(d, shape, stored);
}

/** A copy of `data` (NumPy's array(): always a new array). */
export function array(data: ArrayData | NDArray, options: DTypeOption = {}): NDArray {
  const a = asarray(data, options);
  return a === data ? a.astype(a.dtype) : a;
}

/** `shape` filled with `value` (lazy: a broadcast scalar, fused into its consumers). */
export function full(shape: number | readonly number[], value: Scalar, options: DTypeOption = {}): NDArray {
  const dims = checkShape('full', shape);
  const d = options.dtype === undefined ? inferDType([value]) : toDType(options.dtype, 'full');
  const runner = currentRunner();
  const scalar = scalarNode(d.kind === 'b' ? Boolean(value) : value, d);
  return new NDArray(broadcastNode(scalar, dims), runner);
}

export const zeros = (shape: number | readonly number[], options: DTypeOption = {}) => full(shape, 0, { dtype: options.dtype ?? DTYPES.float64 });
export const ones = (shape: number | readonly number[], options: DTypeOption = {}) => full(shape, 1, { dtype: options.dtype ?? DTYPES.float64 });
/** NumPy leaves empty() uninitialized; cupyts returns zeros (the cost is the same in a fused graph). */
export const empty = zeros;

export const fullLike = (a: NDArray, value: Scalar, options: DTypeOption = {}) => full(a.shape, value, { dtype: options.dtype ?? a.dtype });
export const zerosLike = (a: NDArray, options: DTypeOption = {}) => fullLike(a, 0, options);
export const onesLike = (a: NDArray, options: DTypeOption = {}) => fullLike(a, 1, options);
export const emptyLike = zerosLike;

function fromFunction(op: string, n: number, dtype: DType, value: (i: number) => number): NDArray {
  const stored = allocStored(dtype, n);
  for (let i = 0; i < n; i++) storeElement(dtype, stored, i, value(i));
  return upload(dtype, [n], stored);
}

function checkNumber(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || Number.isNaN(v)) throw new CupytsError('ERR_ARG', `${op}: expected a number for ${name}, got ${describe(v)}`);
  return v;
}

/** NumPy's arange(stop) / arange(start, stop, step = 1). */
export function arange(a: number, b?: number, c?: number, options: DTypeOption = {}): NDArray {
  const [start, stop, step] = b === undefined ? [0, checkNumber('arange', 'stop', a), 1] : [checkNumber('arange', 'start', a), checkNumber('arange', 'stop', b), c ?? 1];
  checkNumber('arange', 'step', step);
  if (step === 0) throw new CupytsError('ERR_ARG', 'arange: expected a nonzero step, got 0');
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const d = options.dtype === undefined ? inferDType([start, stop, step]) : toDType(options.dtype, 'arange');
  return fromFunction('arange', n, d, (i) => start + i * step);
}

/** NumPy's linspace(start, stop, num = 50, { endpoint = true }). */
export function linspace(start: number, stop: number, num = 50, options: DTypeOption & { endpoint?: boolean } = {}): NDArray {
  checkNumber('linspace', 'start', start);
  checkNumber('linspace', 'stop', stop);
  if (!Number.isInteger(num) || num < 0) throw new CupytsError('ERR_ARG', `linspace: expected a non-negative integer num, got ${describe(num)}`);
  const endpoint = options.endpoint ?? true;
  const div = endpoint ? num - 1 : num;
  const step = div > 0 ? (stop - start) / div : NaN;
  const d = options.dtype === undefined ? DTYPES.float64 : toDType(options.dtype, 'linspace');
  return fromFunction('linspace', num, d, (i) => (endpoint && num > 1 && i === num - 1 ? stop : div > 0 ? start + i * step : start));
}

/** NumPy's eye(N, M = N, { k = 0 }). */
export function eye(n: number, m?: number, options: DTypeOption & { k?: number } = {}): NDArray {
  const rows = checkShape('eye', [n])[0];
  const cols = checkShape('eye', [m ?? n])[0];
  const k = options.k ?? 0;
  const d = options.dtype === undefined ? DTYPES.float64 : toDType(options.dtype, 'eye');
  const stored = allocStored(d, rows * cols);
  for (let i = 0; i < rows; i++) if (i + k >= 0 && i + k < cols) storeElement(d, stored, i * cols + i + k, 1);
  return upload(d, [rows, cols], stored);
}

export const identity = (n: number, options: DTypeOption = {}) => eye(n, n, options);

export { sizeOf };
