// The solvers of the CPU backend: each runs the JavaScript algorithms of ./linalg-host-factor.ts,
// ./linalg-host-spectral.ts and ./linalg-host-eigen.ts in float64 (LU, Cholesky, QR, SVD,
// Hermitian and general eigenvalues also in complex128: ./linalg-host-complex.ts and
// ./linalg-host-complex-spectral.ts) on every matrix of a batch (column-major, in place
// where the solver's result has the input's shape) and stores results in the batch's dtype.
// Errors are found at once but, as on the GPU, raised by the first read of a result.
import type { DType } from '../ir/dtype.js';
import { complexOf, int32, realPartDType } from '../ir/dtype.js';
import type { CpuBuffer } from '../runtime/cpu-device.js';
import { cpuStored } from './host-data.js';
import { finishedBlock, type FlagBlock } from './kernel-faults.js';
import type { MatrixBatch, SolverInfo } from './linalg-batch.js';
import { choleskyLower, luFactor, luSolve, qrFactor, qrFormQ } from './linalg-host-factor.js';
import { svdJacobi, symmetricEigen } from './linalg-host-spectral.js';
import { generalEigen } from './linalg-host-eigen.js';
import { choleskyLowerComplex, luFactorComplex, luSolveComplex, qrFactorComplex, qrFormQComplex } from './linalg-host-complex.js';
import { complexGeneralEigen, hermitianEigen, svdJacobiComplex } from './linalg-host-complex-spectral.js';
import type { Storage } from './runners.js';

type Typed = Float32Array | Float64Array;

const values = (b: MatrixBatch): Typed => cpuStored(b.dtype, b.storage as CpuBuffer) as Typed;
/** Slots per element: 2 for the complex dtypes (re, im interleaved). */
const slots = (b: MatrixBatch): number => (b.dtype.kind === 'c' ? 2 : 1);
const matrixOf = (b: MatrixBatch, i: number): Float64Array => {
  const size = b.rows * b.cols * slots(b);
  return Float64Array.from(values(b).subarray(i * size, (i + 1) * size));
};
const alloc = (b: MatrixBatch, dtype: DType, count: number): Storage => b.runner.alloc(dtype, count);
const typed = (s: Storage, dtype: DType): Typed => cpuStored(dtype, s as CpuBuffer) as Typed;

/** The (already known) block of `count` int32 flags in `storage`. */
export function cpuFlags(storage: Storage, count: number): FlagBlock {
  // A copy: the values are final (the CPU computed them already), and a view would read whatever
  // reuses the buffer's memory once it is freed.
  return finishedBlock((cpuStored(int32, storage as CpuBuffer) as Int32Array).slice(0, count));
}

function info(values: Int32Array): SolverInfo {
  return { block: finishedBlock(values), count: values.length };
}

/** LU of each square matrix in place; 1-based pivots (int32, n per matrix). */
export function cpuLu(a: MatrixBatch): { piv: Storage; info: SolverInfo } {
  const n = a.rows;
  const piv = alloc(a, int32, a.batch * n);
  const pivots = cpuStored(int32, piv as CpuBuffer) as Int32Array;
  const infos = new Int32Array(a.batch);
  const out = values(a);
  const factor = a.dtype.kind === 'c' ? luFactorComplex : luFactor;
  for (let i = 0; i < a.batch; i++) {
    const m = matrixOf(a, i);
    infos[i] = factor(m, n, pivots.subarray(i * n, (i + 1) * n));
    out.set(m, i * n * n * slots(a));
  }
  return { piv, info: info(infos) };
}

/** Solves A X = B in place of `b` from cpuLu's factors of `lu`. */
export function cpuLuSolve(lu: MatrixBatch, piv: Storage, b: MatrixBatch): void {
  const n = lu.rows;
  const pivots = cpuStored(int32, piv as CpuBuffer) as Int32Array;
  const out = values(b);
  const solve = lu.dtype.kind === 'c' ? luSolveComplex : luSolve;
  for (let i = 0; i < b.batch; i++) {
    const x = matrixOf(b, i);
    solve(matrixOf(lu, i), n, pivots.subarray(i * n, (i + 1) * n), x, b.cols);
    out.set(x, i * n * b.cols * slots(b));
  }
}

/** Cholesky of each matrix's lower triangle in place (L, the strict upper triangle zeroed). */
export function cpuCholesky(a: MatrixBatch): SolverInfo {
  const n = a.rows;
  const infos = new Int32Array(a.batch);
  const out = values(a);
  const factor = a.dtype.kind === 'c' ? choleskyLowerComplex : choleskyLower;
  for (let i = 0; i < a.batch; i++) {
    const m = matrixOf(a, i);
    infos[i] = factor(m, n);
    out.set(m, i * n * n * slots(a));
  }
  return info(infos);
}

