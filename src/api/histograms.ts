// Counting: bincount (a counting kernel, src/ir/bincount-plan.ts; summed weights by a sort and a
// scan, deterministic), digitize (searchsorted), histogram, histogram2d and histogramdd, computed
// as NumPy's lib/_histograms_impl computes them: equal-width bins by arithmetic with NumPy's
// one-ulp corrections against the edges (all in the counting kernel), explicit edges by a binary
// search of the edges for each element (weighted: searchsorted over the sorted sample). histogram's
// weighted sums keep the weights' dtype, integer weights summed in integers as NumPy's (but for
// int64 and uint64 weights in equal bins, which NumPy sums in float64); histogram2d, histogramdd
// and bincount sum every weight in float64, as NumPy's. What sizes a result or validates it (the
// largest bincount input, a range found from the data, the order of given edges) is read back at
// the call: a few scalars.
import { DTYPES, isFloat, type DType } from '../ir/dtype.js';
import { bincountNode } from '../ir/graph.js';
import { CupytsError } from '../ir/errors.js';
import { promoteSequence } from '../ir/promotion.js';
import { extreme } from '../ir/reductions.js';
import { arrayLike, listOf, sliceAxis, type ArrayArg } from './array-params.js';
import { full, zeros } from './creation.js';
import { arange, linspace } from './ranges.js';
import { roundToDType, type FloatDTypeName } from './format-float.js';
import { slice } from './index-parse.js';
import {
  add, divide, equal, greater, greater_equal, isfinite, less, less_equal, logical_and, logical_or, multiply, not_equal, subtract,
} from './elementwise.js';
import { concatenateAs } from './joins.js';
import { NDArray, usable } from './ndarray.js';
import { toArray, where } from './operands.js';
import * as t from './param-types.js';
import { any, argmax, cumsum, max, min, sum } from './reductions.js';
import { searchsorted } from './searching.js';
import { declare, positional, REJECT, required, type ParamType } from './signature.js';
import { sortAlong } from './sorting.js';
import { take } from './take.js';
import { reshape } from './views.js';

const ravel = (a: NDArray) => reshape(a, [a.size]);

/**
 * How many of the 1-D integer `indices` equal each of 0, ..., length - 1 (int64; others are not
 * counted): one kernel (a bincount node), its producers fused, each block counting in shared
 * memory where `length` is small.
 */
export function countValues(indices: NDArray, length: number): NDArray {
  if (indices.size === 0 || length === 0) return zeros([length], { dtype: DTYPES.int64 });
  const flat = ravel(indices);
  return new NDArray(bincountNode(flat.node, length), flat.runner);
}

/** `length` bins of the int64 `indices` (each in [0, length)), adding 1 or its weight (float64). */
function countInto(indices: NDArray, weights: NDArray | null, length: number): NDArray {
  const counts = countValues(indices, length);
  if (!weights) return counts;
  if (indices.size === 0) return zeros([length], { dtype: DTYPES.float64 });
  return weightedCounts(indices, weights.astype(DTYPES.float64), counts, length);
}

/** The smallest unsigned dtype that holds bin numbers below `length`: the fewest radix passes. */
function binDtype(length: number): DType {
  return length <= 2 ** 8 ? DTYPES.uint8 : length <= 2 ** 16 ? DTYPES.uint16 : length <= 2 ** 32 ? DTYPES.uint32 : DTYPES.int64;
}

/**
 * Summed float64 weights per bin, bitwise the same on every run (no float atomics, whose order
 * varies): the weights ordered by bin (a stable radix sort of the bin numbers), their running sum
 * (a scan, deterministic), each bin's sum the difference of the running sum at its ends (from the
 * integer `counts`). A plain difference loses a small bin after a large one (weights [1e20, 1] in
 * bins [0, 1] gave [1e20, 0]): the running sum is compensated (compensatedRunning), so the
 * difference keeps the digits the running sum rounded away. Non-finite weights are summed apart
 * (nonFiniteSums) and added last: a NaN stays in its own bin.
 */
