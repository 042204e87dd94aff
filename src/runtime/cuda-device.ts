// One CUDA device: its properties, its primary context and streams, its memory, and timing events.
import { CupytsError } from '../ir/errors.js';
import { BufferPool } from './buffer-pool.js';
import { collect, runDropped } from './collector.js';
import { CudaBuffer } from './cuda-buffer.js';
import { currentScope, CudaStream, StreamUse } from './cuda-stream.js';
import type { LaunchRecord, LibraryLaunch } from './cuda-module.js';
import { PinnedPool } from './pinned-pool.js';
import { loadDriver } from './cuda-libraries.js';
import { MemoryCounter, type MemoryStats } from './memory-stats.js';
import { native, type DevicePtr, type Handle, type NativeAddon, type NativeDeviceInfo } from './native.js';

export interface CudaDeviceInfo extends NativeDeviceInfo {
  ordinal: number;
  /** The architecture NVRTC compiles for, e.g. "sm_90". */
  arch: string;
  /** CUDA driver version as NVIDIA writes it, e.g. "13.0". */
  driverVersion: string;
}

function isOutOfMemory(err: unknown): boolean {
  return (err as { code?: string })?.code === 'CUDA_ERROR_OUT_OF_MEMORY';
}

/**
 * Once cupyts's buffers hold this share of the device's memory, an allocation first collects the
 * buffers dropped without dispose() (./collector.ts), which a synchronous loop never frees
 * otherwise. A guess, not a measurement: large, so that a full collection (milliseconds) is rare
 * against the work that fills it (on an H200, 4400 evaluations of a 4 MiB array).
 */
const COLLECT_SHARE = 1 / 8;

const CU_EVENT_DISABLE_TIMING = 2;

export class CudaDevice {
  readonly addon: NativeAddon;
  /**
   * Where set, kernel launches and library calls (libraryCall) are handed to it instead of queued
   * (a CUDA graph collects the launches of one replay: ./cuda-graph.ts); nothing else on the
   * device changes meanwhile.
   */
  launchSink: ((launch: LaunchRecord) => void) | undefined;

  /** Queues a library call's work (`call.queue`) on the current stream, or hands it to launchSink. */
  libraryCall(call: LibraryLaunch): void {
    if (this.launchSink) this.launchSink(call);
    else call.queue();
  }
  readonly ordinal: number;
  readonly info: CudaDeviceInfo;
  /** The device's own stream (non-blocking): the current stream outside a stream scope. */
  readonly defaultStream: CudaStream;
  /** Page-locked host memory for copies (./pinned-pool.ts). */
  readonly pinned: PinnedPool;
  /** Recorded on one stream for another to wait on (no timing); reused at once (the wait captures it). */
  #orderEvent: Handle | undefined;
  readonly #memory = new MemoryCounter();
  /** Freed small buffers, reused before asking the driver (./buffer-pool.ts). */
  readonly #pool = new BufferPool();
  /** Bytes in use past which alloc() collects dropped buffers first: COLLECT_SHARE of the device... */
  readonly #collectFloor: number;
  /** ...or twice what was in use after the last collection, whichever is more. */
  #collectAt: number;

  private constructor(addon: NativeAddon, ordinal: number) {
    this.addon = addon;
    this.ordinal = ordinal;
    const props = addon.deviceInfo(ordinal);
    const v = addon.driverVersion();
    this.info = {
      ...props,
      ordinal,
      arch: `sm_${props.major}${props.minor}`,
      driverVersion: `${Math.floor(v / 1000)}.${(v % 1000) / 10}`,
    };
    addon.useDevice(ordinal);
    CudaDevice.#active = ordinal;
    this.defaultStream = new CudaStream(this);
    this.pinned = new PinnedPool(addon);
    this.#collectFloor = props.totalMemory > 0 ? props.totalMemory * COLLECT_SHARE : Infinity;
    this.#collectAt = this.#collectFloor;
  }

  static #open = new Map<number, CudaDevice>();
  /** The device whose context is current on this thread. */
  static #active = -1;

