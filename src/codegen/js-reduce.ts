// JavaScript for a reduce plan (the CPU backend): for each row, each phase accumulates over the
// row in order, then the epilogue and the row outputs, the same steps as the CUDA kernel.
import type { DType } from '../ir/dtype.js';
import type { PlanStep } from '../ir/kernel-plan.js';
import type { PlanReduction, ReducePlan } from '../ir/reduce-plan.js';
import { startValue } from '../ir/reductions.js';
import { jsLoad, jsScalarValue, jsStore, jsWrap, numberScalars, randomSetup, stepLine } from './js.js';
import { JS_PRELUDE } from './js-prelude.js';
import { closure, reducedReads, rowAccesses } from './reduce-common.js';
import { cachedRowValue } from './js-reduce-cache.js';
import { heapTwin, wasmModuleLines } from './wasm-elementwise.js';
import { heapRunLocal, slotPages, slotViewLines, wasmColumnFolds, wasmFold, wasmPairwise, wasmPairwiseLines, wasmPairwiseModule, wasmPairwiseRowsLines, wasmRowOutputs } from './wasm-reduce.js';

export function jsLiteral(d: DType, v: number | bigint | boolean): string {
  const x = jsScalarValue(d, v);
  if (typeof x === 'object') return `$cx(${numberLiteral(x.re)}, ${numberLiteral(x.im)})`;
  if (typeof x === 'bigint') return `${x}n`;
  if (typeof x === 'boolean') return String(x);
  return numberLiteral(x);
}

function numberLiteral(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  return String(x);
}

/** Folds whose combine picks one of its two operands: for a real dtype it needs no rounding. */
const PICKS = new Set(['max', 'min', 'nanmax', 'nanmin']);

/** A JS test that value `v` of reduction `r` is NaN (a complex value: either part). */
function isNan(r: PlanReduction, v: string): string {
  return r.dtype.kind === 'c' ? `$cisnan(${v})` : `(${v} !== ${v})`;
}

export function combine(r: PlanReduction, a: string, ai: string, b: string, bi: string): string {
  if (r.op.kind === 'fold') {
    const value = r.op.combine.js([a, b], r.dtype);
    return `${a} = ${PICKS.has(r.op.name) && r.dtype.kind !== 'c' ? value : jsWrap(r.dtype, value)};`;
  }
  const better = r.op.combine.js([b, a], r.dtype);
  const complex = r.dtype.kind === 'c';
  const [bNan, aNan] = [isNan(r, b), isNan(r, a)];
  const tie = `(${complex ? `$ceq(${b}, ${a})` : `${b} === ${a}`} && ${bi} < ${ai})`;
  const take = r.op.nanWins
    ? `(${bNan} ? !(${aNan} && ${ai} < ${bi}) : (!${aNan} && (${better} || ${tie})))`
    : `(!${bNan} && (${better} || ${tie}))`;
  return `if (${take}) { ${a} = ${b}; ${ai} = ${bi}; }`;
}

/**
 * NumPy's pairwise summation (numpy/_core/src/umath/loops_utils.h.src, pairwise_sum): fewer than 8
 * elements in order; up to 128 in 8 accumulators combined as ((0+1)+(2+3))+((4+5)+(6+7)), then the
 * rest in order; longer runs split in two at a multiple of 8 below the middle. Float32 and float64
 * sums over a row take it, so that a contiguous row sums bitwise as NumPy's does.
 */
const PAIRWISE_BLOCK = 128;

/** Sums of float32/float64 over a row (no random draws or gathers among its steps) sum pairwise. */
function pairwise(r: PlanReduction, steps: readonly PlanStep[], random: boolean): boolean {
  return r.op.name === 'sum' && (r.dtype.name === 'float32' || r.dtype.name === 'float64') && !random && steps.every((s) => s.kind !== 'gather');
}

/**
 * The row walk's element offsets for reduced index `r`: one `const <prefix><name>` per access,
 * from `base_<name>`.
 */
