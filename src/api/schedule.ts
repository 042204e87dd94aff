// The scheduler: cuts the unrealized graph under the arrays being evaluated into kernel groups,
// dependencies first. Elementwise nodes between materialization points form regions; a region
// of one shape is one kernel. Reductions and scans bound regions, but a reduction fuses with its
// neighbours where the data allows it:
//   - its producers: the elementwise region under its input is computed inside its loads;
//   - its consumers of the reduced shape (mean = sum * 1/n): an epilogue in the same kernel;
//   - consumers of the full input shape that read it broadcast back along the reduced axes
//     (softmax, normalization): a row-persistent kernel, in which reductions of one input over the
//     same axes run as successive phases over the row.
// Anything else is computed first, as a group of its own.
// Views (transpose, slices, reshape, ...) are elementwise here: a kernel reads through them. What
// a view cannot carry is computed first: a reduction or a random draw read through a view, and
// the input of a reshape whose strides would need a copy (NumPy copies there too). A requested
// view of data that exists is an alias of that data, not a kernel. A gather (advanced indexing)
// fuses into an elementwise kernel with its index arrays; its source is computed first, and a
// gather read through a view, or by a reduction, is computed first as a kernel of its own.
import type { Node, ReduceNode, ScanNode, ViewNode } from '../ir/graph.js';
import { castNode, isDetachedView, nodeInputs, replaceInput } from '../ir/graph.js';
import { resolveStaleReads } from '../ir/readers.js';
import { MAX_FUSED_INPUTS, MAX_FUSED_STEPS, planCost, realizedView, viewLayout } from '../ir/kernel-plan.js';
import { applyMovements, movementKey, type Movement, type Strided } from '../ir/movement.js';
import { contiguousStrides, formatShape, sameShape } from '../ir/shape.js';

export type KernelGroup =
  | { kind: 'elementwise'; roots: Node[]; reason: string }
  | {
      kind: 'reduce';
      /** Every reduction the kernel computes, in dependency order (one phase each). */
      reductions: ReduceNode[];
      /** Outputs of the reduced shape (reductions themselves, or elementwise epilogues). */
      outRoots: Node[];
      /** Outputs of the full input shape, computed in a last pass over each row. */
      rowRoots: Node[];
      reason: string;
    }
  | { kind: 'scan'; node: ScanNode; reason: string }
  /** A requested view of data that exists: its layout over that data, no kernel. */
  | { kind: 'alias'; node: ViewNode; reason: string };

const isElementwise = (n: Node) => n.kind === 'map' || n.kind === 'cast' || n.kind === 'where' || n.kind === 'broadcast' || n.kind === 'view';

