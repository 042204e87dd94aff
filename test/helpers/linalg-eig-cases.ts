// NumPy-differential cases for cp.linalg.eig and eigvals (general matrices), shared by the CPU
// test (test/ops/linalg-eig.test.ts) and the GPU one (test/gpu/linalg-eig.test.ts). Eigenvalues
// are compared with NumPy's as multisets (each of NumPy's matched to the nearest unused one of
// ours: the solvers' orders may differ); eigenvectors, unique only up to a unit complex factor, by
// what that leaves fixed: the residual A v - w v, unit 2-norm, the largest component real (LAPACK's
// normalization), and |v| elementwise against NumPy's vector of the matched eigenvalue where the
// eigenvalues are well separated. NumPy 2.4 returns real arrays where every eigenvalue is real;
// NumPy 2.5 and cupyts always complex: the oracle's results are cast to complex first.
import { expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { toDevice } from './arrays.js';
import { hostArray, numpy, randomArray, type HostArray } from './numpy-oracle.js';

type Real = 'float32' | 'float64';
type Complex = 'complex64' | 'complex128';

export interface EigCase {
  label: string;
  a: HostArray;
  /** Compare |v| with NumPy's (eigenvalues distinct and well separated). */
  vectors: boolean;
  /** A looser tolerance factor (defective or ill-conditioned matrices). */
  scale?: number;
  /** Transpose the input (a non-contiguous view) on both sides. */
  transposed?: boolean;
}

const ctor = (dtype: Real) => (dtype === 'float32' ? Float32Array : Float64Array);

function fixed(dtype: Real, shape: number[], values: number[]): HostArray {
  return { dtype, shape, data: ctor(dtype).from(values) };
}

/** The cases for one float dtype. */
export function eigCases(dtype: Real): EigCase[] {
  const r = (shape: number[], seed: number) => randomArray(dtype, shape, seed + (dtype === 'float32' ? 500 : 0), { low: -1, high: 1 });
  const sym = (n: number, seed: number) => {
    const h = r([n, n], seed);
    const d = h.data as Float64Array;
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) d[i * n + j] = d[j * n + i];
    return h;
  };
  return [
    { label: 'random 4x4', a: r([4, 4], 1), vectors: true },
    { label: 'random 7x7', a: r([7, 7], 2), vectors: true },
    { label: 'stack of 3 random 5x5', a: r([3, 5, 5], 3), vectors: true },
    { label: 'stack (2, 2) of 3x3', a: r([2, 2, 3, 3], 4), vectors: true },
    { label: 'random 30x30', a: r([30, 30], 5), vectors: false, scale: 10 },
    { label: 'transposed view 6x6', a: r([6, 6], 6), vectors: true, transposed: true },
    { label: 'symmetric 5x5 (real eigenvalues)', a: sym(5, 7), vectors: true },
    { label: 'rotation (eigenvalues +-i)', a: fixed(dtype, [2, 2], [0, -1, 1, 0]), vectors: true },
    { label: 'real matrix with complex pairs (cuSOLVER sample)', a: fixed(dtype, [3, 3], [1, 2, -3, 7, 4, -2, 4, 2, 1]), vectors: true },
    { label: 'two rotation blocks (repeated pairs)', a: fixed(dtype, [4, 4], [0, -2, 0, 0, 2, 0, 0, 0, 0, 0, 0, -2, 0, 0, 2, 0]), vectors: false },
    { label: 'defective Jordan block', a: fixed(dtype, [3, 3], [2, 1, 0, 0, 2, 1, 0, 0, 2]), vectors: false, scale: dtype === 'float32' ? 300 : 3e5 },
    { label: 'upper triangular, widely scaled', a: fixed(dtype, [4, 4], [1e3, 1, 2, 3, 0, 1, 4, 5, 0, 0, 1e-3, 6, 0, 0, 0, -5]), vectors: true, scale: 10 },
    { label: 'companion of (x-1)(x-2)(x-3)(x-4) (ill-conditioned)', a: fixed(dtype, [4, 4], [10, -35, 50, -24, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]), vectors: true, scale: 100 },
    { label: 'zero matrix', a: hostArray(dtype, [3, 3]), vectors: false },
    { label: 'identity', a: fixed(dtype, [3, 3], [1, 0, 0, 0, 1, 0, 0, 0, 1]), vectors: false },
    { label: '1x1', a: fixed(dtype, [1, 1], [-2.5]), vectors: true },
    { label: 'permutation (roots of unity)', a: fixed(dtype, [3, 3], [0, 0, 1, 1, 0, 0, 0, 1, 0]), vectors: true },
    { label: 'many small 2x2 (one call per matrix)', a: r([40, 2, 2], 8), vectors: true },
  ];
}

