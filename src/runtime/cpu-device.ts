// The CPU backend's runtime: host buffers, and "kernels" that are generated JavaScript functions.
// It mirrors the CUDA runtime's shape so that the same fused IR runs where there is no GPU.
import { CupytsError } from '../ir/errors.js';
import { BufferPool } from './buffer-pool.js';
import { collect, droppedRegistry, runDropped } from './collector.js';
import { cpuThreadSettings, CpuThreadPool } from './cpu-pool.js';
import { MemoryCounter, type MemoryStats } from './memory-stats.js';
import type { HostMemory } from './native.js';

function bytesOf(view: HostMemory): Uint8Array {
  return view instanceof ArrayBuffer ? new Uint8Array(view) : new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

// The memory itself is collected with the buffer; this keeps the byte counts right when a buffer
// is dropped without dispose(). Its callbacks run at allocations too (./collector.ts), so that a
// synchronous loop does not pile up collected entries on the heap.
const dropped = droppedRegistry<{ device: CpuDevice; bytes: number }>((d) => d.device.release(d.bytes));

export class CpuBuffer {
  readonly device: CpuDevice;
  readonly bytes: number;
  #data: ArrayBuffer | SharedArrayBuffer | undefined;
  /** The memory is also the caller's (CpuDevice.wrap, share()): never zeroed, never pooled. */
  #shared = false;

  /**
   * Use CpuDevice.alloc() or wrap(); `reuse` is a freed buffer of `bytes` to zero and take over,
   * or with `shared`, memory the caller holds, taken as it is.
   */
  constructor(device: CpuDevice, bytes: number, reuse?: ArrayBuffer | SharedArrayBuffer, shared = false, threadShared = false, zeroed = true) {
    this.device = device;
    this.bytes = bytes;
    if (reuse && !shared && zeroed) new Uint8Array(reuse).fill(0); // zeroed, as a new ArrayBuffer is
    this.#data = reuse ?? (threadShared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
    this.#shared = shared;
    dropped.register(this, { device, bytes }, this);
  }

  /** The backing memory, handed out to the caller: from now on it is never pooled for reuse. */
  share(): ArrayBuffer | SharedArrayBuffer {
    this.#shared = true;
    return this.data;
  }

  get disposed(): boolean {
    return this.#data === undefined;
  }

  /** The backing memory; throws once disposed. */
  get data(): ArrayBuffer | SharedArrayBuffer {
    if (!this.#data) throw new CupytsError('ERR_DISPOSED', 'CpuBuffer: used after dispose()');
    return this.#data;
  }

  dispose(): void {
    const data = this.#data;
    if (!data) return;
    this.#data = undefined;
    dropped.unregister(this);
    this.device.release(this.bytes, this.#shared ? undefined : data);
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  write(src: HostMemory, byteOffset = 0): void {
    const s = bytesOf(src);
    if (byteOffset + s.length > this.bytes) {
      throw new CupytsError('ERR_ARG', `CpuBuffer.write: expected at most ${this.bytes - byteOffset} bytes, got ${s.length}`);
    }
    new Uint8Array(this.data, byteOffset, s.length).set(s);
  }

  read(dst: HostMemory, byteOffset = 0): void {
    const d = bytesOf(dst);
    if (byteOffset + d.length > this.bytes) {
      throw new CupytsError('ERR_ARG', `CpuBuffer.read: expected at most ${this.bytes - byteOffset} bytes, got ${d.length}`);
    }
    d.set(new Uint8Array(this.data, byteOffset, d.length));
  }

  async writeAsync(src: HostMemory, byteOffset = 0): Promise<void> {
    this.write(src, byteOffset);
  }

  async readAsync(dst: HostMemory, byteOffset = 0): Promise<void> {
    this.read(dst, byteOffset);
  }
}

/** A compiled JS kernel: `source` is a function expression, `(function name(...args) { ... })`. */
export class CpuKernel {
  readonly name: string;
  readonly source: string;
  readonly fn: (...args: unknown[]) => void;

  constructor(name: string, source: string) {
    this.name = name;
    this.source = source;
    try {
      this.fn = new Function(`"use strict"; return ${source};`)() as (...args: unknown[]) => void;
    } catch (err) {
      throw new CupytsError('ERR_JS_COMPILE', `cpu: compiling ${name} failed: ${(err as Error).message}\n--- source ---\n${source}`, { cause: err });
    }
    if (typeof this.fn !== 'function') {
      throw new CupytsError('ERR_JS_COMPILE', `cpu: expected ${name}'s source to be a function expression`);
    }
  }

  run(...args: unknown[]): void {
    this.fn(...args);
  }
}

/** Buffers of up to 64 MiB, 256 MiB in all (the collector's limit checks drain it: alloc()). */
const CPU_POOL_LIMITS = { maxBufferBytes: 64 << 20, maxBytes: 256 << 20 };

/**
 * Buffers from this size on are SharedArrayBuffers, which the worker threads can write
 * (./cpu-pool.ts); smaller ones are plain ArrayBuffers (cheaper to make, and what a caller of
 * toTypedArray expects of a small array).
 */
export const THREAD_SHARED_MIN_BYTES = 64 << 10;

/** New SharedArrayBuffer bytes between the collections CpuDevice makes itself (a guess: a few large results). */
const SHARED_COLLECT_BYTES = 256 << 20;

const isThreadShared = (b: ArrayBufferLike): b is SharedArrayBuffer => typeof SharedArrayBuffer !== 'undefined' && b instanceof SharedArrayBuffer;
export { isThreadShared };

export class CpuDevice {
  readonly #memory = new MemoryCounter();
  /**
   * Freed buffers, reused before making new ones (./buffer-pool.ts). Large ones too, unlike a
   * device's: a new large ArrayBuffer is fresh pages from the OS, and their first touch measured
   * 8 -> 55 ms for a 16 MiB result on a 2-core VM, where a reused one is zeroed in about 1 ms.
   */
  readonly #pool = new BufferPool<ArrayBuffer>(CPU_POOL_LIMITS);
  /** Freed SharedArrayBuffers, apart (a thread-shared allocation takes only these). */
  readonly #sharedPool = new BufferPool<SharedArrayBuffer>(CPU_POOL_LIMITS);
  readonly #kernels = new Map<string, CpuKernel>();
  #threads: CpuThreadPool | undefined;
  /** Bytes of new SharedArrayBuffers made since the last collection (#noteNewShared). */
  #sharedSinceCollect = 0;

  /**
   * V8 does not count SharedArrayBuffers as memory pressure the way it counts ArrayBuffers, so a
   * loop that drops large results without dispose() would grow without bound (measured: 1.7 GB
   * for 400 results of 4 MiB): after SHARED_COLLECT_BYTES of new ones, collect garbage here.
   */
  #noteNewShared(bytes: number): void {
    this.#sharedSinceCollect += bytes;
    if (this.#sharedSinceCollect < SHARED_COLLECT_BYTES) return;
    this.#sharedSinceCollect = 0;
    collect();
  }

  /**
   * `threadShared`: memory the worker threads can write (a SharedArrayBuffer); by default buffers
   * of THREAD_SHARED_MIN_BYTES and more are, where more than one thread is set. `zeroed` false: for a kernel that writes every byte, a
   * reused buffer keeps its old contents (zeroing 16 MiB costs about 0.5 ms).
   */
  alloc(bytes: number, threadShared = bytes >= THREAD_SHARED_MIN_BYTES && cpuThreadSettings.threads > 1, zeroed = true): CpuBuffer {
    if (!Number.isSafeInteger(bytes) || bytes < 0) {
      throw new CupytsError('ERR_ARG', `alloc: expected a non-negative integer byte count, got ${bytes}`);
    }
    runDropped();
    if (this.#memory.overLimit(bytes)) {
      this.#pool.drain();
      this.#sharedPool.drain();
      collect();
      if (this.#memory.overLimit(bytes)) throw this.#memory.limitError('alloc', bytes, 0);
    }
    let buffer: CpuBuffer;
    try {
      const pool = threadShared ? this.#sharedPool : this.#pool;
      const reuse = pool.take(bytes);
      if (threadShared && !reuse) this.#noteNewShared(bytes);
      buffer = new CpuBuffer(this, bytes, reuse, false, threadShared, zeroed);
    } catch (err) {
      throw new CupytsError('ERR_OUT_OF_MEMORY', `alloc: out of host memory: asked for ${bytes} bytes, ${this.#memory.bytesInUse} in use`, { cause: err });
    }
    this.#memory.allocated(bytes);
    return buffer;
  }

  /** A buffer over memory the caller holds (cp.fromTypedArray): not copied, never pooled. */
  wrap(memory: ArrayBuffer): CpuBuffer {
    this.#memory.allocated(memory.byteLength);
    return new CpuBuffer(this, memory.byteLength, memory, true);
  }

  /** Called by CpuBuffer when it is disposed (with its memory, kept for reuse) or collected. */
  release(bytes: number, data?: ArrayBuffer | SharedArrayBuffer): void {
    this.#memory.freed(bytes);
    if (data && isThreadShared(data)) this.#sharedPool.give(data, bytes);
    else if (data) this.#pool.give(data as ArrayBuffer, bytes);
  }

  /**
   * The worker-thread pool for `threads` threads (the caller's included), started on first use;
   * undefined for one thread. A new count stops the old pool's workers.
   */
  threadPool(threads: number): CpuThreadPool | undefined {
    if (this.#threads && this.#threads.threads !== threads) {
      void this.#threads.close();
      this.#threads = undefined;
    }
    if (threads <= 1) return undefined;
    return (this.#threads ??= new CpuThreadPool(threads));
  }

  /** Compiles a JS kernel once per source (the CPU path's in-memory kernel cache). */
  compile(name: string, source: string): CpuKernel {
    let k = this.#kernels.get(source);
    if (!k) {
      k = new CpuKernel(name, source);
      this.#kernels.set(source, k);
    }
    return k;
  }

  memoryStats(): MemoryStats {
    return { ...this.#memory.snapshot(), poolReservedBytes: 0, poolUsedBytes: 0 };
  }

  /** The memory limit in bytes (0: none), and setting it. */
  get memoryLimit(): number {
    return this.#memory.limit;
  }
  set memoryLimit(bytes: number) {
    this.#memory.limit = bytes;
  }

  /** Bytes of freed buffers kept for reuse. */
  get keptBytes(): number {
    return this.#pool.bytes + this.#sharedPool.bytes;
  }

  /** Freed buffers kept for reuse. */
  get keptBuffers(): number {
    return this.#pool.count + this.#sharedPool.count;
  }

  /** Drops the buffers kept for reuse (the garbage collector frees them). */
  releaseKeptBuffers(): void {
    this.#pool.drain();
    this.#sharedPool.drain();
  }

  resetPeakMemory(): void {
    this.#memory.resetPeak();
  }

  synchronize(): void {}

  async synchronizeAsync(): Promise<void> {}
}
