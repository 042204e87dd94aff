// The gallery as a benchmark (issue 25): each program of examples/ run at its bench size by
// cupyts, timed per run, with its first run (compilation) and the kernels one run launches.
// bench/peers_workloads.py runs the same programs on the same data in CuPy (the NumPy twin
// examples/<name>.py with xp = cupy), PyTorch and torch.compile; bench/summarize-workloads.mjs
// joins both; bench/run-workloads.sh runs the three.
//
// Usage (needs dist/ and dist/examples/, see run-workloads.sh):
//   node bench/workloads.mjs [--size bench|test] [--only kmeans,pca,...] [--reps 10] [--warmup 30]
//                            [--budget-ms 3000] [--data DIR] [--out FILE] [--prepare] [--cpu]
// --data DIR: where each program's inputs and outputs go as .npy files (DIR/<name>/in_<key>.npy,
//   out_<key>.npy) with DIR/manifest.json listing them: the peers compute on these inputs and
//   compare their outputs with these outputs. --prepare writes the data and runs nothing else.
// --cpu: the CPU backend (checking the pipeline without a GPU; use --size test).
// --tidy: each run inside cp.tidy (its temporaries freed when it returns, not by the collector).
//
// Timing: wall time of one run as a user pays it: run(inputs) builds the lazy program, cp.eval
// computes every output, then the device is synchronized (performance.now around it, the device
// idle before). The first run is timed alone (it compiles, or loads from the disk cache, each
// kernel: first_run_kernels says which, on the GPU); then one probe run, the warmups (--warmup, as
// many as fit in --budget-ms: the library's own code, cupyts's JS or the peers' Python, is in its
// steady state after some 30 calls, see bench/RESULTS.md session 28) and as many runs as fit in --budget-ms (at least 3,
// at most --reps); median and min. Kernels: counted over one extra run (bench/kernel-count.mjs).
// A failing program is reported with its error and the others go on; the JSON is written after
// every program, so a run cut short keeps what it finished.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { kernelCounter } from './kernel-count.mjs';
import { median } from './timing.mjs';

const MIN_REPS = 3;
const OPTIONS = {
  size: { type: 'string', default: 'bench' },
  only: { type: 'string', default: '' },
  reps: { type: 'string', default: '10' },
  warmup: { type: 'string', default: '30' },
  'budget-ms': { type: 'string', default: '3000' },
  data: { type: 'string', default: 'bench/out/workloads-data' },
  out: { type: 'string', default: 'bench/out/workloads-cupyts.json' },
  gallery: { type: 'string', default: 'dist/examples/index.js' },
  prepare: { type: 'boolean', default: false },
  cpu: { type: 'boolean', default: false },
  tidy: { type: 'boolean', default: false },
};

const log = (m) => process.stderr.write(`${m}\n`);
const fail = (m) => { log(`workloads.mjs: ${m}`); process.exit(2); };
let opts;
try {
  ({ values: opts } = parseArgs({ args: process.argv.slice(2), options: OPTIONS }));
} catch (err) {
  fail(err.message);
}
const intOpt = (name, lo, hi) => {
  const v = Number(opts[name]);
  if (!Number.isInteger(v) || v < lo || v > hi) fail(`expected --${name} an integer in [${lo}, ${hi}], got ${opts[name]}`);
  return v;
};
const reps = intOpt('reps', 1, 1000);
const warmup = intOpt('warmup', 0, 100);
const budgetMs = intOpt('budget-ms', 1, 600000);
if (!['bench', 'test'].includes(opts.size)) fail(`expected --size bench or test, got ${opts.size}`);
const only = opts.only.split(',').map((s) => s.trim()).filter(Boolean);

const cp = await import(new URL('../dist/index.js', import.meta.url).href);
let gallery;
try {
  ({ gallery } = await import(resolve(opts.gallery)));
} catch (err) {
  fail(`could not load the gallery from ${opts.gallery} (build it first; see bench/run-workloads.sh): ${err.message.split('\n')[0]}`);
}
if (!Array.isArray(gallery)) fail(`expected ${opts.gallery} to export gallery: an array of programs`);
const unknown = only.filter((n) => !gallery.some((p) => p.name === n));
if (unknown.length) fail(`expected --only names from ${gallery.map((p) => p.name).join(',')}, got ${unknown.join(',')}`);
const programs = gallery.filter((p) => only.length === 0 || only.includes(p.name));

const backend = opts.cpu ? 'cpu' : 'cuda';
cp.useBackend(backend);
const device = cp.cuda.Device();
const sync = () => device.synchronize();
const count = await kernelCounter(backend);
{
  // Started before the first program, as the peers are: the device, a kernel and a matrix product
  // (the cuBLAS handle), so that the first program's first run is its own compilation.
  const a = cp.ones([64, 64], { dtype: 'float32' });
  cp.matmul(a, a).sum().dataSync();
  sync();
}

// ---------------------------------------------------------------------------------------------
// One program.

const isArray = (x) => x instanceof cp.NDArray;
const arraysOf = (record) => Object.values(record).filter(isArray);
const disposeAll = (record) => { for (const a of arraysOf(record ?? {})) a.dispose(); };

/**
 * One run as a user pays it: build, compute every output, wait for the device. With --tidy the
 * run is inside cp.tidy, as a JS user frees a loop's temporaries (CuPy's reference counts free
 * them as they go; without tidy they wait for V8's collector, and the device pool grows meanwhile).
 */
function runOnce(module, inputs) {
  const out = opts.tidy ? cp.tidy(() => module.run(inputs)) : module.run(inputs);
  const arrays = arraysOf(out);
  if (arrays.length) cp.eval(...arrays);
  sync();
  return out;
}

