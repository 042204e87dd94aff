// Order statistics against NumPy: median, nanmedian, quantile, nanquantile, percentile,
// nanpercentile over dtypes (result dtypes as NumPy's), axes (one, negative, a tuple, None),
// keepdims, every method, q as a number or a list, NaN (propagated, or skipped, all-NaN lines),
// empty and 0-d input and views. Every kernel built compiles with NVRTC.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, toDevice } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { checkCases, type ValueCase } from '../helpers/numpy-cases.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';
import { randomArray, type DTypeName } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

let seed = 2700;
const METHODS = ['linear', 'lower', 'higher', 'nearest', 'midpoint', 'hazen', 'weibull', 'median_unbiased', 'normal_unbiased', 'interpolated_inverted_cdf',
  'inverted_cdf', 'averaged_inverted_cdf', 'closest_observation'] as const;

describe('median and quantiles', () => {
  it('median and nanmedian over dtypes and axes', () => {
    const cases: ValueCase[] = [];
    const dtypes: DTypeName[] = ['bool', 'int8', 'int32', 'int64', 'uint16', 'float16', 'float32', 'float64'];
    for (const dtype of dtypes) {
      const x = randomArray(dtype, [4, 5, 6], seed++, dtype === 'bool' ? {} : { low: dtype.startsWith('u') ? 0 : -50, high: 50 });
      for (const axis of [null, 0, -1, [0, 2]] as const) {
        const ax = axis === null ? 'None' : Array.isArray(axis) ? `(${axis.join(',')})` : String(axis);
        cases.push({ label: `median ${dtype} axis ${ax}`, expr: `np.median(x, axis=${ax})`, inputs: { x }, run: () => cp.median(toDevice(x), axis as never), approx: true });
      }
      cases.push({ label: `median ${dtype} keepdims`, expr: 'np.median(x, axis=1, keepdims=True)', inputs: { x }, run: () => cp.median(toDevice(x), 1, { keepdims: true }), approx: true });
    }
    const f = randomArray('float64', [6, 7], seed++, { special: true });
    const g = randomArray('float32', [5, 8], seed++, { special: true });
    cases.push(
      { label: 'median NaN propagates', expr: 'np.median(f, axis=1)', inputs: { f }, run: () => cp.median(toDevice(f), 1), approx: true },
      { label: 'nanmedian skips NaN', expr: 'np.nanmedian(f, axis=1)', inputs: { f }, run: () => cp.nanmedian(toDevice(f), 1), approx: true },
      { label: 'nanmedian f32 axis 0', expr: 'np.nanmedian(g, axis=0)', inputs: { g }, run: () => cp.nanmedian(toDevice(g), 0), approx: true },
      { label: 'nanmedian all-NaN line', expr: 'np.nanmedian(np.array([[np.nan, np.nan], [1.0, np.nan]]), axis=1)', run: () => cp.nanmedian(cp.array([[NaN, NaN], [1, NaN]]), 1) },
      { label: 'median of a view', expr: 'np.median(f.T[::2], axis=0)', inputs: { f }, run: () => cp.median(toDevice(f).T.get(cp.slice(null, null, 2)), 0), approx: true },
      { label: 'median 0-d', expr: 'np.median(np.array(2.5))', run: () => cp.median(cp.array(2.5)) },
      { label: 'median empty', expr: 'np.median(np.zeros(0))', run: () => cp.median(cp.zeros([0])) },
      { label: 'median empty complex (nan+nanj)', expr: 'np.median(np.zeros(0, np.complex128))', run: () => cp.median(cp.zeros([0], { dtype: 'complex128' })) },
      { label: 'nanmedian empty complex64 rows', expr: 'np.nanmedian(np.zeros((2, 0), np.complex64), axis=1)', run: () => cp.nanmedian(cp.zeros([2, 0], { dtype: 'complex64' }), 1) },
    );
    // complex: the mean of the middle two in NumPy's complex order; a value with a NaN part
    // propagates (nan+0j), nanmedian skips it
    const PARTS = [-2, 0, 1, 3, 0.5, NaN, -0.25];
    for (const dtype of ['complex64', 'complex128'] as const) {
      const data = new (dtype === 'complex64' ? Float32Array : Float64Array)(2 * 5 * 7);
      for (let k = 0; k < data.length; k++) data[k] = PARTS[(k * 3 + (k >> 3) + seed) % PARTS.length];
      seed++;
      const c = { dtype, shape: [5, 7], data };
      const clean = { dtype, shape: [5, 7], data: data.map((v) => (Number.isNaN(v) ? 1.5 : v)) };
      for (const axis of [null, 0, 1] as const) {
        const ax = axis === null ? 'None' : String(axis);
        cases.push(
          { label: `median ${dtype} axis ${ax}`, expr: `np.median(c, axis=${ax})`, inputs: { c: clean }, run: () => cp.median(toDevice(clean), axis), approx: true },
          { label: `median ${dtype} NaN parts axis ${ax}`, expr: `np.median(c, axis=${ax})`, inputs: { c }, run: () => cp.median(toDevice(c), axis), approx: true },
          { label: `nanmedian ${dtype} axis ${ax}`, expr: `np.nanmedian(c, axis=${ax})`, inputs: { c }, run: () => cp.nanmedian(toDevice(c), axis), approx: true },
        );
      }
    }
    checkCases(cases);
  });

  it('quantile, percentile and their nan-variants: every method, q scalar and list', () => {
    const cases: ValueCase[] = [];
    const x = randomArray('float64', [5, 9], seed++);
    const i = randomArray('int32', [3, 7], seed++, { low: -100, high: 100 });
    const h = randomArray('float32', [4, 6], seed++, { special: true });
    for (const method of METHODS) {
      cases.push(
        { label: `quantile ${method}`, expr: `np.quantile(x, 0.37, axis=1, method='${method}')`, inputs: { x }, run: () => cp.quantile(toDevice(x), 0.37, 1, { method }), approx: true },
        { label: `quantile ${method} ints, q list`, expr: `np.quantile(i, [0, 0.25, 0.5, 1], axis=0, method='${method}')`, inputs: { i }, run: () => cp.quantile(toDevice(i), [0, 0.25, 0.5, 1], 0, { method }), approx: true },
        { label: `nanquantile ${method}`, expr: `np.nanquantile(h, 0.8, axis=-1, method='${method}')`, inputs: { h }, run: () => cp.nanquantile(toDevice(h), 0.8, -1, { method }), approx: true },
        { label: `percentile ${method}`, expr: `np.percentile(x, 63, method='${method}')`, inputs: { x }, run: () => cp.percentile(toDevice(x), 63, null, { method }), approx: true },
      );
    }
    cases.push(
      { label: 'quantile keepdims, axis tuple', expr: 'np.quantile(x, 0.5, axis=(0, 1), keepdims=True)', inputs: { x }, run: () => cp.quantile(toDevice(x), 0.5, [0, 1], { keepdims: true }), approx: true },
      { label: 'nanpercentile q list', expr: 'np.nanpercentile(h, [10, 90], axis=0)', inputs: { h }, run: () => cp.nanpercentile(toDevice(h), [10, 90], 0), approx: true },
      { label: 'quantile NaN propagates', expr: 'np.quantile(h, 0.5, axis=1)', inputs: { h }, run: () => cp.quantile(toDevice(h), 0.5, 1), approx: true },
    );
    // An array q takes part in the result's dtype (NumPy 2): float32 q over int16 or float32 data gives float32.
    const q32 = { dtype: 'float32' as const, shape: [2], data: Float32Array.from([30, 75]) };
    const q0 = { dtype: 'float32' as const, shape: [], data: Float32Array.from([40]) };
    const s16 = randomArray('int16', [3, 8], seed++, { low: -100, high: 100 });
    const u8 = randomArray('uint8', [3, 8], seed++, { low: 0, high: 200 });
    const f32 = randomArray('float32', [3, 8], seed++);
    // An integer q: percentile's is divided by 100 (float64), quantile's leaves the dtype to the data.
    const qi = { dtype: 'int64' as const, shape: [2], data: BigInt64Array.from([0n, 1n]) };
    const qp = { dtype: 'int64' as const, shape: [2], data: BigInt64Array.from([10n, 90n]) };
    cases.push(
      { label: 'quantile float32 data, int q array', expr: 'np.quantile(d, q, axis=1)', inputs: { d: f32, q: qi }, run: () => cp.quantile(toDevice(f32), toDevice(qi), 1), approx: true },
      { label: 'percentile float32 data, int q array', expr: 'np.percentile(d, q, axis=1)', inputs: { d: f32, q: qp }, run: () => cp.percentile(toDevice(f32), toDevice(qp), 1), approx: true },
    );
    for (const [name, data] of [['int16', s16], ['uint8', u8], ['float32', f32]] as const) {
      for (const [qname, q] of [['float32 q array', q32], ['0-d float32 q', q0]] as const) {
        cases.push({ label: `percentile ${name} data, ${qname}`, expr: 'np.percentile(d, q, axis=1)', inputs: { d: data, q },
          run: () => cp.percentile(toDevice(data), toDevice(q), 1), approx: true });
      }
    }
    checkCases(cases);
  });

  it('refuses what NumPy refuses', () => {
    const x = cp.array([1, 2, 3]);
    expect(() => cp.quantile(x, 1.5)).toThrow('quantile: Quantiles must be in the range [0, 1]');
    expect(() => cp.percentile(x, [50, 101])).toThrow('percentile: Percentiles must be in the range [0, 100]');
    expect(() => cp.quantile(x, 0.5, { method: 'foo' as never })).toThrow(/quantile: expected method to be one of/);
    expect(() => cp.quantile(x, 0.5, { weights: [1, 1, 1] } as never)).toThrow(/quantile: the argument 'weights' is not supported/);
    expect(() => cp.median(x, 1)).toThrow('median: axis 1 is out of bounds for array of dimension 1');
    expect(() => cp.quantile(cp.zeros([2, 0]), 0.5, 1)).toThrow('quantile: index -1 is out of bounds for axis 0 with size 0');
    // NumPy: TypeError: a must be an array of real numbers
    const c = cp.asarray([cp.complex(1, 2), cp.complex(0, 1)]);
    for (const f of [() => cp.quantile(c, 0.5), () => cp.nanpercentile(c, 50), () => cp.percentile(c, [10, 90], { method: 'lower' })]) {
      expect(f).toThrow(expect.objectContaining({ code: 'ERR_DTYPE', message: expect.stringMatching(/^(quantile|nanpercentile|percentile): a must be an array of real numbers, got complex128$/) }));
    }
  });
});

describeCompilesEveryKernel(cudaSources, HAS_NVRTC, 10);
