// Plan keys, interned. A plan's key is text (the runners and the disk cache find kernels by it),
// but building that text and hashing it at every evaluation took two thirds of the time planKernel
// spends on `x.mul(2).add(y)` (bench/host-eval.mjs). So a plan is looked up part by part in a tree
// of maps instead: numbers, strings, and dtype and op objects (compared by identity), which hold
// at least everything the text holds. Each leaf builds its text once, so a plan seen before gets
// the same string object back, whose hash the runners' lookups then find already computed.
import type { IndexAccess, PlanStep } from './kernel-plan.js';

export class KeyTree {
  readonly #next = new Map<unknown, KeyTree>();
  /** The key text of the plans that end here (made for the first). */
  key?: string;
  /** Their kernel name (made for the first). */
  name?: string;

  /** The subtree for `part`, made where it is new. */
  at(part: unknown): KeyTree {
    let t = this.#next.get(part);
    if (t === undefined) this.#next.set(part, (t = new KeyTree()));
    return t;
  }

  /** The subtree for a list of parts (numbers, flags; its length first, so that lists in a row stay apart). */
  list(xs: readonly unknown[]): KeyTree {
    let t = this.at(xs.length);
    for (const x of xs) t = t.at(x);
    return t;
  }

  /** The subtree for a gather's or scatter's index access. */
  index(a: IndexAccess): KeyTree {
    return this.list(a.args).list(a.strides).list(a.dims).list(a.sites).at(a.flag);
  }

  /** The subtree for one step: its kind, then the fields its key text shows (see stepKey). */
  step(s: PlanStep): KeyTree {
    const t = this.at(s.kind);
    switch (s.kind) {
      case 'load': return t.at(s.input);
      case 'scalar': return t.at(s.scalar);
      case 'cast': return t.at(s.arg).at(s.dtype);
      case 'op': return t.at(s.op).at(s.inputDtype).list(s.args);
      case 'select': return t.list(s.args);
      case 'reduced': return t.at(s.reduction).at(s.dtype);
      case 'rindex': return t;
      case 'random': return t.at(s.distribution).at(s.wide).at(s.dtype).list(s.scalars);
      case 'gather': return t.at(s.input).at(s.dtype).index(s);
      case 'search': return t.at(s.input).at(s.arg).at(s.length).at(s.stride).at(s.side).at(s.keyDtype);
    }
  }
}
