// The CPU path's general (non-symmetric) eigenvalue solver in JavaScript, on one column-major
// float64 matrix (element (i, j) of an n x n matrix at i + j * n): Householder reduction to upper
// Hessenberg form, Francis double-shift QR in real arithmetic (so the complex eigenvalues of a
// real matrix come in exact conjugate pairs, the one with positive imaginary part first), and the
// eigenvectors by back substitution on the quasi-triangular Schur form, transformed back. This is
// the EISPACK orthes/hqr2 algorithm (as in JAMA), without balancing. The vectors come out in
// LAPACK's packed real form (geev's VR) and normalized as LAPACK normalizes them: unit 2-norm, and
// for a complex pair the component of largest modulus made real.

const EPS = 2 ** -52;
/** Iterations allowed per eigenvalue before giving up (LAPACK's dhseqr allows 30 per eigenvalue too). */
const MAX_ITERATIONS_PER_EIGENVALUE = 30;

/** The eigenvalues (real and imaginary parts) and, with `vectors`, geev's packed VR (column-major). */
export interface HostEigen {
  wr: Float64Array;
  wi: Float64Array;
  /** Column j is the eigenvector of a real w[j]; for a pair (j, j + 1), columns j and j + 1 are the real and imaginary parts of w[j]'s vector (w[j + 1]'s is its conjugate). */
  vr: Float64Array;
  /** LAPACK's info: 0, or k > 0 where the QR iteration failed to converge with k eigenvalues left. */
  info: number;
}

/** Rows of the column-major n x n matrix `a`, as number[][] (the algorithm indexes H[i][j]). */
function rowsOf(a: Float64Array, n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => a[i + j * n]));
}

/** Householder reduction of H to upper Hessenberg form in place; V accumulates the transformations. */
function reduceToHessenberg(H: number[][], V: number[][], n: number): void {
  const ort = new Float64Array(n);
  const high = n - 1;
  for (let m = 1; m < high; m++) {
    let scale = 0;
    for (let i = m; i <= high; i++) scale += Math.abs(H[i][m - 1]);
    if (scale === 0) continue;
    let h = 0;
    for (let i = high; i >= m; i--) {
      ort[i] = H[i][m - 1] / scale;
      h += ort[i] * ort[i];
    }
    let g = Math.sqrt(h);
    if (ort[m] > 0) g = -g;
    h -= ort[m] * g;
    ort[m] -= g;
    // H = (I - u u^T / h) H (I - u u^T / h)
    for (let j = m; j < n; j++) {
      let f = 0;
      for (let i = high; i >= m; i--) f += ort[i] * H[i][j];
      f /= h;
      for (let i = m; i <= high; i++) H[i][j] -= f * ort[i];
    }
    for (let i = 0; i <= high; i++) {
      let f = 0;
      for (let j = high; j >= m; j--) f += ort[j] * H[i][j];
      f /= h;
      for (let j = m; j <= high; j++) H[i][j] -= f * ort[j];
    }
    ort[m] *= scale;
    H[m][m - 1] = scale * g;
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) V[i][j] = i === j ? 1 : 0;
  for (let m = high - 1; m >= 1; m--) {
    if (H[m][m - 1] === 0) continue;
    for (let i = m + 1; i <= high; i++) ort[i] = H[i][m - 1];
    for (let j = m; j <= high; j++) {
      let g = 0;
      for (let i = m; i <= high; i++) g += ort[i] * V[i][j];
      // Two divisions avoid an underflow of ort[m] * H[m][m - 1].
      g = g / ort[m] / H[m][m - 1];
      for (let i = m; i <= high; i++) V[i][j] += g * ort[i];
    }
  }
}

/** (xr + i xi) / (yr + i yi), scaled to avoid overflow. */
function cdiv(xr: number, xi: number, yr: number, yi: number): [number, number] {
  if (Math.abs(yr) > Math.abs(yi)) {
    const r = yi / yr;
    const d = yr + r * yi;
    return [(xr + r * xi) / d, (xi - r * xr) / d];
  }
  const r = yr / yi;
  const d = yi + r * yr;
  return [(r * xr + xi) / d, (r * xi - xr) / d];
}

/**
 * Francis double-shift QR of the Hessenberg H (in place, to quasi-triangular Schur form T with
 * V T V^T = A), eigenvalues into d + i e. With `vectors`, V accumulates the transformations.
 * Returns LAPACK's info (the number of eigenvalues left unconverged, or 0).
 */
