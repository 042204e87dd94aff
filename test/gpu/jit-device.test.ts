// cp.jit on a CUDA device (skipped without one): replays with and without CUDA graphs give
// bitwise the results of the eager path (and of NumPy where the dtype is exact), repeated calls
// with new inputs see them, graph nodes pick up new buffers, and memory stays flat over a loop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { currentBackend, setBackendNotice, useBackend } from '../../src/runtime/backend.js';
import { setGraphNotice } from '../../src/api/jit-graph.js';
import { HAS_CUDA_DEVICE, randomFloat32 } from '../helpers/cuda.js';
import { compareArrays, compareArraysExact, hostArray, numpyOne, type HostArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});
const notices: string[] = [];
setGraphNotice((m) => notices.push(m));

const hex = (a: cp.NDArray) => {
  const t = a.toTypedArray() as ArrayBufferView;
  return Buffer.from(t.buffer, t.byteOffset, t.byteLength).toString('hex');
};

type Fn = (...args: cp.NDArray[]) => cp.NDArray | cp.NDArray[];
const asList = (r: cp.NDArray | cp.NDArray[]) => (Array.isArray(r) ? r : [r]);

const sigmoid = (z: cp.NDArray) => cp.divide(1, cp.exp(z.neg()).add(1));

const PROGRAMS: Record<string, { fn: Fn; arity: number; size: number; shapes?: number[][] }> = {
  step3: { fn: (x, y) => cp.sin(x.mul(2).add(y)), arity: 2, size: 1024 },
  chain10: { fn: (x, y) => cp.exp(cp.tanh(x.mul(1.5).add(y).sub(0.25).mul(x).abs().sqrt().add(1).mul(y))).neg(), arity: 2, size: 4096 },
  reduce: { fn: (x, y) => [cp.sum(x.sub(y).mul(x.sub(y))), cp.max(x, 0)], arity: 2, size: 1 << 16 },
  softmax: { fn: (x) => { const e = cp.exp(x.sub(cp.max(x, { axis: -1, keepdims: true }))); return e.div(cp.sum(e, { axis: -1, keepdims: true })); }, arity: 1, size: 64 * 256 },
  scan: { fn: (x) => [cp.cumsum(x.mul(2)), cp.sort(x)], arity: 1, size: 5000 },
  // cuBLAS GEMMs as library steps of the launch list (child graphs captured from the stream)
  logreg: { fn: (X, y, w) => w.sub(cp.matmul(X.T, sigmoid(cp.matmul(X, w)).sub(y)).mul(0.1 / 256)), arity: 3, size: 0, shapes: [[256, 64], [256], [64]] },
  mlp: {
    fn: (x, w1, w2) => cp.matmul(cp.tanh(cp.matmul(x, w1).add(1)), w2).mul(0.5),
    arity: 3, size: 0, shapes: [[32, 128], [128, 256], [256, 10]],
  },
  bmm: { fn: (a, b) => [cp.matmul(a, b).sum(-1), cp.matmul(a, b.get('0')).max()], arity: 2, size: 0, shapes: [[4, 16, 8], [4, 8, 12]] },
  // cuFFT stages as library steps (plain launches): a blur as examples/image.ts does it, a strided axis in place
  blur: { fn: (x, k) => cp.fft.irfft2(cp.fft.rfft2(x).multiply(cp.fft.rfft2(k)), { s: x.shape }), arity: 2, size: 0, shapes: [[48, 40], [48, 40]] },
  columns: { fn: (x) => [cp.fft.fft(x.reshape(16, 24), { axis: 0 }), cp.fft.ifft(x.reshape(16, 24), 30)], arity: 1, size: 16 * 24 },
  // writes by renaming (1 MiB of float32: an allocation step, the writes into it, the exchange) and
  // joins (an allocation step and writes into it): graph nodes too
  heat: {
    fn: (p) => {
      const u = p.copy();
      for (let s = 0; s < 4; s++) {
        const lap = u.get('2:, 1:-1').add(u.get(':-2, 1:-1')).add(u.get('1:-1, 2:')).add(u.get('1:-1, :-2')).sub(u.get('1:-1, 1:-1').mul(4));
        u.set('1:-1, 1:-1', u.get('1:-1, 1:-1').add(lap.mul(0.2)));
      }
      return [u, u.get('::7').mul(2)];
    },
    arity: 1, size: 0, shapes: [[512, 512]],
  },
  joins: { fn: (x, y) => [cp.concatenate([x, y.mul(2)], 1), cp.pad(x, [[1, 0], [0, 2]]), cp.stack([x, y])], arity: 2, size: 0, shapes: [[30, 20], [30, 20]] },
};

