// Kernels of a GPU's schedule for a few statistics programs over several shapes, without a GPU:
// scheduleGroups(targets, 'cuda') over float32 inputs (the CPU backend builds the graphs; nothing
// is computed but the inputs). Used for session 28's "a reduction asked for twice" table.
// Usage (needs dist/: npx tsc -p tsconfig.build.json): node bench/studies/schedule-counts.mjs
const cp = await import(new URL('../../dist/index.js', import.meta.url).href);
const { scheduleGroups } = await import(new URL('../../dist/compiler/schedule.js', import.meta.url).href);
cp.useBackend('cpu');
const exprs = [
  'x.sub(x.mean(0)).div(x.std(0))',
  'x.sub(x.mean(0, {keepdims: true})).div(x.std(0, {keepdims: true}))',
  'x.sub(x.mean(1).get(":, None")).div(x.std(1, {keepdims: true}))',
  'x.sub(x.mean(-1, {keepdims: true})).div(x.std(-1, {keepdims: true}))',
  'x.sub(x.mean()).div(x.std())',
  'cp.exp(x.sub(cp.max(x, 0))).div(cp.sum(cp.exp(x.sub(cp.max(x, 0))), 0))',
  'x.mean(0).add(x.var(0))',
  'x.mean(1).add(x.std(1))',
];
const shapes = [[4096, 512], [64, 100000], [100000, 8], [8, 100000]];
console.log(`kernels at ${shapes.map((s) => s.join('x')).join(' | ')}: program`);
for (const e of exprs) {
  const counts = shapes.map((shape) => {
    const x = cp.ones(shape, 'float32').eval();
    const r = new Function('cp', 'x', `return ${e}`)(cp, x);
    return scheduleGroups([r.node], 'cuda').filter((g) => g.kind !== 'alias').length;
  });
  console.log(`${counts.join(' | ')}: ${e}`);
}
