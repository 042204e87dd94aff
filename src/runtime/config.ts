// Every setting cupyts reads from the environment, read and validated in one place.
import { z } from 'zod';
import { CupytsError } from '../ir/errors.js';
import { defaultCacheDir } from './kernel-cache.js';
import type { Environment } from './types.js';

const flag = z
  .enum(['', '0', '1', 'true', 'false'])
  .optional()
  .transform((v) => v === '1' || v === 'true');

/** Default size cap of the disk kernel cache: 1 GiB. */
export const DEFAULT_CACHE_MAX_BYTES = 2 ** 30;

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 2 ** 10, kib: 2 ** 10, m: 2 ** 20, mib: 2 ** 20, g: 2 ** 30, gib: 2 ** 30 };

/** A byte count: '1073741824', '512MiB' or '2G' (binary units); '0' turns the cap off; '' is unset. */
export const byteSize = z
  .string()
  .regex(/^\s*(\d+(\.\d+)?\s*(b|k|kib|m|mib|g|gib)?)?\s*$/i, "expected a byte count like '1073741824', '512MiB' or '2GiB'")
  .transform((v) => {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(v);
    return m ? Math.floor(Number(m[1]) * SIZE_UNITS[m[2].toLowerCase()]) : undefined;
  });

const EnvSchema = z.object({
  /** 'cuda' or 'cpu'; unset: CUDA when a device is present, else the CPU. */
  CUPYTS_BACKEND: z.enum(['cuda', 'cpu', '']).optional(),
  /** Save each kernel's .cu source beside its cached binary. */
  CUPYTS_CACHE_SAVE_SOURCE: flag,
  /** Keep compiled kernels in memory only. */
  CUPYTS_CACHE_DISABLE: flag,
  /** Let cuBLAS use TF32 tensor cores for float32 matmul (faster, about 10 mantissa bits). */
  CUPYTS_ALLOW_TF32: flag,
  /** Size cap of the disk cache; least recently used entries are evicted past it. */
  CUPYTS_CACHE_MAX_BYTES: byteSize.optional(),
  /** Record every kernel this process evaluates into this manifest file (merged if it exists). */
  CUPYTS_CACHE_RECORD: z.string().optional(),
});

export interface Config {
  backend: 'cuda' | 'cpu' | undefined;
  cacheDir: string;
  cacheSaveSource: boolean;
  cacheDisabled: boolean;
  allowTF32: boolean;
  /** 0: no cap. */
  cacheMaxBytes: number;
  cacheRecordFile: string | undefined;
}

/** Reads and validates the environment; a bad value is a clear error naming the variable. */
export function readConfig(env: Environment = process.env): Config {
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
    cacheMaxBytes: typeof e.CUPYTS_CACHE_MAX_BYTES === 'number' ? e.CUPYTS_CACHE_MAX_BYTES : DEFAULT_CACHE_MAX_BYTES,
    cacheRecordFile: e.CUPYTS_CACHE_RECORD || undefined,
  };
}
