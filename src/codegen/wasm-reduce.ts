// WebAssembly SIMD for the CPU backend's pairwise float32 sums (js-reduce.ts's pw functions): a
// row of a reduce plan whose summed values are float32 steps that WASM_OPS computes (a plain sum,
// a mean, softmax's sum of exp(x - max)) is copied into the module's memory and summed there in
// NumPy's pairwise order, bit for bit what pw's JS computes from the same values: NumPy's eight
// accumulators r[0..7] are two float32x4 vectors (r[j] += a[i + j] lane by lane), combined as
// ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)), runs under 8 and the tail in order, runs
// over 128 split at a multiple of 8 below the middle (a call to itself). exp, sin and cos among
// the values are wasm-math.ts's float32 polynomials (within about one ulp of the JS loop's).
import type { KernelPlan, PlanStep } from '../ir/kernel-plan.js';
import type { ReducePlan, PlanReduction } from '../ir/reduce-plan.js';
import { startValue } from '../ir/reductions.js';
import type { ScanPlan } from '../ir/scan-plan.js';
import { heapTwin, IMPORTS, perPass, slotLayout, WASM_CHUNK, WASM_OPS, wasmElementwiseModule, wasmLanes } from './wasm-elementwise.js';
import type { MathContext } from './wasm-math.js';
import { constantGlobals, constantLocals, F32, f32x4Const, F64, globalGet, globalSet, I32, i32Const, localGet, localSet, memarg, type ModuleMemory, op, simd, simdOp, uleb, V128, type WasmFunction, wasmModule } from './wasm-module.js';
import { reducedReads } from './reduce-common.js';

/** Elements of a row segment the module holds per input (64 KiB of float32); longer runs split first in JS. */
export const WASM_PW_CAPACITY = 16384;

/**
 * Runs shorter than this stay in JS: the views, copies and call cost more than they save. Measured
 * here (2^20 float32 summed over rows of L): L = 64 took 1.75 ms in WebAssembly against 0.99 in JS,
 * L = 128 about the same, L = 256 0.56 against 0.86.
 */
export const WASM_PW_MIN = 128;

/** Runs in the CPU heap are summed in place from this length (no copies; below it the call costs more than it saves: rows of 16 took 2.95 ms per 2^20 against 1.90 in JS, rows of 32 0.58 against 1.38). */
export const WASM_PW_HEAP_MIN = 32;

/**
 * Rows from this length have their max/min folds and row outputs (softmax's exp(x - max) / sum)
 * computed by the modules, a call per row (in place in the CPU heap; through the slots for
 * arrays outside it, so that both give the same bits). Was 128 and 256: the JS loop's Math.exp
 * per element made softmax of 2^20 float32 over rows of 64 26 ms (now 3.3-4.0; NumPy 3.8).
 */
export const WASM_ROW_MIN = 8;

/**
 * Rows in the CPU heap are summed by the rows export (wasmPairwiseRowsLines) from this length
 * (2^20 float32 summed over rows of L, one thread, against a call per row at or above
 * WASM_PW_HEAP_MIN and the JS loop below it: L = 4 6.6 -> 3.7 ms, 16 2.8 -> 0.6, 64 0.90 -> 0.24;
 * L = 2 the same, L = 1 slower).
 */
export const WASM_ROWS_MIN = 4;

/** Whether `steps` (the values a float32 reduction `r` folds) are float32 steps the module computes. */
function f32Steps(plan: ReducePlan, r: PlanReduction, steps: readonly PlanStep[]): boolean {
  if ((globalThis as { WebAssembly?: unknown }).WebAssembly === undefined || r.dtype.name !== 'float32') return false;
  return steps.every((s) => {
    if (s.dtype.name !== 'float32') return false;
    switch (s.kind) {
      case 'load': return plan.rowInputs[s.input].dtype.name === 'float32';
      case 'scalar': case 'reduced': return true;
      case 'op': return WASM_OPS[s.op.name] !== undefined && !s.op.user && s.inputDtype.name === 'float32';
      default: return false;
    }
  });
}

/** Whether phase `r`'s pairwise sum over `steps` can run in WebAssembly (one reduced dim, float32 throughout). */
export function wasmPairwise(plan: ReducePlan, r: PlanReduction, steps: readonly PlanStep[]): boolean {
  return plan.reducedDims.length === 1 && f32Steps(plan, r, steps);
}

const SLOT_BYTES = WASM_PW_CAPACITY * 4 + 64;

/** The inputs the steps load, each with its slot's byte offset in the module's memory. */
export function pairwiseSlots(steps: readonly PlanStep[]): Map<number, number> {
  const inputs = [...new Set(steps.flatMap((s) => (s.kind === 'load' ? [s.input] : [])))].sort((a, b) => a - b);
  return new Map(inputs.map((k, j) => [k, j * SLOT_BYTES]));
}

/** While local `i` + step <= local `limit`: `code`, then i += step (a loop of whole steps). */
function stepWhileFits(i: number, step: number, limit: number, code: number[]): number[] {
  return [
    op.block, op.voidType, op.loop, op.voidType,
    ...localGet(i), ...i32Const(step), op.i32Add, ...localGet(limit), op.i32GtS, op.brIf, 1,
    ...code,
    ...localGet(i), ...i32Const(step), op.i32Add, ...localSet(i),
    op.br, 0, op.end, op.end,
  ];
}

/** The locals of a module function being built (past its `nParams` parameters), and the instruction helpers. */
interface Frame {
  locals: number[];
  newLocal(type: number): number;
  get(l: number): number[];
  set(l: number): number[];
  i32(x: number): number[];
  /** Globals taken so far (hoistParams), for WasmFunction.globals. */
  globals: { count: number };
  /** WasmFunction's globals and constants, once the body is built. */
  globalFields(): { globals: number; constants: number[] };
  /** The code setting the math's constant locals (constantLocals), once the body is built: it goes first. */
  prelude(): number[];
  ctx: MathContext;
}

/**
 * A function's frame; `constantsInLocals`: the math's constants in locals set at its start
 * (constantLocals), or read from their globals where used (for pairwiseFunction, which calls
 * itself: a prelude per call measured about 5% slower than the globals for a sum of exp over 2^20).
 */
