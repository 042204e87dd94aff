// The creation functions against NumPy, in NumPy's positional and keyword forms: array, asarray,
// asanyarray, ascontiguousarray, zeros, ones, empty, full and the *_like functions, arange,
// linspace, eye and identity; dtypes inferred from JS values as NumPy infers them from the Python
// values they stand for; empty and 0-d shapes; and every refused call, which names the function.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, toDevice } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { checkCases, checkErrors, type ValueCase } from '../helpers/numpy-cases.js';
import { compileAll } from '../helpers/nvrtc-batch.js';
import { randomArray, type DTypeName } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

const DTYPES: DTypeName[] = ['bool', 'int8', 'uint8', 'int16', 'int32', 'int64', 'uint64', 'float16', 'float32', 'float64'];
let seed = 1500;
const rand = (dtype: DTypeName, shape: number[]) => randomArray(dtype, shape, seed++);

describe('array, asarray, asanyarray, ascontiguousarray', () => {
  it('infer NumPy\'s dtype from JS values', () => {
    checkCases([
      { label: 'ints', expr: 'np.array([1, 2, 3])', run: () => cp.array([1, 2, 3]) },
      { label: '1.0 is the integer 1 in JS', expr: 'np.array([1, 2])', run: () => cp.array([1.0, 2.0]) },
      { label: 'a fraction makes float64', expr: 'np.array([1, 2.5])', run: () => cp.array([1, 2.5]) },
      { label: 'not a safe integer makes float64', expr: 'np.array([1e20])', run: () => cp.array([1e20]) },
      { label: '2**53 is a float in JS', expr: 'np.array([2.0 ** 53, 1.0])', run: () => cp.array([2 ** 53, 1]) },
      { label: 'NaN and Infinity', expr: 'np.array([np.nan, np.inf, 1.0])', run: () => cp.array([NaN, Infinity, 1]) },
      { label: 'empty is float64', expr: 'np.array([])', run: () => cp.array([]) },
      { label: 'empty 2-D', expr: 'np.array([[], []])', run: () => cp.array([[], []]) },
      { label: 'booleans', expr: 'np.array([True, False])', run: () => cp.array([true, false]) },
      { label: 'booleans and ints', expr: 'np.array([True, 2])', run: () => cp.array([true, 2]) },
      { label: 'booleans and floats', expr: 'np.array([True, 2.5])', run: () => cp.array([true, 2.5]) },
      { label: 'bigints', expr: 'np.array([1, 2 ** 62])', run: () => cp.array([1n, 2n ** 62n]) },
      { label: 'bigint past int64', expr: 'np.array([2 ** 63])', run: () => cp.array([2n ** 63n]) },
      { label: 'bool and bigint past int64', expr: 'np.array([True, 2 ** 63])', run: () => cp.array([true, 2n ** 63n]) },
      { label: 'negative and past int64', expr: 'np.array([-1, 2 ** 63])', run: () => cp.array([-1, 2n ** 63n]) },
      { label: 'int64 extremes', expr: 'np.array([-(2 ** 63), 2 ** 63 - 1])', run: () => cp.array([-(2n ** 63n), 2n ** 63n - 1n]) },
      { label: '0-d int', expr: 'np.array(7)', run: () => cp.array(7) },
      { label: '0-d float', expr: 'np.array(0.5)', run: () => cp.array(0.5) },
      { label: '0-d bool', expr: 'np.array(True)', run: () => cp.array(true) },
      { label: 'Float32Array', expr: 'np.array([1.5, 2], dtype=np.float32)', run: () => cp.array(Float32Array.of(1.5, 2)) },
      { label: 'asarray nested', expr: 'np.asarray([[1, 2], [3, 4.5]])', run: () => cp.asarray([[1, 2], [3, 4.5]]) },
    ]);
  });

  it('take dtype positionally and by keyword', () => {
    const cases: ValueCase[] = [];
    for (const d of DTYPES) {
      cases.push(
        { label: `array ${d}`, expr: `np.array([0, 1, 2], np.${d})`, run: () => cp.array([0, 1, 2], d) },
        { label: `asarray ${d}`, expr: `np.asarray([[1, 0]], dtype=np.${d})`, run: () => cp.asarray([[1, 0]], { dtype: d }) },
        { label: `asanyarray ${d}`, expr: `np.asanyarray(1, np.${d})`, run: () => cp.asanyarray(1, d) },
        { label: `ascontiguousarray ${d}`, expr: `np.ascontiguousarray(1, dtype=np.${d})`, run: () => cp.ascontiguousarray(1, { dtype: d }) },
      );
    }
    const a = rand('float32', [3, 4]);
    cases.push(
      { label: 'array of an NDArray, cast', expr: 'np.array(a, np.int16)', inputs: { a }, run: () => cp.array(toDevice(a), 'int16') },
      { label: 'array of a view', expr: 'np.array(a[::-1, 1:].T)', inputs: { a }, run: () => cp.array(toDevice(a).get('::-1, 1:').T) },
      { label: 'floats cast to int', expr: 'np.array([1.5, -2.7], dtype=np.int32)', run: () => cp.array([1.5, -2.7], { dtype: 'int32' }) },
      { label: 'ndmin', expr: 'np.array([1, 2], ndmin=3)', run: () => cp.array([1, 2], { ndmin: 3 }) },
      { label: 'ndmin of 0-d', expr: 'np.array(5, ndmin=2)', run: () => cp.array(5, { ndmin: 2 }) },
      { label: 'ndmin below ndim', expr: 'np.array(a, ndmin=1)', inputs: { a }, run: () => cp.array(toDevice(a), { ndmin: 1 }) },
      { label: "order 'F' on 1-D", expr: "np.array([1, 2], order='F')", run: () => cp.array([1, 2], { order: 'F' }) },
      { label: "asarray order 'C'", expr: "np.asarray(a, None, 'C')", inputs: { a }, run: () => cp.asarray(toDevice(a), null, 'C') },
      { label: 'ascontiguousarray of 0-d is 1-D', expr: 'np.ascontiguousarray(5)', run: () => cp.ascontiguousarray(5) },
      { label: 'ascontiguousarray of a view', expr: 'np.ascontiguousarray(a.T)', inputs: { a }, run: () => cp.ascontiguousarray(toDevice(a).T) },
    );
    checkCases(cases);
  });

  it('ascontiguousarray: the array itself where it is C-contiguous (a contiguous view shares memory), a copy where it is not', () => {
    // NumPy: np.ascontiguousarray(b[::2]) is a copy (writes into it stay there); of b[1:] it is b[1:] itself.
    const base = cp.asarray([1, 2, 3, 4], 'float64').eval();
    cp.ascontiguousarray(base.get('::2')).set(0, 99);
    expect(Array.from(base.toTypedArray() as Float64Array)).toEqual([1, 2, 3, 4]);
    cp.ascontiguousarray(base.get('1:')).set(0, 7);
    expect(Array.from(base.toTypedArray() as Float64Array)).toEqual([1, 7, 3, 4]);
    expect(cp.ascontiguousarray(base)).toBe(base);
    const m = cp.arange(6).reshape(2, 3).eval();
    cp.ascontiguousarray(m.T).set([0, 0], 50);
    cp.ascontiguousarray(cp.broadcast_to(m.get(0), [2, 3])).set([0, 0], 60);
    expect(m.toArraySync()).toEqual([[0n, 1n, 2n], [3n, 4n, 5n]]);
    cp.ascontiguousarray(m.get('1:')).set([0, 0], 30); // rows 1: of a C-ordered matrix are contiguous
    expect(m.toArraySync()).toEqual([[0n, 1n, 2n], [30n, 4n, 5n]]);
    expect(cp.ascontiguousarray(m.add(1).get('::-1')).toArraySync()).toEqual([[31n, 5n, 6n], [1n, 2n, 3n]]);
  });

  it('copy a TypedArray at the call (its own storage type, a subarray, shared memory, a converted type)', () => {
    const src = Float64Array.of(1, 2.5, -3, 4);
    const whole = cp.asarray(src);
    const tail = cp.asarray(src.subarray(1));
    const shared = new Int32Array(new SharedArrayBuffer(12));
    shared.set([7, -8, 9]);
    const fromShared = cp.asarray(shared);
    const cast = cp.asarray(src, 'float32');
    src.fill(0);
    shared.fill(0);
    checkCases([
      { label: 'Float64Array', expr: 'np.array([1, 2.5, -3, 4])', run: () => whole },
      { label: 'subarray', expr: 'np.array([2.5, -3, 4])', run: () => tail },
      { label: 'shared Int32Array', expr: 'np.array([7, -8, 9], np.int32)', run: () => fromShared },
      { label: 'Float64Array as float32', expr: 'np.array([1, 2.5, -3, 4], np.float32)', run: () => cast },
    ]);
  });

  it('copy: true always copies, false never does, null only when needed', () => {
    const a = cp.arange(3).eval();
    expect(cp.asarray(a)).toBe(a);
    expect(cp.asarray(a, 'int64')).toBe(a);
    expect(cp.asarray(a, { copy: null })).toBe(a);
    expect(cp.array(a, { copy: false })).toBe(a);
    expect(cp.array(a, { copy: null })).toBe(a);
    expect(cp.asanyarray(a)).toBe(a);
    const copied = cp.array(a);
    const copiedToo = cp.asarray(a, { copy: true });
    expect(copied).not.toBe(a);
    a.set(0, 9);
    expect(copied.tolist()).toEqual([0, 1, 2]);
    expect(copiedToo.tolist()).toEqual([0, 1, 2]);
    expect(cp.asarray(a, 'float32')).not.toBe(a);
  });

  it('refuse bad calls, naming the function', () => {
    const a = () => cp.arange(3);
    checkErrors([
      { label: 'uint8 300', expr: 'np.array([1, 300], dtype=np.uint8)', run: () => cp.array([1, 300], 'uint8'), code: 'ERR_OVERFLOW', message: 'array: Python integer 300 out of bounds for uint8' },
      { label: 'uint8 -1', expr: 'np.asarray([-1], np.uint8)', run: () => cp.asarray([-1], 'uint8'), code: 'ERR_OVERFLOW', message: 'asarray: Python integer -1 out of bounds for uint8' },
      { label: 'bigint past uint64', expr: null /* NumPy makes an object array */, run: () => cp.array([2n ** 64n]), code: 'ERR_OVERFLOW', message: /^array: expected integers that int64 or uint64 can hold, got 18446744073709551616/ },
      { label: 'copy false with a cast', expr: 'np.array(np.arange(3), dtype=np.float32, copy=False)', run: () => cp.array(a(), 'float32', { copy: false }), code: 'ERR_ARG', message: /^array: Unable to avoid copy while creating an array as requested/ },
      { label: 'copy false of JS data', expr: 'np.asarray([1, 2], copy=False)', run: () => cp.asarray([1, 2], { copy: false }), code: 'ERR_ARG', message: /^asarray: Unable to avoid copy/ },
      { label: 'unknown option', expr: 'np.array([1], dtpe=np.int8)', run: () => cp.array([1], { dtpe: 'int8' } as never), code: 'ERR_ARG', message: /^array: unknown option 'dtpe'; expected one of 'dtype', 'copy'/ },
      { label: 'extra positional', expr: null, run: () => (cp.asarray as any)([1], 'int8', 'C', true), code: 'ERR_ARG', message: 'asarray: expected at most 3 positional arguments and an options object, got 4' },
      { label: 'copy positional', expr: 'np.array([1], None, True)', run: () => (cp.array as any)([1], null, true), code: 'ERR_ARG', message: 'array: expected at most 2 positional arguments and an options object, got 3' },
      { label: 'bad dtype', expr: "np.array([1], 'int3')", run: () => cp.array([1], 'int3' as never), code: 'ERR_DTYPE', message: /^array: / },
      { label: 'object not array-like', expr: null, run: () => (cp.array as any)('abc'), code: 'ERR_ARG', message: /^array: expected object to be an array/ },
      { label: 'ndmin past 64', expr: 'np.array(1, ndmin=65)', run: () => cp.array(1, { ndmin: 65 }), code: 'ERR_SHAPE', message: /^array: ndmin bigger than allowable number of dimensions/ },
      { label: 'ndmin negative', expr: null, run: () => cp.array(1, { ndmin: -1 }), code: 'ERR_ARG', message: 'array: expected ndmin to be a non-negative integer, got -1' },
      { label: 'like', expr: null, run: () => cp.array([1], { like: a() } as never), code: 'ERR_UNSUPPORTED', message: /^array: the argument 'like' is not supported yet/ },
      { label: 'device', expr: null, run: () => cp.asarray([1], { device: 'cuda' } as never), code: 'ERR_ARG', message: /^asarray: expected device to be a cp.cuda.Device, a device id or null, got 'cuda'/ },
      { label: 'device out of range', expr: null, run: () => cp.asarray([1], { device: 7 }), code: 'ERR_NO_DEVICE', message: /^asarray: expected a device id in \[0, 1\), got 7/ },
      { label: "order 'F' on 2-D", expr: null, run: () => cp.array([[1, 2]], { order: 'F' }), code: 'ERR_UNSUPPORTED', message: /^array: order 'F' is not supported yet/ },
      { label: 'bad order', expr: "np.array([1], order='X')", run: () => cp.array([1], { order: 'X' as never }), code: 'ERR_ARG', message: /^array: expected order to be one of 'C', 'F', 'A', 'K', got 'X'/ },
      { label: 'copy not a boolean', expr: null, run: () => cp.array([1], { copy: 1 as never }), code: 'ERR_ARG', message: 'array: expected copy to be a boolean or null, got 1' },
      { label: 'ascontiguousarray has no copy', expr: 'np.ascontiguousarray([1], copy=True)', run: () => cp.ascontiguousarray([1], { copy: true } as never), code: 'ERR_ARG', message: /^ascontiguousarray: unknown option 'copy'/ },
    ]);
  });
});

