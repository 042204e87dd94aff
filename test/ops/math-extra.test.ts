// The math functions of issue 15 beyond the op-by-dtype sweep of elementwise.test.ts, against
// NumPy: the two-output frexp, modf and divmod (NumPy's order, one kernel together), ldexp's
// dtype rules for JS scalars, special values, broadcasting, 0-d and empty arrays, NumPy 2's
// alias names, and errors that name the function.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, recordCuda, toDevice, toHost } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { compileAll } from '../helpers/nvrtc-batch.js';
import { compareArrays, hostArray, type CompareOptions, numpy, numberToF16Bits, randomArray, type DTypeName, type HostArray, type OracleCase, type OracleResult } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

const FLOATS: DTypeName[] = ['float16', 'float32', 'float64'];
const SPECIALS = [0, -0, Infinity, -Infinity, NaN, 1, -1, 0.5, 3, -2.5, 1e-5, 65504, 6e-8, 1e30, 1e-310];

/** A float array of NumPy's special values (those the dtype can hold), then random ones. */
function specialArray(dtype: DTypeName, seed: number): HostArray {
  const h = randomArray(dtype, [40], seed, { special: true, low: -100, high: 100 });
  SPECIALS.forEach((v, i) => { h.data[i] = dtype === 'float16' ? numberToF16Bits(v) : dtype === 'float32' ? Math.fround(v) : v; });
  return h;
}

function expectMatches(actual: cp.NDArray, want: OracleResult | HostArray, tol?: CompareOptions): void {
  const ref = 'ok' in want ? (want.ok ? want.value as HostArray : expect.fail(`NumPy: ${want.error}`)) : want;
  recordCuda(actual);
  const cmp = compareArrays(toHost(actual), ref, tol);
  expect(cmp.ok ? '' : cmp.message).toBe('');
}

function oracle(cases: OracleCase[]): OracleResult[] {
  return numpy(cases);
}

describe('two-output functions return [first, second] in NumPy order', () => {
  const inputs: Array<{ label: string; h: HostArray }> = [
    ...FLOATS.map((d, i) => ({ label: d, h: specialArray(d, 10 + i) })),
    { label: 'int8', h: randomArray('int8', [3, 4], 20) },
    { label: 'bool', h: randomArray('bool', [5], 21) },
    { label: '0-d float32', h: randomArray('float32', [], 22) },
    { label: 'empty float64', h: randomArray('float64', [0, 3], 23) },
  ];
  const want = oracle(inputs.flatMap(({ h }) => ['np.frexp(a)', 'np.modf(a)'].map((expr) => ({ expr, inputs: { a: h } }))));
  inputs.forEach(({ label, h }, i) => {
    it(`frexp ${label}`, () => {
      const [mantissa, exponent] = cp.frexp(toDevice(h));
      const [m, e] = (want[2 * i] as { value: HostArray[] }).value;
      expectMatches(mantissa, m);
      expectMatches(exponent, e);
    });
    it(`modf ${label}`, () => {
      const [fraction, integral] = cp.modf(toDevice(h));
      const [f, n] = (want[2 * i + 1] as { value: HostArray[] }).value;
      expectMatches(fraction, f);
      expectMatches(integral, n);
    });
  });

  it('frexp reconstructs x exactly (x == mantissa * 2**exponent) and keeps signed zeros', () => {
    const h = specialArray('float64', 30);
    const x = toDevice(h);
    const [m, e] = cp.frexp(x);
    const back = cp.ldexp(m, e);
    const got = back.toArraySync() as number[];
    (x.toArraySync() as number[]).forEach((v, i) => expect(Object.is(got[i], v) || (Number.isNaN(got[i]) && Number.isNaN(v)), `x = ${v}`).toBe(true));
  });

  const divmodCases: Array<{ da: DTypeName; db: DTypeName; a: HostArray; b: HostArray }> = (['int8', 'uint8', 'int32', 'int64', 'uint64', 'float16', 'float32', 'float64'] as DTypeName[])
    .map((d, i) => ({ da: d, db: d, a: randomArray(d, [3, 1], 40 + i, { special: d.startsWith('float') }), b: randomArray(d, [4], 60 + i, { low: 1, high: 9 }) }));
  divmodCases.push({ da: 'int16', db: 'float32', a: randomArray('int16', [5], 80), b: randomArray('float32', [5], 81, { special: true }) });
  const divmodWant = oracle(divmodCases.map((c) => ({ expr: 'np.divmod(a, b)', inputs: { a: c.a, b: c.b } })));
  divmodCases.forEach((c, i) => {
    it(`divmod ${c.da} ${c.db} (broadcast)`, () => {
      const [q, r] = cp.divmod(toDevice(c.a), toDevice(c.b));
      const [wq, wr] = (divmodWant[i] as { value: HostArray[] }).value;
      expectMatches(q, wq);
      expectMatches(r, wr);
    });
  });

  it('divmod with a JS scalar divisor, as NumPy with a Python int', () => {
    const h = randomArray('int16', [9], 90);
    const [q, r] = cp.divmod(toDevice(h), -7);
    const [wq, wr] = (oracle([{ expr: 'np.divmod(a, -7)', inputs: { a: h } }])[0] as { value: HostArray[] }).value;
    expectMatches(q, wq);
    expectMatches(r, wr);
  });

  it('computes both outputs in one kernel when they are evaluated together', () => {
    const x = toDevice(randomArray('float32', [256], 91));
    for (const pair of [cp.frexp(x), cp.modf(x), cp.divmod(x, 3)]) {
      expect(cp.explain(...pair).kernels).toHaveLength(1);
    }
  });
});

