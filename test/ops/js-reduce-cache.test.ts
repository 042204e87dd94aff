// A costly row value that a reduction's last phase sums and its row output reads (softmax's
// exp(x - max)) is computed once by the CPU backend's reduce kernel (src/codegen/js-reduce-cache.ts):
// written into the row output, summed from there, and finished in place. Checked against NumPy
// at row lengths across the JS and WebAssembly paths, along strided axes, with NaN and Inf, empty
// stacks, float64; and which programs keep
// recomputing (a cheap value). On other backends the same programs still meet NumPy.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { compareArrays, numpyOne, randomArray, type DTypeName, type HostArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

const ON_CPU = cp.currentBackend() === 'cpu';
const MARK = 'is computed once, into rout0';
/** Whether some kernel computing `ys` stores a row value once (the CPU backend's JS kernels). */
const caches = (...ys: cp.NDArray[]) => cp.explain(...ys).kernels.some((k) => k.source.includes(MARK));

function expectNumpy(actual: cp.NDArray, expr: string, inputs: Record<string, HostArray>, dtype: DTypeName): void {
  const want = numpyOne(expr, inputs);
  if (!want.ok) throw new Error(want.error);
  const tol = dtype === 'float32' ? { rtol: 2e-5, atol: 1e-6 } : { rtol: 1e-12, atol: 1e-14 };
  const cmp = compareArrays(toHost(actual), want.value as HostArray, tol);
  expect(cmp.ok ? '' : `${expr}: ${cmp.message}`).toBe('');
}

const softmax = (x: cp.NDArray, axis: number) => {
  const e = x.sub(x.max({ axis, keepdims: true })).exp();
  return e.div(e.sum({ axis, keepdims: true }));
};
const NP_SOFTMAX = (axis: number) => `(lambda e: e / e.sum(axis=${axis}, keepdims=True))(np.exp(a - a.max(axis=${axis}, keepdims=True)))`;

describe('a row value computed once (CPU reduce kernels)', () => {
  for (const dtype of ['float32', 'float64'] as DTypeName[]) {
    it(`softmax of ${dtype} meets NumPy at row lengths across the JS and WebAssembly paths`, () => {
      for (const n of [1, 7, 31, 100, 255, 256, 300, 1024, 20000]) {
        const a = randomArray(dtype, [3, n], n, { low: -20, high: 20 });
        const y = softmax(toDevice(a), -1);
        // (a row of one is no reduction; rows of 20000 are three kernels, none of them with a row output)
        if (ON_CPU && n > 1 && n <= 1024) expect(caches(y), `rows of ${n}`).toBe(true);
        expectNumpy(y, NP_SOFTMAX(-1), { a }, dtype);
      }
    });

    it(`softmax of ${dtype} along a strided axis, of a transposed view, and with NaN and Inf`, () => {
      const a = randomArray(dtype, [40, 33], 5, { low: -5, high: 5 });
      expectNumpy(softmax(toDevice(a), 0), NP_SOFTMAX(0), { a }, dtype);
      const t = randomArray(dtype, [300, 4], 6);
      expectNumpy(softmax(toDevice(t).T, -1), '(lambda b: (lambda e: e / e.sum(-1, keepdims=True))(np.exp(b - b.max(-1, keepdims=True))))(a.T)', { a: t }, dtype);
      const s = randomArray(dtype, [6, 300], 7, { special: true });
      expectNumpy(softmax(toDevice(s), -1), NP_SOFTMAX(-1), { a: s }, dtype);
    });
  }

  it('an empty stack of rows, one long row, and a value requested beside its sum', () => {
    const y = softmax(cp.zeros([0, 5], 'float32'), -1);
    expect(y.shape).toEqual([0, 5]);
    expect(toHost(y).data.length).toBe(0);
    const a = randomArray('float32', [500], 3);
    expectNumpy(softmax(toDevice(a), 0), NP_SOFTMAX(0), { a }, 'float32');
    const b = randomArray('float32', [8, 1000], 11, { low: -3, high: 3 });
    const x = toDevice(b);
    const e = x.sub(x.max({ axis: -1, keepdims: true })).exp();
    const s = e.sum({ axis: -1 });
    cp.eval(e, s);
    expectNumpy(e, 'np.exp(a - a.max(-1, keepdims=True))', { a: b }, 'float32');
    expectNumpy(s, 'np.exp(a - a.max(-1, keepdims=True)).sum(-1)', { a: b }, 'float32');
  });

  it('recomputes a cheap value (a centred row) instead of storing it', () => {
    const a = randomArray('float32', [4, 512], 12);
    const x = toDevice(a);
    const c = x.sub(x.mean({ axis: -1, keepdims: true }));
    const y = c.div(c.sum({ axis: -1, keepdims: true }).add(1000));
    if (ON_CPU) expect(caches(y)).toBe(false);
    expectNumpy(y, '(lambda c: c / (c.sum(-1, keepdims=True) + np.float32(1000)))(a - a.mean(-1, keepdims=True))', { a }, 'float32');
  });
});
