// cp.ElementwiseKernel against NumPy on the current backend (the CPU backend runs the kernels'
// JS bodies), its fusion with neighbouring ops through cp.explain, errors at the call, and NVRTC
// compiling the CUDA of every kernel built here (the user's CUDA body inside the fused kernel).
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, recordCuda, toDevice, toHost } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';
import { compareArrays, hostArray, numpy, randomArray, type HostArray } from '../helpers/numpy-oracle.js';
import type { DTypeName } from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';
import { generateCudaPlan } from '../../src/codegen/generate.js';
import { rawKernelSource } from '../../src/api/elementwise-kernel-raw.js';

setBackendNotice(() => {});

interface Case { name: string; actual: () => cp.NDArray; expr: string; inputs: Record<string, HostArray | number> }

/** Runs each case's kernel and NumPy's expression (in one oracle call) and compares. */
function checkAll(cases: readonly Case[]): void {
  const wants = numpy(cases.map((c) => ({ expr: c.expr, inputs: c.inputs })));
  cases.forEach((c, k) => {
    const a = c.actual();
    recordCuda(a);
    const want = wants[k];
    if (!want.ok) throw new Error(`${c.name}: ${want.error}`);
    const cmp = compareArrays(toHost(a), want.value as HostArray);
    expect(cmp.ok ? '' : `${c.name}: ${cmp.message}`).toBe('');
  });
}

const fma = cp.ElementwiseKernel('T x, T y', 'T z', 'z = x * y + x', 'fma_user', { js: 'z = x * y + x' });

const DTYPES: DTypeName[] = ['float32', 'float64', 'float16', 'int8', 'int32', 'int64', 'uint8', 'uint64'];

