// copy, logspace, geomspace, resize, apply_along_axis, append, insert and delete against NumPy,
// over dtypes, axes (negative and None), empty and 0-d inputs, slices, masks and repeated
// positions, and every refused call. Every kernel built here is compiled with NVRTC at the end.
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
let seed = 900;
const rand = (dtype: DTypeName, shape: number[], low?: number, high?: number) =>
  randomArray(dtype, shape, seed++, low === undefined ? {} : { low, high });

describe('copy, logspace, geomspace, resize', () => {
  it('copy is a new array of the same elements', () => {
    const cases: ValueCase[] = DTYPES.map((d) => {
      const a = rand(d, [3, 4]);
      return { label: d, expr: 'np.copy(a[::-1].T)', inputs: { a }, run: () => cp.copy(toDevice(a).get('::-1').T) };
    });
    const s = rand('float32', []);
    cases.push(
      { label: '0-d', expr: 'np.copy(s)', inputs: { s }, run: () => cp.copy(toDevice(s)) },
      { label: 'JS data', expr: 'np.copy([[1, 2], [3, 4]])', run: () => cp.copy([[1, 2], [3, 4]]) },
      { label: "order 'C'", expr: "np.copy(s, order='C')", inputs: { s }, run: () => cp.copy(toDevice(s), 'C') },
    );
    checkCases(cases);
    const x = cp.arange(4).eval();
    const y = cp.copy(x);
    x.set(0, 9);
    expect(y.tolist()).toEqual([0, 1, 2, 3]);
  });

  it('logspace and geomspace', () => {
    const cases: ValueCase[] = [
      { label: 'logspace', expr: 'np.logspace(0, 3, 7)', run: () => cp.logspace(0, 3, 7), approx: true },
      { label: 'logspace no endpoint', expr: 'np.logspace(-2, 2, 5, endpoint=False)', run: () => cp.logspace(-2, 2, 5, false), approx: true },
      { label: 'logspace base 2', expr: 'np.logspace(0, 10, 11, base=2)', run: () => cp.logspace(0, 10, 11, { base: 2 }) },
      { label: 'logspace base 2 int32', expr: 'np.logspace(0, 10, 11, base=2, dtype=np.int32)', run: () => cp.logspace(0, 10, 11, true, 2, 'int32') },
      { label: 'logspace float32', expr: 'np.logspace(1, 2, 4, dtype=np.float32)', run: () => cp.logspace(1, 2, 4, { dtype: 'float32' }), approx: true },
      { label: 'logspace default num', expr: 'np.logspace(0, 1)', run: () => cp.logspace(0, 1), approx: true },
      { label: 'logspace num 0', expr: 'np.logspace(0, 1, 0)', run: () => cp.logspace(0, 1, 0) },
      { label: 'logspace num 1', expr: 'np.logspace(2, 5, 1)', run: () => cp.logspace(2, 5, 1) },
      { label: 'logspace axis -1', expr: 'np.logspace(0, 1, 3, axis=-1)', run: () => cp.logspace(0, 1, 3, { axis: -1 }), approx: true },
      // array bounds and bases, as NumPy's (the base broadcast with the bounds, its samples' axis at axis)
      { label: 'logspace NaN start', expr: 'np.logspace(np.nan, 1, 3)', run: () => cp.logspace(NaN, 1, 3) },
      { label: 'logspace array start', expr: 'np.logspace([0, 1], 2, 3)', run: () => cp.logspace([0, 1], 2, 3), approx: true },
      { label: 'logspace array bounds axis 1', expr: 'np.logspace(np.array([[0], [1]], np.float32), [2, 3, 4], 4, axis=1)',
        run: () => cp.logspace(cp.asarray([[0], [1]], { dtype: 'float32' }), [2, 3, 4], 4, { axis: 1 }), approx: true },
      { label: 'logspace array base', expr: 'np.logspace(0, 2, 3, base=[2, 10])', run: () => cp.logspace(0, 2, 3, { base: [2, 10] }), approx: true },
      { label: 'logspace array base axis -1', expr: 'np.logspace([0, 1], 3, 4, endpoint=False, base=np.array([2.0, 3.0]), axis=-1)',
        run: () => cp.logspace([0, 1], 3, 4, false, cp.asarray([2, 3], { dtype: 'float64' }), { axis: -1 }), approx: true },
      { label: 'logspace 0-d array base', expr: 'np.logspace(0, 2, 3, base=np.float32(2))', run: () => cp.logspace(0, 2, 3, { base: cp.asarray(2, { dtype: 'float32' }) }), approx: true },
      { label: 'geomspace', expr: 'np.geomspace(1, 1000, 4)', run: () => cp.geomspace(1, 1000, 4) },
      { label: 'geomspace fractional', expr: 'np.geomspace(0.5, 7.25, 9)', run: () => cp.geomspace(0.5, 7.25, 9), approx: true },
      { label: 'geomspace negative', expr: 'np.geomspace(-1, -1000, 4)', run: () => cp.geomspace(-1, -1000, 4), approx: true },
      { label: 'geomspace mixed signs', expr: 'np.geomspace(-1, 1000, 4)', run: () => cp.geomspace(-1, 1000, 4) },
      { label: 'geomspace decreasing, no endpoint', expr: 'np.geomspace(1000, 1, 3, endpoint=False)', run: () => cp.geomspace(1000, 1, 3, false), approx: true },
      // Interior values far from integers: the cast truncates, so a power that lands on an integer
      // (geomspace(1, 256, 9)'s 128) gives 127 or 128 by one ulp of pow, which differs by platform.
      { label: 'geomspace int32', expr: 'np.geomspace(3, 7000, 6, dtype=np.int32)', run: () => cp.geomspace(3, 7000, 6, { dtype: 'int32' }) },
      { label: 'geomspace float32', expr: 'np.geomspace(2, 3, 5, dtype=np.float32)', run: () => cp.geomspace(2, 3, 5, true, 'float32'), approx: true },
      { label: 'geomspace num 1', expr: 'np.geomspace(3, 5, 1)', run: () => cp.geomspace(3, 5, 1) },
      { label: 'geomspace num 0', expr: 'np.geomspace(3, 5, 0)', run: () => cp.geomspace(3, 5, 0) },
      // array and complex ends: NumPy's general path (rotated by the start's sign, exact ends put back)
      { label: 'geomspace complex ends', expr: 'np.geomspace(1j, 1000j, 4)', run: () => cp.geomspace(cp.complex(0, 1), cp.complex(0, 1000), 4), approx: true },
      { label: 'geomspace complex64', expr: "np.geomspace(-1+1j, 3+4j, 5, dtype='complex64')", run: () => cp.geomspace(cp.complex(-1, 1), cp.complex(3, 4), 5, true, 'complex64'), approx: true },
      { label: 'geomspace array start', expr: 'np.geomspace([1, 2], 16, 3)', run: () => cp.geomspace([1, 2], 16, 3), approx: true },
      { label: 'geomspace array ends axis 1', expr: 'np.geomspace([1, 2], 16, 3, axis=1)', run: () => cp.geomspace([1, 2], 16, 3, { axis: 1 }), approx: true },
      { label: 'geomspace broadcast mixed signs', expr: 'np.geomspace([-1, 2], [[16], [-8]], 4, endpoint=False)', run: () => cp.geomspace([-1, 2], [[16], [-8]], 4, false), approx: true },
      { label: 'geomspace float32 array', expr: "np.geomspace(np.array([1, 10], 'float32'), 100, 3)", run: () => cp.geomspace(cp.asarray([1, 10], { dtype: 'float32' }), 100, 3), approx: true },
      { label: 'geomspace array num 1', expr: 'np.geomspace([1, 2], [4, 8], 1)', run: () => cp.geomspace([1, 2], [4, 8], 1) },
      { label: 'geomspace array num 0', expr: 'np.geomspace([1, 2], [4, 8], 0)', run: () => cp.geomspace([1, 2], [4, 8], 0) },
      { label: 'geomspace array, complex dtype, mixed signs', expr: "np.geomspace([-4], [1], 3, dtype='complex128')", run: () => cp.geomspace([-4], [1], 3, true, 'complex128'), approx: true },
    ];
    checkCases(cases);
  });

  it('resize repeats the flat data', () => {
    const cases: ValueCase[] = [];
    for (const d of DTYPES) {
      const a = rand(d, [2, 3]);
      cases.push({ label: `${d} grow`, expr: 'np.resize(a, (3, 5))', inputs: { a }, run: () => cp.resize(toDevice(a), [3, 5]) });
    }
    const a = rand('float32', [2, 3]);
    const e = rand('int16', [0, 3]);
    const s = rand('int8', []);
    cases.push(
      { label: 'shrink', expr: 'np.resize(a, 4)', inputs: { a }, run: () => cp.resize(toDevice(a), 4) },
      { label: 'same size', expr: 'np.resize(a, (3, 2))', inputs: { a }, run: () => cp.resize(toDevice(a), [3, 2]) },
      { label: 'of a view', expr: 'np.resize(a.T[::-1], (2, 2, 2))', inputs: { a }, run: () => cp.resize(toDevice(a).T.get('::-1'), [2, 2, 2]) },
      { label: 'empty input', expr: 'np.resize(e, (2, 2))', inputs: { e }, run: () => cp.resize(toDevice(e), [2, 2]) },
      { label: 'to empty', expr: 'np.resize(a, (0, 4))', inputs: { a }, run: () => cp.resize(toDevice(a), [0, 4]) },
      { label: '0-d', expr: 'np.resize(s, (2, 3))', inputs: { s }, run: () => cp.resize(toDevice(s), [2, 3]) },
      { label: 'to 0-d', expr: 'np.resize(a, ())', inputs: { a }, run: () => cp.resize(toDevice(a), []) },
      { label: 'JS data', expr: 'np.resize([1, 2, 3], 7)', run: () => cp.resize([1, 2, 3], 7) },
    );
    checkCases(cases);
  });
});

