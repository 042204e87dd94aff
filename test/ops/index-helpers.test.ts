// The index helpers against NumPy: tril/triu/diag indices (and *_from), unravel_index,
// ravel_multi_index, ix_, select, choose, extract, and the in-place fill_diagonal, putmask and
// place (through views, and keeping lazy arrays made before the write), over dtypes, negative
// and empty cases, and every refused call. Every kernel built here is compiled with NVRTC at the end.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, toDevice } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { checkCases, checkErrors, type ErrorCase, type ValueCase } from '../helpers/numpy-cases.js';
import { compileAll } from '../helpers/nvrtc-batch.js';
import { randomArray, type DTypeName } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

const DTYPES: DTypeName[] = ['bool', 'int8', 'uint8', 'int16', 'int32', 'int64', 'uint64', 'float16', 'float32', 'float64'];
const INT_DTYPES: DTypeName[] = ['int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64'];
let seed = 500;
const rand = (dtype: DTypeName, shape: number[], low?: number, high?: number) =>
  randomArray(dtype, shape, seed++, low === undefined ? {} : { low, high });

/** NumPy's in-place call `call` (over `x`, a copy of `a`), giving the written array. */
const inPlace = (call: string) => `(lambda x: (${call}, x)[1])(a.copy())`;

describe('triangle and diagonal indices', () => {
  it('tril_indices, triu_indices and their _from forms, diag_indices', () => {
    const m = rand('float32', [3, 5]);
    const cube = rand('int8', [3, 3, 3]);
    const cases: ValueCase[] = [];
    for (const [n, k, mm] of [[4, 0, null], [3, 1, 4], [3, -1, null], [4, -2, 2], [0, 0, null], [-1, 0, null], [3, 5, null], [2, -5, 3]] as const) {
      const args = `${n}, ${k}${mm === null ? '' : `, ${mm}`}`;
      cases.push(
        { label: `tril_indices(${args})`, expr: `np.tril_indices(${args})`, run: () => cp.tril_indices(n, k, mm) },
        { label: `triu_indices(${args})`, expr: `np.triu_indices(${args})`, run: () => cp.triu_indices(n, k, mm) },
      );
    }
    cases.push(
      { label: 'tril_indices options', expr: 'np.tril_indices(3, m=2)', run: () => cp.tril_indices(3, { m: 2 }) },
      { label: 'tril_indices_from', expr: 'np.tril_indices_from(m, -1)', inputs: { m }, run: () => cp.tril_indices_from(toDevice(m), -1) },
      { label: 'triu_indices_from', expr: 'np.triu_indices_from(m, k=2)', inputs: { m }, run: () => cp.triu_indices_from(toDevice(m), { k: 2 }) },
      { label: 'diag_indices', expr: 'np.diag_indices(4)', run: () => cp.diag_indices(4) },
      { label: 'diag_indices ndim 3', expr: 'np.diag_indices(2, 3)', run: () => cp.diag_indices(2, 3) },
      { label: 'diag_indices 0', expr: 'np.diag_indices(0)', run: () => cp.diag_indices(0) },
      { label: 'diag_indices_from', expr: 'np.diag_indices_from(c)', inputs: { c: cube }, run: () => cp.diag_indices_from(toDevice(cube)) },
      { label: 'indexing with tril_indices', expr: 'm[np.tril_indices(3, 1, 5)]', inputs: { m }, run: () => toDevice(m).get(cp.tril_indices(3, 1, 5)) },
    );
    checkCases(cases);
  });
});

