// The products of linear algebra on arrays (the declared API is linalg.ts): matmul (1-D, 2-D,
// batched with broadcasting), dot, vdot, inner, outer, tensordot, trace and NumPy 2's vecdot,
// matvec and vecmat, over every dtype complex ones included (NumPy 2 promotion; vdot, vecdot and
// vecmat conjugate their first argument). matmul is a
// materialization point: its inputs are computed (as contiguous matrices), one GEMM runs
// (src/api/gemm.ts), and the result is a computed array that elementwise consumers read like any
// other. Everything with a contraction goes through matmul after transposing and reshaping views
// (src/api/views.ts). `op` is the name the caller used, so errors name it.
import { CupytsError } from '../ir/errors.js';
import { sourceNode } from '../ir/graph.js';
import { promoteTypes } from '../ir/promotion.js';
import { broadcastShapes, formatShape, sameShape, sizeOf } from '../ir/shape.js';
import { checkAxis } from './array-params.js';
import { full } from './creation.js';
import { conjugate, multiply } from './elementwise.js';
import { runGemm } from './gemm.js';
import { NDArray } from './ndarray.js';
import { broadcastTo, runnerMismatch } from './operands.js';
import { sum } from './reductions.js';
import { contiguous, expand_dims, isContiguous, moveaxis, reshape, transpose } from './views.js';

function sameRunner(op: string, a: NDArray, b: NDArray): void {
  if (a.runner !== b.runner) throw runnerMismatch(op, [a.runner, b.runner]);
}

/** A computed operand of a GEMM: matrices `stride` elements apart over the batch, each row-major or (`trans`) column-major. */
interface GemmOperand {
  array: NDArray;
  stride: number;
  trans: boolean;
}

/**
 * Whether computed `x` holds its (rows, cols) matrices column-major (an F-ordered matrix, such as
 * a transposed view), one after another in C order over its batch axes: a GEMM reads it as it is.
 */
function storedTransposed(x: NDArray, rows: number, cols: number): boolean {
  const r = x.node.realized;
  if (!r?.storage) return false;
  const expected = [...x.shape.slice(0, -2).map(() => 0), 1, rows];
  let step = rows * cols;
  for (let j = x.ndim - 3; j >= 0; j--) {
    expected[j] = step;
    step *= x.shape[j];
  }
  return x.shape.every((d, j) => d === 1 || r.strides[j] === expected[j]);
}

/** `x` as GEMM operand over `batchShape`: as it is where its layout allows, else a contiguous copy. */
function batchOperand(x: NDArray, batchShape: number[], rows: number, cols: number): GemmOperand {
  const own = x.shape.slice(0, -2);
  const padded = [...new Array(batchShape.length - own.length).fill(1), ...own];
  const single = sizeOf(own) === 1;
  if (single || sameShape(padded, batchShape)) {
    const stride = single ? 0 : rows * cols;
    if (!isContiguous(x) && storedTransposed(x, rows, cols)) return { array: x, stride, trans: true };
    return { array: contiguous(x), stride, trans: false };
  }
  return { array: contiguous(broadcastTo(contiguous(x), [...batchShape, rows, cols]).astype(x.dtype)), stride: rows * cols, trans: false };
}

/** Internal options of matmulArrays: conjugate x1's elements first (vdot). */
export interface MatmulOptions {
  conjugateA?: boolean;
}

