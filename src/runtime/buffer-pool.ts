// Freed small buffers, kept by size for the next allocation of that size. Evaluating a small
// array allocates its result and frees it again soon after. On a CUDA device that is a
// cuMemAllocAsync and a cuMemFreeAsync, each a native call and a driver lock, at every evaluation;
// on the CPU a new zeroed ArrayBuffer (about 2 us for 4 KiB, and GC work). Taking a buffer back
// from here costs neither.
//
// On a CUDA device reuse keeps stream order: only buffers freed on the device's own stream are
// kept, after waits for any other stream that used them (src/runtime/cuda-stream.ts), and they are
// handed out on that stream only, so work queued on a buffer before it was freed runs before work
// queued after it was taken again, which is what cuMemFreeAsync guarantees too.
import type { DevicePtr } from './native.js';

export interface PoolLimits {
  /** Only buffers of at most this many bytes are kept. */
  maxBufferBytes: number;
  /** Bytes kept in all. */
  maxBytes: number;
}

/** Small buffers (up to 1 MiB, the launch-bound sizes) and 32 MiB in all: a guess, not a measurement. */
export const DEFAULT_POOL_LIMITS: PoolLimits = { maxBufferBytes: 1 << 20, maxBytes: 32 << 20 };

/** Kept buffers (device addresses, or the CPU's ArrayBuffers) by size in bytes. */
export class BufferPool<T = DevicePtr> {
  readonly #free = new Map<number, T[]>();
  readonly #limits: PoolLimits;
  #bytes = 0;

  constructor(limits: PoolLimits = DEFAULT_POOL_LIMITS) {
    this.#limits = limits;
  }

  /** Bytes kept now. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Buffers kept now. */
  get count(): number {
    let n = 0;
    for (const list of this.#free.values()) n += list.length;
    return n;
  }

  /** A kept buffer of exactly `bytes`, or undefined. */
  take(bytes: number): T | undefined {
    const ptr = this.#free.get(bytes)?.pop();
    if (ptr !== undefined) this.#bytes -= bytes;
    return ptr;
  }

  /** Keeps a freed buffer; false where it is too big or the pool is full (the caller frees it). */
  give(buffer: T, bytes: number): boolean {
    if (bytes > this.#limits.maxBufferBytes || this.#bytes + bytes > this.#limits.maxBytes) return false;
    let list = this.#free.get(bytes);
    if (!list) this.#free.set(bytes, (list = []));
    list.push(buffer);
    this.#bytes += bytes;
    return true;
  }

  /** Empties the pool, returning what it kept (for the caller to free). */
  drain(): T[] {
    const all = [...this.#free.values()].flat();
    this.#free.clear();
    this.#bytes = 0;
    return all;
  }
}
