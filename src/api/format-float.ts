// Floating-point text exactly as NumPy 2 prints it: a port of NumPy's Dragon4 (digits of the exact
// binary value, shortest-unique with optional cut-offs, ties to even), its positional and
// scientific layouts, the element formatter of arrayprint.FloatingFormat (default print options:
// precision 8, floatmode 'maxprec', suppress False, sign '-'), and the str() of a float scalar.
import { f16BitsToNumber, numberToF16Bits } from '../ir/dtype.js';

export type FloatDTypeName = 'float16' | 'float32' | 'float64';

/** Default print options of NumPy that matter here. */
const PRECISION = 8;
/** arrayprint: values at or above this (10 ** min(8, finfo.precision)) print in scientific form. */
const ARRAY_EXP_CUTOFF: Record<FloatDTypeName, number> = { float16: 1e3, float32: 1e6, float64: 1e8 };
/** Scalar str(): positional only for 1e-4 <= |x| < this, else scientific. */
const SCALAR_EXP_CUTOFF: Record<FloatDTypeName, number> = { float16: 1e3, float32: 1e6, float64: 1e16 };

/** NumPy's trim modes: 'k' keep zeros, '.' drop zeros keep '.', '0' keep one zero, '-' drop both. */
type Trim = 'k' | '.' | '0' | '-';

interface FloatOptions {
  precision: number; // -1: no cut-off
  minDigits: number; // -1: none
  trim: Trim;
  padLeft: number; // -1: no padding
  padRight: number; // positional only
  expDigits: number; // scientific only; -1: at least 2
  plusSign?: boolean; // sign='+': positive values get a '+' (a complex number's imaginary part)
}

const NO_OPTIONS: FloatOptions = { precision: -1, minDigits: -1, trim: 'k', padLeft: -1, padRight: -1, expDigits: -1 };

/** The value of x rounded to the nearest number of the dtype (ties to even). */
export function roundToDType(x: number, dtype: FloatDTypeName): number {
  if (dtype === 'float64') return x;
  if (dtype === 'float32') return Math.fround(x);
  return f16BitsToNumber(numberToF16Bits(x));
}

// ---------------------------------------------------------------------------------------------
// Dragon4 on BigInt

/** A finite float as negative * mantissa * 2^exponent, with NumPy's margin flag. */
interface Decomposed {
  negative: boolean;
  mantissa: bigint;
  exponent: number;
  unequalMargins: boolean; // the gap below is half the gap above (exact power of two)
}

const LAYOUT: Record<FloatDTypeName, { fractionBits: number; bias: number }> = {
  float16: { fractionBits: 10, bias: 15 },
  float32: { fractionBits: 23, bias: 127 },
  float64: { fractionBits: 52, bias: 1023 },
};
const scratch = new DataView(new ArrayBuffer(8));

function decompose(x: number, dtype: FloatDTypeName): Decomposed {
  let sign: number;
  let biased: number;
  let fraction: bigint;
  if (dtype === 'float64') {
    scratch.setFloat64(0, x);
    const bits = scratch.getBigUint64(0);
    sign = Number(bits >> 63n);
    biased = Number((bits >> 52n) & 0x7ffn);
    fraction = bits & 0xfffffffffffffn;
  } else if (dtype === 'float32') {
    scratch.setFloat32(0, x);
    const bits = scratch.getUint32(0);
    sign = bits >>> 31;
    biased = (bits >>> 23) & 0xff;
    fraction = BigInt(bits & 0x7fffff);
  } else {
    const bits = numberToF16Bits(x);
    sign = bits >>> 15;
    biased = (bits >>> 10) & 0x1f;
    fraction = BigInt(bits & 0x3ff);
  }
  const { fractionBits, bias } = LAYOUT[dtype];
  const negative = sign === 1;
  if (biased === 0) return { negative, mantissa: fraction, exponent: 1 - bias - fractionBits, unequalMargins: false };
  return {
    negative,
    mantissa: fraction | (1n << BigInt(fractionBits)),
    exponent: biased - bias - fractionBits,
    unequalMargins: biased !== 1 && fraction === 0n,
  };
}

