// cp.jit (src/api/jit.ts): a traced function replays its launch list. Every result is compared
// bitwise with the same function run eagerly (the plain path is the oracle), over dtypes, shapes,
// views and structures; plus the signature cache, the cuts that make a signature run fn each
// call, writes between calls, memory across replays and the errors.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { peakArrayBufferGrowth } from '../helpers/memory.js';

type Fn = (...args: any[]) => unknown;

/** The arrays of a result structure, in order. */
function leaves(x: unknown): cp.NDArray[] {
  if (x instanceof cp.NDArray) return [x];
  if (Array.isArray(x)) return x.flatMap(leaves);
  if (x && typeof x === 'object') return Object.values(x).flatMap(leaves);
  return [];
}

const bytesOf = (a: cp.NDArray) => {
  const t = a.toTypedArray() as ArrayBufferView;
  return { dtype: a.dtype.name, shape: a.shape, bytes: Buffer.from(t.buffer, t.byteOffset, t.byteLength).toString('hex') };
};

/** fn jitted against fn run eagerly, on each argument list in turn (the later ones replay). */
function expectSameAsEager(fn: Fn, argLists: unknown[][]): ReturnType<typeof cp.jit> {
  const f = cp.jit(fn);
  for (const args of argLists) {
    const want = fn(...args);
    const got = f(...args);
    expect(leaves(got).map(bytesOf)).toEqual(leaves(want).map(bytesOf));
    expect(JSON.stringify(got, (_, v) => (v instanceof cp.NDArray ? 'A' : v))).toEqual(JSON.stringify(want, (_, v) => (v instanceof cp.NDArray ? 'A' : v)));
  }
  return f;
}

const seq = (shape: number[], dtype: string, phase = 0) => {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: n }, (_, i) => (dtype === 'bool' ? (i + phase) % 3 === 0 : Math.round(Math.sin(i * 1.7 + phase) * 50) / 4));
  return cp.asarray(values).astype(dtype as 'float32').reshape(shape);
};

