import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterEach, describe, expect, test, vi } from 'vitest';

import {
  CACHE_FORMAT_VERSION,
  DiskKernelCache,
  type KernelKeyParts,
  MemoryKernelCache,
  defaultCacheDir,
  kernelCacheKey,
  memoryCacheKey,
} from '../../src/runtime/kernel-cache.js';

const HEADER_BYTES = 48;
const ARCH = 'sm_90';

const BASE_PARTS: KernelKeyParts = {
  cupytsVersion: '0.1.0',
  nvrtcVersion: '12.4',
  arch: ARCH,
  options: ['--std=c++17', '-default-device'],
  source: 'extern "C" __global__ void add_f32(float* a) { a[threadIdx.x] += 1.0f; }',
};

const tempDirs: string[] = [];

function makeTempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cupyts-cache-test-'));
  tempDirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of tempDirs.splice(0)) {
    makeWritableRecursively(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  vi.restoreAllMocks();
});

function makeWritableRecursively(dir: string): void {
  try {
    fs.chmodSync(dir, 0o700);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) makeWritableRecursively(path.join(dir, entry.name));
    }
  } catch {
    // best effort
  }
}

function keyFor(overrides: Partial<KernelKeyParts> = {}): string {
  return kernelCacheKey({ ...BASE_PARTS, ...overrides });
}

function listRecursively(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).map((name) => name.toString());
}

function newCache(options: { saveSource?: boolean } = {}): { cache: DiskKernelCache; dir: string; warn: ReturnType<typeof vi.fn> } {
  const dir = path.join(makeTempDir(), 'cache');
  const warn = vi.fn();
  return { cache: new DiskKernelCache({ dir, warn, ...options }), dir, warn };
}

