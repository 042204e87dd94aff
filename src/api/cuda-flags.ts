// Error flags of CUDA kernels that check indices (./kernel-faults.ts). Each launch takes a block
// of int32 slots from a device slab, zeroed when it was made (stream-ordered, no wait); reading
// one block copies back every slot of its slab used so far, in one small copy queued after the
// launches that wrote them (a read of the data they concern has already waited for those).
import type { CudaBuffer } from '../runtime/cuda-buffer.js';
import type { CudaDevice } from '../runtime/cuda-device.js';
import type { FlagBlock } from './kernel-faults.js';

/** Slots per slab (4 KiB of device memory). */
const SLAB_SLOTS = 1024;

class Slab {
  readonly buffer: CudaBuffer;
  /** The slots as last copied back (those below `readUpTo` are final). */
  readonly values: Int32Array;
  used = 0;
  readUpTo = 0;
  /** No more blocks come from it: its memory goes once every used slot was read. */
  retired = false;
  #reading = 0;

  constructor(device: CudaDevice, readonly size: number) {
    this.values = new Int32Array(size);
    this.buffer = device.alloc(size * 4);
    this.buffer.fillBytes(0);
  }

  read(): void {
    const copy = new Int32Array(this.used);
    this.buffer.read(copy);
    this.#copied(copy);
  }

  async readAsync(): Promise<void> {
    const copy = new Int32Array(this.used);
    this.#reading++;
    try {
      await this.buffer.readAsync(copy);
    } finally {
      this.#reading--;
    }
    this.#copied(copy);
  }

  #copied(copy: Int32Array): void {
    this.values.set(copy);
    this.readUpTo = Math.max(this.readUpTo, copy.length);
    this.release();
  }

  /** Frees the device memory once nothing can need it (the values stay here). */
  release(): void {
    if (this.retired && this.readUpTo === this.used && this.#reading === 0 && !this.buffer.disposed) this.buffer.dispose();
  }
}

/** Hands out flag blocks for launches on one device. */
export class CudaFlags {
  readonly #device: CudaDevice;
  #slab: Slab | undefined;

  constructor(device: CudaDevice) {
    this.#device = device;
  }

  /** A zeroed block of `count` slots, and the device address of its first slot. */
  take(count: number): { block: FlagBlock; ptr: number } {
    if (!this.#slab || this.#slab.used + count > this.#slab.size) {
      if (this.#slab) {
        this.#slab.retired = true;
        this.#slab.release();
      }
      this.#slab = new Slab(this.#device, Math.max(SLAB_SLOTS, count));
    }
    const slab = this.#slab;
    const start = slab.used;
    slab.used += count;
    const known = () => (slab.readUpTo >= start + count ? slab.values.subarray(start, start + count) : undefined);
    const block: FlagBlock = {
      known,
      read: () => {
        if (!known()) slab.read();
        return known()!;
      },
      readAsync: async () => {
        if (!known()) await slab.readAsync();
        return known() ?? block.read();
      },
    };
    return { block, ptr: slab.buffer.ptr + start * 4 };
  }
}
