// kron, convolve, correlate, interp, cov and corrcoef against NumPy: over dtypes (integers wrap as
// NumPy's do; bool is and/or), every mode with the longer input first or second and kernels of
// even and odd length, interp's edges (left, right, period, NaN, exact hits, repeated points),
// cov's weights, ddof, bias, rowvar and dtype; empty and 0-d inputs; a long convolution that
// stays one fused kernel; and every rejected call is a CupytsError naming the function. Every
// kernel built here is compiled with NVRTC.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, toDevice } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { checkErrors, type ErrorCase } from '../helpers/numpy-cases.js';
import { checkClose, type CloseCase } from '../helpers/numpy-close-cases.js';
import { randomArray, type CompareOptions, type DTypeName, type HostArray } from '../helpers/numpy-oracle.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';

setBackendNotice(() => {});

const ALL: DTypeName[] = ['bool', 'int8', 'uint8', 'int16', 'int32', 'int64', 'uint32', 'uint64', 'float16', 'float32', 'float64'];
let seed = 3500;
const rand = (dtype: DTypeName, shape: number[], special = false) => randomArray(dtype, shape, seed++, { special });
const f64 = (...values: number[]): HostArray => ({ dtype: 'float64', shape: [values.length], data: Float64Array.from(values) });
/** Computed floats: NumPy sums in another order. */
const tol = (d: DTypeName): CompareOptions | undefined =>
  d === 'float16' ? { rtol: 1e-2, atol: 5e-2 } : d === 'float32' ? { rtol: 1e-5, atol: 1e-4 } : { rtol: 1e-10, atol: 1e-10 };

describe('kron', () => {
  it('over dtypes and ranks', () => {
    const cases: CloseCase[] = [];
    for (const d of ALL) {
      const a = rand(d, [2, 3]);
      const b = rand(d, [3, 2]);
      cases.push({ label: `${d} 2-D`, expr: 'np.kron(a, b)', inputs: { a, b }, run: () => cp.kron(toDevice(a), toDevice(b)) });
    }
    const a = rand('int32', [3]);
    const b = rand('float32', [2, 2, 2]);
    const s = rand('float64', []);
    cases.push(
      { label: '1-D and 3-D', expr: 'np.kron(a, b)', inputs: { a, b }, run: () => cp.kron(toDevice(a), toDevice(b)) },
      { label: '3-D and 1-D', expr: 'np.kron(b, a)', inputs: { a, b }, run: () => cp.kron(toDevice(b), toDevice(a)) },
      { label: '0-d', expr: 'np.kron(s, b)', inputs: { s, b }, run: () => cp.kron(toDevice(s), toDevice(b)) },
      { label: 'transposed', expr: 'np.kron(b.T, b[0])', inputs: { b }, run: () => cp.kron(toDevice(b).T, toDevice(b).get(0)) },
      { label: 'empty', expr: 'np.kron(np.zeros((2, 0)), np.ones((3, 3)))', run: () => cp.kron(cp.zeros([2, 0]), cp.ones([3, 3])) },
      { label: 'JS lists', expr: 'np.kron([1, 10], [1, 2, 3])', run: () => cp.kron([1, 10], [1, 2, 3]) },
    );
    checkClose(cases);
  });
});

