// The typed view of the addon's cuSOLVER exports (native/cusolver.cc): one function per
// cusolverDn call. Matrices are column-major device pointers; workspace sizes are in elements.
// The S (float32), D (float64), C (complex64) and Z (complex128) calls share their signatures, so
// they are typed once with the letter in the name; the complex ones keep the real names here
// (cusolverDnZorgqr is the addon's name for cusolverDnZungqr, syevd for heevd), and their
// singular values and eigenvalues are real arrays.
import type { DevicePtr, Handle, HostPtr } from './native.js';

/** The letter cuSOLVER names a call's element type with. */
export type SolverLetter = 'S' | 'D' | 'C' | 'Z';

/** The calls that exist once per element type, named without the cusolverDn<letter> prefix. */
export interface CusolverTypedCalls {
  getrf_bufferSize(h: Handle, m: number, n: number, a: DevicePtr, lda: number): number;
  getrf(h: Handle, m: number, n: number, a: DevicePtr, lda: number, work: DevicePtr, ipiv: DevicePtr, info: DevicePtr): void;
  getrs(h: Handle, trans: number, n: number, nrhs: number, a: DevicePtr, lda: number, ipiv: DevicePtr, b: DevicePtr, ldb: number, info: DevicePtr): void;
  potrf_bufferSize(h: Handle, uplo: number, n: number, a: DevicePtr, lda: number): number;
  potrf(h: Handle, uplo: number, n: number, a: DevicePtr, lda: number, work: DevicePtr, lwork: number, info: DevicePtr): void;
  potrfBatched(h: Handle, uplo: number, n: number, aArray: DevicePtr, lda: number, info: DevicePtr, batch: number): void;
  geqrf_bufferSize(h: Handle, m: number, n: number, a: DevicePtr, lda: number): number;
  geqrf(h: Handle, m: number, n: number, a: DevicePtr, lda: number, tau: DevicePtr, work: DevicePtr, lwork: number, info: DevicePtr): void;
  orgqr_bufferSize(h: Handle, m: number, n: number, k: number, a: DevicePtr, lda: number, tau: DevicePtr): number;
  orgqr(h: Handle, m: number, n: number, k: number, a: DevicePtr, lda: number, tau: DevicePtr, work: DevicePtr, lwork: number, info: DevicePtr): void;
  gesvdj_bufferSize(
    h: Handle, jobz: number, econ: number, m: number, n: number, a: DevicePtr, lda: number, s: DevicePtr,
    u: DevicePtr, ldu: number, v: DevicePtr, ldv: number, params: Handle,
  ): number;
  gesvdj(
    h: Handle, jobz: number, econ: number, m: number, n: number, a: DevicePtr, lda: number, s: DevicePtr,
    u: DevicePtr, ldu: number, v: DevicePtr, ldv: number, work: DevicePtr, lwork: number, info: DevicePtr, params: Handle,
  ): void;
  gesvdjBatched_bufferSize(
    h: Handle, jobz: number, m: number, n: number, a: DevicePtr, lda: number, s: DevicePtr,
    u: DevicePtr, ldu: number, v: DevicePtr, ldv: number, params: Handle, batch: number,
  ): number;
  gesvdjBatched(
    h: Handle, jobz: number, m: number, n: number, a: DevicePtr, lda: number, s: DevicePtr, u: DevicePtr, ldu: number,
    v: DevicePtr, ldv: number, work: DevicePtr, lwork: number, info: DevicePtr, params: Handle, batch: number,
  ): void;
  syevd_bufferSize(h: Handle, jobz: number, uplo: number, n: number, a: DevicePtr, lda: number, w: DevicePtr): number;
  syevd(h: Handle, jobz: number, uplo: number, n: number, a: DevicePtr, lda: number, w: DevicePtr, work: DevicePtr, lwork: number, info: DevicePtr): void;
  syevjBatched_bufferSize(h: Handle, jobz: number, uplo: number, n: number, a: DevicePtr, lda: number, w: DevicePtr, params: Handle, batch: number): number;
  syevjBatched(
    h: Handle, jobz: number, uplo: number, n: number, a: DevicePtr, lda: number, w: DevicePtr, work: DevicePtr,
    lwork: number, info: DevicePtr, params: Handle, batch: number,
  ): void;
}

