// Memory checks for loops: on the CPU backend an array's memory is an ArrayBuffer the GC frees,
// so what a loop keeps alive shows in process.memoryUsage().arrayBuffers.
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
