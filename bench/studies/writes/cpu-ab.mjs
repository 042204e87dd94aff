// CPU backend A/B of heat's in-place stencil step (writes by renaming) and nbody's accelerations.
// Usage: node bench/studies/writes/cpu-ab.mjs ROOT   (ROOT: a checkout with dist/ built; run it for each build, alternating)
const root = process.argv[2];
const cp = await import(root + '/dist/index.js');
cp.useBackend('cpu');
function heat(n, steps) {
  return cp.tidy(() => {
    const u = cp.random.default_rng(5).random([n, n], { dtype: 'float32' }).copy();
    u.eval();
    for (let s = 0; s < steps; s++) {
      const centre = u.get('1:-1, 1:-1');
      const lap = u.get('2:, 1:-1').add(u.get(':-2, 1:-1')).add(u.get('1:-1, 2:')).add(u.get('1:-1, :-2')).subtract(centre.multiply(4));
      u.set('1:-1, 1:-1', centre.add(lap.multiply(0.2)));
    }
    return cp.mean(u).item();
  });
}
function nbody(n) {
  return cp.tidy(() => {
    const x = cp.random.default_rng(11).standard_normal([n, 3], { dtype: 'float32' }).eval();
    const m = cp.random.default_rng(12).uniform(0.5, 1.5, n, { dtype: 'float32' }).eval();
    const sep = x.get('None, :, :').subtract(x.get(':, None, :'));
    const w = m.multiply(cp.power(cp.sum(cp.square(sep), -1).add(0.0025), -1.5));
    return cp.sum(sep.multiply(w.get(':, :, None')), 1).sum().item();
  });
}
const time = (f) => { f(); const t = []; for (let i = 0; i < 5; i++) { const t0 = performance.now(); f(); t.push(performance.now() - t0); } t.sort((a, b) => a - b); return t[2].toFixed(1); };
console.log(root, 'heat 1024x1024 x20 steps ms', time(() => heat(1024, 20)), '| nbody 1024 ms', time(() => nbody(1024)));
