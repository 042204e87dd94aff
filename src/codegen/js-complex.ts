// JavaScript complex numbers for the CPU kernels, the twins of cuda-complex.ts: a complex value
// is a plain object { re, im } (float64 parts; complex64 results are rounded by $c64), and the
// $c* functions compute as NumPy does (Smith division, lexicographic ordering, cpow, sign = z/|z|).

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
function $cexp(a) {
  if (a.im === 0) return { re: Math.exp(a.re), im: a.im };
  // C99's special values (NumPy's npy_cexp): exp(+inf + i nan|inf) is inf + i nan, exp(-inf + i nan|inf) is 0
  if ((a.re === Infinity || a.re === -Infinity) && !Number.isFinite(a.im)) return a.re > 0 ? { re: a.re, im: NaN } : { re: 0, im: 0 };
  const e = Math.exp(a.re);
  return { re: e * Math.cos(a.im), im: e * Math.sin(a.im) };
}
const $clog = (a) => ({ re: Math.log(Math.hypot(a.re, a.im)), im: Math.atan2(a.im, a.re) });
function $csqrt(a) {
  if (a.re === 0 && a.im === 0) return { re: 0, im: a.im };
  if (a.im === Infinity || a.im === -Infinity) return { re: Infinity, im: a.im };
  if (Number.isNaN(a.re)) return { re: a.re, im: a.im - a.im };
  if (a.re === Infinity) return { re: a.re, im: Number.isNaN(a.im) ? a.im : (a.im < 0 || Object.is(a.im, -0) ? -0 : 0) };
  if (a.re === -Infinity) return { re: Number.isNaN(a.im) ? NaN : 0, im: a.im < 0 || Object.is(a.im, -0) ? -Infinity : Infinity };
  const t = Math.sqrt((Math.abs(a.re) + Math.hypot(a.re, a.im)) * 0.5);
  if (a.re >= 0) return { re: t, im: a.im / (2 * t) };
  return { re: Math.abs(a.im) / (2 * t), im: a.im < 0 || Object.is(a.im, -0) ? -t : t };
}
const $cscale = (a, s) => ({ re: a.re * s, im: a.im * s });
const $csin = (a) => ({ re: Math.sin(a.re) * Math.cosh(a.im), im: Math.cos(a.re) * Math.sinh(a.im) });
const $ccos = (a) => ({ re: Math.cos(a.re) * Math.cosh(a.im), im: -(Math.sin(a.re) * Math.sinh(a.im)) });
const $csinh = (a) => ({ re: Math.sinh(a.re) * Math.cos(a.im), im: Math.cosh(a.re) * Math.sin(a.im) });
const $ccosh = (a) => ({ re: Math.cosh(a.re) * Math.cos(a.im), im: Math.sinh(a.re) * Math.sin(a.im) });
function $ctanh(a) {
  if (Math.abs(a.re) > 20) return { re: Math.sign(a.re), im: 4 * Math.sin(a.im) * Math.cos(a.im) * Math.exp(-2 * Math.abs(a.re)) };
  const d = Math.cosh(2 * a.re) + Math.cos(2 * a.im);
  return { re: Math.sinh(2 * a.re) / d, im: Math.sin(2 * a.im) / d };
}
function $ctan(a) {
  const t = $ctanh({ re: -a.im, im: a.re });
  return { re: t.im, im: -t.re };
}
function $cpow(a, b) {
  if (b.re === 0 && b.im === 0) return { re: 1, im: 0 };
  if (a.re === 0 && a.im === 0) return b.re > 0 ? { re: 0, im: 0 } : { re: NaN, im: NaN }; // NumPy 2: 0 ** z = 0 where Re z > 0
  if (b.im === 0 && Number.isInteger(b.re) && Math.abs(b.re) < 100) {
    const n = b.re;
    if (n === 1) return a;
    if (n === 2) return $cmul(a, a);
    if (n === 3) return $cmul(a, $cmul(a, a));
    let acc = { re: 1, im: 0 }, p = a;
    const m = Math.abs(n);
    for (let mask = 1; ; mask *= 2) {
      if (Math.floor(m / mask) % 2 === 1) acc = $cmul(acc, p);
      if (m < mask * 2) break;
      p = $cmul(p, p);
    }
    return n < 0 ? $cdiv({ re: 1, im: 0 }, acc) : acc;
  }
  return $cexp($cmul(b, $clog(a)));
}
`;
