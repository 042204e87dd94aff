// NumPy's fix, fabs, isposinf, isneginf, isreal, iscomplex, real_if_close and bitwise_count against
// NumPy, on the current backend: every dtype (complex included), NaN/±inf/−0 and integer extremes,
// JS scalars, 0-d and empty arrays, non-contiguous views, out= (and where= for the two ufuncs),
// real_if_close's tolerance at its edge, and the errors NumPy raises, each naming the function.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, recordCuda, toDevice, toHost } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { compileAll } from '../helpers/nvrtc-batch.js';
import {
  COMPLEX_DTYPE_NAMES, compareArrays, DTYPE_NAMES, hostArray, numberToF16Bits, numpy, randomArray,
  type CompareOptions, type DTypeName, type HostArray, type OracleResult, type OracleScalar,
} from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

const ALL_DTYPES: DTypeName[] = [...DTYPE_NAMES, ...COMPLEX_DTYPE_NAMES];
const NAMES = ['fix', 'fabs', 'isposinf', 'isneginf', 'isreal', 'iscomplex', 'real_if_close', 'bitwise_count'] as const;
type Name = typeof NAMES[number];
type Fn = (...args: unknown[]) => cp.NDArray;
const fn = (name: Name): Fn => cp[name] as unknown as Fn;
/** fix and fabs are exact: their floats must match NumPy's bit for bit (−0 included). */
const EXACT: CompareOptions = { signedZero: true };

/** Integers over their whole range (bitwise_count sees every bit), floats with NaN, ±inf, −0, complex with them in either part. */
function inputFor(dtype: DTypeName, seed: number, shape = [41]): HostArray {
  const h = randomArray(dtype, shape, seed, { special: true });
  if (dtype === 'int32' || dtype === 'uint32') return randomArray(dtype, shape, seed, { special: true, low: dtype === 'int32' ? -(2 ** 31) : 0, high: 2 ** 32 - 1 });
  if (dtype === 'int64' || dtype === 'uint64') {
    const data = h.data as BigInt64Array | BigUint64Array;
    const rand = randomArray('uint32', [2 * data.length], seed + 7, { low: 0, high: 2 ** 32 - 1 }).data as Uint32Array;
    for (let i = 0; i < data.length; i++) {
      if (i % 5 === 0) continue; // keep randomArray's extremes and small values
      const bits = (BigInt(rand[2 * i]) << 32n) | BigInt(rand[2 * i + 1]);
      data[i] = dtype === 'int64' ? BigInt.asIntN(64, bits) : bits;
    }
  }
  return h;
}

function expectResult(run: () => unknown, want: OracleResult, tol?: CompareOptions, label = ''): void {
  if (!want.ok) {
    let error: unknown;
    try { run(); } catch (err) { error = err; }
    expect(error, `${label}: NumPy raised ${want.error}`).toBeInstanceOf(cp.CupytsError);
    return;
  }
  const result = run() as cp.NDArray;
  recordCuda(result);
  const cmp = compareArrays(toHost(result), want.value as HostArray, tol);
  expect(cmp.ok ? '' : cmp.message, label).toBe('');
}

describe('each function × every dtype against NumPy', () => {
  const cases = NAMES.flatMap((name, k) => ALL_DTYPES.map((dtype, j) => ({ name, dtype, h: inputFor(dtype, 100 * k + j) })));
  const want = numpy(cases.map((c) => ({ expr: `np.${c.name}(a)`, inputs: { a: c.h } })));
  cases.forEach((c, i) => {
    it(`${c.name} ${c.dtype}`, () => {
      if (!want[i].ok) {
        // NumPy's TypeError: a CupytsError naming the function, at the call
        expect(() => fn(c.name)(toDevice(c.h)), want[i].ok ? '' : want[i].error).toThrow(new RegExp(`^${c.name}: expected`));
        return;
      }
      expectResult(() => fn(c.name)(toDevice(c.h)), want[i], EXACT, `${c.name} ${c.dtype}`);
    });
  });
});

