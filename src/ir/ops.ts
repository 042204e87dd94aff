// The elementwise op table: every elementwise op cupyts has is declared here once, with its NumPy
// name, the NumPy ufunc whose loops decide its dtypes, its chain-method names, and what it computes
// as a CUDA C expression and as a JavaScript expression. The API, dtype resolution, both code
// generators and the op-by-dtype tests all read this table.
//
// Expressions receive operand expressions already converted to the loop's input dtype `t` and in
// that dtype's compute representation:
//   CUDA: the C type of t, except float16, which is computed in float (rounded back after each op);
//   JS:   bool → boolean, 8–32-bit ints and floats → number, int64/uint64 → bigint.
// The code generators round or wrap each result to the op's output dtype, so an expression may
// leave e.g. an int8 sum outside [-128, 127]. Helpers named cp_* (CUDA) and $* (JS) are defined in
// src/codegen/cuda-prelude.ts and src/codegen/js-prelude.ts; the complex ones (cp_c*, $c*) in
// cuda-complex.ts and js-complex.ts, where a complex value is a struct (CUDA) or { re, im } (JS).
import type { Complex } from './complex.js';
import type { DType, DTypeName } from './dtype.js';

export type Expr = (args: readonly string[], t: DType) => string;

/** An op's meaning on complex operands: its CUDA and JS expressions. */
export interface ComplexForm {
  readonly cuda: Expr;
  readonly js: Expr;
}

export interface ElementwiseOp {
  /** NumPy's function name, also cupyts's. */
  readonly name: string;
  /** Inputs: 1 or 2 for table ops; any number for a user kernel's op (./user-ops.ts). */
  readonly arity: number;
  /** The NumPy ufunc whose loops give the dtypes (see ufunc-loops.ts). */
  readonly ufunc: string;
  /** More cupyts function names for the same op (true_divide, mod, abs, bitwise_not). */
  readonly aliases?: readonly string[];
  /** NDArray chain-method names (x.add(y), x.sin()). */
  readonly methods?: readonly string[];
  /**
   * 'int_to_float64': integer and bool inputs compute in float64 (NumPy's true_divide, and the
   * functions i0 and sinc). 'ldexp': the first operand alone picks the loop (NumPy's ldexp loops
   * pair a float mantissa with an int exponent); the second must be an integer, and is converted to
   * the loop's float (exactly, for every exponent that does not overflow it).
   */
  readonly resolver?: 'int_to_float64' | 'ldexp';
  /**
   * For NumPy's ufuncs with two outputs (frexp, modf): which output this op computes. The function
   * named `ufunc` applies both ops to the same input and returns the two arrays (they fuse into
   * one kernel where they are evaluated together); the op computing output 1 has an internal name.
   */
  readonly output?: 0 | 1;
  /** The namespace the function lives in: 'special' is cp.special (SciPy's scipy.special ufunc `ufunc`). */
  readonly module?: 'special';
  /** NumPy refuses bool inputs (boolean subtract and negative have their own errors there). */
  readonly rejectsBool?: string;
  /**
   * The logical ops: NumPy reads each operand's truth, so a JS scalar is taken as its truth (not
   * its value in the array's dtype: logical_and(float16 array, 1e-10) is True, logical_or(int8
   * array, 300) does not overflow), and inputs of any dtypes pass any casting rule.
   */
  readonly readsTruth?: true;
  /** Checks the JS scalar operands at the call (what NumPy raises for, where a kernel cannot). */
  readonly checkScalars?: (scalars: ReadonlyArray<number | bigint | boolean | Complex | undefined>, input: DType) => string | undefined;
  /**
   * What the op computes on complex inputs, for the ops cupyts implements on NumPy's complex loops
   * (the `cuda` and `js` expressions below already choose it for a complex `t`); 'same': the real
   * expressions handle complex operands themselves (the logical ops, through their truthiness).
   * A complex loop of an op without it is refused at the call.
   */
  readonly complex?: ComplexForm | 'same';
  readonly cuda: Expr;
  readonly js: Expr;
  /**
   * Set for a user ElementwiseKernel's op (./user-ops.ts): its kernel, the output it computes, the
   * extra inputs it reads, and the __device__ function its CUDA expression calls (placed after the
   * prelude of each kernel that calls it); `jsDefinition`, where given, is the same for the CPU
   * backend's JS (the functions its JS expression calls: cp.random's sampler loops).
   */
  readonly user?: {
    readonly kernel: string; readonly output: string; readonly index: boolean; readonly size: boolean; readonly cudaDefinition: string;
    readonly jsDefinition?: string;
    /** The user's preamble, placed once before the definitions of the kernels that call it. */
    readonly cudaPreamble?: string;
    /**
     * Each element loops a data-dependent number of times (cp.random's samplers): the kernel gives
     * a thread one vector of elements, not four (registers for one sample in flight, not eight).
     */
    readonly loops?: boolean;
  };
}

