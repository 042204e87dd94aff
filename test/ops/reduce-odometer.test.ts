// Reductions over views whose reduced dims do not merge walk their elements with an odometer on the
// CPU backend (src/codegen/js-reduce.ts, odometer): offsets carried from dim to dim instead of divided
// out per element. Folds that may take any order (sums, max, min) walk the reduced dims in the memory
// order of their first input (src/ir/reduce-plan.ts, memoryOrder): over a transposed view that is the
// base array's order, so A.T.sum() is A.sum() bit for bit, as in NumPy; over a stepped or reversed
// slice it is the view's own order. Arg folds and row outputs keep the view's C order. So every result
// here equals its twin's bit for bit (the base array for a transpose, a materialized copy otherwise,
// and a copy for the arg folds): pairwise sums whose leaves start and stop inside a row (sizes around
// 8 and 128), folds and arg folds; a row output (softmax) over two reduced dims within a tolerance.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';
import { currentBackend, setBackendNotice } from '../../src/runtime/backend.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { compareArrays, numpyOne, randomArray, type HostArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

const bits = (h: HostArray) => Buffer.from(new Uint8Array(h.data.buffer, h.data.byteOffset, h.data.byteLength)).toString('hex');

type View = (a: cp.NDArray) => cp.NDArray;
/** name, base shape, view, NumPy's view, whether the view is a transpose (its memory order is the base's) */
const VIEWS: Array<[string, number[], View, string, boolean]> = [
  ['transposed 3 x 5', [3, 5], (a) => a.T, 'x.T', true],
  ['transposed 17 x 9', [17, 9], (a) => a.T, 'x.T', true],
  ['transposed 33 x 65', [33, 65], (a) => a.T, 'x.T', true],
  ['transposed 130 x 7', [130, 7], (a) => a.T, 'x.T', true],
  ['axes (2, 0, 1) of 6 x 5 x 11', [6, 5, 11], (a) => a.transpose(2, 0, 1), 'x.transpose(2, 0, 1)', true],
  ['every other row and third column of 40 x 70', [40, 70], (a) => a.get([cp.slice(null, null, 2), cp.slice(null, null, 3)]), 'x[::2, ::3]', false],
  ['reversed rows of 12 x 21', [12, 21], (a) => a.get([cp.slice(null, null, -1), cp.slice(1, null)]), 'x[::-1, 1:]', false],
  ['every third of 9 x 10 x 26', [9, 10, 26], (a) => a.get([cp.slice(null, null, 2), cp.slice(1, null, 3), cp.slice(null, null, 5)]), 'x[::2, 1::3, ::5]', false],
];

describe.runIf(currentBackend() === 'cpu')('reductions over views of unmerged reduced dims (CPU odometer, memory order)', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const [name, shape, view, npView, transpose] of VIEWS) {
      const x = randomArray(dtype, shape, shape.reduce((a, b) => a * 31 + b, 7), { low: -5, high: 5 });
      const viewed = () => view(toDevice(x));
      const copy = () => toDevice(toHost(viewed()));
      const twin = transpose ? () => toDevice(x) : copy;
      const equal = (f: (a: cp.NDArray) => cp.NDArray, of: () => cp.NDArray) => {
        const v = toHost(f(viewed()));
        expect(bits(v)).toBe(bits(toHost(f(of()))));
        return v;
      };
      it(`${dtype} sum and max over ${name}: its memory order`, () => {
        const s = equal((a) => a.mul(a).add(1).sum(), twin);
        equal((a) => a.max(), twin);
        const want = numpyOne(`np.sum(${npView} * ${npView} + 1)`, { x });
        if (!want.ok) throw new Error(want.error);
        const cmp = compareArrays(s, want.value as HostArray, { rtol: dtype === 'float32' ? 1e-5 : 1e-12, atol: 0 });
        expect(cmp.ok ? '' : cmp.message).toBe('');
      });
      it(`${dtype} argmin over ${name}: its C order`, () => {
        equal((a) => a.argmin(), copy);
      });
      if (shape.length === 3) {
        it(`${dtype} softmax over the last two axes of ${name}`, () => {
          // within a tolerance: a contiguous row takes WebAssembly's exp, the odometer's walk Math.exp
          const softmax = (a: cp.NDArray) => { const e = a.sub(a.max({ axis: [1, 2], keepdims: true })).exp(); return e.div(e.sum({ axis: [1, 2], keepdims: true })); };
          const cmp = compareArrays(toHost(softmax(viewed())), toHost(softmax(copy())), { rtol: dtype === 'float32' ? 1e-5 : 1e-12, atol: 0 });
          expect(cmp.ok ? '' : cmp.message).toBe('');
        });
      }
    }
  }
  it('a broadcast full sum keeps its order: an operand constant along a dim has no say in it', () => {
    const x = toDevice(randomArray('float32', [30, 16], 6, { low: -1, high: 1 }));
    const y = toDevice(randomArray('float32', [20, 16], 7, { low: -1, high: 1 }));
    const total = cp.expand_dims(x, 1).sub(cp.expand_dims(y, 0)).square().sum();
    const plans = explainPlans([total.node]).map((p) => p.plan);
    expect(plans.map((p) => (p.kind === 'reduce' ? p.reducedDims : []))).toEqual([[30, 20, 16]]);
  });
  it('A.T.max() reads A in one merged dim', () => {
    const a = toDevice(randomArray('float32', [64, 32], 5, { low: -1, high: 1 }));
    const plans = explainPlans([a.T.max().node]).map((p) => p.plan);
    expect(plans.map((p) => (p.kind === 'reduce' ? p.reducedDims : []))).toEqual([[2048]]);
  });
});