/** Wall ms of each of n runs (each output disposed in its run). */
function timeRuns(module, inputs, n) {
  return Array.from({ length: n }, () => {
    sync();
    const t0 = performance.now();
    const out = runOnce(module, inputs);
    const ms = performance.now() - t0;
    disposeAll(out);
    return ms;
  });
}

const round = (ms) => Number(ms.toFixed(4));
const describe = (a) => ({ dtype: a.dtype.name, shape: [...a.shape] });

/**
 * Writes the arrays of `record` as DATA/<name>/<prefix>_<key>.npy (paths in the manifest are
 * relative to DATA); other values (numbers) go in the JSON.
 */
function saveRecord(name, prefix, record) {
  const dir = join(opts.data, name);
  const files = {};
  const scalars = {};
  for (const [key, value] of Object.entries(record)) {
    if (isArray(value)) {
      const file = `${prefix}_${key}.npy`;
      cp.save(join(dir, file), value);
      files[key] = { file: `${name}/${file}`, ...describe(value) };
    } else {
      scalars[key] = typeof value === 'bigint' ? Number(value) : value;
    }
  }
  return { files, scalars };
}

function benchProgram(p) {
  const entry = { title: p.title, size: opts.size, rtol: p.rtol, atol: p.atol };
  const dir = join(opts.data, p.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let inputs;
  let out;
  try {
    inputs = p.module.makeInputs(opts.size);
    const inputArrays = arraysOf(inputs);
    if (inputArrays.length) cp.eval(...inputArrays);
    sync();
    const saved = saveRecord(p.name, 'in', inputs);
    entry.inputs = saved.files;
    entry.input_scalars = saved.scalars;

    const t0 = performance.now();
    const first = count(() => runOnce(p.module, inputs));
    entry.first_run_ms = round(performance.now() - t0);
    out = first.result;
    if (first.cache) entry.first_run_kernels = first.cache;
    const outs = saveRecord(p.name, 'out', out);
    entry.outputs = outs.files;
    entry.output_scalars = outs.scalars;
    disposeAll(out);
    out = undefined;
    if (opts.prepare) return entry;

    const counted = count(() => runOnce(p.module, inputs));
    disposeAll(counted.result);
    entry.kernels = { planned: counted.planned, launches: counted.launches, library_calls: counted.library, reads_to_host: counted.reads };

    const probe = timeRuns(p.module, inputs, 1)[0];
    const warm = Math.min(warmup, Math.floor(budgetMs / Math.max(probe, 1e-3)));
    const n = Math.max(MIN_REPS, Math.min(reps, Math.floor(budgetMs / Math.max(probe, 1e-3))));
    const ms = timeRuns(p.module, inputs, warm + n).slice(warm);
    Object.assign(entry, { median_ms: round(median(ms)), min_ms: round(Math.min(...ms)), reps: n });
  } catch (err) {
    entry.median_ms = null;
    entry.error = String(err?.stack ?? err).slice(0, 2000);
  } finally {
    disposeAll(out);
    disposeAll(inputs);
  }
  return entry;
}

// ---------------------------------------------------------------------------------------------
// All of them.

const info = cp.runtimeInfo?.() ?? {};
const doc = {
  kind: 'workloads', impl: 'cupyts', backend, size: opts.size,
  device: opts.cpu ? 'cpu backend' : (info.devices?.[0]?.name ?? 'cuda'),
  date: new Date().toISOString(), reps, warmup, budget_ms: budgetMs, allow_tf32: cp.config.allowTF32,
  tidy: opts.tidy,
  timing: 'wall time of run + cp.eval + synchronize per run; median after the warmups',
  data: resolve(opts.data), programs: {},
};
/** The data of earlier runs at the same size stay listed (a run of a few programs adds to them). */
function readManifest() {
  try {
    const m = JSON.parse(readFileSync(join(opts.data, 'manifest.json'), 'utf8'));
    if (m.kind === 'workloads-data' && m.size === opts.size) return m;
  } catch {
    // none yet, or unreadable: start afresh
  }
  return { kind: 'workloads-data', size: opts.size, programs: {} };
}
const manifest = readManifest();
const write = () => {
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, `${JSON.stringify(doc, null, 1)}\n`);
  writeFileSync(join(opts.data, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
};

mkdirSync(opts.data, { recursive: true });
log(`workloads.mjs: ${doc.device}, size ${opts.size}, ${programs.length} programs${opts.prepare ? ' (data only)' : ''}`);
for (const p of programs) {
  const e = benchProgram(p);
  doc.programs[p.name] = e;
  delete manifest.programs[p.name];
  if (e.inputs) {
    manifest.programs[p.name] = {
      title: p.title, rtol: p.rtol, atol: p.atol, inputs: e.inputs, input_scalars: e.input_scalars,
      outputs: e.outputs ?? {}, output_scalars: e.output_scalars ?? {},
    };
  }
  const k = e.kernels;
  log(`  ${p.name.padEnd(12)} ` + (e.error ? `error: ${e.error.split('\n')[0]}`
    : opts.prepare ? `data written (first run ${e.first_run_ms.toFixed(1)} ms)`
      : `${e.median_ms.toFixed(3).padStart(10)} ms  first ${e.first_run_ms.toFixed(1)} ms  ` +
        `kernels ${k.planned}${k.launches === null ? '' : ` (launches ${k.launches}, library ${k.library_calls}, reads ${k.reads_to_host})`}`));
  write();
}
write();
log(`written: ${opts.out} and ${join(opts.data, 'manifest.json')}`);
if (Object.values(doc.programs).some((e) => e.error)) process.exitCode = 1;
