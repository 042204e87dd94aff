// NumPy's ufunc objects: each elementwise function of the op table (src/ir/ops.ts) is a callable
// with NumPy's signature, ufunc(x1, [x2,] /, out=None, *, where=True, casting='same_kind',
// order='K', dtype=None, subok=True, signature=None), declared once here for all of them, and
// NumPy's attributes nin, nout, nargs, identity, ntypes and types. The binary ufuncs get the
// methods reduce, accumulate, outer and at from ./ufunc-methods.ts.
//
// The plain call, with just the operands, goes straight to applyOp: building an op is on the hot
// path, and parsing an empty set of options would cost more than the op. Anything more is parsed
// by the declaration, so an extra argument, an unknown option or a bad value is a CupytsError
// naming the ufunc and the argument.
import type { DTypeName } from '../ir/dtype.js';
import type { ElementwiseOp } from '../ir/ops.js';
import { elementwiseOp } from '../ir/ops.js';
import { UFUNC_LOOPS } from '../ir/ufunc-loops.js';
import type { ArrayArg } from './array-params.js';
import type { NDArray } from './ndarray.js';
import { applyOp, type ArrayOrScalar } from './operands.js';
import { callUfunc } from './ufunc-call.js';
import type { UfuncMethods } from './ufunc-methods.js';
import { operand, OUT_ONE, OUT_PAIR, UFUNC_KEYWORDS, type OutArg, type OutPairArg, type UfuncCallOptions } from './ufunc-params.js';
import { required, signature, type Signature } from './signature.js';

/** NumPy's ufunc attributes. */
export interface UfuncAttributes {
  /** Number of inputs. */
  readonly nin: number;
  /** Number of outputs. */
  readonly nout: number;
  /** nin + nout. */
  readonly nargs: number;
  /** The value reduce starts from (NumPy's: add 0, multiply 1, logical_and true, …), or null where there is none. */
  readonly identity: number | boolean | null;
  /** Number of loops over cupyts's dtypes (NumPy counts complex, longdouble and object loops too). */
  readonly ntypes: number;
  /** The loops over cupyts's dtypes, in NumPy's character codes and search order ('bb->b', 'ff->f'). */
  readonly types: readonly string[];
  /** The declared call signature (cupyts's convention; NumPy's generalized-ufunc `signature` attribute is null for every ufunc here). */
  readonly signature: Signature;
}

type OutOption = { out?: OutArg };
type OutPairOption = { out?: OutPairArg };

export interface UnaryUfunc extends UfuncAttributes {
  (x: ArrayOrScalar, out?: OutArg, options?: UfuncCallOptions & OutOption): NDArray;
  (x: ArrayOrScalar, options: UfuncCallOptions & OutOption): NDArray;
}

export interface BinaryUfunc extends UfuncAttributes, UfuncMethods {
  (x1: ArrayOrScalar, x2: ArrayOrScalar, out?: OutArg, options?: UfuncCallOptions & OutOption): NDArray;
  (x1: ArrayOrScalar, x2: ArrayOrScalar, options: UfuncCallOptions & OutOption): NDArray;
}

export interface UnaryUfunc2 extends UfuncAttributes {
  (x: ArrayOrScalar, options?: UfuncCallOptions & OutPairOption): [NDArray, NDArray];
}

export interface BinaryUfunc2 extends UfuncAttributes {
  (x1: ArrayOrScalar, x2: ArrayOrScalar, options?: UfuncCallOptions & OutPairOption): [NDArray, NDArray];
}

/** NumPy's one-character codes of cupyts's dtypes (int64 is 'l' on the platforms NumPy lists first). */
const TYPE_CODES: Record<DTypeName, string> = {
  bool: '?', int8: 'b', uint8: 'B', int16: 'h', uint16: 'H', int32: 'i', uint32: 'I',
  int64: 'l', uint64: 'L', float16: 'e', float32: 'f', float64: 'd', complex64: 'F', complex128: 'D',
};

/** NumPy's ufunc.identity of the ufuncs that have one (the others' is None). */
const IDENTITY: Readonly<Record<string, number | boolean>> = {
  add: 0, multiply: 1, logical_and: true, logical_or: false, logical_xor: false,
  bitwise_and: -1, bitwise_or: 0, bitwise_xor: 0, gcd: 0, hypot: 0, logaddexp: -Infinity, logaddexp2: -Infinity,
  erfinv: 0, erfcinv: 0, // scipy.special's
};

