// Kernels of a GPU's schedule for statistics programs (rows, columns, whole arrays; softmax,
// logsumexp, standardize, moments, norms, argmax) over several shapes, without a GPU:
// scheduleGroups(targets, 'cuda') over float32 inputs (the CPU backend builds the graphs; only the
// inputs are computed). Compare two builds by running it for each and diffing the output.
// Usage (needs dist/: npx tsc -p tsconfig.build.json):
//   node bench/studies/schedule-counts.mjs [REPO_ROOT]   (default: this repository)
const root = process.argv[2] ?? new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
const cp = await import(`${root}/dist/index.js`);
const { scheduleGroups } = await import(`${root}/dist/compiler/schedule.js`);
cp.useBackend('cpu');
const E = [];
for (const ax of [0, 1, -1]) {
  const k = `{keepdims: true}`;
  E.push(`x.sub(x.mean(${ax}, ${k})).div(x.std(${ax}, ${k}))`);
  E.push(`cp.exp(x.sub(x.max(${ax}, ${k}))).div(cp.exp(x.sub(x.max(${ax}, ${k}))).sum(${ax}, ${k}))`);
  E.push(`(() => { const m = x.max(${ax}, ${k}); const e = x.sub(m).exp(); return e.div(e.sum(${ax}, ${k})); })()`);
  E.push(`(() => { const m = x.max(${ax}, ${k}); return x.sub(m).exp().sum(${ax}).log().add(x.max(${ax})); })()`);
  E.push(`(() => { const m = x.max(${ax}); return cp.log(cp.exp(x.sub(x.max(${ax}, ${k}))).sum(${ax})).add(m); })()`);
  E.push(`x.mean(${ax}).add(x.std(${ax})).add(x.var(${ax}))`);
  E.push(`x.sum(${ax}).add(x.mean(${ax}))`);
  E.push(`x.div(cp.sqrt(x.mul(x).sum(${ax}, ${k})))`);
  E.push(`cp.argmax(x, ${ax}).astype('float32').add(x.max(${ax}))`);
  E.push(`x.sub(x.min(${ax}, ${k})).div(x.max(${ax}, ${k}).sub(x.min(${ax}, ${k})))`);
}
E.push('x.sub(x.mean(0)).div(x.std(0))', 'x.sub(x.mean()).div(x.std())', 'x.mean().add(x.std())', 'x.sum().add(x.sum(0).sum())');
E.push('x.sub(x.mean(0))', 'x.sub(x.mean(0, {keepdims: true}))', 'x.sub(x.mean(0)).mul(x.sub(x.mean(0))).mean(0)', 'x.sub(x.mean(0)).div(x.std(0)).sum(0)');
E.push('x.sub(x.mean(1).get(":, None")).div(x.std(1, {keepdims: true}))', 'cp.exp(x.sub(cp.max(x, 0))).div(cp.sum(cp.exp(x.sub(cp.max(x, 0))), 0))');
const shapes = [[4096, 512], [64, 100000], [100000, 8], [8, 100000], [2 ** 20, 256], [256, 2 ** 20], [2048, 2048], [33, 77]];
const counts = E.map(() => []);
for (const shape of shapes) {
  const x = cp.ones(shape, 'float32').eval(); // one input per shape, read by every program (nothing else is computed)
  E.forEach((e, k) => {
    const r = new Function('cp', 'x', `return ${e}`)(cp, x);
    counts[k].push(scheduleGroups([r.node], 'cuda').filter((g) => g.kind !== 'alias').length);
  });
  x.dispose();
}
console.log(`kernels at ${shapes.map((s) => s.join('x')).join(' ')} :: program`);
console.log(E.map((e, k) => `${counts[k].join(' ')} :: ${e}`).join('\n'));
