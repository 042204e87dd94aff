// The CPU FFT (src/runtime/fft) against numpy.fft: complex, real and Hermitian transforms over
// many lengths (1, 2, powers of two, smooth, primes below and above the direct-radix bound,
// 2^k + 7, large prime factors), every norm mode, cropped and zero-padded inputs, batched and
// strided lines, float32 and float64 data. Complex data is interleaved (re, im) pairs, the
// layout NumPy's complex128/complex64 have when viewed as float64/float32.
import { describe, expect, it } from 'vitest';
import { CupytsError } from '../../src/ir/errors.js';
import { clearCpuFftPlans, complexPlan, cpuFftPlanStats, PLAN_CACHE_MAX_PLANS } from '../../src/runtime/fft/complex-plans.js';
import { fft1d, fftLines, type FftNorm, type FloatData, type Lines } from '../../src/runtime/fft/lines.js';
import { radixFactors } from '../../src/runtime/fft/mixed-radix.js';
import { hfftLines, ihfftLines, irfftLines, rfftLines } from '../../src/runtime/fft/real-lines.js';
import { numpy, randomArray, type HostArray, type OracleCase } from '../helpers/numpy-oracle.js';

const LENGTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 15, 16, 25, 30, 37, 41, 43, 45, 60, 64, 97, 128, 210, 1009, 1024, 1031, 2018, 4103, 4096 * 3];
const NORMS: FftNorm[] = ['backward', 'ortho', 'forward'];
type Precision = 'float32' | 'float64';

function lines(data: FloatData, stride = 1, offset = 0, batchStrides: number[] = []): Lines {
  return { data, offset, stride, batchStrides };
}

function host(data: FloatData, shape: number[]): HostArray {
  return { dtype: data instanceof Float32Array ? 'float32' : 'float64', shape, data };
}

function values(a: HostArray): Float64Array {
  return Float64Array.from(a.data as Float64Array);
}

/** max |actual − expected| ≤ c · eps · log2(n + 1) · max(1, max |expected|): the usual FFT error bound, scaled by the largest output. */
function expectFftClose(actual: FloatData, expected: ArrayLike<number>, n: number, precision: Precision, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  const eps = precision === 'float32' ? 2 ** -23 : 2 ** -52;
  let scale = 1;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  const bound = 8 * eps * Math.log2(n + 1) * scale + (precision === 'float32' ? eps * scale : 0);
  expect(worst, `${what}: worst error ${worst} vs bound ${bound}`).toBeLessThanOrEqual(bound);
}

function random(precision: Precision, count: number, seed: number): FloatData {
  const data = values(randomArray('float64', [count], seed, { low: -1, high: 1 }));
  return precision === 'float32' ? Float32Array.from(data) : data;
}

const COMPLEX = { float64: 'np.complex128', float32: 'np.complex64' } as const;

interface Case {
  name: string;
  n: number;
  precision: Precision;
  oracle: OracleCase;
  run: () => FloatData;
}

/** A 1-D case: `expr` is NumPy's call on `c` (complex input) or `r` (real input); its result is viewed as floats. */
function oneLine(name: string, n: number, precision: Precision, inputCount: number, complexInput: boolean, expr: string, run: (input: FloatData) => FloatData): Case {
  const input = random(precision, complexInput ? 2 * inputCount : inputCount, n * 7 + inputCount);
  const [binding, source] = complexInput ? ['c', `a.view(${COMPLEX[precision]})`] : ['r', 'a'];
  const pyExpr = `(lambda ${binding}: np.ascontiguousarray(${expr}).view(np.${precision}).ravel())(${source})`;
  return { name, n, precision, oracle: { expr: pyExpr, inputs: { a: host(input, [input.length]) } }, run: () => run(input) };
}

function complexOut(precision: Precision, n: number): FloatData {
  return precision === 'float32' ? new Float32Array(2 * n) : new Float64Array(2 * n);
}

function realOut(precision: Precision, n: number): FloatData {
  return precision === 'float32' ? new Float32Array(n) : new Float64Array(n);
}

