/**
 * Compiled-kernel cache, two levels (as in CuPy):
 *
 * - `MemoryKernelCache`: the in-process memo, a Map keyed by `arch:key`.
 * - `DiskKernelCache`: one file per kernel under `<dir>/<arch>/<key>.bin` (format in
 *   cache-entry.ts), with a metadata sidecar `<key>.json`, written to a temp file in the same
 *   folder and renamed into place, so a reader only ever sees a complete entry. A bad or
 *   truncated entry, or one whose sidecar is damaged, is a miss (compiled and written again),
 *   never an error. If the folder cannot be written, the cache warns
 *   once and keeps working memory-only.
 *
 * The key (`kernelCacheKey`) covers everything that changes the compiled binary: the cupyts
 * version, the NVRTC version, the target arch, the compile options (in order) and the source.
 *
 * Size cap: a read hit touches the entry's mtime; after writes that take the cache past
 * `maxBytes`, the least recently used entries are removed (cache-maintenance.ts) down to 90% of
 * it. Each process counts its own writes and rescans the folder now and then, so with several
 * processes writing at once the cap is soft: it may be passed by what the others wrote since.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { argError, CupytsError } from '../ir/errors.js';
import {
  ARCH_PATTERN, CACHE_FORMAT_VERSION, ENTRY_HEADER_BYTES, ENTRY_SUFFIXES, KEY_PATTERN, encodeEntry, entryFilesProblem, type KernelEntryMeta,
} from './cache-entry.js';
import { evictLeastRecentlyUsed, readSidecar, removeQuietly, scanBytes, scanCache } from './cache-maintenance.js';
import { makeDirs } from './make-dirs.js';
import type { Environment } from './types.js';

export { CACHE_FORMAT_VERSION, type KernelEntryMeta };

const MAX_PAYLOAD_BYTES = 0xffff_ffff;
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;
/** A writer rescans the folder after this many writes of its own (others may have written). */
const RESCAN_EVERY_WRITES = 128;
/** Eviction brings the cache down to this fraction of the cap, so it does not run on every write. */
const EVICT_TO_FRACTION = 0.9;

// ---------------------------------------------------------------------------------------------
// Key

export interface KernelKeyParts {
  /** cupyts package version. */
  cupytsVersion: string;
  /** NVRTC version, e.g. "12.4". */
  nvrtcVersion: string;
  /** Target, 'sm_90' (cubin) or 'compute_90' (PTX). */
  arch: string;
  /** NVRTC options in the order they are passed; order matters. */
  options: readonly string[];
  /** Full CUDA source. */
  source: string;
}

/**
 * sha256 (hex) of an unambiguous serialization of the key parts.
 *
 * Serialization, fed to the hash in this order:
 *   "cupyts-kernel-key\n"
 *   field("format", String(CACHE_FORMAT_VERSION))
 *   field("cupyts", cupytsVersion)
 *   field("nvrtc", nvrtcVersion)
 *   field("arch", arch)
 *   field("options", String(options.length)), then field("option", o) for each option in order
 *   field("source", source)
 * where field(name, value) = `${name} ${utf8ByteLength(value)}\n${value}\n`.
 * Each value is length-prefixed, so no choice of strings can make two different parts collide
 * (e.g. options ['a', 'b'] and ['ab'] serialize differently).
 */
export function kernelCacheKey(parts: KernelKeyParts): string {
  const hash = createHash('sha256');
  const field = (name: string, value: string): void => {
    hash.update(`${name} ${Buffer.byteLength(value, 'utf8')}\n`, 'utf8');
    hash.update(value, 'utf8');
    hash.update('\n', 'utf8');
  };
  hash.update('cupyts-kernel-key\n', 'utf8');
  field('format', String(CACHE_FORMAT_VERSION));
  field('cupyts', parts.cupytsVersion);
  field('nvrtc', parts.nvrtcVersion);
  field('arch', parts.arch);
  field('options', String(parts.options.length));
  for (const option of parts.options) field('option', option);
  field('source', parts.source);
  return hash.digest('hex');
}

