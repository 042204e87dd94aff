// NumPy's functions that describe an array_like without computing anything: ndim, shape, size
// (numpy/_core/fromnumeric.py), the type tests iscomplexobj, isrealobj and isscalar
// (numpy/lib/_type_check_impl.py, numpy/_core/numeric.py) and isfortran (numpy/_core/numeric.py).
// JS data is read as np.asarray would read it (its shape, and whether its dtype would be
// complex): nothing is uploaded, evaluated or read back. Strings and null count as NumPy's str
// and None, which np.asarray takes too (as a str or object array): np.ndim('abc') is 0.
import { isComplex } from '../ir/complex.js';
import { sizeOf } from '../ir/shape.js';
import type { ArrayArg } from './array-params.js';
import { flattenNested, type NestedLeaves } from './creation.js';
import { NDArray, usable, type Scalar } from './ndarray.js';
import * as t from './param-types.js';
import { declare, positional, REJECT, required } from './signature.js';
import type { ParamType } from './signature.js';
import { checkAxes, isFortranOnly } from './views.js';

/** What the info functions take: an array_like, where a string and null (Python's str and None) are scalars too. */
export type InfoArg = ArrayArg | string | null | readonly InfoArg[];

/** What the info functions read of their argument: its shape, and whether np.asarray would give it a complex dtype. */
interface Described { shape: number[]; complex: boolean }

type Leaf = Scalar | string | null;
const isNumeric = (x: unknown): x is Scalar => typeof x === 'number' || typeof x === 'bigint' || typeof x === 'boolean' || isComplex(x);
const isLeaf = (x: unknown): x is Leaf => isNumeric(x) || typeof x === 'string' || x === null;

const LEAVES: NestedLeaves<Leaf> = {
  is: isLeaf,
  items: 'numbers, bigints, booleans, complex values, strings or null',
  whole: 'an array, a number, a bigint, a boolean, a complex, a string or null',
};

/** Python ints np.asarray keeps in int64, uint64 or float64; others make an object array. */
const fitsNumeric = (v: bigint) => v >= -(2n ** 63n) && v < 2n ** 64n;

/**
 * Whether np.asarray of these elements is complex: some element is complex and every one is a
 * number (a string makes a str array, None or a huge int an object array, neither complex).
 */
const complexData = (flat: readonly Leaf[]) =>
  flat.some(isComplex) && flat.every((v) => isNumeric(v) && (typeof v !== 'bigint' || fitsNumeric(v)));

/** An array_like (or a string or null), described without converting it. */
const described: ParamType<InfoArg, Described> = {
  expected: 'an array (an NDArray, nested arrays, a TypedArray, a number or a string)',
  parse: (x, op) => {
    if (x instanceof NDArray) return { shape: usable(op, x).shape, complex: x.dtype.kind === 'c' };
    if (ArrayBuffer.isView(x) && !(x instanceof DataView)) return { shape: [(x as unknown as ArrayLike<unknown>).length], complex: false };
    if (!Array.isArray(x) && !isLeaf(x)) return REJECT;
    const { shape, flat } = flattenNested(op, x, LEAVES);
    return { shape, complex: complexData(flat) };
  },
};

/** np.ndim(a): the number of dimensions of a (0 for a scalar, a string included). */
export const ndim = declare('ndim', [required('a', described)], ({ a }) => a.shape.length);

/** np.shape(a): the shape of a, as a JS array ([] for a scalar). */
export const shape = declare('shape', [required('a', described)], ({ a }) => a.shape);

/** np.size(a, axis=None): the number of elements of a, or along the given axis or axes (a repeated one is an error). */
export const size = declare('size', [required('a', described), positional('axis', t.nullable(t.axes), null)], ({ a, axis }) => {
  if (axis === null) return sizeOf(a.shape);
  return checkAxes('size', axis, a.shape.length).reduce((n, j) => n * a.shape[j], 1);
});

/** np.iscomplexobj(x): whether x's dtype (as np.asarray gives it) is complex, whatever its values ('abc' and ['a', 1j] are not). */
export const iscomplexobj = declare('iscomplexobj', [required('x', described)], ({ x }) => x.complex);

/** np.isrealobj(x): not iscomplexobj(x). */
export const isrealobj = declare('isrealobj', [required('x', described)], ({ x }) => !x.complex);

/** Any JS value (isscalar answers for every one). */
const anything: ParamType<unknown> = { expected: 'any value', parse: (x) => x };

/**
 * np.isscalar(element): whether element is a scalar: a JS number, bigint, boolean, complex scalar
 * or string (Python's int, float, bool, complex and str). An NDArray, 0-d included, is not; nor
 * are JS arrays, null and undefined.
 */
export const isscalar = declare('isscalar', [required('element', anything)], ({ element }) =>
  ['number', 'bigint', 'boolean', 'string'].includes(typeof element) || isComplex(element));

/** An NDArray, read as it is (NumPy's isfortran reads a.flags, which only arrays have). */
const ndarray: ParamType<NDArray> = {
  expected: 'an NDArray (NumPy reads its flags)',
  parse: (x, op) => (x instanceof NDArray ? usable(op, x) : REJECT),
};

/**
 * np.isfortran(a): whether a is Fortran-contiguous and not also C-contiguous (a.flags.fnc), from
 * its layout, computed or not: a transpose or an F-ordered view of a C array is; 0-d, 1-d and
 * empty arrays never are. Arrays cupyts computes are C-ordered (where NumPy's elementwise
 * results and order='K' copies follow an F-ordered input's layout, cupyts's do not).
 */
export const isfortran = declare('isfortran', [required('a', ndarray)], ({ a }) => isFortranOnly(a));
