// diff, ediff1d, gradient, cross and trapezoid against NumPy, over dtypes, axes (negative ones
// too), prepend/append and to_begin/to_end, spacings (scalars, coordinates, uniform and not),
// edge orders 1 and 2, 2- and 3-vectors, broadcasting, empty and 0-d inputs; and every rejected
// call is a CupytsError naming the function. Every kernel built here is compiled with NVRTC.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, toDevice } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { checkErrors, type ErrorCase } from '../helpers/numpy-cases.js';
import { checkClose, type CloseCase } from '../helpers/numpy-close-cases.js';
import { randomArray, type CompareOptions, type DTypeName, type HostArray } from '../helpers/numpy-oracle.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';

setBackendNotice(() => {});

const ALL: DTypeName[] = ['bool', 'int8', 'uint8', 'int16', 'int32', 'int64', 'uint32', 'uint64', 'float16', 'float32', 'float64'];
const NUMERIC = ALL.filter((d) => d !== 'bool');
let seed = 2500;
const rand = (dtype: DTypeName, shape: number[], special = false) => randomArray(dtype, shape, seed++, { special });
/** Computed floats: NumPy may round in another order. */
const tol = (d: DTypeName): CompareOptions | undefined =>
  d === 'float16' ? { rtol: 1e-2, atol: 1e-2 } : d === 'float32' ? { rtol: 1e-5, atol: 1e-5 } : { rtol: 1e-10, atol: 1e-10 };

describe('diff and ediff1d', () => {
  it('diff over dtypes, n, axes, prepend and append', () => {
    const cases: CloseCase[] = [];
    for (const d of ALL) {
      const a = rand(d, [3, 5], true);
      cases.push(
        { label: `${d} default`, expr: 'np.diff(a)', inputs: { a }, run: () => cp.diff(toDevice(a)) },
        { label: `${d} n=2 axis=0`, expr: 'np.diff(a, 2, 0)', inputs: { a }, run: () => cp.diff(toDevice(a), 2, 0) },
        { label: `${d} n=3 axis=-1`, expr: 'np.diff(a, n=3, axis=-1)', inputs: { a }, run: () => cp.diff(toDevice(a), { n: 3, axis: -1 }) },
        { label: `${d} axis=-2`, expr: 'np.diff(a, axis=-2)', inputs: { a }, run: () => cp.diff(toDevice(a), { axis: -2 }) },
      );
    }
    const f = rand('float64', [4, 3], true);
    const i = rand('int8', [6]);
    const row = rand('float32', [4, 1]);
    cases.push(
      { label: 'prepend scalar', expr: 'np.diff(f, prepend=0)', inputs: { f }, run: () => cp.diff(toDevice(f), { prepend: 0 }) },
      { label: 'append scalar axis 0', expr: 'np.diff(f, axis=0, append=2.5)', inputs: { f }, run: () => cp.diff(toDevice(f), { axis: 0, append: 2.5 }) },
      { label: 'prepend and append arrays', expr: 'np.diff(f, 1, 1, row, row)', inputs: { f, row }, run: () => cp.diff(toDevice(f), 1, 1, toDevice(row), toDevice(row)) },
      { label: 'int8 prepend int (int64)', expr: 'np.diff(i, prepend=100)', inputs: { i }, run: () => cp.diff(toDevice(i), { prepend: 100 }) },
      { label: 'n=0 is the input', expr: 'np.diff(i, 0)', inputs: { i }, run: () => cp.diff(toDevice(i), 0) },
      { label: 'n past the length', expr: 'np.diff(i, 9)', inputs: { i }, run: () => cp.diff(toDevice(i), 9) },
      { label: 'n huge', expr: 'np.diff(i, 1000)', inputs: { i }, run: () => cp.diff(toDevice(i), 1e9) },
      { label: 'empty axis', expr: 'np.diff(np.zeros((2, 0)))', run: () => cp.diff(cp.zeros([2, 0])) },
      { label: 'transposed', expr: 'np.diff(f.T, axis=0)', inputs: { f }, run: () => cp.diff(toDevice(f).T, { axis: 0 }) },
      { label: 'JS list', expr: 'np.diff([1, 4, 9, 16])', run: () => cp.diff([1, 4, 9, 16]) },
    );
    checkClose(cases);
  });

  it('ediff1d over dtypes, to_begin and to_end', () => {
    const cases: CloseCase[] = [];
    for (const d of NUMERIC) {
      const a = rand(d, [2, 4], true);
      const e = rand(d, [2]);
      cases.push(
        { label: `${d} flat`, expr: 'np.ediff1d(a)', inputs: { a }, run: () => cp.ediff1d(toDevice(a)) },
        { label: `${d} ends`, expr: 'np.ediff1d(a, to_end=e, to_begin=e[:1])', inputs: { a, e }, run: () => cp.ediff1d(toDevice(a), { to_end: toDevice(e), to_begin: toDevice(e).get(':1') }) },
        { label: `${d} positional ends`, expr: 'np.ediff1d(a, e, e)', inputs: { a, e }, run: () => cp.ediff1d(toDevice(a), toDevice(e), toDevice(e)) },
      );
    }
    const f = rand('float32', [5]);
    cases.push(
      { label: 'scalar ends', expr: 'np.ediff1d(f, to_end=1.5, to_begin=[-1.0, 2.0])', inputs: { f }, run: () => cp.ediff1d(toDevice(f), { to_end: 1.5, to_begin: [-1.0, 2.5 - 0.5] }) },
      { label: 'one element', expr: 'np.ediff1d(np.array([3.0]))', run: () => cp.ediff1d([3.5]) },
      { label: 'empty', expr: 'np.ediff1d(np.zeros(0), to_end=[1.5])', run: () => cp.ediff1d(cp.zeros([0]), { to_end: [1.5] }) },
    );
    checkClose(cases);
  });
});

