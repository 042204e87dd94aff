// Rearranging and building against NumPy: tile, roll, rot90, pad (constant, edge, reflect,
// symmetric, wrap; NumPy's forms of pad_width and constant_values; widths beyond the axis),
// diag, tri, tril, triu, meshgrid and indices, over dtypes and non-contiguous or lazy inputs,
// and every error at the call. Every kernel built here is compiled with NVRTC at the end.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, toDevice } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { checkCases, checkErrors, type ErrorCase, type ValueCase } from '../helpers/numpy-cases.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';
import { randomArray, type DTypeName } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

const DTYPES: DTypeName[] = ['bool', 'int8', 'uint8', 'int32', 'int64', 'uint64', 'float16', 'float32', 'float64'];
let seed = 1000;
const rand = (dtype: DTypeName, shape: number[]) => randomArray(dtype, shape, seed++);
const py = (x: unknown) => JSON.stringify(x).replace(/\[/g, '(').replace(/\]/g, ')').replace(/\((\d+|-\d+)\)/g, '($1,)');

describe('tile', () => {
  it('repeats along axes, reps and shape right-aligned', () => {
    const cases: ValueCase[] = [];
    for (const d of DTYPES) {
      const a = rand(d, [2, 3]);
      cases.push(
        { label: `${d} [2, 2]`, expr: 'np.tile(a, (2, 2))', inputs: { a }, run: () => cp.tile(toDevice(a), [2, 2]) },
        { label: `${d} 3`, expr: 'np.tile(a, 3)', inputs: { a }, run: () => cp.tile(toDevice(a), 3) },
      );
    }
    const a = rand('float32', [2, 3]);
    const t = rand('int16', [2, 1, 3]);
    const s = rand('int8', []);
    const cases2: ValueCase[] = [
      { label: 'more reps than axes', expr: 'np.tile(a, (2, 1, 2))', inputs: { a }, run: () => cp.tile(toDevice(a), [2, 1, 2]) },
      { label: 'fewer reps than axes', expr: 'np.tile(t, (3,))', inputs: { t }, run: () => cp.tile(toDevice(t), [3]) },
      { label: 'all ones (a copy)', expr: 'np.tile(a, (1, 1))', inputs: { a }, run: () => cp.tile(toDevice(a), [1, 1]) },
      { label: 'no reps', expr: 'np.tile(a, ())', inputs: { a }, run: () => cp.tile(toDevice(a), []) },
      { label: 'zero reps', expr: 'np.tile(a, (0, 2))', inputs: { a }, run: () => cp.tile(toDevice(a), [0, 2]) },
      { label: '0-d', expr: 'np.tile(s, (2, 3))', inputs: { s }, run: () => cp.tile(toDevice(s), [2, 3]) },
      { label: 'transposed', expr: 'np.tile(a.T, (2, 3))', inputs: { a }, run: () => cp.tile(toDevice(a).T, [2, 3]) },
      { label: 'reversed and lazy', expr: 'np.tile(a[::-1] * np.float32(2), (1, 2))', inputs: { a }, run: () => cp.tile(toDevice(a).get('::-1').mul(2), [1, 2]) },
      { label: 'empty', expr: 'np.tile(np.zeros((0, 2)), (3, 1))', run: () => cp.tile(cp.zeros([0, 2]), [3, 1]) },
      { label: 'JS list', expr: 'np.tile([1, 2], 2)', run: () => cp.tile([1, 2], 2) },
    ];
    checkCases([...cases, ...cases2]);
  });

  it('returns a new array: writing into it leaves the input alone', () => {
    const a = cp.asarray([1, 2]);
    const t = cp.tile(a, [1]);
    t.set(0, 9);
    expect(a.toArraySync()).toEqual([1n, 2n]);
    expect(t.toArraySync()).toEqual([9n, 2n]);
  });
});

