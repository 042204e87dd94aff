// Sort windows that top-k does not take (src/ir/topk-plan.ts topkWorth, at its default tuning:
// more than 4 positions on lines shorter than 32 × the list's square): a sort's window is computed
// by the radix select at the window's far end and sorted by one warp on a CUDA device
// (src/codegen/select-cuda.ts), by the window path on the CPU; a partition's window is its whole
// partition. Either way the positions must be bitwise those of the whole result (computed first,
// then viewed): every dtype with NaN, ±0, ±inf and ties, both ends, both axes, strided views. The
// plans are checked (strategy and window), and every kernel built compiles (NVRTC).
// (Session 38: the CPU kernel first read the select's kth as a partition's and wrote a sort's
// window in partition order; test/ops/sort-window.test.ts runs with every window a top-k one.)
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, toDevice } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';
import { compareWindowed } from '../helpers/sort-window.js';
import { DTYPE_NAMES, randomArray, type DTypeName } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

let seed = 9400;
/** Few distinct values (ties at the window's edge), and NaN, ±inf, ±0 for floats. */
const data = (dtype: DTypeName, shape: number[]) =>
  randomArray(dtype, shape, seed++, dtype === 'bool' ? {} : { low: dtype.startsWith('u') ? 0 : -6, high: 6, special: true });

/** compareWindowed's windows and sort strategies. */
const compare = (x: cp.NDArray, op: (x: cp.NDArray) => cp.NDArray, view: (r: cp.NDArray) => cp.NDArray, record: boolean): [string[], string[]] => {
  const { windows, strategies } = compareWindowed(x, op, view, record);
  return [windows, strategies];
};

describe('sort windows through the radix select: the positions of the whole result', () => {
  it('every dtype: sort heads and tails (a warp or a block a line), partition windows whole', () => {
    for (const dtype of DTYPE_NAMES) {
      // Lines of 65 and 300 (a warp a line), 1000 (a block a line), along either axis.
      const cases: Array<[number[], number, string]> = [[[5, 65], -1, 'select-warp'], [[300, 3], 0, 'select-warp'], [[2, 1000], 1, 'select-block']];
      for (const [shape, axis, strategy] of cases) {
        const x = toDevice(data(dtype, shape));
        const n = shape[(axis + shape.length) % shape.length];
        const along = (spec: string) => (r: cp.NDArray) => (axis === 0 ? r.get(`${spec}, :`) : r.get(`:, ${spec}`));
        for (const k of [5, 8, 16]) {
          const r = k === 8 || dtype === 'float32';
          expect(compare(x, (a) => cp.sort(a, axis), along(`-${k}:`), r)).toEqual([[`last=${k}`], [strategy]]);
          expect(compare(x, (a) => cp.argsort(a, axis), along(`:${k}`), r)).toEqual([[`first=${k}`], [strategy]]);
          expect(compare(x, (a) => cp.sort(a, axis), along(`:${k}`), r)).toEqual([[`first=${k}`], [strategy]]);
          expect(compare(x, (a) => cp.argsort(a, axis), along(`-${k}:`), r)).toEqual([[`last=${k}`], [strategy]]);
          // A partition's window is its whole partition (no window in the plan).
          expect(compare(x, (a) => cp.argpartition(a, n - k, axis), along(`${n - k}:`), r)).toEqual([[], [strategy]]);
        }
      }
    }
  }, 300_000);

  it('views inside the window, reversed reads, producers, strided inputs', () => {
    const x = toDevice(data('float32', [40, 200]));
    // NumPy's argsort(x)[:, ::-1][:, :10]: the last 10, read backwards.
    expect(compare(x, (a) => cp.argsort(a, 1), (r) => r.get(':, ::-1').get(':, :10'), true)[0]).toEqual(['last=10']);
    expect(compare(x, (a) => cp.sort(a, 1), (r) => r.get(':, -20:-12'), true)[0]).toEqual(['last=20']);
    expect(compare(x, (a) => cp.sort(cp.negative(cp.abs(a)), 1), (r) => r.get(':, :7'), true)[0]).toEqual(['first=7']);
    expect(compare(x.get('::3, ::2'), (a) => cp.argsort(a, 1), (r) => r.get(':, -6:'), true)[0]).toEqual(['last=6']);
    expect(compare(x.T, (a) => cp.sort(a, 0), (r) => r.get('-9:, :'), true)[0]).toEqual(['last=9']);
  });

  it('lines of at most 64 sorted whole, and windows of at most a quarter of a line', () => {
    // Lines of 64 or fewer: the bitonic network sorts them whole faster (SORT_WINDOW_WHOLE_MAX).
    // (Windows of more than 4, which top-k does not take on lines this short.)
    for (const n of [24, 64]) {
      const short = toDevice(data('int32', [7, n]));
      expect(compare(short, (a) => cp.sort(a, 1), (r) => r.get(`:, -${n / 4}:`), true)).toEqual([[], ['bitonic']]);
      expect(compare(short, (a) => cp.argsort(a, 1), (r) => r.get(':, :5'), true)).toEqual([[], ['bitonic']]);
    }
    const x = toDevice(data('int32', [7, 100]));
    expect(compare(x, (a) => cp.sort(a, 1), (r) => r.get(':, -25:'), true)).toEqual([['last=25'], ['select-warp']]);
    expect(compare(x, (a) => cp.sort(a, 1), (r) => r.get(':, -26:'), true)[0]).toEqual([]);
  });
});

describeCompilesEveryKernel(cudaSources, HAS_NVRTC, 10);
