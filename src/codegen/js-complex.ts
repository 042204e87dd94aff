// JavaScript complex numbers for the CPU kernels, the twins of cuda-complex.ts: a complex value
// is a plain object { re, im } (float64 parts; complex64 results are rounded by $c64), and the
// $c* functions compute as NumPy does (Smith division, lexicographic ordering, sign = z/|z|); exp,
// log, sqrt, the trigonometric and hyperbolic functions and power are in js-complex-math.ts, their
// inverses in js-complex-inverse.ts.

import { JS_COMPLEX_INVERSE } from './js-complex-inverse.js';
import { JS_COMPLEX_MATH } from './js-complex-math.js';

export const JS_COMPLEX_PRELUDE = String.raw`
const $cx = (re, im) => ({ re, im });
const $c64 = (z) => ({ re: Math.fround(z.re), im: Math.fround(z.im) });
const $cadd = (a, b) => ({ re: a.re + b.re, im: a.im + b.im });
const $csub = (a, b) => ({ re: a.re - b.re, im: a.im - b.im });
const $cmul = (a, b) => ({ re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re });
function $cdiv(a, b) {
  const br = Math.abs(b.re), bi = Math.abs(b.im);
  if (br >= bi) {
    if (br === 0 && bi === 0) return { re: a.re / br, im: a.im / br };
    const rat = b.im / b.re, scl = 1 / (b.re + b.im * rat);
    return { re: (a.re + a.im * rat) * scl, im: (a.im - a.re * rat) * scl };
  }
  const rat = b.re / b.im, scl = 1 / (b.im + b.re * rat);
  return { re: (a.re * rat + a.im) * scl, im: (a.im * rat - a.re) * scl };
}
const $cneg = (a) => ({ re: -a.re, im: -a.im });
const $cconj = (a) => ({ re: a.re, im: -a.im });
const $cabs = (a) => Math.hypot(a.re, a.im);
const $cangle = (a) => Math.atan2(a.im, a.re);
function $creciprocal(a) {
  if (Math.abs(a.im) <= Math.abs(a.re)) {
    const r = a.im / a.re, d = a.re + a.im * r;
    return { re: 1 / d, im: -r / d };
  }
  const r = a.re / a.im, d = a.re * r + a.im;
  return { re: r / d, im: -1 / d };
}
// NumPy 2's sign: z / |z|, an infinite part first (inf + nan j is 1), then NaN, then zero.
function $csign(a) {
  const reInf = Math.abs(a.re) === Infinity, imInf = Math.abs(a.im) === Infinity;
  if (reInf) return imInf ? { re: NaN, im: NaN } : { re: a.re > 0 ? 1 : -1, im: 0 };
  if (imInf) return { re: 0, im: a.im > 0 ? 1 : -1 };
  if (Number.isNaN(a.re) || Number.isNaN(a.im)) return { re: NaN, im: NaN };
  if (a.re === 0 && a.im === 0) return { re: 0, im: 0 };
  const m = Math.hypot(a.re, a.im);
  return { re: a.re / m, im: a.im / m };
}
const $ceq = (a, b) => a.re === b.re && a.im === b.im;
const $cne = (a, b) => a.re !== b.re || a.im !== b.im;
const $cnan2 = (a, b) => !Number.isNaN(a.im) && !Number.isNaN(b.im);
const $clt = (a, b) => (a.re < b.re && $cnan2(a, b)) || (a.re === b.re && a.im < b.im);
const $cle = (a, b) => (a.re < b.re && $cnan2(a, b)) || (a.re === b.re && a.im <= b.im);
const $cgt = (a, b) => (a.re > b.re && $cnan2(a, b)) || (a.re === b.re && a.im > b.im);
const $cge = (a, b) => (a.re > b.re && $cnan2(a, b)) || (a.re === b.re && a.im >= b.im);
const $cisnan = (a) => Number.isNaN(a.re) || Number.isNaN(a.im);
const $cmaximum = (a, b) => ($cisnan(a) || $cge(a, b) ? a : b);
const $cminimum = (a, b) => ($cisnan(a) || $cle(a, b) ? a : b);
const $cfmax = (a, b) => ($cisnan(b) || $cge(a, b) ? a : b);
const $cfmin = (a, b) => ($cisnan(b) || $cle(a, b) ? a : b);
` + JS_COMPLEX_MATH + JS_COMPLEX_INVERSE;
