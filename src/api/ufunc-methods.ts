// NumPy's methods of the binary ufuncs: reduce, accumulate, outer and at, each declared once with
// NumPy's signature and given to every binary ufunc of ./ufunc.ts. reduce and accumulate run the
// reductions and scans cupyts has (add.reduce is sum over axis 0, NumPy's default for reduce;
// multiply.accumulate is cumprod), or for the bitwise ufuncs, logical_xor, gcd and lcm a fold with
// the ufunc itself (./ufunc-fold.ts); a ufunc without one says so (ERR_UNSUPPORTED) rather than
// computing something else. outer is the ufunc on A reshaped to A.shape + (1,)*B.ndim; at is the
// unbuffered scatter of ./scatter.ts (add and subtract: atomic adds, so duplicates accumulate).
import type { DType, DTypeLike } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import type { ElementwiseOp } from '../ir/ops.js';
import { arrayData, arrayOrScalar, target, type ArrayArg } from './array-params.js';
import type { Index } from './index-parse.js';
import type { NDArray, Scalar } from './ndarray.js';
import { canCast, promoteTypes } from '../ir/promotion.js';
import { resolveLoop } from '../ir/resolve.js';
import { applyOp, dtypeOperand, toArray, toOperand, type ArrayOrScalar } from './operands.js';
import { writeOut } from './out-param.js';
import * as t from './param-types.js';
import { addAt } from './scatter.js';
import { all, any, cumprod, cumsum, max, min, nanmax, nanmin, prod, sum } from './reduction-api.js';
import { declare, keyword, positional, required, REJECT, type ParamType, type Signature } from './signature.js';
import { BINARY_UFUNCS } from './ufunc.js';
import { callUfunc } from './ufunc-call.js';
import { FOLDABLE, foldReduce } from './ufunc-fold.js';
import { UFUNC_KEYWORDS, outOne, whereMask, type OutArg, type UfuncCallOptions } from './ufunc-params.js';
import { reshape } from './views.js';

type Axis = number | readonly number[] | null;

/** reduce(array, axis=0, dtype=None, out=None, keepdims=False, initial=<no value>, where=True). */
export interface ReduceCall {
  (array: ArrayArg, axis?: Axis, dtype?: DTypeLike | null, out?: OutArg, keepdims?: boolean, initial?: Scalar | null, where?: ArrayArg | boolean): NDArray;
  (array: ArrayArg, options: { axis?: Axis; dtype?: DTypeLike | null; out?: OutArg; keepdims?: boolean; initial?: Scalar | null; where?: ArrayArg | boolean }): NDArray;
}

/** A method with its declared signature (for docs and tests). */
type Declared<F> = F & { readonly signature: Signature };

export interface UfuncMethods {
  /** NumPy's ufunc.reduce: the ufunc folded over `axis` (default 0; null for all axes). */
  readonly reduce: Declared<ReduceCall>;
  /** NumPy's ufunc.accumulate(array, axis=0, dtype=None, out=None): the running fold along one axis. */
  readonly accumulate: Declared<(array: ArrayArg, axis?: number | { axis?: number; dtype?: DTypeLike | null; out?: OutArg }, dtype?: DTypeLike | null, out?: OutArg) => NDArray>;
  /** NumPy's ufunc.outer(A, B, /, **kwargs): the ufunc over every pair, shape A.shape + B.shape. */
  readonly outer: Declared<(A: ArrayOrScalar, B: ArrayOrScalar, options?: UfuncCallOptions & { out?: OutArg }) => NDArray>;
  /** NumPy's ufunc.at(a, indices, b): unbuffered a[indices] = ufunc(a[indices], b), in place (add and subtract). */
  readonly at: Declared<(a: NDArray, indices: Index, b: ArrayOrScalar) => void>;
}

/** A reduction of reduction-api.ts: (a, options) with NumPy's keyword names. */
type Reducer = (a: ArrayArg, options: Record<string, unknown>) => NDArray;

