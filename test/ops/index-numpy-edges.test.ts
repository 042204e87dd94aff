// Indexing and index functions at NumPy's edges, against NumPy: 0-d arrays with axis 0 or -1
// (take, compress, repeat, squeeze), a JS boolean as an index (NumPy's Python bool: a new axis
// of length 1 or 0), selections with no elements whose indices are out of range (NumPy checks
// only the indices it reads), put into empty arrays and with an empty v, insert with a boolean
// obj or an empty selection, compress's condition, put and take with float or boolean JS indices
// (NumPy's int() of each); and the errors NumPy raises for each.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, toDevice } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { checkCases, checkErrors, type ErrorCase, type ValueCase } from '../helpers/numpy-cases.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';
import { randomArray, type DTypeName } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

const DTYPES: DTypeName[] = ['bool', 'int8', 'uint16', 'int64', 'uint64', 'float16', 'float32', 'float64', 'complex64'];
let seed = 4000;
const rand = (dtype: DTypeName, shape: number[]) => randomArray(dtype, shape, seed++);
const i64 = (values: number[], shape = [values.length]) => cp.asarray(values, { dtype: 'int64' }).reshape(shape);
const zeros = (shape: number[]) => cp.zeros(shape);
/** NumPy's in-place write `stmt` on a copy of `x`, then the copy (an oracle expression). */
const after = (x: string, stmt: string) => `(lambda x: [${stmt}, x][1])(${x}.copy())`;

describe('0-d arrays with axis 0 or -1', () => {
  it('take, compress and repeat take a 0-d array as 1-D; squeeze lets an integer axis 0 or -1 through', () => {
    const cases: ValueCase[] = [];
    for (const d of DTYPES) {
      const s = rand(d, []);
      cases.push(
        { label: `${d} take 0-d index axis 0`, expr: 'np.take(s, 0, axis=0)', inputs: { s }, run: () => cp.take(toDevice(s), 0, 0) },
        { label: `${d} take list axis -1`, expr: 'np.take(s, [0, -1, 0], axis=-1)', inputs: { s }, run: () => cp.take(toDevice(s), [0, -1, 0], -1) },
        { label: `${d} take device index`, expr: 'np.take(s, np.array([[0], [0]]), axis=0)', inputs: { s }, run: () => cp.take(toDevice(s), i64([0, 0], [2, 1]), 0) },
        { label: `${d} take clip`, expr: "np.take(s, [5, -3], axis=0, mode='clip')", inputs: { s }, run: () => cp.take(toDevice(s), [5, -3], { axis: 0, mode: 'clip' }) },
        { label: `${d} take wrap`, expr: "np.take(s, 7, axis=-1, mode='wrap')", inputs: { s }, run: () => cp.take(toDevice(s), 7, { axis: -1, mode: 'wrap' }) },
        { label: `${d} repeat axis 0`, expr: 'np.repeat(s, 3, axis=0)', inputs: { s }, run: () => cp.repeat(toDevice(s), 3, 0) },
        { label: `${d} repeat [2] axis -1`, expr: 'np.repeat(s, [2], axis=-1)', inputs: { s }, run: () => cp.repeat(toDevice(s), [2], -1) },
        { label: `${d} compress [True] axis 0`, expr: 'np.compress([True], s, axis=0)', inputs: { s }, run: () => cp.compress([true], toDevice(s), 0) },
        { label: `${d} compress device [False] axis -1`, expr: 'np.compress(np.array([False]), s, axis=-1)', inputs: { s },
          run: () => cp.compress(cp.asarray([false]), toDevice(s), -1) },
        { label: `${d} compress []`, expr: 'np.compress([], s, axis=0)', inputs: { s }, run: () => cp.compress([], toDevice(s), 0) },
        { label: `${d} squeeze axis 0`, expr: 'np.squeeze(s, axis=0)', inputs: { s }, run: () => cp.squeeze(toDevice(s), 0) },
        { label: `${d} squeeze axis -1 (method)`, expr: 's.squeeze(-1)', inputs: { s }, run: () => toDevice(s).squeeze(-1) },
      );
    }
    checkCases(cases);
    const s = cp.asarray(5);
    const q = cp.squeeze(s, 0);
    expect(q).not.toBe(s); // a view of its own, as NumPy's new view object
    expect(q.item()).toBe(5n);
  });

  it('other axes are refused as NumPy refuses them (take, compress and repeat count one dimension)', () => {
    const sh = rand('float32', []);
    const s = () => toDevice(sh);
    const cases: ErrorCase[] = [
      { label: 'take axis 1', expr: 'np.take(s, 0, axis=1)', inputs: { s: sh }, run: () => cp.take(s(), 0, 1), code: 'ERR_AXIS', message: 'take: axis 1 is out of bounds for array of dimension 1' },
      { label: 'take index 1', expr: 'np.take(s, 1, axis=0)', inputs: { s: sh }, run: () => cp.take(s(), 1, 0), code: 'ERR_INDEX', message: 'take: index 1 is out of bounds for axis 0 with size 1' },
      { label: 'repeat axis -2', expr: 'np.repeat(s, 2, axis=-2)', inputs: { s: sh }, run: () => cp.repeat(s(), 2, -2), code: 'ERR_AXIS', message: 'repeat: axis -2 is out of bounds for array of dimension 1' },
      { label: 'repeat two counts', expr: 'np.repeat(s, [2, 3], axis=0)', inputs: { s: sh }, run: () => cp.repeat(s(), [2, 3], 0), code: 'ERR_SHAPE',
        message: 'repeat: operands could not be broadcast together with shape (1,) (2,)' },
      { label: 'compress axis 1', expr: 'np.compress([True], s, axis=1)', inputs: { s: sh }, run: () => cp.compress([true], s(), 1), code: 'ERR_AXIS',
        message: 'compress: axis 1 is out of bounds for array of dimension 1' },
      { label: 'compress past the end', expr: 'np.compress([False, True], s, axis=0)', inputs: { s: sh }, run: () => cp.compress([false, true], s(), 0), code: 'ERR_INDEX',
        message: 'compress: index 1 is out of bounds for axis 0 with size 1' },
      { label: 'compress device condition past the end', expr: 'np.compress(np.array([True, True]), s, axis=0)', inputs: { s: sh },
        run: () => cp.compress(cp.asarray([true, true]), s(), 0), code: 'ERR_INDEX', message: 'compress: index 1 is out of bounds for axis 0 with size 1' },
      { label: 'squeeze axis 1', expr: 'np.squeeze(s, axis=1)', inputs: { s: sh }, run: () => cp.squeeze(s(), 1), code: 'ERR_AXIS', message: 'squeeze: axis 1 is out of bounds for array of dimension 0' },
      { label: 'squeeze axis list (0,)', expr: 'np.squeeze(s, axis=(0,))', inputs: { s: sh }, run: () => cp.squeeze(s(), [0]), code: 'ERR_AXIS',
        message: 'squeeze: axis 0 is out of bounds for array of dimension 0' },
    ];
    checkErrors(cases);
  });
});

