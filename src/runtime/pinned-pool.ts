// Page-locked (pinned) host memory for copies between JS memory and the device. A copy from or to
// pinned memory is a DMA the stream runs on its own (cuMemcpy*Async returns at once), which is
// what lets a readback wait without blocking (the host copy from pinned memory happens after) and
// an upload return before the copy ran. Pinned memory is slow to allocate (cuMemHostAlloc maps
// and locks pages), so blocks are kept by size class (powers of two from 64 KiB) for reuse, up to
// a cap on the bytes held; past it a copy takes the pageable path.
import { availableParallelism } from 'node:os';
import { readConfig } from './config.js';
import type { HostPtr, Handle, NativeAddon } from './native.js';

/** Smallest block: 64 KiB (a guess: small copies cost the same either way). */
const MIN_BLOCK = 1 << 16;
const CU_EVENT_DISABLE_TIMING = 2;

export interface PinnedBlock {
  readonly ptr: HostPtr;
  readonly size: number;
}

/** When transfers stage through pinned memory (cp.config.pinnedThreshold, pinnedMaxBytes). */
export const pinnedSettings = {
  /** Sync readbacks of at least this many bytes stage through pinned memory (uploads of any size do); Infinity: never. */
  threshold: NaN,
  /** The most pinned bytes held (blocks in use and kept); 0: no pinned memory at all. */
  maxBytes: NaN,
};

function settings(): typeof pinnedSettings {
  if (Number.isNaN(pinnedSettings.threshold) || Number.isNaN(pinnedSettings.maxBytes)) {
    const c = readConfig();
    if (Number.isNaN(pinnedSettings.threshold)) pinnedSettings.threshold = c.pinnedThreshold;
    if (Number.isNaN(pinnedSettings.maxBytes)) pinnedSettings.maxBytes = c.pinnedMaxBytes;
  }
  return pinnedSettings;
}

/** The size class of a copy of `bytes`. */
export function pinnedBlockSize(bytes: number): number {
  return Math.max(MIN_BLOCK, 2 ** Math.ceil(Math.log2(Math.max(bytes, 1))));
}

/** Bytes per thread of a host copy between pinned memory and JS memory: 8 MiB (a guess: a thread starts in ~50 us). */
const BYTES_PER_COPY_THREAD = 8 << 20;
/** The most threads one host copy uses. */
const MAX_COPY_THREADS = 8;
const cores = availableParallelism();

/**
 * Threads for the host copy of `bytes` between a pinned block and JS memory. A readback's result
 * is fresh memory, and its first touch faults a page at a time (1.4 GB/s on the H200 host, on a
 * VM); faults on several threads are served in parallel (native/host_copy.h).
 */
export function copyThreads(bytes: number): number {
  return Math.max(1, Math.min(cores, MAX_COPY_THREADS, Math.floor(bytes / BYTES_PER_COPY_THREAD)));
}

export class PinnedPool {
  readonly #addon: NativeAddon;
  readonly #free = new Map<number, HostPtr[]>();
  /** Blocks an upload still reads, each with an event recorded after its copy. */
  readonly #inFlight: Array<{ block: PinnedBlock; event: Handle }> = [];
  readonly #events: Handle[] = [];
  #heldBytes = 0;

  constructor(addon: NativeAddon) {
    this.#addon = addon;
  }

  /** Whether a sync copy of `bytes` should stage through pinned memory. */
  static stages(bytes: number): boolean {
    const s = settings();
    return s.maxBytes > 0 && bytes >= s.threshold;
  }

  /**
   * Whether an upload of `bytes` stages through pinned memory: every upload does, unless pinned
   * memory is off (maxBytes 0, or the threshold Infinity). An upload from JS memory straight to
   * the device has to wait for its stream (the caller may change the memory once it returns), so
   * each small one (an index list, arange's values) stalled the host behind the queued kernels
   * and left the device idle after them: staged, it returns at once.
   */
  static stagesUpload(bytes: number): boolean {
    const s = settings();
    return s.maxBytes > 0 && s.threshold !== Infinity && bytes > 0;
  }

  /** Pinned bytes held now (in use and kept). */
  get heldBytes(): number {
    return this.#heldBytes;
  }

  /** A block for a copy of `bytes`, or undefined where the cap does not allow one. */
  take(bytes: number): PinnedBlock | undefined {
    const size = pinnedBlockSize(bytes);
    const cap = settings().maxBytes;
    if (size > cap) return undefined;
    this.#reclaim();
    const kept = this.#free.get(size)?.pop();
    if (kept !== undefined) return { ptr: kept, size };
    if (this.#heldBytes + size > cap) this.#trim(this.#heldBytes + size - cap);
    if (this.#heldBytes + size > cap) return undefined;
    let ptr: HostPtr;
    try {
      ptr = this.#addon.hostAlloc(size);
    } catch {
      return undefined; // the host cannot lock more memory: the pageable path
    }
    this.#heldBytes += size;
    return { ptr, size };
  }

  /** Returns a block no queued copy uses any more. */
  give(block: PinnedBlock): void {
    let list = this.#free.get(block.size);
    if (!list) this.#free.set(block.size, (list = []));
    list.push(block.ptr);
  }

  /** Returns a block once the work queued on `stream` so far (a copy from it) is done. */
  giveAfter(block: PinnedBlock, stream: Handle): void {
    const event = this.#events.pop() ?? this.#addon.eventCreate(CU_EVENT_DISABLE_TIMING);
    this.#addon.eventRecord(event, stream);
    this.#inFlight.push({ block, event });
  }

  /** Moves the blocks whose copies are done to the kept ones. */
  #reclaim(): void {
    for (let i = this.#inFlight.length - 1; i >= 0; i--) {
      const { block, event } = this.#inFlight[i];
      if (!this.#addon.eventQuery(event)) continue;
      this.#inFlight.splice(i, 1);
      this.#events.push(event);
      this.give(block);
    }
  }

  /** Frees kept blocks until `bytes` were freed (or none is left). */
  #trim(bytes: number): void {
    let freed = 0;
    for (const [size, list] of this.#free) {
      while (list.length > 0 && freed < bytes) {
        this.#addon.hostFree(list.pop()!);
        this.#heldBytes -= size;
        freed += size;
      }
    }
  }

  /** Frees every kept block (blocks in use or in flight stay). */
  releaseKept(): void {
    this.#reclaim();
    this.#trim(Infinity);
  }
}
