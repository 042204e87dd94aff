// numpy.fft's transforms: fft, ifft, fft2, ifft2, fftn, ifftn, rfft, irfft, rfft2, irfft2, rfftn,
// irfftn, hfft, ihfft, with NumPy 2's signatures and rules (n / s, axis / axes, norm, out; the
// passes, shapes and dtypes of src/ir/fft-plan.ts). The transform is computed at the call, as
// matmul is: on the CUDA backend by cuFFT (./fft-cuda.ts), on the CPU backend, or where cuFFT is
// missing, by the JS FFT (./fft-host.ts). The result is computed data that lazy consumers read.
import { DTYPES, complex128, complex64, float32, float64, type DType } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import {
  fftOutputShape, fftPasses, fftResultDTypeName, passNormFactors, type FftFamily, type FftPass,
} from '../ir/fft-plan.js';
import { sourceNode, type SourceNode } from '../ir/graph.js';
import { checkArraySize, sizeOf } from '../ir/shape.js';
import type { CpuBuffer } from '../runtime/cpu-device.js';
import type { FftNorm, FloatData } from '../runtime/fft/lines.js';
import type { CufftPrecision } from '../runtime/cufft.js';
import { Cufft } from '../runtime/cufft.js';
import { arrayLike, listOf } from './array-params.js';
import { CudaRunner } from './cuda-runner.js';
import { conj } from './elementwise.js';
import { hostLayoutEngine } from './fft-layout-engine.js';
import { cufftEngine, stagedFft, type FftEngine } from './fft-stages.js';
import { hostFft, type FftWork } from './fft-host.js';
import { allocStored, cpuStored } from './host-data.js';
import { blank, copyOf } from './join-parts.js';
import { traceCut, traceLibrary } from './jit-trace.js';
import { inheritFaults } from './kernel-faults.js';
import { NDArray } from './ndarray.js';
import { asDtype } from './operands.js';
import { outArray, writeOut } from './out-param.js';
import type { Runner, Storage } from './runners.js';
import * as t from './param-types.js';
import { declare, positional, required } from './signature.js';

const normMode = t.nullable(t.oneOf('backward', 'ortho', 'forward'));
const intList = listOf(t.int, 'a list of integers');

const a = required('a', arrayLike);
const n = positional('n', t.nullable(t.int), null);
const axis = positional('axis', t.axis, -1);
const s = positional('s', t.nullable(intList), null);
const axesAll = positional('axes', t.nullable(intList), null);
const axesLastTwo = positional('axes', t.nullable(intList), [-2, -1], '(-2, -1)');
const norm = positional('norm', normMode, null, "None ('backward')");
const out = positional('out', outArray, null);

/** A call as NumPy's _raw_fft sees it: the family of passes, the direction of its c2c passes, hfft/ihfft. */
interface Transform {
  family: FftFamily;
  inverse: boolean;
  hermitian: FftWork['hermitian'];
}

const FFT: Transform = { family: 'c2c', inverse: false, hermitian: null };
const IFFT: Transform = { family: 'c2c', inverse: true, hermitian: null };
const RFFT: Transform = { family: 'r2c', inverse: false, hermitian: null };
const IRFFT: Transform = { family: 'c2r', inverse: true, hermitian: null };
const HFFT: Transform = { family: 'c2r', inverse: true, hermitian: 'hfft' };
const IHFFT: Transform = { family: 'r2c', inverse: false, hermitian: 'ihfft' };

let stagedOnHost = false;

/** Tests only: the CPU backend runs the GPU's staging (./fft-stages.ts) with a host stand-in for cuFFT. */
export function useStagedFftOnHost(enabled: boolean): void {
  stagedOnHost = enabled;
}

let cufftNotice: ((message: string) => void) | undefined = (message) => process.stderr.write(`${message}\n`);

/** Replaces the one-time "cuFFT missing" notice printer (tests silence it). */
export function setCufftNotice(printer: (message: string) => void): void {
  cufftNotice = printer;
}

function hasCufft(runner: CudaRunner): boolean {
  try {
    Cufft.for(runner.device);
    return true;
  } catch (err) {
    if ((err as CupytsError).code !== 'ERR_CUFFT_NOT_FOUND') throw err;
    cufftNotice?.(`cupyts: fft runs on the host (cuFFT was not found): ${(err as Error).message.split('\n')[0]}`);
    cufftNotice = undefined;
    return false;
  }
}

