// `cupyts cache warmup`: compiles a manifest's kernels for a list of arches into the disk cache,
// on worker threads (warmup-worker.ts; each loads the addon and NVRTC itself), with no GPU
// needed. A kernel already in the cache is counted, not compiled again. Entries get the same
// keys the runtime computes, so a later run with the same cupyts and NVRTC versions finds them.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

import { CupytsError } from '../ir/errors.js';
import { chooseTarget, formatArchs } from './compiler.js';
import { prepareCacheDir } from './kernel-cache.js';
import type { ManifestKernel } from './kernel-manifest.js';

export interface WarmupJob {
  id: number;
  name: string;
  source: string;
  options: string[];
  arch: string;
}

export interface WarmupOutcome {
  id: number;
  name: string;
  arch: string;
  result: 'compiled' | 'cached' | 'failed';
  ms: number;
  /** NVRTC's log (or the error) of a failure. */
  log?: string;
}

export interface WarmupWorkerData {
  cacheDir: string;
  maxBytes: number;
  /** Save each kernel's .cu beside its entry (CUPYTS_CACHE_SAVE_SOURCE). */
  saveSource: boolean;
}

export interface WarmupSummary {
  jobs: number;
  compiled: number;
  cached: number;
  failed: WarmupOutcome[];
  workers: number;
  ms: number;
}

export interface WarmupOptions extends WarmupWorkerData {
  /** Worker threads; default: the CPU count, at most the number of jobs. */
  workers?: number;
  /** Told after each job, with how many are done. */
  onProgress?: (outcome: WarmupOutcome, done: number, total: number) => void;
}

const ARCH_OPTION = /^(sm|compute)_\d+[a-z]?$/;

/**
 * The targets to compile for: each requested arch as the runtime would compile for a device of
 * that arch with this NVRTC (an arch newer than NVRTC knows becomes PTX of the newest it knows).
 * An arch older than NVRTC supports, or a `compute_` arch it does not know, is a usage error
 * that lists the ones it does.
 */
export function warmupTargets(arches: readonly string[], supportedArchs: readonly number[]): string[] {
  const out: string[] = [];
  for (const arch of arches) {
    if (!ARCH_OPTION.test(arch)) throw new CupytsError('ERR_USAGE', `cache warmup: --arch: expected arches like 'sm_80,sm_90', got '${arch}'`);
    const number = Number(/_(\d+)/.exec(arch)![1]);
    const known = arch.startsWith('sm_') ? number >= Math.min(...supportedArchs) : supportedArchs.includes(number);
    if (supportedArchs.length > 0 && !known) {
      throw new CupytsError('ERR_USAGE', `cache warmup: --arch: expected arches this NVRTC supports (${formatArchs(supportedArchs)}), got '${arch}'`);
    }
    const target = arch.startsWith('sm_') ? chooseTarget(arch, supportedArchs) : arch;
    if (!out.includes(target)) out.push(target);
  }
  return out;
}

/** One job per kernel and target, in manifest order. */
export function warmupJobs(kernels: readonly ManifestKernel[], targets: readonly string[]): WarmupJob[] {
  const jobs: WarmupJob[] = [];
  for (const k of kernels) {
    for (const arch of targets) jobs.push({ id: jobs.length, name: k.name, source: k.source, options: k.options, arch });
  }
  return jobs;
}

const WORKER_URL = new URL('./warmup-worker.js', import.meta.url);

/** Compiles `jobs` on worker threads, handing each idle worker the next job. */
export async function warmupCache(jobs: readonly WarmupJob[], options: WarmupOptions): Promise<WarmupSummary> {
  const t0 = performance.now();
  prepareCacheDir('cache warmup', options.cacheDir);
  const count = Math.max(1, Math.min(options.workers ?? availableParallelism(), jobs.length));
  const summary: WarmupSummary = { jobs: jobs.length, compiled: 0, cached: 0, failed: [], workers: jobs.length ? count : 0, ms: 0 };
  if (jobs.length === 0) return summary;
  const workerData: WarmupWorkerData = { cacheDir: options.cacheDir, maxBytes: options.maxBytes, saveSource: options.saveSource };
  let next = 0;
  let done = 0;

  const runWorker = () => new Promise<void>((resolve, reject) => {
    const worker = new Worker(WORKER_URL, { workerData });
    let current: WarmupJob | undefined;
    const feed = () => {
      current = next < jobs.length ? jobs[next++] : undefined;
      worker.postMessage(current ?? null);
    };
    worker.on('message', (outcome: WarmupOutcome) => {
      done += 1;
      if (outcome.result === 'compiled') summary.compiled += 1;
      else if (outcome.result === 'cached') summary.cached += 1;
      else summary.failed.push(outcome);
      options.onProgress?.(outcome, done, jobs.length);
      feed();
    });
    worker.on('error', (err) => reject(new CupytsError('ERR_WARMUP', `cache warmup: a worker failed${current ? ` on ${current.name} (${current.arch})` : ''}: ${err.message}`, { cause: err })));
    worker.on('exit', () => resolve());
    feed();
  });

  await Promise.all(Array.from({ length: count }, runWorker));
  summary.ms = performance.now() - t0;
  summary.failed.sort((a, b) => a.id - b.id);
  return summary;
}
