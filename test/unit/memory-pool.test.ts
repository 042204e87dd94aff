// cp.get_default_memory_pool() on the current backend: used/free/total bytes before and after
// arrays are made and disposed, free_all_blocks, and the memory limit (ERR_OUT_OF_MEMORY past it).
import { afterEach, describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { readConfig } from '../../src/runtime/config.js';
import { setBackendNotice } from '../../src/runtime/backend.js';

setBackendNotice(() => {});

const err = (fn: () => unknown) => {
  try { fn(); } catch (e) { return `${(e as cp.CupytsError).code}: ${(e as Error).message}`; }
  return 'no error';
};

describe('get_default_memory_pool', () => {
  afterEach(() => cp.get_default_memory_pool().set_limit(0));

  it('counts the bytes arrays hold, and what dispose gives back', () => {
    const pool = cp.get_default_memory_pool();
    expect(cp.get_default_memory_pool()).toBe(pool);
    const before = pool.used_bytes();
    const a = cp.zeros(4096, { dtype: 'float64' }).eval();
    expect(pool.used_bytes() - before).toBe(4096 * 8);
    expect(pool.total_bytes()).toBe(pool.used_bytes() + pool.free_bytes());
    a.dispose();
    expect(pool.used_bytes()).toBe(before);
    expect(pool.free_bytes()).toBeGreaterThanOrEqual(4096 * 8); // kept for reuse
    expect(pool.n_free_blocks()).toBeGreaterThan(0);
    pool.free_all_blocks();
    expect(pool.free_bytes()).toBe(0);
    expect(pool.n_free_blocks()).toBe(0);
  });

  it('refuses allocations past the limit with ERR_OUT_OF_MEMORY naming the request and the pool', () => {
    const pool = cp.get_default_memory_pool();
    pool.set_limit(pool.used_bytes() + 1000);
    expect(pool.get_limit()).toBe(pool.used_bytes() + 1000);
    const small = cp.zeros(100, { dtype: 'float32' }).eval();
    expect(err(() => cp.zeros(1000, { dtype: 'float64' }).eval())).toMatch(/^ERR_OUT_OF_MEMORY: alloc: expected at most \d+ bytes in use \(the memory limit\), got a request for 8000 bytes/);
    small.dispose();
    pool.set_limit(0);
    expect(cp.zeros(1000, { dtype: 'float64' }).eval().shape).toEqual([1000]);
  });

  it('refuses bad arguments', () => {
    const pool = cp.get_default_memory_pool();
    expect(err(() => pool.set_limit(-1))).toMatch(/^ERR_ARG: MemoryPool.set_limit: expected size to be a non-negative integer or null, got -1/);
    expect(err(() => pool.set_limit(1, { fraction: 0.5 }))).toMatch(/expected size or fraction, got both/);
    expect(err(() => pool.set_limit({ fraction: 2 }))).toMatch(/expected fraction in \[0, 1\]/);
    expect(err(() => pool.set_limit({ colour: 1 }))).toMatch(/unknown option 'colour'/);
    expect(err(() => (pool.used_bytes as (x: number) => number)(1))).toMatch(/^ERR_ARG: MemoryPool.used_bytes/);
    expect(err(() => (cp.get_default_memory_pool as (x: number) => unknown)(1))).toMatch(/^ERR_ARG: get_default_memory_pool/);
  });

  it('reads CUPYTS_GPU_MEMORY_LIMIT', () => {
    expect(readConfig({ CUPYTS_GPU_MEMORY_LIMIT: '2GiB' }).gpuMemoryLimit).toBe(2 ** 31);
    expect(readConfig({}).gpuMemoryLimit).toBe(0);
    expect(err(() => readConfig({ CUPYTS_GPU_MEMORY_LIMIT: 'lots' }))).toMatch(/^ERR_CONFIG: cupyts: environment variable CUPYTS_GPU_MEMORY_LIMIT/);
  });
});