describe('convolve and correlate', () => {
  it('every mode, both orders, kernels of odd and even length, over dtypes', () => {
    const cases: CloseCase[] = [];
    for (const d of ALL) {
      const a = rand(d, [7]);
      for (const m of [1, 2, 3, 4, 7, 10]) {
        const v = rand(d, [m]);
        for (const mode of ['full', 'same', 'valid'] as const) {
          cases.push(
            { label: `${d} convolve ${m} ${mode}`, expr: `np.convolve(a, v, '${mode}')`, inputs: { a, v }, run: () => cp.convolve(toDevice(a), toDevice(v), mode), tol: tol(d) },
            { label: `${d} correlate ${m} ${mode}`, expr: `np.correlate(a, v, mode='${mode}')`, inputs: { a, v }, run: () => cp.correlate(toDevice(a), toDevice(v), { mode }), tol: tol(d) },
          );
        }
      }
    }
    const x = rand('float64', [9], true);
    const i = rand('int8', [5]);
    const u = rand('uint16', [6]);
    cases.push(
      { label: 'NaN and Inf', expr: 'np.convolve(x, x[:3])', inputs: { x }, run: () => cp.convolve(toDevice(x), toDevice(x).get(':3')) },
      { label: 'correlate default valid', expr: 'np.correlate(x, x[2:5])', inputs: { x }, run: () => cp.correlate(toDevice(x), toDevice(x).get('2:5')) },
      { label: 'mixed dtypes', expr: 'np.convolve(i, u)', inputs: { i, u }, run: () => cp.convolve(toDevice(i), toDevice(u)) },
      { label: 'strided input', expr: "np.correlate(x[::2], i, 'full')", inputs: { x, i }, run: () => cp.correlate(toDevice(x).get('::2'), toDevice(i), 'full'), tol: tol('float64') },
      { label: 'scalar kernel', expr: 'np.convolve(x, 2.5)', inputs: { x }, run: () => cp.convolve(toDevice(x), 2.5) },
      { label: 'JS lists', expr: "np.convolve([1, 2, 3], [0, 1, 0.5], 'same')", run: () => cp.convolve([1, 2, 3], [0, 1, 0.5], 'same') },
    );
    checkClose(cases);
  });

  it('a long convolution is one fused reduction kernel, without an n*m array', () => {
    const a = rand('float32', [20000]);
    const v = rand('float32', [513]);
    const full = cp.convolve(toDevice(a), toDevice(v));
    const kernels = cp.explain(full).kernels;
    const windowed = kernels.filter((k) => k.kind === 'reduce');
    expect(windowed).toHaveLength(1);
    expect(kernels.every((k) => k.size <= 20000 + 2 * 512)).toBe(true);
    checkClose([
      { label: 'long full', expr: 'np.convolve(a, v)', inputs: { a, v }, run: () => full, tol: { rtol: 1e-4, atol: 1e-3 } },
      { label: 'long valid', expr: "np.correlate(a, v, 'valid')", inputs: { a, v }, run: () => cp.correlate(toDevice(a), toDevice(v)), tol: { rtol: 1e-4, atol: 1e-3 } },
    ]);
  });
});

