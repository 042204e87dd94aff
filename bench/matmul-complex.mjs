// Complex GEMM benchmark of cupyts on the GPU (issue 18), the counterpart of
// bench/peers_matmul_complex.py (same row names):
//   cmatmul_c64_4096      complex64  4096 x 4096 @ 4096 x 4096 (cuBLAS cgemm)
//   cmatmul_c128_4096     complex128 4096 x 4096 @ 4096 x 4096 (zgemm)
//   cmatmul_c64_T_4096    complex64  a.T @ b: a transposed view, read with OP_T (no copy)
//   cmatmul_c64_b512x128  complex64  (512, 128, 128) @ (512, 128, 128) (strided-batched cgemm)
//   vdot_c64_2^24         complex64  vdot of two 2^24-element vectors (OP_C on the first)
// Inputs: real and imaginary parts uniform in [0.5, 1.5). TFLOP/s count 8 real flops per complex
// multiply-add. Each row first checks some result rows against a float64 product on the host.
//
// Usage (needs dist/: `npx tsc -p tsconfig.build.json`), or all of it with bench/run-matmul-complex.sh:
//   node bench/matmul-complex.mjs [--reps 20] [--only a,b] [--out bench/out/matmul-complex-cupyts.json]
//                                 [--peers bench/out/matmul-complex-peers.json] [--dry-run]
// Timing: CUDA events (CudaDevice.timeEachMs) around each call, back to back as peers.py times
// CuPy and PyTorch (matmul queues its GEMM at the call); median and min after 3 warmups. With
// --peers, a table follows: each peer's median, and cupyts's fraction of the best peer (best
// peer's time / ours: 1 or more matches it). --dry-run checks the arguments and rows and exits
// without a device (for tests on machines without a GPU).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';

const WARMUP = 3;
const N = 4096;
const CHECK_ROWS = 2;

const ROWS = [
  { name: 'cmatmul_c64_4096', op: 'matmul', a: [N, N], b: [N, N], dtype: 'complex64', flops: 8 * N ** 3 },
  { name: 'cmatmul_c128_4096', op: 'matmul', a: [N, N], b: [N, N], dtype: 'complex128', flops: 8 * N ** 3 },
  { name: 'cmatmul_c64_T_4096', op: 'matmul_t', a: [N, N], b: [N, N], dtype: 'complex64', flops: 8 * N ** 3 },
  { name: 'cmatmul_c64_b512x128', op: 'matmul', a: [512, 128, 128], b: [512, 128, 128], dtype: 'complex64', flops: 8 * 512 * 128 ** 3 },
  { name: 'vdot_c64_2^24', op: 'vdot', a: [2 ** 24], b: [2 ** 24], dtype: 'complex64', flops: 8 * 2 ** 24 },
];

const { values: opts } = parseArgs({
  options: {
    reps: { type: 'string' },
    only: { type: 'string' },
    out: { type: 'string', default: 'bench/out/matmul-complex-cupyts.json' },
    peers: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
  },
  strict: false,
});
const reps = Number(opts.reps ?? 20);
if (!Number.isInteger(reps) || reps < 1) throw new Error(`matmul-complex.mjs: --reps: expected a positive integer, got ${opts.reps}`);
const only = (opts.only ?? '').split(',').filter(Boolean);
const selected = ROWS.filter((r) => only.length === 0 || only.some((o) => r.name.startsWith(o)));
const log = (m) => process.stderr.write(`${m}\n`);
if (opts['dry-run']) {
  log(`matmul-complex.mjs: dry run: ${selected.length} rows (${selected.map((r) => r.name).join(', ')}), ${reps} reps`);
  process.exit(0);
}

const cp = await import(new URL('../dist/index.js', import.meta.url).href);
const { CudaDevice } = await import(new URL('../dist/runtime/cuda-device.js', import.meta.url).href);
cp.useBackend('cuda');
const device = CudaDevice.open(0);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (v, digits = 5) => (Number.isFinite(v) ? Number(v.toPrecision(digits)) : null);

/** A computed complex array of `shape` with parts uniform in [0.5, 1.5). */
function complexInput(shape, dtype, seed) {
  const rng = cp.random.default_rng(seed);
  const part = dtype === 'complex64' ? 'float32' : 'float64';
  const re = rng.uniform(0.5, 1.5, shape, { dtype: part });
  const im = rng.uniform(0.5, 1.5, shape, { dtype: part });
  return cp.add(re, cp.multiply(im, cp.complex(0, 1))).eval();
}

const call = (row, a, b) => (row.op === 'vdot' ? cp.vdot(a, b) : row.op === 'matmul_t' ? cp.matmul(a.T, b) : cp.matmul(a, b));

