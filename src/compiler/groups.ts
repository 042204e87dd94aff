// The grouping rules: each node the requested arrays need is given to a kernel group, the groups
// it reads first. `ensure` is the entry for one node; a reduction becomes a reduce group with the
// elementwise work around it that can share its kernel (./fusion-rules.ts); anything else becomes
// an elementwise group of its shape. The three call each other: a group ensures what it cannot
// fuse before pushing itself, so the groups come out dependencies first.
import type { Node, ReduceNode } from '../ir/graph.js';
import { formatShape, sameShape, sizeOf } from '../ir/shape.js';
import { aliasable, pushAlias, viewChain } from './aliases.js';
import { readsTargetInOrder } from './in-order.js';
import { epilogueShape, rowAligned, rowPassStarves, sameFamily, trailingAxes } from './fusion-rules.js';
import { onlinePartner, sameValue } from '../ir/online-pairs.js';
import { broadcastEpilogues, rowFusedEpilogues } from './broadcast-epilogues.js';
import { elementwiseRegion, isElementwise, regionOf, underAny, type Region } from './regions.js';
import { sharedOutputs } from './shared-reads.js';
import { sortWindow } from './sort-windows.js';
import { splitOversized } from './split-oversized.js';
import { finish, ready, type ScheduleState } from './state.js';

/** Gives `n` (if not ready) and what it needs to groups; `why` is the reason recorded for its group. */
export function ensure(s: ScheduleState, n: Node, why?: string): void {
  if (ready(s, n)) return;
  // A view given a group (requested, or the source of a gather) is an alias of its computed base,
  // as a NumPy view is: computed into a buffer of its own, it missed later writes to its base
  // (w = t[1:] gathered from, then t[1] = 5: w kept the old value). Not a view of a read-only
  // broadcast that nothing asked for: nothing writes it, and NumPy does not materialize it.
  if (n.kind === 'view' && (s.isTarget.has(n) || !overReadonlyBroadcast(s, n))) {
    if (aliasable(s, n)) {
      pushAlias(s, n, 'a view of data that exists');
      return;
    }
    if (aliasOfComputedBase(s, n)) return;
  }
  if (n.kind === 'random' || n.kind === 'scan' || n.kind === 'sort' || n.kind === 'bincount') {
    ownKernelGroup(s, n);
  } else if (n.kind === 'reduce') {
    reduceGroup(s, n, [n], [], why ?? cannotFuse(n));
  } else {
    elementwiseGroup(s, n, true, why ?? cannotFuse(n));
  }
}

/** Whether the data under view `n` (through lazy views) is a read-only broadcast (broadcast_to) not computed yet. */
function overReadonlyBroadcast(s: ScheduleState, n: Node & { kind: 'view' }): boolean {
  let base: Node = n.input;
  while (base.kind === 'view' && !ready(s, base)) base = base.input;
  return base.kind === 'broadcast' && !!base.readonly && !ready(s, base);
}

/** ensure()'s reason where the caller gives none (made only for a node that gets a group). */
const cannotFuse = (n: Node) => `computed first: a ${n.kind} node read by a kernel that cannot fuse it`;

/**
 * The group of a node with a kernel of its own (a scan, sort or bincount; a random draw read
 * through a broadcast), after what it reads that its kernel cannot compute. Apart from ensure()
 * so that ensure stays short: V8 gives a function its feedback (then baseline code) only after
 * running about 8 times its bytecode's length, and ensure runs for every node a kernel cannot fuse.
 */
