// Joining and splitting against NumPy: concatenate, stack, hstack, vstack, dstack, column_stack,
// split, array_split, hsplit, vsplit, dsplit, over dtypes, mixed-dtype promotion, negative axes,
// empty and zero-length pieces, 0-d and JS inputs, transposed, reversed and lazy inputs, and
// every error at the call. Every kernel built here is compiled with NVRTC at the end.
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
let seed = 1;
const rand = (dtype: DTypeName, shape: number[]) => randomArray(dtype, shape, seed++);

describe('concatenate', () => {
  it('joins along each axis for every dtype, axis=None flattening', () => {
    const cases: ValueCase[] = [];
    for (const d of DTYPES) {
      const a = rand(d, [2, 3]);
      const b = rand(d, [2, 4]);
      const c = rand(d, [1, 3]);
      const v = rand(d, [5]);
      cases.push(
        { label: `${d} axis 1`, expr: 'np.concatenate([a, b], axis=1)', inputs: { a, b }, run: () => cp.concatenate([toDevice(a), toDevice(b)], 1) },
        { label: `${d} axis -1`, expr: 'np.concatenate([b, a, b], axis=-1)', inputs: { a, b }, run: () => cp.concatenate([toDevice(b), toDevice(a), toDevice(b)], -1) },
        { label: `${d} axis 0`, expr: 'np.concatenate([a, c, a])', inputs: { a, c }, run: () => cp.concatenate([toDevice(a), toDevice(c), toDevice(a)]) },
        { label: `${d} axis -2`, expr: 'np.concatenate([c, a], axis=-2)', inputs: { a, c }, run: () => cp.concatenate([toDevice(c), toDevice(a)], -2) },
        { label: `${d} axis None`, expr: 'np.concatenate([a, v, c], axis=None)', inputs: { a, v, c }, run: () => cp.concatenate([toDevice(a), toDevice(v), toDevice(c)], null) },
        { label: `${d} one array`, expr: 'np.concatenate([a])', inputs: { a }, run: () => cp.concatenate([toDevice(a)]) },
      );
    }
    checkCases(cases);
  });

  it('promotes mixed dtypes as NumPy result_type', () => {
    const pairs: Array<DTypeName[]> = [
      ['int8', 'uint8'], ['int64', 'uint64'], ['bool', 'int8'], ['float16', 'int8'], ['float16', 'uint16'], ['int32', 'float32'],
      ['uint32', 'int8'], ['bool', 'uint8', 'float16'], ['uint64', 'float16'], ['bool', 'float64'], ['int16', 'uint8', 'bool'],
    ];
    const cases: ValueCase[] = pairs.map((ds) => {
      const inputs = Object.fromEntries(ds.map((d, i) => [`x${i}`, rand(d, [2, i + 1])]));
      const names = Object.keys(inputs);
      return {
        label: ds.join('+'),
        expr: `np.concatenate([${names.join(', ')}], axis=1)`,
        inputs,
        run: () => cp.concatenate(names.map((n) => toDevice(inputs[n])), 1),
      };
    });
    const i8 = rand('int8', [4]);
    const f64 = rand('float64', [3]);
    const i64 = rand('int64', [3]);
    cases.push(
      { label: 'dtype option', expr: 'np.concatenate([a, b], dtype=np.float32)', inputs: { a: i8, b: f64 }, run: () => cp.concatenate([toDevice(i8), toDevice(f64)], 0, { dtype: 'float32' }) },
      { label: 'dtype option narrowing within kind', expr: 'np.concatenate([a, a], dtype=np.int16)', inputs: { a: i64 }, run: () => cp.concatenate([toDevice(i64), toDevice(i64)], 0, { dtype: 'int16' }) },
    );
    // JS data is an array of NumPy's default dtype (a strong int64 or float64, as np.asarray makes it).
    cases.push(
      { label: 'int8 with JS ints', expr: 'np.concatenate([a, [1, 2]])', inputs: { a: i8 }, run: () => cp.concatenate([toDevice(i8), [1, 2]]) },
      { label: 'JS lists only', expr: 'np.concatenate([[1.5, 2], [[3]][0]])', run: () => cp.concatenate([[1.5, 2], [3]]) },
      { label: 'JS booleans', expr: 'np.concatenate([[True], [False, True]])', run: () => cp.concatenate([[true], [false, true]]) },
    );
    checkCases(cases);
  });

  it('reads transposed, reversed, strided, broadcast and lazy inputs', () => {
    const a = rand('float32', [3, 4]);
    const b = rand('float32', [4, 3]);
    const i = rand('int16', [5, 4]);
    const cases: ValueCase[] = [
      { label: 'transposed', expr: 'np.concatenate([a, b.T])', inputs: { a, b }, run: () => cp.concatenate([toDevice(a), toDevice(b).T]) },
      { label: 'reversed', expr: 'np.concatenate([a[::-1, ::-1], b.T[:, ::-1]], axis=1)', inputs: { a, b }, run: () => cp.concatenate([toDevice(a).get('::-1, ::-1'), toDevice(b).T.get(':, ::-1')], 1) },
      { label: 'strided', expr: 'np.concatenate([i[::2], a[:, 1::2].astype(np.int16)[:, :1].repeat(4, 1)])', inputs: { i, a },
        run: () => cp.concatenate([toDevice(i).get('::2'), cp.broadcast_to(toDevice(a).get(':, 1:2').astype('int16'), [3, 4])]) },
      { label: 'lazy', expr: 'np.concatenate([np.sin(a) * np.float32(2), (b + np.float32(1)).T], axis=-1)', inputs: { a, b }, approx: true,
        run: () => cp.concatenate([cp.sin(toDevice(a)).mul(2), toDevice(b).add(1).T], -1) },
      { label: 'same array twice', expr: 'np.concatenate([a * np.float32(3), a * np.float32(3)], axis=1)', inputs: { a }, run: () => { const x = toDevice(a).mul(3); return cp.concatenate([x, x], 1); } },
      { label: 'broadcast view', expr: 'np.concatenate([np.broadcast_to(a[:1], (2, 4)), a])', inputs: { a }, run: () => cp.concatenate([cp.broadcast_to(toDevice(a).get(':1'), [2, 4]), toDevice(a)]) },
    ];
    checkCases(cases);
  });

  it('handles empty arrays and zero-length pieces', () => {
    const e03 = rand('float64', [0, 3]);
    const a23 = rand('float64', [2, 3]);
    const e20 = rand('int32', [2, 0]);
    const i23 = rand('int32', [2, 3]);
    const s = rand('uint8', []);
    const cases: ValueCase[] = [
      { label: 'zero rows first', expr: 'np.concatenate([e, a, e])', inputs: { e: e03, a: a23 }, run: () => cp.concatenate([toDevice(e03), toDevice(a23), toDevice(e03)]) },
      { label: 'zero columns', expr: 'np.concatenate([e, i, e], axis=1)', inputs: { e: e20, i: i23 }, run: () => cp.concatenate([toDevice(e20), toDevice(i23), toDevice(e20)], 1) },
      { label: 'all empty', expr: 'np.concatenate([e, e])', inputs: { e: e03 }, run: () => cp.concatenate([toDevice(e03), toDevice(e03)]) },
      { label: 'empty along the other axis', expr: 'np.concatenate([e, e], axis=1)', inputs: { e: e03 }, run: () => cp.concatenate([toDevice(e03), toDevice(e03)], 1) },
      { label: 'empty 1-D with data (promotes)', expr: 'np.concatenate([np.zeros(0), i.ravel()])', inputs: { i: i23 }, run: () => cp.concatenate([cp.zeros([0]), toDevice(i23)], null) },
      { label: '0-d with axis None', expr: 'np.concatenate([s, s], axis=None)', inputs: { s }, run: () => cp.concatenate([toDevice(s), toDevice(s)], null) },
    ];
    checkCases(cases);
  });
});

