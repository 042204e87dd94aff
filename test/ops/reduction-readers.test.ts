// Readers of reductions that the scheduler must keep apart (src/compiler/groups.ts):
// - a reduction read by two requested arrays, one of them through a view, over extents of 1: the
//   row-persistent group computed the reduction first through its view reader and then planned a
//   group with nothing left to reduce (ERR_INTERNAL "every reduction of the group is computed
//   already", on both backends' schedules);
// - two identical reductions of one input are two arrays: a write into one, or its disposal, must
//   leave the other and its lazy readers as they were (a scheduler that shares such reductions by
//   rewiring their readers broke each of these; session 28).
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';

const f32 = (v: unknown) => cp.asarray(v as number[]).astype('float32').eval();

describe('a reduction read directly and through a view by two requested arrays', () => {
  const cases: Array<[string, () => cp.NDArray[], unknown[]]> = [
    ['(1,) over all axes', () => { const A = f32([2.5]).sum(null, { keepdims: true }); return [A.add(1), A.reshape([-1]).mul(2)]; }, [[3.5], [5]]],
    ['(1,) over axis -1', () => { const A = f32([2.5]).sum(-1, { keepdims: true }); return [A.add(1), A.reshape([-1]).mul(2)]; }, [[3.5], [5]]],
    ['0-d', () => { const A = cp.asarray(3.5).sum(null, { keepdims: true }); return [A.add(1), A.reshape([]).mul(2)]; }, [4.5, 7]],
    ['(1, 1) over axis 1', () => { const A = f32([[2.5]]).sum(1, { keepdims: true }); return [A.add(1), A.reshape([-1]).mul(2)]; }, [[[3.5]], [5]]],
    ['(1, 4, 1) max over axes 0 and 2', () => {
      const x = f32([[[1], [5], [3], [2]]]);
      const A = x.max([0, 2], { keepdims: true });
      return [A.add(1), A.reshape([4]).mul(2), x.max([0, 2]).add(3)];
    }, [[[[2], [6], [4], [3]]], [2, 10, 6, 4], [4, 8, 6, 5]]],
  ];
  for (const [label, build, want] of cases) {
    it(`${label}: plans on a GPU's schedule, and gives NumPy's values`, () => {
      expect(() => explainPlans(build().map((a) => a.node), 'cuda')).not.toThrow();
      const out = build();
      cp.eval(...out);
      expect(out.map((a) => a.toArraySync())).toEqual(want);
    });
  }
});

describe('two identical reductions of one input stay two arrays', () => {
  /** x, and two sums of it over axis 0 ([13, 16, 20] each). */
  const sums = () => {
    const a = cp.asarray([[1, 2, 3], [4, 5, 6], [7, 8, 10], [1, 1, 1]]).astype('float64').eval();
    return { a, m1: a.sum(0), m2: a.sum(0) };
  };
  it('a write into one after both were evaluated together: a lazy reader of the other keeps its values', () => {
    const { m1, m2 } = sums();
    const u = m2.mul(2);
    cp.eval(u.add(1), m1.sum());
    m1.set('...', 0);
    expect(u.toArraySync()).toEqual([26, 32, 40]);
  });
  it('one disposed and the input written: a lazy reader of the other keeps its values', () => {
    const { a, m1, m2 } = sums();
    const u = m2.mul(2);
    cp.eval(u.add(m1));
    m1.dispose();
    a.set('...', 0);
    expect(u.toArraySync()).toEqual([26, 32, 40]);
  });
  it('a write through a lazy view of one lands in that one', () => {
    const { m1, m2 } = sums();
    const v = m2.get('0:2');
    cp.eval(v.add(1).add(m1.get('0:2')));
    v.set('...', 0);
    expect([m1.toArraySync(), m2.toArraySync()]).toEqual([[13, 16, 20], [0, 0, 20]]);
  });
});

describe('a reduction an epilogue reads through another reduction', () => {
  // `sum(v) + v` with v = std(x, 1): the epilogue's sum of v is ensured while v's own group gathers
  // its work, and that group computed std's phases first. The gathered group then computed them a
  // second time, from x, which computing them had let go of: with x a cp.tidy temporary (a stack),
  // the read raised ERR_DISPOSED (found by the cp.jit fuzzer, F8).
  for (const gpu of [false, true]) {
    it(`computes each phase once (${gpu ? "a GPU's" : "the CPU's"} schedule), and reads the disposed temporary's data only then`, () => {
      const x = cp.asarray([1, 2, 3, 4], 'float64').eval();
      const v = cp.tidy(() => cp.std(cp.stack([x, x], 0), { axis: 1 }));
      const r = cp.add(cp.sum(v), v);
      const plans = explainPlans([r.node], gpu ? 'cuda' : 'cpu');
      expect(plans.map(({ group }) => group.kind)).toEqual(['reduce', 'reduce', 'elementwise']);
      const std = Math.sqrt(1.25);
      expect(r.toArraySync()).toEqual([3 * std, 3 * std]);
    });
  }
});