/** `$CUPYTS_CACHE_DIR`, else `$XDG_CACHE_HOME/cupyts`, else `~/.cache/cupyts`. Empty values are ignored. */
export function defaultCacheDir(env: Environment = process.env): string {
  if (env.CUPYTS_CACHE_DIR) return env.CUPYTS_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return path.join(env.XDG_CACHE_HOME, 'cupyts');
  return path.join(os.homedir(), '.cache', 'cupyts');
}

/**
 * Creates the cache folder where it is missing and checks that it can be written, for a command
 * that must fill it (`cache warmup`); ERR_CACHE_DIR names the folder and the reason.
 */
export function prepareCacheDir(op: string, dir: string): void {
  try {
    makeDirs(dir, DIR_MODE);
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new CupytsError('ERR_CACHE_DIR', `${op}: expected a kernel cache folder that can be created and written, got ${dir} (${code})`);
  }
}

// ---------------------------------------------------------------------------------------------
// In-process level

/** Key used by `MemoryKernelCache`: `arch + ':' + key`. */
export function memoryCacheKey(arch: string, key: string): string {
  return `${arch}:${key}`;
}

/** In-process memo of compiled kernels; keys are `memoryCacheKey(arch, key)`. */
export class MemoryKernelCache {
  readonly #entries = new Map<string, Uint8Array>();

  get(key: string): Uint8Array | undefined {
    return this.#entries.get(key);
  }

  set(key: string, value: Uint8Array): void {
    this.#entries.set(key, value);
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
  }
}

// ---------------------------------------------------------------------------------------------
// On-disk level

export interface DiskCacheOptions {
  /** Cache folder; default `defaultCacheDir()`. */
  dir?: string;
  /** Also write the CUDA source as `<key>.cu` beside each entry (for debugging). */
  saveSource?: boolean;
  /** Where the one "not writable" warning goes; default `process.emitWarning`. */
  warn?: (message: string) => void;
  /** Size cap in bytes (all of an entry's files); 0 or undefined: no cap. */
  maxBytes?: number;
}

export interface DiskCacheStats {
  dir: string;
  /** Number of `.bin` entries. */
  entries: number;
  /** Total size of the `.bin` entries, headers included. */
  bytes: number;
  /** Arch folders present, sorted. */
  arches: string[];
}

export class DiskKernelCache {
  readonly dir: string;
  readonly #saveSource: boolean;
  readonly #warn: (message: string) => void;
  readonly maxBytes: number;
  #writable = true;
  /** This process's estimate of the folder's size (undefined until the first write scans it). */
  #estimatedBytes: number | undefined;
  #writesSinceScan = 0;

  constructor(options: DiskCacheOptions = {}) {
    this.dir = path.resolve(options.dir ?? defaultCacheDir());
    this.#saveSource = options.saveSource ?? false;
    this.#warn = options.warn ?? ((message) => process.emitWarning(message, { code: 'CUPYTS_CACHE_NOT_WRITABLE' }));
    this.maxBytes = options.maxBytes ?? 0;
  }

  /** False once a write failed and the cache fell back to memory-only. */
  get writable(): boolean {
    return this.#writable;
  }

  /** `<dir>/<arch>/<key>.bin`; throws ERR_ARG for an invalid arch or key. */
  entryPath(arch: string, key: string): string {
    checkArch('DiskKernelCache', arch);
    checkKey('DiskKernelCache', key);
    return path.join(this.dir, arch, `${key}.bin`);
  }

  /**
   * The payload, or undefined on a miss, any read error, or an entry `cupyts cache verify` would
   * call bad (corrupt or truncated, or a damaged sidecar): the compile that follows a miss writes
   * the entry again, so a bad one is repaired by its next use.
   */
  read(arch: string, key: string): Uint8Array | undefined {
    const file = this.entryPath(arch, key);
    let contents: Buffer;
    try {
      contents = fs.readFileSync(file);
    } catch {
      return undefined;
    }
    if (entryFilesProblem(arch, contents, readSidecar(file)) !== undefined) {
      removeQuietly(file);
      return undefined;
    }
    touchQuietly(file); // a use: least recently used entries are evicted first
    return new Uint8Array(contents.subarray(ENTRY_HEADER_BYTES)); // a plain copy, not a view on the Buffer
  }

