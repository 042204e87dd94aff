// Choosing an elementwise op's loop the way NumPy does: NEP 50 promotion of the operands, then
// the first of the ufunc's loops that the promoted dtype casts to safely.
import { DTYPES, type DType } from './dtype.js';
import { CupytsError } from './errors.js';
import type { ElementwiseOp } from './ops.js';
import { canCast, resultType, type Operand } from './promotion.js';
import { UFUNC_LOOPS } from './ufunc-loops.js';

export interface ResolvedLoop {
  /** The dtype every operand is converted to before the op. */
  input: DType;
  /** The op's result dtype. */
  output: DType;
}

/** Loops found before, by op and common dtype (objects, so no key text is built per call). */
const memo = new Map<ElementwiseOp, Map<DType, ResolvedLoop>>();

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
  if (op.resolver === 'int_to_float64' && common.kind !== 'f') wanted = DTYPES.float64;
  for (const loop of UFUNC_LOOPS[op.ufunc] ?? []) {
    const input = DTYPES[loop[0] as DType['name']];
    if (canCast(wanted, input, 'safe')) {
      const resolved = { input, output: DTYPES[loop[loop.length - 1] as DType['name']] };
      byDtype.set(common, resolved);
      return resolved;
    }
  }
  throw new CupytsError('ERR_DTYPE', `${op.name}: expected an input dtype NumPy's ufunc '${op.ufunc}' supports, got ${common.name}`);
}

/** Resolves the loop for these operands (arrays by dtype, JS scalars as weak scalars). */
export function resolveLoop(op: ElementwiseOp, operands: readonly Operand[]): ResolvedLoop {
  return loopFor(op, resultType(op.name, ...operands));
}
