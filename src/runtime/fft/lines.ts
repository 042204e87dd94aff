// Batched, strided complex FFTs on the CPU: the transform runs along one axis of an n-d array in
// place of a copy. Each line is gathered into a contiguous float64 buffer (widening float32),
// transformed, scaled for the norm mode and scattered to the output (rounding to float32 there),
// so an input and output that are the same array with the same layout may alias.
//
// Layouts count in elements: a complex element is one interleaved (re, im) pair, so a complex
// stride of 1 means the next pair; real data counts single floats.
import { CupytsError } from '../../ir/errors.js';
import { complexPlan, lineScratch, runComplexPlan, type FftSign } from './complex-plans.js';

export type FloatData = Float64Array | Float32Array;
export type FftNorm = 'backward' | 'ortho' | 'forward';

/** Where the lines of one array lie: the first line's offset, the stride along a line, the batch strides. */
export interface Lines {
  data: FloatData;
  offset: number;
  stride: number;
  batchStrides: readonly number[];
}

/** One batched transform: the batch shape (shared by input and output), the transform length n, the elements each input line holds (cropped or zero-padded to what n needs), the norm mode. */
export interface LineTransform {
  batchShape: readonly number[];
  n: number;
  inputLength: number;
  norm: FftNorm;
  /** The factor applied on store, where the caller sets it (NumPy rounds it to the data's precision); normScale(norm, …) otherwise. */
  scale?: number;
}

/** The factor a transform of length n is multiplied by: NumPy's norm modes, forward or inverse. */
export function normScale(norm: FftNorm, n: number, inverse: boolean): number {
  if (norm === 'ortho') return 1 / Math.sqrt(n);
  const scaled = inverse ? norm === 'backward' : norm === 'forward';
  return scaled ? 1 / n : 1;
}

/** NumPy's norm swap for hfft/ihfft ('backward' ↔ 'forward'). */
export function swapNorm(norm: FftNorm): FftNorm {
  return norm === 'backward' ? 'forward' : norm === 'forward' ? 'backward' : 'ortho';
}

/** Throws NumPy's error for a transform length below 1. */
export function checkLength(op: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new CupytsError('ERR_ARG', `${op}: expected a number of FFT data points of at least 1, got ${n}`);
  }
}

/** Calls visit(inStart, outStart) for every line of the batch, in C order. */
export function forEachLine(
  shape: readonly number[], input: Lines, output: Lines, visit: (inStart: number, outStart: number) => void,
): void {
  if (shape.some((d) => d === 0)) return;
  const index = new Array<number>(shape.length).fill(0);
  let inAt = input.offset;
  let outAt = output.offset;
  for (;;) {
    visit(inAt, outAt);
    let axis = shape.length - 1;
    for (; axis >= 0; axis--) {
      index[axis]++;
      inAt += input.batchStrides[axis];
      outAt += output.batchStrides[axis];
      if (index[axis] < shape[axis]) break;
      inAt -= index[axis] * input.batchStrides[axis];
      outAt -= index[axis] * output.batchStrides[axis];
      index[axis] = 0;
    }
    if (axis < 0) return;
  }
}

/** Copies `count` complex elements of a strided line into a contiguous float64 line, zero-filling up to its end. */
export function gatherComplex(src: FloatData, start: number, stride: number, count: number, line: Float64Array): void {
  if (stride === 1) {
    line.set(src.subarray(2 * start, 2 * (start + count))); // widens float32 as it copies
    line.fill(0, 2 * count);
    return;
  }
  for (let k = 0; k < count; k++) {
    line[2 * k] = src[2 * (start + k * stride)];
    line[2 * k + 1] = src[2 * (start + k * stride) + 1];
  }
  line.fill(0, 2 * count);
}

/** Writes `count` complex elements of a contiguous line, times `scale`, to a strided line. */
export function scatterComplex(line: Float64Array, scale: number, dst: FloatData, start: number, stride: number, count: number): void {
  if (stride === 1 && scale === 1) {
    dst.set(line.subarray(0, 2 * count), 2 * start); // rounds to float32 as it copies
    return;
  }
  for (let k = 0; k < count; k++) {
    dst[2 * (start + k * stride)] = line[2 * k] * scale;
    dst[2 * (start + k * stride) + 1] = line[2 * k + 1] * scale;
  }
}

/**
 * fft / ifft along one axis: complex input lines (inputLength elements each, cropped or
 * zero-padded to n) to complex output lines of n elements.
 */
export function fftLines(input: Lines, output: Lines, spec: LineTransform, inverse: boolean): void {
  checkLength(inverse ? 'ifft' : 'fft', spec.n);
  const { n } = spec;
  const sign: FftSign = inverse ? 1 : -1;
  const plan = complexPlan(n, sign);
  const scratch = lineScratch(plan);
  const scale = spec.scale ?? normScale(spec.norm, n, inverse);
  const used = Math.min(spec.inputLength, n);
  forEachLine(spec.batchShape, input, output, (inAt, outAt) => {
    gatherComplex(input.data, inAt, input.stride, used, scratch.line);
    const result = runComplexPlan(plan, scratch);
    scatterComplex(result, scale, output.data, outAt, output.stride, n);
  });
}

/** The complex FFT of one contiguous interleaved array (a single line), returned as a new array of the same precision. */
export function fft1d(data: FloatData, options: { n?: number; inverse?: boolean; norm?: FftNorm } = {}): FloatData {
  const length = data.length / 2;
  const n = options.n ?? length;
  checkLength(options.inverse ? 'ifft' : 'fft', n);
  const out = new (data.constructor as Float64ArrayConstructor | Float32ArrayConstructor)(2 * n);
  const spec = { batchShape: [], n, inputLength: length, norm: options.norm ?? 'backward' } as const;
  fftLines({ data, offset: 0, stride: 1, batchStrides: [] }, { data: out, offset: 0, stride: 1, batchStrides: [] }, spec, !!options.inverse);
  return out;
}
