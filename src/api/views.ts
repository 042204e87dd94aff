// Internal views of computed arrays for the linear-algebra functions: transposes, reshapes and
// diagonals are new source nodes over the same storage with other strides (nothing is copied
// until a kernel reads them). Not public API: cupyts has no view semantics for users yet.
import { CupytsError } from '../ir/errors.js';
import { sourceNode } from '../ir/graph.js';
import { contiguousStrides, formatShape, sameShape, sizeOf } from '../ir/shape.js';
import { NDArray } from './ndarray.js';

/** `a` computed, with its realized layout. */
function realized(a: NDArray) {
  a.eval();
  const r = a.node.realized!;
  if (!r.storage) throw new CupytsError('ERR_DISPOSED', 'linalg: the array was disposed');
  return r;
}

export function isContiguous(a: NDArray): boolean {
  const r = realized(a);
  const want = contiguousStrides(a.shape);
  return a.shape.every((d, j) => d === 1 || r.strides[j] === want[j]);
}

/** `a` computed into C-contiguous storage (copied only where it is not). */
export function contiguous(a: NDArray): NDArray {
  return isContiguous(a) ? a : a.astype(a.dtype).eval();
}

/** A view of `a`'s storage with another shape, strides and offset (elements). */
function view(a: NDArray, shape: number[], strides: number[], offset: number): NDArray {
  const r = realized(a);
  return new NDArray(sourceNode(shape, a.dtype, r.storage, strides, offset), a.runner);
}

/** `a` with a new shape of the same size (copying first if `a` is not contiguous). */
export function reshape(a: NDArray, shape: number[]): NDArray {
  if (sizeOf(shape) !== a.size) throw new CupytsError('ERR_SHAPE', `reshape: expected a shape of size ${a.size}, got ${formatShape(shape)}`);
  if (sameShape(shape, a.shape)) return a;
  const c = contiguous(a);
  return view(c, shape, contiguousStrides(shape), c.node.realized!.offset);
}

/** `a` with its axes permuted (a view). */
export function transpose(a: NDArray, perm: readonly number[]): NDArray {
  if (perm.every((p, i) => p === i)) return a;
  const r = realized(a);
  return view(a, perm.map((p) => a.shape[p]), perm.map((p) => r.strides[p]), r.offset);
}

/**
 * `a` with groups of axes merged into one (each group's axes must have one size): the diagonal
 * over each group, its stride the sum of theirs. `groups[j]` lists the axes of result axis j.
 */
export function diagonalAxes(a: NDArray, groups: readonly (readonly number[])[], offset = 0): NDArray {
  const r = realized(a);
  const shape = groups.map((g) => a.shape[g[0]]);
  const strides = groups.map((g) => g.reduce((s, axis) => s + r.strides[axis], 0));
  return view(a, shape, strides, r.offset + offset);
}

/** The diagonal of axes (axis1, axis2), moved last, with NumPy's offset rule. */
export function diagonal(a: NDArray, offset: number, axis1: number, axis2: number): NDArray {
  const r = realized(a);
  const rest = a.shape.map((_, j) => j).filter((j) => j !== axis1 && j !== axis2);
  const rows = a.shape[axis1];
  const cols = a.shape[axis2];
  const length = Math.max(0, offset >= 0 ? Math.min(rows, cols - offset) : Math.min(rows + offset, cols));
  const start = length === 0 ? 0 : offset >= 0 ? offset * r.strides[axis2] : -offset * r.strides[axis1];
  return view(a, [...rest.map((j) => a.shape[j]), length], [...rest.map((j) => r.strides[j]), r.strides[axis1] + r.strides[axis2]], r.offset + start);
}
