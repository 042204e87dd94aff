// CuPy's memory pool interface (cupy.get_default_memory_pool()) over the current backend's device:
// the bytes cupyts's arrays hold, the freed buffers kept for reuse (src/runtime/buffer-pool.ts),
// freeing those, and a limit on the bytes in use (past it an allocation frees what it can, then
// fails with ERR_OUT_OF_MEMORY naming the request and the pool's state). The limit starts from
// CUPYTS_GPU_MEMORY_LIMIT on a CUDA device.
import { CupytsError } from '../ir/errors.js';
import type { CpuDevice } from '../runtime/cpu-device.js';
import type { CudaDevice } from '../runtime/cuda-device.js';
import { currentRunner } from './context.js';
import * as t from './param-types.js';
import { declare, keyword, noArguments, positional, signature } from './signature.js';

type PoolDevice = CpuDevice | CudaDevice;

const SET_LIMIT = signature('MemoryPool.set_limit', [
  positional('size', t.nullable(t.count), null), keyword('fraction', t.nullable(t.number), null),
] as const);

/** The memory pool of one device (CuPy's cupy.cuda.MemoryPool methods; sizes in bytes). */
export class MemoryPool {
  readonly #device: PoolDevice;

  /** @internal Made by get_default_memory_pool. */
  constructor(device: PoolDevice) {
    this.#device = device;
  }

  /** Bytes held by live arrays. */
  used_bytes(): number {
    noArguments('MemoryPool.used_bytes', arguments);
    return this.#device.memoryStats().bytesInUse;
  }

  /** Bytes of freed buffers kept for reuse. */
  free_bytes(): number {
    noArguments('MemoryPool.free_bytes', arguments);
    return this.#device.keptBytes;
  }

  /** used_bytes() + free_bytes(). */
  total_bytes(): number {
    noArguments('MemoryPool.total_bytes', arguments);
    return this.#device.memoryStats().bytesInUse + this.#device.keptBytes;
  }

  /** Freed buffers kept for reuse. */
  n_free_blocks(): number {
    noArguments('MemoryPool.n_free_blocks', arguments);
    return this.#device.keptBuffers;
  }

  /** Frees the buffers kept for reuse. */
  free_all_blocks(): void {
    noArguments('MemoryPool.free_all_blocks', arguments);
    this.#device.releaseKeptBuffers();
  }

  /** The limit on used_bytes() (0: none). */
  get_limit(): number {
    noArguments('MemoryPool.get_limit', arguments);
    return this.#device.memoryLimit;
  }

  /**
   * set_limit(size=null, {fraction}): limits used_bytes() to `size` bytes, or to `fraction` of the
   * device's memory (CUDA only); 0 or neither: no limit.
   */
  set_limit(...args: unknown[]): void {
    const { size, fraction } = SET_LIMIT.parse(args);
    if (size !== null && fraction !== null) throw new CupytsError('ERR_ARG', 'MemoryPool.set_limit: expected size or fraction, got both');
    if (fraction === null) {
      this.#device.memoryLimit = size ?? 0;
      return;
    }
    if (!(fraction >= 0 && fraction <= 1)) throw new CupytsError('ERR_ARG', `MemoryPool.set_limit: expected fraction in [0, 1], got ${fraction}`);
    if (!('info' in this.#device)) throw new CupytsError('ERR_UNSUPPORTED', 'MemoryPool.set_limit: fraction needs a CUDA device (the CPU backend has no device memory size); pass size');
    this.#device.memoryLimit = Math.floor(fraction * this.#device.info.totalMemory);
  }
}

const pools = new WeakMap<PoolDevice, MemoryPool>();

/** cp.get_default_memory_pool(): the memory pool of the current backend's device. */
export const get_default_memory_pool = declare('get_default_memory_pool', [] as const, (): MemoryPool => {
  const device = (currentRunner() as unknown as { device: PoolDevice }).device;
  let pool = pools.get(device);
  if (!pool) pools.set(device, (pool = new MemoryPool(device)));
  return pool;
});
