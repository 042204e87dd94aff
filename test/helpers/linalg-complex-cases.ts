// NumPy-differential cases for cp.linalg's functions that take complex64 and complex128 input
// (solve, inv, det, slogdet, cholesky, eigh, eigvalsh, qr, svd, svdvals, matrix_rank, cond,
// tensorsolve, tensorinv, pinv, lstsq, matrix_power, multi_dot and norm of every order), shared by the CPU test (test/ops/linalg-complex.test.ts) and the GPU one
// (test/gpu/linalg-complex.test.ts). Results here are unique, so they are compared directly.
import * as cp from '../../src/index.js';
import type { LinalgCase } from './linalg-cases.js';
import { hostArray, randomArray, type HostArray } from './numpy-oracle.js';

type Complex = 'complex64' | 'complex128';

/** Random complex matrices (stack..., n, n) with n added to the diagonal: well conditioned. */
export function dominantComplex(dtype: Complex, shape: number[], seed: number): HostArray {
  const h = randomArray(dtype, shape, seed, { low: -1, high: 1 });
  const n = shape[shape.length - 1];
  const count = h.data.length / (2 * n * n);
  for (let b = 0; b < count; b++) for (let i = 0; i < n; i++) (h.data as Float64Array)[2 * (b * n * n + i * n + i)] += n;
  return h;
}

/** Hermitian positive definite matrices: B B^H + n I. */
export function hpd(dtype: Complex, shape: number[], seed: number): HostArray {
  const b = randomArray('complex128', shape, seed, { low: -1, high: 1 });
  const n = shape[shape.length - 1];
  const out = hostArray(dtype, shape);
  const src = b.data as Float64Array;
  const dst = out.data as Float64Array;
  const count = src.length / (2 * n * n);
  for (let k = 0; k < count; k++) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let re = i === j ? n : 0;
        let im = 0;
        for (let l = 0; l < n; l++) {
          const [xr, xi] = [src[2 * (k * n * n + i * n + l)], src[2 * (k * n * n + i * n + l) + 1]];
          const [yr, yi] = [src[2 * (k * n * n + j * n + l)], -src[2 * (k * n * n + j * n + l) + 1]];
          re += xr * yr - xi * yi;
          im += xr * yi + xi * yr;
        }
        dst[2 * (k * n * n + i * n + j)] = re;
        dst[2 * (k * n * n + i * n + j) + 1] = i === j ? 0 : im;
      }
    }
  }
  return out;
}

