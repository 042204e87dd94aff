// exp, sin and cos of two float64 lanes for float32 results, in WebAssembly SIMD (wasm-elementwise.ts).
// Each is computed in double precision to about 1e-11 relative error, then rounded to float32 by
// the caller: the float32 result is the correctly rounded one except where the exact value lies
// within that error of a rounding boundary (about one element in 10^4 differs by one ulp from
// Math.fround(Math.sin(x))). NaN and the infinities follow Math.exp/sin/cos. Plans that are
// float32 throughout take the four-lane float32 versions further down instead (within about 1
// and 3.5 ulp: a tenth or more of the elements differ by an ulp or two from the rounded double).
//   exp: x = k ln2 + r with k = round(x / ln2), |r| <= ln2 / 2 (ln2 in two parts, Cody-Waite);
//        e^r by its Taylor series to r^10 (error 7e-12); 2^k built in the exponent bits.
//   sin, cos: x = k pi/2 + r with |r| <= pi/4 (pi/2 in three parts of 33 bits: exact products
//        for |k| < 2^20); the quadrant k mod 4 picks +-sin r or +-cos r, each a Taylor series.
//        Lanes of |x| > 2^16 (and the infinities) take Math.sin/cos through an import.
import { f32x4Const, f64x2Const, i32Const, i32x4Const, i64x2Const, op, simd, simdOp, uleb } from './wasm-module.js';

/** 1.5 * 2^52: x + MAGIC rounds x to an integer k held in the low bits of the sum's bits (|k| < 2^51). */
const MAGIC = 6755399441055744;
const MAGIC_BITS = 0x4338000000000000n;

/** Code that leaves `f(x)` on the stack, given code pushing x and a scratch local (v128) per name. */
export interface MathContext {
  get(local: number): number[];
  set(local: number): number[];
  /** A fresh v128 local. */
  temp(): number;
  /** The function index of the import Math.<name> (f64 -> f64). */
  importIndex(name: 'sin' | 'cos'): number;
  /** Code pushing the float32x4 splat of `value` (default: a v128.const). */
  f32x4?(value: number): number[];
  /**
   * Where given, the code for a slow path that lanes rarely need (`mask`: code pushing a v128 whose
   * set lanes need it) in place of running it: the caller computes such passes again out of line
   * (wasm-elementwise.ts). Without it the slow path runs in place, under an `if`.
   */
  rare?(mask: number[]): number[];
}

/** `slow()` where any lane of `mask` is set: in place, or left to the caller (MathContext.rare; then `slow` is not called). */
const rareLanes = (ctx: MathContext, mask: number[], slow: () => number[]): number[] =>
  ctx.rare ? ctx.rare(mask) : [...mask, ...simdOp(simd.anyTrue), op.if, op.voidType, ...slow(), op.end];

const c32 = (ctx: MathContext, value: number): number[] => (ctx.f32x4 ? ctx.f32x4(value) : f32x4Const(value));
/** The int32x4 splat of `bits` (a non-negative int), through the float32 constant with those bits. */
const i32c = (ctx: MathContext, bits: number): number[] => c32(ctx, new Float32Array(Int32Array.of(bits).buffer)[0]);

const v = (i: number) => simdOp(i);

/** Horner's rule: c[0] + t (c[1] + t (c[2] + ...)), with t in local `t`, in two double lanes (or four float32 ones with `f32`). */
function horner(ctx: MathContext, t: number, c: readonly number[], f32 = false): number[] {
  const [constant, mul, add] = f32 ? [(x: number) => c32(ctx, x), simd.f32x4Mul, simd.f32x4Add] : [f64x2Const, simd.f64x2Mul, simd.f64x2Add];
  let code = constant(c[c.length - 1]);
  for (let k = c.length - 2; k >= 0; k--) code = [...code, ...ctx.get(t), ...v(mul), ...constant(c[k]), ...v(add)];
  return code;
}

const factorials = (from: number, to: number, step: number, sign: (k: number) => number): number[] => {
  const out: number[] = [];
  for (let n = from; n <= to; n += step) {
    let f = 1;
    for (let j = 2; j <= n; j++) f *= j;
    out.push(sign(out.length) / f);
  }
  return out;
};

