// ufunc.reduce, ufunc.accumulate and the scans (cumsum, cumprod, nancumsum, nancumprod) with an
// out= of another dtype than their natural result, against NumPy 2: NumPy computes them in
// promote(out, a) (float32 data summed into a float64 out adds in float64; int64 data into a
// float64 out rounds each partial sum; int8 data into an int16 out does not wrap in int8), with
// dtype= taking precedence, and writes with casting 'unsafe'. Also: gcd and the bitwise folds
// into an out (in promote(out, a): gcd.reduce(int8 [6, -4], out=uint8) is 2), bool outs, 2-d data
// along negative axes and axis=None, 0-d and empty data, and the errors NumPy raises too.
import { describe, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { checkCases, checkErrors, type ErrorCase, type ValueCase } from '../helpers/numpy-cases.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';

setBackendNotice(() => {});

type Data = { py: string; js: () => cp.NDArray; shape: number[] };
const npType = (dtype: string) => `np.${dtype === 'bool' ? 'bool_' : dtype}`;

/** An array literal on both sides (NaN as np.nan, big integers as bigints). */
function lit(dtype: string, values: readonly (number | bigint | boolean)[], shape: number[] = [values.length]): Data {
  const py = (v: number | bigint | boolean) => (typeof v === 'boolean' ? (v ? 'True' : 'False') : Number.isNaN(v) ? 'np.nan' : String(v));
  return {
    py: `np.array([${values.map(py).join(', ')}], ${npType(dtype)}).reshape(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`,
    js: () => cp.asarray(values as number[], { dtype: dtype as cp.DTypeLike }).reshape(shape),
    shape,
  };
}
const out = (dtype: string, shape: number[]) => ({
  py: `np.zeros((${shape.join(', ')}${shape.length === 1 ? ',' : ''}), ${npType(dtype)})`,
  js: () => cp.zeros(shape, { dtype: dtype as cp.DTypeLike }),
});

const DATA: Record<string, Data> = {
  i8: lit('int8', [100, 100, 100, -7]),
  u8: lit('uint8', [200, 100, 3, 7]),
  bool: lit('bool', [true, true, false, true]),
  f32: lit('float32', [1.5, 2.5, -3.5, 0.75]),
  f32wide: lit('float32', [16777216, 1, 1, -16777216]),
  f16: lit('float16', [1000, 0.3, 0.3, 0.3]),
  i64big: lit('int64', [2n ** 53n, 1n, 1n, 3n]),
  f64: lit('float64', [0.1, 0.2, 0.3, 1e20]),
  f32nan: lit('float32', [NaN, 16777216, 1, -16777216]),
  c64: lit('complex64', [16777216, 1, 1, -16777216]),
};
/** Which outs each datum goes into (float data only into outs its partial sums and products fit). */
const OUTS: Record<string, string[]> = {
  i8: ['int8', 'int16', 'uint8', 'int64', 'uint64', 'float16', 'float32', 'float64', 'bool', 'complex64'],
  u8: ['int8', 'uint8', 'int16', 'uint16', 'int32', 'float32', 'float64', 'bool'],
  bool: ['bool', 'int8', 'uint8', 'float16', 'float32', 'int64'],
  f32: ['float64', 'float16', 'int8', 'int16', 'uint8', 'bool', 'complex128'],
  f32wide: ['float64', 'float32', 'complex128'],
  f16: ['float32', 'float64', 'float16'],
  i64big: ['float64', 'float32', 'int64', 'uint64'],
  f64: ['float32', 'float16', 'bool', 'complex64'],
  f32nan: ['float64', 'float32'],
  c64: ['complex128'],
};

type Fn = { py: (x: string, o: string, extra?: string) => string; js: (x: cp.NDArray, o: cp.NDArray, extra?: Record<string, unknown>) => cp.NDArray; reduces: boolean };
const ufunc = (name: string) => (cp as unknown as Record<string, { reduce: (...a: unknown[]) => cp.NDArray; accumulate: (...a: unknown[]) => cp.NDArray }>)[name];
const FNS: Record<string, Fn> = {
  cumsum: { py: (x, o, e = '') => `np.cumsum(${x}, out=${o}${e})`, js: (x, o, e = {}) => cp.cumsum(x, { out: o, ...e }), reduces: false },
  cumprod: { py: (x, o, e = '') => `np.cumprod(${x}, out=${o}${e})`, js: (x, o, e = {}) => cp.cumprod(x, { out: o, ...e }), reduces: false },
  nancumsum: { py: (x, o, e = '') => `np.nancumsum(${x}, out=${o}${e})`, js: (x, o, e = {}) => cp.nancumsum(x, { out: o, ...e }), reduces: false },
  nancumprod: { py: (x, o, e = '') => `np.nancumprod(${x}, out=${o}${e})`, js: (x, o, e = {}) => cp.nancumprod(x, { out: o, ...e }), reduces: false },
  'add.accumulate': { py: (x, o, e = '') => `np.add.accumulate(${x}, out=${o}${e})`, js: (x, o, e = {}) => ufunc('add').accumulate(x, { out: o, ...e }), reduces: false },
  'multiply.accumulate': { py: (x, o, e = '') => `np.multiply.accumulate(${x}, out=${o}${e})`, js: (x, o, e = {}) => ufunc('multiply').accumulate(x, { out: o, ...e }), reduces: false },
  'add.reduce': { py: (x, o, e = '') => `np.add.reduce(${x}, out=${o}${e})`, js: (x, o, e = {}) => ufunc('add').reduce(x, { out: o, ...e }), reduces: true },
  'multiply.reduce': { py: (x, o, e = '') => `np.multiply.reduce(${x}, out=${o}${e})`, js: (x, o, e = {}) => ufunc('multiply').reduce(x, { out: o, ...e }), reduces: true },
};
/** nancumsum and nancumprod are cumsum and cumprod where there is no NaN: their grid is the float data. */
const hasNanFns = (fn: string) => fn.startsWith('nan');

describe('into an out of every dtype NumPy takes (1-d data along axis 0)', () => {
  const cases: ValueCase[] = [];
  for (const [fnName, fn] of Object.entries(FNS)) {
    for (const [name, data] of Object.entries(DATA)) {
      if (hasNanFns(fnName) && !['f32', 'f32nan', 'f16', 'f32wide'].includes(name)) continue;
      if (!hasNanFns(fnName) && name === 'f32nan') continue;
      for (const dtype of OUTS[name]) {
        const o = out(dtype, fn.reduces ? [] : data.shape);
        cases.push({ label: `${fnName} of ${name} into ${dtype}`, expr: fn.py(data.py, o.py), run: () => fn.js(data.js(), o.js()) });
      }
    }
  }
  it(`${cases.length} cases`, () => checkCases(cases));
});

describe('with dtype=, axes, 0-d and empty data', () => {
  const g = lit('float32', [16777216, 1, 1, -16777216, 3, 0.5], [2, 3]);
  const gi = lit('int8', [100, 100, 100, -7, 8, 9], [2, 3]);
  const i8 = DATA.i8;
  const cases: ValueCase[] = [
    { label: 'cumsum with dtype=int8 into int16 wraps in int8', expr: `np.cumsum(${i8.py}, dtype=np.int8, out=${out('int16', [4]).py})`, run: () => cp.cumsum(i8.js(), { dtype: 'int8', out: out('int16', [4]).js() }) },
    { label: 'cumsum with dtype=int16 into int8', expr: `np.cumsum(${i8.py}, dtype=np.int16, out=${out('int8', [4]).py})`, run: () => cp.cumsum(i8.js(), { dtype: 'int16', out: out('int8', [4]).js() }) },
    { label: 'add.accumulate with dtype=int8 into int16', expr: `np.add.accumulate(${i8.py}, dtype=np.int8, out=${out('int16', [4]).py})`, run: () => ufunc('add').accumulate(i8.js(), { dtype: 'int8', out: out('int16', [4]).js() }) },
    { label: 'add.reduce with dtype=int8 into int16', expr: `np.add.reduce(${i8.py}, dtype=np.int8, out=${out('int16', []).py})`, run: () => ufunc('add').reduce(i8.js(), { dtype: 'int8', out: out('int16', []).js() }) },
    { label: 'multiply.reduce with dtype=float32 into float64', expr: `np.multiply.reduce(${DATA.f32wide.py}, dtype=np.float32, out=${out('float64', []).py})`, run: () => ufunc('multiply').reduce(DATA.f32wide.js(), { dtype: 'float32', out: out('float64', []).js() }) },
    { label: 'cumsum of 2-d float32 along -1 into float64', expr: `np.cumsum(${g.py}, axis=-1, out=${out('float64', [2, 3]).py})`, run: () => cp.cumsum(g.js(), { axis: -1, out: out('float64', [2, 3]).js() }) },
    { label: 'cumsum of 2-d float32 along -2 into float64', expr: `np.cumsum(${g.py}, axis=-2, out=${out('float64', [2, 3]).py})`, run: () => cp.cumsum(g.js(), { axis: -2, out: out('float64', [2, 3]).js() }) },
    { label: 'cumsum of 2-d float32 with axis=None into float64', expr: `np.cumsum(${g.py}, out=${out('float64', [6]).py})`, run: () => cp.cumsum(g.js(), { out: out('float64', [6]).js() }) },
    { label: 'cumprod of 2-d int8 along 1 into int16', expr: `np.cumprod(${gi.py}, axis=1, out=${out('int16', [2, 3]).py})`, run: () => cp.cumprod(gi.js(), { axis: 1, out: out('int16', [2, 3]).js() }) },
    { label: 'add.accumulate of 2-d float32 along -1 into float64', expr: `np.add.accumulate(${g.py}, axis=-1, out=${out('float64', [2, 3]).py})`, run: () => ufunc('add').accumulate(g.js(), { axis: -1, out: out('float64', [2, 3]).js() }) },
    { label: 'add.reduce of 2-d float32 along -1 into float64', expr: `np.add.reduce(${g.py}, axis=-1, out=${out('float64', [2]).py})`, run: () => ufunc('add').reduce(g.js(), { axis: -1, out: out('float64', [2]).js() }) },
    { label: 'add.reduce of 2-d float32 with axis=None into float64', expr: `np.add.reduce(${g.py}, axis=None, out=${out('float64', []).py})`, run: () => ufunc('add').reduce(g.js(), { axis: null, out: out('float64', []).js() }) },
    { label: 'add.reduce keepdims into float64', expr: `np.add.reduce(${g.py}, axis=0, keepdims=True, out=${out('float64', [1, 3]).py})`, run: () => ufunc('add').reduce(g.js(), { axis: 0, keepdims: true, out: out('float64', [1, 3]).js() }) },
    { label: 'add.reduce with initial into float64', expr: `np.add.reduce(${DATA.f32wide.py}, initial=0.25, out=${out('float64', []).py})`, run: () => ufunc('add').reduce(DATA.f32wide.js(), { initial: 0.25, out: out('float64', []).js() }) },
    { label: 'add.reduce with where into float64', expr: `np.add.reduce(${DATA.f32wide.py}, where=np.array([True, True, False, True]), out=${out('float64', []).py})`, run: () => ufunc('add').reduce(DATA.f32wide.js(), { where: cp.asarray([true, true, false, true]), out: out('float64', []).js() }) },
    { label: 'maximum.reduce of float32 into float64', expr: `np.maximum.reduce(${DATA.f32.py}, out=${out('float64', []).py})`, run: () => ufunc('maximum').reduce(DATA.f32.js(), { out: out('float64', []).js() }) },
    { label: 'minimum.reduce of int8 into int16', expr: `np.minimum.reduce(${i8.py}, out=${out('int16', []).py})`, run: () => ufunc('minimum').reduce(i8.js(), { out: out('int16', []).js() }) },
    { label: 'logical_and.reduce of float32 into int8', expr: `np.logical_and.reduce(${DATA.f32.py}, out=${out('int8', []).py})`, run: () => ufunc('logical_and').reduce(DATA.f32.js(), { out: out('int8', []).js() }) },
    { label: 'gcd.reduce of int8 into uint8 (in int16)', expr: `np.gcd.reduce(${lit('int8', [6, -4]).py}, out=${out('uint8', []).py})`, run: () => ufunc('gcd').reduce(lit('int8', [6, -4]).js(), { out: out('uint8', []).js() }) },
    { label: 'bitwise_xor.reduce of int8 into uint8', expr: `np.bitwise_xor.reduce(${i8.py}, out=${out('uint8', []).py})`, run: () => ufunc('bitwise_xor').reduce(i8.js(), { out: out('uint8', []).js() }) },
    { label: 'bitwise_or.reduce of int8 into int16', expr: `np.bitwise_or.reduce(${i8.py}, out=${out('int16', []).py})`, run: () => ufunc('bitwise_or').reduce(i8.js(), { out: out('int16', []).js() }) },
    { label: 'bitwise_and.reduce of int8 into bool starts from -1 through out (False)', expr: `np.bitwise_and.reduce(${lit('int8', [100, 100, 100, -7]).py}, out=${out('bool', []).py})`, run: () => ufunc('bitwise_and').reduce(lit('int8', [100, 100, 100, -7]).js(), { out: out('bool', []).js() }) },
    { label: 'bitwise_and.reduce of int8 [3, 1] into bool', expr: `np.bitwise_and.reduce(${lit('int8', [3, 1]).py}, out=${out('bool', []).py})`, run: () => ufunc('bitwise_and').reduce(lit('int8', [3, 1]).js(), { out: out('bool', []).js() }) },
    { label: 'bitwise_and.reduce of int8 [3, 1] into bool with initial 2', expr: `np.bitwise_and.reduce(${lit('int8', [3, 1]).py}, initial=2, out=${out('bool', []).py})`, run: () => ufunc('bitwise_and').reduce(lit('int8', [3, 1]).js(), { initial: 2, out: out('bool', []).js() }) },
    { label: 'bitwise_and.reduce of int16 into uint8', expr: `np.bitwise_and.reduce(${lit('int16', [-1, 300, 7]).py}, out=${out('uint8', []).py})`, run: () => ufunc('bitwise_and').reduce(lit('int16', [-1, 300, 7]).js(), { out: out('uint8', []).js() }) },
    { label: 'bitwise_or.reduce of int8 [4] into bool with initial 2', expr: `np.bitwise_or.reduce(${lit('int8', [4]).py}, initial=2, out=${out('bool', []).py})`, run: () => ufunc('bitwise_or').reduce(lit('int8', [4]).js(), { initial: 2, out: out('bool', []).js() }) },
    { label: 'bitwise_xor.reduce of 2-d int8 along 0 into bool', expr: `np.bitwise_xor.reduce(${lit('int8', [1, 2, 3, 4], [2, 2]).py}, axis=0, out=${out('bool', [2]).py})`, run: () => ufunc('bitwise_xor').reduce(lit('int8', [1, 2, 3, 4], [2, 2]).js(), { axis: 0, out: out('bool', [2]).js() }) },
    { label: 'gcd.reduce of int16 into uint8 with initial 300 (300 -> 44 first)', expr: `np.gcd.reduce(${lit('int16', [6, 300]).py}, initial=300, out=${out('uint8', []).py})`, run: () => ufunc('gcd').reduce(lit('int16', [6, 300]).js(), { initial: 300, out: out('uint8', []).js() }) },
    { label: 'lcm.reduce of int8 into bool', expr: `np.lcm.reduce(${lit('int8', [4, 6, 0]).py}, out=${out('bool', []).py})`, run: () => ufunc('lcm').reduce(lit('int8', [4, 6, 0]).js(), { out: out('bool', []).js() }) },
    { label: 'lcm.reduce of int8 into int16', expr: `np.lcm.reduce(${lit('int8', [4, 6, 100]).py}, out=${out('int16', []).py})`, run: () => ufunc('lcm').reduce(lit('int8', [4, 6, 100]).js(), { out: out('int16', []).js() }) },
    { label: 'lcm.reduce of int16 into uint8 with initial 1', expr: `np.lcm.reduce(${lit('int16', [300, 3]).py}, initial=1, out=${out('uint8', []).py})`, run: () => ufunc('lcm').reduce(lit('int16', [300, 3]).js(), { initial: 1, out: out('uint8', []).js() }) },
    { label: 'logical_xor.reduce of int8 into int8', expr: `np.logical_xor.reduce(${lit('int8', [2, 3, 0]).py}, out=${out('int8', []).py})`, run: () => ufunc('logical_xor').reduce(lit('int8', [2, 3, 0]).js(), { out: out('int8', []).js() }) },
    { label: 'cumsum of 0-d int8 into float32', expr: `np.cumsum(np.int8(5), out=${out('float32', [1]).py})`, run: () => cp.cumsum(cp.asarray(5, { dtype: 'int8' }), { out: out('float32', [1]).js() }) },
    { label: 'cumprod of empty int8 into float32', expr: `np.cumprod(np.zeros(0, np.int8), out=${out('float32', [0]).py})`, run: () => cp.cumprod(cp.zeros([0], { dtype: 'int8' }), { out: out('float32', [0]).js() }) },
    { label: 'nancumsum of empty 2-d float32 along -1 into float64', expr: `np.nancumsum(np.zeros((0, 3), np.float32), axis=-1, out=${out('float64', [0, 3]).py})`, run: () => cp.nancumsum(cp.zeros([0, 3], { dtype: 'float32' }), { axis: -1, out: out('float64', [0, 3]).js() }) },
    { label: 'add.reduce of empty float32 into float64', expr: `np.add.reduce(np.zeros(0, np.float32), out=${out('float64', []).py})`, run: () => ufunc('add').reduce(cp.zeros([0], { dtype: 'float32' }), { out: out('float64', []).js() }) },
    { label: 'multiply.reduce of 0-d float32 with axis=None into float64', expr: `np.multiply.reduce(np.float32(3.1), axis=None, out=${out('float64', []).py})`, run: () => ufunc('multiply').reduce(cp.asarray(3.1, { dtype: 'float32' }), { axis: null, out: out('float64', []).js() }) },
    { label: 'nancumprod with NaN and infinities into float64', expr: `np.nancumprod(np.array([np.nan, 1e30, 1e30, np.inf, -np.inf], np.float32), out=${out('float64', [5]).py})`, run: () => cp.nancumprod(cp.asarray([NaN, 1e30, 1e30, Infinity, -Infinity], { dtype: 'float32' }), { out: out('float64', [5]).js() }) },
    { label: 'cumsum with NaN and infinities into float64', expr: `np.cumsum(np.array([1e38, 1e38, np.nan, np.inf], np.float32), out=${out('float64', [4]).py})`, run: () => cp.cumsum(cp.asarray([1e38, 1e38, NaN, Infinity], { dtype: 'float32' }), { out: out('float64', [4]).js() }) },
  ];
  it(`${cases.length} cases`, () => checkCases(cases));
});

describe('errors', () => {
  const i8 = DATA.i8;
  const cases: ErrorCase[] = [
    { label: 'cumsum into an out of another shape', expr: `np.cumsum(${i8.py}, out=${out('float32', [3]).py})`, run: () => cp.cumsum(i8.js(), { out: out('float32', [3]).js() }), code: 'ERR_SHAPE', message: /^cumsum: expected out to have shape \(4,\), got \(3,\)/ },
    { label: 'add.accumulate into an out of another shape', expr: `np.add.accumulate(${i8.py}, out=${out('float32', [3]).py})`, run: () => ufunc('add').accumulate(i8.js(), { out: out('float32', [3]).js() }), code: 'ERR_SHAPE', message: /^add\.accumulate: expected out to have shape \(4,\), got \(3,\)/ },
    { label: 'add.reduce into an out of another shape', expr: `np.add.reduce(${i8.py}, out=${out('float32', [1]).py})`, run: () => ufunc('add').reduce(i8.js(), { out: out('float32', [1]).js() }), code: 'ERR_SHAPE', message: /^add\.reduce: expected out to have shape \(\), got \(1,\)/ },
    { label: 'bitwise_or.reduce into a float out', expr: `np.bitwise_or.reduce(${i8.py}, out=${out('float32', []).py})`, run: () => ufunc('bitwise_or').reduce(i8.js(), { out: out('float32', []).js() }), code: 'ERR_DTYPE', message: /^bitwise_or\.reduce: / },
    { label: 'lcm.reduce into an out that does not hold the loop\'s values (NumPy: 132, from 300 -> 44 first)', expr: null, run: () => ufunc('lcm').reduce(lit('int16', [300, 3]).js(), { out: out('uint8', []).js() }), code: 'ERR_UNSUPPORTED', message: /^lcm\.reduce: an out of dtype uint8 for a int16 loop is not supported yet/ },
    { label: 'maximum.reduce of float32 into int8 (NumPy: 2, truncating the first element into out first)', expr: null, run: () => ufunc('maximum').reduce(DATA.f32.js(), { out: out('int8', []).js() }), code: 'ERR_UNSUPPORTED', message: /^maximum\.reduce: an out of dtype int8 for float32 data is not supported yet/ },
    { label: 'multiply.accumulate of a 0-d array', expr: `np.multiply.accumulate(np.int8(3), out=${out('float32', []).py})`, run: () => ufunc('multiply').accumulate(cp.asarray(3, { dtype: 'int8' }), { out: out('float32', []).js() }), code: 'ERR_ARG', message: /^multiply\.accumulate: expected an array of at least one dimension/ },
  ];
  it('match NumPy', () => checkErrors(cases));
});

describeCompilesEveryKernel(cudaSources, HAS_NVRTC, 20);
