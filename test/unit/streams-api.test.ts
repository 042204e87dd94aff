// cp.cuda.Stream, withStream, get_current_stream, Event.record(stream) / Stream.wait_event, and
// cp.tidy / keep / `using` on the current backend (the CPU here: streams order trivially), plus
// the cross-stream ordering rules of src/runtime/cuda-stream.ts checked against fake streams.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { StreamUse, type CudaStream } from '../../src/runtime/cuda-stream.js';
import { PinnedPool } from '../../src/runtime/pinned-pool.js';

setBackendNotice(() => {});

const err = (fn: () => unknown) => {
  try { fn(); } catch (e) { return `${(e as cp.CupytsError).code}: ${(e as Error).message}`; }
  return 'no error';
};

const used = () => cp.get_default_memory_pool().used_bytes();

describe('cp.cuda.Stream', () => {
  it('scopes the current stream, across awaits, and restores it', async () => {
    const s = new cp.cuda.Stream({ non_blocking: true });
    const t = new cp.cuda.Stream();
    expect(s.non_blocking).toBe(true);
    expect(t.non_blocking).toBe(false);
    expect(cp.cuda.get_current_stream()).toBe(cp.cuda.Stream.null);
    const inner = await cp.cuda.withStream(s, async () => {
      expect(cp.cuda.get_current_stream()).toBe(s);
      await new Promise((r) => setTimeout(r, 5));
      const nested = cp.cuda.withStream(t, () => cp.cuda.get_current_stream());
      expect(nested).toBe(t);
      const x = cp.arange(1000, { dtype: 'float32' }).mul(2).eval();
      const data = await x.data();
      expect(data[999]).toBe(1998);
      return cp.cuda.get_current_stream();
    });
    expect(inner).toBe(s);
    expect(cp.cuda.get_current_stream()).toBe(cp.cuda.Stream.null);
  });

  it('keeps two concurrent async tasks on their own streams', async () => {
    const a = new cp.cuda.Stream();
    const b = new cp.cuda.Stream();
    const seen: Array<[string, cp.cuda.Stream]> = [];
    const task = (name: string, s: cp.cuda.Stream) => cp.cuda.withStream(s, async () => {
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 1));
        seen.push([name, cp.cuda.get_current_stream()]);
      }
    });
    await Promise.all([task('a', a), task('b', b)]);
    expect(seen).toHaveLength(6);
    for (const [name, s] of seen) expect(s).toBe(name === 'a' ? a : b);
  });

  it('use() sets the current stream outside any scope; Stream.null.use() sets it back', () => {
    const s = new cp.cuda.Stream();
    expect(s.use()).toBe(s);
    try {
      expect(cp.cuda.get_current_stream()).toBe(s);
      const other = new cp.cuda.Stream();
      expect(cp.cuda.withStream(other, () => cp.cuda.get_current_stream())).toBe(other);
      expect(cp.cuda.get_current_stream()).toBe(s);
    } finally {
      cp.cuda.Stream.null.use();
    }
    expect(cp.cuda.get_current_stream()).toBe(cp.cuda.Stream.null);
  });

  it('records events on a stream, waits on them, and synchronizes', async () => {
    const s = new cp.cuda.Stream();
    const e = s.record();
    expect(e).toBeInstanceOf(cp.cuda.Event);
    // On a GPU a just-recorded event may still be pending (the CPU backend's is done at once);
    // after the stream synchronizes it is done on both.
    expect(typeof e.done).toBe('boolean');
    e.synchronize();
    expect(e.done).toBe(true);
    const f = new cp.cuda.Event();
    f.record(s);
    expect(s.record(f)).toBe(f);
    const t = new cp.cuda.Stream();
    t.wait_event(e);
    s.synchronize();
    await s.synchronizeAsync();
    expect(s.done).toBe(true);
    expect(cp.cuda.get_elapsed_time(e, f)).toBeGreaterThanOrEqual(0);
    expect(typeof s.ptr).toBe('bigint');
  });

  it('refuses bad arguments, naming the call', () => {
    const s = new cp.cuda.Stream();
    expect(err(() => new (cp.cuda.Stream as unknown as new (x: unknown) => unknown)('x'))).toMatch(/^ERR_ARG: cuda.Stream: expected null to be a boolean/);
    expect(err(() => new cp.cuda.Stream({ nonblocking: true } as never))).toMatch(/^ERR_ARG: cuda.Stream: unknown option 'nonblocking'/);
    expect(err(() => cp.cuda.withStream(3 as never, () => 1))).toMatch(/^ERR_ARG: cuda.withStream: expected stream to be a cp.cuda.Stream, got 3/);
    expect(err(() => cp.cuda.withStream(s, 3 as never))).toMatch(/^ERR_ARG: cuda.withStream: expected fn to be a function/);
    expect(err(() => (cp.cuda.withStream as (...a: unknown[]) => unknown)(s, () => 1, 2))).toMatch(/^ERR_ARG: cuda.withStream: expected at most 2 positional arguments/);
    expect(err(() => s.wait_event(new cp.cuda.Event()))).toMatch(/^ERR_ARG: Stream.wait_event: expected a recorded event/);
    expect(err(() => s.wait_event(3 as never))).toMatch(/^ERR_ARG: Stream.wait_event: expected event to be a cp.cuda.Event/);
    expect(err(() => new cp.cuda.Event().record(3 as never))).toMatch(/^ERR_ARG: Event.record: expected stream to be a cp.cuda.Stream or null/);
    expect(err(() => (s.synchronize as (x: number) => void)(1))).toMatch(/^ERR_ARG: Stream.synchronize/);
  });
});

