// Views, basic indexing and writes against NumPy: every view function over dtypes, views of
// views, views of lazy (unevaluated) producers fused into elementwise ops and reductions,
// negative strides, 0-d and empty arrays, in-place writes through views with NumPy's
// read-before-write semantics, and every error path. Every kernel built here is compiled with
// NVRTC at the end.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { planKernel, realizedView } from '../../src/ir/kernel-plan.js';
import { castNode } from '../../src/ir/graph.js';
import { generateCudaPlan } from '../../src/codegen/generate.js';
import { addEvaluationObserver } from '../../src/api/explain-hook.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, recordCuda, toDevice, toHost } from '../helpers/arrays.js';
import { peakArrayBufferGrowth } from '../helpers/memory.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { compileAll } from '../helpers/nvrtc-batch.js';
import { compareArrays, numpy, randomArray, type DTypeName, type HostArray, type OracleCase } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

interface Case {
  title: string;
  expr: string;
  inputs: Record<string, HostArray>;
  run: (x: Record<string, cp.NDArray>) => cp.NDArray;
}

/** Runs every case on the current backend and in one NumPy batch, and compares. */
function checkAll(cases: Case[]): void {
  const want = numpy(cases.map((c): OracleCase => ({ expr: c.expr, inputs: c.inputs })));
  const failures: string[] = [];
  cases.forEach((c, k) => {
    const w = want[k];
    if (!w.ok) {
      failures.push(`${c.title}: NumPy failed: ${w.error}`);
      return;
    }
    const arrays = Object.fromEntries(Object.entries(c.inputs).map(([name, h]) => [name, toDevice(h)]));
    const result = c.run(arrays);
    recordCuda(result);
    const cmp = compareArrays(toHost(result), w.value as HostArray);
    if (!cmp.ok) failures.push(`${c.title}: ${cmp.message}`);
  });
  expect(failures).toEqual([]);
}

const DTYPES: DTypeName[] = ['bool', 'int8', 'uint16', 'int32', 'int64', 'uint64', 'float16', 'float32', 'float64'];

describe('view functions over dtypes', () => {
  it('transpose, swapaxes, moveaxis, expand_dims, squeeze, flip, diagonal, reshape, ravel, flatten', () => {
    const cases: Case[] = [];
    DTYPES.forEach((dtype, s) => {
      const a = randomArray(dtype, [3, 4, 5], 100 + s);
      const one = randomArray(dtype, [1, 3, 1, 4], 200 + s);
      const add = (title: string, expr: string, run: Case['run'], inputs: Record<string, HostArray> = { a }) =>
        cases.push({ title: `${title} ${dtype}`, expr, inputs, run });
      add('T', 'a.T', (x) => x.a.T);
      add('transpose', 'np.transpose(a, (1, 0, 2))', (x) => cp.transpose(x.a, [1, 0, 2]));
      add('transpose -axes', 'a.transpose(-1, 0, 1)', (x) => x.a.transpose(-1, 0, 1));
      add('swapaxes', 'np.swapaxes(a, 0, -1)', (x) => cp.swapaxes(x.a, 0, -1));
      add('moveaxis', 'np.moveaxis(a, 0, -1)', (x) => cp.moveaxis(x.a, 0, -1));
      add('moveaxis lists', 'np.moveaxis(a, [0, 1], [-1, 0])', (x) => cp.moveaxis(x.a, [0, 1], [-1, 0]));
      add('expand_dims', 'np.expand_dims(a, (0, -1))', (x) => cp.expand_dims(x.a, [0, -1]));
      add('squeeze all', 'np.squeeze(o)', (x) => cp.squeeze(x.o), { o: one });
      add('squeeze axis', 'np.squeeze(o, axis=-2)', (x) => x.o.squeeze(-2), { o: one });
      add('flip all', 'np.flip(a)', (x) => cp.flip(x.a));
      add('flip axes', 'np.flip(a, (0, 2))', (x) => cp.flip(x.a, [0, 2]));
      add('fliplr', 'np.fliplr(a)', (x) => cp.fliplr(x.a));
      add('flipud', 'np.flipud(a)', (x) => cp.flipud(x.a));
      add('diagonal', 'np.diagonal(a)', (x) => cp.diagonal(x.a));
      add('diagonal offset axes', 'np.diagonal(a, 1, 2, 1)', (x) => x.a.diagonal(1, 2, 1));
      add('diagonal negative offset', 'np.diagonal(a, -2, 0, 2)', (x) => cp.diagonal(x.a, -2, 0, 2));
      add('diagonal past the edge', 'np.diagonal(a, 7, 0, 1)', (x) => cp.diagonal(x.a, 7, 0, 1));
      add('reshape -1', 'a.reshape(5, -1)', (x) => x.a.reshape(5, -1));
      add('reshape of a transpose (a copy)', 'a.T.reshape(-1, 3)', (x) => x.a.T.reshape(-1, 3));
      add('reshape of a transposed 1-axis view (no copy)', 'a[:, :1, :].T.reshape(5, 3)', (x) => x.a.get(':, :1, :').T.reshape(5, 3));
      add('ravel of a flip', 'np.ravel(a[::-1])', (x) => cp.ravel(x.a.get('::-1')));
      add('flatten', 'a.T.flatten()', (x) => x.a.T.flatten());
      add('atleast_3d', 'np.atleast_3d(a[0])', (x) => cp.atleast_3d(x.a.get(0)));
      add('broadcast_to', 'np.broadcast_to(a[:, :1, :], (2, 3, 4, 5))', (x) => cp.broadcast_to(x.a.get(':, :1, :'), [2, 3, 4, 5]));
    });
    checkAll(cases);
  });

  it('atleast_1d/2d/3d and broadcast_arrays on 0-d, 1-d and 2-d inputs', () => {
    const s = randomArray('float32', [], 1);
    const v = randomArray('int32', [4], 2);
    const m = randomArray('float64', [2, 3], 3);
    checkAll([
      { title: 'atleast_1d 0-d', expr: 'np.atleast_1d(s)', inputs: { s }, run: (x) => cp.atleast_1d(x.s) },
      { title: 'atleast_2d 0-d', expr: 'np.atleast_2d(s)', inputs: { s }, run: (x) => cp.atleast_2d(x.s) },
      { title: 'atleast_2d 1-d', expr: 'np.atleast_2d(v)', inputs: { v }, run: (x) => cp.atleast_2d(x.v) },
      { title: 'atleast_3d 1-d', expr: 'np.atleast_3d(v)', inputs: { v }, run: (x) => cp.atleast_3d(x.v) },
      { title: 'atleast_3d 2-d', expr: 'np.atleast_3d(m)', inputs: { m }, run: (x) => cp.atleast_3d(x.m) },
      { title: 'broadcast_arrays', expr: 'np.broadcast_arrays(v, m[:, :1])[1]', inputs: { v, m }, run: (x) => cp.broadcast_arrays(x.v, x.m.get(':, :1'))[1] },
      { title: 'reshape 0-d', expr: 's.reshape(1, 1)', inputs: { s }, run: (x) => x.s.reshape(1, 1) },
    ]);
  });
});

