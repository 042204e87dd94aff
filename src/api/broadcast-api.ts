// NumPy's broadcast_to and broadcast_arrays, declared with NumPy's signatures (the bodies are
// operands.ts's, which the library calls internally).
import { arrayLike } from './array-params.js';
import { broadcast_arrays as broadcastArrays, broadcastTo } from './operands.js';
import * as t from './param-types.js';
import { declare, keyword, required, rest } from './signature.js';

/** broadcast_to(array, shape, subok=False): a read-only view of `array` repeated to `shape`. */
export const broadcast_to = declare(
  'broadcast_to',
  [required('array', arrayLike), required('shape', t.shape), keyword('subok', t.notSupported(false), null, 'false')],
  ({ array, shape }) => broadcastTo(array, shape),
);

/** broadcast_arrays(*args, subok=False): each array broadcast to the shape of them all (read-only views). */
export const broadcast_arrays = declare(
  'broadcast_arrays',
  [rest('args', arrayLike), keyword('subok', t.notSupported(false), null, 'false')],
  ({ args }) => broadcastArrays(...args),
);
