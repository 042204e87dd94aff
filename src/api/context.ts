// The runner arrays are created and evaluated with: the CPU's, or the CUDA runner of the current
// device (cp.cuda.Device(i).use(); device 0 until then), each made once. The CPU backend offers
// cp.config.cpuDevices virtual devices, each a runner of its own, so device checks work there too.
import { currentBackend } from '../runtime/backend.js';
import { CudaDevice } from '../runtime/cuda-device.js';
import { CpuRunner } from './cpu-runner.js';
import { CudaRunner } from './cuda-runner.js';
import type { Runner } from './runners.js';

const cuda = new Map<number, CudaRunner>();
const cpu = new Map<number, CpuRunner>();
let currentDevice = 0;

/** The CUDA runner of device `ordinal` (opened on first use). */
export function cudaRunnerOf(ordinal: number): CudaRunner {
  let r = cuda.get(ordinal);
  if (!r) cuda.set(ordinal, (r = new CudaRunner(CudaDevice.open(ordinal))));
  return r;
}

/** The runner of the CPU backend's virtual device `ordinal` (cp.config.cpuDevices of them), made on first use. */
export function cpuRunnerOf(ordinal: number): CpuRunner {
  let r = cpu.get(ordinal);
  if (!r) cpu.set(ordinal, (r = new CpuRunner(ordinal)));
  return r;
}

/** The runner of device `ordinal` of backend `kind`. */
export function runnerOfDevice(kind: 'cuda' | 'cpu', ordinal: number): Runner {
  return kind === 'cuda' ? cudaRunnerOf(ordinal) : cpuRunnerOf(ordinal);
}

export function runnerFor(kind: 'cuda' | 'cpu'): Runner {
  return runnerOfDevice(kind, currentDevice);
}

/** The runner of the current backend. */
export function currentRunner(): Runner {
  return runnerFor(currentBackend());
}

/** The ordinal of the current device (CUDA, or the CPU backend's virtual device). */
export function currentDeviceOrdinal(): number {
  return currentDevice;
}

/** Makes device `ordinal` current: arrays made from now on live there (checked by the caller). */
export function setCurrentDevice(ordinal: number): void {
  currentDevice = ordinal;
}
