// The scheduler: cuts the unrealized graph under the arrays being evaluated into kernel groups,
// dependencies first. Elementwise nodes between materialization points form regions
// (./regions.ts); a region of one shape is one kernel. Reductions and scans bound regions, but a
// reduction fuses with its neighbours where the data allows it (./groups.ts, ./fusion-rules.ts):
//   - its producers: the elementwise region under its input is computed inside its loads;
//   - its consumers of the reduced shape (mean = sum * 1/n): an epilogue in the same kernel;
//   - consumers of the full input shape that read it broadcast back along the reduced axes
//     (softmax, normalization): a row-persistent kernel, in which reductions of one input over the
//     same axes run as successive phases over the row.
// Anything else is computed first, as a group of its own.
// Views (transpose, slices, reshape, ...) are elementwise here: a kernel reads through them. What
// a view cannot carry is computed first: a reduction read through a view that moves its elements
// (an epilogue reads it through a squeeze or a reshape in place: ./in-order.ts), a random draw
// read through a view, and
// the input of a reshape whose strides would need a copy (NumPy copies there too). A requested
// view of data that exists is an alias of that data, not a kernel (./aliases.ts). A gather
// (advanced indexing) fuses into an elementwise kernel with its index arrays; its source is
// computed first, unless it is elementwise work over data that the gather reads at no more
// positions than it holds: then that work is computed where it is gathered (./regions.ts
// sourceFuses). A gather read through a view, or by a reduction, is computed first as a
// kernel of its own; a reduction read by a kernel that gathers is computed first too, since a
// reduce kernel does not gather.
//
// The passes, in order: resolveStaleReads (reads of data written since, ir/readers.ts), the fast
// path for one plain elementwise array (./lone-elementwise.ts), then `ensure` for each requested
// array (./groups.ts), then the placeholder realizations are undone.
import { replaceInput, type Node } from '../ir/graph.js';
import { resolveStaleReads } from '../ir/readers.js';
import { formatShape } from '../ir/shape.js';
import { ensure } from './groups.js';
import { loneElementwise } from './lone-elementwise.js';
import { clearPlaceholders, newState, type KernelGroup, type ScheduleBackend } from './state.js';

export type { KernelGroup, ScheduleBackend } from './state.js';
export { reshapeFuses } from './regions.js';

/** `backend`: where the groups run (default a GPU's plan; the CPU backend's fuses row statistics and never column ones: ./groups.ts, starves). */
export function scheduleGroups(targets: readonly Node[], backend: ScheduleBackend = 'cuda'): KernelGroup[] {
  resolveStaleReads(targets, replaceInput);
  const lone = targets.length === 1 ? loneElementwise(targets[0]) : undefined;
  if (lone) return [lone];
  const pending = [...new Set(targets.filter((n) => !n.realized && n.kind !== 'scalar'))];
  const s = newState(pending, backend);
  try {
    for (const t of pending) ensure(s, t, `the requested arrays of shape ${formatShape(t.shape)}`);
  } finally {
    clearPlaceholders(s);
  }
  return s.groups;
}
