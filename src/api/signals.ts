// NumPy's products and signals: kron, convolve, correlate (direct method) and interp, built from
// views, elementwise ops and reductions so that each is one or two fused kernels.
//
// convolve / correlate: the longer input, zero-padded for the mode, is seen through a sliding-
// window view (shape [outputs, m], element [k, j] = padded[k + j]: no copy), multiplied by the
// kernel and summed over the window axis. The scheduler fuses view, product and sum into one
// reduction kernel, so memory stays O(n + m) (the padded copy and the output); time is O(n·m).
// Past a size (FFT_MIN_KERNEL and FFT_MIN_WORK below) float and complex inputs take the FFT path
// instead, as SciPy's fftconvolve: the full correlation is the inverse transform of the product of
// the two zero-padded spectra (rfft for real inputs), cropped to the mode; O((n + m) log(n + m)).
//
// interp: the interval of each x is found by counting the sample points xp at or below it: for up
// to 64 points a broadcast comparison summed over xp (fused into one reduction kernel,
// O(size(x)·len(xp)) time); beyond that a binary search by powers of two, ceil(log2(len(xp) + 1))
// kernels queued when interp is called (no readback), O(size(x)·log len(xp)) time. Memory is
// O(size(x) + len(xp)) either way.
import { DTYPES, type DType } from '../ir/dtype.js';
import { isComplex, type Complex } from '../ir/complex.js';
import { fastFftLength } from '../ir/fft-plan.js';
import { CupytsError } from '../ir/errors.js';
import { promoteTypes } from '../ir/promotion.js';
import type { AffineMovement } from '../ir/movement.js';
import { ones, zeros } from './creation.js';
import {
  add, conj, divide, equal, greater, isfinite, isnan, less, less_equal, logical_and, logical_or, minimum, maximum, multiply, remainder, subtract,
} from './elementwise.js';
import { fft, ifft, irfft, rfft } from './fft-transforms.js';
import { concatenate } from './joins.js';
import type { NDArray } from './ndarray.js';
import { where } from './operands.js';
import * as t from './param-types.js';
import { all, any, sum } from './reductions.js';
import { take } from './take.js';
import { arrayLike } from './array-params.js';
import { assign } from './assign.js';
import { declare, positional, REJECT, required, type ParamType } from './signature.js';
import { expand_dims, imagView, realView, reshape, viewOf } from './views.js';

// ---- kron ----

/** NumPy's kron(a, b): the Kronecker product, a broadcast product of interleaved axes, reshaped. */
export const kron = declare('kron', [required('a', arrayLike), required('b', arrayLike)], ({ a, b }) => {
  if (a.ndim === 0 || b.ndim === 0) return multiply(a, b);
  const nd = Math.max(a.ndim, b.ndim);
  const lead = (x: NDArray) => (x.ndim < nd ? reshape(x, [...Array<number>(nd - x.ndim).fill(1), ...x.shape]) : x);
  const [x, y] = [lead(a), lead(b)];
  // x[i0, 1, i1, 1, ...] * y[1, j0, 1, j1, ...] -> shape (a0, b0, a1, b1, ...) -> (a0*b0, a1*b1, ...)
  const xa = expand_dims(x, Array.from({ length: nd }, (_, k) => 2 * k + 1));
  const yb = expand_dims(y, Array.from({ length: nd }, (_, k) => 2 * k));
  return reshape(multiply(xa, yb), x.shape.map((d, k) => d * y.shape[k]));
});

// ---- convolve and correlate ----

export type ConvolveMode = 'full' | 'same' | 'valid';
const mode = t.oneOf('full', 'same', 'valid');

/** The 1-D view of `count` windows of `width` consecutive elements of `x`: element [k, j] is x[k + j]. */
function slidingWindows(x: NDArray, count: number, width: number): NDArray {
  const movement: AffineMovement = { kind: 'affine', shape: [count, width], coef: [[1], [1]], base: [0] };
  return viewOf(x, movement);
}

/**
 * A 1-D input of correlate/convolve, with NumPy's errors. A scalar is one element for convolve
 * (NumPy's array(a, ndmin=1)); correlate refuses it, as NumPy's ("object of too small depth").
 */
function vector(op: 'convolve' | 'correlate', x: NDArray, name: string): NDArray {
  if (x.ndim > 1 || (x.ndim === 0 && op === 'correlate')) throw new CupytsError('ERR_SHAPE', `${op}: expected a 1-D ${name}, got ${x.ndim} dimensions`);
  if (x.size === 0) throw new CupytsError('ERR_SHAPE', `${op}: expected a non-empty ${name}, got an empty array`);
  return x.ndim === 0 ? reshape(x, [1]) : x;
}