const isBig = (t: DType) => t.name === 'int64' || t.name === 'uint64';
const isFloat = (t: DType) => t.kind === 'f';
/** The float32 variant of a C math function for float16/float32 compute, the double one otherwise. */
const cfn = (name: string, t: DType) => (t.name === 'float64' ? name : `${name}f`);
const cUnsigned = (t: DType) => (t.itemsize === 8 ? 'unsigned long long' : 'unsigned int');
/** |x| of an integer operand as the unsigned C type of its width (exact for the most negative value too). */
const cMagnitude = (x: string, t: DType) => (t.kind === 'i' ? `(${x} < 0 ? 0u - (${cUnsigned(t)})(${x}) : (${cUnsigned(t)})(${x}))` : `(${cUnsigned(t)})(${x})`);
const cInt = (t: DType) => (t.itemsize === 8 ? t.cType : t.kind === 'u' && t.itemsize === 4 ? 'unsigned int' : 'int');
/** Integer +, -, * in unsigned arithmetic (wraps like NumPy; signed overflow is undefined in C). */
const cWrapping = (op: string): Expr => ([a, b], t) =>
  t.kind === 'f' ? `(${a} ${op} ${b})` : `(${cInt(t)})((${cUnsigned(t)})(${a}) ${op} (${cUnsigned(t)})(${b}))`;
/** A C math function applied to float operands. */
const cMath = (name: string): Expr => (args, t) => `${cfn(name, t)}(${args.join(', ')})`;
/** A JS Math function. */
const jsMath = (name: string): Expr => (args) => `Math.${name}(${args.join(', ')})`;
/** The float width of a float loop, for helpers that work on the bits (nextafter, spacing): '16', '32' or '64'. */
const bits = (t: DType) => String(t.itemsize * 8);
/** The C type a helper takes for loop dtype t: float16 is computed in float. */
const cFloat = (t: DType) => (t.name === 'float64' ? 'double' : 'float');
const zero = (t: DType) => (isBig(t) ? '0n' : '0');
/** An operand as a JS boolean (NumPy truthiness: nonzero, NaN is true). */
const jsTruthy = (x: string, t: DType) => (t.name === 'bool' ? x : t.kind === 'c' ? `(${x}.re !== 0 || ${x}.im !== 0)` : `(${x} !== ${zero(t)})`);
const cTruthy = (x: string, t: DType) => (t.name === 'bool' ? x : t.kind === 'c' ? `(${x}.re != 0 || ${x}.im != 0)` : `(${x} != 0)`);

/** The op's expressions, each taking its complex form for a complex loop dtype. */
function withComplex(cuda: Expr, js: Expr, complex: ElementwiseOp['complex']): { cuda: Expr; js: Expr } {
  if (!complex || complex === 'same') return { cuda, js };
  return {
    cuda: (args, t) => (t.kind === 'c' ? complex.cuda(args, t) : cuda(args, t)),
    js: (args, t) => (t.kind === 'c' ? complex.js(args, t) : js(args, t)),
  };
}
function binary(name: string, cuda: Expr, js: Expr, extra: Partial<ElementwiseOp> = {}): ElementwiseOp {
  return { name, arity: 2, ufunc: name, ...extra, ...withComplex(cuda, js, extra.complex) };
}
function unary(name: string, cuda: Expr, js: Expr, extra: Partial<ElementwiseOp> = {}): ElementwiseOp {
  return { name, arity: 1, ufunc: name, ...extra, ...withComplex(cuda, js, extra.complex) };
}
/** A complex form calling cp_<name> in CUDA and $<name> in JS on the operands. */
const cx = (name: string): ComplexForm => ({
  cuda: (args) => `cp_${name}(${args.join(', ')})`,
  js: (args) => `$${name}(${args.join(', ')})`,
});
/** The JS rounding of each step of a complex formula NumPy computes in the loop's precision: float for complex64. */
const stepRounding = (t: DType) => (t.name === 'complex64' ? 'Math.fround' : '$id');
/**
 * A complex form whose JS function takes one more argument, the rounding of each step (NumPy's
 * formula in float for complex64, as its CUDA function computes it).
 */
