// Copy on write (src/ir/readers.ts) against NumPy's eager semantics: scenarios from a review of
// the epoch design (views over lazy data, reshapes NumPy copies, async readback with a write in
// between, reductions, draws, gathers and scatters), and what the bookkeeping copies and keeps.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { writeNeedsSnapshot } from '../../src/ir/readers.js';
import { peakArrayBufferGrowth } from '../helpers/memory.js';
import { addEvaluationObserver } from '../../src/api/explain-hook.js';
import { setFramedWrites } from '../../src/api/assign-rename.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { compareArrays, numpyOne, randomArray, type HostArray } from '../helpers/numpy-oracle.js';

const f32 = (xs: number[]) => cp.asarray(xs, { dtype: 'float32' });

describe('copy on write: lazy arrays keep the values of their time (NumPy computes at once)', () => {
  it('A: reshape of a lazy transpose (NumPy copies) does not see a later write to the base', () => {
    const x = cp.arange(6).astype('float32').reshape(2, 3); // lazy
    const r = x.T.reshape(-1); // NumPy: a copy [0,3,1,4,2,5]
    x.set([0, 0], 100);
    expect(r.toArraySync()).toEqual([0, 3, 1, 4, 2, 5]);
  });

  it('B: a requested view of lazy data is an alias of it, so it sees later writes to its base', () => {
    const b = cp.arange(4).astype('float64').add(1); // lazy [1,2,3,4]
    const bv = b.get('::-1');
    const before = bv.mul(1); // reads the view before anything is computed
    bv.eval(); // computes b, then bv is an alias of it
    b.set(0, 100);
    expect(bv.toArraySync()).toEqual([4, 3, 2, 100]);
    expect(before.toArraySync()).toEqual([4, 3, 2, 1]);
    // Through a chain of views.
    const c = cp.arange(6).astype('float32').mul(2); // lazy
    const cv = c.get('1:').get('::2');
    expect(cv.toArraySync()).toEqual([2, 6, 10]);
    c.set(3, -1);
    expect(cv.toArraySync()).toEqual([2, -1, 10]);
    cv.set(2, 7); // writes through the view reach the base
    expect(c.toArraySync()).toEqual([0, 2, 4, -1, 8, 7]);
  });

  it('P: readers of a copying reshape made while it was lazy keep their values after a write into it', () => {
    const x = cp.arange(6).astype('float32').reshape(2, 3); // lazy
    const r = x.T.reshape(-1); // a copy in NumPy
    const n = r.mul(1); // lazy reader of r
    r.set(0, 100);
    expect(n.toArraySync()).toEqual([0, 3, 1, 4, 2, 5]);
    expect(r.toArraySync()).toEqual([100, 3, 1, 4, 2, 5]);
    expect(x.toArraySync()).toEqual([[0, 1, 2], [3, 4, 5]]);
  });

  it('U: async readback of a two-kernel array, write before the promise settles', async () => {
    const x = f32([1, 2, 3]).eval();
    const a = x.cumsum().add(x); // scan kernel, then an elementwise kernel reading x
    const p = a.toArray();
    x.set(0, 100);
    expect(await p).toEqual([2, 5, 9]);
  });

  it('U2: async readback, write to another input between kernels', async () => {
    const x = f32([1, 2, 3]).eval();
    const y = f32([10, 20, 30]).eval();
    const a = x.cumsum().add(y);
    const p = a.toArray();
    y.set('...', 0);
    expect(await p).toEqual([11, 23, 36]);
  });

  it('C: lazy view chain over lazy base, base written twice between reads', () => {
    const t = cp.arange(6).astype('int32').mul(2); // lazy [0,2,4,6,8,10]
    const v1 = t.get('1:');
    const v2 = v1.get('::2'); // t[1::2] = [2,6,10]
    const a = v2.add(0);
    t.set(1, -1);
    const b = v2.add(0);
    t.set(3, -3);
    expect(a.toArraySync()).toEqual([2, 6, 10]);
    expect(b.toArraySync()).toEqual([-1, 6, 10]);
    expect(v2.toArraySync()).toEqual([-1, -3, 10]);
  });

  it('D: write through a view of a lazy view', () => {
    const t = cp.arange(6).astype('int32').mul(2); // lazy
    const r = t.add(0); // reader before
    const v = t.get('::-1').get('1:3'); // t[::-1][1:3] = t[4], t[3]
    v.set(0, 77);
    expect(t.toArraySync()).toEqual([0, 2, 4, 6, 77, 10]);
    expect(r.toArraySync()).toEqual([0, 2, 4, 6, 8, 10]);
  });

  it('E: random draw, cast and where made before a write', () => {
    const r = cp.random.default_rng(1).random([4], { dtype: 'float64' });
    const drawn = r.toArraySync() as number[];
    const x = cp.arange(4).astype('float64').eval();
    const w = cp.where(x.greater(1), r, x); // reads r and x
    const c = x.astype('int32');
    r.set('...', -1);
    x.set('...', 9);
    expect(w.toArraySync()).toEqual([0, 1, drawn[2], drawn[3]]);
    expect(c.toArraySync()).toEqual([0, 1, 2, 3]);
  });

  it('F: broadcast reader made before a write', () => {
    const x = f32([1, 2, 3]).eval();
    const m = cp.zeros([2, 3], { dtype: 'float32' }).add(x);
    x.set(1, 50);
    expect(m.toArraySync()).toEqual([[1, 2, 3], [1, 2, 3]]);
  });

  it('G: gather (advanced indexing) made before a write, and a scatter write', () => {
    const x = f32([0, 10, 20, 30]).eval();
    const g = x.get([[0, 2]]);
    x.set([[0, 2]], f32([-1, -2]));
    const g2 = x.get([[0, 2]]);
    x.set([[2]], 5);
    expect(g.toArraySync()).toEqual([0, 20]);
    expect(g2.toArraySync()).toEqual([-1, -2]);
    expect(x.toArraySync()).toEqual([-1, 10, 5, 30]);
  });

  it('H: reduction over a view made before a write', () => {
    const x = cp.arange(6).astype('float32').reshape(2, 3).eval();
    const s = x.T.get('1:').sum();
    const s2 = x.get(':, ::2').sum({ axis: 0 });
    x.set('...', 0);
    expect(s.item()).toBe(12);
    expect(s2.toArraySync()).toEqual([3, 7]);
  });

  it('I: cp.eval of several arrays, some made before a write', () => {
    const x = f32([1, 2, 3]).eval();
    const a = x.mul(2);
    x.set(0, 10);
    const b = x.mul(2);
    cp.eval(a, b);
    expect(a.toArraySync()).toEqual([2, 4, 6]);
    expect(b.toArraySync()).toEqual([20, 4, 6]);
  });

  it('J: reader made from a lazy array, base computed as part of another group, then written', () => {
    const x = f32([1, 2, 3]).eval();
    const t = x.add(1); // lazy
    const u = t.mul(10); // pending on t
    const k = t.sum(); // t computed? fused into reduction
    k.eval();
    t.set(0, 0); // t computed now
    expect(u.toArraySync()).toEqual([20, 30, 40]);
  });

  it('K: two writes, reader from lazy base in middle epoch', () => {
    const t = f32([1, 2, 3]).mul(1); // lazy
    t.eval();
    t.set(0, 5);
    const u = t.get('::-1').mul(1); // between
    t.set(2, 7);
    const v = t.get('::-1'); // alias
    expect(u.toArraySync()).toEqual([3, 2, 5]);
    expect(v.toArraySync()).toEqual([7, 2, 5]);
  });

  it('L: detached view readers, then base written, then view written', () => {
    const t = cp.arange(4).astype('float32').add(0); // lazy
    const v = t.get('::2'); // lazy view of lazy
    const n = v.mul(10); // pending on v
    v.eval(); // own buffer
    const n2 = v.mul(1); // reads v's buffer
    t.set(0, -5);
    v.set(1, 9);
    expect(n.toArraySync()).toEqual([0, 20]);
    expect(n2.toArraySync()).toEqual([0, 2]);
    expect(t.toArraySync()).toEqual([-5, 1, 9, 3]);
    expect(v.toArraySync()).toEqual([-5, 9]);
  });

  it('M: write whose value reads a lazy reader of the target', () => {
    const x = f32([1, 2, 3]).eval();
    const y = x.mul(2);
    x.set('...', y.add(x));
    expect(x.toArraySync()).toEqual([3, 6, 9]);
    expect(y.toArraySync()).toEqual([2, 4, 6]);
  });

  it('N: scatter add.at with readers before', () => {
    const x = f32([1, 2, 3]).eval();
    const y = x.mul(1);
    cp.add.at(x, [[0, 0, 2]], 1);
    expect(x.toArraySync()).toEqual([3, 2, 4]);
    expect(y.toArraySync()).toEqual([1, 2, 3]);
  });

  it('O: write into a transposed view of a lazy base, reader made through T before', () => {
    const x = cp.arange(6).astype('float32').reshape(2, 3).mul(1); // lazy
    const r = x.T.mul(1);
    x.T.set(0, -1); // x[:,0] = -1
    expect(r.toArraySync()).toEqual([[0, 3], [1, 4], [2, 5]]);
    expect(x.toArraySync()).toEqual([[-1, 1, 2], [-1, 4, 5]]);
  });

  it('Q: reshape view written, reader through another view of the base', () => {
    const t = cp.arange(6).astype('float32').mul(1); // lazy
    const r = t.reshape(2, 3);
    const a = t.get('::-1').add(0);
    r.set('1, 1', 40);
    expect(a.toArraySync()).toEqual([5, 4, 3, 2, 1, 0]);
    expect(t.toArraySync()).toEqual([0, 1, 2, 3, 40, 5]);
  });

  it('R: lazy view of a detached view, then write through the detached view', () => {
    const t = cp.arange(6).astype('float32').add(0); // lazy
    const v = t.get('1:').eval(); // detached
    const w = v.get('::2'); // lazy view of detached
    const n = w.mul(1);
    t.set(0, 99);
    v.set(0, -1); // t[1] = -1
    expect(n.toArraySync()).toEqual([1, 3, 5]);
    expect(w.toArraySync()).toEqual([-1, 3, 5]);
    expect(t.toArraySync()).toEqual([99, -1, 2, 3, 4, 5]);
  });

  it('S: async readback of a lazy view after writes', async () => {
    const x = f32([1, 2, 3]).eval();
    const a = x.mul(3);
    x.set(1, 0);
    expect(await a.toArray()).toEqual([3, 6, 9]);
  });
});