function weightedCounts(indices: NDArray, w: NDArray, counts: NDArray, length: number): NDArray {
  const { order, between } = byBin(indices, counts, length);
  const finite = isfinite(w);
  const [running, error] = compensatedRunning(take(where(finite, w, 0), order));
  return add(add(between(running), between(error)), nonFiniteSums(indices, w, length));
}

/**
 * The elements in bin order (`order`: a stable radix sort of the bin numbers `indices`, each in
 * [0, length), of whose `counts` are given), and each bin's sum from a running sum over that
 * order with a 0 in front (`between`: the difference at the bin's ends).
 */
function byBin(indices: NDArray, counts: NDArray, length: number): { order: NDArray; between: (running: NDArray) => NDArray } {
  const order = sortAlong('bincount', indices.astype(binDtype(length)), 0, 'indices');
  const ends = cumsum(counts);
  const starts = subtract(ends, counts);
  return { order, between: (r) => subtract(take(r, ends), take(r, starts)) };
}

/** The running sum of `x` with a 0 in front, in cumsum's dtype (int64 or uint64 for integers and bool). */
function runningFromZero(op: string, x: NDArray): NDArray {
  const sums = cumsum(x);
  return concatenateAs(op, [zeros([1], { dtype: sums.dtype }), sums], 0, undefined);
}

/** Whether histogram sums weights of this dtype as integers (NumPy: integer weights keep their dtype). */
const isIntegral = (d: DType): boolean => d.kind === 'b' || d.kind === 'i' || d.kind === 'u';

/**
 * `length` bins of the int64 `indices` (each in [0, length)), adding each integer or bool weight
 * exactly: a running sum in int64 (uint64 for unsigned weights) over the weights in bin order,
 * wrapping as those integers do, each bin's sum the difference at its ends. The caller's cast to
 * the weights' dtype wraps it as NumPy's sums in that dtype wrap.
 */
function integerCounts(indices: NDArray, w: NDArray, length: number): NDArray {
  const { order, between } = byBin(indices, countValues(indices, length), length);
  return between(runningFromZero('histogram', take(w, order)));
}

/**
 * The running sum of `x` (float64) with a 0 in front, and the running sum of what each step
 * rounded away (TwoSum: s + e is exactly the previous sum plus x[i]; the scan's own sum may add
 * in another order, so its difference from s is added to e, exact where the two are close). A
 * range's sum is the difference of the first at its ends plus that of the second: the second's
 * terms are a rounding of the first's size each, so what they lose in turn is a rounding of that.
 */
function compensatedRunning(x: NDArray): [NDArray, NDArray] {
  const zero = zeros([1]);
  const sums = cumsum(x);
  const running = concatenateAs('bincount', [zero, sums], 0, undefined);
  const before = running.get([slice(0, -1)]); // the running sum before each element
  const s = add(before, x);
  const back = subtract(s, before);
  const rounded = add(subtract(before, subtract(s, back)), subtract(x, back));
  const error = add(subtract(s, sums), rounded);
  return [running, concatenateAs('bincount', [zero, cumsum(error)], 0, undefined)];
}

/**
 * The sum of each bin's non-finite weights (0 where it has none), as any order of adding gives
 * it: NaN where the bin has a NaN or both infinities, else the infinity it has. From counts of
 * each kind per bin (integer counts: no float atomics).
 */
function nonFiniteSums(indices: NDArray, w: NDArray, length: number): NDArray {
  const has = (mask: NDArray) => greater(countValues(where(mask, indices, -1), length), 0);
  const nan = has(not_equal(w, w));
  const plus = has(equal(w, Infinity));
  const minus = has(equal(w, -Infinity));
  return where(logical_or(nan, logical_and(plus, minus)), NaN, where(plus, Infinity, where(minus, -Infinity, 0)));
}

