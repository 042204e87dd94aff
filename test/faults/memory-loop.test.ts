// Memory in synchronous loops (issue 14): `x = x.mul(0.9).add(1)` evaluated 10^5 times without
// dispose() keeps memory and the heap bounded. Buffers dropped without dispose() are freed by
// FinalizationRegistry callbacks, which V8 runs between event-loop tasks; none of these loops lets
// the event loop turn, so only what cupyts does synchronously (src/runtime/collector.ts) counts.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import type { NDArray } from '../../src/api/ndarray.js';
import { CudaDevice } from '../../src/runtime/cuda-device.js';
import type { MemoryStats } from '../../src/runtime/memory-stats.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { HAS_CUDA_DEVICE } from '../helpers/cuda.js';
import { memoryAfterGc } from '../helpers/memory.js';
import { expectClose, numpyOne, randomArray, type HostArray } from '../helpers/numpy-oracle.js';

const STEPS = 100_000;
const CHECKPOINTS = 10;
/**
 * Live buffers allowed one step after a checkpoint's gc: x and the new x, plus the handful of dead
 * ones V8 lets outlive a forced collection (up to 13 seen over 60 checkpoints); without
 * finalizers at allocation it is every buffer since the last one, thousands.
 */
const BUFFERS_AFTER_GC = 32;
/** Retained heap growth allowed over the loop: before the fix it was about 124 bytes a step (12 MB). */
const HEAP_SLACK = 3e6;

const deviceOf = (a: NDArray) => (a.runner as unknown as { device: { memoryStats(): MemoryStats } }).device;

/** NumPy's value of `steps` steps of x = x * 0.9 + 1 in float32, from `x0`. */
function recurrence(x0: HostArray, steps: number): HostArray {
  const r = numpyOne(`__import__('functools').reduce(lambda v, _: v * np.float32(0.9) + np.float32(1), range(${steps}), x)`, { x: x0 });
  if (!r.ok) throw new Error(r.error);
  return r.value as HostArray;
}

interface LoopReport {
  /** Highest growth of the retained heap (after a gc that runs no finalizer) over the first checkpoint. */
  heapGrowth: number;
  /** Highest growth of retained ArrayBuffer bytes over the first checkpoint. */
  arrayBufferGrowth: number;
  /** Highest bytesInUse and live buffer count seen at any step. */
  peakBytesInUse: number;
  peakBuffers: number;
  /** Live buffers one step after each checkpoint's gc: the collected ones must be finalized by then. */
  buffersAfterGc: number;
  /** The value after 50 steps, and at the end. */
  early: HostArray;
  x: NDArray;
  ms: number;
}

/** Runs `steps` of x = x.mul(0.9).add(1), each evaluated (and read back where `read`), keeping nothing. */
function runLoop(x0: HostArray, steps: number, read: (x: NDArray) => void): LoopReport {
  let x = toDevice(x0);
  const device = deviceOf(x);
  let early: HostArray | undefined;
  let first: { heapUsed: number; arrayBuffers: number } | undefined;
  const report = { heapGrowth: 0, arrayBufferGrowth: 0, peakBytesInUse: 0, peakBuffers: 0, buffersAfterGc: 0 };
  let afterGc = false;
  const t0 = performance.now();
  for (let i = 1; i <= steps; i++) {
    x = x.mul(0.9).add(1);
    read(x);
    const stats = device.memoryStats();
    report.peakBytesInUse = Math.max(report.peakBytesInUse, stats.bytesInUse);
    report.peakBuffers = Math.max(report.peakBuffers, stats.buffers);
    if (afterGc) report.buffersAfterGc = Math.max(report.buffersAfterGc, stats.buffers);
    afterGc = false;
    if (i === 50) early = toHost(x);
    if (i % (steps / CHECKPOINTS) === 0) {
      const m = memoryAfterGc();
      first ??= m;
      report.heapGrowth = Math.max(report.heapGrowth, m.heapUsed - first.heapUsed);
      report.arrayBufferGrowth = Math.max(report.arrayBufferGrowth, m.arrayBuffers - first.arrayBuffers);
      afterGc = true;
    }
  }
  return { ...report, early: early!, x, ms: performance.now() - t0 };
}

function withBackend<T>(kind: 'cpu' | 'cuda', body: () => T): T {
  const before = cp.currentBackend();
  cp.useBackend(kind);
  try {
    return body();
  } finally {
    cp.useBackend(before);
  }
}

