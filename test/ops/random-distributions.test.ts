// NumPy's distributions beyond uniform and normal (random-distributions.ts) on the current
// backend: each against its exact distribution (Kolmogorov–Smirnov for continuous ones, chi-square
// for discrete ones, at significance 1e-3 and 1e-4, fixed seeds, SciPy-free reference CDFs from
// test/helpers/random-cdfs.ts), plus moments where no CDF is at hand. Shapes, broadcasting,
// dtypes, reproducibility and errors are in random-distribution-api.test.ts.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, recordCuda } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { compileAll } from '../helpers/nvrtc-batch.js';
import { betaI, chiSquareTest, gammaP, logGamma } from '../helpers/random-cdfs.js';
import { ksCritical, ksStatistic, moments, normalCdf } from '../helpers/random-reference.js';

setBackendNotice(() => {});

const N = 4000;
type G = cp.random.Generator;

function samples(a: cp.NDArray): number[] {
  return Array.from(a.dataSync() as ArrayLike<number | bigint>, Number);
}

const poissonPmf = (lam: number) => (k: number) => (k < 0 ? 0 : Math.exp(-lam + k * Math.log(lam) - logGamma(k + 1)));
const logChoose = (n: number, k: number) => logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
const binomialPmf = (n: number, p: number) => (k: number) => (k < 0 || k > n ? 0 : Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p)));

/** The von Mises CDF on [-pi, pi] by the trapezoid rule (normalized numerically). */
function vonMisesCdf(mu: number, kappa: number): (x: number) => number {
  const m = 20000;
  const xs = Float64Array.from({ length: m + 1 }, (_, i) => -Math.PI + (2 * Math.PI * i) / m);
  const cum = new Float64Array(m + 1);
  for (let i = 1; i <= m; i++) cum[i] = cum[i - 1] + 0.5 * (Math.exp(kappa * Math.cos(xs[i] - mu)) + Math.exp(kappa * Math.cos(xs[i - 1] - mu)));
  return (x) => {
    const t = ((x + Math.PI) / (2 * Math.PI)) * m;
    const i = Math.min(m - 1, Math.max(0, Math.floor(t)));
    return (cum[i] + (cum[i + 1] - cum[i]) * (t - i)) / cum[m];
  };
}

const CONTINUOUS: [string, (g: G) => cp.NDArray, (x: number) => number][] = [
  ['standard_exponential', (g) => g.standard_exponential(N), (x) => 1 - Math.exp(-x)],
  ['standard_cauchy', (g) => g.standard_cauchy(N), (x) => 0.5 + Math.atan(x) / Math.PI],
  ['lognormal(0.5, 0.8)', (g) => g.lognormal(0.5, 0.8, N), (x) => normalCdf((Math.log(x) - 0.5) / 0.8)],
  ['laplace(1, 2)', (g) => g.laplace(1, 2, N), (x) => (x < 1 ? 0.5 * Math.exp((x - 1) / 2) : 1 - 0.5 * Math.exp(-(x - 1) / 2))],
  ['logistic(-1, 0.5)', (g) => g.logistic(-1, 0.5, N), (x) => 1 / (1 + Math.exp(-(x + 1) / 0.5))],
  ['gumbel(2, 3)', (g) => g.gumbel(2, 3, N), (x) => Math.exp(-Math.exp(-(x - 2) / 3))],
  ['weibull(1.7)', (g) => g.weibull(1.7, N), (x) => 1 - Math.exp(-(x ** 1.7))],
  ['pareto(3)', (g) => g.pareto(3, N), (x) => 1 - (1 + x) ** -3],
  ['power(2.5)', (g) => g.power(2.5, N), (x) => x ** 2.5],
  ['rayleigh(2)', (g) => g.rayleigh(2, N), (x) => 1 - Math.exp(-(x * x) / 8)],
  ['wald(1.5, 2)', (g) => g.wald(1.5, 2, N), (x) => {
    const r = Math.sqrt(2 / x);
    return normalCdf(r * (x / 1.5 - 1)) + Math.exp((2 * 2) / 1.5) * normalCdf(-r * (x / 1.5 + 1));
  }],
  ['triangular(-1, 0.5, 3)', (g) => g.triangular(-1, 0.5, 3, N), (x) => (x < 0.5 ? (x + 1) ** 2 / (4 * 1.5) : 1 - (3 - x) ** 2 / (4 * 2.5))],
  ['standard_gamma(0.3)', (g) => g.standard_gamma(0.3, N), (x) => gammaP(0.3, x)],
  ['standard_gamma(1)', (g) => g.standard_gamma(1, N), (x) => gammaP(1, x)],
  ['gamma(4.5, 2)', (g) => g.gamma(4.5, 2, N), (x) => gammaP(4.5, x / 2)],
  ['gamma(200)', (g) => g.gamma(200, 1, N), (x) => gammaP(200, x)],
  ['chisquare(3)', (g) => g.chisquare(3, N), (x) => gammaP(1.5, x / 2)],
  ['standard_t(3)', (g) => g.standard_t(3, N), (x) => (x >= 0 ? 1 - 0.5 * betaI(1.5, 0.5, 3 / (3 + x * x)) : 0.5 * betaI(1.5, 0.5, 3 / (3 + x * x)))],
  ['f(3, 7)', (g) => g.f(3, 7, N), (x) => betaI(1.5, 3.5, (3 * x) / (3 * x + 7))],
  ['beta(0.5, 2)', (g) => g.beta(0.5, 2, N), (x) => betaI(0.5, 2, x)],
  ['beta(3, 3)', (g) => g.beta(3, 3, N), (x) => betaI(3, 3, x)],
  ['noncentral_chisquare(3, 2)', (g) => g.noncentral_chisquare(3, 2, N), (x) => noncentralChi2Cdf(3, 2, x)],
  ['noncentral_chisquare(0.5, 1.5)', (g) => g.noncentral_chisquare(0.5, 1.5, N), (x) => noncentralChi2Cdf(0.5, 1.5, x)],
  ['vonmises(1, 2)', (g) => g.vonmises(1, 2, N), vonMisesCdf(1, 2)],
  ['vonmises(-3, 0.1)', (g) => g.vonmises(-3, 0.1, N), vonMisesCdf(-3, 0.1)],
  ['dirichlet([2, 3, 5])[:, 0]', (g) => cp.squeeze(cp.split(g.dirichlet([2, 3, 5], N), [1], 1)[0], 1), (x) => betaI(2, 8, x)],
];

