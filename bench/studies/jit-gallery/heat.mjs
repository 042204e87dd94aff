// Where heat's time goes under cp.jit (examples/heat.ts): the host (enqueue: up to the jitted
// call's return) against the wall (after a synchronize), with and without CUDA graphs, with and
// without the closing mean (a split reduction is no graph node), and eagerly.
// Usage (after the build; a GPU): node bench/studies/jit-gallery/heat.mjs [--n 4096] [--steps 50] [--reps 10]
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({ options: { n: { type: 'string', default: '4096' }, steps: { type: 'string', default: '50' }, reps: { type: 'string', default: '10' } } });
const cp = await import(new URL('../../../dist/index.js', import.meta.url).href);
cp.useBackend('cuda');
const device = cp.cuda.Device();
const [n, steps, reps] = [Number(opts.n), Number(opts.steps), Number(opts.reps)];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const program = (withMean) => (plate) => {
  const u = plate.copy();
  for (let s = 0; s < steps; s++) {
    const centre = u.get('1:-1, 1:-1');
    const lap = u.get('2:, 1:-1').add(u.get(':-2, 1:-1')).add(u.get('1:-1, 2:')).add(u.get('1:-1, :-2')).subtract(centre.multiply(4));
    u.set('1:-1, 1:-1', centre.add(lap.multiply(0.2)));
  }
  return withMean ? [u, cp.mean(u)] : [u];
};

const plate = cp.random.default_rng(5).random([n, n], { dtype: 'float32' }).eval();
for (const withMean of [true, false]) {
  for (const mode of ['eager', 'graphs', 'kernels']) {
    const fn = program(withMean);
    const f = mode === 'eager' ? (p) => cp.tidy(() => { const r = fn(p); cp.eval(...r); return r; }) : cp.jit(fn, { graphs: mode === 'graphs' });
    let how = '';
    if (mode !== 'eager') {
      const e = f.explain(plate);
      const names = e.segments.flatMap((s) => s.kernels);
      const counts = {};
      for (const k of names) counts[k.replace(/_[0-9a-f]{6,}.*$/, '')] = (counts[k.replace(/_[0-9a-f]{6,}.*$/, '')] ?? 0) + 1;
      how = `${e.mode}/${e.launches} steps ${names.length} ${JSON.stringify(counts).slice(0, 300)}`;
    }
    const enq = [], wall = [];
    for (let r = 0; r < 5 + reps; r++) {
      device.synchronize();
      const t0 = performance.now();
      const out = f(plate);
      const t1 = performance.now();
      device.synchronize();
      const t2 = performance.now();
      out.forEach((a) => a.dispose());
      if (r >= 5) { enq.push(t1 - t0); wall.push(t2 - t0); }
    }
    console.log(`heat ${n}^2 x ${steps} mean=${withMean} ${mode.padEnd(7)} enqueue ${median(enq).toFixed(3)} ms  wall ${median(wall).toFixed(3)} ms  ${how}`);
  }
}
