// Elementwise benchmark of cupyts: device-to-device copy (the bandwidth ceiling), axpy and an
// 8-op fused chain on float32 arrays, plus the host overhead of building graphs and of
// evaluating an already-compiled kernel.
//
// Usage (needs dist/: `npx tsc -p tsconfig.build.json`):
//   node bench/elementwise.mjs [--size-log2 28] [--reps 30] [--out bench/out/cupyts-elementwise.json]
//   node bench/elementwise.mjs --cpu [--size-log2 22] [--reps 5]
//
// GPU timing: each rep is bracketed by CUDA events (CudaDevice.timeEachMs, back to back as in peers.py) around one eval() of an
// expression built just before (building is host-only work, timed separately under "host");
// median and min over the reps after 3 warmups. CPU timing: performance.now() around the eval.
// GB/s = fewest bytes a kernel must move / median time.
//
// Inputs are made on the device: a 2^20-element random chunk and one random scale per row are
// uploaded, and x = scale[:, None] * chunk[None, :] is evaluated once into a contiguous
// (n / 2^20, 2^20) float32 array (no 1 GiB host array). Values are in [-1, 1] and never zero.
// Correctness: the first 2^20 outputs are compared with a float64 JS reference computed from the
// first 2^20 inputs read back from the device; max_rel_err = max |got - ref| / max |ref|.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';

const cp = await import(new URL('../dist/index.js', import.meta.url).href);
const { CudaDevice } = await import(new URL('../dist/runtime/cuda-device.js', import.meta.url).href);

const CHUNK_LOG2 = 20; // elements per uploaded random chunk, and per correctness check
const WARMUP = 3;
const TOL = 1e-5;
const HOST_N = 1024;
const BUILD_CHAINS = 10_000;
const EVAL_CALLS = 10_000;
const HOST_TRIALS = 5;

const { values: opts } = parseArgs({
  options: {
    'size-log2': { type: 'string' },
    reps: { type: 'string' },
    out: { type: 'string', default: 'bench/out/cupyts-elementwise.json' },
    cpu: { type: 'boolean', default: false },
  },
});

function intOption(name, fallback, min, max) {
  if (opts[name] === undefined) return fallback;
  const v = Number(opts[name]);
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new Error(`elementwise.mjs: --${name}: expected an integer in [${min}, ${max}], got ${opts[name]}`);
  }
  return v;
}

const sizeLog2 = intOption('size-log2', opts.cpu ? 22 : 28, 10, 30);
const reps = intOption('reps', opts.cpu ? 5 : 30, 1, 10_000);
const n = 2 ** sizeLog2;

// ---------------------------------------------------------------------------------------------
// Workloads: the expression, its float64 reference per element, and the fewest bytes it moves.

const WORKLOADS = {
  axpy: {
    build: (x, y) => x.mul(2).add(y),
    ref: (x, y) => 2 * x + y,
    bytes: 3 * n * 4,
    formula: '3*n*4',
  },
  chain8: {
    build: (x) => x.mul(1.5).add(0.5).sin().mul(x).add(x.cos()).exp().sub(1),
    ref: (x) => Math.exp(Math.sin(1.5 * x + 0.5) * x + Math.cos(x)) - 1,
    bytes: 2 * n * 4,
    formula: '2*n*4',
  },
};
const COPY_BYTES = 2 * n * 4;

// ---------------------------------------------------------------------------------------------
// Helpers.

/** xorshift32 values in [-1, 1], never zero (an odd 32-bit integer is never 2^31). */
function randomFloats(count, seed, lo = -1, hi = 1) {
  const out = new Float32Array(count);
  let s = seed | 0 || 1;
  for (let i = 0; i < count; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const u = ((s >>> 0) | 1) / 4294967296; // in (0, 1)
    out[i] = lo + (hi - lo) * u;
  }
  return out;
}

/** A contiguous float32 array of n elements, shape (n / chunk, chunk) (or (n,) when n <= chunk), built on the device. */
function deviceInput(seed) {
  const chunk = Math.min(n, 2 ** CHUNK_LOG2);
  const rows = n / chunk;
  const base = cp.asarray(randomFloats(chunk, seed));
  if (rows === 1) return base;
  const scales = cp.asarray(Array.from(randomFloats(rows, seed * 7 + 3, 0.5, 1), (s) => [s]), { dtype: 'float32' });
  const x = cp.multiply(scales, base).eval();
  base.dispose();
  scales.dispose();
  return x;
}

const storageOf = (a) => a.node.realized.storage;

