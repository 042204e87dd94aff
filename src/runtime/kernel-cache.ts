/**
 * Compiled-kernel cache, two levels (as in CuPy):
 *
 * - `MemoryKernelCache`: the in-process memo, a Map keyed by `arch:key`.
 * - `DiskKernelCache`: one file per kernel under `<dir>/<arch>/<key>.bin`, written to a temp file
 *   in the same folder and renamed into place, so a reader only ever sees a complete entry.
 *   Every entry carries a header with a checksum; a bad or truncated entry is a miss, never an
 *   error. If the folder cannot be written, the cache warns once and keeps working memory-only.
 *
 * The key (`kernelCacheKey`) covers everything that changes the compiled binary: the cupyts
 * version, the NVRTC version, the target arch, the compile options (in order) and the source.
 *
 * Entry file format (all integers little-endian):
 *
 *   offset  size  field
 *   0       8     magic, ASCII "CUPYTSK1"
 *   8       4     uint32 format version (CACHE_FORMAT_VERSION)
 *   12      4     uint32 payload length in bytes
 *   16      32    sha256 of the payload
 *   48      n     payload (the cubin / PTX bytes)
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { argError } from '../ir/errors.js';

export const CACHE_FORMAT_VERSION = 1;

const ENTRY_MAGIC = Buffer.from('CUPYTSK1', 'ascii');
const HEADER_BYTES = ENTRY_MAGIC.length + 4 + 4 + 32;
const MAX_PAYLOAD_BYTES = 0xffff_ffff;
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

const ARCH_PATTERN = /^(sm|compute)_\d+[a-z]?$/;
const KEY_PATTERN = /^[0-9a-f]{64}$/;

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
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CUPYTS_CACHE_DIR) return env.CUPYTS_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return path.join(env.XDG_CACHE_HOME, 'cupyts');
  return path.join(os.homedir(), '.cache', 'cupyts');
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
  #writable = true;

  constructor(options: DiskCacheOptions = {}) {
    this.dir = path.resolve(options.dir ?? defaultCacheDir());
    this.#saveSource = options.saveSource ?? false;
    this.#warn = options.warn ?? ((message) => process.emitWarning(message, { code: 'CUPYTS_CACHE_NOT_WRITABLE' }));
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

  /** The payload, or undefined on a miss, a corrupt or truncated entry, or any read error. */
  read(arch: string, key: string): Uint8Array | undefined {
    const file = this.entryPath(arch, key);
    let contents: Buffer;
    try {
      contents = fs.readFileSync(file);
    } catch {
      return undefined;
    }
    const payload = decodeEntry(contents);
    if (payload === undefined) removeQuietly(file);
    return payload;
  }

  /**
   * Stores `binary` (and `source` when `saveSource`) atomically. Never throws on I/O: on the first
   * failure it warns once and turns into a no-op (`writable` becomes false).
   */
  write(arch: string, key: string, binary: Uint8Array, source?: string): void {
    const file = this.entryPath(arch, key);
    if (!this.#writable) return;
    if (binary.byteLength > MAX_PAYLOAD_BYTES) return; // cannot be described by the header; just don't cache it
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: DIR_MODE });
      writeAtomically(file, encodeEntry(binary));
      if (this.#saveSource && source !== undefined) {
        writeAtomically(path.join(path.dirname(file), `${key}.cu`), Buffer.from(source, 'utf8'));
      }
    } catch (error) {
      this.#fallBackToMemory(error);
    }
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

function encodeEntry(payload: Uint8Array): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  ENTRY_MAGIC.copy(header, 0);
  header.writeUInt32LE(CACHE_FORMAT_VERSION, 8);
  header.writeUInt32LE(payload.byteLength, 12);
  createHash('sha256').update(payload).digest().copy(header, 16);
  return Buffer.concat([header, payload]);
}

/** The payload if `contents` is a complete, intact entry of this format version; else undefined. */
function decodeEntry(contents: Buffer): Uint8Array | undefined {
  if (contents.length < HEADER_BYTES) return undefined;
  if (!contents.subarray(0, ENTRY_MAGIC.length).equals(ENTRY_MAGIC)) return undefined;
  if (contents.readUInt32LE(8) !== CACHE_FORMAT_VERSION) return undefined;
  const length = contents.readUInt32LE(12);
  if (contents.length !== HEADER_BYTES + length) return undefined;
  const payload = contents.subarray(HEADER_BYTES);
  const checksum = createHash('sha256').update(payload).digest();
  if (!checksum.equals(contents.subarray(16, HEADER_BYTES))) return undefined;
  return new Uint8Array(payload); // a plain copy, not a view on the Buffer
}

/** Writes to a uniquely named temp file in the same folder, then renames it over `file`. */
function writeAtomically(file: string, data: Uint8Array): void {
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(temp, data, { mode: FILE_MODE, flag: 'wx' });
    fs.renameSync(temp, file);
  } catch (error) {
    removeQuietly(temp);
    throw error;
  }
}

function removeQuietly(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch {
    // already gone, or not ours to remove: a later write overwrites it
  }
}

function listQuietly(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
