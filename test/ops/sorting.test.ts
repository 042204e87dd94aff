// Sorting against NumPy: sort and argsort (stable: NaN last, -0 and +0 in their original order,
// ties by position) over every dtype, axes (negative and None), empty and 0-d arrays, transposed
// and strided views and fused producers; x.sort() in place; lexsort; partition and argpartition;
// searchsorted. Every kernel built compiles with NVRTC.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, toDevice, toHost } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { checkCases, type ValueCase } from '../helpers/numpy-cases.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';
import { DTYPE_NAMES, randomArray, type DTypeName } from '../helpers/numpy-oracle.js';
import { partitionFailures } from '../helpers/partition-check.js';

setBackendNotice(() => {});

let seed = 1700;
/** Values with many ties (and NaN, ±inf, ±0 for floats). */
const data = (dtype: DTypeName, shape: number[]) =>
  randomArray(dtype, shape, seed++, dtype === 'bool' ? {} : { low: dtype.startsWith('u') ? 0 : -4, high: 4, special: true });

describe('sort and argsort', () => {
  it('every dtype, every axis, NumPy stable order', () => {
    const cases: ValueCase[] = [];
    for (const dtype of DTYPE_NAMES) {
      for (const shape of [[0], [1], [9], [3, 0], [4, 7], [2, 3, 5]]) {
        const a = data(dtype, shape);
        const label = `${dtype} ${JSON.stringify(shape)}`;
        for (const axis of [...shape.map((_, j) => j), -1]) {
          cases.push(
            { label: `sort ${label} axis ${axis}`, expr: `np.sort(a, axis=${axis}, kind='stable')`, inputs: { a }, run: () => cp.sort(toDevice(a), axis) },
            { label: `argsort ${label} axis ${axis}`, expr: `np.argsort(a, axis=${axis}, kind='stable')`, inputs: { a }, run: () => cp.argsort(toDevice(a), axis) },
          );
        }
        cases.push(
          { label: `sort ${label} axis None`, expr: "np.sort(a, axis=None, kind='stable')", inputs: { a }, run: () => cp.sort(toDevice(a), null) },
          { label: `argsort ${label} axis None`, expr: "np.argsort(a, axis=None, kind='stable')", inputs: { a }, run: () => cp.argsort(toDevice(a), { axis: null }) },
        );
      }
    }
    checkCases(cases);
  });

  it('long lines (many tiles and merge passes), sorted and reversed input, views and producers', () => {
    const f = data('float32', [5000]);
    const i = randomArray('int64', [3, 4100], seed++, { low: -50, high: 50 });
    const h = data('float16', [2, 2600]);
    const u = randomArray('uint8', [70, 33], seed++);
    const sorted = randomArray('int32', [3000], seed++);
    const m = data('float64', [6, 5, 4]);
    const cases: ValueCase[] = [
      { label: 'f32 5000', expr: "np.sort(f, kind='stable')", inputs: { f }, run: () => cp.sort(toDevice(f)) },
      { label: 'f32 5000 argsort', expr: "np.argsort(f, kind='stable')", inputs: { f }, run: () => cp.argsort(toDevice(f)) },
      { label: 'i64 rows of 4100 argsort', expr: "np.argsort(i, kind='stable')", inputs: { i }, run: () => cp.argsort(toDevice(i)) },
      { label: 'i64 axis 0', expr: "np.argsort(i, axis=0, kind='stable')", inputs: { i }, run: () => cp.argsort(toDevice(i), 0) },
      { label: 'f16 2600', expr: "np.argsort(h, kind='stable')", inputs: { h }, run: () => cp.argsort(toDevice(h)) },
      { label: 'u8 columns', expr: "np.argsort(u, axis=0, kind='stable')", inputs: { u }, run: () => cp.argsort(toDevice(u), 0) },
      { label: 'sorted input', expr: "np.argsort(np.sort(s), kind='stable')", inputs: { s: sorted }, run: () => cp.argsort(cp.sort(toDevice(sorted))) },
      { label: 'reversed input', expr: "np.argsort(np.sort(s)[::-1], kind='stable')", inputs: { s: sorted }, run: () => cp.argsort(cp.flip(cp.sort(toDevice(sorted)))) },
      { label: 'transposed', expr: "np.sort(m.T, axis=1, kind='stable')", inputs: { m }, run: () => cp.sort(cp.transpose(toDevice(m)), 1) },
      { label: 'strided', expr: "np.argsort(m[::2, 1:, ::-1], axis=-2, kind='stable')", inputs: { m },
        run: () => cp.argsort(toDevice(m).get([cp.slice(null, null, 2), cp.slice(1), cp.slice(null, null, -1)]), -2) },
      { label: 'fused producer', expr: "np.sort(np.abs(m) * 2 - 3, axis=0, kind='stable')", inputs: { m }, run: () => cp.sort(cp.subtract(cp.multiply(cp.abs(toDevice(m)), 2), 3), 0) },
      { label: 'consumer', expr: "np.sort(m, axis=1, kind='stable') + 1", inputs: { m }, run: () => cp.add(cp.sort(toDevice(m), 1), 1) },
      { label: '0-d argsort', expr: 'np.argsort(np.array(3))', run: () => cp.argsort(cp.array(3)) },
      { label: '0-d sort, axis None', expr: 'np.sort(np.array(3), axis=None)', run: () => cp.sort(cp.array(3), null) },
      { label: 'kind names', expr: "np.sort(m, kind='heapsort')", inputs: { m }, run: () => cp.sort(toDevice(m), -1, 'heapsort') },
      { label: 'stable keyword', expr: 'np.sort(m, stable=True)', inputs: { m }, run: () => cp.sort(toDevice(m), { stable: true }) },
    ];
    checkCases(cases);
  });

  it('x.sort() in place, seen through views; x.argsort()', () => {
    const m = data('float32', [4, 6]);
    const cases: ValueCase[] = [
      { label: 'x.sort()', expr: 'np.sort(m)', inputs: { m }, run: () => { const x = toDevice(m).copy(); x.sort(); return x; } },
      { label: 'x.sort(0) through a view', expr: 'np.sort(m, axis=0)[1]', inputs: { m }, run: () => { const x = toDevice(m).copy(); const row = x.get(1); x.sort(0); return row; } },
      { label: 'view.sort() writes its base', expr: '(lambda b: (b[:, ::2].sort(axis=1), b)[1])(m.copy())', inputs: { m },
        run: () => { const x = toDevice(m).copy(); x.get([cp.slice(), cp.slice(null, null, 2)]).sort(1); return x; } },
      { label: 'x.argsort(0)', expr: "m.argsort(0, kind='stable')", inputs: { m }, run: () => toDevice(m).argsort(0) },
    ];
    checkCases(cases);
  });

  it('is a kernel group of its own, its elementwise producers fused into its loads', () => {
    const x = cp.array([[3, -1, 2], [0, 5, -4]], { dtype: 'float32' });
    const e = cp.explain(cp.argsort(cp.multiply(cp.abs(x), 2), 0));
    expect(e.kernels.map((k) => k.kind)).toEqual(['sort']);
    expect(e.graph.some((line) => line.includes('= sort(') && line.includes(' indices axis=0 : int64'))).toBe(true);
  });

  it('refuses what NumPy refuses', () => {
    const x = cp.array([3, 1, 2]);
    expect(() => cp.sort(cp.array(3))).toThrow('sort: axis -1 is out of bounds for array of dimension 0');
    expect(() => cp.sort(x, 1)).toThrow('sort: axis 1 is out of bounds');
    expect(() => cp.sort(x, -1, 'bogus' as never)).toThrow(/sort: expected kind to be one of/);
    expect(() => cp.sort(x, { kind: 'stable', stable: true })).toThrow(/sort: expected kind or stable, got both/);
    expect(() => cp.argsort(x, { order: 'f' } as never)).toThrow(/argsort: the argument 'order' is not supported/);
    expect(() => cp.array(3).sort()).toThrow('sort: axis -1 is out of bounds for array of dimension 0');
  });

  it('complex arrays in NumPy\'s order: by real part, then imaginary part; NaN parts last ([R + Rj, R + nanj, nan + Rj, nan + nanj])', () => {
    // Parts from a small set, so that ties, signed zeros, infinities and every NaN placement occur.
    const PARTS = [-1, 0, -0, 1, 2, NaN, Infinity, -Infinity, 0.5];
    const complexData = (dtype: 'complex64' | 'complex128', shape: number[]) => {
      const n = shape.reduce((a, b) => a * b, 1);
      const data = new (dtype === 'complex64' ? Float32Array : Float64Array)(2 * n);
      for (let k = 0; k < 2 * n; k++) data[k] = PARTS[(k * 7 + seed * 3 + (k >> 3)) % PARTS.length];
      seed++;
      return { dtype, shape, data };
    };
    const cases: ValueCase[] = [];
    for (const dtype of ['complex64', 'complex128'] as const) {
      for (const shape of [[0], [1], [40], [3, 0], [6, 9], [2, 3, 7]]) {
        const a = complexData(dtype, shape);
        const label = `${dtype} ${JSON.stringify(shape)}`;
        for (const axis of [...shape.map((_, j) => j), -1, null]) {
          const ax = axis === null ? 'None' : axis;
          cases.push(
            { label: `sort ${label} axis ${ax}`, expr: `np.sort(a, axis=${ax}, kind='stable')`, inputs: { a }, run: () => cp.sort(toDevice(a), axis) },
            { label: `argsort ${label} axis ${ax}`, expr: `np.argsort(a, axis=${ax}, kind='stable')`, inputs: { a }, run: () => cp.argsort(toDevice(a), { axis }) },
          );
          // a partition of a complex array is its sort (valid for every kth)
          if (shape.every((d) => d > 0)) {
            cases.push({ label: `partition ${label} axis ${ax}`, expr: `np.sort(a, axis=${ax}, kind='stable')`, inputs: { a }, run: () => cp.partition(toDevice(a), 0, axis) });
          }
        }
      }
    }
    const c = complexData('complex128', [30]);
    const k = randomArray('int32', [30], seed++, { low: 0, high: 3 });
    cases.push(
      { label: 'x.sort() in place', expr: "np.sort(c, kind='stable')", inputs: { c }, run: () => { const x = toDevice(c).copy().eval(); x.sort(); return x; } },
      { label: 'argpartition', expr: "np.argsort(c, kind='stable')", inputs: { c }, run: () => cp.argpartition(toDevice(c), 3) },
      { label: 'lexsort, complex secondary key', expr: 'np.lexsort((c, k))', inputs: { c, k }, run: () => cp.lexsort([toDevice(c), toDevice(k)]) },
      { label: 'lexsort, complex primary key', expr: 'np.lexsort((k, c))', inputs: { c, k }, run: () => cp.lexsort([toDevice(k), toDevice(c)]) },
      { label: 'a fused complex producer', expr: "np.sort(c * (1 - 1j), kind='stable')", inputs: { c }, run: () => cp.sort(toDevice(c).mul(cp.complex(1, -1))) },
      { label: 'sort_complex of complex', expr: 'np.sort_complex(c)', inputs: { c }, run: () => cp.sort_complex(toDevice(c)) },
    );
    // searchsorted of a sorted complex table: queries of every NaN placement, ties, both sides, a sorter
    const q = complexData('complex128', [5, 8]);
    const r = randomArray('float64', [12], seed++, { low: -2, high: 3, special: true });
    for (const side of ['left', 'right'] as const) {
      cases.push(
        { label: `searchsorted complex ${side}`, expr: `np.searchsorted(np.sort(c), q, side='${side}')`, inputs: { c, q }, run: () => cp.searchsorted(cp.sort(toDevice(c)), toDevice(q), side) },
        { label: `searchsorted complex sorter ${side}`, expr: `np.searchsorted(c, q, side='${side}', sorter=np.argsort(c, kind='stable'))`, inputs: { c, q },
          run: () => cp.searchsorted(toDevice(c), toDevice(q), side, cp.argsort(toDevice(c))) },
        { label: `searchsorted real table, complex queries ${side}`, expr: `np.searchsorted(np.sort(r), q, side='${side}')`, inputs: { r, q }, run: () => cp.searchsorted(cp.sort(toDevice(r)), toDevice(q), side) },
      );
    }
    // sort_complex of real arrays: NumPy's result dtypes (complex64 for small integers, else
    // complex128); approx: NumPy sorts them with its unstable quicksort, which orders -0 and 0 as it likes
    for (const dtype of ['int8', 'uint16', 'int32', 'float32', 'float64', 'bool', 'float16'] as const) {
      const r = data(dtype, [3, 11]);
      cases.push({ label: `sort_complex ${dtype}`, expr: 'np.sort_complex(r)', inputs: { r }, run: () => cp.sort_complex(toDevice(r)), approx: true });
    }
    checkCases(cases);
    expect(() => cp.sort_complex(cp.array(1))).toThrow(expect.objectContaining({ code: 'ERR_AXIS', message: 'sort_complex: axis -1 is out of bounds for array of dimension 0' }));
  });

  it('refuses complex arrays where sorting them is not supported yet, where they gave wrong values', () => {
    // Before: sort of complex64 [1+1j, -1+2j, 0.5, 2-1j] gave [-1+1j, 1+2j, 0, 0], and argsort
    // [2, 0, 1, 3] computed, [0, 1, 2, 3] lazy; NumPy: [-1+2j, 0.5, 1+1j, 2-1j], argsort [1, 2, 0, 3].
    const c = cp.asarray([cp.complex(1, 1), cp.complex(-1, 2), cp.complex(0.5, 0), cp.complex(2, -1)], 'complex64');
    expect(cp.argsort(c.mul(1)).toArraySync()).toEqual([1n, 2n, 0n, 3n]);
    const unsupported: Array<[string, () => unknown]> = [
      ['histogram', () => cp.histogram(c)], ['histogram', () => cp.histogram(cp.asarray([1, 2]), { weights: c.get(':2') })],
      ['histogram2d', () => cp.histogram2d(c, c)],
    ];
    for (const [op, f] of unsupported) {
      expect(f, op).toThrow(expect.objectContaining({ code: 'ERR_UNSUPPORTED', message: expect.stringMatching(new RegExp(`^${op}: complex`)) }));
    }
    // The real or imaginary part of a lazy complex array is real: it sorts (jit fuzzer F14: the CPU's
    // sort and bincount kernels loaded the complex producer's input as one number: NaN, a wrong order).
    const lazy = () => c.mul(1);
    expect(cp.sort(lazy().real).toArraySync()).toEqual([-1, 0.5, 1, 2]);
    expect(cp.argsort(lazy().real).toArraySync()).toEqual([1n, 2n, 0n, 3n]);
    expect(cp.partition(lazy().imag, 1).toArraySync()).toEqual([-1, 0, 1, 2]); // below, equal, above: each in line order
    expect(cp.median(lazy().imag).toArraySync()).toBe(0.5);
    expect(cp.median(lazy()).toArraySync()).toEqual(cp.complex(0.75, 0.5)); // the middle two: 0.5 and 1+1j
    expect((cp.unique(c.mul(2).imag) as cp.NDArray).toArraySync()).toEqual([-2, 0, 2, 4]);
    expect((cp.unique(c.mul(1)) as cp.NDArray).toArraySync()).toEqual([cp.complex(-1, 2), cp.complex(0.5, 0), cp.complex(1, 1), cp.complex(2, -1)]);
    expect(cp.bincount(lazy().imag.add(1).astype('int64')).toArraySync()).toEqual([1n, 1n, 1n, 1n]);
    // NumPy raises TypeError here.
    expect(() => cp.digitize(c, cp.asarray([0, 1]))).toThrow(expect.objectContaining({ code: 'ERR_DTYPE', message: 'digitize: x may not be complex, got complex64' }));
    expect(() => cp.bincount(cp.asarray([0, 1]), c.get(':2'))).toThrow(expect.objectContaining({ code: 'ERR_DTYPE', message: expect.stringMatching(/^bincount: expected real weights/) }));
  });
});

