// Indexing and array manipulation against NumPy, fixed cases distilled from a differential fuzzer
// (seeded programs over get/set, take/put, *_along_axis, nonzero and relatives, where, choose,
// select, joins, splits, views, pad, diff, scans, clip, diagonal, einsum, broadcasting), on the
// CPU's schedule and on a GPU's (run by the CPU's code, the runner reporting kind 'cuda'),
// with inputs that are lazy expressions and non-contiguous views. The last block holds one case
// per bug the fuzzer found (minimized by hand).
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { recordCuda, toDevice, toHost } from '../helpers/arrays.js';
import { compareArrays, numpy, numpyOne, randomArray, type DTypeName, type HostArray, type OracleResult } from '../helpers/numpy-oracle.js';
import { onSchedule } from '../helpers/schedule.js';
import { currentRunner } from '../../src/api/context.js';

setBackendNotice(() => {});

type Arrays = Record<string, cp.NDArray>;
type Spec = [DTypeName, number[], number, { low?: number; high?: number }?];
interface Case {
  name: string;
  inputs: Record<string, Spec>;
  run: (a: Arrays) => cp.NDArray | cp.NDArray[];
  /** A NumPy expression over the inputs' names. */
  py: string;
}

const I = (d: DTypeName, shape: number[], seed: number, low = -3, high = 3): Spec => [d, shape, seed, { low, high }];
const idx = (values: number[], dtype: 'int32' | 'int64' = 'int64') => cp.array(values, { dtype });
const lazy = (x: cp.NDArray) => (x.dtype.name === 'bool' ? cp.logical_not(cp.logical_not(x)) : cp.negative(cp.negative(x)));
/** NumPy: b = x.copy(); b[index] = v; b (as one expression). */
const setPy = (x: string, index: string, v: string) => `(lambda b: (b.__setitem__((${index}), ${v}), b)[1])(${x}.copy())`;
const callPy = (x: string, stmt: string) => `(lambda b: (${stmt.replace(/\bB\b/g, 'b')}, b)[1])(${x}.copy())`;