describe('interp', () => {
  it("matches NumPy inside, at and beyond the sample points, with left, right and period", () => {
    const xp = f64(-1, 0, 0.5, 2, 2, 3.5, 5);
    const fp = f64(3, -1, 2, 4, 6, 1, 0);
    const x = f64(-2, -1, -0.5, 0, 0.25, 2, 2.5, 3.5, 4.9, 5, 6, NaN, Infinity, -Infinity);
    const grid = rand('float32', [3, 4]);
    const big = rand('float64', [3000]);
    const bigXp = f64(...Array.from({ length: 2000 }, (_, k) => -10 + k * 0.01 + (k % 3) * 1e-3));
    const bigFp = rand('float64', [2000]);
    const ints = rand('int32', [6]);
    // 65 points (past the counting limit of 64): repeated values, and x on every point and between.
    const rep = f64(...Array.from({ length: 65 }, (_, k) => Math.floor(k / 3)));
    const probe = f64(...Array.from({ length: 100 }, (_, k) => k / 4 - 1), NaN, Infinity, -Infinity, 21, 21.5);
    const cases: CloseCase[] = [
      { label: 'points', expr: 'np.interp(x, xp, fp)', inputs: { x, xp, fp }, run: () => cp.interp(toDevice(x), toDevice(xp), toDevice(fp)) },
      { label: 'left right', expr: 'np.interp(x, xp, fp, -7.5, 9)', inputs: { x, xp, fp }, run: () => cp.interp(toDevice(x), toDevice(xp), toDevice(fp), -7.5, 9) },
      { label: 'right by keyword', expr: 'np.interp(x, xp, fp, right=np.nan)', inputs: { x, xp, fp }, run: () => cp.interp(toDevice(x), toDevice(xp), toDevice(fp), { right: NaN }) },
      { label: '2-D float32 x', expr: 'np.interp(grid, xp, fp)', inputs: { grid, xp, fp }, run: () => cp.interp(toDevice(grid), toDevice(xp), toDevice(fp)) },
      { label: 'int inputs', expr: 'np.interp(ints, np.arange(-1000, 1001, 250), np.arange(9))', inputs: { ints },
        run: () => cp.interp(toDevice(ints), cp.arange(-1000, 1001, 250), cp.arange(9)) },
      { label: 'one point', expr: 'np.interp(x, xp[:1], fp[:1])', inputs: { x, xp, fp }, run: () => cp.interp(toDevice(x), toDevice(xp).get(':1'), toDevice(fp).get(':1')) },
      { label: 'inf in fp', expr: 'np.interp(x, xp, fp2)', inputs: { x, xp, fp2: f64(3, Infinity, Infinity, 4, -Infinity, 1, 0) },
        run: () => cp.interp(toDevice(x), toDevice(xp), toDevice(f64(3, Infinity, Infinity, 4, -Infinity, 1, 0))) },
      { label: 'period', expr: 'np.interp(x, xp2, fp, period=4)', inputs: { x, xp2: f64(7, 1, 0.5, 2.5, -1, 3.5, 5.25), fp },
        run: () => cp.interp(toDevice(x), toDevice(f64(7, 1, 0.5, 2.5, -1, 3.5, 5.25)), toDevice(fp), { period: 4 }) },
      { label: 'negative period', expr: 'np.interp(grid, xp, fp, period=-3)', inputs: { grid, xp, fp }, run: () => cp.interp(toDevice(grid), toDevice(xp), toDevice(fp), null, null, -3) },
      { label: 'searched points with repeats', expr: 'np.interp(probe, rep, np.arange(65.0) ** 2)', inputs: { probe, rep },
        run: () => cp.interp(toDevice(probe), toDevice(rep), cp.power(cp.arange(65).astype('float64'), 2)) },
      { label: 'searched points, 2**k', expr: 'np.interp(probe, np.arange(128.0) / 4, np.sin(np.arange(128.0)))', inputs: { probe },
        run: () => cp.interp(toDevice(probe), cp.divide(cp.arange(128).astype('float64'), 4), cp.sin(cp.arange(128).astype('float64'))) },
      { label: 'many points', expr: 'np.interp(big, bigXp, bigFp)', inputs: { big, bigXp, bigFp }, run: () => cp.interp(toDevice(big), toDevice(bigXp), toDevice(bigFp)) },
      { label: 'scalar x', expr: 'np.asarray(np.interp(2.5, xp, fp))', inputs: { xp, fp }, run: () => cp.interp(2.5, toDevice(xp), toDevice(fp)) },
      { label: 'empty x', expr: 'np.interp(np.zeros((0, 2)), xp, fp)', inputs: { xp, fp }, run: () => cp.interp(cp.zeros([0, 2]), toDevice(xp), toDevice(fp)) },
    ];
    checkClose(cases.map((c) => ({ ...c, tol: { rtol: 1e-12, atol: 1e-12 } })));
  });

  it('interpolates complex fp part by part, in complex128 (NumPy: NaN x gives nan+0j)', () => {
    const xp = f64(-1, 0, 0.5, 2, 2, 3.5, 5);
    const x = f64(-2, -1, -0.5, 0, 0.25, 2, 2.5, 3.5, 4.9, 5, 6, NaN, Infinity, -Infinity);
    const fc = rand('complex128', [7]);
    const fc64 = rand('complex64', [7]);
    const cinf = { dtype: 'complex128', shape: [3], data: Float64Array.from([1, 2, Infinity, 1, 3, -1]) } as HostArray;
    const cases: CloseCase[] = [
      { label: 'complex128', expr: 'np.interp(x, xp, fc)', inputs: { x, xp, fc }, run: () => cp.interp(toDevice(x), toDevice(xp), toDevice(fc)) },
      { label: 'complex64 fp is complex128', expr: 'np.interp(x, xp, fc64)', inputs: { x, xp, fc64 }, run: () => cp.interp(toDevice(x), toDevice(xp), toDevice(fc64)) },
      { label: 'complex left, real right', expr: 'np.interp(x, xp, fc, left=2-1j, right=7)', inputs: { x, xp, fc },
        run: () => cp.interp(toDevice(x), toDevice(xp), toDevice(fc), cp.complex(2, -1), 7) },
      { label: 'period', expr: 'np.interp(x, xp, fc, period=4)', inputs: { x, xp, fc }, run: () => cp.interp(toDevice(x), toDevice(xp), toDevice(fc), { period: 4 }) },
      { label: 'one point', expr: 'np.interp(x, xp[:1], fc[:1])', inputs: { x, xp, fc }, run: () => cp.interp(toDevice(x), toDevice(xp).get(':1'), toDevice(fc).get(':1')) },
      { label: 'inf real part', expr: 'np.interp([0.5, 1.5, 2], [0, 1, 2], cinf)', inputs: { cinf }, run: () => cp.interp([0.5, 1.5, 2], [0, 1, 2], toDevice(cinf)) },
      { label: 'JS complex list', expr: 'np.interp(np.array([0.5, 1.25]), [0, 1, 2], [1j, 2, 3 - 1j])', run: () => cp.interp([0.5, 1.25], [0, 1, 2], [cp.complex(0, 1), 2, cp.complex(3, -1)]) },
    ];
    checkClose(cases.map((c) => ({ ...c, tol: { rtol: 1e-12, atol: 1e-12 } })));
  });
});

