// The runner arrays are created and evaluated with: the CPU's, or the CUDA runner of the current
// device (cp.cuda.Device(i).use(); device 0 until then), each made once.
import { currentBackend } from '../runtime/backend.js';
import { CudaDevice } from '../runtime/cuda-device.js';
import { CpuRunner } from './cpu-runner.js';
import { CudaRunner } from './cuda-runner.js';
import type { Runner } from './runners.js';

const cuda = new Map<number, CudaRunner>();
let cpu: CpuRunner | undefined;
let currentDevice = 0;

/** The CUDA runner of device `ordinal` (opened on first use). */
export function cudaRunnerOf(ordinal: number): CudaRunner {
  let r = cuda.get(ordinal);
  if (!r) cuda.set(ordinal, (r = new CudaRunner(CudaDevice.open(ordinal))));
  return r;
}

export function runnerFor(kind: 'cuda' | 'cpu'): Runner {
  if (kind === 'cuda') return cudaRunnerOf(currentDevice);
  return (cpu ??= new CpuRunner());
}

/** The runner of the current backend. */
export function currentRunner(): Runner {
  return runnerFor(currentBackend());
}

/** The ordinal of the current CUDA device. */
export function currentDeviceOrdinal(): number {
  return currentDevice;
}

/** Makes device `ordinal` current: arrays made from now on live there (checked by the caller). */
export function setCurrentDevice(ordinal: number): void {
  currentDevice = ordinal;
}
