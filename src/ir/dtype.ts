/**
 * The fourteen dtypes of cupyts: one frozen object each, with the facts every layer needs
 * (NumPy kind, size, CUDA C type, host TypedArray). Compare dtypes with `===`.
 * Type promotion lives in promotion.ts; float16 bit conversions are at the end of this file.
 */
import { isComplex, makeComplex, type Complex } from './complex.js';
import { CupytsError, describe } from './errors.js';

export type DTypeName =
  | 'bool'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'float16'
  | 'float32'
  | 'float64'
  | 'complex64'
  | 'complex128';

/** NumPy's kind character: bool, signed integer, unsigned integer, floating point, complex floating point. */
export type DTypeKind = 'b' | 'i' | 'u' | 'f' | 'c';

/** The TypedArray that holds a dtype's elements on the host. */
export type TypedArrayName =
  | 'Uint8Array'
  | 'Int8Array'
  | 'Int16Array'
  | 'Int32Array'
  | 'BigInt64Array'
  | 'Uint16Array'
  | 'Uint32Array'
  | 'BigUint64Array'
  | 'Float32Array'
  | 'Float64Array';

/** Prints a value with util.inspect (console.log) as this returns; a registered symbol, so no import of node:util. */
export const INSPECT = Symbol.for('nodejs.util.inspect.custom');

export interface DType {
  readonly name: DTypeName;
  readonly kind: DTypeKind;
  /** Bytes per element. */
  readonly itemsize: number;
  /** The CUDA C type of one element. */
  readonly cType: string;
  /**
   * Host TypedArray: bool is stored as 0/1 bytes, float16 as raw bits in a Uint16Array, complex
   * as interleaved (re, im) pairs of its float part (two TypedArray slots per element).
   */
  readonly jsArray: TypedArrayName;
  /** The name, as NumPy's str(dtype). */
  toString(): DTypeName;
  /** console.log(x.dtype) prints the name, as NumPy's print(x.dtype). */
  [INSPECT](): DTypeName;
}

function makeDType(
  name: DTypeName,
  kind: DTypeKind,
  itemsize: number,
  cType: string,
  jsArray: TypedArrayName,
): DType {
  return Object.freeze({ name, kind, itemsize, cType, jsArray, toString: () => name, [INSPECT]: () => name });
}

export const bool_ = makeDType('bool', 'b', 1, 'bool', 'Uint8Array');
export const int8 = makeDType('int8', 'i', 1, 'signed char', 'Int8Array');
export const int16 = makeDType('int16', 'i', 2, 'short', 'Int16Array');
export const int32 = makeDType('int32', 'i', 4, 'int', 'Int32Array');
export const int64 = makeDType('int64', 'i', 8, 'long long', 'BigInt64Array');
export const uint8 = makeDType('uint8', 'u', 1, 'unsigned char', 'Uint8Array');
export const uint16 = makeDType('uint16', 'u', 2, 'unsigned short', 'Uint16Array');
export const uint32 = makeDType('uint32', 'u', 4, 'unsigned int', 'Uint32Array');
export const uint64 = makeDType('uint64', 'u', 8, 'unsigned long long', 'BigUint64Array');
export const float16 = makeDType('float16', 'f', 2, '__half', 'Uint16Array');
export const float32 = makeDType('float32', 'f', 4, 'float', 'Float32Array');
export const float64 = makeDType('float64', 'f', 8, 'double', 'Float64Array');
/** Complex dtypes: cType names the struct of the CUDA prelude (src/codegen/cuda-prelude.ts). */
export const complex64 = makeDType('complex64', 'c', 8, 'cp_c64', 'Float32Array');
export const complex128 = makeDType('complex128', 'c', 16, 'cp_c128', 'Float64Array');
export { bool_ as bool };

export const DTYPES: Readonly<Record<DTypeName, DType>> = Object.freeze({
  bool: bool_,
  int8,
  int16,
  int32,
  int64,
  uint8,
  uint16,
  uint32,
  uint64,
  float16,
  float32,
  float64,
  complex64,
  complex128,
});

/** All dtype names, in NumPy's usual order (bool, signed, unsigned, float, complex). */
export const DTYPE_NAMES: readonly DTypeName[] = Object.freeze(Object.keys(DTYPES) as DTypeName[]);

