// Column statistics feeding a broadcast (standardize, softmax, logsumexp along each axis): the
// scheduler keeps a reduction out of a row-persistent kernel whose geometry would starve the
// device (src/compiler/fusion-rules.ts, rowPassStarves), so tall-and-narrow column statistics run
// as split reductions and a plain elementwise kernel, while short-and-wide and row statistics
// stay one kernel (on the CPU backend rows always fuse and columns never do). Kernel counts of each backend's schedule
// (explainPlans, on broadcast inputs: nothing is computed),
// results against NumPy at small shapes whose plans decide the same way, bitwise repeatability.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { DEVICE_PASS_MIN_THREADS, rowPassStarves, ROW_PASS_MIN_THREADS } from '../../src/compiler/fusion-rules.js';
import type { ReduceNode } from '../../src/ir/graph.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { onSchedule } from '../helpers/schedule.js';
import { explainPlans } from '../../src/api/evaluate.js';
import { currentRunner } from '../../src/api/context.js';
import { recordCuda, toDevice, toHost } from '../helpers/arrays.js';
import { compareArrays, numpyOne, randomArray, type HostArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

type Program = 'standardize' | 'softmax' | 'logsumexp';

function program(name: Program, a: cp.NDArray, axis: number): cp.NDArray {
  if (name === 'standardize') return a.sub(a.mean(axis, { keepdims: true })).div(a.std(axis, { keepdims: true }));
  const mx = a.max(axis, { keepdims: true });
  const ex = a.sub(mx).exp();
  if (name === 'softmax') return ex.div(ex.sum(axis, { keepdims: true }));
  return ex.sum(axis).log().add(a.max(axis));
}

const NUMPY: Record<Program, string> = {
  standardize: '(a - a.mean(axis=AX, keepdims=True)) / a.std(axis=AX, keepdims=True)',
  softmax: 'np.exp(a - a.max(axis=AX, keepdims=True)) / np.exp(a - a.max(axis=AX, keepdims=True)).sum(axis=AX, keepdims=True)',
  logsumexp: 'np.log(np.exp(a - a.max(axis=AX, keepdims=True)).sum(axis=AX)) + a.max(axis=AX)',
};

const PROGRAMS: Program[] = ['standardize', 'softmax', 'logsumexp'];

/** Kernels a program compiles to over an (m × n) float32 input, along `axis`, on a GPU (default) or the CPU backend. */
function kernels(name: Program, m: number, n: number, axis: number, backend: 'cuda' | 'cpu' = 'cuda'): number {
  const a = cp.broadcast_to(cp.arange(n, { dtype: 'float32' }), [m, n]).add(0);
  return explainPlans([program(name, a, axis).node], backend).length;
}

/** Unfused kernel counts: standardize (the two means share one), softmax, logsumexp. */
const SPLIT = { standardize: 3, softmax: 3, logsumexp: 2 };
/**
 * Statistics kept apart (split, or columns): var's squares fold against the mean, and the sum of
 * exponentials against the maximum, in one read (src/ir/online-pairs.ts): the statistics kernel,
 * then the elementwise one (logsumexp: its epilogue only).
 */
const ONLINE = { standardize: 2, softmax: 2, logsumexp: 1 };
const FUSED = { standardize: 1, softmax: 1, logsumexp: 1 };

describe('column statistics feeding a broadcast: kernel counts', () => {
  const grid: [number, number, number, Record<Program, number>][] = [
    [2 ** 20, 256, 0, ONLINE], // 256 columns of 2^20: the fused kernel had 32 blocks
    [2 ** 20, 256, 1, FUSED],
    [2 ** 16, 2 ** 12, 0, ONLINE], // 128 column blocks of 512 threads (not split: each walks its columns whole)
    [2 ** 14, 2 ** 14, 0, ONLINE], // 512 column blocks: 262144 threads, under a device's 270336
    [2 ** 12, 2 ** 16, 0, FUSED], // 2048 column blocks
    [2 ** 14, 2 ** 14, 1, FUSED],
    [256, 2 ** 20, 0, FUSED],
    [256, 2 ** 20, 1, ONLINE], // 256 blocks of 512 threads, under a device's threads: split rows
    [2048, 2 ** 17, 1, FUSED], // 2048 row blocks: kept
    [8192, 16, 0, ONLINE], // the small tall-and-narrow shape the NumPy tests below run
    [16, 8192, 0, FUSED],
    [8192, 16, 1, FUSED],
    [16, 8192, 1, ONLINE], // 16 rows of 8192: 16 blocks, split rows instead
  ];
  for (const [m, n, axis, want] of grid) {
    for (const name of PROGRAMS) {
      it(`${name} of ${m}x${n} along axis ${axis}: ${want[name]} kernel(s)`, () => {
        expect(kernels(name, m, n, axis)).toBe(want[name]);
      });
    }
  }
});

// NumPy's spelling of the column programs: statistics over the leading axes without keepdims,
// which broadcasting puts back where they were (`(a - a.mean(0)) / a.std(0)`).
type NumpyProgram = 'standardize_np' | 'center_np' | 'softmax_np' | 'var_np';
const NP_PROGRAMS: NumpyProgram[] = ['standardize_np', 'center_np', 'softmax_np', 'var_np'];
function numpySpelling(name: NumpyProgram, a: cp.NDArray, axis: number | number[]): cp.NDArray {
  if (name === 'standardize_np') return a.sub(a.mean(axis)).div(a.std(axis));
  if (name === 'center_np') return a.sub(a.mean(axis));
  if (name === 'var_np') return a.sub(a.mean(axis)).mul(a.sub(a.mean(axis))).mean(axis);
  const ex = cp.exp(a.sub(cp.max(a, axis)));
  return ex.div(cp.sum(ex, axis));
}
const NUMPY_SPELLING: Record<NumpyProgram, string> = {
  standardize_np: '(a - a.mean(axis=AX)) / a.std(axis=AX)',
  center_np: 'a - a.mean(axis=AX)',
  var_np: '((a - a.mean(axis=AX)) * (a - a.mean(axis=AX))).mean(axis=AX)',
  softmax_np: 'np.exp(a - a.max(axis=AX)) / np.exp(a - a.max(axis=AX)).sum(axis=AX)',
};

describe("column statistics in NumPy's spelling (no keepdims): as many kernels as with keepdims", () => {
  const keepdimsForm: Record<NumpyProgram, (a: cp.NDArray) => cp.NDArray> = {
    standardize_np: (a) => program('standardize', a, 0),
    center_np: (a) => a.sub(a.mean(0, { keepdims: true })),
    var_np: (a) => a.sub(a.mean(0, { keepdims: true })).mul(a.sub(a.mean(0, { keepdims: true }))).mean(0),
    softmax_np: (a) => program('softmax', a, 0),
  };
  const grid: [number, number][] = [[2 ** 20, 256], [2 ** 14, 2 ** 14], [2 ** 12, 2 ** 16], [256, 2 ** 20], [64, 100000], [8192, 16], [16, 8192], [33, 77]];
  for (const [m, n] of grid) {
    for (const name of NP_PROGRAMS) {
      it(`${name} of ${m}x${n}`, () => {
        const a = cp.broadcast_to(cp.arange(n, { dtype: 'float32' }), [m, n]).add(0);
        const np = explainPlans([numpySpelling(name, a, 0).node], 'cuda').length;
        expect(np).toBe(explainPlans([keepdimsForm[name](a).node], 'cuda').length);
        // short-and-wide columns fill the device: one kernel (it was two before the spelling fused)
        if (m <= 4096 && n >= 16) expect(np).toBe(1);
      });
    }
  }
  it('over the two leading axes of a 3-D input, one kernel where the columns fill the device', () => {
    const a = cp.broadcast_to(cp.arange(4096, { dtype: 'float32' }), [16, 64, 4096]).add(0);
    expect(explainPlans([numpySpelling('standardize_np', a, [0, 1]).node], 'cuda')).toHaveLength(1);
  });
  it('not a statistic over a trailing axis, which broadcasting does not put back (a square input)', () => {
    const a = cp.broadcast_to(cp.arange(64, { dtype: 'float32' }), [64, 64]).add(0);
    const plans = explainPlans([a.sub(a.mean(1)).node], 'cuda');
    expect(plans.length).toBe(2); // the mean of each row, read as a row vector by a second kernel
  });
});

describe('column statistics feeding a broadcast: kernel counts on the CPU backend', () => {
  // Rows always fuse (the fused row kernel runs in WebAssembly), columns never (column sums apart do).
  for (const [m, n, axis, want] of [[256, 2 ** 20, 1, FUSED], [16, 8192, 1, FUSED], [2 ** 20, 256, 0, SPLIT], [2 ** 12, 2 ** 16, 0, SPLIT], [64, 64, 0, SPLIT]] as const) {
    for (const name of PROGRAMS) {
      it(`${name} of ${m}x${n} along axis ${axis}: ${want[name]} kernel(s)`, () => {
        expect(kernels(name, m, n, axis, 'cpu')).toBe(want[name]);
      });
    }
  }
});

describe('rowPassStarves', () => {
  const col = (m: number, n: number, axis: number): ReduceNode => {
    const node = cp.broadcast_to(cp.arange(n, { dtype: 'float32' }), [m, n]).sum(axis, { keepdims: true }).node;
    expect(node.kind).toBe('reduce');
    return node as ReduceNode;
  };
  it('decides from the fused and the lone geometry', () => {
    expect(rowPassStarves(col(2 ** 20, 256, 0))).toBe(true);
    expect(rowPassStarves(col(2 ** 14, 2 ** 14, 0))).toBe(true);
    expect(rowPassStarves(col(2 ** 12, 2 ** 16, 0))).toBe(false);
    expect(rowPassStarves(col(256, 2 ** 20, 1))).toBe(true);
    expect(rowPassStarves(col(2048, 2 ** 17, 1))).toBe(false);
    expect(rowPassStarves(col(2 ** 20, 256, 1))).toBe(false);
  });
  it('takes the thread threshold as an argument', () => {
    expect(ROW_PASS_MIN_THREADS).toBe(132 * 512);
    expect(DEVICE_PASS_MIN_THREADS).toBe(132 * 2048);
    expect(rowPassStarves(col(256, 2 ** 20, 1), 1e6)).toBe(true);
    expect(rowPassStarves(col(256, 2 ** 20, 1), 1000)).toBe(false);
    expect(rowPassStarves(col(2 ** 20, 256, 0), 1)).toBe(false);
  });
  it('never for an empty reduction', () => {
    expect(rowPassStarves(col(0, 256, 0))).toBe(false);
  });
});

function expectNumpy(actual: cp.NDArray, expr: string, a: HostArray): void {
  recordCuda(actual);
  const want = numpyOne(expr, { a });
  if (!want.ok) throw new Error(want.error);
  const cmp = compareArrays(toHost(actual), want.value as HostArray);
  expect(cmp.ok ? '' : cmp.message).toBe('');
}

describe('column statistics feeding a broadcast: against NumPy', () => {
  const shapes: [number, number][] = [[8192, 16], [16, 8192], [64, 48]];
  for (const dtype of ['float32', 'float64'] as const) {
    for (const [m, n] of shapes) {
      for (const axis of [0, 1, -2, -1]) {
        for (const name of PROGRAMS) {
          it(`${name} ${dtype} ${m}x${n} axis=${axis}`, () => {
            const h = randomArray(dtype, [m, n], m + n + axis, { low: -3, high: 3 });
            expectNumpy(program(name, toDevice(h), axis), NUMPY[name].replaceAll('AX', String(axis)), h);
          });
        }
      }
    }
  }
  // Extents of 1, middle axes of 3-D and 4-D inputs, no keepdims: each backend's schedule of these
  // (the CPU's keeps non-trailing statistics apart, except over an extent of 1) against NumPy.
  for (const shape of [[1, 9], [9, 1], [3, 1, 4], [1, 5, 1], [2, 3, 4], [4, 1, 1, 2]]) {
    for (let axis = 0; axis < shape.length; axis++) {
      it(`${PROGRAMS.join(', ')} and a mean without keepdims, float32 (${shape.join(', ')}) axis=${axis}`, () => {
        const h = randomArray('float32', shape, shape.length * 10 + axis, { low: -3, high: 3 });
        for (const name of PROGRAMS) expectNumpy(program(name, toDevice(h), axis), NUMPY[name].replaceAll('AX', String(axis)), h);
        const x = toDevice(h);
        expectNumpy(x.sub(cp.expand_dims(x.mean(axis), axis)).div(cp.expand_dims(x.std(axis), axis).add(1)),
          `(a - np.expand_dims(a.mean(axis=${axis}), ${axis})) / (np.expand_dims(a.std(axis=${axis}), ${axis}) + np.float32(1))`, h);
      });
    }
  }
  // NumPy's spelling (no keepdims) against NumPy, including a square input read along axis 0
  // (both axes broadcast-compatible) and statistics over two leading axes.
  for (const [shape, axis] of [[[8192, 16], 0], [[16, 8192], 0], [[64, 64], 0], [[1, 9], 0], [[9, 1], 0], [[6, 5, 7], [0, 1]], [[6, 5, 7], 0]] as [number[], number | number[]][]) {
    for (const dtype of ['float32', 'float64'] as const) {
      it(`${NP_PROGRAMS.join(', ')} in NumPy's spelling, ${dtype} (${shape.join(', ')}) axis=${JSON.stringify(axis)}`, () => {
        const h = randomArray(dtype, shape, shape[0] + shape.length, { low: -3, high: 3 });
        const ax = Array.isArray(axis) ? `(${axis.join(', ')})` : String(axis);
        for (const name of NP_PROGRAMS) expectNumpy(numpySpelling(name, toDevice(h), axis), NUMPY_SPELLING[name].replaceAll('AX', ax), h);
      });
    }
  }
  // Shapes big enough for the device-floor rule (DEVICE_PASS_MIN_THREADS): split rows and split columns.
  for (const [m, n, axis] of [[256, 32768, 1], [32768, 256, 0]] as const) {
    it(`the split statistics of ${m}x${n} along axis ${axis} (float32)`, () => {
      const h = randomArray('float32', [m, n], m + axis, { low: -3, high: 3 });
      for (const name of PROGRAMS) {
        expect(kernels(name, m, n, axis)).toBe(ONLINE[name]);
        expectNumpy(program(name, toDevice(h), axis), NUMPY[name].replaceAll('AX', String(axis)), h);
      }
    }, 120_000);
  }
  it('a transposed (non-contiguous) input', () => {
    const h = randomArray('float32', [16, 8192], 7, { low: -3, high: 3 });
    const a = toDevice(h).T;
    expectNumpy(program('standardize', a, 0), '(a.T - a.T.mean(axis=0, keepdims=True)) / a.T.std(axis=0, keepdims=True)', h);
  });
  it('gives bitwise the same result on every run', () => {
    const h = randomArray('float32', [8192, 16], 9, { low: -3, high: 3 });
    const first = toHost(program('standardize', toDevice(h), 0)).data as Float32Array;
    const second = toHost(program('standardize', toDevice(h), 0)).data as Float32Array;
    expect(Array.from(second)).toEqual(Array.from(first));
  });
});

// The GPU's schedule of statistics that fold online (src/ir/online-pairs.ts) run on the CPU
// backend's code (its runner reporting kind 'cuda', as below): the scheduler's grouping (the
// partner joins the split kernel, the epilogue with it) against NumPy. The CUDA folds themselves
// run under the host emulator (test/ops/reduce-online-emulated.test.ts) and on a GPU. float64:
// the CPU's code sums a GPU plan's columns in order, 8192 float32 values drifting past NumPy's
// pairwise sums by more than float32's tolerance.
describe("statistics folded online: the GPU's schedule against NumPy", () => {
  const programs: Array<[string, (a: cp.NDArray, axis: number) => cp.NDArray | cp.NDArray[], (axis: number) => string]> = [
    ['var ddof=1 and mean', (a, axis) => [cp.var(a, axis, { ddof: 1 }), cp.mean(a, axis)], (axis) => `np.var(a, axis=${axis}, ddof=1)`],
    ['std without keepdims', (a, axis) => cp.std(a, axis), (axis) => `np.std(a, axis=${axis})`],
    ['sum of centered squares', (a, axis) => cp.square(a.sub(a.mean(axis, { keepdims: true }))).sum(axis), (axis) => `np.square(a - a.mean(axis=${axis}, keepdims=True)).sum(axis=${axis})`],
    ['softmax sharing its maximum', (a, axis) => { const m = a.max(axis, { keepdims: true }); const e = cp.exp(a.sub(m)); return e.div(e.sum(axis, { keepdims: true })); },
      (axis) => `np.exp(a - a.max(axis=${axis}, keepdims=True)) / np.exp(a - a.max(axis=${axis}, keepdims=True)).sum(axis=${axis}, keepdims=True)`],
  ];
  for (const [m, n, axis] of [[8192, 16, 0], [16, 8192, 1], [2, 40000, -1]] as const) {
    for (const dtype of ['float64'] as const) {
      it(`${[...PROGRAMS, ...programs.map(([name]) => name)].join(', ')}: ${dtype} ${m}x${n} along axis ${axis}`, () => {
        const h = randomArray(dtype, [m, n], m + n + axis, { low: 1, high: 4 });
        for (const name of PROGRAMS) {
          const plans = explainPlans([program(name, toDevice(h), axis).node], 'cuda').map((p) => p.plan);
          expect(plans.some((p) => p.kind === 'reduce' && p.split && p.reductions.some((r) => r.online))).toBe(true);
          onSchedule(true, () => expectNumpy(program(name, toDevice(h), axis), NUMPY[name].replaceAll('AX', String(axis)), h));
        }
        for (const [, f, expr] of programs) {
          const results = [f(toDevice(h), axis)].flat();
          const plans = explainPlans(results.map((r) => r.node), 'cuda').map((p) => p.plan);
          expect(plans.some((p) => p.kind === 'reduce' && p.reductions.some((r) => r.online))).toBe(true);
          onSchedule(true, () => expectNumpy(results[0], expr(axis), h));
        }
      }, 60_000);
    }
  }
});

// A column statistic read directly and through a view (m and m[:, None], m[::-1], m.T): a row pass
// cannot read both, so the statistic is computed first. The region walk had marked it read
// through a view only where the view came first, so the GPU's row-persistent kernel read the
// current column's value for both (GCN's D^-1/2 A D^-1/2 came out as A * d[j] * d[j]), or
// planning threw ERR_INTERNAL. On a GPU these run for real; on the CPU backend the GPU's schedule
// runs on the CPU's code (its runner reporting kind 'cuda' for the test), which shares its plans.
describe("a column statistic read directly and through a view: the GPU's schedule", () => {
  const programs: Array<[string, (a: cp.NDArray) => cp.NDArray, string]> = [
    ['gcn', (a) => { const d = cp.power(a.sum(0), -0.5); return a.mul(d).mul(d.get(':, None')); }, '(lambda d: a * d * d[:, None])(a.sum(axis=0) ** -0.5)'],
    ['gcn reshape', (a) => { const d = cp.power(a.sum(0), -0.5); return a.mul(d).mul(d.reshape(-1, 1)); }, '(lambda d: a * d * d.reshape(-1, 1))(a.sum(axis=0) ** -0.5)'],
    ['reversed', (a) => { const m = a.mean(0); return a.sub(m).add(m.get('::-1')); }, '(lambda m: a - m + m[::-1])(a.mean(axis=0))'],
    ['std column', (a) => { const sd = a.std(0); return a.div(sd).add(sd.get(':, None')); }, '(lambda s: a / s + s[:, None])(a.std(axis=0))'],
    ['keepdims transposed', (a) => { const m = a.mean(0, { keepdims: true }); return a.sub(m).add(m.T); }, '(lambda m: a - m + m.T)(a.mean(axis=0, keepdims=True))'],
    ['rows keepdims reversed', (a) => { const m = a.mean(1, { keepdims: true }); return a.sub(m).add(m.get('::-1')); }, '(lambda m: a - m + m[::-1])(a.mean(axis=1, keepdims=True))'],
  ];
  for (const [n, m] of [[5, 5], [16, 16], [64, 64]]) {
    it(`${programs.map(([name]) => name).join(', ')} at ${n}x${m}`, () => {
      const h = randomArray('float64', [n, m], n + 3, { low: 0.5, high: 2 });
      const runner = currentRunner() as { kind: string };
      const emulate = runner.kind === 'cpu';
      for (const [, f] of programs) expect(() => explainPlans([f(toDevice(h)).node], 'cuda')).not.toThrow();
      if (emulate) Object.defineProperty(runner, 'kind', { value: 'cuda', configurable: true, writable: true });
      try {
        for (const [, f, expr] of programs) expectNumpy(f(toDevice(h)), expr, h);
      } finally {
        if (emulate) Object.defineProperty(runner, 'kind', { value: 'cpu', configurable: true, writable: false });
      }
    });
  }
});