describe('zeros, ones, empty, full and the *_like functions', () => {
  it('take shape and dtype positionally and by keyword', () => {
    const cases: ValueCase[] = [];
    for (const d of DTYPES) {
      cases.push(
        { label: `zeros ${d}`, expr: `np.zeros([2, 3], np.${d})`, run: () => cp.zeros([2, 3], d) },
        { label: `ones ${d}`, expr: `np.ones(4, dtype=np.${d})`, run: () => cp.ones(4, { dtype: d }) },
        { label: `empty ${d}`, expr: `np.zeros((2, 0), np.${d})`, run: () => cp.empty([2, 0], d) },
        { label: `full ${d}`, expr: `np.full((2, 2), 1, np.${d})`, run: () => cp.full([2, 2], 1, d) },
      );
    }
    cases.push(
      { label: 'zeros default float64', expr: 'np.zeros(3)', run: () => cp.zeros(3) },
      { label: 'zeros 0-d', expr: 'np.zeros(())', run: () => cp.zeros([]) },
      { label: 'ones null dtype', expr: 'np.ones(2, None)', run: () => cp.ones(2, null) },
      { label: "zeros order 'F' on 1-D", expr: "np.zeros(3, order='F')", run: () => cp.zeros(3, { order: 'F' }) },
      { label: "ones order 'C'", expr: "np.ones((2, 2), None, 'C')", run: () => cp.ones([2, 2], null, 'C') },
      { label: 'full int', expr: 'np.full(3, 7)', run: () => cp.full(3, 7) },
      { label: 'full float', expr: 'np.full(3, 7.5)', run: () => cp.full(3, 7.5) },
      { label: 'full bool', expr: 'np.full(3, True)', run: () => cp.full(3, true) },
      { label: 'full bool of an int other than 0 and 1 (its truth)', expr: 'np.full(3, 65535, bool)', run: () => cp.full(3, 65535, 'bool') },
      { label: 'full_like bool of a negative int', expr: 'np.full_like(np.zeros(2, bool), -3)', run: () => cp.full_like(cp.zeros([2], 'bool'), -3) },
      { label: 'full 1e19 is float64', expr: 'np.full([1], 1e19)', run: () => cp.full([1], 1e19) },
      { label: 'full bigint past int64', expr: 'np.full(2, 2 ** 63)', run: () => cp.full(2, 2n ** 63n) },
      { label: 'full float cast to int', expr: 'np.full(2, 2.7, dtype=np.int32)', run: () => cp.full(2, 2.7, { dtype: 'int32' }) },
      { label: 'full 0-d', expr: 'np.full((), 4.5)', run: () => cp.full([], 4.5) },
      { label: 'full list fill', expr: 'np.full((2, 3), [1, 2, 3])', run: () => cp.full([2, 3], [1, 2, 3]) },
      { label: 'full column fill', expr: 'np.full((2, 3), [[1], [2]])', run: () => cp.full([2, 3], [[1], [2]]) },
      { label: 'full list fill cast', expr: 'np.full(2, [1.7, -2.2], dtype=np.int32)', run: () => cp.full(2, [1.7, -2.2], 'int32') },
      { label: 'full list fill wraps as NumPy', expr: 'np.full(2, np.array([1.7, -2.2]), dtype=np.uint8)', run: () => cp.full(2, [1.7, -2.2], 'uint8') },
      { label: 'full NDArray fill', expr: 'np.full((3, 2), np.array([1, 2], dtype=np.int8))', run: () => cp.full([3, 2], cp.asarray([1, 2], 'int8')) },
      { label: 'full empty', expr: 'np.full((0, 3), [1, 2, 3])', run: () => cp.full([0, 3], [1, 2, 3]) },
    );
    checkCases(cases);
  });

  it('the *_like functions take dtype, order, subok and shape', () => {
    const cases: ValueCase[] = [];
    for (const d of DTYPES) {
      const a = rand(d, [2, 3]);
      cases.push(
        { label: `zeros_like ${d}`, expr: 'np.zeros_like(a)', inputs: { a }, run: () => cp.zeros_like(toDevice(a)) },
        { label: `ones_like ${d} float32`, expr: 'np.ones_like(a, np.float32)', inputs: { a }, run: () => cp.ones_like(toDevice(a), 'float32') },
        { label: `full_like ${d}`, expr: 'np.full_like(a, 1)', inputs: { a }, run: () => cp.full_like(toDevice(a), 1) },
        { label: `empty_like ${d} shape`, expr: 'np.zeros_like(a, shape=(4,))', inputs: { a }, run: () => cp.empty_like(toDevice(a), { shape: [4] }) },
      );
    }
    const f = rand('float32', [2, 3]);
    cases.push(
      { label: 'zeros_like positional shape', expr: "np.zeros_like(f, None, 'K', True, (3, 1))", inputs: { f }, run: () => cp.zeros_like(toDevice(f), null, 'K', true, [3, 1]) },
      { label: 'ones_like shape 0-d', expr: 'np.ones_like(f, shape=())', inputs: { f }, run: () => cp.onesLike(toDevice(f), { shape: [] }) },
      { label: 'full_like JS list', expr: 'np.full_like([1, 2], 7.9)', run: () => cp.full_like([1, 2], 7.9) },
      { label: 'full_like array fill', expr: 'np.full_like(f, [1.5, 2.5, 3.5])', inputs: { f }, run: () => cp.full_like(toDevice(f), [1.5, 2.5, 3.5]) },
      { label: 'full_like dtype and shape', expr: 'np.full_like(f, 3, dtype=np.int8, shape=(2, 2))', inputs: { f }, run: () => cp.fullLike(toDevice(f), 3, { dtype: 'int8', shape: [2, 2] }) },
      { label: 'zeros_like of a view', expr: 'np.zeros_like(f.T)', inputs: { f }, run: () => cp.zeros_like(toDevice(f).T) },
      { label: 'zeros_like subok false', expr: 'np.zeros_like(f, subok=False)', inputs: { f }, run: () => cp.zeros_like(toDevice(f), { subok: false }) },
      { label: 'ones_like 0-d', expr: 'np.ones_like(np.float32(2))', run: () => cp.ones_like(cp.asarray(2, 'float32')) },
    );
    checkCases(cases);
  });

  it('refuse bad calls, naming the function', () => {
    const f = () => cp.ones([2, 3]);
    checkErrors([
      { label: 'full int out of range', expr: 'np.full(2, 300, dtype=np.uint8)', run: () => cp.full(2, 300, 'uint8'), code: 'ERR_OVERFLOW', message: 'full: Python integer 300 out of bounds for uint8' },
      { label: 'full_like int out of range', expr: 'np.full_like(np.zeros(2, np.int8), 300)', run: () => cp.full_like(cp.zeros(2, 'int8'), 300), code: 'ERR_OVERFLOW', message: 'full_like: Python integer 300 out of bounds for int8' },
      { label: 'full NaN to int', expr: null /* NumPy warns and writes INT_MIN */, run: () => cp.full(2, NaN, 'int32'), code: 'ERR_ARG', message: 'full: cannot convert float NaN to integer' },
      { label: 'full fill does not broadcast', expr: 'np.full((2,), [[1], [2]])', run: () => cp.full([2], [[1], [2]]), code: 'ERR_SHAPE', message: 'full: could not broadcast the fill value from shape (2, 1) into shape (2,)' },
      { label: 'full missing fill', expr: 'np.full(2)', run: () => (cp.full as any)(2), code: 'ERR_ARG', message: /^full: missing required argument 'fill_value'/ },
      { label: 'zeros negative', expr: 'np.zeros(-1)', run: () => cp.zeros(-1), code: 'ERR_SHAPE', message: 'zeros: expected a shape of non-negative integers, got -1' },
      { label: 'zeros fractional', expr: 'np.zeros(2.5)', run: () => cp.zeros(2.5), code: 'ERR_SHAPE', message: 'zeros: expected a shape of non-negative integers, got 2.5' },
      { label: "zeros order 'K'", expr: "np.zeros(2, order='K')", run: () => cp.zeros(2, { order: 'K' as never }), code: 'ERR_ARG', message: "zeros: expected order to be one of 'C', 'F', got 'K'" },
      { label: "ones order 'F' on 2-D", expr: null, run: () => cp.ones([2, 2], null, 'F'), code: 'ERR_UNSUPPORTED', message: /^ones: order 'F' is not supported yet/ },
      { label: 'empty unknown option', expr: 'np.empty(2, dtyp=float)', run: () => cp.empty(2, { dtyp: 'float32' } as never), code: 'ERR_ARG', message: /^empty: unknown option 'dtyp'/ },
      { label: 'ones extra positional', expr: "np.ones(2, float, 'C', None)", run: () => (cp.ones as any)(2, 'float32', 'C', null), code: 'ERR_ARG', message: 'ones: expected at most 3 positional arguments and an options object, got 4' },
      { label: 'zeros shape a string', expr: "np.zeros('2')", run: () => cp.zeros('2' as never), code: 'ERR_ARG', message: "zeros: expected shape to be a non-negative integer or a list of them, got '2'" },
      { label: 'zeros like', expr: null, run: () => cp.zeros(2, { like: f() } as never), code: 'ERR_UNSUPPORTED', message: /^zeros: the argument 'like' is not supported yet/ },
      { label: 'zeros_like device', expr: null, run: () => cp.zeros_like(f(), { device: 'cpu' } as never), code: 'ERR_UNSUPPORTED', message: /^zeros_like: the argument 'device' is not supported yet/ },
      { label: 'zeros_like bad shape', expr: 'np.zeros_like(np.ones(2), shape=(-1,))', run: () => cp.zeros_like(f(), { shape: [-1] }), code: 'ERR_SHAPE', message: 'zeros_like: expected a shape of non-negative integers, got [-1]' },
      { label: 'ones_like subok not boolean', expr: null, run: () => cp.ones_like(f(), { subok: 1 as never }), code: 'ERR_ARG', message: 'ones_like: expected subok to be a boolean, got 1' },
      { label: 'empty_like takes prototype', expr: null, run: () => cp.empty_like(f(), { a: 1 } as never), code: 'ERR_ARG', message: /^empty_like: unknown option 'a'/ },
      { label: 'full_like not an array', expr: null, run: () => (cp.full_like as any)('abc', 1), code: 'ERR_ARG', message: /^full_like: expected a to be an array/ },
    ]);
  });
});