/**
 * bincount's result length: minlength, or one past the largest value, after checking that none is
 * negative. What x's dtype already says is not read back: an unsigned or bool x is never negative,
 * and where its largest value is below minlength (uint8 counted into 256 bins) nothing is read
 * back at all, so the counts queue behind the work before them instead of waiting for it.
 */
function countedLength(dtype: DType, index: NDArray, minlength: number): number {
  const unsigned = dtype.kind === 'u' || dtype.kind === 'b';
  if (unsigned && Number(extreme(dtype, false)) < minlength) return minlength;
  if (unsigned) return Math.max(minlength, Number((reshape(max(index), [1]).toArraySync() as bigint[])[0]) + 1);
  // One readback of both ends: the smallest must not be negative, the largest sizes the result.
  const ends = concatenateAs('bincount', [reshape(min(index), [1]), reshape(max(index), [1])], 0, undefined).toArraySync() as bigint[];
  if (ends[0] < 0n) throw new CupytsError('ERR_ARG', "bincount: expected non-negative integers in x, got a negative one (NumPy: 'list' argument must have no negative elements)");
  return Math.max(minlength, Number(ends[1]) + 1);
}

/**
 * bincount's x: an array_like, of which an empty JS list is an empty int64 array (NumPy's
 * bincount([]) counts nothing, where an empty float64 array is refused).
 */
const bincountInput: ParamType<ArrayArg, NDArray> = {
  expected: arrayLike.expected,
  parse: (x, op, name) => (Array.isArray(x) && x.length === 0 ? zeros([0], { dtype: DTYPES.int64 }) : arrayLike.parse(x, op, name)),
};

/** bincount(x, weights=None, minlength=0). */
export const bincount = declare('bincount', [
  required('x', bincountInput), positional('weights', t.nullable(arrayLike), null), positional('minlength', t.count, 0),
], ({ x, weights, minlength }) => {
  if (x.ndim !== 1) throw new CupytsError('ERR_SHAPE', `bincount: expected a 1-D array x, got ${x.ndim}-D (NumPy: object ${x.ndim > 1 ? 'too deep' : 'of too small depth'} for desired array)`);
  if (x.dtype.kind !== 'i' && x.dtype.kind !== 'u' && x.dtype.kind !== 'b') {
    throw new CupytsError('ERR_DTYPE', `bincount: expected an integer array x, got ${x.dtype.name} (NumPy: Cannot cast array data from dtype('${x.dtype.name}') to dtype('int64') according to the rule 'safe')`);
  }
  // NumPy returns int64 zeros for an empty x before it looks at the weights (even float ones)
  if (x.size === 0) return zeros([minlength], { dtype: DTYPES.int64 });
  if (weights?.dtype.kind === 'c') {
    throw new CupytsError('ERR_DTYPE', `bincount: expected real weights, got ${weights.dtype.name} (NumPy: Cannot cast array data from dtype('${weights.dtype.name}') to dtype('float64') according to the rule 'safe')`);
  }
  if (weights && (weights.ndim !== 1 || weights.size !== x.size)) {
    throw new CupytsError('ERR_SHAPE', `bincount: expected weights of shape (${x.size},), got (${weights.shape.join(', ')}) (NumPy: The weights and list don't have the same length.)`);
  }
  const index = x.astype(DTYPES.int64);
  return countInto(index, weights, x.size > 0 ? countedLength(x.dtype, index, minlength) : minlength);
});

/**
 * Histograms of complex samples or weights are not supported yet: NumPy orders complex samples by
 * real part, then imaginary, with complex edges (and warns), and sums complex weights; cupyts
 * compared real keys and cast weights to float64, which gave wrong counts and dropped imaginary parts.
 */
function refuseComplex(op: string, arrays: readonly NDArray[]): void {
  const c = arrays.find((x) => x.dtype.kind === 'c');
  if (c) throw new CupytsError('ERR_UNSUPPORTED', `${op}: complex samples and weights are not supported yet, got ${c.dtype.name}`);
}

