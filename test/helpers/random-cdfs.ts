// Exact reference distributions for the random-distribution tests, SciPy-free: log Γ (Lanczos),
// the regularized incomplete gamma and beta functions (Numerical Recipes' series and continued
// fractions, relative error ~1e-14, far below what a KS test of a few thousand samples sees),
// and a chi-square goodness-of-fit test for discrete samples against a pmf.

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** log Γ(x), x > 0. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The regularized lower incomplete gamma P(a, x). */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const front = Math.exp(-x + a * Math.log(x) - logGamma(a));
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 10000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return sum * front;
  }
  // Lentz's continued fraction for Q(a, x)
  let b = x + 1 - a;
  let c = 1e300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return 1 - front * h;
}

function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < 1e-300) d = 1e-300;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 10000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = 1 + aa / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = 1 + aa / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}

/** The regularized incomplete beta I_x(a, b). */
export function betaI(a: number, b: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/**
 * Pearson's chi-square statistic of integer samples against `pmf` (cells with expected counts
 * below 5 pooled with their neighbours, the tails pooled into the end cells), with its degrees of
 * freedom and the critical value at significance 1e-4 (Wilson–Hilferty).
 */
export function chiSquareTest(xs: ArrayLike<number>, pmf: (k: number) => number, lo: number, hi: number): { statistic: number; critical: number; df: number } {
  const n = xs.length;
  const observed = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const k = Math.min(Math.max(xs[i], lo), hi);
    observed.set(k, (observed.get(k) ?? 0) + 1);
  }
  const cells: { o: number; e: number }[] = [];
  let below = 0;
  for (let k = -1000; k < lo; k++) below += pmf(k);
  let cell = { o: 0, e: 0 };
  let total = 0;
  for (let k = lo; k <= hi; k++) {
    const p = k === lo ? pmf(k) + below : pmf(k);
    total += p;
    cell.o += observed.get(k) ?? 0;
    cell.e += (k === hi ? p + Math.max(0, 1 - total) : p) * n;
    if (cell.e >= 5) {
      cells.push(cell);
      cell = { o: 0, e: 0 };
    }
  }
  if (cell.e > 0 || cell.o > 0) {
    if (cells.length) {
      cells[cells.length - 1].o += cell.o;
      cells[cells.length - 1].e += cell.e;
    } else cells.push(cell);
  }
  const statistic = cells.reduce((acc, c) => acc + (c.o - c.e) ** 2 / c.e, 0);
  const df = Math.max(1, cells.length - 1);
  const z = 3.719; // the normal quantile at 1 - 1e-4
  const critical = df * (1 - 2 / (9 * df) + z * Math.sqrt(2 / (9 * df))) ** 3;
  return { statistic, critical, df };
}
