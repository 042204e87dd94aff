// Freed small device buffers kept for reuse (src/runtime/buffer-pool.ts), alone and in CudaDevice
// over a stand-in addon that records the driver calls (no device needed).
import { describe, expect, it } from 'vitest';
import { BufferPool } from '../../src/runtime/buffer-pool.js';
import { CudaDevice } from '../../src/runtime/cuda-device.js';
import type { NativeAddon } from '../../src/runtime/native.js';

describe('BufferPool', () => {
  it('hands a kept buffer back for the same size only, within its limits', () => {
    const pool = new BufferPool({ maxBufferBytes: 1024, maxBytes: 2048 });
    expect(pool.take(512)).toBeUndefined();
    expect(pool.give(0x1000, 512)).toBe(true);
    expect(pool.give(0x2000, 1024)).toBe(true);
    expect(pool.give(0x3000, 2048)).toBe(false); // too big
    expect(pool.give(0x4000, 1024)).toBe(false); // would pass 2048 in all
    expect(pool.bytes).toBe(1536);
    expect(pool.take(256)).toBeUndefined();
    expect(pool.take(512)).toBe(0x1000);
    expect(pool.take(512)).toBeUndefined();
    expect(pool.drain()).toEqual([0x2000]);
    expect(pool.bytes).toBe(0);
  });
});

/**
 * An addon that hands out increasing addresses and records memAlloc/memFree and the out-of-memory
 * recovery calls; memAlloc runs out of memory while `outOfMemory` is set, until a trim.
 */
function standInAddon() {
  const calls: string[] = [];
  const state = { outOfMemory: false };
  let next = 0x10000;
  const addon = {
    loadDriver: () => '',
    init: () => {},
    deviceCount: () => 2,
    deviceInfo: () => ({ name: 'stand-in', major: 9, minor: 0, multiprocessors: 1 }),
    driverVersion: () => 13000,
    useDevice: () => {},
    setCurrentDevice: () => {},
    streamCreate: () => 1n,
    streamSynchronize: () => calls.push('sync'),
    ctxSynchronize: () => calls.push('sync'),
    memPoolTrim: () => {
      calls.push('trim');
      state.outOfMemory = false;
    },
    memGetInfo: () => ({ free: 0, total: 0 }),
    memPoolStats: () => ({ reserved: 0, used: 0 }),
    memAlloc: (bytes: number) => {
      if (state.outOfMemory) {
        calls.push(`alloc ${bytes} failed`);
        throw Object.assign(new Error('out of memory'), { code: 'CUDA_ERROR_OUT_OF_MEMORY' });
      }
      calls.push(`alloc ${bytes}`);
      return (next += 0x10000);
    },
    memFree: (ptr: number) => calls.push(`free ${ptr.toString(16)}`),
  };
  return { addon: addon as unknown as NativeAddon, calls, state };
}

describe('CudaDevice reuses freed small buffers', () => {
  it('takes a freed buffer of the same size back without a driver call, and frees big ones', () => {
    const { addon, calls } = standInAddon();
    const device = CudaDevice.open(0, addon);
    const a = device.alloc(4096);
    a.dispose();
    const b = device.alloc(4096);
    expect(b.ptr).toBe(0x20000);
    expect(calls).toEqual(['alloc 4096']);
    expect(device.memoryStats()).toMatchObject({ bytesInUse: 4096, buffers: 1 });
    b.dispose();
    expect(device.memoryStats()).toMatchObject({ bytesInUse: 0, buffers: 0 });
    const big = device.alloc(64 << 20);
    big.dispose();
    expect(calls.slice(1)).toEqual([`alloc ${64 << 20}`, 'free 30000']);
    device.releaseKeptBuffers();
    expect(calls.slice(3)).toEqual(['free 20000']);
  });

  it('frees what it keeps before retrying an allocation that ran out of memory', () => {
    const { addon, calls, state } = standInAddon();
    const device = CudaDevice.open(1, addon);
    device.alloc(256).dispose(); // kept, at 0x20000
    calls.length = 0;
    state.outOfMemory = true;
    const c = device.alloc(512);
    expect(c.ptr).toBe(0x30000);
    expect(calls).toEqual(['alloc 512 failed', 'free 20000', 'sync', 'trim', 'alloc 512']);
  });
});
