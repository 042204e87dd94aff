// Every reduction and scan × every dtype × axis variants, against NumPy, on the current backend;
// then empty and 0-d arrays, axis errors, broadcast (non-contiguous) inputs, long rows (the
// split path on the GPU), fused programs (softmax, normalization) and determinism. Every
// kernel built here is compiled with NVRTC at the end.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, recordCuda, toDevice, toHost } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { compileAll } from '../helpers/nvrtc-batch.js';
import {
  COMPLEX_DTYPE_NAMES, compareArrays, DTYPE_NAMES, numpy, randomArray, type CompareOptions, type DTypeName, type HostArray, type OracleResult,
} from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

type Opts = Record<string, unknown>;
type Fn = (x: cp.NDArray, o?: Opts) => cp.NDArray;
const F = cp as unknown as Record<string, Fn>;

/** Reductions of summing kind get a tolerance scaled by the row length (parallel order differs from NumPy's pairwise). */
function tolerance(dtype: string, kind: 'exact' | 'sum'): CompareOptions | undefined {
  if (kind === 'exact') return undefined;
  if (dtype === 'float16') return { rtol: 1e-2, atol: 0.5 };
  if (dtype === 'float32' || dtype === 'complex64') return { rtol: 1e-5, atol: 2e-3 };
  if (dtype === 'float64' || dtype === 'complex128') return { rtol: 1e-11, atol: 1e-10 };
  return undefined;
}

/**
 * Products of complex64 over a row: a part of a complex product (a·c − b·d) can cancel, so its
 * error is relative to the product's magnitude, not to the part; NumPy multiplies in float32 too.
 */
function complexProductTolerance(s: Spec, dtype: string): CompareOptions | undefined {
  return s.small && dtype === 'complex64' ? { rtol: 1e-3, atol: 2e-3 } : undefined;
}

/**
 * A complex array with each value that has a NaN part made NaN in both parts. max, min and ptp of
 * complex values meeting NaNs return one of them: NumPy the first in order, a parallel reduction
 * (the GPU's, the CPU's threads) whichever its tree meets first, so only its being NaN is compared.
 */
function wholeNaN(h: HostArray): HostArray {
  if (!h.dtype.startsWith('complex')) return h;
  const data = h.data.slice() as Float32Array | Float64Array;
  for (let i = 0; i < data.length; i += 2) if (Number.isNaN(data[i]) || Number.isNaN(data[i + 1])) data[i] = data[i + 1] = NaN;
  return { ...h, data };
}

function check(actual: () => cp.NDArray, want: OracleResult, tol?: CompareOptions, anyNaN = false): void {
  if (!want.ok) {
    expect(actual, `NumPy: ${want.error}`).toThrow(/expected|out of bounds|zero-size|empty sequence|duplicate/);
    return;
  }
  const result = actual();
  recordCuda(result);
  const canon = anyNaN ? wholeNaN : (h: HostArray) => h;
  const cmp = compareArrays(canon(toHost(result)), canon(want.value as HostArray), tol);
  expect(cmp.ok ? '' : cmp.message).toBe('');
}

interface Spec { name: string; py: string; kind: 'exact' | 'sum'; opts?: Opts; pyOpts?: string; arg?: boolean; scan?: boolean; small?: boolean }

const SPECS: Spec[] = [
  { name: 'sum', py: 'np.sum', kind: 'sum' },
  { name: 'prod', py: 'np.prod', kind: 'sum', small: true },
  { name: 'mean', py: 'np.mean', kind: 'sum' },
  { name: 'var', py: 'np.var', kind: 'sum' },
  { name: 'std', py: 'np.std', kind: 'sum', opts: { ddof: 1 }, pyOpts: ', ddof=1' },
  { name: 'max', py: 'np.max', kind: 'exact' },
  { name: 'min', py: 'np.min', kind: 'exact' },
  { name: 'ptp', py: 'np.ptp', kind: 'exact' },
  { name: 'any', py: 'np.any', kind: 'exact' },
  { name: 'all', py: 'np.all', kind: 'exact' },
  { name: 'count_nonzero', py: 'np.count_nonzero', kind: 'exact' },
  { name: 'argmax', py: 'np.argmax', kind: 'exact', arg: true },
  { name: 'argmin', py: 'np.argmin', kind: 'exact', arg: true },
  { name: 'nansum', py: 'np.nansum', kind: 'sum' },
  { name: 'nanprod', py: 'np.nanprod', kind: 'sum', small: true },
  { name: 'nanmean', py: 'np.nanmean', kind: 'sum' },
  { name: 'nanvar', py: 'np.nanvar', kind: 'sum' },
  { name: 'nanstd', py: 'np.nanstd', kind: 'sum' },
  { name: 'nanmax', py: 'np.nanmax', kind: 'exact' },
  { name: 'nanmin', py: 'np.nanmin', kind: 'exact' },
  { name: 'nanargmax', py: 'np.nanargmax', kind: 'exact', arg: true },
  { name: 'nanargmin', py: 'np.nanargmin', kind: 'exact', arg: true },
  { name: 'cumsum', py: 'np.cumsum', kind: 'sum', scan: true },
  { name: 'cumprod', py: 'np.cumprod', kind: 'sum', scan: true, small: true },
  { name: 'nancumsum', py: 'np.nancumsum', kind: 'sum', scan: true },
  { name: 'nancumprod', py: 'np.nancumprod', kind: 'sum', scan: true, small: true },
];