/** What runs the plans: cuFFT on the CUDA backend; on the CPU, the host stand-in where tests ask for it; else none (the JS FFT runs the passes). */
function engineFor(x: NDArray): FftEngine | undefined {
  if (x.runner instanceof CudaRunner) return hasCufft(x.runner) ? cufftEngine(x.runner) : undefined;
  return stagedOnHost ? hostLayoutEngine : undefined;
}

const complexOf = (p: CufftPrecision): DType => (p === 'float32' ? complex64 : complex128);
const realOf = (p: CufftPrecision): DType => (p === 'float32' ? float32 : float64);

function withOrigin(node: SourceNode, op: string, work: FftWork, where: string): SourceNode {
  node.origin = `${op}: JS FFT ${where}, passes ${work.passes.map((p) => `${p.kind} axis ${p.axis} n ${p.n}`).join(', ')}`;
  return node;
}

/** The JS FFT on the array's data (host memory, or a copy read from the device), the result stored back on the array's backend. */
function hostTransform(op: string, x: NDArray, work: FftWork, precision: CufftPrecision, outShape: number[]): NDArray {
  const inType = work.passes[0].kind === 'r2c' ? realOf(precision) : complexOf(precision);
  const outType = work.passes[work.passes.length - 1].kind === 'c2r' ? realOf(precision) : complexOf(precision);
  const runner = x.runner;
  const source = asDtype(x, inType);
  const size = sizeOf(outShape);
  if (runner instanceof CudaRunner) {
    traceCut(`${op}: the JS FFT reads the data back (cuFFT missing)`);
    const copy = copyOf(source).eval();
    const storage = copy.node.realized!.storage as Storage;
    const data = runner.read(storage, inType, copy.size) as FloatData;
    const result = allocStored(outType, size, 'fft') as FloatData;
    hostFft({ data, shape: copy.shape, strides: copy.node.realized!.strides, offset: 0 }, work, result);
    const stored = runner.upload(outType, result);
    inheritFaults(stored, [storage]);
    return new NDArray(withOrigin(sourceNode(outShape, outType, stored), op, work, 'on the host (cuFFT missing)'), runner);
  }
  source.eval();
  const input = source.node;
  const transform = (r: Runner): Storage => {
    const at = input.realized!;
    const data = cpuStored(inType, at.storage as CpuBuffer) as FloatData;
    const stored = r.alloc(outType, size);
    hostFft({ data, shape: input.shape, strides: at.strides, offset: at.offset }, work, cpuStored(outType, stored as CpuBuffer) as FloatData);
    inheritFaults(stored, [at.storage as object]);
    return stored;
  };
  const stored = transform(runner);
  // A cp.jit trace runs it again over a new input, as a library call.
  traceLibrary({ kind: 'library', name: op.replace('.', '_'), inputs: [input], run: transform, capturable: false }, stored);
  return new NDArray(withOrigin(sourceNode(outShape, outType, stored), op, work, 'on the CPU'), runner);
}

/** Computes the passes of one call and writes the result into `outArg` where given. */
function run(op: string, x: NDArray, passes: FftPass[], transform: Transform, mode: FftNorm | null, outArg: NDArray | null): NDArray {
  // fftn over no axes: NumPy returns its input as it is (its dtype too).
  if (passes.length === 0) return writeOut(op, outArg, x, { exactShape: true });
  let result = DTYPES[fftResultDTypeName(op, transform.family, x.dtype.name) as keyof typeof DTYPES];
  // A float16 result only from one c2r pass: NumPy's c2c passes before it make complex64 first.
  if (result.name === 'float16' && passes.length > 1) result = float32;
  const outShape = fftOutputShape(x.shape, passes);
  checkArraySize(op, outShape, result.itemsize);
  const precision: CufftPrecision = result === complex64 || result === float32 || result.name === 'float16' ? 'float32' : 'float64';
  const computed = transform.family === 'c2r' ? realOf(precision) : complexOf(precision);
  const norm = mode ?? 'backward';
  const scales = passNormFactors(passes, norm, transform.inverse, transform.hermitian !== null, x.dtype.name, precision);
  const work: FftWork = { passes, inverse: transform.inverse, norm, hermitian: transform.hermitian, scales };
  let y: NDArray;
  const empty = sizeOf(outShape) === 0 || x.size === 0;
  const engine = empty ? undefined : engineFor(x);
  if (empty) {
    y = blank(op, outShape, computed, x.runner); // the transform of zeros (an empty input is zero-padded)
  } else if (engine) {
    const pending = { scale: scales.reduce((f, k) => f * k, 1), conjugate: transform.hermitian === 'hfft' };
    y = stagedFft(op, engine, x, passes, precision, transform.inverse, pending);
    if (transform.hermitian === 'ihfft') y = conj(y);
  } else {
    y = hostTransform(op, x, work, precision, outShape);
  }
  if (y.dtype !== result) y = y.astype(result);
  return writeOut(op, outArg, y, { exactShape: true });
}

