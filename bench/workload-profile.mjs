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
import { byName, profileCalls } from './call-profile.mjs';

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
const sync = () => device.synchronize();
const reps = Math.max(1, Number(opts.reps));

const profile = (fn) => profileCalls(device, CudaKernel, fn);

const round = (x) => Number(x.toFixed(1));
const ms = (x) => Number(x.toFixed(3));

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