function frame(nParams: number, constantsInLocals = true): Frame {
  const locals: number[] = [];
  const newLocal = (type: number) => nParams + locals.push(type) - 1;
  const globals = { count: 0 };
  // The math's float32 constants take globals after the hoisted ones (WasmFunction.constants).
  const constants = constantGlobals(() => globals.count);
  const globalFields = () => {
    if (constants.base() >= 0 && constants.base() !== globals.count) throw new Error('wasm-reduce: a global hoisted after the constants');
    return { globals: globals.count, constants: constants.values() };
  };
  const inLocals = constantsInLocals ? constantLocals(constants, () => newLocal(V128)) : { get: constants.get, prelude: () => [] };
  return {
    locals, newLocal, get: localGet, set: localSet, i32: i32Const, globals, globalFields, prelude: inLocals.prelude,
    ctx: { get: localGet, set: localSet, temp: () => newLocal(V128), importIndex: (name) => IMPORTS.indexOf(name), f32x4: inLocals.get },
  };
}

/**
 * A module's f64 parameters: the plan scalars its steps read, then the results they read
 * (reducedReads: earlier phases' and hoisted values), in increasing index. Only those: a phase's
 * module passed every scalar of the plan, so a kernel of many phases grew with their square.
 */
interface ValueParams {
  scalars: number[];
  results: number[];
}

function valueParams(steps: readonly PlanStep[]): ValueParams {
  return { scalars: [...new Set(steps.flatMap((s) => (s.kind === 'scalar' ? [s.scalar] : [])))].sort((a, b) => a - b), results: reducedReads(steps) };
}

const paramCount = (v: ValueParams) => v.scalars.length + v.results.length;

/** The JS arguments for `v` (js-reduce.ts's names: ns<k> for scalars, red<k> for results). */
const paramArgs = (v: ValueParams): string[] => [...v.scalars.map((k) => `ns${k}`), ...v.results.map((k) => `Number(red${k})`)];

/**
 * The scalar and result steps splatted once per call into v128 globals (step id -> global; see
 * WasmFunction.globals), from the f64 parameters `v` at `first` on.
 */
function hoistParams(f: Frame, v: ValueParams, steps: readonly PlanStep[], first: number): { hoisted: Map<number, number>; prologue: number[] } {
  const hoisted = new Map<number, number>();
  const prologue: number[] = [];
  for (const s of steps) {
    if (s.kind !== 'scalar' && s.kind !== 'reduced') continue;
    const g = f.globals.count++;
    hoisted.set(s.id, g);
    const at = s.kind === 'scalar' ? v.scalars.indexOf(s.scalar) : v.scalars.length + v.results.indexOf(s.reduction);
    if (at < 0 || (s.kind === 'scalar' && at >= v.scalars.length)) throw new Error('wasm-reduce: a step reads a value the module is not passed');
    prologue.push(...f.get(first + at), op.f32DemoteF64, ...simdOp(simd.f32x4Splat), ...globalSet(g));
  }
  return { hoisted, prologue };
}

/**
 * Code computing the steps as float32x4 vectors, each into a fresh local (a load reads the
 * vector `load(input)` addresses, a hoisted step its global); the local of every step.
 */
function emitSteps(f: Frame, steps: readonly PlanStep[], hoisted: ReadonlyMap<number, number>, load: (input: number) => number[]): { code: number[]; local: Map<number, number> } {
  const local = new Map<number, number>();
  const code: number[] = [];
  for (const s of steps) {
    const g = hoisted.get(s.id);
    if (g === undefined && (s.kind === 'scalar' || s.kind === 'reduced')) continue;
    const l = f.newLocal(V128);
    if (g !== undefined) code.push(...globalGet(g));
    else if (s.kind === 'load') code.push(...load(s.input));
    else if (s.kind === 'op') code.push(...WASM_OPS[s.op.name](f.ctx, 'f32x4', s.args.map((a) => local.get(a)!), s as Extract<PlanStep, { kind: 'op' }>));
    code.push(...f.set(l));
    local.set(s.id, l);
  }
  return { code, local };
}

/**
 * The module: pw(lo, n, a0, a1, ..., p0, p1, ...) -> f32, the pairwise sum of the values at
 * elements lo .. lo + n - 1; the i32 parameters are the byte addresses of each loaded input's
 * first element (in the heap, or the slots of pairwiseSlots in memory of its own: `memory`), the
 * f64 ones the plan's scalars, then the results the steps read (reducedReads).
 */
export function wasmPairwiseModule(plan: ReducePlan, phase: number, steps: readonly PlanStep[], value: number, memory: ModuleMemory): Uint8Array {
  const run = pairwiseFunction(plan, steps, value);
  // In the heap, a phase-0 sum also exports rows (pairwiseRowsFunction): many rows in one call.
  const more = memory === 'import' && phase === 0 ? [{ name: 'rows', fn: pairwiseRowsFunction(plan, steps) }] : [];
  return wasmModule(IMPORTS, memory, run, more);
}

/**
 * rows(cnt, n, a0, a1, ..., s0, s1, ..., out, p0, p1, ...): for j = 0 .. cnt - 1, the pairwise sum
 * of n values of the row whose input k starts at byte a_k + j s_k, stored as float32 at out + 4 j
 * (run's sum, called per row: the same bits). One call for a line of rows saves the JS kernel a
 * call per row (js-reduce.ts): 2^14 sums of 64 took 0.63 ms with a call per row.
 */
function pairwiseRowsFunction(plan: ReducePlan, steps: readonly PlanStep[]): WasmFunction {
  const inputs = [...pairwiseSlots(steps).keys()];
  const m = inputs.length;
  const [CNT, N] = [0, 1];
  const address = (k: number) => 2 + k, stride = (k: number) => 2 + m + k;
  const OUT = 2 + 2 * m;
  const vp = valueParams(steps);
  const nParams = OUT + 1 + paramCount(vp);
  const f = frame(nParams);
  const j = f.newLocal(I32);
  const body = [
    ...i32Const(0), ...localSet(j),
    op.block, op.voidType, op.loop, op.voidType,
    ...localGet(j), ...localGet(CNT), op.i32GeS, op.brIf, 1,
    ...localGet(OUT), ...localGet(j), ...i32Const(2), op.i32Shl, op.i32Add,
    ...i32Const(0), ...localGet(N),
    ...inputs.flatMap((_, k) => [...localGet(address(k)), ...localGet(j), ...localGet(stride(k)), op.i32Mul, op.i32Add]),
    ...Array.from({ length: paramCount(vp) }, (_, k) => localGet(OUT + 1 + k)).flat(),
    op.call, ...uleb(IMPORTS.length),
    op.f32Store, ...memarg(2, 0),
    ...localGet(j), ...i32Const(1), op.i32Add, ...localSet(j),
    op.br, 0, op.end, op.end,
  ];
  return { params: [...Array<number>(OUT + 1).fill(I32), ...Array<number>(paramCount(vp)).fill(F64)], locals: f.locals, body };
}

