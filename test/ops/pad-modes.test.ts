// pad's ramp and statistic modes against NumPy: 'linear_ramp' (end_values in NumPy's forms:
// one value, one per side, one pair per axis), 'maximum', 'mean', 'median' and 'minimum'
// (stat_length in NumPy's forms, rounded, longer than the axis, or all values), over dtypes,
// 0-d to 3-D, widths beyond the axis, non-contiguous and lazy inputs; complex constant_values;
// and the errors NumPy raises. Every kernel built here is compiled with NVRTC at the end.
import { describe, it } from 'vitest';
import * as cp from '../../src/index.js';
import { currentRunner } from '../../src/api/context.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, toDevice } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { checkCases, checkErrors, type ErrorCase, type ValueCase } from '../helpers/numpy-cases.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';
import { randomArray, type DTypeName } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

const REAL: DTypeName[] = ['bool', 'int8', 'uint8', 'int32', 'int64', 'uint64', 'float16', 'float32', 'float64'];
const COMPLEX: DTypeName[] = ['complex64', 'complex128'];
const STATS = ['maximum', 'mean', 'median', 'minimum'] as const;
let seed = 3000;
const rand = (dtype: DTypeName, shape: number[]) => randomArray(dtype, shape, seed++);
const c = (re: number, im: number) => cp.complex(re, im);

describe('pad linear_ramp', () => {
  it('every dtype, end_values in NumPy\'s forms, widths beyond the axis', () => {
    const cases: ValueCase[] = [];
    for (const d of [...REAL, ...COMPLEX]) {
      const a = rand(d, [3, 4]);
      // complex64 arithmetic is 1 ulp apart from NumPy's (the complex helpers'), so complex compares approximately
      const approx = COMPLEX.includes(d);
      cases.push(
        { label: `${d} default`, expr: "np.pad(a, ((2, 3), (1, 2)), mode='linear_ramp')", inputs: { a }, approx,
          run: () => cp.pad(toDevice(a), [[2, 3], [1, 2]], 'linear_ramp') },
        { label: `${d} one value, wide`, expr: "np.pad(a, 7, mode='linear_ramp', end_values=5)", inputs: { a }, approx,
          run: () => cp.pad(toDevice(a), 7, 'linear_ramp', { end_values: 5 }) },
        { label: `${d} per side`, expr: "np.pad(a, 3, mode='linear_ramp', end_values=(5, -2))", inputs: { a }, approx,
          run: () => cp.pad(toDevice(a), 3, 'linear_ramp', { end_values: [5, -2] }) },
        { label: `${d} per axis`, expr: "np.pad(a, 3, mode='linear_ramp', end_values=((5, -2), (1, 7)))", inputs: { a }, approx,
          run: () => cp.pad(toDevice(a), 3, 'linear_ramp', { end_values: [[5, -2], [1, 7]] }) },
      );
    }
    const f = rand('float32', [4, 5]);
    const i = rand('int16', [3, 2, 4]);
    const z = rand('complex128', [3, 2]);
    cases.push(
      { label: 'float ends (per side)', expr: "np.pad(f, (2, 1), mode='linear_ramp', end_values=(0.5, -1.25))", inputs: { f }, run: () => cp.pad(toDevice(f), [2, 1], 'linear_ramp', { end_values: [0.5, -1.25] }) },
      { label: 'one per axis ((2, 1) form)', expr: "np.pad(f, 2, mode='linear_ramp', end_values=((3,), (-4,)))", inputs: { f }, run: () => cp.pad(toDevice(f), 2, 'linear_ramp', { end_values: [[3], [-4]] }) },
      { label: 'bool end', expr: "np.pad(f, 1, mode='linear_ramp', end_values=True)", inputs: { f }, run: () => cp.pad(toDevice(f), 1, 'linear_ramp', { end_values: true }) },
      { label: '3-D, negative ends', expr: "np.pad(i, ((1, 2), (0, 3), (4, 0)), mode='linear_ramp', end_values=-100)", inputs: { i },
        run: () => cp.pad(toDevice(i), [[1, 2], [0, 3], [4, 0]], 'linear_ramp', { end_values: -100 }) },
      { label: 'transposed', expr: "np.pad(f.T, 2, mode='linear_ramp', end_values=9)", inputs: { f }, run: () => cp.pad(toDevice(f).T, 2, 'linear_ramp', { end_values: 9 }) },
      { label: 'reversed and lazy', expr: "np.pad(f[::-1, ::2] * np.float32(3), (1, 4), mode='linear_ramp')", inputs: { f },
        run: () => cp.pad(toDevice(f).get('::-1, ::2').mul(3), [1, 4], 'linear_ramp') },
      { label: 'complex end for complex', expr: "np.pad(z, 2, mode='linear_ramp', end_values=(1+2j, complex(0, -3)))", inputs: { z }, approx: true,
        run: () => cp.pad(toDevice(z), 2, 'linear_ramp', { end_values: [c(1, 2), c(0, -3)] }) },
      { label: 'complex end for float (its real part)', expr: "np.pad(f, 2, mode='linear_ramp', end_values=7+1j)", inputs: { f },
        run: () => cp.pad(toDevice(f), 2, 'linear_ramp', { end_values: c(7, 1) }) },
      { label: '0-d', expr: "np.pad(np.float64(3.5), 2, mode='linear_ramp', end_values=1)", run: () => cp.pad(cp.asarray(3.5), 2, 'linear_ramp', { end_values: 1 }) },
      { label: 'empty, unpadded empty axis', expr: "np.pad(np.zeros((0, 3)), ((0, 0), (2, 1)), mode='linear_ramp')", run: () => cp.pad(cp.zeros([0, 3]), [[0, 0], [2, 1]], 'linear_ramp') },
      { label: 'JS list', expr: "np.pad([1, 5], 3, mode='linear_ramp', end_values=10)", run: () => cp.pad([1, 5], 3, 'linear_ramp', { end_values: 10 }) },
    );
    checkCases(cases);
  });
});

