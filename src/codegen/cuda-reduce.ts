// CUDA C for a reduce plan. One kernel computes every phase of a row: each thread accumulates a
// strided share of the row (the producers computed inside the loop), the shares are combined in
// a fixed order (warp shuffles, then shared memory: the same inputs give bitwise the same
// result on every run, no atomics), and the result is visible to the whole block for the next
// phase, the epilogue and the row outputs.
//   row layout:    a block of ROW_BLOCK threads per row;
//   column layout: a block of 32 rows × COLUMN_THREADS threads each;
//   split:         pass 1 (`<name>_partial`) reduces segments of each row into partials,
//                  pass 2 (`<name>`) combines them and runs the epilogue.
import type { DType } from '../ir/dtype.js';
import { ROW_THREADS, type PlanReduction, type ReducePlan } from '../ir/reduce-plan.js';
import { startValue } from '../ir/reductions.js';
import { randomAtIndex, stepLines } from './cuda.js';
import { CUDA_PRELUDE } from './cuda-prelude.js';
import { computeType, loadValue, scalarLocal, scalarParam, storageType, storeValue, wrapValue } from './cuda-types.js';
import { ARG_SENTINEL, closure, rowAccesses, type ReduceParam } from './reduce-common.js';

export const ROW_BLOCK = ROW_THREADS;
export const COLUMN_THREADS = 16;
export const COLUMN_ROWS = 32;
/**
 * Iterations of each thread's loop over a row that the compiler unrolls, so that a thread has
 * several loads in flight (bench/geometry.mjs: 4 per thread reach ~3000 GB/s; 16 measured no better).
 */
const UNROLL = 4;

export interface GeneratedReduce {
  name: string;
  /** Pass 1 of a split plan. */
  partialName?: string;
  source: string;
  params: ReduceParam[];
  /** Pass 1's parameters (a split plan). */
  partialParams?: ReduceParam[];
  block: [number, number, number];
}

/** A value of dtype `d` as a C literal of its compute type. */
export function cLiteral(d: DType, v: number | bigint | boolean): string {
  if (d.name === 'bool') return v ? 'true' : 'false';
  if (d.kind === 'f') {
    const n = Number(v);
    const dbl = d.name === 'float64';
    if (Number.isNaN(n)) return dbl ? '__longlong_as_double(0x7ff8000000000000LL)' : '__int_as_float(0x7fc00000)';
    if (n === Infinity) return dbl ? '__longlong_as_double(0x7ff0000000000000LL)' : '__int_as_float(0x7f800000)';
    if (n === -Infinity) return dbl ? '__longlong_as_double(0xfff0000000000000ULL)' : '__int_as_float(0xff800000)';
    return dbl ? `${n.toExponential()}` : `${n.toExponential()}f`;
  }
  const b = BigInt(v as number | bigint);
  if (d.name === 'uint64') return `${b}ULL`;
  if (d.name === 'int64') return b === -(2n ** 63n) ? '(-9223372036854775807LL - 1)' : `${b}LL`;
  if (d.kind === 'u') return `${b}u`;
  return b === -(2n ** 31n) ? '(-2147483647 - 1)' : `(${computeType(d)})(${b})`;
}

/** `a = a ⊕ b` for a fold, or the index-aware choice of an 'arg' op (commutative and associative). */
function combineLines(r: PlanReduction, a: string, ai: string, b: string, bi: string): string[] {
  const t = computeType(r.dtype);
  if (r.op.kind === 'fold') return [`${a} = ${wrapValue(r.dtype, r.op.combine.cuda([a, b], r.dtype))};`];
  const better = r.op.combine.cuda([b, a], r.dtype); // b > a (argmax) or b < a (argmin)
  const bNan = `(${b} != ${b})`;
  const aNan = `(${a} != ${a})`;
  const tie = `(${b} == ${a} && ${bi} < ${ai})`;
  const take = r.op.nanWins
    ? `(${bNan} ? !(${aNan} && ${ai} < ${bi}) : (!${aNan} && (${better} || ${tie})))`
    : `(!${bNan} && (${better} || ${tie}))`;
  return [`if (${take}) { ${a} = (${t})(${b}); ${ai} = ${bi}; }`];
}

