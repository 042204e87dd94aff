// Turning function arguments into graph inputs: NDArrays as they are, JS numbers, bigints and
// booleans as NumPy's weak Python scalars, nested arrays and TypedArrays uploaded as arrays
// (NumPy's asanyarray). Every function converts its array arguments here, so a wrong argument
// is one error naming the function, whichever function it is.
import { DTYPES, dtypeMax, dtypeMin, isInteger, truthOf, type DType } from '../ir/dtype.js';
import { isComplex } from '../ir/complex.js';
import { CupytsError, describe } from '../ir/errors.js';
import { broadcastNode, mapNode, scalarNode, whereNode, type Node } from '../ir/graph.js';
import { elementwiseOp, type ElementwiseOp } from '../ir/ops.js';
import { checkWeakScalar, isWeakInt, promoteOperands, resultType, type Operand } from '../ir/promotion.js';
import { resolveLoop, type ResolvedLoop } from '../ir/resolve.js';
import { broadcastShapes, checkShape, formatShape, sameShape, sizeOf, type Shape } from '../ir/shape.js';
import { usable } from './ndarray.js';
import { arrayFromData, full, type ArrayData } from './creation.js';
import { NDArray, type Scalar } from './ndarray.js';

export type ArrayOrScalar = NDArray | Scalar | ArrayData;

function isScalar(x: unknown): x is Scalar {
  return typeof x === 'number' || typeof x === 'bigint' || typeof x === 'boolean' || isComplex(x);
}

export { usable };

/** An argument that is an array or a scalar: NDArrays and JS scalars as they are, JS data uploaded (errors name `op`). */
export function toOperand(op: string, x: unknown): NDArray | Scalar {
  if (x instanceof NDArray) return usable(op, x);
  if (isScalar(x)) return x;
  return arrayFromData(op, x);
}

/** An argument that is an array: NDArrays as they are, JS data and scalars uploaded (NumPy's asanyarray; errors name `op`). */
export function toArray(op: string, x: unknown): NDArray {
  const a = toOperand(op, x);
  return a instanceof NDArray ? a : arrayFromData(op, a);
}

/**
 * `x` in dtype `d`: `x` itself where it has it, else a cast. For the library's own intermediates and
 * inputs: the public astype copies.
 */
export function asDtype(x: NDArray, d: DType): NDArray {
  return x.dtype === d ? x : x.astype(d);
}

/** A list of array arguments, all on one backend. */
export function toArrays(op: string, xs: unknown): NDArray[] {
  if (!Array.isArray(xs)) throw new CupytsError('ERR_ARG', `${op}: expected a list of arrays, got ${describe(xs)}`);
  const arrays = Array.from(xs, (x) => toArray(op, x)); // a hole reads as undefined
  runnerOf(op, arrays);
  return arrays;
}

/** The error of an op given arrays of two backends (ERR_ARG) or of two CUDA devices (ERR_DEVICE). */
export function runnerMismatch(op: string, runners: ReadonlyArray<NDArray['runner']>): CupytsError {
  const kinds = [...new Set(runners.map((r) => r.kind))];
  if (kinds.length > 1) return new CupytsError('ERR_ARG', `${op}: expected arrays of one backend, got ${kinds.join(' and ')}`);
  return new CupytsError('ERR_DEVICE', `${op}: expected arrays of one device, got arrays on ${[...new Set(runners.map((r) => r.deviceName))].join(' and ')}`);
}

function runnerOf(op: string, operands: readonly (NDArray | Scalar)[]) {
  let runner: NDArray['runner'] | undefined;
  for (const o of operands) {
    if (!(o instanceof NDArray)) continue;
    runner ??= o.runner;
    if (o.runner !== runner) {
      const arrays = operands.filter((a): a is NDArray => a instanceof NDArray);
      throw runnerMismatch(op, arrays.map((a) => a.runner));
    }
  }
  return runner;
}

/** The broadcast shape of the arrays among `operands` (the arrays' own shape where they agree, as is usual). */
function shapeOf(op: string, operands: readonly (NDArray | Scalar)[]): Shape {
  let shape: Shape | undefined;
  let same = true;
  for (const o of operands) {
    if (!(o instanceof NDArray)) continue;
    if (shape === undefined) shape = o.node.shape;
    else if (!sameShape(shape, o.node.shape)) same = false;
  }
  if (shape === undefined) return [];
  if (same) return shape;
  return broadcastShapes(op, ...operands.filter((o): o is NDArray => o instanceof NDArray).map((a) => a.node.shape));
}

function inputNode(o: NDArray | Scalar, dtype: DType): Node {
  return o instanceof NDArray ? o.node : scalarNode(o, dtype);
}