describe('apply_along_axis', () => {
  it('stacks the results of a JS function over 1-D slices', () => {
    const a = rand('float32', [3, 4, 2]);
    const i = rand('int16', [4, 3]);
    const cases: ValueCase[] = [
      { label: 'sum axis 0', expr: 'np.apply_along_axis(np.sum, 0, a)', inputs: { a }, approx: true, run: () => cp.apply_along_axis((v: cp.NDArray) => cp.sum(v), 0, toDevice(a)) },
      { label: 'sum axis -1', expr: 'np.apply_along_axis(np.sum, -1, a)', inputs: { a }, approx: true, run: () => cp.apply_along_axis((v: cp.NDArray) => cp.sum(v), -1, toDevice(a)) },
      { label: 'vector result axis 1', expr: 'np.apply_along_axis(lambda v: v[::-1] * 2, 1, a)', inputs: { a },
        run: () => cp.apply_along_axis((v: cp.NDArray) => v.get('::-1').mul(2), 1, toDevice(a)) },
      { label: 'matrix result', expr: 'np.apply_along_axis(lambda v: np.outer(v, v[:2]), 1, i)', inputs: { i },
        run: () => cp.apply_along_axis((v: cp.NDArray) => cp.outer(v, v.get(':2')), 1, toDevice(i)) },
      { label: 'extra arguments', expr: 'np.apply_along_axis(lambda v, k: v * k, 0, i, 3)', inputs: { i },
        run: () => cp.apply_along_axis((v: cp.NDArray, k: number) => v.mul(k), 0, toDevice(i), 3) },
      { label: 'JS result', expr: 'np.apply_along_axis(lambda v: len(v), 0, i)', inputs: { i }, run: () => cp.apply_along_axis((v: cp.NDArray) => v.size, 0, toDevice(i)) },
      { label: 'first dtype wins', expr: 'np.apply_along_axis(lambda v: v.astype(np.int8) if v[0] > -1000 else v, 1, i)', inputs: { i },
        run: () => cp.apply_along_axis((v: cp.NDArray) => v.astype('int8'), 1, toDevice(i)) },
      { label: '1-D', expr: 'np.apply_along_axis(np.cumsum, 0, i[0])', inputs: { i }, run: () => cp.apply_along_axis((v: cp.NDArray) => cp.cumsum(v), 0, toDevice(i).get('0')) },
      { label: 'empty axis', expr: 'np.apply_along_axis(np.sum, 0, np.zeros((0, 3)))', run: () => cp.apply_along_axis((v: cp.NDArray) => cp.sum(v), 0, cp.zeros([0, 3])) },
    ];
    checkCases(cases);
  });
});