/** The first `count` elements of an evaluated, contiguous float32 array. */
function prefix(a, count) {
  const dst = new Float32Array(count);
  storageOf(a).read(dst);
  return dst;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
/** `v` to `digits` significant digits (null where not finite). */
const round = (v, digits = 5) => (v === null || !Number.isFinite(v) ? null : Number(v.toPrecision(digits)));

function maxRelErr(got, inputs, ref) {
  let maxDiff = 0;
  let maxRef = 0;
  for (let i = 0; i < got.length; i++) {
    const r = ref(...inputs.map((a) => a[i]));
    const d = Math.abs(got[i] - r);
    if (!(d <= maxDiff)) maxDiff = d; // NaN propagates
    maxRef = Math.max(maxRef, Math.abs(r));
  }
  return maxDiff / maxRef;
}

// ---------------------------------------------------------------------------------------------
// Backend and timer.

cp.useBackend(opts.cpu ? 'cpu' : 'cuda'); // 'cuda' throws, saying why, where CUDA is unusable
const backend = cp.currentBackend();
const device = backend === 'cuda' ? CudaDevice.open(0) : undefined;
const deviceName = device ? device.info.name : `CPU: ${cpus()[0]?.model ?? 'unknown'} (1 thread)`;

/** Milliseconds of one run of `work`: CUDA events on the GPU, performance.now() on the CPU. */
function timeMs(work) {
  if (device) return device.timeMs(work);
  const t0 = performance.now();
  work();
  return performance.now() - t0;
}

function synchronize(a) {
  a.runner.synchronize();
}

/** Warmups, then `reps` timed runs; `setup` (untimed) returns the work and a cleanup. */
function measure(setup) {
  if (device) {
    // Back to back, as peers.py times CuPy and PyTorch: the graphs are built first (untimed),
    // then the evaluations are queued with events around each and no synchronization between.
    const runs = Array.from({ length: WARMUP + reps }, () => setup());
    const ms = device.timeEachMs((i) => { runs[i].work(); runs[i].after(); }, runs.length).slice(WARMUP);
    return { median_ms: median(ms), min_ms: Math.min(...ms) };
  }
  const ms = [];
  for (let i = 0; i < WARMUP + reps; i++) {
    const { work, after } = setup();
    const t = timeMs(work);
    after();
    if (i >= WARMUP) ms.push(t);
  }
  return { median_ms: median(ms), min_ms: Math.min(...ms) };
}

const gbps = (bytes, ms) => bytes / (ms * 1e-3) / 1e9;

// ---------------------------------------------------------------------------------------------
// Large-array workloads.

function runLarge() {
  const log = (m) => process.stderr.write(`${m}\n`);
  log(`elementwise.mjs: ${backend} on ${deviceName}; n = 2^${sizeLog2} = ${n} float32; ${reps} reps after ${WARMUP} warmups`);
  let t0 = performance.now();
  const x = deviceInput(0x9e3779b9);
  const y = deviceInput(0x85ebca6b);
  synchronize(x);
  log(`  inputs built on the ${backend} in ${(performance.now() - t0).toFixed(0)} ms, shape (${x.shape.join(', ')})`);
  const check = Math.min(n, 2 ** CHUNK_LOG2);
  const xs = prefix(x, check);
  const ys = prefix(y, check);

  const results = {};
  const kernels = {};

  // copy: device-to-device (host memcpy on the CPU) into a buffer allocated once.
  const xBuf = storageOf(x);
  const outBuf = xBuf.device.alloc(n * 4);
  const copyOnce = backend === 'cuda' ? () => outBuf.copyFrom(xBuf) : () => outBuf.write(xBuf.data);
  const copy = measure(() => ({ work: copyOnce, after: () => {} }));
  outBuf.dispose();
  const copyRate = gbps(COPY_BYTES, copy.median_ms);
  results.copy = { ...roundTimes(copy), gbps: round(gbps(COPY_BYTES, copy.median_ms)), bytes: COPY_BYTES, bytes_formula: '2*n*4' };
  log(`  copy     ${copy.median_ms.toFixed(4)} ms  ${results.copy.gbps} GB/s`);

  for (const [name, w] of Object.entries(WORKLOADS)) {
    const explained = cp.explain(w.build(x, y));
    const k = explained.kernels[0];
    kernels[name] = { count: explained.kernels.length, name: k?.name, launch: k?.launch };

    t0 = performance.now();
    const first = w.build(x, y).eval();
    synchronize(first);
    const firstMs = performance.now() - t0;
    const err = maxRelErr(prefix(first, check), [xs, ys], w.ref);
    first.dispose();

    const t = measure(() => {
      const expr = w.build(x, y);
      return { work: () => expr.eval(), after: () => expr.dispose() };
    });
    const rate = gbps(w.bytes, t.median_ms);
    results[name] = {
      ...roundTimes(t),
      gbps: round(rate),
      frac_of_copy: round(rate / copyRate, 3),
      max_rel_err: Number(err.toPrecision(3)),
      ok: err < TOL,
      first_eval_ms: round(firstMs),
      bytes: w.bytes,
      bytes_formula: w.formula,
    };
    log(`  ${name.padEnd(8)} ${t.median_ms.toFixed(4)} ms  ${results[name].gbps} GB/s  ` +
      `(${results[name].frac_of_copy} of copy)  max_rel_err ${results[name].max_rel_err}${err < TOL ? '' : '  WRONG'}`);
  }
  x.dispose();
  y.dispose();
  return { results, kernels, shape: x.shape };
}

function roundTimes(t) {
  return { median_ms: round(t.median_ms), min_ms: round(t.min_ms) };
}

// ---------------------------------------------------------------------------------------------
// Host overhead at n = 1024.

function runHost() {
  const x = cp.asarray(randomFloats(HOST_N, 17));
  const y = cp.asarray(randomFloats(HOST_N, 29));
  const chain = (a) => a.mul(1.5).add(0.5).sin().mul(a).add(a.cos()).exp().sub(1); // 8 ops
  const axpy = () => x.mul(2).add(y);

  // Graph building only: 10,000 chains of 8 ops.
  let keep;
  for (let i = 0; i < 1000; i++) keep = chain(x); // JIT warmup
  const build = [];
  for (let t = 0; t < HOST_TRIALS; t++) {
    const t0 = performance.now();
    for (let i = 0; i < BUILD_CHAINS; i++) keep = chain(x);
    build.push(((performance.now() - t0) * 1e3) / (BUILD_CHAINS * 8));
  }
  if (keep.size !== HOST_N) throw new Error('unreachable');

  // Evaluation of a compiled kernel: build + eval + dispose per call; sync only at the end.
  axpy().eval().dispose(); // compiles (or loads from the disk cache)
  for (let i = 0; i < 500; i++) axpy().eval().dispose();
  synchronize(x);
  const host = [];
  const withSync = [];
  for (let t = 0; t < HOST_TRIALS; t++) {
    const t0 = performance.now();
    for (let i = 0; i < EVAL_CALLS; i++) axpy().eval().dispose();
    const t1 = performance.now();
    synchronize(x);
    const t2 = performance.now();
    host.push(((t1 - t0) * 1e3) / EVAL_CALLS);
    withSync.push(((t2 - t0) * 1e3) / EVAL_CALLS);
  }
  x.dispose();
  y.dispose();
  return {
    n: HOST_N,
    build_us_per_op: round(median(build), 3),
    eval_us_host: round(median(host), 3),
    eval_us_with_sync: round(median(withSync), 3),
    note: `median of ${HOST_TRIALS} trials; build: ${BUILD_CHAINS} chains of 8 ops, not evaluated; ` +
      `eval: ${EVAL_CALLS} calls of x.mul(2).add(y).eval().dispose(), then one synchronize`,
  };
}

// ---------------------------------------------------------------------------------------------

const large = runLarge();
const host = runHost();
const doc = {
  device: deviceName,
  date: new Date().toISOString(),
  backend,
  n,
  size_log2: sizeLog2,
  shape: large.shape,
  dtype: 'float32',
  reps,
  warmup: WARMUP,
  timing: backend === 'cuda' ? 'CUDA events around one eval() per rep' : 'performance.now() around one eval() per rep',
  results: large.results,
  kernels: large.kernels,
  host,
  all_ok: Object.keys(WORKLOADS).every((w) => large.results[w].ok),
};
if (device) doc.device_info = { arch: device.info.arch, multiprocessors: device.info.multiprocessors, driver: device.info.driverVersion };

const text = JSON.stringify(doc, null, 1);
process.stdout.write(`${text}\n`);
mkdirSync(dirname(opts.out), { recursive: true });
writeFileSync(opts.out, `${text}\n`);

const rows = [['workload', 'median ms', 'min ms', 'GB/s', 'of copy', 'max_rel_err']];
for (const [name, r] of Object.entries(doc.results)) {
  rows.push([name, String(r.median_ms), String(r.min_ms), String(r.gbps), String(r.frac_of_copy ?? 1), r.max_rel_err === undefined ? '-' : String(r.max_rel_err)]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
const table = rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
process.stderr.write(
  `\n${table}\nhost (n=${HOST_N}): build ${host.build_us_per_op} us/op; eval ${host.eval_us_host} us/call host, ` +
    `${host.eval_us_with_sync} us/call with the final synchronize\nwritten: ${opts.out}\n`,
);
if (!doc.all_ok) process.exitCode = 1;
