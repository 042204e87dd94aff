// isclose, allclose, array_equal and array_equiv against NumPy: every dtype against itself and
// against float64, Python-scalar operands, NaN and ±Inf (equal_nan), rtol/atol positional and by
// keyword, broadcasting, empty and 0-d inputs; the boolean functions return JS booleans; and
// every rejected call is a CupytsError naming the function. Every kernel is compiled with NVRTC.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, toDevice } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { checkCases, checkErrors, type ErrorCase, type ValueCase } from '../helpers/numpy-cases.js';
import { hostArray, numpy, randomArray, type DTypeName, type HostArray } from '../helpers/numpy-oracle.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';

setBackendNotice(() => {});

const DTYPES: DTypeName[] = ['bool', 'int8', 'uint8', 'int16', 'int32', 'int64', 'uint32', 'uint64', 'float16', 'float32', 'float64', 'complex64', 'complex128'];
let seed = 1500;
const rand = (dtype: DTypeName, shape: number[], special = false) => randomArray(dtype, shape, seed++, { special });

/** b close to a: a plus small noise (exact for integers), with some elements far off. */
function nearby(a: HostArray): HostArray {
  const noise = randomArray('float64', a.shape, seed++, { low: -1e-5, high: 1e-5 });
  return { ...noise, data: Float64Array.from(noise.data as Float64Array, (e, i) => (i % 5 === 0 ? e * 1e5 : e)) };
}

describe('isclose', () => {
  it('matches NumPy over dtypes, NaN and Inf, tolerances and broadcasting', () => {
    const cases: ValueCase[] = [];
    for (const d of DTYPES) {
      const a = rand(d, [4, 5], true);
      const b = rand(d, [4, 5], true);
      const n = nearby(a);
      cases.push(
        { label: `${d} vs ${d}`, expr: 'np.isclose(a, b)', inputs: { a, b }, run: () => cp.isclose(toDevice(a), toDevice(b)) },
        { label: `${d} vs itself`, expr: 'np.isclose(a, a, equal_nan=True)', inputs: { a }, run: () => cp.isclose(toDevice(a), toDevice(a), { equal_nan: true }) },
        { label: `${d} + noise`, expr: 'np.isclose(a, a + n)', inputs: { a, n }, run: () => cp.isclose(toDevice(a), cp.add(toDevice(a), toDevice(n))) },
        { label: `${d} float64 first`, expr: 'np.isclose(a + n, a, 1e-3, 1e-2)', inputs: { a, n }, run: () => cp.isclose(cp.add(toDevice(a), toDevice(n)), toDevice(a), 1e-3, 1e-2) },
      );
    }
    const x = rand('float32', [3, 1], true);
    const y = rand('float64', [4], true);
    const e = rand('float64', [0, 3]);
    const s = rand('float64', []);
    cases.push(
      { label: 'broadcast', expr: 'np.isclose(x, y, atol=5.0)', inputs: { x, y }, run: () => cp.isclose(toDevice(x), toDevice(y), { atol: 5.0 }) },
      { label: 'equal_nan positional', expr: 'np.isclose(x, x, 0, 0, True)', inputs: { x }, run: () => cp.isclose(toDevice(x), toDevice(x), 0, 0, true) },
      { label: 'scalar b', expr: 'np.isclose(x, 1.5, rtol=0.5)', inputs: { x }, run: () => cp.isclose(toDevice(x), 1.5, { rtol: 0.5 }) },
      { label: 'scalar a', expr: 'np.isclose(2, y, atol=3)', inputs: { y }, run: () => cp.isclose(2, toDevice(y), { atol: 3 }) },
      { label: 'inf vs inf', expr: 'np.isclose(np.array([np.inf, -np.inf, np.inf, np.nan]), np.array([np.inf, -np.inf, -np.inf, np.nan]))',
        run: () => cp.isclose([Infinity, -Infinity, Infinity, NaN], [Infinity, -Infinity, -Infinity, NaN]) },
      { label: 'not symmetric', expr: 'np.isclose(np.array([1.0, 100.0]), np.array([1.1, 110.0]), rtol=0.095, atol=0)',
        run: () => cp.isclose([1.0, 100.0], [1.1, 110.0], { rtol: 0.095, atol: 0 }) },
      { label: 'empty', expr: 'np.isclose(e, e)', inputs: { e }, run: () => cp.isclose(toDevice(e), toDevice(e)) },
      { label: '0-d', expr: 'np.asarray(np.isclose(s, s + 1e-9))', inputs: { s }, run: () => cp.isclose(toDevice(s), cp.add(toDevice(s), 1e-9)) },
      { label: 'JS lists', expr: 'np.isclose([1, 2, 3], [1, 2.5, 3.000001])', run: () => cp.isclose([1, 2, 3], [1, 2.5, 3.000001]) },
      // b complex stays complex (it used to lose its imaginary part): moduli, and parts that differ.
      { label: 'complex b', expr: 'np.isclose(np.array([0j, 1+2.5j, 1e10+1j, 3+0j]), np.array([1j, 1+2.5j, 1e10-1j, 3+1e-9j]))',
        run: () => cp.isclose(cp.array([cp.complex(0, 0), cp.complex(1, 2.5), cp.complex(1e10, 1), cp.complex(3, 0)]),
          cp.array([cp.complex(0, 1), cp.complex(1, 2.5), cp.complex(1e10, -1), cp.complex(3, 1e-9)])) },
      { label: 'complex scalar b', expr: 'np.isclose(np.array([1+2.5j, 1+2.6j]), 1+2.5j)',
        run: () => cp.isclose(cp.array([cp.complex(1, 2.5), cp.complex(1, 2.6)]), cp.complex(1, 2.5)) },
      { label: 'real a, complex b', expr: 'np.isclose(np.array([1, 2], np.float32), np.array([1, 2+1e-3j], np.complex64))',
        run: () => cp.isclose(cp.array([1, 2], 'float32'), cp.array([cp.complex(1, 0), cp.complex(2, 1e-3)], 'complex64')) },
    );
    checkCases(cases);
  });
});

