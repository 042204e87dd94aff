// permuted (each slice along an axis shuffled independently), bytes, and weighted sampling
// without replacement for choice: host-side finishing, as random-host.ts does for permutations.
// The randomness comes from lazy draws of the stream on the current backend, read back.
import { DTYPES } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import { sizeOf } from '../ir/shape.js';
import { checkAxis } from './array-params.js';
import type { NDArray } from './ndarray.js';
import { writeOut } from './out-param.js';
import { integers, randomKeys, uniformFloats } from './random-draws.js';
import { uploaded } from './random-host.js';
import type { RandomStream } from './random-stream.js';
import { take_along_axis } from './take.js';
import { reshape } from './views.js';

/** permuted(x, axis, out): each 1-D slice along `axis` shuffled independently (axis null: all elements). */
export function permutedCopy(op: string, stream: RandomStream, x: NDArray, axis: number | null, out: NDArray | null): NDArray {
  if (axis === null) {
    const flat = reshape(x, [x.size]);
    return writeOut(op, out, reshape(permutedCopy(op, stream, flat, 0, null), x.shape), { exactShape: true });
  }
  if (x.ndim === 0) throw new CupytsError('ERR_ARG', `${op}: expected x to have at least 1 dimension when axis is given, got a 0-d array`);
  const ax = checkAxis(op, axis, x.ndim);
  const n = x.size;
  const m = x.shape[ax];
  const keys = n ? randomKeys(op, stream, n) : new BigUint64Array(0);
  // The rank of each key within its lane (lanes are the slices along `ax`, in C order of the other axes).
  const inner = sizeOf(x.shape.slice(ax + 1));
  const order = new BigInt64Array(n);
  const lane: number[] = [];
  for (let outer = 0; outer < n / Math.max(1, m * inner); outer++) {
    for (let i = 0; i < inner; i++) {
      const base = outer * m * inner + i;
      lane.length = 0;
      for (let j = 0; j < m; j++) lane.push(j);
      lane.sort((a, b) => (keys[base + a * inner] < keys[base + b * inner] ? -1 : keys[base + a * inner] > keys[base + b * inner] ? 1 : a - b));
      for (let j = 0; j < m; j++) order[base + j * inner] = BigInt(lane[j]);
    }
  }
  const idx = uploaded(x.runner, DTYPES.int64, [...x.shape], order);
  return writeOut(op, out, take_along_axis(x, idx, ax), { exactShape: true });
}

/** bytes(length): `length` random bytes (integers in [0, 255] read back). */
export function randomBytes(op: string, stream: RandomStream, length: number): Uint8Array {
  return Uint8Array.from(integers(op, stream, 0n, 255n, [length], DTYPES.uint8, true).dataSync() as Uint8Array);
}

/**
 * k distinct indices of 0..n-1 drawn by weight `p` without replacement (each pick proportional to
 * the weights left, as NumPy): Efraimidis and Spirakis' keys E_i / p_i (E_i standard exponential
 * draws), the k smallest. Needs at least k non-zero weights.
 */
export function weightedIndicesWithoutReplacement(op: string, stream: RandomStream, p: Float64Array, k: number): Float64Array {
  const n = p.length;
  const nonZero = p.reduce((c, w) => c + (w > 0 ? 1 : 0), 0);
  if (nonZero < k) throw new CupytsError('ERR_ARG', `${op}: expected at least size = ${k} non-zero entries in p (replace=false), got ${nonZero}`);
  const u = n ? (uniformFloats(op, stream, [n], DTYPES.float64).dataSync() as Float64Array) : new Float64Array(0);
  const keys = Float64Array.from(u, (x, i) => (p[i] > 0 ? -Math.log1p(-x) / p[i] : Infinity));
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[a] - keys[b] || a - b);
  return Float64Array.from(order.slice(0, k));
}
