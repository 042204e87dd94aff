// Advanced indexing (integer and boolean arrays as indices), the index functions (take, repeat,
// compress, nonzero, ...) and the writes (set, put, add.at) against NumPy on the current backend;
// then the error paths (host indices at the call, device indices at the next readback) and the
// lazy read-before-write rule. Every kernel built here is compiled with NVRTC at the end.
import { afterAll, describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { currentRunner } from '../../src/api/context.js';
import type { AnyPlan } from '../../src/api/runners.js';
import { generateCudaPlan } from '../../src/codegen/generate.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, recordCuda, toDevice, toHost } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { compileAll } from '../helpers/nvrtc-batch.js';
import { compareArrays, numpy, randomArray, type DTypeName, type HostArray, type OracleResult } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

// Scatter kernels run at the call (no evaluation to explain): record every plan that runs.
const runner = currentRunner();
const run = runner.run.bind(runner);
runner.run = (plan: AnyPlan) => {
  if (!cudaSources.has(plan.key)) cudaSources.set(plan.key, generateCudaPlan(plan).source);
  return run(plan);
};

type Inputs = Record<string, HostArray>;
interface Case { label: string; run: (d: Record<string, cp.NDArray>) => cp.NDArray | cp.NDArray[]; py: string; inputs: Inputs }

function compare(actual: cp.NDArray | cp.NDArray[], want: OracleResult): void {
  if (!want.ok) throw new Error(`NumPy raised: ${want.error}`);
  const got = Array.isArray(actual) ? actual : [actual];
  const exp = (Array.isArray(want.value) ? want.value : [want.value]) as HostArray[];
  expect(got.length).toBe(exp.length);
  got.forEach((g, k) => {
    recordCuda(g);
    const cmp = compareArrays(toHost(g), exp[k]);
    expect(cmp.ok ? '' : cmp.message).toBe('');
  });
}

function suite(name: string, cases: Case[]): void {
  describe(name, () => {
    const want = numpy(cases.map((c) => ({ expr: c.py, inputs: c.inputs })));
    cases.forEach((c, i) => it(c.label, () => {
      const d = Object.fromEntries(Object.entries(c.inputs).map(([k, h]) => [k, toDevice(h)]));
      compare(c.run(d), want[i]);
    }));
  });
}

/** A NumPy expression that writes into a copy of `a` and returns it. */
const mutate = (body: string) => `(lambda b: (${body}, b)[1])(a.copy())`;

const SOURCE_DTYPES: DTypeName[] = ['bool', 'int8', 'int32', 'int64', 'uint8', 'uint64', 'float16', 'float32', 'float64'];
const GET_INDICES: Array<[string, string]> = [
  ['[0, 2, -1], 1:', 'a[[0, 2, -1], 1:]'],
  [':, [0, 1], [1, 2]', 'a[:, [0, 1], [1, 2]]'],
  ['[0, 1], :, [1, 2]', 'a[[0, 1], :, [1, 2]]'],
  ['1, :, [0, 3]', 'a[1, :, [0, 3]]'],
  [':, 1, [0, 3]', 'a[:, 1, [0, 3]]'],
  ['..., [[0], [2]], [1, 3, -2]', 'a[..., [[0], [2]], [1, 3, -2]]'],
  ['None, [3, 0], ::2', 'a[None, [3, 0], ::2]'],
  ['[True, False, True, True]', 'a[[True, False, True, True]]'],
];

suite('get × source dtypes (string index form)', SOURCE_DTYPES.flatMap((dtype, k) => {
  const a = randomArray(dtype, [4, 5, 6], 100 + k);
  return GET_INDICES.map(([index, py]): Case => ({ label: `${dtype} a[${index}]`, run: (d) => d.a.get(index), py, inputs: { a } }));
}));

const f = randomArray('float32', [4, 5, 6], 7);
const INDEX_DTYPES: DTypeName[] = ['int8', 'int32', 'int64', 'uint8'];
suite('get with NDArray indices of each integer dtype, masks and structured items', [
  ...INDEX_DTYPES.map((dt, k): Case => ({
    label: `${dt} index array`, run: (d) => d.a.get([d.i, cp.slice(1)]), py: 'a[i, 1:]',
    inputs: { a: f, i: randomArray(dt, [2, 3], 20 + k, { low: dt.startsWith('u') ? 0 : -4, high: 3 }) },
  })),
  ...INDEX_DTYPES.map((dt, k): Case => ({
    label: `${dt} broadcast index arrays`, run: (d) => d.a.get([cp.slice(), d.i, d.j]), py: 'a[:, i, j]',
    inputs: { a: f, i: randomArray(dt, [3, 1], 30 + k, { low: 0, high: 4 }), j: randomArray(dt, [2], 40 + k, { low: 0, high: 5 }) },
  })),
  { label: 'full-shape bool mask', run: (d) => d.a.get(d.m), py: 'a[m]', inputs: { a: f, m: randomArray('bool', [4, 5, 6], 50) } },
  { label: 'partial bool mask (2 of 3 axes)', run: (d) => d.a.get(d.m), py: 'a[m]', inputs: { a: f, m: randomArray('bool', [4, 5], 51) } },
  { label: 'bool mask on a middle axis', run: (d) => d.a.get([cp.slice(), d.m, 2]), py: 'a[:, m, 2]', inputs: { a: f, m: randomArray('bool', [5], 52) } },
  { label: 'lazy bool mask a[a > 0]', run: (d) => d.a.get(d.a.gt(0)), py: 'a[a > 0]', inputs: { a: f } },
  { label: 'all-false mask (empty)', run: (d) => d.a.get(d.a.gt(100)), py: 'a[a > 100]', inputs: { a: f } },
  { label: 'empty index list', run: (d) => d.a.get([[]]), py: 'a[np.array([], dtype=np.int64)]', inputs: { a: f } },
  { label: 'empty index on axis 1', run: (d) => d.a.get([cp.slice(), []]), py: 'a[:, np.array([], dtype=np.int64)]', inputs: { a: f } },
  { label: '0-d index array', run: (d) => d.a.get(d.i), py: 'a[i]', inputs: { a: f, i: randomArray('int64', [], 53, { low: -4, high: 3 }) } },
  { label: '0-d source with a True scalar mask', run: (d) => d.z.get(cp.asarray(true)), py: 'z[np.True_]', inputs: { z: randomArray('float64', [], 54) } },
  { label: 'transposed source', run: (d) => d.a.T.get([[0, 5, 2], cp.slice(null, null, -1)]), py: 'a.T[[0, 5, 2], ::-1]', inputs: { a: f } },
  { label: 'reversed source', run: (d) => cp.flip(d.a, 0).get([[1, 3], [0, 4]]), py: 'a[::-1][[1, 3], [0, 4]]', inputs: { a: f } },
  { label: 'strided source', run: (d) => d.a.get(':, ::2').get([[1], [0, 2]]), py: 'a[:, ::2][[1], [0, 2]]', inputs: { a: f } },
  { label: 'lazy source and lazy indices', run: (d) => d.a.mul(2).get([d.i.add(1), 0]), py: '(a * 2)[i + 1, 0]', inputs: { a: f, i: randomArray('int32', [3, 2], 55, { low: -4, high: 2 }) } },
  { label: 'elementwise consumer of a gather', run: (d) => d.a.get([[0, 3]]).add(1).sqrt(), py: 'np.sqrt(a[[0, 3]] + 1)', inputs: { a: f } },
  { label: 'gather read through a view', run: (d) => d.a.get([[0, 3]]).T, py: 'a[[0, 3]].T', inputs: { a: f } },
  { label: 'gather under a reduction', run: (d) => cp.sum(d.a.get([[0, 3, 3]]), { axis: 1 }), py: 'np.sum(a[[0, 3, 3]], axis=1)', inputs: { a: f } },
]);

const v = randomArray('int32', [4, 5], 60);
const ix = randomArray('int64', [2, 3], 61, { low: -5, high: 4 });
suite('take, take_along_axis, compress, repeat, nonzero and friends', [
  { label: 'take axis None', run: (d) => cp.take(d.a, [0, 7, -1]), py: 'np.take(a, [0, 7, -1])', inputs: { a: v } },
  { label: 'take axis 1', run: (d) => cp.take(d.a, [[0, 4], [-1, 2]], { axis: 1 }), py: 'np.take(a, [[0, 4], [-1, 2]], axis=1)', inputs: { a: v } },
  { label: 'take scalar index', run: (d) => cp.take(d.a, 2, { axis: 0 }), py: 'np.take(a, 2, axis=0)', inputs: { a: v } },
  { label: 'take mode wrap (host)', run: (d) => cp.take(d.a, [0, 7, -8, 12], { axis: 1, mode: 'wrap' }), py: "np.take(a, [0, 7, -8, 12], axis=1, mode='wrap')", inputs: { a: v } },
  { label: 'take mode clip (host)', run: (d) => cp.take(d.a, [0, 7, -8], { axis: 0, mode: 'clip' }), py: "np.take(a, [0, 7, -8], axis=0, mode='clip')", inputs: { a: v } },
  { label: 'take mode wrap (device)', run: (d) => cp.take(d.a, d.i, { axis: 1, mode: 'wrap' }), py: "np.take(a, i, axis=1, mode='wrap')", inputs: { a: v, i: ix } },
  { label: 'take mode clip (device)', run: (d) => cp.take(d.a, d.i, { mode: 'clip' }), py: "np.take(a, i, mode='clip')", inputs: { a: v, i: ix } },
  { label: 'take device raise', run: (d) => cp.take(d.a, d.i, { axis: 1 }), py: 'np.take(a, i, axis=1)', inputs: { a: v, i: ix } },
  { label: 'take_along_axis 1', run: (d) => cp.take_along_axis(d.a, d.i, 1), py: 'np.take_along_axis(a, i, 1)', inputs: { a: v, i: randomArray('int64', [4, 3], 62, { low: -5, high: 4 }) } },
  { label: 'take_along_axis 0 (broadcast)', run: (d) => cp.take_along_axis(d.a, d.i, 0), py: 'np.take_along_axis(a, i, 0)', inputs: { a: v, i: randomArray('int32', [2, 1], 63, { low: 0, high: 3 }) } },
  { label: 'take_along_axis None', run: (d) => cp.take_along_axis(d.a, d.i, null), py: 'np.take_along_axis(a, i, None)', inputs: { a: v, i: randomArray('int64', [6], 64, { low: 0, high: 19 }) } },
  { label: 'compress axis 0', run: (d) => cp.compress([true, false, true], d.a, { axis: 0 }), py: 'np.compress([True, False, True], a, axis=0)', inputs: { a: v } },
  { label: 'compress device condition, axis None', run: (d) => cp.compress(d.m, d.a), py: 'np.compress(m, a)', inputs: { a: v, m: randomArray('bool', [20], 65) } },
  { label: 'repeat scalar, axis None', run: (d) => cp.repeat(d.a, 2), py: 'np.repeat(a, 2)', inputs: { a: v } },
  { label: 'repeat list along axis 1', run: (d) => cp.repeat(d.a, [1, 0, 3, 2, 1], { axis: 1 }), py: 'np.repeat(a, [1, 0, 3, 2, 1], axis=1)', inputs: { a: v } },
  { label: 'repeat NDArray along axis 0', run: (d) => cp.repeat(d.a, d.r, { axis: 0 }), py: 'np.repeat(a, r, axis=0)', inputs: { a: v, r: randomArray('int32', [4], 66, { low: 0, high: 3 }) } },
  { label: 'nonzero', run: (d) => cp.nonzero(d.a), py: 'np.nonzero(a)', inputs: { a: randomArray('int8', [3, 4, 2], 67, { low: -1, high: 1 }) } },
  { label: 'nonzero of a lazy comparison', run: (d) => cp.nonzero(d.a.gt(0)), py: 'np.nonzero(a > 0)', inputs: { a: v } },
  { label: 'where(cond)', run: (d) => cp.where(d.a.lt(0)), py: 'np.where(a < 0)', inputs: { a: v } },
  { label: 'where(cond, x, y) unchanged', run: (d) => cp.where(d.a.lt(0), d.a, 0), py: 'np.where(a < 0, a, 0)', inputs: { a: v } },
  { label: 'argwhere', run: (d) => cp.argwhere(d.a.gt(100)), py: 'np.argwhere(a > 100)', inputs: { a: v } },
  { label: 'argwhere of 0-d', run: (d) => cp.argwhere(d.z), py: 'np.argwhere(z)', inputs: { z: randomArray('float32', [], 68, { low: 1, high: 2 }) } },
  { label: 'flatnonzero', run: (d) => cp.flatnonzero(d.a.gt(0)), py: 'np.flatnonzero(a > 0)', inputs: { a: v } },
]);

const ACC_DTYPES: DTypeName[] = ['int8', 'int32', 'int64', 'uint8', 'uint64', 'float16', 'float32', 'float64', 'bool'];
const dup = [[0, 2, 0, 3, 2, 0]];
suite('writes: set, put, put_along_axis, add.at', [
  ...SOURCE_DTYPES.map((dt, k): Case => ({
    label: `set ${dt} a[[2, 0], 1:] = v`, run: (d) => { d.a.set('[2, 0], 1:', d.w); return d.a; }, py: mutate('b.__setitem__((np.array([2, 0]), slice(1, None)), w)'),
    inputs: { a: randomArray(dt, [4, 5], 70 + k), w: randomArray(dt, [2, 4], 80 + k) },
  })),
  { label: 'set with a scalar and a device index', run: (d) => { d.a.set([cp.slice(), d.i], -1); return d.a; }, py: mutate('b.__setitem__((slice(None), i), -1)'), inputs: { a: v, i: randomArray('int64', [2], 90, { low: 0, high: 1 }) } },
  { label: 'set with a bool mask', run: (d) => { d.a.set(d.a.gt(0), 0); return d.a; }, py: mutate('b.__setitem__(b > 0, 0)'), inputs: { a: v } },
  { label: 'set broadcast value into a transposed view', run: (d) => { d.a.T.set([[4, 0]], d.w); return d.a; }, py: mutate('b.T.__setitem__([4, 0], w)'), inputs: { a: v, w: randomArray('int32', [4], 91) } },
  { label: 'set casts the value', run: (d) => { d.a.set([[1, 3]], 2.75); return d.a; }, py: mutate('b.__setitem__([1, 3], 2.75)'), inputs: { a: v } },
  ...ACC_DTYPES.map((dt, k): Case => ({
    label: `add.at ${dt} with duplicates`, run: (d) => { cp.add.at(d.a, dup, d.w); return d.a; }, py: mutate(`np.add.at(b, ${JSON.stringify(dup[0])}, w)`),
    inputs: { a: randomArray(dt, [5, 3], 100 + k, { low: 0, high: 10 }), w: randomArray(dt, [6, 3], 110 + k, { low: 0, high: 10 }) },
  })),
  { label: 'add.at with a device index and a scalar', run: (d) => { cp.add.at(d.a, [cp.slice(), d.i], 1); return d.a; }, py: mutate('np.add.at(b, (slice(None), i), 1)'), inputs: { a: v, i: randomArray('int64', [7], 120, { low: -5, high: 4 }) } },
  { label: 'put raise', run: (d) => { cp.put(d.a, [0, -1, 7], d.w); return d.a; }, py: mutate('np.put(b, [0, -1, 7], w)'), inputs: { a: v, w: randomArray('int32', [3], 121) } },
  { label: 'put wrap, values cycled', run: (d) => { cp.put(d.a, [1, 22, -25, 3], d.w, 'wrap'); return d.a; }, py: mutate("np.put(b, [1, 22, -25, 3], w, mode='wrap')"), inputs: { a: v, w: randomArray('int32', [2], 122) } },
  { label: 'put clip', run: (d) => { cp.put(d.a, [-3, 40], 5, 'clip'); return d.a; }, py: mutate("np.put(b, [-3, 40], 5, mode='clip')"), inputs: { a: v } },
  { label: 'put into a non-contiguous view', run: (d) => { cp.put(d.a.T, [1, 6], 0); return d.a; }, py: mutate('np.put(b.T, [1, 6], 0)'), inputs: { a: v } },
  { label: 'put_along_axis', run: (d) => { cp.put_along_axis(d.a, d.i, 0, 1); return d.a; }, py: mutate('np.put_along_axis(b, i, 0, 1)'), inputs: { a: v, i: randomArray('int64', [4, 1], 123, { low: 0, high: 4 }) } },
]);

describe('errors', () => {
  const a = () => cp.arange(20).reshape([4, 5]);
  it('host indices out of range throw at the call', () => {
    expect(() => a().get([[0, 7]])).toThrow('get: index 7 is out of bounds for axis 0 with size 4');
    expect(() => a().get([cp.slice(), [-6]])).toThrow('get: index -6 is out of bounds for axis 1 with size 5');
    expect(() => cp.take(cp.arange(5), [7])).toThrow('take: index 7 is out of bounds for axis 0 with size 5');
    expect(() => a().set([[4]], 1)).toThrow('set: index 4 is out of bounds for axis 0 with size 4');
    expect(() => cp.put(a(), [20], 1)).toThrow('put: index 20 is out of bounds for axis 0 with size 20');
    expect(() => cp.add.at(a(), [[1, 9]], 1)).toThrow('add.at: index 9 is out of bounds for axis 0 with size 4');
    expect(() => cp.take(cp.zeros([0]), [0], { mode: 'wrap' })).toThrow('take: cannot do a non-empty take from an empty axes.');
  });
  it('bad index arrays throw at the call', () => {
    expect(() => a().get([cp.asarray([0.5])])).toThrow('get: arrays used as indices must be of integer (or boolean) type, got float64');
    expect(() => a().get([[0, 1], [0, 1, 2]])).toThrow('get: shape mismatch: indexing arrays could not be broadcast together with shapes (2,) (3,)');
    expect(() => a().get([[true, false]])).toThrow('get: boolean index did not match indexed array along axis 0; size of axis is 4 but size of corresponding boolean axis is 2');
    expect(() => a().get([[0], [0], [0]])).toThrow('get: too many indices for array: array is 2-dimensional, but 3 were indexed');
    expect(() => a().set([[0, 1]], cp.ones([3]))).toThrow('set: shape mismatch: value array of shape (3,) could not be broadcast to indexing result of shape (2, 5)');
    expect(() => cp.take(a(), [0], { mode: 'nope' as cp.TakeMode })).toThrow("take: expected mode to be one of 'raise', 'wrap', 'clip', got 'nope'");
    expect(() => cp.repeat(a(), [1, 2], { axis: 0 })).toThrow('repeat: operands could not be broadcast together with shape (4,) (2,)');
    expect(() => cp.repeat(a(), -1)).toThrow('repeat: repeats may not contain negative values.');
    expect(() => cp.nonzero(cp.asarray(1))).toThrow(/nonzero: calling nonzero on 0d arrays is not allowed/);
    expect(() => (cp.where as (...x: unknown[]) => unknown)(cp.asarray([1]), 1)).toThrow('where: either both or neither of x and y should be given (got 2 arguments)');
  });
  it('device indices out of range: a gather throws at every read of its result, a write writes nothing and throws once', async () => {
    const x = a();
    const bad = x.get([cp.asarray([1, 4, -5])]);
    expect(() => bad.toArraySync()).toThrow('get: index out of bounds for axis 0 with size 4 (found by the kernel)');
    expect(() => bad.toArraySync()).toThrow('get: index out of bounds for axis 0 with size 4 (found by the kernel)');
    expect(x.get([cp.asarray([1])]).toArraySync()).toEqual([[5n, 6n, 7n, 8n, 9n]]);
    const lazy = x.get([cp.slice(), cp.asarray([0, 1]).add(4)]); // lazy index array: [4, 5]
    await expect(lazy.toArray()).rejects.toThrow('get: index out of bounds for axis 1 with size 5 (found by the kernel)');
    try {
      cp.take(x, cp.asarray([25])).dataSync();
      throw new Error('expected an error');
    } catch (e) {
      expect(e).toBeInstanceOf(cp.CupytsError);
      expect((e as cp.CupytsError).code).toBe('ERR_INDEX');
    }
    const y = a();
    const before = y.toArraySync();
    y.set([cp.asarray([0, 9])], 7); // nothing is written: NumPy checks every index first
    expect(() => y.item.call(y.get([[0], [0]]))).toThrow('set: index out of bounds for axis 0 with size 4 (found by the kernel)');
    expect(y.toArraySync()).toEqual(before);
    cp.add.at(y, [cp.asarray([-7, 0])], 1);
    expect(() => y.toString()).toThrow('add.at: index out of bounds for axis 0 with size 4 (found by the kernel)');
    expect(y.toArraySync()).toEqual(before);
  });
});

describe('array methods', () => {
  it('take, repeat, nonzero, put and compress as methods give what the functions give', () => {
    const x = cp.asarray([[3, 0, 5], [0, 7, 1]], { dtype: 'int32' });
    expect(x.take([2, 0], { axis: 1 }).toArraySync()).toEqual(cp.take(x, [2, 0], { axis: 1 }).toArraySync());
    expect(x.take([-1]).toArraySync()).toEqual([1]);
    expect(x.repeat(2, { axis: 0 }).toArraySync()).toEqual([[3, 0, 5], [3, 0, 5], [0, 7, 1], [0, 7, 1]]);
    expect(x.nonzero().map((a) => a.toArraySync())).toEqual([[0n, 0n, 1n, 1n], [0n, 2n, 1n, 2n]]);
    expect(x.compress([true, false, true], { axis: 1 }).toArraySync()).toEqual([[3, 5], [0, 1]]);
    const y = cp.zeros([4], { dtype: 'float32' });
    y.put([1, 3], [5, 6]);
    expect(y.toArraySync()).toEqual([0, 5, 0, 6]);
  });
});

describe('lazy reads before writes', () => {
  it('a gather made before a write keeps the old values', () => {
    const a = cp.arange(6);
    const b = a.get([[0, 1]]);
    const c = cp.take(a.mul(10), [0]);
    a.set([[0]], 9);
    expect(b.toArraySync()).toEqual([0n, 1n]);
    expect(c.toArraySync()).toEqual([0n]);
    expect(a.toArraySync()).toEqual([9n, 1n, 2n, 3n, 4n, 5n]);
  });
  it('a value or index that reads the target is computed first', () => {
    const a = cp.arange(5);
    a.set([a.get([[4, 3, 2, 1, 0]])], a.mul(2)); // a[a[::-1]] = 2a
    expect(a.toArraySync()).toEqual([8n, 6n, 4n, 2n, 0n]);
    const m = cp.asarray([3, 1, 2]);
    cp.add.at(m, [m.sub(1)], m);
    expect(m.toArraySync()).toEqual([4n, 3n, 5n]);
  });
});

afterAll(() => {
  runner.run = run;
});

describe.skipIf(!HAS_NVRTC)('NVRTC compiles every kernel built here', () => {
  it('compiles', () => {
    const sources = [...cudaSources.values()].filter((s) => s.includes('cp_index') || s.includes('gather') || s.includes('scatter'));
    expect(sources.length).toBeGreaterThan(10);
    compileAll([...cudaSources.values()]);
  }, 300_000);
});
