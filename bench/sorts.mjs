// Sorting benchmark of cupyts on the GPU (issue 17): the issue's rows and their neighbours (a grid
// of sizes): sort and argsort of 1-D float32 (2^24..2^28) and int64 (2^25, 2^27); sort along the
// last axis of float32 matrices (2^16 x 4096 and neighbours of the same size); unique with counts
// of int32; median along the last axis; histogram into 256 bins; bincount of values below 256;
// searchsorted into a sorted table; partition and argpartition (1-D, and along the last axis);
// then a grid (sorts of 2^10..2^22 int32/float32/int64 keys,
// unique with counts at 2^10..2^26 with 256, n/16 and mostly distinct values, unique_all,
// searchsorted into tables of 2^10..2^26, flatnonzero of sparse and dense masks).
// bench/peers_sorts.py runs the same rows (the same names) in CuPy and PyTorch;
// bench/summarize-sorts.mjs puts them side by side (bench/run-sorts.sh does all three).
//
// Usage (GPU machine, needs dist/): node bench/sorts.mjs [--reps 5] [--scale-log2 0] [--only a,b] [--out FILE]
// --scale-log2 -4 divides every size by 16 (a quick look). Timing: CUDA events around the whole
// computation per rep, the graph built inside the timed region and then evaluated (what a user
// pays per call, as the peers' rows time an eager call; median after a warmup, bench/timing.mjs
// measureBuilt); unique, bincount and histogram read back a count or a range at the call. Sort
// rows along the last axis cover lengths 512 to 65536 (every on-chip and radix path). Each radix row records the
// passes the plan makes and the pairs' bytes, so the summary can give the fraction of the
// device-copy bandwidth (measured here) each pass reached.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { copyRate, measureBuilt } from './timing.mjs';

const cp = await import(new URL('../dist/index.js', import.meta.url).href);
const { CudaDevice } = await import(new URL('../dist/runtime/cuda-device.js', import.meta.url).href);
const { explainPlans } = await import(new URL('../dist/api/evaluate.js', import.meta.url).href);

const { values: opts } = parseArgs({
  options: {
    reps: { type: 'string', default: '5' }, 'scale-log2': { type: 'string', default: '0' }, only: { type: 'string', default: '' },
    out: { type: 'string', default: 'bench/out/sorts-cupyts.json' },
  },
});
const reps = Number(opts.reps);
const scale = 2 ** Number(opts['scale-log2']);
const only = opts.only ? opts.only.split(',') : null;
cp.useBackend('cuda');
const device = CudaDevice.open(0);
const log = (m) => process.stderr.write(`${m}\n`);
const rng = cp.random.default_rng(17);
const n = (x) => Math.max(1, Math.floor(x * scale));

const f32 = (shape) => rng.random(shape, { dtype: 'float32' }).eval();
const i64 = (count) => rng.integers(-(2n ** 62n), 2n ** 62n, [count], { dtype: 'int64' }).eval();
const i32 = (count) => rng.integers(0, 2 ** 20, [count], { dtype: 'int32' }).eval();

/** The sort plans of `a`'s graph: strategy, passes and the bytes of a (key, payload) pair. */
function sortInfo(a) {
  const plans = explainPlans([a.node]).map((p) => p.plan).filter((p) => p.kind === 'sort');
  return plans.map((p) => ({ strategy: p.strategy, passes: p.select ? p.select.passes : p.strategy.startsWith('radix') ? p.radix.passes : p.mergePasses,
    elements: p.lines * p.length, pair_bytes: p.radix.keyBytes + p.radix.payloadBytes }));
}

const copy = f32([n(2 ** 28)]);
const copyGBps = copyRate(device, copy, reps);
copy.dispose();
log(`device copy: ${copyGBps.toFixed(0)} GB/s`);

const rows = [];
const write = () => {
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, JSON.stringify({ library: 'cupyts', device: device.info, copy_gbps: copyGBps, rows }, null, 2));
};
function row(name, keys, build) {
  if (only && !only.some((o) => name.startsWith(o))) return;
  try {
    const sample = build();
    const sorts = sortInfo(sample);
    sample.dispose();
    const t = measureBuilt(device, build, reps, 1);
    const out = { name, keys, median_ms: t.median_ms, min_ms: t.min_ms, gkeys_per_s: keys / (t.median_ms * 1e-3) / 1e9, sorts };
    rows.push(out);
    log(`${name.padEnd(36)} ${t.median_ms.toFixed(3).padStart(10)} ms  ${out.gkeys_per_s.toFixed(3)} Gkeys/s  ${sorts.map((s) => `${s.strategy}x${s.passes}`).join(' ')}`);
  } catch (err) {
    rows.push({ name, keys, error: String(err?.message ?? err).slice(0, 500) });
    log(`${name}: ${err?.message ?? err}`);
  }
  write();
}

