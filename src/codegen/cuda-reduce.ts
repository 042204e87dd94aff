// CUDA C for a reduce plan. One kernel computes every phase of a row: each thread accumulates a
// strided share of the row (the producers computed inside the loop), the shares are combined in
// a fixed order (warp shuffles, then shared memory: the same inputs give bitwise the same
// result on every run, no atomics), and the result is visible to the whole block for the next
// phase, the epilogue and the row outputs. Where the threads go is the plan's geometry
// (src/ir/reduce-geometry.ts, a table of the cases):
//   row order:     threadIdx.x is the lane along the reduced axis, threadIdx.y the output of the
//                  block (a block per row: 512 lanes × 1, or 64…512 for rows read more than once;
//                  groups: 1…32 lanes × 256/lanes);
//   column order:  threadIdx.x is the output (neighbouring kept elements), threadIdx.y the lane;
//   split:         pass 1 (`<name>_partial`) reduces segments of each row into partials,
//                  pass 2 (`<name>`) combines them with a block per output and runs the epilogue.
// Lanes combine by warp shuffles (groups of ≤ 32), then through shared memory (wider), always in
// the same order.
import { realPartDType, type DType } from '../ir/dtype.js';
import { reduceBlock } from '../ir/reduce-geometry.js';
import type { PlanReduction, ReducePlan } from '../ir/reduce-plan.js';
import { startValue } from '../ir/reductions.js';
import { randomAtIndex, stepLines } from './cuda.js';
import { CUDA_PRELUDE } from './cuda-prelude.js';
import { computeType, loadValue, scalarLocal, scalarDecl, storageType, storeValue, wrapValue } from './cuda-types.js';
import { ARG_SENTINEL, closure, rowAccesses, type ReduceParam } from './reduce-common.js';
import { foldParts, onlineCombine, onlineDecl, onlineFinish, onlinePartial, onlineResult, onlineSegment, onlineUpdate, type OnlineFold } from './cuda-reduce-online.js';
import { CupytsError } from '../ir/errors.js';

/**
 * Iterations of each thread's loop over a row that the compiler unrolls, so that a thread has
 * several loads in flight (bench/geometry.mjs: 4 per thread reach ~3000 GB/s; 16 measured no better).
 */
const UNROLL = 4;

/**
 * Shared memory that the phases of one reduce kernel may take with an array each (groupReduce);
 * past it they share one (the static limit is 48 KiB; the measured kernels of a few phases stay
 * well under this and keep their arrays).
 */
const SHARED_PER_PHASE_MAX = 32 * 1024;

export interface GeneratedReduce {
  name: string;
  /** Pass 1 of a split plan. */
  partialName?: string;
  source: string;
  params: ReduceParam[];
  /** Pass 1's parameters (a split plan). */
  partialParams?: ReduceParam[];
  /** Threads of the main kernel's blocks (pass 2 of a split plan: one row of lanes). */
  block: [number, number, number];
  /** Threads of pass 1's blocks (a split plan). */
  partialBlock?: [number, number, number];
}

/** Broadcast from the first lane of a group of `w` lanes, for every compute type (groups of ≤ 32). */
const SHFL_FIRST = String.raw`#ifndef CP_SHFL_FIRST
#define CP_SHFL_FIRST
#define CP_SHFL_FIRST_T(T, V) CP_D T cp_shfl_first(T v, int w) { return (T)__shfl_sync(0xffffffffu, (V)v, 0, w); }
CP_SHFL_FIRST_T(bool, int) CP_SHFL_FIRST_T(signed char, int) CP_SHFL_FIRST_T(short, int) CP_SHFL_FIRST_T(int, int)
CP_SHFL_FIRST_T(unsigned char, unsigned int) CP_SHFL_FIRST_T(unsigned short, unsigned int) CP_SHFL_FIRST_T(unsigned int, unsigned int)
CP_SHFL_FIRST_T(long long, long long) CP_SHFL_FIRST_T(unsigned long long, unsigned long long) CP_SHFL_FIRST_T(float, float) CP_SHFL_FIRST_T(double, double)
#endif`;

/** A value of dtype `d` as a C literal of its compute type. */
export function cLiteral(d: DType, v: number | bigint | boolean): string {
  if (d.kind === 'c') return `cp_to_c${d.name.slice(7)}(${cLiteral(realPartDType(d), v)})`; // (v, 0)
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
  const complex = r.dtype.kind === 'c';
  const isNan = (v: string) => (complex ? `cp_cisnan(${v})` : `(${v} != ${v})`);
  const [bNan, aNan] = [isNan(b), isNan(a)];
  const tie = `(${complex ? `cp_ceq(${b}, ${a})` : `${b} == ${a}`} && ${bi} < ${ai})`;
  const take = r.op.nanWins
    ? `(${bNan} ? !(${aNan} && ${ai} < ${bi}) : (!${aNan} && (${better} || ${tie})))`
    : `(!${bNan} && (${better} || ${tie}))`;
  return [`if (${take}) { ${a} = (${t})(${b}); ${ai} = ${bi}; }`];
}

