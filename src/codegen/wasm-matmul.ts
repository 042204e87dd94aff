// WebAssembly SIMD for the CPU backend's real float matmul (issue 22): the tiles of 4 x 4 outputs
// that ./matmul-js-float.ts computes in JS locals, here in eight f64x2 registers. Each output still
// sums a[i, p] * b[p, j] in double for p = 0, 1, ..., k - 1 in order, from 0 (a mul then an add per
// lane, as `s += x * y`), so the result is the JS loop's bit for bit. The same module with f32x4
// lanes does float32's tiles of 4 x 8 (./wasm-matmul-f32.ts has their JS).
//
// The module reads only its own memory, so the JS wrapper packs into it what the JS path packs into
// Float64Arrays: a block of B's columns as panels of 4 (k x 4 doubles each, read in order) and a block
// of A's rows as groups of 4 (k x 4 doubles each); `run` fills the block's outputs, row-major, and the
// wrapper stores them into C as its dtype. Blocks are sized so that the packed operands stay below a
// few MiB whatever k is; the memory grows to the largest block asked for (per thread: each worker has
// its own instance).
import { I32, i32Const as i32, localGet as get, localSet as set, memarg, op, simd, simdOp, V128, wasmModule } from './wasm-module.js';

/** Tile rows and columns. */
export const WASM_MM_TILE = 4;
/** The packed B block and A block hold at most this many elements each (8 MiB of doubles, 4 of floats). */
const BLOCK_ELEMENTS = 1 << 20;

/**
 * The JS (of a matmul function, its variables k and $mm in scope) that sizes a call's blocks for
 * tiles of `tr` x `tc` elements of `bytes` each, over `rows` rows and `cols` columns (expressions,
 * multiples of the tile): column blocks of NB and row blocks of IB whose packed operands hold at
 * most BLOCK_ELEMENTS each, `$mm`'s memory grown to hold them and the output block, `heap` (its
 * view), the byte offsets bpAt, apAt and outAt of the packed B, packed A and output blocks, and `run`.
 */
export function blockLines(tr: number, tc: number, bytes: number, rows: string, cols: string): string {
  return `
  const NB = Math.max(${tc}, Math.min(${cols}, Math.floor(${BLOCK_ELEMENTS} / Math.max(k, 1) / ${tc}) * ${tc}));
  const IB = Math.max(${tr}, Math.min(${rows}, 256, Math.floor(${BLOCK_ELEMENTS} / Math.max(k, 1) / ${tr}) * ${tr}));
  const bBytes = NB * k * ${bytes}, aBytes = IB * k * ${bytes}, outBytes = IB * NB * ${bytes};
  const mem = $mm.exports.mem;
  const need = bBytes + aBytes + outBytes;
  if (mem.buffer.byteLength < need) mem.grow(Math.ceil((need - mem.buffer.byteLength) / 65536));
  const heap = new ${bytes === 8 ? 'Float64Array' : 'Float32Array'}(mem.buffer);
  const bpAt = 0, apAt = bBytes, outAt = bBytes + aBytes;
  const run = $mm.exports.run;`;
}

const add = [op.i32Add];
const mul = [op.i32Mul];
const geS = [op.i32GeS];

// Parameters: the packed A block, the packed B block and the output block (byte offsets), k, the
// row groups and the column panels of the block.
const [AP, BP, OUT, K, GROUPS, PANELS] = [0, 1, 2, 3, 4, 5];
// i32 locals: group, panel, the A and B read pointers, B's end, the output pointer, the output row's bytes.
const [G, Q, A, B, END, O, ROW] = [6, 7, 8, 9, 10, 11, 12];
// v128 locals: 8 accumulators (tile row r, its vector h at ACC + 2r + h), two of B, one of A.
const ACC = 13;
const [B0, B1, AV] = [21, 22, 23];

/** A tile's lanes: f64x2 (tiles of 4 x 4 doubles, ./wasm-matmul.ts) or f32x4 (4 x 8 floats, ./wasm-matmul-f32.ts). */
export type MatmulLanes = 'f64x2' | 'f32x4';

/** v128.load64_splat and v128.load32_splat: one element into every lane. */
const SPLAT = { f64x2: 10, f32x4: 9 };

/** Rows and columns of a tile: 4 rows of two vectors each. */
export const tileShape = (lanes: MatmulLanes) => ({ rows: WASM_MM_TILE, cols: lanes === 'f64x2' ? 4 : 8, bytes: lanes === 'f64x2' ? 8 : 4 });

