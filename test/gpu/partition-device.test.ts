// Device partition and argpartition (a radix select, src/codegen/select-cuda.ts: 'select-warp', a
// warp a line of at most 512; 'select-block', a block a line, the line in registers up to a tile or read again each pass beyond; 'select', a few
// long lines cut into chunks with device-wide digit counts) against NumPy's partition contract
// (test/helpers/partition-check.ts) and against the CPU backend bit for bit (both put the elements
// below the kth key, then the equal ones, then the greater ones, each in line order), over every
// dtype, NaN, ±0 and many duplicates of the kth value, every axis, negative kth, strided views and
// fused producers; every device run twice must agree. Skipped where there is no CUDA device.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { HAS_CUDA_DEVICE, onBackend } from '../helpers/cuda.js';
import { DTYPE_NAMES, randomArray, type DTypeName, type HostArray } from '../helpers/numpy-oracle.js';
import { partitionFailures, type LabelledResult } from '../helpers/partition-check.js';

setBackendNotice(() => {});

const bytesOf = (h: HostArray) => Buffer.from(h.data.buffer, h.data.byteOffset, h.data.byteLength);

/** Whether element i of a float array is a NaN (float16 data holds its bits). */
function isNaNAt(h: HostArray, i: number): boolean {
  if (h.dtype === 'float16') { const b = Number(h.data[i]); return (b & 0x7c00) === 0x7c00 && (b & 0x3ff) !== 0; }
  return (h.dtype === 'float32' || h.dtype === 'float64') && Number.isNaN(Number(h.data[i]));
}

/**
 * Bit for bit the same, except that two NaNs match whatever their payloads: a producer computing
 * on NaN (abs, a multiply) leaves payload bits that differ between the GPU and JS.
 */
function sameBits(a: HostArray, b: HostArray): boolean {
  if (bytesOf(a).equals(bytesOf(b))) return true;
  if (a.data.length !== b.data.length) return false;
  const w = a.data.BYTES_PER_ELEMENT;
  const x = bytesOf(a), y = bytesOf(b);
  for (let i = 0; i < a.data.length; i++) {
    if (x.subarray(i * w, i * w + w).equals(y.subarray(i * w, i * w + w))) continue;
    if (!(isNaNAt(a, i) && isNaNAt(b, i))) return false;
  }
  return true;
}

let seed = 6100;
/** Few distinct values (many equal to the kth one), and NaN, ±inf, ±0 for floats. */
const input = (dtype: DTypeName, shape: number[]) =>
  randomArray(dtype, shape, seed++, dtype === 'bool' ? {} : { low: dtype.startsWith('u') ? 0 : -20, high: 20, special: true });

interface Run { label: string; h: HostArray; kth: number; axis: number; output: 'values' | 'indices'; build: (x: cp.NDArray) => cp.NDArray }

/** Runs each on the device (twice) and the CPU backend: the failures, and the device results to check against NumPy. */
function runAll(runs: Run[]): { failures: string[]; results: LabelledResult[] } {
  const failures: string[] = [];
  const results: LabelledResult[] = [];
  for (const r of runs) {
    const want = onBackend('cpu', () => toHost(r.build(toDevice(r.h))));
    const [got, again, strategy] = onBackend('cuda', () => {
      const a = r.build(toDevice(r.h));
      const plan = explainPlans([a.node]).map((p) => p.plan).find((p) => p.kind === 'sort');
      return [toHost(a), toHost(r.build(toDevice(r.h))), plan?.kind === 'sort' ? plan.strategy : 'none'] as const;
    });
    if (!strategy.startsWith('select')) failures.push(`${r.label}: planned ${strategy}, not a select`);
    if (!sameBits(got, want)) failures.push(`${r.label}: device differs from the CPU backend`);
    if (!bytesOf(got).equals(bytesOf(again))) failures.push(`${r.label}: two device runs differ`);
    results.push({ label: r.label, input: r.h, kth: r.kth, axis: r.axis, [r.output]: got });
  }
  return { failures, results };
}

const both = (label: string, h: HostArray, kth: number, axis: number): Run[] => [
  { label: `partition ${label}`, h, kth, axis, output: 'values', build: (x) => cp.partition(x, kth, axis) },
  { label: `argpartition ${label}`, h, kth, axis, output: 'indices', build: (x) => cp.argpartition(x, kth, axis) },
];

describe.skipIf(!HAS_CUDA_DEVICE)('device partition (radix select)', () => {
  it('every dtype and axis, lines in registers, read again, and chunked', () => {
    const runs: Run[] = [];
    for (const dtype of DTYPE_NAMES) {
      // 1..4096: one tile a line (registers); 10000: a block reads it 3 times a pass; 70000: chunked.
      for (const shape of [[1], [31], [4096], [3, 700], [10000], [700, 3], [70000], [2, 40000]]) {
        const h = input(dtype, shape);
        for (let axis = -1; axis < shape.length; axis++) {
          const n = shape[(axis + shape.length) % shape.length];
          for (const kth of [0, n >> 1, -1]) runs.push(...both(`${dtype} ${JSON.stringify(shape)} axis ${axis} kth ${kth}`, h, kth, axis));
        }
      }
      const wide = randomArray(dtype, [50000], seed++, { special: true });
      runs.push(...both(`${dtype} wide values`, wide, 12345, 0));
    }
    const { failures, results } = runAll(runs);
    expect([...failures, ...partitionFailures(results)].join("\n")).toBe("");
  }, 900_000);

  it('knn and topk shapes, views, producers', () => {
    const d = input('float32', [64, 20000]);
    const f = input('float32', [1 << 21]);
    const t = input('float64', [3000, 40]);
    const runs: Run[] = [
      ...both('knn rows kth 7', d, 7, 1),
      ...both('topk 2^21 kth n-100', f, (1 << 21) - 100, 0),
      ...both('2^21 kth -1', f, -1, 0),
      ...both('columns kth 1000', t, 1000, 0),
      // A warp a line: many short lines, lines of 512, a strided view of rows.
      ...both('rows of 64 kth 7', input('float32', [20000, 64]), 7, 1),
      ...both('rows of 512 kth -8', input('float64', [3000, 512]), -8, 1),
      ...both('rows of 40 kth 20', t, 20, 1),
      { label: 'rows of a strided view', h: toHost(toDevice(d).get('::3, :130')), kth: 64, axis: 1, output: 'indices', build: () => cp.argpartition(toDevice(d).get('::3, :130'), 64, 1) },
      { label: 'transposed view', h: toHost(toDevice(t).T), kth: 1500, axis: 1, output: 'indices', build: () => cp.argpartition(toDevice(t).T, 1500, 1) },
      { label: 'reversed view', h: toHost(cp.flip(toDevice(f))), kth: 99, axis: 0, output: 'values', build: () => cp.partition(cp.flip(toDevice(f)), 99) },
      { label: 'producer', h: toHost(cp.multiply(cp.abs(toDevice(d)), -1)), kth: 5000, axis: 1, output: 'values', build: () => cp.partition(cp.multiply(cp.abs(toDevice(d)), -1), 5000) },
    ];
    const { failures, results } = runAll(runs);
    expect([...failures, ...partitionFailures(results)].join("\n")).toBe("");
  }, 900_000);
});
