// Arrays that one kernel computes anyway and another kernel of the same evaluation will need as
// data: written out by the first, not computed again by a kernel of their own. A gather reads its
// source as data (./regions.ts), so `logp = x - logsumexp(x)` read by `exp(logp)` and by
// `take_along_axis(logp, labels)` was computed twice: inside exp's row-persistent kernel, and
// again, with both its reductions, as the gather's source.
import { nodeInputs, type Node } from '../ir/graph.js';
import { sameShape } from '../ir/shape.js';
import type { Region } from './regions.js';
import { ready, type ScheduleState } from './state.js';

const sourcesBySchedule = new WeakMap<ScheduleState, Set<Node>>();

/** The gather sources and search tables the requested arrays need that are not computed yet (found once per schedule). */
function readAsData(s: ScheduleState): Set<Node> {
  let found = sourcesBySchedule.get(s);
  if (found) return found;
  found = new Set();
  const seen = new Set<Node>();
  const stack = [...s.pending];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n) || n.realized) continue;
    seen.add(n);
    if (n.kind === 'gather') found.add(n.source);
    if (n.kind === 'search') found.add(n.table);
    stack.push(...nodeInputs(n));
  }
  sourcesBySchedule.set(s, found);
  return found;
}

/**
 * Nodes of the roots' region (computed inside a kernel of `shape`) that a later kernel of this evaluation
 * reads as data: extra outputs of this kernel. Not those the region itself reads as data (they
 * are computed first) nor views (a view of computed data is an alias of it).
 */
export function sharedOutputs(s: ScheduleState, regionOfRoots: () => Region, shape: readonly number[], roots: readonly Node[]): Node[] {
  const wanted = readAsData(s);
  if (wanted.size === 0) return [];
  const region = regionOfRoots();
  return [...region.inside].filter((n) => wanted.has(n) && !ready(s, n) && !region.barriers.has(n) && !roots.includes(n)
    && n.kind !== 'view' && sameShape(n.shape, shape));
}
