// NumPy's cov and corrcoef: centred observations and one matrix product, lazy and fused, except
// that frequency and analytic weights are read back to be checked (integer, non-negative, not all
// zero) as NumPy checks them, so that a bad weight is an error, never a wrong matrix.
import { DTYPES, type DType } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import { promoteTypes } from '../ir/promotion.js';
import { asarray, zeros } from './creation.js';
import { add, conjugate, divide, multiply, sqrt, subtract } from './elementwise.js';
import { imag, real } from './complex-api.js';
import { makeComplex } from '../ir/complex.js';
import { clip } from './elementwise-composites.js';
import { concatenateAs } from './joins.js';
import { matmul } from './linalg.js';
import type { NDArray } from './ndarray.js';
import * as t from './param-types.js';
import { mean, sum } from './reductions.js';
import { arrayLike } from './array-params.js';
import { declare, keyword, positional, required } from './signature.js';
import { diagonal, reshape, squeeze, transpose } from './views.js';

/** An array of at most 2 dimensions as 2-D (NumPy's array(x, ndmin=2)), cast to `dtype`. */
function asMatrix(op: string, x: NDArray, dtype: DType, name: string): NDArray {
  if (x.ndim > 2) throw new CupytsError('ERR_SHAPE', `${op}: expected ${name} of at most 2 dimensions, got ${x.ndim}`);
  const m = x.ndim === 2 ? x : reshape(x, [1, x.size]);
  return m.astype(dtype);
}

/** A weight vector read back and checked as NumPy checks it; returns the values. */
function checkedWeights(w: NDArray, name: 'fweights' | 'aweights', samples: number): number[] {
  if (w.ndim > 1) throw new CupytsError('ERR_SHAPE', `cov: expected 1-D ${name}, got ${w.ndim} dimensions`);
  if (w.size !== samples) throw new CupytsError('ERR_SHAPE', `cov: expected ${name} of one weight per observation (${samples}), got ${w.size}`);
  const values = (reshape(w, [w.size]).astype(DTYPES.float64).toArraySync() as number[]).map(Number);
  if (name === 'fweights' && values.some((v) => !Number.isInteger(v))) throw new CupytsError('ERR_ARG', 'cov: expected integer fweights, got a fraction');
  if (values.some((v) => v < 0)) throw new CupytsError('ERR_ARG', `cov: expected non-negative ${name}, got a negative weight`);
  return values;
}

interface CovArgs {
  m: NDArray; y: NDArray | null; rowvar: boolean; bias: boolean; ddof: number | null;
  fweights: NDArray | null; aweights: NDArray | null; dtype: DType | null;
}

/** cov's computation; errors name `op` (cov, or corrcoef that computes through it). */
function covariance(op: string, { m, y, rowvar, bias, ddof, fweights, aweights, dtype }: CovArgs): NDArray {
  const type = dtype ?? promoteTypes(y === null ? m.dtype : promoteTypes(m.dtype, y.dtype), DTYPES.float64);
  let x = asMatrix(op, m, type, 'm');
  if (!rowvar && m.ndim !== 1) x = transpose(x);
  if (x.shape[0] === 0) return zeros([0, 0]);
  if (y !== null) {
    let other = asMatrix(op, y, type, 'y');
    if (!rowvar && other.shape[0] !== 1) other = transpose(other);
    x = concatenateAs(op, [x, other], 0, undefined);
  }
  const dof = ddof ?? (bias ? 0 : 1);
  const samples = x.shape[1];
  const fw = fweights === null ? null : checkedWeights(fweights, 'fweights', samples);
  const aw = aweights === null ? null : checkedWeights(aweights, 'aweights', samples);
  let centred: NDArray;
  let right: NDArray;
  let fact: number;
  if (fw === null && aw === null) {
    centred = subtract(x, mean(x, { axis: 1, keepdims: true }));
    right = transpose(centred);
    fact = samples - dof;
  } else {
    const w = fw && aw ? fw.map((f, i) => f * aw[i]) : (fw ?? aw)!;
    const wSum = w.reduce((s, v) => s + v, 0);
    if (wSum === 0) throw new CupytsError('ERR_ARG', "cov: expected weights that do not sum to zero, got a sum of 0 (they can't be normalized)");
    const weights = reshape(asarray(w, { dtype: DTYPES.float64 }), [1, samples]);
    const avg = divide(sum(multiply(x, weights), { axis: 1, keepdims: true }), wSum).astype(type);
    centred = subtract(x, avg);
    right = transpose(multiply(centred, weights));
    fact = dof === 0 ? wSum : aw === null ? wSum - dof : wSum - (dof * w.reduce((s, v, i) => s + v * aw[i], 0)) / wSum;
  }
  // NumPy: dot(X, X_T.conj()), so complex variables give a Hermitian matrix. It warns and divides by
  // zero (inf, nan) where the degrees of freedom are <= 0.
  const c = multiply(matmul(centred, type.kind === 'c' ? conjugate(right) : right), 1 / (fact <= 0 ? 0 : fact));
  return squeeze(c);
}

const covParams = [
  required('m', arrayLike),
  positional('y', t.nullable(arrayLike), null),
  positional('rowvar', t.boolean, true),
  positional('bias', t.boolean, false),
  positional('ddof', t.nullable(t.int), null),
  positional('fweights', t.nullable(arrayLike), null),
  positional('aweights', t.nullable(arrayLike), null),
  keyword('dtype', t.nullable(t.dtype), null, 'float64 or wider'),
] as const;

/**
 * NumPy's cov(m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None, *,
 * dtype=None): the covariance matrix of the variables (rows, or columns with rowvar=false).
 * With weights it reads them back (synchronizes) to check them.
 */
export const cov = declare('cov', covParams, (v) => covariance('cov', v));

/** NumPy's corrcoef(x, y=None, rowvar=True, *, dtype=None): Pearson correlation coefficients, clipped to [-1, 1]. */
export const corrcoef = declare(
  'corrcoef',
  [required('x', arrayLike), positional('y', t.nullable(arrayLike), null), positional('rowvar', t.boolean, true), keyword('dtype', t.nullable(t.dtype), null, 'float64 or wider')],
  ({ x, y, rowvar, dtype }) => {
    const c = covariance('corrcoef', { m: x, y, rowvar, bias: false, ddof: null, fweights: null, aweights: null, dtype });
    if (c.ndim === 0) return divide(c, c);
    // As NumPy: the standard deviations from the diagonal's real parts, and a complex result's real
    // and imaginary parts each clipped to [-1, 1].
    const d = sqrt(c.dtype.kind === 'c' ? real(diagonal(c)) : diagonal(c));
    const n = d.shape[0];
    const r = divide(divide(c, reshape(d, [n, 1])), reshape(d, [1, n]));
    if (r.dtype.kind !== 'c') return clip(r, -1, 1);
    return add(clip(real(r), -1, 1), multiply(clip(imag(r), -1, 1), makeComplex(0, 1)));
  },
);
