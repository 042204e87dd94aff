// NumPy-differential cases for cp.linalg's solvers and decompositions, shared by the CPU test
// (test/ops/linalg-solvers.test.ts) and the GPU one (test/gpu/linalg-cusolver.test.ts). Each case
// has a NumPy expression and a cupyts computation over the same inputs; where factors are unique
// only up to sign (qr, svd, eigh), both sides give invariants instead: the reconstruction, the
// orthogonality, and the values.
import { expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { toDevice, toHost } from './arrays.js';
import { compareArrays, hostArray, numpy, randomArray, type DTypeName, type HostArray } from './numpy-oracle.js';

export interface LinalgCase {
  label: string;
  expr: string;
  inputs: Record<string, HostArray>;
  run: (x: Record<string, cp.NDArray>) => cp.NDArray | cp.NDArray[];
  /** Looser than the dtype's default, for ill-conditioned sums. */
  scale?: number;
}

/** Random matrices (stack..., n, n) with n added to the diagonal: well conditioned. */
export function dominant(dtype: DTypeName, shape: number[], seed: number): HostArray {
  const h = randomArray(dtype, shape, seed, { low: -1, high: 1 });
  const n = shape[shape.length - 1];
  const m = shape[shape.length - 2];
  const count = h.data.length / (m * n);
  for (let b = 0; b < count; b++) for (let i = 0; i < Math.min(m, n); i++) (h.data as Float64Array)[b * m * n + i * n + i] += n;
  return h;
}

/** Symmetric positive definite matrices: B B^T + n I. */
export function spd(dtype: DTypeName, shape: number[], seed: number): HostArray {
  const b = randomArray('float64', shape, seed, { low: -1, high: 1 });
  const n = shape[shape.length - 1];
  const out = hostArray(dtype, shape);
  const count = b.data.length / (n * n);
  for (let k = 0; k < count; k++) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = i === j ? n : 0;
        for (let l = 0; l < n; l++) s += (b.data[k * n * n + i * n + l] as number) * (b.data[k * n * n + j * n + l] as number);
        (out.data as Float64Array)[k * n * n + i * n + j] = s;
      }
    }
  }
  return out;
}

export const random = (dtype: DTypeName, shape: number[], seed: number): HostArray => randomArray(dtype, shape, seed, { low: -1, high: 1 });

const mT = (x: cp.NDArray) => cp.swapaxes(x, -1, -2);

/** Invariants of qr on both sides: Q R, Q^T Q, |R|. */
function qrCase(label: string, a: HostArray, mode: 'reduced' | 'complete', view = 'a'): LinalgCase {
  return {
    label: `qr ${mode} ${label}`,
    expr: `(lambda q, r: (q @ r, q.swapaxes(-1, -2) @ q, np.abs(r)))(*np.linalg.qr(${view}, '${mode}'))`,
    inputs: { a },
    run: ({ a: x }) => {
      const src = view === 'a' ? x : mT(x);
      const [q, r] = cp.linalg.qr(src, mode) as [cp.NDArray, cp.NDArray];
      return [cp.matmul(q, r), cp.matmul(mT(q), q), cp.abs(r)];
    },
  };
}

/** Invariants of svd: U S Vh (first k columns), U^T U, Vh Vh^T, S. */
function svdCase(label: string, a: HostArray, full: boolean, view = 'a'): LinalgCase {
  return {
    label: `svd full_matrices=${full} ${label}`,
    expr: `(lambda u, s, vh: ((u[..., :s.shape[-1]] * s[..., None, :]) @ vh[..., :s.shape[-1], :], u.swapaxes(-1, -2) @ u, vh @ vh.swapaxes(-1, -2), s))(*np.linalg.svd(${view}, ${full ? 'True' : 'False'}))`,
    inputs: { a },
    run: ({ a: x }) => {
      const src = view === 'a' ? x : mT(x);
      const [u, s, vh] = cp.linalg.svd(src, full) as [cp.NDArray, cp.NDArray, cp.NDArray];
      const k = s.shape[s.ndim - 1];
      const us = cp.multiply(u.get(`...,:${k}`), cp.expand_dims(s, -2));
      return [cp.matmul(us, vh.get(`...,:${k},:`)), cp.matmul(mT(u), u), cp.matmul(vh, mT(vh)), s];
    },
  };
}

