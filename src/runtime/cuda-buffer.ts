// Device memory owned by JS: freed by dispose() (or `using`), and by a FinalizationRegistry
// safety net if the buffer is dropped without it (run at allocations too: ./collector.ts).
// Taking its address (`ptr`, `readPtr`) marks a use on the current stream, ordered after the
// uses on other streams it depends on (./cuda-stream.ts).
import { CupytsError } from '../ir/errors.js';
import { droppedRegistry } from './collector.js';
import type { CudaDevice } from './cuda-device.js';
import type { CudaStream, StreamUse } from './cuda-stream.js';
import { copyThreads, PinnedPool } from './pinned-pool.js';
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
  #use: StreamUse;

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

  /**
   * Exchanges the memory (and its stream history) of two live buffers of the same size: each now
   * holds what the other held. A write by renaming (src/api/assign-rename.ts) computes an array's
   * new contents into a fresh buffer and moves them under the array's own buffer object, so every
   * view of it sees them, while the old contents go on in `other` as the copy-on-write snapshot.
   */
  exchange(other: CudaBuffer): void {
    if (this.#disposed || other.#disposed || other.bytes !== this.bytes || other.device !== this.device) {
      throw new CupytsError('ERR_INTERNAL', 'CudaBuffer.exchange: expected two live buffers of one size on one device');
    }
    [this.#ptr, other.#ptr] = [other.#ptr, this.#ptr];
    [this.#use, other.#use] = [other.#use, this.#use];
    for (const b of [this, other]) {
      leaked.unregister(b);
      leaked.register(b, { device: b.device, ptr: b.#ptr, bytes: b.bytes, use: b.#use }, b);
    }
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

  /**
   * Copies host memory to the device, queued on the current stream; `src` may change once it
   * returns. It returns at once, the data staged in pinned memory (./pinned-pool.ts); where no
   * pinned block is to be had (pinned memory off or at its cap), once the data is on the device.
   */
  write(src: HostMemory, byteOffset = 0): void {
    this.#checkSize('CudaBuffer.write', src, byteOffset);
    const { addon, pinned } = this.device;
    const n = byteLength(src);
    const block = PinnedPool.stagesUpload(n) ? pinned.take(n) : undefined;
    if (!block) {
      addon.memcpyHtoD(this.ptr + byteOffset, src, this.device.stream);
      return;
    }
    const stream = this.device.stream;
    addon.hostWrite(block.ptr, src, copyThreads(n));
    addon.memcpyHtoDQueued(this.ptr + byteOffset, block.ptr, n, stream);
    pinned.giveAfter(block, stream);
  }

  /** Waits for the work queued on the current stream, then copies into host memory. */
  read(dst: HostMemory, byteOffset = 0): void {
    this.#checkSize('CudaBuffer.read', dst, byteOffset);
    const { addon, pinned } = this.device;
    const n = byteLength(dst);
    const block = PinnedPool.stages(n) ? pinned.take(n) : undefined;
    if (!block) {
      addon.memcpyDtoH(dst, this.readPtr + byteOffset, this.device.stream);
      return;
    }
    try {
      const stream = this.device.stream;
      addon.memcpyDtoHQueued(block.ptr, this.readPtr + byteOffset, n, stream);
      addon.streamSynchronize(stream);
      addon.hostRead(dst, block.ptr, copyThreads(n));
    } finally {
      pinned.give(block);
    }
  }

  /** As write(), without blocking the event loop. Keep `src` unchanged until the promise settles. */
  writeAsync(src: HostMemory, byteOffset = 0): Promise<void> {
    this.#checkSize('CudaBuffer.writeAsync', src, byteOffset);
    return this.device.addon.memcpyHtoDAsync(this.ptr + byteOffset, src, this.device.stream);
  }

  /**
   * As read(), without blocking the event loop and without a thread waiting: the copy into pinned
   * memory is queued on the current stream at once (so a dispose() meanwhile cannot free the data
   * before it), a host function queued after it resolves the wait (CudaStream.doneAsync), then
   * the data moves to `dst`. Where no pinned block is to be had, the wait and copy run on a
   * worker thread instead.
   */
  async readAsync(dst: HostMemory, byteOffset = 0): Promise<void> {
    this.#checkSize('CudaBuffer.readAsync', dst, byteOffset);
    const { addon, pinned } = this.device;
    const n = byteLength(dst);
    const block = n > 0 ? pinned.take(n) : undefined;
    const stream = this.device.currentStream;
    if (!block) return addon.memcpyDtoHAsync(dst, this.readPtr + byteOffset, stream.handle);
    try {
      addon.memcpyDtoHQueued(block.ptr, this.readPtr + byteOffset, n, stream.handle);
      await stream.doneAsync();
      addon.hostRead(dst, block.ptr, copyThreads(n));
    } finally {
      pinned.give(block);
    }
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
