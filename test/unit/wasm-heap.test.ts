// The CPU backend's heap of array memory (src/runtime/wasm-heap.ts): aligned blocks that never
// overlap, zeroed where asked, freed blocks merged and reused, growth up to the maximum and no
// further; and CpuDevice's use of it (blocks for buffers of HEAP_MIN_BYTES and more).
import { describe, expect, it } from 'vitest';
import { CpuDevice, HEAP_MIN_BYTES } from '../../src/runtime/cpu-device.js';
import { Worker } from 'node:worker_threads';
import { HEAP_ALIGN, sameHeapMemory, WasmHeap } from '../../src/runtime/wasm-heap.js';

/** A deterministic sequence in [0, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('WasmHeap', () => {
  it('gives aligned blocks that never overlap, zeroed where asked, over many random allocations and frees', () => {
    const heap = new WasmHeap();
    const rand = lcg(7);
    const live = new Map<number, { bytes: number; mark: number }>();
    for (let step = 0; step < 4000; step++) {
      if (live.size > 0 && rand() < 0.45) {
        const keys = [...live.keys()];
        const at = keys[Math.floor(rand() * keys.length)];
        const { bytes, mark } = live.get(at)!;
        // its contents were never touched by another block
        expect(new Uint8Array(heap.buffer, at, bytes).every((b) => b === mark)).toBe(true);
        heap.free(at, bytes);
        live.delete(at);
        continue;
      }
      const bytes = 1 + Math.floor(rand() ** 3 * 300_000);
      const at = heap.alloc(bytes, true)!;
      expect(at % HEAP_ALIGN).toBe(0);
      expect(at).toBeGreaterThan(0);
      const block = new Uint8Array(heap.buffer, at, bytes);
      expect(block.every((b) => b === 0)).toBe(true);
      const mark = 1 + (step % 250);
      block.fill(mark);
      live.set(at, { bytes, mark });
    }
    const used = [...live.values()].reduce((s, b) => s + Math.ceil(b.bytes / HEAP_ALIGN) * HEAP_ALIGN, 0);
    expect(heap.usedBytes).toBe(used);
    for (const [at, { bytes }] of live) heap.free(at, bytes);
    expect([heap.usedBytes, heap.freeBytes, heap.freeBlocks]).toEqual([0, 0, 1]); // all of it past the used end
  });

  it('merges a freed block with free neighbours and reuses the space', () => {
    const heap = new WasmHeap();
    const [a, b, c, d] = [4096, 4096, 4096, 64].map((n) => heap.alloc(n, false)!);
    heap.free(a, 4096);
    heap.free(c, 4096);
    expect(heap.freeBlocks).toBe(3); // a, c and the memory past d
    heap.free(b, 4096); // joins a and c into one block
    expect([heap.freeBlocks, heap.freeBytes]).toEqual([2, 3 * 4096]);
    expect(heap.alloc(3 * 4096, false)).toBe(a);
    heap.free(d, 64);
    expect(heap.usedBytes).toBe(3 * 4096);
  });

  it('grows up to its maximum and no further', () => {
    const heap = new WasmHeap(8 << 20);
    const a = heap.alloc(5 << 20, false);
    expect(a).toBeDefined();
    expect(heap.alloc(4 << 20, false)).toBeUndefined();
    expect(heap.alloc(4 << 20, false, false)).toBeUndefined();
    heap.free(a!, 5 << 20);
    expect(heap.alloc(7 << 20, false)).toBeDefined();
  });

  it('knows the views of its memory, made before and after a growth', () => {
    const heap = new WasmHeap();
    const at = heap.alloc(1000, true)!;
    const before = new Float32Array(heap.buffer, at, 250);
    heap.alloc(32 << 20, false); // grows the memory
    const after = new Float32Array(heap.buffer, at, 250);
    before[3] = 2.5;
    expect(after[3]).toBe(2.5);
    expect([heap.address(before), heap.address(after), heap.address(new Float32Array(250))]).toEqual([at, at, -1]);
  });
});

describe('sameHeapMemory', () => {
  it("knows a heap's views in a worker thread, where buffers that came in a message are objects of their own", async () => {
    const heap = new WasmHeap();
    const at = heap.alloc(4096, true)!;
    const other = new WasmHeap();
    const plain = new SharedArrayBuffer(4096);
    expect([sameHeapMemory(heap.buffer, heap.memory), sameHeapMemory(other.buffer, heap.memory), sameHeapMemory(plain, heap.memory)]).toEqual([true, false, false]);
    const worker = new Worker(`
      const { parentPort } = require('node:worker_threads');
      const sameHeapMemory = ${sameHeapMemory.toString()};
      parentPort.on('message', ({ memory, views }) => parentPort.postMessage(views.map((v) => sameHeapMemory(v.buffer, memory))));
    `, { eval: true });
    try {
      const got = await new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage({ memory: heap.memory, views: [new Float32Array(heap.buffer, at, 1024), new Float32Array(other.buffer, 64, 16), new Float32Array(plain)] });
      });
      expect(got).toEqual([true, false, false]);
    } finally {
      await worker.terminate();
    }
  });
});

describe('CpuDevice with its heap', () => {
  it('puts buffers from HEAP_MIN_BYTES on in the heap, zeroed, and counts them', () => {
    const dev = new CpuDevice();
    const small = dev.alloc(HEAP_MIN_BYTES - 1);
    const big = dev.alloc(HEAP_MIN_BYTES);
    expect([small.inHeap, big.inHeap]).toEqual([false, true]);
    big.view().fill(9);
    big.dispose();
    const again = dev.alloc(HEAP_MIN_BYTES);
    expect(again.view().every((b) => b === 0)).toBe(true);
    expect(dev.memoryStats().bytesInUse).toBe(2 * HEAP_MIN_BYTES - 1);
    again.dispose();
    small.dispose();
    expect(dev.memoryStats().bytesInUse).toBe(0);
  });

  it('moves a shared buffer out of the heap with its contents, and drops an empty heap on release', () => {
    const dev = new CpuDevice();
    const b = dev.alloc(4096);
    b.write(new Float64Array(512).fill(1.25));
    const memory = b.share();
    expect(b.inHeap).toBe(false);
    expect(new Float64Array(memory)[511]).toBe(1.25);
    expect(b.buffer).toBe(memory);
    expect(dev.keptBytes).toBeGreaterThan(0); // the heap's memory, free now
    b.dispose();
    dev.releaseKeptBuffers();
    expect(dev.keptBytes).toBe(0);
  });
});
