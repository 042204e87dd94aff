// The mixed-radix Cooley–Tukey FFT of one contiguous line of interleaved (re, im) float64 pairs:
// a self-sorting Stockham decimation-in-frequency, one pass per factor of n, ping-ponging
// between the line and a scratch buffer (no bit reversal). Radix 2, 3, 4 and 5 have their own
// butterflies; any other small odd prime p goes through a generic O(p²) butterfly. Lengths with
// a large prime factor use Bluestein (bluestein.ts) instead, which calls back into this file.
//
// One pass with radix p over a sub-transform of length L = p·m at stride s (s·L = n):
//   y[q + s·(p·j + t)] = w_L^{j·t} · Σ_k x[q + s·(j + k·m)] · w_p^{k·t}     (j < m, q < s, t < p)
// and the remaining transform of length m runs at stride s·p on y. w_L = exp(sign·2πi/L).

/** A prime factor above this makes the whole length go through Bluestein. */
export const MAX_DIRECT_PRIME = 41;

/** One Stockham pass: its radix, its sub-transform length and stride, and its twiddles w_L^{j·t}. */
export interface RadixPass {
  radix: number;
  length: number; // L = radix · m
  stride: number; // s
  twiddles: Float64Array; // interleaved, index (j·(radix−1) + t−1) for t ≥ 1
  roots: Float64Array; // interleaved w_p^k, k < radix (the generic butterfly's table)
}

/** The passes of a length whose prime factors are all ≤ MAX_DIRECT_PRIME. */
export interface MixedRadixPlan {
  n: number;
  sign: 1 | -1; // −1 forward, +1 inverse (unnormalized)
  passes: RadixPass[];
}

/** n's factors in pass order (4s first, then 2, 3, 5, then larger odd primes); null when one exceeds MAX_DIRECT_PRIME. */
export function radixFactors(n: number): number[] | null {
  const out: number[] = [];
  let rest = n;
  while (rest % 4 === 0) { out.push(4); rest /= 4; }
  if (rest % 2 === 0) { out.push(2); rest /= 2; }
  for (let p = 3; p * p <= rest; p += 2) {
    while (rest % p === 0) { out.push(p); rest /= p; }
  }
  if (rest > 1) out.push(rest);
  return out.every((p) => p <= MAX_DIRECT_PRIME) ? out : null;
}

function unitRoots(count: number, period: number, sign: number): Float64Array {
  const out = new Float64Array(2 * count);
  for (let k = 0; k < count; k++) {
    const angle = (sign * 2 * Math.PI * k) / period;
    out[2 * k] = Math.cos(angle);
    out[2 * k + 1] = Math.sin(angle);
  }
  return out;
}

/** The twiddles w_L^{j·t} for j < m, 1 ≤ t < p, computed directly (no recurrence) for accuracy. */
function passTwiddles(p: number, length: number, sign: number): Float64Array {
  const m = length / p;
  const out = new Float64Array(2 * m * (p - 1));
  for (let j = 0; j < m; j++) {
    for (let t = 1; t < p; t++) {
      const angle = (sign * 2 * Math.PI * ((j * t) % length)) / length;
      const at = 2 * (j * (p - 1) + t - 1);
      out[at] = Math.cos(angle);
      out[at + 1] = Math.sin(angle);
    }
  }
  return out;
}

/** The plan for length n, or null when n needs Bluestein. */
export function makeMixedRadixPlan(n: number, sign: 1 | -1): MixedRadixPlan | null {
  const factors = radixFactors(n);
  if (factors === null) return null;
  const passes: RadixPass[] = [];
  let length = n;
  let stride = 1;
  for (const p of factors) {
    passes.push({ radix: p, length, stride, twiddles: passTwiddles(p, length, sign), roots: unitRoots(p, p, sign) });
    length /= p;
    stride *= p;
  }
  return { n, sign, passes };
}

/**
 * Transforms `line` (n interleaved pairs) with `scratch` (the same size); returns whichever of
 * the two holds the result.
 */
