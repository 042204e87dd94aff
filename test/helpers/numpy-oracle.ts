/**
 * A NumPy oracle for tests: describe computations in JS, let one python3 process evaluate the
 * whole batch (numpy_oracle.py), compare the answers with compareArrays / expectClose.
 *
 *   const [r] = numpy([{ expr: 'np.add(a, b)', inputs: { a, b } }]);
 *   if (r.ok) expectClose(mine, r.value as HostArray);
 *
 * Also here: randomArray (deterministic inputs) and a float16 bits <-> number pair, so that the
 * oracle depends on nothing in src/ and can check it.
 */
import { spawnSync } from 'node:child_process';
import { endianness } from 'node:os';
import { fileURLToPath } from 'node:url';

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

export type TypedArray =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Uint16Array
  | Uint32Array
  | BigUint64Array
  | Float32Array
  | Float64Array;

/**
 * An array on the host. bool: Uint8Array of 0/1; float16: Uint16Array of raw bits;
 * int64: BigInt64Array; uint64: BigUint64Array; complex64/complex128: Float32Array/Float64Array of
 * interleaved (re, im) pairs (two slots per element); the others their natural TypedArray.
 */
export interface HostArray {
  dtype: DTypeName;
  shape: number[];
  data: TypedArray;
}

/**
 * A Python scalar: bigint -> int; number -> int when integer-valued (but -0 -> float), else float;
 * boolean -> bool; { re, im } -> complex.
 */
export type OracleScalar = number | bigint | boolean | { re: number; im: number };

export interface OracleCase {
  /** A Python expression over `np` and the input names, e.g. "np.add(a, b)"; a tuple or list gives several arrays. */
  expr: string;
  inputs: Record<string, HostArray | OracleScalar>;
}

export type OracleResult =
  | { ok: true; value: HostArray | HostArray[] }
  | { ok: false; error: string };

interface ArrayJson {
  dtype: DTypeName;
  shape: number[];
  b64: string;
}

type InputJson =
  | ({ t: 'array' } & ArrayJson)
  | { t: 'int'; v: string }
  | { t: 'float'; v: string }
  | { t: 'bool'; v: boolean }
  | { t: 'complex'; re: string; im: string };

type ResultJson = { ok: true; tuple: boolean; values: ArrayJson[] } | { ok: false; error: string };

interface DTypeInfo {
  kind: 'b' | 'i' | 'u' | 'f' | 'c';
  itemsize: number;
  make: (buffer: ArrayBuffer, length: number) => TypedArray;
  ctor: { name: string };
}

const DTYPE_INFO: Record<DTypeName, DTypeInfo> = {
  bool: { kind: 'b', itemsize: 1, make: (b, n) => new Uint8Array(b, 0, n), ctor: Uint8Array },
  int8: { kind: 'i', itemsize: 1, make: (b, n) => new Int8Array(b, 0, n), ctor: Int8Array },
  int16: { kind: 'i', itemsize: 2, make: (b, n) => new Int16Array(b, 0, n), ctor: Int16Array },
  int32: { kind: 'i', itemsize: 4, make: (b, n) => new Int32Array(b, 0, n), ctor: Int32Array },
  int64: { kind: 'i', itemsize: 8, make: (b, n) => new BigInt64Array(b, 0, n), ctor: BigInt64Array },
  uint8: { kind: 'u', itemsize: 1, make: (b, n) => new Uint8Array(b, 0, n), ctor: Uint8Array },
  uint16: { kind: 'u', itemsize: 2, make: (b, n) => new Uint16Array(b, 0, n), ctor: Uint16Array },
  uint32: { kind: 'u', itemsize: 4, make: (b, n) => new Uint32Array(b, 0, n), ctor: Uint32Array },
  uint64: { kind: 'u', itemsize: 8, make: (b, n) => new BigUint64Array(b, 0, n), ctor: BigUint64Array },
  float16: { kind: 'f', itemsize: 2, make: (b, n) => new Uint16Array(b, 0, n), ctor: Uint16Array },
  float32: { kind: 'f', itemsize: 4, make: (b, n) => new Float32Array(b, 0, n), ctor: Float32Array },
  float64: { kind: 'f', itemsize: 8, make: (b, n) => new Float64Array(b, 0, n), ctor: Float64Array },
  complex64: { kind: 'c', itemsize: 8, make: (b, n) => new Float32Array(b, 0, 2 * n), ctor: Float32Array },
  complex128: { kind: 'c', itemsize: 16, make: (b, n) => new Float64Array(b, 0, 2 * n), ctor: Float64Array },
};

