// The gallery (examples/): every program runs at its test size on the CPU backend, and its NumPy
// twin (examples/<name>.py) runs on the very same input arrays (saved as .npz, so no random
// generator has to agree); every output must match in dtype, shape and value within the entry's
// tolerances (integers exactly). The CUDA kernels are compiled and run by test/gpu/gallery.test.ts
// (compiling them all with NVRTC here took a minute on a 2-core machine).
import { afterAll, describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { gallery } from '../../examples/index.js';
import { compareOutputs, runTwins } from '../helpers/gallery.js';

setBackendNotice(() => {});
cp.useBackend('cpu');

const twins = runTwins(gallery);
afterAll(() => twins.cleanup());

describe('gallery: each program against its NumPy twin on the CPU backend', () => {
  it('lists at least twelve programs with distinct names, and every twin ran', () => {
    expect(gallery.length).toBeGreaterThanOrEqual(12);
    expect(new Set(gallery.map((e) => e.name)).size).toBe(gallery.length);
    expect(twins.failure).toBe('');
  });

  it.each(gallery.map((e) => [e.name, e] as const))('%s', (name, entry) => {
    const outputs = entry.module.run(twins.inputs.get(name)!);
    expect(compareOutputs(entry, outputs, twins.expected(name))).toBe('');
  });
});
