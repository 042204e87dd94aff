// The NumPy oracle harness itself: transport of every dtype and shape, scalars, per-case errors,
// tuples, the comparison helpers, randomArray and the float16 codec, and the speed of one batch.
import { describe, expect, it } from 'vitest';

import {
  DTYPE_NAMES,
  type DTypeName,
  type HostArray,
  type OracleCase,
  type OracleResult,
  compareArrays,
  compareArraysExact,
  defaultTolerance,
  elements,
  expectClose,
  f16BitsToNumber,
  hostArray,
  numberToF16Bits,
  numpy,
  numpyOne,
  randomArray,
} from '../helpers/numpy-oracle.js';

function single(r: OracleResult): HostArray {
  if (!r.ok) throw new Error(`oracle case failed: ${r.error}`);
  if (Array.isArray(r.value)) throw new Error('expected one array, got a tuple');
  return r.value;
}

function bytesOf(a: HostArray): Buffer {
  return Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength);
}

const SHAPES: number[][] = [[], [0], [2, 0, 3], [1], [7], [3, 4], [2, 3, 4]];

describe('numpy oracle transport', () => {
  it('round-trips every dtype and shape through np.asarray unchanged', () => {
    const cases: OracleCase[] = [];
    const inputs: HostArray[] = [];
    for (const dtype of DTYPE_NAMES) {
      SHAPES.forEach((shape, k) => {
        for (const special of [false, true]) {
          const a = randomArray(dtype, shape, 100 + k, { special });
          inputs.push(a);
          cases.push({ expr: 'np.asarray(a)', inputs: { a } });
        }
      });
    }
    const results = numpy(cases);
    expect(results).toHaveLength(cases.length);
    results.forEach((r, i) => {
      const got = single(r);
      const want = inputs[i];
      expect(got.dtype).toBe(want.dtype);
      expect(got.shape).toEqual(want.shape);
      expect(got.data.constructor).toBe(want.data.constructor);
      expect(bytesOf(got).equals(bytesOf(want)), `${want.dtype} [${want.shape}]`).toBe(true);
      expect(compareArraysExact(got, want)).toEqual({ ok: true });
    });
  });

  it('gives 0-d results (NumPy scalars and 0-d arrays) shape []', () => {
    const a = randomArray('float32', [5], 1);
    const [sum, zeroD, pyFloat] = numpy([
      { expr: 'np.sum(a)', inputs: { a } },
      { expr: 'np.array(7, dtype=np.uint16)', inputs: {} },
      { expr: '1.5', inputs: {} },
    ]).map(single);
    expect(sum.shape).toEqual([]);
    expect(sum.dtype).toBe('float32');
    expect(sum.data[0]).toBeCloseTo(Array.from(a.data as Float32Array).reduce((s, x) => s + x, 0), 4);
    expect(zeroD).toMatchObject({ dtype: 'uint16', shape: [] });
    expect(elements(zeroD)).toEqual([7]);
    expect(pyFloat).toMatchObject({ dtype: 'float64', shape: [] });
  });

  it('passes each JS scalar kind as the matching Python scalar', () => {
    const i8 = randomArray('int8', [4], 3, { low: -10, high: 10 });
    const results = numpy([
      { expr: 'np.asarray([type(x).__name__ == "bool", x])', inputs: { x: true } },
      { expr: 'np.asarray([type(x).__name__ == "int", x == 3])', inputs: { x: 3 } },
      { expr: 'np.asarray([type(x).__name__ == "int", x == 2**70])', inputs: { x: 2n ** 70n } },
      { expr: 'np.asarray([type(x).__name__ == "float", x == 2.5])', inputs: { x: 2.5 } },
      { expr: 'np.asarray([type(x).__name__ == "float", x != x])', inputs: { x: NaN } },
      { expr: 'np.asarray([type(x).__name__ == "float", x == float("inf")])', inputs: { x: Infinity } },
      { expr: 'np.asarray([type(x).__name__ == "float", x == float("-inf")])', inputs: { x: -Infinity } },
      { expr: 'np.asarray([type(x).__name__ == "float", str(x) == "-0.0"])', inputs: { x: -0 } },
      { expr: 'np.asarray([type(x).__name__ == "float", x == 0.1])', inputs: { x: 0.1 } },
      { expr: 'np.asarray([type(x).__name__ == "int", x == int(1e300)])', inputs: { x: 1e300 } },
      // Python scalars stay weak under NEP 50: int8 + 3 is int8.
      { expr: 'np.add(a, x)', inputs: { a: i8, x: 3 } },
      { expr: 'x', inputs: { x: 3 } },
      { expr: 'x', inputs: { x: 0.5 } },
      { expr: 'x', inputs: { x: false } },
    ]);
    results.slice(0, 10).forEach((r, i) => {
      const got = single(r);
      expect(got.dtype).toBe('bool');
      expect(elements(got), `case ${i}`).toEqual([1, 1]);
    });
    const sum = single(results[10]);
    expect(sum.dtype).toBe('int8');
    expect(elements(sum)).toEqual(Array.from(i8.data as Int8Array, (v) => v + 3));
    expect(single(results[11])).toMatchObject({ dtype: 'int64', shape: [] });
    expect(single(results[11]).data[0]).toBe(3n);
    expect(single(results[12])).toMatchObject({ dtype: 'float64', shape: [] });
    expect(single(results[13])).toMatchObject({ dtype: 'bool', shape: [] });
  });

  it('returns int64/uint64 as bigints, float16 as raw bits', () => {
    const results = numpy([
      { expr: 'np.array([-(2**63), 2**63 - 1], dtype=np.int64)', inputs: {} },
      { expr: 'np.array([0, 2**64 - 1], dtype=np.uint64)', inputs: {} },
      { expr: 'np.array([1.0, -2.0, 65504.0], dtype=np.float16)', inputs: {} },
      { expr: 'np.array([True, False, True])', inputs: {} },
    ]).map(single);
    expect(elements(results[0])).toEqual([-(2n ** 63n), 2n ** 63n - 1n]);
    expect(elements(results[1])).toEqual([0n, 2n ** 64n - 1n]);
    expect(elements(results[2])).toEqual([0x3c00, 0xc000, 0x7bff]);
    expect(elements(results[3])).toEqual([1, 0, 1]);
  });

  it('captures a NumPy error per case without failing the batch', () => {
    const a = randomArray('float32', [4], 1);
    const b = randomArray('float32', [4], 2);
    const results = numpy([
      { expr: 'np.add(a, b)', inputs: { a, b } },
      { expr: 'np.bitwise_and(a, b)', inputs: { a, b } },
      { expr: 'np.add(a, ', inputs: { a } },
      { expr: 'np.reshape(a, (3, 3))', inputs: { a } },
      { expr: 'np.asarray(a, dtype=np.complex64)', inputs: { a } },
      { expr: 'np.array(["x"])', inputs: {} },
      { expr: 'np.multiply(a, b)', inputs: { a, b } },
    ]);
    expect(results[0].ok).toBe(true);
    expect(results[1]).toMatchObject({ ok: false });
    expect(!results[1].ok && results[1].error).toMatch(/^TypeError: ufunc 'bitwise_and' not supported/);
    expect(!results[2].ok && results[2].error).toMatch(/^SyntaxError/);
    expect(!results[3].ok && results[3].error).toMatch(/^ValueError: cannot reshape/);
    expect(results[4]).toMatchObject({ ok: true, value: { dtype: 'complex64', shape: [4] } }); // interleaved (re, im)
    expect(results[4].ok && Array.from((results[4].value as { data: Float32Array }).data).filter((_, i) => i % 2 === 1)).toEqual([0, 0, 0, 0]);
    expect(!results[5].ok && results[5].error).toMatch(/^unsupported result dtype <U1/);
    expect(results[6].ok).toBe(true);
  });

  it('silences warnings and returns NumPy values for division by zero', () => {
    const [f, i] = numpy([
      { expr: 'np.divide(a, b)', inputs: { a: hostArray('float64', [3], (k) => [1, -1, 0][k]), b: hostArray('float64', [3]) } },
      { expr: 'np.floor_divide(a, b)', inputs: { a: hostArray('int32', [2], (k) => k + 5), b: hostArray('int32', [2]) } },
    ]).map(single);
    expect(elements(f)).toEqual([Infinity, -Infinity, NaN]);
    expect(elements(i)).toEqual([0, 0]);
  });

  it('turns a tuple result into an array of HostArrays', () => {
    const a = randomArray('int32', [10], 5, { low: -50, high: 50 });
    const b = randomArray('int32', [10], 6, { low: 1, high: 9 });
    const r = numpyOne('np.divmod(a, b)', { a, b });
    if (!r.ok || !Array.isArray(r.value)) throw new Error(`expected a tuple, got ${JSON.stringify(r)}`);
    const [q, m] = r.value;
    const av = Array.from(a.data as Int32Array);
    const bv = Array.from(b.data as Int32Array);
    expectClose(q, hostArray('int32', [10], (k) => Math.floor(av[k] / bv[k])));
    expectClose(m, hostArray('int32', [10], (k) => av[k] - Math.floor(av[k] / bv[k]) * bv[k]));
  });

  it('keeps stdout clean when an expression prints', () => {
    const [r] = numpy([{ expr: 'print("noise") or np.int8(1)', inputs: {} }]);
    expect(single(r)).toMatchObject({ dtype: 'int8', shape: [] });
  });

  it('rejects inputs whose data does not fit dtype and shape', () => {
    expect(() => numpyOne('a', { a: { dtype: 'int64', shape: [2], data: new Int32Array(2) } })).toThrow(/expected BigInt64Array/);
    expect(() => numpyOne('a', { a: { dtype: 'int32', shape: [3], data: new Int32Array(2) } })).toThrow(/holds 3 elements/);
    expect(numpy([])).toEqual([]);
  });

  // One Python process serves the whole batch: a process per case would take minutes (2000 ×
  // ~0.1 s). The bound is loose on purpose, so a loaded CI machine does not fail it.
  it('evaluates 2000 small cases in one call, not a process per case', () => {
    const a = randomArray('float32', [100], 7);
    const b = randomArray('float32', [100], 8);
    const exprs = ['np.add(a, b)', 'np.sqrt(a)', 'np.maximum(a, b)', 'a.astype(np.int8)'];
    const cases = Array.from({ length: 2000 }, (_, i) => ({ expr: exprs[i % exprs.length], inputs: { a, b } }));
    const start = performance.now();
    const results = numpy(cases);
    const seconds = (performance.now() - start) / 1000;
    expect(results).toHaveLength(2000);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(seconds).toBeLessThan(30);
  });
});

