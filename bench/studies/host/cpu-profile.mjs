// Where the host's time goes in the warm runs of one gallery program: V8's sampling profiler
// (node:inspector) around --reps runs after three warm-up runs, so compiles and first-run
// planning are left out. Writes the raw .cpuprofile and prints the functions with the most
// self time and the most total time.
//
// Usage (dist/ and dist/examples/ built; a GPU for the cuda backend):
//   node bench/studies/host/cpu-profile.mjs --only topk [--reps 50] [--backend cuda] [--out DIR]
import { Session } from 'node:inspector/promises';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { summarize } from './profile-summary.mjs';

const { values: opts } = parseArgs({
  options: {
    only: { type: 'string', default: 'topk' },
    reps: { type: 'string', default: '50' },
    size: { type: 'string', default: 'bench' },
    backend: { type: 'string', default: 'cuda' },
    out: { type: 'string', default: 'bench/out/cpu-profile' },
  },
});
const cp = await import(new URL('../../../dist/index.js', import.meta.url).href);
const { gallery } = await import(resolve('dist/examples/index.js'));
cp.useBackend(opts.backend);
const sync = () => cp.cuda.runtime.deviceSynchronize();
const p = gallery.find((g) => g.name === opts.only);
if (!p) throw new Error(`no program ${opts.only}`);
const inputs = p.module.makeInputs(opts.size);
const arrays = (o) => Object.values(o).filter((a) => a instanceof cp.NDArray);
cp.eval(...arrays(inputs));
const once = () => {
  const out = p.module.run(inputs);
  cp.eval(...arrays(out));
  sync();
  arrays(out).forEach((a) => a.dispose());
};
for (let i = 0; i < 3; i++) once();

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 50 });
await session.post('Profiler.start');
const reps = Number(opts.reps);
const t0 = performance.now();
for (let i = 0; i < reps; i++) once();
const perRun = (performance.now() - t0) / reps;
const { profile } = await session.post('Profiler.stop');
mkdirSync(opts.out, { recursive: true });
writeFileSync(`${opts.out}/${p.name}.cpuprofile`, JSON.stringify(profile));
console.log(`${p.name}: ${perRun.toFixed(3)} ms a run over ${reps} profiled runs (profiler on)`);
console.log(summarize(profile, 30));
