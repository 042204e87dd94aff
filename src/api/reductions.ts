// NumPy's reductions and scans. The primitives (src/ir/reductions.ts) become lazy reduce and
// scan nodes; mean, var, std, ptp, average, count_nonzero and the nan-functions are composed from
// them and elementwise ops, so the scheduler fuses them into as few kernels as it can (mean is
// one kernel; var is one kernel of two phases).
import { DTYPES, realPartDType, toDType, type DType, type DTypeLike } from '../ir/dtype.js';
import { CupytsError, describe } from '../ir/errors.js';
import { broadcastNode, castNode, reduceNode, scanNode } from '../ir/graph.js';
import { canCast, promoteTypes, resultType } from '../ir/promotion.js';
import { REDUCE_OPS, type ReduceOpName } from '../ir/reductions.js';
import { formatShape, sameShape, sizeOf } from '../ir/shape.js';
import { checkAxis } from './array-params.js';
import { add, conjugate, divide, fmax, fmin, isnan, logical_and, logical_not, maximum, minimum, multiply, not_equal, sqrt, subtract } from './elementwise.js';
import { real } from './complex-api.js';
import { NDArray, type Scalar } from './ndarray.js';
import { asDtype, broadcastTo, toArray, where, type ArrayOrScalar } from './operands.js';
import { broadcastMask, initialArray, maskWith, needsInitial, type Mask } from './reduction-params.js';
import { reshape, transpose } from './views.js';

export type Axis = number | readonly number[] | null | undefined;

export interface AxisOptions {
  axis?: Axis;
  keepdims?: boolean;
}
export interface ReduceOptions extends AxisOptions {
  /** NumPy's `where=`: only the elements where this bool mask (broadcast to the input) holds take part. */
  where?: Mask;
}
export interface TypedReduceOptions extends ReduceOptions {
  /** Accumulator and result dtype (NumPy's `dtype=`). */
  dtype?: DTypeLike;
}
/**
 * The dtype of NumPy's `out=`, which reduction-api.ts writes the result into: NumPy then reduces
 * in promote(out, a) rather than in the result's dtype, with its running value kept in out.
 */
export interface OutDtypeOption {
  outDtype?: DType;
}
export interface FoldOptions extends TypedReduceOptions, OutDtypeOption {
  /** NumPy's `initial=`: the value the reduction starts from, in the result's dtype. */
  initial?: Scalar | null;
}
export interface ExtremumOptions extends ReduceOptions, OutDtypeOption {
  /** NumPy's `initial=`: the value the reduction starts from (needed with `where` and for empty inputs). */
  initial?: Scalar | null;
}
export interface MeanOptions extends TypedReduceOptions, OutDtypeOption {}
export interface VarOptions extends TypedReduceOptions, OutDtypeOption {
  /** Delta degrees of freedom: the divisor is N - ddof. */
  ddof?: number;
  /** The mean, computed already (NumPy's mean=: of the shape a keepdims mean has), instead of computing it. */
  mean?: NDArray;
}
export interface ArgOptions {
  axis?: number | null;
  keepdims?: boolean;
}
export interface ScanOptions extends OutDtypeOption {
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
  const given = typeof axis === 'number' ? [axis] : [...axis];
  const list = given.map((a) => checkAxis(op, a, ndim));
  if (new Set(list).size !== list.length) {
    throw new CupytsError('ERR_AXIS', `${op}: expected distinct axes, got a repeated axis in (${given.join(', ')})`);
  }
  return list.sort((a, b) => a - b);
}

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

/** The shape of a reduction of `x` over `axes`. */
function reducedShape(x: NDArray, axes: readonly number[], keepdims: boolean): number[] {
  return keepdims ? x.shape.map((d, j) => (axes.includes(j) ? 1 : d)) : x.shape.filter((_, j) => !axes.includes(j));
}

/**
 * The primitive: reduce `x` with `opName` over `axes`, accumulating in `acc` (the result keeps
 * `acc`, except that float16 accumulates in float32 and is rounded back).
 */
