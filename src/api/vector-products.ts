// NumPy 2's vector products as ufunc-like functions (numpy.vecdot, numpy.matvec, numpy.vecmat),
// declared with NumPy's signatures: out, casting, order and dtype as matmul; vecdot's axis. The
// first argument of vecdot and vecmat is conjugated, as NumPy does for complex arrays. The
// products themselves are products.ts.
import { castFor, casting, checkOrder, x1, x2 } from './linalg.js';
import type { NDArray } from './ndarray.js';
import { outArray, writeOut } from './out-param.js';
import * as t from './param-types.js';
import { matvecArrays, vecdotArrays, vecmatArrays } from './products.js';
import { declare, keyword, positional } from './signature.js';

const out = positional('out', outArray, null);
const ufuncOptions = [
  keyword('casting', casting, 'same_kind'), keyword('order', t.order, 'K'), keyword('dtype', t.nullable(t.dtype), null),
  keyword('subok', t.notSupported(true), null, 'true'),
] as const;

interface UfuncArgs {
  x1: NDArray;
  x2: NDArray;
  out: NDArray | null;
  casting: Parameters<typeof castFor>[4];
  order: 'C' | 'F' | 'A' | 'K';
  dtype: Parameters<typeof castFor>[3] | null;
}

/** Casts the operands to dtype= (where given), runs `product`, and writes out=. */
function run(op: string, v: UfuncArgs, product: (a: NDArray, b: NDArray) => NDArray): NDArray {
  checkOrder(op, v.order);
  const [a, b] = v.dtype === null ? [v.x1, v.x2] : [castFor(op, 'x1', v.x1, v.dtype, v.casting), castFor(op, 'x2', v.x2, v.dtype, v.casting)];
  return writeOut(op, v.out, product(a, b), { casting: v.casting, exactShape: true });
}

/**
 * vecdot(x1, x2, /, out=None, *, casting='same_kind', order='K', dtype=None, subok=True, axis=-1):
 * sums of conj(x1) * x2 along `axis`, the other axes broadcast.
 */
export const vecdot = declare('vecdot', [x1, x2, out, ...ufuncOptions, keyword('axis', t.axis, -1)],
  (v) => run('vecdot', v, (a, b) => vecdotArrays('vecdot', a, b, v.axis)), { unsupported: ['signature', 'axes'] });

/** matvec(x1, x2, /, out=None, *, casting='same_kind', order='K', dtype=None, subok=True): matrices times vectors. */
export const matvec = declare('matvec', [x1, x2, out, ...ufuncOptions],
  (v) => run('matvec', v, (a, b) => matvecArrays('matvec', a, b)), { unsupported: ['signature', 'axes', 'axis'] });

/** vecmat(x1, x2, /, out=None, *, casting='same_kind', order='K', dtype=None, subok=True): conjugated vectors times matrices. */
export const vecmat = declare('vecmat', [x1, x2, out, ...ufuncOptions],
  (v) => run('vecmat', v, (a, b) => vecmatArrays('vecmat', a, b)), { unsupported: ['signature', 'axes', 'axis'] });