/** The pw function of wasmPairwiseModule (exported as run). */
function pairwiseFunction(plan: ReducePlan, steps: readonly PlanStep[], value: number): WasmFunction {
  const inputs = [...pairwiseSlots(steps).keys()];
  const vp = valueParams(steps);
  const nParams = 2 + inputs.length + paramCount(vp);
  const f = frame(nParams, false);
  const { locals, newLocal, get, set, i32 } = f;
  const [LO, N] = [0, 1];
  const pointer = (input: number) => 2 + inputs.indexOf(input);
  const i = newLocal(I32), end = newLocal(I32), n2 = newLocal(I32), res = newLocal(F32);
  const { hoisted, prologue } = hoistParams(f, vp, steps, 2 + inputs.length);
  /** The vector of values at elements (index local) + extra .. + extra + 3, into a fresh local. */
  const values = (index: number, extra: number): { code: number[]; local: number } => {
    const v = emitSteps(f, steps, hoisted, (input) => [...get(index), ...i32(2), op.i32Shl, ...get(pointer(input)), op.i32Add, ...simdOp(simd.load), ...memarg(4, 4 * extra)]);
    return { code: v.code, local: v.local.get(value)! };
  };
  const addLane = (vec: number, lane: number) => [...get(res), ...get(vec), ...simdOp(simd.f32x4ExtractLane), lane, op.f32Add, ...set(res)];
  /** res += the first `count` (local) lanes of the 8 values at (index), in order. */
  const addFirst = (index: number, count: number[]): number[] => {
    const v0 = values(index, 0), v1 = values(index, 4);
    const code = [...v0.code, ...v1.code];
    for (let l = 0; l < 8; l++) code.push(...count, ...i32(l), op.i32GtS, op.if, op.voidType, ...addLane(l < 4 ? v0.local : v1.local, l & 3), op.end);
    return code;
  };
  const a0 = values(LO, 0), b0 = values(LO, 4), a = values(i, 0), b = values(i, 4);
  const A = a0.local, B = b0.local;
  const lane = (vec: number, l: number) => [...get(vec), ...simdOp(simd.f32x4ExtractLane), l];
  const pairSum = (vec: number) => [...lane(vec, 0), ...lane(vec, 1), op.f32Add, ...lane(vec, 2), ...lane(vec, 3), op.f32Add, op.f32Add];
  const paramsAfter = Array.from({ length: nParams - 2 }, (_, k) => get(2 + k)).flat();
  const self = IMPORTS.length;
  const body = [
    ...prologue,
    // n < 8: in order
    ...get(N), ...i32(8), op.i32LtS, op.if, op.voidType,
    op.f32Const, 0, 0, 0, 0, ...set(res), ...addFirst(LO, get(N)), ...get(res), op.return,
    op.end,
    // n <= 128: eight accumulators in two vectors
    ...get(N), ...i32(128), op.i32LeS, op.if, op.voidType,
    ...a0.code, ...b0.code,
    ...get(LO), ...get(N), op.i32Add, ...get(N), ...i32(7), op.i32And, op.i32Sub, ...set(end),
    ...get(LO), ...i32(8), op.i32Add, ...set(i),
    op.block, op.voidType, op.loop, op.voidType,
    ...get(i), ...get(end), op.i32GeS, op.brIf, 1,
    ...a.code, ...b.code,
    ...get(A), ...get(a.local), ...simdOp(simd.f32x4Add), ...set(A),
    ...get(B), ...get(b.local), ...simdOp(simd.f32x4Add), ...set(B),
    ...get(i), ...i32(8), op.i32Add, ...set(i),
    op.br, 0, op.end, op.end,
    ...pairSum(A), ...pairSum(B), op.f32Add, ...set(res),
    ...addFirst(i, [...get(LO), ...get(N), op.i32Add, ...get(i), op.i32Sub]), ...get(res), op.return,
    op.end,
    // longer: split at a multiple of 8 below the middle
    ...get(N), ...i32(1), op.i32ShrS, ...set(n2), ...get(n2), ...get(n2), ...i32(7), op.i32And, op.i32Sub, ...set(n2),
    ...get(LO), ...get(n2), ...paramsAfter, op.call, ...uleb(self),
    ...get(LO), ...get(n2), op.i32Add, ...get(N), ...get(n2), op.i32Sub, ...paramsAfter, op.call, ...uleb(self),
    op.f32Add,
  ];
  const params = [I32, I32, ...Array<number>(inputs.length).fill(I32), ...Array<number>(nParams - 2 - inputs.length).fill(F64)];
  return { params, results: [F32], locals, ...f.globalFields(), body: [...f.prelude(), ...body] };
}

/**
 * The kernel's local holding the run export of `instance`'s heap twin, read once per call at the
 * kernel's entry (js-reduce.ts): per row, $heapRun's look-up through the heap's getter cost about
 * a fifth of softmax over rows of 8.
 */
export const heapRunLocal = (instance: string): string => `${heapTwin(instance)}r`;

/** Pages of memory of its own that a pairwise or fold module over `steps` needs (its slots). */
export const slotPages = (steps: readonly PlanStep[]): number => Math.max(1, Math.ceil((pairwiseSlots(steps).size * SLOT_BYTES) / 65536));

/**
 * Views of `instance`'s slots (one per input the steps load, WASM_PW_CAPACITY float32 each), made
 * once with the instance: its memory never grows, so they stay valid, and a row's copy needs no
 * new view (`${instance}_m<k>`).
 */
export function slotViewLines(steps: readonly PlanStep[], instance: string): string[] {
  return [...pairwiseSlots(steps)].map(([k, at]) => `const ${instance}_m${k} = new Float32Array(${instance}.exports.mem.buffer, ${at}, ${WASM_PW_CAPACITY});`);
}

/**
 * Lines at the top of pw<p> (js-reduce.ts, its parameters base_in<k>, red<k>, lo, n in scope, and
 * the kernel's heap addresses ha_in<k>): a contiguous run is summed by the module in place from
 * WASM_PW_HEAP_MIN elements where every input is in the CPU heap (heapTwin(instance)), else from
 * WASM_PW_MIN to WASM_PW_CAPACITY elements copied into the slots of `instance`; anything else
 * falls through to the JS below.
 */