describe('a JS boolean as an index', () => {
  it('adds an axis of length 1 (true) or 0 (false), alone or among other items, in reads and writes', () => {
    const m = rand('int32', [2, 3]);
    const f = rand('float64', [3, 4]);
    const s = rand('int8', []);
    const cases: ValueCase[] = [
      { label: 'm[True]', expr: 'm[True]', inputs: { m }, run: () => toDevice(m).get(true) },
      { label: 'm[False]', expr: 'm[False]', inputs: { m }, run: () => toDevice(m).get(false) },
      { label: 'm[True, 0]', expr: 'm[True, 0]', inputs: { m }, run: () => toDevice(m).get([true, 0]) },
      { label: 'm[0, True]', expr: 'm[0, True]', inputs: { m }, run: () => toDevice(m).get([0, true]) },
      { label: 'm[..., True]', expr: 'm[..., True]', inputs: { m }, run: () => toDevice(m).get(['...', true]) },
      { label: 'm[None, True]', expr: 'm[None, True]', inputs: { m }, run: () => toDevice(m).get([null, true]) },
      { label: 'm[True, True]', expr: 'm[True, True]', inputs: { m }, run: () => toDevice(m).get([true, true]) },
      { label: 'm[False, 1:]', expr: 'm[False, 1:]', inputs: { m }, run: () => toDevice(m).get([false, cp.slice(1)]) },
      { label: 'm[True, [0, 1]]', expr: 'm[True, [0, 1]]', inputs: { m }, run: () => toDevice(m).get([true, [0, 1]]) },
      { label: 'm[[1, 0], True, [2, 1]]', expr: 'm[[1, 0], True, [2, 1]]', inputs: { m }, run: () => toDevice(m).get([[1, 0], true, [2, 1]]) },
      { label: 'm[True, []] (empty)', expr: 'm[True, []]', inputs: { m }, run: () => toDevice(m).get([true, []]) },
      { label: "string 'True, ::-1'", expr: 'f[True, ::-1]', inputs: { f }, run: () => toDevice(f).get('True, ::-1') },
      { label: "string '1:, False'", expr: 'f[1:, False]', inputs: { f }, run: () => toDevice(f).get('1:, False') },
      { label: 'transposed f.T[True, 2]', expr: 'f.T[True, 2]', inputs: { f }, run: () => toDevice(f).T.get([true, 2]) },
      { label: '0-d s[True]', expr: 's[True]', inputs: { s }, run: () => toDevice(s).get(true) },
      { label: '0-d s[False]', expr: 's[False]', inputs: { s }, run: () => toDevice(s).get(false) },
      { label: 'set m[True] = 9', expr: after('m', 'x.__setitem__(True, 9)'), inputs: { m }, run: () => { const x = toDevice(m).copy(); x.set(true, 9); return x; } },
      { label: 'set m[False] = 9 (nothing)', expr: after('m', 'x.__setitem__(False, 9)'), inputs: { m }, run: () => { const x = toDevice(m).copy(); x.set(false, 9); return x; } },
      { label: 'set m[0, True] = row', expr: after('m', 'x.__setitem__((0, True), [7, 8, 9])'), inputs: { m },
        run: () => { const x = toDevice(m).copy(); x.set([0, true], [7, 8, 9]); return x; } },
    ];
    checkCases(cases);
  });

  it('refuses what NumPy refuses', () => {
    const mh = rand('int32', [2, 3]);
    const m = () => toDevice(mh);
    const cases: ErrorCase[] = [
      { label: 'm[[0, 1], False] does not broadcast', expr: 'm[[0, 1], False]', inputs: { m: mh }, run: () => m().get([[0, 1], false]), code: 'ERR_INDEX',
        message: 'get: shape mismatch: indexing arrays could not be broadcast together with shapes (2,) (0,)' },
      { label: 'm[False] = [1, 2]', expr: after('m', 'x.__setitem__(False, [1, 2])'), inputs: { m: mh }, run: () => m().set(false, [1, 2]), code: 'ERR_SHAPE',
        message: 'set: shape mismatch: value array of shape (2,) could not be broadcast to indexing result of shape (0, 2, 3)' },
      { label: 'too many indices', expr: 'm[True, 0, 0, 0]', inputs: { m: mh }, run: () => m().get([true, 0, 0, 0]), code: 'ERR_INDEX',
        message: 'get: too many indices for array: array is 2-dimensional, but 3 were indexed' },
      { label: 'a string', expr: null, run: () => m().get(['x' as never]), code: 'ERR_INDEX',
        message: "get: expected an integer, a slice, null (newaxis), '...', a boolean or an array as an index, got 'x'" },
    ];
    checkErrors(cases);
  });
});

