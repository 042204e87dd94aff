// The NumPy elementwise functions. Each table op (src/ir/ops.ts) becomes a ufunc object
// (./ufunc.ts: NumPy's call signature, attributes and methods) under its NumPy name and aliases, and NDArray chain methods under its method names; test/unit/api-surface
// checks that these exports and the table agree. Composite functions (clip, round, nan_to_num)
// are built from table ops, so they fuse like any other.
import { ELEMENTWISE_OPS, elementwiseOp } from '../ir/ops.js';
import { NDArray } from './ndarray.js';
import { applyOp, where, type ArrayOrScalar } from './operands.js';
import { declare, required } from './signature.js';
import { binaryUfunc, unaryUfunc } from './ufunc.js';
import { operand } from './ufunc-params.js';

const fn1 = unaryUfunc, fn2 = binaryUfunc;

export const add = fn2('add'), subtract = fn2('subtract'), multiply = fn2('multiply'), divide = fn2('divide');
export const true_divide = divide, floor_divide = fn2('floor_divide'), remainder = fn2('remainder');
export const mod = remainder, fmod = fn2('fmod'), power = fn2('power');
export const negative = fn1('negative'), positive = fn1('positive'), absolute = fn1('absolute'), abs = absolute;
export const fabs = fn1('fabs');
export const conjugate = fn1('conjugate'), conj = conjugate;
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
export const bitwise_count = fn1('bitwise_count');
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

// clip, round, around and nan_to_num are composites of these ufuncs: ./elementwise-composites.ts.

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
