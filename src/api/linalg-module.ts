// The cp.linalg namespace (NumPy's numpy.linalg): norm and NumPy 2's names that need no
// decomposition (vector_norm, matrix_norm, vecdot, matmul, outer, tensordot, trace, diagonal,
// cross), declared with NumPy's signatures; vdot and einsum are cp.vdot and cp.einsum; the
// solvers and decompositions come from linalg-solve.ts, linalg-decompose.ts, linalg-eig.ts and
// linalg-derived.ts.
import { CupytsError, describe } from '../ir/errors.js';
import { arrayLike, checkAxis } from './array-params.js';
import { cross as crossAny } from './calculus.js';
import { tensordotAxes, traceOf, x1, x2 } from './linalg.js';
import type { NDArray } from './ndarray.js';
import { matrixNorm, norm as normOf, normInput, vectorNorm, type NormOrder } from './norms.js';
import * as t from './param-types.js';
import { matmulArrays, outerArrays, tensordotArrays, vecdotArrays } from './products.js';
import { declare, keyword, positional, required, REJECT, type ParamType } from './signature.js';
import { diagonal as diagonalView } from './views.js';

export { vdot } from './linalg.js';
export { det, inv, slogdet, solve, tensorinv, tensorsolve } from './linalg-solve.js';
export { cholesky, eigh, eigvalsh, qr, svd, svdvals } from './linalg-decompose.js';
export { eig, eigvals } from './linalg-eig.js';
export { cond, lstsq, matrix_power, matrix_rank, multi_dot, pinv } from './linalg-derived.js';
export { einsum } from './einsum.js';
export type { NormOrder } from './norms.js';

const x = required('x', arrayLike);

/** A norm order: any number (±Infinity included), 'fro', 'f', 'nuc', or null. */
const normOrder: ParamType<NormOrder> = {
  expected: "a number, 'fro', 'nuc' or null",
  parse: (v) => (typeof v === 'number' || v === null || v === 'fro' || v === 'f' || v === 'nuc' ? v : REJECT),
};

/** linalg.norm(x, ord=None, axis=None, keepdims=False): vector norms over one axis, matrix norms over two. */
export const norm = declare(
  'linalg.norm',
  [x, positional('ord', normOrder, null), positional('axis', t.nullable(t.axes), null), positional('keepdims', t.boolean, false)],
  (v) => normOf('linalg.norm', v.x, v.ord, v.axis, v.keepdims),
);

/** linalg.vector_norm(x, /, *, axis=None, keepdims=False, ord=2): the norm of the vectors along `axis` (all axes flattened by default). */
export const vector_norm = declare(
  'linalg.vector_norm',
  [x, keyword('axis', t.nullable(t.axes), null), keyword('keepdims', t.boolean, false), keyword('ord', t.number, 2)],
  (v) => {
    const op = 'linalg.vector_norm';
    const a = normInput(v.x);
    const axes = v.axis === null ? a.shape.map((_, j) => j) : (typeof v.axis === 'number' ? [v.axis] : v.axis).map((ax) => checkAxis(op, ax, a.ndim));
    if (new Set(axes).size !== axes.length) throw new CupytsError('ERR_AXIS', `${op}: expected distinct axes, got ${describe(v.axis)}`);
    return vectorNorm(op, a, axes, v.ord, v.keepdims);
  },
);

/** linalg.matrix_norm(x, /, *, keepdims=False, ord='fro'): the norm of the matrices in the last two axes. */
export const matrix_norm = declare(
  'linalg.matrix_norm',
  [x, keyword('keepdims', t.boolean, false), keyword('ord', normOrder, 'fro')],
  (v) => {
    const op = 'linalg.matrix_norm';
    if (v.x.ndim < 2) throw new CupytsError('ERR_SHAPE', `${op}: expected an array of at least 2 dimensions, got ${v.x.ndim}`);
    return matrixNorm(op, normInput(v.x), v.x.ndim - 2, v.x.ndim - 1, v.ord, v.keepdims);
  },
);

/** linalg.vecdot(x1, x2, /, *, axis=-1): dot products of the vectors along `axis`, the other axes broadcast. */
export const vecdot = declare('linalg.vecdot', [x1, x2, keyword('axis', t.axis, -1)], (v) => vecdotArrays('linalg.vecdot', v.x1, v.x2, v.axis));

/** linalg.matmul(x1, x2, /): cp.matmul without its ufunc options. */
export const matmul = declare('linalg.matmul', [x1, x2], (v) => matmulArrays('linalg.matmul', v.x1, v.x2));

/** linalg.outer(x1, x2, /): the outer product of two 1-D arrays. */
export const outer = declare('linalg.outer', [x1, x2], (v) => {
  if (v.x1.ndim !== 1 || v.x2.ndim !== 1) {
    throw new CupytsError('ERR_SHAPE', `linalg.outer: expected 1-D arrays, got arrays of ${v.x1.ndim} and ${v.x2.ndim} dimensions`);
  }
  return outerArrays(v.x1, v.x2);
});

/** linalg.tensordot(x1, x2, /, *, axes=2). */
export const tensordot = declare('linalg.tensordot', [x1, x2, keyword('axes', tensordotAxes, 2)],
  (v) => tensordotArrays('linalg.tensordot', v.x1, v.x2, v.axes));

/** linalg.trace(x, /, *, offset=0, dtype=None): sums of the diagonals of the matrices in the last two axes. */
export const trace = declare('linalg.trace', [x, keyword('offset', t.int, 0), keyword('dtype', t.nullable(t.dtype), null)],
  (v) => traceOf('linalg.trace', v.x, v.offset, -2, -1, v.dtype));

/** linalg.diagonal(x, /, *, offset=0): the diagonals of the matrices in the last two axes (a read-only view, as NumPy's). */
export const diagonal = declare('linalg.diagonal', [x, keyword('offset', t.int, 0)], (v) => {
  if (v.x.ndim < 2) throw new CupytsError('ERR_SHAPE', `linalg.diagonal: expected an array of at least 2 dimensions, got ${v.x.ndim}`);
  return diagonalView(v.x, v.offset, -2, -1, true);
});

/** linalg.cross(x1, x2, /, *, axis=-1): cross products of 3-vectors along `axis`. */
export const cross = declare('linalg.cross', [x1, x2, keyword('axis', t.axis, -1)], (v) => {
  const op = 'linalg.cross';
  const n1 = v.x1.shape[checkAxis(op, v.axis, v.x1.ndim)];
  const n2 = v.x2.shape[checkAxis(op, v.axis, v.x2.ndim)];
  if (n1 !== 3 || n2 !== 3) throw new CupytsError('ERR_SHAPE', `${op}: expected 3-vectors along axis ${v.axis}, got lengths ${n1} and ${n2}`);
  return crossAny(v.x1, v.x2, { axis: v.axis }) as NDArray;
});
