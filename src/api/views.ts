// Views: arrays that share another array's elements (NumPy's transpose, reshape, slicing, ...).
// Each is a view node over its input with one movement (src/ir/movement.ts); nothing is copied.
// A kernel reads through views (so `x + x.T` is one kernel), and a view of computed data is
// that data with other strides at once.
import { castScalar } from '../ir/dtype.js';
import { CupytsError, describe } from '../ir/errors.js';
import { broadcastNode, castNode, isDetachedView, scalarNode, viewNode } from '../ir/graph.js';
import type { Node } from '../ir/graph.js';
import { realizeAsAlias, realizedView } from '../ir/kernel-plan.js';
import { applyMovement, permuteMovement, reshapeStrides, type AffineMovement, type Movement, type Strided } from '../ir/movement.js';
import { checkArraySize, contiguousStrides, formatShape, sameShape, sizeOf, type Shape } from '../ir/shape.js';
import { checkAxis } from './array-params.js';
import { NDArray } from './ndarray.js';
import { toArray, type ArrayOrScalar } from './operands.js';

/**
 * What a public view function returns: `r`, or where it is the input itself (a view that moves
 * nothing: `x.get('...')`, `x.T` of a 1-D array, a reshape to the same shape), a view of its own,
 * as NumPy returns a new view object, so that its dispose() leaves `a` alone. The library's own
 * calls keep getting `a` (no view to dispose).
 */
export function ownView(a: unknown, r: NDArray): NDArray {
  return r === a ? viewOf(r, { kind: 'reshape', shape: [...r.shape] }) : r;
}

/** `a` seen through `movement`: a lazy view, realized at once (sharing storage) where `a` is; `readonly` refuses writes (broadcast_to). */
export function viewOf(a: NDArray, movement: Movement, readonly = false): NDArray {
  const node = viewNode(a.node, movement, readonly);
  if (!isDetachedView(a.node)) realizeAsAlias(node);
  return new NDArray(node, a.runner);
}

/**
 * Axes given as one integer or a list of them (their types checked by the caller's declared
 * signature), each checked against `ndim` (negative counts from the end), without repeats.
 */
export function checkAxes(op: string, axis: number | readonly number[], ndim: number, name = 'axis'): number[] {
  const given = typeof axis === 'number' ? [axis] : Array.from(axis);
  const list = given.map((j) => checkAxis(op, j, ndim, name));
  if (new Set(list).size !== list.length) {
    throw new CupytsError('ERR_AXIS', `${op}: expected distinct axes, got a repeated axis in (${given.map(describe).join(', ')})`);
  }
  return list;
}

/**
 * The affine movement from `inShape` to `shape` where output axis k walks input axis source[k]
 * by step[k] (source -1: a new axis of size 1), from the input index `base`.
 */
export function axisMovement(inShape: Shape, shape: Shape, source: readonly number[], step: readonly number[], base: readonly number[]): AffineMovement {
  return {
    kind: 'affine',
    shape: [...shape],
    coef: shape.map((_, k) => inShape.map((_, j) => (source[k] === j ? step[k] : 0))),
    base: [...base],
  };
}

// ---- reshape --------------------------------------------------------------------------------

/** A shape with one -1 filled in so its size is `size`. */
function resolveShape(op: string, shape: unknown, size: number, from: Shape): number[] {
  const dims = typeof shape === 'number' ? [shape] : Array.isArray(shape) ? [...shape] : undefined;
  if (!dims?.every((d) => Number.isInteger(d) && d >= -1)) throw new CupytsError('ERR_SHAPE', `${op}: expected a shape of integers (one may be -1), got ${describe(shape)}`);
  checkArraySize(op, dims);
  const unknown = dims.filter((d) => d === -1).length;
  if (unknown > 1) throw new CupytsError('ERR_SHAPE', `${op}: can only specify one unknown dimension, got ${formatShape(dims)}`);
  const known = dims.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  if (unknown === 1) {
    if (known === 0 || size % known !== 0) throw new CupytsError('ERR_SHAPE', `${op}: cannot reshape array of size ${size} into shape ${formatShape(dims)}`);
    dims[dims.indexOf(-1)] = size / known;
  }
  if (sizeOf(dims) !== size) throw new CupytsError('ERR_SHAPE', `${op}: cannot reshape array of size ${size} (shape ${formatShape(from)}) into shape ${formatShape(dims)}`);
  return dims;
}