describe('basic indexing', () => {
  const a = randomArray('float32', [4, 5, 6], 7);
  const i64 = randomArray('int64', [6, 7], 8);
  const items: Array<[string, string, cp.Index]> = [
    ['a[1]', '1', 1],
    ['a[-1]', '-1', -1],
    ['a[1:3]', '1:3', [cp.slice(1, 3)]],
    ['a[::-1]', '::-1', [cp.slice(null, null, -1)]],
    ['a[1:5, ::-2, None, ...]', '1:5, ::-2, None, ...', [cp.slice(1, 5), cp.slice(null, null, -2), null, '...']],
    ['a[..., 2]', '..., 2', ['...', 2]],
    ['a[-3:, 1, ::3]', '-3:, 1, ::3', [cp.slice(-3), 1, cp.slice(null, null, 3)]],
    ['a[None]', 'None', [null]],
    ['a[:, None, 4:1:-1]', ':, None, 4:1:-1', [cp.slice(), null, cp.slice(4, 1, -1)]],
    ['a[10:]', '10:', [cp.slice(10)]],
    ['a[:, -100:100:7]', ':, -100:100:7', [cp.slice(), cp.slice(-100, 100, 7)]],
    ['a[2:2]', '2:2', [cp.slice(2, 2)]],
    ['a[1, 2, 3]', '1, 2, 3', [1, 2, 3]],
    ['a[...]', '...', '...'],
    ['a[::-1, ::-1][1:, ::2]', '::-1, ::-1', [cp.slice(null, null, -1), cp.slice(null, null, -1)]],
  ];

  it('string and structured forms give NumPy\'s views', () => {
    const cases: Case[] = [];
    for (const [expr, text, structured] of items) {
      const chained = expr.endsWith('[1:, ::2]');
      cases.push({ title: `${expr} (string)`, expr, inputs: { a }, run: (x) => (chained ? x.a.get(text).get('1:, ::2') : x.a.get(text)) });
      cases.push({ title: `${expr} (structured)`, expr, inputs: { a }, run: (x) => (chained ? x.a.get(structured).get([cp.slice(1), cp.slice(null, null, 2)]) : x.a.get(structured)) });
    }
    cases.push({ title: 'int64 strided', expr: 'b[::2, 1::3]', inputs: { b: i64 }, run: (x) => x.b.get('::2, 1::3') });
    checkAll(cases);
  });

  it('views of views compose, and a view of computed data shares its storage', () => {
    checkAll([
      {
        title: 'chain', expr: 'a[::-1].transpose(2, 0, 1)[1:, ::2].reshape(5, -1)[:, ::-1]', inputs: { a },
        run: (x) => x.a.get('::-1').transpose(2, 0, 1).get('1:, ::2').reshape(5, -1).get(':, ::-1'),
      },
    ]);
    const x = toDevice(a);
    const v = x.get('1:, ::-1');
    expect(v.node.realized?.storage).toBe(x.node.realized?.storage);
    expect(v.node.realized?.alias).toBe(true);
  });
});