export const dtypeOperand = (o: NDArray | Scalar): Operand => (o instanceof NDArray ? o.dtype : o);

/**
 * Applies a table op: broadcasting, NumPy's dtype rules, and a lazy node (errors name `name`).
 * `chosen` is a loop picked by the caller (a ufunc's dtype=); by default NumPy's resolution picks it.
 */
export function applyOp(op: ElementwiseOp, args: readonly ArrayOrScalar[], name: string = op.name, chosen?: ResolvedLoop): NDArray {
  if (args.length !== op.arity) {
    throw new CupytsError('ERR_ARG', `${name}: expected ${op.arity} argument${op.arity > 1 ? 's' : ''}, got ${args.length}`);
  }
  const operands = args.map((a) => toOperand(name, a)).map((o) => (op.readsTruth && !(o instanceof NDArray) ? truthOf(o) : o));
  const shape = shapeOf(name, operands);
  const settled = chosen ? undefined : comparedOutOfRange(op, operands);
  if (settled !== undefined) return full(shape, settled, { dtype: 'bool' });
  const loop = chosen ?? resolveLoop(op, operands.map(dtypeOperand));
  if (comparesMixedSign(op, operands, loop)) return mixedSignComparison(op, operands as NDArray[], name);
  // NumPy's fast scalar power: a float or complex array to the weak scalar 2 is its square (x * x:
  // the same values, and no pow call inside the kernel).
  const base = operands[0];
  if (op.name === 'power' && operands[1] === 2 && base instanceof NDArray && base.dtype === loop.output && (base.dtype.kind === 'f' || base.dtype.kind === 'c')) {
    return applyOp(elementwiseOp('square')!, [base], name);
  }
  // (NumPy's loops raise per element, so an empty result raises nothing: int16 array of 0 elements ** -128)
  const problem = sizeOf(shape) === 0 ? undefined : op.checkScalars?.(operands.map((o) => (o instanceof NDArray ? undefined : o)), loop.input);
  if (problem) throw new CupytsError('ERR_ARG', `${name}: expected ${problem}`);
  const node = mapNode(op, operands.map((o) => inputNode(o, loop.input)), shape, loop.input, loop.output);
  const result = new NDArray(node, runnerOf(name, operands));
  // A signed integer power with an array exponent: NumPy raises for a negative one (a scalar one is
  // refused above), which only a kernel sees: a read of the result raises it.
  const exponent = operands[1];
  if (op.name === 'power' && loop.input.kind === 'i' && exponent instanceof NDArray && exponent.dtype.kind === 'i') {
    const valid = applyOp(elementwiseOp('greater_equal')!, [exponent, 0]);
    return elementChecks.attach(result, valid, `${name}: Integers to negative integer powers are not allowed`);
  }
  return result;
}

/**
 * How a result gets a check of its elements that only a kernel sees (./random-param-checks.ts
 * installs it when it loads: it builds on modules that import this one).
 */
export const elementChecks = {
  attach: (result: NDArray, _valid: NDArray, _message: string): NDArray => result,
};

/**
 * Whether `op` compares an int64 array with a uint64 array in their common loop, float64 (not a
 * loop dtype= chose): NumPy 2's mixed loops compare them exactly and cast no input.
 */
export function comparesMixedSign(op: ElementwiseOp, operands: readonly (NDArray | Scalar)[], loop: ResolvedLoop): boolean {
  const [a, b] = operands;
  if (loop.input !== DTYPES.float64 || !(op.name in ABOVE) || !(a instanceof NDArray) || !(b instanceof NDArray)) return false;
  return (a.dtype === DTYPES.int64 && b.dtype === DTYPES.uint64) || (a.dtype === DTYPES.uint64 && b.dtype === DTYPES.int64);
}

/**
 * An int64 array compared with a uint64 array: NumPy 2 compares them exactly (its mixed loops),
 * not in float64, their common dtype, which rounds above 2**53 (int64 2**62 + 1 == uint64 2**62
 * was true). Where the signed value is negative it is below every unsigned one; elsewhere the two
 * compare as uint64. For the calls comparesMixedSign picks.
 */
function mixedSignComparison(op: ElementwiseOp, operands: readonly NDArray[], name: string): NDArray {
  const [a, b] = operands;
  const signedFirst = a.dtype === DTYPES.int64;
  const signed = signedFirst ? a : b;
  const asUnsigned = signed.astype(DTYPES.uint64);
  const same = applyOp(op, signedFirst ? [asUnsigned, b] : [a, asUnsigned], name);
  // where the signed value is negative, the other side is above it (ABOVE, read from its side)
  const orders = op.name !== 'equal' && op.name !== 'not_equal';
  const whereNegative = signedFirst || !orders ? ABOVE[op.name] : !ABOVE[op.name];
  return where(applyOp(elementwiseOp('less')!, [signed, 0], name), whereNegative, same);
}