describe('cp.jit: results equal eager results', () => {
  const DTYPES = ['float32', 'float64', 'int32', 'int64', 'uint8', 'float16', 'complex64', 'bool'];
  for (const dtype of DTYPES) {
    it(`elementwise chain, ${dtype}`, () => {
      const fn = (x: cp.NDArray, y: cp.NDArray) => (dtype === 'bool' ? cp.logical_xor(x, y) : x.mul(y).add(x).sub(y));
      expectSameAsEager(fn, [[seq([7], dtype), seq([7], dtype, 1)], [seq([7], dtype, 2), seq([7], dtype, 3)], [seq([7], dtype, 4), seq([7], dtype, 5)]]);
    });
  }

  for (const shape of [[], [0], [1], [5, 3], [2, 3, 4]]) {
    it(`reductions and a softmax over shape [${shape}]`, () => {
      const fn = (x: cp.NDArray) => {
        const axis = x.ndim > 0 ? -1 : null;
        const e = cp.exp(x.sub(cp.max(x, { axis, keepdims: true })));
        return { sum: cp.sum(x), mean: cp.mean(x, axis), softmax: e.div(cp.sum(e, { axis, keepdims: true })) };
      };
      if (shape.includes(0)) {
        expectSameAsEager((x: cp.NDArray) => [cp.sum(x), x.mul(2)], [[seq(shape, 'float32')], [seq(shape, 'float32', 1)]]);
        return;
      }
      expectSameAsEager(fn, [[seq(shape, 'float32')], [seq(shape, 'float32', 1)], [seq(shape, 'float32', 2)]]);
    });
  }

  it('views, non-contiguous arguments, scans and sorts', () => {
    const m = () => seq([4, 6], 'float64');
    const fn = (x: cp.NDArray) => [x.T.mul(2), x.get('::2, 1::2').add(1), cp.cumsum(x, 1), cp.sort(x, 0), x.reshape(-1).get('::-1')];
    expectSameAsEager(fn, [[m()], [m().mul(3)], [m().T.copy().T]]);
    // a transposed argument has another layout: a signature of its own
    const f = expectSameAsEager(fn, [[seq([6, 4], 'float64').T], [seq([6, 4], 'float64', 1).T]]);
    expect(f.signatures).toBe(1);
  });

  it('joins and rearrangements (concatenate, stack, pad, roll, insert) replay: each call gets a fresh result buffer', () => {
    const fn = (x: cp.NDArray, y: cp.NDArray) => [
      cp.concatenate([x, y.mul(2)], 1), cp.stack([x, y], 0), cp.vstack([x, x.T.T]), cp.pad(x, [[1, 0], [0, 2]], 'edge'),
      cp.roll(x, 2, 1), cp.insert(x, 1, y.get(':, 0'), 1),
    ];
    const a = (k: number) => seq([3, 4], 'float32', k);
    // delete of several positions reads its index list back (a cut): fn runs each call
    expectSameAsEager((x: cp.NDArray) => cp.delete(x, [0, 2], 1), [[a(0)], [a(1)]]);
    const f = expectSameAsEager(fn, [[a(0), a(1)], [a(2), a(3)], [a(4).T.copy().T, a(5)]]);
    expect(f.explain(a(6), a(7)).mode).toBe('replay');
    // results of one call are not overwritten by the next
    const first = f(a(8), a(9)) as cp.NDArray[];
    const kept = first.map(bytesOf);
    f(a(10), a(11));
    expect(first.map(bytesOf)).toEqual(kept);
  });

  it('host data fn uploads (take_along_axis positions, index lists) is read again at each replay', () => {
    const m = (phase: number) => seq([5, 4], 'float32', phase);
    const picks = (phase: number) => cp.asarray(BigInt64Array.from([0, 3, 1, 2, 3], (v) => BigInt((v + phase) % 4)));
    const fn = (x: cp.NDArray, i: cp.NDArray) => [
      cp.take_along_axis(x, i.get(':, None'), 1),
      cp.mean(cp.take_along_axis(cp.exp(x), i.get(':, None'), 1)),
      x.get([[0, 2, 4], [1, 1, 3]]).mul(2),
    ];
    const f = expectSameAsEager(fn, [[m(0), picks(0)], [m(1), picks(1)], [m(2), picks(2)], [m(3), picks(0)]]);
    expect(f.explain(m(0), picks(0)).mode).toBe('replay');
  });

  it('returns the structure fn returns; an argument returned is the same array', () => {
    const x = seq([3], 'float32');
    const f = cp.jit((a: cp.NDArray, opts: { scale: number }) => ({ a, list: [a.mul(opts.scale), [cp.sqrt(cp.abs(a))]] }));
    for (const arg of [x, seq([3], 'float32', 1)]) {
      const r = f(arg, { scale: 2 }) as { a: cp.NDArray; list: [cp.NDArray, [cp.NDArray]] };
      expect(r.a).toBe(arg);
      expect(bytesOf(r.list[0])).toEqual(bytesOf(arg.mul(2)));
      expect(bytesOf(r.list[1][0])).toEqual(bytesOf(cp.sqrt(cp.abs(arg))));
    }
  });

  it('closure arrays are constants read at each call; writes to arguments between calls are seen', () => {
    const w = seq([4], 'float32', 9);
    const f = cp.jit((x: cp.NDArray) => x.mul(w).add(1));
    const x = seq([4], 'float32');
    expect(bytesOf(f(x) as cp.NDArray)).toEqual(bytesOf(x.mul(w).add(1)));
    x.set(0, 100);
    w.set(1, -3);
    expect(bytesOf(f(x) as cp.NDArray)).toEqual(bytesOf(x.mul(w).add(1)));
  });

  it('writes inside fn into an argument happen at each call', () => {
    const f = cp.jit((x: cp.NDArray) => { x.set('0:2', x.get('0:2').mul(2)); return x.add(1); });
    const x = seq([4], 'float32');
    const want = seq([4], 'float32');
    for (let k = 0; k < 3; k++) {
      want.set('0:2', want.get('0:2').mul(2));
      expect(bytesOf(f(x) as cp.NDArray)).toEqual(bytesOf(want.add(1)));
      expect(bytesOf(x)).toEqual(bytesOf(want));
    }
  });

  it('every call inside cp.tidy (the trace too): what tidy disposes after a call is not read at the next', () => {
    // The trace ran inside a tidy scope, which disposed the arrays made there (a matmul's
    // contiguous operands, views, intermediates); a replay must read only what the program holds.
    const fn = (x: cp.NDArray, w: cp.NDArray, i: cp.NDArray) => {
      const h = cp.maximum(cp.matmul(x, w).add(1), 0);
      const t = cp.matmul(h.T.copy().T, w.get(':3, :'));
      return [t, cp.take_along_axis(h, i.get(':, None'), 1), cp.sum(cp.exp(h.sub(cp.max(h, 1, { keepdims: true }))), 1)];
    };
    const f = cp.jit(fn);
    const picks = (phase: number) => cp.asarray(BigInt64Array.from([0, 2, 1, 2, 0], (v) => BigInt((v + phase) % 3)));
    for (let k = 0; k < 4; k++) {
      const [x, w, i] = [seq([5, 3], 'float32', k), seq([3, 3], 'float32', k + 7), picks(k)];
      const want = fn(x, w, i).map(bytesOf);
      const got = cp.tidy(() => f(x, w, i) as cp.NDArray[]);
      expect(got.map(bytesOf)).toEqual(want);
    }
    expect(f.signatures).toBe(1);
  });

  it('host data fn uploads and then disposes inside the trace (cp.tidy around a computed array, or dispose()) is still read at each replay', () => {
    // The gallery's k-means under cp.jit: arange(k) made inside fn's cp.tidy, read by a one-hot
    // computed at the call (matmul), then disposed by tidy before the trace ended. The first
    // replay read the freed buffer (ERR_DISPOSED).
    const viaTidy = (x: cp.NDArray) => cp.tidy(() => {
      const onehot = x.get(':, None').equal(cp.arange(4)).astype('float32');
      return cp.matmul(onehot.T, onehot).sum(0);
    });
    const viaDispose = (x: cp.NDArray) => {
      const a = cp.arange(4);
      const y = x.add(a);
      cp.eval(y);
      a.dispose();
      return y.mul(2);
    };
    const labels = (phase: number) => cp.asarray([0, 3, 1, 2, 3, 1].map((v) => (v + phase) % 4)).astype('float32');
    expectSameAsEager(viaTidy, [[labels(0)], [labels(1)], [labels(2)]]);
    const f = expectSameAsEager(viaDispose, [[seq([4], 'float32', 0)], [seq([4], 'float32', 1)], [seq([4], 'float32', 2)]]);
    expect(f.explain(seq([4], 'float32', 3)).mode).toBe('replay');
  });

  it('a closure array fn returns is that array at every call, also where the trace was called with it as the argument (jit fuzzer F1)', () => {
    const c = cp.asarray([1, 2, 3], 'float64').eval();
    const fn = (x: cp.NDArray) => [x.mul(2), c];
    const f = cp.jit(fn);
    const first = f(c) as cp.NDArray[];
    expect(first.map((a) => a.toArraySync())).toEqual([[2, 4, 6], [1, 2, 3]]);
    const x = cp.asarray([10, 20, 30], 'float64').eval();
    expect((f(x) as cp.NDArray[]).map((a) => a.toArraySync())).toEqual([[20, 40, 60], [1, 2, 3]]);
  });

  it('a lazy closure array that fn writes into its argument is computed first: writes to it between calls are seen (jit fuzzer F3)', () => {
    const c = cp.asarray([1, 1, 1], 'float32').mul(1);
    const f = cp.jit((x: cp.NDArray) => { x.set('...', c); return x.mul(1); });
    expect((f(cp.zeros([3], 'float32')) as cp.NDArray).toArraySync()).toEqual([1, 1, 1]);
    c.set('...', 7);
    expect((f(cp.zeros([3], 'float32')) as cp.NDArray).toArraySync()).toEqual([7, 7, 7]);
    expect(f.explain(cp.zeros([3], 'float32')).mode).toBe('replay');
  });

  it('fn disposing its argument: every call returns its value and disposes the caller\'s array, as eagerly (jit fuzzer F4)', () => {
    // The trace read its disposed stand-ins' nodes to build the launch list: every call threw ERR_DISPOSED.
    const fn = (x: cp.NDArray) => { const y = x.mul(2); cp.eval(y); x.dispose(); return y; };
    const f = cp.jit(fn);
    const args = [0, 1, 2].map((k) => cp.full([3], k, 'float32').eval());
    expect(args.map((a) => (f(a) as cp.NDArray).toArraySync())).toEqual([[0, 0, 0], [2, 2, 2], [4, 4, 4]]);
    expect(args.map((a) => a.disposed)).toEqual([true, true, true]);
    expect(f.signatures).toBe(1);
  });

  it('results of earlier calls keep their values', () => {
    const f = cp.jit((x: cp.NDArray) => x.mul(2));
    const r1 = f(seq([5], 'float32')) as cp.NDArray;
    const r2 = f(seq([5], 'float32', 1)) as cp.NDArray;
    expect(bytesOf(r1)).toEqual(bytesOf(seq([5], 'float32').mul(2)));
    expect(bytesOf(r2)).toEqual(bytesOf(seq([5], 'float32', 1).mul(2)));
  });
});

