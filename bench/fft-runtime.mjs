// The FFT rows of issue 19 (bench/fft_rows.json) through cp.fft on the GPU: each row times the
// call a user makes (cp.fft.fft / fft2 / rfft on a computed contiguous input, then eval()) and,
// for reference, the bare cuFFT execution through the plan cache (src/runtime/cufft.ts) on a
// preallocated output, so the table shows what the API adds to cuFFT. bench/peers_fft.py times
// the same rows in cupy.fft and torch.fft; bench/run-fft.sh runs both and prints the table.
//
// Usage (GPU machine, needs dist/): node bench/fft-runtime.mjs [--reps 30] [--out FILE] [--peers FILE]
//   --dry-run: on the CPU backend, each row shrunk to at most 2^12 elements, one call each, no
//   timing (checks that the rows and the calls work without a device).
// Timing: CUDA events around each call, back to back (bench/timing.mjs measureBuilt: the call,
// which queues the transform, and its eval, which is a no-op for 'backward' forward transforms);
// median and min after 3 warmups. GB/s counts the input read and the output written once.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    reps: { type: 'string', default: '30' }, out: { type: 'string', default: 'bench/out/cupyts-fft.json' },
    peers: { type: 'string' }, 'dry-run': { type: 'boolean', default: false },
  },
});
const reps = Number(opts.reps);
if (!Number.isInteger(reps) || reps < 1) throw new Error(`fft-runtime.mjs: --reps: expected a positive integer, got ${opts.reps}`);
const dry = opts['dry-run'];

const cp = await import(new URL('../dist/index.js', import.meta.url).href);
const { median, measureBuilt, copyRate, gbps } = await import(new URL('./timing.mjs', import.meta.url).href);
const rows = JSON.parse(readFileSync(new URL('./fft_rows.json', import.meta.url), 'utf8')).rows;
const log = (m) => process.stderr.write(`${m}\n`);

/** The cp.fft call of a row (as bench/peers_fft.py's call_for). */
function callOf(row) {
  if (row.kind === 'r2c') return row.axes === 1 ? (x) => cp.fft.rfft(x) : (x) => cp.fft.rfftn(x);
  return row.axes === 1 ? (x) => cp.fft.fft(x) : (x) => cp.fft.fft2(x);
}

/** The row's shape, shrunk for a dry run (each axis to at most 2^12 / ndim elements in all). */
function shapeOf(row) {
  if (!dry) return row.shape;
  const side = Math.floor(2 ** (12 / row.shape.length));
  return row.shape.map((d) => Math.min(d, side + (d % 2)));
}

function inputOf(row, rng) {
  const x = rng.random(shapeOf(row), { dtype: 'float32' });
  return (row.kind === 'c2c' ? cp.add(x, cp.multiply(x, cp.complex(0, 1))) : x).eval();
}

if (dry) {
  cp.useBackend('cpu');
  const rng = cp.random.default_rng(19);
  for (const row of rows) {
    const x = inputOf(row, rng);
    const y = callOf(row)(x);
    y.eval();
    log(`${row.name.padEnd(28)} dry run on ${shapeOf(row).join('x')}: ${y.dtype.name} ${y.shape.join('x')}`);
  }
  process.exit(0);
}

cp.useBackend('cuda');
const { CudaDevice } = await import(new URL('../dist/runtime/cuda-device.js', import.meta.url).href);
const { Cufft } = await import(new URL('../dist/runtime/cufft.js', import.meta.url).href);
const device = CudaDevice.open(0);
const cufft = Cufft.for(device);
const rng = cp.random.default_rng(19);

const copySource = rng.random([2 ** 28], { dtype: 'float32' }).eval();
const copyGBps = copyRate(device, copySource, reps);
copySource.dispose();
log(`device copy: ${copyGBps.toFixed(0)} GB/s`);

