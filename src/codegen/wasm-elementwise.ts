// WebAssembly SIMD for flat float elementwise plans on the CPU backend (issue 22). A plan whose
// inputs are contiguous or broadcast scalars, whose values are float32 or float64 and whose ops
// are in WASM_OPS below runs through a generated module instead of the JS loop (js.ts):
//   - 'f32x4': plans whose every value is float32: four lanes of float32 arithmetic (+ - * / sqrt
//     give js.ts's results bit for bit; exp is Cephes' and sin and cos SLEEF's float32 polynomials
//     in wasm-math.ts, within about one and two ulp, as NumPy's own float32 SIMD loops are);
//   - 'f64x2': the rest (float64 and mixed plans): two lanes of double; a float32 step's result is
//     rounded to float32 after each op, as js.ts's Math.fround; exp, sin and cos of float32 are
//     double-precision polynomials (wasm-math.ts: the correctly rounded float32 but for about one
//     element in 10^5); a float64 exp, sin or cos leaves the plan to js.ts (Math per lane through
//     an import measured slower than its loop).
// Arrays in the CPU heap (src/runtime/wasm-heap.ts) are computed in place by a module that imports
// the heap's memory; for others the wrapper copies each chunk of WASM_CHUNK elements of the inputs
// into a module with memory of its own (TypedArray.set: a memcpy), runs it, and copies the outputs
// out (wasmCallLines). Scalars are float32-rounded for float32 steps, as NumPy casts a Python
// float to the array's float32 (and CUDA passes it as a float).
import type { DType } from '../ir/dtype.js';
import type { KernelPlan, PlanStep } from '../ir/kernel-plan.js';
import { expF32x4, expF64x2, sinCosF32x4, sinCosF64x2, type MathContext } from './wasm-math.js';
import { constantGlobals, constantLocals, F64, globalGet, globalSet, I32, i32Const, localGet, localSet, memarg, type ModuleMemory, op, simd, simdOp, uleb, V128, wasmModule } from './wasm-module.js';

export type WasmLanes = 'f32x4' | 'f64x2';

/**
 * Elements per chunk: 64 KiB of float32 per input or output. Chunks of 2048 spent more on the views
 * and calls of each chunk than on the copies (2*x + y over 2^22 float32: 2.9 ms, against 2.07).
 */
export const WASM_CHUNK = 16384;

/** Vectors computed per pass of a module's loop (see wasmElementwiseModule). */
const GROUPS = 2;

/** Passes a module computes by its slow paths from a pass that needs them (wasmElementwiseModule). */
const SLOW_PASSES = 16;

/** Below this many elements a call runs the JS loop (the copies and the call cost more than they save). */
export const WASM_MIN_ELEMENTS = 256;

type OpStep = Extract<PlanStep, { kind: 'op' }>;
type Emit = (ctx: MathContext, lanes: WasmLanes, args: number[], step: OpStep) => number[];

const binary = (f32: number, f64: number): Emit => (ctx, lanes, [a, b]) => [...ctx.get(a), ...ctx.get(b), ...simdOp(lanes === 'f32x4' ? f32 : f64)];
const unary = (f32: number, f64: number): Emit => (ctx, lanes, [a]) => [...ctx.get(a), ...simdOp(lanes === 'f32x4' ? f32 : f64)];
/** Ops computed by polynomials of float32 results only (a float64 one leaves the plan to js.ts). */
export const TRANSCENDENTAL = new Set(['exp', 'sin', 'cos']);
const transcendental = (name: 'sin' | 'cos' | 'exp'): Emit => (ctx, lanes, args) => {
  if (lanes === 'f32x4') return name === 'exp' ? expF32x4(ctx, args[0]) : sinCosF32x4(ctx, args[0], name === 'cos');
  return name === 'exp' ? expF64x2(ctx, args[0]) : sinCosF64x2(ctx, args[0], name === 'cos');
};