/** The cases for one complex dtype. */
export function complexLinalgCases(dtype: Complex): LinalgCase[] {
  const s = dtype === 'complex64' ? 300 : 0;
  const sq = (shape: number[], seed: number) => dominantComplex(dtype, shape, seed + s);
  const r = (shape: number[], seed: number) => randomArray(dtype, shape, seed + s, { low: -1, high: 1 });
  const real = dtype === 'complex64' ? 'float32' : 'float64';
  const cases: LinalgCase[] = [];
  const solveShapes: Array<[string, number[], number[]]> = [
    ['vector b', [4, 4], [4]], ['matrix b', [5, 5], [5, 2]], ['stack', [3, 4, 4], [3, 4, 2]],
    ['broadcast stacks', [2, 1, 3, 3], [1, 4, 3, 2]], ['1x1', [1, 1], [1]], ['0x0', [0, 0], [0]],
  ];
  solveShapes.forEach(([label, as, bs], i) => {
    cases.push({ label: `solve ${label}`, expr: 'np.linalg.solve(a, b)', inputs: { a: sq(as, i), b: r(bs, 50 + i) }, run: ({ a, b }) => cp.linalg.solve(a, b) });
  });
  cases.push({ label: `solve ${dtype} a, ${real} b (promotion)`, expr: 'np.linalg.solve(a, b)', inputs: { a: sq([3, 3], 7), b: randomArray(real, [3], 8) }, run: ({ a, b }) => cp.linalg.solve(a, b) });
  cases.push({ label: 'solve float64 a, complex b (promotion)', expr: 'np.linalg.solve(a, b)', inputs: { a: { dtype: 'float64', shape: [2, 2], data: Float64Array.from([3, 1, 1, 2]) }, b: r([2], 9) }, run: ({ a, b }) => cp.linalg.solve(a, b) });
  cases.push({ label: 'solve a transposed view', expr: 'np.linalg.solve(a.T, b)', inputs: { a: sq([4, 4], 10), b: r([4, 3], 11) }, run: ({ a, b }) => cp.linalg.solve(a.T, b) });
  for (const [label, shape] of [['4x4', [4, 4]], ['stack', [2, 3, 3, 3]], ['1x1', [1, 1]], ['0x0', [0, 0]]] as Array<[string, number[]]>) {
    cases.push({ label: `inv ${label}`, expr: 'np.linalg.inv(a)', inputs: { a: sq(shape, 20) }, run: ({ a }) => cp.linalg.inv(a) });
    cases.push({ label: `det ${label}`, expr: 'np.linalg.det(a)', inputs: { a: r(shape, 21) }, run: ({ a }) => cp.linalg.det(a) });
    cases.push({ label: `slogdet ${label}`, expr: 'tuple(np.linalg.slogdet(a))', inputs: { a: r(shape, 22) }, run: ({ a }) => cp.linalg.slogdet(a) });
  }
  const singular: HostArray = { dtype, shape: [2, 2], data: (dtype === 'complex64' ? Float32Array : Float64Array).from([1, 1, 2, -1, 2, 2, 4, -2]) };
  cases.push({ label: 'det singular is 0', expr: 'np.linalg.det(a)', inputs: { a: singular }, run: ({ a }) => cp.linalg.det(a) });
  cases.push({ label: 'slogdet singular is (0, -inf)', expr: 'tuple(np.linalg.slogdet(a))', inputs: { a: singular }, run: ({ a }) => cp.linalg.slogdet(a) });
  for (const [label, shape] of [['4x4', [4, 4]], ['stack', [2, 3, 5, 5]], ['1x1', [1, 1]], ['0x0', [0, 0]]] as Array<[string, number[]]>) {
    cases.push({ label: `cholesky ${label}`, expr: 'np.linalg.cholesky(a)', inputs: { a: hpd(dtype, shape, 30) }, run: ({ a }) => cp.linalg.cholesky(a) });
    cases.push({ label: `cholesky upper ${label}`, expr: 'np.linalg.cholesky(a, upper=True)', inputs: { a: hpd(dtype, shape, 31) }, run: ({ a }) => cp.linalg.cholesky(a, { upper: true }) });
  }
  for (const [label, shape] of [['4x4', [4, 4]], ['stack', [3, 6, 6]], ['many small', [40, 4, 4]], ['1x1', [1, 1]]] as Array<[string, number[]]>) {
    for (const uplo of ['L', 'U'] as const) {
      cases.push({ label: `eigh UPLO=${uplo} ${label}: w, |V|`, expr: `(lambda w, v: (w, np.abs(v)))(*np.linalg.eigh(a, '${uplo}'))`, inputs: { a: r(shape, 60) },
        run: ({ a }) => { const [w, v] = cp.linalg.eigh(a, uplo); return [w, cp.abs(v)]; }, scale: 10 });
      cases.push({ label: `eigvalsh UPLO=${uplo} ${label}`, expr: `np.linalg.eigvalsh(a, '${uplo}')`, inputs: { a: r(shape, 61) }, run: ({ a }) => cp.linalg.eigvalsh(a, uplo), scale: 10 });
    }
  }
  for (const [label, shape] of [['tall', [6, 4]], ['wide', [3, 5]], ['square stack', [2, 4, 4]], ['1x1', [1, 1]]] as Array<[string, number[]]>) {
    cases.push({ label: `qr reduced ${label}: |Q|, |R|`, expr: '(lambda q, r: (np.abs(q), np.abs(r)))(*np.linalg.qr(a))', inputs: { a: r(shape, 70) },
      run: ({ a }) => { const [q, rr] = cp.linalg.qr(a) as cp.NDArray[]; return [cp.abs(q), cp.abs(rr)]; }, scale: 10 });
    cases.push({ label: `qr r ${label}: |R|`, expr: "np.abs(np.linalg.qr(a, 'r'))", inputs: { a: r(shape, 71) }, run: ({ a }) => cp.abs(cp.linalg.qr(a, 'r') as cp.NDArray), scale: 10 });
  }
  cases.push({ label: 'qr complete wide: |Q|, |R|', expr: "(lambda q, r: (np.abs(q), np.abs(r)))(*np.linalg.qr(a, 'complete'))", inputs: { a: r([3, 5], 72) },
    run: ({ a }) => { const [q, rr] = cp.linalg.qr(a, 'complete') as cp.NDArray[]; return [cp.abs(q), cp.abs(rr)]; }, scale: 10 });
  for (const [label, shape] of [['tall', [6, 4]], ['wide', [3, 5]], ['stack', [2, 4, 4]], ['1x1', [1, 1]], ['many small', [30, 3, 2]]] as Array<[string, number[]]>) {
    cases.push({ label: `svd reduced ${label}: |U|, s, |Vh|`, expr: '(lambda u, s, vh: (np.abs(u), s, np.abs(vh)))(*np.linalg.svd(a, False))', inputs: { a: r(shape, 80) },
      run: ({ a }) => { const [u, sv, vh] = cp.linalg.svd(a, false) as cp.NDArray[]; return [cp.abs(u), sv, cp.abs(vh)]; }, scale: 10 });
    cases.push({ label: `svdvals ${label}`, expr: 'np.linalg.svdvals(a)', inputs: { a: r(shape, 81) }, run: ({ a }) => cp.linalg.svdvals(a), scale: 10 });
  }
  cases.push({ label: 'svd compute_uv=False', expr: 'np.linalg.svd(a, compute_uv=False)', inputs: { a: r([2, 4, 3], 82) }, run: ({ a }) => cp.linalg.svd(a, { compute_uv: false }) as cp.NDArray, scale: 10 });
  cases.push({ label: 'svd hermitian: s', expr: 'np.linalg.svd(a, hermitian=True)[1]', inputs: { a: hpd(dtype, [4, 4], 83) }, run: ({ a }) => (cp.linalg.svd(a, { hermitian: true }) as cp.NDArray[])[1], scale: 10 });
  cases.push({ label: 'svd rank deficient: s', expr: 'np.linalg.svd(a)[1]', inputs: { a: { dtype, shape: [3, 2], data: (dtype === 'complex64' ? Float32Array : Float64Array).from([1, 1, 2, 2, 2, 2, 4, 4, 3, -1, 6, -2]) } }, run: ({ a }) => (cp.linalg.svd(a) as cp.NDArray[])[1], scale: 10 });
  cases.push({ label: 'matrix_rank', expr: 'np.linalg.matrix_rank(a)', inputs: { a: r([3, 4, 3], 84) }, run: ({ a }) => cp.linalg.matrix_rank(a) });
  for (const p of [null, 2, -2, 1, -1, Infinity, -Infinity, 'fro', 'nuc'] as const) {
    const py = p === null ? 'None' : p === Infinity ? 'np.inf' : p === -Infinity ? '-np.inf' : typeof p === 'string' ? `'${p}'` : String(p);
    cases.push({ label: `cond p=${p}`, expr: `np.linalg.cond(a, ${py})`, inputs: { a: sq([2, 4, 4], 85) }, run: ({ a }) => cp.linalg.cond(a, p), scale: 10 });
  }
  for (const p of [2, -2, 'nuc'] as const) {
    const py = typeof p === 'string' ? `'${p}'` : String(p);
    cases.push({ label: `matrix norm ord=${p}`, expr: `np.linalg.norm(a, ${py}, (-2, -1))`, inputs: { a: r([2, 3, 4], 86) }, run: ({ a }) => cp.linalg.norm(a, p, [-2, -1]), scale: 10 });
  }
  cases.push({ label: 'eigh 0x0', expr: 'np.linalg.eigh(a)', inputs: { a: r([0, 0], 62) }, run: ({ a }) => cp.linalg.eigh(a) });
  cases.push({ label: 'tensorinv', expr: 'np.linalg.tensorinv(a, 1)', inputs: { a: sq([6, 2, 3], 40) }, run: ({ a }) => cp.linalg.tensorinv(a, 1) });
  cases.push({ label: 'tensorsolve', expr: 'np.linalg.tensorsolve(a, b)', inputs: { a: sq([6, 2, 3], 41), b: r([6], 42) }, run: ({ a, b }) => cp.linalg.tensorsolve(a, b) });
  for (const p of [null, 'fro', 1, -1, Infinity, -Infinity] as const) {
    const py = p === null ? 'None' : p === Infinity ? 'np.inf' : p === -Infinity ? '-np.inf' : typeof p === 'string' ? `'${p}'` : String(p);
    cases.push({ label: `matrix norm ord=${p}`, expr: `np.linalg.norm(a, ${py}, (-2, -1))`, inputs: { a: r([2, 3, 4], 43) }, run: ({ a }) => cp.linalg.norm(a, p, [-2, -1]) });
  }
  for (const p of [null, 0, 1, 3, Infinity] as const) {
    const py = p === null ? 'None' : p === Infinity ? 'np.inf' : String(p);
    cases.push({ label: `vector norm ord=${p}`, expr: `np.linalg.norm(a, ${py}, -1)`, inputs: { a: r([3, 5], 44) }, run: ({ a }) => cp.linalg.norm(a, p, -1) });
  }
  cases.push(...pinvLstsqCases(dtype));
  for (const n of [0, 1, 2, 3, -1, -2]) {
    cases.push({ label: `matrix_power ${n}`, expr: `np.linalg.matrix_power(a, ${n})`, inputs: { a: sq([2, 3, 3], 130 + n) }, run: ({ a }) => cp.linalg.matrix_power(a, n), scale: 10 });
  }
  cases.push({ label: 'multi_dot 1-D ends', expr: 'np.linalg.multi_dot([a, b, c, d])', inputs: { a: r([4], 140), b: r([4, 6], 141), c: r([6, 2], 142), d: r([2], 143) }, run: ({ a, b, c, d }) => cp.linalg.multi_dot([a, b, c, d]) });
  cases.push({ label: 'vector_norm', expr: 'np.linalg.vector_norm(a)', inputs: { a: r([3, 5], 45) }, run: ({ a }) => cp.linalg.vector_norm(a) });
  cases.push({ label: 'matrix_norm ord=1', expr: 'np.linalg.matrix_norm(a, ord=1)', inputs: { a: r([2, 3, 3], 46) }, run: ({ a }) => cp.linalg.matrix_norm(a, { ord: 1 }) });
  return cases;
}