describe('append, insert, delete', () => {
  it('append along an axis or flattened', () => {
    const cases: ValueCase[] = [];
    for (const d of DTYPES) {
      const a = rand(d, [2, 3]);
      const b = rand(d, [1, 3]);
      cases.push(
        { label: `${d} None`, expr: 'np.append(a, b)', inputs: { a, b }, run: () => cp.append(toDevice(a), toDevice(b)) },
        { label: `${d} axis 0`, expr: 'np.append(a, b, axis=0)', inputs: { a, b }, run: () => cp.append(toDevice(a), toDevice(b), 0) },
      );
    }
    const a = rand('int8', [2, 3]);
    const f = rand('float32', [2, 1]);
    cases.push(
      { label: 'promotes', expr: 'np.append(a, f, axis=-1)', inputs: { a, f }, run: () => cp.append(toDevice(a), toDevice(f), { axis: -1 }) },
      { label: 'JS values', expr: 'np.append(a, [7, 8.5])', inputs: { a }, run: () => cp.append(toDevice(a), [7, 8.5]) },
      { label: 'scalar', expr: 'np.append(a, 1)', inputs: { a }, run: () => cp.append(toDevice(a), 1) },
    );
    checkCases(cases);
  });

  it('delete by integer, list, mask and slice, along axes', () => {
    const cases: ValueCase[] = [];
    for (const d of DTYPES) {
      const a = rand(d, [3, 5]);
      cases.push({ label: `${d}`, expr: 'np.delete(a, [0, 3], axis=1)', inputs: { a }, run: () => cp.delete(toDevice(a), [0, 3], 1) });
    }
    const a = rand('float32', [4, 5]);
    const m = rand('bool', [5]);
    const idx = rand('int32', [3], -4, 3);
    const s = rand('int64', []);
    cases.push(
      { label: 'int, None', expr: 'np.delete(a, 7)', inputs: { a }, run: () => cp.delete(toDevice(a), 7) },
      { label: 'negative int, axis 0', expr: 'np.delete(a, -1, 0)', inputs: { a }, run: () => cp.delete(toDevice(a), -1, 0) },
      { label: 'list with repeats and negatives', expr: 'np.delete(a, [1, -1, 1], axis=-1)', inputs: { a }, run: () => cp.delete(toDevice(a), [1, -1, 1], -1) },
      { label: 'index array', expr: 'np.delete(a, idx, axis=0)', inputs: { a, idx }, run: () => cp.delete(toDevice(a), toDevice(idx), 0) },
      { label: 'mask', expr: 'np.delete(a, m, axis=1)', inputs: { a, m }, run: () => cp.delete(toDevice(a), toDevice(m), { axis: 1 }) },
      { label: 'JS mask', expr: 'np.delete(a, [True, False, True, False], 0)', inputs: { a }, run: () => cp.delete(toDevice(a), [true, false, true, false], 0) },
      { label: 'slice', expr: 'np.delete(a, slice(1, None, 2), 1)', inputs: { a }, run: () => cp.delete(toDevice(a), cp.slice(1, null, 2), 1) },
      { label: 'reversed slice, None', expr: 'np.delete(a, slice(None, None, -3))', inputs: { a }, run: () => cp.delete(toDevice(a), cp.slice(null, null, -3)) },
      { label: 'empty slice', expr: 'np.delete(a, slice(3, 1), 0)', inputs: { a }, run: () => cp.delete(toDevice(a), cp.slice(3, 1), 0) },
      { label: 'empty list', expr: 'np.delete(a, [], 0)', inputs: { a }, run: () => cp.delete(toDevice(a), [], 0) },
      { label: '0-d', expr: 'np.delete(s, 0)', inputs: { s }, run: () => cp.delete(toDevice(s), 0) },
      { label: 'everything', expr: 'np.delete(a, slice(None), 1)', inputs: { a }, run: () => cp.delete(toDevice(a), cp.slice(), 1) },
    );
    checkCases(cases);
  });

  it('insert at one or several positions, values broadcast and cast', () => {
    const cases: ValueCase[] = [];
    for (const d of DTYPES) {
      const a = rand(d, [2, 3]);
      const v = rand(d, [2]);
      cases.push(
        { label: `${d} int axis 1`, expr: 'np.insert(a, 1, v, axis=1)', inputs: { a, v }, run: () => cp.insert(toDevice(a), 1, toDevice(v), 1) },
        { label: `${d} list None`, expr: 'np.insert(a, [0, 6, 2], v[:1])', inputs: { a, v }, run: () => cp.insert(toDevice(a), [0, 6, 2], toDevice(v).get(':1')) },
      );
    }
    const a = rand('int32', [2, 3]);
    const f = rand('float64', [2]);
    const s = rand('uint8', []);
    cases.push(
      { label: 'scalar into None', expr: 'np.insert(a, 3, 99)', inputs: { a }, run: () => cp.insert(toDevice(a), 3, 99) },
      { label: 'float truncated', expr: 'np.insert(a, 1, 1.7, axis=0)', inputs: { a }, run: () => cp.insert(toDevice(a), 1, 1.7, 0) },
      { label: 'one-element list: a block', expr: 'np.insert(a, [1], [7, 8], axis=1)', inputs: { a }, run: () => cp.insert(toDevice(a), [1], [7, 8], 1) },
      { label: 'one-element list, column values', expr: 'np.insert(a, [1], [[7], [8]], axis=1)', inputs: { a }, run: () => cp.insert(toDevice(a), [1], [[7], [8]], 1) },
      { label: 'int, rows', expr: 'np.insert(a, 2, [[5, 6, 7], [8, 9, 10]], axis=0)', inputs: { a }, run: () => cp.insert(toDevice(a), 2, [[5, 6, 7], [8, 9, 10]], 0) },
      { label: 'negative int', expr: 'np.insert(a, -1, f, axis=1)', inputs: { a, f }, run: () => cp.insert(toDevice(a), -1, toDevice(f), { axis: 1 }) },
      { label: 'end', expr: 'np.insert(a, 3, 0, axis=-1)', inputs: { a }, run: () => cp.insert(toDevice(a), 3, 0, -1) },
      { label: 'slice', expr: 'np.insert(a, slice(0, 3, 2), [[7], [8]], axis=1)', inputs: { a }, run: () => cp.insert(toDevice(a), cp.slice(0, 3, 2), [[7], [8]], 1) },
      { label: 'repeated positions', expr: 'np.insert(a, [2, 0, 2], [[7], [8]], axis=1)', inputs: { a }, run: () => cp.insert(toDevice(a), [2, 0, 2], [[7], [8]], 1) },
      { label: 'far negative wraps like NumPy', expr: 'np.insert(np.arange(3), [-7, 1], 9)', run: () => cp.insert(cp.arange(3), [-7, 1], 9) },
      { label: 'index array', expr: 'np.insert(a, np.array([1, 2]), 5, axis=0)', inputs: { a }, run: () => cp.insert(toDevice(a), cp.array([1, 2]), 5, 0) },
      { label: 'empty list', expr: 'np.insert(a, [], 5)', inputs: { a }, run: () => cp.insert(toDevice(a), [], 5) },
      { label: '0-d', expr: 'np.insert(s, 0, 9)', inputs: { s }, run: () => cp.insert(toDevice(s), 0, 9) },
      { label: 'into empty', expr: 'np.insert(np.zeros((2, 0)), 0, [1, 2], axis=1)', run: () => cp.insert(cp.zeros([2, 0]), 0, [1, 2], 1) },
    );
    checkCases(cases);
  });
});