/**
 * The kernel length and the direct method's work (outputs × kernel length) from which float inputs
 * take the FFT path. On the GPU the fused direct kernel does 2^30 multiply-adds in well under a
 * millisecond, while the FFT path is six launches and three passes over the padded length, so
 * its threshold is far higher than on the CPU (where SciPy's own heuristic sits near 2^22).
 */
export const FFT_MIN_KERNEL = 128;
export const FFT_MIN_WORK: Readonly<Record<'cpu' | 'cuda', number>> = { cpu: 2 ** 24, cuda: 2 ** 30 };

/**
 * Whether both inputs are finite (one readback). An FFT spreads an inf or NaN to every output,
 * where NumPy's direct sums keep it to the outputs whose window holds it: such inputs take the
 * direct method.
 */
function allFinite(a: NDArray, v: NDArray): boolean {
  return Boolean(logical_and(all(isfinite(a)), all(isfinite(v))).item());
}

/** correlateLong through FFTs: the full correlation a ⋆ v is the convolution of a with v reversed; the mode crops it. */
function correlateLongFft(a: NDArray, v: NDArray, left: number, right: number): NDArray {
  const dtype = promoteTypes(a.dtype, v.dtype);
  const [n, width] = [a.shape[0], v.shape[0]];
  const size = fastFftLength(n + width - 1);
  const x = a.astype(dtype);
  const k = v.astype(dtype).get('::-1');
  const full = dtype.kind === 'c'
    ? ifft(multiply(fft(x, size), fft(k, size)))
    : irfft(multiply(rfft(x, size), rfft(k, size)), size);
  const start = width - 1 - left;
  const count = n + left + right - width + 1;
  return full.get(`${start}:${start + count}`);
}

/** `x` (1-D) with `left` zeros before it and `right` after. */
function padAround(x: NDArray, left: number, right: number): NDArray {
  if (left + right === 0) return x;
  return concatenate([zeros([left], { dtype: x.dtype }), x, zeros([right], { dtype: x.dtype })], 0);
}

/**
 * c[k] = Σ_j a[k + j - left] · v[j] for len(a) >= len(v) (NumPy's _pyarray_correlate), in the
 * inputs' common dtype: integers wrap as NumPy's dot does, float16 accumulates in float32, bool
 * is any(a and v).
 */
function correlateLong(a: NDArray, v: NDArray, m: ConvolveMode): NDArray {
  const dtype = promoteTypes(a.dtype, v.dtype);
  const width = v.shape[0];
  const [left, right] = m === 'valid' ? [0, 0] : m === 'same' ? [width >> 1, width - 1 - (width >> 1)] : [width - 1, width - 1];
  const fftable = dtype === DTYPES.float32 || dtype === DTYPES.float64 || dtype.kind === 'c';
  if (fftable && width >= FFT_MIN_KERNEL && a.shape[0] * width >= FFT_MIN_WORK[a.runner.kind] && allFinite(a, v)) return correlateLongFft(a, v, left, right);
  const work = dtype === DTYPES.float16 ? DTYPES.float32 : dtype;
  const padded = padAround(a.astype(work), left, right);
  const count = padded.shape[0] - width + 1;
  const windows = slidingWindows(padded, count, width);
  const kernel = v.astype(work);
  if (dtype.kind === 'b') return any(logical_and(windows, kernel), { axis: 1 });
  // The padding is no term of NumPy's sums: masked out, not multiplied in (0 * inf is NaN).
  const inside = left + right > 0 && (dtype.kind === 'f' || dtype.kind === 'c') ? padAround(ones([a.shape[0]], { dtype: DTYPES.bool }), left, right) : null;
  const products = inside ? where(slidingWindows(inside, count, width), multiply(windows, kernel), 0) : multiply(windows, kernel);
  const out = sum(products, { axis: 1, dtype: work });
  return work === dtype ? out : out.astype(dtype);
}

/** NumPy's correlate2: the shorter input slides along the longer; swapped inputs give the reversed result. */
function correlateVectors(a: NDArray, v: NDArray, m: ConvolveMode): NDArray {
  return v.shape[0] > a.shape[0] ? correlateLong(v, a, m).get('::-1') : correlateLong(a, v, m);
}

const conjugateOf = (x: NDArray): NDArray => (x.dtype.kind === 'c' ? conj(x) : x);

