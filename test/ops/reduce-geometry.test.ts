// The reduction grid (./reduce-geometry-cases.ts) against NumPy on the current backend, the
// geometry every case plans (all kinds of src/ir/reduce-geometry.ts reached), the kernel count
// of the multi-statistic patterns through cp.explain, and NVRTC over every CUDA kernel built.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';
import type { ReduceGeometryKind } from '../../src/ir/reduce-geometry.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, recordCuda, toDevice, toHost } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { compareArrays, numpy, randomArray, type HostArray } from '../helpers/numpy-oracle.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';
import { geometryCases, upload } from './reduce-geometry-cases.js';

setBackendNotice(() => {});

const cases = geometryCases();
const kinds = new Set<ReduceGeometryKind>();

describe('reductions over the geometry grid, against NumPy', () => {
  // In batches: one request for the whole grid would exceed a string's length (its large inputs).
  const want = Array.from({ length: Math.ceil(cases.length / 16) }, (_, b) => cases.slice(b * 16, b * 16 + 16))
    .flatMap((batch) => numpy(batch.map((c) => ({ expr: c.expr, inputs: c.inputs }))));
  cases.forEach((c, i) => {
    it(c.label, () => {
      const w = want[i];
      if (!w.ok) throw new Error(`NumPy: ${w.error}`);
      const result = c.run(upload(c));
      recordCuda(result);
      for (const { plan } of explainPlans([result.node])) if (plan.kind === 'reduce') kinds.add(plan.geometry.kind);
      const cmp = compareArrays(toHost(result), w.value as HostArray, c.tol);
      expect(cmp.ok ? '' : cmp.message).toBe('');
    });
  });

  it('plans every geometry at least once', () => {
    expect([...kinds].sort()).toEqual(['block-per-row', 'column', 'group-per-row', 'split-columns', 'split-rows', 'thread-per-output']);
  });
});

describe('kernels per pattern (cp.explain)', () => {
  const f = (shape: number[], s: number) => toDevice(randomArray('float32', shape, s));
  const softmax = (x: cp.NDArray, axis: number) => {
    const e = x.sub(x.max({ axis, keepdims: true })).exp();
    return e.div(e.sum({ axis, keepdims: true }));
  };
  const x = f([300, 64], 1);
  const y = f([200, 64], 2);
  const a = f([500, 40], 3);
  const s = f([120, 120], 4);
  const m = a.max({ axis: -1, keepdims: true });
  // The counts of a GPU's schedule when the geometry chooser came in; they may only go down. (The
  // CPU backend's schedule keeps column statistics apart from their readers: compiler/groups.ts.)
  const patterns: Array<[string, cp.NDArray, number]> = [
    ['pairwise squared distances', cp.expand_dims(x, 1).sub(cp.expand_dims(y, 0)).square().sum(-1), 1],
    ['standardize columns', a.sub(a.mean(0)).div(a.std(0)), 3],
    ['softmax over axis 0', softmax(a, 0), 1],
    ['softmax over axis 1', softmax(a, 1), 1],
    ['logsumexp over rows', a.sub(m).exp().sum({ axis: -1, keepdims: true }).log().add(m), 1],
    ['((A - A.T)**2).sum()', s.sub(s.T).square().sum(), 1],
    ['((A - A.T)**2).sum(-1)', s.sub(s.T).square().sum(-1), 1],
  ];
  it.each(patterns)('%s', (_, result, most) => {
    const plans = explainPlans([result.node], 'cuda');
    expect(plans.length).toBeLessThanOrEqual(most);
    expect(plans.some((p) => p.plan.kind === 'reduce')).toBe(true);
  });
});

describeCompilesEveryKernel(cudaSources, HAS_NVRTC, 40);
