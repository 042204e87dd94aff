// NumPy's in-place functions fill_diagonal, putmask and place. Each goes through the ordinary
// write path (assign.ts and put's scatter), so views of the array see the write, and lazy arrays
// made before it keep the old values (copy on write).
//
// putmask and place are one lazy `where(mask, values, a)` written back into `a`; the values are
// repeated over the flat positions (putmask) or over the masked positions in order (place: a
// running count of the mask picks each value), as NumPy repeats them.
import { DTYPES } from '../ir/dtype.js';
import { canCast } from '../ir/promotion.js';
import { sameShape } from '../ir/shape.js';
import { CupytsError } from '../ir/errors.js';
import { arrayData, arrayLike, arrayOrScalar, scalarArray, target, type ArrayArg } from './array-params.js';
import { assign } from './assign.js';
import { arrayFromData } from './creation.js';
import { NDArray } from './ndarray.js';
import { applyNamed, asDtype, where } from './operands.js';
import * as t from './param-types.js';
import { any, cumsum } from './reductions.js';
import { cycleTo } from './creation-extra.js';
import { declare, positional, required } from './signature.js';
import { put, take } from './take.js';
import { ravel, reshape } from './views.js';

/** NumPy's fill_diagonal(a, val, wrap=False): writes val (repeated) along the main diagonal of `a`. */
export const fill_diagonal = declare(
  'fill_diagonal',
  [required('a', target), required('val', arrayOrScalar), positional('wrap', t.boolean, false)],
  ({ a, val, wrap }) => {
    if (a.ndim < 2) throw new CupytsError('ERR_SHAPE', `fill_diagonal: array must be at least 2-d, got ${a.ndim} dimensions`);
    let step: number;
    let end = a.size;
    if (a.ndim === 2) {
      // Tall matrices without wrap stop after the square part, as NumPy.
      step = a.shape[1] + 1;
      if (!wrap) end = Math.min(end, a.shape[1] * a.shape[1]);
    } else {
      if (!a.shape.every((d) => d === a.shape[0])) throw new CupytsError('ERR_SHAPE', 'fill_diagonal: All dimensions of input must be of equal length');
      step = 1;
      let stride = 1;
      for (let k = a.ndim - 1; k > 0; k--) step += (stride *= a.shape[k]);
    }
    const flat: number[] = [];
    for (let i = 0; i < end; i += step) flat.push(i);
    if (flat.length === 0) return;
    put(a, flat, val);
  },
);

/** `mask` as a bool array of `a`'s shape, read in C order (NumPy's masks match the array's size). */
function maskFor(op: string, a: NDArray, mask: NDArray): NDArray {
  if (mask.size !== a.size) throw new CupytsError('ERR_SHAPE', `${op}: mask and data must be the same size, got sizes ${mask.size} and ${a.size}`);
  const m = asDtype(mask, DTYPES.bool);
  return sameShape(m.shape, a.shape) ? m : reshape(ravel(m), a.shape);
}

/**
 * The values to write into `a`, of its dtype, as NumPy converts them: an array must cast safely
 * (int64 values do not go into an int32 array), JS data is converted to `a`'s dtype as
 * np.array(values, dtype=a.dtype) does, a JS scalar as setitem does (integers must fit).
 */
function valuesFor(op: string, a: NDArray, v: ArrayArg): NDArray {
  if (v instanceof NDArray) {
    if (!canCast(v.dtype, a.dtype, 'safe')) {
      throw new CupytsError('ERR_DTYPE', `${op}: Cannot cast array data from dtype('${v.dtype.name}') to dtype('${a.dtype.name}') according to the rule 'safe'`);
    }
    return asDtype(v, a.dtype);
  }
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return scalarArray(op, v, a.dtype, a.runner);
  return arrayFromData(op, v, a.dtype);
}

/** NumPy's putmask(a, mask, values): a.flat[i] = values.flat[i % values.size] where mask.flat[i]. */
export const putmask = declare(
  'putmask',
  [required('a', target), required('mask', arrayLike), required('values', arrayData)],
  ({ a, mask, values }) => {
    const m = maskFor('putmask', a, mask);
    const v = valuesFor('putmask', a, values);
    if (v.size === 0) return; // NumPy writes nothing
    const cycled = v.ndim === 0 ? v : reshape(cycleTo(ravel(v), a.size), a.shape);
    assign('putmask', a, where(m, cycled, a));
  },
);

/** NumPy's place(arr, mask, vals): the masked elements of arr, in C order, take vals repeated. */
export const place = declare(
  'place',
  [required('arr', target), required('mask', arrayLike), required('vals', arrayData)],
  ({ arr, mask, vals }) => {
    const m = maskFor('place', arr, mask);
    const v = valuesFor('place', arr, vals);
    if (v.size === 0) {
      if (any(m).item()) throw new CupytsError('ERR_ARG', 'place: Cannot insert from an empty array!');
      return;
    }
    // The k-th masked element (k from 0) takes vals[k % vals.size].
    const rank = applyNamed('subtract', [reshape(cumsum(m.astype(DTYPES.int64)), arr.shape), 1]);
    const picked = v.ndim === 0 ? v : take(ravel(v), rank, { mode: 'wrap' });
    assign('place', arr, where(m, picked, arr));
  },
);