describe('cp.jit: signatures', () => {
  it('a new shape, dtype, layout or scalar value traces again; the same one replays', () => {
    let traces = 0;
    const f = cp.jit((x: cp.NDArray, s: number) => { traces++; return x.mul(s); });
    f(seq([3], 'float32'), 2);
    f(seq([3], 'float32', 1), 2);
    expect([traces, f.signatures]).toEqual([1, 1]);
    f(seq([4], 'float32'), 2);
    f(seq([3], 'float64'), 2);
    f(seq([3], 'float32'), 3);
    f(seq([6], 'float32').get('::2'), 2);
    expect([traces, f.signatures]).toEqual([5, 5]);
    expect(bytesOf(f(seq([3], 'float32', 2), 3) as cp.NDArray)).toEqual(bytesOf(seq([3], 'float32', 2).mul(3)));
    expect(traces).toBe(5);
  });

  it('keeps at most maxSignatures, dropping the least recently used', () => {
    let traces = 0;
    const f = cp.jit((x: cp.NDArray) => { traces++; return x.add(1); }, { maxSignatures: 2 });
    const a = seq([1], 'float32'), b = seq([2], 'float32'), c = seq([3], 'float32');
    f(a); f(b); f(a); f(c); // c evicts b (a was used after b)
    expect([traces, f.signatures]).toEqual([3, 2]);
    f(a);
    expect(traces).toBe(3);
    f(b);
    expect(traces).toBe(4);
  });

  it('a lazy argument is computed first', () => {
    const f = cp.jit((x: cp.NDArray) => x.mul(2));
    const x = seq([3], 'float32').add(1);
    expect(bytesOf(f(x) as cp.NDArray)).toEqual(bytesOf(seq([3], 'float32').add(1).mul(2)));
  });
});