function schur(H: number[][], V: number[][], d: Float64Array, e: Float64Array, vectors: boolean, norm: number): number {
  const nn = H.length;
  let n = nn - 1;
  let exshift = 0;
  let iter = 0;
  let p = 0, q = 0, r = 0, s = 0, z = 0, w = 0, x = 0, y = 0;
  while (n >= 0) {
    // A single small subdiagonal element splits the matrix.
    let l = n;
    while (l > 0) {
      s = Math.abs(H[l - 1][l - 1]) + Math.abs(H[l][l]);
      if (s === 0) s = norm;
      if (H[l][l - 1] === 0 || Math.abs(H[l][l - 1]) < EPS * s) break;
      l--;
    }
    if (l === n) {
      // One root.
      H[n][n] += exshift;
      d[n] = H[n][n];
      e[n] = 0;
      n--;
      iter = 0;
    } else if (l === n - 1) {
      // Two roots: a real pair (split by a rotation) or a complex pair.
      w = H[n][n - 1] * H[n - 1][n];
      p = (H[n - 1][n - 1] - H[n][n]) / 2;
      q = p * p + w;
      z = Math.sqrt(Math.abs(q));
      H[n][n] += exshift;
      H[n - 1][n - 1] += exshift;
      x = H[n][n];
      if (q >= 0) {
        z = p >= 0 ? p + z : p - z;
        d[n - 1] = x + z;
        d[n] = z !== 0 ? x - w / z : d[n - 1];
        e[n - 1] = 0;
        e[n] = 0;
        x = H[n][n - 1];
        s = Math.abs(x) + Math.abs(z);
        p = x / s;
        q = z / s;
        r = Math.sqrt(p * p + q * q);
        p /= r;
        q /= r;
        for (let j = n - 1; j < nn; j++) {
          z = H[n - 1][j];
          H[n - 1][j] = q * z + p * H[n][j];
          H[n][j] = q * H[n][j] - p * z;
        }
        for (let i = 0; i <= n; i++) {
          z = H[i][n - 1];
          H[i][n - 1] = q * z + p * H[i][n];
          H[i][n] = q * H[i][n] - p * z;
        }
        if (vectors) {
          for (let i = 0; i < nn; i++) {
            z = V[i][n - 1];
            V[i][n - 1] = q * z + p * V[i][n];
            V[i][n] = q * V[i][n] - p * z;
          }
        }
      } else {
        d[n - 1] = x + p;
        d[n] = x + p;
        e[n - 1] = z;
        e[n] = -z;
      }
      n -= 2;
      iter = 0;
    } else {
      // No convergence yet: form the shift.
      x = H[n][n];
      y = H[n - 1][n - 1];
      w = H[n][n - 1] * H[n - 1][n];
      if (iter === 10) {
        // Wilkinson's exceptional shift.
        exshift += x;
        for (let i = 0; i <= n; i++) H[i][i] -= x;
        s = Math.abs(H[n][n - 1]) + Math.abs(H[n - 1][n - 2]);
        x = y = 0.75 * s;
        w = -0.4375 * s * s;
      }
      if (iter === 30) {
        // MATLAB's exceptional shift.
        s = (y - x) / 2;
        s = s * s + w;
        if (s > 0) {
          s = Math.sqrt(s);
          if (y < x) s = -s;
          s = x - w / ((y - x) / 2 + s);
          for (let i = 0; i <= n; i++) H[i][i] -= s;
          exshift += s;
          x = y = w = 0.964;
        }
      }
      iter++;
      if (iter > MAX_ITERATIONS_PER_EIGENVALUE * Math.max(10, nn)) return n + 1;
      // Two consecutive small subdiagonal elements start the bulge.
      let m = n - 2;
      while (m >= l) {
        z = H[m][m];
        r = x - z;
        s = y - z;
        p = (r * s - w) / H[m + 1][m] + H[m][m + 1];
        q = H[m + 1][m + 1] - z - r - s;
        r = H[m + 2][m + 1];
        s = Math.abs(p) + Math.abs(q) + Math.abs(r);
        p /= s;
        q /= s;
        r /= s;
        if (m === l) break;
        if (Math.abs(H[m][m - 1]) * (Math.abs(q) + Math.abs(r)) < EPS * (Math.abs(p) * (Math.abs(H[m - 1][m - 1]) + Math.abs(z) + Math.abs(H[m + 1][m + 1])))) break;
        m--;
      }
      for (let i = m + 2; i <= n; i++) {
        H[i][i - 2] = 0;
        if (i > m + 2) H[i][i - 3] = 0;
      }
      // The double QR step on rows l..n and columns m..n.
      for (let k = m; k <= n - 1; k++) {
        const notlast = k !== n - 1;
        if (k !== m) {
          p = H[k][k - 1];
          q = H[k + 1][k - 1];
          r = notlast ? H[k + 2][k - 1] : 0;
          x = Math.abs(p) + Math.abs(q) + Math.abs(r);
          if (x === 0) continue;
          p /= x;
          q /= x;
          r /= x;
        }
        s = Math.sqrt(p * p + q * q + r * r);
        if (p < 0) s = -s;
        if (s === 0) continue;
        if (k !== m) H[k][k - 1] = -s * x;
        else if (l !== m) H[k][k - 1] = -H[k][k - 1];
        p += s;
        x = p / s;
        y = q / s;
        z = r / s;
        q /= p;
        r /= p;
        for (let j = k; j < nn; j++) {
          p = H[k][j] + q * H[k + 1][j];
          if (notlast) {
            p += r * H[k + 2][j];
            H[k + 2][j] -= p * z;
          }
          H[k][j] -= p * x;
          H[k + 1][j] -= p * y;
        }
        for (let i = 0; i <= Math.min(n, k + 3); i++) {
          p = x * H[i][k] + y * H[i][k + 1];
          if (notlast) {
            p += z * H[i][k + 2];
            H[i][k + 2] -= p * r;
          }
          H[i][k] -= p;
          H[i][k + 1] -= p * q;
        }
        if (vectors) {
          for (let i = 0; i < nn; i++) {
            p = x * V[i][k] + y * V[i][k + 1];
            if (notlast) {
              p += z * V[i][k + 2];
              V[i][k + 2] -= p * r;
            }
            V[i][k] -= p;
            V[i][k + 1] -= p * q;
          }
        }
      }
    }
  }
  return 0;
}