describe('ElementwiseKernel', () => {
  it('matches NumPy over dtypes, broadcasting, empty, 0-d and non-contiguous inputs', () => {
    const cases: Case[] = [];
    DTYPES.forEach((d, k) => {
      const x = randomArray(d, [3, 4], 10 + k, { low: -5, high: 5 });
      const y = randomArray(d, [4], 20 + k, { low: -5, high: 5 });
      cases.push({ name: `${d} broadcast`, actual: () => fma(toDevice(x), toDevice(y)), expr: 'x * y + x', inputs: { x, y } });
      cases.push({ name: `${d} transposed`, actual: () => fma(toDevice(x).T, toDevice(x).T), expr: 'x.T * x.T + x.T', inputs: { x } });
      const e = randomArray(d, [0, 3], 30 + k);
      cases.push({ name: `${d} empty`, actual: () => fma(toDevice(e), toDevice(e)), expr: 'e * e + e', inputs: { e } });
      const s = randomArray(d, [], 40 + k, { low: -5, high: 5 });
      cases.push({ name: `${d} 0-d`, actual: () => fma(toDevice(s), toDevice(s)), expr: 's * s + s', inputs: { s } });
    });
    const x = randomArray('float64', [5, 6], 50);
    cases.push({ name: 'strided slice', actual: () => fma(toDevice(x).get([cp.slice(null, null, 2), cp.slice(1, null, -1)]), 3), expr: 'x[::2, 1::-1] * 3 + x[::2, 1::-1]', inputs: { x } });
    checkAll(cases);
  });

  it('takes a JS scalar as the type its placeholder has from the arrays, or NumPy\'s default', () => {
    const x = randomArray('float32', [7], 1);
    const k = cp.ElementwiseKernel('T x, T y', 'T z', 'z = x - y', 'sub_user', { js: 'z = x - y' });
    checkAll([
      { name: 'array first', actual: () => k(toDevice(x), 2.5), expr: 'x - np.float32(2.5)', inputs: { x } },
      { name: 'scalar first', actual: () => k(2.5, toDevice(x)), expr: 'np.float32(2.5) - x', inputs: { x } },
    ]);
    const s = k(3, 1, { size: 2 });
    expect(s.dtype.name).toBe('int64');
    expect(s.tolist()).toEqual([2, 2]);
  });

  it('mixes concrete and placeholder types, reads i and _ind.size(), and writes several outputs', () => {
    // small whole numbers: the CUDA body computes x * n + i in float (C++'s rules, as CuPy), the JS
    // body in double; with exact values both equal NumPy's float64 expression
    const x = hostArray('float32', [2, 5], (j) => ((j * 7) % 23) - 11);
    const k = cp.ElementwiseKernel('T x, int32 n', 'float64 a, T b', 'a = x * n + i; b = x + _ind.size()', 'mixed_user',
      { js: 'a = x * n + i; b = x + _ind.size()' });
    const [a, b] = k(toDevice(x), 3) as unknown as cp.NDArray[];
    expect(a.dtype.name).toBe('float64');
    expect(b.dtype.name).toBe('float32');
    checkAll([
      { name: 'a', actual: () => a, expr: 'x.astype(np.float64) * 3 + np.arange(10).reshape(2, 5)', inputs: { x } },
      { name: 'b', actual: () => b, expr: 'x + np.float32(10)', inputs: { x } },
    ]);
    const t = cp.ElementwiseKernel('T x', 'T y', 'y = x', 'tuple_user', { js: 'y = x', return_tuple: true });
    expect(Array.isArray(t(toDevice(x)))).toBe(true);
  });

  it('writes into out arrays, whose prior values the body reads', () => {
    const x = randomArray('int32', [4, 3], 3, { low: -100, high: 100 });
    const z0 = randomArray('int32', [4, 3], 4, { low: -100, high: 100 });
    const acc = cp.ElementwiseKernel('T x', 'T z', 'z += 2 * x', 'acc_user', { js: 'z += 2 * x' });
    const out = toDevice(z0);
    const r = acc(toDevice(x), out);
    expect(r).toBe(out);
    checkAll([{ name: 'out', actual: () => out, expr: 'z0 + 2 * x', inputs: { x, z0 } }]);
    const none = cp.ElementwiseKernel('T x', 'T z', 'z = x', 'none_user', { js: 'z = x', no_return: true });
    const target = toDevice(z0);
    expect(none(toDevice(x), target)).toBeUndefined();
    checkAll([{ name: 'no_return', actual: () => target, expr: 'x', inputs: { x } }]);
  });

  it('runs over size= where every argument is a scalar', () => {
    const k = cp.ElementwiseKernel('T a', 'T z', 'z = a * i', 'iota_user', { js: 'z = a * BigInt(i)' });
    checkAll([{ name: 'size', actual: () => k(2, { size: 6 }), expr: 'np.arange(6) * 2', inputs: {} }]);
  });

  it('fuses with the elementwise ops before and after it and with a following reduction', () => {
    const h = randomArray('float32', [64, 32], 5);
    const x = toDevice(h);
    const chain = fma(x.mul(2), x.sin()).add(1).exp();
    const e1 = cp.explain(chain);
    expect(e1.kernels).toHaveLength(1);
    expect(e1.kernels[0].name).toMatch(/fma_user/);
    const reduced = cp.sum(fma(x.mul(0.5), x).abs(), 1);
    const e2 = cp.explain(reduced);
    expect(e2.kernels).toHaveLength(1);
    expect(e2.kernels[0].source).toMatch(/fma_user/);
    checkAll([
      { name: 'chain', actual: () => chain, expr: 'np.exp((x * 2) * np.sin(x) + x * 2 + 1)', inputs: { x: h } },
      { name: 'reduced', actual: () => reduced, expr: 'np.sum(np.abs((x * np.float32(0.5)) * x + x * np.float32(0.5)), 1)', inputs: { x: h } },
    ]);
  });

  it('places the preamble once before the fused kernel that calls its helpers', () => {
    const preamble = 'template <typename T> __device__ T twice_pre(T v) { return v + v; }';
    const k = cp.ElementwiseKernel('T x', 'T y', 'y = twice_pre(x) + (T)1', 'pre_user', { preamble, js: 'y = x * 2 + 1' });
    const other = cp.ElementwiseKernel('T x', 'T y', 'y = twice_pre(x)', 'pre_other', { preamble, js: 'y = x * 2' });
    const h = randomArray('float64', [5, 7], 9);
    const z = other(k(toDevice(h)).mul(3));
    const { plan } = explainPlans([z.node])[0];
    const source = generateCudaPlan(plan).source;
    expect(source.split('twice_pre(T v)').length - 1).toBe(1);
    expect(source.indexOf(preamble)).toBeLessThan(source.indexOf('cp_user_pre_user'));
    checkAll([{ name: 'preamble', actual: () => z, expr: '(x * 2 + 1) * 3 * 2', inputs: { x: h } }]);
    expect(() => cp.ElementwiseKernel('T x', 'T y', 'y = x', 'k', { preamble: 3 } as never)).toThrow(/^ElementwiseKernel: expected preamble to be a string or null/);
  });

  it('keys kernels by the user\'s code: two kernels of one name never share a compiled kernel', () => {
    const h = randomArray('float64', [8], 6);
    const k1 = cp.ElementwiseKernel('T x', 'T z', 'z = x + 1', 'same_name', { js: 'z = x + 1' });
    const k2 = cp.ElementwiseKernel('T x', 'T z', 'z = x + 2', 'same_name', { js: 'z = x + 2' });
    const a = k1(toDevice(h));
    const b = k2(toDevice(h));
    expect(cp.explain(a).kernels[0].name).not.toBe(cp.explain(b).kernels[0].name);
    checkAll([
      { name: 'k1', actual: () => a, expr: 'x + 1', inputs: { x: h } },
      { name: 'k2', actual: () => b, expr: 'x + 2', inputs: { x: h } },
    ]);
  });
});