/** e^x for float32 results: x clamped to [-110, 90] first (beyond it float32 gives 0 or inf; pmax and pmin keep NaN). */
export function expF64x2(ctx: MathContext, x: number): number[] {
  const xc = ctx.temp(), t = ctx.temp(), kf = ctx.temp(), r = ctx.temp();
  return [
    ...ctx.get(x), ...f64x2Const(-110), ...v(simd.f64x2Pmax), ...f64x2Const(90), ...v(simd.f64x2Pmin), ...ctx.set(xc),
    ...ctx.get(xc), ...f64x2Const(Math.LOG2E), ...v(simd.f64x2Mul), ...f64x2Const(MAGIC), ...v(simd.f64x2Add), ...ctx.set(t),
    ...ctx.get(t), ...f64x2Const(MAGIC), ...v(simd.f64x2Sub), ...ctx.set(kf),
    // r = x - k ln2_hi - k ln2_lo (fdlibm's split of ln 2: k ln2_hi is exact)
    ...ctx.get(xc), ...ctx.get(kf), ...f64x2Const(6.93147180369123816490e-1), ...v(simd.f64x2Mul), ...v(simd.f64x2Sub),
    ...ctx.get(kf), ...f64x2Const(1.90821492927058770002e-10), ...v(simd.f64x2Mul), ...v(simd.f64x2Sub), ...ctx.set(r),
    ...horner(ctx, r, factorials(0, 10, 1, () => 1)),
    // 2^k: (k + 1023) << 52, k = bits(t) - bits(MAGIC)
    ...ctx.get(t), ...i64x2Const(MAGIC_BITS - 1023n), ...v(simd.i64x2Sub), ...i32Const(52), ...v(simd.i64x2Shl), ...v(simd.f64x2Mul),
  ];
}

/** sin(x) (cos: `cosine`) for float32 results. */
export function sinCosF64x2(ctx: MathContext, x: number, cosine: boolean): number[] {
  const t = ctx.temp(), kf = ctx.temp(), r = ctx.temp(), r2 = ctx.temp(), q = ctx.temp(), s = ctx.temp(), c = ctx.temp(), res = ctx.temp();
  const sinTail = factorials(3, 13, 2, (k) => (k % 2 ? 1 : -1)); // -1/3!, 1/5!, ...
  const cosTail = factorials(4, 12, 2, (k) => (k % 2 ? -1 : 1)); // 1/4!, -1/6!, ...
  const lane = (l: number) => [
    ...ctx.get(res), ...ctx.get(x), ...v(simd.f64x2ExtractLane), l, op.call, ...uleb(ctx.importIndex(cosine ? 'cos' : 'sin')),
    ...v(simd.f64x2ReplaceLane), l, ...ctx.set(res),
  ];
  return [
    ...ctx.get(x), ...f64x2Const(2 / Math.PI), ...v(simd.f64x2Mul), ...f64x2Const(MAGIC), ...v(simd.f64x2Add), ...ctx.set(t),
    ...ctx.get(t), ...f64x2Const(MAGIC), ...v(simd.f64x2Sub), ...ctx.set(kf),
    // r = ((x - k p1) - k p2) - k p3, pi/2 = p1 + p2 + p3 (fdlibm's pio2_1, pio2_2, pio2_3)
    ...ctx.get(x), ...ctx.get(kf), ...f64x2Const(1.57079632673412561417e0), ...v(simd.f64x2Mul), ...v(simd.f64x2Sub),
    ...ctx.get(kf), ...f64x2Const(6.07710050630396597660e-11), ...v(simd.f64x2Mul), ...v(simd.f64x2Sub),
    ...ctx.get(kf), ...f64x2Const(2.02226624871116645580e-21), ...v(simd.f64x2Mul), ...v(simd.f64x2Sub), ...ctx.set(r),
    ...ctx.get(r), ...ctx.get(r), ...v(simd.f64x2Mul), ...ctx.set(r2),
    // s = r + r r2 (S1 + r2 (S2 + ...)); c = 1 - r2 / 2 + r2^2 (C2 + r2 (C3 + ...))
    ...ctx.get(r), ...ctx.get(r), ...ctx.get(r2), ...v(simd.f64x2Mul), ...horner(ctx, r2, sinTail), ...v(simd.f64x2Mul), ...v(simd.f64x2Add), ...ctx.set(s),
    ...f64x2Const(1), ...ctx.get(r2), ...f64x2Const(0.5), ...v(simd.f64x2Mul), ...v(simd.f64x2Sub),
    ...ctx.get(r2), ...ctx.get(r2), ...v(simd.f64x2Mul), ...horner(ctx, r2, cosTail), ...v(simd.f64x2Mul), ...v(simd.f64x2Add), ...ctx.set(c),
    // quadrant q = k (+ 1 for cos): odd takes the other function, bit 1 flips the sign
    ...ctx.get(t), ...i64x2Const(MAGIC_BITS - (cosine ? 1n : 0n)), ...v(simd.i64x2Sub), ...ctx.set(q),
    ...ctx.get(c), ...ctx.get(s), ...ctx.get(q), ...i64x2Const(1n), ...v(simd.and), ...i64x2Const(1n), ...v(simd.i64x2Eq), ...v(simd.bitselect),
    ...ctx.get(q), ...i32Const(62), ...v(simd.i64x2Shl), ...i64x2Const(-0x8000000000000000n), ...v(simd.and), ...v(simd.xor), ...ctx.set(res),
    // sin(+-0) is x itself (the series' r + (+0) gives +0 for -0)
    ...(cosine ? [] : [...ctx.get(x), ...ctx.get(res), ...ctx.get(x), ...f64x2Const(0), ...v(simd.f64x2Eq), ...v(simd.bitselect), ...ctx.set(res)]),
    // lanes too large for the reduction above (and +-inf): Math.sin / Math.cos
    ...rareLanes(ctx, [...ctx.get(x), ...v(simd.f64x2Abs), ...f64x2Const(65536), ...v(simd.f64x2Gt)], () => [...lane(0), ...lane(1)]),
    ...ctx.get(res),
  ];
}

