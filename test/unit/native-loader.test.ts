import { describe, expect, it } from 'vitest';
import { addonCandidates, loadAddonFrom, native, PACKAGE_ROOT } from '../../src/runtime/native.js';
import { nvrtcCandidates, NVRTC_ENV } from '../../src/runtime/cuda-libraries.js';
import { CupytsError } from '../../src/ir/errors.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('native addon loader', () => {
  it('loads the built addon and exposes every binding', () => {
    const addon = native();
    expect(addon.abiVersion).toBe(1);
    for (const fn of ['loadDriver', 'memAlloc', 'launch', 'nvrtcCompile', 'nvrtcCompileAsync', 'memcpyDtoHAsync']) {
      expect(typeof (addon as unknown as Record<string, unknown>)[fn]).toBe('function');
    }
  });

  it('tries build/Release then build/Debug, or CUPYTS_NATIVE_PATH alone', () => {
    expect(addonCandidates({})).toEqual([
      join(PACKAGE_ROOT, 'build', 'Release', 'cupyts.node'),
      join(PACKAGE_ROOT, 'build', 'Debug', 'cupyts.node'),
    ]);
    expect(addonCandidates({ CUPYTS_NATIVE_PATH: '/x/y.node' })).toEqual(['/x/y.node']);
  });

  it('lists every path tried and how to fix it when none loads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cupyts-loader-'));
    const broken = join(dir, 'broken.node');
    writeFileSync(broken, 'not a shared object');
    let error: unknown;
    try {
      loadAddonFrom([join(dir, 'missing.node'), broken], () => {
        throw new Error('invalid ELF header');
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(CupytsError);
    const e = error as CupytsError;
    expect(e.code).toBe('ERR_NATIVE_LOAD');
    expect(e.message).toContain(`${join(dir, 'missing.node')}: not found`);
    expect(e.message).toContain(`${broken}: invalid ELF header`);
    expect(e.message).toContain('npm install');
    expect(e.message).toContain('CUPYTS_NATIVE_PATH');
  });

  it('driver calls before the driver is loaded throw a coded error, not a crash', () => {
    const addon = native();
    if (addon.loadDriver('libcuda.so.1') === '') return; // a GPU machine: the driver is there
    expect(() => addon.deviceCount()).toThrow(expect.objectContaining({ code: 'ERR_CUDA_NOT_LOADED' }));
    expect(() => addon.memAlloc(16, 0n)).toThrow(/not loaded/);
  });

  it('reports why a library cannot be opened', () => {
    expect(native().preloadLibrary('/nonexistent/libnvrtc-builtins.so')).toMatch(/nonexistent/);
  });
});

describe('NVRTC search order', () => {
  it('puts the environment variable first, then sonames, then CUDA folders', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cupyts-nvrtc-'));
    for (const f of ['libnvrtc.so.12', 'libnvrtc.so.13', 'libnvrtc-builtins.so.13.0', 'unrelated.so']) {
      writeFileSync(join(dir, f), '');
    }
    const list = nvrtcCandidates({ [NVRTC_ENV]: dir, CUDA_HOME: '/nonexistent-cuda' });
    expect(list[0]).toEqual({ path: join(dir, 'libnvrtc.so.13'), builtins: join(dir, 'libnvrtc-builtins.so.13.0') });
    expect(list[1].path).toBe(join(dir, 'libnvrtc.so.12'));
    expect(list.slice(2, 6).map((c) => c.path)).toEqual(['libnvrtc.so', 'libnvrtc.so.13', 'libnvrtc.so.12', 'libnvrtc.so.11.2']);
  });

  it('accepts a file path in the environment variable', () => {
    const list = nvrtcCandidates({ [NVRTC_ENV]: '/opt/x/libnvrtc.so.11.2' });
    expect(list[0].path).toBe('/opt/x/libnvrtc.so.11.2');
  });
});
