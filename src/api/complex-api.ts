// Complex numbers at the API: cp.complex(re, im), the JS form of a complex scalar (src/ir/complex.ts),
// and NumPy's real, imag and angle (table ops of src/ir/ops.ts).
import { makeComplex, type Complex } from '../ir/complex.js';
import { elementwiseOp } from '../ir/ops.js';
import { applyOp } from './operands.js';
import * as t from './param-types.js';
import { declare, positional, required } from './signature.js';
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

const partFunction = (name: 'real' | 'imag') => {
  const op = elementwiseOp(name)!;
  return declare(name, [required('val', operand)], ({ val }) => applyOp(op, [val]));
};

/** NumPy's real(val): the real part (complex64 → float32, complex128 → float64; real arrays as they are). A copy in cupyts. */
export const real = partFunction('real');

/** NumPy's imag(val): the imaginary part (zeros of the same dtype for real arrays). A copy in cupyts. */
export const imag = partFunction('imag');

/** NumPy's angle(z, deg=False): the argument of each element, in radians or, with deg, degrees. */
export const angle = declare('angle', [required('z', operand), positional('deg', t.boolean, false)], ({ z, deg }) => {
  const radians = applyOp(elementwiseOp('angle')!, [z]);
  return deg ? applyOp(elementwiseOp('multiply')!, [radians, 180 / Math.PI]) : radians;
});
