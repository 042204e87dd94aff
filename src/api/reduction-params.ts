// NumPy's `initial=` and `where=` of the reductions, as parameter kinds (signature.ts) and the
// small helpers the bodies in ./reductions.ts share. A where mask becomes an elementwise
// `where(mask, x, fill)` in front of the reduction, so the scheduler fuses it into the reduce
// kernel; `initial` is a JS scalar converted to the reduction's dtype as NumPy converts it.
import type { DType } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import { broadcastShapes, formatShape, sameShape } from '../ir/shape.js';
import { isArrayArg, scalarArray, type ArrayArg } from './array-params.js';
import type { NDArray, Scalar } from './ndarray.js';
import { broadcastTo, toArray, where } from './operands.js';
import { REJECT, type ParamType } from './signature.js';

/** A reduction's `where=`: the mask as a bool array, or null for NumPy's default `True` (every element). */
export type Mask = NDArray | null;

/** NumPy's `where=`: a boolean array_like broadcast against the input (`true`, the default, is every element). */
export const whereMask: ParamType<ArrayArg, Mask> = {
  expected: 'a boolean array (an NDArray of bool, nested arrays of booleans, or a boolean)',
  parse: (x, op, name) => {
    if (x === true) return null;
    if (!isArrayArg(x)) return REJECT;
    const mask = toArray(op, x);
    if (mask.dtype.kind !== 'b') {
      throw new CupytsError('ERR_DTYPE', `${op}: expected ${name} to be a boolean array, got an array of ${mask.dtype.name}`);
    }
    return mask;
  },
};

/** NumPy's `initial=`: a JS scalar (the start of the reduction), or null for none. */
export const initialValue: ParamType<Scalar | null, Scalar | null> = {
  expected: 'a number, bigint or boolean, or null',
  parse: (x) => (x === null || typeof x === 'number' || typeof x === 'bigint' || typeof x === 'boolean' ? x : REJECT),
};

/**
 * The mask broadcast to `x`'s shape, as NumPy requires of a reduction's where= (the mask may
 * not add dimensions or grow the input); null stays null.
 */
export function broadcastMask(op: string, x: NDArray, mask: Mask | undefined): Mask {
  if (mask === null || mask === undefined) return null;
  const shape = mask.ndim <= x.ndim ? broadcastShapes(op, mask.shape, x.shape) : null;
  if (shape === null || !sameShape(shape, x.shape)) {
    throw new CupytsError('ERR_SHAPE', `${op}: expected a where mask that broadcasts to the input's shape ${formatShape(x.shape)}, got shape ${formatShape(mask.shape)}`);
  }
  return sameShape(mask.shape, x.shape) ? mask : broadcastTo(mask, x.shape);
}

/** `x` where the mask holds and `fill` (a value of x's dtype) elsewhere; `x` itself without a mask. */
export function maskWith(op: string, x: NDArray, mask: Mask, fill: Scalar | NDArray): NDArray {
  if (mask === null) return x;
  const value = typeof fill === 'object' ? fill : scalarArray(op, fill, x.dtype, x.runner);
  return where(mask, x, value);
}

/** `initial` as a 0-d array of `dtype` (NumPy's conversion of a Python scalar: integers must fit). */
export function initialArray(op: string, initial: Scalar, dtype: DType, like: NDArray): NDArray {
  return scalarArray(op, initial, dtype, like.runner);
}

/** NumPy's error for a where mask on a reduction without identity and without `initial`. */
export function needsInitial(op: string, numpyName: string): CupytsError {
  return new CupytsError('ERR_ARG', `${op}: reduction operation '${numpyName}' does not have an identity, so to use a where mask one has to specify 'initial'`);
}
