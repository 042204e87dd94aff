// View benchmark of cupyts on the GPU (issue 5): `x + x.T` over 16384 × 16384 float32 (the
// transposed read is staged through shared memory, src/codegen/cuda-tiled.ts) and the sum of a
// strided slice `x[:, ::2].sum()`, against a device copy. Same JSON layout as
// bench/reductions.mjs, so bench/summarize.mjs compares it with bench/peers.py.
//
// Usage (GPU machine, needs dist/): node bench/views.mjs [--reps 30] [--out FILE]
// GB/s = fewest bytes / median time: x read once and the result written once for x + x.T
// (2·N²·4; the kernel reads x twice, so 3·N²·4 cross the bus: `moved_gbps`), the elements of the
// slice for the strided sum (N²/2·4). Correctness: 64 rows against a float64 JS reference.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { copyRate, gbps, measure as measureEval } from './timing.mjs';

const cp = await import(new URL('../dist/index.js', import.meta.url).href);
const { CudaDevice } = await import(new URL('../dist/runtime/cuda-device.js', import.meta.url).href);

const { values: opts } = parseArgs({ options: { reps: { type: 'string', default: '30' }, out: { type: 'string', default: 'bench/out/cupyts-views.json' } } });
const reps = Number(opts.reps);
const WARMUP = 3;
const N = 16384;
cp.useBackend('cuda');
const device = CudaDevice.open(0);
const log = (m) => process.stderr.write(`${m}\n`);
const measure = (build) => measureEval(device, build, reps, WARMUP);

// x[i, j] = sin(i * 0.001 + j * 0.37): random-looking, no symmetry, built on the device.
const rows = cp.arange(N).astype('float32').reshape(N, 1).mul(0.001);
const cols = cp.arange(N).astype('float32').mul(0.37);
const x = cp.sin(rows.add(cols)).eval();
const head = new Float32Array(64 * N);
x.node.realized.storage.read(head);
const f = Math.fround;
const at = (i, j) => f(Math.sin(f(f(i * f(0.001)) + f(j * f(0.37)))));

const results = {};
const kernels = {};
results.copy = { gbps: Number(copyRate(device, x, reps, WARMUP).toFixed(1)) };
log(`copy            ${results.copy.gbps} GB/s (cuMemcpyDtoD of 1 GiB)`);

function run(name, build, bytes, moved, check) {
  const ex = cp.explain(build());
  kernels[name] = ex.kernels.map((k) => ({ name: k.name, kind: k.kind, launch: k.launch, reason: k.reason }));
  const first = build().eval();
  const err = check(first);
  first.dispose();
  const t = measure(build);
  const rate = gbps(bytes, t.median_ms);
  results[name] = {
    median_ms: t.median_ms, min_ms: t.min_ms, gbps: Number(rate.toFixed(1)), moved_gbps: Number(gbps(moved, t.median_ms).toFixed(1)),
    bytes, kernels: ex.kernels.length, rel_err: err, ok: err < 1e-5,
  };
  log(`${name.padEnd(15)} ${t.median_ms.toFixed(4)} ms ${rate.toFixed(1)} GB/s (moved ${results[name].moved_gbps}) kernels=${ex.kernels.map((k) => k.name).join(',')} rel_err=${err.toExponential(2)}`);
}

run('transpose_add', () => x.add(x.T), 2 * N * N * 4, 3 * N * N * 4, (y) => {
  const got = new Float32Array(64 * N);
  y.node.realized.storage.read(got);
  let num = 0; let den = 0;
  for (let i = 0; i < 64; i++) for (let j = 0; j < N; j++) {
    const want = head[i * N + j] + at(j, i);
    num += (got[i * N + j] - want) ** 2; den += want ** 2;
  }
  return Math.sqrt(num / den);
});
run('strided_sum', () => x.get(':, ::2').sum(), (N * N / 2) * 4, N * N * 4, (y) => {
  const want = x.get(':, ::2').astype('float64').sum().item();
  return Math.abs(y.item() - want) / Math.abs(want);
});

for (const r of Object.values(results)) if (r.gbps && results.copy) r.frac_of_copy = Number((r.gbps / results.copy.gbps).toFixed(3));
const doc = { device: device.info.name, date: new Date().toISOString(), backend: 'cuda', n: N * N, reps, timing: 'CUDA events around one eval() per rep', results, kernels };
mkdirSync(dirname(opts.out), { recursive: true });
writeFileSync(opts.out, `${JSON.stringify(doc, null, 1)}\n`);
log(`written: ${opts.out}`);
if (Object.values(results).some((r) => r.ok === false)) process.exitCode = 1;