/** The layout a node has, or will have once computed (contiguous). */
function layoutOf(n: Node): Strided {
  return n.realized && n.realized.strides.length === n.shape.length ? realizedView(n) : { shape: n.shape, strides: contiguousStrides(n.shape), offset: 0 };
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

/** Reduced axes that are the trailing ones, so a row-domain element's C-order index is o * R + r. */
const trailingAxes = (r: ReduceNode) => r.axes.every((a, i) => a === r.input.shape.length - r.axes.length + i);

/** Same input shape and reduced axes: reductions that can share one kernel's rows. */
function sameFamily(a: ReduceNode, b: ReduceNode): boolean {
  return sameShape(a.input.shape, b.input.shape) && a.axes.length === b.axes.length && a.axes.every((x, i) => x === b.axes[i]);
}

/** A reduction read back over its full input shape constantly along the reduced axes (keepdims). */
function rowAligned(r: ReduceNode, shape: readonly number[]): boolean {
  return r.keepdims && sameShape(r.input.shape, shape);
}

export function scheduleGroups(targets: readonly Node[]): KernelGroup[] {
  resolveStaleReads(targets, replaceInput);
  const lone = targets.length === 1 ? loneElementwise(targets[0]) : undefined;
  if (lone) return [lone];
  const groups: KernelGroup[] = [];
  const done = new Set<Node>();
  const ready = (n: Node) => !!n.realized || done.has(n) || n.kind === 'scalar';
  const pending = [...new Set(targets.filter((n) => !ready(n)))];
  const isTarget = new Set(pending);
  // While scheduling, a node already given to a group counts as realized for planCost.
  const asRealized = (n: Node) => {
    if (!n.realized) {
      n.realized = { storage: undefined, strides: [], offset: 0 };
      placeholders.push(n);
    }
  };
  const placeholders: Node[] = [];
  const finish = (nodes: Node[]) => nodes.forEach((n) => { done.add(n); asRealized(n); });

  /**
   * The elementwise nodes under `root` (itself included) and the unready reductions and scans they
   * read. A random draw is computed from its element's C-order index, so it joins the region only
   * where the kernel iterates over exactly its shape (`randomShape`); anywhere else (read through a
   * broadcast, or in a kernel that knows no linear index) it is computed first.
   */
  const region = (root: Node, inside = new Set<Node>(), barriers = new Set<Node>(), randomShape: readonly number[] | null = root.shape, underView = new Set<Node>(), gathers = false) => {
    const walk = (n: Node, viewed: boolean) => {
      if (ready(n) || barriers.has(n)) return;
      if (inside.has(n) && (!viewed || seenViewed.has(n))) return;
      const fusedRandom = n.kind === 'random' && !viewed && randomShape !== null && sameShape(n.shape, randomShape);
      // A gather joins an elementwise kernel where it is read at its own layout (or broadcast);
      // its source is computed first, its indices fuse into it.
      const fusedGather = n.kind === 'gather' && !viewed && gathers;
      if (!isElementwise(n) && !fusedRandom && !fusedGather) {
        barriers.add(n);
        if (viewed) underView.add(n);
        return;
      }
      inside.add(n);
      if (viewed) seenViewed.add(n);
      if (n.kind === 'gather') {
        if (!ready(n.source)) barriers.add(n.source);
        n.indices.forEach((c) => walk(c, false));
        return;
      }
      if (n.kind === 'view' && n.movement.kind === 'reshape') {
        // Data computed since the view was made may have strides the reshape cannot use: copy it.
        if (ready(n.input) && !viewLayout(n, layoutOf(n.input))) (n as { input: Node }).input = castNode(n.input, n.input.dtype);
        if (!ready(n.input) && !reshapeFuses(n, (m) => ready(m) || barriers.has(m))) {
          barriers.add(n.input);
          return;
        }
      }
      nodeInputs(n).forEach((c) => walk(c, viewed || n.kind === 'view'));
    };
    const seenViewed = new Set<Node>();
    walk(root, false);
    return { inside, barriers, underView };
  };

  /** A view of data that exists (or is computed by an earlier group) becomes an alias of it. */
  const aliasable = (n: Node): n is ViewNode =>
    n.kind === 'view' && ready(n.input) && !isDetachedView(n.input) && !!viewLayout(n, layoutOf(n.input));

  const aliasGroup = (n: ViewNode, reason: string) => {
    groups.push({ kind: 'alias', node: n, reason });
    done.add(n);
    const layout = viewLayout(n, layoutOf(n.input))!;
    n.realized = { storage: undefined, strides: layout.strides, offset: layout.offset, alias: true };
    placeholders.push(n);
  };

  /**
   * A requested view of lazy data: the data is computed, and the view (with the views between)
   * becomes an alias of it, as a NumPy view is; so it sees later writes to its base. False where
   * a view on the way cannot alias its input.
   */
  const viewOfComputedBase = (n: ViewNode): boolean => {
    const chain: ViewNode[] = [n];
    let base = n.input;
    while (base.kind === 'view' && !ready(base)) {
      chain.push(base);
      base = base.input;
    }
    if (base.kind === 'view' && isDetachedView(base)) return false;
    ensure(base, 'computed first: the data under a requested view (a view is an alias of computed data, as in NumPy)');
    for (const v of chain.reverse()) {
      if (!aliasable(v)) return false;
      aliasGroup(v, v === n ? 'a view of data that exists' : 'a view between a requested view and its data');
    }
    return true;
  };

  const ensure = (n: Node, why = `computed first: a ${n.kind} node read by a kernel that cannot fuse it`): void => {
    if (ready(n)) return;
    if (n.kind === 'view' && isTarget.has(n) && aliasable(n)) {
      aliasGroup(n, 'a view of data that exists');
      return;
    }
    if (n.kind === 'view' && isTarget.has(n) && viewOfComputedBase(n)) return;
    if (n.kind === 'random') {
      groups.push({ kind: 'elementwise', roots: [n], reason: 'a random draw read through a broadcast is computed at its own shape' });
      finish([n]);
    } else if (n.kind === 'scan') {
      region(n.input, undefined, undefined, null).barriers.forEach((b) => ensure(b));
      groups.push({ kind: 'scan', node: n, reason: 'a scan is computed in a kernel of its own' });
      finish([n]);
    } else if (n.kind === 'reduce') {
      scheduleReduce(n, [n], [], why);
    } else {
      scheduleElementwise(n, true, why);
    }
  };

  /** A reduce group: `anchor`'s family, the phases its outputs need, everything else ensured first. */
  const scheduleReduce = (anchor: ReduceNode, outRoots: Node[], rowRoots: Node[], reason: string) => {
    const reductions: ReduceNode[] = [];
    const adding = new Set<ReduceNode>();
    const randomShape = trailingAxes(anchor) ? anchor.input.shape : null;
    const addFrom = (root: Node, mode: 'row' | 'out') => {
      const { barriers, underView } = region(root, undefined, undefined, mode === 'row' ? randomShape : null);
      for (const b of barriers) {
        const fuse = b.kind === 'reduce' && !underView.has(b) && sameFamily(b, anchor) &&
          (mode === 'row' ? rowAligned(b, anchor.input.shape) : sameShape(b.shape, anchor.shape) || b === root);
        if (fuse) addReduction(b as ReduceNode);
        else ensure(b);
      }
    };
    const addReduction = (r: ReduceNode) => {
      if (reductions.includes(r) || adding.has(r)) return;
      adding.add(r);
      addFrom(r.input, 'row');
      reductions.push(r);
    };
    addReduction(anchor);
    for (const root of outRoots) if (root.kind === 'reduce') addReduction(root); else addFrom(root, 'out');
    for (const root of rowRoots) addFrom(root, 'row');
    // A reduction that is also being evaluated is written out, not only used inside.
    const outs = [...outRoots];
    for (const r of reductions) if (isTarget.has(r) && !outs.includes(r) && !done.has(r)) outs.push(r);
    groups.push({ kind: 'reduce', reductions, outRoots: outs, rowRoots, reason });
    finish([...outs, ...rowRoots]);
  };

  /**
   * `root`'s group; with `companions`, other targets of its shape join the kernel (not requested
   * views: they become aliases of their data once it is computed, viewOfComputedBase).
   */
  const scheduleElementwise = (root: Node, companions = true, why = `the requested arrays of shape ${formatShape(root.shape)}`) => {
    const roots = companions ? pending.filter((n) => !ready(n) && isElementwise(n) && n.kind !== 'view' && sameShape(n.shape, root.shape)) : [];
    if (!roots.includes(root)) roots.unshift(root);
    const inside = new Set<Node>();
    const barriers = new Set<Node>();
    const underView = new Set<Node>();
    for (const r of roots) region(r, inside, barriers, r.shape, underView, true);
    // Targets of other shapes that this group reads run first.
    for (const other of pending) {
      if (!roots.includes(other) && inside.has(other)) ensure(other, `shape ${formatShape(other.shape)} differs from the kernel of shape ${formatShape(root.shape)} that reads it`);
    }
    // A reduction kernel's epilogue takes no gathers (scheduleReduce's regions stop at them), so a
    // group with a gather computes the reductions it reads first (else the two would ensure each other).
    const hasGather = [...inside].some((n) => n.kind === 'gather');
    const fused = hasGather ? undefined : [...barriers].find((b): b is ReduceNode =>
      !ready(b) && b.kind === 'reduce' && !underView.has(b) && (sameShape(b.shape, root.shape) || rowAligned(b, root.shape)));
    if (fused) {
      const live = roots.filter((r) => !ready(r));
      if (sameShape(fused.shape, root.shape) && !rowAligned(fused, root.shape)) {
        scheduleReduce(fused, live, [], `${why}; elementwise consumers of the reduced shape fused as an epilogue`);
      } else {
        scheduleReduce(fused, [], live, `${why}; consumers of the full shape fused into a row-persistent kernel`);
      }
      return;
    }
    barriers.forEach((b) => ensure(b));
    const live = roots.filter((r) => !ready(r));
    if (live.length === 0) return;
    // Too big for one kernel: compute the largest subgraph first, as a group of its own.
    let cost = planCost(live);
    while (cost.steps > MAX_FUSED_STEPS || cost.inputs > MAX_FUSED_INPUTS) {
      const cut = largestChild(live);
      if (!cut) break;
      const over = cost.steps > MAX_FUSED_STEPS ? `${cost.steps} steps (MAX_FUSED_STEPS ${MAX_FUSED_STEPS})` : `${cost.inputs} inputs (MAX_FUSED_INPUTS ${MAX_FUSED_INPUTS})`;
      scheduleElementwise(cut, false, `split off first: fused with its readers the kernel would have ${over}`);
      cost = planCost(live);
    }
    groups.push({ kind: 'elementwise', roots: live, reason: why });
    finish(live);
  };

  try {
    for (const t of pending) ensure(t, `the requested arrays of shape ${formatShape(t.shape)}`);
  } finally {
    for (const n of placeholders) n.realized = undefined;
  }
  return groups;
}

/**
 * The group of one requested array whose unrealized graph is only maps, casts, wheres and
 * broadcasts over data and scalars (`x.mul(2).add(y)`), within the kernel limits: the one kernel
 * scheduleGroups would make of it, found without its bookkeeping (this runs at every evaluation
 * of such an array). Undefined for anything else, which takes the general path.
 */
function loneElementwise(target: Node): KernelGroup | undefined {
  const seen = new Set<Node>();
  const stack = [target];
  let inputs = 0;
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    if (n.realized || n.kind === 'scalar') {
      if (n === target) return undefined;
      inputs++;
    } else if (n.kind === 'map' || n.kind === 'where') {
      for (const i of n.inputs) stack.push(i);
    } else if (n.kind === 'cast' || n.kind === 'broadcast') {
      stack.push(n.input);
    } else {
      return undefined;
    }
  }
  // seen.size and inputs count what planCost counts (every distinct node, and data and scalars).
  if (seen.size > MAX_FUSED_STEPS || inputs > MAX_FUSED_INPUTS) return undefined;
  return { kind: 'elementwise', roots: [target], reason: `the requested arrays of shape ${formatShape(target.shape)}` };
}

/** The input (one level down the largest subgraph) to compute first when `roots` are too big. */
function largestChild(roots: readonly Node[]): Node | undefined {
  let best: Node | undefined;
  let bestSteps = 0;
  for (const r of roots) {
    for (const child of nodeInputs(r)) {
      if (child.realized || child.kind === 'scalar' || child.kind === 'source') continue;
      const steps = planCost([child]).steps;
      if (steps > bestSteps) {
        best = child;
        bestSteps = steps;
      }
    }
  }
  return best;
}
