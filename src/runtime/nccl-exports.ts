// The typed view of the addon's NCCL exports (native/nccl.cc): one function per NCCL call.
// Communicators and streams are handles (bigints); data are device pointers; counts are elements.
import type { DevicePtr, Handle } from './native.js';

/** ncclDataType_t values (nccl.h). */
export const NCCL_DTYPE = {
  int8: 0, bool: 0, uint8: 1, int32: 2, uint32: 3, int64: 4, uint64: 5, float16: 6, float32: 7, float64: 8,
} as const;

/** ncclRedOp_t values (nccl.h). */
export const NCCL_OP = { sum: 0, prod: 1, max: 2, min: 3, avg: 4 } as const;

/** What the addon exports for NCCL. A failing call throws an Error whose code is the result's name (ncclInvalidArgument, …). */
export interface NcclExports {
  /** '' on success, else why the file could not be loaded. */
  loadNccl(path: string): string;
  ncclLoadedPath(): string;
  /** NCCL's version code, e.g. 22703 for 2.27.3. */
  ncclGetVersion(): number;
  /** A new unique id (128 bytes) for ncclCommInitRank. */
  ncclGetUniqueId(): Uint8Array;
  /** A communicator of rank `rank` among `nranks`, on the current context's device. */
  ncclCommInitRank(nranks: number, id: Uint8Array, rank: number): Handle;
  /** One communicator per device, ranks in the order given. */
  ncclCommInitAll(devices: readonly number[]): Handle[];
  ncclCommDestroy(comm: Handle): void;
  ncclCommAbort(comm: Handle): void;
  ncclCommCount(comm: Handle): number;
  ncclCommCuDevice(comm: Handle): number;
  ncclCommUserRank(comm: Handle): number;
  /** The communicator's pending asynchronous error (0: none). */
  ncclCommGetAsyncError(comm: Handle): number;
  ncclAllReduce(send: DevicePtr, recv: DevicePtr, count: number, dtype: number, op: number, comm: Handle, stream: Handle): void;
  ncclBroadcast(send: DevicePtr, recv: DevicePtr, count: number, dtype: number, root: number, comm: Handle, stream: Handle): void;
  ncclReduce(send: DevicePtr, recv: DevicePtr, count: number, dtype: number, op: number, root: number, comm: Handle, stream: Handle): void;
  ncclAllGather(send: DevicePtr, recv: DevicePtr, sendCount: number, dtype: number, comm: Handle, stream: Handle): void;
  ncclReduceScatter(send: DevicePtr, recv: DevicePtr, recvCount: number, dtype: number, op: number, comm: Handle, stream: Handle): void;
  ncclSend(buffer: DevicePtr, count: number, dtype: number, peer: number, comm: Handle, stream: Handle): void;
  ncclRecv(buffer: DevicePtr, count: number, dtype: number, peer: number, comm: Handle, stream: Handle): void;
  ncclGroupStart(): void;
  ncclGroupEnd(): void;
}
