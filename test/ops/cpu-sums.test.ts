// The CPU backend's float sums against NumPy bit for bit: a row whose reduced axis is contiguous
// (and a full sum) sums pairwise as NumPy's pairwise_sum does; a sum over axis 0 of a C-order
// matrix adds row after row as NumPy's reduction does (src/codegen/js-reduce.ts).
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { parallelLimits } from '../../src/api/cpu-parallel.js';
import { currentBackend, setBackendNotice, useBackend } from '../../src/runtime/backend.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { numpy, randomArray, type HostArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

/** Bit patterns, so that signed zeros and NaNs compare too. */
const bits = (h: HostArray) => Buffer.from(new Uint8Array(h.data.buffer, h.data.byteOffset, h.data.byteLength)).toString('hex');

describe.runIf(currentBackend() === 'cpu')('CPU float sums are bitwise NumPy\'s', () => {
  const sizes = [1, 7, 8, 9, 16, 127, 128, 129, 255, 1000, 1025, 4097, 65537];
  const cases: Array<[string, () => cp.NDArray, string, Record<string, HostArray>]> = [];
  for (const dtype of ['float32', 'float64'] as const) {
    for (const n of sizes) {
      const x = randomArray(dtype, [n], n, { low: -100, high: 100 });
      cases.push([`${dtype} sum of ${n}`, () => toDevice(x).sum(), 'np.sum(x)', { x }]);
    }
    const m = randomArray(dtype, [37, 1031], 3, { low: -10, high: 10 });
    cases.push([`${dtype} row sums of 37 x 1031`, () => toDevice(m).sum({ axis: 1 }), 'np.sum(m, axis=1)', { m }]);
    cases.push([`${dtype} column sums of 37 x 1031`, () => toDevice(m).sum({ axis: 0 }), 'np.sum(m, axis=0)', { m }]);
    cases.push([`${dtype} mean of 37 x 1031`, () => toDevice(m).mean(), 'np.mean(m)', { m }]);
    cases.push([`${dtype} sums over the last axis of a transposed view`, () => toDevice(m).T.sum({ axis: 0 }), 'np.sum(m.T, axis=0)', { m }]);
  }
  // Float32 rows in the CPU heap are summed by a line of rows per WebAssembly call (wasm-reduce.ts,
  // wasmPairwiseRowsLines): rows across its threshold, kept dims strided, transposed and broadcast.
  for (const L of [3, 4, 5, 8, 31, 64, 130, 1000]) {
    const t = randomArray('float32', [5, 14, L], L, { low: -10, high: 10 });
    const a = randomArray('float32', [6, L], L + 1, { low: -3, high: 3 });
    const b = randomArray('float32', [9, L], L + 2, { low: -3, high: 3 });
    cases.push([`float32 sums over the last axis of 5 x 14 x ${L}`, () => toDevice(t).sum({ axis: -1 }), 'np.sum(t, axis=-1)', { t }]);
    cases.push([`float32 sums over the last axis of a slice of 5 x 14 x ${L}`, () => toDevice(t).get([cp.slice(null, null, 2), cp.slice(1, null, 3)]).sum({ axis: 2 }), 'np.sum(t[::2, 1::3], axis=2)', { t }]);
    cases.push([`float32 sums over the last axis of 5 x 14 x ${L} transposed`, () => toDevice(t).transpose(1, 0, 2).sum({ axis: -1 }), 'np.sum(t.transpose(1, 0, 2), axis=-1)', { t }]);
    cases.push([`float32 pairwise squared distances of ${L} features`, () => cp.expand_dims(toDevice(a), 1).sub(cp.expand_dims(toDevice(b), 0)).square().sum({ axis: -1 }),
      'np.sum(np.square(a[:, None, :] - b[None, :, :]), axis=-1)', { a, b }]);
  }
  // Float32 column sums in WebAssembly (wasm-reduce.ts, columnFoldsInPlace): narrow matrices from 4
  // columns, one over 16 MiB that streams a row per pass, and short matrices of more outputs than
  // a kernel keeps accumulators for (2^15: the sums are read from the heap's scratch block).
  // Where the sums are the output as they are, the module writes them into it (colDirect); a mean,
  // a cast or a consumer reads them from the scratch block.
  for (const [R, C] of [[50, 4], [33, 5], [300, 64], [129, 100], [4097, 1024], [4, 131075], [3, 40000]]) {
    const c = randomArray('float32', [R, C], R + C, { low: -10, high: 10 });
    cases.push([`float32 column sums of ${R} x ${C}`, () => toDevice(c).sum({ axis: 0 }), 'np.sum(c, axis=0)', { c }]);
    cases.push([`float32 column means of ${R} x ${C}`, () => toDevice(c).mean({ axis: 0 }), 'np.mean(c, axis=0)', { c }]);
    cases.push([`float32 column sums of ${R} x ${C} as float64, and times 3`, () => toDevice(c).sum({ axis: 0 }).astype('float64').mul(3),
      'np.sum(c, axis=0).astype(np.float64) * 3', { c }]);
  }
  // Float32 column max and min in the same modules (columnCombine): NumPy's maximum (minimum) down
  // each column in row order, so NaNs and infinities come out as NumPy's, bit for bit (which zero a tie
  // of -0 and +0 keeps: the test further down).
  // 3 x 4 and 2 x 5 (under 64 bytes) lie outside the CPU heap: the module that copies each row in.
  for (const [R, C] of [[3, 4], [2, 5], [50, 4], [33, 5], [300, 64], [129, 100], [3, 40000], [4097, 1024]]) {
    const c = randomArray('float32', [R, C], R * C, { low: -10, high: 10 });
    const special = [NaN, 0, -0, Infinity, -Infinity];
    for (let k = 0; k < c.data.length; k += 7) (c.data as Float32Array)[k] = special[(k / 7) % special.length];
    const z = randomArray('float32', [R, C], R + 2 * C, { low: -1, high: 1 });
    cases.push([`float32 column max of ${R} x ${C} with NaN, signed zeros and infinities`, () => toDevice(c).max({ axis: 0 }), 'np.max(c, axis=0)', { c }]);
    cases.push([`float32 column min of ${R} x ${C} with NaN, signed zeros and infinities`, () => toDevice(c).min({ axis: 0 }), 'np.min(c, axis=0)', { c }]);
    cases.push([`float32 column min of ${R} x ${C} of a producer`, () => toDevice(z).add(toDevice(c).mul(2)).min({ axis: 0 }), 'np.min(z + c * np.float32(2), axis=0)', { z, c }]);
  }
  // Float32 cumsum and cumprod lines in the CPU heap run in WebAssembly in quads (wasm-reduce.ts,
  // wasmScanModule), the tail in JS: in order, so NumPy's bits. Lengths across 16 and the quads.
  for (const L of [15, 16, 17, 64, 1023]) {
    const t = randomArray('float32', [3, L], L + 7, { low: -2, high: 2 });
    const q = randomArray('float32', [3, L], L + 8, { low: 0.9, high: 1.1 });
    cases.push([`float32 cumsum of 3 x ${L} along rows, with a producer`, () => cp.cumsum(toDevice(t).mul(3).add(1), { axis: 1 }), 'np.cumsum(t * np.float32(3) + np.float32(1), axis=1)', { t }]);
    cases.push([`float32 cumprod of 3 x ${L} along rows`, () => cp.cumprod(toDevice(q), { axis: -1 }), 'np.cumprod(q, axis=-1)', { q }]);
    cases.push([`float32 cumsum of 3 x ${L} flattened`, () => cp.cumsum(toDevice(t)), 'np.cumsum(t)', { t }]);
  }
  const want = numpy(cases.map(([, , expr, inputs]) => ({ expr, inputs })));
  cases.forEach(([label, run], i) => {
    it(label, () => {
      const w = want[i];
      if (!w.ok) throw new Error(`NumPy: ${w.error}`);
      expect(bits(toHost(run()))).toBe(bits(w.value as HostArray));
    });
  });

  // Which of -0 and +0 a max keeps: the first, in the JS walk and the module alike (NumPy's SIMD
  // maximum may keep either). Every other column of a wider matrix walks in JS (a kept stride of 2).
  it.each([[50, 4], [33, 5], [129, 100], [3, 4000]])('float32 column max and min of %i x %i signed zeros: the module gives the JS walk\'s bits', (R, C) => {
    const w = randomArray('float32', [R, 2 * C], R + C, { low: -1, high: 1 });
    (w.data as Float32Array).forEach((v, k) => { (w.data as Float32Array)[k] = v < 0 ? -0 : 0; });
    const strided = () => toDevice(w).get([cp.slice(null), cp.slice(null, null, 2)]);
    for (const op of ['max', 'min'] as const) {
      const js = toHost(strided()[op]({ axis: 0 }));
      const wasm = toHost(toDevice(toHost(strided()))[op]({ axis: 0 }));
      expect(bits(wasm)).toBe(bits(js));
    }
  });

  it('writes float32 column sums into the output, split over threads or not, to the same bits', () => {
    useBackend('cpu');
    const c = randomArray('float32', [64, 4100], 5, { low: -10, high: 10 });
    const x = toDevice(c);
    const y = x.sum({ axis: 0 });
    expect(cp.explain(y).kernels.some((k) => k.source.includes('if (!colDirect)'))).toBe(true);
    const threads = cp.config.cpuThreads, limit = parallelLimits.minCost;
    try {
      cp.config.cpuThreads = 1;
      const one = [bits(toHost(x.sum({ axis: 0 }))), bits(toHost(x.max({ axis: 0 })))];
      cp.config.cpuThreads = 2;
      parallelLimits.minCost = 1;
      expect([bits(toHost(x.sum({ axis: 0 }))), bits(toHost(x.max({ axis: 0 })))]).toEqual(one);
    } finally {
      cp.config.cpuThreads = threads;
      parallelLimits.minCost = limit;
    }
  });

  it('sums float32 rows of the CPU heap a line of rows per WebAssembly call', () => {
    useBackend('cpu');
    const y = cp.ones([5, 14, 64], { dtype: 'float32' }).mul(2).sum({ axis: -1 });
    expect(cp.explain(y).kernels.some((k) => k.source.includes(').rows;'))).toBe(true);
    expect(Array.from(y.toTypedArray() as Float32Array)).toEqual(new Array(70).fill(128));
  });

  it('scans float32 lines in the heap in WebAssembly, to the bits of the JS loop outside it', () => {
    useBackend('cpu');
    const a = randomArray('float32', [4, 203], 11, { low: -3, high: 3 });
    (a.data as Float32Array)[77] = NaN;
    (a.data as Float32Array)[300] = Infinity;
    const heap = toDevice(a);
    const own = cp.fromTypedArray((a.data as Float32Array).slice()).reshape([4, 203]);
    const y = cp.cumsum(heap.mul(0.5), { axis: 1 });
    expect(cp.explain(y).kernels.some((k) => k.source.includes('$wscanH'))).toBe(true);
    expect(bits(toHost(y))).toBe(bits(toHost(cp.cumsum(own.mul(0.5), { axis: 1 }))));
    expect(bits(toHost(cp.cumprod(heap, { axis: 1 })))).toBe(bits(toHost(cp.cumprod(own, { axis: 1 }))));
  });

  it('sums empty rows to +0 and keeps NaN and inf', () => {
    useBackend('cpu');
    expect(Array.from(cp.zeros([3, 0], { dtype: 'float32' }).sum({ axis: 1 }).toTypedArray() as Float32Array)).toEqual([0, 0, 0]);
    const v = new Float32Array(300).fill(1);
    v[200] = NaN;
    expect(Number.isNaN(cp.asarray(v).sum().item() as number)).toBe(true);
    v[200] = Infinity;
    expect(cp.asarray(v).sum().item()).toBe(Infinity);
  });
});
