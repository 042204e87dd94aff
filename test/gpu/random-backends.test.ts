// The same seed gives the same numbers on the CPU path and on the GPU: bit for bit for uniforms
// and integers, within 4e-6 for float32 normals (logf and __sincosf on the GPU against JS's
// double-precision Math). Skipped where there is no CUDA device.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { currentBackend, setBackendNotice, useBackend } from '../../src/runtime/backend.js';
import { HAS_CUDA_DEVICE } from '../helpers/cuda.js';

setBackendNotice(() => {});

function onBoth(draw: (g: cp.random.Generator) => cp.NDArray): [number[], number[]] {
  const before = currentBackend();
  try {
    useBackend('cpu');
    const cpu = Array.from(draw(cp.random.default_rng(2024)).dataSync() as ArrayLike<number | bigint>, Number);
    useBackend('cuda');
    const gpu = Array.from(draw(cp.random.default_rng(2024)).dataSync() as ArrayLike<number | bigint>, Number);
    return [cpu, gpu];
  } finally {
    useBackend(before);
  }
}

describe.skipIf(!HAS_CUDA_DEVICE)('random draws: CPU path and GPU agree', () => {
  const n = 100_003;
  it.each([
    ['uniform float32', (g: cp.random.Generator) => g.random(n, { dtype: 'float32' })],
    ['uniform float64', (g: cp.random.Generator) => g.random(n)],
    ['uniform float32, two draws fused', (g: cp.random.Generator) => cp.add(g.random([301, 333], { dtype: 'float32' }), g.random([301, 333], { dtype: 'float32' }))],
    ['integers int64', (g: cp.random.Generator) => g.integers(-1000, 1000, n)],
    ['integers uint8', (g: cp.random.Generator) => g.integers(0, 256, n, { dtype: 'uint8' })],
    ['integers int32 full range', (g: cp.random.Generator) => g.integers(-(2 ** 31), 2 ** 31, n, { dtype: 'int32' })],
    ['integers int64 wide', (g: cp.random.Generator) => g.integers(-(2n ** 62n), 2n ** 62n, n)],
    ['permutation', (g: cp.random.Generator) => g.permutation(5000)],
    ['choice without replacement', (g: cp.random.Generator) => g.choice(10_000, 100, { replace: false })],
  ])('%s: bit for bit', (_, draw) => {
    const [cpu, gpu] = onBoth(draw);
    expect(gpu.length).toBe(cpu.length);
    const bad = cpu.findIndex((v, i) => !Object.is(v, gpu[i]));
    expect(bad === -1 ? 'equal' : `element ${bad}: cpu ${cpu[bad]}, gpu ${gpu[bad]}`).toBe('equal');
  });

  it.each([
    ['normal float32', (g: cp.random.Generator) => g.standard_normal(n, { dtype: 'float32' }), 4e-6],
    ['normal float64', (g: cp.random.Generator) => g.standard_normal(n), 1e-13],
    ['exponential float64', (g: cp.random.Generator) => g.exponential(2, n), 1e-13],
  ])('%s: within rounding', (_, draw, tol) => {
    const [cpu, gpu] = onBoth(draw);
    let worst = 0;
    cpu.forEach((v, i) => { worst = Math.max(worst, Math.abs(v - gpu[i]) / (tol + tol * Math.abs(v))); });
    expect(worst).toBeLessThanOrEqual(1);
  });
});