describe('selections with no elements', () => {
  it('index arrays that broadcast to no elements are not checked, as NumPy reads none of them', () => {
    const m = rand('float32', [2, 3]);
    const z03 = rand('int16', [0, 3]);
    const z20 = rand('int16', [2, 0]);
    const cases: ValueCase[] = [
      { label: 'm[[], [5]]', expr: 'm[[], [5]]', inputs: { m }, run: () => toDevice(m).get([[], [5]]) },
      { label: 'm[[[]], [5, 6]] rows', expr: 'm[[[]], [5]]', inputs: { m }, run: () => toDevice(m).get([[[]], [5]]) },
      { label: 'm[empty (0, 1), [5]]', expr: 'm[np.zeros((0, 1), np.int64), [5]]', inputs: { m }, run: () => toDevice(m).get([i64([], [0, 1]), [5]]) },
      { label: 'm[device [5], empty (0, 1)]', expr: 'm[np.array([5]), np.zeros((0, 1), np.int64)]', inputs: { m }, run: () => toDevice(m).get([i64([5]), i64([], [0, 1])]) },
      { label: 'm[[], 1:]', expr: 'm[[], 1:]', inputs: { m }, run: () => toDevice(m).get([[], cp.slice(1)]) },
      { label: 'm.T[::-1][[], [9]]', expr: 'm.T[::-1][[], [9]]', inputs: { m }, run: () => toDevice(m).T.get('::-1').get([[], [9]]) },
      { label: 'set m[[], [5]] = 1', expr: after('m', 'x.__setitem__(([], [5]), 1)'), inputs: { m }, run: () => { const x = toDevice(m).copy(); x.set([[], [5]], 1); return x; } },
      { label: 'set m[[7], []] = 1', expr: after('m', 'x.__setitem__(([7], []), 1)'), inputs: { m }, run: () => { const x = toDevice(m).copy(); x.set([[7], []], 1); return x; } },
      { label: 'take (0, 3) [5] axis 1: no index read', expr: 'np.take(z, [5], axis=1)', inputs: { z: z03 }, run: () => cp.take(toDevice(z03), [5], 1) },
      { label: 'take (0, 3) device [5] axis -1', expr: 'np.take(z, np.array([[5, -9]]), axis=-1)', inputs: { z: z03 }, run: () => cp.take(toDevice(z03), i64([5, -9], [1, 2]), -1) },
      { label: 'take (0, 0) [5] axis 1', expr: 'np.take(np.zeros((0, 0)), [5], axis=1)', run: () => cp.take(zeros([0, 0]), [5], 1) },
      { label: 'take (2, 0) [] axis 1 clip', expr: "np.take(z, [], axis=1, mode='clip')", inputs: { z: z20 }, run: () => cp.take(toDevice(z20), [], { axis: 1, mode: 'clip' }) },
      { label: 'take m empty 2-D device index', expr: 'np.take(m, np.zeros((0, 2), np.int64) + 9, axis=1)', inputs: { m }, run: () => cp.take(toDevice(m), i64([], [0, 2]).add(9), 1) },
      { label: 'take (2, 3, 0) [5] axis 1 wrap', expr: "np.take(np.zeros((2, 3, 0)), [5], axis=1, mode='wrap')", run: () => cp.take(zeros([2, 3, 0]), [5], { axis: 1, mode: 'wrap' }) },
      { label: 'compress (0, 2) condition past the end', expr: 'np.compress([False, True, True], z, axis=1)', inputs: { z: rand('float64', [0, 2]) },
        run: () => cp.compress([false, true, true], zeros([0, 2]), 1) },
      { label: 'compress (0, 2) device condition past the end', expr: 'np.compress(np.array([True, False, True]), np.zeros((0, 2)), axis=1)',
        run: () => cp.compress(cp.asarray([true, false, true]), zeros([0, 2]), 1) },
    ];
    checkCases(cases);
  });

  it('index arrays that broadcast to some elements are checked though the result is empty', () => {
    const mh = rand('float32', [2, 3]);
    const m = () => toDevice(mh);
    const cases: ErrorCase[] = [
      { label: 'zeros((0, 3))[:, [5]]', expr: 'np.zeros((0, 3))[:, [5]]', run: () => zeros([0, 3]).get([cp.slice(), [5]]), code: 'ERR_INDEX', message: 'get: index 5 is out of bounds for axis 1 with size 3' },
      { label: 'zeros((0, 3))[:, device [5]]', expr: 'np.zeros((0, 3))[:, np.array([5])]', run: () => zeros([0, 3]).get([cp.slice(), i64([5])]), code: 'ERR_INDEX',
        message: 'get: index 5 is out of bounds for axis 1 with size 3' },
      { label: 'zeros((2, 0))[[1], [5]]', expr: 'np.zeros((2, 0))[[1], [5]]', run: () => zeros([2, 0]).get([[1], [5]]), code: 'ERR_INDEX', message: 'get: index 5 is out of bounds for axis 1 with size 0' },
      { label: 'm[5, []] (an integer is always checked)', expr: 'm[5, []]', inputs: { m: mh }, run: () => m().get([5, []]), code: 'ERR_INDEX', message: 'get: index 5 is out of bounds for axis 0 with size 2' },
      { label: 'm[[0, 5], [0, 1, 2]]: the shapes first', expr: 'm[[0, 5], [0, 1, 2]]', inputs: { m: mh }, run: () => m().get([[0, 5], [0, 1, 2]]), code: 'ERR_INDEX',
        message: 'get: shape mismatch: indexing arrays could not be broadcast together with shapes (2,) (3,)' },
      { label: 'take (0,) [5]', expr: 'np.take(np.zeros(0), [5])', run: () => cp.take(zeros([0]), [5]), code: 'ERR_INDEX', message: 'take: cannot do a non-empty take from an empty axes.' },
      { label: 'take (2, 0) device [1] axis 1', expr: 'np.take(np.zeros((2, 0)), np.array([1]), axis=1)', run: () => cp.take(zeros([2, 0]), i64([1]), 1), code: 'ERR_INDEX',
        message: 'take: cannot do a non-empty take from an empty axes.' },
      { label: 'take (2, 0) [5] axis 0', expr: 'np.take(np.zeros((2, 0)), [5], axis=0)', run: () => cp.take(zeros([2, 0]), [5], 0), code: 'ERR_INDEX',
        message: 'take: index 5 is out of bounds for axis 0 with size 2' },
      { label: 'take (2, 0, 0) [5] axis 1', expr: 'np.take(np.zeros((2, 0, 0)), [5], axis=1)', run: () => cp.take(zeros([2, 0, 0]), [5], 1), code: 'ERR_INDEX',
        message: 'take: index 5 is out of bounds for axis 1 with size 0' },
      { label: 'take (2, 3, 0) device [5] axis 1', expr: 'np.take(np.zeros((2, 3, 0)), np.array([5]), axis=1)', run: () => cp.take(zeros([2, 3, 0]), i64([5]), 1), code: 'ERR_INDEX',
        message: 'take: index 5 is out of bounds for axis 1 with size 3' },
      { label: 'compress (2, 0) condition true', expr: 'np.compress([True], np.zeros((2, 0)), axis=1)', run: () => cp.compress([true], zeros([2, 0]), 1), code: 'ERR_INDEX',
        message: 'compress: cannot do a non-empty take from an empty axes.' },
    ];
    checkErrors(cases);
  });
});