function casesFor(n: number, norm: FftNorm, precision: Precision, inputCount: number): Case[] {
  const h = Math.floor(n / 2) + 1;
  const tag = `n=${n} input=${inputCount} ${norm} ${precision}`;
  const spec = { batchShape: [], n, inputLength: inputCount, norm };
  const nn = `n=${n}, norm='${norm}'`;
  return [
    oneLine(`fft ${tag}`, n, precision, inputCount, true, `np.fft.fft(c, ${nn})`, (x) => {
      const out = complexOut(precision, n);
      fftLines(lines(x), lines(out), spec, false);
      return out;
    }),
    oneLine(`ifft ${tag}`, n, precision, inputCount, true, `np.fft.ifft(c, ${nn})`, (x) => {
      const out = complexOut(precision, n);
      fftLines(lines(x), lines(out), spec, true);
      return out;
    }),
    oneLine(`rfft ${tag}`, n, precision, inputCount, false, `np.fft.rfft(r, ${nn})`, (x) => {
      const out = complexOut(precision, h);
      rfftLines(lines(x), lines(out), spec);
      return out;
    }),
    oneLine(`irfft ${tag}`, n, precision, inputCount, true, `np.fft.irfft(c, ${nn})`, (x) => {
      const out = realOut(precision, n);
      irfftLines(lines(x), lines(out), spec);
      return out;
    }),
    oneLine(`hfft ${tag}`, n, precision, inputCount, true, `np.fft.hfft(c, ${nn})`, (x) => {
      const out = realOut(precision, n);
      hfftLines(lines(x), lines(out), spec);
      return out;
    }),
    oneLine(`ihfft ${tag}`, n, precision, inputCount, false, `np.fft.ihfft(r, ${nn})`, (x) => {
      const out = complexOut(precision, h);
      ihfftLines(lines(x), lines(out), spec);
      return out;
    }),
  ];
}

function runCases(cases: Case[]): void {
  const results = numpy(cases.map((c) => c.oracle));
  cases.forEach((c, i) => {
    const r = results[i];
    if (!r.ok) throw new Error(`${c.name}: numpy failed: ${r.error}`);
    expectFftClose(c.run(), (r.value as HostArray).data as Float64Array, c.n, c.precision, c.name);
  });
}

