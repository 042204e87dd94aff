// NumPy's ranges and identity matrices, declared with NumPy's signatures: arange, linspace, eye,
// identity. Scalar bounds are computed on the host exactly as NumPy computes them (arange's fill
// from its first two elements, linspace's step), so the elements match NumPy bit for bit; array
// bounds of linspace broadcast lazily.
import { DTYPES, f16BitsToNumber, isFloat, isInteger, numberToF16Bits, realPartDType, type DType } from '../ir/dtype.js';
import { isComplex, type Complex } from '../ir/complex.js';
import { CupytsError } from '../ir/errors.js';
import { checkWeakScalar, promoteOperands } from '../ir/promotion.js';
import { broadcastShapes, checkArraySize, checkShape } from '../ir/shape.js';
import { checkAxis, type ArrayArg } from './array-params.js';
import { full, inferDType, upload } from './creation.js';
import {
  checkOrder, deviceParam, dtypeParam, floatDtypeParam, floatOr, likeParam, newOrderParam, type CallOf, type Narrowed,
} from './creation-params.js';
import { allocStored, storeElement, viewStored, type StoredArray } from './host-data.js';
import { NDArray, usable, type Scalar } from './ndarray.js';
import { applyNamed, asDtype, toArray, where } from './operands.js';
import * as t from './param-types.js';
import { cumsum } from './reductions.js';
import { declare, positional, REJECT, required, type ParamType, type Signature } from './signature.js';
import { moveaxis, reshape } from './views.js';

/**
 * 0, 1, ..., n - 1 (int64) computed where the arrays live, as a running count of ones (one scan
 * kernel that reads nothing), instead of filled on the host and uploaded: a BigInt stored per
 * element took most of the 586 ms unique with counts measured at 2^24 on the H200.
 */
export function deviceIndices(n: number): NDArray {
  return applyNamed('subtract', [cumsum(full([n], 1, { dtype: DTYPES.int64 })), 1]);
}

/** From this many elements on, arange computes its values on the device (deviceIndices). */
const DEVICE_ARANGE = 2 ** 16;

/**
 * arange's values computed on the device, element i as arangeValues computes it on the host:
 * integers first + i · (second - first) (in int64, wrapped to the dtype), floats
 * r(first + r(r(i) · delta)) in float32 (float16 too, then rounded to half) or float64, except
 * elements 0 and 1, which are first and second as NumPy stores them.
 */
function deviceArange(d: DType, first: number, second: number, n: number): NDArray {
  // The index scan is an array of its own, disposed once the values are computed (fused with
  // the index arithmetic): its buffer is freed then, not when the collector finds it.
  const temps: NDArray[] = [];
  const step = (x: NDArray): NDArray => (temps.push(x), x);
  const counts = step(cumsum(full([n], 1, { dtype: DTYPES.int64 })).eval()); // 1, 2, …, n
  const i = step(applyNamed('subtract', [counts, 1]));
  const compute = isInteger(d) ? i : step(i.astype(d.name === 'float64' ? DTYPES.float64 : DTYPES.float32));
  const delta = isInteger(d) ? second - first : rounding(d)(second - first);
  let v = step(applyNamed('add', [step(applyNamed('multiply', [compute, delta])), first]));
  // Elements 0 and 1 are the stored bounds themselves: first + 1 · (second - first) can round
  // away from second, and an infinite bound makes delta NaN (integers need no patch).
  if (!isInteger(d)) {
    const [isFirst, isSecond] = [step(applyNamed('equal', [i, 0])), step(applyNamed('equal', [i, 1]))];
    v = step(where(isFirst, first, step(where(isSecond, second, v))));
  }
  const values = asDtype(v, d);
  values.eval();
  // the lazy steps ran inside values' kernel: letting them go (readers first) frees the scan now
  for (const t of temps.reverse()) if (t !== values) t.dispose();
  return values;
}

/** deviceArange, with memory errors naming arange and the elements asked for (as the host path's). */
function deviceArangeNamed(d: DType, first: number, second: number, n: number): NDArray {
  try {
    return deviceArange(d, first, second, n);
  } catch (err) {
    if (!(err instanceof CupytsError) || err.code !== 'ERR_OUT_OF_MEMORY') throw err;
    throw new CupytsError('ERR_OUT_OF_MEMORY', `arange: cannot allocate ${n} ${d.name} elements (${n * d.itemsize} bytes): ${err.message}`, { cause: err });
  }
}

