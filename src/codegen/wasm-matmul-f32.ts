// WebAssembly SIMD for the CPU backend's float32 matmul (issue 22): tiles of 4 x 8 outputs in eight
// f32x4 accumulators, twice the lanes of the f64x2 tiles of ./wasm-matmul.ts. Every output sums
// fround(a[i, p] * b[p, j]) into a float32 sum for p = 0, 1, ..., k - 1 in order, from 0 (a mul then
// an add per lane, each rounded to float32: no fused multiply-add), which is what the JS loops of
// ./matmul-js-float.ts compute for float32 too, so the result is the same bit for bit whatever the
// tiling, the blocking or the thread count. NumPy's float32 matmul (BLAS sgemm) also sums in float32.
//
// The JS wrapper packs a block of B's columns as panels of 8 (k x 8 floats each, read in order) and a
// block of A's rows as groups of 4 (k x 4 floats each), both padded with zeros past the matrix's
// edge: a padded row or column only feeds outputs that are never stored, so every shape runs whole
// tiles (no slow edge loop). `run` fills the block's outputs, row-major, and the wrapper stores the
// ones inside the matrix into C.
import { I32, i32Const as i32, localGet as get, localSet as set, memarg, op, simd, simdOp, V128, wasmModule } from './wasm-module.js';

/** Tile rows and columns. */
const ROWS = 4;
const COLS = 8;
/** The packed B block and A block hold at most this many floats each (4 MiB). */
const BLOCK_FLOATS = 1 << 20;
/** v128.load32_splat: one float into the four lanes. */
const LOAD32_SPLAT = 9;

const add = [op.i32Add];
const mul = [op.i32Mul];
const geS = [op.i32GeS];

// Parameters: the packed A block, the packed B block and the output block (byte offsets), k, the
// row groups and the column panels of the block.
const [AP, BP, OUT, K, GROUPS, PANELS] = [0, 1, 2, 3, 4, 5];
// i32 locals: group, panel, the A and B read pointers, B's end, the output pointer, the output row's bytes.
const [G, Q, A, B, END, O, ROW] = [6, 7, 8, 9, 10, 11, 12];
// v128 locals: 8 accumulators (row r, columns 4h .. 4h + 3 at ACC + 2r + h), two of B, one of A.
const ACC = 13;
const [B0, B1, AV] = [21, 22, 23];

