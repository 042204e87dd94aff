// cp.cuda.Device and cp.cuda.runtime (CuPy's): choosing the GPU new arrays live on. Every array
// remembers its device (its runner); an op given arrays of two devices is an ERR_DEVICE error
// naming the op. Device(i).use() makes device i current; Device() is the current one. On the CPU
// backend there are cp.config.cpuDevices virtual devices (1 by default), with no compute capability.
import { CupytsError } from '../ir/errors.js';
import { currentBackend } from '../runtime/backend.js';
import { CudaDevice } from '../runtime/cuda-device.js';
import { cudaRunnerOf, currentDeviceOrdinal, setCurrentDevice } from './context.js';
import * as t from './param-types.js';
import { config } from './settings.js';
import { declare, noArguments, positional } from './signature.js';

/** One device (CuPy's cupy.cuda.Device); made by cp.cuda.Device(id). */
export class DeviceObject {
  /** The device ordinal. */
  readonly id: number;

  /** @internal */
  constructor(id: number) {
    this.id = id;
  }

  #cuda(): CudaDevice | undefined {
    return currentBackend() === 'cuda' ? cudaRunnerOf(this.id).device : undefined;
  }

  /** The compute capability as CuPy writes it: '90' for sm_90 ('' on the CPU backend). */
  get compute_capability(): string {
    const d = this.#cuda();
    return d ? `${d.info.major}${d.info.minor}` : '';
  }

  /** [free, total] bytes of device memory (the host's on the CPU backend: [0, 0]). */
  get mem_info(): [number, number] {
    const d = this.#cuda();
    if (!d) return [0, 0];
    d.makeCurrent();
    const { free, total } = d.addon.memGetInfo();
    return [free, total];
  }

  /** The device's name, e.g. 'NVIDIA H200' ('cpu' on the CPU backend). */
  get name(): string {
    return this.#cuda()?.info.name ?? 'cpu';
  }

  /** Makes this the current device: arrays made from now on live on it. Returns this. */
  use(): this {
    noArguments('Device.use', arguments);
    if (currentBackend() === 'cuda') cudaRunnerOf(this.id); // opens it (and checks the id)
    setCurrentDevice(this.id);
    return this;
  }

  /** Blocks until all work queued on the device, on every stream, is done. */
  synchronize(): void {
    noArguments('Device.synchronize', arguments);
    this.#cuda()?.synchronizeAll();
  }

  toString(): string {
    return `<CUDA Device ${this.id}>`;
  }
}

/** The number of devices of the current backend (cp.config.cpuDevices virtual ones on the CPU, 1 by default). */
export function deviceCount(): number {
  return currentBackend() === 'cuda' ? CudaDevice.count() : config.cpuDevices;
}

/** Device(device=null): device `device`, or the current device. */
export const Device = declare('cuda.Device', [positional('device', t.nullable(t.count), null)] as const,
  ({ device }) => deviceFor('cuda.Device', device ?? currentDeviceOrdinal()));

function deviceFor(op: string, id: number): DeviceObject {
  const n = deviceCount();
  if (id >= n) throw new CupytsError('ERR_NO_DEVICE', `${op}: expected a device id in [0, ${n}), got ${id}`);
  return new DeviceObject(id);
}

/** cp.cuda.runtime: CuPy's runtime helpers for devices. */
export const runtime = {
  /** The number of devices (CUDA devices; 1 on the CPU backend). */
  getDeviceCount: declare('cuda.runtime.getDeviceCount', [] as const, () => deviceCount()),
  /** The ordinal of the current device. */
  getDevice: declare('cuda.runtime.getDevice', [] as const, () => currentDeviceOrdinal()),
  /** setDevice(device): makes `device` current (Device(device).use()). */
  setDevice: declare('cuda.runtime.setDevice', [positional('device', t.count, 0)] as const, ({ device }) => void deviceFor('cuda.runtime.setDevice', device).use()),
  /** Blocks until all work on the current device is done. */
  deviceSynchronize: declare('cuda.runtime.deviceSynchronize', [] as const, () => Device().synchronize()),
};