/** A mean on the GPU sums in its own order (NumPy's pairwise blocks are the CPU backend's): compared approximately there. */
const meanOnGpu = (mode: string) => mode === 'mean' && currentRunner().kind === 'cuda';

describe('pad maximum, mean, median, minimum', () => {
  it('every dtype, the whole axis and stat_length in NumPy\'s forms', () => {
    const cases: ValueCase[] = [];
    for (const d of [...REAL, ...COMPLEX]) {
      const a = rand(d, [3, 5]);
      for (const mode of STATS) {
        const approx = COMPLEX.includes(d) || meanOnGpu(mode);
        cases.push(
          { label: `${d} ${mode}`, expr: `np.pad(a, ((2, 3), (1, 2)), mode='${mode}')`, inputs: { a }, approx,
            run: () => cp.pad(toDevice(a), [[2, 3], [1, 2]], mode) },
          { label: `${d} ${mode} stat_length 2`, expr: `np.pad(a, ((2, 3), (1, 4)), mode='${mode}', stat_length=2)`, inputs: { a }, approx,
            run: () => cp.pad(toDevice(a), [[2, 3], [1, 4]], mode, { stat_length: 2 }) },
          { label: `${d} ${mode} per axis`, expr: `np.pad(a, 2, mode='${mode}', stat_length=((1, 2), (3, 1)))`, inputs: { a }, approx,
            run: () => cp.pad(toDevice(a), 2, mode, { stat_length: [[1, 2], [3, 1]] }) },
        );
      }
    }
    const f = rand('float32', [4, 6]);
    const t = rand('int32', [2, 3, 4]);
    for (const mode of STATS) {
      cases.push(
        { label: `${mode} per side`, expr: `np.pad(f, 3, mode='${mode}', stat_length=(1, 4))`, inputs: { f }, approx: meanOnGpu(mode), run: () => cp.pad(toDevice(f), 3, mode, { stat_length: [1, 4] }) },
        { label: `${mode} (2, 1) form`, expr: `np.pad(f, 3, mode='${mode}', stat_length=((2,), (5,)))`, inputs: { f }, approx: meanOnGpu(mode), run: () => cp.pad(toDevice(f), 3, mode, { stat_length: [[2], [5]] }) },
        { label: `${mode} longer than the axis`, expr: `np.pad(f, (2, 9), mode='${mode}', stat_length=50)`, inputs: { f }, approx: meanOnGpu(mode), run: () => cp.pad(toDevice(f), [2, 9], mode, { stat_length: 50 }) },
        { label: `${mode} rounded (2.5 -> 2, 3.5 -> 4)`, expr: `np.pad(f, 2, mode='${mode}', stat_length=((2.5, 3.5), (1.4, 1.6)))`, inputs: { f }, approx: meanOnGpu(mode),
          run: () => cp.pad(toDevice(f), 2, mode, { stat_length: [[2.5, 3.5], [1.4, 1.6]] }) },
        { label: `${mode} 3-D`, expr: `np.pad(t, ((1, 0), (2, 2), (0, 3)), mode='${mode}', stat_length=((1, 1), (2, 1), (3, 2)))`, inputs: { t }, approx: meanOnGpu(mode),
          run: () => cp.pad(toDevice(t), [[1, 0], [2, 2], [0, 3]], mode, { stat_length: [[1, 1], [2, 1], [3, 2]] }) },
        { label: `${mode} transposed`, expr: `np.pad(f.T, 2, mode='${mode}', stat_length=3)`, inputs: { f }, approx: meanOnGpu(mode), run: () => cp.pad(toDevice(f).T, 2, mode, { stat_length: 3 }) },
        { label: `${mode} reversed and lazy`, expr: `np.pad(f[::-1, 1::2] - np.float32(1), (3, 1), mode='${mode}')`, inputs: { f }, approx: meanOnGpu(mode),
          run: () => cp.pad(toDevice(f).get('::-1, 1::2').sub(1), [3, 1], mode) },
        { label: `${mode} 0-d`, expr: `np.pad(np.int8(-4), 2, mode='${mode}')`, run: () => cp.pad(cp.asarray(-4, { dtype: 'int8' }), 2, mode) },
        { label: `${mode} empty, unpadded empty axis`, expr: `np.pad(np.zeros((0, 3)), ((0, 0), (2, 1)), mode='${mode}')`, run: () => cp.pad(cp.zeros([0, 3]), [[0, 0], [2, 1]], mode) },
      );
    }
    cases.push(
      { label: 'mean of ints rounds half to even', expr: "np.pad(np.array([1, 2, 3, 4, 2, 3], np.int8), 2, mode='mean', stat_length=2)",
        run: () => cp.pad(cp.asarray([1, 2, 3, 4, 2, 3], { dtype: 'int8' }), 2, 'mean', { stat_length: 2 }) },
      { label: 'median of uint8 rounds half to even', expr: "np.pad(np.array([2, 3, 7, 8], np.uint8), 2, mode='median', stat_length=2)",
        run: () => cp.pad(cp.asarray([2, 3, 7, 8], { dtype: 'uint8' }), 2, 'median', { stat_length: 2 }) },
      { label: 'mean of no values (float): nan', expr: "np.pad(np.array([2., 3, 7], np.float16), 2, mode='mean', stat_length=0)",
        run: () => cp.pad(cp.asarray([2, 3, 7], { dtype: 'float16' }), 2, 'mean', { stat_length: 0 }) },
      { label: 'JS list', expr: "np.pad([4, 1, 9], 2, mode='maximum', stat_length=2)", run: () => cp.pad([4, 1, 9], 2, 'maximum', { stat_length: 2 }) },
    );
    checkCases(cases);
  });
});

