// cp.random's distributions on the GPU (issue 23), against CuPy and PyTorch (bench/peers_random.py):
//   poisson(lam = 5 and 1000), gamma(shape = 0.5 and 5), binomial(100, 0.3): 2^26 samples each;
//   multivariate_normal of 64 dimensions: 2^20 vectors (2^26 values).
// Samples are float64 (gamma, multivariate_normal) or int64 counts, NumPy's defaults.
//
// Usage (needs dist/: `npx tsc -p tsconfig.build.json`; bench/run-random.sh runs everything):
//   node bench/random.mjs [--size-log2 26] [--reps 20] [--only poisson,gamma] [--out bench/out/random-cupyts.json]
//                         [--peers bench/out/random-peers.json]   (then prints the markdown table)
//   node bench/random.mjs --dry-run   (CPU: builds each row's graph at a small size and checks it reads back)
// Timing: CUDA events around each eval(), back to back (bench/timing.mjs), median after 3 warmups;
// the first call (the NVRTC compile) is timed apart as compile_ms. With --peers, the table gives
// each peer's median over ours (above 1: cupyts is faster).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { measure } from './timing.mjs';

const { values: opts } = parseArgs({
  options: {
    'size-log2': { type: 'string', default: '26' }, reps: { type: 'string', default: '20' }, only: { type: 'string', default: '' },
    out: { type: 'string', default: 'bench/out/random-cupyts.json' }, peers: { type: 'string', default: '' }, 'dry-run': { type: 'boolean', default: false },
  },
});
const cp = await import(new URL('../dist/index.js', import.meta.url).href);
const dry = opts['dry-run'];
const n = dry ? 4096 : 2 ** Number(opts['size-log2']);
const reps = Number(opts.reps);
const only = opts.only.split(',').filter(Boolean);
const log = (s) => process.stderr.write(`${s}\n`);

/** The rows: name, samples, and the call (the same names in peers_random.py). */
const dims = 64;
const cov = (() => {
  // A fixed SPD matrix: 0.5^|i-j| (AR(1) correlation).
  const m = [];
  for (let i = 0; i < dims; i++) m.push(Array.from({ length: dims }, (_, j) => 0.5 ** Math.abs(i - j)));
  return m;
})();
const ROWS = [
  ['poisson_lam5', n, (g) => g.poisson(5, n)],
  ['poisson_lam1000', n, (g) => g.poisson(1000, n)],
  ['gamma_shape0.5', n, (g) => g.gamma(0.5, 1, n)],
  ['gamma_shape5', n, (g) => g.gamma(5, 1, n)],
  ['binomial_100_0.3', n, (g) => g.binomial(100, 0.3, n)],
  ['multivariate_normal_64', n, (g, mean, c) => g.multivariate_normal(mean, c, n / dims, { method: 'cholesky' })],
];

const rows = [];
if (dry) {
  const g = cp.random.default_rng(1);
  const mean = cp.zeros([dims]);
  const c = cp.asarray(cov);
  for (const [name, samples, call] of ROWS) {
    const t0 = performance.now();
    const x = call(g, mean, c);
    const v = x.dataSync();
    const m = Array.from(v, Number).reduce((a, b) => a + b, 0) / v.length;
    log(`${name.padEnd(26)} ${samples} samples: read back ${v.length} values, mean ${m.toFixed(3)} (${(performance.now() - t0).toFixed(0)} ms on the CPU)`);
  }
  process.exit(0);
}

const { CudaDevice } = await import(new URL('../dist/runtime/cuda-device.js', import.meta.url).href);
const device = CudaDevice.open(0);
const g = cp.random.default_rng(1234);
const mean = cp.zeros([dims]).eval();
const c = cp.asarray(cov).eval();
const write = () => {
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, JSON.stringify({ library: 'cupyts', device: device.info, rows }, null, 2));
};
for (const [name, samples, call] of ROWS) {
  if (only.length && !only.some((o) => name.startsWith(o))) continue;
  try {
    const t0 = performance.now();
    const first = call(g, mean, c);
    first.eval();
    device.synchronize();
    const compileMs = performance.now() - t0;
    first.dispose();
    const t = measure(device, () => call(g, mean, c), reps);
    const r = { name, samples, median_ms: t.median_ms, min_ms: t.min_ms, gsamples_per_s: samples / (t.median_ms * 1e-3) / 1e9, compile_ms: compileMs };
    rows.push(r);
    log(`cupyts ${name.padEnd(26)} ${t.median_ms.toFixed(3).padStart(10)} ms  ${r.gsamples_per_s.toFixed(2)} Gsamples/s  (first call ${compileMs.toFixed(0)} ms)`);
  } catch (err) {
    rows.push({ name, samples, error: String(err?.message ?? err).slice(0, 500) });
    log(`cupyts ${name}: ${err?.message ?? err}`);
  }
  write();
}
write();

if (opts.peers && existsSync(opts.peers)) {
  const peers = JSON.parse(readFileSync(opts.peers, 'utf8')).peers ?? {};
  const names = Object.keys(peers);
  const find = (peer, name) => peers[peer].find((r) => r.name === name);
  const cell = (r) => (!r ? 'n/a' : r.error ? 'failed' : r.median_ms.toFixed(3));
  const lines = [
    `| row | cupyts ms | ${names.map((p) => `${p} ms | ${p}/cupyts`).join(' | ')} | best peer/cupyts |`,
    `|---|---|${names.map(() => '---|---').join('|')}|---|`,
  ];
  for (const r of rows) {
    const ratios = names.map((p) => { const q = find(p, r.name); return q && !q.error && !r.error ? q.median_ms / r.median_ms : null; });
    const valid = ratios.filter((x) => x !== null);
    lines.push(`| ${r.name} | ${cell(r)} | ${names.map((p, k) => `${cell(find(p, r.name))} | ${ratios[k] === null ? '–' : ratios[k].toFixed(2)}`).join(' | ')} | ${valid.length ? Math.min(...valid).toFixed(2) : '–'} |`);
  }
  console.log(lines.join('\n'));
}