describe('lexsort, partition, argpartition', () => {
  it('as NumPy', () => {
    const k1 = randomArray('int32', [40], seed++, { low: 0, high: 3 });
    const k2 = randomArray('float64', [40], seed++, { low: 0, high: 3, special: true });
    const k3 = randomArray('int8', [5, 8], seed++, { low: 0, high: 2 });
    const p = data('float32', [5, 9]);
    const cases: ValueCase[] = [
      { label: 'lexsort two keys', expr: 'np.lexsort((k1, k2))', inputs: { k1, k2 }, run: () => cp.lexsort([toDevice(k1), toDevice(k2)]) },
      { label: 'lexsort rows of an array', expr: 'np.lexsort(k3)', inputs: { k3 }, run: () => cp.lexsort(toDevice(k3)) },
      { label: 'lexsort one key', expr: 'np.lexsort([k1])', inputs: { k1 }, run: () => cp.lexsort([toDevice(k1)]) },
      { label: 'lexsort axis 0', expr: 'np.lexsort((k3, k3 * 2), axis=0)', inputs: { k3 }, run: () => cp.lexsort([toDevice(k3), cp.multiply(toDevice(k3), 2)], 0) },
      { label: 'partition around several kth sorts', expr: "np.sort(p, axis=None, kind='stable')", inputs: { p }, run: () => cp.partition(toDevice(p), [1, -2], null) },
    ];
    checkCases(cases);
    // Around one kth NumPy leaves the order on either side unspecified: its contract is checked.
    expect(partitionFailures([
      { label: 'partition', input: p, kth: 3, axis: -1, values: toHost(cp.partition(toDevice(p), 3)) },
      { label: 'argpartition', input: p, kth: 4, axis: 0, indices: toHost(cp.argpartition(toDevice(p), 4, 0)) },
    ])).toEqual([]);
    expect(() => cp.partition(toDevice(p), 9)).toThrow('partition: kth(=9) out of bounds (9)');
    expect(() => cp.argpartition(toDevice(p), -10)).toThrow('argpartition: kth(=-10) out of bounds (9)');
    expect(() => cp.lexsort([])).toThrow(/lexsort: expected at least one key/);
    expect(() => cp.lexsort([cp.zeros([2]), cp.zeros([3])])).toThrow(/lexsort: expected keys of one shape/);
  });
});

