// The JS around the CPU backend's float32 matmul in WebAssembly (issue 22): tiles of 4 x 8 outputs in
// eight f32x4 accumulators (./wasm-matmul.ts's module with 'f32x4' lanes), twice the lanes of its
// f64x2 tiles. Every output sums
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
import { blockLines, tileShape } from './wasm-matmul.js';

/** Tile rows and columns (the module: wasm-matmul.ts's wasmMatmulModule('f32x4')). */
const { rows: ROWS, cols: COLS } = tileShape('f32x4');
/**
 * The JS that runs a float32 matmul through the module `$mm` for rows iLo .. iHi - 1 of every
 * matrix (the variables of floatMatmulBody's function), padded tiles included.
 */
export function wasmMatmulF32Lines(): string {
  return `
  const TR = ${ROWS}, TC = ${COLS};
  const rows = iHi - iLo, rowsPadded = Math.ceil(rows / TR) * TR, colsPadded = Math.ceil(n / TC) * TC;
${blockLines(ROWS, COLS, 4, 'rowsPadded', 'colsPadded')}
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
