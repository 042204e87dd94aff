// Random programs of lazy arithmetic, views, writes, evaluations and disposals against an eager
// model of NumPy's semantics: a result keeps the values of its inputs when it was made; a view
// shows its base as it is now; a write changes its array and every view of it. Copy on write
// (src/ir/readers.ts) must give the model's values after any interleaving, and freeing a snapshot
// early must never leave a reader without it (the CPU backend throws on a read of freed memory).
// Seeded: each program is reproducible from its seed.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { mulberry32 as rng } from '../helpers/numpy-oracle.js';

const N = 12;

interface Owned { kind: 'owned'; arr: cp.NDArray; data: number[] }
interface View { kind: 'view'; arr: cp.NDArray; base: Owned; start: number; step: number; length: number }
type Handle = Owned | View;

const valuesOf = (h: Handle): number[] =>
  h.kind === 'owned' ? [...h.data] : Array.from({ length: h.length }, (_, k) => h.base.data[h.start + k * h.step]);

function runProgram(seed: number, steps: number): void {
  const r = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const int = (n: number) => Math.floor(r() * n);
  const live: Handle[] = [];
  const ownedOf = (arr: cp.NDArray, data: number[]): Owned => ({ kind: 'owned', arr, data });
  for (let k = 0; k < 3; k++) {
    const data = Array.from({ length: N }, () => int(9));
    live.push(ownedOf(cp.asarray(data, { dtype: 'float64' }).eval(), data));
  }
  const check = (h: Handle, where: string) => {
    expect(h.arr.toArraySync(), `seed ${seed}, ${where}`).toEqual(valuesOf(h));
  };
  for (let step = 0; step < steps; step++) {
    const action = r();
    const owned = live.filter((h): h is Owned => h.kind === 'owned');
    const sameLength = (h: Handle) => live.filter((g) => valuesOf(g).length === valuesOf(h).length);
    if (action < 0.35 && live.length) {
      // arithmetic: a new owned array with the values of now
      const a = pick(live);
      const b = pick(sameLength(a));
      const c = int(5) + 1;
      const op = int(6);
      const av = valuesOf(a), bv = valuesOf(b);
      const total = bv.reduce((t, x) => t + x, 0); // integers: exact in any order
      // ops 4 and 5 reduce b (twice in op 5, with and without keepdims: one reduction computes both,
      // src/compiler/repeated-reductions.ts), so reductions meet writes and views too
      const arr = op === 0 ? a.arr.add(b.arr) : op === 1 ? a.arr.mul(c) : op === 2 ? a.arr.sub(b.arr).add(c)
        : op === 3 ? cp.where(a.arr.gt(b.arr), a.arr, b.arr.mul(-1))
          : op === 4 ? a.arr.add(cp.sum(b.arr)) : a.arr.sub(cp.sum(b.arr)).add(cp.sum(b.arr, 0, { keepdims: true })).add(cp.sum(b.arr));
      const data = av.map((x, k) => (op === 0 ? x + bv[k] : op === 1 ? x * c : op === 2 ? x - bv[k] + c : op === 3 ? (x > bv[k] ? x : -bv[k])
        : op === 4 ? x + total : x - total + total + total));
      live.push(ownedOf(arr, data));
    } else if (action < 0.5 && owned.length) {
      // a strided view of an owned array
      const base = pick(owned);
      const step_ = pick([1, 2, 3, -1]);
      const n = base.data.length;
      const start = Math.max(0, step_ > 0 ? int(3) : n - 1 - int(3));
      const length = step_ > 0 ? Math.ceil((n - start) / step_) : Math.floor(start / -step_) + 1;
      const arr = base.arr.get([cp.slice(start, step_ > 0 ? null : null, step_)]);
      live.push({ kind: 'view', arr, base, start, step: step_, length });
    } else if (action < 0.7 && live.length) {
      // a write through an owned array or a view (an identity view shares its base's node)
      const h = pick(live);
      const value = int(50) - 25;
      if (h.kind === 'owned') {
        const at = int(h.data.length);
        h.arr.set(at, value);
        h.data[at] = value;
      } else {
        const at = int(h.length);
        h.arr.set(at, value);
        h.base.data[h.start + at * h.step] = value;
      }
    } else if (action < 0.8 && live.length) {
      const h = pick(live);
      h.arr.eval();
    } else if (action < 0.9 && live.length) {
      check(pick(live), `step ${step} (read)`);
    } else if (live.length > 2) {
      // dispose one
      // (a base disposed before its views: they keep its data, and the model keeps its values)
      const [h] = live.splice(int(live.length), 1);
      h.arr.dispose();
    }
  }
  for (const h of live) check(h, 'end');
  for (const h of live) h.arr.dispose();
}

describe('copy on write: random programs against an eager model', () => {
  it.each(Array.from({ length: 100 }, (_, k) => [1000 + k]))('seed %i', (seed) => {
    cp.tidy(() => runProgram(seed, 80));
  });
});
