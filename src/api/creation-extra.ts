// More of NumPy's array creation: copy, logspace, geomspace, resize, and apply_along_axis (which
// builds its result from a JS function's results).
//
// copy and resize are lazy (a cast to the same dtype is a copy; resize repeats the flat data
// through a broadcast, NumPy's concatenate-then-slice). logspace and geomspace are powers over
// linspace, fused with their consumers.
import { DTYPES, type DType } from '../ir/dtype.js';
import { makeComplex } from '../ir/complex.js';
import { CupytsError, describe } from '../ir/errors.js';
import { broadcastNode } from '../ir/graph.js';
import { broadcastShapes, sizeOf } from '../ir/shape.js';
import { arrayLike, callable, checkAxis, isArrayArg } from './array-params.js';
import { assign } from './assign.js';
import { arrayFromData } from './creation.js';
import { basicView } from './indexing.js';
import { blank, uninitialized } from './join-parts.js';
import { NDArray, type Scalar } from './ndarray.js';
import { applyNamed, toArray, where } from './operands.js';
import { arange, bound, linspace } from './ranges.js';
import * as t from './param-types.js';
import { declare, positional, REJECT, required, rest, type ParamType } from './signature.js';
import { expand_dims, moveaxis, reshape, transpose } from './views.js';
import { any } from './reductions.js';

/** NumPy's copy(a, order='K'): a new array with `a`'s elements (lazy; fused into its readers). */
export const copy = declare(
  'copy',
  [required('a', arrayLike), positional('order', t.order, 'K')],
  ({ a, order }) => {
    if (order === 'F') throw new CupytsError('ERR_UNSUPPORTED', "copy: order 'F' is not supported yet (cupyts makes C-ordered arrays)");
    return a.astype(a.dtype);
  },
  { unsupported: ['subok'] },
);

/** The 1-D result of a spaced range, checked against `axis` (scalar endpoints make 1-D results). */
function oneAxis(op: string, axis: number): void {
  checkAxis(op, axis, 1);
}

/**
 * NumPy's logspace(start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0): base **
 * linspace(start, stop, num, endpoint, axis=axis). Array bounds broadcast as linspace's; an array
 * base broadcasts with them (all taken to the same number of dimensions, as NumPy's ndmin), its
 * samples' axis inserted at `axis`.
 */
export const logspace = declare(
  'logspace',
  [
    required('start', bound), required('stop', bound), positional('num', t.count, 50), positional('endpoint', t.boolean, true),
    positional('base', bound, 10), positional('dtype', t.nullable(t.dtype), null), positional('axis', t.axis, 0),
  ],
  ({ start, stop, num, endpoint, base, dtype, axis }) => {
    const op = 'logspace';
    const arrayBase = base instanceof NDArray ? base.ndim > 0 : Array.isArray(base) || ArrayBuffer.isView(base);
    const shapeOf = (x: unknown) => (x instanceof NDArray ? x.shape : Array.isArray(x) || ArrayBuffer.isView(x) ? toArray(op, x).shape : []);
    const bounds = arrayBase ? [start, stop, base] : [start, stop];
    const ndmax = broadcastShapes(op, ...bounds.map(shapeOf)).length;
    const ax = checkAxis(op, axis, ndmax + 1);
    let [first, last, b] = [start, stop, base];
    if (arrayBase) {
      // NumPy's np.array(x, ndmin=ndmax) of each, and the base's axis for the samples
      const lifted = bounds.map((x) => {
        const a = toArray(op, x);
        return reshape(a, [...Array<number>(ndmax - a.ndim).fill(1), ...a.shape]);
      });
      [first, last] = lifted;
      b = expand_dims(lifted[2], ax);
    }
    const y = applyNamed('power', [b as NDArray | Scalar, linspace(first, last, num, { endpoint, axis: ax })]);
    return dtype === null ? y : y.astype(dtype);
  },
);

/**
 * NumPy's geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0): a geometric progression.
 * Real number ends take the path below; arrays and complex ends NumPy's general one (geomspaceOf).
 */
