// numpy.fft's passes on host memory (../runtime/fft/): each pass transforms one axis of a strided
// n-d array where it lies (crop and zero padding included) into a fresh C-contiguous float64
// buffer, and the last pass stores into the result's own typed array, so a complex64 result is
// rounded once. The CPU backend runs every transform this way; the CUDA backend does too where
// cuFFT is missing (after a one-time notice).
import { float64 } from '../ir/dtype.js';
import { contiguousStrides, passOutputLength, type FftPass } from '../ir/fft-plan.js';
import { sizeOf } from '../ir/shape.js';
import { fftLines, type FftNorm, type FloatData, type Lines } from '../runtime/fft/lines.js';
import { hfftLines, ihfftLines, irfftLines, rfftLines } from '../runtime/fft/real-lines.js';
import { allocStored } from './host-data.js';

/** An n-d array in host memory: element strides and offset (a complex element is one (re, im) pair). */
export interface HostFloats {
  data: FloatData;
  shape: readonly number[];
  strides: readonly number[];
  offset: number;
}

/** What a call computes: its passes in NumPy's order, the c2c direction, the norm, and hfft/ihfft's conjugations. */
export interface FftWork {
  passes: readonly FftPass[];
  inverse: boolean;
  norm: FftNorm;
  hermitian: 'hfft' | 'ihfft' | null;
  /** Each pass' norm factor as NumPy computes it (src/ir/fft-plan.ts passNormFactors). */
  scales: readonly number[];
}

function linesOf(a: HostFloats, axis: number): Lines {
  return { data: a.data, offset: a.offset, stride: a.strides[axis], batchStrides: a.strides.filter((_, j) => j !== axis) };
}

function runPass(pass: FftPass, scale: number, work: FftWork, input: HostFloats, output: HostFloats): void {
  const { axis, n } = pass;
  const spec = { batchShape: output.shape.filter((_, j) => j !== axis), n, inputLength: input.shape[axis], norm: work.norm, scale };
  const from = linesOf(input, axis);
  const to = linesOf(output, axis);
  if (pass.kind === 'c2c') fftLines(from, to, spec, work.inverse);
  else if (pass.kind === 'r2c') (work.hermitian === 'ihfft' ? ihfftLines : rfftLines)(from, to, spec);
  else (work.hermitian === 'hfft' ? hfftLines : irfftLines)(from, to, spec);
}

/**
 * Runs the passes of `work` from `input` into `output`, a C-contiguous typed array of the
 * result's shape (interleaved where the result is complex). Passes between hold float64.
 */
export function hostFft(input: HostFloats, work: FftWork, output: FloatData): void {
  let current = input;
  work.passes.forEach((pass, i) => {
    const shape = current.shape.map((d, j) => (j === pass.axis ? passOutputLength(pass) : d));
    const slots = pass.kind === 'c2r' ? 1 : 2;
    const data = i === work.passes.length - 1 ? output : (allocStored(float64, sizeOf(shape) * slots, 'fft') as Float64Array);
    const next: HostFloats = { data, shape, strides: contiguousStrides(shape), offset: 0 };
    runPass(pass, work.scales[i], work, current, next);
    current = next;
  });
}