function rowOffsets(nk: number, nr: number, list: readonly string[], pad: string, prefix = 'off_'): string[] {
  if (nr === 1) return list.map((n) => `${pad}const ${prefix}${n} = base_${n} + r * st_${n}_${nk};`);
  const lines = list.map((n) => `${pad}let ${prefix}${n} = base_${n};`);
  lines.push(`${pad}{ let rem = r;`);
  for (let j = nr - 1; j >= 0; j--) {
    lines.push(`${pad}  { const c = rem % rd${j}; rem = (rem - c) / rd${j};${list.map((n) => ` ${prefix}${n} += c * st_${n}_${nk + j};`).join('')} }`);
  }
  lines.push(`${pad}}`);
  return lines;
}

/**
 * A walk over consecutive reduced indices of a row of two or more reduced dims, without a division
 * per element: `start` declares the coordinates (oc0, oc1, ...) and `let <prefix><name>` per access
 * at reduced index `from` (its divisions once), `advance` steps them to the next index, carrying
 * from the last dim. A sum over a transposed 256 x 256 view took 0.29 ms with rowOffsets's division
 * per dim and element, against 0.026 contiguous (session 23). Callers put each walk in a block of its own.
 */
function odometer(nk: number, nr: number, list: readonly string[], prefix = 'off_') {
  const c = (j: number) => `oc${j}`;
  const adds = (j: number, sign: string, factor = '') => list.map((n) => `${prefix}${n} ${sign}= ${factor}st_${n}_${nk + j};`).join(' ');
  const carry = (j: number): string => {
    const step = `${c(j)}++; ${adds(j, '+')}`;
    return j === 0 ? step : `${step} if (${c(j)} === rd${j}) { ${c(j)} = 0; ${adds(j, '-', `rd${j} * `)} ${carry(j - 1)} }`;
  };
  return {
    start: (pad: string, from: string): string[] => [
      ...list.map((n) => `${pad}let ${prefix}${n} = base_${n};`),
      `${pad}let ${Array.from({ length: nr }, (_, j) => `${c(j)} = 0`).join(', ')};`,
      `${pad}{ let rem = ${from};`,
      ...Array.from({ length: nr }, (_, i) => nr - 1 - i).map((j) => `${pad}  ${c(j)} = rem % rd${j}; rem = (rem - ${c(j)}) / rd${j}; ${list.map((n) => `${prefix}${n} += ${c(j)} * st_${n}_${nk + j};`).join(' ')}`),
      `${pad}}`,
    ],
    advance: (pad: string): string => `${pad}${carry(nr - 1)}`,
  };
}

/**
 * `for (let r = 0; r < nRed; r++)` over a row's reduced indices in order (after `guard`, e.g. an
 * `if (...) `), with `first` then the offsets of `list`'s accesses then `body` inside: rowOffsets
 * over one reduced dim, an odometer (in a block of its own) over several.
 */
function reducedLoop(nk: number, nr: number, list: readonly string[], guard: string, first: readonly string[], body: readonly string[]): string[] {
  const head = `  ${guard}for (let r = 0; r < nRed; r++) {`;
  if (nr <= 1) return [head, ...first, ...rowOffsets(nk, nr, list, '    '), ...body, '  }'];
  const walk = odometer(nk, nr, list);
  return ['  {', ...walk.start('    ', '0'), head, ...first, ...body, walk.advance('    '), '  }', '  }'];
}

/**
 * `function pw<p>(base_in0, ..., red0, ..., lo, n)`: the pairwise sum of phase p's values over
 * reduced indices lo .. lo + n - 1 of the row at the given bases.
 */
