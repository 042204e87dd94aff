// Each gallery program's run() eager against the same run() under cp.jit (one signature: the
// program's input arrays as arguments), in alternating rounds in one process: wall time of run +
// cp.eval + synchronize per run (median of the round's runs), and whether the results are
// bitwise the same. Says which programs a jitted run() makes faster, and by how much.
//
// Usage (after the build: npx tsc -p tsconfig.build.json && npx tsc -p tsconfig.examples.json):
//   node bench/studies/jit-gallery/ab.mjs [--only options,nbody] [--size bench|test] [--rounds 4] [--reps 10] [--cpu] [--json FILE]
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    only: { type: 'string', default: '' },
    size: { type: 'string', default: 'bench' },
    rounds: { type: 'string', default: '4' },
    reps: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '5' },
    cpu: { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});
const cp = await import(new URL('../../../dist/index.js', import.meta.url).href);
const { gallery } = await import(new URL('../../../dist/examples/index.js', import.meta.url).href);
cp.useBackend(opts.cpu ? 'cpu' : 'cuda');
const device = cp.cuda.Device();
const sync = () => device.synchronize();
const only = opts.only.split(',').filter(Boolean);
const programs = gallery.filter((p) => only.length === 0 || only.includes(p.name));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const bytesOf = (a) => { const t = a.toTypedArray(); return Buffer.from(t.buffer, t.byteOffset, t.byteLength).toString('base64'); };

const rows = [];
for (const prog of programs) {
  const inputs = prog.module.makeInputs(opts.size);
  cp.eval(...Object.values(inputs));
  const keys = Object.keys(inputs);
  const jitted = cp.jit((...arrs) => prog.module.run(Object.fromEntries(keys.map((k, i) => [k, arrs[i]]))));
  const variants = {
    eager: () => prog.module.run(inputs),
    jit: () => jitted(...keys.map((k) => inputs[k])),
  };
  const runOnce = (f) => { const out = f(); cp.eval(...Object.values(out)); sync(); return out; };
  const row = { program: prog.name, eager: [], jit: [] };
  try {
    const first = {};
    for (const [name, f] of Object.entries(variants)) {
      const t0 = performance.now();
      first[name] = runOnce(f);
      row[`${name}_first_ms`] = performance.now() - t0;
    }
    const again = runOnce(variants.jit); // the first replay
    row.bitwise = Object.keys(first.eager).every((k) => bytesOf(first.eager[k]) === bytesOf(again[k]) && bytesOf(first.jit[k]) === bytesOf(again[k]));
    row.mode = jitted.explain(...keys.map((k) => inputs[k])).mode;
    for (const out of [first.eager, first.jit, again]) for (const a of Object.values(out)) a.dispose();
    for (let r = 0; r < Number(opts.rounds); r++) {
      for (const [name, f] of Object.entries(r % 2 === 0 ? variants : { jit: variants.jit, eager: variants.eager })) {
        const ms = [];
        for (let i = 0; i < Number(opts.warmup) + Number(opts.reps); i++) {
          const t0 = performance.now();
          const out = runOnce(f);
          const t = performance.now() - t0;
          for (const a of Object.values(out)) a.dispose();
          if (i >= Number(opts.warmup)) ms.push(t);
        }
        row[name].push(median(ms));
      }
    }
    row.eager_ms = median(row.eager);
    row.jit_ms = median(row.jit);
  } catch (err) {
    row.error = `${err.code ?? ''} ${err.message.split('\n')[0]}`;
  }
  rows.push(row);
  console.log(row.error ? `${prog.name}: ERROR ${row.error}` :
    `${prog.name.padEnd(11)} eager ${row.eager_ms.toFixed(3)} ms  jit ${row.jit_ms.toFixed(3)} ms  (${(row.eager_ms / row.jit_ms).toFixed(2)}x)  mode ${row.mode}  bitwise ${row.bitwise}  rounds eager ${row.eager.map((x) => x.toFixed(3)).join('/')} jit ${row.jit.map((x) => x.toFixed(3)).join('/')}  first ${row.eager_first_ms.toFixed(0)}/${row.jit_first_ms.toFixed(0)} ms`);
}
if (opts.json) writeFileSync(opts.json, JSON.stringify({ device: opts.cpu ? 'cpu' : 'cuda', size: opts.size, rows }, null, 1));