describe('views fused into kernels', () => {
  const a = randomArray('float32', [6, 6], 11);
  const b = randomArray('float32', [6, 6], 12);
  const c = randomArray('float64', [4, 5, 6], 13);

  it('elementwise ops and reductions read views of data and of lazy producers', () => {
    checkAll([
      { title: 'x + x.T', expr: 'a + a.T', inputs: { a }, run: (x) => cp.add(x.a, x.a.T) },
      { title: 'lazy T', expr: '(a * 2 + b).T - b', inputs: { a, b }, run: (x) => x.a.mul(2).add(x.b).T.sub(x.b) },
      { title: 'lazy flip + slice', expr: 'np.sin(a * b)[::-1, 1::2] + a[:, ::2]', inputs: { a, b }, run: (x) => cp.sin(x.a.mul(x.b)).get('::-1, 1::2').add(x.a.get(':, ::2')) },
      { title: 'lazy reshape', expr: '(a + b).reshape(4, 9) * 3', inputs: { a, b }, run: (x) => x.a.add(x.b).reshape(4, 9).mul(3) },
      { title: 'reshape of lazy transpose (copies first)', expr: '(a + 1).T.reshape(-1) * 2', inputs: { a }, run: (x) => x.a.add(1).T.reshape(-1).mul(2) },
      { title: 'reshape under broadcasting', expr: '(a[:1] + b).reshape(3, 12)', inputs: { a, b }, run: (x) => x.a.get(':1').add(x.b).reshape(3, 12) },
      { title: 'sum of a transposed view', expr: 'np.sum(c.transpose(2, 0, 1), axis=1)', inputs: { c }, run: (x) => cp.sum(x.c.transpose(2, 0, 1), { axis: 1 }) },
      { title: 'sum of a strided slice', expr: 'np.sum(c[:, ::2, ::-3])', inputs: { c }, run: (x) => cp.sum(x.c.get(':, ::2, ::-3')) },
      { title: 'max of a lazy flipped view', expr: 'np.max((c * 2)[::-1], axis=-1)', inputs: { c }, run: (x) => cp.max(x.c.mul(2).get('::-1'), { axis: -1 }) },
      { title: 'mean over a diagonal', expr: 'np.mean(np.diagonal(c, 0, 1, 2), axis=-1)', inputs: { c }, run: (x) => cp.mean(cp.diagonal(x.c, 0, 1, 2), { axis: -1 }) },
      { title: 'cumsum of a transpose', expr: 'np.cumsum(a.T, axis=1)', inputs: { a }, run: (x) => cp.cumsum(x.a.T, { axis: 1 }) },
      { title: 'softmax of a transposed view', expr: 'np.exp(a.T - a.T.max(axis=1, keepdims=True)) / np.exp(a.T - a.T.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True)', inputs: { a },
        run: (x) => { const t = x.a.T; const e = cp.exp(t.sub(cp.max(t, { axis: 1, keepdims: true }))); return e.div(cp.sum(e, { axis: 1, keepdims: true })); } },
      { title: 'view of a reduction', expr: 'np.sum(c, axis=0).T[::-1]', inputs: { c }, run: (x) => cp.sum(x.c, { axis: 0 }).T.get('::-1') },
      { title: 'reduction of a view of a reduction', expr: 'np.sum(np.sum(c, axis=0, keepdims=True).T, axis=0)', inputs: { c }, run: (x) => cp.sum(cp.sum(x.c, { axis: 0, keepdims: true }).T, { axis: 0 }) },
      { title: 'random-free expand + broadcast', expr: 'np.expand_dims(a, 1) * b[None]', inputs: { a, b }, run: (x) => cp.expand_dims(x.a, 1).mul(x.b.get('None')) },
    ]);
  });

  it('transposed reads of large arrays (the CUDA kernel tiles them through shared memory)', () => {
    const sq = randomArray('float32', [40, 40], 31);
    const rect = randomArray('float64', [3, 37, 50], 32);
    const h = randomArray('float16', [33, 20], 33);
    const i8 = randomArray('int8', [20, 17, 18], 34);
    const v = randomArray('float32', [40], 35);
    checkAll([
      { title: 'x + x.T', expr: 'a + a.T', inputs: { a: sq }, run: (x) => x.a.add(x.a.T) },
      { title: 'lazy T with a row and a scalar', expr: '(a * 2).T * v + a - 1.5', inputs: { a: sq, v }, run: (x) => x.a.mul(2).T.mul(x.v).add(x.a).sub(1.5) },
      { title: 'batched swap of the last axes', expr: 'np.swapaxes(r, 1, 2) + 1', inputs: { r: rect }, run: (x) => cp.swapaxes(x.r, 1, 2).add(1) },
      { title: 'moveaxis 0 to the end', expr: 'np.moveaxis(r, 0, -1) * r[0, :, :, None]', inputs: { r: rect }, run: (x) => cp.moveaxis(x.r, 0, -1).mul(x.r.get('0, :, :, None')) },
      { title: 'float16 transpose', expr: 'h.T * 2', inputs: { h }, run: (x) => x.h.T.mul(2) },
      { title: 'int8 permute with a strided companion', expr: 'i.transpose(2, 0, 1) + i[:, ::-1, :].transpose(2, 0, 1)', inputs: { i: i8 }, run: (x) => x.i.transpose(2, 0, 1).add(x.i.get(':, ::-1, :').transpose(2, 0, 1)) },
      { title: 'transposed copy', expr: 'np.ascontiguousarray(r.transpose(2, 1, 0))', inputs: { r: rect }, run: (x) => x.r.transpose(2, 1, 0).astype('float64') },
    ]);
  });

  it('x + x.T is one kernel; a view of data is no kernel', () => {
    const x = toDevice(a);
    const e = cp.explain(cp.add(x, x.T));
    expect(e.kernels.length).toBe(1);
    expect(cp.explain(x.T.get('1:')).kernels.length).toBe(0);
    const lazy = x.mul(2);
    expect(cp.explain(lazy.T.add(lazy)).kernels.length).toBe(1);
  });

  it('a random draw read through a view is drawn first, at its own shape', () => {
    const g = cp.random.default_rng(5);
    const r = g.random([4, 3], { dtype: 'float32' });
    const t = r.T.mul(2);
    expect(cp.explain(t).kernels.length).toBe(2);
    const direct = r.toArraySync() as number[][];
    const viaView = t.toArraySync() as number[][];
    expect(viaView[2][1]).toBe(Math.fround(direct[1][2] * 2));
  });

  it('0-d and empty views', () => {
    const e = randomArray('float32', [0, 3], 1);
    checkAll([
      { title: 'empty T', expr: 'e.T + 1', inputs: { e }, run: (x) => x.e.T.add(1) },
      { title: 'empty slice of data', expr: 'a[3:1]', inputs: { a }, run: (x) => x.a.get('3:1') },
      { title: 'empty reshape', expr: 'e.reshape(3, 0, 1)', inputs: { e }, run: (x) => x.e.reshape(3, 0, 1) },
      { title: '0-d from ints', expr: 'a[2, 3] * 2', inputs: { a }, run: (x) => x.a.get('2, 3').mul(2) },
      { title: '0-d view of lazy', expr: '(a + b)[1, -1]', inputs: { a, b }, run: (x) => x.a.add(x.b).get([1, -1]) },
    ]);
  });
});

/** NumPy's a[index] = value on a copy, as one expression. */
const pySet = (target: string, index: string, value: string) => `(lambda t: (t.__setitem__(np.s_[${index}], ${value}), t)[1])(${target}.copy())`;

