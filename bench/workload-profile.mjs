// Where one run of a gallery program spends its time on the GPU machine: the host (building the
// lazy program, scheduling, planning, queuing) against the device (each kernel and library call).
// bench/workloads.mjs says how long a run takes; this says why.
//
// Usage (needs dist/ and dist/examples/, see bench/run-workloads.sh; a GPU):
//   node bench/workload-profile.mjs [--only mlp,image,...] [--size bench|test] [--reps 10] [--out FILE.json]
//
// Per program, after a first run (compiles) and two warm runs:
// - wall_ms: median of --reps runs as workloads.mjs times them (run, cp.eval, synchronize);
//   enqueue_ms: the same runs up to cp.eval's return, before the synchronize (the host's share:
//   where it is close to wall_ms the program is host-bound);
// - one profiled run: a CUDA event before and after every kernel launch, cuBLAS / cuFFT /
//   cuSOLVER compute call, device-to-host read and stream-ordered allocation, so each call's
//   device time and the device's idle gap before it (waiting for the host) are known; the host
//   time inside each native call; the calls grouped by kernel name. Events add a little host time
//   per call, so the profiled run's totals are a little above the timed runs'.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from './timing.mjs';

const { values: opts } = parseArgs({
  options: {
    only: { type: 'string', default: 'mlp,image,polyfit,logistic,rolling' },
    size: { type: 'string', default: 'bench' },
    reps: { type: 'string', default: '10' },
    out: { type: 'string', default: 'bench/out/workload-profile.json' },
    gallery: { type: 'string', default: 'dist/examples/index.js' },
  },
});
const cp = await import(new URL('../dist/index.js', import.meta.url).href);
const { CudaKernel } = await import(new URL('../dist/runtime/cuda-module.js', import.meta.url).href);
const { CudaDevice } = await import(new URL('../dist/runtime/cuda-device.js', import.meta.url).href);
const { gallery } = await import(resolve(opts.gallery));
cp.useBackend('cuda');
const device = CudaDevice.open(0);
const addon = device.addon;
const sync = () => device.synchronize();
const reps = Math.max(1, Number(opts.reps));

const LIBRARY_CALL = /^(cublas([SDCZ]gemm|Gemm)|cufftExec|cusolverDn)/;
const NOT_A_COMPUTE_CALL = /(_bufferSize|Create|Destroy|Set|Params)/;
const traced = Object.keys(addon).filter((k) => typeof addon[k] === 'function'
  && (k === 'launch' || k === 'memcpyDtoH' || k === 'memAlloc' || k === 'memFree' || (LIBRARY_CALL.test(k) && !NOT_A_COMPUTE_CALL.test(k))));

/** Runs fn() with every traced call bracketed by events; returns the calls (device and host times). */
function profile(fn) {
  const calls = [];
  const events = [];
  const event = () => {
    const e = addon.eventCreate(0);
    events.push(e);
    return e;
  };
  let kernelName;
  const launch = CudaKernel.prototype.launch;
  CudaKernel.prototype.launch = function named(...args) {
    kernelName = this.name;
    try {
      return launch.apply(this, args);
    } finally {
      kernelName = undefined;
    }
  };
  const saved = traced.map((k) => [k, addon[k]]);
  for (const [k, original] of saved) {
    addon[k] = function bracketed(...args) {
      const stream = device.stream;
      const before = event();
      addon.eventRecord(before, stream);
      const t0 = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        const hostUs = (performance.now() - t0) * 1000;
        const after = event();
        addon.eventRecord(after, stream);
        calls.push({ name: k === 'launch' ? kernelName ?? 'launch' : k, kind: k === 'launch' ? 'kernel' : LIBRARY_CALL.test(k) ? 'library' : k, hostUs, before, after });
      }
    };
  }
  const t0 = performance.now();
  try {
    fn();
  } finally {
    for (const [k, original] of saved) addon[k] = original;
    CudaKernel.prototype.launch = launch;
  }
  const enqueueMs = performance.now() - t0;
  sync();
  const wallMs = performance.now() - t0;
  const origin = calls[0]?.before;
  const rows = calls.map((c, i) => ({
    name: c.name, kind: c.kind, host_us: round(c.hostUs),
    start_us: round(addon.eventElapsedMs(origin, c.before) * 1000),
    device_us: round(addon.eventElapsedMs(c.before, c.after) * 1000),
    idle_before_us: i === 0 ? 0 : round(Math.max(0, addon.eventElapsedMs(calls[i - 1].after, c.before) * 1000)),
  }));
  for (const e of events) addon.eventDestroy(e);
  return { enqueueMs, wallMs, rows };
}

