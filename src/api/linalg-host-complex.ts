// The CPU path's complex factorizations in JavaScript, LAPACK's algorithms and conventions on one
// column-major complex matrix stored as interleaved float64 (re, im) pairs (element (i, j) of an
// m-row matrix at 2 * (i + j * m)): LU with partial pivoting (zgetrf/zgetrs: the pivot of largest
// |re| + |im|, 1-based pivots), Cholesky A = L L^H (zpotrf, the diagonal's imaginary parts
// ignored) and Householder QR (zgeqrf/zungqr), returning LAPACK's info as
// ./linalg-host-factor.ts's real twins do. The spectral ones are ./linalg-host-complex-spectral.ts.

/** (ar + i ai) / (br + i bi) by Smith's algorithm, into out[0], out[1]. */
export function cdiv(ar: number, ai: number, br: number, bi: number, out: Float64Array): void {
  if (Math.abs(br) >= Math.abs(bi)) {
    const r = bi / br;
    const d = br + r * bi;
    out[0] = (ar + r * ai) / d;
    out[1] = (ai - r * ar) / d;
  } else {
    const r = br / bi;
    const d = bi + r * br;
    out[0] = (r * ar + ai) / d;
    out[1] = (r * ai - ar) / d;
  }
}

/** LU with partial pivoting of the complex n x n matrix `a`, in place: unit-lower L below, U on and above the diagonal. */
export function luFactorComplex(a: Float64Array, n: number, piv: Int32Array): number {
  let info = 0;
  const q = new Float64Array(2);
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = -1;
    for (let i = k; i < n; i++) {
      const v = Math.abs(a[2 * (i + k * n)]) + Math.abs(a[2 * (i + k * n) + 1]);
      if (v > best || Number.isNaN(v)) {
        best = v;
        p = i;
        if (Number.isNaN(v)) break;
      }
    }
    piv[k] = p + 1;
    const pr = a[2 * (p + k * n)];
    const pi = a[2 * (p + k * n) + 1];
    if (pr === 0 && pi === 0) {
      if (info === 0) info = k + 1;
      continue;
    }
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        for (let part = 0; part < 2; part++) {
          const t = a[2 * (k + j * n) + part];
          a[2 * (k + j * n) + part] = a[2 * (p + j * n) + part];
          a[2 * (p + j * n) + part] = t;
        }
      }
    }
    for (let i = k + 1; i < n; i++) {
      cdiv(a[2 * (i + k * n)], a[2 * (i + k * n) + 1], pr, pi, q);
      a[2 * (i + k * n)] = q[0];
      a[2 * (i + k * n) + 1] = q[1];
    }
    for (let j = k + 1; j < n; j++) {
      const ur = a[2 * (k + j * n)];
      const ui = a[2 * (k + j * n) + 1];
      if (ur === 0 && ui === 0) continue;
      for (let i = k + 1; i < n; i++) {
        const lr = a[2 * (i + k * n)];
        const li = a[2 * (i + k * n) + 1];
        a[2 * (i + j * n)] -= lr * ur - li * ui;
        a[2 * (i + j * n) + 1] -= lr * ui + li * ur;
      }
    }
  }
  return info;
}

/** Solves A X = B in place of the complex n x nrhs matrix `b`, from luFactorComplex's factors. */
export function luSolveComplex(lu: Float64Array, n: number, piv: Int32Array, b: Float64Array, nrhs: number): void {
  const q = new Float64Array(2);
  for (let c = 0; c < nrhs; c++) {
    const o = 2 * c * n;
    for (let k = 0; k < n; k++) {
      const p = piv[k] - 1;
      if (p === k) continue;
      for (let part = 0; part < 2; part++) {
        const t = b[o + 2 * k + part];
        b[o + 2 * k + part] = b[o + 2 * p + part];
        b[o + 2 * p + part] = t;
      }
    }
    for (let k = 0; k < n; k++) {
      const br = b[o + 2 * k];
      const bi = b[o + 2 * k + 1];
      if (br === 0 && bi === 0) continue;
      for (let i = k + 1; i < n; i++) {
        const lr = lu[2 * (i + k * n)];
        const li = lu[2 * (i + k * n) + 1];
        b[o + 2 * i] -= lr * br - li * bi;
        b[o + 2 * i + 1] -= lr * bi + li * br;
      }
    }
    for (let k = n - 1; k >= 0; k--) {
      cdiv(b[o + 2 * k], b[o + 2 * k + 1], lu[2 * (k + k * n)], lu[2 * (k + k * n) + 1], q);
      b[o + 2 * k] = q[0];
      b[o + 2 * k + 1] = q[1];
      const [br, bi] = q;
      for (let i = 0; i < k; i++) {
        const ur = lu[2 * (i + k * n)];
        const ui = lu[2 * (i + k * n) + 1];
        b[o + 2 * i] -= ur * br - ui * bi;
        b[o + 2 * i + 1] -= ur * bi + ui * br;
      }
    }
  }
}

