// NumPy's file functions: save and load (.npy and .npz files, in NumPy's own format, so files go
// both ways between NumPy and cupyts bit for bit), savez and savez_compressed, fromfile and
// tofile (raw binary), and frombuffer. Each has an async twin (saveAsync, loadAsync, …) that
// reads and writes the file, and inflates or deflates .npz members, off the event loop; both
// share the encoders and decoders below.
//
// The formats are in npy-format.ts (headers and dtypes) and zip.ts (the .npz container).
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { DTYPES, toDType, type DTypeLike } from '../ir/dtype.js';
import { CupytsError, describe } from '../ir/errors.js';
import { asarray, type ArrayData } from './creation.js';
import { traceCut } from './jit-trace.js';
import { NDArray, readStoredAsync } from './ndarray.js';
import {
  encodeNpy, fortranToC, hostOrder, isNpy, MAX_HEADER_SIZE, parseDescr, readNpyData, readNpyHeader, type FileDType,
} from './npy-format.js';
import * as t from './param-types.js';
import { declare, isOptionsObject, keyword, positional, REJECT, required, signature, type ParamType } from './signature.js';
import { arrayOfStored, readStoredView } from './typed-arrays.js';
import {
  deflateMember, deflateMemberAsync, memberData, memberDataAsync, readZip, writeZip, type ZipEntry, type ZipMember,
} from './zip.js';

// ---- parameters ----

type ArrayArg = NDArray | ArrayData;

const isArrayData = (x: unknown): x is ArrayData =>
  Array.isArray(x) || typeof x === 'number' || typeof x === 'bigint' || typeof x === 'boolean' || (ArrayBuffer.isView(x) && !(x instanceof DataView));

/** An NDArray, or JS data that cp.asarray takes (NumPy's save takes any array_like). */
const arrayLike: ParamType<ArrayArg, NDArray> = {
  expected: 'an NDArray or array data (nested arrays, a TypedArray or a scalar)',
  parse: (x) => (x instanceof NDArray ? x : isArrayData(x) ? asarray(x) : REJECT),
};

/** A dtype, including NumPy's byte-order forms for raw data: '<f8', '>i4', '=u2', '|u1'. */
const rawDtype: ParamType<string | { name: string }, FileDType> = {
  expected: "a dtype, a dtype name, or a NumPy type string such as '<f8' or '>i4'",
  parse: (x, op) => {
    if (typeof x !== 'string' && (x === null || typeof x !== 'object')) return REJECT;
    if (typeof x === 'object') return { dtype: toDType(x as { name: string } as never, op), bigEndian: false };
    try {
      return { dtype: toDType(x as DTypeLike, op), bigEndian: false };
    } catch {
      return parseDescr(x, op);
    }
  },
};
const FLOAT64: FileDType = { dtype: DTYPES.float64, bigEndian: false };

// ---- files ----

function ioError(op: string, verb: string, path: string, err: unknown): CupytsError {
  const e = err as { code?: string; message: string };
  return new CupytsError('ERR_IO', `${op}: cannot ${verb} '${path}': ${e.code ? `${e.code}, ` : ''}${e.message}`, { cause: err });
}

function readBytes(op: string, file: string | Uint8Array): Uint8Array {
  if (typeof file !== 'string') return file;
  try {
    return readFileSync(file);
  } catch (err) {
    throw ioError(op, 'read', file, err);
  }
}

async function readBytesAsync(op: string, file: string | Uint8Array): Promise<Uint8Array> {
  if (typeof file !== 'string') return file;
  try {
    return await readFile(file);
  } catch (err) {
    throw ioError(op, 'read', file, err);
  }
}