/** The sign of r / s - 10^k. */
function compareWithPow10(r: bigint, s: bigint, k: number): number {
  const [left, right] = k >= 0 ? [r, s * 10n ** BigInt(k)] : [r * 10n ** BigInt(-k), s];
  return left === right ? 0 : left < right ? -1 : 1;
}

/** Decimal digits d1d2d3… meaning d1.d2d3… × 10^exponent. */
interface Digits {
  digits: string;
  exponent: number;
}

/**
 * NumPy's Dragon4 in unique mode: digits of the exact value until they identify it among its
 * neighbours (and at least down to cutoffMin), stopping at cutoffMax; the last digit is rounded
 * (ties to even). Cut-offs count digits after the point ('fraction') or in all ('total'); -1: none.
 */
function dragon4(d: Decomposed, mode: 'fraction' | 'total', cutoffMax: number, cutoffMin: number): Digits {
  if (d.mantissa === 0n) return { digits: '0', exponent: 0 };
  const marginRatio = d.unequalMargins ? 2n : 1n;
  const up = d.exponent > 0 ? 1n << BigInt(d.exponent) : 1n;
  const down = d.exponent < 0 ? 1n << BigInt(-d.exponent) : 1n;
  // value = r / s; the gaps to the neighbours are 2 * marginLow / s below and 2 * marginHigh / s above
  let r = d.mantissa * 2n * marginRatio * up;
  let s = 2n * marginRatio * down;
  let marginLow = up;

  // k: the value lies in [10^(k-1), 10^k); the estimate from log10 can be off by one
  let k = Math.ceil(Math.log10(Number(d.mantissa)) + d.exponent * Math.log10(2));
  while (compareWithPow10(r, s, k) >= 0) k += 1;
  while (compareWithPow10(r, s, k - 1) < 0) k -= 1;
  // with a fractional cut-off, start no lower than the last digit allowed (NumPy does the same)
  if (mode === 'fraction' && cutoffMax >= 0 && k <= -cutoffMax) k = -cutoffMax + 1;
  if (k >= 0) s *= 10n ** BigInt(k);
  else {
    r *= 10n ** BigInt(-k);
    marginLow *= 10n ** BigInt(-k);
  }

  const far = k - 100_000; // no cut-off: unique digits always end long before this
  let cutoffMaxExponent = far;
  if (cutoffMax >= 0) cutoffMaxExponent = Math.max(far, mode === 'total' ? k - cutoffMax : -cutoffMax);
  let cutoffMinExponent = k;
  if (cutoffMin >= 0) cutoffMinExponent = Math.min(k, mode === 'total' ? k - cutoffMin : -cutoffMin);

  const isEven = (d.mantissa & 1n) === 0n;
  const out: number[] = [];
  let exponent = k;
  let digit = 0;
  let low = false;
  let high = false;
  for (;;) {
    exponent -= 1;
    r *= 10n;
    marginLow *= 10n;
    digit = Number(r / s);
    r %= s;
    const marginHigh = marginLow * marginRatio;
    low = isEven ? r <= marginLow : r < marginLow;
    high = isEven ? r + marginHigh >= s : r + marginHigh > s;
    if (((low || high) && exponent <= cutoffMinExponent) || exponent === cutoffMaxExponent) break;
    out.push(digit);
  }

  let roundDown = low;
  if (low === high) {
    const twice = 2n * r;
    roundDown = twice < s || (twice === s && digit % 2 === 0);
  }
  let firstExponent = k - 1;
  if (roundDown) out.push(digit);
  else if (digit < 9) out.push(digit + 1);
  else {
    while (out.length > 0 && out[out.length - 1] === 9) out.pop();
    if (out.length === 0) {
      out.push(1);
      firstExponent += 1;
    } else out[out.length - 1] += 1;
  }
  return { digits: out.join(''), exponent: firstExponent };
}

