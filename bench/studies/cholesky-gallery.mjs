// A "gallery" of one program for bench/workload-profile.mjs (--gallery): the cholesky rows of
// bench/linalg.mjs (4096^2 float64 and float32, symmetric positive definite), so the profiler
// shows where cupyts's cholesky spends its device time (copies, potrf, the triangle's mask).
//   node bench/workload-profile.mjs --gallery bench/studies/cholesky-gallery.mjs --only chol64,chol32
const cp = await import(new URL('../../dist/index.js', import.meta.url).href);

const program = (dtype) => ({
  makeInputs: () => {
    const n = 4096;
    const r = cp.random.default_rng(1).standard_normal([n, n], { dtype });
    return { a: cp.matmul(r, r.T).divide(n).add(cp.eye(n, { dtype })).eval() };
  },
  run: ({ a }) => ({ l: cp.linalg.cholesky(a) }),
});

export const gallery = [
  { name: 'chol64', module: program('float64') },
  { name: 'chol32', module: program('float32') },
];