/** Invariants of eigh: A V - V diag(w) (zero), V^T V, w. */
function eighCase(label: string, a: HostArray, uplo: 'L' | 'U'): LinalgCase {
  return {
    label: `eigh UPLO=${uplo} ${label}`,
    expr: `(lambda w, v: (np.zeros_like(v), v.swapaxes(-1, -2) @ v, w))(*np.linalg.eigh(a, '${uplo}'))`,
    inputs: { a },
    run: ({ a: x }) => {
      const [w, v] = cp.linalg.eigh(x, uplo) as [cp.NDArray, cp.NDArray];
      const sym = uplo === 'L' ? cp.add(cp.tril(x), mT(cp.tril(x, -1))) : cp.add(cp.triu(x), mT(cp.triu(x, 1)));
      return [cp.subtract(cp.matmul(sym, v), cp.multiply(v, cp.expand_dims(w, -2))), cp.matmul(mT(v), v), w];
    },
    scale: 10,
  };
}

/** The cases for one float dtype. */
export function linalgCases(dtype: 'float32' | 'float64'): LinalgCase[] {
  const s = dtype === 'float32' ? 100 : 0;
  const sq = (shape: number[], seed: number) => dominant(dtype, shape, seed + s);
  const cases: LinalgCase[] = [];
  // solve: vector b, matrix b, stacks, broadcast stacks, a transposed view, 0x0, 1x1
  const solveShapes: Array<[string, number[], number[]]> = [
    ['vector b', [4, 4], [4]], ['matrix b', [5, 5], [5, 2]], ['stack', [3, 4, 4], [3, 4, 2]],
    ['broadcast stacks', [2, 1, 3, 3], [1, 4, 3, 2]], ['stack a, one b', [3, 4, 4], [4, 1]], ['1x1', [1, 1], [1]],
    ['0x0', [0, 0], [0]], ['empty stack', [0, 3, 3], [0, 3, 1]], ['vector b on a stack', [2, 3, 3], [3]],
  ];
  solveShapes.forEach(([label, as, bs], i) => {
    cases.push({ label: `solve ${label}`, expr: 'np.linalg.solve(a, b)', inputs: { a: sq(as, i), b: random(dtype, bs, 50 + i) }, run: ({ a, b }) => cp.linalg.solve(a, b) });
  });
  cases.push({ label: 'solve a transposed view', expr: 'np.linalg.solve(a.T, b)', inputs: { a: sq([4, 4], 9), b: random(dtype, [4, 3], 9) }, run: ({ a, b }) => cp.linalg.solve(a.T, b) });
  cases.push({ label: 'solve int32 inputs (float64)', expr: 'np.linalg.solve(a, b)', inputs: { a: { dtype: 'int32', shape: [2, 2], data: new Int32Array([3, 1, 1, 2]) }, b: { dtype: 'int32', shape: [2], data: new Int32Array([9, 8]) } }, run: ({ a, b }) => cp.linalg.solve(a, b) });
  // inv, det, slogdet
  for (const [label, shape] of [['4x4', [4, 4]], ['stack', [2, 3, 3, 3]], ['1x1', [1, 1]], ['0x0', [0, 0]], ['empty stack', [0, 2, 2]]] as Array<[string, number[]]>) {
    cases.push({ label: `inv ${label}`, expr: 'np.linalg.inv(a)', inputs: { a: sq(shape, 20) }, run: ({ a }) => cp.linalg.inv(a) });
    cases.push({ label: `det ${label}`, expr: 'np.linalg.det(a)', inputs: { a: sq(shape, 21) }, run: ({ a }) => cp.linalg.det(a) });
    cases.push({ label: `slogdet ${label}`, expr: 'tuple(np.linalg.slogdet(a))', inputs: { a: random(dtype, shape, 22) }, run: ({ a }) => cp.linalg.slogdet(a) });
  }
  cases.push({ label: 'inv a strided view', expr: 'np.linalg.inv(a[::2, ::2])', inputs: { a: sq([6, 6], 23) }, run: ({ a }) => cp.linalg.inv(a.get('::2, ::2')) });
  cases.push({ label: 'det random (pivoting, signs)', expr: 'np.linalg.det(a)', inputs: { a: random(dtype, [5, 4, 4], 24) }, run: ({ a }) => cp.linalg.det(a) });
  const singular: HostArray = { dtype, shape: [2, 3, 3], data: (dtype === 'float32' ? Float32Array : Float64Array).from([1, 2, 3, 2, 4, 6, 1, 0, 1, 2, 0, 0, 0, 1, 0, 0, 0, 3]) };
  cases.push({ label: 'det singular is 0', expr: 'np.linalg.det(a)', inputs: { a: singular }, run: ({ a }) => cp.linalg.det(a) });
  cases.push({ label: 'slogdet singular is (0, -inf)', expr: 'tuple(np.linalg.slogdet(a))', inputs: { a: singular }, run: ({ a }) => cp.linalg.slogdet(a) });
  // cholesky
  for (const [label, shape] of [['4x4', [4, 4]], ['stack', [2, 3, 5, 5]], ['1x1', [1, 1]], ['0x0', [0, 0]]] as Array<[string, number[]]>) {
    cases.push({ label: `cholesky ${label}`, expr: 'np.linalg.cholesky(a)', inputs: { a: spd(dtype, shape, 30) }, run: ({ a }) => cp.linalg.cholesky(a) });
    cases.push({ label: `cholesky upper ${label}`, expr: 'np.linalg.cholesky(a, upper=True)', inputs: { a: spd(dtype, shape, 31) }, run: ({ a }) => cp.linalg.cholesky(a, { upper: true }) });
  }
  // qr, svd, eigh through invariants
  for (const [label, shape] of [['tall', [6, 4]], ['wide', [3, 5]], ['square stack', [2, 4, 4]], ['1x1', [1, 1]], ['broadcast-free stack', [3, 5, 2]]] as Array<[string, number[]]>) {
    cases.push(qrCase(label, random(dtype, shape, 40), 'reduced'));
    cases.push(qrCase(label, random(dtype, shape, 41), 'complete'));
    cases.push({ label: `qr r ${label}`, expr: "np.abs(np.linalg.qr(a, 'r'))", inputs: { a: random(dtype, shape, 42) }, run: ({ a }) => cp.abs(cp.linalg.qr(a, 'r') as cp.NDArray) });
    cases.push(svdCase(label, random(dtype, shape, 43), false));
    cases.push(svdCase(label, random(dtype, shape, 44), true));
    cases.push({ label: `svdvals ${label}`, expr: 'np.linalg.svdvals(a)', inputs: { a: random(dtype, shape, 45) }, run: ({ a }) => cp.linalg.svdvals(a) });
  }
  cases.push(qrCase('transposed view', random(dtype, [4, 6], 46), 'reduced', 'a.T'));
  cases.push(svdCase('transposed view', random(dtype, [4, 6], 47), false, 'a.T'));
  cases.push(svdCase('rank deficient', { dtype, shape: [4, 3], data: (dtype === 'float32' ? Float32Array : Float64Array).from([1, 2, 3, 2, 4, 6, 3, 6, 9, 1, 1, 1]) }, true));
  cases.push(svdCase('zero matrix', hostArray(dtype, [3, 3]), true));
  cases.push(svdCase('many small (batched path)', random(dtype, [40, 5, 3], 48), false));
  cases.push({ label: 'svd compute_uv=False', expr: 'np.linalg.svd(a, compute_uv=False)', inputs: { a: random(dtype, [2, 4, 3], 49) }, run: ({ a }) => cp.linalg.svd(a, { compute_uv: false }) as cp.NDArray });
  cases.push({ label: 'svd hermitian', expr: 'np.linalg.svd(a, hermitian=True)[1]', inputs: { a: spd(dtype, [4, 4], 50) }, run: ({ a }) => (cp.linalg.svd(a, { hermitian: true }) as cp.NDArray[])[1] });
  for (const [label, shape] of [['4x4', [4, 4]], ['stack', [3, 6, 6]], ['many small (batched path)', [40, 4, 4]], ['1x1', [1, 1]]] as Array<[string, number[]]>) {
    cases.push(eighCase(label, random(dtype, shape, 60), 'L'));
    cases.push(eighCase(label, random(dtype, shape, 61), 'U'));
    cases.push({ label: `eigvalsh ${label}`, expr: 'np.linalg.eigvalsh(a)', inputs: { a: random(dtype, shape, 62) }, run: ({ a }) => cp.linalg.eigvalsh(a) });
    cases.push({ label: `eigvalsh UPLO=U ${label}`, expr: "np.linalg.eigvalsh(a, 'U')", inputs: { a: random(dtype, shape, 63) }, run: ({ a }) => cp.linalg.eigvalsh(a, 'U') });
  }
  cases.push({ label: 'eigvalsh repeated eigenvalues', expr: 'np.linalg.eigvalsh(a)', inputs: { a: { dtype, shape: [3, 3], data: (dtype === 'float32' ? Float32Array : Float64Array).from([2, 0, 0, 0, 2, 0, 0, 0, 5]) } }, run: ({ a }) => cp.linalg.eigvalsh(a) });
  // built on the above
  cases.push({ label: 'pinv tall', expr: 'np.linalg.pinv(a)', inputs: { a: random(dtype, [5, 3], 70) }, run: ({ a }) => cp.linalg.pinv(a) });
  cases.push({ label: 'pinv stack wide', expr: 'np.linalg.pinv(a)', inputs: { a: random(dtype, [2, 3, 5], 71) }, run: ({ a }) => cp.linalg.pinv(a) });
  cases.push({ label: 'pinv rank deficient rtol=None', expr: 'np.linalg.pinv(a, rtol=None)', inputs: { a: { dtype, shape: [3, 2], data: (dtype === 'float32' ? Float32Array : Float64Array).from([1, 2, 2, 4, 3, 6]) } }, run: ({ a }) => cp.linalg.pinv(a, { rtol: null }) });
  cases.push({ label: 'pinv hermitian', expr: 'np.linalg.pinv(a, hermitian=True)', inputs: { a: spd(dtype, [3, 3], 72) }, run: ({ a }) => cp.linalg.pinv(a, { hermitian: true }) });
  cases.push({ label: 'matrix_rank full', expr: 'np.linalg.matrix_rank(a)', inputs: { a: random(dtype, [4, 3], 73) }, run: ({ a }) => cp.linalg.matrix_rank(a) });
  cases.push({ label: 'matrix_rank stack deficient', expr: 'np.linalg.matrix_rank(a)', inputs: { a: singular }, run: ({ a }) => cp.linalg.matrix_rank(a) });
  cases.push({ label: 'matrix_rank tol', expr: 'np.linalg.matrix_rank(a, 0.5)', inputs: { a: random(dtype, [2, 4, 4], 74) }, run: ({ a }) => cp.linalg.matrix_rank(a, 0.5) });
  cases.push({ label: 'matrix_rank 1-D', expr: 'np.linalg.matrix_rank(a)', inputs: { a: random(dtype, [3], 75) }, run: ({ a }) => cp.linalg.matrix_rank(a) });
  for (const p of [null, 2, -2, 1, -1, Infinity, -Infinity, 'fro', 'nuc'] as const) {
    const py = p === null ? 'None' : p === Infinity ? 'np.inf' : p === -Infinity ? '-np.inf' : typeof p === 'string' ? `'${p}'` : String(p);
    cases.push({ label: `cond p=${p}`, expr: `np.linalg.cond(a, ${py})`, inputs: { a: sq([2, 4, 4], 80) }, run: ({ a }) => cp.linalg.cond(a, p) });
    cases.push({ label: `norm ord=${p}`, expr: `np.linalg.norm(a, ${py}, (-2, -1))`, inputs: { a: random(dtype, [2, 3, 4], 81) }, run: ({ a }) => cp.linalg.norm(a, p, [-2, -1]) });
  }
  cases.push({ label: 'cond singular, p=1, is inf', expr: 'np.linalg.cond(a, 1)', inputs: { a: singular }, run: ({ a }) => cp.linalg.cond(a, 1) });
  cases.push({ label: 'norm nuc keepdims axis (0, 2)', expr: "np.linalg.norm(a, 'nuc', (0, 2), True)", inputs: { a: random(dtype, [2, 3, 4], 82) }, run: ({ a }) => cp.linalg.norm(a, 'nuc', [0, 2], true) });
  cases.push({ label: 'lstsq tall', expr: 'tuple(np.linalg.lstsq(a, b)[i] for i in (0, 1, 3))', inputs: { a: random(dtype, [6, 3], 90), b: random(dtype, [6, 2], 91) }, run: ({ a, b }) => { const r = cp.linalg.lstsq(a, b); return [r[0], r[1], r[3]]; } });
  cases.push({ label: 'lstsq vector b', expr: 'tuple(np.linalg.lstsq(a, b)[i] for i in (0, 1, 3))', inputs: { a: random(dtype, [5, 2], 92), b: random(dtype, [5], 93) }, run: ({ a, b }) => { const r = cp.linalg.lstsq(a, b); return [r[0], r[1], r[3]]; } });
  // At least 4 rows per column: QR first, then the SVD of R.
  cases.push({ label: 'lstsq tall by QR', expr: 'tuple(np.linalg.lstsq(a, b)[i] for i in (0, 1, 3))', inputs: { a: random(dtype, [40, 3], 96), b: random(dtype, [40, 2], 97) }, run: ({ a, b }) => { const r = cp.linalg.lstsq(a, b); return [r[0], r[1], r[3]]; } });
  cases.push({ label: 'lstsq tall rank-deficient by QR (min-norm x, no residuals)', expr: 'tuple(np.linalg.lstsq(np.hstack([a, a[:, :1] * 2]), b)[i] for i in (0, 1, 3))', inputs: { a: random(dtype, [24, 2], 98), b: random(dtype, [24], 99) }, run: ({ a, b }) => { const r = cp.linalg.lstsq(cp.concatenate([a, a.get(':, :1').multiply(2)], 1), b); expect(r[2]).toBe(2); return [r[0], r[1], r[3]]; } });
  // Tall and real: CholeskyQR2 where R's condition number allows it, Householder QR where not
  // (src/api/lstsq-tall.ts); powers of t make columns from well to badly conditioned.
  for (const degree of [2, 5, 8]) {
    cases.push({ label: `lstsq tall polynomial design of degree ${degree}`, expr: `tuple(np.linalg.lstsq(t[:, None] ** np.arange(${degree + 1}), b)[i] for i in (0, 1, 3))`, inputs: { t: random(dtype, [300], 110 + degree), b: random(dtype, [300], 120 + degree) }, run: ({ t, b }) => { const r = cp.linalg.lstsq(cp.power(t.get(':, None'), cp.arange(degree + 1)), b); return [r[0], r[1], r[3]]; }, scale: 10 ** (degree / 2) });
  }
  cases.push({ label: 'lstsq wide (no residuals)', expr: 'tuple(np.linalg.lstsq(a, b)[i] for i in (0, 1, 3))', inputs: { a: random(dtype, [2, 4], 94), b: random(dtype, [2], 95) }, run: ({ a, b }) => { const r = cp.linalg.lstsq(a, b); return [r[0], r[1], r[3]]; } });
  for (const n of [0, 1, 2, 3, 5, -1, -3]) {
    cases.push({ label: `matrix_power ${n}`, expr: `np.linalg.matrix_power(a, ${n})`, inputs: { a: sq([2, 3, 3], 100 + n) }, run: ({ a }) => cp.linalg.matrix_power(a, n), scale: 10 });
  }
  cases.push({ label: 'multi_dot 1-D ends', expr: 'np.linalg.multi_dot([a, b, c, d])', inputs: { a: random(dtype, [4], 110), b: random(dtype, [4, 6], 111), c: random(dtype, [6, 2], 112), d: random(dtype, [2], 113) }, run: ({ a, b, c, d }) => cp.linalg.multi_dot([a, b, c, d]) });
  cases.push({ label: 'multi_dot 2-D chain', expr: 'np.linalg.multi_dot([a, b, c])', inputs: { a: random(dtype, [10, 3], 114), b: random(dtype, [3, 8], 115), c: random(dtype, [8, 2], 116) }, run: ({ a, b, c }) => cp.linalg.multi_dot([a, b, c]) });
  cases.push({ label: 'tensorsolve', expr: 'np.linalg.tensorsolve(a, b)', inputs: { a: sq([6, 2, 3], 120), b: random(dtype, [6], 121) }, run: ({ a, b }) => cp.linalg.tensorsolve(a, b) });
  cases.push({ label: 'tensorsolve axes', expr: 'np.linalg.tensorsolve(a, b, (0,))', inputs: { a: sq([6, 2, 3], 122), b: random(dtype, [2, 3], 123) }, run: ({ a, b }) => cp.linalg.tensorsolve(a, b, [0]) });
  cases.push({ label: 'tensorinv', expr: 'np.linalg.tensorinv(a, 1)', inputs: { a: sq([6, 2, 3], 124) }, run: ({ a }) => cp.linalg.tensorinv(a, 1) });
  return cases;
}

