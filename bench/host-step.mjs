// Host time per step of small programs (issue 20): what a loop of small steps pays on the host.
// Each program runs as a step: build the lazy ops and eval the result (eager), or call the
// cp.jit-compiled function (jit; on CUDA with and without CUDA graphs). Timed: wall time per step
// of a synchronous loop, the device synchronized once at the end of each trial, so the figure is
// the host's work per step while the device keeps up (at n = 1024 a kernel takes a few µs).
// Programs (float32):
//   step3    sin(2x + y), 1024 elements (three elementwise ops, one fused kernel)
//   chain10  ten elementwise ops over x and y, 1024 elements
//   reduce   sum((x - y)^2), 1024 elements (a reduction with its producers)
//   adam     an Adam update (20 elementwise ops over p, g, m, v) of 10 parameters of mixed sizes
//   logreg   a logistic-regression step w - lr * X.T @ (sigmoid(X @ w) - y) / n, X 512 x 64 (two GEMMs)
//   mlp      an MLP forward at batch 32: 256 -> 512 -> 512 -> 10, bias and tanh-GELU after the first
//            two (three GEMMs; cuBLAS on CUDA, captured into the CUDA graph with the kernels)
//   logged   step3 after reading the loss sum((x - y)^2) back to the host (a cut trace: fn runs
//            each call, its two evaluations replay their kernels)
// First call (trace + compile) time is reported beside each jit row.
// Peers (CuPy, torch eager, torch CUDA graphs) run from bench/peers_host_step.py in the same call
// where a CUDA device and Python with them exist (--peers).
//
// Usage (needs dist/: `npx tsc -p tsconfig.build.json`):
//   node bench/host-step.mjs [--cpu] [--calls 5000] [--trials 7] [--only step3,chain10,reduce,adam,logreg,mlp,logged]
//                            [--peers] [--python python3] [--json out.json]
// Profile where the time goes: node --cpu-prof --cpu-prof-dir=/tmp/prof bench/host-step.mjs --cpu --only step3
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const cp = await import(new URL('../dist/index.js', import.meta.url).href);

const { values: opts } = parseArgs({
  options: {
    cpu: { type: 'boolean', default: false },
    calls: { type: 'string', default: '5000' },
    trials: { type: 'string', default: '7' },
    only: { type: 'string', default: 'step3,chain10,reduce,adam,logreg,mlp,logged' },
    peers: { type: 'boolean', default: false },
    python: { type: 'string', default: 'python3' },
    json: { type: 'string' },
  },
});
if (opts.cpu) cp.useBackend('cpu');
const CALLS = Number(opts.calls);
const TRIALS = Number(opts.trials);
const N = 1024;

const median = (a) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];
const round = (v) => Math.round(v * 100) / 100;

function filled(n, phase) {
  return cp.asarray(Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + phase))).eval();
}

/** Microseconds per call of `body` (median over trials, after a warmup trial). */
async function time(body, sync) {
  const trials = [];
  for (let t = -1; t < TRIALS; t++) {
    await new Promise((resolve) => setImmediate(resolve));
    const t0 = performance.now();
    for (let i = 0; i < CALLS; i++) body();
    sync();
    if (t >= 0) trials.push(((performance.now() - t0) * 1e3) / CALLS);
  }
  return median(trials);
}

const disposeAll = (out) => (Array.isArray(out) ? out.forEach((a) => a.dispose()) : out.dispose());

/** The Adam update of one parameter: returns [p', m', v'] (20 elementwise ops with the step's scalars). */
function adamUpdate(p, g, m, v) {
  const [lr, b1, b2, eps, c1, c2] = [1e-3, 0.9, 0.999, 1e-8, 1 / (1 - 0.9), 1 / (1 - 0.999)];
  const m2 = m.mul(b1).add(g.mul(1 - b1));
  const v2 = v.mul(b2).add(g.mul(g).mul(1 - b2));
  const mhat = m2.mul(c1);
  const vhat = v2.mul(c2);
  const p2 = p.sub(mhat.mul(lr).div(cp.sqrt(vhat).add(eps))).sub(p.mul(lr * 0.01));
  return [p2, m2, v2];
}

