// cp.jit over programs with cp.fft: each FFT stage (src/api/fft-stages.ts through an engine, or
// the JS FFT of src/api/fft-transforms.ts) is recorded in the trace as a library step of the
// launch list. Replays do not run fn and give bitwise the eager results. Both CPU paths run here:
// the JS FFT, and the GPU's staging with a host stand-in for cuFFT (in-place layouts, runs at
// offsets, fused copies that crop, pad, conjugate and scale). test/gpu/jit-device.test.ts runs the
// programs through cuFFT.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useStagedFftOnHost } from '../../src/api/fft-transforms.js';
import * as cp from '../../src/index.js';
import { currentBackend } from '../../src/runtime/backend.js';
import { arr, hex, replays, type Fn } from '../helpers/jit.js';
import { memoryAfterGc } from '../helpers/memory.js';

const complexArr = (shape: number[], dtype: 'complex64' | 'complex128', seed: number) =>
  arr(shape, dtype, seed).add(arr(shape, dtype, seed + 7).mul({ re: 0, im: 1 })).eval();

/** A blur as examples/image.ts does it: rfft2 of the image and of a closure kernel, their product, irfft2 back. */
const blurWith = (kernel: cp.NDArray) => (img: cp.NDArray) =>
  cp.fft.irfft2(cp.fft.rfft2(img.astype('float32')).multiply(cp.fft.rfft2(kernel)), { s: img.shape });

const programs: Array<{ label: string; fn: Fn; args: (seed: number) => cp.NDArray[] }> = [
  { label: 'a blur by rfft2 / irfft2 with a closure kernel', fn: blurWith(cp.exp(arr([12, 10], 'float32', 3).square().neg())), args: (k) => [arr([12, 10], 'uint8', k)] },
  { label: 'fft of a lazy input and its magnitude (complex128)', fn: (x) => cp.abs(cp.fft.fft(x.mul(2).add(1))).add(cp.sum(x)), args: (k) => [arr([16], 'float64', k)] },
  { label: 'zero padding and cropping with n, norm ortho', fn: (x) => [cp.fft.fft(x, 24, 0, 'ortho'), cp.fft.ifft(x, 5, -1)], args: (k) => [complexArr([8, 9], 'complex64', k)] },
  { label: 'a middle axis (runs at offsets), a strided view, a column slice', fn: (x) => [cp.fft.fft(x, { axis: 1 }), cp.fft.rfft(x.real.get('::2, :, 1::2')), cp.fft.ifft2(x.get(':, 1:4'))], args: (k) => [complexArr([3, 10, 4], 'complex128', k)] },
  { label: 'hfft and ihfft (conjugations), fftn over all axes', fn: (x) => [cp.fft.hfft(x), cp.fft.ihfft(x.real), cp.fft.fftn(x)], args: (k) => [complexArr([5, 6], 'complex64', k)] },
  { label: 'an FFT result returned as it is, and an FFT of an argument as it is', fn: (x) => [cp.fft.fft(x), cp.fft.fft(x).mul(2)], args: (k) => [complexArr([32], 'complex64', k)] },
];

for (const staged of [false, true]) {
  describe(`cp.jit with fft: each transform replays as a step of the launch list (${staged ? 'staged as on a GPU' : 'the JS FFT'})`, () => {
    beforeAll(() => useStagedFftOnHost(staged));
    afterAll(() => useStagedFftOnHost(false));

    it.skipIf(currentBackend() === 'cuda').each(programs)('$label', ({ fn, args }) => {
      const { runs, f } = replays(fn, [args(1), args(2), args(3)]);
      expect(runs).toBe(1); // traced once, then replayed
      const e = f.explain(...args(4));
      expect(e.mode).toBe('replay');
      expect(e.segments[0].kernels.some((k: string) => /fft/.test(k))).toBe(true);
    });

    it.skipIf(currentBackend() === 'cuda')('writes to the argument between calls are seen', () => {
      const f = cp.jit((x: cp.NDArray) => cp.abs(cp.fft.rfft(x)));
      const x = arr([20], 'float64', 1).eval();
      const first = hex(f(x) as cp.NDArray);
      x.set('3:7', 5);
      const second = f(x) as cp.NDArray;
      expect(hex(second)).toEqual(hex(cp.abs(cp.fft.rfft(x))));
      expect(hex(second)).not.toEqual(first);
    });
  });
}

describe('cp.jit with fft: memory', () => {
  it('a loop of replays keeps memory flat (results disposed)', () => {
    const backend = cp.currentBackend();
    cp.useBackend('cpu');
    try {
      const f = cp.jit(blurWith(cp.ones([64, 64], 'float32').div(4096)));
      const img = arr([64, 64], 'uint8', 5).eval();
      const loop = (n: number) => { for (let i = 0; i < n; i++) (f(img) as cp.NDArray).dispose(); };
      loop(300);
      const before = memoryAfterGc();
      loop(2000); // a result (16 KiB) kept per call would be 32 MiB
      const after = memoryAfterGc();
      expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(2 << 20);
      expect(after.heapUsed - before.heapUsed).toBeLessThan(4 << 20);
    } finally {
      cp.useBackend(backend);
    }
  });
});