const cxRounded = (name: string): ComplexForm => ({
  cuda: (args) => `cp_${name}(${args.join(', ')})`,
  js: (args, t) => `$${name}(${args.join(', ')}, ${stepRounding(t)})`,
});
/** A complex form `f(args)` scaled by a real constant (log2, log10: NumPy multiplies clog by log2(e), log10(e)). */
const cxScaled = (name: string, factor: number): ComplexForm => ({
  cuda: ([a]) => `cp_cscale(cp_${name}(${a}), ${factor})`,
  js: ([a]) => `$cscale($${name}(${a}), ${factor})`,
});
/**
 * NumPy's maximum ('>') and minimum ('<') of real operands (`ne`: the language's not-equal), NaN
 * propagating (a where both are NaN). A tie (0.0 and -0.0) gives b in float32 and float64, as
 * NumPy's loops on x86 do at every size, scalar and SIMD alike (maxsd/maxpd return the second
 * operand: maximum(0.0, -0.0) is -0.0, maximum(-0.0, 0.0) is 0.0), and a in float16 (NumPy's
 * generic loop). fmax and fmin keep a: NumPy's answer there depends on the array's size and
 * alignment. (NumPy on aarch64 orders -0.0 below 0.0 instead.)
 */
const extremum = (cmp: '>' | '<', ne: '!=' | '!==', keepFirst = false): Expr => ([a, b], t) =>
  `((${a} ${cmp}${keepFirst || t.name === 'float16' ? '=' : ''} ${b} || ${a} ${ne} ${a}) ? ${a} : ${b})`;
/** A complex extremum: a if pick(a, b) (a cp_c*_first predicate in CUDA), else b. */
const cxPick = (name: string): ComplexForm => ({
  cuda: ([a, b]) => `(cp_c${name}_first(${a}, ${b}) ? ${a} : ${b})`,
  js: ([a, b]) => `$c${name}(${a}, ${b})`,
});
/** A cp.special function: a unary op whose loops are those of scipy.special's ufunc `ufunc`. */
function special(name: string, cuda: Expr, js: Expr, ufunc = name): ElementwiseOp {
  return { name, arity: 1, ufunc, cuda, js, module: 'special' };
}
/** A float-only math function: the same name in C (with an f suffix for float32) and JS Math. */
function mathUnary(name: string, c: string, js: string, complex?: ComplexForm): ElementwiseOp {
  return unary(name, cMath(c), jsMath(js), { methods: [name], complex });
}

const compare = (name: string, op: string, methods: string[], complexName: string) =>
  binary(name, ([a, b]) => `(${a} ${op} ${b})`, ([a, b]) => `(${a} ${op === '==' ? '===' : op === '!=' ? '!==' : op} ${b})`, { methods, complex: cx(complexName) });

