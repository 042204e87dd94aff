import { describe, expect, it } from 'vitest';
import { cudaUnavailableReason, currentBackend, setBackendNotice, useBackend } from '../../src/runtime/backend.js';
import { readConfig } from '../../src/runtime/config.js';
import { HAS_CUDA_DEVICE } from '../helpers/cuda.js';

describe('backend choice', () => {
  it.skipIf(HAS_CUDA_DEVICE)('falls back to the CPU with one notice where there is no GPU', () => {
    const notices: string[] = [];
    setBackendNotice((m) => notices.push(m));
    expect(cudaUnavailableReason()).toBeTruthy();
    if (!process.env.CUPYTS_BACKEND) {
      expect(currentBackend()).toBe('cpu');
      currentBackend();
      expect(notices.length).toBeLessThanOrEqual(1);
    }
    expect(() => useBackend('cuda')).toThrow(/the CUDA backend was asked for, but/);
    useBackend('cpu');
    expect(currentBackend()).toBe('cpu');
  });

  it.skipIf(!HAS_CUDA_DEVICE)('chooses CUDA where a device exists', () => {
    expect(cudaUnavailableReason()).toBeUndefined();
    useBackend('cuda');
    expect(currentBackend()).toBe('cuda');
  });

  it('rejects an unknown backend name', () => {
    expect(() => useBackend('metal' as 'cpu')).toThrow(`useBackend: expected 'cuda' or 'cpu', got 'metal'`);
  });
});

describe('configuration from the environment', () => {
  it('reads and validates variables', () => {
    expect(readConfig({ CUPYTS_BACKEND: 'cpu', CUPYTS_CACHE_DIR: '/c' })).toMatchObject({ backend: 'cpu', cacheDir: '/c', cacheSaveSource: false });
    expect(readConfig({ CUPYTS_CACHE_SAVE_SOURCE: '1' }).cacheSaveSource).toBe(true);
    expect(() => readConfig({ CUPYTS_BACKEND: 'gpu' })).toThrow(/CUPYTS_BACKEND.*got 'gpu'/);
  });
});
