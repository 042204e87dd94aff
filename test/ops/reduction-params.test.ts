// NumPy's out=, initial= and where= on every reduction and scan that has them, against NumPy:
// each op × dtypes × axes (None, an integer, a negative one with keepdims, a tuple), with out a
// strided view of a larger array, initial (and empty inputs), where masks that broadcast and
// leave slices empty; then the casts NumPy makes into out, the errors both raise, the method
// forms, and that a where-masked reduction stays one fused kernel. Every kernel run here is
// compiled with NVRTC at the end.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, toDevice, toHost } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { checkCases, checkErrors, recordEveryKernelRun, type ErrorCase, type ValueCase } from '../helpers/numpy-cases.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';
import {
  compareArrays, hostArray, numpy, randomArray, type CompareOptions, type DTypeName, type HostArray,
} from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

type Opts = Record<string, unknown>;
type Fn = (x: cp.NDArray, o?: Opts) => cp.NDArray;
const F = cp as unknown as Record<string, Fn>;

/** Which of NumPy's parameters an op has; `where`: also whether `initial` must come with it. */
interface Spec {
  name: string;
  kind: 'exact' | 'sum';
  initial?: boolean;
  where?: 'free' | 'needs initial';
  arg?: boolean;
  scan?: boolean;
  small?: boolean;
  nan?: boolean;
  /** The dtypes NumPy accepts (default: every one used here). */
  dtypes?: DTypeName[];
}

const SPECS: Spec[] = [
  { name: 'sum', kind: 'sum', initial: true, where: 'free' },
  { name: 'prod', kind: 'sum', initial: true, where: 'free', small: true },
  { name: 'nansum', kind: 'sum', initial: true, where: 'free', nan: true },
  { name: 'nanprod', kind: 'sum', initial: true, where: 'free', small: true, nan: true },
  { name: 'max', kind: 'exact', initial: true, where: 'needs initial' },
  { name: 'min', kind: 'exact', initial: true, where: 'needs initial' },
  { name: 'nanmax', kind: 'exact', initial: true, where: 'needs initial', nan: true },
  { name: 'nanmin', kind: 'exact', initial: true, where: 'needs initial', nan: true },
  { name: 'mean', kind: 'sum', where: 'free' },
  { name: 'nanmean', kind: 'sum', where: 'free', nan: true },
  { name: 'var', kind: 'sum', where: 'free' },
  { name: 'std', kind: 'sum', where: 'free' },
  { name: 'nanvar', kind: 'sum', where: 'free' },
  { name: 'nanstd', kind: 'sum', where: 'free' },
  { name: 'any', kind: 'exact', where: 'free', nan: true },
  { name: 'all', kind: 'exact', where: 'free', nan: true },
  { name: 'ptp', kind: 'exact', dtypes: ['int8', 'uint8', 'int32', 'int64', 'uint64', 'float16', 'float32', 'float64'] },
  { name: 'argmax', kind: 'exact', arg: true },
  { name: 'argmin', kind: 'exact', arg: true },
  { name: 'nanargmax', kind: 'exact', arg: true },
  { name: 'nanargmin', kind: 'exact', arg: true },
  { name: 'cumsum', kind: 'sum', scan: true },
  { name: 'cumprod', kind: 'sum', scan: true, small: true },
  { name: 'nancumsum', kind: 'sum', scan: true, nan: true },
  { name: 'nancumprod', kind: 'sum', scan: true, small: true, nan: true },
];

const DTYPES: DTypeName[] = ['bool', 'int8', 'uint8', 'int16', 'int32', 'int64', 'uint64', 'float16', 'float32', 'float64'];
const SHAPE = [3, 4, 5];