describe('scheduling', () => {
  it('gathers with indices from an unevaluated reduction (the scheduler once looped on them)', () => {
    const p = rand('float64', [6]);
    const m = rand('int64', [3, 4]);
    checkClose([
      { label: 'take of a sum', expr: 'np.take(p, np.sum(np.abs(m), axis=0) % 6)', inputs: { p, m },
        run: () => cp.take(toDevice(p), cp.remainder(cp.sum(cp.abs(toDevice(m)), { axis: 0 }), 6)) },
      { label: 'two takes of a sum', expr: 'np.take(p, np.sum(m > 0, axis=1)) - np.take(p, np.sum(m > 0, axis=1) + 1)', inputs: { p, m },
        run: () => { const j = cp.sum(cp.greater(toDevice(m), 0), { axis: 1 }); return cp.subtract(cp.take(toDevice(p), j), cp.take(toDevice(p), cp.add(j, 1))); } },
    ]);
  });
});

describe('cov and corrcoef', () => {
  it('over inputs, rowvar, y, bias, ddof, weights and dtype', () => {
    const m = rand('float64', [3, 8]);
    const y = rand('float32', [2, 8]);
    const v = rand('int32', [8]);
    const fw = { dtype: 'int64', shape: [8], data: BigInt64Array.from([1n, 2n, 0n, 3n, 1n, 1n, 4n, 2n]) } as HostArray;
    const aw = rand('float64', [8]);
    const t = tol('float64');
    const cases: CloseCase[] = [
      { label: 'rows', expr: 'np.cov(m)', inputs: { m }, run: () => cp.cov(toDevice(m)), tol: t },
      { label: 'columns', expr: 'np.cov(m.T, rowvar=False)', inputs: { m }, run: () => cp.cov(toDevice(m).T, { rowvar: false }), tol: t },
      { label: 'y', expr: 'np.cov(m, y)', inputs: { m, y }, run: () => cp.cov(toDevice(m), toDevice(y)), tol: t },
      { label: 'y columns', expr: 'np.cov(m.T, y.T, False)', inputs: { m, y }, run: () => cp.cov(toDevice(m).T, toDevice(y).T, false), tol: t },
      { label: 'bias', expr: 'np.cov(m, bias=True)', inputs: { m }, run: () => cp.cov(toDevice(m), { bias: true }), tol: t },
      { label: 'ddof', expr: 'np.cov(m, None, True, False, 3)', inputs: { m }, run: () => cp.cov(toDevice(m), null, true, false, 3), tol: t },
      { label: 'int 1-D', expr: 'np.asarray(np.cov(v))', inputs: { v }, run: () => cp.cov(toDevice(v)), tol: t },
      { label: 'fweights', expr: 'np.cov(m, fweights=fw)', inputs: { m, fw }, run: () => cp.cov(toDevice(m), { fweights: toDevice(fw) }), tol: t },
      { label: 'aweights', expr: 'np.cov(m, aweights=aw)', inputs: { m, aw: { ...aw, data: (aw.data as Float64Array).map(Math.abs) } },
        run: () => cp.cov(toDevice(m), { aweights: cp.abs(toDevice(aw)) }), tol: t },
      { label: 'both weights ddof 0', expr: 'np.cov(m, fweights=fw, aweights=np.abs(aw), ddof=0)', inputs: { m, fw, aw },
        run: () => cp.cov(toDevice(m), { fweights: toDevice(fw), aweights: cp.abs(toDevice(aw)), ddof: 0 }), tol: t },
      { label: 'both weights ddof 2', expr: 'np.cov(m, fweights=fw, aweights=np.abs(aw), ddof=2)', inputs: { m, fw, aw },
        run: () => cp.cov(toDevice(m), { fweights: toDevice(fw), aweights: cp.abs(toDevice(aw)), ddof: 2 }), tol: t },
      { label: 'dtype float32', expr: 'np.cov(y, dtype=np.float32)', inputs: { y }, run: () => cp.cov(toDevice(y), { dtype: 'float32' }), tol: tol('float32') },
      { label: 'float32 is float64', expr: 'np.cov(y)', inputs: { y }, run: () => cp.cov(toDevice(y)), tol: t },
      { label: 'ddof too large', expr: 'np.cov(m[:, :2], ddof=2)', inputs: { m }, run: () => cp.cov(toDevice(m).get(':, :2'), { ddof: 2 }) },
      { label: 'no variables', expr: 'np.cov(np.zeros((0, 3)))', run: () => cp.cov(cp.zeros([0, 3])) },
      { label: 'corrcoef', expr: 'np.corrcoef(m)', inputs: { m }, run: () => cp.corrcoef(toDevice(m)), tol: t },
      { label: 'corrcoef y columns', expr: 'np.corrcoef(m.T, y.T, rowvar=False)', inputs: { m, y }, run: () => cp.corrcoef(toDevice(m).T, toDevice(y).T, { rowvar: false }), tol: t },
      { label: 'corrcoef one variable', expr: 'np.asarray(np.corrcoef(v))', inputs: { v }, run: () => cp.corrcoef(toDevice(v)) },
      { label: 'corrcoef dtype', expr: 'np.corrcoef(y, dtype=np.float32)', inputs: { y }, run: () => cp.corrcoef(toDevice(y), { dtype: 'float32' }), tol: tol('float32') },
      { label: 'corrcoef constant row', expr: 'np.corrcoef(np.array([[1.0, 1.0, 1.0], [1.0, 2.0, 4.0]]))', run: () => cp.corrcoef([[1.5, 1.5, 1.5], [1.5, 2.5, 4.5]]) },
    ];
    checkClose(cases);
  });
});

