// Where a 4096^2 cholesky's device time goes (issue 18): CUDA events around each stage of
// choleskyBatch (src/api/linalg-factor.ts) run alone: the column-major copy of the input, potrf on
// that copy (the copy's time subtracted), and the row-major lower triangle read back from it;
// beside the whole call. float64 and float32.
// Usage (CUDA, needs dist/): node bench/studies/cholesky-parts.mjs [--n 4096] [--reps 10]
import { parseArgs } from 'node:util';
import { median } from '../timing.mjs';

const dist = (p) => new URL(`../../dist/${p}`, import.meta.url).href;
const cp = await import(dist('index.js'));
const { columnMajor, rowMajorView } = await import(dist('api/linalg-batch.js'));
const { cudaCholesky } = await import(dist('api/linalg-cuda-solvers.js'));
const { tril } = await import(dist('api/matrices.js'));
const { CudaDevice } = await import(dist('runtime/cuda-device.js'));

const { values: opts } = parseArgs({ options: { n: { type: 'string', default: '4096' }, reps: { type: 'string', default: '10' } } });
const n = Number(opts.n);
const reps = Number(opts.reps);
cp.useBackend('cuda');
const device = CudaDevice.open(0);
const time = (work) => median(device.timeEachMs(work, reps + 3).slice(3));

for (const dtype of ['float64', 'float32']) {
  const rng = cp.random.default_rng(18);
  const g = rng.standard_normal([n, n]).astype(dtype);
  const A = cp.matmul(g, g.T).add(cp.eye(n, { dtype }).mul(n)).eval();
  const A3 = A.reshape(1, n, n);
  const whole = time(() => { const L = cp.linalg.cholesky(A); L.eval(); L.dispose(); });
  const copy = time(() => { const m = columnMajor(A3); m.storage.dispose(); });
  const copyPotrf = time(() => { const m = columnMajor(A3); cudaCholesky(m); m.storage.dispose(); });
  const m = columnMajor(A3);
  cudaCholesky(m);
  const triangle = time(() => { const L = tril(rowMajorView(m.runner, m.storage, m.dtype, 1, n, n)).eval(); L.dispose(); });
  m.storage.dispose();
  const row = { dtype, n, whole_ms: whole, copy_ms: copy, potrf_ms: copyPotrf - copy, triangle_ms: triangle, parts_ms: copyPotrf + triangle };
  console.log(JSON.stringify(row));
}
