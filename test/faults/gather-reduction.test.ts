// Issue 14: a gather or scatter whose index (or source) is an unevaluated reduction, scan or
// other producer a gathering kernel cannot fuse recursed in the scheduler until the stack
// overflowed. Each case here is built lazily (no eval() on the index) and compared with NumPy on
// the current backend; the CUDA source of every kernel that ran is compiled with NVRTC at the end.
import { afterAll, describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { currentRunner } from '../../src/api/context.js';
import { scheduleGroups } from '../../src/compiler/schedule.js';
import type { AnyPlan } from '../../src/api/runners.js';
import { generateCudaPlan } from '../../src/codegen/generate.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { cli } from '../helpers/cli.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { compileAll } from '../helpers/nvrtc-batch.js';
import { compareArrays, numpy, randomArray, type HostArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

// Every plan that runs (reads and writes alike) is kept for the NVRTC check.
const cudaSources = new Map<string, string>();
const runner = currentRunner();
const run = runner.run.bind(runner);
runner.run = (plan: AnyPlan) => {
  if (!cudaSources.has(plan.key)) cudaSources.set(plan.key, generateCudaPlan(plan).source);
  return run(plan);
};
afterAll(() => {
  runner.run = run;
});

type Arrays = Record<string, cp.NDArray>;
interface Case { label: string; run: (d: Arrays) => cp.NDArray | Promise<cp.NDArray>; py: string }

/** A NumPy expression that writes into a copy of `a` and returns it. */
const mutate = (body: string) => `(lambda b: (${body}, b)[1])(a.copy())`;

const inputs: Record<string, HostArray> = {
  a: randomArray('float32', [7], 1),
  m: randomArray('float32', [5, 7], 2),
  n: randomArray('int32', [5, 7], 3, { low: 0, high: 3 }),
  t: randomArray('float64', [4, 5, 6], 4),
  s: randomArray('int64', [6], 5, { low: 0, high: 1 }),
};

// Indexes produced by reductions, scans and chains of them, never evaluated before the gather.
const cases: Case[] = [
  { label: 'a.get(argmax(a)) (the issue\'s reproducer)', run: (d) => d.a.get(cp.argmax(d.a)), py: 'a[np.argmax(a)]' },
  { label: 'a.get(argmin(a))', run: (d) => d.a.get(cp.argmin(d.a)), py: 'a[np.argmin(a)]' },
  { label: 'take(arange(10), argmax(m, axis=1))', run: (d) => cp.take(cp.arange(10), cp.argmax(d.m, { axis: 1 })), py: 'np.take(np.arange(10), np.argmax(m, axis=1))' },
  { label: 'take_along_axis(m, argmax keepdims, 1)', run: (d) => cp.take_along_axis(d.m, d.m.argmax({ axis: 1, keepdims: true }), 1), py: 'np.take_along_axis(m, m.argmax(axis=1, keepdims=True), 1)' },
  { label: 'take_along_axis(m, argmin keepdims, 0)', run: (d) => cp.take_along_axis(d.m, d.m.argmin({ axis: 0, keepdims: true }), 0), py: 'np.take_along_axis(m, m.argmin(axis=0, keepdims=True), 0)' },
  { label: 'index from a sum, cast', run: (d) => d.m.get([d.n.sum({ axis: 1 }).astype('int32').mod(5)]), py: 'm[(n.sum(axis=1).astype(np.int32)) % 5]' },
  { label: 'index from a sum over all axes', run: (d) => cp.take(d.a, d.n.sum().mod(7)), py: 'np.take(a, n.sum() % 7)' },
  { label: 'index from a cumsum', run: (d) => d.a.get([cp.cumsum(d.s)]), py: 'a[np.cumsum(s)]' },
  { label: 'index from a cumsum of an argmax', run: (d) => d.a.get([cp.cumsum(cp.argmax(d.m, { axis: 1 })).mod(7)]), py: 'a[np.cumsum(np.argmax(m, axis=1)) % 7]' },
  { label: 'where of reductions as the index', run: (d) => d.a.get([cp.where(d.m.sum({ axis: 1 }).gt(0), cp.argmax(d.m, { axis: 1 }), cp.argmin(d.m, { axis: 1 }))]), py: 'a[np.where(m.sum(axis=1) > 0, np.argmax(m, axis=1), np.argmin(m, axis=1))]' },
  { label: 'gather of a gather of an argmax', run: (d) => d.a.get([d.n.get([cp.argmax(d.m, { axis: 0 })]).get([cp.slice(), 0])]), py: 'a[n[np.argmax(m, axis=0)][:, 0]]' },
  { label: 'gather indexed by a gather of an argmax', run: (d) => d.m.get([cp.take(cp.argmax(d.m, { axis: 1 }), cp.argmin(d.a)).mod(5)]), py: 'm[np.take(np.argmax(m, axis=1), np.argmin(a)) % 5]' },
  { label: 'reduction as the gather source, index of its shape', run: (d) => d.m.max({ axis: 1 }).get([cp.argmin(d.m, { axis: 1 }).mod(5)]), py: 'm.max(axis=1)[np.argmin(m, axis=1) % 5]' },
  { label: 'lazy gather source that a target of its shape also reads', run: (d) => { const x = d.a.mul(2); return x.add(x.get(cp.argmax(x))); }, py: '(lambda x: x + x[np.argmax(x)])(a * 2)' },
  { label: 'reduction as source and index', run: (d) => d.m.max({ axis: 1 }).get(cp.argmax(d.m.max({ axis: 1 }))), py: 'm.max(axis=1)[np.argmax(m.max(axis=1))]' },
  { label: 'a gather beside a reduction of its shape', run: (d) => d.a.get([cp.argmax(d.m, { axis: 1 })]).add(d.m.sum({ axis: 1 })), py: 'a[np.argmax(m, axis=1)] + m.sum(axis=1)' },
  { label: 'a gather beside a keepdims reduction (row-aligned)', run: (d) => cp.take_along_axis(d.m, d.m.argmax({ axis: 1, keepdims: true }), 1).sub(d.m.max({ axis: 1, keepdims: true })), py: 'np.take_along_axis(m, m.argmax(axis=1, keepdims=True), 1) - m.max(axis=1, keepdims=True)' },
  { label: 'full-shape gather minus a row max', run: (d) => d.m.get([cp.slice(), d.n.get([0])]).sub(d.m.max({ axis: 1, keepdims: true })), py: 'm[:, n[0]] - m.max(axis=1, keepdims=True)' },
  { label: 'a reduction of a gather indexed by a reduction', run: (d) => cp.sum(d.a.get([cp.argmax(d.m, { axis: 1 })])), py: 'np.sum(a[np.argmax(m, axis=1)])' },
  { label: 'mean over a take_along_axis of argmax', run: (d) => cp.take_along_axis(d.t, d.t.argmax({ axis: 2, keepdims: true }), 2).mean({ axis: 1 }), py: 'np.take_along_axis(t, t.argmax(axis=2, keepdims=True), 2).mean(axis=1)' },
  { label: 'a view of a gather indexed by a reduction', run: (d) => d.t.get([cp.argmax(d.t.sum({ axis: [1, 2] }))]).T, py: 't[np.argmax(t.sum(axis=(1, 2)))].T' },
  { label: 'async readback', run: async (d) => { const r = d.a.get(cp.argmax(d.a)); await r.toArray(); return r; }, py: 'a[np.argmax(a)]' },
  { label: 'set at argmax', run: (d) => { d.a.set(cp.argmax(d.a), 0); return d.a; }, py: mutate('b.__setitem__(np.argmax(b), 0)') },
  { label: 'set rows at argmax of a reduction, value a reduction', run: (d) => { d.m.set([cp.argmax(d.m.sum({ axis: 1 }))], d.m.min({ axis: 0 })); return d.m; }, py: '(lambda b: (b.__setitem__(np.argmax(b.sum(axis=1)), b.min(axis=0)), b)[1])(m.copy())' },
  { label: 'put at argmax per row', run: (d) => { cp.put(d.a, cp.argmax(d.m, { axis: 1 }), 9); return d.a; }, py: mutate('np.put(b, np.argmax(m, axis=1), 9)') },
  { label: 'put_along_axis at argmax keepdims', run: (d) => { cp.put_along_axis(d.m, d.m.argmax({ axis: 1, keepdims: true }), 0, 1); return d.m; }, py: '(lambda b: (np.put_along_axis(b, b.argmax(axis=1, keepdims=True), 0, 1), b)[1])(m.copy())' },
  { label: 'add.at at argmin per row, value a sum', run: (d) => { cp.add.at(d.a, [cp.argmin(d.m, { axis: 1 })], d.m.sum({ axis: 1 })); return d.a; }, py: mutate('np.add.at(b, np.argmin(m, axis=1), m.sum(axis=1))') },
];

describe('gathers and scatters indexed by lazy reductions and scans, against NumPy', () => {
  const want = numpy(cases.map((c) => ({ expr: c.py, inputs })));
  cases.forEach((c, i) => it(c.label, async () => {
    const d = Object.fromEntries(Object.entries(inputs).map(([k, h]) => [k, toDevice(h)]));
    const got = await c.run(d);
    const w = want[i];
    if (!w.ok) throw new Error(`NumPy raised: ${w.error}`);
    const cmp = compareArrays(toHost(got), w.value as HostArray);
    expect(cmp.ok ? '' : cmp.message).toBe('');
  }));
});

describe('scheduling', () => {
  it('computes the reduction first and gathers in one elementwise kernel', () => {
    const a = cp.asarray([3, 1, 4]);
    const groups = scheduleGroups([a.get(cp.argmax(a)).node]);
    expect(groups.map((g) => g.kind)).toEqual(['reduce', 'elementwise']);
    expect(groups[0].reason).toMatch(/a reduce kernel does not gather/);
  });
  it('a long chain of gathers of reductions schedules without deep recursion', () => {
    let x = cp.arange(50).astype('float32');
    for (let k = 0; k < 30; k++) x = x.add(x.get(cp.argmax(x)));
    const groups = scheduleGroups([x.node]);
    expect(groups.filter((g) => g.kind === 'reduce')).toHaveLength(30);
    let want = Array.from({ length: 50 }, (_, i) => i);
    for (let k = 0; k < 30; k++) { const top = Math.max(...want); want = want.map((v) => Math.fround(v + top)); }
    expect(Array.from(x.dataSync() as Float32Array)).toEqual(want);
  });
});

describe('cupyts explain', () => {
  it("explains x.get(x.argmax()) (the issue's CLI reproducer)", () => {
    const r = cli(['explain', '-e', 'x.get(x.argmax())', '--var', 'x=float32[8]'], { CUPYTS_BACKEND: 'cpu' });
    expect(r.stderr).not.toMatch(/Maximum call stack/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/reduce_argmax/);
    expect(r.stdout).toMatch(/gather/);
  });
});

describe.skipIf(!HAS_NVRTC)('NVRTC compiles every kernel that ran here', () => {
  it('compiles', () => {
    expect([...cudaSources.values()].some((s) => s.includes('cp_index'))).toBe(true);
    compileAll([...cudaSources.values()]);
  }, 300_000);
});
