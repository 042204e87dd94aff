// numpy.linalg's functions built from the others, with NumPy's formulas and signatures: lstsq,
// pinv, matrix_rank and cond through singular values (real or complex: the SVD's factors enter
// conjugate-transposed), matrix_power by repeated squaring (inv for negative powers), and
// multi_dot in the cheapest order of multiplications.
import { CupytsError } from '../ir/errors.js';
import { formatShape, sizeOf } from '../ir/shape.js';
import { arrayLike, listOf } from './array-params.js';
import { full } from './creation.js';
import { realPartDType } from '../ir/dtype.js';
import { conjugate, divide, greater, isnan, logical_and, logical_not, multiply, subtract } from './elementwise.js';
import { qr, svdArrays } from './linalg-decompose.js';
import { asLinalg, checkStacked2d, checkStackedSquare } from './linalg-inputs.js';
import { invArrays } from './linalg-solve.js';
import { choleskyQR2Factors, TALL } from './lstsq-tall.js';
import type { NDArray } from './ndarray.js';
import { absSquared, matrixNorm, type NormOrder } from './norms.js';
import { outArray, writeOut } from './out-param.js';
import * as t from './param-types.js';
import { matmulArrays } from './products.js';
import { eye } from './ranges.js';
import * as R from './reductions.js';
import { declare, keyword, positional, required, REJECT, type ParamType } from './signature.js';
import { where } from './index-api.js';
import { broadcastTo } from './operands.js';
import { expand_dims, reshape, swapaxes } from './views.js';

const a = required('a', arrayLike);
const EPS = { float32: 2 ** -23, float64: 2 ** -52 } as Record<string, number>;
/** The machine epsilon of x's (real part's) float dtype, as NumPy's finfo(x.dtype).eps. */
const epsOf = (x: NDArray) => EPS[realPartDType(x.dtype).name] ?? 2 ** -52;

/** The conjugate transposes of a stack of matrices (the transposes of real ones). */
function conjugateTranspose(x: NDArray): NDArray {
  const t = swapaxes(x, -1, -2);
  return x.dtype.kind === 'c' ? conjugate(t) : t;
}

/** 1/s where s > cutoff, else 0 (NumPy's pinv and lstsq). */
function invertLarge(s: NDArray, cutoff: NDArray | number): NDArray {
  const large = greater(s, cutoff);
  return where(large, divide(1, where(large, s, 1)), 0) as NDArray;
}


/**
 * U^H b, s and Vh of a's SVD. A tall a (at least TALL rows per column) is factored a = QR first
 * and R's SVD taken (U = Q U_R, so U^H b = U_R^H (Q^H b)), as LAPACK's gelsd and gesvd do where
 * rows far outnumber columns: the SVD of the whole of it (cuSOLVER's gesvd) made ~60 ms of a
 * 4M x 10 fit. The QR is CholeskyQR2 where that is accurate (./lstsq-tall.ts), else Householder's
 * (cuSOLVER's geqrf and orgqr, 60 ms of the same fit). A non-finite a gives a non-finite R.
 */
function leastSquaresFactors(op: string, A: NDArray, B: NDArray): { uHb: NDArray; s: NDArray; vh: NDArray } {
  const [m, n] = A.shape;
  if (m < TALL * n) {
    const [u, s, vh] = svdArrays(op, A, false, true, false, 'raise-non-finite') as [NDArray, NDArray, NDArray];
    return { uHb: matmulArrays(op, conjugateTranspose(u), B), s, vh };
  }
  const fast = choleskyQR2Factors(op, A, B);
  if (fast) return fast;
  const [q, r] = qr(A, 'reduced') as [NDArray, NDArray];
  const [u, s, vh] = svdArrays(op, r, false, true, false, 'raise-non-finite') as [NDArray, NDArray, NDArray];
  return { uHb: matmulArrays(op, conjugateTranspose(u), matmulArrays(op, conjugateTranspose(q), B)), s, vh };
}

/**
 * lstsq(a, b, rcond=None): [x, residuals, rank, s], the least-squares solution of a @ x = b through
 * the SVD of the 2-D a (as LAPACK's gelsd that NumPy calls): x = V diag(1/s) U^H b over the
 * singular values above rcond * max(s); residuals (real) the squared 2-norms of b - a x's columns
 * where a has full column rank and more rows than columns, else empty; s real.
 */
