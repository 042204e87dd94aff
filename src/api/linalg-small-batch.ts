// LU solves and factors of many small real matrices on the GPU, one launch each
// (../codegen/linalg-small-lu.ts), where cuSOLVER would take a getrf and a getrs call per matrix:
// the row-major input is read as it is (copied only where it is not contiguous), the result is
// written row-major, inv makes its identity right-hand side in registers, and a zero pivot raises
// LinAlgError at the first read of the result through one flag slot (./kernel-faults.ts).
import { int32, type DType } from '../ir/dtype.js';
import { smallLuKernel, SMALL_LU_BLOCK, type SmallLuDType, type SmallLuKernel, type SmallLuMode } from '../codegen/linalg-small-lu.js';
import type { CudaBuffer } from '../runtime/cuda-buffer.js';
import { CudaRunner } from './cuda-runner.js';
import { inheritFaults, noteSolverInfo } from './kernel-faults.js';
import { linalgError, packedArray } from './linalg-batch.js';
import type { NDArray } from './ndarray.js';
import { contiguous } from './views.js';

/** The largest side and the fewest matrices for which the one-launch kernels replace per-matrix cuSOLVER calls. */
export const SMALL_SIDE_MAX = 16;
export const SMALL_BATCH_MIN = 16;
/** Right-hand-side columns a thread holds at a time. */
const CHUNK_MAX = 16;

/** Whether a batch of `batch` n x n matrices of `dtype` on `runner` takes the one-launch kernels. */
export function usesSmallBatch(runner: unknown, dtype: DType, batch: number, n: number): boolean {
  return runner instanceof CudaRunner && (dtype.name === 'float32' || dtype.name === 'float64') && n <= SMALL_SIDE_MAX && batch >= SMALL_BATCH_MIN;
}

const kernels = new Map<string, SmallLuKernel>();

function kernelFor(dtype: DType, n: number, mode: SmallLuMode, chunk: number): SmallLuKernel {
  const key = `${dtype.name}/${n}/${mode}/${chunk}`;
  let k = kernels.get(key);
  if (!k) kernels.set(key, (k = smallLuKernel(dtype.name as SmallLuDType, n, mode, chunk)));
  return k;
}

/** The device address of a computed contiguous array's first element. */
function addressOf(x: NDArray): number {
  const r = x.node.realized!;
  return (r.storage as CudaBuffer).readPtr + r.offset * x.dtype.itemsize;
}

function launch(runner: CudaRunner, k: SmallLuKernel, batch: number, args: number[], nrhs: number): void {
  const grid = Math.ceil(batch / k.matricesPerBlock);
  runner.sourceKernel(k.name, k.source).launch(grid, SMALL_LU_BLOCK, 'pppppli', [...args, batch, nrhs]);
}

/**
 * X (batch, n, k) with A X = B for A (batch, n, n) and B (batch, n, k), or with B the identity
 * where `b` is null (inv). A singular A raises `op`'s LinAlgError at the read unless `quiet`.
 */
export function smallSolve(op: string, a: NDArray, b: NDArray | null, quiet: boolean): NDArray {
  const runner = a.runner as CudaRunner;
  const [batch, n] = a.shape;
  const nrhs = b ? b.shape[2] : n;
  const A = contiguous(a);
  const B = b ? contiguous(b) : null;
  const x = runner.alloc(a.dtype, batch * n * nrhs) as CudaBuffer;
  const flags = runner.takeFlags(1);
  const k = kernelFor(a.dtype, n, B ? 'solve' : 'inv', Math.min(nrhs, CHUNK_MAX));
  launch(runner, k, batch, [addressOf(A), B ? addressOf(B) : 0, x.ptr, 0, flags.ptr], nrhs);
  const inputs = [A, ...(B ? [B] : [])].map((v) => v.node.realized!.storage as object);
  if (quiet) inheritFaults(x, inputs);
  else noteSolverInfo(x, inputs, flags.block, 1, linalgError(op, 'singular'));
  return packedArray(runner, x, a.dtype, [batch, n, nrhs]);
}

/** getrf's packed L\U factors (batch, n, n) of A (batch, n, n) and its 1-based pivots (batch, n); no error for a singular matrix. */
export function smallLu(a: NDArray): { lu: NDArray; piv: NDArray } {
  const runner = a.runner as CudaRunner;
  const [batch, n] = a.shape;
  const A = contiguous(a);
  const lu = runner.alloc(a.dtype, batch * n * n) as CudaBuffer;
  const piv = runner.alloc(int32, batch * n) as CudaBuffer;
  launch(runner, kernelFor(a.dtype, n, 'lu', 1), batch, [addressOf(A), 0, lu.ptr, piv.ptr, 0], n);
  const inputs = [A.node.realized!.storage as object];
  inheritFaults(lu, inputs);
  inheritFaults(piv, inputs);
  return { lu: packedArray(runner, lu, a.dtype, [batch, n, n]), piv: packedArray(runner, piv, int32, [batch, n]) };
}
