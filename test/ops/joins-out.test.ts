// out= of concatenate, stack and choose, and split / array_split / hsplit with an NDArray of
// indices, against NumPy: out's dtype (cast under casting=, unsafely for choose), non-contiguous
// outs, an out the inputs view (NumPy writes the inputs in turn), empty and 0-d cases, negative
// axes; and the errors NumPy raises (out's shape, out with dtype, casting, a non-array out).
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, toDevice } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { checkCases, checkErrors, type ErrorCase, type ValueCase } from '../helpers/numpy-cases.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';
import { randomArray, type DTypeName } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

const DTYPES: DTypeName[] = ['bool', 'int8', 'uint16', 'int32', 'int64', 'uint64', 'float16', 'float32', 'float64', 'complex64', 'complex128'];
let seed = 5000;
const rand = (dtype: DTypeName, shape: number[]) => randomArray(dtype, shape, seed++);
/** `call(out)` on a fresh out (zeros of `shape` and `dtype`), then out (an oracle expression: `expr` uses `o`). */
const intoOut = (shape: string, dtype: string, expr: string) => `(lambda o: [${expr}, o][1])(np.zeros(${shape}, np.${dtype}))`;

describe('concatenate and stack with out=', () => {
  it('write into out (any dtype the inputs cast to under casting) and return it', () => {
    const cases: ValueCase[] = [];
    for (const d of DTYPES) {
      const a = rand(d, [2, 3]);
      const b = rand(d, [2, 1]);
      cases.push(
        { label: `${d} concatenate axis -1 into its dtype`, expr: intoOut('(2, 4)', d, 'np.concatenate([a, b], axis=-1, out=o)'), inputs: { a, b },
          run: () => cp.concatenate([toDevice(a), toDevice(b)], -1, cp.zeros([2, 4], { dtype: d })) },
        { label: `${d} concatenate into complex128`, expr: intoOut('(2, 4)', 'complex128', 'np.concatenate([a, b], axis=1, out=o)'), inputs: { a, b },
          run: () => cp.concatenate([toDevice(a), toDevice(b)], 1, { out: cp.zeros([2, 4], { dtype: 'complex128' }) }) },
        { label: `${d} stack axis -1 into int8, unsafe`, expr: intoOut('(2, 3, 2)', 'int8', "np.stack([a, a[::-1]], axis=-1, out=o, casting='unsafe')"), inputs: { a },
          run: () => cp.stack([toDevice(a), toDevice(a).get('::-1')], -1, { out: cp.zeros([2, 3, 2], { dtype: 'int8' }), casting: 'unsafe' }) },
      );
    }
    const f = rand('float32', [3, 2]);
    const g = rand('int16', [2, 2]);
    cases.push(
      { label: 'axis None', expr: intoOut('(10,)', 'float64', 'np.concatenate([f, g], axis=None, out=o)'), inputs: { f, g },
        run: () => cp.concatenate([toDevice(f), toDevice(g)], null, cp.zeros([10])) },
      { label: 'one array', expr: intoOut('(3, 2)', 'float64', 'np.concatenate([f], out=o)'), inputs: { f }, run: () => cp.concatenate([toDevice(f)], 0, cp.zeros([3, 2])) },
      { label: 'transposed, lazy inputs', expr: intoOut('(2, 5)', 'float32', 'np.concatenate([f.T * 2, g], axis=1, out=o)'), inputs: { f, g },
        run: () => cp.concatenate([toDevice(f).T.mul(2), toDevice(g)], 1, cp.zeros([2, 5], { dtype: 'float32' })) },
      { label: 'empty pieces', expr: intoOut('(3, 2)', 'float32', 'np.concatenate([f[:0], f, f[:0]], out=o)'), inputs: { f },
        run: () => cp.concatenate([toDevice(f).get(':0'), toDevice(f), toDevice(f).get(':0')], 0, cp.zeros([3, 2], { dtype: 'float32' })) },
      { label: 'all empty', expr: intoOut('(0, 2)', 'float32', 'np.concatenate([f[:0], f[:0]], out=o)'), inputs: { f },
        run: () => cp.concatenate([toDevice(f).get(':0'), toDevice(f).get(':0')], 0, cp.zeros([0, 2], { dtype: 'float32' })) },
      { label: 'stack of 0-d', expr: intoOut('(2,)', 'float64', 'np.stack([f[0, 0], f[1, 1]], out=o)'), inputs: { f },
        run: () => cp.stack([toDevice(f).get([0, 0]), toDevice(f).get([1, 1])], 0, cp.zeros([2])) },
      { label: 'casting equiv, same dtype', expr: intoOut('(4, 2)', 'int16', "np.concatenate([g, g], out=o, casting='equiv')"), inputs: { g },
        run: () => cp.concatenate([toDevice(g), toDevice(g)], 0, { out: cp.zeros([4, 2], { dtype: 'int16' }), casting: 'equiv' }) },
    );
    checkCases(cases);
  });

  it('returns out itself; a non-contiguous out; an out the inputs view is written input by input, as NumPy', () => {
    const cases: ValueCase[] = [
      { label: 'strided out', expr: '(lambda z: [np.concatenate([np.arange(3.), np.arange(3., 6.)], out=z[::2]), z][1])(np.zeros(12))',
        run: () => { const z = cp.zeros([12]); cp.concatenate([cp.arange(3, { dtype: 'float64' }), cp.arange(3, 6, 1, 'float64')], 0, z.get('::2')); return z; } },
      { label: 'reversed out over its inputs', expr: '(lambda z: [np.concatenate([z[:3], z[3:]], out=z[::-1]), z][1])(np.arange(6.))',
        run: () => { const z = cp.arange(6, { dtype: 'float64' }).eval(); cp.concatenate([z.get(':3'), z.get('3:')], 0, z.get('::-1')); return z; } },
      { label: 'out over its inputs, swapped', expr: '(lambda z: [np.concatenate([z[3:], z[:3]], out=z), z][1])(np.arange(6.))',
        run: () => { const z = cp.arange(6, { dtype: 'float64' }).eval(); cp.concatenate([z.get('3:'), z.get(':3')], 0, z); return z; } },
      { label: 'stack into a transposed out', expr: '(lambda z: [np.stack([np.arange(3), np.arange(3, 6)], axis=1, out=z.T), z][1])(np.zeros((2, 3)))',
        run: () => { const z = cp.zeros([2, 3]); cp.stack([cp.arange(3), cp.arange(3, 6)], 1, z.T); return z; } },
    ];
    checkCases(cases);
    const out = cp.zeros([4]);
    expect(cp.concatenate([cp.arange(2), cp.arange(2)], 0, out)).toBe(out);
    const so = cp.zeros([2, 2]);
    expect(cp.stack([cp.arange(2), cp.arange(2)], { out: so })).toBe(so);
  });

  it('refuses what NumPy refuses', () => {
    const ah = rand('int64', [3]);
    const a = () => toDevice(ah);
    const cases: ErrorCase[] = [
      { label: 'out of another length', expr: 'np.concatenate([a, a], out=np.zeros(5))', inputs: { a: ah }, run: () => cp.concatenate([a(), a()], 0, cp.zeros([5])),
        code: 'ERR_SHAPE', message: 'concatenate: Output array is the wrong shape (expected (6,), got (5,))' },
      { label: 'out of another ndim', expr: 'np.concatenate([a, a], out=np.zeros((6, 1)))', inputs: { a: ah }, run: () => cp.concatenate([a(), a()], 0, cp.zeros([6, 1])),
        code: 'ERR_SHAPE', message: 'concatenate: Output array has wrong dimensionality (expected 1 dimensions, got 2)' },
      { label: 'out and dtype', expr: 'np.concatenate([a, a], out=np.zeros(6), dtype=np.float64)', inputs: { a: ah },
        run: () => cp.concatenate([a(), a()], 0, { out: cp.zeros([6]), dtype: 'float64' }), code: 'ERR_ARG',
        message: 'concatenate: only takes `out` or `dtype` as an argument, but both were provided.' },
      { label: 'int into bool out (same_kind)', expr: 'np.concatenate([a, a], out=np.zeros(6, bool))', inputs: { a: ah }, run: () => cp.concatenate([a(), a()], 0, cp.zeros([6], { dtype: 'bool' })),
        code: 'ERR_DTYPE', message: "concatenate: Cannot cast array data from dtype('int64') to dtype('bool') according to the rule 'same_kind'" },
      { label: 'casting no', expr: "np.concatenate([a, a], out=np.zeros(6), casting='no')", inputs: { a: ah },
        run: () => cp.concatenate([a(), a()], 0, { out: cp.zeros([6]), casting: 'no' }), code: 'ERR_DTYPE',
        message: "concatenate: Cannot cast array data from dtype('int64') to dtype('float64') according to the rule 'no'" },
      { label: 'read-only out', expr: 'np.concatenate([a, a], out=np.broadcast_to(np.zeros(1), (6,)))', inputs: { a: ah },
        run: () => cp.concatenate([a(), a()], 0, cp.broadcast_to(cp.zeros([1]), [6])), code: 'ERR_ARG', message: 'concatenate: assignment destination is read-only (a broadcast view)' },
      { label: 'out a list', expr: 'np.concatenate([a, a], out=[0] * 6)', inputs: { a: ah }, run: () => cp.concatenate([a(), a()], 0, [0, 0, 0, 0, 0, 0] as never),
        code: 'ERR_ARG', message: /^concatenate: expected out to be/ },
      { label: 'stack out of the wrong shape', expr: 'np.stack([a, a], out=np.zeros((3, 2)))', inputs: { a: ah }, run: () => cp.stack([a(), a()], 0, cp.zeros([3, 2])),
        code: 'ERR_SHAPE', message: 'stack: Output array is the wrong shape (expected (2, 3), got (3, 2))' },
      { label: 'stack out and dtype', expr: 'np.stack([a, a], out=np.zeros((2, 3)), dtype=float)', inputs: { a: ah },
        run: () => cp.stack([a(), a()], 0, { out: cp.zeros([2, 3]), dtype: 'float64' }), code: 'ERR_ARG', message: 'stack: only takes `out` or `dtype` as an argument, but both were provided.' },
      { label: 'stack float into int out', expr: 'np.stack([a * 1.5, a], out=np.zeros((2, 3), np.int64))', inputs: { a: ah },
        run: () => cp.stack([a().mul(1.5), a()], 0, cp.zeros([2, 3], { dtype: 'int64' })), code: 'ERR_DTYPE',
        message: "stack: Cannot cast array data from dtype('float64') to dtype('int64') according to the rule 'same_kind'" },
    ];
    checkErrors(cases);
  });
});