describe('writes (set)', () => {
  const a = randomArray('float32', [5, 6], 21);
  const v = randomArray('float32', [6], 22);
  const iv = randomArray('int64', [5, 6], 23);

  it('scalars and arrays, broadcast and cast, through every kind of basic index', () => {
    const cases: Case[] = [
      { title: 'scalar into a slice', expr: pySet('a', '1:3', '7.5'), inputs: { a }, run: (x) => { x.a.set('1:3', 7.5); return x.a; } },
      { title: 'row broadcast', expr: pySet('a', '::2', 'v'), inputs: { a, v }, run: (x) => { x.a.set('::2', x.v); return x.a; } },
      { title: 'negative steps', expr: pySet('a', '::-1, ::-2', 'v[::2] * 2'), inputs: { a, v }, run: (x) => { x.a.set('::-1, ::-2', x.v.get('::2').mul(2)); return x.a; } },
      { title: 'one element', expr: pySet('a', '-1, 2', '-3'), inputs: { a }, run: (x) => { x.a.set([-1, 2], -3); return x.a; } },
      { title: 'ellipsis and newaxis', expr: pySet('a', '..., None, 1', '4'), inputs: { a }, run: (x) => { x.a.set('..., None, 1', 4); return x.a; } },
      { title: 'whole array', expr: pySet('a', '...', 'v'), inputs: { a, v }, run: (x) => { x.a.set('...', x.v); return x.a; } },
      { title: 'float into int truncates', expr: pySet('i', ':, 0', '2.9'), inputs: { i: iv }, run: (x) => { x.i.set(':, 0', 2.9); return x.i; } },
      { title: 'float array into int', expr: pySet('i', '1', 'v * 10'), inputs: { i: iv, v }, run: (x) => { x.i.set(1, x.v.mul(10)); return x.i; } },
      { title: 'leading 1-axes of the value dropped', expr: pySet('a', '0', 'v[None, None]'), inputs: { a, v }, run: (x) => { x.a.set(0, x.v.get('None, None')); return x.a; } },
      { title: 'into a transposed view', expr: '(lambda t: (t.T.__setitem__(np.s_[1:3], v[:5]), t)[1])(a.copy())', inputs: { a, v }, run: (x) => { x.a.T.set('1:3', x.v.get(':5')); return x.a; } },
      { title: 'overlapping self-assignment', expr: pySet('a', '1:', 'a[:-1]'), inputs: { a }, run: (x) => { x.a.set('1:', x.a.get(':-1')); return x.a; } },
      { title: 'reversed self-assignment', expr: pySet('a', '...', 'a[::-1, ::-1] + 1'), inputs: { a }, run: (x) => { x.a.set('...', x.a.get('::-1, ::-1').add(1)); return x.a; } },
      { title: 'empty slice', expr: pySet('a', '3:3', '1'), inputs: { a }, run: (x) => { x.a.set('3:3', 1); return x.a; } },
    ];
    checkAll(cases);
  });

  it('views see writes; arrays computed from the old values keep them', () => {
    const x = cp.arange(12).reshape(3, 4).astype('float32').eval();
    const row = x.get(1); // a view: sees writes
    const lazySum = x.add(100); // lazy: made before the write, keeps the old values
    const lazyView = x.T.mul(1); // lazy, through a view
    x.set('1, ::2', -1);
    expect(row.toArraySync()).toEqual([-1, 5, -1, 7]);
    expect(lazySum.toArraySync()).toEqual([[100, 101, 102, 103], [104, 105, 106, 107], [108, 109, 110, 111]]);
    expect((lazyView.toArraySync() as number[][])[0]).toEqual([0, 4, 8]);
    expect((x.toArraySync() as number[][])[1]).toEqual([-1, 5, -1, 7]);
    // Writing through a view changes the base.
    row.set(1, 50);
    expect((x.toArraySync() as number[][])[1]).toEqual([-1, 50, -1, 7]);
  });

  it('broadcast_to and broadcast_arrays are read-only views that see later writes to their base', () => {
    const a = cp.arange(3, { dtype: 'float64' }).eval();
    const v = cp.broadcast_to(a, [2, 3]);
    expect(v.toArraySync()).toEqual([[0, 1, 2], [0, 1, 2]]);
    a.set(0, 9); // after a read of v too
    expect(v.toArraySync()).toEqual([[9, 1, 2], [9, 1, 2]]);
    const [p, q] = cp.broadcast_arrays(a, cp.zeros([2, 1]));
    a.set(1, 7);
    expect(p.toArraySync()).toEqual([[9, 7, 2], [9, 7, 2]]);
    expect(q.shape).toEqual([2, 3]);
    for (const target of [v, v.get(0), p]) expect(() => target.set(0, 1)).toThrow(/read-only \(a broadcast view\)/);
    // of a lazy base: its values when read, and read-only as well
    const lazy = cp.broadcast_to(cp.arange(3, { dtype: 'float64' }).mul(2), [2, 3]);
    expect(lazy.toArraySync()).toEqual([[0, 2, 4], [0, 2, 4]]);
    expect(() => lazy.set(0, 1)).toThrow(/read-only/);
  });

  it('diagonal, x.diagonal(), diag of a 2-D array and linalg.diagonal are read-only views that see later writes to their base', () => {
    const a = cp.arange(12, { dtype: 'float64' }).reshape([3, 4]).eval();
    const views = [cp.diagonal(a), a.diagonal(1), cp.diag(a, -1), cp.linalg.diagonal(a), cp.diagonal(a.T, 0, -1, 0)];
    expect(views.map((v) => v.toArraySync())).toEqual([[0, 5, 10], [1, 6, 11], [4, 9], [0, 5, 10], [0, 5, 10]]);
    a.set([1, 1], 50); // after a read of each
    expect(views.map((v) => v.toArraySync())).toEqual([[0, 50, 10], [1, 6, 11], [4, 9], [0, 50, 10], [0, 50, 10]]);
    const refused = /^(set|put|fill|copyto|add): assignment destination is read-only \(a diagonal view\)$/;
    for (const v of views) expect(() => v.set(0, 1)).toThrow(refused);
    expect(() => views[0].get('::-1').set(0, 1)).toThrow(refused); // a view of it as well
    expect(() => views[0].T.set([[0]], 1)).toThrow(refused);
    expect(() => cp.put(views[0], [0], 1)).toThrow(refused);
    expect(() => cp.add(views[0], 1, views[0])).toThrow(refused);
    expect(() => views[2].fill(3)).toThrow(refused);
    expect(a.toArraySync()).toEqual([[0, 1, 2, 3], [4, 50, 6, 7], [8, 9, 10, 11]]);
    // a copy of one is writable; of a lazy base: its values when read, and read-only as well
    const copy = views[0].copy();
    copy.set(0, -1);
    expect(copy.toArraySync()).toEqual([-1, 50, 10]);
    const lazy = cp.diagonal(cp.arange(4, { dtype: 'float64' }).reshape([2, 2]).mul(2));
    expect(lazy.toArraySync()).toEqual([0, 6]);
    expect(() => lazy.set(0, 1)).toThrow(refused);
    // the matrix diag builds from a 1-D array is an array of its own
    const built = cp.diag(cp.asarray([1, 2]), 1);
    built.set([0, 0], 7);
    expect(built.toArraySync()).toEqual([[7n, 1n, 0n], [0n, 0n, 2n], [0n, 0n, 0n]]);
  });

  it('ravel is a view only where the elements lie contiguously in its order, as NumPy (else a copy)', () => {
    // [label, ravel of the base b (4 x 6, float64 0..23), whether NumPy's result shares b's memory]
    const cases: Array<[string, (b: cp.NDArray) => cp.NDArray, boolean]> = [
      ['rows', (b) => cp.ravel(b.get('1:3')), true],
      ['a 1-D tail', (b) => cp.ravel(b.get(0).get('2:')), true],
      ['every other column', (b) => cp.ravel(b.get(':, ::2')), false],
      ['every other row', (b) => cp.ravel(b.get('::2')), false],
      ['a 1-D step', (b) => cp.ravel(b.get(0).get('::2')), false],
      ['a 1-D flip', (b) => cp.ravel(b.get(0).get('::-1')), false],
      ['method, columns', (b) => b.get(':, ::2').ravel(), false],
      ["order 'F' of the transpose", (b) => cp.ravel(b.T, 'F'), true],
      ["order 'K' of every other column", (b) => cp.ravel(b.get(':, ::2'), 'K'), false],
      ["order 'K' of the transpose", (b) => cp.ravel(b.T, 'K'), true],
    ];
    for (const [label, f, shares] of cases) {
      const b = cp.arange(24, { dtype: 'float64' }).reshape(4, 6).eval();
      const r = f(b);
      const before = r.toArraySync() as number[];
      b.set([cp.slice(null), cp.slice(null)], -1);
      const after = r.toArraySync() as number[];
      expect(after, label).toEqual(shares ? before.map(() => -1) : before);
    }
  });

  it('writes into a view of a lazy base compute the base and write into it', () => {
    const a0 = cp.arange(6).astype('int32');
    const t = a0.mul(2); // lazy
    const first = t.get(':3');
    first.set(0, 99);
    expect(t.toArraySync()).toEqual([99, 2, 4, 6, 8, 10]);
    const r = t.reshape(2, 3);
    r.set('1, 1', -5);
    expect(t.toArraySync()).toEqual([99, 2, 4, 6, -5, 10]);
    // A view computed into its own buffer, then written: its base keeps NumPy's semantics.
    const base = a0.add(1);
    const view = base.get('::2');
    expect(view.toArraySync()).toEqual([1, 3, 5]);
    a0.set(0, 40); // base was made before: keeps 1 at index 0
    view.set(1, 7);
    expect(base.toArraySync()).toEqual([1, 2, 7, 4, 5, 6]);
    expect(view.toArraySync()).toEqual([1, 7, 5]);
  });

  it('lazy arrays made before their input was computed keep its old values after a write', () => {
    const t = cp.arange(4).astype('float32').mul(2); // lazy
    const u = t.add(1); // made while t is lazy
    const v = t.get('::-1'); // a view made while t is lazy: sees the write
    const w = v.mul(10); // made from the lazy view: keeps the old values
    t.eval();
    t.set(0, -1);
    expect(u.toArraySync()).toEqual([1, 3, 5, 7]);
    expect(v.toArraySync()).toEqual([6, 4, 2, -1]);
    expect(w.toArraySync()).toEqual([60, 40, 20, 0]);
    expect(t.toArraySync()).toEqual([-1, 2, 4, 6]);
    // Long lazy chains made from computed data: the whole chain keeps the old values.
    const x = cp.arange(3).astype('float64').eval();
    let y = x;
    for (let i = 0; i < 20; i++) y = y.add(1);
    x.set('...', 100);
    expect(y.toArraySync()).toEqual([20, 21, 22]);
  });

  it('lazy arrays found through the expression they belong to keep their old values', () => {
    // A fused intermediate whose consumer was computed.
    const x = cp.asarray([1, 2, 3], { dtype: 'float32' }).eval();
    const y = cp.asarray([10, 20, 30], { dtype: 'float32' }).eval();
    const a = x.mul(2);
    const b = a.add(y);
    b.eval();
    x.set(0, 100);
    expect(a.toArraySync()).toEqual([2, 4, 6]);
    // A node made from a lazy node and computed data: a write to the computed data.
    const c = x.mul(3);
    const d = c.add(y);
    y.set(1, -20);
    expect(d.toArraySync()).toEqual([310, 26, 39]);
    expect(c.toArraySync()).toEqual([300, 6, 9]);
    // Computed in the middle of a chain: what was made from it keeps its values.
    const e = x.add(1);
    const f = e.mul(2);
    const g = f.add(1);
    f.eval();
    f.set(0, 0);
    expect(g.toArraySync()).toEqual([203, 7, 9]);
    expect(e.toArraySync()).toEqual([101, 3, 4]);
  });

  it('lazy arrays reading data through nodes made without an array (a reduction\'s cast) keep their old values', () => {
    const x = cp.asarray(new Int8Array([1, 2, 3])).eval();
    const s = x.sum(); // reduces a cast to int64 that no NDArray holds
    const h = cp.asarray([1, 2, 3], { dtype: 'float16' }).eval();
    const m = h.sum(); // float16 accumulates through a cast to float32
    x.set(0, 100);
    h.set(0, 100);
    expect(s.item()).toBe(6n);
    expect(m.item()).toBe(6);
  });

  it('lazy arrays made from draws keep their values once the draws are computed and written', () => {
    const r = cp.random.default_rng(5).random([4], { dtype: 'float64' });
    const a = r.add(1); // reads no computed data yet
    const b = a.mul(2);
    const x = cp.ones([4], { dtype: 'float64' }).eval();
    const c = b.add(x);
    const drawn = r.toArraySync() as number[];
    r.set('...', 0);
    x.set('...', 5);
    expect(b.toArraySync()).toEqual(drawn.map((v) => (v + 1) * 2));
    expect(c.toArraySync()).toEqual(drawn.map((v) => (v + 1) * 2 + 1));
  });

  it('a long synchronous loop does not keep the arrays it made (nothing tracks them)', () => {
    // 400 results of 4 MiB are 1.6 GB if each stays alive until the loop ends.
    const peak = peakArrayBufferGrowth(400, () => {
      const x = cp.ones([1 << 20], { dtype: 'float32' }).eval();
      return (i) => { x.mul(i).eval(); };
    });
    expect(peak).toBeLessThan(800e6);
  });

  it('a copy made for lazy readers is freed with them (a loop of writes keeps no copies)', () => {
    // Each write copies 4 MiB for a lazy reader that is dropped at once: 300 copies are 1.2 GB
    // if the copies outlive their readers.
    let kept: cp.NDArray | undefined;
    const peak = peakArrayBufferGrowth(300, () => {
      const x = cp.ones([1 << 20], { dtype: 'float32' }).eval();
      return (i) => {
        kept = x.add(i); // a lazy reader of x, dropped at the next iteration
        x.set(0, i);
      };
    });
    expect(peak).toBeLessThan(600e6);
    expect((kept!.toArraySync() as number[]).slice(0, 2)).toEqual([299 + 298, 300]);
  });

  it('a write copies the data only while lazy arrays still read it, and each sees its own time', () => {
    const x = cp.asarray([1, 2, 3], { dtype: 'float32' }).eval();
    const a = x.mul(1); // reads x before both writes
    x.set(0, 10);
    const b = x.mul(1); // between the writes
    x.set(1, 20);
    const c = x.mul(1); // after both
    expect(c.toArraySync()).toEqual([10, 20, 3]);
    expect(b.toArraySync()).toEqual([10, 2, 3]);
    expect(a.toArraySync()).toEqual([1, 2, 3]);
    x.set(2, 30); // nothing lazy reads x any more
    expect(x.toArraySync()).toEqual([10, 20, 30]);
  });

  it('arrays made from a lazy view keep the values of their time, however the view is computed later', () => {
    const x = cp.arange(6).astype('float32').eval();
    const v = x.get('::2'); // a lazy view of computed data
    const r = v.mul(10); // reads x through v
    x.set(0, -1);
    expect(v.toArraySync()).toEqual([-1, 2, 4]); // the view sees the write
    expect(r.toArraySync()).toEqual([0, 20, 40]);
    const r2 = v.add(1); // made after the first write, before the second
    x.set(2, 50);
    expect(r2.toArraySync()).toEqual([0, 3, 5]);
    expect(v.toArraySync()).toEqual([-1, 50, 4]);
    // A view of a lazy base, read before the base is computed, then the base written.
    const t = cp.arange(4).astype('int32').mul(3); // lazy
    const w = t.get('1:'); // lazy view of lazy data
    const n = w.mul(2);
    const m = w.add(t.get(':3')); // reads t through two views
    t.eval();
    t.set('...', 0);
    w.eval(); // the view is now an alias of t's (written) data
    expect(w.toArraySync()).toEqual([0, 0, 0]);
    expect(n.toArraySync()).toEqual([6, 12, 18]);
    expect(m.toArraySync()).toEqual([3, 9, 15]);
    // A view evaluated before its base (the base is computed, the view aliases it): its readers
    // keep their values, and the view sees the write, as in NumPy.
    const b = cp.arange(4).astype('float64').add(1); // lazy
    const bv = b.get('::-1');
    const reader = bv.mul(1);
    bv.eval();
    b.eval();
    b.set(0, 100);
    expect(reader.toArraySync()).toEqual([4, 3, 2, 1]);
    expect(bv.toArraySync()).toEqual([4, 3, 2, 100]);
  });

  it('a write after a fused intermediate was computed away copies, and every value stays right', () => {
    // The intermediate `a.mul(2)` is never computed itself and stays counted as a reader of a:
    // the next write to a copies a once (a spare copy, not a wrong value).
    const a = cp.asarray([1, 2, 3], { dtype: 'float32' }).eval();
    for (let i = 0; i < 5; i++) {
      const before = a.toArraySync() as number[];
      const y = a.mul(2).add(i);
      expect(y.toArraySync()).toEqual(before.map((v) => v * 2 + i));
      const later = a.mul(1); // lazy, made before the write
      a.set(i % 3, 10 * i);
      expect(later.toArraySync()).toEqual(before);
    }
    expect(a.toArraySync()).toEqual([30, 40, 20]);
  });

  it('a lazy array counts only the arrays made from it that are still lazy', () => {
    const a = cp.arange(4).astype('float32').mul(2); // lazy
    for (let i = 0; i < 3; i++) a.add(i).eval();
    expect(a.node.pendingReaders ?? 0).toBe(0);
    const kept = a.add(10);
    a.mul(3).eval();
    expect(a.node.pendingReaders).toBe(1);
    expect(kept.node.realized).toBeUndefined();
  });

  it('values one kernel cannot compute (a reduction, a draw read through a view) are computed first', () => {
    const y = cp.asarray([[1, 2, 3], [4, 5, 6]], { dtype: 'float32' });
    const x = cp.zeros([3], { dtype: 'float32' });
    x.set('...', cp.sum(y, { axis: 0 }));
    expect(x.toArraySync()).toEqual([5, 7, 9]);
    const z = cp.zeros([4, 3], { dtype: 'float32' });
    z.set('::2', cp.sum(y, { axis: 0 }).add(1));
    expect(z.toArraySync()).toEqual([[6, 8, 10], [0, 0, 0], [6, 8, 10], [0, 0, 0]]);
    const r = cp.random.default_rng(3).random([3, 2], { dtype: 'float32' });
    const w = cp.zeros([2, 3], { dtype: 'float32' });
    w.set('...', r.T.mul(2));
    const drawn = r.toArraySync() as number[][];
    expect((w.toArraySync() as number[][])[1][2]).toBe(Math.fround(drawn[2][1] * 2));
    expect(cp.concatenate([cp.max(y, { axis: 1 }), cp.cumsum(y.get(0))]).toArraySync()).toEqual([3, 6, 1, 3, 6]);
  });

  it('writes are shown to evaluation observers (explain, the cache recorder)', () => {
    const seen: string[] = [];
    const remove = addEvaluationObserver(() => ({ kernelRan: (plan) => { seen.push(plan.name); } }));
    try {
      const x = cp.zeros([4, 4], { dtype: 'float32' }).eval();
      x.set('::2, 1:', 5);
    } finally {
      remove();
    }
    expect(seen.some((n) => n.startsWith('assign_'))).toBe(true);
  });

  it('a copy made by reshape is its own array', () => {
    const x = cp.arange(6).reshape(2, 3).eval();
    const c = x.T.reshape(-1); // a copy in NumPy
    c.set(0, 100n);
    expect(x.toArraySync()).toEqual([[0n, 1n, 2n], [3n, 4n, 5n]]);
    expect(c.toArraySync()).toEqual([100n, 3n, 1n, 4n, 2n, 5n]);
    const f = x.flatten();
    f.set(1, 9n);
    expect((x.toArraySync() as bigint[][])[0][1]).toBe(1n);
  });

  it('0-d targets and bool/float16/uint64 values', () => {
    const b = cp.zeros([3], { dtype: 'bool' });
    b.set(1, true);
    expect(b.toArraySync()).toEqual([false, true, false]);
    const h = cp.ones([2, 2], { dtype: 'float16' });
    h.set(':, 1', 0.5);
    expect(h.toArraySync()).toEqual([[1, 0.5], [1, 0.5]]);
    const u = cp.zeros([2], { dtype: 'uint64' });
    u.set(0, 2n ** 64n - 1n);
    expect(u.toArraySync()).toEqual([2n ** 64n - 1n, 0n]);
    const s = cp.asarray(3.5);
    s.set('...', 1.25);
    expect(s.item()).toBe(1.25);
  });
});

