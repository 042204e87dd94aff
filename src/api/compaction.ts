// Stream compaction on the device: the positions of a mask's true elements, as CuPy computes
// them. The mask's running count (a scan) gives each true element its place in the result; one
// scatter kernel writes the flat indices there. Only the count is read back (it decides the
// result's size, which cannot stay lazy); the mask itself never leaves the device, and the flat
// indices are made there too (deviceIndices). nonzero,
// argwhere, flatnonzero, boolean-mask indexing, compress and extract are built on it.
import { DTYPES } from '../ir/dtype.js';
import { markInRange } from './index-range.js';
import { zeros } from './creation.js';
import { deviceIndices } from './ranges.js';
import type { NDArray } from './ndarray.js';
import { applyNamed, asDtype, where } from './operands.js';
import { cumsum } from './reductions.js';
import { slice } from './index-parse.js';

/** The most spare slots the false elements of a mask write to (512 KiB of int64). */
const SPARE_SLOTS = 2 ** 16;

/** The C-order flat indices of `mask`'s true (nonzero) elements, int64, ascending. */
export function flatTrueIndices(mask: NDArray): NDArray {
  const m = asDtype(mask, DTYPES.bool).reshape([mask.size]);
  const n = m.size;
  if (n === 0) {
    // (a readback of the empty mask: an error pending on it, from a write into it, surfaces here as at any read)
    mask.dataSync();
    return zeros([0], { dtype: DTYPES.int64 });
  }
  const places = cumsum(m, { dtype: DTYPES.int64 }); // 1-based place of each true element
  const count = Number(places.get(n - 1).item());
  // False elements write to spare slots past the end, which the result leaves out. They are
  // spread over up to SPARE_SLOTS slots (element i to slot count + i % spare): stores of a whole
  // mostly false mask to one address serialize on the device (about 30 ns each on an H200: 430 ms
  // for a 2^24 mask), and spread ones go at the store bandwidth.
  const spare = Math.min(n, SPARE_SLOTS);
  const positions = deviceIndices(n);
  const slots = markInRange(where(m, applyNamed('subtract', [places, 1]), applyNamed('add', [applyNamed('remainder', [positions, spare]), count])));
  const out = zeros([count + spare], { dtype: DTYPES.int64 });
  out.set(slots, positions);
  return out.get(slice(0, count));
}

/**
 * The first flat index at or past `start` where `mask` is true, or undefined (a readback, where
 * `mask` has elements past `start`): a condition longer than the data it selects from.
 */
export function firstTrueFrom(mask: NDArray, start: number): number | undefined {
  if (mask.size <= start) return undefined;
  const past = flatTrueIndices(mask.reshape([mask.size]).get(slice(start)));
  return past.size > 0 ? start + Number(past.get(0).item()) : undefined;
}

/** The coordinates of `mask`'s true elements, one int64 array per axis (NumPy's nonzero). */
export function trueCoordinates(mask: NDArray): NDArray[] {
  const flat = flatTrueIndices(mask);
  let stride = 1;
  const coords: NDArray[] = [];
  for (let d = mask.ndim - 1; d >= 0; d--) {
    const size = mask.shape[d];
    coords.unshift(size === 1 ? zeros([flat.size], { dtype: DTYPES.int64 }) : applyNamed('remainder', [applyNamed('floor_divide', [flat, stride]), size]));
    stride *= size;
  }
  return coords;
}