/**
 * The layout `n` has in NumPy, computed or not: an array of its own is contiguous, a view is its
 * movement over its input's layout (null: a reshape that copies).
 */
function numpyLayout(n: Node): Strided | null {
  if (n.realized?.storage && (n.kind !== 'view' || n.realized.alias)) return realizedView(n);
  if (n.kind === 'view') {
    const under = numpyLayout(n.input);
    return under && applyMovement(under, n.movement);
  }
  return { shape: n.shape, strides: contiguousStrides(n.shape), offset: 0 };
}

/** NumPy's memory orders: C (last axis fastest), F (first axis fastest), A and K (from the layout). */
export type Order = 'C' | 'F' | 'A' | 'K';

/** `a` as an array of its own (a lazy copy, fused into whatever reads it). */
function copied(a: NDArray): NDArray {
  return new NDArray(castNode(a.node, a.dtype), a.runner);
}

/** Whether `strides` walk `shape` contiguously with the axes in `order` (slowest first); axes of size 1 do not count. */
function contiguousIn(shape: Shape, strides: readonly number[], axes: readonly number[]): boolean {
  let expected = 1;
  for (let k = axes.length - 1; k >= 0; k--) {
    const j = axes[k];
    if (shape[j] === 1) continue;
    if (strides[j] !== expected) return false;
    expected *= shape[j];
  }
  return true;
}

/** NumPy's order 'A': 'F' where `a` is Fortran-contiguous and not C-contiguous, else 'C'. */
function orderOfA(a: NDArray): 'C' | 'F' {
  const layout = numpyLayout(a.node);
  if (!layout) return 'C';
  const c = a.shape.map((_, j) => j);
  return !contiguousIn(a.shape, layout.strides, c) && contiguousIn(a.shape, layout.strides, [...c].reverse()) ? 'F' : 'C';
}

/**
 * NumPy's a.flags.fnc (np.isfortran): Fortran-contiguous and not C-contiguous, in the layout of
 * numpyLayout. An empty array is both (as NumPy flags it), so never this.
 */
export function isFortranOnly(a: NDArray): boolean {
  return a.size > 0 && orderOfA(a) === 'F';
}

/** The C-order reshape: a view where the strides allow it, else a (lazy) copy; `copy` false refuses the copy. */
function reshapeC(a: NDArray, dims: number[], copy: boolean | null): NDArray {
  if (copy === true) return viewOf(copied(a), { kind: 'reshape', shape: dims });
  if (sameShape(dims, a.shape)) return a;
  const layout = numpyLayout(a.node);
  if (!layout || !reshapeStrides(a.shape, layout.strides, dims)) {
    if (copy === false) throw new CupytsError('ERR_ARG', 'reshape: Unable to avoid creating a copy while reshaping (copy=false)');
    return viewOf(copied(a), { kind: 'reshape', shape: dims });
  }
  return viewOf(a, { kind: 'reshape', shape: dims });
}

/**
 * NumPy's reshape(a, shape, order='C', *, copy=None): a view where the strides allow it, else a
 * (lazy) copy, as NumPy copies. Order 'F' reads and writes the elements first axis fastest;
 * copy true always copies, copy false refuses to.
 */
