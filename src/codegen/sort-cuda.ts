// CUDA C for a sort plan (src/ir/sort-plan.ts): two kernels with one parameter list.
//  - `<name>_tile`: a tile of `plan.tile` elements of a line (several short tiles a block, each
//    its own threads: sort-plan.ts bitonicBlock): loads the keys (the producers computed there),
//    pads to the tile with the largest key at positions past the line, sorts (key, position) pairs
//    in shared memory with a bitonic network (a thread a pair; steps of stride 32 or less wait for
//    the warp only), and writes the pairs (or, where the line is one tile, the result).
//  - `<name>_merge`: one thread per element; merges sorted runs of `width` pairwise: an element's
//    place in the merged run is its rank in its own run plus the count of the partner run's pairs
//    below it (a binary search). Pairs are unique, so every element lands on a place of its own.
//    The last pass writes the result: values are loaded again at their source position.
import { bitonicBlock, type SortPlan } from '../ir/sort-plan.js';
import { stepLines } from './cuda.js';
import { CUDA_PRELUDE } from './cuda-prelude.js';
import { loadValue, scalarLocal, scalarParam, storageType, storeValue } from './cuda-types.js';
import { keyFunction, keyType, SORT_KEY_PRELUDE } from './sort-keys.js';
import { generateCudaRadix, RADIX_PRELUDE, type GeneratedRadix } from './sort-radix-cuda.js';
import { generateCudaSelect, SELECT_PRELUDE, type GeneratedSelect } from './select-cuda.js';
import { generateCudaTopk, type GeneratedTopk } from './topk-cuda.js';

export const SORT_MERGE_THREADS = 256;

export type SortParam =
  | { kind: 'input'; index: number }
  | { kind: 'output' }
  | { kind: 'keysIn' } | { kind: 'positionsIn' } | { kind: 'keysOut' } | { kind: 'positionsOut' }
  | { kind: 'scalar'; index: number; code: 'i' | 'I' | 'l' | 'L' | 'f' | 'd' }
  | { kind: 'lines' } | { kind: 'length' } | { kind: 'width' } | { kind: 'final' }
  | { kind: 'lineDim'; index: number }
  | { kind: 'stride'; input: number; dim: number }
  | { kind: 'outStride'; dim: number };

export interface GeneratedSort {
  name: string;
  mergeName: string;
  source: string;
  params: SortParam[];
  tileThreads: number;
  /** The radix kernels, for the plan strategies 'radix-tile' and 'radix' (./sort-radix-cuda.ts). */
  radix?: GeneratedRadix;
  /** The radix select kernels, for the plan strategies 'select-warp', 'select-block' and 'select' (./select-cuda.ts). */
  select?: GeneratedSelect;
  /** The window kernels, for the plan strategy 'topk' (./topk-cuda.ts). */
  topk?: GeneratedTopk;
}

function parameters(plan: SortPlan): { params: SortParam[]; decl: string[] } {
  const params: SortParam[] = [];
  const decl: string[] = [];
  const add = (p: SortParam, d: string) => { params.push(p); decl.push(d); };
  plan.inputs.forEach((input, k) => add({ kind: 'input', index: k }, `const ${storageType(input.dtype)}* __restrict__ in${k}`));
  add({ kind: 'output' }, `${storageType(plan.node.dtype)}* __restrict__ out`);
  add({ kind: 'keysIn' }, 'const cp_key* __restrict__ kin');
  add({ kind: 'positionsIn' }, 'const cp_pos* __restrict__ pin');
  add({ kind: 'keysOut' }, 'cp_key* __restrict__ kout');
  add({ kind: 'positionsOut' }, 'cp_pos* __restrict__ pout');
  plan.scalars.forEach((s, k) => { const p = scalarParam(s.dtype); add({ kind: 'scalar', index: k, code: p.code }, `${p.cType} p${k}`); });
  add({ kind: 'lines' }, 'long long n_lines');
  add({ kind: 'length' }, 'long long n_len');
  add({ kind: 'width' }, 'long long width');
  add({ kind: 'final' }, 'int is_final');
  plan.lineDims.forEach((_, j) => add({ kind: 'lineDim', index: j }, `long long ld${j}`));
  plan.inputs.forEach((input, k) => input.strides.forEach((_, j) => add({ kind: 'stride', input: k, dim: j }, `long long st${k}_${j}`)));
  plan.outputStrides.forEach((_, j) => add({ kind: 'outStride', dim: j }, `long long ost_${j}`));
  return { params, decl };
}

