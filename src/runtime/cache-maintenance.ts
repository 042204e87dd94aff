// Looking after the disk kernel cache as a whole: listing its entries, evicting the least
// recently used past a size cap, verifying every entry, clearing it. Only files the cache itself
// writes are ever touched (`<dir>/<arch>/<key>.bin|.json|.cu` and their `.tmp` files).
//
// Several processes may do any of this at once: every removal tolerates a file already gone,
// and a reader that loses an entry to eviction sees a miss and compiles again. "Recently used"
// is the `.bin` file's mtime, which a write sets and a read hit touches (no shared index).
import * as fs from 'node:fs';
import * as path from 'node:path';

import {
  ARCH_PATTERN, ENTRY_SUFFIXES, entryFilesProblem, parseEntryMeta, type KernelEntryMeta,
} from './cache-entry.js';

/** A temp file or an orphan sidecar older than this is left over from a crash, and is removed. */
export const STALE_FILE_MS = 10 * 60 * 1000;

export interface CacheEntryInfo {
  arch: string;
  key: string;
  /** `<dir>/<arch>/<key>.bin` */
  file: string;
  /** The entry's files together: binary, metadata and saved source. */
  bytes: number;
  /** Last written or read (mtime of the `.bin`), in ms since the epoch. */
  usedMs: number;
  /** The sidecar, when present and valid (scanCache with `withMeta`). */
  meta?: KernelEntryMeta;
  /** Why the sidecar is not valid, when it is present and not. */
  metaProblem?: string;
}

export interface CacheScan {
  entries: CacheEntryInfo[];
  /** Temp files and sidecars without a `.bin`: [path, bytes, mtime ms]. */
  strays: Array<{ file: string; bytes: number; mtimeMs: number }>;
}