describe('roll and rot90', () => {
  it('roll over axes, shift signs and sizes', () => {
    const cases: ValueCase[] = [];
    for (const d of DTYPES) {
      const a = rand(d, [3, 4]);
      cases.push(
        { label: `${d} flat`, expr: 'np.roll(a, 5)', inputs: { a }, run: () => cp.roll(toDevice(a), 5) },
        { label: `${d} axis 1`, expr: 'np.roll(a, -1, axis=1)', inputs: { a }, run: () => cp.roll(toDevice(a), -1, 1) },
        { label: `${d} both axes`, expr: 'np.roll(a, (1, 2), axis=(0, 1))', inputs: { a }, run: () => cp.roll(toDevice(a), [1, 2], [0, 1]) },
      );
    }
    const a = rand('float64', [3, 4, 5]);
    const v = rand('int32', [7]);
    cases.push(
      { label: 'shift beyond length', expr: 'np.roll(v, 23)', inputs: { v }, run: () => cp.roll(toDevice(v), 23) },
      { label: 'negative beyond length', expr: 'np.roll(v, -15)', inputs: { v }, run: () => cp.roll(toDevice(v), -15) },
      { label: 'shift of a whole period', expr: 'np.roll(v, 14)', inputs: { v }, run: () => cp.roll(toDevice(v), 14) },
      { label: 'one shift, several axes', expr: 'np.roll(a, 2, axis=(0, 2))', inputs: { a }, run: () => cp.roll(toDevice(a), 2, [0, 2]) },
      { label: 'several shifts, one axis', expr: 'np.roll(a, (1, 3), axis=-1)', inputs: { a }, run: () => cp.roll(toDevice(a), [1, 3], -1) },
      { label: 'repeated axis adds', expr: 'np.roll(a, (1, -3, 1), axis=(1, -1, 1))', inputs: { a }, run: () => cp.roll(toDevice(a), [1, -3, 1], [1, -1, 1]) },
      { label: 'shift list without axis', expr: 'np.roll(a, (2, 5))', inputs: { a }, run: () => cp.roll(toDevice(a), [2, 5]) },
      { label: 'all three axes', expr: 'np.roll(a, (1, 2, 3), axis=(0, 1, 2))', inputs: { a }, run: () => cp.roll(toDevice(a), [1, 2, 3], [0, 1, 2]) },
      { label: 'transposed input', expr: 'np.roll(a.T, 2, axis=0)', inputs: { a }, run: () => cp.roll(toDevice(a).T, 2, 0) },
      { label: 'reversed lazy input', expr: 'np.roll(v[::-1] + 1, 3)', inputs: { v }, run: () => cp.roll(toDevice(v).get('::-1').add(1), 3) },
      { label: 'empty', expr: 'np.roll(np.zeros((0, 3)), 1, axis=1)', run: () => cp.roll(cp.zeros([0, 3]), 1, 1) },
      { label: '0-d', expr: 'np.roll(s, 1)', inputs: { s: v }, run: () => cp.roll(cp.asarray(5), 1) },
    );
    cases[cases.length - 1] = { label: '0-d', expr: 'np.roll(np.int64(5), 1)', run: () => cp.roll(cp.asarray(5), 1) };
    checkCases(cases);
  });

  it('rot90 for every k and plane (views)', () => {
    const m = rand('int8', [3, 4]);
    const t = rand('float16', [2, 3, 4]);
    const cases: ValueCase[] = [];
    for (const k of [-5, -1, 0, 1, 2, 3, 4, 7]) {
      cases.push({ label: `k ${k}`, expr: `np.rot90(m, ${k})`, inputs: { m }, run: () => cp.rot90(toDevice(m), k) });
    }
    for (const axes of [[1, 0], [0, 2], [-1, 0], [2, 1]]) {
      for (const k of [1, 2, 3]) {
        cases.push({ label: `axes ${axes} k ${k}`, expr: `np.rot90(t, ${k}, axes=${py(axes)})`, inputs: { t }, run: () => cp.rot90(toDevice(t), k, axes) });
      }
    }
    cases.push({ label: 'lazy', expr: 'np.rot90(m.T * 2)', inputs: { m }, run: () => cp.rot90(toDevice(m).T.mul(2)) });
    checkCases(cases);
  });
});

