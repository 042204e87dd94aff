// Windowed sort nodes (src/ir/sort-window.ts) for the tests: no API call makes them yet. Making
// one when a view is built was wrong (session 35's review): the view stopped being an alias of
// the sort's result (a write to either was not seen by the other) and read the sort's input as of
// the view, not the sort. `windowed(v)` gives, for a lazy view `v` of a lazy sort or partition,
// the array of the same values computed through a windowed node, or null where no window applies.
import * as cp from '../../src/index.js';
import { sortNode, viewNode, type Node } from '../../src/ir/graph.js';
import { sortWindowOf } from '../../src/ir/sort-window.js';

export function windowed(v: cp.NDArray): cp.NDArray | null {
  const n: Node = v.node;
  if (n.kind !== 'view') return null;
  const w = sortWindowOf(n.input, n.movement);
  if (!w) return null;
  const sort = sortNode(w.sort.input, w.sort.axis, w.sort.output, w.sort.kth, w.window);
  return new cp.NDArray(viewNode(sort, w.movement), v.runner);
}
