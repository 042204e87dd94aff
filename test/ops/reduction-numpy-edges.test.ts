// Reductions where cupyts once parted from NumPy 2, against NumPy: an axis that is not an integer
// is an error at the call (every function with an axis, axis lists too, and the library's own
// composites); nanmean, nanvar, nanstd, ptp and count_nonzero of a 0-d array take axis 0 or -1
// where NumPy does; max and min of bool data take any `initial` by its truth (NumPy's bool());
// an out= of another dtype than the result reduces as NumPy's does (in promote(out, a); mean and
// nanmean cast the sum into out before dividing), and where cupyts would give another value than NumPy
// (max and min into an out whose cast wraps or takes the truth) it is an error saying so.
// var and std follow NumPy's _var with dtype= and out= (the mean truncated in an integer dtype,
// the deviations in promote(a, dtype), the squares summed into out's dtype), the nan-statistics of
// inexact data refuse a dtype or out that is not, average without weights refuses an empty
// average as NumPy's division does, ptp of bool takes an out that is not bool, and nanquantile of
// an empty bool array is NaN.
// (A JS number has no integral float: 1.0 is 1, so cp.sum(x, 1.0) is cp.sum(x, 1).)
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import * as R from '../../src/api/reductions.js';
import { checkAxis } from '../../src/api/array-params.js';
import { DTYPES } from '../../src/ir/dtype.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, toDevice, toHost } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { checkCases, checkErrors, recordEveryKernelRun, type ErrorCase, type ValueCase } from '../helpers/numpy-cases.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';
import { compareArrays, numpy, randomArray, type HostArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

type Call = (...args: unknown[]) => cp.NDArray;
const F = cp as unknown as Record<string, Call>;

/** A small array literal on both sides: NumPy's text and a maker of the cupyts array. */
function lit(dtype: string, values: readonly (number | boolean)[], shape?: number[]) {
  const py = (v: number | boolean) => (typeof v === 'boolean' ? (v ? 'True' : 'False') : Number.isNaN(v) ? 'np.nan' : String(v));
  const text = `np.array([${values.map(py).join(', ')}], np.${dtype === 'bool' ? 'bool_' : dtype})`;
  return {
    py: shape ? `${text}.reshape(${shape.join(', ')})` : text,
    js: () => {
      const a = cp.asarray(values as number[], { dtype: dtype as cp.DTypeLike });
      return shape ? a.reshape(shape) : a;
    },
  };
}
/** A 0-d out of `dtype`, and NumPy's. */
const out0 = (dtype: string) => ({ py: `np.zeros((), np.${dtype === 'bool' ? 'bool_' : dtype})`, js: () => cp.zeros([], { dtype: dtype as cp.DTypeLike }) });

describe('an axis that is not an integer', () => {
  const f = randomArray('float64', [2, 3], 1);
  const x = () => toDevice(f);
  // [function, call with axis 1.5, NumPy's call]
  const calls: [string, () => unknown, string][] = [
    ['sum', () => cp.sum(x(), 1.5 as never), 'np.sum(f, 1.5)'],
    ['sum', () => cp.sum(x(), { axis: [0, 1.5] } as never), 'np.sum(f, axis=(0, 1.5))'],
    ['prod', () => cp.prod(x(), { axis: 1.5 } as never), 'np.prod(f, axis=1.5)'],
    ['max', () => cp.max(x(), { axis: [1.5] } as never), 'np.max(f, axis=(1.5,))'],
    ['min', () => cp.min(x(), 0.5 as never), 'np.min(f, 0.5)'],
    ['mean', () => cp.mean(x(), { axis: 1.5 } as never), 'np.mean(f, axis=1.5)'],
    ['var', () => cp.var(x(), { axis: 1.5 } as never), 'np.var(f, axis=1.5)'],
    ['std', () => cp.std(x(), { axis: -0.5 } as never), 'np.std(f, axis=-0.5)'],
    ['nansum', () => cp.nansum(x(), { axis: 1.5 } as never), 'np.nansum(f, axis=1.5)'],
    ['nanmean', () => cp.nanmean(x(), { axis: 1.5 } as never), 'np.nanmean(f, axis=1.5)'],
    ['nanvar', () => cp.nanvar(x(), { axis: 1.5 } as never), 'np.nanvar(f, axis=1.5)'],
    ['nanstd', () => cp.nanstd(x(), { axis: NaN } as never), 'np.nanstd(f, axis=np.nan)'],
    ['nanmax', () => cp.nanmax(x(), { axis: 1.5 } as never), 'np.nanmax(f, axis=1.5)'],
    ['ptp', () => cp.ptp(x(), { axis: 1.5 } as never), 'np.ptp(f, axis=1.5)'],
    ['count_nonzero', () => cp.count_nonzero(x(), { axis: 1.5 } as never), 'np.count_nonzero(f, axis=1.5)'],
    ['any', () => cp.any(x(), { axis: 1.5 } as never), 'np.any(f, axis=1.5)'],
    ['all', () => cp.all(x(), { axis: 1.5 } as never), 'np.all(f, axis=1.5)'],
    ['argmax', () => cp.argmax(x(), { axis: 1.5 } as never), 'np.argmax(f, axis=1.5)'],
    ['nanargmin', () => cp.nanargmin(x(), { axis: 1.5 } as never), 'np.nanargmin(f, axis=1.5)'],
    ['cumsum', () => cp.cumsum(x(), { axis: 1.5 } as never), 'np.cumsum(f, axis=1.5)'],
    ['nancumprod', () => cp.nancumprod(x(), { axis: 1.5 } as never), 'np.nancumprod(f, axis=1.5)'],
    ['average', () => cp.average(x(), { axis: 1.5 } as never), 'np.average(f, axis=1.5)'],
    ['median', () => cp.median(x(), { axis: 1.5 } as never), 'np.median(f, axis=1.5)'],
    ['quantile', () => cp.quantile(x(), 0.5, { axis: 1.5 } as never), 'np.quantile(f, 0.5, axis=1.5)'],
    ['sort', () => cp.sort(x(), { axis: 1.5 } as never), 'np.sort(f, axis=1.5)'],
    ['flip', () => cp.flip(x(), 1.5 as never), 'np.flip(f, 1.5)'],
    ['concatenate', () => cp.concatenate([x(), x()], { axis: 1.5 } as never), 'np.concatenate([f, f], axis=1.5)'],
    ['take', () => cp.take(x(), [0], { axis: 1.5 } as never), 'np.take(f, [0], axis=1.5)'],
    ['sum', () => x().sum(1.5 as never), 'f.sum(1.5)'],
    ['max', () => x().max({ axis: [0, 0.5] } as never), 'f.max(axis=(0, 0.5))'],
  ];
  const cases: ErrorCase[] = calls.map(([name, run, expr]) => ({
    label: `${expr} refused`, expr, inputs: { f }, run, code: 'ERR_ARG', message: new RegExp(`^${name}: expected axis to be an integer`),
  }));
  it('is an ERR_ARG at the call naming the op and axis, where NumPy raises TypeError', () => checkErrors(cases));

  it("is refused where the library's own composites pass one (checkAxis, the one place axes are normalized)", () => {
    expect(() => R.sum(x(), { axis: 1.5 })).toThrow("sum: expected axis to be an integer, got 1.5 (NumPy: 'float' object cannot be interpreted as an integer)");
    expect(() => R.max(x(), { axis: [0, 0.5] })).toThrow(/^max: expected axis to be an integer, got 0.5/);
    expect(() => R.mean(x(), { axis: 1.5 })).toThrow(/^mean: expected axis to be an integer/);
    expect(() => R.argmax(x(), { axis: 1.5 })).toThrow(/^argmax: expected axis to be an integer/);
    expect(() => R.cumsum(x(), { axis: 1.5 })).toThrow(/^cumsum: expected axis to be an integer/);
    expect(() => checkAxis('swapaxes', 0.5, 2, 'axis1')).toThrow(/^swapaxes: expected axis1 to be an integer, got 0.5/);
    try {
      R.sum(x(), { axis: 1.5 });
    } catch (err) {
      expect(err).toBeInstanceOf(cp.CupytsError);
      expect((err as cp.CupytsError).code).toBe('ERR_ARG');
    }
  });

  it('1.0 is the integer 1 in JS, as NumPy takes np.sum(f, 1)', () => {
    checkCases([{ label: 'sum with axis 1.0', expr: 'np.sum(f, 1)', inputs: { f }, approx: true, run: () => cp.sum(x(), 1.0) }]);
  });
});

describe('0-d arrays with axis 0 or -1', () => {
  recordEveryKernelRun();
  const zeros: Record<string, string> = {
    float64: 'np.array(2.5)', float32: 'np.array(2.5, np.float32)', float16: 'np.array(2.5, np.float16)', nan: 'np.array(np.nan)',
    complex128: 'np.array(2.5 - 1.5j)', int8: 'np.array(-3, np.int8)', uint8: 'np.array(7, np.uint8)', bool: 'np.array(True)',
  };
  const make: Record<string, () => cp.NDArray> = {
    float64: () => cp.asarray(2.5), float32: () => cp.asarray(2.5, { dtype: 'float32' }), float16: () => cp.asarray(2.5, { dtype: 'float16' }),
    nan: () => cp.asarray(NaN), complex128: () => cp.asarray(2.5).astype('complex128').add(cp.complex(0, -1.5)),
    int8: () => cp.asarray(-3, { dtype: 'int8' }), uint8: () => cp.asarray(7, { dtype: 'uint8' }), bool: () => cp.asarray(true),
  };
  interface Case { label: string; expr: string; run: () => cp.NDArray }
  const cases: Case[] = [];
  for (const fn of ['nanmean', 'nanvar', 'nanstd', 'ptp', 'count_nonzero', 'sum', 'mean']) {
    for (const [name, py] of Object.entries(zeros)) {
      for (const axis of [0, -1]) {
        for (const keepdims of [false, true]) {
          cases.push({
            label: `${fn}(${name} 0-d, axis=${axis}${keepdims ? ', keepdims' : ''})`,
            expr: `np.asarray(np.${fn}(${py}, axis=${axis}${keepdims ? ', keepdims=True' : ''}))`,
            run: () => F[fn](make[name](), { axis, keepdims }),
          });
        }
      }
      cases.push({ label: `${fn}(${name} 0-d, axis=(0,))`, expr: `np.${fn}(${py}, axis=(0,))`, run: () => F[fn](make[name](), { axis: [0] }) });
    }
  }
  for (const fn of ['nanvar', 'nanstd']) {
    cases.push({ label: `${fn}(0-d, axis=0, ddof=1)`, expr: `np.asarray(np.${fn}(np.array(2.5), axis=0, ddof=1))`, run: () => F[fn](cp.asarray(2.5), { axis: 0, ddof: 1 }) });
  }
  cases.push({ label: 'nanmean(0-d, axis=0, dtype=float32)', expr: 'np.asarray(np.nanmean(np.array(2.5), axis=0, dtype=np.float32))', run: () => cp.nanmean(cp.asarray(2.5), { axis: 0, dtype: 'float32' }) });
  cases.push({ label: 'nanmean(0-d, axis=0, where=False)', expr: 'np.asarray(np.nanmean(np.array(2.5), axis=0, where=False))', run: () => cp.nanmean(cp.asarray(2.5), { axis: 0, where: false }) });
  cases.push({ label: 'nanmean(0-d, -1, None, out)', expr: 'np.nanmean(np.array(2.5), -1, None, np.zeros((), np.float32))', run: () => cp.nanmean(cp.asarray(2.5), -1, null, cp.zeros([], { dtype: 'float32' })) });
  cases.push({ label: 'ptp(0-d, 0, out) of float32', expr: 'np.ptp(np.array(2.5), 0, np.zeros((), np.float32))', run: () => cp.ptp(cp.asarray(2.5), 0, cp.zeros([], { dtype: 'float32' })) });
  cases.push({ label: 'x.ptp(0) method of a 0-d int8 (NumPy 2 has np.ptp only)', expr: 'np.asarray(np.ptp(np.array(-3, np.int8), 0))', run: () => cp.asarray(-3, { dtype: 'int8' }).ptp(0) });

  const want = numpy(cases.map((c) => ({ expr: c.expr, inputs: {} })));
  cases.forEach((c, i) => it(c.label, () => {
    const w = want[i];
    if (!w.ok) {
      // where NumPy raises (axis=(0,), nanmean of integers, ptp of bool), cupyts does too
      expect(c.run, `NumPy raised ${w.error}`).toThrow(w.error.startsWith('AxisError') ? /out of bounds for array of dimension 0/ : /bool/);
      return;
    }
    const cmp = compareArrays(toHost(c.run()), w.value as HostArray);
    expect(cmp.ok ? '' : cmp.message).toBe('');
  }));
});

describe('max and min of bool data with an initial', () => {
  recordEveryKernelRun();
  const datas = { b: lit('bool', [true, false]), f: lit('bool', [false, false]), e: lit('bool', []) };
  const initials: (number | boolean | bigint)[] = [0, 1, 2, -1, 0.5, -0.5, 300, true, false, NaN, Infinity, 2n ** 70n];
  const py = (v: number | boolean | bigint) => (typeof v === 'boolean' ? (v ? 'True' : 'False') : Number.isNaN(v) ? 'np.nan' : v === Infinity ? 'np.inf' : String(v));
  const cases: ValueCase[] = [];
  for (const fn of ['max', 'min', 'amax', 'amin', 'nanmax', 'nanmin']) {
    for (const [name, a] of Object.entries(datas)) {
      for (const initial of initials) {
        cases.push({ label: `${fn}(${name}, initial=${py(initial)})`, expr: `np.${fn}(${a.py}, initial=${py(initial)})`, run: () => F[fn](a.js(), { initial }) });
      }
    }
  }
  const m = lit('bool', [true, false, false, false], [2, 2]);
  cases.push(
    { label: 'max along an axis, initial=2', expr: `np.max(${m.py}, axis=1, initial=2)`, run: () => cp.max(m.js(), { axis: 1, initial: 2 }) },
    { label: 'max with where and initial=0', expr: `np.max(${m.py}, axis=1, initial=0, where=np.array([True, False]))`, run: () => cp.max(m.js(), { axis: 1, initial: 0, where: [true, false] }) },
    { label: 'min with where and initial=-1', expr: `np.min(${m.py}, axis=0, initial=-1, where=np.array([[False], [True]]))`, run: () => cp.min(m.js(), { axis: 0, initial: -1, where: [[false], [true]] }) },
    { label: 'method x.max(None, None, False, 2)', expr: `${datas.f.py}.max(None, None, False, 2)`, run: () => datas.f.js().max(null, null, false, 2) },
    { label: 'method x.min({initial: -1}) of an empty array', expr: `${datas.e.py}.min(initial=-1)`, run: () => datas.e.js().min({ initial: -1 }) },
    { label: 'max into an int8 out with initial=2', expr: `np.max(${datas.f.py}, initial=2, out=np.zeros((), np.int8))`, run: () => cp.max(datas.f.js(), { initial: 2, out: cp.zeros([], { dtype: 'int8' }) }) },
  );
  it('take any initial by its truth, as NumPy', () => checkCases(cases));

  it('still refuse an integer initial that does not fit other integer dtypes', () => {
    expect(() => cp.max(cp.asarray([1, 2], { dtype: 'int8' }), { initial: 300 })).toThrow('max: Python integer 300 out of bounds for int8');
    expect(() => cp.min(cp.asarray([1, 2], { dtype: 'uint8' }), { initial: -1 })).toThrow('min: Python integer -1 out of bounds for uint8');
  });
});

describe('out= of another dtype than the result', () => {
  const i8 = lit('int8', [-3, 0, -1]);
  const f = lit('float64', [0.5, 1.5, 2.7]);
  const fn = lit('float64', [-0.5, 1.5, -2.7]);
  const g = randomArray('int8', [4, 6], 7);
  const m = randomArray('bool', [4, 6], 8);
  const big = randomArray('int8', [3, 2000], 9);
  const gf = randomArray('float32', [4, 6], 10, { low: -3, high: 3 });
  const inputs = { g, m, big, gf };
  const into = (py: string, dtype: string) => `${py.slice(0, -1)}, out=${out0(dtype).py})`;
  const cases: ValueCase[] = [
    // sum and prod accumulate in promote(out, a): no widening to int64 into a bool out, float64 into a float64 out
    { label: 'sum of int8 into bool wraps in int8 first', expr: into(`np.sum(${lit('int8', [-128, -128]).py})`, 'bool'), run: () => cp.sum(lit('int8', [-128, -128]).js(), { out: out0('bool').js() }) },
    { label: 'sum of int8 into bool, 100 + 100 + 56', expr: into(`np.sum(${lit('int8', [100, 100, 56]).py})`, 'bool'), run: () => cp.sum(lit('int8', [100, 100, 56]).js(), { out: out0('bool').js() }) },
    { label: 'sum of uint8 into bool', expr: into(`np.sum(${lit('uint8', [255, 1]).py})`, 'bool'), run: () => cp.sum(lit('uint8', [255, 1]).js(), { out: out0('bool').js() }) },
    { label: 'prod of int8 into bool', expr: into(`np.prod(${lit('int8', [16, 16]).py})`, 'bool'), run: () => cp.prod(lit('int8', [16, 16]).js(), { out: out0('bool').js() }) },
    { label: 'nansum of int8 into bool', expr: into(`np.nansum(${lit('int8', [-128, -128]).py})`, 'bool'), run: () => cp.nansum(lit('int8', [-128, -128]).js(), { out: out0('bool').js() }) },
    { label: 'sum of float32 into float64 adds in float64', expr: into(`np.sum(${lit('float32', [3e38, 3e38, -3e38]).py})`, 'float64'), run: () => cp.sum(lit('float32', [3e38, 3e38, -3e38]).js(), { out: out0('float64').js() }) },
    { label: 'sum of int64 into float64 adds in float64', expr: into(`np.sum(${lit('int64', [1, 2 ** 53, 1]).py})`, 'float64'), run: () => cp.sum(lit('int64', [1, 2 ** 53, 1]).js(), { out: out0('float64').js() }) },
    { label: 'sum of int32 into float32 adds in float64', expr: into(`np.sum(${lit('int32', [2 ** 24, 1, 1]).py})`, 'float32'), run: () => cp.sum(lit('int32', [2 ** 24, 1, 1]).js(), { out: out0('float32').js() }) },
    { label: 'sum of int16 into float16 adds in float32', expr: into(`np.sum(${lit('int16', [2048, 1, 1]).py})`, 'float16'), run: () => cp.sum(lit('int16', [2048, 1, 1]).js(), { out: out0('float16').js() }) },
    { label: 'sum of int64 into uint64 adds in float64', expr: into(`np.sum(${lit('int64', [2 ** 40 + 1, 1]).py})`, 'uint64'), run: () => cp.sum(lit('int64', [2 ** 40 + 1, 1]).js(), { out: out0('uint64').js() }) },
    { label: 'prod of int32 into float32 multiplies in float64', expr: into(`np.prod(${lit('int32', [4096, 4097]).py})`, 'float32'), run: () => cp.prod(lit('int32', [4096, 4097]).js(), { out: out0('float32').js() }) },
    { label: 'sum of floats into int8 truncates the sum', expr: into(`np.sum(${f.py})`, 'int8'), run: () => cp.sum(f.js(), { out: out0('int8').js() }) },
    { label: 'prod of floats into int8 truncates the product', expr: into(`np.prod(${f.py})`, 'int8'), run: () => cp.prod(f.js(), { out: out0('int8').js() }) },
    { label: 'sum of int8 into uint8 with initial 300', expr: `np.sum(${i8.py}, out=${out0('uint8').py}, initial=300)`, run: () => cp.sum(i8.js(), { out: out0('uint8').js(), initial: 300 }) },
    { label: 'sum of int8 into uint8 with initial -1', expr: `np.sum(${i8.py}, out=${out0('uint8').py}, initial=-1)`, run: () => cp.sum(i8.js(), { out: out0('uint8').js(), initial: -1 }) },
    { label: 'sum of floats into int64 with initial 5.5 (initial truncated into out first)', expr: `np.sum(np.array([0.5]), out=${out0('int64').py}, initial=5.5)`, run: () => cp.sum(cp.asarray([0.5]), { out: out0('int64').js(), initial: 5.5 }) },
    { label: 'sum with dtype= and out= reduces in dtype', expr: `np.sum(${i8.py}, dtype=np.int64, out=${out0('uint8').py})`, run: () => cp.sum(i8.js(), { dtype: 'int64', out: out0('uint8').js() }) },
    { label: 'sum of int8 rows into a bool row', expr: 'np.sum(g, axis=0, out=np.zeros(6, np.bool_))', run: () => cp.sum(toDevice(g), { axis: 0, out: cp.zeros([6], { dtype: 'bool' }) }) },
    { label: 'sum of 2000-element int8 rows into int8 (wraps)', expr: 'np.sum(big, axis=1, out=np.zeros(3, np.int8))', run: () => cp.sum(toDevice(big), { axis: 1, out: cp.zeros([3], { dtype: 'int8' }) }) },
    { label: 'sum of 2000-element int8 rows into bool', expr: 'np.sum(big, axis=1, out=np.zeros(3, np.bool_))', run: () => cp.sum(toDevice(big), { axis: 1, out: cp.zeros([3], { dtype: 'bool' }) }) },
    { label: 'sum of int8 with where into an int16 out', expr: 'np.sum(g, axis=1, where=m, out=np.zeros(4, np.int16))', run: () => cp.sum(toDevice(g), { axis: 1, where: toDevice(m), out: cp.zeros([4], { dtype: 'int16' }) }) },
    { label: 'method x.sum(None, None, out) of float32 into float64', expr: 'gf.sum(None, None, np.zeros((), np.float64))', approx: true, run: () => toDevice(gf).sum(null, null, cp.zeros([])) },
    // max and min: the max of the data, cast, wherever the cast keeps order
    { label: 'max of int8 into float32', expr: into(`np.max(${i8.py})`, 'float32'), run: () => cp.max(i8.js(), { out: out0('float32').js() }) },
    { label: 'max of int8 into int16 with initial 300 (in int16)', expr: `np.max(${i8.py}, out=${out0('int16').py}, initial=300)`, run: () => cp.max(i8.js(), { out: out0('int16').js(), initial: 300 }) },
    { label: 'min of float64 into float16', expr: into(`np.min(${fn.py})`, 'float16'), run: () => cp.min(fn.js(), { out: out0('float16').js() }) },
    { label: 'max of complex into float64 (the real part)', expr: into(`np.max(np.array([1+1j, 1+2j, 0.5+9j]))`, 'float64'), run: () => cp.max(cp.asarray([1, 1, 0.5]).add(cp.multiply(cp.asarray([1, 2, 9]), cp.complex(0, 1))), { out: out0('float64').js() }) },
    { label: 'max of int64 into float32 (compares in float64)', expr: into(`np.max(${lit('int64', [2 ** 24 + 1, 2 ** 24]).py})`, 'float32'), run: () => cp.max(lit('int64', [2 ** 24 + 1, 2 ** 24]).js(), { out: out0('float32').js() }) },
    { label: 'max of float64 into float32', expr: into(`np.max(${lit('float64', [0.1, 0.3]).py})`, 'float32'), run: () => cp.max(lit('float64', [0.1, 0.3]).js(), { out: out0('float32').js() }) },
    { label: 'min of int8 into complex64 (compares in complex64)', expr: into(`np.min(${i8.py})`, 'complex64'), run: () => cp.min(i8.js(), { out: out0('complex64').js() }) },
    { label: 'max of bool into int8', expr: into(`np.max(${lit('bool', [true, false]).py})`, 'int8'), run: () => cp.max(lit('bool', [true, false]).js(), { out: out0('int8').js() }) },
    { label: 'nanmin of floats with NaN into float32', expr: into(`np.nanmin(${lit('float64', [NaN, 0.5, -2]).py})`, 'float32'), run: () => cp.nanmin(lit('float64', [NaN, 0.5, -2]).js(), { out: out0('float32').js() }) },
    { label: 'amax along an axis into float64 with where and initial', expr: 'np.amax(g, axis=1, where=m, initial=-100, out=np.zeros(4))', run: () => cp.amax(toDevice(g), { axis: 1, where: toDevice(m), initial: -100, out: cp.zeros([4]) }) },
    { label: 'method x.min(0, out) of int8 into float32', expr: 'g.min(0, np.zeros(6, np.float32))', run: () => toDevice(g).min(0, cp.zeros([6], { dtype: 'float32' })) },
    // mean: the sum is cast into out, then divided there
    { label: 'mean of int8 into uint8 (the sum wraps first)', expr: into(`np.mean(${i8.py})`, 'uint8'), run: () => cp.mean(i8.js(), { out: out0('uint8').js() }) },
    { label: 'mean of int8 into uint8, -5 / 3', expr: into(`np.mean(${lit('int8', [-3, 0, -2]).py})`, 'uint8'), run: () => cp.mean(lit('int8', [-3, 0, -2]).js(), { out: out0('uint8').js() }) },
    { label: 'mean of int8 into int8, 200 / 2', expr: into(`np.mean(${lit('int8', [100, 100]).py})`, 'int8'), run: () => cp.mean(lit('int8', [100, 100]).js(), { out: out0('int8').js() }) },
    { label: 'mean of floats into int8', expr: into(`np.mean(${lit('float64', [0.5, 0.5, 0.6]).py})`, 'int8'), run: () => cp.mean(lit('float64', [0.5, 0.5, 0.6]).js(), { out: out0('int8').js() }) },
    { label: 'mean of floats into bool', expr: into(`np.mean(${lit('float64', [0.5, 0.5, 0.6]).py})`, 'bool'), run: () => cp.mean(lit('float64', [0.5, 0.5, 0.6]).js(), { out: out0('bool').js() }) },
    { label: 'mean of bool into int8', expr: into(`np.mean(${lit('bool', [true, true, false]).py})`, 'int8'), run: () => cp.mean(lit('bool', [true, true, false]).js(), { out: out0('int8').js() }) },
    { label: 'mean of int8 into float16', expr: into(`np.mean(${lit('int8', [100, 100, -100]).py})`, 'float16'), run: () => cp.mean(lit('int8', [100, 100, -100]).js(), { out: out0('float16').js() }) },
    { label: 'mean of float32 into float16 (sums in float32)', expr: into(`np.mean(${lit('float32', [60000, 60000, -60000]).py})`, 'float16'), run: () => cp.mean(lit('float32', [60000, 60000, -60000]).js(), { out: out0('float16').js() }) },
    { label: 'mean of float32 into float64 (sums in float64)', expr: into(`np.mean(${lit('float32', [3e38, 3e38, -3e38]).py})`, 'float64'), run: () => cp.mean(lit('float32', [3e38, 3e38, -3e38]).js(), { out: out0('float64').js() }) },
    { label: 'mean of int8 rows with where into uint8', expr: 'np.mean(g, axis=1, where=m, out=np.zeros(4, np.uint8))', run: () => cp.mean(toDevice(g), { axis: 1, where: toDevice(m), out: cp.zeros([4], { dtype: 'uint8' }) }) },
    { label: 'mean with dtype=float32 into int16', expr: 'np.mean(g, axis=0, dtype=np.float32, out=np.zeros(6, np.int16))', run: () => cp.mean(toDevice(g), { axis: 0, dtype: 'float32', out: cp.zeros([6], { dtype: 'int16' }) }) },
    { label: 'nanmean of float32 into float64 (sums in float64)', expr: into(`np.nanmean(${lit('float32', [3e38, 3e38, -3e38, NaN]).py})`, 'float64'), run: () => cp.nanmean(lit('float32', [3e38, 3e38, -3e38, NaN]).js(), { out: out0('float64').js() }) },
    { label: 'nanmean of float64 rows with where into float16', expr: 'np.nanmean(gf.astype(np.float64), axis=1, where=m, out=np.zeros(4, np.float16))', run: () => cp.nanmean(toDevice(gf).astype('float64'), { axis: 1, where: toDevice(m), out: cp.zeros([4], { dtype: 'float16' }) }) },
    { label: 'nanmean of int8 (mean) into uint8', expr: into(`np.nanmean(${i8.py})`, 'uint8'), run: () => cp.nanmean(i8.js(), { out: out0('uint8').js() }) },
    { label: 'method x.mean(1, None, out) of int8 into int8', expr: 'g.mean(1, None, np.zeros(4, np.int8))', run: () => toDevice(g).mean(1, null, cp.zeros([4], { dtype: 'int8' })) },
  ];
  it('reduces as NumPy does', () => checkCases(cases.map((c) => ({ ...c, inputs: { ...inputs, ...c.inputs } }))));

  const unsupported = (op: string, out: string, data: string, loop: string) =>
    `${op}: an out of dtype ${out} for ${data} data is not supported yet (NumPy compares in ${loop} after casting the first element into out's dtype); use an out of dtype ${loop}, or cast the result`;
  const errors: ErrorCase[] = [
    { label: 'max of int8 into bool', expr: null, run: () => cp.max(i8.js(), { out: out0('bool').js() }), code: 'ERR_UNSUPPORTED', message: unsupported('max', 'bool', 'int8', 'int8') },
    { label: 'max of floats into bool', expr: null, run: () => cp.max(f.js(), { out: out0('bool').js() }), code: 'ERR_UNSUPPORTED', message: unsupported('max', 'bool', 'float64', 'float64') },
    { label: 'max of floats into int8 (NumPy: 300.5, 200.5 gives -56)', expr: null, run: () => cp.max(lit('float64', [300.5, 200.5]).js(), { out: out0('int8').js() }), code: 'ERR_UNSUPPORTED', message: unsupported('max', 'int8', 'float64', 'float64') },
    { label: 'min of complex128 into complex64 (rounding the real parts can reorder)', expr: null, run: () => cp.min(i8.js().astype('complex128'), { out: out0('complex64').js() }), code: 'ERR_UNSUPPORTED', message: unsupported('min', 'complex64', 'complex128', 'complex128') },
    { label: 'nanmin of float64 into int64', expr: null, run: () => cp.nanmin(f.js(), { out: out0('int64').js() }), code: 'ERR_UNSUPPORTED', message: unsupported('nanmin', 'int64', 'float64', 'float64') },
    { label: 'min of int8 into uint8', expr: null, run: () => cp.min(i8.js(), { out: out0('uint8').js() }), code: 'ERR_UNSUPPORTED', message: unsupported('min', 'uint8', 'int8', 'int16') },
    { label: 'amax of int16 into int8', expr: null, run: () => cp.amax(lit('int16', [200, 100]).js(), { out: out0('int8').js() }), code: 'ERR_UNSUPPORTED', message: unsupported('max', 'int8', 'int16', 'int16') },
    { label: 'nanmax of int8 into bool with initial', expr: null, run: () => cp.nanmax(i8.js(), { out: out0('bool').js(), initial: 0 }), code: 'ERR_UNSUPPORTED', message: unsupported('nanmax', 'bool', 'int8', 'int8') },
    { label: 'method x.min(null, out) into uint8', expr: null, run: () => i8.js().min(null, out0('uint8').js()), code: 'ERR_UNSUPPORTED', message: unsupported('min', 'uint8', 'int8', 'int16') },
    { label: 'ptp of int16 into int8 (max into out first)', expr: null, run: () => cp.ptp(lit('int16', [200, 100]).js(), { out: out0('int8').js() }), code: 'ERR_UNSUPPORTED', message: unsupported('ptp', 'int8', 'int16', 'int16') },
  ];
  it('is an error saying so where cupyts would give another value than NumPy', () => checkErrors(errors));

  it('reduces as before where out has the result dtype', () => {
    const x = toDevice(g);
    const source = (y: cp.NDArray) => cp.explain(y).kernels.map((k) => k.source).join('\n');
    expect(source(R.sum(x, { axis: 1, outDtype: DTYPES.int64 }))).toBe(source(R.sum(x, { axis: 1 })));
    expect(source(R.max(x, { axis: 0, outDtype: DTYPES.int8 }))).toBe(source(R.max(x, { axis: 0 })));
    expect(source(R.mean(x, { outDtype: DTYPES.float64 }))).toBe(source(R.mean(x)));
  });
});

describe("var and std with dtype= and out=, as NumPy's _var and _nanvar", () => {
  const c = randomArray('complex128', [3, 4], 21);
  const i8 = randomArray('int8', [3, 4], 22);
  const f = randomArray('float64', [3, 4], 23);
  const inputs = { c, i8, f };
  const f16 = lit('float16', [1, 2, 3]);
  const cases: ValueCase[] = [
    // complex data with a real dtype: the mean is of the real parts, the deviations keep the imaginary ones
    { label: 'var of complex128 with dtype=float64', expr: 'np.var(c, axis=0, dtype=np.float64)', approx: true, run: () => cp.var(toDevice(c), { axis: 0, dtype: 'float64' }) },
    { label: 'std of complex128 with dtype=float32', expr: 'np.std(c, dtype=np.float32)', approx: true, run: () => cp.std(toDevice(c), { dtype: 'float32' }) },
    { label: 'nanvar of complex128 with dtype=float64', expr: 'np.nanvar(c, axis=1, dtype=np.float64)', approx: true, run: () => cp.nanvar(toDevice(c), { axis: 1, dtype: 'float64' }) },
    { label: 'nanstd of complex64 with dtype=float32', expr: 'np.nanstd(c.astype(np.complex64), axis=0, dtype=np.float32)', approx: true, run: () => cp.nanstd(toDevice(c).astype('complex64'), { axis: 0, dtype: 'float32' }) },
    // an integer dtype: the mean truncates there; float data's squares truncate as they are summed
    { label: 'var of int8 with dtype=int32', expr: 'np.var(i8, axis=0, dtype=np.int32)', run: () => cp.var(toDevice(i8), { axis: 0, dtype: 'int32' }) },
    { label: 'nanvar of int8 with dtype=int64', expr: 'np.nanvar(i8, axis=1, dtype=np.int64)', run: () => cp.nanvar(toDevice(i8), { axis: 1, dtype: 'int64' }) },
    { label: 'var of float64 with dtype=int32', expr: 'np.var(f, axis=0, dtype=np.int32)', run: () => cp.var(toDevice(f), { axis: 0, dtype: 'int32' }) },
    { label: 'std of int8 with dtype=int32 to a 0-d result (a NumPy scalar: truncates)', expr: 'np.asarray(np.std(i8, dtype=np.int32))', run: () => cp.std(toDevice(i8), { dtype: 'int32' }) },
    // out of a wider float: the squares sum and divide in out's dtype, not rounded to float16 first
    { label: 'var of float16 [1, 2, 3] into a float64 out', expr: `np.var(${f16.py}, out=${out0('float64').py})`, run: () => cp.var(f16.js(), { out: out0('float64').js() }) },
    { label: 'var of float16 [1, 2, 3] into a float32 out', expr: `np.var(${f16.py}, out=${out0('float32').py})`, run: () => cp.var(f16.js(), { out: out0('float32').js() }) },
    { label: 'nanstd of float16 [1, 2, 3] into a float64 out', expr: `np.nanstd(${f16.py}, out=${out0('float64').py})`, run: () => cp.nanstd(f16.js(), { out: out0('float64').js() }) },
    // ptp of bool subtracts in a numeric out; nanquantile of no values is NaN, bool or not
    { label: 'ptp of bool into float64', expr: 'np.ptp(i8 > 0, axis=0, out=np.zeros(4))', run: () => cp.ptp(toDevice(i8).gt(0), { axis: 0, out: cp.zeros([4]) }) },
    { label: 'ptp of bool into int8', expr: 'np.ptp(i8 > 0, axis=1, out=np.zeros(3, np.int8))', run: () => cp.ptp(toDevice(i8).gt(0), { axis: 1, out: cp.zeros([3], { dtype: 'int8' }) }) },
    { label: 'nanquantile of an empty bool array', expr: 'np.asarray(np.nanquantile(np.zeros(0, np.bool_), 0.5))', run: () => cp.nanquantile(cp.zeros([0], { dtype: 'bool' }), 0.5) },
    { label: 'nanpercentile of empty bool rows', expr: 'np.nanpercentile(np.zeros((2, 0), np.bool_), 50, axis=1)', run: () => cp.nanpercentile(cp.zeros([2, 0], { dtype: 'bool' }), 50, { axis: 1 }) },
  ];
  it('computes as NumPy does', () => checkCases(cases.map((k) => ({ ...k, inputs: { ...inputs, ...k.inputs } }))));

  const sqrtCast = (op: string, dtype: string) => `${op}: Cannot cast ufunc 'sqrt' output from dtype('float64') to dtype('${dtype}') with casting rule 'same_kind'`;
  const errors: ErrorCase[] = [
    { label: 'std with an integer dtype to an array', expr: 'np.std(i8, axis=0, dtype=np.int32)', inputs, run: () => cp.std(toDevice(i8), { axis: 0, dtype: 'int32' }), code: 'ERR_DTYPE', message: sqrtCast('std', 'int32') },
    { label: 'std with an integer dtype and keepdims', expr: 'np.std(i8, dtype=np.int64, keepdims=True)', inputs, run: () => cp.std(toDevice(i8), { dtype: 'int64', keepdims: true }), code: 'ERR_DTYPE', message: sqrtCast('std', 'int64') },
    { label: 'nanstd of int8 with an integer dtype', expr: 'np.nanstd(i8, axis=1, dtype=np.int64)', inputs, run: () => cp.nanstd(toDevice(i8), { axis: 1, dtype: 'int64' }), code: 'ERR_DTYPE', message: sqrtCast('nanstd', 'int64') },
    { label: 'nanmean of floats with an integer dtype', expr: 'np.nanmean(f, dtype=np.int32)', inputs, run: () => cp.nanmean(toDevice(f), { dtype: 'int32' }), code: 'ERR_DTYPE', message: 'nanmean: If a is inexact, then dtype must be inexact, got int32' },
    { label: 'nanvar of complex with an integer dtype', expr: 'np.nanvar(c, dtype=np.int32)', inputs, run: () => cp.nanvar(toDevice(c), { dtype: 'int32' }), code: 'ERR_DTYPE', message: 'nanvar: If a is inexact, then dtype must be inexact, got int32' },
    { label: 'nanstd of floats with a bool dtype', expr: 'np.nanstd(f, dtype=np.bool_)', inputs, run: () => cp.nanstd(toDevice(f), { dtype: 'bool' }), code: 'ERR_DTYPE', message: 'nanstd: If a is inexact, then dtype must be inexact, got bool' },
    { label: 'nanmean of complex into an int32 out', expr: 'np.nanmean(c, axis=0, out=np.zeros(4, np.int32))', inputs, run: () => cp.nanmean(toDevice(c), { axis: 0, out: cp.zeros([4], { dtype: 'int32' }) }), code: 'ERR_DTYPE', message: 'nanmean: If a is inexact, then out must be inexact, got int32' },
    { label: 'nanvar of complex into a bool out', expr: 'np.nanvar(c, axis=0, out=np.zeros(4, np.bool_))', inputs, run: () => cp.nanvar(toDevice(c), { axis: 0, out: cp.zeros([4], { dtype: 'bool' }) }), code: 'ERR_DTYPE', message: 'nanvar: If a is inexact, then out must be inexact, got bool' },
    { label: 'average without weights to an empty average', expr: 'np.average(np.zeros((2, 0, 3)), axis=0)', run: () => cp.average(cp.zeros([2, 0, 3]), { axis: 0 }), code: 'ERR_EMPTY', message: "average: division by zero (NumPy divides a's size by the average's, and the average of shape (0, 3) is empty)" },
    { label: 'average without weights, returned, to an empty average', expr: 'np.average(np.zeros((2, 0, 3), np.int8), axis=2, returned=True)', run: () => cp.average(cp.zeros([2, 0, 3], { dtype: 'int8' }), 2, null, true), code: 'ERR_EMPTY', message: /^average: division by zero/ },
    { label: 'ptp of bool into a bool out', expr: 'np.ptp(i8 > 0, axis=0, out=np.zeros(4, np.bool_))', inputs, run: () => cp.ptp(toDevice(i8).gt(0), { axis: 0, out: cp.zeros([4], { dtype: 'bool' }) }), code: 'ERR_DTYPE', message: /^ptp: expected a numeric dtype, got bool/ },
  ];
  it('refuses what NumPy refuses', () => checkErrors(errors));
});

describeCompilesEveryKernel(cudaSources, HAS_NVRTC, 20);
