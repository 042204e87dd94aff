// The factorizations behind numpy.linalg on a batch of matrices (batch, rows, cols) of one float
// dtype, on the arrays' backend: cuSOLVER on a CUDA device (./linalg-cuda-solvers.ts), the
// JavaScript algorithms on the CPU (./linalg-cpu-solvers.ts). Like matmul, each is a
// materialization point: the input is computed into a fresh column-major copy that the solver
// overwrites, and results come back as (views of) computed arrays. A solver's info goes with the
// results it concerns: a singular or non-positive-definite matrix raises NumPy's LinAlgError
// (CupytsError 'ERR_LINALG') at the first read of the result, or of anything computed from it.
import { NDArray } from './ndarray.js';
import { columnMajor, columnMajorTriangle, linalgError, packedArray, rowMajorView, type InfoKind, type MatrixBatch, type SolverInfo } from './linalg-batch.js';
import { cpuCholesky, cpuEig, cpuEigh, cpuFlags, cpuLu, cpuLuSolve, cpuQr, cpuSvd } from './linalg-cpu-solvers.js';
import { cudaCholesky, cudaEig, cudaEigh, cudaFlags, cudaLu, cudaLuSolve, cudaQr, cudaSvd, isCuda } from './linalg-cuda-solvers.js';
import { noteSolverInfo, inheritFaults } from './kernel-faults.js';
import { complexOf, int32, realPartDType } from '../ir/dtype.js';
import { countAlias } from '../ir/graph.js';
import { CupytsError } from '../ir/errors.js';
import { CudaRunner } from './cuda-runner.js';
import type { Storage } from './runners.js';
import { conjugate } from './elementwise.js';
import { swapaxes } from './views.js';
import { smallLu, smallSolve, usesSmallBatch } from './linalg-small-batch.js';
import { broadcastTo } from './operands.js';
import { eye } from './ranges.js';

/** `outputs` carry `info` (raising `kind`'s LinAlgError where nonzero) and the faults of `from`'s input. */
function attach(op: string, outputs: Storage[], from: MatrixBatch, info: SolverInfo | undefined, kind: InfoKind): void {
  for (const out of outputs) {
    if (info) noteSolverInfo(out, [from.source], info.block, info.count, linalgError(op, kind));
    else inheritFaults(out, [from.source]);
  }
}

/** LU factors of square matrices: the packed L\U (row-major view) and 1-based pivots (int32, (batch, n)); no error for singular matrices (det needs them). */
export function luBatch(op: string, a: NDArray): { lu: NDArray; piv: NDArray } {
  if (usesSmallBatch(a.runner, a.dtype, a.shape[0], a.shape[1])) return smallLu(a);
  const m = columnMajor(a);
  const { piv } = isCuda(m) ? cudaLu(m) : cpuLu(m);
  attach(op, [m.storage, piv], m, undefined, 'singular');
  return {
    lu: rowMajorView(m.runner, m.storage, m.dtype, m.batch, m.rows, m.cols),
    piv: packedArray(m.runner, piv, int32, [m.batch, m.rows]),
  };
}

/**
 * X with A X = B for square A (batch, n, n) and B (batch, n, k) of one dtype; singular A raises
 * at the read, unless `quiet` (cond's inverse: the result then holds what the division by the
 * zero pivot gave, infinities or NaN).
 */
export function solveBatch(op: string, a: NDArray, b: NDArray, quiet = false): NDArray {
  if (usesSmallBatch(a.runner, a.dtype, a.shape[0], a.shape[1])) return smallSolve(op, a, b, quiet);
  const lu = columnMajor(a);
  const rhs = columnMajor(b);
  const { piv, info } = isCuda(lu) ? cudaLu(lu) : cpuLu(lu);
  if (isCuda(lu)) cudaLuSolve(lu, piv, rhs);
  else cpuLuSolve(lu, piv, rhs);
  attach(op, [rhs.storage], lu, quiet ? undefined : info, 'singular');
  if (b.node.realized) inheritFaults(rhs.storage, [rhs.source, lu.storage]);
  return rowMajorView(rhs.runner, rhs.storage, rhs.dtype, rhs.batch, rhs.rows, rhs.cols);
}

/** The inverses of square matrices A (batch, n, n): A X = I; singular A raises at the read unless `quiet`. */
export function invBatch(op: string, a: NDArray, quiet = false): NDArray {
  const [batch, n] = a.shape;
  if (usesSmallBatch(a.runner, a.dtype, batch, n)) return smallSolve(op, a, null, quiet);
  return solveBatch(op, a, broadcastTo(eye(n, { dtype: a.dtype }), [batch, n, n]), quiet);
}

/**
 * Lower Cholesky factors L (A = L L^T, L L^H for complex) from the lower triangles; a matrix that
 * is not positive definite raises at the read. The factors are computed column-major (potrf's
 * lower fill mode, potrfBatched for a stack on CUDA) and come back column-major, as torch's do
 * (columnMajorTriangle). (Factoring the row-major tril copy as the upper triangle measured slower
 * on the H200: 4096^2 float64 6.2 ms against 4.1 this way.)
 */
