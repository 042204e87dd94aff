// NumPy's differences and calculus: diff, ediff1d, gradient, cross and trapezoid. Each is built
// from views (slices along an axis), elementwise arithmetic and a reduction, so it is lazy and
// fuses like any expression; the pieces of gradient and ediff1d are joined with concatenate.
import { DTYPES, type DType } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import { canCast, promoteTypes } from '../ir/promotion.js';
import { broadcastShapes } from '../ir/shape.js';
import { add, divide, equal, multiply, negative, not_equal, subtract } from './elementwise.js';
import { concatenate, concatenateAs, stack } from './joins.js';
import { NDArray, type Scalar } from './ndarray.js';
import { asDtype, broadcastTo, toArray, where } from './operands.js';
import * as t from './param-types.js';
import { all, sum } from './reductions.js';
import { arrayLike, checkAxis, arrayOrScalar, sliceAxis, type ArrayArg } from './array-params.js';
import { declare, keyword, positional, required, rest, type ParamType } from './signature.js';
import { moveaxis, ravel, reshape } from './views.js';

/** An optional array argument whose default is NumPy's `<no value>` (not None). */
const optionalOperand = arrayOrScalar as ParamType<ArrayArg, NDArray | Scalar | undefined>;

function refuseBool(op: string, dtype: DType): void {
  if (dtype.kind === 'b') {
    throw new CupytsError('ERR_DTYPE', `${op}: expected a numeric array, got bool (NumPy has no boolean subtract; use bitwise_xor or logical_xor)`);
  }
}

/** `x` (a scalar or 0-d array) broadcast to `like` with `axis` of length 1; arrays as they are. */
function edgeArray(op: string, x: NDArray | Scalar, like: NDArray, axis: number): NDArray {
  const a = toArray(op, x);
  return a.ndim === 0 ? broadcastTo(a, like.shape.map((d, j) => (j === axis ? 1 : d))) : a;
}

/** One n=1 difference along `axis` (not_equal for bool, as NumPy). */
function difference(a: NDArray, axis: number): NDArray {
  const later = sliceAxis(a, axis, 1, null);
  const earlier = sliceAxis(a, axis, null, -1);
  return a.dtype.kind === 'b' ? not_equal(later, earlier) : subtract(later, earlier);
}

/** NumPy's diff(a, n=1, axis=-1, prepend=<no value>, append=<no value>). */
export const diff = declare(
  'diff',
  [
    required('a', arrayLike),
    positional('n', t.count, 1),
    positional('axis', t.axis, -1),
    positional('prepend', optionalOperand, undefined, 'no value'),
    positional('append', optionalOperand, undefined, 'no value'),
  ],
  ({ a, n, axis, prepend, append }) => {
    if (n === 0) return a;
    if (a.ndim === 0) throw new CupytsError('ERR_SHAPE', 'diff: expected an array of at least one dimension, got a 0-d array');
    const along = checkAxis('diff', axis, a.ndim);
    let x = a;
    if (prepend !== undefined || append !== undefined) {
      const parts = [prepend === undefined ? [] : [edgeArray('diff', prepend, a, along)], [a], append === undefined ? [] : [edgeArray('diff', append, a, along)]].flat();
      x = concatenateAs('diff', parts, along, undefined);
    }
    for (let k = 0; k < n; k++) {
      x = difference(x, along);
      if (x.shape[along] === 0) break;
    }
    return x;
  },
);

/** A to_begin / to_end argument of ediff1d: flattened, cast to `dtype` if same_kind allows. */
function ediffEdge(x: NDArray | null, dtype: DType, name: string): NDArray[] {
  if (x === null) return [];
  if (!canCast(x.dtype, dtype, 'same_kind')) {
    throw new CupytsError('ERR_DTYPE', `ediff1d: expected ${name} of a dtype that casts to ${dtype.name} under the same_kind rule, got ${x.dtype.name}`);
  }
  return [ravel(x).astype(dtype)];
}