/** The ops a module computes, by the op table's name (wasm-reduce.ts's producers too). */
export const WASM_OPS: Record<string, Emit> = {
  add: binary(simd.f32x4Add, simd.f64x2Add),
  subtract: binary(simd.f32x4Sub, simd.f64x2Sub),
  multiply: binary(simd.f32x4Mul, simd.f64x2Mul),
  divide: binary(simd.f32x4Div, simd.f64x2Div),
  negative: unary(simd.f32x4Neg, simd.f64x2Neg),
  absolute: unary(simd.f32x4Abs, simd.f64x2Abs),
  sqrt: unary(simd.f32x4Sqrt, simd.f64x2Sqrt),
  square: (ctx, lanes, [a]) => [...ctx.get(a), ...ctx.get(a), ...simdOp(lanes === 'f32x4' ? simd.f32x4Mul : simd.f64x2Mul)],
  exp: transcendental('exp'),
  sin: transcendental('sin'),
  cos: transcendental('cos'),
};

/** The JS functions every module imports, in this order (function indices 0, 1): float32 sin/cos lanes past the fast range. */
export const IMPORTS = ['sin', 'cos'] as const;

const isFloat = (d: DType) => d.name === 'float32' || d.name === 'float64';

/** The lanes a plan runs in, or undefined where it is not one for WebAssembly (js.ts runs it). */
export function wasmLanes(plan: KernelPlan, rows = false): WasmLanes | undefined {
  if ((globalThis as { WebAssembly?: unknown }).WebAssembly === undefined || plan.tile) return undefined;
  if (plan.store && (plan.store.scatter || plan.store.access !== 'contiguous')) return undefined;
  // `rows`: a module run row by row (js.ts), which reads strided inputs that run contiguously along the last dim
  const last = plan.dims.length - 1;
  if (plan.inputs.some((i) => (i.access === 'strided' && !(rows && (i.strides[last] === 1 || i.strides[last] === 0))) || !isFloat(i.dtype))) return undefined;
  if (plan.outputs.some((o) => !isFloat(o.dtype)) || plan.scalars.some((s) => !isFloat(s.dtype))) return undefined;
  let allF32 = true;
  for (const s of plan.steps) {
    if (!isFloat(s.dtype)) return undefined;
    if (s.dtype.name !== 'float32') allF32 = false;
    if (s.kind === 'op') {
      if (!WASM_OPS[s.op.name] || s.op.user || !isFloat(s.inputDtype)) return undefined;
      // float64 exp/sin/cos would call Math per lane: slower than js.ts's loop (measured 95 vs 62 ms for the 8-op chain at 2^21)
      if (s.dtype.name === 'float64' && TRANSCENDENTAL.has(s.op.name)) return undefined;
      if (s.inputDtype.name !== 'float32') allF32 = false;
    } else if (s.kind === 'cast') {
      if (!isFloat(s.from)) return undefined;
      allF32 = false;
    } else if (s.kind !== 'load' && s.kind !== 'scalar') {
      return undefined;
    }
  }
  return allF32 ? 'f32x4' : 'f64x2';
}

/** Byte offsets of the chunk slots in the module's memory: inputs (non-scalar) first, then outputs. */
export function slotLayout(plan: KernelPlan): { inputs: Array<number | undefined>; outputs: number[]; pages: number } {
  const slotBytes = WASM_CHUNK * 8 + 64; // room for the last vectors' reads past the chunk
  let at = 0;
  const inputs = plan.inputs.map((i) => (i.access === 'scalar' ? undefined : (at += slotBytes) - slotBytes));
  const outputs = plan.outputs.map(() => (at += slotBytes) - slotBytes);
  return { inputs, outputs, pages: Math.max(1, Math.ceil(at / 65536)) };
}

/** Elements of one pass of a module's loop (it computes whole passes: past `len` up to the next one). */
export const perPass = (plan: KernelPlan, lanes = wasmLanes(plan)): number => (lanes === 'f32x4' ? 4 : 2) * GROUPS;

/**
 * The module of a plan that wasmLanes accepts. Its function run(len, a0, a1, ..., p0, p1, ...)
 * computes elements 0 .. len - 1: the i32 parameters a0, a1, ... are the byte addresses of the
 * first element of each non-scalar input, then of each output; the f64 parameters are the plan's
 * scalars, then the value of each broadcast (scalar-access) input. `memory`: 'import' for the
 * CPU heap (the arrays in place), or pages of its own (the chunk slots of slotLayout).
 */
