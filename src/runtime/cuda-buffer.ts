// Device memory owned by JS: freed by dispose() (or `using`), and by a FinalizationRegistry
// safety net if the buffer is dropped without it (run at allocations too: ./collector.ts).
// Taking its address (`ptr`, `readPtr`) marks a use on the current stream, ordered after the
// uses on other streams it depends on (./cuda-stream.ts).
import { CupytsError } from '../ir/errors.js';
import { droppedRegistry } from './collector.js';
import type { CudaDevice } from './cuda-device.js';
import type { CudaStream, StreamUse } from './cuda-stream.js';
import type { DevicePtr, HostMemory } from './native.js';

interface Allocation {
  device: CudaDevice;
  ptr: DevicePtr;
  bytes: number;
  use: StreamUse;
}

const leaked = droppedRegistry<Allocation>((a) => a.device.release(a.ptr, a.bytes, a.use));

function byteLength(view: HostMemory): number {
  return view.byteLength;
}

export class CudaBuffer {
  readonly device: CudaDevice;
  readonly bytes: number;
  #ptr: DevicePtr;
  #disposed = false;
  /** The streams that used it (./cuda-stream.ts). */
  readonly #use: StreamUse;

  /** Use CudaDevice.alloc(); this constructor only wraps memory already allocated on `use.writer`. */
  constructor(device: CudaDevice, ptr: DevicePtr, bytes: number, use: StreamUse) {
    this.device = device;
    this.bytes = bytes;
    this.#ptr = ptr;
    this.#use = use;
    leaked.register(this, { device, ptr, bytes, use }, this);
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /** The device address, for work on the current stream that may write it; throws once the buffer is disposed. */
  get ptr(): DevicePtr {
    if (this.#disposed) throw new CupytsError('ERR_DISPOSED', 'CudaBuffer: used after dispose()');
    this.#use.use(this.device.currentStream, true);
    return this.#ptr;
  }

  /** The device address, for work on the current stream that only reads it. */
  get readPtr(): DevicePtr {
    if (this.#disposed) throw new CupytsError('ERR_DISPOSED', 'CudaBuffer: used after dispose()');
    this.#use.use(this.device.currentStream, false);
    return this.#ptr;
  }

  /** The stream that last wrote it. */
  get stream(): CudaStream {
    return this.#use.writer;
  }

  /** Frees the memory (stream-ordered: work already queued that reads it still completes). */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    leaked.unregister(this);
    this.device.release(this.#ptr, this.bytes, this.#use);
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  #checkSize(op: string, view: HostMemory, offset: number): void {
    const n = byteLength(view);
    if (offset < 0 || offset + n > this.bytes) {
      throw new CupytsError('ERR_ARG', `${op}: expected at most ${this.bytes - offset} bytes, got ${n}`);
    }
  }

  /** Copies host memory to the device and returns when it is there. */
  write(src: HostMemory, byteOffset = 0): void {
    this.#checkSize('CudaBuffer.write', src, byteOffset);
    this.device.addon.memcpyHtoD(this.ptr + byteOffset, src, this.device.stream);
  }

  /** Waits for queued work on the device's stream, then copies into host memory. */
  read(dst: HostMemory, byteOffset = 0): void {
    this.#checkSize('CudaBuffer.read', dst, byteOffset);
    this.device.addon.memcpyDtoH(dst, this.readPtr + byteOffset, this.device.stream);
  }

  /** As write(), without blocking the event loop. Keep `src` unchanged until the promise settles. */
  writeAsync(src: HostMemory, byteOffset = 0): Promise<void> {
    this.#checkSize('CudaBuffer.writeAsync', src, byteOffset);
    return this.device.addon.memcpyHtoDAsync(this.ptr + byteOffset, src, this.device.stream);
  }

  /** As read(), without blocking the event loop: the wait and copy run on a worker thread. */
  readAsync(dst: HostMemory, byteOffset = 0): Promise<void> {
    this.#checkSize('CudaBuffer.readAsync', dst, byteOffset);
    return this.device.addon.memcpyDtoHAsync(dst, this.readPtr + byteOffset, this.device.stream);
  }

  /** Stream-ordered device-to-device copy of `bytes` from `src`. */
  copyFrom(src: CudaBuffer, bytes = Math.min(src.bytes, this.bytes)): void {
    if (bytes > src.bytes || bytes > this.bytes) {
      throw new CupytsError('ERR_ARG', `CudaBuffer.copyFrom: expected at most ${Math.min(src.bytes, this.bytes)} bytes, got ${bytes}`);
    }
    this.device.addon.memcpyDtoD(this.ptr, src.readPtr, bytes, this.device.stream);
  }

  /** Stream-ordered fill of every byte with `value` (0..255). */
  fillBytes(value: number): void {
    this.device.addon.memsetD8(this.ptr, value & 0xff, this.bytes, this.device.stream);
  }
}