/** Summing reductions get a tolerance scaled to the dtype (the order of additions differs from NumPy's pairwise one). */
function tolerance(dtype: DTypeName, kind: Spec['kind']): CompareOptions | undefined {
  if (kind === 'exact') return undefined;
  if (dtype === 'float16') return { rtol: 1e-2, atol: 0.5 };
  if (dtype === 'float32') return { rtol: 1e-5, atol: 2e-3 };
  if (dtype === 'float64') return { rtol: 1e-11, atol: 1e-10 };
  return { rtol: 1e-5, atol: 1e-6 }; // integer inputs of mean and var
}

interface Axis { axis: number | number[] | null; keepdims?: boolean }

function axesFor(s: Spec): Axis[] {
  if (s.scan) return [{ axis: null }, { axis: 1 }, { axis: -1 }];
  if (s.arg) return [{ axis: null }, { axis: 1 }, { axis: -1, keepdims: true }];
  return [{ axis: null }, { axis: 1 }, { axis: -1, keepdims: true }, { axis: [0, 2] }];
}

const pyAxis = (a: Axis['axis']) => (a === null ? 'None' : Array.isArray(a) ? `(${a.join(', ')},)` : String(a));
const pyScalar = (v: number | boolean) => (typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v));

function inputFor(s: Spec, dtype: DTypeName, seed: number): HostArray {
  const float = dtype.startsWith('float');
  if (s.small) return randomArray(dtype, SHAPE, seed, float ? { low: 0.5, high: 1.5 } : { low: -2, high: 2 });
  return randomArray(dtype, SHAPE, seed, { special: float && !!s.nan });
}

/** A mask over the last two axes (broadcast along the first) whose column 0 is all false, so that some slices are empty. */
const MASK = hostArray('bool', [4, 5], (i) => (i % 5 === 0 ? 0 : (i * 7) % 3 === 0 ? 0 : 1));

/** NumPy's start value for a dtype: 3 (true for bool; 1 for the products, which stay small). */
const initialFor = (s: Spec, dtype: DTypeName): number | boolean => (dtype === 'bool' ? true : s.small ? 2 : 3);

/** The keyword part shared by both sides: axis (and keepdims), as JS options and as Python text. */
function axisParts(ax: Axis): { js: Opts; py: string } {
  const js: Opts = ax.axis === null ? {} : { axis: ax.axis };
  if (ax.keepdims) js.keepdims = true;
  return { js, py: `axis=${pyAxis(ax.axis)}${ax.keepdims ? ', keepdims=True' : ''}` };
}

interface SweepCase { label: string; run: () => cp.NDArray; expr: string; a: HostArray; tol?: CompareOptions }

/** out=: written into a strided view of a larger array (every other element), which must come back as the result. */
function outCase(s: Spec, dtype: DTypeName, ax: Axis, a: HostArray): SweepCase {
  const { js, py } = axisParts(ax);
  const outDtype = s.arg ? 'int32' : 'float32';
  const call = `np.${s.name}(a, ${py}`;
  return {
    label: `${s.name} ${dtype} ${py} out=view of ${outDtype}`,
    a,
    tol: tolerance(dtype === 'float64' ? 'float32' : dtype, s.kind), // NumPy rounds to out's float32 in between
    expr: `(lambda r: (lambda o: (${call}, out=o[..., 0]), o)[1])(np.zeros(r.shape + (2,), np.${outDtype})))(${call}))`,
    run: () => {
      const x = toDevice(a);
      const shape = F[s.name](x, js).shape;
      const buffer = cp.zeros([...shape, 2], { dtype: outDtype });
      const out = buffer.get('..., 0');
      const returned = F[s.name](x, { ...js, out });
      if (returned !== out) throw new Error('did not return out');
      return buffer;
    },
  };
}

function initialCase(s: Spec, dtype: DTypeName, ax: Axis, a: HostArray): SweepCase {
  const { js, py } = axisParts(ax);
  const initial = initialFor(s, dtype);
  return {
    label: `${s.name} ${dtype} ${py} initial=${initial}`,
    a,
    tol: tolerance(dtype, s.kind),
    expr: `np.asarray(np.${s.name}(a, ${py}, initial=${pyScalar(initial)}))`,
    run: () => F[s.name](toDevice(a), { ...js, initial }),
  };
}