describe('cp.jit: views of arrays from outside fn', () => {
  it('views fn makes of a closure array (read by kernels, a GEMM and an FFT) are constants: the signature replays, writes between calls are seen', () => {
    const c = seq([4, 6], 'float64', 9).eval();
    let runs = 0;
    const fn = (x: cp.NDArray) => {
      runs++;
      return [c.get('1:, ::2').mul(x), cp.matmul(x, c.T.get('1:4').T.get(':3')), cp.abs(cp.fft.fft(c.get('0').get('::-1'))).add(cp.sum(x))];
    };
    const f = expectSameAsEager(fn, [[seq([3, 3], 'float64')], [seq([3, 3], 'float64', 1)]]);
    expect(runs).toBe(3); // eager twice, the trace once: the second call replayed
    c.set('1:3', 7);
    const x = seq([3, 3], 'float64', 2);
    expect((f(x) as cp.NDArray[]).map(bytesOf)).toEqual((fn(x) as cp.NDArray[]).map(bytesOf));
    expect(runs).toBe(4);
    expect(f.explain(x).mode).toBe('replay');
  });

  it('a write fn makes through a view of a closure array happens at each call, as eager', () => {
    const make = (acc: cp.NDArray) => (x: cp.NDArray) => { const v = acc.get('1:3'); v.set(':', v.add(x)); return acc.mul(1); };
    const calls = (f: (x: cp.NDArray) => unknown) => [0, 1, 2].map((k) => bytesOf(f(seq([2], 'float64', k)) as cp.NDArray));
    const jitted = cp.jit(make(cp.zeros([4], 'float64').eval()));
    expect(calls(jitted)).toEqual(calls(make(cp.zeros([4], 'float64').eval())));
    // (Cut, not replayed: the write's copy-on-write snapshot reads the array through a node of its own.)
  });

  it('a closure array passed as the argument of the trace: a write through a view of the closure array still lands in it at later calls', () => {
    const run = (jitted: boolean) => {
      const acc = cp.asarray([1, 2, 3, 4]).astype('float64').eval();
      const fn = (y: cp.NDArray) => { acc.get('0:2').set(':', y.get('1:3')); return [acc.mul(1), y.mul(1)]; };
      const f = jitted ? cp.jit(fn) : fn;
      const seen = [acc, ...[1, 2].map((k) => seq([4], 'float64', k).eval())].flatMap((y) => (f(y) as cp.NDArray[]).map(bytesOf));
      return [...seen, bytesOf(acc)];
    };
    expect(run(true)).toEqual(run(false));
  });

  it('a lazy reader of a closure array made before the first call keeps its values when fn writes through a view of the array', () => {
    const run = (jitted: boolean) => {
      const acc = cp.asarray([1, 2, 3, 4]).astype('float64').eval();
      const fn = (x: cp.NDArray) => { const b = acc.mul(2); acc.get('1:3').set(':', x); return [b, acc.mul(1)]; };
      const f = jitted ? cp.jit(fn) : fn;
      const before = acc.mul(3);
      const out = [0, 1, 2].flatMap((k) => (f(seq([2], 'float64', k)) as cp.NDArray[]).map(bytesOf));
      return [bytesOf(before), ...out];
    };
    expect(run(true)).toEqual(run(false));
  });
});