/** Σ_i Poisson(i; nonc / 2) P((df + 2i) / 2, x / 2). */
function noncentralChi2Cdf(df: number, nonc: number, x: number): number {
  let total = 0;
  for (let i = 0; i < 200; i++) total += poissonPmf(nonc / 2)(i) * gammaP(df / 2 + i, x / 2);
  return total;
}

describe('continuous distributions: Kolmogorov–Smirnov against the exact CDF', { timeout: 120_000 }, () => {
  it.each(CONTINUOUS)('%s', (_, draw, cdf) => {
    const xs = samples(draw(cp.random.default_rng(31)));
    expect(xs.length).toBe(N);
    expect(xs.every(Number.isFinite)).toBe(true);
    expect(ksStatistic(xs, cdf)).toBeLessThan(ksCritical(N));
  });
});

const DISCRETE: [string, (g: G) => cp.NDArray, (k: number) => number, number, number][] = [
  ['poisson(0.7)', (g) => g.poisson(0.7, N), poissonPmf(0.7), 0, 10],
  ['poisson(5)', (g) => g.poisson(5, N), poissonPmf(5), 0, 20],
  ['poisson(12)', (g) => g.poisson(12, N), poissonPmf(12), 0, 40],
  ['poisson(45)', (g) => g.poisson(45, N), poissonPmf(45), 10, 90],
  ['poisson(1e4)', (g) => g.poisson(1e4, N), poissonPmf(1e4), 9600, 10400],
  ['binomial(10, 0.3)', (g) => g.binomial(10, 0.3, N), binomialPmf(10, 0.3), 0, 10],
  ['binomial(100, 0.3)', (g) => g.binomial(100, 0.3, N), binomialPmf(100, 0.3), 0, 100],
  ['binomial(60, 0.7)', (g) => g.binomial(60, 0.7, N), binomialPmf(60, 0.7), 20, 60],
  ['binomial(5000, 0.004)', (g) => g.binomial(5000, 0.004, N), binomialPmf(5000, 0.004), 0, 60],
  ['binomial(1000, 0.9)', (g) => g.binomial(1000, 0.9, N), binomialPmf(1000, 0.9), 800, 1000],
  ['binomial(7, 1)', (g) => g.binomial(7, 1, N), (k) => (k === 7 ? 1 : 0), 0, 7],
  ['negative_binomial(3, 0.4)', (g) => g.negative_binomial(3, 0.4, N), (k) => (k < 0 ? 0 : Math.exp(logGamma(k + 3) - logGamma(k + 1) - logGamma(3) + 3 * Math.log(0.4) + k * Math.log(0.6))), 0, 40],
  ['geometric(0.3)', (g) => g.geometric(0.3, N), (k) => (k < 1 ? 0 : 0.7 ** (k - 1) * 0.3), 1, 40],
  ['geometric(1)', (g) => g.geometric(1, N), (k) => (k === 1 ? 1 : 0), 1, 3],
  ['logseries(0.8)', (g) => g.logseries(0.8, N), (k) => (k < 1 ? 0 : -(0.8 ** k) / (k * Math.log(0.2))), 1, 60],
  ['zipf(2.2)', (g) => g.zipf(2.2, N), zipfPmf(2.2), 1, 200],
  ['hypergeometric(15, 10, 8)', (g) => g.hypergeometric(15, 10, 8, N), hypergeometricPmf(15, 10, 8), 0, 8],
  ['hypergeometric(5, 30, 30)', (g) => g.hypergeometric(5, 30, 30, N), hypergeometricPmf(5, 30, 30), 0, 5],
];