/** Writes `parts` one after another as the file at `path` (no concatenated copy). */
function writeParts(op: string, path: string, parts: readonly Uint8Array[]): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'w');
    for (const part of parts) {
      for (let done = 0; done < part.length;) done += writeSync(fd, part, done, part.length - done);
    }
  } catch (err) {
    throw ioError(op, 'write', path, err);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

async function writePartsAsync(op: string, path: string, parts: readonly Uint8Array[]): Promise<void> {
  try {
    await writeFile(path, parts);
  } catch (err) {
    throw ioError(op, 'write', path, err);
  }
}

/** NumPy adds the extension to a path that lacks it (save: .npy, savez: .npz). */
const withSuffix = (path: string, suffix: string) => (path.endsWith(suffix) ? path : path + suffix);

// ---- decoding ----

/** An .npy file's array, C-ordered (Fortran-ordered data is rearranged on the host, bit for bit). */
function decodeNpy(bytes: Uint8Array, op: string, maxHeaderSize: number): NDArray {
  const header = readNpyHeader(bytes, op, maxHeaderSize);
  const stored = readNpyData(bytes, header, op);
  const data = header.fortranOrder ? fortranToC(stored, header.shape, header.dtype.itemsize) : stored;
  return arrayOfStored(header.dtype, header.shape, data);
}

/**
 * What cp.load of an .npz file returns: a Map from each array's name (the member's name without
 * '.npy', as NumPy's NpzFile.files) to the array, all read at once. `files` lists the names in
 * the archive's order; `get` also takes a name with '.npy'. There is nothing to close.
 */
export class NpzFile extends Map<string, NDArray> {
  get files(): string[] {
    return [...this.keys()];
  }

  override get(name: string): NDArray | undefined {
    return super.get(name) ?? (name.endsWith('.npy') ? super.get(name.slice(0, -4)) : undefined);
  }

  override has(name: string): boolean {
    return this.get(name) !== undefined;
  }
}

const memberOp = (op: string, entry: ZipEntry) => `${op} (member '${entry.name}')`;

function decodeMember(entry: ZipEntry, data: Uint8Array, op: string, maxHeaderSize: number): [string, NDArray] {
  if (!isNpy(data)) throw new CupytsError('ERR_FILE_FORMAT', `${memberOp(op, entry)}: expected a .npy array, got a member that is not one`);
  const name = entry.name.endsWith('.npy') ? entry.name.slice(0, -4) : entry.name;
  return [name, decodeNpy(data, memberOp(op, entry), maxHeaderSize)];
}

type FileKind = 'npy' | 'npz';

function fileKind(bytes: Uint8Array, op: string): FileKind {
  if (isNpy(bytes)) return 'npy';
  const pk = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (pk && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6))) return 'npz';
  const start = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  const pickle = bytes[0] === 0x80 ? ' (a pickle, which cupyts does not load)' : '';
  throw new CupytsError('ERR_FILE_FORMAT', `${op}: expected an .npy file (\\x93NUMPY) or an .npz file (a zip archive), got bytes ${start || '(none: the file is empty)'}${pickle}`);
}

/**
 * A file read where a cp.jit trace is open: its data is the file as it is at each call, which a
 * launch list cannot replay (on CUDA the upload would be kept as a constant of the trace), so the
 * trace is cut. Bytes passed in are host data like any other (a constant). Called before any await.
 */
function readsFile(op: string, file: string | Uint8Array): void {
  if (typeof file === 'string') traceCut(`${op}: reads the file at the call`);
}

function checkLoadOptions(op: string, v: { mmap_mode: string | null; allow_pickle: boolean }): void {
  if (v.mmap_mode !== null) throw new CupytsError('ERR_UNSUPPORTED', `${op}: mmap_mode is not supported yet (got '${v.mmap_mode}'); expected null`);
  if (v.allow_pickle) throw new CupytsError('ERR_UNSUPPORTED', `${op}: allow_pickle=true is not supported: cupyts loads no pickled data`);
}

