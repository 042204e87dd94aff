// NumPy's ufunc call semantics against NumPy: out= (a new dtype, in place, a view, the 1-tuple
// form, broadcasting into it), where= (broadcast, with and without out), dtype=, casting=, the
// two-output ufuncs' out pair, and the binary ufuncs' methods reduce, accumulate, outer and at over
// dtypes and axes (negative, tuple, null), 0-d and empty inputs. Every rejected call throws a
// CupytsError that names the ufunc (or the method).
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, recordCuda, toDevice, toHost } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { compileAll } from '../helpers/nvrtc-batch.js';
import { compareArrays, numpy, randomArray, type HostArray, type OracleResult } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

type Inputs = Record<string, HostArray>;
interface Case {
  title: string;
  expr: string;
  inputs: Inputs;
  run: (x: Record<string, cp.NDArray>) => cp.NDArray | cp.NDArray[];
}

const f32 = randomArray('float32', [3, 4], 1);
const f32b = randomArray('float32', [3, 4], 2);
const row = randomArray('float32', [4], 3);
const mask = randomArray('bool', [4], 4);
const mask2 = randomArray('bool', [3, 4], 5);
const i8 = randomArray('int8', [3, 4], 6, { low: -20, high: 20 });
const i8b = randomArray('int8', [3, 4], 7, { low: -20, high: 20 });
const u16 = randomArray('uint16', [3, 4], 8, { low: 0, high: 50 });
const f64 = randomArray('float64', [3, 4], 9);
const cube = randomArray('int32', [2, 3, 4], 10, { low: -9, high: 9 });
const cubeF = randomArray('float64', [2, 3, 4], 11);
const zero = randomArray('float32', [], 12);
const empty = randomArray('float64', [0, 3], 13);
const small = randomArray('int16', [2, 3], 14, { low: -5, high: 5 });

/** Python: run `call` (which writes into `o`) on a copy of o, then give o. */
const intoCopy = (call: string) => `(lambda o: (${call}, o)[1])(o.copy())`;

const CASES: Case[] = [];
const add = (title: string, expr: string, inputs: Inputs, run: Case['run']) => CASES.push({ title, expr, inputs, run });

