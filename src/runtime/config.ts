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

/**
 * Byte units as they are commonly written: SI ones are powers of 1000 (kB, MB, GB, TB; `KB` too),
 * binary ones powers of 1024 (KiB, MiB, GiB, TiB), and a lone letter is binary, as in Docker,
 * the JVM and GNU tools (K or k, M or m, G or g, T or t).
 */
const SIZE_UNITS: Readonly<Record<string, number>> = {
  '': 1, B: 1,
  kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12,
  KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40,
  K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40,
};

const BYTE_SIZE_EXPECTED = "a byte count like '1073741824', '512MiB', '2GB' or '2GiB' " +
  '(kB, MB, GB, TB: powers of 1000; KiB, MiB, GiB, TiB, or K, M, G, T alone: powers of 1024)';

/** A byte count: '1073741824', '512MiB', '2GB' or '2G' (units above); '0' turns the cap off; '' is unset. */
export const byteSize = z.string().transform((text, ctx) => {
  if (text.trim() === '') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*$/.exec(text);
  const unit = m && Object.hasOwn(SIZE_UNITS, m[2]) ? SIZE_UNITS[m[2]] : undefined;
  const bytes = m && unit !== undefined ? Math.floor(Number(m[1]) * unit) : NaN;
  if (!Number.isSafeInteger(bytes)) {
    ctx.addIssue({ code: 'custom', message: `expected ${BYTE_SIZE_EXPECTED}` });
    return z.NEVER;
  }
  return bytes;
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
  /** The most bytes cupyts's arrays may hold on the GPU (cp.get_default_memory_pool().set_limit); '0' or unset: no limit. */
  CUPYTS_GPU_MEMORY_LIMIT: byteSize.optional(),
  /** Threads for the CPU backend's large kernels, the calling one included (default: the machine's cores). */
  CUPYTS_CPU_THREADS: z.string().regex(/^\s*[1-9]\d*\s*$/, 'expected a positive integer').optional(),
  /** Sync readbacks and uploads of at least this size stage through pinned host memory (default 1MiB). */
  CUPYTS_PINNED_THRESHOLD: byteSize.optional(),
  /** The most pinned host memory cupyts keeps for copies (default 1GiB); '0': none (every copy pageable). */
  CUPYTS_PINNED_MAX_BYTES: byteSize.optional(),
  /** The number of virtual devices the CPU backend offers (default 1), so multi-device programs run without GPUs. */
  CUPYTS_CPU_DEVICES: z.string().regex(/^\s*([1-9]\d{0,2})?\s*$/, 'expected a device count from 1 to 999').optional(),
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
  /** 0: no limit. */
  gpuMemoryLimit: number;
  pinnedThreshold: number;
  /** The CPU backend's threads; undefined: the machine's cores. */
  cpuThreads: number | undefined;
  /** 0: no pinned memory. */
  pinnedMaxBytes: number;
  /** Virtual devices of the CPU backend (at least 1). */
  cpuDevices: number;
}

/** Default size from which sync copies stage through pinned memory: 1 MiB (a guess; bench/streams.mjs measures both paths). */
export const DEFAULT_PINNED_THRESHOLD = 2 ** 20;
/** Default cap on pinned host memory held: 1 GiB. */
export const DEFAULT_PINNED_MAX_BYTES = 2 ** 30;

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
    gpuMemoryLimit: typeof e.CUPYTS_GPU_MEMORY_LIMIT === 'number' ? e.CUPYTS_GPU_MEMORY_LIMIT : 0,
    cpuThreads: e.CUPYTS_CPU_THREADS ? Number(e.CUPYTS_CPU_THREADS) : undefined,
    pinnedThreshold: typeof e.CUPYTS_PINNED_THRESHOLD === 'number' ? e.CUPYTS_PINNED_THRESHOLD : DEFAULT_PINNED_THRESHOLD,
    pinnedMaxBytes: typeof e.CUPYTS_PINNED_MAX_BYTES === 'number' ? e.CUPYTS_PINNED_MAX_BYTES : DEFAULT_PINNED_MAX_BYTES,
    cpuDevices: Number(e.CUPYTS_CPU_DEVICES?.trim() || 1),
  };
}
