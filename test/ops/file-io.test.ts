// Files against NumPy, both ways and bit for bit: .npy (every dtype, 0-d, empty, zero-length
// axes, big-endian, Fortran order, format versions 1.0/2.0/3.0), .npz (many members, stored and
// deflated, names with '/', zip64), raw binary (fromfile/tofile/frombuffer), TypedArrays; the
// dtypes cupyts lacks; and damaged files, which must give a CupytsError and never an array.
// NumPy's side is test/fixtures/npy_files.py, run at test time.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { CupytsError } from '../../src/ir/errors.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { readStored as readStoredAs } from '../../src/api/ndarray.js';
const readStored = (a: Parameters<typeof readStoredAs>[0]) => readStoredAs(a, 'test');
import { concatBytes, crc32, writeZip } from '../../src/api/zip.js';
import { encodeNpyHeader } from '../../src/api/npy-format.js';
import { DTYPES, type DTypeName } from '../../src/ir/dtype.js';

setBackendNotice(() => {});

const SCRIPT = fileURLToPath(new URL('../fixtures/npy_files.py', import.meta.url));
const DTYPE_NAMES = Object.keys(DTYPES) as DTypeName[];

interface NpyCase { kind: 'npy'; file: string; raw: string; dtype: DTypeName; shape: number[]; how: string }
interface NpzCase { kind: 'npz'; file: string; compressed: boolean; members: Array<{ name: string; raw: string; dtype: DTypeName; shape: number[] }> }
interface NumpyFiles { cases: Array<NpyCase | NpzCase>; unsupported: Array<{ file: string; dtype: string; descr: string }>; numpy: string }

let dir: string;
let numpyFiles: NumpyFiles;
const at = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cupyts-file-io-'));
  execFileSync('python3', [SCRIPT, 'write', dir], { stdio: 'inherit' });
  numpyFiles = JSON.parse(readFileSync(at('numpy.json'), 'utf8')) as NumpyFiles;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The stored bytes of an array (C order, host order), a copy. */
function bitsOf(a: cp.NDArray): Buffer {
  const s = readStored(a);
  return Buffer.from(s.buffer, s.byteOffset, s.byteLength);
}

function expectArray(a: unknown, dtype: string, shape: number[], raw: Buffer, label: string): void {
  expect(a, label).toBeInstanceOf(cp.NDArray);
  const arr = a as cp.NDArray;
  expect(arr.dtype.name, label).toBe(dtype);
  expect(arr.shape, label).toEqual(shape);
  expect(bitsOf(arr).equals(raw), `${label}: bits`).toBe(true);
}

function caught(call: () => unknown): CupytsError {
  let error: unknown;
  try {
    call();
  } catch (e) {
    error = e;
  }
  expect(error, 'expected a CupytsError').toBeInstanceOf(CupytsError);
  return error as CupytsError;
}

async function caughtAsync(call: () => Promise<unknown>): Promise<CupytsError> {
  let error: unknown;
  try {
    await call();
  } catch (e) {
    error = e;
  }
  expect(error, 'expected a CupytsError').toBeInstanceOf(CupytsError);
  return error as CupytsError;
}

/** Deterministic random bytes (every bit pattern, NaN payloads included). */
function randomBytes(n: number, seed: number): Uint8Array {
  let s = seed >>> 0;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return out;
}

/** An array of random bits (bools 0/1) of `dtype` and `shape`, and its bytes. */
function randomArray(dtype: DTypeName, shape: number[], seed: number): { a: cp.NDArray; raw: Uint8Array } {
  const d = DTYPES[dtype];
  const raw = randomBytes(shape.reduce((n, k) => n * k, 1) * d.itemsize, seed);
  if (dtype === 'bool') raw.forEach((b, i) => { raw[i] = b & 1; });
  return { a: cp.frombuffer(raw, dtype).reshape(shape), raw };
}

