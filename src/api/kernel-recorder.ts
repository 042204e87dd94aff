// Recording the kernels a program evaluates, as manifest lines for `cupyts cache warmup`: each
// plan's generated CUDA source with the arch it ran on, or arch null where the program ran on
// the CPU backend (its CUDA kernels are recorded all the same, so a CPU-only machine can record
// a manifest for a GPU one).
import { generateCudaPlan, type Plan } from '../codegen/generate.js';
import { appendToManifest, manifestKernel, manifestKernelId, type ManifestKernel } from '../runtime/kernel-manifest.js';
import type { EvaluationObserver } from './explain-hook.js';
import type { CudaRunner } from './cuda-runner.js';
import type { Runner } from './runners.js';

/** The manifest line of one plan as `runner` compiles it (the same request CudaRunner makes). */
export function manifestKernelFor(runner: Runner, plan: Plan): ManifestKernel {
  const gen = generateCudaPlan(plan);
  return manifestKernel({ name: `${gen.name}.cu`, source: gen.source, arch: runner.kind === 'cuda' ? (runner as CudaRunner).target : null });
}

/**
 * An observer that hands each distinct kernel, the first time it runs, to `sink`. Plans already
 * seen (same runner kind and plan key) are skipped before generating any source.
 */
export function kernelRecorder(sink: (kernel: ManifestKernel) => void): EvaluationObserver {
  const seenPlans = new Set<string>();
  const seenKernels = new Set<string>();
  return ({ runner }) => ({
    kernelRan(plan) {
      const planId = `${runner.kind}|${plan.key}`;
      if (seenPlans.has(planId)) return;
      seenPlans.add(planId);
      const kernel = manifestKernelFor(runner, plan);
      const id = manifestKernelId(kernel);
      if (seenKernels.has(id)) return;
      seenKernels.add(id);
      sink(kernel);
    },
  });
}

/**
 * CUPYTS_CACHE_RECORD=FILE and `cupyts cache record`: appends each new kernel to FILE as it first
 * runs. A write failure never breaks the program: it is reported once and recording stops.
 */
export function recordKernelsToFile(file: string, warn: (message: string) => void = (message) => process.stderr.write(`${message}\n`)): EvaluationObserver {
  let failed = false;
  return kernelRecorder((kernel) => {
    if (failed) return;
    try {
      appendToManifest(file, [kernel]);
    } catch (err) {
      failed = true;
      warn(`cupyts: could not record kernels into ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); recording stopped`);
    }
  });
}