describe('ElementwiseKernel errors at the call', () => {
  const err = (fn: () => unknown) => {
    try { fn(); } catch (e) { return `${(e as cp.CupytsError).code}: ${(e as Error).message}`; }
    return 'no error';
  };
  it('refuses bad parameter lists and options', () => {
    expect(err(() => cp.ElementwiseKernel('T', 'T z', 'z = 1'))).toMatch(/^ERR_ARG: ElementwiseKernel: expected in_params as '\[raw\] type name, \.\.\.', got 'T'/);
    expect(err(() => cp.ElementwiseKernel('floaty x', 'T z', 'z = x'))).toMatch(/ERR_ARG: .*unknown type 'floaty'/);
    expect(err(() => cp.ElementwiseKernel('const T x', 'T z', 'z = x'))).toMatch(/unknown keyword 'const'/);
    expect(err(() => cp.ElementwiseKernel('T x, T x', 'T z', 'z = x'))).toMatch(/distinct parameter names, got 'x' twice/);
    expect(err(() => cp.ElementwiseKernel('T i', 'T z', 'z = i'))).toMatch(/'i' is reserved/);
    expect(err(() => cp.ElementwiseKernel('T x', '', 'z = x'))).toMatch(/at least one output/);
    expect(err(() => cp.ElementwiseKernel('T x', 'T z', 'z = x', 'bad name'))).toMatch(/expected name to be an identifier/);
    expect(err(() => cp.ElementwiseKernel('T x', 'T z', 'z = x', 'k', { colour: 1 } as never))).toMatch(/unknown option 'colour'/);
    expect(err(() => cp.ElementwiseKernel('T x', 'T z', 'z = x', 'k', { options: ['-G'] } as never))).toMatch(/^ERR_UNSUPPORTED: .*'options'/);
    expect(err(() => cp.ElementwiseKernel('T x', 'T z', 'z = _ind.get()[0]', 'k'))).toMatch(/only as _ind.size\(\)/);
  });

  it('raw parameters: reads whole arrays at the indices the body computes, against NumPy', () => {
    const diff = cp.ElementwiseKernel('raw T x, T w', 'T y', 'y = w * (x[i] - x[(i + 1) % _ind.size()])', 'roll_diff', { js: 'y = w * (x[i] - x[(i + 1) % _ind.size()])' });
    const reverse = cp.ElementwiseKernel('raw T x', 'T y', 'y = x[x.size() - 1 - i]', 'reverse_raw', { js: 'y = x[x.size() - 1 - i]' });
    const lookup = cp.ElementwiseKernel('raw T table, int32 k', 'T y', 'y = table[k]', 'lookup_raw', { js: 'y = table[k]' });
    const signs = cp.ElementwiseKernel('raw bool m, T x', 'T y', 'y = m[i % m.size()] ? x : -x', 'signs_raw', { js: 'y = m[i % m.size()] ? x : -x' });
    const cases: Case[] = [];
    (['float32', 'float64', 'float16', 'int32', 'int64', 'uint8'] as DTypeName[]).forEach((d, k) => {
      const x = randomArray(d, [7], 60 + k, { low: 0, high: 9 });
      const w = randomArray(d, [7], 70 + k, { low: 0, high: 3 });
      cases.push({ name: `${d} roll diff`, actual: () => diff(toDevice(x), toDevice(w)), expr: 'w * (x - np.roll(x, -1))', inputs: { x, w } });
      const t = randomArray(d, [3, 4], 80 + k, { low: -9, high: 9 });
      // A 2-d raw array is indexed by C-order flat index; the loop shape comes from `out`.
      cases.push({ name: `${d} reversed 2-d raw into out`, actual: () => reverse(toDevice(t), cp.zeros(12, { dtype: d })), expr: 't.ravel()[::-1]', inputs: { t } });
      cases.push({ name: `${d} reversed transposed raw`, actual: () => reverse(toDevice(t).T, cp.zeros(12, { dtype: d })), expr: 't.T.ravel()[::-1]', inputs: { t } });
    });
    const table = randomArray('float64', [10], 90);
    const idx = randomArray('int32', [2, 5], 91, { low: 0, high: 9 });
    cases.push({ name: 'lookup table, 2-d index', actual: () => lookup(toDevice(table), toDevice(idx)), expr: 'table[idx]', inputs: { table, idx } });
    cases.push({ name: 'lookup from a strided raw view', actual: () => lookup(toDevice(table).get('::2'), cp.asarray([4, 0, 2], { dtype: 'int32' })), expr: 'table[::2][[4, 0, 2]]', inputs: { table } });
    const m = randomArray('bool', [3], 92);
    const xs = randomArray('int64', [2, 4], 93, { low: -5, high: 5 });
    cases.push({ name: 'bool raw, broadcast', actual: () => signs(toDevice(m), toDevice(xs)), expr: 'np.where(np.resize(m, 8).reshape(2, 4), xs, -xs)', inputs: { m, xs } });
    const e = randomArray('float32', [0], 94);
    cases.push({ name: 'empty loop', actual: () => diff(toDevice(table).astype('float32'), toDevice(e)), expr: 'e', inputs: { e } });
    checkAll(cases);
    const f32 = cp.DTYPES.float32;
    const { source } = rawKernelSource({ name: 'roll_diff', inParams: diff.in_params, outParams: diff.out_params, operation: diff.operation }, [f32, f32], [f32], new Map([['T', f32]]), false);
    expect(source).toMatch(/const cp_raw_array<const float> x = \{ raw_x, raw_x_size \};/);
  });

  it('raw parameters: the CUDA kernel of each dtype compiles (a kernel of its own, with the preamble)', () => {
    for (const d of ['float32', 'float64', 'float16', 'int8', 'int64', 'uint64', 'bool'] as DTypeName[]) {
      const t = cp.DTYPES[d];
      const c = d === 'float16' ? cp.DTYPES.float32 : t;
      // (the batch compiles every source in one unit: each preamble's helper has a name of its own)
      for (const prior of [false, true]) {
        const helper = `twice_${d}_${prior}`;
        const src = { name: 'raw_compile', inParams: [{ name: 'x', ctype: 'T', raw: true }, { name: 'w', ctype: 'T', raw: false }], outParams: [{ name: 'y', ctype: 'T', raw: false }],
          operation: `y = ${helper}(x[i % x.size()]) + w + (T)(_ind.size())`, preamble: `__device__ double ${helper}(double v) { return 2 * v; }` };
        const { name, source } = rawKernelSource(src, [c, c], [c], new Map([['T', t]]), prior);
        expect(name).toMatch(new RegExp(`^raw_compile_raw_${c.name}_${c.name}_[0-9a-f]{8}$`));
        cudaSources.set(source, source);
      }
    }
  });

  it('raw outputs: the body writes them at the indices it chooses, against NumPy', () => {
    const scatter = cp.ElementwiseKernel('T x', 'raw T y', 'y[_ind.size() - 1 - i] = x', 'scatter_reverse', { js: 'y[_ind.size() - 1 - i] = x' });
    const evens = cp.ElementwiseKernel('T x', 'raw T y', 'y[2 * i] = x', 'scatter_evens', { js: 'y[2 * i] = x' });
    const both = cp.ElementwiseKernel('T x', 'T z, raw T y', 'z = x + x; y[(i + 1) % _ind.size()] = x', 'scatter_roll', { js: 'z = x + x; y[(i + 1) % _ind.size()] = x' });
    const cases: Case[] = [];
    (['float32', 'float64', 'float16', 'int8', 'int32', 'int64', 'uint8', 'uint64', 'bool'] as DTypeName[]).forEach((d, k) => {
      const x = randomArray(d, [9], 300 + k, { low: 0, high: 9 });
      cases.push({ name: `${d} reversing scatter`, actual: () => scatter(toDevice(x), cp.zeros(9, { dtype: d })), expr: 'x[::-1]', inputs: { x } });
      // Prior values stay where the body writes nothing; a raw output's shape is its own.
      const y = randomArray(d, [19], 320 + k, { low: 0, high: 9 });
      cases.push({ name: `${d} scatter to evens keeps the rest`, actual: () => evens(toDevice(x), toDevice(y)), expr: 'np.where((np.arange(19) % 2 == 0) & (np.arange(19) < 18), np.resize(np.repeat(x, 2), 19), y)', inputs: { x, y } });
    });
    const x2 = randomArray('float64', [3, 4], 340, { low: -5, high: 5 });
    cases.push({ name: 'a 2-d loop writes a 1-d raw output by flat index', actual: () => scatter(toDevice(x2), cp.zeros(12)), expr: 'x2.ravel()[::-1]', inputs: { x2 } });
    cases.push({ name: 'a transposed loop', actual: () => scatter(toDevice(x2).T, cp.zeros(12)), expr: 'x2.T.ravel()[::-1]', inputs: { x2 } });
    // A strided `out` view: written through, the rest of its base untouched.
    const x1 = randomArray('float32', [6], 341, { low: -5, high: 5 });
    cases.push({ name: 'a strided out view', actual: () => { const base = cp.ones(12, { dtype: 'float32' }); scatter(toDevice(x1), base.get('::2')); return base; }, expr: 'np.stack([x1[::-1], np.ones(6, np.float32)], 1).ravel()', inputs: { x1 } });
    const x3 = randomArray('int32', [7], 342, { low: -50, high: 50 });
    cases.push({ name: 'an elementwise and a raw output', actual: () => (both(toDevice(x3), cp.zeros(7, { dtype: 'int32' }), cp.zeros(7, { dtype: 'int32' })) as unknown as cp.NDArray[])[1], expr: 'np.roll(x3, 1)', inputs: { x3 } });
    cases.push({ name: 'the elementwise output beside it', actual: () => (both(toDevice(x3), cp.zeros(7, { dtype: 'int32' }), cp.zeros(7, { dtype: 'int32' })) as unknown as cp.NDArray[])[0], expr: 'x3 + x3', inputs: { x3 } });
    const e = randomArray('float32', [0], 343);
    cases.push({ name: 'an empty loop leaves the raw output as it was', actual: () => scatter(toDevice(e), cp.full(3, 2.5, { dtype: 'float32' })), expr: 'np.full(3, 2.5, np.float32)', inputs: { e } });
    checkAll(cases);
  });

  it('raw outputs: size= makes them (zeros of shape (size,)); stores convert as C does', () => {
    // (x + x: the same JS body for numbers and int64's BigInts)
    const mirror = cp.ElementwiseKernel('raw T x', 'raw T y', 'y[i] = x[x.size() - 1 - i] + x[x.size() - 1 - i]', 'mirror_twice', { js: 'y[i] = x[x.size() - 1 - i] + x[x.size() - 1 - i]' });
    const toInt = cp.ElementwiseKernel('float64 x', 'raw int64 y', 'y[i] = x * 2', 'to_int_raw', { js: 'y[i] = x * 2' });
    const positive = cp.ElementwiseKernel('T x', 'raw bool y', 'y[i] = x > 0', 'positive_raw', { js: 'y[i] = x > 0' });
    const half = cp.ElementwiseKernel('raw T x', 'raw T y', 'if (i % 2 == 0) y[i] = x[i]', 'half_fill', { js: 'if (i % 2 == 0) y[i] = x[i]' });
    const x = randomArray('float64', [8], 350, { low: -9, high: 9 });
    const w = randomArray('int64', [5], 351, { low: -9, high: 9 });
    checkAll([
      { name: 'mirror into a new raw output', actual: () => mirror(toDevice(x), { size: 8 }), expr: 'x[::-1] * 2', inputs: { x } },
      { name: 'int64 raw, shorter loop', actual: () => mirror(toDevice(w), { size: 3 }), expr: 'w[:1:-1] * 2', inputs: { w } },
      { name: 'elements not written are zeros', actual: () => half(toDevice(w), { size: 3 }), expr: 'np.array([w[0], 0, w[2]])', inputs: { w } },
      { name: 'float to int64 truncates', actual: () => toInt(toDevice(x), cp.zeros(8, { dtype: 'int64' })), expr: '(x * 2).astype(np.int64)', inputs: { x } },
      { name: 'bool raw output', actual: () => positive(toDevice(x), cp.zeros(8, { dtype: 'bool' })), expr: 'x > 0', inputs: { x } },
    ]);
  });

  it('raw outputs: the CUDA kernel of each dtype compiles', () => {
    for (const d of ['float32', 'float64', 'float16', 'int8', 'int64', 'uint64', 'bool'] as DTypeName[]) {
      const t = cp.DTYPES[d];
      const c = d === 'float16' ? cp.DTYPES.float32 : t;
      const src = { name: 'raw_out_compile', inParams: [{ name: 'x', ctype: 'T', raw: false }, { name: 'r', ctype: 'T', raw: true }], outParams: [{ name: 'z', ctype: 'T', raw: false }, { name: 'y', ctype: 'T', raw: true }],
        operation: 'z = x; y[(_ind.size() - 1 - i) % y.size()] = r[i % r.size()] + x' };
      const { source } = rawKernelSource(src, [c, c], [c, c], new Map([['T', t]]), true);
      expect(source).toMatch(new RegExp(`const cp_raw_array<${c.cType}> y = \\{ out_y, out_y_size \\};`));
      cudaSources.set(source, source);
    }
  });

  it('raw outputs: refuses a call that leaves their size undecided, complex data, and a CPU call without a js body', () => {
    const k = cp.ElementwiseKernel('T x', 'raw T y', 'y[i] = x', 'raw_out_errors', { js: 'y[i] = x' });
    const x = cp.arange(4, { dtype: 'float32' });
    expect(err(() => k(x))).toMatch(/^ERR_ARG: raw_out_errors: expected the output arrays or size= \(the size of raw output y is undecided\), got neither/);
    expect(err(() => k(x, { size: 4 }))).toMatch(/^ERR_ARG: raw_out_errors: expected size only where no argument is an array/);
    expect(err(() => k(x, 3))).toMatch(/^ERR_ARG: raw_out_errors: expected output y to be an NDArray, got a scalar/);
    expect(err(() => k(x, cp.zeros(4, { dtype: 'float64' })))).toMatch(/^ERR_DTYPE: raw_out_errors: expected x of dtype float64 \(type T\), got float32/);
    const c = cp.asarray([1, 2], { dtype: 'complex64' });
    expect(err(() => k(c, cp.zeros(2, { dtype: 'complex64' })))).toMatch(/^ERR_UNSUPPORTED: raw_out_errors: complex parameters in a kernel with raw parameters/);
    const noJs = cp.ElementwiseKernel('T x', 'raw T y', 'y[i] = x', 'raw_out_gpu_only');
    if (x.runner.kind === 'cpu') expect(err(() => noJs(x, cp.zeros(4, { dtype: 'float32' })))).toMatch(/^ERR_UNSUPPORTED: raw_out_gpu_only: .*GPU/);
  });

  it('raw parameters: refuses a scalar for a raw array, complex data, and a loop without elementwise arrays', () => {
    const k = cp.ElementwiseKernel('raw T x, T w', 'T y', 'y = x[0] + w', 'raw_errors', { js: 'y = x[0] + w' });
    const x = cp.arange(4, { dtype: 'float32' });
    expect(err(() => k(2, x))).toMatch(/^ERR_ARG: raw_errors: expected raw parameter x to be an NDArray, got a scalar/);
    expect(err(() => k(x, 2))).toMatch(/^ERR_ARG: raw_errors: expected an elementwise \(not raw\) array argument or size=/);
    expect(k(x, 2, { size: 3 }).toArraySync()).toEqual([2, 2, 2]);
    const c = cp.asarray([1, 2], { dtype: 'complex64' });
    expect(err(() => k(c, c))).toMatch(/^ERR_UNSUPPORTED: raw_errors: complex parameters in a kernel with raw parameters/);
  });

  it('refuses wrong argument counts, types and shapes', () => {
    const x = cp.arange(4, { dtype: 'float32' });
    expect(err(() => fma(x))).toMatch(/^ERR_ARG: fma_user: expected 2 inputs \(then optionally 1 output\), got 1 arguments/);
    expect(err(() => fma(x, x, x, x))).toMatch(/got 4 arguments/);
    expect(err(() => fma(x, x, 3))).toMatch(/expected output z to be an NDArray/);
    expect(err(() => fma(x, cp.arange(4, { dtype: 'float64' })))).toMatch(/^ERR_DTYPE: fma_user: expected y of dtype float32 \(type T\), got float64/);
    expect(err(() => fma(x, x, cp.zeros(4, { dtype: 'int32' })))).toMatch(/expected z of dtype int32 \(type T\), got float32|expected x of dtype int32/);
    expect(err(() => fma(x, x, cp.zeros([1], { dtype: 'float32' })))).toMatch(/^ERR_SHAPE: fma_user: expected output z of shape \(4,\), got \(1,\)/);
    expect(err(() => fma(x, cp.arange(3, { dtype: 'float32' })))).toMatch(/^ERR_SHAPE/);
    expect(err(() => fma(x, x, { size: 4 }))).toMatch(/expected size only where no argument is an array/);
    expect(err(() => fma(1, 2))).toMatch(/loop size is undecided/);
    expect(err(() => fma(x, x, { stream: 1 } as never))).toMatch(/^ERR_UNSUPPORTED: fma_user: the option 'stream'/);
    expect(err(() => fma(x, 'a' as never))).toMatch(/expected args/);
    const typed = cp.ElementwiseKernel('float32 x', 'T z', 'z = x', 'typed_user', { js: 'z = x' });
    expect(err(() => typed(x))).toMatch(/cannot decide the type T of output z/);
  });

  it('says a kernel without a JS body needs a GPU on the CPU backend', () => {
    const k = cp.ElementwiseKernel('T x', 'T z', 'z = x', 'gpu_only');
    const x = cp.arange(3);
    if (x.runner.kind === 'cpu') expect(err(() => k(x))).toMatch(/^ERR_UNSUPPORTED: gpu_only: this kernel needs a GPU/);
    else expect(k(x).shape).toEqual([3]);
  });
});

describeCompilesEveryKernel(cudaSources, HAS_NVRTC, 10);
