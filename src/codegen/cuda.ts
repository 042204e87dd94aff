// CUDA C for a kernel plan: one grid-stride elementwise kernel. Where every input is contiguous
// (or a single element), a vector path moves 16 bytes per load and store, with a scalar tail;
// otherwise each thread turns its linear index into an offset per strided input.
import { DTYPES, type DType } from '../ir/dtype.js';
import { checksIndices, type IndexAccess, type KernelPlan, type PlanStep } from '../ir/kernel-plan.js';
import { elementsPerBlock } from '../ir/random.js';
import { CUDA_PRELUDE } from './cuda-prelude.js';
import { castValue, computeType, loadValue, scalarDecl, scalarLocal, storageType, storeValue, wrapValue, zeroValue } from './cuda-types.js';
import type { GeneratedKernel, KernelParam } from './kernel-params.js';
import { cudaSearchLines } from './search-step.js';

/**
 * How an elementwise kernel's threads take its elements, chosen per plan from measurements on the
 * H100 (2^28 float32 unless noted; bench/RESULTS.md, issue 3):
 * - Two or more contiguous input arrays: 8-byte vectors, one per thread, 512 threads per block,
 *   in one pass (no grid-stride loop: the grid covers the array). Hand-written kernels: `2*x + y`
 *   moved 3099 GB/s against 3057 with two 16-byte vectors per thread and 256 threads
 *   (torch.compile's Triton kernel, 8-byte loads: 3066); x*y+z 3124 against 3095; float64 and
 *   2^24-2^26 elements alike; a heavy chain of two inputs 3060 against 3032. The generated
 *   `2*x + y` moved 3068 with the loop and 3097 in one pass (one pass slowed the normal draw).
 * - One input array (or none): 16-byte vectors, two per thread, loaded before either is computed,
 *   256 threads: the 8-op chain moves 3020 GB/s (2955 with one vector per thread, ~2560 with
 *   8-byte vectors).
 * - Random draws: four 16-byte vectors per thread, for their long arithmetic (Philox, Box-Muller):
 *   the float32 normal draw took 0.369 ms with two and 0.339 with four.
 * - An op that loops per element (cp.random's samplers): one 16-byte vector per thread. Its loop
 *   is inlined once per element of the vector, and its divergent rejection loops want occupancy,
 *   not more samples in flight per thread (binomial(100, 0.3) took 150 registers with four).
 */
export interface ElementwiseGeometry {
  /** Bytes per vector load and store (16 or 8). */
  vectorBytes: number;
  vectorsPerThread: number;
  blockSize: number;
  /** Each thread takes its vectors once, with no grid-stride loop (the launch grid covers the array). */
  onePass: boolean;
}

export function elementwiseGeometry(plan: KernelPlan): ElementwiseGeometry {
  if (plan.steps.some((s) => s.kind === 'op' && s.op.user?.loops)) return { vectorBytes: 16, vectorsPerThread: 1, blockSize: 256, onePass: false };
  if (plan.steps.some((s) => s.kind === 'random')) return { vectorBytes: 16, vectorsPerThread: 4, blockSize: 256, onePass: false };
  if (plan.inputs.filter((i) => i.access === 'contiguous').length >= 2) return { vectorBytes: 8, vectorsPerThread: 1, blockSize: 512, onePass: true };
  return { vectorBytes: 16, vectorsPerThread: 2, blockSize: 256, onePass: false };
}

/** Elements per vector on the vector path: a vector of the widest contiguous element (1: no vector path). */
export function vectorWidth(plan: KernelPlan): number {
  // Column vectors (KernelPlan.colVectors) are the only strided inputs a vector path reads.
  if (plan.frame) return 1;
  if (plan.inputs.some((i, k) => i.access === 'strided' && !plan.colVectors?.includes(k)) || plan.store?.access === 'strided') return 1;
  const sizes = [...plan.inputs.filter((i) => i.access === 'contiguous').map((i) => i.dtype.itemsize), ...plan.outputs.map((o) => o.dtype.itemsize)];
  return Math.max(1, Math.floor(elementwiseGeometry(plan).vectorBytes / Math.max(...sizes)));
}

/**
 * Rows at least this long take the rows path of a strided kernel (below, the flat loop: a block
 * of threads along a row this short would idle most of its lanes).
 */
export const ROWS_MIN_LENGTH = 64;

/**
 * The magic multiplier and shift that divide by `d` (1 <= d < 2^31) any 0 <= n < 2^31 as
 * cp_div_magic does: s = ceil(log2 d), m = floor(2^32 (2^s - d) / d) + 1 (as an unsigned 32-bit value).
 */