describe('edge cases', () => {
  it('empty and 0-d inputs, mixed dtypes, periodic float32', () => {
    checkClose([
      { label: 'cov empty 1-D', expr: 'np.asarray(np.cov(np.zeros(0)))', run: () => cp.cov(cp.zeros([0])) },
      { label: 'cov 0-d', expr: 'np.asarray(np.cov(np.float64(2.0)))', run: () => cp.cov(cp.asarray(2.5)) },
      { label: 'cov one observation', expr: 'np.cov(np.ones((2, 1)))', run: () => cp.cov(cp.ones([2, 1])) },
      { label: 'corrcoef one observation', expr: 'np.corrcoef(np.ones((2, 1)))', run: () => cp.corrcoef(cp.ones([2, 1])) },
      { label: 'convolve bool with int8', expr: 'np.convolve(np.array([True, False, True]), np.array([2, 3], np.int8))',
        run: () => cp.convolve([true, false, true], cp.asarray([2, 3], { dtype: 'int8' })) },
      { label: 'correlate float16 with int8', expr: "np.correlate(np.array([1.5, 2, 3], np.float16), np.array([2, 3], np.int8), 'full')",
        run: () => cp.correlate(cp.asarray([1.5, 2, 3], { dtype: 'float16' }), cp.asarray([2, 3], { dtype: 'int8' }), 'full') },
      { label: 'kron of two 0-d', expr: 'np.asarray(np.kron(np.int8(3), np.int8(4)))', run: () => cp.kron(cp.asarray(3, { dtype: 'int8' }), cp.asarray(4, { dtype: 'int8' })) },
      { label: 'interp period float32', expr: 'np.interp(np.array([0.5, 7.25], np.float32), [0, 1, 2, 3], [1, 5, 2, 0], period=3.5)',
        run: () => cp.interp(cp.asarray([0.5, 7.25], { dtype: 'float32' }), [0, 1, 2, 3], [1, 5, 2, 0], { period: 3.5 }) },
    ]);
  });
});

