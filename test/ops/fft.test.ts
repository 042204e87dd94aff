// cp.fft's transforms on the current backend against numpy.fft (the cases are in
// test/helpers/fft-cases.ts, which the GPU test runs too), and their errors: each names the
// function and the argument, where NumPy raises as well.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, toDevice } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { checkFftCases, normAndDtypeCases, oneDimCases, rand, realCases, shapeCases, viewAndIdentityCases } from '../helpers/fft-cases.js';
import { checkErrors, type ErrorCase } from '../helpers/numpy-cases.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';

setBackendNotice(() => {});

describe('cp.fft transforms against NumPy', () => {
  it('fft and ifft over lengths 1, primes, powers of 2, 3, 5, 7, mixed and large prime factors', () => {
    checkFftCases(oneDimCases());
  }, 120_000);
  it('rfft, irfft, hfft and ihfft over odd and even lengths', () => {
    checkFftCases(realCases());
  }, 120_000);
  it('every norm mode over every input dtype, with NumPy 2\'s result dtypes', () => {
    checkFftCases(normAndDtypeCases());
  }, 120_000);
  it('n and s crop and pad; axis and axes (negative, repeated); 2-d and n-d forms', () => {
    checkFftCases(shapeCases());
  }, 120_000);
  it('views, lazy inputs and consumers, round trips, Parseval, out= and empty arrays', () => {
    checkFftCases(viewAndIdentityCases());
  }, 120_000);
});