/** Whether arange's values can be computed on the device exactly as on the host (int64 arithmetic stays below 2^53 there). */
function onDevice(d: DType, first: number, second: number, n: number): boolean {
  if (n < DEVICE_ARANGE) return false;
  if (isFloat(d)) return true;
  return isInteger(d) && Math.abs(first) + n * Math.abs(second - first) < 2 ** 53;
}

/** A 1-D array of `n` elements value(0), value(1), … of `dtype`, uploaded now. */
function fromFunction(op: string, n: number, dtype: DType, value: (i: number) => number | boolean): NDArray {
  checkArraySize(op, [n], dtype.itemsize);
  const stored = n * dtype.itemsize <= SCRATCH_BYTES ? scratchStored(dtype, n) : allocStored(dtype, n, op);
  fillStored(dtype, stored, n, value);
  return upload(dtype, [n], stored);
}

/** Up to this many bytes, fromFunction fills one reused buffer (uploads copy it before they return). */
const SCRATCH_BYTES = 1 << 20;
let scratch: ArrayBuffer | undefined;

/**
 * n elements of `d` over the reused scratch buffer, not zeroed: a new ArrayBuffer costs 6-25 us
 * even at 16 KiB (most of an arange(4096)), and the upload copies the values out at once.
 */
function scratchStored(d: DType, n: number): StoredArray {
  scratch ??= new ArrayBuffer(SCRATCH_BYTES);
  return viewStored(d, scratch, 0, n);
}

/**
 * stored[i] = value(i) for i < n, as storeElement stores each, without its per-element dispatch
 * for the common dtypes (arange(4096) in float32 took 120 us, 30 ns an element, that way): a
 * typed array of numbers converts (and wraps integers) as storeElement does, and a 64-bit
 * integer below 2^53 is written as its two little-endian 32-bit words instead of a BigInt.
 */
function fillStored(d: DType, stored: StoredArray, n: number, value: (i: number) => number | boolean): void {
  const numbers = (d.kind === 'f' && d.name !== 'float16') || ((d.kind === 'i' || d.kind === 'u') && d.itemsize < 8);
  if (numbers) {
    const out = stored as Float64Array;
    for (let i = 0; i < n; i++) out[i] = value(i) as number;
    return;
  }
  if (d.name === 'int64' || d.name === 'uint64') {
    const words = new Uint32Array(stored.buffer, stored.byteOffset, 2 * n);
    for (let i = 0; i < n; i++) {
      const v = value(i) as number;
      if (!Number.isSafeInteger(v)) {
        storeElement(d, stored, i, v);
        continue;
      }
      words[2 * i] = v >>> 0;
      words[2 * i + 1] = Math.floor(v / 2 ** 32) >>> 0;
    }
    return;
  }
  for (let i = 0; i < n; i++) storeElement(d, stored, i, value(i));
}

const notNaN = (op: string, name: string, v: number): number => {
  if (Number.isNaN(v)) throw new CupytsError('ERR_ARG', `${op}: expected ${name} to be a number (not NaN), got NaN`);
  return v;
};

/** `x` rounded to the float type `d` computes in (float16 elements round to half, then compute in float). */
function rounding(d: DType): (x: number) => number {
  if (d.name === 'float64') return (x) => x;
  return Math.fround;
}

/** A JS bound as NumPy stores a Python scalar into element 0 or 1 of arange's result: an integer must fit, a float is cast. */
function storedBound(op: string, v: number, dtype: DType): number {
  if (Number.isSafeInteger(v) && dtype.kind !== 'b') checkWeakScalar(op, v, dtype);
  const d = realPartDType(dtype); // a complex bound is stored in its real part
  if (d.name === 'float16') return f16BitsToNumber(numberToF16Bits(v));
  if (isFloat(d)) return rounding(d)(v);
  if (!Number.isFinite(v)) throw new CupytsError('ERR_ARG', `${op}: cannot convert float ${v} to integer`);
  // a float bound goes in as NumPy's int() of it does, and must fit too (-2.25 into uint64 does not)
  if (!Number.isSafeInteger(v)) checkWeakScalar(op, BigInt(Math.trunc(v)), dtype);
  return Math.trunc(v);
}

/**
 * arange's elements as NumPy fills them: element 0 is `start` and element 1 is `start + step`,
 * each stored in `d`; the rest (from element 2) are first + i * (second - first), computed in `d`'s arithmetic.
 */
