// Timing helpers shared by the GPU benchmarks (bench/reductions.mjs, bench/views.mjs, bench/grid.mjs): CUDA events
// around one eval() per rep, queued back to back (CudaDevice.timeEachMs), median and min after the warmups, and the device-copy ceiling.
export const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
export const gbps = (bytes, ms) => bytes / (ms * 1e-3) / 1e9;

/** Median and min ms of `reps` evaluations of build() after `warmup` (each result disposed). */
export function measure(device, build, reps, warmup = 3) {
  // Back to back, as peers.py times CuPy and PyTorch: graphs built first (untimed), then each
  // eval() queued between its events with no synchronization until the last.
  const ys = Array.from({ length: warmup + reps }, () => build());
  const ms = device.timeEachMs((i) => { ys[i].eval(); ys[i].dispose(); }, ys.length).slice(warmup);
  return { median_ms: median(ms), min_ms: Math.min(...ms) };
}

/** GB/s of a device-to-device copy of computed array `x` (bytes read plus bytes written). */
export function copyRate(device, x, reps, warmup = 3) {
  const src = x.node.realized.storage;
  const dst = device.alloc(src.bytes);
  const ms = device.timeEachMs(() => dst.copyFrom(src), warmup + reps).slice(warmup);
  dst.dispose();
  return gbps(2 * src.bytes, median(ms));
}

/**
 * Median and min ms of `reps` calls of build().eval() after `warmup`, with the graph built inside
 * the timed region (what a user pays per call: building the lazy expression, then eval). Each
 * result is disposed in its rep. `timer` is a CudaDevice or anything with timeEachMs(work, reps).
 */
export function measureBuilt(timer, build, reps, warmup = 3) {
  const work = () => { const y = build(); y.eval(); y.dispose(); };
  const ms = timer.timeEachMs(work, warmup + reps).slice(warmup);
  return { median_ms: median(ms), min_ms: Math.min(...ms) };
}