function whereCase(s: Spec, dtype: DTypeName, ax: Axis, a: HostArray): SweepCase {
  const { js, py } = axisParts(ax);
  const initial = s.where === 'needs initial' ? initialFor(s, dtype) : undefined;
  const pyInitial = initial === undefined ? '' : `, initial=${pyScalar(initial)}`;
  return {
    label: `${s.name} ${dtype} ${py} where=mask${pyInitial}`,
    a,
    tol: tolerance(dtype, s.kind),
    expr: `np.asarray(np.${s.name}(a, ${py}, where=m${pyInitial}))`,
    run: () => F[s.name](toDevice(a), { ...js, where: toDevice(MASK), ...(initial === undefined ? {} : { initial }) }),
  };
}

describe('out=, initial= and where= × dtypes × axes against NumPy', () => {
  recordEveryKernelRun();
  const cases: SweepCase[] = [];
  SPECS.forEach((s, k) => {
    (s.dtypes ?? DTYPES).forEach((dtype, j) => {
      const a = inputFor(s, dtype, 500 * k + j);
      for (const ax of axesFor(s)) {
        cases.push(outCase(s, dtype, ax, a));
        if (s.initial) cases.push(initialCase(s, dtype, ax, a));
        if (s.where) cases.push(whereCase(s, dtype, ax, a));
      }
    });
  });
  const want = numpy(cases.map((c) => ({ expr: c.expr, inputs: { a: c.a, m: MASK } })));
  cases.forEach((c, i) => it(c.label, () => {
    const w = want[i];
    if (!w.ok) throw new Error(`NumPy raised ${w.error}`);
    const cmp = compareArrays(toHost(c.run()), w.value as HostArray, c.tol);
    expect(cmp.ok ? '' : cmp.message).toBe('');
  }));
});

