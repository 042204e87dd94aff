// The CPU backend's real float matmul (src/codegen/matmul-js-float.ts, its WebAssembly tiles in
// src/codegen/wasm-matmul.ts and wasm-matmul-f32.ts) against the sum it promises: each output is
// a[i, p] * b[p, j] added for p = 0 .. k - 1 in order, from 0 (float64 in double; float32 in float32,
// the product and each sum rounded), then stored as the dtype. A plain loop here computes that sum,
// so the comparison is bit for bit: over shapes around the 4 x 4 and 4 x 8 tiles (padded edges), the
// WebAssembly cut-over and the thread split, transposed and batched operands, NaN and Inf, one and two
// threads. On a GPU backend cuBLAS sums in its own order, so there the check is NumPy's tolerance.
import { afterEach, describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';

setBackendNotice(() => {});

const ON_CPU = cp.currentBackend() === 'cpu';

/** Values with a few NaN and Inf where `special`; deterministic (a small LCG). */
function values(count: number, seed: number, special = false): number[] {
  let s = seed >>> 0 || 1;
  return Array.from({ length: count }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const u = s / 2 ** 32;
    if (special && u < 0.01) return u < 0.005 ? NaN : Infinity;
    return u * 4 - 2;
  });
}

/** The promised sum for (batch, m, k) @ (batch, k, n), rounded as `dtype` stores it. */
function expected(a: Float64Array, b: Float64Array, batch: number, m: number, n: number, k: number, dtype: 'float32' | 'float64'): number[] {
  const out: number[] = [];
  for (let t = 0; t < batch; t++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) {
          const x = a[t * m * k + i * k + p], y = b[t * k * n + p * n + j];
          s = dtype === 'float32' ? Math.fround(s + Math.fround(x * y)) : s + x * y;
        }
        out.push(s);
      }
    }
  }
  return out;
}

const sameBits = (x: number, y: number) => Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y));

describe('CPU matmul of real floats', () => {
  const threads = cp.config.cpuThreads;
  afterEach(() => {
    cp.config.cpuThreads = threads;
  });

  const SHAPES: Array<[batch: number, m: number, n: number, k: number]> = [
    [1, 4, 4, 4], [1, 5, 7, 3], [1, 33, 31, 40], [1, 64, 64, 64], [1, 67, 70, 65], [3, 36, 40, 33], [1, 130, 9, 300], [1, 8, 300, 20], [1, 40, 40, 0],
    [1, 1, 100, 400], [1, 3, 17, 700], [2, 45, 33, 30], [1, 130, 257, 260],
  ];
  for (const dtype of ['float32', 'float64'] as const) {
    it(`${dtype}: every output is the in-order sum, bit for bit (tiles, edges, batches, transposes, NaN/Inf, threads)`, () => {
      for (const [batch, m, n, k] of SHAPES) {
        for (const threadCount of [1, 2]) {
          cp.config.cpuThreads = threadCount;
          const av = values(batch * m * k, m * 7 + k, true), bv = values(batch * k * n, n * 13 + k, true);
          const a = cp.array(av, { dtype }).reshape([batch, m, k]);
          const b = cp.array(bv, { dtype }).reshape([batch, k, n]);
          const ad = Float64Array.from(a.dataSync() as Float32Array | Float64Array);
          const bd = Float64Array.from(b.dataSync() as Float32Array | Float64Array);
          const want = expected(ad, bd, batch, m, n, k, dtype);
          // b through a transposed copy: the kernel reads it with swapped strides
          const bT = cp.ascontiguousarray(cp.swapaxes(b, 1, 2));
          for (const [label, got] of [['plain', cp.matmul(a, b)], ['transposed b', cp.matmul(a, cp.swapaxes(bT, 1, 2))]] as const) {
            const data = Array.from(got.dataSync() as Float32Array | Float64Array);
            expect(got.shape).toEqual([batch, m, n]);
            if (ON_CPU) {
              const bad = data.findIndex((x, i) => !sameBits(x, want[i]));
              expect(bad === -1 ? '' : `${dtype} ${[batch, m, n, k]} ${label} threads ${threadCount}: [${bad}] ${data[bad]} != ${want[bad]}`).toBe('');
            } else {
              const tol = dtype === 'float32' ? 1e-4 : 1e-12;
              const bad = data.findIndex((x, i) => !(sameBits(x, want[i]) || Math.abs(x - want[i]) <= tol * (1 + Math.abs(want[i]))));
              expect(bad).toBe(-1);
            }
          }
        }
      }
    });
  }
});