describe('put', () => {
  const put = (a: cp.NDArray, ind: Parameters<typeof cp.put>[1], v: Parameters<typeof cp.put>[2], mode?: 'raise' | 'wrap' | 'clip') => {
    cp.put(a, ind, v, mode);
    return a;
  };
  it('writes nothing for an empty v (its indices unchecked), or empty indices; into empty views too', () => {
    const f = rand('float32', [3, 4]);
    const i = rand('int8', [5]);
    const cases: ValueCase[] = [
      { label: 'v empty, index out of range', expr: after('f', 'np.put(x, [50], [])'), inputs: { f }, run: () => put(toDevice(f).copy(), [50], []) },
      { label: 'v empty device, device index out of range', expr: after('f', 'np.put(x, np.array([-50]), np.zeros(0))'), inputs: { f },
        run: () => put(toDevice(f).copy(), i64([-50]), zeros([0])) },
      { label: 'v empty 2-D, non-contiguous target', expr: after('f', 'np.put(x[:, ::2], [9, 1], np.zeros((2, 0)))'), inputs: { f },
        run: () => { const x = toDevice(f).copy(); put(x.get(':, ::2'), [9, 1], zeros([2, 0])); return x; } },
      { label: 'no indices', expr: after('i', 'np.put(x, [], 7)'), inputs: { i }, run: () => put(toDevice(i).copy(), [], 7) },
      { label: 'empty non-contiguous view, no indices', expr: after('f', 'np.put(x[:, :0:2], [], 1)'), inputs: { f },
        run: () => { const x = toDevice(f).copy(); put(x.get(':, :0:2'), [], 1); return x; } },
      { label: 'empty transposed view, no device indices', expr: after('f', 'np.put(x[:0].T, np.zeros(0, np.int64), [1, 2])'), inputs: { f },
        run: () => { const x = toDevice(f).copy(); put(x.get(':0').T, i64([]), [1, 2]); return x; } },
      { label: 'non-contiguous target, values cycled', expr: after('f', "np.put(x[::-1, 1::2], [0, 7, -1], [5, 6], mode='clip')"), inputs: { f },
        run: () => { const x = toDevice(f).copy(); put(x.get('::-1, 1::2'), [0, 7, -1], [5, 6], 'clip'); return x; } },
    ];
    checkCases(cases);
  });

  // NumPy converts a Python list (or scalar) of indices to intp element by element with int():
  // floats are truncated toward zero, booleans are 0 and 1 (mixed with integers too); take alike.
  it('converts JS indices as NumPy converts a list to intp: floats truncated, booleans 0 and 1', () => {
    const f = rand('float32', [5]);
    const m = rand('int16', [2, 3]);
    const cases: ValueCase[] = [];
    const lists: Array<[string, number | boolean | Array<number | boolean> | number[][]]> = [
      ['1.5', 1.5], ['[1.5]', [1.5]], ['[1.9, 2.1]', [1.9, 2.1]], ['[-1.5]', [-1.5]], ['[-0.5]', [-0.5]], ['[-0.9]', [-0.9]], ['[4.9]', [4.9]],
      ['[5.5]', [5.5]], ['[-5.5]', [-5.5]], ['[-6.5]', [-6.5]], ['[1, 2.5]', [1, 2.5]], ['[[1.5], [2.5]]', [[1.5], [2.5]]], ['True', true],
      ['[True, 2]', [true, 2]], ['[2.5, True]', [2.5, true]], ['[2.0]', [2]], ['[9.2e18]', [9.2e18]],
    ];
    for (const mode of ['raise', 'wrap', 'clip'] as const) {
      for (const [py, ind] of lists) {
        if (mode === 'raise' && ['[5.5]', '[-6.5]', '[9.2e18]'].includes(py)) continue; // (out of bounds: below)
        if (mode === 'wrap' && py === '[9.2e18]') continue; // (NumPy's wrap steps down by the size one at a time)
        cases.push(
          { label: `put ${py} ${mode}`, expr: after('f', `np.put(x, ${py}, -1, mode='${mode}')`), inputs: { f }, run: () => put(toDevice(f).copy(), ind as number[], -1, mode) },
          { label: `take ${py} ${mode}`, expr: `np.take(f, ${py}, mode='${mode}')`, inputs: { f }, run: () => cp.take(toDevice(f), ind as number[], { mode }) },
        );
      }
    }
    cases.push(
      { label: 'put 2-D, values cycled', expr: after('m', 'np.put(x, [[0.5, 4.9], [-0.5, -1.2]], [7, 8])'), inputs: { m }, run: () => put(toDevice(m).copy(), [[0.5, 4.9], [-0.5, -1.2]], [7, 8]) },
      { label: 'take axis 1', expr: 'np.take(m, [2.9, -2.5], axis=1)', inputs: { m }, run: () => cp.take(toDevice(m), [2.9, -2.5], 1) },
      // (wrap beyond 2^53 is not asked of NumPy: it steps down by the size one at a time)
      { label: 'put a bigint beyond 2^53, wrap', expr: after('f', "np.put(x, [(2**62 + 3) % 5], -1)"), inputs: { f }, run: () => put(toDevice(f).copy(), [2n ** 62n + 3n] as never, -1, 'wrap') },
      { label: 'take a bigint beyond 2^53, clip', expr: "np.take(f, [-2**62 - 3], mode='clip')", inputs: { f }, run: () => cp.take(toDevice(f), [-(2n ** 62n) - 3n] as never, { mode: 'clip' }) },
    );
    checkCases(cases);
    const z = () => cp.zeros([5]);
    const errors: ErrorCase[] = [
      { label: 'put [5.5]', expr: 'np.put(np.zeros(5), [5.5], 1)', run: () => put(z(), [5.5], 1), code: 'ERR_INDEX', message: 'put: index 5 is out of bounds for axis 0 with size 5' },
      { label: 'put [-6.5]', expr: 'np.put(np.zeros(5), [-6.5], 1)', run: () => put(z(), [-6.5], 1), code: 'ERR_INDEX', message: 'put: index -6 is out of bounds for axis 0 with size 5' },
      { label: 'take [9.2e18]', expr: 'np.take(np.zeros(5), [9.2e18])', run: () => cp.take(z(), [9.2e18]), code: 'ERR_INDEX', message: 'take: index 9200000000000000000 is out of bounds for axis 0 with size 5' },
      { label: 'put a bigint beyond 2^53', expr: 'np.put(np.zeros(5), [2**62 + 3], 1)', run: () => put(z(), [2n ** 62n + 3n] as never, 1), code: 'ERR_INDEX',
        message: 'put: index 4611686018427387907 is out of bounds for axis 0 with size 5' },
    ];
    for (const mode of ['raise', 'wrap', 'clip'] as const) {
      errors.push(
        { label: `put [NaN] ${mode}`, expr: `np.put(np.zeros(5), [np.nan], 1, mode='${mode}')`, run: () => put(z(), [NaN], 1, mode), code: 'ERR_ARG',
          message: 'put: expected integer indices, got NaN (NumPy: cannot convert float NaN to integer)' },
        { label: `put [inf] ${mode}`, expr: `np.put(np.zeros(5), [np.inf], 1, mode='${mode}')`, run: () => put(z(), [Infinity], 1, mode), code: 'ERR_OVERFLOW',
          message: 'put: expected integer indices, got Infinity (NumPy: cannot convert float infinity to integer)' },
        { label: `put [1e20] ${mode}`, expr: `np.put(np.zeros(5), [1e20], 1, mode='${mode}')`, run: () => put(z(), [1e20], 1, mode), code: 'ERR_OVERFLOW',
          message: 'put: index 100000000000000000000 does not fit int64 (NumPy: Python int too large to convert to C long)' },
        { label: `put [-9.3e18] ${mode}`, expr: `np.put(np.zeros(5), [-9.3e18], 1, mode='${mode}')`, run: () => put(z(), [-9.3e18], 1, mode), code: 'ERR_OVERFLOW',
          message: 'put: index -9300000000000000000 does not fit int64 (NumPy: Python int too large to convert to C long)' },
        { label: `put [2**63] ${mode}`, expr: `np.put(np.zeros(5), [2**63], 1, mode='${mode}')`, run: () => put(z(), [2n ** 63n] as never, 1, mode), code: 'ERR_OVERFLOW',
          message: 'put: index 9223372036854775808 does not fit int64 (NumPy: Python int too large to convert to C long)' },
        { label: `take [-inf] ${mode}`, expr: `np.take(np.zeros(5), [-np.inf], mode='${mode}')`, run: () => cp.take(z(), [-Infinity], { mode }), code: 'ERR_OVERFLOW',
          message: 'take: expected integer indices, got -Infinity (NumPy: cannot convert float infinity to integer)' },
      );
    }
    errors.push(
      { label: 'put a complex index', expr: 'np.put(np.zeros(5), [1j], 1)', run: () => put(z(), [cp.complex(0, 1)] as never, 1), code: 'ERR_ARG',
        message: "put: expected integer indices, got a complex value (NumPy: int() argument must be a real number, not 'complex')" },
      { label: 'take a string index', expr: "np.take(np.zeros(5), ['a'])", run: () => cp.take(z(), ['a'] as never), code: 'ERR_ARG',
        message: "take: expected integer indices (numbers, bigints or booleans), got 'a' at [0]" },
    );
    checkErrors(errors);
  });

  it('refuses indices into an empty array (an empty non-contiguous view included), and converts v first', () => {
    const cases: ErrorCase[] = [
      { label: 'empty, index', expr: 'np.put(np.zeros(0), [5], 1)', run: () => put(zeros([0]), [5], 1), code: 'ERR_INDEX', message: 'put: cannot replace elements of an empty array' },
      { label: 'empty, index, clip', expr: "np.put(np.zeros(0), [0], 1, mode='clip')", run: () => put(zeros([0]), [0], 1, 'clip'), code: 'ERR_INDEX',
        message: 'put: cannot replace elements of an empty array' },
      { label: 'empty non-contiguous view, device index', expr: 'np.put(np.zeros((3, 4))[:, :0], np.array([5]), 1)', run: () => put(zeros([3, 4]).get(':, :0'), i64([5]), 1),
        code: 'ERR_INDEX', message: 'put: cannot replace elements of an empty array' },
      { label: 'empty non-contiguous view, device index, empty v', expr: 'np.put(np.zeros((3, 4))[:, :0], np.array([0]), [])',
        run: () => put(zeros([3, 4]).get(':, :0'), i64([0]), []), code: 'ERR_INDEX', message: 'put: cannot replace elements of an empty array' },
      { label: 'empty strided view, wrap', expr: "np.put(np.zeros(6)[::2][:0], [True], 1, mode='wrap')", run: () => put(zeros([6]).get('::2').get(':0'), [true], 1, 'wrap'),
        code: 'ERR_INDEX', message: 'put: cannot replace elements of an empty array' },
      { label: 'read-only empty view', expr: 'np.put(np.broadcast_to(np.zeros((1, 1)), (3, 0)), [], 1)', run: () => put(cp.broadcast_to(zeros([1, 1]), [3, 0]), [], 1),
        code: 'ERR_ARG', message: 'put: assignment destination is read-only (a broadcast view)' },
      { label: 'v out of range before the index', expr: 'np.put(np.zeros(3, np.int8), [5], 300)', run: () => put(cp.zeros([3], { dtype: 'int8' }), [5], 300),
        code: 'ERR_OVERFLOW', message: 'put: Python integer 300 out of bounds for int8' },
      { label: 'float device indices', expr: 'np.put(np.zeros(3), np.array([1.0]), 1)', run: () => put(zeros([3]), cp.asarray([1.5]), 1), code: 'ERR_INDEX',
        message: 'put: expected integer indices, got float64' },
    ];
    checkErrors(cases);
  });
});