export function reshape(array: ArrayOrScalar, shape: number | readonly number[], order: Order = 'C', copy: boolean | null = null): NDArray {
  const a = toArray('reshape', array);
  const dims = resolveShape('reshape', shape, a.size, a.shape);
  if (order === 'K') throw new CupytsError('ERR_ARG', "reshape: order 'K' is not permitted for reshaping");
  if ((order === 'A' ? orderOfA(a) : order) === 'C') return reshapeC(a, dims, copy);
  // Fortran order: the C-order reshape of the reversed axes, reversed back (views both ways).
  return transpose(reshapeC(transpose(a), [...dims].reverse(), copy));
}

/**
 * NumPy's ravel(a, order='C'): the elements as a 1-D array, a view only where they lie
 * contiguously in that order (a[2:] is one; a[::2], a[::-1] and a[:, ::2] are copies, though
 * reshape would view some of them). 'K' reads them as they lie in memory: the axes by decreasing
 * stride. A computed (unrealized) array has no layout yet: its ravel is its reshape.
 */
export function ravel(array: ArrayOrScalar, order: Order = 'C'): NDArray {
  const a = toArray('ravel', array);
  if (order === 'A') order = orderOfA(a);
  const inOrder = order === 'F' ? transpose(a) : order === 'K' ? memoryOrder(a) : a;
  const layout = numpyLayout(inOrder.node);
  if (layout && !contiguousIn(inOrder.shape, layout.strides, inOrder.shape.map((_, j) => j))) return reshape(copied(inOrder), [a.size]);
  return inOrder.ndim === 1 ? inOrder : reshape(inOrder, [a.size]);
}

/** `a` with its axes put in the order its elements lie in memory (a view): by decreasing |stride|, as NumPy's order 'K'. */
function memoryOrder(a: NDArray): NDArray {
  const layout = numpyLayout(a.node);
  if (!layout) return a;
  const strides = layout.strides;
  const perm = a.shape.map((_, j) => j).sort((i, j) => Math.abs(strides[j]) - Math.abs(strides[i]) || i - j);
  return perm.every((p, i) => p === i) ? a : transpose(a, perm);
}

/** A 1-D copy (never a view, as NumPy's flatten), in `order` as ravel. */
export function flatten(array: ArrayOrScalar, order: Order = 'C'): NDArray {
  return copied(ravel(toArray('flatten', array), order));
}

// ---- axis permutations ------------------------------------------------------------------------

export function transpose(array: ArrayOrScalar, axes?: readonly number[] | null): NDArray {
  const a = toArray('transpose', array);
  const perm = axes === undefined || axes === null ? a.shape.map((_, j) => a.ndim - 1 - j) : checkAxes('transpose', axes, a.ndim);
  if (perm.length !== a.ndim) throw new CupytsError('ERR_AXIS', `transpose: expected ${a.ndim} axes (a permutation), got ${describe(axes)}`);
  if (perm.every((p, i) => p === i)) return a;
  return viewOf(a, permuteMovement(a.shape, perm));
}

export function swapaxes(array: ArrayOrScalar, axis1: number, axis2: number): NDArray {
  const a = toArray('swapaxes', array);
  const i = checkAxis('swapaxes', axis1, a.ndim);
  const j = checkAxis('swapaxes', axis2, a.ndim);
  const perm = a.shape.map((_, k) => (k === i ? j : k === j ? i : k));
  return transpose(a, perm);
}

export function moveaxis(array: ArrayOrScalar, source: number | readonly number[], destination: number | readonly number[]): NDArray {
  const a = toArray('moveaxis', array);
  const src = checkAxes('moveaxis', source, a.ndim);
  const dst = checkAxes('moveaxis', destination, a.ndim);
  if (src.length !== dst.length) throw new CupytsError('ERR_AXIS', 'moveaxis: expected source and destination of one length');
  const rest = a.shape.map((_, j) => j).filter((j) => !src.includes(j));
  const perm: number[] = [];
  const order = dst.map((d, i) => [d, src[i]]).sort((x, y) => x[0] - y[0]);
  let r = 0;
  for (let k = 0; k < a.ndim; k++) {
    const hit = order.find(([d]) => d === k);
    perm.push(hit ? hit[1] : rest[r++]);
  }
  return transpose(a, perm);
}

