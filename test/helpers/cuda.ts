// What the test machine has: NVRTC (CI must have it) and a CUDA device (only the GPU machine).
import { currentBackend, useBackend } from '../../src/runtime/backend.js';
import { loadNvrtc } from '../../src/runtime/cuda-libraries.js';
import { CudaDevice } from '../../src/runtime/cuda-device.js';
import { native } from '../../src/runtime/native.js';

function nvrtcPresent(): boolean {
  try {
    loadNvrtc(native());
    return true;
  } catch (err) {
    // CI installs NVRTC (.ci/run): there, a missing NVRTC is a failure, never a skip.
    if (process.env.CI) throw err;
    return false;
  }
}

export const HAS_NVRTC = nvrtcPresent();
export const HAS_CUDA_DEVICE = CudaDevice.count() > 0;

/** A hand-written kernel, compiled by the runtime tests without any code generator. */
export const AXPY_SOURCE = String.raw`
extern "C" __global__ void axpy(float a, const float* x, const float* y, float* out, unsigned n) {
  unsigned i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = a * x[i] + y[i];
}
extern "C" __global__ void args_probe(long long a, unsigned long long b, int c, unsigned d,
                                      float e, double f, double* out) {
  out[0] = (double)a; out[1] = (double)b; out[2] = c; out[3] = d; out[4] = e; out[5] = f;
}
extern "C" __global__ void spin(long long cycles) {
  long long start = clock64();
  while (clock64() - start < cycles) {}
}
`;

export function randomFloat32(n: number, seed = 1): Float32Array {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    out[i] = (s / 2 ** 32) * 200 - 100;
  }
  return out;
}

/** Runs `f` with backend `name`, then restores the backend that was current. */
export function onBackend<T>(name: 'cpu' | 'cuda', f: () => T): T {
  const before = currentBackend();
  try {
    useBackend(name);
    return f();
  } finally {
    useBackend(before);
  }
}
