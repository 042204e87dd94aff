// Elementwise regions: the nodes one kernel can compute together under a root, and the nodes
// that bound them ("barriers": reductions, scans, draws and gathers that cannot join, which are
// computed first or fused by the reduce rules of ./groups.ts). Views are elementwise here: a
// kernel reads through them, except where the strides under a reshape would need a copy.
import type { Node, ViewNode } from '../ir/graph.js';
import { castNode, nodeInputs } from '../ir/graph.js';
import { realizedView, viewLayout } from '../ir/kernel-plan.js';
import { applyMovements, movementKey, type Movement, type Strided } from '../ir/movement.js';
import { contiguousStrides, sameShape, sizeOf } from '../ir/shape.js';
import { ready, type ScheduleState } from './state.js';

export const isElementwise = (n: Node) =>
  n.kind === 'map' || n.kind === 'cast' || n.kind === 'where' || n.kind === 'broadcast' || n.kind === 'view';

/** The layout a node has, or will have once computed (contiguous). */
export function layoutOf(n: Node): Strided {
  return n.realized && n.realized.strides.length === n.shape.length
    ? realizedView(n)
    : { shape: n.shape, strides: contiguousStrides(n.shape), offset: 0 };
}

/**
 * Whether a kernel can read reshape view `v` through the strides of everything under it (data
 * that exists, or `isLeaf` nodes that will be computed contiguous first). A nested reshape that
 * cannot is computed first, so it counts as contiguous.
 */
export function reshapeFuses(v: ViewNode, isLeaf: (n: Node) => boolean): boolean {
  const seen = new Set<string>();
  const ok = (n: Node, moves: readonly Movement[]): boolean => {
    if (n.kind === 'scalar') return true;
    const key = `${n.id}${moves.map(movementKey).join('>')}`;
    if (seen.has(key)) return true;
    seen.add(key);
    if (isLeaf(n) || !isElementwise(n)) return applyMovements(layoutOf(n), moves) !== null;
    if (n.kind === 'view') {
      const inner = [...moves, n.movement];
      if (n.movement.kind === 'reshape' && !isLeaf(n.input) && !reshapeFuses(n, isLeaf)) {
        return applyMovements(layoutOf(n.input), inner) !== null;
      }
      return ok(n.input, inner);
    }
    return nodeInputs(n).every((c) => ok(c, sameShape(c.shape, n.shape) ? moves : [...moves, { kind: 'broadcast', shape: n.shape }]));
  };
  return ok(v.input, [v.movement]);
}

/** A region: the nodes inside, the barriers it reads, and the barriers it reads through a view. */
export interface Region {
  inside: Set<Node>;
  barriers: Set<Node>;
  underView: Set<Node>;
}

export interface RegionOptions {
  /**
   * A random draw is computed from its element's C-order index, so it joins the region only where
   * the kernel iterates over exactly its shape: this shape (null: never).
   */
  randomShape: readonly number[] | null;
  /** Whether gathers (advanced indexing) join: only elementwise kernels gather. */
  gathers: boolean;
}

