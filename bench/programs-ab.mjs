// Times row/column statistic programs (softmax, logsumexp, standardize, l2norm, argmax of the
// centred values; the *_np programs in NumPy's spelling, without keepdims) on the GPU and prints a SHA-1 of each result, so that two builds can be compared
// cell by cell: same hash, bitwise the same result. Used for session 20's cached-row kernels.
//   node bench/programs-ab.mjs softmax:2^20x256:1 logsumexp:2^18x1000:1 ...      (this build)
//   DIST=/path/to/other/dist CUPYTS_NATIVE_PATH=$PWD/build/Release/cupyts.node TAG=old node bench/programs-ab.mjs ...
// A cell is program:RxC:axis (extents as numbers or 2^k). Inputs: uniform [-4, 4) float32 from
// default_rng(16), drawn cell after cell (keep the cell list the same between builds).
// Timing: bench/timing.mjs measureBuilt (build + eval between CUDA events), median of 20 after 3.
// PROFILE=1 adds one profiled run per cell (bench/call-profile.mjs): each call's device time and the
// device's idle time before it.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
const dist = resolve(process.env.DIST ?? 'dist');
const cp = await import(pathToFileURL(`${dist}/index.js`).href);
const { CudaDevice } = await import(pathToFileURL(`${dist}/runtime/cuda-device.js`).href);
const { CudaKernel } = await import(pathToFileURL(`${dist}/runtime/cuda-module.js`).href);
const { measureBuilt } = await import(new URL('./timing.mjs', import.meta.url).href);
const { profileCalls } = await import(new URL('./call-profile.mjs', import.meta.url).href);
cp.useBackend('cuda');
const device = CudaDevice.open(0);
const rng = cp.random.default_rng(16);
const progs = {
  softmax: (A, axis) => { const e = A.sub(A.max({ axis, keepdims: true })).exp(); return e.div(e.sum({ axis, keepdims: true })); },
  logsumexp: (A, axis) => { const m = A.max({ axis, keepdims: true }); return m.squeeze(axis).add(cp.log(A.sub(m).exp().sum({ axis }))); },
  standardize: (A, axis) => A.sub(A.mean({ axis, keepdims: true })).div(A.std({ axis, keepdims: true })),
  l2norm: (A, axis) => A.div(cp.sqrt(A.mul(A).sum({ axis, keepdims: true }))),
  argmax: (A, axis) => A.sub(A.mean({ axis, keepdims: true })).argmax(axis),
  sum: (A, axis) => A.sum(axis),
  // NumPy's spelling: statistics over a leading axis without keepdims, put back by broadcasting
  standardize_np: (A, axis) => A.sub(A.mean(axis)).div(A.std(axis)),
  center_np: (A, axis) => A.sub(A.mean(axis)),
  softmax_np: (A, axis) => { const e = cp.exp(A.sub(cp.max(A, axis))); return e.div(cp.sum(e, axis)); },
};
for (const spec of process.argv.slice(2)) {
  const [name, shapeS, axisS] = spec.split(':');
  const shape = shapeS.split('x').map((s) => (s.startsWith('2^') ? 2 ** Number(s.slice(2)) : Number(s)));
  const axis = Number(axisS);
  const A = rng.random(shape, { dtype: 'float32' }).sub(0.5).mul(8).eval();
  const build = () => progs[name](A, axis);
  const y = build().eval();
  const bytes = Buffer.from(y.dataSync().buffer);
  const hash = createHash('sha1').update(bytes).digest('hex').slice(0, 12);
  y.dispose();
  const { median_ms } = measureBuilt(device, build, 20, 3);
  console.log(`${process.env.TAG ?? ''} ${spec.padEnd(28)} ${median_ms.toFixed(4)} ms  sha1 ${hash}`);
  if (process.env.PROFILE) {
    let out;
    let rows;
    try {
      ({ rows } = profileCalls(device, CudaKernel, () => { out = build(); out.eval(); }));
    } finally {
      out?.dispose();
    }
    for (const r of rows) console.log(`    ${r.name.padEnd(50)} device ${r.device_us} us, idle before ${r.idle_before_us} us, host ${r.host_us} us`);
  }
  A.dispose();
}
