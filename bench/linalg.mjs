// Linear-algebra benchmark of cupyts on the GPU (issue 18): solve, cholesky, qr, svd, eigh and
// eigvalsh of n x n float64 and float32 (n = 4096), eig and eigvals of n/2 x n/2 float64, and
// solve and inv of a batch of 8 x 8 matrices (10^5). bench/peers_linalg.py runs the same rows (the
// same names) in CuPy and torch.linalg; bench/summarize-linalg.mjs puts them side by side
// (bench/run-linalg.sh does all three).
//
// Usage (GPU machine, needs dist/): node bench/linalg.mjs [--reps 5] [--n 4096] [--batch 100000] [--only a,b] [--out FILE]
// [--backend cuda|cpu]: --backend cpu runs the same rows on the CPU backend (wall-clock timing), so
// the script can be checked end to end at a small size without a GPU (--n 64 --batch 100).
// Timing: CUDA events around each whole call (a linalg call runs its solver at the call: the
// graph is built and evaluated inside the timed region, every result evaluated), median after
// one warmup call. Inputs as in peers_linalg.py: uniform [0, 1) plus n on the diagonal,
// symmetrized for cholesky and eigh.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from './timing.mjs';

const cp = await import(new URL('../dist/index.js', import.meta.url).href);

const { values: opts } = parseArgs({
  options: {
    reps: { type: 'string', default: '5' }, n: { type: 'string', default: '4096' }, batch: { type: 'string', default: '100000' },
    only: { type: 'string', default: '' }, out: { type: 'string', default: 'bench/out/linalg-cupyts.json' },
    backend: { type: 'string', default: 'cuda' },
  },
});
if (opts.backend !== 'cuda' && opts.backend !== 'cpu') throw new Error(`linalg.mjs: expected --backend cuda or cpu, got ${opts.backend}`);
const reps = Number(opts.reps);
const N = Number(opts.n);
const BATCH = Number(opts.batch);
const only = opts.only ? opts.only.split(',') : null;
cp.useBackend(opts.backend);
const device = opts.backend === 'cuda'
  ? (await import(new URL('../dist/runtime/cuda-device.js', import.meta.url).href)).CudaDevice.open(0)
  : null;
const log = (m) => process.stderr.write(`${m}\n`);
const rng = cp.random.default_rng(18);

const SYMMETRIC = new Set(['cholesky', 'eigh', 'eigvalsh']);
const CALLS = {
  solve: (a, b) => cp.linalg.solve(a, b.get(':, 0')),
  cholesky: (a) => cp.linalg.cholesky(a),
  qr: (a) => cp.linalg.qr(a),
  svd: (a) => cp.linalg.svd(a, false),
  eigh: (a) => cp.linalg.eigh(a),
  eigvalsh: (a) => cp.linalg.eigvalsh(a),
  eig: (a) => cp.linalg.eig(a),
  eigvals: (a) => cp.linalg.eigvals(a),
  solve_batched: (a, b) => cp.linalg.solve(a, b),
  inv: (a) => cp.linalg.inv(a),
};

function rowList() {
  const out = [];
  for (const dt of ['f64', 'f32']) for (const op of ['solve', 'cholesky', 'qr', 'svd', 'eigh', 'eigvalsh']) out.push([`${op}_${dt}_${N}`, op, dt, [N, N]]);
  out.push([`eig_f64_${N >> 1}`, 'eig', 'f64', [N >> 1, N >> 1]]);
  out.push([`eigvals_f64_${N >> 1}`, 'eigvals', 'f64', [N >> 1, N >> 1]]);
  for (const dt of ['f32', 'f64']) {
    out.push([`solve_batched_${dt}_${BATCH}x8x8`, 'solve_batched', dt, [BATCH, 8, 8]]);
    out.push([`inv_batched_${dt}_${BATCH}x8x8`, 'inv', dt, [BATCH, 8, 8]]);
  }
  return out;
}

function inputs(op, dt, shape) {
  const dtype = dt === 'f64' ? 'float64' : 'float32';
  const n = shape[shape.length - 1];
  let a = rng.random(shape, { dtype });
  if (SYMMETRIC.has(op)) a = cp.divide(cp.add(a, cp.swapaxes(a, -1, -2)), 2);
  a = cp.add(a, cp.multiply(n, cp.eye(n, { dtype }))).astype(dtype).eval();
  const b = rng.random([...shape.slice(0, -1), 1], { dtype }).eval();
  return [a, b];
}

/** Wall-clock ms of each of `count` calls of `run` (the CPU backend computes synchronously). */
function wallClockEachMs(run, count) {
  const ms = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    run();
    ms.push(performance.now() - t0);
  }
  return ms;
}

/** Median and min ms of whole calls (every result evaluated and disposed), after one warmup. */
function measureCall(work) {
  const run = () => {
    const out = work();
    const list = Array.isArray(out) ? out : [out];
    for (const x of list) x.eval();
    for (const x of list) x.dispose();
  };
  const ms = (device ? device.timeEachMs(run, 1 + reps) : wallClockEachMs(run, 1 + reps)).slice(1);
  return { median_ms: median(ms), min_ms: Math.min(...ms) };
}

const rows = [];
const write = () => {
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, JSON.stringify({ library: 'cupyts', backend: opts.backend, device: device ? device.info : 'CPU backend', rows }, null, 2));
};
for (const [name, op, dt, shape] of rowList()) {
  if (only && !only.some((o) => name.startsWith(o))) continue;
  let a;
  let b;
  try {
    [a, b] = inputs(op, dt, shape);
    const t = measureCall(() => CALLS[op](a, b));
    rows.push({ name, ...t });
    log(`${name.padEnd(36)} ${t.median_ms.toFixed(3).padStart(10)} ms`);
  } catch (err) {
    rows.push({ name, error: String(err?.message ?? err).slice(0, 500) });
    log(`${name}: ${err?.message ?? err}`);
  }
  a?.dispose();
  b?.dispose();
  write();
}
write();
log(`wrote ${opts.out}`);