/** Adds the region under `root` (itself included) to `into`. */
export function addRegion(s: ScheduleState, root: Node, into: Region, { randomShape, gathers }: RegionOptions): Region {
  const { inside, barriers, underView } = into;
  const seenViewed = new Set<Node>();
  const walk = (n: Node, viewed: boolean) => {
    if (ready(s, n)) return;
    if (barriers.has(n)) {
      // A barrier met first directly and then through a view is read through a view too: a row
      // pass cannot read `m[:, None]` or `m[::-1]` beside `m` (it read red0 for both).
      if (viewed) underView.add(n);
      return;
    }
    if (inside.has(n) && (!viewed || seenViewed.has(n))) return;
    const fusedRandom = n.kind === 'random' && !viewed && randomShape !== null && sameShape(n.shape, randomShape);
    // A gather joins an elementwise kernel where it is read at its own layout (or broadcast);
    // its source is computed first, its indices fuse into it.
    const fusedGather = (n.kind === 'gather' || n.kind === 'search') && !viewed && gathers;
    if (!isElementwise(n) && !fusedRandom && !fusedGather) {
      barriers.add(n);
      if (viewed) underView.add(n);
      return;
    }
    inside.add(n);
    if (viewed) seenViewed.add(n);
    if (n.kind === 'gather') {
      if (!ready(s, n.source)) {
        if (sourceFuses(n, root)) gathered(n.source);
        else barriers.add(n.source);
      }
      n.indices.forEach((c) => walk(c, false));
      return;
    }
    if (n.kind === 'search') {
      if (!ready(s, n.table)) barriers.add(n.table);
      walk(n.query, false);
      return;
    }
    if (n.kind === 'view' && !readsThrough(n)) return;
    nodeInputs(n).forEach((c) => walk(c, viewed || n.kind === 'view'));
  };
  /**
   * Whether the kernel reads view `n`'s input through it; else its input is a barrier (computed
   * first, contiguous): a reshape whose strides under it would need a copy. Data computed since
   * the view was made may have strides the reshape cannot use: it is copied in the kernel.
   */
  const readsThrough = (n: ViewNode): boolean => {
    if (n.movement.kind !== 'reshape') return true;
    if (ready(s, n.input) && !viewLayout(n, layoutOf(n.input))) (n as { input: Node }).input = castNode(n.input, n.input.dtype);
    if (ready(s, n.input) || reshapeFuses(n, (m) => ready(s, m) || barriers.has(m))) return true;
    barriers.add(n.input);
    return false;
  };
  // The elementwise work under a gather's source, computed where the gather reads it (sourceFuses):
  // maps, casts, wheres, broadcasts and views over data; anything else under it is computed first.
  // (A node also inside the region at the kernel's own positions stays there; one of another kind
  // is computed first for both.)
  const seenGathered = new Set<Node>();
  const seenGatheredViewed = new Set<Node>();
  const gathered = (n: Node, viewed = false) => {
    if (ready(s, n) || n.kind === 'scalar') return;
    if (seenGathered.has(n) && (!viewed || seenGatheredViewed.has(n))) return;
    seenGathered.add(n);
    if (viewed) seenGatheredViewed.add(n);
    if (!GATHERED_KINDS.has(n.kind) || barriers.has(n)) {
      barriers.add(n);
      if (viewed) underView.add(n);
      return;
    }
    inside.add(n);
    if (n.kind === 'view' && !readsThrough(n)) return;
    nodeInputs(n).forEach((c) => gathered(c, viewed || n.kind === 'view'));
  };
  walk(root, false);
  return into;
}

/**
 * What a gather's source may hold to be computed where the gather reads it: elementwise work and
 * views of it (a flat take of 2-D work reads it through a reshape).
 */
const GATHERED_KINDS = new Set<Node['kind']>(['map', 'cast', 'where', 'broadcast', 'view']);

/**
 * Whether gather `n`, in the kernel of `root`, computes its lazy source's elementwise work at the
 * positions it reads (../ir/kernel-plan.ts gathers it leaf by leaf) instead of the source being
 * computed first: a source of elementwise work, read at no more positions than it holds, so that
 * computing it where it is read never does more work than computing it whole. (planCost counts
 * the gathered work, so a kernel over the size limits is split as any other.) knn's distances,
 * read at the k nearest of each row, are then never written.
 */
function sourceFuses(n: Node & { kind: 'gather' }, root: Node): boolean {
  // The kernel computes the gather at each of its root's positions (a gather read through a broadcast: more than its own).
  return GATHERED_KINDS.has(n.source.kind) && Math.max(sizeOf(n.shape), sizeOf(root.shape)) <= sizeOf(n.source.shape) && readsData(n.source, new Set());
}

/**
 * Whether the gathered work under `n` reads some data (or work computed first): each datum's
 * gathered load checks the indices, so work of constants alone (`take(ones(...), i)`) would check
 * none, and is computed first instead.
 */
function readsData(n: Node, seen: Set<Node>): boolean {
  if (seen.has(n) || n.kind === 'scalar') return false;
  seen.add(n);
  if (n.realized || !GATHERED_KINDS.has(n.kind)) return true;
  return nodeInputs(n).some((c) => readsData(c, seen));
}

export const emptyRegion = (): Region => ({ inside: new Set(), barriers: new Set(), underView: new Set() });

/** The region under one root (gathers excluded: for reduce kernels and scans). */
export function regionOf(s: ScheduleState, root: Node, randomShape: readonly number[] | null): Region {
  return addRegion(s, root, emptyRegion(), { randomShape, gathers: false });
}

/** The elementwise regions of `roots` together, gathers included, as one elementwise kernel computes them. */
export function elementwiseRegion(s: ScheduleState, roots: readonly Node[]): Region {
  const into = emptyRegion();
  for (const r of roots) addRegion(s, r, into, { randomShape: r.shape, gathers: true });
  return into;
}

/** Whether one of `nodes` lies under (or is) one of `barriers`, through nodes not yet computed. */
export function underAny(s: ScheduleState, barriers: Iterable<Node>, nodes: ReadonlySet<Node>): boolean {
  const seen = new Set<Node>();
  const stack = [...barriers];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (nodes.has(n)) return true;
    if (seen.has(n) || ready(s, n)) continue;
    seen.add(n);
    stack.push(...nodeInputs(n));
  }
  return false;
}
