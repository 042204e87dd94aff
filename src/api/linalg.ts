// Linear algebra's products, declared with NumPy's signatures (signature.ts): matmul, dot, vdot,
// inner, outer, tensordot and trace take NumPy's positional forms and a trailing options object
// with NumPy's keyword names; out= is written through out-param.ts; NumPy options cupyts does not
// support are a CupytsError saying so. The products themselves are products.ts.
import { CupytsError } from '../ir/errors.js';
import { canCast, type Casting } from '../ir/promotion.js';
import type { DType } from '../ir/dtype.js';
import { arrayLike, checkAxis } from './array-params.js';
import type { NDArray } from './ndarray.js';
import { outArray, writeOut } from './out-param.js';
import * as t from './param-types.js';
import { dotArrays, innerArrays, matmulArrays, outerArrays, tensordotArrays, vdotArrays, type TensordotAxes } from './products.js';
import * as R from './reductions.js';
import { declare, keyword, positional, required, REJECT, type ParamType } from './signature.js';
import { diagonal } from './views.js';

export const x1 = required('x1', arrayLike);
export const x2 = required('x2', arrayLike);
const a = required('a', arrayLike);
const b = required('b', arrayLike);
const out = positional('out', outArray, null);

/** NumPy's casting rules. */
export const casting = t.oneOf<Casting>('no', 'equiv', 'safe', 'same_kind', 'unsafe');

/** NumPy's order of a new array: cupyts makes C-ordered arrays, so 'F' is refused ('K', 'A', 'C' give the same values). */
export function checkOrder(op: string, order: 'C' | 'F' | 'A' | 'K'): void {
  if (order === 'F') throw new CupytsError('ERR_UNSUPPORTED', `${op}: order 'F' is not supported yet (cupyts makes C-ordered arrays)`);
}

/** `x` as `dtype` for a computation NumPy runs in `dtype`, if `casting` allows it. */
export function castFor(op: string, name: string, x: NDArray, dtype: DType, rule: Casting): NDArray {
  if (x.dtype === dtype) return x;
  checkCast(op, name, x, dtype, rule);
  return x.astype(dtype);
}

/** castFor's check alone: ERR_DTYPE where `rule` does not allow casting x to `dtype`. */
export function checkCast(op: string, name: string, x: NDArray, dtype: DType, rule: Casting): void {
  if (x.dtype !== dtype && !canCast(x.dtype, dtype, rule)) {
    throw new CupytsError('ERR_DTYPE', `${op}: cannot cast ${name} from ${x.dtype.name} to ${dtype.name} with casting rule '${rule}'`);
  }
}

/** matmul(x1, x2, /, out=None, *, casting='same_kind', order='K', dtype=None, subok=True): NumPy's @. */
export const matmul = declare(
  'matmul',
  [x1, x2, out, keyword('casting', casting, 'same_kind'), keyword('order', t.order, 'K'), keyword('dtype', t.nullable(t.dtype), null),
    keyword('subok', t.notSupported(true), null, 'true')],
  (v) => {
    checkOrder('matmul', v.order);
    const [p, q] = v.dtype === null ? [v.x1, v.x2] : [castFor('matmul', 'x1', v.x1, v.dtype, v.casting), castFor('matmul', 'x2', v.x2, v.dtype, v.casting)];
    return writeOut('matmul', v.out, matmulArrays('matmul', p, q), { casting: v.casting, exactShape: true });
  },
  { unsupported: ['signature', 'axes', 'axis'] },
);

/** dot(a, b, out=None): out must have the result's dtype and shape exactly, as NumPy requires. */
export const dot = declare('dot', [a, b, out], (v) => writeOut('dot', v.out, dotArrays('dot', v.a, v.b), { casting: 'no', exactShape: true }));

/** vdot(a, b, /): the dot product of the flattened arrays. */
export const vdot = declare('vdot', [a, b], (v) => vdotArrays('vdot', v.a, v.b));

/** inner(a, b, /): sums over the last axes of both. */
export const inner = declare('inner', [a, b], (v) => innerArrays('inner', v.a, v.b));

/** outer(a, b, out=None): a[i] * b[j] of the flattened arrays. */
export const outer = declare('outer', [a, b, out], (v) => writeOut('outer', v.out, outerArrays(v.a, v.b)));

const isAxisOrAxes = (x: unknown): x is number | number[] => t.isInteger(x) || t.isListOf(x, t.isInteger);

/** tensordot's axes: a count N ≥ 0, or a pair [axes of a, axes of b] (each an integer or a list). */
export const tensordotAxes: ParamType<TensordotAxes> = {
  expected: 'a non-negative integer or a pair of axis lists',
  parse: (x) => {
    if (t.isInteger(x)) return x >= 0 ? x : REJECT;
    if (Array.isArray(x) && x.length === 2 && isAxisOrAxes(x[0]) && isAxisOrAxes(x[1])) {
      return [typeof x[0] === 'number' ? x[0] : [...x[0]], typeof x[1] === 'number' ? x[1] : [...x[1]]];
    }
    return REJECT;
  },
};

/** tensordot(a, b, axes=2): sums products over the last `axes` axes of a and the first of b, or over the given pairs. */
export const tensordot = declare('tensordot', [a, b, positional('axes', tensordotAxes, 2)], (v) => tensordotArrays('tensordot', v.a, v.b, v.axes));

/** Sums of the diagonals over (axis1, axis2), in NumPy's sum dtype unless `dtype` is given. */
export function traceOf(op: string, x: NDArray, offset: number, axis1: number, axis2: number, dtype: DType | null): NDArray {
  if (x.ndim < 2) throw new CupytsError('ERR_SHAPE', `${op}: expected an array of at least 2 dimensions, got shape (${x.shape.join(', ')}${x.ndim === 1 ? ',' : ''})`);
  const ax1 = checkAxis(op, axis1, x.ndim, 'axis1');
  const ax2 = checkAxis(op, axis2, x.ndim, 'axis2');
  if (ax1 === ax2) throw new CupytsError('ERR_AXIS', `${op}: expected two different axes, got axis1 ${axis1} and axis2 ${axis2}`);
  return R.sum(diagonal(x, offset, ax1, ax2), { axis: -1, dtype: dtype ?? undefined });
}

/** trace(a, offset=0, axis1=0, axis2=1, dtype=None, out=None). */
export const trace = declare(
  'trace',
  [a, positional('offset', t.int, 0), positional('axis1', t.axis, 0), positional('axis2', t.axis, 1), positional('dtype', t.nullable(t.dtype), null), out],
  (v) => writeOut('trace', v.out, traceOf('trace', v.a, v.offset, v.axis1, v.axis2, v.dtype), { exactShape: true }),
);