/** Cholesky A = L L^H of the complex n x n matrix `a` from its lower triangle, in place; the strict upper triangle is zeroed. */
export function choleskyLowerComplex(a: Float64Array, n: number): number {
  for (let j = 0; j < n; j++) {
    let d = a[2 * (j + j * n)];
    for (let k = 0; k < j; k++) d -= a[2 * (j + k * n)] ** 2 + a[2 * (j + k * n) + 1] ** 2;
    if (!(d > 0)) return j + 1;
    const ljj = Math.sqrt(d);
    a[2 * (j + j * n)] = ljj;
    a[2 * (j + j * n) + 1] = 0;
    for (let i = j + 1; i < n; i++) {
      let sr = a[2 * (i + j * n)];
      let si = a[2 * (i + j * n) + 1];
      // s -= L[i, k] conj(L[j, k])
      for (let k = 0; k < j; k++) {
        const xr = a[2 * (i + k * n)];
        const xi = a[2 * (i + k * n) + 1];
        const yr = a[2 * (j + k * n)];
        const yi = a[2 * (j + k * n) + 1];
        sr -= xr * yr + xi * yi;
        si -= xi * yr - xr * yi;
      }
      a[2 * (i + j * n)] = sr / ljj;
      a[2 * (i + j * n) + 1] = si / ljj;
    }
  }
  for (let j = 1; j < n; j++) {
    for (let i = 0; i < j; i++) {
      a[2 * (i + j * n)] = 0;
      a[2 * (i + j * n) + 1] = 0;
    }
  }
  return 0;
}

/**
 * Householder QR of the complex m x n matrix `a` in place (LAPACK's zgeqrf and zlarfg): R on and
 * above the diagonal (a real diagonal), the reflectors' tails below it, their complex scales in
 * `tau` (interleaved, min(m, n)). H_j = I - tau_j v v^H; A = H_0 ... H_(k-1) R.
 */
export function qrFactorComplex(a: Float64Array, m: number, n: number, tau: Float64Array): void {
  const k = Math.min(m, n);
  const q = new Float64Array(2);
  for (let j = 0; j < k; j++) {
    const col = j * m;
    let xnorm = 0;
    for (let i = j + 1; i < m; i++) xnorm = Math.hypot(xnorm, a[2 * (i + col)], a[2 * (i + col) + 1]);
    const ar = a[2 * (j + col)];
    const ai = a[2 * (j + col) + 1];
    if (xnorm === 0 && ai === 0) {
      tau[2 * j] = 0;
      tau[2 * j + 1] = 0;
      continue;
    }
    const beta = -(ar >= 0 ? 1 : -1) * Math.hypot(ar, ai, xnorm);
    tau[2 * j] = (beta - ar) / beta;
    tau[2 * j + 1] = -ai / beta;
    // x <- x / (alpha - beta)
    for (let i = j + 1; i < m; i++) {
      cdiv(a[2 * (i + col)], a[2 * (i + col) + 1], ar - beta, ai, q);
      a[2 * (i + col)] = q[0];
      a[2 * (i + col) + 1] = q[1];
    }
    a[2 * (j + col)] = beta;
    a[2 * (j + col) + 1] = 0;
    // H_j^H = I - conj(tau) v v^H on the columns on the right.
    for (let c = j + 1; c < n; c++) applyComplexReflector(a, m, j, col, tau[2 * j], -tau[2 * j + 1], c * m, a);
  }
}

/** Column `dst` (offset, in elements) of the complex m-row `target` times (I - tau v v^H), v = [1, a[j+1.., src]]. */
function applyComplexReflector(v: Float64Array, m: number, j: number, src: number, tr: number, ti: number, dst: number, target: Float64Array): void {
  if (tr === 0 && ti === 0) return;
  // d = v^H c
  let dr = target[2 * (j + dst)];
  let di = target[2 * (j + dst) + 1];
  for (let i = j + 1; i < m; i++) {
    const vr = v[2 * (i + src)];
    const vi = v[2 * (i + src) + 1];
    const cr = target[2 * (i + dst)];
    const ci = target[2 * (i + dst) + 1];
    dr += vr * cr + vi * ci;
    di += vr * ci - vi * cr;
  }
  // f = tau d; c -= f v
  const fr = tr * dr - ti * di;
  const fi = tr * di + ti * dr;
  target[2 * (j + dst)] -= fr;
  target[2 * (j + dst) + 1] -= fi;
  for (let i = j + 1; i < m; i++) {
    const vr = v[2 * (i + src)];
    const vi = v[2 * (i + src) + 1];
    target[2 * (i + dst)] -= fr * vr - fi * vi;
    target[2 * (i + dst) + 1] -= fr * vi + fi * vr;
  }
}

/** The first `cols` columns of Q = H_0 H_1 ... H_(k-1) (LAPACK's zungqr) from qrFactorComplex's m x n result, interleaved. */
export function qrFormQComplex(a: Float64Array, m: number, n: number, tau: Float64Array, cols: number): Float64Array {
  const k = Math.min(m, n);
  const q = new Float64Array(2 * m * cols);
  for (let j = 0; j < cols; j++) q[2 * (j + j * m)] = 1;
  for (let j = k - 1; j >= 0; j--) {
    for (let c = j; c < cols; c++) applyComplexReflector(a, m, j, j * m, tau[2 * j], tau[2 * j + 1], c * m, q);
  }
  return q;
}