describe('NumPy writes, cupyts reads', () => {
  it('loads every .npy NumPy writes, bit for bit: every dtype, 0-d, empty, big-endian, Fortran order, versions 1.0/2.0/3.0', () => {
    const npy = numpyFiles.cases.filter((c): c is NpyCase => c.kind === 'npy');
    expect(npy.length).toBe(DTYPE_NAMES.length * 11);
    for (const c of npy) {
      const raw = readFileSync(at(c.raw));
      expectArray(cp.load(at(c.file)), c.dtype, c.shape, raw, `${c.file} (${c.how})`);
      expectArray(cp.load(readFileSync(at(c.file))), c.dtype, c.shape, raw, `${c.file} from bytes`);
    }
  });

  it('loads .npz files NumPy writes, stored and deflated, with names holding /, zip64 local headers, empty', () => {
    const npz = numpyFiles.cases.filter((c): c is NpzCase => c.kind === 'npz');
    expect(npz.length).toBe(4);
    for (const c of npz) {
      const z = cp.load(at(c.file));
      expect(z, c.file).toBeInstanceOf(cp.NpzFile);
      const file = z as cp.NpzFile;
      expect(file.files).toEqual(c.members.map((m) => m.name));
      expect(file.size).toBe(c.members.length);
      for (const m of c.members) {
        expectArray(file.get(m.name), m.dtype, m.shape, readFileSync(at(m.raw)), `${c.file}: ${m.name}`);
        expect(file.get(`${m.name}.npy`)).toBe(file.get(m.name));
      }
    }
  });

  it('loadAsync reads the same arrays', async () => {
    for (const c of numpyFiles.cases) {
      const [sync, async] = [cp.load(at(c.file)), await cp.loadAsync(at(c.file))];
      if (c.kind === 'npy') {
        expect(bitsOf(async as cp.NDArray).equals(bitsOf(sync as cp.NDArray)), c.file).toBe(true);
      } else {
        const [s, a] = [sync as cp.NpzFile, async as cp.NpzFile];
        expect(a.files).toEqual(s.files);
        for (const name of s.files) expect(bitsOf(a.get(name)!).equals(bitsOf(s.get(name)!)), `${c.file}: ${name}`).toBe(true);
      }
    }
  });

  it('refuses the dtypes cupyts lacks, naming them (clongdouble, structured, strings, datetimes, objects, longdouble, void)', () => {
    expect(numpyFiles.unsupported.length).toBe(9);
    for (const u of numpyFiles.unsupported) {
      const e = caught(() => cp.load(at(u.file)));
      expect(e.code, u.file).toBe('ERR_DTYPE');
      expect(e.message, u.file).toMatch(/^load: dtype /);
        expect(e.message, u.file).toContain(u.dtype);
      if (u.dtype !== 'structured') expect(e.message, u.file).toContain(`'${u.descr}'`);
    }
    const member = caught(() => cp.load(at('foreign-member.npz')));
    expect(member.code).toBe('ERR_DTYPE');
    expect(member.message).toMatch(/^load \(member 'z\.npy'\): dtype datetime64\[ns\]/);
    const pickle = caught(() => cp.load(at('pickle.pkl')));
    expect(pickle.code).toBe('ERR_FILE_FORMAT');
    expect(pickle.message).toMatch(/a pickle, which cupyts does not load/);
  });
});

describe('cupyts writes, NumPy reads', () => {
  it('NumPy loads every file cupyts writes, bit for bit, and .npy and stored .npz files are byte-identical to np.save/np.savez', async () => {
    const entries: unknown[] = [];
    let seed = 1;
    const base = (name: string, a: { raw: Uint8Array }, dtype: DTypeName, shape: number[]) => {
      writeFileSync(at(`${name}.base`), a.raw);
      return { base: `${name}.base`, dtype, baseShape: shape };
    };
    for (const d of DTYPE_NAMES) {
      for (const shape of [[], [0], [3, 0, 2], [7], [2, 3, 4]]) {
        const r = randomArray(d, shape, seed++);
        const name = `c-${d}-${shape.join('x') || 'scalar'}`;
        cp.save(at(name), r.a); // '.npy' is added
        entries.push({ kind: 'npy', file: `${name}.npy`, ...base(name, r, d, shape) });
      }
      // views: a transpose, a strided slice, a broadcast (values finite: a copy kernel reads them)
      const v = { raw: new Uint8Array(readStored(cp.arange(24).reshape([2, 3, 4]).astype(d)).buffer) };
      const x = cp.frombuffer(v.raw, d).reshape([2, 3, 4]);
      const views: Array<[string, cp.NDArray]> = [['a.T', x.T], ['a[:, ::2, 1:]', x.get(':, ::2, 1:')], ['np.broadcast_to(a[:1], (3, 3, 4))', cp.broadcast_to(x.get(':1'), [3, 3, 4])]];
      for (const [k, [expr, view]] of views.entries()) {
        const name = `v-${d}-${k}`;
        await cp.saveAsync(at(`${name}.npy`), view);
        entries.push({ kind: 'npy', file: `${name}.npy`, expr, ...base(name, v, d, [2, 3, 4]) });
      }
    }
    // .npz: positional and named arrays (names with '/'), stored and deflated, sync and async
    const arrays = DTYPE_NAMES.map((d, i) => ({ d, shape: [[], [0], [4], [2, 3], [3, 0], [2, 2, 2]][i % 6], r: randomArray(d, [[], [0], [4], [2, 3], [3, 0], [2, 2, 2]][i % 6], 1000 + i) }));
    const positional = arrays.slice(0, 8);
    const named = arrays.slice(8);
    const names = ['weights', 'layer/0/bias', 'dir/sub/mask', 'x y', 'z/c64', 'z/c128'];
    const members = (prefix: string) => ({
      positional: positional.map((p, i) => base(`${prefix}-p${i}`, p.r, p.d, p.shape)),
      named: named.map((p, i) => ({ name: names[i], ...base(`${prefix}-n${i}`, p.r, p.d, p.shape) })),
    });
    const kwds = Object.fromEntries(named.map((p, i) => [names[i], p.r.a]));
    cp.savez(at('z-stored'), ...positional.map((p) => p.r.a), kwds);
    entries.push({ kind: 'npz', file: 'z-stored.npz', compressed: false, ...members('z-stored') });
    cp.savez_compressed(at('z-deflated.npz'), ...positional.map((p) => p.r.a), kwds);
    entries.push({ kind: 'npz', file: 'z-deflated.npz', compressed: true, ...members('z-deflated') });
    await cp.savezAsync(at('z-stored-async.npz'), ...positional.map((p) => p.r.a), kwds);
    entries.push({ kind: 'npz', file: 'z-stored-async.npz', compressed: false, ...members('z-stored-async') });
    await cp.savez_compressedAsync(at('z-deflated-async.npz'), ...positional.map((p) => p.r.a), kwds);
    entries.push({ kind: 'npz', file: 'z-deflated-async.npz', compressed: true, ...members('z-deflated-async') });
    cp.savez(at('z-empty.npz'));
    entries.push({ kind: 'npz', file: 'z-empty.npz', compressed: false, positional: [], named: [] });
    // zip64 everywhere (central directory and end records too), as the writer does past 2 GiB
    const z64 = writeZip(positional.map((p, i) => ({ name: `arr_${i}.npy`, parts: [readFileSync(npyOf(p.r.a))] })), { forceZip64: true });
    writeFileSync(at('z-zip64.npz'), concatBytes(z64));
    entries.push({ kind: 'npz', file: 'z-zip64.npz', compressed: false, zip64: true, ...members('z-zip64'), named: [] });
    // raw binary
    const r = randomArray('float64', [11], 77);
    r.a.tofile(at('t-sync.bin'));
    entries.push({ kind: 'raw', file: 't-sync.bin', ...base('t-sync', r, 'float64', [11]) });
    const r2 = randomArray('int16', [2, 5], 78);
    await r2.a.T.tofileAsync(at('t-async.bin'));
    entries.push({ kind: 'raw', file: 't-async.bin', expr: 'a.T', ...base('t-async', r2, 'int16', [2, 5]) });

    writeFileSync(at('cupyts.json'), JSON.stringify(entries));
    execFileSync('python3', [SCRIPT, 'check', dir], { stdio: 'inherit' });
    const report = JSON.parse(readFileSync(at('report.json'), 'utf8')) as Array<{ file: string; problems: string[] }>;
    expect(report.length).toBe(entries.length);
    expect(report.filter((x) => x.problems.length)).toEqual([]);
  });

  it('reads back what it writes, through every path', async () => {
    for (const d of DTYPE_NAMES) {
      const { a, raw } = randomArray(d, [3, 5], 500);
      cp.save(at('rt.npy'), a);
      expect(bitsOf(cp.load(at('rt.npy')) as cp.NDArray).equals(Buffer.from(raw)), d).toBe(true);
      cp.savez_compressed(at('rt.npz'), { [`w/${d}`]: a });
      expect(bitsOf((cp.load(at('rt.npz')) as cp.NpzFile).get(`w/${d}`)!).equals(Buffer.from(raw)), d).toBe(true);
      await a.tofileAsync(at('rt.bin'));
      expect(bitsOf(await cp.fromfileAsync(at('rt.bin'), d)).equals(Buffer.from(raw)), d).toBe(true);
    }
  });
});