const CASES: Case[] = [
  // basic indexing of views and lazy values
  { name: "get '1:-1, ::-2'", inputs: { x: I('float32', [5, 4], 1) }, run: ({ x }) => x.get('1:-1, ::-2'), py: 'x[1:-1, ::-2]' },
  { name: "get 'None, ..., ::-1' of a transpose", inputs: { x: I('int64', [3, 4], 2) }, run: ({ x }) => x.T.get('None, ..., ::-1'), py: 'x.T[None, ..., ::-1]' },
  { name: "get '-1, 1:' of a lazy value", inputs: { x: I('float64', [4, 5], 3) }, run: ({ x }) => cp.multiply(x, 2).get('-1, 1:'), py: '(x * 2)[-1, 1:]' },
  { name: 'get with out-of-range slice bounds and a negative step', inputs: { x: I('int32', [4, 5, 3], 4) }, run: ({ x }) => x.get([cp.slice(10, -10, -2), cp.slice(-7, 7), 1]), py: 'x[10:-10:-2, -7:7, 1]' },
  // advanced indexing
  { name: "get '[0, 2, -1], 1:'", inputs: { x: I('int32', [4, 5], 5) }, run: ({ x }) => x.get('[0, 2, -1], 1:'), py: 'x[[0, 2, -1], 1:]' },
  { name: 'get [:, idx2d] (NDArray index)', inputs: { x: I('float32', [3, 5], 6) }, run: ({ x }) => x.get([cp.slice(), cp.array([[0, 4], [-1, 2]], { dtype: 'int32' })]), py: 'x[:, np.array([[0, 4], [-1, 2]])]' },
  { name: 'get [i, :, j]: separated advanced indices go first', inputs: { x: I('float64', [4, 3, 5], 7) }, run: ({ x }) => x.get([idx([0, 3, 1]), cp.slice(), idx([4, 0, -2])]), py: 'x[[0, 3, 1], :, [4, 0, -2]]' },
  { name: 'get [:, i, j] adjacent advanced indices stay', inputs: { x: I('int64', [2, 4, 3, 5], 8) }, run: ({ x }) => x.get([cp.slice(), [[1], [3]], [0, 2, -1], cp.slice(null, null, -1)]), py: 'x[:, [[1], [3]], [0, 2, -1], ::-1]' },
  { name: 'get with a lazy boolean mask', inputs: { x: I('float64', [4, 5], 9) }, run: ({ x }) => x.get(cp.greater(x, 0)), py: 'x[x > 0]' },
  { name: 'get with a 1-D mask on axis 1 of a negative-step view', inputs: { x: I('int32', [3, 4], 10) }, run: ({ x }) => x.get('::-1').get([cp.slice(), [true, false, true, true]]), py: 'x[::-1][:, [True, False, True, True]]' },
  { name: 'get with a 2-D mask and an integer', inputs: { x: I('float32', [3, 2, 4], 11) }, run: ({ x }) => x.get([cp.array([[true, false], [false, false], [true, true]]), 2]), py: 'x[np.array([[True, False], [False, False], [True, True]]), 2]' },
  { name: 'get with an empty index array', inputs: { x: I('float64', [3, 4], 12) }, run: ({ x }) => x.get([cp.array([], { dtype: 'int64' }), cp.slice(1)]), py: 'x[np.array([], np.int64), 1:]' },
  { name: 'get chain of a transposed, strided view', inputs: { x: I('int64', [6, 5], 13) }, run: ({ x }) => x.T.get('::2').get([[1, 0, 1]]).reshape(-1), py: 'x.T[::2][[1, 0, 1]].reshape(-1)' },
  { name: 'get with newaxis between advanced indices', inputs: { x: I('float32', [3, 4, 2], 14) }, run: ({ x }) => x.get([[0, 2], null, [1, 3]]), py: 'x[[0, 2], None, [1, 3]]' },
  { name: 'get of a bool array with advanced index', inputs: { x: I('bool', [4, 3], 15) }, run: ({ x }) => lazy(x).get([[3, 0], cp.slice(null, null, -1)]), py: 'x[[3, 0], ::-1]' },
  { name: 'get of complex64 with a mask', inputs: { x: I('complex64', [3, 3], 16) }, run: ({ x }) => x.T.get([[true, false, true]]), py: 'x.T[[True, False, True]]' },
  // writes
  { name: "set '1:3' with a broadcast row", inputs: { x: I('float32', [4, 3], 17), v: I('float32', [3], 18) }, run: ({ x, v }) => { const b = x.copy(); b.set('1:3', v); return b; }, py: setPy('x', 'slice(1, 3)', 'v') },
  { name: 'set repeated integer indices (last wins)', inputs: { x: I('int64', [5], 19), v: I('int64', [4], 20) }, run: ({ x, v }) => { const b = x.copy(); b.set([idx([0, 0, 2, 0])], v); return b; }, py: setPy('x', '[0, 0, 2, 0],', 'v') },
  { name: 'set through a transposed view', inputs: { x: I('float64', [3, 4], 21) }, run: ({ x }) => { const b = x.copy(); b.T.set('0, ::2', 7); return b; }, py: callPy('x', 'B.T.__setitem__((0, slice(None, None, 2)), 7)') },
  { name: 'set through a negative-step view with an advanced index', inputs: { x: I('int32', [4, 3], 22), v: I('int32', [2, 1], 23) }, run: ({ x, v }) => { const b = x.copy(); b.get('::-1').set([[0, 2], cp.slice(1)], v); return b; }, py: callPy('x', 'B[::-1].__setitem__(([0, 2], slice(1, None)), v)') },
  { name: 'set with a lazy mask', inputs: { x: I('float32', [4, 5], 24) }, run: ({ x }) => { const b = x.copy(); b.set(cp.less(b, 0), 0); return b; }, py: setPy('x', 'x < 0', '0') },
  { name: 'set [i, :, j] with a broadcast value', inputs: { x: I('float64', [3, 4, 5], 25), v: I('float64', [4], 26) }, run: ({ x, v }) => { const b = x.copy(); b.set([[0, 2], cp.slice(), [1, 4]], cp.multiply(v, 3)); return b; }, py: setPy('x', '[0, 2], slice(None), [1, 4]', 'v * 3') },
  { name: 'set int values into a float array', inputs: { x: I('float32', [3, 3], 27), v: I('int32', [3], 28) }, run: ({ x, v }) => { const b = x.copy(); b.set('..., 1', v); return b; }, py: setPy('x', '..., 1', 'v') },
  { name: 'set with an empty index array', inputs: { x: I('int64', [3, 2], 29) }, run: ({ x }) => { const b = x.copy(); b.set([cp.array([], { dtype: 'int64' })], 5); return b; }, py: setPy('x', 'np.array([], np.int64),', '5') },
  // take / put / along axis
  { name: 'take axis 1 mode wrap', inputs: { x: I('float32', [3, 4], 30) }, run: ({ x }) => cp.take(x, [5, -6, 0], { axis: 1, mode: 'wrap' }), py: "np.take(x, [5, -6, 0], axis=1, mode='wrap')" },
  { name: 'take flat mode clip of a view', inputs: { x: I('int32', [3, 4], 31) }, run: ({ x }) => cp.take(x.T, cp.array([[20, -3], [1, 2]]), { mode: 'clip' }), py: "np.take(x.T, [[20, -3], [1, 2]], mode='clip')" },
  // (distinct indices: which of repeated ones wins is undefined on a GPU, as in CuPy)
  { name: 'put with cycling values', inputs: { x: I('int64', [3, 3], 32), v: I('int64', [2], 33) }, run: ({ x, v }) => { const b = x.copy(); cp.put(b, [0, 4, 5, -1], v); return b; }, py: callPy('x', 'np.put(B, [0, 4, 5, -1], v)') },
  { name: 'take_along_axis of argsort', inputs: { x: I('float64', [3, 5], 34) }, run: ({ x }) => cp.take_along_axis(x, cp.argsort(x, 1), 1), py: 'np.take_along_axis(x, np.argsort(x, axis=1), axis=1)' },
  { name: 'take_along_axis broadcast indices of a lazy view', inputs: { x: I('int32', [4, 3], 35) }, run: ({ x }) => cp.take_along_axis(lazy(x).T, cp.array([[0, 3, -1]], { dtype: 'int64' }).reshape([1, 3]), 1), py: 'np.take_along_axis(x.T, np.array([[0, 3, -1]]), axis=1)' },
  { name: 'put_along_axis', inputs: { x: I('float32', [3, 4], 36), v: I('float32', [3, 1], 37) }, run: ({ x, v }) => { const b = x.copy(); cp.put_along_axis(b, cp.array([[1], [3], [0]]), v, 1); return b; }, py: callPy('x', 'np.put_along_axis(B, np.array([[1], [3], [0]]), v, axis=1)') },
  // compaction and selection
  { name: 'compress axis 0 (short condition)', inputs: { x: I('int32', [4, 3], 38) }, run: ({ x }) => cp.compress([true, false, true], x, { axis: 0 }), py: 'np.compress([True, False, True], x, axis=0)' },
  { name: 'compress flat of a view', inputs: { x: I('float64', [3, 3], 39) }, run: ({ x }) => cp.compress([false, true, true, false, true], x.T), py: 'np.compress([False, True, True, False, True], x.T)' },
  { name: 'extract with a lazy condition', inputs: { x: I('int64', [4, 4], 40) }, run: ({ x }) => cp.extract(cp.greater(x.T, 0), x.T), py: 'np.extract(x.T > 0, x.T)' },
  { name: 'nonzero of a view', inputs: { x: I('int32', [3, 4], 41, -1, 1) }, run: ({ x }) => cp.nonzero(x.get('::-1')), py: 'np.nonzero(x[::-1])' },
  { name: 'argwhere of a lazy value', inputs: { x: I('float32', [3, 2, 3], 42, -1, 1) }, run: ({ x }) => cp.argwhere(cp.greater(x, 0)), py: 'np.argwhere(x > 0)' },
  { name: 'flatnonzero of a transpose', inputs: { x: I('bool', [4, 3], 43) }, run: ({ x }) => cp.flatnonzero(x.T), py: 'np.flatnonzero(x.T)' },
  { name: 'where(cond) of a strided view', inputs: { x: I('int64', [6, 3], 44, -1, 1) }, run: ({ x }) => cp.where(x.get('1::2')), py: 'np.where(x[1::2])' },
  { name: 'where(c, x, y) broadcasting mixed dtypes', inputs: { c: I('bool', [4, 1], 45), x: I('int32', [3], 46), y: I('float32', [4, 3], 47) }, run: ({ c, x, y }) => cp.where(c, x, y.T.T), py: 'np.where(c, x, y)' },
  { name: 'where(c, x, scalar)', inputs: { c: I('bool', [3, 4], 48), x: I('float64', [4, 3], 49) }, run: ({ c, x }) => cp.where(c, x.T, 0), py: 'np.where(c, x.T, 0)' },
  { name: 'choose', inputs: { x: I('float32', [3, 4], 50), y: I('float32', [4], 51) }, run: ({ x, y }) => cp.choose(cp.array([[0, 1, 1, 0]]), [x, y]), py: 'np.choose(np.array([[0, 1, 1, 0]]), [x, y])' },
  { name: 'choose mode wrap', inputs: { x: I('int32', [2, 3], 52), y: I('int32', [2, 3], 53) }, run: ({ x, y }) => cp.choose(cp.array([3, -1, 2]), [x, y.get('::-1')], 'wrap'), py: "np.choose(np.array([3, -1, 2]), [x, y[::-1]], mode='wrap')" },
  { name: 'select', inputs: { c1: I('bool', [3, 4], 54), c2: I('bool', [4], 55), x: I('int64', [3, 4], 56), y: I('int64', [4], 57) }, run: ({ c1, c2, x, y }) => cp.select([c1, c2], [x, y], -1), py: 'np.select([c1, c2], [x, y], -1)' },
  // joins and splits
  { name: 'concatenate axis 1 mixed dtypes', inputs: { x: I('int32', [3, 2], 58), y: I('float32', [3, 0], 59), z: I('float64', [2, 3], 60) }, run: ({ x, y, z }) => cp.concatenate([x, y, z.T], 1), py: 'np.concatenate([x, y, z.T], axis=1)' },
  { name: 'concatenate axis null', inputs: { x: I('int64', [2, 2], 61), y: I('int64', [3], 62) }, run: ({ x, y }) => cp.concatenate([x.T, y], null), py: 'np.concatenate([x.T, y], axis=None)' },
  { name: 'stack axis -1', inputs: { x: I('float32', [2, 3], 63), y: I('float32', [3, 2], 64) }, run: ({ x, y }) => cp.stack([x, lazy(y).T], -1), py: 'np.stack([x, y.T], axis=-1)' },
  { name: 'hstack / vstack / dstack', inputs: { x: I('int32', [2, 3], 65), y: I('int32', [2, 1], 66) }, run: ({ x, y }) => [cp.hstack([x, y]), cp.vstack([x, x.get('::-1')]), cp.dstack([x, x])], py: '(np.hstack([x, y]), np.vstack([x, x[::-1]]), np.dstack([x, x]))' },
  { name: 'split into 2 along axis 1', inputs: { x: I('float64', [3, 4], 67) }, run: ({ x }) => cp.split(x, 2, 1), py: 'np.split(x, 2, axis=1)' },
  { name: 'array_split at indices (out of order, past the end)', inputs: { x: I('int64', [5, 2], 68) }, run: ({ x }) => cp.array_split(x.get('::-1'), [3, 1, 7], 0), py: 'np.array_split(x[::-1], [3, 1, 7], axis=0)' },
  // reshaping and rearranging
  { name: "reshape -1 order 'F' of a transpose", inputs: { x: I('float32', [3, 4], 69) }, run: ({ x }) => cp.reshape(x.T, [2, -1], { order: 'F' }), py: "np.reshape(x.T, (2, -1), order='F')" },
  { name: 'transpose / moveaxis / swapaxes chain', inputs: { x: I('int32', [2, 3, 4], 70) }, run: ({ x }) => cp.swapaxes(cp.moveaxis(cp.transpose(x, [1, 2, 0]), 0, -1), 0, 1), py: 'np.swapaxes(np.moveaxis(np.transpose(x, (1, 2, 0)), 0, -1), 0, 1)' },
  { name: 'squeeze / expand_dims', inputs: { x: I('float64', [1, 3, 1], 71) }, run: ({ x }) => cp.expand_dims(cp.squeeze(x, 2), [0, 3]), py: 'np.expand_dims(np.squeeze(x, 2), (0, 3))' },
  { name: 'flip / roll / rot90', inputs: { x: I('int64', [3, 4], 72) }, run: ({ x }) => [cp.flip(x, [0, 1]), cp.roll(x.T, [1, -5], [0, 1]), cp.rot90(lazy(x), 3)], py: '(np.flip(x, (0, 1)), np.roll(x.T, (1, -5), (0, 1)), np.rot90(x, 3))' },
  { name: 'roll flat', inputs: { x: I('float32', [2, 3], 73) }, run: ({ x }) => cp.roll(x.get(':, ::-1'), 4), py: 'np.roll(x[:, ::-1], 4)' },
  { name: 'tile / repeat', inputs: { x: I('bool', [2, 3], 74) }, run: ({ x }) => [cp.tile(x, [2, 1, 2]), cp.repeat(x.T, [0, 2, 1], 0), cp.repeat(x, 2)], py: '(np.tile(x, (2, 1, 2)), np.repeat(x.T, [0, 2, 1], axis=0), np.repeat(x, 2))' },
  { name: 'pad reflect / wrap / constant', inputs: { x: I('int32', [3, 4], 75) }, run: ({ x }) => [cp.pad(x, [[1, 2], [2, 0]], { mode: 'reflect' }), cp.pad(x.T, 2, { mode: 'wrap' }), cp.pad(x, 1, { constant_values: 9 })], py: "(np.pad(x, ((1, 2), (2, 0)), mode='reflect'), np.pad(x.T, 2, mode='wrap'), np.pad(x, 1, constant_values=9))" },
  // differences, scans, clip
  { name: 'diff n=2 axis 0 of a view', inputs: { x: I('float64', [5, 3], 76) }, run: ({ x }) => cp.diff(x.get('::-1'), 2, 0), py: 'np.diff(x[::-1], 2, axis=0)' },
  { name: 'diff of bool', inputs: { x: I('bool', [2, 5], 77) }, run: ({ x }) => cp.diff(x), py: 'np.diff(x)' },
  { name: 'cumsum axis 1 of int32 (int64 result)', inputs: { x: I('int32', [3, 4], 78) }, run: ({ x }) => cp.cumsum(x.T, 1), py: 'np.cumsum(x.T, axis=1)' },
  { name: 'cumprod flat of a lazy float32', inputs: { x: I('float32', [2, 3], 79, 1, 2) }, run: ({ x }) => cp.cumprod(lazy(x), null), py: 'np.cumprod(x)' },
  { name: 'cumsum of bool', inputs: { x: I('bool', [3, 3], 80) }, run: ({ x }) => cp.cumsum(x, 0), py: 'np.cumsum(x, axis=0)' },
  { name: 'clip with an array bound', inputs: { x: I('float32', [3, 4], 81), lo: I('float32', [4], 82, -2, 0) }, run: ({ x, lo }) => cp.clip(x.get('::-1'), lo, 1.5), py: 'np.clip(x[::-1], lo, 1.5)' },
  { name: 'clip int with scalars', inputs: { x: I('int64', [5], 83) }, run: ({ x }) => cp.clip(x, -1, 2), py: 'np.clip(x, -1, 2)' },
  // diagonals and triangles
  { name: 'diagonal offset on axes (2, 0)', inputs: { x: I('int32', [3, 2, 4], 84) }, run: ({ x }) => cp.diagonal(x, 1, 2, 0), py: 'np.diagonal(x, 1, 2, 0)' },
  { name: 'trace offset -1 of a transpose', inputs: { x: I('float64', [4, 3], 85) }, run: ({ x }) => cp.trace(x.T, -1), py: 'np.trace(x.T, -1)' },
  { name: 'tril / triu', inputs: { x: I('int64', [2, 3, 4], 86) }, run: ({ x }) => [cp.tril(x, -1), cp.triu(lazy(x).get('..., ::-1'), 1)], py: '(np.tril(x, -1), np.triu(x[..., ::-1], 1))' },
  { name: 'einsum ij,jk->ik and ii->i', inputs: { x: I('float64', [3, 4], 87), y: I('float64', [4, 2], 88), s: I('float64', [3, 3], 89) }, run: ({ x, y, s }) => [cp.einsum('ij,jk->ik', x, y.get('::-1')), cp.einsum('ii->i', s.T)], py: "(np.einsum('ij,jk->ik', x, y[::-1]), np.einsum('ii->i', s.T))" },
  // broadcasting and flattening
  { name: 'broadcast_to of a view', inputs: { x: I('int32', [3, 1], 90) }, run: ({ x }) => cp.broadcast_to(x.get('::-1'), [2, 3, 4]), py: 'np.broadcast_to(x[::-1], (2, 3, 4))' },
  { name: 'broadcast_arrays', inputs: { x: I('float32', [3, 1], 91), y: I('int64', [4], 92) }, run: ({ x, y }) => cp.broadcast_arrays(x, y), py: 'np.broadcast_arrays(x, y)' },
  { name: "ravel 'F' / flatten of views", inputs: { x: I('complex64', [2, 3], 93) }, run: ({ x }) => [cp.ravel(x.T, 'F'), cp.flatten(x.get('::-1'))], py: "(np.ravel(x.T, order='F'), x[::-1].flatten())" },
  // chains on lazy intermediates
  { name: 'a write into the result of take, then a mask read', inputs: { x: I('float64', [4, 3], 94) }, run: ({ x }) => { const t = cp.take(cp.multiply(x, 2), [3, 0, 3], 0); t.set([[0, 2], [2, 2]], -1); return t.get(cp.greater(t, 0)); }, py: '(lambda t: (t.__setitem__(([0, 2], [2, 2]), -1), t[t > 0])[1])(np.take(x * 2, [3, 0, 3], axis=0))' },
  { name: 'concatenate of gathered rows, then cumsum', inputs: { x: I('int32', [3, 4], 95) }, run: ({ x }) => cp.cumsum(cp.concatenate([x.get([[2, 0]]), x.get('::-1').get('1:3')], 0), 0), py: 'np.cumsum(np.concatenate([x[[2, 0]], x[::-1][1:3]], axis=0), axis=0)' },
  { name: 'where of a roll and a flip, then take_along_axis', inputs: { x: I('float32', [3, 4], 96) }, run: ({ x }) => cp.take_along_axis(cp.where(cp.greater(x, 0), cp.roll(x, 1, 1), cp.flip(x, 0)), cp.array([[3], [0], [1]]), 1), py: 'np.take_along_axis(np.where(x > 0, np.roll(x, 1, 1), np.flip(x, 0)), np.array([[3], [0], [1]]), axis=1)' },
];

