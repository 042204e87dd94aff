// The window of a sort an evaluation computes (../ir/sort-window.ts): where nothing can read the
// sort's result but a chain of lazy views under the requested arrays, the positions the last of
// those views reads, if few at one end of each line. A sort that is seen (its array alive, or
// another reader) is computed whole.
import { nodeInputs, type Node, type SortNode, type SortWindow, type ViewNode } from '../ir/graph.js';
import { windowUse } from '../ir/sort-plan.js';
import { unseen, windowOfViews } from '../ir/sort-window.js';
import type { ScheduleState } from './state.js';

export function sortWindow(s: ScheduleState, sort: SortNode): SortWindow | undefined {
  if (!unseen(sort)) return undefined;
  const views = lazyViewsByInput(s.pending);
  const chain: ViewNode[] = [];
  for (let v = views.get(sort); v; v = unseen(v) ? views.get(v) : undefined) chain.push(v);
  const window = chain.length ? windowOfViews(sort, chain) : null;
  // Only a window the plan computes (a partition's that top-k does not take is its whole partition).
  return window && windowUse(sort, window) ? window : undefined;
}

/** The lazy views under `targets` by the node each reads (the first found where several read one node). */
function lazyViewsByInput(targets: readonly Node[]): Map<Node, ViewNode> {
  const views = new Map<Node, ViewNode>();
  const seen = new Set<Node>();
  const stack = [...targets];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n) || n.realized) continue;
    seen.add(n);
    if (n.kind === 'view' && !views.has(n.input)) views.set(n.input, n);
    stack.push(...nodeInputs(n));
  }
  return views;
}