describe('errors at the call', () => {
  const x = () => cp.arange(24).reshape(2, 3, 4);

  it('names the op and what was expected', () => {
    expect(() => x().reshape(5, -1)).toThrow(/reshape: cannot reshape array of size 24 into shape \(5, -1\)|reshape: cannot reshape array of size 24/);
    expect(() => x().reshape(-1, -1)).toThrow(/can only specify one unknown dimension/);
    expect(() => x().reshape(7)).toThrow(/cannot reshape array of size 24/);
    expect(() => cp.transpose(x(), [0, 1])).toThrow(/transpose: expected 3 axes/);
    expect(() => cp.transpose(x(), [0, 0, 1])).toThrow(/transpose: expected distinct axes, got a repeated axis/);
    expect(() => cp.swapaxes(x(), 0, 3)).toThrow(/swapaxes: axis 3 is out of bounds for array of dimension 3/);
    expect(() => cp.squeeze(x(), 1)).toThrow(/squeeze: cannot select an axis to squeeze out which has size not equal to one/);
    expect(() => cp.expand_dims(x(), 5)).toThrow(/expand_dims: axis 5 is out of bounds/);
    expect(() => cp.diagonal(x(), 0, 1, -2)).toThrow(/diagonal: axis1 and axis2 cannot be the same/);
    expect(() => cp.diagonal(cp.arange(3))).toThrow(/diagonal: expected an array of at least 2 dimensions/);
    expect(() => cp.flip(x(), -4)).toThrow(/flip: axis -4 is out of bounds/);
    expect(() => cp.fliplr(cp.arange(3))).toThrow(/fliplr: expected an array of at least 2 dimensions/);
    expect(() => cp.moveaxis(x(), [0, 1], [0])).toThrow(/moveaxis: expected source and destination of one length/);
  });

  it('index errors', () => {
    expect(() => x().get('2')).toThrow(/get: index 2 is out of bounds for axis 0 with size 2/);
    expect(() => x().get([0, -4])).toThrow(/get: index -4 is out of bounds for axis 1 with size 3/);
    expect(() => x().get('0, 0, 0, 0')).toThrow(/too many indices for array: array is 3-dimensional, but 4 were indexed/);
    expect(() => x().get('::0')).toThrow(/slice step cannot be zero/);
    expect(() => x().get('..., 1, ...')).toThrow(/single ellipsis/);
    expect(() => x().get('1:a')).toThrow(/expected an integer stop/);
    expect(() => x().get('1,,2')).toThrow(/get: empty index item/);
    expect(() => x().get([1.5])).toThrow(/expected an integer index, got 1.5/);
    expect(() => x().get([{ start: 'a' } as never])).toThrow(/expected an integer slice start/);
    expect(() => x().get([undefined as never])).toThrow(/expected an integer, a slice, null/);
  });

  it('write errors', () => {
    expect(() => x().set(':, 0', cp.arange(5))).toThrow(/set: could not broadcast input array from shape \(5,\) into shape \(2, 4\)|cannot be broadcast/);
    expect(() => cp.broadcast_to(cp.arange(3), [2, 3]).set(0, 1)).toThrow(/set: assignment destination is read-only/);
    expect(() => cp.zeros([2], { dtype: 'uint8' }).set(0, 300)).toThrow(/Python integer 300 out of bounds for uint8/);
    expect(() => cp.zeros([2], { dtype: 'int32' }).set(0, NaN)).toThrow(/cannot convert float NaN to integer/);
    expect(() => x().set('5', 1)).toThrow(/set: index 5 is out of bounds/);
  });
});