/**
 * +1 where `bins` increases (never decreases), -1 where it decreases, 0 otherwise, as NumPy's
 * check_array_monotonic decides it (one readback): the direction is that of the first element
 * unequal to bins[0], increasing only if bins[0] < it, so that a NaN there (or in bins[0]) makes
 * the bins decreasing; all equal is increasing.
 */
function monotonicity(bins: NDArray): number {
  const n = bins.size;
  if (n < 2) return 1;
  const next = sliceAxis(bins, 0, 1, n);
  const prev = sliceAxis(bins, 0, 0, n - 1);
  const head = bins.get(0);
  const firstUnequal = take(bins, argmax(not_equal(bins, head)));
  const flags = concatenateAs('digitize', [
    reshape(any(less(next, prev)), [1]), reshape(any(greater(next, prev)), [1]),
    reshape(logical_or(equal(firstUnequal, head), less(head, firstUnequal)), [1]),
  ], 0, undefined).toArraySync() as boolean[];
  const [decreases, increases, upward] = flags;
  if (upward) return decreases ? 0 : 1;
  return increases ? 0 : -1;
}

/** digitize(x, bins, right=False): the index of the bin each x falls in. */
export const digitize = declare('digitize', [required('x', arrayLike), required('bins', arrayLike), positional('right', t.boolean, false)], ({ x, bins, right }) => {
  if (x.dtype.kind === 'c') throw new CupytsError('ERR_DTYPE', `digitize: x may not be complex, got ${x.dtype.name}`);
  if (bins.dtype.kind === 'c') throw new CupytsError('ERR_DTYPE', `digitize: bins may not be complex, got ${bins.dtype.name} (NumPy: Cannot cast array data from dtype('${bins.dtype.name}') to dtype('float64') according to the rule 'safe')`);
  if (bins.ndim !== 1) throw new CupytsError('ERR_SHAPE', `digitize: expected 1-D bins, got ${bins.ndim}-D (NumPy: object ${bins.ndim > 1 ? 'too deep' : 'of too small depth'} for desired array)`);
  const mono = monotonicity(bins);
  if (mono === 0) throw new CupytsError('ERR_ARG', 'digitize: bins must be monotonically increasing or decreasing');
  const side = right ? 'left' : 'right';
  if (mono === 1) return searchsorted(bins, x, side);
  return subtract(bins.size, searchsorted(sliceAxis(bins, 0, null, null, -1), x, side));
});

/** NumPy's _get_outer_edges: the range given, or the data's (0 to 1 for no data), widened by 0.5 where empty. */
function outerEdges(op: string, a: NDArray, range: readonly number[] | null): [number, number] {
  let first: number;
  let last: number;
  if (range !== null) {
    [first, last] = range;
    if (first > last) throw new CupytsError('ERR_ARG', `${op}: max must be larger than min in range parameter.`);
    if (!Number.isFinite(first) || !Number.isFinite(last)) throw new CupytsError('ERR_ARG', `${op}: supplied range of [${first}, ${last}] is not finite`);
  } else if (a.size === 0) {
    [first, last] = [0, 1];
  } else {
    const ends = concatenateAs(op, [reshape(min(a), [1]), reshape(max(a), [1])], 0, undefined).astype(DTYPES.float64).toArraySync() as number[];
    [first, last] = ends;
    if (!Number.isFinite(first) || !Number.isFinite(last)) throw new CupytsError('ERR_ARG', `${op}: autodetected range of [${first}, ${last}] is not finite`);
  }
  return first === last ? [first - 0.5, last + 0.5] : [first, last];
}

/** Explicit edges, checked increasing (one readback). */
function givenEdges(op: string, edges: NDArray, what: string): NDArray {
  if (edges.ndim !== 1) throw new CupytsError('ERR_SHAPE', `${op}: expected ${what} to be 1-D, got ${edges.ndim}-D`);
  const n = edges.size;
  if (n >= 2 && (any(greater(sliceAxis(edges, 0, 0, n - 1), sliceAxis(edges, 0, 1, n))).item() as boolean)) {
    throw new CupytsError('ERR_ARG', `${op}: ${what} must increase monotonically, when an array`);
  }
  return edges;
}