describe('compareArrays', () => {
  const f64 = (values: number[], shape = [values.length]) => hostArray('float64', shape, (i) => values[i]);

  it('accepts equal arrays and differences within tolerance', () => {
    expect(compareArrays(f64([1, NaN, Infinity, -Infinity, 0]), f64([1, NaN, Infinity, -Infinity, -0]))).toEqual({ ok: true });
    expect(compareArrays(f64([1 + 1e-13]), f64([1]))).toEqual({ ok: true });
    expect(compareArrays(f64([1.1]), f64([1]), { rtol: 0.2, atol: 0 })).toEqual({ ok: true });
    expect(defaultTolerance('float32')).toEqual({ rtol: 1e-5, atol: 1e-6 });
    expect(defaultTolerance('int8')).toEqual({ rtol: 0, atol: 0 });
  });

  it('catches a NaN mismatch and an infinity mismatch', () => {
    const r = compareArrays(f64([1, 2, NaN]), f64([1, NaN, 3]));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toMatch(/^2 of 3 elements differ/);
      expect(r.message).toContain('[1] actual 2, expected NaN');
      expect(r.message).toContain('[2] actual NaN, expected 3');
    }
    expect(compareArrays(f64([Infinity]), f64([-Infinity])).ok).toBe(false);
    expect(compareArrays(f64([1e308]), f64([Infinity]), { rtol: 1, atol: 1 }).ok).toBe(false);
  });

  it('catches a shape mismatch and a dtype mismatch, naming both', () => {
    const r = compareArrays(f64([1, 2, 3, 4, 5, 6], [2, 3]), f64([1, 2, 3, 4, 5, 6], [3, 2]));
    expect(r).toEqual({ ok: false, message: expect.stringContaining('shape mismatch: actual [2, 3], expected [3, 2]') });
    const s = compareArrays(hostArray('float32', [2]), hostArray('float64', [2]));
    expect(s).toEqual({ ok: false, message: 'dtype mismatch: actual float32, expected float64' });
    expect(compareArrays(hostArray('float32', []), hostArray('float32', [1])).ok).toBe(false);
  });

  it('tells -0 from 0 only in the exact mode', () => {
    expect(compareArrays(f64([-0]), f64([0]))).toEqual({ ok: true });
    const exact = compareArraysExact(f64([-0, 1]), f64([0, 1]));
    expect(exact).toEqual({ ok: false, message: expect.stringContaining('[0] actual -0, expected 0') });
    expect(compareArrays(f64([-0]), f64([0]), { signedZero: true }).ok).toBe(false);
    expect(compareArraysExact(f64([NaN, -0]), f64([NaN, -0]))).toEqual({ ok: true });
    const h = (bits: number) => ({ dtype: 'float16' as const, shape: [1], data: Uint16Array.of(bits) });
    expect(compareArrays(h(0x8000), h(0x0000)).ok).toBe(true);
    expect(compareArraysExact(h(0x8000), h(0x0000)).ok).toBe(false);
  });

  it('compares integers, bigints and bools exactly', () => {
    const i64 = (v: bigint[]) => ({ dtype: 'int64' as const, shape: [v.length], data: BigInt64Array.from(v) });
    expect(compareArrays(i64([2n ** 62n + 1n]), i64([2n ** 62n + 1n]))).toEqual({ ok: true });
    const r = compareArrays(i64([2n ** 62n + 1n]), i64([2n ** 62n]));
    expect(r).toEqual({ ok: false, message: expect.stringContaining('actual 4611686018427387905, expected 4611686018427387904') });
    expect(compareArrays(hostArray('int32', [1], () => 1), hostArray('int32', [1], () => 2), { rtol: 1, atol: 1 }).ok).toBe(false);
    expect(compareArrays(hostArray('bool', [2], (i) => i), hostArray('bool', [2], () => 1)).ok).toBe(false);
  });

  it('compares float16 by decoded value', () => {
    const h = (values: number[]) => hostArray('float16', [values.length], (i) => numberToF16Bits(values[i]));
    expect(compareArrays(h([1, 2]), h([1.0009765625, 2])).ok).toBe(true); // one ulp at 1, within 1e-3 + 1e-3
    const r = compareArrays(h([1]), h([1.5]));
    expect(r).toEqual({ ok: false, message: expect.stringContaining('actual 1 (0x3c00), expected 1.5 (0x3e00)') });
  });

  it('lists at most 5 mismatches plus the count, and expectClose throws it', () => {
    const r = compareArrays(f64([1, 2, 3, 4, 5, 6, 7, 8]), f64([0, 0, 0, 0, 0, 0, 0, 8]));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toMatch(/^7 of 8 elements differ/);
      expect(r.message.match(/\[\d\] actual/g)).toHaveLength(5);
      expect(r.message).toContain('... and 2 more');
    }
    expect(() => expectClose(f64([1]), f64([2]))).toThrow(/1 of 1 elements differ/);
    expect(() => expectClose(f64([1]), f64([1]))).not.toThrow();
  });
});