// ---- four float32 lanes (Cephes' expf, SLEEF's sinf and cosf: within about one and 3.5 ulp) ----
// Used where a whole plan is float32 (wasm-elementwise.ts's 'f32x4' lanes): twice the lanes of
// the double versions above, not always the correctly rounded result (as NumPy's own float32
// SIMD loops are not).

/** 1.5 * 2^23: x + MAGIC32 rounds float32 x to an integer held in the sum's low bits (|x| < 2^22). */
const MAGIC32 = 12582912;
const MAGIC32_BITS = 0x4b400000;

/** i8x16.shuffle of two vectors by byte indices (0-15 the first's, 16-31 the second's). */
const shuffle = (bytes: readonly number[]): number[] => [...v(simd.shuffle), ...bytes];
const LOW_HALVES = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];
const HIGH_HALF = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];

/** Local `res` set to `f` of the float32 lanes of local `x`, computed in two halves of double lanes (`f(half)`: code pushing f of local `half`) and rounded to float32. */
function inDoubles(ctx: MathContext, x: number, res: number, f: (half: number) => number[]): number[] {
  const lo = ctx.temp(), hi = ctx.temp();
  return [
    ...ctx.get(x), ...v(simd.f64x2PromoteLowF32x4), ...ctx.set(lo),
    ...ctx.get(x), ...ctx.get(x), ...shuffle(HIGH_HALF), ...v(simd.f64x2PromoteLowF32x4), ...ctx.set(hi),
    ...f(lo), ...v(simd.f32x4DemoteF64x2Zero), ...f(hi), ...v(simd.f32x4DemoteF64x2Zero), ...shuffle(LOW_HALVES), ...ctx.set(res),
  ];
}

/**
 * (e^r - 1 - r) / r^2 on |r| <= ln2 / 2 by a degree-4 polynomial fitted near minimax (relative error
 * of e^r 3.6e-9, far below float32's 6e-8; Cephes' expf spends a sixth coefficient).
 */
const EXP_P = [0.49999988079071045, 0.166665181517601, 0.04166953265666962, 0.008368936367332935, 0.0013751547085121274];

/** -126 ln 2 in float32: below it e^x is subnormal. */
const EXP_SUBNORMAL = Math.fround(-126 * Math.LN2);