/** Relative RMS error of the first rows (of the first matrix) of `got` against a float64 product on the host. */
function checkRows(row, a, b, got) {
  const g = got.dataSync();
  if (row.op === 'vdot') {
    const av = a.dataSync();
    const bv = b.dataSync();
    let re = 0;
    let im = 0;
    for (let i = 0; i < av.length; i += 2) {
      re += av[i] * bv[i] + av[i + 1] * bv[i + 1];
      im += av[i] * bv[i + 1] - av[i + 1] * bv[i];
    }
    return Math.hypot(g[0] - re, g[1] - im) / Math.hypot(re, im);
  }
  const [m, k] = row.a.slice(-2);
  const n = row.b[row.b.length - 1];
  const av = a.dataSync();
  const bv = b.dataSync();
  let num = 0;
  let den = 0;
  for (let i = 0; i < CHECK_ROWS; i++) {
    const acc = new Float64Array(2 * n);
    for (let p = 0; p < k; p++) {
      const e = 2 * (row.op === 'matmul_t' ? p * m + i : i * k + p);
      const ar = av[e];
      const ai = av[e + 1];
      for (let j = 0; j < n; j++) {
        const br = bv[2 * (p * n + j)];
        const bi = bv[2 * (p * n + j) + 1];
        acc[2 * j] += ar * br - ai * bi;
        acc[2 * j + 1] += ar * bi + ai * br;
      }
    }
    for (let j = 0; j < 2 * n; j++) {
      num += (g[2 * i * n + j] - acc[j]) ** 2;
      den += acc[j] ** 2;
    }
  }
  return Math.sqrt(num / den);
}

function runRow(row) {
  const a = complexInput(row.a, row.dtype, 1);
  const b = complexInput(row.b, row.dtype, 2);
  const first = call(row, a, b);
  const relErr = checkRows(row, a, b, first);
  first.dispose();
  const ms = device.timeEachMs(() => call(row, a, b).dispose(), WARMUP + reps).slice(WARMUP);
  a.dispose();
  b.dispose();
  const med = median(ms);
  const tol = row.dtype === 'complex64' ? (row.op === 'vdot' ? 1e-3 : 1e-5) : 1e-12; // float32 sums of 2^24 terms drift further
  return {
    median_ms: round(med), min_ms: round(Math.min(...ms)), tflops: round(row.flops / (med * 1e-3) / 1e12),
    rel_err: Number(relErr.toPrecision(3)), ok: relErr < tol,
  };
}

log(`matmul-complex.mjs: ${device.info.name}; ${reps} reps after ${WARMUP} warmups`);
const results = {};
for (const row of selected) {
  try {
    results[row.name] = runRow(row);
  } catch (err) {
    results[row.name] = { error: String(err?.message ?? err).split('\n')[0] };
  }
  log(`  ${row.name.padEnd(22)} ${JSON.stringify(results[row.name])}`);
}

const doc = {
  device: device.info.name, date: new Date().toISOString(), reps, warmup: WARMUP,
  timing: 'CUDA events around each call, back to back', results,
  all_ok: Object.values(results).every((r) => r.ok),
};
const text = JSON.stringify(doc, null, 1);
process.stdout.write(`${text}\n`);
mkdirSync(dirname(opts.out), { recursive: true });
writeFileSync(opts.out, `${text}\n`);

if (opts.peers) {
  let peers = { peers: {} };
  try {
    peers = JSON.parse(readFileSync(opts.peers, 'utf8'));
  } catch (err) {
    log(`matmul-complex.mjs: could not read ${opts.peers}: ${err.message}`);
  }
  const names = Object.keys(peers.peers ?? {});
  const peerRow = (peer, name) => (peers.peers[peer] ?? []).find((r) => r.name === name);
  const rows = [['row', 'cupyts ms', 'cupyts TFLOP/s', ...names.map((p) => `${p} ms`), 'best peer', 'of best peer']];
  for (const row of selected) {
    const r = results[row.name];
    const times = names.map((p) => peerRow(p, row.name)?.median_ms);
    const valid = times.map((t, i) => [t, names[i]]).filter(([t]) => Number.isFinite(t));
    const best = valid.reduce((x, y) => (y[0] < x[0] ? y : x), [Infinity, '-']);
    const frac = r?.median_ms && Number.isFinite(best[0]) ? (best[0] / r.median_ms).toFixed(3) : '-';
    rows.push([row.name, String(r?.median_ms ?? r?.error ?? '-'), String(r?.tflops ?? '-'), ...times.map((t) => (Number.isFinite(t) ? t.toFixed(3) : '-')), best[1], frac]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row) => `| ${row.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  process.stderr.write(`\n${[line(rows[0]), line(widths.map((w) => '-'.repeat(w))), ...rows.slice(1).map(line)].join('\n')}\n`);
}
if (!doc.all_ok) process.exitCode = 1;