const loadParams = [
  required('file', t.pathOrBytes),
  positional('mmap_mode', t.nullable(t.oneOf('r', 'r+', 'w+', 'c')), null),
  positional('allow_pickle', t.boolean, false),
  positional('fix_imports', t.boolean, true, 'true (only pickles use it)'),
  positional('encoding', t.oneOf('ASCII', 'latin1', 'bytes'), 'ASCII', "'ASCII' (only pickles use it)"),
  keyword('max_header_size', t.count, MAX_HEADER_SIZE),
] as const;

/**
 * NumPy's load: an .npy file gives its array; an .npz file gives an NpzFile (a Map of name to
 * array). `file` is a path or the file's bytes (a Uint8Array or Buffer). Pickled data (object
 * arrays, pickle files) is refused, and so are allow_pickle=true and mmap_mode.
 */
export const load = declare('load', loadParams, (v): NDArray | NpzFile => {
  const op = 'load';
  checkLoadOptions(op, v);
  readsFile(op, v.file);
  const bytes = readBytes(op, v.file);
  if (fileKind(bytes, op) === 'npy') return decodeNpy(bytes, op, v.max_header_size);
  return new NpzFile(readZip(bytes, op).map((e) => decodeMember(e, memberData(e, op), op, v.max_header_size)));
});

/** load, reading the file and inflating .npz members off the event loop. */
export const loadAsync = declare('loadAsync', loadParams, async (v): Promise<NDArray | NpzFile> => {
  const op = 'loadAsync';
  checkLoadOptions(op, v);
  readsFile(op, v.file);
  const bytes = await readBytesAsync(op, v.file);
  if (fileKind(bytes, op) === 'npy') return decodeNpy(bytes, op, v.max_header_size);
  const entries = readZip(bytes, op);
  const data = await Promise.all(entries.map((e) => memberDataAsync(e, op)));
  return new NpzFile(entries.map((e, i) => decodeMember(e, data[i], op, v.max_header_size)));
});

// ---- save ----

const saveParams = [required('file', t.path), required('arr', arrayLike), positional('allow_pickle', t.boolean, true, 'true (no effect: cupyts writes no pickles)')] as const;

/** NumPy's save: `arr` as an .npy file at `file` ('.npy' is added where the path lacks it). */
export const save = declare('save', saveParams, ({ file, arr }): void => {
  writeParts('save', withSuffix(file, '.npy'), encodeNpy(arr.dtype, arr.shape, readStoredView(arr, 'save')));
});

/** save, reading the array back and writing the file off the event loop. */
export const saveAsync = declare('saveAsync', saveParams, async ({ file, arr }): Promise<void> => {
  await writePartsAsync('saveAsync', withSuffix(file, '.npy'), encodeNpy(arr.dtype, arr.shape, await readStoredAsync(arr, 'saveAsync')));
});

// ---- savez ----

/** The trailing object of savez: arrays by name (NumPy's **kwds), and allow_pickle. */
export type NamedArrays = { [name: string]: ArrayArg };
export type SavezArgs = Array<ArrayArg | NamedArrays>;

/**
 * The arrays of a savez call, by member name: the named ones first (in the object's order), then
 * arr_0, arr_1, … for the positional ones, as NumPy orders them.
 */
function savezArrays(op: string, file: unknown, args: readonly unknown[]): { path: string; arrays: Array<[string, NDArray]> } {
  const rest = [...args];
  while (rest.length && rest[rest.length - 1] === undefined) rest.pop();
  const named = isOptionsObject(rest[rest.length - 1]) ? rest.pop() as Record<string, unknown> : {};
  const { allow_pickle: allowPickle, ...byName } = named;
  const parsed = signature(op, [required('file', t.path), keyword('allow_pickle', t.boolean, true)]).parse([file, { allow_pickle: allowPickle }]);
  const arrays = new Map<string, NDArray>();
  const convert = (name: string, x: unknown): NDArray => {
    const a = arrayLike.parse(x, op, name);
    if (a === REJECT) throw new CupytsError('ERR_ARG', `${op}: expected ${name} to be ${arrayLike.expected}, got ${describe(x)}`);
    return a;
  };
  for (const [name, x] of Object.entries(byName)) arrays.set(name, convert(`the array '${name}'`, x));
  rest.forEach((x, i) => {
    const name = `arr_${i}`;
    if (arrays.has(name)) throw new CupytsError('ERR_ARG', `${op}: cannot name an array '${name}' and also pass ${i + 1} positional arrays`);
    arrays.set(name, convert(`positional array ${i} (${name})`, x));
  });
  return { path: withSuffix(parsed.file, '.npz'), arrays: [...arrays] };
}

