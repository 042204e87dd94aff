// Grid benchmark of cupyts (issue 16): scans, reductions over every (rows × cols) aspect ratio,
// broadcast-reduce, transposed inputs and multi-statistic programs, float32, each along every
// axis. bench/peers_grid.py times the same cells (same ids, same bytes) in CuPy, PyTorch and
// torch.compile; bench/summarize-grid.mjs joins both; bench/run-grid.sh runs the three.
//
// Usage (GPU machine, needs dist/):
//   node bench/grid.mjs [--only scans,reductions,broadcast_reduce,transposed,multi_stat]
//                       [--scale-log2 0] [--reps 20] [--warmup 3] [--budget-ms 2000]
//                       [--no-check] [--out bench/out/grid-cupyts.json]
//   node bench/grid.mjs --dry-run [--scale-log2 S]   lists the cells and their bytes, runs nothing
//   node bench/grid.mjs --cpu --scale-log2 -12       every cell on the CPU backend at small sizes
// --scale-log2 S (S <= 0) divides every cell's element count by about 2^-S, scaling each log2
// extent by the same factor (the same rule as peers_grid.py). A cell's id names its full-size shape
// at every scale; its `shape` is the one it ran at.
// Timing: each rep builds the lazy expression and evaluates it (what a user pays per call), between
// CUDA events, reps queued back to back (timing.mjs measureBuilt); median of the reps after the
// warmups. The first call (kernel compilation) is untimed. Reps adapt to the cell: as many as fit in
// --budget-ms, at least 3, at most --reps. One input set per cell (no rotation), as in peers_grid.py.
// Fraction of copy = minimal traffic bytes / median time / the bandwidth of a device copy of 2^28
// float32 (timing.mjs copyRate). Correctness: rel. L2 error against the same program evaluated by
// cupyts in float64 on float64 copies of the inputs (--no-check skips it).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { copyRate, gbps, measureBuilt, median } from './timing.mjs';

const FAMILIES = ['scans', 'reductions', 'broadcast_reduce', 'transposed', 'multi_stat'];
const F32 = 4;
const MIN_REPS = 3;
const TOL = { scans: 1e-4, default: 1e-5 };

// parseArgs takes "-12" after an option for another option: glue negative numbers to their option.
const argv = process.argv.slice(2).reduce((out, a) => {
  const prev = out[out.length - 1];
  if (/^-\d+$/.test(a) && prev?.startsWith('--') && !prev.includes('=')) out[out.length - 1] = `${prev}=${a}`;
  else out.push(a);
  return out;
}, []);
const OPTIONS = {
  only: { type: 'string', default: FAMILIES.join(',') },
  'scale-log2': { type: 'string', default: '0' },
  reps: { type: 'string', default: '20' },
  warmup: { type: 'string', default: '3' },
  'budget-ms': { type: 'string', default: '2000' },
  'no-check': { type: 'boolean', default: false },
  'dry-run': { type: 'boolean', default: false },
  cpu: { type: 'boolean', default: false },
  out: { type: 'string', default: 'bench/out/grid-cupyts.json' },
};
let opts;
try {
  ({ values: opts } = parseArgs({ args: argv, options: OPTIONS }));
} catch (err) {
  process.stderr.write(`grid.mjs: ${err.message}\n`);
  process.exit(2);
}
const fail = (m) => { process.stderr.write(`grid.mjs: ${m}\n`); process.exit(2); };
const intOpt = (name, lo, hi) => {
  const v = Number(opts[name]);
  if (!Number.isInteger(v) || v < lo || v > hi) fail(`expected --${name} an integer in [${lo}, ${hi}], got ${opts[name]}`);
  return v;
};
const scaleLog2 = intOpt('scale-log2', -24, 0);
const reps = intOpt('reps', 1, 1000);
const warmup = intOpt('warmup', 1, 100);
const budgetMs = intOpt('budget-ms', 1, 600000);
const only = opts.only.split(',').map((s) => s.trim()).filter(Boolean);
for (const f of only) if (!FAMILIES.includes(f)) fail(`expected --only families from ${FAMILIES.join(',')}, got ${f}`);
const log = (m) => process.stderr.write(`${m}\n`);