it('compiles every generated kernel above (and assignment kernels)', () => {
  // Assignment kernels do not go through explain: compile representative ones here too.
  for (const dtype of ['float32', 'int64', 'bool', 'float16'] as const) {
    const target = cp.zeros([4, 6], { dtype }).eval().get('::-1, 1::2');
    const value = cp.ones([3], { dtype: 'float64' });
    const node = cp.broadcast_to(value.astype(dtype), target.shape).node;
    const plan = planKernel([castNode(node, target.dtype)], { node: target.node, view: realizedView(target.node) });
    cudaSources.set(plan.key, generateCudaPlan(plan).source);
    expect(plan.store?.access).toBe('strided');
  }
  if (!HAS_NVRTC) return;
  const result = compileAll([...cudaSources.values()]);
  expect(result.kernels).toBeGreaterThan(10);
}, 300_000);

describe('identity views are arrays of their own (NumPy returns a new view object)', () => {
  // x.get('...'), x[:], a 1-D x.T, a reshape to the same shape, squeeze with nothing to squeeze
  // and ravel of a 1-D array move nothing: they share x's node, and disposing one leaves x alone.
  const makers: Array<[string, (x: cp.NDArray) => cp.NDArray]> = [
    ["get('...')", (x) => x.get('...')],
    ['get(slice())', (x) => x.get([cp.slice(null)])],
    ['T of 1-D', (x) => x.T],
    ['transpose identity', (x) => cp.transpose(x, [0])],
    ['reshape same shape', (x) => x.reshape([4])],
    ['squeeze nothing', (x) => cp.squeeze(x)],
    ['ravel 1-D', (x) => cp.ravel(x)],
  ];
  it.each(makers)('%s', (_, make) => {
    for (const lazy of [false, true]) {
      const base = cp.asarray([1, 2, 3, 4], { dtype: 'float32' });
      const x = lazy ? base.mul(2) : base.eval();
      const v = make(x);
      expect(v).not.toBe(x);
      v.dispose();
      expect(x.disposed).toBe(false);
      expect(x.toArraySync()).toEqual(lazy ? [2, 4, 6, 8] : [1, 2, 3, 4]);
      const w = make(x);
      x.dispose(); // the view keeps the data, as NumPy views keep their base's memory
      expect(w.toArraySync()).toEqual(lazy ? [2, 4, 6, 8] : [1, 2, 3, 4]);
      w.set(0, 9);
      expect(w.toArraySync()).toEqual(lazy ? [9, 4, 6, 8] : [9, 2, 3, 4]);
      w.dispose();
    }
  });
  it('within cp.tidy, an identity view made inside is disposed and its base is not', () => {
    const x = cp.asarray([1, 2], { dtype: 'float32' }).eval();
    cp.tidy(() => { x.get('...').mul(2).eval(); });
    expect(x.toArraySync()).toEqual([1, 2]);
    x.dispose();
  });
});

