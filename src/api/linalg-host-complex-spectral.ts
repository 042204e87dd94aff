// The CPU path's complex spectral decompositions in JavaScript, on one column-major complex
// matrix (interleaved float64 (re, im) pairs, element (i, j) of an m-row matrix at 2 * (i + j * m)):
// Hermitian eigenvalues by cyclic complex Jacobi, the SVD by one-sided complex Jacobi, and general
// eigenvalues by Hessenberg reduction and single-shift QR (LAPACK's zgeev). Results are sorted and
// normalized as LAPACK's (eigh ascending, singular values descending, eig's vectors unit 2-norm
// with the largest component real).
import { cdiv } from './linalg-host-complex.js';

const EPS = 2 ** -52;
const MAX_SWEEPS = 80;

/**
 * Eigenvalues (ascending, real) and, with `vectors`, orthonormal eigenvectors (columns,
 * interleaved complex, column-major) of the n x n Hermitian matrix read from the interleaved `a`'s
 * lower triangle (or upper), the diagonal's imaginary parts ignored, by cyclic complex Jacobi: each
 * rotation G = diag(1, conj(e)) R makes the pair's block real (e the phase of a[p, q]) and then
 * diagonal (R a real Jacobi rotation), A <- G^H A G, V <- V G.
 */
export function hermitianEigen(a: Float64Array, n: number, lower: boolean, vectors: boolean): { w: Float64Array; v: Float64Array } {
  const re = new Float64Array(n * n);
  const im = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      // (i, j) from the stored triangle: itself, or the conjugate of (j, i).
      const own = i === j || (lower ? i > j : i < j);
      const k = own ? i + j * n : j + i * n;
      re[i + j * n] = a[2 * k];
      im[i + j * n] = i === j ? 0 : own ? a[2 * k + 1] : -a[2 * k + 1];
    }
  }
  const vr = new Float64Array(vectors ? n * n : 0);
  const vi = new Float64Array(vectors ? n * n : 0);
  for (let j = 0; vectors && j < n; j++) vr[j + j * n] = 1;
  let frob = 0;
  for (let k = 0; k < n * n; k++) frob = Math.hypot(frob, re[k], im[k]);
  const tiny = EPS * frob * 1e-3;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const g = Math.hypot(re[p + q * n], im[p + q * n]);
        if (!(g > tiny)) continue;
        const app = re[p + p * n];
        const aqq = re[q + q * n];
        if (g <= EPS * 0.5 * Math.sqrt(Math.abs(app * aqq)) * 1e-3) continue;
        rotated = true;
        const er = re[p + q * n] / g;
        const ei = im[p + q * n] / g;
        const theta = (aqq - app) / (2 * g);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.hypot(1, theta));
        const c = 1 / Math.hypot(1, t);
        const s = c * t;
        // Columns: x_p <- c x_p - s conj(e) x_q; x_q <- s x_p + c conj(e) x_q (A, then V).
        const columns = (xr: Float64Array, xi: Float64Array) => {
          for (let i = 0; i < n; i++) {
            const pr = xr[i + p * n], pi = xi[i + p * n];
            const qr = xr[i + q * n], qi = xi[i + q * n];
            const cqr = er * qr + ei * qi; // conj(e) x_q
            const cqi = er * qi - ei * qr;
            xr[i + p * n] = c * pr - s * cqr;
            xi[i + p * n] = c * pi - s * cqi;
            xr[i + q * n] = s * pr + c * cqr;
            xi[i + q * n] = s * pi + c * cqi;
          }
        };
        columns(re, im);
        // Rows: r_p <- c r_p - s e r_q; r_q <- s r_p + c e r_q.
        for (let k = 0; k < n; k++) {
          const pr = re[p + k * n], pi = im[p + k * n];
          const qr = re[q + k * n], qi = im[q + k * n];
          const eqr = er * qr - ei * qi; // e r_q
          const eqi = er * qi + ei * qr;
          re[p + k * n] = c * pr - s * eqr;
          im[p + k * n] = c * pi - s * eqi;
          re[q + k * n] = s * pr + c * eqr;
          im[q + k * n] = s * pi + c * eqi;
        }
        re[p + q * n] = im[p + q * n] = re[q + p * n] = im[q + p * n] = 0;
        im[p + p * n] = im[q + q * n] = 0;
        if (vectors) columns(vr, vi);
      }
    }
    if (!rotated) break;
  }
  const diag = Float64Array.from({ length: n }, (_, j) => re[j + j * n]);
  const perm = Array.from(diag, (_, i) => i).sort((x, y) => {
    const kx = Number.isNaN(diag[x]) ? Infinity : diag[x];
    const ky = Number.isNaN(diag[y]) ? Infinity : diag[y];
    return kx - ky || x - y;
  });
  const w = Float64Array.from(perm, (i) => diag[i]);
  const v = new Float64Array(vectors ? 2 * n * n : 0);
  if (vectors) {
    perm.forEach((from, to) => {
      for (let i = 0; i < n; i++) {
        v[2 * (i + to * n)] = vr[i + from * n];
        v[2 * (i + to * n) + 1] = vi[i + from * n];
      }
    });
  }
  return { w, v };
}