describe('out=, initial= and where= at the edges', () => {
  const f = randomArray('float64', [4, 6], 1, { low: -3, high: 3 });
  const i8 = randomArray('int8', [4, 6], 2);
  const empty = randomArray('float32', [0, 3], 3);
  const zeroD = randomArray('float64', [], 4);
  const rowMask = hostArray('bool', [6], (i) => (i % 3 === 0 ? 0 : 1));
  const inputs = { f, i8, e: empty, z: zeroD, m: rowMask };
  const dev = () => ({ x: toDevice(f), b: toDevice(i8), e: toDevice(empty), z: toDevice(zeroD), m: toDevice(rowMask) });
  const cases: ValueCase[] = [
    // out: the casts NumPy makes (unsafe for the ufunc reductions, scans, mean and var)
    { label: 'sum of floats into int32 (truncates)', expr: 'np.sum(f, axis=1, out=np.zeros(4, np.int32))', run: () => cp.sum(dev().x, 1, null, cp.zeros([4], { dtype: 'int32' })) },
    { label: 'sum of int8 into int8 (wraps)', expr: 'np.sum(i8, axis=0, out=np.zeros(6, np.int8))', run: () => cp.sum(dev().b, 0, null, cp.zeros([6], { dtype: 'int8' })) },
    { label: 'cumsum of floats into int16', expr: 'np.cumsum(f, axis=1, out=np.zeros((4, 6), np.int16))', run: () => cp.cumsum(dev().x, 1, null, cp.zeros([4, 6], { dtype: 'int16' })) },
    { label: 'mean of floats into int64', expr: 'np.mean(f, 0, out=np.zeros(6, np.int64))', run: () => cp.mean(dev().x, 0, null, cp.zeros([6], { dtype: 'int64' })) },
    { label: 'max of floats into float16', expr: 'np.max(f, axis=1, out=np.zeros(4, np.float16))', run: () => cp.max(dev().x, { axis: 1, out: cp.zeros([4], { dtype: 'float16' }) }) },
    { label: 'any into float32', expr: 'np.any(f > 1, axis=0, out=np.zeros(6, np.float32))', run: () => cp.any(dev().x.gt(1), { axis: 0, out: cp.zeros([6], { dtype: 'float32' }) }) },
    { label: 'argmax into uint8 (casts safely to int64)', expr: 'np.argmax(f, 1, out=np.zeros(4, np.uint8))', run: () => cp.argmax(dev().x, 1, cp.zeros([4], { dtype: 'uint8' })) },
    { label: 'sum with keepdims into a (4, 1) out', expr: 'np.sum(f, 1, None, np.zeros((4, 1)), True)', run: () => cp.sum(dev().x, 1, null, cp.zeros([4, 1]), true) },
    { label: 'sum into a 0-d out', expr: 'np.sum(f, out=np.zeros(()))', run: () => cp.sum(dev().x, { out: cp.zeros([]) }) },
    { label: 'cumsum into its own input', expr: '(lambda c: (np.cumsum(c, axis=1, out=c), c)[1])(f.copy())', approx: true, run: () => { const c = dev().x.copy(); cp.cumsum(c, 1, null, c); return c; } },
    { label: 'sum over axis 0 into a row of its input', expr: '(lambda c: (np.sum(c, axis=0, out=c[0]), c)[1])(f.copy())', approx: true, run: () => { const c = dev().x.copy(); cp.sum(c, 0, null, c.get(0)); return c; } },
    { label: 'method form x.sum(axis, dtype, out)', expr: 'f.sum(1, None, np.zeros(4))', approx: true, run: () => dev().x.sum(1, null, cp.zeros([4])) },
    { label: 'method form x.cumprod(axis, dtype, out)', expr: 'f.cumprod(0, None, np.zeros((4, 6), np.float32))', approx: true, run: () => dev().x.cumprod(0, null, cp.zeros([4, 6], { dtype: 'float32' })) },
    // initial: weak-scalar conversion to the reduction's dtype, empty inputs
    { label: 'sum of int8 with a float initial (truncated into int64)', expr: 'np.sum(i8, initial=5.5)', run: () => cp.sum(dev().b, { initial: 5.5 }) },
    { label: 'max of int8 with a float initial (truncated into int8)', expr: 'np.max(i8, axis=1, initial=5.5)', run: () => cp.max(dev().b, { axis: 1, initial: 5.5 }) },
    { label: 'max of an empty array with initial', expr: 'np.max(e, axis=0, initial=-2)', run: () => cp.max(dev().e, { axis: 0, initial: -2 }) },
    { label: 'max of an empty array with initial, keepdims', expr: 'np.max(e, axis=0, keepdims=True, initial=-2)', run: () => cp.max(dev().e, 0, null, true, -2) },
    { label: 'nanmin of an empty array with initial', expr: 'np.nanmin(e, initial=4)', run: () => cp.nanmin(dev().e, { initial: 4 }) },
    { label: 'sum of an empty array with initial', expr: 'np.sum(e, axis=0, initial=1.5)', run: () => cp.sum(dev().e, { axis: 0, initial: 1.5 }) },
    { label: 'prod of an empty array with initial', expr: 'np.prod(e, initial=7)', run: () => cp.prod(dev().e, { initial: 7 }) },
    { label: 'max of 0-d with initial', expr: 'np.max(z, initial=100)', run: () => cp.max(dev().z, { initial: 100 }) },
    { label: 'nanmax of all-NaN rows with initial', expr: 'np.nanmax(np.full((2, 3), np.nan), axis=1, initial=-1)', run: () => cp.nanmax(cp.full([2, 3], NaN), { axis: 1, initial: -1 }) },
    { label: 'max with NaN data and initial stays NaN', expr: 'np.max(np.array([np.nan, 2.0]), initial=9)', run: () => cp.max(cp.asarray([NaN, 2.0]), { initial: 9 }) },
    { label: 'float32 sum with an initial beyond float32 is inf', expr: 'np.sum(np.ones(2, np.float32), initial=1e40)', run: () => cp.sum(cp.ones([2], { dtype: 'float32' }), { initial: 1e40 }) },
    { label: 'sum with initial given positionally', expr: 'np.sum(f, 0, None, None, False, 10)', approx: true, run: () => cp.sum(dev().x, 0, null, null, false, 10) },
    { label: 'max with initial null (none)', expr: 'np.max(f, initial=None)', run: () => cp.max(dev().x, { initial: null }) },
    // where: broadcast masks, scalars, empty slices
    { label: 'sum where a row mask broadcasts over rows', expr: 'np.sum(f, axis=1, where=m)', approx: true, run: () => cp.sum(dev().x, { axis: 1, where: dev().m }) },
    { label: 'sum where a nested-JS-array mask', expr: 'np.sum(f, axis=0, where=np.array([[True], [False], [True], [True]]))', approx: true, run: () => cp.sum(dev().x, { axis: 0, where: [[true], [false], [true], [true]] }) },
    { label: 'sum where=false', expr: 'np.sum(f, axis=0, where=False)', run: () => cp.sum(dev().x, { axis: 0, where: false }) },
    { label: 'sum where=true', expr: 'np.sum(f, where=True)', approx: true, run: () => cp.sum(dev().x, { where: true }) },
    { label: 'sum where with initial', expr: 'np.sum(f, axis=1, where=m, initial=100)', approx: true, run: () => cp.sum(dev().x, { axis: 1, where: dev().m, initial: 100 }) },
    { label: 'sum where, positional', expr: 'np.sum(f, 1, None, None, True, 0, m)', approx: true, run: () => cp.sum(dev().x, 1, null, null, true, 0, dev().m) },
    { label: 'mean where=false is NaN', expr: 'np.mean(f, axis=1, where=False)', run: () => cp.mean(dev().x, { axis: 1, where: false }) },
    { label: 'var of int8 where, ddof=1', expr: 'np.var(i8, axis=1, ddof=1, where=m)', approx: true, run: () => cp.var(dev().b, { axis: 1, ddof: 1, where: dev().m }) },
    { label: 'std where with out', expr: 'np.std(f, axis=0, where=f > 0, out=np.zeros(6, np.float32))', approx: true, run: () => cp.std(dev().x, { axis: 0, where: dev().x.gt(0), out: cp.zeros([6], { dtype: 'float32' }) }) },
    { label: 'all where with keepdims', expr: 'np.all(f > -2, axis=1, keepdims=True, where=m)', run: () => cp.all(dev().x.gt(-2), { axis: 1, keepdims: true, where: dev().m }) },
    { label: 'max where=false with initial', expr: 'np.max(f, axis=0, where=False, initial=-5)', run: () => cp.max(dev().x, { axis: 0, where: false, initial: -5 }) },
    { label: 'sum of 0-d where=false', expr: 'np.sum(z, where=False)', run: () => cp.sum(dev().z, { where: false }) },
    { label: 'method form x.mean with where', expr: 'f.mean(1, where=m)', approx: true, run: () => dev().x.mean(1, { where: dev().m }) },
    { label: 'method form x.max with where and initial', expr: 'f.max(0, None, False, 0.5, f < 1)', run: () => dev().x.max(0, null, false, 0.5, dev().x.lt(1)) },
  ];
  it('match NumPy', () => checkCases(cases.map((c) => ({ ...c, inputs: inputs as ValueCase['inputs'] }))));

  it('count_nonzero and average have none of them, as in NumPy', () => {
    const x = dev().x;
    expect(() => cp.count_nonzero(x, { out: cp.zeros([]) } as never)).toThrow(/^count_nonzero: unknown option 'out'/);
    expect(() => cp.average(x, { where: true } as never)).toThrow(/^average: unknown option 'where'/);
    expect(() => cp.any(x, { initial: 1 } as never)).toThrow(/^any: unknown option 'initial'/);
    expect(() => cp.argmax(x, { where: true } as never)).toThrow(/^argmax: unknown option 'where'/);
  });
});