describe('JS scalars, 0-d, empty and non-contiguous inputs', () => {
  const zeroD = (dtype: DTypeName, v: number) => hostArray(dtype, [], () => (dtype === 'float16' ? numberToF16Bits(v) : v));
  const grid = inputFor('float32', 500, [6, 7]);
  const cgrid = inputFor('complex64', 501, [6, 7]);
  const igrid = inputFor('int64', 502, [6, 7]);
  const cases: Array<{ expr: string; inputs: Record<string, HostArray | OracleScalar>; run: () => unknown }> = [];
  const scalars: Array<[Name, OracleScalar]> = [
    ['fix', 3.7], ['fix', -2.5], ['fix', -0.25], ['fix', 7], ['fix', true], ['fabs', -3], ['fabs', -2.5], ['fabs', false],
    ['isposinf', Infinity], ['isposinf', -Infinity], ['isposinf', 5], ['isneginf', -Infinity], ['isneginf', NaN],
    ['isreal', 3], ['isreal', { re: 1, im: 0 }], ['isreal', { re: 1, im: 2 }], ['iscomplex', 3.5], ['iscomplex', { re: 0, im: -1 }],
    ['iscomplex', { re: 2, im: -0 }], ['real_if_close', 2.5], ['real_if_close', { re: 1, im: 1e-20 }],
    ['bitwise_count', 5], ['bitwise_count', -5], ['bitwise_count', true], ['bitwise_count', 2n ** 63n - 1n], ['bitwise_count', -(2n ** 63n)],
  ];
  for (const [name, s] of scalars) {
    const arg = typeof s === 'object' ? cp.complex(s.re, s.im) : s;
    cases.push({ expr: `np.asarray(np.${name}(s))`, inputs: { s }, run: () => fn(name)(arg) });
  }
  for (const name of NAMES) {
    for (const [dtype, v] of [['float16', -Infinity], ['float64', -0.75], ['int8', -128], ['complex128', 0]] as Array<[DTypeName, number]>) {
      const z = zeroD(dtype, v);
      cases.push({ expr: `np.${name}(z)`, inputs: { z }, run: () => fn(name)(toDevice(z)) });
    }
    for (const dtype of ['float32', 'uint16', 'complex64', 'bool'] as DTypeName[]) {
      const e = hostArray(dtype, [0, 3]);
      cases.push({ expr: `np.${name}(e)`, inputs: { e }, run: () => fn(name)(toDevice(e)) });
    }
    cases.push({ expr: `np.${name}(g.T)`, inputs: { g: grid }, run: () => fn(name)(toDevice(grid).T) });
    cases.push({ expr: `np.${name}(g[1::2, ::-3])`, inputs: { g: cgrid }, run: () => fn(name)(toDevice(cgrid).get('1::2, ::-3')) });
    cases.push({ expr: `np.${name}(g[:, 2])`, inputs: { g: igrid }, run: () => fn(name)(toDevice(igrid).get(':, 2')) });
  }
  const want = numpy(cases.map((c) => ({ expr: c.expr, inputs: c.inputs })));
  cases.forEach((c, i) => it(`${c.expr} (case ${i})`, () => expectResult(c.run, want[i], EXACT, c.expr)));
});

describe('out= (and where= for the ufuncs fabs and bitwise_count)', () => {
  const x = inputFor('float64', 600, [3, 5]);
  const row = inputFor('float32', 601, [5]);
  const ints = inputFor('int16', 602, [3, 5]);
  const outs: Record<string, HostArray> = {
    f32: hostArray('float32', [3, 5], (i) => 100 + i), i8: hostArray('int8', [3, 5], (i) => i), b: hostArray('bool', [3, 5]),
    f64: hostArray('float64', [3, 5], (i) => -i), u16: hostArray('uint16', [3, 5], (i) => 9 * i),
  };
  const mask = randomArray('bool', [3, 5], 603);
  const cases: Array<{ expr: string; inputs: Record<string, HostArray>; run: () => cp.NDArray; out: string }> = [
    { expr: 'np.fix(x, o)', inputs: { x, o: outs.f32 }, out: 'f32', run: () => cp.fix(toDevice(x), device.f32) },
    { expr: 'np.fix(r, out=o)', inputs: { r: row, o: outs.f64 }, out: 'f64', run: () => cp.fix(toDevice(row), { out: device.f64 }) },
    { expr: 'np.fix(x, o)', inputs: { x, o: outs.i8 }, out: 'i8', run: () => cp.fix(toDevice(x), device.i8) },
    { expr: 'np.isposinf(x, o)', inputs: { x, o: outs.i8 }, out: 'i8', run: () => cp.isposinf(toDevice(x), device.i8) },
    { expr: 'np.isneginf(r, out=o)', inputs: { r: row, o: outs.b }, out: 'b', run: () => cp.isneginf(toDevice(row), { out: device.b }) },
    { expr: 'np.isposinf(r, o)', inputs: { r: row, o: outs.f32 }, out: 'f32', run: () => cp.isposinf(toDevice(row), device.f32) },
    { expr: 'np.fabs(i, o)', inputs: { i: ints, o: outs.f32 }, out: 'f32', run: () => cp.fabs(toDevice(ints), device.f32) },
    { expr: 'np.fabs(x, out=o, where=m)', inputs: { x, o: outs.f64, m: mask }, out: 'f64', run: () => cp.fabs(toDevice(x), { out: device.f64, where: toDevice(mask) }) },
    { expr: 'np.bitwise_count(i, o)', inputs: { i: ints, o: outs.u16 }, out: 'u16', run: () => cp.bitwise_count(toDevice(ints), device.u16) },
    { expr: 'np.bitwise_count(i, out=o, where=m)', inputs: { i: ints, o: outs.u16, m: mask }, out: 'u16', run: () => cp.bitwise_count(toDevice(ints), { out: device.u16, where: toDevice(mask) }) },
    { expr: 'np.bitwise_count(i, o)', inputs: { i: ints, o: outs.i8 }, out: 'i8', run: () => cp.bitwise_count(toDevice(ints), device.i8) },
  ];
  // NumPy writes o in place and returns it; the oracle returns o after the call
  const want = numpy(cases.map((c) => ({ expr: `(${c.expr}, o)[1]`, inputs: c.inputs })));
  let device: Record<string, cp.NDArray> = {};
  cases.forEach((c, i) => {
    it(c.expr, () => {
      device = Object.fromEntries(Object.entries(outs).map(([k, h]) => [k, toDevice(h)]));
      if (!want[i].ok) {
        expect(c.run, want[i].ok ? '' : want[i].error).toThrow(/^(fix|isposinf|isneginf|fabs|bitwise_count): /);
        return;
      }
      const returned = c.run();
      expect(returned).toBe(device[c.out]);
      expectResult(() => returned, want[i], EXACT, c.expr);
    });
  });

  it('the ufuncs take their dtype= and casting= options; fix, isposinf and isneginf take only out', () => {
    const i = toDevice(ints);
    expect(cp.fabs(i, { dtype: 'float64' }).dtype.name).toBe('float64');
    expect(() => cp.fabs(i, { dtype: 'int16' })).toThrow(/^fabs: /);
    expect(cp.bitwise_count(i, { dtype: 'uint8' }).dtype.name).toBe('uint8');
    const call = (f: unknown, ...args: unknown[]) => () => (f as Fn)(...args);
    expect(call(cp.fix, i, { where: true })).toThrow(/^fix: unknown option 'where'; expected one of 'out'/);
    expect(call(cp.isposinf, i, { dtype: 'bool' })).toThrow(/^isposinf: unknown option 'dtype'/);
    expect(call(cp.isneginf, i, null, null)).toThrow(/^isneginf: expected at most 2 positional arguments/);
    expect(call(cp.fix, i, 'x')).toThrow(/^fix: expected out to be/);
  });
});