/** The cases for one complex dtype. */
export function complexEigCases(dtype: Complex): EigCase[] {
  const r = (shape: number[], seed: number) => randomArray(dtype, shape, seed + (dtype === 'complex64' ? 500 : 0), { low: -1, high: 1 });
  const data = (values: number[]) => (dtype === 'complex64' ? Float32Array : Float64Array).from(values);
  const hermitian = (n: number, seed: number) => {
    const h = r([n, n], seed);
    const d = h.data as Float64Array;
    for (let i = 0; i < n; i++) {
      d[2 * (i * n + i) + 1] = 0;
      for (let j = 0; j < i; j++) {
        d[2 * (i * n + j)] = d[2 * (j * n + i)];
        d[2 * (i * n + j) + 1] = -d[2 * (j * n + i) + 1];
      }
    }
    return h;
  };
  return [
    { label: 'random 4x4', a: r([4, 4], 1), vectors: true },
    { label: 'random 8x8', a: r([8, 8], 2), vectors: true },
    { label: 'stack of 3 random 5x5', a: r([3, 5, 5], 3), vectors: true },
    { label: 'random 25x25', a: r([25, 25], 4), vectors: false, scale: 10 },
    { label: 'transposed view 6x6', a: r([6, 6], 5), vectors: true, transposed: true },
    { label: 'Hermitian 5x5 (real eigenvalues)', a: hermitian(5, 6), vectors: true },
    { label: 'upper triangular', a: { dtype, shape: [3, 3], data: data([1, 1, 2, 0, 3, -1, 0, 0, 0, 2, 4, 4, 0, 0, 0, 0, -1, 0.5]) }, vectors: true },
    { label: 'defective Jordan block (complex eigenvalue)', a: { dtype, shape: [2, 2], data: data([1, 1, 1, 0, 0, 0, 1, 1]) }, vectors: false, scale: dtype === 'complex64' ? 300 : 3e5 },
    { label: 'zero matrix', a: hostArray(dtype, [3, 3]), vectors: false },
    { label: '1x1', a: { dtype, shape: [1, 1], data: data([2, -3]) }, vectors: true },
    { label: 'many small 2x2', a: r([30, 2, 2], 7), vectors: true },
  ];
}

function tolerance(dtype: string, scale = 1): number {
  return (dtype === 'float32' || dtype === 'complex64' ? 2e-5 : 1e-12) * scale;
}

const at = (data: ArrayLike<number>, k: number): [number, number] => [data[2 * k], data[2 * k + 1]];
const dist = (a: [number, number], b: [number, number]) => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** Our eigenvalue index matched to each of NumPy's (nearest unused), and the largest distance. */
function match(ours: Array<[number, number]>, theirs: Array<[number, number]>): { perm: number[]; worst: number } {
  const used = new Set<number>();
  const perm: number[] = [];
  let worst = 0;
  for (const t of theirs) {
    let best = -1;
    for (let k = 0; k < ours.length; k++) if (!used.has(k) && (best < 0 || dist(ours[k], t) < dist(ours[best], t))) best = k;
    used.add(best);
    perm.push(best);
    worst = Math.max(worst, dist(ours[best], t));
  }
  return { perm, worst };
}

/** The largest modulus of any element in row-major real data. */
function maxAbs(data: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < data.length; i++) m = Math.max(m, Math.abs(data[i]));
  return m;
}

