// Sort windows (src/ir/sort-window.ts) for the tests. An evaluation computes only a window of a
// sort's lines where nothing else can read the sort: its array and the views between were
// disposed while lazy. `unseenView(make)` builds a view of a sort inside cp.tidy, so that every
// array `make` made but the view is disposed; `windowsOf(a)` lists the windows evaluating `a`
// computes ('first=k' or 'last=k', one per windowed sort plan).
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';

export const unseenView = (make: () => cp.NDArray): cp.NDArray => cp.tidy(make);

export function windowsOf(a: cp.NDArray): string[] {
  return explainPlans([a.node]).flatMap(({ plan }) =>
    plan.kind === 'sort' && plan.window ? [`${plan.window.from === 'start' ? 'first' : 'last'}=${plan.window.count}`] : []);
}