function listQuietly(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function statQuietly(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

/** A file or folder that could not be removed, and why (the errno code, e.g. EACCES). */
export interface RemovalFailure {
  file: string;
  code: string;
}

/**
 * Removes a file; false if it was already gone (another process got there first) or could not be
 * removed. Where `failures` is given, a file that exists and could not be removed is added to it.
 */
export function removeQuietly(file: string, failures?: RemovalFailure[]): boolean {
  try {
    fs.unlinkSync(file);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'UNKNOWN';
    if (code !== 'ENOENT') failures?.push({ file, code });
    return false;
  }
}

/** The text of the sidecar beside an entry's `.bin`, or undefined where it has none (or it is gone). */
export function readSidecar(binFile: string): string | undefined {
  try {
    return fs.readFileSync(`${binFile.slice(0, -ENTRY_SUFFIXES.binary.length)}${ENTRY_SUFFIXES.meta}`, 'utf8');
  } catch {
    return undefined;
  }
}

/** The arch folders of the cache, sorted. */
export function archFolders(dir: string): string[] {
  return listQuietly(dir).filter((name) => ARCH_PATTERN.test(name) && statQuietly(path.join(dir, name))?.isDirectory()).sort();
}

const ENTRY_FILE = /^([0-9a-f]{64})\.(bin|json|cu)$/;
const TEMP_FILE = /^[0-9a-f]{64}\.(bin|json|cu)\.\d+\.[0-9a-f]+\.tmp$/;

/** Every entry under `dir` (oldest use first), and the stray files beside them. */
export function scanCache(dir: string, options: { withMeta?: boolean } = {}): CacheScan {
  const entries: CacheEntryInfo[] = [];
  const strays: CacheScan['strays'] = [];
  for (const arch of archFolders(dir)) {
    const archDir = path.join(dir, arch);
    const byKey = new Map<string, { bin?: fs.Stats; sidecars: Array<[string, fs.Stats]> }>();
    for (const name of listQuietly(archDir)) {
      const file = path.join(archDir, name);
      const m = ENTRY_FILE.exec(name);
      if (!m) {
        if (TEMP_FILE.test(name)) {
          const st = statQuietly(file);
          if (st) strays.push({ file, bytes: st.size, mtimeMs: st.mtimeMs });
        }
        continue;
      }
      const st = statQuietly(file);
      if (!st?.isFile()) continue;
      const slot = byKey.get(m[1]) ?? { sidecars: [] };
      if (m[2] === 'bin') slot.bin = st;
      else slot.sidecars.push([file, st]);
      byKey.set(m[1], slot);
    }
    for (const [key, slot] of byKey) {
      if (!slot.bin) {
        for (const [file, st] of slot.sidecars) strays.push({ file, bytes: st.size, mtimeMs: st.mtimeMs });
        continue;
      }
      const entry: CacheEntryInfo = {
        arch, key, file: path.join(archDir, `${key}${ENTRY_SUFFIXES.binary}`),
        bytes: slot.bin.size + slot.sidecars.reduce((acc, [, st]) => acc + st.size, 0),
        usedMs: slot.bin.mtimeMs,
      };
      if (options.withMeta) {
        const metaFile = path.join(archDir, `${key}${ENTRY_SUFFIXES.meta}`);
        if (slot.sidecars.some(([file]) => file === metaFile)) {
          try {
            const parsed = parseEntryMeta(fs.readFileSync(metaFile, 'utf8'));
            if ('meta' in parsed) entry.meta = parsed.meta;
            else entry.metaProblem = parsed.problem;
          } catch {
            // removed meanwhile
          }
        }
      }
      entries.push(entry);
    }
  }
  entries.sort((a, b) => a.usedMs - b.usedMs);
  return { entries, strays };
}

/** Total bytes of a scan (entries and strays). */
export function scanBytes(scan: CacheScan): number {
  return scan.entries.reduce((acc, e) => acc + e.bytes, 0) + scan.strays.reduce((acc, s) => acc + s.bytes, 0);
}

/**
 * Removes an entry's files (binary first, so a reader never sees a half-removed entry as valid);
 * true if this call removed the binary. Files that could not be removed go to `failures`.
 */
export function removeEntry(entry: Pick<CacheEntryInfo, 'file'>, failures?: RemovalFailure[]): boolean {
  const base = entry.file.slice(0, -ENTRY_SUFFIXES.binary.length);
  const removed = removeQuietly(entry.file, failures);
  removeQuietly(`${base}${ENTRY_SUFFIXES.meta}`, failures);
  removeQuietly(`${base}${ENTRY_SUFFIXES.source}`, failures);
  return removed;
}

export interface EvictionResult {
  removed: number;
  freedBytes: number;
  /** Bytes left in the cache afterwards (as scanned). */
  bytes: number;
}

/**
 * Brings the cache to at most `targetBytes`: removes stale strays, then entries by least recent
 * use. Entries whose `.bin` path is in `keep` (the one just written) are never removed.
 */
export function evictLeastRecentlyUsed(dir: string, targetBytes: number, keep: ReadonlySet<string> = new Set(), now = Date.now()): EvictionResult {
  const scan = scanCache(dir);
  let bytes = scanBytes(scan);
  const result: EvictionResult = { removed: 0, freedBytes: 0, bytes };
  for (const stray of scan.strays) {
    if (now - stray.mtimeMs > STALE_FILE_MS && removeQuietly(stray.file)) bytes -= stray.bytes;
  }
  for (const entry of scan.entries) {
    if (bytes <= targetBytes) break;
    if (keep.has(entry.file)) continue;
    if (removeEntry(entry)) {
      result.removed += 1;
      result.freedBytes += entry.bytes;
    }
    bytes -= entry.bytes;
  }
  result.bytes = bytes;
  return result;
}

export interface VerifyProblem {
  arch: string;
  key: string;
  file: string;
  problem: string;
}

export interface VerifyResult {
  checked: number;
  bad: VerifyProblem[];
  /** Bad entries removed (with `fix`). */
  removed: number;
  /** Files of bad entries that `fix` could not remove (a read-only cache). */
  failures: RemovalFailure[];
}

/**
 * Reads every entry and checks its header, length and checksum, and its sidecar where present
 * (valid JSON of the metadata schema, same arch, same payload length): `entryFilesProblem`, the
 * check a read of the cache makes. With `fix`, removes the bad entries (a later load compiles
 * them again).
 */
export function verifyCache(dir: string, options: { fix?: boolean } = {}): VerifyResult {
  const result: VerifyResult = { checked: 0, bad: [], removed: 0, failures: [] };
  for (const entry of scanCache(dir).entries) {
    let contents: Buffer;
    try {
      contents = fs.readFileSync(entry.file);
    } catch {
      continue; // removed meanwhile
    }
    result.checked += 1;
    const problem = entryFilesProblem(entry.arch, contents, readSidecar(entry.file));
    if (problem === undefined) continue;
    result.bad.push({ arch: entry.arch, key: entry.key, file: entry.file, problem });
    if (options.fix && removeEntry(entry, result.failures)) result.removed += 1;
  }
  return result;
}

export interface ClearResult {
  removed: number;
  /** Bytes of the cache before (entries and strays). */
  bytes: number;
  /** What could not be removed (a read-only cache), or read (an unreadable folder). */
  failures: RemovalFailure[];
}

/** Removes every entry, temp file and sidecar of the cache, and the arch folders left empty. */
export function clearCache(dir: string): ClearResult {
  const failures: RemovalFailure[] = [];
  for (const folder of [dir, ...archFolders(dir)]) {
    try {
      fs.readdirSync(folder);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'UNKNOWN';
      if (code !== 'ENOENT') failures.push({ file: folder, code }); // its entries cannot even be listed
    }
  }
  const scan = scanCache(dir);
  let removed = 0;
  for (const entry of scan.entries) if (removeEntry(entry, failures)) removed += 1;
  for (const stray of scan.strays) removeQuietly(stray.file, failures);
  for (const arch of archFolders(dir)) {
    try {
      fs.rmdirSync(path.join(dir, arch));
    } catch (err) {
      // not empty: holds files that are not ours, or another process just wrote one
      const code = (err as NodeJS.ErrnoException).code ?? 'UNKNOWN';
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOENT') failures.push({ file: path.join(dir, arch), code });
    }
  }
  return { removed, bytes: scanBytes(scan), failures };
}
