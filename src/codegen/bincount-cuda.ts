// CUDA C for a bincount plan (src/ir/bincount-plan.ts): one kernel, a grid-stride loop over the
// input, each element's value computed from its producers and counted where it lies in
// [0, bins). With `shared`, each block counts into a private histogram of 32-bit counters in
// shared memory (its atomics stay on the SM; a block counts fewer than 2^32 elements, which the
// launch sees to), then adds its nonzero counters into the int64 output once each; without, the
// elements count straight into the output. The output is zeroed before the launch. Integer
// counts add the same whatever the order, so the result is the same on every run.
import { BINCOUNT_THREADS, SHARED_BINS_MAX, type BincountPlan } from '../ir/bincount-plan.js';
import { stepLines } from './cuda.js';
import { CUDA_PRELUDE } from './cuda-prelude.js';
import { loadValue, scalarLocal, scalarParam, storageType } from './cuda-types.js';

export type BincountParam =
  | { kind: 'input'; index: number }
  | { kind: 'output' }
  | { kind: 'scalar'; index: number; code: 'i' | 'I' | 'l' | 'L' | 'f' | 'd' }
  | { kind: 'size' } | { kind: 'bins' }
  | { kind: 'stride'; input: number };

export interface GeneratedBincount {
  name: string;
  source: string;
  params: BincountParam[];
  threads: number;
}

function parameters(plan: BincountPlan): { params: BincountParam[]; decl: string[] } {
  const params: BincountParam[] = [];
  const decl: string[] = [];
  const add = (p: BincountParam, d: string) => { params.push(p); decl.push(d); };
  plan.inputs.forEach((input, k) => add({ kind: 'input', index: k }, `const ${storageType(input.dtype)}* __restrict__ in${k}`));
  add({ kind: 'output' }, 'unsigned long long* __restrict__ out');
  plan.scalars.forEach((s, k) => { const p = scalarParam(s.dtype); add({ kind: 'scalar', index: k, code: p.code }, `${p.cType} p${k}`); });
  add({ kind: 'size' }, 'long long n');
  add({ kind: 'bins' }, 'long long bins');
  plan.inputs.forEach((_, k) => add({ kind: 'stride', input: k }, `long long st${k}`));
  return { params, decl };
}

/** The value counted: in range as a signed 64-bit bin (an unsigned value past 2^63 is out of range as a negative). */
function binOf(plan: BincountPlan): string {
  const v = `v${plan.value}`;
  if (plan.valueDtype.name === 'uint64') return `(${v} > 0x7fffffffffffffffull ? -1ll : (long long)${v})`;
  return `(long long)(${v})`;
}

export function generateCudaBincount(plan: BincountPlan): GeneratedBincount {
  const { params, decl } = parameters(plan);
  const steps = stepLines(plan.steps, (k) => loadValue(plan.inputs[k].dtype, `in${k}[r * st${k}]`)).map((l) => `    ${l}`);
  const loop = [
    ...plan.scalars.map((sc, k) => `  ${scalarLocal(sc.dtype, k)}`),
    '  const long long step = (long long)gridDim.x * blockDim.x;',
    '  for (long long r = (long long)blockIdx.x * blockDim.x + threadIdx.x; r < n; r += step) {',
    ...steps,
    `    const long long bin = ${binOf(plan)};`,
    plan.shared
      ? '    if (bin >= 0 && bin < bins) atomicAdd(&counts[bin], 1u);'
      : '    if (bin >= 0 && bin < bins) atomicAdd(&out[bin], 1ull);',
    '  }',
  ];
  const body = plan.shared
    ? [
      `  __shared__ unsigned int counts[${SHARED_BINS_MAX}];`,
      '  for (long long b = threadIdx.x; b < bins; b += blockDim.x) counts[b] = 0u;',
      '  __syncthreads();',
      ...loop,
      '  __syncthreads();',
      '  for (long long b = threadIdx.x; b < bins; b += blockDim.x) {',
      '    const unsigned int c = counts[b];',
      '    if (c != 0u) atomicAdd(&out[b], (unsigned long long)c);',
      '  }',
    ]
    : loop;
  const kernel = `extern "C" __global__ void __launch_bounds__(${BINCOUNT_THREADS}) ${plan.name}(\n    ${decl.join(',\n    ')}) {\n${body.join('\n')}\n}\n`;
  return { name: plan.name, source: `${CUDA_PRELUDE}\n// ${plan.key}\n${kernel}`, params, threads: BINCOUNT_THREADS };
}
