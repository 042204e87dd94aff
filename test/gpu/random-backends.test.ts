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
