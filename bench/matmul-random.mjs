// matmul and random-number benchmark of cupyts on the GPU, the counterpart of the matmul_f32,
// matmul_f16, normal and normal_sq_sum workloads of bench/peers.py:
//   matmul_f32 / matmul_f16: 4096 x 4096 @ 4096 x 4096 (inputs uniform in [0.5, 1.5)), TFLOP/s
//   write:         the write ceiling: 2^28 float32 written by cuMemsetD8Async and by cp.full
//   normal:        standard_normal(2^28) float32 written to memory, GB/s of written bytes
//   normal_sq_sum: sum(standard_normal(2^28) ** 2), one fused kernel that never stores the
//                  samples (needs cp.sum: reported as skipped until reductions exist)
//
// Usage (needs dist/: `npx tsc -p tsconfig.build.json`):
//   node bench/matmul-random.mjs [--size-log2 28] [--reps 30] [--out bench/out/cupyts-matmul-random.json]
//                                [--peers bench/out/peers.json]
// Timing: CUDA events (CudaDevice.timeEachMs, back to back) around each call (matmul queues its GEMM at the call;
// draws are evaluated with eval()); median and min over the reps after 3 warmups. With --peers,
// a table of cupyts against CuPy and PyTorch from that peers.py JSON follows (ratio = their
// median time / ours: above 1 is faster than them).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';

const cp = await import(new URL('../dist/index.js', import.meta.url).href);
const { CudaDevice } = await import(new URL('../dist/runtime/cuda-device.js', import.meta.url).href);

const WARMUP = 3;
const MATMUL_N = 4096;
const CHECK_ROWS = 16;
const CHECK_SAMPLES = 2 ** 20;

const { values: opts } = parseArgs({
  options: {
    'size-log2': { type: 'string' },
    reps: { type: 'string' },
    out: { type: 'string', default: 'bench/out/cupyts-matmul-random.json' },
    peers: { type: 'string' },
  },
  strict: false,
});
const sizeLog2 = Number(opts['size-log2'] ?? 28);
const reps = Number(opts.reps ?? 30);
if (!Number.isInteger(sizeLog2) || sizeLog2 < 10 || sizeLog2 > 30) throw new Error(`matmul-random.mjs: --size-log2: expected an integer in [10, 30], got ${opts['size-log2']}`);
if (!Number.isInteger(reps) || reps < 1) throw new Error(`matmul-random.mjs: --reps: expected a positive integer, got ${opts.reps}`);
const n = 2 ** sizeLog2;

