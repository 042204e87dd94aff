// Memory checks for loops: on the CPU backend an array's memory is an ArrayBuffer the GC frees,
// so what a loop keeps alive shows in process.memoryUsage().arrayBuffers.
import v8 from 'node:v8';
import vm from 'node:vm';
import * as cp from '../../src/index.js';

/**
 * On the CPU backend: `setup()` makes the arrays and returns the loop body; the peak growth of
 * ArrayBuffer bytes over `iterations` calls of it (arrays made here stay CPU arrays afterwards).
 */
export function peakArrayBufferGrowth(iterations: number, setup: () => (i: number) => void): number {
  const backend = cp.currentBackend();
  cp.useBackend('cpu');
  try {
    const body = setup();
    const base = process.memoryUsage().arrayBuffers;
    let peak = 0;
    for (let i = 0; i < iterations; i++) {
      body(i);
      peak = Math.max(peak, process.memoryUsage().arrayBuffers - base);
    }
    return peak;
  } finally {
    cp.useBackend(backend);
  }
}

let fullGc: (() => void) | undefined;

/**
 * Heap and ArrayBuffer bytes in use after a full garbage collection that runs no
 * FinalizationRegistry callback: what a loop keeps alive, the registry entries of the buffers it
 * dropped included. (The gc function comes from a context made while --expose-gc was set, as
 * src/runtime/collector.ts makes its own.)
 */
export function memoryAfterGc(): { heapUsed: number; arrayBuffers: number } {
  if (!fullGc) {
    v8.setFlagsFromString('--expose-gc');
    try {
      fullGc = vm.runInNewContext('gc') as () => void;
    } finally {
      if (typeof (globalThis as { gc?: unknown }).gc !== 'function') v8.setFlagsFromString('--no-expose-gc');
    }
  }
  fullGc();
  fullGc(); // ArrayBuffers found dead by the first are released while it ends: counted out by the second
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return { heapUsed, arrayBuffers };
}
