// Streams in CudaDevice over a stand-in addon that records the driver calls (no device needed):
// a buffer used on a second stream waits for the first (an event between them), frees wait for
// every stream that used the buffer, kept buffers are reused on the device's own stream only, and
// copies stage through pinned memory (uploads return at once; async readbacks wait on a host
// function, not a thread).
import { describe, expect, it } from 'vitest';
import { CudaDevice } from '../../src/runtime/cuda-device.js';
import { CudaStream, withCurrentStream } from '../../src/runtime/cuda-stream.js';
import type { NativeAddon } from '../../src/runtime/native.js';
import { pinnedSettings } from '../../src/runtime/pinned-pool.js';

function standInAddon() {
  const calls: string[] = [];
  let next = 0x10000;
  let streams = 0n;
  let events = 100n;
  const name = (h: bigint) => (h === 1n ? 'S0' : `S${h - 1n}`);
  const addon = {
    loadDriver: () => '',
    init: () => {},
    deviceCount: () => 1,
    deviceInfo: () => ({ name: 'stand-in', major: 9, minor: 0, multiprocessors: 1, totalMemory: 1 << 30 }),
    driverVersion: () => 13000,
    useDevice: () => {},
    setCurrentDevice: () => {},
    streamCreate: () => ++streams,
    streamSynchronize: (s: bigint) => calls.push(`sync ${name(s)}`),
    streamWaitStream: (w: bigint, e: bigint) => calls.push(`${name(w)} waits ${name(e)}`),
    streamDoneAsync: (s: bigint) => {
      calls.push(`done? ${name(s)}`);
      return Promise.resolve();
    },
    eventCreate: () => ++events,
    eventRecord: (_e: bigint, s: bigint) => calls.push(`record ${name(s)}`),
    eventQuery: () => true,
    memPoolStats: () => ({ reserved: 0, used: 0 }),
    memAlloc: (bytes: number, s: bigint) => {
      calls.push(`alloc ${bytes} ${name(s)}`);
      return (next += 0x10000);
    },
    memFree: (ptr: number, s: bigint) => calls.push(`free ${ptr.toString(16)} ${name(s)}`),
    memcpyHtoD: (_d: number, _src: unknown, s: bigint) => calls.push(`HtoD+sync ${name(s)}`),
    memcpyDtoH: (_dst: unknown, _p: number, s: bigint) => calls.push(`DtoH+sync ${name(s)}`),
    hostAlloc: (bytes: number) => {
      calls.push(`hostAlloc ${bytes}`);
      return 0x7000_0000;
    },
    hostWrite: () => calls.push('hostWrite'),
    hostRead: () => calls.push('hostRead'),
    memcpyHtoDQueued: (_d: number, _h: number, n: number, s: bigint) => calls.push(`HtoD queued ${n} ${name(s)}`),
    memcpyDtoHQueued: (_h: number, _d: number, n: number, s: bigint) => calls.push(`DtoH queued ${n} ${name(s)}`),
  };
  return { addon: addon as unknown as NativeAddon, calls };
}

describe('streams on a CUDA device (stand-in addon)', () => {
  const { addon, calls } = standInAddon();
  const device = CudaDevice.open(0, addon);
  const A = new CudaStream(device);
  const B = new CudaStream(device);
  const on = <T>(s: CudaStream, fn: () => T): T => withCurrentStream({ cuda: s }, fn);

  it('queues allocations on the current stream and orders a use on another stream after it', () => {
    calls.length = 0;
    expect(device.currentStream).toBe(device.defaultStream);
    const buf = on(A, () => {
      expect(device.currentStream).toBe(A);
      const b = device.alloc(4096);
      void b.ptr; // a kernel on A writes it
      return b;
    });
    on(B, () => void buf.readPtr); // a kernel on B reads it: waits for A once
    on(B, () => void buf.readPtr);
    void buf.readPtr; // and on the device's stream
    expect(calls).toEqual(['alloc 4096 S1', 'S2 waits S1', 'S0 waits S1']);
    calls.length = 0;
    on(A, () => void buf.ptr); // a write on A waits for both readers
    expect(calls).toEqual(['S1 waits S2', 'S1 waits S0']);
    calls.length = 0;
    on(B, () => void buf.readPtr);
    buf.dispose(); // freed on its writer after the reader; not kept (not the device's stream)
    expect(calls).toEqual(['S2 waits S1', 'S1 waits S2', `free ${(0x20000).toString(16)} S1`]);
  });

  it('keeps small buffers for reuse on the device\'s own stream only', () => {
    calls.length = 0;
    const a = device.alloc(256);
    a.dispose();
    const b = on(A, () => device.alloc(256)); // not handed the kept one
    const c = device.alloc(256); // the kept one
    expect(calls).toEqual(['alloc 256 S0', 'alloc 256 S1']);
    b.dispose();
    c.dispose();
  });

  it('stages uploads of every size, and big readbacks, through pinned memory', async () => {
    pinnedSettings.threshold = 1 << 20;
    pinnedSettings.maxBytes = 1 << 30;
    const buf = device.alloc(4 << 20);
    calls.length = 0;
    on(A, () => buf.write(new Uint8Array(4 << 20)));
    expect(calls).toEqual([`hostAlloc ${4 << 20}`, 'hostWrite', 'S1 waits S0', `HtoD queued ${4 << 20} S1`, 'record S1']);
    calls.length = 0;
    buf.write(new Uint8Array(16)); // small: staged too (a pageable upload would wait for the stream)
    expect(calls).toEqual([`hostAlloc ${1 << 16}`, 'hostWrite', 'S0 waits S1', 'HtoD queued 16 S0', 'record S0']);
    calls.length = 0;
    buf.read(new Uint8Array(4 << 20)); // reuses the block (its upload is done)
    expect(calls).toEqual(['DtoH queued 4194304 S0', 'sync S0', 'hostRead']);
    calls.length = 0;
    await on(B, () => buf.readAsync(new Uint8Array(8)));
    expect(calls).toEqual(['S2 waits S0', 'DtoH queued 8 S2', 'done? S2', 'hostRead']); // the small upload's block, done
    calls.length = 0;
    pinnedSettings.threshold = Infinity;
    buf.read(new Uint8Array(4 << 20));
    expect(calls).toEqual(['DtoH+sync S0']);
    pinnedSettings.maxBytes = 1 << 16; // a block past the cap: the pageable path
    pinnedSettings.threshold = 0;
    calls.length = 0;
    buf.read(new Uint8Array(4 << 20));
    expect(calls).toEqual(['DtoH+sync S0']);
  });
});