export function divMagic(d: number): { magic: number; shift: number } {
  let found = magics.get(d);
  if (!found) {
    let shift = 0;
    while (2 ** shift < d) shift++;
    found = { magic: Number(((1n << 32n) * ((1n << BigInt(shift)) - BigInt(d))) / BigInt(d) + 1n), shift };
    if (magics.size > 4096) magics.clear();
    magics.set(d, found);
  }
  return found;
}
const magics = new Map<number, { magic: number; shift: number }>();

/**
 * Whether a plan's kernel has the rows path: some access is strided, over two or more merged
 * dimensions, with scalar loads (no vector path). The flat loop finds each element's offsets by
 * dividing its index by every dimension; the rows path walks the last dimension along a block's
 * threads (x) and the rows along its other axis (y), dividing once per row.
 */
export function hasRowsPath(plan: KernelPlan): boolean {
  return !plan.tile && !plan.rowVectors && plan.dims.length >= 2 && vectorWidth(plan) === 1 &&
    (plan.inputs.some((i) => i.access === 'strided') || plan.store?.access === 'strided' || plan.frame !== undefined) &&
    !plan.steps.some((s) => s.kind === 'op' && s.op.user?.loops);
}

/** Elements of a row each thread of the rows path takes per pass (blockDim.x apart): work enough per block. */
export const ROW_ELEMENTS_PER_THREAD = 4;

/**
 * The launch of a plan's rows path (grid and block as x, y, z), or undefined where the flat loop
 * runs: threads along x cover a row in about ROW_ELEMENTS_PER_THREAD elements each (at least a
 * warp), the block's other threads take more rows.
 */
export function rowsLaunch(plan: KernelPlan, blockSize: number): { grid: [number, number, number]; block: [number, number, number] } | undefined {
  const length = plan.dims[plan.dims.length - 1];
  if (!hasRowsPath(plan) || length < ROWS_MIN_LENGTH) return undefined;
  const x = Math.min(blockSize, Math.max(32, 2 ** Math.ceil(Math.log2(length / ROW_ELEMENTS_PER_THREAD))));
  const y = blockSize / x;
  const rows = plan.size / length;
  const gridX = Math.ceil(length / (x * ROW_ELEMENTS_PER_THREAD));
  return { grid: [Math.min(gridX, 2 ** 31 - 1), Math.max(1, Math.min(Math.ceil(rows / y), 65535)), 1], block: [x, y, 1] };
}

type RandomStep = Extract<PlanStep, { kind: 'random' }>;

/** A random step's value from its Philox block and the element's position in it (cuda-random.ts). */
function randomValue(s: RandomStep, block: string, position: string): string {
  const [low, spanLo, spanHi] = s.scalars.slice(4).map((k) => `s${k}`);
  if (s.distribution !== 'integers') return `cp_rand_${s.distribution}_${s.dtype.name === 'float64' ? 'f64' : 'f32'}(${block}, ${position})`;
  return castValue(DTYPES.uint64, s.dtype, `((unsigned long long)(${low}) + cp_rand_offset(${block}, ${position}, ${spanLo}, ${spanHi}))`);
}

/** Philox of block `block` for a random step (key and draw counter from its scalars). */
function philoxCall(s: RandomStep, block: string): string {
  const [k0, k1, c0, c1] = s.scalars.map((k) => `s${k}`);
  return `cp_philox(${block}, ${c0}, ${c1}, ${k0}, ${k1})`;
}

/** An element's random value computed alone, from its linear index. */
export function randomAtIndex(s: RandomStep, index: string): string {
  const per = elementsPerBlock(s.distribution, s.dtype);
  return randomValue(s, philoxCall(s, `((unsigned long long)(${index}) / ${per})`), `(unsigned int)(${index}) % ${per}u`);
}

/**
 * The body of one element: each step as a `const` (steps read by nothing are skipped by nvcc).
 * `index` is the element's linear index (read by random steps).
 */
export function stepLines(steps: readonly PlanStep[], load: (input: number) => string, random?: (s: RandomStep) => string, gatherBase?: (input: number) => string): string[] {
  return steps.map((s: PlanStep) => {
    const t = computeType(s.dtype);
    const v = (id: number) => `v${id}`;
    switch (s.kind) {
      case 'load': return `const ${t} v${s.id} = ${load(s.input)};`;
      case 'scalar': return `const ${t} v${s.id} = s${s.scalar};`;
      case 'cast': return `const ${t} v${s.id} = ${castValue(s.from, s.dtype, v(s.arg))};`;
      case 'op': return `const ${t} v${s.id} = ${wrapValue(s.dtype, s.op.cuda(s.args.map(v), s.inputDtype))};`;
      case 'select': return `const ${t} v${s.id} = ${v(s.args[0])} ? ${v(s.args[1])} : ${v(s.args[2])};`;
      case 'reduced': return `const ${t} v${s.id} = red${s.reduction};`;
      case 'rindex': return `const ${t} v${s.id} = (long long)r;`;
      case 'random':
        if (!random) throw new Error(`codegen: a random step where no linear index is known (step ${s.id})`);
        return `const ${t} v${s.id} = ${random(s)};`;
      case 'gather': {
        if (!gatherBase) throw new Error(`codegen: a gather step outside an elementwise kernel (step ${s.id})`);
        const { checks, ok, offset } = indexTerms(`g${s.id}`, s);
        const value = loadValue(s.dtype, `in${s.input}[${gatherBase(s.input)}${offset}]`);
        return `${checks} const ${t} v${s.id} = ${ok} ? ${value} : ${zeroValue(s.dtype)};`;
      }
      case 'search':
        if (!gatherBase) throw new Error(`codegen: a search step outside an elementwise kernel (step ${s.id})`);
        return cudaSearchLines(s, gatherBase(s.input));
    }
  });
}

