// One worker thread of `cupyts cache warmup`: loads the addon and NVRTC itself, then compiles the
// jobs the main thread sends, one at a time, into the shared disk cache, and answers each with
// its outcome. Started by cache-warmup.ts; not imported by anything else.
import { parentPort, workerData } from 'node:worker_threads';

import { NvrtcCompileError, NvrtcCompiler } from './compiler.js';
import type { WarmupJob, WarmupOutcome, WarmupWorkerData } from './cache-warmup.js';
import { DiskKernelCache } from './kernel-cache.js';

const data = workerData as WarmupWorkerData;
const port = parentPort!;

let compiler: NvrtcCompiler | undefined;
let startError: string | undefined;
try {
  compiler = new NvrtcCompiler({ disk: new DiskKernelCache({ dir: data.cacheDir, maxBytes: data.maxBytes, saveSource: data.saveSource, warn: () => {} }) });
} catch (err) {
  startError = (err as Error).message;
}

function compileJob(job: WarmupJob): WarmupOutcome {
  const base = { id: job.id, name: job.name, arch: job.arch };
  if (!compiler) return { ...base, result: 'failed', ms: 0, log: startError ?? 'the compiler did not start' };
  const t0 = performance.now();
  try {
    const k = compiler.compile({ source: job.source, name: job.name, arch: job.arch, options: job.options });
    if (k.cache === 'compiled' && !compiler.disk?.writable) {
      return { ...base, result: 'failed', ms: performance.now() - t0, log: `compiled, but the cache folder ${data.cacheDir} is not writable` };
    }
    return { ...base, result: k.cache === 'compiled' ? 'compiled' : 'cached', ms: performance.now() - t0 };
  } catch (err) {
    const log = err instanceof NvrtcCompileError ? `${err.status}\n${err.log.trim()}` : (err as Error).message;
    return { ...base, result: 'failed', ms: performance.now() - t0, log };
  }
}

port.on('message', (job: WarmupJob | null) => {
  if (job === null) {
    port.close();
    return;
  }
  port.postMessage(compileJob(job));
});
