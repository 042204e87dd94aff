// Streams, user kernels in chains and readback paths (issue 21).
//
// Usage (needs dist/: `npx tsc -p tsconfig.build.json`):
//   node bench/streams.mjs [--size-log2 28] [--reps 20] [--steps 40] [--out bench/out/cupyts-streams.json]
//   node bench/streams.mjs --cpu            (a dry run of every section at small sizes on the CPU backend)
//
// 1. chain: a user cp.ElementwiseKernel inside a chain, k(x) * x - 0.5, against the same chain of
//    built-in ops, (x * 2 + 1) * x - 0.5; both must be one fused kernel (cp.explain), so both should
//    run at the device-copy rate (8 bytes per float32 element). CUDA events around each eval(),
//    back to back (CudaDevice.timeEachMs), median after 3 warmups. Where python3 has CuPy, the
//    peers run in the same call (bench/peers_streams.py): CuPy's ElementwiseKernel then two ops
//    (three kernels; cupy.fuse cannot take a user kernel), and one hand-fused ElementwiseKernel.
// 2. overlap: two streams, each: upload 2^(size-log2 - 2) float32 from the host (staged through
//    pinned memory), `steps` evaluated elementwise passes, a readback into pinned memory. Run one
//    stream after the other (serial), then both queued at once (overlapped); the timeline comes
//    from events recorded between the phases on each stream (ms from the first event).
// 3. readback: one 2^(size-log2 - 2) float32 readback through pageable memory (dataSync with the
//    pinned threshold at Infinity), through pinned staging (threshold 0), and async (await data()),
//    host wall time (GB/s = bytes / time), plus how many 1 ms timer ticks ran during the async one.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';

const cp = await import(new URL('../dist/index.js', import.meta.url).href);
const { median, gbps, copyRate } = await import(new URL('./timing.mjs', import.meta.url).href);

const { values: opts } = parseArgs({
  options: {
    'size-log2': { type: 'string' },
    reps: { type: 'string' },
    steps: { type: 'string' },
    out: { type: 'string', default: 'bench/out/cupyts-streams.json' },
    cpu: { type: 'boolean', default: false },
    'no-peers': { type: 'boolean', default: false },
  },
});

function intOption(name, fallback, min, max) {
  if (opts[name] === undefined) return fallback;
  const v = Number(opts[name]);
  if (!Number.isInteger(v) || v < min || v > max) throw new Error(`streams.mjs: --${name}: expected an integer in [${min}, ${max}], got ${opts[name]}`);
  return v;
}

const sizeLog2 = intOption('size-log2', opts.cpu ? 16 : 28, 10, 30);
const reps = intOption('reps', opts.cpu ? 3 : 20, 1, 1000);
const steps = intOption('steps', opts.cpu ? 3 : 40, 1, 1000);
const WARMUP = 3;
cp.useBackend(opts.cpu ? 'cpu' : 'cuda');
cp.config.pinnedMaxBytes = 2 ** 33; // room for both streams' upload and readback blocks (4 x 2^(size-log2) bytes)
const runner = cp.zeros(1).runner;
const device = runner.device;
/** timeEachMs on a CUDA device; host clock on the CPU. */
const timer = opts.cpu
  ? { timeEachMs: (work, n) => Array.from({ length: n }, (_, i) => { const t = performance.now(); work(i); return performance.now() - t; }) }
  : device;
const ms2 = (x) => Math.round(x * 1000) / 1000;

// ---- 1. a user kernel inside a chain ----------------------------------------------------------
function chainSection() {
  const n = 2 ** sizeLog2;
  const x = cp.random.default_rng(1).random(n, { dtype: 'float32' }).eval();
  const k = cp.ElementwiseKernel('T x', 'T y', 'y = x * (T)2 + (T)1', 'user_affine', { js: 'y = x * 2 + 1' });
  const variants = {
    builtin: () => x.mul(2).add(1).mul(x).sub(0.5),
    user_kernel: () => k(x).mul(x).sub(0.5),
  };
  const bytes = 8 * n;
  const rows = {};
  for (const [name, build] of Object.entries(variants)) {
    const kernels = cp.explain(build()).kernels.length;
    const ms = timer.timeEachMs((i) => { const y = build(); y.eval(); y.dispose(); }, WARMUP + reps).slice(WARMUP);
    rows[name] = { kernels, median_ms: ms2(median(ms)), gbps: ms2(gbps(bytes, median(ms))) };
  }
  const a = variants.builtin().get('0:1024').toArraySync();
  const b = variants.user_kernel().get('0:1024').toArraySync();
  const maxDiff = Math.max(...a.map((v, i) => Math.abs(v - b[i])));
  const copy = opts.cpu ? null : copyRate(device, x, reps);
  for (const r of Object.values(rows)) r.of_copy = copy ? ms2(r.gbps / copy) : null;
  x.dispose();
  return { n, bytes, copy_gbps: copy && ms2(copy), ...rows, user_over_builtin: ms2(rows.user_kernel.gbps / rows.builtin.gbps), max_abs_diff: maxDiff };
}

// ---- 2. two streams' copies and kernels ------------------------------------------------------
function storageOf(a) {
  return a.node.realized.storage;
}

/** Queues upload, `steps` passes and a readback on `s`; returns the events between phases and the readback promise. */
function queueStream(s, host, out) {
  return cp.cuda.withStream(s, () => {
    const e = [s.record()];
    let y = cp.asarray(host);
    e.push(s.record());
    for (let i = 0; i < steps; i++) {
      const next = y.mul(1.0001).add(0.5).eval();
      y.dispose();
      y = next;
    }
    e.push(s.record());
    const done = opts.cpu ? y.data().then((d) => out.set(d)) : storageOf(y).readAsync(out); // queued now, awaited later
    e.push(s.record());
    return { events: e, done: done.then(() => y.dispose()) };
  });
}

