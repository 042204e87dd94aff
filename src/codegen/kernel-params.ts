// The parameter list of a generated kernel, in order: what the launcher must pass for each.
export type KernelParam =
  | { kind: 'input'; index: number }
  | { kind: 'output'; index: number }
  | { kind: 'scalar'; index: number; code: 'i' | 'I' | 'l' | 'L' | 'f' | 'd' }
  | { kind: 'size' }
  | { kind: 'dim'; index: number }
  | { kind: 'stride'; input: number; dim: number }
  /** A stride of an assignment's strided output (KernelPlan.store) along merged dimension `dim`. */
  | { kind: 'storeStride'; dim: number }
  | { kind: 'vectorOk' }
  /** 1 where the launch is the rows path's (src/codegen/cuda.ts rowsLaunch), 0 for the flat loop. */
  | { kind: 'byRows' }
  /** The magic multiplier and shift that divide by dimension `dim` (src/codegen/cuda.ts divMagic). */
  | { kind: 'divMagic'; dim: number }
  | { kind: 'divShift'; dim: number }
  /** The runner's int32 error flag (kernels that check indices record a failing site there). */
  | { kind: 'errorFlag' };

export interface GeneratedKernel {
  name: string;
  source: string;
  params: KernelParam[];
  /** Elements each thread handles per step on the vector path (1: no vector path). */
  vectorWidth: number;
  /** Vectors each thread handles on the vector path (its loads are issued together). */
  vectorsPerThread: number;
  /** Threads per block the kernel is written for. */
  blockSize: number;
  /** The vector path runs once per thread (no grid-stride loop): the grid must cover every vector. */
  onePass: boolean;
}
