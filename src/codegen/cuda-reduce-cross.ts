// CUDA C for a cross reduce plan (ReducePlan.cross): outputs (i, j), each the reduction over k of
// an expression of inputs that each vary along (i, k) or (j, k), never both i and j. Pairwise
// distances `((X[:, None, :] - Y[None, :, :])**2).sum(-1)` are the example: read per output, X's
// and Y's rows cross the cache N·M times. Tiled as a matrix product is: a block computes a
// T × T tile of outputs with 256 threads (16 × 16, each T/16 × T/16 outputs), walking k in chunks
// of 16; each chunk of every input is read once into shared memory, then each thread combines
// its outputs' values from registers. Each output folds its k in order, so the result is the same
// on every run.
import { crossTile } from '../ir/reduce-plan.js';
import type { ReducePlan } from '../ir/reduce-plan.js';
import { startValue } from '../ir/reductions.js';
import { stepLines } from './cuda.js';
import { cLiteral, type GeneratedReduce } from './cuda-reduce.js';
import { CUDA_PRELUDE } from './cuda-prelude.js';
import { computeType, loadValue, scalarDecl, scalarLocal, storageType, storeValue, wrapValue } from './cuda-types.js';
import type { ReduceParam } from './reduce-common.js';

/** Threads per block (16 × 16) and the chunk of k each shared-memory round holds. */
const THREADS = 256;
const CHUNK = 16;

/** Whether row input k varies along j (a "B" input, read at (j, k)); otherwise it is read at (i, k). */
export function crossAlongJ(plan: ReducePlan, k: number): boolean {
  return plan.rowInputs[k].strides[1] !== 0;
}

