// When a reduction joins a kernel with its neighbours: the predicates the reduce rules of
// ./groups.ts read. A reduce kernel views its input as (kept dims..., reduced dims...).
import type { ReduceNode } from '../ir/graph.js';
import { sameShape } from '../ir/shape.js';

/** Reduced axes that are the trailing ones, so a row-domain element's C-order index is o * R + r. */
export function trailingAxes(r: ReduceNode): boolean {
  return r.axes.every((a, i) => a === r.input.shape.length - r.axes.length + i);
}

/** Same input shape and reduced axes: reductions that can share one kernel's rows. */
export function sameFamily(a: ReduceNode, b: ReduceNode): boolean {
  return sameShape(a.input.shape, b.input.shape) && a.axes.length === b.axes.length && a.axes.every((x, i) => x === b.axes[i]);
}

/** A reduction read back over its full input shape constantly along the reduced axes (keepdims). */
export function rowAligned(r: ReduceNode, shape: readonly number[]): boolean {
  return r.keepdims && sameShape(r.input.shape, shape);
}
