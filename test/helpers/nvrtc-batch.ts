// Compiles many generated CUDA kernels with NVRTC in a few calls: the prelude once per batch,
// each kernel renamed to stay unique. Used to check that every kernel a test built compiles.
import { describe, expect, it } from 'vitest';
import { CUDA_PRELUDE } from '../../src/codegen/cuda-prelude.js';
import { NvrtcCompiler } from '../../src/runtime/compiler.js';

export function compileAll(sources: readonly string[], arch = 'sm_90', batchSize = 60): { kernels: number; batches: number } {
  const compiler = new NvrtcCompiler({ disk: null });
  let batches = 0;
  for (let start = 0; start < sources.length; start += batchSize) {
    const bodies = sources.slice(start, start + batchSize).map((src, i) => {
      if (!src.startsWith(CUDA_PRELUDE)) throw new Error('compileAll: expected a generated kernel source');
      return src.slice(CUDA_PRELUDE.length).replace(/__global__ void __launch_bounds__\((\d+(?:, \d+)?)\) (\w+)\(/g, (_m, b, name) => `__global__ void __launch_bounds__(${b}) k${start + i}_${name}(`);
    });
    compiler.compile({ source: CUDA_PRELUDE + bodies.join('\n'), name: `batch${batches}.cu`, arch });
    batches++;
  }
  return { kernels: sources.length, batches };
}

/**
 * The NVRTC check an op test file ends with: every CUDA kernel its tests built (recorded in
 * `sources`, test/helpers/arrays.ts's cudaSources) compiles, and there were more than `atLeast`.
 * Skipped where NVRTC is absent (CI always has it).
 */
export function describeCompilesEveryKernel(sources: ReadonlyMap<unknown, string>, hasNvrtc: boolean, atLeast: number): void {
  describe.skipIf(!hasNvrtc)('NVRTC', () => {
    it('compiles every kernel the functions above ran', () => {
      const { kernels } = compileAll([...sources.values()]);
      expect(kernels).toBeGreaterThan(atLeast);
    }, 600_000);
  });
}