describe('randomArray', () => {
  it('is deterministic in its seed', () => {
    for (const dtype of DTYPE_NAMES) {
      const a = randomArray(dtype, [50], 11, { special: true });
      expect(bytesOf(randomArray(dtype, [50], 11, { special: true })).equals(bytesOf(a))).toBe(true);
      expect(bytesOf(randomArray(dtype, [50], 12, { special: true })).equals(bytesOf(a)), dtype).toBe(false);
    }
  });

  it('keeps to the default ranges and honours low/high', () => {
    const range = (dtype: DTypeName, opts = {}) => {
      const values = Array.from(randomArray(dtype, [4000], 3, opts).data as ArrayLike<number | bigint>, Number);
      return [Math.min(...values), Math.max(...values)];
    };
    expect(range('int8')).toEqual([-128, 127]);
    expect(range('uint8')).toEqual([0, 255]);
    expect(range('int32')[0]).toBeGreaterThanOrEqual(-1000);
    expect(range('int32')[1]).toBeLessThanOrEqual(1000);
    expect(range('int64')[0]).toBeGreaterThanOrEqual(-1000);
    expect(range('uint32')[1]).toBeLessThanOrEqual(1000);
    expect(range('uint64')[1]).toBeLessThanOrEqual(1000);
    expect(range('bool')).toEqual([0, 1]);
    expect(range('int16', { low: -3, high: 3 })).toEqual([-3, 3]);
    const [lo, hi] = range('float64');
    expect(lo).toBeGreaterThanOrEqual(-10);
    expect(hi).toBeLessThanOrEqual(10);
    expect(range('int64', { special: true })).toEqual([Number(-(2n ** 63n)), Number(2n ** 63n - 1n)]);
    expect(range('uint32', { special: true })).toEqual([0, 2 ** 32 - 1]);
  });

  it('mixes in NaN, +-Inf, -0 and 0 when asked', () => {
    const values = Array.from(randomArray('float32', [400], 9, { special: true }).data as Float32Array);
    expect(values.some(Number.isNaN)).toBe(true);
    expect(values).toContain(Infinity);
    expect(values).toContain(-Infinity);
    expect(values.some((v) => Object.is(v, -0))).toBe(true);
    expect(values.some((v) => Object.is(v, 0))).toBe(true);
    const plain = Array.from(randomArray('float32', [400], 9).data as Float32Array);
    expect(plain.every(Number.isFinite)).toBe(true);
  });
});