/** NumPy's ediff1d(ary, to_end=None, to_begin=None): differences of the flattened array, in its dtype. */
export const ediff1d = declare(
  'ediff1d',
  [required('ary', arrayLike), positional('to_end', t.nullable(arrayLike), null), positional('to_begin', t.nullable(arrayLike), null)],
  ({ ary, to_end, to_begin }) => {
    const flat = ravel(ary);
    refuseBool('ediff1d', flat.dtype);
    const parts = [...ediffEdge(to_begin, flat.dtype, 'to_begin'), difference(flat, 0), ...ediffEdge(to_end, flat.dtype, 'to_end')];
    return parts.length === 1 ? parts[0] : concatenate(parts, 0);
  },
);

// ---- gradient ----

/** Spacing along one axis: a uniform step (a scalar or 0-d array), or the N-1 steps between coordinates. */
type Spacing = { uniform: true; dx: NDArray | number } | { uniform: false; steps: NDArray };

/** A scalar step stays a JS number (NumPy's weak Python scalar); a 0-d array stays an array. */
const step = (v: NDArray | Scalar): NDArray | number => (v instanceof NDArray ? v : Number(v));

function spacings(f: NDArray, axes: readonly number[], varargs: readonly (NDArray | Scalar)[]): Spacing[] {
  const isScalarLike = (v: NDArray | Scalar) => !(v instanceof NDArray) || v.ndim === 0;
  if (varargs.length === 0) return axes.map(() => ({ uniform: true, dx: 1.0 }));
  if (varargs.length === 1 && isScalarLike(varargs[0])) return axes.map(() => ({ uniform: true, dx: step(varargs[0]) }));
  if (varargs.length !== axes.length) {
    throw new CupytsError('ERR_ARG', `gradient: expected no spacing, one scalar, or one spacing per axis (${axes.length}), got ${varargs.length}`);
  }
  return varargs.map((v, i): Spacing => {
    if (isScalarLike(v)) return { uniform: true, dx: step(v) };
    const coords = v as NDArray;
    if (coords.ndim !== 1) throw new CupytsError('ERR_SHAPE', `gradient: expected spacings that are scalars or 1-D coordinates, got ${coords.ndim} dimensions`);
    const n = f.shape[axes[i]];
    if (coords.shape[0] !== n) {
      throw new CupytsError('ERR_SHAPE', `gradient: expected coordinates of the length of axis ${axes[i]} (${n}), got ${coords.shape[0]}`);
    }
    const asFloat = coords.dtype.kind === 'i' || coords.dtype.kind === 'u' ? coords.astype(DTYPES.float64) : coords;
    return { uniform: false, steps: difference(asFloat, 0) };
  });
}

/** a·f0 + b·f1 + c·f2, the three-point formula NumPy uses everywhere. */
const threePoint = (a: NDArray | Scalar, f0: NDArray, b: NDArray | Scalar, f1: NDArray, c: NDArray | Scalar, f2: NDArray) =>
  add(add(multiply(a, f0), multiply(b, f1)), multiply(c, f2));

/** The derivative along `axis` with a uniform step `dx` (NumPy's formulas, term for term). */
function uniformGradient(f: NDArray, axis: number, dx: NDArray | number, edgeOrder: number): NDArray[] {
  const s = (start: number | null, stop: number | null) => sliceAxis(f, axis, start, stop);
  // JS numbers stay weak scalars, as NumPy's Python floats: -1.5 / dx is a number when dx is one.
  const over = (x: number): NDArray | number => (typeof dx === 'number' ? x / dx : divide(x, dx));
  const interior = divide(subtract(s(2, null), s(null, -2)), typeof dx === 'number' ? 2.0 * dx : multiply(2.0, dx));
  if (edgeOrder === 1) {
    return [divide(subtract(s(1, 2), s(0, 1)), dx), interior, divide(subtract(s(-1, null), s(-2, -1)), dx)];
  }
  const first = threePoint(over(-1.5), s(0, 1), over(2.0), s(1, 2), over(-0.5), s(2, 3));
  const last = threePoint(over(0.5), s(-3, -2), over(-2.0), s(-2, -1), over(1.5), s(-1, null));
  return [first, interior, last];
}