type Prefixed<L extends string> = {
  [K in keyof CusolverTypedCalls as `cusolverDn${L}${K & string}`]: CusolverTypedCalls[K];
};

/** What the addon exports for cuSOLVER. */
export interface CusolverExports extends Prefixed<'S'>, Prefixed<'D'>, Prefixed<'C'>, Prefixed<'Z'> {
  loadCusolver(path: string): string;
  cusolverLoadedPath(): string;
  cusolverDnCreate(): Handle;
  cusolverDnDestroy(h: Handle): void;
  cusolverDnSetStream(h: Handle, stream: Handle): void;
  cusolverDnCreateGesvdjInfo(): Handle;
  cusolverDnDestroyGesvdjInfo(params: Handle): void;
  cusolverDnXgesvdjSetTolerance(params: Handle, tolerance: number): void;
  cusolverDnXgesvdjSetMaxSweeps(params: Handle, sweeps: number): void;
  cusolverDnCreateSyevjInfo(): Handle;
  cusolverDnDestroySyevjInfo(params: Handle): void;
  cusolverDnXsyevjSetTolerance(params: Handle, tolerance: number): void;
  cusolverDnXsyevjSetMaxSweeps(params: Handle, sweeps: number): void;
  /** The first Xgeev symbol (CUDA 12.6+) the loaded library lacks, or '' where it has them all. */
  cusolverGeevMissing(): string;
  cusolverDnCreateParams(): Handle;
  cusolverDnDestroyParams(params: Handle): void;
  /** Workspace sizes in bytes: [device, host]. Types are cudaDataType codes, modes cusolverEigMode_t. */
  cusolverDnXgeev_bufferSize(
    h: Handle, params: Handle, jobvl: number, jobvr: number, n: number, typeA: number, a: DevicePtr, lda: number,
    typeW: number, w: DevicePtr, typeVL: number, vl: DevicePtr, ldvl: number, typeVR: number, vr: DevicePtr, ldvr: number, computeType: number,
  ): [number, number];
  /** `hostWork` (JS memory, or page-locked memory's address with its size in `hostBytes`) must stay alive until the call's work is done (the caller keeps it). */
  cusolverDnXgeev(
    h: Handle, params: Handle, jobvl: number, jobvr: number, n: number, typeA: number, a: DevicePtr, lda: number,
    typeW: number, w: DevicePtr, typeVL: number, vl: DevicePtr, ldvl: number, typeVR: number, vr: DevicePtr, ldvr: number, computeType: number,
    deviceWork: DevicePtr, deviceBytes: number, hostWork: Uint8Array | HostPtr, info: DevicePtr, hostBytes?: number,
  ): void;
  /** The first Xpotrf symbol (CUDA 11.1+) or params call the loaded library lacks, or '' where it has them all. */
  cusolverXpotrfMissing(): string;
  /** Workspace sizes in bytes: [device, host]. uplo is cublasFillMode_t, types cudaDataType codes. */
  cusolverDnXpotrf_bufferSize(h: Handle, params: Handle, uplo: number, n: number, typeA: number, a: DevicePtr, lda: number, computeType: number): [number, number];
  cusolverDnXpotrf(
    h: Handle, params: Handle, uplo: number, n: number, typeA: number, a: DevicePtr, lda: number, computeType: number,
    deviceWork: DevicePtr, deviceBytes: number, hostWork: Uint8Array | HostPtr, hostBytes: number, info: DevicePtr,
  ): void;
}

/** The calls of one element type, bound to the addon. */
export function typedCalls(addon: CusolverExports, letter: SolverLetter): CusolverTypedCalls {
  return new Proxy({} as CusolverTypedCalls, {
    get: (_, name: string) => {
      const fn = (addon as unknown as Record<string, (...args: unknown[]) => unknown>)[`cusolverDn${letter}${name}`];
      return (...args: unknown[]) => fn.apply(addon, args);
    },
  });
}