/** NumPy spellings accepted besides the canonical names (each checked against np.dtype). */
const ALIASES = {
  bool_: 'bool',
  '?': 'bool',
  b1: 'bool',
  int: 'int64',
  long: 'int64',
  uint: 'uint64',
  half: 'float16',
  single: 'float32',
  float: 'float64',
  double: 'float64',
  i1: 'int8',
  i2: 'int16',
  i4: 'int32',
  i8: 'int64',
  u1: 'uint8',
  u2: 'uint16',
  u4: 'uint32',
  u8: 'uint64',
  f2: 'float16',
  f4: 'float32',
  f8: 'float64',
  complex: 'complex128',
  csingle: 'complex64',
  cdouble: 'complex128',
  c8: 'complex64',
  c16: 'complex128',
  F: 'complex64',
  D: 'complex128',
} as const satisfies Record<string, DTypeName>;

/** A NumPy spelling of a dtype name that cupyts accepts ('float', 'f4', 'i8', '?', …). */
export type DTypeAlias = keyof typeof ALIASES;

/** What a function takes as a dtype: a DType, its name or a NumPy alias. A misspelt name does not compile. */
export type DTypeLike = DType | DTypeName | DTypeAlias;

/**
 * A DType from a DType, a dtype name or a NumPy alias ('float', 'f4', 'i8', '?', …). Typed to
 * accept only those; any other value (from JS, or a string read at run time) is an error naming `op`.
 */
export function toDType(x: DTypeLike, op = 'dtype'): DType {
  if (typeof x === 'string') {
    const name = lookupName(x);
    if (name === undefined) {
      throw new CupytsError(
        'ERR_DTYPE',
        `${op}: unknown dtype ${describe(x)}; expected one of ${DTYPE_NAMES.join(', ')}`,
      );
    }
    return DTYPES[name];
  }
  const name = (x as { name?: unknown } | null)?.name;
  if (typeof x === 'object' && typeof name === 'string' && Object.hasOwn(DTYPES, name)) {
    return DTYPES[name as DTypeName];
  }
  throw new CupytsError('ERR_DTYPE', `${op}: expected a dtype or dtype name, got ${describe(x)}`);
}

function lookupName(text: string): DTypeName | undefined {
  if (Object.hasOwn(DTYPES, text)) return text as DTypeName;
  if (Object.hasOwn(ALIASES, text)) return ALIASES[text as DTypeAlias];
  return undefined;
}

/** A JS scalar's truth as NumPy's bool() (C's conversion): nonzero is true, NaN included; complex where either part is. */
export function truthOf(value: number | bigint | boolean | Complex): boolean {
  if (typeof value === 'bigint') return value !== 0n;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'boolean') return value;
  return value.re !== 0 || value.im !== 0;
}

/**
 * A JS scalar as a value of `d`, converted as C converts (a float into an integer dtype drops
 * its fraction, integers wrap; NaN and infinities become 0): bool as a boolean, 64-bit integers
 * as bigints, complex dtypes as a complex scalar (complex64's parts rounded to float32), every
 * other dtype as a number; a complex value into a real dtype keeps its real part (NumPy's unsafe
 * cast). Range checks, where NumPy makes them, are the caller's.
 */
export function castScalar(value: number | bigint | boolean | Complex, d: DType): number | bigint | boolean | Complex {
  if (d.kind === 'c') {
    const z = isComplex(value) ? value : { re: Number(value), im: 0 };
    return d.itemsize === 8 ? makeComplex(Math.fround(z.re), Math.fround(z.im)) : makeComplex(z.re, z.im);
  }
  if (d.kind === 'b') return truthOf(value);
  if (isComplex(value)) return castScalar(value.re, d);
  if (d.kind === 'f') return Number(value);
  const integer = typeof value === 'bigint' ? value : BigInt(Number.isFinite(Number(value)) ? Math.trunc(Number(value)) : 0);
  const bits = 8 * d.itemsize;
  const wrapped = d.kind === 'i' ? BigInt.asIntN(bits, integer) : BigInt.asUintN(bits, integer);
  return bits === 64 ? wrapped : Number(wrapped);
}

export const isBool = (d: DType): boolean => d.kind === 'b';
export const isFloat = (d: DType): boolean => d.kind === 'f';
export const isComplexDType = (d: DType): boolean => d.kind === 'c';

/** The float dtype of a complex dtype's parts (complex64 → float32, complex128 → float64); other dtypes as they are. */
export function realPartDType(d: DType): DType {
  if (d.kind !== 'c') return d;
  return d.itemsize === 8 ? float32 : float64;
}

