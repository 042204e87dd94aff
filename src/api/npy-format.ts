// NumPy's .npy format (numpy/lib/_format_impl.py): the magic string, the version, the header (the
// repr of a dict with 'descr', 'fortran_order' and 'shape', padded so that the data starts on a
// 64-byte boundary), then the raw elements. Versions 1.0 (2-byte header length), 2.0 (4-byte) and
// 3.0 (4-byte, UTF-8 header) are read; headers are written as NumPy writes them, so that an array
// saved here is the same file, byte for byte, as np.save of the same array.
//
// Pure functions over bytes: file-io.ts does the files and the arrays.
import { DTYPE_NAMES, DTYPES, type DType } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import { sizeOf } from '../ir/shape.js';
import { allocStored, type StoredArray } from './host-data.js';
import { isDict, isTuple, parsePyLiteral, PyLiteralError, pyRepr, type PyValue } from './py-literal.js';

export const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const MAGIC_LEN = 8; // the magic string and the two version bytes
const ARRAY_ALIGN = 64;
const GROWTH_AXIS_MAX_DIGITS = 21;
/** NumPy refuses headers longer than this (characters) unless told otherwise. */
export const MAX_HEADER_SIZE = 10000;

export type NpyVersion = '1.0' | '2.0' | '3.0';

/** True where this machine stores numbers little-endian (the order of every StoredArray). */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

// ---- dtypes and their descr strings ----

/** NumPy's dtype.str for a cupyts dtype in this machine's byte order: '<f8', '<c16', '|b1', '|u1'. */
export function descrOf(d: DType): string {
  const code = `${d.kind}${d.itemsize}`;
  return d.itemsize === 1 ? `|${code}` : `${HOST_LITTLE_ENDIAN ? '<' : '>'}${code}`;
}

/** A dtype read from a descr string, and whether its data is big-endian. */
export interface FileDType { dtype: DType; bigEndian: boolean }

const BY_CODE: Record<string, DType> = Object.fromEntries(Object.values(DTYPES).map((d) => [`${d.kind}${d.itemsize}`, d]));

/** What NumPy calls a dtype cupyts lacks, for the message: 'complex256', 'datetime64[ns]', 'object'. */
function foreignName(descr: PyValue): string {
  if (Array.isArray(descr)) return 'structured';
  if (typeof descr !== 'string') return 'an unknown dtype';
  const body = descr.replace(/^[<>|=!]/, '');
  const sized = /^([a-zA-Z])(\d+)(.*)$/.exec(body);
  const [kind, size, rest] = sized ? [sized[1], Number(sized[2]), sized[3]] : [body, 0, ''];
  switch (kind) {
    case 'c': return `complex${8 * size} (clongdouble)`;
    case 'f': return `float${8 * size} (longdouble)`;
    case 'O': return 'object';
    case 'S': case 'a': return `bytes (S${size})`;
    case 'U': return `str (U${size})`;
    case 'V': return `void (V${size})`;
    case 'M': return `datetime64${rest}`;
    case 'm': return `timedelta64${rest}`;
    default: return `'${body}'`;
  }
}

/**
 * The dtype of a descr: a string like '<f8', '>i4', '<c16', '|b1', '=u2' (or a cupyts dtype name).
 * Anything else (clongdouble, strings, datetimes, objects, structured dtypes) is an ERR_DTYPE
 * error naming it.
 */
export function parseDescr(descr: PyValue, op: string): FileDType {
  if (typeof descr === 'string') {
    const order = '<>|=!'.includes(descr[0]) ? descr[0] : '=';
    const body = order === descr[0] ? descr.slice(1) : descr;
    const d = BY_CODE[body] ?? (Object.hasOwn(DTYPES, body) ? DTYPES[body as keyof typeof DTYPES] : undefined);
    if (d) return { dtype: d, bigEndian: order === '>' || order === '!' || (order === '=' && !HOST_LITTLE_ENDIAN) };
  }
  const why = foreignName(descr) === 'object' ? '; object arrays hold pickled Python objects, which cupyts does not load' : '';
  throw new CupytsError('ERR_DTYPE', `${op}: dtype ${foreignName(descr)} (descr ${pyRepr(descr)}) is not supported by cupyts${why}; expected one of ${DTYPE_NAMES.join(', ')}`);
}

// ---- the header ----

export interface NpyHeader {
  readonly version: NpyVersion;
  readonly dtype: DType;
  readonly bigEndian: boolean;
  readonly fortranOrder: boolean;
  readonly shape: number[];
  /** Where the elements start. */
  readonly dataOffset: number;
}

function damaged(op: string, what: string): CupytsError {
  return new CupytsError('ERR_FILE_FORMAT', `${op}: the .npy data is damaged: ${what}`);
}

/** True where `bytes` starts with the .npy magic string. */
export function isNpy(bytes: Uint8Array): boolean {
  return bytes.length >= NPY_MAGIC.length && NPY_MAGIC.every((b, i) => bytes[i] === b);
}

