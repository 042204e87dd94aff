// Sort windows that top-k does not take (at the default tuning: more than 4 positions on lines
// shorter than src/ir/topk-plan.ts topkWorth's) on the device: the radix select at the window's
// far end (a warp a line up to 512, a block beyond), then the window sorted by one warp
// (src/codegen/select-cuda.ts), against the CPU backend bit for bit and two device runs against
// each other: every dtype with NaN, ±0, ±inf and ties, both ends, values and indices, either
// axis, strided inputs and producers. Skipped where there is no CUDA device.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { HAS_CUDA_DEVICE, onBackend } from '../helpers/cuda.js';
import { DTYPE_NAMES, randomArray, type DTypeName, type HostArray } from '../helpers/numpy-oracle.js';
import { unseenView, windowsOf } from '../helpers/sort-window.js';

setBackendNotice(() => {});

const bytesOf = (h: HostArray) => Buffer.from(h.data.buffer, h.data.byteOffset, h.data.byteLength);

let seed = 9700;
const ties = (dtype: DTypeName, shape: number[]) =>
  randomArray(dtype, shape, seed++, dtype === 'bool' ? {} : { low: dtype.startsWith('u') ? 0 : -20, high: 20, special: true });
const wide = (dtype: DTypeName, shape: number[]) => randomArray(dtype, shape, seed++, { special: dtype !== 'bool' });

type Build = (x: cp.NDArray) => cp.NDArray;

function sameOnBoth(label: string, h: HostArray, view: Build, failures: string[]): void {
  const build: Build = (x) => unseenView(() => view(x));
  const [got, again, windows, strategies] = onBackend('cuda', () => {
    const a = build(toDevice(h));
    const plans = explainPlans([a.node]).map((p) => p.plan).flatMap((p) => (p.kind === 'sort' ? [p.strategy] : []));
    return [toHost(build(toDevice(h))), toHost(build(toDevice(h))), windowsOf(a), plans] as const;
  });
  if (windows.length !== 1 || !strategies.every((s) => s.startsWith('select-'))) failures.push(`${label}: planned ${strategies} ${windows}`);
  const want = onBackend('cpu', () => toHost(build(toDevice(h))));
  if (!bytesOf(got).equals(bytesOf(want))) failures.push(`${label}: device differs from the CPU backend`);
  if (!bytesOf(got).equals(bytesOf(again))) failures.push(`${label}: two device runs differ`);
}

describe.skipIf(!HAS_CUDA_DEVICE)('device sorted windows through the radix select', () => {
  it('every dtype, both ends, values and indices, a warp or a block a line', () => {
    const failures: string[] = [];
    const cases = [
      ...DTYPE_NAMES.map((dtype) => [dtype, [50, 65], ties] as const),
      ...(['float32', 'int64', 'float16', 'uint8'] as const).map((dtype) => [dtype, [20, 1024], wide] as const),
      ...(['float64', 'bool', 'int16', 'float32'] as const).map((dtype) => [dtype, [30, 512], ties] as const),
    ];
    for (const [dtype, shape, data] of cases) {
      const h = data(dtype, [...shape]);
      const n = shape[1];
      for (const k of [5, 8, 16]) {
        const label = `${dtype} ${JSON.stringify(shape)} k ${k}`;
        sameOnBoth(`sort tail ${label}`, h, (x) => cp.sort(x, -1).get(`..., -${k}:`), failures);
        sameOnBoth(`argsort head ${label}`, h, (x) => cp.argsort(x, -1).get(`..., :${k}`), failures);
        sameOnBoth(`argsort tail reversed ${label}`, h, (x) => cp.argsort(x, -1).get('..., ::-1').get(`..., :${k}`), failures);
        if (n >= 512) sameOnBoth(`sort head axis 0 ${label}`, h, (x) => cp.sort(x.T, 0).get(`:${k}`), failures);
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it('the benchmark shapes, strided inputs and producers', () => {
    const failures: string[] = [];
    const d = ties('float32', [4096, 1024]);
    const s = wide('float32', [20000, 128]);
    sameOnBoth('sorted tail rows of 1024', d, (x) => cp.sort(x, -1).get('..., -8:'), failures);
    sameOnBoth('sorted tail rows of 128', s, (x) => cp.sort(x, -1).get('..., -8:'), failures);
    sameOnBoth('strided rows', d, (x) => cp.argsort(x.get('::5, 1::3'), -1).get('..., -12:'), failures);
    sameOnBoth('producer', s, (x) => cp.sort(cp.abs(x).multiply(-1), -1).get('..., :6'), failures);
    expect(failures).toEqual([]);
  }, 600_000);
});