export const ELEMENTWISE_OPS: readonly ElementwiseOp[] = [
  // arithmetic
  binary('add', (a, t) => (t.name === 'bool' ? `(${a[0]} || ${a[1]})` : cWrapping('+')(a, t)),
    ([a, b], t) => (t.name === 'bool' ? `(${a} || ${b})` : `(${a} + ${b})`), { methods: ['add'], complex: cx('cadd') }),
  binary('subtract', cWrapping('-'), ([a, b]) => `(${a} - ${b})`,
    { methods: ['sub', 'subtract'], complex: cx('csub'), rejectsBool: 'NumPy has no boolean subtract; use bitwise_xor or logical_xor' }),
  binary('multiply', (a, t) => (t.name === 'bool' ? `(${a[0]} && ${a[1]})` : cWrapping('*')(a, t)),
    ([a, b], t) => (t.name === 'bool' ? `(${a} && ${b})` : t.kind !== 'f' && t.itemsize === 4 ? `Math.imul(${a}, ${b})` : `(${a} * ${b})`),
    { methods: ['mul', 'multiply'], complex: cx('cmul') }),
  binary('divide', ([a, b]) => `(${a} / ${b})`, ([a, b]) => `(${a} / ${b})`,
    { aliases: ['true_divide'], methods: ['div', 'divide'], resolver: 'int_to_float64', complex: cx('cdiv') }),
  binary('floor_divide', ([a, b]) => `cp_floor_divide(${a}, ${b})`,
    ([a, b], t) => `${isBig(t) ? '$floorDivBig' : isFloat(t) ? '$floorDivFloat' : '$floorDivInt'}(${a}, ${b})`, { methods: ['floordiv'] }),
  binary('remainder', ([a, b]) => `cp_remainder(${a}, ${b})`,
    ([a, b], t) => `${isBig(t) ? '$remainderBig' : isFloat(t) ? '$remainderFloat' : '$remainderInt'}(${a}, ${b})`, { aliases: ['mod'], methods: ['mod'] }),
  binary('fmod', ([a, b]) => `cp_fmod(${a}, ${b})`,
    ([a, b], t) => (isFloat(t) ? `(${a} % ${b})` : `(${b} === ${zero(t)} ? ${zero(t)} : ${a} % ${b})`)),
  binary('power', ([a, b], t) => (isFloat(t) ? `${cfn('pow', t)}(${a}, ${b})` : `cp_power(${a}, ${b})`),
    ([a, b], t) => `${isBig(t) ? '$powBig' : isFloat(t) ? '$powFloat' : t.itemsize === 4 ? '$powInt32' : '$powInt'}(${a}, ${b})`, {
      aliases: ['pow'],
      methods: ['pow', 'power'],
      complex: cxRounded('cpow'),
      checkScalars: ([, exponent], t) =>
        (t.kind === 'i' || t.kind === 'u') && exponent !== undefined && Number(exponent) < 0 ? 'a non-negative exponent for an integer power (NumPy: Integers to negative integer powers are not allowed)' : undefined,
    }),
  unary('negative', ([a], t) => (isFloat(t) ? `(-${a})` : `(${cInt(t)})(0u - (${cUnsigned(t)})(${a}))`), ([a]) => `(-${a})`,
    { methods: ['neg', 'negative'], complex: cx('cneg'), rejectsBool: 'NumPy has no boolean negative; use invert or logical_not' }),
  unary('positive', ([a]) => a, ([a]) => a, { rejectsBool: 'NumPy has no boolean positive', complex: { cuda: ([a]) => a, js: ([a]) => a } }),
  // conj(x): the complex conjugate; real inputs are returned as they are
  unary('conjugate', ([a]) => a, ([a]) => a, { aliases: ['conj'], complex: cx('cconj') }),
  unary('absolute', ([a], t) => (isFloat(t) ? `${cfn('fabs', t)}(${a})` : t.kind === 'i' ? `cp_abs(${a})` : a),
    ([a], t) => (isFloat(t) ? `Math.abs(${a})` : t.kind === 'i' ? `(${a} < ${zero(t)} ? -${a} : ${a})` : a), { aliases: ['abs'], methods: ['abs', 'absolute'], complex: cx('cabs') }),
  // fabs: NumPy's float-only absolute (integers take a float loop; no complex loop)
  unary('fabs', cMath('fabs'), jsMath('abs')),
  unary('sign', ([a]) => `cp_sign(${a})`,
    ([a], t) => (isFloat(t) ? `$signFloat(${a})` : isBig(t) ? `(${a} > 0n ? 1n : ${a} < 0n ? -1n : 0n)` : `(${a} > 0 ? 1 : ${a} < 0 ? -1 : 0)`), { methods: ['sign'], rejectsBool: 'NumPy has no boolean sign', complex: cx('csign') }),
  unary('square', (a, t) => cWrapping('*')([a[0], a[0]], t),
    ([a], t) => (t.kind !== 'f' && t.itemsize === 4 ? `Math.imul(${a}, ${a})` : `(${a} * ${a})`),
    { methods: ['square'], complex: { cuda: ([a]) => `cp_cmul(${a}, ${a})`, js: ([a], t) => `$cmulR(${a}, ${a}, ${stepRounding(t)})` } }),
  unary('reciprocal', ([a], t) => (isFloat(t) ? `(${t.name === 'float64' ? '1.0' : '1.0f'} / ${a})` : `cp_reciprocal(${a})`),
    ([a], t) => (isFloat(t) ? `(1 / ${a})` : isBig(t) ? `(${a} === 0n ? 0n : 1n / ${a})` : `(${a} === 0 ? 0 : Math.trunc(1 / ${a}))`), { methods: ['reciprocal'], complex: cx('creciprocal') }),
  // exponents and logarithms
  mathUnary('sqrt', 'sqrt', 'sqrt', cx('csqrt')),
  mathUnary('cbrt', 'cbrt', 'cbrt'),
  mathUnary('exp', 'exp', 'exp', cx('cexp')),
  // complex exp2 is exp(z ln 2), z ln 2 rounded to the loop's precision first (complex64: NumPy's float product)
  unary('exp2', cMath('exp2'), ([a]) => `(2 ** ${a})`, { methods: ['exp2'], complex: {
    cuda: ([a]) => `cp_cexp(cp_cscale(${a}, 0.6931471805599453))`,
    js: ([a], t) => `$cexp(${t.name === 'complex64' ? `$c64($cscale(${a}, ${Math.fround(Math.LN2)}))` : `$cscale(${a}, 0.6931471805599453)`})`,
  } }),
  mathUnary('expm1', 'expm1', 'expm1', cxRounded('cexpm1')),
  mathUnary('log', 'log', 'log', cx('clog')),
  mathUnary('log2', 'log2', 'log2', cxScaled('clog', 1.4426950408889634)),
  mathUnary('log10', 'log10', 'log10', cxScaled('clog', 0.4342944819032518)),
  mathUnary('log1p', 'log1p', 'log1p', cx('clog1p')),
  // trigonometric and hyperbolic
  mathUnary('sin', 'sin', 'sin', cx('csin')),
  mathUnary('cos', 'cos', 'cos', cx('ccos')),
  mathUnary('tan', 'tan', 'tan', cx('ctan')),
  unary('arcsin', cMath('asin'), jsMath('asin'), { aliases: ['asin'], methods: ['arcsin'], complex: cx('casin') }),
  unary('arccos', cMath('acos'), jsMath('acos'), { aliases: ['acos'], methods: ['arccos'], complex: cx('cacos') }),
  unary('arctan', cMath('atan'), jsMath('atan'), { aliases: ['atan'], methods: ['arctan'], complex: cx('catan') }),
  binary('arctan2', cMath('atan2'), jsMath('atan2'), { aliases: ['atan2'], methods: ['arctan2'] }),
  mathUnary('sinh', 'sinh', 'sinh', cx('csinh')),
  mathUnary('cosh', 'cosh', 'cosh', cx('ccosh')),
  mathUnary('tanh', 'tanh', 'tanh', cx('ctanh')),
  unary('arcsinh', cMath('asinh'), jsMath('asinh'), { aliases: ['asinh'], methods: ['arcsinh'], complex: cx('casinh') }),
  unary('arccosh', cMath('acosh'), jsMath('acosh'), { aliases: ['acosh'], methods: ['arccosh'], complex: cx('cacosh') }),
  unary('arctanh', cMath('atanh'), jsMath('atanh'), { aliases: ['atanh'], methods: ['arctanh'], complex: cx('catanh') }),
  unary('deg2rad', ([a], t) => `(${a} * ${t.name === 'float64' ? '0.017453292519943295' : '0.017453292519943295f'})`,
    ([a], t) => `(${a} * ${t.name === 'float64' ? '0.017453292519943295' : 'Math.fround(0.017453292519943295)'})`, { methods: ['deg2rad'] }),
  unary('rad2deg', ([a], t) => `(${a} * ${t.name === 'float64' ? '57.29577951308232' : '57.29577951308232f'})`,
    ([a], t) => `(${a} * ${t.name === 'float64' ? '57.29577951308232' : 'Math.fround(57.29577951308232)'})`, { methods: ['rad2deg'] }),
  binary('hypot', cMath('hypot'), jsMath('hypot'), { methods: ['hypot'] }),
  // rounding (integer loops are the identity)
  unary('floor', ([a], t) => (isFloat(t) ? `${cfn('floor', t)}(${a})` : a), ([a], t) => (isFloat(t) ? `Math.floor(${a})` : a), { methods: ['floor'] }),
  unary('ceil', ([a], t) => (isFloat(t) ? `${cfn('ceil', t)}(${a})` : a), ([a], t) => (isFloat(t) ? `Math.ceil(${a})` : a), { methods: ['ceil'] }),
  unary('trunc', ([a], t) => (isFloat(t) ? `${cfn('trunc', t)}(${a})` : a), ([a], t) => (isFloat(t) ? `Math.trunc(${a})` : a), { methods: ['trunc'] }),
  unary('rint', cMath('rint'), ([a]) => `$rint(${a})`, { methods: ['rint'], complex: cx('crint') }),
  // extrema: maximum/minimum propagate NaN, fmax/fmin ignore it (NumPy's expressions; ties: extremum above)
  binary('maximum', extremum('>', '!='), extremum('>', '!=='), { methods: ['maximum'], complex: cxPick('maximum') }),
  binary('minimum', extremum('<', '!='), extremum('<', '!=='), { methods: ['minimum'], complex: cxPick('minimum') }),
  binary('fmax', ([a, b]) => `((${a} >= ${b} || ${b} != ${b}) ? ${a} : ${b})`, ([a, b]) => `((${a} >= ${b} || ${b} !== ${b}) ? ${a} : ${b})`, { methods: ['fmax'], complex: cxPick('fmax') }),
  binary('fmin', ([a, b]) => `((${a} <= ${b} || ${b} != ${b}) ? ${a} : ${b})`, ([a, b]) => `((${a} <= ${b} || ${b} !== ${b}) ? ${a} : ${b})`, { methods: ['fmin'], complex: cxPick('fmin') }),
  // comparisons
  // comparisons; complex ones are NumPy's lexicographic order (real parts, then imaginary)
  compare('equal', '==', ['eq', 'equal'], 'ceq'),
  compare('not_equal', '!=', ['ne', 'not_equal'], 'cne'),
  compare('less', '<', ['lt', 'less'], 'clt'),
  compare('less_equal', '<=', ['le', 'less_equal'], 'cle'),
  compare('greater', '>', ['gt', 'greater'], 'cgt'),
  compare('greater_equal', '>=', ['ge', 'greater_equal'], 'cge'),
  // logical (any input dtype, bool output)
  binary('logical_and', ([a, b], t) => `(${cTruthy(a, t)} && ${cTruthy(b, t)})`, ([a, b], t) => `(${jsTruthy(a, t)} && ${jsTruthy(b, t)})`, { methods: ['logical_and'], complex: 'same', readsTruth: true }),
  binary('logical_or', ([a, b], t) => `(${cTruthy(a, t)} || ${cTruthy(b, t)})`, ([a, b], t) => `(${jsTruthy(a, t)} || ${jsTruthy(b, t)})`, { methods: ['logical_or'], complex: 'same', readsTruth: true }),
  binary('logical_xor', ([a, b], t) => `(${cTruthy(a, t)} != ${cTruthy(b, t)})`, ([a, b], t) => `(${jsTruthy(a, t)} !== ${jsTruthy(b, t)})`, { methods: ['logical_xor'], complex: 'same', readsTruth: true }),
  unary('logical_not', ([a], t) => `(!${cTruthy(a, t)})`, ([a], t) => `(!${jsTruthy(a, t)})`, { methods: ['logical_not'], complex: 'same' }),
  // bitwise (bool and integers)
  binary('bitwise_and', ([a, b], t) => `(${a} ${t.name === 'bool' ? '&&' : '&'} ${b})`, ([a, b], t) => `(${a} ${t.name === 'bool' ? '&&' : '&'} ${b})`, { methods: ['bitwise_and'] }),
  binary('bitwise_or', ([a, b], t) => `(${a} ${t.name === 'bool' ? '||' : '|'} ${b})`, ([a, b], t) => `(${a} ${t.name === 'bool' ? '||' : '|'} ${b})`, { methods: ['bitwise_or'] }),
  binary('bitwise_xor', ([a, b], t) => `(${a} ${t.name === 'bool' ? '!=' : '^'} ${b})`, ([a, b], t) => `(${a} ${t.name === 'bool' ? '!==' : '^'} ${b})`, { methods: ['bitwise_xor'] }),
  unary('invert', ([a], t) => (t.name === 'bool' ? `(!${a})` : `(~${a})`), ([a], t) => (t.name === 'bool' ? `(!${a})` : `(~${a})`),
    { aliases: ['bitwise_not', 'bitwise_invert'], methods: ['invert', 'bitwise_not'] }),
  binary('left_shift', ([a, b]) => `cp_left_shift(${a}, ${b})`,
    ([a, b], t) => (isBig(t) ? `(${b} >= 0n && ${b} < 64n ? ${a} << ${b} : 0n)` : `(${b} >= 0 && ${b} < ${t.itemsize * 8} ? ${a} * 2 ** ${b} : 0)`), { aliases: ['bitwise_left_shift'], methods: ['left_shift'] }),
  binary('right_shift', ([a, b]) => `cp_right_shift(${a}, ${b})`,
    ([a, b], t) => (isBig(t) ? `(${b} >= 0n && ${b} < 64n ? ${a} >> ${b} : (${a} < 0n ? -1n : 0n))` : `(${b} >= 0 && ${b} < ${t.itemsize * 8} ? Math.floor(${a} / 2 ** ${b}) : (${a} < 0 ? -1 : 0))`), { aliases: ['bitwise_right_shift'], methods: ['right_shift'] }),
  // bitwise_count (NumPy 2): the 1-bits of |x| (int8 -128 has one), as uint8
  unary('bitwise_count', ([a], t) => `${t.itemsize === 8 ? '__popcll' : '__popc'}(${cMagnitude(a, t)})`,
    ([a], t) => (isBig(t) ? `$popcount64(${a})` : `$popcount32(Math.abs(${a}))`)),
  // floating-point classification
  unary('isnan', ([a], t) => (isFloat(t) ? `(${a} != ${a})` : 'false'), ([a], t) => (isFloat(t) ? `(${a} !== ${a})` : 'false'), { methods: ['isnan'], complex: cx('cisnan') }),
  unary('isinf', ([a], t) => (isFloat(t) ? `isinf(${a})` : 'false'), ([a], t) => (isFloat(t) ? `(${a} === Infinity || ${a} === -Infinity)` : 'false'), { methods: ['isinf'], complex: {
    cuda: ([a]) => `(isinf(${a}.re) || isinf(${a}.im))`, js: ([a]) => `(Math.abs(${a}.re) === Infinity || Math.abs(${a}.im) === Infinity)`,
  } }),
  unary('isfinite', ([a], t) => (isFloat(t) ? `isfinite(${a})` : 'true'), ([a], t) => (isFloat(t) ? `Number.isFinite(${a})` : 'true'), { methods: ['isfinite'], complex: {
    cuda: ([a]) => `(isfinite(${a}.re) && isfinite(${a}.im))`, js: ([a]) => `(Number.isFinite(${a}.re) && Number.isFinite(${a}.im))`,
  } }),
  unary('signbit', ([a]) => `signbit(${a})`, ([a]) => `(${a} < 0 || Object.is(${a}, -0))`, { methods: ['signbit'] }),
  binary('copysign', cMath('copysign'), ([a, b]) => `$copysign(${a}, ${b})`, { methods: ['copysign'] }),
  // more floating-point functions (NumPy's npy_* definitions, with their edge cases)
  binary('logaddexp', ([a, b]) => `cp_logaddexp(${a}, ${b})`, ([a, b]) => `$logaddexp(${a}, ${b})`),
  binary('logaddexp2', ([a, b]) => `cp_logaddexp2(${a}, ${b})`, ([a, b]) => `$logaddexp2(${a}, ${b})`),
  binary('heaviside', ([a, b]) => `cp_heaviside(${a}, ${b})`, ([a, b]) => `$heaviside(${a}, ${b})`),
  binary('nextafter', ([a, b], t) => (t.name === 'float16' ? `cp_nextafter_h(${a}, ${b})` : `${cfn('nextafter', t)}(${a}, ${b})`),
    ([a, b], t) => `$nextafter${bits(t)}(${a}, ${b})`),
  unary('spacing', ([a], t) => (t.name === 'float16' ? `cp_spacing_h(${a})` : `cp_spacing(${a})`), ([a], t) => `$spacing${bits(t)}(${a})`),
  binary('ldexp', ([a, b], t) => `cp_ldexp(${a}, ${b})`, ([a, b]) => `$ldexp(${a}, ${b})`, { resolver: 'ldexp' }),
  binary('float_power', ([a, b]) => `pow(${a}, ${b})`, ([a, b]) => `$powFloat(${a}, ${b})`, { complex: cxRounded('cpow') }),
  unary('frexp', ([a]) => `cp_frexp_mantissa(${a})`, ([a]) => `$frexpMantissa(${a})`, { output: 0 }),
  unary('frexp_exponent', ([a]) => `cp_frexp_exponent(${a})`, ([a]) => `$frexpExponent(${a})`, { ufunc: 'frexp', output: 1 }),
  unary('modf', ([a]) => `cp_modf_fraction(${a})`, ([a]) => `$modfFraction(${a})`, { output: 0 }),
  unary('modf_integral', ([a], t) => `${cfn('trunc', t)}(${a})`, ([a]) => `Math.trunc(${a})`, { ufunc: 'modf', output: 1 }),
  // NumPy functions that are not ufuncs but elementwise: integer inputs give float64 (loops: gen_ufunc_loops.py)
  unary('sinc', ([a], t) => `cp_sinc_${bits(t)}(${a})`, ([a], t) => `$sinc${bits(t)}(${a})`, { resolver: 'int_to_float64', complex: cxRounded('csinc') }),
  unary('i0', ([a], t) => `(${cFloat(t)})cp_i0((double)${a})`, ([a]) => `$i0(${a})`, { resolver: 'int_to_float64' }),
  // NumPy's complex-part functions (not ufuncs): real(x), imag(x), angle(x); loops: gen_ufunc_loops.py
  unary('real', ([a]) => a, ([a]) => a, { complex: { cuda: ([a]) => `${a}.re`, js: ([a]) => `${a}.re` } }),
  unary('imag', (_, t) => (t.name === 'bool' ? 'false' : `(${t.name === 'float16' ? 'float' : t.cType})0`), (_, t) => (t.name === 'bool' ? 'false' : zero(t)),
    { complex: { cuda: ([a]) => `${a}.im`, js: ([a]) => `${a}.im` } }),
  unary('angle', ([a], t) => `${t.name === 'float64' || (t.kind !== 'f' && t.itemsize >= 4) ? 'atan2(0.0, (double)' : 'atan2f(0.0f, (float)'}(${a}))`,
    ([a], t) => `Math.atan2(0, ${isBig(t) ? `Number(${a})` : t.name === 'bool' ? `(${a} ? 1 : 0)` : a})`, { complex: cx('cangle') }),
  // integer functions
  binary('gcd', ([a, b]) => `cp_gcd(${a}, ${b})`, ([a, b], t) => (isBig(t) ? `$gcdBig(${a}, ${b})` : `$gcd(${a}, ${b})`),
    { rejectsBool: 'NumPy has no boolean gcd' }),
  binary('lcm', ([a, b]) => `cp_lcm(${a}, ${b})`,
    ([a, b], t) => `${isBig(t) ? '$lcmBig' : t.itemsize === 4 ? '$lcm32' : '$lcm'}(${a}, ${b})`, { rejectsBool: 'NumPy has no boolean lcm' }),
  // cp.special (SciPy's scipy.special ufuncs); float32 is computed in double where C has no float function
  special('erf', ([a], t) => `${cfn('erf', t)}(${a})`, ([a]) => `$erf(${a})`),
  special('erfc', ([a]) => `cp_erfc(${a})`, ([a]) => `$erfc(${a})`),
  special('erfinv', ([a], t) => `${cfn('erfinv', t)}(${a})`, ([a]) => `$erfinv(${a})`),
  special('erfcinv', ([a], t) => `${cfn('erfcinv', t)}(${a})`, ([a]) => `$erfcinv(${a})`),
  special('gammaln', ([a]) => `cp_gammaln(${a})`, ([a]) => `$lgamma(${a})`),
  special('digamma', ([a], t) => `(${cFloat(t)})cp_digamma((double)${a})`, ([a]) => `$digamma(${a})`, 'psi'),
  special('expit', ([a], t) => `cp_expit(${a})`, ([a]) => `(1 / (1 + Math.exp(-${a})))`),
  special('logit', ([a], t) => `cp_logit(${a})`, ([a]) => `$logit(${a})`),
];