// ---------------------------------------------------------------------------------------------
// NumPy's FormatPositional and FormatScientific

function nonFiniteText(x: number): string {
  return Number.isNaN(x) ? 'nan' : x < 0 ? '-inf' : 'inf';
}

/** np.format_float_positional(x, unique=True, fractional=True, ...) */
function formatPositional(x: number, dtype: FloatDTypeName, o: FloatOptions): string {
  if (!Number.isFinite(x)) return nonFiniteText(x);
  const parts = decompose(x, dtype);
  const { digits, exponent } = dragon4(parts, 'fraction', o.precision, o.minDigits);
  const sign = parts.negative ? '-' : o.plusSign ? '+' : '';
  let whole: string;
  let fraction: string;
  if (exponent >= 0) {
    whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
    fraction = digits.slice(exponent + 1);
  } else {
    whole = '0';
    fraction = '0'.repeat(-exponent - 1) + digits;
  }
  let point = fraction.length > 0 || o.trim !== '-' ? '.' : '';
  if (o.trim === '0' && fraction.length === 0) fraction = '0';
  else if (o.trim === 'k') fraction = fraction.padEnd(Math.max(o.minDigits, 0), '0');
  if (o.trim !== 'k' && fraction.length > 0) {
    fraction = fraction.replace(/0+$/, '');
    if (fraction.length === 0) {
      if (o.trim === '0') fraction = '0';
      else if (o.trim === '-') point = '';
    }
  }
  let text = sign + whole + point + fraction;
  if (o.padRight >= fraction.length) {
    if (o.trim === '-' && fraction.length === 0) text += ' ';
    text += ' '.repeat(o.padRight - fraction.length);
  }
  const leftWidth = whole.length + sign.length;
  return o.padLeft > leftWidth ? ' '.repeat(o.padLeft - leftWidth) + text : text;
}

/** np.format_float_scientific(x, unique=True, ...) */
function formatScientific(x: number, dtype: FloatDTypeName, o: FloatOptions): string {
  if (!Number.isFinite(x)) return nonFiniteText(x);
  const parts = decompose(x, dtype);
  const { digits, exponent } = dragon4(parts, 'total', o.precision < 0 ? -1 : o.precision + 1,
    o.minDigits < 0 ? -1 : o.minDigits + 1);
  const sign = parts.negative ? '-' : o.plusSign ? '+' : '';
  const leftWidth = 1 + sign.length;
  const padding = o.padLeft > leftWidth ? ' '.repeat(o.padLeft - leftWidth) : '';
  let fraction = digits.slice(1);
  const hadFraction = fraction.length > 0;
  const point = hadFraction || o.trim !== '-' ? '.' : '';
  if (o.trim === '0' && fraction.length === 0) fraction = '0';
  else if (o.trim === 'k') fraction = fraction.padEnd(Math.max(o.minDigits, 0), '0');
  if (o.trim !== 'k' && fraction.length > 0) {
    fraction = fraction.replace(/0+$/, '');
    if (fraction.length === 0 && o.trim === '0') fraction = '0';
  }
  const expDigits = o.expDigits < 0 ? 2 : Math.min(o.expDigits, 5);
  const expText = (exponent < 0 ? 'e-' : 'e+') + String(Math.abs(exponent)).padStart(expDigits, '0');
  return padding + sign + digits[0] + point + fraction + expText;
}

// ---------------------------------------------------------------------------------------------
// What arrays and scalars print

/** str() of a NumPy float scalar: shortest unique digits, '1.0' positional or '1e+20' scientific. */
export function formatFloatScalar(x: number, dtype: FloatDTypeName, plusSign = false, trim: Trim = '0'): string {
  if (!Number.isFinite(x)) return (plusSign && !(x < 0) ? '+' : '') + nonFiniteText(x);
  const magnitude = Math.abs(x);
  if (magnitude === 0 || (magnitude >= 1e-4 && magnitude < SCALAR_EXP_CUTOFF[dtype])) {
    return formatPositional(x, dtype, { ...NO_OPTIONS, trim, plusSign });
  }
  return formatScientific(x, dtype, { ...NO_OPTIONS, trim: '-', plusSign });
}

