// unique (every return_*, axis None and an axis, equal_nan), NumPy 2's unique_values /
// unique_counts / unique_inverse / unique_all (JS arrays in the namedtuples' field order), isin,
// intersect1d, union1d, setdiff1d and setxor1d against NumPy: dtypes, NaN, ±0, duplicates,
// empty and 0-d input, views. Every kernel built compiles with NVRTC.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, toDevice, toHost } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { checkCases, type ValueCase } from '../helpers/numpy-cases.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';
import { hostArray, mulberry32, numberToF16Bits, randomArray, type DTypeName, type HostArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

let seed = 3700;
const data = (dtype: DTypeName, shape: number[]) =>
  randomArray(dtype, shape, seed++, dtype === 'bool' ? {} : { low: dtype.startsWith('u') ? 0 : -5, high: 5, special: dtype.startsWith('float') });
const asList = (r: cp.NDArray | cp.NDArray[]) => (Array.isArray(r) ? r : [r]);

describe('unique', () => {
  it('values, index, inverse, counts over dtypes', () => {
    const cases: ValueCase[] = [];
    for (const dtype of ['bool', 'int8', 'uint16', 'int64', 'float16', 'float32', 'float64'] as DTypeName[]) {
      for (const shape of [[0], [1], [40], [5, 6]]) {
        const a = data(dtype, shape);
        const label = `${dtype} ${JSON.stringify(shape)}`;
        // approx: which of -0 and +0 stands for their run is NumPy's unstable quicksort's choice.
        cases.push(
          { label: `unique ${label}`, expr: 'np.unique(a)', inputs: { a }, run: () => asList(cp.unique(toDevice(a))), approx: true },
          { label: `unique all ${label}`, expr: 'list(np.unique(a, True, True, True))', inputs: { a }, run: () => asList(cp.unique(toDevice(a), true, true, true)) },
          { label: `unique equal_nan=False ${label}`, expr: 'list(np.unique(a, return_counts=True, equal_nan=False))', inputs: { a },
            run: () => asList(cp.unique(toDevice(a), { return_counts: true, equal_nan: false })), approx: true },
          { label: `unique_all ${label}`, expr: 'list(np.unique_all(a))', inputs: { a }, run: () => cp.unique_all(toDevice(a)) },
        );
      }
    }
    const m = randomArray('int32', [7, 3], seed++, { low: 0, high: 1 });
    const f = data('float64', [6, 4]);
    cases.push(
      { label: 'unique_values', expr: 'np.unique_values(f)', inputs: { f }, run: () => cp.unique_values(toDevice(f)) },
      { label: 'unique_counts', expr: 'list(np.unique_counts(f))', inputs: { f }, run: () => cp.unique_counts(toDevice(f)) },
      { label: 'unique_inverse', expr: 'list(np.unique_inverse(f))', inputs: { f }, run: () => cp.unique_inverse(toDevice(f)) },
      { label: 'unique of a view', expr: 'list(np.unique(f[::2, 1:].T, return_index=True))', inputs: { f }, run: () => asList(cp.unique(toDevice(f).get([cp.slice(null, null, 2), cp.slice(1)]).T, { return_index: true })) },
      { label: 'unique 0-d', expr: 'list(np.unique(np.array(5), return_inverse=True))', run: () => asList(cp.unique(cp.array(5), { return_inverse: true })) },
      { label: 'unique rows', expr: 'list(np.unique(m, True, True, True, axis=0))', inputs: { m }, run: () => asList(cp.unique(toDevice(m), true, true, true, 0)) },
      { label: 'unique columns', expr: 'np.unique(m, axis=-1)', inputs: { m }, run: () => asList(cp.unique(toDevice(m), { axis: -1 })) },
    );
    checkCases(cases);
    expect(() => cp.unique(cp.zeros([2, 2]), { axis: 2 })).toThrow('unique: axis 2 is out of bounds for array of dimension 2');
    expect(() => cp.unique(cp.zeros([2]), { return_index: 1 } as never)).toThrow(/unique: expected return_index to be a boolean/);
  });

  it('complex values: NumPy\'s order, every value with a NaN part one NaN under equal_nan', () => {
    // Parts from a small set: ties, signed zeros, infinities and every NaN placement.
    const PARTS = [-1, 0, -0, 1, NaN, Infinity, 0.5];
    const complexData = (dtype: 'complex64' | 'complex128', shape: number[]) => {
      const n = shape.reduce((p, d) => p * d, 1);
      const data = new (dtype === 'complex64' ? Float32Array : Float64Array)(2 * n);
      for (let k = 0; k < 2 * n; k++) data[k] = PARTS[(k * 5 + seed + (k >> 2)) % PARTS.length];
      seed++;
      return { dtype, shape, data };
    };
    const cases: ValueCase[] = [];
    for (const dtype of ['complex64', 'complex128'] as const) {
      for (const shape of [[0], [1], [60], [8, 5]]) {
        const a = complexData(dtype, shape);
        const label = `${dtype} ${JSON.stringify(shape)}`;
        cases.push(
          { label: `unique ${label}`, expr: 'np.unique(a)', inputs: { a }, run: () => asList(cp.unique(toDevice(a))), approx: true },
          { label: `unique all ${label}`, expr: 'list(np.unique(a, True, True, True))', inputs: { a }, run: () => asList(cp.unique(toDevice(a), true, true, true)) },
          { label: `unique equal_nan=False ${label}`, expr: 'list(np.unique(a, return_index=True, return_counts=True, equal_nan=False))', inputs: { a },
            run: () => asList(cp.unique(toDevice(a), { return_index: true, return_counts: true, equal_nan: false })) },
          { label: `unique_all ${label}`, expr: 'list(np.unique_all(a))', inputs: { a }, run: () => cp.unique_all(toDevice(a)) },
        );
      }
    }
    const m = complexData('complex128', [9, 2]);
    const u = complexData('complex64', [20]);
    cases.push(
      { label: 'unique rows of complex', expr: 'list(np.unique(m, True, True, True, axis=0))', inputs: { m }, run: () => asList(cp.unique(toDevice(m), true, true, true, 0)) },
      { label: 'union1d of complex', expr: 'np.union1d(u, m.ravel())', inputs: { u, m }, run: () => cp.union1d(toDevice(u), toDevice(m)), approx: true },
      { label: 'isin of complex', expr: 'np.isin(m, u)', inputs: { u, m }, run: () => cp.isin(toDevice(m), toDevice(u)) },
      { label: 'isin of complex, invert', expr: 'np.isin(u, m, invert=True)', inputs: { u, m }, run: () => cp.isin(toDevice(u), toDevice(m), { invert: true }) },
      { label: 'intersect1d of complex', expr: 'list(np.intersect1d(u, m, return_indices=True))', inputs: { u, m }, run: () => asList(cp.intersect1d(toDevice(u), toDevice(m), { return_indices: true })), approx: true },
      { label: 'setdiff1d of complex', expr: 'np.setdiff1d(u, m)', inputs: { u, m }, run: () => cp.setdiff1d(toDevice(u), toDevice(m)), approx: true },
      { label: 'setxor1d of complex', expr: 'np.setxor1d(u, m)', inputs: { u, m }, run: () => cp.setxor1d(toDevice(u), toDevice(m)), approx: true },
    );
    expect(() => cp.isin(cp.asarray([cp.complex(1, 1)]), cp.asarray([cp.complex(1, 1)]), { kind: 'table' })).toThrow(/isin: expected boolean or integer arrays for kind='table', got complex128/);
    checkCases(cases);
  });

  it('along an axis as NumPy 2: rows equal element by element (a row with a NaN equals none, -0 matches 0, equal_nan aside), 1-D as flattened', () => {
    // Elements from a small set, so that rows repeat: NaN rows at the same places, -0 against 0.
    const PARTS = [NaN, 0, -0, 1, NaN, -1];
    const rowsData = (dtype: 'float16' | 'float32' | 'float64' | 'complex128', shape: number[]): HostArray => {
      const n = shape.reduce((p, d) => p * d, 1);
      const slots = dtype === 'complex128' ? 2 * n : n;
      const rand = mulberry32(seed++);
      return hostArray(dtype, shape, (i) => {
        const v = i < slots ? PARTS[Math.floor(rand() * PARTS.length)] : 0;
        return dtype === 'float16' ? numberToF16Bits(v) : v;
      });
    };
    const cases: ValueCase[] = [];
    const layouts: [number[], number][] = [[[40, 2], 0], [[2, 40], 1], [[30, 3], -2], [[6, 2, 30], -1], [[25, 2, 2], 0], [[3, 20, 2], 1]];
    for (const dtype of ['float16', 'float32', 'float64', 'complex128'] as const) {
      for (const [shape, axis] of layouts) {
        const a = rowsData(dtype, shape);
        const label = `${dtype} ${JSON.stringify(a.shape)} axis ${axis}`;
        for (const equalNaN of [true, false]) {
          // Without return_index NumPy sorts with its unstable quicksort, which orders rows that tie
          // (NaN against NaN, -0 against 0) as it may: the values compare within tolerance (-0 == 0),
          // and the inverse and counts with those of NumPy's stable sort (return_index), cupyts' order.
          const nanArg = `equal_nan=${equalNaN ? 'True' : 'False'}`;
          cases.push(
            { label: `all ${label} equal_nan=${equalNaN}`, expr: `list(np.unique(a, True, True, True, axis=${axis}, ${nanArg}))`, inputs: { a },
              run: () => asList(cp.unique(toDevice(a), true, true, true, axis, { equal_nan: equalNaN })) },
            { label: `values ${label} equal_nan=${equalNaN}`, expr: `np.unique(a, axis=${axis}, ${nanArg})`, inputs: { a },
              run: () => asList(cp.unique(toDevice(a), { axis, equal_nan: equalNaN })), approx: true },
            { label: `inverse, counts ${label} equal_nan=${equalNaN}`, expr: `[r for k, r in enumerate(np.unique(a, True, True, True, axis=${axis}, ${nanArg})) if k != 1]`,
              inputs: { a }, run: () => asList(cp.unique(toDevice(a), { return_inverse: true, return_counts: true, axis, equal_nan: equalNaN })), approx: true },
          );
        }
      }
      // 1-D along its axis is the flattened case: equal_nan merges the NaNs or keeps each.
      const v = rowsData(dtype, [30]);
      for (const equalNaN of [true, false]) {
        for (const axis of [0, -1]) {
          const expr = `list(np.unique(v, True, True, True, axis=${axis}, equal_nan=${equalNaN ? 'True' : 'False'}))`;
          cases.push({ label: `1-D ${dtype} axis ${axis} equal_nan=${equalNaN}`, expr, inputs: { v },
            run: () => asList(cp.unique(toDevice(v), true, true, true, axis, { equal_nan: equalNaN })) });
        }
      }
    }
    const twin = { dtype: 'float64', shape: [2, 2], data: new Float64Array([1, NaN, 1, NaN]) } satisfies HostArray;
    const zeros = { dtype: 'float64', shape: [3, 2], data: new Float64Array([0, 1, -0, 1, 0, 0]) } satisfies HostArray;
    cases.push(
      { label: 'two equal rows with a NaN', expr: 'list(np.unique(t, True, True, True, axis=0))', inputs: { t: twin }, run: () => asList(cp.unique(toDevice(twin), true, true, true, 0)) },
      { label: 'two equal columns with a NaN', expr: 'np.unique(t.T, axis=1, equal_nan=True)', inputs: { t: twin }, run: () => asList(cp.unique(toDevice(twin).T, { axis: 1, equal_nan: true })) },
      { label: '-0 and 0 rows', expr: 'list(np.unique(z, True, True, True, axis=0))', inputs: { z: zeros }, run: () => asList(cp.unique(toDevice(zeros), true, true, true, 0)) },
    );
    // NaNs of every sign and payload tie in the sort (input order) and are each kept, bits and all.
    const payloads = new Float64Array(new BigUint64Array([0x7ff8000000000000n, 0x3ff0000000000000n, 0x7ff8000000000001n, 0x3ff0000000000000n,
      0xfff8000000000000n, 0x3ff0000000000000n, 0x7ff8000000000000n, 0x3ff0000000000000n, 0xfff8000000000000n, 0n]).buffer);
    const p = { dtype: 'float64', shape: [5, 2], data: payloads } satisfies HostArray;
    const bitsOf = (r: cp.NDArray) => cp.asarray(new BigUint64Array(toHost(r).data.buffer as ArrayBuffer)).reshape(r.shape);
    cases.push({ label: 'NaN payloads', expr: '(lambda r: [r[0].view(np.uint64), *r[1:]])(np.unique(p, True, True, True, axis=0))', inputs: { p },
      run: () => { const [u, ...rest] = asList(cp.unique(toDevice(p), true, true, true, 0)); return [bitsOf(u), ...rest]; } });
    checkCases(cases);
  });

  it('runs of every length: long arrays of few values, one value, all distinct, runs across scan tiles', () => {
    const cases: ValueCase[] = [];
    const few = randomArray('int32', [5000], seed++, { low: 0, high: 7 });
    const many = randomArray('int64', [3000], seed++, { low: -400, high: 400 });
    const distinct = randomArray('float32', [2500], seed++);
    const nan = randomArray('float64', [3000], seed++, { low: -3, high: 3, special: true });
    for (const [name, a] of [['few', few], ['many', many], ['distinct', distinct], ['nan', nan]] as const) {
      cases.push(
        { label: `unique all ${name}`, expr: 'list(np.unique(a, True, True, True))', inputs: { a }, run: () => asList(cp.unique(toDevice(a), true, true, true)) },
        // Without return_index NumPy sorts with its unstable quicksort, so which of -0 and 0 stands for
        // their run depends on the machine's SIMD sort (it differs between AVX2 and AVX-512 hosts);
        // cupyts takes the first in input order. Compared within tolerance, which takes -0 == 0.
        { label: `unique counts ${name} as 2-D`, expr: 'list(np.unique(a.reshape(-1, 4), return_counts=True))', inputs: { a },
          run: () => asList(cp.unique(toDevice(a).reshape([-1, 4]), { return_counts: true })), approx: true },
      );
    }
    const m = randomArray('int8', [300, 2], seed++, { low: 0, high: 3 });
    cases.push(
      { label: 'one value', expr: 'list(np.unique(np.full(4097, 3, dtype=np.int16), True, True, True))', run: () => asList(cp.unique(cp.full([4097], 3, { dtype: 'int16' }), true, true, true)) },
      { label: 'two elements', expr: 'list(np.unique(np.array([2.0, 1.0]), True, True, True))', run: () => asList(cp.unique(cp.array([2, 1], { dtype: 'float64' }), true, true, true)) },
      { label: 'NaN runs, equal_nan=False', expr: 'list(np.unique(np.array([np.nan, 1.0, np.nan, 1.0]), return_inverse=True, return_counts=True, equal_nan=False))',
        run: () => asList(cp.unique(cp.array([NaN, 1, NaN, 1]), { return_inverse: true, return_counts: true, equal_nan: false })) },
      { label: 'rows with runs', expr: 'list(np.unique(m, True, True, True, axis=0))', inputs: { m }, run: () => asList(cp.unique(toDevice(m), true, true, true, 0)) },
    );
    checkCases(cases);
  });
});

describe('set routines', () => {
  it('isin, intersect1d, union1d, setdiff1d, setxor1d as NumPy', () => {
    const cases: ValueCase[] = [];
    for (const dtype of ['int16', 'int64', 'uint8', 'float32', 'float64'] as DTypeName[]) {
      const a = data(dtype, [20]);
      const b = data(dtype, [3, 5]);
      const label = dtype;
      cases.push(
        { label: `isin ${label}`, expr: 'np.isin(b, a)', inputs: { a, b }, run: () => cp.isin(toDevice(b), toDevice(a)) },
        { label: `isin invert ${label}`, expr: 'np.isin(a, b, invert=True)', inputs: { a, b }, run: () => cp.isin(toDevice(a), toDevice(b), { invert: true }) },
        { label: `intersect1d ${label}`, expr: 'np.intersect1d(a, b)', inputs: { a, b }, run: () => cp.intersect1d(toDevice(a), toDevice(b)) as cp.NDArray, approx: true },
        { label: `intersect1d indices ${label}`, expr: 'list(np.intersect1d(a, b, return_indices=True))', inputs: { a, b },
          run: () => cp.intersect1d(toDevice(a), toDevice(b), { return_indices: true }) as cp.NDArray[], approx: true },
        { label: `union1d ${label}`, expr: 'np.union1d(a, b)', inputs: { a, b }, run: () => cp.union1d(toDevice(a), toDevice(b)), approx: true },
        { label: `setdiff1d ${label}`, expr: 'np.setdiff1d(a, b)', inputs: { a, b }, run: () => cp.setdiff1d(toDevice(a), toDevice(b)), approx: true },
        { label: `setxor1d ${label}`, expr: 'np.setxor1d(a, b)', inputs: { a, b }, run: () => cp.setxor1d(toDevice(a), toDevice(b)), approx: true },
      );
    }
    const u = randomArray('int32', [10], seed++, { low: 0, high: 30 });
    cases.push(
      { label: 'isin mixed dtypes', expr: 'np.isin(np.array([1.5, 2.0, -0.0]), np.array([2, 0]))', run: () => cp.isin(cp.array([1.5, 2, -0]), [2, 0]) },
      { label: 'isin empty test', expr: 'np.isin(u, np.zeros(0, dtype=np.int32))', inputs: { u }, run: () => cp.isin(toDevice(u), cp.zeros([0], { dtype: 'int32' })) },
      { label: 'isin table', expr: "np.isin(u, u[:3], kind='table')", inputs: { u }, run: () => cp.isin(toDevice(u), toDevice(u).get(cp.slice(0, 3)), { kind: 'table' }) },
      { label: 'setdiff1d assume_unique', expr: 'np.setdiff1d(np.unique(u)[::-1], u[:4], assume_unique=True)', inputs: { u },
        run: () => cp.setdiff1d(cp.flip(cp.unique(toDevice(u)) as cp.NDArray), toDevice(u).get(cp.slice(0, 4)), true) },
      { label: 'setxor1d empty', expr: 'np.setxor1d(np.zeros(0), np.zeros(0))', run: () => cp.setxor1d(cp.zeros([0]), cp.zeros([0])) },
      { label: 'intersect1d empty', expr: 'np.intersect1d(np.zeros(0), u)', inputs: { u }, run: () => cp.intersect1d(cp.zeros([0]), toDevice(u)) as cp.NDArray },
    );
    checkCases(cases);
    expect(() => cp.isin(cp.array([1.5]), [1], { kind: 'table' })).toThrow(/isin: expected boolean or integer arrays for kind='table'/);
  });
});

describeCompilesEveryKernel(cudaSources, HAS_NVRTC, 10);
