// Parameter kinds for array arguments (signature.ts), shared by the functions declared with it:
// what NumPy's array_like accepts, a JS scalar kept weak, an array written in place, a list of
// arrays; and the small view helpers those functions share. Array arguments are converted by
// operands.ts's toArray/toOperand, so errors name the function and disposed arrays are refused.
import type { DType } from '../ir/dtype.js';
import { CupytsError, describe } from '../ir/errors.js';
import { isComplex } from '../ir/complex.js';
import { broadcastNode } from '../ir/graph.js';
import { scalarValue } from './assign.js';
import { currentRunner } from './context.js';
import type { ArrayData } from './creation.js';
import { slice, type IndexItem } from './index-parse.js';
import { NDArray, type Scalar } from './ndarray.js';
import { toArray, toOperand, usable } from './operands.js';
import type { Runner } from './runners.js';
import { REJECT, type ParamType } from './signature.js';

/** NumPy's array_like: an NDArray, nested JS arrays, a TypedArray or a JS scalar. */
export type ArrayArg = NDArray | ArrayData;

const isScalar = (x: unknown): x is Scalar => typeof x === 'number' || typeof x === 'bigint' || typeof x === 'boolean' || isComplex(x);

export function isArrayArg(x: unknown): x is ArrayArg {
  return x instanceof NDArray || Array.isArray(x) || isScalar(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));
}

const ARRAY_LIKE = 'an array (an NDArray, nested arrays, a TypedArray or a number)';

/** An array_like, as an NDArray (JS data uploaded with NumPy's default dtypes, as np.asanyarray). */
export const arrayLike: ParamType<ArrayArg, NDArray> = {
  expected: ARRAY_LIKE,
  parse: (x, op) => (isArrayArg(x) ? toArray(op, x) : REJECT),
};

/** An array_like kept as given (the function converts it as NumPy would for its use; a disposed NDArray is refused here). */
export const arrayData: ParamType<ArrayArg> = {
  expected: ARRAY_LIKE,
  parse: (x, op) => (x instanceof NDArray ? usable(op, x) : isArrayArg(x) ? x : REJECT),
};

/** An array_like where JS scalars stay weak scalars (NumPy's Python int/float/bool), for arithmetic. */
export const arrayOrScalar: ParamType<ArrayArg, NDArray | Scalar> = {
  expected: ARRAY_LIKE,
  parse: (x, op) => (isArrayArg(x) ? toOperand(op, x) : REJECT),
};

/** An NDArray that the function writes into (NumPy's in-place functions need a real array; a disposed one is refused). */
export const target: ParamType<NDArray> = {
  expected: 'an NDArray (it is written in place)',
  parse: (x, op) => (x instanceof NDArray ? usable(op, x) : REJECT),
};

/** A JS callable. */
export const callable: ParamType<(...args: never[]) => unknown> = {
  expected: 'a function',
  parse: (x) => (typeof x === 'function' ? (x as (...args: never[]) => unknown) : REJECT),
};

/** A list (JS array) whose items are each of type `item`; `expected` says what it takes, and a bad item is named by its index. */
export function listOf<In, Out>(item: ParamType<In, Out>, expected: string): ParamType<readonly In[], Out[]> {
  return {
    expected,
    parse: (x, op, name) => {
      if (!Array.isArray(x)) return REJECT;
      const out: Out[] = [];
      for (let i = 0; i < x.length; i++) {
        const p = item.parse(x[i], op, name);
        if (p === REJECT) throw new CupytsError('ERR_ARG', `${op}: expected ${name}[${i}] to be ${item.expected}, got ${describe(x[i])}`);
        out.push(p);
      }
      return out;
    },
  };
}

/** A JS scalar as a 0-d array of `dtype`, converted as NumPy's setitem converts it (integers must fit). */
export function scalarArray(op: string, value: Scalar, dtype: DType, runner: Runner = currentRunner()): NDArray {
  return new NDArray(broadcastNode(scalarValue(op, value, dtype), []), runner);
}

/** `x[..., start:stop, ...]` with the slice on `axis` (NumPy's slice rules: negative and open ends). */
export function sliceAxis(x: NDArray, axis: number, start: number | null, stop: number | null, step: number | null = null): NDArray {
  const index: IndexItem[] = x.shape.map((_, j) => (j === axis ? slice(start, stop, step) : slice()));
  return x.get(index);
}

/**
 * `axis` checked against `ndim` (negative counts from the end), NumPy's AxisError otherwise. A
 * number that is not an integer is refused as NumPy refuses a float axis (TypeError), so neither
 * a caller nor the library's own composites can slip one past the parameter types.
 */
export function checkAxis(op: string, axis: number, ndim: number, name = 'axis'): number {
  if (!Number.isInteger(axis)) {
    throw new CupytsError('ERR_ARG', `${op}: expected ${name} to be an integer, got ${describe(axis)} (NumPy: 'float' object cannot be interpreted as an integer)`);
  }
  if (axis < -ndim || axis >= ndim) throw new CupytsError('ERR_AXIS', `${op}: ${name} ${axis} is out of bounds for array of dimension ${ndim}`);
  return axis < 0 ? axis + ndim : axis;
}
