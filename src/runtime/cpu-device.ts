// The CPU backend's runtime: host buffers, and "kernels" that are generated JavaScript functions.
// It mirrors the CUDA runtime's shape so that the same fused IR runs where there is no GPU.
import { CupytsError } from '../ir/errors.js';
import { BufferPool } from './buffer-pool.js';
import { collect, droppedRegistry, runDropped } from './collector.js';
import { cpuThreadSettings, CpuThreadPool } from './cpu-pool.js';
import { MemoryCounter, type MemoryStats } from './memory-stats.js';
import type { HostMemory } from './native.js';
import { WasmHeap, type WasmMemory } from './wasm-heap.js';

function bytesOf(view: HostMemory): Uint8Array {
  return view instanceof ArrayBuffer ? new Uint8Array(view) : new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

// The memory itself is collected with the buffer; this keeps the byte counts right (and gives a
// heap block back) when a buffer is dropped without dispose(). Its callbacks run at allocations
// too (./collector.ts), so that a synchronous loop does not pile up collected entries on the heap.
interface Held {
  device: CpuDevice;
  bytes: number;
  /** The block's address in the device's WasmHeap, or -1 (memory of its own). */
  heapAt: number;
}
const dropped = droppedRegistry<Held>((d) => d.device.release(d.bytes, undefined, d.heapAt));

/**
 * A CPU array's memory: a block of the device's WasmHeap (./wasm-heap.ts), where the generated
 * WebAssembly kernels use it in place, or an ArrayBuffer (or SharedArrayBuffer) of its own. Read
 * it through `buffer`, `byteOffset` and `bytes` (a view over the whole buffer would reach other
 * arrays' memory in the heap).
 */
export class CpuBuffer {
  readonly device: CpuDevice;
  readonly bytes: number;
  /** Memory of its own (undefined in the heap, or once disposed). */
  #data: ArrayBuffer | SharedArrayBuffer | undefined;
  readonly #held: Held;
  #disposed = false;
  /** The memory is also the caller's (CpuDevice.wrap, share()): never zeroed, never pooled. */
  #shared = false;

  /**
   * Use CpuDevice.alloc() or wrap(). `memory`: a heap block's address, a freed buffer of `bytes`
   * to zero and take over, or with `shared`, memory the caller holds, taken as it is.
   */
  constructor(device: CpuDevice, bytes: number, memory?: ArrayBuffer | SharedArrayBuffer | { heapAt: number }, shared = false, threadShared = false, zeroed = true) {
    this.device = device;
    this.bytes = bytes;
    let heapAt = -1;
    if (memory && 'heapAt' in memory) {
      heapAt = memory.heapAt;
    } else {
      if (memory && !shared && zeroed) new Uint8Array(memory).fill(0); // zeroed, as a new ArrayBuffer is
      this.#data = memory ?? ownMemory(bytes, threadShared);
    }
    this.#shared = shared;
    this.#held = { device, bytes, heapAt };
    dropped.register(this, this.#held, this);
  }

  /** Whether the memory is a block of the device's heap. */
  get inHeap(): boolean {
    return this.#held.heapAt >= 0;
  }

  /**
   * The memory, handed out to the caller: from now on it is never pooled for reuse. A heap block
   * moves out to memory of its own first (a copy), so that the heap never reuses memory the caller
   * still sees.
   */
  share(): ArrayBuffer | SharedArrayBuffer {
    this.#check();
    if (this.inHeap) {
      const own = ownMemory(this.bytes, threadSharedByDefault(this.bytes));
      new Uint8Array(own).set(this.view());
      this.device.freeHeapBlock(this.#held.heapAt, this.bytes);
      this.#held.heapAt = -1;
      this.#data = own;
    }
    this.#shared = true;
    return this.#data!;
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  #check(): void {
    if (this.#disposed) throw new CupytsError('ERR_DISPOSED', 'CpuBuffer: used after dispose()');
  }

  /** The buffer the memory is in (the heap's, or its own); throws once disposed. */
  get buffer(): ArrayBuffer | SharedArrayBuffer {
    this.#check();
    return this.#data ?? this.device.heapBuffer();
  }

  /** Where the memory starts in `buffer`. */
  get byteOffset(): number {
    return this.#held.heapAt >= 0 ? this.#held.heapAt : 0;
  }

  /** The memory's bytes (from `byteOffset` on, `byteLength` of them; all of them by default). */
  view(byteOffset = 0, byteLength = this.bytes - byteOffset): Uint8Array {
    return new Uint8Array(this.buffer, this.byteOffset + byteOffset, byteLength);
  }

  /** Whether the memory is also the caller's (wrap(), share()): its contents may not move (exchange). */
  get shared(): boolean {
    return this.#shared;
  }

  /**
   * Exchanges the memory of two live buffers of the same size, neither shared with the caller:
   * each now holds what the other held (a write by renaming: src/api/assign-rename.ts).
   */
  exchange(other: CpuBuffer): void {
    if (this.#disposed || other.#disposed || this.#shared || other.#shared || other.bytes !== this.bytes || other.device !== this.device) {
      throw new CupytsError('ERR_INTERNAL', 'CpuBuffer.exchange: expected two live buffers of one size on one device, not shared');
    }
    [this.#data, other.#data] = [other.#data, this.#data];
    [this.#held.heapAt, other.#held.heapAt] = [other.#held.heapAt, this.#held.heapAt];
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    const data = this.#data;
    this.#data = undefined;
    dropped.unregister(this);
    this.device.release(this.bytes, this.#shared ? undefined : data, this.#held.heapAt);
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  write(src: HostMemory, byteOffset = 0): void {
    const s = bytesOf(src);
    if (byteOffset + s.length > this.bytes) {
      throw new CupytsError('ERR_ARG', `CpuBuffer.write: expected at most ${this.bytes - byteOffset} bytes, got ${s.length}`);
    }
    this.view(byteOffset, s.length).set(s);
  }

  read(dst: HostMemory, byteOffset = 0): void {
    const d = bytesOf(dst);
    if (byteOffset + d.length > this.bytes) {
      throw new CupytsError('ERR_ARG', `CpuBuffer.read: expected at most ${this.bytes - byteOffset} bytes, got ${d.length}`);
    }
    d.set(this.view(byteOffset, d.length));
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

  /** `heap`: what a kernel's WebAssembly needs of the device's heap, as $cupytsHeap (see CpuHeapAccess). */
  constructor(name: string, source: string, heap?: CpuHeapAccess) {
    this.name = name;
    this.source = source;
    try {
      this.fn = new Function('$cupytsHeap', `"use strict"; return ${source};`)(heap) as (...args: unknown[]) => void;
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

/**
 * What a generated kernel sees of its device's heap (as `$cupytsHeap`; undefined in a worker
 * thread): the memory its WebAssembly instances import, and the heap address of a typed array
 * (-1 where the array is not in that memory: the kernel then copies chunks into a memory of its own).
 */
export interface CpuHeapAccess {
  readonly memory: WasmMemory | undefined;
  address(view: ArrayBufferView): number;
  /**
   * The address of a heap block of `bytes` or more that a kernel may use until it returns (one
   * per device, kept and grown), or -1 where the heap has no room.
   */
  scratch(bytes: number): number;
}

/** A device's CpuHeapAccess over whatever heap it has now (`heap()`; none before the first block, or after a release). */
function heapAccess(heap: () => WasmHeap | undefined, scratch: (bytes: number) => number): CpuHeapAccess {
  return {
    get memory() {
      return heap()?.memory;
    },
    address: (view) => heap()?.address(view) ?? -1,
    scratch,
  };
}

/**
 * Buffers from this size on (up to HEAP_MAX_BLOCK_BYTES) are heap blocks (smaller ones: the
 * pools). A statistic of a few dozen columns is read by the next kernel in place only where it is
 * in the heap: with 1 KiB here, standardize along axis 0 of 16384 x 64 float32 copied its 256-byte
 * mean into a module per row and ran its epilogue in JS (5.8 ms; 1.5 from 64 bytes on).
 */
export const HEAP_MIN_BYTES = 64;
const HEAP_MAX_BLOCK_BYTES = 1 << 30;
/**
 * The heap grows past this many bytes only after a collection (then past twice what is in use).
 * Two costs meet here for a loop that drops its results without dispose(): a forced collection
 * takes about 13 ms whatever it frees (V8's heap is about 15 MB with the library loaded), and each
 * new byte of heap is slow the first time it is written (here: `x.add(1)` of 2^20 float32 took 12 ms
 * a call while the heap grew, 0.25 once it reused blocks). 512 MiB made calls 300 and on of such a
 * loop 3.5x faster, but its first 128 calls 48x slower (150 calls: 1.56 s against 0.35).
 */
const HEAP_COLLECT_MIN_BYTES = 64 << 20;

/** Buffers of up to 64 MiB, 256 MiB in all (the collector's limit checks drain it: alloc()). */
const CPU_POOL_LIMITS = { maxBufferBytes: 64 << 20, maxBytes: 256 << 20 };

/**
 * Buffers from this size on are SharedArrayBuffers, which the worker threads can write
 * (./cpu-pool.ts); smaller ones are plain ArrayBuffers (cheaper to make, and what a caller of
 * toTypedArray expects of a small array).
 */
export const THREAD_SHARED_MIN_BYTES = 64 << 10;

/** Whether memory of `bytes` outside the heap is a SharedArrayBuffer when the caller does not say. */
const threadSharedByDefault = (bytes: number) => bytes >= THREAD_SHARED_MIN_BYTES && cpuThreadSettings.threads > 1;

/** New memory of `bytes` outside the heap: a SharedArrayBuffer where threads write it, else an ArrayBuffer. */
const ownMemory = (bytes: number, threadShared: boolean) => (threadShared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));

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
  /** Array memory the WebAssembly kernels use in place (made at the first allocation that fits). */
  #heap: WasmHeap | undefined;
  #heapCollectAt = HEAP_COLLECT_MIN_BYTES;
  /** The heap's scratch block for kernels (CpuHeapAccess.scratch): its address and size, or -1. */
  #scratch = { at: -1, bytes: 0 };
  readonly #heapAccess: CpuHeapAccess = heapAccess(() => this.#heap, (bytes) => this.#heapScratch(bytes));

  #heapScratch(bytes: number): number {
    const heap = this.#heap;
    if (!heap) return -1;
    if (this.#scratch.bytes >= bytes) return this.#scratch.at;
    this.#dropScratch();
    const size = Math.max(bytes, 64 << 10);
    const at = heap.alloc(size, false);
    if (at === undefined) return -1;
    this.#scratch = { at, bytes: size };
    return at;
  }

  /**
   * The scratch block, grown to `bytes` or more first where the heap has room: what a call split
   * over threads passes its workers (./cpu-pool.ts), whose kernels' scratch() answers with it.
   */
  scratchBlock(bytes: number): { at: number; bytes: number } {
    this.#heapScratch(bytes);
    return { ...this.#scratch };
  }

  #dropScratch(): void {
    if (this.#scratch.at >= 0) this.#heap!.free(this.#scratch.at, this.#scratch.bytes);
    this.#scratch = { at: -1, bytes: 0 };
  }
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
  alloc(bytes: number, threadShared = threadSharedByDefault(bytes), zeroed = true): CpuBuffer {
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
    const heapAt = bytes >= HEAP_MIN_BYTES && bytes <= HEAP_MAX_BLOCK_BYTES ? this.#heapBlock(bytes, zeroed) : undefined;
    const buffer = heapAt !== undefined ? new CpuBuffer(this, bytes, { heapAt }) : this.#ownBuffer(bytes, threadShared, zeroed);
    this.#memory.allocated(bytes);
    return buffer;
  }

  /** A buffer with memory of its own (not a heap block): a freed one of the right kind reused, or a new one. */
  #ownBuffer(bytes: number, threadShared: boolean, zeroed: boolean): CpuBuffer {
    try {
      const pool = threadShared ? this.#sharedPool : this.#pool;
      const reuse = pool.take(bytes);
      if (threadShared && !reuse) this.#noteNewShared(bytes);
      return new CpuBuffer(this, bytes, reuse, false, threadShared, zeroed);
    } catch (err) {
      throw new CupytsError('ERR_OUT_OF_MEMORY', `alloc: out of host memory: asked for ${bytes} bytes, ${this.#memory.bytesInUse} in use`, { cause: err });
    }
  }

  /**
   * A heap block's address, or undefined (no WebAssembly, or the heap at its maximum). Before the
   * heap grows past a mark, garbage is collected, so that arrays dropped without dispose() give
   * their blocks back first (V8 does not count the heap's growth as memory pressure).
   */
  #heapBlock(bytes: number, zeroed: boolean): number | undefined {
    if (this.#heap === undefined) {
      if ((globalThis as { WebAssembly?: unknown }).WebAssembly === undefined) return undefined;
      try {
        this.#heap = new WasmHeap();
      } catch {
        return undefined; // no shared WebAssembly memory here: buffers of their own
      }
    }
    const heap = this.#heap;
    let at = heap.alloc(bytes, zeroed, false);
    if (at === undefined && heap.size + bytes > this.#heapCollectAt) {
      collect();
      at = heap.alloc(bytes, zeroed, false);
      this.#heapCollectAt = Math.max(HEAP_COLLECT_MIN_BYTES, 2 * (heap.usedBytes + bytes));
    }
    return at ?? heap.alloc(bytes, zeroed, true);
  }

  /** The heap's memory (undefined before the first heap block). */
  get heapMemory(): WasmMemory | undefined {
    return this.#heap?.memory;
  }

  /** The heap's buffer (CpuBuffer.buffer of a heap block). */
  heapBuffer(): SharedArrayBuffer {
    return this.#heap!.buffer;
  }

  /** Gives a heap block back (CpuBuffer.share() moving its memory out). */
  freeHeapBlock(at: number, bytes: number): void {
    this.#heap!.free(at, bytes);
  }

  /** A buffer over memory the caller holds (cp.fromTypedArray): not copied, never pooled. */
  wrap(memory: ArrayBuffer): CpuBuffer {
    this.#memory.allocated(memory.byteLength);
    return new CpuBuffer(this, memory.byteLength, memory, true);
  }

  /** Called by CpuBuffer when it is disposed (with its memory, kept for reuse) or collected. */
  release(bytes: number, data?: ArrayBuffer | SharedArrayBuffer, heapAt = -1): void {
    this.#memory.freed(bytes);
    if (heapAt >= 0) this.#heap!.free(heapAt, bytes);
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
      k = new CpuKernel(name, source, this.#heapAccess);
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

  /** Bytes of freed buffers kept for reuse (the heap's memory not in blocks included). */
  get keptBytes(): number {
    const heap = this.#heap ? this.#heap.size - this.#heap.usedBytes : 0;
    return this.#pool.bytes + this.#sharedPool.bytes + heap;
  }

  /** Freed buffers kept for reuse (the heap's free blocks included). */
  get keptBuffers(): number {
    return this.#pool.count + this.#sharedPool.count + (this.#heap?.freeBlocks ?? 0);
  }

  /** Drops the buffers kept for reuse, and the heap where no block is in use (the garbage collector frees them). */
  releaseKeptBuffers(): void {
    this.#pool.drain();
    this.#sharedPool.drain();
    if (this.#heap) this.#dropScratch();
    if (this.#heap && this.#heap.usedBytes === 0) {
      this.#heap = undefined;
      this.#heapCollectAt = HEAP_COLLECT_MIN_BYTES;
    }
  }

  resetPeakMemory(): void {
    this.#memory.resetPeak();
  }

  synchronize(): void {}

  async synchronizeAsync(): Promise<void> {}
}
