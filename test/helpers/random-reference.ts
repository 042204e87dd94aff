// The element-to-Philox mapping of src/ir/random.ts, written again from the reference Philox
// (BigInt arithmetic) so tests can check the generated JS and CUDA against it, and statistics
// helpers (moments, Kolmogorov–Smirnov) that need nothing but the samples.
import { philox4x32, type RandomDraw } from '../../src/ir/random.js';

function block(draw: RandomDraw, b: number): number[] {
  return philox4x32([b % 2 ** 32, Math.floor(b / 2 ** 32), draw.counter[0], draw.counter[1]], draw.key);
}

/** Element i of a draw, as the spec says (numbers; bigints for integer draws). */
export function referenceElement(draw: RandomDraw, dtype: 'float32' | 'float64' | 'int', i: number): number | bigint {
  if (draw.distribution === 'integers') {
    const w = block(draw, Math.floor(i / 2));
    const j = (i % 2) * 2;
    const x = (BigInt(w[j]) << 32n) | BigInt(w[j + 1]);
    return draw.low! + ((x * (draw.span! + 1n)) >> 64n);
  }
  if (dtype === 'float32') {
    const w = block(draw, Math.floor(i / 4));
    if (draw.distribution === 'uniform') return (w[i % 4] >>> 8) * 2 ** -24;
    const j = i % 4 & 2;
    const u1 = ((w[j] >>> 8) + 1) * 2 ** -24;
    const u2 = (w[j + 1] >>> 8) * 2 ** -24;
    return Math.fround(Math.sqrt(-2 * Math.log(u1)) * (i % 2 ? Math.sin(2 * Math.PI * u2) : Math.cos(2 * Math.PI * u2)));
  }
  const w = block(draw, Math.floor(i / 2));
  const f53 = (h: number, l: number) => ((h >>> 5) * 2 ** 26 + (l >>> 6)) * 2 ** -53;
  if (draw.distribution === 'uniform') return i % 2 ? f53(w[2], w[3]) : f53(w[0], w[1]);
  const u1 = f53(w[0], w[1]) + 2 ** -53;
  const u2 = f53(w[2], w[3]);
  return Math.sqrt(-2 * Math.log(u1)) * (i % 2 ? Math.sin(2 * Math.PI * u2) : Math.cos(2 * Math.PI * u2));
}

export function moments(xs: ArrayLike<number>): { mean: number; variance: number } {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  const mean = s / xs.length;
  let v = 0;
  for (let i = 0; i < xs.length; i++) v += (xs[i] - mean) ** 2;
  return { mean, variance: v / (xs.length - 1) };
}

/** The Kolmogorov–Smirnov statistic of the samples against the CDF `cdf`. */
export function ksStatistic(xs: ArrayLike<number>, cdf: (x: number) => number): number {
  const sorted = Float64Array.from(xs).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  return d;
}

/** The KS critical value at significance 0.001 for n samples (asymptotic). */
export const ksCritical = (n: number) => 1.95 / Math.sqrt(n);

/** erf by Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7), for the normal CDF. */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

export const normalCdf = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2));