function ownKernelGroup(s: ScheduleState, n: Node & { kind: 'random' | 'scan' | 'sort' | 'bincount' }): void {
  if (n.kind === 'random') {
    s.groups.push({ kind: 'elementwise', roots: [n], reason: 'a random draw read through a broadcast is computed at its own shape' });
  } else if (n.kind === 'scan') {
    regionOf(s, n.input, null).barriers.forEach((b) => ensure(s, b));
    s.groups.push({ kind: 'scan', node: n, reason: 'a scan is computed in a kernel of its own' });
  } else if (n.kind === 'sort') {
    const region = regionOf(s, n.input, null);
    if (computesComplex(region)) ensure(s, n.input, 'computed first: a sort kernel computes no complex producers');
    else region.barriers.forEach((b) => ensure(s, b));
    const window = sortWindow(s, n);
    s.groups.push(window
      ? { kind: 'sort', node: n, window, reason: `a sort is computed in kernels of its own: only the ${window.from === 'start' ? 'first' : 'last'} ${window.count} of each line (nothing else can read the rest)` }
      : { kind: 'sort', node: n, reason: 'a sort is computed in kernels of its own' });
  } else {
    // Values that gather (a binary search of bin edges) are computed first as a whole, in one
    // elementwise kernel (the counting kernel does not gather), not gather by gather.
    const region = regionOf(s, n.input, null);
    const barriers = [...region.barriers];
    if (barriers.some((b) => b.kind === 'gather' || b.kind === 'search')) ensure(s, n.input, 'computed first: the values counted gather (a counting kernel does not)');
    else if (computesComplex(region)) ensure(s, n.input, 'computed first: a counting kernel computes no complex producers');
    else barriers.forEach((b) => ensure(s, b));
    s.groups.push({ kind: 'bincount', node: n, reason: 'counts are computed in a kernel of their own' });
  }
  finish(s, [n]);
}

/**
 * Whether a region holds complex work: sort and counting kernels compute real producers only (their
 * CUDA parameters take no complex scalar), so the real or imaginary part of lazy complex work is
 * computed before them.
 */
function computesComplex(region: Region): boolean {
  for (const m of region.inside) if (m.dtype.kind === 'c') return true;
  return false;
}

/**
 * A requested view of lazy data: the data is computed, and the view (with the views between)
 * becomes an alias of it, as a NumPy view is; so it sees later writes to its base. False where
 * a view on the way cannot alias its input.
 */
function aliasOfComputedBase(s: ScheduleState, n: Node & { kind: 'view' }): boolean {
  const found = viewChain(s, n);
  if (!found) return false;
  ensure(s, found.base, 'computed first: the data under a requested view (a view is an alias of computed data, as in NumPy)');
  for (const v of found.chain.reverse()) {
    if (!aliasable(s, v)) return false;
    pushAlias(s, v, v === n ? 'a view of data that exists' : 'a view between a requested view and its data');
  }
  return true;
}

/**
 * A reduce group: `anchor` and the reductions of its family that its outputs need (one phase
 * each, dependencies first), the producers under them computed in their loads, `outRoots`
 * (reduced shape) as epilogues and `rowRoots` (full shape) in a last pass over each row.
 * Everything else they read is ensured first.
 */
