// NumPy's reductions and scans. The primitives (src/ir/reductions.ts) become lazy reduce and
// scan nodes; mean, var, std, ptp, average, count_nonzero and the nan-functions are composed from
// them and elementwise ops, so the scheduler fuses them into as few kernels as it can (mean is
// one kernel; var is one kernel of two phases).
import { DTYPES, toDType, type DType, type DTypeLike } from '../ir/dtype.js';
import { CupytsError, describe } from '../ir/errors.js';
import { castNode, reduceNode, scanNode } from '../ir/graph.js';
import { resultType } from '../ir/promotion.js';
import { REDUCE_OPS, type ReduceOpName } from '../ir/reductions.js';
import { sameShape, sizeOf } from '../ir/shape.js';
import { divide, isnan, logical_not, multiply, not_equal, sqrt, subtract } from './elementwise.js';
import { NDArray } from './ndarray.js';
import { booleanArg, normalizeAxes as normalizeAxisList, optionsArg } from './arguments.js';
import { broadcastTo, toArray, where, type ArrayOrScalar } from './operands.js';
import { reshape } from './views.js';

export type Axis = number | readonly number[] | null | undefined;

export interface ReduceOptions {
  axis?: Axis;
  keepdims?: boolean;
}
export interface TypedReduceOptions extends ReduceOptions {
  /** Accumulator and result dtype (NumPy's `dtype=`). */
  dtype?: DTypeLike;
}
export interface VarOptions extends TypedReduceOptions {
  /** Delta degrees of freedom: the divisor is N - ddof. */
  ddof?: number;
}
export interface ArgOptions {
  axis?: number | null;
  keepdims?: boolean;
}
export interface ScanOptions {
  axis?: number | null;
  dtype?: DTypeLike;
}

const { bool, int64, uint64, float16, float32, float64 } = DTYPES;

/**
 * `axis` as sorted, non-negative, distinct axes of an `ndim`-d array (all of them for null).
 * `scalarAxis`: NumPy's ufunc reductions take an integer axis 0 or -1 on a 0-d array as no axes.
 */
export function normalizeAxes(op: string, ndim: number, axis: Axis, scalarAxis = false): number[] {
  if (axis === null || axis === undefined) return Array.from({ length: ndim }, (_, j) => j);
  if (scalarAxis && ndim === 0 && (axis === 0 || axis === -1)) return [];
  return normalizeAxisList(op, axis, ndim).sort((a, b) => a - b);
}

const checkKeepdims = (op: string, keepdims: unknown): boolean => booleanArg(op, 'keepdims', keepdims, false);

/** NumPy's default accumulator for sum and prod: small ints widen to 64 bits, bool counts as int64. */
export function sumDtype(d: DType): DType {
  if (d.kind === 'b') return int64;
  if (d.kind === 'i') return int64;
  if (d.kind === 'u') return uint64;
  return d;
}

/** Elements in the reduced axes. */
function reducedCount(x: NDArray, axes: readonly number[]): number {
  return sizeOf(axes.map((j) => x.shape[j]));
}

/**
 * The primitive: reduce `x` with `opName` over `axes`, accumulating in `acc` (the result keeps
 * `acc`, except that float16 accumulates in float32 and is rounded back).
 */
function reduceRaw(op: string, opName: ReduceOpName, x: NDArray, axes: number[], keepdims: boolean, acc: DType = x.dtype): NDArray {
  const rop = REDUCE_OPS[opName];
  const outSize = sizeOf(x.shape.filter((_, j) => !axes.includes(j)));
  if (rop.identity(acc) === undefined && reducedCount(x, axes) === 0 && outSize > 0) {
    throw new CupytsError('ERR_EMPTY', rop.kind === 'arg'
      ? `${op}: attempt to get ${op} of an empty sequence`
      : `${op}: zero-size array to reduction operation ${rop.numpyName} which has no identity`);
  }
  const work = acc === float16 && rop.kind === 'fold' && (opName === 'sum' || opName === 'prod') ? float32 : acc;
  const input = work === x.dtype ? x.node : castNode(x.node, work);
  const node = reduceNode(rop, input, axes, keepdims, rop.kind === 'arg' ? int64 : work);
  const out = new NDArray(node, x.runner);
  return work !== acc && rop.kind === 'fold' ? out.astype(acc) : out;
}

function optionDtype(op: string, dtype: DTypeLike | undefined): DType | undefined {
  return dtype === undefined ? undefined : toDType(dtype, op);
}