/** The real dtypes (what most op-by-dtype tests iterate); COMPLEX_DTYPE_NAMES are the other two. */
export const DTYPE_NAMES = (Object.keys(DTYPE_INFO) as DTypeName[]).filter((d) => DTYPE_INFO[d].kind !== 'c');
export const COMPLEX_DTYPE_NAMES: DTypeName[] = ['complex64', 'complex128'];

/** TypedArray slots per element: 2 for complex dtypes. */
export const slotsOf = (dtype: DTypeName): number => (DTYPE_INFO[dtype].kind === 'c' ? 2 : 1);

const ORACLE_SCRIPT = fileURLToPath(new URL('./numpy_oracle.py', import.meta.url));
const PYTHON = process.env.PYTHON ?? 'python3';

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/**
 * A zero-filled HostArray of the dtype's TypedArray, or one filled with fill(flatIndex).
 * For int64/uint64 a number from fill becomes a bigint; for float16 fill returns raw bits.
 */
export function hostArray(dtype: DTypeName, shape: number[], fill?: (i: number) => number | bigint): HostArray {
  const n = sizeOf(shape);
  const info = DTYPE_INFO[dtype];
  const data = info.make(new ArrayBuffer(n * info.itemsize), n);
  const wide = info.itemsize === 8 && info.kind !== 'f' && info.kind !== 'c';
  if (fill) {
    const slots = data as unknown as (number | bigint)[];
    for (let i = 0; i < n * slotsOf(dtype); i++) {
      const v = fill(i);
      slots[i] = wide && typeof v === 'number' ? BigInt(v) : v;
    }
  }
  return { dtype, shape, data };
}

/** The elements as a plain array (bigints for int64/uint64, raw bits for float16). */
export function elements(a: HostArray): (number | bigint)[] {
  return Array.from(a.data as ArrayLike<number | bigint>);
}

function checkHostArray(name: string, a: HostArray): void {
  const info = DTYPE_INFO[a.dtype];
  if (!info) throw new Error(`numpy oracle: input ${name}: unknown dtype ${String(a.dtype)}`);
  if (a.data.constructor.name !== info.ctor.name) {
    throw new Error(`numpy oracle: input ${name}: expected ${info.ctor.name} for ${a.dtype}, got ${a.data.constructor.name}`);
  }
  if (a.data.length !== sizeOf(a.shape) * slotsOf(a.dtype)) {
    throw new Error(`numpy oracle: input ${name}: shape [${a.shape}] holds ${sizeOf(a.shape)} elements, data has ${a.data.length}`);
  }
}

function encodeInput(name: string, value: HostArray | OracleScalar): InputJson {
  switch (typeof value) {
    case 'boolean':
      return { t: 'bool', v: value };
    case 'bigint':
      return { t: 'int', v: value.toString() };
    case 'number':
      if (Number.isInteger(value) && !Object.is(value, -0)) return { t: 'int', v: BigInt(value).toString() };
      return { t: 'float', v: pyFloat(value) };
    default: {
      if (!('dtype' in value)) return { t: 'complex', re: pyFloat(value.re), im: pyFloat(value.im) };
      checkHostArray(name, value);
      const bytes = Buffer.from(value.data.buffer, value.data.byteOffset, value.data.byteLength);
      return { t: 'array', dtype: value.dtype, shape: [...value.shape], b64: bytes.toString('base64') };
    }
  }
}

/** A number as Python's float() reads it exactly: String() round-trips a double ('NaN', 'Infinity', '-1e-7'), and -0 is '-0.0'. */
function pyFloat(x: number): string {
  return Object.is(x, -0) ? '-0.0' : String(x);
}