export function wasmPairwiseLines(plan: ReducePlan, steps: readonly PlanStep[], instance: string): string[] {
  const slots = pairwiseSlots(steps);
  const inputs = [...slots.keys()];
  const last = plan.keptDims.length; // the reduced dim's index among the strides
  const contiguous = inputs.map((k) => `st_in${k}_${last} === 1`);
  const args = paramArgs(valueParams(steps));
  return [
    `  if (n >= ${WASM_PW_HEAP_MIN}${contiguous.map((c) => ` && ${c}`).join('')}) {`,
    `    if (${inputs.map((k) => `ha_in${k} >= 0`).join(' && ') || 'false'}) return ${heapRunLocal(instance)}(${['0', 'n', ...inputs.map((k) => `ha_in${k} + (base_in${k} + lo) * 4`), ...args].join(', ')});`,
    `    if (n >= ${WASM_PW_MIN} && n <= ${WASM_PW_CAPACITY}) {`,
    ...inputs.map((k) => `      ${instance}_m${k}.set(in${k}.subarray(base_in${k} + lo, base_in${k} + lo + n));`),
    `      return ${instance}.exports.run(${['0', 'n', ...inputs.map((k) => String(slots.get(k))), ...args].join(', ')});`,
    '    }',
    '  }',
  ];
}

/**
 * Lines before js-reduce.ts's output loop of a one-phase plan whose sum wasmPairwise runs: where
 * every input is in the CPU heap and runs contiguously along the row (at least WASM_ROWS_MIN
 * long), the module's rows export sums the rows of outputs [oLo, oHi) into the heap's scratch
 * block (at 4 oLo, so that the parts of a call split over threads write apart), a call per run of
 * the innermost kept dim, and `pre0` views them; it stays undefined otherwise (and for a split
 * sum's parts), and the loop calls pw0 per row. `bases`: the kernel's lines setting each base_in<k>
 * for output `o` (js-reduce.ts's output loop).
 */
export function wasmPairwiseRowsLines(plan: ReducePlan, steps: readonly PlanStep[], instance: string, bases: readonly string[]): string[] {
  const inputs = [...pairwiseSlots(steps).keys()];
  const nk = plan.keptDims.length;
  const args = [
    'cnt', 'nRed', ...inputs.map((k) => `ha_in${k} + base_in${k} * 4`), ...inputs.map((k) => `st_in${k}_${nk - 1} * 4`), 'block + 4 * o',
    ...paramArgs(valueParams(steps)),
  ];
  const ready = ['part === undefined', 'oHi - oLo >= 2', `nRed >= ${WASM_ROWS_MIN}`, ...inputs.map((k) => `ha_in${k} >= 0 && st_in${k}_${nk} === 1`)];
  return [
    'let pre0;',
    `if (${ready.join(' && ')}) {`,
    '  const block = $heap.scratch(4 * nOut);',
    '  if (block >= 0) {',
    `    const rows = $heapExports(${heapTwin(instance)}).rows;`,
    '    for (let o = oLo, cnt = 0; o < oHi; o += cnt) {',
    ...bases,
    `      cnt = Math.min(oHi - o, kd${nk - 1} - (o % kd${nk - 1}));`,
    `      rows(${args.join(', ')});`,
    '    }',
    '    pre0 = new Float32Array($heap.memory.buffer, block + 4 * oLo, oHi - oLo);',
    '  }',
    '}',
  ];
}

/**
 * A reduce plan's row outputs (softmax's exp(x - max) / sum, a centred x - mean) over contiguous
 * rows, through wasm-elementwise.ts's module: the row's steps as an elementwise plan whose
 * scalars are the plan's scalars they read and the reductions' results (red<k>). Returns the
 * module, the lines that make its slots' views (beside the instance), and the lines that replace
 * the JS row loop for one row (base_<name> in scope),
 * falling through to it where a stride along the row is not 1; undefined where the steps are
 * not ones the module computes.
 */
export function wasmRowOutputs(plan: ReducePlan, steps: readonly PlanStep[], instance: string): { instanceBytes: Uint8Array; heapBytes: Uint8Array; viewLines: string[]; lines: string[] } | undefined {
  if ((globalThis as { WebAssembly?: unknown }).WebAssembly === undefined || plan.reducedDims.length !== 1) return undefined;
  const loaded = [...new Set(steps.flatMap((s) => (s.kind === 'load' ? [s.input] : [])))];
  const params: Array<{ expr: string; dtype: PlanStep['dtype'] }> = [];
  const paramOf = new Map<string, number>();
  const param = (key: string, expr: string, dtype: PlanStep['dtype']) => {
    if (!paramOf.has(key)) paramOf.set(key, params.push({ expr, dtype }) - 1);
    return paramOf.get(key)!;
  };
  const pseudoSteps: PlanStep[] = [];
  for (const s of steps) {
    if (s.kind === 'load') pseudoSteps.push({ ...s, input: loaded.indexOf(s.input) });
    else if (s.kind === 'scalar') pseudoSteps.push({ ...s, scalar: param(`s${s.scalar}`, `ns${s.scalar}`, plan.scalars[s.scalar].dtype) });
    else if (s.kind === 'reduced') pseudoSteps.push({ kind: 'scalar', id: s.id, dtype: s.dtype, scalar: param(`r${s.reduction}`, `Number(red${s.reduction})`, s.dtype) });
    else pseudoSteps.push(s);
  }
  const pseudo = {
    kind: 'elementwise', name: plan.name, key: plan.key, dims: [plan.reduceSize], size: plan.reduceSize, indexBits: 32,
    inputs: loaded.map((k) => ({ ...plan.rowInputs[k], access: 'contiguous', strides: [1], offset: 0 })),
    scalars: params.map((p) => ({ dtype: p.dtype, value: 0 })),
    steps: pseudoSteps,
    outputs: plan.rowOutputs.map((o) => ({ node: o.node, step: o.step, dtype: o.dtype })),
  } as unknown as KernelPlan;
  const lanes = wasmLanes(pseudo);
  if (!lanes) return undefined;
  const layout = slotLayout(pseudo);
  const last = plan.keptDims.length;
  const contiguous = [...loaded.map((k) => `st_in${k}_${last} === 1`), ...plan.rowOutputs.map((_, k) => `st_rout${k}_${last} === 1`)];
  const view = (d: PlanStep['dtype']) => (d.name === 'float32' ? 'Float32Array' : 'Float64Array');
  // the slots' views, made once with the instance (its memory never grows)
  const viewLines = [
    ...loaded.map((k, j) => `const ${instance}_m${j} = new ${view(plan.rowInputs[k].dtype)}(${instance}.exports.mem.buffer, ${layout.inputs[j]}, ${WASM_CHUNK});`),
    ...plan.rowOutputs.map((o, k) => `const ${instance}_mo${k} = new ${view(o.dtype)}(${instance}.exports.mem.buffer, ${layout.outputs[k]}, ${WASM_CHUNK});`),
  ];
  const inHeap = [...loaded.map((k) => `ha_in${k} >= 0`), ...plan.rowOutputs.map((_, k) => `ha_rout${k} >= 0`)].join(' && ');
  const heapArgs = [...loaded.map((k) => `ha_in${k} + base_in${k} * ${plan.rowInputs[k].dtype.itemsize}`), ...plan.rowOutputs.map((o, k) => `ha_rout${k} + base_rout${k} * ${o.dtype.itemsize}`)];
  const lines = [
    `  if (nRed >= ${WASM_ROW_MIN}${contiguous.map((c) => ` && ${c}`).join('')}) {`,
    // whole passes of the module's loop in place (a partial one would write past the row), the rest through the slots
    '    let from = 0;',
    `    if (${inHeap}) { from = nRed - nRed % ${perPass(pseudo)}; ${heapRunLocal(instance)}(${['from', ...heapArgs, ...params.map((p) => p.expr)].join(', ')}); }`,
    `    for (let p = from; p < nRed; p += ${WASM_CHUNK}) {`,
    `      const len = Math.min(${WASM_CHUNK}, nRed - p);`,
    ...loaded.map((k, j) => `      ${instance}_m${j}.set(in${k}.subarray(base_in${k} + p, base_in${k} + p + len));`),
    `      ${instance}.exports.run(len${[...layout.inputs, ...layout.outputs].map((at) => `, ${at}`).join('')}${params.map((p) => `, ${p.expr}`).join('')});`,
    ...plan.rowOutputs.map((_, k) => `      rout${k}.set(len === ${WASM_CHUNK} ? ${instance}_mo${k} : ${instance}_mo${k}.subarray(0, len), base_rout${k} + p);`),
    '    }',
    '  } else {',
  ];
  return { instanceBytes: wasmElementwiseModule(pseudo, lanes, layout.pages), heapBytes: wasmElementwiseModule(pseudo, lanes, 'import'), viewLines, lines };
}

