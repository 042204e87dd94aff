// Real NVRTC on a machine without a GPU (CI installs NVRTC 11.8): compile, cache, errors.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseTarget, NvrtcCompileError, NvrtcCompiler } from '../../src/runtime/compiler.js';
import { DiskKernelCache } from '../../src/runtime/kernel-cache.js';
import { PACKAGE_ROOT } from '../../src/runtime/native.js';
import { PTXAS_VERBOSE_OPTION } from '../../src/runtime/ptxas-info.js';
import { AXPY_SOURCE, HAS_NVRTC } from '../helpers/cuda.js';

function freshCompiler(dir = mkdtempSync(join(tmpdir(), 'cupyts-cache-'))) {
  return { dir, compiler: new NvrtcCompiler({ disk: new DiskKernelCache({ dir }) }) };
}

describe.skipIf(!HAS_NVRTC)('NVRTC compiler', () => {
  it('compiles a hand-written kernel to an sm_90 CUBIN (ELF)', () => {
    const { compiler } = freshCompiler();
    const k = compiler.compile({ source: AXPY_SOURCE, name: 'axpy.cu', arch: 'sm_90' });
    expect(k.cache).toBe('compiled');
    expect(k.target).toBe('cubin');
    expect(Array.from(k.binary.subarray(0, 4))).toEqual([0x7f, 0x45, 0x4c, 0x46]); // \x7fELF
  });

  it('compiles to PTX for a compute_ arch', () => {
    const { compiler } = freshCompiler();
    const k = compiler.compile({ source: AXPY_SOURCE, name: 'axpy.cu', arch: 'compute_80' });
    const ptx = Buffer.from(k.binary).toString('utf8');
    expect(ptx).toContain('.target sm_80');
    expect(ptx).toContain('.entry axpy');
  });

  it('serves the second compile from memory, and a new compiler from disk', () => {
    const { dir, compiler } = freshCompiler();
    const first = compiler.compile({ source: AXPY_SOURCE, name: 'axpy.cu', arch: 'sm_90' });
    expect(compiler.compile({ source: AXPY_SOURCE, name: 'axpy.cu', arch: 'sm_90' }).cache).toBe('memory');
    const second = freshCompiler(dir).compiler.compile({ source: AXPY_SOURCE, name: 'axpy.cu', arch: 'sm_90' });
    expect(second.cache).toBe('disk');
    expect(Buffer.from(second.binary).equals(Buffer.from(first.binary))).toBe(true);
    expect(readdirSync(join(dir, 'sm_90')).sort()).toEqual([`${first.key}.bin`, `${first.key}.json`]); // the entry and its metadata
  });

  it('keys entries by arch and options', () => {
    const { compiler } = freshCompiler();
    const a = compiler.compile({ source: AXPY_SOURCE, name: 'axpy.cu', arch: 'sm_90' });
    const b = compiler.compile({ source: AXPY_SOURCE, name: 'axpy.cu', arch: 'sm_80' });
    const c = compiler.compile({ source: AXPY_SOURCE, name: 'axpy.cu', arch: 'sm_90', options: [PTXAS_VERBOSE_OPTION] });
    expect(new Set([a.key, b.key, c.key]).size).toBe(3);
    expect([b.cache, c.cache]).toEqual(['compiled', 'compiled']);
  });

  it('compiles on a worker thread without blocking the event loop', async () => {
    const { compiler } = freshCompiler();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const source = AXPY_SOURCE + '\n// async variant\n';
    const k = await compiler.compileAsync({ source, name: 'axpy_async.cu', arch: 'sm_90' });
    clearInterval(timer);
    expect(k.cache).toBe('compiled');
    expect(k.compileMs).toBeGreaterThan(0);
    expect(ticks).toBeGreaterThan(0);
  });

  it('a compile error carries the status name, the log and the source', () => {
    const { compiler } = freshCompiler();
    const source = 'extern "C" __global__ void broken(float* x) { x[0] = undeclared_name; }';
    let error: unknown;
    try {
      compiler.compile({ source, name: 'broken.cu', arch: 'sm_90' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(NvrtcCompileError);
    const e = error as NvrtcCompileError;
    expect(e.code).toBe('ERR_NVRTC_COMPILE');
    expect(e.status).toBe('NVRTC_ERROR_COMPILATION');
    expect(e.log).toContain('undeclared_name');
    expect(e.source).toBe(source);
    expect(e.message).toContain('broken.cu');
    expect(e.message).toContain('   1 | extern');
  });

  it('an async compile error rejects with the same error', async () => {
    const { compiler } = freshCompiler();
    await expect(compiler.compileAsync({ source: '__global__ void f( {', name: 'bad.cu', arch: 'sm_90' }))
      .rejects.toThrow(/NVRTC_ERROR_COMPILATION/);
  });

  it('rejects a malformed arch before calling NVRTC', () => {
    const { compiler } = freshCompiler();
    expect(() => compiler.compile({ source: AXPY_SOURCE, name: 'a.cu', arch: 'sm90; rm -rf' })).toThrow(/expected an arch like 'sm_90'/);
  });

  // The compiled package (dist/) in a new process finds the entry this process wrote.
  it.skipIf(!existsSync(join(PACKAGE_ROOT, 'dist', 'runtime', 'compiler.js')))(
    'a second process hits the disk cache', () => {
      const { dir, compiler } = freshCompiler();
      compiler.compile({ source: AXPY_SOURCE, name: 'axpy.cu', arch: 'sm_90' });
      const script = `
        import { NvrtcCompiler } from ${JSON.stringify(join(PACKAGE_ROOT, 'dist/runtime/compiler.js'))};
        import { DiskKernelCache } from ${JSON.stringify(join(PACKAGE_ROOT, 'dist/runtime/kernel-cache.js'))};
        const c = new NvrtcCompiler({ disk: new DiskKernelCache({ dir: process.argv[1] }) });
        const k = c.compile({ source: process.argv[2], name: 'axpy.cu', arch: 'sm_90' });
        process.stdout.write(k.cache);`;
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, dir, AXPY_SOURCE], { encoding: 'utf8' });
      expect(out).toBe('disk');
    });
});

describe('chooseTarget', () => {
  it('keeps a supported arch and falls back to PTX of the newest older one', () => {
    expect(chooseTarget('sm_90', [80, 86, 90])).toBe('sm_90');
    expect(chooseTarget('sm_100', [80, 86, 90])).toBe('compute_90');
    expect(() => chooseTarget('sm_50', [80, 90])).toThrow(/expected an architecture this NVRTC supports/);
  });
});