// ---- adding and removing axes of size 1 --------------------------------------------------------------

export function expand_dims(array: ArrayOrScalar, axis: number | readonly number[]): NDArray {
  const a = toArray('expand_dims', array);
  const count = typeof axis === 'number' ? 1 : Array.isArray(axis) ? axis.length : 0;
  const ndim = a.ndim + count;
  checkArraySize('expand_dims', new Array<number>(ndim).fill(1));
  const axes = checkAxes('expand_dims', axis, ndim);
  const source: number[] = [];
  let j = 0;
  for (let k = 0; k < ndim; k++) source.push(axes.includes(k) ? -1 : j++);
  const shape = source.map((s) => (s < 0 ? 1 : a.shape[s]));
  return viewOf(a, axisMovement(a.shape, shape, source, source.map(() => 1), a.shape.map(() => 0)));
}

export function squeeze(array: ArrayOrScalar, axis?: number | readonly number[] | null): NDArray {
  const a = toArray('squeeze', array);
  // NumPy lets one integer axis 0 or -1 through for a 0-d array (not a list of axes)
  if (a.ndim === 0 && (axis === 0 || axis === -1)) return a;
  let axes: number[];
  if (axis === undefined || axis === null) axes = a.shape.map((d, j) => (d === 1 ? j : -1)).filter((j) => j >= 0);
  else {
    axes = checkAxes('squeeze', axis, a.ndim);
    const bad = axes.find((j) => a.shape[j] !== 1);
    if (bad !== undefined) throw new CupytsError('ERR_AXIS', `squeeze: cannot select an axis to squeeze out which has size not equal to one (axis ${bad} has size ${a.shape[bad]})`);
  }
  if (axes.length === 0) return a;
  const source = a.shape.map((_, j) => j).filter((j) => !axes.includes(j));
  return viewOf(a, axisMovement(a.shape, source.map((j) => a.shape[j]), source, source.map(() => 1), a.shape.map(() => 0)));
}

export function atleast_1d(array: ArrayOrScalar): NDArray {
  const a = toArray('atleast_1d', array);
  return a.ndim >= 1 ? a : reshape(a, [1]);
}

export function atleast_2d(array: ArrayOrScalar): NDArray {
  const a = toArray('atleast_2d', array);
  return a.ndim >= 2 ? a : reshape(a, a.ndim === 0 ? [1, 1] : [1, a.shape[0]]);
}

export function atleast_3d(array: ArrayOrScalar): NDArray {
  const a = toArray('atleast_3d', array);
  if (a.ndim >= 3) return a;
  if (a.ndim === 0) return reshape(a, [1, 1, 1]);
  if (a.ndim === 1) return reshape(a, [1, a.shape[0], 1]);
  return reshape(a, [...a.shape, 1]);
}

// ---- flips and diagonals ----------------------------------------------------------------------------

export function flip(array: ArrayOrScalar, axis?: number | readonly number[] | null): NDArray {
  const a = toArray('flip', array);
  const axes = axis === undefined || axis === null ? a.shape.map((_, j) => j) : checkAxes('flip', axis, a.ndim);
  const source = a.shape.map((_, j) => j);
  return viewOf(a, axisMovement(a.shape, a.shape, source, source.map((j) => (axes.includes(j) ? -1 : 1)),
    source.map((j) => (axes.includes(j) && a.shape[j] > 0 ? a.shape[j] - 1 : 0))));
}

export function fliplr(array: ArrayOrScalar): NDArray {
  const a = toArray('fliplr', array);
  if (a.ndim < 2) throw new CupytsError('ERR_SHAPE', `fliplr: expected an array of at least 2 dimensions, got ${a.ndim}`);
  return flip(a, 1);
}

export function flipud(array: ArrayOrScalar): NDArray {
  const a = toArray('flipud', array);
  if (a.ndim < 1) throw new CupytsError('ERR_SHAPE', 'flipud: expected an array of at least 1 dimension, got 0');
  return flip(a, 0);
}

