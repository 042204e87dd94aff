// Bluestein's algorithm: a DFT of any length n as a circular convolution of length m ≥ 2n − 1,
// m chosen with only the factors 2, 3 and 5 so the convolution runs on the mixed-radix FFT.
// With c_k = exp(sign·πi·k²/n), j·k = (j² + k² − (k − j)²)/2 gives
//   X_k = c_k · Σ_j (x_j·c_j) · conj(c_{k−j}),
// so X = c · IFFT_m(FFT_m(x·c) · FFT_m(conj(c) wrapped)) / m. The chirp's phase k² is reduced
// modulo 2n with integers (exact at any n), so the chirp is as accurate as a single cos/sin.
import { makeMixedRadixPlan, runMixedRadix, type MixedRadixPlan } from './mixed-radix.js';

export interface BluesteinPlan {
  n: number;
  m: number;
  chirp: Float64Array; // c_k, k < n, interleaved
  kernelSpectrum: Float64Array; // FFT_m of conj(c) wrapped, already divided by m
  forward: MixedRadixPlan; // length m, sign −1
  inverse: MixedRadixPlan; // length m, sign +1
}

/** The smallest m ≥ target whose only prime factors are 2, 3 and 5. */
export function smoothLength(target: number): number {
  let best = Infinity;
  for (let p5 = 1; p5 < 2 * target; p5 *= 5) {
    for (let p35 = p5; p35 < 2 * target; p35 *= 3) {
      let m = p35;
      while (m < target) m *= 2;
      if (m < best) best = m;
    }
  }
  return best;
}

function chirpOf(n: number, sign: number): Float64Array {
  const out = new Float64Array(2 * n);
  const period = 2 * n;
  let square = 0; // k² mod 2n, stepped by (k+1)² = k² + 2k + 1
  for (let k = 0; k < n; k++) {
    const angle = (sign * Math.PI * square) / n;
    out[2 * k] = Math.cos(angle);
    out[2 * k + 1] = Math.sin(angle);
    square = (square + 2 * k + 1) % period;
  }
  return out;
}

export function makeBluesteinPlan(n: number, sign: 1 | -1): BluesteinPlan {
  const m = smoothLength(2 * n - 1);
  const forward = makeMixedRadixPlan(m, -1)!;
  const inverse = makeMixedRadixPlan(m, 1)!;
  const chirp = chirpOf(n, sign);
  const kernel = new Float64Array(2 * m);
  for (let k = 0; k < n; k++) {
    kernel[2 * k] = chirp[2 * k] / m;
    kernel[2 * k + 1] = -chirp[2 * k + 1] / m;
    if (k > 0) {
      kernel[2 * (m - k)] = kernel[2 * k];
      kernel[2 * (m - k) + 1] = kernel[2 * k + 1];
    }
  }
  const kernelSpectrum = runMixedRadix(forward, kernel, new Float64Array(2 * m)).slice();
  return { n, m, chirp, kernelSpectrum, forward, inverse };
}

/** Transforms `line` (n pairs) in place, with two scratch buffers of m pairs each. */
export function runBluestein(plan: BluesteinPlan, line: Float64Array, work: Float64Array, scratch: Float64Array): void {
  const { n, m, chirp, kernelSpectrum } = plan;
  for (let k = 0; k < n; k++) {
    const xr = line[2 * k], xi = line[2 * k + 1];
    const cr = chirp[2 * k], ci = chirp[2 * k + 1];
    work[2 * k] = xr * cr - xi * ci;
    work[2 * k + 1] = xr * ci + xi * cr;
  }
  work.fill(0, 2 * n, 2 * m);
  const spectrum = runMixedRadix(plan.forward, work, scratch);
  for (let k = 0; k < m; k++) {
    const ar = spectrum[2 * k], ai = spectrum[2 * k + 1];
    const br = kernelSpectrum[2 * k], bi = kernelSpectrum[2 * k + 1];
    spectrum[2 * k] = ar * br - ai * bi;
    spectrum[2 * k + 1] = ar * bi + ai * br;
  }
  const other = spectrum === work ? scratch : work;
  const conv = runMixedRadix(plan.inverse, spectrum, other);
  for (let k = 0; k < n; k++) {
    const yr = conv[2 * k], yi = conv[2 * k + 1];
    const cr = chirp[2 * k], ci = chirp[2 * k + 1];
    line[2 * k] = yr * cr - yi * ci;
    line[2 * k + 1] = yr * ci + yi * cr;
  }
}
