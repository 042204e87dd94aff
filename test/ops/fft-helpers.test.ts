// cp.fft's helper routines against numpy.fft: fftfreq and rfftfreq bit for bit (odd and even n,
// negative, fractional and infinite spacing), fftshift and ifftshift over dtypes, axes (none,
// one, negative, several, repeated), empty, 0-d and non-contiguous inputs; and their errors.
import { describe, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, toDevice } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { checkCases, checkErrors, type ErrorCase, type ValueCase } from '../helpers/numpy-cases.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';
import { randomArray, type DTypeName } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

let seed = 4000;
const rand = (dtype: DTypeName, shape: number[]) => randomArray(dtype, shape, seed++);

describe('fft.fftfreq and fft.rfftfreq', () => {
  it('match NumPy bit for bit', () => {
    const cases: ValueCase[] = [];
    for (const n of [1, 2, 3, 4, 7, 8, 15, 100, 1001]) {
      for (const d of [1, 0.1, 2.5, -2, 1e-3, Infinity]) {
        const pyD = d === Infinity ? 'np.inf' : String(d);
        cases.push(
          { label: `fftfreq(${n}, ${d})`, expr: `np.fft.fftfreq(${n}, ${pyD})`, run: () => cp.fft.fftfreq(n, d) },
          { label: `rfftfreq(${n}, ${d})`, expr: `np.fft.rfftfreq(${n}, ${pyD})`, run: () => cp.fft.rfftfreq(n, { d }) },
        );
      }
    }
    cases.push(
      { label: 'fftfreq default d', expr: 'np.fft.fftfreq(6)', run: () => cp.fft.fftfreq(6) },
      { label: 'fftfreq NaN spacing', expr: 'np.fft.fftfreq(3, np.nan)', run: () => cp.fft.fftfreq(3, NaN) },
      { label: 'rfftfreq options object', expr: 'np.fft.rfftfreq(9, d=0.5)', run: () => cp.fft.rfftfreq(9, { d: 0.5 }) },
    );
    checkCases(cases);
  });
});

describe('fft.fftshift and fft.ifftshift', () => {
  it('roll by half of each axis as NumPy does', () => {
    const cases: ValueCase[] = [];
    for (const d of ['bool', 'int8', 'int64', 'float16', 'float32', 'float64'] as DTypeName[]) {
      const a = rand(d, [5, 6]);
      cases.push(
        { label: `${d} fftshift`, expr: 'np.fft.fftshift(a)', inputs: { a }, run: () => cp.fft.fftshift(toDevice(a)) },
        { label: `${d} ifftshift`, expr: 'np.fft.ifftshift(a)', inputs: { a }, run: () => cp.fft.ifftshift(toDevice(a)) },
      );
    }
    const v = rand('float64', [7]);
    const e = rand('float32', [8]);
    const t = rand('float32', [3, 4, 5]);
    const z = rand('float64', [0, 3]);
    const s0 = rand('float64', []);
    cases.push(
      { label: 'odd 1-D', expr: 'np.fft.fftshift(v)', inputs: { v }, run: () => cp.fft.fftshift(toDevice(v)) },
      { label: 'odd 1-D inverse', expr: 'np.fft.ifftshift(v)', inputs: { v }, run: () => cp.fft.ifftshift(toDevice(v)) },
      { label: 'even 1-D', expr: 'np.fft.fftshift(e)', inputs: { e }, run: () => cp.fft.fftshift(toDevice(e)) },
      { label: 'round trip', expr: 'v', inputs: { v }, run: () => cp.fft.ifftshift(cp.fft.fftshift(toDevice(v))) },
      { label: 'one axis', expr: 'np.fft.fftshift(t, 1)', inputs: { t }, run: () => cp.fft.fftshift(toDevice(t), 1) },
      { label: 'negative axis', expr: 'np.fft.ifftshift(t, axes=-1)', inputs: { t }, run: () => cp.fft.ifftshift(toDevice(t), { axes: -1 }) },
      { label: 'two axes', expr: 'np.fft.fftshift(t, (0, 2))', inputs: { t }, run: () => cp.fft.fftshift(toDevice(t), [0, 2]) },
      { label: 'a repeated axis', expr: 'np.fft.fftshift(t, (2, 2))', inputs: { t }, run: () => cp.fft.fftshift(toDevice(t), [2, 2]) },
      { label: 'empty', expr: 'np.fft.fftshift(z)', inputs: { z }, run: () => cp.fft.fftshift(toDevice(z)) },
      { label: 'transposed view', expr: 'np.fft.fftshift(t.T, 0)', inputs: { t }, run: () => cp.fft.fftshift(toDevice(t).T, 0) },
      { label: 'strided view', expr: 'np.fft.ifftshift(t[:, ::2, 1:])', inputs: { t }, run: () => cp.fft.ifftshift(toDevice(t).get(':, ::2, 1:')) },
      // NumPy's roll fails on an empty unpack for a 0-d array; cupyts gives a copy
      { label: '0-d (a copy)', expr: 's0.copy()', inputs: { s0 }, run: () => cp.fft.fftshift(toDevice(s0)) },
      { label: 'nested list', expr: 'np.fft.fftshift(np.array([[1, 2, 3], [4, 5, 6]]))', run: () => cp.fft.fftshift([[1, 2, 3], [4, 5, 6]]) },
    );
    checkCases(cases);
  });
});

describe('errors', () => {
  it('name the function and the argument', () => {
    const t = rand('float32', [3, 4]);
    const cases: ErrorCase[] = [
      { label: 'n = 0', expr: 'np.fft.fftfreq(0)', run: () => cp.fft.fftfreq(0), message: /^fft\.fftfreq: .*n.*a positive integer.*got 0/, code: 'ERR_ARG' },
      { label: 'negative n (NumPy: an empty rfftfreq)', expr: 'np.fft.fftfreq(-3)', run: () => cp.fft.rfftfreq(-3), message: /^fft\.rfftfreq: .*positive integer/, code: 'ERR_ARG' },
      { label: 'fractional n', expr: 'np.fft.fftfreq(2.5)', run: () => cp.fft.fftfreq(2.5), message: /^fft\.fftfreq: .*positive integer/, code: 'ERR_ARG' },
      { label: 'zero spacing', expr: 'np.fft.fftfreq(4, 0)', run: () => cp.fft.fftfreq(4, 0), message: /^fft\.fftfreq: .*d.*a nonzero number.*got 0/, code: 'ERR_ARG' },
      { label: 'device', expr: null, run: () => cp.fft.fftfreq(4, { device: 'cuda' } as never), message: /^fft\.fftfreq: .*device/, code: 'ERR_UNSUPPORTED' },
      { label: 'axis out of range', expr: 'np.fft.fftshift(t, 2)', inputs: { t }, run: () => cp.fft.fftshift(toDevice(t), 2), message: /^fft\.fftshift: axes 2 is out of bounds/, code: 'ERR_AXIS' },
      { label: 'axes not integers', expr: null, run: () => cp.fft.ifftshift(toDevice(t), 'x' as never), message: /^fft\.ifftshift: .*axes/, code: 'ERR_ARG' },
      { label: 'an unknown option', expr: null, run: () => cp.fft.fftshift(toDevice(t), { axis: 0 } as never), message: /^fft\.fftshift: .*axis/, code: 'ERR_ARG' },
    ];
    checkErrors(cases);
  });
});

describeCompilesEveryKernel(cudaSources, HAS_NVRTC, 1);