/** NumPy's matmul (the @ operator): 1-D operands gain and then lose an axis; batch axes broadcast. */
export function matmulArrays(op: string, a0: NDArray, b0: NDArray, options: MatmulOptions = {}): NDArray {
  sameRunner(op, a0, b0);
  if (a0.ndim === 0 || b0.ndim === 0) {
    throw new CupytsError('ERR_ARG', `${op}: expected arrays of at least 1 dimension, got shapes ${formatShape(a0.shape)} and ${formatShape(b0.shape)}`);
  }
  const dtype = promoteTypes(a0.dtype, b0.dtype);
  const a = a0.ndim === 1 ? reshape(a0, [1, a0.shape[0]]) : a0;
  const b = b0.ndim === 1 ? reshape(b0, [b0.shape[0], 1]) : b0;
  const [m, k] = a.shape.slice(-2);
  const [k2, n] = b.shape.slice(-2);
  if (k !== k2) {
    throw new CupytsError('ERR_SHAPE', `${op}: expected the last axis of x1 to match the second-to-last axis of x2, got shapes ${formatShape(a0.shape)} and ${formatShape(b0.shape)} (${k} != ${k2})`);
  }
  const batchShape = broadcastShapes(op, a.shape.slice(0, -2), b.shape.slice(0, -2));
  const outShape = [...batchShape, ...(a0.ndim === 1 ? [] : [m]), ...(b0.ndim === 1 ? [] : [n])];
  const batch = sizeOf(batchShape);
  if (batch * m * n === 0 || k === 0) return full(outShape, 0, { dtype });
  // A conjugated A of one row (vdot, vecdot, vecmat) is read conjugated by the GEMM; a larger one
  // is conjugated in the copy that makes it contiguous.
  const conjugated = options.conjugateA === true && a0.dtype.kind === 'c';
  const conj = conjugated && m === 1;
  const cast = a.dtype === dtype ? a : a.astype(dtype);
  const A = batchOperand(conjugated && !conj ? conjugate(cast) : cast, batchShape, m, k);
  const bc = b.dtype === dtype ? b : b.astype(dtype);
  const B = batchOperand(bc, batchShape, k, n);
  // One matrix B for a batch of contiguous A: a single GEMM with batch * m rows (not for a
  // conjugated A, which cuBLAS reads conjugated only as one row).
  const fold = B.stride === 0 && A.stride === m * k && !A.trans && !conj;
  const storage = runGemm(a0.runner, {
    dtype, batch: fold ? 1 : batch, m: fold ? batch * m : m, n, k, a: A.array, b: B.array, strideA: A.stride, strideB: B.stride,
    transA: A.trans, transB: B.trans, conjA: conj,
  });
  return new NDArray(sourceNode(outShape, dtype, storage), a0.runner);
}

/** tensordot's axes: a count N (the last N axes of a with the first N of b), or a pair of axis lists. */
export type TensordotAxes = number | [number | number[], number | number[]];

/** Axes given as one integer or a list, normalized, without repeats. */
function axisList(op: string, axes: number | number[], ndim: number): number[] {
  const list = (typeof axes === 'number' ? [axes] : axes).map((ax) => checkAxis(op, ax, ndim));
  if (new Set(list).size !== list.length) throw new CupytsError('ERR_AXIS', `${op}: expected distinct axes, got a repeated axis in (${list.join(', ')})`);
  return list;
}

/**
 * NumPy's tensordot: sums products over `axes`. The result has a's free axes, then b's.
 */
export function tensordotArrays(op: string, a: NDArray, b: NDArray, axes: TensordotAxes): NDArray {
  sameRunner(op, a, b);
  let axesA: number[];
  let axesB: number[];
  if (typeof axes === 'number') {
    if (axes < 0 || axes > a.ndim || axes > b.ndim) {
      throw new CupytsError('ERR_AXIS', `${op}: expected an axes count in [0, ${Math.min(a.ndim, b.ndim)}], got ${axes}`);
    }
    axesA = a.shape.map((_, j) => j).slice(a.ndim - axes);
    axesB = b.shape.map((_, j) => j).slice(0, axes);
  } else {
    axesA = axisList(op, axes[0], a.ndim);
    axesB = axisList(op, axes[1], b.ndim);
  }
  if (axesA.length !== axesB.length) throw new CupytsError('ERR_AXIS', `${op}: expected as many axes of x1 as of x2, got ${axesA.length} and ${axesB.length}`);
  axesA.forEach((ax, i) => {
    if (a.shape[ax] !== b.shape[axesB[i]]) {
      throw new CupytsError('ERR_SHAPE', `${op}: expected equal sizes on summed axes, got ${a.shape[ax]} (x1 axis ${ax}) and ${b.shape[axesB[i]]} (x2 axis ${axesB[i]})`);
    }
  });
  const freeA = a.shape.map((_, j) => j).filter((j) => !axesA.includes(j));
  const freeB = b.shape.map((_, j) => j).filter((j) => !axesB.includes(j));
  const K = sizeOf(axesA.map((j) => a.shape[j]));
  const M = sizeOf(freeA.map((j) => a.shape[j]));
  const N = sizeOf(freeB.map((j) => b.shape[j]));
  const A = reshape(transpose(a, [...freeA, ...axesA]), [M, K]);
  const B = reshape(transpose(b, [...axesB, ...freeB]), [K, N]);
  return reshape(matmulArrays(op, A, B), [...freeA.map((j) => a.shape[j]), ...freeB.map((j) => b.shape[j])]);
}