describe('unravel_index and ravel_multi_index', () => {
  it('unravel_index over integer dtypes, both orders, 0-d and empty', () => {
    const cases: ValueCase[] = [];
    for (const d of INT_DTYPES) {
      const i = rand(d, [2, 3], 0, 23);
      cases.push(
        { label: `${d} C`, expr: 'np.unravel_index(i, (2, 3, 4))', inputs: { i }, run: () => cp.unravel_index(toDevice(i), [2, 3, 4]) },
        { label: `${d} F`, expr: "np.unravel_index(i, (4, 6), order='F')", inputs: { i }, run: () => cp.unravel_index(toDevice(i), [4, 6], 'F') },
      );
    }
    const e = rand('int64', [0]);
    const s = rand('int32', [], 0, 5);
    cases.push(
      { label: 'JS list', expr: 'np.unravel_index([22, 41, 37], (7, 6))', run: () => cp.unravel_index([22, 41, 37], [7, 6]) },
      { label: 'JS scalar', expr: 'np.unravel_index(1621, (6, 7, 8, 9))', run: () => cp.unravel_index(1621, [6, 7, 8, 9]) },
      { label: '0-d', expr: 'np.unravel_index(s, (2, 3))', inputs: { s }, run: () => cp.unravel_index(toDevice(s), [2, 3]) },
      { label: 'empty', expr: 'np.unravel_index(e, (2, 3))', inputs: { e }, run: () => cp.unravel_index(toDevice(e), [2, 3]) },
      { label: 'lazy input', expr: 'np.unravel_index(np.arange(6) * 2, (3, 4))', run: () => cp.unravel_index(cp.arange(6).mul(2), [3, 4]) },
      { label: 'order option', expr: "np.unravel_index([5], (2, 3), order='F')", run: () => cp.unravel_index([5], [2, 3], { order: 'F' }) },
      { label: 'shape ()', expr: 'np.unravel_index(0, ())', run: () => cp.unravel_index(0, []) },
    );
    checkCases(cases);
  });

  it('ravel_multi_index with modes, orders and broadcasting', () => {
    const r = rand('int32', [4], 0, 2);
    const c = rand('int16', [4], 0, 4);
    const rw = rand('int64', [2, 3], -9, 9);
    const cw = rand('int8', [3], -9, 9);
    const cases: ValueCase[] = [
      { label: 'C', expr: 'np.ravel_multi_index((r, c), (3, 5))', inputs: { r, c }, run: () => cp.ravel_multi_index([toDevice(r), toDevice(c)], [3, 5]) },
      { label: 'F', expr: "np.ravel_multi_index((r, c), (3, 5), order='F')", inputs: { r, c }, run: () => cp.ravel_multi_index([toDevice(r), toDevice(c)], [3, 5], 'raise', 'F') },
      { label: 'wrap, broadcast', expr: "np.ravel_multi_index((rw, cw), (4, 5), mode='wrap')", inputs: { rw, cw }, run: () => cp.ravel_multi_index([toDevice(rw), toDevice(cw)], [4, 5], 'wrap') },
      { label: 'clip', expr: "np.ravel_multi_index((rw, cw), (4, 5), mode='clip')", inputs: { rw, cw }, run: () => cp.ravel_multi_index([toDevice(rw), toDevice(cw)], [4, 5], { mode: 'clip' }) },
      { label: 'modes per axis', expr: "np.ravel_multi_index((rw, cw), (4, 5), mode=('clip', 'wrap'))", inputs: { rw, cw }, run: () => cp.ravel_multi_index([toDevice(rw), toDevice(cw)], [4, 5], ['clip', 'wrap']) },
      { label: 'JS lists', expr: 'np.ravel_multi_index([[3, 6, 6], [4, 5, 1]], (7, 6))', run: () => cp.ravel_multi_index([[3, 6, 6], [4, 5, 1]], [7, 6]) },
      { label: 'JS scalars', expr: 'np.ravel_multi_index((3, 1, 4, 1), (6, 7, 8, 9))', run: () => cp.ravel_multi_index([3, 1, 4, 1], [6, 7, 8, 9]) },
      { label: 'an array of rows', expr: 'np.ravel_multi_index(np.array([[1, 0], [2, 4]]), (3, 5))', run: () => cp.ravel_multi_index(cp.array([[1, 0], [2, 4]]), [3, 5]) },
      { label: 'round trip', expr: 'np.ravel_multi_index(np.unravel_index(np.arange(24), (2, 3, 4)), (2, 3, 4))',
        run: () => cp.ravel_multi_index(cp.unravel_index(cp.arange(24), [2, 3, 4]), [2, 3, 4]) },
    ];
    checkCases(cases);
  });
});

