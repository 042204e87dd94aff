// The declared signatures of matmul, dot, vdot, inner, outer, tensordot, trace, einsum and
// NumPy 2's linalg names (vecdot, matmul, outer, tensordot, trace, diagonal, cross) against
// NumPy: positional and keyword forms, out= (written in place and returned), dtype= and
// casting=, and the options cupyts refuses (a CupytsError naming the function and the option).
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { compareArrays, numpy, randomArray, type HostArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

const f64 = (shape: number[], seed: number) => randomArray('float64', shape, seed);
const f32 = (shape: number[], seed: number) => randomArray('float32', shape, seed);
const i32 = (shape: number[], seed: number) => randomArray('int32', shape, seed, { low: -9, high: 9 });

interface Case {
  label: string;
  expr: string;
  inputs: Record<string, HostArray>;
  run: (x: Record<string, cp.NDArray>) => cp.NDArray;
}

const cases: Case[] = [
  { label: 'matmul dtype float64 of float32', expr: 'np.matmul(a, b, dtype=np.float64)', inputs: { a: f32([3, 4], 1), b: f32([4, 2], 2) }, run: ({ a, b }) => cp.matmul(a, b, { dtype: 'float64' }) },
  { label: 'matmul dtype float32 of float64 (same_kind)', expr: 'np.matmul(a, b, dtype=np.float32)', inputs: { a: f64([3, 4], 1), b: f64([4, 2], 2) }, run: ({ a, b }) => cp.matmul(a, b, { dtype: 'float32' }) },
  { label: 'matmul dtype float64 of int32', expr: 'np.matmul(a, b, dtype=np.float64)', inputs: { a: i32([2, 3, 4], 1), b: i32([4, 2], 2) }, run: ({ a, b }) => cp.matmul(a, b, { dtype: 'float64' }) },
  { label: 'matmul order C', expr: "np.matmul(a, b, order='C')", inputs: { a: f64([3, 4], 1), b: f64([4], 2) }, run: ({ a, b }) => cp.matmul(a, b, { order: 'C' }) },
  { label: 'tensordot axes positional', expr: 'np.tensordot(a, b, 1)', inputs: { a: f64([2, 3], 3), b: f64([3, 4], 4) }, run: ({ a, b }) => cp.tensordot(a, b, 1) },
  { label: 'tensordot axes keyword', expr: 'np.tensordot(a, b, axes=([1, 0], [0, 2]))', inputs: { a: f64([2, 3, 4], 3), b: f64([3, 4, 2], 4) }, run: ({ a, b }) => cp.tensordot(a, b, { axes: [[1, 0], [0, 2]] }) },
  { label: 'tensordot axes pair of ints', expr: 'np.tensordot(a, b, axes=(0, 1))', inputs: { a: f64([3, 4], 3), b: f64([2, 3], 4) }, run: ({ a, b }) => cp.tensordot(a, b, [0, 1]) },
  { label: 'trace positional', expr: 'np.trace(a, 1, 2, 0, np.float32)', inputs: { a: i32([3, 2, 4], 5) }, run: ({ a }) => cp.trace(a, 1, 2, 0, 'float32') },
  { label: 'trace keyword', expr: 'np.trace(a, offset=-1, axis1=-1, axis2=-3, dtype=np.float32)', inputs: { a: i32([3, 2, 4], 5) }, run: ({ a }) => cp.trace(a, { offset: -1, axis1: -1, axis2: -3, dtype: 'float32' }) },
  { label: 'trace of bool (int64)', expr: 'np.trace(a)', inputs: { a: randomArray('bool', [3, 3], 6) }, run: ({ a }) => cp.trace(a) },
  { label: 'einsum dtype', expr: "np.einsum('ij,jk->ik', a, b, dtype=np.float64)", inputs: { a: i32([3, 4], 7), b: i32([4, 2], 8) }, run: ({ a, b }) => cp.einsum('ij,jk->ik', a, b, { dtype: 'float64' }) },
  { label: 'einsum dtype with casting unsafe', expr: "np.einsum('ij->i', a, dtype=np.float32, casting='unsafe')", inputs: { a: f64([3, 4], 7) }, run: ({ a }) => cp.einsum('ij->i', a, { dtype: 'float32', casting: 'unsafe' }) },
  { label: 'einsum of a scalar and an array', expr: "np.einsum(',i->i', 3, a)", inputs: { a: f64([4], 9) }, run: ({ a }) => cp.einsum(',i->i', 3, a) },
  { label: 'linalg.vecdot', expr: 'np.linalg.vecdot(a, b)', inputs: { a: f64([2, 3], 10), b: f64([3], 11) }, run: ({ a, b }) => cp.linalg.vecdot(a, b) },
  { label: 'linalg.vecdot axis 0 broadcast', expr: 'np.linalg.vecdot(a, b, axis=0)', inputs: { a: f32([3, 2, 4], 10), b: f32([3, 1, 4], 11) }, run: ({ a, b }) => cp.linalg.vecdot(a, b, { axis: 0 }) },
  { label: 'linalg.vecdot int32 stays int32', expr: 'np.linalg.vecdot(a, b)', inputs: { a: i32([4, 5], 12), b: i32([4, 5], 13) }, run: ({ a, b }) => cp.linalg.vecdot(a, b) },
  { label: 'linalg.vecdot bool', expr: 'np.linalg.vecdot(a, b)', inputs: { a: randomArray('bool', [3, 4], 25), b: randomArray('bool', [3, 4], 26) }, run: ({ a, b }) => cp.linalg.vecdot(a, b) },
  { label: 'linalg.vecdot float16', expr: 'np.linalg.vecdot(a, b)', inputs: { a: randomArray('float16', [3, 4], 27, { low: -2, high: 2 }), b: randomArray('float16', [4], 28, { low: -2, high: 2 }) }, run: ({ a, b }) => cp.linalg.vecdot(a, b) },
  { label: 'linalg.vecdot int8 and uint8 (int16)', expr: 'np.linalg.vecdot(a, b)', inputs: { a: randomArray('int8', [5], 29, { low: -9, high: 9 }), b: randomArray('uint8', [2, 5], 30, { low: 0, high: 9 }) }, run: ({ a, b }) => cp.linalg.vecdot(a, b) },
  { label: 'linalg.matmul', expr: 'np.linalg.matmul(a, b)', inputs: { a: f64([2, 3, 4], 14), b: f64([4, 5], 15) }, run: ({ a, b }) => cp.linalg.matmul(a, b) },
  { label: 'linalg.outer', expr: 'np.linalg.outer(a, b)', inputs: { a: i32([3], 16), b: f32([4], 17) }, run: ({ a, b }) => cp.linalg.outer(a, b) },
  { label: 'linalg.tensordot', expr: 'np.linalg.tensordot(a, b, axes=1)', inputs: { a: f64([2, 3], 18), b: f64([3, 4], 19) }, run: ({ a, b }) => cp.linalg.tensordot(a, b, { axes: 1 }) },
  { label: 'linalg.trace (last two axes)', expr: 'np.linalg.trace(a, offset=1)', inputs: { a: i32([2, 3, 4], 20) }, run: ({ a }) => cp.linalg.trace(a, { offset: 1 }) },
  { label: 'linalg.trace dtype', expr: 'np.linalg.trace(a, dtype=np.float64)', inputs: { a: i32([3, 3], 21) }, run: ({ a }) => cp.linalg.trace(a, { dtype: 'float64' }) },
  { label: 'linalg.diagonal', expr: 'np.linalg.diagonal(a, offset=-1)', inputs: { a: f64([2, 4, 3], 22) }, run: ({ a }) => cp.linalg.diagonal(a, { offset: -1 }) },
  { label: 'linalg.cross', expr: 'np.linalg.cross(a, b)', inputs: { a: f64([4, 3], 23), b: f64([3], 24) }, run: ({ a, b }) => cp.linalg.cross(a, b) },
  { label: 'linalg.cross axis 0', expr: 'np.linalg.cross(a, b, axis=0)', inputs: { a: f64([3, 2], 23), b: f64([3, 2], 24) }, run: ({ a, b }) => cp.linalg.cross(a, b, { axis: 0 }) },
];

describe('against NumPy', () => {
  const want = numpy(cases.map((c) => ({ expr: c.expr, inputs: c.inputs })));
  cases.forEach((c, i) => {
    it(c.label, () => {
      const w = want[i];
      if (!w.ok) throw new Error(`NumPy: ${w.error}`);
      const inputs = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, toDevice(v)]));
      const tol = (w.value as HostArray).dtype === 'float16' ? { rtol: 1e-2, atol: 1e-2 } : { rtol: 1e-5, atol: 1e-5 };
      const cmp = compareArrays(toHost(c.run(inputs)), w.value as HostArray, tol);
      expect(cmp.ok ? '' : cmp.message).toBe('');
    });
  });
});