describe('pad', () => {
  const MODES = ['constant', 'edge', 'reflect', 'symmetric', 'wrap'] as const;

  it('every mode with NumPy\'s forms of pad_width, widths beyond the axis included', () => {
    const a = rand('float32', [3, 4]);
    const widths: unknown[] = [2, [1, 3], [[1, 2], [0, 3]], [[2], [1]], [[1, 2]], [[0, 0], [5, 9]], [[7, 8], [1, 1]], 0];
    const cases: ValueCase[] = [];
    for (const mode of MODES) {
      for (const w of widths) {
        cases.push({ label: `${mode} ${JSON.stringify(w)}`, expr: `np.pad(a, ${py(w)}, mode='${mode}')`, inputs: { a }, run: () => cp.pad(toDevice(a), w as number, mode) });
      }
    }
    checkCases(cases);
  });

  it('every dtype, 1-D to 3-D, singleton axes, non-contiguous and lazy inputs', () => {
    const cases: ValueCase[] = [];
    for (const d of DTYPES) {
      const v = rand(d, [5]);
      const t = rand(d, [2, 1, 3]);
      for (const mode of MODES) {
        cases.push(
          { label: `${d} 1-D ${mode}`, expr: `np.pad(v, (3, 7), mode='${mode}')`, inputs: { v }, run: () => cp.pad(toDevice(v), [3, 7], mode) },
          { label: `${d} 3-D ${mode}`, expr: `np.pad(t, ((1, 0), (2, 3), (4, 1)), mode='${mode}')`, inputs: { t }, run: () => cp.pad(toDevice(t), [[1, 0], [2, 3], [4, 1]], mode) },
        );
      }
    }
    const m = rand('int16', [4, 3]);
    for (const mode of MODES) {
      cases.push(
        { label: `transposed ${mode}`, expr: `np.pad(m.T, ((2, 1), (3, 2)), mode='${mode}')`, inputs: { m }, run: () => cp.pad(toDevice(m).T, [[2, 1], [3, 2]], mode) },
        { label: `reversed lazy ${mode}`, expr: `np.pad(m[::-1, ::2] * 3, 4, mode='${mode}')`, inputs: { m }, run: () => cp.pad(toDevice(m).get('::-1, ::2').mul(3), 4, mode) },
        { label: `0-d ${mode}`, expr: `np.pad(np.int16(3), 2, mode='${mode}')`, run: () => cp.pad(cp.asarray(3, { dtype: 'int16' }), 2, mode) },
      );
    }
    checkCases(cases);
  });

  it('constant_values in NumPy\'s forms, cast to the dtype, and empty arrays', () => {
    const a = rand('float64', [2, 3]);
    const i = rand('int8', [2, 3]);
    const b = rand('bool', [2, 2]);
    const e = rand('float32', [0, 3]);
    const cases: ValueCase[] = [
      { label: 'one value', expr: 'np.pad(a, 1, constant_values=-2.5)', inputs: { a }, run: () => cp.pad(toDevice(a), 1, 'constant', { constant_values: -2.5 }) },
      { label: 'before and after', expr: 'np.pad(a, 2, constant_values=(7, 8))', inputs: { a }, run: () => cp.pad(toDevice(a), 2, 'constant', { constant_values: [7, 8] }) },
      { label: 'per axis', expr: 'np.pad(a, ((1, 2), (2, 1)), constant_values=((1, 2), (3, 4)))', inputs: { a },
        run: () => cp.pad(toDevice(a), [[1, 2], [2, 1]], 'constant', { constant_values: [[1, 2], [3, 4]] }) },
      { label: 'per axis, one each', expr: 'np.pad(a, 1, constant_values=((5,), (6,)))', inputs: { a }, run: () => cp.pad(toDevice(a), 1, 'constant', { constant_values: [[5], [6]] }) },
      { label: 'int8 with a fraction (truncated)', expr: 'np.pad(i, 1, constant_values=-3.7)', inputs: { i }, run: () => cp.pad(toDevice(i), 1, 'constant', { constant_values: -3.7 }) },
      { label: 'bool', expr: 'np.pad(b, 1, constant_values=True)', inputs: { b }, run: () => cp.pad(toDevice(b), 1, 'constant', { constant_values: true }) },
      { label: 'empty axis, constant', expr: 'np.pad(e, ((1, 2), (0, 1)), constant_values=4)', inputs: { e }, run: () => cp.pad(toDevice(e), [[1, 2], [0, 1]], 'constant', { constant_values: 4 }) },
      { label: 'empty array, other axis padded, edge', expr: "np.pad(e, ((0, 0), (1, 1)), mode='edge')", inputs: { e }, run: () => cp.pad(toDevice(e), [[0, 0], [1, 1]], 'edge') },
      { label: 'JS list', expr: 'np.pad([1, 2], 1)', run: () => cp.pad([1, 2], 1) },
    ];
    checkCases(cases);
  });
});

