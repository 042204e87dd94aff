// The public reductions and scans, declared with NumPy's signatures (signature.ts): NumPy's
// positional forms (`cp.sum(x, 1)`, `cp.var(x, 0, null, null, 1)`) and a trailing options object
// with NumPy's keyword names. The bodies are those of reductions.ts, which the library's own
// composites call with options objects. `out`, `initial`, `where` and the like are NumPy
// parameters cupyts does not support yet: an error says so where one is given.
import { arrayData, type ArrayArg } from './array-params.js';
import type { NDArray } from './ndarray.js';
import * as t from './param-types.js';
import * as R from './reductions.js';
import { declare, keyword, positional, required } from './signature.js';

const a = required('a', arrayData);
const axes = positional('axis', t.nullable(t.axes), null);
const axis = positional('axis', t.nullable(t.axis), null);
const dtype = positional('dtype', t.nullable(t.dtype), null);
const out = positional('out', t.notSupported(), null);
const keepdims = positional('keepdims', t.boolean, false);
const initial = positional('initial', t.notSupported(), null);
const where = positional('where', t.notSupported(true), null, 'true');
const whereKeyword = keyword('where', t.notSupported(true), null, 'true');
const ddof = positional('ddof', t.number, 0);

/** A body of reductions.ts: the array, then its options object. */
type Body<O> = (x: ArrayArg, options: O) => NDArray;

/** sum(a, axis=None, dtype=None, out=None, keepdims=False, initial=<no value>, where=True) and its kin. */
function typedFold<O>(name: string, body: Body<O>) {
  return declare(name, [a, axes, dtype, out, keepdims, initial, where], (v) => body(v.a, { axis: v.axis, dtype: v.dtype ?? undefined, keepdims: v.keepdims } as O));
}
/** max(a, axis=None, out=None, keepdims=False, initial=<no value>, where=True) and its kin. */
function extremum<O>(name: string, body: Body<O>) {
  return declare(name, [a, axes, out, keepdims, initial, where], (v) => body(v.a, { axis: v.axis, keepdims: v.keepdims } as O));
}
/** mean(a, axis=None, dtype=None, out=None, keepdims=False, *, where=True). */
function meanLike<O>(name: string, body: Body<O>) {
  return declare(name, [a, axes, dtype, out, keepdims, whereKeyword], (v) => body(v.a, { axis: v.axis, dtype: v.dtype ?? undefined, keepdims: v.keepdims } as O));
}
/** var(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True, mean, correction). */
function varianceLike<O>(name: string, body: Body<O>) {
  return declare(
    name,
    [a, axes, dtype, out, ddof, keepdims, whereKeyword, keyword('mean', t.notSupported(), null), keyword('correction', t.notSupported(), null)],
    (v) => body(v.a, { axis: v.axis, dtype: v.dtype ?? undefined, ddof: v.ddof, keepdims: v.keepdims } as O),
  );
}
/** argmax(a, axis=None, out=None, *, keepdims=False). */
function argLike<O>(name: string, body: Body<O>) {
  return declare(name, [a, axis, out, keyword('keepdims', t.boolean, false)], (v) => body(v.a, { axis: v.axis, keepdims: v.keepdims } as O));
}
/** any(a, axis=None, out=None, keepdims=False, *, where=True). */
function logical<O>(name: string, body: Body<O>) {
  return declare(name, [a, axes, out, keepdims, whereKeyword], (v) => body(v.a, { axis: v.axis, keepdims: v.keepdims } as O));
}
/** cumsum(a, axis=None, dtype=None, out=None). */
function scan<O>(name: string, body: Body<O>) {
  return declare(name, [a, axis, dtype, out], (v) => body(v.a, { axis: v.axis, dtype: v.dtype ?? undefined } as O));
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
export const mean = meanLike('mean', R.mean);
export const nanmean = meanLike('nanmean', R.nanmean);
export const var_ = varianceLike('var', R.var_);
export const std = varianceLike('std', R.std);
export const nanvar = varianceLike('nanvar', R.nanvar);
export const nanstd = varianceLike('nanstd', R.nanstd);
export const argmax = argLike('argmax', R.argmax);
export const argmin = argLike('argmin', R.argmin);
export const nanargmax = argLike('nanargmax', R.nanargmax);
export const nanargmin = argLike('nanargmin', R.nanargmin);
export const any = logical('any', R.any);
export const all = logical('all', R.all);
export const cumsum = scan('cumsum', R.cumsum);
export const cumprod = scan('cumprod', R.cumprod);
export const nancumsum = scan('nancumsum', R.nancumsum);
export const nancumprod = scan('nancumprod', R.nancumprod);

/** ptp(a, axis=None, out=None, keepdims=False). */
export const ptp = declare('ptp', [a, axes, out, keepdims], (v) => R.ptp(v.a, { axis: v.axis, keepdims: v.keepdims }));

/** count_nonzero(a, axis=None, *, keepdims=False). */
export const count_nonzero = declare('count_nonzero', [a, axes, keyword('keepdims', t.boolean, false)], (v) => R.count_nonzero(v.a, { axis: v.axis, keepdims: v.keepdims }));

/** average(a, axis=None, weights=None, returned=False, *, keepdims=False). */
export const average = declare(
  'average',
  [a, axes, positional('weights', t.nullable(arrayData), null), positional('returned', t.notSupported(false), null, 'false'), keyword('keepdims', t.boolean, false)],
  (v) => R.average(v.a, { axis: v.axis, weights: v.weights, keepdims: v.keepdims }),
);
