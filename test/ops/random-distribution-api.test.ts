// The API of NumPy's other distributions and the Generator's other methods: result shapes
// (size=None, 0-d, empty, broadcasting of array parameters), dtypes, reproducibility (the same
// seed, the same numbers, bit for bit), state save and restore, spawn, bytes, integers with array
// bounds, choice with p and replace=false, permuted, multivariate_normal,
// multivariate_hypergeometric, and errors at the call. Distributional correctness is
// random-distributions.test.ts.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { CupytsError } from '../../src/ir/errors.js';
import { setBackendNotice } from '../../src/runtime/backend.js';

setBackendNotice(() => {});

type G = cp.random.Generator;
const rng = (seed = 5) => cp.random.default_rng(seed);
/** A method called with arguments its type rejects (to test the error at runtime). */
const untyped = (f: unknown) => f as (...args: unknown[]) => unknown;
const values = (a: cp.NDArray) => Array.from(a.dataSync() as ArrayLike<number | bigint>, Number);

/** One call of every distribution method, with a shape-(3, 2) result. */
const CALLS: Record<string, (g: G) => cp.NDArray> = {
  standard_exponential: (g) => g.standard_exponential([3, 2]),
  standard_gamma: (g) => g.standard_gamma(0.7, [3, 2]),
  standard_cauchy: (g) => g.standard_cauchy([3, 2]),
  standard_t: (g) => g.standard_t(4, [3, 2]),
  lognormal: (g) => g.lognormal(0, 1, [3, 2]),
  laplace: (g) => g.laplace(0, 1, [3, 2]),
  logistic: (g) => g.logistic(0, 1, [3, 2]),
  gumbel: (g) => g.gumbel(0, 1, [3, 2]),
  weibull: (g) => g.weibull(2, [3, 2]),
  pareto: (g) => g.pareto(2, [3, 2]),
  power: (g) => g.power(2, [3, 2]),
  rayleigh: (g) => g.rayleigh(1, [3, 2]),
  wald: (g) => g.wald(1, 1, [3, 2]),
  triangular: (g) => g.triangular(0, 1, 2, [3, 2]),
  gamma: (g) => g.gamma(3, 2, [3, 2]),
  chisquare: (g) => g.chisquare(3, [3, 2]),
  f: (g) => g.f(3, 4, [3, 2]),
  beta: (g) => g.beta(2, 3, [3, 2]),
  noncentral_chisquare: (g) => g.noncentral_chisquare(3, 1, [3, 2]),
  noncentral_f: (g) => g.noncentral_f(3, 4, 1, [3, 2]),
  vonmises: (g) => g.vonmises(0, 1, [3, 2]),
  dirichlet: (g) => g.dirichlet([1, 2], 3),
  poisson: (g) => g.poisson(4, [3, 2]),
  binomial: (g) => g.binomial(50, 0.7, [3, 2]),
  negative_binomial: (g) => g.negative_binomial(2, 0.5, [3, 2]),
  geometric: (g) => g.geometric(0.4, [3, 2]),
  logseries: (g) => g.logseries(0.5, [3, 2]),
  zipf: (g) => g.zipf(3, [3, 2]),
  hypergeometric: (g) => g.hypergeometric(5, 6, 4, [3, 2]),
  multinomial: (g) => g.multinomial(5, [0.5, 0.5], 3),
  multivariate_normal: (g) => g.multivariate_normal([0, 1], [[1, 0.5], [0.5, 2]], 3),
  multivariate_hypergeometric: (g) => g.multivariate_hypergeometric([3, 4], 5, 3),
};

const DISCRETE = new Set(['poisson', 'binomial', 'negative_binomial', 'geometric', 'logseries', 'zipf', 'hypergeometric', 'multinomial', 'multivariate_hypergeometric']);

