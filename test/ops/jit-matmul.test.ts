// cp.jit over programs with matmul (src/api/gemm.ts records each GEMM in the trace as a library
// step of the launch list): replays do not run fn, give bitwise the eager results, and match NumPy.
// The CPU backend here; test/gpu/jit-device.test.ts runs the same programs through cuBLAS and
// CUDA graphs.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { compareArrays, hostArray, numpyOne, type HostArray } from '../helpers/numpy-oracle.js';
import { arr, hex, replays, values, type Fn } from '../helpers/jit.js';

const host = (a: cp.NDArray): HostArray => hostArray(a.dtype.name as 'float64', [...a.shape], (i) => Number((a.toTypedArray() as Float64Array)[i]));

const sigmoid = (z: cp.NDArray) => cp.divide(1, cp.exp(z.neg()).add(1));

describe('cp.jit with matmul: GEMMs replay as steps of the launch list', () => {
  it('a logistic-regression step replays without running fn, equal to eager and to NumPy', () => {
    const n = 64, d = 16, lr = 0.1;
    const step = (X: cp.NDArray, y: cp.NDArray, w: cp.NDArray) =>
      w.sub(cp.matmul(X.T, sigmoid(cp.matmul(X, w)).sub(y)).mul(lr / n));
    const X = arr([n, d], 'float64', 1);
    const y = cp.asarray(values(n, 2).map((v) => (v > 0 ? 1 : 0))).astype('float64');
    const calls = [0, 1, 2, 3].map((k) => [X, y, arr([d], 'float64', 10 + k)]);
    const { runs, f } = replays(step, calls);
    expect(runs).toBe(1);
    const e = f.explain(X, y, calls[0][2]);
    expect(e.mode).toBe('replay');
    expect(e.segments[0].kernels.filter((k) => k.startsWith('gemm_')).length).toBe(2);
    for (const [, , w] of calls) {
      const got = f(X, y, w) as cp.NDArray;
      const want = numpyOne(`w - ${lr} * (X.T @ (1 / (1 + np.exp(-(X @ w))) - y)) / ${n}`, { X: host(X), y: host(y), w: host(w) });
      if (!want.ok) throw new Error(want.error);
      const cmp = compareArrays(host(got), want.value as HostArray, { rtol: 1e-12, atol: 1e-12 });
      expect(cmp.ok ? '' : cmp.message).toBe('');
    }
  });

  it('a training loop feeding each result back (new buffers every call) stays equal to eager', () => {
    const step = (X: cp.NDArray, w: cp.NDArray) => w.sub(cp.matmul(X.T, cp.tanh(cp.matmul(X, w))).mul(0.01));
    const X = arr([32, 8], 'float32', 3);
    const f = cp.jit(step);
    let wj = arr([8, 2], 'float32', 4);
    let we = wj;
    for (let k = 0; k < 6; k++) {
      wj = f(X, wj) as cp.NDArray;
      we = step(X, we).eval();
      expect(hex(wj)).toBe(hex(we));
    }
  });

  it('an MLP layer (bias, GELU-like activation) over dtypes, with a closure weight', () => {
    for (const dtype of ['float32', 'float64', 'int32', 'complex64']) {
      const W = arr([12, 6], dtype, 5);
      const b = arr([6], dtype, 6);
      const layer = (x: cp.NDArray) => {
        const h = cp.matmul(x, W).add(b);
        return dtype === 'int32' || dtype === 'complex64' ? h.mul(h) : h.mul(sigmoid(h.mul(1.702)));
      };
      const { runs } = replays(layer, [1, 2, 3].map((k) => [arr([5, 12], dtype, 20 + k)]));
      expect(runs).toBe(1);
      // a write to the closure weight between calls is seen
      const f = cp.jit(layer);
      const x = arr([5, 12], dtype, 30);
      f(x);
      W.set([0, 0], 3);
      expect(hex(f(x) as cp.NDArray)).toBe(hex(layer(x) as cp.NDArray));
    }
  });

  it('batched and broadcast matmul, transposed views, vectors, and a matmul result returned as it is', () => {
    const progs: Array<[Fn, number[][]]> = [
      [(a, b) => cp.matmul(a, b), [[3, 4, 5], [3, 5, 2]]],
      [(a, b) => cp.matmul(a, b).sum(-1), [[2, 3, 4, 5], [5, 6]]],
      [(a, b) => cp.matmul(a.T, b.T).add(1), [[4, 3], [5, 4]]],
      [(a, b) => [cp.matmul(a, b), cp.dot(b, b)], [[6, 4], [4]]],
      [(a, b) => cp.einsum('ij,kj->ik', a, b).mul(2), [[3, 4], [5, 4]]],
    ];
    for (const [fn, shapes] of progs) {
      const { runs } = replays(fn, [0, 1, 2].map((k) => shapes.map((s, j) => arr(s, 'float64', 40 + 3 * k + j))));
      expect(runs).toBe(1);
    }
  });

  it('a matmul of an argument and a lazy input computed inside fn (an empty matmul too)', () => {
    const fn = (a: cp.NDArray, b: cp.NDArray) => cp.matmul(a.mul(2).add(1), b);
    replays(fn, [0, 1].map((k) => [arr([4, 3], 'float32', 60 + k), arr([3, 2], 'float32', 70 + k)]));
    const { runs } = replays(fn, [0, 1].map(() => [arr([0, 3], 'float32', 1), arr([3, 2], 'float32', 2)]));
    expect(runs).toBe(1);
  });
});