/** The complex dtype whose parts are float dtype `d` (float16 and float32 → complex64, float64 → complex128). */
export function complexOf(d: DType): DType {
  if (d.kind === 'c') return d;
  return d.itemsize === 8 ? complex128 : complex64;
}
/** Signed or unsigned integer; bool is not an integer. */
export const isInteger = (d: DType): boolean => d.kind === 'i' || d.kind === 'u';
/** Signed integer (NumPy's `signedinteger`); floats and bool are not. */
export const isSigned = (d: DType): boolean => d.kind === 'i';

/** Smallest value of an integer (or bool) dtype, as NumPy's iinfo(d).min. */
export function dtypeMin(d: DType): bigint {
  assertIntegral('dtypeMin', d);
  return d.kind === 'i' ? -(1n << BigInt(8 * d.itemsize - 1)) : 0n;
}

/** Largest value of an integer (or bool) dtype, as NumPy's iinfo(d).max. */
export function dtypeMax(d: DType): bigint {
  assertIntegral('dtypeMax', d);
  if (d.kind === 'b') return 1n;
  const valueBits = d.kind === 'i' ? 8 * d.itemsize - 1 : 8 * d.itemsize;
  return (1n << BigInt(valueBits)) - 1n;
}

function assertIntegral(op: string, d: DType): void {
  if (d.kind === 'f' || d.kind === 'c') {
    throw new CupytsError('ERR_DTYPE', `${op}: expected an integer or bool dtype, got ${d.name}`);
  }
}

// ---- float16 <-> number, as NumPy's npy_half_to_double / npy_double_to_half ----

const F16_EXP_MASK = 0x7c00;
const F16_MANT_MASK = 0x03ff;
const F16_SIGN = 0x8000;
const F16_MAX_PLUS_HALF_ULP = 65520; // halfway from 65504 (odd) to 65536: ties go to inf

/** The value of a float16 given by its 16 raw bits (NaN payloads become plain NaN). */
export function f16BitsToNumber(bits: number): number {
  const sign = bits & F16_SIGN ? -1 : 1;
  const exponent = (bits & F16_EXP_MASK) >> 10;
  const mantissa = bits & F16_MANT_MASK;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? NaN : sign * Infinity;
  return sign * (0x400 + mantissa) * 2 ** (exponent - 25);
}

const scratch = new DataView(new ArrayBuffer(8));

/**
 * The float16 bits nearest to x, rounding halfway cases to even, straight from float64 (no
 * double rounding through float32). Overflow gives ±inf, underflow ±0 or a subnormal; -0 and
 * the sign and top payload bits of a NaN are kept, as in NumPy.
 */
export function numberToF16Bits(x: number): number {
  if (Number.isNaN(x)) return nanToF16Bits(x);
  const sign = x < 0 || Object.is(x, -0) ? F16_SIGN : 0;
  const magnitude = Math.abs(x);
  if (magnitude >= F16_MAX_PLUS_HALF_ULP) return sign | F16_EXP_MASK;
  if (magnitude < 2 ** -14) {
    // subnormal range: steps of 2^-24; a result of 0x400 is the smallest normal, as it should be
    return sign | roundHalfToEven(magnitude * 2 ** 24);
  }
  const exponent = floorLog2(magnitude);
  const significand = roundHalfToEven(magnitude * 2 ** (10 - exponent)); // in [1024, 2048]
  // a significand of 2048 carries into the exponent with a zero mantissa: still correct
  return sign | (((exponent + 15) << 10) + significand - 0x400);
}

function nanToF16Bits(x: number): number {
  scratch.setFloat64(0, x);
  const high = scratch.getUint32(0);
  const sign = high >>> 31 ? F16_SIGN : 0;
  const payload = (high & 0x000fffff) >>> 10;
  return sign | F16_EXP_MASK | (payload === 0 ? 1 : payload);
}

/** floor(log2(x)) for a positive, finite, normal x, exactly (Math.log2 can be off by one). */
function floorLog2(x: number): number {
  let exponent = Math.floor(Math.log2(x));
  if (2 ** exponent > x) exponent -= 1;
  else if (2 ** (exponent + 1) <= x) exponent += 1;
  return exponent;
}

/** Round a non-negative number below 2^52 to an integer, ties to even. */
function roundHalfToEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor; // exact for x below 2^52
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}
