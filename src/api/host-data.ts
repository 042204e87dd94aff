// Host-side representation of array data: which TypedArray holds each dtype, and conversions
// between user values and stored elements.
import type { DType } from '../ir/dtype.js';
import { f16BitsToNumber, numberToF16Bits } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';

export type StoredArray =
  | Uint8Array | Int8Array | Int16Array | Int32Array | BigInt64Array
  | Uint16Array | Uint32Array | BigUint64Array | Float32Array | Float64Array;

type StoredArrayCtor = { new (n: number): StoredArray; new (buffer: ArrayBufferLike, byteOffset: number, length: number): StoredArray };

const CTORS: Record<DType['name'], StoredArrayCtor> = {
  bool: Uint8Array, int8: Int8Array, int16: Int16Array, int32: Int32Array, int64: BigInt64Array,
  uint8: Uint8Array, uint16: Uint16Array, uint32: Uint32Array, uint64: BigUint64Array,
  float16: Uint16Array, float32: Float32Array, float64: Float64Array,
} as unknown as Record<DType['name'], StoredArrayCtor>;

/**
 * A typed array of `n` elements as the dtype is stored (float16 as raw bits). Where the host
 * cannot make one that big, an ERR_OUT_OF_MEMORY error that names `op`.
 */
export function allocStored(d: DType, n: number, op = 'allocate'): StoredArray {
  try {
    return new CTORS[d.name](n);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    throw new CupytsError('ERR_OUT_OF_MEMORY', `${op}: cannot allocate ${n} ${d.name} elements (${n * d.itemsize} bytes) in host memory: ${err.message}`, { cause: err });
  }
}

/** A typed array view over stored bytes. */
export function viewStored(d: DType, buffer: ArrayBufferLike, byteOffset = 0, length?: number): StoredArray {
  return new CTORS[d.name](buffer, byteOffset, length ?? (buffer.byteLength - byteOffset) / d.itemsize);
}

/** Stores a user value (number, bigint or boolean) as an element of dtype `d` (C-style cast). */
export function storeElement(d: DType, out: StoredArray, i: number, v: number | bigint | boolean): void {
  if (d.name === 'bool') {
    out[i] = (typeof v === 'bigint' ? v !== 0n : Boolean(v)) ? 1 : 0;
  } else if (d.name === 'int64' || d.name === 'uint64') {
    const big = typeof v === 'bigint' ? v : typeof v === 'boolean' ? BigInt(v) : Number.isFinite(v) ? BigInt(Math.trunc(v)) : 0n;
    (out as BigInt64Array)[i] = d.name === 'int64' ? BigInt.asIntN(64, big) : BigInt.asUintN(64, big);
  } else {
    const x = typeof v === 'number' ? v : Number(v);
    if (d.name === 'float16') out[i] = numberToF16Bits(x);
    else if (d.kind === 'f') out[i] = x;
    else out[i] = Number.isFinite(x) ? Math.trunc(x) : 0; // typed arrays wrap integers modulo 2^bits
  }
}

/** The user-facing value of element i: boolean, bigint (64-bit ints) or number. */
export function loadElement(d: DType, data: StoredArray, i: number): number | bigint | boolean {
  if (d.name === 'bool') return data[i] !== 0;
  if (d.name === 'float16') return f16BitsToNumber(data[i] as number);
  return data[i];
}

/** What data()/dataSync() return: float16 widened to Float32Array, everything else as stored. */
export function publicData(d: DType, stored: StoredArray): StoredArray {
  if (d.name !== 'float16') return stored;
  const out = new Float32Array(stored.length);
  for (let i = 0; i < stored.length; i++) out[i] = f16BitsToNumber(stored[i] as number);
  return out;
}