/** The folds wasmFold computes: NumPy's maximum (a >= b || a != a ? a : b) and minimum (<=). */
const FOLD_COMPARE: Record<string, number> = { max: simd.f32x4Ge, min: simd.f32x4Le };

/** Code setting vector local `a` to (a >= v || a != a) ? a : v lane by lane (`compare`: FOLD_COMPARE's; <= for min). */
function pickInto(compare: number, get: (l: number) => number[], set: (l: number) => number[], a: number, v: number): number[] {
  return [...get(a), ...get(v), ...get(a), ...get(v), ...simdOp(compare), ...get(a), ...get(a), ...simdOp(simd.f32x4Ne), ...simdOp(simd.or),
    ...simdOp(simd.bitselect), ...set(a)];
}

/**
 * A max or min over a contiguous float32 row in WebAssembly: run(n, a0, ..., p0, ...) -> f32
 * folds the values at elements 0 .. n - 1 (n >= 4; input k's first at byte address a_k) in four
 * lanes and four accumulators with NumPy's maximum (minimum), the last vector overlapping the one
 * before where n is not a multiple of 4, then the accumulators and the lanes in order.
 * The value is the sequential fold's; only which zero a fold of +0 and -0 keeps can differ, so
 * the lines below take the JS loop for a row whose result is zero. Undefined where the steps are
 * not ones the module computes.
 */
export function wasmFold(plan: ReducePlan, r: PlanReduction, p: number, steps: readonly PlanStep[]): { instanceBytes: Uint8Array; heapBytes: Uint8Array; lines: string[] } | undefined {
  const compare = FOLD_COMPARE[r.op.name];
  if (compare === undefined || !wasmPairwise(plan, r, steps)) return undefined;
  const slots = pairwiseSlots(steps);
  const inputs = [...slots.keys()];
  const vp = valueParams(steps);
  const nParams = 1 + inputs.length + paramCount(vp);
  const f = frame(nParams);
  const { locals, newLocal, get, set, i32 } = f;
  const N = 0;
  const i = newLocal(I32), res = newLocal(F32);
  // Four accumulators, so that the compare-and-select chains overlap (one measured latency bound:
  // max over rows of 1024 float32 took 1.1 ms per 2^20, four times a sum's time).
  const acc = [newLocal(V128), newLocal(V128), newLocal(V128), newLocal(V128)];
  const { hoisted, prologue } = hoistParams(f, vp, steps, 1 + inputs.length);
  /** Code pushing the vector of values at the element index `index` pushes (input k's first element at parameter 1 + k's place). */
  const values = (index: number[]): number[] => {
    const v = emitSteps(f, steps, hoisted, (input) => [...index, ...i32(2), op.i32Shl, ...get(1 + inputs.indexOf(input)), op.i32Add, ...simdOp(simd.load), ...memarg(4, 0)]);
    return [...v.code, ...get(v.local.get(r.value)!)];
  };
  // a = (a >= v || a != a) ? a : v, lane by lane (<= for min), into accumulator a
  const fold = (a: number, v: number[]) => {
    const t = newLocal(V128);
    return [...v, ...set(t), ...pickInto(compare, get, set, a, t)];
  };
  const lane = (l: number) => [...get(acc[0]), ...simdOp(simd.f32x4ExtractLane), l];
  const foldLane = (l: number) => {
    const t = newLocal(F32);
    // res = (res >= t || res != res) ? res : t (<= for min)
    return [...lane(l), ...set(t), ...get(res), ...get(t), ...get(res), ...get(t), r.op.name === 'max' ? op.f32Ge : op.f32Le,
      ...get(res), ...get(res), op.f32Ne, op.i32Or, op.select, ...set(res)];
  };
  /** min(at, n - 4): a vector that overlaps the one before where n < at + 4 (folding a value twice changes nothing). */
  const clamped = (at: number) => [...i32(at), ...get(N), ...i32(4), op.i32Sub, ...i32(at), ...get(N), ...i32(4), op.i32Sub, op.i32LtS, op.select];
  const loop = (step: number, code: number[]) => stepWhileFits(i, step, N, code);
  const body = [
    ...prologue,
    ...acc.flatMap((a, j) => [...values(clamped(4 * j)), ...set(a)]),
    ...i32(16), ...set(i),
    ...loop(16, acc.flatMap((a, j) => fold(a, values([...get(i), ...i32(4 * j), op.i32Add])))),
    ...loop(4, fold(acc[0], values(get(i)))),
    ...get(i), ...get(N), op.i32LtS, op.if, op.voidType, ...fold(acc[0], values([...get(N), ...i32(4), op.i32Sub])), op.end,
    ...fold(acc[0], get(acc[1])), ...fold(acc[0], get(acc[2])), ...fold(acc[0], get(acc[3])),
    ...lane(0), ...set(res), ...foldLane(1), ...foldLane(2), ...foldLane(3),
    ...get(res),
  ];
  const fn = { params: [I32, ...Array<number>(inputs.length).fill(I32), ...Array<number>(nParams - 1 - inputs.length).fill(F64)], results: [F32], locals, ...f.globalFields(), body: [...f.prelude(), ...body] };
  const instanceBytes = wasmModule(IMPORTS, slotPages(steps), fn);
  const heapBytes = wasmModule(IMPORTS, 'import', fn);
  const last = plan.keptDims.length;
  const contiguous = inputs.map((k) => `st_in${k}_${last} === 1`);
  const args = paramArgs(vp);
  const instance = `$wfold${p}`;
  const better = (a: string, b: string) => `((${a} ${r.op.name === 'max' ? '>=' : '<='} ${b} || ${a} !== ${a}) ? ${a} : ${b})`;
  const lines = [
    `  let done${p} = false;`,
    `  if (nRed >= ${WASM_ROW_MIN}${contiguous.map((c) => ` && ${c}`).join('')}) {`,
    '    let w;',
    `    if (${inputs.map((k) => `ha_in${k} >= 0`).join(' && ') || 'false'}) w = ${heapRunLocal(instance)}(${['nRed', ...inputs.map((k) => `ha_in${k} + base_in${k} * 4`), ...args].join(', ')});`,
    `    else for (let q = 0; q < nRed; q += ${WASM_PW_CAPACITY}) {`,
    `      const len = Math.min(${WASM_PW_CAPACITY}, nRed - q), at = len >= 4 ? q : nRed - 4, cnt = Math.max(len, 4);`,
    ...inputs.map((k) => `      ${instance}_m${k}.set(in${k}.subarray(base_in${k} + at, base_in${k} + at + cnt));`),
    `      const c = ${instance}.exports.run(${['cnt', ...inputs.map((k) => String(slots.get(k))), ...args].join(', ')});`,
    `      w = q === 0 ? c : ${better('w', 'c')};`,
    '    }',
    `    if (w !== 0) { a${p} = w; done${p} = true; }`,
    '  }',
  ];
  return { instanceBytes, heapBytes, lines };
}

