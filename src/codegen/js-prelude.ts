// JavaScript helpers every generated CPU kernel includes: float16 rounding and bit conversion,
// and the NumPy semantics plain JS operators lack (floor division, remainder, integer power,
// round-half-even). Same meanings as the cp_* helpers in cuda-prelude.ts.
import { I0_A, I0_B } from './i0-coefficients.js';
import { JS_COMPLEX_PRELUDE } from './js-complex.js';
import { JS_RANDOM_PRELUDE } from './js-random.js';
import { JS_SPECIAL_PRELUDE } from './js-special.js';

export const JS_PRELUDE = String.raw`
// The device's heap of array memory ($cupytsHeap: src/runtime/cpu-device.ts; undefined in a worker thread).
const $heap = typeof $cupytsHeap === 'undefined' ? undefined : $cupytsHeap;
// The heap address of typed array t, or -1 where it is not in the heap (or there is none).
function $heapAddress(t) { return $heap !== undefined && $heap.memory !== undefined ? $heap.address(t) : -1; }
// The run export of a module that imports the heap's memory (h: { module, memory, run }), instantiated again for a new heap.
function $heapRun(h) { return $heapExports(h).run; }
// $heapRun where the heap has a memory, else undefined (a kernel reads it once, at its entry).
function $heapRunNow(h) { return $heap !== undefined && $heap.memory !== undefined ? $heapExports(h).run : undefined; }
function $heapExports(h) {
  const m = $heap.memory;
  if (h.memory !== m) { h.memory = m; h.exports = new WebAssembly.Instance(h.module, { m: { mem: m, sin: Math.sin, cos: Math.cos } }).exports; }
  return h.exports;
}
// A column walk's accumulators (js-reduce.ts), kept by the kernel between calls up to 2^15 outputs
// with outputs [lo, hi) set to the start value: a new Float64Array per call took 40 us of a 64 x 4096 column sum.
const $accs = [];
function $accumulator(p, n, lo, hi, start) {
  if (n > 32768) { const a = new Float64Array(n); if (start !== 0) a.fill(start); return a; }
  let a = $accs[p];
  if (a === undefined || a.length < n) a = $accs[p] = new Float64Array(n);
  a.fill(start, lo, hi);
  return a;
}
function $roundEven(v) { const f = Math.floor(v); const d = v - f; return d > 0.5 || (d === 0.5 && f % 2 !== 0) ? f + 1 : f; }
function $f16(x) {
  if (!Number.isFinite(x) || x === 0) return x;
  const a = Math.abs(x);
  if (a >= 65520) return x > 0 ? Infinity : -Infinity;
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--; else if (2 ** (e + 1) <= a) e++;
  const q = e < -14 ? 2 ** -24 : 2 ** (e - 10);
  const r = $roundEven(a / q) * q;
  return x < 0 ? -r : r;
}
function $h2f(h) {
  const s = h & 0x8000 ? -1 : 1, e = (h >> 10) & 0x1f, m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}
function $f2h(x) {
  if (x !== x) return 0x7e00;
  const s = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a === Infinity) return s | 0x7c00;
  if (a < 2 ** -14) return s | Math.round(a * 2 ** 24);
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--; else if (2 ** (e + 1) <= a) e++;
  return s | ((e + 15) << 10) | Math.round((a / 2 ** e - 1) * 1024);
}
// A 64-bit integer (bigint) as a float of p significant bits (24: float32, 11: float16), rounded
// once, to nearest even, as C's conversion is: Number() first would round to 53 bits, then again.
function $bigToF(x, p) {
  const a = x < 0n ? -x : x;
  if (a < 9007199254740992n) return Number(x);
  const shift = BigInt(a.toString(2).length - p);
  let q = a >> shift;
  const rem = a - (q << shift), half = 1n << (shift - 1n);
  if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  const r = Number(q << shift);
  return x < 0n ? -r : r;
}
function $rint(x) { const r = $roundEven(x); return r === 0 && (x < 0 || Object.is(x, -0)) ? -0 : r; }
function $signFloat(a) { return a > 0 ? 1 : a < 0 ? -1 : a === 0 ? 0 : a; }
function $copysign(a, b) { const neg = b < 0 || Object.is(b, -0) || (b !== b && 1 / b < 0); return neg ? -Math.abs(a) : Math.abs(a); }
function $floorDivInt(a, b) { return b === 0 ? 0 : Math.floor(a / b); }
function $remainderInt(a, b) { if (b === 0) return 0; const r = a % b; return r !== 0 && (r < 0) !== (b < 0) ? r + b : r; }
function $floorDivBig(a, b) { if (b === 0n) return 0n; const q = a / b; return (a % b !== 0n) && ((a < 0n) !== (b < 0n)) ? q - 1n : q; }
function $remainderBig(a, b) { if (b === 0n) return 0n; const r = a % b; return r !== 0n && (r < 0n) !== (b < 0n) ? r + b : r; }
function $divmod(a, b) {
  let mod = a % b;
  let div = (a - mod) / b;
  // C truthiness: NaN counts as nonzero
  if (mod !== 0) { if ((b < 0) !== (mod < 0)) { mod += b; div -= 1; } } else { mod = b < 0 ? -0 : 0; }
  let floordiv;
  if (div !== 0) { floordiv = Math.floor(div); if (div - floordiv > 0.5) floordiv += 1; } else { const q = a / b; floordiv = q < 0 || Object.is(q, -0) ? -0 : 0; }
  return [floordiv, mod];
}
function $floorDivFloat(a, b) { return b === 0 ? a / b : $divmod(a, b)[0]; }
function $remainderFloat(a, b) { return b === 0 ? a % b : $divmod(a, b)[1]; }
function $powFloat(a, b) { if (a === 1 || b === 0) return 1; if (a === -1 && (b === Infinity || b === -Infinity)) return 1; return a ** b; }
function $powInt32(a, b) {
  if (b < 0) return a === 1 ? 1 : a === -1 ? (b & 1 ? -1 : 1) : 0;
  let r = 1, x = a;
  while (b) { if (b & 1) r = Math.imul(r, x); x = Math.imul(x, x); b = Math.floor(b / 2); }
  return r;
}
function $powInt(a, b) { return $powInt32(a, b); }
function $powBig(a, b) {
  if (b < 0n) return a === 1n ? 1n : a === -1n ? (b & 1n ? -1n : 1n) : 0n;
  let r = 1n, x = a;
  while (b) { if (b & 1n) r = BigInt.asUintN(64, r * x); x = BigInt.asUintN(64, x * x); b >>= 1n; }
  return r;
}
function $index(i, n, site, err, slot) {
  // Number() only for a bigint: called on a number it kept V8 from optimizing the gather (take of 2^20: 8.6 -> 6.4 ms)
  let g = typeof i === 'number' ? i : Number(i);
  const m = typeof n === 'number' ? n : Number(n);
  if (g < 0) g += m;
  if (g < 0 || g >= m) { if (err[slot] === 0) err[slot] = site; return -1; }
  return g;
}
// gcd and lcm of absolute values (NumPy's npy_gcdu, npy_lcmu): lcm is |a| / gcd * |b|, which
// the caller wraps to the loop's integer type (so an lcm that overflows wraps as in NumPy).
function $gcd(a, b) { a = Math.abs(a); b = Math.abs(b); while (b) { const r = a % b; a = b; b = r; } return a; }
function $lcm(a, b) { const g = $gcd(a, b); return g === 0 ? 0 : Math.abs(a) / g * Math.abs(b); }
function $lcm32(a, b) { const g = $gcd(a, b); return g === 0 ? 0 : Math.imul(Math.abs(a) / g, Math.abs(b)); }
function $gcdBig(a, b) { if (a < 0n) a = -a; if (b < 0n) b = -b; while (b) { const r = a % b; a = b; b = r; } return a; }
function $lcmBig(a, b) { const g = $gcdBig(a, b); return g === 0n ? 0n : (a < 0n ? -a : a) / g * (b < 0n ? -b : b); }
// bitwise_count: the 1-bits of v in [0, 2^32) (SWAR, as CUDA's __popc), and of |v| for a bigint (__popcll)
function $popcount32(v) {
  v >>>= 0;
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
function $popcount64(v) { if (v < 0n) v = -v; return $popcount32(Number(v & 0xffffffffn)) + $popcount32(Number(v >> 32n)); }
// NumPy's float functions that JS lacks (npy_logaddexp, npy_heaviside, ...).
function $logaddexp(x, y) {
  if (x === y) return x + Math.LN2;
  const d = x - y;
  if (d > 0) return x + Math.log1p(Math.exp(-d));
  if (d <= 0) return y + Math.log1p(Math.exp(d));
  return d;
}
function $logaddexp2(x, y) {
  if (x === y) return x + 1;
  const d = x - y;
  if (d > 0) return x + Math.LOG2E * Math.log1p(2 ** -d);
  if (d <= 0) return y + Math.LOG2E * Math.log1p(2 ** d);
  return d;
}
function $heaviside(x, h0) { return x < 0 ? 0 : x > 0 ? 1 : x === 0 ? h0 : x; }
// ldexp as musl's scalbn: at most three exact scalings, so the result is rounded once.
function $ldexp(x, n) {
  if (n > 1023) { x *= 2 ** 1023; n -= 1023; if (n > 1023) { x *= 2 ** 1023; n -= 1023; if (n > 1023) n = 1023; } }
  else if (n < -1022) { x *= 2 ** -969; n += 969; if (n < -1022) { x *= 2 ** -969; n += 969; if (n < -1022) n = -1022; } }
  return x * 2 ** n;
}
function $frexpExponent(x) {
  if (x === 0 || !Number.isFinite(x)) return 0;
  let e = Math.floor(Math.log2(Math.abs(x))) + 1;
  const m = Math.abs($ldexp(x, -e));
  if (m >= 1) e++; else if (m < 0.5) e--;
  return e;
}
function $frexpMantissa(x) { return x === 0 || !Number.isFinite(x) ? x : $ldexp(x, -$frexpExponent(x)); }
function $modfFraction(x) {
  if (x === Infinity || x === -Infinity) return x > 0 ? 0 : -0;
  const r = x - Math.trunc(x);
  return r === 0 && (x < 0 || Object.is(x, -0)) ? -0 : r;
}
// nextafter and spacing step through the bits of the loop's float (float16: its own bits).
const $bits64 = new Float64Array(1), $bits64u = new BigUint64Array($bits64.buffer);
const $bits32 = new Float32Array(1), $bits32u = new Uint32Array($bits32.buffer);
function $nextafter64(x, y) {
  if (x !== x || y !== y) return NaN;
  if (x === y) return y;
  if (x === 0) return y > 0 ? 5e-324 : -5e-324;
  $bits64[0] = x;
  $bits64u[0] += (x < y) === (x > 0) ? 1n : -1n;
  return $bits64[0];
}
function $nextafter32(x, y) {
  if (x !== x || y !== y) return NaN;
  if (x === y) return y;
  if (x === 0) return y > 0 ? 2 ** -149 : -(2 ** -149);
  $bits32[0] = x;
  $bits32u[0] += (x < y) === (x > 0) ? 1 : -1;
  return $bits32[0];
}
function $nextafter16(x, y) {
  if (x !== x || y !== y) return NaN;
  if (x === y) return x;
  if (x === 0) return y > 0 ? 2 ** -24 : -(2 ** -24);
  return $h2f($f2h(x) + ((x < y) === (x > 0) ? 1 : -1));
}
function $spacingWith(next, tiny, x) {
  if (!Number.isFinite(x)) return NaN;
  return x === 0 ? tiny : next(x, x > 0 ? Infinity : -Infinity) - x;
}
function $spacing64(x) { return $spacingWith($nextafter64, 5e-324, x); }
function $spacing32(x) { return $spacingWith($nextafter32, 2 ** -149, x); }
// NumPy's float16 spacing is the step up, also for negative x (unlike float32 and float64's).
function $spacing16(x) { return Number.isFinite(x) ? $nextafter16(x, Infinity) - x : NaN; }
// NumPy's sinc: sin(pi x) / (pi x) with pi x rounded to the loop's float (1 where it is 0).
function $sinc16(x) { const y = $f16(3.140625 * x); return y === 0 ? 1 : $f16(Math.sin(y)) / y; }
function $sinc32(x) { const y = Math.fround(Math.fround(Math.PI) * x); return y === 0 ? 1 : Math.fround(Math.sin(y)) / y; }
function $sinc64(x) { const y = Math.PI * x; return y === 0 ? 1 : Math.sin(y) / y; }
// NumPy's i0 (Clenshaw's Chebyshev series, NumPy's coefficients: src/codegen/i0-coefficients.ts).
const $I0A = [${I0_A.join(', ')}];
const $I0B = [${I0_B.join(', ')}];
function $chbevl(x, c) {
  let b0 = c[0], b1 = 0, b2 = 0;
  for (let i = 1; i < c.length; i++) { b2 = b1; b1 = b0; b0 = x * b1 - b2 + c[i]; }
  return 0.5 * (b0 - b2);
}
function $i0(x) {
  x = Math.abs(x);
  return x <= 8 ? Math.exp(x) * $chbevl(x / 2 - 2, $I0A) : Math.exp(x) * $chbevl(32 / x - 2, $I0B) / Math.sqrt(x);
}
` + JS_SPECIAL_PRELUDE + JS_RANDOM_PRELUDE + JS_COMPLEX_PRELUDE;