describe('every distribution method', { timeout: 120_000 }, () => {
  it.each(Object.entries(CALLS))('%s: shape, dtype, and the same seed gives the same numbers', (name, call) => {
    const a = call(rng());
    expect(a.shape).toEqual([3, 2]);
    expect(a.dtype.name).toBe(DISCRETE.has(name) ? 'int64' : 'float64');
    const first = values(a);
    expect(first.every(Number.isFinite)).toBe(true);
    expect(values(call(rng()))).toEqual(first);
    const g = rng();
    call(g);
    expect(values(call(g))).not.toEqual(first); // a later draw differs
  });

  it('covers every distribution the Generator has', () => {
    const methods = Object.getOwnPropertyNames(cp.random.Generator.prototype).filter((k) => k !== 'constructor');
    for (const name of Object.keys(CALLS)) expect(methods).toContain(name);
  });
});

describe('shapes and dtypes', { timeout: 120_000 }, () => {
  it('size=None with scalar parameters: a 0-d array; empty sizes: empty arrays', () => {
    expect(rng().gamma(2).shape).toEqual([]);
    expect(rng().poisson(3).shape).toEqual([]);
    expect(rng().laplace(0, 1, 0).shape).toEqual([0]);
    expect(rng().binomial(10, 0.5, [2, 0]).shape).toEqual([2, 0]);
    expect(values(rng().standard_gamma(2, [0]))).toEqual([]);
  });

  it('array parameters broadcast; size must be their broadcast shape or extend it', () => {
    const mean = cp.array([[0], [10]]);
    const sigma = cp.array([0.1, 0.2, 0.3]);
    expect(rng().lognormal(mean, sigma).shape).toEqual([2, 3]);
    expect(rng().lognormal(mean, sigma, [4, 2, 3]).shape).toEqual([4, 2, 3]);
    expect(() => rng().lognormal(mean, sigma, [3])).toThrow(/lognormal: expected parameters that broadcast to size \(3,\)/);
    const x = values(rng().normal(cp.array([0, 100]), 1e-9, [3, 2]));
    x.forEach((v, i) => expect(v).toBeCloseTo(i % 2 ? 100 : 0, 5));
    const lam = values(rng().poisson(cp.array([0, 1e6]), [2, 2]));
    expect(lam[0]).toBe(0);
    expect(Math.abs(lam[1] - 1e6)).toBeLessThan(6000);
  });

  it('float samplers take dtype float32 (CuPy) and reject other dtypes', () => {
    expect(rng().gamma(2, 1, 4, { dtype: 'float32' }).dtype.name).toBe('float32');
    expect(rng().standard_gamma(2, 4, 'float32').dtype.name).toBe('float32');
    expect(rng().laplace(0, 1, 4, { dtype: 'float32' }).dtype.name).toBe('float32');
    expect(rng().uniform(-10, 10, 4, { dtype: 'float32' }).dtype.name).toBe('float32');
    expect(cp.random.uniform(0, 1, 4, { dtype: 'float32' }).dtype.name).toBe('float32');
    expect(() => rng().laplace(0, 1, 4, { dtype: 'int32' })).toThrow(/laplace: expected float32 or float64, got int32/);
  });

  it('invalid elements of array parameters raise at the readback (test/ops/random-param-faults.test.ts has every method)', () => {
    expect(() => rng().gamma(cp.array([2, -1]), 1, [2]).dataSync()).toThrow(/gamma: expected shape to hold a non-negative value in every element/);
    expect(() => rng().poisson(cp.array([2, -1])).dataSync()).toThrow(/poisson: expected lam to hold/);
  });
});

