// Parameters the creation functions share in their NumPy signatures (signature.ts): dtype,
// memory order, subok, and the NumPy 2 keywords cupyts does not support yet (device, like).
import { DTYPES, type DType } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import { checkShape } from '../ir/shape.js';
import * as t from './param-types.js';
import { keyword, positional, REJECT, type ArgsOf, type Param, type ParamKind, type ParamType } from './signature.js';

/**
 * A shape: a non-negative integer or a list of them. A number or list with a bad size is
 * checkShape's ERR_SHAPE naming the whole shape ("expected a shape of non-negative integers, got [2,-1]").
 */
export const shape: ParamType<number | readonly number[], number[]> = {
  expected: 'a non-negative integer or a list of them',
  parse: (x, op) => (typeof x === 'number' || Array.isArray(x) ? checkShape(op, x) : REJECT),
};

/** NumPy's dtype=None. */
export const dtypeOrNull = t.nullable(t.dtype);

/** `dtype=None` taken positionally (array, asarray, full, the *_like functions, linspace). */
export const dtypeParam = positional('dtype', dtypeOrNull, null);

/** `dtype=float` (zeros, ones, empty, eye, tri): null reads as float64, as in NumPy. */
export const floatDtypeParam = positional('dtype', dtypeOrNull, null, 'float64');

/** NumPy 2's `device=None`: cupyts arrays live on the current backend (useBackend). */
export const deviceParam = keyword('device', t.notSupported(), null);

/** NumPy's `like=None` (array-function dispatch, which has no meaning here). */
export const likeParam = keyword('like', t.notSupported(), null);

/** NumPy's `order='C'` of a new array, 'C' or 'F' (zeros, ones, empty, full, eye). */
export const newOrderParam = positional('order', t.oneOf('C', 'F'), 'C');

/**
 * NumPy's subok. cupyts has no array subclasses, so true and false both give an NDArray, as
 * NumPy gives a base-class ndarray either way.
 */
export const subok: ParamType<boolean> = {
  expected: 'a boolean',
  parse: (x) => (typeof x === 'boolean' ? x : REJECT),
};

/** NumPy's copy flag of array/asarray: true (always copy), false (never: an error if needed), null (if needed). */
export const copyFlag: ParamType<boolean | null> = {
  expected: 'a boolean or null',
  parse: (x) => (x === null || typeof x === 'boolean' ? x : REJECT),
};

/**
 * Refuses Fortran order where it would differ from C order (2 or more dimensions): cupyts makes
 * C-ordered arrays. For 0-d and 1-d arrays the two orders are the same array.
 */
export function checkOrder(op: string, order: string | null, ndim: number): void {
  if (order === 'F' && ndim >= 2) {
    throw new CupytsError('ERR_UNSUPPORTED', `${op}: order 'F' is not supported yet for arrays of 2 or more dimensions (cupyts makes C-ordered arrays)`);
  }
}

/** The dtype a `dtype=float` parameter means. */
export const floatOr = (dtype: DType | null): DType => dtype ?? DTYPES.float64;

// ---- typing helpers for a flag that changes what a function returns (sparse=, retstep=) ----------

type AnyParam = Param<string, any, any, ParamKind>;

/** `P` with the caller-side type narrowed to `In` (for overloads keyed on a flag's value). */
export type Narrowed<P, In> = P extends Param<infer N, any, infer O, infer K> ? Param<N, In, O, K> : never;

/** The call signature of parameters `Ps` returning `R`. */
export type CallOf<Ps extends readonly AnyParam[], R> = (...args: ArgsOf<Ps>) => R;