describe('stack and its shorthands', () => {
  it('stack along a new axis, every dtype and position', () => {
    const cases: ValueCase[] = [];
    for (const d of DTYPES) {
      const a = rand(d, [2, 3]);
      const b = rand(d, [2, 3]);
      for (const axis of [0, 1, 2, -1, -3]) {
        cases.push({ label: `${d} axis ${axis}`, expr: `np.stack([a, b, a], axis=${axis})`, inputs: { a, b }, run: () => cp.stack([toDevice(a), toDevice(b), toDevice(a)], axis) });
      }
    }
    const x = rand('int8', [4]);
    const y = rand('float16', [4]);
    const z = rand('uint16', [4]);
    const s = rand('float32', []);
    const t = rand('float32', []);
    const e = rand('int64', [0, 2]);
    cases.push(
      { label: 'mixed dtypes', expr: 'np.stack([x, y, z])', inputs: { x, y, z }, run: () => cp.stack([toDevice(x), toDevice(y), toDevice(z)]) },
      { label: 'reversed and lazy', expr: 'np.stack([x[::-1], x * 2], axis=1)', inputs: { x }, run: () => cp.stack([toDevice(x).get('::-1'), toDevice(x).mul(2)], 1) },
      { label: '0-d arrays', expr: 'np.stack([s, t])', inputs: { s, t }, run: () => cp.stack([toDevice(s), toDevice(t)]) },
      { label: 'JS numbers', expr: 'np.stack([1, 2.5, True])', run: () => cp.stack([1, 2.5, true]) },
      { label: 'empty arrays', expr: 'np.stack([e, e], axis=-1)', inputs: { e }, run: () => cp.stack([toDevice(e), toDevice(e)], -1) },
      { label: 'dtype option', expr: 'np.stack([x, x], dtype=np.float64)', inputs: { x }, run: () => cp.stack([toDevice(x), toDevice(x)], 0, { dtype: 'float64' }) },
    );
    checkCases(cases);
  });

  it('hstack, vstack, dstack and column_stack', () => {
    const v = rand('float32', [3]);
    const w = rand('int8', [2]);
    const m = rand('float32', [2, 3]);
    const mi = rand('int32', [2, 3]); // int → uint8 wraps in NumPy and CUDA alike (float → uint8 of negatives is undefined)
    const n = rand('float32', [2, 2]);
    const t = rand('uint8', [2, 3, 2]);
    const s = rand('int16', []);
    const cases: ValueCase[] = [
      { label: 'hstack 1-D', expr: 'np.hstack([v, w, v])', inputs: { v, w }, run: () => cp.hstack([toDevice(v), toDevice(w), toDevice(v)]) },
      { label: 'hstack 2-D', expr: 'np.hstack([m, n])', inputs: { m, n }, run: () => cp.hstack([toDevice(m), toDevice(n)]) },
      { label: 'hstack 0-d and 1-D', expr: 'np.hstack([s, w, s])', inputs: { s, w }, run: () => cp.hstack([toDevice(s), toDevice(w), toDevice(s)]) },
      { label: 'hstack JS numbers', expr: 'np.hstack([1, 2.5, 3])', run: () => cp.hstack([1, 2.5, 3]) },
      { label: 'hstack 3-D', expr: 'np.hstack([t, t[:, :1]])', inputs: { t }, run: () => cp.hstack([toDevice(t), toDevice(t).get(':, :1')]) },
      { label: 'vstack 1-D', expr: 'np.vstack([v, v[::-1]])', inputs: { v }, run: () => cp.vstack([toDevice(v), toDevice(v).get('::-1')]) },
      { label: 'vstack 1-D and 2-D', expr: 'np.vstack([m, v, m.T.T])', inputs: { m, v }, run: () => cp.vstack([toDevice(m), toDevice(v), toDevice(m)]) },
      { label: 'vstack 0-d', expr: 'np.vstack([s, s])', inputs: { s }, run: () => cp.vstack([toDevice(s), toDevice(s)]) },
      { label: 'dstack 1-D', expr: 'np.dstack([v, v])', inputs: { v }, run: () => cp.dstack([toDevice(v), toDevice(v)]) },
      { label: 'dstack 2-D and 3-D', expr: 'np.dstack([mi.astype(np.uint8), t])', inputs: { mi, t }, run: () => cp.dstack([toDevice(mi).astype('uint8'), toDevice(t)]) },
      { label: 'dstack 0-d', expr: 'np.dstack([s, s, s])', inputs: { s }, run: () => cp.dstack([toDevice(s), toDevice(s), toDevice(s)]) },
      { label: 'column_stack 1-D', expr: 'np.column_stack([v, v * 2])', inputs: { v }, run: () => cp.column_stack([toDevice(v), toDevice(v).mul(2)]) },
      { label: 'column_stack 1-D and 2-D', expr: 'np.column_stack([w, n, w[::-1]])', inputs: { w, n }, run: () => cp.column_stack([toDevice(w), toDevice(n), toDevice(w).get('::-1')]) },
      { label: 'column_stack 0-d', expr: 'np.column_stack([s, s])', inputs: { s }, run: () => cp.column_stack([toDevice(s), toDevice(s)]) },
    ];
    checkCases(cases);
  });
});

