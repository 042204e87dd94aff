// NumPy's "ufunc-like" functions (numpy/lib/_ufunclike_impl.py): fix, isposinf and isneginf.
// They are not ufuncs in NumPy: each takes x and out=None only, and is built from ufuncs, as here
// (so they fuse like any other expression and both backends compute them alike).
import { isComplex } from '../ir/complex.js';
import { CupytsError } from '../ir/errors.js';
import { isinf, logical_and, logical_not, signbit, trunc } from './elementwise.js';
import { NDArray, type Scalar } from './ndarray.js';
import { outArray, writeOut } from './out-param.js';
import { declare, positional, required } from './signature.js';
import { operand } from './ufunc-params.js';

/** A CupytsError naming `op` where x is complex (NumPy's TypeError: `why`, given the dtype). */
function refuseComplex(op: string, x: NDArray | Scalar, why: (dtype: string) => string): void {
  const dtype = x instanceof NDArray ? x.dtype.name : isComplex(x) ? 'complex128' : undefined;
  if (dtype === 'complex64' || dtype === 'complex128') throw new CupytsError('ERR_DTYPE', `${op}: expected a real input (${why(dtype)}), got ${dtype}`);
}

/** fix(x, out=None): round towards zero, NumPy's trunc(x, out=out): floats keep their dtype, integers and bool are returned as they are. */
export const fix = declare('fix', [required('x', operand), positional('out', outArray, null)], ({ x, out }) => {
  refuseComplex('fix', x, () => "NumPy's ufunc 'trunc' has no complex loop");
  return writeOut('fix', out, trunc(x));
});

/** isposinf / isneginf: NumPy's isinf(x) & ~signbit(x) and isinf(x) & signbit(x), written into `out` where given. */
function infinityTest(name: 'isposinf' | 'isneginf') {
  return declare(name, [required('x', operand), positional('out', outArray, null)], ({ x, out }) => {
    refuseComplex(name, x, (dtype) => `NumPy: this operation is not supported for ${dtype} values because it would be ambiguous`);
    const negative = signbit(x);
    return writeOut(name, out, logical_and(isinf(x), name === 'isposinf' ? logical_not(negative) : negative));
  });
}

/** isposinf(x, out=None): whether each element is +inf (bool; integers and bool are never infinite); complex input is refused. */
export const isposinf = infinityTest('isposinf');

/** isneginf(x, out=None): whether each element is -inf (bool); complex input is refused. */
export const isneginf = infinityTest('isneginf');
