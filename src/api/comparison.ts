// NumPy's comparison and testing functions: isclose (lazy, elementwise, fused like any other
// expression) and allclose, array_equal, array_equiv, which return a JS boolean as NumPy returns
// a Python bool, so they evaluate their inputs and read one element back (they synchronize).
import { isComplex } from '../ir/complex.js';
import { DTYPES } from '../ir/dtype.js';
import { broadcastShapes } from '../ir/shape.js';
import { abs, add, equal, isfinite, isnan, less_equal, logical_and, logical_or, multiply, subtract } from './elementwise.js';
import { NDArray, type Scalar } from './ndarray.js';
import { all } from './reductions.js';
import * as t from './param-types.js';
import { arrayLike, arrayOrScalar } from './array-params.js';
import { declare, positional, required } from './signature.js';

/** NumPy's isclose: |a - b| <= atol + rtol * |b|, b taken as float (NumPy 2's formula, not symmetric). */
function closeness(op: string, a: NDArray | Scalar, b: NDArray | Scalar, rtol: number, atol: number, equalNan: boolean): NDArray {
  if (a instanceof NDArray && b instanceof NDArray) broadcastShapes(op, a.shape, b.shape);
  // NumPy casts b to result_type(b, 1.0): float and complex dtypes stay, others become float64; a
  // Python int becomes a float, a complex stays complex (abs is then the modulus).
  const inexact = (k: string) => k === 'f' || k === 'c';
  const y = b instanceof NDArray ? (inexact(b.dtype.kind) ? b : b.astype(DTYPES.float64)) : isComplex(b) ? b : Number(b);
  const within = logical_and(less_equal(abs(subtract(a, y)), add(atol, multiply(rtol, abs(y)))), isfinite(y));
  const result = logical_or(within, equal(a, y));
  return equalNan ? logical_or(result, logical_and(isnan(a), isnan(y))) : result;
}

const closeParams = [
  required('a', arrayOrScalar),
  required('b', arrayOrScalar),
  positional('rtol', t.number, 1e-5),
  positional('atol', t.number, 1e-8),
  positional('equal_nan', t.boolean, false),
] as const;

/** NumPy's isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False): elementwise, lazy. */
export const isclose = declare('isclose', closeParams, ({ a, b, rtol, atol, equal_nan }) => closeness('isclose', a, b, rtol, atol, equal_nan));

/** Reads a 0-d bool array back as a JS boolean. */
const readBool = (x: NDArray): boolean => Boolean(x.item());

/** NumPy's allclose: a JS boolean; evaluates and reads the answer back (synchronizes). */
export const allclose = declare('allclose', closeParams, ({ a, b, rtol, atol, equal_nan }) => readBool(all(closeness('allclose', a, b, rtol, atol, equal_nan))));

/** NumPy's array_equal(a1, a2, equal_nan=False): same shape and elements; a JS boolean (synchronizes). */
export const array_equal = declare(
  'array_equal',
  [required('a1', arrayLike), required('a2', arrayLike), positional('equal_nan', t.boolean, false)],
  ({ a1, a2, equal_nan }) => {
    if (a1.ndim !== a2.ndim || a1.shape.some((d, j) => d !== a2.shape[j])) return false;
    const same = equal(a1, a2);
    return readBool(all(equal_nan ? logical_or(same, logical_and(isnan(a1), isnan(a2))) : same));
  },
);

/** Whether two shapes broadcast together (NumPy's rules, right-aligned). */
function broadcastable(a: readonly number[], b: readonly number[]): boolean {
  for (let k = 1; k <= Math.min(a.length, b.length); k++) {
    const x = a[a.length - k];
    const y = b[b.length - k];
    if (x !== y && x !== 1 && y !== 1) return false;
  }
  return true;
}

/** NumPy's array_equiv(a1, a2): shapes broadcast and elements equal; a JS boolean (synchronizes). */
export const array_equiv = declare('array_equiv', [required('a1', arrayLike), required('a2', arrayLike)], ({ a1, a2 }) => {
  if (!broadcastable(a1.shape, a2.shape)) return false;
  return readBool(all(equal(a1, a2)));
});
