// A ufunc call with NumPy's keyword arguments: the loop (NumPy's resolution, or the one whose
// output is `dtype=`), the input casting check under `casting=`, the ops applied lazily, then
// `where=` (elements where it is false keep out's values) and `out=` (written in place through
// ./assign.ts and returned, as NumPy returns it). With `where=` and no `out`, NumPy leaves the
// elements where it is false uninitialized, and so does CuPy (its ufuncs take only a private
// `_where`, into an uninitialized cupy.empty); cupyts gives them 0 (false for bool), so a result
// never depends on what memory held before. The plain call (operands only) does not come
// here: ./ufunc.ts sends it straight to applyOp.
import { DTYPES, type DType, type DTypeName } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import type { ElementwiseOp } from '../ir/ops.js';
import { canCast, checkWeakScalar, resultType, type Casting } from '../ir/promotion.js';
import { resolveLoop, type ResolvedLoop } from '../ir/resolve.js';
import { broadcastShapes, formatShape } from '../ir/shape.js';
import { UFUNC_LOOPS, type UfuncLoop } from '../ir/ufunc-loops.js';
import { NDArray, type Scalar } from './ndarray.js';
import { applyOp, comparesMixedSign, dtypeOperand, toOperand, where as select, type ArrayOrScalar } from './operands.js';
import { assign } from './assign.js';

export interface CallOptions {
  /** One per output (null: a new array). */
  out: ReadonlyArray<NDArray | null>;
  where: NDArray | boolean;
  casting: Casting;
  dtype: DType | null;
}

/** Where a loop row lists output `k` of `op`. */
const outputAt = (row: UfuncLoop, op: ElementwiseOp) => row.indexOf('->') + 1 + (op.output ?? 0);

/** The loop of `op` in `row`: its (first) input dtype and the op's output dtype. */
function fromRow(row: UfuncLoop, op: ElementwiseOp): ResolvedLoop {
  return { input: DTYPES[row[0] as DTypeName], output: DTYPES[row[outputAt(row, op)] as DTypeName] };
}

/** Rows whose inputs are all one dtype (what one input dtype can run), except ldexp's float-int pairs. */
function usableRow(row: UfuncLoop, op: ElementwiseOp): boolean {
  if (op.resolver === 'ldexp') return true;
  const inputs = row.slice(0, row.indexOf('->'));
  return inputs.every((d) => d === inputs[0]);
}

/**
 * NumPy's dtype=: the loop whose output is `dtype`. The first such loop the operands' common dtype
 * casts to safely, else the first one (the input casting check then decides, as in NumPy).
 */
function loopRowFor(name: string, first: ElementwiseOp, operands: readonly (NDArray | Scalar)[], dtype: DType): UfuncLoop {
  const rows = (UFUNC_LOOPS[first.ufunc] ?? []).filter((row) => usableRow(row, first) && row[outputAt(row, first)] === dtype.name);
  if (rows.length === 0) {
    throw new CupytsError('ERR_DTYPE', `${name}: no loop of NumPy's ufunc '${first.ufunc}' has the output dtype ${dtype.name} (dtype=)`);
  }
  const common = first.resolver === 'ldexp' ? undefined : promotedOrUndefined(name, operands);
  return rows.find((row) => common !== undefined && canCast(common, DTYPES[row[0] as DTypeName], 'safe')) ?? rows[0];
}

/** The operands' promoted dtype, or undefined where a JS integer does not fit it (dtype= may still give it a loop it fits). */
function promotedOrUndefined(name: string, operands: readonly (NDArray | Scalar)[]): DType | undefined {
  try {
    return resultType(name, ...operands.map(dtypeOperand));
  } catch (err) {
    if (err instanceof CupytsError && err.code === 'ERR_OVERFLOW') return undefined;
    throw err;
  }
}

/** NumPy's check of the JS scalars against the loop dtype= chose (Python integer 300000 out of bounds for int16). */
function checkScalars(name: string, operands: readonly (NDArray | Scalar)[], loop: ResolvedLoop): void {
  for (const o of operands) if (!(o instanceof NDArray)) checkWeakScalar(name, o, loop.input);
}

/** NumPy's loop for `op`; an error names the ufunc called (divmod runs floor_divide and remainder). */
function resolveNamed(name: string, op: ElementwiseOp, operands: readonly (NDArray | Scalar)[]): ResolvedLoop {
  try {
    return resolveLoop(op, operands.map(dtypeOperand));
  } catch (err) {
    if (!(err instanceof CupytsError) || op.name === name || !err.message.startsWith(`${op.name}:`)) throw err;
    throw new CupytsError(err.code, `${name}:${err.message.slice(op.name.length + 1)}`);
  }
}