describe('gradient', () => {
  it('over dtypes, axes, spacings and edge orders', () => {
    const cases: CloseCase[] = [];
    for (const d of NUMERIC) {
      const a = rand(d, [4, 5]);
      cases.push(
        { label: `${d} 2-D`, expr: 'list(np.gradient(a))', inputs: { a }, run: () => cp.gradient(toDevice(a)), tol: tol(d) },
        { label: `${d} axis -1 dx 0.5 order 2`, expr: 'np.gradient(a, 0.5, axis=-1, edge_order=2)', inputs: { a }, run: () => cp.gradient(toDevice(a), 0.5, { axis: -1, edge_order: 2 }), tol: tol(d) },
      );
    }
    const f = rand('float64', [5, 6], true);
    const g = rand('float32', [3, 4, 5]);
    const x = { dtype: 'float64', shape: [6], data: Float64Array.from([0, 0.5, 1.5, 1.75, 3, 4.5]) } as HostArray;
    const xi = { dtype: 'int32', shape: [5], data: Int32Array.from([0, 1, 3, 4, 7]) } as HostArray;
    const u = { dtype: 'float64', shape: [6], data: Float64Array.from([0, 2, 4, 6, 8, 10]) } as HostArray;
    const h = rand('float16', [7]);
    cases.push(
      { label: '1-D', expr: 'np.gradient(f[0])', inputs: { f }, run: () => cp.gradient(toDevice(f).get(0)) },
      { label: 'coordinates', expr: 'np.gradient(f, 2.0, x)', inputs: { f, x }, run: () => cp.gradient(toDevice(f), 2.0, toDevice(x)), tol: tol('float64') },
      { label: 'coordinates order 2', expr: 'np.gradient(f, 1, x, edge_order=2)', inputs: { f, x }, run: () => cp.gradient(toDevice(f), 1, toDevice(x), { edge_order: 2 }), tol: tol('float64') },
      { label: 'uniform coordinates', expr: 'np.gradient(f, axis=1, *[u])', inputs: { f, u }, run: () => cp.gradient(toDevice(f), toDevice(u), { axis: 1 }), tol: tol('float64') },
      { label: 'int coordinates', expr: 'np.gradient(g[0, 0], xi, edge_order=2)', inputs: { g, xi }, run: () => cp.gradient(toDevice(g).get([0, 0]), toDevice(xi), { edge_order: 2 }), tol: tol('float32') },
      { label: 'axes list', expr: 'list(np.gradient(g, 3.0, axis=(2, 0)))', inputs: { g }, run: () => cp.gradient(toDevice(g), 3.0, { axis: [2, 0] }), tol: tol('float32') },
      { label: 'negative axis', expr: 'np.gradient(g, axis=-2)', inputs: { g }, run: () => cp.gradient(toDevice(g), { axis: -2 }), tol: tol('float32') },
      { label: 'one dx per axis', expr: 'list(np.gradient(g, 1.0, 2.0, 0.5))', inputs: { g }, run: () => cp.gradient(toDevice(g), 1.0, 2.0, 0.5), tol: tol('float32') },
      { label: 'float16 coordinates', expr: 'np.gradient(h, np.arange(7.0) ** 2)', inputs: { h }, run: () => cp.gradient(toDevice(h), cp.power(cp.arange(7).astype('float64'), 2)), tol: tol('float16') },
      { label: 'two elements', expr: 'np.gradient(np.array([1.0, 4.0]))', run: () => cp.gradient([1.5 - 0.5, 4.5 - 0.5]) },
      { label: 'three elements order 2', expr: 'np.gradient(np.array([1.0, 4.0, 9.0]), edge_order=2)', run: () => cp.gradient([1.5 - 0.5, 4.5 - 0.5, 9.5 - 0.5], { edge_order: 2 }) },
      { label: 'empty other axis', expr: 'np.gradient(np.zeros((0, 3)), axis=1)', run: () => cp.gradient(cp.zeros([0, 3]), { axis: 1 }) },
    );
    checkClose(cases);
  });
});

