// NumPy's broadcast_to and broadcast_arrays, declared with NumPy's signatures. Their results are
// read-only views that alias their base (they see its later writes); the library's own broadcasts
// (operands.ts's broadcastTo, which checks the shapes here too) are lazy arrays of their own.
import { arrayLike } from './array-params.js';
import type { NDArray } from './ndarray.js';
import { broadcast_arrays as broadcastArrays, broadcastTo } from './operands.js';
import * as t from './param-types.js';
import { declare, keyword, required, rest } from './signature.js';
import { viewOf } from './views.js';

/** `a` seen at `shape` (checked by broadcastTo): a read-only view, an alias of `a`'s data where it is computed. */
const broadcastView = (a: NDArray, shape: readonly number[]): NDArray => viewOf(a, { kind: 'broadcast', shape: [...shape] }, true);

/** broadcast_to(array, shape, subok=False): a read-only view of `array` repeated to `shape`. */
export const broadcast_to = declare(
  'broadcast_to',
  [required('array', arrayLike), required('shape', t.shape), keyword('subok', t.notSupported(false), null, 'false')],
  ({ array, shape }) => broadcastView(array, broadcastTo(array, shape).shape),
);

/** broadcast_arrays(*args, subok=False): each array broadcast to the shape of them all (read-only views). */
export const broadcast_arrays = declare(
  'broadcast_arrays',
  [rest('args', arrayLike), keyword('subok', t.notSupported(false), null, 'false')],
  ({ args }) => broadcastArrays(...args).map((b, k) => broadcastView(args[k], b.shape)),
);
