// cp.linalg on complex64 and complex128 input on the CPU backend against NumPy
// (test/helpers/linalg-complex-cases.ts: every numpy.linalg function), reconstructions where
// factors are unique only up to phase, LinAlgError at the read, and lstsq's rank.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { checkCases } from '../helpers/linalg-cases.js';
import { complexLinalgCases } from '../helpers/linalg-complex-cases.js';

setBackendNotice(() => {});

for (const dtype of ['complex128', 'complex64'] as const) {
  describe(`cp.linalg ${dtype} against NumPy`, () => checkCases(complexLinalgCases(dtype), dtype));
}

describe('eigh of Hermitian matrices: A V = V diag(w), V^H V = I', () => {
  it.each(['complex128', 'complex64'] as const)('%s', (dtype) => {
    const n = 6;
    const b = cp.random.default_rng(5).standard_normal([2, n, n]);
    const c = cp.random.default_rng(6).standard_normal([2, n, n]);
    const a = cp.add(b, cp.multiply(c, cp.complex(0, 1))).astype(dtype);
    const [w, v] = cp.linalg.eigh(a);
    expect(w.dtype.name).toBe(dtype === 'complex64' ? 'float32' : 'float64');
    const A = a.dataSync() as Float64Array;
    const W = w.dataSync() as Float64Array;
    const V = v.dataSync() as Float64Array;
    const tol = dtype === 'complex64' ? 1e-4 : 1e-12;
    // The Hermitian matrix eigh read: the lower triangle, its conjugate above, the diagonal real.
    const h = (k: number, i: number, j: number): [number, number] => {
      const o = k * n * n;
      if (i === j) return [A[2 * (o + i * n + i)], 0];
      return i > j ? [A[2 * (o + i * n + j)], A[2 * (o + i * n + j) + 1]] : [A[2 * (o + j * n + i)], -A[2 * (o + j * n + i) + 1]];
    };
    const vAt = (k: number, i: number, j: number): [number, number] => [V[2 * (k * n * n + i * n + j)], V[2 * (k * n * n + i * n + j) + 1]];
    for (let k = 0; k < 2; k++) {
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < n; i++) {
          let sr = 0;
          let si = 0;
          for (let l = 0; l < n; l++) {
            const [ar, ai] = h(k, i, l);
            const [xr, xi] = vAt(k, l, j);
            sr += ar * xr - ai * xi;
            si += ar * xi + ai * xr;
          }
          const [xr, xi] = vAt(k, i, j);
          expect(Math.hypot(sr - W[k * n + j] * xr, si - W[k * n + j] * xi)).toBeLessThan(tol * 10 * n);
        }
        for (let j2 = 0; j2 < n; j2++) {
          let dr = 0;
          let di = 0;
          for (let i = 0; i < n; i++) {
            const [xr, xi] = vAt(k, i, j);
            const [yr, yi] = vAt(k, i, j2);
            dr += xr * yr + xi * yi;
            di += xr * yi - xi * yr;
          }
          expect(Math.hypot(dr - (j === j2 ? 1 : 0), di)).toBeLessThan(tol * n);
        }
      }
    }
  });
});

describe('qr of complex matrices: Q R = A, Q^H Q = I', () => {
  it.each([['complex128', 'reduced', [7, 4]], ['complex64', 'reduced', [3, 5]], ['complex128', 'complete', [6, 3]]] as const)('%s %s %j', (dtype, mode, shape) => {
    const [m, n] = shape;
    const b = cp.random.default_rng(7).standard_normal([m, n]);
    const c = cp.random.default_rng(8).standard_normal([m, n]);
    const a = cp.add(b, cp.multiply(c, cp.complex(0, 1))).astype(dtype);
    const [q, r] = cp.linalg.qr(a, mode) as cp.NDArray[];
    const A = a.dataSync() as Float64Array;
    const Q = q.dataSync() as Float64Array;
    const R = r.dataSync() as Float64Array;
    const qc = q.shape[1];
    const tol = dtype === 'complex64' ? 1e-5 : 1e-13;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sr = 0;
        let si = 0;
        for (let l = 0; l < qc; l++) {
          const [xr, xi] = [Q[2 * (i * qc + l)], Q[2 * (i * qc + l) + 1]];
          const [yr, yi] = [R[2 * (l * n + j)], R[2 * (l * n + j) + 1]];
          sr += xr * yr - xi * yi;
          si += xr * yi + xi * yr;
        }
        expect(Math.hypot(sr - A[2 * (i * n + j)], si - A[2 * (i * n + j) + 1])).toBeLessThan(tol * 10 * m);
      }
    }
    for (let j = 0; j < qc; j++) {
      for (let j2 = 0; j2 < qc; j2++) {
        let dr = 0;
        let di = 0;
        for (let i = 0; i < m; i++) {
          const [xr, xi] = [Q[2 * (i * qc + j)], Q[2 * (i * qc + j) + 1]];
          const [yr, yi] = [Q[2 * (i * qc + j2)], Q[2 * (i * qc + j2) + 1]];
          dr += xr * yr + xi * yi;
          di += xr * yi - xi * yr;
        }
        expect(Math.hypot(dr - (j === j2 ? 1 : 0), di)).toBeLessThan(tol * 10 * m);
      }
    }
  });
});

