// The CPU path's spectral decompositions in JavaScript on one column-major float64 matrix
// (element (i, j) of an m-row matrix at i + j * m): the SVD by one-sided (Hestenes) Jacobi, which
// is accurate to the last bits in the singular values, and symmetric eigenvalues by cyclic
// two-sided Jacobi. Both stop when every pair is orthogonal (every off-diagonal element is
// negligible) to float64 precision, or after MAX_SWEEPS. Factors are defined up to sign; values
// come sorted as LAPACK returns them (singular values descending, eigenvalues ascending).

const EPS = 2 ** -52;
const MAX_SWEEPS = 80;

/** Rotates columns p and q of the m-row matrix `x`: (xp, xq) <- (c xp - s xq, s xp + c xq). */
function rotateColumns(x: Float64Array, m: number, p: number, q: number, c: number, s: number): void {
  const op = p * m;
  const oq = q * m;
  for (let i = 0; i < m; i++) {
    const xp = x[op + i];
    const xq = x[oq + i];
    x[op + i] = c * xp - s * xq;
    x[oq + i] = s * xp + c * xq;
  }
}

/** The permutation that sorts `values` (descending or ascending), NaN last. */
function order(values: Float64Array, descending: boolean): number[] {
  const idx = Array.from(values, (_, i) => i);
  const key = (i: number) => (Number.isNaN(values[i]) ? Infinity : descending ? -values[i] : values[i]);
  return idx.sort((a, b) => key(a) - key(b) || a - b);
}

/** Columns `perm` of the m-row matrix `x`, in that order. */
function permuteColumns(x: Float64Array, m: number, perm: number[]): Float64Array {
  const out = new Float64Array(m * perm.length);
  perm.forEach((from, to) => out.set(x.subarray(from * m, from * m + m), to * m));
  return out;
}

/**
 * Completes the m x cols matrix `q`, whose columns flagged in `known` are orthonormal, with
 * orthonormal columns in the other places: each from the unit vector farthest from the span so
 * far (its squared distance is 1 - the squared row norm), orthogonalized twice (Gram-Schmidt).
 */
function completeOrthonormal(q: Float64Array, m: number, cols: number, known: boolean[]): void {
  const distance = new Float64Array(m).fill(1);
  const take = (c: number) => {
    for (let i = 0; i < m; i++) distance[i] -= q[i + c * m] * q[i + c * m];
  };
  for (let c = 0; c < cols; c++) if (known[c]) take(c);
  for (let j = 0; j < cols; j++) {
    if (known[j]) continue;
    let best = 0;
    for (let i = 1; i < m; i++) if (distance[i] > distance[best]) best = i;
    const v = new Float64Array(m);
    v[best] = 1;
    for (let pass = 0; pass < 2; pass++) {
      for (let c = 0; c < cols; c++) {
        if (!known[c]) continue;
        let dot = 0;
        for (let i = 0; i < m; i++) dot += q[i + c * m] * v[i];
        for (let i = 0; i < m; i++) v[i] -= dot * q[i + c * m];
      }
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm = Math.hypot(norm, v[i]);
    for (let i = 0; i < m; i++) q[i + j * m] = v[i] / norm;
    known[j] = true;
    take(j);
  }
}

/** An SVD A = U diag(s) V^T, column-major: U m x ucols, V n x vcols, s min(m, n) descending. */
export interface HostSvd {
  s: Float64Array;
  u: Float64Array;
  v: Float64Array;
  ucols: number;
  vcols: number;
}

/** One-sided Jacobi on the m x n matrix `a` (m >= n), destroyed: the n singular values, U (m x n, zero columns for zero values) and V (n x n). */
function jacobiTall(a: Float64Array, m: number, n: number): { s: Float64Array; u: Float64Array; v: Float64Array } {
  const v = new Float64Array(n * n);
  for (let j = 0; j < n; j++) v[j + j * n] = 1;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < m; i++) {
          const x = a[i + p * m];
          const y = a[i + q * m];
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (!(Math.abs(gamma) > EPS * Math.sqrt(alpha) * Math.sqrt(beta))) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.hypot(1, zeta));
        const c = 1 / Math.hypot(1, t);
        rotateColumns(a, m, p, q, c, c * t);
        rotateColumns(v, n, p, q, c, c * t);
      }
    }
    if (!rotated) break;
  }
  const s = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let norm = 0;
    for (let i = 0; i < m; i++) norm = Math.hypot(norm, a[i + j * m]);
    s[j] = norm;
    for (let i = 0; i < m; i++) a[i + j * m] = norm > 0 ? a[i + j * m] / norm : 0;
  }
  return { s, u: a, v };
}

