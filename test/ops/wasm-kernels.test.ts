// The CPU backend's WebAssembly SIMD kernels against NumPy. Flat float elementwise plans
// (src/codegen/wasm-elementwise.ts): float32 (four lanes, float32 exp/sin/cos polynomials), float64 and mixed plans
// (two lanes; a float64 exp, sin or cos leaves the plan to the JS loop),
// lengths around the vector, the JS cut-over and the chunk, NaN/Inf/-0, arguments past the fast
// range reduction, broadcast scalars, assignment into a slice, offsets into a buffer, and threads;
// and which plans stay with the JS loop. Pairwise float32 sums of computed values
// (src/codegen/wasm-reduce.ts) at row lengths around its cut-overs (plain sums are checked bit
// for bit against NumPy in cpu-sums.test.ts).
// On other backends the same programs run as their kernels and still meet NumPy.
import { afterEach, describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { parallelLimits } from '../../src/api/cpu-parallel.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import type { CpuBuffer } from '../../src/runtime/cpu-device.js';
import { WASM_CHUNK, WASM_MIN_ELEMENTS } from '../../src/codegen/wasm-elementwise.js';
import { WASM_PW_CAPACITY, WASM_PW_HEAP_MIN, WASM_PW_MIN } from '../../src/codegen/wasm-reduce.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { compareArrays, numpy, numpyOne, randomArray, type CompareOptions, type DTypeName, type HostArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

const ON_CPU = cp.currentBackend() === 'cpu';

function expectNumpy(actual: cp.NDArray, expr: string, inputs: Record<string, HostArray | number>, tol?: CompareOptions): void {
  const want = numpyOne(expr, inputs);
  if (!want.ok) throw new Error(want.error);
  const cmp = compareArrays(toHost(actual), want.value as HostArray, tol);
  expect(cmp.ok ? '' : `${expr}: ${cmp.message}`).toBe('');
}

/** Whether the kernel computing `y` runs through WebAssembly (on the CPU backend). */
const usesWasm = (y: cp.NDArray) => cp.explain(y).kernels.some((k) => k.source.includes('$wasm'));

const LENGTHS = [1, 3, WASM_MIN_ELEMENTS - 1, WASM_MIN_ELEMENTS, WASM_MIN_ELEMENTS + 3, WASM_CHUNK - 1, WASM_CHUNK, WASM_CHUNK + 5, 3 * WASM_CHUNK + 7];

describe('WebAssembly elementwise kernels', () => {
  const threads = cp.config.cpuThreads;
  afterEach(() => {
    cp.config.cpuThreads = threads;
  });

  for (const dtype of ['float32', 'float64'] as DTypeName[]) {
    it(`arithmetic of ${dtype} is NumPy's, bit for bit, at every length`, () => {
      for (const n of LENGTHS) {
        const a = randomArray(dtype, [n], n, { special: true });
        const b = randomArray(dtype, [n], n + 1, { special: true });
        const x = toDevice(a), y = toDevice(b);
        const z = x.mul(2).add(y).sub(x.div(y)).mul(x.abs().sqrt()).neg().add(x.mul(x));
        if (ON_CPU && n >= WASM_MIN_ELEMENTS) expect(usesWasm(z)).toBe(true);
        const f = dtype === 'float32' ? 'np.float32' : 'np.float64';
        expectNumpy(z, `-(((${f}(2) * a + b) - a / b) * np.sqrt(np.abs(a))) + np.square(a)`, { a, b }, { signedZero: true });
      }
    });

    it(`exp, sin and cos of ${dtype} within its tolerance, with NaN, Inf, -0 and large arguments`, () => {
      const cases = LENGTHS.flatMap((n) => {
        const a = randomArray(dtype, [n], 100 + n, { special: true, low: -30, high: 30 });
        return (['exp', 'sin', 'cos'] as const).map((f) => ({ f, a }));
      });
      const want = numpy(cases.map(({ f, a }) => ({ expr: `np.${f}(a)`, inputs: { a } })));
      cases.forEach(({ f, a }, i) => {
        const w = want[i];
        if (!w.ok) throw new Error(w.error);
        const cmp = compareArrays(toHost(toDevice(a)[f]()), w.value as HostArray);
        expect(cmp.ok ? '' : `${f} of ${a.shape[0]}: ${cmp.message}`).toBe('');
      });
      const edges = [0, -0, 1e-30, -1e-30, 88.72, 88.73, -87.3, -103.9, -104, -200, 89, 709, 710, -745, 8191.5, 8192, -8192.5, 65535, 65537, 1e6, -3e7, 1e30, Math.PI, NaN, Infinity, -Infinity];
      const values = Array.from({ length: 512 }, (_, i) => edges[i % edges.length] * (1 + Math.floor(i / edges.length) * 1e-3));
      const a: HostArray = { dtype, shape: [512], data: dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values) };
      const x = toDevice(a);
      for (const f of ['exp', 'sin', 'cos'] as const) {
        const y = x[f]();
        if (ON_CPU) expect(usesWasm(y)).toBe(dtype === 'float32'); // float64's stay in the JS loop
        expectNumpy(y, `np.${f}(a)`, { a });
      }
      // sin(+-0) keeps the zero's sign (the float32 series gave +0 for -0)
      const sines = toHost(x.sin()).data as Float32Array | Float64Array;
      const typed = a.data as Float32Array | Float64Array;
      typed.forEach((v, i) => { if (v === 0) expect(Object.is(sines[i], v), `sin(${Object.is(v, -0) ? '-0' : '0'}) at ${i}`).toBe(true); });
    });
  }

  it.runIf(ON_CPU)('float32 sin and cos within 2 ulp of the rounded Math.sin and Math.cos up to |x| = 8190', () => {
    const n = 1 << 14;
    for (const scale of [1, 30, 1000, 8190]) {
      const data = Float32Array.from({ length: n }, (_, i) => ((((i * 2654435761) >>> 0) / 2 ** 32) * 2 - 1) * scale);
      for (let i = 0; i < 64; i++) data[i] = Math.fround(Math.round(data[i] / (Math.PI / 2)) * (Math.PI / 2)); // near the zeros
      const x = cp.asarray(data);
      for (const f of ['sin', 'cos'] as const) {
        const y = x[f]();
        expect(usesWasm(y)).toBe(true);
        const got = y.toTypedArray() as Float32Array;
        let worstUlps = 0, worstAbs = 0;
        for (let i = 0; i < n; i++) {
          const exact = Math[f](data[i]);
          const want = Math.fround(exact);
          const ulp = 2 ** (Math.floor(Math.log2(Math.max(Math.abs(want), 2 ** -126))) - 23);
          if (i >= 64) worstUlps = Math.max(worstUlps, Math.abs(got[i] - want) / ulp);
          worstAbs = Math.max(worstAbs, Math.abs(got[i] - exact));
        }
        expect(worstUlps, `${f} up to ${scale}`).toBeLessThanOrEqual(2);
        expect(worstAbs, `${f} up to ${scale}`).toBeLessThan(2.5e-7);
      }
    }
  });

  it.runIf(ON_CPU)('float32 exp within 1 ulp of the rounded Math.exp, subnormal results and overflow included', () => {
    const n = 1 << 14;
    const data = Float32Array.from({ length: n }, (_, i) => -104 + ((((i * 2654435761) >>> 0) / 2 ** 32) * 193));
    const y = cp.asarray(data).exp();
    expect(usesWasm(y)).toBe(true);
    const got = y.toTypedArray() as Float32Array;
    let worstUlps = 0;
    for (let i = 0; i < n; i++) {
      const want = Math.fround(Math.exp(data[i]));
      if (!Number.isFinite(want)) { expect(got[i]).toBe(want); continue; }
      const ulp = 2 ** (Math.max(Math.floor(Math.log2(Math.max(want, 2 ** -149))), -126) - 23);
      worstUlps = Math.max(worstUlps, Math.abs(got[i] - want) / ulp);
    }
    expect(worstUlps).toBeLessThanOrEqual(1);
  });

  it('the 8-op chain, a mixed float32/float64 plan and casts meet NumPy', () => {
    const n = 2 * WASM_CHUNK + 11;
    const h = randomArray('float32', [n], 7, { low: -3, high: 3 });
    const d = randomArray('float64', [n], 8, { low: -3, high: 3 });
    const x = toDevice(h), w = toDevice(d);
    expectNumpy(x.mul(1.5).add(0.5).sin().mul(x).add(x.cos()).exp().sub(1),
      'np.exp(np.sin(np.float32(1.5) * x + np.float32(0.5)) * x + np.cos(x)) - np.float32(1)', { x: h });
    const mixed = x.exp().mul(w).add(x.astype('float64').mul(w)).astype('float32').mul(x.cos());
    if (ON_CPU) expect(usesWasm(mixed)).toBe(true);
    expectNumpy(mixed, '((np.exp(x) * w + x.astype(np.float64) * w).astype(np.float32)) * np.cos(x)', { x: h, w: d });
    const withSin64 = x.astype('float64').sin().mul(w);
    if (ON_CPU) expect(usesWasm(withSin64)).toBe(false);
    expectNumpy(withSin64, 'np.sin(x.astype(np.float64)) * w', { x: h, w: d });
  });

  it('broadcast 0-d inputs, offsets into a buffer and assignment into a slice', () => {
    const n = WASM_CHUNK + 300;
    const h = randomArray('float32', [n + 5], 9, { special: true });
    const x = toDevice(h);
    const s = cp.asarray(2.5, { dtype: 'float32' });
    const view = x.get([cp.slice(5, null)]);
    const y = view.mul(s).add(s.exp());
    expectNumpy(y, 'a[5:] * np.float32(2.5) + np.exp(np.float32(2.5))', { a: h });
    const out = cp.zeros([n + 40], { dtype: 'float32' });
    out.set([cp.slice(17, 17 + n)], view.sin().mul(3));
    expectNumpy(out, 'np.concatenate([np.zeros(17, np.float32), np.sin(a[5:]) * np.float32(3), np.zeros(23, np.float32)])', { a: h });
  });

  it('lanes on the slow paths (sin past its fast range, subnormal and overflowing exp, NaN) at sparse and dense positions, in place too', () => {
    // a module computes passes with such lanes again, SLOW_PASSES at a time, by its slow function (wasm-elementwise.ts)
    const n = 3 * WASM_CHUNK + 7;
    const special = [9000.5, -95.25, 88.9, NaN, -87.4, -87.3, 1e6, -Infinity];
    for (const every of [1, 3, 64, 999, 20000]) {
      const data = Float32Array.from({ length: n }, (_, i) => (i % every === 0 ? special[Math.floor(i / every) % special.length] : Math.sin(i) * 3));
      const a: HostArray = { dtype: 'float32', shape: [n], data };
      const x = toDevice(a);
      const y = x.sin().mul(2).add(x.exp()).sub(x.mul(0.5).cos());
      if (ON_CPU) expect(usesWasm(y)).toBe(true);
      expectNumpy(y, 'np.sin(a) * np.float32(2) + np.exp(a) - np.cos(a * np.float32(0.5))', { a });
      expectNumpy(x.mul(x).mul(-12).exp(), 'np.exp(a * a * np.float32(-12))', { a });
      // written into the array it reads: the slow paths run in the loop itself
      const z = toDevice(a).eval();
      z.set([cp.slice(null)], z.sin().add(z.exp()));
      expectNumpy(z, 'np.sin(a) + np.exp(a)', { a });
    }
  });

  it('gives the same bits on one thread and on several', () => {
    const n = 1 << 18;
    const h = randomArray('float32', [n], 11, { low: -20, high: 20 });
    const run = (t: number) => {
      cp.config.cpuThreads = t;
      const x = toDevice(h);
      return toHost(x.mul(1.5).add(0.5).sin().mul(x).add(x.cos()).exp().sub(1));
    };
    const one = run(1);
    const two = run(2);
    expect(compareArrays(two, one, { signedZero: true })).toEqual({ ok: true });
  });

  it('computes arrays in the heap in place, and arrays with memory of their own by chunks, to the same bits', () => {
    if (!ON_CPU) return;
    const inHeap = (x: cp.NDArray) => (x.node.realized!.storage as CpuBuffer).inHeap;
    const bits = (x: cp.NDArray) => Buffer.from(toHost(x).data.buffer as ArrayBuffer).toString('hex');
    const chain = (x: cp.NDArray, y: cp.NDArray) => x.mul(1.5).add(0.5).sin().mul(y).add(x.cos()).exp().sub(y);
    for (const dtype of ['float32', 'float64'] as DTypeName[]) {
      for (const n of [WASM_MIN_ELEMENTS, WASM_CHUNK + 5, 3 * WASM_CHUNK + 7]) {
        const a = randomArray(dtype, [n], 40 + n, { special: true, low: -20, high: 20 });
        const heap = toDevice(a).eval();
        const own = cp.fromTypedArray((a.data as Float32Array | Float64Array).slice());
        expect([inHeap(heap), inHeap(own)]).toEqual([true, false]);
        const want = bits(chain(heap, heap));
        expect(bits(chain(own, own))).toBe(want);
        expect(bits(chain(heap, own))).toBe(want);
        // a view handed out moves the array's memory out of the heap; both still compute
        const shared = toDevice(a).eval();
        const view = shared.toTypedArray();
        expect(inHeap(shared)).toBe(false);
        expect(bits(chain(shared, heap))).toBe(want);
        view[0] = 7;
        expect(shared.get([0]).item()).toBe(7);
      }
    }
  });

  it('writes nothing past a slice or a row in place, at lengths that end mid-vector', () => {
    for (const dtype of ['float32', 'float64'] as DTypeName[]) {
      for (const n of [WASM_MIN_ELEMENTS + 3, 1003, WASM_CHUNK + 5]) {
        // the source is a view into a longer array, so that reads past its end find real values
        const src = cp.arange(n + 40, { dtype }).add(1).eval();
        const x = src.get([cp.slice(2, 2 + n)]);
        const out = cp.ones([n + 30], { dtype }).eval();
        out.set([cp.slice(10, 10 + n)], x.mul(2).exp().sin());
        const h = toHost(out).data as Float32Array | Float64Array;
        expect([h[9], h[10 + n], h[n + 29]]).toEqual([1, 1, 1]);
        // rows of a softmax: the last row ends mid-vector, and the array after it is untouched
        const m = src.get([cp.slice(0, 3 * Math.floor(n / 3))]).reshape([3, Math.floor(n / 3)]).mul(0.001);
        const e = m.sub(m.max({ axis: -1, keepdims: true })).exp();
        const soft = e.div(e.sum({ axis: -1, keepdims: true }));
        const after = cp.full([64], 5, { dtype }).eval();
        const s = toHost(soft).data as Float32Array | Float64Array;
        expect(Math.abs(Array.from(s.slice(0, Math.floor(n / 3))).reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-3);
        expect((toHost(after).data as Float32Array).every((v) => v === 5)).toBe(true);
      }
    }
  });

  it('reduces and gathers arrays in the heap in place to the bits of the copying path', () => {
    if (!ON_CPU) return;
    const bits = (x: cp.NDArray) => Buffer.from(toHost(x).data.buffer as ArrayBuffer).toString('hex');
    const softmax = (m: cp.NDArray) => {
      const e = m.sub(m.max({ axis: -1, keepdims: true })).exp();
      return e.div(e.sum({ axis: -1, keepdims: true }));
    };
    for (const [rows, cols] of [[9, 8], [11, 13], [7, WASM_PW_HEAP_MIN], [5, 200], [300, 130], [3, WASM_PW_CAPACITY + 9]]) {
      const a = randomArray('float32', [rows * cols], rows + cols, { low: -4, high: 4 });
      const heap = toDevice(a).reshape([rows, cols]);
      const own = cp.fromTypedArray((a.data as Float32Array).slice()).reshape([rows, cols]);
      for (const f of [softmax, (m: cp.NDArray) => m.square().sum({ axis: 0 }), (m: cp.NDArray) => m.sum({ axis: 1 })]) {
        expect(bits(f(heap))).toBe(bits(f(own)));
      }
      const idx = cp.fromTypedArray(Int32Array.from({ length: 5000 }, (_, i) => (i * 7919) % (rows * cols) - (i % 3 ? 0 : rows * cols)));
      expect(bits(cp.take(heap.reshape([rows * cols]), idx.copy()))).toBe(bits(cp.take(own.reshape([rows * cols]), idx)));
    }
  });

  it('leaves integer, float16, strided and gathered plans to the JS loop', () => {
    if (!ON_CPU) return;
    const n = 4 * WASM_MIN_ELEMENTS;
    expect(usesWasm(cp.arange(n, { dtype: 'int32' }).mul(3).add(1))).toBe(false);
    expect(usesWasm(cp.ones([n], { dtype: 'float16' }).mul(3))).toBe(false);
    const m = cp.arange(4 * n, { dtype: 'float32' }).reshape([n, 4]).eval();
    expect(usesWasm(m.T.mul(3).add(m.T.exp()))).toBe(false);
    expect(usesWasm(m.reshape([4 * n]).get([cp.slice(null, null, 2)]).mul(3))).toBe(false);
    expect(usesWasm(m.reshape([4 * n]).mul(3).add(m.reshape([4 * n]).sin()))).toBe(true);
    expect(usesWasm(cp.ones([n], { dtype: 'float32' }).mul(3))).toBe(true);
  });
});

describe('WebAssembly pairwise sums', () => {
  const lengths = [WASM_PW_HEAP_MIN - 1, WASM_PW_HEAP_MIN, 40, 64, 100, WASM_PW_MIN - 1, WASM_PW_MIN, 127, 128, 129, 1000, WASM_PW_CAPACITY, WASM_PW_CAPACITY + 9];
  it('softmax, sums of exp and of squares, and means over rows meet NumPy at every length', () => {
    // The CPU backend adds in NumPy's pairwise order (the same bits); a GPU reduction adds in its own order.
    const bitwiseOnCpu: CompareOptions | undefined = ON_CPU ? { signedZero: true } : undefined;
    const cases: Array<{ got: cp.NDArray; expr: string; m: HostArray; tol?: CompareOptions }> = [];
    for (const len of lengths) {
      const rows = len > 2000 ? 2 : 5;
      const h = randomArray('float32', [rows, len], len, { low: -4, high: 4 });
      const m = toDevice(h);
      const e = m.sub(m.max({ axis: -1, keepdims: true })).exp();
      const softmax = e.div(e.sum({ axis: -1, keepdims: true }));
      if (ON_CPU && len >= WASM_PW_MIN) expect(cp.explain(softmax).kernels.some((k) => k.source.includes('$wpw'))).toBe(true);
      cases.push(
        { got: softmax, expr: 'np.exp(m - m.max(-1, keepdims=True)) / np.exp(m - m.max(-1, keepdims=True)).sum(-1, keepdims=True)', m: h },
        { got: m.exp().sum(-1), expr: 'np.exp(m).sum(-1)', m: h },
        { got: m.mul(m).mul(0.5).sum(-1), expr: '(m * m * np.float32(0.5)).sum(-1)', m: h, tol: bitwiseOnCpu },
        { got: m.mean(-1), expr: 'm.mean(-1)', m: h, tol: bitwiseOnCpu },
        { got: m.sin().add(m.cos()).sum(), expr: '(np.sin(m) + np.cos(m)).sum()', m: h, tol: { rtol: 1e-4 } },
      );
    }
    const want = numpy(cases.map((c) => ({ expr: c.expr, inputs: { m: c.m } })));
    cases.forEach((c, i) => {
      const w = want[i];
      if (!w.ok) throw new Error(w.error);
      const cmp = compareArrays(toHost(c.got), w.value as HostArray, c.tol);
      expect(cmp.ok ? '' : `${c.expr} over rows of ${c.m.shape[1]}: ${cmp.message}`).toBe('');
    });
  });

  it('max and min over rows: the values NumPy gives, and the zero the sequential fold keeps where +0 and -0 tie', () => {
    const fold = (row: Float32Array, max: boolean) => row.reduce((a, b) => ((max ? a >= b : a <= b) || a !== a ? a : b), max ? -Infinity : Infinity);
    for (const len of [WASM_PW_MIN - 1, WASM_PW_MIN, WASM_PW_MIN + 1, 100, WASM_PW_CAPACITY, WASM_PW_CAPACITY + 2, WASM_PW_CAPACITY + 7]) {
      const rows = 6;
      const h = randomArray('float32', [rows, len], 500 + len, { low: -5, high: 5 });
      const d = h.data as Float32Array;
      d[len + 3] = NaN; // row 1 holds a NaN
      for (let j = 0; j < len; j++) d[2 * len + j] = j % 3 === 0 ? -0 : j % 3 === 1 ? 0 : -1 - j; // row 2: +-0 ties at the max
      for (let j = 0; j < len; j++) d[3 * len + j] = j % 2 ? 0 : -0; // row 3: only zeros
      d[4 * len + len - 1] = Infinity; // row 4: inf last
      d[5 * len] = -Infinity; // row 5: -inf first
      const m = toDevice(h);
      for (const max of [true, false]) {
        const y = max ? m.max(-1) : m.min(-1);
        if (ON_CPU && len >= WASM_PW_MIN) expect(cp.explain(y).kernels.some((k) => k.source.includes('$wfold'))).toBe(true);
        expectNumpy(y, max ? 'm.max(-1)' : 'm.min(-1)', { m: h });
        if (!ON_CPU) continue;
        const got = toHost(y).data as Float32Array;
        for (let r = 0; r < rows; r++) {
          const want = fold(d.subarray(r * len, (r + 1) * len), max);
          expect(Object.is(got[r], want) || (Number.isNaN(got[r]) && Number.isNaN(want)), `${max ? 'max' : 'min'} of row ${r} of ${len}: ${got[r]} vs ${want}`).toBe(true);
        }
      }
    }
  });

  it('column sums (a kept contiguous dim) of computed values meet NumPy, over one or two reduced dims', () => {
    const cases: Array<{ got: cp.NDArray; expr: string; m: HostArray; tol?: CompareOptions }> = [];
    for (const cols of [WASM_PW_MIN - 1, WASM_PW_MIN, 1000, WASM_PW_CAPACITY, WASM_PW_CAPACITY + 3]) {
      const h = randomArray('float32', [7, cols], 900 + cols, { special: cols < 100, low: -3, high: 3 });
      const m = toDevice(h);
      const y = m.mul(m).add(1).sum({ axis: 0 });
      if (ON_CPU && cols >= WASM_PW_MIN && cols <= WASM_PW_CAPACITY) expect(cp.explain(y).kernels.some((k) => k.source.includes('$wcol'))).toBe(true);
      cases.push({ got: y, expr: '(m * m + np.float32(1)).sum(0)', m: h, tol: { signedZero: true } }, { got: m.sum({ axis: 0 }), expr: 'm.sum(0)', m: h, tol: { signedZero: true } });
    }
    const t = randomArray('float32', [3, 5, 300], 77, { low: -2, high: 2 });
    cases.push({ got: toDevice(t).exp().sum({ axis: [0, 1] }), expr: 'np.exp(m).sum((0, 1))', m: t });
    const want = numpy(cases.map((c) => ({ expr: c.expr, inputs: { m: c.m } })));
    cases.forEach((c, i) => {
      const w = want[i];
      if (!w.ok) throw new Error(w.error);
      const cmp = compareArrays(toHost(c.got), w.value as HostArray, c.tol);
      expect(cmp.ok ? '' : `${c.expr} of ${c.m.shape.join('x')}: ${cmp.message}`).toBe('');
    });
  });
});

// Rows of a strided walk (js.ts rowLanes): each row is one call of the plan's module, the inputs
// that run contiguously along the last dim read in place, column vectors passed as scalars.
describe('WebAssembly rows of a strided walk (js.ts rowLanes)', () => {
  const threads = cp.config.cpuThreads;
  afterEach(() => {
    cp.config.cpuThreads = threads;
  });
  /** Whether the kernel computing `y` hands its rows to WebAssembly. */
  const rowsInWasm = (y: cp.NDArray) => cp.explain(y).kernels.some((k) => k.source.includes('rowRun('));

  it('a row vector, a slice of wider rows and a scalar broadcast meet NumPy bit for bit, at row lengths around the cut-over and the pass', () => {
    for (const dtype of ['float32', 'float64'] as DTypeName[]) {
      for (const cols of [63, 64, 65, 71, 72, 300, 1027]) {
        const a = randomArray(dtype, [37, cols + 5], cols, { special: true });
        const r = randomArray(dtype, [cols], cols + 1, { special: true });
        const x = toDevice(a).get([cp.slice(), cp.slice(2, cols + 2)]); // rows of `cols` inside rows of cols + 5
        const v = toDevice(r);
        const z = x.sub(v).mul(x.div(v)).add(3).sqrt();
        if (ON_CPU) expect(rowsInWasm(z)).toBe(true); // rows under 64 (63) take the JS loop at run time
        const f = dtype === 'float32' ? 'np.float32' : 'np.float64';
        expectNumpy(z, `np.sqrt((a[:, 2:${cols + 2}] - r) * (a[:, 2:${cols + 2}] / r) + ${f}(3))`, { a, r }, { signedZero: true });
      }
    }
  });

  it('a standardized float32 array (row vectors) meets NumPy, on one thread and two; its exp too', () => {
    const a = randomArray('float32', [300, 1024], 5, { low: -3, high: 3 });
    for (const t of [1, 2]) {
      cp.config.cpuThreads = t;
      const x = toDevice(a);
      const m = x.mean({ axis: 0, keepdims: true }).eval();
      const s = x.std({ axis: 0, keepdims: true }).eval();
      const z = x.sub(m).div(s);
      if (ON_CPU) expect(rowsInWasm(z)).toBe(true);
      // exp is a polynomial in WebAssembly: rows of 32 and more compute every element there
      if (ON_CPU) expect(rowsInWasm(cp.exp(z))).toBe(true);
      expectNumpy(z, '(a - a.mean(0, keepdims=True)) / a.std(0, keepdims=True)', { a }, { rtol: 1e-5, atol: 1e-6 });
      expectNumpy(cp.exp(z), 'np.exp((a - a.mean(0, keepdims=True)) / a.std(0, keepdims=True))', { a }, { rtol: 1e-5, atol: 1e-6 });
    }
  });

  it('column vectors are scalars of each row: bit for bit with NumPy, beside a row vector and in 3-D', () => {
    for (const dtype of ['float32', 'float64'] as DTypeName[]) {
      const a = randomArray(dtype, [40, 200], 11, { special: true });
      const c = randomArray(dtype, [40, 1], 12, { special: true });
      const r = randomArray(dtype, [200], 13);
      const z = toDevice(a).sub(toDevice(c)).div(toDevice(c).abs().add(1)).add(toDevice(r));
      if (ON_CPU) expect(rowsInWasm(z)).toBe(true);
      const f = dtype === 'float32' ? 'np.float32' : 'np.float64';
      expectNumpy(z, `(a - c) / (np.abs(c) + ${f}(1)) + r`, { a, c, r }, { signedZero: true });
      const t = randomArray(dtype, [3, 5, 130], 14);
      const u = randomArray(dtype, [5, 1], 15);
      const y = toDevice(t).mul(toDevice(u));
      if (ON_CPU) expect(rowsInWasm(y)).toBe(true);
      expectNumpy(y, 't * u', { t, u }, { signedZero: true });
    }
  });

  it('gives the bits of the JS loop that arrays outside the CPU heap take', () => {
    if (!ON_CPU) return;
    const bits = (x: cp.NDArray) => Buffer.from(toHost(x).data.buffer as ArrayBuffer).toString('hex');
    const a = randomArray('float32', [50 * 300], 21, { special: true });
    const r = randomArray('float32', [300], 22, { special: true });
    const f = (m: cp.NDArray, v: cp.NDArray) => m.sub(v).mul(m).div(v.reshape([1, 300])).sqrt().sub(m.get([cp.slice(), cp.slice(0, 1)]));
    const heap = f(toDevice(a).reshape([50, 300]), toDevice(r));
    const own = f(cp.fromTypedArray((a.data as Float32Array).slice()).reshape([50, 300]), cp.fromTypedArray((r.data as Float32Array).slice()));
    expect(rowsInWasm(heap)).toBe(true);
    expect(bits(heap)).toBe(bits(own));
  });

  it('exp, sin and cos over rows of a walk: the same bits in the heap and outside it, on one thread and two, at row lengths around the cut-overs', () => {
    if (!ON_CPU) return;
    const bits = (x: cp.NDArray) => Buffer.from(toHost(x).data.buffer as ArrayBuffer).toString('hex');
    for (const L of [31, 32, 33, 63, 64, 67, 100, 1000]) {
      const rows = Math.ceil(2 ** 17 / L); // past PARALLEL_MIN_WORK, so that two threads split the rows
      const a = randomArray('float32', [rows * L], L, { special: true });
      const r = randomArray('float32', [L], L + 1, { low: -2, high: 2 });
      const f = (m: cp.NDArray, v: cp.NDArray) => cp.exp(m.sub(v)).add(cp.sin(m.mul(v))).sub(cp.cos(v));
      const minCost = parallelLimits.minCost;
      parallelLimits.minCost = 1;
      const results = [1, 2].flatMap((t) => {
        cp.config.cpuThreads = t;
        const heap = f(toDevice(a).reshape([rows, L]), toDevice(r));
        const own = f(cp.fromTypedArray((a.data as Float32Array).slice()).reshape([rows, L]), cp.fromTypedArray((r.data as Float32Array).slice()));
        return [bits(heap), bits(own)];
      });
      parallelLimits.minCost = minCost;
      expect(new Set(results).size).toBe(1);
      expectNumpy(f(toDevice(a).reshape([rows, L]), toDevice(r)), 'np.exp(a.reshape(-1, r.size) - r) + np.sin(a.reshape(-1, r.size) * r) - np.cos(r)', { a, r }, { rtol: 1e-5, atol: 1e-5 });
    }
  });

  it('stays with the JS loop for integers and for a transposed input', () => {
    if (!ON_CPU) return;
    const m = toDevice(randomArray('float32', [100, 100], 3));
    expect(rowsInWasm(m.T.add(m))).toBe(false);
    expect(rowsInWasm(toDevice(randomArray('int32', [100, 100], 5)).add(toDevice(randomArray('int32', [100], 6))))).toBe(false);
  });
});
