// Which reductions fold online (src/ir/online-pairs.ts) in the GPU's schedule: the scheduler's
// node-level answer (onlinePartner) and the plan's step-level one (findOnlinePairs) must agree,
// or a starving reduction would join a kernel that then folds phase after phase with too few
// threads. Kernel counts, the groups' reductions (none computed twice), the pairs each plan
// folds, and results against NumPy where the GPU's schedule runs on the CPU backend's code. The
// CUDA folds run under the emulator: test/ops/reduce-online-emulated.test.ts.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';
import type { ReduceNode } from '../../src/ir/graph.js';
import type { ReducePlan } from '../../src/ir/reduce-plan.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { onSchedule } from '../helpers/schedule.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { compareArrays, numpyOne, randomArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

/** The GPU's groups of `results` and their plans (nothing is computed). */
const gpuSchedule = (results: cp.NDArray[]) => explainPlans(results.map((r) => r.node), 'cuda');

/** A (m × n) float32 input that plans like data (a broadcast row plus 0: nothing to read). */
const input = (m: number, n: number) => cp.broadcast_to(cp.arange(n, { dtype: 'float32' }), [m, n]).add(0);

describe('online folds in the GPU schedule', () => {
  const cases: Array<[string, () => cp.NDArray[], number, number]> = [
    // [name, program, kernels, readers folded online]
    ['mean, var and std of tall columns', () => { const a = input(2 ** 20, 256); return [a.mean(0), cp.var(a, 0), cp.std(a, 0, { ddof: 1 })]; }, 1, 2],
    ['var with ddof 0 and 1', () => { const a = input(2 ** 20, 256); return [cp.var(a, 0), cp.var(a, 0, { ddof: 1 })]; }, 1, 2],
    ['a sum of squares about a scaled mean (keepdims, square)', () => { const a = input(2 ** 20, 256); return [cp.square(a.sub(a.sum(0, { keepdims: true }).mul(1 / 2 ** 20))).sum(0)]; }, 1, 1],
    ['logsumexp of long rows', () => { const a = input(256, 2 ** 20); return [cp.log(cp.exp(a.sub(a.max(1, { keepdims: true }))).sum(1)).add(a.max(1))]; }, 1, 1],
    ['var of the whole array', () => [cp.var(input(4096, 4096))], 1, 1],
    ['var of float16 (folded in float32)', () => [cp.var(input(2 ** 20, 256).astype('float16'), 0)], 1, 1],
    ['var of int32 (folded in float64)', () => [cp.var(input(2 ** 20, 256).astype('int32'), 0)], 1, 1],
    // not folds: the center clipped, the exponent negated first, a view of the mean, complex,
    // a where= mask, constant data
    ['a clipped center', () => { const a = input(2 ** 20, 256); return [cp.square(a.sub(cp.minimum(a.sum(0).div(2 ** 20), 5))).sum(0)]; }, 2, 0],
    ['exp of -max + y', () => { const a = input(2 ** 20, 256); return [cp.exp(cp.negative(a.max(0)).add(a)).sum(0)]; }, 2, 0],
    ['a flipped mean', () => { const a = input(2 ** 20, 256); const m = cp.flip(a.mean(0), 0); return [cp.square(a.sub(m)).mean(0)]; }, 2, 0],
    ['complex var', () => [cp.var(input(2 ** 20, 256).astype('complex64'), 0)], 2, 0],
    ['var with where=', () => { const a = input(2 ** 20, 256); return [cp.var(a, 0, { where: a.gt(3) })]; }, 2, 0],
    ['var of ones', () => [cp.var(cp.ones([2 ** 20, 256], { dtype: 'float32' }), 0)], 2, 0],
  ];
  for (const [name, make, kernels, readers] of cases) {
    it(`${name}: ${kernels} kernel(s), ${readers} folded online`, () => {
      const steps = gpuSchedule(make());
      expect(steps).toHaveLength(kernels);
      const reduce = steps.filter((s) => s.plan.kind === 'reduce').map((s) => s.plan as ReducePlan);
      expect(reduce.flatMap((p) => p.reductions.filter((r) => r.online))).toHaveLength(readers);
      // the scheduler's online groups are exactly the plans that fold: no starving kernel folding phase after phase
      for (const { group, plan } of steps) {
        if (group.kind !== 'reduce') continue;
        const folds = (plan as ReducePlan).reductions.some((r) => r.online);
        expect(folds, `group ${group.reductions.map((r) => `%${r.id}`).join(', ')}`).toBe(group.online === true);
      }
      // no reduction computed by two kernels
      const computed = steps.flatMap(({ group }) => (group.kind === 'reduce' ? group.reductions : [])) as ReduceNode[];
      expect(new Set(computed).size).toBe(computed.length);
    });
  }
});

describe("online folds: the GPU's schedule on the CPU backend's code against NumPy", () => {
  const programs: Array<[string, (a: cp.NDArray) => cp.NDArray[], string[]]> = [
    ['mean, var, std ddof=1', (a) => [a.mean(0), cp.var(a, 0), cp.std(a, 0, { ddof: 1 })], ['a.mean(axis=0)', 'a.var(axis=0)', 'a.std(axis=0, ddof=1)']],
    ['var of a constant column and a scaled center', (a) => [cp.var(cp.ones_like(a), 0), cp.square(a.sub(a.sum(0).mul(1 / 8192))).sum(0)], ['np.ones_like(a).var(axis=0)', 'np.square(a - a.sum(axis=0) * np.float64(1 / 8192)).sum(axis=0)']],
  ];
  for (const [name, f, exprs] of programs) {
    it(`${name}, float64 8192 x 16 along axis 0`, () => {
      const h = randomArray('float64', [8192, 16], 61, { low: 1, high: 4 });
      const results = f(toDevice(h));
      expect(gpuSchedule(f(toDevice(h))).some((s) => s.plan.kind === 'reduce' && s.plan.reductions.some((r) => r.online))).toBe(true);
      onSchedule(true, () => results.forEach((r, i) => {
        const want = numpyOne(exprs[i], { a: h });
        if (!want.ok) throw new Error(want.error);
        const cmp = compareArrays(toHost(r), want.value as never);
        expect(cmp.ok ? '' : cmp.message).toBe('');
      }));
    });
  }
});

describe('online folds over computed work', () => {
  it('a reduction of exp or square work computed earlier (its inputs let go) is no fold, and does not throw', () => {
    // fusion-fuzz seed 50: the mean of exp(tanh(a)), read back by an earlier evaluation
    onSchedule(true, () => {
      const a = toDevice(randomArray('float32', [5, 1], 3, { low: -1, high: 1 }));
      const e = cp.exp(cp.tanh(a));
      const s = cp.square(a.sub(0.25));
      toHost(e);
      toHost(s);
      expect(toHost(cp.mean(e, [0, 1], { keepdims: true })).data[0]).toBeCloseTo((toHost(e).data as Float32Array).reduce((x, y) => x + y, 0) / 5, 5);
      expect(toHost(cp.sum(s)).data[0]).toBeCloseTo((toHost(s).data as Float32Array).reduce((x, y) => x + y, 0), 5);
    });
  });
});