/** `p` with a zero third component: newer NumPy refuses 2-vectors in cross (2.0 deprecated them), so the oracle pads them. */
const PAD = (p: string) => `np.concatenate([${p}, np.zeros_like(${p}[..., :1])], -1)`;

describe('cross', () => {
  it('2- and 3-vectors over dtypes, axes and broadcasting', () => {
    const cases: CloseCase[] = [];
    for (const d of NUMERIC) {
      const a = rand(d, [4, 3]);
      const b = rand(d, [4, 3]);
      const p = rand(d, [4, 2]);
      cases.push(
        { label: `${d} 3x3`, expr: 'np.cross(a, b)', inputs: { a, b }, run: () => cp.cross(toDevice(a), toDevice(b)), tol: tol(d) },
        { label: `${d} 2x2`, expr: `np.cross(${PAD('p')}, ${PAD('p[::-1]')})[..., 2]`, inputs: { p }, run: () => cp.cross(toDevice(p), toDevice(p).get('::-1')), tol: tol(d) },
        { label: `${d} 2x3`, expr: `np.cross(${PAD('p')}, b)`, inputs: { p, b }, run: () => cp.cross(toDevice(p), toDevice(b)), tol: tol(d) },
        { label: `${d} 3x2`, expr: `np.cross(a, ${PAD('p')})`, inputs: { a, p }, run: () => cp.cross(toDevice(a), toDevice(p)), tol: tol(d) },
      );
    }
    const a = rand('float64', [3, 4]);
    const b = rand('int32', [2, 1, 3]);
    const c = rand('float32', [2, 3, 4]);
    const c2 = rand('float32', [5, 3, 2]);
    cases.push(
      { label: 'axisa 0 broadcast', expr: 'np.cross(a, b, axisa=0)', inputs: { a, b }, run: () => cp.cross(toDevice(a), toDevice(b), 0) },
      { label: 'axisc 0', expr: 'np.cross(a, b, 0, -1, 0)', inputs: { a, b }, run: () => cp.cross(toDevice(a), toDevice(b), 0, -1, 0) },
      { label: 'axisb 1', expr: 'np.cross(a.T, c, axisb=1, axisc=1)', inputs: { a, c }, run: () => cp.cross(toDevice(a).T, toDevice(c), { axisb: 1, axisc: 1 }), tol: tol('float64') },
      { label: 'axis for all', expr: 'np.cross(c2, c2[::-1], axis=1)', inputs: { c2 }, run: () => cp.cross(toDevice(c2), toDevice(c2).get('::-1'), { axis: 1 }) },
      { label: 'mixed dtypes', expr: 'np.cross(b, a.T[:1])', inputs: { a, b }, run: () => cp.cross(toDevice(b), toDevice(a).T.get(':1')) },
      { label: 'JS lists', expr: 'np.cross([1, 2, 3], [4, 5, 6])', run: () => cp.cross([1, 2, 3], [4, 5, 6]) },
      { label: 'empty', expr: 'np.cross(np.zeros((0, 3)), np.zeros((0, 3)))', run: () => cp.cross(cp.zeros([0, 3]), cp.zeros([0, 3])) },
    );
    checkClose(cases);
  });
});

