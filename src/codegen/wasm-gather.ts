// WebAssembly for the CPU backend's flat gather (issue 22): `take(x, idx)` and `x[idx]` of a 1-D
// float source with a flat int32 or int64 index, the plan js.ts would run as a JS loop that calls
// $index per element (7 ns an element for 2^20 random indices on a 2-core EPYC, against about
// 1 ns in WebAssembly). Where the arrays are in the CPU heap (src/runtime/wasm-heap.ts) it reads
// and writes them in place; otherwise a module with memory of its own takes copies of the source
// and the indices and gives the values back, only where the source is not much longer than the
// index (a few indices into a long array stay in JS). A negative index wraps as NumPy's; where any
// index is out of range the module says so and the JS loop runs the call instead, so the error
// flags record the same site as always.
import type { KernelPlan, PlanStep } from '../ir/kernel-plan.js';
import { heapTwin } from './wasm-elementwise.js';
import { F32, F64, I32, i32Const as i32, I64, localGet as get, localSet as set, memarg, type ModuleMemory, op, wasmModule } from './wasm-module.js';

/** Indices from which a gather runs in WebAssembly (the copies and the call cost more below). */
export const WASM_GATHER_MIN = 4096;
/** The source is copied in whole: only where it has at most this many elements per index... */
const SOURCE_PER_INDEX = 4;
/** ...and at most this many in all (64 MiB of float32), so that the memory stays bounded. */
const SOURCE_MAX = 1 << 24;


/**
 * run(src, idx, out, n, m) -> i32: out[i] = src[idx[i]] for i < n (byte offsets; an index in
 * [-m, m) wraps as NumPy's); 1 where some index is out of range (its value is then 0), else 0.
 */
function gatherModule(indexBytes: 4 | 8, itemBytes: 4 | 8, memory: ModuleMemory): Uint8Array {
  const [SRC, IDX, OUT, N, M, I, BAD, G] = [0, 1, 2, 3, 4, 5, 6, 7];
  const loadValue = itemBytes === 4 ? [op.f32Load, ...memarg(2, 0)] : [op.f64Load, ...memarg(3, 0)];
  const storeValue = itemBytes === 4 ? [op.f32Store, ...memarg(2, 0)] : [op.f64Store, ...memarg(3, 0)];
  const zero = itemBytes === 4 ? [op.f32Const, 0, 0, 0, 0] : [op.f64Const, 0, 0, 0, 0, 0, 0, 0, 0];
  const at = (base: number, bytes: number) => [...get(base), ...get(I), ...i32(bytes), op.i32Mul, op.i32Add];
  // G = the wrapped index as i64 (an int32 index sign-extends); in range: 0 <= G < M
  const index = indexBytes === 4
    ? [...at(IDX, 4), op.i32Load, ...memarg(2, 0), op.i64ExtendI32S, ...set(G)]
    : [...at(IDX, 8), op.i64Load, ...memarg(3, 0), ...set(G)];
  const m64 = [...get(M), op.i64ExtendI32S];
  const body = [
    op.block, op.voidType, op.loop, op.voidType,
    ...get(I), ...get(N), op.i32GeU, op.brIf, 1,
    ...index,
    ...get(G), op.i64Const, 0, op.i64LtS, op.if, op.voidType, ...get(G), ...m64, op.i64Add, ...set(G), op.end,
    ...at(OUT, itemBytes),
    ...get(G), op.i64Const, 0, op.i64LtS, ...get(G), ...m64, op.i64GeS, op.i32Or,
    op.if, itemBytes === 4 ? F32 : F64, // the if's value: the element
    ...i32(1), ...set(BAD), ...zero,
    op.else,
    ...get(SRC), ...get(G), op.i32WrapI64, ...i32(itemBytes), op.i32Mul, op.i32Add, ...loadValue,
    op.end,
    ...storeValue,
    ...get(I), ...i32(1), op.i32Add, ...set(I),
    op.br, 0, op.end, op.end,
    ...get(BAD),
  ];
  return wasmModule([], memory, { params: [I32, I32, I32, I32, I32], results: [I32], locals: [I32, I32, I64], body });
}

/** The step with id `id`. */
const stepOf = (plan: KernelPlan, id: number): PlanStep | undefined => plan.steps.find((s) => s.id === id);