const BY_NAME = new Map<string, ElementwiseOp>();
for (const op of ELEMENTWISE_OPS) {
  BY_NAME.set(op.name, op);
  for (const alias of op.aliases ?? []) BY_NAME.set(alias, op);
}

/**
 * maximum or minimum keeping the first of equal operands, under a name of its own (kernels are
 * keyed by op names): how the max and min reductions combine partial results, in the JS walk, the
 * WebAssembly fold and CUDA alike (NumPy's maximum.reduce keeps either zero, by the array's size
 * and alignment), and how clip keeps x at a bound equal to it (NumPy's clip with scalar bounds:
 * clip(-0.0, 0.0, 1.0) is -0.0). The loops, NaN and complex operands are the op's own.
 */
function keepingFirstOp(name: 'maximum' | 'minimum'): ElementwiseOp {
  const op = BY_NAME.get(name)!;
  const cmp = name === 'maximum' ? '>' : '<';
  return {
    ...op,
    name: `${name}_keep_first`,
    cuda: (args, t) => (t.kind === 'c' ? op.cuda(args, t) : extremum(cmp, '!=', true)(args, t)),
    js: (args, t) => (t.kind === 'c' ? op.js(args, t) : extremum(cmp, '!==', true)(args, t)),
  };
}
const KEEPING_FIRST = { maximum: keepingFirstOp('maximum'), minimum: keepingFirstOp('minimum') };
export const keepingFirst = (name: 'maximum' | 'minimum'): ElementwiseOp => KEEPING_FIRST[name];

/** The op for a cupyts/NumPy function name (aliases included), or undefined. */
export function elementwiseOp(name: string): ElementwiseOp | undefined {
  return BY_NAME.get(name);
}

export type { DTypeName };
