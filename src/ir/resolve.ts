// Choosing an elementwise op's loop the way NumPy does: NEP 50 promotion of the operands, then
// the ufunc's loop for exactly that dtype, or else the first loop the promoted dtype casts to
// safely (the exact match matters for SciPy's loops, listed float64 first). Two arrays of
// different dtypes with no loop for their promoted dtype take the first loop both cast to safely,
// as NumPy's linear loop search does: arctan2(int8, uint16) is float32, not float64 (int32's loop).
import { DTYPES, int32, int64, type DType } from './dtype.js';
import { CupytsError } from './errors.js';
import type { ElementwiseOp } from './ops.js';
import { canCast, checkWeakScalar, isWeakInt, promoteOperands, resultType, type Operand } from './promotion.js';
import { UFUNC_LOOPS } from './ufunc-loops.js';

export interface ResolvedLoop {
  /** The dtype every operand is converted to before the op. */
  input: DType;
  /** The op's result dtype. */
  output: DType;
}

/** Loops found before, by op and common dtype (objects, so no key text is built per call). */
const memo = new Map<ElementwiseOp, Map<DType, ResolvedLoop>>();

/** A resolved loop, unless it is a complex loop cupyts does not implement for `op` yet (ERR_UNSUPPORTED naming it). */
function implemented(op: ElementwiseOp, loop: ResolvedLoop): ResolvedLoop {
  if (loop.input.kind === 'c' && op.complex === undefined) {
    throw new CupytsError('ERR_UNSUPPORTED', `${op.name}: expected a real input dtype (NumPy's ${loop.input.name} loop of '${op.ufunc}' is not implemented in cupyts yet), got ${loop.input.name}`);
  }
  return loop;
}

/** The loop for `op` on a common input dtype; throws ERR_DTYPE where NumPy has none. */
export function loopFor(op: ElementwiseOp, common: DType): ResolvedLoop {
  let byDtype = memo.get(op);
  if (!byDtype) memo.set(op, (byDtype = new Map()));
  const hit = byDtype.get(common);
  if (hit) return hit;
  if (op.rejectsBool && common.kind === 'b') {
    throw new CupytsError('ERR_DTYPE', `${op.name}: expected a numeric dtype (${op.rejectsBool}), got bool`);
  }
  let wanted = common;
  if (op.resolver === 'int_to_float64' && common.kind !== 'f' && common.kind !== 'c') wanted = DTYPES.float64;
  const loops = UFUNC_LOOPS[op.ufunc] ?? [];
  const exact = loops.find((loop) => loop[0] === wanted.name);
  for (const loop of exact ? [exact] : loops) {
    const input = DTYPES[loop[0] as DType['name']];
    if (canCast(wanted, input, 'safe')) {
      const output = loop[loop.indexOf('->') + 1 + (op.output ?? 0)] as DType['name'];
      const resolved = implemented(op, { input, output: DTYPES[output] });
      byDtype.set(common, resolved);
      return resolved;
    }
  }
  throw new CupytsError('ERR_DTYPE', `${op.name}: expected an input dtype NumPy's ufunc '${op.ufunc}' supports, got ${common.name}`);
}

/** An array operand (its dtype), not a JS scalar (a number, bigint, boolean or complex). */
const isDTypeOperand = (x: Operand | undefined): x is DType => typeof x === 'object' && 'kind' in x;

/** Resolves the loop for these operands (arrays by dtype, JS scalars as weak scalars). */
export function resolveLoop(op: ElementwiseOp, operands: readonly Operand[]): ResolvedLoop {
  if (op.resolver === 'ldexp') return ldexpLoop(op, operands[0], operands[1]);
  const [a, b] = operands;
  if (operands.length === 2 && a !== b && isDTypeOperand(a) && isDTypeOperand(b) && op.resolver === undefined) return pairLoop(op, a, b);
  // A JS integer must fit the loop's input, not the promoted dtype: true_divide(int8, 1000) runs
  // the float64 loop, where 1000 fits, as NumPy's does (add(int8, 1000) still overflows).
  const loop = loopFor(op, promoteOperands(op.name, operands));
  for (const o of operands) if (isWeakInt(o)) checkWeakScalar(op.name, o, loop.input);
  return loop;
}

/** Loops found before for two arrays of different dtypes, by op, then dtype, then dtype. */
const pairMemo = new Map<ElementwiseOp, Map<DType, Map<DType, ResolvedLoop>>>();

/** The loop for arrays of dtypes a and b: the exact loop of their promotion, else the first loop both cast to safely. */
function pairLoop(op: ElementwiseOp, a: DType, b: DType): ResolvedLoop {
  let byA = pairMemo.get(op);
  if (!byA) pairMemo.set(op, (byA = new Map()));
  let byB = byA.get(a);
  if (!byB) byA.set(a, (byB = new Map()));
  const hit = byB.get(b);
  if (hit) return hit;
  const common = resultType(op.name, a, b);
  const loops = UFUNC_LOOPS[op.ufunc] ?? [];
  const exact = loops.some((loop) => loop[0] === common.name && loop[1] === common.name);
  const row = exact || (op.rejectsBool && common.kind === 'b') ? undefined : loops.find((loop) => {
    const input = DTYPES[loop[0] as DType['name']];
    return loop[1] === loop[0] && canCast(a, input, 'safe') && canCast(b, input, 'safe');
  });
  const resolved = row ? implemented(op, { input: DTYPES[row[0] as DType['name']], output: DTYPES[row[row.indexOf('->') + 1 + (op.output ?? 0)] as DType['name']] }) : loopFor(op, common);
  byB.set(b, resolved);
  return resolved;
}

/**
 * ldexp(x1, x2): NumPy's loops pair a float mantissa with an int32 or int64 exponent, so x1 alone
 * picks the float loop, and x2 must cast safely to int64 (bool, intN, uint8-32); a JS integer
 * exponent must fit int32, as a Python int must in NumPy.
 */
function ldexpLoop(op: ElementwiseOp, mantissa: Operand, exponent: Operand): ResolvedLoop {
  const exponentDtype = isDTypeOperand(exponent) ? exponent : resultType(op.name, exponent);
  if (!canCast(exponentDtype, int64, 'safe')) {
    throw new CupytsError('ERR_DTYPE', `${op.name}: expected an integer exponent (bool, int8-64 or uint8-32), got ${isDTypeOperand(exponent) || typeof exponent === 'object' ? exponentDtype.name : String(exponent)}`);
  }
  if (!isDTypeOperand(exponent)) checkWeakScalar(op.name, exponent, int32);
  return loopFor(op, isDTypeOperand(mantissa) ? mantissa : weakMantissaDtype(op, mantissa, exponent));
}

/**
 * The dtype a JS scalar mantissa resolves ldexp's loop as, in NumPy 2: an integer stays weak
 * against an integer array exponent (so the first loop, float16, takes it), and is int64 otherwise
 * (float64); a float is float64 and a boolean is bool (float16).
 */
function weakMantissaDtype(op: ElementwiseOp, mantissa: Exclude<Operand, DType>, exponent: Operand): DType {
  const weakInt = typeof mantissa === 'bigint' || (typeof mantissa === 'number' && Number.isInteger(mantissa));
  if (weakInt && isDTypeOperand(exponent) && exponent.kind !== 'b') return DTYPES.int8;
  return resultType(op.name, mantissa);
}
