// Issue 14: dispose() on a never-computed lazy array left it readable, and a use after dispose
// said "CpuBuffer: used after dispose()" without naming the array or the op. The rule now: after
// dispose() any use of the array (a read, an op, a view, a write, eval) throws a CupytsError with
// code ERR_DISPOSED naming the op; its shape and dtype stay readable; arrays made from it before
// (lazy ones, and views, as NumPy views keep their base's memory) stay valid. Its memory is freed
// at once where nothing else may use it. One body runs on the CPU backend and, where there is a
// device, on CUDA.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import type { Storage } from '../../src/api/runners.js';
import { currentBackend, setBackendNotice, useBackend, type BackendKind } from '../../src/runtime/backend.js';
import { HAS_CUDA_DEVICE } from '../helpers/cuda.js';
import { compareArrays, numpy, type HostArray } from '../helpers/numpy-oracle.js';
import { toHost } from '../helpers/arrays.js';

setBackendNotice(() => {});

/** The error `f` throws (sync or async), which must be ERR_DISPOSED naming `op`. */
async function expectDisposed(op: string, f: () => unknown): Promise<void> {
  let error: unknown;
  try {
    await f();
  } catch (e) {
    error = e;
  }
  expect(error, `${op}: expected an error`).toBeInstanceOf(cp.CupytsError);
  expect((error as cp.CupytsError).code, op).toBe('ERR_DISPOSED');
  expect((error as Error).message, op).toMatch(new RegExp(`^${op.replace('.', '\\.')}: expected an array that is not disposed, got a disposed array \\(float32, shape \\(2, 3\\)\\)`));
}

const storageOf = (a: cp.NDArray) => a.node.realized!.storage as Storage;

