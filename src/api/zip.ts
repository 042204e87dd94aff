// A small zip reader and writer for .npz files: stored and deflated members, CRC-32, and zip64
// wherever a size, an offset or the member count needs it. The writer lays members out as
// Python's zipfile does for numpy.savez (force_zip64=True: every local header carries a zip64
// extra field; dates are 1980-01-01; permissions 0o600), so an uncompressed .npz cupyts writes is
// byte for byte the file NumPy writes. Compression (node:zlib, sync or async) is a step of its
// own: writeZip takes members already deflated (deflateMember / deflateMemberAsync), and readZip
// returns members as stored, for memberData / memberDataAsync to inflate and check.
import { promisify } from 'node:util';
import { deflateRaw, deflateRawSync, inflateRaw, inflateRawSync } from 'node:zlib';
import { CupytsError } from '../ir/errors.js';

export const STORED = 0;
export const DEFLATED = 8;

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIR = 0x06054b50;
const ZIP64_END_OF_CENTRAL_DIR = 0x06064b50;
const ZIP64_END_LOCATOR = 0x07064b50;
const ZIP64_EXTRA = 0x0001;
const LOCAL_HEADER_SIZE = 30;
const CENTRAL_HEADER_SIZE = 46;
const END_SIZE = 22;
const ZIP64_END_SIZE = 56;
const ZIP64_LOCATOR_SIZE = 20;
const MAX_COMMENT = 0xffff;
/** Python's zipfile switches a size or offset to zip64 past 2^31 - 1 (ZIP64_LIMIT). */
const ZIP64_LIMIT = 2 ** 31 - 1;
const ZIP_FILECOUNT_LIMIT = 0xffff;
const FLAG_ENCRYPTED = 0x1;
const FLAG_UTF8 = 0x800;
const ZIP64_VERSION = 45;
const MADE_BY_UNIX = 3 << 8;
const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;
const EXTERNAL_ATTR_RW_OWNER = 0o600 * 2 ** 16;

// ---- CRC-32 (the zip polynomial, one 256-entry table) ----

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** The CRC-32 of `bytes`; pass the CRC of what came before to continue it. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = (crc ^ 0xffffffff) >>> 0;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One buffer holding `parts` in order. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// ---- reading ----

/** A member as the archive holds it: `stored` is compressed where `method` is DEFLATED. */
export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly crc32: number;
  /** Uncompressed size, from the central directory. */
  readonly size: number;
  readonly stored: Uint8Array;
}

function damaged(op: string, what: string): CupytsError {
  return new CupytsError('ERR_FILE_FORMAT', `${op}: the .npz (zip) file is damaged: ${what}`);
}

/** A little-endian reader over the archive that reports a read past the end as damage. */
class Reader {
  readonly #view: DataView;
  readonly #op: string;
  constructor(bytes: Uint8Array, op: string) {
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#op = op;
  }
  #check(at: number, n: number, what: string): void {
    if (at < 0 || at + n > this.#view.byteLength) throw damaged(this.#op, `${what} lies past the end of the file`);
  }
  u16(at: number, what: string): number {
    this.#check(at, 2, what);
    return this.#view.getUint16(at, true);
  }
  u32(at: number, what: string): number {
    this.#check(at, 4, what);
    return this.#view.getUint32(at, true);
  }
  u64(at: number, what: string): number {
    this.#check(at, 8, what);
    const value = this.#view.getBigUint64(at, true);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw damaged(this.#op, `${what} is ${value}, too large`);
    return Number(value);
  }
}

interface Directory { count: number; size: number; offset: number }