describe('ldexp', () => {
  const m16 = randomArray('float16', [6], 100, { special: true });
  const m32 = randomArray('float32', [6], 101, { special: true });
  const m64 = specialArray('float64', 102);
  const i8 = randomArray('int8', [6], 103, { low: -20, high: 20 });
  const i64 = hostArray('int64', [40], (k) => BigInt([0, 1, -1, 1023, 1024, -1074, -1075, 2000, -2000, 2 ** 40, -(2 ** 40), 60, -60][k % 13]));
  const u32 = randomArray('uint32', [6], 104, { low: 0, high: 40 });
  const b = randomArray('bool', [6], 105);
  const cases: Array<{ label: string; expr: string; inputs: Record<string, HostArray>; run: () => cp.NDArray }> = [
    { label: 'float16 x int8', expr: 'np.ldexp(m16, i8)', inputs: { m16, i8 }, run: () => cp.ldexp(toDevice(m16), toDevice(i8)) },
    { label: 'float32 x uint32', expr: 'np.ldexp(m32, u32)', inputs: { m32, u32 }, run: () => cp.ldexp(toDevice(m32), toDevice(u32)) },
    { label: 'float64 x int64 (clamped exponents)', expr: 'np.ldexp(m64, i64)', inputs: { m64, i64 }, run: () => cp.ldexp(toDevice(m64), toDevice(i64)) },
    { label: 'float32 x bool', expr: 'np.ldexp(m32, b)', inputs: { m32, b }, run: () => cp.ldexp(toDevice(m32), toDevice(b)) },
    { label: 'int8 x int8 (float16)', expr: 'np.ldexp(i8, i8)', inputs: { i8 }, run: () => cp.ldexp(toDevice(i8), toDevice(i8)) },
    { label: 'float16 x 3', expr: 'np.ldexp(m16, 3)', inputs: { m16 }, run: () => cp.ldexp(toDevice(m16), 3) },
    { label: '7 x int8 (float16, as NumPy 2)', expr: 'np.ldexp(7, i8)', inputs: { i8 }, run: () => cp.ldexp(7, toDevice(i8)) },
    { label: '2.5 x int8 (float64)', expr: 'np.ldexp(2.5, i8)', inputs: { i8 }, run: () => cp.ldexp(2.5, toDevice(i8)) },
    { label: '7 x bool (float64)', expr: 'np.ldexp(7, b)', inputs: { b }, run: () => cp.ldexp(7, toDevice(b)) },
    { label: 'true x int8 (float16)', expr: 'np.ldexp(True, i8)', inputs: { i8 }, run: () => cp.ldexp(true, toDevice(i8)) },
  ];
  const want = oracle(cases.map((c) => ({ expr: c.expr, inputs: c.inputs })));
  cases.forEach((c, i) => it(c.label, () => expectMatches(c.run(), want[i])));

  it('refuses what NumPy refuses, naming ldexp', () => {
    const x = toDevice(m32);
    expect(() => cp.ldexp(x, 2.5)).toThrow(/^ldexp: expected an integer exponent/);
    expect(() => cp.ldexp(x, toDevice(m32))).toThrow(/^ldexp: expected an integer exponent .*got float32/);
    expect(() => cp.ldexp(x, toDevice(randomArray('uint64', [6], 1)))).toThrow(/^ldexp: expected an integer exponent .*got uint64/);
    expect(() => cp.ldexp(x, 2 ** 40)).toThrow(/^ldexp: Python integer 1099511627776 out of bounds for int32/);
    for (const f of [() => cp.ldexp(x, 2.5), () => cp.ldexp(x, 2 ** 40)]) expect(f).toThrow(cp.CupytsError);
  });
});