function pairwiseFunction(plan: ReducePlan, p: number, steps: readonly PlanStep[], rowLoad: (k: number) => string, modules: Modules): string[] {
  const r = plan.reductions[p];
  const nk = plan.keptDims.length;
  const nr = plan.reducedDims.length;
  const inputs = plan.rowInputs.map((_, k) => `in${k}`);
  const params = [...inputs.map((n) => `base_${n}`), ...reducedReads(steps).map((k) => `red${k}`), 'lo', 'n'];
  // Leaves visit lo, lo + 1, ... in order: over several reduced dims, an odometer from lo.
  const walk = nr > 1 ? odometer(nk, nr, inputs) : undefined;
  const startAt = (pad: string) => walk ? walk.start(pad, 'lo') : [];
  const value = (rExpr: string, pad: string, finish: string): string[] => [
    `${pad}{ const r = ${rExpr};`,
    ...(walk ? [] : rowOffsets(nk, nr, inputs, `${pad}  `)),
    ...steps.map((s) => `${pad}  ${stepLine(s, rowLoad)}`),
    `${pad}  ${finish}`,
    ...(walk ? [walk.advance(`${pad}  `)] : []),
    `${pad}}`,
  ];
  const v = `v${r.value}`;
  const q = Array.from({ length: 8 }, (_, j) => `q${j}`);
  const add = (a: string, b: string) => combine(r, a, '', b, '');
  const sumOf = (a: string, b: string) => r.dtype.name === 'float32' ? `Math.fround(${a} + ${b})` : `(${a} + ${b})`;
  const call = (lo: string, n: string) => `pw${p}(${[...params.slice(0, -2), lo, n].join(', ')})`;
  // Contiguous float32 runs are summed in WebAssembly SIMD, in the same order (./wasm-reduce.ts).
  const wasm = wasmPairwise(plan, r, steps);
  if (wasm) {
    const own = wasmPairwiseModule(plan, p, steps, r.value, slotPages(steps));
    modules.add(`$wpw${p}`, own, wasmPairwiseModule(plan, p, steps, r.value, 'import'), slotViewLines(steps, `$wpw${p}`));
  }
  return [
    `function pw${p}(${params.join(', ')}) {`,
    ...(wasm ? wasmPairwiseLines(plan, steps, `$wpw${p}`) : []),
    '  if (n < 8) {',
    ...startAt('    '),
    '    let res = 0;',
    '    for (let i = lo; i < lo + n; i++) {',
    ...value('i', '      ', add('res', v)),
    '    }',
    '    return res;',
    '  }',
    `  if (n <= ${PAIRWISE_BLOCK}) {`,
    ...startAt('    '),
    `    let ${q.map((x) => `${x} = 0`).join(', ')};`,
    ...q.flatMap((x, j) => value(`lo + ${j}`, '    ', `${x} = ${v};`)),
    '    const end = lo + n - (n % 8);',
    '    let i = lo + 8;',
    '    for (; i < end; i += 8) {',
    ...q.flatMap((x, j) => value(`i + ${j}`, '      ', add(x, v))),
    '    }',
    `    let res = ${sumOf(sumOf(sumOf('q0', 'q1'), sumOf('q2', 'q3')), sumOf(sumOf('q4', 'q5'), sumOf('q6', 'q7')))};`,
    '    for (; i < lo + n; i++) {',
    ...value('i', '      ', add('res', v)),
    '    }',
    '    return res;',
    '  }',
    '  let n2 = Math.floor(n / 2);',
    '  n2 -= n2 % 8;',
    `  return ${sumOf(call('lo', 'n2'), call('lo + n2', 'n - n2'))};`,
    '}',
  ];
}

/**
 * The column walk (a 'column' plan: inputs fastest along the one kept dim): one accumulator per
 * output and phase, rows of the reduced walk in order, each across every output; a phase that
 * reads earlier phases' results (a variance reading its mean) takes them per output from their
 * accumulators, and row outputs are written in a last walk of the same order. Each output
 * combines its values in reduced order, as NumPy's reduction over axis 0 does; the reads go along
 * memory instead of down a column per output (a column standardize of 1024 x 1024 float32 took
 * 23 ms with a walk per output).
 */
function columnEligible(plan: ReducePlan, random: boolean): boolean {
  // (hoisted values, ./reduce-hoist.ts, are computed per output in the row walk only)
  if (plan.layout !== 'column' || plan.keptDims.length !== 1 || random || plan.hoisted.length > 0) return false;
  return plan.reductions.every((r) => {
    const numeric = r.dtype.kind === 'f' || ((r.dtype.kind === 'i' || r.dtype.kind === 'u') && r.dtype.itemsize <= 4);
    return r.op.kind === 'fold' && numeric && closure(plan.rowSteps, [r.value]).every((s) => s.kind !== 'gather');
  }) && closure(plan.rowSteps, plan.rowOutputs.map((o) => o.step)).every((s) => s.kind !== 'gather');
}

