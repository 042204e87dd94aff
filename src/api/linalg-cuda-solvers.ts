// The solvers of the CUDA backend: cuSOLVER (../runtime/cusolver.ts) on a batch of column-major
// matrices (LU of many small real matrices takes ./linalg-small-batch.ts before this), in place where
// the result has the input's shape. Each returns the devInfo block (one int32 per matrix, on the
// device): it is read with the data it concerns, never waited for here.
import { complexOf, int32, realPartDType, type DType } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import type { CudaBuffer } from '../runtime/cuda-buffer.js';
import { Cusolver, isSolverDType, type MatrixBatch as DeviceBatch } from '../runtime/cusolver.js';
import { CudaRunner } from './cuda-runner.js';
import type { FlagBlock } from './kernel-faults.js';
import type { MatrixBatch, SolverInfo } from './linalg-batch.js';
import type { Storage } from './runners.js';

function solverFor(b: MatrixBatch): Cusolver {
  return Cusolver.for((b.runner as CudaRunner).device);
}

function device(b: MatrixBatch, storage: Storage = b.storage, rows = b.rows, cols = b.cols): DeviceBatch {
  if (!isSolverDType(b.dtype.name)) throw new CupytsError('ERR_DTYPE', `linalg: cuSOLVER has no ${b.dtype.name} solver here`);
  return { dtype: b.dtype.name, batch: b.batch, rows, cols, ptr: (storage as CudaBuffer).ptr };
}

const alloc = (b: MatrixBatch, dtype: DType, count: number): CudaBuffer => b.runner.alloc(dtype, Math.max(count, 1)) as CudaBuffer;

/** The block that reads `count` int32 flags from `buffer` (with the results they concern: no wait of its own). */
export function cudaFlags(buffer: Storage, count: number): FlagBlock {
  let values: Int32Array | undefined;
  return {
    known: () => values,
    read: () => {
      if (!values) {
        const v = new Int32Array(count);
        (buffer as CudaBuffer).read(v);
        values = v;
      }
      return values;
    },
    readAsync: async () => {
      if (!values) {
        const v = new Int32Array(count);
        await (buffer as CudaBuffer).readAsync(v);
        values = v;
      }
      return values;
    },
  };
}

/** A zeroed int32 per matrix, and the block that reads it back with the results. */
function infoBuffer(b: MatrixBatch): { buffer: CudaBuffer; info: SolverInfo } {
  const buffer = alloc(b, int32, b.batch);
  buffer.fillBytes(0);
  return { buffer, info: { block: cudaFlags(buffer, b.batch), count: b.batch } };
}

/** LU (getrf), cuSOLVER per matrix. */
export function cudaLu(a: MatrixBatch): { piv: Storage; info: SolverInfo } {
  const piv = alloc(a, int32, a.batch * a.rows);
  const { buffer, info } = infoBuffer(a);
  solverFor(a).getrf(device(a), piv.ptr, buffer.ptr);
  return { piv, info };
}

export function cudaLuSolve(lu: MatrixBatch, piv: Storage, b: MatrixBatch): void {
  const scratch = infoBuffer(b);
  solverFor(b).getrs(device(lu), (piv as CudaBuffer).ptr, device(b), scratch.buffer.ptr);
}

/** Cholesky in place of the lower (or upper) triangle of the column-major matrices; the other strict triangle keeps what it held. */
export function cudaCholesky(a: MatrixBatch): SolverInfo {
  const { buffer, info } = infoBuffer(a);
  solverFor(a).potrf(device(a), true, buffer.ptr);
  return info;
}

/** Householder QR: R in the upper triangle of `a` (in place), and Q's first `qcols` columns unless qcols is 0. */
export function cudaQr(a: MatrixBatch, qcols: number): { q?: Storage } {
  const { rows: m, cols: n } = a;
  const k = Math.min(m, n);
  const solver = solverFor(a);
  const tau = alloc(a, a.dtype, a.batch * k);
  const scratch = infoBuffer(a);
  solver.geqrf(device(a), tau.ptr, scratch.buffer.ptr);
  if (qcols === 0) return {};
  const q = alloc(a, a.dtype, a.batch * m * qcols);
  q.fillBytes(0);
  const size = a.dtype.itemsize;
  const src = (a.storage as CudaBuffer).ptr;
  const addon = solver.device.addon;
  // The reflectors (the first min(qcols, n) columns of each matrix) into Q's place, then orgqr.
  for (let i = 0; i < a.batch; i++) {
    addon.memcpyDtoD(q.ptr + i * m * qcols * size, src + i * m * n * size, m * Math.min(qcols, n) * size, solver.device.stream);
  }
  solver.orgqr(device(a, q, m, qcols), k, tau.ptr, scratch.buffer.ptr);
  return { q };
}

export function cudaSvd(a: MatrixBatch, vectors: boolean, full: boolean): { s: Storage; u?: Storage; v?: Storage; ucols: number; vcols: number; info: SolverInfo } {
  const { rows: m, cols: n } = a;
  const k = Math.min(m, n);
  const solver = solverFor(a);
  const fullOut = full || solver.gesvdjIsFull(a);
  const ucols = fullOut ? m : k;
  const vcols = fullOut ? n : k;
  const s = alloc(a, realPartDType(a.dtype), a.batch * k);
  const u = alloc(a, a.dtype, a.batch * m * ucols);
  const v = alloc(a, a.dtype, a.batch * n * vcols);
  const { buffer, info } = infoBuffer(a);
  solver.gesvdj(device(a), s.ptr, u.ptr, v.ptr, vectors, !fullOut, buffer.ptr);
  return vectors ? { s, u, v, ucols, vcols, info } : { s, ucols: 0, vcols: 0, info };
}

/** Symmetric (Hermitian: heevd, heevjBatched) eigenvalues (ascending, real) into a new buffer; with `vectors`, eigenvectors in place of `a`. */
export function cudaEigh(a: MatrixBatch, lower: boolean, vectors: boolean): { w: Storage; info: SolverInfo } {
  const w = alloc(a, realPartDType(a.dtype), a.batch * a.rows);
  const { buffer, info } = infoBuffer(a);
  solverFor(a).syev(device(a), lower, vectors, w.ptr, buffer.ptr);
  return { w, info };
}

/** General eigenvalues (complex, n per matrix) and, with `vectors`, geev's packed real eigenvectors (column-major, n x n per matrix). */
export function cudaEig(a: MatrixBatch, vectors: boolean): { w: Storage; vr?: Storage; info: SolverInfo } {
  const n = a.rows;
  const w = alloc(a, complexOf(a.dtype), a.batch * n);
  const vr = vectors ? alloc(a, a.dtype, a.batch * n * n) : undefined;
  const { buffer, info } = infoBuffer(a);
  solverFor(a).geev(device(a), vectors, w.ptr, vr ? vr.ptr : 0, buffer.ptr);
  return { w, vr, info };
}

export function isCuda(b: MatrixBatch): boolean {
  return b.runner instanceof CudaRunner;
}
