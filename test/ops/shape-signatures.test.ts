// The declared signatures of the shape, index, join/split and pad functions and their NDArray
// methods, against NumPy: the positional form and the options object give what NumPy gives for
// the same call (negative axes, orders, out=, empty and 0-d inputs, non-contiguous views), and
// every call NumPy's signature refuses (unknown key, extra argument, wrong type, an option cupyts
// does not support) is a CupytsError naming the function and the argument.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, toDevice } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { checkCases, checkErrors, type ErrorCase, type ValueCase } from '../helpers/numpy-cases.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';
import { randomArray, type DTypeName } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

let seed = 4000;
const rand = (dtype: DTypeName, shape: number[]) => randomArray(dtype, shape, seed++);
const call = (fn: unknown, ...args: unknown[]) => (fn as (...a: unknown[]) => cp.NDArray)(...args);

const a = rand('float32', [4, 6]);
const c = rand('int32', [2, 3, 4]);
const v = rand('int64', [5]);
const s = rand('float64', []);
const e = rand('float32', [0, 3]);
const b = rand('bool', [3, 4]);
const A = () => toDevice(a);
const C = () => toDevice(c);

describe('declarations', () => {
  it("name NumPy's parameters in NumPy's order (pad's **kwargs are its keyword arguments)", () => {
    const names = ['reshape', 'ravel', 'atleast_1d', 'atleast_2d', 'atleast_3d', 'fliplr', 'flipud', 'diagonal', 'tile', 'rot90',
      'take', 'put', 'put_along_axis', 'compress', 'repeat', 'nonzero', 'argwhere', 'flatnonzero',
      'hstack', 'vstack', 'dstack', 'column_stack', 'hsplit', 'vsplit', 'dsplit', 'pad'] as const;
    const script = `import inspect, json, numpy as np\nprint(json.dumps({n: [p.name for p in inspect.signature(getattr(np, n)).parameters.values() if p.kind != p.VAR_KEYWORD] for n in ${JSON.stringify(names)}}))`;
    const run = spawnSync('python3', ['-W', 'ignore', '-c', script], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const numpy = JSON.parse(run.stdout) as Record<string, string[]>;
    const KWARGS: Record<string, string[]> = { pad: ['constant_values', 'end_values', 'stat_length', 'reflect_type'] };
    for (const n of names) {
      const ours = (cp[n] as unknown as { signature: { params: Array<{ name: string }> } }).signature.params.map((p) => p.name);
      expect(ours, n).toEqual([...numpy[n], ...(KWARGS[n] ?? [])]);
    }
  });
});

describe('shape functions: positional and keyword forms', () => {
  it('reshape, ravel and flatten with orders and copy, as functions and methods', () => {
    const cases: ValueCase[] = [
      { label: 'reshape F positional', expr: "np.reshape(a, (3, 8), 'F')", inputs: { a }, run: () => cp.reshape(A(), [3, 8], 'F') },
      { label: 'reshape F keyword', expr: "np.reshape(a, (3, -1), order='F')", inputs: { a }, run: () => cp.reshape(A(), [3, -1], { order: 'F' }) },
      { label: 'reshape F of a strided view', expr: "np.reshape(a[:, ::2], (6, 2), order='F')", inputs: { a }, run: () => cp.reshape(A().get(':, ::2'), [6, 2], 'F') },
      { label: 'reshape A of a transpose (F-contiguous)', expr: "np.reshape(a.T, (4, 6), order='A')", inputs: { a }, run: () => cp.reshape(A().T, [4, 6], 'A') },
      { label: 'reshape A of a C array', expr: "np.reshape(a, (6, 4), order='A')", inputs: { a }, run: () => cp.reshape(A(), [6, 4], 'A') },
      { label: 'reshape copy=true', expr: 'np.reshape(a, (24,), copy=True)', inputs: { a }, run: () => cp.reshape(A(), 24, { copy: true }) },
      { label: 'reshape copy=false (a view)', expr: 'np.reshape(a, (2, 12), copy=False)', inputs: { a }, run: () => cp.reshape(A(), [2, 12], { copy: false }) },
      { label: 'reshape 0-d', expr: 'np.reshape(s, (1, 1))', inputs: { s }, run: () => cp.reshape(toDevice(s), [1, 1]) },
      { label: 'reshape empty', expr: 'np.reshape(e, (3, -1))', inputs: { e }, run: () => cp.reshape(toDevice(e), [3, -1]) },
      { label: 'x.reshape(spread)', expr: 'a.reshape(2, 3, 4)', inputs: { a }, run: () => A().reshape(2, 3, 4) },
      { label: 'x.reshape(list)', expr: 'a.reshape((2, 3, 4))', inputs: { a }, run: () => A().reshape([2, 3, 4]) },
      { label: 'x.reshape(spread, options)', expr: "a.reshape(8, -1, order='F')", inputs: { a }, run: () => A().reshape(8, -1, { order: 'F' }) },
      { label: 'x.reshape(list, options) of a transpose', expr: "a.T.reshape((3, 8), order='C')", inputs: { a }, run: () => A().T.reshape([3, 8], { order: 'C' }) },
      { label: 'ravel C', expr: 'np.ravel(a.T)', inputs: { a }, run: () => cp.ravel(A().T) },
      { label: 'ravel F positional', expr: "np.ravel(c, 'F')", inputs: { c }, run: () => cp.ravel(C(), 'F') },
      { label: 'ravel F keyword', expr: "np.ravel(c, order='F')", inputs: { c }, run: () => cp.ravel(C(), { order: 'F' }) },
      { label: 'ravel A of a transpose', expr: "np.ravel(c.T, 'A')", inputs: { c }, run: () => cp.ravel(C().T, 'A') },
      { label: 'ravel K of a transpose', expr: "np.ravel(c.transpose(1, 0, 2), 'K')", inputs: { c }, run: () => cp.ravel(C().transpose(1, 0, 2), 'K') },
      { label: 'ravel K of a reversed view', expr: "np.ravel(a[:, ::-1], 'K')", inputs: { a }, run: () => cp.ravel(A().get(':, ::-1'), 'K') },
      { label: 'ravel K of a C array', expr: "np.ravel(c, 'K')", inputs: { c }, run: () => cp.ravel(C(), 'K') },
      { label: 'ravel 0-d', expr: 'np.ravel(s)', inputs: { s }, run: () => cp.ravel(toDevice(s)) },
      { label: 'ravel empty F', expr: "np.ravel(e, 'F')", inputs: { e }, run: () => cp.ravel(toDevice(e), 'F') },
      { label: 'x.ravel(F)', expr: "c.ravel('F')", inputs: { c }, run: () => C().ravel('F') },
      { label: 'x.flatten(F) of a view', expr: "c[:, ::-1].flatten('F')", inputs: { c }, run: () => C().get(':, ::-1').flatten('F') },
      { label: 'flatten keyword', expr: "c.flatten(order='K')", inputs: { c }, run: () => cp.flatten(C(), { order: 'K' }) },
    ];
    checkCases(cases);
  });

  it('flatten is a copy, reshape copy=true too, and copy=false a view', () => {
    const x = cp.arange(6);
    const f = x.flatten();
    const r = cp.reshape(x, [2, 3], { copy: true });
    const w = cp.reshape(x, [3, 2], { copy: false });
    x.set(0, 9);
    expect(f.tolist()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(r.tolist()).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(w.tolist()).toEqual([[9, 1], [2, 3], [4, 5]]);
  });

  it('atleast_nd take several arrays, fliplr/flipud/diagonal/tile/rot90 positional and keyword', () => {
    const m = rand('int16', [3, 4, 5]);
    const cases: ValueCase[] = [
      { label: 'atleast_1d of several', expr: 'np.atleast_1d(s, v, a)', inputs: { s, v, a }, run: () => cp.atleast_1d(toDevice(s), toDevice(v), A()) },
      { label: 'atleast_2d of several', expr: 'np.atleast_2d(s, v)', inputs: { s, v }, run: () => cp.atleast_2d(toDevice(s), toDevice(v)) },
      { label: 'atleast_3d of several', expr: 'np.atleast_3d(v, a, c)', inputs: { v, a, c }, run: () => cp.atleast_3d(toDevice(v), A(), C()) },
      { label: 'atleast_3d of one', expr: 'np.atleast_3d(a.T)', inputs: { a }, run: () => cp.atleast_3d(A().T) },
      { label: 'fliplr of a view', expr: 'np.fliplr(a[::2])', inputs: { a }, run: () => cp.fliplr(A().get('::2')) },
      { label: 'flipud of empty', expr: 'np.flipud(e)', inputs: { e }, run: () => cp.flipud(toDevice(e)) },
      { label: 'diagonal positional', expr: 'np.diagonal(m, 1, -1, 0)', inputs: { m }, run: () => cp.diagonal(toDevice(m), 1, -1, 0) },
      { label: 'diagonal keyword', expr: 'np.diagonal(m, offset=-1, axis1=2, axis2=1)', inputs: { m }, run: () => cp.diagonal(toDevice(m), { offset: -1, axis1: 2, axis2: 1 }) },
      { label: 'x.diagonal keyword', expr: 'a.T.diagonal(axis1=1, axis2=0)', inputs: { a }, run: () => A().T.diagonal({ axis1: 1, axis2: 0 }) },
      { label: 'tile keyword', expr: 'np.tile(a.T, reps=(2, 1))', inputs: { a }, run: () => cp.tile(A().T, [2, 1]) },
      { label: 'rot90 positional', expr: 'np.rot90(m, 3, (-1, 0))', inputs: { m }, run: () => cp.rot90(toDevice(m), 3, [-1, 0]) },
      { label: 'rot90 keyword', expr: 'np.rot90(m, k=-1, axes=(1, 2))', inputs: { m }, run: () => cp.rot90(toDevice(m), { k: -1, axes: [1, 2] }) },
      { label: 'rot90 k positional, axes keyword', expr: 'np.rot90(a[:, 1:], 2, axes=(1, 0))', inputs: { a }, run: () => cp.rot90(A().get(':, 1:'), 2, { axes: [1, 0] }) },
    ];
    checkCases(cases);
  });

  it('transpose as a method: spread, list, none and null', () => {
    const cases: ValueCase[] = [
      { label: 'spread', expr: 'c.transpose(2, 0, 1)', inputs: { c }, run: () => C().transpose(2, 0, 1) },
      { label: 'negative spread', expr: 'c.transpose(-1, 0, -2)', inputs: { c }, run: () => C().transpose(-1, 0, -2) },
      { label: 'list', expr: 'c.transpose((1, 2, 0))', inputs: { c }, run: () => C().transpose([1, 2, 0]) },
      { label: 'none', expr: 'c.transpose()', inputs: { c }, run: () => C().transpose() },
      { label: 'null', expr: 'c.transpose(None)', inputs: { c }, run: () => C().transpose(null) },
      { label: '0-d', expr: 's.transpose()', inputs: { s }, run: () => toDevice(s).transpose() },
      { label: 'swapaxes method', expr: 'c.swapaxes(-1, 0)', inputs: { c }, run: () => C().swapaxes(-1, 0) },
    ];
    checkCases(cases);
  });
});

describe('index functions: positional and keyword forms', () => {
  it('take, compress, repeat with axis, mode and out', () => {
    const f8 = rand('float64', [4, 6]);
    const cases: ValueCase[] = [
      { label: 'take axis positional', expr: 'np.take(a, [0, -1, 2], 1)', inputs: { a }, run: () => cp.take(A(), [0, -1, 2], 1) },
      { label: 'take axis -1 and mode keyword', expr: "np.take(a, [7, -8], axis=-1, mode='wrap')", inputs: { a }, run: () => cp.take(A(), [7, -8], { axis: -1, mode: 'wrap' }) },
      { label: 'take mode positional', expr: "np.take(a.T, [[30, -1]], None, None, 'clip')", inputs: { a }, run: () => cp.take(A().T, [[30, -1]], null, null, 'clip') },
      { label: 'take out (cast back into out)', expr: 'np.take(f8, [1, 3], axis=1, out=np.zeros((4, 2), np.float32))', inputs: { f8 },
        run: () => cp.take(toDevice(f8), [1, 3], { axis: 1, out: cp.zeros([4, 2], { dtype: 'float32' }) }) },
      { label: 'take out of int16 for int32', expr: 'np.take(c, [1, 0], axis=-1, out=np.zeros((2, 3, 2), np.int16))', inputs: { c },
        run: () => cp.take(C(), [1, 0], -1, cp.zeros([2, 3, 2], { dtype: 'int16' })) },
      { label: 'take 0-d index', expr: 'np.take(c, 1, axis=-2)', inputs: { c }, run: () => cp.take(C(), 1, -2) },
      { label: 'take empty', expr: 'np.take(e, [], axis=1)', inputs: { e }, run: () => cp.take(toDevice(e), [], 1) },
      { label: 'x.take positional', expr: 'c.take([1, 0], 0)', inputs: { c }, run: () => C().take([1, 0], 0) },
      { label: 'x.take keyword', expr: "c.take([5], mode='clip')", inputs: { c }, run: () => C().take([5], { mode: 'clip' }) },
      { label: 'compress axis positional', expr: 'np.compress([True, False, True], a, 1)', inputs: { a }, run: () => cp.compress([true, false, true], A(), 1) },
      { label: 'compress axis -1 keyword', expr: 'np.compress(np.array([0, 1, 1]), c, axis=-1)', inputs: { c }, run: () => cp.compress(cp.asarray([0, 1, 1]), C(), { axis: -1 }) },
      { label: 'compress flat', expr: 'np.compress([True, True, False, True], a.T)', inputs: { a }, run: () => cp.compress([true, true, false, true], A().T) },
      { label: 'compress out', expr: 'np.compress([False, True], a, axis=0, out=np.zeros((1, 6), np.float16))', inputs: { a },
        run: () => cp.compress([false, true], A(), 0, cp.zeros([1, 6], { dtype: 'float16' })) },
      { label: 'x.compress', expr: 'c.compress([True, False], 0)', inputs: { c }, run: () => C().compress([true, false], 0) },
      { label: 'repeat axis positional', expr: 'np.repeat(a, 2, 0)', inputs: { a }, run: () => cp.repeat(A(), 2, 0) },
      { label: 'repeat axis -1 keyword', expr: 'np.repeat(c, [1, 0, 2, 1], axis=-1)', inputs: { c }, run: () => cp.repeat(C(), [1, 0, 2, 1], { axis: -1 }) },
      { label: 'repeat flat of a view', expr: 'np.repeat(a[::-1, ::3], 2)', inputs: { a }, run: () => cp.repeat(A().get('::-1, ::3'), 2) },
      { label: 'repeat 0-d', expr: 'np.repeat(s, 3)', inputs: { s }, run: () => cp.repeat(toDevice(s), 3) },
      { label: 'x.repeat', expr: 'c.repeat(2, -2)', inputs: { c }, run: () => C().repeat(2, -2) },
    ];
    checkCases(cases);
  });

  it('take out= returns out itself', () => {
    const o = cp.zeros([2], { dtype: 'int32' });
    expect(cp.take(cp.arange(5), [4, 1], null, o)).toBe(o);
    expect(o.toArraySync()).toEqual([4, 1]);
  });

  it('put and put_along_axis write in place, positional and keyword mode', () => {
    const put = (mode: unknown) => `(lambda t: (np.put(t, [0, 30, -1], [7, 8], mode=${mode}), t)[1])(a.copy())`;
    const cases: ValueCase[] = [
      { label: 'put mode positional', expr: put("'wrap'"), inputs: { a }, run: () => { const t = A(); cp.put(t, [0, 30, -1], [7, 8], 'wrap'); return t; } },
      { label: 'put mode keyword', expr: put("'clip'"), inputs: { a }, run: () => { const t = A(); cp.put(t, [0, 30, -1], [7, 8], { mode: 'clip' }); return t; } },
      { label: 'x.put into a transposed view', expr: '(lambda t: (t.T.put([1, 5], 9), t)[1])(a.copy())', inputs: { a },
        run: () => { const t = A(); t.T.put([1, 5], 9); return t; } },
      { label: 'put_along_axis axis -1', expr: '(lambda t: (np.put_along_axis(t, np.array([[0], [2], [1], [5]]), 4, -1), t)[1])(a.copy())', inputs: { a },
        run: () => { const t = A(); cp.put_along_axis(t, [[0], [2], [1], [5]], 4, -1); return t; } },
    ];
    checkCases(cases);
  });

  it('nonzero, argwhere, flatnonzero and where(cond) on views, empty and 0-d inputs', () => {
    const cases: ValueCase[] = [
      { label: 'nonzero of a view', expr: 'np.nonzero(b[:, ::-1])', inputs: { b }, run: () => cp.nonzero(toDevice(b).get(':, ::-1')) },
      { label: 'x.nonzero', expr: 'b.T.nonzero()', inputs: { b }, run: () => toDevice(b).T.nonzero() },
      { label: 'argwhere of 0-d', expr: 'np.argwhere(s)', inputs: { s }, run: () => cp.argwhere(toDevice(s)) },
      { label: 'argwhere of empty', expr: 'np.argwhere(e)', inputs: { e }, run: () => cp.argwhere(toDevice(e)) },
      { label: 'flatnonzero of a transpose', expr: 'np.flatnonzero(b.T)', inputs: { b }, run: () => cp.flatnonzero(toDevice(b).T) },
      { label: 'where(cond)', expr: 'np.where(a > 0.5)', inputs: { a }, run: () => cp.where(cp.greater(A(), 0.5)) },
      { label: 'where(cond, x, y)', expr: 'np.where(b, 1, a[:3, :4])', inputs: { a, b }, run: () => cp.where(toDevice(b), 1, A().get(':3, :4')) },
    ];
    checkCases(cases);
  });
});

describe('joins, splits and pad: positional and keyword forms', () => {
  it('hstack/vstack with dtype and casting, dstack, column_stack, hsplit/vsplit/dsplit', () => {
    const i = rand('int8', [4, 2]);
    const cases: ValueCase[] = [
      { label: 'hstack', expr: 'np.hstack((a, i))', inputs: { a, i }, run: () => cp.hstack([A(), toDevice(i)]) },
      { label: 'hstack dtype unsafe', expr: "np.hstack((a, i), dtype='int16', casting='unsafe')", inputs: { a, i },
        run: () => cp.hstack([A(), toDevice(i)], { dtype: 'int16', casting: 'unsafe' }) },
      { label: 'vstack casting safe', expr: "np.vstack((a, a[::-1]), casting='safe')", inputs: { a }, run: () => cp.vstack([A(), A().get('::-1')], { casting: 'safe' }) },
      { label: 'dstack', expr: 'np.dstack((a, a.T.T))', inputs: { a }, run: () => cp.dstack([A(), A().T.T]) },
      { label: 'column_stack', expr: 'np.column_stack((v, v[::-1]))', inputs: { v }, run: () => cp.column_stack([toDevice(v), toDevice(v).get('::-1')]) },
      { label: 'hsplit sections', expr: 'np.hsplit(a, 3)', inputs: { a }, run: () => cp.hsplit(A(), 3) },
      { label: 'hsplit indices', expr: 'np.hsplit(a, [1, -2])', inputs: { a }, run: () => cp.hsplit(A(), [1, -2]) },
      { label: 'vsplit', expr: 'np.vsplit(a.T, [2])', inputs: { a }, run: () => cp.vsplit(A().T, [2]) },
      { label: 'dsplit', expr: 'np.dsplit(c, 2)', inputs: { c }, run: () => cp.dsplit(C(), 2) },
    ];
    checkCases(cases);
  });

  it('pad: mode positional or keyword, kwargs per mode, empty mode', () => {
    const cases: ValueCase[] = [
      { label: 'mode positional', expr: "np.pad(a, 2, 'reflect')", inputs: { a }, run: () => cp.pad(A(), 2, 'reflect') },
      { label: 'mode keyword', expr: "np.pad(a, (1, 2), mode='symmetric', reflect_type='even')", inputs: { a },
        run: () => cp.pad(A(), [1, 2], { mode: 'symmetric', reflect_type: 'even' }) },
      { label: 'constant_values per axis', expr: 'np.pad(c, ((1, 0), (0, 1), (2, 2)), constant_values=((1, 2), (3, 4), (5, 6)))', inputs: { c },
        run: () => cp.pad(C(), [[1, 0], [0, 1], [2, 2]], { constant_values: [[1, 2], [3, 4], [5, 6]] }) },
      { label: 'wrap of a view', expr: "np.pad(a[:, ::-2], 3, 'wrap')", inputs: { a }, run: () => cp.pad(A().get(':, ::-2'), 3, 'wrap') },
      { label: 'edge of 0-d', expr: "np.pad(s, 2, 'edge')", inputs: { s }, run: () => cp.pad(toDevice(s), 2, 'edge') },
    ];
    for (const d of ['bool', 'uint8', 'int32', 'int64', 'float32', 'float64'] as DTypeName[]) {
      const m = rand(d, [3, 4]);
      const r = rand(d, [1, 5]);
      cases.push(
        { label: `reflect odd ${d}`, expr: "np.pad(m, ((4, 2), (1, 7)), 'reflect', reflect_type='odd')", inputs: { m },
          run: () => cp.pad(toDevice(m), [[4, 2], [1, 7]], 'reflect', { reflect_type: 'odd' }) },
        { label: `symmetric odd ${d} of a view`, expr: "np.pad(m[:, ::-1], 5, mode='symmetric', reflect_type='odd')", inputs: { m },
          run: () => cp.pad(toDevice(m).get(':, ::-1'), 5, { mode: 'symmetric', reflect_type: 'odd' }) },
        { label: `reflect odd ${d} of a single row`, expr: "np.pad(r, 2, 'reflect', reflect_type='odd')", inputs: { r },
          run: () => cp.pad(toDevice(r), 2, 'reflect', { reflect_type: 'odd' }) },
      );
    }
    checkCases(cases);
    const padded = cp.pad(A(), [1, 2], 'empty');
    expect(padded.shape).toEqual([7, 9]);
    expect(padded.get('1:5, 1:7').toArraySync()).toEqual(A().toArraySync());
  });
});

describe('refused calls name the function and the argument', () => {
  it('unknown keys, extra arguments, wrong types, unsupported options', () => {
    const x = () => cp.arange(6, { dtype: 'float32' }).reshape(2, 3);
    const cases: ErrorCase[] = [
      { label: 'reshape newshape (removed in NumPy 2.4)', expr: 'np.reshape(np.zeros(6), newshape=(6,))', run: () => call(cp.reshape, x(), [6], { newshape: [6] }),
        code: 'ERR_ARG', message: "reshape: unknown option 'newshape'; expected one of 'order', 'copy'" },
      { label: 'reshape order K', expr: "np.reshape(np.zeros(6), (6,), order='K')", run: () => cp.reshape(x(), [6], 'K'),
        code: 'ERR_ARG', message: "reshape: order 'K' is not permitted for reshaping" },
      { label: 'reshape copy=false that must copy', expr: 'np.reshape(np.zeros((2, 3)).T, (6,), copy=False)', run: () => cp.reshape(x().T, [6], { copy: false }),
        code: 'ERR_ARG', message: 'reshape: Unable to avoid creating a copy while reshaping (copy=false)' },
      { label: 'reshape bad order', expr: "np.reshape(np.zeros(6), (6,), order='X')", run: () => call(cp.reshape, x(), [6], 'X'),
        code: 'ERR_ARG', message: "reshape: expected order to be one of 'C', 'F', 'A', 'K', got 'X'" },
      { label: 'x.reshape() without a shape', expr: 'np.zeros(6).reshape()', run: () => call(x().reshape.bind(x())),
        code: 'ERR_ARG', message: "reshape: missing required argument 'shape'" },
      { label: 'x.reshape(2, [3])', expr: 'np.zeros(6).reshape(2, (3,))', run: () => call(x().reshape.bind(x()), 2, [3]),
        code: 'ERR_ARG', message: 'reshape: expected shape as integers or as one list of integers, got 2, an array of length 1' },
      { label: 'ravel extra argument', expr: "np.ravel(np.zeros(6), 'C', 1)", run: () => call(cp.ravel, x(), 'C', 1),
        code: 'ERR_ARG', message: 'ravel: expected at most 2 positional arguments and an options object, got 3' },
      { label: 'x.transpose(1, null)', expr: 'np.zeros((2, 3)).transpose(1, None)', run: () => call(x().transpose.bind(x()), 1, null),
        code: 'ERR_ARG', message: 'transpose: expected axes as integers or as one list of integers, got 1, null' },
      { label: 'atleast_2d of nothing (NumPy: an empty tuple)', expr: null, run: () => cp.atleast_2d(),
        code: 'ERR_ARG', message: 'atleast_2d: expected at least one array, got none' },
      { label: 'atleast_1d of an object', expr: null, run: () => call(cp.atleast_1d, { axis: 0 }),
        code: 'ERR_ARG', message: /^atleast_1d: expected arys to be an array .*, got an object$/ },
      { label: 'diagonal fractional offset', expr: 'np.diagonal(np.zeros((2, 3)), 1.5)', run: () => call(cp.diagonal, x(), 1.5),
        code: 'ERR_ARG', message: 'diagonal: expected offset to be an integer, got 1.5' },
      { label: 'diagonal axis out of range', expr: 'np.diagonal(np.zeros((2, 3)), 0, -3)', run: () => cp.diagonal(x(), 0, -3),
        code: 'ERR_AXIS', message: 'diagonal: axis -3 is out of bounds for array of dimension 2' },
      { label: 'rot90 unknown key', expr: 'np.rot90(np.zeros((2, 3)), axis=(0, 1))', run: () => call(cp.rot90, x(), { axis: [0, 1] }),
        code: 'ERR_ARG', message: "rot90: unknown option 'axis'; expected one of 'k', 'axes'" },
      { label: 'take bad mode', expr: "np.take(np.zeros(3), [0], mode='nope')", run: () => call(cp.take, x(), [0], { mode: 'nope' }),
        code: 'ERR_ARG', message: "take: expected mode to be one of 'raise', 'wrap', 'clip', got 'nope'" },
      { label: 'take out of the wrong shape', expr: 'np.take(np.zeros(3), [0, 1], out=np.zeros(3))', run: () => cp.take(x(), [0, 1], { out: cp.zeros([3], { dtype: 'float32' }) }),
        code: 'ERR_SHAPE', message: 'take: expected out to have shape (2,), got (3,)' },
      { label: 'take out that does not cast safely to the input', expr: null, // NumPy 2.4 raises; 2.5 casts unsafely
        run: () => cp.take(x(), [0], { out: cp.zeros([1], { dtype: 'int32' }) }),
        code: 'ERR_DTYPE', message: "take: Cannot cast array data from dtype('int32') to dtype('float32') according to the rule 'safe' (out must cast safely to the input's dtype)" },
      { label: 'take axis given twice', expr: 'np.take(np.zeros(3), [0], 0, axis=0)', run: () => call(cp.take, x(), [0], 0, { axis: 0 }),
        code: 'ERR_ARG', message: "take: got multiple values for argument 'axis'" },
      { label: 'take string indices', expr: null, run: () => call(cp.take, x(), 'abc'),
        code: 'ERR_ARG', message: 'take: expected indices to be integer indices (an NDArray, a number or a list of them), got \'abc\'' },
      { label: 'x.take unknown key', expr: 'np.zeros(3).take([0], axes=0)', run: () => call(x().take.bind(x()), [0], { axes: 0 }),
        code: 'ERR_ARG', message: "take: unknown option 'axes'; expected one of 'axis', 'out', 'mode'" },
      { label: 'put into a list', expr: null, run: () => call(cp.put, [1, 2], [0], 5),
        code: 'ERR_ARG', message: 'put: expected a to be an NDArray (it is written in place), got an array of length 2' },
      { label: 'compress condition a number', expr: 'np.compress(1, np.zeros(3))', run: () => call(cp.compress, 1, x()),
        code: 'ERR_ARG', message: 'compress: expected condition to be a 1-d array of booleans (an NDArray or a list), got 1' },
      { label: 'x.compress extra argument', expr: 'np.zeros(3).compress([True], 0, None, 1)', run: () => call(x().compress.bind(x()), [true], 0, null, 1),
        code: 'ERR_ARG', message: 'compress: expected at most 4 positional arguments and an options object, got 5' },
      { label: 'repeat string repeats', expr: "np.repeat(np.zeros(3), 'a')", run: () => call(cp.repeat, x(), 'a'),
        code: 'ERR_ARG', message: "repeat: expected repeats to be an integer or an array of integers, got 'a'" },
      { label: 'nonzero extra argument', expr: 'np.nonzero(np.zeros(3), 1)', run: () => call(cp.nonzero, x(), 1),
        code: 'ERR_ARG', message: 'nonzero: expected at most 1 positional argument, got 2' },
      { label: 'where with x only', expr: 'np.where(np.zeros(3) > 0, 1)', run: () => call(cp.where, x(), 1),
        code: 'ERR_ARG', message: 'where: either both or neither of x and y should be given (got 2 arguments)' },
      { label: 'hstack casting no', expr: "np.hstack((np.zeros(2, np.float32), np.zeros(2, np.int8)), casting='no')",
        run: () => cp.hstack([cp.zeros([2], { dtype: 'float32' }), cp.zeros([2], { dtype: 'int8' })], { casting: 'no' }),
        code: 'ERR_DTYPE', message: "hstack: Cannot cast array data from dtype('int8') to dtype('float32') according to the rule 'no'" },
      { label: 'vstack unknown casting', expr: "np.vstack((np.zeros(2),), casting='nope')", run: () => call(cp.vstack, [x()], { casting: 'nope' }),
        code: 'ERR_ARG', message: "vstack: expected casting to be one of 'no', 'equiv', 'safe', 'same_kind', 'unsafe', got 'nope'" },
      { label: 'dstack keyword it lacks', expr: "np.dstack((np.zeros(2),), dtype='f4')", run: () => call(cp.dstack, [x()], { dtype: 'float32' }),
        code: 'ERR_ARG', message: 'dstack: expected at most 1 positional argument, got 2' },
      { label: 'hsplit axis it lacks', expr: 'np.hsplit(np.zeros((2, 4)), 2, 1)', run: () => call(cp.hsplit, x(), 3, 1),
        code: 'ERR_ARG', message: 'hsplit: expected at most 2 positional arguments, got 3' },
      { label: 'pad function mode', expr: null, run: () => call(cp.pad, x(), 1, () => 0),
        code: 'ERR_UNSUPPORTED', message: /^pad: a function as mode is not supported yet/ },
      { label: 'pad kwarg of another mode', expr: "np.pad(np.zeros(3), 1, 'constant', reflect_type='odd')", run: () => cp.pad(x(), 1, 'constant', { reflect_type: 'odd' }),
        code: 'ERR_ARG', message: "pad: unsupported keyword arguments for mode 'constant': reflect_type" },
      { label: 'pad unknown kwarg', expr: "np.pad(np.zeros(3), 1, 'edge', foo=1)", run: () => call(cp.pad, x(), 1, 'edge', { foo: 1 }),
        code: 'ERR_ARG', message: "pad: unknown option 'foo'; expected one of 'mode', 'constant_values', 'end_values', 'stat_length', 'reflect_type'" },
    ];
    checkErrors(cases);
  });
});

describeCompilesEveryKernel(cudaSources, HAS_NVRTC, 30);
