// Host-side representation of array data: which TypedArray holds each dtype, and conversions
// between user values and stored elements. A complex element takes two slots of its TypedArray
// (Float32Array for complex64, Float64Array for complex128): the real part, then the imaginary.
import { isComplex, makeComplex, type Complex } from '../ir/complex.js';
import type { DType } from '../ir/dtype.js';
import { f16BitsToNumber, numberToF16Bits, truthOf } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import type { CpuBuffer } from '../runtime/cpu-device.js';

export type StoredArray =
  | Uint8Array | Int8Array | Int16Array | Int32Array | BigInt64Array
  | Uint16Array | Uint32Array | BigUint64Array | Float32Array | Float64Array;

type StoredArrayCtor = { new (n: number): StoredArray; new (buffer: ArrayBufferLike, byteOffset: number, length: number): StoredArray };

const CTORS: Record<DType['name'], StoredArrayCtor> = {
  bool: Uint8Array, int8: Int8Array, int16: Int16Array, int32: Int32Array, int64: BigInt64Array,
  uint8: Uint8Array, uint16: Uint16Array, uint32: Uint32Array, uint64: BigUint64Array,
  float16: Uint16Array, float32: Float32Array, float64: Float64Array,
  complex64: Float32Array, complex128: Float64Array,
} as unknown as Record<DType['name'], StoredArrayCtor>;

/** Whether `src` holds dtype `d`'s elements exactly as stored (a Float32Array for float32, ...) in memory native code can read (not a SharedArrayBuffer). */
export function isStoredLayout(d: DType, src: ArrayBufferView): src is StoredArray {
  return d.name !== 'float16' && d.name !== 'bool' && d.kind !== 'c' && src.constructor === CTORS[d.name] && !(src.buffer instanceof SharedArrayBuffer);
}

/** TypedArray slots per element: 2 for complex dtypes (re, im), 1 otherwise. */
export const slotsPerElement = (d: DType): number => (d.kind === 'c' ? 2 : 1);

/**
 * A typed array of `n` elements as the dtype is stored (float16 as raw bits). Where the host
 * cannot make one that big, an ERR_OUT_OF_MEMORY error that names `op`.
 */
export function allocStored(d: DType, n: number, op = 'allocate'): StoredArray {
  try {
    return new CTORS[d.name](n * slotsPerElement(d));
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    throw new CupytsError('ERR_OUT_OF_MEMORY', `${op}: cannot allocate ${n} ${d.name} elements (${n * d.itemsize} bytes) in host memory: ${err.message}`, { cause: err });
  }
}

/** A typed array view over stored bytes; `length` counts elements (a complex one is two slots). */
export function viewStored(d: DType, buffer: ArrayBufferLike, byteOffset = 0, length?: number): StoredArray {
  const elements = length ?? (buffer.byteLength - byteOffset) / d.itemsize;
  return new CTORS[d.name](buffer, byteOffset, elements * slotsPerElement(d));
}

/** The elements of a CPU buffer (from `byteOffset` on; to its end by default) as viewStored gives them. */
export function cpuStored(d: DType, b: CpuBuffer, byteOffset = 0, length?: number): StoredArray {
  return viewStored(d, b.buffer, b.byteOffset + byteOffset, length ?? (b.bytes - byteOffset) / d.itemsize);
}

/**
 * Stores a user value (number, bigint, boolean or complex) as element i of dtype `d` (C-style
 * cast; a complex value stored in a real dtype keeps its real part, as NumPy's unsafe cast).
 */
export function storeElement(d: DType, out: StoredArray, i: number, v: number | bigint | boolean | Complex): void {
  if (d.kind === 'c') {
    const z = isComplex(v) ? v : { re: Number(v), im: 0 };
    out[2 * i] = z.re;
    out[2 * i + 1] = z.im;
    return;
  }
  if (d.name === 'bool') {
    out[i] = truthOf(v) ? 1 : 0;
    return;
  }
  if (isComplex(v)) v = v.re;
  if (d.name === 'int64' || d.name === 'uint64') {
    const big = typeof v === 'bigint' ? v : typeof v === 'boolean' ? BigInt(v) : Number.isFinite(v) ? BigInt(Math.trunc(v)) : 0n;
    (out as BigInt64Array)[i] = d.name === 'int64' ? BigInt.asIntN(64, big) : BigInt.asUintN(64, big);
  } else {
    const x = typeof v === 'number' ? v : Number(v);
    if (d.name === 'float16') out[i] = numberToF16Bits(x);
    else if (d.kind === 'f') out[i] = x;
    else out[i] = Number.isFinite(x) ? Math.trunc(x) : 0; // typed arrays wrap integers modulo 2^bits
  }
}

/** The user-facing value of element i: boolean, bigint (64-bit ints), number or complex. */
export function loadElement(d: DType, data: StoredArray, i: number): number | bigint | boolean | Complex {
  if (d.kind === 'c') return makeComplex(data[2 * i] as number, data[2 * i + 1] as number);
  if (d.name === 'bool') return data[i] !== 0;
  if (d.name === 'float16') return f16BitsToNumber(data[i] as number);
  return data[i];
}

/** What data()/dataSync() return: float16 widened to Float32Array, everything else as stored (complex interleaved). */
export function publicData(d: DType, stored: StoredArray): StoredArray {
  if (d.name !== 'float16') return stored;
  const out = new Float32Array(stored.length);
  for (let i = 0; i < stored.length; i++) out[i] = f16BitsToNumber(stored[i] as number);
  return out;
}