describe('cp.fft errors', () => {
  it('name the function and the argument', () => {
    const a = rand('float64', [3, 4]);
    const z = rand('complex64', [3, 4]);
    const s0 = rand('float64', []);
    const empty = rand('float64', [0]);
    const one = rand('complex128', [1]);
    const A = () => toDevice(a);
    const cases: ErrorCase[] = [
      { label: 'n = 0', expr: 'np.fft.fft(a, 0)', inputs: { a }, run: () => cp.fft.fft(A(), 0), message: /^fft\.fft: expected n to be at least 1.*got 0/, code: 'ERR_ARG' },
      { label: 'n = -1', expr: 'np.fft.rfft(a, -1)', inputs: { a }, run: () => cp.fft.rfft(A(), -1), message: /^fft\.rfft: expected n to be at least 1.*got -1/, code: 'ERR_ARG' },
      { label: 'n fractional', expr: 'np.fft.fft(a, 2.5)', inputs: { a }, run: () => cp.fft.fft(A(), 2.5), message: /^fft\.fft: .*n.*integer/, code: 'ERR_ARG' },
      { label: 'axis out of range', expr: 'np.fft.ifft(a, axis=2)', inputs: { a }, run: () => cp.fft.ifft(A(), { axis: 2 }), message: /^fft\.ifft: axis 2 is out of bounds/, code: 'ERR_AXIS' },
      { label: 'axes out of range', expr: 'np.fft.fftn(a, axes=(0, 5))', inputs: { a }, run: () => cp.fft.fftn(A(), { axes: [0, 5] }), message: /^fft\.fftn: axis 5 is out of bounds/, code: 'ERR_AXIS' },
      { label: '0-d input', expr: 'np.fft.fft(s0)', inputs: { s0 }, run: () => cp.fft.fft(toDevice(s0)), message: /^fft\.fft: axis -1 is out of bounds for array of dimension 0/, code: 'ERR_AXIS' },
      { label: 'fft2 of 1-d', expr: 'np.fft.fft2(np.ones(3))', run: () => cp.fft.fft2(cp.ones([3])), message: /^fft\.fft2: axis -2 is out of bounds/, code: 'ERR_AXIS' },
      { label: 'an empty axis', expr: 'np.fft.fft(e)', inputs: { e: empty }, run: () => cp.fft.fft(toDevice(empty)), message: /^fft\.fft: expected a number of FFT data points of at least 1, got 0/, code: 'ERR_ARG' },
      { label: 'irfft of one point: n = 0', expr: 'np.fft.irfft(o)', inputs: { o: one }, run: () => cp.fft.irfft(toDevice(one)), message: /^fft\.irfft: .*at least 1, got 0/, code: 'ERR_ARG' },
      { label: 's and axes lengths', expr: 'np.fft.fftn(a, s=(3,), axes=(0, 1))', inputs: { a }, run: () => cp.fft.fftn(A(), [3], [0, 1]), message: /^fft\.fftn: expected s and axes of one length, got 1 and 2/, code: 'ERR_ARG' },
      { label: 's entry 0', expr: 'np.fft.fft2(a, s=(0, 2))', inputs: { a }, run: () => cp.fft.fft2(A(), [0, 2]), message: /^fft\.fft2: expected s\[0\] to be at least 1/, code: 'ERR_ARG' },
      { label: 's not a list', expr: 'np.fft.fftn(a, s=3)', inputs: { a }, run: () => cp.fft.fftn(A(), 3 as never), message: /^fft\.fftn: expected s to be a list of integers/, code: 'ERR_ARG' },
      { label: 'rfftn over no axes', expr: 'np.fft.rfftn(a, axes=())', inputs: { a }, run: () => cp.fft.rfftn(A(), { axes: [] }), message: /^fft\.rfftn: expected at least one axis/, code: 'ERR_ARG' },
      { label: 'bad norm', expr: "np.fft.fft(a, norm='bad')", inputs: { a }, run: () => cp.fft.fft(A(), { norm: 'bad' as never }), message: /^fft\.fft: expected norm to be one of/, code: 'ERR_ARG' },
      { label: 'rfft of complex', expr: 'np.fft.rfft(z)', inputs: { z }, run: () => cp.fft.rfft(toDevice(z)), message: /^fft\.rfft: expected a real input, got complex64/, code: 'ERR_DTYPE' },
      { label: 'ihfft of complex', expr: 'np.fft.ihfft(z)', inputs: { z }, run: () => cp.fft.ihfft(toDevice(z)), message: /^fft\.ihfft: expected a real input, got complex64/, code: 'ERR_DTYPE' },
      { label: 'out of a wrong shape', expr: 'np.fft.fft(a, out=np.empty((3, 5), complex))', inputs: { a }, run: () => cp.fft.fft(A(), { out: cp.empty([3, 5], { dtype: 'complex128' }) }), message: /^fft\.fft: expected out to have shape \(3, 4\)/, code: 'ERR_SHAPE' },
      { label: 'out real', expr: 'np.fft.fft(a, out=np.empty((3, 4)))', inputs: { a }, run: () => cp.fft.fft(A(), { out: cp.empty([3, 4]) }), message: /^fft\.fft: cannot cast the result from complex128 to out's dtype float64/, code: 'ERR_DTYPE' },
      { label: 'an unknown option', expr: null, run: () => cp.fft.fft(A(), { axes: [0] } as never), message: /^fft\.fft: .*axes/, code: 'ERR_ARG' },
      { label: 'a huge n', expr: null, run: () => cp.fft.fft(A(), 2 ** 53), message: /^fft\.fft: /, code: 'ERR_ARG' },
    ];
    checkErrors(cases);
  });

  it('tell explain how the transform ran', () => {
    const y = cp.fft.rfft(cp.ones([3, 8], { dtype: 'float32' }), { axis: 0 });
    expect(cp.explain(y).graph.some((line) => /<- fft\.rfft: (JS FFT|cuFFT)/.test(line))).toBe(true);
  });

  it('hfft / ihfft have no n-d forms, as in NumPy', () => {
    expect(Object.keys(cp.fft).sort()).toEqual([
      'fft', 'fft2', 'fftfreq', 'fftn', 'fftshift', 'hfft', 'ifft', 'ifft2', 'ifftn', 'ifftshift', 'ihfft',
      'irfft', 'irfft2', 'irfftn', 'rfft', 'rfft2', 'rfftfreq', 'rfftn',
    ]);
  });
});

describeCompilesEveryKernel(cudaSources, HAS_NVRTC, 1);