/** NumPy's correlate(a, v, mode='valid'): c[k] = Σ_n a[n + k] · v[n] (direct method). */
export const correlate = declare(
  'correlate',
  [required('a', arrayLike), required('v', arrayLike), positional('mode', mode, 'valid')],
  // NumPy's correlate2 conjugates v first (a no-op for real inputs)
  ({ a, v, mode: m }) => correlateVectors(vector('correlate', a, 'a'), conjugateOf(vector('correlate', v, 'v')), m),
);

/** NumPy's convolve(a, v, mode='full'): the discrete linear convolution (direct method). */
export const convolve = declare(
  'convolve',
  [required('a', arrayLike), required('v', arrayLike), positional('mode', mode, 'full')],
  ({ a, v, mode: m }) => {
    const [x, y] = [vector('convolve', a, 'a'), vector('convolve', v, 'v')];
    const [long, short] = y.shape[0] > x.shape[0] ? [y, x] : [x, y];
    return correlateLong(long, short.get('::-1'), m);
  },
);

// ---- interp ----

/** A 1-D sample array of interp in `dtype` (float64, or complex128 for complex fp), with NumPy's errors. */
function samples(x: NDArray, name: string, dtype: DType = DTYPES.float64): NDArray {
  if (x.ndim !== 1) throw new CupytsError('ERR_SHAPE', `interp: expected a 1-D ${name}, got ${x.ndim} dimensions`);
  return x.astype(dtype);
}

/** xp and fp sorted by xp mod period and extended by one period at each end (NumPy's periodic interp). */
function periodic(xp: NDArray, fp: NDArray, period: number): [NDArray, NDArray] {
  // Sorting comes with another issue: the sample points are read back and ordered on the host.
  const wrapped = remainder(xp, period);
  const values = Array.from(wrapped.toArraySync() as number[]);
  const order = values.map((_, i) => i).sort((i, j) => values[i] - values[j] || i - j);
  const xs = take(wrapped, order);
  const fs = take(fp, order);
  const n = order.length;
  return [
    concatenate([subtract(xs.get('-1:'), period), xs, add(xs.get('0:1'), period)], 0),
    concatenate([fs.get(`${n - 1}:`), fs, fs.get('0:1')], 0),
  ];
}

/** Up to this many sample points, interp counts them all for each x (one fused reduction). */
const COUNT_ALL_POINTS = 64;

/**
 * For each x, how many of the (increasing) sample points are <= x: for a few points a broadcast
 * comparison summed over them; for more, a binary search by powers of two (count grows by 2^k
 * where points[count + 2^k - 1] <= x, for k from the largest down to 0): ceil(log2(n + 1)) steps of
 * one gather and one where each, O(size(x)·log n) in all.
 */
function countAtOrBelow(points: NDArray, at: NDArray): NDArray {
  const n = points.shape[0];
  if (n <= COUNT_ALL_POINTS) return sum(less_equal(points, expand_dims(at, -1)), { axis: -1 });
  // Each step is queued as a kernel of its own (no readback): fused, the chain would exceed the
  // kernel input limit and be cut into a few kernels per step.
  const x = at.eval();
  let count: NDArray = zeros(at.shape, { dtype: DTYPES.int64 });
  for (let step = 2 ** Math.floor(Math.log2(n)); step >= 1; step /= 2) {
    const next = add(count, step);
    const fits = logical_and(less_equal(next, n), less_equal(take(points, minimum(subtract(next, 1), n - 1)), x));
    count = where(fits, next, count).eval();
  }
  return count;
}

/** A left or right value of interp: a number, a complex one (for complex fp), or null. */
const edgeValue: ParamType<number | Complex | null, number | Complex | null> = {
  expected: 'a number, a complex number (cp.complex) or null',
  parse: (x) => (x === null || typeof x === 'number' || isComplex(x) ? x : REJECT),
};

/** The real or imaginary part of an edge value (null stays null: fp's own end). */
function partOf(v: number | Complex | null, part: 're' | 'im'): number | null {
  if (v === null) return null;
  if (typeof v === 'number') return part === 're' ? v : 0;
  return v[part];
}

/**
 * NumPy's interpolation loop for real `values` (float64) on increasing `points` (float64, n >= 1),
 * given cnt, how many of the points are <= each x (null for one point): slope·(x - x0) + y0; if
 * that is nan, from the other end; if still nan and y0 == y1, y0; an exact hit takes fp there. A
 * NaN x gives `ofNaN` (x itself; 0 for the imaginary parts of complex fp, as NumPy's nan+0j).
 */