/** A .npy file of `a` in the test folder, returning its path. */
let npyCount = 0;
function npyOf(a: cp.NDArray): string {
  const path = at(`tmp-${npyCount++}.npy`);
  cp.save(path, a);
  return path;
}

describe('damaged files give a CupytsError, never an array', () => {
  const valid = () => readFileSync(npyOf(cp.arange(6).astype('float32').reshape([2, 3])));
  const withHeader = (text: string, version: 1 | 2 = 1) => {
    const t = Buffer.from(text, 'latin1');
    const prefix = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
    const len = Buffer.alloc(version === 1 ? 2 : 4);
    if (version === 1) len.writeUInt16LE(t.length); else len.writeUInt32LE(t.length);
    return Buffer.concat([prefix, len, t, Buffer.alloc(24)]);
  };
  const good = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }\n";

  const npyCases: Array<[string, () => Uint8Array, RegExp]> = [
    ['an empty file', () => new Uint8Array(0), /expected an \.npy file .* got bytes \(none: the file is empty\)/],
    ['a bad magic string', () => { const b = valid(); b[1] = 0x4f; return b; }, /expected an \.npy file .*got bytes 93 4f/],
    ['an unknown version', () => { const b = valid(); b[6] = 4; return b; }, /expected \.npy format version 1\.0, 2\.0 or 3\.0, got 4\.0/],
    ['a header cut short', () => valid().subarray(0, 40), /the header says it is 118 bytes, the file ends after 30/],
    ['a file of 9 bytes', () => valid().subarray(0, 9), /the file ends inside the header/],
    ['a header that does not parse', () => withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, }\n"), /does not parse/],
    ['a header that is not a dict', () => withHeader('[1, 2]\n'), /expected the header to be a dict with the keys/],
    ['a header missing a key', () => withHeader("{'descr': '<f4', 'shape': (6,)}"), /expected the header to be a dict/],
    ['a header with an extra key', () => withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), 'x': 1}"), /expected the header to be a dict/],
    ['a negative shape', () => withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (-1, 6), }"), /expected the shape to be a tuple of non-negative integers, got \(-1, 6\)/],
    ['a shape that is a list', () => withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': [6], }"), /expected the shape to be a tuple/],
    ['fortran_order not a bool', () => withHeader("{'descr': '<f4', 'fortran_order': 0, 'shape': (6,), }"), /expected fortran_order to be True or False, got 0/],
    ['truncated data', () => valid().subarray(0, valid().length - 1), /the data is truncated: the header's shape \(2, 3\) of float32 needs 24 bytes, the file holds 23/],
    ['data past the shape', () => Buffer.concat([valid(), Buffer.alloc(4)]), /longer than its header says: .* needs 24 bytes, the file holds 28/],
    ['a shape too large for its data', () => withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1000000, 1000000), }"), /truncated/],
    ['a huge shape', () => withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }"), /is too large/],
    ['a header past max_header_size', () => withHeader(good + ' '.repeat(12000), 2), /more than max_header_size \(10000\)/],
    ['a version 3.0 header that is not UTF-8', () => { const b = withHeader(good + '\xff', 2); b[6] = 3; return b; }, /not valid UTF-8/],
  ];

  it.each(npyCases)('.npy: %s', (_label, make, message) => {
    const bytes = make();
    const e = caught(() => cp.load(bytes));
    expect(e.code).toBe('ERR_FILE_FORMAT');
    expect(e.message).toMatch(/^load: /);
    expect(e.message).toMatch(message);
  });

  it('max_header_size lets a trusted long header through', () => {
    const a = cp.load(withHeader(good + ' '.repeat(12000), 2), { max_header_size: 20000 }) as cp.NDArray;
    expect(a.shape).toEqual([2, 3]);
  });

  it('reads the headers other writers write: Python 2 longs, double quotes, any key order, no trailing comma', () => {
    for (const text of ["{'shape': (2L, 3L), 'fortran_order': False, 'descr': '<f4'}", '{"descr": "<f4", "fortran_order": False, "shape": (2,3)}']) {
      const bytes = withHeader(text + '\n');
      const a = cp.load(bytes) as cp.NDArray;
      expect(a.shape).toEqual([2, 3]);
      expect(Array.from(a.dataSync() as Float32Array)).toEqual(new Array(6).fill(0));
    }
  });

  const npz = () => {
    cp.savez(at('small.npz'), cp.arange(5).astype('int16'), { 'a/b': cp.asarray([true, false]) });
    return readFileSync(at('small.npz'));
  };
  const npzDeflated = () => {
    cp.savez_compressed(at('small-d.npz'), cp.arange(50).astype('float64'));
    return readFileSync(at('small-d.npz'));
  };
  const dataStart = (b: Uint8Array) => 30 + (b[26] | (b[27] << 8)) + (b[28] | (b[29] << 8));
  const centralAt = (b: Buffer) => b.readUInt32LE(b.length - 6);
  const npzCases: Array<[string, () => Uint8Array, RegExp]> = [
    ['no end record (truncated)', () => npz().subarray(0, npz().length - 10), /no end-of-central-directory record/],
    ['a CRC mismatch in a stored member', () => { const b = npz(); b[dataStart(b) + 128] ^= 0x01; return b; }, /member 'a\/b\.npy' fails its CRC-32 check/],
    ['a damaged deflate stream', () => { const b = npzDeflated(); for (let i = 5; i < 40; i++) b[dataStart(b) + i] ^= 0x5a; return b; }, /member 'arr_0\.npy' (does not inflate|fails its CRC-32 check|holds \d+ bytes)/],
    ['a bad local header', () => { const b = npz(); b[dataStart(b) + 130] = 0; return b; }, /the local header of 'arr_0\.npy' is missing/],
    ['member counts that disagree', () => { const b = npz(); b[b.length - 14] = 1; return b; }, /the two member counts of the end record differ/],
    ['a directory with an entry too few', () => { const b = npz(); b[b.length - 14] = 1; b[b.length - 12] = 1; return b; }, /the central directory holds \d+ bytes, its 1 entries take \d+/],
    ['a central directory past the end', () => { const b = npz(); b.writeUInt32LE(b.length, b.length - 6); return b; }, /the central directory .* lies past the end of the file/],
    ['a bad central directory entry', () => { const b = npz(); b[centralAt(b)] = 0; return b; }, /directory entry 0 of 2 is missing or corrupt/],
    ['a member longer than the file', () => { const b = npz(); b.writeUInt32LE(100000, centralAt(b) + 20); return b; }, /member 'a\/b\.npy' is truncated/],
    ['a size that disagrees', () => { const b = npz(); b.writeUInt32LE(3, centralAt(b) + 24); return b; }, /member 'a\/b\.npy' holds \d+ bytes, its directory entry says 3/],
    ['names that disagree', () => { const b = npz(); b[centralAt(b) + 46] = 0x41; return b; }, /the local and central names of 'A\/b\.npy' differ/],
    ['a member that is not an array', () => concatBytes(writeZip([{ name: 'notes.txt', parts: [new TextEncoder().encode('hello')] }])), /member 'notes\.txt'\): expected a \.npy array/],
    ['a truncated array in a member', () => concatBytes(writeZip([{ name: 'x.npy', parts: [valid().subarray(0, 140)] }])), /member 'x\.npy'\): the \.npy data is damaged: the data is truncated/],
  ];

  it.each(npzCases)('.npz: %s', async (_label, make, message) => {
    const bytes = make();
    const e = caught(() => cp.load(bytes));
    expect(e.message).toMatch(/^load/);
    expect(e.message).toMatch(message);
    expect(e.code).toBe('ERR_FILE_FORMAT');
    const ea = await caughtAsync(() => cp.loadAsync(bytes));
    expect(ea.message).toMatch(message);
  });

  it('refuses encrypted members and unknown compression methods as unsupported', () => {
    const b = npz();
    b.writeUInt16LE(1, centralAt(b) + 8);
    expect(caught(() => cp.load(b)).message).toMatch(/member 'a\/b\.npy' is encrypted/);
    const c = npz();
    c.writeUInt16LE(12, centralAt(c) + 10);
    const e = caught(() => cp.load(c));
    expect(e.code).toBe('ERR_UNSUPPORTED');
    expect(e.message).toMatch(/compression method 12; expected stored \(0\) or deflate \(8\)/);
  });

  it('every truncation of an .npy and an .npz, and every bit flip of an .npz, is an error or the same arrays', () => {
    const files = [valid(), npz(), npzDeflated()];
    const expected = files.map((f) => snapshot(cp.load(f)));
    let errors = 0;
    let same = 0;
    files.forEach((f, k) => {
      for (let n = 0; n < f.length; n++) {
        expect(() => cp.load(f.subarray(0, n)), `file ${k} cut at ${n}`).toThrow(CupytsError);
        errors++;
      }
    });
    files.slice(1).forEach((f, k) => {
      for (let i = 0; i < f.length; i++) {
        for (const bit of [0x01, 0x80]) {
          const b = Buffer.from(f);
          b[i] ^= bit;
          let got: string | undefined;
          try {
            got = snapshot(cp.load(b));
          } catch (e) {
            expect(e, `file ${k + 1}, byte ${i} ^ ${bit}`).toBeInstanceOf(CupytsError);
            errors++;
            continue;
          }
          expect(got, `file ${k + 1}, byte ${i} ^ ${bit} loaded different arrays`).toBe(expected[k + 1]);
          same++;
        }
      }
    });
    expect(errors).toBeGreaterThan(1000);
    expect(same).toBeGreaterThan(0); // e.g. a flip in a date or in the local zip64 sizes, which the reader does not use
  });
});

