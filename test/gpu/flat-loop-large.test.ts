// The flat loop of a strided elementwise kernel over more than 2^30 elements (src/codegen/cuda.ts):
// a plan with 32-bit indices counts its loop in 64 bits, so index + grid stride cannot wrap past
// 2^31 (session 34's fix, first run here). Rows of 33 (shorter than the rows path's) through a
// transposed view of 1.07e9 uint8 elements; sampled elements across the range and every element of
// the last 2^20 checked against their formula. Skipped where there is no CUDA device.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { HAS_CUDA_DEVICE, onBackend } from '../helpers/cuda.js';

setBackendNotice(() => {});

describe.skipIf(!HAS_CUDA_DEVICE)('flat loop past 2^30 elements', () => {
  it('a transposed uint8 view of 33 x 32.5M plus one is right everywhere sampled', () => {
    onBackend('cuda', () => {
      const R = 33;
      const N = Math.ceil(2 ** 30 / R) + 4097;
      const x = cp.remainder(cp.arange(R * N, { dtype: 'int64' }), 251).astype('uint8').reshape([R, N]);
      const y = x.T.add(1); // (N, 33): element (i, j) = (j * N + i) % 251 + 1
      const host = y.dataSync() as Uint8Array;
      expect(host.length).toBe(N * R);
      const wrong: string[] = [];
      const check = (flat: number) => {
        const i = Math.floor(flat / R), j = flat % R;
        const want = ((j * N + i) % 251) + 1;
        if (host[flat] !== want && wrong.length < 10) wrong.push(`(${i}, ${j}): ${host[flat]} != ${want}`);
      };
      for (let flat = 0; flat < host.length; flat += 997) check(flat);
      for (let flat = host.length - 2 ** 20; flat < host.length; flat++) check(flat);
      expect(wrong).toEqual([]);
      x.dispose();
      y.dispose();
    });
  }, 300_000);
});
