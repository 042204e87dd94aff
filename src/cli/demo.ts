// `cupyts demo`: a short walkthrough of what cupyts does — build a lazy expression, look at the
// one fused kernel it becomes, run it twice (compile, then cached), and check it against plain JS.
import * as cp from '../index.js';
import { CudaDevice } from '../runtime/cuda-device.js';

/** Enough for the whole fused JS kernel of the demo (its flat loop unrolled by 4: 92 lines). */
const SOURCE_LINES = 120;
const SHOWN = 5;

/** The chain the demo computes: 8 elementwise ops, one fused kernel. */
const chain8 = (x: cp.NDArray): cp.NDArray => x.mul(1.5).add(0.5).sin().mul(x).add(x.cos()).exp().sub(1);
const chain8Js = (x: number): number => Math.exp(Math.sin(1.5 * x + 0.5) * x + Math.cos(x)) - 1;
const CHAIN8_TEXT = 'exp(sin(1.5*x + 0.5)*x + cos(x)) - 1';

/** n random float32 values in [-1, 1) (xorshift32, seeded: the same every run). */
function randomFloats(n: number): Float32Array {
  const out = new Float32Array(n);
  let s = 0x9e3779b9 | 0;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = (s >>> 0) / 2 ** 31 - 1;
  }
  return out;
}

/**
 * The kernel's own lines: from its signature to its closing brace (the first line after it that
 * is only `}` or `};`), leaving out the shared prelude before it and, for JavaScript, the wrapper
 * that closes after it. At most `count` of them, then how many more there are.
 */
export function kernelExcerpt(source: string, name: string, count: number): string[] {
  const lines = source.split('\n');
  const start = Math.max(0, lines.findIndex((l) => l.includes(name)));
  const close = lines.findIndex((l, i) => i > start && /^\};?$/.test(l));
  const kernel = lines.slice(start, close < 0 ? lines.length : close + 1);
  return kernel.length > count ? [...kernel.slice(0, count), `  ... (${kernel.length - count} more lines)`] : kernel;
}

const ms = (v: number) => (v < 1 ? `${v.toFixed(3)} ms` : `${v.toFixed(1)} ms`);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

export async function runDemo(): Promise<string> {
  const out: string[] = [];
  const say = (line = '') => {
    out.push(line);
    process.stdout.write(`${line}\n`);
  };

  const backend = cp.currentBackend();
  const device = backend === 'cuda' ? CudaDevice.open(0) : undefined;
  say('cupyts demo: a lazy NumPy-style expression, fused into one kernel');
  say();
  say(device
    ? `backend: cuda — ${device.info.name} (${device.info.arch}, ${device.info.multiprocessors} SMs, driver ${device.info.driverVersion})`
    : 'backend: cpu — no usable CUDA device here, so kernels are generated JavaScript (set CUPYTS_BACKEND=cuda to insist on a GPU)');

  const n = device ? 2 ** 24 : 2 ** 20;
  const host = randomFloats(n);
  const x = cp.asarray(host); // Float32Array -> float32, uploaded now
  say(`x = cp.asarray(Float32Array of ${n.toLocaleString('en-US')} random values in [-1, 1))  // ${mib(n * 4)} float32`);
  say();

  // 1. Build: nothing runs yet.
  let t0 = performance.now();
  const y = chain8(x);
  const buildMs = performance.now() - t0;
  say(`y = x.mul(1.5).add(0.5).sin().mul(x).add(x.cos()).exp().sub(1)   // ${CHAIN8_TEXT}`);
  say(`    built lazily in ${ms(buildMs)}: a graph of shape (${y.shape.join(', ')}${y.ndim === 1 ? ',' : ''}) ${y.dtype.name}, nothing computed yet`);
  say();

  // 2. Explain: what evaluating y would run.
  const plan = cp.explain(y);
  const kernel = plan.kernels[0];
  say(`cp.explain(y): ${plan.graph.length} graph nodes -> ${plan.kernels.length} kernel${plan.kernels.length === 1 ? '' : 's'}`);
  if (kernel) {
    const launch = kernel.launch ? `, launch grid ${kernel.launch.grid} × block ${kernel.launch.block}, ${kernel.launch.vectorWidth} elements per load` : '';
    say(`  kernel ${kernel.name} (${kernel.language === 'cuda' ? 'CUDA C' : 'JavaScript'}${launch})`);
    say('  generated source of the kernel (the shared prelude of helpers left out):');
    for (const line of kernelExcerpt(kernel.source, kernel.name, SOURCE_LINES)) say(`    | ${line}`);
  }
  say();

  // 3. Evaluate twice: the first includes compiling (or a disk-cache hit), the second is cached.
  t0 = performance.now();
  y.eval();
  device?.synchronize();
  const firstMs = performance.now() - t0;
  const cache = cp.explain(chain8(x)).kernels[0]?.cache;
  const how = cache === 'compiled' ? 'includes the NVRTC compile' : cache === 'disk' ? 'kernel loaded from the disk cache' : cache === 'memory' ? 'kernel already in memory' : 'includes generating the kernel';
  say(`first  y.eval(): ${ms(firstMs)} (${how}; wall clock)`);

  const again = chain8(x); // a fresh expression: a computed array is never recomputed
  let secondMs: number;
  if (device) {
    secondMs = device.timeMs(() => void again.eval());
  } else {
    t0 = performance.now();
    again.eval();
    secondMs = performance.now() - t0;
  }
  const bytes = 2 * n * 4; // read x once, write y once
  say(`second eval():   ${ms(secondMs)} (${device ? 'GPU time from CUDA events' : 'wall clock'}) → ` +
    `${(bytes / (secondMs * 1e-3) / 1e9).toFixed(1)} GB/s (${mib(bytes)} read + written)`);
  say();

  // 4. Check against plain JavaScript in float64.
  const got = (await y.data()) as Float32Array;
  say(`first ${SHOWN} values, cupyts (float32) next to plain JS (float64):`);
  say(`    ${'x'.padStart(11)}  ${'cupyts'.padStart(11)}  ${'JS float64'.padStart(11)}`);
  let worst = 0;
  for (let i = 0; i < SHOWN; i++) {
    const ref = chain8Js(host[i]);
    worst = Math.max(worst, Math.abs(got[i] - ref) / Math.abs(ref));
    say(`    ${host[i].toFixed(7).padStart(11)}  ${got[i].toFixed(7).padStart(11)}  ${ref.toFixed(7).padStart(11)}`);
  }
  say(`    largest relative difference: ${worst.toExponential(1)} (float32 rounding)`);

  x.dispose();
  y.dispose();
  again.dispose();
  return out.join('\n');
}