export const geomspace = declare(
  'geomspace',
  [
    required('start', bound), required('stop', bound), positional('num', t.count, 50), positional('endpoint', t.boolean, true),
    positional('dtype', t.nullable(t.dtype), null), positional('axis', t.axis, 0),
  ],
  ({ start, stop, num, endpoint, dtype, axis }) => {
    if (typeof start !== 'number' || typeof stop !== 'number') return geomspaceOf(start, stop, num, endpoint, dtype, axis);
    oneAxis('geomspace', axis);
    if (start === 0 || stop === 0) throw new CupytsError('ERR_ARG', 'geomspace: Geometric sequence cannot include zero');
    // As NumPy: negative sequences are the positive ones negated (mixed signs give NaN inside),
    // and the endpoints are exactly start and stop.
    const sign = Math.sign(start);
    if (dtype?.kind === 'c' && Math.sign(stop) !== sign) return complexGeomspace(start, stop, num, endpoint, dtype);
    const [first, last] = [start / sign, stop / sign];
    const [logFirst, logLast] = [Math.log10(first), Math.log10(last)];
    // Mixed signs: the log of the negative end is NaN, and so is every element between the ends.
    const powers = Number.isNaN(logLast) ? applyNamed('multiply', [linspace(0, 0, num, { endpoint }), NaN]) : logspace(logFirst, logLast, num, endpoint);
    const index = arange(num);
    let result = where(applyNamed('equal', [index, num - 1]), endpoint && num > 1 ? last : powers, powers);
    result = where(applyNamed('equal', [index, 0]), first, result);
    result = applyNamed('multiply', [result, sign]);
    return result.astype(dtype ?? DTYPES.float64);
  },
);

/**
 * geomspace of array or complex ends, as NumPy 2.4 computes it: the ends in float64 (complex128
 * where any is complex), rotated by the start's sign (z / |z|) so that the start is positive real,
 * powers of 10 over linspace of their base-10 logarithms (samples along a new first axis), the exact
 * rotated ends put back at both ends, rotated back, the samples' axis moved to `axis`.
 */
function geomspaceOf(start: unknown, stop: unknown, num: number, endpoint: boolean, dtype: DType | null, axis: number): NDArray {
  const op = 'geomspace';
  const [a, b] = [toArray(op, start), toArray(op, stop)];
  const complex = a.dtype.kind === 'c' || b.dtype.kind === 'c' || dtype?.kind === 'c';
  const dt = complex ? DTYPES.complex128 : DTYPES.float64;
  const ndim = broadcastShapes(op, a.shape, b.shape).length;
  checkAxis(op, axis, ndim + 1);
  // one readback for both ends
  if (any(applyNamed('logical_or', [any(applyNamed('equal', [a, 0])), any(applyNamed('equal', [b, 0]))])).item() as boolean) {
    throw new CupytsError('ERR_ARG', 'geomspace: Geometric sequence cannot include zero');
  }
  const rotated = a.astype(dt);
  const sign = applyNamed('sign', [rotated]);
  const [first, last] = [applyNamed('divide', [rotated, sign]), applyNamed('divide', [b.astype(dt), sign])];
  let result = logspace(applyNamed('log10', [first]), applyNamed('log10', [last]), num, endpoint, 10, dt);
  // result[0] = first, then result[-1] = last (NumPy's order: with one sample only the first)
  const index = reshape(arange(num), [num, ...Array<number>(result.ndim - 1).fill(1)]);
  result = where(applyNamed('equal', [index, 0]), first, result);
  if (endpoint && num > 1) result = where(applyNamed('equal', [index, num - 1]), last, result);
  result = moveaxis(applyNamed('multiply', [result, sign]), 0, axis);
  return result.astype(dtype ?? dt);
}

/**
 * geomspace of ends of opposite signs in a complex dtype, as NumPy computes it in complex: the ends
 * divided by the start's sign (a negative start makes the stop -|stop| - 0j), their complex
 * base-10 logarithms (the stop's imaginary part ±π/ln 10, the side of the cut), powers of 10 of the points
 * between them, the exact ends, times the sign: geomspace(-4, 1, 3) is [-4, 2j, 1].
 */
function complexGeomspace(start: number, stop: number, num: number, endpoint: boolean, dtype: DType): NDArray {
  const sign = Math.sign(start);
  const logStart = Math.log10(Math.abs(start));
  // log10(stop / sign): stop / -1 is -|stop| - 0j (below the cut), stop / 1 is -|stop| + 0j (above)
  const logStop = { re: Math.log10(Math.abs(stop)), im: sign * Math.PI / Math.LN10 };
  const div = endpoint ? num - 1 : num;
  const values = Array.from({ length: num }, (_, k) => {
    if (k === 0) return makeComplex(start, 0);
    if (endpoint && k === num - 1) return makeComplex(stop, 0);
    const re = logStart + ((logStop.re - logStart) / div) * k;
    const im = (logStop.im / div) * k;
    const r = 10 ** re;
    return makeComplex(sign * r * Math.cos(im * Math.LN10), sign * r * Math.sin(im * Math.LN10));
  });
  return arrayFromData('geomspace', values, dtype);
}