function reduceRaw(op: string, opName: ReduceOpName, x: NDArray, axes: number[], keepdims: boolean, acc: DType = x.dtype): NDArray {
  const rop = REDUCE_OPS[opName];
  // (NumPy raises even where the result is empty: max of a (0, 2, 0) array along axis 0)
  if (rop.identity(acc) === undefined && reducedCount(x, axes) === 0) {
    throw new CupytsError('ERR_EMPTY', rop.kind === 'arg'
      ? `${op}: attempt to get ${op} of an empty sequence`
      : `${op}: zero-size array to reduction operation ${rop.numpyName} which has no identity`);
  }
  const work = acc === float16 && rop.kind === 'fold' && (opName === 'sum' || opName === 'prod') ? float32 : acc;
  const input = work === x.dtype ? x.node : castNode(x.node, work);
  const node = reduceNode(rop, input, axes, keepdims, rop.kind === 'arg' ? int64 : work);
  const out = new NDArray(node, x.runner);
  return rop.kind === 'fold' ? asDtype(out, acc) : out;
}

function optionDtype(op: string, dtype: DTypeLike | undefined): DType | undefined {
  return dtype === undefined ? undefined : toDType(dtype, op);
}

/** `start` (a 0-d array) as NumPy seeds a reduction into out: cast into out's dtype and back. */
function throughOut(start: NDArray, outDtype: DType | undefined): NDArray {
  return outDtype === undefined ? start : asDtype(asDtype(start, outDtype), start.dtype);
}

/**
 * sum and prod (and nansum and nanprod, whose NaNs become `nanFill` first): the masked-out
 * elements become the identity, and `initial` joins the result. They accumulate in `dtype`, else
 * as NumPy with out= in promote(out, a) (int8 data summed into a bool out wraps in int8 first;
 * float32 data summed into a float64 out adds in float64), else in sumDtype. NumPy keeps the
 * running sum in out between its 8192-element buffers, which is the same value wherever that cast
 * loses nothing or wraps integers; a float sum into an integer (or bool) out of a longer
 * reduction is truncated there once per buffer by NumPy, here once.
 */
function foldApi(op: string, opName: 'sum' | 'prod', combine: (a: NDArray, b: NDArray) => NDArray, nanFill?: number) {
  return (a: ArrayOrScalar, options: FoldOptions = {}): NDArray => {
    let x = toArray(op, a);
    if (nanFill !== undefined) x = zeroNan(x, nanFill);
    const axes = normalizeAxes(op, x.ndim, options.axis, true);
    const { outDtype } = options;
    const acc = optionDtype(op, options.dtype) ?? (outDtype === undefined ? sumDtype(x.dtype) : promoteTypes(outDtype, x.dtype));
    const input = maskWith(op, x, broadcastMask(op, x, options.where), REDUCE_OPS[opName].identity(x.dtype)!);
    const result = reduceRaw(op, opName, input, axes, options.keepdims ?? false, acc);
    const initial = options.initial ?? null;
    return initial === null ? result : combine(result, throughOut(initialArray(op, initial, acc, x), outDtype));
  };
}

export const sum = foldApi('sum', 'sum', add);
export const prod = foldApi('prod', 'prod', multiply);
export const nansum = foldApi('nansum', 'sum', add, 0);
export const nanprod = foldApi('nanprod', 'prod', multiply, 1);

/**
 * Whether a max or min into an out of dtype `out` is the max or min of the data cast to `out`, as
 * NumPy computes it: NumPy compares in `loop` (promote(out, a)), the first element (or `initial`)
 * cast into out and back before the rest are compared, and its running value kept in out between
 * buffers. That is the same value where the cast from `loop` to `out` loses nothing or keeps
 * order for every value (to a float out: it rounds, and takes a complex value's real part), not
 * where it wraps or takes the truth: np.max(int8 [0, -1], out=bool) is False, np.max(int8
 * [-3, 0, -1], out=uint8) 253, np.max([300.5, 200.5], out=int8) -56.
 */
function extremumCastKeepsOrder(loop: DType, out: DType): boolean {
  return loop === out || out.kind === 'f';
}

/** The dtype a max or min of `data` into an out of dtype `out` compares in (NumPy's), or ERR_UNSUPPORTED where cupyts would give another value. */
function extremumLoop(op: string, data: DType, out: DType | undefined): DType {
  if (out === undefined) return data;
  const loop = promoteTypes(out, data);
  if (!extremumCastKeepsOrder(loop, out)) {
    throw new CupytsError('ERR_UNSUPPORTED', `${op}: an out of dtype ${out.name} for ${data.name} data is not supported yet (NumPy compares in ${loop.name} after casting the first element into out's dtype); use an out of dtype ${loop.name}, or cast the result`);
  }
  return loop;
}

