// One entry point per language for every kind of plan (elementwise, reduce, scan).
import type { KernelPlan } from '../ir/kernel-plan.js';
import type { ReducePlan } from '../ir/reduce-plan.js';
import type { ScanPlan } from '../ir/scan-plan.js';
import { CUDA_PRELUDE } from './cuda-prelude.js';
import { generateCudaTiled } from './cuda-tiled.js';
import { generateCuda } from './cuda.js';
import { generateCudaReduce, type GeneratedReduce } from './cuda-reduce.js';
import { generateJs } from './js.js';
import { generateJsReduce } from './js-reduce.js';
import type { GeneratedKernel } from './kernel-params.js';
import { generateCudaScan, generateJsScan } from './scan.js';
import type { SortPlan } from '../ir/sort-plan.js';
import { generateCudaSort, type GeneratedSort } from './sort-cuda.js';
import { generateJsSort } from './sort-js.js';

export type Plan = KernelPlan | ReducePlan | ScanPlan | SortPlan;

export type GeneratedCuda =
  | { kind: 'elementwise'; name: string; source: string; gen: GeneratedKernel }
  | { kind: 'reduce'; name: string; source: string; gen: GeneratedReduce }
  | { kind: 'scan'; name: string; source: string; gen: ReturnType<typeof generateCudaScan> }
  | { kind: 'sort'; name: string; source: string; gen: GeneratedSort };

export function generateCudaPlan(plan: Plan): GeneratedCuda {
  const generated = generateCudaKernel(plan);
  const definitions = userDefinitions(plan);
  if (!definitions) return generated;
  // A function replacement: the user's code may hold `$` patterns.
  const source = generated.source.replace(CUDA_PRELUDE, () => `${CUDA_PRELUDE}\n${definitions}\n`);
  return { ...generated, source, gen: { ...generated.gen, source } } as GeneratedCuda;
}

/** The __device__ functions of the user kernels' ops and reductions a plan calls (src/ir/user-ops.ts, user-reduce.ts), once each. */
function userDefinitions(plan: Plan): string {
  const steps = plan.kind === 'reduce' ? [...plan.rowSteps, ...plan.outSteps] : plan.steps;
  const preambles = new Set<string>();
  const definitions = new Set<string>();
  for (const s of steps) {
    if (s.kind !== 'op' || !s.op.user) continue;
    if (s.op.user.cudaPreamble) preambles.add(s.op.user.cudaPreamble);
    definitions.add(s.op.user.cudaDefinition);
  }
  if (plan.kind === 'reduce') for (const r of plan.reductions) if (r.op.combine.user) definitions.add(r.op.combine.user.cudaDefinition);
  return [...preambles, ...definitions].join('\n');
}

function generateCudaKernel(plan: Plan): GeneratedCuda {
  switch (plan.kind) {
    case 'elementwise': { const gen = plan.tile ? generateCudaTiled(plan) : generateCuda(plan); return { kind: 'elementwise', name: gen.name, source: gen.source, gen }; }
    case 'reduce': { const gen = generateCudaReduce(plan); return { kind: 'reduce', name: gen.name, source: gen.source, gen }; }
    case 'scan': { const gen = generateCudaScan(plan); return { kind: 'scan', name: gen.name, source: gen.source, gen }; }
    case 'sort': { const gen = generateCudaSort(plan); return { kind: 'sort', name: gen.name, source: gen.source, gen }; }
  }
}

export function generateJsPlan(plan: Plan): { name: string; source: string } {
  switch (plan.kind) {
    case 'elementwise': return generateJs(plan);
    case 'reduce': return generateJsReduce(plan);
    case 'scan': return generateJsScan(plan);
    case 'sort': return generateJsSort(plan);
  }
}
