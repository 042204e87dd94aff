// A gather of lazy elementwise work (take, take_along_axis, advanced indexing of `a * 2 + b`)
// computes that work where it reads it, in its own kernel, when it reads no more positions than
// the work has (src/compiler/regions.ts sourceFuses, src/ir/kernel-plan.ts #gatheredLoad): the
// results must be bitwise those of computing the work first, with broadcast, cast and where
// sources, reductions and views under them (computed first), every index form, out-of-range
// indices found by the kernel, empty results, and gathers larger than their source (not fused).
// (On the CPU backend a float32 exp, sin or cos of 256 elements or more computed alone runs in
// WebAssembly, whose results differ from JS Math's in the last place for some elements: fused
// into a gather's JS kernel they can differ by 1 ulp from the source computed first. The sizes
// here stay under that threshold.)
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';
import { MAX_FUSED_INPUTS, MAX_FUSED_STEPS } from '../../src/ir/kernel-plan.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, recordCuda, toDevice, toHost } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';
import { randomArray, type DTypeName, type HostArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

let seed = 5150;
const data = (dtype: DTypeName, shape: number[]) => toDevice(randomArray(dtype, shape, seed++, dtype === 'bool' ? {} : { special: dtype.startsWith('f') }));
const bytes = (h: HostArray) => Buffer.from(h.data.buffer, h.data.byteOffset, h.data.byteLength);
const kernels = (a: cp.NDArray) => cp.explain(a).kernels.map((k) => k.name);

/**
 * `gather(source())` lazily (the source's work fused where it fuses) against the source computed
 * first: bitwise equal. Returns the lazy one's kernel names.
 */
function compare(source: () => cp.NDArray, gather: (s: cp.NDArray) => cp.NDArray): string[] {
  const lazy = gather(source());
  recordCuda(lazy);
  const names = kernels(lazy);
  const first = source();
  cp.eval(first);
  const want = toHost(gather(first));
  const got = toHost(lazy);
  expect(got.shape).toEqual(want.shape);
  expect(got.dtype).toEqual(want.dtype);
  expect(bytes(got).equals(bytes(want))).toBe(true);
  return names;
}

describe('a gather computes its lazy elementwise source where it reads it', () => {
  it('take_along_axis of broadcast work (knn\'s distances), every float dtype and int dtypes', () => {
    for (const dtype of ['float32', 'float64', 'float16', 'int32', 'int64', 'uint8', 'complex64', 'complex128', 'bool'] as const) {
      const q = data(dtype, [6, 1]);
      const m = data(dtype, [6, 40]);
      const r = data(dtype, [40]);
      const idx = toDevice(randomArray('int64', [6, 3], seed++, { low: -40, high: 39 }));
      const names = compare(() => cp.subtract(q, cp.multiply(m, 2)).add(r), (s) => cp.take_along_axis(s, idx, 1));
      expect(names).toHaveLength(1); // the work is not computed apart
    }
  });

  it('take along each axis, flat take, advanced indexing with several arrays, a scalar index', () => {
    const a = data('float32', [5, 7, 3]);
    const b = data('float32', [7, 1]);
    const work = () => cp.exp(cp.multiply(a, b)).subtract(1);
    expect(compare(work, (s) => cp.take(s, [4, 0, -1], { axis: 0 }))).toHaveLength(1);
    expect(compare(work, (s) => cp.take(s, cp.asarray([[6, 2], [1, 1]]), { axis: 1 }))).toHaveLength(1);
    expect(compare(work, (s) => cp.take(s, [2, 0], { axis: -1 }))).toHaveLength(1);
    // flat, lazy indices: the gather's source is a reshape of the work, which reads b broadcast
    // (strides a reshape cannot read through): computed first
    expect(compare(work, (s) => cp.take(s, cp.asarray([3, 100, 50, 0]).add(1)))).toHaveLength(2);
    expect(compare(work, (s) => s.get([cp.asarray([0, 4, 4]), cp.slice(), cp.asarray([2, 1, 0])]))).toHaveLength(1);
    expect(compare(work, (s) => s.get([cp.slice(1, 3), cp.asarray([[0], [6]])]))).toBeDefined();
    expect(compare(work, (s) => s.get([2, cp.asarray([1, 3])]))).toBeDefined();
  });

  it('casts, where and comparisons under the source; the gathered value feeds more work', () => {
    const a = data('int16', [30]);
    const b = data('float64', [30]);
    const idx = cp.asarray([29, 0, 7, 7, -1]);
    expect(compare(() => cp.where(cp.greater(a, 0), b, cp.negative(b)).astype('float32'), (s) => cp.take(s, idx).multiply(3))).toHaveLength(1);
    expect(compare(() => cp.logical_and(cp.greater(a, 0), cp.less(b, 0.5)), (s) => cp.take(s, idx))).toHaveLength(1);
    expect(compare(() => cp.add(a, b), (s) => cp.take(s, idx).add(cp.take(cp.multiply(b, 2), idx)))).toHaveLength(1);
  });

  it('reductions and views under the source are computed first; the rest fuses', () => {
    const a = data('float32', [8, 50]);
    const idx = toDevice(randomArray('int64', [8, 4], seed++, { low: 0, high: 49 }));
    // the row sums are computed first (a reduce kernel), the rest where gathered
    const names = compare(() => cp.subtract(a, cp.sum(a, 1, { keepdims: true })), (s) => cp.take_along_axis(s, idx, 1));
    expect(names).toHaveLength(2);
    // a transposed view of lazy work under the source: computed first
    const b = data('float32', [50, 8]);
    expect(compare(() => cp.add(cp.multiply(b, 2).T, a), (s) => cp.take_along_axis(s, idx, 1)).length).toBeGreaterThanOrEqual(1);
    // a gather under the source's work: computed first, then gathered again
    expect(compare(() => cp.take(a, [1, 3], { axis: 0 }).add(1), (s) => cp.take(s, [49, 0], { axis: 1 })).length).toBeGreaterThanOrEqual(1);
  });

  it('views of the work under the source: flat takes, ravel, reshapes and transposes read through them', () => {
    for (const dtype of ['float32', 'float64', 'int32', 'uint8', 'complex64', 'bool'] as const) {
      const a = data(dtype, [6, 9]);
      const b = data(dtype, [6, 9]);
      const idx = toDevice(randomArray('int64', [7], seed++, { low: -54, high: 53 }));
      // a flat take of 2-D work: one kernel
      expect(compare(() => cp.add(a, b), (s) => cp.take(s, idx))).toHaveLength(1);
      // ravel() and a reshape to 3-D, then take along an axis
      expect(compare(() => cp.multiply(a, b).ravel(), (s) => s.get(idx))).toHaveLength(1);
      expect(compare(() => cp.maximum(a, b).reshape([3, 2, 9]), (s) => cp.take(s, [8, 0, -1], { axis: 2 }))).toHaveLength(1);
      // work that reads a row broadcast: its strides cannot be reshaped, so it is computed first
      const row = data(dtype, [9]);
      expect(compare(() => cp.add(a, row), (s) => cp.take(s, idx))).toHaveLength(2);
    }
    const a = data('float32', [6, 9]);
    const c = data('float32', [9, 6]);
    const idx = toDevice(randomArray('int64', [5], seed++, { low: 0, high: 53 }));
    // a transposed view of work under the source: read through its strides
    expect(compare(() => cp.add(cp.exp(c).T, a), (s) => cp.take(s, [5, 0, -1], { axis: 1 }))).toHaveLength(1);
    // data read through a transpose and then a flat reshape cannot be (its strides): computed first
    const d = data('float32', [9, 6]);
    expect(compare(() => cp.add(cp.exp(c).T, a).reshape([54]), (s) => cp.take(s, idx))).toHaveLength(2);
    expect(compare(() => cp.add(d.T, 1).reshape([54]), (s) => cp.take(s, idx))).toHaveLength(2);
    // a reshape of broadcast work that keeps the broadcast axis whole: the datum read through it;
    // one that merges the broadcast axis with another cannot be: computed first
    const r = data('float64', [4, 1]);
    expect(compare(() => cp.add(r, cp.ones([4, 9])).reshape([2, 2, 9]), (s) => cp.take(s, [8, 0], { axis: 2 }))).toHaveLength(1);
    expect(compare(() => cp.add(r, cp.ones([4, 9])).reshape([36]), (s) => cp.take(s, [35, 0, 17]))).toHaveLength(2);
    // a slice of the flat work, and the imaginary part of complex work
    const z = data('complex128', [4, 5]);
    expect(compare(() => cp.multiply(z, 2).reshape([20]).get('1::3').imag, (s) => cp.take(s, [0, 6, -1]))).toHaveLength(1);
  });

  it('a gather reading more positions than its source has computes the source first', () => {
    const a = data('float32', [10]);
    const idx = toDevice(randomArray('int64', [4, 10], seed++, { low: 0, high: 9 }));
    expect(compare(() => cp.sin(a).add(2), (s) => cp.take(s, idx))).toHaveLength(2);
  });

  it('a gather read through a broadcast, at more positions than its source has, computes the source first (found by a review)', () => {
    const a = data('float64', [100]);
    let w = cp.sin(a);
    for (let k = 0; k < 5; k++) w = cp.sin(w).add(0.1);
    const idx = toDevice(randomArray('int64', [10], seed++, { low: 0, high: 99 }));
    const src = w;
    const names = compare(() => src, (s) => cp.add(cp.zeros([500, 10], 'float64'), cp.take(s, idx)));
    expect(names).toHaveLength(2);
  });

  it('the gathered work counts toward a kernel\'s limits: a kernel over them is split (found by a review)', () => {
    const xs = Array.from({ length: 60 }, (_, k) => cp.asarray(new Float32Array(64).fill(k)).reshape([8, 8]).copy().eval());
    const idx = cp.asarray(Array.from({ length: 8 }, (_, r) => [r, (r * 3) % 8]));
    const sum = () => xs.reduce((acc, x) => acc.add(x));
    const g = cp.take_along_axis(sum(), idx, 1);
    const a = data('float32', [16]);
    const chain = () => { let c = a; for (let k = 0; k < 450; k++) c = cp.sin(c); return c; };
    const h = cp.take(chain(), cp.asarray([3, 1]));
    for (const x of [g, h]) {
      for (const { plan } of explainPlans([x.node])) {
        if (plan.kind !== 'elementwise') continue;
        expect(plan.inputs.length).toBeLessThanOrEqual(MAX_FUSED_INPUTS);
        expect(plan.steps.length).toBeLessThanOrEqual(MAX_FUSED_STEPS);
      }
    }
    expect(bytes(toHost(g)).equals(bytes(toHost(cp.take_along_axis(sum().copy(), idx, 1))))).toBe(true);
    expect(bytes(toHost(h)).equals(bytes(toHost(cp.take(chain().copy(), cp.asarray([3, 1])))))).toBe(true);
  });

  it('empty gathers and empty sources', () => {
    const a = data('float32', [4, 6]);
    expect(compare(() => cp.add(a, 1), (s) => cp.take(s, cp.zeros([0], { dtype: 'int64' }), { axis: 1 })).length).toBeLessThanOrEqual(1);
    const e = data('float32', [0, 6]);
    expect(toHost(cp.take(cp.add(e, 1), [5, 0], { axis: 1 })).shape).toEqual([0, 2]);
  });

  it('indices out of range are found by the kernel and thrown at the readback', async () => {
    const a = data('float32', [3, 5]);
    const idx = cp.asarray([0, 1]).add(4); // lazy: [4, 5]
    const lazy = cp.take(cp.multiply(a, 2), idx, { axis: 1 });
    await expect(lazy.toArray()).rejects.toThrow(/out of bounds for axis 1 with size 5/);
    // work of constants alone reads no data that would check the indices: computed first
    const ones = cp.take(cp.ones([3, 4], 'float64').multiply(2), cp.asarray([5]), { axis: 0 });
    await expect(ones.toArray()).rejects.toThrow(/out of bounds for axis 0 with size 3/);
    // a datum broadcast along the gathered axis still checks its indices
    const row = cp.take(cp.add(data('float32', [4]), cp.zeros([3, 4], 'float32')), cp.asarray([3]), { axis: 0 });
    await expect(row.toArray()).rejects.toThrow(/out of bounds for axis 0 with size 3/);
  });

  it('inside cp.jit: the replay gathers the new arguments\' work', () => {
    const f = cp.jit((x: cp.NDArray, y: cp.NDArray, i: cp.NDArray) => cp.take_along_axis(cp.multiply(x, y).add(1), i, 1));
    for (let round = 0; round < 3; round++) {
      const x = data('float64', [4, 9]);
      const y = data('float64', [9]);
      const i = toDevice(randomArray('int64', [4, 2], seed++, { low: 0, high: 8 }));
      const want = toHost(cp.take_along_axis(cp.multiply(x, y).add(1).copy(), i, 1));
      expect(bytes(toHost(f(x, y, i))).equals(bytes(want))).toBe(true);
    }
  });
});

describeCompilesEveryKernel(cudaSources, HAS_NVRTC, 10);
