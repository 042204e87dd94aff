// The disk cache as a whole (no NVRTC needed: entries hold made-up bytes): the metadata
// sidecar, touch on read, least-recently-used eviction past the size cap, verify, clear.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { ENTRY_HEADER_BYTES, parseEntryMeta, sha256Hex, type KernelEntryMeta } from '../../src/runtime/cache-entry.js';
import { clearCache, evictLeastRecentlyUsed, scanBytes, scanCache, STALE_FILE_MS, verifyCache } from '../../src/runtime/cache-maintenance.js';
import { DEFAULT_CACHE_MAX_BYTES, readConfig } from '../../src/runtime/config.js';
import { DiskKernelCache, kernelCacheKey } from '../../src/runtime/kernel-cache.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cupyts-maint-'));
  dirs.push(d);
  return d;
}

const key = (i: number) => kernelCacheKey({ cupytsVersion: 't', nvrtcVersion: '1', arch: 'sm_90', options: [], source: `k${i}` });

function meta(arch: string, bytes: number, name = 'k.cu'): KernelEntryMeta {
  return { name, arch, target: 'cubin', options: [`--gpu-architecture=${arch}`], nvrtcVersion: '11.8', cupytsVersion: '0.1.0', sourceSha256: sha256Hex(name), binaryBytes: bytes, createdAt: new Date().toISOString() };
}

/** Writes entry i with `size` payload bytes and sets its last use to `ageS` seconds ago. */
function put(cache: DiskKernelCache, i: number, size: number, ageS: number, arch = 'sm_90'): string {
  cache.write(arch, key(i), new Uint8Array(randomBytes(size)), undefined, meta(arch, size, `k${i}.cu`));
  const file = cache.entryPath(arch, key(i));
  const t = new Date(Date.now() - ageS * 1000);
  fs.utimesSync(file, t, t);
  return file;
}

describe('metadata sidecar', () => {
  it('is written beside each entry and read back by scanCache', () => {
    const cache = new DiskKernelCache({ dir: tempDir() });
    put(cache, 1, 100, 0);
    const [entry] = scanCache(cache.dir, { withMeta: true }).entries;
    expect(entry.meta).toMatchObject({ name: 'k1.cu', arch: 'sm_90', binaryBytes: 100 });
    expect(fs.existsSync(path.join(cache.dir, 'sm_90', `${key(1)}.json`))).toBe(true);
    expect(entry.bytes).toBe(ENTRY_HEADER_BYTES + 100 + fs.statSync(path.join(cache.dir, 'sm_90', `${key(1)}.json`)).size);
  });

  it('a bad sidecar says which field is wrong', () => {
    expect(parseEntryMeta('{')).toMatchObject({ problem: expect.stringMatching(/^metadata is not JSON/) });
    expect(parseEntryMeta(JSON.stringify({ ...meta('sm_90', 1), arch: 'sm90' }))).toEqual({ problem: "metadata field arch: expected an arch like 'sm_90' or 'compute_90'" });
    expect(parseEntryMeta(JSON.stringify({ ...meta('sm_90', 1), binaryBytes: -1 }))).toMatchObject({ problem: expect.stringMatching(/^metadata field binaryBytes: /) });
  });
});

describe('least recently used', () => {
  it('a read hit touches the entry', () => {
    const cache = new DiskKernelCache({ dir: tempDir() });
    const file = put(cache, 1, 10, 3600);
    const before = fs.statSync(file).mtimeMs;
    expect(cache.read('sm_90', key(1))).toBeDefined();
    expect(fs.statSync(file).mtimeMs).toBeGreaterThan(before + 3000 * 1000);
  });

  it('eviction removes the oldest-used entries first, down to the target', () => {
    const cache = new DiskKernelCache({ dir: tempDir() });
    for (let i = 0; i < 6; i++) put(cache, i, 1000, 600 - i * 60); // entry 0 oldest
    cache.read('sm_90', key(0)); // ... but used just now
    const sizes = scanCache(cache.dir).entries.map((e) => e.bytes);
    const result = evictLeastRecentlyUsed(cache.dir, sizes.slice(0, 3).reduce((a, b) => a + b, 0));
    expect(result.removed).toBe(3);
    const left = scanCache(cache.dir).entries.map((e) => path.basename(e.file, '.bin')).sort();
    expect(left).toEqual([key(0), key(4), key(5)].sort());
    expect(fs.readdirSync(path.join(cache.dir, 'sm_90')).filter((n) => n.startsWith(key(1)))).toEqual([]); // sidecar gone too
    expect(result.bytes).toBe(scanBytes(scanCache(cache.dir)));
  });

  it('a write past maxBytes evicts down to 90% of it, never the entry just written', () => {
    const dir = tempDir();
    const filler = new DiskKernelCache({ dir });
    for (let i = 0; i < 10; i++) put(filler, i, 1000, 1000 - i);
    const one = scanCache(dir).entries[0].bytes;
    const cache = new DiskKernelCache({ dir, maxBytes: 5 * one });
    const newest = put(cache, 99, 1000, 0);
    const after = scanCache(dir);
    expect(scanBytes(after)).toBeLessThanOrEqual(0.9 * 5 * one);
    expect(after.entries.map((e) => e.file)).toContain(newest);
    expect(after.entries.map((e) => path.basename(e.file, '.bin'))).toEqual([key(7), key(8), key(9), key(99)].slice(-after.entries.length));
  });

  it('a cap smaller than one entry keeps just that entry', () => {
    const cache = new DiskKernelCache({ dir: tempDir(), maxBytes: 10 });
    put(cache, 1, 100, 10);
    put(cache, 2, 100, 0);
    expect(scanCache(cache.dir).entries.map((e) => path.basename(e.file, '.bin'))).toEqual([key(2)]);
  });

  it('stale temp files and orphan sidecars are removed by eviction; fresh ones are left alone', () => {
    const cache = new DiskKernelCache({ dir: tempDir() });
    put(cache, 1, 10, 0);
    const archDir = path.join(cache.dir, 'sm_90');
    const staleTmp = path.join(archDir, `${key(2)}.bin.123.abcdef.tmp`);
    const freshTmp = path.join(archDir, `${key(3)}.bin.124.abcdef.tmp`);
    const orphan = path.join(archDir, `${key(4)}.json`);
    for (const f of [staleTmp, freshTmp, orphan]) fs.writeFileSync(f, 'x');
    const old = new Date(Date.now() - STALE_FILE_MS - 1000);
    fs.utimesSync(staleTmp, old, old);
    fs.utimesSync(orphan, old, old);
    expect(scanCache(cache.dir).strays).toHaveLength(3);
    evictLeastRecentlyUsed(cache.dir, 1e9);
    expect(fs.existsSync(staleTmp)).toBe(false);
    expect(fs.existsSync(orphan)).toBe(false);
    expect(fs.existsSync(freshTmp)).toBe(true);
    expect(scanCache(cache.dir).entries).toHaveLength(1);
  });
});