describe('out=', () => {
  const a = () => cp.asarray([[1, 2, 3], [4, 5, 6]], { dtype: 'float32' });
  const b = () => cp.asarray([[1, 0], [0, 1], [1, 1]], { dtype: 'float32' });
  const product = [[4, 5], [10, 11]];
  it.each<[string, (out: cp.NDArray) => cp.NDArray, () => cp.NDArray, unknown]>([
    ['matmul positional out (float32 into float64)', (out) => cp.matmul(a(), b(), out), () => cp.zeros([2, 2]), product],
    ['matmul keyword out', (out) => cp.matmul(a(), b(), { out }), () => cp.zeros([2, 2], { dtype: 'float32' }), product],
    ['dot out', (out) => cp.dot(a(), b(), out), () => cp.zeros([2, 2], { dtype: 'float32' }), product],
    ['outer out', (out) => cp.outer([1, 2], [3, 4, 5], { out }), () => cp.zeros([2, 3]), [[3, 4, 5], [6, 8, 10]]],
    ['trace out', (out) => cp.trace(cp.arange(24).reshape(2, 3, 4), 1, { out }), () => cp.zeros([4], { dtype: 'int64' }), [24n, 26n, 28n, 30n]],
    ['einsum out', (out) => cp.einsum('ij,jk', a(), b(), { out }), () => cp.zeros([2, 2]), product],
  ])('%s', (_, call, makeOut, expected) => {
    const out = makeOut();
    expect(call(out)).toBe(out);
    expect(out.toArraySync()).toEqual(expected);
  });

  it('into a view: only the view changes', () => {
    const base = cp.zeros([4, 2], { dtype: 'float32' });
    cp.matmul(a(), b(), base.get('::2'));
    expect(base.toArraySync()).toEqual([[4, 5], [0, 0], [10, 11], [0, 0]]);
  });
});