describe('diag, tri, tril, triu', () => {
  it('diag builds and reads diagonals', () => {
    const cases: ValueCase[] = [];
    for (const d of DTYPES) {
      const v = rand(d, [4]);
      const m = rand(d, [3, 5]);
      for (const k of [0, 2, -1]) {
        cases.push(
          { label: `${d} build k ${k}`, expr: `np.diag(v, ${k})`, inputs: { v }, run: () => cp.diag(toDevice(v), k) },
          { label: `${d} read k ${k}`, expr: `np.diag(m, ${k})`, inputs: { m }, run: () => cp.diag(toDevice(m), k) },
        );
      }
    }
    const m = rand('float32', [3, 5]);
    const v = rand('int32', [3]);
    cases.push(
      { label: 'read beyond the matrix', expr: 'np.diag(m, 6)', inputs: { m }, run: () => cp.diag(toDevice(m), 6) },
      { label: 'read transposed', expr: 'np.diag(m.T, -1)', inputs: { m }, run: () => cp.diag(toDevice(m).T, -1) },
      { label: 'build from reversed lazy', expr: 'np.diag(v[::-1] * 2, 1)', inputs: { v }, run: () => cp.diag(toDevice(v).get('::-1').mul(2), 1) },
      { label: 'build from empty', expr: 'np.diag(np.zeros(0), 2)', run: () => cp.diag(cp.zeros([0]), 2) },
    );
    checkCases(cases);
  });

  it('diag of a 2-D array is a read-only view, as NumPy 2\'s (a 1-D array builds a new matrix)', () => {
    const m = cp.asarray([[1, 2], [3, 4]]);
    const d = cp.diag(m);
    expect(() => d.set(0, 9)).toThrow(/^set: assignment destination is read-only \(a diagonal view\)$/);
    m.set([1, 1], 7); // writes to the base show through
    expect(d.toArraySync()).toEqual([1n, 7n]);
    expect(m.toArraySync()).toEqual([[1n, 2n], [3n, 7n]]);
    const built = cp.diag(cp.asarray([1, 2]));
    built.set([0, 1], 5); // a new array: writable
    expect(built.toArraySync()).toEqual([[1n, 5n], [0n, 2n]]);
  });

  it('tri, tril and triu', () => {
    const cases: ValueCase[] = [
      { label: 'tri 3', expr: 'np.tri(3)', run: () => cp.tri(3) },
      { label: 'tri 3x5 k 1', expr: 'np.tri(3, 5, 1)', run: () => cp.tri(3, 5, 1) },
      { label: 'tri 4x2 k -1 int32', expr: 'np.tri(4, 2, -1, dtype=np.int32)', run: () => cp.tri(4, 2, -1, { dtype: 'int32' }) },
      { label: 'tri empty', expr: 'np.tri(0, 3)', run: () => cp.tri(0, 3) },
      { label: 'tri negative', expr: 'np.tri(-1, 2)', run: () => cp.tri(-1, 2) },
    ];
    for (const d of DTYPES) {
      const m = rand(d, [4, 5]);
      for (const k of [0, 1, -2]) {
        cases.push(
          { label: `${d} tril k ${k}`, expr: `np.tril(m, ${k})`, inputs: { m }, run: () => cp.tril(toDevice(m), k) },
          { label: `${d} triu k ${k}`, expr: `np.triu(m, ${k})`, inputs: { m }, run: () => cp.triu(toDevice(m), k) },
        );
      }
    }
    const b = rand('float32', [2, 3, 3]);
    const v = rand('int64', [4]);
    cases.push(
      { label: 'tril batched', expr: 'np.tril(b)', inputs: { b }, run: () => cp.tril(toDevice(b)) },
      { label: 'triu batched k 1', expr: 'np.triu(b, 1)', inputs: { b }, run: () => cp.triu(toDevice(b), 1) },
      { label: 'tril 1-D', expr: 'np.tril(v)', inputs: { v }, run: () => cp.tril(toDevice(v)) },
      { label: 'triu 1-D k -1', expr: 'np.triu(v, -1)', inputs: { v }, run: () => cp.triu(toDevice(v), -1) },
      { label: 'tril transposed lazy', expr: 'np.tril(b.transpose(0, 2, 1) - 1, 1)', inputs: { b }, run: () => cp.tril(toDevice(b).transpose(0, 2, 1).sub(1), 1) },
      { label: 'triu large k', expr: 'np.triu(b, 10)', inputs: { b }, run: () => cp.triu(toDevice(b), 10) },
      { label: 'tril empty', expr: 'np.tril(np.zeros((0, 3)))', run: () => cp.tril(cp.zeros([0, 3])) },
    );
    checkCases(cases);
  });

  it('tril fuses into one kernel with its input', () => {
    const x = toDevice(rand('float32', [8, 8])).mul(2);
    expect(cp.explain(cp.tril(x)).kernels).toHaveLength(1);
  });
});