describe('rejected out=, initial= and where=', () => {
  const f = randomArray('float64', [4, 6], 5);
  const inputs = { f };
  const x = () => toDevice(f);
  const cases: ErrorCase[] = [
    { label: 'out of the wrong shape', expr: 'np.sum(f, axis=1, out=np.zeros(6))', run: () => cp.sum(x(), { axis: 1, out: cp.zeros([6]) }), code: 'ERR_SHAPE', message: 'sum: expected out to have shape (4,), got (6,)' },
    { label: 'out without the kept dimension', expr: 'np.sum(f, axis=1, keepdims=True, out=np.zeros(4))', run: () => cp.sum(x(), { axis: 1, keepdims: true, out: cp.zeros([4]) }), code: 'ERR_SHAPE', message: 'sum: expected out to have shape (4, 1), got (4,)' },
    { label: 'out of one element for a 0-d result', expr: 'np.sum(f, out=np.zeros(1))', run: () => cp.sum(x(), { out: cp.zeros([1]) }), code: 'ERR_SHAPE', message: 'sum: expected out to have shape (), got (1,)' },
    { label: 'cumsum out of the wrong shape', expr: 'np.cumsum(f, out=np.zeros((4, 6)))', run: () => cp.cumsum(x(), { out: cp.zeros([4, 6]) }), code: 'ERR_SHAPE', message: 'cumsum: expected out to have shape (24,), got (4, 6)' },
    { label: 'std of floats into ints (same_kind)', expr: 'np.std(f, axis=0, out=np.zeros(6, np.int64))', run: () => cp.std(x(), { axis: 0, out: cp.zeros([6], { dtype: 'int64' }) }), code: 'ERR_DTYPE', message: "std: cannot cast the result from float64 to out's dtype int64 with casting rule 'same_kind'" },
    { label: 'ptp of floats into ints (same_kind)', expr: 'np.ptp(f, out=np.zeros((), np.int32))', run: () => cp.ptp(x(), { out: cp.zeros([], { dtype: 'int32' }) }), code: 'ERR_DTYPE', message: /^ptp: cannot cast the result from float64 to out's dtype int32/ },
    { label: 'nanmean of floats into bool (NumPy: out must be inexact)', expr: 'np.nanmean(f, out=np.zeros((), np.bool_))', run: () => cp.nanmean(x(), { out: cp.zeros([], { dtype: 'bool' }) }), code: 'ERR_DTYPE', message: 'nanmean: If a is inexact, then out must be inexact, got bool' },
    { label: 'argmax into float64', expr: 'np.argmax(f, out=np.zeros((), np.float64))', run: () => cp.argmax(x(), null, cp.zeros([])), code: 'ERR_DTYPE', message: 'argmax: expected out to have an integer dtype that casts safely to int64, got float64' },
    { label: 'argmin into uint64', expr: 'np.argmin(f, out=np.zeros((), np.uint64))', run: () => cp.argmin(x(), null, cp.zeros([], { dtype: 'uint64' })), code: 'ERR_DTYPE', message: 'argmin: expected out to have an integer dtype that casts safely to int64, got uint64' },
    { label: 'out that is not an array', expr: 'np.sum(f, out=[0.0])', run: () => cp.sum(x(), { out: [0] as never }), code: 'ERR_ARG', message: /^sum: expected out to be an NDArray/ },
    { label: 'max with where and no initial', expr: 'np.max(f, where=f > 0)', run: () => cp.max(x(), { where: x().gt(0) }), code: 'ERR_ARG', message: "max: reduction operation 'maximum' does not have an identity, so to use a where mask one has to specify 'initial'" },
    { label: 'nanmin of floats with where and no initial', expr: 'np.nanmin(f, where=f > 0)', run: () => cp.nanmin(x(), { where: x().gt(0) }), code: 'ERR_ARG', message: "nanmin: reduction operation 'fmin' does not have an identity, so to use a where mask one has to specify 'initial'" },
    { label: 'a mask that does not broadcast', expr: 'np.sum(f, where=np.ones(4, bool))', run: () => cp.sum(x(), { where: cp.ones([4], { dtype: 'bool' }) }), code: 'ERR_SHAPE', message: /^sum: shapes \(4,\) and \(4, 6\) cannot be broadcast together/ },
    { label: 'a mask larger than the input', expr: 'np.sum(f, where=np.ones((2, 4, 6), bool))', run: () => cp.sum(x(), { where: cp.ones([2, 4, 6], { dtype: 'bool' }) }), code: 'ERR_SHAPE', message: "sum: expected a where mask that broadcasts to the input's shape (4, 6), got shape (2, 4, 6)" },
    { label: 'a mask of integers', expr: 'np.sum(f, where=np.ones(6, np.int64))', run: () => cp.sum(x(), { where: cp.ones([6], { dtype: 'int64' }) }), code: 'ERR_DTYPE', message: 'sum: expected where to be a boolean array, got an array of int64' },
    { label: 'initial that does not fit the dtype', expr: 'np.max(f.astype(np.int8), initial=300)', run: () => cp.max(x().astype('int8'), { initial: 300 }), code: 'ERR_OVERFLOW', message: 'max: Python integer 300 out of bounds for int8' },
    { label: 'a negative initial for unsigned sums', expr: 'np.sum(f.astype(np.uint8), initial=-1)', run: () => cp.sum(x().astype('uint8'), { initial: -1 }), code: 'ERR_OVERFLOW', message: 'sum: Python integer -1 out of bounds for uint64' },
    { label: 'initial NaN for an integer max', expr: 'np.max(f.astype(np.int32), initial=np.nan)', run: () => cp.max(x().astype('int32'), { initial: NaN }), code: 'ERR_ARG', message: /^max: cannot convert float NaN to integer/ },
    { label: 'initial that is a list', expr: 'np.sum(f, initial=[1])', run: () => cp.sum(x(), { initial: [1] as never }), code: 'ERR_ARG', message: /^sum: expected initial to be a number, bigint or boolean, or null/ },
    { label: 'initial on mean', expr: 'np.mean(f, initial=1)', run: () => cp.mean(x(), { initial: 1 } as never), code: 'ERR_ARG', message: /^mean: unknown option 'initial'/ },
  ];
  it('throw a CupytsError naming the op, where NumPy raises too', () => checkErrors(cases.map((c) => ({ ...c, inputs }))));
});

describe('fusion of where masks', () => {
  const f = randomArray('float32', [64, 33], 6);
  const m = hostArray('bool', [33], (i) => (i % 4 === 0 ? 0 : 1));
  it('a where-masked sum is one kernel', () => {
    const y = cp.sum(toDevice(f), { axis: 1, where: toDevice(m) });
    expect(cp.explain(y).kernels).toHaveLength(1);
  });
  it('a where-masked max with initial is one kernel', () => {
    const y = cp.max(toDevice(f).mul(2), { axis: 0, where: toDevice(f).gt(0), initial: 0 });
    expect(cp.explain(y).kernels).toHaveLength(1);
  });
  it('a where-masked mean is one kernel', () => {
    const y = cp.mean(toDevice(f), { axis: 1, where: toDevice(m) });
    expect(cp.explain(y).kernels).toHaveLength(1);
  });
});

describeCompilesEveryKernel(cudaSources, HAS_NVRTC, 50);
