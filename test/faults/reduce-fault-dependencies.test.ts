// An index error goes to exactly the outputs of a reduce kernel computed from the faulty data
// (src/ir/reduce-dependencies.ts): a gather through a bad index feeding softmax, standardize,
// logsumexp or var, on the CPU's schedule and the GPU's (its online folds, hoisted values and row
// outputs), raises at every read of each result, and an unrelated sum evaluated with them does not.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { onSchedule } from '../helpers/schedule.js';

const programs: Record<string, (g: cp.NDArray) => cp.NDArray[]> = {
  'softmax along 1': (g) => { const e = cp.exp(g.sub(g.max(1, { keepdims: true }))); return [e.div(e.sum(1, { keepdims: true }))]; },
  'softmax along 0': (g) => { const e = cp.exp(g.sub(g.max(0, { keepdims: true }))); return [e.div(e.sum(0, { keepdims: true }))]; },
  'standardize along 0': (g) => [g.sub(g.mean(0)).div(g.std(0))],
  'standardize along 1': (g) => [g.sub(g.mean(1, { keepdims: true })).div(g.std(1, { keepdims: true }))],
  'logsumexp along 1': (g) => { const m = g.max(1, { keepdims: true }); return [cp.log(cp.exp(g.sub(m)).sum(1)).add(m.squeeze(1))]; },
  'var along 0': (g) => [g.var(0)],
  'mean and var along 1': (g) => [g.mean(1), g.var(1)],
};

describe('index errors through fused reductions', () => {
  for (const gpu of [false, true]) {
    for (const [m, n] of [[8, 5], [64, 1 << 14], [1 << 14, 64], [4, 1 << 16]]) {
      it(`${gpu ? 'GPU' : 'CPU'} schedule, ${m} x ${n}: every result of the faulty rows raises, an unrelated sum does not`, () => {
        const missed: string[] = [];
        onSchedule(gpu, () => {
          for (const [name, f] of Object.entries(programs)) {
            const x = cp.broadcast_to(cp.arange(n, { dtype: 'float32' }), [m + 1, n]).add(0).eval();
            const index = cp.arange(m).eval();
            index.set(m - 1, m + 5);
            const results = f(cp.take(x, index, { axis: 0 }));
            // (data of the same shape, evaluated with them; test/faults/kernel-errors.test.ts has a kernel that folds both)
            const unrelated = cp.ones([m, n], { dtype: 'float32' }).eval().sum(1);
            cp.eval(...results, unrelated);
            for (const [k, r] of results.entries()) {
              for (const read of [1, 2]) {
                try { r.dataSync(); missed.push(`${name}: result ${k} read ${read} raised nothing`); } catch (e) { expect((e as cp.CupytsError).code).toBe('ERR_INDEX'); }
              }
            }
            try { expect(unrelated.dataSync()[0]).toBe(n); } catch (e) { missed.push(`${name}: the unrelated sum raised ${(e as Error).message}`); }
          }
        });
        expect(missed).toEqual([]);
      });
    }
  }
});