describe('errors at the call', () => {
  const a = () => cp.ones([2, 3], { dtype: 'float32' });
  const b = () => cp.ones([3, 2], { dtype: 'float32' });
  it.each<[string, () => unknown, RegExp, string]>([
    ['matmul out of a lower kind', () => cp.matmul(a(), b(), cp.zeros([2, 2], { dtype: 'int32' })), /matmul: cannot cast the result from float32 to out's dtype int32 with casting rule 'same_kind'/, 'ERR_DTYPE'],
    ['matmul out of a wrong shape', () => cp.matmul(a(), b(), cp.zeros([2, 3])), /matmul: expected out to have shape \(2, 2\)/, 'ERR_SHAPE'],
    ['matmul dtype int32 of floats', () => cp.matmul(cp.ones([2, 3]), b(), { dtype: 'int32' }), /matmul: cannot cast x1 from float64 to int32 with casting rule 'same_kind'/, 'ERR_DTYPE'],
    ['matmul casting no with a dtype', () => cp.matmul(a(), b(), { dtype: 'float64', casting: 'no' }), /matmul: cannot cast x1 from float32 to float64 with casting rule 'no'/, 'ERR_DTYPE'],
    ['matmul order F', () => cp.matmul(a(), b(), { order: 'F' }), /matmul: order 'F' is not supported yet/, 'ERR_UNSUPPORTED'],
    ['matmul subok false', () => cp.matmul(a(), b(), { subok: false } as never), /matmul: the argument 'subok' is not supported yet/, 'ERR_UNSUPPORTED'],
    ['matmul axes', () => cp.matmul(a(), b(), { axes: [[0, 1], [0, 1], [0, 1]] } as never), /matmul: the option 'axes' is not supported yet/, 'ERR_UNSUPPORTED'],
    ['matmul unknown option', () => cp.matmul(a(), b(), { where: true } as never), /matmul: unknown option 'where'/, 'ERR_ARG'],
    ['matmul bad casting', () => cp.matmul(a(), b(), { casting: 'any' as never }), /matmul: expected casting to be one of 'no', 'equiv', 'safe', 'same_kind', 'unsafe'/, 'ERR_ARG'],
    ['dot out of another dtype', () => cp.dot(a(), b(), cp.zeros([2, 2])), /dot: cannot cast the result from float32 to out's dtype float64 with casting rule 'no'/, 'ERR_DTYPE'],
    ['vdot takes no options', () => cp.vdot(a(), a(), { out: null } as never), /vdot: expected b to be an array|vdot: expected at most 2 positional arguments/, 'ERR_ARG'],
    ['inner extra argument', () => cp.inner(a(), a(), 1 as never), /inner: expected at most 2 positional arguments, got 3/, 'ERR_ARG'],
    ['tensordot negative count', () => cp.tensordot(a(), b(), -1), /tensordot: expected axes to be a non-negative integer or a pair of axis lists, got -1/, 'ERR_ARG'],
    ['tensordot a bad pair', () => cp.tensordot(a(), b(), [[0], 'x'] as never), /tensordot: expected axes to be a non-negative integer or a pair of axis lists/, 'ERR_ARG'],
    ['trace same axes', () => cp.trace(cp.ones([3, 3]), 0, 1, -1), /trace: expected two different axes, got axis1 1 and axis2 -1/, 'ERR_AXIS'],
    ['trace axis out of bounds', () => cp.trace(cp.ones([3, 3]), 0, 0, 2), /trace: axis2 2 is out of bounds/, 'ERR_AXIS'],
    ['trace fractional offset', () => cp.trace(cp.ones([3, 3]), 0.5), /trace: expected offset to be an integer, got 0.5/, 'ERR_ARG'],
    ['einsum optimize true', () => cp.einsum('ij,jk', a(), b(), { optimize: true } as never), /einsum: the argument 'optimize' is not supported yet/, 'ERR_UNSUPPORTED'],
    ['einsum dtype under safe casting', () => cp.einsum('ij,jk', cp.ones([2, 3]), b(), { dtype: 'float32' }), /einsum: cannot cast operand 0 from float64 to float32 with casting rule 'safe'/, 'ERR_DTYPE'],
    ['einsum without subscripts', () => (cp.einsum as unknown as (...a: unknown[]) => unknown)(a(), b()), /einsum: expected subscripts to be a string/, 'ERR_ARG'],
    ['einsum unknown option', () => cp.einsum('ij', a(), { axis: 0 } as never), /einsum: unknown option 'axis'/, 'ERR_ARG'],
    ['linalg.outer of 2-D', () => cp.linalg.outer(a(), [1, 2]), /linalg.outer: expected 1-D arrays/, 'ERR_SHAPE'],
    ['linalg.cross of 2-vectors', () => cp.linalg.cross([1, 2], [3, 4]), /linalg.cross: expected 3-vectors along axis -1, got lengths 2 and 2/, 'ERR_SHAPE'],
    ['linalg.vecdot lengths', () => cp.linalg.vecdot(a(), cp.ones([2])), /linalg.vecdot: expected vectors of one length along axis -1, got 3 and 2/, 'ERR_SHAPE'],
    ['linalg.vecdot axis positional', () => cp.linalg.vecdot(a(), a(), 0 as never), /linalg.vecdot: expected at most 2 positional arguments/, 'ERR_ARG'],
    ['linalg.trace offset positional', () => cp.linalg.trace(a(), 1 as never), /linalg.trace: expected at most 1 positional argument/, 'ERR_ARG'],
    ['linalg.matmul out', () => cp.linalg.matmul(a(), b(), { out: null } as never), /linalg.matmul: expected x2 to be an array|linalg.matmul: expected at most 2 positional/, 'ERR_ARG'],
  ])('%s', (_, call, message, code) => {
    let error: unknown;
    try {
      call();
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(cp.CupytsError);
    expect((error as Error).message).toMatch(message);
    expect((error as cp.CupytsError).code).toBe(code);
  });
});