function interpolated(
  at: NDArray, points: NDArray, values: NDArray, cnt: NDArray | null, left: number | null, right: number | null, ofNaN: NDArray | number,
): NDArray {
  const n = points.shape[0];
  const lval = left ?? values.get(0);
  const rval = right ?? values.get(n - 1);
  // NumPy's one-point case compares only (a NaN x gets fp[0]).
  if (cnt === null) return where(less(at, points.get(0)), lval, where(greater(at, points.get(0)), rval, values.get(0)));
  // the interval is [cnt - 1, cnt]
  const j = minimum(maximum(subtract(cnt, 1), 0), n - 2);
  const [x0, x1] = [take(points, j), take(points, add(j, 1))];
  const [y0, y1] = [take(values, j), take(values, add(j, 1))];
  const slope = divide(subtract(y1, y0), subtract(x1, x0));
  const fromLeft = add(multiply(slope, subtract(at, x0)), y0);
  const fromRight = add(multiply(slope, subtract(at, x1)), y1);
  const inside = where(isnan(fromLeft), where(logical_and(isnan(fromRight), equal(y0, y1)), y0, fromRight), fromLeft);
  const last = values.get(n - 1);
  const exact = logical_or(equal(x0, at), equal(cnt, n));
  const hit = where(equal(cnt, n), last, y0);
  return where(isnan(at), ofNaN,
    where(equal(cnt, 0), lval,
      where(greater(at, points.get(n - 1)), rval,
        where(exact, hit, inside))));
}

/**
 * NumPy's interp(x, xp, fp, left=None, right=None, period=None): piecewise-linear interpolation
 * on increasing sample points xp (not checked, as in NumPy), in float64, or complex128 for
 * complex fp (NumPy's interp_complex: the real and imaginary parts each interpolated as real
 * values, with complex left and right). With a period, xp is read back to be sorted (it
 * synchronizes); for more than 64 points the search kernels are queued at the call; otherwise
 * everything is lazy but a complex result, whose parts are written into it.
 */
export const interp = declare(
  'interp',
  [
    required('x', arrayLike),
    required('xp', arrayLike),
    required('fp', arrayLike),
    positional('left', edgeValue, null),
    positional('right', edgeValue, null),
    positional('period', t.nullable(t.number), null),
  ],
  ({ x, xp, fp, left, right, period }) => {
    const complexFp = fp.dtype.kind === 'c';
    const complexArg = x.dtype.kind === 'c' ? 'x' : xp.dtype.kind === 'c' ? 'xp' : null;
    if (complexArg !== null) {
      const dt = (complexArg === 'x' ? x : xp).dtype.name;
      throw new CupytsError('ERR_DTYPE', `interp: expected a real ${complexArg}, got ${dt} (NumPy: Cannot cast array data from dtype('${dt}') to dtype('float64') according to the rule 'safe')`);
    }
    let points = samples(xp, 'xp');
    let values = complexFp ? samples(fp, 'fp', DTYPES.complex128) : samples(fp, 'fp');
    if (values.shape[0] !== points.shape[0]) {
      throw new CupytsError('ERR_SHAPE', `interp: expected fp and xp of the same length, got ${values.shape[0]} and ${points.shape[0]}`);
    }
    if (points.shape[0] === 0) throw new CupytsError('ERR_SHAPE', 'interp: expected sample points xp, got an empty array');
    if (!complexFp && (isComplex(left) || isComplex(right))) {
      throw new CupytsError('ERR_DTYPE', `interp: expected real ${isComplex(left) ? 'left' : 'right'} for real fp, got a complex number (NumPy: must be real number, not complex)`);
    }
    let at = x.astype(DTYPES.float64);
    if (period !== null) {
      if (period === 0) throw new CupytsError('ERR_ARG', 'interp: expected a non-zero period, got 0');
      [left, right] = [null, null];
      at = remainder(at, Math.abs(period));
      [points, values] = periodic(points, values, Math.abs(period));
    }
    // cnt = how many sample points are <= x (once, for both parts of a complex fp)
    const cnt = points.shape[0] === 1 ? null : countAtOrBelow(points, at);
    if (!complexFp) return interpolated(at, points, values, cnt, partOf(left, 're'), partOf(right, 're'), at);
    const result = zeros(at.shape, { dtype: DTYPES.complex128 });
    assign('interp', realView(result), interpolated(at, points, realView(values), cnt, partOf(left, 're'), partOf(right, 're'), at));
    assign('interp', imagView(result), interpolated(at, points, imagView(values), cnt, partOf(left, 'im'), partOf(right, 'im'), 0));
    return result;
  },
);

