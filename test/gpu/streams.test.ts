// Streams, async readback, pinned copies and memory on a CUDA device (skipped without one). A raw
// kernel that spins for a given time (the %globaltimer clock) stands for long work, so that a
// missing wait between two streams shows as a wrong value, and a blocking readback as a stopped
// event loop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { currentBackend, setBackendNotice, useBackend } from '../../src/runtime/backend.js';
import { collect } from '../../src/runtime/collector.js';
import { CudaDevice } from '../../src/runtime/cuda-device.js';
import { HAS_CUDA_DEVICE } from '../helpers/cuda.js';

setBackendNotice(() => {});

const SPIN = String.raw`
__device__ unsigned long long now_ns() { unsigned long long t; asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(t)); return t; }
extern "C" __global__ void spin_fill(float* x, int n, float v, long long ns) {
  if (threadIdx.x == 0 && blockIdx.x == 0) { unsigned long long t0 = now_ns(); while (now_ns() - t0 < (unsigned long long)ns) {} }
  __syncthreads();
  for (int i = threadIdx.x; i < n; i += blockDim.x) x[i] = v;
}
`;

const err = (fn: () => unknown) => {
  try { fn(); } catch (e) { return `${(e as cp.CupytsError).code}: ${(e as Error).message}`; }
  return 'no error';
};

describe.skipIf(!HAS_CUDA_DEVICE)('streams on the device', () => {
  let before: 'cpu' | 'cuda';
  let spinFill: ReturnType<typeof cp.RawKernel>;
  /** Queues on the current stream: wait `ms`, then fill `x` with `v` (one block). */
  const fillAfter = (x: cp.NDArray, v: number, ms: number) =>
    spinFill([1], [256], [x, cp.scalar(x.size, 'int32'), cp.scalar(v, 'float32'), BigInt(Math.round(ms * 1e6))]);

  beforeAll(() => {
    before = currentBackend();
    useBackend('cuda');
    spinFill = cp.RawKernel(SPIN, 'spin_fill');
  });
  afterAll(() => useBackend(before));

  it('orders a use on stream B after the work on stream A that produced it', async () => {
    const a = new cp.cuda.Stream({ non_blocking: true });
    const b = new cp.cuda.Stream({ non_blocking: true });
    const x = cp.zeros(4096, { dtype: 'float32' }).eval();
    cp.cuda.withStream(a, () => fillAfter(x, 3, 200));
    const y = cp.cuda.withStream(b, () => x.mul(2).sum().eval());
    const z = await cp.cuda.withStream(b, () => y.data());
    expect(z[0]).toBe(3 * 2 * 4096);
    x.dispose();
  });

  it('frees a buffer used on another stream only after that use', async () => {
    const a = new cp.cuda.Stream({ non_blocking: true });
    const b = new cp.cuda.Stream({ non_blocking: true });
    const x = cp.full(1 << 20, 5, { dtype: 'float32' }).eval();
    const y = cp.cuda.withStream(b, () => {
      fillAfter(cp.zeros(16, { dtype: 'float32' }).eval(), 0, 200); // B is busy for 200 ms
      return x.add(1).eval(); // then reads x
    });
    x.dispose(); // freed after B's read, not before
    const junk = cp.cuda.withStream(a, () => Array.from({ length: 8 }, () => cp.full(1 << 20, -1, { dtype: 'float32' }).eval()));
    const got = await cp.cuda.withStream(b, () => y.data());
    expect(got.every((v) => v === 6)).toBe(true);
    junk.forEach((j) => j.dispose());
  });

  it('runs two streams\' kernels at once', () => {
    const a = new cp.cuda.Stream({ non_blocking: true });
    const b = new cp.cuda.Stream({ non_blocking: true });
    const xa = cp.zeros(16, { dtype: 'float32' }).eval();
    const xb = cp.zeros(16, { dtype: 'float32' }).eval();
    cp.cuda.Stream.null.synchronize();
    const t0 = performance.now();
    cp.cuda.withStream(a, () => fillAfter(xa, 1, 300));
    cp.cuda.withStream(b, () => fillAfter(xb, 2, 300));
    a.synchronize();
    b.synchronize();
    const ms = performance.now() - t0;
    expect(ms).toBeGreaterThan(280);
    expect(ms).toBeLessThan(550); // serial would be 600
  });

  it('times work on a stream with events', () => {
    const s = new cp.cuda.Stream();
    const x = cp.zeros(16, { dtype: 'float32' }).eval();
    const start = s.record();
    cp.cuda.withStream(s, () => fillAfter(x, 1, 50));
    const end = s.record();
    const t = new cp.cuda.Stream();
    t.wait_event(end);
    const y = cp.cuda.withStream(t, () => x.sum().eval());
    expect(cp.cuda.get_elapsed_time(start, end)).toBeGreaterThan(45);
    expect(cp.cuda.withStream(t, () => y.item())).toBe(16);
  });

  it('await x.data() does not block the event loop', async () => {
    const x = cp.zeros(1 << 20, { dtype: 'float32' }).eval();
    fillAfter(x, 7, 400);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const t0 = performance.now();
    const data = await x.data();
    clearInterval(timer);
    expect(performance.now() - t0).toBeGreaterThan(350);
    expect(ticks).toBeGreaterThan(20);
    expect(data[0]).toBe(7);
    expect(data[(1 << 20) - 1]).toBe(7);
  });

  it('copies the same values through pinned and pageable memory, sync and async', async () => {
    const saved = cp.config.pinnedThreshold;
    try {
      const n = 3_000_001;
      const host = Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 1e6);
      for (const threshold of [0, 1 << 20, Infinity]) {
        cp.config.pinnedThreshold = threshold;
        const x = cp.asarray(host);
        const y = x.mul(2).eval();
        const sync = y.dataSync() as Float64Array;
        const async = (await y.data()) as Float64Array;
        for (const got of [sync, async]) {
          expect(got.length).toBe(n);
          let bad = 0;
          for (let i = 0; i < n; i++) if (got[i] !== host[i] * 2) bad++;
          expect(bad).toBe(0);
        }
        x.dispose();
        y.dispose();
      }
    } finally {
      cp.config.pinnedThreshold = saved;
    }
  });

  it('recovers from running out of device memory', () => {
    const pool = cp.get_default_memory_pool();
    // 2^50 bytes: far past any device, refused without filling the device first (twice its size
    // made the driver's pool grow to all of it for a moment, and test files running beside this
    // one failed to make contexts and cuBLAS handles)
    const e = err(() => cp.empty(2 ** 48, { dtype: 'float32' }).eval());
    expect(e).toMatch(/^ERR_OUT_OF_MEMORY: alloc: out of device memory/);
    const x = cp.ones(1 << 20, { dtype: 'float32' }).sum().item();
    expect(x).toBe(1 << 20);
    pool.set_limit(pool.used_bytes() + (48 << 20)); // room for one 32 MiB array, not two
    try {
      const a = cp.ones(8 << 20, { dtype: 'float32' }).eval(); // 32 MiB
      expect(err(() => cp.ones(8 << 20, { dtype: 'float32' }).add(1).eval())).toMatch(/^ERR_OUT_OF_MEMORY/);
      a.dispose();
      expect(cp.ones(8 << 20, { dtype: 'float32' }).add(1).sum().item()).toBe(2 * (8 << 20));
    } finally {
      pool.set_limit(0);
    }
  });

  it('frees cuBLAS\'s workspace of each stream once the stream is collected', () => {
    const device = CudaDevice.open(0);
    const a = cp.ones([64, 64], { dtype: 'float32' }).eval();
    const matmulOnNewStream = () => {
      const s = new cp.cuda.Stream({ non_blocking: true });
      cp.cuda.withStream(s, () => {
        const c = cp.matmul(a, a).eval();
        expect(c.get([0, 0]).item()).toBe(64);
        c.dispose();
      });
    };
    matmulOnNewStream(); // the first stream's workspace, before the baseline
    expect(collect()).toBe(true);
    cp.cuda.Device().synchronize();
    const start = device.memoryStats().poolUsedBytes;
    for (let i = 0; i < 24; i++) matmulOnNewStream(); // 24 workspaces of 32 MiB, if kept
    // A dropped buffer's finalizer holds the stream that last used it, so the stream itself is
    // found dropped only by the collection after the one that ran the buffer's finalizer.
    for (let k = 0; k < 3; k++) collect();
    cp.cuda.Device().synchronize(); // the workspaces' frees are ordered on their streams
    // a, read on every stream, remembers the last few (StreamUse): at most 5 workspaces stay
    expect(device.memoryStats().poolUsedBytes - start).toBeLessThan(6 * (32 << 20));
    a.dispose();
  });

  it('tidy and using free everything they made on the device', () => {
    const pool = cp.get_default_memory_pool();
    const start = pool.used_bytes();
    const x = cp.arange(1 << 20, { dtype: 'float32' });
    const y = cp.tidy(() => {
      const a = x.mul(2).eval();
      const b = cp.sqrt(a.add(1)).eval();
      return b.sum().eval();
    });
    {
      using z = x.mul(3).eval();
      expect(z.size).toBe(1 << 20);
    }
    expect(y.item()).toBeGreaterThan(0);
    x.dispose();
    y.dispose();
    expect(pool.used_bytes()).toBe(start);
  });
});