function tileBody(): number[] {
  const v = (index: number) => simdOp(index);
  const zero = [...v(simd.const), ...new Array(16).fill(0)];
  const acc = (r: number, h: number) => ACC + 2 * r + h;
  const step: number[] = [
    ...get(B), ...v(simd.load), ...memarg(4, 0), ...set(B0),
    ...get(B), ...v(simd.load), ...memarg(4, 16), ...set(B1),
  ];
  for (let r = 0; r < ROWS; r++) {
    step.push(...get(A), ...v(LOAD32_SPLAT), ...memarg(2, 4 * r), ...set(AV));
    for (let h = 0; h < 2; h++) {
      step.push(...get(acc(r, h)), ...get(AV), ...get(h === 0 ? B0 : B1), ...v(simd.f32x4Mul), ...v(simd.f32x4Add), ...set(acc(r, h)));
    }
  }
  step.push(...get(A), ...i32(4 * ROWS), ...add, ...set(A), ...get(B), ...i32(4 * COLS), ...add, ...set(B));
  const store: number[] = [];
  for (let r = 0; r < ROWS; r++) {
    for (let h = 0; h < 2; h++) store.push(...get(O), ...get(acc(r, h)), ...v(simd.store), ...memarg(4, 16 * h));
    store.push(...get(O), ...get(ROW), ...add, ...set(O));
  }
  return [
    // ROW = PANELS * 32 bytes: one output row of the block
    ...get(PANELS), ...i32(4 * COLS), ...mul, ...set(ROW),
    ...i32(0), ...set(G),
    op.block, op.voidType, op.loop, op.voidType,
    ...get(G), ...get(GROUPS), ...geS, op.brIf, 1,
    ...i32(0), ...set(Q),
    op.block, op.voidType, op.loop, op.voidType,
    ...get(Q), ...get(PANELS), ...geS, op.brIf, 1,
    ...Array.from({ length: 8 }, (_, i) => [...zero, ...set(ACC + i)]).flat(),
    // A = AP + G * K * 16, B = BP + Q * K * 32, END = B + K * 32
    ...get(AP), ...get(G), ...get(K), ...mul, ...i32(4 * ROWS), ...mul, ...add, ...set(A),
    ...get(BP), ...get(Q), ...get(K), ...mul, ...i32(4 * COLS), ...mul, ...add, ...set(B),
    ...get(B), ...get(K), ...i32(4 * COLS), ...mul, ...add, ...set(END),
    op.block, op.voidType, op.loop, op.voidType,
    ...get(B), ...get(END), ...geS, op.brIf, 1,
    ...step,
    op.br, 0,
    op.end, op.end,
    // O = OUT + G * 4 * ROW + Q * 32
    ...get(OUT), ...get(G), ...get(ROW), ...mul, ...i32(ROWS), ...mul, ...add, ...get(Q), ...i32(4 * COLS), ...mul, ...add, ...set(O),
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
export function wasmMatmulF32Module(): Uint8Array {
  return wasmModule([], 1, {
    params: [I32, I32, I32, I32, I32, I32],
    locals: [...new Array(7).fill(I32), ...new Array(11).fill(V128)],
    body: tileBody(),
  });
}

/**
 * The JS that runs a float32 matmul through the module `$mm` for rows iLo .. iHi - 1 of every
 * matrix (the variables of floatMatmulBody's function), padded tiles included.
 */
export function wasmMatmulF32Lines(): string {
  return `
  const TR = ${ROWS}, TC = ${COLS};
  const rows = iHi - iLo, rowsPadded = Math.ceil(rows / TR) * TR, colsPadded = Math.ceil(n / TC) * TC;
  // Column blocks of NB (a multiple of TC) and row blocks of IB (a multiple of TR) whose packed
  // operands hold at most ${BLOCK_FLOATS} floats each.
  const NB = Math.max(TC, Math.min(colsPadded, Math.floor(${BLOCK_FLOATS} / Math.max(k, 1) / TC) * TC));
  const IB = Math.max(TR, Math.min(rowsPadded, 256, Math.floor(${BLOCK_FLOATS} / Math.max(k, 1) / TR) * TR));
  const bBytes = NB * k * 4, aBytes = IB * k * 4, outBytes = IB * NB * 4;
  const mem = $mm.exports.mem;
  const need = bBytes + aBytes + outBytes;
  if (mem.buffer.byteLength < need) mem.grow(Math.ceil((need - mem.buffer.byteLength) / 65536));
  const heap = new Float32Array(mem.buffer);
  const bpAt = 0, apAt = bBytes, outAt = bBytes + aBytes;
  const run = $mm.exports.run;
  for (let bt = 0; bt < batch; bt++) {
    const ao = bt * strideA, bo = bt * strideB, co = bt * m * n;
    for (let j0 = 0; j0 < colsPadded; j0 += NB) {
      const nb = Math.min(NB, colsPadded - j0), panels = nb / TC;
      let d = bpAt / 4;
      for (let q = 0; q < panels; q++) {
        const jq = j0 + q * TC, w = Math.min(TC, n - jq);
        for (let p = 0; p < k; p++, d += TC) {
          const s = bo + p * rowB + jq * colB;
          if (w === TC) {
            heap[d] = b[s]; heap[d + 1] = b[s + colB]; heap[d + 2] = b[s + 2 * colB]; heap[d + 3] = b[s + 3 * colB];
            heap[d + 4] = b[s + 4 * colB]; heap[d + 5] = b[s + 5 * colB]; heap[d + 6] = b[s + 6 * colB]; heap[d + 7] = b[s + 7 * colB];
          } else {
            for (let t = 0; t < TC; t++) heap[d + t] = t < w ? b[s + t * colB] : 0;
          }
        }
      }
      for (let i0 = iLo; i0 < iHi; i0 += IB) {
        const ib = Math.min(IB, iHi - i0), groups = Math.ceil(ib / TR);
        let e = apAt / 4;
        for (let g = 0; g < groups; g++) {
          const ig = i0 + g * TR, h = Math.min(TR, iHi - ig);
          for (let p = 0; p < k; p++, e += TR) {
            const s = ao + ig * rowA + p * colA;
            if (h === TR) { heap[e] = a[s]; heap[e + 1] = a[s + rowA]; heap[e + 2] = a[s + 2 * rowA]; heap[e + 3] = a[s + 3 * rowA]; }
            else for (let t = 0; t < TR; t++) heap[e + t] = t < h ? a[s + t * rowA] : 0;
          }
        }
        run(apAt, bpAt, outAt, k, groups, panels);
        const width = Math.min(nb, n - j0);
        for (let r = 0, f = outAt / 4; r < ib; r++, f += nb) c.set(heap.subarray(f, f + width), co + (i0 + r) * n + j0);
      }
    }
  }`;
}
