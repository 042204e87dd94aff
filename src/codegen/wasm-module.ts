// A WebAssembly module in bytes, for the CPU backend's SIMD kernels (wasm-elementwise.ts): a
// memory of its own or an imported one, imports of JS functions (f64 -> f64), one exported function. Only what those
// kernels use is here: the binary format's sections, LEB128 numbers, and the opcodes by name
// (https://webassembly.github.io/spec/core/binary/ and the SIMD proposal's opcode table).

/** Value types. */
export const I32 = 0x7f;
export const I64 = 0x7e;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
}

/** Plain instructions. */
export const op = {
  block: 0x02, loop: 0x03, if: 0x04, end: 0x0b, br: 0x0c, brIf: 0x0d, call: 0x10, voidType: 0x40,
  return: 0x0f, localGet: 0x20, localSet: 0x21, localTee: 0x22, globalGet: 0x23, globalSet: 0x24, i32Const: 0x41, f32Const: 0x43,
  i32LtS: 0x48, i32GtS: 0x4a, i32LeS: 0x4c, i32GeS: 0x4e, i32Add: 0x6a, i32Sub: 0x6b, i32And: 0x71, i32Shl: 0x74, i32ShrS: 0x75,
  f32Add: 0x92, f32Mul: 0x94, f32Ne: 0x5c, f32Le: 0x5f, f32Ge: 0x60, i32Or: 0x72, select: 0x1b,
  f32DemoteF64: 0xb6, f64PromoteF32: 0xbb,
  else: 0x05, i64Const: 0x42, f64Const: 0x44, i32Mul: 0x6c, i32GeU: 0x4f, i64LtS: 0x53, i64GeS: 0x59, i64Add: 0x7c,
  i32WrapI64: 0xa7, i64ExtendI32S: 0xac, i32Eqz: 0x45,
  i32Load: 0x28, i64Load: 0x29, f32Load: 0x2a, f64Load: 0x2b, f32Store: 0x38, f64Store: 0x39,
} as const;

/** local.get, local.set and i32.const with their immediates. */
export const localGet = (l: number): number[] => [op.localGet, ...uleb(l)];
export const localSet = (l: number): number[] => [op.localSet, ...uleb(l)];
export const i32Const = (x: number): number[] => [op.i32Const, ...uleb(x)];
/** global.get and global.set with their immediates. */
export const globalGet = (g: number): number[] => [op.globalGet, ...uleb(g)];
export const globalSet = (g: number): number[] => [op.globalSet, ...uleb(g)];

/** SIMD instructions: each is 0xfd and this index in LEB128. */
export const simd = {
  load: 0, store: 11, const: 12, shuffle: 13, anyTrue: 83,
  f32x4Splat: 19, f64x2Splat: 20, f32x4ExtractLane: 31, f32x4ReplaceLane: 32, f64x2ExtractLane: 33, f64x2ReplaceLane: 34,
  load64Zero: 93, store64Lane: 91,
  and: 78, andnot: 79, or: 80, xor: 81, bitselect: 82,
  f32x4DemoteF64x2Zero: 94, f64x2PromoteLowF32x4: 95,
  f32x4Eq: 65, f32x4Ne: 66, f32x4Gt: 68, f32x4Le: 69, f32x4Ge: 70, f64x2Eq: 71, f64x2Gt: 74, i32x4Eq: 55, i32x4GtU: 60,
  i32x4Shl: 171, i32x4ShrS: 172, i32x4Add: 174, i32x4Sub: 177, i32x4MinS: 182, i32x4MaxS: 184, i32x4TruncSatF32x4S: 248, f32x4ConvertI32x4S: 250,
  f32x4Pmin: 234, f32x4Pmax: 235,
  f32x4Abs: 224, f32x4Neg: 225, f32x4Sqrt: 227, f32x4Add: 228, f32x4Sub: 229, f32x4Mul: 230, f32x4Div: 231,
  f64x2Abs: 236, f64x2Neg: 237, f64x2Sqrt: 239, f64x2Add: 240, f64x2Sub: 241, f64x2Mul: 242, f64x2Div: 243,
  f64x2Min: 244, f64x2Max: 245, f64x2Pmin: 246, f64x2Pmax: 247,
  i64x2Eq: 214, i64x2Shl: 203, i64x2Add: 206, i64x2Sub: 209,
} as const;

/** A SIMD instruction's bytes (memory instructions take their memarg after this). */
export const simdOp = (index: number): number[] => [0xfd, ...uleb(index)];

/** A memory access's immediate: log2 of the alignment and the byte offset. */
export const memarg = (alignLog2: number, offset: number): number[] => [...uleb(alignLog2), ...uleb(offset)];

/** v128.const with every lane set by `write` (lanes of `bytes` each). */
function v128Const(bytes: number, write: (view: DataView, at: number) => void): number[] {
  const b = new Uint8Array(16);
  const view = new DataView(b.buffer);
  for (let at = 0; at < 16; at += bytes) write(view, at);
  return [...simdOp(simd.const), ...b];
}

/** v128.const of two f64 lanes, both `x`. */
export const f64x2Const = (x: number): number[] => v128Const(8, (v, at) => v.setFloat64(at, x, true));
/** v128.const of four f32 lanes, all `x` (rounded to float32). */
export const f32x4Const = (x: number): number[] => v128Const(4, (v, at) => v.setFloat32(at, x, true));
/** v128.const of four i32 lanes, all `x`. */
export const i32x4Const = (x: number): number[] => v128Const(4, (v, at) => v.setInt32(at, x, true));
/** v128.const of two i64 lanes, both `x`. */
export const i64x2Const = (x: bigint): number[] => v128Const(8, (v, at) => v.setBigInt64(at, x, true));

