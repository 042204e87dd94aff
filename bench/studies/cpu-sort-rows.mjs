// The CPU backend's sort and argsort of float32 rows along the last axis (one eval each, ms), for the
// comparison sort against the radix sort of long lines (src/codegen/js-sort-order.ts). No GPU needed:
//   node bench/studies/cpu-sort-rows.mjs [path of a build's dist/index.js, default ../../dist/index.js]
const cp = await import(process.argv[2] ?? new URL("../../dist/index.js", import.meta.url).href);
cp.useBackend("cpu");
for (const [r, c] of [[200000, 8], [20000, 100], [2000, 1000], [20, 100000], [1, 2000000]]) {
  const x = cp.random.default_rng(1).random([r, c], { dtype: 'float32' }).eval();
  for (const f of ['sort', 'argsort']) {
    const t = performance.now(); const s = cp[f](x, -1); s.eval(); s.get('0, 0').item(); const ms = performance.now() - t;
    console.log(`${f} ${r}x${c}: ${ms.toFixed(0)} ms`);
  }
}