function reduceGroup(s: ScheduleState, anchor: ReduceNode, outRoots: Node[], rowRoots: Node[], reason: string, alsoRead: ReadonlySet<Node> = new Set()): void {
  const reductions: ReduceNode[] = [];
  const adding = new Set<ReduceNode>();
  const randomShape = trailingAxes(anchor) ? anchor.input.shape : null;
  /** A reduction that would run apart (it starves a fused kernel) joined as its reader's online partner. */
  let online = false;
  const rowFuses = (b: ReduceNode, underView: ReadonlySet<Node>, partner?: ReduceNode) =>
    sameFamily(b, anchor) && !underView.has(b) && rowAligned(b, anchor.input.shape) && (b === partner || !starves(s, b));
  const addFrom = (root: Node, mode: 'row' | 'out', partner?: ReduceNode) => {
    let region = regionOf(s, root, mode === 'row' ? randomShape : null);
    if (mode === 'row') {
      // Work of another kernel's reduction's shape read through a broadcast (a bias refolded each
      // step, x + b) is that reduction's epilogue, computed first (./broadcast-epilogues.ts): left
      // in the row, each phase's kernel re-derived every earlier step's bias from its mean.
      // (not work that also reads a reduction this kernel folds in its rows: computing that work
      // first would compute the reduction apart, and this group would find it computed)
      const here = (b: Node) => b.kind === 'reduce' && (b === anchor || rowFuses(b as ReduceNode, region.underView, partner));
      const epilogues = broadcastEpilogues(s, region, (b) => rowFuses(b, region.underView, partner))
        .map(({ anchor: a, roots }) => ({ anchor: a, roots: roots.filter((e) => ![...regionOf(s, e, null).barriers].some(here)) }))
        .filter((e) => e.roots.length > 0);
      for (const { anchor: a, roots } of epilogues) {
        const live = roots.filter((e) => !ready(s, e));
        if (live.length > 0) reduceGroup(s, a, live, [], `computed first: read through a broadcast by a reduction over shape ${formatShape(anchor.input.shape)}; work of the reduced shape fused as an epilogue`, region.barriers);
      }
      if (epilogues.length > 0) region = regionOf(s, root, randomShape);
    }
    const { barriers, underView } = region;
    for (const b of barriers) {
      const fuse = b.kind === 'reduce' && (mode === 'row'
        ? rowFuses(b, underView, partner)
        : sameFamily(b, anchor) && (b === root || (!underView.has(b) && sameShape(b.shape, anchor.shape)) || readsTargetInOrder(s, root, b)));
      if (fuse && mode === 'row' && starves(s, b as ReduceNode)) online = true; // (the partner: rowFuses)
      if (fuse) addReduction(b as ReduceNode);
      else ensure(s, b);
    }
  };
  const addReduction = (r: ReduceNode) => {
    if (reductions.includes(r) || adding.has(r)) return;
    adding.add(r);
    addFrom(r.input, 'row', onlinePartnerOf(s, r));
    reductions.push(r);
  };
  addReduction(anchor);
  for (const root of outRoots) if (root.kind === 'reduce') addReduction(root); else addFrom(root, 'out');
  for (const root of rowRoots) addFrom(root, 'row');
  // A reduction that is also being evaluated, or that the kernel asking for this group reads
  // itself (`alsoRead`), is written out, not only used inside.
  const outs = [...outRoots];
  for (const r of reductions) if ((s.isTarget.has(r) || alsoRead.has(r)) && !outs.includes(r) && !s.done.has(r)) outs.push(r);
  if (reductions.some((r) => s.done.has(r))) {
    // Reductions of the group were computed by groups ensured while it gathered its work:
    // - all of them, each by a group of its own: another reduction that the epilogue reads reads it
    //   (m - m.sum() with m = x.sum(1)), or a reader read it through a view; what is left is
    //   elementwise work over them (removed in 36010ea as a symptom of the region walk; the first
    //   case is not, and planReduce then had nothing to compute);
    // - some of them, not all of their phases (an epilogue's other reduction, which reads the
    //   anchor: `sum(v) + v` with v = std(x, 1)): pushed as gathered, the group computed them a
    //   second time, from data that computing them may have let go of (a cp.tidy temporary:
    //   ERR_DISPOSED).
    // Gathered again, the roots read those as data.
    for (const r of [...outs, ...rowRoots]) if (!ready(s, r)) (r.kind === 'reduce' ? ensure(s, r, reason) : elementwiseGroup(s, r, false, reason));
    return;
  }
  s.groups.push(online ? { kind: 'reduce', reductions, outRoots: outs, rowRoots, reason, online } : { kind: 'reduce', reductions, outRoots: outs, rowRoots, reason });
  finish(s, [...outs, ...rowRoots]);
}

/**
 * The reduction that `r` may fold against online (src/ir/online-pairs.ts), on a GPU: where that
 * partner starves a fused kernel, the two share its own geometry (split, or columns), reading
 * the input once where two kernels read it twice. The CPU backend folds its phases one after
 * the other.
 */
function onlinePartnerOf(s: ScheduleState, r: ReduceNode): ReduceNode | undefined {
  if (s.backend === 'cpu') return undefined;
  const b = onlinePartner(r);
  return b && sameFamily(b, r) ? b : undefined;
}

/**
 * `root`'s elementwise group; with `companions`, other requested arrays of its shape join the
 * kernel (not requested views: they become aliases of their data once it is computed). Where the
 * region reads a reduction that can fuse with it, the group becomes that reduction's reduce group.
 */