const pyAxis = (a: unknown) => (a === null ? 'None' : Array.isArray(a) ? `(${a.join(', ')},)` : String(a));

function axesFor(s: Spec): Array<{ axis: number | number[] | null; keepdims?: boolean }> {
  if (s.scan) return [{ axis: null }, { axis: 0 }, { axis: -1 }];
  if (s.arg) return [{ axis: null }, { axis: 0 }, { axis: -1, keepdims: true }];
  return [{ axis: null }, { axis: 0 }, { axis: -1, keepdims: true }, { axis: [0, 1] }];
}

function inputFor(s: Spec, dtype: DTypeName, seed: number): HostArray {
  const float = dtype.startsWith('float') || dtype.startsWith('complex');
  if (s.small) return randomArray(dtype, [4, 37], seed, float ? { low: 0.5, high: 1.5 } : { low: -3, high: 3 });
  // NaN and ±Inf mixed in for the NaN rules; the nan-arg functions need a non-NaN in every slice.
  const special = float && !s.name.startsWith('nanarg') && !['var', 'std', 'nanvar', 'nanstd'].includes(s.name);
  return randomArray(dtype, [4, 37], seed, { special });
}

describe('reductions × dtypes × axes against NumPy', () => {
  const cases: Array<{ label: string; run: () => cp.NDArray; tol?: CompareOptions; anyNaN?: boolean }> = [];
  const exprs: Array<{ expr: string; inputs: Record<string, HostArray> }> = [];
  SPECS.forEach((s, k) => {
    [...DTYPE_NAMES, ...COMPLEX_DTYPE_NAMES].forEach((dtype, j) => {
      const a = inputFor(s, dtype, 300 * k + j);
      for (const ax of axesFor(s)) {
        const opts: Opts = { ...s.opts, axis: ax.axis, ...(ax.keepdims ? { keepdims: true } : {}) };
        const py = `${s.py}(a, axis=${pyAxis(ax.axis)}${ax.keepdims ? ', keepdims=True' : ''}${s.pyOpts ?? ''})`;
        cases.push({ label: `${s.name} ${dtype} axis=${pyAxis(ax.axis)}${ax.keepdims ? ' keepdims' : ''}`, run: () => F[s.name](toDevice(a), opts), tol: complexProductTolerance(s, dtype) ?? tolerance(dtype, s.kind), anyNaN: ['max', 'min', 'ptp'].includes(s.name) });
        exprs.push({ expr: `np.asarray(${py})`, inputs: { a } });
      }
    });
  });
  const want = numpy(exprs);
  cases.forEach((c, i) => it(c.label, () => check(c.run, want[i], c.tol, c.anyNaN)));
});

