// Timing helpers shared by the GPU benchmarks (bench/reductions.mjs, bench/views.mjs): CUDA events
// around one eval() per rep, median and min after the warmups, and the device-copy ceiling.
export const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
export const gbps = (bytes, ms) => bytes / (ms * 1e-3) / 1e9;

/** Median and min ms of `reps` evaluations of build() after `warmup` (each result disposed). */
export function measure(device, build, reps, warmup = 3) {
  const ms = [];
  for (let i = 0; i < warmup + reps; i++) {
    const y = build();
    const t = device.timeMs(() => y.eval());
    y.dispose();
    if (i >= warmup) ms.push(t);
  }
  return { median_ms: median(ms), min_ms: Math.min(...ms) };
}

/** GB/s of a device-to-device copy of computed array `x` (bytes read plus bytes written). */
export function copyRate(device, x, reps, warmup = 3) {
  const src = x.node.realized.storage;
  const dst = device.alloc(src.bytes);
  const ms = [];
  for (let i = 0; i < warmup + reps; i++) { const t = device.timeMs(() => dst.copyFrom(src)); if (i >= warmup) ms.push(t); }
  dst.dispose();
  return gbps(2 * src.bytes, median(ms));
}