export function runMixedRadix(plan: MixedRadixPlan, line: Float64Array, scratch: Float64Array): Float64Array {
  let x = line;
  let y = scratch;
  for (const pass of plan.passes) {
    runPass(pass, plan.sign, x, y);
    [x, y] = [y, x];
  }
  return x;
}

function runPass(pass: RadixPass, sign: number, x: Float64Array, y: Float64Array): void {
  switch (pass.radix) {
    case 2: return radix2(pass, x, y);
    case 3: return radix3(pass, sign, x, y);
    case 4: return radix4(pass, sign, x, y);
    case 5: return radix5(pass, sign, x, y);
    default: return radixGeneric(pass, x, y);
  }
}

/** Stores (re, im)·w_L^{j·t} at pair index `out`; t = 0 needs no twiddle. */
function store(y: Float64Array, out: number, re: number, im: number, tw: Float64Array, twAt: number): void {
  const wr = tw[twAt];
  const wi = tw[twAt + 1];
  y[2 * out] = re * wr - im * wi;
  y[2 * out + 1] = re * wi + im * wr;
}

function radix2(pass: RadixPass, x: Float64Array, y: Float64Array): void {
  const s = pass.stride;
  const m = pass.length / 2;
  const tw = pass.twiddles;
  for (let j = 0; j < m; j++) {
    for (let q = 0; q < s; q++) {
      const a = 2 * (q + s * j);
      const b = 2 * (q + s * (j + m));
      const out = q + s * 2 * j;
      y[2 * out] = x[a] + x[b];
      y[2 * out + 1] = x[a + 1] + x[b + 1];
      store(y, out + s, x[a] - x[b], x[a + 1] - x[b + 1], tw, 2 * j);
    }
  }
}

function radix3(pass: RadixPass, sign: number, x: Float64Array, y: Float64Array): void {
  const s = pass.stride;
  const m = pass.length / 3;
  const tw = pass.twiddles;
  const h = sign * Math.sqrt(3) / 2;
  for (let j = 0; j < m; j++) {
    for (let q = 0; q < s; q++) {
      const i0 = 2 * (q + s * j);
      const i1 = 2 * (q + s * (j + m));
      const i2 = 2 * (q + s * (j + 2 * m));
      const sr = x[i1] + x[i2];
      const si = x[i1 + 1] + x[i2 + 1];
      const cr = x[i0] - sr / 2;
      const ci = x[i0 + 1] - si / 2;
      const dr = h * (x[i1] - x[i2]); // i·h·(a1 − a2) = (−h·Δim, h·Δre)
      const di = h * (x[i1 + 1] - x[i2 + 1]);
      const out = q + s * 3 * j;
      y[2 * out] = x[i0] + sr;
      y[2 * out + 1] = x[i0 + 1] + si;
      store(y, out + s, cr - di, ci + dr, tw, 4 * j);
      store(y, out + 2 * s, cr + di, ci - dr, tw, 4 * j + 2);
    }
  }
}

function radix4(pass: RadixPass, sign: number, x: Float64Array, y: Float64Array): void {
  const s = pass.stride;
  const m = pass.length / 4;
  const tw = pass.twiddles;
  for (let j = 0; j < m; j++) {
    for (let q = 0; q < s; q++) {
      const i0 = 2 * (q + s * j);
      const i1 = 2 * (q + s * (j + m));
      const i2 = 2 * (q + s * (j + 2 * m));
      const i3 = 2 * (q + s * (j + 3 * m));
      const ar = x[i0] + x[i2], ai = x[i0 + 1] + x[i2 + 1];
      const br = x[i0] - x[i2], bi = x[i0 + 1] - x[i2 + 1];
      const cr = x[i1] + x[i3], ci = x[i1 + 1] + x[i3 + 1];
      const dr = sign * (x[i1] - x[i3]), di = sign * (x[i1 + 1] - x[i3 + 1]); // sign·(a1 − a3)
      const out = q + s * 4 * j;
      y[2 * out] = ar + cr;
      y[2 * out + 1] = ai + ci;
      store(y, out + s, br - di, bi + dr, tw, 6 * j); // b + i·d
      store(y, out + 2 * s, ar - cr, ai - ci, tw, 6 * j + 2);
      store(y, out + 3 * s, br + di, bi - dr, tw, 6 * j + 4); // b − i·d
    }
  }
}