/** The plan's one output is its one float32 reduction's result, as it is (a column sum's out0[o] = acc0[o]). */
function sumsAreOutput(plan: ReducePlan): boolean {
  const [o] = plan.outOutputs;
  const step = plan.outSteps.find((s) => s.id === o?.step);
  return plan.reductions.length === 1 && plan.outOutputs.length === 1 && step?.kind === 'reduced' && step.reduction === 0
    && o.dtype.name === 'float32' && plan.reductions[0].dtype.name === 'float32';
}

function columnWalk(plan: ReducePlan, rowLoad: (k: number) => string, modules: Modules): string[] {
  const nk = plan.keptDims.length;
  const nr = plan.reducedDims.length;
  const inputs = plan.rowInputs.map((_, k) => `in${k}`);
  const routs = plan.rowOutputs.map((_, k) => `rout${k}`);
  const lines: string[] = [];
  // A float32 sum of contiguous columns alone runs in WebAssembly (./wasm-reduce.ts), in the same
  // order: its lines set acc0 where they ran, and the JS walk takes an accumulator only where not.
  const direct = sumsAreOutput(plan);
  const wasm = plan.reductions.length === 1 && !plan.rowOutputs.length
    ? wasmColumnFolds(plan, closure(plan.rowSteps, [plan.reductions[0].value]), rowOffsets(nk, nr, inputs, '    ', 'rb_'), 'acc0', direct)
    : undefined;
  const accumulator = (r: PlanReduction, p: number) => `$accumulator(${p}, nOut, oLo, oHi, ${jsLiteral(r.dtype, startValue(r.op, r.dtype))})`;
  if (wasm) modules.add('$wcol', wasm.instanceBytes, wasm.heapBytes);
  plan.reductions.forEach((r, p) => lines.push(wasm ? `let acc${p};` : `const acc${p} = ${accumulator(r, p)};`));
  lines.push(...inputs.map((n, k) => `const base_${n} = offsets[${k}];`), ...routs.map((n) => `const base_${n} = 0;`));
  /** Earlier phases' results for output o, from their accumulators. */
  const earlier = (p: number) => Array.from({ length: p }, (_, q) => `    const red${q} = acc${q}[o];`);
  plan.reductions.forEach((r, p) => {
    const walk = [
      'for (let r = 0; r < nRed; r++) {',
      ...rowOffsets(nk, nr, inputs, '  ', 'rb_'),
      '  for (let o = oLo; o < oHi; o++) {',
      ...inputs.map((n) => `    const off_${n} = rb_${n} + o * st_${n}_0;`), ...earlier(p),
      ...closure(plan.rowSteps, [r.value]).map((s) => `    ${stepLine(s, rowLoad)}`),
      `    let a${p} = acc${p}[o];`, `    ${combine(r, `a${p}`, '', `v${r.value}`, '')}`, `    acc${p}[o] = a${p};`,
      '  }',
      '}',
    ];
    if (wasm) lines.push(...wasm.lines, 'if (!colDone) {', `  acc${p} = ${accumulator(r, p)};`, ...walk.map((l) => `  ${l}`), '}');
    else lines.push(...walk);
  });
  if (plan.rowOutputs.length) {
    lines.push('for (let r = 0; r < nRed; r++) {');
    lines.push(...rowOffsets(nk, nr, [...inputs, ...routs], '  ', 'rb_'));
    lines.push('  for (let o = oLo; o < oHi; o++) {');
    lines.push(...[...inputs, ...routs].map((n) => `    const off_${n} = rb_${n} + o * st_${n}_0;`), ...earlier(plan.reductions.length));
    for (const s of closure(plan.rowSteps, plan.rowOutputs.map((o) => o.step))) lines.push(`    ${stepLine(s, rowLoad)}`);
    plan.rowOutputs.forEach((o, k) => lines.push(`    ${jsStore(o.dtype, `rout${k}`, `off_rout${k}`, `v${o.step}`)}`));
    lines.push('  }', '}');
  }
  // where the module wrote the sums into the output (colDirect) the loop over the outputs is done
  lines.push(`${wasm && direct ? 'if (!colDirect) ' : ''}for (let o = oLo; o < oHi; o++) {`);
  plan.outInputs.forEach((_, k) => lines.push(`  const obase${k} = ooffsets[${k}] + o * ost${k}_0;`));
  plan.reductions.forEach((_, p) => lines.push(`  const red${p} = acc${p}[o];`));
  return lines;
}