/** The reductions NumPy's reduce is for each ufunc (`typed`: the reduction takes dtype=; the others get the array cast first). */
const REDUCERS: Readonly<Record<string, { fn: Reducer; typed: boolean }>> = {
  add: { fn: sum as unknown as Reducer, typed: true },
  multiply: { fn: prod as unknown as Reducer, typed: true },
  maximum: { fn: max as unknown as Reducer, typed: false },
  minimum: { fn: min as unknown as Reducer, typed: false },
  fmax: { fn: nanmax as unknown as Reducer, typed: false },
  fmin: { fn: nanmin as unknown as Reducer, typed: false },
  logical_and: { fn: all as unknown as Reducer, typed: false },
  logical_or: { fn: any as unknown as Reducer, typed: false },
};

/** The scans NumPy's accumulate is for each ufunc. */
const SCANS: Readonly<Record<string, Reducer>> = {
  add: cumsum as unknown as Reducer,
  multiply: cumprod as unknown as Reducer,
};

/** Runs `body`; a CupytsError from the function it forwards to is renamed to `name` (the method the caller called). */
function renamed<R>(name: string, inner: string, body: () => R): R {
  try {
    return body();
  } catch (err) {
    if (err instanceof CupytsError && err.message.startsWith(`${inner}:`)) {
      throw new CupytsError(err.code, `${name}:${err.message.slice(inner.length + 1)}`, { cause: err });
    }
    throw err;
  }
}

const unsupported = (name: string, what: string) => new CupytsError('ERR_UNSUPPORTED', `${name}: ${what}`);

/** initial=: a JS scalar or null (no initial value). */
const initialValue: ParamType<Scalar | null> = {
  expected: 'a number, a bigint, a boolean or null',
  parse: (x) => (x === null || typeof x === 'number' || typeof x === 'bigint' || typeof x === 'boolean' ? x : REJECT),
};

function makeReduce(ufunc: string, op: ElementwiseOp) {
  const name = `${ufunc}.reduce`;
  return declare(name, [
    required('array', arrayData), positional('axis', t.nullable(t.axes), 0 as Axis), positional('dtype', t.nullable(t.dtype), null),
    positional('out', outOne, null), positional('keepdims', t.boolean, false), positional('initial', initialValue, null, '<no value>'),
    positional('where', whereMask, true, 'true'),
  ], (v) => {
    const reducer = REDUCERS[ufunc];
    if (!reducer && FOLDABLE.includes(ufunc)) {
      if (v.where !== true) throw unsupported(name, `where= is not supported for this ufunc yet`);
      const x = toArray(name, v.array);
      // with out and no dtype, NumPy's loop is that of promote(out, a) (gcd.reduce(int8 [6, -4], out=uint8) is 2, not gcd(6, 252))
      const args = { axis: v.axis, dtype: v.dtype ?? (v.out === null ? null : promoteTypes(v.out.dtype, x.dtype)), keepdims: v.keepdims, initial: v.initial, outDtype: v.out?.dtype ?? null };
      return writeOut(name, v.out, renamed(name, op.name, () => foldReduce(name, ufunc, op, x, args)), { casting: 'unsafe', exactShape: true });
    }
    if (!reducer) throw unsupported(name, `not supported for this ufunc yet (NumPy folds it left to right; cupyts reduces ${[...Object.keys(REDUCERS), ...FOLDABLE].join(', ')})`);
    let x = toArray(name, v.array);
    const dtype: DType | null = v.dtype;
    if (dtype !== null && !reducer.typed) {
      if (ufunc.startsWith('logical_') && dtype.kind !== 'b') throw unsupported(name, `dtype=${dtype.name} is not supported (the result is bool)`);
      x = x.astype(dtype);
    }
    // out goes to the reduction, which computes as NumPy does with it (sum in promote(out, a)) and writes it
    const options: Record<string, unknown> = { axis: v.axis, keepdims: v.keepdims, out: v.out };
    if (reducer.typed && dtype !== null) options.dtype = dtype;
    if (v.initial !== null) options.initial = v.initial;
    if (v.where !== true) options.where = v.where;
    const inner = reducer.fn.name || ufunc;
    return renamed(name, inner, () => reducer.fn(x, options));
  });
}

