// A reduction read by its epilogue through a view that keeps its C order (a squeeze, an
// expand_dims, a reshape) runs in the reduction's kernel: `m.squeeze(axis) + log(sum(exp(x - m)))`
// is one kernel, as the keepdims-free form is (src/compiler/in-order.ts). Views that move
// elements (a transpose of a 2-D result) still compute the reduction first. Kernel counts through
// cp.explain; values against NumPy over dtypes, axes (negative too), 3-D inputs, strided inputs,
// empty kept extents and NaN.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { recordCuda, toDevice, toHost } from '../helpers/arrays.js';
import { compareArrays, numpyOne, randomArray, type HostArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

interface Case {
  name: string;
  program: (a: cp.NDArray, axis: number) => cp.NDArray;
  numpy: string;
  kernels: number;
}

const CASES: Case[] = [
  {
    name: 'logsumexp through squeeze',
    program: (a, axis) => {
      const m = a.max(axis, { keepdims: true });
      return m.squeeze(axis).add(a.sub(m).exp().sum(axis).log());
    },
    numpy: 'a.max(axis=AX) + np.log(np.exp(a - a.max(axis=AX, keepdims=True)).sum(axis=AX))',
    kernels: 1,
  },
  {
    name: 'keepdims sum squeezed, then scaled',
    program: (a, axis) => a.sum(axis, { keepdims: true }).squeeze(axis).mul(2).add(a.min(axis)),
    numpy: 'a.sum(axis=AX) * 2 + a.min(axis=AX)',
    kernels: 1,
  },
  {
    name: 'a sum given back its axis by expand_dims',
    program: (a, axis) => cp.expand_dims(a.sum(axis), axis).sub(a.mean(axis, { keepdims: true })),
    numpy: 'np.expand_dims(a.sum(axis=AX), AX) - a.mean(axis=AX, keepdims=True)',
    kernels: 1,
  },
];

function expectNumpy(actual: cp.NDArray, expr: string, a: HostArray): void {
  recordCuda(actual);
  const want = numpyOne(expr, { a });
  if (!want.ok) throw new Error(want.error);
  const cmp = compareArrays(toHost(actual), want.value as HostArray);
  expect(cmp.ok ? '' : cmp.message).toBe('');
}

describe('reductions read through order-keeping views: one kernel', () => {
  for (const c of CASES) {
    for (const [shape, axis] of [[[64, 48], 1], [[64, 48], 0], [[6, 5, 40], -1], [[6, 5, 40], 1]] as const) {
      it(`${c.name}, (${shape.join(', ')}) axis ${axis}: ${c.kernels} kernel(s)`, () => {
        const a = cp.broadcast_to(cp.arange(shape[shape.length - 1], { dtype: 'float32' }), [...shape]).add(0);
        // a GPU's schedule (the CPU backend's keeps column statistics apart: compiler/groups.ts)
        expect(explainPlans([c.program(a, axis).node], 'cuda').length).toBe(c.kernels);
      });
    }
  }
  it('a transpose of a 2-D reduction moves its elements: the reduction is computed first', () => {
    const a = cp.broadcast_to(cp.arange(40, { dtype: 'float32' }), [6, 5, 40]).add(0);
    expect(explainPlans([a.sum(-1).T.add(a.max(-1).T).node], 'cuda').length).toBeGreaterThan(1);
  });
});

describe('reductions read through order-keeping views: against NumPy', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const c of CASES) {
      for (const [shape, axis] of [[[33, 17], 1], [[33, 17], -2], [[4, 3, 70], -1], [[4, 3, 70], 0], [[5, 1, 9], 1]] as const) {
        it(`${c.name} ${dtype} (${shape.join(', ')}) axis=${axis}`, () => {
          const h = randomArray(dtype, [...shape], shape.length * 31 + axis, { low: -4, high: 4 });
          expectNumpy(c.program(toDevice(h), axis), c.numpy.replaceAll('AX', String(axis)), h);
        });
      }
    }
  }
  it('a strided (transposed) input', () => {
    const h = randomArray('float32', [40, 24], 3, { low: -4, high: 4 });
    expectNumpy(CASES[0].program(toDevice(h).T, 1), 'a.T.max(axis=1) + np.log(np.exp(a.T - a.T.max(axis=1, keepdims=True)).sum(axis=1))', h);
  });
  it('an empty kept extent', () => {
    const h = randomArray('float32', [0, 7], 1);
    expectNumpy(CASES[1].program(toDevice(h), 1), 'a.sum(axis=1) * 2 + a.min(axis=1)', h);
  });
  it('NaN in a row', () => {
    const h = randomArray('float64', [6, 9], 5, { low: -4, high: 4 });
    (h.data as Float64Array)[13] = NaN;
    expectNumpy(CASES[0].program(toDevice(h), 1), 'a.max(axis=1) + np.log(np.exp(a - a.max(axis=1, keepdims=True)).sum(axis=1))', h);
  });
  it('a transpose of a 2-D reduction, against NumPy', () => {
    const h = randomArray('float32', [6, 5, 40], 8, { low: -4, high: 4 });
    const a = toDevice(h);
    expectNumpy(a.sum(-1).T.add(a.max(-1).T), 'a.sum(axis=-1).T + a.max(axis=-1).T', h);
  });
});
