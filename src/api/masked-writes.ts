// NumPy's in-place functions fill_diagonal, putmask and place. Each goes through the ordinary
// write path (assign.ts and put's scatter), so views of the array see the write, and lazy arrays
// made before it keep the old values (copy on write).
//
// putmask and place are one lazy `where(mask, values, a)` written back into `a`; the values are
// repeated over the flat positions (putmask) or over the masked positions in order (place: a
// running count of the mask picks each value), as NumPy repeats them.
import { DTYPES } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import { arrayLike, arrayOrScalar, target } from './array-params.js';
import { assign, scalarValue } from './assign.js';
import { NDArray, type Scalar } from './ndarray.js';
import { applyNamed, where } from './operands.js';
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
  const m = mask.dtype === DTYPES.bool ? mask : mask.astype(DTYPES.bool);
  return reshape(ravel(m), a.shape);
}

/** A scalar value as an array of `a`'s dtype, converted as NumPy's setitem converts it. */
function scalarOf(op: string, a: NDArray, v: Scalar): NDArray {
  return new NDArray(scalarValue(op, v, a.dtype), a.runner);
}

/** NumPy's putmask(a, mask, values): a.flat[i] = values.flat[i % values.size] where mask.flat[i]. */
export const putmask = declare(
  'putmask',
  [required('a', target), required('mask', arrayLike), required('values', arrayOrScalar)],
  ({ a, mask, values }) => {
    const m = maskFor('putmask', a, mask);
    let v: NDArray;
    if (!(values instanceof NDArray)) v = scalarOf('putmask', a, values);
    else if (values.size === 0) return; // NumPy writes nothing
    else {
      v = reshape(cycleTo(ravel(values), a.size), a.shape).astype(a.dtype);
    }
    assign('putmask', a, where(m, v, a));
  },
);

/** NumPy's place(arr, mask, vals): the masked elements of arr, in C order, take vals repeated. */
export const place = declare(
  'place',
  [required('arr', target), required('mask', arrayLike), required('vals', arrayOrScalar)],
  ({ arr, mask, vals }) => {
    const m = maskFor('place', arr, mask);
    const v = vals instanceof NDArray ? ravel(vals) : scalarOf('place', arr, vals);
    if (v.size === 0) {
      if (any(m).item()) throw new CupytsError('ERR_ARG', 'place: Cannot insert from an empty array!');
      return;
    }
    // The k-th masked element (k from 0) takes vals[k % vals.size].
    const rank = applyNamed('subtract', [reshape(cumsum(m.astype(DTYPES.int64)), arr.shape), 1]);
    const picked = v.ndim === 0 ? v : take(reshape(v, [v.size]), rank, { mode: 'wrap' });
    assign('place', arr, where(m, picked.astype(arr.dtype), arr));
  },
);