/**
 * NumPy's linspace(first, last, bins + 1) as histogram calls it: computed in `dtype` (the data's
 * float dtype where the range came from the data, else float64), the last edge set to `last`,
 * then cast to `out`.
 */
function equalEdges(first: number, last: number, bins: number, dtype: DType, out: DType): NDArray {
  const start = full([], first, { dtype });
  const stop = full([], last, { dtype });
  const step = divide(subtract(stop, start), bins);
  const inner = add(multiply(arange(bins).astype(dtype), step), start);
  return concatenateAs('histogram', [inner, reshape(stop, [1])], 0, undefined).astype(out);
}

/**
 * NumPy's check that equal bins have a width (histogram raises "Too many bins for data range"
 * where two edges come out equal, as for 4 bins of [1e17]): the edges equalEdges computes, on the
 * host in the same float operations (`dtype`, then `out`), must increase.
 */
function checkFiniteBins(first: number, last: number, bins: number, dtype: DType, out: DType): void {
  const r = (x: number, d: DType) => roundToDType(x, d.name as FloatDTypeName);
  const step = r(r(r(last, dtype) - r(first, dtype), dtype) / bins, dtype);
  let previous = -Infinity;
  for (let i = 0; i <= bins; i++) {
    const edge = r(i === bins ? r(last, dtype) : r(r(i * step, dtype) + r(first, dtype), dtype), out);
    if (!(edge > previous)) throw new CupytsError('ERR_ARG', `histogram: Too many bins for data range. Cannot create ${bins} finite-sized bins.`);
    previous = edge;
  }
}

/**
 * Counts (or summed weights: see equalBinSums) of `a` in equal bins from `first` to `last` (NumPy's
 * arithmetic, its ulp fixes against the edges). The edges the fixes compare with are computed in
 * the kernel as equalEdges computes them (the same float operations: --fmad=false), so the bin of
 * each element, and its count, is one kernel over the data.
 */
function uniformCounts(a: NDArray, weights: NDArray | null, edges: NDArray, first: number, last: number, computeIn: DType): NDArray {
  const bins = edges.size - 1;
  const start = full([], first, { dtype: computeIn });
  const stop = full([], last, { dtype: computeIn });
  const step = divide(subtract(stop, start), bins);
  const edgeAt = (i: NDArray) => where(equal(i, bins), stop, add(multiply(i.astype(computeIn), step), start)).astype(edges.dtype);
  const x = a.astype(edges.dtype);
  const keep = logical_and(greater_equal(x, first), less_equal(x, last));
  const raw = multiply(divide(subtract(x, first), last - first), bins).astype(DTYPES.int64);
  let index = where(keep, where(equal(raw, bins), bins - 1, raw), 0);
  index = where(less(x, edgeAt(index)), subtract(index, 1), index);
  index = where(logical_and(greater_equal(x, edgeAt(add(index, 1))), not_equal(index, bins - 1)), add(index, 1), index);
  if (!weights) return countValues(where(keep, index, -1), bins);
  // Values out of range (and NaN) count in a spare bin past the end, left out.
  return sliceAxis(equalBinSums(where(keep, index, bins), weights, bins + 1), 0, 0, bins);
}

/**
 * The weights summed into equal bins as NumPy's histogram sums them: each block of 65,536
 * elements in float64 (its bincount), cast to the weights' dtype, the blocks added in that dtype.
 * Integer weights of 32 bits or fewer, and bool, sum exactly in float64 there (a block's sum is
 * below 2**48), so theirs is the exact sum wrapped to their dtype (integerCounts; the caller
 * casts), on any number of elements. (Where a block's sum passes what the cast takes, NumPy's
 * cast is the machine's: 0 or INT32_MIN on x86; this one wraps, as astype does.) Wider integers,
 * whose float64 sums round past 2**53 (NumPy: int64 weights [2**53, 1] give 2**53), and floats
 * are summed in float64 (countInto).
 */
