// Sorting benchmark of cupyts on the GPU (issue 17), the rows: sort and argsort of 2^28
// float32 and 2^27 int64 keys, sort along the last axis of 2^16 × 4096 float32, unique with counts
// of 2^26 int32, median along the last axis of 8192 × 8192 float32, histogram of 2^28 float32 into
// 256 bins, searchsorted of 2^24 queries. Peers (CuPy/CUB, PyTorch) are not run here.
//
// Usage (GPU machine, needs dist/): node bench/sorts.mjs [--reps 5] [--scale 1] [--out FILE]
// --scale divides every size (e.g. 16 for a quick look). Timing: CUDA events around one eval()
// per rep (median after a warmup, bench/timing.mjs); "Gkeys/s" = keys / median time. unique and
// histogram read back a count at the call (compaction, the data's range): those rows include it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { measure as measureEval, measureBuilt } from './timing.mjs';

const cp = await import(new URL('../dist/index.js', import.meta.url).href);
const { CudaDevice } = await import(new URL('../dist/runtime/cuda-device.js', import.meta.url).href);

const { values: opts } = parseArgs({
  options: { reps: { type: 'string', default: '5' }, scale: { type: 'string', default: '1' }, out: { type: 'string', default: 'bench/out/cupyts-sorts.json' } },
});
const reps = Number(opts.reps);
const scale = Number(opts.scale);
cp.useBackend('cuda');
const device = CudaDevice.open(0);
const log = (m) => process.stderr.write(`${m}\n`);
const rng = cp.random.default_rng(17);
const n = (x) => Math.max(1, Math.floor(x / scale));

const f32 = (shape) => rng.random(shape, { dtype: 'float32' }).eval();
const i64 = (count) => rng.integers(0, 2 ** 40, [count], { dtype: 'int64' }).eval();
const i32 = (count) => rng.integers(0, 2 ** 20, [count], { dtype: 'int32' }).eval();

const rows = [];
function row(name, keys, build, built = false) {
  const t = built ? measureBuilt(device, build, reps, 1) : measureEval(device, build, reps, 1);
  const out = { name, keys, median_ms: t.median_ms, min_ms: t.min_ms, gkeys_per_s: keys / (t.median_ms * 1e-3) / 1e9 };
  rows.push(out);
  log(`${name.padEnd(40)} ${t.median_ms.toFixed(2).padStart(10)} ms  ${out.gkeys_per_s.toFixed(3)} Gkeys/s`);
}

const a = f32([n(2 ** 28)]);
row('sort float32 1-D', a.size, () => cp.sort(a));
row('argsort float32 1-D', a.size, () => cp.argsort(a));
const b = i64(n(2 ** 27));
row('sort int64 1-D', b.size, () => cp.sort(b));
row('argsort int64 1-D', b.size, () => cp.argsort(b));
a.dispose(); b.dispose();
const m = f32([n(2 ** 16), 4096]);
row('sort last axis 2^16 x 4096 float32', m.size, () => cp.sort(m, -1));
m.dispose();
const u = i32(n(2 ** 26));
row('unique with counts int32', u.size, () => cp.unique(u, { return_counts: true })[1], true);
u.dispose();
const sq = f32([n(8192), 8192]);
row('median last axis 8192 x 8192 float32', sq.size, () => cp.median(sq, -1));
sq.dispose();
const h = f32([n(2 ** 28)]);
row('histogram float32 256 bins', h.size, () => cp.histogram(h, 256, [0, 1])[0], true);
h.dispose();
const table = cp.sort(f32([n(2 ** 24)])).eval();
const queries = f32([n(2 ** 24)]);
row('searchsorted 2^24 queries', queries.size, () => cp.searchsorted(table, queries));

mkdirSync(dirname(opts.out), { recursive: true });
writeFileSync(opts.out, JSON.stringify({ device: device.info, rows }, null, 2));
log(`wrote ${opts.out}`);
