// The public reductions and scans, declared with NumPy's signatures (signature.ts): NumPy's
// positional forms (`cp.sum(x, 1)`, `cp.var(x, 0, null, null, 1)`) and a trailing options object
// with NumPy's keyword names. The bodies are those of reductions.ts, which the library's own
// composites call with options objects. `out=` is written here, after the body (./out-param.ts,
// with the casting rule NumPy uses for each); `initial=` and `where=` go to the bodies, and so
// does out's dtype for the sums, products, max, min, means and scans, which NumPy computes in
// promote(out, a) when out is given (reductions.ts).
import { DTYPES } from '../ir/dtype.js';
import { formatShape } from '../ir/shape.js';
import { CupytsError } from '../ir/errors.js';
import { canCast, type Casting } from '../ir/promotion.js';
import { arrayData, type ArrayArg } from './array-params.js';
import type { NDArray } from './ndarray.js';
import { toArray } from './operands.js';
import { full } from './creation.js';
import { not_equal } from './elementwise.js';
import { withParamChecks } from './random-param-checks.js';
import { outArray, writeOut } from './out-param.js';
import * as t from './param-types.js';
import { initialValue, whereMask } from './reduction-params.js';
import * as R from './reductions.js';
import { declare, keyword, positional, required, type Signature } from './signature.js';
import type { CallOf, Narrowed } from './creation-params.js';

const a = required('a', arrayData);
const axes = positional('axis', t.nullable(t.axes), null);
const axis = positional('axis', t.nullable(t.axis), null);
const dtype = positional('dtype', t.nullable(t.dtype), null);
const out = positional('out', outArray, null);
const keepdims = positional('keepdims', t.boolean, false);
const initial = positional('initial', initialValue, null);
const where = positional('where', whereMask, null, 'true');
const whereKeyword = keyword('where', whereMask, null, 'true');
const ddof = positional('ddof', t.number, 0);

/** A body of reductions.ts: the array, then its options object. */
type Body<O> = (x: ArrayArg, options: O) => NDArray;

/**
 * The casting rule NumPy writes a result into `out` with, given the input: 'unsafe' for the
 * ufunc reductions, scans, mean and var (np.sum(floats, out=ints) truncates); 'same_kind' where
 * NumPy's last step is a ufunc called with out (std's sqrt, ptp's subtract, nanmean's divide).
 */
type OutCasting = (x: NDArray) => Casting;
const UNSAFE: OutCasting = () => 'unsafe';
const SAME_KIND: OutCasting = () => 'same_kind';
/** nanmean and nanvar: floats end in a ufunc call (same_kind); other inputs are mean's and var's (unsafe). */
const SAME_KIND_FOR_FLOATS: OutCasting = (x) => (x.dtype.kind === 'f' ? 'same_kind' : 'unsafe');

/** Runs `body` on the input and writes its result into `out` (NumPy's out=: exact shape, `casting`), returning out. */
function reduceInto<O>(name: string, body: Body<O>, casting: OutCasting, input: ArrayArg, result: NDArray | null, options: O): NDArray {
  const x = toArray(name, input);
  return writeOut(name, result, body(x, options), { casting: casting(x), exactShape: true });
}

/** sum(a, axis=None, dtype=None, out=None, keepdims=False, initial=<no value>, where=True) and its kin. */
function typedFold<O>(name: string, body: Body<O>) {
  return declare(name, [a, axes, dtype, out, keepdims, initial, where], (v) =>
    reduceInto(name, body, UNSAFE, v.a, v.out, { axis: v.axis, dtype: v.dtype ?? undefined, keepdims: v.keepdims, initial: v.initial, where: v.where, outDtype: v.out?.dtype } as O));
}
/** max(a, axis=None, out=None, keepdims=False, initial=<no value>, where=True) and its kin. */
function extremum<O>(name: string, body: Body<O>) {
  return declare(name, [a, axes, out, keepdims, initial, where], (v) =>
    reduceInto(name, body, UNSAFE, v.a, v.out, { axis: v.axis, keepdims: v.keepdims, initial: v.initial, where: v.where, outDtype: v.out?.dtype } as O));
}
/** mean(a, axis=None, dtype=None, out=None, keepdims=False, *, where=True). */
function meanLike<O>(name: string, body: Body<O>, casting: OutCasting) {
  return declare(name, [a, axes, dtype, out, keepdims, whereKeyword], (v) =>
    reduceInto(name, body, casting, v.a, v.out, { axis: v.axis, dtype: v.dtype ?? undefined, keepdims: v.keepdims, where: v.where, outDtype: v.out?.dtype } as O));
}
/**
 * var(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True, mean=None,
 * correction=None): `correction` is the array API's name of ddof (NumPy refuses both at once);
 * `mean`, the mean computed already, of the shape a keepdims mean has.
 */