/** NumPy's dot: a product for 0-d operands, else a sum over a's last axis and b's second-to-last (last for 1-D). */
export function dotArrays(op: string, a: NDArray, b: NDArray): NDArray {
  if (a.ndim === 0 || b.ndim === 0) return multiply(a, b);
  if (a.ndim <= 2 && b.ndim <= 2) return matmulArrays(op, a, b);
  return tensordotArrays(op, a, b, [[a.ndim - 1], [b.ndim === 1 ? 0 : b.ndim - 2]]);
}

/** NumPy's inner: a sum over the last axes of both. */
export function innerArrays(op: string, a: NDArray, b: NDArray): NDArray {
  if (a.ndim === 0 || b.ndim === 0) return multiply(a, b);
  return tensordotArrays(op, a, b, [[a.ndim - 1], [b.ndim - 1]]);
}

/** NumPy's vdot: the dot product of the flattened arrays (of equal size), the first conjugated. */
export function vdotArrays(op: string, a: NDArray, b: NDArray): NDArray {
  if (a.size !== b.size) throw new CupytsError('ERR_SHAPE', `${op}: expected arrays of one size, got sizes ${a.size} and ${b.size}`);
  // A fused conj(a) * b and sum (a split reduction that fills the device): as a one-output GEMM
  // it ran in one thread (1.1 s for 2^24 complex64 on the H200). Booleans keep the GEMM's logic.
  if (a.dtype.kind === 'b' && b.dtype.kind === 'b') return matmulArrays(op, reshape(a, [a.size]), reshape(b, [b.size]), { conjugateA: true });
  return vecdotArrays(op, reshape(a, [a.size]), reshape(b, [b.size]), -1);
}

/** NumPy's outer: a[i] * b[j] of the flattened arrays (an elementwise product, fused with its consumers). */
export function outerArrays(a: NDArray, b: NDArray): NDArray {
  return multiply(reshape(a, [a.size, 1]), reshape(b, [1, b.size]));
}

/** NumPy 2's vecdot: sums of conj(a) * b along `axis` of each, the other axes broadcast (a fused product and sum). */
export function vecdotArrays(op: string, a0: NDArray, b0: NDArray, axis: number): NDArray {
  sameRunner(op, a0, b0);
  if (a0.ndim === 0 || b0.ndim === 0) throw new CupytsError('ERR_SHAPE', `${op}: expected arrays of at least 1 dimension, got shapes ${formatShape(a0.shape)} and ${formatShape(b0.shape)}`);
  const a = moveaxis(a0, checkAxis(op, axis, a0.ndim), -1);
  const b = moveaxis(b0, checkAxis(op, axis, b0.ndim), -1);
  const [n, m] = [a.shape[a.ndim - 1], b.shape[b.ndim - 1]];
  if (n !== m) throw new CupytsError('ERR_SHAPE', `${op}: expected vectors of one length along axis ${axis}, got ${n} and ${m}`);
  const dtype = promoteTypes(a.dtype, b.dtype);
  return sum(multiply(a.dtype.kind === 'c' ? conjugate(a) : a, b), { axis: -1, dtype });
}

/** NumPy 2's matvec: the matrices of a (its last two axes) times the vectors of b (its last axis), batch axes broadcast. */
export function matvecArrays(op: string, a: NDArray, b: NDArray): NDArray {
  if (a.ndim < 2 || b.ndim < 1) throw new CupytsError('ERR_SHAPE', `${op}: expected a stack of matrices and a stack of vectors, got shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  const c = matmulArrays(op, a, expand_dims(b, -1));
  return reshape(c, c.shape.slice(0, -1));
}

/** NumPy 2's vecmat: the conjugated vectors of a (its last axis) times the matrices of b (its last two axes), batch axes broadcast. */
export function vecmatArrays(op: string, a: NDArray, b: NDArray): NDArray {
  if (a.ndim < 1 || b.ndim < 2) throw new CupytsError('ERR_SHAPE', `${op}: expected a stack of vectors and a stack of matrices, got shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  const c = matmulArrays(op, expand_dims(a, -2), b, { conjugateA: true });
  return reshape(c, [...c.shape.slice(0, -2), c.shape[c.ndim - 1]]);
}