/**
 * For a plan that is one flat gather (a float32 or float64 output read from a 1-D source by a
 * contiguous int32 or int64 index, cast to int64 or not): the module, and the lines at the top of
 * the kernel that run [lo, hi) through it and return, or fall through to the JS loop. Undefined
 * for any other plan.
 */
export function wasmGather(plan: KernelPlan): { instanceBytes: Uint8Array; heapBytes: Uint8Array; lines: string[] } | undefined {
  if ((globalThis as { WebAssembly?: unknown }).WebAssembly === undefined) return undefined;
  if (plan.dims.length !== 1 || plan.store || plan.outputs.length !== 1 || plan.inputs.length !== 2) return undefined;
  const out = plan.outputs[0];
  const g = stepOf(plan, out.step);
  if (!g || g.kind !== 'gather' || g.args.length !== 1 || out.dtype !== g.dtype) return undefined;
  if (g.dtype.name !== 'float32' && g.dtype.name !== 'float64') return undefined;
  let arg = stepOf(plan, g.args[0]);
  if (arg?.kind === 'cast') arg = stepOf(plan, arg.arg);
  if (!arg || arg.kind !== 'load') return undefined;
  const index = plan.inputs[arg.input];
  if (index.access !== 'contiguous' || (index.dtype.name !== 'int32' && index.dtype.name !== 'int64')) return undefined;
  const source = plan.inputs[g.input];
  if (g.input === arg.input || source.dtype !== g.dtype || plan.steps.length > 3) return undefined;
  const indexBytes = index.dtype.itemsize as 4 | 8;
  const itemBytes = g.dtype.itemsize as 4 | 8;
  const [src, idx] = [`in${g.input}`, `in${arg.input}`];
  const view = itemBytes === 4 ? 'Float32Array' : 'Float64Array';
  const indexView = indexBytes === 4 ? 'Int32Array' : 'BigInt64Array';
  const m = `ns${g.dims[0]}`;
  const lines = [
    // the source: 1-D along the gathered axis (element stride 1), still as the plan's dim moves
    `if (hi - lo >= ${WASM_GATHER_MIN} && st${g.input}_0 === 0 && ns${g.strides[0]} === 1) {`,
    // in place where the source, the indices and the output are in the CPU heap (any source length)
    `  const hs = $heapAddress(${src}), hx = $heapAddress(${idx}), ho = $heapAddress(out0);`,
    `  if (hs >= 0 && hx >= 0 && ho >= 0 && $heapRun(${heapTwin('$wgather')})(hs + o${g.input} * ${itemBytes}, hx + (o${arg.input} + lo) * ${indexBytes}, ho + (oo + lo) * ${itemBytes}, hi - lo, ${m}) === 0) return;`,
    // else on copies, where the source is not much longer than the index;
    // each region starts at a multiple of 8 bytes (a Float64Array's or BigInt64Array's alignment)
    `  if (${m} <= ${SOURCE_MAX} && ${m} <= ${SOURCE_PER_INDEX} * (hi - lo)) {`,
    `    const cnt = hi - lo, srcAt = 0, idxAt = Math.ceil(${m} * ${itemBytes} / 8) * 8, outAt = idxAt + Math.ceil(cnt * ${indexBytes} / 8) * 8;`,
    `    const need = outAt + cnt * ${itemBytes}, mem = $wgather.exports.mem;`,
    '    if (mem.buffer.byteLength < need) mem.grow(Math.ceil((need - mem.buffer.byteLength) / 65536));',
    `    new ${view}(mem.buffer, srcAt, ${m}).set(${src}.subarray(o${g.input}, o${g.input} + ${m}));`,
    `    new ${indexView}(mem.buffer, idxAt, cnt).set(${idx}.subarray(o${arg.input} + lo, o${arg.input} + hi));`,
    `    if ($wgather.exports.run(srcAt, idxAt, outAt, cnt, ${m}) === 0) {`,
    `      out0.set(new ${view}(mem.buffer, outAt, cnt), oo + lo);`,
    '      return;',
    '    }',
    '  }',
    '}',
  ];
  return { instanceBytes: gatherModule(indexBytes, itemBytes, 1), heapBytes: gatherModule(indexBytes, itemBytes, 'import'), lines };
}