// ---------------------------------------------------------------------------------------------
// The cells (peers_grid.py builds the same list: keep the two in step).

/**
 * The shape at 2^s of the elements: every extent a power of two, each log2 extent scaled by the
 * same factor (so a tall shape stays tall), the remainder given to the largest fractional parts
 * (the first of equals). Integer arithmetic, the same in peers_grid.py.
 */
function scaleShape(shape, s) {
  const logs = shape.map((d) => {
    if (!Number.isInteger(Math.log2(d))) throw new Error(`grid.mjs: expected power-of-two extents, got ${d}`);
    return Math.log2(d);
  });
  const total = logs.reduce((a, b) => a + b, 0);
  const target = Math.max(0, total + s);
  if (total === 0) return [...shape];
  const out = logs.map((k) => Math.floor((k * target) / total));
  const order = logs.map((k, i) => [(k * target) % total, i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  let left = target - out.reduce((a, b) => a + b, 0);
  for (const [, i] of order) if (left-- > 0) out[i] += 1;
  return out.map((k) => 2 ** k);
}

const dimText = (d) => (d >= 1024 && (d & (d - 1)) === 0 ? `2^${Math.log2(d)}` : `${d}`);
const shapeText = (shape) => shape.map(dimText).join('x');
const size = (shape) => shape.reduce((a, b) => a * b, 1);

/** Minimal traffic: every input read once, the output written once (float32). */
const BYTES = {
  cumsum: (s) => 2 * size(s) * F32,
  sum: (s, axis) => (size(s) + size(s) / s[axis]) * F32,
  sqdist: ([n, m, d]) => (n * d + m * d + n * m) * F32,
  sqdiff_T: (s) => (size(s) + 1) * F32,
  sum_T: (s, axis) => (size(s) + size(s) / s[axis]) * F32,
  standardize: (s) => 2 * size(s) * F32,
  standardize_np: (s) => 2 * size(s) * F32,
  logsumexp: (s, axis) => (size(s) + size(s) / s[axis]) * F32,
  softmax: (s) => 2 * size(s) * F32,
};

const p2 = (k) => 2 ** k;
const EACH_AXIS = [0, 1];
const TALL_SQUARE_WIDE = [[p2(20), p2(8)], [p2(14), p2(14)], [p2(8), p2(20)]];

function specs() {
  const s = [];
  for (let k = 20; k <= 28; k += 2) s.push(['scans', 'cumsum', [p2(k)], 0]);
  for (const shape of TALL_SQUARE_WIDE) for (const axis of EACH_AXIS) s.push(['scans', 'cumsum', shape, axis]);
  for (let rows = 24; rows >= 3; rows -= 3) {
    for (const axis of EACH_AXIS) s.push(['reductions', 'sum', [p2(rows), p2(27 - rows)], axis]);
  }
  for (const nmd of [[4096, 4096, 64], [8192, 1024, 32], [1024, 1024, 256], [16384, 4096, 8]]) {
    s.push(['broadcast_reduce', 'sqdist', nmd, null]);
  }
  for (const n of [4096, 8192]) s.push(['transposed', 'sqdiff_T', [n, n], null]);
  for (const n of [8192, 16384]) for (const axis of EACH_AXIS) s.push(['transposed', 'sum_T', [n, n], axis]);
  for (const program of ['standardize', 'logsumexp', 'softmax']) {
    for (const shape of TALL_SQUARE_WIDE) for (const axis of EACH_AXIS) s.push(['multi_stat', program, shape, axis]);
  }
  // NumPy's spelling of column standardization, (A - A.mean(0)) / A.std(0): no keepdims on the user's side.
  for (const shape of TALL_SQUARE_WIDE) s.push(['multi_stat', 'standardize_np', shape, 0]);
  return s;
}

function gridCells(s, families = FAMILIES) {
  return specs().filter(([family]) => families.includes(family)).map(([family, program, full, axis]) => {
    const shape = scaleShape(full, s);
    const id = `${program} ${shapeText(full)}${axis === null ? '' : ` axis=${axis}`}`;
    return { id, family, program, shape, axis, bytes: BYTES[program](shape, axis) };
  });
}

const cells = gridCells(scaleLog2, only);
if (opts['dry-run']) {
  process.stdout.write(`${JSON.stringify({ kind: 'grid-plan', impl: 'cupyts', scale_log2: scaleLog2, cells }, null, 1)}\n`);
  for (const c of cells) {
    log(`${c.family.padEnd(17)} ${c.id.padEnd(30)} ${shapeText(c.shape).padEnd(16)} ${(c.bytes / 2 ** 20).toFixed(3).padStart(10)} MiB`);
  }
  log(`${cells.length} cells`);
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// Running them.

const cp = await import(new URL('../dist/index.js', import.meta.url).href);
cp.useBackend(opts.cpu ? 'cpu' : 'cuda');
let device;
let timer;
if (opts.cpu) {
  timer = {
    timeEachMs(work, n) {
      return Array.from({ length: n }, (_, i) => { const t0 = performance.now(); work(i); return performance.now() - t0; });
    },
  };
} else {
  const { CudaDevice } = await import(new URL('../dist/runtime/cuda-device.js', import.meta.url).href);
  device = CudaDevice.open(0);
  timer = device;
}

const rng = cp.random.default_rng(16);
/** Uniform [0.5, 1.5) float32, realized on the device. */
const rand = (shape) => rng.random(shape, { dtype: 'float32' }).add(0.5).eval();

/** The program of a cell, written as a user would: (inputs) -> lazy result. */
function program(cell) {
  const { axis } = cell;
  switch (cell.program) {
    case 'cumsum': return ([x]) => cp.cumsum(x, axis);
    case 'sum': return ([x]) => x.sum({ axis });
    case 'sqdist': return ([X, Y]) => cp.expand_dims(X, 1).sub(cp.expand_dims(Y, 0)).pow(2).sum({ axis: -1 });
    case 'sqdiff_T': return ([A]) => A.sub(A.T).pow(2).sum();
    case 'sum_T': return ([A]) => A.T.sum({ axis });
    case 'standardize': return ([A]) => A.sub(A.mean({ axis, keepdims: true })).div(A.std({ axis, keepdims: true }));
    case 'standardize_np': return ([A]) => A.sub(A.mean({ axis })).div(A.std({ axis }));
    case 'logsumexp': return ([A]) => {
      const m = A.max({ axis, keepdims: true });
      return m.squeeze(axis).add(cp.log(A.sub(m).exp().sum({ axis })));
    };
    case 'softmax': return ([A]) => {
      const e = A.sub(A.max({ axis, keepdims: true })).exp();
      return e.div(e.sum({ axis, keepdims: true }));
    };
    default: throw new Error(`grid.mjs: no program ${cell.program}`);
  }
}

function inputs(cell) {
  if (cell.program === 'sqdist') {
    const [n, m, d] = cell.shape;
    return [rand([n, d]), rand([m, d])];
  }
  return [rand(cell.shape)];
}

/** Relative L2 error of the float32 result against the program on float64 copies of the inputs. */
function relErr(build, xs) {
  const got = build(xs).eval();
  const xs64 = xs.map((x) => x.astype('float64').eval());
  const want = build(xs64).eval();
  const num = got.astype('float64').sub(want).pow(2).sum().eval();
  const den = want.pow(2).sum().eval();
  const err = Math.sqrt(num.dataSync()[0]) / Math.sqrt(den.dataSync()[0]);
  for (const a of [got, want, num, den, ...xs64]) a.dispose();
  return err;
}

/** Time build(xs) + eval: an untimed first call, a probe rep, then as many reps as fit the budget. */
function timeCell(build, xs) {
  const work = () => { const y = build(xs); y.eval(); y.dispose(); };
  work();
  const probe = timer.timeEachMs(work, 1)[0];
  const warm = probe * (warmup - 1) > budgetMs ? 0 : warmup - 1;
  const n = Math.max(MIN_REPS, Math.min(reps, Math.floor(budgetMs / Math.max(probe, 1e-3))));
  return { ...measureBuilt(timer, () => build(xs), n, warm), reps: n };
}

function copyGbps() {
  if (device) {
    const x = rand([p2(28)]);
    const rate = copyRate(device, x, reps, warmup);
    x.dispose();
    return { gbps: rate, bytes: 2 * p2(28) * F32 };
  }
  const n = p2(Math.max(10, 28 + scaleLog2));
  const src = new Float32Array(n).fill(1);
  const dst = new Float32Array(n);
  const ms = timer.timeEachMs(() => dst.set(src), warmup + reps).slice(warmup);
  return { gbps: gbps(2 * n * F32, median(ms)), bytes: 2 * n * F32 };
}

const copy = copyGbps();
log(`copy: ${copy.gbps.toFixed(1)} GB/s (device copy of ${copy.bytes / 2} bytes)`);
const doc = {
  kind: 'grid', impl: 'cupyts', device: device ? device.info.name : 'cpu backend', backend: opts.cpu ? 'cpu' : 'cuda',
  date: new Date().toISOString(), scale_log2: scaleLog2, reps, warmup, budget_ms: budgetMs, checked: !opts['no-check'],
  timing: 'build + eval per rep, between CUDA events (performance.now on the CPU backend), back to back; median',
  copy_gbps: Number(copy.gbps.toFixed(1)), copy_bytes: copy.bytes, cells: {},
};
const write = () => {
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, `${JSON.stringify(doc, null, 1)}\n`);
};

for (const cell of cells) {
  const { id, family, program: name, shape, axis, bytes } = cell;
  const entry = { family, program: name, shape, axis, bytes, results: {} };
  doc.cells[id] = entry;
  let xs = [];
  try {
    xs = inputs(cell);
    const build = program(cell);
    const kernels = cp.explain(build(xs)).kernels.length;
    const err = opts['no-check'] ? null : relErr(build, xs);
    const t = timeCell(build, xs);
    const tol = TOL[family] ?? TOL.default;
    entry.results.cupyts = {
      median_ms: t.median_ms, min_ms: t.min_ms, reps: t.reps, kernels,
      gbps: Number(gbps(bytes, t.median_ms).toFixed(1)),
      frac_of_copy: Number((gbps(bytes, t.median_ms) / copy.gbps).toFixed(3)),
      rel_err: err, ok: err === null ? null : err < tol,
    };
    const r = entry.results.cupyts;
    log(`${family.padEnd(17)} ${id.padEnd(34)} ${r.median_ms.toFixed(4).padStart(10)} ms  ${r.frac_of_copy.toFixed(3)} of copy  ` +
      `kernels=${kernels}  rel_err=${err === null ? '-' : err.toExponential(2)}${r.ok === false ? '  WRONG' : ''}`);
  } catch (err) {
    entry.results.cupyts = { median_ms: null, error: String(err?.stack ?? err).slice(0, 2000) };
    log(`${family.padEnd(17)} ${id.padEnd(34)} error: ${String(err?.message ?? err).split('\n')[0]}`);
  } finally {
    for (const x of xs) x.dispose();
  }
  write();
}
write();
log(`written: ${opts.out}`);
const results = Object.values(doc.cells).map((c) => c.results.cupyts);
if (results.some((r) => r.ok === false || r.error)) process.exitCode = 1;
