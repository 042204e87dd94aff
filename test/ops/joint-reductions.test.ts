// Joint reductions (src/ir/reduce-pairs.ts): which programs pair their reductions into one pass
// (the plans, and the kernel counts through cp.explain), their results against NumPy on the CPU
// backend (test/ops/joint-reduction-cases.ts; the device runs the same cases in
// test/gpu/joint-reductions.test.ts), and every CUDA kernel they build compiling with NVRTC.
import { beforeAll, describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';
import type { ReducePlan } from '../../src/ir/reduce-plan.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, recordCuda, toDevice, toHost } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { compareArrays, numpy, randomArray, type HostArray, type OracleResult } from '../helpers/numpy-oracle.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';
import { jointCases, PROGRAMS } from './joint-reduction-cases.js';

setBackendNotice(() => {});

/** The joint pairs (kind per lead phase) of every reduce plan evaluating `x` would run. */
function joints(x: cp.NDArray): string[] {
  return explainPlans([x.node]).flatMap(({ plan }) => plan.kind === 'reduce' ? (plan as ReducePlan).reductions.flatMap((r) => (r.joint ? [r.joint.kind] : [])) : []);
}

const input = (dtype: 'float16' | 'float32' | 'float64' | 'int32' | 'complex64', shape = [64, 48]) =>
  dtype === 'complex64' ? cp.zeros(shape, { dtype }).add(1) : cp.broadcast_to(cp.arange(shape[shape.length - 1], { dtype }), shape).add(1);

describe('which programs pair their reductions', () => {
  for (const dtype of ['float16', 'float32', 'float64', 'int32'] as const) {
    it(`var and std of ${dtype}: the mean and the squared deviations in one pass`, () => {
      expect(joints(cp.var(input(dtype), { axis: 0 }))).toEqual(['moments']);
      expect(joints(cp.std(input(dtype), { axis: -1, ddof: 1 }))).toEqual(['moments']);
      expect(joints(cp.var(input(dtype)))).toEqual(['moments']);
    });
  }
  it('softmax and logsumexp written with cp.max, cp.exp and cp.sum: the online maximum', () => {
    for (const name of ['softmax', 'logsumexp']) {
      for (const axis of [0, 1]) expect(joints(PROGRAMS[name].run(input('float32'), axis, false))).toEqual(['onlineMax']);
    }
  });
  it("a user's variance from its own mean", () => {
    expect(joints(PROGRAMS.user_variance.run(input('float64'), 1, false))).toEqual(['moments']);
    const a = input('float32');
    const d = a.sub(cp.mean(a, { axis: 0, keepdims: true }));
    expect(joints(cp.sum(cp.square(d), { axis: 0 }))).toEqual(['moments']);
  });
  it('not where the pattern differs: another centre, a mask, complex, float16 softmax, another axis', () => {
    const a = input('float32');
    const off = a.sub(cp.sum(a, { axis: 0, keepdims: true }).div(5));
    expect(joints(cp.sum(off.mul(off), { axis: 0 }))).toEqual([]);
    const mask = cp.greater(a, 3);
    expect(joints(cp.var(a, { axis: 0, where: mask }))).toEqual([]);
    expect(joints(cp.var(input('complex64'), { axis: 0 }))).toEqual([]);
    expect(joints(PROGRAMS.softmax.run(input('float16'), 1, false))).toEqual([]);
    const e = cp.exp(a.sub(cp.max(a, { axis: 0, keepdims: true })));
    expect(joints(cp.sum(e.mul(2), { axis: 0 }))).toEqual([]);
  });
});

describe('kernel counts through cp.explain', () => {
  const kernels = (x: cp.NDArray) => cp.explain(x).kernels.length;
  it('var, std and mean with var are one kernel; softmax two where the rows are too few to fill the device', () => {
    for (const [m, n, axis] of [[2 ** 20, 256, 0], [256, 2 ** 20, 1], [2 ** 14, 2 ** 14, 0]] as const) {
      const a = input('float32', [m, n]);
      expect(kernels(cp.var(a, { axis }))).toBe(1);
      expect(kernels(cp.mean(a, { axis }).add(cp.std(a, { axis })))).toBe(1);
      expect(kernels(PROGRAMS.logsumexp.run(a, axis, false))).toBe(1);
    }
    expect(kernels(PROGRAMS.standardize.run(input('float32', [2 ** 20, 256]), 0, true))).toBe(2);
    expect(kernels(PROGRAMS.softmax.run(input('float32', [2 ** 20, 256]), 0, true))).toBe(2);
    expect(kernels(PROGRAMS.softmax.run(input('float32', [2 ** 20, 256]), 1, true))).toBe(1);
  });
});

describe('joint reductions against NumPy (CPU backend)', () => {
  const cases = jointCases();
  let want: OracleResult[] = [];
  beforeAll(() => {
    want = numpy(cases.map((c) => ({ expr: c.numpy, inputs: { a: c.input } })));
  }, 300_000);
  it.each(cases.map((c, i) => [c.label, i] as const))('%s', (_, i) => {
    const c = cases[i];
    const got = c.run(toDevice(c.input));
    recordCuda(got);
    const w = want[i];
    if (!w.ok) throw new Error(w.error);
    const cmp = compareArrays(toHost(got), w.value as HostArray);
    expect(cmp.ok ? '' : cmp.message).toBe('');
  });
  it('an empty axis: the maximum has no identity (as NumPy: zero-size array to reduction operation maximum)', () => {
    const a = toDevice(randomArray('float32', [3, 0], 1));
    expect(() => PROGRAMS.softmax.run(a, 1, false)).toThrow(/zero-size array to reduction operation maximum/);
  });
  it('no rows: empty results of the right shape', () => {
    const a = toDevice(randomArray('float32', [0, 7], 1));
    expect(toHost(cp.var(a, { axis: 1 })).shape).toEqual([0]);
    expect(toHost(PROGRAMS.softmax.run(a, 1, false)).shape).toEqual([0, 7]);
  });
});

describeCompilesEveryKernel(cudaSources, HAS_NVRTC, 40);