/**
 * NumPy's diagonal: the diagonal of axes (axis1, axis2) with an offset, as the last axis. The
 * public diagonal and diag make it read-only, as NumPy 2 does; the library's own callers write
 * through it (diag's building of a matrix).
 */
export function diagonal(array: ArrayOrScalar, offset = 0, axis1 = 0, axis2 = 1, readonly = false): NDArray {
  const a = toArray('diagonal', array);
  if (a.ndim < 2) throw new CupytsError('ERR_SHAPE', `diagonal: expected an array of at least 2 dimensions, got ${a.ndim}`);
  const i = checkAxis('diagonal', axis1, a.ndim);
  const j = checkAxis('diagonal', axis2, a.ndim);
  if (i === j) throw new CupytsError('ERR_AXIS', 'diagonal: axis1 and axis2 cannot be the same');
  const rest = a.shape.map((_, k) => k).filter((k) => k !== i && k !== j);
  const rows = a.shape[i];
  const cols = a.shape[j];
  const length = Math.max(0, offset >= 0 ? Math.min(rows, cols - offset) : Math.min(rows + offset, cols));
  const shape = [...rest.map((k) => a.shape[k]), length];
  const base = a.shape.map(() => 0);
  if (length > 0) {
    if (offset >= 0) base[j] = offset;
    else base[i] = -offset;
  }
  const coef = shape.map((_, k) => a.shape.map((_, m) => (k < rest.length ? (rest[k] === m ? 1 : 0) : m === i || m === j ? 1 : 0)));
  return viewOf(a, { kind: 'affine', shape, coef, base }, readonly);
}

/**
 * `a` with groups of axes merged into one (each group's axes of one size): the diagonal over
 * each group. `groups[j]` lists the axes of result axis j (einsum's repeated letters).
 */
export function diagonalAxes(a: NDArray, groups: readonly (readonly number[])[]): NDArray {
  const shape = groups.map((g) => a.shape[g[0]]);
  const coef = groups.map((g) => a.shape.map((_, m) => (g.includes(m) ? 1 : 0)));
  return viewOf(a, { kind: 'affine', shape, coef, base: a.shape.map(() => 0) });
}

// ---- real and imaginary parts ------------------------------------------------------------------------

/**
 * NumPy's a.real: of a complex array, a view of its real parts (float32 for complex64, float64
 * for complex128) over the same memory, so writes through it change `a`; of any other array, `a`.
 */
export function realView(a: NDArray): NDArray {
  return a.dtype.kind === 'c' ? viewOf(a, { kind: 'part', shape: a.shape, part: 0 }) : a;
}

/**
 * NumPy's a.imag: of a complex array, a view of its imaginary parts over the same memory; of any
 * other array, read-only zeros of its dtype and shape (a broadcast scalar, as NumPy's read-only array).
 */
export function imagView(a: NDArray): NDArray {
  if (a.dtype.kind === 'c') return viewOf(a, { kind: 'part', shape: a.shape, part: 1 });
  return new NDArray(broadcastNode(scalarNode(castScalar(0, a.dtype), a.dtype), a.shape, true), a.runner);
}

// ---- layouts for libraries (cuBLAS) ------------------------------------------------------------------

/** Whether `a`, computed, is C-contiguous (evaluates `a`). */
export function isContiguous(a: NDArray): boolean {
  a.eval();
  const r = a.node.realized!;
  if (!r.storage) throw new CupytsError('ERR_DISPOSED', 'the array was disposed');
  const want = contiguousStrides(a.shape);
  return a.shape.every((d, j) => d === 1 || r.strides[j] === want[j]);
}

/** `a` computed into C-contiguous storage (copied only where it is not). */
export function contiguous(a: NDArray): NDArray {
  return isContiguous(a) ? a : new NDArray(castNode(a.node, a.dtype), a.runner).eval();
}