/**
 * Completes the complex m x cols matrix `q` (interleaved), whose columns flagged in `known` are
 * orthonormal, with orthonormal columns in the other places (as ./linalg-host-spectral.ts does for
 * real matrices): each from the unit vector farthest from the span so far, orthogonalized twice.
 */
function completeOrthonormalComplex(q: Float64Array, m: number, cols: number, known: boolean[]): void {
  const distance = new Float64Array(m).fill(1);
  const take = (c: number) => {
    for (let i = 0; i < m; i++) distance[i] -= q[2 * (i + c * m)] ** 2 + q[2 * (i + c * m) + 1] ** 2;
  };
  for (let c = 0; c < cols; c++) if (known[c]) take(c);
  for (let j = 0; j < cols; j++) {
    if (known[j]) continue;
    let best = 0;
    for (let i = 1; i < m; i++) if (distance[i] > distance[best]) best = i;
    const vr = new Float64Array(m);
    const vi = new Float64Array(m);
    vr[best] = 1;
    for (let pass = 0; pass < 2; pass++) {
      for (let c = 0; c < cols; c++) {
        if (!known[c]) continue;
        // d = q_c^H v; v -= d q_c
        let dr = 0;
        let di = 0;
        for (let i = 0; i < m; i++) {
          const xr = q[2 * (i + c * m)], xi = q[2 * (i + c * m) + 1];
          dr += xr * vr[i] + xi * vi[i];
          di += xr * vi[i] - xi * vr[i];
        }
        for (let i = 0; i < m; i++) {
          const xr = q[2 * (i + c * m)], xi = q[2 * (i + c * m) + 1];
          vr[i] -= dr * xr - di * xi;
          vi[i] -= dr * xi + di * xr;
        }
      }
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm = Math.hypot(norm, vr[i], vi[i]);
    for (let i = 0; i < m; i++) {
      q[2 * (i + j * m)] = vr[i] / norm;
      q[2 * (i + j * m) + 1] = vi[i] / norm;
    }
    known[j] = true;
    take(j);
  }
}

/** Columns p and q of the complex m-row (re, im) pair: x_p <- c x_p - s conj(e) x_q; x_q <- s x_p + c conj(e) x_q. */
function rotatePair(xr: Float64Array, xi: Float64Array, m: number, p: number, q: number, c: number, s: number, er: number, ei: number): void {
  for (let i = 0; i < m; i++) {
    const pr = xr[i + p * m], pi = xi[i + p * m];
    const qr = xr[i + q * m], qi = xi[i + q * m];
    const cqr = er * qr + ei * qi;
    const cqi = er * qi - ei * qr;
    xr[i + p * m] = c * pr - s * cqr;
    xi[i + p * m] = c * pi - s * cqi;
    xr[i + q * m] = s * pr + c * cqr;
    xi[i + q * m] = s * pi + c * cqi;
  }
}

/**
 * The SVD A = U diag(s) V^H of the complex m x n column-major interleaved matrix `a` by one-sided
 * (Hestenes) Jacobi on A or, for a wide A, on A^H: s descending (min(m, n), real), and with
 * `vectors` U (m x ucols) and V (n x vcols) interleaved, min(m, n) columns or, with `full`, m and n.
 */
export function svdJacobiComplex(a: Float64Array, m: number, n: number, vectors: boolean, full: boolean): { s: Float64Array; u: Float64Array; v: Float64Array; ucols: number; vcols: number } {
  const tall = m >= n;
  const [rows, cols] = tall ? [m, n] : [n, m];
  const wr = new Float64Array(rows * cols);
  const wi = new Float64Array(rows * cols);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const k = i + j * m;
      if (tall) {
        wr[k] = a[2 * k];
        wi[k] = a[2 * k + 1];
      } else {
        wr[j + i * n] = a[2 * k];
        wi[j + i * n] = -a[2 * k + 1];
      }
    }
  }
  const vr = new Float64Array(cols * cols);
  const vi = new Float64Array(cols * cols);
  for (let j = 0; j < cols; j++) vr[j + j * cols] = 1;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < cols - 1; p++) {
      for (let q = p + 1; q < cols; q++) {
        let alpha = 0;
        let beta = 0;
        let gr = 0;
        let gi = 0;
        for (let i = 0; i < rows; i++) {
          const xr = wr[i + p * rows], xi = wi[i + p * rows];
          const yr = wr[i + q * rows], yi = wi[i + q * rows];
          alpha += xr * xr + xi * xi;
          beta += yr * yr + yi * yi;
          gr += xr * yr + xi * yi;
          gi += xr * yi - xi * yr;
        }
        const g = Math.hypot(gr, gi);
        if (!(g > EPS * Math.sqrt(alpha) * Math.sqrt(beta))) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * g);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.hypot(1, zeta));
        const c = 1 / Math.hypot(1, t);
        rotatePair(wr, wi, rows, p, q, c, c * t, gr / g, gi / g);
        rotatePair(vr, vi, cols, p, q, c, c * t, gr / g, gi / g);
      }
    }
    if (!rotated) break;
  }
  const norms = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    let norm = 0;
    for (let i = 0; i < rows; i++) norm = Math.hypot(norm, wr[i + j * rows], wi[i + j * rows]);
    norms[j] = norm;
  }
  const perm = Array.from(norms, (_, i) => i).sort((x, y) => {
    const kx = Number.isNaN(norms[x]) ? Infinity : -norms[x];
    const ky = Number.isNaN(norms[y]) ? Infinity : -norms[y];
    return kx - ky || x - y;
  });
  const s = Float64Array.from(perm, (i) => norms[i]);
  if (!vectors) return { s, u: new Float64Array(0), v: new Float64Array(0), ucols: 0, vcols: 0 };
  const leftCols = full ? rows : cols;
  const left = new Float64Array(2 * rows * leftCols);
  const right = new Float64Array(2 * cols * cols);
  perm.forEach((from, to) => {
    const norm = norms[from];
    for (let i = 0; i < rows; i++) {
      left[2 * (i + to * rows)] = norm > 0 ? wr[i + from * rows] / norm : 0;
      left[2 * (i + to * rows) + 1] = norm > 0 ? wi[i + from * rows] / norm : 0;
    }
    for (let i = 0; i < cols; i++) {
      right[2 * (i + to * cols)] = vr[i + from * cols];
      right[2 * (i + to * cols) + 1] = vi[i + from * cols];
    }
  });
  completeOrthonormalComplex(left, rows, leftCols, Array.from({ length: leftCols }, (_, j) => j < cols && s[j] > 0));
  // A^H = left S right^H, so A = right S left^H: U and V swap for a wide A.
  if (tall) return { s, u: left, v: right, ucols: leftCols, vcols: cols };
  return { s, u: right, v: left, ucols: cols, vcols: leftCols };
}

