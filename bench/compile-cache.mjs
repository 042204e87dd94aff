// Kernel compile and cache timing: cold NVRTC compile of one small kernel in a fresh process with
// an empty cache, then the same kernel from the warm disk cache in a new process (read + load).
// Usage: node bench/compile-cache.mjs        (needs `npm run build`; a GPU for the module load)
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const SOURCE = `extern "C" __global__ void axpy(float a, const float* x, const float* y, float* out, unsigned n) {
  unsigned i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = a * x[i] + y[i];
}`;

const child = `
  const [root, dir, source] = process.argv.slice(1);
  const { NvrtcCompiler } = await import(root + '/dist/runtime/compiler.js');
  const { DiskKernelCache } = await import(root + '/dist/runtime/kernel-cache.js');
  const { CudaDevice } = await import(root + '/dist/runtime/cuda-device.js');
  const { CudaModule } = await import(root + '/dist/runtime/cuda-module.js');
  const hasGpu = CudaDevice.count() > 0;
  const arch = hasGpu ? CudaDevice.open(0).arch : 'sm_90';
  const compiler = new NvrtcCompiler({ disk: new DiskKernelCache({ dir }) });
  const t0 = performance.now();
  const k = compiler.compile({ source, name: 'axpy.cu', arch });
  const t1 = performance.now();
  if (hasGpu) new CudaModule(CudaDevice.open(0), k.binary).kernel('axpy');
  const t2 = performance.now();
  process.stdout.write(JSON.stringify({ arch, cache: k.cache, getMs: t1 - t0, loadMs: t2 - t1, totalMs: t2 - t0, nvrtc: compiler.nvrtc.version }));`;

const dir = mkdtempSync(join(tmpdir(), 'cupyts-bench-cache-'));
const run = () => JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', child, root, dir, SOURCE], { encoding: 'utf8' }));
const cold = run();
const warm = [run(), run(), run()];
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(JSON.stringify({ cold, warm }, null, 1));
console.log(`cold compile (${cold.arch}, NVRTC ${cold.nvrtc}): ${cold.getMs.toFixed(1)} ms + module load ${cold.loadMs.toFixed(2)} ms`);
console.log(`warm disk cache, new process: ${median(warm.map((w) => w.getMs)).toFixed(2)} ms read + ${median(warm.map((w) => w.loadMs)).toFixed(2)} ms module load (median of 3, cache=${warm[0].cache})`);