/** The end-of-central-directory record (and its zip64 form, where present). */
function readDirectory(bytes: Uint8Array, r: Reader, op: string): Directory {
  const lowest = Math.max(0, bytes.length - END_SIZE - MAX_COMMENT);
  let end = -1;
  for (let at = bytes.length - END_SIZE; at >= lowest; at--) {
    if (bytes[at] === 0x50 && r.u32(at, 'the end record') === END_OF_CENTRAL_DIR && at + END_SIZE + r.u16(at + 20, 'the comment length') === bytes.length) {
      end = at;
      break;
    }
  }
  if (end < 0) throw damaged(op, 'no end-of-central-directory record (the file is truncated or not a zip file)');
  if (r.u16(end + 4, 'the disk number') !== 0 || r.u16(end + 6, 'the directory disk') !== 0) {
    throw new CupytsError('ERR_UNSUPPORTED', `${op}: multi-disk zip archives are not supported`);
  }
  if (r.u16(end + 8, 'the member count on this disk') !== r.u16(end + 10, 'the member count')) throw damaged(op, 'the two member counts of the end record differ');
  let count = r.u16(end + 10, 'the member count');
  let size = r.u32(end + 12, 'the directory size');
  let offset = r.u32(end + 16, 'the directory offset');
  const locator = end - ZIP64_LOCATOR_SIZE;
  if (locator >= 0 && r.u32(locator, 'the zip64 locator') === ZIP64_END_LOCATOR) {
    const at = r.u64(locator + 8, 'the zip64 end record offset');
    if (r.u32(at, 'the zip64 end record') !== ZIP64_END_OF_CENTRAL_DIR) throw damaged(op, 'the zip64 end record is missing');
    count = r.u64(at + 32, 'the zip64 member count');
    size = r.u64(at + 40, 'the zip64 directory size');
    offset = r.u64(at + 48, 'the zip64 directory offset');
  }
  if (offset + size > bytes.length) throw damaged(op, `the central directory (${size} bytes at ${offset}) lies past the end of the file (${bytes.length} bytes)`);
  return { count, size, offset };
}

/** The zip64 extra field's values for the fields that the fixed record marks 0xFFFFFFFF. */
function zip64Values(r: Reader, at: number, length: number, wanted: readonly boolean[], op: string, name: string): number[] {
  const end = at + length;
  while (at + 4 <= end) {
    const id = r.u16(at, 'an extra field');
    const n = r.u16(at + 2, 'an extra field');
    if (id === ZIP64_EXTRA) {
      const out: number[] = [];
      let p = at + 4;
      for (const w of wanted) {
        if (!w) continue;
        if (p + 8 > at + 4 + n) throw damaged(op, `the zip64 field of '${name}' is too short`);
        out.push(r.u64(p, 'a zip64 value'));
        p += 8;
      }
      return out;
    }
    at += 4 + n;
  }
  throw damaged(op, `'${name}' needs a zip64 extra field and has none`);
}

const utf8 = new TextDecoder('utf-8');

/**
 * The members of a zip archive, in directory order, as stored. Every structure is checked (record
 * signatures, sizes and offsets inside the file, local and central names agreeing); the data is
 * checked when it is decompressed (memberData).
 */