/** For x OP s where JS integer s is above every value of x's dtype: the result; s below: its negation (not for equal, not_equal). */
const ABOVE: Record<string, boolean> = { less: true, less_equal: true, greater: false, greater_equal: false, equal: false, not_equal: true };

/**
 * A comparison of an integer array with a JS integer its dtype cannot hold: NumPy 2 compares the
 * values exactly (uint8 array < 1000 is all True, int8 array == 200 all False), where the loop of
 * the array's dtype would overflow. Returns that constant result, or undefined.
 */
function comparedOutOfRange(op: ElementwiseOp, operands: readonly (NDArray | Scalar)[]): boolean | undefined {
  if (!(op.name in ABOVE) || operands.length !== 2) return undefined;
  const k = operands.findIndex((o) => o instanceof NDArray);
  const array = operands[k] as NDArray | undefined;
  const s = operands[1 - k];
  if (!array || s instanceof NDArray || !isWeakInt(s) || (array.dtype.kind !== 'i' && array.dtype.kind !== 'u')) return undefined;
  const v = BigInt(s);
  const above = v > dtypeMax(array.dtype);
  if (!above && v >= dtypeMin(array.dtype)) return undefined;
  if (op.name === 'equal' || op.name === 'not_equal') return ABOVE[op.name];
  // s above x: x < s; s written first (s < x) is the mirror
  return ABOVE[op.name] === (above === (k === 0));
}

/** The table op by name (for composite functions). */
export function applyNamed(name: string, args: readonly ArrayOrScalar[]): NDArray {
  return applyOp(elementwiseOp(name)!, args);
}

/** where(cond, x, y): elements of x where cond is true, else of y. */
export function where(cond: ArrayOrScalar, x: ArrayOrScalar, y: ArrayOrScalar): NDArray {
  const c = toOperand('where', cond);
  const a = toOperand('where', x);
  const b = toOperand('where', y);
  const shape = shapeOf('where', [c, a, b]);
  const dtype = promoteOperands('where', [dtypeOperand(a), dtypeOperand(b)]);
  const condNode = c instanceof NDArray ? c.node : scalarNode(Boolean(c), resultType('where', c));
  return new NDArray(whereNode(condNode, inputNode(whereChoice(a, dtype), dtype), inputNode(whereChoice(b, dtype), dtype), shape, dtype), runnerOf('where', [c, a, b]));
}

/**
 * A choice of where() in its dtype: a JS (Python) integer must fit it, as in arithmetic. NumPy
 * converts it through a C long where the dtype is not uint64 (its message past that range).
 * NumPy 2.4 wrapped such an integer instead (where(c, int8 array, 1000) put -24: numpy/numpy#27006);
 * 2.5 raises again, as every release before 2.4.
 */
function whereChoice(o: NDArray | Scalar, dtype: DType): NDArray | Scalar {
  if (o instanceof NDArray || !isWeakInt(o)) return o;
  const v = BigInt(o);
  const cLong = v >= -(2n ** 63n) && (v < 2n ** 63n || (v < 2n ** 64n && dtype.name === 'uint64'));
  if (isInteger(dtype) && !cLong) throw new CupytsError('ERR_OVERFLOW', `where: Python int ${v} too large to convert to C long`);
  checkWeakScalar('where', o, dtype);
  return o;
}

/** NumPy's broadcast_arrays: each array broadcast to the shape of them all (read-only views). */
export function broadcast_arrays(...args: Array<NDArray | ArrayData>): NDArray[] {
  const arrays = toArrays('broadcast_arrays', args);
  if (arrays.length === 0) return [];
  const shape = broadcastShapes('broadcast_arrays', ...arrays.map((a) => a.node.shape));
  return arrays.map((a) => (sameShape(a.shape, shape) ? a : broadcastTo(a, shape)));
}

/** `a` repeated to `shape` (lazy; no memory is read twice). */
export function broadcastTo(array: NDArray | ArrayData, shape: number | readonly number[]): NDArray {
  const a = toArray('broadcast_to', array);
  const dims = checkShape('broadcast_to', shape, a.dtype.itemsize);
  const out = broadcastShapes('broadcast_to', a.node.shape, dims);
  if (!sameShape(out, dims)) {
    throw new CupytsError('ERR_SHAPE', `broadcast_to: cannot broadcast shape ${formatShape(a.shape)} to ${formatShape(dims)}`);
  }
  return new NDArray(broadcastNode(a.node, dims, true), a.runner);
}