describe('split family', () => {
  it('splits into views by sections and by indices', () => {
    const a = rand('int32', [6, 4]);
    const b = rand('float16', [7]);
    const t = rand('uint64', [2, 4, 6]);
    const cases: ValueCase[] = [
      { label: 'split 3', expr: 'np.split(a, 3)', inputs: { a }, run: () => cp.split(toDevice(a), 3) },
      { label: 'split axis 1', expr: 'np.split(a, 2, axis=1)', inputs: { a }, run: () => cp.split(toDevice(a), 2, 1) },
      { label: 'split axis -1 by indices', expr: 'np.split(a, [1, 3], axis=-1)', inputs: { a }, run: () => cp.split(toDevice(a), [1, 3], -1) },
      { label: 'split negative and out of range', expr: 'np.split(b, [-2, 10])', inputs: { b }, run: () => cp.split(toDevice(b), [-2, 10]) },
      { label: 'split decreasing', expr: 'np.split(b, [4, 2, 2, 6])', inputs: { b }, run: () => cp.split(toDevice(b), [4, 2, 2, 6]) },
      { label: 'split no indices', expr: 'np.split(b, [])', inputs: { b }, run: () => cp.split(toDevice(b), []) },
      { label: 'split 1', expr: 'np.split(b, 1)', inputs: { b }, run: () => cp.split(toDevice(b), 1) },
      { label: 'array_split 7 into 3', expr: 'np.array_split(b, 3)', inputs: { b }, run: () => cp.array_split(toDevice(b), 3) },
      { label: 'array_split more sections than elements', expr: 'np.array_split(b, 9)', inputs: { b }, run: () => cp.array_split(toDevice(b), 9) },
      { label: 'array_split axis 2', expr: 'np.array_split(t, 4, axis=2)', inputs: { t }, run: () => cp.array_split(toDevice(t), 4, 2) },
      { label: 'split of a transposed array', expr: 'np.split(a.T[::-1], 2)', inputs: { a }, run: () => cp.split(toDevice(a).T.get('::-1'), 2) },
      { label: 'split of a lazy array', expr: 'np.split(a * 3, [2], axis=1)', inputs: { a }, run: () => cp.split(toDevice(a).mul(3), [2], 1) },
      { label: 'split of an empty axis', expr: 'np.split(np.zeros((0, 2)), 2)', run: () => cp.split(cp.zeros([0, 2]), 2) },
      { label: 'hsplit 1-D', expr: 'np.hsplit(b, [3])', inputs: { b }, run: () => cp.hsplit(toDevice(b), [3]) },
      { label: 'hsplit 2-D', expr: 'np.hsplit(a, 4)', inputs: { a }, run: () => cp.hsplit(toDevice(a), 4) },
      { label: 'vsplit', expr: 'np.vsplit(a, [1, 5])', inputs: { a }, run: () => cp.vsplit(toDevice(a), [1, 5]) },
      { label: 'dsplit', expr: 'np.dsplit(t, 3)', inputs: { t }, run: () => cp.dsplit(toDevice(t), 3) },
    ];
    checkCases(cases);
  });

  it('pieces are views: writing into one changes the array', () => {
    const a = cp.arange(6, undefined, undefined, { dtype: 'int32' }).reshape(2, 3).eval();
    const [, right] = cp.split(a, [1], 1);
    right.set('...', -1);
    expect(a.toArraySync()).toEqual([[0, -1, -1], [3, -1, -1]]);
  });
});

