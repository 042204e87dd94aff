// NumPy's broadcast_to and broadcast_arrays, declared with NumPy's signatures. Their results are
// read-only views that alias their base (they see its later writes); the library's own broadcasts
// (operands.ts's broadcastTo, which checks the shapes here too) are lazy arrays of their own.
import { isDetachedView, viewNode } from '../ir/graph.js';
import { realizeAsAlias } from '../ir/kernel-plan.js';
import { arrayLike } from './array-params.js';
import { NDArray } from './ndarray.js';
import { broadcast_arrays as broadcastArrays, broadcastTo } from './operands.js';
import * as t from './param-types.js';
import { declare, keyword, required, rest } from './signature.js';

/** `a` seen at `shape` (checked by broadcastTo): a read-only view, an alias of `a`'s data where it is computed. */
function broadcastView(a: NDArray, shape: readonly number[]): NDArray {
  const node = viewNode(a.node, { kind: 'broadcast', shape: [...shape] }, true);
  if (!isDetachedView(a.node)) realizeAsAlias(node);
  return new NDArray(node, a.runner);
}

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