export function elementwiseGroup(s: ScheduleState, root: Node, companions = true, why = `the requested arrays of shape ${formatShape(root.shape)}`): void {
  let roots = companions ? s.pending.filter((n) => !ready(s, n) && isElementwise(n) && n.kind !== 'view' && sameShape(n.shape, root.shape)) : [];
  if (!roots.includes(root)) roots.unshift(root);
  let region = elementwiseRegion(s, roots);
  // Targets of other shapes that this group reads run first; not a requested view of one of its
  // roots (`y = (x + 1)[:]` beside `y + 3`), which becomes an alias of that root once computed:
  // ensuring it computed its base, this group, again (unbounded recursion).
  const viewOfRoot = (n: Node): boolean => {
    for (let m = n; m.kind === 'view' && !ready(s, m); m = m.input) if (roots.includes(m.input)) return true;
    return false;
  };
  const targetsFirst = () => s.pending.filter((other) => !roots.includes(other) && region.inside.has(other) && !viewOfRoot(other));
  // A companion that reads a root of this group, or of a group being formed that ensured this
  // one (s.forming), through something computed first (a gather of it, say, or another target:
  // `[g, x, g + x]` with g = take(x, i)) cannot share the kernel: the root is computed alone, the
  // companion later. (Sharing it, what is computed first needed that root first: ensure(g) -> x's
  // group with g + x -> ensure(g), without end.)
  const forming = new Set([...roots, ...[...s.forming].filter((n) => !ready(s, n))]);
  if (roots.length > 1 && underAny(s, [...region.barriers, ...targetsFirst()], forming)) {
    roots = [root];
    region = elementwiseRegion(s, roots);
  }
  // (a root leaves s.forming by being computed: ready)
  for (const r of roots) s.forming.add(r);
  const others = targetsFirst();
  for (const other of others) ensure(s, other, `shape ${formatShape(other.shape)} differs from the kernel of shape ${formatShape(root.shape)} that reads it`);
  // Walked again: the region stops at those targets now. (Walked before them, it kept the
  // reductions under them as barriers: `[x + square(m), square(m)]` with m = max(x) fused m into
  // x's row kernel a second time, reading data that computing square(m) had let go of.)
  if (others.length > 0) region = elementwiseRegion(s, roots);
  const { inside, barriers, underView } = region;
  // A reduce kernel does not gather: a region that gathers (advanced indexing) cannot be the
  // epilogue or row pass of a reduction, so its reductions, those feeding a gather's index or
  // source included, are computed first. (Fusing there made the reduce group ensure the gather,
  // which scheduled this region again: unbounded recursion.)
  const gathers = [...inside].some((n) => n.kind === 'gather' || n.kind === 'search');
  // A reduction this kernel can fold row by row, reading its rows again after each phase.
  const rowFused = (b: ReduceNode) => rowAligned(b, root.shape) && !starves(s, b);
  const fused = gathers ? undefined : [...barriers].find((b): b is ReduceNode =>
    !ready(s, b) && b.kind === 'reduce' && (underView.has(b)
      ? epilogueShape(b, root.shape) && !rowAligned(b, root.shape) && readsTargetInOrder(s, root, b)
      : sameShape(b.shape, root.shape) || rowFused(b)));
  if (fused) {
    const live = roots.filter((r) => !ready(s, r));
    if (epilogueShape(fused, root.shape) && !rowAligned(fused, root.shape)) {
      reduceGroup(s, fused, live, [], `${why}; elementwise consumers of the reduced shape fused as an epilogue`);
    } else {
      const shared = sharedOutputs(s, () => region, root.shape, live);
      const work = rowFusedEpilogues(s, region, fused, rowFused);
      reduceGroup(s, fused, work, [...live, ...shared], `${why}; consumers of the full shape fused into a row-persistent kernel${sharedWhy(shared)}${workWhy(work)}`);
    }
    return;
  }
  if (!gathers) ensureStarved(s, [...barriers].filter((b): b is ReduceNode => b.kind === 'reduce' && !underView.has(b) && rowAligned(b, root.shape)), region, rowFused);
  const epilogues = broadcastEpilogues(s, region, rowFused);
  if (epilogues.length > 0) {
    for (const { anchor, roots } of epilogues) {
      const live = roots.filter((e) => !ready(s, e));
      if (live.length > 0) reduceGroup(s, anchor, live, [], `computed first: read through a broadcast by the kernel of shape ${formatShape(root.shape)}; work of the reduced shape fused as an epilogue`, barriers);
    }
    elementwiseGroup(s, root, companions, why);
    return;
  }
  const gatheredWhy = 'computed first: a reduction read by a kernel that gathers (a reduce kernel does not gather)';
  barriers.forEach((b) => ensure(s, b, gathers && b.kind === 'reduce' ? gatheredWhy : undefined));
  const live = roots.filter((r) => !ready(s, r));
  if (live.length === 0) return;
  splitOversized(live, (cut, over) => elementwiseGroup(s, cut, false, `split off first: fused with its readers the kernel would have ${over}`));
  const shared = gathers ? [] : sharedOutputs(s, () => elementwiseRegion(s, live), root.shape, live);
  s.groups.push({ kind: 'elementwise', roots: [...live, ...shared], reason: `${why}${sharedWhy(shared)}` });
  finish(s, [...live, ...shared]);
}

