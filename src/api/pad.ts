// NumPy's pad, every mode but a function: 'constant', 'edge', 'linear_ramp', 'maximum', 'mean',
// 'median', 'minimum', 'reflect', 'symmetric', 'wrap' and 'empty'. As NumPy does, the input is
// written into the middle of a new array, then the axes are padded one after the other, each from
// what is already there (so corners come from the later axes): by constants, edges, ramps or
// statistics (existing ops: linspace, max, min, mean, median, lazy), or in slices that repeat the
// reflection or the period until pad widths longer than the axis are filled.
import { isComplex } from '../ir/complex.js';
import { isInteger } from '../ir/dtype.js';
import { CupytsError, argError } from '../ir/errors.js';
import { formatShape } from '../ir/shape.js';
import { assign } from './assign.js';
import { alongAxis, uninitialized, toArray, type ArrayLike } from './join-parts.js';
import { applyNamed } from './operands.js';
import type { NDArray, Scalar } from './ndarray.js';
import { median } from './order-statistics.js';
import { linspace } from './ranges.js';
import { max, mean, min } from './reductions.js';
import { squeeze } from './views.js';

/** Every mode of NumPy's pad (a function as mode is not supported yet). */
export const NUMPY_PAD_MODES = ['constant', 'edge', 'linear_ramp', 'maximum', 'mean', 'median', 'minimum', 'reflect', 'symmetric', 'wrap', 'empty'] as const;
export type NumpyPadMode = typeof NUMPY_PAD_MODES[number];
/** The modes cupyts pads with: all of NumPy's. */
export type PadMode = NumpyPadMode;

/** NumPy's keyword arguments each mode takes (any other one given is an error, as in NumPy). */
const MODE_KEYWORDS: Record<NumpyPadMode, readonly (keyof PadOptions)[]> = {
  constant: ['constant_values'], edge: [], wrap: [], empty: [],
  linear_ramp: ['end_values'], maximum: ['stat_length'], mean: ['stat_length'], median: ['stat_length'], minimum: ['stat_length'],
  reflect: ['reflect_type'], symmetric: ['reflect_type'],
};

/** Pad widths (or constant values): one for all, [before, after] for all, or per axis. */
export type PerAxisPairs<T> = T | readonly T[] | readonly (readonly T[])[];

/** NumPy's keyword arguments of pad; null (or omitted) is not given. */
export interface PadOptions {
  /** mode 'constant': the values before and after each axis (NumPy's forms, as pad_width); 0 by default. */
  constant_values?: PerAxisPairs<Scalar> | null;
  /** mode 'linear_ramp': the values the ramps start from at the outer ends (NumPy's forms, as pad_width); 0 by default. */
  end_values?: PerAxisPairs<Scalar> | null;
  /** modes 'maximum', 'mean', 'median', 'minimum': how many values at each end the statistic reads (rounded, as NumPy); all by default. */
  stat_length?: PerAxisPairs<number> | null;
  /** modes 'reflect' and 'symmetric': 'even' (the default) mirrors the values, 'odd' mirrors them through the edge value (2 * edge - x). */
  reflect_type?: 'even' | 'odd' | null;
}

/** Checks the keyword arguments given for `mode` as NumPy checks them. */
function checkKeywords(mode: NumpyPadMode, options: PadOptions): void {
  const given = (Object.keys(options) as (keyof PadOptions)[]).filter((k) => options[k] !== undefined && options[k] !== null);
  const extra = given.filter((k) => !MODE_KEYWORDS[mode].includes(k));
  if (extra.length > 0) throw new CupytsError('ERR_ARG', `pad: unsupported keyword arguments for mode '${mode}': ${extra.join(', ')}`);
}

type Pair<T> = [T, T];

/** Shape and elements of a number or a nested list (at most 2 levels). */
function nestedShape<T>(op: string, name: string, x: unknown, isItem: (v: unknown) => v is T): { shape: number[]; flat: T[] } {
  if (isItem(x)) return { shape: [], flat: [x] };
  const bad = () => argError(op, `${name} as a number, [before, after], or a list of [before, after] per axis`, x);
  if (!Array.isArray(x)) throw bad();
  const rows = Array.from(x); // a hole reads as undefined
  if (rows.every(isItem)) return { shape: [rows.length], flat: rows };
  if (!rows.every((row) => Array.isArray(row) && row.length === rows[0].length && Array.from(row).every(isItem))) throw bad();
  return { shape: [rows.length, rows[0]?.length ?? 0], flat: (rows as T[][]).flat() };
}