/** `b<k>` (each input) and `bo` (the output): the offsets of line `line`'s first element. */
export function lineBases(plan: SortPlan, indent: string): string[] {
  const nd = plan.lineDims.length;
  const names = [...plan.inputs.map((_, k) => ({ base: `b${k}`, stride: (j: number) => `st${k}_${j}` })), { base: 'bo', stride: (j: number) => `ost_${j}` }];
  return [
    ...names.map((n) => `${indent}long long ${n.base} = 0;`),
    `${indent}{ long long rem = line;`,
    ...Array.from({ length: nd }, (_, i) => nd - 1 - i).map((j) =>
      `${indent}  { const long long c = rem % ld${j}; rem /= ld${j};${names.map((n) => ` ${n.base} += c * ${n.stride(j)};`).join('')} }`),
    `${indent}}`,
  ];
}

/**
 * The steps that compute element `r` of the line (`v<value>`, in the key dtype's compute type);
 * `at(k)` overrides input k's offset (by default `b<k> + r * st<k>_<line dim>`).
 */
export function valueLines(plan: SortPlan, indent: string, at?: (k: number) => string): string[] {
  const nd = plan.lineDims.length;
  const offset = at ?? ((k: number) => `b${k} + r * st${k}_${nd}`);
  return stepLines(plan.steps, (k) => loadValue(plan.inputs[k].dtype, `in${k}[${offset(k)}]`)).map((l) => indent + l);
}

/** Writes the result at position `pos` of the line: the element from position `source`. */
export function emitLines(plan: SortPlan, pos: string, source: string, indent: string): string[] {
  const nd = plan.lineDims.length;
  const at = `out[bo + ${pos} * ost_${nd}]`;
  if (plan.output === 'indices') return [`${indent}${at} = (long long)(${source});`];
  return [
    `${indent}{`,
    `${indent}  const long long r = (long long)(${source});`,
    ...valueLines(plan, `${indent}  `),
    `${indent}  ${at} = ${storeValue(plan.keyDtype, `v${plan.value}`)};`,
    `${indent}}`,
  ];
}

function tileKernel(plan: SortPlan, signature: string): string {
  const T = plan.tile;
  const { threads, tiles: G } = bitonicBlock(T);
  // A tile's threads: `step` of them (all of the block's where it takes one tile), thread `lt` of
  // tile `g` of the block. Every thread loops as often as the block does (its barriers), a tile
  // past the last one loading only padding and writing nothing.
  const step = threads / G;
  const body = [
    `  __shared__ cp_key block_keys[${G * T}];`,
    `  __shared__ cp_pos block_positions[${G * T}];`,
    `  const int g = threadIdx.x / ${step}, lt = threadIdx.x % ${step};`,
    `  cp_key* const sk = block_keys + g * ${T};`,
    `  cp_pos* const sp = block_positions + g * ${T};`,
    ...plan.scalars.map((s, k) => `  ${scalarLocal(s.dtype, k)}`),
    `  const long long tiles = (n_len + ${T} - 1) / ${T};`,
    `  for (long long t0 = (long long)blockIdx.x * ${G}; t0 < n_lines * tiles; t0 += (long long)gridDim.x * ${G}) {`,
    '    const long long t = t0 + g;',
    '    const bool live = t < n_lines * tiles;',
    '    const long long line = live ? t / tiles : 0;',
    `    const long long start = (t - line * tiles) * ${T};`,
    ...lineBases(plan, '    '),
    `    for (int i = lt; i < ${T}; i += ${step}) {`,
    '      const long long r = start + i;',
    '      if (live && r < n_len) {',
    ...valueLines(plan, '        '),
    `        sk[i] = ${keyFunction(plan.keyDtype)}(${storeValue(plan.keyDtype, `v${plan.value}`)});`,
    '      } else {',
    '        sk[i] = CP_KEY_MAX;',
    '      }',
    '      sp[i] = (cp_pos)r;',
    '    }',
    '    __syncthreads();',
    `    for (int k = 2; k <= ${T}; k <<= 1) {`,
    '      for (int j = k >> 1; j > 0; j >>= 1) {',
    // Pair q compares i (bit j clear) with i + j. For j <= 32 the 32 pairs of a warp's q-group
    // lie within 64 elements of their own (of one tile, or of two whole tiles of 32), so between
    // two steps of stride 32 or less only the warp need wait; a step of a longer stride, before
    // or after, needs the block.
    `        for (int q = lt; q < ${T / 2}; q += ${step}) {`,
    '          const int i = 2 * q - (q & (j - 1));',
    '          const int l = i + j;',
    '          const cp_key ki = sk[i], kl = sk[l];',
    '          const cp_pos pi = sp[i], pl = sp[l];',
    '          if (cp_pair_less(kl, pl, ki, pi) == ((i & k) == 0)) { sk[i] = kl; sk[l] = ki; sp[i] = pl; sp[l] = pi; }',
    '        }',
    '        if (j > 32 || (j > 1 ? j >> 1 : k) > 32) __syncthreads(); else __syncwarp();',
    '      }',
    '    }',
    '    __syncthreads();',
    `    for (int i = lt; i < ${T}; i += ${step}) {`,
    '      const long long pos = start + i;',
    '      if (!live || pos >= n_len) continue;',
    '      if (is_final) {',
    ...emitLines(plan, 'pos', 'sp[i]', '        '),
    '      } else {',
    '        kout[line * n_len + pos] = sk[i];',
    '        pout[line * n_len + pos] = sp[i];',
    '      }',
    '    }',
    '    __syncthreads();',
    '  }',
  ];
  return `extern "C" __global__ void __launch_bounds__(${threads}) ${plan.name}_tile(\n    ${signature}) {\n${body.join('\n')}\n}\n`;
}