/**
 * Each index of a gather or scatter wrapped and checked (cp_index: -1 when out of range, after
 * recording its error site), the condition that all are in range, and the offset they add.
 */
export function indexTerms(prefix: string, a: IndexAccess): { checks: string; ok: string; offset: string } {
  const g = a.args.map((_, j) => `${prefix}_${j}`);
  const checks = a.args.map((arg, j) => `const long long ${g[j]} = cp_index(v${arg}, s${a.dims[j]}, s${a.sites[j]}, err + ${a.flag});`).join(' ');
  const ok = g.length ? `(${g.map((x) => `${x} >= 0`).join(' && ')})` : 'true';
  const offset = g.map((x, j) => ` + ${x} * s${a.strides[j]}`).join('');
  return { checks, ok, offset };
}

/** The store of output 0 of a scatter at `target` (an lvalue), or an atomic add there. */
function scatterStore(plan: KernelPlan, value: string): string {
  const sc = plan.store!.scatter!;
  const d = plan.outputs[0].dtype;
  const { checks, ok, offset } = indexTerms('w', sc);
  const target = `out0[offo${offset}]`;
  let write: string;
  if (!sc.accumulate) write = `${target} = ${storeValue(d, value)};`;
  else if (d.name === 'bool') write = `if (${value}) ${target} = true;`;
  else if (d.name === 'float16') write = `cp_atomic_add_f16(&${target}, ${value});`;
  else if (d.kind === 'c') write = `cp_atomic_add(&${target}.re, ${value}.re); cp_atomic_add(&${target}.im, ${value}.im);`;
  else write = `cp_atomic_add(&${target}, (${storageType(d)})(${value}));`;
  return `${checks} if (${ok}) { ${write} }`;
}

/** The parameters every elementwise kernel starts with: inputs, outputs, scalars, then the size. */
export function leadingParams(plan: KernelPlan, idx: string): { params: KernelParam[]; decl: string[] } {
  const params: KernelParam[] = [];
  const decl: string[] = [];
  plan.inputs.forEach((input, k) => {
    params.push({ kind: 'input', index: k });
    decl.push(`const ${storageType(input.dtype)}* __restrict__ in${k}`);
  });
  plan.outputs.forEach((o, k) => {
    params.push({ kind: 'output', index: k });
    decl.push(`${storageType(o.dtype)}* __restrict__ out${k}`);
  });
  plan.scalars.forEach((s, k) => {
    const p = scalarDecl(s.dtype, k);
    params.push({ kind: 'scalar', index: k, code: p.codes as 'i' });
    decl.push(p.decl);
  });
  params.push({ kind: 'size' });
  decl.push(`${idx} n`);
  return { params, decl };
}

