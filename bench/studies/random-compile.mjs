// Generated CUDA size and NVRTC compile time of cp.random's samplers (no GPU needed):
//   npx tsc -p tsconfig.build.json && CUPYTS_NVRTC_PATH=... node bench/studies/random-compile.mjs
const dist = (p) => import(new URL(`../../dist/${p}`, import.meta.url).href);
const cp = await dist('index.js');
const { explainPlans } = await dist('api/evaluate.js');
const { generateCudaPlan } = await dist('codegen/generate.js');
const { NvrtcCompiler } = await dist('runtime/compiler.js');
const { setBackendNotice, useBackend } = await dist('runtime/backend.js');

setBackendNotice(() => {});
useBackend('cpu');
const compiler = new NvrtcCompiler({ disk: null });
const cases = [
  ['negative_binomial(3, 0.4)', (g) => g.negative_binomial(3, 0.4, 1000)],
  ['hypergeometric(20, 30, 10)', (g) => g.hypergeometric(20, 30, 10, 1000)],
  ['poisson(1000)', (g) => g.poisson(1000, 1000)],
  ['poisson(5)', (g) => g.poisson(5, 1000)],
  ['binomial(100, 0.3)', (g) => g.binomial(100, 0.3, 1000)],
  ['zipf(2)', (g) => g.zipf(2, 1000)],
  ['gamma(0.5)', (g) => g.gamma(0.5, 1, 1000)],
  ['poisson(array)', (g) => g.poisson(cp.asarray([1, 50, 3]), [1000, 3])],
];
console.log('| sampler | kernels | CUDA chars | build+plan ms | NVRTC ms |');
console.log('|---|---|---|---|---|');
for (const [name, f] of cases) {
  const t0 = performance.now();
  const x = f(cp.random.default_rng(1));
  const plans = explainPlans([x.node]);
  const sources = plans.map(({ plan }) => generateCudaPlan(plan).source);
  const t1 = performance.now();
  let ms = 0;
  sources.forEach((source, k) => {
    const c0 = performance.now();
    compiler.compile({ source, name: `k${k}.cu`, arch: 'sm_90' });
    ms += performance.now() - c0;
  });
  console.log(`| ${name} | ${sources.length} | ${sources.reduce((a, s) => a + s.length, 0)} | ${(t1 - t0).toFixed(0)} | ${ms.toFixed(0)} |`);
}