/**
 * e^x: x clamped to [-104, 89] (0 and inf beyond), e^x = p 2^k with p = e^r; a normal result
 * (k in [-125, 127]) takes 2^k in p's exponent bits. The rest are rare (MathContext.rare): a
 * subnormal result (x < -126 ln 2) is rounded to its integer multiple of 2^-149 as an integer held
 * in a float's low bits (p 2^(k + 149) + 2^23), so that no operation has a subnormal result (each
 * costs Zen 4 a microcode assist: exp of 2^20 float32 with a third of them subnormal took 5.1 ms,
 * against 1.0 with none); elsewhere (k = -126 or 128, NaN) 2^k is applied in two halves.
 */
export function expF32x4(ctx: MathContext, x: number): number[] {
  const xc = ctx.temp(), t = ctx.temp(), kf = ctx.temp(), r = ctx.temp(), k = ctx.temp(), k1 = ctx.temp(), p = ctx.temp(), res = ctx.temp(), m = ctx.temp();
  /** 2^(e - bias) from the int32 lanes e on the stack. */
  const scale = (bias: number) => [...i32c(ctx, 127 - bias), ...v(simd.i32x4Add), ...i32Const(23), ...v(simd.i32x4Shl)];
  return [
    ...ctx.get(x), ...c32(ctx, -104), ...v(simd.f32x4Pmax), ...c32(ctx, 89), ...v(simd.f32x4Pmin), ...ctx.set(xc),
    ...ctx.get(xc), ...c32(ctx, Math.LOG2E), ...v(simd.f32x4Mul), ...c32(ctx, MAGIC32), ...v(simd.f32x4Add), ...ctx.set(t),
    ...ctx.get(t), ...c32(ctx, MAGIC32), ...v(simd.f32x4Sub), ...ctx.set(kf),
    ...ctx.get(xc), ...ctx.get(kf), ...c32(ctx, 0.693359375), ...v(simd.f32x4Mul), ...v(simd.f32x4Sub),
    ...ctx.get(kf), ...c32(ctx, -2.12194440e-4), ...v(simd.f32x4Mul), ...v(simd.f32x4Sub), ...ctx.set(r),
    // 1 + r + r^2 P(r)
    ...horner(ctx, r, EXP_P, true),
    ...ctx.get(r), ...v(simd.f32x4Mul), ...ctx.get(r), ...v(simd.f32x4Mul), ...ctx.get(r), ...v(simd.f32x4Add), ...c32(ctx, 1), ...v(simd.f32x4Add),
    ...ctx.set(p),
    // k = rint(x / ln2), in [-150, 128] (NaN: far outside); a normal result: p's exponent bits plus k
    ...ctx.get(t), ...i32c(ctx, MAGIC32_BITS), ...v(simd.i32x4Sub), ...ctx.set(k),
    ...ctx.get(p), ...ctx.get(k), ...i32Const(23), ...v(simd.i32x4Shl), ...v(simd.i32x4Add), ...ctx.set(res),
    ...rareLanes(ctx, [...ctx.get(k), ...i32c(ctx, 125), ...v(simd.i32x4Add), ...i32c(ctx, 252), ...v(simd.i32x4GtU)], () => [
      // the subnormal lanes (m) and the rest, each computed with the other's k in range, so that no product is subnormal
      ...c32(ctx, EXP_SUBNORMAL), ...ctx.get(xc), ...v(simd.f32x4Gt), ...ctx.set(m),
      // subnormal: the bits of rint(p 2^(k + 149)), through the float p 2^(k + 149) + 2^23 (bits 0x4b000000 plus that integer)
      ...ctx.get(p), ...ctx.get(k), ...i32x4Const(-126), ...v(simd.i32x4MinS), ...scale(-149), ...v(simd.f32x4Mul),
      ...c32(ctx, 8388608), ...v(simd.f32x4Add), ...i32c(ctx, 0x4b000000), ...v(simd.i32x4Sub),
      // the rest: 2^(k >> 1), then 2^(k - (k >> 1))
      ...ctx.get(k), ...i32x4Const(-126), ...v(simd.i32x4MaxS), ...ctx.get(m), ...v(simd.andnot), ...ctx.set(k),
      ...ctx.get(k), ...i32Const(1), ...v(simd.i32x4ShrS), ...ctx.set(k1),
      ...ctx.get(p), ...ctx.get(k1), ...scale(0), ...v(simd.f32x4Mul),
      ...ctx.get(k), ...ctx.get(k1), ...v(simd.i32x4Sub), ...scale(0), ...v(simd.f32x4Mul),
      ...ctx.get(m), ...v(simd.bitselect), ...ctx.set(res),
    ]),
    ...ctx.get(res),
  ];
}

