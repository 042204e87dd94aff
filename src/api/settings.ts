// cp.config: settings that can change while a program runs. Defaults come from the environment
// (src/runtime/config.ts), read on first use.
import { CupytsError } from '../ir/errors.js';
import { readConfig } from '../runtime/config.js';
import { cpuThreadSettings, defaultCpuThreads } from '../runtime/cpu-pool.js';
import { pinnedSettings } from '../runtime/pinned-pool.js';

let allowTF32: boolean | undefined;
let cpuDevices: number | undefined;

export const config = {
  /** float32 matmul on cuBLAS may use TF32 tensor cores (default false, or CUPYTS_ALLOW_TF32=1). */
  get allowTF32(): boolean {
    return (allowTF32 ??= readConfig().allowTF32);
  },
  set allowTF32(value: boolean) {
    allowTF32 = Boolean(value);
  },
  /**
   * Sync readbacks of at least this many bytes stage through pinned (page-locked) host memory on
   * a CUDA device; Infinity: never, for uploads too (default 1 MiB, or CUPYTS_PINNED_THRESHOLD).
   * Uploads of any size and async readbacks (await x.data()) always do, so that nothing waits.
   */
  get pinnedThreshold(): number {
    if (Number.isNaN(pinnedSettings.threshold)) pinnedSettings.threshold = readConfig().pinnedThreshold;
    return pinnedSettings.threshold;
  },
  set pinnedThreshold(bytes: number) {
    pinnedSettings.threshold = byteCount('config.pinnedThreshold', bytes, true);
  },
  /** The most pinned host memory kept for copies; 0: none, every copy pageable (default 1 GiB, or CUPYTS_PINNED_MAX_BYTES). */
  get pinnedMaxBytes(): number {
    if (Number.isNaN(pinnedSettings.maxBytes)) pinnedSettings.maxBytes = readConfig().pinnedMaxBytes;
    return pinnedSettings.maxBytes;
  },
  set pinnedMaxBytes(bytes: number) {
    pinnedSettings.maxBytes = byteCount('config.pinnedMaxBytes', bytes, false);
  },
  /**
   * The number of virtual devices the CPU backend offers (default 1, or CUPYTS_CPU_DEVICES), so
   * that programs written for several GPUs (cp.cuda.Device(i), cp.cuda.nccl) run on any machine.
   */
  get cpuDevices(): number {
    return (cpuDevices ??= readConfig().cpuDevices);
  },
  set cpuDevices(count: number) {
    if (!(Number.isSafeInteger(count) && count >= 1 && count <= 999)) {
      throw new CupytsError('ERR_ARG', `config.cpuDevices: expected a device count from 1 to 999, got ${String(count)}`);
    }
    cpuDevices = count;
  },
  /**
   * Threads that run the CPU backend's large kernels, the calling thread included (default: the
   * machine's cores, os.availableParallelism(), or CUPYTS_CPU_THREADS); 1: the calling thread
   * only. Results are the same bit for bit for any count. A call splits only where its work pays
   * for the threads (src/api/cpu-parallel.ts).
   */
  get cpuThreads(): number {
    if (Number.isNaN(cpuThreadSettings.threads)) cpuThreadSettings.threads = readConfig().cpuThreads ?? defaultCpuThreads();
    return cpuThreadSettings.threads;
  },
  set cpuThreads(threads: number) {
    if (!(typeof threads === 'number' && Number.isSafeInteger(threads) && threads >= 1)) {
      throw new CupytsError('ERR_ARG', `config.cpuThreads: expected a positive integer, got ${String(threads)}`);
    }
    cpuThreadSettings.threads = threads;
  },
};

function byteCount(op: string, bytes: unknown, infinite: boolean): number {
  if (typeof bytes === 'number' && ((Number.isSafeInteger(bytes) && bytes >= 0) || (infinite && bytes === Infinity))) return bytes;
  throw new CupytsError('ERR_ARG', `${op}: expected a non-negative integer byte count${infinite ? ' or Infinity' : ''}, got ${String(bytes)}`);
}