const sigmoid = (z) => cp.divide(1, cp.exp(z.neg()).add(1));
/** GELU, tanh form: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
const gelu = (x) => x.mul(0.5).mul(cp.tanh(x.add(x.mul(x).mul(x).mul(0.044715)).mul(Math.sqrt(2 / Math.PI))).add(1));
const LOGREG = { n: 512, d: 64, lr: 0.1 };
const MLP = [256, 512, 512, 10];

const PROGRAMS = {
  step3: { inputs: () => [filled(N, 0), filled(N, 1)], fn: (x, y) => cp.sin(x.mul(2).add(y)) },
  chain10: {
    inputs: () => [filled(N, 0), filled(N, 1)],
    fn: (x, y) => cp.exp(cp.tanh(x.mul(1.5).add(y).sub(0.25).mul(x).abs().sqrt().add(1).mul(y))).neg(),
  },
  reduce: { inputs: () => [filled(N, 0), filled(N, 1)], fn: (x, y) => cp.sum(x.sub(y).mul(x.sub(y))) },
  adam: {
    inputs: () => [1024, 4096, 256, 65536, 512, 2048, 128, 16384, 1024, 8192].flatMap((n, k) => [
      filled(n, k), filled(n, k + 0.5), filled(n, k + 0.25).mul(0).eval(), filled(n, k + 0.75).mul(0).eval(),
    ]),
    fn: (...arrays) => {
      const out = [];
      for (let k = 0; k < arrays.length; k += 4) out.push(...adamUpdate(arrays[k], arrays[k + 1], arrays[k + 2], arrays[k + 3]));
      return out;
    },
  },
  logged: {
    inputs: () => [filled(N, 0), filled(N, 1)],
    fn: (x, y) => {
      const loss = cp.sum(x.sub(y).mul(x.sub(y))).item();
      return cp.sin(x.mul(loss > 1e30 ? 1 : 2).add(y));
    },
  },
  logreg: {
    inputs: () => [
      filled(LOGREG.n * LOGREG.d, 0).reshape(LOGREG.n, LOGREG.d).eval(),
      cp.greater(filled(LOGREG.n, 1), 0).astype('float32').eval(),
      filled(LOGREG.d, 2).mul(0.1).eval(),
    ],
    fn: (X, y, w) => w.sub(cp.matmul(X.T, sigmoid(cp.matmul(X, w)).sub(y)).mul(LOGREG.lr / LOGREG.n)),
  },
  mlp: {
    inputs: () => [
      filled(32 * MLP[0], 0).reshape(32, MLP[0]).eval(),
      ...MLP.slice(1).flatMap((out, k) => [
        filled(MLP[k] * out, k + 1).mul(1 / Math.sqrt(MLP[k])).reshape(MLP[k], out).eval(), filled(out, k + 0.5).mul(0.1).eval(),
      ]),
    ],
    fn: (x, w1, b1, w2, b2, w3, b3) => cp.matmul(gelu(cp.matmul(gelu(cp.matmul(x, w1).add(b1)), w2).add(b2)), w3).add(b3),
  },
};

const sync = () => cp.cuda?.Device ? cp.cuda.Device().synchronize?.() : undefined;
const syncAll = () => { try { sync(); } catch { /* CPU backend */ } };

const rows = [];
for (const name of opts.only.split(',')) {
  const prog = PROGRAMS[name];
  const args = prog.inputs();
  const eagerStep = () => {
    const out = prog.fn(...args);
    cp.eval(...(Array.isArray(out) ? out : [out]));
    disposeAll(out);
  };
  const row = { program: name, backend: cp.currentBackend(), eager_us: round(await time(eagerStep, syncAll)) };
  if (typeof cp.jit === 'function') {
    const variants = cp.currentBackend() === 'cuda' ? [['jit_us', { graphs: false }], ['jit_graph_us', { graphs: true }]] : [['jit_us', {}]];
    for (const [column, options] of variants) {
      const f = cp.jit(prog.fn, options);
      const t0 = performance.now();
      disposeAll(f(...args));
      syncAll();
      row[`${column.replace('_us', '')}_first_ms`] = round(performance.now() - t0);
      row[column] = round(await time(() => disposeAll(f(...args)), syncAll));
    }
  }
  rows.push(row);
  process.stdout.write(`${JSON.stringify(row)}\n`);
}

if (opts.peers) {
  const script = fileURLToPath(new URL('./peers_host_step.py', import.meta.url));
  const r = spawnSync(opts.python, [script, '--calls', String(CALLS), '--trials', String(TRIALS), '--only', opts.only], { encoding: 'utf8' });
  process.stdout.write(r.stdout);
  if (r.status !== 0) process.stderr.write(r.stderr);
  for (const line of r.stdout.split('\n').filter(Boolean)) rows.push(JSON.parse(line));
}
if (opts.json) writeFileSync(opts.json, JSON.stringify(rows, null, 2));
