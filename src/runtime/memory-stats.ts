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
