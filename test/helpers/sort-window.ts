// Sort windows (src/ir/sort-window.ts) for the tests. An evaluation computes only a window of a
// sort's lines where nothing else can read the sort: its array and the views between were
// disposed while lazy. `unseenView(make)` builds a view of a sort inside cp.tidy, so that every
// array `make` made but the view is disposed; `windowsOf(a)` lists the windows evaluating `a`
// computes ('first=k' or 'last=k', one per windowed sort plan).
import { expect } from 'vitest';
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';
import { recordCuda, toHost } from './arrays.js';
import type { HostArray } from './numpy-oracle.js';

export const unseenView = (make: () => cp.NDArray): cp.NDArray => cp.tidy(make);

export function windowsOf(a: cp.NDArray): string[] {
  return explainPlans([a.node]).flatMap(({ plan }) =>
    plan.kind === 'sort' && plan.window ? [`${plan.window.from === 'start' ? 'first' : 'last'}=${plan.window.count}`] : []);
}

/** The sort plans' strategies of evaluating `a`. */
export const sortStrategiesOf = (a: cp.NDArray): string[] => explainPlans([a.node]).flatMap(({ plan }) => (plan.kind === 'sort' ? [plan.strategy] : []));

const bytes = (h: HostArray) => Buffer.from(h.data.buffer, h.data.byteOffset, h.data.byteLength);

/**
 * `op` of `x` viewed by `view`, lazily with the sort disposed (windowed where it can be) and after
 * the whole result is computed: bitwise equal. Returns the windows and sort strategies the lazy
 * one planned (recorded for the NVRTC check where `record`).
 */
export function compareWindowed(x: cp.NDArray, op: (x: cp.NDArray) => cp.NDArray, view: (r: cp.NDArray) => cp.NDArray, record = true): { windows: string[]; strategies: string[] } {
  const lazy = unseenView(() => view(op(x)));
  if (record) recordCuda(lazy);
  const planned = { windows: windowsOf(lazy), strategies: sortStrategiesOf(lazy) };
  const whole = op(x);
  cp.eval(whole);
  const want = toHost(view(whole));
  const got = toHost(lazy);
  expect(got.shape).toEqual(want.shape);
  expect(bytes(got).equals(bytes(want))).toBe(true);
  return planned;
}