/**
 * max, min and their NaN-ignoring kin. `initial` joins the result (and is the result of an empty
 * reduction); masked-out elements become `initial`, which a where mask therefore needs. With an
 * out of another dtype (`outDtype`), `initial` converts to promote(out, a), the dtype NumPy
 * compares in; an out whose dtype NumPy's way would give another value is not supported yet.
 */
function extremum(op: string, opName: 'max' | 'min' | 'nanmax' | 'nanmin') {
  return (a: ArrayOrScalar, options: ExtremumOptions = {}): NDArray => {
    const x0 = toArray(op, a);
    const axes = normalizeAxes(op, x0.ndim, options.axis, true);
    const keepdims = options.keepdims ?? false;
    const prim = hasNan(x0.dtype) ? opName : opName === 'nanmax' ? 'max' : opName === 'nanmin' ? 'min' : opName;
    const loop = extremumLoop(op, x0.dtype, options.outDtype);
    const mask = broadcastMask(op, x0, options.where);
    const initial = options.initial ?? null;
    if (initial === null) {
      if (mask !== null) throw needsInitial(op, REDUCE_OPS[prim].numpyName);
      return reduceRaw(op, prim, x0, axes, keepdims);
    }
    const x = asDtype(x0, loop);
    const start = initialArray(op, initial, loop, x);
    if (reducedCount(x, axes) === 0) return new NDArray(broadcastNode(start.node, reducedShape(x, axes, keepdims)), x.runner);
    const result = reduceRaw(op, prim, maskWith(op, x, mask, start), axes, keepdims);
    return EXTREMUM_COMBINE[prim](result, start);
  };
}
const EXTREMUM_COMBINE = { max: maximum, min: minimum, nanmax: fmax, nanmin: fmin };

export const max = extremum('max', 'max');
export const min = extremum('min', 'min');
export const amax = max;
export const amin = min;
export const nanmax = extremum('nanmax', 'nanmax');
export const nanmin = extremum('nanmin', 'nanmin');

function argApi(op: string, opName: 'argmax' | 'argmin' | 'nanargmax' | 'nanargmin') {
  return (a: ArrayOrScalar, options: ArgOptions = {}): NDArray => {
    const x = toArray(op, a);
    if (options.axis !== undefined && options.axis !== null && typeof options.axis !== 'number') {
      throw new CupytsError('ERR_ARG', `${op}: expected axis to be an integer or null, got ${describe(options.axis)}`);
    }
    const keepdims = options.keepdims ?? false;
    const prim = hasNan(x.dtype) ? opName : opName === 'nanargmax' ? 'argmax' : opName === 'nanargmin' ? 'argmin' : opName;
    // Without an axis, over the flattened array: the index is the C-order position in all axes.
    return reduceRaw(op, prim, x, normalizeAxes(op, x.ndim, options.axis, true), keepdims);
  };
}
export const argmax = argApi('argmax', 'argmax');
export const argmin = argApi('argmin', 'argmin');
export const nanargmax = argApi('nanargmax', 'nanargmax');
export const nanargmin = argApi('nanargmin', 'nanargmin');

/** any and all: masked-out elements are their identity (false for any, true for all). */
function logicalApi(op: string, opName: 'any' | 'all') {
  return (a: ArrayOrScalar, options: ReduceOptions = {}): NDArray => {
    const x = toArray(op, a);
    const xb = asDtype(x, bool);
    const input = maskWith(op, xb, broadcastMask(op, x, options.where), opName === 'all');
    return reduceRaw(op, opName, input, normalizeAxes(op, x.ndim, options.axis, true), options.keepdims ?? false);
  };
}
export const any = logicalApi('any', 'any');
export const all = logicalApi('all', 'all');

/** mean's result dtype (ints and bool give float64; complex stays complex) and the dtype it accumulates in. */
function meanDtypes(x: DType, dtype: DType | undefined): { result: DType; acc: DType } {
  const result = dtype ?? (x.kind === 'f' || x.kind === 'c' ? x : float64);
  return { result, acc: result === float16 ? float32 : result };
}

