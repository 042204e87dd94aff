// The JS matmul for float dtypes: 4 x 4 register tiles over packed panels of B. Every output sums
// a[i, p] * b[p, j] in double for p = 0, 1, ..., k - 1 in order, from 0, as the plain loop did, so
// the result is the same bit for bit; only where the operands are read from changes:
//   - B is copied once per matrix into panels of 4 columns (k x 4 doubles each, read in order);
//   - rows go in blocks of 64 (that block of A stays in cache while every panel passes);
//   - a tile keeps its 16 sums in locals; edge rows and columns take the one-output loop.

/**
 * The body of `(a, b, c, batch, m, n, k, strideA, strideB)` for a float dtype; `load` reads an
 * element as a number (float16: from its bits), `store` writes a sum as the dtype stores it.
 */
export function floatMatmulBody(load: (x: string) => string, store: (x: string) => string): string {
  const tile = [0, 1, 2, 3];
  const sums = tile.flatMap((r) => tile.map((c) => `c${r}${c}`));
  return `
  const JW = 4, IB = 64;
  const panels = Math.floor(n / JW);
  const bp = new Float64Array(panels * k * JW);
  const one = (ao, bo, co, i, j) => {
    let s = 0;
    for (let p = 0; p < k; p++) s += ${load('a[ao + i * k + p]')} * ${load('b[bo + p * n + j]')};
    c[co + i * n + j] = ${store('s')};
  };
  for (let bt = 0; bt < batch; bt++) {
    const ao = bt * strideA, bo = bt * strideB, co = bt * m * n;
    if (bt === 0 || strideB !== 0) {
      for (let q = 0; q < panels; q++) {
        let d = q * k * JW;
        for (let p = 0; p < k; p++, d += JW) {
          const s = bo + p * n + q * JW;
          bp[d] = ${load('b[s]')}; bp[d + 1] = ${load('b[s + 1]')}; bp[d + 2] = ${load('b[s + 2]')}; bp[d + 3] = ${load('b[s + 3]')};
        }
      }
    }
    for (let i0 = 0; i0 < m; i0 += IB) {
      const i1 = Math.min(m, i0 + IB);
      const full = i0 + ((i1 - i0) & ~3);
      for (let q = 0; q < panels; q++) {
        const base = q * k * JW, j0 = q * JW;
        for (let i = i0; i < full; i += 4) {
          const a0 = ao + i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
          let ${sums.map((s) => `${s} = 0`).join(', ')};
          for (let p = 0, d = base; p < k; p++, d += JW) {
            const b0 = bp[d], b1 = bp[d + 1], b2 = bp[d + 2], b3 = bp[d + 3];
${tile.map((r) => `            { const x = ${load(`a[a${r} + p]`)}; ${tile.map((c) => `c${r}${c} += x * b${c};`).join(' ')} }`).join('\n')}
          }
          let o = co + i * n + j0;
${tile.map((r) => `          ${r > 0 ? 'o += n; ' : ''}${tile.map((c) => `c[o + ${c}] = ${store(`c${r}${c}`)};`).join(' ')}`).join('\n')}
        }
      }
      // Edge rows (all columns of the panels) and edge columns (every row of the block).
      for (let i = full; i < i1; i++) for (let j = 0; j < panels * JW; j++) one(ao, bo, co, i, j);
      for (let i = i0; i < i1; i++) for (let j = panels * JW; j < n; j++) one(ao, bo, co, i, j);
    }
  }`;
}
