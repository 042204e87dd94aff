// Elementwise kernels over strided views (slices, steps, 3-D boxes, a stencil, a strided write),
// each timed between CUDA events (bench/timing.mjs measureBuilt: build + eval, median of 20 after
// 3) with a SHA-1 of its result, so two builds can be compared cell by cell (same hash: bitwise the
// same result). Written for the rows path of strided kernels (src/codegen/cuda.ts rowsLaunch).
//   node bench/studies/strided/cells.mjs [cell ...]            (default: the whole grid below)
//   DIST=/path/to/other/dist TAG=old node bench/studies/strided/cells.mjs
// A cell is program:shape, the shape as AxBxC with extents as numbers or 2^k.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
const dist = resolve(process.env.DIST ?? 'dist');
const cp = await import(pathToFileURL(`${dist}/index.js`).href);
const { CudaDevice } = await import(pathToFileURL(`${dist}/runtime/cuda-device.js`).href);
const { measureBuilt } = await import(new URL('../../timing.mjs', import.meta.url).href);
cp.useBackend('cuda');
const device = CudaDevice.open(0);
const rng = cp.random.default_rng(16);
const progs = {
  interior: (A) => A.get('1:-1, 1:-1').mul(2).add(1),
  step2: (A) => A.get(':, ::2').add(1),
  box3: (A) => A.get(':, 1:, :').mul(2),
  stencil: (A) => A.get('2:, 1:-1').add(A.get(':-2, 1:-1')).add(A.get('1:-1, 2:')).add(A.get('1:-1, :-2')).sub(A.get('1:-1, 1:-1').mul(4)),
  rowbcast: (A) => A.get('1:, :').add(A.get('0:1, :')),
  // (returns a view: the timing disposes what build returns)
  setinterior: (A) => { A.set('1:-1, 1:-1', A.get('1:-1, 1:-1').mul(0.5)); return A.get('0:1'); },
};
// (about 2^28 elements each, 1 GiB of float32: the device's time, not the host's, sets the figure)
const GRID = [
  'interior:16384x16384', 'interior:2^22x64', 'interior:2^20x256', 'interior:2^23x33', 'interior:64x2^22', 'interior:2^24x16',
  'step2:16384x16384', 'step2:2^22x64', 'box3:512x512x1024', 'box3:64x64x2^16', 'box3:2^16x64x64',
  'stencil:16384x16384', 'stencil:2^23x32', 'rowbcast:16384x16384', 'setinterior:16384x16384', 'setinterior:2^22x48',
];
const cells = process.argv.slice(2).length ? process.argv.slice(2) : GRID;
for (const spec of cells) {
  const [name, shapeS] = spec.split(':');
  const shape = shapeS.split('x').map((s) => (s.startsWith('2^') ? 2 ** Number(s.slice(2)) : Number(s)));
  const A = rng.random(shape, { dtype: 'float32' }).eval();
  const build = () => progs[name](A);
  const y = build().eval();
  const hash = name === 'setinterior' ? '(in place)' : createHash('sha1').update(Buffer.from(y.dataSync().buffer)).digest('hex').slice(0, 12);
  y.dispose();
  const { median_ms } = measureBuilt(device, build, 20, 3);
  console.log(`${process.env.TAG ?? ''} ${spec.padEnd(24)} ${median_ms.toFixed(4)} ms  sha1 ${hash}`);
  A.dispose();
}