/** A complex square root (principal branch) into out. */
function csqrt(re: number, im: number, out: Float64Array): void {
  const m = Math.hypot(re, im);
  if (m === 0) {
    out[0] = 0;
    out[1] = 0;
    return;
  }
  const r = Math.sqrt((m + Math.abs(re)) / 2);
  if (re >= 0) {
    out[0] = r;
    out[1] = im / (2 * r);
  } else {
    out[0] = Math.abs(im) / (2 * r);
    out[1] = im >= 0 ? r : -r;
  }
}

/**
 * The eigenvalues and (with `vectors`) right eigenvectors of the complex n x n column-major
 * interleaved matrix `a` (not modified), LAPACK's zgeev: Householder reduction to Hessenberg form,
 * single-shift QR (Wilkinson shifts, bulge chasing with complex Givens rotations) to the Schur form
 * T = Z^H A Z, the vectors of T by back substitution, transformed by Z and normalized to unit
 * 2-norm with the largest component real. info > 0 where the iteration failed to converge.
 */
export function complexGeneralEigen(a: Float64Array, n: number, vectors: boolean): { w: Float64Array; v: Float64Array; info: number } {
  const hr = new Float64Array(n * n);
  const hi = new Float64Array(n * n);
  for (let k = 0; k < n * n; k++) {
    hr[k] = a[2 * k];
    hi[k] = a[2 * k + 1];
  }
  const zr = new Float64Array(n * n);
  const zi = new Float64Array(n * n);
  for (let j = 0; j < n; j++) zr[j + j * n] = 1;
  const at = (i: number, j: number) => i + j * n;
  // Hessenberg reduction: for each column m, a reflector I - tau u u^H on rows m+1.. (tau = 2 / |u|^2).
  for (let m = 0; m < n - 2; m++) {
    let xnorm = 0;
    for (let i = m + 1; i < n; i++) xnorm = Math.hypot(xnorm, hr[at(i, m)], hi[at(i, m)]);
    if (xnorm === 0) continue;
    const ar = hr[at(m + 1, m)];
    const ai = hi[at(m + 1, m)];
    const am = Math.hypot(ar, ai);
    // u = x + e^{i arg x0} |x| e_0
    const pr = am > 0 ? ar / am : 1;
    const pi = am > 0 ? ai / am : 0;
    const ur = new Float64Array(n);
    const ui = new Float64Array(n);
    for (let i = m + 1; i < n; i++) {
      ur[i] = hr[at(i, m)];
      ui[i] = hi[at(i, m)];
    }
    ur[m + 1] += pr * xnorm;
    ui[m + 1] += pi * xnorm;
    let u2 = 0;
    for (let i = m + 1; i < n; i++) u2 += ur[i] * ur[i] + ui[i] * ui[i];
    const tau = 2 / u2;
    // H <- P H P (P = I - tau u u^H, Hermitian): rows, then columns; Z <- Z P.
    for (let j = 0; j < n; j++) {
      let dr = 0;
      let di = 0;
      for (let i = m + 1; i < n; i++) {
        dr += ur[i] * hr[at(i, j)] + ui[i] * hi[at(i, j)];
        di += ur[i] * hi[at(i, j)] - ui[i] * hr[at(i, j)];
      }
      dr *= tau;
      di *= tau;
      for (let i = m + 1; i < n; i++) {
        hr[at(i, j)] -= ur[i] * dr - ui[i] * di;
        hi[at(i, j)] -= ur[i] * di + ui[i] * dr;
      }
    }
    const columns = (xr: Float64Array, xi: Float64Array) => {
      for (let i = 0; i < n; i++) {
        let dr = 0;
        let di = 0;
        for (let j = m + 1; j < n; j++) {
          dr += xr[at(i, j)] * ur[j] - xi[at(i, j)] * ui[j];
          di += xr[at(i, j)] * ui[j] + xi[at(i, j)] * ur[j];
        }
        dr *= tau;
        di *= tau;
        // x_ij -= d conj(u_j)
        for (let j = m + 1; j < n; j++) {
          xr[at(i, j)] -= dr * ur[j] + di * ui[j];
          xi[at(i, j)] -= di * ur[j] - dr * ui[j];
        }
      }
    };
    columns(hr, hi);
    columns(zr, zi);
    for (let i = m + 2; i < n; i++) hr[at(i, m)] = hi[at(i, m)] = 0;
  }
  let norm = 0;
  for (let k = 0; k < n * n; k++) norm = Math.max(norm, Math.hypot(hr[k], hi[k]));
  // Single-shift QR on the active window [lo, top].
  const q = new Float64Array(2);
  let top = n - 1;
  let iter = 0;
  let total = 0;
  while (top > 0) {
    let lo = top;
    while (lo > 0) {
      const s = Math.hypot(hr[at(lo - 1, lo - 1)], hi[at(lo - 1, lo - 1)]) + Math.hypot(hr[at(lo, lo)], hi[at(lo, lo)]);
      const sub = Math.hypot(hr[at(lo, lo - 1)], hi[at(lo, lo - 1)]);
      if (sub === 0 || sub <= EPS * (s === 0 ? norm : s)) {
        hr[at(lo, lo - 1)] = hi[at(lo, lo - 1)] = 0;
        break;
      }
      lo--;
    }
    if (lo === top) {
      top--;
      iter = 0;
      continue;
    }
    iter++;
    total++;
    if (total > 30 * Math.max(n, 10)) return { w: new Float64Array(2 * n).fill(NaN), v: new Float64Array(vectors ? 2 * n * n : 0).fill(NaN), info: top + 1 };
    // Wilkinson's shift: the eigenvalue of the trailing 2 x 2 block nearer its last diagonal element.
    let mr: number;
    let mi: number;
    if (iter % 10 === 0) {
      mr = hr[at(top, top)] + 0.75 * Math.abs(hr[at(top, top - 1)]);
      mi = hi[at(top, top)];
    } else {
      const a0r = hr[at(top - 1, top - 1)], a0i = hi[at(top - 1, top - 1)];
      const dr = hr[at(top, top)], di = hi[at(top, top)];
      const br = hr[at(top - 1, top)], bi = hi[at(top - 1, top)];
      const cr = hr[at(top, top - 1)], ci = hi[at(top, top - 1)];
      const hr0 = (a0r - dr) / 2, hi0 = (a0i - di) / 2;
      // sqrt(h^2 + b c)
      csqrt(hr0 * hr0 - hi0 * hi0 + br * cr - bi * ci, 2 * hr0 * hi0 + br * ci + bi * cr, q);
      const tr = (a0r + dr) / 2, ti = (a0i + di) / 2;
      const e1r = tr + q[0], e1i = ti + q[1];
      const e2r = tr - q[0], e2i = ti - q[1];
      if (Math.hypot(e1r - dr, e1i - di) <= Math.hypot(e2r - dr, e2i - di)) {
        mr = e1r;
        mi = e1i;
      } else {
        mr = e2r;
        mi = e2i;
      }
    }
    for (let k = lo; k < top; k++) {
      let fr: number, fi: number, gr: number, gi: number;
      if (k === lo) {
        fr = hr[at(lo, lo)] - mr;
        fi = hi[at(lo, lo)] - mi;
        gr = hr[at(lo + 1, lo)];
        gi = hi[at(lo + 1, lo)];
      } else {
        fr = hr[at(k, k - 1)];
        fi = hi[at(k, k - 1)];
        gr = hr[at(k + 1, k - 1)];
        gi = hi[at(k + 1, k - 1)];
      }
      // G = [[c, s], [-conj(s), c]] with G [f; g] = [r; 0].
      const fa = Math.hypot(fr, fi);
      const d = Math.hypot(fa, gr, gi);
      if (d === 0) continue;
      let c: number, sr: number, si: number;
      if (fa === 0) {
        c = 0;
        sr = gr / d;
        si = -gi / d;
      } else {
        c = fa / d;
        // s = (f / |f|) conj(g) / d
        const ur = fr / fa, ui = fi / fa;
        sr = (ur * gr + ui * gi) / d;
        si = (ui * gr - ur * gi) / d;
      }
      for (let j = k === lo ? lo : k - 1; j < n; j++) {
        const xr = hr[at(k, j)], xi = hi[at(k, j)];
        const yr = hr[at(k + 1, j)], yi = hi[at(k + 1, j)];
        hr[at(k, j)] = c * xr + sr * yr - si * yi;
        hi[at(k, j)] = c * xi + sr * yi + si * yr;
        hr[at(k + 1, j)] = -(sr * xr + si * xi) + c * yr;
        hi[at(k + 1, j)] = -(sr * xi - si * xr) + c * yi;
      }
      if (k > lo) hr[at(k + 1, k - 1)] = hi[at(k + 1, k - 1)] = 0;
      const cols = (xr: Float64Array, xi: Float64Array, rows: number) => {
        for (let i = 0; i < rows; i++) {
          const pr = xr[at(i, k)], pi = xi[at(i, k)];
          const qr = xr[at(i, k + 1)], qi = xi[at(i, k + 1)];
          // col k <- c x + conj(s) y; col k+1 <- -s x + c y
          xr[at(i, k)] = c * pr + sr * qr + si * qi;
          xi[at(i, k)] = c * pi + sr * qi - si * qr;
          xr[at(i, k + 1)] = -(sr * pr - si * pi) + c * qr;
          xi[at(i, k + 1)] = -(sr * pi + si * pr) + c * qi;
        }
      };
      cols(hr, hi, Math.min(k + 3, top + 1));
      if (vectors) cols(zr, zi, n);
    }
  }
  const w = new Float64Array(2 * n);
  for (let j = 0; j < n; j++) {
    w[2 * j] = hr[at(j, j)];
    w[2 * j + 1] = hi[at(j, j)];
  }
  if (!vectors) return { w, v: new Float64Array(0), info: 0 };
  // Vectors of T by back substitution (ztrevc), then V = Z X, normalized.
  const v = new Float64Array(2 * n * n);
  const small = Math.max(EPS * norm, Number.MIN_VALUE);
  const xr = new Float64Array(n);
  const xi = new Float64Array(n);
  for (let k = n - 1; k >= 0; k--) {
    const lr = w[2 * k], li = w[2 * k + 1];
    xr.fill(0);
    xi.fill(0);
    xr[k] = 1;
    for (let i = k - 1; i >= 0; i--) {
      let sr = 0;
      let si = 0;
      for (let j = i + 1; j <= k; j++) {
        sr += hr[at(i, j)] * xr[j] - hi[at(i, j)] * xi[j];
        si += hr[at(i, j)] * xi[j] + hi[at(i, j)] * xr[j];
      }
      let dr = hr[at(i, i)] - lr;
      let di = hi[at(i, i)] - li;
      if (Math.hypot(dr, di) < small) {
        dr = small;
        di = 0;
      }
      cdiv(-sr, -si, dr, di, q);
      xr[i] = q[0];
      xi[i] = q[1];
    }
    let vnorm = 0;
    const colr = new Float64Array(n);
    const coli = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let sr = 0;
      let si = 0;
      for (let j = 0; j <= k; j++) {
        sr += zr[at(i, j)] * xr[j] - zi[at(i, j)] * xi[j];
        si += zr[at(i, j)] * xi[j] + zi[at(i, j)] * xr[j];
      }
      colr[i] = sr;
      coli[i] = si;
      vnorm = Math.hypot(vnorm, sr, si);
    }
    let big = 0;
    for (let i = 1; i < n; i++) if (colr[i] ** 2 + coli[i] ** 2 > colr[big] ** 2 + coli[big] ** 2) big = i;
    const bm = Math.hypot(colr[big], coli[big]);
    const pr = bm > 0 ? colr[big] / bm : 1;
    const pi = bm > 0 ? -coli[big] / bm : 0;
    for (let i = 0; i < n; i++) {
      v[2 * (i + k * n)] = (colr[i] * pr - coli[i] * pi) / vnorm;
      v[2 * (i + k * n) + 1] = (colr[i] * pi + coli[i] * pr) / vnorm;
    }
    v[2 * (big + k * n) + 1] = 0;
  }
  return { w, v, info: 0 };
}
