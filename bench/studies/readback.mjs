// Readback and upload speed: x.dataSync(), await x.data() and cp.asarray(TypedArray) for 2^20..2^26
// float32 and float64 elements, against CuPy's x.get() and cupy.asarray(numpy_array) in the same
// call (bench/studies/readback_peers.py).
//
//   npx tsc -p tsconfig.build.json
//   node bench/studies/readback.mjs [--min-log2 20] [--max-log2 26] [--reps 10] [--out $OUT/readback.json]
//   node bench/studies/readback.mjs --cpu       (a dry run on the CPU backend, small sizes, no peers)
//
// A readback returns fresh host memory, and the first touch of fresh memory faults a page at a
// time; so each size is timed several ways (host wall time, median after 2 warmups):
//   dataSync, data:   what a user calls (a new TypedArray each time);
//   read_reused:      the same copy into one TypedArray allocated and touched before (CudaBuffer.read),
//                     i.e. the copy without the first touch of the result;
//   first_touch:      new TypedArray(n).fill(1) on the host alone (what a fresh result costs to fault in);
//   asarray:          cp.asarray(TypedArray) until the device has the data (a device synchronize after);
//   copy_events:      CUDA events around the device-side DtoH of the staged copy (pinned DMA), where
//                     the CUDA backend runs it (CudaBuffer.readAsync's queued copy), to show the DMA rate.
// GB/s counts the array's bytes once.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';

const cp = await import(new URL('../../dist/index.js', import.meta.url).href);
const { median, gbps } = await import(new URL('../timing.mjs', import.meta.url).href);

const { values: opts } = parseArgs({
  options: {
    'min-log2': { type: 'string' },
    'max-log2': { type: 'string' },
    reps: { type: 'string' },
    out: { type: 'string', default: `${process.env.OUT ?? 'bench/out'}/readback.json` },
    cpu: { type: 'boolean', default: false },
    'no-peers': { type: 'boolean', default: false },
  },
});
const intOption = (name, fallback) => {
  const v = opts[name] === undefined ? fallback : Number(opts[name]);
  if (!Number.isInteger(v) || v < 0) throw new Error(`readback.mjs: --${name}: expected a non-negative integer, got ${opts[name]}`);
  return v;
};
const minLog2 = intOption('min-log2', opts.cpu ? 12 : 20);
const maxLog2 = intOption('max-log2', opts.cpu ? 16 : 26);
const reps = intOption('reps', opts.cpu ? 3 : 10);
const WARMUP = 2;
cp.useBackend(opts.cpu ? 'cpu' : 'cuda');
cp.config.pinnedMaxBytes = 2 ** 31;
const device = opts.cpu ? null : cp.zeros(1).runner.device;
const CTOR = { float32: Float32Array, float64: Float64Array };

async function wallMs(f) {
  for (let i = 0; i < WARMUP; i++) await f();
  const ms = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    await f();
    ms.push(performance.now() - t);
  }
  return median(ms);
}

function row(bytes, ms) {
  return { median_ms: Math.round(ms * 1000) / 1000, gbps: Math.round(gbps(bytes, ms) * 100) / 100 };
}

/** Device-side time of the staged DtoH copy (events around the queued copy into pinned memory). */
function copyEventsMs(storage, bytes) {
  const { addon, pinned } = device;
  const block = pinned.take(bytes);
  if (!block) return null;
  try {
    const ms = device.timeEachMs(() => addon.memcpyDtoHQueued(block.ptr, storage.readPtr, bytes, device.stream), WARMUP + reps).slice(WARMUP);
    return median(ms);
  } finally {
    pinned.give(block);
  }
}

async function measure(dtype, log2) {
  const n = 2 ** log2;
  const Ctor = CTOR[dtype];
  const bytes = n * Ctor.BYTES_PER_ELEMENT;
  const host = new Ctor(n).map((_, i) => (i % 1000) * 0.5);
  const x = cp.asarray(host).eval();
  const storage = x.node.realized.storage;
  const reused = new Ctor(n).fill(1);
  const r = {
    dataSync: row(bytes, await wallMs(() => x.dataSync())),
    data: row(bytes, await wallMs(() => x.data())),
    read_reused: row(bytes, await wallMs(() => (opts.cpu ? reused.set(x.dataSync()) : storage.read(reused)))),
    first_touch: row(bytes, await wallMs(() => new Ctor(n).fill(1))),
    asarray: row(bytes, await wallMs(() => { cp.asarray(host).dispose(); device?.synchronize(); })),
  };
  if (!opts.cpu) { const ms = copyEventsMs(storage, bytes); r.copy_events = ms === null ? null : row(bytes, ms); }
  const back = x.dataSync();
  r.values_ok = back.length === n && back[n - 1] === host[n - 1] && back[1] === host[1];
  x.dispose();
  return { dtype, n, bytes, ...r };
}

function peers() {
  if (opts.cpu || opts['no-peers']) return null;
  const script = new URL('./readback_peers.py', import.meta.url).pathname;
  const r = spawnSync('python3', [script, '--min-log2', String(minLog2), '--max-log2', String(maxLog2), '--reps', String(reps)], { encoding: 'utf8' });
  if (r.status !== 0) return { error: (r.stderr || r.error?.message || 'python3 failed').trim().split('\n').slice(-3).join(' | ') };
  return JSON.parse(r.stdout);
}

const rows = [];
for (const dtype of ['float32', 'float64']) {
  for (let log2 = minLog2; log2 <= maxLog2; log2 += 2) {
    const m = await measure(dtype, log2);
    rows.push(m);
    console.error(`${dtype} 2^${log2}: dataSync ${m.dataSync.gbps} GB/s, data ${m.data.gbps}, read_reused ${m.read_reused.gbps}, first_touch ${m.first_touch.gbps}, asarray ${m.asarray.gbps}`);
  }
}
const result = {
  backend: opts.cpu ? 'cpu' : 'cuda',
  device: device?.info.name ?? 'cpu',
  threads: (await import('node:os')).availableParallelism(),
  pinned_threshold: cp.config.pinnedThreshold,
  rows,
  peers: peers(),
};
mkdirSync(dirname(opts.out), { recursive: true });
writeFileSync(opts.out, JSON.stringify(result, null, 2));
console.log(JSON.stringify(result, null, 2));