function equalBinSums(indices: NDArray, weights: NDArray, length: number): NDArray {
  if (isIntegral(weights.dtype) && weights.dtype.itemsize <= 4) return integerCounts(indices, weights, length);
  return countInto(indices, weights, length);
}

/**
 * Counts of `a` in explicit `edges` (the last bin closed). Unweighted: each element's bin by a
 * binary search of the edges, counted. Weighted: the sample sorted, its running weight sum read
 * at each edge's place (deterministic float sums in float64; integer weights, as NumPy's, summed
 * exactly in int64 or uint64, which the caller's cast to their dtype wraps).
 */
function edgeCounts(a: NDArray, weights: NDArray | null, edges: NDArray): NDArray {
  const n = edges.size;
  if (n < 2) return zeros([0], { dtype: weights ? DTYPES.float64 : DTYPES.int64 });
  if (!weights) {
    const last = sliceAxis(edges, 0, n - 1, n);
    const bin = subtract(subtract(searchsorted(edges, a, 'right'), 1), where(equal(a, last), 1, 0));
    return countValues(bin, n - 1);
  }
  const order = sortAlong('histogram', a, 0, 'indices');
  const sorted = take(a, order);
  const places = concatenateAs('histogram', [
    searchsorted(sorted, sliceAxis(edges, 0, 0, n - 1), 'left'), searchsorted(sorted, sliceAxis(edges, 0, n - 1, n), 'right'),
  ], 0, undefined);
  const summed = isIntegral(weights.dtype) ? weights : weights.astype(DTYPES.float64);
  const cumulative = take(runningFromZero('histogram', take(summed, order)), places);
  return subtract(sliceAxis(cumulative, 0, 1, n), sliceAxis(cumulative, 0, 0, n - 1));
}

/** bins: a count (equal bins) or an array_like of edges. */
const binsType: ParamType<number | ArrayArg, number | NDArray> = {
  expected: 'a positive integer or an array of bin edges',
  parse: (x, op) => (t.isInteger(x) ? x : typeof x === 'string' ? REJECT : x === null || typeof x !== 'object' ? REJECT : toArray(op, x)),
};

const rangeType = t.nullable(listOf(t.number, 'a list [min, max]'));

/** The dtype NumPy computes equal-width edges in: the data's float dtype, float64 for integers. */
function edgeDtype(a: NDArray): DType {
  return isFloat(a.dtype) ? a.dtype : DTYPES.float64;
}

/** histogram(a, bins=10, range=None, density=None, weights=None): [hist, bin_edges]. */
export const histogram = declare('histogram', [
  required('a', arrayLike), positional('bins', binsType, 10), positional('range', rangeType, null),
  positional('density', t.nullable(t.boolean), null), positional('weights', t.nullable(arrayLike), null),
], ({ a, bins, range, density, weights }): NDArray[] => {
  refuseComplex('histogram', [a, ...(weights ? [weights] : [])]);
  const flat = ravel(a);
  if (weights && (weights.size !== a.size || weights.shape.some((d, j) => d !== a.shape[j]))) {
    throw new CupytsError('ERR_SHAPE', 'histogram: weights should have the same shape as a.');
  }
  if (range !== null && range.length !== 2) throw new CupytsError('ERR_ARG', `histogram: expected range to be [min, max], got ${range.length} numbers`);
  const w = weights ? ravel(weights) : null;
  let edges: NDArray;
  let counts: NDArray;
  if (typeof bins === 'number') {
    if (bins < 1) throw new CupytsError('ERR_ARG', 'histogram: `bins` must be positive, when an integer');
    const [first, last] = outerEdges('histogram', flat, range);
    // NumPy's edges are computed in the data's float dtype where the range is the data's.
    const computeIn = range === null && flat.size > 0 ? edgeDtype(flat) : DTYPES.float64;
    checkFiniteBins(first, last, bins, computeIn, edgeDtype(flat));
    edges = equalEdges(first, last, bins, computeIn, edgeDtype(flat));
    counts = uniformCounts(flat, w, edges, first, last, computeIn);
  } else {
    edges = givenEdges('histogram', bins, '`bins`');
    if (w?.dtype.kind === 'b' && flat.size > 0) {
      throw new CupytsError('ERR_DTYPE', "histogram: expected weights of a number dtype with bin edges given, got bool (NumPy: Cannot cast ufunc 'add' output from dtype('int64') to dtype('bool') with casting rule 'same_kind')");
    }
    counts = edgeCounts(flat, w, edges);
  }
  const ntype = weights ? weights.dtype : DTYPES.int64;
  const hist = counts.dtype === ntype ? counts : counts.astype(ntype);
  if (!density) return [hist, edges];
  const widths = subtract(sliceAxis(edges, 0, 1, edges.size), sliceAxis(edges, 0, 0, edges.size - 1)).astype(DTYPES.float64);
  return [divide(divide(hist, widths), sum(hist)), edges];
});

