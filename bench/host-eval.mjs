// Host time of the small-array path: building `x.mul(2).add(y)` (n = 1024, float32) and
// evaluating it once its kernel is compiled, with no synchronize inside the timed loop. Three
// figures, medians of trials after a warmup of as many calls:
//   build_us_per_op  building the two nodes (per op);
//   eval_us          build + eval + dispose on the backend (CUDA: plus one allocation, one
//                    launch and one free through the driver; CPU: plus running the JS kernel);
//   js_us            the same on a runner that launches nothing: graph, scheduler, plan and
//                    bookkeeping only, the part both backends share;
//   program_us       build + eval + dispose of a dozen-op step with reductions and a scan (32 x 32).
// Run it under `node --cpu-prof` to see where the time goes.
//
// Usage (needs dist/: `npx tsc -p tsconfig.build.json`):
//   node bench/host-eval.mjs [--cpu] [--calls 20000] [--trials 7]
import { parseArgs } from 'node:util';

const cp = await import(new URL('../dist/index.js', import.meta.url).href);
const { sourceNode } = await import(new URL('../dist/ir/graph.js', import.meta.url).href);
const { DTYPES } = await import(new URL('../dist/ir/dtype.js', import.meta.url).href);

const { values: opts } = parseArgs({
  options: {
    cpu: { type: 'boolean', default: false },
    calls: { type: 'string', default: '20000' },
    trials: { type: 'string', default: '7' },
  },
});
cp.useBackend(opts.cpu ? 'cpu' : 'cuda');
const CALLS = Number(opts.calls);
const TRIALS = Number(opts.trials);
const N = 1024;

const median = (a) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];
const round = (v) => Math.round(v * 1000) / 1000;

/**
 * Microseconds per call of `body`, median over trials, after a warmup of as many calls. Each
 * trial is one synchronous loop, as in bench/elementwise.mjs; the event loop turns between trials
 * (so what a WeakRef made in one trial keeps alive until its job ends does not pile up).
 */
async function time(body) {
  const trials = [];
  for (let t = -1; t < TRIALS; t++) {
    await new Promise((resolve) => setImmediate(resolve));
    const t0 = performance.now();
    for (let i = 0; i < CALLS; i++) body();
    if (t >= 0) trials.push(((performance.now() - t0) * 1e3) / CALLS);
  }
  return median(trials);
}

const x = cp.asarray(Float32Array.from({ length: N }, (_, i) => Math.sin(i)));
const y = cp.asarray(Float32Array.from({ length: N }, (_, i) => Math.cos(i)));

let keep;
const build = await time(() => { keep = x.mul(2).add(y); }) / 2;
if (keep.size !== N) throw new Error('unreachable');
const evalUs = await time(() => x.mul(2).add(y).eval().dispose());
x.runner.synchronize();

// A runner that runs nothing: every output is one shared stand-in buffer.
const standIn = { dispose() {} };
const idle = {
  kind: 'cpu',
  run: (plan) => (plan.outputs ?? [plan]).map(() => standIn),
  synchronize() {},
};
const ix = new cp.NDArray(sourceNode([N], DTYPES.float32, standIn), idle);
const iy = new cp.NDArray(sourceNode([N], DTYPES.float32, standIn), idle);
const js = await time(() => ix.mul(2).add(iy).eval().dispose());

// A step of a dozen ops with reductions and a scan (softmax rows, a weighted mean, a cumsum) on a
// 32 x 32 matrix: three kernels, and a scheduler with more to decide than the chain above.
const m = x.reshape([32, 32]);
const w = y.reshape([32, 32]);
const program = () => {
  const a = cp.sin(m.mul(2).add(w));
  const e = cp.exp(a.sub(cp.max(a, 1, { keepdims: true })));
  const s = e.div(cp.sum(e, 1, { keepdims: true }));
  const out = [s, cp.mean(s.mul(w)), cp.cumsum(s, 1)];
  cp.eval(...out);
  out.forEach((o) => o.dispose());
};
const programUs = await time(program);

process.stdout.write(`${JSON.stringify({
  backend: cp.currentBackend(), n: N, build_us_per_op: round(build), eval_us: round(evalUs), js_us: round(js), program_us: round(programUs), calls: CALLS, trials: TRIALS,
})}\n`);
