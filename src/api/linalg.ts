// Linear algebra with NumPy's semantics: matmul (1-D, 2-D, batched with broadcasting), dot, vdot,
// inner, outer, tensordot, trace and linalg.norm. matmul is a materialization point: its inputs
// are computed (as contiguous matrices), one GEMM runs (src/api/gemm.ts), and the result is a
// computed array that elementwise consumers read like any other. Everything with a contraction
// goes through matmul after transposing and reshaping views (src/api/views.ts); sums (trace,
// norms) are products with a vector of ones until cupyts has reductions.
import { DTYPES, toDType, type DType, type DTypeLike } from '../ir/dtype.js';
import { CupytsError, describe } from '../ir/errors.js';
import { sourceNode } from '../ir/graph.js';
import { promoteTypes } from '../ir/promotion.js';
import { broadcastShapes, formatShape, sameShape, sizeOf } from '../ir/shape.js';
import { full } from './creation.js';
import { absolute, multiply, power, sqrt, not_equal } from './elementwise.js';
import { runGemm } from './gemm.js';
import { NDArray } from './ndarray.js';
import { booleanArg, integerArg, normalizeAxes, normalizeAxis, optionsArg } from './arguments.js';
import { broadcastTo, toArray, type ArrayOrScalar } from './operands.js';
import { contiguous, diagonal, reshape, transpose } from './views.js';

function sameRunner(op: string, a: NDArray, b: NDArray): void {
  if (a.runner !== b.runner) throw new CupytsError('ERR_ARG', `${op}: expected arrays of one backend, got ${a.runner.kind} and ${b.runner.kind}`);
}

/** A computed array whose C-contiguous matrices of (m, k) sit `stride` elements apart over `batch`. */
function batchOperand(x: NDArray, batchShape: number[], rows: number, cols: number): { array: NDArray; stride: number } {
  const own = x.shape.slice(0, -2);
  const c = contiguous(x);
  if (sizeOf(own) === 1) return { array: c, stride: 0 };
  const padded = [...new Array(batchShape.length - own.length).fill(1), ...own];
  if (sameShape(padded, batchShape)) return { array: c, stride: rows * cols };
  return { array: contiguous(broadcastTo(c, [...batchShape, rows, cols]).astype(x.dtype)), stride: rows * cols };
}

/** NumPy's matmul (the @ operator): 1-D operands gain and then lose an axis; batch axes broadcast. */
export function matmul(x1: ArrayOrScalar, x2: ArrayOrScalar): NDArray {
  const a0 = toArray('matmul', x1);
  const b0 = toArray('matmul', x2);
  sameRunner('matmul', a0, b0);
  if (a0.ndim === 0 || b0.ndim === 0) {
    throw new CupytsError('ERR_ARG', `matmul: expected arrays of at least 1 dimension, got shapes ${formatShape(a0.shape)} and ${formatShape(b0.shape)}`);
  }
  const dtype = promoteTypes(a0.dtype, b0.dtype);
  const a = a0.ndim === 1 ? reshape(a0, [1, a0.shape[0]]) : a0;
  const b = b0.ndim === 1 ? reshape(b0, [b0.shape[0], 1]) : b0;
  const [m, k] = a.shape.slice(-2);
  const [k2, n] = b.shape.slice(-2);
  if (k !== k2) {
    throw new CupytsError('ERR_SHAPE', `matmul: expected the last axis of x1 to match the second-to-last axis of x2, got shapes ${formatShape(a0.shape)} and ${formatShape(b0.shape)} (${k} != ${k2})`);
  }
  const batchShape = broadcastShapes('matmul', a.shape.slice(0, -2), b.shape.slice(0, -2));
  const outShape = [...batchShape, ...(a0.ndim === 1 ? [] : [m]), ...(b0.ndim === 1 ? [] : [n])];
  const batch = sizeOf(batchShape);
  if (batch * m * n === 0 || k === 0) return full(outShape, 0, { dtype });
  const ac = a.dtype === dtype ? a : a.astype(dtype);
  const bc = b.dtype === dtype ? b : b.astype(dtype);
  const A = batchOperand(ac, batchShape, m, k);
  const B = batchOperand(bc, batchShape, k, n);
  // One matrix B for a batch of contiguous A: a single GEMM with batch * m rows.
  const fold = B.stride === 0 && A.stride === m * k;
  const storage = runGemm(a0.runner, {
    dtype, batch: fold ? 1 : batch, m: fold ? batch * m : m, n, k, a: A.array, b: B.array, strideA: A.stride, strideB: B.stride,
  });
  return new NDArray(sourceNode(outShape, dtype, storage), a0.runner);
}