export function mean(a: ArrayOrScalar, options: MeanOptions = {}): NDArray {
  return meanAs('mean', toArray('mean', a), options);
}

/** How many elements take part in each reduced slice, in `acc`: the slice length, or the mask's count there. */
function takingPart(op: string, x: NDArray, mask: Mask, axes: number[], keepdims: boolean, acc: DType): NDArray | number {
  return mask === null ? reducedCount(x, axes) : reduceRaw(op, 'sum', asDtype(mask, acc), axes, keepdims, acc);
}

/**
 * mean, with errors that name `op` (nanmean and average of what has no NaN or no weights). With
 * an out of another dtype than the result (`outDtype`), as NumPy's _mean: the sum (in `dtype`,
 * float64 for integers, float32 for float16, else promote(out, a)) is cast into out's dtype, then
 * divided there by the count (np.mean(int8 [-3, 0, -1], out=uint8) is 252 / 3 = 84).
 */
function meanAs(op: string, x: NDArray, options: MeanOptions): NDArray {
  const axes = normalizeAxes(op, x.ndim, options.axis);
  const keepdims = options.keepdims ?? false;
  const dtype = optionDtype(op, options.dtype);
  const { result, acc } = meanDtypes(x.dtype, dtype);
  const mask = broadcastMask(op, x, options.where);
  const out = options.outDtype;
  if (out === undefined || out === result) {
    const s = reduceRaw(op, 'sum', maskWith(op, asDtype(x, acc), mask, 0), axes, keepdims, acc);
    return asDtype(divide(s, takingPart(op, x, mask, axes, keepdims, acc)), result);
  }
  const sumAcc = dtype ?? (hasNan(x.dtype) && x.dtype !== float16 ? promoteTypes(out, x.dtype) : acc);
  const s = reduceRaw(op, 'sum', maskWith(op, asDtype(x, sumAcc), mask, 0), axes, keepdims, sumAcc);
  return asDtype(divide(asDtype(s, out), takingPart(op, x, mask, axes, keepdims, int64)), out);
}

function checkDdof(op: string, ddof: unknown): number {
  if (ddof === undefined) return 0;
  if (typeof ddof !== 'number' || !Number.isFinite(ddof)) throw new CupytsError('ERR_ARG', `${op}: expected ddof to be a number, got ${describe(ddof)}`);
  return ddof;
}

/**
 * var as NumPy's _var computes it: the mean (keepdims) in `acc`, truncated there for an integer
 * dtype=; the deviations a - mean in promote(a, acc) (complex data with a real dtype= keeps its
 * imaginary parts there, as NumPy's); then the mean of their squares over max(N - ddof, 0), N
 * counting only the elements where the mask holds. A complex deviation squares as d·conj(d),
 * real: the variance of a complex array is of its float dtype. With an out of another dtype
 * (`outDtype`) and no dtype=, the squares sum and divide in promote(out, acc), as NumPy's sum
 * into out does (var of float16 into a float64 out is not rounded to float16 first).
 */
function variance(op: string, a: ArrayOrScalar, options: VarOptions): NDArray {
  const x = toArray(op, a);
  const axes = normalizeAxes(op, x.ndim, options.axis);
  const keepdims = options.keepdims ?? false;
  const ddof = checkDdof(op, options.ddof);
  const dtype = optionDtype(op, options.dtype);
  const { result, acc } = meanDtypes(x.dtype, dtype);
  const mask = broadcastMask(op, x, options.where);
  const xa = asDtype(x, acc);
  const m = options.mean ?? asDtype(divide(reduceRaw(op, 'sum', maskWith(op, xa, mask, 0), axes, true, acc), takingPart(op, x, mask, axes, true, acc)), acc);
  const d = subtract(deviationsOf(x, xa, acc), m);
  const squares = squaresOf(d);
  const sumDtype = squaresDtype(acc, dtype, options.outDtype);
  const ss = reduceRaw(op, 'sum', maskWith(op, squares, mask, 0), axes, keepdims, sumDtype);
  const n = takingPart(op, x, mask, axes, keepdims, sumDtype);
  const dof = typeof n === 'number' ? Math.max(n - ddof, 0) : maximum(subtract(n, ddof), 0);
  // real, unless dtype= asks for a complex result: NumPy's sum of the squares runs in dtype, and its
  // division too (complex: 0 / 0 is nan+nanj, 1 / 0 inf+nanj)
  if (dtype?.kind === 'c') return divide(asDtype(ss, result), dof);
  if (options.outDtype !== undefined && dtype === undefined) return divide(ss, dof);
  return asDtype(divide(ss, dof), realPartDType(result));
}
/** `x` in promote(x, acc), where NumPy's _var subtracts the mean: `xa` (x in acc) where that is acc. */
function deviationsOf(x: NDArray, xa: NDArray, acc: DType): NDArray {
  const dtype = promoteTypes(x.dtype, acc);
  return dtype === acc ? xa : asDtype(x, dtype);
}
/** The dtype var's squares sum in: acc's real part, or with an out (and no dtype=) promote(out, that), where var divides too. */
function squaresDtype(acc: DType, dtype: DType | undefined, out: DType | undefined): DType {
  const real = realPartDType(acc);
  return out === undefined || dtype !== undefined ? real : promoteTypes(out, real);
}
/** |d|²: d·d, or for complex d the real d·conj(d). */
const squaresOf = (d: NDArray) => (d.dtype.kind === 'c' ? real(multiply(d, conjugate(d))) : multiply(d, d));

