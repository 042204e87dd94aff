// The counting kernel (src/codegen/bincount-cuda.ts: a private shared-memory histogram per block,
// or global counters past SHARED_BINS_MAX), searchsorted's fused binary search and unique's
// compaction on the device, against the CPU backend (and so NumPy: test/ops): the results must be
// the same bit for bit, and two device runs must agree. Sizes cross the paths: many blocks, a hot
// bin, more bins than shared memory holds, tables of 1 to 2^22 entries, masks mostly false.
// Skipped where there is no CUDA device.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { HAS_CUDA_DEVICE, onBackend } from '../helpers/cuda.js';
import { randomArray, type DTypeName, type HostArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

const bytesOf = (h: HostArray) => Buffer.from(h.data.buffer, h.data.byteOffset, h.data.byteLength);

let seed = 7100;
const input = (dtype: DTypeName, shape: number[], low: number, high: number, special = false) => randomArray(dtype, shape, seed++, { low, high, special });

type Build = (...xs: cp.NDArray[]) => cp.NDArray | cp.NDArray[];

function sameOnBoth(label: string, hs: HostArray[], build: Build, failures: string[]): void {
  const run = () => {
    const r = build(...hs.map((h) => toDevice(h)));
    return (Array.isArray(r) ? r : [r]).map((a) => toHost(a));
  };
  const want = onBackend('cpu', run);
  const [got, again] = onBackend('cuda', () => [run(), run()]);
  got.forEach((g, k) => {
    if (!bytesOf(g).equals(bytesOf(want[k]))) failures.push(`${label} [${k}]: device differs from the CPU backend`);
    if (!bytesOf(g).equals(bytesOf(again[k]))) failures.push(`${label} [${k}]: two device runs differ`);
  });
}

describe.skipIf(!HAS_CUDA_DEVICE)('device counting, searching and unique', () => {
  it('bincount and histogram: shared and global bins, a hot bin, fused producers, weights', () => {
    const failures: string[] = [];
    const small = input('int32', [3_000_001], 0, 256);
    const wide = input('int64', [1_000_000], 0, 20000);
    const f = input('float32', [4_000_003], -0.5, 1.5, true);
    const w = input('float64', [4_000_003], -1, 1, true);
    sameOnBoth('bincount 256', [small], (x) => cp.bincount(x), failures);
    sameOnBoth('bincount 20000 bins (global)', [wide], (x) => cp.bincount(x), failures);
    sameOnBoth('bincount hot bin', [small], (x) => cp.bincount(cp.multiply(x, 0)), failures);
    sameOnBoth('bincount strided', [small], (x) => cp.bincount(x.get('::3')), failures);
    sameOnBoth('histogram 256 range', [f], (x) => cp.histogram(x, 256, [0, 1]), failures);
    sameOnBoth('histogram 9000 range (global)', [f], (x) => cp.histogram(x, 9000, [0, 1]), failures);
    sameOnBoth('histogram producer', [f], (x) => cp.histogram(cp.multiply(x, 3), 17, [-1, 4]), failures);
    sameOnBoth('histogram edges', [f], (x) => cp.histogram(x, [-0.25, 0, 0.001, 0.5, 0.5, 1, 1.25]), failures);
    // Only the non-finite weights (finite ones zeroed: float sums in another order would differ in the last bits).
    sameOnBoth('histogram weights NaN and inf', [f, w], (x, y) => cp.histogram(x, 64, [0, 1], { weights: cp.where(cp.isfinite(y), 0, y) }), failures);
    sameOnBoth('histogram2d', [f, w], (x, y) => cp.histogram2d(x, y, [8, 5], [[0, 1], [-1, 1]]), failures);
    expect(failures).toEqual([]);
  }, 600_000);

  it('searchsorted: tables of 1 to 2^22 entries, both sides, sorter, NaN', () => {
    const failures: string[] = [];
    const q = input('float32', [1_000_003], -2, 2, true);
    for (const n of [1, 2, 3, 1000, 65537, 1 << 22]) {
      const t = input('float32', [n], -2, 2, true);
      for (const side of ['left', 'right'] as const) {
        sameOnBoth(`searchsorted ${n} ${side}`, [t, q], (a, v) => cp.searchsorted(cp.sort(a), v, side), failures);
      }
    }
    const t = input('int64', [100_000], -1000, 1000);
    const qi = input('int64', [500_000], -1100, 1100);
    sameOnBoth('searchsorted int64 sorter', [t, qi], (a, v) => cp.searchsorted(a, v, { side: 'right', sorter: cp.argsort(a) }), failures);
    // The search step in one kernel with the queries' producer and the result's consumer, reversed
    // (negative stride) tables, narrow and half dtypes.
    sameOnBoth('searchsorted fused', [t, qi], (a, v) => cp.minimum(cp.searchsorted(cp.sort(a), v.mul(2)), 99_999).add(1), failures);
    sameOnBoth('searchsorted reversed table', [t, qi], (a, v) => cp.searchsorted(cp.sort(a).get('::-1').copy().get('::-1'), v), failures);
    for (const dtype of ['float16', 'uint8', 'bool', 'float64'] as DTypeName[]) {
      const a = input(dtype, [70_001], 0, 200, true);
      const v = input(dtype, [300_000], 0, 200, true);
      sameOnBoth(`searchsorted ${dtype}`, [a, v], (x, y) => [cp.searchsorted(cp.sort(x), y), cp.searchsorted(cp.sort(x), y, 'right')], failures);
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it('unique (runs by binary search), nonzero of mostly false masks, arange on the device', () => {
    const failures: string[] = [];
    const u = input('int32', [1 << 22], 0, 1 << 16);
    const few = input('int32', [1 << 22], 0, 3);
    sameOnBoth('unique counts', [u], (x) => cp.unique(x, { return_counts: true }), failures);
    sameOnBoth('unique counts, few values', [few], (x) => cp.unique(x, { return_counts: true }), failures);
    sameOnBoth('unique all', [u], (x) => cp.unique_all(x), failures);
    sameOnBoth('flatnonzero sparse', [u], (x) => cp.flatnonzero(cp.equal(x, 7)), failures);
    const nan = input('float64', [1 << 21], -50, 50, true);
    sameOnBoth('unique float64 NaN, equal_nan false', [nan], (x) => cp.unique(x.floor(), true, true, true, null, { equal_nan: false }), failures);
    sameOnBoth('unique rows', [few], (x) => cp.unique(x.reshape([-1, 2]), true, true, true, 0), failures);
    sameOnBoth('arange on the device', [few], () => [cp.arange(1 << 20), cp.arange(-3.3, 1e6, 0.37, 'float32'), cp.arange(65000, 0, -1, 'uint16'), cp.arange(70000, { dtype: 'uint8' })], failures);
    expect(failures).toEqual([]);
  }, 600_000);
});
