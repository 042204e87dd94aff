// The JS matmul for real float dtypes: register tiles over packed panels of A and B. Every
// output sums a[i, p] * b[p, j] for p = 0, 1, ..., k - 1 in order, from 0, as the plain loop does
// (float32 in float32, each product and each sum rounded, as ./wasm-matmul-f32.ts's lanes compute
// it; float16 and float64 in double), so the result is the same bit for bit whatever the tiling or
// the thread count; only where the operands are read from changes:
//   - B is copied once per matrix into panels of TC columns (k x TC doubles, read in order), so a
//     strided or transposed B costs one pass;
//   - rows go in blocks of IB, each copied into panels of TR rows (k x TR doubles);
//   - a tile keeps its TR x TC sums in locals; edge rows and columns take the one-output loop.
// Rows iLo .. iHi - 1 of every matrix of the batch are computed, so that threads can each take a
// block of rows (each packs B for itself). Where WebAssembly is there (`$mm`) and the call is big
// enough, its tiles do the work instead, with the same sums: float32 in f32x4 lanes
// (./wasm-matmul-f32.ts, every shape in whole padded tiles), the others in f64x2 (./wasm-matmul.ts,
// the full 4 x 4 tiles).

import { WASM_MM_TILE, wasmMatmulLines } from './wasm-matmul.js';
import { wasmMatmulF32Lines } from './wasm-matmul-f32.js';

/** Multiply-adds of a call (rows x columns x k) from which WebAssembly runs it: 32^3. */
const WASM_MM_MIN_WORK = 32 ** 3;

/** Tile rows and columns: 2 x 4 sums, 4 values of B and 2 of A fit x64's 16 vector registers (4 x 4 spilled). */
const TR = 2;
const TC = 4;
/** Rows per block of A. */
const IB = 64;

/**
 * The body of `(a, b, c, batch, m, n, k, strideA, strideB, rowA, colA, rowB, colB, conjA, iLo, iHi)`
 * for a real float dtype; `load` reads an element as a number (float16: from its bits), `store`
 * writes a sum as the dtype stores it; `f32`: float32, summed in float32.
 */
export function floatMatmulBody(load: (x: string) => string, store: (x: string) => string, f32 = false): string {
  const wasm = f32 ? wasmMatmulF32Lines() : wasmMatmulLines(load, store);
  /** `s += x * y` in the sum's precision. */
  const fma = (s: string, x: string, y: string) => (f32 ? `${s} = Math.fround(${s} + Math.fround(${x} * ${y}));` : `${s} += ${x} * ${y};`);
  const wasmFits = f32 ? 'true' : `iHi - iLo >= ${WASM_MM_TILE} && n >= ${WASM_MM_TILE}`;
  const rows = Array.from({ length: TR }, (_, r) => r);
  const cols = Array.from({ length: TC }, (_, c) => c);
  const sums = rows.flatMap((r) => cols.map((c) => `c${r}${c}`));
  return `
  const TR = ${TR}, TC = ${TC}, IB = ${IB};
  const one = (ao, bo, co, i, j) => {
    let s = 0;
    for (let p = 0; p < k; p++) ${fma('s', load('a[ao + i * rowA + p * colA]'), load('b[bo + p * rowB + j * colB]'))}
    c[co + i * n + j] = ${store('s')};
  };
  // WebAssembly's tiles where there is work enough to pay for the packing
  if ($mm !== undefined && (iHi - iLo) * n * k >= ${WASM_MM_MIN_WORK} && ${wasmFits}) {${wasm}
    return;
  }
  const panels = Math.floor(n / TC);
  const bp = new Float64Array(panels * k * TC);
  const ap = new Float64Array(IB * k);
  for (let bt = 0; bt < batch; bt++) {
    const ao = bt * strideA, bo = bt * strideB, co = bt * m * n;
    if (bt === 0 || strideB !== 0) {
      for (let q = 0; q < panels; q++) {
        let d = q * k * TC;
        for (let p = 0; p < k; p++, d += TC) {
          const s = bo + p * rowB + q * TC * colB;
${cols.map((c) => `          bp[d + ${c}] = ${load(`b[s + ${c} * colB]`)};`).join('\n')}
        }
      }
    }
    for (let i0 = iLo; i0 < iHi; i0 += IB) {
      const i1 = Math.min(iHi, i0 + IB);
      const full = i0 + (i1 - i0) - ((i1 - i0) % TR);
      for (let i = i0; i < full; i += TR) {
        let d = (i - i0) * k;
        for (let p = 0; p < k; p++, d += TR) {
          const s = ao + i * rowA + p * colA;
${rows.map((r) => `          ap[d + ${r}] = ${load(`a[s + ${r} * rowA]`)};`).join('\n')}
        }
      }
      for (let q = 0; q < panels; q++) {
        const base = q * k * TC, j0 = q * TC;
        for (let i = i0; i < full; i += TR) {
          let ${sums.map((s) => `${s} = 0`).join(', ')};
          for (let p = 0, d = base, e = (i - i0) * k; p < k; p++, d += TC, e += TR) {
            const ${cols.map((c) => `b${c} = bp[d + ${c}]`).join(', ')};
${rows.map((r) => `            { const x = ap[e + ${r}]; ${cols.map((c) => fma(`c${r}${c}`, 'x', `b${c}`)).join(' ')} }`).join('\n')}
          }
          let o = co + i * n + j0;
${rows.map((r) => `          ${r > 0 ? 'o += n; ' : ''}${cols.map((c) => `c[o + ${c}] = ${store(`c${r}${c}`)};`).join(' ')}`).join('\n')}
        }
      }
      // Edge rows (all columns of the panels) and edge columns (every row of the block).
      for (let i = full; i < i1; i++) for (let j = 0; j < panels * TC; j++) one(ao, bo, co, i, j);
      for (let i = i0; i < i1; i++) for (let j = panels * TC; j < n; j++) one(ao, bo, co, i, j);
    }
  }`;
}