describe('real_if_close(a, tol=100)', () => {
  const eps32 = 2 ** -23;
  const edge32 = Math.fround(eps32 * 100); // NumPy's float32 product
  const below32 = edge32 - 2 ** -40; // the float32 just below (edge32 is in [2^-17, 2^-16): ulp 2^-40)
  const complexOf = (dtype: 'complex64' | 'complex128', parts: number[]) => hostArray(dtype, [parts.length / 2], (i) => parts[i]);
  const cases: Array<{ label: string; a: HostArray; tol?: number }> = [
    { label: 'complex128 within 100 eps', a: complexOf('complex128', [1, 1e-14, -2, -2e-14, 3, 0]) },
    { label: 'complex128 beyond 100 eps', a: complexOf('complex128', [1, 1e-14, -2, 3e-14]) },
    { label: 'complex128 tol 1000', a: complexOf('complex128', [1, 1e-13, -2, 2e-13]), tol: 1000 },
    { label: 'complex128 absolute tol 0.5', a: complexOf('complex128', [1, 0.49, -2, -0.2]), tol: 0.5 },
    { label: 'complex128 absolute tol 0.5 exceeded', a: complexOf('complex128', [1, 0.5]), tol: 0.5 },
    { label: 'complex128 tol 1 is absolute', a: complexOf('complex128', [1, 0.99]), tol: 1 },
    { label: 'complex128 NaN imaginary part', a: complexOf('complex128', [1, NaN, 2, 0]) },
    { label: 'complex128 infinite imaginary part', a: complexOf('complex128', [1, Infinity]), tol: 1e300 },
    { label: 'complex128 NaN real part', a: complexOf('complex128', [NaN, 0, Infinity, -0]) },
    { label: 'complex64 just below 100 eps', a: complexOf('complex64', [1, below32, 2, -below32]) },
    { label: 'complex64 at 100 eps', a: complexOf('complex64', [1, below32, 2, edge32]) },
    { label: 'complex64 tol 1e40 (inf in float32)', a: complexOf('complex64', [1, 3e38]), tol: 1e40 },
    // compared in float32, as NumPy: 0.1000000017 rounds to float32(0.1), so float32(0.1) is not below it
    { label: 'complex64 absolute tol compared in float32', a: complexOf('complex64', [1, Math.fround(0.1)]), tol: 0.1000000017 },
    // tol > 1 on complex64: NumPy's float32 eps * float32(tol), rounded to float32
    { label: 'complex64 at float32(eps * 100.3)', a: complexOf('complex64', [1, Math.fround(eps32 * Math.fround(100.3))]), tol: 100.3 },
    { label: 'complex64 below float32(eps * 100.3)', a: complexOf('complex64', [1, Math.fround(eps32 * Math.fround(100.3)) - 2 ** -40]), tol: 100.3 },
    { label: 'complex64 random', a: randomArray('complex64', [4, 3], 700) },
    { label: 'complex128 empty', a: hostArray('complex128', [0]) },
    { label: 'complex64 0-d', a: hostArray('complex64', [], (i) => [2.5, 0][i]) },
    { label: 'float32 unchanged', a: randomArray('float32', [5], 701) },
    { label: 'int8 unchanged', a: randomArray('int8', [5], 702) },
  ];
  const want = numpy(cases.map((c) => ({
    expr: c.tol === undefined ? 'np.real_if_close(a)' : 'np.real_if_close(a, tol=t)',
    inputs: c.tol === undefined ? { a: c.a } : { a: c.a, t: c.tol } as Record<string, HostArray | OracleScalar>,
  })));
  cases.forEach((c, i) => it(c.label, () => expectResult(() => (c.tol === undefined ? cp.real_if_close(toDevice(c.a)) : cp.real_if_close(toDevice(c.a), c.tol)), want[i], EXACT, c.label)));

  it('returns a real array itself, and a view of a complex one\'s real parts', () => {
    const x = toDevice(randomArray('float64', [4], 710));
    expect(cp.real_if_close(x)).toBe(x);
    const z = toDevice(complexOf('complex128', [1, 0, 2, 1e-17]));
    const r = cp.real_if_close(z, { tol: 1000 });
    expect(r.dtype.name).toBe('float64');
    z.set(0, cp.complex(5, 0)); // NumPy's a.real shares a's memory
    expect(r.toArraySync()).toEqual([5, 2]);
  });

  it('on a view with a stride, and from JS data', () => {
    const z = toDevice(complexOf('complex128', [1, 0, 7, 5, 2, 1e-18]));
    expect(cp.real_if_close(z.get('::2')).toArraySync()).toEqual([1, 2]);
    expect(cp.real_if_close(z).dtype.name).toBe('complex128');
    expect(cp.real_if_close([1, 2]).dtype.name).toBe('int64');
  });

  it('refuses bad arguments, naming the function', () => {
    const z = toDevice(complexOf('complex64', [1, 0]));
    const call = (...args: unknown[]) => () => (cp.real_if_close as unknown as Fn)(...args);
    expect(call(z, 'big')).toThrow(/^real_if_close: expected tol to be a number/);
    expect(call(z, { tolerance: 3 })).toThrow(/^real_if_close: unknown option 'tolerance'; expected one of 'tol'/);
    expect(call(z, 1, 2)).toThrow(/^real_if_close: expected at most 2 positional arguments/);
    expect(call()).toThrow(/^real_if_close: missing required argument 'a'/);
  });
});