describe('allclose, array_equal, array_equiv', () => {
  it('return the JS booleans NumPy returns', () => {
    const f = rand('float32', [3, 4], true);
    const g = rand('float64', [3, 4]);
    const i = rand('int16', [3, 4]);
    const row = rand('int16', [4]);
    const inputs = { f, g, i, row, i2: { ...i, data: Int16Array.from(i.data as Int16Array, (v, k) => (k === 7 ? v + 1 : v)) } as HostArray };
    type Check = [string, () => boolean];
    const checks: Check[] = [
      ['np.allclose(f, f)', () => cp.allclose(toDevice(f), toDevice(f))],
      ['np.allclose(f, f, equal_nan=True)', () => cp.allclose(toDevice(f), toDevice(f), { equal_nan: true })],
      ['np.allclose(g, g + 1e-9)', () => cp.allclose(toDevice(g), cp.add(toDevice(g), 1e-9))],
      ['np.allclose(g, g + 1e-3)', () => cp.allclose(toDevice(g), cp.add(toDevice(g), 1e-3))],
      ['np.allclose(g, g + 1e-3, 0, 1e-2)', () => cp.allclose(toDevice(g), cp.add(toDevice(g), 1e-3), 0, 1e-2)],
      ['np.allclose(i, i2)', () => cp.allclose(toDevice(i), toDevice(inputs.i2))],
      ['np.allclose(np.zeros((0, 3)), 1.0)', () => cp.allclose(cp.zeros([0, 3]), 1.0)],
      ['np.allclose(np.array([1+2.5j, 3-1j]), np.array([1+2.5j, 3-1j]))', () => cp.allclose(cp.array([cp.complex(1, 2.5), cp.complex(3, -1)]), cp.array([cp.complex(1, 2.5), cp.complex(3, -1)]))],
      ['np.allclose(np.array([1+2.5j]), 1+2.4j)', () => cp.allclose(cp.array([cp.complex(1, 2.5)]), cp.complex(1, 2.4))],
      ['np.array_equal(i, i)', () => cp.array_equal(toDevice(i), toDevice(i))],
      ['np.array_equal(i, i2)', () => cp.array_equal(toDevice(i), toDevice(inputs.i2))],
      ['np.array_equal(i, i.astype(np.float64))', () => cp.array_equal(toDevice(i), toDevice(i).astype('float64'))],
      ['np.array_equal(f, f)', () => cp.array_equal(toDevice(f), toDevice(f))],
      ['np.array_equal(f, f, equal_nan=True)', () => cp.array_equal(toDevice(f), toDevice(f), true)],
      ['np.array_equal(f, f.T)', () => cp.array_equal(toDevice(f), toDevice(f).T)],
      ['np.array_equal(row, i)', () => cp.array_equal(toDevice(row), toDevice(i))],
      ['np.array_equal(np.zeros((0, 2)), np.zeros((0, 2)))', () => cp.array_equal(cp.zeros([0, 2]), cp.zeros([0, 2]))],
      ['np.array_equal(np.zeros((0, 2)), np.zeros((2, 0)))', () => cp.array_equal(cp.zeros([0, 2]), cp.zeros([2, 0]))],
      ['np.array_equal(3, 3.0)', () => cp.array_equal(3, 3.5 - 0.5)],
      ['np.array_equiv(row, np.broadcast_to(row, (3, 4)))', () => cp.array_equiv(toDevice(row), cp.broadcast_to(toDevice(row), [3, 4]))],
      ['np.array_equiv(row, i)', () => cp.array_equiv(toDevice(row), toDevice(i))],
      ['np.array_equiv(row, np.zeros((3, 5)))', () => cp.array_equiv(toDevice(row), cp.zeros([3, 5]))],
      ['np.array_equiv([1, 2], [[1, 2], [1, 2]])', () => cp.array_equiv([1, 2], [[1, 2], [1, 2]])],
      ['np.array_equiv(np.zeros((0,)), np.zeros((3, 0)))', () => cp.array_equiv(cp.zeros([0]), cp.zeros([3, 0]))],
    ];
    const answers = numpy(checks.map(([expr]) => ({ expr: `np.asarray(${expr})`, inputs })));
    const failures: string[] = [];
    checks.forEach(([expr, run], k) => {
      const want = answers[k];
      const got = run();
      if (typeof got !== 'boolean') failures.push(`${expr}: returned ${typeof got}`);
      if (!want.ok || Array.isArray(want.value)) return void failures.push(`${expr}: NumPy ${want.ok ? 'gave a tuple' : want.error}`);
      if (got !== Boolean(want.value.data[0])) failures.push(`${expr}: ${got}, NumPy ${Boolean(want.value.data[0])}`);
    });
    expect(failures).toEqual([]);
  });
});

