// The CPU path's factorizations in JavaScript, LAPACK's algorithms and conventions on one
// column-major matrix of float64 (element (i, j) of an m-row matrix at i + j * m): LU with partial
// pivoting (getrf/getrs, 1-based pivots), Cholesky (potrf), Householder QR (geqrf/orgqr). Each
// returns LAPACK's info: 0, or k > 0 where step k found a zero pivot / a non-positive minor.

/** LU with partial pivoting of the n x n matrix `a`, in place: unit-lower L below, U on and above the diagonal. */
export function luFactor(a: Float64Array, n: number, piv: Int32Array): number {
  let info = 0;
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(a[k + k * n]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i + k * n]);
      if (v > best || Number.isNaN(v)) {
        best = v;
        p = i;
        if (Number.isNaN(v)) break;
      }
    }
    piv[k] = p + 1;
    if (a[p + k * n] === 0) {
      if (info === 0) info = k + 1;
      continue;
    }
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = a[k + j * n];
        a[k + j * n] = a[p + j * n];
        a[p + j * n] = t;
      }
    }
    const pivot = a[k + k * n];
    for (let i = k + 1; i < n; i++) a[i + k * n] /= pivot;
    for (let j = k + 1; j < n; j++) {
      const akj = a[k + j * n];
      if (akj === 0) continue;
      for (let i = k + 1; i < n; i++) a[i + j * n] -= a[i + k * n] * akj;
    }
  }
  return info;
}

/** Solves A X = B in place of the n x nrhs matrix `b`, from luFactor's factors. */
export function luSolve(lu: Float64Array, n: number, piv: Int32Array, b: Float64Array, nrhs: number): void {
  for (let c = 0; c < nrhs; c++) {
    const o = c * n;
    for (let k = 0; k < n; k++) {
      const p = piv[k] - 1;
      if (p !== k) {
        const t = b[o + k];
        b[o + k] = b[o + p];
        b[o + p] = t;
      }
    }
    for (let k = 0; k < n; k++) {
      const bk = b[o + k];
      if (bk !== 0) for (let i = k + 1; i < n; i++) b[o + i] -= lu[i + k * n] * bk;
    }
    for (let k = n - 1; k >= 0; k--) {
      b[o + k] /= lu[k + k * n];
      const bk = b[o + k];
      for (let i = 0; i < k; i++) b[o + i] -= lu[i + k * n] * bk;
    }
  }
}

/** Cholesky A = L L^T of the n x n matrix `a` from its lower triangle, in place; the strict upper triangle is zeroed. */
export function choleskyLower(a: Float64Array, n: number): number {
  for (let j = 0; j < n; j++) {
    let d = a[j + j * n];
    for (let k = 0; k < j; k++) d -= a[j + k * n] * a[j + k * n];
    if (!(d > 0)) return j + 1;
    const ljj = Math.sqrt(d);
    a[j + j * n] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i + j * n];
      for (let k = 0; k < j; k++) s -= a[i + k * n] * a[j + k * n];
      a[i + j * n] = s / ljj;
    }
  }
  for (let j = 1; j < n; j++) for (let i = 0; i < j; i++) a[i + j * n] = 0;
  return 0;
}

/**
 * Householder QR of the m x n matrix `a` in place (LAPACK's geqrf and dlarfg): R on and above
 * the diagonal, the reflectors' tails below it, their scales in `tau` (min(m, n)).
 */
export function qrFactor(a: Float64Array, m: number, n: number, tau: Float64Array): void {
  const k = Math.min(m, n);
  for (let j = 0; j < k; j++) {
    const col = j * m;
    let xnorm = 0;
    for (let i = j + 1; i < m; i++) xnorm = Math.hypot(xnorm, a[i + col]);
    const alpha = a[j + col];
    if (xnorm === 0) {
      tau[j] = 0;
      continue;
    }
    const beta = -Math.sign(alpha || 1) * Math.hypot(alpha, xnorm);
    tau[j] = (beta - alpha) / beta;
    const scale = 1 / (alpha - beta);
    for (let i = j + 1; i < m; i++) a[i + col] *= scale;
    a[j + col] = beta;
    // Apply H = I - tau v v^T (v = [1, a[j+1.., j]]) to the columns on the right.
    for (let c = j + 1; c < n; c++) applyReflector(a, m, j, col, tau[j], c * m);
  }
}

/** Column `dst` (offset) of an m-row matrix times H_j, whose vector sits at column offset `src` of `v`. */
function applyReflector(v: Float64Array, m: number, j: number, src: number, tau: number, dst: number, target: Float64Array = v): void {
  if (tau === 0) return;
  let dot = target[j + dst];
  for (let i = j + 1; i < m; i++) dot += v[i + src] * target[i + dst];
  const f = tau * dot;
  target[j + dst] -= f;
  for (let i = j + 1; i < m; i++) target[i + dst] -= f * v[i + src];
}

/** The first `cols` columns of Q = H_0 H_1 ... H_(k-1) (LAPACK's orgqr) from qrFactor's m x n result. */
export function qrFormQ(a: Float64Array, m: number, n: number, tau: Float64Array, cols: number): Float64Array {
  const k = Math.min(m, n);
  const q = new Float64Array(m * cols);
  for (let j = 0; j < cols; j++) q[j + j * m] = 1;
  for (let j = k - 1; j >= 0; j--) {
    for (let c = j; c < cols; c++) applyReflector(a, m, j, j * m, tau[j], c * m, q);
  }
  return q;
}
