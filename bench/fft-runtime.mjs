// The FFT rows of issue 19 (bench/fft_rows.json) through cupyts' cuFFT wrapper
// (src/runtime/cufft.ts) on device buffers, until cp.fft exists: the plan comes from the cache,
// each execution borrows its work area from the pool, the output buffer is allocated once (the
// peers allocate theirs per call, from their pools). The API-level rows replace these once
// complex dtypes land; this measures what the wrapper adds to cuFFT.
//
// Usage (needs dist/: `npx tsc -p tsconfig.build.json`):
//   node bench/fft-runtime.mjs [--reps 30] [--out bench/out/cupyts-fft.json] [--peers bench/out/peers-fft.json]
// Timing: CUDA events around each execution, back to back (CudaDevice.timeEachMs); median and
// min after 3 warmups. With --peers (bench/peers_fft.py's JSON), a table against cupy.fft and
// torch.fft follows (ratio = the best peer's median / ours: at least 0.95 is the target).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';

const { CudaDevice } = await import(new URL('../dist/runtime/cuda-device.js', import.meta.url).href);
const { Cufft } = await import(new URL('../dist/runtime/cufft.js', import.meta.url).href);
const { median } = await import(new URL('./timing.mjs', import.meta.url).href);

const WARMUP = 3;
const { values: opts } = parseArgs({
  options: { reps: { type: 'string' }, out: { type: 'string', default: 'bench/out/cupyts-fft.json' }, peers: { type: 'string' } },
  strict: false,
});
const reps = Number(opts.reps ?? 30);
if (!Number.isInteger(reps) || reps < 1) throw new Error(`fft-runtime.mjs: --reps: expected a positive integer, got ${opts.reps}`);

const rows = JSON.parse(readFileSync(new URL('./fft_rows.json', import.meta.url), 'utf8')).rows;
const device = CudaDevice.open(0);
const cufft = Cufft.for(device);
const log = (m) => process.stderr.write(`${m}\n`);

/** The plan spec and buffer sizes (bytes) of one row: contiguous, the last `axes` axes transformed. */
function planOf(row) {
  const sizes = row.shape.slice(row.shape.length - row.axes);
  const batch = row.shape.slice(0, row.shape.length - row.axes).reduce((a, b) => a * b, 1);
  const lineIn = sizes.reduce((a, b) => a * b, 1);
  const outSizes = row.kind === 'r2c' ? [...sizes.slice(0, -1), Math.floor(sizes.at(-1) / 2) + 1] : sizes;
  const lineOut = outSizes.reduce((a, b) => a * b, 1);
  const spec = {
    kind: row.kind, precision: 'float32', sizes, batch,
    input: { embed: null, stride: 1, dist: lineIn }, output: { embed: null, stride: 1, dist: lineOut },
  };
  const inBytes = batch * lineIn * (row.kind === 'r2c' ? 4 : 8);
  return { spec, inBytes, outBytes: batch * lineOut * 8 };
}

const results = [];
for (const row of rows) {
  const { spec, inBytes, outBytes } = planOf(row);
  const input = device.alloc(inBytes);
  const output = device.alloc(outBytes);
  const host = new Float32Array(inBytes / 4);
  for (let i = 0; i < host.length; i++) host[i] = Math.sin(i * 0.001) + (i % 7) * 0.01;
  input.write(host);
  const plan = cufft.plan(spec);
  const ms = device.timeEachMs(() => cufft.execute(cufft.plan(spec), input.ptr, output.ptr), WARMUP + reps).slice(WARMUP);
  const result = { name: row.name, median_ms: median(ms), min_ms: Math.min(...ms), work_area_bytes: plan.workBytes, gbps: (inBytes + outBytes) / (median(ms) * 1e-3) / 1e9 };
  log(`${row.name.padEnd(28)} ${result.median_ms.toFixed(3)} ms (min ${result.min_ms.toFixed(3)}), work area ${plan.workBytes} B`);
  results.push(result);
  input.dispose();
  output.dispose();
}
const doc = { device: device.info.name, cufft: { path: cufft.path, version: cufft.version }, reps, stats: cufft.stats(), rows: results };
mkdirSync(dirname(opts.out), { recursive: true });
writeFileSync(opts.out, JSON.stringify(doc, null, 2));

if (opts.peers) {
  const peers = JSON.parse(readFileSync(opts.peers, 'utf8'));
  const lines = ['| row | cupyts ms | cupy ms | torch ms | best peer / cupyts |', '|---|---|---|---|---|'];
  for (const r of results) {
    const p = peers.rows.find((x) => x.name === r.name) ?? {};
    const best = Math.min(p.cupy?.median_ms ?? Infinity, p.torch?.median_ms ?? Infinity);
    const fmt = (v) => (v === undefined ? '—' : v.toFixed(3));
    lines.push(`| ${r.name} | ${fmt(r.median_ms)} | ${fmt(p.cupy?.median_ms)} | ${fmt(p.torch?.median_ms)} | ${Number.isFinite(best) ? (best / r.median_ms).toFixed(2) : '—'} |`);
  }
  console.log(lines.join('\n'));
}
