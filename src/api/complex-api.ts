// Complex numbers at the API: cp.complex(re, im), the JS form of a complex scalar (src/ir/complex.ts),
// NumPy's real and imag (views over the interleaved parts, src/api/views.ts) and angle (a table op of
// src/ir/ops.ts).
import { makeComplex, type Complex } from '../ir/complex.js';
import { elementwiseOp } from '../ir/ops.js';
import { applyOp, toArray } from './operands.js';
import * as t from './param-types.js';
import { NDArray, type Scalar } from './ndarray.js';
import { declare, positional, required } from './signature.js';
import { imagView, realView } from './views.js';
import { operand } from './ufunc-params.js';

/**
 * A complex scalar re + im·j, as Python's complex(re, im): a frozen object { re, im } of two
 * numbers. It goes wherever a scalar goes (a weak complex in promotion: float32 array +
 * cp.complex(0, 1) is complex64, an int array plus it complex128, as NumPy 2), and readbacks of
 * complex arrays (item, tolist, toArray) return such objects. Plain { re, im } objects are accepted too.
 */
export const complex = declare(
  'complex',
  [positional('re', t.number, 0), positional('im', t.number, 0)],
  ({ re, im }): Complex => makeComplex(re, im),
);

/**
 * NumPy's real(val): val.real, a view of a complex array's real parts (complex64 → float32,
 * complex128 → float64) that shares its memory; other arrays as they are.
 */
export const real = declare('real', [required('val', operand)], ({ val }) => realView(asArray('real', val)));

/** NumPy's imag(val): val.imag, a view of a complex array's imaginary parts; read-only zeros of the same dtype for other arrays. */
export const imag = declare('imag', [required('val', operand)], ({ val }) => imagView(asArray('imag', val)));

function asArray(op: string, val: NDArray | Scalar): NDArray {
  return val instanceof NDArray ? val : toArray(op, val);
}

/** NumPy's angle(z, deg=False): the argument of each element, in radians or, with deg, degrees. */
export const angle = declare('angle', [required('z', operand), positional('deg', t.boolean, false)], ({ z, deg }) => {
  const radians = applyOp(elementwiseOp('angle')!, [z]);
  return deg ? applyOp(elementwiseOp('multiply')!, [radians, 180 / Math.PI]) : radians;
});