export function generateCuda(plan: KernelPlan): GeneratedKernel {
  const idx = plan.indexBits === 64 ? 'long long' : 'int';
  const geometry = elementwiseGeometry(plan);
  const vec = vectorWidth(plan);
  const { params, decl } = leadingParams(plan, idx);
  const strided = plan.inputs.map((i, k) => (i.access === 'strided' ? k : -1)).filter((k) => k >= 0);
  const stridedStore = plan.store?.access === 'strided';
  // (a framed plan walks coordinates to find its box, even with no strided access)
  const coordinates = strided.length > 0 || stridedStore || plan.frame !== undefined;
  if (coordinates) {
    plan.dims.forEach((_, j) => {
      params.push({ kind: 'dim', index: j });
      decl.push(`${idx} dim${j}`);
    });
    for (const k of strided) {
      plan.dims.forEach((_, j) => {
        params.push({ kind: 'stride', input: k, dim: j });
        decl.push(`${idx} st${k}_${j}`);
      });
    }
    if (stridedStore) {
      plan.dims.forEach((_, j) => {
        params.push({ kind: 'storeStride', dim: j });
        decl.push(`${idx} ost_${j}`);
      });
    }
  }
  if (checksIndices(plan)) {
    params.push({ kind: 'errorFlag' });
    decl.push('int* __restrict__ err');
  }
  if (vec > 1) {
    params.push({ kind: 'vectorOk' });
    decl.push('int vector_ok');
  }
  // 32-bit indices divide by each inner dimension through a magic multiplier (cp_div_magic)
  const magic = idx === 'int' && coordinates;
  if (magic) {
    plan.dims.forEach((_, j) => {
      if (j === 0) return;
      params.push({ kind: 'divMagic', dim: j }, { kind: 'divShift', dim: j });
      decl.push(`unsigned int dm${j}`, `unsigned int ds${j}`);
    });
  }
  const byRows = hasRowsPath(plan);
  if (byRows) {
    params.push({ kind: 'byRows' });
    decl.push('int by_rows');
  }

  const lines: string[] = [];
  const scalarDecls = plan.scalars.map((s, k) => scalarLocal(s.dtype, k));
  const broadcastLoads = plan.inputs.map((input, k) =>
    input.access === 'scalar' ? `const ${computeType(input.dtype)} b${k} = ${loadValue(input.dtype, `in${k}[0]`)};` : '').filter(Boolean);
  lines.push(`  const ${idx} tid = (${idx})blockIdx.x * blockDim.x + threadIdx.x;`);
  lines.push(`  const ${idx} grid_stride = (${idx})gridDim.x * blockDim.x;`);
  lines.push(...[...scalarDecls, ...broadcastLoads].map((l) => `  ${l}`));
  lines.push(`  ${idx} start = 0;`);

  const storeLines = (target: (k: number) => string) =>
    plan.outputs.map((o, k) => `${target(k)} = ${storeValue(o.dtype, `v${o.step}`)};`);

  if (vec > 1) {
    const vt = (d: DType) => `cp_vec<${storageType(d)}, ${vec}>`;
    const U = geometry.vectorsPerThread;
    const contiguous = plan.inputs.map((_, k) => k).filter((k) => plan.inputs[k].access === 'contiguous');
    // One vector `v` of the thread's U: its random draws, its W elements, its stores.
    const each: string[] = [];
    plan.outputs.forEach((o, k) => each.push(`${vt(o.dtype)} r${k};`));
    // Each random step's Philox blocks for this vector's elements, computed once.
    for (const s of plan.steps) {
      if (s.kind !== 'random') continue;
      const per = elementsPerBlock(s.distribution, s.dtype);
      each.push(`cp_u4 rb${s.id}[${Math.max(1, vec / per)}];`);
      each.push(`for (int b = 0; b < ${Math.max(1, vec / per)}; ++b) rb${s.id}[b] = ${philoxCall(s, `(unsigned long long)v * ${vec} / ${per} + b`)};`);
    }
    // float32 normals come in pairs from one Box-Muller transform: compute each pair once.
    const pairedNormal = (s: RandomStep) => s.distribution === 'normal' && s.dtype.name === 'float32' && vec % 2 === 0;
    for (const s of plan.steps) {
      if (s.kind !== 'random' || !pairedNormal(s)) continue;
      const per = elementsPerBlock(s.distribution, s.dtype);
      const pairs = vec / 2;
      const block = (p: number) => (vec >= per ? `rb${s.id}[${Math.floor((2 * p) / per)}]` : `rb${s.id}[0]`);
      const pairInBlock = (p: number) => (vec >= per ? `${((2 * p) % per) / 2}u` : `((unsigned int)(v * ${vec} + ${2 * p}) % ${per}u) / 2u`);
      each.push(`float2 nz${s.id}[${pairs}];`);
      for (let p = 0; p < pairs; p++) each.push(`nz${s.id}[${p}] = cp_rand_normal_pair_f32(${block(p)}, ${pairInBlock(p)});`);
    }
    const vectorRandom = (s: RandomStep) => {
      if (pairedNormal(s)) return `((e & 1) ? nz${s.id}[e >> 1].y : nz${s.id}[e >> 1].x)`;
      const per = elementsPerBlock(s.distribution, s.dtype);
      const block = vec >= per ? `rb${s.id}[e / ${per}]` : `rb${s.id}[0]`;
      return randomValue(s, block, `(unsigned int)(v * ${vec} + e) % ${per}u`);
    };
    const columns = plan.colVectors ?? [];
    const vectorLoad = (k: number) => (plan.inputs[k].access === 'scalar' ? `b${k}` : columns.includes(k) ? `cv${k}[u]` : loadValue(plan.inputs[k].dtype, `a${k}[u].v[e]`));
    const body = stepLines(plan.steps, vectorLoad, vectorRandom);
    each.push('#pragma unroll', `for (int e = 0; e < ${vec}; ++e) {`, ...[...body, ...storeLines((k) => `r${k}.v[e]`)].map((l) => `  ${l}`), '}');
    plan.outputs.forEach((o, k) => each.push(`reinterpret_cast<${vt(o.dtype)}*>(out${k})[v] = r${k};`));

    // Each thread takes vectors tile + u * blockDim.x (u < U) of a tile of U * blockDim.x
    // vectors, and issues all their loads before computing any.
    lines.push('  if (vector_ok) {');
    lines.push(`    const ${idx} nv = n / ${vec};`);
    const first = `(${idx})blockIdx.x * blockDim.x * ${U} + threadIdx.x`;
    lines.push(geometry.onePass
      ? `    { const ${idx} tile = ${first}; if (tile < nv) { // one pass: the grid covers the array`
      : `    for (${idx} tile = ${first}; tile < nv; tile += grid_stride * ${U}) {`);
    contiguous.forEach((k) => lines.push(`      ${vt(plan.inputs[k].dtype)} a${k}[${U}];`));
    // A column vector's value for the row of vector v (the launch checks that no vector crosses a row).
    columns.forEach((k) => lines.push(`      ${computeType(plan.inputs[k].dtype)} cv${k}[${U}];`));
    lines.push('      #pragma unroll', `      for (int u = 0; u < ${U}; ++u) {`, `        const ${idx} v = tile + u * (${idx})blockDim.x;`);
    const rowOffsets = columns.length === 0 ? '' : [
      '', ...columns.map((k) => `${idx} off${k} = 0;`),
      ...outerOffsetLines(idx, plan.dims.length - 1, columns, `v / (dim${plan.dims.length - 1} / ${vec})`),
      ...columns.map((k) => `cv${k}[u] = ${loadValue(plan.inputs[k].dtype, `in${k}[off${k}]`)};`),
    ].join(' ');
    lines.push(`        if (v < nv) {${contiguous.map((k) => ` a${k}[u] = reinterpret_cast<const ${vt(plan.inputs[k].dtype)}*>(in${k})[v];`).join('')}${rowOffsets} }`);
    lines.push('      }');
    lines.push('      #pragma unroll', `      for (int u = 0; u < ${U}; ++u) {`, `        const ${idx} v = tile + u * (${idx})blockDim.x;`, '        if (v >= nv) break;');
    lines.push(...each.map((l) => `        ${l}`));
    lines.push('      }');
    lines.push(geometry.onePass ? '    } }' : '    }');
    lines.push(`    start = nv * ${vec};`);
    lines.push('  }');
  }
  if (plan.rowVectors) {
    const w = rowVectorWidth(plan);
    if (w > 1) {
      params.push({ kind: 'vectorOk' });
      decl.push('int vector_ok');
      lines.push('  if (vector_ok) {', ...rowVectorVectors(plan, idx, w).map((l) => `    ${l}`), '  } else {', ...rowVectorLoop(plan, idx, strided).map((l) => `  ${l}`), '  }');
    } else {
      lines.push(...rowVectorLoop(plan, idx, strided));
    }
    return finish(plan, geometry, w, params, decl, lines);
  }
  // The strided offsets (off<k>, offo) of index `rem` over dimensions `last` down to 0, with
  // prefix `p` for their names (the outermost needs no division: the index is inside the array).
  // A framed plan also finds whether the position is inside the box (${p}in).
  const frame = plan.frame;
  const unsigned = idx === 'int' ? 'unsigned int' : 'unsigned long long';
  const inBox = (j: number, c = 'c') => (frame ? `(${unsigned})(${c} - s${frame.starts[j]}) < (${unsigned})s${frame.extents[j]}` : '');
  const offsets = (last: number, p: string): string[] => {
    const out = [...strided.map((k) => `${idx} ${p}${k} = 0;`), ...(stridedStore ? [`${idx} ${p}o = 0;`] : []), ...(frame ? [`bool ${p}in = true;`] : [])];
    for (let j = last; j >= 0; j--) {
      const terms = [...strided.map((k) => ` ${p}${k} += c * st${k}_${j};`), stridedStore ? ` ${p}o += c * ost_${j};` : '', frame ? ` ${p}in = ${p}in && ${inBox(j)};` : ''].join('');
      if (j === 0) out.push(`{ const ${idx} c = rem;${terms} }`);
      else if (magic) out.push(`{ const int q = cp_div_magic(rem, dm${j}, ds${j}); const int c = rem - q * dim${j}; rem = q;${terms} }`);
      else out.push(`{ const ${idx} c = rem % dim${j}; rem /= dim${j};${terms} }`);
    }
    return out;
  };
  const scalarBody = stepLines(plan.steps, (k) => {
    const input = plan.inputs[k];
    if (input.access === 'scalar') return `b${k}`;
    return loadValue(input.dtype, input.access === 'contiguous' ? `in${k}[i]` : `in${k}[off${k}]`);
  }, (s) => randomAtIndex(s, 'i'), (k) => `off${k}`);
  const plainStores = plan.store?.scatter ? [scatterStore(plan, `v${plan.outputs[0].step}`)] : storeLines((k) => (stridedStore ? `out${k}[offo]` : `out${k}[i]`));
  // A framed plan computes its steps inside the box and copies its fallback input elsewhere (both contiguous over the frame).
  const framed = (inside: string, body: string[]): string[] => (frame
    ? [`if (${inside}) {`, ...body.map((l) => `  ${l}`), `} else { out0[i] = in${frame.fallback}[i]; }`]
    : body);
  // (with 32-bit indices the loop counts in 64 bits: the grid covers the array, so index + stride
  // passes 2^31 for arrays of more than 2^30 elements)
  const flat = idx === 'int'
    ? ['for (long long i64 = start + (long long)blockIdx.x * blockDim.x + threadIdx.x; i64 < n; i64 += (long long)gridDim.x * blockDim.x) {', '  const int i = (int)i64;']
    : [`for (${idx} i = start + tid; i < n; i += grid_stride) {`];
  if (coordinates) flat.push(`  ${idx} rem = i;`, ...offsets(plan.dims.length - 1, 'off').map((l) => `  ${l}`));
  flat.push(...framed('offin', [...scalarBody, ...plainStores]).map((l) => `  ${l}`), '}');
  if (!byRows) {
    lines.push(...flat.map((l) => `  ${l}`));
    return finish(plan, geometry, vec, params, decl, lines);
  }
  // The rows path (rowsLaunch): a row's offsets once, then its elements along the block's x. A
  // warp's pass (ROW_ELEMENTS_PER_THREAD elements a thread) that lies inside the row runs without a
  // check per element, so that the compiler can issue all its loads before any is used (a pass
  // that reaches the row's end checks each element).
  // (A framed plan's pass also runs unchecked where all its elements are inside the box.)
  const last = plan.dims.length - 1;
  const element = (checked: boolean) => [
    `const ${idx} i = row * length + c;`,
    ...strided.map((k) => `const ${idx} off${k} = row${k} + c * st${k}_${last};`),
    ...(stridedStore ? [`const ${idx} offo = rowo + c * ost_${last};`] : []),
    ...(checked ? framed(`rowin && ${inBox(last)}`, [...scalarBody, ...plainStores]) : [...scalarBody, ...plainStores]),
  ];
  const pass = (checked: boolean) => [
    '#pragma unroll',
    `for (int u = 0; u < ${ROW_ELEMENTS_PER_THREAD}; ++u) {`,
    `  const ${idx} c = first + u * (${idx})blockDim.x;`,
    ...(checked ? ['  if (c >= length) break;'] : []),
    ...element(checked).map((l) => `  ${l}`),
    '}',
  ];
  // The choice is the warp's, not the thread's (blockDim.x is a multiple of 32): a warp whose
  // threads split between the two passes would run both (rows of 254 on 64 threads took 1.6x).
  const warpFirst = `(first - (${idx})(threadIdx.x & 31))`;
  const warpLast = `(first - (${idx})(threadIdx.x & 31) + 31 + ${ROW_ELEMENTS_PER_THREAD - 1} * (${idx})blockDim.x)`;
  // Only rows of two whole passes or more: rows of 254 on 64 threads (one pass, its first warp
  // unchecked, its second checked) still took 1.35x the all-checked kernel on an H100 (session 38).
  const longRow = `length >= ${2 * ROW_ELEMENTS_PER_THREAD} * (${idx})blockDim.x`;
  const wholePass = frame
    ? `${longRow} && ${warpLast} < length && rowin && ${inBox(last, warpFirst)} && ${inBox(last, warpLast)}`
    : `${longRow} && ${warpLast} < length`;
  const rowLines = [
    `const ${idx} length = dim${last};`,
    `const ${idx} rows = n / length;`,
    `for (${idx} row = (${idx})blockIdx.y * blockDim.y + threadIdx.y; row < rows; row += (${idx})gridDim.y * blockDim.y) {`,
    `  ${idx} rem = row;`,
    ...offsets(last - 1, 'row').map((l) => `  ${l}`),
    `  for (${idx} first = (${idx})blockIdx.x * blockDim.x * ${ROW_ELEMENTS_PER_THREAD} + threadIdx.x; first < length; first += (${idx})gridDim.x * blockDim.x * ${ROW_ELEMENTS_PER_THREAD}) {`,
    `    if (${wholePass}) {`,
    ...pass(false).map((l) => `      ${l}`),
    '    } else {',
    ...pass(true).map((l) => `      ${l}`),
    '    }',
    '  }',
    '}',
  ];
  lines.push('  if (by_rows) {', ...rowLines.map((l) => `    ${l}`), '  } else {', ...flat.map((l) => `    ${l}`), '  }');
  return finish(plan, geometry, vec, params, decl, lines);
}