describe('ix_, select, choose, extract', () => {
  it('ix_ builds open meshes (booleans as their indices)', () => {
    const a = rand('float64', [3, 4, 2]);
    const i = rand('int32', [2], 0, 2);
    const cases: ValueCase[] = [
      { label: 'two lists', expr: 'np.ix_([0, 2], [1, 3])', run: () => cp.ix_([0, 2], [1, 3]) },
      { label: 'bool and array', expr: 'np.ix_([True, False, True], i, [1])', inputs: { i }, run: () => cp.ix_([true, false, true], toDevice(i), [1]) },
      { label: 'empty list', expr: 'np.ix_([], [1])', run: () => cp.ix_([], [1]) },
      { label: 'none', expr: 'list(np.ix_())', run: () => cp.ix_() },
      { label: 'as an index', expr: 'a[np.ix_([2, 0], [3, 1, 1], [True, False])]', inputs: { a },
        run: () => toDevice(a).get(cp.ix_([2, 0], [3, 1, 1], [true, false])) },
    ];
    checkCases(cases);
  });

  it('select over dtypes, broadcasting, weak scalars and a default array', () => {
    const cases: ValueCase[] = [];
    for (const d of DTYPES) {
      const x = rand(d, [3, 4]);
      const y = rand(d, [4]);
      const c1 = rand('bool', [3, 4]);
      const c2 = rand('bool', [4]);
      cases.push({ label: `${d}`, expr: 'np.select([c1, c2], [x, y])', inputs: { x, y, c1, c2 }, run: () => cp.select([toDevice(c1), toDevice(c2)], [toDevice(x), toDevice(y)]) });
    }
    const x = rand('int8', [5]);
    const f = rand('float32', [5]);
    const c = rand('bool', [5]);
    const dflt = rand('float16', [5]);
    cases.push(
      { label: 'weak scalar default', expr: 'np.select([c], [x], 7)', inputs: { x, c }, run: () => cp.select([toDevice(c)], [toDevice(x)], 7) },
      { label: 'float default promotes', expr: 'np.select([c], [x], 1.5)', inputs: { x, c }, run: () => cp.select([toDevice(c)], [toDevice(x)], 1.5) },
      { label: 'array default', expr: 'np.select([c, ~c], [x, f], d)', inputs: { x, f, c, d: dflt }, run: () => cp.select([toDevice(c), toDevice(c).logical_not()], [toDevice(x), toDevice(f)], toDevice(dflt)) },
      { label: 'scalar choices', expr: 'np.select([c, x > 0], [1, 2.5])', inputs: { x, c }, run: () => cp.select([toDevice(c), toDevice(x).gt(0)], [1, 2.5]) },
      { label: 'JS conditions', expr: 'np.select([[True, False, False, True, False]], [x], default=-1)', inputs: { x }, run: () => cp.select([[true, false, false, true, false]], [toDevice(x)], { default: -1 }) },
      { label: 'empty', expr: 'np.select([np.zeros(0, bool)], [np.zeros(0)])', run: () => cp.select([cp.zeros([0], { dtype: 'bool' })], [cp.zeros([0])]) },
    );
    checkCases(cases);
  });

  it('choose in every mode, over dtypes, with broadcasting', () => {
    const cases: ValueCase[] = [];
    for (const d of DTYPES) {
      const a = rand('int32', [3, 4], 0, 2);
      const c0 = rand(d, [3, 4]);
      const c1 = rand(d, [4]);
      const c2 = rand(d, []);
      cases.push({ label: `${d}`, expr: 'np.choose(a, [c0, c1, c2])', inputs: { a, c0, c1, c2 }, run: () => cp.choose(toDevice(a), [toDevice(c0), toDevice(c1), toDevice(c2)]) });
    }
    const w = rand('int64', [6], -7, 7);
    const i8 = rand('int8', [6]);
    const u8 = rand('uint8', [6]);
    const ch = rand('float32', [3, 6]);
    cases.push(
      { label: 'wrap', expr: "np.choose(w, [i8, u8, i8 * 2], mode='wrap')", inputs: { w, i8, u8 }, run: () => cp.choose(toDevice(w), [toDevice(i8), toDevice(u8), toDevice(i8).mul(2)], 'wrap') },
      { label: 'clip', expr: "np.choose(w, [i8, u8], mode='clip')", inputs: { w, i8, u8 }, run: () => cp.choose(toDevice(w), [toDevice(i8), toDevice(u8)], { mode: 'clip' }) },
      { label: 'choices as one array', expr: "np.choose(w, ch, mode='wrap')", inputs: { w, ch }, run: () => cp.choose(toDevice(w), toDevice(ch), 'wrap') },
      { label: 'JS lists', expr: 'np.choose([0, 1, 1], [[1, 2, 3], [4.5, 5, 6]])', run: () => cp.choose([0, 1, 1], [[1, 2, 3], [4.5, 5, 6]]) },
      { label: 'method', expr: 'np.array([[1, 0], [0, 1]]).choose([[10, 20], [30, 40]])', run: () => cp.array([[1, 0], [0, 1]]).choose([[10, 20], [30, 40]]) },
    );
    checkCases(cases);
  });

  it('extract', () => {
    const a = rand('float16', [3, 4]);
    const c = rand('bool', [3, 4]);
    const i = rand('int16', [12], -1, 1);
    const cases: ValueCase[] = [
      { label: 'bool condition', expr: 'np.extract(c, a)', inputs: { a, c }, run: () => cp.extract(toDevice(c), toDevice(a)) },
      { label: 'int condition, other shape', expr: 'np.extract(i, a)', inputs: { a, i }, run: () => cp.extract(toDevice(i), toDevice(a)) },
      { label: 'lazy condition', expr: 'np.extract(np.mod(np.arange(12), 3) == 0, a)', inputs: { a }, run: () => cp.extract(cp.arange(12).mod(3).eq(0), toDevice(a)) },
      { label: 'nothing', expr: 'np.extract(np.zeros(12, bool), a)', inputs: { a }, run: () => cp.extract(cp.zeros([12], { dtype: 'bool' }), toDevice(a)) },
    ];
    checkCases(cases);
  });
});