describe('parameter errors at the call (NumPy\'s checks)', () => {
  it.each([
    ['gamma', (g: G) => g.gamma(-1), /gamma: expected a non-negative value, got shape = -1/],
    ['gamma scale', (g: G) => g.gamma(1, -2), /gamma: expected a non-negative value, got scale = -2/],
    ['laplace', (g: G) => g.laplace(0, -1), /laplace: expected a non-negative value, got scale = -1/],
    ['beta', (g: G) => g.beta(0, 1), /beta: expected a positive value, got a = 0/],
    ['chisquare', (g: G) => g.chisquare(0), /chisquare: expected a positive value, got df = 0/],
    ['wald', (g: G) => g.wald(1, 0), /wald: expected a positive value, got scale = 0/],
    ['triangular', (g: G) => g.triangular(2, 1, 3), /triangular: expected left <= mode/],
    ['poisson', (g: G) => g.poisson(-1), /poisson: expected a non-negative value at most 9223372006484771000, got lam = -1/],
    ['binomial p', (g: G) => g.binomial(10, 1.5), /binomial: expected a probability in \[0, 1\], got p = 1.5/],
    ['binomial n', (g: G) => g.binomial(-1, 0.5), /binomial: expected a non-negative integer, got n = -1/],
    ['geometric', (g: G) => g.geometric(0), /geometric: expected a probability in \(0, 1\], got p = 0/],
    ['logseries', (g: G) => g.logseries(1), /logseries: expected a probability in \[0, 1\), got p = 1/],
    ['zipf', (g: G) => g.zipf(1), /zipf: expected a value greater than 1, got a = 1/],
    ['hypergeometric', (g: G) => g.hypergeometric(2, 3, 6), /hypergeometric: expected nsample <= ngood \+ nbad/],
    ['multinomial', (g: G) => g.multinomial(5, [0.8, 0.7, 0.1]), /multinomial: expected sum\(pvals\[:-1\]\) <= 1/],
    ['dirichlet', (g: G) => g.dirichlet([1, -1]), /dirichlet: expected alpha >= 0, got alpha\[1\] = -1/],
    ['multivariate_normal shape', (g: G) => g.multivariate_normal([0, 0], [[1]]), /multivariate_normal: expected cov to be a 2 × 2 matrix/],
    ['multivariate_normal cholesky', (g: G) => g.multivariate_normal([0, 0], [[1, 1], [1, 1]], null, { method: 'cholesky' }), /positive definite/],
    ['multivariate_normal raise', (g: G) => g.multivariate_normal([0, 0], [[1, 2], [2, 1]], null, 'raise'), /not symmetric positive-semidefinite/],
    ['a NaN parameter', (g: G) => g.lognormal(NaN), /lognormal: expected mean to be a finite number or an array, got NaN/],
    ['an unsupported NumPy option', (g: G) => untyped(g.standard_gamma.bind(g))(1, 3, { out: null }), /standard_gamma: the option 'out' is not supported yet/],
    ['an unknown option', (g: G) => untyped(g.poisson.bind(g))(1, 3, { dtype: 'int64' }), /poisson: unknown option 'dtype'/],
  ] as const)('%s', (_, call, message) => {
    const g = rng();
    expect(() => call(g)).toThrow(CupytsError);
    expect(() => call(g)).toThrow(message);
  });
});

