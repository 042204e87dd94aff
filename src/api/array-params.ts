// Parameter kinds for array arguments (signature.ts), shared by the index helpers, the creation
// helpers and insert/delete: what NumPy's array_like accepts, an array written in place, and a
// list of arrays.
import type { DType } from '../ir/dtype.js';
import { broadcastNode } from '../ir/graph.js';
import { scalarValue } from './assign.js';
import { currentRunner } from './context.js';
import { asarray, type ArrayData } from './creation.js';
import { NDArray, type Scalar } from './ndarray.js';
import type { Runner } from './runners.js';
import { REJECT, type ParamType } from './signature.js';

/** NumPy's array_like: an NDArray, nested JS arrays, a TypedArray or a JS scalar. */
export type ArrayArg = NDArray | ArrayData;

export function isArrayArg(x: unknown): x is ArrayArg {
  return x instanceof NDArray || Array.isArray(x) || typeof x === 'number' || typeof x === 'bigint' || typeof x === 'boolean' ||
    (ArrayBuffer.isView(x) && !(x instanceof DataView));
}

/** An array_like, as an NDArray (JS data uploaded with NumPy's default dtypes, as np.asarray). */
export const arrayLike: ParamType<ArrayArg, NDArray> = {
  expected: 'an array (an NDArray, nested arrays, a TypedArray or a number)',
  parse: (x) => (x instanceof NDArray ? x : isArrayArg(x) ? asarray(x) : REJECT),
};

/** An array_like kept as given (the function converts it as NumPy would for its use). */
export const arrayData: ParamType<ArrayArg> = {
  expected: 'an array (an NDArray, nested arrays, a TypedArray or a number)',
  parse: (x) => (isArrayArg(x) ? x : REJECT),
};

/** An array_like kept as given: JS scalars stay weak scalars (NumPy's Python int/float/bool). */
export const arrayOrScalar: ParamType<ArrayArg, NDArray | number | bigint | boolean> = {
  expected: arrayLike.expected,
  parse: (x) => (typeof x === 'number' || typeof x === 'bigint' || typeof x === 'boolean' ? x : arrayLike.parse(x, '', '')),
};

/** An NDArray that the function writes into (NumPy's in-place functions need a real array). */
export const target: ParamType<NDArray> = {
  expected: 'an NDArray (it is written in place)',
  parse: (x) => (x instanceof NDArray ? x : REJECT),
};

/** A JS callable. */
export const callable: ParamType<(...args: never[]) => unknown> = {
  expected: 'a function',
  parse: (x) => (typeof x === 'function' ? (x as (...args: never[]) => unknown) : REJECT),
};

/** A list (JS array) whose items are each of type `item`; `expected` says what it takes. */
export function listOf<In, Out>(item: ParamType<In, Out>, expected: string): ParamType<readonly In[], Out[]> {
  return {
    expected,
    parse: (x, op, name) => {
      if (!Array.isArray(x)) return REJECT;
      const out: Out[] = [];
      for (const v of x) {
        const p = item.parse(v, op, name);
        if (p === REJECT) return REJECT;
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