/** A histogramdd sample: an (N, D) array, or a list of D 1-D arrays. */
const sampleType: ParamType<ArrayArg | readonly ArrayArg[], NDArray[]> = {
  expected: 'an (N, D) array or a list of D 1-D arrays',
  parse: (x, op) => {
    if (x instanceof NDArray) {
      usable(op, x);
      const s = x.ndim === 1 ? reshape(x, [x.size, 1]) : x;
      return Array.from({ length: s.shape[1] }, (_, j) => ravel(sliceAxis(s, 1, j, j + 1)));
    }
    if (Array.isArray(x)) {
      const parts = x.map((p) => toArray(op, p));
      if (parts.every((p) => p.ndim === 1)) return parts;
      const whole = toArray(op, x);
      return Array.from({ length: whole.shape[1] ?? 1 }, (_, j) => ravel(sliceAxis(whole, 1, j, j + 1)));
    }
    return REJECT;
  },
};

const binsPerDimType: ParamType<number | ArrayArg | readonly (number | ArrayArg)[], Array<number | NDArray> | number> = {
  expected: 'an integer, or a list of integers or edge arrays (one per dimension)',
  parse: (x, op) => (t.isInteger(x) ? x : Array.isArray(x) ? x.map((b) => (t.isInteger(b) ? b : toArray(op, b))) : x instanceof NDArray ? [x] : REJECT),
};

