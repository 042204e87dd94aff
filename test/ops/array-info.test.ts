// ndim, shape, size, iscomplexobj, isrealobj, isscalar and isfortran against NumPy: JS scalars,
// strings and null (Python's str and None), nested arrays, empty and 0-d arrays, complex data,
// views and their layouts; size along axes (negative, tuples, none);
// the errors NumPy raises (a repeated or out-of-range axis) and cupyts' own (a missing argument).
import { describe, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { checkCases, checkErrors, type ErrorCase, type ValueCase } from '../helpers/numpy-cases.js';

setBackendNotice(() => {});

/** The same value in Python and in JS. */
interface Operand { py: string; js: () => unknown }
const OPERANDS: Record<string, Operand> = {
  'int 5': { py: '5', js: () => 5 },
  'float 2.5': { py: '2.5', js: () => 2.5 },
  'bool True': { py: 'True', js: () => true },
  'complex 1+2j': { py: '(1+2j)', js: () => cp.complex(1, 2) },
  'nested ints': { py: '[[1, 2, 3], [4, 5, 6]]', js: () => [[1, 2, 3], [4, 5, 6]] },
  'nested with a complex': { py: '[1, 2j]', js: () => [1, cp.complex(0, 2)] },
  'empty list': { py: '[]', js: () => [] },
  'float32 (2, 3, 4)': { py: 'np.zeros((2, 3, 4), np.float32)', js: () => cp.zeros([2, 3, 4], 'float32') },
  'complex64 (3,)': { py: 'np.zeros(3, np.complex64)', js: () => cp.zeros([3], 'complex64') },
  'complex128 of zeros': { py: 'np.zeros((2, 2), np.complex128)', js: () => cp.zeros([2, 2], 'complex128') },
  '0-d int64': { py: 'np.array(7)', js: () => cp.asarray(7) },
  'empty (0, 5)': { py: 'np.zeros((0, 5))', js: () => cp.zeros([0, 5]) },
  'a transposed view': { py: 'np.zeros((2, 3, 4), np.int8).transpose(2, 0, 1)', js: () => cp.transpose(cp.zeros([2, 3, 4], 'int8'), [2, 0, 1]) },
  'a strided slice': { py: 'np.arange(10)[::3]', js: () => cp.arange(10).get('::3') },
  // Python's str and None, which np.asarray takes as a str or object array: never complex.
  "string 'abc'": { py: "'abc'", js: () => 'abc' },
  'empty string': { py: "''", js: () => '' },
  'None': { py: 'None', js: () => null },
  'list of strings': { py: "['a', 'b']", js: () => ['a', 'b'] },
  'strings 2-D': { py: "[['ab', 'c'], ['d', 'e']]", js: () => [['ab', 'c'], ['d', 'e']] },
  'an int and a string': { py: "[1, 'a']", js: () => [1, 'a'] },
  'a complex and a string': { py: "[1j, 'a']", js: () => [cp.complex(0, 1), 'a'] },
  'a complex and None': { py: '[1j, None]', js: () => [cp.complex(0, 1), null] },
  '[None]': { py: '[None]', js: () => [null] },
  'a complex under a column': { py: '[[1j], [2]]', js: () => [[cp.complex(0, 1)], [2]] },
  'int 2**70': { py: '2**70', js: () => 2n ** 70n },
  'a complex and 2**70 (object)': { py: '[2**70, 1j]', js: () => [2n ** 70n, cp.complex(0, 1)] },
  'a complex and 2**64 - 1': { py: '[2**64 - 1, 1j]', js: () => [2n ** 64n - 1n, cp.complex(0, 1)] },
  'empty rows': { py: '[[], []]', js: () => [[], []] },
};

const value = (label: string, py: string, js: () => unknown, dtype: string): ValueCase => ({
  label, expr: `np.asarray(${py}, np.${dtype})`, run: () => cp.asarray(js() as number, { dtype: dtype as cp.DTypeLike }),
});

describe('ndim, shape, size, iscomplexobj, isrealobj, isscalar', () => {
  const cases: ValueCase[] = [];
  for (const [name, o] of Object.entries(OPERANDS)) {
    cases.push(
      value(`ndim(${name})`, `np.ndim(${o.py})`, () => cp.ndim(o.js() as never), 'int64'),
      value(`shape(${name})`, `np.shape(${o.py})`, () => cp.shape(o.js() as never), 'int64'),
      value(`size(${name})`, `np.size(${o.py})`, () => cp.size(o.js() as never), 'int64'),
      value(`iscomplexobj(${name})`, `np.iscomplexobj(${o.py})`, () => cp.iscomplexobj(o.js() as never), 'bool_'),
      value(`isrealobj(${name})`, `np.isrealobj(${o.py})`, () => cp.isrealobj(o.js() as never), 'bool_'),
      value(`isscalar(${name})`, `np.isscalar(${o.py})`, () => cp.isscalar(o.js()), 'bool_'),
    );
  }
  const x = OPERANDS['float32 (2, 3, 4)'];
  for (const axis of [0, 2, -1, -3, [0, 2], [-1], [], [2, 0, 1]]) {
    const py = Array.isArray(axis) ? `(${axis.join(', ')}${axis.length === 1 ? ',' : ''})` : String(axis);
    cases.push(value(`size along ${py}`, `np.size(${x.py}, ${py})`, () => cp.size(x.js() as cp.NDArray, axis), 'int64'));
  }
  cases.push(
    value('size along None', `np.size(${x.py}, None)`, () => cp.size(x.js() as cp.NDArray, null), 'int64'),
    value('size of an empty axis', 'np.size(np.zeros((0, 5)), 0)', () => cp.size(cp.zeros([0, 5]), 0), 'int64'),
    value('isscalar of a string', "np.isscalar('abc')", () => cp.isscalar('abc'), 'bool_'),
    value('isscalar of None', 'np.isscalar(None)', () => cp.isscalar(null), 'bool_'),
    value('isscalar of a bigint', 'np.isscalar(2**70)', () => cp.isscalar(2n ** 70n), 'bool_'),
    value('isscalar of a dict', 'np.isscalar({})', () => cp.isscalar({}), 'bool_'),
  );
  it(`${cases.length} cases`, () => checkCases(cases));

  const errors: ErrorCase[] = [
    { label: 'size along a repeated axis', expr: `np.size(${x.py}, (0, 0))`, run: () => cp.size(x.js() as cp.NDArray, [0, 0]), code: 'ERR_AXIS', message: 'size: expected distinct axes, got a repeated axis in (0, 0)' },
    { label: 'size along axis 3 of 3 dimensions', expr: `np.size(${x.py}, 3)`, run: () => cp.size(x.js() as cp.NDArray, 3), code: 'ERR_AXIS', message: 'size: axis 3 is out of bounds for array of dimension 3' },
    { label: 'size along -4 of 3 dimensions', expr: `np.size(${x.py}, -4)`, run: () => cp.size(x.js() as cp.NDArray, -4), code: 'ERR_AXIS', message: 'size: axis -4 is out of bounds for array of dimension 3' },
    { label: 'size along a float axis', expr: `np.size(${x.py}, 1.5)`, run: () => cp.size(x.js() as cp.NDArray, 1.5), code: 'ERR_ARG', message: /^size: expected axis to be an integer/ },
    { label: 'size of a 0-d array along 0', expr: 'np.size(np.array(7), 0)', run: () => cp.size(cp.asarray(7), 0), code: 'ERR_AXIS', message: 'size: axis 0 is out of bounds for array of dimension 0' },
    { label: 'ndim without an argument', expr: 'np.ndim()', run: () => (cp.ndim as (...a: unknown[]) => unknown)(), code: 'ERR_ARG', message: /^ndim: missing required argument 'a'/ },
    { label: 'shape with an extra argument', expr: 'np.shape(1, 2)', run: () => (cp.shape as (...a: unknown[]) => unknown)(1, 2), code: 'ERR_ARG', message: /^shape: expected at most 1 positional argument, got 2/ },
    { label: 'isscalar without an argument', expr: 'np.isscalar()', run: () => (cp.isscalar as (...a: unknown[]) => unknown)(), code: 'ERR_ARG', message: /^isscalar: missing required argument 'element'/ },
    { label: 'ndim of a ragged list', expr: 'np.ndim([[1], [1, 2]])', run: () => cp.ndim([[1], [1, 2]]), code: 'ERR_SHAPE', message: /^ndim: expected a sequence of length 1 at \[1\]/ },
    { label: 'shape of a string beside a list', expr: "np.shape(['a', [1]])", run: () => cp.shape(['a', [1]]), code: 'ERR_ARG', message: /^shape: expected ragged-free nested arrays/ },
    { label: 'iscomplexobj of a list under a string', expr: "np.iscomplexobj([[1j], 'ab'])", run: () => cp.iscomplexobj([[cp.complex(0, 1)], 'ab']), code: 'ERR_SHAPE',
      message: /^iscomplexobj: expected a sequence of length 1 at \[1\]/ },
    { label: 'ndim of an object', expr: null /* NumPy: 0 (an object array); cupyts refuses what is no array, number or string */, run: () => cp.ndim({} as never), code: 'ERR_ARG',
      message: "ndim: expected a to be an array (an NDArray, nested arrays, a TypedArray, a number or a string), got an object" },
    { label: 'isrealobj of a list with a hole', expr: null, run: () => cp.isrealobj([1, , 3] as never), code: 'ERR_ARG', message: /^isrealobj: expected a value at \[1\], got a hole/ },
  ];
  it('errors', () => checkErrors(errors));
});

describe('isfortran', () => {
  const fortran = (label: string, py: string, js: () => cp.NDArray): ValueCase => value(`isfortran(${label})`, `np.isfortran(${py})`, () => cp.isfortran(js()), 'bool_');
  it('is true for Fortran-contiguous arrays that are not C-contiguous, from their layout', () => checkCases([
    fortran('C-ordered', 'np.ones((2, 3))', () => cp.ones([2, 3])),
    fortran('transposed', 'np.ones((2, 3)).T', () => cp.ones([2, 3]).T),
    fortran('transposed 3-D', 'np.ones((2, 3, 4)).T', () => cp.ones([2, 3, 4]).T),
    fortran('transposed, computed', 'np.ascontiguousarray(np.arange(6.).reshape(2, 3)).T', () => cp.arange(6).reshape(2, 3).eval().T),
    fortran('1-D', 'np.ones(3)', () => cp.ones([3])),
    fortran('0-d', 'np.array(1.0)', () => cp.asarray(1.0)),
    fortran('empty, transposed', 'np.zeros((3, 0)).T', () => cp.zeros([3, 0]).T),
    fortran('(1, 3) transposed', 'np.ones((1, 3)).T', () => cp.ones([1, 3]).T),
    fortran('F columns sliced', 'np.ones((4, 3)).T[:, :2]', () => cp.ones([4, 3]).T.get(':, :2')),
    fortran('F columns strided', 'np.ones((4, 2)).T[:, ::2]', () => cp.ones([4, 2]).T.get(':, ::2')),
    fortran('F rows sliced', 'np.ones((4, 3)).T[1:]', () => cp.ones([4, 3]).T.get('1:')),
    fortran('swapped middle axes', 'np.ones((2, 3, 4)).transpose(0, 2, 1)', () => cp.transpose(cp.ones([2, 3, 4]), [0, 2, 1])),
  ]));
  it('refuses what has no flags', () => checkErrors([
    { label: 'a list', expr: 'np.isfortran([[1, 2]])', run: () => cp.isfortran([[1, 2]] as never), code: 'ERR_ARG', message: 'isfortran: expected a to be an NDArray (NumPy reads its flags), got an array of length 1' },
    { label: 'a number', expr: 'np.isfortran(1.5)', run: () => cp.isfortran(1.5 as never), code: 'ERR_ARG', message: 'isfortran: expected a to be an NDArray (NumPy reads its flags), got 1.5' },
    { label: 'nothing', expr: 'np.isfortran()', run: () => (cp.isfortran as (...a: unknown[]) => unknown)(), code: 'ERR_ARG', message: /^isfortran: missing required argument 'a'/ },
  ]));
});
