// multivariate_normal and multivariate_hypergeometric.
//
// multivariate_normal(mean, cov): x = mean + z Aᵀ for standard normal rows z and a factor A with
// A Aᵀ = cov. cupyts has no linalg.cholesky/eigh yet (a linear-algebra branch adds cuSOLVER), so
// the covariance (d × d, small) is read back and factored on the host: method 'cholesky' by the
// Cholesky decomposition (cov must be positive definite), 'svd' and 'eigh' (NumPy's default is
// 'svd') by the cyclic Jacobi eigendecomposition cov = V Λ Vᵀ, A = V sqrt(max(Λ, 0)) (positive
// semi-definite covariances work). Same distribution as NumPy, not the same numbers. The product
// z Aᵀ runs on the current backend (matmul).
import { DTYPES } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import { sourceNode } from '../ir/graph.js';
import { zeros } from './creation.js';
import { add, subtract } from './elementwise.js';
import { NDArray } from './ndarray.js';
import { matmulArrays } from './products.js';
import { hypergeometric } from './random-multivariate.js';
import { argError, normalDraw, type Sampling } from './random-sampling.js';
import { stack } from './joins.js';

function hostMatrix(a: NDArray): Float64Array {
  return Float64Array.from(a.astype(DTYPES.float64).dataSync() as Float64Array);
}

/** The lower Cholesky factor of the d × d matrix c (row-major), or null if c is not positive definite. */
function cholesky(c: Float64Array, d: number): Float64Array | null {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = c[i * d + j];
      for (let k = 0; k < j; k++) sum -= l[i * d + k] * l[j * d + k];
      if (i === j) {
        if (!(sum > 0)) return null;
        l[i * d + i] = Math.sqrt(sum);
      } else l[i * d + j] = sum / l[j * d + j];
    }
  }
  return l;
}

/** Eigenvalues and eigenvectors (columns of v) of the symmetric d × d matrix c by cyclic Jacobi rotations. */
function symmetricEigen(c: Float64Array, d: number): { values: Float64Array; v: Float64Array } {
  const a = Float64Array.from(c);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += a[p * d + q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q];
        if (apq === 0) continue;
        const theta = (a[q * d + q] - a[p * d + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const cs = 1 / Math.sqrt(t * t + 1);
        const sn = t * cs;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p];
          const akq = a[k * d + q];
          a[k * d + p] = cs * akp - sn * akq;
          a[k * d + q] = sn * akp + cs * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k];
          const aqk = a[q * d + k];
          a[p * d + k] = cs * apk - sn * aqk;
          a[q * d + k] = sn * apk + cs * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p];
          const vkq = v[k * d + q];
          v[k * d + p] = cs * vkp - sn * vkq;
          v[k * d + q] = sn * vkp + cs * vkq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: d }, (_, i) => a[i * d + i]), v };
}

export type CheckValid = 'warn' | 'raise' | 'ignore';
export type MvnMethod = 'svd' | 'eigh' | 'cholesky';

/** The factor A (row-major d × d) with A Aᵀ = cov, checked as NumPy's check_valid says. */
function covarianceFactor(s: Sampling, c: Float64Array, d: number, checkValid: CheckValid, tol: number, method: MvnMethod): Float64Array {
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) {
      if (Math.abs(c[i * d + j] - c[j * d + i]) > tol * (1 + Math.abs(c[i * d + j]))) {
        if (checkValid === 'raise') throw argError(s, `a symmetric covariance, got cov[${i}, ${j}] = ${c[i * d + j]} and cov[${j}, ${i}] = ${c[j * d + i]}`);
      }
    }
  }
  if (method === 'cholesky') {
    const l = cholesky(c, d);
    if (l === null) throw argError(s, "a positive definite covariance for method 'cholesky'");
    return l;
  }
  const { values, v } = symmetricEigen(c, d);
  const negative = values.some((x) => x < -tol * Math.max(1, ...Array.from(values, Math.abs)));
  if (negative && checkValid !== 'ignore') {
    const message = `${s.op}: covariance is not symmetric positive-semidefinite.`;
    if (checkValid === 'raise') throw new CupytsError('ERR_ARG', message);
    process.emitWarning(message, 'RuntimeWarning');
  }
  const a = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) a[i * d + j] = v[i * d + j] * Math.sqrt(Math.max(values[j], 0));
  return a;
}

/** multivariate_normal(mean, cov, size, check_valid, tol, method): shape size + (d,). */
export function multivariateNormal(s: Sampling, mean: NDArray, cov: NDArray, checkValid: CheckValid, tol: number, method: MvnMethod): NDArray {
  if (mean.ndim !== 1) throw argError(s, `mean to be a 1-D array, got ${mean.ndim} dimensions`);
  const d = mean.shape[0];
  if (cov.ndim !== 2 || cov.shape[0] !== d || cov.shape[1] !== d) {
    throw argError(s, `cov to be a ${d} × ${d} matrix (mean has ${d} elements), got shape (${cov.shape.join(', ')})`);
  }
  const factor = covarianceFactor(s, hostMatrix(cov), d, checkValid, tol, method);
  const shape = [...(s.size ?? []), d];
  const transposed = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) transposed[j * d + i] = factor[i * d + j];
  const at = new NDArray(sourceNode([d, d], DTYPES.float64, mean.runner.upload(DTYPES.float64, transposed)), mean.runner);
  const z = normalDraw(s, shape, DTYPES.float64);
  const x = add(matmulArrays(s.op, z, at), mean.astype(DTYPES.float64));
  return s.dtype === DTYPES.float64 ? x : x.astype(s.dtype);
}

/**
 * multivariate_hypergeometric(colors, nsample, size, method): marginal hypergeometric draws, color
 * by color (NumPy's 'marginals'); shape size + (len(colors),).
 */
export function multivariateHypergeometric(s: Sampling, colors: NDArray, nsample: number): NDArray {
  if (colors.ndim !== 1) throw argError(s, `colors to be a 1-D array, got ${colors.ndim} dimensions`);
  const counts = hostMatrix(colors);
  let total = 0;
  counts.forEach((c, j) => {
    if (!(Number.isInteger(c) && c >= 0)) throw argError(s, `colors to hold non-negative integers, got colors[${j}] = ${c}`);
    total += c;
  });
  if (nsample > total) throw argError(s, `nsample <= sum(colors), got nsample = ${nsample}, sum(colors) = ${total}`);
  const shape = s.size ?? [];
  const columns: NDArray[] = [];
  let left: NDArray = add(zeros(shape, DTYPES.int64), nsample);
  let rest = total;
  for (let j = 0; j < counts.length; j++) {
    rest -= counts[j];
    const x = j === counts.length - 1 ? left : hypergeometric({ ...s, size: shape }, counts[j], rest, left);
    columns.push(x);
    left = subtract(left, x);
  }
  if (columns.length === 0) return zeros([...shape, 0], DTYPES.int64);
  return stack(columns, -1).astype(DTYPES.int64);
}