export function readZip(bytes: Uint8Array, op: string): ZipEntry[] {
  const r = new Reader(bytes, op);
  const dir = readDirectory(bytes, r, op);
  const entries: ZipEntry[] = [];
  let at = dir.offset;
  for (let i = 0; i < dir.count; i++) {
    if (at + CENTRAL_HEADER_SIZE > dir.offset + dir.size || r.u32(at, 'a directory entry') !== CENTRAL_HEADER) {
      throw damaged(op, `directory entry ${i} of ${dir.count} is missing or corrupt`);
    }
    const flags = r.u16(at + 8, 'the flags');
    const method = r.u16(at + 10, 'the method');
    const crc = r.u32(at + 16, 'the CRC');
    let compressed = r.u32(at + 20, 'the compressed size');
    let size = r.u32(at + 24, 'the size');
    const nameLength = r.u16(at + 28, 'the name length');
    const extraLength = r.u16(at + 30, 'the extra length');
    const commentLength = r.u16(at + 32, 'the comment length');
    let local = r.u32(at + 42, 'the member offset');
    if (at + CENTRAL_HEADER_SIZE + nameLength > bytes.length) throw damaged(op, `the name of directory entry ${i} lies past the end of the file`);
    const nameBytes = bytes.subarray(at + CENTRAL_HEADER_SIZE, at + CENTRAL_HEADER_SIZE + nameLength);
    const name = utf8.decode(nameBytes);
    const wanted = [size === 0xffffffff, compressed === 0xffffffff, local === 0xffffffff];
    if (wanted.some(Boolean)) {
      const values = zip64Values(r, at + CENTRAL_HEADER_SIZE + nameLength, extraLength, wanted, op, name);
      if (wanted[0]) size = values.shift()!;
      if (wanted[1]) compressed = values.shift()!;
      if (wanted[2]) local = values.shift()!;
    }
    if (flags & FLAG_ENCRYPTED) throw new CupytsError('ERR_UNSUPPORTED', `${op}: member '${name}' is encrypted; encrypted zip members are not supported`);
    if (method !== STORED && method !== DEFLATED) {
      throw new CupytsError('ERR_UNSUPPORTED', `${op}: member '${name}' uses zip compression method ${method}; expected stored (0) or deflate (8)`);
    }
    if (r.u32(local, `the local header of '${name}'`) !== LOCAL_HEADER) throw damaged(op, `the local header of '${name}' is missing`);
    const localName = bytes.subarray(local + LOCAL_HEADER_SIZE, local + LOCAL_HEADER_SIZE + r.u16(local + 26, 'a name length'));
    if (!sameBytes(localName, nameBytes)) throw damaged(op, `the local and central names of '${name}' differ`);
    const start = local + LOCAL_HEADER_SIZE + r.u16(local + 26, 'a name length') + r.u16(local + 28, 'an extra length');
    if (start + compressed > bytes.length) {
      throw damaged(op, `member '${name}' is truncated: expected ${compressed} bytes at ${start}, the file has ${Math.max(0, bytes.length - start)}`);
    }
    entries.push({ name, method, crc32: crc, size, stored: bytes.subarray(start, start + compressed) });
    at += CENTRAL_HEADER_SIZE + nameLength + extraLength + commentLength;
  }
  if (at !== dir.offset + dir.size) throw damaged(op, `the central directory holds ${dir.size} bytes, its ${dir.count} entries take ${at - dir.offset}`);
  return entries;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function checked(entry: ZipEntry, data: Uint8Array, op: string): Uint8Array {
  if (data.length !== entry.size) throw damaged(op, `member '${entry.name}' holds ${data.length} bytes, its directory entry says ${entry.size}`);
  const crc = crc32(data);
  if (crc !== entry.crc32) throw damaged(op, `member '${entry.name}' fails its CRC-32 check (stored ${hex(entry.crc32)}, computed ${hex(crc)})`);
  return data;
}

const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;

function inflateError(entry: ZipEntry, op: string, err: unknown): CupytsError {
  return new CupytsError('ERR_FILE_FORMAT', `${op}: the .npz (zip) file is damaged: member '${entry.name}' does not inflate (${(err as Error).message})`, { cause: err });
}

/** A member's bytes, inflated where deflated, with their size and CRC-32 checked. */
export function memberData(entry: ZipEntry, op: string): Uint8Array {
  if (entry.method === STORED) return checked(entry, entry.stored, op);
  let data: Uint8Array;
  try {
    data = inflateRawSync(entry.stored, { maxOutputLength: Math.max(1, entry.size) });
  } catch (err) {
    throw inflateError(entry, op, err);
  }
  return checked(entry, data, op);
}

const inflateRawAsync = promisify(inflateRaw);
const deflateRawAsync = promisify(deflateRaw);

/** memberData, inflating on the thread pool. */
export async function memberDataAsync(entry: ZipEntry, op: string): Promise<Uint8Array> {
  if (entry.method === STORED) return checked(entry, entry.stored, op);
  let data: Uint8Array;
  try {
    data = await inflateRawAsync(entry.stored, { maxOutputLength: Math.max(1, entry.size) });
  } catch (err) {
    throw inflateError(entry, op, err);
  }
  return checked(entry, data, op);
}

// ---- writing ----

/** A member to write: its bytes (in parts, written one after another), and for a deflated member their raw deflate stream. */
export interface ZipMember {
  readonly name: string;
  readonly parts: readonly Uint8Array[];
  readonly deflated?: Uint8Array;
}

export const deflateMember = (name: string, parts: readonly Uint8Array[]): ZipMember => ({ name, parts, deflated: deflateRawSync(concatBytes(parts)) });

export async function deflateMemberAsync(name: string, parts: readonly Uint8Array[]): Promise<ZipMember> {
  return { name, parts, deflated: await deflateRawAsync(concatBytes(parts)) };
}

/** A growing list of byte chunks with a little-endian field writer. */
class Chunks {
  readonly parts: Uint8Array[] = [];
  length = 0;
  push(bytes: Uint8Array): void {
    this.parts.push(bytes);
    this.length += bytes.length;
  }
  /** Appends fields of 2, 4 or 8 bytes: [bytes, value] pairs. */
  fields(...fields: Array<[2 | 4 | 8, number]>): void {
    const size = fields.reduce((n, [b]) => n + b, 0);
    const view = new DataView(new ArrayBuffer(size));
    let at = 0;
    for (const [b, v] of fields) {
      if (b === 2) view.setUint16(at, v, true);
      else if (b === 4) view.setUint32(at, v, true);
      else view.setBigUint64(at, BigInt(v), true);
      at += b;
    }
    this.push(new Uint8Array(view.buffer));
  }
}

const utf8Encoder = new TextEncoder();
const isAscii = (name: string) => /^[\x00-\x7f]*$/.test(name);

/**
 * A zip archive of `members`, in order, as the parts to write one after another (the members'
 * bytes are not copied). Like Python's zipfile under numpy.savez: zip64 extra
 * fields in every local header, and in the central directory and end records only where a value
 * passes 2^31 - 1 (or there are more than 65535 members). `forceZip64` puts them everywhere, for
 * tests of the reader.
 */
export function writeZip(members: readonly ZipMember[], options: { forceZip64?: boolean } = {}): Uint8Array[] {
  const force = options.forceZip64 ?? false;
  const out = new Chunks();
  const central = new Chunks();
  for (const m of members) {
    const name = utf8Encoder.encode(m.name);
    const flags = isAscii(m.name) ? 0 : FLAG_UTF8;
    const method = m.deflated ? DEFLATED : STORED;
    const size = m.parts.reduce((n, p) => n + p.length, 0);
    const crc = m.parts.reduce((c, p) => crc32(p, c), 0);
    const stored = m.deflated ? [m.deflated] : m.parts;
    const storedSize = m.deflated ? m.deflated.length : size;
    const offset = out.length;
    out.fields([4, LOCAL_HEADER], [2, ZIP64_VERSION], [2, flags], [2, method], [2, 0], [2, DOS_DATE_1980_01_01], [4, crc],
      [4, 0xffffffff], [4, 0xffffffff], [2, name.length], [2, 20]);
    out.push(name);
    out.fields([2, ZIP64_EXTRA], [2, 16], [8, size], [8, storedSize]);
    for (const p of stored) out.push(p);

    // as Python: both sizes go to the zip64 field if either is large, and the offset if it is
    const bigSizes = force || size > ZIP64_LIMIT || storedSize > ZIP64_LIMIT;
    const big = [bigSizes, bigSizes, force || offset > ZIP64_LIMIT];
    const values = [size, storedSize, offset].filter((_, k) => big[k]);
    const extraLength = values.length ? 4 + 8 * values.length : 0;
    central.fields([4, CENTRAL_HEADER], [2, MADE_BY_UNIX | ZIP64_VERSION], [2, ZIP64_VERSION], [2, flags], [2, method], [2, 0],
      [2, DOS_DATE_1980_01_01], [4, crc], [4, big[1] ? 0xffffffff : storedSize], [4, big[0] ? 0xffffffff : size],
      [2, name.length], [2, extraLength], [2, 0], [2, 0], [2, 0], [4, EXTERNAL_ATTR_RW_OWNER], [4, big[2] ? 0xffffffff : offset]);
    central.push(name);
    if (values.length) central.fields([2, ZIP64_EXTRA], [2, 8 * values.length], ...values.map((v): [8, number] => [8, v]));
  }
  const dirOffset = out.length;
  for (const p of central.parts) out.push(p);
  const count = members.length;
  if (force || count > ZIP_FILECOUNT_LIMIT || dirOffset > ZIP64_LIMIT || central.length > ZIP64_LIMIT) {
    const zip64End = out.length;
    out.fields([4, ZIP64_END_OF_CENTRAL_DIR], [8, ZIP64_END_SIZE - 12], [2, ZIP64_VERSION], [2, ZIP64_VERSION], [4, 0], [4, 0],
      [8, count], [8, count], [8, central.length], [8, dirOffset]);
    out.fields([4, ZIP64_END_LOCATOR], [4, 0], [8, zip64End], [4, 1]);
  }
  out.fields([4, END_OF_CENTRAL_DIR], [2, 0], [2, 0], [2, Math.min(count, 0xffff)], [2, Math.min(count, 0xffff)],
    [4, Math.min(central.length, 0xffffffff)], [4, Math.min(dirOffset, 0xffffffff)], [2, 0]);
  return out.parts;
}