/**
 * The derivative along `axis` on coordinates whose N-1 steps are `steps`. NumPy takes equal steps
 * as a uniform step (its formulas differ: no 0·f terms, so an inf in f stays local); that test is
 * a lazy 0-d flag here, and each piece picks the uniform or non-uniform result by it.
 */
function coordinateGradient(f: NDArray, axis: number, steps: NDArray, edgeOrder: number): NDArray[] {
  const uniform = all(equal(steps, steps.get(0)));
  const even = uniformGradient(f, axis, steps.get(0), edgeOrder);
  return nonUniformGradient(f, axis, steps, edgeOrder).map((part, i) => where(uniform, even[i], part));
}

/** NumPy's non-uniform formulas. */
function nonUniformGradient(f: NDArray, axis: number, steps: NDArray, edgeOrder: number): NDArray[] {
  const s = (start: number | null, stop: number | null) => sliceAxis(f, axis, start, stop);
  const along = (v: NDArray) => reshape(v, f.shape.map((_, j) => (j === axis ? -1 : 1)));
  const dx1 = steps.get('0:-1');
  const dx2 = steps.get('1:');
  const sum12 = add(dx1, dx2);
  const a = negative(divide(dx2, multiply(dx1, sum12)));
  const b = divide(subtract(dx2, dx1), multiply(dx1, dx2));
  const c = divide(dx1, multiply(dx2, sum12));
  const interior = threePoint(along(a), s(null, -2), along(b), s(1, -1), along(c), s(2, null));
  const n = steps.shape[0];
  if (edgeOrder === 1) {
    return [divide(subtract(s(1, 2), s(0, 1)), steps.get(0)), interior, divide(subtract(s(-1, null), s(-2, -1)), steps.get(n - 1))];
  }
  const [p, q] = [steps.get(0), steps.get(1)];
  const pq = add(p, q);
  const first = threePoint(
    negative(divide(add(multiply(2.0, p), q), multiply(p, pq))), s(0, 1),
    divide(pq, multiply(p, q)), s(1, 2),
    negative(divide(p, multiply(q, pq))), s(2, 3),
  );
  const [u, w] = [steps.get(n - 2), steps.get(n - 1)];
  const uw = add(u, w);
  const last = threePoint(
    divide(w, multiply(u, uw)), s(-3, -2),
    negative(divide(uw, multiply(u, w))), s(-2, -1),
    divide(add(multiply(2.0, w), u), multiply(w, uw)), s(-1, null),
  );
  return [first, interior, last];
}

/**
 * NumPy's gradient(f, *varargs, axis=None, edge_order=1): second-order central differences inside,
 * first- or second-order one-sided differences at the edges. Spacing: none (1), one scalar for
 * every axis, or one per axis, each a scalar or the 1-D coordinates along that axis. One array
 * for one axis, else a JS array of them (NumPy's tuple).
 */
export const gradient = declare(
  'gradient',
  [required('f', arrayLike), rest('varargs', arrayOrScalar), keyword('axis', t.nullable(t.axes), null), keyword('edge_order', t.int, 1)],
  ({ f, varargs, axis, edge_order }): NDArray | NDArray[] => {
    if (edge_order !== 1 && edge_order !== 2) throw new CupytsError('ERR_ARG', `gradient: expected edge_order 1 or 2, got ${edge_order}`);
    refuseBool('gradient', f.dtype);
    const list = axis === null ? f.shape.map((_, j) => j) : (typeof axis === 'number' ? [axis] : axis).map((j) => checkAxis('gradient', j, f.ndim));
    if (new Set(list).size !== list.length) throw new CupytsError('ERR_AXIS', `gradient: expected distinct axes, got repeated values in ${JSON.stringify(axis)}`);
    const outType = f.dtype.kind === 'f' || f.dtype.kind === 'c' ? f.dtype : DTYPES.float64; // NumPy keeps complex (ints go to float64)
    const values = asDtype(f, outType);
    const space = spacings(f, list, varargs);
    const results = list.map((ax, i) => {
      if (f.shape[ax] < edge_order + 1) {
        throw new CupytsError('ERR_SHAPE', `gradient: expected at least edge_order + 1 = ${edge_order + 1} elements along axis ${ax}, got ${f.shape[ax]}`);
      }
      const sp = space[i];
      const parts = sp.uniform ? uniformGradient(values, ax, sp.dx, edge_order) : coordinateGradient(values, ax, sp.steps, edge_order);
      return concatenate(parts.map((p) => p.astype(outType)), ax);
    });
    return results.length === 1 ? results[0] : results;
  },
);

