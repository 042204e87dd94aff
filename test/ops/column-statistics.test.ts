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
import { explainPlans } from '../../src/api/evaluate.js';
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
const FUSED = { standardize: 1, softmax: 1, logsumexp: 1 };

describe('column statistics feeding a broadcast: kernel counts', () => {
  const grid: [number, number, number, Record<Program, number>][] = [
    [2 ** 20, 256, 0, SPLIT], // 256 columns of 2^20: the fused kernel had 32 blocks
    [2 ** 20, 256, 1, FUSED],
    [2 ** 16, 2 ** 12, 0, SPLIT], // 128 column blocks of 512 threads
    [2 ** 14, 2 ** 14, 0, SPLIT], // 512 column blocks: 262144 threads, under a device's 270336
    [2 ** 12, 2 ** 16, 0, FUSED], // 2048 column blocks
    [2 ** 14, 2 ** 14, 1, FUSED],
    [256, 2 ** 20, 0, FUSED],
    [256, 2 ** 20, 1, SPLIT], // 256 blocks of 512 threads, under a device's threads: split rows
    [2048, 2 ** 17, 1, FUSED], // 2048 row blocks: kept
    [8192, 16, 0, SPLIT], // the small tall-and-narrow shape the NumPy tests below run
    [16, 8192, 0, FUSED],
    [8192, 16, 1, FUSED],
    [16, 8192, 1, SPLIT], // 16 rows of 8192: 16 blocks, split rows instead
  ];
  for (const [m, n, axis, want] of grid) {
    for (const name of PROGRAMS) {
      it(`${name} of ${m}x${n} along axis ${axis}: ${want[name]} kernel(s)`, () => {
        expect(kernels(name, m, n, axis)).toBe(want[name]);
      });
    }
  }
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
  // Shapes big enough for the device-floor rule (DEVICE_PASS_MIN_THREADS): split rows and split columns.
  for (const [m, n, axis] of [[256, 32768, 1], [32768, 256, 0]] as const) {
    it(`the split statistics of ${m}x${n} along axis ${axis} (float32)`, () => {
      const h = randomArray('float32', [m, n], m + axis, { low: -3, high: 3 });
      for (const name of PROGRAMS) {
        expect(kernels(name, m, n, axis)).toBe(SPLIT[name]);
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
