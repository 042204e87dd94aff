// The one place that loads the compiled addon (build/Release/cupyts.node), and the typed view of
// what it exports. Everything else in cupyts reaches CUDA through this module.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CupytsError } from '../ir/errors.js';
import type { CufftExports } from './cufft-exports.js';
import type { NcclExports } from './nccl-exports.js';
import type { CusolverExports } from './cusolver-exports.js';
import type { Environment } from './types.js';

export type Handle = bigint; // streams, events, modules, functions
export type DevicePtr = number; // device addresses fit in a JS number (below 2^53)
export type HostPtr = number; // page-locked host memory (cuMemHostAlloc), as an address

export interface NativeDeviceInfo {
  name: string;
  totalMemory: number;
  major: number;
  minor: number;
  multiprocessors: number;
  l2CacheBytes: number;
  maxThreadsPerBlock: number;
  maxThreadsPerMultiprocessor: number;
  maxSharedMemoryPerBlock: number;
  maxSharedMemoryPerBlockOptin: number;
  maxGridDimX: number;
  warpSize: number;
  memoryPoolsSupported: number;
}

export interface NativeFunctionAttributes {
  maxThreadsPerBlock: number;
  sharedBytes: number;
  constBytes: number;
  localBytes: number;
  registers: number;
  ptxVersion: number;
  binaryVersion: number;
}

export interface NativeCompileResult {
  ok: boolean;
  status: number;
  statusName: string;
  step: string;
  log: string;
  binary: Uint8Array | null;
}

/** Launch argument letters: p pointer, i int32, I uint32, l int64, L uint64, f float32, d float64. */
export type ArgTypeCode = 'p' | 'i' | 'I' | 'l' | 'L' | 'f' | 'd';
export type HostMemory = ArrayBufferView | ArrayBuffer;