export const lstsq = declare('linalg.lstsq', [a, required('b', arrayLike), positional('rcond', t.nullable(t.number), null)], (v): [NDArray, NDArray, number, NDArray] => {
  const op = 'linalg.lstsq';
  const A = asLinalg(op, v.a, v.b);
  const B0 = asLinalg(op, v.b, v.a);
  if (A.ndim !== 2) throw new CupytsError('ERR_LINALG', `${op}: expected a 2-D a (LinAlgError), got a ${A.ndim}-dimensional array`);
  if (B0.ndim !== 1 && B0.ndim !== 2) throw new CupytsError('ERR_LINALG', `${op}: expected a 1-D or 2-D b (LinAlgError), got a ${B0.ndim}-dimensional array`);
  const [m, n] = A.shape;
  if (B0.shape[0] !== m) throw new CupytsError('ERR_LINALG', `${op}: expected b with ${m} rows to match a of shape ${formatShape(A.shape)} (Incompatible dimensions), got ${formatShape(B0.shape)}`);
  const B = B0.ndim === 1 ? reshape(B0, [m, 1]) : B0;
  const k = B.shape[1];
  const real = realPartDType(A.dtype);
  const rcond = v.rcond ?? epsOf(A) * Math.max(m, n);
  let x: NDArray;
  let s: NDArray;
  let rank: number;
  if (m * n === 0) {
    x = full([n, k], 0, { dtype: A.dtype });
    s = full([0], 0, { dtype: real });
    rank = 0;
  } else {
    const { uHb, s: s0, vh } = leastSquaresFactors(op, A, B);
    s = s0;
    const cutoff = multiply(rcond, R.max(s));
    const sinv = invertLarge(s, cutoff);
    rank = Number(R.count_nonzero(greater(s, cutoff)).item());
    x = matmulArrays(op, conjugateTranspose(vh), multiply(expand_dims(sinv, -1), uHb));
  }
  const residuals = rank === n && m > n
    ? R.sum(absSquared(subtract(B, matmulArrays(op, A, x))), { axis: 0 })
    : full([0], 0, { dtype: real });
  return [B0.ndim === 1 ? reshape(x, [n]) : x, residuals, rank, s];
});

/** pinv's rtol: not given (undefined), null, or a number. */
const rtolParam: ParamType<number | null | undefined> = {
  expected: 'a number or null',
  parse: (x) => (x === undefined || x === null || typeof x === 'number' ? x : REJECT),
};

/** pinv(a, rcond=None, hermitian=False, *, rtol=<no value>): the Moore-Penrose pseudo-inverse of a stack, V diag(1/s) U^H. */
export const pinv = declare(
  'linalg.pinv',
  [a, positional('rcond', t.nullable(t.number), null), positional('hermitian', t.boolean, false), keyword('rtol', rtolParam, undefined, '<no value>')],
  (v) => {
    const op = 'linalg.pinv';
    const A = asLinalg(op, v.a);
    checkStacked2d(op, A);
    const [m, n] = A.shape.slice(-2);
    let rcond: number;
    if (v.rcond === null) rcond = v.rtol === undefined ? 1e-15 : v.rtol === null ? Math.max(m, n) * epsOf(A) : v.rtol;
    else if (v.rtol !== undefined) throw new CupytsError('ERR_ARG', `${op}: expected rcond or rtol, not both, got rcond ${v.rcond} and rtol ${v.rtol}`);
    else rcond = v.rcond;
    if (sizeOf(A.shape) === 0) return full([...A.shape.slice(0, -2), n, m], 0, { dtype: A.dtype });
    const [u, s, vh] = svdArrays(op, A, false, true, v.hermitian) as [NDArray, NDArray, NDArray];
    const cutoff = multiply(rcond, R.max(s, { axis: -1, keepdims: true }));
    const sinv = invertLarge(s, cutoff);
    return matmulArrays(op, conjugateTranspose(vh), multiply(expand_dims(sinv, -1), conjugateTranspose(u)));
  },
);

/** matrix_rank(A, tol=None, hermitian=False, *, rtol=None): the number of singular values above the tolerance (int64). */
export const matrix_rank = declare(
  'linalg.matrix_rank',
  [required('A', arrayLike), positional('tol', t.nullable(t.number), null), positional('hermitian', t.boolean, false), keyword('rtol', t.nullable(t.number), null)],
  (v) => {
    const op = 'linalg.matrix_rank';
    if (v.tol !== null && v.rtol !== null) throw new CupytsError('ERR_ARG', `${op}: expected tol or rtol, not both, got tol ${v.tol} and rtol ${v.rtol}`);
    // NumPy answers a 0-d or 1-D A as int(not all(A == 0)) before any dtype check (float16 included)
    if (v.A.ndim < 2) return R.any(v.A).astype('int64');
    const A = asLinalg(op, v.A);
    const [m, n] = A.shape.slice(-2);
    const s = svdArrays(op, A, false, false, v.hermitian) as NDArray;
    if (Math.min(m, n) === 0) return full(A.shape.slice(0, -2), 0, { dtype: 'int64' });
    const tol = v.tol ?? multiply(R.max(s, { axis: -1, keepdims: true }), v.rtol ?? Math.max(m, n) * epsOf(s));
    return R.count_nonzero(greater(s, tol), { axis: -1 }).astype('int64');
  },
);

