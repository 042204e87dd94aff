// partition and argpartition (and x.partition() in place, x.argpartition()) against NumPy's
// partition contract (test/helpers/partition-check.ts: NumPy leaves the order on either side of
// kth unspecified): every dtype, NaN and ±inf, many duplicates equal to the kth value, every and
// negative axes, axis None, negative kth, strided and transposed views, fused producers, empty
// and length-1 lines; and the CPU backend's order around one kth (below, equal, above, each in
// line order), which the device's radix select gives bit for bit. Every kernel built compiles.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';
import { generateCudaPlan } from '../../src/codegen/generate.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, recordCuda, toDevice, toHost } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';
import { DTYPE_NAMES, randomArray, type DTypeName, type HostArray } from '../helpers/numpy-oracle.js';
import { partitionFailures, type LabelledResult } from '../helpers/partition-check.js';

setBackendNotice(() => {});

let seed = 5300;
/** Few distinct values (many equal to the kth one), and NaN, ±inf, ±0 for floats. */
const data = (dtype: DTypeName, shape: number[]) =>
  randomArray(dtype, shape, seed++, dtype === 'bool' ? {} : { low: dtype.startsWith('u') ? 0 : -4, high: 4, special: true });

/** The result of `run` on `input`, to check (partitionFailures). */
function result(label: string, input: HostArray, kth: number, axis: number | null, run: (x: cp.NDArray) => cp.NDArray, output: 'values' | 'indices'): LabelledResult {
  const r = run(toDevice(input));
  recordCuda(r);
  const host = toHost(r);
  return { label, input, kth, axis, ...(output === 'values' ? { values: host } : { indices: host }) };
}

