// The float32 normal draw's Box-Muller radius (cp_normal_radius in src/codegen/cuda-random.ts:
// the hardware lg2 with a series near u1 = 1, and the hardware sqrt) over every one of its 2^24
// inputs, against sqrt(-2 ln u1) in float64. Skipped where there is no CUDA device.
import { describe, expect, it } from 'vitest';
import { CUDA_PRELUDE } from '../../src/codegen/cuda-prelude.js';
import { NvrtcCompiler } from '../../src/runtime/compiler.js';
import { CudaDevice } from '../../src/runtime/cuda-device.js';
import { CudaModule } from '../../src/runtime/cuda-module.js';
import { HAS_CUDA_DEVICE } from '../helpers/cuda.js';

const SOURCE = `${CUDA_PRELUDE}
extern "C" __global__ void radius_of_every_input(float* out, unsigned n) {
  const unsigned m = blockIdx.x * blockDim.x + threadIdx.x;
  if (m < n) out[m] = cp_normal_radius(m << 8);
}
`;

describe.skipIf(!HAS_CUDA_DEVICE)('float32 normal radius on the device', () => {
  it('is within 6e-7 relative of float64 for all 2^24 inputs, and 0 at u1 = 1', () => {
    const device = CudaDevice.open(0);
    const compiler = new NvrtcCompiler({ disk: null });
    const module = new CudaModule(device, compiler.compile({ source: SOURCE, name: 'radius.cu', arch: device.arch }).binary);
    const n = 1 << 24;
    using out = device.alloc(n * 4);
    module.kernel('radius_of_every_input').launch(n / 256, 256, 'pI', [out.ptr, n]);
    const got = new Float32Array(n);
    out.read(got);
    let worst = 0;
    let worstAt = -1;
    let sumRel = 0;
    for (let m = 0; m < n - 1; m++) {
      const exact = Math.sqrt(-2 * Math.log((m + 1) * 2 ** -24));
      const rel = Math.abs(got[m] - exact) / exact;
      sumRel += rel;
      if (!(rel <= worst)) { worst = rel; worstAt = m; }
    }
    expect(got[n - 1]).toBe(0);
    expect(worst, `at u1 = (${worstAt} + 1) / 2^24`).toBeLessThanOrEqual(6e-7);
    expect(sumRel / (n - 1)).toBeLessThanOrEqual(1.2e-7); // about 1 ulp on average (measured 0.97)
  });
});