function finish(plan: KernelPlan, geometry: ElementwiseGeometry, vec: number, params: KernelParam[], decl: string[], lines: string[]): GeneratedKernel {
  const source = `${CUDA_PRELUDE}
// ${plan.key}
extern "C" __global__ void __launch_bounds__(${geometry.blockSize}) ${plan.name}(
    ${decl.join(',\n    ')}) {
${lines.join('\n')}
}
`;
  return { name: plan.name, source, params, vectorWidth: vec, vectorsPerThread: vec > 1 ? geometry.vectorsPerThread : 1, blockSize: geometry.blockSize, onePass: vec > 1 && geometry.onePass };
}

/**
 * Lines adding to each off<k> (k in `inputs`) its terms for row `row`, a linear index over the
 * outer dimensions 0 … L-1 (the outermost takes what remains, with no modulo).
 */
function outerOffsetLines(idx: string, L: number, inputs: readonly number[], row: string): string[] {
  const lines = [`${idx} rem = ${row};`];
  for (let j = L - 1; j >= 0; j--) {
    const terms = (c: string) => inputs.map((k) => `off${k} += ${c} * st${k}_${j};`).join(' ');
    lines.push(j > 0 ? `{ const ${idx} cj = rem % dim${j}; rem /= dim${j}; ${terms('cj')} }` : terms('rem'));
  }
  return lines;
}