export function generateCudaReduce(plan: ReducePlan): GeneratedReduce {
  const idx = plan.indexBits === 64 ? 'long long' : 'int';
  const g = plan.geometry;
  const column = g.order === 'column';
  const geometryBlock = reduceBlock(g);
  const threads = geometryBlock[0] * geometryBlock[1];
  // Pass 2 of a split plan runs the same threads as one row of lanes, a block per output.
  const block: [number, number, number] = plan.split ? [threads, 1, 1] : geometryBlock;
  /** The kernel being written has several outputs per block (some threads may have none). */
  let several = g.outputsPerBlock > 1;
  /** Lanes per output in the kernel being written. */
  let lanesNow = g.lanes;
  // Loops over the reduced axis skip threads without an output: the column kernels (as measured)
  // guard the loop; groups test `live` in the loop's condition, so `#pragma unroll` still sees a loop.
  const guard = () => (several && column ? 'if (live) ' : '');
  const inLoop = () => (several && !column ? 'live && ' : '');
  const liveAnd = () => (several ? 'live && ' : '');
  // A guarded loop takes no `#pragma unroll`: NVRTC ignores one after `if (live)` (and warns), so
  // the column kernels were measured without it; the pragma stays where it precedes its loop.
  const unroll = (pad: string): string[] => (guard() ? [] : [`${pad}#pragma unroll ${UNROLL}`]);
  const nk = plan.keptDims.length;
  const nr = plan.reducedDims.length;
  const accesses = rowAccesses(plan);
  const accessOf = new Map(accesses.map((a) => [a.name, a]));
  const W = plan.vectorWidth;
  const tiled = g.walk === 'tiles';
  /** The end of each output's walk: n_red, or a tiled walk's padded extent. */
  const walkEnd = tiled ? 'n_walk' : 'n_red';
  const walkLines = tiled ? [`  const ${idx} tiles1 = (rd1 + 31) / 32;`, `  const ${idx} n_walk = ((rd0 + 31) / 32) * tiles1 * 1024;`] : [];

  // Online folds (./cuda-reduce-online.ts): a partner phase k and the phases that read it
  // (ReducePlan reductions with `online`) fold in one read; the state is k's: foldByPartner.get(k).
  const foldByPartner = new Map<number, OnlineFold>();
  plan.reductions.forEach((r, j) => {
    if (!r.online) return;
    const k = r.online.of;
    const fold = foldByPartner.get(k) ?? { kind: r.online.kind, k, readers: [], dtype: r.dtype, idx, combineK: (b: string) => combineLines(plan.reductions[k], `a${k}`, `ai${k}`, b, '') };
    fold.readers.push({ j, center: r.online.center });
    foldByPartner.set(k, fold);
  });
  /** The fold a reader phase j reads its result from. */
  const foldOf = (j: number) => foldByPartner.get(plan.reductions[j].online!.of)!;
  const squaresFolds = [...foldByPartner.values()].some((f) => f.kind === 'squares');

  const params: ReduceParam[] = [];
  const decl: string[] = [];
  const addCommon = (withOutputs: boolean) => {
    plan.rowInputs.forEach((input, k) => { params.push({ kind: 'rowInput', index: k }); decl.push(`const ${storageType(input.dtype)}* __restrict__ in${k}`); });
    if (withOutputs) {
      plan.outInputs.forEach((input, k) => { params.push({ kind: 'outInput', index: k }); decl.push(`const ${storageType(input.dtype)}* __restrict__ oin${k}`); });
      plan.outOutputs.forEach((o, k) => { params.push({ kind: 'outOutput', index: k }); decl.push(`${storageType(o.dtype)}* __restrict__ out${k}`); });
      plan.rowOutputs.forEach((o, k) => { params.push({ kind: 'rowOutput', index: k }); decl.push(`${storageType(o.dtype)}* __restrict__ rout${k}`); });
    }
    plan.scalars.forEach((s, k) => { const p = scalarDecl(s.dtype, k); params.push({ kind: 'scalar', index: k, code: p.codes as 'i' }); decl.push(p.decl); });
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

  /** Offsets of row accesses at reduced index r (a tiled walk: step r; padding skipped by `continue`). */
  const offsetLines = (all: string[], pad: string): string[] => {
    // Inputs constant along the row (ReducePlan.rowConstant) keep their base offset: the compiler
    // then loads them, and computes what reads only them, once per row rather than per element.
    const constant = all.filter((n) => accessOf.get(n)!.constant);
    const names = all.filter((n) => !constant.includes(n));
    const fixed = constant.map((n) => `${pad}const ${idx} off_${n} = base_${n};`);
    return [...fixed, ...varyingOffsets(names, pad)];
  };
  const varyingOffsets = (names: string[], pad: string): string[] => {
    if (tiled) {
      // The arithmetic of tileCoordinates (src/ir/reduce-geometry.ts): 32 × 32 tiles in C order, rows of 32 in each.
      return [
        `${pad}const ${idx} t_ = r >> 10;`, `${pad}const int w_ = (int)(r & 1023);`,
        `${pad}const ${idx} c0 = (t_ / tiles1) * 32 + (w_ >> 5);`, `${pad}const ${idx} c1 = (t_ % tiles1) * 32 + (w_ & 31);`,
        `${pad}if (c0 >= rd0 || c1 >= rd1) continue;`,
        ...names.map((n) => `${pad}const ${idx} off_${n} = base_${n} + c0 * st_${n}_${nk} + c1 * st_${n}_${nk + 1};`),
      ];
    }
    // Inputs of unit stride along the row (ReducePlan.unitRow) step by r itself.
    const step = (n: string) => (accessOf.get(n)!.unit ? 'r' : `r * st_${n}_${nk}`);
    if (nr === 1) return names.map((n) => `${pad}const ${idx} off_${n} = base_${n} + ${step(n)};`);
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

  /**
   * The shared memory groupReduce takes for a phase in the kernel being written: `values` bytes of
   * its compute type, then (an 'arg' op) `indices` bytes of int64 from `indexAt`.
   */
  const sharedOf = (r: PlanReduction) => {
    const cells = several && column ? lanesNow * g.outputsPerBlock : several ? 0 : threads / 32;
    const values = cells * (r.dtype.name === 'float16' ? 4 : r.dtype.itemsize);
    const indexAt = Math.ceil(values / 8) * 8;
    return { values, indexAt, total: r.op.kind === 'arg' ? indexAt + cells * 8 : values };
  };
  /** A fold's arrays, one per part of its state (foldParts), 8-byte aligned: their byte offsets and total. */
  const foldShared = (f: OnlineFold) => {
    const r = plan.reductions[f.k];
    const cells = sharedOf(r).values / r.dtype.itemsize;
    const at: number[] = [];
    let total = 0;
    for (const part of foldParts(f)) {
      at.push(total);
      total += Math.ceil((cells * part.bytes) / 8) * 8;
    }
    return { at, total };
  };
  /** The shared bytes of phase p: its own, its fold's (a partner), or none (a reader: the fold holds its state). */
  const phaseShared = (r: PlanReduction, p: number) => (foldByPartner.has(p) ? foldShared(foldByPartner.get(p)!).total : r.online ? 0 : sharedOf(r).total);
  /**
   * Whether the phases share one scratch array (cp_red_scratch, declared by kernelText) instead
   * of an array each: where those would pass SHARED_PER_PHASE_MAX bytes (twice over with cached
   * vectors: the vector and the scalar path each declare theirs). A kernel of many phases
   * (a lazy chain of statistics) otherwise passed the 48 KiB of static shared memory and failed
   * to compile; a phase then waits for every thread to have read the one before.
   */
  const sharesScratch = () => (plan.vectorItems ? 2 : 1) * plan.reductions.reduce((n, r, p) => n + phaseShared(r, p), 0) > SHARED_PER_PHASE_MAX;
  const scratchBytes = () => Math.max(0, ...plan.reductions.map((r, p) => phaseShared(r, p)));
  /** Phase p's shared array `name` of `type` (`dims`: its extents after the first), at byte `at` of the scratch where shared. */
  const sharedArray = (type: string, name: string, first: number, rest: string, at: number): string =>
    sharesScratch()
      ? `${type} (*${name})${rest} = reinterpret_cast<${type} (*)${rest}>(cp_red_scratch + ${at});`
      : `__shared__ ${type} ${name}[${first}]${rest};`;

  /**
   * What groupReduce combines across threads: phase p's accumulator (phaseState), or an online
   * fold's whole state (foldState). Each part is a register (`name`, of C type `type`), the shared
   * array it passes through (`shared`, at byte `at` of the scratch) and the name its value from
   * another thread takes (`other`); `combine` folds those others into this thread's registers.
   */
  type GroupState = {
    phase: number;
    parts: Array<{ name: string; type: string; shared: string; at: number; other: string }>;
    combine: string[];
  };
  /** Phase p's accumulator a<p> (and an 'arg' op's index ai<p>). */
  const phaseState = (r: PlanReduction, p: number): GroupState => {
    const parts = [{ name: `a${p}`, type: computeType(r.dtype), shared: `sh${p}`, at: 0, other: 'b' }];
    if (r.op.kind === 'arg') parts.push({ name: `ai${p}`, type: 'long long', shared: `shi${p}`, at: sharedOf(r).indexAt, other: 'bi' });
    return { phase: p, parts, combine: combineLines(r, `a${p}`, `ai${p}`, 'b', 'bi') };
  };
  /** An online fold's state (owned by its partner phase k): every part (foldParts) moves together and joins by onlineCombine. */
  const foldState = (f: OnlineFold): GroupState => {
    if (several && !column) throw new CupytsError('ERR_INTERNAL', 'cuda-reduce: an online fold in a kernel of several row outputs a block (its plans split rows or walk columns)');
    const { at } = foldShared(f);
    const parts = foldParts(f).map((part, q) => ({ name: part.name, type: part.type, shared: `sh_${part.name}`, at: at[q], other: `b${q}_` }));
    return { phase: f.k, parts, combine: onlineCombine(f, parts.map((part) => part.other)) };
  };

  /** Combines the lanes of each output into one state, which every lane of the output then holds. */
  const groupReduce = (s: GroupState): string[] => {
    /** A statement for each part, on one line. */
    const each = (statement: (part: GroupState['parts'][number]) => string) => s.parts.map(statement).join(' ');
    const arrays = (first: number, rest: string) => s.parts.map((part) => `    ${sharedArray(part.type, part.shared, first, rest, part.at)}`);
    const store = (cell: string) => each((part) => `${part.shared}${cell} = ${part.name};`);
    const load = (cell: string) => each((part) => `${part.name} = ${part.shared}${cell};`);
    const read = (cell: string) => each((part) => `const ${part.type} ${part.other} = ${part.shared}${cell};`);
    const shuffle = each((part) => `const ${part.type} ${part.other} = cp_shfl_xor(${part.name}, d);`);
    const combine = s.combine.map((l) => `      ${l}`);
    const L = lanesNow;
    if (several && !column && L === 1) return [];
    const lines = ['  {'];
    // (a shared scratch: every thread has read the phase before's values)
    if (sharesScratch() && s.phase > 0 && (column || !several)) lines.push('    __syncthreads();');
    if (several && column) {
      // Column order: lane w of output x at [w][x]; output x's thread of lane 0 folds w = 0, 1, …
      lines.push(...arrays(L, `[${g.outputsPerBlock}]`), `    ${store('[threadIdx.y][threadIdx.x]')}`, '    __syncthreads();', `    ${load('[0][threadIdx.x]')}`);
      lines.push(`    for (int w = 1; w < ${L}; ++w) {`, `      ${read('[w][threadIdx.x]')}`, ...combine, '    }', '  }');
      return lines;
    }
    if (several) {
      // Row order, a group of ≤ 32 lanes inside a warp: a butterfly over the group (every lane of
      // the warp takes part: the loops above are guarded, this is not), then lane 0's value to all.
      lines.push(`    for (int d = ${L / 2}; d > 0; d >>= 1) {`, `      ${shuffle}`, ...combine, '    }');
      lines.push(`    ${each((part) => `${part.name} = cp_shfl_first(${part.name}, ${L});`)}`, '  }');
      return lines;
    }
    // A block per output: a butterfly in each warp, then warp w's value at [w], folded in order.
    const warps = threads / 32;
    lines.push('    for (int d = 16; d > 0; d >>= 1) {', `      ${shuffle}`, ...combine, '    }');
    lines.push(...arrays(warps, ''), `    if ((threadIdx.x & 31) == 0) { ${store('[threadIdx.x >> 5]')} }`, '    __syncthreads();', `    ${load('[0]')}`);
    lines.push(`    for (int w = 1; w < ${warps}; ++w) {`, `      ${read('[w]')}`, ...combine, '    }', '  }');
    return lines;
  };

  /** `o`, `live`, `lane` and `lanes` of the kernel being written (`blockDim`: the block index along the outputs). */
  const laneLines = (blockDim: 'x' | 'y'): string[] => {
    if (!several) return [`  const ${idx} o = blockIdx.${blockDim};`, '  const int lane = threadIdx.x;', `  const int lanes = ${lanesNow};`];
    const within = column ? 'threadIdx.x' : 'threadIdx.y';
    // Cached rows: a thread past the last output works on that output's row (see cacheLines).
    const first = `(${idx})blockIdx.${blockDim} * ${g.outputsPerBlock} + ${within}`;
    const ol = plan.cachedItems || plan.vectorItems
      ? [`  const ${idx} o_ = ${first};`, '  const bool live = o_ < n_out;', `  const ${idx} o = live ? o_ : n_out - 1;`]
      : [`  const ${idx} o = ${first};`, '  const bool live = o < n_out;'];
    return [
      ...ol,
      `  const int lane = ${column ? 'threadIdx.y' : 'threadIdx.x'};`, `  const int lanes = ${lanesNow};`,
    ];
  };

  // Register-cached rows: element j of a thread is r = lane + j * lanes; inputs read once.
  // Where an element lies inside the row for every lane (the first `fullItems`), nothing is
  // conditional. Past that, a thread past the row's end works on the row's last element: it
  // accumulates a select of the identity instead, and does not store. A group past the last output
  // works on that output's row as its own group does (the same elements in the same order: the
  // same reductions), so its stores repeat that group's values. Loads and math under a branch per
  // element measured 800 us for softmax over 2^20 rows of 256 float32 on the H200, against 517 us
  // without (a copy: 543; bench/RESULTS.md, session 20).
  const items = plan.cachedItems;
  const cachedLoad = (k: number) => `c${k}[j]`;
  /** Element j lies in the row: always for the first `fullItems` (no test for the compiler to branch on). */
  const inside = (at: string, end: string, count: number) =>
    plan.fullItems >= count ? 'true' : plan.fullItems > 0 ? `(j < ${plan.fullItems} || ${at} < ${end})` : `${at} < ${end}`;
  const clampedR = (): string[] => [`const ${idx} r_ = lane + j * lanes;`, `const bool in_row = ${inside('r_', 'n_red', items)};`, `const ${idx} r = in_row ? r_ : n_red - 1;`];
  const cacheLines = (): string[] => {
    if (!items) return [];
    const lines = plan.rowInputs.map((input, k) => `  ${computeType(input.dtype)} c${k}[${items}];`);
    lines.push('  #pragma unroll', `  for (int j = 0; j < ${items}; ++j) {`, ...clampedR().map((l) => `    ${l}`));
    lines.push(...offsetLines(inputNames, '    '));
    plan.rowInputs.forEach((_, k) => lines.push(`    c${k}[j] = ${rowLoad(k)};`));
    lines.push('  }');
    return lines;
  };
  /** A loop over the cached elements: `compute` for each, `guarded` only for elements inside the row. */
  const cachedLoop = (compute: string[], guarded: string[], names: string[]): string[] => [
    '  #pragma unroll', `  for (int j = 0; j < ${items}; ++j) {`, ...clampedR().map((l) => `    ${l}`),
    ...(names.length ? offsetLines(names, '    ') : []), ...compute.map((l) => `    ${l}`),
    ...(guarded.length ? ['    if (in_row) {', ...guarded.map((l) => `      ${l}`), '    }'] : []), '  }',
  ];
  /**
   * Folds `v` into phase p's accumulator where `in_row`, as a select of the identity (no branch
   * for the compiler to sink the producers into); 'arg' ops and complex values keep a branch.
   */
  const selectCombine = (r: PlanReduction, p: number, v: string): { compute: string[]; guarded: string[] } => {
    if (r.op.kind === 'arg' || r.dtype.kind === 'c') return { compute: [], guarded: combineLines(r, `a${p}`, `ai${p}`, v, '(long long)r') };
    const t = computeType(r.dtype);
    return {
      compute: [`const ${t} b${p} = in_row ? (${t})(${v}) : ${cLiteral(r.dtype, startValue(r.op, r.dtype))};`, ...combineLines(r, `a${p}`, `ai${p}`, `b${p}`, '(long long)r')],
      guarded: [],
    };
  };

  // Register-cached vectors (plan.vectorItems): vector j of a thread holds elements
  // (lane + j * lanes) * W ... + W - 1 of the row, the same order the vector path reads them in.
  const VI = plan.vectorItems;
  const inVec = (k: number) => `cp_vec<${storageType(plan.rowInputs[k].dtype)}, ${W}>`;
  const outVec = (k: number) => `cp_vec<${storageType(plan.rowOutputs[k].dtype)}, ${W}>`;
  const vectorCacheLoad = (k: number) => (plan.unitRow[k] ? loadValue(plan.rowInputs[k].dtype, `c${k}[j].v[e]`) : loadValue(plan.rowInputs[k].dtype, `in${k}[base_in${k}]`));
  const vectorCacheLoop = (body: string[], before: string[] = [], after: string[] = []): string[] => [
    '  #pragma unroll', `  for (int j = 0; j < ${VI}; ++j) {`, `    const ${idx} q_ = lane + j * lanes;`, `    const bool in_row = ${inside('q_', 'nv', VI)};`, `    const ${idx} q = in_row ? q_ : nv - 1;`,
    ...before.map((l) => `    ${l}`),
    '    #pragma unroll', `    for (int e = 0; e < ${W}; ++e) {`, `      const ${idx} r = q * ${W} + e;`,
    ...body.map((l) => `      ${l}`), '    }',
    ...(after.length ? ['    if (in_row) {', ...after.map((l) => `      ${l}`), '    }'] : []), '  }',
  ];
  /** The whole row with cached vectors: one read of each input, then every phase and output. */
  const vectorCachedRow = (): string[] => {
    const lines = [`  const ${idx} nv = n_red / ${W};`];
    const unit = plan.rowInputs.map((_, k) => k).filter((k) => plan.unitRow[k]);
    unit.forEach((k) => lines.push(`  ${inVec(k)} c${k}[${VI}];`));
    // As the scalar cached rows: a vector past the row's end reads the row's last vector.
    lines.push('  #pragma unroll', `  for (int j = 0; j < ${VI}; ++j) {`, `    const ${idx} q_ = lane + j * lanes;`, `    const ${idx} q = ${inside('q_', 'nv', VI)} ? q_ : nv - 1;`,
      ...unit.map((k) => `    c${k}[j] = reinterpret_cast<const ${inVec(k)}*>(in${k} + base_in${k})[q];`), '  }');
    plan.reductions.forEach((r, p) => {
      lines.push(...accDecl(r, p));
      const { compute, guarded } = selectCombine(r, p, `v${r.value}`);
      lines.push(...vectorCacheLoop([
        ...stepLines(closure(plan.rowSteps, [r.value]), vectorCacheLoad, rowRandom),
        ...compute, ...(guarded.length ? ['if (in_row) {', ...guarded.map((l) => `  ${l}`), '}'] : []),
      ]));
      lines.push(...groupReduce(phaseState(r, p)), ...resultLines(r, p));
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
  const phaseLoop = (r: PlanReduction, p: number, begin: string, end: string, vector = true, fold?: OnlineFold): string[] => {
    /** Folds the element's value into the phase (and an online partner's). */
    const update = () => (fold ? onlineUpdate(fold, `v${r.value}`) : combineLines(r, `a${p}`, `ai${p}`, `v${r.value}`, '(long long)r'));
    if (items) {
      if (fold) throw new CupytsError('ERR_INTERNAL', 'cuda-reduce: an online pair in a register-cached row (split plans cache nothing)');
      const { compute, guarded } = selectCombine(r, p, `v${r.value}`);
      return cachedLoop([...stepLines(closure(plan.rowSteps, [r.value]), cachedLoad, rowRandom), ...compute], guarded, []);
    }
    const steps = closure(plan.rowSteps, [r.value]);
    // Unrolled so that each thread has several loads in flight (bench/geometry.mjs: ~3000 GB/s
    // with four loads per thread per iteration, well under that with one).
    const scalarLoop = (from: string) => {
      if (fold) return foldBatches(from);
      const lines = [...unroll('  '), `  ${guard()}for (${idx} r = ${from} + lane; ${inLoop()}r < ${end}; r += lanes) {`];
      lines.push(...offsetLines(inputNames, '    '));
      lines.push(...stepLines(steps, rowLoad, rowRandom).map((l) => `    ${l}`));
      lines.push(...update().map((l) => `    ${l}`));
      lines.push('  }');
      return lines;
    };
    // An online fold's body is long and branches (a chunk's end): the compiler overlapped no loads
    // across its iterations, unrolled or not (and `#pragma unroll` after `if (live)` is ignored), so
    // a column's statistics read at half of copy speed. Its loop loads UNROLL elements, then folds them.
    const foldBatches = (from: string) => {
      const t = computeType(fold!.dtype);
      const lines = [`  ${guard()}for (${idx} r0 = ${from} + lane; ${inLoop()}r0 < ${end}; r0 += ${UNROLL} * lanes) {`, `    ${t} y_u[${UNROLL}];`];
      lines.push('    #pragma unroll', `    for (int u = 0; u < ${UNROLL}; ++u) {`, `      const ${idx} r = r0 + u * lanes;`, `      if (r < ${end}) {`);
      lines.push(...offsetLines(inputNames, '        '));
      lines.push(...stepLines(steps, rowLoad, rowRandom).map((l) => `        ${l}`));
      lines.push(`        y_u[u] = v${r.value};`, '      }', '    }');
      lines.push('    #pragma unroll', `    for (int u = 0; u < ${UNROLL}; ++u) {`, `      if (r0 + u * lanes < ${end}) {`);
      lines.push(...onlineUpdate(fold!, 'y_u[u]').map((l) => `        ${l}`), '      }', '    }', '  }');
      return lines;
    };
    if (W === 1 || !vector) return scalarLoop(begin);
    // Vector path: 16-byte loads of each unit-stride input along the row (begin is a multiple of W).
    const vt = (k: number) => `cp_vec<${storageType(plan.rowInputs[k].dtype)}, ${W}>`;
    const vload = (k: number) => (plan.unitRow[k] ? loadValue(plan.rowInputs[k].dtype, `x${k}.v[e]`) : loadValue(plan.rowInputs[k].dtype, `in${k}[base_in${k}]`));
    const lines = ['  if (vector_ok) {', `    const ${idx} nv = (${end} - ${begin}) / ${W};`, ...unroll('    '), `    ${guard()}for (${idx} q = lane; ${inLoop()}q < nv; q += lanes) {`];
    plan.rowInputs.forEach((_, k) => {
      if (plan.unitRow[k]) lines.push(`      const ${vt(k)} x${k} = reinterpret_cast<const ${vt(k)}*>(in${k} + base_in${k} + ${begin})[q];`);
    });
    lines.push('      #pragma unroll', `      for (int e = 0; e < ${W}; ++e) {`, `        const ${idx} r = ${begin} + q * ${W} + e;`);
    lines.push(...stepLines(steps, vload, rowRandom).map((l) => `        ${l}`));
    lines.push(...update().map((l) => `        ${l}`));
    lines.push('      }', '    }');
    lines.push(...scalarLoop(`${begin} + nv * ${W}`).map((l) => `  ${l}`));
    lines.push('  } else {', ...scalarLoop(begin).map((l) => `  ${l}`), '  }');
    return lines;
  };
  /** phaseLoop, then the end of an online fold's run of elements. */
  const foldLoop = (r: PlanReduction, p: number, begin: string, end: string, vector: boolean, fold: OnlineFold): string[] =>
    [...phaseLoop(r, p, begin, end, vector, fold), ...onlineFinish(fold)];

  const resultLine = (r: PlanReduction, p: number) =>
    r.op.kind === 'arg'
      ? `  const long long red${p} = ai${p} == ${ARG_SENTINEL}LL ? -1LL : ai${p};`
      : `  const ${computeType(r.dtype)} red${p} = a${p};`;
  /** Phase p's result (an online phase's from its fold), then the row-invariant values computed after it (ReducePlan.hoisted), each as red<index>. */
  const resultLines = (r: PlanReduction, p: number): string[] => [
    r.online ? onlineResult(foldOf(p), p) : resultLine(r, p),
    ...plan.hoisted.filter((h) => h.after === p).map((h) => {
      const t = computeType(h.steps.find((s) => s.id === h.value)!.dtype);
      return `  ${t} red${h.index}; { ${stepLines(h.steps, rowLoad).join(' ')} red${h.index} = v${h.value}; }`;
    }),
  ];

  const epilogueLines = (): string[] => {
    if (plan.outOutputs.length === 0) return [];
    const oload = (k: number) => loadValue(plan.outInputs[k].dtype, `oin${k}[obase${k}]`);
    const lines = [`  if (${liveAnd()}lane == 0) {`];
    lines.push(...stepLines(plan.outSteps, oload).map((l) => `    ${l}`));
    plan.outOutputs.forEach((o, k) => lines.push(`    out${k}[o] = ${storeValue(o.dtype, `v${o.step}`)};`));
    lines.push('  }');
    return lines;
  };

  const rowOutputLines = (): string[] => {
    if (plan.rowOutputs.length === 0) return [];
    const steps = closure(plan.rowSteps, plan.rowOutputs.map((o) => o.step));
    if (items) {
      return cachedLoop(stepLines(steps, cachedLoad, rowRandom),
        plan.rowOutputs.map((o, k) => `rout${k}[off_rout${k}] = ${storeValue(o.dtype, `v${o.step}`)};`), plan.rowOutputs.map((_, k) => `rout${k}`));
    }
    // Stores stay scalar: a vector path here (16-byte loads and stores) measured no better on the
    // H100 for softmax and normalization (bench/RESULTS.md, issue 4).
    const names = accesses.map((a) => a.name);
    const lines = [...unroll('  '), `  ${guard()}for (${idx} r = lane; ${inLoop()}r < n_red; r += lanes) {`];
    lines.push(...offsetLines(names, '    '));
    lines.push(...stepLines(steps, rowLoad, rowRandom).map((l) => `    ${l}`));
    plan.rowOutputs.forEach((o, k) => lines.push(`    rout${k}[off_rout${k}] = ${storeValue(o.dtype, `v${o.step}`)};`));
    lines.push('  }');
    return lines;
  };

  const kernelText = (name: string, body: string[]) => `extern "C" __global__ void __launch_bounds__(${threads}) ${name}(
    ${decl.join(',\n    ')}) {
${sharesScratch() ? `  __shared__ __align__(16) unsigned char cp_red_scratch[${scratchBytes()}];\n` : ''}${body.join('\n')}
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
    const body = [...scalarDecls, ...laneLines('y'), ...walkLines, ...baseLines(false),
      `  const ${idx} r_begin = (${idx})blockIdx.x * seg_len;`,
      `  const ${idx} r_end = min(${walkEnd}, r_begin + seg_len);`];
    plan.reductions.forEach((r, p) => {
      if (r.online) return; // folded with its partner's phase
      const f = foldByPartner.get(p);
      if (f) {
        // the fold's o<k> in its first reader's partial buffer
        body.push(...accDecl(r, p), ...onlineDecl(f, true), ...foldLoop(r, p, 'r_begin', 'r_end', true, f), ...groupReduce(foldState(f)));
        body.push(`  if (${liveAnd()}lane == 0) { part${p}[o * gridDim.x + blockIdx.x] = a${p}; part${f.readers[0].j}[o * gridDim.x + blockIdx.x] = ${onlinePartial(f)}; }`);
        return;
      }
      body.push(...accDecl(r, p), ...phaseLoop(r, p, 'r_begin', 'r_end'), ...groupReduce(phaseState(r, p)));
      body.push(`  if (${liveAnd()}lane == 0) { part${p}[o * gridDim.x + blockIdx.x] = a${p};${r.op.kind === 'arg' ? ` parti${p}[o * gridDim.x + blockIdx.x] = ai${p};` : ''} }`);
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
    // (the count of a segment's elements, for the squares' combine)
    if (squaresFolds) { params.push({ kind: 'segmentLength' }); decl.push(`${idx} seg_len`); }
    several = false;
    lanesNow = threads;
    const body2 = [...scalarDecls, ...laneLines('x'), ...baseLines(true)];
    plan.reductions.forEach((r, p) => {
      if (r.online) {
        body2.push(onlineResult(foldOf(p), p));
        return;
      }
      const f = foldByPartner.get(p);
      if (f) {
        // a segment's count: pass 1's r_end - r_begin
        const segment = onlineSegment(f, `part${p}[o * n_seg + t]`, `part${f.readers[0].j}[o * n_seg + t]`, `min(seg_len, n_red - (${idx})t * seg_len)`);
        body2.push(...accDecl(r, p), ...onlineDecl(f, false));
        body2.push('  for (int t = lane; t < n_seg; t += lanes) {', ...segment.lines.map((l) => `    ${l}`));
        body2.push(...onlineCombine(f, segment.parts).map((l) => `    ${l}`));
        body2.push('  }');
        body2.push(...groupReduce(foldState(f)), ...resultLines(r, p));
        return;
      }
      body2.push(...accDecl(r, p));
      body2.push('  for (int t = lane; t < n_seg; t += lanes) {');
      body2.push(`    const ${computeType(r.dtype)} b = part${p}[o * n_seg + t];${r.op.kind === 'arg' ? ` const long long bi = parti${p}[o * n_seg + t];` : ''}`);
      body2.push(...combineLines(r, `a${p}`, `ai${p}`, 'b', 'bi').map((l) => `    ${l}`));
      body2.push('  }');
      body2.push(...groupReduce(phaseState(r, p)), resultLine(r, p));
    });
    body2.push(...epilogueLines());
    parts.push(kernelText(plan.name, body2));
  } else {
    addCommon(true);
    const body = [...scalarDecls, ...laneLines('x'), ...walkLines, ...baseLines(true), ...cacheLines()];
    const rowBody: string[] = [];
    plan.reductions.forEach((r, p) => {
      const f = foldByPartner.get(p);
      if (r.online) rowBody.push(...resultLines(r, p)); // folded with its partner's phase
      else if (f) rowBody.push(...accDecl(r, p), ...onlineDecl(f, true), ...foldLoop(r, p, '0', walkEnd, !VI, f), ...groupReduce(foldState(f)), ...resultLines(r, p));
      else rowBody.push(...accDecl(r, p), ...phaseLoop(r, p, '0', walkEnd, !VI), ...groupReduce(phaseState(r, p)), ...resultLines(r, p));
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

  const shuffles = g.outputsPerBlock > 1 && !column && g.lanes > 1;
  const source = `${CUDA_PRELUDE}
// ${plan.key}
${shuffles ? `${SHFL_FIRST}\n` : ''}${parts.join('\n\n')}
`;
  return { name: plan.name, partialName, source, params, partialParams, block, partialBlock: plan.split ? geometryBlock : undefined };
}
