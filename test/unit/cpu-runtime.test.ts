import { describe, expect, it } from 'vitest';
import { CpuDevice } from '../../src/runtime/cpu-device.js';
import { randomFloat32 } from '../helpers/cuda.js';

describe('CPU runtime', () => {
  it('round-trips random data through a host buffer', async () => {
    const dev = new CpuDevice();
    const x = randomFloat32(1000, 7);
    const buf = dev.alloc(x.byteLength);
    buf.write(x);
    const back = new Float32Array(1000);
    buf.read(back);
    expect(back).toEqual(x);
    const back2 = new Float32Array(1000);
    await buf.readAsync(back2);
    expect(back2).toEqual(x);
    buf.dispose();
  });

  it('runs a JS kernel and caches it by source', () => {
    const dev = new CpuDevice();
    const src = '(function axpy(a, x, y, out, n) { for (let i = 0; i < n; i++) out[i] = Math.fround(a * x[i] + y[i]); })';
    const k = dev.compile('axpy', src);
    expect(dev.compile('axpy', src)).toBe(k);
    const x = randomFloat32(257, 1);
    const y = randomFloat32(257, 2);
    const out = new Float32Array(257);
    k.run(2.5, x, y, out, 257);
    for (let i = 0; i < 257; i++) expect(out[i]).toBe(Math.fround(2.5 * x[i] + y[i]));
  });

  it('tracks bytes in use and peak, and frees on dispose', () => {
    const dev = new CpuDevice();
    const a = dev.alloc(100);
    const b = dev.alloc(50);
    expect(dev.memoryStats()).toMatchObject({ bytesInUse: 150, peakBytesInUse: 150, buffers: 2 });
    a.dispose();
    a.dispose(); // twice is harmless
    expect(dev.memoryStats()).toMatchObject({ bytesInUse: 50, peakBytesInUse: 150, buffers: 1 });
    b[Symbol.dispose]();
    expect(dev.memoryStats().bytesInUse).toBe(0);
    expect(() => a.buffer).toThrow(/after dispose/);
  });

  it('reuses a freed buffer of the same size, zeroed, as a new one', () => {
    // 48 bytes: under HEAP_MIN_BYTES, a pooled buffer of its own
    const dev = new CpuDevice();
    const a = dev.alloc(48);
    const memory = a.buffer;
    a.write(new Float64Array(6).fill(3));
    a.dispose();
    const b = dev.alloc(48);
    expect(b.buffer).toBe(memory);
    expect(new Float64Array(b.buffer)).toEqual(new Float64Array(6));
    expect(dev.alloc(48).buffer).not.toBe(memory);
    expect(dev.memoryStats()).toMatchObject({ bytesInUse: 96, buffers: 2 });
    expect(() => a.buffer).toThrow(/after dispose/);
  });

  it('rejects bad sizes and oversize copies with clear errors', () => {
    const dev = new CpuDevice();
    expect(() => dev.alloc(-1)).toThrow(/alloc: expected a non-negative integer byte count, got -1/);
    const buf = dev.alloc(8);
    expect(() => buf.write(new Float64Array(2))).toThrow(/expected at most 8 bytes, got 16/);
  });

  it('reports a JS kernel syntax error with its source', () => {
    expect(() => new CpuDevice().compile('bad', '(function bad( {')).toThrow(/cpu: compiling bad failed/);
  });
});