function savezParts(op: string, arrays: Array<[string, NDArray]>, compress: boolean): Uint8Array[] {
  const members: ZipMember[] = arrays.map(([name, a]) => {
    const parts = encodeNpy(a.dtype, a.shape, readStoredView(a, op));
    return compress ? deflateMember(`${name}.npy`, parts) : { name: `${name}.npy`, parts };
  });
  return writeZip(members);
}

async function savezPartsAsync(op: string, arrays: Array<[string, NDArray]>, compress: boolean): Promise<Uint8Array[]> {
  const members: ZipMember[] = [];
  for (const [name, a] of arrays) {
    const parts = encodeNpy(a.dtype, a.shape, await readStoredAsync(a, op));
    members.push(compress ? await deflateMemberAsync(`${name}.npy`, parts) : { name: `${name}.npy`, parts });
  }
  return writeZip(members);
}

/**
 * NumPy's savez: several arrays in one uncompressed .npz file ('.npz' is added where the path
 * lacks it). Positional arrays are saved as arr_0, arr_1, …; a trailing plain object names arrays
 * as NumPy's keyword arguments do, `savez('f.npz', x, y, { weights: w, 'layer/bias': b })`
 * (names may hold '/'), and may carry `allow_pickle` (no effect: cupyts writes no pickles).
 */
export function savez(file: string, ...args: SavezArgs): void {
  const { path, arrays } = savezArrays('savez', file, args);
  writeParts('savez', path, savezParts('savez', arrays, false));
}

/** savez, with the members compressed (deflate), as NumPy's savez_compressed. */
export function savez_compressed(file: string, ...args: SavezArgs): void {
  const { path, arrays } = savezArrays('savez_compressed', file, args);
  writeParts('savez_compressed', path, savezParts('savez_compressed', arrays, true));
}

/** savez, reading back and writing off the event loop. */
export async function savezAsync(file: string, ...args: SavezArgs): Promise<void> {
  const { path, arrays } = savezArrays('savezAsync', file, args);
  await writePartsAsync('savezAsync', path, await savezPartsAsync('savezAsync', arrays, false));
}

/** savez_compressed, reading back, deflating and writing off the event loop. */
export async function savez_compressedAsync(file: string, ...args: SavezArgs): Promise<void> {
  const { path, arrays } = savezArrays('savez_compressedAsync', file, args);
  await writePartsAsync('savez_compressedAsync', path, await savezPartsAsync('savez_compressedAsync', arrays, true));
}

// ---- raw binary: fromfile, frombuffer, tofile ----

/** `count` elements (all where negative) of `dtype` from `raw` at byte `offset`, as a 1-d array. */
function elementsOf(op: string, what: 'file' | 'buffer', raw: Uint8Array, fd: FileDType, count: number, offset: number): NDArray {
  const code = what === 'file' ? 'ERR_FILE_FORMAT' : 'ERR_ARG';
  const { dtype } = fd;
  if (offset > raw.length) throw new CupytsError('ERR_ARG', `${op}: expected an offset of at most the ${what}'s ${raw.length} bytes, got ${offset}`);
  const available = raw.length - offset;
  let n = count;
  if (count < 0) {
    if (available % dtype.itemsize !== 0) {
      throw new CupytsError(code, `${op}: the ${what} holds ${available} bytes after offset ${offset}, not a whole number of ${dtype.name} elements (${dtype.itemsize} bytes each)`);
    }
    n = available / dtype.itemsize;
  } else if (count * dtype.itemsize > available) {
    throw new CupytsError(code, `${op}: the ${what} is smaller than asked: count=${count} ${dtype.name} elements need ${count * dtype.itemsize} bytes after offset ${offset}, it holds ${available}`);
  }
  return arrayOfStored(dtype, [n], hostOrder(dtype, raw.subarray(offset, offset + n * dtype.itemsize), fd.bigEndian));
}