/** Whether NumPy's _as_pairs takes a value of this shape by its fast path: one value, or one per side (its values then are NumPy scalars). */
const fastForm = (shape: readonly number[], count: number) => count === 1 || (count === 2 && !(shape.length === 2 && shape[0] === 2 && shape[1] === 1));

/** NumPy's _as_pairs: a (before, after) pair per axis from any of NumPy's forms. */
function asPairs<T>(op: string, name: string, x: unknown, ndim: number, isItem: (v: unknown) => v is T): Pair<T>[] {
  const { shape, flat } = nestedShape(op, name, x, isItem);
  if (fastForm(shape, flat.length)) return Array.from({ length: ndim }, () => [flat[0], flat[flat.length - 1]]);
  // Otherwise broadcast to (ndim, 2): rows of 1 or 2, one row or one per axis.
  const rows = shape.length === 2 ? shape[0] : 1;
  const cols = shape.length === 2 ? shape[1] : shape[0];
  if ((rows !== 1 && rows !== ndim) || (cols !== 1 && cols !== 2)) {
    throw new CupytsError('ERR_SHAPE', `${op}: expected ${name} of shape (${ndim}, 2) or one that broadcasts to it, got shape ${formatShape(shape)}`);
  }
  return Array.from({ length: ndim }, (_, j) => {
    const row = rows === 1 ? 0 : j;
    return [flat[row * cols], flat[row * cols + cols - 1]];
  });
}

