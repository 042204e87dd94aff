// cuBLAS for one device: a handle bound to the device's stream, and row-major GEMMs on float16,
// float32, float64, complex64 (cgemm) and complex128 (zgemm) buffers. Row-major C = A @ B is the
// column-major C^T = B^T @ A^T, so every call swaps the operands (m <-> n); an operand stored
// transposed (an F-ordered matrix, such as x.T) is passed with OP_T, and a conjugated A with OP_C. float32 uses CUBLAS_DEFAULT_MATH
// (no TF32: results as NumPy's float32 loops give them) unless TF32 is allowed; float16 inputs
// accumulate in float32 (CUBLAS_COMPUTE_32F).
import { CupytsError } from '../ir/errors.js';
import { loadCublas } from './cuda-libraries.js';
import type { CudaDevice } from './cuda-device.js';
import type { CudaStream } from './cuda-stream.js';
import type { DevicePtr, Handle } from './native.js';

/** Values from library_types.h and cublas_api.h. */
const CUDA_R = { float16: 2, float32: 0, float64: 1 } as const;
const COMPUTE_32F = 68;
const COMPUTE_32F_FAST_TF32 = 77;
const COMPUTE_64F = 70;
const OP_N = 0;
const OP_T = 1;
const OP_C = 2;
const GEMM_DEFAULT = -1;
const DEFAULT_MATH = 0;
const TF32_TENSOR_OP_MATH = 3;

export type GemmDType = keyof typeof CUDA_R | 'complex64' | 'complex128';

/** A batched row-major GEMM: C[b] (m x n, contiguous, b-th of `batch`) = A[b] (m x k) @ B[b] (k x n). */
export interface GemmCall {
  dtype: GemmDType;
  batch: number;
  m: number;
  n: number;
  k: number;
  a: DevicePtr;
  b: DevicePtr;
  c: DevicePtr;
  /** Elements between consecutive A (B) matrices; 0 repeats one matrix for every batch. */
  strideA: number;
  strideB: number;
  /** A (B) is stored as its transpose: each matrix's elements in column-major order (ld m, resp. k). */
  transA?: boolean;
  transB?: boolean;
  /** Conjugate A (complex dtypes): needs A stored transposed, or m = 1. */
  conjA?: boolean;
  allowTF32: boolean;
}

const INT32_MAX = 2 ** 31 - 1;

/**
 * cuBLAS's workspace per stream: 32 MiB, what cuBLAS's documentation advises for Hopper (and more
 * than the 4 MiB it advises for older GPUs). A workspace of our own, set on the handle, keeps
 * cuBLAS from allocating one while a CUDA graph captures a GEMM: a captured allocation is a
 * memory node, and a graph holding one cannot be a child node of a traced function's graph
 * (cuGraphAddChildGraphNode: CUDA_ERROR_NOT_SUPPORTED). One per stream, so two streams never
 * share scratch memory.
 */
const WORKSPACE_BYTES = 32 << 20;

export class Cublas {
  readonly device: CudaDevice;
  readonly #handle: Handle;
  /** The stream the handle queues its work on: the current stream when `handle` was last taken. */
  #stream: Handle | undefined;
  readonly path: string;
  #mathMode = DEFAULT_MATH;
  /** The workspace of each live stream the handle has queued on, freed when that stream is collected. */
  readonly #workspaces = new Map<Handle, DevicePtr>();

  private constructor(device: CudaDevice, path: string) {
    this.device = device;
    this.path = path;
    this.#handle = device.addon.cublasCreate();
    this.#bind(device.currentStream);
    device.addon.cublasSetMathMode(this.handle, DEFAULT_MATH);
  }

