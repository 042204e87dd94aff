// The CPU backend against NumPy on the same machine, in the same run (issue 22):
//   axpy `2*x + y`, the 8-op chain, sum, row and column sums and softmax of an (n/1024, 1024)
//   matrix, 1-D cumsum, take with n random int32 indices, a broadcast-reduce
//   ((a[:, None] - b[None]) ** 2).sum(-1) over 64-wide rows, and matmul 1024 x 1024;
//   float32, n = 2^20, 2^22, 2^24 (matmul once).
// NumPy runs twice per round (bench/peers_cpu.py): with its default threads, and with one thread
// (OMP/OPENBLAS/MKL_NUM_THREADS=1 in the subprocess's environment). Rounds alternate cupyts and
// NumPy so that the load of a shared machine falls on both; each cell is the median over rounds of
// each round's median of `reps` calls. A cupyts call is build + eval + dispose of the expression
// (after a warm-up of --warmup calls, default 200, or --warmup-ms, default 2000 ms, whichever ends
// first: the first call compiles the kernels, and V8 gives cupyts's own JavaScript its faster tiers
// only after some 30-50 calls, about 0.1-0.3 ms of extra host time a call until then; big cells
// reach the time limit in a few calls, where that extra is noise). The "first calls" column is the
// median of a workload's first 5 calls in the process (the first compiles its kernels), measured in
// round 1 before its warm-up: what a short script pays. Cells earlier in the table run colder.
//
// Usage (needs dist/: `npx tsc -p tsconfig.build.json`):
//   node bench/cpu.mjs [--sizes 20,22,24] [--rounds 3] [--reps 5] [--warmup 200] [--warmup-ms 2000] [--only axpy,sum,...]
//                      [--python python3] [--json out.json] [--no-numpy] [--baseline DIR] [--threads N]
// --threads: cupyts's cp.config.cpuThreads (default: the machine's cores).
// --clock cpu: process CPU time (user + system, all threads) instead of wall time, for both
// cupyts and NumPy: the work done, steadier than wall time on a machine shared with other jobs
// (but blind to what threads gain; use it with --threads 1 and NumPy's 1-thread column).
// --baseline: another build's dist/ folder (say main's), timed in the same rounds: a column of its
// times and the speedup of this build over it.
// Prints a markdown table; "speed" is NumPy's time / cupyts's time (> 1: cupyts is faster).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const cp = await import(new URL('../dist/index.js', import.meta.url).href);

const ALL = 'axpy,chain8,sum,rowsum,colsum,softmax,cumsum,take,bcast_reduce,matmul';
const { values: opts } = parseArgs({
  options: {
    sizes: { type: 'string', default: '20,22,24' },
    rounds: { type: 'string', default: '3' },
    reps: { type: 'string', default: '5' },
    only: { type: 'string', default: ALL },
    python: { type: 'string', default: 'python3' },
    json: { type: 'string' },
    'no-numpy': { type: 'boolean', default: false },
    baseline: { type: 'string' },
    threads: { type: 'string' },
    warmup: { type: 'string', default: '200' },
    'warmup-ms': { type: 'string', default: '2000' },
    clock: { type: 'string', default: 'wall' },
  },
});
const base = opts.baseline ? await import(new URL(`file://${opts.baseline.replace(/\/$/, '')}/index.js`).href) : null;
cp.useBackend('cpu');
base?.useBackend('cpu');
if (opts.threads) cp.config.cpuThreads = Number(opts.threads);
const SIZES = opts.sizes.split(',').map(Number);
const ROUNDS = Number(opts.rounds);
const REPS = Number(opts.reps);
const WARMUP = Math.max(1, Number(opts.warmup));
const WARMUP_MS = Number(opts['warmup-ms']);
/** Calls of a workload timed before its warm-up in round 1 (the "first calls" column). */
const FIRST = 5;
const NAMES = opts.only.split(',');

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

/** A deterministic float32 array in [-1, 1) (xorshift; NumPy draws its own from a fixed seed). */
function uniform(n, seed) {
  const a = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    a[i] = (s / 4294967296) * 2 - 1;
  }
  return a;
}

const softmax = (m) => {
  const e = m.sub(m.max({ axis: -1, keepdims: true })).exp();
  return e.div(e.sum({ axis: -1, keepdims: true }));
};

/** Workload `name` at 2^log2 elements: a function building the lazy result (null: not at this size). */
function make(cp, name, log2) {
  const n = 2 ** log2;
  const x = cp.asarray(uniform(n, 1));
  const y = cp.asarray(uniform(n, 2));
  const m = x.reshape(n / 1024, 1024);
  switch (name) {
    case 'axpy': return () => x.mul(2).add(y);
    case 'chain8': return () => x.mul(1.5).add(0.5).sin().mul(x).add(x.cos()).exp().sub(1);
    case 'sum': return () => x.sum();
    case 'rowsum': return () => m.sum({ axis: 1 });
    case 'colsum': return () => m.sum({ axis: 0 });
    case 'softmax': return () => softmax(m);
    case 'cumsum': return () => cp.cumsum(x);
    case 'take': {
      const idx = cp.asarray(Int32Array.from(uniform(n, 3), (v) => Math.floor(((v + 1) / 2) * n)));
      return () => cp.take(x, idx);
    }
    case 'bcast_reduce': {
      const d = 64;
      const side = Math.round(Math.sqrt(n / d));
      const A = cp.asarray(uniform(side * d, 4)).reshape(side, d);
      const B = cp.asarray(uniform(side * d, 5)).reshape(side, d);
      return () => cp.expand_dims(A, 1).sub(cp.expand_dims(B, 0)).square().sum({ axis: -1 });
    }
    case 'matmul': {
      if (log2 !== 20) return null;
      const A = x.reshape(1024, 1024);
      const B = y.reshape(1024, 1024);
      return () => cp.matmul(A, B);
    }
    default: throw new Error(`unknown workload ${name}`);
  }
}