/**
 * NumPy's tensordot: sums products over `axes` (an int N: the last N axes of a with the first N
 * of b; or a pair of axis lists). The result has a's free axes, then b's.
 */
export function tensordot(x1: ArrayOrScalar, x2: ArrayOrScalar, axes: number | [number | number[], number | number[]] = 2): NDArray {
  const a = toArray('tensordot', x1);
  const b = toArray('tensordot', x2);
  sameRunner('tensordot', a, b);
  let axesA: number[];
  let axesB: number[];
  if (typeof axes === 'number') {
    if (!Number.isInteger(axes) || axes < 0 || axes > a.ndim || axes > b.ndim) {
      throw new CupytsError('ERR_AXIS', `tensordot: expected an axes count in [0, ${Math.min(a.ndim, b.ndim)}], got ${describe(axes)}`);
    }
    axesA = a.shape.map((_, j) => j).slice(a.ndim - axes);
    axesB = b.shape.map((_, j) => j).slice(0, axes);
  } else {
    if (!Array.isArray(axes) || axes.length !== 2) throw new CupytsError('ERR_AXIS', `tensordot: expected axes as an int or a pair of axis lists, got ${describe(axes)}`);
    axesA = normalizeAxes('tensordot', axes[0], a.ndim);
    axesB = normalizeAxes('tensordot', axes[1], b.ndim);
  }
  if (axesA.length !== axesB.length) throw new CupytsError('ERR_AXIS', `tensordot: expected as many axes of x1 as of x2, got ${axesA.length} and ${axesB.length}`);
  axesA.forEach((ax, i) => {
    if (a.shape[ax] !== b.shape[axesB[i]]) {
      throw new CupytsError('ERR_SHAPE', `tensordot: expected equal sizes on summed axes, got ${a.shape[ax]} (x1 axis ${ax}) and ${b.shape[axesB[i]]} (x2 axis ${axesB[i]})`);
    }
  });
  const freeA = a.shape.map((_, j) => j).filter((j) => !axesA.includes(j));
  const freeB = b.shape.map((_, j) => j).filter((j) => !axesB.includes(j));
  const K = sizeOf(axesA.map((j) => a.shape[j]));
  const M = sizeOf(freeA.map((j) => a.shape[j]));
  const N = sizeOf(freeB.map((j) => b.shape[j]));
  const A = reshape(transpose(a, [...freeA, ...axesA]), [M, K]);
  const B = reshape(transpose(b, [...axesB, ...freeB]), [K, N]);
  return reshape(matmul(A, B), [...freeA.map((j) => a.shape[j]), ...freeB.map((j) => b.shape[j])]);
}

/** NumPy's dot: a product for 0-d operands, else a sum over a's last axis and b's second-to-last (last for 1-D). */
export function dot(x1: ArrayOrScalar, x2: ArrayOrScalar): NDArray {
  const a = toArray('dot', x1);
  const b = toArray('dot', x2);
  if (a.ndim === 0 || b.ndim === 0) return multiply(a, b);
  if (a.ndim <= 2 && b.ndim <= 2) return matmul(a, b);
  return tensordot(a, b, [[a.ndim - 1], [b.ndim === 1 ? 0 : b.ndim - 2]]);
}

/** NumPy's inner: a sum over the last axes of both. */
export function inner(x1: ArrayOrScalar, x2: ArrayOrScalar): NDArray {
  const a = toArray('inner', x1);
  const b = toArray('inner', x2);
  if (a.ndim === 0 || b.ndim === 0) return multiply(a, b);
  return tensordot(a, b, [[a.ndim - 1], [b.ndim - 1]]);
}

/** NumPy's vdot: the dot product of the flattened arrays (of equal size). */
export function vdot(x1: ArrayOrScalar, x2: ArrayOrScalar): NDArray {
  const a = toArray('vdot', x1);
  const b = toArray('vdot', x2);
  if (a.size !== b.size) throw new CupytsError('ERR_SHAPE', `vdot: expected arrays of one size, got sizes ${a.size} and ${b.size}`);
  return matmul(reshape(a, [a.size]), reshape(b, [b.size]));
}

/** NumPy's outer: a[i] * b[j] of the flattened arrays (an elementwise product, fused with its consumers). */
export function outer(x1: ArrayOrScalar, x2: ArrayOrScalar): NDArray {
  const a = toArray('outer', x1);
  const b = toArray('outer', x2);
  return multiply(reshape(a, [a.size, 1]), reshape(b, [1, b.size]));
}

/** NumPy's accumulation dtype for sums: bool and small integers widen to int64 / uint64. */
function sumDType(d: DType): DType {
  if (d.kind === 'b' || (d.kind === 'i' && d.itemsize < 8)) return DTYPES.int64;
  if (d.kind === 'u' && d.itemsize < 8) return DTYPES.uint64;
  return d;
}

