// One run of a function with every kernel launch, library compute call, device-to-host read and
// stream-ordered allocation bracketed by CUDA events: each call's device time, the device's idle gap
// before it (waiting for the host) and the host time inside it. Used by bench/workload-profile.mjs
// and bench/programs-ab.mjs (PROFILE=1). Events add a little host time per call.

const LIBRARY_CALL = /^(cublas([SDCZ]gemm|Gemm)|cufftExec|cusolverDn)/;
const NOT_A_COMPUTE_CALL = /(_bufferSize|Create|Destroy|Set|Params)/;
const round = (x) => Number(x.toFixed(1));

/**
 * Runs fn() on `device` (a CudaDevice) with its traced calls bracketed by events; CudaKernel is
 * dist/runtime/cuda-module.js's class (its launches carry the kernel's name). Returns the host's
 * enqueue and wall times and a row per call.
 */
export function profileCalls(device, CudaKernel, fn) {
  const addon = device.addon;
  const traced = Object.keys(addon).filter((k) => typeof addon[k] === 'function'
    && (k === 'launch' || k === 'memcpyDtoH' || k === 'memAlloc' || k === 'memFree' || (LIBRARY_CALL.test(k) && !NOT_A_COMPUTE_CALL.test(k))));
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
  } catch (e) {
    for (const ev of events) addon.eventDestroy(ev);
    throw e;
  } finally {
    for (const [k, original] of saved) addon[k] = original;
    CudaKernel.prototype.launch = launch;
  }
  const enqueueMs = performance.now() - t0;
  device.synchronize();
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

/** The calls grouped by name, the most device time first. */
export function byName(rows) {
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
