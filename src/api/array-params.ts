// Parameter types for array arguments of the comparison, calculus, signal and statistics
// functions (comparison.ts, calculus.ts, signals.ts, statistics-extra.ts), and the small view
// helpers they share. An array argument is what NumPy's asanyarray takes: an NDArray, nested JS
// arrays, a TypedArray or a JS scalar.
import { CupytsError } from '../ir/errors.js';
import { asarray, type ArrayData } from './creation.js';
import { slice, type IndexItem } from './index-parse.js';
import { NDArray, type Scalar } from './ndarray.js';
import { REJECT, type ParamType } from './signature.js';

/** What an array parameter takes. */
export type ArrayArg = NDArray | ArrayData;

const isScalar = (x: unknown): x is Scalar => typeof x === 'number' || typeof x === 'bigint' || typeof x === 'boolean';
const isArrayData = (x: unknown): x is ArrayData => Array.isArray(x) || isScalar(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));

/** An array (NumPy's asanyarray): JS data is uploaded with NumPy's default dtypes. */
export const arrayLike: ParamType<ArrayArg, NDArray> = {
  expected: 'an array (an NDArray, nested arrays, a TypedArray or a number)',
  parse: (x) => (x instanceof NDArray ? x : isArrayData(x) ? asarray(x) : REJECT),
};

/** An array, or a JS scalar kept as NumPy's weak Python scalar (for elementwise arithmetic). */
export const operand: ParamType<ArrayArg, NDArray | Scalar> = {
  expected: 'an array (an NDArray, nested arrays, a TypedArray) or a number',
  parse: (x) => (x instanceof NDArray || isScalar(x) ? x : isArrayData(x) ? asarray(x) : REJECT),
};

/** `x` as an array (a JS scalar becomes a 0-d array of NumPy's default dtype). */
export function toNDArray(x: NDArray | Scalar): NDArray {
  return x instanceof NDArray ? x : asarray(x);
}

/** `x[..., start:stop, ...]` with the slice on `axis` (NumPy's slice rules: negative and open ends). */
export function sliceAxis(x: NDArray, axis: number, start: number | null, stop: number | null, step: number | null = null): NDArray {
  const index: IndexItem[] = x.shape.map((_, j) => (j === axis ? slice(start, stop, step) : slice()));
  return x.get(index);
}

/** `axis` checked against `ndim` (negative counts from the end), NumPy's AxisError otherwise. */
export function checkAxis(op: string, axis: number, ndim: number, name = 'axis'): number {
  if (axis < -ndim || axis >= ndim) throw new CupytsError('ERR_AXIS', `${op}: ${name} ${axis} is out of bounds for array of dimension ${ndim}`);
  return axis < 0 ? axis + ndim : axis;
}
