// The typed view of the addon's cuFFT exports (native/cufft.cc): one function per cuFFT call.
// Plans are cuFFT's int handles; data and work areas are device pointers; sizes are in bytes.
import type { DevicePtr, Handle } from './native.js';

/** cufftType values (cufft.h). */
export const CUFFT_TYPE = { R2C: 0x2a, C2R: 0x2c, C2C: 0x29, D2Z: 0x6a, Z2D: 0x6c, Z2Z: 0x69 } as const;
/** The direction argument of cufftExecC2C/Z2Z. */
export const CUFFT_FORWARD = -1;
export const CUFFT_INVERSE = 1;

/** What the addon exports for cuFFT. A failing call throws an Error whose code is the result's name (CUFFT_INVALID_PLAN, …). */
export interface CufftExports {
  /** '' on success, else why the file could not be loaded. */
  loadCufft(path: string): string;
  cufftLoadedPath(): string;
  cufftGetVersion(): number;
  cufftCreate(): number;
  cufftDestroy(plan: number): void;
  cufftSetAutoAllocation(plan: number, autoAllocate: 0 | 1): void;
  /** Returns the work area's size in bytes; null embeds select the basic (contiguous) layout. */
  cufftMakePlanMany(
    plan: number, n: readonly number[], inembed: readonly number[] | null, istride: number, idist: number,
    onembed: readonly number[] | null, ostride: number, odist: number, type: number, batch: number,
  ): number;
  cufftMakePlanMany64(
    plan: number, n: readonly number[], inembed: readonly number[] | null, istride: number, idist: number,
    onembed: readonly number[] | null, ostride: number, odist: number, type: number, batch: number,
  ): number;
  cufftGetSize(plan: number): number;
  cufftSetWorkArea(plan: number, workArea: DevicePtr): void;
  cufftSetStream(plan: number, stream: Handle): void;
  cufftExecC2C(plan: number, input: DevicePtr, output: DevicePtr, direction: number): void;
  cufftExecZ2Z(plan: number, input: DevicePtr, output: DevicePtr, direction: number): void;
  cufftExecR2C(plan: number, input: DevicePtr, output: DevicePtr): void;
  cufftExecD2Z(plan: number, input: DevicePtr, output: DevicePtr): void;
  cufftExecC2R(plan: number, input: DevicePtr, output: DevicePtr): void;
  cufftExecZ2D(plan: number, input: DevicePtr, output: DevicePtr): void;
}
