// NumPy 2's newer options of the statistics functions against NumPy: average's returned (the sum
// of the weights, or the count, in the average's dtype and shape), var and std's correction (the
// array API's ddof) and mean (the mean given instead of computed), nanvar and nanstd alike; over
// dtypes, axes, keepdims and where; and the refused calls. Every kernel built here is compiled
// with NVRTC at the end.
import { describe, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, toDevice } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { checkCases, checkErrors, type ValueCase } from '../helpers/numpy-cases.js';
import { randomArray, type DTypeName } from '../helpers/numpy-oracle.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';

setBackendNotice(() => {});

const DTYPES: DTypeName[] = ['bool', 'int8', 'uint16', 'int64', 'float16', 'float32', 'float64', 'complex64', 'complex128'];
let seed = 8100;
const rand = (dtype: DTypeName, shape: number[], opts = {}) => randomArray(dtype, shape, seed++, opts);

describe('average(returned=True)', () => {
  it('gives the sum of the weights (or the count) in the average dtype and shape', () => {
    const cases: ValueCase[] = [];
    for (const d of DTYPES) {
      const a = rand(d, [3, 4, 2]);
      const w = rand('float32', [4], { low: 0.25, high: 2 });
      const wi = rand('int16', [3, 4, 2], { low: 1, high: 5 });
      cases.push(
        { label: `${d} no weights`, expr: 'np.average(a, returned=True)', inputs: { a }, run: () => cp.average(toDevice(a), { returned: true }), approx: true },
        { label: `${d} no weights, axes`, expr: 'np.average(a, axis=(0, 2), returned=True)', inputs: { a }, run: () => cp.average(toDevice(a), [0, 2], null, true), approx: true },
        { label: `${d} no weights, keepdims`, expr: 'np.average(a, axis=1, returned=True, keepdims=True)', inputs: { a }, run: () => cp.average(toDevice(a), 1, null, true, { keepdims: true }), approx: true },
        { label: `${d} weights along an axis`, expr: 'np.average(a, axis=1, weights=w, returned=True)', inputs: { a, w }, run: () => cp.average(toDevice(a), 1, toDevice(w), true), approx: true },
        { label: `${d} full int weights`, expr: 'np.average(a, weights=wi, returned=True)', inputs: { a, wi }, run: () => cp.average(toDevice(a), { weights: toDevice(wi), returned: true }), approx: true },
        { label: `${d} full weights, keepdims`, expr: 'np.average(a, axis=-1, weights=wi, returned=True, keepdims=True)', inputs: { a, wi },
          run: () => cp.average(toDevice(a), -1, toDevice(wi), true, { keepdims: true }), approx: true },
      );
    }
    const e = rand('float32', [0, 3]);
    cases.push(
      { label: 'returned False', expr: 'np.average([[1, 2], [3, 5]], axis=0, returned=False)', run: () => cp.average([[1, 2], [3, 5]], 0, null, false) },
      { label: 'JS data and weights', expr: 'np.average([[1, 2], [3, 5]], axis=0, weights=[1, 3], returned=True)', run: () => cp.average([[1, 2], [3, 5]], 0, [1, 3], true) },
      { label: 'empty result', expr: 'np.average(e, axis=0, returned=True)', inputs: { e }, run: () => cp.average(toDevice(e), 0, null, true), approx: true },
    );
    checkCases(cases);
  });
});

describe('var and std: correction and mean', () => {
  it('correction is ddof; mean is used instead of the computed one', () => {
    const cases: ValueCase[] = [];
    for (const d of DTYPES) {
      const a = rand(d, [3, 4, 2]);
      for (const op of ['var', 'std'] as const) {
        const f = cp[op];
        const mean = (axis: number | number[]) => cp.mean(toDevice(a), axis, { keepdims: true });
        cases.push(
          { label: `${op} ${d} correction`, expr: `np.${op}(a, correction=1)`, inputs: { a }, run: () => f(toDevice(a), { correction: 1 }), approx: true },
          { label: `${op} ${d} correction along axes`, expr: `np.${op}(a, axis=(0, 2), correction=1.5, keepdims=True)`, inputs: { a },
            run: () => f(toDevice(a), [0, 2], { correction: 1.5, keepdims: true }), approx: true },
          { label: `${op} ${d} mean`, expr: `np.${op}(a, axis=1, mean=np.mean(a, axis=1, keepdims=True))`, inputs: { a }, run: () => f(toDevice(a), 1, { mean: mean(1) }), approx: true },
          { label: `${op} ${d} mean, ddof`, expr: `np.${op}(a, axis=(0, 1), ddof=1, mean=np.mean(a, axis=(0, 1), keepdims=True))`, inputs: { a },
            run: () => f(toDevice(a), [0, 1], { ddof: 1, mean: mean([0, 1]) }), approx: true },
        );
      }
    }
    // a mean that is not a's (NumPy uses it as given), and the NaN-skipping variants
    const x = rand('float64', [4, 5], { special: true });
    const m = rand('float64', [4, 1]);
    for (const op of ['var', 'std', 'nanvar', 'nanstd'] as const) {
      const f = cp[op];
      cases.push(
        { label: `${op} a given mean`, expr: `np.${op}(x, axis=1, mean=m)`, inputs: { x, m }, run: () => f(toDevice(x), 1, { mean: toDevice(m) }), approx: true },
        { label: `${op} mean and correction`, expr: `np.${op}(x, axis=1, keepdims=True, mean=m, correction=2)`, inputs: { x, m },
          run: () => f(toDevice(x), 1, { keepdims: true, mean: toDevice(m), correction: 2 }), approx: true },
        { label: `${op} where and correction`, expr: `np.${op}(x, axis=0, where=x > 0, correction=1)`, inputs: { x },
          run: () => f(toDevice(x), 0, { where: cp.greater(toDevice(x), 0), correction: 1 }), approx: true },
      );
    }
    checkCases(cases);
  });

  it('refuses ddof with correction, as NumPy', () => {
    const x = () => cp.ones([2, 3]);
    checkErrors([
      { label: 'var', expr: 'np.var(np.ones((2, 3)), ddof=1, correction=1)', run: () => cp.var(x(), { ddof: 1, correction: 1 }),
        code: 'ERR_ARG', message: "var: ddof and correction can't be provided simultaneously." },
      { label: 'nanstd', expr: 'np.nanstd(np.ones((2, 3)), ddof=2, correction=0)', run: () => cp.nanstd(x(), { ddof: 2, correction: 0 }),
        code: 'ERR_ARG', message: "nanstd: ddof and correction can't be provided simultaneously." },
      { label: 'average returned not a boolean', expr: null, run: () => cp.average(x(), { returned: 1 as never }),
        code: 'ERR_ARG', message: /^average: expected returned to be a boolean/ },
    ]);
  });
});

describeCompilesEveryKernel(cudaSources, HAS_NVRTC, 30);
