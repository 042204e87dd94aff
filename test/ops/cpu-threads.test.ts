// The CPU backend's worker threads (src/runtime/cpu-pool.ts, src/api/cpu-parallel.ts): a call
// split over threads gives the one-thread result bit for bit (elementwise, strided views,
// assignments, row/column/full reductions), sums still equal NumPy's bit for bit, and a process
// that used the pool exits by itself.
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { PARALLEL_MIN_WORK, parallelLimits, splitPlan, stepsCost } from '../../src/api/cpu-parallel.js';
import { planKernel } from '../../src/ir/kernel-plan.js';
import { runnerFor } from '../../src/api/context.js';
import type { CpuRunner } from '../../src/api/cpu-runner.js';
import { currentBackend, setBackendNotice } from '../../src/runtime/backend.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { childEnv, DIST_INDEX } from '../helpers/cli.js';
import { numpy, randomArray, type HostArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

/** Bit patterns, so that signed zeros and NaNs compare too. */
const bits = (h: HostArray) => Buffer.from(new Uint8Array(h.data.buffer, h.data.byteOffset, h.data.byteLength)).toString('hex');

/** Sizes above the threshold that split, with odd tails. */
const N = PARALLEL_MIN_WORK * 2 + 13;
const ROWS = 301;
const COLS = 1031;

const before = cp.config.cpuThreads;
// Every call above PARALLEL_MIN_WORK splits here, however cheap its elements (the default cost
// limit keeps cheap ones on one thread; the last test checks that policy).
const minCost = parallelLimits.minCost;
parallelLimits.minCost = 0;
afterAll(() => {
  cp.config.cpuThreads = before;
  parallelLimits.minCost = minCost;
});

/** `run`'s result with `threads` threads, as bits. */
function withThreads(threads: number, run: () => cp.NDArray): string {
  cp.config.cpuThreads = threads;
  const r = run();
  const out = bits(toHost(r));
  r.dispose();
  return out;
}

describe.runIf(currentBackend() === 'cpu')('CPU worker threads', () => {
  const x32 = randomArray('float32', [N], 1, { low: -3, high: 3 });
  const y32 = randomArray('float32', [N], 2, { low: -3, high: 3 });
  const m64 = randomArray('float64', [ROWS, COLS], 3, { low: -10, high: 10 });
  const m32 = randomArray('float32', [ROWS, COLS], 4, { low: -10, high: 10 });
  const i32 = randomArray('int32', [N], 5, { low: -1000, high: 1000 });
  const cases: Array<[string, () => cp.NDArray]> = [
    ['axpy float32', () => toDevice(x32).mul(2).add(toDevice(y32))],
    ['a chain of transcendentals', () => toDevice(x32).mul(1.5).add(0.5).sin().mul(toDevice(x32)).add(toDevice(x32).cos()).exp().sub(1)],
    ['int32 arithmetic with a cast', () => toDevice(i32).mul(7).add(3).astype('float64').sqrt()],
    ['a transposed (strided) view', () => toDevice(m64).T.mul(3).add(1)],
    ['a broadcast against a row', () => toDevice(m32).sub(toDevice(m32).mean({ axis: 0 }))],
    ['float32 full sum', () => toDevice(x32).sum()],
    ['float64 mean', () => toDevice(m64).mean()],
    ['row sums', () => toDevice(m32).sum({ axis: 1 })],
    ['column sums', () => toDevice(m64).sum({ axis: 0 })],
    ['float32 column means of computed values', () => toDevice(m32).mul(toDevice(m32)).add(1).mean({ axis: 0 })],
    ['float32 column sums of a row-sliced view', () => toDevice(m32).get([cp.slice(1, null, 2), cp.slice(3)]).sum({ axis: 0 })],
    ['row maxima and argmax', () => toDevice(m32).argmax({ axis: 1 })],
    ['softmax along rows', () => {
      const m = toDevice(m32);
      const e = m.sub(m.max({ axis: -1, keepdims: true })).exp();
      return e.div(e.sum({ axis: -1, keepdims: true }));
    }],
    ['int32 full sum', () => toDevice(i32).sum()],
    ['float32 sums of short rows of a sliced 3-D view', () => toDevice(x32).get([cp.slice(0, 2 ** 18)]).reshape(-1, 64, 16).get([cp.slice(), cp.slice(1, null, 2)]).sum({ axis: -1 })],
    ['float32 pairwise squared distances', () => {
      const a = toDevice(x32).get([cp.slice(0, 300 * 32)]).reshape(300, 32);
      return cp.expand_dims(a, 1).sub(cp.expand_dims(a.get([cp.slice(0, 77)]), 0)).square().sum({ axis: -1 });
    }],
  ];
  for (const [label, run] of cases) {
    it(`${label}: the same bits on 1 and 2 threads`, () => {
      const one = withThreads(1, run);
      expect(withThreads(2, run)).toBe(one);
      expect(withThreads(3, run)).toBe(one);
    });
  }

  it('writes an assignment into a strided view on threads as on one', () => {
    const run = (threads: number) => {
      cp.config.cpuThreads = threads;
      const m = toDevice(m64);
      m.T.set([cp.slice()], toDevice(m64).T.mul(-2));
      return bits(toHost(m));
    };
    expect(run(2)).toBe(run(1));
  });

  const sums: Array<[string, () => cp.NDArray, string, Record<string, HostArray>]> = [
    ['float32 sum', () => toDevice(x32).sum(), 'np.sum(x)', { x: x32 }],
    ['float64 row sums', () => toDevice(m64).sum({ axis: 1 }), 'np.sum(m, axis=1)', { m: m64 }],
    ['float32 column sums', () => toDevice(m32).sum({ axis: 0 }), 'np.sum(m, axis=0)', { m: m32 }],
  ];
  const want = numpy(sums.map(([, , expr, inputs]) => ({ expr, inputs })));
  sums.forEach(([label, run], i) => {
    it(`${label} on 2 threads equal NumPy's bit for bit`, () => {
      const w = want[i];
      if (!w.ok) throw new Error(`NumPy: ${w.error}`);
      expect(withThreads(2, run)).toBe(bits(w.value as HostArray));
    });
  });

  it('runs parts on the workers once they have started', async () => {
    const pool = (runnerFor('cpu') as CpuRunner).device.threadPool(2)!;
    const x = toDevice(x32);
    const before = pool.workerParts;
    cp.config.cpuThreads = 2;
    for (let k = 0; k < 50 && pool.workerParts === before; k++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const r = x.mul(3).add(1);
      r.eval();
      r.dispose();
    }
    expect(pool.workerParts).toBeGreaterThan(before);
  });

  it('splits a call only where its work pays for a second thread, at the default limits', () => {
    const x = cp.zeros([1 << 20], { dtype: 'float32' }).eval();
    const cheap = planKernel([x.mul(2).add(x).node]);
    const costly = planKernel([x.sin().mul(x.cos()).exp().node]);
    expect(stepsCost(costly.steps)).toBeGreaterThan(stepsCost(cheap.steps));
    const saved = parallelLimits.minCost;
    parallelLimits.minCost = minCost;
    try {
      expect(splitPlan(cheap, 2)).toBeUndefined();
      expect(splitPlan(costly, 2)?.kind).toBe('blocks');
      expect(splitPlan(planKernel([cp.zeros([1 << 23], { dtype: 'float32' }).eval().mul(2).node]), 2)?.kind).toBe('blocks');
    } finally {
      parallelLimits.minCost = saved;
    }
  });

  it('rejects a thread count that is not a positive integer', () => {
    expect(() => { cp.config.cpuThreads = 0; }).toThrow(/config.cpuThreads: expected a positive integer, got 0/);
    expect(() => { cp.config.cpuThreads = 1.5; }).toThrow(/expected a positive integer/);
  });

  it('lets a process that used the pool exit by itself', () => {
    const script = `
      const cp = await import(${JSON.stringify(DIST_INDEX)});
      cp.useBackend('cpu');
      cp.config.cpuThreads = 2;
      const x = cp.arange(${N}, { dtype: 'float32' });
      for (let k = 0; k < 3; k++) x.mul(2).add(1).sum().eval();
      console.log('done', x.sum().item());`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: childEnv({ CUPYTS_BACKEND: 'cpu' }), encoding: 'utf8', timeout: 20_000 });
    expect(r.error).toBeUndefined();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^done \d/);
  });
});