/** cond's p: null, 2, -2, 1, -1, Infinity, -Infinity, 'fro' or 'nuc'. */
const condOrder: ParamType<NormOrder> = {
  expected: "null, 2, -2, 1, -1, Infinity, -Infinity, 'fro' or 'nuc'",
  parse: (x) => (x === null || x === 'fro' || x === 'nuc' || (typeof x === 'number' && [1, -1, 2, -2, Infinity, -Infinity].includes(x)) ? x : REJECT),
};

/** cond(x, p=None): condition numbers; a singular matrix gives inf, as in NumPy. */
export const cond = declare('linalg.cond', [required('x', arrayLike), positional('p', condOrder, null)], (v) => {
  const op = 'linalg.cond';
  const x = asLinalg(op, v.x);
  checkStacked2d(op, x);
  if (sizeOf(x.shape.slice(-2)) === 0) throw new CupytsError('ERR_LINALG', `${op}: cond is not defined on empty arrays (LinAlgError), got shape ${formatShape(x.shape)}`);
  let r: NDArray;
  if (v.p === null || v.p === 2 || v.p === -2) {
    const s = svdArrays(op, x, false, false, false) as NDArray;
    const first = s.get('...,0');
    const last = s.get('...,-1');
    r = v.p === -2 ? divide(last, first) : divide(first, last);
  } else {
    checkStackedSquare(op, x, 'x');
    const invx = invArrays(op, x, true);
    const row = x.ndim - 2;
    r = multiply(matrixNorm(op, x, row, row + 1, v.p, false), matrixNorm(op, invx, row, row + 1, v.p, false));
  }
  // NaN from a singular matrix is inf, unless x itself held NaN.
  const xHasNan = R.any(isnan(x), { axis: [-2, -1] });
  return where(logical_and(isnan(r), logical_not(xHasNan)), Infinity, r) as NDArray;
});

/** matrix_power(a, n): a @ a @ ... (n times); the identity for 0; inv(a) raised to -n for negative n. */
export const matrix_power = declare('linalg.matrix_power', [a, required('n', t.int)], (v) => {
  const op = 'linalg.matrix_power';
  checkStackedSquare(op, v.a);
  const size = v.a.shape[v.a.ndim - 1];
  if (v.n === 0) return broadcastTo(eye(size, { dtype: v.a.dtype }), v.a.shape).astype(v.a.dtype);
  let base = v.n < 0 ? invArrays(op, v.a) : v.a;
  let power = Math.abs(v.n);
  let result: NDArray | undefined;
  while (power > 0) {
    if (power & 1) result = result ? matmulArrays(op, result, base) : base;
    power = Math.floor(power / 2);
    if (power > 0) base = matmulArrays(op, base, base);
  }
  return result!;
});

/** The cheapest parenthesization of a chain of matrices with these dimensions (NumPy's _multi_dot_matrix_chain_order). */
function chainOrder(dims: number[]): number[][] {
  const n = dims.length - 1;
  const cost = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const split = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let len = 1; len < n; len++) {
    for (let i = 0; i < n - len; i++) {
      const j = i + len;
      cost[i][j] = Infinity;
      for (let k = i; k < j; k++) {
        const c = cost[i][k] + cost[k + 1][j] + dims[i] * dims[k + 1] * dims[j + 1];
        if (c < cost[i][j]) {
          cost[i][j] = c;
          split[i][j] = k;
        }
      }
    }
  }
  return split;
}

/** multi_dot(arrays, *, out=None): the product of the chain; the first may be 1-D (a row), the last 1-D (a column). */
export const multi_dot = declare(
  'linalg.multi_dot',
  [required('arrays', listOf(arrayLike, 'a list of arrays')),
    keyword('out', outArray, null)],
  (v) => {
    const op = 'linalg.multi_dot';
    const list = v.arrays;
    if (list.length < 2) throw new CupytsError('ERR_ARG', `${op}: expected at least two arrays, got ${list.length}`);
    const last = list.length - 1;
    const mats = list.map((x, i) => {
      const ok = x.ndim === 2 || ((i === 0 || i === last) && x.ndim === 1);
      if (!ok) throw new CupytsError('ERR_SHAPE', `${op}: expected arrays[${i}] to be 2-D${i === 0 || i === last ? ' or 1-D' : ''}, got shape ${formatShape(x.shape)}`);
      if (x.ndim === 2) return x;
      return i === 0 ? reshape(x, [1, x.shape[0]]) : reshape(x, [x.shape[0], 1]);
    });
    const dims = [...mats.map((x) => x.shape[0]), mats[last].shape[1]];
    const split = chainOrder(dims);
    const product = (i: number, j: number): NDArray => (i === j ? mats[i] : matmulArrays(op, product(i, split[i][j]), product(split[i][j] + 1, j)));
    let result = product(0, last);
    if (list[0].ndim === 1 && list[last].ndim === 1) result = reshape(result, []);
    else if (list[0].ndim === 1) result = reshape(result, [result.shape[1]]);
    else if (list[last].ndim === 1) result = reshape(result, [result.shape[0]]);
    return writeOut(op, v.out, result, { exactShape: true });
  },
);