describe('choose with out=', () => {
  it('writes the result, cast unsafely, into out of its shape', () => {
    const ah = [0, 1, 2, 1];
    const a = () => cp.asarray(ah);
    const c = '[np.arange(4) * 10, np.arange(4) * 100, np.array(-1)]';
    const choices = () => [cp.arange(4).mul(10), cp.arange(4).mul(100), cp.asarray(-1)];
    const cases: ValueCase[] = [];
    for (const d of ['int64', 'float32', 'int8', 'bool', 'complex64'] as const) {
      cases.push({ label: `into ${d}`, expr: intoOut('(4,)', d, `np.choose(np.array(${JSON.stringify(ah)}), ${c}, out=o)`),
        run: () => cp.choose(a(), choices(), { out: cp.zeros([4], { dtype: d }) }) });
    }
    cases.push(
      // (NumPy 2.4 with mode 'wrap' or 'clip' writes a strided out as if contiguous, over other elements: not followed)
      { label: 'strided out', expr: `(lambda z: [np.choose(np.array([0, 2, 1, 1]), ${c}, out=z[::2]), z][1])(np.zeros(8, np.int64))`,
        run: () => { const z = cp.zeros([8], { dtype: 'int64' }); cp.choose(cp.asarray([0, 2, 1, 1]), choices(), { out: z.get('::2') }); return z; } },
      { label: 'mode wrap', expr: intoOut('(4,)', 'int64', `np.choose(np.array([3, -1, 2, 4]), ${c}, out=o, mode='wrap')`),
        run: () => cp.choose(cp.asarray([3, -1, 2, 4]), choices(), 'wrap', { out: cp.zeros([4], { dtype: 'int64' }) }) },
      { label: 'out is a', expr: '(lambda x: [np.choose(x, [np.arange(4) + 5, 7, 9], out=x), x][1])(np.array([0, 1, 2, 1]))',
        run: () => { const x = a().eval(); cp.choose(x, [cp.arange(4).add(5), 7, 9], { out: x }); return x; } },
      { label: 'float choices into an int out', expr: intoOut('(4,)', 'int64', `np.choose(np.array(${JSON.stringify(ah)}), [np.arange(4) * 1.5, 2, 3], out=o)`),
        run: () => cp.choose(a(), [cp.arange(4).mul(1.5), 2, 3], { out: cp.zeros([4], { dtype: 'int64' }) }) },
    );
    checkCases(cases);
    const out = cp.zeros([2]);
    expect(cp.choose([0, 1], [[1, 2], [3, 4]], { out })).toBe(out);
  });

  it('refuses what NumPy refuses, out left as it was', () => {
    const out = cp.zeros([2], { dtype: 'int64' });
    const cases: ErrorCase[] = [
      { label: 'out broadcastable but not the shape', expr: 'np.choose([0, 1], [[1, 2], [3, 4]], out=np.zeros((2, 2), np.int64))',
        run: () => cp.choose([0, 1], [[1, 2], [3, 4]], { out: cp.zeros([2, 2], { dtype: 'int64' }) }), code: 'ERR_SHAPE',
        message: 'choose: invalid shape for output array (expected (2,), got (2, 2))' },
      { label: 'bad entry, mode raise', expr: 'np.choose(np.array([0, 5]), [1, 2], out=np.zeros(2, np.int64))', run: () => cp.choose(cp.asarray([0, 5]), [1, 2], { out }),
        code: 'ERR_INDEX', message: 'choose: invalid entry in choice array' },
      { label: 'read-only out', expr: 'np.choose([0, 1], [[1, 2], [3, 4]], out=np.broadcast_to(np.zeros(1, np.int64), (2,)))',
        run: () => cp.choose([0, 1], [[1, 2], [3, 4]], { out: cp.broadcast_to(cp.zeros([1], { dtype: 'int64' }), [2]) }), code: 'ERR_ARG',
        message: 'choose: assignment destination is read-only (a broadcast view)' },
    ];
    checkErrors(cases);
    expect(out.toArraySync()).toEqual([0n, 0n]);
  });
});