describe.skipIf(!HAS_CUDA_DEVICE)('cp.jit on the device', () => {
  let before: 'cpu' | 'cuda';
  beforeAll(() => {
    before = currentBackend();
    useBackend('cuda');
  });
  afterAll(() => useBackend(before));

  for (const [name, p] of Object.entries(PROGRAMS)) {
    for (const graphs of [false, true]) {
      it(`${name}: replays equal the eager path bitwise (graphs ${graphs})`, () => {
        const f = cp.jit(p.fn, { graphs });
        for (let call = 0; call < 4; call++) {
          const args = Array.from({ length: p.arity }, (_, k) => {
            const shape = p.shapes?.[k] ?? [p.size];
            const a = cp.asarray(randomFloat32(shape.reduce((m, d) => m * d, 1), 7 + call * 3 + k)).reshape(shape);
            return name === 'softmax' ? a.reshape(64, 256) : a;
          });
          const want = asList(p.fn(...args)).map(hex);
          const got = asList(f(...args) as cp.NDArray | cp.NDArray[]).map(hex);
          expect(got).toEqual(want);
        }
      });
    }
  }

  it('a graph replay matches NumPy (a float64 chain) over calls with new buffers', () => {
    const f = cp.jit((x: cp.NDArray, y: cp.NDArray) => x.mul(3).add(y).sub(x.mul(y)));
    for (let call = 0; call < 3; call++) {
      const xs = randomFloat32(2000, 11 + call);
      const ys = randomFloat32(2000, 29 + call);
      const hx = hostArray('float64', [2000], (i) => xs[i]);
      const hy = hostArray('float64', [2000], (i) => ys[i]);
      const got = f(cp.asarray(Float64Array.from(xs)), cp.asarray(Float64Array.from(ys))) as cp.NDArray;
      const want = numpyOne('x * 3 + y - x * y', { x: hx, y: hy });
      if (!want.ok) throw new Error(want.error);
      const actual: HostArray = { dtype: 'float64', shape: [2000], data: got.toTypedArray() as Float64Array };
      const cmp = compareArraysExact(actual, want.value as HostArray);
      expect(cmp.ok ? '' : cmp.message).toBe('');
    }
  });

  it('the same buffers each call, and results of earlier calls keep their values', () => {
    const x = cp.asarray(randomFloat32(1024, 3));
    const y = cp.asarray(randomFloat32(1024, 4));
    const f = cp.jit((a: cp.NDArray, b: cp.NDArray) => cp.sin(a.mul(2).add(b)));
    const want = hex(cp.sin(x.mul(2).add(y)));
    const results = Array.from({ length: 5 }, () => f(x, y) as cp.NDArray);
    results.forEach((r) => expect(hex(r)).toBe(want));
    x.set(0, 100);
    expect(hex(f(x, y) as cp.NDArray)).toBe(hex(cp.sin(x.mul(2).add(y))));
  });

  it('device memory stays flat over 20000 graph replays (results disposed)', () => {
    const pool = cp.get_default_memory_pool();
    const x = cp.asarray(randomFloat32(1024, 5));
    const y = cp.asarray(randomFloat32(1024, 6));
    const f = cp.jit((a: cp.NDArray, b: cp.NDArray) => [cp.sin(a.mul(2).add(b)), cp.sum(a.mul(b))]);
    for (let i = 0; i < 100; i++) (f(x, y) as cp.NDArray[]).forEach((r) => r.dispose());
    cp.cuda.Device().synchronize();
    const base = pool.used_bytes();
    for (let i = 0; i < 20000; i++) (f(x, y) as cp.NDArray[]).forEach((r) => r.dispose());
    cp.cuda.Device().synchronize();
    expect(pool.used_bytes() - base).toBeLessThan(1 << 20);
  });

  it('a matmul program (float64 logistic-regression step) replays through a CUDA graph and matches NumPy', () => {
    const step = (X: cp.NDArray, y: cp.NDArray, w: cp.NDArray) => w.sub(cp.matmul(X.T, sigmoid(cp.matmul(X, w)).sub(y)).mul(0.1 / 128));
    const f = cp.jit(step);
    const xs = randomFloat32(128 * 32, 50);
    const ys = randomFloat32(128, 51).map((v) => (v > 0 ? 1 : 0));
    const X = cp.asarray(Float64Array.from(xs)).reshape(128, 32);
    const y = cp.asarray(Float64Array.from(ys));
    let w = cp.zeros([32], { dtype: 'float64' });
    let wHost = hostArray('float64', [32]);
    for (let call = 0; call < 5; call++) {
      const next = f(X, y, w) as cp.NDArray;
      expect(hex(next)).toBe(hex(step(X, y, w)));
      const want = numpyOne('w - 0.1 * (X.T @ (1 / (1 + np.exp(-(X @ w))) - y)) / 128', {
        X: hostArray('float64', [128, 32], (i) => xs[i]), y: hostArray('float64', [128], (i) => ys[i]), w: wHost,
      });
      if (!want.ok) throw new Error(want.error);
      const actual: HostArray = { dtype: 'float64', shape: [32], data: next.toTypedArray() as Float64Array };
      const cmp = compareArrays(actual, want.value as HostArray, { rtol: 1e-10, atol: 1e-12 });
      expect(cmp.ok ? '' : cmp.message).toBe('');
      w = next;
      wHost = actual;
    }
    expect(notices.join('\n')).toBe('');
    expect(f.explain(X, y, w).launches).toBe('graph');
  });

  it('device memory stays flat over 5000 graph replays of a matmul program', () => {
    const pool = cp.get_default_memory_pool();
    const x = cp.asarray(randomFloat32(32 * 64, 5)).reshape(32, 64);
    const w = cp.asarray(randomFloat32(64 * 64, 6)).reshape(64, 64);
    const f = cp.jit((a: cp.NDArray, b: cp.NDArray) => cp.tanh(cp.matmul(a, b).add(1)));
    for (let i = 0; i < 50; i++) (f(x, w) as cp.NDArray).dispose();
    cp.cuda.Device().synchronize();
    const base = pool.used_bytes();
    for (let i = 0; i < 5000; i++) (f(x, w) as cp.NDArray).dispose();
    cp.cuda.Device().synchronize();
    expect(pool.used_bytes() - base).toBeLessThan(1 << 20);
  });

  it('a cut signature (a loss read back, then a matmul step) replays its segments, equal to eager bitwise', () => {
    const fn = (X: cp.NDArray, w: cp.NDArray) => {
      const loss = cp.sum(cp.matmul(X, w).mul(cp.matmul(X, w))).item() as number;
      const lr = loss > 1e12 ? 1e-6 : 1e-3; // a branch on the value read back
      return [w.sub(cp.matmul(X.T, cp.tanh(cp.matmul(X, w))).mul(lr)), cp.max(cp.abs(w), 0)];
    };
    const f = cp.jit(fn);
    const X = cp.asarray(randomFloat32(64 * 16, 70)).reshape(64, 16);
    for (let call = 0; call < 4; call++) {
      const w = cp.asarray(randomFloat32(16 * 4, 71 + call)).reshape(16, 4);
      expect(asList(f(X, w) as cp.NDArray[]).map(hex)).toEqual(asList(fn(X, w)).map(hex));
    }
    const e = f.explain(X, cp.asarray(randomFloat32(16 * 4, 80)).reshape(16, 4));
    expect(e.mode).toBe('call');
    expect(e.replayable).toBeGreaterThan(0);
  });

  it('renamed writes and joins replay as one CUDA graph', () => {
    for (const name of ['heat', 'joins']) {
      const p = PROGRAMS[name];
      const args = p.shapes!.map((shape, k) => cp.asarray(randomFloat32(shape.reduce((m, d) => m * d, 1), 3 + k)).reshape(shape));
      const e = cp.jit(p.fn).explain(...args);
      expect([name, e.mode, e.launches]).toEqual([name, 'replay', 'graph']);
      if (name === 'heat') expect(e.segments[0].kernels.filter((k) => k === 'rename')).toHaveLength(4);
    }
  });

  it('builds graphs without a fallback notice on this driver', () => {
    notices.length = 0;
    const f = cp.jit((a: cp.NDArray) => a.mul(2).add(1));
    const x = cp.asarray(randomFloat32(256, 8));
    for (let i = 0; i < 3; i++) f(x);
    expect(notices.join('\n')).toBe('');
    expect(f.explain(x).launches).toBe('graph');
    expect(cp.jit((a: cp.NDArray) => cp.cumsum(a)).explain(x).launches).toBe('kernels');
  });

  for (const graphs of [false, true]) {
    it(`views of a closure array are constants of the replay, and writes to it between calls are seen (graphs ${graphs})`, () => {
      const c = cp.asarray(randomFloat32(64 * 48, 11)).reshape(64, 48);
      const fn = (x: cp.NDArray) => [c.get('::2, 1::3').mul(x), cp.sum(c.T.get(':16'), 1).add(cp.sum(x))];
      const f = cp.jit(fn, { graphs });
      for (let call = 0; call < 4; call++) {
        if (call === 2) c.set('0:8', 0.5);
        const x = cp.asarray(randomFloat32(32 * 16, 20 + call)).reshape(32, 16);
        expect(asList(f(x) as cp.NDArray[]).map(hex)).toEqual(asList(fn(x)).map(hex));
      }
      expect(f.explain(cp.asarray(randomFloat32(32 * 16, 1)).reshape(32, 16)).mode).toBe('replay');
    });
  }

  it('a program with cuFFT stages replays without running fn (plain launches)', () => {
    let runs = 0;
    const f = cp.jit((a: cp.NDArray) => { runs++; return PROGRAMS.blur.fn(a, a.T.copy()); });
    const x = cp.asarray(randomFloat32(32 * 32, 9)).reshape(32, 32);
    for (let i = 0; i < 3; i++) f(x);
    expect(runs).toBe(1);
    const e = f.explain(x);
    expect(e.mode).toBe('replay');
    expect(e.launches).toBe('kernels');
    expect(e.segments[0].kernels.filter((k: string) => k.startsWith("fft_")).length).toBeGreaterThanOrEqual(3);
  });
});
