// NumPy's pad with modes 'constant', 'edge', 'reflect', 'symmetric', 'wrap' and 'empty'. As NumPy does,
// the input is written into the middle of a new array, then the axes are padded one after the
// other, each from what is already there (so corners come from the later axes), in slices that
// repeat the reflection or the period until pad widths longer than the axis are filled.
import { CupytsError, argError } from '../ir/errors.js';
import { formatShape } from '../ir/shape.js';
import { assign } from './assign.js';
import { alongAxis, uninitialized, toArray, type ArrayLike } from './join-parts.js';
import { applyNamed } from './operands.js';
import type { NDArray, Scalar } from './ndarray.js';

/** The modes cupyts pads with. */
export type PadMode = 'constant' | 'edge' | 'reflect' | 'symmetric' | 'wrap' | 'empty';
/** Every mode of NumPy's pad; those not in PadMode are refused as not supported yet. */
export const NUMPY_PAD_MODES = ['constant', 'edge', 'linear_ramp', 'maximum', 'mean', 'median', 'minimum', 'reflect', 'symmetric', 'wrap', 'empty'] as const;
export type NumpyPadMode = typeof NUMPY_PAD_MODES[number];
const MODES: readonly string[] = ['constant', 'edge', 'reflect', 'symmetric', 'wrap', 'empty'] satisfies PadMode[];

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
  /** mode 'linear_ramp' (not supported yet). */
  end_values?: PerAxisPairs<Scalar> | null;
  /** modes 'maximum', 'mean', 'median', 'minimum' (not supported yet). */
  stat_length?: PerAxisPairs<number> | null;
  /** modes 'reflect' and 'symmetric': 'even' (the default) mirrors the values, 'odd' mirrors them through the edge value (2 * edge - x). */
  reflect_type?: 'even' | 'odd' | null;
}

/** The mode, once its keyword arguments are checked as NumPy checks them, and it is one cupyts has. */
function checkMode(mode: NumpyPadMode, options: PadOptions): PadMode {
  const given = (Object.keys(options) as (keyof PadOptions)[]).filter((k) => options[k] !== undefined && options[k] !== null);
  const extra = given.filter((k) => !MODE_KEYWORDS[mode].includes(k));
  if (extra.length > 0) throw new CupytsError('ERR_ARG', `pad: unsupported keyword arguments for mode '${mode}': ${extra.join(', ')}`);
  if (!MODES.includes(mode)) throw new CupytsError('ERR_UNSUPPORTED', `pad: mode '${mode}' is not supported yet (cupyts pads with ${MODES.map((m) => `'${m}'`).join(', ')})`);
  return mode as PadMode;
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

/** NumPy's _as_pairs: a (before, after) pair per axis from any of NumPy's forms. */
function asPairs<T>(op: string, name: string, x: unknown, ndim: number, isItem: (v: unknown) => v is T): Pair<T>[] {
  const { shape, flat } = nestedShape(op, name, x, isItem);
  if (flat.length === 1) return Array.from({ length: ndim }, () => [flat[0], flat[0]]);
  if (flat.length === 2 && !(shape.length === 2 && shape[0] === 2 && shape[1] === 1)) return Array.from({ length: ndim }, () => [flat[0], flat[1]]);
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
const isScalar = (v: unknown): v is Scalar => typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean';

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

/**
 * NumPy's pad(array, pad_width, mode='constant', **kwargs). pad_width is a number, [before,
 * after], or [before, after] per axis; 'reflect' mirrors without repeating the edge, 'symmetric'
 * with it (reflect_type 'odd': through the edge value); 'empty' leaves the pad areas unset.
 */
export function pad(array: ArrayLike, pad_width: PerAxisPairs<number>, numpyMode: NumpyPadMode = 'constant', options: PadOptions = {}): NDArray {
  const a = toArray('pad', array);
  const mode = checkMode(numpyMode, options);
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
  const values = mode === 'constant' ? asPairs('pad', 'constant_values', options.constant_values ?? 0, a.ndim, isScalar) : [];
  a.shape.forEach((n, axis) => {
    // The region padded along `axis`: whole along axes up to it, the original extent after it.
    const roi = a.shape.reduce<NDArray>((x, d, k) => (k > axis ? alongAxis(x, k, widths[k][0], d) : x), out);
    let pair = widths[axis];
    if (mode === 'constant') fillSides(roi, axis, pair, values[axis]);
    else if (mode === 'edge' || (n === 1 && mode !== 'wrap')) fillSides(roi, axis, pair, edges(roi, axis, pair));
    else if (mode === 'wrap') while (pair[0] > 0 || pair[1] > 0) pair = wrapOnce(roi, axis, pair, n);
    else while (pair[0] > 0 || pair[1] > 0) pair = reflectOnce(roi, axis, pair, n, mode === 'symmetric', options.reflect_type === 'odd');
  });
  return out;
}
