// NumPy's element type tests (numpy/lib/_type_check_impl.py): isreal, iscomplex and
// real_if_close. isreal and iscomplex are lazy elementwise expressions over imag(x);
// real_if_close's result dtype depends on the data (complex, or its real part where every
// imaginary part is close to zero), so it evaluates that test and reads it back (it synchronizes).
import { absolute, equal, less, not_equal } from './elementwise.js';
import { arrayLike } from './array-params.js';
import * as t from './param-types.js';
import { all } from './reductions.js';
import { declare, positional, required } from './signature.js';
import { finfo } from './types.js';
import { imagView, realView } from './views.js';

/** isreal(x): imag(x) == 0 elementwise (bool): true for every element of a real array, NaN included. */
export const isreal = declare('isreal', [required('x', arrayLike)], ({ x }) => equal(imagView(x), 0));

/** iscomplex(x): imag(x) != 0 elementwise (bool): whether the value has a nonzero imaginary part, not whether the dtype is complex. */
export const iscomplex = declare('iscomplex', [required('x', arrayLike)], ({ x }) => not_equal(imagView(x), 0));

/**
 * real_if_close(a, tol=100): a's real part (a view, as NumPy's a.real) where a is complex and every
 * |imag| < tol machine epsilons (tol > 1) or < tol itself (tol <= 1), compared in the parts'
 * precision as NumPy does; otherwise a itself. Evaluates the test and reads it back (synchronizes).
 */
export const real_if_close = declare('real_if_close', [required('a', arrayLike), positional('tol', t.number, 100)], ({ a, tol }) => {
  if (a.dtype.kind !== 'c') return a;
  const re = realView(a);
  // NumPy: finfo(a.dtype).eps * tol in the parts' float (a float32 product for complex64), then a weak compare
  const eps = finfo(re.dtype).eps;
  const limit = tol > 1 ? (re.dtype.name === 'float32' ? Math.fround(eps * Math.fround(tol)) : eps * tol) : tol;
  return all(less(absolute(imagView(a)), limit)).item() ? re : a;
});