/**
 * Elements per 16-byte vector on the row-vector path's vector loop: where every input is
 * contiguous, a scalar or a row vector (no other strided input, no random draw, no gather), a
 * vector of the widest contiguous element; else 1 (no vector loop). The launch turns the loop on
 * (vector_ok) where the pointers are aligned and the last dimension is a whole number of vectors.
 */
export function rowVectorWidth(plan: KernelPlan): number {
  if (!plan.rowVectors) return 1;
  const rows = new Set(plan.rowVectors);
  if (plan.inputs.some((input, k) => input.access === 'strided' && !rows.has(k))) return 1;
  if (plan.steps.some((st) => st.kind === 'random' || st.kind === 'gather' || st.kind === 'search')) return 1;
  const sizes = [...plan.inputs.filter((i) => i.access === 'contiguous').map((i) => i.dtype.itemsize), ...plan.outputs.map((o) => o.dtype.itemsize)];
  return Math.max(1, Math.floor(16 / Math.max(...sizes)));
}

/** The steps of a row-vector plan computed once per thread: row vectors, scalars, and what reads only them. */
function invariantSteps(plan: KernelPlan): Set<number> {
  const rows = new Set(plan.rowVectors);
  const invariant = new Set<number>();
  const constantInput = (k: number) => rows.has(k) || plan.inputs[k].access === 'scalar';
  for (const st of plan.steps) {
    const args = st.kind === 'cast' ? [st.arg] : st.kind === 'op' || st.kind === 'select' ? st.args : undefined;
    if (st.kind === 'scalar' || (st.kind === 'load' && constantInput(st.input)) || (args && args.every((a) => invariant.has(a)))) invariant.add(st.id);
  }
  return invariant;
}