// partition / argpartition (a radix select, plan strategy 'select' or 'select-block'): 1-D with kth
// near the end (topk's n - 100) and at the middle; along the last axis with kth 15 (knn) and the middle.
for (const lg of [24, 26]) {
  if (only && !only.some((o) => o.startsWith('partition') || o.startsWith('argpartition'))) break;
  const a = f32([n(2 ** lg)]);
  for (const [kname, kth] of [['k-100', a.size - 100], ['kmid', a.size >> 1]]) {
    row(`partition_f32_2^${lg}_${kname}`, a.size, () => cp.partition(a, kth));
    row(`argpartition_f32_2^${lg}_${kname}`, a.size, () => cp.argpartition(a, kth));
  }
  a.dispose();
}
// Rows of 512 and shorter take a warp a line ('select-warp'), longer ones a block.
for (const [r, c] of [[4096, 65536], [16384, 4096], [65536, 1024], [2 ** 17, 512], [2 ** 18, 256], [2 ** 20, 64], [2 ** 22, 16]]) {
  if (only && !only.some((o) => o.startsWith('partition') || o.startsWith('argpartition'))) break;
  const m = f32([n(r), c]);
  for (const [kname, kth] of [['k15', 15], ['kmid', c >> 1]]) {
    row(`partition_rows_f32_${r}x${c}_${kname}`, m.size, () => cp.partition(m, kth, -1));
    row(`argpartition_rows_f32_${r}x${c}_${kname}`, m.size, () => cp.argpartition(m, kth, -1));
  }
  m.dispose();
}

// The window against the whole partition (--only topkgrid; not in the default run): 2^25 float32
// keys as lines of 256 to 2^20 along the last axis, k 2 to 32, argpartition(a, k - 1)[..., :k]
// with the partition disposed (a window where src/ir/topk-plan.ts topkWorth allows one: run with
// CUPYTS_TOPK_LINE_FACTOR=0 to time a window in every cell) and with it held (the whole
// partition). Sets topkWorth's threshold.
if (only && only.some((o) => o.startsWith('topkgrid'))) {
  for (const length of [256, 1024, 2048, 4096, 8192, 16384, 65536, 2 ** 20]) {
    const m = f32([Math.max(1, n(2 ** 25) / length), length]);
    for (const k of [2, 4, 8, 16, 32]) {
      if (k * 4 > length) continue;
      row(`topkgrid_window_${length}_k${k}`, m.size, () => cp.tidy(() => cp.argpartition(m, k - 1, -1).get(`..., :${k}`)));
      row(`topkgrid_whole_${length}_k${k}`, m.size, () => cp.argpartition(m, k - 1, -1).get(`..., :${k}`));
    }
    m.dispose();
  }
}

// Top-k by NumPy's spelling (a window of a partition or sort, src/ir/sort-window.ts): the k smallest
// of each line, argpartition(a, k - 1)[..., :k] (knn's), and the k largest sorted, sort(a)[..., -k:];
// 1-D and along the last axis, k 1, 8 and 32. Built inside cp.tidy, which disposes the sort's array
// while it is lazy: nothing else can read it, so only the window is computed (as in examples/knn.ts).
// sorted_tail_whole rows hold the sort instead (the whole sort is computed): the window's rule
// (src/ir/sort-plan.ts windowUse) against the whole line's sort, in one run.
const topkShapes = [[n(2 ** 24)], [n(2 ** 26)], [512, n(500000)], [n(16384), 4096], [n(65536), 1024], [n(2 ** 17), 512], [n(2 ** 18), 256], [n(2 ** 19), 128], [n(2 ** 20), 64]];
for (const shape of topkShapes) {
  if (only && !only.some((o) => (o.startsWith('topk') && !o.startsWith('topkgrid')) || o.startsWith('sorted_tail'))) break;
  const m = f32(shape);
  const label = shape.length === 1 ? `2^${Math.log2(shape[0])}` : `rows_${shape[0]}x${shape[1]}`;
  for (const k of [1, 8, 32]) {
    if (k * 4 > shape[shape.length - 1]) continue;
    row(`topk_f32_${label}_k${k}`, m.size, () => cp.tidy(() => cp.argpartition(m, k - 1, -1).get(`..., :${k}`)));
    if (k === 8) row(`sorted_tail_f32_${label}_k${k}`, m.size, () => cp.tidy(() => cp.sort(m, -1).get(`..., -${k}:`)));
    // The same tail with the sort held (not disposed while lazy): the whole sort, then the slice.
    if (k === 8) row(`sorted_tail_whole_f32_${label}_k${k}`, m.size, () => cp.sort(m, -1).get(`..., -${k}:`));
  }
  m.dispose();
}