describe('special values, broadcasting, 0-d and empty arrays against NumPy', () => {
  const a = specialArray('float64', 200);
  const b = specialArray('float64', 201);
  const col = randomArray('float32', [3, 1], 202, { special: true });
  const row = randomArray('float32', [1, 4], 203, { special: true });
  const zeroD = randomArray('float16', [], 204);
  const empty = randomArray('float32', [0], 205);
  const cases: Array<{ expr: string; inputs: Record<string, HostArray>; run: () => cp.NDArray; tol?: CompareOptions }> = [];
  for (const name of ['logaddexp', 'logaddexp2', 'heaviside', 'nextafter', 'float_power', 'hypot'] as const) {
    const fn = cp[name] as (x: cp.NDArray, y: cp.NDArray) => cp.NDArray;
    cases.push({ expr: `np.${name}(a, b)`, inputs: { a, b }, run: () => fn(toDevice(a), toDevice(b)) });
    cases.push({ expr: `np.${name}(col, row)`, inputs: { col, row }, run: () => fn(toDevice(col), toDevice(row)) });
    cases.push({ expr: `np.${name}(z, z)`, inputs: { z: zeroD }, run: () => fn(toDevice(zeroD), toDevice(zeroD)) });
    cases.push({ expr: `np.${name}(e, e)`, inputs: { e: empty }, run: () => fn(toDevice(empty), toDevice(empty)) });
  }
  for (const name of ['spacing', 'sinc', 'i0'] as const) {
    for (const d of FLOATS) {
      // NumPy sums float16 i0's series in float16, overflowing exp(x) beyond |x| = 11.1 where i0 is
      // still finite, and a few ulps off below; cupyts computes in float64 and rounds once.
      const h = name === 'i0' && d === 'float16' ? randomArray(d, [40], 213, { special: true }) : specialArray(d, 210 + FLOATS.indexOf(d));
      cases.push({ expr: `np.${name}(h)`, inputs: { h }, run: () => (cp[name] as (x: cp.NDArray) => cp.NDArray)(toDevice(h)), tol: name === 'i0' && d === 'float16' ? { rtol: 4e-3 } : undefined });
    }
  }
  const ints = randomArray('int32', [4, 5], 220, { low: -60, high: 60 });
  const intsRow = randomArray('int32', [5], 221, { low: -60, high: 60 });
  cases.push({ expr: 'np.gcd(x, y)', inputs: { x: ints, y: intsRow }, run: () => cp.gcd(toDevice(ints), toDevice(intsRow)) });
  cases.push({ expr: 'np.lcm(x, y)', inputs: { x: ints, y: intsRow }, run: () => cp.lcm(toDevice(ints), toDevice(intsRow)) });
  cases.push({ expr: 'np.gcd(x, 12)', inputs: { x: ints }, run: () => cp.gcd(toDevice(ints), 12) });
  cases.push({ expr: 'np.float_power(x, 2)', inputs: { x: ints }, run: () => cp.float_power(toDevice(ints), 2) });
  cases.push({ expr: 'np.heaviside(x, 0.5)', inputs: { x: ints }, run: () => cp.heaviside(toDevice(ints), 0.5) });
  const want = oracle(cases.map((c) => ({ expr: c.expr, inputs: c.inputs })));
  cases.forEach((c, i) => it(`${c.expr} ${Object.values(c.inputs)[0].dtype}`, () => expectMatches(c.run(), want[i], c.tol)));
});