describe('meshgrid and indices', () => {
  it('meshgrid in both indexings, sparse, views', () => {
    const x = rand('float32', [3]);
    const y = rand('int8', [4]);
    const z = rand('float64', [2]);
    const m = rand('int32', [2, 2]);
    const cases: ValueCase[] = [
      { label: 'xy', expr: 'np.meshgrid(x, y)', inputs: { x, y }, run: () => cp.meshgrid(toDevice(x), toDevice(y)) },
      { label: 'ij', expr: "np.meshgrid(x, y, indexing='ij')", inputs: { x, y }, run: () => cp.meshgrid(toDevice(x), toDevice(y), { indexing: 'ij' }) },
      { label: 'three xy', expr: 'np.meshgrid(x, y, z)', inputs: { x, y, z }, run: () => cp.meshgrid(toDevice(x), toDevice(y), toDevice(z)) },
      { label: 'three ij sparse', expr: "np.meshgrid(x, y, z, indexing='ij', sparse=True)", inputs: { x, y, z },
        run: () => cp.meshgrid(toDevice(x), toDevice(y), toDevice(z), { indexing: 'ij', sparse: true }) },
      { label: 'xy sparse', expr: 'np.meshgrid(x, y, sparse=True)', inputs: { x, y }, run: () => cp.meshgrid(toDevice(x), toDevice(y), { sparse: true }) },
      { label: 'no copy', expr: 'np.meshgrid(x, y, copy=False)', inputs: { x, y }, run: () => cp.meshgrid(toDevice(x), toDevice(y), { copy: false }) },
      { label: 'one input', expr: 'np.meshgrid(x)', inputs: { x }, run: () => cp.meshgrid(toDevice(x)) },
      { label: '2-D inputs are flattened', expr: 'np.meshgrid(m, x[::-1])', inputs: { m, x }, run: () => cp.meshgrid(toDevice(m), toDevice(x).get('::-1')) },
      { label: 'JS lists', expr: 'np.meshgrid([1, 2], [0.5, 1.5, 2.5])', run: () => cp.meshgrid([1, 2], [0.5, 1.5, 2.5]) },
    ];
    checkCases(cases);
    expect(cp.meshgrid()).toEqual([]);
    const [g] = cp.meshgrid(cp.asarray([1, 2]), cp.asarray([3]), { copy: false });
    expect(() => g.set(0, 1)).toThrow(/read-only/);
  });

  it('indices, dense and sparse', () => {
    const cases: ValueCase[] = [
      { label: '(2, 3)', expr: 'np.indices((2, 3))', run: () => cp.indices([2, 3]) },
      { label: '(3, 1, 2) float32', expr: 'np.indices((3, 1, 2), dtype=np.float32)', run: () => cp.indices([3, 1, 2], { dtype: 'float32' }) },
      { label: 'sparse', expr: 'np.indices((2, 4), sparse=True)', run: () => cp.indices([2, 4], { sparse: true }) },
      { label: 'with a zero', expr: 'np.indices((2, 0))', run: () => cp.indices([2, 0]) },
      { label: 'no dimensions', expr: 'np.indices(())', run: () => cp.indices([]) },
      { label: 'int8', expr: 'np.indices((4,), dtype=np.int8)', run: () => cp.indices([4], { dtype: 'int8' }) },
    ];
    checkCases(cases);
  });
});

