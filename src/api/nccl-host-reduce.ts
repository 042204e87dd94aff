// The CPU backend's arithmetic for NCCL's reductions (cp.cuda.nccl on virtual devices): each
// rank's contribution combined into the result in rank order, element by element, with the
// dtype's own rounding and wrap-around as NCCL's kernels have them (a float32 sum rounds at each
// step, an int32 sum wraps; avg divides the sum, truncating toward zero for integers).
import type { DType } from '../ir/dtype.js';
import { f16BitsToNumber, numberToF16Bits } from '../ir/dtype.js';
import type { StoredArray } from './host-data.js';

export type NcclOp = 'sum' | 'prod' | 'max' | 'min' | 'avg';

type NumberCombine = (a: number, b: number) => number;
type BigCombine = (a: bigint, b: bigint) => bigint;

const NUMBER_OPS: Record<Exclude<NcclOp, 'avg'>, NumberCombine> = {
  sum: (a, b) => a + b,
  prod: (a, b) => a * b,
  max: (a, b) => (a > b || Number.isNaN(a) ? a : b),
  min: (a, b) => (a < b || Number.isNaN(a) ? a : b),
};

const BIG_OPS: Record<Exclude<NcclOp, 'avg'>, BigCombine> = {
  sum: (a, b) => a + b,
  prod: (a, b) => a * b,
  max: (a, b) => (a > b ? a : b),
  min: (a, b) => (a < b ? a : b),
};

/** 32-bit integer products wrap exactly (a double product would lose the low bits). */
const INT32_PROD: NumberCombine = (a, b) => Math.imul(a, b);

/** `acc[i] = acc[i] op x[i]` over the stored slots (complex: each part; sum only, checked by the caller). */
function combineInto(dtype: DType, op: Exclude<NcclOp, 'avg'>, acc: StoredArray, x: StoredArray): void {
  if (acc instanceof BigInt64Array || acc instanceof BigUint64Array) {
    const f = BIG_OPS[op];
    const xs = x as BigInt64Array;
    for (let i = 0; i < acc.length; i++) acc[i] = f(acc[i], xs[i]);
    return;
  }
  const xs = x as Float64Array;
  if (dtype.name === 'float16') {
    const f = NUMBER_OPS[op];
    for (let i = 0; i < acc.length; i++) acc[i] = numberToF16Bits(f(f16BitsToNumber(acc[i] as number), f16BitsToNumber(xs[i])));
    return;
  }
  const f = op === 'prod' && (dtype.name === 'int32' || dtype.name === 'uint32') ? INT32_PROD : NUMBER_OPS[op];
  for (let i = 0; i < acc.length; i++) acc[i] = f(acc[i] as number, xs[i]); // the typed array rounds or wraps on store
}

/** Divides every element by `n` (avg): floats exactly, integers truncated toward zero. */
function divideInto(dtype: DType, acc: StoredArray, n: number): void {
  if (acc instanceof BigInt64Array || acc instanceof BigUint64Array) {
    const d = BigInt(n);
    for (let i = 0; i < acc.length; i++) acc[i] /= d;
    return;
  }
  if (dtype.name === 'float16') {
    for (let i = 0; i < acc.length; i++) acc[i] = numberToF16Bits(f16BitsToNumber(acc[i] as number) / n);
    return;
  }
  const integer = dtype.kind !== 'f' && dtype.kind !== 'c';
  for (let i = 0; i < acc.length; i++) acc[i] = integer ? Math.trunc((acc[i] as number) / n) : (acc[i] as number) / n;
}

/** Writes `op` over the ranks' contributions (in rank order) into `out`; every input has out's length. */
export function reduceStored(dtype: DType, op: NcclOp, inputs: readonly StoredArray[], out: StoredArray): void {
  out.set(inputs[0] as never);
  const step = op === 'avg' ? 'sum' : op;
  for (let r = 1; r < inputs.length; r++) combineInto(dtype, step, out, inputs[r]);
  if (op === 'avg') divideInto(dtype, out, inputs.length);
}
