// Recording the kernels a program evaluates, as manifest entries for `cupyts cache warmup`:
// each plan's generated CUDA source with the arch it ran on, or arch null where the program ran
// on the CPU backend (its CUDA kernels are recorded all the same, so a CPU-only machine can
// record a manifest for a GPU one).
import { generateCuda } from '../codegen/cuda.js';
import type { KernelPlan } from '../ir/kernel-plan.js';
import { manifestKernelId, mergeIntoManifest, type ManifestKernel } from '../runtime/kernel-manifest.js';
import type { EvaluationObserver } from './explain-hook.js';
import type { CudaRunner, Runner } from './runners.js';

/** The manifest entry of one plan as `runner` compiles it (the same request CudaRunner makes). */
export function manifestKernelFor(runner: Runner, plan: KernelPlan): ManifestKernel {
  const gen = generateCuda(plan);
  return { name: `${gen.name}.cu`, source: gen.source, options: [], arch: runner.kind === 'cuda' ? (runner as CudaRunner).target : null };
}

export interface KernelCollector {
  observer: EvaluationObserver;
  /** The distinct kernels seen so far, in first-seen order. */
  kernels(): ManifestKernel[];
}

/** An observer that collects the distinct kernels of every evaluation. */
export function collectKernels(): KernelCollector {
  const seen = new Map<string, ManifestKernel>();
  const byPlanKey = new Set<string>(); // runner kind + plan key: skip regenerating a plan already seen
  const observer: EvaluationObserver = ({ runner }) => ({
    kernelRan(plan) {
      const planId = `${runner.kind}|${plan.key}`;
      if (byPlanKey.has(planId)) return;
      byPlanKey.add(planId);
      const kernel = manifestKernelFor(runner, plan);
      const id = manifestKernelId(kernel);
      if (!seen.has(id)) seen.set(id, kernel);
    },
  });
  return { observer, kernels: () => [...seen.values()] };
}

/**
 * CUPYTS_CACHE_RECORD=FILE: collects kernels and merges them into FILE when the process exits
 * (under a lock, so the workers of a test run can all record into one file).
 */
export function recordKernelsToFile(file: string): EvaluationObserver {
  const collector = collectKernels();
  process.once('exit', () => {
    const kernels = collector.kernels();
    if (kernels.length === 0) return;
    try {
      mergeIntoManifest(file, kernels);
    } catch (err) {
      process.stderr.write(`cupyts: CUPYTS_CACHE_RECORD: could not write ${file}: ${(err as Error).message}\n`);
    }
  });
  return collector.observer;
}