describe('errors at the call', () => {
  it('names the op and what was expected, as NumPy refuses', () => {
    const mh = rand('float32', [2, 3]);
    const m = () => toDevice(mh);
    const e = rand('float32', [0, 3]);
    const cases: ErrorCase[] = [
      { label: 'tile negative', expr: 'np.tile(a, -1)', inputs: { a: mh }, run: () => cp.tile(m(), -1), code: 'ERR_ARG',
        message: 'tile: expected reps to be a non-negative integer or a list of them, got -1' },
      { label: 'roll shift and axis', expr: 'np.roll(a, (1, 2), axis=(0, 1, 1))', inputs: { a: mh }, run: () => cp.roll(m(), [1, 2], [0, 1, 1]), code: 'ERR_ARG',
        message: 'roll: expected shift and axis of one length (or either a single number), got 2 shifts and 3 axes' },
      { label: 'roll axis', expr: 'np.roll(a, 1, axis=2)', inputs: { a: mh }, run: () => cp.roll(m(), 1, 2), code: 'ERR_AXIS', message: 'roll: axis 2 is out of bounds for array of dimension 2' },
      { label: 'roll fractional shift', expr: null, inputs: { a: mh }, run: () => cp.roll(m(), 1.5, 0), code: 'ERR_ARG', message: 'roll: expected shift to be an integer or a list of integers, got 1.5' },
      { label: 'rot90 same axes', expr: 'np.rot90(a, 1, (1, 1))', inputs: { a: mh }, run: () => cp.rot90(m(), 1, [1, 1]), code: 'ERR_AXIS',
        message: 'rot90: expected two different axes, got [1, 1] for an array of 2 dimensions' },
      { label: 'rot90 axes wrapping to the same', expr: 'np.rot90(a, 1, (0, -2))', inputs: { a: mh }, run: () => cp.rot90(m(), 1, [0, -2]), code: 'ERR_AXIS',
        message: 'rot90: expected two different axes, got [0, -2] for an array of 2 dimensions' },
      { label: 'rot90 axes out of range', expr: 'np.rot90(a, 1, (0, 3))', inputs: { a: mh }, run: () => cp.rot90(m(), 1, [0, 3]), code: 'ERR_AXIS',
        message: 'rot90: axes [0, 3] out of range for array of ndim=2' },
      { label: 'rot90 axes one ndim apart', expr: 'np.rot90(a, 1, (0, 2))', inputs: { a: mh }, run: () => cp.rot90(m(), 1, [0, 2]), code: 'ERR_AXIS',
        message: 'rot90: expected two different axes, got [0, 2] for an array of 2 dimensions' },
      { label: 'rot90 of 1-D', expr: 'np.rot90(a[0])', inputs: { a: mh }, run: () => cp.rot90(m().get(0)), code: 'ERR_AXIS', message: 'rot90: expected two different axes, got [0, 1] for an array of 1 dimensions' },
      { label: 'rot90 three axes', expr: 'np.rot90(a, 1, (0, 1, 1))', inputs: { a: mh }, run: () => cp.rot90(m(), 1, [0, 1, 1]), code: 'ERR_ARG',
        message: 'rot90: expected axes as a list of 2 integers, got an array of length 3' },
      { label: 'pad mode', expr: "np.pad(a, 1, mode='mirror')", inputs: { a: mh }, run: () => cp.pad(m(), 1, 'mirror' as never), code: 'ERR_ARG',
        message: "pad: expected mode to be one of 'constant', 'edge', 'linear_ramp', 'maximum', 'mean', 'median', 'minimum', 'reflect', 'symmetric', 'wrap', 'empty', got 'mirror'" },
      { label: 'pad negative width', expr: 'np.pad(a, ((1, -1), (0, 0)))', inputs: { a: mh }, run: () => cp.pad(m(), [[1, -1], [0, 0]]), code: 'ERR_ARG',
        message: 'pad: expected non-negative integer pad widths as a number, [before, after], or a list of [before, after] per axis, got an array of length 2' },
      { label: 'pad fractional width', expr: 'np.pad(a, 1.5)', inputs: { a: mh }, run: () => cp.pad(m(), 1.5), code: 'ERR_ARG',
        message: 'pad: expected pad_width to be a non-negative integer, [before, after], or a list of [before, after] per axis, got 1.5' },
      { label: 'pad widths of the wrong shape', expr: 'np.pad(a, ((1, 2), (3, 4), (5, 6)))', inputs: { a: mh }, run: () => cp.pad(m(), [[1, 2], [3, 4], [5, 6]]), code: 'ERR_SHAPE',
        message: 'pad: expected non-negative integer pad widths of shape (2, 2) or one that broadcasts to it, got shape (3, 2)' },
      { label: 'pad three widths', expr: 'np.pad(a, (1, 2, 3))', inputs: { a: mh }, run: () => cp.pad(m(), [1, 2, 3] as never), code: 'ERR_SHAPE',
        message: 'pad: expected non-negative integer pad widths of shape (2, 2) or one that broadcasts to it, got shape (3,)' },
      { label: 'pad constant_values with edge', expr: "np.pad(a, 1, mode='edge', constant_values=3)", inputs: { a: mh }, run: () => cp.pad(m(), 1, 'edge', { constant_values: 3 }), code: 'ERR_ARG',
        message: "pad: unsupported keyword arguments for mode 'edge': constant_values" },
      { label: 'pad empty axis with reflect', expr: "np.pad(e, 1, mode='reflect')", inputs: { e }, run: () => cp.pad(toDevice(e), 1, 'reflect'), code: 'ERR_SHAPE',
        message: "pad: can't extend empty axis 0 using modes other than 'constant' (got mode 'reflect')" },
      { label: 'pad int8 out of range', expr: 'np.pad(a.astype(np.int8), 1, constant_values=300)', inputs: { a: mh }, run: () => cp.pad(m().astype('int8'), 1, 'constant', { constant_values: 300 }), code: 'ERR_OVERFLOW',
        message: 'pad: Python integer 300 out of bounds for int8' },
      { label: 'diag 3-D', expr: 'np.diag(np.zeros((2, 2, 2)))', run: () => cp.diag(cp.zeros([2, 2, 2])), code: 'ERR_SHAPE', message: 'diag: expected a 1-D or 2-D array, got 3 dimensions' },
      { label: 'diag 0-d', expr: 'np.diag(np.float64(1))', run: () => cp.diag(cp.asarray(1.5)), code: 'ERR_SHAPE', message: 'diag: expected a 1-D or 2-D array, got 0 dimensions' },
      { label: 'diag fractional k', expr: null, run: () => cp.diag(m(), 0.5), code: 'ERR_ARG', message: 'diag: expected k to be an integer, got 0.5' },
      { label: 'tril 0-d', expr: 'np.tril(np.float64(1))', run: () => cp.tril(cp.asarray(1.5)), code: 'ERR_SHAPE', message: 'tril: expected an array of at least 1 dimension, got 0' },
      { label: 'tri fractional', expr: null, run: () => cp.tri(1.5), code: 'ERR_ARG', message: 'tri: expected N to be an integer, got 1.5' },
      { label: 'meshgrid indexing', expr: "np.meshgrid(a, indexing='yx')", inputs: { a: mh }, run: () => cp.meshgrid(m(), { indexing: 'yx' as never }), code: 'ERR_ARG',
        message: "meshgrid: expected indexing to be one of 'xy', 'ij', got 'yx'" },
      { label: 'indices negative', expr: 'np.indices((2, -1))', run: () => cp.indices([2, -1]), code: 'ERR_ARG', message: 'indices: expected dimensions[1] to be a non-negative integer, got -1' },
    ];
    checkErrors(cases);
  });
});

describeCompilesEveryKernel(cudaSources, HAS_NVRTC, 30);
