// cp.special's functions over an axis, as SciPy defines them: softmax, log_softmax and logsumexp,
// built from a max reduction, elementwise ops and a sum reduction, so that the scheduler fuses them
// like any other composite. Each subtracts the maximum first (numerically stable), as SciPy does.
import { DTYPES } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import { elementwiseOp } from '../ir/ops.js';
import { loopFor } from '../ir/resolve.js';
import { add, divide, exp, isfinite, log, subtract } from './elementwise.js';
import { NDArray } from './ndarray.js';
import { toArray, where, type ArrayOrScalar } from './operands.js';
import { arrayOrScalar } from './array-params.js';
import { axes, boolean, nullable } from './param-types.js';
import { max, normalizeAxes, sum, type Axis } from './reductions.js';
import { declare, positional, required } from './signature.js';
import { reshape } from './views.js';

/** The input in the float dtype exp gives it (int8 → float16, int32 → float64), as SciPy's softmax computes. */
function asExpFloat(op: string, x: ArrayOrScalar): NDArray {
  const a = toArray(op, x);
  if (a.dtype.kind === 'b') throw new CupytsError('ERR_DTYPE', `${op}: expected a numeric dtype (SciPy subtracts the maximum, and NumPy has no boolean subtract), got bool`);
  const float = loopFor(elementwiseOp('exp')!, a.dtype).output;
  return a.dtype === float ? a : a.astype(float);
}

/**
 * `axis` of `a` as sorted non-negative axes, checked with errors naming `op`; an empty reduction
 * is refused as SciPy's max refuses it (logsumexp, whose sum has an identity, allows it).
 */
function axesOf(op: string, a: NDArray, axis: Axis, emptyOk = false): number[] {
  const list = normalizeAxes(op, a.ndim, axis);
  const count = (keep: boolean) => a.shape.reduce((n, d, j) => (list.includes(j) !== keep ? n * d : n), 1);
  if (!emptyOk && count(false) === 0 && count(true) > 0) {
    throw new CupytsError('ERR_EMPTY', `${op}: zero-size array to reduction operation maximum which has no identity`);
  }
  return list;
}

/** The maximum over `axis` (kept as length-1 axes), with the non-finite ones replaced by 0. */
function finiteMax(x: NDArray, axis: Axis): NDArray {
  const m = max(x, { axis, keepdims: true });
  return where(isfinite(m), m, 0);
}

/** softmax(x, axis=None): exp(x - max) / sum(exp(x - max)) over `axis` (all axes for null). */
export const softmax = declare('softmax', [required('x', arrayOrScalar), positional('axis', nullable(axes), null)], ({ x, axis }) => {
  const a = asExpFloat('softmax', x);
  axis = axesOf('softmax', a, axis);
  const shifted = exp(subtract(a, max(a, { axis, keepdims: true })));
  return divide(shifted, sum(shifted, { axis, keepdims: true }));
});

/** log_softmax(x, axis=None): x - max - log(sum(exp(x - max))) over `axis`, accurate where softmax saturates. */
export const log_softmax = declare('log_softmax', [required('x', arrayOrScalar), positional('axis', nullable(axes), null)], ({ x, axis }) => {
  const a = asExpFloat('log_softmax', x);
  axis = axesOf('log_softmax', a, axis);
  const shifted = subtract(a, finiteMax(a, axis));
  return subtract(shifted, log(sum(exp(shifted), { axis, keepdims: true })));
});

/**
 * logsumexp(a, axis=None, b=None, keepdims=False, return_sign=False): log(sum(exp(a))) over `axis`,
 * computed as max + log(sum(exp(a - max))). Integer and bool inputs compute in float64, as SciPy's.
 * The weights `b` and `return_sign` are not supported yet (an error says so).
 */
export const logsumexp = declare('logsumexp', [
  required('a', arrayOrScalar), positional('axis', nullable(axes), null), positional('keepdims', boolean, false),
], ({ a, axis, keepdims }) => {
  let x = toArray('logsumexp', a);
  if (x.dtype.kind !== 'f') x = x.astype(DTYPES.float64);
  axis = axesOf('logsumexp', x, axis, true);
  if (x.size === 0) return log(sum(exp(x), { axis, keepdims }));
  const m = finiteMax(x, axis);
  const s = sum(exp(subtract(x, m)), { axis, keepdims });
  return add(log(s), keepdims ? m : reshape(m, s.shape));
}, { unsupported: ['b', 'return_sign'] });