export function wasmElementwiseModule(plan: KernelPlan, lanes: WasmLanes, memory: ModuleMemory = 'import'): Uint8Array {
  const scalarInputs = plan.inputs.map((i, k) => (i.access === 'scalar' ? k : -1)).filter((k) => k >= 0);
  const arrayInputs = plan.inputs.map((i, k) => (i.access === 'scalar' ? -1 : k)).filter((k) => k >= 0);
  const nPointers = arrayInputs.length + plan.outputs.length;
  const firstF64 = 1 + nPointers;
  const nParams = firstF64 + plan.scalars.length + scalarInputs.length;
  const index = nParams; // the element counter: run's first local, slow's parameter after run's
  const inputPointer = (k: number) => 1 + arrayInputs.indexOf(k);
  const outputPointer = (k: number) => 1 + arrayInputs.length + k;
  const globalOf = new Map<number, number>();
  const before: number[] = [];
  const shared = (s: PlanStep) => s.kind === 'scalar' || (s.kind === 'load' && plan.inputs[s.input].access === 'scalar');
  const sharedCount = new Set(plan.steps.filter(shared).map((s) => s.id)).size;
  /** The math's float32 constants (wasm-math.ts), in globals after the shared steps' (WasmFunction.constants). */
  const constants = constantGlobals(() => sharedCount);
  const width = lanes === 'f32x4' ? 4 : 2;
  const f32Round = lanes === 'f64x2' ? [...simdOp(simd.f32x4DemoteF64x2Zero), ...simdOp(simd.f64x2PromoteLowF32x4)] : [];
  /** Splat of f64 parameter p as the lanes of dtype d (float32: rounded to float32 first). */
  const splat = (p: number, d: DType): number[] => {
    const get = localGet(p);
    if (lanes === 'f32x4') return [...get, op.f32DemoteF64, ...simdOp(simd.f32x4Splat)];
    return d.name === 'float32' ? [...get, op.f32DemoteF64, op.f64PromoteF32, ...simdOp(simd.f64x2Splat)] : [...get, ...simdOp(simd.f64x2Splat)];
  };
  // Element i's byte address is its array's address (parameter `pointer`) plus i << log2(itemsize);
  // a group's offset past element i is the memarg offset.
  const address = (d: DType, pointer: number) => [...localGet(pointer), op.localGet, ...uleb(index), op.i32Const, ...uleb(d.itemsize === 4 ? 2 : 3), op.i32Shl, op.i32Add];
  const load = (d: DType, pointer: number, at: number): number[] => {
    if (lanes === 'f32x4') return [...address(d, pointer), ...simdOp(simd.load), ...memarg(4, at)];
    if (d.name === 'float32') return [...address(d, pointer), ...simdOp(simd.load64Zero), ...memarg(3, at), ...simdOp(simd.f64x2PromoteLowF32x4)];
    return [...address(d, pointer), ...simdOp(simd.load), ...memarg(4, at)];
  };
  const store = (d: DType, pointer: number, at: number, value: number[]): number[] => {
    if (lanes === 'f32x4') return [...address(d, pointer), ...value, ...simdOp(simd.store), ...memarg(4, at)];
    if (d.name === 'float32') return [...address(d, pointer), ...value, ...simdOp(simd.f32x4DemoteF64x2Zero), ...simdOp(simd.store64Lane), ...memarg(3, at), 0];
    return [...address(d, pointer), ...value, ...simdOp(simd.store), ...memarg(4, at)];
  };
  /**
   * One pass of the loop: GROUPS vectors from element `index`, each with locals of its own
   * (independent chains the CPU overlaps), and the stores of their outputs; its locals are numbered
   * from `firstLocal`, the math's constants among them (constantLocals: `prelude` sets them). Scalars
   * and broadcast inputs are splat once, before the loop, into globals (WasmFunction.globals) that
   * each group reads. With `fast`, the math's rare slow paths (sin and cos past their fast range,
   * exp's subnormal and overflowing results, NaN: MathContext.rare) only set lanes of the local
   * `flagged`; the module computes a flagged pass again, and the passes after it, by its slow
   * function, which has those paths in place. A call in run's loop made V8 keep the loop's vectors
   * on the stack at each pass. A plan that writes into an existing array (plan.store: an output that
   * may be an input too) keeps the slow paths in its loop.
   */
  const generatePass = (fast: boolean, firstLocal: number) => {
    const locals: number[] = [];
    const newLocal = (type: number) => firstLocal + locals.push(type) - 1;
    let flagged = -1;
    const constantsHere = constantLocals(constants, () => newLocal(V128));
    const rare = (mask: number[]): number[] => {
      if (flagged >= 0) return [...mask, ...localGet(flagged), ...simdOp(simd.or), ...localSet(flagged)];
      flagged = newLocal(V128);
      return [...mask, ...localSet(flagged)];
    };
    const ctx: MathContext = {
      get: localGet,
      set: localSet,
      temp: () => newLocal(V128),
      importIndex: (name) => IMPORTS.indexOf(name),
      f32x4: constantsHere.get,
      rare: fast ? rare : undefined,
    };
    const stepLocal = new Map<number, number>();
    const compute: number[] = [];
    const stores: number[] = [];
    for (let g = 0; g < GROUPS; g++) {
      const at = (d: DType) => g * width * d.itemsize; // the group's byte offset past element i
      /** The code leaving step `s`'s vector on the stack. */
      const value = (s: PlanStep): number[] => {
        switch (s.kind) {
          case 'scalar': return splat(firstF64 + s.scalar, s.dtype);
          case 'load': {
            const input = plan.inputs[s.input];
            return input.access === 'scalar' ? splat(firstF64 + plan.scalars.length + scalarInputs.indexOf(s.input), s.dtype)
              : load(input.dtype, inputPointer(s.input), at(input.dtype));
          }
          case 'cast': return [...ctx.get(stepLocal.get(s.arg)!), ...(s.dtype.name === 'float32' ? f32Round : [])];
          case 'op': return [...WASM_OPS[s.op.name](ctx, lanes, s.args.map((a) => stepLocal.get(a)!), s), ...(s.dtype.name === 'float32' ? f32Round : [])];
          default: throw new Error(`wasm: unexpected step ${s.kind}`);
        }
      };
      for (const s of plan.steps) {
        if (shared(s) && !globalOf.has(s.id)) {
          globalOf.set(s.id, globalOf.size);
          before.push(...value(s), ...globalSet(globalOf.get(s.id)!));
        }
        const l = newLocal(V128);
        compute.push(...(shared(s) ? globalGet(globalOf.get(s.id)!) : value(s)), ...ctx.set(l));
        stepLocal.set(s.id, l);
      }
      plan.outputs.forEach((o, k) => stores.push(...store(o.dtype, outputPointer(k), at(o.dtype), ctx.get(stepLocal.get(o.step)!))));
    }
    return { compute, stores, locals, flagged, prelude: constantsHere.prelude() };
  };
  const fast = generatePass(!plan.store, index + 2);
  // `slow`: the function slow(...run's parameters, index, end), parameter `index` + 1 its end
  const slow = fast.flagged >= 0 ? generatePass(false, index + 2) : undefined;
  const params = [I32, ...Array<number>(nPointers).fill(I32), ...Array<number>(nParams - firstF64).fill(F64)];
  const step = [op.localGet, ...uleb(index), op.i32Const, ...uleb(width * GROUPS), op.i32Add, op.localSet, ...uleb(index)];
  const loopTo = (end: number, pass: number[]) => [
    op.block, op.voidType, op.loop, op.voidType, op.localGet, ...uleb(index), ...localGet(end), op.i32GeS, op.brIf, 1, ...pass, ...step, op.br, 0, op.end, op.end,
  ];
  // With slow paths the loop is two: the inner one leaves a flagged pass (after its stores) to
  // the outer one, which computes SLOW_PASSES passes from it again by `slow` (function index
  // IMPORTS.length + 1), so that no call is in the inner loop and a call's cost is shared.
  const end = index + 1; // run's local: the end of slow's passes
  const loop = slow
    ? [op.block, op.voidType, op.loop, op.voidType, op.block, op.voidType, op.loop, op.voidType,
      op.localGet, ...uleb(index), op.localGet, 0, op.i32GeS, op.brIf, 3,
      ...fast.compute, ...fast.stores,
      ...localGet(fast.flagged), ...simdOp(simd.anyTrue), op.brIf, 1,
      ...step, op.br, 0, op.end, op.end,
      // end = min(index + SLOW_PASSES passes, len)
      ...localGet(index), ...i32Const(width * GROUPS * SLOW_PASSES), op.i32Add, op.localTee, ...uleb(end), ...localGet(0),
      ...localGet(end), ...localGet(0), op.i32LtS, op.select, ...localSet(end),
      ...Array.from({ length: nParams }, (_, p) => localGet(p)).flat(), ...localGet(index), ...localGet(end), op.call, ...uleb(IMPORTS.length + 1),
      ...localGet(end), ...localSet(index), op.br, 0, op.end, op.end]
    : loopTo(0, [...fast.compute, ...fast.stores]);
  const body = [...before, ...fast.prelude, ...loop];
  const run = { params, locals: [I32, I32, ...fast.locals], globals: sharedCount, constants: constants.values(), body };
  const more = slow ? [{ name: 'slow', fn: { params: [...params, I32, I32], locals: slow.locals, globals: sharedCount, constants: constants.values(), body: [...slow.prelude, ...loopTo(index + 1, [...slow.compute, ...slow.stores])] } }] : [];
  return wasmModule(IMPORTS, memory, run, more);
}

