// Movement ops: how a view's elements map onto its input's. Every view (transpose, slice, flip,
// expand_dims, squeeze, broadcast, diagonal, basic indexing) is one affine map from the view's
// index to the input's index; reshape is the one movement that is not, and it works on strided
// data only where NumPy's reshape would not copy. A kernel never builds these maps: it applies
// them, innermost first, to the strides of the data it loads (see applyMovements).
import { contiguousStrides, type Shape } from './shape.js';

/** Where a tensor's elements live: element strides over `shape` and the offset of index 0. */
export interface Strided {
  readonly shape: Shape;
  readonly strides: readonly number[];
  readonly offset: number;
}

/**
 * input index j = base[j] + Σ_k coef[k][j] · output index k, for an output of `shape`.
 * `coef[k]` has one entry per input dimension.
 */
export interface AffineMovement {
  readonly kind: 'affine';
  readonly shape: Shape;
  readonly coef: readonly (readonly number[])[];
  readonly base: readonly number[];
}

/** The same elements in C order, with another shape of the same size. */
export interface ReshapeMovement {
  readonly kind: 'reshape';
  readonly shape: Shape;
}

/** NumPy broadcasting (right-aligned) to a larger shape. */
export interface BroadcastMovement {
  readonly kind: 'broadcast';
  readonly shape: Shape;
}

/**
 * One part of complex elements (0: the real parts, 1: the imaginary parts) as elements of the
 * part's float dtype, NumPy's x.real and x.imag: the same index, over storage whose elements are
 * half as wide, so element strides double and the imaginary part starts one element later. The
 * only movement that changes the dtype: the view's dtype is the part's (graph.ts viewNode).
 */
export interface PartMovement {
  readonly kind: 'part';
  readonly shape: Shape;
  readonly part: 0 | 1;
}

export type Movement = AffineMovement | ReshapeMovement | BroadcastMovement | PartMovement;

/** `d` seen through `m`, or null where a reshape of these strides would need a copy. */
export function applyMovement(d: Strided, m: Movement): Strided | null {
  switch (m.kind) {
    case 'affine': {
      const strides = m.coef.map((row) => row.reduce((s, c, j) => s + c * d.strides[j], 0));
      const offset = m.base.reduce((o, b, j) => o + b * d.strides[j], d.offset);
      return { shape: m.shape, strides: strides.map((s, k) => (m.shape[k] === 1 ? 0 : s)), offset };
    }
    case 'broadcast': {
      const lead = m.shape.length - d.shape.length;
      return { shape: m.shape, strides: m.shape.map((_, k) => (k < lead || d.shape[k - lead] === 1 ? 0 : d.strides[k - lead])), offset: d.offset };
    }
    case 'reshape': {
      const strides = reshapeStrides(d.shape, d.strides, m.shape);
      return strides ? { shape: m.shape, strides, offset: d.offset } : null;
    }
    case 'part':
      return { shape: m.shape, strides: d.strides.map((s) => 2 * s), offset: 2 * d.offset + m.part };
  }
}

/** `d` through movements listed outermost first (applied innermost first), or null. */
export function applyMovements(d: Strided, movements: readonly Movement[]): Strided | null {
  let view: Strided | null = d;
  for (let i = movements.length - 1; i >= 0 && view; i--) view = applyMovement(view, movements[i]);
  return view;
}

/**
 * Whether `movements` read data of `shape`, laid out in C order, in that same order: the element
 * at linear index i of the view is the element at linear index i of the data (a reshape, a squeeze
 * or an expand_dims, a broadcast that only adds ones). A kernel may then read such a view at the
 * index of the data itself.
 */
export function readsInCOrder(shape: Shape, movements: readonly Movement[]): boolean {
  const view = applyMovements({ shape, strides: contiguousStrides(shape), offset: 0 }, movements);
  if (!view || view.offset !== 0 || view.shape.reduce((a, b) => a * b, 1) !== shape.reduce((a, b) => a * b, 1)) return false;
  const c = contiguousStrides(view.shape);
  return view.strides.every((st, k) => view.shape[k] === 1 || st === c[k]);
}

/**
 * Strides for `shape` over the same elements as (`from`, `strides`) in C order, without copying,
 * or null where none exist (NumPy's _attempt_nocopy_reshape): groups of old axes that multiply to
 * groups of new axes must each be contiguous within the group.
 */
export function reshapeStrides(from: Shape, strides: readonly number[], shape: Shape): number[] | null {
  const size = from.reduce((a, b) => a * b, 1);
  if (size === 0 || size === 1) return contiguousStrides(shape).map((s, k) => (shape[k] === 1 ? 0 : s));
  const oldDims: number[] = [];
  const oldStrides: number[] = [];
  from.forEach((d, j) => {
    if (d !== 1) {
      oldDims.push(d);
      oldStrides.push(strides[j]);
    }
  });
  const out = new Array<number>(shape.length).fill(0);
  let oi = 0;
  let oj = 1;
  let ni = 0;
  let nj = 1;
  while (ni < shape.length && oi < oldDims.length) {
    let np = shape[ni];
    let op = oldDims[oi];
    while (np !== op) {
      if (np < op) np *= shape[nj++];
      else op *= oldDims[oj++];
    }
    for (let k = oi; k < oj - 1; k++) if (oldStrides[k] !== oldDims[k + 1] * oldStrides[k + 1]) return null;
    out[nj - 1] = oldStrides[oj - 1];
    for (let k = nj - 1; k > ni; k--) out[k - 1] = out[k] * shape[k];
    ni = nj++;
    oi = oj++;
  }
  return out.map((s, k) => (shape[k] === 1 ? 0 : s));
}

/** The affine movement of a permutation: output axis k is input axis perm[k]. */
export function permuteMovement(inShape: Shape, perm: readonly number[]): AffineMovement {
  return {
    kind: 'affine',
    shape: perm.map((p) => inShape[p]),
    coef: perm.map((p) => inShape.map((_, j) => (j === p ? 1 : 0))),
    base: inShape.map(() => 0),
  };
}

/** Text that identifies a movement (part of a kernel plan's memo keys). */
export function movementKey(m: Movement): string {
  switch (m.kind) {
    case 'affine': return `A(${m.shape.join(',')};${m.coef.map((r) => r.join(',')).join('/')};${m.base.join(',')})`;
    case 'reshape': return `R(${m.shape.join(',')})`;
    case 'broadcast': return `B(${m.shape.join(',')})`;
    case 'part': return `P${m.part}`;
  }
}
