// Index arrays made inside one call for one axis, every index known to be in range for it
// (checked at the call, wrapped or clipped, or computed in range): a write through them needs no
// range check. Never arrays a user holds, who may use them on another axis.
import type { Node } from '../ir/graph.js';
import type { NDArray } from './ndarray.js';

const inRange = new WeakSet<Node>();

/** Notes that `a` (made for one axis inside a call) holds indices in range for it; returns it. */
export function markInRange(a: NDArray): NDArray {
  inRange.add(a.node);
  return a;
}

/** Whether `a` was made with indices in range for its axis (a write need not check them). */
export function knownInRange(a: NDArray): boolean {
  return inRange.has(a.node);
}