describe('float16 codec', () => {
  it('encodes like NumPy astype(np.float16), rounding to nearest even', () => {
    const edge = [
      0, -0, 1, -1, 65504, 65519.99, 65520, -65520, 1e6, NaN, Infinity, -Infinity,
      2 ** -14, 2 ** -24, 2 ** -25, 2 ** -25 * 1.0001, 3 * 2 ** -25, 2 ** -14 - 2 ** -25, 5.96e-8,
      1 + 2 ** -11, 1 + 3 * 2 ** -11, 1 + 2 ** -11 + 2 ** -40, 2048 + 1, 2048 + 3, 0.1, 1 / 3,
    ];
    const random = Array.from(randomArray('float64', [3000], 21, { low: -70000, high: 70000 }).data as Float64Array);
    const small = Array.from(randomArray('float64', [3000], 22, { low: -1e-4, high: 1e-4 }).data as Float64Array);
    const values = [...edge, ...random, ...small];
    const a = hostArray('float64', [values.length], (i) => values[i]);
    const want = single(numpyOne('a.astype(np.float16)', { a }));
    const mine = hostArray('float16', [values.length], (i) => numberToF16Bits(values[i]));
    expect(compareArraysExact(mine, want)).toEqual({ ok: true });
    const decoded = single(numpyOne('a.astype(np.float64)', { a: want }));
    const decodedMine = hostArray('float64', [values.length], (i) => f16BitsToNumber(want.data[i] as number));
    expect(compareArraysExact(decodedMine, decoded)).toEqual({ ok: true });
  });
});