const VIEW: Record<string, string> = { float32: 'Float32Array', float64: 'Float64Array' };

/**
 * The lines of a JS kernel's body (inside generateJs's function, its arguments in scope) that run
 * elements lo .. hi - 1 through the plan's module, or fall through to the JS loop below them for
 * short ranges. Where every array is in the CPU heap (src/runtime/wasm-heap.ts) the module that
 * imports the heap's memory computes them in place ($wasmH); otherwise $wasm, the module with
 * memory of its own, computes chunks of WASM_CHUNK elements copied into its slots and back.
 */
export function wasmCallLines(plan: KernelPlan): string[] {
  const arrays = plan.inputs.map((i, k) => (i.access === 'scalar' ? -1 : k)).filter((k) => k >= 0);
  const params = [...plan.scalars.map((_, k) => `s${k}`), ...plan.inputs.flatMap((i, k) => (i.access === 'scalar' ? [`in${k}[o${k}]`] : []))];
  const tail = params.map((p) => `, ${p}`).join('');
  const addressVars = [...arrays.map((k) => `a${k}`), ...plan.outputs.map((_, k) => `ao${k}`)];
  const lines = [
    `if (hi - lo >= ${WASM_MIN_ELEMENTS}) {`,
    `  const ${[...arrays.map((k) => `a${k} = $heapAddress(in${k})`), ...plan.outputs.map((_, k) => `ao${k} = $heapAddress(out${k})`)].join(', ')};`,
    `  if (${addressVars.map((v) => `${v} >= 0`).join(' && ')}) {`,
    // whole passes of the module's loop in place (a last partial pass would write past the
    // outputs' ends), the rest below through the slots
    `    const main = (hi - lo) - (hi - lo) % ${perPass(plan)};`,
    `    $heapRun(${heapTwin('$wasm')})(main${arrays.map((k) => `, a${k} + (o${k} + lo) * ${plan.inputs[k].dtype.itemsize}`).join('')}${plan.outputs.map((o, k) => `, ao${k} + (oo + lo) * ${o.dtype.itemsize}`).join('')}${tail});`,
    '    if (main === hi - lo) return;',
    '    lo += main;',
    '  }',
    '  const run = $wasm.exports.run, mem = $wasm.exports.mem.buffer;',
  ];
  lines.push(...chunkSlotViews(plan, 'mem').map((l) => `  ${l}`));
  lines.push(...chunkSlotLoop(plan, 'lo', 'hi', (k) => `o${k}`, 'oo', 'run', tail).map((l) => `  ${l}`), '  return;', '}');
  return lines;
}

