// CPU A/B of row programs whose later phases or row outputs read row-invariant work, and of a lazy
// chain of bias updates never evaluated in between (src/ir/reduce-hoist.ts). Medians of 15 runs in
// ms; the chain's time is its one evaluation, compile included.
//   CUPYTS_BACKEND=cpu node bench/studies/hoisted/cpu-ab.mjs <repo root with a built dist/>
const root = process.argv[2];
const cp = await import(`${root}/dist/index.js`);
const progs = {
  layernorm: (x) => x.subtract(x.mean(1, { keepdims: true })).divide(cp.sqrt(x.var(1, { keepdims: true }).add(1e-5))),
  softmax: (x) => { const e = cp.exp(x.subtract(x.max(1, { keepdims: true }))); return e.divide(e.sum(1, { keepdims: true })); },
  logsumexp: (x) => { const m = x.max(1, { keepdims: true }); return cp.log(cp.exp(x.subtract(m)).sum(1, { keepdims: true })).add(m); },
};
const out = [];
for (const [m, n] of [[4096, 256], [256, 4096], [64, 65536]]) {
  const x = cp.random.default_rng(0).standard_normal([m, n], 'float32').copy(); x.eval();
  for (const [name, f] of Object.entries(progs)) {
    for (let i = 0; i < 3; i++) f(x).eval();
    const times = [];
    for (let i = 0; i < 15; i++) { const t = performance.now(); f(x).eval(); times.push(performance.now() - t); }
    times.sort((a, b) => a - b);
    out.push(`${name} ${m}x${n} ${times[7].toFixed(2)}`);
  }
}
// the lazy bias chain (64 x 50 float32), never evaluated in between
for (const steps of [50, 100, 200]) {
  const x = cp.random.default_rng(0).standard_normal([64, 50], 'float32').copy(); x.eval();
  const y = cp.random.default_rng(1).standard_normal([64, 50], 'float32').copy(); y.eval();
  let b = cp.zeros([64, 1], 'float32');
  for (let k = 0; k < steps; k++) b = b.subtract(x.add(b).subtract(y).mean(1, { keepdims: true }).multiply(0.1));
  const t = performance.now();
  try { b.eval(); out.push(`chain ${steps} ${(performance.now() - t).toFixed(1)}`); } catch (e) { out.push(`chain ${steps} ${String(e.message).slice(0, 40)}`); }
}
console.log(out.join('\n'));
