// CUDA C for an elementwise plan with transposed inputs (KernelPlan.tile): each block handles a
// 32 × 32 tile of (tile axis P, last axis L). The transposed inputs run contiguously along P, so
// the block first reads their tile with threads along P (coalesced) into shared memory, then
// computes the outputs with threads along L, where the output is contiguous (coalesced writes).
// Everything else reads as in the plain kernel (cuda.ts). `x + x.T` is the example: there, where
// P and L have one size, a block does a tile and its mirror image one after the other, so that
// the second reads from L2 what the first read from memory, and x crosses the bus about once.
import type { KernelPlan } from '../ir/kernel-plan.js';
import { CUDA_PRELUDE } from './cuda-prelude.js';
import { leadingParams, randomAtIndex, stepLines } from './cuda.js';
import { computeType, loadValue, scalarLocal, storageType, storeValue } from './cuda-types.js';
import type { GeneratedKernel } from './kernel-params.js';

export const TILE = 32;
export const TILE_ROWS = 8; // threads per block: TILE × TILE_ROWS
const BLOCK = TILE * TILE_ROWS;

export function generateCudaTiled(plan: KernelPlan): GeneratedKernel {
  const tile = plan.tile!;
  const idx = plan.indexBits === 64 ? 'long long' : 'int';
  const P = tile.axis;
  const L = plan.dims.length - 1;
  const outer = plan.dims.map((_, j) => j).filter((j) => j !== P && j !== L);
  const { params, decl } = leadingParams(plan, idx);
  plan.dims.forEach((_, j) => {
    params.push({ kind: 'dim', index: j });
    decl.push(`${idx} dim${j}`);
  });
  const strided = plan.inputs.map((i, k) => (i.access === 'strided' ? k : -1)).filter((k) => k >= 0);
  for (const k of strided) {
    plan.dims.forEach((_, j) => {
      params.push({ kind: 'stride', input: k, dim: j });
      decl.push(`${idx} st${k}_${j}`);
    });
  }
  const tiled = new Set(tile.inputs);

  const lines: string[] = [];
  for (const k of tile.inputs) lines.push(`  __shared__ ${storageType(plan.inputs[k].dtype)} tile${k}[${TILE}][${TILE + 1}];`);
  lines.push(...plan.scalars.map((s, k) => `  ${scalarLocal(s.dtype, k)}`));
  plan.inputs.forEach((input, k) => {
    if (input.access === 'scalar') lines.push(`  const ${computeType(input.dtype)} b${k} = ${loadValue(input.dtype, `in${k}[0]`)};`);
  });
  lines.push(`  const int tx = threadIdx.x % ${TILE};`);
  lines.push(`  const int ty = threadIdx.x / ${TILE};`);
  lines.push(`  ${idx} b = blockIdx.x;`);
  lines.push(`  const ${idx} tilesL = (dim${L} + ${TILE - 1}) / ${TILE};`);
  lines.push(`  const ${idx} tilesP = (dim${P} + ${TILE - 1}) / ${TILE};`);
  lines.push(`  const ${idx} tl = b % tilesL; b /= tilesL;`);
  lines.push(`  const ${idx} tp = b % tilesP; b /= tilesP;`);
  // A square (P, L) plane: the block of tile (tp, tl) also does tile (tl, tp), right after, so
  // the data the second tile reads (the first's transposed tiles, for x + x.T) is still in L2.
  lines.push(`  const bool paired = dim${P} == dim${L};`);
  lines.push('  if (paired && tp > tl) return;');
  lines.push('  const int passes = (paired && tp != tl) ? 2 : 1;');
  // The outer coordinates: each strided input's base offset and the output's linear base.
  for (const k of strided) lines.push(`  ${idx} base${k} = 0;`);
  lines.push(`  ${idx} obase = 0;`);
  // The output is contiguous: its stride along j is the product of the later dimensions.
  const ostr = (j: number) => plan.dims.slice(j + 1).map((_, m) => `dim${j + 1 + m}`).join(' * ') || '1';
  for (let m = outer.length - 1; m >= 0; m--) {
    const j = outer[m];
    lines.push(`  { const ${idx} c = b % dim${j}; b /= dim${j}; obase += c * (${ostr(j)});${strided.map((k) => ` base${k} += c * st${k}_${j};`).join('')} }`);
  }
  lines.push(`  const ${idx} ostP = ${ostr(P)};`);
  lines.push('  for (int pass = 0; pass < passes; ++pass) {');
  lines.push(`  const ${idx} pstart = (pass ? tl : tp) * ${TILE};`);
  lines.push(`  const ${idx} lstart = (pass ? tp : tl) * ${TILE};`);
  lines.push('  if (pass) __syncthreads();');
  // Phase 1: the transposed inputs' tile, threads along P.
  if (tile.inputs.length) {
    lines.push('  #pragma unroll');
    lines.push(`  for (int q = 0; q < ${TILE / TILE_ROWS}; ++q) {`);
    lines.push(`    const int r = ty + q * ${TILE_ROWS};`);
    lines.push(`    const ${idx} cp = pstart + tx, cl = lstart + r;`);
    lines.push(`    if (cp < dim${P} && cl < dim${L}) {`);
    for (const k of tile.inputs) lines.push(`      tile${k}[r][tx] = in${k}[base${k} + cp * st${k}_${P} + cl * st${k}_${L}];`);
    lines.push('    }');
    lines.push('  }');
    lines.push('  __syncthreads();');
  }
  // Phase 2: outputs, threads along L.
  lines.push('  #pragma unroll');
  lines.push(`  for (int q = 0; q < ${TILE / TILE_ROWS}; ++q) {`);
  lines.push(`    const int r = ty + q * ${TILE_ROWS};`);
  lines.push(`    const ${idx} cp = pstart + r, cl = lstart + tx;`);
  lines.push(`    if (cp >= dim${P} || cl >= dim${L}) continue;`);
  lines.push(`    const ${idx} i = obase + cp * ostP + cl;`);
  for (const k of strided) if (!tiled.has(k)) lines.push(`    const ${idx} off${k} = base${k} + cp * st${k}_${P} + cl * st${k}_${L};`);
  const body = stepLines(plan.steps, (k) => {
    const input = plan.inputs[k];
    if (input.access === 'scalar') return `b${k}`;
    if (tiled.has(k)) return loadValue(input.dtype, `tile${k}[tx][r]`);
    return loadValue(input.dtype, input.access === 'contiguous' ? `in${k}[i]` : `in${k}[off${k}]`);
  }, (s) => randomAtIndex(s, 'i'));
  lines.push(...body.map((l) => `    ${l}`));
  plan.outputs.forEach((o, k) => lines.push(`    out${k}[i] = ${storeValue(o.dtype, `v${o.step}`)};`));
  lines.push('  }');
  lines.push('  }');

  const source = `${CUDA_PRELUDE}
// ${plan.key}
extern "C" __global__ void __launch_bounds__(${BLOCK}) ${plan.name}(
    ${decl.join(',\n    ')}) {
${lines.join('\n')}
}
`;
  return { name: plan.name, source, params, vectorWidth: 1, vectorsPerThread: 1, blockSize: BLOCK, onePass: false };
}

/** Blocks of a tiled launch: one per 32 × 32 tile of every outer index. */
export function tiledGrid(plan: KernelPlan): number {
  const P = plan.tile!.axis;
  const L = plan.dims.length - 1;
  const outer = plan.dims.reduce((n, d, j) => (j === P || j === L ? n : n * d), 1);
  return Math.ceil(plan.dims[L] / TILE) * Math.ceil(plan.dims[P] / TILE) * outer;
}