/** Views m<k> (array inputs) and mo<k> (outputs) of the slots (slotLayout) in module memory `mem`. */
export function chunkSlotViews(plan: KernelPlan, mem: string): string[] {
  const layout = slotLayout(plan);
  return [
    ...plan.inputs.flatMap((i, k) => (layout.inputs[k] === undefined ? [] : [`const m${k} = new ${VIEW[i.dtype.name]}(${mem}, ${layout.inputs[k]}, ${WASM_CHUNK});`])),
    ...plan.outputs.map((o, k) => `const mo${k} = new ${VIEW[o.dtype.name]}(${mem}, ${layout.outputs[k]}, ${WASM_CHUNK});`),
  ];
}

/**
 * The loop that computes elements `from` .. `to` - 1 through the slots, WASM_CHUNK at a time
 * (views as chunkSlotViews): input k's element p at in<k>[`inputAt(k)` + p] copied in, the module's
 * `run` over them (whole passes: its slots have room past a chunk; `tail` its scalar arguments),
 * the outputs copied out to out<k>[`outputAt` + p].
 */
export function chunkSlotLoop(plan: KernelPlan, from: string, to: string, inputAt: (k: number) => string, outputAt: string, run: string, tail: string): string[] {
  const layout = slotLayout(plan);
  const arrays = plan.inputs.map((_, k) => k).filter((k) => layout.inputs[k] !== undefined);
  const slots = [...arrays.map((k) => layout.inputs[k]!), ...layout.outputs].map((at) => `, ${at}`).join('');
  return [
    `for (let p = ${from}; p < ${to}; p += ${WASM_CHUNK}) {`,
    `  const len = Math.min(${WASM_CHUNK}, ${to} - p);`,
    ...arrays.map((k) => `  m${k}.set(in${k}.subarray(${inputAt(k)} + p, ${inputAt(k)} + p + len));`),
    `  ${run}(len${slots}${tail});`,
    ...plan.outputs.map((_, k) => `  out${k}.set(len === ${WASM_CHUNK} ? mo${k} : mo${k}.subarray(0, len), ${outputAt} + p);`),
    '}',
  ];
}