function foldApi(op: string, opName: ReduceOpName, acc: (d: DType) => DType) {
  return (a: ArrayOrScalar, options?: TypedReduceOptions): NDArray => {
    const x = toArray(op, a);
    options = optionsArg(op, options);
    const axes = normalizeAxes(op, x.ndim, options.axis, true);
    const keepdims = checkKeepdims(op, options.keepdims);
    return reduceRaw(op, opName, x, axes, keepdims, optionDtype(op, options.dtype) ?? acc(x.dtype));
  };
}

export const sum = foldApi('sum', 'sum', sumDtype);
export const prod = foldApi('prod', 'prod', sumDtype);

function extremum(op: string, opName: 'max' | 'min' | 'nanmax' | 'nanmin') {
  return (a: ArrayOrScalar, options?: ReduceOptions): NDArray => {
    const x = toArray(op, a);
    options = optionsArg(op, options);
    const axes = normalizeAxes(op, x.ndim, options.axis, true);
    const prim = x.dtype.kind === 'f' ? opName : opName === 'nanmax' ? 'max' : opName === 'nanmin' ? 'min' : opName;
    return reduceRaw(op, prim, x, axes, checkKeepdims(op, options.keepdims));
  };
}
export const max = extremum('max', 'max');
export const min = extremum('min', 'min');
export const amax = max;
export const amin = min;
export const nanmax = extremum('nanmax', 'nanmax');
export const nanmin = extremum('nanmin', 'nanmin');

function argApi(op: string, opName: 'argmax' | 'argmin' | 'nanargmax' | 'nanargmin') {
  return (a: ArrayOrScalar, options?: ArgOptions): NDArray => {
    const x = toArray(op, a);
    options = optionsArg(op, options);
    if (options.axis !== undefined && options.axis !== null && typeof options.axis !== 'number') {
      throw new CupytsError('ERR_ARG', `${op}: expected axis to be an integer or null, got ${describe(options.axis)}`);
    }
    const keepdims = checkKeepdims(op, options.keepdims);
    const prim = x.dtype.kind === 'f' ? opName : opName === 'nanargmax' ? 'argmax' : opName === 'nanargmin' ? 'argmin' : opName;
    if (options.axis === undefined || options.axis === null) {
      // Over the flattened array: the index is the C-order position in all axes.
      const axes = normalizeAxes(op, x.ndim, null);
      return reduceRaw(op, prim, x, axes, keepdims);
    }
    return reduceRaw(op, prim, x, normalizeAxes(op, x.ndim, options.axis, true), keepdims);
  };
}
export const argmax = argApi('argmax', 'argmax');
export const argmin = argApi('argmin', 'argmin');
export const nanargmax = argApi('nanargmax', 'nanargmax');
export const nanargmin = argApi('nanargmin', 'nanargmin');

function logicalApi(op: string, opName: 'any' | 'all') {
  return (a: ArrayOrScalar, options?: ReduceOptions): NDArray => {
    const x = toArray(op, a);
    options = optionsArg(op, options);
    return reduceRaw(op, opName, x.dtype === bool ? x : x.astype(bool), normalizeAxes(op, x.ndim, options.axis, true), checkKeepdims(op, options.keepdims));
  };
}
export const any = logicalApi('any', 'any');
export const all = logicalApi('all', 'all');

/** mean's result dtype (ints and bool give float64) and the dtype it accumulates in. */
function meanDtypes(x: DType, dtype: DType | undefined): { result: DType; acc: DType } {
  const result = dtype ?? (x.kind === 'f' ? x : float64);
  return { result, acc: result === float16 ? float32 : result };
}

export function mean(a: ArrayOrScalar, options?: TypedReduceOptions): NDArray {
  return meanAs('mean', toArray('mean', a), optionsArg('mean', options));
}

/** mean, with errors that name `op` (nanmean and average of what has no NaN or no weights). */
function meanAs(op: string, x: NDArray, options: TypedReduceOptions): NDArray {
  const axes = normalizeAxes(op, x.ndim, options.axis);
  const { result, acc } = meanDtypes(x.dtype, optionDtype(op, options.dtype));
  const s = reduceRaw(op, 'sum', x.astype(acc), axes, checkKeepdims(op, options.keepdims), acc);
  return divide(s, reducedCount(x, axes)).astype(result);
}

