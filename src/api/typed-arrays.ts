// Arrays over host memory: cp.fromTypedArray and x.toTypedArray(), and the two steps the file
// functions share with them (an array from stored elements; the stored elements of an array).
//
// On the CPU backend an array's data is host memory already, so both directions share it instead
// of copying: cp.fromTypedArray(t) computes on t's memory, x.toTypedArray() is a view of x's. On
// CUDA both copy (an upload, a readback).
import { DTYPES, type DType } from '../ir/dtype.js';
import { CupytsError, describe } from '../ir/errors.js';
import { sourceNode } from '../ir/graph.js';
import { contiguousStrides, sameShape, sizeOf } from '../ir/shape.js';
import { CpuBuffer } from '../runtime/cpu-device.js';
import { currentRunner } from './context.js';
import { CpuRunner } from './cpu-runner.js';
import { cpuStored, type StoredArray, viewStored } from './host-data.js';
import { evaluate } from './evaluate.js';
import { traceCut } from './jit-trace.js';
import { checkRead } from './kernel-faults.js';
import { NDArray, readStored, usable } from './ndarray.js';
import * as t from './param-types.js';
import { declare, keyword, positional, REJECT, required, type ParamType } from './signature.js';

/**
 * An array of `shape` over `stored` (C order, host byte order). On the CPU it uses that memory
 * itself: the caller hands it over (the file functions) or shares it (fromTypedArray).
 */
export function arrayOfStored(dtype: DType, shape: readonly number[], stored: StoredArray): NDArray {
  const runner = currentRunner();
  const buffer = stored.buffer as ArrayBuffer & { resizable?: boolean; growable?: boolean };
  if (runner instanceof CpuRunner && !buffer.resizable && !buffer.growable) {
    const storage = runner.device.wrap(buffer);
    return new NDArray(sourceNode([...shape], dtype, storage, contiguousStrides(shape), stored.byteOffset / dtype.itemsize), runner);
  }
  return new NDArray(sourceNode([...shape], dtype, runner.upload(dtype, stored)), runner);
}

type NumericTypedArray =
  | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array
  | Float32Array | Float64Array | BigInt64Array | BigUint64Array;

/** The dtype each TypedArray holds by default. */
const TYPED_DTYPES: ReadonlyArray<[Function, DType]> = [
  [Int8Array, DTYPES.int8], [Uint8Array, DTYPES.uint8], [Uint8ClampedArray, DTYPES.uint8], [Int16Array, DTYPES.int16],
  [Uint16Array, DTYPES.uint16], [Int32Array, DTYPES.int32], [Uint32Array, DTYPES.uint32], [Float32Array, DTYPES.float32],
  [Float64Array, DTYPES.float64], [BigInt64Array, DTYPES.int64], [BigUint64Array, DTYPES.uint64],
];

const typedDType = (x: unknown): DType | undefined => TYPED_DTYPES.find(([ctor]) => x instanceof ctor)?.[1];

const typedArray: ParamType<NumericTypedArray> = {
  expected: 'a numeric TypedArray (Float32Array, Int32Array, Uint8Array, BigInt64Array, …)',
  parse: (x) => (typedDType(x) ? x as NumericTypedArray : REJECT),
};

/**
 * NumPy's frombuffer for a TypedArray: an array over its memory, `shape` (default: 1-d) and
 * `dtype` (default: the one it holds; bool over a Uint8Array of 0s and 1s and float16 over a
 * Uint16Array of bits are the other choices). On the CPU backend no copy is made: the array and
 * the TypedArray share memory, so writes through either are seen by the other (and by lazy arrays
 * not yet computed from it). On CUDA the data is copied to the device.
 */
export const fromTypedArray = declare(
  'fromTypedArray',
  [required('typedArray', typedArray), positional('shape', t.nullable(t.shape), null), keyword('dtype', t.nullable(t.dtype), null)],
  ({ typedArray: data, shape, dtype }) => {
    const held = typedDType(data)!;
    const d = dtype ?? held;
    if (d.jsArray !== held.jsArray) {
      throw new CupytsError('ERR_DTYPE', `fromTypedArray: expected a ${d.jsArray} for dtype ${d.name}, got ${describe(data)} (use cp.asarray to convert)`);
    }
    if (d === DTYPES.bool && (data as Uint8Array).some((v) => v > 1)) {
      throw new CupytsError('ERR_ARG', 'fromTypedArray: expected only 0s and 1s in a Uint8Array of dtype bool');
    }
    const dims = shape ?? [data.length];
    if (sizeOf(dims) !== data.length) {
      throw new CupytsError('ERR_SHAPE', `fromTypedArray: expected a shape of ${data.length} elements, got [${dims.join(', ')}]`);
    }
    return arrayOfStored(d, dims, data as unknown as StoredArray);
  },
);

/**
 * The CPU buffer and element offset of `a`'s elements, C-contiguous: its own where it is
 * contiguous, else those of a contiguous copy.
 */
function contiguousHost(a: NDArray, op: string): { storage: CpuBuffer; offset: number } {
  evaluate(a.runner, [usable(op, a).node]);
  // On the CPU the host reads (and may write) the array's memory itself, at the call: a readback,
  // as on CUDA (readStored), which a cp.jit launch list cannot replay.
  traceCut(`a host readback (${op})`);
  const r = a.node.realized!;
  const own = r.storage instanceof CpuBuffer && (a.size <= 1 || sameShape(r.strides, contiguousStrides(a.shape)));
  const found = own ? { storage: r.storage as CpuBuffer, offset: r.offset } : { storage: a.astype(a.dtype).eval().node.realized!.storage as CpuBuffer, offset: 0 };
  checkRead(found.storage);
  return found;
}

/**
 * The elements of `a` as readStored gives them, for a reader done before the array is next
 * written: on the CPU backend a view of its memory (no copy), on CUDA a copy.
 */
export function readStoredView(a: NDArray, op: string): StoredArray {
  if (!(a.runner instanceof CpuRunner)) return readStored(a, op);
  const { storage, offset } = contiguousHost(a, op);
  return cpuStored(a.dtype, storage, offset * a.dtype.itemsize, a.size);
}

/**
 * The elements of `a`, C-contiguous, in the TypedArray that stores its dtype (dtype.jsArray:
 * float16 as a Uint16Array of bits, bool as a Uint8Array of 0s and 1s, int64 as a BigInt64Array).
 * On the CPU backend it is a view of the array's memory where the array is contiguous (a copy
 * where it is a strided or broadcast view); writes through it are seen by the array. On CUDA it
 * is a copy.
 */
export function toTypedArray(a: NDArray): StoredArray {
  if (!(a.runner instanceof CpuRunner)) return readStored(a, 'toTypedArray');
  const { storage, offset } = contiguousHost(a, 'toTypedArray');
  return viewStored(a.dtype, storage.share(), offset * a.dtype.itemsize, a.size);
}