const inputsOf = (c: Case): Record<string, HostArray> =>
  Object.fromEntries(Object.entries(c.inputs).map(([k, [d, s, seed, o]]) => [k, randomArray(d, s, seed, o)]));

// One python3 process for every case's expected value.
const HOST = CASES.map(inputsOf);
let WANT: OracleResult[] | undefined;
const want = (k: number): OracleResult => (WANT ??= numpy(CASES.map((c, j) => ({ expr: c.py, inputs: HOST[j] }))))[k];

/** `record`: false for programs a GPU refuses (their CUDA kernels are not generated). */
function expectMatches(actual: cp.NDArray | cp.NDArray[], expected: OracleResult, record = true): void {
  if (!expected.ok) throw new Error(expected.error);
  const acts = Array.isArray(actual) ? actual : [actual];
  const exps = Array.isArray(expected.value) ? expected.value : [expected.value];
  expect(acts.length).toBe(exps.length);
  if (record) recordCuda(...acts);
  acts.forEach((a, k) => {
    const cmp = compareArrays(toHost(a), exps[k]);
    expect(cmp.ok ? '' : `result ${k}: ${cmp.message}`).toBe('');
  });
}

describe('indexing and manipulation against NumPy (fuzzer-derived fixed cases)', () => {
  for (const gpu of [false, true]) {
    CASES.forEach((c, k) => {
      it(`${c.name} (${gpu ? 'GPU' : 'CPU'} schedule)`, () => {
        onSchedule(gpu, () => {
          const arrays: Arrays = Object.fromEntries(Object.entries(HOST[k]).map(([n, h]) => [n, toDevice(h)]));
          expectMatches(c.run(arrays), want(k));
        });
      });
    });
  }
});

