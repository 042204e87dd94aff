// Finding cuSOLVER: the search order ($CUPYTS_CUSOLVER_PATH as a file or a folder, the sonames,
// the CUDA_HOME folders), the libraries preloaded beside a candidate, and the one error that
// lists every try. A fake addon stands in for the native one: no CUDA needed.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cusolverCandidates } from '../../src/runtime/cusolver-library.js';

function folder(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'cusolver-'));
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileSync(join(dir, f), '');
  return dir;
}

describe('cusolverCandidates', () => {
  it('tries the sonames, newest first, with nothing named', () => {
    const paths = cusolverCandidates({}).map((c) => c.path);
    expect(paths.slice(0, 3)).toEqual(['libcusolver.so', 'libcusolver.so.12', 'libcusolver.so.11']);
  });

  it('puts $CUPYTS_CUSOLVER_PATH first: a folder gives its files newest first, with the dependencies beside them', () => {
    const dir = folder(['libcusolver.so.11', 'libcusolver.so.12', 'libnvJitLink.so.12', 'libcusparse.so.12', 'libcublas.so.12', 'libcublasLt.so.12']);
    const [first, second] = cusolverCandidates({ CUPYTS_CUSOLVER_PATH: dir });
    expect(first.path).toBe(join(dir, 'libcusolver.so.12'));
    expect(second.path).toBe(join(dir, 'libcusolver.so.11'));
    expect(first.preload).toEqual(['libnvJitLink.so.12', 'libcublasLt.so.12', 'libcublas.so.12', 'libcusparse.so.12'].map((f) => join(dir, f)));
  });

  it('takes a file as it is, preloading what sits beside it', () => {
    const dir = folder(['libcusolver.so.12', 'libcusparse.so.12']);
    const [first] = cusolverCandidates({ CUPYTS_CUSOLVER_PATH: join(dir, 'libcusolver.so.12') });
    expect(first).toEqual({ path: join(dir, 'libcusolver.so.12'), preload: [join(dir, 'libcusparse.so.12')] });
  });

  it('looks in the lib folders of CUDA_HOME', () => {
    const root = folder([]);
    mkdirSync(join(root, 'lib64'));
    writeFileSync(join(root, 'lib64', 'libcusolver.so.12'), '');
    expect(cusolverCandidates({ CUDA_HOME: root }).map((c) => c.path)).toContain(join(root, 'lib64', 'libcusolver.so.12'));
  });
});