const C1 = Math.cos((2 * Math.PI) / 5);
const C2 = Math.cos((4 * Math.PI) / 5);
const S1 = Math.sin((2 * Math.PI) / 5);
const S2 = Math.sin((4 * Math.PI) / 5);

function radix5(pass: RadixPass, sign: number, x: Float64Array, y: Float64Array): void {
  const s = pass.stride;
  const m = pass.length / 5;
  const tw = pass.twiddles;
  for (let j = 0; j < m; j++) {
    for (let q = 0; q < s; q++) {
      const i0 = 2 * (q + s * j);
      const i1 = 2 * (q + s * (j + m));
      const i2 = 2 * (q + s * (j + 2 * m));
      const i3 = 2 * (q + s * (j + 3 * m));
      const i4 = 2 * (q + s * (j + 4 * m));
      const b1r = x[i1] + x[i4], b1i = x[i1 + 1] + x[i4 + 1];
      const b2r = x[i2] + x[i3], b2i = x[i2 + 1] + x[i3 + 1];
      const d1r = sign * (x[i1] - x[i4]), d1i = sign * (x[i1 + 1] - x[i4 + 1]);
      const d2r = sign * (x[i2] - x[i3]), d2i = sign * (x[i2 + 1] - x[i3 + 1]);
      const a0r = x[i0], a0i = x[i0 + 1];
      const e1r = a0r + C1 * b1r + C2 * b2r, e1i = a0i + C1 * b1i + C2 * b2i;
      const e2r = a0r + C2 * b1r + C1 * b2r, e2i = a0i + C2 * b1i + C1 * b2i;
      const f1r = S1 * d1r + S2 * d2r, f1i = S1 * d1i + S2 * d2i; // y1 = e1 + i·f1
      const f2r = S2 * d1r - S1 * d2r, f2i = S2 * d1i - S1 * d2i; // y2 = e2 + i·f2
      const out = q + s * 5 * j;
      y[2 * out] = a0r + b1r + b2r;
      y[2 * out + 1] = a0i + b1i + b2i;
      store(y, out + s, e1r - f1i, e1i + f1r, tw, 8 * j);
      store(y, out + 2 * s, e2r - f2i, e2i + f2r, tw, 8 * j + 2);
      store(y, out + 3 * s, e2r + f2i, e2i - f2r, tw, 8 * j + 4);
      store(y, out + 4 * s, e1r + f1i, e1i - f1r, tw, 8 * j + 6);
    }
  }
}

function radixGeneric(pass: RadixPass, x: Float64Array, y: Float64Array): void {
  const p = pass.radix;
  const s = pass.stride;
  const m = pass.length / p;
  const tw = pass.twiddles;
  const roots = pass.roots;
  const ar = new Float64Array(p);
  const ai = new Float64Array(p);
  for (let j = 0; j < m; j++) {
    for (let q = 0; q < s; q++) {
      for (let k = 0; k < p; k++) {
        const at = 2 * (q + s * (j + k * m));
        ar[k] = x[at];
        ai[k] = x[at + 1];
      }
      const out = q + s * p * j;
      for (let t = 0; t < p; t++) {
        let re = 0;
        let im = 0;
        let r = 0; // (k·t) mod p, stepped by t
        for (let k = 0; k < p; k++) {
          const wr = roots[2 * r];
          const wi = roots[2 * r + 1];
          re += ar[k] * wr - ai[k] * wi;
          im += ar[k] * wi + ai[k] * wr;
          r += t;
          if (r >= p) r -= p;
        }
        if (t === 0) {
          y[2 * out] = re;
          y[2 * out + 1] = im;
        } else {
          store(y, out + t * s, re, im, tw, 2 * (j * (p - 1) + t - 1));
        }
      }
    }
  }
}