describe('reductions: dtype options, ddof, methods', () => {
  const a = randomArray('int16', [6, 5], 11);
  const f = randomArray('float32', [6, 5], 12);
  const cases: Array<[string, () => cp.NDArray, string, HostArray, CompareOptions?]> = [
    ['sum dtype=float32', () => cp.sum(toDevice(a), { dtype: 'float32' }), 'np.sum(a, dtype=np.float32)', a],
    ['sum dtype=int8 wraps', () => cp.sum(toDevice(a), { axis: 1, dtype: 'int8' }), 'np.sum(a, axis=1, dtype=np.int8)', a],
    ['mean dtype=float32', () => cp.mean(toDevice(a), { axis: 0, dtype: 'float32' }), 'np.mean(a, axis=0, dtype=np.float32)', a, tolerance('float32', 'sum')],
    ['var ddof=2', () => cp.var(toDevice(f), { axis: 1, ddof: 2 }), 'np.var(a, axis=1, ddof=2)', f, tolerance('float32', 'sum')],
    ['var ddof=n gives inf/nan', () => cp.var(toDevice(f), { axis: 1, ddof: 5 }), 'np.var(a, axis=1, ddof=5)', f],
    ['method chain', () => toDevice(f).mul(2).sum({ axis: -1 }), 'np.sum(a * 2, axis=-1)', f, tolerance('float32', 'sum')],
    ['average with weights along an axis', () => cp.average(toDevice(f), { axis: 1, weights: cp.asarray([1, 2, 3, 4, 5]) }), 'np.average(a, axis=1, weights=np.array([1, 2, 3, 4, 5]))', f, tolerance('float64', 'sum')],
    ['average with full weights', () => cp.average(toDevice(a), { weights: toDevice(f).abs() }), 'np.average(a, weights=np.abs(w))', a, { rtol: 1e-6, atol: 1e-6 }],
    ['cumsum dtype=float64', () => cp.cumsum(toDevice(a), { axis: 0, dtype: 'float64' }), 'np.cumsum(a, axis=0, dtype=np.float64)', a],
  ];
  const want = numpy(cases.map(([, , expr, h]) => ({ expr: `np.asarray(${expr})`, inputs: { a: h, w: f } })));
  cases.forEach(([label, run, , , tol], i) => it(label, () => check(run, want[i], tol)));
});