function varianceLike<O>(name: string, body: Body<O>, casting: OutCasting) {
  return declare(
    name,
    [a, axes, dtype, out, ddof, keepdims, whereKeyword, keyword('mean', t.nullable(arrayData), null), keyword('correction', t.nullable(t.number), null)],
    (v) => {
      if (v.correction !== null && v.ddof !== 0) throw new CupytsError('ERR_ARG', `${name}: ddof and correction can't be provided simultaneously.`);
      const mean = v.mean === null ? undefined : toArray(name, v.mean);
      return reduceInto(name, body, casting, v.a, v.out, { axis: v.axis, dtype: v.dtype ?? undefined, ddof: v.correction ?? v.ddof, keepdims: v.keepdims, where: v.where, mean, outDtype: v.out?.dtype } as O);
    },
  );
}

/** NumPy's argmax/argmin take an `out` whose dtype casts safely to intp (int64), and write the indices into it. */
function checkIndexOut(name: string, result: NDArray | null): void {
  if (result !== null && !canCast(result.dtype, DTYPES.int64, 'safe')) {
    throw new CupytsError('ERR_DTYPE', `${name}: expected out to have an integer dtype that casts safely to int64, got ${result.dtype.name}`);
  }
}
/** argmax(a, axis=None, out=None, *, keepdims=False). */
function argLike<O>(name: string, body: Body<O>) {
  return declare(name, [a, axis, out, keyword('keepdims', t.boolean, false)], (v) => {
    checkIndexOut(name, v.out);
    return reduceInto(name, body, UNSAFE, v.a, v.out, { axis: v.axis, keepdims: v.keepdims } as O);
  });
}
/** any(a, axis=None, out=None, keepdims=False, *, where=True). */
function logical<O>(name: string, body: Body<O>) {
  return declare(name, [a, axes, out, keepdims, whereKeyword], (v) =>
    reduceInto(name, body, UNSAFE, v.a, v.out, { axis: v.axis, keepdims: v.keepdims, where: v.where } as O));
}
/** cumsum(a, axis=None, dtype=None, out=None). */
function scan<O>(name: string, body: Body<O>) {
  return declare(name, [a, axis, dtype, out], (v) =>
    reduceInto(name, body, UNSAFE, v.a, v.out, { axis: v.axis, dtype: v.dtype ?? undefined, outDtype: v.out?.dtype } as O));
}

export const sum = typedFold('sum', R.sum);
export const prod = typedFold('prod', R.prod);
export const nansum = typedFold('nansum', R.nansum);
export const nanprod = typedFold('nanprod', R.nanprod);
export const max = extremum('max', R.max);
export const min = extremum('min', R.min);
export const amax = max;
export const amin = min;
export const nanmax = extremum('nanmax', R.nanmax);
export const nanmin = extremum('nanmin', R.nanmin);
export const mean = meanLike('mean', R.mean, UNSAFE);
export const nanmean = meanLike('nanmean', R.nanmean, SAME_KIND_FOR_FLOATS);
export const var_ = varianceLike('var', R.var_, UNSAFE);
export const std = varianceLike('std', R.std, SAME_KIND);
export const nanvar = varianceLike('nanvar', R.nanvar, SAME_KIND_FOR_FLOATS);
export const nanstd = varianceLike('nanstd', R.nanstd, SAME_KIND);
export const argmax = argLike('argmax', R.argmax);
export const argmin = argLike('argmin', R.argmin);
/**
 * nanargmax and nanargmin: a slice of NaNs only gives -1, where NumPy raises ("All-NaN slice
 * encountered"). Only the kernel sees it, so a read of the result, or of anything computed from
 * it, throws (./random-param-checks.ts: the kernel faults).
 */