describe('rejected calls', () => {
  it('throw a CupytsError naming the function and the argument', () => {
    const v = () => cp.asarray([1.5, 2, 3]);
    const cases: ErrorCase[] = [
      { label: 'convolve empty', expr: 'np.convolve(np.zeros(0), np.ones(2))', run: () => cp.convolve(cp.zeros([0]), cp.ones([2])), code: 'ERR_SHAPE', message: 'convolve: expected a non-empty a, got an empty array' },
      { label: 'correlate empty v', expr: 'np.correlate(np.ones(2), np.zeros(0))', run: () => cp.correlate(cp.ones([2]), cp.zeros([0])), code: 'ERR_SHAPE', message: 'correlate: expected a non-empty v, got an empty array' },
      { label: 'convolve 2-D', expr: 'np.convolve(np.ones((2, 2)), np.ones(2))', run: () => cp.convolve(cp.ones([2, 2]), cp.ones([2])), code: 'ERR_SHAPE', message: 'convolve: expected a 1-D a, got 2 dimensions' },
      { label: 'convolve mode', expr: "np.convolve(np.ones(2), np.ones(2), 'circular')", run: () => cp.convolve(v(), v(), 'circular' as never), code: 'ERR_ARG',
        message: "convolve: expected mode to be one of 'full', 'same', 'valid', got 'circular'" },
      { label: 'correlate extra option', expr: "np.correlate(np.ones(2), np.ones(2), method='fft')", run: () => cp.correlate(v(), v(), { method: 'fft' } as never), code: 'ERR_ARG', message: /^correlate: unknown option 'method'/ },
      { label: 'kron missing b', expr: 'np.kron(np.ones(2))', run: () => (cp.kron as any)(v()), code: 'ERR_ARG', message: /^kron: missing required argument 'b'/ },
      { label: 'interp lengths', expr: 'np.interp(1, [1, 2], [1, 2, 3])', run: () => cp.interp(1, [1, 2], [1, 2, 3]), code: 'ERR_SHAPE', message: 'interp: expected fp and xp of the same length, got 3 and 2' },
      { label: 'interp empty xp', expr: 'np.interp(1, np.zeros(0), np.zeros(0))', run: () => cp.interp(1, cp.zeros([0]), cp.zeros([0])), code: 'ERR_SHAPE', message: 'interp: expected sample points xp, got an empty array' },
      { label: 'interp 2-D fp', expr: 'np.interp(1, [1, 2], [[1, 2]])', run: () => cp.interp(1, [1, 2], [[1, 2]]), code: 'ERR_SHAPE', message: 'interp: expected a 1-D fp, got 2 dimensions' },
      { label: 'interp period 0', expr: 'np.interp(1, [1, 2], [1, 2], period=0)', run: () => cp.interp(1, [1, 2], [1, 2], { period: 0 }), code: 'ERR_ARG', message: 'interp: expected a non-zero period, got 0' },
      { label: 'interp left string', expr: null, run: () => cp.interp(1, [1, 2], [1, 2], 'a' as never), code: 'ERR_ARG', message: "interp: expected left to be a number, a complex number (cp.complex) or null, got 'a'" },
      { label: 'interp complex left, real fp', expr: 'np.interp(1, [1, 2], [1, 2], left=1j)', run: () => cp.interp(1, [1, 2], [1, 2], cp.complex(0, 1)), code: 'ERR_DTYPE',
        message: 'interp: expected real left for real fp, got a complex number (NumPy: must be real number, not complex)' },
      { label: 'interp complex x', expr: 'np.interp(np.array([1+1j]), [0, 2], [0, 1])', run: () => cp.interp([cp.complex(1, 1)], [0, 2], [0, 1]), code: 'ERR_DTYPE', message: /^interp: expected a real x, got complex128/ },
      { label: 'interp complex xp', expr: 'np.interp([1], np.array([0, 2+0j]), [0, 1])', run: () => cp.interp([1], [0, cp.complex(2, 0)], [0, 1]), code: 'ERR_DTYPE', message: /^interp: expected a real xp, got complex128/ },
      { label: 'correlate 0-d', expr: 'np.correlate(np.float64(2), np.ones(2))', run: () => cp.correlate(cp.asarray(2), cp.ones([2])), code: 'ERR_SHAPE', message: 'correlate: expected a 1-D a, got 0 dimensions' },
      { label: 'correlate 0-d v', expr: 'np.correlate(np.ones(2), np.float64(2))', run: () => cp.correlate(cp.ones([2]), cp.asarray(2)), code: 'ERR_SHAPE', message: 'correlate: expected a 1-D v, got 0 dimensions' },
      { label: 'cov 3-D', expr: 'np.cov(np.zeros((2, 2, 2)))', run: () => cp.cov(cp.zeros([2, 2, 2])), code: 'ERR_SHAPE', message: 'cov: expected m of at most 2 dimensions, got 3' },
      { label: 'cov fractional fweights', expr: 'np.cov(np.ones((2, 3)), fweights=[1, 1.5, 2])', run: () => cp.cov(cp.ones([2, 3]), { fweights: [1, 1.5, 2] }), code: 'ERR_ARG', message: 'cov: expected integer fweights, got a fraction' },
      { label: 'cov negative aweights', expr: 'np.cov(np.ones((2, 3)), aweights=[1, -1, 2])', run: () => cp.cov(cp.ones([2, 3]), { aweights: [1, -1, 2] }), code: 'ERR_ARG', message: 'cov: expected non-negative aweights, got a negative weight' },
      { label: 'cov weights length', expr: 'np.cov(np.ones((2, 3)), fweights=[1, 2])', run: () => cp.cov(cp.ones([2, 3]), { fweights: [1, 2] }), code: 'ERR_SHAPE', message: 'cov: expected fweights of one weight per observation (3), got 2' },
      { label: 'cov zero weights', expr: 'np.cov(np.ones((2, 3)), fweights=[0, 0, 0])', run: () => cp.cov(cp.ones([2, 3]), { fweights: [0, 0, 0] }), code: 'ERR_ARG', message: /^cov: expected weights that do not sum to zero/ },
      { label: 'cov fractional ddof', expr: 'np.cov(np.ones((2, 3)), ddof=1.5)', run: () => cp.cov(cp.ones([2, 3]), { ddof: 1.5 }), code: 'ERR_ARG', message: 'cov: expected ddof to be an integer or null, got 1.5' },
      { label: 'cov y rows', expr: 'np.cov(np.ones((2, 3)), np.ones((2, 4)))', run: () => cp.cov(cp.ones([2, 3]), cp.ones([2, 4])), code: 'ERR_SHAPE', message: /^cov: all the input array dimensions except for the concatenation axis must match exactly/ },
      { label: 'corrcoef bias', expr: null, run: () => cp.corrcoef(v(), { bias: true } as never), code: 'ERR_ARG', message: /^corrcoef: unknown option 'bias'/ },
    ];
    checkErrors(cases);
  });
});

describeCompilesEveryKernel(cudaSources, HAS_NVRTC, 30);
