// The generated CUDA, PTX and ptxas resource use of the bench rows' sampler kernels (no GPU needed):
//   npx tsc -p tsconfig.build.json && CUPYTS_NVRTC_PATH=... node bench/studies/random-ptx.mjs [--out DIR] [row ...]
// Writes DIR/<row>.cu and DIR/<row>.ptx (default bench/out/random-ptx) and prints, per row, the
// kernel's registers and spills (ptxas -v for sm_90, where ptxas is on PATH) and counts of the
// PTX instructions that cost most in a sampler: f64 div/sqrt/mul/add/fma, calls, Philox multiplies.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const dist = (p) => import(new URL(`../../dist/${p}`, import.meta.url).href);
const cp = await dist('index.js');
const { explainPlans } = await dist('api/evaluate.js');
const { generateCudaPlan } = await dist('codegen/generate.js');
const { NvrtcCompiler } = await dist('runtime/compiler.js');
const { setBackendNotice, useBackend } = await dist('runtime/backend.js');

const { values: opts, positionals } = parseArgs({ options: { out: { type: 'string', default: 'bench/out/random-ptx' } }, allowPositionals: true });
setBackendNotice(() => {});
useBackend('cpu');
const compiler = new NvrtcCompiler({ disk: null });
const n = 1 << 20;
const ROWS = [
  ['poisson_lam5', (g) => g.poisson(5, n)],
  ['poisson_lam1000', (g) => g.poisson(1000, n)],
  ['gamma_shape0.5', (g) => g.gamma(0.5, 1, n)],
  ['gamma_shape5', (g) => g.gamma(5, 1, n)],
  ['binomial_100_0.3', (g) => g.binomial(100, 0.3, n)],
  ['poisson_array', (g) => g.poisson(cp.random.default_rng(2).random(n).mul(20), n)],
  ['binomial_array', (g) => g.binomial(100, cp.random.default_rng(2).random(n), n)],
];
const COUNT = {
  'div.rn.f64': /\bdiv\.rn\.f64\b/g, 'rcp.f64': /\brcp\.[a-z.]*f64\b/g, 'sqrt.f64': /\bsqrt\.[a-z.]*f64\b/g,
  'fma.f64': /\bfma\.rn\.f64\b/g, 'mul.f64': /\bmul\.[a-z.]*f64\b/g, 'add/sub.f64': /\b(add|sub)\.[a-z.]*f64\b/g,
  'mul.hi.u32': /\bmul\.hi\.u32\b/g, 'call': /\bcall(\.uni)?\b/g, 'ld.const': /\bld\.const\b/g, 'lines': /\n/g,
};
mkdirSync(opts.out, { recursive: true });
console.log(`| row | regs | spill | ${Object.keys(COUNT).join(' | ')} |`);
console.log(`|---|---|---|${Object.keys(COUNT).map(() => '---').join('|')}|`);
for (const [name, f] of ROWS) {
  if (positionals.length && !positionals.includes(name)) continue;
  const x = f(cp.random.default_rng(1));
  const plans = explainPlans([x.node]);
  const source = generateCudaPlan(plans[plans.length - 1].plan).source;
  writeFileSync(join(opts.out, `${name}.cu`), source);
  const ptx = new TextDecoder().decode(compiler.compile({ source, name: `${name}.cu`, arch: 'compute_90' }).binary).replace(/\0+$/, '');
  const ptxFile = join(opts.out, `${name}.ptx`);
  writeFileSync(ptxFile, ptx);
  const as = spawnSync('ptxas', ['-arch=sm_90', '-v', '-o', '/dev/null', ptxFile], { encoding: 'utf8' });
  const report = as.stderr ?? '';
  const regs = [...report.matchAll(/Used (\d+) registers/g)].map((m) => m[1]).join('/');
  const spill = [...report.matchAll(/(\d+) bytes spill stores/g)].map((m) => m[1]).join('/');
  console.log(`| ${name} | ${regs || '?'} | ${spill || '?'} | ${Object.values(COUNT).map((re) => (ptx.match(re) ?? []).length).join(' | ')} |`);
}