const workWhy = (work: readonly Node[]) => (work.length > 0 ? `; also writes ${work.map((n) => `%${n.id}`).join(', ')}, work of the reduced shape, once per reduced element` : '');
const sharedWhy = (shared: readonly Node[]) => (shared.length > 0 ? `; also writes ${shared.map((n) => `%${n.id}`).join(', ')}, which a later kernel reads as data` : '');

/**
 * Reductions kept out of a row-persistent kernel (fusion-rules.ts, rowPassStarves) are computed
 * first, each with its split geometry. Those that read nothing else of their family and share one
 * input run as one reduce group: one read, and equal reductions merge into one phase (the mean a
 * program asks for and the mean inside its std). On a GPU the reductions that fold against one of
 * those online (onlinePartnerOf: var's squares against its mean, softmax's sum of exponentials
 * against its maximum) join that group, with the work of the reduced shape that reads them
 * through the kernel's broadcasts (`sqrt(var)`) as epilogues: standardize is two kernels, not
 * three. The others are ensured as usual afterwards.
 */
function ensureStarved(s: ScheduleState, candidates: readonly ReduceNode[], region: Region, rowFused: (r: ReduceNode) => boolean): void {
  const family: ReduceNode[] = [];
  const starvedUnder = (r: ReduceNode) => [...regionOf(s, r.input, null).barriers].filter((b): b is ReduceNode =>
    b.kind === 'reduce' && !ready(s, b) && sameFamily(b, r) && rowAligned(b, r.input.shape) && starves(s, b));
  const visit = (r: ReduceNode) => {
    if (ready(s, r) || family.includes(r)) return;
    family.push(r);
    starvedUnder(r).forEach(visit);
  };
  candidates.filter((r) => starves(s, r)).forEach(visit);
  const leaves = family.filter((r) => starvedUnder(r).length === 0);
  if (leaves.length === 0) return;
  const shared = leaves.filter((r) => sameValue(r.input, leaves[0].input) && sameFamily(r, leaves[0]));
  // (read as the row reads it: not through a view, which keeps a reduction out of a row pass)
  const paired = family.filter((r) => {
    const partner = onlinePartnerOf(s, r);
    return !leaves.includes(r) && partner !== undefined && shared.includes(partner) && !regionOf(s, r.input, null).underView.has(partner);
  });
  if (shared.length < 2 && paired.length === 0) return;
  const why = s.backend === 'cpu'
    ? 'computed first: column statistics apart from their broadcast readers (the CPU backend sums columns in WebAssembly), one read for those of one input'
    : `computed first: column statistics too few to fill the device in a row-persistent kernel (rowPassStarves), one read for those of one input${paired.length ? ' (folded online: src/ir/online-pairs.ts)' : ''}`;
  // the work over a paired reduction read through the broadcasts (std = sqrt(var)) as its epilogue
  const epilogues = paired.length ? broadcastEpilogues(s, region, rowFused).filter((e) => paired.includes(e.anchor)) : [];
  const read = epilogues.flatMap((e) => e.roots.filter((n) => !ready(s, n)));
  const alone = paired.filter((r) => !epilogues.some((e) => e.anchor === r));
  reduceGroup(s, shared[0], [...shared, ...alone, ...read], [], why, paired.length ? region.barriers : undefined);
}

/**
 * Whether reduction `r` stays out of a row-persistent kernel: on a GPU where the fused kernel
 * would leave the device short of threads (fusion-rules.ts, rowPassStarves). The CPU backend has
 * a few threads to fill, so the question there is which kernels run in WebAssembly: a fused row
 * kernel reads each row from cache (rows always fuse: softmax of 64 x 16384 float32 on 2 cores
 * 21 -> 1.0 ms, NumPy 0.9), while the fused column walk is JS and column sums apart run in
 * WebAssembly (columns never fuse: standardize along axis 0 of 1024 x 1024 5.7 -> 1.5 ms, NumPy
 * 1.5; of 64 x 64 0.40 -> 0.35).
 */
function starves(s: ScheduleState, r: ReduceNode): boolean {
  if (s.backend !== 'cpu') return rowPassStarves(r);
  // (an empty input, or a reduced extent of 1, stays one kernel, as rowPassStarves leaves it)
  return !trailingAxes(r) && sizeOf(r.axes.map((a) => r.input.shape[a])) > 1 && sizeOf(r.input.shape) > 0;
}
