// NumPy's elementwise functions built from several ufuncs, so they fuse like any other: clip,
// round (around) and nan_to_num, declared with NumPy's signatures.
import { DTYPES } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import { arrayLike, arrayOrScalar } from './array-params.js';
import type { Scalar } from './ndarray.js';
import { divide, equal, isnan, maximum, minimum, multiply, rint } from './elementwise.js';
import { NDArray } from './ndarray.js';
import { where } from './operands.js';
import { imagView, realView } from './views.js';
import { outArray, writeOut } from './out-param.js';
import * as t from './param-types.js';
import { declare, keyword, positional, required } from './signature.js';

const bound = t.nullable(arrayOrScalar);

/**
 * clip(a, a_min, a_max, out=None, *, min, max) = minimum(maximum(a, a_min), a_max), NaN
 * propagating as in NumPy; NumPy 2.1's `min`/`max` are the same bounds by other names.
 */
export const clip = declare(
  'clip',
  [required('a', arrayOrScalar), positional('a_min', bound, null), positional('a_max', bound, null), positional('out', outArray, null),
    keyword('min', bound, null), keyword('max', bound, null)],
  ({ a, a_min, a_max, out, min, max }) => {
    if (a_min !== null && min !== null) throw new CupytsError('ERR_ARG', 'clip: passed a_min and min, which are the same argument; use one');
    if (a_max !== null && max !== null) throw new CupytsError('ERR_ARG', 'clip: passed a_max and max, which are the same argument; use one');
    const lo = a_min ?? min;
    const hi = a_max ?? max;
    if (lo === null && hi === null) throw new CupytsError('ERR_ARG', 'clip: expected a_min or a_max, got neither');
    const result = lo === null ? minimum(a, hi!) : hi === null ? maximum(a, lo) : minimum(maximum(a, lo), hi);
    return writeOut('clip', out, result);
  },
);

/** round(a, decimals=0, out=None): round half to even, as NumPy (integers with decimals ≥ 0 are unchanged). */
export const round = declare(
  'round',
  [required('a', arrayOrScalar), positional('decimals', t.int, 0), positional('out', outArray, null)],
  ({ a: x, decimals, out }) => writeOut('round', out, roundHalfEven(x, decimals), { casting: 'unsafe' }),
);
export const around = round;

function roundHalfEven(x: NDArray | Scalar, decimals: number): NDArray {
  if (x instanceof NDArray && x.dtype.kind !== 'f' && x.dtype.kind !== 'c') {
    if (decimals >= 0) return x.astype(x.dtype);
    const f = 10 ** -decimals;
    return multiply(rint(divide(x, f)), f).astype(x.dtype);
  }
  if (decimals === 0) return rint(x);
  const f = 10 ** Math.abs(decimals);
  return decimals > 0 ? divide(rint(multiply(x, f)), f) : multiply(rint(divide(x, f)), f);
}

/**
 * nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None): NaN and infinities replaced by
 * finite numbers (the dtype's largest by default); with copy=False, x itself is written and returned.
 */
export const nan_to_num = declare(
  'nan_to_num',
  [required('x', arrayLike), positional('copy', t.boolean, true), positional('nan', t.number, 0),
    positional('posinf', t.nullable(t.number), null), positional('neginf', t.nullable(t.number), null)],
  ({ x, copy, nan, posinf, neginf }) => {
    /** A real float array with its NaN and infinities replaced. */
    const finite = (v: NDArray): NDArray => {
      const big = v.dtype === DTYPES.float16 ? 65504 : v.dtype === DTYPES.float32 ? 3.4028234663852886e38 : Number.MAX_VALUE;
      const nanValue = where(isnan(v), nan, v);
      const pos = where(equal(v, Infinity), posinf ?? big, nanValue);
      return where(equal(v, -Infinity), neginf ?? -big, pos);
    };
    if (x.dtype.kind === 'c') {
      // NumPy replaces in the real and imaginary parts alike, each by its own values.
      const target = copy ? x.astype(x.dtype) : x;
      const [re, im] = [finite(realView(x)), finite(imagView(x))];
      writeOut('nan_to_num', realView(target), re, { casting: 'unsafe' });
      writeOut('nan_to_num', imagView(target), im, { casting: 'unsafe' });
      return target;
    }
    const result = x.dtype.kind === 'f' ? finite(x) : x.astype(x.dtype);
    return copy ? result : writeOut('nan_to_num', x, result, { casting: 'unsafe' });
  },
);
