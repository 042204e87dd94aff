// The gallery (examples/) on the GPU: every program at its test size on the CUDA backend against
// its NumPy twin run on the same input arrays (test/examples/gallery.test.ts does the same on the
// CPU). Integer outputs may differ in a few elements (0.5%) where a contracted multiply-add flips
// a decision (a Mandelbrot escape, a near tie between neighbours); floats keep the entry's
// tolerances. Skipped where there is no CUDA device.
import { afterAll, describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { gallery } from '../../examples/index.js';
import { HAS_CUDA_DEVICE } from '../helpers/cuda.js';
import { compareOutputs, runTwins, type TwinRun } from '../helpers/gallery.js';

setBackendNotice(() => {});

describe.skipIf(!HAS_CUDA_DEVICE)('gallery on the GPU against the NumPy twins', () => {
  let twins: TwinRun;
  afterAll(() => twins?.cleanup());

  it('every twin ran', () => {
    cp.useBackend('cuda');
    twins = runTwins(gallery);
    expect(twins.failure).toBe('');
  }, 120_000);

  it.each(gallery.map((e) => [e.name, e] as const))('%s', (name, entry) => {
    cp.useBackend('cuda');
    const outputs = entry.module.run(twins.inputs.get(name)!);
    expect(compareOutputs(entry, outputs, twins.expected(name), 0.005)).toBe('');
  }, 120_000);
});
