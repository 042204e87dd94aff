// The CPU backend's array memory inside one WebAssembly.Memory (issue 22), so that the generated
// WebAssembly kernels (src/codegen/wasm-*.ts) read and write arrays where they are, instead of
// copying every chunk into a module's own memory and back (the copies took about two thirds of
// `2*x + y`'s time at 2^20 float32).
//
// The memory is shared (its buffer a SharedArrayBuffer): growing it never detaches the buffers
// already handed out, so a typed array made before a growth stays valid, and worker threads can
// use it. Blocks are 64-byte aligned; free blocks merge with free neighbours; a request takes the
// first fitting block of the smallest size class that has one, or the end of the used memory.
// A memory that no block is allocated from can be dropped whole (CpuDevice.releaseKeptBuffers).

/** The part of WebAssembly's JS API used here (the project's lib has no DOM types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, (...a: number[]) => void> };
};

/**
 * A module that imports a shared memory ("m"."mem", at most 32768 pages) and exports
 * zero(at, bytes): memory.fill. TypedArray.fill on a SharedArrayBuffer measured 30x slower than
 * on an ArrayBuffer here (1.2 ms for 4 MiB); memory.fill runs as a memset.
 */
const ZERO_MODULE = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
  1, 6, 1, 0x60, 2, 0x7f, 0x7f, 0, // type 0: (i32, i32) -> ()
  2, 13, 1, 1, 0x6d, 3, 0x6d, 0x65, 0x6d, 0x02, 0x03, 1, 0x80, 0x80, 0x02, // import m.mem: shared memory, 1 .. 32768 pages
  3, 2, 1, 0, // function 0 of type 0
  7, 8, 1, 4, 0x7a, 0x65, 0x72, 0x6f, 0x00, 0, // export "zero" = function 0
  10, 13, 1, 11, 0, 0x20, 0, 0x41, 0, 0x20, 1, 0xfc, 0x0b, 0, 0x0b, // local.get 0; i32.const 0; local.get 1; memory.fill; end
]);
let zeroModule: object | undefined;

/** Bytes per WebAssembly page. */
const PAGE = 65536;
/** Block alignment and granularity (a cache line; every dtype's alignment divides it). */
export const HEAP_ALIGN = 64;
/** The most the memory may grow to: 2 GiB, so that every address is a positive i32. */
export const HEAP_MAX_BYTES = 2 ** 31 - PAGE;
/**
 * Bytes the memory always has past the last block: a kernel's last vectors may read a little past
 * an array's end (never write), which must stay inside the memory.
 */
export const HEAP_TAIL_BYTES = 64;
/** The memory grows by at least this much at a time. */
const GROW_BYTES = 4 << 20;

const classOf = (bytes: number) => 31 - Math.clz32(bytes);

/** The bytes of the block that holds `bytes` (a multiple of HEAP_ALIGN, at least one). */
const blockSize = (bytes: number) => Math.max(HEAP_ALIGN, Math.ceil(bytes / HEAP_ALIGN) * HEAP_ALIGN);

/** 32-bit words of the random tag a heap writes at address 0 (HEAP_ALIGN bytes there are never a block's). */
const TAG_WORDS = 4;

/**
 * Whether `buffer` is `memory`'s buffer (or an earlier, shorter one of it), where identity cannot
 * tell: in a worker thread, a buffer that came in a message is an object of its own. The heaps'
 * tags (TAG_WORDS random words at address 0) are compared. Self-contained (literals, no module
 * names): cpu-pool.ts puts its source into the workers' code.
 */
export function sameHeapMemory(buffer: ArrayBufferLike, memory: WasmMemory): boolean {
  if (typeof SharedArrayBuffer === 'undefined' || !(buffer instanceof SharedArrayBuffer) || buffer.byteLength < 64) return false;
  const a = new Int32Array(buffer, 0, 4);
  const b = new Int32Array(memory.buffer, 0, 4);
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];
}

export class WasmHeap {
  readonly memory: WasmMemory;
  /** The end of the used memory: blocks past it come from here. */
  #top = HEAP_ALIGN; // address 0 is never a block's, so that 0 never names one
  /** Bytes from here on have never been handed out (a growth's new pages are zero). */
  #clean = HEAP_ALIGN;
  readonly #maxPages: number;
  /** Free blocks: start -> size, end -> start, and the starts by size class (floor(log2(size))). */
  readonly #sizeAt = new Map<number, number>();
  readonly #startAtEnd = new Map<number, number>();
  readonly #classes: Array<Set<number>> = Array.from({ length: 32 }, () => new Set());
  /** Buffers of this memory handed out (one per growth): how a kernel knows a view is in the heap. */
  readonly #buffers = new WeakSet<ArrayBufferLike>();
  #used = 0;
  #free = 0;

  readonly #zero: (at: number, bytes: number) => void;

