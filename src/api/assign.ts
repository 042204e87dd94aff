// Writes: a.set(index, value), NumPy's a[index] = value. The target is a view of `a` (or `a`
// itself); it is computed as a view of real data, that data is copied first where lazy arrays
// still read it (./pending.ts), and one kernel writes the value, cast and broadcast, into
// the target's elements in place. Arrays that view the same data see the new values.
import { castScalar, truthOf, type DType } from '../ir/dtype.js';
import { isComplex } from '../ir/complex.js';
import { CupytsError } from '../ir/errors.js';
import { broadcastNode, castNode, isReadOnly, replaceInput, scalarNode, type Node } from '../ir/graph.js';
import { planKernel, realizedView, realizeAsAlias, type KernelPlan } from '../ir/kernel-plan.js';
import { resolveStaleReads, viewRealiased } from '../ir/readers.js';
import { checkWeakScalar } from '../ir/promotion.js';
import { broadcastShapes, formatShape, sameShape } from '../ir/shape.js';
import { advancedSet } from './advanced-indexing.js';
import { renamable, renameWrite } from './assign-rename.js';
import { evaluate, evaluateInputsOf, type KernelGroup } from './evaluate.js';
import { observeEvaluation } from './explain-hook.js';
import { parseIndex, type Index } from './index-parse.js';
import { basicView } from './indexing.js';
import { NDArray, type Scalar } from './ndarray.js';
import { toOperand, type ArrayOrScalar } from './operands.js';
import { beforeWrite, readsStorage } from './pending.js';
import type { Runner, Storage } from './runners.js';
import { traceKernel } from './jit-trace.js';

/** What made `n` read-only: a broadcast (broadcast_to, broadcast_arrays) or a diagonal view (diagonal, diag), as NumPy makes them. */
const readOnlyKind = (n: Node): string => (n.kind === 'view' && n.movement.kind === 'affine' ? 'a diagonal view' : 'a broadcast view');

/**
 * Makes `node` real data that can be written: a view becomes an alias of its (computed) input,
 * anything else is computed. A read-only view (broadcast_to's, diagonal's) refuses writes, as in NumPy.
 */
export function writable(op: string, node: Node, runner: Runner): void {
  // read-only data, or a view of it (computed views included: they alias their base)
  for (let n: Node = node; ; n = n.input) {
    if (isReadOnly(n)) throw new CupytsError('ERR_ARG', `${op}: assignment destination is read-only (${readOnlyKind(n)})`);
    if (n.kind !== 'view') break;
  }
  // A view computed into a buffer of its own whose base array was disposed before the base was
  // computed is an array of its own (nothing may compute that base any more: ../ir/readers.ts abandonNode).
  if (node.kind === 'view' && !(node.realized && node.input.abandoned && !node.input.realized)) {
    if (node.realized?.alias) return;
    writable(op, node.input, runner);
    const before = node.realized;
    if (realizeAsAlias(node)) {
      // A view computed into a buffer of its own: what was made from it keeps reading that buffer.
      if (before) viewRealiased(node, before);
      return;
    }
    // A reshape that had to copy: as NumPy's reshape did, the view is an array of its own.
  }
  if (!node.realized) evaluate(runner, [node]);
  if (!node.realized!.storage) throw new CupytsError('ERR_DISPOSED', `${op}: the array was disposed`);
}

/**
 * Runs a plan that writes into existing data, shown to evaluation observers like any kernel (so
 * `cupyts explain` lists it and `cupyts cache record` records it for warmup).
 */
export function runWrite(runner: Runner, plan: KernelPlan, reason: string): void {
  const group: KernelGroup = { kind: 'elementwise', roots: plan.outputs.map((o) => o.node), reason };
  const watch = observeEvaluation(runner, group.roots, [group]);
  traceKernel(plan, runner.run(plan));
  watch?.kernelRan(plan, group);
}

/** A JS scalar as a value of `dtype`, as NumPy's setitem converts it (unsafe casting, but ints must fit; bool takes any value's truth). */
export function scalarValue(op: string, value: Scalar, dtype: DType): Node {
  if (dtype.kind === 'c') return scalarNode(castScalar(value, dtype), dtype);
  if (isComplex(value)) {
    throw new CupytsError('ERR_DTYPE', `${op}: expected a real value for a ${dtype.name} array (NumPy: float() argument must be a real number, not 'complex'), got a complex`);
  }
  // bool takes any number by its truth, as NumPy's bool(value): 2, -1, 0.5 and NaN are True
  if (dtype.kind === 'b') return scalarNode(truthOf(value), dtype);
  checkWeakScalar(op, value, dtype);
  if (typeof value === 'boolean') return scalarNode(dtype.itemsize === 8 && dtype.kind !== 'f' ? BigInt(value) : Number(value), dtype);
  if (dtype.kind === 'f') return scalarNode(Number(value), dtype);
  if (typeof value === 'number' && !Number.isFinite(value)) throw new CupytsError('ERR_ARG', `${op}: cannot convert float ${value} to integer`);
  const integer = typeof value === 'number' ? Math.trunc(value) : value;
  return scalarNode(dtype.itemsize === 8 ? BigInt(integer) : Number(integer), dtype);
}