  /** The library handle, bound to the current stream (so its calls queue there) and that stream's workspace. */
  get handle(): Handle {
    const s = this.device.currentStream;
    if (s.handle !== this.#stream) this.#bind(s);
    return this.#handle;
  }

  /** Binds the handle to stream `s` and its workspace (setStream resets the workspace to cuBLAS's own). */
  #bind(s: CudaStream): void {
    const addon = this.device.addon;
    const h = s.handle;
    addon.cublasSetStream(this.#handle, h);
    this.#stream = h;
    let ws = this.#workspaces.get(h);
    if (ws === undefined) {
      ws = addon.memAlloc(WORKSPACE_BYTES, h);
      this.#workspaces.set(h, ws);
      if (s !== this.device.defaultStream) s.onDestroy(() => this.#dropWorkspace(h));
    }
    addon.cublasSetWorkspace(this.#handle, ws, WORKSPACE_BYTES);
  }

  /**
   * Frees the workspace of stream `h`, which is being destroyed, in order after its work. The
   * handle goes back to the device's own stream first, so that it never points at freed memory
   * (nor at a later stream that reuses the handle's value).
   */
  #dropWorkspace(h: Handle): void {
    if (this.#stream === h) this.#bind(this.device.defaultStream);
    const ws = this.#workspaces.get(h);
    this.#workspaces.delete(h);
    if (ws !== undefined) this.device.addon.memFree(ws, h);
  }

  static #open = new Map<CudaDevice, Cublas>();

  /** cuBLAS for `device`, created once; throws ERR_CUBLAS_NOT_FOUND where the library is missing. */
  static for(device: CudaDevice): Cublas {
    let c = Cublas.#open.get(device);
    if (!c) {
      const path = loadCublas(device.addon);
      c = new Cublas(device, path);
      Cublas.#open.set(device, c);
    }
    return c;
  }

  get version(): number {
    return this.device.addon.cublasGetVersion(this.handle);
  }

  #setMathMode(mode: number): void {
    if (mode === this.#mathMode) return;
    this.device.addon.cublasSetMathMode(this.handle, mode);
    this.#mathMode = mode;
  }

  /**
   * Queues C = A @ B (row-major) on the device's stream (or hands it to the device's launch
   * collector, which may capture it into a CUDA graph: ./cuda-graph.ts).
   */
  gemm(call: GemmCall): void {
    const { dtype, batch, m, n, k } = call;
    if ([m, n, k].some((d) => d > INT32_MAX) || batch > INT32_MAX) {
      throw new CupytsError('ERR_ARG', `matmul: expected matrix dimensions below 2^31 for cuBLAS, got (${m}, ${k}) @ (${k}, ${n})`);
    }
    void this.handle; // binds the current stream's workspace now, not while a graph captures the call
    const shape = `${dtype}:${batch}:${m}:${n}:${k}:${call.strideA}:${call.strideB}:${!!call.transA}:${!!call.transB}:${!!call.conjA}:${call.allowTF32}`;
    this.device.libraryCall({ library: 'cublas', shape, args: `${call.a}:${call.b}:${call.c}`, queue: () => this.#queueGemm(call) });
  }

  #queueGemm(call: GemmCall): void {
    const { dtype, batch, m, n, k } = call;
    const addon = this.device.addon;
    const h = this.handle;
    this.#setMathMode(dtype === 'float32' && call.allowTF32 ? TF32_TENSOR_OP_MATH : DEFAULT_MATH);
    // Column-major view: C^T (n x m, ld n) = op(B^T) (n x k) @ op(A^T) (k x m). A row-major
    // matrix is its transpose in column-major order (OP_N); one stored transposed is the matrix
    // itself in column-major order (OP_T, or OP_C to conjugate it).
    const opB = call.transB ? OP_T : OP_N;
    const ldb = call.transB ? k : n;
    let opA = call.transA ? OP_T : OP_N;
    let lda = call.transA ? m : k;
    if (call.conjA) {
      if (!call.transA && m !== 1) throw new CupytsError('ERR_INTERNAL', 'matmul: a conjugated A for cuBLAS must be stored transposed or be one row');
      opA = OP_C;
      lda = call.transA ? m : 1; // one row (1 x k) is also a column-major 1 x k matrix with ld 1
    }
    if (dtype === 'complex64' || dtype === 'complex128') {
      if (batch === 1) {
        const gemm = dtype === 'complex64' ? addon.cublasCgemm : addon.cublasZgemm;
        gemm(h, opB, opA, n, m, k, 1, 0, call.b, ldb, call.a, lda, 0, 0, call.c, n);
      } else {
        const gemm = dtype === 'complex64' ? addon.cublasCgemmStridedBatched : addon.cublasZgemmStridedBatched;
        gemm(h, opB, opA, n, m, k, 1, 0, call.b, ldb, call.strideB, call.a, lda, call.strideA, 0, 0, call.c, n, m * n, batch);
      }
    } else if (batch === 1 && dtype === 'float32') {
      addon.cublasSgemm(h, opB, opA, n, m, k, 1, call.b, ldb, call.a, lda, 0, call.c, n);
    } else if (batch === 1 && dtype === 'float64') {
      addon.cublasDgemm(h, opB, opA, n, m, k, 1, call.b, ldb, call.a, lda, 0, call.c, n);
    } else {
      const type = CUDA_R[dtype];
      const compute = dtype === 'float64' ? COMPUTE_64F : dtype === 'float32' && call.allowTF32 ? COMPUTE_32F_FAST_TF32 : COMPUTE_32F;
      if (batch === 1) {
        addon.cublasGemmEx(h, opB, opA, n, m, k, 1, call.b, type, ldb, call.a, type, lda, 0, call.c, type, n, compute, GEMM_DEFAULT);
      } else {
        addon.cublasGemmStridedBatchedEx(h, opB, opA, n, m, k, 1, call.b, type, ldb, call.strideB, call.a, type, lda, call.strideA,
          0, call.c, type, n, m * n, batch, compute, GEMM_DEFAULT);
      }
    }
  }
}