// out=
for (const [name, a, b] of [['float32', f32, f32b], ['int8', i8, i8b], ['uint16', u16, u16], ['float64', f64, f64]] as const) {
  add(`add ${name} into a float64 out`, intoCopy('np.add(a, b, out=o)'), { a, b, o: f64 }, (x) => {
    const r = cp.add(x.a, x.b, x.o);
    expect(r).toBe(x.o);
    return x.o;
  });
}
add('out in place (out is an input)', intoCopy('np.multiply(o, 3, out=o)'), { o: f32 }, (x) => cp.multiply(x.o, 3, x.o));
add('out as a keyword, 1-tuple form', intoCopy('np.subtract(a, b, out=(o,))'), { a: f32, b: f32b, o: f32 }, (x) => cp.subtract(x.a, x.b, { out: [x.o] }));
add('out a strided view', intoCopy('np.add(a[:, ::2], 1, out=o[:, 1::2])'), { a: f32, o: f32b }, (x) => {
  cp.add(x.a.get(':, ::2'), 1, x.o.get(':, 1::2'));
  return x.o;
});
add('inputs broadcast into out', intoCopy('np.add(r, 1, out=o)'), { r: row, o: f32 }, (x) => cp.add(x.r, 1, { out: x.o }));
add('unary into out', intoCopy('np.sqrt(np.abs(a), out=o)'), { a: f32, o: f64 }, (x) => cp.sqrt(cp.abs(x.a), x.o));
// where=
add('where broadcast, with out', intoCopy('np.add(a, b, out=o, where=m)'), { a: f32, b: f32b, o: f64, m: mask }, (x) => cp.add(x.a, x.b, x.o, { where: x.m }));
add('where, in place', intoCopy('np.negative(o, out=o, where=m)'), { o: f32, m: mask2 }, (x) => cp.negative(x.o, { out: x.o, where: x.m }));
add('where without out: 0 where false', 'np.where(m, np.multiply(a, b), 0)', { a: i8, b: i8b, m: mask }, (x) => cp.multiply(x.a, x.b, { where: x.m }));
add('where broadcasts the result shape', 'np.where(m, np.add(r, 1), 0)', { r: row, m: mask2 }, (x) => cp.add(x.r, 1, { where: x.m }));
add('where as JS data converts to bool', intoCopy('np.add(r, 1, out=o, where=[1, 0, 2.5, 0])'), { r: row, o: row }, (x) => cp.add(x.r, 1, x.o, { where: [1, 0, 2.5, 0] }));
add('where=false with out keeps out', intoCopy('np.add(a, b, out=o, where=False)'), { a: f32, b: f32b, o: f32 }, (x) => cp.add(x.a, x.b, x.o, { where: false }));
// dtype= and casting=
add('dtype selects the float32 loop for int8', 'np.add(a, b, dtype="float32")', { a: i8, b: i8b }, (x) => cp.add(x.a, x.b, { dtype: 'float32' }));
add('dtype int16 widens int8 first', 'np.multiply(a, b, dtype="int16")', { a: i8, b: i8b }, (x) => cp.multiply(x.a, x.b, { dtype: 'int16' }));
add('dtype lets a JS integer fit the chosen loop', 'np.add(a, 300, dtype="int16")', { a: i8 }, (x) => cp.add(x.a, 300, { dtype: 'int16' }));
add('dtype with a JS float', 'np.add(a, 2.5, dtype="float32")', { a: i8 }, (x) => cp.add(x.a, 2.5, { dtype: 'float32' }));
add('dtype on a unary float op', 'np.sqrt(a, dtype="float64")', { a: u16 }, (x) => cp.sqrt(x.a, { dtype: 'float64' }));
add('dtype float32 from float64 (same_kind)', 'np.exp(a, dtype="float32")', { a: f64 }, (x) => cp.exp(x.a, { dtype: 'float32' }));
add('casting unsafe with dtype int32', 'np.add(a, b, dtype="int32", casting="unsafe")', { a: f64, b: f64 }, (x) => cp.add(x.a, x.b, { dtype: 'int32', casting: 'unsafe' }));
add('casting unsafe into an int out', intoCopy('np.add(a, 0.5, out=o, casting="unsafe")'), { a: i8, o: small.shape.length ? i8b : i8b }, (x) => cp.add(x.a, 0.5, x.o, { casting: 'unsafe' }));
add('casting no with equal dtypes', 'np.add(a, b, casting="no")', { a: i8, b: i8b }, (x) => cp.add(x.a, x.b, { casting: 'no' }));
// the two-output ufuncs
add('modf into an out pair', '(lambda p, q: (np.modf(a, out=(p, q)), [p, q])[1])(o.copy(), o2.copy())', { a: f64, o: f64, o2: f64 }, (x) => {
  const [p, q] = cp.modf(x.a, { out: [x.o, x.o2] });
  expect([p, q]).toEqual([x.o, x.o2]);
  return [x.o, x.o2];
});
add('divmod with one out', '(lambda q: (lambda r: [r[0], q])(np.divmod(a, b, out=(None, q))))(o.copy())', { a: f64, b: f32b, o: f64 }, (x) => {
  const [d] = cp.divmod(x.a, x.b, { out: [null, x.o] });
  return [d, x.o];
});
// reduce
for (const [name, h] of [['int32', cube], ['float64', cubeF]] as const) {
  for (const axis of [0, 1, -1, null, [0, 2], [-1, -2]] as const) {
    const py = axis === null ? 'None' : Array.isArray(axis) ? `(${axis.join(', ')})` : String(axis);
    add(`add.reduce ${name} axis=${py}`, `np.add.reduce(a, axis=${py})`, { a: h }, (x) => cp.add.reduce(x.a, axis));
    add(`maximum.reduce ${name} axis=${py} keepdims`, `np.maximum.reduce(a, axis=${py}, keepdims=True)`, { a: h }, (x) => cp.maximum.reduce(x.a, { axis, keepdims: true }));
  }
}
add('add.reduce default axis 0', 'np.add.reduce(a)', { a: i8 }, (x) => cp.add.reduce(x.a));
add('multiply.reduce int8 (int64 accumulator)', 'np.multiply.reduce(a, 1)', { a: small }, (x) => cp.multiply.reduce(x.a, 1));
add('minimum.reduce uint16', 'np.minimum.reduce(a, -1)', { a: u16 }, (x) => cp.minimum.reduce(x.a, -1));
add('fmax.reduce float', 'np.fmax.reduce(a, None)', { a: cubeF }, (x) => cp.fmax.reduce(x.a, null));
add('logical_and.reduce of floats', 'np.logical_and.reduce(a, 0)', { a: f32 }, (x) => cp.logical_and.reduce(x.a, 0));
add('logical_or.reduce of bools', 'np.logical_or.reduce(m, 1)', { m: mask2 }, (x) => cp.logical_or.reduce(x.m, 1));
add('add.reduce with dtype', 'np.add.reduce(a, 0, dtype="float32")', { a: i8 }, (x) => cp.add.reduce(x.a, 0, 'float32'));
add('maximum.reduce with dtype', 'np.maximum.reduce(a, 0, dtype="float64")', { a: i8 }, (x) => cp.maximum.reduce(x.a, { dtype: 'float64' }));
add('add.reduce into out', intoCopy('np.add.reduce(a, 0, out=o)'), { a: f64, o: randomArray('float64', [4], 20) }, (x) => cp.add.reduce(x.a, 0, null, x.o));
add('add.reduce 0-d', 'np.add.reduce(z)', { z: zero }, (x) => cp.add.reduce(x.z));
add('add.reduce empty', 'np.add.reduce(e)', { e: empty }, (x) => cp.add.reduce(x.e));
add('multiply.reduce empty over axis 1', 'np.multiply.reduce(e, 1)', { e: empty }, (x) => cp.multiply.reduce(x.e, 1));
// the folds of ufunc-fold.ts
const bits = randomArray('int16', [3, 4], 50, { low: -300, high: 300 });
const ubits = randomArray('uint64', [3, 4], 51);
for (const name of ['bitwise_and', 'bitwise_or', 'bitwise_xor', 'gcd', 'lcm'] as const) {
  add(`${name}.reduce int16 axis=-1`, `np.${name}.reduce(a, -1)`, { a: name === 'lcm' ? small : bits }, (x) => cp[name].reduce(x.a, -1));
  add(`${name}.reduce uint64 axis=None`, `np.${name}.reduce(a, None)`, { a: name === 'lcm' ? randomArray('uint64', [5], 52, { low: 1, high: 9 }) : ubits }, (x) => cp[name].reduce(x.a, null));
}
add('bitwise_and.reduce bool keepdims', 'np.bitwise_and.reduce(m, 0, keepdims=True)', { m: mask2 }, (x) => cp.bitwise_and.reduce(x.m, 0, null, null, true));
add('bitwise_or.reduce with initial', 'np.bitwise_or.reduce(a, 0, initial=64)', { a: bits }, (x) => cp.bitwise_or.reduce(x.a, { initial: 64 }));
add('bitwise_xor.reduce empty', 'np.bitwise_xor.reduce(e, 0)', { e: randomArray('int32', [0, 3], 53) }, (x) => cp.bitwise_xor.reduce(x.e));
add('logical_xor.reduce of floats', 'np.logical_xor.reduce(a, 1)', { a: f32 }, (x) => cp.logical_xor.reduce(x.a, 1));
add('gcd.reduce with dtype', 'np.gcd.reduce(a, 0, dtype="int64")', { a: bits }, (x) => cp.gcd.reduce(x.a, 0, 'int64'));
// accumulate
for (const axis of [0, 1, -1]) {
  add(`add.accumulate int32 axis=${axis}`, `np.add.accumulate(a, ${axis})`, { a: cube }, (x) => cp.add.accumulate(x.a, axis));
  add(`multiply.accumulate float64 axis=${axis}`, `np.multiply.accumulate(a, axis=${axis})`, { a: cubeF }, (x) => cp.multiply.accumulate(x.a, { axis }));
}
add('add.accumulate default axis 0, int8', 'np.add.accumulate(a)', { a: i8 }, (x) => cp.add.accumulate(x.a));
add('add.accumulate dtype', 'np.add.accumulate(a, 0, "float32")', { a: i8 }, (x) => cp.add.accumulate(x.a, 0, 'float32'));
add('add.accumulate empty', 'np.add.accumulate(e)', { e: empty }, (x) => cp.add.accumulate(x.e));
add('add.accumulate into out', intoCopy('np.add.accumulate(a, 1, out=o)'), { a: f64, o: f64 }, (x) => cp.add.accumulate(x.a, 1, null, x.o));
// outer
add('add.outer vectors', 'np.add.outer(r, r)', { r: row }, (x) => cp.add.outer(x.r, x.r));
add('subtract.outer 2-d by 1-d', 'np.subtract.outer(a, r)', { a: small, r: row }, (x) => cp.subtract.outer(x.a, x.r));
add('multiply.outer mixed dtypes', 'np.multiply.outer(a, b)', { a: randomArray('int8', [3], 30), b: randomArray('uint16', [2], 31) }, (x) => cp.multiply.outer(x.a, x.b));
add('greater.outer', 'np.greater.outer(r, r)', { r: row }, (x) => cp.greater.outer(x.r, x.r));
add('arctan2.outer with dtype', 'np.arctan2.outer(r, r, dtype="float64")', { r: row }, (x) => cp.arctan2.outer(x.r, x.r, { dtype: 'float64' }));
add('add.outer 0-d', 'np.add.outer(z, r)', { z: zero, r: row }, (x) => cp.add.outer(x.z, x.r));
// at
const idx = { data: BigInt64Array.from([0n, 2n, 0n, 3n, 0n]), dtype: 'int64', shape: [5] } as HostArray;
add('add.at with duplicates', intoCopy('np.add.at(o, i, 1.5)'), { o: randomArray('float64', [4], 40), i: idx }, (x) => {
  cp.add.at(x.o, [x.i], 1.5);
  return x.o;
});
add('subtract.at with duplicates, array values', intoCopy('np.subtract.at(o, i, v)'), { o: randomArray('int32', [4], 41), i: idx, v: randomArray('int32', [5], 42, { low: -9, high: 9 }) }, (x) => {
  cp.subtract.at(x.o, [x.i], x.v);
  return x.o;
});