cp.useBackend('cuda');
const device = CudaDevice.open(0);
const log = (m) => process.stderr.write(`${m}\n`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (v, digits = 5) => (Number.isFinite(v) ? Number(v.toPrecision(digits)) : null);

/** Warmups, then `reps` CUDA-event timings of `work()` (its result is disposed after each). */
function measure(work) {
  // Back to back, as peers.py times CuPy and PyTorch (each call between its own events, no
  // synchronization until the last), so host time shows only where it exceeds the GPU's.
  const ms = device.timeEachMs(() => { work()?.dispose?.(); }, WARMUP + reps).slice(WARMUP);
  return { median_ms: median(ms), min_ms: Math.min(...ms) };
}

function matmulWorkload(dtype) {
  const rng = cp.random.default_rng(1);
  const a = rng.uniform(0.5, 1.5, [MATMUL_N, MATMUL_N], { dtype: 'float32' }).astype(dtype).eval();
  const b = rng.uniform(0.5, 1.5, [MATMUL_N, MATMUL_N], { dtype: 'float32' }).astype(dtype).eval();
  const first = cp.matmul(a, b);
  const got = first.dataSync();
  const av = a.dataSync();
  const bv = b.dataSync();
  let num = 0;
  let den = 0;
  for (let i = 0; i < CHECK_ROWS; i++) {
    const ref = new Float64Array(MATMUL_N);
    for (let p = 0; p < MATMUL_N; p++) {
      const x = av[i * MATMUL_N + p];
      for (let j = 0; j < MATMUL_N; j++) ref[j] += x * bv[p * MATMUL_N + j];
    }
    for (let j = 0; j < MATMUL_N; j++) {
      num += (got[i * MATMUL_N + j] - ref[j]) ** 2;
      den += ref[j] ** 2;
    }
  }
  first.dispose();
  const relErr = Math.sqrt(num / den);
  const t = measure(() => cp.matmul(a, b));
  a.dispose();
  b.dispose();
  const tol = dtype === 'float16' ? 2e-3 : 1e-5;
  return {
    median_ms: round(t.median_ms), min_ms: round(t.min_ms),
    tflops: round((2 * MATMUL_N ** 3) / (t.median_ms * 1e-3) / 1e12),
    rel_err: Number(relErr.toPrecision(3)), ok: relErr < tol, allow_tf32: cp.config.allowTF32,
  };
}

/**
 * The write ceiling of the normal workload: the same bytes written by cuMemsetD8Async and by the
 * fused fill kernel cupyts generates for cp.full (the best of the two is the reference).
 */
function writeWorkload() {
  const buf = device.alloc(n * 4);
  const memset = measure(() => buf.fillBytes(0x3f));
  buf.dispose();
  const fill = measure(() => cp.full(n, 1.5, { dtype: 'float32' }).eval());
  const best = Math.min(memset.median_ms, fill.median_ms);
  return {
    median_ms: round(best), memset_ms: round(memset.median_ms), fill_ms: round(fill.median_ms),
    gbps: round((n * 4) / (best * 1e-3) / 1e9), ok: true,
  };
}

function normalWorkload() {
  const rng = cp.random.default_rng(2);
  const first = rng.standard_normal(n, { dtype: 'float32' }).eval();
  const sample = new Float32Array(Math.min(n, CHECK_SAMPLES));
  first.node.realized.storage.read(sample);
  first.dispose();
  let s = 0;
  let s2 = 0;
  for (const x of sample) { s += x; s2 += x * x; }
  const mean = s / sample.length;
  const err = Math.max(Math.abs(mean), Math.abs(Math.sqrt(s2 / sample.length - mean * mean) - 1));
  const kernel = cp.explain(rng.standard_normal(n, { dtype: 'float32' })).kernels[0];
  const t = measure(() => rng.standard_normal(n, { dtype: 'float32' }).eval());
  return {
    median_ms: round(t.median_ms), min_ms: round(t.min_ms), gbps: round((n * 4) / (t.median_ms * 1e-3) / 1e9),
    moment_err: Number(err.toPrecision(3)), ok: err < 1e-2, kernel: kernel?.name, launch: kernel?.launch,
  };
}

function normalSqSumWorkload() {
  if (typeof cp.sum !== 'function') return { skipped: 'cp.sum is not available yet (reductions are not merged into this build)' };
  const rng = cp.random.default_rng(3);
  const build = () => cp.sum(rng.standard_normal(n, { dtype: 'float32' }).square());
  const kernels = cp.explain(build()).kernels;
  const value = Number(build().item());
  const err = Math.abs(value / n - 1);
  const t = measure(() => build().eval());
  return {
    median_ms: round(t.median_ms), min_ms: round(t.min_ms), gsamples_per_s: round(n / (t.median_ms * 1e-3) / 1e9),
    equivalent_gbps: round((n * 4) / (t.median_ms * 1e-3) / 1e9), mean_of_squares: round(value / n, 7), ok: err < 1e-3,
    kernels: kernels.map((k) => k.name),
  };
}

log(`matmul-random.mjs: ${device.info.name}; matmul ${MATMUL_N}^3; draws n = 2^${sizeLog2}; ${reps} reps after ${WARMUP} warmups`);
const results = {};
for (const [name, run] of [
  ['matmul_f32', () => matmulWorkload('float32')],
  ['matmul_f16', () => matmulWorkload('float16')],
  ['write', writeWorkload],
  ['normal', normalWorkload],
  ['normal_sq_sum', normalSqSumWorkload],
]) {
  try {
    results[name] = run();
  } catch (err) {
    results[name] = { error: String(err?.message ?? err).split('\n')[0] };
  }
  log(`  ${name.padEnd(14)} ${JSON.stringify(results[name])}`);
}

const doc = {
  device: device.info.name, date: new Date().toISOString(), n, size_log2: sizeLog2, matmul_n: MATMUL_N, reps, warmup: WARMUP,
  timing: 'CUDA events around each call, back to back', results,
  all_ok: Object.values(results).every((r) => r.ok || r.skipped),
};
const text = JSON.stringify(doc, null, 1);
process.stdout.write(`${text}\n`);
mkdirSync(dirname(opts.out), { recursive: true });
writeFileSync(opts.out, `${text}\n`);

if (opts.peers) {
  let peers = { results: {} };
  try {
    peers = JSON.parse(readFileSync(opts.peers, 'utf8'));
  } catch (err) {
    log(`matmul-random.mjs: could not read ${opts.peers}: ${err.message}`);
  }
  const rows = [['workload', 'cupyts ms', 'cupy ms', 'torch ms', 'vs cupy', 'vs torch', 'cupyts rate']];
  for (const [name, r] of Object.entries(results)) {
    const p = peers.results?.[name] ?? {};
    const ratio = (q) => (q?.median_ms && r.median_ms ? `${(q.median_ms / r.median_ms).toFixed(2)}x` : '-');
    const rate = r.tflops ? `${r.tflops} TFLOP/s` : r.gbps ? `${r.gbps} GB/s` : r.gsamples_per_s ? `${r.gsamples_per_s} Gsamples/s` : (r.skipped ?? r.error ?? '-');
    const ofWrite = name === 'normal' && r.gbps && results.write?.gbps ? ` (${(r.gbps / results.write.gbps).toFixed(3)} of write)` : '';
    rows.push([name, String(r.median_ms ?? '-'), String(p.cupy?.median_ms ?? '-'), String(p.torch?.median_ms ?? '-'), ratio(p.cupy), ratio(p.torch), rate + ofWrite]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row) => `| ${row.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  process.stderr.write(`\n${[line(rows[0]), line(widths.map((w) => '-'.repeat(w))), ...rows.slice(1).map(line)].join('\n')}\n`);
}
if (!doc.all_ok) process.exitCode = 1;
