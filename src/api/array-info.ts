// NumPy's functions that describe an array_like without computing anything: ndim, shape, size
// (numpy/_core/fromnumeric.py), and the type tests iscomplexobj, isrealobj and isscalar
// (numpy/lib/_type_check_impl.py, numpy/_core/numeric.py). JS data is converted as np.asarray
// would (its dtype and shape); nothing is evaluated or read back.
import { isComplex } from '../ir/complex.js';
import { arrayLike } from './array-params.js';
import * as t from './param-types.js';
import { declare, positional, required } from './signature.js';
import type { ParamType } from './signature.js';
import { checkAxes } from './views.js';

/** np.ndim(a): the number of dimensions of a (0 for a scalar). */
export const ndim = declare('ndim', [required('a', arrayLike)], ({ a }) => a.ndim);

/** np.shape(a): the shape of a, as a JS array ([] for a scalar). */
export const shape = declare('shape', [required('a', arrayLike)], ({ a }) => a.shape);

/** np.size(a, axis=None): the number of elements of a, or along the given axis or axes (a repeated one is an error). */
export const size = declare('size', [required('a', arrayLike), positional('axis', t.nullable(t.axes), null)], ({ a, axis }) => {
  if (axis === null) return a.size;
  return checkAxes('size', axis, a.ndim).reduce((n, j) => n * a.shape[j], 1);
});

/** np.iscomplexobj(x): whether x's dtype (as np.asarray gives it) is complex, whatever its values. */
export const iscomplexobj = declare('iscomplexobj', [required('x', arrayLike)], ({ x }) => x.dtype.kind === 'c');

/** np.isrealobj(x): not iscomplexobj(x). */
export const isrealobj = declare('isrealobj', [required('x', arrayLike)], ({ x }) => x.dtype.kind !== 'c');

/** Any JS value (isscalar answers for every one). */
const anything: ParamType<unknown> = { expected: 'any value', parse: (x) => x };

/**
 * np.isscalar(element): whether element is a scalar: a JS number, bigint, boolean, complex scalar
 * or string (Python's int, float, bool, complex and str). An NDArray, 0-d included, is not; nor
 * are JS arrays, null and undefined.
 */
export const isscalar = declare('isscalar', [required('element', anything)], ({ element }) =>
  ['number', 'bigint', 'boolean', 'string'].includes(typeof element) || isComplex(element));