// ---- cross ----

/** NumPy's cross(a, b, axisa=-1, axisb=-1, axisc=-1, axis=None) of 2- and 3-vectors. */
export const cross = declare(
  'cross',
  [
    required('a', arrayLike),
    required('b', arrayLike),
    positional('axisa', t.axis, -1),
    positional('axisb', t.axis, -1),
    positional('axisc', t.axis, -1),
    positional('axis', t.nullable(t.axis), null),
  ],
  ({ a, b, axisa, axisb, axisc, axis }) => {
    if (axis !== null) axisa = axisb = axisc = axis;
    if (a.ndim < 1 || b.ndim < 1) throw new CupytsError('ERR_SHAPE', 'cross: expected arrays of at least one dimension, got a 0-d array');
    const va = moveaxis(a, checkAxis('cross', axisa, a.ndim, 'axisa'), -1);
    const vb = moveaxis(b, checkAxis('cross', axisb, b.ndim, 'axisb'), -1);
    const [na, nb] = [va.shape[va.ndim - 1], vb.shape[vb.ndim - 1]];
    if ((na !== 2 && na !== 3) || (nb !== 2 && nb !== 3)) {
      throw new CupytsError('ERR_SHAPE', `cross: expected vectors of dimension 2 or 3, got ${na} and ${nb}`);
    }
    const shape = broadcastShapes('cross', va.shape.slice(0, -1), vb.shape.slice(0, -1));
    const dtype = promoteTypes(a.dtype, b.dtype);
    refuseBool('cross', dtype);
    const part = (v: NDArray, k: number) => v.get(['...', k]).astype(dtype);
    const [a0, a1, b0, b1] = [part(va, 0), part(va, 1), part(vb, 0), part(vb, 1)];
    const z = subtract(multiply(a0, b1), multiply(a1, b0));
    if (na === 2 && nb === 2) return z;
    const outAxis = checkAxis('cross', axisc, shape.length + 1, 'axisc');
    let x: NDArray;
    let y: NDArray;
    if (na === 2) {
      const b2 = part(vb, 2);
      [x, y] = [multiply(a1, b2), negative(multiply(a0, b2))];
    } else if (nb === 2) {
      const a2 = part(va, 2);
      [x, y] = [negative(multiply(a2, b1)), multiply(a2, b0)];
    } else {
      const [a2, b2] = [part(va, 2), part(vb, 2)];
      [x, y] = [subtract(multiply(a1, b2), multiply(a2, b1)), subtract(multiply(a2, b0), multiply(a0, b2))];
    }
    const parts = [x, y, z].map((p) => broadcastTo(p, shape));
    return moveaxis(stack(parts, -1), -1, outAxis);
  },
);

// ---- trapezoid ----

/** NumPy's trapezoid(y, x=None, dx=1.0, axis=-1): the trapezoidal rule along `axis`. */
export const trapezoid = declare(
  'trapezoid',
  [required('y', arrayLike), positional('x', t.nullable(arrayLike), null), positional('dx', arrayOrScalar, 1.0), positional('axis', t.axis, -1)],
  ({ y, x, dx, axis }) => {
    const along = checkAxis('trapezoid', axis, y.ndim);
    let d: NDArray | Scalar = dx;
    if (x !== null) {
      d = x.ndim === 1
        ? reshape(difference(x, 0), y.shape.map((_, j) => (j === along ? -1 : 1)))
        : difference(x, checkAxis('trapezoid', axis, x.ndim));
    }
    const heights = add(sliceAxis(y, along, 1, null), sliceAxis(y, along, null, -1));
    if (d instanceof NDArray) broadcastShapes('trapezoid', d.shape, heights.shape); // x or dx that does not fit y
    return sum(divide(multiply(d, heights), 2.0), { axis: along });
  },
);