/**
 * str() of a NumPy complex scalar, whose parts are of float dtype `dtype`: '2j' where the real
 * part is +0, else '(1+2j)', '(nan+infj)', '(1.5-0j)' (NumPy's scalartypes.c).
 */
export function formatComplexScalar(re: number, im: number, dtype: FloatDTypeName): string {
  // the parts drop a trailing '.0' ('(1+2j)'), unlike a float's str ('1.0')
  if (re === 0 && !Object.is(re, -0)) return `${formatFloatScalar(im, dtype, false, '-')}j`;
  return `(${formatFloatScalar(re, dtype, false, '-')}${formatFloatScalar(im, dtype, true, '-')}j)`;
}

/**
 * The element formatter of NumPy's FloatingFormat for these values (the elements that will be
 * shown): one notation and one column width for all, chosen from the finite values.
 */
export function makeFloatFormatter(values: readonly number[], dtype: FloatDTypeName, sign: '-' | '+' = '-'): (x: number) => string {
  const plusSign = sign === '+';
  const finite = values.filter((v) => Number.isFinite(v));
  const nonZero = finite.filter((v) => v !== 0).map(Math.abs);
  let scientific = false;
  if (nonZero.length > 0) {
    const max = nonZero.reduce((a, b) => Math.max(a, b));
    const min = nonZero.reduce((a, b) => Math.min(a, b));
    // NumPy compares in the array's dtype, so the thresholds and the ratio are rounded to it
    const ratio = roundToDType(dtype === 'float16' ? Math.fround(max / min) : max / min, dtype);
    scientific = max >= ARRAY_EXP_CUTOFF[dtype] || min < roundToDType(1e-4, dtype) || ratio > 1000;
  }

  let options: FloatOptions;
  if (finite.length === 0) {
    options = { ...NO_OPTIONS, padLeft: 0, padRight: 0 };
  } else if (scientific) {
    const texts = finite.map((v) => formatScientific(v, dtype, { ...NO_OPTIONS, precision: PRECISION, trim: '.', plusSign }));
    const split = texts.map((t) => {
      const [mantissa, exp] = t.split('e');
      const [whole, fraction] = mantissa.split('.');
      return { whole, fraction, exp };
    });
    const expSize = Math.max(...split.map((p) => p.exp.length)) - 1;
    const precision = Math.max(...split.map((p) => p.fraction.length));
    options = {
      precision,
      minDigits: precision,
      trim: 'k',
      padLeft: Math.max(...split.map((p) => p.whole.length)),
      padRight: expSize + 2 + precision,
      expDigits: expSize,
      plusSign,
    };
  } else {
    const texts = finite.map((v) => formatPositional(v, dtype, { ...NO_OPTIONS, precision: PRECISION, trim: '.', plusSign }));
    const split = texts.map((t) => t.split('.'));
    options = {
      ...NO_OPTIONS,
      precision: PRECISION,
      minDigits: 0,
      trim: '.',
      padLeft: Math.max(...split.map(([whole]) => whole.length)),
      padRight: Math.max(...split.map(([, fraction]) => fraction.length)),
      plusSign,
    };
  }
  if (finite.length !== values.length) {
    const negativeInf = plusSign || values.some((v) => v === -Infinity) ? 1 : 0;
    const offset = options.padRight + 1; // the '.'
    options.padLeft = Math.max(options.padLeft, 3 - offset, 3 + negativeInf - offset);
  }

  const width = options.padLeft + options.padRight + 1;
  return (x) => {
    if (!Number.isFinite(x)) return ((plusSign && !(x < 0) ? '+' : '') + nonFiniteText(x)).padStart(width);
    return scientific ? formatScientific(x, dtype, options) : formatPositional(x, dtype, options);
  };
}