function zipfPmf(a: number): (k: number) => number {
  let zeta = 0;
  const m = 1_000_000;
  for (let k = 1; k <= m; k++) zeta += k ** -a;
  zeta += m ** (1 - a) / (a - 1) - 0.5 * m ** -a;
  return (k) => (k < 1 ? 0 : k ** -a / zeta);
}

function hypergeometricPmf(good: number, bad: number, n: number): (k: number) => number {
  return (k) => (k < Math.max(0, n - bad) || k > Math.min(n, good) ? 0 : Math.exp(logChoose(good, k) + logChoose(bad, n - k) - logChoose(good + bad, n)));
}

describe('discrete distributions: chi-square against the exact pmf', { timeout: 120_000 }, () => {
  it.each(DISCRETE)('%s', (_, draw, pmf, lo, hi) => {
    const a = draw(cp.random.default_rng(32));
    expect(a.dtype.name).toBe('int64');
    const xs = samples(a);
    expect(xs.length).toBe(N);
    expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    const { statistic, critical } = chiSquareTest(xs, pmf, lo, hi);
    expect(statistic).toBeLessThan(critical);
  });
});

describe('moments', { timeout: 120_000 }, () => {
  it('noncentral_f(4, 10, 3): mean dfden (dfnum + nonc) / (dfnum (dfden - 2))', () => {
    const { mean } = moments(samples(cp.random.default_rng(33).noncentral_f(4, 10, 3, N)));
    expect(Math.abs(mean - (10 * 7) / (4 * 8))).toBeLessThan(0.15);
  });

  it('multinomial(20, [0.2, 0.3, 0.5]): each row sums to n, marginals are binomial', () => {
    const rows = 2000;
    const a = cp.random.default_rng(34).multinomial(20, [0.2, 0.3, 0.5], rows);
    expect(a.shape).toEqual([rows, 3]);
    expect(a.dtype.name).toBe('int64');
    const xs = samples(a);
    for (let r = 0; r < rows; r++) expect(xs[3 * r] + xs[3 * r + 1] + xs[3 * r + 2]).toBe(20);
    [0.2, 0.3, 0.5].forEach((p, j) => {
      const column = xs.filter((_, i) => i % 3 === j);
      const { statistic, critical } = chiSquareTest(column, binomialPmf(20, p), 0, 20);
      expect(statistic).toBeLessThan(critical);
    });
  });

  it('poisson with an array of means spanning both methods: per-element means', () => {
    const lam = cp.array([0.5, 5, 29.5, 30, 200]);
    const a = cp.random.default_rng(35).poisson(lam, [2000, 5]);
    const xs = samples(a);
    [0.5, 5, 29.5, 30, 200].forEach((l, j) => {
      const { statistic, critical } = chiSquareTest(xs.filter((_, i) => i % 5 === j), poissonPmf(l), Math.max(0, Math.floor(l - 6 * Math.sqrt(l) - 2)), Math.ceil(l + 7 * Math.sqrt(l) + 6));
      expect(statistic).toBeLessThan(critical);
    });
  });

  it('binomial with arrays of n and p spanning both methods', () => {
    const n = cp.array([[5], [80], [400]]);
    const p = cp.array([0.1, 0.5, 0.95]);
    const xs = samples(cp.random.default_rng(36).binomial(n, p, [1000, 3, 3]));
    [5, 80, 400].forEach((nn, r) => [0.1, 0.5, 0.95].forEach((pp, c) => {
      const column = xs.filter((_, i) => i % 9 === 3 * r + c);
      const { statistic, critical } = chiSquareTest(column, binomialPmf(nn, pp), 0, nn);
      expect(statistic).toBeLessThan(critical);
    }));
  }, 300_000);

  it('gamma with an array of shapes below and above 1 (both paths of the sampler)', () => {
    const k = cp.array([0.4, 1, 3.5]);
    const xs = samples(cp.random.default_rng(37).standard_gamma(k, [3000, 3]));
    [0.4, 1, 3.5].forEach((kk, j) => {
      const column = xs.filter((_, i) => i % 3 === j);
      expect(ksStatistic(column, (x) => gammaP(kk, x))).toBeLessThan(ksCritical(column.length));
    });
  });
});

describe.skipIf(!HAS_NVRTC)('NVRTC', () => {
  it('compiles the kernels of the rejection and inversion samplers (the largest fused kernels)', () => {
    const g = cp.random.default_rng(1);
    for (const a of [g.gamma(0.5, 1, 8), g.poisson(1000, 8), g.poisson(3, 8), g.binomial(100, 0.3, 8), g.vonmises(0, 1, 8), g.zipf(2, 8)]) recordCuda(a);
    const { kernels } = compileAll([...cudaSources.values()]);
    expect(kernels).toBeGreaterThan(5);
  }, 600_000);
});