/** pinv and lstsq: the pseudo-inverse V diag(1/s) U^H and the least-squares solution, residuals and singular values (rank is compared in the test). */
function pinvLstsqCases(dtype: Complex): LinalgCase[] {
  const s = dtype === 'complex64' ? 300 : 0;
  const r = (shape: number[], seed: number) => randomArray(dtype, shape, seed + s, { low: -1, high: 1 });
  const real = dtype === 'complex64' ? 'float32' : 'float64';
  const typed = (values: number[]) => (dtype === 'complex64' ? Float32Array : Float64Array).from(values);
  // Rank 1: the second column is (1 - i) times the first.
  const deficient: HostArray = { dtype, shape: [3, 2], data: typed([1, 1, 2, 0, 2, -1, 1, -3, 0, 2, 2, 2]) };
  const cases: LinalgCase[] = [];
  for (const [label, shape] of [['tall', [5, 3]], ['wide', [2, 4]], ['stack', [2, 3, 5]], ['broadcast-free stack', [2, 1, 4, 3]], ['1x1', [1, 1]], ['0x3', [0, 3]]] as Array<[string, number[]]>) {
    cases.push({ label: `pinv ${label}`, expr: 'np.linalg.pinv(a)', inputs: { a: r(shape, 150) }, run: ({ a }) => cp.linalg.pinv(a), scale: 10 });
  }
  cases.push({ label: 'pinv rank deficient rtol=None', expr: 'np.linalg.pinv(a, rtol=None)', inputs: { a: deficient }, run: ({ a }) => cp.linalg.pinv(a, { rtol: null }), scale: 10 });
  cases.push({ label: 'pinv rcond', expr: 'np.linalg.pinv(a, 0.3)', inputs: { a: r([4, 4], 151) }, run: ({ a }) => cp.linalg.pinv(a, 0.3), scale: 10 });
  cases.push({ label: 'pinv hermitian', expr: 'np.linalg.pinv(a, hermitian=True)', inputs: { a: hpd(dtype, [2, 3, 3], 152) }, run: ({ a }) => cp.linalg.pinv(a, { hermitian: true }), scale: 10 });
  const lstsq = (label: string, inputs: Record<string, HostArray>, rcond?: number): LinalgCase => ({
    label: `lstsq ${label}: x, residuals, s`,
    expr: `tuple(np.linalg.lstsq(a, b${rcond === undefined ? '' : `, ${rcond}`})[i] for i in (0, 1, 3))`,
    inputs,
    run: ({ a, b }) => {
      const [x, res, , sv] = rcond === undefined ? cp.linalg.lstsq(a, b) : cp.linalg.lstsq(a, b, rcond);
      return [x, res, sv];
    },
    scale: 10,
  });
  cases.push(lstsq('tall, matrix b', { a: r([6, 3], 160), b: r([6, 2], 161) }));
  cases.push(lstsq('tall, vector b', { a: r([5, 2], 162), b: r([5], 163) }));
  cases.push(lstsq('wide (no residuals)', { a: r([2, 4], 164), b: r([2, 3], 165) }));
  cases.push(lstsq('square', { a: r([3, 3], 166), b: r([3], 167) }));
  cases.push(lstsq('rank deficient (no residuals)', { a: deficient, b: r([3], 168) }));
  cases.push(lstsq('rcond cuts a singular value', { a: r([6, 3], 169), b: r([6], 170) }, 0.5));
  cases.push(lstsq(`${real} a, complex b (promotion)`, { a: randomArray(real, [4, 2], 171), b: r([4], 172) }));
  cases.push(lstsq('no right-hand sides', { a: r([4, 2], 173), b: r([4, 0], 174) }));
  cases.push(lstsq('no columns', { a: r([3, 0], 175), b: r([3, 2], 176) }));
  cases.push(lstsq('no rows', { a: r([0, 2], 177), b: r([0, 2], 178) }));
  return cases;
}