describe('kernelCacheKey', () => {
  test('is a 64-digit hex sha256 and deterministic', () => {
    const key = keyFor();
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(keyFor()).toBe(key);
    expect(kernelCacheKey({ ...BASE_PARTS, options: [...BASE_PARTS.options] })).toBe(key);
    expect(CACHE_FORMAT_VERSION).toBe(1);
  });

  test('changes when any part changes', () => {
    const base = keyFor();
    const variants: Partial<KernelKeyParts>[] = [
      { arch: 'sm_80' },
      { arch: 'compute_90' },
      { nvrtcVersion: '12.5' },
      { cupytsVersion: '0.1.1' },
      { options: ['--std=c++14', '-default-device'] },
      { options: ['--std=c++17', '-default-devicf'] },
      { options: ['-default-device', '--std=c++17'] }, // order
      { options: ['--std=c++17'] },
      { options: [...BASE_PARTS.options, ''] },
      { source: BASE_PARTS.source.replace('1.0f', '2.0f') }, // one character
      { source: BASE_PARTS.source + ' ' },
    ];
    const keys = variants.map((variant) => keyFor(variant));
    for (const key of keys) expect(key).not.toBe(base);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test('is unambiguous across field boundaries', () => {
    expect(keyFor({ options: ['a', 'b'] })).not.toBe(keyFor({ options: ['ab'] }));
    expect(keyFor({ options: ['a b'] })).not.toBe(keyFor({ options: ['a', 'b'] }));
    expect(keyFor({ options: [] })).not.toBe(keyFor({ options: [''] }));
    expect(keyFor({ cupytsVersion: '1', nvrtcVersion: '23' })).not.toBe(keyFor({ cupytsVersion: '12', nvrtcVersion: '3' }));
    expect(keyFor({ options: ['x'], source: 'y' })).not.toBe(keyFor({ options: [], source: 'x\ny' }));
  });
});

describe('defaultCacheDir', () => {
  test('prefers CUPYTS_CACHE_DIR, then XDG_CACHE_HOME/cupyts, then ~/.cache/cupyts', () => {
    expect(defaultCacheDir({ CUPYTS_CACHE_DIR: '/a/cupyts-dir', XDG_CACHE_HOME: '/xdg' })).toBe('/a/cupyts-dir');
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/xdg' })).toBe(path.join('/xdg', 'cupyts'));
    expect(defaultCacheDir({})).toBe(path.join(os.homedir(), '.cache', 'cupyts'));
    expect(defaultCacheDir({ CUPYTS_CACHE_DIR: '', XDG_CACHE_HOME: '' })).toBe(path.join(os.homedir(), '.cache', 'cupyts'));
  });
});

describe('MemoryKernelCache', () => {
  test('stores, counts and clears entries keyed by arch:key', () => {
    const memory = new MemoryKernelCache();
    const key = memoryCacheKey(ARCH, keyFor());
    expect(key).toBe(`${ARCH}:${keyFor()}`);
    expect(memory.get(key)).toBeUndefined();
    const binary = new Uint8Array([1, 2, 3]);
    memory.set(key, binary);
    expect(memory.get(key)).toBe(binary);
    expect(memory.size).toBe(1);
    memory.clear();
    expect(memory.size).toBe(0);
    expect(memory.get(key)).toBeUndefined();
  });
});

describe('DiskKernelCache', () => {
  test('misses before any write', () => {
    const { cache, warn } = newCache();
    expect(cache.read(ARCH, keyFor())).toBeUndefined();
    expect(cache.writable).toBe(true);
    expect(warn).not.toHaveBeenCalled();
  });

  test('round-trips random bytes at <dir>/<arch>/<key>.bin', () => {
    const { cache, dir, warn } = newCache();
    const key = keyFor();
    const binary = new Uint8Array(randomBytes(4099));
    cache.write(ARCH, key, binary, BASE_PARTS.source);
    expect(cache.entryPath(ARCH, key)).toBe(path.join(dir, ARCH, `${key}.bin`));
    expect(fs.existsSync(cache.entryPath(ARCH, key))).toBe(true);
    expect(fs.existsSync(path.join(dir, ARCH, `${key}.cu`))).toBe(false); // saveSource is off
    const read = cache.read(ARCH, key);
    expect(read).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(read!).equals(Buffer.from(binary))).toBe(true);
    expect(fs.statSync(cache.entryPath(ARCH, key)).size).toBe(HEADER_BYTES + binary.length);
    expect(cache.read('sm_80', key)).toBeUndefined(); // other arch, other folder
    expect(warn).not.toHaveBeenCalled();
  });

  test('round-trips an empty payload', () => {
    const { cache } = newCache();
    cache.write(ARCH, keyFor(), new Uint8Array(0));
    expect(cache.read(ARCH, keyFor())).toEqual(new Uint8Array(0));
  });

  test('writes <key>.cu beside the entry when saveSource is on', () => {
    const { cache, dir } = newCache({ saveSource: true });
    const key = keyFor();
    cache.write(ARCH, key, new Uint8Array([9, 8, 7]), BASE_PARTS.source);
    expect(fs.readFileSync(path.join(dir, ARCH, `${key}.cu`), 'utf8')).toBe(BASE_PARTS.source);
  });

  test('leaves no temp files behind and keeps a valid entry after many writes of one key', () => {
    const { cache, dir } = newCache({ saveSource: true });
    const key = keyFor();
    let last = new Uint8Array(0);
    for (let i = 0; i < 50; i++) {
      last = new Uint8Array(randomBytes(100 + i));
      cache.write(ARCH, key, last, `// version ${i}`);
    }
    expect(Buffer.from(cache.read(ARCH, key)!).equals(Buffer.from(last))).toBe(true);
    expect(fs.readFileSync(path.join(dir, ARCH, `${key}.cu`), 'utf8')).toBe('// version 49');
    expect(listRecursively(dir).sort()).toEqual([ARCH, path.join(ARCH, `${key}.bin`), path.join(ARCH, `${key}.cu`)].sort());
    expect(listRecursively(dir).filter((name) => name.includes('.tmp'))).toEqual([]);
  });

  test('a write replaces an existing entry by rename (a new inode), never in place', () => {
    const { cache } = newCache();
    const key = keyFor();
    cache.write(ARCH, key, new Uint8Array([1]));
    const before = fs.statSync(cache.entryPath(ARCH, key)).ino;
    const heldOpen = fs.openSync(cache.entryPath(ARCH, key), 'r');
    try {
      cache.write(ARCH, key, new Uint8Array([2, 2]));
      expect(fs.statSync(cache.entryPath(ARCH, key)).ino).not.toBe(before);
      // a reader that opened the old file still sees the old, complete entry
      expect(fs.fstatSync(heldOpen).size).toBe(HEADER_BYTES + 1);
    } finally {
      fs.closeSync(heldOpen);
    }
    expect(cache.read(ARCH, key)).toEqual(new Uint8Array([2, 2]));
  });

  test('creates its folders with mode 0700', () => {
    const root = makeTempDir();
    const dir = path.join(root, 'nested', 'cache');
    const cache = new DiskKernelCache({ dir, warn: vi.fn() });
    cache.write(ARCH, keyFor(), new Uint8Array([1, 2, 3]));
    for (const folder of [path.join(root, 'nested'), dir, path.join(dir, ARCH)]) {
      expect(fs.statSync(folder).mode & 0o777).toBe(0o700);
    }
  });

  describe('a damaged entry is a miss, and a new write repairs it', () => {
    const damages: [string, (entry: Buffer) => Buffer][] = [
      ['a flipped payload byte', (entry) => flipByte(entry, HEADER_BYTES + 5)],
      ['a flipped checksum byte', (entry) => flipByte(entry, 20)],
      ['truncated to half', (entry) => entry.subarray(0, Math.floor(entry.length / 2))],
      ['truncated to 10 bytes', (entry) => entry.subarray(0, 10)],
      ['truncated by one byte', (entry) => entry.subarray(0, entry.length - 1)],
      ['an empty file', () => Buffer.alloc(0)],
      ['trailing bytes', (entry) => Buffer.concat([entry, Buffer.from([0])])],
      ['wrong magic', (entry) => Buffer.concat([Buffer.from('CUPYTSK0'), entry.subarray(8)])],
      ['another format version', (entry) => withUint32(entry, 8, CACHE_FORMAT_VERSION + 1)],
      ['a wrong length field', (entry) => withUint32(entry, 12, entry.length)],
    ];
    test.each(damages)('%s', (_name, damage) => {
      const { cache, warn } = newCache();
      const key = keyFor();
      const binary = new Uint8Array(randomBytes(64));
      cache.write(ARCH, key, binary);
      const file = cache.entryPath(ARCH, key);
      fs.writeFileSync(file, damage(fs.readFileSync(file)));
      expect(cache.read(ARCH, key)).toBeUndefined();
      expect(cache.read(ARCH, key)).toBeUndefined();
      cache.write(ARCH, key, binary);
      expect(cache.read(ARCH, key)).toEqual(binary);
      expect(warn).not.toHaveBeenCalled();
    });
  });

  test('a read error (entry path is a folder) is a miss', () => {
    const { cache } = newCache();
    const key = keyFor();
    fs.mkdirSync(cache.entryPath(ARCH, key), { recursive: true });
    expect(cache.read(ARCH, key)).toBeUndefined();
  });

  test('an unwritable location (under a regular file) warns once and falls back to memory-only', () => {
    const root = makeTempDir();
    fs.writeFileSync(path.join(root, 'afile'), 'not a folder');
    const dir = path.join(root, 'afile', 'cache');
    const warn = vi.fn();
    const cache = new DiskKernelCache({ dir, warn });
    const key = keyFor();
    expect(() => cache.write(ARCH, key, new Uint8Array([1]))).not.toThrow();
    expect(() => cache.write(ARCH, keyFor({ source: 'other' }), new Uint8Array([2]))).not.toThrow();
    expect(cache.writable).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toBe(
      `cupyts: kernel cache dir ${dir} is not writable (ENOTDIR); compiled kernels are kept in memory only`,
    );
    expect(cache.read(ARCH, key)).toBeUndefined();
    expect(cache.stats()).toEqual({ dir, entries: 0, bytes: 0, arches: [] });
  });

  test('a read-only folder (chmod 0500) warns once, keeps serving reads, never throws', (context) => {
    const { cache, dir, warn } = newCache();
    const stored = keyFor();
    cache.write(ARCH, stored, new Uint8Array([4, 5, 6]));
    const archDir = path.join(dir, ARCH);
    fs.chmodSync(archDir, 0o500);
    fs.chmodSync(dir, 0o500);
    if (canWriteInto(archDir)) context.skip(); // running as root: chmod does not block writes (covered by the test above)
    expect(() => cache.write(ARCH, keyFor({ source: 'a' }), new Uint8Array([1]))).not.toThrow();
    expect(() => cache.write('sm_80', keyFor({ source: 'b' }), new Uint8Array([2]))).not.toThrow();
    expect(cache.writable).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/^cupyts: kernel cache dir .* is not writable \((EACCES|EPERM|EROFS)\); compiled kernels are kept in memory only$/);
    expect(cache.read(ARCH, stored)).toEqual(new Uint8Array([4, 5, 6]));
    expect(cache.read(ARCH, keyFor({ source: 'a' }))).toBeUndefined();
  });

  test('without a warn option, the warning goes to process.emitWarning', () => {
    const root = makeTempDir();
    fs.writeFileSync(path.join(root, 'afile'), '');
    const emitWarning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const cache = new DiskKernelCache({ dir: path.join(root, 'afile', 'cache') });
    cache.write(ARCH, keyFor(), new Uint8Array([1]));
    cache.write(ARCH, keyFor(), new Uint8Array([1]));
    expect(emitWarning).toHaveBeenCalledTimes(1);
    expect(String(emitWarning.mock.calls[0]![0])).toContain('is not writable (ENOTDIR)');
  });

  test('stats counts entries, bytes and arches', () => {
    const { cache, dir } = newCache({ saveSource: true });
    expect(cache.stats()).toEqual({ dir, entries: 0, bytes: 0, arches: [] });
    cache.write('sm_90', keyFor({ source: '1' }), new Uint8Array(10), 'src');
    cache.write('sm_90', keyFor({ source: '2' }), new Uint8Array(20));
    cache.write('compute_80', keyFor({ source: '3' }), new Uint8Array(30));
    fs.writeFileSync(path.join(dir, 'README'), 'not an arch');
    expect(cache.stats()).toEqual({ dir, entries: 3, bytes: 3 * HEADER_BYTES + 60, arches: ['compute_80', 'sm_90'] });
  });

  test('rejects invalid arch and key with ERR_ARG', () => {
    const { cache } = newCache();
    const key = keyFor();
    const badArches = ['', 'sm90', 'sm_', 'SM_90', '../sm_90', 'sm_90/..', 'sm_90a/x', 'gfx_90'];
    const badKeys = ['', key.toUpperCase(), key.slice(1), `${key}0`, `../${key.slice(3)}`, 'g'.repeat(64)];
    for (const arch of badArches) {
      for (const call of [
        () => cache.read(arch, key),
        () => cache.write(arch, key, new Uint8Array(1)),
        () => cache.entryPath(arch, key),
      ]) {
        expect(call).toThrow(expect.objectContaining({ code: 'ERR_ARG' }));
      }
    }
    for (const badKey of badKeys) {
      expect(() => cache.read(ARCH, badKey)).toThrow(expect.objectContaining({ code: 'ERR_ARG' }));
      expect(() => cache.write(ARCH, badKey, new Uint8Array(1))).toThrow(expect.objectContaining({ code: 'ERR_ARG' }));
    }
    expect(() => cache.entryPath('sm_90a', key)).not.toThrow();
    expect(() => cache.entryPath('compute_120', key)).not.toThrow();
    expect(() => cache.read(ARCH, key)).not.toThrow();
  });
});

function flipByte(entry: Buffer, offset: number): Buffer {
  const copy = Buffer.from(entry);
  copy[offset] = copy[offset]! ^ 0xff;
  return copy;
}

function withUint32(entry: Buffer, offset: number, value: number): Buffer {
  const copy = Buffer.from(entry);
  copy.writeUInt32LE(value, offset);
  return copy;
}

function canWriteInto(dir: string): boolean {
  const probe = path.join(dir, `.probe-${process.pid}`);
  try {
    fs.writeFileSync(probe, '');
    fs.unlinkSync(probe);
    return true;
  } catch {
    return false;
  }
}
