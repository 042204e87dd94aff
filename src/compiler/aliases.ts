// Requested views of data that exists (or that an earlier group computes) are aliases of that
// data, as NumPy views are: no kernel, only a layout over the data, so they see later writes.
import type { ViewNode, Node } from '../ir/graph.js';
import { isDetachedView } from '../ir/graph.js';
import { viewLayout } from '../ir/kernel-plan.js';
import { layoutOf } from './regions.js';
import { ready, type ScheduleState } from './state.js';

/** Whether view `n` can be an alias of its input: the input is (or will be) data, and the view has a layout over it. */
export function aliasable(s: ScheduleState, n: Node): n is ViewNode {
  return n.kind === 'view' && ready(s, n.input) && !isDetachedView(n.input) && !!viewLayout(n, layoutOf(n.input));
}

/** Pushes the alias group of view `n` and gives it its layout over its input's data. */
export function pushAlias(s: ScheduleState, n: ViewNode, reason: string): void {
  s.groups.push({ kind: 'alias', node: n, reason });
  s.done.add(n);
  const layout = viewLayout(n, layoutOf(n.input))!;
  n.realized = { storage: undefined, strides: layout.strides, offset: layout.offset, alias: true };
  s.placeholders.push(n);
}

/**
 * The views between requested view `n` and the data under it (`n` first), and that data, which
 * may still need computing; undefined where the chain reaches a detached view (one that copies).
 */
export function viewChain(s: ScheduleState, n: ViewNode): { chain: ViewNode[]; base: Node } | undefined {
  const chain: ViewNode[] = [n];
  let base = n.input;
  while (base.kind === 'view' && !ready(s, base)) {
    chain.push(base);
    base = base.input;
  }
  if (base.kind === 'view' && isDetachedView(base)) return undefined;
  return { chain, base };
}