/**
 * A plan whose one reduction is a pairwise sum, with no row outputs: its pairwise tree can be cut
 * into leaves that threads sum apart (`part.leaves`: [k, lo, len] each, into part.sums[k]), and the
 * caller, having combined them as pw would, passes the row's sum back (`part.value`). The result
 * is the same bit for bit as one thread's.
 */
export function splitsSum(plan: ReducePlan, random = plan.rowSteps.some((s) => s.kind === 'random')): boolean {
  if (plan.reductions.length !== 1 || plan.rowOutputs.length || columnEligible(plan, random)) return false;
  return pairwise(plan.reductions[0], closure(plan.rowSteps, [plan.reductions[0].value]), random);
}

/** NumPy's pairwise split of n elements (pw above): the first half's length, a multiple of 8. */
export function pairwiseHalf(n: number): number {
  const n2 = Math.floor(n / 2);
  return n2 - (n2 % 8);
}

/** Runs longer than this split in two (pw above). */
export { PAIRWISE_BLOCK };

/** The row-invariant values computed after phase p's result (ReducePlan.hoisted), each as red<index>. */
function hoistedLines(plan: ReducePlan, p: number, load: (k: number) => string): string[] {
  return plan.hoisted.filter((h) => h.after === p).map((h) =>
    `  let red${h.index}; { ${h.steps.map((s) => stepLine(s, load)).join(' ')} red${h.index} = v${h.value}; }`);
}

/** The WebAssembly modules of a kernel: the lines that make them (before the kernel), and the names that have a heap twin. */
class Modules {
  readonly lines: string[] = [];
  readonly twins: string[] = [];
  add(name: string, own: Uint8Array, heap: Uint8Array | undefined, views: readonly string[] = []): void {
    this.lines.push(...wasmModuleLines(name, own, heap), ...views);
    if (heap) this.twins.push(name);
  }
}

/**
 * The source of `kernel(ins, oins, outs, routs, offsets, ooffsets, scalars, nOut, nRed, kd, rd,
 * strides, ostrides, oLo, oHi, part)`: strides[k] per row access (inputs, then row outputs) over
 * all dimensions, ostrides[k] per out input over the kept dimensions; outputs oLo .. oHi - 1
 * (default all, so that threads can each take a block); `part` as in splitsSum.
 */
