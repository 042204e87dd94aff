// The CUDA side of memory in synchronous loops (issue 14), over a stand-in driver so that it runs
// without a GPU: CudaDevice frees buffers dropped without dispose() before the device fills
// (src/runtime/collector.ts), and says what to do where the memory is really held. (Apart from
// memory-loop.test.ts: that file asks for the real driver, which the stand-in must not follow.)
import { describe, expect, it } from 'vitest';
import { CupytsError } from '../../src/ir/errors.js';
import type { CudaBuffer } from '../../src/runtime/cuda-buffer.js';
import { CudaDevice } from '../../src/runtime/cuda-device.js';
import type { NativeAddon } from '../../src/runtime/native.js';

/**
 * A driver over `total` bytes (0: a device that does not say): memAlloc fails with
 * CUDA_ERROR_OUT_OF_MEMORY past it, memFree gives back; counts what happened.
 */
function standInDriver(total: number) {
  const sizes = new Map<number, number>();
  const seen = { live: 0, peakLive: 0, failed: 0, frees: 0 };
  let next = 0x10000;
  const limit = total || 256 << 20;
  const addon = {
    loadDriver: () => '',
    init: () => {},
    deviceCount: () => 128,
    deviceInfo: () => ({ name: 'stand-in', major: 9, minor: 0, multiprocessors: 1, totalMemory: total }),
    driverVersion: () => 13000,
    useDevice: () => {},
    setCurrentDevice: () => {},
    streamCreate: () => 1n,
    streamSynchronize: () => {},
    ctxSynchronize: () => {},
    memPoolTrim: () => {},
    memGetInfo: () => ({ free: limit - seen.live, total: limit }),
    memPoolStats: () => ({ reserved: seen.live, used: seen.live }),
    memAlloc: (bytes: number) => {
      if (seen.live + bytes > limit) {
        seen.failed++;
        throw Object.assign(new Error('out of memory'), { code: 'CUDA_ERROR_OUT_OF_MEMORY' });
      }
      seen.live += bytes;
      seen.peakLive = Math.max(seen.peakLive, seen.live);
      sizes.set((next += 0x10000), bytes);
      return next;
    },
    memFree: (ptr: number) => {
      seen.live -= sizes.get(ptr)!;
      sizes.delete(ptr);
      seen.frees++;
    },
  };
  return { addon: addon as unknown as NativeAddon, seen };
}

const MiB = 1 << 20;

describe('CudaDevice frees buffers dropped without dispose() inside a synchronous loop (stand-in driver)', () => {
  it('collects before the device fills: 400 dropped 4 MiB buffers on a 256 MiB device never run it out', () => {
    const { addon, seen } = standInDriver(256 * MiB);
    const device = CudaDevice.open(64, addon);
    for (let i = 0; i < 400; i++) device.alloc(4 * MiB); // 1.6 GB in all, each dropped at once
    expect(seen.failed).toBe(0);
    expect(seen.peakLive).toBeLessThanOrEqual(256 * MiB / 2); // collected from 1/8 of the device on (a few may outlive a collection)
    expect(seen.frees).toBeGreaterThan(350);
  });

  it('where the device does not say its size, an allocation that runs out collects and tries again', () => {
    const { addon, seen } = standInDriver(0);
    const device = CudaDevice.open(65, addon);
    for (let i = 0; i < 1000; i++) device.alloc(4 * MiB);
    expect(seen.failed).toBeGreaterThan(0);
    expect(seen.peakLive).toBeLessThanOrEqual(256 * MiB);
    expect(device.memoryStats().bytesInUse).toBeLessThanOrEqual(256 * MiB);
  });

  it('buffers still held run it out with ERR_OUT_OF_MEMORY, saying what to do', () => {
    const { addon } = standInDriver(64 * MiB);
    const device = CudaDevice.open(66, addon);
    const held: CudaBuffer[] = [];
    let error: unknown;
    try {
      for (let i = 0; i < 100; i++) held.push(device.alloc(4 * MiB));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(CupytsError);
    expect((error as CupytsError).code).toBe('ERR_OUT_OF_MEMORY');
    expect((error as Error).message).toMatch(/^alloc: out of device memory on stand-in: asked for 4194304 bytes; .*dispose\(\)/);
    expect(held.length).toBe(16);
    held.forEach((b) => b.dispose());
  });
});