function checkDdof(op: string, ddof: unknown): number {
  if (ddof === undefined) return 0;
  if (typeof ddof !== 'number' || !Number.isFinite(ddof)) throw new CupytsError('ERR_ARG', `${op}: expected ddof to be a number, got ${describe(ddof)}`);
  return ddof;
}

/** var as NumPy computes it: the mean (keepdims), then the mean of squared deviations over N - ddof. */
function variance(op: string, a: ArrayOrScalar, options: VarOptions | undefined): NDArray {
  const x = toArray(op, a);
  options = optionsArg(op, options);
  const axes = normalizeAxes(op, x.ndim, options.axis);
  const ddof = checkDdof(op, options.ddof);
  const { result, acc } = meanDtypes(x.dtype, optionDtype(op, options.dtype));
  const xa = x.astype(acc);
  const n = reducedCount(x, axes);
  const m = divide(reduceRaw(op, 'sum', xa, axes, true, acc), n);
  const d = subtract(xa, m);
  const ss = reduceRaw(op, 'sum', multiply(d, d), axes, checkKeepdims(op, options.keepdims), acc);
  return divide(ss, Math.max(n - ddof, 0)).astype(result);
}
export const var_ = (a: ArrayOrScalar, options?: VarOptions) => variance('var', a, options);
export function std(a: ArrayOrScalar, options?: VarOptions): NDArray {
  const v = variance('std', a, options);
  return sqrt(v).astype(v.dtype);
}

/** ptp: max - min along the axes (in the input dtype; integers wrap as NumPy's). */
export function ptp(a: ArrayOrScalar, options?: ReduceOptions): NDArray {
  const x = toArray('ptp', a);
  options = optionsArg('ptp', options);
  const axes = normalizeAxes('ptp', x.ndim, options.axis);
  const keepdims = checkKeepdims('ptp', options.keepdims);
  return subtract(reduceRaw('ptp', 'max', x, axes, keepdims), reduceRaw('ptp', 'min', x, axes, keepdims)).astype(x.dtype);
}

/** count_nonzero: how many elements are nonzero (NaN counts), as int64. */
export function count_nonzero(a: ArrayOrScalar, options?: ReduceOptions): NDArray {
  const x = toArray('count_nonzero', a);
  options = optionsArg('count_nonzero', options);
  const nz = x.dtype === bool ? x : not_equal(x, 0);
  return reduceRaw('count_nonzero', 'sum', nz.astype(int64), normalizeAxes('count_nonzero', x.ndim, options.axis), checkKeepdims('count_nonzero', options.keepdims), int64);
}

// --- NaN-ignoring variants: NaN replaced by the identity (floats only; ints have no NaN) ---------

const notNan = (x: NDArray) => logical_not(isnan(x));
const zeroNan = (x: NDArray, fill: number) => (x.dtype.kind === 'f' ? where(isnan(x), fill, x) : x);

export function nansum(a: ArrayOrScalar, options?: TypedReduceOptions): NDArray {
  const x = toArray('nansum', a);
  return sum(zeroNan(x, 0), optionsArg('nansum', options));
}
export function nanprod(a: ArrayOrScalar, options?: TypedReduceOptions): NDArray {
  const x = toArray('nanprod', a);
  return prod(zeroNan(x, 1), optionsArg('nanprod', options));
}

export function nanmean(a: ArrayOrScalar, options?: TypedReduceOptions): NDArray {
  const x = toArray('nanmean', a);
  options = optionsArg('nanmean', options);
  if (x.dtype.kind !== 'f') return meanAs('nanmean', x, options);
  const axes = normalizeAxes('nanmean', x.ndim, options.axis);
  const keepdims = checkKeepdims('nanmean', options.keepdims);
  const { result, acc } = meanDtypes(x.dtype, optionDtype('nanmean', options.dtype));
  const s = reduceRaw('nanmean', 'sum', zeroNan(x, 0).astype(acc), axes, keepdims, acc);
  const c = reduceRaw('nanmean', 'sum', notNan(x).astype(acc), axes, keepdims, acc);
  return divide(s, c).astype(result);
}

