// Work that several kernels (or a broadcast) would repeat is computed once: against NumPy, with
// the kernels counted through cp.explain (the plans are the same on every backend).
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { explainPlans } from '../../src/api/evaluate.js';
import { recordCuda, toDevice, toHost } from '../helpers/arrays.js';
import { compareArrays, numpy, randomArray, type HostArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

function expectNumpy(actual: cp.NDArray, want: { ok: boolean; value?: unknown; error?: string }): void {
  recordCuda(actual);
  if (!want.ok) throw new Error(want.error);
  const cmp = compareArrays(toHost(actual), want.value as HostArray);
  expect(cmp.ok ? '' : cmp.message).toBe('');
}

describe('work of a reduction read through a broadcast', () => {
  it('is the reduction kernel\'s epilogue, so a bias updated each step stays one computed value', () => {
    const hx = randomArray('float32', [300], 1, { low: -2, high: 2 });
    const hy = randomArray('float32', [300], 2, { low: 0, high: 1 });
    const x = toDevice(hx);
    const y = toDevice(hy);
    let b = cp.zeros([], 'float32');
    const steps = 30;
    const inputsRead: number[] = [];
    for (let step = 0; step < steps; step++) {
      const error = cp.divide(1, cp.add(1, cp.exp(cp.negative(x.add(b))))).subtract(y);
      const e = cp.explain(error);
      // The elementwise kernel reads x, y and one computed b: never every earlier step's mean.
      inputsRead.push(Math.max(...e.kernels.map((k) => k.inputs.length)));
      error.eval();
      b = b.subtract(cp.mean(error).multiply(0.5));
    }
    expect(Math.max(...inputsRead)).toBeLessThanOrEqual(3);
    const last = cp.explain(b);
    expect(last.kernels).toHaveLength(1);
    expect(last.kernels[0].reason).toMatch(/epilogue/);
    const [want] = numpy([{
      expr: `(lambda b: [b := b - (1 / (1 + np.exp(-(x + b))) - y).mean(dtype=np.float32) * np.float32(0.5) for _ in range(${steps})][-1])(np.float32(0))`,
      inputs: { x: hx, y: hy },
    }]);
    expectNumpy(b, want);
  });

  // The same update with a bias per row or per column (keepdims, or a column mean without it, as
  // NumPy spells it): the rows' kernel folds the mean in its row pass and writes the new bias
  // beside its rows; a column mean kept apart (the CPU backend's columns) computes it as its
  // epilogue. Before, each step's kernel folded every earlier step's mean again (inputs 2, 3, ... 21).
  for (const [axis, keepdims] of [[1, true], [0, true], [0, false]] as const) {
    it(`a bias updated each step from the mean along axis ${axis}${keepdims ? ' (keepdims)' : ''} stays one computed value`, () => {
      const [m, n] = [24, 20];
      const hx = randomArray('float32', [m, n], 11, { low: -2, high: 2 });
      const hy = randomArray('float32', [m, n], 12, { low: -1, high: 1 });
      const x = toDevice(hx);
      const y = toDevice(hy);
      const bShape = axis === 1 ? [m, 1] : keepdims ? [1, n] : [n];
      let b = cp.zeros(bShape, 'float32');
      const steps = 25;
      const inputsRead: number[] = [];
      for (let step = 0; step < steps; step++) {
        const error = cp.tanh(x.add(b)).subtract(y);
        inputsRead.push(Math.max(...cp.explain(error).kernels.map((k) => k.inputs.length)));
        error.eval();
        b = b.subtract(cp.mean(error, axis, { keepdims }).multiply(0.5));
      }
      expect(Math.max(...inputsRead)).toBeLessThanOrEqual(5);
      const bExpr = axis === 1 ? `np.zeros((${m}, 1), np.float32)` : keepdims ? `np.zeros((1, ${n}), np.float32)` : `np.zeros(${n}, np.float32)`;
      const [want] = numpy([{
        expr: `(lambda b: [b := b - (np.tanh(x + b) - y).mean(axis=${axis}, keepdims=${keepdims ? 'True' : 'False'}, dtype=np.float32) * np.float32(0.5) for _ in range(${steps})][-1])(${bExpr})`,
        inputs: { x: hx, y: hy },
      }]);
      expectNumpy(b, want);
    });
  }

  it('x - x.mean() reads the mean computed once (one reduce kernel with its epilogue), on each backend\'s schedule', () => {
    const h = randomArray('float64', [40, 50], 3);
    const x = toDevice(h);
    const centred = x.subtract(cp.mean(x).multiply(2)).divide(cp.max(x, 0).add(3));
    const reasons = (backend: 'cpu' | 'cuda') => explainPlans([centred.node], backend).map((p) => p.group.reason);
    // The CPU backend keeps the column max apart (columns never fuse there): its `+ 3` is that
    // kernel's epilogue, and a third kernel reads both. A GPU folds the column max (NumPy's
    // spelling, no keepdims) into the row-persistent kernel that writes the result, which reads
    // the mean computed first.
    const cpu = reasons('cpu');
    expect(cpu).toHaveLength(3);
    expect(cpu.filter((r) => /epilogue/.test(r))).toHaveLength(2); // mean * 2 and max + 3, each in its reduction's kernel
    const gpu = reasons('cuda');
    expect(gpu).toHaveLength(2);
    expect(gpu[0]).toMatch(/computed first/); // the mean, read as data by the next kernel
    expect(gpu[1]).toMatch(/row-persistent/);
    const [want] = numpy([{ expr: '(x - x.mean() * 2) / (x.max(axis=0) + 3)', inputs: { x: h } }]);
    expectNumpy(centred, want);
  });

  it('keeps NaN, empty and 0-d cases as NumPy has them', () => {
    const h = randomArray('float32', [8, 5], 4);
    (h.data as Float32Array)[7] = NaN;
    const x = toDevice(h);
    const out = x.add(cp.sum(x, 1, { keepdims: false }).multiply(0.5).get(':, None'));
    const empty = cp.zeros([0, 3], 'float32');
    const e0 = empty.subtract(cp.sum(empty).add(1));
    const zero = cp.asarray(2.5, { dtype: 'float32' });
    const z0 = zero.add(cp.sum(zero).multiply(2));
    const [w1, w2, w3] = numpy([
      { expr: 'x + (x.sum(axis=1) * np.float32(0.5))[:, None]', inputs: { x: h } },
      { expr: 'np.zeros((0, 3), np.float32) - (np.float32(0) + 1)', inputs: {} },
      { expr: 'np.float32(2.5) + np.float32(2.5) * 2', inputs: {} },
    ]);
    expectNumpy(out, w1);
    expectNumpy(e0, w2);
    expectNumpy(z0, w3);
  });
});

describe('an array computed inside one kernel and read as data by another', () => {
  it('log-softmax read by exp and by take_along_axis is computed once (one row-persistent kernel writes both)', () => {
    const hl = randomArray('float32', [64, 10], 5, { low: -4, high: 4 });
    const hy = randomArray('int64', [64], 6, { low: 0, high: 9 });
    const logits = toDevice(hl);
    const labels = toDevice(hy);
    const shifted = logits.subtract(cp.max(logits, 1, { keepdims: true }));
    const logProbs = shifted.subtract(cp.log(cp.sum(cp.exp(shifted), 1, { keepdims: true })));
    const probabilities = cp.exp(logProbs);
    const loss = cp.mean(cp.take_along_axis(logProbs, labels.get(':, None'), 1)).multiply(-1);
    const e = cp.explain(probabilities, loss);
    const rowKernels = e.kernels.filter((k) => /row-persistent/.test(k.reason));
    expect(rowKernels).toHaveLength(1);
    expect(rowKernels[0].outputs).toHaveLength(2);
    expect(e.kernels).toHaveLength(3); // the row kernel, the gather, the mean
    const [wp, wl] = numpy([
      { expr: '(lambda s: np.exp(s - np.log(np.exp(s).sum(axis=1, keepdims=True))))(l - l.max(axis=1, keepdims=True))', inputs: { l: hl } },
      { expr: '(lambda s: np.take_along_axis(s - np.log(np.exp(s).sum(axis=1, keepdims=True)), y[:, None], 1).mean() * -1)(l - l.max(axis=1, keepdims=True))', inputs: { l: hl, y: hy } },
    ]);
    cp.eval(probabilities, loss);
    expectNumpy(probabilities, wp);
    expectNumpy(loss, wl);
  });

  it('an elementwise array read by a gather and by another kernel is written once', () => {
    const h = randomArray('float64', [50], 7);
    const x = toDevice(h);
    const y = x.sin().multiply(3);
    const picked = cp.take(y, cp.asarray([3, 1, 4, 1, 5], { dtype: 'int64' }));
    const total = cp.sum(y.add(1));
    const e = cp.explain(y.add(2), picked, total);
    const computingY = e.kernels.filter((k) => /sin/.test(k.name));
    expect(computingY).toHaveLength(1);
    const [w1, w2, w3] = numpy([
      { expr: 'np.sin(x) * 3 + 2', inputs: { x: h } },
      { expr: '(np.sin(x) * 3)[[3, 1, 4, 1, 5]]', inputs: { x: h } },
      { expr: '(np.sin(x) * 3 + 1).sum()', inputs: { x: h } },
    ]);
    const a = y.add(2);
    cp.eval(a, picked, total);
    expectNumpy(a, w1);
    expectNumpy(picked, w2);
    expectNumpy(total, w3);
  });
});
