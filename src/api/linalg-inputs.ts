// How numpy.linalg's functions take their array arguments: NumPy's dtype rule (bool and integer
// inputs are computed in float64; float32, float64, complex64 and complex128 stay; float16 is
// refused as NumPy refuses it), the shape checks it makes at the call ("at least two
// dimensions", "square"), and stacks of matrices flattened to one batch axis and back.
import type { DType } from '../ir/dtype.js';
import { float64 } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import { promoteTypes } from '../ir/promotion.js';
import { formatShape, sameShape, sizeOf } from '../ir/shape.js';
import type { NDArray } from './ndarray.js';
import { asDtype, broadcastTo } from './operands.js';
import { reshape } from './views.js';

/** The dtype numpy.linalg computes an input of dtype `d` in. */
export function linalgDtype(op: string, d: DType): DType {
  if (d.kind === 'b' || d.kind === 'i' || d.kind === 'u') return float64;
  if (d.name === 'float32' || d.name === 'float64') return d;
  if (d.name === 'float16') throw new CupytsError('ERR_DTYPE', `${op}: array type float16 is unsupported in linalg (as in NumPy); cast to float32 first`);
  if (d.kind === 'c') return d;
  throw new CupytsError('ERR_UNSUPPORTED', `${op}: ${d.name} arrays are not supported by cp.linalg (float32, float64, complex64 and complex128 are)`);
}

/** `x` in the dtype numpy.linalg computes it in (with `other`'s, for two inputs). */
export function asLinalg(op: string, x: NDArray, other?: NDArray): NDArray {
  let d = linalgDtype(op, x.dtype);
  if (other) d = promoteTypes(d, linalgDtype(op, other.dtype));
  return asDtype(x, d);
}

/** NumPy's _assert_stacked_2d. */
export function checkStacked2d(op: string, x: NDArray, name = 'a'): void {
  if (x.ndim < 2) {
    throw new CupytsError('ERR_SHAPE', `${op}: expected ${name} of at least two dimensions, got an array of ${x.ndim} dimension${x.ndim === 1 ? '' : 's'} (shape ${formatShape(x.shape)})`);
  }
}

/** NumPy's _assert_stacked_square (with _assert_stacked_2d). */
export function checkStackedSquare(op: string, x: NDArray, name = 'a'): void {
  checkStacked2d(op, x, name);
  const [m, n] = x.shape.slice(-2);
  if (m !== n) throw new CupytsError('ERR_SHAPE', `${op}: expected the last two dimensions of ${name} to be square, got shape ${formatShape(x.shape)}`);
}

/** The leading (stack) dimensions of a stack of matrices. */
export const stackShape = (x: NDArray): number[] => x.shape.slice(0, -2);

/** A stack of matrices as one batch axis: (batch, rows, cols), broadcast to `stack` first if given. */
export function asBatch(x: NDArray, stack: number[] = stackShape(x)): NDArray {
  const [rows, cols] = x.shape.slice(-2);
  const target = [...stack, rows, cols];
  // Broadcast only where the shape changes: a broadcast view is materialized where a solver needs contiguous memory.
  const full = sameShape(x.shape, target) ? x : broadcastTo(x, target);
  return reshape(full, [sizeOf(stack), rows, cols]);
}

/** A batch result (batch, ...rest) back under the stack dimensions. */
export function unbatch(x: NDArray, stack: number[]): NDArray {
  return reshape(x, [...stack, ...x.shape.slice(1)]);
}