describe('cp.jit: segments', () => {
  it('a host readback cuts the trace: that signature runs fn each call, with the right values', () => {
    let calls = 0;
    const fn = (x: cp.NDArray) => { calls++; const s = cp.sum(x).item() as number; return x.mul(s); };
    const f = expectSameAsEager(fn, [[seq([4], 'float32')], [seq([4], 'float32', 1)]]);
    expect(calls).toBe(4);
    const e = f.explain(seq([4], 'float32'));
    expect(e.mode).toBe('call');
    expect(e.segments.length).toBe(2);
    expect(e.segments[0].cut).toContain('readback (item)');
    expect(e.segments[0].kernels.length).toBe(1);
    expect(e.segments[1].kernels.length).toBe(1);
  });

  it('random draws cut the trace (the generator advances each call, as without jit)', () => {
    const fn = (x: cp.NDArray) => x.add(cp.random.default_rng(5).random(x.shape, { dtype: 'float32' }));
    const f = expectSameAsEager(fn, [[seq([4], 'float32')], [seq([4], 'float32')]]);
    expect(f.explain(seq([4], 'float32')).segments[0].cut).toContain('random');
  });

  it('a library call that runs at the call (linalg) cuts the trace', () => {
    const fn = (x: cp.NDArray) => cp.linalg.inv(x.add(cp.eye(3).mul(40))).add(1);
    const f = expectSameAsEager(fn, [[seq([3, 3], 'float64')], [seq([3, 3], 'float64', 1)]]);
    const e = f.explain(seq([3, 3], 'float64'));
    expect(e.mode).toBe('call');
    expect(e.segments.some((s) => /linalg: a solver runs at the call/.test(s.cut ?? ''))).toBe(true);
  });

  it('an ElementwiseKernel with raw parameters (it runs at the call, over a copy a kernel made) cuts the trace', () => {
    const reverse = cp.ElementwiseKernel('raw T x', 'T y', 'y = x[x.size() - 1 - i]', 'jit_reverse_raw', { js: 'y = x[x.size() - 1 - i]' });
    const scatter = cp.ElementwiseKernel('T x', 'raw T y', 'y[_ind.size() - 1 - i] = x', 'jit_scatter_reverse', { js: 'y[_ind.size() - 1 - i] = x' });
    const fn = (x: cp.NDArray) => [reverse(x.mul(2), { size: x.size }).add(1), (scatter(x.add(1), cp.zeros(x.size, { dtype: x.dtype })) as cp.NDArray).mul(3)];
    const f = expectSameAsEager(fn, [[seq([6], 'float64')], [seq([6], 'float64', 1)], [seq([6], 'float64', 2)]]);
    expect(f.explain(seq([6], 'float64')).segments.some((s) => /ElementwiseKernel/.test(s.cut ?? ''))).toBe(true);
  });

  it('toTypedArray inside fn (on the CPU a view of the array\'s memory: a readback, and writes through it) cuts the trace', () => {
    const read = (x: cp.NDArray) => x.mul((x.toTypedArray() as Float64Array)[0]);
    const write = (x: cp.NDArray) => { const y = x.add(1).eval(); (y.toTypedArray() as Float64Array)[0] = 7; return y.mul(2); };
    for (const fn of [read, write]) {
      const f = expectSameAsEager(fn, [[seq([6], 'float64')], [seq([6], 'float64', 1)], [seq([6], 'float64', 2)]]);
      expect(f.explain(seq([6], 'float64')).segments[0].cut).toContain('readback (toTypedArray)');
    }
  });

  it('save, savez and tofile inside fn (they read the array back at the call) cut the trace: each call writes its files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cupyts-jit-'));
    try {
      const [npy, npz, raw] = ['a.npy', 'b.npz', 'c.bin'].map((name) => path.join(dir, name));
      const f = cp.jit((x: cp.NDArray) => { cp.save(npy, x.mul(2)); cp.savez(npz, { y: x.sub(1) }); x.add(3).tofile(raw); return x.add(1); });
      for (const phase of [0, 1, 2]) {
        const x = seq([6], 'float64', phase);
        expect(bytesOf(f(x) as cp.NDArray)).toEqual(bytesOf(x.add(1)));
        expect(bytesOf(cp.load(npy) as cp.NDArray)).toEqual(bytesOf(x.mul(2)));
        expect(bytesOf((cp.load(npz) as cp.NpzFile).get('y')!)).toEqual(bytesOf(x.sub(1)));
        expect(bytesOf(cp.fromfile(raw))).toEqual(bytesOf(x.add(3)));
      }
      expect(f.explain(seq([6], 'float64')).segments[0].cut).toContain('readback (save)');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an async readback inside fn (data(), toArray()) cuts the trace before its await: each call reads its own values', async () => {
    // Per call, its two reads (they may settle in either order, and after the next call on a device).
    const sums: unknown[] = [];
    const tripled: unknown[] = [];
    const pending: Promise<unknown>[] = [];
    let call = 0;
    const fn = (x: cp.NDArray) => {
      const k = call++;
      pending.push(cp.sum(x).data().then((d) => { sums[k] = d[0]; }));
      pending.push(x.mul(3).toArray().then((v) => { tripled[k] = v; }));
      return x.mul(2);
    };
    const f = cp.jit(fn);
    const want: { sums: unknown[]; tripled: unknown[] } = { sums: [], tripled: [] };
    for (const phase of [0, 1, 2]) {
      const x = seq([6], 'float64', phase);
      expect(bytesOf(f(x) as cp.NDArray)).toEqual(bytesOf(x.mul(2)));
      want.sums.push(cp.sum(x).item());
      want.tripled.push(x.mul(3).toArraySync());
    }
    await Promise.all(pending);
    expect(call).toBe(3); // a cut signature runs fn each call
    expect({ sums, tripled }).toEqual(want);
    expect(f.explain(seq([6], 'float64')).mode).toBe('call');
  });

  it('load and fromfile of a path inside fn (they read the file at the call) cut the trace: each call reads the file as it is then', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cupyts-jit-'));
    try {
      const [npy, raw] = ['w.npy', 'w.bin'].map((name) => path.join(dir, name));
      const fn = (x: cp.NDArray) => [x.add(cp.load(npy) as cp.NDArray), x.mul(cp.fromfile(raw))];
      const f = cp.jit(fn);
      for (const phase of [0, 1, 2]) {
        // The files change between calls (a checkpoint written anew): every call reads them again.
        cp.save(npy, seq([6], 'float64', phase + 5));
        seq([6], 'float64', phase + 7).tofile(raw);
        const x = seq([6], 'float64', phase);
        expect(leaves(f(x)).map(bytesOf)).toEqual(leaves(fn(x)).map(bytesOf));
      }
      const cuts = f.explain(seq([6], 'float64')).segments.map((s) => s.cut ?? '');
      expect(cuts.some((c) => /^load: /.test(c))).toBe(true);
      expect(cuts.some((c) => /^fromfile: /.test(c))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a cuda.nccl.groupEnd inside fn that runs calls made before fn (it runs them at the call) cuts the trace', () => {
    const { NcclCommunicator, groupStart, groupEnd } = cp.cuda.nccl;
    const [comm] = NcclCommunicator.initAll([0]);
    try {
      const f = cp.jit((x: cp.NDArray, all: cp.NDArray) => { groupEnd(); return all.add(x); });
      for (const phase of [0, 1, 2]) {
        const x = seq([6], 'float64', phase);
        groupStart();
        const all = comm.allReduce(x);
        expect(bytesOf(f(x, all) as cp.NDArray)).toEqual(bytesOf(x.add(x)));
      }
      expect(f.explain(seq([6], 'float64'), seq([6], 'float64')).mode).toBe('call');
    } finally {
      comm.destroy();
    }
  });

  it('explain of a replayed signature lists its kernels in one segment', () => {
    const f = cp.jit((x: cp.NDArray) => [cp.sum(x, 0), cp.cumsum(x, 1).mul(2)]);
    const e = f.explain(seq([3, 4], 'float32'));
    expect(e.mode).toBe('replay');
    expect(e.launches).toBe('kernels'); // the CPU backend; on a device, a scan is no graph node either
    expect(e.segments).toHaveLength(1);
    expect(e.segments[0].cut).toBeUndefined();
    expect(e.segments[0].kernels.length).toBeGreaterThanOrEqual(2);
  });
});

