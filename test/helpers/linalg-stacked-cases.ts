// One sweep of numpy.linalg over the four dtypes (float32, float64, complex64, complex128) on
// stacked inputs: stacks of two leading dimensions, stacks that broadcast against each other
// (solve), broadcast views (stride 0) and transposed views as inputs. Shared by the CPU test
// (test/ops/linalg-stacked.test.ts) and the GPU one (test/gpu/linalg-stacked.test.ts). Factors
// defined up to sign or phase are compared through their moduli (|Q|, |R|, |U|, |Vh|, |V|),
// which are unique for the distinct singular values and eigenvalues of random input.
import * as cp from '../../src/index.js';
import type { LinalgCase } from './linalg-cases.js';
import { dominant, spd } from './linalg-cases.js';
import { dominantComplex, hpd } from './linalg-complex-cases.js';
import { randomArray, type HostArray } from './numpy-oracle.js';

export type LinalgDType = 'float32' | 'float64' | 'complex64' | 'complex128';

const isComplex = (d: LinalgDType): d is 'complex64' | 'complex128' => d === 'complex64' || d === 'complex128';

/** NumPy's literal for a norm or cond order. */
function py(p: number | string | null): string {
  if (p === null) return 'None';
  if (p === Infinity) return 'np.inf';
  if (p === -Infinity) return '-np.inf';
  return typeof p === 'string' ? `'${p}'` : String(p);
}