const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

export interface WasmFunction {
  params: number[];
  /** Result types (none by default). */
  results?: number[];
  /** Locals past the parameters, by type. */
  locals: number[];
  /**
   * Mutable v128 globals (zero at first), for loop-invariant vectors: a scalar parameter splat
   * once into a local and read in the loop made V8's optimizing tier emit code 2.2x slower for
   * exp(x - s) than a global read at each use (measured 2.8 against 1.2 ns an element).
   */
  globals?: number;
  /**
   * Float32x4 splats held in mutable globals after the `globals` ones (initialised in the global
   * section; mutable, so that V8 does not fold them back): a v128.const in a loop body is
   * materialised at each use (sin of 2^20 float32 1.78 -> 1.37 ms with its constants in globals).
   */
  constants?: number[];
  body: number[];
}

/** The bits of `value` rounded to float32 (constants are keyed by them, so -0 and 0 are two). */
const f32Bits = (value: number): number => new Uint32Array(Float32Array.of(value).buffer)[0];

/**
 * The globals of a function's float32x4 constants (WasmFunction.constants), numbered from `base()`
 * (read at the first constant) and keyed by their bits (so -0 and 0 are two): `get` gives the code
 * reading one, `values` the constants in index order.
 */
export function constantGlobals(base: () => number): { get(value: number): number[]; values(): number[]; base(): number } {
  const index = new Map<number, number>();
  const values: number[] = [];
  let first = -1;
  return {
    get(value) {
      if (first < 0) first = base();
      const bits = f32Bits(value);
      if (!index.has(bits)) index.set(bits, first + values.push(value) - 1);
      return globalGet(index.get(bits)!);
    },
    values: () => values,
    base: () => first,
  };
}

/**
 * A function's float32x4 constants in locals, each set once at the function's start (`prelude`,
 * from its global in `globals`) and read where used. V8's optimizing tier loads every global a
 * loop body reads at the top of the body and spills most of them at each pass where there are
 * more than registers; a local set before the loop is spilled once (the 8-op chain of sin, cos and
 * exp over 2^20 float32: 4.41 -> 3.62 ms; exp alone 1.06 -> 0.99).
 */
export function constantLocals(globals: ReturnType<typeof constantGlobals>, newLocal: () => number): { get(value: number): number[]; prelude(): number[] } {
  const local = new Map<number, number>();
  const prelude: number[] = [];
  return {
    get(value) {
      const bits = f32Bits(value);
      let l = local.get(bits);
      if (l === undefined) {
        l = newLocal();
        local.set(bits, l);
        prelude.push(...globals.get(value), ...localSet(l));
      }
      return localGet(l);
    },
    prelude: () => prelude,
  };
}

/** The most pages an imported memory may have (the CPU heap's maximum fits: src/runtime/wasm-heap.ts). */
const IMPORTED_MAX_PAGES = 32768;

/**
 * The memory of a module: 'import' takes a shared memory as "m"."mem" (the CPU backend's heap), a
 * number makes one of that many 64 KiB pages, exported as "mem".
 */
export type ModuleMemory = number | 'import';

/**
 * A module: `imports` are JS functions f64 -> f64 under module "m" (function indices 0 ..),
 * its memory (`memory`: pages of its own, or imported), and `fn` exported as "run" (its own
 * index is imports.length, for a call to itself); `more` are further functions exported under
 * their names, at indices imports.length + 1, ... (they may call run). Globals are shared: the
 * count is the largest any function asks for.
 */
export function wasmModule(imports: readonly string[], memory: ModuleMemory, fn: WasmFunction, more: ReadonlyArray<{ name: string; fn: WasmFunction }> = []): Uint8Array {
  const fns = [fn, ...more.map((m) => m.fn)];
  const unaryF64 = [0x60, ...vec([[F64]]), ...vec([[F64]])];
  const fnTypes = fns.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec((f.results ?? []).map((t) => [t]))]);
  const types = section(1, vec([unaryF64, ...fnTypes]));
  const memoryImport = memory === 'import' ? [[...name('m'), ...name('mem'), 0x02, 0x03, ...uleb(1), ...uleb(IMPORTED_MAX_PAGES)]] : [];
  const importSec = section(2, vec([...imports.map((n) => [...name('m'), ...name(n), 0x00, 0]), ...memoryImport]));
  const funcs = section(3, vec(fns.map((_, k) => uleb(1 + k))));
  const memorySec = memory === 'import' ? [] : section(5, vec([[0x00, ...uleb(memory)]]));
  const inits = Array.from({ length: Math.max(0, ...fns.map((f) => (f.globals ?? 0) + (f.constants?.length ?? 0))) }, () => 0);
  for (const f of fns) f.constants?.forEach((c, k) => { inits[(f.globals ?? 0) + k] = c; });
  const globalSec = inits.length ? section(6, vec(inits.map((c) => [V128, 0x01, ...f32x4Const(c), op.end]))) : [];
  const exportSec = section(7, vec([
    [...name('run'), 0x00, ...uleb(imports.length)],
    ...more.map((m, k) => [...name(m.name), 0x00, ...uleb(imports.length + 1 + k)]),
    ...(memory === 'import' ? [] : [[...name('mem'), 0x02, 0]]),
  ]));
  const bodies = fns.map((f) => {
    const code = [...vec(f.locals.map((t) => [1, t])), ...f.body, op.end];
    return [...uleb(code.length), ...code];
  });
  const codeSec = section(10, vec(bodies));
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...types, ...importSec, ...funcs, ...memorySec, ...globalSec, ...exportSec, ...codeSec]);
}