export function generateCudaReduceCross(plan: ReducePlan): GeneratedReduce {
  const T = crossTile(plan);
  const M = T / 16; // outputs per thread along i and along j
  const r = plan.reductions[0];
  if (r.op.kind !== 'fold') throw new Error('codegen: a cross reduce plan folds');
  const t = computeType(r.dtype);
  const params: ReduceParam[] = [];
  const decl: string[] = [];
  plan.rowInputs.forEach((input, k) => { params.push({ kind: 'rowInput', index: k }); decl.push(`const ${storageType(input.dtype)}* __restrict__ in${k}`); });
  plan.outInputs.forEach((input, k) => { params.push({ kind: 'outInput', index: k }); decl.push(`const ${storageType(input.dtype)}* __restrict__ oin${k}`); });
  plan.outOutputs.forEach((o, k) => { params.push({ kind: 'outOutput', index: k }); decl.push(`${storageType(o.dtype)}* __restrict__ out${k}`); });
  plan.scalars.forEach((s, k) => { const p = scalarDecl(s.dtype, k); params.push({ kind: 'scalar', index: k, code: p.codes as 'i' }); decl.push(p.decl); });
  params.push({ kind: 'reduceSize' }); decl.push('int n_red');
  plan.keptDims.forEach((_, j) => { params.push({ kind: 'keptDim', index: j }); decl.push(`int kd${j}`); });
  plan.rowInputs.forEach((_, k) => [0, 1, 2].forEach((j) => { params.push({ kind: 'rowStride', input: k, dim: j }); decl.push(`int st_in${k}_${j}`); }));
  plan.outInputs.forEach((_, k) => [0, 1].forEach((j) => { params.push({ kind: 'outStride', input: k, dim: j }); decl.push(`int ost${k}_${j}`); }));

  const along = plan.rowInputs.map((_, k) => (crossAlongJ(plan, k) ? 'j' : 'i'));
  const lines: string[] = [...plan.scalars.map((s, k) => `  ${scalarLocal(s.dtype, k)}`)];
  lines.push(
    `  const int tiles1 = (kd1 + ${T - 1}) / ${T};`,
    `  const int i0 = (int)(blockIdx.x / tiles1) * ${T};`,
    `  const int j0 = (int)(blockIdx.x % tiles1) * ${T};`,
    '  const int tx = threadIdx.x & 15;',
    '  const int ty = threadIdx.x >> 4;',
  );
  plan.rowInputs.forEach((input, k) => lines.push(`  __shared__ ${storageType(input.dtype)} sh${k}[${CHUNK}][${T + 1}];`));
  lines.push(`  ${t} acc[${M}][${M}];`, '  #pragma unroll', `  for (int a = 0; a < ${M}; ++a)`, '    #pragma unroll',
    `    for (int b = 0; b < ${M}; ++b) acc[a][b] = ${cLiteral(r.dtype, startValue(r.op, r.dtype))};`);
  lines.push(`  for (int k0 = 0; k0 < n_red; k0 += ${CHUNK}) {`);
  // Each input's chunk: T × CHUNK elements, read along whichever of its axes is contiguous.
  plan.rowInputs.forEach((input, k) => {
    const ax = along[k] === 'i' ? 0 : 1;
    const start = along[k] === 'i' ? 'i0' : 'j0';
    const lim = `kd${ax}`;
    const zero = `(${storageType(input.dtype)})0`;
    const fetch = (p: string, q: string) =>
      `sh${k}[${q}][${p}] = (${start} + ${p} < ${lim} && k0 + ${q} < n_red) ? in${k}[(${start} + ${p}) * st_in${k}_${ax} + (k0 + ${q}) * st_in${k}_2] : ${zero};`;
    lines.push(
      `    if (abs(st_in${k}_2) <= abs(st_in${k}_${ax})) {`,
      `      for (int e = threadIdx.x; e < ${T * CHUNK}; e += ${THREADS}) { const int q = e % ${CHUNK}; const int p = e / ${CHUNK}; ${fetch('p', 'q')} }`,
      '    } else {',
      `      for (int e = threadIdx.x; e < ${T * CHUNK}; e += ${THREADS}) { const int p = e % ${T}; const int q = e / ${T}; ${fetch('p', 'q')} }`,
      '    }',
    );
  });
  lines.push('    __syncthreads();', `    const int kn = min(${CHUNK}, n_red - k0);`, '    for (int q = 0; q < kn; ++q) {');
  plan.rowInputs.forEach((input, k) => {
    const lane = along[k] === 'i' ? 'ty' : 'tx';
    lines.push(`      ${computeType(input.dtype)} c${k}[${M}];`, '      #pragma unroll',
      `      for (int m = 0; m < ${M}; ++m) c${k}[m] = ${loadValue(input.dtype, `sh${k}[q][${lane} + 16 * m]`)};`);
  });
  const load = (k: number) => `c${k}[${along[k] === 'i' ? 'a' : 'b'}]`;
  lines.push('      #pragma unroll', `      for (int a = 0; a < ${M}; ++a) {`, '        #pragma unroll', `        for (int b = 0; b < ${M}; ++b) {`);
  lines.push(...stepLines(plan.rowSteps, load).map((l) => `          ${l}`));
  lines.push(`          acc[a][b] = ${wrapValue(r.dtype, r.op.combine.cuda(['acc[a][b]', `v${r.value}`], r.dtype))};`);
  lines.push('        }', '      }', '    }', '    __syncthreads();', '  }');
  // The epilogue, once per output.
  const oload = (k: number) => loadValue(plan.outInputs[k].dtype, `oin${k}[i * ost${k}_0 + j * ost${k}_1]`);
  lines.push('  #pragma unroll', `  for (int a = 0; a < ${M}; ++a) {`, '    #pragma unroll', `    for (int b = 0; b < ${M}; ++b) {`,
    '      const int i = i0 + ty + 16 * a;', '      const int j = j0 + tx + 16 * b;', '      if (i < kd0 && j < kd1) {',
    '        const int o = i * kd1 + j;', `        const ${t} red0 = acc[a][b];`);
  lines.push(...stepLines(plan.outSteps, oload).map((l) => `        ${l}`));
  plan.outOutputs.forEach((o, k) => lines.push(`        out${k}[o] = ${storeValue(o.dtype, `v${o.step}`)};`));
  lines.push('      }', '    }', '  }');

  const source = `${CUDA_PRELUDE}
// ${plan.key}
extern "C" __global__ void __launch_bounds__(${THREADS}) ${plan.name}(
    ${decl.join(',\n    ')}) {
${lines.join('\n')}
}
`;
  return { name: plan.name, source, params, block: [THREADS, 1, 1] };
}