describe('partition and argpartition: NumPy contract', () => {
  it('every dtype, axis and kth (negative too), NaN and ties', () => {
    const results: LabelledResult[] = [];
    for (const dtype of DTYPE_NAMES) {
      for (const shape of [[1], [9], [4, 7], [2, 3, 5], [300]]) {
        const h = data(dtype, shape);
        for (const axis of [...shape.map((_, j) => j), -1]) {
          const n = shape[(axis + shape.length) % shape.length];
          for (const kth of [0, n >> 1, n - 1, -1, -n]) {
            const label = `${dtype} ${JSON.stringify(shape)} axis ${axis} kth ${kth}`;
            results.push(result(`partition ${label}`, h, kth, axis, (x) => cp.partition(x, kth, axis), 'values'));
            results.push(result(`argpartition ${label}`, h, kth, axis, (x) => cp.argpartition(x, kth, axis), 'indices'));
          }
        }
      }
    }
    expect(partitionFailures(results)).toEqual([]);
  }, 300_000);

  it('axis None, views, producers, empty arrays, several kth, methods', () => {
    const f = data('float32', [6, 40]);
    const d = data('float64', [50, 3]);
    const t = toHost(toDevice(d).T.get(':, ::2'));
    const p = toHost(cp.multiply(cp.abs(toDevice(d)), -1));
    const m = toDevice(f);
    const view = m.get('1:3');
    m.partition(-5);
    const results = [
      result('axis None', f, 17, null, (x) => cp.partition(x, 17, null), 'values'),
      result('arg axis None', f, -3, null, (x) => cp.argpartition(x, -3, null), 'indices'),
      result('axis 0', d, 10, 0, (x) => cp.partition(x, 10, 0), 'values'),
      result('several kth (a sort)', f, 5, -1, (x) => cp.partition(x, [5, 30]), 'values'),
      result('list of one kth', f, 30, -1, (x) => cp.argpartition(x, [30]), 'indices'),
      result('0-d, axis None', { dtype: 'float32', shape: [], data: new Float32Array([2]) }, 0, null, (x) => cp.partition(x, 0, null), 'values'),
      // Views and producers: the input is the same expression, evaluated on its own.
      result('strided view', t, 3, 1, () => cp.partition(toDevice(d).T.get(':, ::2'), 3, 1), 'values'),
      result('strided view arg', t, -2, 1, () => cp.argpartition(toDevice(d).T.get(':, ::2'), -2, 1), 'indices'),
      result('producer', p, 7, 0, () => cp.partition(cp.multiply(cp.abs(toDevice(d)), -1), 7, 0), 'values'),
      { label: 'x.partition in place', input: f, kth: -5, axis: -1, values: toHost(m) },
      { label: 'x.argpartition', input: f, kth: 2, axis: 0, indices: toHost(toDevice(f).argpartition(2, 0)) },
    ];
    expect(partitionFailures(results)).toEqual([]);
    expect(toHost(view).data).toEqual(toHost(m.get('1:3')).data);
    const empty = data('float32', [0, 5]);
    expect(toHost(cp.partition(toDevice(empty), 2)).shape).toEqual([0, 5]);
    expect(toHost(cp.argpartition(toDevice(data('int32', [3, 0])), 1, 0)).shape).toEqual([3, 0]);
    expect(() => cp.partition(toDevice(f), 40)).toThrow('partition: kth(=40) out of bounds (40)');
    expect(() => toDevice(f).partition(0, null as never)).toThrow(/partition: expected axis/);
  });

  it('the CPU order around one kth: below, equal, above, each in line order', () => {
    const a = cp.array([3, 1, NaN, 2, 5, 1, -0, 0, 4, 1], { dtype: 'float64' });
    // Sorted: -0 0 1 1 1 2 3 4 5 NaN; kth 3 is 1.
    expect(Array.from(cp.partition(a, 3).dataSync() as Float64Array).map((x) => (Object.is(x, -0) ? '-0' : String(x))))
      .toEqual(['-0', '0', '1', '1', '1', '3', 'NaN', '2', '5', '4']);
    expect(Array.from(cp.argpartition(a, 3).dataSync() as BigInt64Array)).toEqual([6n, 7n, 1n, 5n, 9n, 0n, 2n, 3n, 4n, 8n]);
    expect(Array.from(cp.argpartition(a, -1).dataSync() as BigInt64Array)).toEqual([0n, 1n, 3n, 4n, 5n, 6n, 7n, 8n, 9n, 2n]);
  });

  it('plans a radix select for one kth, a sort for several', () => {
    const strategy = (x: cp.NDArray) => {
      recordCuda(x);
      return explainPlans([x.node]).map((p) => p.plan).map((p) => (p.kind === 'sort' ? p.strategy : p.kind));
    };
    // The device-wide kernels of each key width, and a producer (built for the NVRTC check, not run).
    for (const dtype of ['bool', 'int8', 'float16', 'int32', 'float64', 'uint64'] as const) {
      expect(strategy(cp.argpartition(cp.zeros([200000], { dtype }), 5))).toContain('select');
      expect(strategy(cp.partition(cp.zeros([200000], { dtype }).add(1), 5))).toContain('select');
    }
    expect(strategy(cp.argpartition(cp.zeros([512, 500000], { dtype: 'float32' }), 7, 1))).toContain('select');
    expect(strategy(cp.partition(cp.zeros([1 << 24], { dtype: 'float32' }), -100))).toContain('select');
    expect(strategy(cp.argpartition(cp.zeros([65536, 1024], { dtype: 'float32' }), 15))).toContain('select-block');
    expect(strategy(cp.partition(cp.zeros([4096, 65536], { dtype: 'float32' }), 15))).toContain('select-block');
    expect(strategy(cp.partition(cp.zeros([100]), [1, 2]))).not.toContain('select-block');
    // Lines of at most 512: a warp a line.
    expect(strategy(cp.partition(cp.zeros([4096, 64], { dtype: 'float32' }), 7))).toContain('select-warp');
    expect(strategy(cp.argpartition(cp.zeros([3, 512], { dtype: 'int64' }), 7))).toContain('select-warp');
    expect(strategy(cp.argpartition(cp.zeros([3, 513], { dtype: 'int64' }), 7))).toContain('select-block');
    const name = (x: cp.NDArray) => generateCudaPlan(explainPlans([x.node])[0].plan).name;
    expect(name(cp.argpartition(cp.zeros([8, 1000]), 3))).toMatch(/^argpartition_.*select_block$/);
    expect(name(cp.argpartition(cp.zeros([8, 100]), 3))).toMatch(/^argpartition_.*select_warp$/);
  });
});

describeCompilesEveryKernel(cudaSources, HAS_NVRTC, 10);