/** The cases for one dtype. */
export function stackedLinalgCases(dtype: LinalgDType): LinalgCase[] {
  const salt = { float32: 500, float64: 600, complex64: 700, complex128: 800 }[dtype];
  const r = (shape: number[], seed: number): HostArray => randomArray(dtype, shape, seed + salt, { low: -1, high: 1 });
  const sq = (shape: number[], seed: number): HostArray => (isComplex(dtype) ? dominantComplex(dtype, shape, seed + salt) : dominant(dtype, shape, seed + salt));
  const pd = (shape: number[], seed: number): HostArray => (isComplex(dtype) ? hpd(dtype, shape, seed + salt) : spd(dtype, shape, seed + salt));
  const cases: LinalgCase[] = [];
  const add = (label: string, expr: string, inputs: Record<string, HostArray>, run: LinalgCase['run'], scale?: number) => cases.push({ label, expr, inputs, run, scale });

  // LU family: broadcasting stacks, broadcast views, transposed views.
  add('solve (2,1,3,3) with (1,4,3,2)', 'np.linalg.solve(a, b)', { a: sq([2, 1, 3, 3], 1), b: r([1, 4, 3, 2], 2) }, ({ a, b }) => cp.linalg.solve(a, b));
  add('solve a stack with one vector b', 'np.linalg.solve(a, b)', { a: sq([2, 3, 4, 4], 3), b: r([4], 4) }, ({ a, b }) => cp.linalg.solve(a, b));
  add('solve a broadcast view of a', 'np.linalg.solve(np.broadcast_to(a, (3, 4, 4)), b)', { a: sq([4, 4], 5), b: r([3, 4, 1], 6) },
    ({ a, b }) => cp.linalg.solve(cp.broadcast_to(a, [3, 4, 4]), b));
  for (const [name, expr, run] of [
    ['inv', 'np.linalg.inv(x)', (x: cp.NDArray) => cp.linalg.inv(x)],
    ['det', 'np.linalg.det(x)', (x: cp.NDArray) => cp.linalg.det(x)],
    ['slogdet', 'tuple(np.linalg.slogdet(x))', (x: cp.NDArray) => cp.linalg.slogdet(x)],
  ] as const) {
    add(`${name} (2,3,4,4)`, expr.replace('x', 'a'), { a: sq([2, 3, 4, 4], 10) }, ({ a }) => run(a));
    add(`${name} of transposed matrices`, expr.replace('x', 'a.swapaxes(-1, -2)'), { a: sq([3, 5, 5], 11) }, ({ a }) => run(cp.swapaxes(a, -1, -2)));
  }
  add('cholesky (2,2,4,4)', 'np.linalg.cholesky(a)', { a: pd([2, 2, 4, 4], 20) }, ({ a }) => cp.linalg.cholesky(a));
  add('cholesky upper (3,5,5)', 'np.linalg.cholesky(a, upper=True)', { a: pd([3, 5, 5], 21) }, ({ a }) => cp.linalg.cholesky(a, { upper: true }));

  // Decompositions through their moduli.
  add('qr reduced (2,2,5,3): |Q|, |R|', '(lambda q, r: (np.abs(q), np.abs(r)))(*np.linalg.qr(a))', { a: r([2, 2, 5, 3], 30) },
    ({ a }) => (cp.linalg.qr(a) as cp.NDArray[]).map((x) => cp.abs(x)), 10);
  add('qr complete (2,3,5): |R|', "np.abs(np.linalg.qr(a, 'complete')[1])", { a: r([2, 3, 5], 31) }, ({ a }) => cp.abs((cp.linalg.qr(a, 'complete') as cp.NDArray[])[1]), 10);
  add('svd reduced (2,2,5,3): |U|, s, |Vh|', '(lambda u, s, vh: (np.abs(u), s, np.abs(vh)))(*np.linalg.svd(a, False))', { a: r([2, 2, 5, 3], 32) },
    ({ a }) => { const [u, s, vh] = cp.linalg.svd(a, false) as cp.NDArray[]; return [cp.abs(u), s, cp.abs(vh)]; }, 10);
  add('svdvals of transposed (2,4,3)', 'np.linalg.svdvals(a.swapaxes(-1, -2))', { a: r([2, 4, 3], 33) }, ({ a }) => cp.linalg.svdvals(cp.swapaxes(a, -1, -2)), 10);
  add('eigh (2,2,4,4): w, |V|', '(lambda w, v: (w, np.abs(v)))(*np.linalg.eigh(a))', { a: r([2, 2, 4, 4], 34) },
    ({ a }) => { const [w, v] = cp.linalg.eigh(a); return [w, cp.abs(v)]; }, 10);
  add("eigvalsh UPLO='U' (2,3,5,5)", "np.linalg.eigvalsh(a, 'U')", { a: r([2, 3, 5, 5], 35) }, ({ a }) => cp.linalg.eigvalsh(a, 'U'), 10);
  add('eigvals of a symmetric stack (real spectrum), sorted', 'np.sort(np.linalg.eigvals(a + a.swapaxes(-1, -2).conj()).real, -1)', { a: r([2, 2, 4, 4], 36) },
    ({ a }) => cp.sort(cp.real(cp.linalg.eigvals(cp.add(a, cp.conj(cp.swapaxes(a, -1, -2))))), -1), 10);

  // Built on the singular values.
  add('pinv (2,2,4,3)', 'np.linalg.pinv(a)', { a: r([2, 2, 4, 3], 40) }, ({ a }) => cp.linalg.pinv(a), 10);
  add('pinv hermitian (3,4,4)', 'np.linalg.pinv(a, hermitian=True)', { a: pd([3, 4, 4], 41) }, ({ a }) => cp.linalg.pinv(a, { hermitian: true }), 10);
  add('pinv of a broadcast view', 'np.linalg.pinv(np.broadcast_to(a, (2, 3, 4)))', { a: r([3, 4], 42) }, ({ a }) => cp.linalg.pinv(cp.broadcast_to(a, [2, 3, 4])), 10);
  add('matrix_rank (2,3,4,4)', 'np.linalg.matrix_rank(a)', { a: r([2, 3, 4, 4], 43) }, ({ a }) => cp.linalg.matrix_rank(a));
  add('matrix_rank hermitian (2,4,4)', 'np.linalg.matrix_rank(a, hermitian=True)', { a: pd([2, 4, 4], 44) }, ({ a }) => cp.linalg.matrix_rank(a, null, true));
  add('matrix_rank rtol (2,4,4)', 'np.linalg.matrix_rank(a, rtol=0.3)', { a: r([2, 4, 4], 45) }, ({ a }) => cp.linalg.matrix_rank(a, { rtol: 0.3 }));
  for (const p of [null, 2, -2, 1, -1, Infinity, -Infinity, 'fro', 'nuc'] as const) {
    add(`cond p=${p} (2,2,3,3)`, `np.linalg.cond(a, ${py(p)})`, { a: sq([2, 2, 3, 3], 50) }, ({ a }) => cp.linalg.cond(a, p), 10);
    add(`norm ord=${p} (2,2,3,4)`, `np.linalg.norm(a, ${py(p)}, (-2, -1))`, { a: r([2, 2, 3, 4], 51) }, ({ a }) => cp.linalg.norm(a, p, [-2, -1]), 10);
  }
  for (const p of [2, -2, 'nuc'] as const) {
    add(`norm ord=${p} axis (2, 0) keepdims`, `np.linalg.norm(a, ${py(p)}, (2, 0), True)`, { a: r([3, 2, 4], 52) }, ({ a }) => cp.linalg.norm(a, p, [2, 0], true), 10);
    add(`matrix_norm ord=${p} (2,3,4)`, `np.linalg.matrix_norm(a, ord=${py(p)})`, { a: r([2, 3, 4], 53) }, ({ a }) => cp.linalg.matrix_norm(a, { ord: p }), 10);
  }
  add('matrix_power -2 (2,2,3,3)', 'np.linalg.matrix_power(a, -2)', { a: sq([2, 2, 3, 3], 60) }, ({ a }) => cp.linalg.matrix_power(a, -2), 10);
  add('matrix_power 5 (2,3,3)', 'np.linalg.matrix_power(a, 5)', { a: r([2, 3, 3], 61) }, ({ a }) => cp.linalg.matrix_power(a, 5), 10);
  add('tensorsolve', 'np.linalg.tensorsolve(a, b)', { a: reshapeHost(sq([6, 6], 70), [6, 3, 2]), b: r([6], 71) }, ({ a, b }) => cp.linalg.tensorsolve(a, b));
  add('tensorinv ind=2', 'np.linalg.tensorinv(a, 2)', { a: reshapeHost(sq([6, 6], 72), [2, 3, 6]) }, ({ a }) => cp.linalg.tensorinv(a, 2));
  add('lstsq of a transposed a', 'tuple(np.linalg.lstsq(a.T, b)[i] for i in (0, 1, 3))', { a: r([3, 6], 80), b: r([6, 2], 81) },
    ({ a, b }) => { const [x, res, , s] = cp.linalg.lstsq(a.T, b); return [x, res, s]; }, 10);
  return cases;
}

/** The same data under another shape. */
function reshapeHost(h: HostArray, shape: number[]): HostArray {
  return { dtype: h.dtype, shape, data: h.data };
}