describe('CPU FFT against numpy.fft', () => {
  it('plans lengths with small prime factors as mixed radix and large ones as Bluestein', () => {
    expect(radixFactors(64)).toEqual([4, 4, 4]);
    expect(radixFactors(120)).toEqual([4, 2, 3, 5]);
    expect(radixFactors(37 * 9)).toEqual([3, 3, 37]);
    expect(radixFactors(43)).toBeNull();
    expect(complexPlan(1009, -1).kind).toBe('bluestein');
    expect(complexPlan(1024, -1).kind).toBe('mixed-radix');
  });

  it('fft, ifft, rfft, irfft, hfft and ihfft match float64 NumPy at every length and norm', () => {
    runCases(LENGTHS.flatMap((n) => NORMS.flatMap((norm) => casesFor(n, norm, 'float64', n))));
  });

  it('crop and zero-pad the input to n as NumPy does', () => {
    runCases([5, 16, 97].flatMap((n) => [n - 2, n + 3, 1].flatMap((count) => casesFor(n, 'backward', 'float64', Math.max(1, count)))));
  });

  it('float32 data (computed in float64, rounded once) match NumPy complex64 within float32 FFT error', () => {
    runCases([1, 2, 7, 16, 97, 1009, 1024, 4103].flatMap((n) => NORMS.flatMap((norm) => casesFor(n, norm, 'float32', n))));
  });

  it('float32 results are NumPy complex64\'s to the last place (NumPy rounds a float64 transform too)', () => {
    const lengths = [1000, 1009, 1024, 4103];
    const inputs = lengths.map((n) => random('float32', 2 * n, n) as Float32Array);
    const results = numpy(inputs.map((x) => ({ expr: 'np.fft.fft(a.view(np.complex64)).view(np.float32)', inputs: { a: host(x, [x.length]) } })));
    lengths.forEach((n, k) => {
      const x = inputs[k];
      const r = results[k];
      if (!r.ok) throw new Error(r.error);
      const want = (r.value as HostArray).data as Float32Array;
      const got = fft1d(x) as Float32Array;
      let worstUlps = 0;
      for (let i = 0; i < want.length; i++) {
        const ulp = 2 ** (Math.floor(Math.log2(Math.max(Math.abs(want[i]), 2 ** -126))) - 23);
        worstUlps = Math.max(worstUlps, Math.abs(got[i] - want[i]) / ulp);
      }
      expect(worstUlps, `n=${n}`).toBeLessThanOrEqual(1);
    });
  });

  it('transform batched lines of an n-d array along a middle axis, with a different output layout', () => {
    const [b0, n, b2] = [3, 12, 5];
    const input = random('float64', 2 * b0 * n * b2, 11);
    const out = new Float64Array(2 * b0 * n * b2); // laid out [b0, b2, n]
    const spec = { batchShape: [b0, b2], n, inputLength: n, norm: 'ortho' as const };
    fftLines(lines(input, b2, 0, [n * b2, 1]), lines(out, 1, 0, [b2 * n, n]), spec, false);
    const [r] = numpy([{
      expr: `np.ascontiguousarray(np.moveaxis(np.fft.fft(a.view(np.complex128).reshape(${b0}, ${n}, ${b2}), axis=1, norm='ortho'), 1, -1)).view(np.float64).ravel()`,
      inputs: { a: host(input, [input.length]) },
    }]);
    if (!r.ok) throw new Error(r.error);
    expectFftClose(out, (r.value as HostArray).data as Float64Array, n, 'float64', 'batched fft');
  });

  it('transform strided lines (every third element, from an offset) and rfft/irfft along axis 0', () => {
    const n = 97;
    const input = random('float64', 2 * (3 * n + 2), 5);
    const out = new Float64Array(2 * n);
    fftLines(lines(input, 3, 2), lines(out), { batchShape: [], n, inputLength: n, norm: 'backward' }, true);
    const [rows, cols] = [20, 6];
    const real = random('float64', rows * cols, 9);
    const spectrum = new Float64Array(2 * (rows / 2 + 1) * cols);
    rfftLines(lines(real, cols, 0, [1]), lines(spectrum, cols, 0, [1]), { batchShape: [cols], n: rows, inputLength: rows, norm: 'backward' });
    const back = new Float64Array(rows * cols);
    irfftLines(lines(spectrum, cols, 0, [1]), lines(back, cols, 0, [1]), { batchShape: [cols], n: rows, inputLength: rows / 2 + 1, norm: 'backward' });
    const results = numpy([
      { expr: `np.fft.ifft(a.view(np.complex128)[2::3][:${n}]).view(np.float64)`, inputs: { a: host(input, [input.length]) } },
      { expr: `np.fft.rfft(a.reshape(${rows}, ${cols}), axis=0).view(np.float64).ravel()`, inputs: { a: host(real, [real.length]) } },
    ]);
    for (const r of results) if (!r.ok) throw new Error(r.error);
    const [strided, columns] = results.map((r) => (r.ok ? ((r.value as HostArray).data as Float64Array) : new Float64Array()));
    expectFftClose(out, strided, n, 'float64', 'strided ifft');
    expectFftClose(spectrum, columns, rows, 'float64', 'rfft along axis 0');
    expectFftClose(back, real, rows, 'float64', 'irfft(rfft(x)) along axis 0');
  });

  it('may transform in place (input and output the same lines)', () => {
    const data = random('float64', 2 * 4 * 30, 3);
    const expected = new Float64Array(data.length);
    const spec = { batchShape: [4], n: 30, inputLength: 30, norm: 'backward' as const };
    fftLines(lines(data, 1, 0, [30]), lines(expected, 1, 0, [30]), spec, false);
    fftLines(lines(data, 1, 0, [30]), lines(data, 1, 0, [30]), spec, false);
    expect(data).toEqual(expected);
  });

  it('round-trips and keeps Parseval at a Bluestein length', () => {
    const x = random('float64', 2 * 4103, 21) as Float64Array;
    const spectrum = fft1d(x);
    const back = fft1d(spectrum, { inverse: true });
    expectFftClose(back, x, 4103, 'float64', 'ifft(fft(x))');
    const energy = (a: FloatData): number => Array.from(a).reduce((s, v) => s + v * v, 0);
    expect(energy(spectrum) / 4103).toBeCloseTo(energy(x), 8);
  });

  it('rejects a length below 1 as NumPy does', () => {
    const [r] = numpy([{ expr: 'np.fft.fft(a, 0)', inputs: { a: host(new Float64Array(4), [4]) } }]);
    expect(r.ok).toBe(false);
    const empty = { batchShape: [], n: 0, inputLength: 0, norm: 'backward' as const };
    const data = new Float64Array(4);
    for (const call of [
      () => fftLines(lines(data), lines(data), empty, false),
      () => rfftLines(lines(data), lines(data), empty),
      () => irfftLines(lines(data), lines(data), empty),
      () => fft1d(new Float64Array(0)),
    ]) {
      expect(call).toThrow(CupytsError);
      expect(call).toThrow(/expected a number of FFT data points of at least 1, got 0/);
    }
  });

  it('caches plans by (n, direction) with a bound on their number', () => {
    clearCpuFftPlans();
    complexPlan(48, -1);
    complexPlan(48, -1);
    complexPlan(48, 1);
    expect(cpuFftPlanStats()).toMatchObject({ hits: 1, misses: 2, plans: 2 });
    for (let n = 1; n <= PLAN_CACHE_MAX_PLANS + 10; n++) complexPlan(n, -1);
    expect(cpuFftPlanStats().plans).toBe(PLAN_CACHE_MAX_PLANS);
  });
});
