// Sort windows: an evaluation that computes a sort or partition nothing can read but one view of
// a few positions at one end of each line (NumPy's `np.argpartition(d, k - 1)[..., :k]`,
// `np.sort(x)[-k:]`, `np.argsort(-c)[:k]`) computes only those positions, so that a device finds
// the few smallest (or largest) elements of each line in one read instead of sorting or
// partitioning the whole line and writing every position (../codegen/topk-cuda.ts). The window's
// positions are bitwise those of the whole result; the others are left unwritten.
//
// The window of a partition around kth is the positions up to kth (from the start) or from kth
// on (to the end), because which elements come first in it depends on kth; that of a sort is the
// positions the view reads. A window holds at most SORT_WINDOW_MAX positions and a quarter of the
// line. A device computes it by top-k where the line is long enough that the window's threads read
// many elements each (./topk-plan.ts topkWorth), else by the radix select of the whole line; a
// sort's window is then sorted by one warp (./sort-plan.ts).
//
// When nothing else can read the result (`unseen`): the sort's array was disposed while it was
// lazy (cp.tidy's temporaries, `using`, dispose()), and one lazy node was made from it, a view;
// each view between it and the view whose positions decide the window is such an array too. The
// evaluation finds those views under the arrays it computes (../compiler/sort-windows.ts). The
// sort's node and its data stay what they are: the view is an alias of the sort's buffer, as
// NumPy's is, and sees writes; the sort reads its input as of its own birth (./readers.ts).
// (Session 35 made a separate windowed node when the view was built, whatever could still see
// the sort: a review found writes lost between the sort and its view, and the input read as of
// the view. test/ops/sort-window.test.ts keeps those cases.)
import type { AffineMovement } from './movement.js';
import type { Node, SortNode, SortWindow, ViewNode } from './graph.js';

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
 * Whether nothing can read lazy `node` but the one lazy view made from it: its array was disposed
 * while it was lazy (no new reader can be made), and one lazy node was made from it, a view.
 */
export function unseen(node: Node): boolean {
  return !node.realized && !!node.wrapped && !!node.abandoned && node.pendingReaders === 1 && node.pendingViews === 1;
}

/**
 * The window of `sort` that `views` read (views[0] reads the sort, each next view the one
 * before; the last decides the positions), or null where it is not worth one.
 */
export function windowOfViews(sort: SortNode, views: readonly ViewNode[]): SortWindow | null {
  if (sort.input.shape[sort.axis] >= 2 ** 31 - 1) return null;
  let m: AffineMovement | null = null;
  for (const v of views) {
    if (v.movement.kind !== 'affine') return null;
    m = m ? compose(m, v.movement) : v.movement;
  }
  const range = m && readRange(m, sort.axis);
  return range ? windowFor(sort, range[0], range[1]) : null;
}