function checkN(op: string, value: number | null): void {
  if (value !== null && value < 1) {
    throw new CupytsError('ERR_ARG', `${op}: expected n to be at least 1 (the number of FFT data points), got ${value}`);
  }
}

function checkS(op: string, value: number[] | null): void {
  value?.forEach((d, i) => {
    if (d !== -1 && d < 1) throw new CupytsError('ERR_ARG', `${op}: expected s[${i}] to be at least 1, or -1 for the axis' length, got ${d}`);
  });
}

function oneAxis(op: string, transform: Transform) {
  return declare(op, [a, n, axis, norm, out], (v) => {
    checkN(op, v.n);
    const passes = fftPasses(op, v.a.shape, v.n === null ? null : [v.n], [v.axis], transform.family);
    return run(op, v.a, passes, transform, v.norm, v.out);
  });
}

function severalAxes(op: string, transform: Transform, axes: typeof axesAll | typeof axesLastTwo) {
  return declare(op, [a, s, axes, norm, out], (v) => {
    checkS(op, v.s);
    const passes = fftPasses(op, v.a.shape, v.s, v.axes, transform.family);
    return run(op, v.a, passes, transform, v.norm, v.out);
  });
}

/** fft.fft(a, n=None, axis=-1, norm=None, out=None): the 1-D discrete Fourier transform. */
export const fft = oneAxis('fft.fft', FFT);
/** fft.ifft(a, n=None, axis=-1, norm=None, out=None): the 1-D inverse discrete Fourier transform. */
export const ifft = oneAxis('fft.ifft', IFFT);
/** fft.rfft(a, n=None, axis=-1, norm=None, out=None): the 1-D transform of real input (n/2 + 1 terms). */
export const rfft = oneAxis('fft.rfft', RFFT);
/** fft.irfft(a, n=None, axis=-1, norm=None, out=None): the inverse of rfft (n defaults to 2·(m − 1)), real output. */
export const irfft = oneAxis('fft.irfft', IRFFT);
/** fft.hfft(a, n=None, axis=-1, norm=None, out=None): the transform of a Hermitian-symmetric signal (real spectrum). */
export const hfft = oneAxis('fft.hfft', HFFT);
/** fft.ihfft(a, n=None, axis=-1, norm=None, out=None): the inverse of hfft, from real input. */
export const ihfft = oneAxis('fft.ihfft', IHFFT);

/** fft.fft2(a, s=None, axes=(-2, -1), norm=None, out=None): the 2-D transform. */
export const fft2 = severalAxes('fft.fft2', FFT, axesLastTwo);
/** fft.ifft2(a, s=None, axes=(-2, -1), norm=None, out=None): the 2-D inverse transform. */
export const ifft2 = severalAxes('fft.ifft2', IFFT, axesLastTwo);
/** fft.rfft2(a, s=None, axes=(-2, -1), norm=None, out=None): the 2-D transform of real input. */
export const rfft2 = severalAxes('fft.rfft2', RFFT, axesLastTwo);
/** fft.irfft2(a, s=None, axes=(-2, -1), norm=None, out=None): the inverse of rfft2. */
export const irfft2 = severalAxes('fft.irfft2', IRFFT, axesLastTwo);
/** fft.fftn(a, s=None, axes=None, norm=None, out=None): the n-d transform (all axes by default). */
export const fftn = severalAxes('fft.fftn', FFT, axesAll);
/** fft.ifftn(a, s=None, axes=None, norm=None, out=None): the n-d inverse transform. */
export const ifftn = severalAxes('fft.ifftn', IFFT, axesAll);
/** fft.rfftn(a, s=None, axes=None, norm=None, out=None): the n-d transform of real input (rfft on the last axis). */
export const rfftn = severalAxes('fft.rfftn', RFFT, axesAll);
/** fft.irfftn(a, s=None, axes=None, norm=None, out=None): the inverse of rfftn, real output. */
export const irfftn = severalAxes('fft.irfftn', IRFFT, axesAll);