function disposeSuite(backend: BackendKind): void {
  let before: BackendKind;
  beforeAll(() => {
    before = currentBackend();
    useBackend(backend);
  });
  afterAll(() => useBackend(before));

  /** A disposed float32 array of shape (2, 3), lazy or computed. */
  const disposed = (computed: boolean) => {
    const a = cp.arange(6).reshape([2, 3]).astype('float32').mul(2);
    if (computed) a.eval();
    a.dispose();
    return a;
  };

  for (const computed of [false, true]) {
    const kind = computed ? 'computed' : 'never computed';
    it(`every read of a disposed ${kind} array throws, naming the read`, async () => {
      const a = disposed(computed);
      await expectDisposed('toString', () => a.toString());
      await expectDisposed('repr', () => a.repr());
      await expectDisposed('dataSync', () => a.dataSync());
      await expectDisposed('toArraySync', () => a.toArraySync());
      await expectDisposed('item', () => a.item());
      await expectDisposed('data', () => a.data());
      await expectDisposed('toArray', () => a.toArray());
      await expectDisposed('eval', () => a.eval());
      await expectDisposed('eval', () => cp.eval(cp.ones([1]), a));
      await expectDisposed('explain', () => cp.explain(a));
    });

    it(`every op, view and write given a disposed ${kind} array throws, naming the op`, async () => {
      const a = disposed(computed);
      const ok = cp.ones([2, 3], { dtype: 'float32' });
      const uses: Array<[string, () => unknown]> = [
        ['add', () => a.add(1)], ['add', () => cp.add(ok, a)], ['multiply', () => ok.mul(a)], ['sin', () => cp.sin(a)],
        ['sum', () => a.sum()], ['max', () => cp.max(a, { axis: 0 })], ['argmax', () => a.argmax()], ['cumsum', () => cp.cumsum(a)],
        ['mean', () => cp.mean(a)], ['astype', () => a.astype('int32')], ['asarray', () => cp.asarray(a)],
        ['reshape', () => a.reshape([3, 2])], ['reshape', () => cp.reshape(a, [2, 3])], ['transpose', () => a.T],
        ['ravel', () => a.ravel()], ['squeeze', () => a.squeeze()], ['expand_dims', () => cp.expand_dims(a, 0)],
        ['flip', () => cp.flip(a)], ['diagonal', () => a.diagonal()], ['broadcast_to', () => cp.broadcast_to(a, [4, 2, 3])],
        ['get', () => a.get('0')], ['get', () => a.get([[0, 1]])], ['get', () => ok.get(a)],
        ['set', () => a.set('0', 1)], ['set', () => a.set([[0]], 1)], ['set', () => ok.set(':', a)],
        ['take', () => cp.take(a, [0])], ['take_along_axis', () => cp.take_along_axis(a, [[0], [1]], 1)],
        ['put', () => cp.put(a, [0], 1)], ['put_along_axis', () => cp.put_along_axis(a, [[0], [1]], 1, 1)],
        ['add.at', () => cp.add.at(a, [[0]], 1)], ['where', () => cp.where(ok.gt(0), a, 0)], ['nonzero', () => cp.nonzero(a)],
        ['concatenate', () => cp.concatenate([ok, a])], ['stack', () => cp.stack([ok, a])], ['matmul', () => cp.matmul(a, ok.T)],
        ['einsum', () => cp.einsum('ij->ji', a)], ['pad', () => cp.pad(a, 1)], ['tile', () => cp.tile(a, 2)],
      ];
      for (const [op, use] of uses) await expectDisposed(op, use);
    });
  }

  it('shape, dtype and the disposed flag stay readable; disposing twice does nothing', async () => {
    const a = disposed(true);
    expect([a.shape, a.dtype.name, a.ndim, a.size, a.nbytes, a.disposed]).toEqual([[2, 3], 'float32', 2, 6, 24, true]);
    a.dispose();
    // zeros_like reads only the shape and dtype, but it is a use like any other (one rule)
    await expectDisposed('zeros_like', () => cp.zeros_like(a));
  });

  describe('arrays made from it before stay valid', () => {
    const x = { dtype: 'float32' as const, shape: [2, 3], data: Float32Array.from([0, 2, 4, 6, 8, 10]) };
    const cases: Array<[string, string, (a: cp.NDArray) => cp.NDArray]> = [
      ['a lazy array of a lazy one', 'np.sin(x + 1)', (a) => a.add(1).sin()],
      ['a reduction', 'x.sum(axis=0)', (a) => a.sum({ axis: 0 })],
      ['a view', 'x.T', (a) => a.T],
      ['a view of a view', 'x.T[::-1]', (a) => a.T.get('::-1')],
      ['a gather', 'x[[1, 0, 1]]', (a) => a.get([[1, 0, 1]])],
    ];
    const want = numpy(cases.map(([, py]) => ({ expr: py, inputs: { x } })));
    cases.forEach(([label, , make], k) => {
      for (const computed of [false, true]) {
        it(`${label}, made from a ${computed ? 'computed' : 'lazy'} array before its dispose()`, () => {
          const a = cp.arange(6).astype('float32').mul(2).reshape([2, 3]);
          if (computed) a.eval();
          const b = make(a);
          a.dispose();
          const w = want[k];
          if (!w.ok) throw new Error(w.error);
          const cmp = compareArrays(toHost(b), w.value as HostArray);
          expect(cmp.ok ? '' : cmp.message).toBe('');
        });
      }
    });
  });

  describe('memory', () => {
    it('a computed array nothing else uses is freed at once', () => {
      const a = cp.arange(1000).astype('float32').eval();
      const s = storageOf(a);
      a.dispose();
      expect(s.disposed).toBe(true);
    });

    it('a computed array whose lazy readers were computed since is freed at once', () => {
      const a = cp.arange(1000).astype('float32').eval();
      const b = a.mul(2).eval();
      const s = storageOf(a);
      a.dispose();
      expect(s.disposed).toBe(true);
      expect(b.get(3).item()).toBe(6);
    });

    it('a lazy reader keeps the memory it needs', () => {
      const a = cp.arange(10).astype('float32').eval();
      const b = a.mul(2);
      const s = storageOf(a);
      a.dispose();
      expect(s.disposed).toBe(false);
      expect(b.get(9).item()).toBe(18);
    });

    it('a fused intermediate, once disposed, no longer holds the data it read (either order)', () => {
      for (const baseFirst of [true, false]) {
        const a = cp.arange(1000).astype('float32').eval();
        const s = storageOf(a);
        const t = a.add(1); // read by b's kernel, never computed itself
        const u = t.mul(2);
        const b = cp.sqrt(u).eval();
        const disposals = baseFirst ? [a, t, u] : [u, t, a];
        disposals.forEach((x, i) => {
          x.dispose();
          expect(s.disposed, `after ${i + 1} of ${baseFirst ? 'a, t, u' : 'u, t, a'}`).toBe(i === 2);
        });
        expect(b.get(3).item()).toBeCloseTo(Math.sqrt(8), 5);
        b.dispose();
      }
    });

    it('a disposed intermediate that a lazy array still reads keeps what that array needs', () => {
      const a = cp.arange(10).astype('float32').eval();
      const s = storageOf(a);
      const t = a.add(1);
      const later = t.mul(3); // lazy: will compute t
      cp.sqrt(t).eval();
      t.dispose();
      a.dispose();
      expect(s.disposed).toBe(false);
      expect(later.get(9).item()).toBe(30);
      later.dispose();
    });

    it('a view computed from a lazy array stays writable after that array and its data are disposed', () => {
      const a = cp.arange(6).astype('float32').eval();
      const s = storageOf(a);
      const t = a.add(1);
      const v = t.get('::2').eval(); // its own buffer: t was never computed
      t.dispose();
      a.dispose();
      expect(s.disposed).toBe(true);
      v.set(0, 9);
      expect(Array.from(v.dataSync() as Float32Array)).toEqual([9, 3, 5]);
    });

    it('views keep their base memory; the last of base and views to be disposed frees it', () => {
      const a = cp.arange(10).astype('float32').eval();
      const s = storageOf(a);
      const v = a.get('::2');
      const w = a.reshape([2, 5]);
      a.dispose();
      expect(s.disposed).toBe(false);
      expect(Array.from(v.dataSync() as Float32Array)).toEqual([0, 2, 4, 6, 8]);
      v.set(':', 7); // a view still writes into the memory it shares
      expect(Array.from(w.dataSync() as Float32Array)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((x) => (x % 2 === 0 ? 7 : x)));
      v.dispose();
      expect(s.disposed).toBe(false);
      w.dispose();
      expect(s.disposed).toBe(true);
    });

    // Found by session 30's writes fuzzer: the view's read was counted in the copy-on-write epoch
    // that the write ended, so dispose() freed the buffer the view was to alias (ERR_INTERNAL).
    it('a lazy view of a lazy array keeps the base memory through a write and the base\'s dispose()', () => {
      for (const depth of [1, 2]) {
        const t = cp.arange(6).astype('float32').add(1); // lazy
        const w = depth === 1 ? t.get('0:2') : t.get('0:4').get('::2'); // lazy views of lazy t
        t.set('...', 5); // computes t, then writes it: w, a view, sees the write (NumPy)
        const s = storageOf(t);
        t.dispose();
        expect(s.disposed, `depth ${depth}`).toBe(false);
        expect(Array.from(w.dataSync() as Float32Array), `depth ${depth}`).toEqual([5, 5]);
        w.dispose();
        // depth 2: the middle view, never computed and not disposed, still counts (an upper
        // bound, as for any lazy array dropped without dispose()): the collector frees the memory
        if (depth === 1) expect(s.disposed, 'the view was the last user').toBe(true);
      }
    });

    it('disposing a view leaves its base alone', () => {
      const a = cp.arange(4).astype('float32').eval();
      const v = a.get('1:');
      v.dispose();
      expect(storageOf(a).disposed).toBe(false);
      expect(Array.from(a.dataSync() as Float32Array)).toEqual([0, 1, 2, 3]);
      expect(() => v.toString()).toThrow(/^toString: expected an array that is not disposed/);
    });

    it('`using` disposes at the end of the block', () => {
      let s: Storage;
      {
        using a = cp.arange(8).astype('float32').eval();
        s = storageOf(a);
      }
      expect(s.disposed).toBe(true);
    });
  });
}

describe('dispose on the CPU backend', () => disposeSuite('cpu'));
describe.skipIf(!HAS_CUDA_DEVICE)('dispose on CUDA', () => disposeSuite('cuda'));