describe('pad constant_values that are complex', () => {
  it('into complex arrays; into real ones as NumPy casts them (one value, or one per side)', () => {
    const z = rand('complex64', [2, 3]);
    const w = rand('complex128', [3]);
    const f = rand('float64', [2, 2]);
    const i = rand('int16', [3]);
    const b = rand('bool', [2]);
    const cases: ValueCase[] = [
      { label: 'complex64 one value', expr: 'np.pad(z, 1, constant_values=1+2j)', inputs: { z }, run: () => cp.pad(toDevice(z), 1, 'constant', { constant_values: c(1, 2) }) },
      { label: 'complex64 per side, mixed', expr: 'np.pad(z, (1, 2), constant_values=(complex(0, -3), 4))', inputs: { z }, run: () => cp.pad(toDevice(z), [1, 2], 'constant', { constant_values: [c(0, -3), 4] }) },
      { label: 'complex128 per axis', expr: 'np.pad(w, 2, constant_values=((1+1j, 2-2j),))', inputs: { w }, run: () => cp.pad(toDevice(w), 2, 'constant', { constant_values: [[c(1, 1), c(2, -2)]] }) },
      { label: 'complex64 2-D per axis', expr: 'np.pad(z, 1, constant_values=((1j, 2), (3, 4+4j)))', inputs: { z },
        run: () => cp.pad(toDevice(z), 1, 'constant', { constant_values: [[c(0, 1), 2], [3, c(4, 4)]] }) },
      { label: 'float64 one complex (real part)', expr: 'np.pad(f, 1, constant_values=2.5+1j)', inputs: { f }, run: () => cp.pad(toDevice(f), 1, 'constant', { constant_values: c(2.5, 1) }) },
      { label: 'int16 per side (real parts, truncated)', expr: 'np.pad(i, 1, constant_values=(3.7+1j, -2))', inputs: { i }, run: () => cp.pad(toDevice(i), 1, 'constant', { constant_values: [c(3.7, 1), -2] }) },
      { label: 'bool (the truth of 1j)', expr: 'np.pad(b, 1, constant_values=(1j, 0j))', inputs: { b }, run: () => cp.pad(toDevice(b), 1, 'constant', { constant_values: [c(0, 1), c(0, 0)] }) },
    ];
    checkCases(cases);
  });
});