describe('copy on write: what is copied and kept', () => {
  it('V1: a view of computed data (an alias at once) does not make the next write copy', () => {
    const x = cp.ones([1 << 20], { dtype: 'float32' }).eval();
    const storage = x.node.realized!.storage as object;
    expect(writeNeedsSnapshot(storage)).toBe(false);
    x.get('::2');
    expect(writeNeedsSnapshot(storage)).toBe(false);
  });

  it('V3: a lazy accumulation over an array written at every step keeps each step\'s values', () => {
    const x = cp.ones([1 << 20], { dtype: 'float32' }).eval();
    let acc = x.mul(0);
    for (let i = 0; i < 100; i++) {
      acc = acc.add(x);
      x.set(0, i);
    }
    expect((acc.get(':2').toArraySync() as number[])).toEqual([1 + (0 + 98) * 99 / 2, 100]);
  });

  it('V1b: single-element writes leave nothing counted, so they never copy the array', () => {
    const x = cp.zeros([1 << 16], { dtype: 'float32' }).eval();
    const storage = x.node.realized!.storage as object;
    for (let i = 0; i < 20; i++) {
      x.set(i, i);
      expect(writeNeedsSnapshot(storage)).toBe(false);
    }
    expect((x.get(':3').toArraySync() as number[])).toEqual([0, 1, 2]);
  });

  it('V4: a computed array does not keep the copy made for readers that were computed since', () => {
    // Each kept array t had a reader u made while t was lazy; the write to t copies t for u; u
    // is then computed. 100 kept arrays of 4 MiB are 420 MB; with each one's copy, 840 MB.
    const kept: cp.NDArray[] = [];
    const peak = peakArrayBufferGrowth(100, () => () => {
      const t = cp.ones([1 << 20], { dtype: 'float32' }).mul(1); // lazy
      const u = t.add(1); // read while t is lazy
      t.eval();
      t.set(0, 5); // copies t for u
      expect((u.get(':2').toArraySync() as number[])).toEqual([2, 2]);
      kept.push(t);
    });
    expect(peak).toBeLessThan(650e6);
    expect((kept[99].get(':2').toArraySync() as number[])).toEqual([5, 1]);
  });
});