describe('state, spawn, bytes', () => {
  it('getState / setState resume a generator exactly', () => {
    const g = rng(11);
    g.gamma(2, 1, 5);
    const state = g.getState();
    expect(state.bit_generator).toBe('Philox');
    const a = values(g.poisson(3, 8));
    const b = values(g.random(4));
    g.setState(state);
    expect(values(g.poisson(3, 8))).toEqual(a);
    expect(values(g.random(4))).toEqual(b);
    const other = rng(99);
    other.setState(state);
    expect(values(other.poisson(3, 8))).toEqual(a);
    expect(() => g.setState({ bit_generator: 'Philox', key: 1n, counter: -1n, children: 0n })).toThrow(/setState: expected state to be a state from getState/);
  });

  it('bit_generator.state reads and restores the state, as NumPy', () => {
    const g = rng(21);
    g.normal(0, 1, 7);
    const saved = g.bit_generator.state;
    expect(g.bit_generator.name).toBe('Philox');
    expect(saved).toEqual(g.getState());
    const a = values(g.negative_binomial(3, 0.4, 9));
    const b = values(g.gamma(0.5, 2, 5));
    g.bit_generator.state = saved;
    expect(values(g.negative_binomial(3, 0.4, 9))).toEqual(a);
    expect(values(g.gamma(0.5, 2, 5))).toEqual(b);
    expect(() => { g.bit_generator.state = { bit_generator: 'MT19937' } as never; }).toThrow(/setState: expected state to be a state from getState/);
  });

  it('cp.random.get_state / set_state resume the legacy module functions exactly', () => {
    cp.random.seed(3);
    cp.random.rand(5);
    const saved = cp.random.get_state();
    const a = values(cp.random.poisson(1000, 6));
    const b = values(cp.random.binomial(100, 0.3, 6));
    const c = values(cp.random.randn(4));
    cp.random.seed(99);
    cp.random.set_state(saved);
    expect(values(cp.random.poisson(1000, 6))).toEqual(a);
    expect(values(cp.random.binomial(100, 0.3, 6))).toEqual(b);
    expect(values(cp.random.randn(4))).toEqual(c);
    // A Generator's state resumes the module stream too (the same Philox state).
    const g = rng(4);
    cp.random.set_state(g.getState());
    expect(values(cp.random.random(5))).toEqual(values(g.random(5)));
    expect(() => cp.random.set_state({ key: 1n } as never)).toThrow(/set_state: expected state/);
  });

  it('spawn gives independent, reproducible children', () => {
    const kids = rng(12).spawn(3);
    const again = rng(12).spawn(3);
    const draws = kids.map((k) => values(k.random(6)));
    expect(again.map((k) => values(k.random(6)))).toEqual(draws);
    expect(new Set(draws.map(String)).size).toBe(3);
    expect(draws).not.toContainEqual(values(rng(12).random(6)));
    const g = rng(12);
    const first = values(g.spawn(1)[0].random(6));
    expect(values(g.spawn(1)[0].random(6))).not.toEqual(first); // spawning again gives new children
  });

  it('bytes(length): reproducible random bytes', () => {
    const b = rng(13).bytes(40);
    expect(b).toBeInstanceOf(Uint8Array);
    expect(b.length).toBe(40);
    expect(Array.from(rng(13).bytes(40))).toEqual(Array.from(b));
    expect(new Set(b).size).toBeGreaterThan(20);
    expect(rng().bytes(0).length).toBe(0);
  });
});

describe('integers with array bounds', () => {
  it('broadcasts low and high, respects endpoint, and checks bounds at the call', () => {
    const low = cp.array([0, 10, -5]);
    const high = cp.array([[12], [20]]);
    const a = rng().integers(low, high, [500, 2, 3]);
    expect(a.shape).toEqual([500, 2, 3]);
    const xs = values(a);
    xs.forEach((x, i) => {
      const lo = [0, 10, -5][i % 3];
      const hi = [12, 20][Math.floor(i / 3) % 2];
      expect(x >= lo && x < hi).toBe(true);
    });
    const e = values(rng().integers(cp.array([0, 5]), 6, [400, 2], { endpoint: true }));
    expect(Math.max(...e.filter((_, i) => i % 2 === 1))).toBe(6);
    expect(Math.min(...e.filter((_, i) => i % 2 === 1))).toBe(5);
    expect(values(rng().integers(cp.array([3, 4]), { dtype: 'uint8' })).every((x) => x >= 0 && x < 4)).toBe(true);
    expect(() => rng().integers(cp.array([0, 5]), 5)).toThrow(/integers: expected low < high, got low = 5, high = 5/);
    expect(() => rng().integers(0, cp.array([10, 300]), 2, { dtype: 'uint8' })).toThrow(/integers: expected high within uint8/);
    expect(() => rng().integers(cp.array([0.5]), 3)).toThrow(/integers: expected low to be an integer/);
  });
});

