// The kernel manifest: a JSON list of the kernels a program compiles (name, CUDA source, NVRTC
// options, the arch it ran on or null where it ran on the CPU), written by `cupyts cache record`
// or CUPYTS_CACHE_RECORD and read by `cupyts cache warmup`. Checked with zod where it is read.
//
// Several processes may record into one file at once (a test runner's workers): each merges its
// kernels into the file under a lock file, writing a temp file and renaming it into place.
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';

import { CupytsError, describe } from '../ir/errors.js';
import { ARCH_PATTERN } from './cache-entry.js';
import { CUPYTS_VERSION } from './version.js';

export const MANIFEST_FORMAT = 'cupyts-kernel-manifest';
export const MANIFEST_VERSION = 1;

export const ManifestKernelSchema = z.object({
  /** File-like name given to NVRTC, e.g. "fused_mul_add_f32.cu". */
  name: z.string().min(1),
  source: z.string().min(1),
  /** NVRTC options besides the architecture (which warmup adds per arch). */
  options: z.array(z.string()),
  /** The arch it was compiled for where it ran, or null (recorded on the CPU backend). */
  arch: z.string().regex(ARCH_PATTERN, "expected an arch like 'sm_90' or 'compute_90'").nullable(),
});

export const ManifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  version: z.literal(MANIFEST_VERSION),
  /** The cupyts version that recorded it (the cache key includes the version that compiles). */
  cupyts: z.string(),
  kernels: z.array(ManifestKernelSchema),
});

export type ManifestKernel = z.infer<typeof ManifestKernelSchema>;
export type Manifest = z.infer<typeof ManifestSchema>;

/** What makes two recorded kernels the same compile: source, options and arch (not the name). */
export function manifestKernelId(k: ManifestKernel): string {
  return createHash('sha256').update(JSON.stringify([k.arch, k.options, k.source])).digest('hex');
}

export function newManifest(kernels: readonly ManifestKernel[] = []): Manifest {
  return { format: MANIFEST_FORMAT, version: MANIFEST_VERSION, cupyts: CUPYTS_VERSION, kernels: dedupe(kernels) };
}

function dedupe(kernels: readonly ManifestKernel[]): ManifestKernel[] {
  const byId = new Map<string, ManifestKernel>();
  for (const k of kernels) if (!byId.has(manifestKernelId(k))) byId.set(manifestKernelId(k), k);
  return [...byId.values()];
}

function manifestError(file: string, what: string): CupytsError {
  return new CupytsError('ERR_MANIFEST', `manifest ${file}: ${what}`);
}

/** Parses manifest text; a bad file is ERR_MANIFEST naming the field ("kernels.3.source: …"). */
export function parseManifest(text: string, file = '(text)'): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw manifestError(file, `expected JSON, got a parse error (${(err as Error).message})`);
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? issue.path.join('.') : 'the file';
    let got: unknown = json;
    for (const step of issue.path) got = (got as Record<PropertyKey, unknown> | undefined)?.[step as PropertyKey];
    throw manifestError(file, `${where}: ${issue.message} (got ${describe(got)})`);
  }
  return parsed.data;
}

/** Reads and checks a manifest file; a missing or bad file is ERR_MANIFEST. */
export function readManifest(file: string): Manifest {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw manifestError(file, `expected a readable file, got ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseManifest(text, file);
}

/** Writes a manifest atomically (temp file, then rename). */
export function writeManifest(file: string, manifest: Manifest): void {
  const dir = path.dirname(path.resolve(file));
  fs.mkdirSync(dir, { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(temp, `${JSON.stringify(manifest, null, 1)}\n`, { flag: 'wx' });
    fs.renameSync(temp, file);
  } catch (err) {
    try {
      fs.unlinkSync(temp);
    } catch {
      // never written
    }
    throw err;
  }
}

const LOCK_WAIT_MS = 30_000;
const LOCK_STALE_MS = 60_000;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Runs `body` holding `<file>.lock` (created exclusively; a lock older than a minute is stale). */
function withFileLock<T>(file: string, body: () => T): T {
  const lock = `${file}.lock`;
  const start = Date.now();
  for (;;) {
    try {
      fs.closeSync(fs.openSync(lock, 'wx'));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      try {
        if (Date.now() - fs.statSync(lock).mtimeMs > LOCK_STALE_MS) fs.unlinkSync(lock);
      } catch {
        // released meanwhile
      }
      if (Date.now() - start > LOCK_WAIT_MS) throw manifestError(file, `expected to get the lock ${lock} within ${LOCK_WAIT_MS / 1000} s, got it still held`);
      sleepSync(5 + Math.random() * 20);
    }
  }
  try {
    return body();
  } finally {
    try {
      fs.unlinkSync(lock);
    } catch {
      // removed as stale by another process
    }
  }
}

/**
 * Adds `kernels` to the manifest in `file` (created if missing; a bad existing file is an error,
 * never overwritten). Safe with several processes merging into one file at once.
 * Returns how many kernels the file holds afterwards.
 */
export function mergeIntoManifest(file: string, kernels: readonly ManifestKernel[]): number {
  return withFileLock(file, () => {
    const existing = fs.existsSync(file) ? readManifest(file).kernels : [];
    const merged = newManifest([...existing, ...kernels]);
    writeManifest(file, merged);
    return merged.kernels.length;
  });
}