/** The bare cuFFT plan of a row: contiguous, the last `axes` axes transformed. */
function bareSpec(row) {
  const sizes = row.shape.slice(row.shape.length - row.axes);
  const batch = row.shape.slice(0, row.shape.length - row.axes).reduce((a, b) => a * b, 1);
  const outSizes = row.kind === 'r2c' ? [...sizes.slice(0, -1), Math.floor(sizes.at(-1) / 2) + 1] : sizes;
  const side = (dims) => ({ embed: dims, stride: 1, dist: dims.reduce((a, b) => a * b, 1) });
  return { kind: row.kind, precision: 'float32', sizes, batch, input: side(sizes), output: side(outSizes) };
}

/**
 * Host time per call (µs): wall clock over `reps` calls queued back to back (call, eval, dispose),
 * the GPU left to catch up after. Where it passes the bare cuFFT time, the event timings above
 * measure the host, not the transform (the GPU waits for each launch).
 */
function hostMicrosPerCall(build, reps) {
  device.synchronize();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) { const y = build(); y.eval(); y.dispose(); }
  const us = ((performance.now() - t0) * 1e3) / reps;
  device.synchronize();
  return us;
}

const results = [];
for (const row of rows) {
  const x = inputOf(row, rng);
  const call = callOf(row);
  const api = measureBuilt(device, () => call(x), reps);
  const hostUs = hostMicrosPerCall(() => call(x), reps);
  const y = call(x).eval();
  const bytes = x.nbytes + y.nbytes;
  const spec = bareSpec(row);
  const plan = cufft.plan(spec);
  const inPtr = x.node.realized.storage.ptr;
  const outPtr = y.node.realized.storage.ptr;
  const bareMs = device.timeEachMs(() => cufft.execute(cufft.plan(spec), inPtr, outPtr), 3 + reps).slice(3);
  const result = {
    name: row.name, median_ms: api.median_ms, min_ms: api.min_ms, bare_cufft_ms: median(bareMs), host_us_per_call: hostUs,
    bytes, gbps: gbps(bytes, api.median_ms), copy_fraction: gbps(bytes, api.median_ms) / copyGBps, work_area_bytes: plan.workBytes,
  };
  log(`${row.name.padEnd(28)} ${result.median_ms.toFixed(3)} ms (bare cuFFT ${result.bare_cufft_ms.toFixed(3)} ms, host ${hostUs.toFixed(1)} us per call), ${result.gbps.toFixed(0)} GB/s`);
  results.push(result);
  x.dispose();
  y.dispose();
}
const doc = { device: device.info.name, cufft: { path: cufft.path, version: cufft.version }, copy_gbps: copyGBps, reps, stats: cufft.stats(), rows: results };
mkdirSync(dirname(opts.out), { recursive: true });
writeFileSync(opts.out, JSON.stringify(doc, null, 2));

const fmt = (v) => (v === undefined ? '—' : v.toFixed(3));
const lines = [
  `FFT rows of issue 19 on ${device.info.name} (cuFFT ${cufft.version}); device copy ${copyGBps.toFixed(0)} GB/s; median of ${reps} calls, CUDA events.`,
  '',
  '| row | cupyts ms | bare cuFFT ms | host us per call | cupy ms | torch ms | best peer / cupyts | cupyts GB/s | of copy |',
  '|---|---|---|---|---|---|---|---|---|',
];
const peers = opts.peers ? JSON.parse(readFileSync(opts.peers, 'utf8')) : { rows: [] };
for (const r of results) {
  const p = peers.rows.find((q) => q.name === r.name) ?? {};
  const best = Math.min(p.cupy?.median_ms ?? Infinity, p.torch?.median_ms ?? Infinity);
  lines.push(`| ${r.name} | ${fmt(r.median_ms)} | ${fmt(r.bare_cufft_ms)} | ${r.host_us_per_call.toFixed(1)} | ${fmt(p.cupy?.median_ms)} | ${fmt(p.torch?.median_ms)} | ${Number.isFinite(best) ? (best / r.median_ms).toFixed(2) : '—'} | ${r.gbps.toFixed(0)} | ${r.copy_fraction.toFixed(2)} |`);
}
console.log(lines.join('\n'));
