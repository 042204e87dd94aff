// The CPU backend's long-line sort (src/codegen/js-sort-order.ts: a radix sort of typed arrays
// from 256 keys a line): every dtype at lengths around the switch (255, 256, 257) and a long line of
// 2^19, wide values (every digit varies) and ties with NaN, ±0 and ±inf, for sort and argsort,
// bit for bit against NumPy's stable sort (equal keys in line order, NaN last); partition and
// argpartition of long lines (which write into the sort's scratch order) against NumPy's contract.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { checkCases, type ValueCase } from '../helpers/numpy-cases.js';
import { f16BitsToNumber, numberToF16Bits, randomArray, type DTypeName, type HostArray } from '../helpers/numpy-oracle.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { partitionFailures, type LabelledResult } from '../helpers/partition-check.js';

setBackendNotice(() => {});

const ALL: DTypeName[] = ['bool', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'float16', 'float32', 'float64'];

/** Wide values (every digit of the key varies, specials mixed in), or ties: floats rounded to halves, integers in a small range. */
function data(dtype: DTypeName, n: number, seed: number, wide: boolean): HostArray {
  const h = randomArray(dtype, [n], seed, wide || dtype === 'bool' ? { special: true } : { low: dtype.startsWith('u') ? 0 : -4, high: 4, special: true });
  if (!wide && dtype.startsWith('float')) {
    const d = h.data as unknown as number[];
    for (let i = 0; i < d.length; i++) {
      const v = dtype === 'float16' ? f16BitsToNumber(d[i]) : d[i];
      const r = Number.isFinite(v) && v !== 0 ? Math.round(v * 2) / 2 : v;
      d[i] = dtype === 'float16' ? numberToF16Bits(r) : r;
    }
  }
  return h;
}

describe('CPU sorts of long lines', () => {
  let seed = 4400;
  const cases: ValueCase[] = [];
  for (const dtype of ALL) {
    for (const n of [255, 256, 257, 2 ** 19]) {
      for (const wide of [false, true]) {
        const x = data(dtype, n, seed++, wide);
        const label = `${dtype} n=${n} ${wide ? 'wide' : 'ties'}`;
        cases.push(
          { label: `sort ${label}`, inputs: { x }, expr: "np.sort(x, kind='stable')", run: () => cp.sort(toDevice(x)) },
          { label: `argsort ${label}`, inputs: { x }, expr: "np.argsort(x, kind='stable')", run: () => cp.argsort(toDevice(x)) },
        );
      }
    }
  }
  // A lazy producer and a reversed view feed the sort; rows sort along the last axis.
  const f = data('float32', 3 * 5000, seed++, true);
  cases.push(
    { label: 'sort of a negated reversed view', inputs: { f }, expr: "np.sort(np.negative(f[::-1]), kind='stable')", run: () => cp.sort(cp.negative(toDevice(f).get('::-1'))) },
    { label: 'argsort of rows of 5000', inputs: { f }, expr: "np.argsort(f.reshape(3, 5000), axis=-1, kind='stable')", run: () => cp.argsort(toDevice(f).reshape([3, 5000]), -1) },
    { label: 'argsort along axis 0 of a (5000, 3)', inputs: { f }, expr: "np.argsort(f.reshape(5000, 3), axis=0, kind='stable')", run: () => cp.argsort(toDevice(f).reshape([5000, 3]), 0) },
  );
  it(`${cases.length} cases`, () => checkCases(cases));

  it('partitions of long lines', () => {
    const results: LabelledResult[] = [];
    for (const dtype of ['float32', 'int64', 'uint64', 'float16', 'bool'] as DTypeName[]) {
      const a = data(dtype, 3 * 700, seed++, dtype !== 'bool');
      for (const kth of [0, 349, -1]) {
        for (const arg of [false, true]) {
          const x = toDevice(a).reshape([3, 700]);
          const r = toHost(arg ? cp.argpartition(x, kth, -1) : cp.partition(x, kth, -1));
          results.push({ label: `${arg ? 'arg' : ''}partition ${dtype} kth ${kth}`, input: { ...a, shape: [3, 700] }, kth, axis: -1, ...(arg ? { indices: r } : { values: r }) });
        }
      }
    }
    const failures = partitionFailures(results);
    expect(failures, failures.join('\n')).toEqual([]);
    expect(results.length).toBe(30);
  });
});
