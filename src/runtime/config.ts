// Every setting cupyts reads from the environment, read and validated in one place.
import { z } from 'zod';
import { CupytsError } from '../ir/errors.js';
import { defaultCacheDir } from './kernel-cache.js';

const flag = z
  .enum(['', '0', '1', 'true', 'false'])
  .optional()
  .transform((v) => v === '1' || v === 'true');

const EnvSchema = z.object({
  /** 'cuda' or 'cpu'; unset: CUDA when a device is present, else the CPU. */
  CUPYTS_BACKEND: z.enum(['cuda', 'cpu', '']).optional(),
  /** Save each kernel's .cu source beside its cached binary. */
  CUPYTS_CACHE_SAVE_SOURCE: flag,
  /** Keep compiled kernels in memory only. */
  CUPYTS_CACHE_DISABLE: flag,
  /** Let cuBLAS use TF32 tensor cores for float32 matmul (faster, about 10 mantissa bits). */
  CUPYTS_ALLOW_TF32: flag,
});

export interface Config {
  backend: 'cuda' | 'cpu' | undefined;
  cacheDir: string;
  cacheSaveSource: boolean;
  cacheDisabled: boolean;
  allowTF32: boolean;
}

/** Reads and validates the environment; a bad value is a clear error naming the variable. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0]);
    throw new CupytsError('ERR_CONFIG', `cupyts: environment variable ${name}: ${issue.message}, got '${env[name]}'`);
  }
  const e = parsed.data;
  return {
    backend: e.CUPYTS_BACKEND || undefined,
    cacheDir: defaultCacheDir(env),
    cacheSaveSource: e.CUPYTS_CACHE_SAVE_SOURCE,
    cacheDisabled: e.CUPYTS_CACHE_DISABLE,
    allowTF32: e.CUPYTS_ALLOW_TF32,
  };
}