describe('cp.jit: memory', () => {
  it('a loop of replays keeps memory flat (results disposed)', () => {
    const growth = peakArrayBufferGrowth(3000, () => {
      const x = seq([256], 'float32');
      const y = seq([256], 'float32', 1);
      const f = cp.jit((a: cp.NDArray, b: cp.NDArray) => [cp.sin(a.mul(2).add(b)), cp.sum(a.mul(b))]);
      return () => (f(x, y) as cp.NDArray[]).forEach((r) => r.dispose());
    });
    expect(growth).toBeLessThan(256 * 4 * 200);
  });

  it('without dispose, a loop of replays holds no more than the same loop run eagerly (the collector frees results)', () => {
    const loop = (jitted: boolean) => peakArrayBufferGrowth(3000, () => {
      const x = seq([1024], 'float32').eval();
      const fn = (a: cp.NDArray) => a.mul(3).add(1);
      const f = jitted ? cp.jit(fn) : (a: cp.NDArray) => fn(a).eval();
      return () => { f(x); };
    });
    const eager = loop(false);
    expect(loop(true)).toBeLessThan(2 * eager + (1 << 20));
  });
});

describe('cp.jit: errors name cp.jit', () => {
  const code = (fn: () => unknown) => {
    try { fn(); } catch (e) { return `${(e as cp.CupytsError).name} ${(e as cp.CupytsError).code} ${(e as Error).message}`; }
    return 'no error';
  };

  it('non-array results', () => {
    expect(code(() => cp.jit((x: cp.NDArray) => 3)(seq([2], 'float32')))).toMatch(/^CupytsError ERR_ARG jit: expected fn to return an array.*got .*3/);
    expect(code(() => cp.jit((x: cp.NDArray) => [x, 'a'])(seq([2], 'float32')))).toMatch(/^CupytsError ERR_ARG jit: .*result\[1\]/);
  });

  it('wrong arity, bad fn and options', () => {
    const f = cp.jit((x: cp.NDArray, y: cp.NDArray) => x.add(y));
    expect(code(() => (f as Fn)(seq([2], 'float32')))).toMatch(/^CupytsError ERR_ARG jit: expected 2 arguments/);
    expect(code(() => (cp.jit as Fn)(3))).toMatch(/^CupytsError ERR_ARG jit: .*fn/);
    expect(code(() => cp.jit((x: cp.NDArray) => x, { maxSignatures: 0 }))).toMatch(/^CupytsError ERR_ARG jit: .*maxSignatures/);
    expect(code(() => cp.jit((x: cp.NDArray) => x, { dynamic: true }))).toMatch(/^CupytsError ERR_UNSUPPORTED jit: .*dynamic/);
  });

  it('a disposed argument, a Promise result', () => {
    const a = seq([2], 'float32');
    a.dispose();
    expect(code(() => cp.jit((x: cp.NDArray) => x.add(1))(a))).toMatch(/^CupytsError ERR_DISPOSED jit:/);
    expect(code(() => cp.jit(async (x: cp.NDArray) => x.add(1))(seq([2], 'float32')))).toMatch(/^CupytsError ERR_ARG jit: .*Promise/);
  });
});