export interface NativeAddon extends CusolverExports, CufftExports, NcclExports {
  abiVersion: number;
  // library loading: each returns '' on success, else the reason
  loadDriver(path: string): string;
  loadNvrtc(path: string): string;
  preloadLibrary(path: string): string;
  // driver
  init(): void;
  driverVersion(): number;
  deviceCount(): number;
  deviceInfo(ordinal: number): NativeDeviceInfo;
  useDevice(ordinal: number): void;
  /** Makes the context of a device useDevice() opened current (on this thread and for async work). */
  setCurrentDevice(ordinal: number): void;
  memGetInfo(): { free: number; total: number };
  memPoolStats(ordinal: number): { reserved: number; used: number };
  memPoolTrim(ordinal: number, minBytesToKeep: number): void;
  ctxSynchronize(): void;
  /** flags: CU_STREAM_NON_BLOCKING (1, the default) or CU_STREAM_DEFAULT (0). */
  streamCreate(flags?: number): Handle;
  streamDestroy(stream: Handle): void;
  streamSynchronize(stream: Handle): void;
  streamSynchronizeAsync(stream: Handle): Promise<void>;
  /** flags: CU_EVENT_DEFAULT (0, the default), CU_EVENT_DISABLE_TIMING (2). */
  eventCreate(flags?: number): Handle;
  eventDestroy(event: Handle): void;
  eventRecord(event: Handle, stream: Handle): void;
  eventSynchronize(event: Handle): void;
  eventElapsedMs(start: Handle, end: Handle): number;
  // streams, events and pinned host memory (native/driver_streams.cc)
  streamQuery(stream: Handle): boolean;
  eventQuery(event: Handle): boolean;
  streamWaitEvent(stream: Handle, event: Handle): void;
  streamWaitStream(waiter: Handle, waitee: Handle, event: Handle): void;
  streamDoneAsync(stream: Handle): Promise<void>;
  hostAlloc(bytes: number): HostPtr;
  hostFree(ptr: HostPtr): void;
  memcpyDtoHQueued(dst: HostPtr, src: DevicePtr, bytes: number, stream: Handle): void;
  memcpyHtoDQueued(dst: DevicePtr, src: HostPtr, bytes: number, stream: Handle): void;
  /** memcpy split over `threads` threads (default 1): see copyThreads in ./pinned-pool.ts. */
  hostRead(dst: HostMemory, src: HostPtr, threads?: number): void;
  hostWrite(dst: HostPtr, src: HostMemory, threads?: number): void;
  memAlloc(bytes: number, stream: Handle): DevicePtr;
  memFree(ptr: DevicePtr, stream: Handle): void;
  memcpyHtoD(dst: DevicePtr, src: HostMemory, stream: Handle): void;
  memcpyDtoH(dst: HostMemory, src: DevicePtr, stream: Handle): void;
  memcpyHtoDAsync(dst: DevicePtr, src: HostMemory, stream: Handle): Promise<void>;
  memcpyDtoHAsync(dst: HostMemory, src: DevicePtr, stream: Handle): Promise<void>;
  memcpyDtoD(dst: DevicePtr, src: DevicePtr, bytes: number, stream: Handle): void;
  memsetD8(ptr: DevicePtr, value: number, bytes: number, stream: Handle): void;
  moduleLoad(image: Uint8Array): Handle;
  moduleUnload(module: Handle): void;
  moduleGetFunction(module: Handle, name: string): Handle;
  functionAttributes(fn: Handle): NativeFunctionAttributes;
  launch(
    fn: Handle, gx: number, gy: number, gz: number, bx: number, by: number, bz: number,
    sharedBytes: number, stream: Handle, count: number, slots: ArrayBuffer,
  ): void;
  // CUDA graphs (native/driver_graphs.cc; src/runtime/cuda-graph.ts)
  graphsSupported(): boolean;
  graphCreate(): Handle;
  graphDestroy(graph: Handle): void;
  graphAddKernelNode(
    graph: Handle, dependency: Handle, fn: Handle, gx: number, gy: number, gz: number, bx: number, by: number, bz: number,
    sharedBytes: number, count: number, slots: ArrayBuffer,
  ): Handle;
  graphInstantiate(graph: Handle): Handle;
  graphExecKernelNodeSetParams(
    exec: Handle, node: Handle, fn: Handle, gx: number, gy: number, gz: number, bx: number, by: number, bz: number,
    sharedBytes: number, count: number, slots: ArrayBuffer,
  ): void;
  graphLaunch(exec: Handle, stream: Handle): void;
  /** Whether the driver can capture a stream's work into a graph and nest graphs (CUDA 11.1+). */
  captureSupported(): boolean;
  /** Starts capturing `stream`'s work (relaxed mode: other threads' calls are not refused). */
  streamBeginCapture(stream: Handle): void;
  /** Ends the capture: the graph of the work queued on `stream` since streamBeginCapture. */
  streamEndCapture(stream: Handle): Handle;
  graphAddChildGraphNode(graph: Handle, dependency: Handle, child: Handle): Handle;
  graphExecChildGraphNodeSetParams(exec: Handle, node: Handle, child: Handle): void;
  graphExecDestroy(exec: Handle): void;
  // NVRTC
  nvrtcVersion(): [number, number];
  nvrtcLoadedPath(): string;
  nvrtcSupportedArchs(): number[];
  nvrtcCompile(source: string, name: string, options: readonly string[], target: 'cubin' | 'ptx'): NativeCompileResult;
  nvrtcCompileAsync(source: string, name: string, options: readonly string[], target: 'cubin' | 'ptx'): Promise<NativeCompileResult>;
  // cuBLAS (column-major; enum values as in cublas_api.h and library_types.h)
  loadCublas(path: string): string;
  cublasLoadedPath(): string;
  cublasCreate(): Handle;
  cublasDestroy(handle: Handle): void;
  cublasGetVersion(handle: Handle): number;
  cublasSetStream(handle: Handle, stream: Handle): void;
  cublasSetMathMode(handle: Handle, mode: number): void;
  /** Gives the handle `bytes` of workspace at `ptr`; false where cuBLAS has no cublasSetWorkspace (before 11.4). */
  cublasSetWorkspace(handle: Handle, ptr: DevicePtr, bytes: number): boolean;
  cublasSgemm(
    handle: Handle, transa: number, transb: number, m: number, n: number, k: number, alpha: number,
    a: DevicePtr, lda: number, b: DevicePtr, ldb: number, beta: number, c: DevicePtr, ldc: number,
  ): void;
  cublasDgemm(
    handle: Handle, transa: number, transb: number, m: number, n: number, k: number, alpha: number,
    a: DevicePtr, lda: number, b: DevicePtr, ldb: number, beta: number, c: DevicePtr, ldc: number,
  ): void;
  cublasGemmEx(
    handle: Handle, transa: number, transb: number, m: number, n: number, k: number, alpha: number,
    a: DevicePtr, aType: number, lda: number, b: DevicePtr, bType: number, ldb: number, beta: number,
    c: DevicePtr, cType: number, ldc: number, computeType: number, algo: number,
  ): void;
  cublasGemmStridedBatchedEx(
    handle: Handle, transa: number, transb: number, m: number, n: number, k: number, alpha: number,
    a: DevicePtr, aType: number, lda: number, strideA: number, b: DevicePtr, bType: number, ldb: number, strideB: number,
    beta: number, c: DevicePtr, cType: number, ldc: number, strideC: number, batchCount: number, computeType: number, algo: number,
  ): void;
  /** cgemm (complex64) and zgemm (complex128): alpha and beta as their real and imaginary parts. */
  cublasCgemm: ComplexGemmFn;
  cublasZgemm: ComplexGemmFn;
  cublasCgemmStridedBatched: ComplexGemmStridedBatchedFn;
  cublasZgemmStridedBatched: ComplexGemmStridedBatchedFn;
}