function mergeKernel(plan: SortPlan, signature: string): string {
  const body = [
    ...plan.scalars.map((s, k) => `  ${scalarLocal(s.dtype, k)}`),
    '  const long long total = n_lines * n_len;',
    '  for (long long e = (long long)blockIdx.x * blockDim.x + threadIdx.x; e < total; e += (long long)gridDim.x * blockDim.x) {',
    '    const long long line = e / n_len;',
    '    const long long pos = e - line * n_len;',
    '    const long long run = pos / width;',
    '    const long long own = run * width;',
    '    const long long other = (run ^ 1) * width;',
    '    const cp_key key = kin[e];',
    '    const cp_pos p = pin[e];',
    '    long long dest = pos;',
    '    if (other < n_len) {',
    '      const long long first = line * n_len;',
    '      long long lo = other;',
    '      long long hi = other + width < n_len ? other + width : n_len;',
    '      while (lo < hi) {',
    '        const long long mid = (lo + hi) >> 1;',
    '        if (cp_pair_less(kin[first + mid], pin[first + mid], key, p)) lo = mid + 1; else hi = mid;',
    '      }',
    '      dest = (own < other ? own : other) + (pos - own) + (lo - other);',
    '    }',
    '    if (is_final) {',
    ...lineBases(plan, '      '),
    ...emitLines(plan, 'dest', 'p', '      '),
    '    } else {',
    '      kout[line * n_len + dest] = key;',
    '      pout[line * n_len + dest] = p;',
    '    }',
    '  }',
  ];
  return `extern "C" __global__ void __launch_bounds__(${SORT_MERGE_THREADS}) ${plan.name}_merge(\n    ${signature}) {\n${body.join('\n')}\n}\n`;
}

export function generateCudaSort(plan: SortPlan): GeneratedSort {
  if (plan.strategy === 'topk') {
    const topk = generateCudaTopk(plan);
    return { name: topk.chunkName, mergeName: '', source: topk.source, params: [], tileThreads: topk.threads, topk };
  }
  if (plan.strategy === 'select-warp' || plan.strategy === 'select-block' || plan.strategy === 'select') {
    const select = generateCudaSelect(plan);
    const source = `${CUDA_PRELUDE}\n// ${plan.key}\n${SORT_KEY_PRELUDE}\n${RADIX_PRELUDE}\n${SELECT_PRELUDE}\n${select.source}`;
    const name = plan.strategy === 'select-warp' ? select.warpName : plan.strategy === 'select-block' ? select.blockName : select.histName;
    return { name, mergeName: '', source, params: [], tileThreads: select.threads, select };
  }
  if (plan.strategy === 'radix-tile' || plan.strategy === 'radix') {
    const radix = generateCudaRadix(plan);
    const source = `${CUDA_PRELUDE}\n// ${plan.key}\n${SORT_KEY_PRELUDE}\n${RADIX_PRELUDE}\n${radix.source}`;
    const name = plan.strategy === 'radix-tile' ? radix.tileName : radix.histogramName;
    return { name, mergeName: '', source, params: [], tileThreads: radix.threads, radix };
  }
  const { params, decl } = parameters(plan);
  const signature = decl.join(',\n    ');
  const { threads } = bitonicBlock(plan.tile);
  // Key and position types written out (no typedefs: many kernels may share one source).
  const K = keyType(plan.keyDtype);
  const P = plan.positionBits === 64 ? 'long long' : 'int';
  const concrete = (text: string) => text.replaceAll('CP_KEY_MAX', `(~(${K})0)`).replaceAll('cp_key', K).replaceAll('cp_pos', P);
  const source = `${CUDA_PRELUDE}
// ${plan.key}
${SORT_KEY_PRELUDE}
${concrete(tileKernel(plan, signature))}
${concrete(mergeKernel(plan, signature))}`;
  return { name: `${plan.name}_tile`, mergeName: `${plan.name}_merge`, source, params, tileThreads: threads };
}
