// `cupyts cache record | warmup | ls | stats | verify | clear | path`: the disk kernel cache from
// the command line. Each action checks its options with zod, does its work through
// src/runtime (and src/api for recording), and returns the process exit code.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';

import { addEvaluationObserver } from '../api/explain-hook.js';
import { recordKernelsToFile } from '../api/kernel-recorder.js';
import { archFolders, clearCache, scanBytes, scanCache, verifyCache, type RemovalFailure } from '../runtime/cache-maintenance.js';
import { warmupCache, warmupJobs, warmupTargets, type WarmupSummary } from '../runtime/cache-warmup.js';
import { readConfig } from '../runtime/config.js';
import { loadNvrtc } from '../runtime/cuda-libraries.js';
import { CudaDevice } from '../runtime/cuda-device.js';
import { readManifest } from '../runtime/kernel-manifest.js';
import { makeDirs } from '../runtime/make-dirs.js';
import { native } from '../runtime/native.js';
import { CUPYTS_VERSION } from '../runtime/version.js';
import { progress } from './progress.js';
import { checkScript, runScript } from './run-script.js';
import { EXIT_FAILURE, EXIT_OK, archList, parseOptions, positiveInt, usageError } from './usage.js';

const dirOption = z.string().min(1, 'expected a folder').optional();

/** The cache folder: --dir, else CUPYTS_CACHE_DIR / XDG_CACHE_HOME / ~/.cache (see config.ts). */
function cacheDir(dir: string | undefined): string {
  return path.resolve(dir ?? readConfig().cacheDir);
}