function headerValue(d: Array<[PyValue, PyValue]>, key: string): PyValue {
  return d.find(([k]) => k === key)![1];
}

/** Reads and checks the header of a .npy file (or member of an .npz). */
export function readNpyHeader(bytes: Uint8Array, op: string, maxHeaderSize = MAX_HEADER_SIZE): NpyHeader {
  if (!isNpy(bytes)) {
    const start = Array.from(bytes.subarray(0, 6), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new CupytsError('ERR_FILE_FORMAT', `${op}: expected a .npy file starting with the magic string \\x93NUMPY, got bytes ${start || '(none: the file is empty)'}`);
  }
  if (bytes.length < MAGIC_LEN + 2) throw damaged(op, 'the file ends inside the header');
  const version = `${bytes[6]}.${bytes[7]}`;
  if (version !== '1.0' && version !== '2.0' && version !== '3.0') {
    throw new CupytsError('ERR_FILE_FORMAT', `${op}: expected .npy format version 1.0, 2.0 or 3.0, got ${version}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = version === '1.0' ? 2 : 4;
  if (bytes.length < MAGIC_LEN + lengthBytes) throw damaged(op, 'the file ends inside the header');
  const headerLength = lengthBytes === 2 ? view.getUint16(MAGIC_LEN, true) : view.getUint32(MAGIC_LEN, true);
  const dataOffset = MAGIC_LEN + lengthBytes + headerLength;
  if (dataOffset > bytes.length) throw damaged(op, `the header says it is ${headerLength} bytes, the file ends after ${bytes.length - MAGIC_LEN - lengthBytes}`);
  let text: string;
  try {
    text = new TextDecoder(version === '3.0' ? 'utf-8' : 'latin1', { fatal: true }).decode(bytes.subarray(MAGIC_LEN + lengthBytes, dataOffset));
  } catch {
    throw damaged(op, 'the header is not valid UTF-8');
  }
  if (text.length > maxHeaderSize) {
    throw new CupytsError('ERR_FILE_FORMAT', `${op}: the header is ${text.length} characters, more than max_header_size (${maxHeaderSize}); pass a larger max_header_size if the file is trusted`);
  }
  let parsed: PyValue;
  try {
    parsed = parsePyLiteral(text);
  } catch (err) {
    if (!(err instanceof PyLiteralError)) throw err;
    throw damaged(op, `the header ${JSON.stringify(text.trim().slice(0, 120))} does not parse (${err.message})`);
  }
  const keys = isDict(parsed) ? parsed.dict.map(([k]) => k) : [];
  const expected = ['descr', 'fortran_order', 'shape'];
  if (!isDict(parsed) || keys.length !== 3 || !expected.every((k) => keys.includes(k))) {
    throw damaged(op, `expected the header to be a dict with the keys 'descr', 'fortran_order' and 'shape', got ${pyRepr(parsed).slice(0, 120)}`);
  }
  const shapeValue = headerValue(parsed.dict, 'shape');
  const fortranOrder = headerValue(parsed.dict, 'fortran_order');
  if (!isTuple(shapeValue) || !shapeValue.tuple.every((n) => typeof n === 'bigint' && n >= 0n && n <= BigInt(Number.MAX_SAFE_INTEGER))) {
    throw damaged(op, `expected the shape to be a tuple of non-negative integers, got ${pyRepr(shapeValue)}`);
  }
  if (typeof fortranOrder !== 'boolean') throw damaged(op, `expected fortran_order to be True or False, got ${pyRepr(fortranOrder)}`);
  const { dtype, bigEndian } = parseDescr(headerValue(parsed.dict, 'descr'), op);
  const shape = shapeValue.tuple.map(Number);
  return { version, dtype, bigEndian, fortranOrder, shape, dataOffset };
}

/** Bytes of the elements a header describes, or an error where the shape is too large to hold. */
export function dataBytes(header: Pick<NpyHeader, 'dtype' | 'shape'>, op: string): number {
  const bytes = sizeOf(header.shape) * header.dtype.itemsize;
  if (!Number.isSafeInteger(bytes)) throw damaged(op, `the shape (${header.shape.join(', ')}) is too large`);
  return bytes;
}

/**
 * The elements after the header, as stored on this machine: in a fresh buffer of their own (an
 * array's data starts at offset 0 of its buffer, so readbacks need no copy kernel), swapped to
 * host byte order, bools as 0/1. Their count must be exactly what the shape says.
 */
export function readNpyData(bytes: Uint8Array, header: NpyHeader, op: string): StoredArray {
  const expected = dataBytes(header, op);
  const got = bytes.length - header.dataOffset;
  if (got !== expected) {
    const what = got < expected ? 'truncated' : 'longer than its header says';
    throw damaged(op, `the data is ${what}: the header's shape (${header.shape.join(', ')}) of ${header.dtype.name} needs ${expected} bytes, the file holds ${got}`);
  }
  return hostOrder(header.dtype, bytes.subarray(header.dataOffset), header.bigEndian);
}

/** A stored array holding a copy of `raw` (elements of `dtype`), swapped to host order where needed. */
export function hostOrder(dtype: DType, raw: Uint8Array, bigEndian: boolean): StoredArray {
  const out = allocStored(dtype, raw.length / dtype.itemsize);
  const bytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  bytes.set(raw);
  if (bigEndian === HOST_LITTLE_ENDIAN) swapBytes(bytes, byteOrderUnit(dtype));
  if (dtype.kind === 'b') for (let i = 0; i < bytes.length; i++) bytes[i] = bytes[i] ? 1 : 0;
  return out;
}

/**
 * The bytes that a byte order reverses together: the whole item, except for complex dtypes, whose
 * real and imaginary parts (4 or 8 bytes each) are swapped each on its own, as NumPy does.
 */
export function byteOrderUnit(dtype: DType): number {
  return dtype.kind === 'c' ? dtype.itemsize / 2 : dtype.itemsize;
}

/**
 * The elements of a Fortran-ordered array of `shape`, rearranged into C order, moved as whole
 * unsigned words so that every bit (NaN payloads included) is kept.
 */
export function fortranToC(stored: StoredArray, shape: readonly number[], itemsize: number): StoredArray {
  const n = sizeOf(shape);
  if (shape.length < 2 || n <= 1) return stored;
  // items of 8 bytes (float64, int64, complex64) are 2 words, complex128's 16 bytes are 4
  const words = itemsize >= 4 ? itemsize / 4 : 1;
  const Word = itemsize === 1 ? Uint8Array : itemsize === 2 ? Uint16Array : Uint32Array;
  const src = new Word(stored.buffer as ArrayBuffer, stored.byteOffset, n * words);
  const out = new Word(n * words);
  // walk the C-order output with an odometer over the index, tracking the Fortran-order source
  const strides: number[] = [];
  for (let k = 0, s = 1; k < shape.length; s *= shape[k], k++) strides.push(s);
  const index = new Array<number>(shape.length).fill(0);
  let from = 0;
  for (let i = 0; i < n; i++) {
    for (let w = 0; w < words; w++) out[i * words + w] = src[from * words + w];
    for (let k = shape.length - 1; k >= 0; k--) {
      if (++index[k] < shape[k]) {
        from += strides[k];
        break;
      }
      from -= strides[k] * (shape[k] - 1);
      index[k] = 0;
    }
  }
  return new (stored.constructor as new (b: ArrayBuffer) => StoredArray)(out.buffer);
}

/** Reverses the bytes of each `itemsize`-byte element, in place. */
export function swapBytes(bytes: Uint8Array, itemsize: number): void {
  if (itemsize === 1) return;
  for (let i = 0; i < bytes.length; i += itemsize) bytes.subarray(i, i + itemsize).reverse();
}

/** Python's repr of a shape tuple: (), (3,), (2, 3). */
function shapeRepr(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/**
 * The header NumPy writes for a C-ordered array (_write_array_header): the dict, room for the
 * first axis to grow to 21 digits, then spaces and a newline up to a multiple of 64 bytes. The
 * version is the oldest that holds it, unless one is given.
 */
export function encodeNpyHeader(dtype: DType, shape: readonly number[], version?: NpyVersion): Uint8Array {
  let dict = `{'descr': '${descrOf(dtype)}', 'fortran_order': False, 'shape': ${shapeRepr(shape)}, }`;
  if (shape.length > 0) dict += ' '.repeat(GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length);
  const text = new TextEncoder().encode(dict); // ASCII: latin1 and UTF-8 alike
  const wrap = (v: NpyVersion): Uint8Array | undefined => {
    const lengthBytes = v === '1.0' ? 2 : 4;
    const padded = text.length + 1 + (ARRAY_ALIGN - ((MAGIC_LEN + lengthBytes + text.length + 1) % ARRAY_ALIGN));
    if (lengthBytes === 2 && padded > 0xffff) return undefined;
    const out = new Uint8Array(MAGIC_LEN + lengthBytes + padded).fill(0x20);
    out.set(NPY_MAGIC);
    out[6] = Number(v[0]);
    out[7] = 0;
    const view = new DataView(out.buffer);
    if (lengthBytes === 2) view.setUint16(MAGIC_LEN, padded, true);
    else view.setUint32(MAGIC_LEN, padded, true);
    out.set(text, MAGIC_LEN + lengthBytes);
    out[out.length - 1] = 0x0a;
    return out;
  };
  if (version) {
    const out = wrap(version);
    if (!out) throw new CupytsError('ERR_ARG', `save: the header is too long for .npy format version ${version}`);
    return out;
  }
  return wrap('1.0') ?? wrap('2.0')!;
}

/** A whole .npy file, as two parts to write one after the other: the header, then the stored (host-order, C-order) elements. */
export function encodeNpy(dtype: DType, shape: readonly number[], stored: StoredArray, version?: NpyVersion): Uint8Array[] {
  return [encodeNpyHeader(dtype, shape, version), new Uint8Array(stored.buffer, stored.byteOffset, stored.byteLength)];
}
