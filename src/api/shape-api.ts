// The shape functions, declared with NumPy's signatures (signature.ts): reshape, ravel, flatten,
// atleast_1d/2d/3d, fliplr, flipud, diagonal, tile and rot90 take NumPy's positional forms and a
// trailing options object with NumPy's keyword names (`cp.reshape(x, [2, 3], 'F')`,
// `cp.reshape(x, [2, 3], {order: 'F', copy: false})`). The bodies are those of views.ts and
// rearrange.ts, which the library's own composites call directly.
import { CupytsError, describe } from '../ir/errors.js';
import { arrayData, arrayLike, listOf, type ArrayArg } from './array-params.js';
import type { NDArray } from './ndarray.js';
import * as t from './param-types.js';
import * as Rr from './rearrange.js';
import { declare, keyword, positional, required, rest, REJECT, type ParamType, type Signature } from './signature.js';
import * as V from './views.js';

/** A new shape: an integer or a list of integers, one of which may be -1 (the sizes are checked against the array). */
export const newShape: ParamType<number | readonly number[], number | number[]> = {
  expected: 'an integer or a list of integers (one may be -1)',
  parse: (x) => (t.isInteger(x) ? x : t.isListOf(x, t.isInteger) ? [...x] : REJECT),
};

const a = required('a', arrayData);
const order = positional('order', t.order, 'C');

/** reshape(a, /, shape, order='C', *, copy=None). */
export const reshape = declare('reshape', [a, required('shape', newShape), order, keyword('copy', t.nullable(t.boolean), null)],
  (v) => V.ownView(v.a, V.reshape(v.a, v.shape, v.order, v.copy)));

/** ravel(a, order='C'). */
export const ravel = declare('ravel', [a, order], (v) => V.ownView(v.a, V.ravel(v.a, v.order)));

/** flatten(a, order='C'): NumPy's ndarray.flatten as a function (a copy, never a view). */
export const flatten = declare('flatten', [a, order], (v) => V.flatten(v.a, v.order));

/** atleast_1d(*arys) and its kin: one array for one argument, a JS array of them for several (NumPy's tuple). */
interface AtLeast {
  (ary: ArrayArg): NDArray;
  (...arys: ArrayArg[]): NDArray[];
  readonly signature: Signature;
}

/** NumPy returns an empty tuple for no arrays; here that is an error, as an omitted (undefined) array is more likely a mistake. */
function atLeast(name: string, body: (a: NDArray) => NDArray): AtLeast {
  return declare(name, [rest('arys', arrayLike)], (v) => {
    if (v.arys.length === 0) throw new CupytsError('ERR_ARG', `${name}: expected at least one array, got none`);
    return v.arys.length === 1 ? body(v.arys[0]) : v.arys.map(body);
  }) as unknown as AtLeast;
}

export const atleast_1d = atLeast('atleast_1d', V.atleast_1d);
export const atleast_2d = atLeast('atleast_2d', V.atleast_2d);
export const atleast_3d = atLeast('atleast_3d', V.atleast_3d);

/** fliplr(m). */
export const fliplr = declare('fliplr', [required('m', arrayData)], (v) => V.fliplr(v.m));

/** flipud(m). */
export const flipud = declare('flipud', [required('m', arrayData)], (v) => V.flipud(v.m));

/** diagonal(a, offset=0, axis1=0, axis2=1): a read-only view, as NumPy 2's. */
export const diagonal = declare('diagonal', [a, positional('offset', t.int, 0), positional('axis1', t.axis, 0), positional('axis2', t.axis, 1)],
  (v) => V.diagonal(v.a, v.offset, v.axis1, v.axis2, true));

/** tile(A, reps). */
export const tile = declare('tile', [required('A', arrayData), required('reps', t.shape)], (v) => Rr.tile(v.A, v.reps));

/** rot90(m, k=1, axes=(0, 1)). */
export const rot90 = declare('rot90', [required('m', arrayData), positional('k', t.int, 1), positional('axes', listOf(t.axis, 'a list of 2 integer axes'), [0, 1], '[0, 1]')],
  (v) => Rr.rot90(v.m, v.k, v.axes));

// ---- the methods' spread forms (x.reshape(2, 3), x.transpose(1, 0)) --------------------------------

/** One item of a spread list: an integer, or (alone) a list of integers. */
const intOrList: ParamType<number | readonly number[], number | number[]> = {
  expected: 'an integer or a list of integers',
  parse: (x) => (t.isInteger(x) ? x : t.isListOf(x, t.isInteger) ? [...x] : REJECT),
};

/** The list that NumPy's spread forms give: f(2, 3) and f([2, 3]) alike. */
function spread(op: string, name: string, items: ReadonlyArray<number | number[]>): number[] {
  if (items.length === 1 && Array.isArray(items[0])) return items[0];
  if (items.every((x): x is number => typeof x === 'number')) return [...items];
  throw new CupytsError('ERR_ARG', `${op}: expected ${name} as integers or as one list of integers, got ${items.map(describe).join(', ')}`);
}

/** ndarray.reshape(*shape, order='C', copy=None). */
export const reshapeMethod = declare('reshape',
  [required('a', arrayData), rest('shape', intOrList), keyword('order', t.order, 'C'), keyword('copy', t.nullable(t.boolean), null)],
  (v) => {
    if (v.shape.length === 0) throw new CupytsError('ERR_ARG', 'reshape: missing required argument \'shape\'');
    return V.ownView(v.a, V.reshape(v.a, spread('reshape', 'shape', v.shape), v.order, v.copy));
  });

/** ndarray.transpose(*axes): no axes (or null) reverses them. */
export const transposeMethod = declare('transpose', [required('a', arrayData), rest('axes', t.nullable(intOrList))], (v) => {
  if (v.axes.length === 0 || (v.axes.length === 1 && v.axes[0] === null)) return V.ownView(v.a, V.transpose(v.a));
  if (v.axes.includes(null)) throw new CupytsError('ERR_ARG', `transpose: expected axes as integers or as one list of integers, got ${v.axes.map(describe).join(', ')}`);
  return V.ownView(v.a, V.transpose(v.a, spread('transpose', 'axes', v.axes as Array<number | number[]>)));
});