describe('a synchronous loop without dispose() on the CPU backend', () => {
  const x0 = randomArray('float32', [1 << 10], 14, { low: -100, high: 100 });

  it(`x = x.mul(0.9).add(1).eval(), ${STEPS} steps on 2^10 float32: heap, array memory and buffer count stay bounded`, () => {
    const r = withBackend('cpu', () => runLoop(x0, STEPS, (x) => x.eval()));
    expect(r.heapGrowth).toBeLessThan(HEAP_SLACK);
    expect(r.arrayBufferGrowth).toBeLessThan(1e6); // 4 KiB a step were kept before (409 MB)
    expect(r.buffersAfterGc).toBeLessThanOrEqual(BUFFERS_AFTER_GC); // collected buffers are finalized at the next allocation
    expect(r.peakBuffers).toBeLessThan(STEPS / 2); // V8's own collections, finalized at allocation, keep the count down
    expect(r.ms / STEPS).toBeLessThan(500); // microseconds a step: a few seconds in all (no forced collection per step)
    expectClose(r.early, recurrence(x0, 50));
    expectClose(toHost(r.x), recurrence(x0, STEPS));
  }, 120_000);

  it('the same loop read back at every step (dataSync), 10^4 steps', () => {
    const r = withBackend('cpu', () => runLoop(x0, 10_000, (x) => x.dataSync()));
    expect(r.heapGrowth).toBeLessThan(HEAP_SLACK);
    expect(r.arrayBufferGrowth).toBeLessThan(1e6);
    expect(r.buffersAfterGc).toBeLessThanOrEqual(BUFFERS_AFTER_GC);
    expectClose(toHost(r.x), recurrence(x0, 10_000));
  }, 60_000);
});

describe('a readback that needs a contiguous copy (current backend)', () => {
  it("frees the copy at once: 2000 readbacks of a transposed view leave no buffer live but the array's own", () => {
    const h = randomArray('float32', [32, 48], 16);
    const x = toDevice(h);
    const device = deviceOf(x);
    const base = device.memoryStats().buffers;
    let peak = 0;
    for (let i = 0; i < 2000; i++) {
      x.T.dataSync();
      peak = Math.max(peak, device.memoryStats().buffers - base);
    }
    expect(peak).toBe(0);
    const r = numpyOne('x.T', { x: h });
    if (!r.ok) throw new Error(r.error);
    expectClose(toHost(x.T), r.value as HostArray);
  });
});

describe.skipIf(!HAS_CUDA_DEVICE)('a synchronous loop without dispose() on CUDA', () => {
  it(`x = x.mul(0.9).add(1).eval(), ${STEPS} steps on 2^20 float32: device memory and heap stay bounded`, () => {
    const x0 = randomArray('float32', [1 << 20], 14, { low: -100, high: 100 });
    const r = withBackend('cuda', () => runLoop(x0, STEPS, (x) => x.eval()));
    const device = (r.x.runner as unknown as { device: CudaDevice }).device;
    const { total } = device.addon.memGetInfo();
    process.stdout.write(`memory-loop cuda: ${JSON.stringify({ ...r, early: undefined, x: undefined, total, stats: device.memoryStats() })}\n`);
    // 10^5 steps of 4 MiB are 400 GiB: the loop finishing at all shows dropped buffers were freed.
    expect(r.peakBytesInUse).toBeLessThan(total / 4);
    expect(device.memoryStats().poolReservedBytes).toBeLessThan(total / 4);
    expect(r.heapGrowth).toBeLessThan(HEAP_SLACK);
    const head = (h: HostArray): HostArray => ({ ...h, shape: [1024], data: h.data.slice(0, 1024) as HostArray['data'] });
    expectClose(head(r.early), recurrence(head(x0), 50), { rtol: 1e-5 });
    expectClose(head(toHost(r.x)), recurrence(head(x0), STEPS), { rtol: 1e-5 });
  }, 600_000);

  it('the same loop with a readback of one element at every step, 10^4 steps', () => {
    const x0 = randomArray('float32', [1 << 20], 15, { low: -100, high: 100 });
    const r = withBackend('cuda', () => runLoop(x0, 10_000, (x) => x.get(0).item()));
    const device = (r.x.runner as unknown as { device: CudaDevice }).device;
    expect(r.peakBytesInUse).toBeLessThan(device.addon.memGetInfo().total / 4);
    expect(r.heapGrowth).toBeLessThan(HEAP_SLACK);
  }, 300_000);
});