const isWidth = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isScalar = (v: unknown): v is Scalar => typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' || isComplex(v);
const isLength = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * constant_values or end_values as NumPy's pad uses them. Its _as_pairs makes one value, or one
 * per side, NumPy scalars of their common dtype (np.array(values)): `asArrays` gives them as 0-d
 * arrays of that dtype (the ramps' linspace computes in their promotion), and otherwise a complex
 * one goes into a real array as its real part (NumPy warns). Other forms stay JS scalars (Python
 * scalars in NumPy, where a complex one for a real array is an error).
 */
function valuePairs(name: string, x: PerAxisPairs<Scalar>, a: NDArray, asArrays: boolean): Pair<NDArray | Scalar>[] {
  const { shape, flat } = nestedShape('pad', name, x, isScalar);
  if (!fastForm(shape, flat.length)) return asPairs('pad', name, x, a.ndim, isScalar);
  if (asArrays) {
    const values = toArray('pad', flat);
    const pair: Pair<NDArray> = [values.get(0), values.get(flat.length - 1)];
    return Array.from({ length: a.ndim }, () => pair);
  }
  if (a.dtype.kind === 'c' || !flat.some(isComplex)) return asPairs('pad', name, x, a.ndim, isScalar);
  // (NumPy casts the complex scalar: its real part, or for bool its truth)
  const real = flat.map((v) => (!isComplex(v) ? v : a.dtype.kind === 'b' ? v.re !== 0 || v.im !== 0 : v.re));
  return asPairs('pad', name, real, a.ndim, isScalar);
}

/** NumPy's round (half to even) of a stat_length. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The slice [start, stop) of `x` along `axis`. */
const range = (x: NDArray, axis: number, start: number, stop: number) => alongAxis(x, axis, start, stop - start);

/** reflect_type 'odd': the mirrored values reflected through the edge value too (2 * edge - chunk), as NumPy computes them. */
function oddReflection(chunk: NDArray, edge: NDArray): NDArray {
  return applyNamed('subtract', [applyNamed('multiply', [edge, 2]), chunk]);
}

/** NumPy's _set_reflect_both: one round of reflection on each side; returns the widths left. */
function reflectOnce(roi: NDArray, axis: number, [left, right]: Pair<number>, period: number, includeEdge: boolean, odd: boolean): Pair<number> {
  const length = roi.shape[axis];
  let chunk = length - right - left;
  const edgeOffset = includeEdge ? 1 : 0;
  chunk = includeEdge ? Math.floor(chunk / period) * period : Math.floor((chunk - 1) / (period - 1)) * (period - 1);
  if (left > 0) {
    const count = Math.min(chunk, left);
    // elements left - edgeOffset + count down to left - edgeOffset + 1, mirrored onto [left - count, left)
    const mirrored = alongAxis(roi, axis, left - edgeOffset + count, count, -1);
    assign('pad', range(roi, axis, left - count, left), odd ? oddReflection(mirrored, range(roi, axis, left, left + 1)) : mirrored);
    left -= count;
  }
  if (right > 0) {
    const count = Math.min(chunk, right);
    const start = length - right + edgeOffset - 2;
    const mirrored = alongAxis(roi, axis, start, count, -1);
    const edge = range(roi, axis, length - right - 1, length - right);
    assign('pad', range(roi, axis, length - right, length - right + count), odd ? oddReflection(mirrored, edge) : mirrored);
    right -= count;
  }
  return [left, right];
}

/** NumPy's _set_wrap_both: one round of copying the period on each side; returns the widths left. */
function wrapOnce(roi: NDArray, axis: number, [left, right]: Pair<number>, original: number): Pair<number> {
  const length = roi.shape[axis];
  const period = Math.floor((length - right - left) / original) * original;
  let newLeft = 0;
  let newRight = 0;
  if (left > 0) {
    const end = left + period;
    const chunk = range(roi, axis, end - Math.min(period, left), end);
    if (left > period) {
      assign('pad', range(roi, axis, left - period, left), chunk);
      newLeft = left - period;
    } else assign('pad', range(roi, axis, 0, left), chunk);
  }
  if (right > 0) {
    const start = length - right - period;
    const chunk = range(roi, axis, start, start + Math.min(period, right));
    if (right > period) {
      assign('pad', range(roi, axis, length - right, length - right + period), chunk);
      newRight = right - period;
    } else assign('pad', range(roi, axis, length - right, length), chunk);
  }
  return [newLeft, newRight];
}

/** Fills the two pad areas of `roi` along `axis` with values (arrays broadcast along the axis, or scalars). */
function fillSides(roi: NDArray, axis: number, [left, right]: Pair<number>, [before, after]: Pair<NDArray | Scalar>): void {
  const length = roi.shape[axis];
  if (left > 0) assign('pad', range(roi, axis, 0, left), before);
  if (right > 0) assign('pad', range(roi, axis, length - right, length), after);
}

/** The edge elements of `roi` along `axis`, next to each pad area. */
function edges(roi: NDArray, axis: number, [left, right]: Pair<number>): Pair<NDArray> {
  const end = roi.shape[axis] - right;
  return [range(roi, axis, left, left + 1), range(roi, axis, end - 1, end)];
}

/** NumPy's _get_linear_ramps: from each end value to (not including) the edge, in `roi`'s dtype, the right one reversed. */
function linearRamps(roi: NDArray, axis: number, widths: Pair<number>, ends: Pair<NDArray | Scalar>): Pair<NDArray> {
  const ramps = edges(roi, axis, widths).map((edge, side) =>
    linspace(ends[side], squeeze(edge, axis), widths[side], false, false, roi.dtype, axis) as NDArray);
  return [ramps[0], alongAxis(ramps[1], axis, widths[1] - 1, widths[1], -1)];
}

type StatMode = 'maximum' | 'mean' | 'median' | 'minimum';
const STATISTICS: Record<StatMode, (chunk: NDArray, axis: number) => NDArray> = {
  maximum: (chunk, axis) => max(chunk, { axis, keepdims: true }),
  minimum: (chunk, axis) => min(chunk, { axis, keepdims: true }),
  mean: (chunk, axis) => mean(chunk, { axis, keepdims: true }),
  median: (chunk, axis) => median(chunk, { axis, keepdims: true }),
};

/**
 * NumPy's _get_stats: the statistic of the `lengths` values at each end of `roi`'s original extent
 * along `axis` (all of them where null or longer), rounded half to even for integer arrays.
 */
function statistics(roi: NDArray, axis: number, [left, right]: Pair<number>, lengths: Pair<number | null>, mode: StatMode): Pair<NDArray> {
  const start = left;
  const stop = roi.shape[axis] - right;
  const extent = stop - start;
  const [before, after] = lengths.map((n) => (n === null || n > extent ? extent : n));
  if ((before === 0 || after === 0) && (mode === 'maximum' || mode === 'minimum')) {
    throw new CupytsError('ERR_ARG', 'pad: stat_length of 0 yields no value for padding');
  }
  const stat = (from: number, to: number) => {
    const s = STATISTICS[mode](range(roi, axis, from, to), axis);
    return isInteger(roi.dtype) && s.dtype.kind === 'f' ? applyNamed('rint', [s]) : s;
  };
  const first = stat(start, start + before);
  return before === extent && after === extent ? [first, first] : [first, stat(stop - after, stop)];
}

/** stat_length as (before, after) per axis: null for all the values; rounded, and non-negative, as NumPy's. */
function statLengths(stat_length: PerAxisPairs<number> | null | undefined, ndim: number): Pair<number | null>[] {
  if (stat_length === undefined || stat_length === null) return Array.from({ length: ndim }, () => [null, null]);
  const pairs = asPairs('pad', 'stat_length', stat_length, ndim, isLength).map((p) => p.map(roundHalfEven) as Pair<number>);
  if (pairs.some((p) => p[0] < 0 || p[1] < 0)) throw argError('pad', 'non-negative stat_length', stat_length);
  return pairs;
}

/**
 * NumPy's pad(array, pad_width, mode='constant', **kwargs). pad_width is a number, [before,
 * after], or [before, after] per axis; 'reflect' mirrors without repeating the edge, 'symmetric'
 * with it (reflect_type 'odd': through the edge value); 'linear_ramp' ramps from end_values to
 * the edge; 'maximum', 'mean', 'median', 'minimum' repeat that statistic of the stat_length values
 * at each end; 'empty' leaves the pad areas unset.
 */
export function pad(array: ArrayLike, pad_width: PerAxisPairs<number>, mode: NumpyPadMode = 'constant', options: PadOptions = {}): NDArray {
  const a = toArray('pad', array);
  checkKeywords(mode, options);
  const widths = asPairs('pad', 'non-negative integer pad widths', pad_width, a.ndim, isWidth);
  const shape = a.shape.map((d, j) => widths[j][0] + d + widths[j][1]);
  const out = uninitialized('pad', shape, a.dtype, a.runner);
  const middle = a.shape.reduce<NDArray>((x, d, j) => alongAxis(x, j, widths[j][0], d), out);
  if (a.size > 0) assign('pad', middle, a);
  else if (mode !== 'constant' && mode !== 'empty') {
    const j = a.shape.findIndex((d, k) => d === 0 && (widths[k][0] > 0 || widths[k][1] > 0));
    if (j >= 0) throw new CupytsError('ERR_SHAPE', `pad: can't extend empty axis ${j} using modes other than 'constant' (got mode '${mode}')`);
    return out;
  }
  if (mode === 'empty') return out;
  const values = mode === 'constant' ? valuePairs('constant_values', options.constant_values ?? 0, a, false)
    : mode === 'linear_ramp' ? valuePairs('end_values', options.end_values ?? 0, a, true) : [];
  const statMode = mode in STATISTICS ? mode as StatMode : null;
  const lengths = statMode ? statLengths(options.stat_length, a.ndim) : [];
  a.shape.forEach((n, axis) => {
    // The region padded along `axis`: whole along axes up to it, the original extent after it.
    const roi = a.shape.reduce<NDArray>((x, d, k) => (k > axis ? alongAxis(x, k, widths[k][0], d) : x), out);
    let pair = widths[axis];
    if (mode === 'constant') fillSides(roi, axis, pair, values[axis]);
    else if (mode === 'linear_ramp') fillSides(roi, axis, pair, linearRamps(roi, axis, pair, values[axis]));
    else if (statMode) fillSides(roi, axis, pair, statistics(roi, axis, pair, lengths[axis], statMode));
    else if (mode === 'edge' || (n === 1 && mode !== 'wrap')) fillSides(roi, axis, pair, edges(roi, axis, pair));
    else if (mode === 'wrap') while (pair[0] > 0 || pair[1] > 0) pair = wrapOnce(roi, axis, pair, n);
    else while (pair[0] > 0 || pair[1] > 0) pair = reflectOnce(roi, axis, pair, n, mode === 'symmetric', options.reflect_type === 'odd');
  });
  return out;
}
