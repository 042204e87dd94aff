// Sort windows on the device (src/ir/sort-window.ts, src/codegen/topk-cuda.ts): the few positions
// at one end of a sort or partition, found without sorting the line, against the CPU backend
// (which sorts the whole line) bit for bit, and two device runs against each other: every dtype
// with NaN, ±0, ±inf and ties, both ends, partitions and sorts, values and indices, lines of one
// chunk and of many (the merge kernel), strided inputs and producers, knn's shape. Skipped where
// there is no CUDA device.
import '../helpers/topk-any-line.js'; // first: before the library reads its tunables
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { HAS_CUDA_DEVICE, onBackend } from '../helpers/cuda.js';
import { DTYPE_NAMES, randomArray, type DTypeName, type HostArray } from '../helpers/numpy-oracle.js';
import { unseenView } from '../helpers/sort-window.js';

setBackendNotice(() => {});

const bytesOf = (h: HostArray) => Buffer.from(h.data.buffer, h.data.byteOffset, h.data.byteLength);

let seed = 6161;
/** Few distinct values (ties at kth), and NaN, ±inf, ±0 for floats. */
const ties = (dtype: DTypeName, shape: number[]) =>
  randomArray(dtype, shape, seed++, dtype === 'bool' ? {} : { low: dtype.startsWith('u') ? 0 : -20, high: 20, special: true });
const wide = (dtype: DTypeName, shape: number[]) => randomArray(dtype, shape, seed++, { special: dtype !== 'bool' });

type Build = (x: cp.NDArray) => cp.NDArray;

/** The strategies of `build`'s sort plans on the device. */
const strategies = (h: HostArray, build: Build) =>
  onBackend('cuda', () => explainPlans([build(toDevice(h)).node]).map((p) => p.plan).flatMap((p) => (p.kind === 'sort' ? [p.strategy] : [])));

function sameOnBoth(label: string, h: HostArray, view: Build, failures: string[]): void {
  // The view with the sort disposed (test/helpers/sort-window.ts): windowed where it applies.
  const build: Build = (x) => unseenView(() => view(x));
  if (!strategies(h, build).includes('topk')) failures.push(`${label}: no window`);
  const want = onBackend('cpu', () => toHost(build(toDevice(h))));
  const [got, again] = onBackend('cuda', () => [toHost(build(toDevice(h))), toHost(build(toDevice(h)))]);
  if (!bytesOf(got).equals(bytesOf(want))) failures.push(`${label}: device differs from the CPU backend`);
  if (!bytesOf(got).equals(bytesOf(again))) failures.push(`${label}: two device runs differ`);
}

describe.skipIf(!HAS_CUDA_DEVICE)('device sort windows', () => {
  it('every dtype, both ends, partitions and sorts, one chunk and many', () => {
    const failures: string[] = [];
    // Every dtype over lines of one chunk; a few over a line of many chunks and over short lines.
    const cases = [
      ...DTYPE_NAMES.map((dtype) => [dtype, [3, 5000], ties] as const),
      ...(['float32', 'int64', 'float16', 'uint8'] as const).map((dtype) => [dtype, [200000], wide] as const),
      ...(['float64', 'bool', 'int16'] as const).map((dtype) => [dtype, [40, 300], ties] as const),
    ];
    for (const [dtype, shape, data] of cases) {
      {
        const h = data(dtype, [...shape]);
        const n = shape[shape.length - 1];
        for (const k of [1, 7, 32]) {
          if (k * 4 > n) continue;
          const label = `${dtype} ${JSON.stringify(shape)} k ${k}`;
          sameOnBoth(`argpartition head ${label}`, h, (x) => cp.argpartition(x, k - 1, -1).get(`..., :${k}`), failures);
          sameOnBoth(`partition tail ${label}`, h, (x) => cp.partition(x, n - k, -1).get(`..., ${n - k}:`), failures);
          sameOnBoth(`argsort tail reversed ${label}`, h, (x) => cp.argsort(x, -1).get('..., ::-1').get(`..., :${k}`), failures);
          sameOnBoth(`sort head ${label}`, h, (x) => cp.sort(x, -1).get(`..., :${k}`), failures);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it("knn's shape and neighbours: many lines of 500,000, a line of 2^22, strided and fused inputs", () => {
    const failures: string[] = [];
    const rows = wide('float32', [64, 500000]);
    sameOnBoth('knn rows k 8', rows, (x) => cp.argpartition(x, 7, 1).get(':, :8'), failures);
    sameOnBoth('knn rows fused k 8', rows, (x) => cp.argpartition(cp.square(x).subtract(x.multiply(2)), 7, 1).get(':, :8'), failures);
    const line = wide('float32', [1 << 22]);
    sameOnBoth('2^22 k 32 tail', line, (x) => cp.sort(x).get('-32:'), failures);
    sameOnBoth('2^22 k 5 head', line, (x) => cp.argpartition(x, 4).get(':5'), failures);
    const tall = ties('int64', [30000, 12]);
    sameOnBoth('transposed int64 k 3', tall, (x) => cp.argpartition(x.T, 2, 1).get(':, :3'), failures);
    const short = ties('float16', [100000, 64]);
    sameOnBoth('short lines float16 k 16', short, (x) => cp.partition(x, 15, 1).get(':, :16'), failures);
    expect(failures).toEqual([]);
  }, 600_000);
});