/**
 * The SVD of the m x n column-major matrix `a` (destroyed). With `vectors`, U and V have
 * min(m, n) columns, or m and n with `full`; columns of zero singular values are completed to
 * orthonormal bases as LAPACK's are.
 */
export function svdJacobi(a: Float64Array, m: number, n: number, vectors: boolean, full: boolean): HostSvd {
  const tall = m >= n;
  const [rows, cols] = tall ? [m, n] : [n, m];
  let work = a;
  if (!tall) {
    work = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) work[j + i * n] = a[i + j * m];
  }
  const r = jacobiTall(work, rows, cols);
  const perm = order(r.s, true);
  const s = Float64Array.from(perm, (i) => r.s[i]);
  if (!vectors) return { s, u: new Float64Array(0), v: new Float64Array(0), ucols: 0, vcols: 0 };
  // The tall factorization: left (rows x cols or rows x rows) and right (cols x cols).
  const leftCols = full ? rows : cols;
  const left = new Float64Array(rows * leftCols);
  left.set(permuteColumns(r.u, rows, perm));
  const known = Array.from({ length: leftCols }, (_, j) => j < cols && s[j] > 0);
  completeOrthonormal(left, rows, leftCols, known);
  const right = permuteColumns(r.v, cols, perm);
  if (tall) return { s, u: left, v: right, ucols: leftCols, vcols: cols };
  return { s, u: right, v: left, ucols: cols, vcols: leftCols };
}

/**
 * Eigenvalues (ascending) and, with `vectors`, orthonormal eigenvectors (columns) of the n x n
 * symmetric matrix read from `a`'s lower triangle (or upper), by cyclic Jacobi; `a` is destroyed.
 */
export function symmetricEigen(a: Float64Array, n: number, lower: boolean, vectors: boolean): { w: Float64Array; v: Float64Array } {
  for (let j = 0; j < n; j++) {
    for (let i = j + 1; i < n; i++) {
      if (lower) a[j + i * n] = a[i + j * n];
      else a[i + j * n] = a[j + i * n];
    }
  }
  const v = new Float64Array(vectors ? n * n : 0);
  for (let j = 0; vectors && j < n; j++) v[j + j * n] = 1;
  let frob = 0;
  for (let k = 0; k < n * n; k++) frob = Math.hypot(frob, a[k]);
  const tiny = EPS * frob * 1e-3;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p + q * n];
        if (!(Math.abs(apq) > tiny)) continue;
        const app = a[p + p * n];
        const aqq = a[q + q * n];
        if (Math.abs(apq) <= EPS * 0.5 * Math.sqrt(Math.abs(app * aqq)) * 1e-3) continue;
        rotated = true;
        const theta = (aqq - app) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.hypot(1, theta));
        const c = 1 / Math.hypot(1, t);
        const s = c * t;
        rotateColumns(a, n, p, q, c, s);
        for (let k = 0; k < n; k++) {
          const x = a[p + k * n];
          const y = a[q + k * n];
          a[p + k * n] = c * x - s * y;
          a[q + k * n] = s * x + c * y;
        }
        a[p + q * n] = 0;
        a[q + p * n] = 0;
        if (vectors) rotateColumns(v, n, p, q, c, s);
      }
    }
    if (!rotated) break;
  }
  const diag = Float64Array.from({ length: n }, (_, j) => a[j + j * n]);
  const perm = order(diag, false);
  return { w: Float64Array.from(perm, (i) => diag[i]), v: vectors ? permuteColumns(v, n, perm) : v };
}
