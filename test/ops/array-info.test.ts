// ndim, shape, size, iscomplexobj, isrealobj and isscalar against NumPy: JS scalars, nested
// arrays, empty and 0-d arrays, complex data, views; size along axes (negative, tuples, none);
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
    { label: 'iscomplexobj of a string', expr: null, run: () => cp.iscomplexobj('abc' as never), code: 'ERR_ARG', message: /^iscomplexobj: expected x to be an array/ },
  ];
  it('errors', () => checkErrors(errors));
});
