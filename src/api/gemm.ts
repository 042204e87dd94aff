// Running one batched row-major GEMM on the arrays' backend: cuBLAS for float16/32/64 and
// complex64/128 (cgemm, zgemm) on the GPU, a generated CUDA kernel for integers and bool (and for floats where cuBLAS is missing,
// after a one-time notice saying why), and a generated JS loop on the CPU path.
import { generateMatmulCuda, generateMatmulJs, MATMUL_TILE } from '../codegen/matmul.js';
import type { DType } from '../ir/dtype.js';
import type { Node } from '../ir/graph.js';
import { CupytsError } from '../ir/errors.js';
import { Cublas, type GemmDType } from '../runtime/cublas.js';
import { isThreadShared, type CpuBuffer } from '../runtime/cpu-device.js';
import type { CudaBuffer } from '../runtime/cuda-buffer.js';
import { cpuStored } from './host-data.js';
import { inheritFaults } from './kernel-faults.js';
import type { NDArray } from './ndarray.js';
import { PARALLEL_MIN_WORK } from './cpu-parallel.js';
import { CpuRunner } from './cpu-runner.js';
import { CudaRunner } from './cuda-runner.js';
import type { Runner, Storage } from './runners.js';
import { config } from './settings.js';
import { traceLibrary } from './jit-trace.js';

/**
 * C (batch, m, n), contiguous, = A @ B where A and B are computed, row-major per matrix, or
 * column-major where `transA` (`transB`) says the operand is stored as its transpose.
 */
export interface Gemm {
  dtype: DType;
  batch: number;
  m: number;
  n: number;
  k: number;
  a: NDArray;
  b: NDArray;
  /** Elements between consecutive matrices of A (B); 0 repeats one matrix. */
  strideA: number;
  strideB: number;
  transA?: boolean;
  transB?: boolean;
  /** Conjugate A (complex dtypes; A must be stored transposed or have one row, m = 1). */
  conjA?: boolean;
}

/** Element strides (row, column) of A's and B's matrices. */
function matrixStrides(g: Gemm): [number, number, number, number] {
  return [...(g.transA ? [1, g.m] : [g.k, 1]), ...(g.transB ? [1, g.k] : [g.n, 1])] as [number, number, number, number];
}

let cublasNotice: ((message: string) => void) | undefined = (message) => process.stderr.write(`${message}\n`);

/** Replaces the one-time "cuBLAS missing" notice printer (tests silence it). */
export function setCublasNotice(printer: (message: string) => void): void {
  cublasNotice = printer;
}

function cublasFor(runner: CudaRunner): Cublas | undefined {
  try {
    return Cublas.for(runner.device);
  } catch (err) {
    if ((err as CupytsError).code !== 'ERR_CUBLAS_NOT_FOUND') throw err;
    cublasNotice?.(`cupyts: matmul uses a generated kernel (slower than cuBLAS): ${(err as Error).message.split('\n')[0]}`);
    cublasNotice = undefined;
    return undefined;
  }
}

/** The computed operands' nodes (a replay reads them: the NDArrays may be disposed by then, as by cp.tidy). */
type Operands = [Node, Node];

const offsetOf = (a: Node) => a.realized!.offset;