function allNanRaises<O>(name: string, body: Body<O>): Body<O> {
  return (x, options) => {
    const input = toArray(name, x); // once: a JS array uploads here
    const result = body(input, options);
    if (input.dtype.kind !== 'f' && input.dtype.kind !== 'c') return result;
    return withParamChecks(result, [{ valid: not_equal(result, -1), message: `${name}: All-NaN slice encountered` }]);
  };
}
export const nanargmax = argLike('nanargmax', allNanRaises('nanargmax', R.nanargmax));
export const nanargmin = argLike('nanargmin', allNanRaises('nanargmin', R.nanargmin));
export const any = logical('any', R.any);
export const all = logical('all', R.all);
export const cumsum = scan('cumsum', R.cumsum);
export const cumprod = scan('cumprod', R.cumprod);
export const nancumsum = scan('nancumsum', R.nancumsum);
export const nancumprod = scan('nancumprod', R.nancumprod);

/** ptp(a, axis=None, out=None, keepdims=False). */
export const ptp = declare('ptp', [a, axes, out, keepdims], (v) =>
  reduceInto('ptp', R.ptp, SAME_KIND, v.a, v.out, { axis: v.axis, keepdims: v.keepdims, outDtype: v.out?.dtype }));

/** count_nonzero(a, axis=None, *, keepdims=False). */
export const count_nonzero = declare('count_nonzero', [a, axes, keyword('keepdims', t.boolean, false)], (v) => R.count_nonzero(v.a, { axis: v.axis, keepdims: v.keepdims }));

/**
 * average(a, axis=None, weights=None, returned=False, *, keepdims=False). With returned,
 * [average, sum of the weights] (NumPy's scl: in the average's dtype and shape; without weights
 * the number of elements averaged).
 */
const AVERAGE_PARAMS = [a, axes, positional('weights', t.nullable(arrayData), null), positional('returned', t.boolean, false), keyword('keepdims', t.boolean, false)] as const;
type AverageParams = typeof AVERAGE_PARAMS;
type AverageWith<Returned> = readonly [AverageParams[0], AverageParams[1], AverageParams[2], Narrowed<AverageParams[3], Returned>, AverageParams[4]];
export const average = declare(
  'average',
  AVERAGE_PARAMS,
  (v): NDArray | [NDArray, NDArray] => {
    const x = toArray('average', v.a);
    const [avg, wsum] = R.averageWithSum(x, { axis: v.axis, weights: v.weights, keepdims: v.keepdims });
    if (wsum === null) {
      // NumPy computes the count a.size / avg.size with or without returned: ZeroDivisionError where the average is empty
      if (avg.size === 0) throw new CupytsError('ERR_EMPTY', `average: division by zero (NumPy divides a's size by the average's, and the average of shape ${formatShape(avg.shape)} is empty)`);
      return v.returned ? [avg, full(avg.shape, x.size / avg.size, { dtype: avg.dtype })] : avg;
    }
    // NumPy raises ZeroDivisionError where the weights sum to zero; only the kernel sees the sum,
    // so a read of the average (or of the sum returned) throws (./random-param-checks.ts).
    const checks = [{ valid: not_equal(wsum, 0), message: "average: Weights sum to zero, can't be normalized" }];
    return v.returned ? [withParamChecks(avg, checks), withParamChecks(wsum, checks)] : withParamChecks(avg, checks);
  },
) as unknown as CallOf<AverageWith<false>, NDArray> & CallOf<AverageWith<true>, [NDArray, NDArray]> & { readonly signature: Signature<AverageParams> };
