// NDArray methods and attributes NumPy users expect, against NumPy: copy, fill (in place), clip,
// round, dot, trace, choose, tolist (int64 and uint64 as numbers; an unsafe integer refused),
// tolistAsync, tobytes, itemsize, strides (computed, lazy and viewed arrays) and mT.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { toDevice } from '../helpers/arrays.js';
import { checkCases, checkErrors, type ErrorCase, type ValueCase } from '../helpers/numpy-cases.js';
import { numpy, randomArray, type DTypeName, type HostArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

const DTYPES: DTypeName[] = ['bool', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'float16', 'float32', 'float64'];
let seed = 1300;
const rand = (dtype: DTypeName, shape: number[], low?: number, high?: number) =>
  randomArray(dtype, shape, seed++, low === undefined ? {} : { low, high });

describe('methods that mirror functions', () => {
  it('copy, clip, round, dot, trace, choose', () => {
    const cases: ValueCase[] = [];
    for (const d of DTYPES) {
      const a = rand(d, [3, 4]);
      cases.push(
        { label: `${d} copy`, expr: 'a.T.copy()', inputs: { a }, run: () => toDevice(a).T.copy() },
        { label: `${d} trace`, expr: 'a.trace(1)', inputs: { a }, run: () => toDevice(a).trace(1) },
      );
    }
    const f = rand('float32', [3, 4], -5, 5);
    const g = rand('float32', [4, 2]);
    const i = rand('int16', [3, 3]);
    const c = rand('int32', [4], 0, 1);
    cases.push(
      { label: 'copy order C', expr: "f.copy(order='C')", inputs: { f }, run: () => toDevice(f).copy({ order: 'C' }) },
      { label: 'clip', expr: 'f.clip(-1, 2)', inputs: { f }, run: () => toDevice(f).clip(-1, 2) },
      { label: 'clip max only', expr: 'f.clip(None, 0.5)', inputs: { f }, run: () => toDevice(f).clip(null, 0.5) },
      { label: 'round', expr: 'f.round()', inputs: { f }, run: () => toDevice(f).round() },
      { label: 'round 1', expr: 'f.round(1)', inputs: { f }, approx: true, run: () => toDevice(f).round(1) },
      { label: 'dot', expr: 'f.dot(g)', inputs: { f, g }, approx: true, run: () => toDevice(f).dot(toDevice(g)) },
      { label: 'dot int', expr: 'i.dot(i.T)', inputs: { i }, run: () => toDevice(i).dot(toDevice(i).T) },
      { label: 'trace offset, axes', expr: 'i.trace(-1, 1, 0)', inputs: { i }, run: () => toDevice(i).trace(-1, 1, 0) },
      { label: 'choose', expr: "c.choose([f[0], f[1]], mode='clip')", inputs: { c, f }, run: () => toDevice(c).choose([toDevice(f).get('0'), toDevice(f).get('1')], 'clip') },
      { label: 'mT', expr: 'np.arange(24).reshape(2, 3, 4).mT', run: () => cp.arange(24).reshape(2, 3, 4).mT },
      { label: 'mT 2-D', expr: 'f.mT', inputs: { f }, run: () => toDevice(f).mT },
    );
    checkCases(cases);
  });

  it('copy is independent of the original; fill writes in place', () => {
    const x = cp.arange(6).reshape(2, 3).eval();
    const y = x.copy();
    const lazy = x.add(1);
    const row = x.get('1');
    x.fill(7);
    expect(y.tolist()).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(lazy.tolist()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(row.tolist()).toEqual([7, 7, 7]);
    row.fill(-1);
    expect(x.tolist()).toEqual([[7, 7, 7], [-1, -1, -1]]);
    const f = cp.zeros([2, 2], { dtype: 'float16' });
    f.T.get('0').fill(1.5);
    expect(f.tolist()).toEqual([[1.5, 0], [1.5, 0]]);
    expect(() => cp.zeros([2], { dtype: 'uint8' }).fill(300)).toThrow(/fill/);
  });
});

describe('tolist, tobytes and the attributes', () => {
  it('tolist gives numbers (int64 and uint64 included) equal to NumPy tolist', () => {
    const inputs = DTYPES.map((d) => rand(d, [2, 3], 0, 1000));
    const answers = numpy(inputs.map((a) => ({ expr: 'np.array(a.tolist(), dtype=np.float64)', inputs: { a } })));
    inputs.forEach((a, k) => {
      const got = toDevice(a).tolist() as (number | boolean)[][];
      const want = answers[k];
      if (!want.ok) throw new Error(want.error);
      const flat = Array.from((want.value as HostArray).data as Float64Array);
      const kinds = got.flat().map((v) => typeof v);
      expect(new Set(kinds)).toEqual(new Set([a.dtype === 'bool' ? 'boolean' : 'number']));
      expect(got.flat().map(Number)).toEqual(flat);
    });
  });

  it('tolist of 0-d, empty, large and unsafe values; tolistAsync', async () => {
    expect(cp.array(5).tolist()).toBe(5);
    expect(cp.zeros([0, 3]).tolist()).toEqual([]);
    expect(cp.zeros([2, 0]).tolist()).toEqual([[], []]);
    const safe = 2n ** 53n - 1n;
    expect(cp.array([safe, -safe]).tolist()).toEqual([Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER]);
    expect(cp.array([2n ** 64n - 1n], { dtype: 'uint64' }).astype('uint32').tolist()).toEqual([4294967295]);
    let error: unknown;
    try { cp.array([1n, 2n ** 53n]).tolist(); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(cp.CupytsError);
    expect((error as cp.CupytsError).code).toBe('ERR_OVERFLOW');
    expect((error as Error).message).toBe('tolist: expected int64 values that are safe integers (|x| <= 2**53 - 1), got 9007199254740992; read exact values as BigInts with toArraySync()');
    expect(() => cp.array([2n ** 63n], { dtype: 'uint64' }).tolist()).toThrow(/uint64 values .* got 9223372036854775808/);
    expect(await cp.arange(4).reshape(2, 2).tolistAsync()).toEqual([[0, 1], [2, 3]]);
    expect(await cp.array([true, false]).tolistAsync()).toEqual([true, false]);
    await expect(cp.array([-(2n ** 60n)]).tolistAsync()).rejects.toThrow(/tolist: .* got -1152921504606846976/);
    // The exact forms stay BigInt.
    expect(cp.arange(2).toArraySync()).toEqual([0n, 1n]);
  });

  it('tobytes matches NumPy tobytes; itemsize and nbytes', () => {
    const cases: ValueCase[] = DTYPES.map((d) => {
      const a = rand(d, [3, 2]);
      return { label: d, expr: 'np.frombuffer(a.T.tobytes(), np.uint8)', inputs: { a }, run: () => cp.array(Array.from(toDevice(a).T.tobytes()), { dtype: 'uint8' }) };
    });
    checkCases(cases);
    for (const d of DTYPES) {
      const a = toDevice(rand(d, [3, 2]));
      expect(a.itemsize).toBe(a.dtype.itemsize);
      expect(a.nbytes).toBe(6 * a.itemsize);
    }
  });

  it('strides are NumPy strides for computed, lazy and viewed arrays', () => {
    const a = rand('float32', [4, 6]);
    const b = rand('int16', [3, 4, 5]);
    const v = rand('float64', [5]);
    const s = rand('int8', []);
    const cases: Array<[string, string, () => cp.NDArray, Record<string, HostArray>]> = [
      ['computed', 'a', () => toDevice(a), { a }],
      ['transposed', 'a.T', () => toDevice(a).T, { a }],
      ['sliced and reversed', 'a[::-1, 1::2]', () => toDevice(a).get('::-1, 1::2'), { a }],
      ['3-D permuted', 'b.transpose(1, 2, 0)', () => toDevice(b).transpose(1, 2, 0), { b }],
      ['3-D view of a view', 'b[:, ::2].swapaxes(0, 2)[::-1]', () => toDevice(b).get(':, ::2').swapaxes(0, 2).get('::-1'), { b }],
      ['diagonal', 'b.diagonal(0, 0, 2)', () => toDevice(b).diagonal(0, 0, 2), { b }],
      ['lazy', 'a * 2', () => toDevice(a).mul(2), { a }],
      ['lazy transposed', '(a * 2).T', () => toDevice(a).mul(2).T, { a }],
      ['reshape view', 'a.reshape(2, 12)', () => toDevice(a).reshape(2, 12), { a }],
      ['broadcast_to', 'np.broadcast_to(v, (3, 5))', () => cp.broadcast_to(toDevice(v), [3, 5]), { v }],
      ['0-d', 's', () => toDevice(s), { s }],
    ];
    const answers = numpy(cases.map(([, expr, , inputs]) => ({ expr: `np.array((${expr}).strides, dtype=np.int64)`, inputs })));
    cases.forEach(([label, , run], k) => {
      const want = answers[k];
      if (!want.ok) throw new Error(want.error);
      const expected = Array.from((want.value as HostArray).data as BigInt64Array, Number);
      expect({ label, strides: run().strides }).toEqual({ label, strides: expected });
    });
  });
});

describe('refused calls', () => {
  it('throw a CupytsError naming the method', () => {
    const cases: ErrorCase[] = [
      { label: 'mT of 1-D', expr: 'np.arange(3).mT', run: () => cp.arange(3).mT, code: 'ERR_SHAPE', message: 'mT: matrix transpose with ndim < 2 is undefined, got 1 dimensions' },
      { label: 'copy order F', expr: null, run: () => cp.arange(3).copy('F'), code: 'ERR_UNSUPPORTED', message: /^copy: order 'F' is not supported yet/ },
      { label: 'copy bad order', expr: "np.arange(3).copy(order='X')", run: () => (cp.arange(3).copy as any)('X'), code: 'ERR_ARG', message: /^copy: expected order to be one of/ },
      { label: 'copy extra', expr: null, run: () => (cp.arange(3).copy as any)('C', 1), code: 'ERR_ARG', message: /^copy: expected at most 2 positional arguments/ },
      { label: 'fill with a string', expr: "np.arange(3).fill('x')", run: () => (cp.arange(3).fill as any)('x'), code: 'ERR_ARG', message: /^fill: expected value to be an array/ },
      { label: 'fill with a too long array', expr: 'np.zeros(3).fill(np.zeros(2))', run: () => cp.zeros([3]).fill(cp.zeros([2])), code: 'ERR_SHAPE', message: /^fill: could not broadcast/ },
    ];
    checkErrors(cases);
  });
});
