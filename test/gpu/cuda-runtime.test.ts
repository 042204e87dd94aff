// The CUDA runtime on a real device. Skipped only where no CUDA device exists.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { NvrtcCompiler } from '../../src/runtime/compiler.js';
import { CudaDevice } from '../../src/runtime/cuda-device.js';
import { CudaModule } from '../../src/runtime/cuda-module.js';
import { DiskKernelCache } from '../../src/runtime/kernel-cache.js';
import { PACKAGE_ROOT } from '../../src/runtime/native.js';
import { AXPY_SOURCE, HAS_CUDA_DEVICE, randomFloat32 } from '../helpers/cuda.js';

/** Byte-exact equality of two typed arrays (vitest's toEqual is slow on millions of elements). */
function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

describe.skipIf(!HAS_CUDA_DEVICE)('CUDA runtime on the device', () => {
  let device: CudaDevice;
  let cacheDir: string;
  let module: CudaModule;

  beforeAll(() => {
    device = CudaDevice.open(0);
    cacheDir = mkdtempSync(join(tmpdir(), 'cupyts-gpu-cache-'));
    const compiler = new NvrtcCompiler({ disk: new DiskKernelCache({ dir: cacheDir }) });
    module = new CudaModule(device, compiler.compile({ source: AXPY_SOURCE, name: 'axpy.cu', arch: device.arch }).binary);
  });

  it('reports the device', () => {
    expect(device.info.arch).toMatch(/^sm_\d+$/);
    expect(device.info.multiprocessors).toBeGreaterThan(0);
    expect(device.info.totalMemory).toBeGreaterThan(2 ** 30);
  });

  it('round-trips random data host→device→host, sync and async, at awkward sizes', async () => {
    for (const n of [1, 3, 1000, 1 << 20, (1 << 20) + 7]) {
      const x = randomFloat32(n, n);
      using buf = device.alloc(x.byteLength);
      buf.write(x);
      const back = new Float32Array(n);
      buf.read(back);
      expect(sameBytes(back, x)).toBe(true);
      const y = randomFloat32(n, n + 1);
      await buf.writeAsync(y);
      const backAsync = new Float32Array(n);
      await buf.readAsync(backAsync);
      expect(sameBytes(backAsync, y)).toBe(true);
    }
  });

  it('an async readback waits for queued kernels without blocking the event loop', async () => {
    using buf = device.alloc(16);
    buf.write(new Float32Array([1, 2, 3, 4]));
    module.kernel('spin').launch(1, 1, 'l', [300_000_000n]); // ~150 ms of GPU time
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const back = new Float32Array(4);
    const t0 = performance.now();
    await buf.readAsync(back);
    const waited = performance.now() - t0;
    clearInterval(timer);
    expect(Array.from(back)).toEqual([1, 2, 3, 4]);
    expect(waited).toBeGreaterThan(20);
    expect(ticks).toBeGreaterThan(5);
  });

  it('copies device to device and fills bytes', () => {
    const x = randomFloat32(4096, 3);
    using a = device.alloc(x.byteLength);
    using b = device.alloc(x.byteLength);
    a.write(x);
    b.copyFrom(a);
    const back = new Float32Array(4096);
    b.read(back);
    expect(sameBytes(back, x)).toBe(true);
    b.fillBytes(0xff);
    const bytes = new Uint8Array(x.byteLength);
    b.read(bytes);
    expect(bytes.every((v) => v === 0xff)).toBe(true);
  });

  it('launches a compiled kernel and writes every output element', () => {
    const n = (1 << 20) + 13;
    const x = randomFloat32(n, 11);
    const y = randomFloat32(n, 12);
    using dx = device.alloc(x.byteLength);
    using dy = device.alloc(y.byteLength);
    using dout = device.alloc(x.byteLength);
    dx.write(x);
    dy.write(y);
    dout.fillBytes(0xff); // poison: NaN everywhere
    module.kernel('axpy').launch(Math.ceil(n / 256), 256, 'fpppI', [1.5, dx.ptr, dy.ptr, dout.ptr, n]);
    const out = new Float32Array(n);
    dout.read(out);
    let bad = 0;
    for (let i = 0; i < n; i++) {
      const want = 1.5 * x[i] + y[i];
      // a*x and the sum each round in float32 (no FMA contraction): bound by the terms' size
      if (!(Math.abs(out[i] - want) <= 1e-6 * Math.max(1, Math.abs(1.5 * x[i]) + Math.abs(y[i])))) bad++;
    }
    expect(bad).toBe(0);
  });

  it('passes every scalar argument type', () => {
    using out = device.alloc(6 * 8);
    module.kernel('args_probe').launch(1, 1, 'lLiIfdp', [-(2n ** 40n), 2n ** 52n, -7, 4000000000, 0.25, Math.PI, out.ptr]);
    const back = new Float64Array(6);
    out.read(back);
    expect(Array.from(back)).toEqual([-(2 ** 40), 2 ** 52, -7, 4000000000, 0.25, Math.PI]);
  });

  it('reports kernel attributes', () => {
    const attrs = module.kernel('axpy').attributes;
    expect(attrs.registers).toBeGreaterThan(0);
    expect(attrs.maxThreadsPerBlock).toBeGreaterThanOrEqual(256);
    expect(attrs.localBytes).toBe(0);
  });

  it('times work with CUDA events', () => {
    const n = 1 << 24;
    using a = device.alloc(n * 4);
    using b = device.alloc(n * 4);
    const ms = device.timeMs(() => {
      for (let i = 0; i < 10; i++) b.copyFrom(a);
    });
    expect(ms).toBeGreaterThan(0);
    expect(ms).toBeLessThan(1000);
  });

  it('a launch error surfaces with its CUDA status name', () => {
    expect(() => module.kernel('axpy').launch(1, 4096, 'fpppI', [1, 0, 0, 0, 0])).toThrow(/CUDA_ERROR_INVALID_VALUE/);
    expect(() => module.kernel('no_such_kernel')).toThrow(/cuModuleGetFunction: CUDA_ERROR_NOT_FOUND/);
  });

  it('out of memory is a clear error naming the size, and the device stays usable', () => {
    const huge = 2 ** 50;
    expect(() => device.alloc(huge)).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_MEMORY' }));
    expect(() => device.alloc(huge)).toThrow(new RegExp(`asked for ${huge} bytes`));
    using ok = device.alloc(1024);
    expect(ok.bytes).toBe(1024);
  });

  it('10^4 alloc/free cycles leave bytes in use and the pool unchanged', () => {
    const before = device.memoryStats();
    for (let i = 0; i < 10_000; i++) {
      const b = device.alloc(1024 * ((i % 64) + 1));
      b.dispose();
    }
    device.synchronize();
    const after = device.memoryStats();
    expect(after.bytesInUse).toBe(before.bytesInUse);
    expect(after.buffers).toBe(before.buffers);
    expect(after.poolReservedBytes - before.poolReservedBytes).toBeLessThanOrEqual(64 << 20);
  });

  it('a second process loads the kernel from the disk cache and runs it', () => {
    const script = `
      import { NvrtcCompiler } from ${JSON.stringify(join(PACKAGE_ROOT, 'dist/runtime/compiler.js'))};
      import { DiskKernelCache } from ${JSON.stringify(join(PACKAGE_ROOT, 'dist/runtime/kernel-cache.js'))};
      import { CudaDevice } from ${JSON.stringify(join(PACKAGE_ROOT, 'dist/runtime/cuda-device.js'))};
      import { CudaModule } from ${JSON.stringify(join(PACKAGE_ROOT, 'dist/runtime/cuda-module.js'))};
      const [dir, source] = process.argv.slice(1);
      const device = CudaDevice.open(0);
      const k = new NvrtcCompiler({ disk: new DiskKernelCache({ dir }) }).compile({ source, name: 'axpy.cu', arch: device.arch });
      const m = new CudaModule(device, k.binary);
      const x = device.alloc(16), out = device.alloc(16);
      x.write(new Float32Array([1, 2, 3, 4]));
      m.kernel('axpy').launch(1, 32, 'fpppI', [2, x.ptr, x.ptr, out.ptr, 4]);
      const r = new Float32Array(4); out.read(r);
      process.stdout.write(k.cache + ' ' + Array.from(r).join(','));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, cacheDir, AXPY_SOURCE], { encoding: 'utf8' });
    expect(out).toBe('disk 3,6,9,12');
  });

  it('buffers dropped without dispose are freed by the GC safety net', () => {
    const script = `
      import { CudaDevice } from ${JSON.stringify(join(PACKAGE_ROOT, 'dist/runtime/cuda-device.js'))};
      const device = CudaDevice.open(0);
      for (let i = 0; i < 200; i++) device.alloc(1 << 20);
      const held = device.memoryStats().bytesInUse;
      for (let i = 0; i < 20 && device.memoryStats().bytesInUse > 0; i++) {
        globalThis.gc(); await new Promise((r) => setTimeout(r, 10));
      }
      process.stdout.write(held + ' ' + device.memoryStats().bytesInUse);`;
    const out = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(out).toBe(`${200 * (1 << 20)} 0`);
  });
});