/** `flat` (1-D, not empty) repeated to length `n`: NumPy's concatenate((flat,) * k)[:n], as lazy views of a broadcast. */
export function cycleTo(flat: NDArray, n: number): NDArray {
  if (n === flat.size) return flat;
  const reps = Math.ceil(n / flat.size);
  const tiled = new NDArray(broadcastNode(reshape(flat, [1, flat.size]).node, [reps, flat.size]), flat.runner);
  return basicView('resize', reshape(tiled, [reps * flat.size]), [{ kind: 'slice', start: 0, stop: n, step: 1 }]);
}

/** An integer or a list of integers (a shape whose sizes the body checks). */
const intOrInts: ParamType<number | readonly number[], number[]> = {
  expected: 'an integer or a list of integers',
  parse: (x) => (t.isInteger(x) ? [x] : t.isListOf(x, t.isInteger) ? [...x] : REJECT),
};

/** NumPy's resize(a, new_shape): a new array of new_shape, `a`'s flat elements repeated to fill it. */
export const resize = declare('resize', [required('a', arrayLike), required('new_shape', intOrInts)], ({ a, new_shape }) => {
  if (new_shape.some((d) => d < 0)) throw new CupytsError('ERR_SHAPE', `resize: all elements of \`new_shape\` must be non-negative, got [${new_shape.join(', ')}]`);
  const n = sizeOf(new_shape);
  if (a.size === 0 || n === 0) return blank('resize', new_shape, a.dtype, a.runner);
  return reshape(cycleTo(reshape(a, [a.size]), n), new_shape).astype(a.dtype);
});

/** Any value (the extra arguments apply_along_axis passes on). */
const anything: ParamType<unknown> = { expected: 'any value', parse: (x) => x };

/** C-order index tuples of `shape`. */
function* ndindex(shape: readonly number[]): Generator<number[]> {
  const index = shape.map(() => 0);
  for (let i = 0; i < sizeOf(shape); i++) {
    yield [...index];
    for (let k = shape.length - 1; k >= 0; k--) {
      if (++index[k] < shape[k]) break;
      index[k] = 0;
    }
  }
}

/** What func1d returned, as an array. */
function resultArray(value: unknown): NDArray {
  if (value instanceof NDArray) return value;
  if (!isArrayArg(value)) throw new CupytsError('ERR_ARG', `apply_along_axis: expected func1d to return an array or a number, got ${describe(value)}`);
  return arrayFromData('apply_along_axis', value);
}

/**
 * NumPy's apply_along_axis(func1d, axis, arr, *args): func1d(slice, ...args) for each 1-D slice of
 * `arr` along `axis` (a lazy view), the results stacked where that axis was. A host loop: one
 * call and one write per slice. The result has the first result's dtype.
 */
export const apply_along_axis = declare(
  'apply_along_axis',
  [required('func1d', callable), required('axis', t.axis), required('arr', arrayLike), rest('args', anything)],
  ({ func1d, axis, arr, args }) => {
    const op = 'apply_along_axis';
    const ax = checkAxis(op, axis, arr.ndim);
    const dims = arr.shape.map((_, k) => k);
    const moved = transpose(arr, [...dims.filter((k) => k !== ax), ax]);
    const outer = moved.shape.slice(0, -1);
    if (sizeOf(outer) === 0) throw new CupytsError('ERR_SHAPE', `${op}: Cannot apply_along_axis when any iteration dimensions are 0`);
    const call = func1d as (...a: unknown[]) => unknown;
    let buff: NDArray | undefined;
    let resNdim = 0;
    for (const index of ndindex(outer)) {
      const items = index.map((value) => ({ kind: 'int' as const, value }));
      const res = resultArray(call(basicView(op, moved, items), ...args));
      if (buff === undefined) {
        resNdim = res.ndim;
        buff = uninitialized('apply_along_axis', [...outer, ...res.shape], res.dtype, arr.runner);
      }
      assign(op, basicView(op, buff, items), res);
    }
    const b = buff!.ndim;
    const perm = [...Array.from({ length: ax }, (_, k) => k), ...Array.from({ length: resNdim }, (_, k) => b - resNdim + k),
      ...Array.from({ length: b - resNdim - ax }, (_, k) => ax + k)];
    return transpose(buff!, perm);
  },
);