describe('cp.config pinned settings', () => {
  it('stages uploads of every size through pinned memory unless it is turned off', () => {
    const [threshold, cap] = [cp.config.pinnedThreshold, cp.config.pinnedMaxBytes];
    try {
      expect([8, 1 << 16, 1 << 22].map((n) => PinnedPool.stagesUpload(n))).toEqual([true, true, true]);
      expect([8, 1 << 22].map((n) => PinnedPool.stages(n))).toEqual([false, true]); // readbacks: from the threshold
      expect(PinnedPool.stagesUpload(0)).toBe(false);
      cp.config.pinnedThreshold = Infinity;
      expect(PinnedPool.stagesUpload(8)).toBe(false);
      cp.config.pinnedThreshold = threshold;
      cp.config.pinnedMaxBytes = 0;
      expect(PinnedPool.stagesUpload(8)).toBe(false);
    } finally {
      cp.config.pinnedThreshold = threshold;
      cp.config.pinnedMaxBytes = cap;
    }
  });

  it('reads and sets the pinned threshold and cap, refusing bad values', () => {
    const [threshold, cap] = [cp.config.pinnedThreshold, cp.config.pinnedMaxBytes];
    expect(threshold).toBe(1 << 20);
    expect(cap).toBe(2 ** 30);
    try {
      cp.config.pinnedThreshold = Infinity;
      expect(cp.config.pinnedThreshold).toBe(Infinity);
      cp.config.pinnedMaxBytes = 0;
      expect(cp.config.pinnedMaxBytes).toBe(0);
      expect(err(() => { cp.config.pinnedThreshold = -1; })).toMatch(/^ERR_ARG: config.pinnedThreshold: expected a non-negative integer byte count or Infinity, got -1/);
      expect(err(() => { cp.config.pinnedMaxBytes = Infinity; })).toMatch(/^ERR_ARG: config.pinnedMaxBytes: expected a non-negative integer byte count, got Infinity/);
    } finally {
      cp.config.pinnedThreshold = threshold;
      cp.config.pinnedMaxBytes = cap;
    }
  });
});

describe('cp.cuda.Device', () => {
  it('has one device on the CPU backend, selected by use()', () => {
    expect(cp.cuda.runtime.getDeviceCount()).toBe(1);
    const d = cp.cuda.Device(0);
    expect(d.id).toBe(0);
    expect(d.use()).toBe(d);
    expect(cp.cuda.Device().id).toBe(0);
    expect(cp.cuda.runtime.getDevice()).toBe(0);
    d.synchronize();
    cp.cuda.runtime.deviceSynchronize();
    expect(err(() => cp.cuda.Device(1))).toMatch(/^ERR_NO_DEVICE: cuda.Device: expected a device id in \[0, 1\), got 1/);
    expect(err(() => cp.cuda.runtime.setDevice(3))).toMatch(/^ERR_NO_DEVICE: cuda.runtime.setDevice: expected a device id/);
    expect(err(() => cp.cuda.Device(-1))).toMatch(/^ERR_ARG: cuda.Device: expected device to be a non-negative integer/);
  });
});