/**
 * Code folding vector local `v` into vector local `a` as the JS column walk combines (js-reduce.ts,
 * combine): a sum adds, a max or min picks (pickInto), so NaNs and signed zeros come out as there.
 */
function columnCombine(name: string, get: (l: number) => number[], set: (l: number) => number[], a: number, v: number): number[] {
  if (name === 'sum') return [...get(a), ...get(v), ...simdOp(simd.f32x4Add), ...set(a)];
  return pickInto(FOLD_COMPARE[name], get, set, a, v);
}

/**
 * A column plan's fold (js-reduce.ts's column walk: inputs contiguous along the one kept dim; a
 * sum, max or min, columnCombine) in WebAssembly: run(cnt, p0, ...) folds the values of one reduced
 * row, slot elements 0 .. cnt - 1, into the float32 accumulators beside them, four lanes at a time:
 * each output still combines its values in reduced order, so the results are the JS walk's bit for
 * bit (a column max over axis 0 of 1024 x 1024 took 1.7 ms in the JS walk; NumPy 0.12). `rowStarts` are the walk's
 * lines that set rb_in<k>, reduced row r's first element of each input. The lines copy each row in
 * and set the walk's accumulator variable `target` (indexed by output) to the sums; they set
 * colDone, or leave a stride along the kept dim other than 1 (or too many outputs) to the JS walk.
 * Undefined where the steps are not ones the module computes. With one reduced dim, the in-place module (columnFoldsInPlace) runs
 * first where every input is in the CPU heap (`heapBytes`, for heapTwin('$wcol')).
 */
export function wasmColumnFolds(plan: ReducePlan, steps: readonly PlanStep[], rowStarts: readonly string[], target: string, direct = false): { instanceBytes: Uint8Array; heapBytes?: Uint8Array; lines: string[] } | undefined {
  const r = plan.reductions[0];
  if ((r.op.name !== 'sum' && FOLD_COMPARE[r.op.name] === undefined) || plan.keptDims.length !== 1 || !f32Steps(plan, r, steps)) return undefined;
  const start = Number(startValue(r.op, r.dtype));
  if (steps.some((s) => s.kind === 'reduced')) return undefined; // a 'reduced' step cannot feed the only reduction
  const slots = pairwiseSlots(steps);
  const accAt = slots.size * SLOT_BYTES;
  const vp = valueParams(steps);
  const f = frame(1 + paramCount(vp));
  const { locals, newLocal, get, set, i32 } = f;
  const i = newLocal(I32), a = newLocal(V128);
  const { hoisted, prologue } = hoistParams(f, vp, steps, 1);
  const address = [...get(i), ...i32(2), op.i32Shl];
  const v = emitSteps(f, steps, hoisted, (input) => [...address, ...simdOp(simd.load), ...memarg(4, slots.get(input)!)]);
  const body = [
    ...v.code,
    ...address, ...simdOp(simd.load), ...memarg(4, accAt), ...set(a),
    ...columnCombine(r.op.name, get, set, a, v.local.get(r.value)!),
    ...address, ...get(a), ...simdOp(simd.store), ...memarg(4, accAt),
  ];
  const fn = [
    ...prologue,
    op.block, op.voidType, op.loop, op.voidType,
    ...get(i), ...get(0), op.i32GeS, op.brIf, 1,
    ...body,
    ...get(i), ...i32(4), op.i32Add, ...set(i),
    op.br, 0, op.end, op.end,
  ];
  const pages = Math.max(1, Math.ceil((accAt + SLOT_BYTES) / 65536));
  const instanceBytes = wasmModule(IMPORTS, pages, { params: [I32, ...Array<number>(paramCount(vp)).fill(F64)], locals, ...f.globalFields(), body: [...f.prelude(), ...fn] });
  const contiguous = [...slots.keys()].map((k) => `st_in${k}_0 === 1`);
  const inPlace = plan.reducedDims.length === 1 && slots.size > 0 ? columnFoldsInPlace(plan, r, steps, target, direct) : undefined;
  const lines = [
    'let colDone = false, colDirect = false;',
    ...(inPlace?.lines ?? []),
    `if (!colDone && oHi - oLo >= ${COLUMN_MIN} && oHi - oLo <= ${WASM_PW_CAPACITY}${contiguous.map((c) => ` && ${c}`).join('')}) {`,
    '  const run = $wcol.exports.run, mem = $wcol.exports.mem.buffer, cnt = oHi - oLo;',
    `  const accw = new Float32Array(mem, ${accAt}, cnt);`,
    `  accw.fill(${start});`,
    ...[...slots].map(([k, at]) => `  const m${k} = new Float32Array(mem, ${at}, cnt);`),
    '  for (let r = 0; r < nRed; r++) {',
    ...rowStarts,
    ...[...slots.keys()].map((k) => `    m${k}.set(in${k}.subarray(rb_in${k} + oLo, rb_in${k} + oHi));`),
    `    run(${['cnt', ...paramArgs(vp)].join(', ')});`,
    '  }',
    `  ${target} = $accumulator(0, nOut, oLo, oHi, ${start});`,
    `  ${target}.set(accw, oLo);`,
    '  colDone = true;',
    '}',
  ];
  return { instanceBytes, heapBytes: inPlace?.heapBytes, lines };
}