function makeAccumulate(ufunc: string) {
  const name = `${ufunc}.accumulate`;
  return declare(name, [
    required('array', arrayData), positional('axis', t.axis, 0), positional('dtype', t.nullable(t.dtype), null), positional('out', outOne, null),
  ], (v) => {
    const scan = SCANS[ufunc];
    if (!scan) throw unsupported(name, `not supported for this ufunc yet (cupyts accumulates ${Object.keys(SCANS).join(', ')})`);
    const x = toArray(name, v.array);
    if (x.ndim === 0) throw new CupytsError('ERR_ARG', `${name}: expected an array of at least one dimension, got a 0-d array (NumPy: cannot accumulate on a scalar)`);
    // out goes to the scan, which accumulates as NumPy does with it (in promote(out, a)) and writes it
    const options: Record<string, unknown> = { axis: v.axis, out: v.out };
    if (v.dtype !== null) options.dtype = v.dtype;
    return renamed(name, scan.name || ufunc, () => scan(x, options));
  });
}

function makeOuter(ufunc: string, op: ElementwiseOp) {
  const name = `${ufunc}.outer`;
  return declare(name, [required('A', arrayOrScalar), required('B', arrayOrScalar), keyword('out', outOne, null), ...UFUNC_KEYWORDS], (v) => {
    const a = toArray(name, v.A);
    const b = toOperand(name, v.B);
    const bDims = typeof b === 'object' && 'ndim' in b ? b.ndim : 0;
    const column = reshape(a, [...a.shape, ...Array<number>(bDims).fill(1)]);
    return callUfunc(name, [op], [column, b], { out: [v.out], where: v.where, casting: v.casting, dtype: v.dtype })[0];
  });
}

/** The JS negation of a scalar value, or the negative of an array (subtract.at adds -b). */
function negated(name: string, b: ArrayOrScalar): ArrayOrScalar {
  if (typeof b === 'number' || typeof b === 'bigint') return -b;
  return applyOp(BINARY_UFUNCS.get('subtract')!.op, [0, toOperand(name, b)], name);
}

/**
 * NumPy's check for at: the ufunc's loop for (a, b) exists, and its output casts back to a's
 * dtype ('same_kind'). Where it does not, NumPy 2 still runs: it computes each update in the
 * loop's dtype and casts the running value back after each one, unsafely (np.add.at on int32
 * [1] at [0, 0, 0] of [1.7, 0.5, -1.5] gives 0: 2.7 -> 2, 2.5 -> 2, 0.5 -> 0). cupyts adds in a's
 * dtype (atomically on a GPU), which differs where indices repeat, so it refuses that case.
 */
function checkAtLoop(name: string, op: ElementwiseOp, a: NDArray, b: ArrayOrScalar): void {
  const loop = renamed(name, op.name, () => resolveLoop(op, [a.dtype, dtypeOperand(toOperand(name, b))]));
  if (!canCast(loop.output, a.dtype, 'same_kind')) {
    throw unsupported(name, `b gives a ${loop.output.name} result, which does not cast back to a's dtype ${a.dtype.name} with casting rule 'same_kind'; NumPy then casts after each update, which cupyts does not support yet (cast b to ${a.dtype.name} first)`);
  }
}

function makeAt(ufunc: string, op: ElementwiseOp) {
  const name = `${ufunc}.at`;
  const indexType: ParamType<Index, Index> = { expected: 'an index', parse: (x) => (x === undefined ? REJECT : (x as Index)) };
  return declare(name, [required('a', target), required('indices', indexType), positional('b', t.nullable(arrayOrScalar), null)], (v) => {
    if (ufunc !== 'add' && ufunc !== 'subtract') throw unsupported(name, 'not supported for this ufunc yet (cupyts has add.at and subtract.at)');
    if (v.b === null) throw new CupytsError('ERR_ARG', `${name}: expected b (a binary ufunc needs a second operand), got none`);
    checkAtLoop(name, op, v.a, v.b);
    const b = ufunc === 'subtract' ? negated(name, v.b) : v.b;
    renamed(name, 'add.at', () => addAt(v.a, v.indices, b));
  });
}

// Every binary ufunc gets the four methods (non-enumerable, as NumPy's are methods of the class).
for (const [ufunc, { ufunc: fn, op }] of BINARY_UFUNCS) {
  const methods = { reduce: makeReduce(ufunc, op), accumulate: makeAccumulate(ufunc), outer: makeOuter(ufunc, op), at: makeAt(ufunc, op) };
  for (const [key, value] of Object.entries(methods)) Object.defineProperty(fn, key, { value, enumerable: false });
}
