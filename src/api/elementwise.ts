// The NumPy elementwise functions. Each table op (src/ir/ops.ts) becomes a ufunc object
// (./ufunc.ts: NumPy's call signature, attributes and methods) under its NumPy name and aliases, and NDArray chain methods under its method names; test/unit/api-surface
// checks that these exports and the table agree. Composite functions (clip, round, nan_to_num)
// are built from table ops, so they fuse like any other.
import { DTYPES } from '../ir/dtype.js';
import { CupytsError, argError } from '../ir/errors.js';
import { integerArg, optionsArg } from './arguments.js';
import { ELEMENTWISE_OPS, elementwiseOp } from '../ir/ops.js';
import { NDArray } from './ndarray.js';
import { applyOp, toArray, toOperand, where, type ArrayOrScalar } from './operands.js';
import { declare, required } from './signature.js';
import { binaryUfunc, unaryUfunc } from './ufunc.js';
import { operand } from './ufunc-params.js';

const fn1 = unaryUfunc, fn2 = binaryUfunc;

export const add = fn2('add'), subtract = fn2('subtract'), multiply = fn2('multiply'), divide = fn2('divide');
export const true_divide = divide, floor_divide = fn2('floor_divide'), remainder = fn2('remainder');
export const mod = remainder, fmod = fn2('fmod'), power = fn2('power');
export const negative = fn1('negative'), positive = fn1('positive'), absolute = fn1('absolute'), abs = absolute;
export const sign = fn1('sign'), sqrt = fn1('sqrt'), cbrt = fn1('cbrt'), square = fn1('square'), reciprocal = fn1('reciprocal');
export const exp = fn1('exp'), exp2 = fn1('exp2'), expm1 = fn1('expm1'), log = fn1('log'), log2 = fn1('log2');
export const log10 = fn1('log10'), log1p = fn1('log1p');
export const sin = fn1('sin'), cos = fn1('cos'), tan = fn1('tan'), arcsin = fn1('arcsin'), arccos = fn1('arccos');
export const arctan = fn1('arctan'), arctan2 = fn2('arctan2'), sinh = fn1('sinh'), cosh = fn1('cosh'), tanh = fn1('tanh');
export const arcsinh = fn1('arcsinh'), arccosh = fn1('arccosh'), arctanh = fn1('arctanh');
export const deg2rad = fn1('deg2rad'), rad2deg = fn1('rad2deg'), hypot = fn2('hypot');
export const floor = fn1('floor'), ceil = fn1('ceil'), trunc = fn1('trunc'), rint = fn1('rint');
export const maximum = fn2('maximum'), minimum = fn2('minimum'), fmax = fn2('fmax'), fmin = fn2('fmin');
export const equal = fn2('equal'), not_equal = fn2('not_equal'), less = fn2('less'), less_equal = fn2('less_equal');
export const greater = fn2('greater'), greater_equal = fn2('greater_equal');
export const logical_and = fn2('logical_and'), logical_or = fn2('logical_or'), logical_xor = fn2('logical_xor');
export const logical_not = fn1('logical_not');
export const bitwise_and = fn2('bitwise_and'), bitwise_or = fn2('bitwise_or'), bitwise_xor = fn2('bitwise_xor');
export const invert = fn1('invert'), bitwise_not = invert, bitwise_invert = invert;
export const left_shift = fn2('left_shift'), right_shift = fn2('right_shift');
export const isnan = fn1('isnan'), isinf = fn1('isinf'), isfinite = fn1('isfinite'), signbit = fn1('signbit');
export const copysign = fn2('copysign');
// NumPy 2's names for the same ufuncs (the same objects, as in NumPy)
export const asin = arcsin, acos = arccos, atan = arctan, atan2 = arctan2;
export const asinh = arcsinh, acosh = arccosh, atanh = arctanh, pow = power;
export const bitwise_left_shift = left_shift, bitwise_right_shift = right_shift;
// more float and integer ufuncs
export const logaddexp = fn2('logaddexp'), logaddexp2 = fn2('logaddexp2'), heaviside = fn2('heaviside');
export const nextafter = fn2('nextafter'), spacing = fn1('spacing'), ldexp = fn2('ldexp'), float_power = fn2('float_power');
export const gcd = fn2('gcd'), lcm = fn2('lcm');
export { frexp, modf, divmod } from './two-outputs.js';

/** NumPy's elementwise functions i0(x) and sinc(x): not ufuncs in NumPy, so they take just the array. */
const plainElementwise = (name: string) => {
  const op = elementwiseOp(name)!;
  return declare(name, [required('x', operand)], ({ x }) => applyOp(op, [x]));
};
export const i0 = plainElementwise('i0'), sinc = plainElementwise('sinc');

export { where };

/** clip(a, a_min, a_max) = minimum(maximum(a, a_min), a_max), NaN propagating like NumPy. */
export function clip(a: ArrayOrScalar, aMin: ArrayOrScalar | null, aMax: ArrayOrScalar | null): NDArray {
  const x = toOperand('clip', a);
  const lo = aMin === null ? null : toOperand('clip', aMin);
  const hi = aMax === null ? null : toOperand('clip', aMax);
  if (lo === null && hi === null) throw new CupytsError('ERR_ARG', 'clip: expected a_min or a_max, got neither');
  if (lo === null) return minimum(x, hi!);
  return hi === null ? maximum(x, lo) : minimum(maximum(x, lo), hi);
}

/** round(a, decimals = 0): round half to even, as NumPy (integers with decimals ≥ 0 are unchanged). */
export function round(a: ArrayOrScalar, decimals = 0): NDArray {
  const x = toOperand('round', a);
  integerArg('round', 'number of decimals', decimals);
  const isArr = x instanceof NDArray;
  if (isArr && x.dtype.kind !== 'f') {
    if (decimals >= 0) return x.astype(x.dtype);
    const f = 10 ** -decimals;
    return multiply(rint(divide(x, f)), f).astype(x.dtype);
  }
  if (decimals === 0) return rint(x);
  const f = 10 ** Math.abs(decimals);
  return decimals > 0 ? divide(rint(multiply(x, f)), f) : multiply(rint(divide(x, f)), f);
}
export const around = round;

/** nan_to_num(x, { nan = 0, posinf = max finite, neginf = min finite }). */
export function nan_to_num(a: ArrayOrScalar, options?: { nan?: number; posinf?: number; neginf?: number }): NDArray {
  const x = toArray('nan_to_num', a);
  const { nan = 0, posinf, neginf } = optionsArg('nan_to_num', options);
  for (const [name, value] of Object.entries({ nan, posinf, neginf })) {
    if (value !== undefined && typeof value !== 'number') throw argError('nan_to_num', `a number for ${name}`, value);
  }
  if (x.dtype.kind !== 'f') return x.astype(x.dtype);
  const big = x.dtype === DTYPES.float16 ? 65504 : x.dtype === DTYPES.float32 ? 3.4028234663852886e38 : Number.MAX_VALUE;
  const nanValue = where(isnan(x), nan, x);
  const pos = where(equal(x, Infinity), posinf ?? big, nanValue);
  return where(equal(x, -Infinity), neginf ?? -big, pos);
}

// NDArray chain methods: x.add(y), x.mul(1.5).sin(), one per method name in the table.
for (const op of ELEMENTWISE_OPS) {
  for (const method of op.methods ?? []) {
    Object.defineProperty(NDArray.prototype, method, {
      value(this: NDArray, ...args: ArrayOrScalar[]) {
        return applyOp(op, [this, ...args]);
      },
      writable: true,
      configurable: true,
    });
  }
}
