// NumPy's `out=` parameter, shared by ufuncs, reductions and scans: the result is computed as
// usual, then written into the given array (its dtype and shape stay; the value is cast under
// NumPy's casting rule and broadcast into it), and the call returns `out` itself, as NumPy does.
// The write goes through ./assign.ts, so views of writable data work and arrays made before the
// write keep their values.
import { CupytsError } from '../ir/errors.js';
import { canCast, type Casting } from '../ir/promotion.js';
import { formatShape, sameShape } from '../ir/shape.js';
import { target } from './array-params.js';
import { assign } from './assign.js';
import type { NDArray } from './ndarray.js';
import { nullable } from './param-types.js';

/** The `out` parameter's type: an NDArray written in place, or null (a new array). */
export const outArray = nullable(target);

/**
 * Writes `result` into `out` and returns `out`; with `out` null, returns `result`. NumPy's rules:
 * `result`'s dtype must cast to `out`'s under `casting` (default 'same_kind'), and with
 * `exactShape` (reductions and scans) `out` must have the result's shape; otherwise (ufuncs) the
 * result must broadcast to `out`'s shape.
 */
export function writeOut(
  op: string, out: NDArray | null, result: NDArray,
  { casting = 'same_kind', exactShape = false }: { casting?: Casting; exactShape?: boolean } = {},
): NDArray {
  if (out === null) return result;
  if (!canCast(result.dtype, out.dtype, casting)) {
    throw new CupytsError('ERR_DTYPE',
      `${op}: cannot cast the result from ${result.dtype.name} to out's dtype ${out.dtype.name} with casting rule '${casting}'`);
  }
  if (exactShape && !sameShape(result.shape, out.shape)) {
    throw new CupytsError('ERR_SHAPE',
      `${op}: expected out to have shape ${formatShape(result.shape)}, got ${formatShape(out.shape)}`);
  }
  assign(op, out, result);
  return out;
}