  /** Makes this device's context current (where another device's is): before any work on it. */
  makeCurrent(): void {
    if (CudaDevice.#active === this.ordinal) return;
    this.addon.setCurrentDevice(this.ordinal);
    CudaDevice.#active = this.ordinal;
  }

  /** The number of CUDA devices (0 where the driver is missing or sees none). */
  static count(addon: NativeAddon = native()): number {
    try {
      loadDriver(addon);
      return addon.deviceCount();
    } catch {
      return 0;
    }
  }

  /** Opens device `ordinal` once per process; later calls return the same object. */
  static open(ordinal = 0, addon: NativeAddon = native()): CudaDevice {
    let device = CudaDevice.#open.get(ordinal);
    if (!device) {
      loadDriver(addon);
      const n = addon.deviceCount();
      if (!Number.isInteger(ordinal) || ordinal < 0 || ordinal >= n) {
        throw new CupytsError('ERR_NO_DEVICE', `CudaDevice.open: expected a device ordinal in [0, ${n}), got ${ordinal}`);
      }
      device = new CudaDevice(addon, ordinal);
      CudaDevice.#open.set(ordinal, device);
    }
    return device;
  }

  get arch(): string {
    return this.info.arch;
  }

  /** The stream work is queued on now: the current scope's stream where it is this device's, else the device's own. */
  get currentStream(): CudaStream {
    this.makeCurrent();
    const s = currentScope()?.cuda;
    return s !== undefined && s.device === this ? s : this.defaultStream;
  }

  /** The handle of the current stream, which every launch, copy and allocation is queued on. */
  get stream(): Handle {
    return this.currentStream.handle;
  }

  /** Makes work queued on `waiter` from now on run after the work queued on `waitee` so far. */
  orderStreams(waiter: CudaStream, waitee: CudaStream): void {
    this.#orderEvent ??= this.addon.eventCreate(CU_EVENT_DISABLE_TIMING);
    this.addon.streamWaitStream(waiter.handle, waitee.handle, this.#orderEvent);
  }

  /**
   * Allocates `bytes` of device memory: a freed buffer of that size kept for reuse, else from the
   * stream-ordered pool. Buffers dropped without dispose() are freed first: those the GC has
   * collected, at every call, and all of them, by a collection, where cupyts holds much of the
   * device (see COLLECT_SHARE) or memory ran out. On out-of-memory it also frees the kept buffers,
   * waits for pending frees, returns the pool's spare memory to the driver and tries once more;
   * then throws ERR_OUT_OF_MEMORY with the size asked for, the bytes in use and what to do.
   */
  alloc(bytes: number): CudaBuffer {
    if (!Number.isSafeInteger(bytes) || bytes < 0) {
      throw new CupytsError('ERR_ARG', `alloc: expected a non-negative integer byte count, got ${bytes}`);
    }
    const size = Math.max(bytes, 1); // the pool rejects zero-byte allocations
    runDropped();
    if (this.#memory.bytesInUse + size > this.#collectAt) this.#collectDropped();
    if (this.#memory.overLimit(size)) this.#freeForLimit(size);
    const stream = this.currentStream;
    let ptr = stream === this.defaultStream ? this.#pool.take(size) : undefined;
    if (ptr === undefined) ptr = this.#allocFromDriver(bytes, size, stream);
    this.#memory.allocated(size);
    return new CudaBuffer(this, ptr, bytes, new StreamUse(stream));
  }

  #allocFromDriver(bytes: number, size: number, stream: CudaStream): DevicePtr {
    let ptr: DevicePtr;
    try {
      ptr = this.addon.memAlloc(size, stream.handle);
    } catch (err) {
      if (!isOutOfMemory(err)) throw err;
      const collected = this.#collectDropped();
      this.releaseKeptBuffers();
      this.addon.ctxSynchronize(); // the frees pending on every stream
      this.addon.memPoolTrim(this.ordinal, 0);
      try {
        ptr = this.addon.memAlloc(size, stream.handle);
      } catch (again) {
        if (!isOutOfMemory(again)) throw again;
        const { free, total } = this.addon.memGetInfo();
        throw new CupytsError(
          'ERR_OUT_OF_MEMORY',
          `alloc: out of device memory on ${this.info.name}: asked for ${bytes} bytes; ` +
            `${this.#memory.bytesInUse} bytes in use by cupyts in ${this.#memory.buffers} buffers, ` +
            `${free} of ${total} bytes free on the device. Free arrays you no longer need with dispose() (or \`using\`)` +
            (collected ? '' : '; arrays dropped without it are freed only when the event loop turns (await new Promise(setImmediate) between steps)'),
          { cause: again },
        );
      }
    }
    return ptr;
  }

  /** Under the memory limit: frees dropped and kept buffers, then throws ERR_OUT_OF_MEMORY if `size` still passes it. */
  #freeForLimit(size: number): void {
    this.#collectDropped();
    if (!this.#memory.overLimit(size)) return;
    const kept = this.#pool.bytes;
    throw this.#memory.limitError('alloc', size, kept);
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
    return this.#pool.bytes;
  }

  /** Freed buffers kept for reuse. */
  get keptBuffers(): number {
    return this.#pool.count;
  }

  /** Frees the buffers dropped without dispose() (./collector.ts); false where that cannot be done synchronously. */
  #collectDropped(): boolean {
    const collected = collect();
    this.#collectAt = Math.max(this.#collectFloor, 2 * this.#memory.bytesInUse);
    return collected;
  }

  /**
   * Called by CudaBuffer when it is disposed or collected: kept for reuse, or freed, ordered after
   * every stream that used it (./cuda-stream.ts). Only buffers last used on the device's own
   * stream are kept: the pool hands them out on that stream only.
   */
  release(ptr: DevicePtr, bytes: number, use: StreamUse): void {
    const size = Math.max(bytes, 1);
    this.#memory.freed(size);
    this.makeCurrent();
    const stream = use.freeStream();
    if (stream !== this.defaultStream || !this.#pool.give(ptr, size)) this.addon.memFree(ptr, stream.handle);
  }

  /** Frees the buffers kept for reuse (ordered on the device's own stream), so that the driver's pool can hand them out again. */
  releaseKeptBuffers(): void {
    this.makeCurrent();
    for (const ptr of this.#pool.drain()) this.addon.memFree(ptr, this.defaultStream.handle);
  }

  memoryStats(): MemoryStats {
    const pool = this.addon.memPoolStats(this.ordinal);
    return {
      ...this.#memory.snapshot(),
      poolReservedBytes: pool.reserved,
      poolUsedBytes: pool.used,
    };
  }

  resetPeakMemory(): void {
    this.#memory.resetPeak();
  }

  /** Blocks until all work queued on the current stream is done. */
  synchronize(): void {
    this.addon.streamSynchronize(this.stream);
  }

  /** Blocks until all work queued on every stream of the device is done (CuPy's Device.synchronize). */
  synchronizeAll(): void {
    this.makeCurrent();
    this.addon.ctxSynchronize();
  }

  /** Resolves when all work queued on the current stream so far is done, without blocking the event loop. */
  synchronizeAsync(): Promise<void> {
    return this.currentStream.doneAsync();
  }

  /**
   * Times GPU work with CUDA events: runs `work` (which queues kernels on this device's stream)
   * and returns the milliseconds between events recorded before and after it.
   */
  timeMs(work: () => void): number {
    const start = this.addon.eventCreate();
    const end = this.addon.eventCreate();
    try {
      this.addon.eventRecord(start, this.stream);
      work();
      this.addon.eventRecord(end, this.stream);
      this.addon.eventSynchronize(end);
      return this.addon.eventElapsedMs(start, end);
    } finally {
      this.addon.eventDestroy(start);
      this.addon.eventDestroy(end);
    }
  }

  /**
   * Times `reps` calls of `work` back to back, as CuPy's and PyTorch's benchmarks do: events around
   * each call, no synchronization until the last, so the host queues the next call while the GPU
   * runs this one and each time is the GPU's (host time shows only where it exceeds the GPU's).
   */
  timeEachMs(work: (rep: number) => void, reps: number): number[] {
    const events = Array.from({ length: 2 * reps }, () => this.addon.eventCreate());
    try {
      for (let i = 0; i < reps; i++) {
        this.addon.eventRecord(events[2 * i], this.stream);
        work(i);
        this.addon.eventRecord(events[2 * i + 1], this.stream);
      }
      this.addon.eventSynchronize(events[2 * reps - 1]);
      return Array.from({ length: reps }, (_, i) => this.addon.eventElapsedMs(events[2 * i], events[2 * i + 1]));
    } finally {
      events.forEach((e) => this.addon.eventDestroy(e));
    }
  }
}
