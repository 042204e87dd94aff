// numpy.fft's shape, axes and dtype rules as pure functions, ready for the fft/ifft/rfft/…
// API once complex dtypes exist (docs/FFT.md): which 1-D passes an n-d call makes, in NumPy's
// order, with each pass's length; the result's shape; the result dtype by name; and whether one
// axis of a strided array maps onto cuFFT's advanced layout (one plan, or one plan run at a few
// pointer offsets) or needs a fused copy first.
import { f16BitsToNumber, numberToF16Bits } from './dtype.js';
import { CupytsError } from './errors.js';

/** A 1-D pass: c2c (fft/ifft), r2c (rfft/ihfft) or c2r (irfft/hfft) along one axis, to length n. */
export interface FftPass {
  axis: number;
  n: number;
  kind: 'c2c' | 'r2c' | 'c2r';
}

/** Which family an n-d call belongs to: complex (fftn/ifftn), real forward (rfftn), real inverse (irfftn). */
export type FftFamily = 'c2c' | 'r2c' | 'c2r';

function checkFftAxis(op: string, axis: number, ndim: number): number {
  if (!Number.isSafeInteger(axis) || axis < -ndim || axis >= ndim) {
    throw new CupytsError('ERR_AXIS', `${op}: axis ${axis} is out of bounds for array of dimension ${ndim}`);
  }
  return axis < 0 ? axis + ndim : axis;
}

function checkPoints(op: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new CupytsError('ERR_ARG', `${op}: expected a number of FFT data points of at least 1, got ${n}`);
  }
}

/** The length of the axis after a pass: n for c2c and c2r, n/2 + 1 for r2c. */
export function passOutputLength(pass: FftPass): number {
  return pass.kind === 'r2c' ? Math.floor(pass.n / 2) + 1 : pass.n;
}

/**
 * The 1-D passes of an n-d call, in the order NumPy runs them, as numpy.fft's _cook_nd_args and
 * _raw_fftnd do:
 * - axes defaults to the last len(s) axes, or to all axes when s is also null;
 * - s defaults to the axes' lengths, except that c2r's last length defaults to 2·(m − 1); an
 *   entry of −1 in s means the axis' length (NumPy 2, the array API's rule);
 * - c2c runs the last axis first; r2c runs rfft on the last axis, then c2c on the others from
 *   the back; c2r runs c2c on all but the last axis from the front, then irfft on the last.
 * A 1-D call is the case of one axis: fftPasses(op, shape, n === null ? null : [n], [axis], …),
 * after checking n ≥ 1 itself (NumPy's 1-D functions reject n = −1, which s accepts).
 */
export function fftPasses(op: string, shape: readonly number[], s: readonly number[] | null, axes: readonly number[] | null, family: FftFamily): FftPass[] {
  const ndim = shape.length;
  const axisList = axes ?? (s === null ? shape.map((_, j) => j) : s.map((_, i) => i - s.length));
  if (s !== null && s.length !== axisList.length) {
    throw new CupytsError('ERR_ARG', `${op}: expected s and axes of one length, got ${s.length} and ${axisList.length}`);
  }
  if (family !== 'c2c' && axisList.length === 0) throw new CupytsError('ERR_ARG', `${op}: expected at least one axis, got none`);
  const normalized = axisList.map((a) => checkFftAxis(op, a, ndim));
  const last = normalized.length - 1;
  const lengths = normalized.map((a, i) => {
    if (s !== null) return s[i] === -1 ? shape[a] : s[i]; // NumPy 2: -1 keeps the axis' length
    return family === 'c2r' && i === last ? 2 * (shape[a] - 1) : shape[a];
  });
  lengths.forEach((n) => checkPoints(op, n));
  const pass = (i: number, kind: FftPass['kind']): FftPass => ({ axis: normalized[i], n: lengths[i], kind });
  const indices = normalized.map((_, i) => i);
  if (family === 'c2c') return indices.reverse().map((i) => pass(i, 'c2c'));
  if (family === 'r2c') return [pass(last, 'r2c'), ...indices.slice(0, last).reverse().map((i) => pass(i, 'c2c'))];
  return [...indices.slice(0, last).map((i) => pass(i, 'c2c')), pass(last, 'c2r')];
}

