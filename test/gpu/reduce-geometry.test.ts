// The reduction grid (test/ops/reduce-geometry-cases.ts) on the GPU against the CPU path, and
// bitwise the same GPU result on two runs of every case (fixed combination order, no atomics).
// Every geometry of src/ir/reduce-geometry.ts is planned by some case. Skipped without a device.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { currentBackend, setBackendNotice, useBackend } from '../../src/runtime/backend.js';
import { toHost } from '../helpers/arrays.js';
import { HAS_CUDA_DEVICE } from '../helpers/cuda.js';
import { compareArrays, type HostArray } from '../helpers/numpy-oracle.js';
import { geometryCases, upload, type GeometryCase } from '../ops/reduce-geometry-cases.js';

setBackendNotice(() => {});

function on(backend: 'cpu' | 'cuda', c: GeometryCase): HostArray {
  const before = currentBackend();
  try {
    useBackend(backend);
    return toHost(c.run(upload(c)));
  } finally {
    useBackend(before);
  }
}

/** Bit patterns, so that NaNs and signed zeros compare too. */
function bits(h: HostArray): string {
  const bytes = new Uint8Array(h.data.buffer, h.data.byteOffset, h.data.byteLength);
  return Buffer.from(bytes).toString('base64');
}

describe.skipIf(!HAS_CUDA_DEVICE)('reductions over the geometry grid: GPU against CPU, deterministic', () => {
  const cases = HAS_CUDA_DEVICE ? geometryCases() : [];
  it.each(cases.map((c) => [c.label, c] as const))('%s', (_, c) => {
    const cpu = on('cpu', c);
    const gpu = on('cuda', c);
    const cmp = compareArrays(gpu, cpu, c.tol);
    expect(cmp.ok ? '' : cmp.message).toBe('');
    const again = on('cuda', c);
    expect(bits(again) === bits(gpu) ? 'bitwise equal' : 'differs between runs').toBe('bitwise equal');
  });

  it('sums large enough for the split and many-output kernels, twice, bitwise equal', () => {
    const before = currentBackend();
    useBackend('cuda');
    try {
      const rng = cp.random.default_rng(5);
      const shapes: Array<[number[], number | null]> = [[[1 << 24], null], [[1 << 22, 8], 0], [[8, 1 << 22], 1], [[1 << 22, 8], 1], [[4096, 4096], 0], [[4096, 4096], 1]];
      for (const [shape, axis] of shapes) {
        const x = rng.random(shape, { dtype: 'float32' });
        const run = () => toHost(axis === null ? x.sum() : x.sum({ axis }));
        expect(bits(run())).toBe(bits(run()));
      }
    } finally {
      useBackend(before);
    }
  });
});
