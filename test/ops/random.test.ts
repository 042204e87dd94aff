// cp.random on the current backend (the CPU path here and in CI, CUDA on the GPU machine):
// every draw against the Philox reference of test/helpers/random-reference.ts (bit for bit for
// uniforms and integers, so the CPU path and the GPU give the same numbers), statistics
// (moments and Kolmogorov–Smirnov), bounds, permutations and choice, fusion, and errors at the
// call. Every CUDA kernel built here is compiled with NVRTC at the end.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import type { RandomDraw } from '../../src/ir/random.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, recordCuda } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { compileAll } from '../helpers/nvrtc-batch.js';
import { ksCritical, ksStatistic, moments, normalCdf, referenceElement } from '../helpers/random-reference.js';

setBackendNotice(() => {});

function drawOf(a: cp.NDArray): RandomDraw {
  if (a.node.kind !== 'random') throw new Error('expected a random node');
  return a.node.draw;
}

function numbers(a: cp.NDArray): number[] {
  recordCuda(a);
  return Array.from(a.dataSync() as ArrayLike<number | bigint>, Number);
}

const lowest = (xs: number[]) => xs.reduce((m, x) => Math.min(m, x), Infinity);
const highest = (xs: number[]) => xs.reduce((m, x) => Math.max(m, x), -Infinity);

describe('draws against the Philox reference', () => {
  const n = 1003; // not a multiple of the vector width: the tail path runs too
  it.each(['float32', 'float64'] as const)('uniform %s, bit for bit', (dtype) => {
    const a = cp.random.default_rng(7).random(n, { dtype });
    const draw = drawOf(a);
    const got = numbers(a);
    for (let i = 0; i < n; i++) if (got[i] !== referenceElement(draw, dtype, i)) expect(`element ${i}: ${got[i]}`).toBe(String(referenceElement(draw, dtype, i)));
  });

  it.each(['float32', 'float64'] as const)('standard_normal %s, within rounding', (dtype) => {
    const a = cp.random.default_rng(8).standard_normal([17, 59], { dtype });
    const draw = drawOf(a);
    const got = numbers(a);
    const [rtol, atol] = dtype === 'float32' ? [2e-6, 2e-6] : [1e-13, 1e-13];
    let worst = 0;
    for (let i = 0; i < got.length; i++) {
      const want = referenceElement(draw, dtype, i) as number;
      worst = Math.max(worst, Math.abs(got[i] - want) / (atol + rtol * Math.abs(want)));
    }
    expect(worst).toBeLessThanOrEqual(1);
  });

  it.each([
    ['int64', 0n, 10n], ['int8', -128n, 127n], ['uint8', 0n, 255n], ['int32', -(2n ** 31n), 2n ** 31n - 1n],
    ['uint32', 0n, 2n ** 32n - 1n], ['int64', -(2n ** 40n), 2n ** 41n], ['uint64', 0n, 2n ** 64n - 1n], ['int64', -(2n ** 63n), 2n ** 63n - 1n],
  ] as const)('integers %s in [%s, %s], bit for bit', (dtype, low, high) => {
    const a = cp.random.default_rng(9).integers(low, high, 777, { dtype, endpoint: true });
    const draw = drawOf(a);
    recordCuda(a);
    const got = Array.from(a.dataSync() as ArrayLike<number | bigint>, (v) => BigInt(v));
    for (let i = 0; i < got.length; i++) {
      const want = referenceElement(draw, 'int', i) as bigint;
      if (got[i] !== want) expect(`element ${i}: ${got[i]}`).toBe(String(want));
      if (got[i] < low || got[i] > high) expect(`element ${i}: ${got[i]}`).toBe(`within [${low}, ${high}]`);
    }
  });
});

