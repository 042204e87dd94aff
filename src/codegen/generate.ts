// One entry point per language for every kind of plan (elementwise, reduce, scan).
import type { KernelPlan } from '../ir/kernel-plan.js';
import type { ReducePlan } from '../ir/reduce-plan.js';
import type { ScanPlan } from '../ir/scan-plan.js';
import { CUDA_PRELUDE } from './cuda-prelude.js';
import { generateCudaTiled } from './cuda-tiled.js';
import { generateCuda } from './cuda.js';
import { generateCudaReduce, type GeneratedReduce } from './cuda-reduce.js';
import { generateCudaReduceCross } from './cuda-reduce-cross.js';
import { generateJs } from './js.js';
import { JS_PRELUDE } from './js-prelude.js';
import { generateJsReduce } from './js-reduce.js';
import type { GeneratedKernel } from './kernel-params.js';
import { generateCudaScan, generateJsScan } from './scan.js';
import type { SortPlan } from '../ir/sort-plan.js';
import { generateCudaSort, type GeneratedSort } from './sort-cuda.js';
import { generateJsSort } from './sort-js.js';
import type { BincountPlan } from '../ir/bincount-plan.js';
import { generateCudaBincount, type GeneratedBincount } from './bincount-cuda.js';
import { generateJsBincount } from './bincount-js.js';

export type Plan = KernelPlan | ReducePlan | ScanPlan | SortPlan | BincountPlan;

export type GeneratedCuda =
  | { kind: 'elementwise'; name: string; source: string; gen: GeneratedKernel }
  | { kind: 'reduce'; name: string; source: string; gen: GeneratedReduce }
  | { kind: 'scan'; name: string; source: string; gen: ReturnType<typeof generateCudaScan> }
  | { kind: 'sort'; name: string; source: string; gen: GeneratedSort }
  | { kind: 'bincount'; name: string; source: string; gen: GeneratedBincount };

export function generateCudaPlan(plan: Plan): GeneratedCuda {
  const generated = generateCudaKernel(plan);
  const definitions = userDefinitions(plan);
  if (!definitions) return generated;
  // A function replacement: the user's code may hold `$` patterns.
  const source = generated.source.replace(CUDA_PRELUDE, () => `${CUDA_PRELUDE}\n${definitions}\n`);
  return { ...generated, source, gen: { ...generated.gen, source } } as GeneratedCuda;
}

/**
 * The __device__ functions (or, for `js`, the JS functions) of the user kernels' ops and
 * reductions a plan calls (src/ir/user-ops.ts, user-reduce.ts; cp.random's samplers), once each.
 */
function userDefinitions(plan: Plan, language: 'cuda' | 'js' = 'cuda'): string {
  const steps = plan.kind === 'reduce' ? [...plan.rowSteps, ...plan.hoisted.flatMap((h) => h.steps), ...plan.outSteps] : plan.steps;
  const preambles = new Set<string>();
  const definitions = new Set<string>();
  const add = (user: { cudaDefinition: string; jsDefinition?: string; cudaPreamble?: string } | undefined) => {
    if (language === 'cuda' && user?.cudaPreamble) preambles.add(user.cudaPreamble);
    const text = language === 'cuda' ? user?.cudaDefinition : user?.jsDefinition;
    if (text) definitions.add(text);
  };
  for (const s of steps) if (s.kind === 'op') add(s.op.user);
  if (plan.kind === 'reduce') for (const r of plan.reductions) add(r.op.combine.user);
  return [...preambles, ...definitions].join('\n');
}

function generateCudaKernel(plan: Plan): GeneratedCuda {
  switch (plan.kind) {
    case 'elementwise': { const gen = plan.tile ? generateCudaTiled(plan) : generateCuda(plan); return { kind: 'elementwise', name: gen.name, source: gen.source, gen }; }
    case 'reduce': { const gen = plan.cross ? generateCudaReduceCross(plan) : generateCudaReduce(plan); return { kind: 'reduce', name: gen.name, source: gen.source, gen }; }
    case 'scan': { const gen = generateCudaScan(plan); return { kind: 'scan', name: gen.name, source: gen.source, gen }; }
    case 'sort': { const gen = generateCudaSort(plan); return { kind: 'sort', name: gen.name, source: gen.source, gen }; }
    case 'bincount': { const gen = generateCudaBincount(plan); return { kind: 'bincount', name: gen.name, source: gen.source, gen }; }
  }
}

export function generateJsPlan(plan: Plan): { name: string; source: string } {
  const generated = generateJsKernel(plan);
  const definitions = userDefinitions(plan, 'js');
  if (!definitions) return generated;
  return { ...generated, source: generated.source.replace(JS_PRELUDE, () => `${JS_PRELUDE}\n${definitions}\n`) };
}

function generateJsKernel(plan: Plan): { name: string; source: string } {
  switch (plan.kind) {
    case 'elementwise': return generateJs(plan);
    case 'reduce': return generateJsReduce(plan);
    case 'scan': return generateJsScan(plan);
    case 'sort': return generateJsSort(plan);
    case 'bincount': return generateJsBincount(plan);
  }
}