export const var_ = (a: ArrayOrScalar, options: VarOptions = {}) => variance('var', a, options);
export function std(a: ArrayOrScalar, options: VarOptions = {}): NDArray {
  return rootOf('std', variance('std', a, options), options);
}
/**
 * std from var: the square root, in var's dtype. NumPy's sqrt writes an array back into var's
 * dtype with casting 'same_kind', which an integer or bool dtype= refuses (a 0-d result is a
 * NumPy scalar, converted without that rule, so it truncates).
 */
function rootOf(op: string, v: NDArray, options: VarOptions): NDArray {
  const dtype = optionDtype(op, options.dtype);
  if (dtype !== undefined && !hasNan(dtype) && (v.ndim > 0 || options.outDtype !== undefined)) {
    throw new CupytsError('ERR_DTYPE', `${op}: Cannot cast ufunc 'sqrt' output from dtype('float64') to dtype('${dtype.name}') with casting rule 'same_kind'`);
  }
  return asDtype(sqrt(v), v.dtype);
}

/**
 * ptp: max - min along the axes (in the input dtype; integers wrap as NumPy's). With `outDtype`
 * (NumPy's out=), the max is first cast to out's dtype and the subtraction promotes, as NumPy
 * computes subtract(max(a, out=out), min(a), out=out): ptp of int8 into float32 does not wrap
 * (and an out that max does not support yet, ptp does not either, unless NumPy's subtract
 * refuses the cast first, as reduction-api.ts does). bool data subtracts only so, in an out
 * that is not bool (NumPy has no bool subtract).
 */
export function ptp(a: ArrayOrScalar, options: AxisOptions & OutDtypeOption = {}): NDArray {
  const x = toArray('ptp', a);
  const axes = normalizeAxes('ptp', x.ndim, options.axis, true);
  if (x.dtype === bool && (options.outDtype === undefined || options.outDtype === bool)) {
    throw new CupytsError('ERR_DTYPE', 'ptp: expected a numeric dtype, got bool (NumPy: numpy boolean subtract, the `-` operator, is not supported)');
  }
  if (options.outDtype !== undefined && canCast(x.dtype, options.outDtype, 'same_kind')) extremumLoop('ptp', x.dtype, options.outDtype);
  const keepdims = options.keepdims ?? false;
  const hi = reduceRaw('ptp', 'max', x, axes, keepdims);
  const lo = reduceRaw('ptp', 'min', x, axes, keepdims);
  return options.outDtype === undefined ? asDtype(subtract(hi, lo), x.dtype) : subtract(asDtype(hi, options.outDtype), lo);
}

/** count_nonzero: how many elements are nonzero (NaN counts), as int64. */
export function count_nonzero(a: ArrayOrScalar, options: AxisOptions = {}): NDArray {
  const x = toArray('count_nonzero', a);
  const nz = x.dtype === bool ? x : not_equal(x, 0);
  return reduceRaw('count_nonzero', 'sum', asDtype(nz, int64), normalizeAxes('count_nonzero', x.ndim, options.axis, true), options.keepdims ?? false, int64);
}