/** The loops as NumPy's type strings; divmod, listed by floor_divide's loops, repeats the output for its second. */
function typeStrings(ufunc: string, nout: number): string[] {
  return (UFUNC_LOOPS[ufunc] ?? []).map((row) => {
    const at = row.indexOf('->');
    const code = (names: readonly (DTypeName | '->')[]) => names.map((n) => TYPE_CODES[n as DTypeName]).join('');
    const outputs = row.slice(at + 1);
    while (outputs.length < nout) outputs.push(outputs[outputs.length - 1]);
    return `${code(row.slice(0, at))}->${code(outputs)}`;
  });
}

function attributes(ufunc: string, nin: number, nout: number, sig: Signature): UfuncAttributes {
  const types = Object.freeze(typeStrings(ufunc, nout));
  return { nin, nout, nargs: nin + nout, identity: IDENTITY[ufunc] ?? null, ntypes: types.length, types, signature: sig };
}

/** The binary ufuncs made so far, by name: ./ufunc-methods.ts gives each its methods. */
export const BINARY_UFUNCS = new Map<string, { ufunc: BinaryUfunc; op: ElementwiseOp }>();

function finishUfunc<F extends object>(fn: Function, name: string, attrs: UfuncAttributes): F {
  Object.defineProperty(fn, 'name', { value: name });
  for (const [key, value] of Object.entries(attrs)) Object.defineProperty(fn, key, { value, enumerable: false });
  return fn as F;
}

const X = required('x', operand);
const X1 = required('x1', operand);
const X2 = required('x2', operand);

/** The unary ufunc of table op `name` (an alias gives the same op: cupyts exports aliases as the same object). */
export function unaryUfunc(name: string): UnaryUfunc {
  const op = elementwiseOp(name)!;
  const sig = signature(op.name, [X, OUT_ONE, ...UFUNC_KEYWORDS]);
  function ufunc(x: ArrayOrScalar): NDArray {
    if (arguments.length === 1) return applyOp(op, [x]);
    const v = sig.parse(Array.from(arguments));
    return callUfunc(op.name, [op], [v.x as ArrayOrScalar], { out: [v.out], where: v.where, casting: v.casting, dtype: v.dtype })[0];
  }
  return finishUfunc<UnaryUfunc>(ufunc, op.name, attributes(op.ufunc, 1, 1, sig));
}

/** The binary ufunc of table op `name`. */
export function binaryUfunc(name: string): BinaryUfunc {
  const op = elementwiseOp(name)!;
  const sig = signature(op.name, [X1, X2, OUT_ONE, ...UFUNC_KEYWORDS]);
  function ufunc(x1: ArrayOrScalar, x2: ArrayOrScalar): NDArray {
    if (arguments.length === 2) return applyOp(op, [x1, x2]);
    const v = sig.parse(Array.from(arguments));
    return callUfunc(op.name, [op], [v.x1 as ArrayOrScalar, v.x2 as ArrayOrScalar], { out: [v.out], where: v.where, casting: v.casting, dtype: v.dtype })[0];
  }
  const made = finishUfunc<BinaryUfunc>(ufunc, op.name, attributes(op.ufunc, 2, 1, sig));
  BINARY_UFUNCS.set(op.name, { ufunc: made, op });
  return made;
}

/** A ufunc with two outputs: `first` and `second` are the table ops of its outputs; it returns them as a JS array. */
export function twoOutputUfunc(name: string, ufunc: string, first: string, second: string): UnaryUfunc2 & BinaryUfunc2 {
  const ops = [elementwiseOp(first)!, elementwiseOp(second)!];
  const operands = ops[0].arity === 1 ? [X] : [X1, X2];
  const sig = signature(name, [...operands, OUT_PAIR, ...UFUNC_KEYWORDS]);
  function call(...args: unknown[]): [NDArray, NDArray] {
    const v = sig.parse(args) as Record<string, unknown> & { out: Array<NDArray | null> };
    const inputs = (ops[0].arity === 1 ? [v.x] : [v.x1, v.x2]) as ArrayOrScalar[];
    const [a, b] = callUfunc(name, ops, inputs, { out: v.out, where: v.where as NDArray | boolean, casting: v.casting as never, dtype: v.dtype as never });
    return [a, b];
  }
  return finishUfunc(call, name, attributes(ufunc, ops[0].arity, 2, sig));
}

export type { ArrayArg, UfuncCallOptions };