/**
 * Columns the column module sums from (its last vector starts at cnt - 4); a lower bound of 128
 * left narrow matrices to the JS walk (2^18 x 64 float32 42.6 -> 5.3 ms, 2^20 x 4 13.5 -> 1.8).
 */
const COLUMN_MIN = 4;

/**
 * Column sums over at least this many bytes stream from memory: one row per pass (the rows in
 * memory order) where the sums fit the L1 cache (STREAM_COLUMNS float32). Measured on 2 cores
 * (float32, one thread): 8192 x 1024 1.81 -> 1.33 ms, 16384 x 1024 3.9 -> 2.6, 65536 x 256
 * 4.4 -> 2.5; in cache four rows per pass were faster (1024 x 1024 0.16 against 0.22), and wide
 * rows too (2048 x 8192 2.7 against 3.7), and a thread's half of each row (16384 x 1024 on two threads
 * 3.1 against 5.5: the rows are not contiguous there); at 8 MiB (2048 x 1024) streaming was slower (0.29 against
 * 0.23 ms), at 16 MiB (4096 x 1024) faster (0.55 against 0.72-0.77).
 */
const STREAM_BYTES = 2 ** 24;
const STREAM_COLUMNS = 4096;

/**
 * Whether the column sums of `rows` x `cols` float32 stream whole rows from memory (above): then
 * one thread reads them in order faster than two threads each reading half of every row
 * (16384 x 1024: 2.3 ms against 3.1), so the call is not split (api/cpu-parallel.ts).
 */
export const columnSumsStream = (rows: number, cols: number): boolean => rows * cols * 4 >= STREAM_BYTES && cols <= STREAM_COLUMNS;

/** Rows each pass of columnFoldsInPlace's module adds onto the column sums at once. */
const COLUMN_ROWS = 4;

/**
 * wasmColumnFolds in place, for inputs in the CPU heap and one reduced dim (the caller checks that
 * the steps are ones the module computes, and loads at least one input): run(cnt, nRows, a0,
 * a1, ..., s0, s1, ..., out, p0, ...) sums, for each of cnt columns, the values of nRows rows,
 * input k's column c of row r at byte address a_k + r s_k + 4c, into float32 sums at out (a
 * scratch block of the heap). It streams the rows as NumPy does for a sum over axis 0: the sums
 * stay in the L1 cache while each pass adds the next COLUMN_ROWS rows onto them, one float32x4
 * of columns at a time, in row order, so each column adds its rows in order: bit for bit the
 * JS walk's sums. (Tiles of columns walked down the rows measured 2.5x slower: rows a power of
 * two apart share a cache set.) The last cnt % 4 columns are a vector from cnt - 4 whose sums
 * stay in a register down the rows and are stored last over the same columns' sums (its first
 * columns summed twice, to the same values). The lines run it where every input is in the heap
 * and set colDone; the sums of outputs [oLo, oHi) go to the heap's scratch block at 4 oLo, so
 * that the parts of a call split over threads write apart (workers get the caller's block), or
 * with `direct` (the sums are the float32 output out0) into out0 where it is in the heap, setting
 * colDirect: the kernel then skips its loop over the outputs.
 */
