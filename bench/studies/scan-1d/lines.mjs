// cumsum along rows of (lines x length) float32, 2^26 elements in all, lines 1 to 1024: where the
// 'rows' scan's look-back (few lines: a line's tiles run at once) or its tile work (many lines)
// bounds it. Usage: node bench/studies/scan-1d/lines.mjs [dist folder, default dist]  (CUDA events, median of 20)
import { measure } from '../../timing.mjs';
const dist = new URL(`../../../${process.argv[2] ?? 'dist'}/`, import.meta.url);
const cp = await import(new URL('index.js', dist).href);
const { CudaDevice } = await import(new URL('runtime/cuda-device.js', dist).href);
const device = CudaDevice.open(0);
for (const lines of [1, 2, 4, 8, 16, 32, 64, 128, 256, 1024]) {
  const x = cp.random.default_rng(1).random(2 ** 26, 'float32').reshape(lines, 2 ** 26 / lines).eval();
  const { median_ms } = measure(device, () => cp.cumsum(x, 1), 20, 3);
  console.log(`${process.argv[2] ?? 'dist'} ${lines} x ${2 ** 26 / lines}: ${median_ms.toFixed(4)} ms`);
  x.dispose();
}