describe('svd of complex matrices: U diag(s) Vh = A', () => {
  it.each([['complex128', [7, 4], false], ['complex64', [3, 5], false], ['complex128', [5, 3], true], ['complex128', [2, 4], true]] as const)('%s %j full=%s', (dtype, shape, fullMatrices) => {
    const [m, n] = shape;
    const b = cp.random.default_rng(9).standard_normal([m, n]);
    const c = cp.random.default_rng(10).standard_normal([m, n]);
    const a = cp.add(b, cp.multiply(c, cp.complex(0, 1))).astype(dtype);
    const [u, sv, vh] = cp.linalg.svd(a, fullMatrices) as cp.NDArray[];
    expect(sv.dtype.name).toBe(dtype === 'complex64' ? 'float32' : 'float64');
    const A = a.dataSync() as Float64Array;
    const U = u.dataSync() as Float64Array;
    const S = sv.dataSync() as Float64Array;
    const V = vh.dataSync() as Float64Array;
    const [uc, vr] = [u.shape[1], vh.shape[0]];
    const k = Math.min(m, n);
    const tol = dtype === 'complex64' ? 1e-5 : 1e-13;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sr = 0;
        let si = 0;
        for (let l = 0; l < k; l++) {
          const [xr, xi] = [U[2 * (i * uc + l)] * S[l], U[2 * (i * uc + l) + 1] * S[l]];
          const [yr, yi] = [V[2 * (l * n + j)], V[2 * (l * n + j) + 1]];
          sr += xr * yr - xi * yi;
          si += xr * yi + xi * yr;
        }
        expect(Math.hypot(sr - A[2 * (i * n + j)], si - A[2 * (i * n + j) + 1])).toBeLessThan(tol * 10 * m);
      }
    }
    // U^H U = I and Vh Vh^H = I, the completed columns included.
    const gram = (X: Float64Array, rows: number, cols: number, byColumns: boolean) => {
      for (let p = 0; p < (byColumns ? cols : rows); p++) {
        for (let q = 0; q < (byColumns ? cols : rows); q++) {
          let dr = 0;
          let di = 0;
          for (let i = 0; i < (byColumns ? rows : cols); i++) {
            const ip = byColumns ? i * cols + p : p * cols + i;
            const iq = byColumns ? i * cols + q : q * cols + i;
            dr += X[2 * ip] * X[2 * iq] + X[2 * ip + 1] * X[2 * iq + 1];
            di += X[2 * ip] * X[2 * iq + 1] - X[2 * ip + 1] * X[2 * iq];
          }
          expect(Math.hypot(dr - (p === q ? 1 : 0), di)).toBeLessThan(tol * 10 * m);
        }
      }
    };
    gram(U, m, uc, true);
    gram(V, vr, n, false);
  });
});

describe('complex LinAlgError at the read', () => {
  const z = (re: number, im: number) => cp.complex(re, im);
  it('solve and inv of a singular complex matrix raise', () => {
    const a = cp.array([[z(1, 1), z(2, -1)], [z(2, 2), z(4, -2)]]);
    expect(() => cp.linalg.solve(a, cp.array([1, 2])).toArraySync()).toThrow(/linalg\.solve: Singular matrix \(LinAlgError\)/);
    expect(() => cp.linalg.inv(a).toArraySync()).toThrow(/linalg\.inv: Singular matrix/);
  });
  it('cholesky of a Hermitian matrix that is not positive definite raises', () => {
    const a = cp.array([[z(1, 0), z(2, 1)], [z(2, -1), z(1, 0)]]);
    expect(() => cp.linalg.cholesky(a).toArraySync()).toThrow(/linalg\.cholesky: Matrix is not positive definite/);
  });
});

describe('complex lstsq', () => {
  it.each(['complex128', 'complex64'] as const)('%s: rank as NumPy counts it, a number', (dtype) => {
    const z = (re: number, im: number) => cp.complex(re, im);
    const full = cp.array([[z(1, 1), z(0, 2)], [z(2, 0), z(1, -1)], [z(0, 1), z(3, 0)]], { dtype });
    const deficient = cp.array([[z(1, 1), z(2, 0)], [z(2, -1), z(1, -3)], [z(0, 2), z(2, 2)]], { dtype });
    expect(cp.linalg.lstsq(full, cp.ones([3]))[2]).toBe(2);
    expect(cp.linalg.lstsq(deficient, cp.ones([3]))[2]).toBe(1);
  });
});