function runCuda(runner: CudaRunner, g: Gemm, [a, b]: Operands, out: CudaBuffer): void {
  const ptr = (x: Node) => (x.realized!.storage as CudaBuffer).readPtr + offsetOf(x) * g.dtype.itemsize;
  if (g.dtype.kind === 'f' || g.dtype.kind === 'c') {
    const cublas = cublasFor(runner);
    if (cublas) {
      cublas.gemm({ dtype: g.dtype.name as GemmDType, batch: g.batch, m: g.m, n: g.n, k: g.k, a: ptr(a), b: ptr(b), c: out.ptr,
        strideA: g.strideA, strideB: g.strideB, transA: g.transA, transB: g.transB, conjA: g.conjA, allowTF32: config.allowTF32 });
      return;
    }
  }
  if ([g.m, g.n, g.k, g.batch].some((d) => d > 2 ** 31 - 1)) {
    throw new CupytsError('ERR_ARG', `matmul: expected dimensions below 2^31, got (${g.m}, ${g.k}) @ (${g.k}, ${g.n}) x ${g.batch}`);
  }
  const gen = generateMatmulCuda(g.dtype);
  const kernel = runner.sourceKernel(gen.name, gen.source);
  const grid: [number, number, number] = [Math.ceil(g.n / MATMUL_TILE), Math.ceil(g.m / MATMUL_TILE), Math.min(g.batch, 65535)];
  if (grid[1] > 65535) throw new CupytsError('ERR_ARG', `matmul: expected at most ${65535 * MATMUL_TILE} rows for the generated kernel, got ${g.m}`);
  kernel.launch(grid, [MATMUL_TILE, MATMUL_TILE, 1], 'pppiiiilllllli', [ptr(a), ptr(b), out.ptr, g.batch, g.m, g.n, g.k, BigInt(g.strideA),
    BigInt(g.strideB), ...matrixStrides(g).map(BigInt), g.conjA ? 1 : 0]);
}

function runCpu(runner: CpuRunner, g: Gemm, [a, b]: Operands, out: CpuBuffer): void {
  const gen = generateMatmulJs(g.dtype);
  const kernel = runner.device.compile(gen.name, gen.source);
  const view = (x: Node) => cpuStored(g.dtype, x.realized!.storage as CpuBuffer, offsetOf(x) * g.dtype.itemsize);
  const args = [view(a), view(b), cpuStored(g.dtype, out), g.batch, g.m, g.n, g.k, g.strideA, g.strideB, ...matrixStrides(g), g.conjA ?? false];
  const threads = config.cpuThreads;
  const pool = g.dtype.kind === 'f' && threads > 1 && g.batch * g.m * g.n * g.k >= PARALLEL_MIN_WORK * 64 && g.m >= 2 * threads
    && args.slice(0, 3).every((v) => isThreadShared((v as { buffer: ArrayBufferLike }).buffer)) ? runner.device.threadPool(threads) : undefined;
  if (!pool) {
    kernel.run(...args);
    return;
  }
  // Blocks of rows: each output is summed by one thread in the same order (bitwise the same).
  const rows = Math.ceil(g.m / (2 * threads) / 8) * 8;
  const parts: number[][] = [];
  for (let lo = 0; lo < g.m; lo += rows) parts.push([lo, Math.min(g.m, lo + rows)]);
  pool.run(gen.name, kernel.source, kernel.fn, args, parts);
}

/** What a launch list calls the GEMM (cp.jit's explain). */
const gemmName = (g: Gemm): string => `gemm_${g.dtype.name}_${g.batch > 1 ? `${g.batch}x` : ''}${g.m}x${g.k}x${g.n}${g.transA ? '_tA' : ''}${g.transB ? '_tB' : ''}`;

/** Queues the GEMM and returns the new output storage (which carries its inputs' kernel errors). */
export function runGemm(runner: Runner, g: Gemm): Storage {
  return runGemmOn(runner, g, [g.a.node, g.b.node]);
}

function runGemmOn(runner: Runner, g: Gemm, operands: Operands): Storage {
  // Checked on every backend, so that the CPU tests catch what cuBLAS would refuse.
  if (g.conjA && g.m !== 1 && !g.transA) throw new CupytsError('ERR_INTERNAL', 'matmul: a conjugated A must be stored transposed or be one row');
  const bytes = g.batch * g.m * g.n * g.dtype.itemsize;
  let out: Storage;
  if (runner instanceof CudaRunner) {
    out = runner.device.alloc(bytes);
    if (bytes > 0) runCuda(runner, g, operands, out);
  } else {
    out = (runner as CpuRunner).device.alloc(bytes);
    if (bytes > 0) runCpu(runner as CpuRunner, g, operands, out as CpuBuffer);
  }
  inheritFaults(out, operands.map((x) => x.realized!.storage as object));
  traceLibrary({ kind: 'library', name: gemmName(g), inputs: operands, run: (r) => runGemmOn(r, g, operands), capturable: true }, out);
  return out;
}
