// NumPy's elementwise functions built from several ufuncs, so they fuse like any other: clip,
// round (around) and nan_to_num, declared with NumPy's signatures.
import { DTYPES, dtypeMax, dtypeMin, isInteger } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import { keepingFirst } from '../ir/ops.js';
import { isWeakInt } from '../ir/promotion.js';
import { arrayLike, arrayOrScalar } from './array-params.js';
import type { Scalar } from './ndarray.js';
import { divide, equal, isnan, multiply, positive, rint } from './elementwise.js';
import { NDArray } from './ndarray.js';
import { applyOp, toArray, where } from './operands.js';
import { imagView, realView } from './views.js';
import { outArray, writeOut } from './out-param.js';
import * as t from './param-types.js';
import { declare, keyword, positional, required } from './signature.js';

const bound = t.nullable(arrayOrScalar);

/**
 * clip(a, a_min, a_max, out=None, *, min, max) = minimum(maximum(a, a_min), a_max), NaN
 * propagating as in NumPy, x kept where it equals a bound (clip(-0.0, 0.0, 1.0) is -0.0, as NumPy's
 * with scalar bounds; with array bounds NumPy's float32 and float64 loops give the bound's zero);
 * NumPy 2.1's `min`/`max` are the same bounds by other names. As NumPy's
 * _clip: `a` is an array (a JS scalar becomes one, np.asarray), a JS integer bound at or past an
 * integer array's range bounds nothing (clip(int8, 0, 1000) is int8; NEP 50 alone would raise),
 * and with no bound left the result is positive(a), a copy.
 */
export const clip = declare(
  'clip',
  [required('a', arrayOrScalar), positional('a_min', bound, null), positional('a_max', bound, null), positional('out', outArray, null),
    keyword('min', bound, null), keyword('max', bound, null)],
  ({ a: x, a_min, a_max, out, min, max }) => {
    if (a_min !== null && min !== null) throw new CupytsError('ERR_ARG', 'clip: passed a_min and min, which are the same argument; use one');
    if (a_max !== null && max !== null) throw new CupytsError('ERR_ARG', 'clip: passed a_max and max, which are the same argument; use one');
    const a = toArray('clip', x);
    const lo = withinRange(a_min ?? min, a, 'min');
    const hi = withinRange(a_max ?? max, a, 'max');
    const result = named('clip', () => {
      const above = lo === null ? a : applyOp(keepingFirst('maximum'), [a, lo], 'clip');
      return hi !== null ? applyOp(keepingFirst('minimum'), [above, hi], 'clip') : lo !== null ? above : positive(a);
    });
    return writeOut('clip', out, result);
  },
);

/** Runs `body`; an error of the ufuncs it calls names `op` instead (clip: Python integer 1000 out of bounds for int8). */
function named<R>(op: string, body: () => R): R {
  try {
    return body();
  } catch (err) {
    const inner = err instanceof CupytsError ? /^(maximum_keep_first|minimum_keep_first|positive):/.exec(err.message) : null;
    if (inner === null) throw err;
    throw new CupytsError((err as CupytsError).code, `${op}:${(err as CupytsError).message.slice(inner[0].length)}`, { cause: err });
  }
}

/** A clip bound, or null where it is a JS integer at or past the end `side` of integer array a's range (NumPy's _clip drops it). */
function withinRange(b: NDArray | Scalar | null, a: NDArray, side: 'min' | 'max'): NDArray | Scalar | null {
  if (b === null || b instanceof NDArray || !isWeakInt(b) || !isInteger(a.dtype)) return b;
  const beyond = side === 'min' ? BigInt(b) <= dtypeMin(a.dtype) : BigInt(b) >= dtypeMax(a.dtype);
  return beyond ? null : b;
}

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
