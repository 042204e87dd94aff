// Finding cuBLAS: the search order (env file or folder with its cublasLt, sonames, CUDA_HOME),
// the one error that lists every try where it is missing, and the TF32 setting.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { cublasCandidates, loadCublas } from '../../src/runtime/cuda-libraries.js';
import { readConfig } from '../../src/runtime/config.js';

describe('cuBLAS search', () => {
  it('tries the env folder (newest first, cublasLt beside), the sonames, then CUDA_HOME', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cupyts-cublas-'));
    try {
      for (const f of ['libcublas.so.12', 'libcublas.so.13', 'libcublasLt.so.13', 'libcublas.so.13.0.1', 'libnvrtc.so.13']) writeFileSync(join(dir, f), '');
      const c = cublasCandidates({ CUPYTS_CUBLAS_PATH: dir, CUDA_HOME: '/opt/cuda-x' });
      expect(c.slice(0, 3).map((x) => x.path)).toEqual(['libcublas.so.13.0.1', 'libcublas.so.13', 'libcublas.so.12'].map((f) => join(dir, f)));
      expect(c[0].builtins).toBe(join(dir, 'libcublasLt.so.13'));
      expect(c.slice(3, 7).map((x) => x.path)).toEqual(['libcublas.so', 'libcublas.so.13', 'libcublas.so.12', 'libcublas.so.11']);
      expect(c[4].builtins).toBe('libcublasLt.so.13');
      const file = cublasCandidates({ CUPYTS_CUBLAS_PATH: join(dir, 'libcublas.so.12') })[0];
      expect(file).toEqual({ path: join(dir, 'libcublas.so.12'), builtins: join(dir, 'libcublasLt.so.13') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads cuBLAS, or says what it tried and how to fix it', () => {
    let loaded: string | undefined;
    try {
      loaded = loadCublas();
    } catch (err) {
      expect((err as cp.CupytsError).code).toBe('ERR_CUBLAS_NOT_FOUND');
      expect((err as Error).message).toMatch(/could not load cuBLAS\. Tried:\n {2}libcublas\.so: .*\n[\s\S]*CUPYTS_CUBLAS_PATH/);
    }
    if (loaded !== undefined) expect(loaded).toMatch(/libcublas\.so/);
  });
});

describe('TF32 setting', () => {
  it('is off by default, on with CUPYTS_ALLOW_TF32=1, and settable at run time', () => {
    expect(readConfig({}).allowTF32).toBe(false);
    expect(readConfig({ CUPYTS_ALLOW_TF32: '1' }).allowTF32).toBe(true);
    expect(() => readConfig({ CUPYTS_ALLOW_TF32: 'yes' })).toThrow(/CUPYTS_ALLOW_TF32/);
    const before = cp.config.allowTF32;
    cp.config.allowTF32 = true;
    expect(cp.config.allowTF32).toBe(true);
    cp.config.allowTF32 = before;
  });
});