async function overlapSection() {
  const n = 2 ** (sizeLog2 - 2);
  const hosts = [0, 1].map((k) => Float32Array.from({ length: n }, (_, i) => ((i * 7 + k) % 1000) / 1000));
  const outs = [0, 1].map(() => new Float32Array(n));
  const streams = [new cp.cuda.Stream({ non_blocking: true }), new cp.cuda.Stream({ non_blocking: true })];
  // Warm up (compile, and the pinned blocks both patterns hold at once: pinning 256 MiB of host
  // memory takes about 100 ms, once, and would show as stream time).
  for (const s of streams) await queueStream(s, hosts[0], outs[0]).done;
  await Promise.all(streams.map((s, k) => queueStream(s, hosts[k], outs[k]).done));
  const timeline = (runs) => {
    const t0 = runs[0].events[0];
    return runs.map((r, k) => {
      const at = r.events.map((e) => ms2(cp.cuda.get_elapsed_time(t0, e)));
      return { stream: k, upload: [at[0], at[1]], kernels: [at[1], at[2]], readback: [at[2], at[3]] };
    });
  };
  const spanOf = (tl) => Math.max(...tl.map((r) => r.readback[1])) - Math.min(...tl.map((r) => r.upload[0]));
  // Three trials of each pattern, alternating; the trial with the median overlapped span is reported.
  const trials = [];
  for (let trial = 0; trial < 3; trial++) {
    // serial: stream 0, wait, stream 1
    let t = performance.now();
    const serialRuns = [];
    for (const k of [0, 1]) {
      const r = queueStream(streams[k], hosts[k], outs[k]);
      await r.done;
      serialRuns.push(r);
    }
    const serialWall = performance.now() - t;
    // overlapped: both queued, then both awaited
    t = performance.now();
    const runs = [0, 1].map((k) => queueStream(streams[k], hosts[k], outs[k]));
    await Promise.all(runs.map((r) => r.done));
    const overlapWall = performance.now() - t;
    const serial = timeline(serialRuns);
    const overlapped = timeline(runs);
    trials.push({
      serial: { wall_ms: ms2(serialWall), device_span_ms: ms2(spanOf(serial)), timeline: serial },
      overlapped: { wall_ms: ms2(overlapWall), device_span_ms: ms2(spanOf(overlapped)), timeline: overlapped },
    });
  }
  let ok = true;
  for (const k of [0, 1]) {
    let v = hosts[k][n - 1];
    for (let i = 0; i < steps; i++) v = Math.fround(Math.fround(v * Math.fround(1.0001)) + 0.5);
    if (Math.abs(outs[k][n - 1] - v) > 1e-3 * Math.abs(v)) ok = false;
  }
  const chosen = [...trials].sort((a, b) => a.overlapped.device_span_ms - b.overlapped.device_span_ms)[1];
  return {
    n, steps, values_ok: ok,
    trials_span_ms: trials.map((tr) => [tr.serial.device_span_ms, tr.overlapped.device_span_ms]),
    ...chosen,
    speedup: ms2(chosen.serial.device_span_ms / chosen.overlapped.device_span_ms),
  };
}

// ---- 3. readback paths ---------------------------------------------------------------------
async function readbackSection() {
  const n = 2 ** (sizeLog2 - 2);
  const bytes = 4 * n;
  const x = cp.arange(n, { dtype: 'float32' }).eval();
  const saved = cp.config.pinnedThreshold;
  const rows = {};
  try {
    for (const [name, threshold] of [['pageable', Infinity], ['pinned', 0]]) {
      cp.config.pinnedThreshold = threshold;
      x.dataSync();
      const ms = Array.from({ length: reps }, () => { const t = performance.now(); x.dataSync(); return performance.now() - t; });
      rows[`sync_${name}`] = { median_ms: ms2(median(ms)), gbps: ms2(gbps(bytes, median(ms))) };
    }
    const ms = [];
    let ticks = 0;
    const tick = setInterval(() => ticks++, 1);
    for (let i = 0; i < reps; i++) {
      const t = performance.now();
      await x.data();
      ms.push(performance.now() - t);
    }
    clearInterval(tick);
    rows.async = { median_ms: ms2(median(ms)), gbps: ms2(gbps(bytes, median(ms))), timer_ticks_during: ticks };
  } finally {
    cp.config.pinnedThreshold = saved;
    x.dispose();
  }
  return { n, bytes, ...rows };
}

// ---- peers -------------------------------------------------------------------------------------
function peers() {
  if (opts.cpu || opts['no-peers']) return null;
  const script = new URL('./peers_streams.py', import.meta.url).pathname;
  const r = spawnSync('python3', [script, '--size-log2', String(sizeLog2), '--reps', String(reps)], { encoding: 'utf8' });
  if (r.status !== 0) return { error: (r.stderr || r.error?.message || 'python3 failed').trim().split('\n').slice(-3).join(' | ') };
  return JSON.parse(r.stdout);
}

const result = {
  backend: opts.cpu ? 'cpu' : 'cuda',
  device: opts.cpu ? 'cpu' : device.info.name,
  size_log2: sizeLog2,
  chain: chainSection(),
  overlap: await overlapSection(),
  readback: await readbackSection(),
  peers: peers(),
};
mkdirSync(dirname(opts.out), { recursive: true });
writeFileSync(opts.out, JSON.stringify(result, null, 2));
console.log(JSON.stringify(result, null, 2));