const round = (x) => Number(x.toFixed(1));
const ms = (x) => Number(x.toFixed(3));

function byName(rows) {
  const m = new Map();
  for (const r of rows) {
    const e = m.get(r.name) ?? { name: r.name, kind: r.kind, calls: 0, device_us: 0, host_us: 0 };
    e.calls += 1;
    e.device_us = round(e.device_us + r.device_us);
    e.host_us = round(e.host_us + r.host_us);
    m.set(r.name, e);
  }
  return [...m.values()].sort((a, b) => b.device_us - a.device_us);
}

const doc = { kind: 'workload-profile', size: opts.size, device: cp.runtimeInfo?.().devices?.[0]?.name ?? 'cuda', date: new Date().toISOString(), programs: {} };
const only = opts.only.split(',').map((s) => s.trim()).filter(Boolean);
for (const p of gallery.filter((g) => only.includes(g.name))) {
  const inputs = p.module.makeInputs(opts.size);
  cp.eval(...Object.values(inputs).filter((a) => a instanceof cp.NDArray));
  sync();
  const once = () => {
    const out = p.module.run(inputs);
    cp.eval(...Object.values(out).filter((a) => a instanceof cp.NDArray));
    return out;
  };
  const dispose = (out) => Object.values(out).forEach((a) => a?.dispose?.());
  for (let i = 0; i < 3; i++) { dispose(once()); sync(); }
  const walls = [];
  const enqueues = [];
  for (let i = 0; i < reps; i++) {
    sync();
    const t0 = performance.now();
    const out = once();
    enqueues.push(performance.now() - t0);
    sync();
    walls.push(performance.now() - t0);
    dispose(out);
  }
  let out;
  const prof = profile(() => { out = once(); });
  dispose(out);
  const deviceUs = prof.rows.reduce((a, r) => a + r.device_us, 0);
  const idleUs = prof.rows.reduce((a, r) => a + r.idle_before_us, 0);
  const entry = {
    wall_ms: ms(median(walls)), enqueue_ms: ms(median(enqueues)),
    profiled: {
      wall_ms: ms(prof.wallMs), enqueue_ms: ms(prof.enqueueMs), calls: prof.rows.length,
      device_busy_us: round(deviceUs), device_idle_between_us: round(idleUs),
      host_in_native_us: round(prof.rows.reduce((a, r) => a + r.host_us, 0)),
    },
    by_name: byName(prof.rows),
    calls: prof.rows,
  };
  doc.programs[p.name] = entry;
  const pr = entry.profiled;
  console.log(`\n${p.name}: wall ${entry.wall_ms} ms, enqueue ${entry.enqueue_ms} ms (host); profiled run: ${pr.calls} calls, device busy ${(pr.device_busy_us / 1000).toFixed(3)} ms, ` +
    `device idle between calls ${(pr.device_idle_between_us / 1000).toFixed(3)} ms, host inside native calls ${(pr.host_in_native_us / 1000).toFixed(3)} ms`);
  for (const e of entry.by_name.slice(0, 15)) {
    console.log(`  ${e.name.padEnd(48)} ${String(e.calls).padStart(4)} calls  device ${(e.device_us / 1000).toFixed(3).padStart(8)} ms  host ${(e.host_us / 1000).toFixed(3).padStart(8)} ms`);
  }
  dispose(inputs);
  writeFileSync(opts.out, `${JSON.stringify(doc, null, 1)}\n`);
}
console.log(`\nwritten: ${opts.out}`);