/** The result's shape after the passes. */
export function fftOutputShape(shape: readonly number[], passes: readonly FftPass[]): number[] {
  const out = [...shape];
  for (const p of passes) out[p.axis] = passOutputLength(p);
  return out;
}

const COMPLEX_OF: Record<string, string> = {
  float16: 'complex64', float32: 'complex64', complex64: 'complex64',
};

/**
 * NumPy 2's result dtype by name: complex results are complex64 for float16/float32/complex64
 * inputs and complex128 otherwise; real results (irfft, hfft) are float16 for float16, float32
 * for float32/complex64 and float64 otherwise. r2c of a complex input is an error, as in NumPy.
 */
export function fftResultDTypeName(op: string, family: FftFamily, input: string): string {
  const isComplex = input === 'complex64' || input === 'complex128';
  if (family === 'r2c' && isComplex) {
    throw new CupytsError('ERR_DTYPE', `${op}: expected a real input, got ${input}`);
  }
  if (family !== 'c2r') return COMPLEX_OF[input] ?? 'complex128';
  if (input === 'float16') return 'float16';
  return input === 'float32' || input === 'complex64' ? 'float32' : 'float64';
}

/** One side (input or output) of one axis as cuFFT's advanced layout: `batch` lines at `dist`, the plan run `repeat` times at `step`. */
export interface AxisLayout {
  stride: number;
  dist: number;
  batch: number;
  /** Runs of the plan (1 where the batch axes collapse into one progression). */
  repeat: number;
  /** Elements between runs. */
  step: number;
}

/** An array's view of the axis: its shape and element strides. */
export interface StridedShape {
  shape: readonly number[];
  strides: readonly number[];
}

/** Collapses (size, stride) pairs, outermost first, into one progression; null where they do not form one. */
function progression(dims: ReadonlyArray<readonly [number, number]>): { count: number; dist: number } | null {
  const live = dims.filter(([size]) => size !== 1);
  if (live.length === 0) return { count: 1, dist: 0 };
  let [count, dist] = live[live.length - 1];
  for (let i = live.length - 2; i >= 0; i--) {
    const [size, stride] = live[i];
    if (stride !== dist * count) return null;
    count *= size;
  }
  return { count, dist };
}

/** The layout of `axis` with the other axes split into outer (run repeatedly) and inner (the batch) at `split`. */
function layoutAt(a: StridedShape, axis: number, split: number): AxisLayout | null {
  const stride = a.strides[axis];
  const length = a.shape[axis];
  if (length > 1 && stride <= 0) return null;
  const others = a.shape.map((size, j) => [size, a.strides[j]] as const).filter((_, j) => j !== axis);
  if (others.some(([size, s]) => size > 1 && s <= 0)) return null;
  const outer = progression(others.slice(0, split));
  const inner = progression(others.slice(split));
  if (!outer || !inner) return null;
  const lineStride = Math.max(stride, 1);
  const dist = inner.count === 1 ? lineStride * length : inner.dist; // cuFFT ignores it for one line
  return { stride: lineStride, dist, batch: inner.count, repeat: outer.count, step: outer.dist };
}

/**
 * How the lines along `axis` of `input` and of `output` (the same axes in the same C order, the
 * axis' length may differ) map onto cuFFT's advanced layout: one plan where the other axes of
 * both collapse into one progression, else one plan over the inner axes run once per element of
 * the outer axes (at most `maxRepeat` runs), with one split for both sides. null where a fused
 * copy is needed first: a zero or negative stride, or no split that fits both sides.
 */
export function axisLayouts(
  input: StridedShape, output: StridedShape, axis: number, maxRepeat = 8,
): { input: AxisLayout; output: AxisLayout } | null {
  const otherCount = input.shape.length - 1;
  for (let split = 0; split <= Math.max(otherCount - 1, 0); split++) {
    const i = layoutAt(input, axis, split);
    const o = layoutAt(output, axis, split);
    if (i && o && i.repeat === o.repeat && i.repeat <= maxRepeat) return { input: i, output: o };
  }
  return null;
}

/** The element strides of a C-contiguous array of `shape`. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  let step = 1;
  for (let j = shape.length - 1; j >= 0; j--) {
    out[j] = step;
    step *= shape[j];
  }
  return out;
}

/**
 * One cuFFT plan's worth of passes: a rank-1 to rank-3 transform over distinct axes. For r2c and
 * c2r the real pass is the last (cuFFT's real dimension is the innermost); c2c passes are in
 * ascending axis order, so axes that already trail in order need no transposition.
 */
