// convolve and correlate past the FFT threshold (src/api/signals.ts FFT_MIN_KERNEL, FFT_MIN_WORK):
// float32, float64 and complex inputs in every mode, odd and even kernels, the longer input
// second, against NumPy's direct method within the FFT's error bound (relative to the largest
// output, as SciPy's fftconvolve promises).
import { describe, expect, it } from 'vitest';
import { FFT_MIN_KERNEL, FFT_MIN_WORK } from '../../src/api/signals.js';
import * as cp from '../../src/index.js';
import { cpuFftPlanStats } from '../../src/runtime/fft/complex-plans.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { checkFftCases, rand, type FftCase } from '../helpers/fft-cases.js';

setBackendNotice(() => {});

describe('convolve and correlate through the FFT', () => {
  it.skipIf(cp.currentBackend() !== 'cpu')('take the FFT path only for long float kernels (seen in the CPU FFT plan counters)', () => {
    const transforms = () => { const s = cpuFftPlanStats(); return s.hits + s.misses; };
    const width = FFT_MIN_KERNEL;
    const long = Math.ceil(FFT_MIN_WORK.cpu / width);
    const run = (n: number, m: number, dtype: 'float64' | 'int32') => {
      const before = transforms();
      cp.convolve(cp.ones([n], { dtype }), cp.ones([m], { dtype })).eval();
      return transforms() - before;
    };
    expect(run(long, width, 'float64')).toBeGreaterThan(0);
    expect(run(long - 1, width, 'float64')).toBe(0);
    expect(run(long * 2, width - 1, 'float64')).toBe(0);
    expect(run(long, width, 'int32')).toBe(0); // integers stay exact: the direct method
  });

  // An FFT spreads an inf or NaN to every output; NumPy's direct sums keep it to the windows that hold it
  // (found by session 31's fuzzer): such inputs take the direct method.
  it('an inf or NaN stays in the outputs whose window holds it, as NumPy\'s direct method keeps it', () => {
    const width = FFT_MIN_KERNEL + 72;
    const n = Math.ceil(FFT_MIN_WORK.cpu / width) + 5; // past the CPU's threshold (a GPU runs the direct method here anyway)
    for (const [at, value] of [[1000, Infinity], [n - 3, NaN]] as const) {
      const host = Float64Array.from({ length: n }, (_, i) => Math.sin(i));
      host[at] = value;
      const r = cp.convolve(cp.asarray(host), cp.ones([width]), 'same').toArraySync() as number[];
      const bad = r.flatMap((x, i) => (Number.isFinite(x) ? [] : [i]));
      // 'same' centres the window: output i sums inputs i - floor(width / 2) + (0 .. width - 1) reversed
      const lo = Math.max(0, at - (width - 1 - (width >> 1)));
      const hi = Math.min(n - 1, at + (width >> 1));
      expect([bad.length, bad[0], bad[bad.length - 1]]).toEqual([hi - lo + 1, lo, hi]);
    }
  });

  it('match NumPy in every mode', () => {
    const cases: FftCase[] = [];
    // 70000 x 257 and up: past the CPU threshold (on the GPU these run the direct method, as they should)
    for (const [dtype, width] of [['float64', 301], ['float64', 300], ['float32', 257], ['complex128', 260], ['complex64', 250]] as const) {
      const a = rand(dtype, [70_000]);
      const v = rand(dtype, [width]);
      for (const mode of ['full', 'same', 'valid'] as const) {
        cases.push(
          { label: `convolve ${dtype} m=${width} ${mode}`, expr: `np.convolve(a, v, '${mode}')`, inputs: { a, v }, run: ({ a, v }) => cp.convolve(a, v, mode) },
          { label: `convolve swapped ${dtype} m=${width} ${mode}`, expr: `np.convolve(v, a, '${mode}')`, inputs: { a, v }, run: ({ a, v }) => cp.convolve(v, a, mode) },
        );
        cases.push(
          { label: `correlate ${dtype} m=${width} ${mode}`, expr: `np.correlate(a, v, '${mode}')`, inputs: { a, v }, run: ({ a, v }) => cp.correlate(a, v, mode) },
          { label: `correlate swapped ${dtype} m=${width} ${mode}`, expr: `np.correlate(v, a, '${mode}')`, inputs: { a, v }, run: ({ a, v }) => cp.correlate(v, a, mode) },
        );
      }
    }
    // the direct method (short inputs): complex correlate conjugates v, as NumPy's correlate2
    const c = rand('complex128', [7]);
    const d = rand('complex128', [4]);
    for (const mode of ['full', 'same', 'valid'] as const) {
      cases.push(
        { label: `direct correlate complex ${mode}`, expr: `np.correlate(c, d, '${mode}')`, inputs: { c, d }, run: ({ c, d }) => cp.correlate(c, d, mode) },
        { label: `direct correlate complex swapped ${mode}`, expr: `np.correlate(d, c, '${mode}')`, inputs: { c, d }, run: ({ c, d }) => cp.correlate(d, c, mode) },
      );
    }
    checkFftCases(cases);
  }, 300_000);
});
