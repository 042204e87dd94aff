// Data-parallel training over every device with cp.cuda.nccl: a linear model fitted by gradient
// descent, the rows sharded across devices, each step's gradient all-reduced (avg) so that every
// device keeps the same weights. Checks that the result matches one device running the whole
// batch, and reports the time per step for 1…N devices (the scaling).
//   node bench/data-parallel.mjs [--devices N] [--rows R] [--features F] [--steps S]
// On a machine without GPUs it runs on the CPU backend's virtual devices (CUPYTS_CPU_DEVICES, or
// --devices), where it checks the logic; the scaling means something only on several GPUs.
import { parseArgs } from 'node:util';
import * as cp from '../dist/index.js';

const { values } = parseArgs({
  options: {
    devices: { type: 'string' }, rows: { type: 'string', default: '65536' },
    features: { type: 'string', default: '256' }, steps: { type: 'string', default: '50' },
  },
});
const rows = Number(values.rows);
const features = Number(values.features);
const steps = Number(values.steps);
if (values.devices && cp.cuda.runtime.getDeviceCount() < Number(values.devices)) cp.config.cpuDevices = Number(values.devices);
const most = Number(values.devices ?? cp.cuda.runtime.getDeviceCount());
const lr = 0.1;

// the data, made once on device 0: y = X w* + noise
cp.cuda.Device(0).use();
const rng = cp.random.default_rng(0);
const X = rng.standard_normal([rows, features], 'float32');
const wTrue = rng.standard_normal([features], 'float32');
const y = cp.add(cp.matmul(X, wTrue), cp.multiply(rng.standard_normal([rows], 'float32'), 0.01)).eval();

/** Trains on `n` devices; returns the final weights (device 0) and the milliseconds per step. */
function train(n) {
  const comms = cp.cuda.nccl.NcclCommunicator.initAll(n);
  const shard = Math.ceil(rows / n);
  const parts = comms.map((_, d) => {
    const lo = d * shard;
    const hi = Math.min(rows, lo + shard);
    return { X: X.get([cp.slice(lo, hi)]).to(d), y: y.get([cp.slice(lo, hi)]).to(d), count: hi - lo };
  });
  let w = comms.map((_, d) => { cp.cuda.Device(d).use(); return cp.zeros([features], 'float32'); });
  const step = () => {
    // each device: the gradient of its rows' squared error, scaled by its share of the batch
    const grads = parts.map((p, d) => {
      cp.cuda.Device(d).use();
      const residual = cp.subtract(cp.matmul(p.X, w[d]), p.y);
      return cp.multiply(cp.matmul(residual, p.X), (2 * n) / rows).eval();
    });
    cp.cuda.nccl.groupStart();
    const mean = comms.map((c, d) => c.allReduce(grads[d], 'avg'));
    cp.cuda.nccl.groupEnd();
    w = w.map((wd, d) => { cp.cuda.Device(d).use(); return cp.subtract(wd, cp.multiply(mean[d], lr)).eval(); });
  };
  step(); // compile
  for (let d = 0; d < n; d++) cp.cuda.Device(d).synchronize();
  const t0 = performance.now();
  for (let s = 1; s < steps; s++) step();
  for (let d = 0; d < n; d++) cp.cuda.Device(d).synchronize();
  const ms = (performance.now() - t0) / Math.max(1, steps - 1);
  cp.cuda.Device(0).use();
  const out = w[0];
  for (const c of comms) c.destroy();
  return { w: out, ms };
}

const one = train(1);
const lines = [`| devices | ms / step | speed-up | largest difference from 1 device |`, '|---:|---:|---:|---:|'];
lines.push(`| 1 | ${one.ms.toFixed(3)} | 1.00 | 0 |`);
for (let n = 2; n <= most; n++) {
  const r = train(n);
  const diff = cp.max(cp.abs(cp.subtract(r.w, one.w))).item();
  lines.push(`| ${n} | ${r.ms.toFixed(3)} | ${(one.ms / r.ms).toFixed(2)} | ${diff.toExponential(2)} |`);
  if (!(diff < 1e-3)) { console.error(`data-parallel: ${n} devices drifted from one device by ${diff}`); process.exitCode = 1; }
}
console.log(`data-parallel linear regression: ${rows} rows x ${features} features, ${steps} steps, backend ${cp.cuda.Device().name}`);
console.log(lines.join('\n'));