describe('kernels shared between plans of one key', () => {
  // The key holds what the generated code decides on. A strided input's stride along the last dim
  // is one such fact on the CPU (rows of stride 0 or 1 go to WebAssembly, stride 0 as a scalar
  // per row): `x - b + b[None]` and then `x - b + b[::-1]` had one key, and the second ran the
  // first's kernel, reading the reversed view forward ([63, 0, 1, ...] for [63, 62, 61, ...]).
  it('x - b + view of b gives each view its own values, whichever ran first', () => {
    const x = cp.asarray(Float64Array.from({ length: 128 }, (_, i) => i % 7)).reshape(2, 64);
    const b = cp.asarray(Float64Array.from({ length: 64 }, (_, i) => i));
    const want = (view: (j: number) => number) => Array.from({ length: 128 }, (_, i) => (i % 7) - (i % 64) + view(i % 64));
    const views: Array<[string, (j: number) => number]> = [['None', (j) => j], ['::-1', (j) => 63 - j], ['::1', (j) => j], ['::-1', (j) => 63 - j]];
    for (const [index, value] of views) {
      expect(Array.from(x.sub(b).add(b.get(index)).dataSync() as Float64Array)).toEqual(want(value));
    }
    const col = cp.asarray(Float64Array.from({ length: 2 }, (_, i) => 10 * i)).reshape(2, 1);
    const colWant = Array.from({ length: 128 }, (_, i) => (i % 7) - (i % 64) + 10 * Math.floor(i / 64));
    expect(Array.from(x.sub(b).add(cp.broadcast_to(col, [2, 64]).get(':, ::-1')).dataSync() as Float64Array)).toEqual(colWant);
    const keys = ['None', '::-1'].map((index) => planKernel([x.sub(b).add(b.get(index)).node]).key);
    expect(keys[0]).not.toBe(keys[1]);
  });
});
