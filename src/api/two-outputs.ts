// NumPy's ufuncs with two outputs: each output is a table op (src/ir/ops.ts), both applied to the
// same operands, so the two arrays fuse into one kernel where they are evaluated together
// (cp.eval(mantissa, exponent)). They return a JS array in NumPy's order, to destructure; their
// outputs go to out=[out1, out2] (NumPy's out tuple, by keyword).
import { twoOutputUfunc } from './ufunc.js';

/** frexp(x): [mantissa, exponent] with x = mantissa * 2**exponent, |mantissa| in [0.5, 1); the exponent is int32. */
export const frexp = twoOutputUfunc('frexp', 'frexp', 'frexp', 'frexp_exponent');

/** modf(x): [fractional part, integral part], both with x's sign. */
export const modf = twoOutputUfunc('modf', 'modf', 'modf', 'modf_integral');

/** divmod(x1, x2): [floor_divide(x1, x2), remainder(x1, x2)]. */
export const divmod = twoOutputUfunc('divmod', 'floor_divide', 'floor_divide', 'remainder');
