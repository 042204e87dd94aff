// Windowed sort nodes: a sort or partition that computes only a few positions at one end of each
// line (NumPy's `np.argpartition(d, k - 1)[..., :k]`, `np.sort(x)[-k:]`, `np.argsort(-c)[:k]`), so
// a device finds the few smallest (or largest) elements of each line in one read instead of
// sorting or partitioning the whole line and writing every position (../codegen/topk-cuda.ts).
// The node's result is bitwise the positions of the whole line's result.
//
// The window of a partition around kth is the positions up to kth (from the start) or from kth
// on (to the end), because which elements come first in it depends on kth; that of a sort is the
// positions the view reads. A window holds at most SORT_WINDOW_MAX positions and a quarter of the
// line.
//
// NOT WIRED to the API. Session 35 built the view of a lazy sort over a windowed node when the
// view was made, and a review found it wrong: the view was no longer an alias of the sort's
// result (a write to either was lost to the other, and a write target near an end went nowhere),
// and the windowed node read the sort's input as of the view, not of the sort (copy on write).
// A correct trigger must know that nothing else can see the sort's result: for example at the
// end of a cp.tidy or a cp.jit trace, where the sort's arrays are gone and one view reads it,
// and no write happened since the sort was made (node.born). Until then the tests make windowed
// nodes through test/helpers/sort-window.ts.
import type { AffineMovement, Movement } from './movement.js';
import type { Node, SortNode, SortWindow } from './graph.js';

/** The most positions a sort window holds (a thread keeps that many candidates in registers). */
export const SORT_WINDOW_MAX = 32;

/** A window is at most this share of its line (a shorter line is sorted or partitioned whole in one pass anyway). */
const WINDOW_SHARE = 4;

/** The positions [lo, hi] of input axis `axis` that `m` reads, or null where it reads none. */
export function readRange(m: AffineMovement, axis: number): [number, number] | null {
  if (m.shape.some((d) => d === 0)) return null;
  let lo = m.base[axis];
  let hi = m.base[axis];
  m.coef.forEach((row, k) => {
    const span = row[axis] * (m.shape[k] - 1);
    if (span < 0) lo += span; else hi += span;
  });
  return [lo, hi];
}

/** The window of `node`'s lines that a view reading positions [lo, hi] needs, or null where it is not worth one. */
function windowFor(node: SortNode, lo: number, hi: number): SortWindow | null {
  const n = node.input.shape[node.axis];
  const start = node.kth === undefined ? hi + 1 : hi <= node.kth ? node.kth + 1 : 0;
  const end = node.kth === undefined ? n - lo : lo >= node.kth ? n - node.kth : 0;
  const worth = (count: number) => count > 0 && count <= SORT_WINDOW_MAX && count * WINDOW_SHARE <= n;
  if (worth(start)) return { from: 'start', count: start };
  if (worth(end)) return { from: 'end', count: end };
  return null;
}

/** `outer` applied after `inner` (a view of a view): one affine map from the outer view's index to the inner one's input. */
function compose(inner: AffineMovement, outer: AffineMovement): AffineMovement {
  const base = inner.base.map((b, j) => outer.base.reduce((acc, ob, k) => acc + inner.coef[k][j] * ob, b));
  const coef = outer.coef.map((row) => inner.base.map((_, j) => row.reduce((acc, c, k) => acc + c * inner.coef[k][j], 0)));
  return { kind: 'affine', shape: outer.shape, coef, base };
}

/**
 * Where view `movement` of `input` can read a windowed sort node instead (see the header): the
 * sort node (`input`, or under lazy affine views of it), the window wanted and the movement over
 * the windowed node's shape; null where it cannot.
 */
export function sortWindowOf(input: Node, movement: Movement): { sort: SortNode; window: SortWindow; movement: AffineMovement } | null {
  if (movement.kind !== 'affine') return null;
  let sort = input;
  let m: AffineMovement = movement;
  while (sort.kind === 'view' && !sort.realized && sort.movement.kind === 'affine') {
    m = compose(sort.movement, m);
    sort = sort.input;
  }
  if (sort.kind !== 'sort' || sort.realized || sort.window) return null;
  if (sort.input.shape[sort.axis] >= 2 ** 31 - 1) return null;
  const range = readRange(m, sort.axis);
  if (!range) return null;
  const window = windowFor(sort, range[0], range[1]);
  if (!window) return null;
  const shift = window.from === 'start' ? 0 : sort.input.shape[sort.axis] - window.count;
  const base = m.base.map((b, j) => (j === sort.axis ? b - shift : b));
  return { sort, window, movement: { ...m, base } };
}
