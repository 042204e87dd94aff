// JavaScript helpers every generated CPU kernel includes: float16 rounding and bit conversion,
// and the NumPy semantics plain JS operators lack (floor division, remainder, integer power,
// round-half-even). Same meanings as the cp_* helpers in cuda-prelude.ts.
import { JS_RANDOM_PRELUDE } from './js-random.js';

export const JS_PRELUDE = String.raw`
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
  let g = Number(i);
  const m = Number(n);
  if (g < 0) g += m;
  if (g < 0 || g >= m) { if (err[slot] === 0) err[slot] = site; return -1; }
  return g;
}
` + JS_RANDOM_PRELUDE;
