// ufunc.reduce for the ufuncs that have no reduction of their own in src/ir/reductions.ts (sum,
// prod, max, … serve add, multiply, maximum, …): bitwise_and, bitwise_or, bitwise_xor,
// logical_xor, gcd and lcm. Each is associative and commutative, so it folds like sum does: a
// reduce node whose combine is the ufunc's own table op, on both backends. The ufuncs that are not
// (subtract, divide, power, …) fold left to right in NumPy, which a parallel reduction does not
// do: their reduce is ERR_UNSUPPORTED (./ufunc-methods.ts).
import { castScalar, DTYPES, type DType } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import { castNode, reduceNode } from '../ir/graph.js';
import type { ElementwiseOp } from '../ir/ops.js';
import { extreme, type ReduceOp } from '../ir/reductions.js';
import { canCast } from '../ir/promotion.js';
import { loopFor } from '../ir/resolve.js';
import { sizeOf } from '../ir/shape.js';
import { NDArray, type Scalar } from './ndarray.js';
import { applyOp } from './operands.js';
import { normalizeAxes, type Axis } from './reductions.js';

const is64 = (d: DType) => d.itemsize === 8 && d.kind !== 'f';
const zeroOf = (d: DType): number | bigint | boolean => (d.kind === 'b' ? false : is64(d) ? 0n : 0);
const oneOf = (d: DType): number | bigint | boolean => (d.kind === 'b' ? true : is64(d) ? 1n : 1);
/** All bits set: NumPy's identity -1 of bitwise_and, in dtype d. */
const allOnes = (d: DType): number | bigint | boolean => (d.kind === 'b' ? true : d.kind === 'u' ? extreme(d, false) : is64(d) ? -1n : -1);

/**
 * The folds, by ufunc: the value a kernel starts from (NumPy's identity; lcm has none, so an empty
 * lcm reduce is refused as NumPy refuses it, and 1 starts the others), and whether the ufunc is
 * a logical one (operands reduced as bool).
 */
const FOLDS: Readonly<Record<string, { start: (d: DType) => number | bigint | boolean; hasIdentity: boolean; logical?: boolean }>> = {
  bitwise_and: { start: allOnes, hasIdentity: true },
  bitwise_or: { start: zeroOf, hasIdentity: true },
  bitwise_xor: { start: zeroOf, hasIdentity: true },
  logical_xor: { start: zeroOf, hasIdentity: true, logical: true },
  gcd: { start: zeroOf, hasIdentity: true },
  lcm: { start: oneOf, hasIdentity: false },
};

export const FOLDABLE = Object.keys(FOLDS);

const reduceOps = new Map<string, ReduceOp>();

/** The reduce op of `ufunc` (made once, so kernels are cached by its name). */
function reduceOpOf(ufunc: string, op: ElementwiseOp): ReduceOp {
  let r = reduceOps.get(ufunc);
  if (!r) {
    const fold = FOLDS[ufunc];
    r = { name: ufunc, numpyName: ufunc, kind: 'fold', combine: op, identity: (d) => fold.start(d) };
    reduceOps.set(ufunc, r);
  }
  return r;
}

export interface FoldArgs {
  axis: Axis;
  dtype: DType | null;
  keepdims: boolean;
  initial: Scalar | null;
  /** The dtype of NumPy's out=, which NumPy's running value starts in (see foldReduce). */
  outDtype: DType | null;
}

/** `ufunc`.reduce of `x` (errors name `name`). */
export function foldReduce(name: string, ufunc: string, op: ElementwiseOp, x: NDArray, args: FoldArgs): NDArray {
  const fold = FOLDS[ufunc];
  const axes = normalizeAxes(name, x.ndim, args.axis, true);
  const wanted = fold.logical ? DTYPES.bool : args.dtype ?? x.dtype;
  const loop = loopFor(op, wanted);
  if (loop.output !== loop.input) {
    throw new CupytsError('ERR_DTYPE', `${name}: expected a dtype whose loop gives the same dtype, got ${wanted.name} (its loop gives ${loop.output.name})`);
  }
  const reduced = sizeOf(axes.map((j) => x.shape[j]));
  const kept = sizeOf(x.shape.filter((_, j) => !axes.includes(j)));
  if (!fold.hasIdentity && args.initial === null && reduced === 0 && kept > 0) {
    throw new CupytsError('ERR_EMPTY', `${name}: zero-size array to reduction operation ${ufunc} which has no identity`);
  }
  const input = x.dtype === loop.input ? x.node : castNode(x.node, loop.input);
  const result = new NDArray(reduceNode(reduceOpOf(ufunc, op), input, axes, args.keepdims, loop.input), x.runner);
  const seed = seedThroughOut(name, fold, loop.input, args);
  return seed === null ? result : applyOp(op, [result, seed], name).astype(loop.input);
}

/**
 * The value the fold starts from, where it is not the identity. NumPy starts its running value in
 * out: `initial` (else the identity; lcm, which has none, its first element) cast into out's dtype
 * and back into the loop's, which matters where that cast loses something: bitwise_and.reduce of
 * int8 [3, 2] into a bool out starts from -1 -> True -> 1 and gives False. lcm into an out that
 * does not hold the loop's values is refused (its first element would have to go through out).
 * NumPy also keeps the running value in out between its 8192-element buffers: for gcd into a
 * narrower out, longer reductions than that can differ.
 */
function seedThroughOut(name: string, fold: (typeof FOLDS)[string], loop: DType, args: FoldArgs): Scalar | null {
  const out = args.outDtype;
  if (out === null || out === loop) return args.initial;
  if (args.initial === null && !fold.hasIdentity) {
    if (out.kind !== 'b' && !canCast(loop, out, 'safe')) {
      throw new CupytsError('ERR_UNSUPPORTED', `${name}: an out of dtype ${out.name} for a ${loop.name} loop is not supported yet (NumPy starts from the first element cast into out's dtype); pass initial=, or use an out that holds ${loop.name}`);
    }
    return null; // a bool out keeps the first element's truth, which is all lcm's truth depends on
  }
  const start = args.initial ?? fold.start(loop);
  const seed = castScalar(castScalar(start, out), loop) as Scalar;
  return args.initial === null && seed === start ? null : seed;
}