describe('searchsorted', () => {
  it('as NumPy: sides, sorter, ties, NaN, shapes of v', () => {
    const cases: ValueCase[] = [];
    for (const dtype of ['int8', 'uint32', 'int64', 'float16', 'float32', 'float64'] as DTypeName[]) {
      const a = data(dtype, [30]);
      const v = data(dtype, [4, 5]);
      for (const side of ['left', 'right'] as const) {
        cases.push({ label: `${dtype} ${side}`, expr: `np.searchsorted(np.sort(a), v, side='${side}')`, inputs: { a, v },
          run: () => cp.searchsorted(cp.sort(toDevice(a)), toDevice(v), side) });
      }
    }
    const a = data('float64', [25]);
    const v = data('float64', [7]);
    cases.push(
      { label: 'sorter', expr: "np.searchsorted(a, v, side='right', sorter=np.argsort(a, kind='stable'))", inputs: { a, v },
        run: () => cp.searchsorted(toDevice(a), toDevice(v), { side: 'right', sorter: cp.argsort(toDevice(a)) }) },
      { label: 'scalar v', expr: 'np.searchsorted(np.sort(a), 0.5)', inputs: { a }, run: () => cp.searchsorted(cp.sort(toDevice(a)), 0.5) },
      { label: 'int table, float query', expr: 'np.searchsorted(np.array([1, 2, 3]), 2.5)', run: () => cp.searchsorted([1, 2, 3], 2.5) },
      { label: 'empty table', expr: 'np.searchsorted(np.zeros(0), v)', inputs: { v }, run: () => cp.searchsorted(cp.zeros([0]), toDevice(v)) },
      { label: 'empty v', expr: 'np.searchsorted(np.sort(a), np.zeros((2, 0)))', inputs: { a }, run: () => cp.searchsorted(cp.sort(toDevice(a)), cp.zeros([2, 0])) },
    );
    checkCases(cases);
    expect(() => cp.searchsorted(cp.zeros([2, 2]), 1)).toThrow(/searchsorted: expected a 1-D array a, got 2-D/);
    expect(() => cp.searchsorted([1, 2], 1, 'middle' as never)).toThrow(/searchsorted: expected side to be one of 'left', 'right'/);
    expect(() => cp.searchsorted([1, 2], 1, { sorter: [0] })).toThrow(/searchsorted: expected sorter of shape \(2,\)/);
    // NumPy: "Sorter index out of range" for any index outside [0, n), negative ones included (a
    // gather would wrap them); found by the kernel, thrown at the readback.
    for (const sorter of [[0, -2, 2], [0, 1, 3], [-3, 1, 2]]) {
      const r = cp.searchsorted(toDevice(data('float32', [3])), [0.5], { sorter: cp.asarray(sorter, 'int64') });
      expect(() => r.dataSync()).toThrow(/searchsorted: index out of bounds for axis 0 with size 3/);
    }
    expect(Array.from(cp.searchsorted([3, 1, 2], [2.5], { sorter: cp.asarray([1, 2, 0], 'uint8') }).dataSync() as BigInt64Array)).toEqual([2n]);
  });
  it('the binary search: table lengths around powers of two, every dtype, fused and strided queries', () => {
    const cases: ValueCase[] = [];
    for (const n of [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 100, 1000]) {
      const a = data('float32', [n]);
      const v = data('float32', [40]);
      for (const side of ['left', 'right'] as const) {
        cases.push({ label: `n ${n} ${side}`, expr: `np.searchsorted(np.sort(a), v, side='${side}')`, inputs: { a, v },
          run: () => cp.searchsorted(cp.sort(toDevice(a)), toDevice(v), side) });
      }
    }
    for (const dtype of DTYPE_NAMES) {
      const a = data(dtype, [23]);
      const v = data(dtype, [3, 11]);
      for (const side of ['left', 'right'] as const) {
        cases.push({ label: `${dtype} ${side} (table and queries)`, expr: `np.searchsorted(np.sort(a), v, side='${side}')`, inputs: { a, v },
          run: () => cp.searchsorted(cp.sort(toDevice(a)), toDevice(v), side) });
      }
    }
    const a = data('float64', [50]);
    const v = data('float64', [6, 8]);
    cases.push(
      { label: 'fused producer of the queries', expr: "np.searchsorted(np.sort(a), v * 2 + 1, side='left')", inputs: { a, v },
        run: () => cp.searchsorted(cp.sort(toDevice(a)), toDevice(v).mul(2).add(1)) },
      { label: 'strided view of the queries', expr: "np.searchsorted(np.sort(a), v.T[::2], side='right')", inputs: { a, v },
        run: () => cp.searchsorted(cp.sort(toDevice(a)), toDevice(v).T.get('::2'), 'right') },
      { label: 'strided table', expr: 'np.searchsorted(np.sort(a)[::3], v)', inputs: { a, v },
        run: () => cp.searchsorted(cp.sort(toDevice(a)).get('::3'), toDevice(v)) },
      { label: 'sorter left, NaN in the table', expr: "np.searchsorted(a, v, side='left', sorter=np.argsort(a, kind='stable'))", inputs: { a, v },
        run: () => cp.searchsorted(toDevice(a), toDevice(v), { sorter: cp.argsort(toDevice(a)) }) },
      { label: '0-d query array', expr: "np.searchsorted(np.sort(a), np.float64(1.0), side='right')", inputs: { a },
        run: () => cp.searchsorted(cp.sort(toDevice(a)), cp.asarray(1.0), 'right') },
      { label: 'NaN queries', expr: "[np.searchsorted(np.sort(a), np.array([np.nan, -np.inf, np.inf]), side=s) for s in ('left', 'right')]", inputs: { a },
        run: () => [cp.searchsorted(cp.sort(toDevice(a)), [NaN, -Infinity, Infinity]), cp.searchsorted(cp.sort(toDevice(a)), [NaN, -Infinity, Infinity], 'right')] },
      { label: 'all-NaN table', expr: "np.searchsorted(np.full(5, np.nan), np.array([np.nan, 1.0]))",
        run: () => cp.searchsorted(cp.full([5], NaN), [NaN, 1.0]) },
      { label: 'ties: -0 and +0', expr: "[np.searchsorted(np.array([-1.0, -0.0, 0.0, 0.0, 2.0]), np.array([0.0, -0.0]), side=s) for s in ('left', 'right')]",
        run: () => [cp.searchsorted([-1, -0, 0, 0, 2], [0, -0]), cp.searchsorted([-1, -0, 0, 0, 2], [0, -0], 'right')] },
    );
    checkCases(cases);
  });
});

describeCompilesEveryKernel(cudaSources, HAS_NVRTC, 10);