describe('arange, linspace, eye, identity', () => {
  it('arange with NumPy\'s dtype rules', () => {
    const cases: ValueCase[] = [
      { label: 'stop', expr: 'np.arange(5)', run: () => cp.arange(5) },
      { label: 'float stop', expr: 'np.arange(2.5)', run: () => cp.arange(2.5) },
      { label: 'start stop step', expr: 'np.arange(1, 10, 3)', run: () => cp.arange(1, 10, 3) },
      { label: 'negative step', expr: 'np.arange(5, -5, -2)', run: () => cp.arange(5, -5, -2) },
      { label: 'float step as NumPy fills it', expr: 'np.arange(0.1, 1, 0.3)', run: () => cp.arange(0.1, 1, 0.3) },
      { label: 'float step many', expr: 'np.arange(-3.3, 9.1, 0.37)', run: () => cp.arange(-3.3, 9.1, 0.37) },
      { label: 'empty', expr: 'np.arange(5, 0.5)', run: () => cp.arange(5, 0.5) },
      { label: 'positional dtype', expr: 'np.arange(0, 5, 1, np.float32)', run: () => cp.arange(0, 5, 1, 'float32') },
      { label: 'int dtype casts start and step', expr: 'np.arange(0.5, 5, 1.5, dtype=int)', run: () => cp.arange(0.5, 5, 1.5, { dtype: 'int64' }) },
      { label: 'int dtype negative start', expr: 'np.arange(-0.5, 5, 1.5, dtype=int)', run: () => cp.arange(-0.5, 5, 1.5, { dtype: 'int64' }) },
      { label: 'int dtype negative step', expr: 'np.arange(-0.5, -5, -1.5, dtype=np.int32)', run: () => cp.arange(-0.5, -5, -1.5, 'int32') },
      { label: 'int dtype small step', expr: 'np.arange(0, 5, 0.3, dtype=int)', run: () => cp.arange(0, 5, 0.3, 'int64') },
      { label: 'int dtype float stop', expr: 'np.arange(2.7, dtype=int)', run: () => cp.arange(2.7, { dtype: 'int64' }) },
      { label: 'uint8', expr: 'np.arange(3, dtype=np.uint8)', run: () => cp.arange(3, { dtype: 'uint8' }) },
      { label: 'float32 fill', expr: 'np.arange(0.1, 3, 0.7, dtype=np.float32)', run: () => cp.arange(0.1, 3, 0.7, 'float32') },
      { label: 'float16', expr: 'np.arange(0.5, 5, 1.5, dtype=np.float16)', run: () => cp.arange(0.5, 5, 1.5, 'float16') },
      // 64-bit integers are filled as two 32-bit words below 2^53 (their sign in the high one).
      { label: 'int64 across 0', expr: 'np.arange(-3000000000, 3000000000, 1000000000)', run: () => cp.arange(-3e9, 3e9, 1e9) },
      { label: 'int64 far below 0', expr: 'np.arange(-2**40, -2**40 + 5)', run: () => cp.arange(-(2 ** 40), -(2 ** 40) + 5) },
      { label: 'int64 beyond 2^53', expr: 'np.arange(2**53 - 2, 2**53 + 3, 2, dtype=np.int64)', run: () => cp.arange(2 ** 53 - 2, 2 ** 53 + 3, 2, 'int64') },
      { label: 'uint64', expr: 'np.arange(3, 40, 9, dtype=np.uint64)', run: () => cp.arange(3, 40, 9, 'uint64') },
      { label: 'int8 across 0', expr: 'np.arange(-4, 4, dtype=np.int8)', run: () => cp.arange(-4, 4, 1, 'int8') },
      { label: 'complex64', expr: 'np.arange(0, 5, 1.5, dtype=np.complex64)', run: () => cp.arange(0, 5, 1.5, 'complex64') },
      { label: 'bool of two', expr: 'np.arange(0, 2, dtype=bool)', run: () => cp.arange(0, 2, 1, 'bool') },
      { label: 'bool of one', expr: 'np.arange(0, 1, dtype=bool)', run: () => cp.arange(0, 1, { dtype: 'bool' }) },
      // From 2^16 elements the values are computed on the device (a scan of ones), as the host fills them.
      { label: 'long', expr: 'np.arange(70000)', run: () => cp.arange(70000) },
      { label: 'long int32 negative step', expr: 'np.arange(100000, -40000, -2, dtype=np.int32)', run: () => cp.arange(100000, -40000, -2, 'int32') },
      { label: 'long uint8 wraps', expr: 'np.arange(70000, dtype=np.uint8)', run: () => cp.arange(70000, { dtype: 'uint8' }) },
      { label: 'long float64 step', expr: 'np.arange(-3.3, 70000 * 0.37, 0.37)', run: () => cp.arange(-3.3, 70000 * 0.37, 0.37) },
      { label: 'long float32', expr: 'np.arange(0.1, 20000, 0.3, dtype=np.float32)', run: () => cp.arange(0.1, 20000, 0.3, 'float32') },
      { label: 'long float16', expr: 'np.arange(0.5, 7000, 0.1, dtype=np.float16)', run: () => cp.arange(0.5, 7000, 0.1, 'float16') },
      // Element 1 is start + step as stored, not first + 1 * (second - first), which can round
      // away from it; a bound beyond float16 is inf there (and the steps between are NaN).
      { label: 'element 1 float32', expr: 'np.arange(0.3, -9.7, -1 / 3, dtype=np.float32)', run: () => cp.arange(0.3, -9.7, -1 / 3, 'float32') },
      { label: 'element 1 complex64', expr: 'np.arange(0.3, -0.7, -0.2, dtype=np.complex64)', run: () => cp.arange(0.3, -0.7, -0.2, 'complex64') },
      { label: 'float16 bounds overflow', expr: 'np.arange(100000.1, 99999.1, -0.2, dtype=np.float16)', run: () => cp.arange(100000.1, 99999.1, -0.2, 'float16') },
      { label: 'long element 1 float32', expr: 'np.arange(0.3, -25000, -1 / 3, dtype=np.float32)', run: () => cp.arange(0.3, -25000, -1 / 3, 'float32') },
      { label: 'long float16 bounds overflow', expr: 'np.arange(1e6, 1e6 + 70000, dtype=np.float16)', run: () => cp.arange(1e6, 1e6 + 70000, 1, 'float16') },
      // A bool is Python's int 0 or 1 (int64, not bool, where no dtype is given).
      { label: 'True', expr: 'np.arange(True)', run: () => cp.arange(true) },
      { label: 'False', expr: 'np.arange(False)', run: () => cp.arange(false) },
      { label: 'True to 3', expr: 'np.arange(True, 3)', run: () => cp.arange(true, 3) },
      { label: 'False to True', expr: 'np.arange(False, True)', run: () => cp.arange(false, true) },
      { label: 'step True', expr: 'np.arange(0, 5, True)', run: () => cp.arange(0, 5, true) },
      { label: 'stop True, float step', expr: 'np.arange(0, True, 0.5)', run: () => cp.arange(0, true, 0.5) },
      { label: 'from -3 to True', expr: 'np.arange(-3, True)', run: () => cp.arange(-3, true) },
      { label: 'True float32', expr: 'np.arange(True, dtype=np.float32)', run: () => cp.arange(true, { dtype: 'float32' }) },
      { label: 'True bool', expr: 'np.arange(True, dtype=bool)', run: () => cp.arange(true, { dtype: 'bool' }) },
      { label: 'True to 5 by 2, bool', expr: 'np.arange(True, 5, 2, dtype=bool)', run: () => cp.arange(true, 5, 2, 'bool') },
    ];
    checkCases(cases);
  });

  it('linspace with NumPy\'s step, integer floors, array bounds, axis and retstep', () => {
    const lo = rand('float32', [2]);
    const hi = rand('float32', [3, 1]);
    const cases: ValueCase[] = [
      { label: 'default num', expr: 'np.linspace(0, 1)', run: () => cp.linspace(0, 1) },
      { label: 'positional', expr: 'np.linspace(2, 3, 5, False)', run: () => cp.linspace(2, 3, 5, false) },
      { label: 'thirds', expr: 'np.linspace(0, 1, 7)', run: () => cp.linspace(0, 1, 7) },
      { label: 'decreasing', expr: 'np.linspace(5, -3.5, 11)', run: () => cp.linspace(5, -3.5, 11) },
      { label: 'num 1', expr: 'np.linspace(2, 5, 1)', run: () => cp.linspace(2, 5, 1) },
      { label: 'num 0', expr: 'np.linspace(2, 5, 0)', run: () => cp.linspace(2, 5, 0) },
      { label: 'equal ends', expr: 'np.linspace(2, 2, 4)', run: () => cp.linspace(2, 2, 4) },
      { label: 'tiny step', expr: 'np.linspace(0, 5e-324, 4)', run: () => cp.linspace(0, 5e-324, 4) },
      { label: 'NaN end', expr: 'np.linspace(np.nan, 1, 3)', run: () => cp.linspace(NaN, 1, 3) },
      { label: 'int floors', expr: 'np.linspace(0, 10, 4, dtype=int)', run: () => cp.linspace(0, 10, 4, { dtype: 'int64' }) },
      { label: 'negative int floors', expr: 'np.linspace(-10, 0, 4, dtype=int)', run: () => cp.linspace(-10, 0, 4, true, false, 'int64') },
      { label: 'int8 from halves', expr: 'np.linspace(0.5, 3.5, 4, dtype=np.int8)', run: () => cp.linspace(0.5, 3.5, 4, { dtype: 'int8' }) },
      { label: 'uint8 negative wraps', expr: 'np.linspace(0, -5, 3, dtype=np.uint8)', run: () => cp.linspace(0, -5, 3, { dtype: 'uint8' }) },
      { label: 'bool', expr: 'np.linspace(0, 1, 3, dtype=bool)', run: () => cp.linspace(0, 1, 3, { dtype: 'bool' }) },
      { label: 'float32', expr: 'np.linspace(0, 1, 7, dtype=np.float32)', run: () => cp.linspace(0, 1, 7, { dtype: 'float32' }) },
      { label: 'axis -1 of scalars', expr: 'np.linspace(0, 1, 3, axis=-1)', run: () => cp.linspace(0, 1, 3, { axis: -1 }) },
      { label: 'list bounds', expr: 'np.linspace([0, 1], [2, 3], 3)', run: () => cp.linspace([0, 1], [2, 3], 3) },
      { label: 'list bounds axis 1', expr: 'np.linspace([0, 1], [2, 3], 3, axis=1)', run: () => cp.linspace([0, 1], [2, 3], 3, { axis: 1 }) },
      { label: 'list bounds axis -1', expr: 'np.linspace([0, 1], 5, 4, axis=-1)', run: () => cp.linspace([0, 1], 5, 4, { axis: -1 }) },
      { label: 'float32 arrays broadcast', expr: 'np.linspace(lo, hi, 5)', inputs: { lo, hi }, run: () => cp.linspace(toDevice(lo), toDevice(hi), 5), approx: true },
      { label: 'float32 arrays no endpoint', expr: 'np.linspace(lo, hi, 4, endpoint=False, axis=2)', inputs: { lo, hi }, run: () => cp.linspace(toDevice(lo), toDevice(hi), 4, false, { axis: 2 }), approx: true },
      { label: 'array bounds with a zero step', expr: 'np.linspace([0, 0], [1, 0], 7)', run: () => cp.linspace([0, 0], [1, 0], 7) },
      { label: 'array bounds int dtype', expr: 'np.linspace(np.array([0, 1]), 5, 3, dtype=np.int8)', run: () => cp.linspace(cp.asarray([0, 1]), 5, 3, { dtype: 'int8' }) },
      { label: '0-d array bounds', expr: 'np.linspace(np.float32(1), 2, 3)', run: () => cp.linspace(cp.asarray(1, 'float32'), 2, 3), approx: true },
      // complex bounds (cp.complex) give complex128, as NumPy's Python complex bounds
      { label: 'complex bounds', expr: 'np.linspace(1+1j, 2-1j, 5)', run: () => cp.linspace(cp.complex(1, 1), cp.complex(2, -1), 5), approx: true },
      { label: 'complex and real bound, no endpoint', expr: 'np.linspace(0, 3j, 4, endpoint=False)', run: () => cp.linspace(0, cp.complex(0, 3), 4, false), approx: true },
      { label: 'complex bound with a list', expr: 'np.linspace([0, 1], 1j, 3, axis=-1)', run: () => cp.linspace([0, 1], cp.complex(0, 1), 3, { axis: -1 }), approx: true },
    ];
    checkCases(cases);
    const [samples, step] = cp.linspace(0, 1, 5, { retstep: true });
    expect(samples.tolist()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(step).toBe(0.25);
    const [, third] = cp.linspace(0, 1, 3, false, true);
    expect(third).toBe(1 / 3);
    expect(Number.isNaN(cp.linspace(0, 1, 1, { retstep: true })[1])).toBe(true);
    const [intSamples, intStep] = cp.linspace(0, 10, 5, false, true, 'int64');
    expect(intSamples.tolist()).toEqual([0, 2, 4, 6, 8]);
    expect(intStep).toBe(2);
    const [arraySamples, arrayStep] = cp.linspace([0, 1], [2, 5], 3, { retstep: true });
    expect(arraySamples.tolist()).toEqual([[0, 1], [1, 3], [2, 5]]);
    expect((arrayStep as cp.NDArray).tolist()).toEqual([1, 2]);
  });

  it('eye and identity', () => {
    const cases: ValueCase[] = [];
    for (const d of DTYPES) {
      cases.push(
        { label: `eye ${d}`, expr: `np.eye(3, dtype=np.${d})`, run: () => cp.eye(3, { dtype: d }) },
        { label: `identity ${d}`, expr: `np.identity(2, np.${d})`, run: () => cp.identity(2, d) },
      );
    }
    cases.push(
      { label: 'eye positional', expr: 'np.eye(2, 3, 1)', run: () => cp.eye(2, 3, 1) },
      { label: 'eye negative k', expr: 'np.eye(3, k=-1, dtype=int)', run: () => cp.eye(3, null, -1, 'int64') },
      { label: 'eye k past the matrix', expr: 'np.eye(3, 2, 5)', run: () => cp.eye(3, 2, 5) },
      { label: 'eye empty', expr: 'np.eye(0)', run: () => cp.eye(0) },
      { label: 'eye 0 columns', expr: 'np.eye(2, 0)', run: () => cp.eye(2, 0) },
      { label: 'identity 0', expr: 'np.identity(0)', run: () => cp.identity(0) },
    );
    checkCases(cases);
  });

  it('refuse bad calls, naming the function', () => {
    checkErrors([
      { label: 'arange bool of three', expr: 'np.arange(0, 3, dtype=bool)', run: () => cp.arange(0, 3, 1, 'bool'), code: 'ERR_ARG', message: /^arange: expected at most 2 elements for dtype bool/ },
      { label: 'arange int out of range', expr: 'np.arange(300, 302, dtype=np.uint8)', run: () => cp.arange(300, 302, 1, 'uint8'), code: 'ERR_OVERFLOW', message: 'arange: Python integer 300 out of bounds for uint8' },
      { label: 'arange step 0', expr: 'np.arange(0, 5, 0)', run: () => cp.arange(0, 5, 0), code: 'ERR_ARG', message: 'arange: expected a nonzero step, got 0' },
      { label: 'arange step False', expr: 'np.arange(0, 5, False)', run: () => cp.arange(0, 5, false), code: 'ERR_ARG', message: 'arange: expected a nonzero step, got 0' },
      { label: 'arange step True, bool of five', expr: 'np.arange(0, 5, True, dtype=bool)', run: () => cp.arange(0, 5, true, 'bool'), code: 'ERR_ARG',
        message: /^arange: expected at most 2 elements for dtype bool/ },
      { label: 'arange a string', expr: null, run: () => cp.arange('3' as never), code: 'ERR_ARG', message: "arange: expected start_or_stop to be a number, got '3'" },
      { label: 'arange NaN', expr: 'np.arange(np.nan)', run: () => cp.arange(NaN), code: 'ERR_ARG', message: 'arange: expected stop to be a number (not NaN), got NaN' },
      { label: 'arange unknown option', expr: 'np.arange(3, dtyp=int)', run: () => cp.arange(3, { dtyp: 'int64' } as never), code: 'ERR_ARG', message: /^arange: unknown option 'dtyp'/ },
      { label: 'arange device', expr: null, run: () => cp.arange(3, { device: 'cpu' } as never), code: 'ERR_UNSUPPORTED', message: /^arange: the argument 'device' is not supported yet/ },
      { label: 'linspace negative num', expr: 'np.linspace(0, 1, -1)', run: () => cp.linspace(0, 1, -1), code: 'ERR_ARG', message: 'linspace: expected num to be a non-negative integer, got -1' },
      { label: 'linspace axis', expr: 'np.linspace(0, 1, 2, axis=1)', run: () => cp.linspace(0, 1, 2, { axis: 1 }), code: 'ERR_AXIS', message: /^linspace: axis 1 is out of bounds for array of dimension 1/ },
      { label: 'linspace array axis', expr: 'np.linspace([0, 1], 2, 3, axis=-3)', run: () => cp.linspace([0, 1], 2, 3, { axis: -3 }), code: 'ERR_AXIS', message: /^linspace: axis -3 is out of bounds for array of dimension 2/ },
      { label: 'linspace bounds do not broadcast', expr: 'np.linspace([0, 1], [1, 2, 3], 3)', run: () => cp.linspace([0, 1], [1, 2, 3], 3), code: 'ERR_SHAPE', message: /^linspace: / },
      { label: 'linspace extra positional', expr: null, run: () => (cp.linspace as any)(0, 1, 5, true, false, null, 0, 'x'), code: 'ERR_ARG', message: 'linspace: expected at most 7 positional arguments and an options object, got 8' },
      { label: 'linspace retstep not boolean', expr: null, run: () => cp.linspace(0, 1, 5, { retstep: 1 as never }), code: 'ERR_ARG', message: 'linspace: expected retstep to be a boolean, got 1' },
      { label: 'linspace a string', expr: null, run: () => (cp.linspace as any)('0', 1), code: 'ERR_ARG', message: /^linspace: expected start to be an array/ },
      { label: 'eye negative', expr: 'np.eye(-1)', run: () => cp.eye(-1), code: 'ERR_ARG', message: 'eye: expected N to be a non-negative integer, got -1' },
      { label: 'eye fractional k', expr: 'np.eye(2, k=0.5)', run: () => cp.eye(2, { k: 0.5 }), code: 'ERR_ARG', message: 'eye: expected k to be an integer, got 0.5' },
      { label: "eye order 'F'", expr: null, run: () => cp.eye(2, { order: 'F' }), code: 'ERR_UNSUPPORTED', message: /^eye: order 'F' is not supported yet/ },
      { label: 'identity extra positional', expr: 'np.identity(2, float, 1)', run: () => (cp.identity as any)(2, 'float32', 1), code: 'ERR_ARG', message: 'identity: expected at most 2 positional arguments and an options object, got 3' },
      { label: 'identity k', expr: 'np.identity(2, k=1)', run: () => cp.identity(2, { k: 1 } as never), code: 'ERR_ARG', message: /^identity: unknown option 'k'/ },
    ]);
  });
});

describe.skipIf(!HAS_NVRTC)('NVRTC', () => {
  it('compiles every kernel the tests above ran', () => {
    const { kernels } = compileAll([...cudaSources.values()]);
    expect(kernels).toBeGreaterThan(10);
  }, 600_000);
});