describe('rejected calls', () => {
  it('throw a CupytsError naming the function and the argument', () => {
    const a = () => cp.asarray([1.0, 2.0]);
    const cases: ErrorCase[] = [
      { label: 'isclose unknown option', expr: 'np.isclose([1.0], [1.0], rtl=1)', run: () => cp.isclose(a(), a(), { rtl: 1 } as never), code: 'ERR_ARG',
        message: "isclose: unknown option 'rtl'; expected one of 'rtol', 'atol', 'equal_nan'" },
      { label: 'isclose missing b', expr: 'np.isclose([1.0])', run: () => (cp.isclose as any)(a()), code: 'ERR_ARG', message: /^isclose: missing required argument 'b'/ },
      { label: 'isclose string rtol', expr: null, run: () => cp.isclose(a(), a(), 'x' as never), code: 'ERR_ARG', message: "isclose: expected rtol to be a number, got 'x'" },
      { label: 'allclose extra positional', expr: 'np.allclose([1.0], [1.0], 1, 1, True, 3)', run: () => (cp.allclose as any)(a(), a(), 1, 1, true, 3), code: 'ERR_ARG',
        message: /^allclose: expected at most 5 positional arguments/ },
      { label: 'allclose bad operand', expr: null, run: () => cp.allclose(a(), 'x' as never), code: 'ERR_ARG', message: /^allclose: expected b to be an array/ },
      { label: 'array_equal equal_nan type', expr: null, run: () => cp.array_equal(a(), a(), 1 as never), code: 'ERR_ARG', message: 'array_equal: expected equal_nan to be a boolean, got 1' },
      { label: 'array_equiv options', expr: null, run: () => (cp.array_equiv as any)(a(), a(), { equal_nan: true }), code: 'ERR_ARG', message: /^array_equiv: expected at most 2 positional arguments/ },
      { label: 'shapes that do not broadcast', expr: 'np.isclose(np.zeros(2), np.zeros(3))', run: () => cp.isclose(cp.zeros([2]), cp.zeros([3])), code: 'ERR_SHAPE', message: /^isclose: .*broadcast/ },
    ];
    checkErrors(cases);
  });
});