describe('split with an NDArray of indices', () => {
  it('cuts where the array says (0-d: a number of sections), as NumPy takes any array_like', () => {
    const v = rand('float32', [7]);
    const m = rand('int16', [4, 6]);
    const t = rand('float64', [2, 4, 3]);
    const idx = (values: number[], dtype: 'int64' | 'int32' | 'uint8' = 'int64') => cp.asarray(values, { dtype });
    const cases: ValueCase[] = [
      { label: 'split 1-D', expr: 'np.split(v, np.array([2, 5]))', inputs: { v }, run: () => cp.split(toDevice(v), idx([2, 5])) },
      { label: 'split negative and past the end', expr: 'np.split(v, np.array([-3, 9]))', inputs: { v }, run: () => cp.split(toDevice(v), idx([-3, 9])) },
      { label: 'split empty', expr: 'np.split(v, np.array([], np.int64))', inputs: { v }, run: () => cp.split(toDevice(v), idx([])) },
      { label: 'split empty float (nothing to cut)', expr: 'np.split(v, np.array([]))', inputs: { v }, run: () => cp.split(toDevice(v), cp.zeros([0])) },
      { label: 'split 0-d sections', expr: 'np.split(m, np.array(3), axis=1)', inputs: { m }, run: () => cp.split(toDevice(m), idx([3]).reshape([]), 1) },
      { label: 'split uint8 indices axis -1', expr: 'np.split(m, np.array([1, 4], np.uint8), axis=-1)', inputs: { m }, run: () => cp.split(toDevice(m), idx([1, 4], 'uint8'), -1) },
      { label: 'array_split 0-d', expr: 'np.array_split(v, np.array(3, np.int32))', inputs: { v }, run: () => cp.array_split(toDevice(v), idx([3], 'int32').reshape([])) },
      { label: 'array_split of a transpose', expr: 'np.array_split(m.T, np.array([1, 1, 3]))', inputs: { m }, run: () => cp.array_split(toDevice(m).T, idx([1, 1, 3])) },
      { label: 'hsplit', expr: 'np.hsplit(m, np.array([2]))', inputs: { m }, run: () => cp.hsplit(toDevice(m), idx([2])) },
      { label: 'vsplit', expr: 'np.vsplit(m, np.array([1, 3]))', inputs: { m }, run: () => cp.vsplit(toDevice(m), idx([1, 3])) },
      { label: 'dsplit', expr: 'np.dsplit(t, np.array([1]))', inputs: { t }, run: () => cp.dsplit(toDevice(t), idx([1])) },
    ];
    checkCases(cases);
  });

  it('refuses what NumPy refuses', () => {
    const vh = rand('float32', [6]);
    const v = () => toDevice(vh);
    const cases: ErrorCase[] = [
      { label: 'float indices', expr: 'np.split(v, np.array([1.5]))', inputs: { v: vh }, run: () => cp.split(v(), cp.asarray([1.5])), code: 'ERR_ARG',
        message: 'split: expected indices_or_sections as an NDArray to be 0-d or 1-D of integers, got 1-d float64' },
      { label: 'bool indices', expr: 'np.split(v, np.array([True]))', inputs: { v: vh }, run: () => cp.split(v(), cp.asarray([true])), code: 'ERR_ARG',
        message: 'split: expected indices_or_sections as an NDArray to be 0-d or 1-D of integers, got 1-d bool' },
      { label: '2-D indices', expr: 'np.split(v, np.array([[2]]))', inputs: { v: vh }, run: () => cp.split(v(), cp.asarray([[2]])), code: 'ERR_ARG',
        message: 'split: expected indices_or_sections as an NDArray to be 0-d or 1-D of integers, got 2-d int64' },
      { label: '0-d unequal', expr: 'np.split(v, np.array(4))', inputs: { v: vh }, run: () => cp.split(v(), cp.asarray(4)), code: 'ERR_SHAPE',
        message: 'split: array split does not result in an equal division (an axis of length 6 into 4 sections)' },
      { label: '0-d zero sections', expr: 'np.array_split(v, np.array(0))', inputs: { v: vh }, run: () => cp.array_split(v(), cp.asarray(0)), code: 'ERR_ARG',
        message: 'array_split: expected a positive integer number of sections or a list of indices, got 0' },
    ];
    checkErrors(cases);
  });
});

describeCompilesEveryKernel(cudaSources, HAS_NVRTC, 20);