function arangeValues(op: string, dtype: DType, start: number, step: number, n: number): (i: number) => number | boolean {
  const d = realPartDType(dtype); // complex values are real ones (NumPy fills their real parts alike)
  if (d.kind === 'b') {
    if (n > 2) throw new CupytsError('ERR_ARG', `${op}: expected at most 2 elements for dtype bool (NumPy supports arange for booleans only up to length 2), got ${n}`);
    return (i) => (i === 0 ? start : start + step) !== 0;
  }
  if (n === 0) return () => 0; // nothing is stored, so nothing is checked (NumPy: arange(-4, 7.75, -0.5, uint16) is empty)
  const first = storedBound(op, start, dtype);
  if (n < 2) return () => first;
  const second = storedBound(op, start + step, dtype);
  if (isInteger(d)) return (i) => first + i * (second - first); // stored modulo 2^bits, as C integer arithmetic wraps
  const r = rounding(d);
  const delta = r(second - first);
  // elements 0 and 1 are the stored bounds (first + (second - first) may round away from second)
  return (i) => (i === 0 ? first : i === 1 ? second : r(first + r(r(i) * delta)));
}

/** NumPy's arange([start,] stop[, step,], dtype=None, *, device=None, like=None). */
export const arange = declare(
  'arange',
  [
    required('start_or_stop', t.numberOrBool), positional('stop', t.nullable(t.numberOrBool), null),
    positional('step', t.nullable(t.numberOrBool), null, '1'),
    dtypeParam, deviceParam, likeParam,
  ],
  ({ start_or_stop: a, stop: b, step: c, dtype }): NDArray => {
    const oneBound = b === null;
    const start = notNaN('arange', 'start', oneBound ? 0 : a);
    const stop = notNaN('arange', 'stop', oneBound ? a : b);
    const step = c === null ? 1 : notNaN('arange', 'step', c);
    if (step === 0) throw new CupytsError('ERR_ARG', 'arange: expected a nonzero step, got 0');
    const d = dtype ?? inferDType('arange', [start, stop, step]);
    const n = Math.max(0, Math.ceil((stop - start) / step)); // Infinity or NaN when a bound is infinite
    checkArraySize('arange', [n], d.itemsize);
    if (n >= 2 && d.kind !== 'b') {
      const first = storedBound('arange', start, d);
      const second = storedBound('arange', start + step, d);
      if (onDevice(d, first, second, n)) return deviceArangeNamed(d, first, second, n); // computed now, as the upload is
    }
    return fromFunction('arange', n, d, arangeValues('arange', d, start, step, n));
  },
);

const isScalar = (x: unknown): x is Scalar => typeof x === 'number' || typeof x === 'bigint' || typeof x === 'boolean';

/** Sample i of linspace before its endpoint is set, in NumPy's arithmetic (float64). */
function sampleAt(start: number, delta: number, div: number, step: number): (i: number) => number {
  if (!(div > 0)) return (i) => i * delta + start; // num 0, or 1 with the endpoint: NumPy multiplies by delta
  if (step === 0) return (i) => (i / div) * delta + start; // a step that is zero (or underflows): NumPy divides first
  return (i) => i * step + start;
}

/** linspace of JS scalars on the host, as NumPy computes it in float64: [samples, step]. */
function linspaceScalar(start: number, stop: number, num: number, endpoint: boolean, d: DType): [NDArray, number] {
  const div = endpoint ? num - 1 : num;
  const delta = stop - start;
  const step = div > 0 ? delta / div : NaN;
  const at = sampleAt(start, delta, div, step);
  const last = endpoint && num > 1 ? num - 1 : -1;
  const value = (i: number) => (i === last ? stop : at(i));
  const floor = isInteger(d);
  return [fromFunction('linspace', num, d, floor ? (i) => Math.floor(value(i)) : value), step];
}

/** `x` as a linspace bound of dtype `dt`: arrays cast, JS scalars left weak. */
const boundOf = (x: NDArray | Scalar, dt: DType): NDArray | Scalar => (x instanceof NDArray ? x.astype(dt) : x);

