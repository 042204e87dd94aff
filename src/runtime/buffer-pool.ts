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

/**
 * A CUDA device's limits: `keep` bytes in all (CUPYTS_KEEP_BYTES, else a 32nd of the device's
 * memory, at most 4 GiB), a buffer at most a quarter of that. Large buffers are worth keeping
 * too: a sort's scratch (four arrays of its size) or a result the next step makes again cost a
 * cuMemAllocAsync each otherwise, and where several are taken at once that cost the host tens of
 * microseconds a buffer (the top-k gallery program: 0.7 ms a run on an H100). The memory is not
 * lost to other work: the driver's pool never returns freed memory to the system (its release
 * threshold is "never", native/driver.cc), and an allocation that finds the device full frees
 * the kept buffers before it fails.
 */
export function devicePoolLimits(totalMemory: number, env: Record<string, string | undefined> = {}): PoolLimits {
  const asked = Number(env.CUPYTS_KEEP_BYTES);
  const keep = env.CUPYTS_KEEP_BYTES && Number.isSafeInteger(asked) && asked >= 0
    ? asked
    : Math.min(4 * 2 ** 30, Math.max(DEFAULT_POOL_LIMITS.maxBytes, totalMemory > 0 ? Math.floor(totalMemory / 32) : 0));
  return { maxBufferBytes: Math.max(Math.min(DEFAULT_POOL_LIMITS.maxBufferBytes, keep), Math.floor(keep / 4)), maxBytes: keep };
}

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