/** Sums over the last axis (a product with a vector of ones). */
function sumLastAxis(x: NDArray, dtype: DType): NDArray {
  const s = x.shape[x.ndim - 1];
  const xs = x.dtype === dtype ? x : x.astype(dtype);
  const ones = full([s, 1], 1, { dtype });
  return reshape(matmul(xs, ones), x.shape.slice(0, -1));
}

/** NumPy's trace: sums of the diagonals over (axis1, axis2), with an offset. */
export function trace(x: ArrayOrScalar, offset = 0, axis1 = 0, axis2 = 1, options?: { dtype?: DTypeLike }): NDArray {
  const a = toArray('trace', x);
  const { dtype: wanted } = optionsArg('trace', options);
  if (a.ndim < 2) throw new CupytsError('ERR_ARG', `trace: expected an array of at least 2 dimensions, got shape ${formatShape(a.shape)}`);
  integerArg('trace', 'offset', offset);
  const ax1 = normalizeAxis('trace', axis1, a.ndim);
  const ax2 = normalizeAxis('trace', axis2, a.ndim);
  if (ax1 === ax2) throw new CupytsError('ERR_AXIS', `trace: expected two different axes, got ${axis1} and ${axis2}`);
  const dtype = wanted === undefined ? sumDType(a.dtype) : toDType(wanted, 'trace');
  return sumLastAxis(diagonal(a, offset, ax1, ax2), dtype);
}

export type NormOrder = number | 'fro' | 'nuc' | null | undefined;

/**
 * NumPy's linalg.norm for what sums can compute: vector norms (ord null, 2, 1, 0, any p > 0 and
 * negative p) and the Frobenius norm of matrices. ord ±inf (maxima), matrix ord 1/inf (maxima
 * of sums) and 2/-2/'nuc' (singular values) throw ERR_NOT_SUPPORTED.
 */
export function norm(x: ArrayOrScalar, ord: NormOrder = null, axis: number | [number, number] | null = null, keepdims = false): NDArray {
  const a0 = toArray('linalg.norm', x);
  const a = a0.dtype.kind === 'f' ? a0 : a0.astype(DTYPES.float64);
  const axes = axis === null || axis === undefined ? a.shape.map((_, j) => j) : normalizeAxes('linalg.norm', axis, a.ndim);
  booleanArg('linalg.norm', 'keepdims', keepdims, false);
  const isMatrix = axis === null || axis === undefined ? ord !== null && ord !== undefined && a.ndim === 2 : axes.length === 2;
  if (axes.length > 2 && ord !== null && ord !== undefined) {
    throw new CupytsError('ERR_ARG', `linalg.norm: expected a 1-D or 2-D array (or axis) when ord is given, got ${axes.length} axes`);
  }
  const unsupported = (what: string) => new CupytsError('ERR_NOT_SUPPORTED', `linalg.norm: expected an ord cupyts can compute with sums, got ${what}`);
  let power_: number;
  if (ord === null || ord === undefined || ord === 'fro') {
    if (ord === 'fro' && !isMatrix) throw new CupytsError('ERR_ARG', "linalg.norm: expected a matrix (2 axes) for ord 'fro', got a vector norm");
    power_ = 2;
  } else if (isMatrix) {
    throw unsupported(`the matrix norm ord=${String(ord)} (needs maxima or singular values)`);
  } else if (typeof ord !== 'number' || Number.isNaN(ord)) {
    throw new CupytsError('ERR_ARG', `linalg.norm: expected a number, 'fro' or null for ord, got ${describe(ord)}`);
  } else if (!Number.isFinite(ord)) {
    throw unsupported(`ord=${ord} (needs a maximum or minimum reduction)`);
  } else {
    power_ = ord;
  }
  // Move the normed axes last and flatten them into one.
  const kept = a.shape.map((_, j) => j).filter((j) => !axes.includes(j));
  const moved = reshape(transpose(a, [...kept, ...axes]), [...kept.map((j) => a.shape[j]), sizeOf(axes.map((j) => a.shape[j]))]);
  let result: NDArray;
  if (power_ === 0) result = sumLastAxis(not_equal(moved, 0), a.dtype);
  else if (power_ === 1) result = sumLastAxis(absolute(moved), a.dtype);
  else if (power_ === 2) result = sqrt(sumLastAxis(multiply(moved, moved), a.dtype));
  else result = power(sumLastAxis(power(absolute(moved), power_), a.dtype), 1 / power_);
  if (!keepdims) return result;
  return reshape(result, a.shape.map((d, j) => (axes.includes(j) ? 1 : d)));
}