// --- NaN-ignoring variants: NaN replaced by the identity (floats and complex; ints have no NaN) ---
// A complex value is NaN where either part is (NumPy's isnan): it is skipped whole.

const hasNan = (d: DType) => d.kind === 'f' || d.kind === 'c';
const notNan = (x: NDArray) => logical_not(isnan(x));
const zeroNan = (x: NDArray, fill: number) => (hasNan(x.dtype) ? where(isnan(x), fill, x) : x);

/** Where a NaN-ignoring mean or variance counts an element: not NaN, and the mask (if any) holds. */
const counted = (x: NDArray, mask: Mask) => (mask === null ? notNan(x) : logical_and(notNan(x), mask));

/** NumPy's nanmean, nanvar and nanstd of inexact data: a dtype= or out= that is not inexact is a TypeError. */
function checkInexact(op: string, options: { dtype?: DTypeLike; outDtype?: DType }): void {
  const dtype = optionDtype(op, options.dtype);
  for (const [name, d] of [['dtype', dtype], ['out', options.outDtype]] as const) {
    if (d !== undefined && !hasNan(d)) throw new CupytsError('ERR_DTYPE', `${op}: If a is inexact, then ${name} must be inexact, got ${d.name}`);
  }
}

export function nanmean(a: ArrayOrScalar, options: MeanOptions = {}): NDArray {
  const x = toArray('nanmean', a);
  if (!hasNan(x.dtype)) return meanAs('nanmean', x, options);
  checkInexact('nanmean', options);
  // (floats reduce with NumPy's ufuncs, which take axis 0 or -1 of a 0-d array; other data is mean's, which does not)
  const axes = normalizeAxes('nanmean', x.ndim, options.axis, true);
  const keepdims = options.keepdims ?? false;
  const dtype = optionDtype('nanmean', options.dtype);
  const { result, acc } = meanDtypes(x.dtype, dtype);
  const ok = counted(x, broadcastMask('nanmean', x, options.where));
  const out = options.outDtype;
  if (out !== undefined && out !== result && canCast(result, out, 'same_kind')) {
    // as mean's: the sum (in dtype, else promote(out, a)) is cast into out, then divided there by the count
    const sumAcc = dtype ?? promoteTypes(out, x.dtype);
    const total = reduceRaw('nanmean', 'sum', asDtype(where(ok, x, 0), sumAcc), axes, keepdims, sumAcc);
    return asDtype(divide(asDtype(total, out), reduceRaw('nanmean', 'sum', asDtype(ok, int64), axes, keepdims, int64)), out);
  }
  const s = reduceRaw('nanmean', 'sum', asDtype(where(ok, x, 0), acc), axes, keepdims, acc);
  const c = reduceRaw('nanmean', 'sum', asDtype(ok, acc), axes, keepdims, acc);
  return asDtype(divide(s, c), result);
}

function nanVariance(op: string, a: ArrayOrScalar, options: VarOptions): NDArray {
  const x = toArray(op, a);
  if (!hasNan(x.dtype)) return variance(op, x, options);
  checkInexact(op, options);
  const axes = normalizeAxes(op, x.ndim, options.axis, true); // as nanmean's
  const keepdims = options.keepdims ?? false;
  const ddof = checkDdof(op, options.ddof);
  const dtype = optionDtype(op, options.dtype);
  const { result, acc } = meanDtypes(x.dtype, dtype);
  const ok = counted(x, broadcastMask(op, x, options.where));
  const x0 = where(ok, x, 0);
  const xz = asDtype(x0, acc);
  const avg = options.mean ?? divide(reduceRaw(op, 'sum', xz, axes, true, acc), reduceRaw(op, 'sum', asDtype(ok, acc), axes, true, acc));
  // (as var's: complex data with a real dtype= keeps its imaginary parts in the deviations)
  const d = where(ok, subtract(deviationsOf(x0, xz, acc), avg), 0);
  const sumDtype = squaresDtype(acc, dtype, options.outDtype);
  const dof = subtract(reduceRaw(op, 'sum', asDtype(ok, sumDtype), axes, keepdims, sumDtype), ddof);
  const v = where(dof.le(0), NaN, divide(reduceRaw(op, 'sum', squaresOf(d), axes, keepdims, sumDtype), dof));
  // real, as variance's, unless dtype= asks for a complex result
  if (options.outDtype !== undefined && dtype === undefined) return v;
  return asDtype(v, dtype?.kind === 'c' ? result : realPartDType(result));
}
export const nanvar = (a: ArrayOrScalar, options: VarOptions = {}) => nanVariance('nanvar', a, options);
export function nanstd(a: ArrayOrScalar, options: VarOptions = {}): NDArray {
  return rootOf('nanstd', nanVariance('nanstd', a, options), options);
}