/** The name of the twin of module instance `name` that imports the CPU heap's memory (wasmModuleLines). */
export const heapTwin = (name: string): string => `${name}H`;

/**
 * The statements, before the kernel function, for a module's two forms: `own` (its memory its
 * own) instantiated now as `name`, and `heap` (importing the CPU heap's memory), where given,
 * compiled now as heapTwin(name) for the prelude's $heapRun to instantiate at its first call.
 */
export function wasmModuleLines(name: string, own: Uint8Array | undefined, heap?: Uint8Array): string[] {
  const bytes = (b: Uint8Array) => `Uint8Array.from(${JSON.stringify(Array.from(b))})`;
  return [
    ...(own ? [`const ${name} = new WebAssembly.Instance(new WebAssembly.Module(${bytes(own)}), { m: { sin: Math.sin, cos: Math.cos } });`] : []),
    ...(heap ? [`const ${heapTwin(name)} = { module: new WebAssembly.Module(${bytes(heap)}), memory: undefined, exports: undefined };`] : []),
  ];
}

/**
 * The plan a row walk's module computes (js.ts): inputs constant along each row (column vectors,
 * stride 0 along the last dim) become broadcast scalars, passed per row.
 */
export function rowModulePlan(plan: KernelPlan): KernelPlan {
  const last = plan.dims.length - 1;
  return { ...plan, inputs: plan.inputs.map((i) => (i.access === 'strided' && i.strides[last] === 0 ? { ...i, access: 'scalar' as const } : i)) };
}

/** The statements, before the kernel function, for a plan's two modules (wasmCallLines): $wasm and its heap twin. */
export function wasmElementwiseSetup(plan: KernelPlan, lanes: WasmLanes): string[] {
  return wasmModuleLines('$wasm', wasmElementwiseModule(plan, lanes, slotLayout(plan).pages), wasmElementwiseModule(plan, lanes, 'import'));
}