// An old epoch's snapshot is freed once no lazy node reads it (src/ir/readers.ts freeSnapshot):
// when its readers are computed, or disposed while lazy (cp.tidy's temporaries), not by the
// collector. Bytes in use are the CPU device's (the GPU's alike); each array here is 4 MiB.
describe('copy on write: snapshots freed with their last reader', () => {
  const used = () => cp.get_default_memory_pool().used_bytes();
  const MiB4 = 4 << 20;
  /** The first n values, through a view disposed at once (a live view would keep the buffer). */
  const first = (a: cp.NDArray, n: number) => { const v = a.get(`:${n}`); const out = v.toArraySync() as number[]; v.dispose(); return out; };

  it('W1: computing the reader frees the snapshot made for it', () => {
    const x = cp.ones([1 << 20], { dtype: 'float32' }).eval();
    const u = x.add(1); // lazy reader of x
    const before = used();
    x.set(0, 7); // copies x for u
    expect(used()).toBe(before + MiB4);
    u.eval(); // reads the snapshot, which nothing else reads
    expect(used()).toBe(before + MiB4); // u's buffer in, the snapshot out
    expect(first(u, 2)).toEqual([2, 2]);
    expect(first(x, 2)).toEqual([7, 1]);
    u.dispose();
    expect(used()).toBe(before);
  });

  it('W2: disposing the lazy readers frees it; a reader still lazy keeps it until computed', () => {
    const x = cp.ones([1 << 20], { dtype: 'float32' }).eval();
    const a = x.mul(3);
    const b = x.sub(1);
    const before = used();
    x.set(1, 5);
    expect(used()).toBe(before + MiB4);
    a.dispose(); // b still reads the snapshot
    expect(used()).toBe(before + MiB4);
    expect(first(b, 3)).toEqual([0, 0, 0]); // b computed through a view of it
    b.dispose();
    expect(used()).toBe(before);
  });

  it('W3: a reader pointed at the snapshot by one evaluation and computed in a later one', () => {
    const x = cp.ones([1 << 20], { dtype: 'float32' }).eval();
    const m = x.mul(2); // lazy, read by two results
    const r1 = m.add(1);
    const before = used();
    x.set(0, 9);
    r1.eval(); // m fused into r1's kernel: m itself stays lazy, pointed at the snapshot
    expect(first(r1, 2)).toEqual([3, 3]);
    const r2 = m.sub(1); // m evaluated again later: still the values of its time
    expect(first(r2, 2)).toEqual([1, 1]);
    expect(first(m, 2)).toEqual([2, 2]);
    for (const a of [m, r1, r2]) a.dispose();
    expect(used()).toBe(before);
  });

  it.each([['off', 12], ['all', 6]] as const)('W5: a write whose value reads the written data reads the snapshot taken for it: two kernels a step, not three (framed writes %s: %i kernels)', (framedWrites, expected) => {
    // The value is a lazy reader of u, so the write snapshots u; the write kernel then reads the
    // snapshot and writes u (before: the value was computed into a buffer of its own first, and
    // copied in by a third kernel). Lazy temporaries keep the values of their time. With framed
    // writes (src/ir/frame-plan.ts) the step renames instead, in one kernel.
    const was = setFramedWrites(framedWrites);
    const h = randomArray('float32', [40, 30], 21, { low: -1, high: 1 });
    const u = toDevice(h);
    let kernels = 0;
    const stop = addEvaluationObserver((ev) => {
      kernels += ev.groups.filter((g) => g.kind !== 'alias').length;
      return undefined;
    });
    const laps: cp.NDArray[] = [];
    try {
      for (let step = 0; step < 6; step++) {
        const centre = u.get('1:-1, 1:-1');
        const lap = u.get(':-2, 1:-1').add(u.get('2:, 1:-1')).add(u.get('1:-1, :-2')).add(u.get('1:-1, 2:')).sub(centre.mul(4));
        laps.push(lap);
        u.set('1:-1, 1:-1', centre.add(lap.mul(0.2)));
      }
    } finally {
      stop();
      setFramedWrites(was);
    }
    expect(kernels).toBe(expected);
    const steps = (n: number) => `(lambda u: [u.__setitem__((slice(1, -1), slice(1, -1)), u[1:-1, 1:-1] + np.float32(0.2) * (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:] - u[1:-1, 1:-1] * np.float32(4))) for _ in range(${n})] and u)(u.copy())`;
    const expectNumpy = (a: cp.NDArray, expr: string) => {
      const want = numpyOne(expr, { u: h });
      if (!want.ok) throw new Error(want.error);
      const cmp = compareArrays(toHost(a), want.value as HostArray);
      expect(cmp.ok ? '' : cmp.message).toBe('');
    };
    expectNumpy(u, steps(6));
    // The first and the fourth step's Laplacians, of u as it was then.
    expectNumpy(laps[0], '(u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:] - u[1:-1, 1:-1] * np.float32(4))');
    expectNumpy(laps[3], `(lambda v: v[:-2, 1:-1] + v[2:, 1:-1] + v[1:-1, :-2] + v[1:-1, 2:] - v[1:-1, 1:-1] * np.float32(4))(${steps(3)})`);
    // An overlapping write whose value is a view (an alias, no lazy reader): still buffered first.
    const v = toDevice(h);
    v.set('1:, :', v.get(':-1, :'));
    expectNumpy(v, '(lambda v: (v.__setitem__((slice(1, None), slice(None)), v[:-1, :]), v)[1])(u.copy())');
  });

  it('W4: a loop of in-place stencil steps inside cp.tidy keeps no snapshot after each step', () => {
    const u = cp.zeros([1024, 1024], { dtype: 'float32' }).eval();
    u.set([512, 512], 1);
    const start = used();
    for (let step = 0; step < 20; step++) {
      cp.tidy(() => {
        const centre = u.get('1:-1, 1:-1');
        const lap = u.get(':-2, 1:-1').add(u.get('2:, 1:-1')).add(u.get('1:-1, :-2')).add(u.get('1:-1, 2:')).sub(centre.mul(4));
        u.set('1:-1, 1:-1', centre.add(lap.mul(0.1)));
      });
      expect(used()).toBe(start);
    }
    const total = u.sum().toArraySync() as number;
    expect(total).toBeCloseTo(1, 4); // the stencil keeps the sum away from the edges
  });

  // Found by the cp.jit fuzzer (eager too): v1 (lazy, of two gathers cp.tidy disposed) read a
  // snapshot; the evaluation of [partition(v1), v1] computed v1 (fusing one gather) and then the
  // other gather, scheduled first for the sort, from the snapshot v1's kernel had just freed
  // (ERR_DISPOSED). A group computed first that nothing needs any more is now skipped.
  it('a gather a sort needed first, let go of by an earlier kernel, is not computed from a freed snapshot', () => {
    const sorters: Array<[(a: cp.NDArray) => cp.NDArray, number]> = [
      [(a) => cp.partition(a, 0, 1), 2.25],
      [(a) => cp.sort(cp.sinh(a), 0), Math.sinh(2.25)],
    ];
    for (const [sorter, want] of sorters) {
      const x = cp.asarray(1.5, 'float64').eval();
      const v0 = x.get('None, ..., None');
      const v1 = cp.tidy(() => v0.get('[0], :').mul(v0.get('[0], :')));
      v0.fill(-0.75);
      const s = sorter(v1);
      cp.eval(s, v1);
      expect(v1.toArraySync()).toEqual([[2.25]]);
      expect((s.toArraySync() as number[][])[0][0]).toBeCloseTo(want, 12);
    }
  });
});
