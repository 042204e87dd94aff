// The index functions, declared with NumPy's signatures (signature.ts): take, put,
// put_along_axis, compress, repeat, nonzero, argwhere, flatnonzero and where take NumPy's
// positional forms and a trailing options object with NumPy's keyword names (`cp.take(x, i, 1)`,
// `cp.take(x, i, {axis: 1, mode: 'wrap'})`). `out=` writes the result into an array as NumPy's
// take and compress do: out's dtype must cast safely to the input's (NumPy reads out as a
// write-back copy of the input's dtype), the result is cast back into it, the shape must match.
// The bodies are those of take.ts and nonzero.ts, which the library's own composites call directly.
import { CupytsError } from '../ir/errors.js';
import { canCast } from '../ir/promotion.js';
import { arrayData, arrayOrScalar, target, type ArrayArg } from './array-params.js';
import type { IndexList } from './index-parse.js';
import { NDArray, type Scalar } from './ndarray.js';
import * as N from './nonzero.js';
import { usable, where as where3 } from './operands.js';
import { outArray, writeOut } from './out-param.js';
import * as t from './param-types.js';
import { declare, positional, required, rest, REJECT, type ParamType, type Signature } from './signature.js';
import * as T from './take.js';

/**
 * Integer indices: an NDArray, a JS number, bigint or boolean, or a (nested) list of them. The
 * body converts JS values as NumPy converts a Python list to intp (int() of each: 1.5 -> 1).
 */
const indices: ParamType<T.IndicesArg> = {
  expected: 'integer indices (an NDArray, a number or a list of them)',
  parse: (x, op) => (x instanceof NDArray ? usable(op, x)
    : typeof x === 'number' || typeof x === 'bigint' || typeof x === 'boolean' || Array.isArray(x) ? x as T.IndicesArg : REJECT),
};

/** Indices as an array (take_along_axis, put_along_axis): an NDArray or a nested list. */
const indexArray: ParamType<NDArray | IndexList> = {
  expected: 'an array of integer indices (an NDArray or a list)',
  parse: (x, op) => (x instanceof NDArray ? usable(op, x) : Array.isArray(x) ? x as IndexList : REJECT),
};

/** compress's condition: a 1-D array of truth values, an NDArray or a list. */
const condition: ParamType<NDArray | IndexList> = {
  expected: 'a 1-d array of booleans (an NDArray or a list)',
  parse: (x, op) => (x instanceof NDArray ? usable(op, x) : Array.isArray(x) ? x as IndexList : REJECT),
};

/** repeat's counts: an integer, or an array of them (NDArray or list). */
const repeats: ParamType<number | IndexList | NDArray> = {
  expected: 'an integer or an array of integers',
  parse: (x, op) => (x instanceof NDArray ? usable(op, x) : t.isInteger(x) || Array.isArray(x) ? x as number | IndexList : REJECT),
};

/** NumPy's out= of take and compress: `result` (of the input's dtype) written into `out`, as above. */
function takeOut(op: string, out: NDArray | null, result: NDArray): NDArray {
  if (out !== null && !canCast(out.dtype, result.dtype, 'safe')) {
    throw new CupytsError('ERR_DTYPE', `${op}: Cannot cast array data from dtype('${out.dtype.name}') to dtype('${result.dtype.name}') according to the rule 'safe' (out must cast safely to the input's dtype)`);
  }
  return writeOut(op, out, result, { casting: 'unsafe', exactShape: true });
}

const a = required('a', arrayData);
const axis = positional('axis', t.nullable(t.axis), null);
const out = positional('out', outArray, null);
const mode = positional('mode', t.oneOf('raise', 'wrap', 'clip'), 'raise');

/** take(a, indices, axis=None, out=None, mode='raise'). */
export const take = declare('take', [a, required('indices', indices), axis, out, mode],
  (v) => takeOut('take', v.out, T.take(v.a, v.indices, { axis: v.axis, mode: v.mode })));

/** put(a, ind, v, mode='raise'): writes into `a`. */
export const put = declare('put', [required('a', target), required('ind', indices), required('v', arrayData), mode],
  (v) => T.put(v.a, v.ind, v.v, v.mode));

/** put_along_axis(arr, indices, values, axis): writes into `arr`. */
export const put_along_axis = declare('put_along_axis',
  [required('arr', target), required('indices', indexArray), required('values', arrayData), required('axis', t.nullable(t.axis))],
  (v) => T.put_along_axis(v.arr, v.indices, v.values, v.axis));

/** compress(condition, a, axis=None, out=None). */
export const compress = declare('compress', [required('condition', condition), a, axis, out],
  (v) => takeOut('compress', v.out, T.compress(v.condition, v.a, { axis: v.axis })));

/** repeat(a, repeats, axis=None). */
export const repeat = declare('repeat', [a, required('repeats', repeats), axis], (v) => T.repeat(v.a, v.repeats, { axis: v.axis }));

/** nonzero(a): a JS array of int64 index arrays, one per axis (NumPy's tuple). */
export const nonzero = declare('nonzero', [a], (v) => N.nonzero(v.a));

/** argwhere(a). */
export const argwhere = declare('argwhere', [a], (v) => N.argwhere(v.a));

/** flatnonzero(a). */
export const flatnonzero = declare('flatnonzero', [a], (v) => N.flatnonzero(v.a));

/** where(condition, [x, y], /): with x and y, elementwise choice; with neither, nonzero(condition). */
interface Where {
  (condition: ArrayArg): NDArray[];
  (condition: ArrayArg, x: ArrayArg | Scalar, y: ArrayArg | Scalar): NDArray;
  readonly signature: Signature;
}

export const where = declare('where', [required('condition', arrayOrScalar), rest('xy', arrayOrScalar)], (v): NDArray | NDArray[] => {
  if (v.xy.length === 0) return N.nonzero(v.condition, 'where');
  if (v.xy.length === 2) return where3(v.condition, v.xy[0], v.xy[1]);
  throw new CupytsError('ERR_ARG', `where: either both or neither of x and y should be given (got ${1 + v.xy.length} arguments)`);
}) as unknown as Where;