/** `f` must raise a CupytsError, at the call or at the read of its result. */
function expectCupytsError(f: () => cp.NDArray | cp.NDArray[]): void {
  let error: unknown;
  try {
    const r = f();
    for (const a of Array.isArray(r) ? r : [r]) a.tolist();
  } catch (e) {
    error = e;
  }
  expect(error, 'expected a CupytsError').toBeInstanceOf(cp.CupytsError);
}

describe('bugs found by the fuzzer (minimized)', () => {
  const z = () => cp.array([{ re: 1, im: 0 }, { re: 0, im: 0 }, { re: 0, im: 2 }], { dtype: 'complex64' });

  it('nonzero, flatnonzero, argwhere and where(cond) of a complex array', () => {
    for (const gpu of [false, true]) {
      onSchedule(gpu, () => {
        expect(cp.flatnonzero(z()).tolist()).toEqual([0, 2]);
        expect(cp.nonzero(z())[0].tolist()).toEqual([0, 2]);
        expect(cp.argwhere(z()).tolist()).toEqual([[0], [2]]);
        expect(cp.where(z())[0].tolist()).toEqual([0, 2]);
      });
    }
  });

  it('cumsum and cumprod of a complex array', () => {
    expectMatches(cp.cumsum(z()), numpyOne('np.cumsum(np.array([1, 0, 2j], np.complex64))', {}), false);
    expectMatches(cp.cumprod(cp.add(z(), 1), 0), numpyOne('np.cumprod(np.array([1, 0, 2j], np.complex64) + 1, axis=0)', {}), false);
    expectMatches(cp.cumsum(cp.ones([2, 3], 'complex128'), 1), numpyOne('np.cumsum(np.ones((2, 3), np.complex128), axis=1)', {}), false);
  });

  it('an empty Ellipsis between advanced indices separates them (the broadcast dimensions go first)', () => {
    const h = randomArray('int64', [2, 3, 4], 1);
    for (const gpu of [false, true]) {
      onSchedule(gpu, () => {
        // x[:, [0], ..., 0]: NumPy (1, 2); the advanced indices are not adjacent
        expectMatches(toDevice(h).get([cp.slice(), [0], '...', 0]), numpyOne('x[:, [0], ..., 0]', { x: h }));
        expectMatches(toDevice(h).get(':, [0, 2], ..., [1, 3]'), numpyOne('x[:, [0, 2], ..., [1, 3]]', { x: h }));
        // a write: NumPy's indexing result is (advanced 2, slice 2), the (2, 1) value runs along the advanced axis
        const v = randomArray('int64', [2, 1], 2);
        const b = toDevice(h).copy();
        b.set([cp.slice(), [0, 2], '...', [1, 3]], toDevice(v));
        expectMatches(b, numpyOne('(lambda b: (b.__setitem__((slice(None), [0, 2], ..., [1, 3]), v), b)[1])(x.copy())', { x: h, v }));
      });
    }
  });

  it('an out-of-range device index array raises even when the indexed result is empty', () => {
    for (const gpu of [false, true]) {
      onSchedule(gpu, () => {
        // NumPy: IndexError, index 2 is out of bounds for axis 0 with size 1
        expectCupytsError(() => cp.zeros([1, 3]).get([cp.array([2]), cp.slice(0, 0)]));
        expectCupytsError(() => cp.zeros([2, 2]).get([cp.slice(0, 4, -1), cp.array([[3], [-1]])]));
        // a write that writes nothing: NumPy raises, index 5 is out of bounds for axis 0 with size 3
        expectCupytsError(() => { const b = cp.zeros([3, 0]); b.set([cp.array([0, 1, 5])], 1); return b; });
      });
    }
  });

  it('an out-of-range write into an empty array is raised by the next read, also a nonzero of it', () => {
    for (const gpu of [false, true]) {
      onSchedule(gpu, () => {
        // NumPy: put raises 'cannot replace elements of an empty array'; b.tolist() raises here, flatnonzero(b) did not
        expectCupytsError(() => { const b = cp.zeros([3, 0]); cp.put(b, cp.array([0]), 1); return cp.flatnonzero(b); });
        expectCupytsError(() => { const b = cp.zeros([2, 0]); cp.put_along_axis(b, cp.array([[0], [0]]), 1, 1); return cp.argwhere(b); });
      });
    }
  });

  it("take mode='clip' from an empty axis into an empty result is no error (as NumPy)", () => {
    const h = randomArray('int32', [0, 0], 1);
    for (const gpu of [false, true]) {
      onSchedule(gpu, () => expectMatches(cp.take(toDevice(h), [1], { axis: 0, mode: 'clip' }), numpyOne("np.take(x, [1], axis=0, mode='clip')", { x: h })));
    }
  });
});
