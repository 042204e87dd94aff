// Kernel cache CLI measurements (issue 6). Needs dist/ (`npx tsc -p tsconfig.build.json`).
//
//   node bench/cache-cli.mjs record [--out bench/out/suite-kernels.jsonl]
//       runs the test suite (npx vitest run) with CUPYTS_CACHE_RECORD set: the suite's manifest.
//   node bench/cache-cli.mjs warmup --manifest FILE [--arch sm_80,sm_90] [--jobs N]
//       `cupyts cache warmup` into an empty temp cache (cold), then again (everything cached);
//       wall time of each, kernel and compile counts. Runs without a GPU (NVRTC alone).
//   node bench/cache-cli.mjs first-eval [--size-log2 24] [--reps 3]
//       the 8-op chain (bench/elementwise.mjs chain8) on the current backend: its first
//       evaluation in a fresh process with an empty cache; in a fresh process with a warm disk
//       cache (median of --reps processes); and in-process (a new chain8 expression after the
//       first, the compiled kernel already in memory; median of 20). Meant for the GPU.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cliPath = join(root, 'dist', 'cli', 'main.js');
const [mode, ...rest] = process.argv.slice(2);
const { values: opts } = parseArgs({
  args: rest,
  options: {
    out: { type: 'string', default: 'bench/out/suite-kernels.jsonl' },
    manifest: { type: 'string' },
    arch: { type: 'string', default: 'sm_80,sm_90' },
    jobs: { type: 'string' },
    'size-log2': { type: 'string', default: '24' },
    reps: { type: 'string', default: '3' },
  },
});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function record() {
  const out = resolve(opts.out);
  mkdirSync(dirname(out), { recursive: true });
  rmSync(out, { force: true });
  const t0 = performance.now();
  const r = spawnSync('npx', ['vitest', 'run'], { cwd: root, stdio: 'inherit', env: { ...process.env, CUPYTS_CACHE_RECORD: out } });
  const lines = readFileSync(out, 'utf8').trim().split('\n').length;
  console.log(`recorded ${lines} kernel lines in ${out} (${((performance.now() - t0) / 1000).toFixed(0)} s; test exit ${r.status})`);
}

function warmup() {
  if (!opts.manifest) throw new Error('cache-cli.mjs warmup: expected --manifest FILE');
  const dir = mkdtempSync(join(tmpdir(), 'cupyts-bench-warmup-'));
  const args = [cliPath, 'cache', 'warmup', '--manifest', opts.manifest, '--arch', opts.arch, '--dir', dir, '--json', ...(opts.jobs ? ['--jobs', opts.jobs] : [])];
  const run = () => {
    const t0 = performance.now();
    const out = execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 2 ** 20 });
    return { wallS: (performance.now() - t0) / 1000, summary: JSON.parse(out) };
  };
  const cold = run();
  const warm = run();
  const du = JSON.parse(execFileSync(process.execPath, [cliPath, 'cache', 'stats', '--dir', dir, '--json'], { encoding: 'utf8' }));
  rmSync(dir, { recursive: true, force: true });
  const s = cold.summary;
  const result = {
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`, nvrtc: s.nvrtc, cupyts: s.cupyts, kernels: s.kernels, targets: s.targets, jobs: s.jobs,
    workers: s.workers, cold: { wallS: cold.wallS, compiled: s.compiled, cached: s.cached, failed: s.failed.length },
    warm: { wallS: warm.wallS, compiled: warm.summary.compiled, cached: warm.summary.cached, failed: warm.summary.failed.length },
    cacheBytes: du.bytes,
  };
  console.log(JSON.stringify(result, null, 1));
  console.log(`warmup of ${s.kernels} kernels × ${s.targets.join(', ')} = ${s.jobs} compiles on ${s.workers} workers (NVRTC ${s.nvrtc}): ` +
    `cold ${cold.wallS.toFixed(1)} s (${s.compiled} compiled, ${s.failed.length} failed, ${(cold.wallS * 1000 / s.jobs).toFixed(1)} ms per compile), ` +
    `again ${warm.wallS.toFixed(1)} s (${warm.summary.cached} already cached); cache ${(du.bytes / 2 ** 20).toFixed(1)} MiB`);
}

const CHILD = `
const [distIndex, sizeLog2, inProcessReps] = process.argv.slice(1);
const cp = await import(distIndex);
const { CudaDevice } = await import(distIndex.replace(/index\\.js$/, 'runtime/cuda-device.js'));
const backend = cp.currentBackend();
const device = backend === 'cuda' ? CudaDevice.open(0) : undefined;
const n = 2 ** Number(sizeLog2);
const x = cp.asarray(new Float32Array(n).fill(0.25));
device?.synchronize();
const chain8 = (x) => x.mul(1.5).add(0.5).sin().mul(x).add(x.cos()).exp().sub(1);
const timeEval = () => {
  const y = chain8(x);
  const t0 = performance.now();
  y.eval();
  device?.synchronize();
  const ms = performance.now() - t0;
  y.dispose();
  return ms;
};
const firstMs = timeEval();
const cache = cp.explain(chain8(x)).kernels[0]?.cache ?? 'n/a';
const inProcess = [];
for (let i = 0; i < Number(inProcessReps); i++) inProcess.push(timeEval());
process.stdout.write(JSON.stringify({ backend, device: device?.info.name ?? null, firstMs, cache, inProcess }));
`;

function firstEval() {
  const dir = mkdtempSync(join(tmpdir(), 'cupyts-bench-first-eval-'));
  const child = (reps) => {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', CHILD, join(root, 'dist', 'index.js'), opts['size-log2'], String(reps)], {
      encoding: 'utf8', env: { ...process.env, CUPYTS_CACHE_DIR: dir }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    return JSON.parse(out);
  };
  const empty = child(20);
  const warm = Array.from({ length: Number(opts.reps) }, () => child(0));
  rmSync(dir, { recursive: true, force: true });
  const result = {
    backend: empty.backend, device: empty.device, n: 2 ** Number(opts['size-log2']),
    emptyCache: { ms: empty.firstMs, cache: empty.cache },
    warmDiskFreshProcess: { medianMs: median(warm.map((w) => w.firstMs)), all: warm.map((w) => w.firstMs), cache: warm[0].cache },
    inProcess: { medianMs: median(empty.inProcess), minMs: Math.min(...empty.inProcess) },
  };
  console.log(JSON.stringify(result, null, 1));
  console.log(`chain8, n = 2^${opts['size-log2']} float32 on ${result.device ?? result.backend}: first eval with an empty cache ${result.emptyCache.ms.toFixed(1)} ms (${result.emptyCache.cache}); ` +
    `fresh process, warm disk cache ${result.warmDiskFreshProcess.medianMs.toFixed(1)} ms (${result.warmDiskFreshProcess.cache}); ` +
    `in-process ${result.inProcess.medianMs.toFixed(2)} ms (median of ${empty.inProcess.length})`);
}

if (mode === 'record') record();
else if (mode === 'warmup') warmup();
else if (mode === 'first-eval') firstEval();
else {
  console.error('usage: node bench/cache-cli.mjs record | warmup --manifest FILE [--arch sm_80,sm_90] | first-eval [--size-log2 24]');
  process.exit(2);
}