/** Median ms of REPS calls after the warm-up; with `first`, also the median of the first FIRST calls before it. */
function timeCupyts(build, first) {
  const now = opts.clock === 'cpu' ? () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; } : () => performance.now();
  const once = () => { const t0 = now(); const r = build(); r.eval(); const ms = now() - t0; r.dispose(); return ms; };
  const firstMs = first ? median(Array.from({ length: FIRST }, once)) : undefined;
  const until = performance.now() + WARMUP_MS;
  for (let k = 0; k < WARMUP && performance.now() < until; k++) once();
  return { ms: median(Array.from({ length: REPS }, once)), firstMs };
}

function runNumpy(oneThread) {
  const env = { ...process.env };
  if (oneThread) for (const k of ['OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS']) env[k] = '1';
  const script = fileURLToPath(new URL('./peers_cpu.py', import.meta.url));
  const r = spawnSync(opts.python, [script, '--sizes', opts.sizes, '--reps', String(REPS), '--only', NAMES.join(','), '--clock', opts.clock], { env, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`peers_cpu.py failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const cells = [];
for (const name of NAMES) for (const log2 of SIZES) {
  const build = make(cp, name, log2);
  if (build) cells.push({ key: `${name}@${log2}`, name, log2, build, baseBuild: base && make(base, name, log2) });
}

const samples = { cupyts: {}, baseline: {}, numpy: {}, numpy1: {} };
let numpyInfo = null;
for (let round = 0; round < ROUNDS; round++) {
  for (const c of cells) {
    const t = timeCupyts(c.build, round === 0);
    (samples.cupyts[c.key] ??= []).push(t.ms);
    if (round === 0) c.firstMs = t.firstMs;
    if (c.baseBuild) (samples.baseline[c.key] ??= []).push(timeCupyts(c.baseBuild, false).ms);
  }
  if (!opts['no-numpy']) {
    for (const [which, one] of [['numpy', false], ['numpy1', true]]) {
      const r = runNumpy(one);
      numpyInfo = r;
      for (const [k, ms] of Object.entries(r.ms)) (samples[which][k] ??= []).push(ms);
    }
  }
  process.stderr.write(`round ${round + 1}/${ROUNDS} done\n`);
}

const fmt = (v) => (v === undefined ? '—' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const rows = cells.map((c) => {
  const get = (w) => (samples[w][c.key] ? median(samples[w][c.key]) : undefined);
  return { workload: c.name, log2: c.log2, cupyts_ms: get('cupyts'), first_ms: c.firstMs, baseline_ms: get('baseline'), numpy_ms: get('numpy'), numpy1_ms: get('numpy1') };
});
const speeds = (k) => rows.filter((r) => r[k] !== undefined).map((r) => r[k] / r.cupyts_ms);
const geo = (xs) => (xs.length ? Math.exp(xs.reduce((a, v) => a + Math.log(v), 0) / xs.length) : undefined);

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(`CPU backend against NumPy: ${os.cpus().length} x ${cpu}, node ${process.version}` +
  (numpyInfo ? `, NumPy ${numpyInfo.numpy} (BLAS: ${numpyInfo.blas})` : '') +
  `; cupyts threads ${cp.config.cpuThreads ?? 1}; ${opts.clock} clock; float32; median of ${ROUNDS} rounds x ${REPS} reps after up to ${WARMUP} calls or ${WARMUP_MS} ms; load average ${os.loadavg().map((v) => v.toFixed(1)).join(' ')}`);
console.log('');
const bcols = base ? ['baseline ms', 'speedup over baseline'] : [];
console.log(`| workload | n | cupyts ms | ${bcols.map((c) => `${c} | `).join('')}NumPy ms | NumPy 1-thread ms | speed vs NumPy | speed vs NumPy 1-thread | cupyts first ${FIRST} calls ms |`);
console.log(`| --- | ---: | ---: | ${bcols.map(() => '---: | ').join('')}---: | ---: | ---: | ---: | ---: |`);
for (const r of rows) {
  const s = (k) => (r[k] === undefined ? '—' : `${(r[k] / r.cupyts_ms).toFixed(2)}x`);
  const n = r.workload === 'matmul' ? '1024²' : `2^${r.log2}`;
  const b = base ? `${fmt(r.baseline_ms)} | ${s('baseline_ms')} | ` : '';
  console.log(`| ${r.workload} | ${n} | ${fmt(r.cupyts_ms)} | ${b}${fmt(r.numpy_ms)} | ${fmt(r.numpy1_ms)} | ${s('numpy_ms')} | ${s('numpy1_ms')} | ${fmt(r.first_ms)} |`);
}
const g = geo(speeds('numpy_ms'));
const g1 = geo(speeds('numpy1_ms'));
if (base) console.log(`\nGeometric mean of the speedup over the baseline (${opts.baseline}): ${geo(speeds('baseline_ms')).toFixed(2)}x.`);
if (g !== undefined) console.log(`\nGeometric mean of speed: ${g.toFixed(2)}x NumPy (default threads), ${g1.toFixed(2)}x NumPy (1 thread).`);
if (opts.json) writeFileSync(opts.json, JSON.stringify({ cpu, node: process.version, numpy: numpyInfo && { version: numpyInfo.numpy, blas: numpyInfo.blas }, rows }, null, 2));