describe('in place: fill_diagonal, putmask, place', () => {
  it('fill_diagonal over shapes, wrap and repeated values', () => {
    const cases: ValueCase[] = [];
    for (const d of DTYPES) {
      const a = rand(d, [4, 4]);
      cases.push({ label: `${d}`, expr: inPlace('np.fill_diagonal(x, 1)'), inputs: { a }, run: () => { const x = toDevice(a); cp.fill_diagonal(x, 1); return x; } });
    }
    const tall = rand('float32', [7, 3]);
    const cube = rand('int16', [3, 3, 3]);
    const wide = rand('int32', [2, 5]);
    const v = rand('float32', [2]);
    cases.push(
      { label: 'tall', expr: inPlace('np.fill_diagonal(x, 5)'), inputs: { a: tall }, run: () => { const x = toDevice(tall); cp.fill_diagonal(x, 5); return x; } },
      { label: 'tall wrap', expr: inPlace('np.fill_diagonal(x, 5, wrap=True)'), inputs: { a: tall }, run: () => { const x = toDevice(tall); cp.fill_diagonal(x, 5, true); return x; } },
      { label: 'cube', expr: inPlace('np.fill_diagonal(x, -3)'), inputs: { a: cube }, run: () => { const x = toDevice(cube); cp.fill_diagonal(x, -3); return x; } },
      { label: 'wide, values repeated', expr: inPlace('np.fill_diagonal(x, [7, 8, 9])'), inputs: { a: wide }, run: () => { const x = toDevice(wide); cp.fill_diagonal(x, [7, 8, 9]); return x; } },
      { label: 'array values', expr: inPlace('np.fill_diagonal(x, v, wrap=True)'), inputs: { a: tall, v }, run: () => { const x = toDevice(tall); cp.fill_diagonal(x, toDevice(v), { wrap: true }); return x; } },
      { label: 'transposed view', expr: '(lambda y: (np.fill_diagonal(y.T, 2), y)[1])(a.copy())', inputs: { a: wide },
        run: () => { const x = toDevice(wide); cp.fill_diagonal(x.T, 2); return x; } },
    );
    checkCases(cases);
  });

  it('putmask over dtypes, repeated values, float values into ints', () => {
    const cases: ValueCase[] = [];
    for (const d of DTYPES) {
      const a = rand(d, [3, 4]);
      const m = rand('bool', [3, 4]);
      const v = rand(d, [5]);
      cases.push({ label: `${d}`, expr: inPlace('np.putmask(x, m, v)'), inputs: { a, m, v }, run: () => { const x = toDevice(a); cp.putmask(x, toDevice(m), toDevice(v)); return x; } });
    }
    const a = rand('int32', [2, 3]);
    const m = rand('bool', [6]);
    const s16 = rand('int16', [4]);
    cases.push(
      { label: 'scalar', expr: inPlace('np.putmask(x, x > 0, -1)'), inputs: { a }, run: () => { const x = toDevice(a); cp.putmask(x, x.gt(0), -1); return x; } },
      { label: 'JS floats truncated', expr: inPlace('np.putmask(x, m.reshape(2, 3), [1.5, -2.7])'), inputs: { a, m }, run: () => { const x = toDevice(a); cp.putmask(x, toDevice(m), [1.5, -2.7]); return x; } },
      { label: 'int16 array into int32', expr: inPlace('np.putmask(x, m.reshape(2, 3), s)'), inputs: { a, m, s: s16 }, run: () => { const x = toDevice(a); cp.putmask(x, toDevice(m), toDevice(s16)); return x; } },
      { label: 'empty values', expr: inPlace('np.putmask(x, m.reshape(2, 3), [])'), inputs: { a, m }, run: () => { const x = toDevice(a); cp.putmask(x, toDevice(m), []); return x; } },
      { label: 'into a view', expr: '(lambda y: (np.putmask(y[:, ::-2], [[True, False], [False, True]], [10, 20]), y)[1])(a.copy())', inputs: { a },
        run: () => { const x = toDevice(a); cp.putmask(x.get(':, ::-2'), [[true, false], [false, true]], [10, 20]); return x; } },
    );
    checkCases(cases);
  });

  it('place over dtypes, values in mask order, repeated', () => {
    const cases: ValueCase[] = [];
    for (const d of DTYPES) {
      const a = rand(d, [3, 4]);
      const m = rand('bool', [3, 4]);
      const v = rand(d, [3]);
      cases.push({ label: `${d}`, expr: inPlace('np.place(x, m, v)'), inputs: { a, m, v }, run: () => { const x = toDevice(a); cp.place(x, toDevice(m), toDevice(v)); return x; } });
    }
    const a = rand('float32', [2, 5]);
    cases.push(
      { label: 'scalar', expr: inPlace('np.place(x, x < 0, 0)'), inputs: { a }, run: () => { const x = toDevice(a); cp.place(x, x.lt(0), 0); return x; } },
      { label: 'JS values', expr: inPlace('np.place(x, x > 0, [1, 2, 3])'), inputs: { a }, run: () => { const x = toDevice(a); cp.place(x, x.gt(0), [1, 2, 3]); return x; } },
      { label: 'empty values, empty mask', expr: inPlace('np.place(x, np.zeros(10, bool), [])'), inputs: { a }, run: () => { const x = toDevice(a); cp.place(x, cp.zeros([10], { dtype: 'bool' }), []); return x; } },
      { label: 'into a transposed view', expr: '(lambda y: (np.place(y.T, y.T > 0, [9, 8]), y)[1])(a.copy())', inputs: { a },
        run: () => { const x = toDevice(a); cp.place(x.T, x.T.gt(0), [9, 8]); return x; } },
    );
    checkCases(cases);
  });

  it('keep lazy arrays made before the write, and write through views into their base', () => {
    const x = cp.arange(6).reshape(2, 3).eval();
    const before = x.mul(10);
    const view = x.get('1');
    cp.putmask(x, x.gt(3), 0);
    cp.place(x, x.eq(1), [-1]);
    cp.fill_diagonal(x, 7);
    expect(before.tolist()).toEqual([[0, 10, 20], [30, 40, 50]]);
    expect(view.tolist()).toEqual([3, 7, 0]);
    expect(x.tolist()).toEqual([[7, -1, 2], [3, 7, 0]]);
  });
});