export function generateJsReduce(plan: ReducePlan): { name: string; source: string } {
  const nk = plan.keptDims.length;
  const nr = plan.reducedDims.length;
  const accesses = rowAccesses(plan);
  const body: string[] = [];
  const modules = new Modules();
  plan.rowInputs.forEach((_, k) => body.push(`const in${k} = ins[${k}], ha_in${k} = $heapAddress(in${k});`));
  plan.outInputs.forEach((_, k) => body.push(`const oin${k} = oins[${k}];`));
  plan.outOutputs.forEach((_, k) => body.push(`const out${k} = outs[${k}];`));
  plan.rowOutputs.forEach((_, k) => body.push(`const rout${k} = routs[${k}], ha_rout${k} = $heapAddress(rout${k});`));
  plan.scalars.forEach((_, k) => body.push(`const s${k} = scalars[${k}];`));
  body.push(...numberScalars(plan.scalars.length));
  accesses.forEach((a, k) => a.strides.forEach((_, j) => body.push(`const st_${a.name}_${j} = strides[${k}][${j}];`)));
  plan.outInputs.forEach((input, k) => input.strides.forEach((_, j) => body.push(`const ost${k}_${j} = ostrides[${k}][${j}];`)));
  plan.keptDims.forEach((_, j) => body.push(`const kd${j} = kd[${j}];`));
  plan.reducedDims.forEach((_, j) => body.push(`const rd${j} = rd[${j}];`));

  // Random draws reach a reduce plan only over trailing reduced axes: the C-order index is o * R + r.
  const randomSteps = plan.rowSteps.filter((s) => s.kind === 'random');
  for (const s of randomSteps) if (s.kind === 'random') body.push(...randomSetup(s));
  const linearIndex = randomSteps.length ? ['    const i = o * nRed + r;'] : [];
  const names = accesses.map((a) => a.name);
  const rowLoad = (k: number) => jsLoad(plan.rowInputs[k].dtype, `in${k}`, `off_in${k}`);
  const column = columnEligible(plan, randomSteps.length > 0);
  // A costly value that the last phase sums and the row output reads is stored once (./js-reduce-cache.ts):
  // `in<K>` then reads the row output, and `rowPlan` is the plan whose phase and output read it.
  const cache = column ? undefined : cachedRowValue(plan, (p, steps) => pairwise(plan.reductions[p], steps, randomSteps.length > 0));
  const rowPlan = cache?.plan ?? plan;
  const cacheLoad = (k: number) => jsLoad(rowPlan.rowInputs[k].dtype, `in${k}`, `off_in${k}`);
  const inputNames = plan.rowInputs.map((_, k) => `in${k}`);
  if (cache) {
    const K = cache.input;
    body.push(`// v${cache.value} is computed once, into rout0, and read back as in${K} (js-reduce-cache.ts)`);
    body.push(`const in${K} = rout0, ha_in${K} = ha_rout0;`);
    plan.rowOutputs[0].strides.forEach((_, j) => body.push(`const st_in${K}_${j} = st_rout0_${j};`));
  }
  /** The loop writing `p`'s row outputs over a row (WebAssembly where the module computes them, as `instance`). */
  const rowOutputPass = (p: ReducePlan, instance: string, load: (k: number) => string): string[] => {
    const lines: string[] = [];
    const rowSteps = closure(p.rowSteps, p.rowOutputs.map((o) => o.step));
    // Contiguous float rows of steps WebAssembly computes run there (./wasm-reduce.ts), the rest in JS.
    const wasm = randomSteps.length ? undefined : wasmRowOutputs(p, rowSteps, instance);
    if (wasm) {
      modules.add(instance, wasm.instanceBytes, wasm.heapBytes, wasm.viewLines);
      lines.push(...wasm.lines);
    }
    const accessed = [...p.rowInputs.map((_, k) => `in${k}`), ...p.rowOutputs.map((_, k) => `rout${k}`)];
    lines.push(...reducedLoop(nk, nr, accessed, '', linearIndex, [
      ...rowSteps.map((s) => `    ${stepLine(s, load)}`),
      ...p.rowOutputs.map((o, k) => `    ${jsStore(o.dtype, `rout${k}`, `off_rout${k}`, `v${o.step}`)}`),
    ]));
    if (wasm) lines.push('  }');
    return lines;
  };
  if (column) {
    body.push(...columnWalk(plan, rowLoad, modules));
  } else {
    /** Output o's element offsets: base_<name> per row access, obase<k> per out input. */
    const outputBases = (pad: string): string[] => {
      const lines = [
        ...names.map((n, k) => `${pad}let base_${n} = ${k < plan.rowInputs.length ? `offsets[${k}]` : '0'};`),
        ...plan.outInputs.map((_, k) => `${pad}let obase${k} = ooffsets[${k}];`),
      ];
      if (nk === 0) return lines;
      lines.push(`${pad}{ let rem = o;`);
      for (let j = nk - 1; j >= 0; j--) {
        const adds = [...names.map((n) => ` base_${n} += c * st_${n}_${j};`), ...plan.outInputs.map((_, k) => ` obase${k} += c * ost${k}_${j};`)].join('');
        lines.push(`${pad}  { const c = rem % kd${j}; rem = (rem - c) / kd${j};${adds} }`);
      }
      return [...lines, `${pad}}`];
    };
    body.push('for (let o = oLo; o < oHi; o++) {', ...outputBases('  '));
    if (cache) body.push(`  const base_in${cache.input} = base_rout0;`);
    const loopAt = body.indexOf('for (let o = oLo; o < oHi; o++) {');
    plan.reductions.forEach((r, p) => {
      const cached = cache?.phase === p;
      // the cached value first: the row output's pass over the value's steps
      if (cached) body.push(...rowOutputPass({ ...plan, rowOutputs: [{ ...plan.rowOutputs[0], step: r.value }] }, '$wrc', rowLoad));
      const steps = closure((cached ? rowPlan : plan).rowSteps, [r.value]);
      body.push(`  let a${p} = ${jsLiteral(r.dtype, startValue(r.op, r.dtype))};`);
      if (pairwise(r, steps, randomSteps.length > 0)) {
        body.splice(loopAt, 0, ...pairwiseFunction(cached ? rowPlan : plan, p, steps, cached ? cacheLoad : rowLoad, modules));
        const args = [...(cached ? rowPlan : plan).rowInputs.map((_, k) => `base_in${k}`), ...reducedReads(steps).map((k) => `red${k}`), '0', 'nRed'];
        let call = `pw${p}(${args.join(', ')})`;
        // One phase summed in WebAssembly: the module sums lines of rows ahead of the loop (pre0).
        if (plan.reductions.length === 1 && !cache && nk > 0 && wasmPairwise(plan, r, steps)) {
          body.splice(body.indexOf('for (let o = oLo; o < oHi; o++) {'), 0, ...wasmPairwiseRowsLines(plan, steps, '$wpw0', outputBases('      ')));
          call = `(pre0 !== undefined ? pre0[o - oLo] : ${call})`;
        }
        if (!splitsSum(plan, randomSteps.length > 0)) {
          body.push(`  ${combine(r, `a${p}`, '', call, '')}`);
        } else {
          const leafArgs = [...args.slice(0, -2), 'lo', 'len'];
          body.push(`  if (part !== undefined && part.leaves) { for (const [k, lo, len] of part.leaves) part.sums[k] = pw${p}(${leafArgs.join(', ')}); return; }`);
          body.push(`  ${combine(r, `a${p}`, '', `(part !== undefined ? part.value : ${call})`, '')}`);
        }
        body.push(`  const red${p} = a${p};`, ...hoistedLines(plan, p, rowLoad));
        return;
      }
      if (r.op.kind === 'arg') body.push(`  let ai${p} = -1;`);
      // A max or min over a contiguous float32 row runs in WebAssembly (./wasm-reduce.ts) unless it comes out zero.
      const fold = randomSteps.length ? undefined : wasmFold(plan, r, p, steps);
      if (fold) {
        modules.add(`$wfold${p}`, fold.instanceBytes, fold.heapBytes, slotViewLines(steps, `$wfold${p}`));
        body.push(...fold.lines);
      }
      body.push(...reducedLoop(nk, nr, inputNames, fold ? `if (!done${p}) ` : '', linearIndex, [
        ...steps.map((s) => `    ${stepLine(s, rowLoad)}`),
        // Sequential order: the first winner is kept, so -1 ("none yet") only needs a first taker.
        `    ${r.op.kind === 'arg' ? `if (ai${p} < 0 && !${r.op.nanWins ? 'false' : isNan(r, `v${r.value}`)}) { a${p} = v${r.value}; ai${p} = r; } else ` : ''}${combine(r, `a${p}`, `ai${p}`, `v${r.value}`, 'r')}`,
      ]));
      body.push(r.op.kind === 'arg' ? `  const red${p} = BigInt(ai${p});` : `  const red${p} = a${p};`, ...hoistedLines(plan, p, rowLoad));
    });
  }
  if (plan.outOutputs.length) {
    const oload = (k: number) => jsLoad(plan.outInputs[k].dtype, `oin${k}`, `obase${k}`);
    for (const s of plan.outSteps) body.push(`  ${stepLine(s, oload)}`);
    plan.outOutputs.forEach((o, k) => body.push(`  ${jsStore(o.dtype, `out${k}`, 'o', `v${o.step}`)}`));
  }
  if (plan.rowOutputs.length && !column) body.push(...rowOutputPass(rowPlan, '$wro', cacheLoad)); // the column walk wrote them
  body.push('}');
  // The run export of each heap twin, once per call (wasm-reduce.ts, heapRunLocal).
  body.unshift(...modules.twins.map((name) => `const ${heapRunLocal(name)} = $heapRunNow(${heapTwin(name)});`));
  const source = `(function () {
${JS_PRELUDE}
${modules.lines.join('\n')}
// ${plan.key}
return function ${plan.name}(ins, oins, outs, routs, offsets, ooffsets, scalars, nOut, nRed, kd, rd, strides, ostrides, oLo = 0, oHi = nOut, part = undefined) {
  ${body.join('\n  ')}
};
})()`;
  return { name: plan.name, source };
}