function tolerance(dtype: string, scale = 1) {
  return dtype === 'float32' || dtype === 'complex64' ? { rtol: 2e-4 * scale, atol: 2e-4 * scale } : { rtol: 1e-10 * scale, atol: 1e-10 * scale };
}

/** One test per case on the current backend: NumPy's result (one array or several) against cupyts', dtype included. */
export function checkCases(cases: LinalgCase[], dtype: string): void {
  const want = numpy(cases.map((c) => ({ expr: c.expr, inputs: c.inputs })));
  cases.forEach((c, i) => {
    it(c.label, () => {
      const w = want[i];
      if (!w.ok) throw new Error(`NumPy failed: ${w.error}`);
      const inputs = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, toDevice(v)]));
      const got = c.run(inputs);
      const gots = Array.isArray(got) ? got : [got];
      const wants = Array.isArray(w.value) ? w.value : [w.value];
      expect(gots.length).toBe(wants.length);
      gots.forEach((g, j) => {
        const expected = wants[j] as HostArray;
        const actual = toHost(g);
        expect(actual.dtype).toBe(expected.dtype);
        const cmp = compareArrays(actual, expected, tolerance(dtype, c.scale));
        expect(cmp.ok ? '' : `output ${j}: ${cmp.message}`).toBe('');
      });
    });
  });
}