describe('trapezoid', () => {
  it('over dtypes, x, dx and axes', () => {
    const cases: CloseCase[] = [];
    for (const d of ALL) {
      const y = rand(d, [3, 6]);
      cases.push(
        { label: `${d} default`, expr: 'np.trapezoid(y)', inputs: { y }, run: () => cp.trapezoid(toDevice(y)), tol: tol(d) },
        { label: `${d} dx axis 0`, expr: 'np.trapezoid(y, dx=0.25, axis=0)', inputs: { y }, run: () => cp.trapezoid(toDevice(y), { dx: 0.25, axis: 0 }), tol: tol(d) },
      );
    }
    const y = rand('float64', [3, 6], true);
    const x = rand('float64', [6]);
    const x2 = rand('float32', [3, 6]);
    const f = rand('float32', [4, 5]);
    cases.push(
      { label: 'x 1-D', expr: 'np.trapezoid(y, x)', inputs: { y, x }, run: () => cp.trapezoid(toDevice(y), toDevice(x)), tol: tol('float64') },
      { label: 'x 2-D', expr: 'np.trapezoid(y, x2)', inputs: { y, x2 }, run: () => cp.trapezoid(toDevice(y), toDevice(x2)), tol: tol('float64') },
      { label: 'x on axis 0', expr: 'np.trapezoid(f, np.arange(4) ** 2, axis=-2)', inputs: { f }, run: () => cp.trapezoid(toDevice(f), cp.power(cp.arange(4), 2), { axis: -2 }), tol: tol('float32') },
      { label: 'positional', expr: 'np.trapezoid(f, None, 2.0, 0)', inputs: { f }, run: () => cp.trapezoid(toDevice(f), null, 2.0, 0), tol: tol('float32') },
      { label: 'one sample', expr: 'np.trapezoid(np.ones((2, 1)))', run: () => cp.trapezoid(cp.ones([2, 1])) },
      { label: 'empty', expr: 'np.trapezoid(np.zeros((2, 0)))', run: () => cp.trapezoid(cp.zeros([2, 0])) },
      { label: '1-D', expr: 'np.asarray(np.trapezoid(x))', inputs: { x }, run: () => cp.trapezoid(toDevice(x)), tol: tol('float64') },
    );
    checkClose(cases);
  });
});

describe('edge cases', () => {
  it('wrapping, bool coordinates, 0-d gradient', () => {
    checkClose([
      { label: 'diff uint8 wraps', expr: 'np.diff(np.array([5, 3, 200], np.uint8))', run: () => cp.diff(cp.asarray([5, 3, 200], { dtype: 'uint8' })) },
      { label: 'trapezoid bool x', expr: 'np.trapezoid(np.array([1.0, 2.0, 4.0]), np.array([True, False, True]))', run: () => cp.trapezoid([1.5, 2.5, 4.5].map((v) => v - 0.5), [true, false, true]) },
      { label: 'gradient 0-d is no arrays', expr: 'list(np.gradient(np.float64(1.5)))', run: () => cp.gradient(cp.asarray(1.5)) },
    ]);
  });
});

