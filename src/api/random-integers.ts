// integers / randint with array bounds (NumPy broadcasts low and high with size): the bounds are
// read back and checked as a whole at the call (NumPy's errors), then each element is
// low + min(floor(u · range), range - 1) for a float64 uniform u of the output's shape. Ranges
// up to 2^53 (a larger one is an error); the 53-bit u makes the non-uniformity at most
// range / 2^53 relative (scalar bounds take the exact 64-bit path of random-draws.ts).
import { dtypeMax, dtypeMin, DTYPES, type DType } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import { add, floor, minimum, multiply, subtract } from './elementwise.js';
import { NDArray } from './ndarray.js';
import { scalarArray } from './array-params.js';
import { broadcast_arrays } from './operands.js';
import { outputShape } from './random-draws.js';
import { drawFrom, type RandomStream } from './random-stream.js';

function hostBigints(a: bigint | NDArray): bigint[] {
  if (!(a instanceof NDArray)) return [a];
  return Array.from(a.dataSync() as ArrayLike<number | bigint | boolean>, (x) => BigInt(x as number | bigint));
}

const asArray = (op: string, x: bigint | NDArray): NDArray => (x instanceof NDArray ? x : scalarArray(op, x, DTYPES.int64));

export function integersInArrayBounds(
  op: string, stream: RandomStream, low: bigint | NDArray, high: bigint | NDArray | null, size: number[] | null, dtype: DType, endpoint: boolean,
): NDArray {
  if (dtype.kind === 'f') throw new CupytsError('ERR_DTYPE', `${op}: expected an integer or bool dtype, got ${dtype.name}`);
  const lo = high === null ? 0n : low;
  const hi = high === null ? low : high;
  const [loB, hiB] = broadcast_arrays(asArray(op, lo), asArray(op, hi));
  const los = hostBigints(loB);
  const his = hostBigints(hiB);
  const [min, max] = dtype.kind === 'b' ? [0n, 1n] : [dtypeMin(dtype), dtypeMax(dtype)];
  for (let i = 0; i < los.length; i++) {
    const a = los[i];
    const b = endpoint ? his[i] : his[i] - 1n;
    if (a > b) throw new CupytsError('ERR_ARG', `${op}: expected low ${endpoint ? '<=' : '<'} high, got low = ${a}, high = ${his[i]}`);
    if (a < min) throw new CupytsError('ERR_ARG', `${op}: expected low within ${dtype.name} (>= ${min}), got ${a}`);
    if (b > max) throw new CupytsError('ERR_ARG', `${op}: expected high within ${dtype.name}, got ${his[i]}`);
    if (b - a + 1n > 2n ** 53n) throw new CupytsError('ERR_UNSUPPORTED', `${op}: array bounds with a range above 2^53 are not supported yet, got ${b - a + 1n}`);
  }
  const loArr = asArray(op, lo);
  const hiArr = asArray(op, hi);
  const shape = outputShape(op, size, [loArr, hiArr], dtype);
  const f64 = DTYPES.float64;
  const range = add(subtract(hiArr.astype(f64), loArr.astype(f64)), endpoint ? 1 : 0);
  const u = drawFrom(stream, op, 'uniform', shape, f64);
  const offset = minimum(floor(multiply(u, range)), subtract(range, 1));
  const wide = dtype.name === 'uint64' ? DTYPES.uint64 : DTYPES.int64;
  return add(loArr.astype(wide), offset.astype(wide)).astype(dtype);
}
