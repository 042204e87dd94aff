// nonzero and the functions built on it (argwhere, flatnonzero; where(cond) in index-api.ts). The number of
// nonzero elements decides the result's size, which cannot stay lazy: the positions are found on
// the device by a scan and a scatter (./compaction.ts), and only their count is read back.
// readMask and hostNonzero serve masks that are small or already on the host.
import { DTYPES } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import { contiguousStrides } from '../ir/shape.js';
import { hostIndex } from './advanced-indexing.js';
import { NDArray } from './ndarray.js';
import type { ArrayData } from './creation.js';
import { toArray } from './operands.js';
import { flatTrueIndices, trueCoordinates } from './compaction.js';
import { concatenateAs } from './joins.js';

/** Per-axis coordinate lists as the columns of one (N, ndim) array. */
const stackColumns = (coords: NDArray[]) => concatenateAs('argwhere', coords.map((c) => c.reshape([c.size, 1])), 1, undefined);

/** `a`'s truth values in C order (a readback). */
export function readMask(a: NDArray): Uint8Array {
  const b = a.dtype === DTYPES.bool ? a : a.astype(DTYPES.bool);
  return Uint8Array.from(b.dataSync() as Uint8Array);
}

/** For a C-order mask of `shape`, the coordinates of its true elements, one list per axis. */
export function hostNonzero(mask: Uint8Array, shape: readonly number[]): number[][] {
  const strides = contiguousStrides(shape);
  const coords: number[][] = shape.map(() => []);
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    let rem = i;
    shape.forEach((_, d) => {
      const c = strides[d] === 0 ? 0 : Math.floor(rem / strides[d]);
      rem -= c * strides[d];
      coords[d].push(c);
    });
  }
  return coords;
}

const arrayArg = toArray;

/** NumPy's nonzero: a tuple (list) of int64 index arrays, one per axis; `op` names it in errors (where(cond) is nonzero). */
export function nonzero(a: NDArray | ArrayData, op = 'nonzero'): NDArray[] {
  const x = arrayArg(op, a);
  if (x.ndim === 0) throw new CupytsError('ERR_ARG', `${op}: calling nonzero on 0d arrays is not allowed; use atleast_1d(a).nonzero() instead`);
  return trueCoordinates(x);
}

/** NumPy's argwhere: the (N, ndim) int64 coordinates of the nonzero elements. */
export function argwhere(a: NDArray | ArrayData): NDArray {
  const x = arrayArg('argwhere', a);
  if (x.ndim === 0) {
    const hit = readMask(x)[0] ? 1 : 0;
    return hostIndex(x.runner, [hit, 0], []);
  }
  return stackColumns(trueCoordinates(x));
}

/** NumPy's flatnonzero: indices of the nonzero elements of the flattened array. */
export function flatnonzero(a: NDArray | ArrayData): NDArray {
  const x = arrayArg('flatnonzero', a);
  return flatTrueIndices(x);
}