/**
 * average(a, {axis, weights, keepdims}): the mean, or sum(a * w) / sum(w), and the sum of the
 * weights in the average's shape (reduction-api.ts checks that it is not zero; without weights,
 * the mean alone). Weights of a's shape, or of the shape of a along `axis` (in axis's order, as
 * NumPy 2), laid out along it.
 */
export function averageWithSum(a: ArrayOrScalar, options: { axis?: Axis; weights?: ArrayOrScalar | null; keepdims?: boolean } = {}): [NDArray, NDArray | null] {
  const x = toArray('average', a);
  const keepdims = options.keepdims ?? false;
  if (options.weights === undefined || options.weights === null) return [meanAs('average', x, { axis: options.axis, keepdims }), null];
  let w = toArray('average', options.weights);
  const axes = normalizeAxes('average', x.ndim, options.axis);
  if (!sameShape(w.shape, x.shape)) {
    const given = options.axis === null || options.axis === undefined ? null : (typeof options.axis === 'number' ? [options.axis] : [...options.axis]).map((j) => checkAxis('average', j, x.ndim));
    if (given === null || !sameShape(w.shape, given.map((j) => x.shape[j]))) {
      throw new CupytsError('ERR_SHAPE', given === null
        ? `average: expected weights of shape ${formatShape(x.shape)} without an axis, got shape ${formatShape(w.shape)} (NumPy: Axis must be specified when shapes of a and weights differ.)`
        : `average: expected weights of shape ${formatShape(x.shape)} or ${formatShape(given.map((j) => x.shape[j]))} (a's shape along axis ${given.length === 1 ? given[0] : formatShape(given)}), got shape ${formatShape(w.shape)}`);
    }
    // In increasing axis order, then laid along those axes.
    const order = given.map((_, k) => k).sort((p, q) => given[p] - given[q]);
    w = reshape(transpose(w, order), x.shape.map((d, j) => (given.includes(j) ? d : 1)));
  }
  const inexact = x.dtype.kind === 'f' || x.dtype.kind === 'c' ? resultType('average', x.dtype, w.dtype) : resultType('average', x.dtype, w.dtype, float64);
  const xw = multiply(asDtype(x, inexact), asDtype(w, inexact));
  const wsum = reduceRaw('average', 'sum', broadcastTo(asDtype(w, inexact), x.shape), axes, keepdims, inexact);
  return [asDtype(divide(reduceRaw('average', 'sum', xw, axes, keepdims, inexact), wsum), inexact), wsum];
}

// --- Scans ------------------------------------------------------------------------------------

/**
 * cumsum and cumprod (and nancumsum and nancumprod, whose NaNs become `nanFill` first). They
 * accumulate in `dtype`, else as NumPy with out= in promote(out, a) (float32 data into a float64
 * out adds in float64; int64 data into a float64 out rounds each partial sum), else in sumDtype.
 * Unlike a reduction's, NumPy's running value stays in the loop's dtype. bool data into a bool
 * out accumulates as integers, whose truth is NumPy's logical or (and) of the bools.
 */
function scanApi(op: string, opName: 'sum' | 'prod', nanFill?: number) {
  return (a: ArrayOrScalar, options: ScanOptions = {}): NDArray => {
    let x = toArray(op, a);
    if (nanFill !== undefined) x = zeroNan(x, nanFill);
    if (options.axis !== undefined && options.axis !== null && typeof options.axis !== 'number') {
      throw new CupytsError('ERR_ARG', `${op}: expected axis to be an integer or null, got ${describe(options.axis)}`);
    }
    const { outDtype } = options;
    const promoted = outDtype === undefined ? undefined : promoteTypes(outDtype, x.dtype);
    const acc = optionDtype(op, options.dtype) ?? (promoted === undefined || promoted === bool ? sumDtype(x.dtype) : promoted);
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
