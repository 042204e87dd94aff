// CUDA streams, the current stream, and the order between streams of the buffers they share.
//
// The current stream is scoped (`withCurrentStream`) through AsyncLocalStorage, so a scope holds
// across the awaits of an async function and two async tasks can each run on their own stream;
// outside any scope it is the stream set with `setGlobalStream` (CuPy's stream.use()), else the
// device's own stream.
//
// Each buffer remembers the stream that last wrote it and the other streams that read it since
// (`StreamUse`). A use on another stream first makes that stream wait for them (an event recorded
// on the earlier stream, cuStreamWaitEvent on the later), so work on two streams never races on
// one buffer; its free waits for every stream that used it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { droppedRegistry } from './collector.js';
import type { CudaDevice } from './cuda-device.js';
import type { Handle } from './native.js';

const CU_STREAM_DEFAULT = 0;
const CU_STREAM_NON_BLOCKING = 1;

/** What a collected stream leaves to free: its handle, and what was kept for it (onDestroy). */
interface StreamEnd {
  device: CudaDevice;
  handle: Handle;
  cleanups: Array<() => void>;
}

const destroyed = droppedRegistry<StreamEnd>(({ device, handle, cleanups }) => {
  try {
    device.makeCurrent();
    for (const cleanup of cleanups) cleanup();
    device.addon.streamDestroy(handle);
  } catch {
    // The process is ending, or the context is gone: nothing to free.
  }
});

/** One CUDA stream of a device. Destroyed when it is collected (work queued on it still runs). */
export class CudaStream {
  readonly device: CudaDevice;
  readonly handle: Handle;
  readonly nonBlocking: boolean;
  readonly #cleanups: Array<() => void> = [];

  /** `nonBlocking`: no implicit order with the legacy default stream (CuPy's non_blocking). */
  constructor(device: CudaDevice, nonBlocking = true) {
    this.device = device;
    this.nonBlocking = nonBlocking;
    if (device.defaultStream) device.makeCurrent(); // (the device's own stream is made while it is current)
    this.handle = device.addon.streamCreate(nonBlocking ? CU_STREAM_NON_BLOCKING : CU_STREAM_DEFAULT);
    destroyed.register(this, { device, handle: this.handle, cleanups: this.#cleanups });
  }

  /**
   * Runs `cleanup` when the stream is collected, just before it is destroyed: it frees what a
   * library kept for this stream (cuBLAS's workspace). `cleanup` must not hold the stream itself,
   * or the stream is never collected.
   */
  onDestroy(cleanup: () => void): void {
    this.#cleanups.push(cleanup);
  }

  /** Blocks until the work queued so far is done. */
  synchronize(): void {
    this.device.addon.streamSynchronize(this.handle);
  }

  /** Whether the work queued so far is done. */
  done(): boolean {
    return this.device.addon.streamQuery(this.handle);
  }

  /**
   * Resolves once the work queued so far is done. No thread waits: a host function queued on the
   * stream calls back into the event loop (native/driver_streams.cc).
   */
  doneAsync(): Promise<void> {
    return this.device.addon.streamDoneAsync(this.handle);
  }

  /** Work queued on this stream from now on runs after the work queued on `other` so far. */
  waitFor(other: CudaStream): void {
    if (other !== this) this.device.orderStreams(this, other);
  }
}

/** What a current-stream scope holds: the CUDA stream, where the backend has one. */
export interface StreamScope {
  readonly cuda: CudaStream | undefined;
}

const scope = new AsyncLocalStorage<StreamScope>();
let globalScope: StreamScope | undefined;

/** Runs `fn` with `s` as the current stream (for the async work it starts, too). */
export function withCurrentStream<T>(s: StreamScope, fn: () => T): T {
  return scope.run(s, fn);
}

/** Sets the current stream outside any scope (undefined: back to the device's own). */
export function setGlobalStream(s: StreamScope | undefined): void {
  globalScope = s;
}

/** The current scope's stream (undefined: the device's own stream). */
export function currentScope(): StreamScope | undefined {
  return scope.getStore() ?? globalScope;
}

/** The reader streams a buffer remembers before its writer waits for them (StreamUse.use). */
const MAX_READERS = 4;

/**
 * The streams that used one buffer: the last writer, and the streams that read it since. Shared by
 * the buffer and its finalizer, so that a buffer dropped without dispose() is freed in order too.
 */
export class StreamUse {
  writer: CudaStream;
  readers: Set<CudaStream> | undefined;

  constructor(writer: CudaStream) {
    this.writer = writer;
  }

  /** Orders a use on `s` after the uses it depends on: a read after the last write, a write after every use. */
  use(s: CudaStream, write: boolean): void {
    const writer = this.writer;
    if (s === writer) {
      if (write && this.readers) this.#afterReaders(s);
      return;
    }
    if (!write) {
      if (this.readers?.has(s)) return;
      s.waitFor(writer);
      (this.readers ??= new Set()).add(s);
      // A buffer read on many streams (weights shared by a pool of streams) would hold them all:
      // past a few, its writer waits for them now and forgets them.
      if (this.readers.size > MAX_READERS) this.#afterReaders(writer);
      return;
    }
    s.waitFor(writer);
    if (this.readers) this.#afterReaders(s);
    this.writer = s;
  }

  /**
   * The stream to free the buffer on: its last writer, made to wait for the streams that read it
   * since, so that the memory returns to the pool after every use.
   */
  freeStream(): CudaStream {
    if (this.readers) this.#afterReaders(this.writer);
    return this.writer;
  }

  #afterReaders(s: CudaStream): void {
    for (const r of this.readers!) s.waitFor(r);
    this.readers = undefined;
  }
}
