// What the linear-algebra solvers of both backends share: a batch of matrices handed to a solver
// as a fresh column-major copy (LAPACK's and cuSOLVER's layout) that the solver may overwrite,
// results wrapped back as row-major views, and the errors a solver's per-matrix info stands for.
import { CupytsError } from '../ir/errors.js';
import { castNode, sourceNode } from '../ir/graph.js';
import type { DType } from '../ir/dtype.js';
import { NDArray } from './ndarray.js';
import type { Runner, Storage } from './runners.js';
import { swapaxes } from './views.js';
import { tril, triu } from './matrices.js';
import type { FlagBlock } from './kernel-faults.js';
import { traceCut } from './jit-trace.js';

/** `batch` matrices of rows x cols, column-major and packed in `storage` (offset 0), owned by the solver. */
export interface MatrixBatch {
  storage: Storage;
  dtype: DType;
  runner: Runner;
  batch: number;
  rows: number;
  cols: number;
  /** The storage `storage` was copied from (whose faults results inherit). */
  source: object;
}

/** A fresh column-major copy of the 3-d array `a` (batch, rows, cols). */
export function columnMajor(a: NDArray): MatrixBatch {
  // The solver overwrites the copy at the call, where a cp.jit launch list cannot see it.
  traceCut('linalg: a solver runs at the call');
  const [batch, rows, cols] = a.shape;
  const t = swapaxes(a, -1, -2);
  const copy = new NDArray(castNode(t.node, t.dtype), t.runner).eval();
  const realized = copy.node.realized!;
  if (realized.offset !== 0) throw new CupytsError('ERR_INTERNAL', 'linalg: expected a fresh copy at offset 0');
  return { storage: realized.storage as Storage, dtype: a.dtype, runner: a.runner, batch, rows, cols, source: a.node.realized?.storage as object ?? realized.storage };
}

/** The row-major (batch, rows, cols) view of column-major matrices in `storage`. */
export function rowMajorView(runner: Runner, storage: Storage, dtype: DType, batch: number, rows: number, cols: number): NDArray {
  return swapaxes(new NDArray(sourceNode([batch, cols, rows], dtype, storage), runner), -1, -2);
}

/**
 * The lower (or upper) triangle of column-major matrices in `storage`, as a (batch, rows, cols)
 * array laid out column-major (torch's layout for its factors): the triangle is taken from the
 * storage read in its own order, where a row-major result would read it transposed (4096^2
 * float64 on the H200: 0.44 ms through the transposing tiles against 0.09 for a straight copy).
 */
export function columnMajorTriangle(runner: Runner, storage: Storage, dtype: DType, batch: number, rows: number, cols: number, part: 'lower' | 'upper'): NDArray {
  // Element (i, j) is the stored (j, i): the lower triangle (j <= i) is the stored upper one.
  const stored = new NDArray(sourceNode([batch, cols, rows], dtype, storage), runner);
  return swapaxes(part === 'lower' ? triu(stored) : tril(stored), -1, -2);
}

/** A plain (batch, ...shape) array over packed `storage`. */
export function packedArray(runner: Runner, storage: Storage, dtype: DType, shape: number[]): NDArray {
  return new NDArray(sourceNode(shape, dtype, storage), runner);
}

/** A solver's info per matrix: 0 where it succeeded. */
export interface SolverInfo {
  block: FlagBlock;
  count: number;
}

/** NumPy's LinAlgError for a nonzero info of `kind`, naming `op`. */
export type InfoKind = 'singular' | 'not-positive-definite' | 'svd' | 'eigen';

export function linalgError(op: string, kind: InfoKind): (info: number) => CupytsError {
  const message = {
    'singular': 'Singular matrix',
    'not-positive-definite': 'Matrix is not positive definite',
    'svd': 'SVD did not converge',
    'eigen': 'Eigenvalues did not converge',
  }[kind];
  return (info) => new CupytsError('ERR_LINALG', info < 0 ? `${op}: the solver rejected its argument ${-info} (an internal error)` : `${op}: ${message} (LinAlgError)`);
}
