// Invalid elements of array parameters, which NumPy rejects with a ValueError: a CupytsError
// (ERR_ARG) at the next readback, naming the method and the parameter, raised through the
// kernel-fault flags (src/api/random-param-checks.ts); valid arrays read back normally; scalars
// are still checked at the call.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { CupytsError } from '../../src/ir/errors.js';
import { setBackendNotice, useBackend } from '../../src/runtime/backend.js';

setBackendNotice(() => {});
useBackend('cpu');

type G = cp.random.Generator;
const rng = () => cp.random.default_rng(5);
const a = (...v: number[]) => cp.asarray(v);

function readError(x: cp.NDArray): CupytsError | undefined {
  try {
    x.dataSync();
    return undefined;
  } catch (e) {
    return e as CupytsError;
  }
}

describe('an invalid element of an array parameter raises at the readback', () => {
  it.each([
    ['poisson', 'lam', (g: G) => g.poisson(a(1, -2))],
    ['poisson', 'lam', (g: G) => g.poisson(a(1, NaN))],
    ['binomial', 'p', (g: G) => g.binomial(10, a(0.5, 1.5))],
    ['binomial', 'n', (g: G) => g.binomial(a(10, 2.5), 0.3)],
    ['binomial', 'n', (g: G) => g.binomial(a(10, -1), a(0.2, 0.3))],
    ['negative_binomial', 'p', (g: G) => g.negative_binomial(3, a(0.4, 0))],
    ['negative_binomial', 'n', (g: G) => g.negative_binomial(a(0, 3), 0.4)],
    ['geometric', 'p', (g: G) => g.geometric(a(0.5, 1.2))],
    ['logseries', 'p', (g: G) => g.logseries(a(0.5, 1))],
    ['zipf', 'a', (g: G) => g.zipf(a(2, 0.5))],
    ['gamma', 'shape', (g: G) => g.gamma(a(1, -1))],
    ['gamma', 'scale', (g: G) => g.gamma(2, a(1, -3))],
    ['standard_gamma', 'shape', (g: G) => g.standard_gamma(a(-1, 2))],
    ['chisquare', 'df', (g: G) => g.chisquare(a(2, 0))],
    ['standard_t', 'df', (g: G) => g.standard_t(a(-2, 3))],
    ['f', 'dfden', (g: G) => g.f(2, a(3, -1))],
    ['beta', 'b', (g: G) => g.beta(2, a(3, 0))],
    ['noncentral_chisquare', 'nonc', (g: G) => g.noncentral_chisquare(3, a(1, -1))],
    ['noncentral_f', 'dfnum', (g: G) => g.noncentral_f(a(0, 2), 3, 1)],
    ['vonmises', 'kappa', (g: G) => g.vonmises(0, a(1, -1))],
    ['lognormal', 'sigma', (g: G) => g.lognormal(0, a(1, -1))],
    ['laplace', 'scale', (g: G) => g.laplace(0, a(-1, 1))],
    ['logistic', 'scale', (g: G) => g.logistic(0, a(-1, 1))],
    ['gumbel', 'scale', (g: G) => g.gumbel(0, a(-1, 1))],
    ['weibull', 'a', (g: G) => g.weibull(a(-1, 1))],
    ['pareto', 'a', (g: G) => g.pareto(a(0, 1))],
    ['power', 'a', (g: G) => g.power(a(0, 1))],
    ['rayleigh', 'scale', (g: G) => g.rayleigh(a(-1, 1))],
    ['wald', 'mean', (g: G) => g.wald(a(0, 1), 1)],
    ['wald', 'scale', (g: G) => g.wald(1, a(1, -1))],
    ['triangular', 'left <= mode', (g: G) => g.triangular(a(0, 2), 1, 3)],
    ['triangular', 'left < right', (g: G) => g.triangular(a(0, 1), 1, a(2, 1))],
    ['normal', 'scale', (g: G) => g.normal(0, a(1, -1))],
    ['exponential', 'scale', (g: G) => g.exponential(a(1, -1))],
    ['multinomial', 'n', (g: G) => g.multinomial(a(3, -1), [0.5, 0.5])],
  ] as const)('%s (%s)', (op, name, draw) => {
    const g = rng();
    const x = draw(g); // no error at the call: only the kernel sees the elements
    const e = readError(x);
    expect(e).toBeInstanceOf(CupytsError);
    expect(e!.code).toBe('ERR_ARG');
    expect(e!.message).toContain(`${op}: expected ${name}`);
  });

  it('reaches what is computed from the draw, and stays raised', () => {
    const x = rng().poisson(a(1, -2, 3), [4, 3]);
    const total = cp.sum(cp.multiply(x, 2));
    expect(readError(total)?.code).toBe('ERR_ARG');
    expect(readError(total)?.code).toBe('ERR_ARG');
    expect(readError(x)?.code).toBe('ERR_ARG');
  });

  it('the legacy module functions raise the same way', () => {
    expect(readError(cp.random.poisson(a(1, -2)))?.message).toContain('poisson: expected lam');
  });

  it('valid array parameters read back, with each element from its own parameter', () => {
    const g = rng();
    const counts = Array.from(g.poisson(a(0, 1, 50), [2000, 3]).dataSync() as BigInt64Array, Number);
    const col = (j: number) => counts.filter((_, i) => i % 3 === j);
    expect(col(0).every((v) => v === 0)).toBe(true);
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    expect(Math.abs(mean(col(1)) - 1)).toBeLessThan(0.15);
    expect(Math.abs(mean(col(2)) - 50)).toBeLessThan(1.5);
    const b = Array.from(g.binomial(a(10, 20), a(0, 1), [50, 2]).dataSync() as BigInt64Array, Number);
    expect(b.filter((_, i) => i % 2 === 0).every((v) => v === 0)).toBe(true);
    expect(b.filter((_, i) => i % 2 === 1).every((v) => v === 20)).toBe(true);
    const gam = g.gamma(a(0.5, 2), a(1, 3), [10, 2]).dataSync() as Float64Array;
    expect(Array.from(gam).every((v) => v >= 0 && Number.isFinite(v))).toBe(true);
  });

  it('scalar parameters are still checked at the call', () => {
    expect(() => rng().poisson(-1)).toThrow(/poisson: expected a non-negative value at most .*, got lam = -1/);
    expect(() => rng().binomial(10, 1.5)).toThrow(/binomial: expected a probability in \[0, 1\], got p = 1.5/);
  });
});