function tileBody(lanes: MatmulLanes): number[] {
  const { rows, cols, bytes } = tileShape(lanes);
  const [vmul, vadd] = lanes === 'f64x2' ? [simd.f64x2Mul, simd.f64x2Add] : [simd.f32x4Mul, simd.f32x4Add];
  const v = (index: number) => simdOp(index);
  const zero = [...v(simd.const), ...new Array(16).fill(0)];
  const acc = (r: number, h: number) => ACC + 2 * r + h;
  const step: number[] = [
    ...get(B), ...v(simd.load), ...memarg(4, 0), ...set(B0),
    ...get(B), ...v(simd.load), ...memarg(4, 16), ...set(B1),
  ];
  for (let r = 0; r < rows; r++) {
    step.push(...get(A), ...v(SPLAT[lanes]), ...memarg(Math.log2(bytes), bytes * r), ...set(AV));
    for (let h = 0; h < 2; h++) {
      step.push(...get(acc(r, h)), ...get(AV), ...get(h === 0 ? B0 : B1), ...v(vmul), ...v(vadd), ...set(acc(r, h)));
    }
  }
  step.push(...get(A), ...i32(bytes * rows), ...add, ...set(A), ...get(B), ...i32(bytes * cols), ...add, ...set(B));
  const store: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let h = 0; h < 2; h++) store.push(...get(O), ...get(acc(r, h)), ...v(simd.store), ...memarg(4, 16 * h));
    store.push(...get(O), ...get(ROW), ...add, ...set(O));
  }
  return [
    // ROW = PANELS * (bytes of a tile row): one output row of the block
    ...get(PANELS), ...i32(bytes * cols), ...mul, ...set(ROW),
    ...i32(0), ...set(G),
    op.block, op.voidType, op.loop, op.voidType,
    ...get(G), ...get(GROUPS), ...geS, op.brIf, 1,
    ...i32(0), ...set(Q),
    op.block, op.voidType, op.loop, op.voidType,
    ...get(Q), ...get(PANELS), ...geS, op.brIf, 1,
    ...Array.from({ length: 8 }, (_, i) => [...zero, ...set(ACC + i)]).flat(),
    // A = AP + G * K * rows * bytes, B = BP + Q * K * cols * bytes, END = B + K * cols * bytes
    ...get(AP), ...get(G), ...get(K), ...mul, ...i32(bytes * rows), ...mul, ...add, ...set(A),
    ...get(BP), ...get(Q), ...get(K), ...mul, ...i32(bytes * cols), ...mul, ...add, ...set(B),
    ...get(B), ...get(K), ...i32(bytes * cols), ...mul, ...add, ...set(END),
    op.block, op.voidType, op.loop, op.voidType,
    ...get(B), ...get(END), ...geS, op.brIf, 1,
    ...step,
    op.br, 0,
    op.end, op.end,
    // O = OUT + G * rows * ROW + Q * cols * bytes
    ...get(OUT), ...get(G), ...get(ROW), ...mul, ...i32(rows), ...mul, ...add, ...get(Q), ...i32(bytes * cols), ...mul, ...add, ...set(O),
    ...store,
    ...get(Q), ...i32(1), ...add, ...set(Q),
    op.br, 0,
    op.end, op.end,
    ...get(G), ...i32(1), ...add, ...set(G),
    op.br, 0,
    op.end, op.end,
  ];
}

/** The module: `run(ap, bp, out, k, groups, panels)` over its memory (one page to start; the wrapper grows it). */
export function wasmMatmulModule(lanes: MatmulLanes = 'f64x2'): Uint8Array {
  return wasmModule([], 1, {
    params: [I32, I32, I32, I32, I32, I32],
    locals: [...new Array(7).fill(I32), ...new Array(11).fill(V128)],
    body: tileBody(lanes),
  });
}

/**
 * The JS that runs a real float matmul's full 4 x 4 tiles through the module `$mm` for rows
 * iLo .. iHi - 1 (the variables of floatMatmulBody's function); it leaves the edge rows and columns
 * (fewer than 4) to `one(ao, bo, co, i, j)`. `load` reads an element as a number, `store` writes a sum.
 */
export function wasmMatmulLines(load: (x: string) => string, store: (x: string) => string): string {
  return `
  const T = ${WASM_MM_TILE};
  const rowsFull = iLo + (iHi - iLo) - ((iHi - iLo) % T), colsFull = n - (n % T);
${blockLines(WASM_MM_TILE, WASM_MM_TILE, 8, 'rowsFull - iLo', 'colsFull')}
  for (let bt = 0; bt < batch; bt++) {
    const ao = bt * strideA, bo = bt * strideB, co = bt * m * n;
    for (let j0 = 0; j0 < colsFull; j0 += NB) {
      const nb = Math.min(NB, colsFull - j0), panels = nb / T;
      let d = bpAt / 8;
      for (let q = 0; q < panels; q++) {
        for (let p = 0; p < k; p++, d += T) {
          const s = bo + p * rowB + (j0 + q * T) * colB;
          heap[d] = ${load('b[s]')}; heap[d + 1] = ${load('b[s + colB]')}; heap[d + 2] = ${load('b[s + 2 * colB]')}; heap[d + 3] = ${load('b[s + 3 * colB]')};
        }
      }
      for (let i0 = iLo; i0 < rowsFull; i0 += IB) {
        const ib = Math.min(IB, rowsFull - i0), groups = ib / T;
        let e = apAt / 8;
        for (let g = 0; g < groups; g++) {
          for (let p = 0; p < k; p++, e += T) {
            const s = ao + (i0 + g * T) * rowA + p * colA;
            heap[e] = ${load('a[s]')}; heap[e + 1] = ${load('a[s + rowA]')}; heap[e + 2] = ${load('a[s + 2 * rowA]')}; heap[e + 3] = ${load('a[s + 3 * rowA]')};
          }
        }
        run(apAt, bpAt, outAt, k, groups, panels);
        for (let r = 0, f = outAt / 8; r < ib; r++, f += nb) {
          const o = co + (i0 + r) * n + j0;
          for (let j = 0; j < nb; j++) c[o + j] = ${store('heap[f + j]')};
        }
      }
    }
    for (let i = rowsFull; i < iHi; i++) for (let j = 0; j < n; j++) one(ao, bo, co, i, j);
    for (let i = iLo; i < rowsFull; i++) for (let j = colsFull; j < n; j++) one(ao, bo, co, i, j);
  }`;
}