describe('reductions at the edges', () => {
  const empty = randomArray('float32', [0, 3], 1);
  const wide = randomArray('float64', [3, 0], 2);
  const zeroD = randomArray('int32', [], 3);
  const cube = randomArray('float64', [5, 6, 7], 4);
  const cases: Array<[string, () => cp.NDArray, string, Record<string, HostArray>, CompareOptions?]> = [
    ['sum of (0,3) over axis 0', () => cp.sum(toDevice(empty), { axis: 0 }), 'np.sum(e, axis=0)', { e: empty }],
    ['prod of (3,0) over axis 1', () => cp.prod(toDevice(wide), { axis: 1 }), 'np.prod(w, axis=1)', { w: wide }],
    ['max of (0,3) over axis 1 (empty result)', () => cp.max(toDevice(empty), { axis: 1 }), 'np.max(e, axis=1)', { e: empty }],
    ['max of (0,3) over axis 0 (error)', () => cp.max(toDevice(empty), { axis: 0 }), 'np.max(e, axis=0)', { e: empty }],
    ['argmax of an empty array (error)', () => cp.argmax(toDevice(empty)), 'np.argmax(e)', { e: empty }],
    ['mean of an empty array is NaN', () => cp.mean(toDevice(empty)), 'np.mean(e)', { e: empty }],
    ['any/all of empty', () => cp.all(toDevice(wide), { axis: 1 }), 'np.all(w, axis=1)', { w: wide }],
    ['cumsum of (3,0)', () => cp.cumsum(toDevice(wide), { axis: 1 }), 'np.cumsum(w, axis=1)', { w: wide }],
    ['sum of 0-d', () => cp.sum(toDevice(zeroD)), 'np.sum(z)', { z: zeroD }],
    ['max of 0-d with axis=None', () => cp.max(toDevice(zeroD)), 'np.max(z)', { z: zeroD }],
    ['axis 0 of 0-d (NumPy allows an integer axis 0 or -1 there)', () => cp.sum(toDevice(zeroD), { axis: 0 }), 'np.sum(z, axis=0)', { z: zeroD }],
    ['argmax of 0-d over axis -1', () => cp.argmax(toDevice(zeroD), { axis: -1 }), 'np.argmax(z, axis=-1)', { z: zeroD }],
    ['cumsum of 0-d', () => cp.cumsum(toDevice(zeroD), { axis: 0 }), 'np.cumsum(z, axis=0)', { z: zeroD }],
    ['mean of 0-d over axis 0 (error)', () => cp.mean(toDevice(zeroD), { axis: 0 }), 'np.mean(z, axis=0)', { z: zeroD }],
    ['axis (0,) of 0-d (error)', () => cp.max(toDevice(zeroD), { axis: [0] }), 'np.max(z, axis=(0,))', { z: zeroD }],
    ['axis 3 of 3-d (error)', () => cp.sum(toDevice(cube), { axis: 3 }), 'np.sum(c, axis=3)', { c: cube }],
    ['axis -4 of 3-d (error)', () => cp.mean(toDevice(cube), { axis: -4 }), 'np.mean(c, axis=-4)', { c: cube }],
    ['duplicate axes (error)', () => cp.sum(toDevice(cube), { axis: [0, -3] }), 'np.sum(c, axis=(0, -3))', { c: cube }],
    ['axes (0, 2) of 3-d', () => cp.sum(toDevice(cube), { axis: [0, 2] }), 'np.sum(c, axis=(0, 2))', { c: cube }, tolerance('float64', 'sum')],
    ['axes (-1, 0) keepdims', () => cp.max(toDevice(cube), { axis: [-1, 0], keepdims: true }), 'np.max(c, axis=(-1, 0), keepdims=True)', { c: cube }],
    ['axis 1 of 3-d (column layout, batched)', () => cp.mean(toDevice(cube), { axis: 1 }), 'np.mean(c, axis=1)', { c: cube }, tolerance('float64', 'sum')],
    ['argmin over axis 1 of 3-d', () => cp.argmin(toDevice(cube), { axis: 1 }), 'np.argmin(c, axis=1)', { c: cube }],
    ['cumprod over axis 1 of 3-d', () => cp.cumprod(toDevice(cube).mul(0.1).add(1), { axis: 1 }), 'np.cumprod(c * 0.1 + 1, axis=1)', { c: cube }, tolerance('float64', 'sum')],
    ['sum of a broadcast input', () => cp.sum(cp.broadcast_to(toDevice(cube).sum({ axis: 2, keepdims: true }), [5, 6, 7]), { axis: 1 }), 'np.sum(np.broadcast_to(c.sum(axis=2, keepdims=True), (5, 6, 7)), axis=1)', { c: cube }, tolerance('float64', 'sum')],
    ['sum of x * y with y broadcast along rows', () => toDevice(cube).mul(toDevice(cube).max({ axis: 0 })).sum({ axis: -1 }), 'np.sum(c * c.max(axis=0), axis=-1)', { c: cube }, tolerance('float64', 'sum')],
  ];
  const want = numpy(cases.map(([, , expr, inputs]) => ({ expr: `np.asarray(${expr})`, inputs })));
  cases.forEach(([label, run, , , tol], i) => it(label, () => check(run, want[i], tol)));

  it('rejects bad options at the call, naming the op', () => {
    const x = toDevice(cube);
    expect(() => cp.sum(x, { axis: 1.5 })).toThrow(/sum: expected axis to be an integer or a list of integers or null, got 1.5/);
    expect(() => cp.argmax(x, { axis: [0, 1] as unknown as number })).toThrow(/argmax: expected axis to be an integer axis or null, got an array/);
    expect(() => cp.mean(x, { keepdims: 'yes' as unknown as boolean })).toThrow(/mean: expected keepdims to be a boolean/);
    expect(() => cp.var(x, { ddof: 'one' as unknown as number })).toThrow(/var: expected ddof to be a number/);
    // @ts-expect-error an unknown dtype name does not compile
    expect(() => cp.sum(x, { dtype: 'float128' })).toThrow(/sum/);
    expect(() => cp.average(x, { axis: 1, weights: cp.asarray([1, 2]) })).toThrow(/average: expected weights of shape \(5, 6, 7\) or \(6,\) \(a's shape along axis 1\), got shape \(2,\)/);
    expect(() => cp.average(x, { weights: cp.asarray([1, 2]) })).toThrow(/average: expected weights of shape \(5, 6, 7\) without an axis/);
    expect(() => cp.sum(x, { axes: 1 } as never)).toThrow(/sum: unknown option 'axes'/);
    expect(() => cp.sum(x, 0, { axis: 1 } as never)).toThrow(/sum: got multiple values for argument 'axis'/);
    expect(() => cp.sum(x, 0, null, x)).toThrow(/sum: expected out to have shape \(6, 7\), got \(5, 6, 7\)/);
  });

  it('average: weights along an axis tuple (in its order, as NumPy 2); weights that sum to zero throw at the readback', () => {
    const x = cp.arange(24).reshape([2, 3, 4]).astype('float64');
    const want = numpy([
      { expr: 'np.average(np.arange(24.).reshape(2, 3, 4), axis=(0, 2), weights=np.arange(8.).reshape(2, 4))', inputs: {} },
      { expr: 'np.average(np.arange(24.).reshape(2, 3, 4), axis=(2, 0), weights=np.arange(8.).reshape(4, 2), keepdims=True)', inputs: {} },
    ]);
    const got = [
      cp.average(x, { axis: [0, 2], weights: cp.arange(8).reshape([2, 4]).astype('float64') }),
      cp.average(x, { axis: [2, 0], weights: cp.arange(8).reshape([4, 2]).astype('float64'), keepdims: true }),
    ];
    got.forEach((g, k) => {
      const w = want[k];
      if (!w.ok) throw new Error(w.error);
      const cmp = compareArrays(toHost(g), w.value as HostArray, { rtol: 1e-12, atol: 0 });
      expect(cmp.ok ? '' : cmp.message).toBe('');
    });
    expect(() => cp.average(x, { axis: [0, 2], weights: cp.ones([4, 2]) })).toThrow(/average: expected weights of shape \(2, 3, 4\) or \(2, 4\)/);
    const zero = cp.average(cp.asarray([[1, 2], [3, 4]]), { axis: 1, weights: [1, -1] });
    expect(() => zero.dataSync()).toThrow(/average: Weights sum to zero, can't be normalized/);
    expect(Array.from(cp.average(cp.asarray([[1, 2], [3, 4]]), { axis: 1, weights: [1, 3] }).dataSync() as Float64Array)).toEqual([1.75, 3.75]);
  });

  it('nanargmax and nanargmin of an all-NaN slice throw at the readback, as NumPy raises', () => {
    for (const dtype of ['float16', 'float32', 'float64', 'complex64'] as const) {
      const x = toDevice({ dtype: 'float64', shape: [3, 4], data: Float64Array.from([NaN, NaN, NaN, NaN, 1, NaN, 3, 2, NaN, 5, NaN, NaN]) }).astype(dtype);
      for (const f of [cp.nanargmax, cp.nanargmin]) {
        const name = f === cp.nanargmax ? 'nanargmax' : 'nanargmin';
        const rows = f(x, { axis: 1 });
        recordCuda(rows);
        expect(() => rows.dataSync()).toThrow(new RegExp(`${name}: All-NaN slice encountered`));
        // Anything computed from it throws too; slices with a number give NumPy's index.
        expect(() => f(x, { axis: 1 }).add(1).dataSync()).toThrow(/All-NaN slice encountered/);
        expect(Array.from(f(x.get('1:'), { axis: 1 }).dataSync() as BigInt64Array)).toEqual(name === 'nanargmax' ? [2n, 1n] : [0n, 1n]);
        expect(() => f(x.get('0')).dataSync()).toThrow(/All-NaN slice encountered/);
        expect(Number(f(x).dataSync()[0])).toBe(name === 'nanargmax' ? 9 : 4);
      }
    }
    // Integers have no NaN: nothing to check.
    expect(Number(cp.nanargmax(cp.asarray([1, 5, 2], 'int32')).dataSync()[0])).toBe(1);
  });

  it("take NumPy's positional forms, as functions and as methods", () => {
    const x = toDevice(cube);
    const want = numpy([
      { expr: 'np.sum(c, 1)', inputs: { c: cube } },
      { expr: 'np.sum(c, 0, None, None, True)', inputs: { c: cube } },
      { expr: 'np.var(c, -1, np.float64, None, 1)', inputs: { c: cube } },
      { expr: 'c.max(2)', inputs: { c: cube } },
      { expr: 'np.cumsum(c, 1)', inputs: { c: cube } },
      { expr: 'np.argmin(c, 0)', inputs: { c: cube } },
    ]);
    const got = [cp.sum(x, 1), cp.sum(x, 0, null, null, true), cp.var(x, -1, 'float64', null, 1), x.max(2), cp.cumsum(x, 1), cp.argmin(x, 0)];
    got.forEach((g, i) => {
      const cmp = compareArrays(toHost(g), (want[i] as { value: HostArray }).value);
      expect(cmp.ok ? '' : `${i}: ${cmp.message}`).toBe('');
    });
  });
});

describe('long rows, columns and fused programs', () => {
  const long = randomArray('float32', [3, 50_000], 21);
  const flat = randomArray('float32', [200_003], 22);
  const tall = randomArray('float32', [3000, 40], 23);
  const mat = randomArray('float32', [64, 300], 24, { low: -4, high: 4 });
  const big = { rtol: 1e-4, atol: 5e-2 };
  const cases: Array<[string, () => cp.NDArray, string, Record<string, HostArray>, CompareOptions?]> = [
    ['sum of 200003 float32 (split)', () => cp.sum(toDevice(flat)), 'np.sum(f.astype(np.float64)).astype(np.float32)', { f: flat }, { rtol: 1e-5, atol: 0.05 }],
    ['row sums of 3 × 50000 (split)', () => cp.sum(toDevice(long), { axis: 1 }), 'np.sum(l.astype(np.float64), axis=1).astype(np.float32)', { l: long }, big],
    ['argmax of 3 × 50000 rows (split)', () => cp.argmax(toDevice(long), { axis: 1 }), 'np.argmax(l, axis=1)', { l: long }],
    ['max of 200003 (split)', () => cp.max(toDevice(flat)), 'np.max(f)', { f: flat }],
    ['column sums of 3000 × 40', () => cp.sum(toDevice(tall), { axis: 0 }), 'np.sum(t.astype(np.float64), axis=0).astype(np.float32)', { t: tall }, big],
    ['column argmin of 3000 × 40', () => cp.argmin(toDevice(tall), { axis: 0 }), 'np.argmin(t, axis=0)', { t: tall }],
    ['softmax over rows', () => { const x = toDevice(mat); const e = x.sub(x.max({ axis: -1, keepdims: true })).exp(); return e.div(e.sum({ axis: -1, keepdims: true })); },
      'np.exp(m - m.max(axis=-1, keepdims=True)) / np.exp(m - m.max(axis=-1, keepdims=True)).sum(axis=-1, keepdims=True)', { m: mat }, { rtol: 1e-5, atol: 1e-7 }],
    ['log-softmax over rows', () => { const x = toDevice(mat); const s = x.sub(x.max({ axis: -1, keepdims: true })); return s.sub(s.exp().sum({ axis: -1, keepdims: true }).log()); },
      's = m - m.max(axis=-1, keepdims=True); s - np.log(np.exp(s).sum(axis=-1, keepdims=True))', { m: mat }, { rtol: 1e-5, atol: 1e-5 }],
    ['row normalization', () => { const x = toDevice(mat); return x.sub(x.mean({ axis: -1, keepdims: true })).div(x.var({ axis: -1, keepdims: true }).add(1e-5).sqrt()); },
      '(m - m.mean(axis=-1, keepdims=True)) / np.sqrt(m.var(axis=-1, keepdims=True) + np.float32(1e-5))', { m: mat }, { rtol: 1e-4, atol: 1e-4 }],
    ['softmax over columns (axis 0)', () => { const x = toDevice(mat); const e = x.sub(x.max({ axis: 0, keepdims: true })).exp(); return e.div(e.sum({ axis: 0, keepdims: true })); },
      'np.exp(m - m.max(axis=0, keepdims=True)) / np.exp(m - m.max(axis=0, keepdims=True)).sum(axis=0, keepdims=True)', { m: mat }, { rtol: 1e-5, atol: 1e-7 }],
  ];
  const want = numpy(cases.map(([, , expr, inputs]) => ({ expr: expr.includes(';') ? `(lambda: (${expr.replace(/^s = (.*?); /, '(s := $1), ')})[-1])()` : `np.asarray(${expr})`, inputs })));
  cases.forEach(([label, run, , , tol], i) => it(label, () => check(run, want[i], tol)));

  it('runs softmax, normalization, mean and ptp as one kernel each', () => {
    const x = toDevice(mat);
    const e = x.sub(x.max({ axis: -1, keepdims: true })).exp();
    const softmax = e.div(e.sum({ axis: -1, keepdims: true }));
    const norm = x.sub(x.mean({ axis: -1, keepdims: true })).div(x.var({ axis: -1, keepdims: true }).add(1e-5).sqrt());
    for (const y of [softmax, norm, x.mean({ axis: 0 }), x.ptp({ axis: 1 }), x.mul(x).sum()]) {
      const k = cp.explain(y).kernels;
      expect(k.map((q) => q.kind)).toEqual(['reduce']);
    }
    expect(cp.explain(softmax).kernels[0].reason).toMatch(/row-persistent/);
    expect(cp.explain(x.mean({ axis: 0 })).kernels[0].reason).toMatch(/epilogue/);
  });

  it('gives bitwise the same sum on every run', () => {
    const x = toDevice(flat);
    const a = cp.sum(x.mul(1.5)).dataSync();
    const b = cp.sum(x.mul(1.5)).dataSync();
    expect(Array.from(a as Float32Array)).toEqual(Array.from(b as Float32Array));
  });
});

// Rows read more than once and a whole number of 16-byte vectors long are kept in registers as
// vectors on the GPU (ReducePlan.vectorItems): rows of 1 to 4 vectors per thread, every vector
// width (float64: 2, float32: 4, float16 and int16: 8), a row output wider than its input, a
// second input broadcast along the row, and unaligned rows (the scalar re-reading fallback).
describe('register-cached rows', () => {
  const wide = randomArray('float32', [6, 8192], 31, { low: -4, high: 4 });
  const odd = randomArray('float32', [5, 2052], 32, { low: -4, high: 4 });
  const half = randomArray('float16', [7, 1000], 33, { low: -2, high: 2 });
  const dbl = randomArray('float64', [9, 520], 34);
  const ints = randomArray('int16', [8, 64], 35);
  const bias = randomArray('float32', [5, 1], 36);
  const offset = randomArray('float32', [4, 1025], 37, { low: -4, high: 4 });
  const softmax = (x: cp.NDArray) => { const e = x.sub(x.max({ axis: -1, keepdims: true })).exp(); return e.div(e.sum({ axis: -1, keepdims: true })); };
  const npSoftmax = (m: string) => `np.exp(${m} - ${m}.max(axis=-1, keepdims=True)) / np.exp(${m} - ${m}.max(axis=-1, keepdims=True)).sum(axis=-1, keepdims=True)`;
  const cases: Array<[string, () => cp.NDArray, string, Record<string, HostArray>, CompareOptions?]> = [
    ['softmax of 8192-element float32 rows (4 vectors per thread)', () => softmax(toDevice(wide)), npSoftmax('w'), { w: wide }, { rtol: 1e-5, atol: 1e-9 }],
    ['softmax of 2052-element rows (a partial last vector round)', () => softmax(toDevice(odd)), npSoftmax('o'), { o: odd }, { rtol: 1e-5, atol: 1e-9 }],
    ['softmax of float16 rows (8 per vector)', () => softmax(toDevice(half)), npSoftmax('h'), { h: half }, { rtol: 1e-2, atol: 1e-4 }],
    ['normalization of float64 rows (2 per vector)', () => { const x = toDevice(dbl); return x.sub(x.mean({ axis: -1, keepdims: true })).div(x.std({ axis: -1, keepdims: true })); },
      '(d - d.mean(axis=-1, keepdims=True)) / d.std(axis=-1, keepdims=True)', { d: dbl }, { rtol: 1e-11, atol: 1e-11 }],
    ['int16 rows centred (a float64 row output)', () => { const x = toDevice(ints); return x.sub(x.mean({ axis: -1, keepdims: true })).mul(x.max({ axis: -1, keepdims: true })); },
      '(i - i.mean(axis=-1, keepdims=True)) * i.max(axis=-1, keepdims=True)', { i: ints }, { rtol: 1e-12, atol: 1e-9 }],
    ['softmax of rows plus a per-row bias (a second input along the row)', () => softmax(toDevice(odd).add(toDevice(bias))), npSoftmax('(o + b)'), { o: odd, b: bias }, { rtol: 1e-5, atol: 1e-9 }],
    ['softmax of rows that start unaligned', () => softmax(toDevice(offset).get(':, 1:')), npSoftmax('f[:, 1:]'), { f: offset }, { rtol: 1e-5, atol: 1e-9 }],
  ];
  const want = numpy(cases.map(([, , expr, inputs]) => ({ expr: `np.asarray(${expr})`, inputs })));
  cases.forEach(([label, run, , , tol], i) => it(label, () => check(run, want[i], tol)));
});

// Runs last in this file: every CUDA kernel built above compiles with NVRTC (sm_90).
describe.skipIf(!HAS_NVRTC)('NVRTC', () => {
  it('compiles every generated reduction and scan kernel above', () => {
    const { kernels } = compileAll([...cudaSources.values()]);
    expect(kernels).toBeGreaterThan(50);
  }, 600_000);
});