export interface FftStage {
  kind: FftPass['kind'];
  passes: FftPass[];
}

/** Chunks of at most 3 c2c passes, the highest axes first (they trail, so the first chunk needs no move). */
function complexChunks(passes: readonly FftPass[]): FftStage[] {
  const sorted = [...passes].sort((a, b) => b.axis - a.axis);
  const out: FftStage[] = [];
  for (let i = 0; i < sorted.length; i += 3) {
    out.push({ kind: 'c2c', passes: sorted.slice(i, i + 3).reverse() });
  }
  return out;
}

/**
 * The passes of a call grouped into cuFFT plans, in an order that gives NumPy's result: a
 * repeated axis makes every pass a stage of its own, in NumPy's order; otherwise c2c passes on
 * distinct axes commute, so they group by three; r2c takes up to two c2c passes into its plan
 * (a rank-k R2C is rfft on the last axis then c2c on the others); c2r runs all c2c passes first
 * and then a rank-1 C2R, since a multi-dimensional C2R assumes a Hermitian input and NumPy
 * drops the imaginary parts of X[…, 0] (and X[…, n/2]) only after the other axes are done.
 */
export function fftStages(passes: readonly FftPass[]): FftStage[] {
  const axes = passes.map((p) => p.axis);
  if (new Set(axes).size !== axes.length) return passes.map((p) => ({ kind: p.kind, passes: [p] }));
  const real = passes.find((p) => p.kind !== 'c2c');
  const complex = passes.filter((p) => p.kind === 'c2c');
  if (!real) return complexChunks(complex);
  if (real.kind === 'c2r') return [...complexChunks(complex), { kind: 'c2r', passes: [real] }];
  const sorted = [...complex].sort((a, b) => b.axis - a.axis);
  const joined = sorted.slice(0, 2).reverse();
  return [{ kind: 'r2c', passes: [...joined, real] }, ...complexChunks(sorted.slice(2))];
}

/** NumPy's norm modes: 'backward' scales the inverse by 1/n, 'forward' the forward transform, 'ortho' both by 1/√n. */
export type FftNormMode = 'backward' | 'ortho' | 'forward';

const roundTo: Record<'float16' | 'float32' | 'float64', (x: number) => number> = {
  float16: (x) => f16BitsToNumber(numberToF16Bits(x)),
  float32: Math.fround,
  float64: (x) => x,
};

/**
 * The factor NumPy multiplies each pass by, as numpy.fft's _raw_fft computes it: 1, 1/√n or 1/n
 * after swapping the mode for an inverse pass (and once more for hfft/ihfft), computed in the
 * pass input's real precision: float16 for the first pass over a float16 array (NumPy rounds
 * n, √n and the reciprocal to float16 there), float32 over float32 and complex64 data.
 */
export function passNormFactors(
  passes: readonly FftPass[], norm: FftNormMode, inverse: boolean, hermitian: boolean, input: string, precision: 'float32' | 'float64',
): number[] {
  const swap = (m: FftNormMode): FftNormMode => (m === 'backward' ? 'forward' : m === 'forward' ? 'backward' : 'ortho');
  const base = hermitian ? swap(norm) : norm;
  return passes.map((p, i) => {
    const forward = p.kind === 'c2c' ? !inverse : p.kind === 'r2c';
    const mode = forward ? base : swap(base);
    const r = roundTo[i === 0 && input === 'float16' ? 'float16' : precision];
    if (mode === 'backward') return 1;
    return mode === 'ortho' ? r(1 / r(Math.sqrt(r(p.n)))) : r(1 / r(p.n));
  });
}

/** The smallest 2·3·5·7-smooth length at least n (fast for cuFFT and the JS mixed radix alike). */
export function fastFftLength(n: number): number {
  let best = Infinity;
  for (let p7 = 1; p7 < 2 * n; p7 *= 7) {
    for (let p5 = p7; p5 < 2 * n; p5 *= 5) {
      for (let p3 = p5; p3 < 2 * n; p3 *= 3) {
        let p = p3;
        while (p < n) p *= 2;
        if (p < best) best = p;
      }
    }
  }
  return Math.max(1, best);
}