describe('refused calls', () => {
  it('throw a CupytsError naming the function', () => {
    const a = rand('float32', [2, 3]);
    const cases: ErrorCase[] = [
      { label: 'copy order F', expr: null, run: () => cp.copy(toDevice(a), 'F'), code: 'ERR_UNSUPPORTED', message: /^copy: order 'F' is not supported yet/ },
      { label: 'copy subok', expr: null, run: () => (cp.copy as any)(toDevice(a), { subok: true }), code: 'ERR_UNSUPPORTED', message: "copy: the option 'subok' is not supported yet" },
      { label: 'copy no array', expr: null, run: () => (cp.copy as any)('x'), code: 'ERR_ARG', message: /^copy: expected a to be an array/ },
      { label: 'logspace negative num', expr: 'np.logspace(0, 1, -1)', run: () => (cp.logspace as any)(0, 1, -1), code: 'ERR_ARG', message: 'logspace: expected num to be a non-negative integer, got -1' },
      { label: 'logspace axis', expr: 'np.logspace(0, 1, 5, axis=1)', run: () => cp.logspace(0, 1, 5, { axis: 1 }), code: 'ERR_AXIS', message: /^logspace: axis 1 is out of bounds/ },
      { label: 'logspace array bounds axis', expr: 'np.logspace([0, 1], 2, 3, axis=2)', run: () => cp.logspace([0, 1], 2, 3, { axis: 2 }), code: 'ERR_AXIS', message: /^logspace: axis 2 is out of bounds/ },
      { label: 'logspace base shape', expr: 'np.logspace([0, 1], 2, 3, base=[2, 3, 4])', run: () => cp.logspace([0, 1], 2, 3, { base: [2, 3, 4] }), code: 'ERR_SHAPE', message: /^logspace: / },
      { label: 'logspace string start', expr: null, run: () => (cp.logspace as any)('a', 1), code: 'ERR_ARG', message: /^logspace: expected start to be an array/ },
      { label: 'geomspace zero', expr: 'np.geomspace(0, 1, 5)', run: () => cp.geomspace(0, 1, 5), code: 'ERR_ARG', message: 'geomspace: Geometric sequence cannot include zero' },
      { label: 'geomspace zero in an array', expr: 'np.geomspace([1, 0], 3, 3)', run: () => cp.geomspace([1, 0], 3, 3), code: 'ERR_ARG', message: 'geomspace: Geometric sequence cannot include zero' },
      { label: 'geomspace array axis out of range', expr: 'np.geomspace([1, 2], 3, 3, axis=2)', run: () => cp.geomspace([1, 2], 3, 3, { axis: 2 }), code: 'ERR_AXIS', message: 'geomspace: axis 2 is out of bounds for array of dimension 2' },
      { label: 'geomspace unknown option', expr: null, run: () => (cp.geomspace as any)(1, 2, { base: 2 }), code: 'ERR_ARG', message: /^geomspace: unknown option 'base'/ },
      { label: 'resize negative', expr: 'np.resize(a, (-1, 2))', inputs: { a }, run: () => cp.resize(toDevice(a), [-1, 2]), code: 'ERR_SHAPE', message: /^resize: all elements of `new_shape` must be non-negative/ },
      { label: 'apply_along_axis empty', expr: 'np.apply_along_axis(np.sum, 1, np.zeros((0, 3)))', run: () => cp.apply_along_axis((v: cp.NDArray) => v, 1, cp.zeros([0, 3])), code: 'ERR_SHAPE', message: 'apply_along_axis: Cannot apply_along_axis when any iteration dimensions are 0' },
      { label: 'apply_along_axis axis', expr: 'np.apply_along_axis(np.sum, 2, a)', inputs: { a }, run: () => cp.apply_along_axis((v: cp.NDArray) => v, 2, toDevice(a)), code: 'ERR_AXIS', message: /^apply_along_axis: axis 2 is out of bounds/ },
      { label: 'apply_along_axis not a function', expr: null, run: () => (cp.apply_along_axis as any)(1, 0, toDevice(a)), code: 'ERR_ARG', message: 'apply_along_axis: expected func1d to be a function, got 1' },
      { label: 'apply_along_axis bad result', expr: null, run: () => cp.apply_along_axis(() => 'x', 0, toDevice(a)), code: 'ERR_ARG', message: /^apply_along_axis: expected func1d to return an array/ },
      { label: 'append shapes', expr: 'np.append(a, [[1, 2]], axis=0)', inputs: { a }, run: () => cp.append(toDevice(a), [[1, 2]], 0), code: 'ERR_SHAPE', message: /all the input array dimensions except for the concatenation axis must match/ },
      { label: 'delete out of range', expr: 'np.delete(np.arange(3), 5)', run: () => cp.delete(cp.arange(3), 5), code: 'ERR_INDEX', message: 'delete: index 5 is out of bounds for axis 0 with size 3' },
      { label: 'delete list out of range', expr: 'np.delete(np.arange(3), [0, -4])', run: () => cp.delete(cp.arange(3), [0, -4]), code: 'ERR_INDEX', message: 'delete: index -4 is out of bounds for axis 0 with size 3' },
      { label: 'delete float index', expr: 'np.delete(np.arange(3), [1.5])', run: () => cp.delete(cp.arange(3), [1.5]), code: 'ERR_INDEX', message: /^delete: arrays used as indices must be of integer \(or boolean\) type/ },
      { label: 'delete mask length', expr: 'np.delete(np.arange(3), [True, False])', run: () => cp.delete(cp.arange(3), [true, false]), code: 'ERR_SHAPE', message: /^delete: boolean array argument obj to delete must be one dimensional/ },
      { label: 'delete a string', expr: null, run: () => (cp.delete as any)(cp.arange(3), '1:2'), code: 'ERR_ARG', message: /^delete: expected obj to be an integer, a slice/ },
      { label: 'delete axis', expr: 'np.delete(a, 0, axis=2)', inputs: { a }, run: () => cp.delete(toDevice(a), 0, 2), code: 'ERR_AXIS', message: /^delete: axis 2 is out of bounds/ },
      { label: 'insert out of range', expr: 'np.insert(np.arange(3), 5, 1)', run: () => cp.insert(cp.arange(3), 5, 1), code: 'ERR_INDEX', message: 'insert: index 5 is out of bounds for axis 0 with size 3' },
      { label: 'insert list out of range', expr: 'np.insert(np.arange(3), [7, 1], 9)', run: () => cp.insert(cp.arange(3), [7, 1], 9), code: 'ERR_INDEX', message: /^insert: index 8 is out of bounds for axis 0 with size 5/ },
      { label: 'insert 2-D obj', expr: 'np.insert(np.arange(3), [[1, 2]], 9)', run: () => cp.insert(cp.arange(3), [[1, 2]], 9), code: 'ERR_SHAPE', message: 'insert: index array argument obj to insert must be one dimensional or scalar' },
      { label: 'insert value too big', expr: 'np.insert(np.arange(3, dtype=np.uint8), 1, 300)', run: () => cp.insert(cp.arange(3).astype('uint8'), 1, 300), code: 'ERR_OVERFLOW', message: /insert/ },
      { label: 'insert values shape', expr: 'np.insert(a, [0, 1], [[1, 2, 3]], axis=1)', inputs: { a }, run: () => cp.insert(toDevice(a), [0, 1], [[1, 2, 3]], 1), code: 'ERR_SHAPE', message: /^insert: shape mismatch/ },
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