describe('cp.tidy, keep and using', () => {
  it('frees every array made inside except what it returns', async () => {
    const before = used();
    const x = cp.arange(1000, { dtype: 'float64' });
    const kept: cp.NDArray[] = [];
    const out = cp.tidy(() => {
      const a = x.mul(2).eval();
      const b = a.add(1).eval();
      kept.push(cp.keep(b.sub(1).eval()));
      const inner = cp.tidy(() => ({ c: b.mul(3).eval(), d: [b.sum().eval()] }));
      return [a.add(b).eval(), inner.c];
    });
    expect(out.map((o) => o.disposed)).toEqual([false, false]);
    expect(kept[0].disposed).toBe(false);
    expect(Array.from(await out[0].data() as Float64Array).slice(0, 3)).toEqual([1, 5, 9]);
    expect(Array.from(await out[1].data() as Float64Array).slice(0, 2)).toEqual([3, 9]);
    for (const a of [x, ...out, ...kept]) a.dispose();
    expect(used()).toBe(before);
  });

  it('frees arrays whose lazy readers were fused into a kernel (their intermediates disposed too)', () => {
    const before = used();
    const x = cp.arange(1 << 12, { dtype: 'float32' });
    const y = cp.tidy(() => {
      const a = x.mul(2).eval();
      const b = cp.sqrt(a.add(1).mul(0.5)).eval(); // a.add(1) and .mul(0.5) run inside b's kernel
      return b.sum().eval();
    });
    {
      using z = x.mul(3).eval();
      expect(z.size).toBe(1 << 12);
    }
    expect(y.item()).toBeGreaterThan(0);
    x.dispose();
    y.dispose();
    expect(used()).toBe(before);
  });

  it('frees what library intermediates read once their reader ran (unique: a cast fused into its scan, slices, sums)', () => {
    const x = cp.asarray(BigInt64Array.from({ length: 3000 }, (_, i) => BigInt((i * 7919) % 97)));
    const once = () => {
      const out = cp.tidy(() => {
        const [values, counts] = cp.unique(x, { return_counts: true }) as cp.NDArray[];
        return [values.eval(), cp.cumsum(counts.astype('float32')).eval(), cp.mean(x.get('::3').astype('float64'), 0).eval()];
      });
      expect(out[0].size).toBe(97);
      for (const a of out) a.dispose();
    };
    once(); // a GPU's first index-checking kernel allocates the error-flag slab, which stays
    const before = used();
    once();
    expect(used()).toBe(before);
    x.dispose();
  });

  it('frees what was made when fn throws, and refuses async functions', () => {
    const before = used();
    expect(err(() => cp.tidy(() => { cp.arange(100).eval(); throw new Error('boom'); }))).toBe('undefined: boom');
    expect(used()).toBe(before);
    let made: cp.NDArray | undefined;
    expect(err(() => cp.tidy((async () => { made = cp.arange(10).eval(); }) as never))).toMatch(/^ERR_ARG: tidy: expected fn to return synchronously/);
    expect(made!.disposed).toBe(true);
    expect(used()).toBe(before);
    expect(err(() => cp.tidy(3 as never))).toMatch(/^ERR_ARG: tidy: expected fn to be a function/);
    expect(err(() => cp.keep(3 as never))).toMatch(/^ERR_ARG: keep: expected an NDArray/);
  });

  it('`using` disposes at the end of the block', () => {
    const before = used();
    let seen: cp.NDArray;
    {
      using a = cp.arange(500, { dtype: 'float32' });
      using y = a.mul(2).eval();
      seen = y;
      expect(used()).toBeGreaterThan(before);
    }
    expect(seen.disposed).toBe(true);
    expect(used()).toBe(before);
  });
});

describe('ordering between streams (src/runtime/cuda-stream.ts)', () => {
  const waits: string[] = [];
  const stream = (name: string) => ({ name, waitFor(o: { name: string }) { if (o !== this) waits.push(`${name}<-${o.name}`); } }) as unknown as CudaStream & { name: string };
  const [A, B, C] = [stream('A'), stream('B'), stream('C')];

  it('waits before a read on another stream once, and before a write for every use', () => {
    waits.length = 0;
    const u = new StreamUse(A);
    u.use(A, true);
    u.use(A, false);
    expect(waits).toEqual([]);
    u.use(B, false);
    u.use(B, false);
    u.use(C, false);
    expect(waits).toEqual(['B<-A', 'C<-A']);
    u.use(A, true); // a write on the producer waits for the readers
    expect(waits).toEqual(['B<-A', 'C<-A', 'A<-B', 'A<-C']);
    u.use(B, true); // a write elsewhere waits for the last writer and becomes it
    expect(u.writer).toBe(B);
    expect(waits.at(-1)).toBe('B<-A');
    waits.length = 0;
    u.use(C, false);
    expect(u.freeStream()).toBe(B); // freed on its writer, after the reader
    expect(waits).toEqual(['C<-B', 'B<-C']);
  });

  it('forgets readers past a few, after its writer waits for them (a buffer read on many streams holds none of them)', () => {
    waits.length = 0;
    const u = new StreamUse(A);
    const readers = ['R1', 'R2', 'R3', 'R4', 'R5'].map(stream);
    readers.slice(0, 4).forEach((r) => u.use(r, false));
    expect(u.readers?.size).toBe(4);
    u.use(readers[4], false);
    expect(u.readers).toBeUndefined();
    expect(waits.slice(5)).toEqual(['A<-R1', 'A<-R2', 'A<-R3', 'A<-R4', 'A<-R5']);
    waits.length = 0;
    expect(u.freeStream()).toBe(A); // already after every reader
    expect(waits).toEqual([]);
  });
});
