import { CupytsError } from '../ir/errors.js';

// Counting the bytes a device hands out, for memory statistics and leak checks.
export interface MemoryStats {
  /** Bytes in live cupyts buffers on this device. */
  bytesInUse: number;
  /** Highest bytesInUse seen since the device was opened (or the peak was reset). */
  peakBytesInUse: number;
  /** Live buffers. */
  buffers: number;
  /** Bytes the CUDA memory pool holds from the driver (0 on the CPU). */
  poolReservedBytes: number;
  /** Bytes of the pool in use: cupyts's buffers, freed small buffers kept for reuse, and pending frees (0 on the CPU). */
  poolUsedBytes: number;
}

export class MemoryCounter {
  bytesInUse = 0;
  peakBytesInUse = 0;
  buffers = 0;
  /** The most bytes cupyts's buffers may hold on this device; 0: no limit (cp.get_default_memory_pool().set_limit). */
  limit = 0;

  /** Whether `bytes` more would pass the limit. */
  overLimit(bytes: number): boolean {
    return this.limit > 0 && this.bytesInUse + bytes > this.limit;
  }

  /** The error of an allocation past the limit (after the caller freed what it could). */
  limitError(op: string, bytes: number, keptBytes: number): CupytsError {
    return new CupytsError('ERR_OUT_OF_MEMORY',
      `${op}: expected at most ${this.limit} bytes in use (the memory limit), got a request for ${bytes} bytes with ${this.bytesInUse} bytes in use ` +
      `in ${this.buffers} buffers and ${keptBytes} bytes kept for reuse. Free arrays you no longer need with dispose() (or \`using\`), or raise the limit ` +
      '(cp.get_default_memory_pool().set_limit, CUPYTS_GPU_MEMORY_LIMIT)');
  }

  allocated(bytes: number): void {
    this.bytesInUse += bytes;
    this.buffers += 1;
    if (this.bytesInUse > this.peakBytesInUse) this.peakBytesInUse = this.bytesInUse;
  }

  freed(bytes: number): void {
    this.bytesInUse -= bytes;
    this.buffers -= 1;
  }

  snapshot(): Pick<MemoryStats, 'bytesInUse' | 'peakBytesInUse' | 'buffers'> {
    return { bytesInUse: this.bytesInUse, peakBytesInUse: this.peakBytesInUse, buffers: this.buffers };
  }

  resetPeak(): void {
    this.peakBytesInUse = this.bytesInUse;
  }
}