function columnFoldsInPlace(plan: ReducePlan, r: PlanReduction, steps: readonly PlanStep[], target: string, direct: boolean): { heapBytes: Uint8Array; lines: string[] } {
  const inputs = [...pairwiseSlots(steps).keys()];
  const [CNT, ROWS] = [0, 1];
  const addressOf = (j: number) => 2 + j;
  const strideOf = (j: number) => 2 + inputs.length + j;
  const OUT = 2 + 2 * inputs.length;
  const STREAM = OUT + 1;
  const vp = valueParams(steps);
  const f = frame(STREAM + 1 + paramCount(vp));
  const { locals, newLocal, get, set, i32 } = f;
  const c = newLocal(I32), cb = newLocal(I32), row = newLocal(I32), acc = newLocal(V128), tail = newLocal(V128);
  // rowAt[j][q]: input j's row `row + q`
  const rowAt = inputs.map(() => Array.from({ length: COLUMN_ROWS }, () => newLocal(I32)));
  const { hoisted, prologue } = hoistParams(f, vp, steps, STREAM + 1);
  /** `rows` rows' values at column byte `inAt` added onto local `sums`, in row order. */
  const addRows = (rows: number, sums: number, inAt: number[]): number[] => Array.from({ length: rows }, (_, q) => {
    const v = emitSteps(f, steps, hoisted, (input) => [...get(rowAt[inputs.indexOf(input)][q]), ...inAt, op.i32Add, ...simdOp(simd.load), ...memarg(4, 0)]);
    return [...v.code, ...columnCombine(r.op.name, get, set, sums, v.local.get(r.value)!)];
  }).flat();
  const start = f32x4Const(Number(startValue(r.op, r.dtype)));
  const sumsAt = [...get(OUT), ...get(cb), op.i32Add];
  const tailBytes = [...get(CNT), ...i32(4), op.i32Sub, ...i32(2), op.i32Shl];
  /** One pass of `rows` rows from `row` over every column. */
  const pass = (rows: number): number[] => [
    ...inputs.flatMap((_, j) => Array.from({ length: rows }, (_, q) => [
      ...get(addressOf(j)), ...get(row), ...(q ? [...i32(q), op.i32Add] : []), ...get(strideOf(j)), op.i32Mul, op.i32Add, ...set(rowAt[j][q]),
    ]).flat()),
    ...i32(0), ...set(c),
    ...stepWhileFits(c, 4, CNT, [
      ...get(c), ...i32(2), op.i32Shl, ...set(cb),
      ...sumsAt, ...simdOp(simd.load), ...memarg(4, 0), ...set(acc),
      ...addRows(rows, acc, get(cb)),
      ...sumsAt, ...get(acc), ...simdOp(simd.store), ...memarg(4, 0),
    ]),
    ...get(c), ...get(CNT), op.i32LtS, op.if, op.voidType, ...addRows(rows, tail, tailBytes), op.end,
  ];
  const body = [
    ...prologue,
    // the sums start at the fold's start value, the tail vector's local too
    ...start, ...set(tail),
    ...i32(0), ...set(c),
    ...stepWhileFits(c, 4, CNT, [...get(OUT), ...get(c), ...i32(2), op.i32Shl, op.i32Add, ...start, ...simdOp(simd.store), ...memarg(4, 0)]),
    ...i32(0), ...set(row),
    // streaming: one row per pass, the rows read in memory order
    ...get(STREAM), op.i32Eqz, op.if, op.voidType, ...stepWhileFits(row, COLUMN_ROWS, ROWS, pass(COLUMN_ROWS)), op.end,
    ...stepWhileFits(row, 1, ROWS, pass(1)),
    ...get(c), ...get(CNT), op.i32LtS, op.if, op.voidType, ...get(OUT), ...tailBytes, op.i32Add, ...get(tail), ...simdOp(simd.store), ...memarg(4, 0), op.end,
  ];
  const params = [I32, I32, ...Array<number>(2 * inputs.length + 2).fill(I32), ...Array<number>(paramCount(vp)).fill(F64)];
  const heapBytes = wasmModule(IMPORTS, 'import', { params, locals, ...f.globalFields(), body: [...f.prelude(), ...body] });
  const args = [
    'cnt', 'nRed', ...inputs.map((k) => `ha_in${k} + (base_in${k} + oLo) * 4`), ...inputs.map((k) => `st_in${k}_1 * 4`), 'at', `stream`,
    ...paramArgs(vp),
  ];
  const lines = [
    `if (!colDone && oHi - oLo >= ${COLUMN_MIN} && ${inputs.map((k) => `st_in${k}_0 === 1 && ha_in${k} >= 0`).join(' && ')}) {`,
    // `direct`: the sums are the float32 output itself, written where it is in the heap (a JS loop
    // copying them out of the scratch block took 0.23 ms of the 0.30 of 4 x 131072)
    ...(direct ? ['  const into = $heapAddress(out0);'] : []),
    `  const cnt = oHi - oLo, block = ${direct ? 'into >= 0 ? into : ' : ''}$heap.scratch(4 * nOut), at = block + 4 * oLo;`,
    // Whole rows (not a thread's part of each) that stream from memory (past STREAM_BYTES in all) are
    // read in memory order, one per pass, where the sums fit the L1 cache; otherwise COLUMN_ROWS rows
    // per pass load and store the sums less often.
    `  const stream = nRed * cnt * 4 >= ${STREAM_BYTES} && cnt <= ${STREAM_COLUMNS}${inputs.map((k) => ` && st_in${k}_1 === cnt`).join('')} ? 1 : 0;`,
    '  if (block >= 0) {',
    `    ${heapRunLocal('$wcol')}(${args.join(', ')});`,
    // output o's sum, at block + 4 o (a copy into a new Float64Array took 4 ms for 2^17 outputs:
    // fresh pages, filled from shared memory)
    `    ${direct ? 'if (into >= 0) colDirect = true; else ' : ''}${target} = new Float32Array($heap.memory.buffer, block, nOut);`,
    '    colDone = true;',
    '  }',
    '}',
  ];
  return { heapBytes, lines };
}

/**
 * A float32 cumsum or cumprod line in the CPU heap (scan.ts's JS kernel, per line):
 * run(n, out, a0, a1, ..., p0, ...) -> f32 computes the scanned values four at a time as
 * float32x4 (a load reads input k at byte a_k + 4 i) and adds (multiplies) them onto the
 * running value lane by lane, in order, storing each at out + 4 i: the JS loop's order and bits,
 * without its float64 round trip per element (Math.fround), which bound it to about 3 ns an
 * element. Whole quads only; it returns the running value, and the JS loop scans the rest.
 * Undefined where the plan is not a float32 sum or product of steps the module computes.
 */
export function wasmScanModule(plan: ScanPlan): Uint8Array | undefined {
  if ((globalThis as { WebAssembly?: unknown }).WebAssembly === undefined || plan.dtype.name !== 'float32') return undefined;
  if (plan.op.name !== 'sum' && plan.op.name !== 'prod') return undefined;
  const f32 = plan.steps.every((s) => {
    if (s.dtype.name !== 'float32') return false;
    if (s.kind === 'load') return plan.inputs[s.input].dtype.name === 'float32';
    if (s.kind === 'scalar') return true;
    return s.kind === 'op' && WASM_OPS[s.op.name] !== undefined && !s.op.user && s.inputDtype.name === 'float32';
  });
  if (!f32) return undefined;
  const inputs = scanLoads(plan);
  const [N, OUT] = [0, 1];
  const address = (k: number) => 2 + inputs.indexOf(k);
  const nParams = 2 + inputs.length + plan.scalars.length;
  const f = frame(nParams);
  const i = f.newLocal(I32), acc = f.newLocal(F32);
  const { hoisted, prologue } = hoistParams(f, { scalars: plan.scalars.map((_, k) => k), results: [] }, plan.steps, 2 + inputs.length);
  const v = emitSteps(f, plan.steps, hoisted, (input) => [...localGet(address(input)), ...localGet(i), ...i32Const(2), op.i32Shl, op.i32Add, ...simdOp(simd.load), ...memarg(4, 0)]);
  const value = v.local.get(plan.value)!;
  const combine = plan.op.name === 'sum' ? op.f32Add : op.f32Mul;
  const lane = (l: number) => [
    ...localGet(acc), ...localGet(value), ...simdOp(simd.f32x4ExtractLane), l, combine, ...localSet(acc),
    ...localGet(OUT), ...localGet(i), ...i32Const(2), op.i32Shl, op.i32Add, ...localGet(acc), op.f32Store, ...memarg(2, 4 * l),
  ];
  const body = [
    ...prologue,
    op.f32Const, ...Array.from(new Uint8Array(Float32Array.of(plan.op.name === 'sum' ? -0 : 1).buffer)), ...localSet(acc),
    ...i32Const(0), ...localSet(i),
    ...stepWhileFits(i, 4, N, [...v.code, ...lane(0), ...lane(1), ...lane(2), ...lane(3)]),
    ...localGet(acc),
  ];
  const params = [I32, I32, ...Array<number>(inputs.length).fill(I32), ...Array<number>(plan.scalars.length).fill(F64)];
  return wasmModule(IMPORTS, 'import', { params, results: [F32], locals: f.locals, ...f.globalFields(), body: [...f.prelude(), ...body] });
}

/** The inputs a scan plan's steps load, in order (wasmScanModule's address parameters). */
export const scanLoads = (plan: ScanPlan): number[] => [...new Set(plan.steps.flatMap((s) => (s.kind === 'load' ? [s.input] : [])))].sort((a, b) => a - b);