/** The eigenvectors of the quasi-triangular T (in H) by back substitution, then V <- V X (the vectors of A), packed as geev's VR. */
function backSubstitute(H: number[][], V: number[][], d: Float64Array, e: Float64Array, norm: number): void {
  const nn = H.length;
  if (norm === 0) return;
  let r = 0, s = 0, z = 0, t = 0, w = 0, x = 0, y = 0;
  for (let n = nn - 1; n >= 0; n--) {
    const p = d[n];
    const q = e[n];
    if (q === 0) {
      // A real vector.
      let l = n;
      H[n][n] = 1;
      for (let i = n - 1; i >= 0; i--) {
        w = H[i][i] - p;
        r = 0;
        for (let j = l; j <= n; j++) r += H[i][j] * H[j][n];
        if (e[i] < 0) {
          z = w;
          s = r;
          continue;
        }
        l = i;
        if (e[i] === 0) {
          H[i][n] = w !== 0 ? -r / w : -r / (EPS * norm);
        } else {
          x = H[i][i + 1];
          y = H[i + 1][i];
          const qq = (d[i] - p) * (d[i] - p) + e[i] * e[i];
          t = (x * s - z * r) / qq;
          H[i][n] = t;
          H[i + 1][n] = Math.abs(x) > Math.abs(z) ? (-r - w * t) / x : (-s - y * t) / z;
        }
        t = Math.abs(H[i][n]);
        if (EPS * t * t > 1) for (let j = i; j <= n; j++) H[j][n] /= t;
      }
    } else if (q < 0) {
      // A complex vector: columns n - 1 (real part) and n (imaginary part), for d[n - 1] + i e[n - 1].
      let l = n - 1;
      if (Math.abs(H[n][n - 1]) > Math.abs(H[n - 1][n])) {
        H[n - 1][n - 1] = q / H[n][n - 1];
        H[n - 1][n] = -(H[n][n] - p) / H[n][n - 1];
      } else {
        [H[n - 1][n - 1], H[n - 1][n]] = cdiv(0, -H[n - 1][n], H[n - 1][n - 1] - p, q);
      }
      H[n][n - 1] = 0;
      H[n][n] = 1;
      for (let i = n - 2; i >= 0; i--) {
        let ra = 0;
        let sa = 0;
        for (let j = l; j <= n; j++) {
          ra += H[i][j] * H[j][n - 1];
          sa += H[i][j] * H[j][n];
        }
        w = H[i][i] - p;
        if (e[i] < 0) {
          z = w;
          r = ra;
          s = sa;
          continue;
        }
        l = i;
        if (e[i] === 0) {
          [H[i][n - 1], H[i][n]] = cdiv(-ra, -sa, w, q);
        } else {
          x = H[i][i + 1];
          y = H[i + 1][i];
          let vr = (d[i] - p) * (d[i] - p) + e[i] * e[i] - q * q;
          const vi = (d[i] - p) * 2 * q;
          if (vr === 0 && vi === 0) vr = EPS * norm * (Math.abs(w) + Math.abs(q) + Math.abs(x) + Math.abs(y) + Math.abs(z));
          [H[i][n - 1], H[i][n]] = cdiv(x * r - z * ra + q * sa, x * s - z * sa - q * ra, vr, vi);
          if (Math.abs(x) > Math.abs(z) + Math.abs(q)) {
            H[i + 1][n - 1] = (-ra - w * H[i][n - 1] + q * H[i][n]) / x;
            H[i + 1][n] = (-sa - w * H[i][n] - q * H[i][n - 1]) / x;
          } else {
            [H[i + 1][n - 1], H[i + 1][n]] = cdiv(-r - y * H[i][n - 1], -s - y * H[i][n], z, q);
          }
        }
        t = Math.max(Math.abs(H[i][n - 1]), Math.abs(H[i][n]));
        if (EPS * t * t > 1) {
          for (let j = i; j <= n; j++) {
            H[j][n - 1] /= t;
            H[j][n] /= t;
          }
        }
      }
    }
  }
  // V <- V X, X upper triangular (in H).
  for (let j = nn - 1; j >= 0; j--) {
    for (let i = 0; i < nn; i++) {
      z = 0;
      for (let k = 0; k <= j; k++) z += V[i][k] * H[k][j];
      V[i][j] = z;
    }
  }
}