/** NumPy's histogramdd core: counts in D-dimensional bins, float64, outliers dropped. */
function histogramND(op: string, sample: NDArray[], bins: number | Array<number | NDArray>, range: ReadonlyArray<readonly number[] | null> | null, density: boolean | null, weights: NDArray | null): NDArray[] {
  refuseComplex(op, [...sample, ...(weights ? [weights] : [])]);
  const D = sample.length;
  const N = sample[0]?.size ?? 0;
  if (sample.some((s) => s.size !== N)) throw new CupytsError('ERR_SHAPE', `${op}: expected sample arrays of one length`);
  const perDim = typeof bins === 'number' ? Array.from({ length: D }, () => bins) : bins;
  if (perDim.length !== D) throw new CupytsError('ERR_ARG', `${op}: The dimension of bins must be equal to the dimension of the sample x.`);
  if (range !== null && range.length !== D) throw new CupytsError('ERR_ARG', `${op}: range argument must have one entry per dimension`);
  if (weights && weights.size !== N) throw new CupytsError('ERR_SHAPE', `${op}: expected ${N} weights, got ${weights.size}`);
  const common = D > 0 ? promoteSequence(sample.map((x) => x.dtype)) : DTYPES.float64;
  const edges = perDim.map((b, i) => {
    if (typeof b === 'number') {
      if (b < 1) throw new CupytsError('ERR_ARG', `${op}: \`bins[${i}]\` must be positive, when an integer`);
      const [first, last] = outerEdges(op, sample[i], range ? range[i] : null);
      // NumPy's linspace of the data's own min and max (float32 scalars for float32 data) computes and
      // returns their dtype; of a range's floats, float64. The data is the sample as one array (NumPy
      // stacks it), of the samples' common dtype.
      const dtype = range === null && N > 0 && common.kind === 'f' ? common : DTYPES.float64;
      return dtype === DTYPES.float64 ? linspace(first, last, b + 1) : equalEdges(first, last, b, dtype, dtype);
    }
    if (b.size === 0) throw new CupytsError('ERR_INDEX', `${op}: index -1 is out of bounds for axis 0 with size 0 (empty \`bins[${i}]\`)`);
    return givenEdges(op, b, `\`bins[${i}]\``);
  });
  const nbin = edges.map((e) => e.size + 1);
  let flatIndex: NDArray | null = null;
  sample.forEach((s, i) => {
    const e = edges[i];
    const onEdge = equal(s, sliceAxis(e, 0, e.size - 1, e.size));
    const count = subtract(searchsorted(e, s, 'right'), where(onEdge, 1, 0));
    flatIndex = flatIndex === null ? count : add(multiply(flatIndex, nbin[i]), count);
  });
  const total = nbin.reduce((p, q) => p * q, 1);
  const counted = countInto(flatIndex ?? zeros([0], { dtype: DTYPES.int64 }), weights ? ravel(weights) : null, total).astype(DTYPES.float64);
  let hist = reshape(counted, nbin);
  hist = hist.get(nbin.map((n) => slice(1, n - 1)));
  if (density) {
    const s = sum(hist);
    edges.forEach((e, i) => {
      const shape = nbin.map((n, j) => (j === i ? n - 2 : 1));
      const widths = subtract(sliceAxis(e, 0, 1, e.size), sliceAxis(e, 0, 0, e.size - 1));
      hist = divide(hist, reshape(widths, shape));
    });
    hist = divide(hist, s);
  }
  return [hist, ...edges];
}

/** histogram2d's bins: a count, one edge array for both, or [x bins, y bins] (each a count or edges). */
const bins2dType: ParamType<number | ArrayArg | readonly (number | ArrayArg)[], Array<number | NDArray> | number> = {
  expected: 'an integer, an array of edges, or a pair of integers or edge arrays',
  parse: (x, op) => {
    if (t.isInteger(x)) return x;
    if (x instanceof NDArray) return [x, x];
    if (!Array.isArray(x)) return REJECT;
    if (x.length === 2) return x.map((b) => (t.isInteger(b) ? b : toArray(op, b)));
    if (x.length === 1) return t.isInteger(x[0]) ? x[0] : [toArray(op, x[0]), toArray(op, x[0])];
    const edges = toArray(op, x);
    return [edges, edges];
  },
};

const rangesType = t.nullable(listOf(t.nullable(listOf(t.number, 'a list [min, max]')), 'a list of [min, max] pairs (or null), one per dimension'));

/** histogramdd(sample, bins=10, range=None, density=None, weights=None): [H, ...edges]. */
export const histogramdd = declare('histogramdd', [
  required('sample', sampleType), positional('bins', binsPerDimType, 10), positional('range', rangesType, null),
  positional('density', t.nullable(t.boolean), null), positional('weights', t.nullable(arrayLike), null),
], (v) => histogramND('histogramdd', v.sample, v.bins, v.range, v.density, v.weights));

/** histogram2d(x, y, bins=10, range=None, density=None, weights=None): [H, xedges, yedges]. */
export const histogram2d = declare('histogram2d', [
  required('x', arrayLike), required('y', arrayLike), positional('bins', bins2dType, 10), positional('range', rangesType, null),
  positional('density', t.nullable(t.boolean), null), positional('weights', t.nullable(arrayLike), null),
], (v) => {
  if (v.x.size !== v.y.size) throw new CupytsError('ERR_SHAPE', 'histogram2d: x and y must have the same length.');
  return histogramND('histogram2d', [ravel(v.x), ravel(v.y)], v.bins, v.range, v.density, v.weights);
});