describe('choice, permuted', () => {
  it('choice with p and replace=false: distinct picks, zero weights never, by weight', () => {
    const p = [0.5, 0, 0.2, 0.2, 0.1];
    const counts = [0, 0, 0, 0, 0];
    for (let seed = 0; seed < 200; seed++) {
      const picks = values(cp.random.default_rng(seed).choice(5, 3, { replace: false, p }));
      expect(new Set(picks).size).toBe(3);
      expect(picks).not.toContain(1);
      counts[picks[0]]++;
    }
    expect(counts[0]).toBeGreaterThan(70); // the first pick is index 0 with probability 0.5
    expect(() => rng().choice(5, 5, { replace: false, p })).toThrow(/choice: expected at least size = 5 non-zero entries in p/);
    const rows = rng().choice(cp.arange(12).reshape(3, 4), 2, { replace: false, p: [0.2, 0.3, 0.5], axis: 1 - 1 });
    expect(rows.shape).toEqual([2, 4]);
  });

  it('permuted shuffles each slice along the axis independently, or all elements', () => {
    const x = cp.arange(40).reshape(4, 10);
    const a = values(rng().permuted(x, 1));
    for (let r = 0; r < 4; r++) expect(a.slice(10 * r, 10 * r + 10).sort((u, v) => u - v)).toEqual(Array.from({ length: 10 }, (_, j) => 10 * r + j));
    expect(a.slice(0, 10)).not.toEqual(Array.from({ length: 10 }, (_, j) => j));
    const cols = values(rng().permuted(x, 0));
    for (let c = 0; c < 10; c++) expect(cols.filter((_, i) => i % 10 === c).sort((u, v) => u - v)).toEqual([c, 10 + c, 20 + c, 30 + c]);
    const all = values(rng().permuted(x));
    expect([...all].sort((u, v) => u - v)).toEqual(Array.from({ length: 40 }, (_, j) => j));
    const out = cp.zeros([4, 10], 'int64');
    rng().permuted(x, -1, out);
    expect(values(out)).toEqual(a);
  });
});

describe('multivariate', () => {
  it('multivariate_normal: sample mean and covariance close to the given ones; singular PSD works with svd', () => {
    const cov = [[2, 0.6, 0], [0.6, 1, -0.3], [0, -0.3, 0.5]];
    const n = 6000;
    const xs = values(rng(21).multivariate_normal([1, -2, 0], cov, n));
    const mean = [0, 1, 2].map((j) => xs.filter((_, i) => i % 3 === j).reduce((s, v) => s + v, 0) / n);
    [1, -2, 0].forEach((m, j) => expect(Math.abs(mean[j] - m)).toBeLessThan(0.06));
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 3; b++) {
        let c = 0;
        for (let i = 0; i < n; i++) c += (xs[3 * i + a] - mean[a]) * (xs[3 * i + b] - mean[b]);
        expect(Math.abs(c / (n - 1) - cov[a][b])).toBeLessThan(4.5 * Math.sqrt((cov[a][a] * cov[b][b] + cov[a][b] ** 2) / n));
      }
    }
    const singular = values(rng().multivariate_normal([0, 0], [[1, 1], [1, 1]], 50));
    for (let i = 0; i < 50; i++) expect(singular[2 * i]).toBeCloseTo(singular[2 * i + 1], 6);
    const chol = rng().multivariate_normal([0, 0], [[1, 0.5], [0.5, 1]], [4, 5], { method: 'cholesky' });
    expect(chol.shape).toEqual([4, 5, 2]);
  });

  it('multivariate_hypergeometric: rows sum to nsample, no color above its count', () => {
    const xs = values(rng().multivariate_hypergeometric([3, 0, 5, 2], 6, 300));
    for (let i = 0; i < 300; i++) {
      const row = xs.slice(4 * i, 4 * i + 4);
      expect(row.reduce((s, v) => s + v, 0)).toBe(6);
      row.forEach((v, j) => expect(v >= 0 && v <= [3, 0, 5, 2][j]).toBe(true));
    }
  });
});

describe('legacy module functions', () => {
  it('draw from the module stream (seed restarts it)', () => {
    cp.random.seed(5);
    const a = values(cp.random.gamma(2, 1, 6));
    const b = values(cp.random.poisson(3, 6));
    cp.random.seed(5);
    expect(values(cp.random.gamma(2, 1, 6))).toEqual(a);
    expect(values(cp.random.poisson(3, 6))).toEqual(b);
    expect(cp.random.standard_t(3, [2, 2]).shape).toEqual([2, 2]);
    expect(cp.random.randint(cp.array([1, 2]), 5, [3, 2]).shape).toEqual([3, 2]);
  });
});
