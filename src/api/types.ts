// NumPy's dtype routines (result_type, can_cast, promote_types, finfo, iinfo) and its constants,
// read from the one promotion lattice (src/ir/promotion.ts) and the dtype table (src/ir/dtype.ts).
// finfo's values are JS numbers holding the float's exact value (float32 eps is 2**-23); iinfo's
// min and max are numbers up to 32 bits and bigints for int64 and uint64 (not all are safe integers).
import { isComplex, type Complex } from '../ir/complex.js';
import { dtypeMax, dtypeMin, toDType, type DType, type DTypeLike, type DTypeName } from '../ir/dtype.js';
import { CupytsError, describe } from '../ir/errors.js';
import { canCast, promoteOperands, promoteTypes, type Casting } from '../ir/promotion.js';
import { NDArray } from './ndarray.js';
import { oneOf } from './param-types.js';
import { declare, positional, REJECT, required, rest, type ParamType } from './signature.js';

/** A dtype, a dtype name, or an array (its dtype). */
const dtypeOrArray: ParamType<DType | DTypeName | NDArray, DType> = {
  expected: 'a dtype, a dtype name or an array',
  parse: (x, op) => (x instanceof NDArray ? x.dtype : typeof x === 'string' || (typeof x === 'object' && x !== null) ? toDType(x as DTypeLike, op) : REJECT),
};

/** An array, a dtype (or its name), or a JS scalar (a weak scalar, as a Python scalar in NumPy 2; cp.complex as Python's complex). */
const arrayDtypeOrScalar: ParamType<DType | DTypeName | NDArray | number | bigint | boolean | Complex, DType | number | bigint | boolean | Complex> = {
  expected: 'an array, a dtype, a dtype name, a number, a bigint, a boolean or a cp.complex',
  parse: (x, op, name) => (typeof x === 'number' || typeof x === 'bigint' || typeof x === 'boolean' || isComplex(x) ? x : dtypeOrArray.parse(x, op, name)),
};

/** result_type(*arrays_and_dtypes): the dtype NumPy 2 (NEP 50) gives an operation on these operands. */
export const result_type = declare('result_type', [rest('arrays_and_dtypes', arrayDtypeOrScalar)], ({ arrays_and_dtypes }) => {
  if (arrays_and_dtypes.length === 0) throw new CupytsError('ERR_ARG', 'result_type: expected at least one array or dtype, got none');
  return promoteOperands('result_type', arrays_and_dtypes);
});

/** promote_types(type1, type2): the smallest dtype both cast to safely. */
export const promote_types = declare('promote_types', [required('type1', dtypeOrArray), required('type2', dtypeOrArray)],
  ({ type1, type2 }) => promoteTypes(type1, type2));

/** can_cast(from_, to, casting='safe'). JS numbers are refused, as NumPy 2 refuses Python scalars. */
export const can_cast = declare('can_cast', [
  required('from_', dtypeOrArray), required('to', dtypeOrArray),
  positional('casting', oneOf<Casting>('no', 'equiv', 'safe', 'same_kind', 'unsafe'), 'safe'),
], ({ from_, to, casting }) => canCast(from_, to, casting));

/** numpy.finfo's fields for one float dtype. */
export interface FInfo {
  readonly dtype: DType;
  readonly bits: number;
  /** 2**-nmant: the gap between 1 and the next float. */
  readonly eps: number;
  /** 2**-(nmant + 1): the gap between 1 and the float below it. */
  readonly epsneg: number;
  readonly max: number;
  readonly min: number;
  /** The smallest positive normal number (NumPy's tiny is the same). */
  readonly smallest_normal: number;
  readonly tiny: number;
  readonly smallest_subnormal: number;
  /** 10**-precision, rounded to the dtype. */
  readonly resolution: number;
  /** Decimal digits of precision. */
  readonly precision: number;
  readonly nmant: number;
  readonly nexp: number;
  readonly iexp: number;
  readonly maxexp: number;
  readonly minexp: number;
  readonly machep: number;
  readonly negep: number;
}

/** numpy.iinfo's fields for one integer dtype. */
export interface IInfo {
  readonly dtype: DType;
  readonly kind: 'i' | 'u';
  readonly bits: number;
  readonly min: number | bigint;
  readonly max: number | bigint;
}

const MANTISSA_AND_EXPONENT_BITS: Partial<Record<DTypeName, [number, number]>> = { float16: [10, 5], float32: [23, 8], float64: [52, 11] };

/** The dtype's nearest value to x (float16 and float32 values are exact in a JS number). */
function roundTo(d: DType, x: number): number {
  if (d.name === 'float32') return Math.fround(x);
  if (d.name !== 'float16') return x;
  const q = 2 ** (Math.floor(Math.log2(x)) - 10);
  return Math.round(x / q) * q; // normal, positive: the only use here
}

function floatInfo(d: DType): FInfo {
  const [nmant, nexp] = MANTISSA_AND_EXPONENT_BITS[d.name]!;
  const maxexp = 2 ** (nexp - 1);
  const minexp = 2 - maxexp;
  const eps = 2 ** -nmant;
  const max = (2 - eps) * 2 ** (maxexp - 1);
  const precision = Math.floor(nmant * Math.log10(2));
  return Object.freeze({
    dtype: d, bits: d.itemsize * 8, eps, epsneg: eps / 2, max, min: -max,
    smallest_normal: 2 ** minexp, tiny: 2 ** minexp, smallest_subnormal: 2 ** (minexp - nmant),
    resolution: roundTo(d, 10 ** -precision), precision,
    nmant, nexp, iexp: nexp, maxexp, minexp, machep: -nmant, negep: -nmant - 1,
  });
}

/** finfo(dtype): machine limits of a float dtype (from a dtype, its name or an array). */
export const finfo = declare('finfo', [required('dtype', dtypeOrArray)], ({ dtype }): FInfo => {
  if (dtype.kind !== 'f') throw new CupytsError('ERR_DTYPE', `finfo: expected a float dtype, got ${dtype.name} (use iinfo for integers)`);
  return floatInfo(dtype);
});

/** iinfo(int_type): machine limits of an integer dtype (from a dtype, its name or an array). */
export const iinfo = declare('iinfo', [required('int_type', dtypeOrArray)], ({ int_type: d }): IInfo => {
  if (d.kind !== 'i' && d.kind !== 'u') throw new CupytsError('ERR_DTYPE', `iinfo: expected an integer dtype, got ${describe(d.name)}${d.kind === 'f' ? ' (use finfo for floats)' : ''}`);
  const wide = d.itemsize === 8;
  return Object.freeze({
    dtype: d, kind: d.kind, bits: d.itemsize * 8,
    min: wide ? dtypeMin(d) : Number(dtypeMin(d)),
    max: wide ? dtypeMax(d) : Number(dtypeMax(d)),
  });
});

export const pi = Math.PI;
export const e = Math.E;
export const inf = Infinity;
export const nan = NaN;
export const euler_gamma = 0.5772156649015329;