describe.skipIf(!HAS_CUDA_DEVICE)('cp.cuda.Device', () => {
  it('describes the device', () => {
    const d = cp.cuda.Device(0);
    expect(d.id).toBe(0);
    expect(d.compute_capability).toMatch(/^\d+$/);
    expect(cp.cuda.runtime.getDeviceCount()).toBeGreaterThan(0);
    d.synchronize();
    expect(cp.cuda.Device().id).toBe(0);
  });
});

describe.skipIf(!HAS_CUDA_DEVICE || cp.cuda.runtime.getDeviceCount() < 2)('two devices', () => {
  it('computes on the device in use and refuses arrays of two devices in one op', async () => {
    const before = currentBackend();
    useBackend('cuda');
    try {
      const x0 = cp.arange(1000, { dtype: 'float32' }).eval();
      cp.cuda.Device(1).use();
      const x1 = cp.arange(1000, { dtype: 'float32' }).mul(2).eval();
      expect((await x1.sum().data())[0]).toBe(999 * 1000);
      expect(err(() => x1.add(x0))).toMatch(/^ERR_DEVICE: add: expected arrays of one device, got arrays on cuda:1 and cuda:0/);
      expect(err(() => cp.matmul(x1.reshape(1, 1000), x0.reshape(1000, 1)))).toMatch(/^ERR_DEVICE: matmul/);
      cp.cuda.Device(0).use();
      expect(x0.sum().item()).toBe(999 * 500);
      expect(x1.sum().item()).toBe(999 * 1000); // its own device, whichever is current
    } finally {
      cp.cuda.Device(0).use();
      useBackend(before);
    }
  });
});