export function choleskyBatch(op: string, a: NDArray): NDArray {
  const m = columnMajor(a);
  const info = isCuda(m) ? cudaCholesky(m) : cpuCholesky(m);
  attach(op, [m.storage], m, info, 'not-positive-definite');
  // The triangle is computed now, and the factor freed at once (in stream order) rather than
  // when V8 collects it: in a loop of factorizations each left-over factor grew the device pool
  // (allocations took 0.43 ms of a 4096^2 float64 cholesky's 3.9 on the H200). L inherits the
  // factor's solver info, so a matrix that is not positive definite still raises.
  const L = columnMajorTriangle(m.runner, m.storage, m.dtype, m.batch, m.rows, m.cols, 'lower').eval();
  m.storage.dispose();
  return L;
}

/** Householder QR: R (batch, rows, cols) upper-triangular, and Q's first `qcols` columns (none for 0). */
export function qrBatch(op: string, a: NDArray, qcols: number): { q?: NDArray; r: NDArray } {
  const m = columnMajor(a);
  const { q } = isCuda(m) ? cudaQr(m, qcols) : cpuQr(m, qcols);
  attach(op, q ? [m.storage, q] : [m.storage], m, undefined, 'singular');
  const r = columnMajorTriangle(m.runner, m.storage, m.dtype, m.batch, m.rows, m.cols, 'upper');
  return q ? { q: rowMajorView(m.runner, q, m.dtype, m.batch, m.rows, qcols), r } : { r };
}

/**
 * SVDs A = U diag(s) Vh: s (batch, k) descending and real, k = min(rows, cols); with `vectors`, U
 * (batch, rows, rows or k) and Vh (batch, cols or k, cols) as `full` asks.
 */
export function svdBatch(op: string, a: NDArray, vectors: boolean, full: boolean): { u?: NDArray; s: NDArray; vh?: NDArray } {
  const m = columnMajor(a);
  const k = Math.min(m.rows, m.cols);
  const r = isCuda(m) ? cudaSvd(m, vectors, full) : cpuSvd(m, vectors, full);
  attach(op, [r.s, ...(r.u ? [r.u] : []), ...(r.v ? [r.v] : [])], m, r.info, 'svd');
  const s = packedArray(m.runner, r.s, realPartDType(m.dtype), [m.batch, k]);
  if (!vectors || !r.u || !r.v) return { s };
  const ucols = full ? m.rows : k;
  const vcols = full ? m.cols : k;
  const u = rowMajorView(m.runner, r.u, m.dtype, m.batch, m.rows, r.ucols);
  const v = rowMajorView(m.runner, r.v, m.dtype, m.batch, m.cols, r.vcols);
  const first = (x: NDArray, cols: number, have: number) => (cols === have ? x : x.get(`...,:${cols}`));
  const vt = swapaxes(first(v, vcols, r.vcols), -1, -2);
  return { u: first(u, ucols, r.ucols), s, vh: m.dtype.kind === 'c' ? conjugate(vt) : vt };
}

/** Eigenvalues (batch, n) ascending (real) of symmetric or Hermitian matrices read from their lower (or upper) triangles, and with `vectors` the eigenvectors (columns). */
export function eighBatch(op: string, a: NDArray, lower: boolean, vectors: boolean): { w: NDArray; v?: NDArray } {
  const m = columnMajor(a);
  const r = isCuda(m) ? cudaEigh(m, lower, vectors) : cpuEigh(m, lower, vectors);
  attach(op, vectors ? [r.w, m.storage] : [r.w], m, r.info, 'eigen');
  const w = packedArray(m.runner, r.w, realPartDType(m.dtype), [m.batch, m.rows]);
  return vectors ? { w, v: rowMajorView(m.runner, m.storage, m.dtype, m.batch, m.rows, m.cols) } : { w };
}

/**
 * General eigenvalues (batch, n), complex, of square matrices, and with `vectors` the eigenvectors
 * (batch, n, n): complex for a complex input; for a real one geev's packed real form (column j is
 * w[j]'s vector where w[j] is real; for a conjugate pair (j, j + 1), columns j and j + 1 are the
 * real and imaginary parts of w[j]'s).
 */
export function eigBatch(op: string, a: NDArray, vectors: boolean): { w: NDArray; vr?: NDArray } {
  const m = columnMajor(a);
  const r = isCuda(m) ? cudaEig(m, vectors) : cpuEig(m, vectors);
  attach(op, r.vr ? [r.w, r.vr] : [r.w], m, r.info, 'eigen');
  const w = packedArray(m.runner, r.w, complexOf(m.dtype), [m.batch, m.rows]);
  return r.vr ? { w, vr: rowMajorView(m.runner, r.vr, m.dtype, m.batch, m.rows, m.cols) } : { w };
}

/**
 * `flags` (an int32 array) evaluated, its storage made to raise `errorFor` of its first nonzero
 * element at every read of it or of anything computed from it: a check found by a kernel (a
 * NaN in a solver's input) that must surface as NumPy's error where a solver would not see it.
 */
export function raiseWhereFlagged(flags: NDArray, errorFor: (flag: number) => CupytsError): NDArray {
  const done = flags.astype(int32).eval();
  const storage = done.node.realized!.storage as Storage;
  const count = done.size;
  const block = done.runner instanceof CudaRunner ? cudaFlags(storage, count) : cpuFlags(storage, count);
  // The block reads the flags with the results, maybe after `done` was disposed (cp.tidy around
  // the call): as a view would, it keeps the buffer from being freed then (the collector frees it).
  countAlias(storage, 1);
  noteSolverInfo(storage, [storage], block, count, errorFor);
  return done;
}
