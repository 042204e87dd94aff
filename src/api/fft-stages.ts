// numpy.fft through cuFFT plans, stage by stage (src/ir/fft-plan.ts fftStages), each stage one
// cuFFT plan (src/runtime/cufft.ts, cached), the FFT one node between lazy elementwise work.
// - A 1-D stage whose input is already computed data of the transform type runs where it lies:
//   cuFFT's advanced layout (stride, dist, batch; a few runs at offsets) reads a strided axis, a
//   column or a cropped line without a copy.
// - Otherwise one fused copy (a generated elementwise kernel, with the producers of the input
//   computed inside it) casts to the transform type, crops, conjugates (hfft), applies the norm
//   scale and moves the stage's axes last; zero padding writes that copy into a zeroed array.
// - The output is a fresh C-contiguous array (transposed back as a view where axes moved). A
//   norm scale that no copy took is a lazy multiply, which fuses into whatever reads the result.
import { complex128, complex64, float32, float64, type DType } from '../ir/dtype.js';
import { sourceNode, type Node } from '../ir/graph.js';
import { axisLayouts, contiguousStrides, fftStages, passOutputLength, type FftStage } from '../ir/fft-plan.js';
import { sizeOf } from '../ir/shape.js';
import type { CudaBuffer } from '../runtime/cuda-buffer.js';
import { Cufft, type CufftLayout, type CufftPlanSpec, type CufftPrecision } from '../runtime/cufft.js';
import { assign } from './assign.js';
import type { CudaRunner } from './cuda-runner.js';
import type { Runner, Storage } from './runners.js';
import { conj, multiply } from './elementwise.js';
import { alongAxis, blank, copyOf } from './join-parts.js';
import { traceLibrary } from './jit-trace.js';
import { inheritFaults } from './kernel-faults.js';
import { NDArray } from './ndarray.js';
import { contiguous, transpose } from './views.js';

/**
 * What runs one cuFFT plan: cuFFT itself on the CUDA backend (cufftEngine); the tests run the
 * same staging on the CPU backend with ./fft-layout-engine.ts, which reads the layout the same way.
 * Offsets count elements of each side's type.
 */
export interface FftEngine {
  execute(spec: CufftPlanSpec, input: Storage, inOffset: number, output: Storage, outOffset: number, inverse: boolean): void;
  /** How the last execution ran, for explain: the library, the plan and its cache outcome, the work area. */
  describe(spec: CufftPlanSpec): string;
}

const engines = new WeakMap<CudaRunner, FftEngine>();

/** cuFFT on the runner's device, plans from its cache (one engine per runner). */
export function cufftEngine(runner: CudaRunner): FftEngine {
  let engine = engines.get(runner);
  if (!engine) engines.set(runner, (engine = makeCufftEngine(runner)));
  return engine;
}

function makeCufftEngine(runner: CudaRunner): FftEngine {
  const cufft = Cufft.for(runner.device);
  const bytes = (spec: CufftPlanSpec, side: 'in' | 'out'): number => {
    const real = (spec.kind === 'r2c' && side === 'in') || (spec.kind === 'c2r' && side === 'out');
    return (spec.precision === 'float32' ? 4 : 8) * (real ? 1 : 2);
  };
  let cached = false;
  let workBytes = 0;
  return {
    execute(spec, input, inOffset, output, outOffset, inverse) {
      const from = (input as CudaBuffer).ptr + inOffset * bytes(spec, 'in');
      const to = (output as CudaBuffer).ptr + outOffset * bytes(spec, 'out');
      const misses = cufft.misses;
      const plan = cufft.plan(spec);
      cached = cufft.misses === misses;
      workBytes = plan.workBytes;
      cufft.execute(plan, from, to, inverse);
    },
    describe: (spec) => `cuFFT ${planText(spec)}, plan ${cached ? 'from the cache' : 'made'}, work area ${workBytes} B from the pool`,
  };
}

/** A plan spec in words: kind, precision, sizes, batch and each side's layout. */
export function planText(spec: CufftPlanSpec): string {
  const side = (l: CufftLayout) => `stride ${l.stride} dist ${l.dist}`;
  return `${spec.kind} ${spec.precision} ${spec.sizes.join('x')} batch ${spec.batch} (in ${side(spec.input)}, out ${side(spec.output)})`;
}