for (const lg of [24, 26, 28]) {
  const a = f32([n(2 ** lg)]);
  row(`sort_f32_2^${lg}`, a.size, () => cp.sort(a));
  row(`argsort_f32_2^${lg}`, a.size, () => cp.argsort(a));
  a.dispose();
}
for (const lg of [25, 27]) {
  const b = i64(n(2 ** lg));
  row(`sort_i64_2^${lg}`, b.size, () => cp.sort(b));
  row(`argsort_i64_2^${lg}`, b.size, () => cp.argsort(b));
  b.dispose();
}
for (const [r, c] of [[2 ** 23, 32], [2 ** 22, 64], [2 ** 21, 128], [2 ** 20, 256], [2 ** 19, 512], [2 ** 18, 1024], [2 ** 17, 2048], [2 ** 16, 4096], [2 ** 14, 16384], [2 ** 12, 65536]]) {
  const m = f32([n(r), c]);
  row(`sort_rows_f32_${r}x${c}`, m.size, () => cp.sort(m, -1));
  m.dispose();
}
for (const lg of [24, 26]) {
  const u = i32(n(2 ** lg));
  row(`unique_counts_i32_2^${lg}`, u.size, () => cp.unique(u, { return_counts: true })[1]);
  u.dispose();
}
for (const [r, c] of [[8192, 8192], [16384, 4096]]) {
  const sq = f32([n(r), c]);
  row(`median_rows_f32_${r}x${c}`, sq.size, () => cp.median(sq, -1));
  sq.dispose();
}
for (const lg of [26, 28]) {
  const h = f32([n(2 ** lg)]);
  row(`histogram256_f32_2^${lg}`, h.size, () => cp.histogram(h, 256, [0, 1])[0]);
  h.dispose();
}
for (const lg of [26, 28]) {
  const b = rng.integers(0, 256, [n(2 ** lg)], { dtype: 'int32' }).eval();
  row(`bincount256_i32_2^${lg}`, b.size, () => cp.bincount(b, { minlength: 256 }));
  b.dispose();
}
const table = cp.sort(f32([n(2 ** 24)])).eval();
for (const lg of [22, 24]) {
  const queries = f32([n(2 ** lg)]);
  row(`searchsorted_f32_2^${lg}`, queries.size, () => cp.searchsorted(table, queries));
  queries.dispose();
}


// The grid (issue 17's cliffs): sorts of 2^10..2^22 keys (the rows above cover 2^24..2^28);
// unique with counts of int32, float32 and int64 at 2^10..2^26 with few (256), some (n / 16)
// and mostly distinct values; unique_all; searchsorted of 2^22 queries into tables of
// 2^10..2^26; flatnonzero of sparse and dense masks. Names match bench/peers_sorts.py's.
const DISTINCT = { d256: () => 256, d16: (count) => Math.max(1, Math.floor(count / 16)), all: () => 2 ** 30 };
/** Several results as one for row(): evaluated and disposed together (the sort plans of the last). */
const together = (results) => ({
  node: results.at(-1).node, eval: () => cp.eval(...results), dispose: () => results.forEach((r) => r.dispose()),
});
/** `count` values of `dt` (i32, f32, i64) with about `distinct(count)` different values. */
function valuesOf(dt, count, distinct) {
  if (dt === 'f32' && distinct === 'all') return f32([count]);
  const ints = rng.integers(0, DISTINCT[distinct](count), [count], { dtype: dt === 'i64' ? 'int64' : 'int32' });
  return (dt === 'f32' ? ints.astype('float32') : ints).eval();
}
for (const lg of [10, 14, 18, 22]) {
  for (const dt of ['i32', 'f32', 'i64']) {
    const a = valuesOf(dt, n(2 ** lg), 'all');
    row(`sort_${dt}_2^${lg}`, a.size, () => cp.sort(a));
    a.dispose();
  }
}
for (const lg of [10, 14, 18, 22, 24, 26]) {
  for (const dt of ['i32', 'f32', 'i64']) {
    for (const distinct of Object.keys(DISTINCT)) {
      const a = valuesOf(dt, n(2 ** lg), distinct);
      row(`unique_counts_${dt}_${distinct}_2^${lg}`, a.size, () => cp.unique(a, { return_counts: true })[1]);
      if (lg >= 22 && dt !== 'f32') row(`unique_all_${dt}_${distinct}_2^${lg}`, a.size, () => together(cp.unique(a, true, true, true)));
      a.dispose();
    }
  }
}
{
  const queries = f32([n(2 ** 22)]);
  for (const lg of [10, 14, 18, 22, 26]) {
    const t = cp.sort(f32([n(2 ** lg)])).eval();
    row(`searchsorted_f32_t2^${lg}_q2^22`, queries.size, () => cp.searchsorted(t, queries));
    t.dispose();
  }
  queries.dispose();
}
for (const lg of [22, 26]) {
  const x = f32([n(2 ** lg)]);
  for (const pct of [1, 50]) row(`flatnonzero_p${pct}_f32_2^${lg}`, x.size, () => cp.flatnonzero(x.less(pct / 100)));
  x.dispose();
}

write();
log(`wrote ${opts.out}`);