/** linspace with array bounds, lazily, as NumPy's: samples along a new first axis, then moved to `axis`. */
function linspaceArrays(start: ArrayArg, stop: ArrayArg, num: number, endpoint: boolean, axis: number): [NDArray, number | NDArray, DType] {
  const op = 'linspace';
  const [s0, e0] = [start, stop].map((x) => (isScalar(x) ? x : toArray(op, x)));
  const promoted = promoteOperands(op, [s0, e0].map((x) => (x instanceof NDArray ? x.dtype : x)));
  const dt = isFloat(promoted) || promoted.kind === 'c' ? promoted : DTYPES.float64; // (NumPy's ensure_inexact keeps complex)
  const [s, e] = [boundOf(s0, dt), boundOf(e0, dt)];
  broadcastShapes(op, ...[s, e].map((x) => (x instanceof NDArray ? x.shape : [])));
  const delta = applyNamed('subtract', [e, s]);
  const index = arange(0, num, 1, dt);
  let y = reshape(index, [num, ...delta.shape.map(() => 1)]);
  const div = endpoint ? num - 1 : num;
  let step: number | NDArray = NaN;
  if (div > 0) {
    step = applyNamed('divide', [delta, div]);
    const anyStepZero = applyNamed('equal', [step, 0]).any().item() === true;
    y = anyStepZero ? applyNamed('multiply', [applyNamed('divide', [y, div]), delta]) : applyNamed('multiply', [y, step]);
  } else {
    y = applyNamed('multiply', [y, delta]);
  }
  y = applyNamed('add', [y, s]).astype(dt);
  if (endpoint && num > 1) {
    const isLast = reshape(applyNamed('equal', [arange(num), num - 1]), [num, ...delta.shape.map(() => 1)]);
    y = where(isLast, e, y).astype(dt);
  }
  const ax = checkAxis(op, axis, y.ndim);
  return [ax === 0 ? y : moveaxis(y, 0, ax), step, dt];
}

/**
 * A linspace bound: a JS scalar or an array_like, kept as given. Declared here rather than taken
 * from array-params.ts, whose imports reach this module (compaction.ts uses arange): it must exist
 * when the declaration below runs.
 */
export const bound: ParamType<ArrayArg | Complex> = {
  expected: 'an array (an NDArray, nested arrays, a TypedArray, a number or a complex number)',
  parse: (x, op) => {
    if (x instanceof NDArray) return usable(op, x);
    // a complex bound goes the way of array bounds (as a 0-d complex128 array), which keeps complex
    const isData = Array.isArray(x) || isScalar(x) || isComplex(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));
    return isData ? x as ArrayArg : REJECT;
  },
};

const LINSPACE_PARAMS = [
  required('start', bound), required('stop', bound), positional('num', t.count, 50), positional('endpoint', t.boolean, true),
  positional('retstep', t.boolean, false), dtypeParam, positional('axis', t.axis, 0), deviceParam,
] as const;
type LinspaceParams = typeof LINSPACE_PARAMS;
type LinspaceWith<Retstep> = readonly [
  LinspaceParams[0], LinspaceParams[1], LinspaceParams[2], LinspaceParams[3], Narrowed<LinspaceParams[4], Retstep>,
  LinspaceParams[5], LinspaceParams[6], LinspaceParams[7],
];

/**
 * NumPy's linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, *, device=None).
 * With retstep, [samples, step] (step a number for scalar bounds). An integer dtype floors the samples, as NumPy.
 */
export const linspace = declare('linspace', LINSPACE_PARAMS, ({ start, stop, num, endpoint, retstep, dtype, axis }): NDArray | [NDArray, number | NDArray] => {
  let samples: NDArray;
  let step: number | NDArray;
  if (isScalar(start) && isScalar(stop)) {
    checkAxis('linspace', axis, 1);
    [samples, step] = linspaceScalar(Number(start), Number(stop), num, endpoint, dtype ?? DTYPES.float64);
  } else {
    let dt: DType;
    [samples, step, dt] = linspaceArrays(start, stop, num, endpoint, axis);
    if (dtype && isInteger(dtype)) samples = applyNamed('floor', [samples]);
    samples = samples.astype(dtype ?? dt);
  }
  return retstep ? [samples, step] : samples;
}) as unknown as CallOf<LinspaceWith<false>, NDArray> & CallOf<LinspaceWith<true>, [NDArray, number | NDArray]> & { readonly signature: Signature<LinspaceParams> };

/** NumPy's eye(N, M=None, k=0, dtype=float, order='C', *, device=None, like=None). */
export const eye = declare(
  'eye',
  [
    required('N', t.count), positional('M', t.nullable(t.count), null), positional('k', t.int, 0), floatDtypeParam, newOrderParam,
    deviceParam, likeParam,
  ],
  ({ N, M, k, dtype, order }) => {
    const d = floatOr(dtype);
    const [rows, cols] = checkShape('eye', [N, M ?? N], d.itemsize);
    checkOrder('eye', order, 2);
    const stored = allocStored(d, rows * cols, 'eye');
    for (let i = 0; i < rows; i++) if (i + k >= 0 && i + k < cols) storeElement(d, stored, i * cols + i + k, 1);
    return upload(d, [rows, cols], stored);
  },
);

/** NumPy's identity(n, dtype=None, *, like=None). */
export const identity = declare('identity', [required('n', t.count), floatDtypeParam, likeParam], ({ n, dtype }) => eye(n, n, 0, dtype));

