// Scan benchmark of cupyts on the GPU (issue 16): float32 cumsum of 1-D arrays from 2^20 to 2^28
// elements, 2-D arrays along each axis, and a fused producer, against a device copy of the same
// bytes. Same JSON layout as bench/reductions.mjs; peers: python3 bench/peers_scans.py.
//
// Usage (GPU machine, needs dist/): node bench/scans.mjs [--reps 30] [--out FILE] [--only NAME,...]
// Timing: CUDA events around one eval() per rep (median after 3 warmups); GB/s = fewest bytes
// (input read once, output written once: 8 bytes per element) / median time; frac_of_copy
// against cuMemcpyDtoD of the largest array. Correctness: the first rows (or first 2^20
// elements) against a float64 scan in JS; determinism: two evaluations compared bit for bit.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { copyRate as deviceCopyRate, gbps, measure as measureEval } from './timing.mjs';

const cp = await import(new URL('../dist/index.js', import.meta.url).href);
const { CudaDevice } = await import(new URL('../dist/runtime/cuda-device.js', import.meta.url).href);

const { values: opts } = parseArgs({
  options: { reps: { type: 'string', default: '30' }, out: { type: 'string', default: 'bench/out/cupyts-scans.json' }, only: { type: 'string', default: '' } },
});
const reps = Number(opts.reps);
const only = opts.only ? new Set(opts.only.split(',')) : null;
const WARMUP = 3;
cp.useBackend('cuda');
const device = CudaDevice.open(0);
const log = (m) => process.stderr.write(`${m}\n`);
const measure = (build) => measureEval(device, build, reps, WARMUP);

/** Uniform float32 values in [lo, hi) built on the device (rows × cols from a random row and random row shifts). */
function randomMatrix(rows, cols, seed) {
  const rng = cp.random.default_rng(seed);
  return rng.random([rows, cols], { dtype: 'float32' }).sub(0.5).eval();
}

/** Relative L2 error of float32 `got` against a float64 scan of `x` along the last axis, over `lines` lines of `len`. */
function checkRows(got, x, lines, len) {
  let num = 0; let den = 0;
  for (let l = 0; l < lines; l++) {
    let acc = 0;
    for (let i = 0; i < len; i++) {
      acc += x[l * len + i];
      const d = got[l * len + i] - acc; num += d * d; den += acc * acc;
    }
  }
  return Math.sqrt(num / Math.max(den, 1e-30));
}

/** The same along axis 0 of a (rows, cols) block: the first `rows` rows of all columns. */
function checkColumns(got, x, rows, cols) {
  let num = 0; let den = 0;
  const acc = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      acc[c] += x[r * cols + c];
      const d = got[r * cols + c] - acc[c]; num += d * d; den += acc[c] * acc[c];
    }
  }
  return Math.sqrt(num / Math.max(den, 1e-30));
}

/** The first `count` float32 elements of a computed array. */
function head(a, count) {
  const out = new Float32Array(count);
  a.node.realized.storage.read(out);
  return out;
}

function sameBits(a, b) {
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

const results = {};
const kernels = {};
/** Times `build(x)`; `checked` reads the first elements and returns [elements read, rel err]. */
function run(name, x, build, bytes, check) {
  if (only && !only.has(name)) return;
  const ex = cp.explain(build(x));
  kernels[name] = ex.kernels.map((k) => ({ name: k.name, kind: k.kind, launch: k.launch, reason: k.reason }));
  const first = build(x).eval();
  const second = build(x).eval();
  const size = first.size;
  const all1 = new Float32Array(size); const all2 = new Float32Array(size);
  first.node.realized.storage.read(all1); second.node.realized.storage.read(all2);
  const deterministic = sameBits(all1, all2);
  const err = check(all1);
  first.dispose(); second.dispose();
  const t = measure(() => build(x));
  const rate = gbps(bytes, t.median_ms);
  results[name] = {
    median_ms: t.median_ms, min_ms: t.min_ms, gbps: Number(rate.toFixed(1)), bytes, kernels: ex.kernels.length,
    rel_err: err, deterministic, ok: err < 1e-5 && deterministic,
  };
  log(`${name.padEnd(22)} ${t.median_ms.toFixed(4)} ms ${rate.toFixed(1).padStart(7)} GB/s kernels=${ex.kernels.length} rel_err=${err.toExponential(2)} deterministic=${deterministic}`);
}

const CHECK = 1 << 20;
// 1-D cumsum from 2^20 to 2^28 (the copy ceiling measured on the 2^28 array)
{
  const big = randomMatrix(1, 2 ** 28, 7).reshape([2 ** 28]).eval();
  results.copy = { gbps: Number(deviceCopyRate(device, big, reps, WARMUP).toFixed(1)) };
  log(`copy                   ${results.copy.gbps} GB/s (cuMemcpyDtoD of 1 GiB)`);
  const bigHead = head(big, CHECK);
  for (const lg of [20, 22, 24, 26, 28]) {
    const n = 2 ** lg;
    const x = lg === 28 ? big : big.get(`:${n}`).copy().eval();
    run(`cumsum_1d_2^${lg}`, x, (a) => cp.cumsum(a), 8 * n, (got) => checkRows(got, bigHead, 1, Math.min(n, CHECK)));
    if (lg === 28) run('cumsum_1d_fused_2^28', x, (a) => cp.cumsum(a.mul(2).add(1)), 8 * n, (got) => checkRows(got, bigHead.map((v) => 2 * v + 1), 1, CHECK));
    if (x !== big) x.dispose();
  }
  big.dispose();
}
// 2-D along each axis: square, few long rows, many short rows
for (const [rows, cols] of [[16384, 16384], [64, 2 ** 22], [2 ** 22, 64], [2 ** 20, 256]]) {
  const x = randomMatrix(rows, cols, rows + cols);
  const checkRowsN = Math.max(1, Math.floor(CHECK / cols));
  const xHead = head(x, checkRowsN * cols);
  const n = rows * cols;
  run(`cumsum_${rows}x${cols}_axis1`, x, (a) => cp.cumsum(a, { axis: 1 }), 8 * n, (got) => checkRows(got, xHead, checkRowsN, cols));
  run(`cumsum_${rows}x${cols}_axis0`, x, (a) => cp.cumsum(a, { axis: 0 }), 8 * n, (got) => checkColumns(got, xHead, checkRowsN, cols));
  x.dispose();
}

for (const r of Object.values(results)) if (r.gbps && results.copy) r.frac_of_copy = Number((r.gbps / results.copy.gbps).toFixed(3));
const doc = { device: device.info.name, date: new Date().toISOString(), backend: 'cuda', reps, timing: 'CUDA events around one eval() per rep', results, kernels };
mkdirSync(dirname(opts.out), { recursive: true });
writeFileSync(opts.out, `${JSON.stringify(doc, null, 1)}\n`);
log(`written: ${opts.out}`);
if (Object.values(results).some((r) => r.ok === false)) process.exitCode = 1;