function check(c: Case, want: OracleResult): void {
  expect(want.ok, `NumPy: ${want.ok ? '' : want.error}`).toBe(true);
  if (!want.ok) return;
  const inputs = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, toDevice(v)]));
  const got = c.run(inputs);
  const list = Array.isArray(got) ? got : [got];
  const expected = Array.isArray(want.value) ? want.value : [want.value];
  expect(list.length).toBe(expected.length);
  list.forEach((g, i) => {
    recordCuda(g);
    const cmp = compareArrays(toHost(g), expected[i]);
    expect(cmp.ok, cmp.ok ? '' : cmp.message).toBe(true);
  });
}

describe('ufunc calls and methods against NumPy', () => {
  const answers = numpy(CASES.map((c) => ({ expr: c.expr, inputs: c.inputs })));
  it.each(CASES.map((c, i) => [c.title, c, answers[i]] as const))('%s', (_, c, want) => check(c, want));
});

describe('rejected ufunc calls name the ufunc', () => {
  const a = () => cp.asarray([[1.5, 2], [3, 4]], { dtype: 'float32' });
  const ints = () => cp.asarray([1, 2, 3], { dtype: 'int32' });
  const bad: Array<[string, RegExp, () => unknown]> = [
    ['an extra positional argument', /^add: expected at most 3 positional/, () => (cp.add as (...x: unknown[]) => unknown)(a(), a(), a(), a())],
    ['an extra positional argument (unary)', /^sqrt: expected at most 2 positional/, () => (cp.sqrt as (...x: unknown[]) => unknown)(a(), null, 3)],
    ['an unknown option', /^add: unknown option 'axis'/, () => cp.add(a(), a(), { axis: 0 } as never)],
    ['a bad casting', /^add: expected casting to be/, () => cp.add(a(), 1, { casting: 'lenient' as never })],
    ["order='F'", /^multiply: order='F' is not supported/, () => cp.multiply(a(), 2, { order: 'F' })],
    ['a bad order', /^multiply: expected order/, () => cp.multiply(a(), 2, { order: 'X' as never })],
    ['subok=false', /^exp: the argument 'subok' is not supported/, () => cp.exp(a(), { subok: false as never })],
    ['a signature', /^exp: the argument 'signature' is not supported/, () => cp.exp(a(), { signature: 'ff->f' as never })],
    ['a non-boolean where', /^add: expected where to be a boolean array, got dtype float32/, () => cp.add(a(), 1, { where: a() })],
    ['a bad where', /^add: expected where to be a boolean/, () => cp.add(a(), 1, { where: 'yes' as never })],
    ['out not an array', /^add: expected out to be an NDArray/, () => cp.add(a(), 1, { out: [1, 2] as never })],
    ['out of the wrong shape', /^add: non-broadcastable output operand with shape \(3,\) doesn't match the broadcast shape \(2, 2\)/, () => cp.add(a(), 1, cp.zeros([3], { dtype: 'float32' }))],
    ['out that would need broadcasting', /^add: non-broadcastable output operand with shape \(2,\)/, () => cp.add(a(), 1, cp.zeros([2], { dtype: 'float32' }))],
    ['out of a dtype the result does not cast to', /^add: cannot cast the output from float32 to out's dtype int32/, () => cp.add(a(), 1, cp.zeros([2, 2], { dtype: 'int32' }))],
    ['an input that does not cast under casting', /^add: cannot cast input 0 from int32 to int64 with casting rule 'no'/, () => cp.add(ints(), cp.asarray([1, 2, 3]), { casting: 'no' })],
    ['a JS integer out of the chosen loop', /^add: Python integer 300000 out of bounds for int16/, () => cp.add(ints(), 300000, { dtype: 'int16', casting: 'unsafe' })],
    ['dtype with no loop', /^equal: no loop of NumPy's ufunc 'equal' has the output dtype float64/, () => cp.equal(a(), a(), { dtype: 'float64' })],
    ['dtype the inputs do not cast to', /^add: cannot cast input 0 from float32 to int32 with casting rule 'same_kind'/, () => cp.add(a(), a(), { dtype: 'int32' })],
    ['a two-output ufunc given one out', /^modf: expected out to be a list of two/, () => cp.modf(a(), { out: a() as never })],
    ['the same out twice', /^divmod: expected distinct out arrays/, () => { const o = cp.zeros([2, 2], { dtype: 'float32' }); return cp.divmod(a(), a(), { out: [o, o] }); }],
    ['reduce of a ufunc without a reduction', /^subtract\.reduce: not supported for this ufunc yet/, () => cp.subtract.reduce(a())],
    ['a fold of floats', /^bitwise_and\.reduce: expected an input dtype/, () => cp.bitwise_and.reduce(a())],
    ['an empty lcm fold', /^lcm\.reduce: zero-size array to reduction operation lcm which has no identity/, () => cp.lcm.reduce(cp.zeros([0, 2], { dtype: 'int32' }))],
    ['reduce over a bad axis', /^add\.reduce: axis 2 is out of bounds/, () => cp.add.reduce(a(), 2)],
    ['reduce with an unknown option', /^add\.reduce: unknown option 'axes'/, () => cp.add.reduce(a(), { axes: 0 } as never)],
    ['reduce of an empty array without identity', /^maximum\.reduce: zero-size array to reduction operation maximum/, () => cp.maximum.reduce(cp.zeros([0, 2]))],
    ['reduce into out of the wrong shape', /^add\.reduce: expected out to have shape \(2,\)/, () => cp.add.reduce(a(), 0, null, cp.zeros([3], { dtype: 'float32' }))],
    ['accumulate of a ufunc without a scan', /^maximum\.accumulate: not supported for this ufunc yet/, () => cp.maximum.accumulate(a())],
    ['accumulate of a 0-d array', /^add\.accumulate: expected an array of at least one dimension/, () => cp.add.accumulate(cp.asarray(2))],
    ['accumulate over several axes', /^add\.accumulate: expected axis to be an integer axis/, () => cp.add.accumulate(a(), [0, 1] as never)],
    ['accumulate over no axis', /^add\.accumulate: expected axis to be an integer axis, got null/, () => cp.add.accumulate(a(), null as never)],
    ['outer with an extra argument', /^add\.outer: expected at most 2 positional/, () => (cp.add.outer as (...x: unknown[]) => unknown)(a(), a(), a())],
    ['at of a ufunc without at', /^maximum\.at: not supported for this ufunc yet/, () => cp.maximum.at(a(), [0], 1)],
    ['at without b', /^add\.at: expected b/, () => (cp.add.at as (...x: unknown[]) => unknown)(a(), [0])],
    // NumPy 2 casts after each update there (duplicates differ from adding in a's dtype): refused
    ['at with a value that does not cast back', /^add\.at: b gives a float64 result, which does not cast back to a's dtype int32 .*cast b to int32 first/, () => cp.add.at(ints(), [[0]], 1.5)],
    ['at on data, not an NDArray', /^add\.at: expected a to be an NDArray/, () => cp.add.at([1, 2] as never, [0], 1)],
    ['subtract.at on bool', /^subtract\.at: expected a numeric dtype/, () => cp.subtract.at(cp.asarray([true, false]), [[0]], cp.asarray([true]))],
  ];
  it.each(bad)('%s', (_, pattern, call) => {
    expect(call).toThrow(cp.CupytsError);
    expect(call).toThrow(pattern);
  });

  it('keeps aliases as the same ufunc objects, as NumPy', () => {
    expect(cp.abs).toBe(cp.absolute);
    expect(cp.pow).toBe(cp.power);
    expect(cp.true_divide).toBe(cp.divide);
    expect(cp.special.psi).toBe(cp.special.digamma);
    expect(cp.add.name).toBe('add');
    expect(cp.abs.name).toBe('absolute');
  });

  it('declares the call signature once for every ufunc', () => {
    expect(cp.add.signature.text).toBe("add(x1, x2, out=null, *, where=true, casting='same_kind', order='K', dtype=null, subok=true, signature=null)");
    expect(cp.frexp.signature.text).toBe("frexp(x, *, out=null, where=true, casting='same_kind', order='K', dtype=null, subok=true, signature=null)");
    expect(cp.add.reduce.signature.text).toBe('add.reduce(array, axis=0, dtype=null, out=null, keepdims=false, initial=<no value>, where=true)');
  });
});

// Runs last: every CUDA kernel the cases above built (the folds of ufunc-fold.ts among them) compiles with NVRTC.
describe.skipIf(!HAS_NVRTC)('NVRTC', () => {
  it('compiles every generated kernel above', () => {
    const { kernels } = compileAll([...cudaSources.values()]);
    expect(kernels).toBeGreaterThan(20);
  }, 600_000);
});