  /**
   * Stores `binary` (and `source` when `saveSource`, and the metadata sidecar when given)
   * atomically, the binary last. Never throws on I/O: on the first failure it warns once and
   * turns into a no-op (`writable` becomes false). Then evicts past the size cap.
   */
  write(arch: string, key: string, binary: Uint8Array, source?: string, meta?: KernelEntryMeta): void {
    const file = this.entryPath(arch, key);
    if (!this.#writable) return;
    if (binary.byteLength > MAX_PAYLOAD_BYTES) return; // cannot be described by the header; just don't cache it
    let written = 0;
    try {
      makeDirs(path.dirname(file), DIR_MODE);
      const base = file.slice(0, -ENTRY_SUFFIXES.binary.length);
      if (meta) written += writeAtomically(`${base}${ENTRY_SUFFIXES.meta}`, Buffer.from(`${JSON.stringify(meta, null, 1)}\n`, 'utf8'));
      if (this.#saveSource && source !== undefined) {
        written += writeAtomically(`${base}${ENTRY_SUFFIXES.source}`, Buffer.from(source, 'utf8'));
      }
      written += writeAtomically(file, encodeEntry(binary));
    } catch (error) {
      this.#fallBackToMemory(error);
      return;
    }
    this.#keepUnderCap(file, written);
  }

  /** After a write of `written` bytes: evicts least recently used entries once past the cap. */
  #keepUnderCap(file: string, written: number): void {
    if (!(this.maxBytes > 0)) return;
    if (this.#estimatedBytes === undefined || ++this.#writesSinceScan >= RESCAN_EVERY_WRITES) {
      this.#estimatedBytes = scanBytes(scanCache(this.dir));
      this.#writesSinceScan = 0;
    } else {
      this.#estimatedBytes += written;
    }
    if (this.#estimatedBytes <= this.maxBytes) return;
    this.#estimatedBytes = evictLeastRecentlyUsed(this.dir, Math.floor(this.maxBytes * EVICT_TO_FRACTION), new Set([file])).bytes;
  }

  /** Counts `.bin` entries per arch folder; a missing or unreadable folder counts as empty. */
  stats(): DiskCacheStats {
    const result: DiskCacheStats = { dir: this.dir, entries: 0, bytes: 0, arches: [] };
    for (const arch of listQuietly(this.dir)) {
      if (!ARCH_PATTERN.test(arch)) continue;
      const archDir = path.join(this.dir, arch);
      let isDir = false;
      try {
        isDir = fs.statSync(archDir).isDirectory();
      } catch {
        continue;
      }
      if (!isDir) continue;
      result.arches.push(arch);
      for (const name of listQuietly(archDir)) {
        if (!name.endsWith('.bin') || !KEY_PATTERN.test(name.slice(0, -'.bin'.length))) continue;
        try {
          result.bytes += fs.statSync(path.join(archDir, name)).size;
          result.entries += 1;
        } catch {
          // removed meanwhile
        }
      }
    }
    result.arches.sort();
    return result;
  }

  #fallBackToMemory(error: unknown): void {
    if (!this.#writable) return;
    this.#writable = false;
    const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'UNKNOWN';
    this.#warn(`cupyts: kernel cache dir ${this.dir} is not writable (${code}); compiled kernels are kept in memory only`);
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

function checkArch(op: string, arch: string): void {
  if (typeof arch !== 'string' || !ARCH_PATTERN.test(arch)) {
    throw argError(op, "an arch like 'sm_90' or 'compute_90'", arch);
  }
}

function checkKey(op: string, key: string): void {
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
    throw argError(op, 'a cache key of 64 lowercase hex digits', key);
  }
}

/** Writes to a uniquely named temp file in the same folder, then renames it over `file`; returns the bytes written. */
function writeAtomically(file: string, data: Uint8Array): number {
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(temp, data, { mode: FILE_MODE, flag: 'wx' });
    fs.renameSync(temp, file);
  } catch (error) {
    removeQuietly(temp);
    throw error;
  }
  return data.byteLength;
}

/** Marks an entry as just used (its mtime); a failure only makes it look older. */
function touchQuietly(file: string): void {
  try {
    const now = new Date();
    fs.utimesSync(file, now, now);
  } catch {
    // read-only cache, or removed meanwhile
  }
}

function listQuietly(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