/** The largest |k| = |rint(x / pi (- 1/2))| of sinCosF32x4's polynomial: |x| < 8191.6. */
const FAST_K = 2607;

/**
 * sin(x) (cos: `cosine`) by one odd polynomial (SLEEF's sinf/cosf, within 3.5 ulp): x = q pi + r
 * with |r| <= pi/2 (sin: q = rint(x / pi); cos: q = rint(x / pi - 1/2) + 1/2, pi in four parts
 * of 8 significant bits, exact products for |q| < 2^16), sin r by r + r^3 P(r^2), the sign by
 * q's parity. Lanes of |k| > FAST_K (|x| past about 8192, +-inf and NaN) are rare (MathContext.rare):
 * they take sinCosF64x2 in double lanes.
 */
export function sinCosF32x4(ctx: MathContext, x: number, cosine: boolean): number[] {
  const t = ctx.temp(), q = ctx.temp(), r = ctx.temp(), s = ctx.temp(), res = ctx.temp();
  const parts = [3.140625, 0.0009670257568359375, 6.2771141529083251953e-7, 1.2154201256553420762e-10].map((p) => (cosine ? p / 2 : p));
  return [
    // t = x / pi (- 1/2) + MAGIC32: its low bits hold k = rint(x / pi (- 1/2)); q = k (cos: 2k + 1)
    ...ctx.get(x), ...c32(ctx, 1 / Math.PI), ...v(simd.f32x4Mul), ...(cosine ? [...c32(ctx, 0.5), ...v(simd.f32x4Sub)] : []),
    ...c32(ctx, MAGIC32), ...v(simd.f32x4Add), ...ctx.set(t),
    ...ctx.get(t), ...c32(ctx, MAGIC32), ...v(simd.f32x4Sub),
    ...(cosine ? [...c32(ctx, 2), ...v(simd.f32x4Mul), ...c32(ctx, 1), ...v(simd.f32x4Add)] : []), ...ctx.set(q),
    ...ctx.get(x),
    ...parts.flatMap((p) => [...ctx.get(q), ...c32(ctx, p), ...v(simd.f32x4Mul), ...v(simd.f32x4Sub)]), ...ctx.set(r),
    ...ctx.get(r), ...ctx.get(r), ...v(simd.f32x4Mul), ...ctx.set(s),
    // r + s r P(s), negated where k is odd (sin) or even (cos)
    ...horner(ctx, s, [-0.166666597127914428710938, 0.00833307858556509017944336, -0.0001981069071916863322258, 2.6083159809786593541503e-6], true),
    ...ctx.get(s), ...v(simd.f32x4Mul), ...ctx.get(r), ...v(simd.f32x4Mul), ...ctx.get(r), ...v(simd.f32x4Add),
    // (k + 1 for cos) & 1, with 1 a constant of the context (the float32 of bits 1: a v128.const is materialized at each use)
    ...ctx.get(t), ...(cosine ? [...i32c(ctx, 1), ...v(simd.i32x4Add)] : []), ...i32c(ctx, 1), ...v(simd.and), ...i32Const(31), ...v(simd.i32x4Shl), ...v(simd.xor), ...ctx.set(res),
    // sin(+-0) is x itself (r + s r P(s) gives +0 for -0)
    ...(cosine ? [] : [...ctx.get(x), ...ctx.get(res), ...ctx.get(x), ...c32(ctx, 0), ...v(simd.f32x4Eq), ...v(simd.bitselect), ...ctx.set(res)]),
    // |k| > FAST_K (|x| beyond about 8192, the infinities and NaN): t's bits less MAGIC32_BITS are k
    ...rareLanes(ctx, [...ctx.get(t), ...i32c(ctx, MAGIC32_BITS - FAST_K), ...v(simd.i32x4Sub), ...i32c(ctx, 2 * FAST_K), ...v(simd.i32x4GtU)],
      () => inDoubles(ctx, x, res, (half) => sinCosF64x2(ctx, half, cosine))),
    ...ctx.get(res),
  ];
}