describe('reproducibility', () => {
  it('the same seed gives the same numbers; other seeds and later draws differ', () => {
    const a = numbers(cp.random.default_rng(123).random(64));
    const b = numbers(cp.random.default_rng(123).random(64));
    const c = numbers(cp.random.default_rng(124).random(64));
    const g = cp.random.default_rng(123);
    g.random(64);
    const d = numbers(g.random(64));
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    expect(d).not.toEqual(a);
    expect(new Set(a).size).toBe(64);
  });

  it('bigint seeds up to 2^64 - 1, and unseeded generators differ', () => {
    const big = numbers(cp.random.default_rng(2n ** 64n - 1n).integers(0, 1000, 16));
    expect(numbers(cp.random.default_rng(2n ** 64n - 1n).integers(0, 1000, 16))).toEqual(big);
    expect(numbers(cp.random.default_rng().random(8))).not.toEqual(numbers(cp.random.default_rng().random(8)));
  });

  it('legacy seed() restarts the module generator', () => {
    cp.random.seed(5);
    const a = [numbers(cp.random.rand(3, 4)), numbers(cp.random.randn(5)), numbers(cp.random.randint(0, 9, 6))];
    cp.random.seed(5);
    const b = [numbers(cp.random.rand(3, 4)), numbers(cp.random.randn(5)), numbers(cp.random.randint(0, 9, 6))];
    expect(b).toEqual(a);
    expect(cp.random.rand(3, 4).shape).toEqual([3, 4]);
    expect(cp.random.random([2, 2]).dtype.name).toBe('float64');
    expect(cp.random.randint(5, null, 3).dtype.name).toBe('int64');
  });
});

