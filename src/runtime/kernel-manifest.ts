// The kernel manifest: the kernels a program compiles (name, CUDA source, NVRTC options, and the
// arch it ran on, or null where it ran on the CPU backend), written by `cupyts cache record` or
// CUPYTS_CACHE_RECORD and read by `cupyts cache warmup`.
//
// Format: JSON Lines, one kernel per line, each line a self-describing object
//   {"manifest":"cupyts-kernels","version":1,"cupyts":"0.1.0","name":…,"source":…,"options":[],"arch":…}
// checked with zod where it is read. Lines, not one JSON document, so that recording is an
// append of one line per new kernel: several processes (a test runner's workers) can record into
// one file at once with no lock and nothing lost if one is killed, and two manifests
// concatenated are a manifest. A kernel recorded twice is read once.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';

import { CupytsError, describe } from '../ir/errors.js';
import { ARCH_PATTERN } from './cache-entry.js';
import { makeDirs } from './make-dirs.js';
import { KERNEL_OPTIONS_EXPECTED, refusedKernelOption } from './nvrtc-options.js';
import { CUPYTS_VERSION } from './version.js';

export const MANIFEST_TAG = 'cupyts-kernels';
export const MANIFEST_VERSION = 1;

export const ManifestKernelSchema = z.object({
  manifest: z.literal(MANIFEST_TAG),
  version: z.literal(MANIFEST_VERSION),
  /** The cupyts version that recorded it (the cache key holds the version that compiles). */
  cupyts: z.string(),
  /** File-like name given to NVRTC, e.g. "fused_mul_add_f32.cu". */
  name: z.string().min(1),
  source: z.string().min(1),
  /** NVRTC options besides the architecture (which warmup adds per arch): only those cupyts passes itself. */
  options: z.array(z.string().refine((o) => refusedKernelOption([o]) === undefined, `expected ${KERNEL_OPTIONS_EXPECTED}`)),
  /** The arch it was compiled for where it ran, or null (recorded on the CPU backend). */
  arch: z.string().regex(ARCH_PATTERN, "expected an arch like 'sm_90' or 'compute_90'").nullable(),
});

export type ManifestKernel = z.infer<typeof ManifestKernelSchema>;

/** A manifest line for a kernel. */
export function manifestKernel(k: { name: string; source: string; options?: readonly string[]; arch: string | null }): ManifestKernel {
  return { manifest: MANIFEST_TAG, version: MANIFEST_VERSION, cupyts: CUPYTS_VERSION, name: k.name, source: k.source, options: [...(k.options ?? [])], arch: k.arch };
}

/** What makes two recorded kernels the same compile: source, options and arch (not the name). */
export function manifestKernelId(k: Pick<ManifestKernel, 'arch' | 'options' | 'source'>): string {
  return createHash('sha256').update(JSON.stringify([k.arch, k.options, k.source])).digest('hex');
}

function manifestError(file: string, what: string): CupytsError {
  return new CupytsError('ERR_MANIFEST', `manifest ${file}: ${what}`);
}

/** Parses manifest text; a bad line is ERR_MANIFEST naming the line and field. Duplicates are dropped. */
export function parseManifest(text: string, file = '(text)'): ManifestKernel[] {
  const byId = new Map<string, ManifestKernel>();
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (err) {
      throw manifestError(file, `line ${i + 1}: expected one JSON object per line, got a parse error (${(err as Error).message})`);
    }
    const parsed = ManifestKernelSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      let got: unknown = json;
      for (const step of issue.path) got = (got as Record<PropertyKey, unknown> | undefined)?.[step as PropertyKey];
      const where = issue.path.length ? `field ${issue.path.join('.')}` : 'the line';
      throw manifestError(file, `line ${i + 1}: ${where}: ${issue.message} (got ${describe(got)})`);
    }
    const id = manifestKernelId(parsed.data);
    if (!byId.has(id)) byId.set(id, parsed.data);
  });
  return [...byId.values()];
}

/** Reads and checks a manifest file; a missing, empty or bad file is ERR_MANIFEST. */
export function readManifest(file: string): ManifestKernel[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw manifestError(file, `expected a readable file, got ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const kernels = parseManifest(text, file);
  if (kernels.length === 0) throw manifestError(file, 'expected at least one kernel, got an empty manifest');
  return kernels;
}

/** Appends kernels to a manifest file (created if missing), one write per kernel line. */
export function appendToManifest(file: string, kernels: readonly ManifestKernel[]): void {
  if (kernels.length === 0) return;
  makeDirs(path.dirname(path.resolve(file)));
  const fd = fs.openSync(file, 'a');
  try {
    for (const k of kernels) fs.writeSync(fd, `${JSON.stringify(k)}\n`);
  } finally {
    fs.closeSync(fd);
  }
}