describe('int64 against uint64', () => {
  // NumPy 2 compares them exactly (mixed loops); their common dtype, float64, rounds above 2**53.
  const signed = [-(2n ** 63n), -1n, 0n, 1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 62n + 1n, 2n ** 63n - 1n];
  const unsigned = [0n, 1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 62n, 2n ** 63n - 1n, 2n ** 63n, 2n ** 64n - 1n];
  const a = hostArray('int64', [signed.length, 1], (i) => signed[i]);
  const b = hostArray('uint64', [1, unsigned.length], (i) => unsigned[i]);
  const ops = ['equal', 'not_equal', 'less', 'less_equal', 'greater', 'greater_equal'] as const;

  it('every comparison, both orders, broadcast, as functions, methods and with out=/where=', () => {
    const cases: ValueCase[] = [];
    for (const op of ops) {
      cases.push(
        { label: `${op}(int64, uint64)`, expr: `np.${op}(a, b)`, inputs: { a, b }, run: () => cp[op](toDevice(a), toDevice(b)) },
        { label: `${op}(uint64, int64)`, expr: `np.${op}(b, a)`, inputs: { a, b }, run: () => cp[op](toDevice(b), toDevice(a)) },
        { label: `${op}(uint64, int64) where=`, expr: `np.${op}(b, a, where=np.arange(8) % 2 == 0, out=np.zeros((8, 8), bool))`, inputs: { a, b },
          run: () => cp[op](toDevice(b), toDevice(a), { where: cp.equal(cp.remainder(cp.arange(8), 2), 0), out: cp.zeros([8, 8], 'bool') }) },
      );
    }
    for (const casting of ['no', 'equiv'] as const) {
      cases.push({ label: `not_equal casting=${casting}`, expr: `np.not_equal(b, a, casting='${casting}')`, inputs: { a, b }, run: () => cp.not_equal(toDevice(b), toDevice(a), { casting }) });
    }
    cases.push(
      { label: 'a.lt(b)', expr: 'a < b', inputs: { a, b }, run: () => toDevice(a).lt(toDevice(b)) },
      { label: 'b.ge(a)', expr: 'b >= a', inputs: { a, b }, run: () => toDevice(b).ge(toDevice(a)) },
      { label: 'b.eq(a)', expr: 'b == a', inputs: { a, b }, run: () => toDevice(b).eq(toDevice(a)) },
    );
    checkCases(cases);
  });
});

describeCompilesEveryKernel(cudaSources, HAS_NVRTC, 10);