describe('errors NumPy raises, naming the function', () => {
  const z = toDevice(randomArray('complex128', [3], 800));
  const f = toDevice(randomArray('float32', [3], 801));
  it('fabs and bitwise_count refuse dtypes without a loop', () => {
    expect(() => cp.fabs(z)).toThrow(/^fabs: expected an input dtype NumPy's ufunc 'fabs' supports, got complex128/);
    expect(() => cp.fabs(cp.complex(1, 1))).toThrow(/^fabs: /);
    expect(() => cp.bitwise_count(f)).toThrow(/^bitwise_count: expected an input dtype NumPy's ufunc 'bitwise_count' supports, got float32/);
    expect(() => cp.bitwise_count(2.5)).toThrow(/^bitwise_count: /);
  });
  it('isposinf and isneginf refuse complex input', () => {
    expect(() => cp.isposinf(z)).toThrow(/^isposinf: expected a real input .*ambiguous.*got complex128/);
    expect(() => cp.isneginf(cp.complex(0, 1))).toThrow(/^isneginf: expected a real input .*got complex128/);
    expect(() => cp.isneginf(z.astype('complex64'))).toThrow(/got complex64/);
  });
  it('every function refuses a non-array argument', () => {
    for (const name of NAMES) expect(() => fn(name)('x'), name).toThrow(new RegExp(`^${name}: expected`));
  });
  it('none of them is an NDArray method (NumPy has none)', () => {
    for (const name of NAMES) expect((cp.NDArray.prototype as unknown as Record<string, unknown>)[name], name).toBeUndefined();
  });
});

// Runs last: every CUDA kernel the cases above built compiles with NVRTC (bitwise_count's __popc/__popcll).
describe.skipIf(!HAS_NVRTC)('NVRTC', () => {
  it('compiles every generated kernel above', () => {
    const { kernels } = compileAll([...cudaSources.values()]);
    expect(kernels).toBeGreaterThan(50);
  }, 600_000);
});