describe("NumPy 2's names", () => {
  const x = randomArray('float32', [12], 300, { low: -0.9, high: 0.9 });
  const y = randomArray('float32', [12], 301, { low: 1.1, high: 5 });
  const n = randomArray('int16', [12], 302, { low: -100, high: 100 });
  const s = randomArray('int16', [12], 303, { low: 0, high: 10 });
  const cases: Array<{ expr: string; inputs: Record<string, HostArray>; run: () => cp.NDArray }> = [
    { expr: 'np.asin(x)', inputs: { x }, run: () => cp.asin(toDevice(x)) },
    { expr: 'np.acos(x)', inputs: { x }, run: () => cp.acos(toDevice(x)) },
    { expr: 'np.atan(x)', inputs: { x }, run: () => cp.atan(toDevice(x)) },
    { expr: 'np.atan2(x, y)', inputs: { x, y }, run: () => cp.atan2(toDevice(x), toDevice(y)) },
    { expr: 'np.asinh(x)', inputs: { x }, run: () => cp.asinh(toDevice(x)) },
    { expr: 'np.acosh(y)', inputs: { y }, run: () => cp.acosh(toDevice(y)) },
    { expr: 'np.atanh(x)', inputs: { x }, run: () => cp.atanh(toDevice(x)) },
    { expr: 'np.pow(y, x)', inputs: { x, y }, run: () => cp.pow(toDevice(y), toDevice(x)) },
    { expr: 'np.bitwise_left_shift(n, s)', inputs: { n, s }, run: () => cp.bitwise_left_shift(toDevice(n), toDevice(s)) },
    { expr: 'np.bitwise_right_shift(n, s)', inputs: { n, s }, run: () => cp.bitwise_right_shift(toDevice(n), toDevice(s)) },
    { expr: 'np.bitwise_invert(n)', inputs: { n }, run: () => cp.bitwise_invert(toDevice(n)) },
    { expr: 'np.concat([x, y], axis=0)', inputs: { x, y }, run: () => cp.concat([toDevice(x), toDevice(y)], 0) },
    { expr: 'np.permute_dims(n.reshape(3, 4), (1, 0))', inputs: { n }, run: () => cp.permute_dims(toDevice(n).reshape([3, 4]), [1, 0]) },
  ];
  const want = oracle(cases.map((c) => ({ expr: c.expr, inputs: c.inputs })));
  cases.forEach((c, i) => it(c.expr, () => expectMatches(c.run(), want[i])));

  it('are the same functions as concatenate and transpose', () => {
    expect(cp.concat).toBe(cp.concatenate);
    expect(cp.permute_dims).toBe(cp.transpose);
  });
});

describe('errors name the function', () => {
  const f = toDevice(randomArray('float32', [4], 400));
  const i = toDevice(randomArray('int32', [4], 401));
  it('refuses dtypes NumPy has no loop for', () => {
    expect(() => cp.gcd(f, f)).toThrow(/^gcd: expected an input dtype NumPy's ufunc 'gcd' supports, got float32/);
    expect(() => cp.lcm(toDevice(randomArray('bool', [4], 1)), true)).toThrow(/^lcm: expected a numeric dtype/);
    expect(() => cp.nextafter(i, f)).not.toThrow(); // int32 with float32 computes in float64, as NumPy
  });
  it('refuses wrong argument counts and values', () => {
    expect(() => (cp.frexp as (...a: unknown[]) => unknown)(f, f)).toThrow(/^frexp: expected at most 1 positional argument and an options object, got 2/);
    expect(() => (cp.modf as (...a: unknown[]) => unknown)()).toThrow(/^modf: missing required argument 'x'/);
    expect(() => (cp.divmod as (...a: unknown[]) => unknown)(f)).toThrow(/^divmod: missing required argument 'x2'/);
    expect(() => (cp.divmod as (...a: unknown[]) => unknown)(f, 'x')).toThrow(/^divmod: expected x2 to be an array/);
    expect(() => (cp.frexp as (...a: unknown[]) => unknown)(undefined)).toThrow(cp.CupytsError);
  });
});

// Runs last: every CUDA kernel the cases above built compiles with NVRTC.
describe.skipIf(!HAS_NVRTC)('NVRTC', () => {
  it('compiles every generated kernel above', () => {
    const { kernels } = compileAll([...cudaSources.values()]);
    expect(kernels).toBeGreaterThan(40);
  }, 600_000);
});