  constructor(maxBytes = HEAP_MAX_BYTES) {
    this.#maxPages = Math.max(1, Math.min(32767, Math.floor(maxBytes / PAGE)));
    this.memory = new WebAssembly.Memory({ initial: 1, maximum: this.#maxPages, shared: true });
    zeroModule ??= new WebAssembly.Module(ZERO_MODULE);
    this.#zero = new WebAssembly.Instance(zeroModule, { m: { mem: this.memory } }).exports.zero;
    // The tag in the bytes before the first block: how a worker thread knows the heap's memory.
    const tag = new Int32Array(this.buffer, 0, TAG_WORDS);
    for (let i = 0; i < TAG_WORDS; i++) tag[i] = (Math.random() * 2 ** 32) | 0;
  }

  /** The memory's buffer now (valid for every block allocated so far). */
  get buffer(): SharedArrayBuffer {
    const b = this.memory.buffer as unknown as SharedArrayBuffer;
    this.#buffers.add(b);
    return b;
  }

  /** Bytes of the memory now (what it has grown to). */
  get size(): number {
    return this.memory.buffer.byteLength;
  }

  /** Bytes in allocated blocks (rounded up to HEAP_ALIGN). */
  get usedBytes(): number {
    return this.#used;
  }

  /** Bytes in free blocks below the end of the used memory. */
  get freeBytes(): number {
    return this.#free;
  }

  /** Free blocks, the memory past the end of the used memory counted as one. */
  get freeBlocks(): number {
    return this.#sizeAt.size + (this.#top < this.size ? 1 : 0);
  }

  /** The byte address of `view`'s first element where it is a view of this memory, else -1. */
  address(view: ArrayBufferView): number {
    return this.#buffers.has(view.buffer) ? view.byteOffset : -1;
  }

  /**
   * A block of at least `bytes` bytes (zeroed where `zeroed`): its address, or undefined where
   * neither a free block nor (where `mayGrow`) a growth within the maximum gives one.
   */
  alloc(bytes: number, zeroed: boolean, mayGrow = true): number | undefined {
    const size = blockSize(bytes);
    let at = this.#takeFree(size);
    if (at === undefined) {
      const end = this.#top + size;
      if (end + HEAP_TAIL_BYTES > this.memory.buffer.byteLength && (!mayGrow || !this.#grow(end + HEAP_TAIL_BYTES))) return undefined;
      at = this.#top;
      this.#top = end;
      if (zeroed && at < this.#clean) this.#zero(at, Math.min(end, this.#clean) - at);
      this.#clean = Math.max(this.#clean, end);
    } else if (zeroed) {
      this.#zero(at, size);
    }
    this.#used += size;
    return at;
  }

  /** Gives back the block at `at` that alloc(bytes) returned. */
  free(at: number, bytes: number): void {
    let size = blockSize(bytes);
    this.#used -= size;
    const before = this.#startAtEnd.get(at);
    if (before !== undefined) {
      const s = this.#sizeAt.get(before)!;
      this.#remove(before, s);
      at = before;
      size += s;
    }
    const after = this.#sizeAt.get(at + size);
    if (after !== undefined) {
      this.#remove(at + size, after);
      size += after;
    }
    if (at + size === this.#top) {
      // The end of the used memory moves back: the next growth past it reuses these pages.
      this.#top = at;
      return;
    }
    this.#sizeAt.set(at, size);
    this.#startAtEnd.set(at + size, at);
    this.#classes[classOf(size)].add(at);
    this.#free += size;
  }

  #remove(at: number, size: number): void {
    this.#sizeAt.delete(at);
    this.#startAtEnd.delete(at + size);
    this.#classes[classOf(size)].delete(at);
    this.#free -= size;
  }

  /** The first free block of `size` bytes or more from the smallest class that has one, split to `size`. */
  #takeFree(size: number): number | undefined {
    for (let c = classOf(size); c < 32; c++) {
      for (const at of this.#classes[c]) {
        const have = this.#sizeAt.get(at)!;
        if (have < size) continue;
        this.#remove(at, have);
        if (have > size) {
          this.#sizeAt.set(at + size, have - size);
          this.#startAtEnd.set(at + have, at + size);
          this.#classes[classOf(have - size)].add(at + size);
          this.#free += have - size;
        }
        return at;
      }
    }
    return undefined;
  }

  /** Grows the memory to hold `end` bytes (by at least GROW_BYTES); false where the maximum forbids it. */
  #grow(end: number): boolean {
    const pages = (bytes: number) => Math.ceil(bytes / PAGE);
    const have = pages(this.memory.buffer.byteLength);
    if (pages(end) > this.#maxPages) return false;
    for (const target of [Math.min(this.#maxPages, pages(Math.max(end, have * PAGE + GROW_BYTES))), pages(end)]) {
      try {
        this.memory.grow(target - have);
        return true;
      } catch {
        // no memory for the generous growth: try the bare need, then give up
      }
    }
    return false;
  }
}