function refuseText(op: string, sep: string): void {
  if (sep !== '') throw new CupytsError('ERR_UNSUPPORTED', `${op}: text mode (sep=${JSON.stringify(sep)}) is not supported yet; expected sep='' (binary)`);
}

const fromfileParams = [
  required('file', t.path),
  positional('dtype', rawDtype, FLOAT64, 'float64'),
  positional('count', t.int, -1),
  positional('sep', t.string, ''),
  positional('offset', t.count, 0),
] as const;

/**
 * NumPy's fromfile in binary mode: `count` elements (-1: all) of `dtype` from byte `offset` of a
 * raw file, as a 1-d array. `dtype` may carry a byte order ('>f8' reads big-endian data). A file
 * shorter than asked, or with a partial element at the end, is an error (NumPy reads what there
 * is). Text mode (`sep`) is not supported yet.
 */
export const fromfile = declare('fromfile', fromfileParams, ({ file, dtype, count, sep, offset }) => {
  refuseText('fromfile', sep);
  readsFile('fromfile', file);
  return elementsOf('fromfile', 'file', readBytes('fromfile', file), dtype, count, offset);
}, { unsupported: ['like'] });

/** fromfile, reading the file off the event loop. */
export const fromfileAsync = declare('fromfileAsync', fromfileParams, async ({ file, dtype, count, sep, offset }) => {
  refuseText('fromfileAsync', sep);
  readsFile('fromfileAsync', file);
  return elementsOf('fromfileAsync', 'file', await readBytesAsync('fromfileAsync', file), dtype, count, offset);
}, { unsupported: ['like'] });

/**
 * NumPy's frombuffer: `count` elements (-1: all) of `dtype` from byte `offset` of `buffer` (an
 * ArrayBuffer, TypedArray, DataView or Buffer), as a 1-d array. Unlike NumPy the array is a copy
 * (cp.fromTypedArray shares memory on the CPU backend).
 */
export const frombuffer = declare(
  'frombuffer',
  [required('buffer', t.bytes), positional('dtype', rawDtype, FLOAT64, 'float64'), positional('count', t.int, -1), positional('offset', t.count, 0)],
  ({ buffer, dtype, count, offset }) => elementsOf('frombuffer', 'buffer', buffer, dtype, count, offset),
  { unsupported: ['like'] },
);

const ndarray: ParamType<NDArray> = { expected: 'an NDArray', parse: (x) => (x instanceof NDArray ? x : REJECT) };
const tofileParams = [required('a', ndarray), required('fid', t.path), positional('sep', t.string, ''), positional('format', t.string, '%s')] as const;

/** NumPy's a.tofile(fid): the elements, C order, in this machine's byte order, nothing else. */
export const tofile = declare('tofile', tofileParams, ({ a, fid, sep }): void => {
  refuseText('tofile', sep);
  const stored = readStoredView(a, 'tofile');
  writeParts('tofile', fid, [new Uint8Array(stored.buffer, stored.byteOffset, stored.byteLength)]);
});

export const tofileAsync = declare('tofileAsync', tofileParams, async ({ a, fid, sep }): Promise<void> => {
  refuseText('tofileAsync', sep);
  const stored = await readStoredAsync(a, 'tofileAsync');
  await writePartsAsync('tofileAsync', fid, [new Uint8Array(stored.buffer, stored.byteOffset, stored.byteLength)]);
});
