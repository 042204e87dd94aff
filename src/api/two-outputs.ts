// NumPy's ufuncs with two outputs: each output is a table op (src/ir/ops.ts), both applied to the
// same operands, so the two arrays fuse into one kernel where they are evaluated together
// (cp.eval(mantissa, exponent)). They return a JS array in NumPy's order, to destructure.
import { CupytsError } from '../ir/errors.js';
import { elementwiseOp } from '../ir/ops.js';
import type { NDArray } from './ndarray.js';
import { applyOp, toOperand, type ArrayOrScalar } from './operands.js';

/** Applies the two ops of `name` to operands converted once (errors name `name`). */
function both(name: string, first: string, second: string, args: readonly ArrayOrScalar[]): [NDArray, NDArray] {
  const arity = elementwiseOp(first)!.arity;
  if (args.length !== arity) throw new CupytsError('ERR_ARG', `${name}: expected ${arity} argument${arity > 1 ? 's' : ''}, got ${args.length}`);
  const operands = args.map((a) => toOperand(name, a));
  return [applyOp(elementwiseOp(first)!, operands, name), applyOp(elementwiseOp(second)!, operands, name)];
}

/** frexp(x): [mantissa, exponent] with x = mantissa * 2**exponent, |mantissa| in [0.5, 1); the exponent is int32. */
export const frexp = (...x: [ArrayOrScalar]): [NDArray, NDArray] => both('frexp', 'frexp', 'frexp_exponent', x);

/** modf(x): [fractional part, integral part], both with x's sign. */
export const modf = (...x: [ArrayOrScalar]): [NDArray, NDArray] => both('modf', 'modf', 'modf_integral', x);

/** divmod(x1, x2): [floor_divide(x1, x2), remainder(x1, x2)]. */
export const divmod = (...x1x2: [ArrayOrScalar, ArrayOrScalar]): [NDArray, NDArray] => both('divmod', 'floor_divide', 'remainder', x1x2);