type ComplexGemmFn = (
  handle: Handle, transa: number, transb: number, m: number, n: number, k: number, alphaRe: number, alphaIm: number,
  a: DevicePtr, lda: number, b: DevicePtr, ldb: number, betaRe: number, betaIm: number, c: DevicePtr, ldc: number,
) => void;

type ComplexGemmStridedBatchedFn = (
  handle: Handle, transa: number, transb: number, m: number, n: number, k: number, alphaRe: number, alphaIm: number,
  a: DevicePtr, lda: number, strideA: number, b: DevicePtr, ldb: number, strideB: number,
  betaRe: number, betaIm: number, c: DevicePtr, ldc: number, strideC: number, batchCount: number,
) => void;

/** The package root: this file sits in src/runtime/ (tests) or dist/runtime/ (the package). */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where the addon may be, in the order tried. CUPYTS_NATIVE_PATH overrides them all. */
export function addonCandidates(env: Environment = process.env): string[] {
  if (env.CUPYTS_NATIVE_PATH) return [resolve(env.CUPYTS_NATIVE_PATH)];
  return ['Release', 'Debug'].map((config) => join(PACKAGE_ROOT, 'build', config, 'cupyts.node'));
}

/** Tries each candidate; if none loads, one error lists every path and why, and how to fix it. */
export function loadAddonFrom(candidates: readonly string[], load: (path: string) => unknown): NativeAddon {
  const tried: string[] = [];
  for (const path of candidates) {
    if (!existsSync(path)) {
      tried.push(`  ${path}: not found`);
      continue;
    }
    try {
      return load(path) as NativeAddon;
    } catch (err) {
      tried.push(`  ${path}: ${(err as Error).message}`);
    }
  }
  return throwAddonMissing(tried);
}

function throwAddonMissing(tried: string[]): never {
  throw new CupytsError(
    'ERR_NATIVE_LOAD',
    'cupyts: could not load the native addon (cupyts.node). Tried:\n' + tried.join('\n') +
      '\nTo fix: run `npm install` (or `npm run build`) in the cupyts package to build it with cmake-js ' +
      '(needs cmake and a C++17 compiler, no CUDA), or set CUPYTS_NATIVE_PATH to a built cupyts.node.',
  );
}

let cached: NativeAddon | undefined;

/** The addon, loaded on first use. Throws ERR_NATIVE_LOAD with the list of paths tried. */
export function native(): NativeAddon {
  if (!cached) {
    const require = createRequire(import.meta.url);
    cached = loadAddonFrom(addonCandidates(), (path) => require(path));
  }
  return cached;
}