/** One test per case (eig and eigvals) on the current backend, against NumPy. */
export function checkEigCases(cases: EigCase[], dtype: Real | Complex): void {
  const ctype = dtype === 'float32' || dtype === 'complex64' ? 'complex64' : 'complex128';
  const wide = dtype === 'complex64' || dtype === 'complex128' ? 'np.complex128' : 'np.float64';
  const want = numpy(cases.map((c) => ({
    expr: `(lambda r: (r[0].astype(np.complex128), r[1].astype(np.complex128)))(np.linalg.eig(${c.transposed ? 'a.T' : 'a'}.astype(${wide})))`,
    inputs: { a: c.a },
  })));
  cases.forEach((c, ci) => {
    it(c.label, () => {
      const w0 = want[ci];
      if (!w0.ok) throw new Error(`NumPy failed: ${w0.error}`);
      const [npW, npV] = w0.value as HostArray[];
      let A = toDevice(c.a);
      if (c.transposed) A = A.T;
      const [w, v] = cp.linalg.eig(A);
      expect(w.dtype.name).toBe(ctype);
      expect(v.dtype.name).toBe(ctype);
      expect(w.shape).toEqual(A.shape.slice(0, -1));
      expect(v.shape).toEqual(A.shape);
      const wd = w.dataSync() as Float64Array;
      const vd = v.dataSync() as Float64Array;
      // A as complex128 (interleaved), whatever its dtype.
      const ad = A.astype('complex128').dataSync() as Float64Array;
      const wv = cp.linalg.eigvals(A);
      expect(wv.dtype.name).toBe(ctype);
      const wvd = wv.dataSync() as Float64Array;
      const n = A.shape[A.ndim - 1];
      const count = ad.length / (2 * n * n);
      const scaleA = Math.max(maxAbs(ad), 1e-300);
      const tol = tolerance(dtype, c.scale);
      for (let b = 0; b < count; b++) {
        const ours = Array.from({ length: n }, (_, j) => at(wd, b * n + j));
        const theirs = Array.from({ length: n }, (_, j) => at(npW.data as Float64Array, b * n + j));
        const { perm, worst } = match(ours, theirs);
        expect(worst, `eigenvalues of matrix ${b}`).toBeLessThanOrEqual(tol * scaleA * n);
        // eigvals gives eig's eigenvalues.
        const onlyValues = Array.from({ length: n }, (_, j) => at(wvd, b * n + j));
        expect(match(onlyValues, ours).worst, `eigvals of matrix ${b}`).toBeLessThanOrEqual(tol * scaleA * n);
        for (let j = 0; j < n; j++) {
          const [lr, li] = ours[j];
          let norm = 0;
          let residual = 0;
          const moduli: number[] = [];
          const imags: number[] = [];
          for (let i = 0; i < n; i++) {
            const [xr, xi] = at(vd, b * n * n + i * n + j);
            norm = Math.hypot(norm, xr, xi);
            moduli.push(Math.hypot(xr, xi));
            imags.push(Math.abs(xi));
            // (A v)_i - w v_i
            let sr = 0;
            let si = 0;
            for (let k = 0; k < n; k++) {
              const [yr, yi] = at(vd, b * n * n + k * n + j);
              const [ar, ai] = at(ad, b * n * n + i * n + k);
              sr += ar * yr - ai * yi;
              si += ar * yi + ai * yr;
            }
            residual = Math.hypot(residual, sr - (lr * xr - li * xi), si - (lr * xi + li * xr));
          }
          expect(Math.abs(norm - 1), `|v| of column ${j} of matrix ${b}`).toBeLessThanOrEqual(tol * n * 10);
          // Among the components of (nearly) the largest modulus, one is real (ties decided by rounding).
          const big = Math.max(...moduli);
          const bigIm = Math.min(...imags.filter((_, i) => moduli[i] >= big - tol * 10));
          expect(bigIm, `largest component of column ${j} of matrix ${b} is real`).toBeLessThanOrEqual(tol * 10);
          expect(residual, `A v - w v of column ${j} of matrix ${b}`).toBeLessThanOrEqual(tol * scaleA * n * 10);
        }
        if (c.vectors) {
          for (let t = 0; t < n; t++) {
            const k = perm[t];
            for (let i = 0; i < n; i++) {
              const mine = Math.hypot(...at(vd, b * n * n + i * n + k));
              const theirsAbs = Math.hypot(...at(npV.data as Float64Array, b * n * n + i * n + t));
              expect(Math.abs(mine - theirsAbs), `|v| element (${i}, ${k}) of matrix ${b}`).toBeLessThanOrEqual(tol * 100 * (c.scale ?? 1));
            }
          }
        }
      }
    });
  });
}