describe('pad errors at the call', () => {
  it('names pad and what was expected, as NumPy refuses', () => {
    const fh = rand('float64', [2, 3]);
    const f = () => toDevice(fh);
    const cases: ErrorCase[] = [
      { label: 'maximum of no values', expr: "np.pad(a, 1, mode='maximum', stat_length=0)", inputs: { a: fh }, run: () => cp.pad(f(), 1, 'maximum', { stat_length: 0 }),
        code: 'ERR_ARG', message: 'pad: stat_length of 0 yields no value for padding' },
      { label: 'minimum of no values on one side', expr: "np.pad(a, 1, mode='minimum', stat_length=(2, 0))", inputs: { a: fh }, run: () => cp.pad(f(), 1, 'minimum', { stat_length: [2, 0] }),
        code: 'ERR_ARG', message: 'pad: stat_length of 0 yields no value for padding' },
      { label: 'negative stat_length', expr: "np.pad(a, 1, mode='mean', stat_length=-1)", inputs: { a: fh }, run: () => cp.pad(f(), 1, 'mean', { stat_length: -1 }),
        code: 'ERR_ARG', message: 'pad: expected non-negative stat_length, got -1' },
      { label: 'stat_length of the wrong shape', expr: "np.pad(a, 1, mode='mean', stat_length=(1, 2, 3))", inputs: { a: fh }, run: () => cp.pad(f(), 1, 'mean', { stat_length: [1, 2, 3] as never }),
        code: 'ERR_SHAPE', message: 'pad: expected stat_length of shape (2, 2) or one that broadcasts to it, got shape (3,)' },
      { label: 'stat_length a string', expr: "np.pad(a, 1, mode='mean', stat_length='x')", inputs: { a: fh }, run: () => cp.pad(f(), 1, 'mean', { stat_length: 'x' as never }),
        code: 'ERR_ARG', message: /^pad: expected stat_length to be a non-negative integer \(rounded\)/ },
      { label: 'end_values with mean', expr: "np.pad(a, 1, mode='mean', end_values=1)", inputs: { a: fh }, run: () => cp.pad(f(), 1, 'mean', { end_values: 1 }),
        code: 'ERR_ARG', message: "pad: unsupported keyword arguments for mode 'mean': end_values" },
      { label: 'stat_length with linear_ramp', expr: "np.pad(a, 1, mode='linear_ramp', stat_length=1)", inputs: { a: fh }, run: () => cp.pad(f(), 1, 'linear_ramp', { stat_length: 1 }),
        code: 'ERR_ARG', message: "pad: unsupported keyword arguments for mode 'linear_ramp': stat_length" },
      { label: 'end_values of the wrong shape', expr: "np.pad(a, 1, mode='linear_ramp', end_values=((1, 2), (3, 4), (5, 6)))", inputs: { a: fh },
        run: () => cp.pad(f(), 1, 'linear_ramp', { end_values: [[1, 2], [3, 4], [5, 6]] }), code: 'ERR_SHAPE',
        message: 'pad: expected end_values of shape (2, 2) or one that broadcasts to it, got shape (3, 2)' },
      { label: 'extending an empty axis by a statistic', expr: "np.pad(np.zeros((0, 3)), 1, mode='median')", run: () => cp.pad(cp.zeros([0, 3]), 1, 'median'),
        code: 'ERR_SHAPE', message: "pad: can't extend empty axis 0 using modes other than 'constant' (got mode 'median')" },
      { label: 'extending an empty axis by a ramp', expr: "np.pad(np.zeros((3, 0)), ((0, 0), (1, 0)), mode='linear_ramp')", run: () => cp.pad(cp.zeros([3, 0]), [[0, 0], [1, 0]], 'linear_ramp'),
        code: 'ERR_SHAPE', message: "pad: can't extend empty axis 1 using modes other than 'constant' (got mode 'linear_ramp')" },
      { label: 'complex constants per axis into a real array (Python complex)', expr: 'np.pad(a, 1, constant_values=((1j, 2), (3, 4)))', inputs: { a: fh },
        run: () => cp.pad(f(), 1, 'constant', { constant_values: [[c(0, 1), 2], [3, 4]] }), code: 'ERR_DTYPE', message: /^pad: expected a real value for a float64 array/ },
    ];
    checkErrors(cases);
  });
});

describeCompilesEveryKernel(cudaSources, HAS_NVRTC, 20);
