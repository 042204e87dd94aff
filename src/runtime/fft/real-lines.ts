// Real-input and Hermitian FFTs along one axis, batched and strided like lines.ts:
//   rfft  real n → complex n/2+1 (even n: one complex FFT of n/2 on the packed pairs x[2k] + i·x[2k+1]);
//   irfft complex n/2+1 → real n (even n: the packing run backwards; odd n: the full Hermitian spectrum);
//   hfft  = irfft(conj(a)) and ihfft = conj(rfft(a)), each with the norm swapped, as NumPy defines them.
// irfft reads only the real part of X[0] (and of X[n/2] for even n), as pocketfft and cuFFT do.
import { complexPlan, lineScratch, runComplexPlan, type ComplexPlan, type LineScratch } from './complex-plans.js';
import {
  checkLength, forEachLine, gatherComplex, normScale, scatterComplex, swapNorm, type FloatData, type LineTransform, type Lines,
} from './lines.js';

/** exp(sign·2πi·k/n) for k ≤ n/2, interleaved. */
function halfTwiddles(n: number, sign: number): Float64Array {
  const h = Math.floor(n / 2);
  const out = new Float64Array(2 * (h + 1));
  for (let k = 0; k <= h; k++) {
    out[2 * k] = Math.cos((sign * 2 * Math.PI * k) / n);
    out[2 * k + 1] = Math.sin((sign * 2 * Math.PI * k) / n);
  }
  return out;
}

function gatherReal(src: FloatData, start: number, stride: number, count: number, line: Float64Array): void {
  for (let k = 0; k < count; k++) line[k] = src[start + k * stride];
}

/** The real forward transform of `real` (n values; zero past `used`) into out (n/2+1 pairs). */
function realForward(
  n: number, plan: ComplexPlan, scratch: LineScratch, twiddles: Float64Array, real: Float64Array, out: Float64Array,
): void {
  const line = scratch.line;
  if (n % 2 === 1) {
    for (let k = 0; k < n; k++) {
      line[2 * k] = real[k];
      line[2 * k + 1] = 0;
    }
    out.set(runComplexPlan(plan, scratch).subarray(0, n + 1));
    return;
  }
  const h = n / 2;
  line.set(real.subarray(0, n));
  const z = runComplexPlan(plan, scratch);
  for (let k = 0; k <= h; k++) {
    const a = 2 * (k % h);
    const b = 2 * ((h - k) % h);
    const er = (z[a] + z[b]) / 2, ei = (z[a + 1] - z[b + 1]) / 2; // (Z_k + conj Z_{h−k}) / 2
    const dr = (z[a] - z[b]) / 2, di = (z[a + 1] + z[b + 1]) / 2; // (Z_k − conj Z_{h−k}) / 2
    const or = di, oi = -dr; // −i·d
    const wr = twiddles[2 * k], wi = twiddles[2 * k + 1];
    out[2 * k] = er + wr * or - wi * oi;
    out[2 * k + 1] = ei + wr * oi + wi * or;
  }
}

/** The real inverse transform of the half spectrum `half` (n/2+1 pairs) into real (n values), unnormalized. */
function realInverse(
  n: number, plan: ComplexPlan, scratch: LineScratch, twiddles: Float64Array, half: Float64Array, real: Float64Array,
): void {
  const line = scratch.line;
  const h = Math.floor(n / 2);
  if (n % 2 === 1) {
    line[0] = half[0];
    line[1] = 0;
    for (let k = 1; k <= h; k++) {
      line[2 * k] = half[2 * k];
      line[2 * k + 1] = half[2 * k + 1];
      line[2 * (n - k)] = half[2 * k];
      line[2 * (n - k) + 1] = -half[2 * k + 1];
    }
    const full = runComplexPlan(plan, scratch);
    for (let k = 0; k < n; k++) real[k] = full[2 * k];
    return;
  }
  for (let k = 0; k < h; k++) {
    const a = 2 * k;
    const b = 2 * (h - k);
    const xr = half[a], xi = k === 0 ? 0 : half[a + 1];
    const cr = half[b], ci = k === 0 ? 0 : -half[b + 1]; // conj X_{h−k}; X_h's imaginary part is dropped
    const sr = xr + cr, si = xi + ci;
    const dr = xr - cr, di = xi - ci;
    const wr = twiddles[a], wi = twiddles[a + 1]; // exp(+2πi·k/n)
    const tr = dr * wr - di * wi, ti = dr * wi + di * wr;
    line[a] = sr - ti; // s + i·t
    line[a + 1] = si + tr;
  }
  const z = runComplexPlan(plan, scratch);
  real.set(z.subarray(0, n));
}

/** rfft along one axis: real input lines → complex output lines of n/2+1 elements. */
export function rfftLines(input: Lines, output: Lines, spec: LineTransform, conjugate = false): void {
  checkLength(conjugate ? 'ihfft' : 'rfft', spec.n);
  const { n } = spec;
  const plan = complexPlan(n % 2 === 0 ? n / 2 : n, -1);
  const scratch = lineScratch(plan);
  const twiddles = halfTwiddles(n, -1);
  const real = new Float64Array(n);
  const half = new Float64Array(2 * (Math.floor(n / 2) + 1));
  const scale = spec.scale ?? normScale(spec.norm, n, false);
  const used = Math.min(spec.inputLength, n);
  forEachLine(spec.batchShape, input, output, (inAt, outAt) => {
    gatherReal(input.data, inAt, input.stride, used, real);
    real.fill(0, used);
    realForward(n, plan, scratch, twiddles, real, half);
    if (conjugate) for (let k = 1; k < half.length; k += 2) half[k] = -half[k];
    scatterComplex(half, scale, output.data, outAt, output.stride, half.length / 2);
  });
}

/** irfft along one axis: complex input lines (the first n/2+1 elements used, zero-padded) → real output lines of n. */
export function irfftLines(input: Lines, output: Lines, spec: LineTransform, conjugate = false): void {
  checkLength(conjugate ? 'hfft' : 'irfft', spec.n);
  const { n } = spec;
  const plan = complexPlan(n % 2 === 0 ? n / 2 : n, 1);
  const scratch = lineScratch(plan);
  const twiddles = halfTwiddles(n, 1);
  const half = new Float64Array(2 * (Math.floor(n / 2) + 1));
  const real = new Float64Array(n);
  const scale = spec.scale ?? normScale(spec.norm, n, true);
  const used = Math.min(spec.inputLength, half.length / 2);
  forEachLine(spec.batchShape, input, output, (inAt, outAt) => {
    gatherComplex(input.data, inAt, input.stride, used, half);
    if (conjugate) for (let k = 1; k < half.length; k += 2) half[k] = -half[k];
    realInverse(n, plan, scratch, twiddles, half, real);
    const dst = output.data;
    for (let k = 0; k < n; k++) dst[outAt + k * output.stride] = real[k] * scale;
  });
}

/** hfft along one axis: NumPy's irfft(conj(a), n) with the norm swapped (a Hermitian signal's real spectrum). */
export function hfftLines(input: Lines, output: Lines, spec: LineTransform): void {
  irfftLines(input, output, { ...spec, norm: swapNorm(spec.norm) }, true);
}

/** ihfft along one axis: NumPy's conj(rfft(a, n)) with the norm swapped. */
export function ihfftLines(input: Lines, output: Lines, spec: LineTransform): void {
  rfftLines(input, output, { ...spec, norm: swapNorm(spec.norm) }, true);
}