/** The loop of each op: NumPy's resolution, or the row dtype= picks (shared by both outputs of a two-output ufunc). */
function loopsFor(name: string, ops: readonly ElementwiseOp[], operands: readonly (NDArray | Scalar)[], dtype: DType | null): ResolvedLoop[] {
  if (dtype === null) return ops.map((op) => resolveNamed(name, op, operands));
  const natural = promotedOrUndefined(name, operands) === undefined ? undefined : naturalLoops(name, ops, operands);
  if (natural !== undefined && natural[0].output === dtype) return natural;
  const row = loopRowFor(name, ops[0], operands, dtype);
  const loops = ops.map((op) => fromRow(row, op));
  if (ops[0].resolver !== 'ldexp') checkScalars(name, operands, loops[0]);
  return loops;
}

/** NumPy's own loops for the operands, or undefined where it has none (dtype= may still name one: bitwise_or(uint64, int16, dtype=int8)). */
function naturalLoops(name: string, ops: readonly ElementwiseOp[], operands: readonly (NDArray | Scalar)[]): ResolvedLoop[] | undefined {
  try {
    return ops.map((op) => resolveNamed(name, op, operands));
  } catch (err) {
    if (err instanceof CupytsError && err.code === 'ERR_DTYPE') return undefined;
    throw err;
  }
}

/**
 * NumPy's input casting check: each array operand must cast to the loop's input under `casting`
 * (not for the ops that read truth: ElementwiseOp.readsTruth).
 */
function checkInputs(name: string, op: ElementwiseOp, operands: readonly (NDArray | Scalar)[], loop: ResolvedLoop, casting: Casting): void {
  if (op.readsTruth || comparesMixedSign(op, operands, loop)) return;
  operands.forEach((o, i) => {
    if (!(o instanceof NDArray) || (op.resolver === 'ldexp' && i === 1)) return;
    if (!canCast(o.dtype, loop.input, casting)) {
      throw new CupytsError('ERR_DTYPE', `${name}: cannot cast input ${i} from ${o.dtype.name} to ${loop.input.name} with casting rule '${casting}'`);
    }
  });
}

/** The value where `where` is false and there is no out: 0 of the result's dtype (false for bool). */
const zeroOf = (d: DType): Scalar => (d === DTYPES.bool ? false : 0);

/** Whether an array of `shape` broadcasts to exactly `target` (out takes part in broadcasting, but is never broadcast itself). */
function fitsInto(shape: readonly number[], target: readonly number[]): boolean {
  if (shape.length > target.length) return false;
  const lead = target.length - shape.length;
  return shape.every((d, i) => d === 1 || d === target[lead + i]);
}

/** One output: `where` applied, then written into `out` (checked as NumPy checks it), or returned. */
function finish(name: string, result: NDArray, out: NDArray | null, mask: NDArray | boolean, casting: Casting): NDArray {
  if (out === null) return mask === true ? result : select(mask, result, zeroOf(result.dtype));
  const shape = mask instanceof NDArray ? broadcastShapes(name, result.shape, mask.shape) : result.shape;
  if (!fitsInto(shape, out.shape)) {
    throw new CupytsError('ERR_SHAPE', `${name}: non-broadcastable output operand with shape ${formatShape(out.shape)} doesn't match the broadcast shape ${formatShape(shape)}`);
  }
  if (!canCast(result.dtype, out.dtype, casting)) {
    throw new CupytsError('ERR_DTYPE', `${name}: cannot cast the output from ${result.dtype.name} to out's dtype ${out.dtype.name} with casting rule '${casting}'`);
  }
  // checked here as NumPy checks it (out-param.ts's writeOut is not loaded this early: elementwise.ts is imported before it)
  assign(name, out, mask === true ? result : select(mask, result.astype(out.dtype), out));
  return out;
}

/** Calls the ops of ufunc `name` (one per output) on `args` with NumPy's keyword arguments. */
export function callUfunc(name: string, ops: readonly ElementwiseOp[], args: readonly ArrayOrScalar[], options: CallOptions): NDArray[] {
  const operands = args.map((a) => toOperand(name, a));
  const loops = loopsFor(name, ops, operands, options.dtype);
  checkInputs(name, ops[0], operands, loops[0], options.casting);
  const results = ops.map((op, k) => applyOp(op, operands, name, loops[k]));
  const outs = options.out;
  outs.forEach((o, k) => {
    for (let j = 0; j < k; j++) {
      if (o !== null && o === outs[j]) throw new CupytsError('ERR_ARG', `${name}: expected distinct out arrays, got the same array twice`);
    }
  });
  return results.map((r, k) => finish(name, r, outs[k] ?? null, options.where, options.casting));
}