/** LAPACK's normalization of geev's packed vectors (dgeev): unit 2-norm; a complex pair's largest component made real. */
function normalize(V: number[][], wi: Float64Array): void {
  const n = V.length;
  for (let j = 0; j < n; j++) {
    if (wi[j] === 0) {
      let norm = 0;
      for (let i = 0; i < n; i++) norm = Math.hypot(norm, V[i][j]);
      if (norm > 0) for (let i = 0; i < n; i++) V[i][j] /= norm;
    } else if (wi[j] > 0) {
      let norm = 0;
      for (let i = 0; i < n; i++) norm = Math.hypot(norm, V[i][j], V[i][j + 1]);
      let k = 0;
      let best = -1;
      for (let i = 0; i < n; i++) {
        const m2 = V[i][j] ** 2 + V[i][j + 1] ** 2;
        if (m2 > best) {
          best = m2;
          k = i;
        }
      }
      // Multiply the vector by conj(v[k]) / (|v[k]| norm): v[k] becomes real and positive, the norm 1.
      const mod = Math.hypot(V[k][j], V[k][j + 1]);
      const cr = mod > 0 ? V[k][j] / mod : 1;
      const ci = mod > 0 ? -V[k][j + 1] / mod : 0;
      for (let i = 0; i < n; i++) {
        const re = V[i][j];
        const im = V[i][j + 1];
        V[i][j] = (re * cr - im * ci) / norm;
        V[i][j + 1] = (re * ci + im * cr) / norm;
      }
      V[k][j + 1] = 0;
      j++;
    }
  }
}

/**
 * The eigenvalues and (with `vectors`) right eigenvectors of the n x n column-major real matrix
 * `a` (not modified), LAPACK's dgeev: conjugate pairs adjacent, the positive imaginary part first.
 */
export function generalEigen(a: Float64Array, n: number, vectors: boolean): HostEigen {
  const H = rowsOf(a, n);
  const V = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const wr = new Float64Array(n);
  const wi = new Float64Array(n);
  reduceToHessenberg(H, V, n);
  let norm = 0;
  for (let i = 0; i < n; i++) for (let j = Math.max(i - 1, 0); j < n; j++) norm += Math.abs(H[i][j]);
  const info = schur(H, V, wr, wi, vectors, norm);
  const vr = new Float64Array(vectors ? n * n : 0);
  if (info !== 0) {
    wr.fill(NaN);
    wi.fill(NaN);
    vr.fill(NaN);
    return { wr, wi, vr, info };
  }
  if (vectors) {
    backSubstitute(H, V, wr, wi, norm);
    normalize(V, wi);
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) vr[i + j * n] = V[i][j];
  }
  return { wr, wi, vr, info };
}