export function generateCudaReduce(plan: ReducePlan): GeneratedReduce {
  const idx = plan.indexBits === 64 ? 'long long' : 'int';
  const column = plan.layout === 'column';
  const block: [number, number, number] = column ? [COLUMN_ROWS, COLUMN_THREADS, 1] : [ROW_BLOCK, 1, 1];
  const threads = block[0] * block[1];
  const nk = plan.keptDims.length;
  const nr = plan.reducedDims.length;
  const accesses = rowAccesses(plan);
  const W = plan.vectorWidth;

  const params: ReduceParam[] = [];
  const decl: string[] = [];
  const addCommon = (withOutputs: boolean) => {
    plan.rowInputs.forEach((input, k) => { params.push({ kind: 'rowInput', index: k }); decl.push(`const ${storageType(input.dtype)}* __restrict__ in${k}`); });
    if (withOutputs) {
      plan.outInputs.forEach((input, k) => { params.push({ kind: 'outInput', index: k }); decl.push(`const ${storageType(input.dtype)}* __restrict__ oin${k}`); });
      plan.outOutputs.forEach((o, k) => { params.push({ kind: 'outOutput', index: k }); decl.push(`${storageType(o.dtype)}* __restrict__ out${k}`); });
      plan.rowOutputs.forEach((o, k) => { params.push({ kind: 'rowOutput', index: k }); decl.push(`${storageType(o.dtype)}* __restrict__ rout${k}`); });
    }
    plan.scalars.forEach((s, k) => { const p = scalarParam(s.dtype); params.push({ kind: 'scalar', index: k, code: p.code }); decl.push(`${p.cType} p${k}`); });
    params.push({ kind: 'outSize' }); decl.push(`${idx} n_out`);
    params.push({ kind: 'reduceSize' }); decl.push(`${idx} n_red`);
    plan.keptDims.forEach((_, j) => { params.push({ kind: 'keptDim', index: j }); decl.push(`${idx} kd${j}`); });
    plan.reducedDims.forEach((_, j) => { params.push({ kind: 'reducedDim', index: j }); decl.push(`${idx} rd${j}`); });
    accesses.forEach((a, k) => {
      if (!withOutputs && a.name.startsWith('rout')) return;
      a.strides.forEach((_, j) => {
        params.push(k < plan.rowInputs.length ? { kind: 'rowStride', input: k, dim: j } : { kind: 'rowOutStride', output: k - plan.rowInputs.length, dim: j });
        decl.push(`${idx} st_${a.name}_${j}`);
      });
    });
    if (withOutputs) {
      plan.outInputs.forEach((input, k) => input.strides.forEach((_, j) => { params.push({ kind: 'outStride', input: k, dim: j }); decl.push(`${idx} ost${k}_${j}`); }));
    }
    if (W > 1) { params.push({ kind: 'vectorOk' }); decl.push('int vector_ok'); }
  };

  const scalarDecls = plan.scalars.map((s, k) => `  ${scalarLocal(s.dtype, k)}`);

  /** Base offsets of the row accesses (and out inputs) for row `o`. */
  const baseLines = (withOutputs: boolean): string[] => {
    const names = accesses.filter((a) => withOutputs || !a.name.startsWith('rout')).map((a) => a.name);
    const outs = withOutputs ? plan.outInputs.map((_, k) => k) : [];
    const lines = [...names.map((n) => `  ${idx} base_${n} = 0;`), ...outs.map((k) => `  ${idx} obase${k} = 0;`)];
    if (nk > 0) {
      lines.push('  {');
      lines.push(`    ${idx} rem = o;`);
      for (let j = nk - 1; j >= 0; j--) {
        const adds = [...names.map((n) => ` base_${n} += c * st_${n}_${j};`), ...outs.map((k) => ` obase${k} += c * ost${k}_${j};`)].join('');
        lines.push(`    { const ${idx} c = rem % kd${j}; rem /= kd${j};${adds} }`);
      }
      lines.push('  }');
    }
    return lines;
  };

  /** Offsets of row accesses at reduced index r. */
  const offsetLines = (names: string[], pad: string): string[] => {
    if (nr === 1) return names.map((n) => `${pad}const ${idx} off_${n} = base_${n} + r * st_${n}_${nk};`);
    const lines = names.map((n) => `${pad}${idx} off_${n} = base_${n};`);
    lines.push(`${pad}{ ${idx} rem = r;`);
    for (let j = nr - 1; j >= 0; j--) {
      lines.push(`${pad}  { const ${idx} c = rem % rd${j}; rem /= rd${j};${names.map((n) => ` off_${n} += c * st_${n}_${nk + j};`).join('')} }`);
    }
    lines.push(`${pad}}`);
    return lines;
  };

  const rowLoad = (k: number) => loadValue(plan.rowInputs[k].dtype, `in${k}[off_in${k}]`);
  // Random draws reach a reduce plan only over trailing reduced axes: the C-order index is o * R + r.
  const rowRandom = (s: Parameters<typeof randomAtIndex>[0]) => randomAtIndex(s, `((long long)o * n_red + r)`);
  const inputNames = plan.rowInputs.map((_, k) => `in${k}`);

  const accDecl = (r: PlanReduction, p: number) => {
    const t = computeType(r.dtype);
    const lines = [`  ${t} a${p} = ${cLiteral(r.dtype, startValue(r.op, r.dtype))};`];
    if (r.op.kind === 'arg') lines.push(`  long long ai${p} = ${ARG_SENTINEL}LL;`);
    return lines;
  };

  const groupReduce = (r: PlanReduction, p: number): string[] => {
    const t = computeType(r.dtype);
    const arg = r.op.kind === 'arg';
    const lines = ['  {'];
    if (column) {
      lines.push(`    __shared__ ${t} sh${p}[${COLUMN_THREADS}][${COLUMN_ROWS}];`);
      if (arg) lines.push(`    __shared__ long long shi${p}[${COLUMN_THREADS}][${COLUMN_ROWS}];`);
      lines.push(`    sh${p}[threadIdx.y][threadIdx.x] = a${p};${arg ? ` shi${p}[threadIdx.y][threadIdx.x] = ai${p};` : ''}`);
      lines.push('    __syncthreads();');
      lines.push(`    a${p} = sh${p}[0][threadIdx.x];${arg ? ` ai${p} = shi${p}[0][threadIdx.x];` : ''}`);
      lines.push(`    for (int w = 1; w < ${COLUMN_THREADS}; ++w) {`);
      lines.push(`      const ${t} b = sh${p}[w][threadIdx.x];${arg ? ` const long long bi = shi${p}[w][threadIdx.x];` : ''}`);
    } else {
      lines.push('    for (int d = 16; d > 0; d >>= 1) {');
      lines.push(`      const ${t} b = cp_shfl_xor(a${p}, d);${arg ? ` const long long bi = cp_shfl_xor(ai${p}, d);` : ''}`);
      lines.push(...combineLines(r, `a${p}`, `ai${p}`, 'b', 'bi').map((l) => `      ${l}`));
      lines.push('    }');
      lines.push(`    __shared__ ${t} sh${p}[${threads / 32}];`);
      if (arg) lines.push(`    __shared__ long long shi${p}[${threads / 32}];`);
      lines.push(`    if ((threadIdx.x & 31) == 0) { sh${p}[threadIdx.x >> 5] = a${p};${arg ? ` shi${p}[threadIdx.x >> 5] = ai${p};` : ''} }`);
      lines.push('    __syncthreads();');
      lines.push(`    a${p} = sh${p}[0];${arg ? ` ai${p} = shi${p}[0];` : ''}`);
      lines.push(`    for (int w = 1; w < ${threads / 32}; ++w) {`);
      lines.push(`      const ${t} b = sh${p}[w];${arg ? ` const long long bi = shi${p}[w];` : ''}`);
    }
    lines.push(...combineLines(r, `a${p}`, `ai${p}`, 'b', 'bi').map((l) => `      ${l}`));
    lines.push('    }');
    lines.push('  }');
    return lines;
  };

  const laneLines = column
    ? [`  const ${idx} o = (${idx})blockIdx.x * ${COLUMN_ROWS} + threadIdx.x;`, '  const bool live = o < n_out;', '  const int lane = threadIdx.y;', `  const int lanes = ${COLUMN_THREADS};`]
    : ['  const int lane = threadIdx.x;', `  const int lanes = ${ROW_BLOCK};`];

  // Register-cached rows: element j of a thread is r = lane + j * lanes; inputs read once.
  const items = plan.cachedItems;
  const cachedLoad = (k: number) => `c${k}[j]`;
  const cacheLines = (): string[] => {
    if (!items) return [];
    const lines = plan.rowInputs.map((input, k) => `  ${computeType(input.dtype)} c${k}[${items}];`);
    lines.push('  #pragma unroll', `  for (int j = 0; j < ${items}; ++j) {`, `    const ${idx} r = lane + j * lanes;`, '    if (r < n_red) {');
    lines.push(...offsetLines(inputNames, '      '));
    plan.rowInputs.forEach((_, k) => lines.push(`      c${k}[j] = ${rowLoad(k)};`));
    lines.push('    }', '  }');
    return lines;
  };
  const cachedLoop = (body: string[], names: string[]): string[] => [
    '  #pragma unroll', `  for (int j = 0; j < ${items}; ++j) {`, `    const ${idx} r = lane + j * lanes;`, '    if (r < n_red) {',
    ...(names.length ? offsetLines(names, '      ') : []), ...body.map((l) => `  ${l}`), '    }', '  }',
  ];

  // Register-cached vectors (plan.vectorItems): vector j of a thread holds elements
  // (lane + j * lanes) * W ... + W - 1 of the row, the same order the vector path reads them in.
  const VI = plan.vectorItems;
  const inVec = (k: number) => `cp_vec<${storageType(plan.rowInputs[k].dtype)}, ${W}>`;
  const outVec = (k: number) => `cp_vec<${storageType(plan.rowOutputs[k].dtype)}, ${W}>`;
  const vectorCacheLoad = (k: number) => (plan.unitRow[k] ? loadValue(plan.rowInputs[k].dtype, `c${k}[j].v[e]`) : loadValue(plan.rowInputs[k].dtype, `in${k}[base_in${k}]`));
  const vectorCacheLoop = (body: string[], before: string[] = [], after: string[] = []): string[] => [
    '  #pragma unroll', `  for (int j = 0; j < ${VI}; ++j) {`, `    const ${idx} q = lane + j * lanes;`, '    if (q < nv) {',
    ...before.map((l) => `      ${l}`),
    '      #pragma unroll', `      for (int e = 0; e < ${W}; ++e) {`, `        const ${idx} r = q * ${W} + e;`,
    ...body.map((l) => `        ${l}`), '      }',
    ...after.map((l) => `      ${l}`), '    }', '  }',
  ];
  /** The whole row with cached vectors: one read of each input, then every phase and output. */
  const vectorCachedRow = (): string[] => {
    const lines = [`  const ${idx} nv = n_red / ${W};`];
    const unit = plan.rowInputs.map((_, k) => k).filter((k) => plan.unitRow[k]);
    unit.forEach((k) => lines.push(`  ${inVec(k)} c${k}[${VI}];`));
    lines.push('  #pragma unroll', `  for (int j = 0; j < ${VI}; ++j) {`, `    const ${idx} q = lane + j * lanes;`,
      `    if (q < nv) {${unit.map((k) => ` c${k}[j] = reinterpret_cast<const ${inVec(k)}*>(in${k} + base_in${k})[q];`).join('')} }`, '  }');
    plan.reductions.forEach((r, p) => {
      lines.push(...accDecl(r, p));
      lines.push(...vectorCacheLoop([
        ...stepLines(closure(plan.rowSteps, [r.value]), vectorCacheLoad, rowRandom),
        ...combineLines(r, `a${p}`, `ai${p}`, `v${r.value}`, '(long long)r'),
      ]));
      lines.push(...groupReduce(r, p), resultLine(r, p));
    });
    lines.push(...epilogueLines());
    if (plan.rowOutputs.length) {
      const steps = closure(plan.rowSteps, plan.rowOutputs.map((o) => o.step));
      lines.push(...vectorCacheLoop(
        [...stepLines(steps, vectorCacheLoad, rowRandom), ...plan.rowOutputs.map((o, k) => `w${k}.v[e] = ${storeValue(o.dtype, `v${o.step}`)};`)],
        plan.rowOutputs.map((_, k) => `${outVec(k)} w${k};`),
        plan.rowOutputs.map((_, k) => `reinterpret_cast<${outVec(k)}*>(rout${k} + base_rout${k})[q] = w${k};`),
      ));
    }
    return lines;
  };

  /** Accumulates phase p over [r_begin, r_end) from the producers (`vector`: with the vector path). */
  const phaseLoop = (r: PlanReduction, p: number, begin: string, end: string, vector = true): string[] => {
    if (items) {
      const steps = closure(plan.rowSteps, [r.value]);
      return cachedLoop([
        ...stepLines(steps, cachedLoad, rowRandom).map((l) => `    ${l}`),
        ...combineLines(r, `a${p}`, `ai${p}`, `v${r.value}`, '(long long)r').map((l) => `    ${l}`),
      ], []);
    }
    const steps = closure(plan.rowSteps, [r.value]);
    // Unrolled so that each thread has several loads in flight (bench/geometry.mjs: ~3000 GB/s
    // with four loads per thread per iteration, well under that with one).
    const scalarLoop = (from: string) => {
      const lines = [`  #pragma unroll ${UNROLL}`, `  ${column ? 'if (live) ' : ''}for (${idx} r = ${from} + lane; r < ${end}; r += lanes) {`];
      lines.push(...offsetLines(inputNames, '    '));
      lines.push(...stepLines(steps, rowLoad, rowRandom).map((l) => `    ${l}`));
      lines.push(...combineLines(r, `a${p}`, `ai${p}`, `v${r.value}`, '(long long)r').map((l) => `    ${l}`));
      lines.push('  }');
      return lines;
    };
    if (W === 1 || !vector) return scalarLoop(begin);
    // Vector path: 16-byte loads of each unit-stride input along the row (begin is a multiple of W).
    const vt = (k: number) => `cp_vec<${storageType(plan.rowInputs[k].dtype)}, ${W}>`;
    const vload = (k: number) => (plan.unitRow[k] ? loadValue(plan.rowInputs[k].dtype, `x${k}.v[e]`) : loadValue(plan.rowInputs[k].dtype, `in${k}[base_in${k}]`));
    const lines = ['  if (vector_ok) {', `    const ${idx} nv = (${end} - ${begin}) / ${W};`, `    #pragma unroll ${UNROLL}`, `    for (${idx} q = lane; q < nv; q += lanes) {`];
    plan.rowInputs.forEach((_, k) => {
      if (plan.unitRow[k]) lines.push(`      const ${vt(k)} x${k} = reinterpret_cast<const ${vt(k)}*>(in${k} + base_in${k} + ${begin})[q];`);
    });
    lines.push('      #pragma unroll', `      for (int e = 0; e < ${W}; ++e) {`, `        const ${idx} r = ${begin} + q * ${W} + e;`);
    lines.push(...stepLines(steps, vload, rowRandom).map((l) => `        ${l}`));
    lines.push(...combineLines(r, `a${p}`, `ai${p}`, `v${r.value}`, '(long long)r').map((l) => `        ${l}`));
    lines.push('      }', '    }');
    lines.push(...scalarLoop(`${begin} + nv * ${W}`).map((l) => `  ${l}`));
    lines.push('  } else {', ...scalarLoop(begin).map((l) => `  ${l}`), '  }');
    return lines;
  };

  const resultLine = (r: PlanReduction, p: number) =>
    r.op.kind === 'arg'
      ? `  const long long red${p} = ai${p} == ${ARG_SENTINEL}LL ? -1LL : ai${p};`
      : `  const ${computeType(r.dtype)} red${p} = a${p};`;

  const epilogueLines = (): string[] => {
    if (plan.outOutputs.length === 0) return [];
    const oload = (k: number) => loadValue(plan.outInputs[k].dtype, `oin${k}[obase${k}]`);
    const lines = [`  if (${column ? 'live && ' : ''}lane == 0) {`];
    lines.push(...stepLines(plan.outSteps, oload).map((l) => `    ${l}`));
    plan.outOutputs.forEach((o, k) => lines.push(`    out${k}[o] = ${storeValue(o.dtype, `v${o.step}`)};`));
    lines.push('  }');
    return lines;
  };

  const rowOutputLines = (): string[] => {
    if (plan.rowOutputs.length === 0) return [];
    const steps = closure(plan.rowSteps, plan.rowOutputs.map((o) => o.step));
    if (items) {
      return cachedLoop([
        ...stepLines(steps, cachedLoad, rowRandom).map((l) => `    ${l}`),
        ...plan.rowOutputs.map((o, k) => `    rout${k}[off_rout${k}] = ${storeValue(o.dtype, `v${o.step}`)};`),
      ], plan.rowOutputs.map((_, k) => `rout${k}`));
    }
    // Stores stay scalar: a vector path here (16-byte loads and stores) measured no better on the
    // H100 for softmax and normalization (bench/RESULTS.md, issue 4).
    const names = accesses.map((a) => a.name);
    const lines = [`  #pragma unroll ${UNROLL}`, `  ${column ? 'if (live) ' : ''}for (${idx} r = lane; r < n_red; r += lanes) {`];
    lines.push(...offsetLines(names, '    '));
    lines.push(...stepLines(steps, rowLoad, rowRandom).map((l) => `    ${l}`));
    plan.rowOutputs.forEach((o, k) => lines.push(`    rout${k}[off_rout${k}] = ${storeValue(o.dtype, `v${o.step}`)};`));
    lines.push('  }');
    return lines;
  };

  const kernelText = (name: string, body: string[]) => `extern "C" __global__ void __launch_bounds__(${threads}) ${name}(
    ${decl.join(',\n    ')}) {
${body.join('\n')}
}`;

  const parts: string[] = [];
  let partialName: string | undefined;
  let partialParams: ReduceParam[] | undefined;

  if (plan.split) {
    // Pass 1: blockIdx.x is the segment, blockIdx.y the row; thread 0 writes the partials.
    addCommon(false);
    plan.reductions.forEach((r, p) => {
      params.push({ kind: 'partial', index: p }); decl.push(`${computeType(r.dtype)}* __restrict__ part${p}`);
      if (r.op.kind === 'arg') { params.push({ kind: 'partialIndex', index: p }); decl.push(`long long* __restrict__ parti${p}`); }
    });
    params.push({ kind: 'segmentLength' }); decl.push(`${idx} seg_len`);
    const body = [...scalarDecls, `  const ${idx} o = blockIdx.y;`, ...laneLines, ...baseLines(false),
      `  const ${idx} r_begin = (${idx})blockIdx.x * seg_len;`,
      `  const ${idx} r_end = min(n_red, r_begin + seg_len);`];
    plan.reductions.forEach((r, p) => {
      body.push(...accDecl(r, p), ...phaseLoop(r, p, 'r_begin', 'r_end'), ...groupReduce(r, p));
      body.push(`  if (lane == 0) { part${p}[o * gridDim.x + blockIdx.x] = a${p};${r.op.kind === 'arg' ? ` parti${p}[o * gridDim.x + blockIdx.x] = ai${p};` : ''} }`);
    });
    partialName = `${plan.name}_partial`;
    partialParams = [...params];
    parts.push(kernelText(partialName, body));

    // Pass 2: a block per row over its segments' partials, then the epilogue.
    params.length = 0;
    decl.length = 0;
    addCommon(true);
    plan.reductions.forEach((r, p) => {
      params.push({ kind: 'partial', index: p }); decl.push(`const ${computeType(r.dtype)}* __restrict__ part${p}`);
      if (r.op.kind === 'arg') { params.push({ kind: 'partialIndex', index: p }); decl.push(`const long long* __restrict__ parti${p}`); }
    });
    params.push({ kind: 'segments' }); decl.push('int n_seg');
    const body2 = [...scalarDecls, `  const ${idx} o = blockIdx.x;`, ...laneLines, ...baseLines(true)];
    plan.reductions.forEach((r, p) => {
      body2.push(...accDecl(r, p));
      body2.push('  for (int t = lane; t < n_seg; t += lanes) {');
      body2.push(`    const ${computeType(r.dtype)} b = part${p}[o * n_seg + t];${r.op.kind === 'arg' ? ` const long long bi = parti${p}[o * n_seg + t];` : ''}`);
      body2.push(...combineLines(r, `a${p}`, `ai${p}`, 'b', 'bi').map((l) => `    ${l}`));
      body2.push('  }');
      body2.push(...groupReduce(r, p), resultLine(r, p));
    });
    body2.push(...epilogueLines());
    parts.push(kernelText(plan.name, body2));
  } else {
    addCommon(true);
    const body = [...scalarDecls, ...(column ? [] : [`  const ${idx} o = blockIdx.x;`]), ...laneLines, ...baseLines(true), ...cacheLines()];
    const rowBody: string[] = [];
    plan.reductions.forEach((r, p) => {
      rowBody.push(...accDecl(r, p), ...phaseLoop(r, p, '0', 'n_red', !VI), ...groupReduce(r, p), resultLine(r, p));
    });
    rowBody.push(...epilogueLines(), ...rowOutputLines());
    if (VI) {
      // Aligned data: the cached vector row; otherwise each phase re-reads the row (scalar loads).
      const indent = (l: string) => `  ${l}`;
      body.push('  if (vector_ok) {', ...vectorCachedRow().map(indent), '  } else {', ...rowBody.map(indent), '  }');
    } else {
      body.push(...rowBody);
    }
    parts.push(kernelText(plan.name, body));
  }

  const source = `${CUDA_PRELUDE}
// ${plan.key}
${parts.join('\n\n')}
`;
  return { name: plan.name, partialName, source, params, partialParams, block };
}