const out = (text: string) => process.stdout.write(`${text}\n`);
const kib = (n: number) => (n < 10 * 2 ** 20 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 2 ** 20).toFixed(1)} MiB`);

// ---------------------------------------------------------------------------------------------
// record

const RecordOptions = z.object({ out: z.string().min(1, 'expected a file name') });

/** Runs the script with a recorder that writes a fresh manifest to --out as kernels first run. */
export async function cacheRecord(script: string, scriptArgs: string[], raw: Record<string, unknown>): Promise<number> {
  const options = parseOptions('cache record', RecordOptions, raw);
  const file = checkScript('cache record', script);
  const manifest = path.resolve(options.out);
  makeDirs(path.dirname(manifest));
  fs.writeFileSync(manifest, ''); // a fresh manifest (CUPYTS_CACHE_RECORD appends instead)
  addEvaluationObserver(recordKernelsToFile(manifest));
  process.once('exit', () => {
    const recorded = fs.readFileSync(manifest, 'utf8').split('\n').filter((l) => l.trim()).length;
    process.stderr.write(`cupyts cache record: ${recorded} kernel${recorded === 1 ? '' : 's'} recorded in ${manifest}\n`);
  });
  await runScript('cache record', file, scriptArgs);
  return EXIT_OK;
}

// ---------------------------------------------------------------------------------------------
// warmup

const WarmupOptions = z.object({
  manifest: z.string({ error: 'expected a manifest file' }).min(1, 'expected a manifest file'),
  arch: archList.optional(),
  jobs: positiveInt.optional(),
  dir: dirOption,
  json: z.boolean().default(false),
});

/** The local device's arch, or a usage error saying to pass --arch. */
function localArch(): string {
  let count = 0;
  try {
    count = CudaDevice.count();
  } catch {
    count = 0;
  }
  if (count === 0) {
    throw usageError("cache warmup: expected --arch (e.g. --arch sm_80,sm_90): there is no CUDA device here to take the arch from");
  }
  return CudaDevice.open(0).arch;
}

function formatSummary(s: WarmupSummary): string[] {
  const lines = [`done in ${(s.ms / 1000).toFixed(1)} s on ${s.workers} worker${s.workers === 1 ? '' : 's'}: compiled ${s.compiled}, already cached ${s.cached}, failed ${s.failed.length}`];
  for (const f of s.failed) {
    lines.push(`FAILED ${f.name} for ${f.arch}:`);
    lines.push(...(f.log ?? '').trim().split('\n').map((l) => `    ${l}`));
  }
  return lines;
}

export async function cacheWarmup(raw: Record<string, unknown>): Promise<number> {
  const options = parseOptions('cache warmup', WarmupOptions, raw);
  const kernels = readManifest(options.manifest);
  const nvrtc = loadNvrtc(native());
  const arches = options.arch ?? [localArch()];
  const targets = warmupTargets(arches, nvrtc.supportedArchs);
  const jobs = warmupJobs(kernels, targets);
  const dir = cacheDir(options.dir);
  const config = readConfig();
  const shownTargets = targets.map((t, i) => (t === arches[i] ? t : `${t} (for ${arches.filter((a) => warmupTargets([a], nvrtc.supportedArchs)[0] === t).join(', ')})`));
  process.stderr.write(`cupyts cache warmup: ${kernels.length} kernels × ${targets.length} arch${targets.length === 1 ? '' : 'es'} (${shownTargets.join(', ')}) = ${jobs.length} compiles with NVRTC ${nvrtc.version} into ${dir}\n`);
  const bar = progress(jobs.length);
  let compiled = 0;
  let cached = 0;
  let failed = 0;
  const summary = await warmupCache(jobs, {
    cacheDir: dir,
    maxBytes: config.cacheMaxBytes,
    saveSource: config.cacheSaveSource,
    workers: options.jobs,
    onProgress: (o, done) => {
      if (o.result === 'compiled') compiled++;
      else if (o.result === 'cached') cached++;
      else failed++;
      bar.update(done, `compiled ${compiled}, cached ${cached}, failed ${failed}`);
    },
  });
  bar.finish();
  if (options.json) {
    out(JSON.stringify({ manifest: path.resolve(options.manifest), dir, nvrtc: nvrtc.version, cupyts: CUPYTS_VERSION, kernels: kernels.length, targets, ...summary }, null, 2));
  } else {
    for (const line of formatSummary(summary)) out(line);
  }
  return summary.failed.length ? EXIT_FAILURE : EXIT_OK;
}

// ---------------------------------------------------------------------------------------------
// ls, stats, verify, clear, path

const ListOptions = z.object({ dir: dirOption, json: z.boolean().default(false) });

export function cacheList(raw: Record<string, unknown>): number {
  const options = parseOptions('cache ls', ListOptions, raw);
  const dir = cacheDir(options.dir);
  const entries = scanCache(dir, { withMeta: true }).entries.reverse(); // most recently used first
  if (options.json) {
    out(JSON.stringify(entries.map((e) => ({ arch: e.arch, key: e.key, bytes: e.bytes, lastUsed: new Date(e.usedMs).toISOString(), name: e.meta?.name ?? null, meta: e.meta ?? null, metaProblem: e.metaProblem ?? null })), null, 2));
    return EXIT_OK;
  }
  if (entries.length === 0) {
    out(`no kernels in ${dir}`);
    return EXIT_OK;
  }
  out(`${'arch'.padEnd(11)} ${'key'.padEnd(12)} ${'size'.padStart(10)}  ${'last used'.padEnd(19)}  name`);
  for (const e of entries) {
    const used = new Date(e.usedMs).toISOString().slice(0, 19).replace('T', ' ');
    out(`${e.arch.padEnd(11)} ${e.key.slice(0, 12)} ${kib(e.bytes).padStart(10)}  ${used}  ${e.meta?.name ?? (e.metaProblem ? `? (${e.metaProblem})` : '?')}`);
  }
  out(`${entries.length} kernels, ${kib(entries.reduce((a, e) => a + e.bytes, 0))} in ${dir}`);
  return EXIT_OK;
}

export function cacheStats(raw: Record<string, unknown>): number {
  const options = parseOptions('cache stats', ListOptions, raw);
  const dir = cacheDir(options.dir);
  const scan = scanCache(dir);
  const config = readConfig();
  const perArch = archFolders(dir).map((arch) => {
    const mine = scan.entries.filter((e) => e.arch === arch);
    return { arch, entries: mine.length, bytes: mine.reduce((a, e) => a + e.bytes, 0) };
  });
  const stats = {
    dir, entries: scan.entries.length, bytes: scanBytes(scan), maxBytes: config.cacheMaxBytes, strayFiles: scan.strays.length, arches: perArch,
    oldestUse: scan.entries.length ? new Date(scan.entries[0].usedMs).toISOString() : null,
    newestUse: scan.entries.length ? new Date(scan.entries[scan.entries.length - 1].usedMs).toISOString() : null,
  };
  if (options.json) {
    out(JSON.stringify(stats, null, 2));
    return EXIT_OK;
  }
  out(`dir      ${dir}`);
  out(`kernels  ${stats.entries}, ${kib(stats.bytes)} of ${stats.maxBytes > 0 ? `${kib(stats.maxBytes)} (CUPYTS_CACHE_MAX_BYTES; least recently used evicted past it)` : 'no cap'}`);
  for (const a of perArch) out(`  ${a.arch.padEnd(11)} ${String(a.entries).padStart(6)} kernels, ${kib(a.bytes)}`);
  if (stats.strayFiles) out(`stray    ${stats.strayFiles} temp or orphan files (removed by eviction once stale, or by clear)`);
  if (stats.oldestUse) out(`used     ${stats.oldestUse} … ${stats.newestUse}`);
  return EXIT_OK;
}

const VerifyOptions = z.object({ dir: dirOption, json: z.boolean().default(false), fix: z.boolean().default(false) });

/** Says on stderr what could not be removed; the command then exits 1. */
function reportFailures(command: string, failures: readonly RemovalFailure[]): void {
  for (const f of failures) process.stderr.write(`cupyts ${command}: could not remove ${f.file} (${f.code})\n`);
}

export function cacheVerify(raw: Record<string, unknown>): number {
  const options = parseOptions('cache verify', VerifyOptions, raw);
  const dir = cacheDir(options.dir);
  const result = verifyCache(dir, { fix: options.fix });
  if (options.json) {
    out(JSON.stringify({ dir, ...result }, null, 2));
  } else {
    for (const b of result.bad) out(`BAD ${b.arch}/${b.key}: ${b.problem}`);
    const fixed = options.fix ? `; removed ${result.removed} (they compile again when next needed)` : result.bad.length ? ' (run with --fix to remove them; a load treats them as misses either way)' : '';
    out(`checked ${result.checked} kernels in ${dir}: ${result.bad.length} bad${fixed}`);
  }
  reportFailures('cache verify --fix', result.failures);
  const fixed = options.fix && result.failures.length === 0;
  return result.bad.length && !fixed ? EXIT_FAILURE : EXIT_OK;
}

export function cacheClear(raw: Record<string, unknown>): number {
  const options = parseOptions('cache clear', z.object({ dir: dirOption }), raw);
  const dir = cacheDir(options.dir);
  const result = clearCache(dir);
  out(`removed ${result.removed} kernels (${kib(result.bytes)}) from ${dir}`);
  reportFailures('cache clear', result.failures);
  return result.failures.length ? EXIT_FAILURE : EXIT_OK;
}

export function cachePath(raw: Record<string, unknown>): number {
  const options = parseOptions('cache path', z.object({ dir: dirOption }), raw);
  out(cacheDir(options.dir));
  return EXIT_OK;
}