describe('refused calls', () => {
  it('throw a CupytsError naming the function', () => {
    const f = rand('float32', [3]);
    const i = rand('int32', [3], 0, 2);
    const u = rand('uint64', [2], 0, 2);
    const cases: ErrorCase[] = [
      { label: 'tril_indices float n', expr: null, run: () => (cp.tril_indices as any)(2.5), code: 'ERR_ARG', message: 'tril_indices: expected n to be an integer, got 2.5' },
      { label: 'triu_indices unknown option', expr: null, run: () => (cp.triu_indices as any)(3, { K: 1 }), code: 'ERR_ARG', message: /^triu_indices: unknown option 'K'/ },
      { label: 'tril_indices_from 1-D', expr: 'np.tril_indices_from(f)', inputs: { f }, run: () => cp.tril_indices_from(toDevice(f)), code: 'ERR_SHAPE', message: /^tril_indices_from: input array must be 2-d/ },
      { label: 'diag_indices_from unequal', expr: 'np.diag_indices_from(np.zeros((2, 3)))', run: () => cp.diag_indices_from(cp.zeros([2, 3])), code: 'ERR_SHAPE', message: /^diag_indices_from: All dimensions/ },
      { label: 'unravel_index too big', expr: 'np.unravel_index([1, 6], (2, 3))', run: () => cp.unravel_index([1, 6], [2, 3]), code: 'ERR_INDEX', message: 'unravel_index: index 6 is out of bounds for array with size 6' },
      { label: 'unravel_index negative', expr: 'np.unravel_index(-1, (2, 3))', run: () => cp.unravel_index(-1, [2, 3]), code: 'ERR_INDEX', message: 'unravel_index: index -1 is out of bounds for array with size 6' },
      { label: 'unravel_index floats', expr: 'np.unravel_index(f, (2, 3))', inputs: { f }, run: () => cp.unravel_index(toDevice(f), [2, 3]), code: 'ERR_DTYPE', message: 'unravel_index: only int indices permitted, got float32' },
      { label: 'choose uint64', expr: 'np.choose(u, [u, u])', inputs: { u }, run: () => cp.choose(toDevice(u), [toDevice(u), toDevice(u)]), code: 'ERR_DTYPE', message: 'choose: only int indices permitted, got uint64' },
      { label: 'putmask unsafe array', expr: 'np.putmask(np.zeros(3, np.int32), [True, False, True], f)', inputs: { f },
        run: () => cp.putmask(cp.zeros([3], { dtype: 'int32' }), [true, false, true], toDevice(f)), code: 'ERR_DTYPE', message: "putmask: Cannot cast array data from dtype('float32') to dtype('int32') according to the rule 'safe'" },
      { label: 'place unsafe array', expr: 'np.place(np.zeros(3, np.int8), [True, False, True], i)', inputs: { i },
        run: () => cp.place(cp.zeros([3], { dtype: 'int8' }), [true, false, true], toDevice(i)), code: 'ERR_DTYPE', message: /^place: Cannot cast array data from dtype\('int32'\)/ },
      { label: 'unravel_index order', expr: "np.unravel_index(1, (2, 3), order='K')", run: () => (cp.unravel_index as any)(1, [2, 3], 'K'), code: 'ERR_ARG', message: /^unravel_index: expected order to be one of 'C', 'F'/ },
      { label: 'ravel_multi_index out of range', expr: 'np.ravel_multi_index([[1, 2], [0, 5]], (2, 3))', run: () => cp.ravel_multi_index([[1, 2], [0, 5]], [2, 3]), code: 'ERR_INDEX', message: 'ravel_multi_index: invalid entry in coordinates array' },
      { label: 'ravel_multi_index length', expr: 'np.ravel_multi_index([[1], [0], [0]], (2, 3))', run: () => cp.ravel_multi_index([[1], [0], [0]], [2, 3]), code: 'ERR_ARG', message: /^ravel_multi_index: parameter multi_index must be a sequence of length 2/ },
      { label: 'ravel_multi_index mode', expr: "np.ravel_multi_index([1, 0], (2, 3), mode='foo')", run: () => (cp.ravel_multi_index as any)([1, 0], [2, 3], 'foo'), code: 'ERR_ARG', message: /^ravel_multi_index: expected mode to be/ },
      { label: 'ravel_multi_index floats', expr: 'np.ravel_multi_index([[1.0], [0]], (2, 3))', run: () => cp.ravel_multi_index([[1.5], [0]], [2, 3]), code: 'ERR_DTYPE', message: /^ravel_multi_index: only int indices permitted/ },
      { label: 'ix_ 2-D', expr: 'np.ix_([[1, 2]])', run: () => cp.ix_([[1, 2]]), code: 'ERR_SHAPE', message: /^ix_: Cross index must be 1 dimensional/ },
      { label: 'ix_ options', expr: null, run: () => (cp.ix_ as any)([1], { sparse: true }), code: 'ERR_ARG', message: /^ix_: expected args to be an array/ },
      { label: 'select lengths', expr: 'np.select([i > 0], [i, i])', inputs: { i }, run: () => cp.select([toDevice(i).gt(0)], [toDevice(i), toDevice(i)]), code: 'ERR_ARG', message: /^select: list of cases must be same length/ },
      { label: 'select empty', expr: 'np.select([], [])', run: () => cp.select([], []), code: 'ERR_ARG', message: 'select: select with an empty condition list is not possible' },
      { label: 'select non-bool', expr: 'np.select([i], [i])', inputs: { i }, run: () => cp.select([toDevice(i)], [toDevice(i)]), code: 'ERR_DTYPE', message: /^select: invalid entry 0 in condlist: should be boolean ndarray/ },
      { label: 'choose out of range', expr: 'np.choose([0, 2], [[1, 2], [3, 4]])', run: () => cp.choose([0, 2], [[1, 2], [3, 4]]), code: 'ERR_INDEX', message: 'choose: invalid entry in choice array' },
      { label: 'choose float indices', expr: 'np.choose(f, [f, f])', inputs: { f }, run: () => cp.choose(toDevice(f), [toDevice(f), toDevice(f)]), code: 'ERR_DTYPE', message: /^choose: only int indices permitted/ },
      { label: 'choose mode', expr: "np.choose([0], [[1]], mode='foo')", run: () => (cp.choose as any)([0], [[1]], 'foo'), code: 'ERR_ARG', message: /^choose: expected mode to be one of 'raise', 'wrap', 'clip'/ },
      { label: 'choose out of another shape', expr: 'np.choose([0, 1], [[1, 2], [3, 4]], out=np.zeros(3, np.int64))', run: () => cp.choose([0, 1], [[1, 2], [3, 4]], { out: cp.zeros([3], { dtype: 'int64' }) }),
        code: 'ERR_SHAPE', message: 'choose: invalid shape for output array (expected (2,), got (3,))' },
      { label: 'choose out a list', expr: 'np.choose([0], [[1]], out=[0])', run: () => (cp.choose as any)([0], [[1]], { out: [0] }), code: 'ERR_ARG', message: /^choose: expected out to be/ },
      { label: 'extract out of range', expr: 'np.extract([1, 0, 0, 1], [1, 2, 3])', run: () => cp.extract([1, 0, 0, 1], [1, 2, 3]), code: 'ERR_INDEX', message: /^extract: index 3 is out of bounds/ },
      { label: 'fill_diagonal 1-D', expr: 'np.fill_diagonal(np.zeros(3), 1)', run: () => cp.fill_diagonal(cp.zeros([3]), 1), code: 'ERR_SHAPE', message: /^fill_diagonal: array must be at least 2-d/ },
      { label: 'fill_diagonal unequal', expr: 'np.fill_diagonal(np.zeros((2, 3, 3)), 1)', run: () => cp.fill_diagonal(cp.zeros([2, 3, 3]), 1), code: 'ERR_SHAPE', message: 'fill_diagonal: All dimensions of input must be of equal length' },
      { label: 'fill_diagonal JS data', expr: null, run: () => (cp.fill_diagonal as any)([[1, 2], [3, 4]], 1), code: 'ERR_ARG', message: /^fill_diagonal: expected a to be an NDArray/ },
      { label: 'putmask sizes', expr: 'np.putmask(np.zeros(3), [True, False], [1])', run: () => cp.putmask(cp.zeros([3]), [true, false], [1]), code: 'ERR_SHAPE', message: /^putmask: mask and data must be the same size/ },
      { label: 'place empty values', expr: 'np.place(np.zeros(3), [True, False, True], [])', run: () => cp.place(cp.zeros([3]), [true, false, true], []), code: 'ERR_ARG', message: 'place: Cannot insert from an empty array!' },
      { label: 'place extra argument', expr: null, run: () => (cp.place as any)(cp.zeros([3]), [true, false, true], [1], 2), code: 'ERR_ARG', message: /^place: expected at most 3 positional arguments/ },
    ];
    checkErrors(cases);
  });
});

describe.skipIf(!HAS_NVRTC)('NVRTC', () => {
  it('compiles every kernel the tests above ran', () => {
    const { kernels } = compileAll([...cudaSources.values()]);
    expect(kernels).toBeGreaterThan(20);
  }, 600_000);
});