describe('insert', () => {
  it('a 1-D boolean NDArray obj inserts before its true positions; values broadcast to an empty selection', () => {
    const a = rand('int32', [4]);
    const m = rand('float32', [2, 3]);
    const cases: ValueCase[] = [
      { label: 'bool obj', expr: 'np.insert(a, np.array([True, False, True, False]), 9)', inputs: { a }, run: () => cp.insert(toDevice(a), cp.asarray([true, false, true, false]), 9) },
      { label: 'bool obj, one true (a block)', expr: 'np.insert(a, np.array([False, True]), [7, 8])', inputs: { a }, run: () => cp.insert(toDevice(a), cp.asarray([false, true]), [7, 8]) },
      { label: 'bool obj, all false', expr: 'np.insert(a, np.array([False, False]), 9)', inputs: { a }, run: () => cp.insert(toDevice(a), cp.asarray([false, false]), 9) },
      { label: 'bool obj, empty', expr: 'np.insert(a, np.array([], bool), 9)', inputs: { a }, run: () => cp.insert(toDevice(a), cp.asarray([true]).get(':0'), 9) },
      { label: 'bool obj, axis -1', expr: 'np.insert(m, np.array([True, False, True]), [[1], [2]], axis=-1)', inputs: { m },
        run: () => cp.insert(toDevice(m), cp.asarray([true, false, true]), [[1], [2]], -1) },
      { label: 'empty list, a scalar', expr: 'np.insert(a, [], 5)', inputs: { a }, run: () => cp.insert(toDevice(a), [], 5) },
      { label: 'empty list, one value', expr: 'np.insert(a, [], [1])', inputs: { a }, run: () => cp.insert(toDevice(a), [], [1]) },
      { label: 'empty list, columns that broadcast', expr: 'np.insert(m, [], [[1], [2]], axis=1)', inputs: { m }, run: () => cp.insert(toDevice(m), [], [[1], [2]], 1) },
      { label: 'empty list, a row that broadcasts', expr: 'np.insert(m, [], [1, 2, 3], axis=0)', inputs: { m }, run: () => cp.insert(toDevice(m), [], [1, 2, 3], 0) },
      { label: 'empty slice', expr: 'np.insert(m.T, slice(1, 1), 5, axis=0)', inputs: { m }, run: () => cp.insert(toDevice(m).T, cp.slice(1, 1), 5, 0) },
      { label: 'empty array', expr: 'np.insert(np.zeros(0), [], 1)', run: () => cp.insert(zeros([0]), [], 1) },
    ];
    checkCases(cases);
  });

  it('refuses what NumPy refuses', () => {
    const ah = rand('int32', [4]);
    const a = () => toDevice(ah);
    const mh = rand('float32', [2, 3]);
    const cases: ErrorCase[] = [
      { label: 'values into no positions', expr: 'np.insert(a, [], [1, 2])', inputs: { a: ah }, run: () => cp.insert(a(), [], [1, 2]), code: 'ERR_SHAPE',
        message: 'insert: shape mismatch: value array of shape (2,) could not be broadcast to indexing result of shape (0,)' },
      { label: 'values into an empty slice', expr: 'np.insert(a, slice(0, 0), [[1, 2]])', inputs: { a: ah }, run: () => cp.insert(a(), cp.slice(0, 0), [[1, 2]]), code: 'ERR_SHAPE',
        message: 'insert: shape mismatch: value array of shape (1, 2) could not be broadcast to indexing result of shape (0,)' },
      { label: 'a row into no columns', expr: 'np.insert(m, [], [1, 2], axis=1)', inputs: { m: mh }, run: () => cp.insert(toDevice(mh), [], [1, 2], 1), code: 'ERR_SHAPE',
        message: 'insert: shape mismatch: value array of shape (2,) could not be broadcast to indexing result of shape (2, 0)' },
      { label: '0-d bool obj', expr: 'np.insert(a, np.array(True), 9)', inputs: { a: ah }, run: () => cp.insert(a(), cp.asarray(true), 9), code: 'ERR_SHAPE',
        message: 'insert: boolean array argument obj to insert must be one dimensional' },
      { label: '2-D bool obj', expr: 'np.insert(a, np.array([[True]]), 9)', inputs: { a: ah }, run: () => cp.insert(a(), cp.asarray([[true]]), 9), code: 'ERR_SHAPE',
        message: 'insert: boolean array argument obj to insert must be one dimensional' },
      { label: 'a list of booleans', expr: 'np.insert(a, [True, False], 9)', inputs: { a: ah }, run: () => cp.insert(a(), [true, false], 9), code: 'ERR_INDEX',
        message: 'insert: expected integer indices, a slice, or a 1-D boolean NDArray, got a list of booleans' },
      { label: 'a JS boolean', expr: 'np.insert(a, True, 9)', inputs: { a: ah }, run: () => cp.insert(a(), true as never, 9), code: 'ERR_ARG',
        message: 'insert: expected obj to be an integer, a slice (cp.slice), or a list or array of integers, got true' },
    ];
    checkErrors(cases);
  });
});

describe('compress condition', () => {
  it('must be 1-D, a list or an NDArray', () => {
    const cases: ErrorCase[] = [
      { label: '2-D list', expr: 'np.compress([[True, False]], np.arange(4))', run: () => cp.compress([[true, false]], cp.arange(4)), code: 'ERR_ARG', message: 'compress: condition must be a 1-d array' },
      { label: '[[]]', expr: 'np.compress([[]], np.arange(4))', run: () => cp.compress([[]], cp.arange(4)), code: 'ERR_ARG', message: 'compress: condition must be a 1-d array' },
      { label: '2-D NDArray', expr: 'np.compress(np.array([[True]]), np.arange(4))', run: () => cp.compress(cp.asarray([[true]]), cp.arange(4)), code: 'ERR_ARG',
        message: 'compress: condition must be a 1-d array' },
      { label: '0-d NDArray, before the axis', expr: 'np.compress(np.array(True), np.arange(4), axis=3)', run: () => cp.compress(cp.asarray(true), cp.arange(4), 3), code: 'ERR_ARG',
        message: 'compress: condition must be a 1-d array' },
    ];
    checkErrors(cases);
  });
});

describeCompilesEveryKernel(cudaSources, HAS_NVRTC, 20);