describe('kernel reuse', () => {
  // A copy of a one-element array loads its input once (access 'scalar'); a strided 1-D copy of
  // the same dtype must not be served by that kernel. Plan keys in src/ir/kernel-plan.ts name an
  // input's access by its first letter, 's' for both 'scalar' and 'strided': this fails until they
  // are told apart (joins, pad and roll make both kinds of kernel all the time).
  it('a strided copy after a one-element copy of one dtype reads every element', () => {
    cp.asarray([7], { dtype: 'int16' }).astype('int16').eval();
    const x = cp.asarray([1, 2, 3, 4, 5, 6], { dtype: 'int16' });
    expect(x.get('::-2').astype('int16').toArraySync()).toEqual([6, 4, 2]);
  });
});

describe('errors at the call', () => {
  it('names the op and what was expected, as NumPy refuses', () => {
    const m = () => toDevice(rand('float32', [2, 3]));
    const k = () => toDevice(rand('float32', [2, 2]));
    const mh = rand('float32', [2, 3]);
    const kh = rand('float32', [2, 2]);
    const vh = rand('float32', [3]);
    const cases: ErrorCase[] = [
      { label: 'concatenate shapes', expr: 'np.concatenate([a, b])', inputs: { a: mh, b: kh }, run: () => cp.concatenate([m(), k()]), code: 'ERR_SHAPE',
        message: 'concatenate: all the input array dimensions except for the concatenation axis must match exactly, but along dimension 1, the array at index 0 has size 3 and the array at index 1 has size 2' },
      { label: 'concatenate ndim', expr: 'np.concatenate([a, v])', inputs: { a: mh, v: vh }, run: () => cp.concatenate([m(), toDevice(vh)]), code: 'ERR_SHAPE',
        message: 'concatenate: all the input arrays must have same number of dimensions, but the array at index 0 has 2 dimension(s) and the array at index 1 has 1 dimension(s)' },
      { label: 'concatenate empty list', expr: 'np.concatenate([])', run: () => cp.concatenate([]), code: 'ERR_ARG', message: 'concatenate: expected at least one array to concatenate, got an empty list' },
      { label: 'concatenate 0-d', expr: 'np.concatenate([np.float32(1), np.float32(2)])', run: () => cp.concatenate([cp.asarray(1), cp.asarray(2)]), code: 'ERR_SHAPE', message: 'concatenate: zero-dimensional arrays cannot be concatenated' },
      { label: 'concatenate axis', expr: 'np.concatenate([a, a], axis=2)', inputs: { a: mh }, run: () => cp.concatenate([m(), m()], 2), code: 'ERR_AXIS', message: 'concatenate: axis 2 is out of bounds for array of dimension 2' },
      { label: 'concatenate axis -3', expr: 'np.concatenate([a, a], axis=-3)', inputs: { a: mh }, run: () => cp.concatenate([m(), m()], -3), code: 'ERR_AXIS', message: 'concatenate: axis -3 is out of bounds for array of dimension 2' },
      { label: 'concatenate non-integer axis', expr: 'np.concatenate([a, a], axis=1.5)', inputs: { a: mh }, run: () => cp.concatenate([m(), m()], 1.5), code: 'ERR_ARG', message: 'concatenate: expected axis to be an integer axis or null, got 1.5' },
      { label: 'concatenate casting', expr: 'np.concatenate([a, a], dtype=np.int32)', inputs: { a: mh }, run: () => cp.concatenate([m(), m()], 0, { dtype: 'int32' }), code: 'ERR_DTYPE',
        message: "concatenate: Cannot cast array data from dtype('float32') to dtype('int32') according to the rule 'same_kind'" },
      { label: 'concatenate not a list', expr: null, run: () => cp.concatenate(m() as never), code: 'ERR_ARG', message: 'concatenate: expected arrays to be a list of arrays, got NDArray of shape [2, 3]' },
      { label: 'concatenate a string', expr: "np.concatenate([a, 'x'])", inputs: { a: mh }, run: () => cp.concatenate([m(), 'x' as never]), code: 'ERR_ARG',
        message: "concatenate: expected arrays[1] to be an array (an NDArray, nested arrays, a TypedArray or a number), got 'x'" },
      { label: 'stack shapes', expr: 'np.stack([a, b])', inputs: { a: mh, b: kh }, run: () => cp.stack([m(), k()]), code: 'ERR_SHAPE',
        message: 'stack: all input arrays must have the same shape, but the array at index 0 has shape (2, 3) and the array at index 1 has shape (2, 2)' },
      { label: 'stack empty list', expr: 'np.stack([])', run: () => cp.stack([]), code: 'ERR_ARG', message: 'stack: expected at least one array to stack, got an empty list' },
      { label: 'stack axis', expr: 'np.stack([a, a], axis=3)', inputs: { a: mh }, run: () => cp.stack([m(), m()], 3), code: 'ERR_AXIS', message: 'stack: axis 3 is out of bounds for array of dimension 3' },
      { label: 'hstack rows', expr: 'np.hstack([a, v])', inputs: { a: mh, v: vh }, run: () => cp.hstack([m(), toDevice(vh)]), code: 'ERR_SHAPE',
        message: 'hstack: all the input arrays must have same number of dimensions, but the array at index 0 has 2 dimension(s) and the array at index 1 has 1 dimension(s)' },
      { label: 'hstack empty', expr: 'np.hstack([])', run: () => cp.hstack([]), code: 'ERR_ARG', message: 'hstack: expected at least one array to concatenate, got an empty list' },
      { label: 'vstack columns', expr: 'np.vstack([a, b])', inputs: { a: mh, b: kh }, run: () => cp.vstack([m(), k()]), code: 'ERR_SHAPE',
        message: 'vstack: all the input array dimensions except for the concatenation axis must match exactly, but along dimension 1, the array at index 0 has size 3 and the array at index 1 has size 2' },
      { label: 'dstack rows', expr: 'np.dstack([a, a.T])', inputs: { a: mh }, run: () => cp.dstack([m(), m().T]), code: 'ERR_SHAPE',
        message: 'dstack: all the input array dimensions except for the concatenation axis must match exactly, but along dimension 0, the array at index 0 has size 2 and the array at index 1 has size 3' },
      { label: 'column_stack rows', expr: 'np.column_stack([a, v])', inputs: { a: mh, v: vh }, run: () => cp.column_stack([m(), toDevice(vh)]), code: 'ERR_SHAPE',
        message: 'column_stack: all the input array dimensions except for the concatenation axis must match exactly, but along dimension 0, the array at index 0 has size 2 and the array at index 1 has size 3' },
      { label: 'split unequal', expr: 'np.split(v, 2)', inputs: { v: vh }, run: () => cp.split(toDevice(vh), 2), code: 'ERR_SHAPE',
        message: 'split: array split does not result in an equal division (an axis of length 3 into 2 sections)' },
      { label: 'split zero sections', expr: 'np.split(v, 0)', inputs: { v: vh }, run: () => cp.split(toDevice(vh), 0), code: 'ERR_ARG',
        message: 'split: expected a positive integer number of sections or a list of indices, got 0' },
      { label: 'array_split zero sections', expr: 'np.array_split(v, 0)', inputs: { v: vh }, run: () => cp.array_split(toDevice(vh), 0), code: 'ERR_ARG',
        message: 'array_split: expected a positive integer number of sections or a list of indices, got 0' },
      { label: 'split fractional indices', expr: 'np.split(v, [1.5])', inputs: { v: vh }, run: () => cp.split(toDevice(vh), [1.5]), code: 'ERR_ARG',
        message: 'split: expected indices_or_sections to be an integer, a list of integers or an integer NDArray, got an array of length 1' },
      { label: 'split axis', expr: 'np.split(v, 1, axis=1)', inputs: { v: vh }, run: () => cp.split(toDevice(vh), 1, 1), code: 'ERR_AXIS', message: 'split: axis 1 is out of bounds for array of dimension 1' },
      { label: 'hsplit 0-d', expr: 'np.hsplit(np.float32(1), 1)', run: () => cp.hsplit(cp.asarray(1), 1), code: 'ERR_SHAPE', message: 'hsplit: expected an array of 1 or more dimensions, got 0' },
      { label: 'vsplit 1-D', expr: 'np.vsplit(v, 1)', inputs: { v: vh }, run: () => cp.vsplit(toDevice(vh), 1), code: 'ERR_SHAPE', message: 'vsplit: expected an array of 2 or more dimensions, got 1' },
      { label: 'dsplit 2-D', expr: 'np.dsplit(a, 1)', inputs: { a: mh }, run: () => cp.dsplit(m(), 1), code: 'ERR_SHAPE', message: 'dsplit: expected an array of 3 or more dimensions, got 2' },
      { label: 'hsplit unequal', expr: 'np.hsplit(a, 2)', inputs: { a: mh }, run: () => cp.hsplit(m(), 2), code: 'ERR_SHAPE',
        message: 'hsplit: array split does not result in an equal division (an axis of length 3 into 2 sections)' },
    ];
    checkErrors(cases);
  });
});

describe.skipIf(!HAS_NVRTC)('NVRTC', () => {
  it('compiles every kernel the joins above ran', () => {
    const { kernels } = compileAll([...cudaSources.values()]);
    expect(kernels).toBeGreaterThan(30);
  }, 600_000);
});