/**
 * The row-vector path with W-element vectors (rowVectorWidth): vector v = tid + t · grid_stride
 * holds elements v·W … v·W + W-1, all in one row (the last dimension is a whole number of
 * vectors), at columns cv·W + e with cv = tid % (dim_last / W) fixed per thread (the thread count
 * is a multiple of dim_last). The invariant steps are computed once per column e, into arrays the
 * unrolled loops keep in registers.
 */
function rowVectorVectors(plan: KernelPlan, idx: string, w: number): string[] {
  const L = plan.dims.length - 1;
  const invariant = invariantSteps(plan);
  const invSteps = plan.steps.filter((st) => invariant.has(st.id));
  const contiguous = plan.inputs.map((_, k) => k).filter((k) => plan.inputs[k].access === 'contiguous');
  const vt = (d: DType) => `cp_vec<${storageType(d)}, ${w}>`;
  const rowLoad = (k: number) => (plan.inputs[k].access === 'scalar' ? `b${k}` : loadValue(plan.inputs[k].dtype, `in${k}[off${k}]`));
  const lines = [
    `// Vectors of ${w}: this thread's columns cv·${w} … cv·${w} + ${w - 1}, and what depends on them alone.`,
    `const ${idx} cv = tid % (dim${L} / ${w});`,
    ...invSteps.map((st) => `${computeType(st.dtype)} inv${st.id}[${w}];`),
    '#pragma unroll',
    `for (int e = 0; e < ${w}; ++e) {`,
    `  const ${idx} c = cv * ${w} + e;`,
    ...plan.rowVectors!.map((k) => `  const ${idx} off${k} = c * st${k}_${L};`),
    ...stepLines(invSteps, rowLoad).map((l) => `  ${l}`),
    ...invSteps.map((st) => `  inv${st.id}[e] = v${st.id};`),
    '}',
    `const ${idx} nv = n / ${w};`,
    `const ${idx} trips = tid < nv ? (nv - 1 - tid) / grid_stride + 1 : 0;`,
    '#pragma unroll 2',
    `for (${idx} t = 0; t < trips; ++t) {`,
    `  const ${idx} v = tid + t * grid_stride;`,
    ...contiguous.map((k) => `  const ${vt(plan.inputs[k].dtype)} a${k} = reinterpret_cast<const ${vt(plan.inputs[k].dtype)}*>(in${k})[v];`),
    ...plan.outputs.map((o, k) => `  ${vt(o.dtype)} r${k};`),
    '  #pragma unroll',
    `  for (int e = 0; e < ${w}; ++e) {`,
    ...invSteps.map((st) => `    const ${computeType(st.dtype)} v${st.id} = inv${st.id}[e];`),
    ...stepLines(plan.steps.filter((st) => !invariant.has(st.id)), (k) => (plan.inputs[k].access === 'scalar' ? `b${k}` : loadValue(plan.inputs[k].dtype, `a${k}.v[e]`))).map((l) => `    ${l}`),
    ...plan.outputs.map((o, k) => `    r${k}.v[e] = ${storeValue(o.dtype, `v${o.step}`)};`),
    '  }',
    ...plan.outputs.map((o, k) => `  reinterpret_cast<${vt(o.dtype)}*>(out${k})[v] = r${k};`),
    '}',
  ];
  return lines;
}