/** Householder QR: R in `a`'s upper triangle (in place), and Q's first `qcols` columns (m x qcols each) unless qcols is 0. */
export function cpuQr(a: MatrixBatch, qcols: number): { q?: Storage } {
  const { rows: m, cols: n } = a;
  const k = Math.min(m, n);
  const out = values(a);
  const q = qcols > 0 ? alloc(a, a.dtype, a.batch * m * qcols) : undefined;
  const complex = a.dtype.kind === 'c';
  const factor = complex ? qrFactorComplex : qrFactor;
  const formQ = complex ? qrFormQComplex : qrFormQ;
  for (let i = 0; i < a.batch; i++) {
    const x = matrixOf(a, i);
    const tau = new Float64Array(k * slots(a));
    factor(x, m, n, tau);
    if (q) typed(q, a.dtype).set(formQ(x, m, n, tau, qcols), i * m * qcols * slots(a));
    out.set(x, i * m * n * slots(a));
  }
  return { q };
}

/** SVDs: s (min(m, n) per matrix, descending, real) and, with `vectors`, U (m x ucols) and V (n x vcols), column-major. */
export function cpuSvd(a: MatrixBatch, vectors: boolean, full: boolean): { s: Storage; u?: Storage; v?: Storage; ucols: number; vcols: number; info: SolverInfo } {
  const { rows: m, cols: n, dtype } = a;
  const k = Math.min(m, n);
  const ucols = full ? m : k;
  const vcols = full ? n : k;
  const stype = realPartDType(dtype);
  const s = alloc(a, stype, a.batch * k);
  const u = vectors ? alloc(a, dtype, a.batch * m * ucols) : undefined;
  const v = vectors ? alloc(a, dtype, a.batch * n * vcols) : undefined;
  const solve = dtype.kind === 'c' ? svdJacobiComplex : svdJacobi;
  for (let i = 0; i < a.batch; i++) {
    const r = solve(matrixOf(a, i), m, n, vectors, full);
    typed(s, stype).set(r.s, i * k);
    if (u) typed(u, dtype).set(r.u, i * m * ucols * slots(a));
    if (v) typed(v, dtype).set(r.v, i * n * vcols * slots(a));
  }
  return { s, u, v, ucols, vcols, info: info(new Int32Array(a.batch)) };
}

/** Symmetric (Hermitian) eigenvalues (ascending, real, n per matrix) and, with `vectors`, eigenvectors in place of `a`. */
export function cpuEigh(a: MatrixBatch, lower: boolean, vectors: boolean): { w: Storage; info: SolverInfo } {
  const n = a.rows;
  const wtype = realPartDType(a.dtype);
  const w = alloc(a, wtype, a.batch * n);
  const out = values(a);
  const solve = a.dtype.kind === 'c' ? hermitianEigen : symmetricEigen;
  for (let i = 0; i < a.batch; i++) {
    const r = solve(matrixOf(a, i), n, lower, vectors);
    typed(w, wtype).set(r.w, i * n);
    if (vectors) out.set(r.v, i * n * n * slots(a));
  }
  return { w, info: info(new Int32Array(a.batch)) };
}

/**
 * General eigenvalues (complex, n per matrix, interleaved) and, with `vectors`, the eigenvectors in
 * place of `a`: geev's packed real ones for a real `a` (./linalg-host-eigen.ts), complex ones for a
 * complex `a` (./linalg-host-complex.ts); info > 0 where the QR iteration failed.
 */
export function cpuEig(a: MatrixBatch, vectors: boolean): { w: Storage; vr?: Storage; info: SolverInfo } {
  const n = a.rows;
  const wtype = complexOf(a.dtype);
  const w = alloc(a, wtype, a.batch * n);
  const wv = typed(w, wtype);
  const out = values(a);
  const infos = new Int32Array(a.batch);
  if (a.dtype.kind === 'c') {
    for (let i = 0; i < a.batch; i++) {
      const r = complexGeneralEigen(matrixOf(a, i), n, vectors);
      infos[i] = r.info;
      wv.set(r.w, 2 * i * n);
      if (vectors) out.set(r.v, 2 * i * n * n);
    }
    return { w, vr: vectors ? a.storage : undefined, info: info(infos) };
  }
  for (let i = 0; i < a.batch; i++) {
    const r = generalEigen(matrixOf(a, i), n, vectors);
    infos[i] = r.info;
    for (let j = 0; j < n; j++) {
      wv[2 * (i * n + j)] = r.wr[j];
      wv[2 * (i * n + j) + 1] = r.wi[j];
    }
    if (vectors) out.set(r.vr, i * n * n);
  }
  return { w, vr: vectors ? a.storage : undefined, info: info(infos) };
}