function decodeArray(json: ArrayJson): HostArray {
  const info = DTYPE_INFO[json.dtype];
  const bytes = Buffer.from(json.b64, 'base64');
  const n = sizeOf(json.shape);
  if (bytes.length !== n * info.itemsize) {
    throw new Error(`numpy oracle: result of shape [${json.shape}] ${json.dtype} came with ${bytes.length} bytes`);
  }
  const buffer = new ArrayBuffer(bytes.length); // fresh and aligned, unlike Buffer's pool
  new Uint8Array(buffer).set(bytes);
  return { dtype: json.dtype, shape: json.shape, data: info.make(buffer, n) };
}

/**
 * Evaluate every case in ONE python3 process. A case that raises in Python gives
 * { ok: false, error: "TypeError: ..." }; only a failure of the process itself throws.
 */
export function numpy(cases: OracleCase[]): OracleResult[] {
  if (cases.length === 0) return [];
  if (endianness() !== 'LE') throw new Error('numpy oracle: the raw-bytes transport assumes a little-endian host');
  const request = {
    cases: cases.map((c) => ({
      expr: c.expr,
      inputs: Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, encodeInput(k, v)])),
    })),
  };
  const proc = spawnSync(PYTHON, [ORACLE_SCRIPT], {
    input: JSON.stringify(request),
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
  if (proc.error) throw new Error(`numpy oracle: could not run ${PYTHON} ${ORACLE_SCRIPT}: ${proc.error.message}`);
  if (proc.status !== 0) {
    throw new Error(`numpy oracle: ${PYTHON} exited with ${proc.status ?? proc.signal}:\n${proc.stderr}`);
  }
  const { results } = JSON.parse(proc.stdout) as { results: ResultJson[] };
  if (results.length !== cases.length) {
    throw new Error(`numpy oracle: asked ${cases.length} cases, got ${results.length} answers`);
  }
  return results.map((r): OracleResult => {
    if (!r.ok) return { ok: false, error: r.error };
    const values = r.values.map(decodeArray);
    return { ok: true, value: r.tuple ? values : values[0] };
  });
}

/** The oracle's NumPy version as [major, minor] (behaviour that changed between versions is checked against the one it has). */
export function numpyVersion(): [number, number] {
  const proc = spawnSync(PYTHON, ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' });
  const [major, minor] = String(proc.stdout).trim().split('.').map(Number);
  return [major, minor];
}

export function numpyOne(expr: string, inputs: OracleCase['inputs']): OracleResult {
  return numpy([{ expr, inputs }])[0];
}

// ---------------------------------------------------------------------------------------------
// float16 bits <-> number

/** Decode IEEE binary16 bits to a number. */
export function f16BitsToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const frac = x - floor;
  if (frac > 0.5) return floor + 1;
  if (frac < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Encode a number as IEEE binary16 bits, rounding to nearest even (NaN -> 0x7e00). */
export function numberToF16Bits(x: number): number {
  if (Number.isNaN(x)) return 0x7e00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a >= 65520) return sign | 0x7c00; // 65520 is halfway between 65504 and 2^16: ties to even, i.e. to inf
  if (a < 2 ** -14) return sign | roundHalfEven(a * 2 ** 24); // subnormal; 1024 rounds up into the smallest normal
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  if (2 ** (e + 1) <= a) e++;
  let m = roundHalfEven((a / 2 ** e - 1) * 1024); // exact in double, so one rounding
  if (m === 1024) {
    m = 0;
    e++;
  }
  return sign | ((e + 15) << 10) | m;
}

// ---------------------------------------------------------------------------------------------
// Comparison

export interface Tolerance {
  rtol: number;
  atol: number;
}

/**
 * Options of compareArrays: a Tolerance (missing fields from defaultTolerance), and signedZero,
 * which requires identical bits for floats (so -0 differs from 0). Even then any NaN matches
 * any NaN: NaN payloads are not part of what NumPy promises.
 */
export interface CompareOptions extends Partial<Tolerance> {
  signedZero?: boolean;
}

export function defaultTolerance(dtype: DTypeName): Tolerance {
  switch (dtype) {
    case 'float16':
      return { rtol: 1e-3, atol: 1e-3 };
    case 'float32':
    case 'complex64':
      return { rtol: 1e-5, atol: 1e-6 };
    case 'float64':
    case 'complex128':
      return { rtol: 1e-12, atol: 1e-14 };
    default:
      return { rtol: 0, atol: 0 };
  }
}

export type Comparison = { ok: true } | { ok: false; message: string };

const MAX_LISTED = 5;

function elementAsNumber(a: HostArray, i: number): number {
  const v = a.data[i] as number;
  return a.dtype === 'float16' ? f16BitsToNumber(v) : v;
}

function formatElement(a: HostArray, i: number): string {
  if (a.dtype === 'float16') {
    const bits = a.data[i] as number;
    return `${formatNumber(f16BitsToNumber(bits))} (0x${bits.toString(16).padStart(4, '0')})`;
  }
  const v = a.data[i];
  return typeof v === 'bigint' ? v.toString() : formatNumber(v);
}

function formatNumber(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v);
}

function floatBitsEqual(a: HostArray, b: HostArray, i: number): boolean {
  if (a.dtype === 'float16') return a.data[i] === b.data[i];
  return Object.is(a.data[i], b.data[i]); // distinguishes -0 from 0; all NaN handled by the caller
}

function elementsMatch(actual: HostArray, expected: HostArray, i: number, tol: Tolerance, signedZero: boolean): boolean {
  const kind = DTYPE_INFO[actual.dtype].kind;
  if (kind !== 'f' && kind !== 'c') return actual.data[i] === expected.data[i];
  const a = elementAsNumber(actual, i);
  const e = elementAsNumber(expected, i);
  if (Number.isNaN(a) || Number.isNaN(e)) return Number.isNaN(a) && Number.isNaN(e);
  if (signedZero) return floatBitsEqual(actual, expected, i);
  if (!Number.isFinite(a) || !Number.isFinite(e)) return a === e;
  return Math.abs(a - e) <= tol.atol + tol.rtol * Math.abs(e);
}

/** Compare dtype, shape, then every element (floats within tolerance, the rest exactly). */
export function compareArrays(actual: HostArray, expected: HostArray, tol?: CompareOptions): Comparison {
  if (actual.dtype !== expected.dtype) {
    return { ok: false, message: `dtype mismatch: actual ${actual.dtype}, expected ${expected.dtype}` };
  }
  const sameShape = actual.shape.length === expected.shape.length && actual.shape.every((d, k) => d === expected.shape[k]);
  if (!sameShape) {
    return { ok: false, message: `shape mismatch: actual [${actual.shape.join(', ')}], expected [${expected.shape.join(', ')}] (${actual.dtype})` };
  }
  // complex arrays compare slot by slot: each real and imaginary part as a float
  const n = sizeOf(expected.shape) * slotsOf(expected.dtype);
  if (actual.data.length !== n || expected.data.length !== n) {
    return { ok: false, message: `data length mismatch: actual ${actual.data.length}, expected ${expected.data.length}, shape [${expected.shape.join(', ')}] holds ${n}` };
  }
  const tolerance = { ...defaultTolerance(expected.dtype), ...definedFields(tol) };
  const signedZero = tol?.signedZero ?? false;
  const listed: string[] = [];
  let mismatches = 0;
  for (let i = 0; i < n; i++) {
    if (elementsMatch(actual, expected, i, tolerance, signedZero)) continue;
    mismatches++;
    if (listed.length < MAX_LISTED) listed.push(`  [${i}] actual ${formatElement(actual, i)}, expected ${formatElement(expected, i)}`);
  }
  if (mismatches === 0) return { ok: true };
  const how = !'fc'.includes(DTYPE_INFO[expected.dtype].kind) ? 'exact' : signedZero ? 'identical bits' : `rtol ${tolerance.rtol}, atol ${tolerance.atol}`;
  const more = mismatches > listed.length ? `\n  ... and ${mismatches - listed.length} more` : '';
  return {
    ok: false,
    message: `${mismatches} of ${n} elements differ (${expected.dtype} [${expected.shape.join(', ')}], ${how}):\n${listed.join('\n')}${more}`,
  };
}

function definedFields(tol: CompareOptions | undefined): Partial<Tolerance> {
  const out: Partial<Tolerance> = {};
  if (tol?.rtol !== undefined) out.rtol = tol.rtol;
  if (tol?.atol !== undefined) out.atol = tol.atol;
  return out;
}

/** compareArrays requiring identical float bits (-0 is not 0), for signed-zero tests. */
export function compareArraysExact(actual: HostArray, expected: HostArray): Comparison {
  return compareArrays(actual, expected, { signedZero: true });
}

/** Throw an Error with compareArrays' message when the arrays differ. */
export function expectClose(actual: HostArray, expected: HostArray, tol?: CompareOptions): void {
  const result = compareArrays(actual, expected, tol);
  if (!result.ok) throw new Error(result.message);
}

// ---------------------------------------------------------------------------------------------
// Deterministic random inputs

export interface RandomOptions {
  low?: number;
  high?: number;
  /** Mix in NaN, +-Inf, -0 and 0 for floats; the dtype's min and max for integers. */
  special?: boolean;
}

/** mulberry32: a 32-bit state PRNG, returns uniform numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const INT_RANGE: Record<string, { min: bigint; max: bigint; low: number; high: number }> = {
  int8: { min: -128n, max: 127n, low: -128, high: 127 },
  int16: { min: -32768n, max: 32767n, low: -32768, high: 32767 },
  int32: { min: -(2n ** 31n), max: 2n ** 31n - 1n, low: -1000, high: 1000 },
  int64: { min: -(2n ** 63n), max: 2n ** 63n - 1n, low: -1000, high: 1000 },
  uint8: { min: 0n, max: 255n, low: 0, high: 255 },
  uint16: { min: 0n, max: 65535n, low: 0, high: 65535 },
  uint32: { min: 0n, max: 2n ** 32n - 1n, low: 0, high: 1000 },
  uint64: { min: 0n, max: 2n ** 64n - 1n, low: 0, high: 1000 },
};

const FLOAT_SPECIALS = [NaN, Infinity, -Infinity, -0, 0];
const SPECIAL_CHANCE = 0.25;

/**
 * A deterministic random array. Defaults: floats in [-10, 10); int8/int16 over their whole range;
 * int32/int64 in [-1000, 1000]; uint8/uint16 over their whole range, uint32/uint64 in [0, 1000];
 * bool 0/1. Integer bounds are inclusive.
 */
export function randomArray(dtype: DTypeName, shape: number[], seed: number, opts: RandomOptions = {}): HostArray {
  const rand = mulberry32(seed);
  const n = sizeOf(shape);
  const special = opts.special ?? false;
  const out = hostArray(dtype, shape);
  const data = out.data as unknown as (number | bigint)[];
  const kind = DTYPE_INFO[dtype].kind;
  if (kind === 'b') {
    for (let i = 0; i < n; i++) data[i] = rand() < 0.5 ? 0 : 1;
  } else if (kind === 'c') {
    // each part as a float of the part's precision: (re, im) slots in turn
    const low = opts.low ?? -10;
    const high = opts.high ?? 10;
    for (let i = 0; i < 2 * n; i++) {
      let v = low + (high - low) * rand();
      if (special && rand() < SPECIAL_CHANCE) v = FLOAT_SPECIALS[Math.floor(rand() * FLOAT_SPECIALS.length)];
      data[i] = v;
    }
  } else if (kind === 'f') {
    const low = opts.low ?? -10;
    const high = opts.high ?? 10;
    for (let i = 0; i < n; i++) {
      let v = low + (high - low) * rand();
      if (special && rand() < SPECIAL_CHANCE) v = FLOAT_SPECIALS[Math.floor(rand() * FLOAT_SPECIALS.length)];
      data[i] = dtype === 'float16' ? numberToF16Bits(v) : v;
    }
  } else {
    const range = INT_RANGE[dtype];
    const low = Math.ceil(opts.low ?? range.low);
    const high = Math.floor(opts.high ?? range.high);
    if (low > high) throw new Error(`randomArray: expected low <= high, got ${low} > ${high}`);
    const wide = dtype === 'int64' || dtype === 'uint64';
    for (let i = 0; i < n; i++) {
      const u = rand() + rand() / 2 ** 32; // ~53 random bits for wide ranges
      let v = BigInt(Math.min(high, low + Math.floor(u * (high - low + 1))));
      if (special && rand() < SPECIAL_CHANCE) v = rand() < 0.5 ? range.min : range.max;
      v = v < range.min ? range.min : v > range.max ? range.max : v;
      data[i] = wide ? v : Number(v);
    }
  }
  return out;
}