/**
 * The loop of a plan with row vectors (KernelPlan.rowVectors): the launch's thread count is a
 * multiple of the last dimension (src/api/cuda-runner.ts), so element i = tid + k · grid_stride
 * of thread tid is always at position c = tid % dim_last along it. The row vectors are read at c
 * once, and the steps that read only them, scalars and constants are computed once, before the
 * loop (the same operations in the same order: the results are bitwise those of the plain loop).
 * Row q = i / dim_last advances by grid_stride / dim_last; the other strided inputs add c's term
 * once and decompose only q.
 */
function rowVectorLoop(plan: KernelPlan, idx: string, strided: readonly number[]): string[] {
  const L = plan.dims.length - 1;
  const rows = new Set(plan.rowVectors);
  const others = strided.filter((k) => !rows.has(k));
  const invariant = invariantSteps(plan);
  const load = (k: number) => {
    const input = plan.inputs[k];
    if (input.access === 'scalar') return `b${k}`;
    return loadValue(input.dtype, input.access === 'contiguous' ? `in${k}[i]` : `in${k}[off${k}]`);
  };
  const lines = [
    `  // Row-vector path: this thread's position along the last dimension, and what depends on it alone.`,
    `  const ${idx} c = tid % dim${L};`,
    ...(others.length ? [`  const ${idx} q_step = grid_stride / dim${L};`, `  const ${idx} q0 = tid / dim${L};`] : []),
    ...plan.rowVectors!.map((k) => `  const ${idx} off${k} = c * st${k}_${L};`),
    ...others.map((k) => `  const ${idx} coff${k} = c * st${k}_${L};`),
    ...stepLines(plan.steps.filter((st) => invariant.has(st.id)), load).map((l) => `  ${l}`),
    '  // The trip count, so that no index runs past n (i + grid_stride may not fit the index type).',
    `  const ${idx} trips = tid < n ? (n - 1 - tid) / grid_stride + 1 : 0;`,
    '  #pragma unroll 4',
    `  for (${idx} t = 0; t < trips; ++t) {`,
    `    const ${idx} i = tid + t * grid_stride;`,
  ];
  if (others.length) {
    lines.push(...others.map((k) => `    ${idx} off${k} = coff${k};`));
    lines.push(...outerOffsetLines(idx, L, others, 'q0 + t * q_step').map((l) => `    ${l}`));
  }
  const body = stepLines(plan.steps.filter((st) => !invariant.has(st.id)), load, (st) => randomAtIndex(st, 'i'), (k) => `off${k}`);
  const stores = plan.outputs.map((o, k) => `out${k}[i] = ${storeValue(o.dtype, `v${o.step}`)};`);
  lines.push(...[...body, ...stores].map((l) => `    ${l}`), '  }');
  return lines;
}