/** Names, dtypes, shapes and bits of what load returned, as one string. */
function snapshot(x: cp.NDArray | cp.NpzFile): string {
  const one = (a: cp.NDArray) => `${a.dtype.name}[${a.shape.join(',')}]:${bitsOf(a).toString('hex')}`;
  return x instanceof cp.NDArray ? one(x) : [...x].map(([k, a]) => `${k}=${one(a)}`).join(';');
}

describe('raw binary: fromfile, frombuffer, tofile', () => {
  it('reads NumPy tofile output in either byte order, with count and offset', () => {
    const raw = readFileSync(at('raw-f64.raw'));
    expect(bitsOf(cp.fromfile(at('raw-le.bin'))).equals(raw)).toBe(true);
    expect(bitsOf(cp.fromfile(at('raw-le.bin'), '<f8')).equals(raw)).toBe(true);
    expect(bitsOf(cp.fromfile(at('raw-be.bin'), '>f8')).equals(raw)).toBe(true);
    expect(bitsOf(cp.fromfile(at('raw-be.bin'), { dtype: '>f8', count: 3, offset: 16 })).equals(raw.subarray(16, 40))).toBe(true);
    expect(cp.fromfile(at('raw-le.bin'), 'uint8', 0).shape).toEqual([0]);
    expect(cp.fromfile(at('raw-le.bin'), 'uint8', -1, '', 88).shape).toEqual([0]);
  });

  it('frombuffer takes ArrayBuffers, TypedArrays (their bytes, from their offset), DataViews and Buffers', () => {
    const bytes = new Uint8Array([0, 1, 0, 2, 0, 3, 0, 4]);
    const want = [1, 2, 3, 4];
    expect(cp.frombuffer(bytes, '>u2').toArraySync()).toEqual(want);
    expect(cp.frombuffer(bytes.buffer, '>i2').toArraySync()).toEqual(want);
    expect(cp.frombuffer(new DataView(bytes.buffer, 2), '>u2').toArraySync()).toEqual([2, 3, 4]);
    expect(cp.frombuffer(Buffer.from(bytes), { dtype: '>u2', count: 2, offset: 4 }).toArraySync()).toEqual([3, 4]);
    expect(cp.frombuffer(new Uint16Array(bytes.buffer, 2, 2), 'uint8').toArraySync()).toEqual([0, 2, 0, 3]);
    expect(cp.frombuffer(bytes, 'int16', 1, 1).toArraySync()).toEqual([1]);
    expect(cp.frombuffer(new Float64Array([1.5, -2])).toArraySync()).toEqual([1.5, -2]);
    expect(cp.frombuffer(new Float32Array([1.5, -2]), cp.float32).toArraySync()).toEqual([1.5, -2]);
    expect(cp.frombuffer(new Float32Array([1.5, -2]), 'f4').toArraySync()).toEqual([1.5, -2]);
    expect(cp.frombuffer(new Float32Array([1.5, -2]), '=f4').toArraySync()).toEqual([1.5, -2]);
    expect(cp.frombuffer(new Uint8Array([0, 1, 5]), 'bool').toArraySync()).toEqual([false, true, true]);
    // complex: n elements are 2n floats; a big-endian complex swaps each part, not the whole item
    expect(cp.frombuffer(new Float64Array([1.5, -2, 3, 4]), 'complex128').toArraySync()).toEqual([cp.complex(1.5, -2), cp.complex(3, 4)]);
    expect(cp.frombuffer(new Float32Array([1.5, -2, 3, 4]), 'c8', 1, 8).toArraySync()).toEqual([cp.complex(3, 4)]);
    const be = Buffer.alloc(16);
    [1.5, -2, 0.25, 8].forEach((x, i) => be.writeFloatBE(x, 4 * i));
    expect(cp.frombuffer(be, '>c8').toArraySync()).toEqual([cp.complex(1.5, -2), cp.complex(0.25, 8)]);
    expect(cp.frombuffer(Buffer.concat([be, be]), '>c16').shape).toEqual([2]);
    // the array is a copy
    const src = new Float32Array([1, 2]);
    const a = cp.frombuffer(src, 'float32');
    src[0] = 9;
    expect(a.toArraySync()).toEqual([1, 2]);
  });

  it('refuses sizes NumPy refuses, and short files', () => {
    const b = new Uint8Array(13);
    const cases: Array<[() => unknown, string, RegExp]> = [
      [() => cp.frombuffer(b, 'int32'), 'ERR_ARG', /^frombuffer: the buffer holds 13 bytes after offset 0, not a whole number of int32 elements \(4 bytes each\)/],
      [() => cp.frombuffer(b, 'int32', 5), 'ERR_ARG', /^frombuffer: the buffer is smaller than asked: count=5 int32 elements need 20 bytes after offset 0, it holds 13/],
      [() => cp.frombuffer(b, 'uint8', -1, 14), 'ERR_ARG', /^frombuffer: expected an offset of at most the buffer's 13 bytes, got 14/],
      [() => cp.frombuffer(b, 'uint8', -1, -1), 'ERR_ARG', /^frombuffer: expected offset to be a non-negative integer, got -1/],
      [() => cp.frombuffer(b, 'complex256' as never), 'ERR_DTYPE', /^frombuffer: dtype 'complex256'.* is not supported/],
      [() => cp.frombuffer(b, '>c32' as never), 'ERR_DTYPE', /^frombuffer: dtype complex256 \(clongdouble\) \(descr '>c32'\)/],
      [() => cp.frombuffer(b, 'complex128'), 'ERR_ARG', /^frombuffer: the buffer holds 13 bytes after offset 0, not a whole number of complex128 elements \(16 bytes each\)/],
      [() => cp.frombuffer('abc' as never), 'ERR_ARG', /^frombuffer: expected buffer to be an ArrayBuffer, TypedArray, DataView or Buffer, got 'abc'/],
      [() => cp.frombuffer(b, { like: null } as never), 'ERR_UNSUPPORTED', /the option 'like' is not supported yet/],
      [() => cp.fromfile(at('raw-le.bin'), 'float64', 12), 'ERR_FILE_FORMAT', /^fromfile: the file is smaller than asked: count=12 float64 elements need 96 bytes/],
      [() => cp.fromfile(at('raw-le.bin'), 'float64', -1, '', 3), 'ERR_FILE_FORMAT', /^fromfile: the file holds 85 bytes after offset 3, not a whole number of float64 elements/],
      [() => cp.fromfile(at('raw-le.bin'), 'float64', -1, ' '), 'ERR_UNSUPPORTED', /^fromfile: text mode \(sep=" "\) is not supported yet/],
      [() => cp.fromfile(at('no-such-file.bin')), 'ERR_IO', /^fromfile: cannot read '.*no-such-file\.bin': ENOENT/],
      [() => cp.arange(3).tofile(at('t.txt'), ','), 'ERR_UNSUPPORTED', /^tofile: text mode \(sep=","\) is not supported yet/],
      [() => cp.arange(3).tofile(join(dir, 'no', 'such', 'dir.bin')), 'ERR_IO', /^tofile: cannot write .*ENOENT/],
      [() => (cp.arange(3).tofile as (...a: unknown[]) => void)(5), 'ERR_ARG', /^tofile: expected fid to be a file path/],
    ];
    for (const [call, code, message] of cases) {
      const e = caught(call);
      expect(e.code, String(message)).toBe(code);
      expect(e.message).toMatch(message);
    }
  });
});

describe('save, load and savez arguments', () => {
  it('adds .npy and .npz where the path lacks them, as NumPy does', () => {
    cp.save(at('named'), cp.arange(2));
    cp.savez(at('named-z'), cp.arange(2));
    cp.savez_compressed(at('named-zc.npz'), cp.arange(2));
    expect([existsSync(at('named.npy')), existsSync(at('named-z.npz')), existsSync(at('named-zc.npz')), existsSync(at('named-zc.npz.npz'))]).toEqual([true, true, true, false]);
  });

  it('saves JS data like np.save saves lists', () => {
    cp.save(at('js.npy'), [[1, 2], [3, 4]]);
    const a = cp.load(at('js.npy')) as cp.NDArray;
    expect([a.dtype.name, a.toArraySync()]).toEqual(['int64', [[1n, 2n], [3n, 4n]]]);
    cp.savez(at('js.npz'), 2.5, { flag: true });
    const z = cp.load(at('js.npz')) as cp.NpzFile;
    expect([z.files, z.get('arr_0')!.item(), z.get('flag')!.item()]).toEqual([['flag', 'arr_0'], 2.5, true]);
  });

  it('refuses what NumPy refuses, and what cupyts does not do, naming the function and argument', async () => {
    const a = cp.arange(3);
    const cases: Array<[() => unknown, string, RegExp]> = [
      [() => cp.load(at('js.npy'), { allow_pickle: true }), 'ERR_UNSUPPORTED', /^load: allow_pickle=true is not supported/],
      [() => cp.load(at('js.npy'), 'r'), 'ERR_UNSUPPORTED', /^load: mmap_mode is not supported yet/],
      [() => cp.load(at('js.npy'), { mmap_mode: 'x' } as never), 'ERR_ARG', /^load: expected mmap_mode to be one of 'r', 'r\+', 'w\+', 'c' or null, got 'x'/],
      [() => cp.load(at('js.npy'), { bogus: 1 } as never), 'ERR_ARG', /^load: unknown option 'bogus'/],
      [() => cp.load(5 as never), 'ERR_ARG', /^load: expected file to be a file path .* or the file's bytes/],
      [() => cp.load(at('missing.npy')), 'ERR_IO', /^load: cannot read '.*missing\.npy': ENOENT/],
      [() => cp.save(at('x.npy'), 'abc' as never), 'ERR_ARG', /^save: expected arr to be an NDArray or array data/],
      [() => (cp.save as unknown as (...x: unknown[]) => void)(at('x.npy')), 'ERR_ARG', /^save: missing required argument 'arr'/],
      [() => cp.save('', a), 'ERR_ARG', /^save: expected file to be a file path/],
      [() => cp.save(join(dir, 'no', 'dir', 'x.npy'), a), 'ERR_IO', /^save: cannot write/],
      [() => cp.savez(at('c.npz'), a, { arr_0: a }), 'ERR_ARG', /^savez: cannot name an array 'arr_0' and also pass 1 positional arrays/],
      [() => cp.savez(at('c.npz'), { w: 'abc' as never }), 'ERR_ARG', /^savez: expected the array 'w' to be an NDArray or array data/],
      [() => cp.savez(at('c.npz'), a, {} as never, a), 'ERR_ARG', /^savez: expected positional array 1 \(arr_1\) to be an NDArray/],
      [() => cp.savez_compressed(at('c.npz'), { allow_pickle: 3 as never }), 'ERR_ARG', /^savez_compressed: expected allow_pickle to be a boolean, got 3/],
      [() => cp.savez(5 as never, a), 'ERR_ARG', /^savez: expected file to be a file path/],
    ];
    for (const [call, code, message] of cases) {
      const e = caught(call);
      expect(e.code, String(message)).toBe(code);
      expect(e.message).toMatch(message);
    }
    expect((await caughtAsync(() => cp.loadAsync(at('missing.npy')))).message).toMatch(/^loadAsync: cannot read/);
    expect((await caughtAsync(() => cp.saveAsync(join(dir, 'no', 'x.npy'), a))).code).toBe('ERR_IO');
    cp.savez(at('ok.npz'), a, { allow_pickle: false });
    expect((cp.load(at('ok.npz')) as cp.NpzFile).files).toEqual(['arr_0']);
  });

  it('writes the headers of format versions 1.0, 2.0 and 3.0 as NumPy does, and 2.0 past 65535 bytes', () => {
    for (const v of ['1.0', '2.0', '3.0'] as const) {
      const h = encodeNpyHeader(DTYPES.float32, [2, 3], v);
      expect(h.length % 64).toBe(0);
      const a = cp.load(Buffer.concat([h, Buffer.alloc(24)])) as cp.NDArray;
      expect(a.shape).toEqual([2, 3]);
    }
    const long = encodeNpyHeader(DTYPES.uint8, new Array(25000).fill(1));
    expect(long[6]).toBe(2);
    expect(caught(() => cp.load(Buffer.concat([long, Buffer.alloc(1)]))).message).toMatch(/more than max_header_size/);
    expect((cp.load(Buffer.concat([long, Buffer.alloc(1)]), { max_header_size: 100000 }) as cp.NDArray).ndim).toBe(25000);
  });

  it('zip CRC-32 matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    const text = new TextEncoder().encode('123456789');
    expect(crc32(text.subarray(4), crc32(text.subarray(0, 4)))).toBe(0xcbf43926);
  });
});

describe('TypedArrays', () => {
  const onCpu = () => cp.currentBackend() === 'cpu';

  it('fromTypedArray takes each TypedArray with its dtype, a shape, and bool/float16 over their storage arrays', () => {
    const cases: Array<[ArrayLike<number | bigint>, string]> = [
      [new Int8Array([1, -2]), 'int8'], [new Uint8Array([1, 2]), 'uint8'], [new Uint8ClampedArray([1, 2]), 'uint8'],
      [new Int16Array([1, -2]), 'int16'], [new Uint16Array([1, 2]), 'uint16'], [new Int32Array([1, -2]), 'int32'],
      [new Uint32Array([1, 2]), 'uint32'], [new Float32Array([1.5, 2]), 'float32'], [new Float64Array([1.5, 2]), 'float64'],
      [new BigInt64Array([1n, -2n]), 'int64'], [new BigUint64Array([1n, 2n]), 'uint64'], [Buffer.from([7, 8]), 'uint8'],
    ];
    for (const [data, dtype] of cases) {
      const a = cp.fromTypedArray(data as never);
      expect([a.dtype.name, a.shape], dtype).toEqual([dtype, [2]]);
      expect(Array.from(a.dataSync() as ArrayLike<number>), dtype).toEqual(Array.from(data as ArrayLike<number>));
    }
    expect(cp.fromTypedArray(new Float64Array(6), [2, 3]).shape).toEqual([2, 3]);
    expect(cp.fromTypedArray(new Uint8Array([1, 0]), { dtype: 'bool' }).toArraySync()).toEqual([true, false]);
    expect(cp.fromTypedArray(new Uint16Array([0x3c00, 0xc000]), null, { dtype: 'float16' }).toArraySync()).toEqual([1, -2]);
    const sub = new Int32Array([1, 2, 3, 4, 5]).subarray(1, 4);
    expect(cp.fromTypedArray(sub).add(1).toArraySync()).toEqual([3n, 4n, 5n].map(Number));
  });

  it('fromTypedArray refuses what it cannot share', () => {
    const cases: Array<[() => unknown, string, RegExp]> = [
      [() => cp.fromTypedArray(new Float32Array(6), [4]), 'ERR_SHAPE', /^fromTypedArray: expected a shape of 6 elements, got \[4\]/],
      [() => cp.fromTypedArray(new Float32Array(2), { dtype: 'int32' }), 'ERR_DTYPE', /^fromTypedArray: expected a Int32Array for dtype int32, got Float32Array\(2\)/],
      [() => cp.fromTypedArray(new Uint8Array([0, 2]), { dtype: 'bool' }), 'ERR_ARG', /only 0s and 1s/],
      [() => cp.fromTypedArray([1, 2] as never), 'ERR_ARG', /^fromTypedArray: expected typedArray to be a numeric TypedArray/],
      [() => cp.fromTypedArray(new DataView(new ArrayBuffer(4)) as never), 'ERR_ARG', /expected typedArray to be a numeric TypedArray/],
    ];
    for (const [call, code, message] of cases) {
      const e = caught(call);
      expect(e.code, String(message)).toBe(code);
      expect(e.message).toMatch(message);
    }
  });

  it('shares memory with the array on the CPU backend, and copies on CUDA', () => {
    const data = new Float32Array([1, 2, 3, 4, 5, 6]);
    const a = cp.fromTypedArray(data, [2, 3]);
    data[0] = 100;
    const t = a.toTypedArray();
    t[1] = -1;
    if (onCpu()) {
      expect(a.toArraySync()).toEqual([[100, -1, 3], [4, 5, 6]]);
      expect(t.buffer).toBe(data.buffer);
    } else {
      expect(a.toArraySync()).toEqual([[1, 2, 3], [4, 5, 6]]);
    }
    a.set('0, 2', 7);
    expect(onCpu() ? data[2] : a.toTypedArray()[2]).toBe(7);
  });

  it('toTypedArray: C order for views, storage arrays for float16 and bool, and memory kept from the buffer pool', () => {
    const x = cp.arange(6).astype('int16').reshape([2, 3]);
    expect(Array.from(x.T.toTypedArray() as Int16Array)).toEqual([0, 3, 1, 4, 2, 5]);
    expect(Array.from(cp.broadcast_to(cp.arange(2), [2, 2]).toTypedArray() as BigInt64Array)).toEqual([0n, 1n, 0n, 1n]);
    expect(cp.asarray([1, -2], { dtype: 'float16' }).toTypedArray()).toEqual(new Uint16Array([0x3c00, 0xc000]));
    expect(cp.asarray([true, false]).toTypedArray()).toEqual(new Uint8Array([1, 0]));
    expect(cp.zeros([0, 3]).toTypedArray()).toEqual(new Float64Array(0));
    const s = cp.asarray([5, 6, 7]).get('1:');
    expect(Array.from(s.toTypedArray() as BigInt64Array)).toEqual([6n, 7n]);
    // a disposed array's memory goes back to the pool; memory handed out must not
    const kept = cp.asarray([1, 2, 3, 4], { dtype: 'float32' }).mul(2).eval();
    const view = kept.toTypedArray();
    kept.dispose();
    for (let i = 0; i < 20; i++) cp.asarray([9, 9, 9, 9], { dtype: 'float32' }).mul(3).eval();
    expect(Array.from(view as Float32Array)).toEqual([2, 4, 6, 8]);
  });
});