/** What the copy before the next stage still has to apply (taken by the first copy made). */
export interface Pending {
  scale: number;
  conjugate: boolean;
}

const complexOf = (p: CufftPrecision): DType => (p === 'float32' ? complex64 : complex128);
const realOf = (p: CufftPrecision): DType => (p === 'float32' ? float32 : float64);

function realizedAt(a: NDArray): { buffer: Storage; strides: readonly number[]; offset: number } {
  const r = a.node.realized ?? a.eval().node.realized!;
  return { buffer: r.storage as Storage, strides: r.strides, offset: r.offset };
}

/** A stage along one axis of computed data, read where it lies; null where the layout needs a copy. */
function runInPlace(op: string, engine: FftEngine, runner: Runner, x: NDArray, stage: FftStage, precision: CufftPrecision, inverse: boolean): NDArray | null {
  const [pass] = stage.passes;
  if (stage.passes.length !== 1 || stage.kind === 'c2r' || pass.n > x.shape[pass.axis]) return null;
  const inType = stage.kind === 'r2c' ? realOf(precision) : complexOf(precision);
  if (x.dtype !== inType) return null;
  const source = realizedAt(x);
  const inShape = x.shape.map((d, j) => (j === pass.axis ? pass.n : d));
  const outShape = x.shape.map((d, j) => (j === pass.axis ? passOutputLength(pass) : d));
  const layouts = axisLayouts({ shape: inShape, strides: source.strides }, { shape: outShape, strides: contiguousStrides(outShape) }, pass.axis);
  if (!layouts) return null;
  const { input: i, output: o } = layouts;
  // cuFFT refused a real-to-complex plan over a strided real input (CUFFT_INVALID_VALUE on the
  // H200, session 9): such input is copied instead. Unit-stride lines whose starts lie on a
  // complex element's boundary (as cuFFT's R2C alignment asks) stay in place.
  const evenStarts = source.offset % 2 === 0 && (i.repeat === 1 || i.step % 2 === 0) && (i.batch === 1 || i.dist % 2 === 0);
  if (stage.kind === 'r2c' && (i.stride !== 1 || !evenStarts)) return null;
  const spec: CufftPlanSpec = {
    kind: stage.kind, precision, sizes: [pass.n], batch: i.batch,
    input: { embed: [inShape[pass.axis]], stride: i.stride, dist: i.dist },
    output: { embed: [outShape[pass.axis]], stride: o.stride, dist: o.dist },
  };
  const outType = complexOf(precision);
  const runs = Array.from({ length: i.repeat }, (_, k) => ({ input: k * i.step, output: k * o.step }));
  const out = executeStage(engine, runner, x.node, spec, outType, sizeOf(outShape), runs, inverse);
  const node = sourceNode(outShape, outType, out);
  node.origin = `${op}: ${engine.describe(spec)}${i.repeat > 1 ? `, run ${i.repeat} times` : ''}, in place`;
  return new NDArray(node, runner);
}

/**
 * Runs `spec` over the computed data of `input` into a fresh buffer of `size` elements, once per
 * entry of `runs` (element offsets past the input's own offset, and into the output), and
 * reports it to an open cp.jit trace as a library call it can run again over a new input.
 */
function executeStage(
  engine: FftEngine, runner: Runner, input: Node, spec: CufftPlanSpec, outType: DType, size: number,
  runs: ReadonlyArray<{ input: number; output: number }>, inverse: boolean,
): Storage {
  const run = (r: Runner): Storage => {
    const source = input.realized!;
    const out = r.alloc(outType, size);
    for (const k of runs) engine.execute(spec, source.storage as Storage, source.offset + k.input, out, k.output, inverse);
    inheritFaults(out, [source.storage as object]);
    return out;
  };
  const out = run(runner);
  const name = `fft_${spec.kind}_${spec.precision}_${spec.sizes.join('x')}_batch_${spec.batch}`;
  traceLibrary({ kind: 'library', name, inputs: [input], run, capturable: false }, out);
  return out;
}

