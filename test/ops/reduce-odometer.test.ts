// Reductions over views whose reduced dims do not merge (a transposed or stepped view) walk their
// elements with an odometer on the CPU backend (src/codegen/js-reduce.ts, odometer): offsets carried
// from dim to dim instead of divided out per element. The walk visits the same elements in the same
// C order as over a contiguous copy of the view, so every result here equals the copy's bit for bit:
// pairwise sums whose leaves start and stop inside a row of the view (sizes around 8 and 128),
// folds and arg folds, and a row output (softmax) over two and three reduced dims.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { currentBackend, setBackendNotice } from '../../src/runtime/backend.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { compareArrays, numpyOne, randomArray, type HostArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

const bits = (h: HostArray) => Buffer.from(new Uint8Array(h.data.buffer, h.data.byteOffset, h.data.byteLength)).toString('hex');

type View = (a: cp.NDArray) => cp.NDArray;
const VIEWS: Array<[string, number[], View, string]> = [
  ['transposed 3 x 5', [3, 5], (a) => a.T, 'x.T'],
  ['transposed 17 x 9', [17, 9], (a) => a.T, 'x.T'],
  ['transposed 33 x 65', [33, 65], (a) => a.T, 'x.T'],
  ['transposed 130 x 7', [130, 7], (a) => a.T, 'x.T'],
  ['axes (2, 0, 1) of 6 x 5 x 11', [6, 5, 11], (a) => a.transpose(2, 0, 1), 'x.transpose(2, 0, 1)'],
  ['every other row and column of 40 x 70', [40, 70], (a) => a.get([cp.slice(null, null, 2), cp.slice(null, null, 3)]), 'x[::2, ::3]'],
  ['reversed rows of 12 x 21', [12, 21], (a) => a.get([cp.slice(null, null, -1), cp.slice(1, null)]), 'x[::-1, 1:]'],
];

describe.runIf(currentBackend() === 'cpu')('reductions over views of unmerged reduced dims (CPU odometer)', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const [name, shape, view, npView] of VIEWS) {
      const x = randomArray(dtype, shape, shape.reduce((a, b) => a * 31 + b, 7), { low: -5, high: 5 });
      const same = (f: (a: cp.NDArray) => cp.NDArray) => {
        const v = toHost(f(view(toDevice(x))));
        const c = toHost(f(cp.ascontiguousarray(view(toDevice(x)))));
        expect(bits(v)).toBe(bits(c));
        return v;
      };
      it(`${dtype} sum, max, argmin over ${name}`, () => {
        const s = same((a) => a.mul(a).add(1).sum());
        same((a) => a.max());
        same((a) => a.argmin());
        const want = numpyOne(`np.sum(${npView} * ${npView} + 1)`, { x });
        if (!want.ok) throw new Error(want.error);
        const cmp = compareArrays(s, want.value as HostArray, { rtol: dtype === 'float32' ? 1e-5 : 1e-12, atol: 0 });
        expect(cmp.ok ? '' : cmp.message).toBe('');
      });
      if (shape.length === 3) {
        it(`${dtype} softmax over the last two axes of ${name}`, () => {
          same((a) => { const e = a.sub(a.max({ axis: [1, 2], keepdims: true })).exp(); return e.div(e.sum({ axis: [1, 2], keepdims: true })); });
        });
      }
    }
  }
});
