// Issue 14: an index error found by a kernel fired once, on whatever was read back next (an
// unrelated array), and the bad array then read back garbage; a failed write kept its in-range
// writes. Now the error goes with the data the failing launch wrote: a gather's result, and
// whatever is computed from it, throw at every read; a write through bad indices writes nothing
// and its error is raised once, by the next read of its target (or of what was computed from the
// target since), which then reads back as it was. Unrelated arrays never see it. One body runs on
// the CPU backend and, where there is a device, on CUDA (slab flags, async reads).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { currentBackend, setBackendNotice, useBackend, type BackendKind } from '../../src/runtime/backend.js';
import { HAS_CUDA_DEVICE } from '../helpers/cuda.js';
import { numpy } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

const GET_ERROR = 'get: index out of bounds for axis 0 with size 5 (found by the kernel)';

/** The CupytsError `f` throws (failing the test where it throws nothing or something else). */
function thrown(f: () => unknown): cp.CupytsError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(cp.CupytsError);
    return e as cp.CupytsError;
  }
  throw new Error('expected a CupytsError, got none');
}

const ints = (a: cp.NDArray) => Array.from(a.dataSync() as ArrayLike<number | bigint>, Number);

function faultSuite(backend: BackendKind): void {
  let before: BackendKind;
  beforeAll(() => {
    before = currentBackend();
    useBackend(backend);
  });
  afterAll(() => useBackend(before));

  describe('a gather with a bad index', () => {
    it("the issue's reproducer: the unrelated read works, the bad array throws at every read", () => {
      const r = cp.arange(5).get(cp.asarray([1, 9]));
      r.eval();
      expect(cp.ones([2]).sum().item()).toBe(2);
      for (let k = 0; k < 3; k++) {
        const e = thrown(() => r.toString());
        expect(e.code).toBe('ERR_INDEX');
        expect(e.message).toBe(GET_ERROR);
      }
      expect(() => r.dataSync()).toThrow(GET_ERROR);
      expect(() => r.toArraySync()).toThrow(GET_ERROR);
      expect(() => r.repr()).toThrow(GET_ERROR);
    });

    it('every way of reading it throws, sync and async', async () => {
      const r = cp.arange(5).get(cp.asarray([[1, 9]]));
      await expect(r.toArray()).rejects.toThrow(GET_ERROR);
      await expect(r.data()).rejects.toThrow(GET_ERROR);
      expect(() => r.get([0, 0]).item()).toThrow(GET_ERROR);
      await expect(r.toArray()).rejects.toThrow(GET_ERROR);
    });

    it('whatever is computed from it throws too: ops, reductions, views, gathers, copies, matmul, joins, masks', async () => {
      const r = cp.arange(5).get(cp.asarray([1, 9, 2]));
      const f = r.astype('float64');
      const derived: Array<[string, () => cp.NDArray]> = [
        ['add', () => r.add(1)],
        ['sum', () => r.sum()],
        ['cumsum', () => cp.cumsum(r)],
        ['view', () => r.get('::-1')],
        ['reshape view', () => r.reshape([3, 1]).T],
        ['gather of it', () => r.get(cp.asarray([0]))],
        ['take by it', () => cp.take(cp.arange(10), r)],
        ['astype', () => f],
        ['matmul', () => cp.matmul(f.reshape([3, 1]), cp.ones([1, 2], { dtype: 'float64' }))],
        ['concatenate', () => cp.concatenate([r, cp.arange(3)])],
        ['where', () => cp.where(r.gt(0), 1, 2)],
      ];
      for (const [label, make] of derived) {
        const d = make();
        expect(() => d.toString(), label).toThrow(GET_ERROR);
        await expect(d.toArray(), label).rejects.toThrow(GET_ERROR);
      }
      // Host reads of it inside an op throw as well.
      expect(() => cp.nonzero(r)).toThrow(GET_ERROR);
      expect(() => cp.repeat(cp.arange(3), r)).toThrow(GET_ERROR);
    });

    it('arrays evaluated with it in one kernel, and arrays read before or after, are not affected', () => {
      const x = cp.arange(5);
      const bad = x.get(cp.asarray([1, 9]));
      const good = x.get(cp.asarray([3, 4]));
      const plain = x.mul(10).get('1:3');
      cp.eval(bad, good, plain);
      expect(ints(good)).toEqual([3, 4]);
      expect(ints(plain)).toEqual([10, 20]);
      expect(() => bad.dataSync()).toThrow(GET_ERROR);
      expect(ints(x)).toEqual([0, 1, 2, 3, 4]);
      expect(ints(cp.arange(3).add(1))).toEqual([1, 2, 3]);
      // One kernel computing a good and a bad result of the same shape (companions).
      const y = cp.asarray([[1, 2], [3, 4]]);
      const b2 = y.get([cp.asarray([0, 5])]);
      const g2 = y.get([cp.asarray([1, 0])]).add(1);
      cp.eval(b2, g2);
      expect(ints(g2)).toEqual([4, 5, 2, 3]);
      expect(() => b2.dataSync()).toThrow('get: index out of bounds for axis 0 with size 2 (found by the kernel)');
    });

    it('an index error on axis 1 names axis 1; negative indices in range are fine', () => {
      const m = cp.arange(12).reshape([3, 4]);
      expect(ints(m.get([cp.slice(), cp.asarray([-1, -4])]))).toEqual([3, 0, 7, 4, 11, 8]);
      expect(() => m.get([cp.slice(), cp.asarray([-5])]).dataSync()).toThrow('get: index out of bounds for axis 1 with size 4 (found by the kernel)');
      expect(() => cp.take_along_axis(m, cp.asarray([[0], [4], [1]]), 1).dataSync()).toThrow('take_along_axis: index out of bounds for axis 1 with size 4 (found by the kernel)');
    });

    it('many launches that check indices: each error stays with its own result', () => {
      const x = cp.arange(5);
      const results = Array.from({ length: 1500 }, (_, k) => x.get(cp.asarray([k % 7])).eval());
      results.forEach((r, k) => {
        if (k % 7 < 5) expect(ints(r), `result ${k}`).toEqual([k % 7]);
        else expect(() => r.dataSync(), `result ${k}`).toThrow(GET_ERROR);
      });
    });

    it('a long chain computed from a bad gather throws without exhausting the stack', () => {
      let y = cp.arange(5).get(cp.asarray([1, 9])).astype('float64').eval();
      for (let k = 0; k < 20_000; k++) y = y.add(cp.asarray([1, 2])).eval();
      expect(() => y.dataSync()).toThrow(GET_ERROR);
    });
  });

  describe('a write with a bad index writes nothing and raises once', () => {
    const writes: Array<[string, (y: cp.NDArray) => void, string, string]> = [
      ['set', (y) => y.set([cp.asarray([0, 9])], 7), 'set: index out of bounds for axis 0 with size 4 (found by the kernel)',
        'b.__setitem__(np.array([0, 9]), 7)'],
      ['set on axis 1', (y) => y.set([cp.slice(), cp.asarray([1, 5])], cp.ones([4, 2], { dtype: 'int64' })), 'set: index out of bounds for axis 1 with size 5 (found by the kernel)',
        'b.__setitem__((slice(None), np.array([1, 5])), np.ones((4, 2), dtype=np.int64))'],
      ['set with two index arrays, the second bad', (y) => y.set([cp.asarray([0, 1]), cp.asarray([2, -6])], 3), 'set: index out of bounds for axis 1 with size 5 (found by the kernel)',
        'b.__setitem__((np.array([0, 1]), np.array([2, -6])), 3)'],
      ['put', (y) => cp.put(y, cp.asarray([3, 20]), 5), 'put: index out of bounds for axis 0 with size 20 (found by the kernel)',
        'np.put(b, np.array([3, 20]), 5)'],
      ['put into a transposed view', (y) => cp.put(y.T, cp.asarray([1, -21]), 5), 'put: index out of bounds for axis 0 with size 20 (found by the kernel)',
        'np.put(b.T, np.array([1, -21]), 5)'],
      ['put_along_axis', (y) => cp.put_along_axis(y, cp.asarray([[0], [1], [7], [2]]), 0, 1), 'put_along_axis: index out of bounds for axis 1 with size 5 (found by the kernel)',
        'np.put_along_axis(b, np.array([[0], [1], [7], [2]]), 0, 1)'],
      ['add.at', (y) => cp.add.at(y, [cp.asarray([0, 0, 4])], 1), 'add.at: index out of bounds for axis 0 with size 4 (found by the kernel)',
        'np.add.at(b, np.array([0, 0, 4]), 1)'],
      ['add.at with a lazy index', (y) => cp.add.at(y, [cp.slice(), cp.arange(3).mul(3)], 1), 'add.at: index out of bounds for axis 1 with size 5 (found by the kernel)',
        'np.add.at(b, (slice(None), np.arange(3) * 3), 1)'],
    ];
    const numpyRaises = numpy(writes.map(([, , , py]) => ({ expr: `(lambda b: (${py}, b)[1])(np.arange(20).reshape(4, 5))`, inputs: {} })));
    writes.forEach(([label, write, message], w) => {
      it(`${label}: NumPy raises; the next read raises, then the target is as it was`, async () => {
        const want = numpyRaises[w];
        expect(want.ok ? '' : want.error).toMatch(/IndexError/);
        const y = cp.arange(20).reshape([4, 5]);
        const original = ints(y);
        const keep = y.mul(1); // lazy, made before the write
        write(y);
        const e = thrown(() => y.dataSync());
        expect(e.code).toBe('ERR_INDEX');
        expect(e.message).toBe(message);
        expect(ints(y)).toEqual(original);
        expect(ints(keep)).toEqual(original);
        // Async reads raise it the same way.
        write(y);
        await expect(y.toArray()).rejects.toThrow(message);
        expect(ints(y)).toEqual(original);
      });
    });

    it('the error reaches what is computed from the target after the write, once', () => {
      const y = cp.arange(5);
      const before = y.sum();
      y.set([cp.asarray([1, 7])], 0);
      const after = y.sum();
      const view = y.get('1:');
      expect(before.item()).toBe(10n);
      expect(() => after.item()).toThrow('set: index out of bounds for axis 0 with size 5 (found by the kernel)');
      expect(after.item()).toBe(10n);
      expect(ints(view)).toEqual([1, 2, 3, 4]);
      expect(ints(y)).toEqual([0, 1, 2, 3, 4]);
    });

    it('two failed writes are raised one at a time; good writes in between take effect', () => {
      const y = cp.zeros([3], { dtype: 'int32' });
      y.set([cp.asarray([5])], 1);
      y.set([cp.asarray([1])], 2);
      cp.add.at(y, [cp.asarray([-4])], 1);
      expect(() => y.dataSync()).toThrow('set: index out of bounds for axis 0 with size 3 (found by the kernel)');
      expect(() => y.dataSync()).toThrow('add.at: index out of bounds for axis 0 with size 3 (found by the kernel)');
      expect(ints(y)).toEqual([0, 2, 0]);
    });

    it('writing a bad gather\'s result poisons the target for good', () => {
      const t = cp.zeros([2], { dtype: 'int64' });
      t.set(':', cp.arange(5).get(cp.asarray([1, 9])));
      expect(() => t.dataSync()).toThrow(GET_ERROR);
      expect(() => t.dataSync()).toThrow(GET_ERROR);
    });

    it('a write renamed because lazy arrays still read its target keeps its error with the target (found by the cp.jit fuzzer, F9 and F11)', () => {
      // A lazy reader makes the write copy: by renaming (../../src/api/assign-rename.ts), the new
      // contents go into a fresh buffer that then exchanges its memory with the target's. The
      // error stayed with the fresh buffer (the snapshot), and the target read back without it.
      const t = cp.zeros([2], { dtype: 'int64' }).eval();
      const reader = t.add(1);
      t.set(':', cp.arange(5).get(cp.asarray([1, 9])));
      expect(() => t.dataSync()).toThrow(GET_ERROR);
      expect(() => t.dataSync()).toThrow(GET_ERROR);
      expect(ints(reader)).toEqual([1, 1]);
      // A scatter through a bad index into a strided view, a lazy reader of the view each time:
      // every put raises once, at the next read, and writes nothing.
      const x = cp.asarray([1, 2, 3, 4]).astype('float64').eval().get('::2');
      for (let k = 0; k < 3; k++) {
        cp.put(x, cp.asarray([5]), -0.75);
        const lazy = x.mul(2);
        expect(() => x.mul(3).dataSync()).toThrow('put: index out of bounds');
        expect(ints(lazy)).toEqual([2, 6]);
      }
      expect(ints(x)).toEqual([1, 3]);
    });

    it('reductions of unrelated arrays fused in one kernel: only the one over the written array raises (found by the cp.jit fuzzer)', () => {
      // std(i)'s second phase and mean(x) reduce to one shape, so one reduce kernel computes both
      // (three folds in two kernels). Each output took the faults of every input: the read of
      // std(i) raised x's write error (once), and mean(x), which depends on the write, read clean.
      const x = cp.ones([3, 3], { dtype: 'float64' }).eval();
      const i = cp.asarray([0, 1, 9]).eval();
      const si = cp.std(i, { axis: 0 });
      x.set(i, 2);
      const mx = cp.mean(x);
      expect(cp.explain(si, mx).kernels.map((k) => k.kind)).toEqual(['reduce', 'reduce']);
      cp.eval(si, mx);
      expect(si.item()).toBeCloseTo(Math.sqrt(438 / 27), 12);
      expect(() => mx.item()).toThrow('index out of bounds');
      expect(mx.item()).toBe(1);
    });

    it('in-range device indices write as before, duplicates included', () => {
      const y = cp.zeros([4], { dtype: 'int32' });
      cp.add.at(y, [cp.asarray([0, 3, 3, -1])], 2);
      y.set([cp.asarray([1])], 9);
      expect(ints(y)).toEqual([2, 9, 0, 6]);
    });
  });
}

describe('kernel-found index errors on the CPU backend', () => faultSuite('cpu'));
describe.skipIf(!HAS_CUDA_DEVICE)('kernel-found index errors on CUDA', () => faultSuite('cuda'));
