// Reduction benchmark of cupyts on the GPU (issue 4): sum of 2^28 float32, row and column sums of
// 16384 × 16384, softmax and row normalization over 8192 × 8192, against a device copy of the
// same bytes. Same JSON layout as bench/elementwise.mjs, so bench/summarize.mjs reads both.
//
// Usage (GPU machine, needs dist/): node bench/reductions.mjs [--reps 30] [--out FILE]
// Timing: CUDA events around one eval() per rep (median after 3 warmups); GB/s = fewest bytes
// (input read once, output written once) / median time. Correctness: each result is compared
// with a float64 computation (cupyts in float64 for sums; a JS float64 reference on the first
// rows for softmax and normalization).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { copyRate as deviceCopyRate, gbps, measure as measureEval } from './timing.mjs';

const cp = await import(new URL('../dist/index.js', import.meta.url).href);
const { CudaDevice } = await import(new URL('../dist/runtime/cuda-device.js', import.meta.url).href);

const { values: opts } = parseArgs({ options: { reps: { type: 'string', default: '30' }, out: { type: 'string', default: 'bench/out/cupyts-reductions.json' } } });
const reps = Number(opts.reps);
const WARMUP = 3;
cp.useBackend('cuda');
const device = CudaDevice.open(0);
const log = (m) => process.stderr.write(`${m}\n`);

function randomFloats(count, seed, lo = -1, hi = 1) {
  const out = new Float32Array(count);
  let s = seed | 0 || 1;
  for (let i = 0; i < count; i++) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    out[i] = lo + (hi - lo) * (((s >>> 0) | 1) / 4294967296);
  }
  return out;
}

/** A random (rows, cols) float32 matrix built on the device from a random row and random row scales. */
function matrix(rows, cols, seed) {
  const row = cp.asarray(randomFloats(cols, seed));
  const scales = cp.asarray(Array.from(randomFloats(rows, seed * 3 + 1, 0.5, 2), (v) => [v]), { dtype: 'float32' });
  const shift = cp.asarray(Array.from(randomFloats(rows, seed * 5 + 2, -1, 1), (v) => [v]), { dtype: 'float32' });
  const x = cp.add(cp.multiply(scales, row), shift).eval();
  row.dispose(); scales.dispose(); shift.dispose();
  return x;
}

const measure = (build) => measureEval(device, build, reps, WARMUP);
const copyRate = (x) => deviceCopyRate(device, x, reps, WARMUP);

function relErr(got, want) {
  let num = 0; let den = 0;
  for (let i = 0; i < want.length; i++) { const d = got[i] - want[i]; num += d * d; den += want[i] * want[i]; }
  return Math.sqrt(num / den);
}

const softmax = (x) => { const e = x.sub(x.max({ axis: -1, keepdims: true })).exp(); return e.div(e.sum({ axis: -1, keepdims: true })); };
const normalize = (x) => x.sub(x.mean({ axis: -1, keepdims: true })).div(x.var({ axis: -1, keepdims: true }).add(1e-5).sqrt());

/** float64 references of the first `rows` rows of softmax / normalize. */
function rowReference(kind, data, cols, rows) {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const row = Array.from(data.subarray(r * cols, (r + 1) * cols));
    if (kind === 'softmax') {
      const m = Math.max(...row); const e = row.map((v) => Math.exp(v - m)); const s = e.reduce((a, b) => a + b, 0);
      e.forEach((v, j) => (out[r * cols + j] = v / s));
    } else {
      const m = row.reduce((a, b) => a + b, 0) / cols; const v = row.reduce((a, b) => a + (b - m) ** 2, 0) / cols;
      row.forEach((x, j) => (out[r * cols + j] = (x - m) / Math.sqrt(v + 1e-5)));
    }
  }
  return out;
}

const results = {};
const kernels = {};
function run(name, x, build, bytes, check) {
  const ex = cp.explain(build(x));
  kernels[name] = ex.kernels.map((k) => ({ name: k.name, kind: k.kind, launch: k.launch, reason: k.reason }));
  const first = build(x).eval();
  const err = check(first);
  first.dispose();
  const t = measure(() => build(x));
  const rate = gbps(bytes, t.median_ms);
  results[name] = { median_ms: t.median_ms, min_ms: t.min_ms, gbps: Number(rate.toFixed(1)), bytes, kernels: ex.kernels.length, rel_err: err, ok: err < 1e-5 };
  log(`${name.padEnd(10)} ${t.median_ms.toFixed(4)} ms ${rate.toFixed(1)} GB/s kernels=${ex.kernels.length} rel_err=${err.toExponential(2)}`);
}

const readAll = (a) => a.dataSync();

// sum of 2^28 (all elements of a 256 x 2^20 matrix: every axis reduced, one flat row)
{
  const x = matrix(256, 1 << 20, 7);
  results.copy = { gbps: Number(copyRate(x).toFixed(1)) };
  log(`copy       ${results.copy.gbps} GB/s (cuMemcpyDtoD of 1 GiB)`);
  run('sum', x, (a) => a.sum(), 2 ** 28 * 4, (y) => relErr(readAll(y), readAll(x.astype('float64').sum())));
  x.dispose();
}
// row and column sums of 16384 x 16384
{
  const x = matrix(16384, 16384, 11);
  run('rowsum', x, (a) => a.sum({ axis: -1 }), 16384 * 16384 * 4, (y) => relErr(readAll(y), readAll(x.astype('float64').sum({ axis: -1 }))));
  run('colsum', x, (a) => a.sum({ axis: 0 }), 16384 * 16384 * 4, (y) => relErr(readAll(y), readAll(x.astype('float64').sum({ axis: 0 }))));
  x.dispose();
}
// softmax and normalization over rows of 8192 x 8192
{
  const cols = 8192;
  const x = matrix(8192, cols, 13);
  const head = new Float32Array(4 * cols);
  x.node.realized.storage.read(head);
  for (const [name, f] of [['softmax', softmax], ['normalize', normalize]]) {
    run(name, x, f, 2 * 8192 * cols * 4, (y) => {
      const got = new Float32Array(4 * cols);
      y.node.realized.storage.read(got);
      return relErr(got, rowReference(name, head, cols, 4));
    });
  }
  x.dispose();
}

for (const r of Object.values(results)) if (r.gbps && results.copy) r.frac_of_copy = Number((r.gbps / results.copy.gbps).toFixed(3));
const doc = { device: device.info.name, date: new Date().toISOString(), backend: 'cuda', n: 2 ** 28, reps, timing: 'CUDA events around one eval() per rep', results, kernels };
mkdirSync(dirname(opts.out), { recursive: true });
writeFileSync(opts.out, `${JSON.stringify(doc, null, 1)}\n`);
log(`written: ${opts.out}`);
if (Object.values(results).some((r) => r.ok === false)) process.exitCode = 1;