// NumPy's other distributions (random-distributions.ts) are the same graph of draws and
// elementwise ops on both backends, so the same seed gives the same samples. Where a sampler
// compares a float64 log or exp against a bound (rejection tests, inversion thresholds), CUDA's
// and JS's last-ulp differences can flip a rare comparison; those elements may differ, no more
// than 1 in 10^4 of them.
describe.skipIf(!HAS_CUDA_DEVICE)('NumPy\'s other distributions: CPU path and GPU agree', () => {
  const n = 20_011;
  it.each([
    ['poisson(4)', (g: cp.random.Generator) => g.poisson(4, n)],
    ['poisson(1000)', (g: cp.random.Generator) => g.poisson(1000, n)],
    ['binomial(100, 0.3)', (g: cp.random.Generator) => g.binomial(100, 0.3, n)],
    ['binomial(10, 0.3)', (g: cp.random.Generator) => g.binomial(10, 0.3, n)],
    ['binomial(60, 0.7)', (g: cp.random.Generator) => g.binomial(60, 0.7, n)],
    ['binomial(5000, 0.004)', (g: cp.random.Generator) => g.binomial(5000, 0.004, n)],
    ['geometric(0.2)', (g: cp.random.Generator) => g.geometric(0.2, n)],
    ['logseries(0.7)', (g: cp.random.Generator) => g.logseries(0.7, n)],
    ['zipf(2)', (g: cp.random.Generator) => g.zipf(2, n)],
    ['hypergeometric(20, 30, 10)', (g: cp.random.Generator) => g.hypergeometric(20, 30, 10, n)],
    ['negative_binomial(3, 0.4)', (g: cp.random.Generator) => g.negative_binomial(3, 0.4, n)],
    ['integers with array bounds', (g: cp.random.Generator) => g.integers(cp.array([0, 5, -3]), 17, [n, 3])],
    ['poisson(array lam)', (g: cp.random.Generator) => g.poisson(cp.asarray([0.5, 7, 40, 3000]), [n, 4])],
    ['binomial(array n, p)', (g: cp.random.Generator) => g.binomial(cp.asarray([5, 60, 1000]), cp.asarray([0.9, 0.3, 0.01]), [n, 3])],
    ['zipf(1.5)', (g: cp.random.Generator) => g.zipf(1.5, n)],
    ['hypergeometric(200, 300, 250)', (g: cp.random.Generator) => g.hypergeometric(200, 300, 250, n)],
  // The rejection and counting samplers are one loop per element inside the kernel
  // (src/api/random-sampler-source.ts): CUDA and JS run the same steps on each element's own stream.
  ])('%s: the same counts', (_, draw) => {
    const [cpu, gpu] = onBoth(draw);
    expect(gpu.length).toBe(cpu.length);
    const differing = cpu.filter((v, i) => v !== gpu[i]).length;
    expect(differing).toBeLessThanOrEqual(cpu.length * 1e-4);
  }, 240_000);

  it.each([
    ['gamma(0.5)', (g: cp.random.Generator) => g.gamma(0.5, 1, n)],
    ['gamma(5)', (g: cp.random.Generator) => g.gamma(5, 1, n)],
    ['gamma(array shape) float32', (g: cp.random.Generator) => g.standard_gamma(cp.asarray([0.1, 1, 30]), [n, 3], 'float32')],
    ['beta(2, 3)', (g: cp.random.Generator) => g.beta(2, 3, n)],
    ['standard_t(3)', (g: cp.random.Generator) => g.standard_t(3, n)],
    ['vonmises(0, 2)', (g: cp.random.Generator) => g.vonmises(0, 2, n)],
    ['laplace(0, 1)', (g: cp.random.Generator) => g.laplace(0, 1, n)],
    ['wald(1, 2)', (g: cp.random.Generator) => g.wald(1, 2, n)],
    ['multivariate_normal (8 dimensions)', (g: cp.random.Generator) => g.multivariate_normal(cp.zeros([8]), cp.eye(8), 2000)],
  ])('%s: within rounding', (_, draw) => {
    const [cpu, gpu] = onBoth(draw);
    const far = cpu.filter((v, i) => !(Math.abs(v - gpu[i]) <= 1e-9 * (1 + Math.abs(v)))).length;
    expect(far).toBeLessThanOrEqual(cpu.length * 1e-4);
  });
});

// An invalid element of an array parameter raises at the readback on the GPU as on the CPU path
// (the check's flags come back from the kernel: src/api/random-param-checks.ts).
describe.skipIf(!HAS_CUDA_DEVICE)('invalid elements of array parameters raise on the GPU', () => {
  it.each([
    ['poisson', (g: cp.random.Generator) => g.poisson(cp.asarray([1, -2]), [1000, 2]), /poisson: expected lam/],
    ['binomial', (g: cp.random.Generator) => g.binomial(10, cp.asarray([0.5, 1.5])), /binomial: expected p/],
    ['gamma', (g: cp.random.Generator) => g.gamma(2, cp.asarray([1, -3])), /gamma: expected scale/],
    ['normal', (g: cp.random.Generator) => g.normal(0, cp.asarray([1, -1])), /normal: expected scale/],
    ['negative_binomial, read through a sum', (g: cp.random.Generator) => cp.sum(g.negative_binomial(cp.asarray([3, 0]), 0.4, [100, 2])), /negative_binomial: expected n/],
  ])('%s', (_, draw, message) => {
    const before = currentBackend();
    try {
      useBackend('cuda');
      const x = draw(cp.random.default_rng(7));
      expect(() => x.dataSync()).toThrow(message);
      useBackend('cuda');
      expect(Array.from(cp.random.default_rng(7).poisson(cp.asarray([1, 2]), [10, 2]).dataSync() as BigInt64Array).every((v) => v >= 0n)).toBe(true);
    } finally {
      useBackend(before);
    }
  });
});
