// A loaded CUDA module (CUBIN or PTX) and the kernels in it.
import { CupytsError } from '../ir/errors.js';
import type { CudaDevice } from './cuda-device.js';
import { packLaunchArgs } from './launch-args.js';
import type { ArgTypeCode, Handle, NativeFunctionAttributes } from './native.js';

export type Dim3 = readonly [number, number, number] | number;

function dim3(d: Dim3): [number, number, number] {
  return typeof d === 'number' ? [d, 1, 1] : [d[0], d[1], d[2]];
}

/** One kernel launch as a list of them keeps it (a CUDA graph's node: ./cuda-graph.ts). */
export interface KernelLaunch {
  kernel: CudaKernel;
  grid: [number, number, number];
  block: [number, number, number];
  sharedBytes: number;
  types: string;
  args: Array<number | bigint>;
}

/**
 * A library call (a cuBLAS GEMM) as a list of launches keeps it: `queue` queues its work on the
 * current stream (a CUDA graph captures it there), `shape` names what stays the same from call to
 * call (the routine, sizes, layouts) and `args` what may change (the buffers' addresses).
 */
export interface LibraryLaunch {
  library: string;
  shape: string;
  args: string;
  queue(): void;
}

export type LaunchRecord = KernelLaunch | LibraryLaunch;

/** Queues a collected launch as it would have been queued without a collector. */
export function queueLaunch(l: LaunchRecord): void {
  if ('queue' in l) l.queue();
  else l.kernel.launch(l.grid, l.block, l.types, l.args, l.sharedBytes);
}

export class CudaKernel {
  readonly module: CudaModule;
  readonly name: string;
  readonly handle: Handle;
  #attributes: NativeFunctionAttributes | undefined;

  constructor(module: CudaModule, name: string, handle: Handle) {
    this.module = module;
    this.name = name;
    this.handle = handle;
  }

  /** Registers, local (spill) and shared bytes, max threads per block. */
  get attributes(): NativeFunctionAttributes {
    this.#attributes ??= this.module.device.addon.functionAttributes(this.handle);
    return this.#attributes;
  }

  /**
   * Queues the kernel on the device's stream. `types` has one letter per argument
   * (p pointer, i int32, I uint32, l int64, L uint64, f float32, d float64).
   */
  launch(grid: Dim3, block: Dim3, types: string, args: ReadonlyArray<number | bigint>, sharedBytes = 0): void {
    const device = this.module.device;
    if (device.launchSink) {
      device.launchSink({ kernel: this, grid: dim3(grid), block: dim3(block), sharedBytes, types, args: [...args] });
      return;
    }
    const [gx, gy, gz] = dim3(grid);
    const [bx, by, bz] = dim3(block);
    device.addon.launch(this.handle, gx, gy, gz, bx, by, bz, sharedBytes, device.stream, args.length, packLaunchArgs(types, args));
  }
}

export class CudaModule {
  readonly device: CudaDevice;
  #handle: Handle | undefined;
  readonly #kernels = new Map<string, CudaKernel>();

  constructor(device: CudaDevice, image: Uint8Array) {
    this.device = device;
    device.makeCurrent();
    this.#handle = device.addon.moduleLoad(image);
  }

  kernel(name: string): CudaKernel {
    if (this.#handle === undefined) throw new CupytsError('ERR_DISPOSED', 'CudaModule: used after dispose()');
    let k = this.#kernels.get(name);
    if (!k) {
      k = new CudaKernel(this, name, this.device.addon.moduleGetFunction(this.#handle, name));
      this.#kernels.set(name, k);
    }
    return k;
  }

  dispose(): void {
    if (this.#handle === undefined) return;
    this.device.synchronize();
    this.device.addon.moduleUnload(this.#handle);
    this.#handle = undefined;
    this.#kernels.clear();
  }
}

export type { ArgTypeCode };
