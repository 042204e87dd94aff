// The one-launch LU kernels for many small matrices (src/codegen/linalg-small-lu.ts) compile with
// NVRTC (where NVRTC is present) in every mode, both dtypes, sides 1 to 16 and chunk widths that
// cover the unrolled loops. Their results are checked against NumPy on the host emulator
// (test/ops/small-lu-emulated.test.ts) and on the GPU (test/gpu/linalg-small-batch.test.ts).
import { describe, expect, it } from 'vitest';
import { smallLuGroup, smallLuKernel, SMALL_LU_BLOCK } from '../../src/codegen/linalg-small-lu.js';
import { NvrtcCompiler } from '../../src/runtime/compiler.js';
import { HAS_NVRTC } from '../helpers/cuda.js';

describe('smallLuKernel', () => {
  it('groups threads by the power of two at or above the side', () => {
    expect([1, 2, 3, 5, 8, 9, 16].map(smallLuGroup)).toEqual([1, 2, 4, 8, 8, 16, 16]);
    expect(smallLuKernel('float64', 8, 'inv', 8).matricesPerBlock).toBe(SMALL_LU_BLOCK / 8);
  });
  it('names kernels by mode, dtype, side and chunk', () => {
    expect(smallLuKernel('float32', 5, 'solve', 3).name).toBe('cupyts_small_solve_f32_n5_k3');
    expect(smallLuKernel('float64', 8, 'inv', 8).name).toBe('cupyts_small_inv_f64_n8');
    expect(smallLuKernel('float64', 4, 'lu', 1).name).toBe('cupyts_small_lu_f64_n4');
  });
  it('refuses sides and chunks outside 1..16', () => {
    expect(() => smallLuKernel('float64', 17, 'lu', 1)).toThrow(/1 <= n, chunk <= 16/);
    expect(() => smallLuKernel('float64', 4, 'solve', 0)).toThrow(/1 <= n, chunk <= 16/);
  });
});

describe.skipIf(!HAS_NVRTC)('NVRTC', () => {
  const compiler = new NvrtcCompiler({ disk: null });
  const configs = [['float32', 1, 1], ['float64', 3, 2], ['float32', 8, 1], ['float64', 8, 8], ['float64', 16, 16]] as const;
  for (const [dtype, n, chunk] of configs) {
    it(`compiles the ${dtype} kernels of side ${n} (chunk ${chunk})`, () => {
      for (const mode of ['solve', 'inv', 'lu'] as const) {
        const { name, source } = smallLuKernel(dtype, n, mode, chunk);
        expect(() => compiler.compile({ source, name: `${name}.cu`, arch: 'sm_90' }), name).not.toThrow();
      }
    }, 300_000);
  }
});