function nanVariance(op: string, a: ArrayOrScalar, options: VarOptions | undefined): NDArray {
  const x = toArray(op, a);
  options = optionsArg(op, options);
  if (x.dtype.kind !== 'f') return variance(op, x, options);
  const axes = normalizeAxes(op, x.ndim, options.axis);
  const keepdims = checkKeepdims(op, options.keepdims);
  const ddof = checkDdof(op, options.ddof);
  const { result, acc } = meanDtypes(x.dtype, optionDtype(op, options.dtype));
  const ok = notNan(x);
  const xz = zeroNan(x, 0).astype(acc);
  const avg = divide(reduceRaw(op, 'sum', xz, axes, true, acc), reduceRaw(op, 'sum', ok.astype(acc), axes, true, acc));
  const d = where(ok, subtract(xz, avg), 0);
  const dof = subtract(reduceRaw(op, 'sum', ok.astype(acc), axes, keepdims, acc), ddof);
  const v = divide(reduceRaw(op, 'sum', multiply(d, d), axes, keepdims, acc), dof);
  return where(dof.le(0), NaN, v).astype(result);
}
export const nanvar = (a: ArrayOrScalar, options?: VarOptions) => nanVariance('nanvar', a, options);
export function nanstd(a: ArrayOrScalar, options?: VarOptions): NDArray {
  const v = nanVariance('nanstd', a, options);
  return sqrt(v).astype(v.dtype);
}

/**
 * average(a, {axis, weights, keepdims}): the mean, or sum(a * w) / sum(w). 1-D weights with an
 * integer axis run along that axis (they are evaluated first to lay them out along it). A zero
 * sum of weights gives inf or NaN rather than NumPy's ZeroDivisionError (checking it would need
 * a readback).
 */
export function average(a: ArrayOrScalar, options?: { axis?: Axis; weights?: ArrayOrScalar | null; keepdims?: boolean }): NDArray {
  const x = toArray('average', a);
  options = optionsArg('average', options);
  if (options.weights === undefined || options.weights === null) return meanAs('average', x, { axis: options.axis, keepdims: options.keepdims });
  let w = toArray('average', options.weights);
  const axes = normalizeAxes('average', x.ndim, options.axis);
  const keepdims = checkKeepdims('average', options.keepdims);
  if (!sameShape(w.shape, x.shape)) {
    if (typeof options.axis !== 'number' || w.ndim !== 1) {
      throw new CupytsError('ERR_SHAPE', `average: expected weights of shape (${x.shape.join(', ')}), or 1-D weights with an integer axis, got shape (${w.shape.join(', ')})`);
    }
    const ax = axes[0];
    if (w.shape[0] !== x.shape[ax]) {
      throw new CupytsError('ERR_SHAPE', `average: expected 1-D weights of length ${x.shape[ax]} (the length of axis ${options.axis}), got ${w.shape[0]}`);
    }
    w = reshape(w, x.shape.map((d, j) => (j === ax ? d : 1))); // laid along axis `ax`
  }
  const inexact = x.dtype.kind === 'f' ? resultType('average', x.dtype, w.dtype) : resultType('average', x.dtype, w.dtype, float64);
  const xw = multiply(x.astype(inexact), w.astype(inexact));
  const wsum = reduceRaw('average', 'sum', broadcastTo(w.astype(inexact), x.shape), axes, keepdims, inexact);
  return divide(reduceRaw('average', 'sum', xw, axes, keepdims, inexact), wsum).astype(inexact);
}

// --- Scans ------------------------------------------------------------------------------------

function scanApi(op: string, opName: 'sum' | 'prod', nanFill?: number) {
  return (a: ArrayOrScalar, options?: ScanOptions): NDArray => {
    let x = toArray(op, a);
    options = optionsArg(op, options);
    if (nanFill !== undefined) x = zeroNan(x, nanFill);
    if (options.axis !== undefined && options.axis !== null && typeof options.axis !== 'number') {
      throw new CupytsError('ERR_ARG', `${op}: expected axis to be an integer or null, got ${describe(options.axis)}`);
    }
    const acc = optionDtype(op, options.dtype) ?? sumDtype(x.dtype);
    if (options.axis === undefined || options.axis === null || x.ndim === 0) x = reshape(x, [x.size]);
    const [axis] = normalizeAxes(op, x.ndim, options.axis ?? 0);
    const input = acc === x.dtype ? x.node : castNode(x.node, acc);
    return new NDArray(scanNode(REDUCE_OPS[opName], input, axis), x.runner);
  };
}
export const cumsum = scanApi('cumsum', 'sum');
export const cumprod = scanApi('cumprod', 'prod');
export const nancumsum = scanApi('nancumsum', 'sum', 0);
export const nancumprod = scanApi('nancumprod', 'prod', 1);
