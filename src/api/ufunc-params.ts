// The parameters every NumPy ufunc call takes besides its operands, declared once for all of them:
// ufunc(x1, [x2,] /, out=None, *, where=True, casting='same_kind', order='K', dtype=None,
// subok=True, signature=None). What the call does with them is in ./ufunc-call.ts.
import type { DType, DTypeLike } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import type { Casting } from '../ir/promotion.js';
import { DTYPES } from '../ir/dtype.js';
import { isArrayArg, type ArrayArg } from './array-params.js';
import { arrayFromData } from './creation.js';
import { NDArray, type Scalar } from './ndarray.js';
import { toArray, toOperand, usable } from './operands.js';
import * as t from './param-types.js';
import { keyword, positional, REJECT, type ParamType } from './signature.js';

/** An output array, NumPy's 1-tuple `[arr]` form, or null (a new array). */
export type OutArg = NDArray | readonly [NDArray] | null;
/** The two outputs of frexp, modf and divmod: a pair whose items are arrays or null. */
export type OutPairArg = readonly [NDArray | null, NDArray | null] | null;

/**
 * An operand: array_like, JS scalars kept weak (array-params.ts's arrayOrScalar, written with
 * function declarations only: elementwise.ts is loaded while array-params.ts is still loading).
 */
export const operand: ParamType<ArrayArg, NDArray | Scalar> = {
  expected: 'an array (an NDArray, nested arrays, a TypedArray or a number)',
  parse: (x, op) => (isArrayArg(x) ? toOperand(op, x) : REJECT),
};

const isOutItem = (x: unknown): x is NDArray | null => x === null || x instanceof NDArray;

/** `out` of a ufunc with one output: the array itself, or the list of one array that NumPy also takes. */
export const outOne: ParamType<OutArg, NDArray | null> = {
  expected: 'an NDArray, a list of one NDArray, or null',
  parse: (x, op) => {
    if (x === null) return null;
    if (x instanceof NDArray) return usable(op, x);
    if (Array.isArray(x) && x.length === 1 && x[0] instanceof NDArray) return usable(op, x[0]);
    return REJECT;
  },
};

/** `out` of a ufunc with two outputs: a list of two items, each an NDArray or null. */
export const outPair: ParamType<OutPairArg, Array<NDArray | null>> = {
  expected: 'a list of two NDArrays (or nulls), or null',
  parse: (x, op) => {
    if (x === null) return [null, null];
    if (!Array.isArray(x) || x.length !== 2 || !x.every(isOutItem)) return REJECT;
    return x.map((o) => (o === null ? null : usable(op, o)));
  },
};

/** `where`: true (everywhere), false (nowhere), or a boolean array_like broadcast with the operands. */
export const whereMask: ParamType<ArrayArg | boolean, NDArray | boolean> = {
  expected: 'a boolean or a boolean array',
  parse: (x, op, name) => {
    if (typeof x === 'boolean') return x;
    if (!isArrayArg(x)) return REJECT;
    // JS data converts straight to bool, as NumPy converts a list; an array must already be bool ('safe' casting)
    const mask = x instanceof NDArray ? toArray(op, x) : arrayFromData(op, x, DTYPES.bool);
    if (mask.dtype !== DTYPES.bool) {
      throw new CupytsError('ERR_DTYPE', `${op}: expected ${name} to be a boolean array, got dtype ${mask.dtype.name} (NumPy: cannot cast it to bool with casting rule 'safe')`);
    }
    return mask;
  },
};

export const casting = t.casting;
export const order = t.resultOrder;

/** The keyword parameters of every ufunc call, after the operands and `out`. */
export const UFUNC_KEYWORDS = [
  keyword('where', whereMask, true as NDArray | boolean, 'true'),
  keyword('casting', casting, 'same_kind' as Casting),
  keyword('order', order, 'K' as 'K' | 'A' | 'C'),
  keyword('dtype', t.nullable(t.dtype), null as DType | null),
  keyword('subok', t.notSupported(true), null, 'true'),
  keyword('signature', t.notSupported(), null),
] as const;

/** The positional `out` of a one-output ufunc. */
export const OUT_ONE = positional('out', outOne, null);
/** The keyword `out` of a two-output ufunc (NumPy's out=(out1, out2)). */
export const OUT_PAIR = keyword('out', outPair, [null, null] as Array<NDArray | null>, 'null');

/** What a caller may pass as ufunc keyword options (for the types of the ufunc objects). */
export interface UfuncCallOptions {
  where?: ArrayArg | boolean;
  casting?: Casting;
  order?: 'K' | 'A' | 'C' | 'F';
  dtype?: DTypeLike | null;
  subok?: true | null;
  signature?: null;
}