/** `value` as an operand of a write on `runner` (arrays of another backend are refused). */
export function writeOperand(op: string, value: ArrayOrScalar, runner: Runner): NDArray | Scalar {
  const operand = toOperand(op, value);
  if (operand instanceof NDArray && operand.runner !== runner) {
    if (operand.runner.kind === runner.kind) throw new CupytsError('ERR_DEVICE', `${op}: expected a value on ${runner.deviceName}, got one on ${operand.runner.deviceName}`);
    throw new CupytsError('ERR_ARG', `${op}: expected a value on the ${runner.kind} backend, got one on ${operand.runner.kind}`);
  }
  return operand;
}

/**
 * The node a write stores: `operand` cast to `dtype` and broadcast to `shape` as NumPy's setitem
 * does (leading axes of size 1 the target lacks are dropped). `mismatch(valueShape)` words the
 * error for a value that does not broadcast; `prepare` readies an array value's data.
 */
export function writeValue(op: string, operand: NDArray | Scalar, shape: readonly number[], dtype: DType, mismatch: (valueShape: string) => string, prepare: (v: NDArray) => NDArray): Node {
  if (!(operand instanceof NDArray)) {
    const node = scalarValue(op, operand, dtype);
    return shape.length > 0 ? broadcastNode(node, shape) : node;
  }
  let v = operand;
  while (v.ndim > shape.length && v.shape[0] === 1) v = basicView(op, v, [{ kind: 'int', value: 0 }]);
  let common: number[] | undefined;
  try {
    common = broadcastShapes(op, v.shape, shape);
  } catch { /* reported below */ }
  if (!common || !sameShape(common, shape)) throw new CupytsError('ERR_SHAPE', `${op}: ${mismatch(formatShape(operand.shape))}`);
  v = prepare(v);
  const node = v.dtype === dtype ? v.node : castNode(v.node, dtype);
  return sameShape(v.shape, shape) ? node : broadcastNode(node, shape);
}

/** Writes `value` into every element of `target` (a view of writable data, or an array). */
export function assign(op: string, target: NDArray, value: ArrayOrScalar): void {
  const operand = writeOperand(op, value, target.runner);
  writable(op, target.node, target.runner);
  const storage = target.node.realized!.storage;
  const mismatch = (valueShape: string) => `could not broadcast input array from shape ${valueShape} into shape ${formatShape(target.shape)}`;
  // Lazy arrays still read the storage: the new contents go into a fresh buffer, which then takes
  // the storage's place (./assign-rename.ts), where the target is a box of the storage.
  const view = realizedView(target.node);
  const rest = target.size > 0 ? renamable(target.runner, storage as Storage, view, target.dtype) : undefined;
  if (rest) {
    const node = writeValue(op, operand, target.shape, target.dtype, mismatch, (v) => v);
    renameWrite(op, target.runner, storage as Storage, view, target.dtype, node, rest, (plan, reason) => runWrite(target.runner, plan, reason));
    return;
  }
  beforeWrite(target.runner, storage as Storage);
  // A value that reads the data being written is computed first (NumPy buffers overlaps too),
  // unless its reads now go to the copy that beforeWrite just took for lazy readers (the value
  // itself is one, as in `u[1:-1] = u[2:] + u[:-2]`): then the write kernel reads the copy, and
  // no buffer of the value is written and read again.
  const node = writeValue(op, operand, target.shape, target.dtype, mismatch,
    (v) => {
      resolveStaleReads([v.node], replaceInput);
      return readsStorage(v.node, storage) ? new NDArray(castNode(v.node, v.dtype), v.runner).eval() : v;
    });
  if (target.size === 0) return;
  // What one kernel cannot compute (a reduction, a draw read through a view) is computed first.
  evaluateInputsOf(target.runner, node);
  runWrite(target.runner, planKernel([node], { node: target.node, view: realizedView(target.node) }), `${op}: a write into existing data`);
}

/** NumPy's a[index] = value. */
export function setItem(a: NDArray, index: Index, value: ArrayOrScalar): void {
  const items = parseIndex('set', index);
  if (items.some((i) => i.kind === 'array')) {
    advancedSet(a, items, value);
    return;
  }
  assign('set', basicView('set', a, items), value);
}
