// Kernels of bench/grid.mjs's multi_stat cells in the GPU's schedule (cp.explain's plans), for a
// build; no GPU needed. Usage: node bench/studies/multi-stat-kernels.mjs [repository root of a build]
const root = process.argv[2] ?? new URL('../..', import.meta.url).pathname;
const cp = await import(`${root}/dist/index.js`);
const { explainPlans } = await import(`${root}/dist/api/evaluate.js`);
const { setBackendNotice } = await import(`${root}/dist/runtime/backend.js`);
setBackendNotice(() => {});
const p2 = (n) => 2 ** n;
const shapes = [[p2(20), p2(8)], [p2(14), p2(14)], [p2(8), p2(20)]];
const prog = {
  standardize: (A, axis) => A.sub(A.mean({ axis, keepdims: true })).div(A.std({ axis, keepdims: true })),
  standardize_np: (A, axis) => A.sub(A.mean({ axis })).div(A.std({ axis })),
  logsumexp: (A, axis) => { const m = A.max({ axis, keepdims: true }); return m.squeeze(axis).add(cp.log(A.sub(m).exp().sum({ axis }))); },
  softmax: (A, axis) => { const e = cp.exp(A.sub(A.max({ axis, keepdims: true }))); return e.div(e.sum({ axis, keepdims: true })); },
};
for (const [name, f] of Object.entries(prog)) for (const s of shapes) for (const axis of name === 'standardize_np' ? [0] : [0, 1]) {
  const A = cp.broadcast_to(cp.arange(s[1], { dtype: 'float32' }), s).add(0);
  console.log(`${name} ${Math.log2(s[0])}x${Math.log2(s[1])} axis=${axis} ${explainPlans([f(A, axis).node], 'cuda').length}`);
}
