// Memory over a synchronous loop that never disposes (issue 14): `x = x.mul(0.9).add(1)`, each
// step evaluated (with --read: one element read back, x.get(0).item(), instead), for --steps
// steps, without letting the event loop turn. Every
// --every steps one JSON line: the heap as the program sees it, the retained heap after a full
// collection that runs no finalizer (--gc; it takes milliseconds), cupyts's buffers (bytes and
// count), the CUDA pool's reserved bytes and the device's used bytes, and the collections cupyts
// made (src/runtime/collector.ts). Then a summary with the peaks and the time per step.
//
// Usage (needs dist/: `npx tsc -p tsconfig.build.json`):
//   node bench/memory-loop.mjs [--cpu] [--n 1048576] [--steps 100000] [--every 5000] [--read] [--gc]
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';

const cp = await import(new URL('../dist/index.js', import.meta.url).href);
const { collections } = await import(new URL('../dist/runtime/collector.js', import.meta.url).href);

const { values: opts } = parseArgs({
  options: {
    cpu: { type: 'boolean', default: false },
    n: { type: 'string' },
    steps: { type: 'string', default: '100000' },
    every: { type: 'string' },
    read: { type: 'boolean', default: false },
    gc: { type: 'boolean', default: false },
  },
});
cp.useBackend(opts.cpu ? 'cpu' : 'cuda');
const N = Number(opts.n ?? (opts.cpu ? 1 << 10 : 1 << 20));
const STEPS = Number(opts.steps);
const EVERY = Number(opts.every ?? Math.max(1, Math.floor(STEPS / 20)));

/** A full collection that runs no FinalizationRegistry callback (a gc from a context made with --expose-gc). */
let fullGc;
function retainedHeap() {
  if (!fullGc) {
    v8.setFlagsFromString('--expose-gc');
    fullGc = vm.runInNewContext('gc');
    v8.setFlagsFromString('--no-expose-gc');
  }
  fullGc();
  fullGc();
  return process.memoryUsage().heapUsed;
}

const MB = (b) => Math.round(b / 1e4) / 100;
let x = cp.asarray(Float32Array.from({ length: N }, (_, i) => Math.sin(i) * 100));
const device = x.runner.device;
const deviceUsed = () => (device.addon ? device.addon.memGetInfo().total - device.addon.memGetInfo().free : 0);
const usedAtStart = deviceUsed();
const peaks = { heapMB: 0, bytesInUseMB: 0, poolReservedMB: 0, deviceUsedMB: 0 };

function line(step, ms) {
  const m = process.memoryUsage();
  const s = device.memoryStats();
  const row = {
    step, ms: Math.round(ms),
    heapMB: MB(m.heapUsed), arrayBuffersMB: MB(m.arrayBuffers),
    ...(opts.gc ? { retainedHeapMB: MB(retainedHeap()) } : {}),
    bytesInUseMB: MB(s.bytesInUse), buffers: s.buffers, poolReservedMB: MB(s.poolReservedBytes),
    deviceUsedMB: MB(deviceUsed() - usedAtStart), collections: collections().count,
  };
  for (const k of Object.keys(peaks)) peaks[k] = Math.max(peaks[k], row[k]);
  process.stdout.write(`${JSON.stringify(row)}\n`);
}

const t0 = performance.now();
line(0, 0);
for (let i = 1; i <= STEPS; i++) {
  x = x.mul(0.9).add(1);
  if (opts.read) x.get(0).item();
  else x.eval();
  if (i % EVERY === 0) line(i, performance.now() - t0);
}
const ms = performance.now() - t0;
const c = collections();
process.stdout.write(`${JSON.stringify({
  summary: true, backend: cp.currentBackend(), n: N, steps: STEPS, read: opts.read,
  us_per_step: Math.round((ms * 1e3) / STEPS * 10) / 10, peaks, collections: c.count, collection_ms: Math.round(c.ms),
  x0: x.get(0).item(), // the recurrence's fixed point is 10
})}\n`);