describe('rejected calls', () => {
  it('throw a CupytsError naming the function and the argument', () => {
    const m = () => cp.asarray([[1.5, 2], [3, 4]]);
    const v = () => cp.asarray([1.5, 2, 3]);
    const cases: ErrorCase[] = [
      { label: 'diff 0-d', expr: 'np.diff(np.float64(1))', run: () => cp.diff(cp.asarray(1.5)), code: 'ERR_SHAPE', message: 'diff: expected an array of at least one dimension, got a 0-d array' },
      { label: 'diff negative n', expr: 'np.diff(np.zeros(3), -1)', run: () => cp.diff(v(), -1), code: 'ERR_ARG', message: 'diff: expected n to be a non-negative integer, got -1' },
      { label: 'diff axis', expr: 'np.diff(np.zeros(3), axis=1)', run: () => cp.diff(v(), { axis: 1 }), code: 'ERR_AXIS', message: 'diff: axis 1 is out of bounds for array of dimension 1' },
      { label: 'diff prepend null', expr: null, run: () => cp.diff(v(), { prepend: null as never }), code: 'ERR_ARG', message: /^diff: expected prepend to be an array/ },
      { label: 'diff unknown option', expr: 'np.diff(np.zeros(3), axes=0)', run: () => cp.diff(v(), { axes: 0 } as never), code: 'ERR_ARG', message: /^diff: unknown option 'axes'/ },
      { label: 'ediff1d bool', expr: 'np.ediff1d(np.array([True, False]))', run: () => cp.ediff1d([true, false]), code: 'ERR_DTYPE', message: /^ediff1d: expected a numeric array, got bool/ },
      { label: 'ediff1d to_begin kind', expr: 'np.ediff1d(np.array([1, 2], np.int8), to_begin=[0.5])', run: () => cp.ediff1d(cp.asarray([1, 2], { dtype: 'int8' }), { to_begin: [0.5] }), code: 'ERR_DTYPE',
        message: 'ediff1d: expected to_begin of a dtype that casts to int8 under the same_kind rule, got float64' },
      { label: 'gradient too short', expr: 'np.gradient(np.zeros(2), edge_order=2)', run: () => cp.gradient(cp.zeros([2]), { edge_order: 2 }), code: 'ERR_SHAPE',
        message: 'gradient: expected at least edge_order + 1 = 3 elements along axis 0, got 2' },
      { label: 'gradient edge_order 3', expr: 'np.gradient(np.zeros(5), edge_order=3)', run: () => cp.gradient(cp.zeros([5]), { edge_order: 3 }), code: 'ERR_ARG', message: 'gradient: expected edge_order 1 or 2, got 3' },
      { label: 'gradient spacing count', expr: 'np.gradient(np.zeros((3, 3)), 1.0, 2.0, 3.0)', run: () => cp.gradient(m(), 1.0, 2.0, 3.0), code: 'ERR_ARG',
        message: 'gradient: expected no spacing, one scalar, or one spacing per axis (2), got 3' },
      { label: 'gradient coordinates length', expr: 'np.gradient(np.zeros(3), np.arange(4.0))', run: () => cp.gradient(v(), cp.arange(4)), code: 'ERR_SHAPE',
        message: 'gradient: expected coordinates of the length of axis 0 (3), got 4' },
      { label: 'gradient 2-D coordinates', expr: 'np.gradient(np.zeros(2), np.zeros((2, 2)))', run: () => cp.gradient(cp.zeros([2]), cp.zeros([2, 2])), code: 'ERR_SHAPE',
        message: 'gradient: expected spacings that are scalars or 1-D coordinates, got 2 dimensions' },
      { label: 'gradient bool', expr: 'np.gradient(np.array([True, False, True]))', run: () => cp.gradient([true, false, true]), code: 'ERR_DTYPE', message: /^gradient: expected a numeric array, got bool/ },
      { label: 'gradient repeated axis', expr: 'np.gradient(np.zeros((3, 3)), axis=(0, 0))', run: () => cp.gradient(m(), { axis: [0, -2] }), code: 'ERR_AXIS', message: /^gradient: expected distinct axes/ },
      { label: 'gradient axis positional', expr: null, run: () => (cp.gradient as any)(m(), 1.0, 'x'), code: 'ERR_ARG', message: /^gradient: expected varargs to be an array/ },
      { label: 'cross dimension 4', expr: 'np.cross(np.zeros(4), np.zeros(3))', run: () => cp.cross(cp.zeros([4]), cp.zeros([3])), code: 'ERR_SHAPE', message: 'cross: expected vectors of dimension 2 or 3, got 4 and 3' },
      { label: 'cross 0-d', expr: 'np.cross(np.float64(1), np.zeros(3))', run: () => cp.cross(cp.asarray(1.5), cp.zeros([3])), code: 'ERR_SHAPE', message: 'cross: expected arrays of at least one dimension, got a 0-d array' },
      { label: 'cross axisa', expr: 'np.cross(np.zeros(3), np.zeros(3), axisa=1)', run: () => cp.cross(v(), v(), 1), code: 'ERR_AXIS', message: 'cross: axisa 1 is out of bounds for array of dimension 1' },
      { label: 'cross axisc', expr: 'np.cross(np.zeros(3), np.zeros(3), axisc=1)', run: () => cp.cross(v(), v(), -1, -1, 1), code: 'ERR_AXIS', message: 'cross: axisc 1 is out of bounds for array of dimension 1' },
      { label: 'cross bool', expr: 'np.cross(np.ones(3, bool), np.ones(3, bool))', run: () => cp.cross([true, true, true], [true, false, true]), code: 'ERR_DTYPE', message: /^cross: expected a numeric array, got bool/ },
      { label: 'cross shapes', expr: 'np.cross(np.zeros((2, 3)), np.zeros((4, 3)))', run: () => cp.cross(cp.zeros([2, 3]), cp.zeros([4, 3])), code: 'ERR_SHAPE', message: /^cross: .*broadcast/ },
      { label: 'trapezoid 0-d', expr: 'np.trapezoid(np.float64(1))', run: () => cp.trapezoid(cp.asarray(1.5)), code: 'ERR_AXIS', message: 'trapezoid: axis -1 is out of bounds for array of dimension 0' },
      { label: 'trapezoid dx string', expr: null, run: () => cp.trapezoid(v(), { dx: 'a' as never }), code: 'ERR_ARG', message: /^trapezoid: expected dx to be an array/ },
    ];
    checkErrors(cases);
  });
});

describeCompilesEveryKernel(cudaSources, HAS_NVRTC, 30);