describe('statistics', () => {
  const n = 200_000;
  it.each(['float32', 'float64'] as const)('uniform %s: [0, 1), mean 1/2, variance 1/12, KS', (dtype) => {
    const xs = numbers(cp.random.default_rng(11).random(n, { dtype }));
    expect(lowest(xs)).toBeGreaterThanOrEqual(0);
    expect(highest(xs)).toBeLessThan(1);
    const m = moments(xs);
    expect(Math.abs(m.mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(m.variance - 1 / 12)).toBeLessThan(0.01 / 12 * 5);
    expect(ksStatistic(xs, (x) => Math.min(1, Math.max(0, x)))).toBeLessThan(ksCritical(n));
  });

  it.each(['float32', 'float64'] as const)('normal %s: mean, variance, KS against N(loc, scale)', (dtype) => {
    const xs = numbers(cp.random.default_rng(12).normal(3, 2, n, { dtype }));
    const m = moments(xs);
    expect(Math.abs(m.mean - 3)).toBeLessThan(5 * 2 / Math.sqrt(n));
    expect(Math.abs(m.variance - 4)).toBeLessThan(5 * 4 * Math.sqrt(2 / n));
    expect(ksStatistic(xs, (x) => normalCdf((x - 3) / 2))).toBeLessThan(ksCritical(n));
    // odd and even elements (sin and cos halves of Box–Muller) are each normal
    expect(ksStatistic(xs.filter((_, i) => i % 2), (x) => normalCdf((x - 3) / 2))).toBeLessThan(ksCritical(n / 2));
  });

  it('standard_normal pairs are uncorrelated', () => {
    const xs = numbers(cp.random.default_rng(13).standard_normal(n));
    let c = 0;
    for (let i = 0; i < n; i += 2) c += xs[i] * xs[i + 1];
    expect(Math.abs(c / (n / 2))).toBeLessThan(5 / Math.sqrt(n / 2));
  });

  it('exponential: mean scale, KS', () => {
    const xs = numbers(cp.random.default_rng(14).exponential(2.5, n));
    expect(lowest(xs)).toBeGreaterThanOrEqual(0);
    expect(Math.abs(moments(xs).mean - 2.5)).toBeLessThan(5 * 2.5 / Math.sqrt(n));
    expect(ksStatistic(xs, (x) => 1 - Math.exp(-x / 2.5))).toBeLessThan(ksCritical(n));
  });

  it('uniform(low, high) with array bounds broadcasts, stays in [low, high)', () => {
    const low = cp.asarray([[-5], [10]]);
    const xs = cp.random.default_rng(15).uniform(low, 20, [2, 5000]);
    expect(xs.shape).toEqual([2, 5000]);
    const v = numbers(xs);
    expect(v.slice(0, 5000).every((x) => x >= -5 && x < 20)).toBe(true);
    expect(v.slice(5000).every((x) => x >= 10 && x < 20)).toBe(true);
    expect(ksStatistic(v.slice(5000), (x) => Math.min(1, Math.max(0, (x - 10) / 10)))).toBeLessThan(ksCritical(5000));
  });

  it('integers: every value of a small range, about equally often', () => {
    const counts = new Array(7).fill(0);
    for (const v of numbers(cp.random.default_rng(16).integers(-3, 4, 70_000, { dtype: 'int16' }))) counts[v + 3]++;
    const chi2 = counts.reduce((s, c) => s + (c - 10_000) ** 2 / 10_000, 0);
    expect(chi2).toBeLessThan(24.3); // chi-square, 6 degrees of freedom, p = 0.0005
  });

  it('integers of bool and of a one-value range', () => {
    const b = cp.random.default_rng(17).integers(0, 2, 1000, { dtype: 'bool' });
    expect(b.dtype.name).toBe('bool');
    const ones = numbers(b).reduce((s, v) => s + v, 0);
    expect(ones).toBeGreaterThan(400);
    expect(ones).toBeLessThan(600);
    expect(numbers(cp.random.default_rng(17).integers(42, 43, 10))).toEqual(new Array(10).fill(42));
  });
});

describe('permutation, shuffle and choice', () => {
  it('permutation(n) is a permutation, reproducible per seed', () => {
    const p = numbers(cp.random.default_rng(20).permutation(1000));
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(numbers(cp.random.default_rng(20).permutation(1000))).toEqual(p);
    expect(p).not.toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('permutation of an array permutes its rows', () => {
    const x = cp.asarray(Array.from({ length: 50 }, (_, i) => [i, 100 + i]), { dtype: 'float32' });
    const rows = cp.random.default_rng(21).permutation(x).toArraySync() as number[][];
    expect(rows.every(([a, b]) => b === a + 100)).toBe(true);
    expect(rows.map((r) => r[0]).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('shuffle reorders an array in place', () => {
    const x = cp.arange(100, undefined, undefined, { dtype: 'float16' });
    const before = numbers(x);
    cp.random.default_rng(22).shuffle(x);
    const after = numbers(x);
    expect(after).not.toEqual(before);
    expect([...after].sort((a, b) => a - b)).toEqual(before);
  });

  it('choice without replacement gives distinct elements of the population', () => {
    const picks = numbers(cp.random.default_rng(23).choice(100, [4, 10], { replace: false }));
    expect(new Set(picks).size).toBe(40);
    expect(picks.every((v) => Number.isInteger(v) && v >= 0 && v < 100)).toBe(true);
    const pop = cp.asarray([1.5, 2.5, 3.5, 4.5, 5.5]);
    const all = numbers(cp.random.default_rng(23).choice(pop, 5, { replace: false }));
    expect([...all].sort()).toEqual([1.5, 2.5, 3.5, 4.5, 5.5]);
  });

  it('choice with replacement draws from the population; with p, by weight', () => {
    const pop = cp.asarray([10, 20, 30], { dtype: 'int32' });
    const picks = numbers(cp.random.default_rng(24).choice(pop, 3000));
    expect(picks.every((v) => v === 10 || v === 20 || v === 30)).toBe(true);
    for (const v of [10, 20, 30]) expect(picks.filter((x) => x === v).length).toBeGreaterThan(850);
    const weighted = numbers(cp.random.default_rng(25).choice(pop, 10_000, { p: [0.7, 0, 0.3] }));
    expect(weighted.includes(20)).toBe(false);
    expect(Math.abs(weighted.filter((x) => x === 10).length / 10_000 - 0.7)).toBeLessThan(0.025);
    expect(cp.random.default_rng(25).choice(5).shape).toEqual([]);
  });
});

describe('fusion', () => {
  it('a draw and its consumers are one kernel; the samples are never stored', () => {
    const y = cp.random.default_rng(30).normal(0, 1, 4096, { dtype: 'float32' }).mul(2).exp();
    const e = cp.explain(y);
    expect(e.kernels).toHaveLength(1);
    expect(e.kernels[0].name).toMatch(/rand_normal/);
    expect(e.kernels[0].inputs).toEqual([]);
    recordCuda(y);
    expect(numbers(y).every((v) => v > 0)).toBe(true);
  });

  it('a draw read through a broadcast is computed once, at its own shape', () => {
    const r = cp.random.default_rng(31).random([3, 1]);
    const y = cp.add(r, cp.zeros([3, 4]));
    expect(cp.explain(y).kernels).toHaveLength(2);
    recordCuda(y);
    const rows = y.toArraySync() as number[][];
    const col = numbers(r);
    rows.forEach((row, i) => expect(row).toEqual(new Array(4).fill(col[i])));
  });
});

describe('errors at the call', () => {
  const g = cp.random.default_rng(1);
  it.each([
    ['a negative seed', () => cp.random.default_rng(-1), /default_rng: expected seed to be a non-negative integer below 2\^64/],
    ['a fractional seed', () => cp.random.default_rng(1.5), /default_rng: expected seed to be a non-negative integer/],
    ['a float16 random', () => g.random(3, { dtype: 'float16' as 'float32' }), /random: expected float32 or float64, got float16/],
    ['float integers', () => g.integers(0, 5, 3, { dtype: 'float32' }), /integers: expected an integer or bool dtype/],
    ['low >= high', () => g.integers(5, 5, 3), /integers: expected low < high/],
    ['high beyond the dtype', () => g.integers(0, 300, 3, { dtype: 'uint8' }), /integers: expected high within uint8/],
    ['low below the dtype', () => g.integers(-1, 3, 3, { dtype: 'uint16' }), /integers: expected low within uint16/],
    ['a negative scale', () => g.normal(0, -1, 3), /normal: expected a non-negative value, got scale = -1/],
    ['a bad size', () => g.random([2, -1]), /random: expected size to be a non-negative integer or a list of them or null, got an array/],
    ['parameters that do not fit the size', () => g.uniform(cp.zeros([3]), 1, [2]), /uniform: .*broadcast/],
    ['too many without replacement', () => g.choice(5, 6, { replace: false }), /choice: expected a sample size at most the population size 5/],
    ['p that does not sum to 1', () => g.choice(3, 2, { p: [0.5, 0.2, 0.2] }), /choice: expected probabilities that sum to 1/],
    ['p of the wrong length', () => g.choice(3, 2, { p: [0.5, 0.5] }), /choice: expected p to be a 1-D array of length 3/],
    ['an empty population', () => g.choice(0, 2), /choice: expected a non-empty population/],
    ['a 2-D population (legacy choice)', () => cp.random.choice(cp.zeros([2, 2]), 2), /choice: expected a to be an integer or a 1-D array, got a 2-D array/],
    ['shuffling a 0-d array', () => g.shuffle(cp.asarray(3)), /shuffle: expected x to be an array of at least 1 dimension, got a 0-d array/],
    ['a bad legacy shape', () => cp.random.rand(2, 1.5), /rand: expected dimensions to be a non-negative integer, got 1.5/],
  ])('%s', (_, call, message) => {
    expect(call).toThrow(message);
  });
});

describe.skipIf(!HAS_NVRTC)('NVRTC', () => {
  it('compiles every random kernel above', () => {
    const { kernels } = compileAll([...cudaSources.values()]);
    expect(kernels).toBeGreaterThan(15);
  }, 600_000);
});