describe('verifyCache', () => {
  it('finds damaged entries and bad metadata, and --fix removes them so the next read misses', () => {
    const cache = new DiskKernelCache({ dir: tempDir() });
    for (let i = 0; i < 5; i++) put(cache, i, 64, 0);
    const f1 = cache.entryPath('sm_90', key(1));
    const bytes = fs.readFileSync(f1);
    bytes[ENTRY_HEADER_BYTES + 3] ^= 0xff;
    fs.writeFileSync(f1, bytes);
    fs.truncateSync(cache.entryPath('sm_90', key(2)), 20);
    fs.writeFileSync(path.join(cache.dir, 'sm_90', `${key(3)}.json`), '{"name": 3}');
    const report = verifyCache(cache.dir);
    expect(report.checked).toBe(5);
    expect(report.bad.map((b) => [b.key, b.problem]).sort()).toEqual([
      [key(1), 'checksum mismatch (payload damaged)'],
      [key(2), 'truncated: 20 bytes, shorter than the 48-byte header'],
      [key(3), expect.stringMatching(/^metadata field name: /)],
    ].sort());
    expect(report.removed).toBe(0);
    expect(verifyCache(cache.dir, { fix: true }).removed).toBe(3);
    expect(verifyCache(cache.dir)).toEqual({ checked: 2, bad: [], removed: 0, failures: [] });
    expect(cache.read('sm_90', key(1))).toBeUndefined();
    expect(cache.read('sm_90', key(0))).toBeDefined();
  });

  it('metadata that disagrees with the entry is bad', () => {
    const cache = new DiskKernelCache({ dir: tempDir() });
    cache.write('sm_90', key(1), new Uint8Array(8), undefined, meta('sm_80', 8));
    cache.write('sm_90', key(2), new Uint8Array(8), undefined, meta('sm_90', 9));
    expect(verifyCache(cache.dir).bad.map((b) => b.problem).sort()).toEqual([
      'metadata says 9 payload bytes, the entry has 8',
      'metadata says arch sm_80, the entry is under sm_90',
    ]);
  });
});

describe('clearCache', () => {
  it('removes every entry and our stray files, and leaves files that are not ours', () => {
    const cache = new DiskKernelCache({ dir: tempDir(), saveSource: true });
    put(cache, 1, 10, 0);
    put(cache, 2, 10, 0, 'compute_80');
    fs.writeFileSync(path.join(cache.dir, 'README'), 'mine');
    fs.writeFileSync(path.join(cache.dir, 'sm_90', `${key(5)}.bin.1.ab.tmp`), 'x');
    const result = clearCache(cache.dir);
    expect(result.removed).toBe(2);
    expect(fs.readdirSync(cache.dir)).toEqual(['README']);
    expect(scanCache(cache.dir).entries).toEqual([]);
  });
});

describe('config', () => {
  it('reads CUPYTS_CACHE_MAX_BYTES (bytes or binary units, 0 = no cap) and CUPYTS_CACHE_RECORD', () => {
    expect(readConfig({}).cacheMaxBytes).toBe(DEFAULT_CACHE_MAX_BYTES);
    expect(DEFAULT_CACHE_MAX_BYTES).toBe(2 ** 30);
    expect(readConfig({ CUPYTS_CACHE_MAX_BYTES: '12345' }).cacheMaxBytes).toBe(12345);
    expect(readConfig({ CUPYTS_CACHE_MAX_BYTES: '512MiB' }).cacheMaxBytes).toBe(512 * 2 ** 20);
    expect(readConfig({ CUPYTS_CACHE_MAX_BYTES: '2G' }).cacheMaxBytes).toBe(2 * 2 ** 30);
    expect(readConfig({ CUPYTS_CACHE_MAX_BYTES: '0' }).cacheMaxBytes).toBe(0);
    expect(readConfig({ CUPYTS_CACHE_MAX_BYTES: '' }).cacheMaxBytes).toBe(DEFAULT_CACHE_MAX_BYTES);
    expect(() => readConfig({ CUPYTS_CACHE_MAX_BYTES: 'lots' })).toThrow(
      /^cupyts: environment variable CUPYTS_CACHE_MAX_BYTES: expected a byte count like '1073741824', '512MiB', '2GB' or '2GiB' \(.*\), got 'lots'$/,
    );
    expect(readConfig({}).cacheRecordFile).toBeUndefined();
    expect(readConfig({ CUPYTS_CACHE_RECORD: '/tmp/k.jsonl' }).cacheRecordFile).toBe('/tmp/k.jsonl');
  });
});

