// A reduction computed first (a producer of another reduction reads it) and also scheduled as a
// phase of the later reduce group is read as data there, not computed again: computed nodes drop
// their inputs (forgetInputs), so planning it again crashed with a TypeError (logsumexp with
// keepdims=false: max, then sum(exp(x - max)) + reshape(max)).
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';

setBackendNotice(() => {});

/** log(sum(exp(x - m))) + m over axis 0 of a row-major [rows, cols] Float32Array, in float64. */
function logsumexpColumns(data: Float32Array, rows: number, cols: number): number[] {
  return Array.from({ length: cols }, (_, j) => {
    let m = -Infinity;
    for (let i = 0; i < rows; i++) m = Math.max(m, data[i * cols + j]);
    let s = 0;
    for (let i = 0; i < rows; i++) s += Math.exp(data[i * cols + j] - m);
    return Math.log(s) + m;
  });
}

describe('a reduction computed before the group that lists it as a phase', () => {
  it.each([[2, 3], [7, 33], [130, 5]])('logsumexp over axis 0 of a (%i, %i) float32 array', (rows, cols) => {
    const data = Float32Array.from({ length: rows * cols }, (_, k) => Math.sin(k * 1.7) * 4);
    const x = cp.asarray(data).reshape([rows, cols]);
    const m = cp.max(x, { axis: 0, keepdims: true });
    const s = cp.sum(cp.exp(cp.subtract(x, m)), { axis: 0 });
    const r = cp.add(cp.log(s), cp.reshape(m, s.shape));
    const got = Array.from(r.dataSync() as Float32Array);
    const want = logsumexpColumns(data, rows, cols);
    got.forEach((v, j) => expect(v).toBeCloseTo(want[j], 4));
    const viaSpecial = Array.from(cp.special.logsumexp(x, 0).dataSync() as Float32Array);
    viaSpecial.forEach((v, j) => expect(v).toBeCloseTo(want[j], 4));
  });
});
