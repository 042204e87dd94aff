// Where the device time of the two gallery programs slowest against CuPy goes (issue 25): CUDA
// events around each stage of examples/image.ts and examples/topk.ts at their bench sizes, the
// stages' inputs computed beforehand. bench/studies/gallery_parts.py times the same stages in CuPy.
// Usage (CUDA, needs dist/): node bench/studies/gallery-parts.mjs [--reps 10]
import { parseArgs } from 'node:util';
import { median } from '../timing.mjs';

const dist = (p) => new URL(`../../dist/${p}`, import.meta.url).href;
const cp = await import(dist('index.js'));
const { CudaDevice } = await import(dist('runtime/cuda-device.js'));
const image = await import(dist('examples/image.js'));
const topk = await import(dist('examples/topk.js'));

const { values: opts } = parseArgs({ options: { reps: { type: 'string', default: '10' } } });
const reps = Number(opts.reps);
cp.useBackend('cuda');
const device = CudaDevice.open(0);
/** Median ms of stage() (its results evaluated, then disposed) after 3 warmups. */
const time = (stage) => median(device.timeEachMs(() => {
  const out = [stage()].flat();
  out.forEach((y) => y.eval());
  out.forEach((y) => y.dispose());
}, reps + 3).slice(3));
const report = (program, stages) => {
  for (const [name, stage] of Object.entries(stages)) console.log(JSON.stringify({ program, stage: name, ms: time(stage) }));
};

{
  const { image: img } = image.makeInputs('bench');
  img.eval();
  const [h, w] = img.shape;
  const f = img.astype('float32').eval();
  const spectrum = cp.fft.rfft2(f).eval();
  report('image', {
    whole: () => Object.values(image.run({ image: img })),
    astype_rfft2: () => cp.fft.rfft2(img.astype('float32')),
    rfft2: () => cp.fft.rfft2(f),
    multiply: () => spectrum.multiply(spectrum),
    irfft2: () => cp.fft.irfft2(spectrum, { s: [h, w] }),
    bincount: () => cp.bincount(img.ravel(), { minlength: 256 }),
    take_u8: () => cp.take(cp.arange(256).astype('uint8'), img),
  });
}
{
  const { values } = topk.makeInputs('bench');
  values.eval();
  const n = values.size;
  const [, counts] = cp.unique(values, { return_counts: true });
  counts.eval();
  report('topk', {
    whole: () => Object.values(topk.run({ values })),
    sort: () => cp.sort(values),
    unique_counts: () => cp.unique(values, { return_counts: true }),
    argsort_counts: () => cp.argsort(cp.negative(counts), { kind: 'stable' }),
    partition: () => cp.partition(values, n - 10),
  });
}
