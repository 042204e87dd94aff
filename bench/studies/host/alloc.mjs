// What an allocation costs the host on a CUDA device: device.alloc() + dispose() of one size in
// a loop (up to 1 MiB from cupyts' buffer pool, larger ones from cuMemAllocAsync's stream-ordered
// pool), and a radix sort's scratch of 2^24 int64 keys as seven buffers (as before 100de9b) and as
// one. Prints microseconds per round. Usage (dist/ built, a GPU): node bench/studies/host/alloc.mjs
import { CudaDevice } from '../../../dist/runtime/cuda-device.js';

const device = CudaDevice.open(0);
const sync = () => device.addon.ctxSynchronize();
const time = (reps, f) => {
  for (let i = 0; i < 5; i++) f();
  sync();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) f();
  const host = (performance.now() - t0) / reps;
  sync();
  return host * 1000;
};
for (const bytes of [4 << 10, 1 << 20, 4 << 20, 32 << 20, 128 << 20, 512 << 20]) {
  const us = time(200, () => device.alloc(bytes).dispose());
  console.log(`alloc+dispose ${bytes} B: ${us.toFixed(2)} us`);
}
const radix = [9 << 20, 64 << 10, 64, 128 << 20, 128 << 20, 128 << 20, 128 << 20];
const seven = time(100, () => {
  const bs = radix.map((b) => device.alloc(b));
  bs.slice(0, 3).forEach((b) => b.fillBytes(0));
  bs.forEach((b) => b.dispose());
});
console.log(`radix scratch as 7 buffers, 3 memsets: ${seven.toFixed(2)} us`);
const rounded = radix.map((b) => Math.ceil(b / 256) * 256);
const total = rounded.reduce((a, b) => a + b, 0);
const counters = rounded[0] + rounded[1] + rounded[2]; // the three regions the sort zeroes
const one = time(100, () => {
  const b = device.alloc(total);
  device.addon.memsetD8(b.ptr, 0, counters, device.stream);
  b.dispose();
});
console.log(`radix scratch as 1 buffer, 1 memset: ${one.toFixed(2)} us`);
const raw = time(200, () => device.addon.memFree(device.addon.memAlloc(128 << 20, device.stream), device.stream));
console.log(`raw memAlloc+memFree 128 MiB: ${raw.toFixed(2)} us`);
