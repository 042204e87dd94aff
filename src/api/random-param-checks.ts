// Invalid elements of cp.random's array parameters (a negative Poisson mean, a probability
// outside [0, 1], …), which NumPy rejects with a ValueError: only a kernel sees them, so they
// surface as a CupytsError (ERR_ARG) at the next readback, through the kernel-fault mechanism of
// ./kernel-faults.ts. The check is a gather (the same flags an index array uses): each element
// reads a one-element zero buffer at index 1 where its parameter is invalid, 0 where it is
// valid; index 1 is out of range, so the kernel records the check's site (its message), and a
// read of the result, or of anything computed from it, raises it. A valid element keeps its
// sample. Scalar parameters are checked at the call instead (random-sampling.ts).
import { DTYPES } from '../ir/dtype.js';
import { gatherNode, sourceNode } from '../ir/graph.js';
import type { AffineMovement } from '../ir/movement.js';
import { sameShape } from '../ir/shape.js';
import { broadcast_to } from './broadcast-api.js';
import { indexSite } from './index-errors.js';
import { NDArray } from './ndarray.js';
import { elementChecks, where } from './operands.js';
import type { Runner } from './runners.js';

/** Elements that break a parameter's rule: where `valid` is false, a read of the result raises `message`. */
export interface ParamCheck {
  readonly valid: NDArray;
  readonly message: string;
}

/** The one-element zero buffer (float64) the checks of each backend read. */
const zeroBuffers = new WeakMap<Runner, object>();

function zeroBuffer(runner: Runner): object {
  let storage = zeroBuffers.get(runner);
  if (!storage) zeroBuffers.set(runner, (storage = runner.upload(DTYPES.float64, new Float64Array(1)) as object));
  return storage;
}

/** `valid` laid out as `shape`: broadcast, or (a parameter of a multinomial's leading shape) with trailing axes added. */
function spread(valid: NDArray, shape: readonly number[]): NDArray {
  if (sameShape(valid.shape, shape)) return valid;
  try {
    return broadcast_to(valid, [...shape]);
  } catch {
    const padded = valid.reshape([...valid.shape, ...Array<number>(shape.length - valid.ndim).fill(1)]);
    return broadcast_to(padded, [...shape]);
  }
}

/** `x` with each check attached: a read raises the first failing check's message. */
export function withParamChecks(x: NDArray, checks: readonly ParamCheck[]): NDArray {
  let result = x;
  for (const c of checks) {
    const shape = [...result.shape];
    const index = where(spread(c.valid, shape), 0, 1).astype(DTYPES.int64);
    const kept: AffineMovement = { kind: 'affine', shape, coef: shape.map(() => [0]), base: [0] };
    const source = sourceNode([1], DTYPES.float64, zeroBuffer(result.runner));
    const read = new NDArray(gatherNode(source, kept, [0], [index.node], [indexSite(c.message, 'ERR_ARG')]), result.runner);
    result = where(spread(c.valid, shape), result, read.astype(result.dtype));
  }
  return result;
}

// The elementwise ops' own element checks (a signed integer power's negative exponents) take this path too.
elementChecks.attach = (result, valid, message) => withParamChecks(result, [{ valid, message }]);