/**
 * The stage's input as one fresh C-contiguous array with the stage's axes last (in stage order):
 * cast, cropped, conjugated and scaled as `pending` says, zero-padded where a length grows.
 */
function stagedCopy(x: NDArray, stage: FftStage, inType: DType, pending: Pending, order: number[]): NDArray {
  let v = x.dtype === inType ? x : x.astype(inType);
  const lengths = stage.passes.map((p) => (p.kind === 'c2r' ? Math.floor(p.n / 2) + 1 : p.n));
  stage.passes.forEach((p, i) => {
    if (lengths[i] < v.shape[p.axis]) v = alongAxis(v, p.axis, 0, lengths[i]);
  });
  if (pending.conjugate) v = conj(v);
  if (pending.scale !== 1) v = multiply(v, pending.scale);
  v = transpose(v, order);
  const k = stage.passes.length;
  const padded = v.shape.map((d, j) => (j >= v.ndim - k ? lengths[j - (v.ndim - k)] : d));
  if (padded.some((d, j) => d !== v.shape[j])) {
    const zeros = blank('fft', padded, inType, x.runner);
    assign('fft', v.shape.reduce((t, d, j) => alongAxis(t, j, 0, d), zeros), v);
    return zeros.eval();
  }
  // c2r overwrites its input, so it always gets a copy of its own.
  return stage.kind === 'c2r' ? copyOf(v).eval() : contiguous(v);
}

/** A stage through one rank-k plan on a staged copy; the result is transposed back. */
function runCopied(op: string, engine: FftEngine, runner: Runner, x: NDArray, stage: FftStage, precision: CufftPrecision, inverse: boolean, pending: Pending): NDArray {
  const inType = stage.kind === 'r2c' ? realOf(precision) : complexOf(precision);
  const outType = stage.kind === 'c2r' ? realOf(precision) : complexOf(precision);
  const stageAxes = stage.passes.map((p) => p.axis);
  const order = [...x.shape.map((_, j) => j).filter((j) => !stageAxes.includes(j)), ...stageAxes];
  const staged = stagedCopy(x, stage, inType, pending, order);
  pending.scale = 1;
  pending.conjugate = false;
  const k = stage.passes.length;
  const inDims = staged.shape.slice(-k);
  const outDims = stage.passes.map((p) => passOutputLength(p));
  const outShape = [...staged.shape.slice(0, -k), ...outDims];
  const batch = sizeOf(staged.shape.slice(0, -k));
  const side = (dims: number[]): CufftLayout => ({ embed: dims, stride: 1, dist: sizeOf(dims) });
  const spec: CufftPlanSpec = { kind: stage.kind, precision, sizes: stage.passes.map((p) => p.n), batch, input: side(inDims), output: side(outDims) };
  realizedAt(staged);
  const out = executeStage(engine, runner, staged.node, spec, outType, sizeOf(outShape), [{ input: 0, output: 0 }], inverse);
  const node = sourceNode(outShape, outType, out);
  node.origin = `${op}: ${engine.describe(spec)}, ${staged === x ? 'in place' : 'after a fused copy'}`;
  const result = new NDArray(node, runner);
  const back = order.map((_, j) => order.indexOf(j));
  // The transform's axes go back where they were: a computed view of `node`, whose origin
  // explain finds through it (src/ir/graph.ts dataOrigin).
  return transpose(result, back);
}

/**
 * The passes of a call on the GPU, returning the transform with the norm scale and hfft's input
 * conjugation applied (the caller adds ihfft's output conjugation and the result dtype).
 * `x` and the result are non-empty.
 */
export function stagedFft(
  op: string, engine: FftEngine, x: NDArray, passes: Parameters<typeof fftStages>[0], precision: CufftPrecision,
  inverse: boolean, pending: Pending,
): NDArray {
  const runner = x.runner;
  let current = x;
  for (const stage of fftStages(passes)) {
    const direction = stage.kind === 'c2c' ? inverse : stage.kind === 'c2r';
    const inPlace = pending.conjugate ? null : runInPlace(op, engine, runner, current, stage, precision, direction);
    current = inPlace ?? runCopied(op, engine, runner, current, stage, precision, direction, pending);
  }
  return pending.scale === 1 ? current : multiply(current, pending.scale);
}
