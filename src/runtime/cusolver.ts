// cuSOLVER for one device: a handle bound to the device's stream, and the dense factorizations
// numpy.linalg needs, each over a batch of column-major matrices that sit `rows * cols` elements
// apart. The element type is passed through (float32 -> the S calls, float64 -> D, complex64 -> C,
// complex128 -> Z). Every call queues work on the stream and
// writes one devInfo int32 per matrix; reading and judging devInfo is the caller's (LinAlgError).
// Batched calls are used where cuSOLVER has them (potrfBatched; gesvdjBatched and syevjBatched for
// matrices up to 32 x 32); otherwise one call per matrix. General eigenvalues go through the
// generic Xgeev (CUDA 12.6+), which the library may lack: eig then says so (no CPU fallback).
import { CupytsError } from '../ir/errors.js';
import type { CudaBuffer } from './cuda-buffer.js';
import type { CudaDevice } from './cuda-device.js';
import { CUSOLVER_ENV, loadCusolver } from './cusolver-library.js';
import { typedCalls, type CusolverTypedCalls, type SolverLetter } from './cusolver-exports.js';
import type { DevicePtr, Handle, HostPtr } from './native.js';

/** Values from cublas_api.h and cusolver_common.h. */
const OP_N = 0;
const FILL_LOWER = 0;
const FILL_UPPER = 1;
const EIG_NOVECTOR = 0;
const EIG_VECTOR = 1;
/** cudaDataType codes (library_types.h): each solver dtype's own, and its complex counterpart's. */
const CUDA_TYPE: Record<SolverDType, number> = { float32: 0, float64: 1, complex64: 4, complex128: 5 };
const CUDA_COMPLEX: Record<SolverDType, number> = { float32: 4, float64: 5, complex64: 4, complex128: 5 };
/** The largest matrix side gesvdjBatched and syevjBatched accept. */
const JACOBI_BATCH_MAX = 32;

/** The element types cuSOLVER runs here, and the letter of their calls. */
const LETTERS = { float32: 'S', float64: 'D', complex64: 'C', complex128: 'Z' } as const satisfies Record<string, SolverLetter>;
export type SolverDType = keyof typeof LETTERS;
const ITEMSIZE: Record<SolverDType, number> = { float32: 4, float64: 8, complex64: 8, complex128: 16 };

export function isSolverDType(name: string): name is SolverDType {
  return name in LETTERS;
}

/** A batch of column-major matrices: `batch` of them, each `rows` x `cols`, packed. */
export interface MatrixBatch {
  dtype: SolverDType;
  batch: number;
  rows: number;
  cols: number;
  ptr: DevicePtr;
}

const INT32_MAX = 2 ** 31 - 1;

/**
 * Variants for a measured choice on the device: CUPYTS_CHOLESKY_CALL=legacy takes the legacy
 * cusolverDn<t>potrf for one matrix (default: the generic Xpotrf where the library has it);
 * CUPYTS_GEEV_HOST=pageable gives Xgeev a JS host workspace (default: page-locked memory).
 */
const CHOLESKY_CALL = process.env.CUPYTS_CHOLESKY_CALL ?? 'xpotrf';
const GEEV_HOST = process.env.CUPYTS_GEEV_HOST ?? 'pinned';

export class Cusolver {
  readonly device: CudaDevice;
  readonly #handle: Handle;
  /** The stream the handle queues its work on: the current stream when `handle` was last taken. */
  #stream: Handle;
  readonly path: string;
  /** Jacobi parameter objects (default tolerance and sweeps), one each per handle, kept for its life: cuSOLVER may read them after a call returns. */
  readonly #gesvdjParams: Handle;
  readonly #syevjParams: Handle;
  /** Xgeev's params object (made at the first eig) and its host workspaces, kept for the handle's life: a queued call may still use them. */
  #geevParams: Handle | undefined;
  readonly #hostWorkspaces: Uint8Array[] = [];
  /** Xgeev's page-locked host workspace (its hybrid steps copy through it), kept for the handle's life. */
  #pinnedWorkspace: { ptr: HostPtr; bytes: number } | undefined;
  /** Xpotrf's workspace sizes by dtype, side and triangle (the same for every matrix of them). */
  readonly #xpotrfSizes = new Map<string, [number, number]>();

  private constructor(device: CudaDevice, path: string) {
    this.device = device;
    this.path = path;
    this.#handle = device.addon.cusolverDnCreate();
    this.#stream = device.stream;
    device.addon.cusolverDnSetStream(this.#handle, this.#stream);
    this.#gesvdjParams = device.addon.cusolverDnCreateGesvdjInfo();
    this.#syevjParams = device.addon.cusolverDnCreateSyevjInfo();
  }

  /** The library handle, bound to the current stream (so its calls queue there). */
  get handle(): Handle {
    const s = this.device.stream;
    if (s !== this.#stream) {
      this.device.addon.cusolverDnSetStream(this.#handle, s);
      this.#stream = s;
    }
    return this.#handle;
  }

  static #open = new Map<CudaDevice, Cusolver>();

  /** cuSOLVER for `device`, created once; throws ERR_CUSOLVER_NOT_FOUND where the library is missing. */
  static for(device: CudaDevice): Cusolver {
    let c = Cusolver.#open.get(device);
    if (!c) {
      const path = loadCusolver(device.addon);
      c = new Cusolver(device, path);
      Cusolver.#open.set(device, c);
    }
    return c;
  }

  #calls(dtype: SolverDType): CusolverTypedCalls {
    return typedCalls(this.device.addon, LETTERS[dtype]);
  }

  /** A workspace of `count` elements of `dtype`, freed (stream-ordered) by the caller. */
  #workspace(dtype: SolverDType, count: number): CudaBuffer {
    return this.device.alloc(Math.max(count, 1) * ITEMSIZE[dtype]);
  }

  #check(op: string, ...dims: number[]): void {
    if (dims.some((d) => d > INT32_MAX)) throw new CupytsError('ERR_ARG', `${op}: expected matrix dimensions below 2^31 for cuSOLVER, got ${dims.join(' x ')}`);
  }

  /** Each matrix's address in a batch. */
  #each(m: MatrixBatch, body: (ptr: DevicePtr, i: number) => void): void {
    const step = m.rows * m.cols * ITEMSIZE[m.dtype];
    for (let i = 0; i < m.batch; i++) body(m.ptr + i * step, i);
  }

  /** LU with partial pivoting in place (getrf): 1-based pivots, `rows` int32 per matrix at `ipiv`; devInfo > 0 at a zero pivot. */
  getrf(a: MatrixBatch, ipiv: DevicePtr, info: DevicePtr): void {
    const { rows: n, dtype } = a;
    this.#check('getrf', n, a.batch);
    const call = this.#calls(dtype);
    const lwork = call.getrf_bufferSize(this.handle, n, n, a.ptr, n);
    const work = this.#workspace(dtype, lwork);
    this.#each(a, (p, i) => call.getrf(this.handle, n, n, p, n, work.ptr, ipiv + 4 * n * i, info + 4 * i));
    work.dispose();
  }

  /** Solves A X = B in place of B (getrs) from getrf's factors; B's matrices are n x nrhs. */
  getrs(lu: MatrixBatch, ipiv: DevicePtr, b: MatrixBatch, info: DevicePtr): void {
    const n = lu.rows;
    const nrhs = b.cols;
    this.#check('getrs', n, nrhs, b.batch);
    const call = this.#calls(lu.dtype);
    const luStep = n * n * ITEMSIZE[lu.dtype];
    this.#each(b, (p, i) => call.getrs(this.handle, OP_N, n, nrhs, lu.ptr + i * luStep, n, ipiv + 4 * n * i, p, n, info + 4 * i));
  }

  /** Cholesky in place (potrf) of the lower (or upper) triangle; devInfo > 0 where a matrix is not positive definite. */
  potrf(a: MatrixBatch, lower: boolean, info: DevicePtr): void {
    const { rows: n, dtype } = a;
    this.#check('potrf', n, a.batch);
    const uplo = lower ? FILL_LOWER : FILL_UPPER;
    const call = this.#calls(dtype);
    if (a.batch > 1) {
      const step = n * n * ITEMSIZE[dtype];
      const pointers = new BigUint64Array(a.batch).map((_, i) => BigInt(a.ptr + i * step));
      const array = this.device.alloc(pointers.byteLength);
      array.write(pointers);
      call.potrfBatched(this.handle, uplo, n, array.ptr, n, info, a.batch);
      array.dispose();
      return;
    }
    if (CHOLESKY_CALL !== 'legacy' && this.#hasGenericCalls() && this.device.addon.cusolverXpotrfMissing() === '') {
      this.#xpotrf(a, uplo, info);
      return;
    }
    const lwork = call.potrf_bufferSize(this.handle, uplo, n, a.ptr, n);
    const work = this.#workspace(dtype, lwork);
    call.potrf(this.handle, uplo, n, a.ptr, n, work.ptr, lwork, info);
    work.dispose();
  }

  /** Whether the addon has the Xpotrf bindings and takes host workspaces by address (an addon built before them has neither). */
  #hasGenericCalls(): boolean {
    return typeof (this.device.addon as Partial<typeof this.device.addon>).cusolverXpotrfMissing === 'function';
  }

  /** One matrix's Cholesky through the generic 64-bit call (cusolverDnXpotrf, as PyTorch calls it). */
  #xpotrf(a: MatrixBatch, uplo: number, info: DevicePtr): void {
    const addon = this.device.addon;
    const { rows: n, dtype } = a;
    this.#geevParams ??= addon.cusolverDnCreateParams();
    const params = this.#geevParams;
    const type = CUDA_TYPE[dtype];
    const key = `${dtype}/${n}/${uplo}`;
    let sizes = this.#xpotrfSizes.get(key);
    if (!sizes) this.#xpotrfSizes.set(key, (sizes = addon.cusolverDnXpotrf_bufferSize(this.handle, params, uplo, n, type, a.ptr, n, type)));
    const [deviceBytes, hostBytes] = sizes;
    const work = this.device.alloc(Math.max(deviceBytes, 1));
    addon.cusolverDnXpotrf(this.handle, params, uplo, n, type, a.ptr, n, type, work.ptr, deviceBytes, this.#hostWorkspace(hostBytes), hostBytes, info);
    work.dispose();
  }

  /** A host workspace of at least `bytes`, kept for the handle's life (a queued call may still use it). */
  #hostWorkspace(bytes: number): Uint8Array {
    let host = this.#hostWorkspaces.find((h) => h.byteLength >= bytes);
    if (!host) {
      host = new Uint8Array(Math.max(bytes, 1));
      this.#hostWorkspaces.push(host);
    }
    return host;
  }

  /** Page-locked host memory of at least `bytes` for Xgeev, kept for the handle's life (grown by a new block; the old one stays, a queued call may use it). */
  #pinnedHostWorkspace(bytes: number): { ptr: HostPtr; bytes: number } {
    if (!this.#pinnedWorkspace || this.#pinnedWorkspace.bytes < bytes) {
      const size = Math.max(bytes, 1);
      this.#pinnedWorkspace = { ptr: this.device.addon.hostAlloc(size), bytes: size };
    }
    return this.#pinnedWorkspace;
  }

  /** Householder QR (geqrf) in place: R in the upper triangle, the reflectors below it and their scales in `tau` (min(rows, cols) per matrix). */
  geqrf(a: MatrixBatch, tau: DevicePtr, info: DevicePtr): void {
    const { rows: m, cols: n, dtype } = a;
    this.#check('geqrf', m, n, a.batch);
    const call = this.#calls(dtype);
    const lwork = call.geqrf_bufferSize(this.handle, m, n, a.ptr, m);
    const work = this.#workspace(dtype, lwork);
    const k = Math.min(m, n);
    this.#each(a, (p, i) => call.geqrf(this.handle, m, n, p, m, tau + i * k * ITEMSIZE[dtype], work.ptr, lwork, info + 4 * i));
    work.dispose();
  }

  /** Forms Q's first `q.cols` columns in place (orgqr) from `k` reflectors per matrix (tau `k` apart), `q` holding geqrf's reflectors in its first columns on entry. */
  orgqr(q: MatrixBatch, k: number, tau: DevicePtr, info: DevicePtr): void {
    const { rows: m, cols: n, dtype } = q;
    this.#check('orgqr', m, n, q.batch);
    const call = this.#calls(dtype);
    const lwork = call.orgqr_bufferSize(this.handle, m, n, k, q.ptr, m, tau);
    const work = this.#workspace(dtype, lwork);
    this.#each(q, (p, i) => call.orgqr(this.handle, m, n, k, p, m, tau + i * k * ITEMSIZE[dtype], work.ptr, lwork, info + 4 * i));
    work.dispose();
  }

  /**
   * Jacobi SVD A = U diag(S) V^H (gesvdj; gesvdjBatched for many matrices up to 32 x 32), A
   * destroyed. With `vectors`, U (rows x rows, or x min with `econ`) and V (cols x cols, or
   * x min) are written; S holds min(rows, cols) real values per matrix, descending.
   */
  gesvdj(a: MatrixBatch, s: DevicePtr, u: DevicePtr, v: DevicePtr, vectors: boolean, econ: boolean, info: DevicePtr): void {
    const { rows: m, cols: n, dtype } = a;
    this.#check('gesvdj', m, n, a.batch);
    const call = this.#calls(dtype);
    const jobz = vectors ? EIG_VECTOR : EIG_NOVECTOR;
    const k = Math.min(m, n);
    const size = ITEMSIZE[dtype];
    const params = this.#gesvdjParams;
    if (a.batch > 1 && m <= JACOBI_BATCH_MAX && n <= JACOBI_BATCH_MAX) {
      // gesvdjBatched always writes full U (m x m) and V (n x n).
      const lwork = call.gesvdjBatched_bufferSize(this.handle, jobz, m, n, a.ptr, m, s, u, m, v, n, params, a.batch);
      const work = this.#workspace(dtype, lwork);
      call.gesvdjBatched(this.handle, jobz, m, n, a.ptr, m, s, u, m, v, n, work.ptr, lwork, info, params, a.batch);
      work.dispose();
      return;
    }
    const ucols = econ ? k : m;
    const vcols = econ ? k : n;
    const e = econ ? 1 : 0;
    const lwork = call.gesvdj_bufferSize(this.handle, jobz, e, m, n, a.ptr, m, s, u, m, v, n, params);
    const work = this.#workspace(dtype, lwork);
    // The singular values are real: half a complex element each.
    const ssize = dtype === 'complex64' || dtype === 'complex128' ? size / 2 : size;
    this.#each(a, (p, i) => call.gesvdj(this.handle, jobz, e, m, n, p, m, s + i * k * ssize, u + i * m * ucols * size, m,
      v + i * n * vcols * size, n, work.ptr, lwork, info + 4 * i, params));
    work.dispose();
  }

  /** True where gesvdj() writes full U and V whatever `econ` says (the batched call). */
  gesvdjIsFull(a: { batch: number; rows: number; cols: number }): boolean {
    return a.batch > 1 && a.rows <= JACOBI_BATCH_MAX && a.cols <= JACOBI_BATCH_MAX;
  }

  /**
   * Symmetric (Hermitian for the complex dtypes: heevd, heevjBatched) eigenvalues, ascending and
   * real, into `w` (n per matrix), from the lower (or upper) triangle; with `vectors`, A is overwritten by the orthonormal eigenvectors (columns). syevd
   * per matrix, or syevjBatched for many matrices up to 32 x 32.
   */
  syev(a: MatrixBatch, lower: boolean, vectors: boolean, w: DevicePtr, info: DevicePtr): void {
    const { rows: n, dtype } = a;
    this.#check('syev', n, a.batch);
    const call = this.#calls(dtype);
    const jobz = vectors ? EIG_VECTOR : EIG_NOVECTOR;
    const uplo = lower ? FILL_LOWER : FILL_UPPER;
    if (a.batch > 1 && n <= JACOBI_BATCH_MAX) {
      const params = this.#syevjParams;
      const lwork = call.syevjBatched_bufferSize(this.handle, jobz, uplo, n, a.ptr, n, w, params, a.batch);
      const work = this.#workspace(dtype, lwork);
      call.syevjBatched(this.handle, jobz, uplo, n, a.ptr, n, w, work.ptr, lwork, info, params, a.batch);
      work.dispose();
      return;
    }
    const lwork = call.syevd_bufferSize(this.handle, jobz, uplo, n, a.ptr, n, w);
    const work = this.#workspace(dtype, lwork);
    // The eigenvalues are real: half a complex element each.
    const wsize = dtype === 'complex64' || dtype === 'complex128' ? ITEMSIZE[dtype] / 2 : ITEMSIZE[dtype];
    this.#each(a, (p, i) => call.syevd(this.handle, jobz, uplo, n, p, n, w + i * n * wsize, work.ptr, lwork, info + 4 * i));
    work.dispose();
  }

  /**
   * General eigenvalues (Xgeev, CUDA 12.6+), A destroyed: W complex (n per matrix, the dtype's
   * complex counterpart) and, with `vectors`, the right eigenvectors (n x n per matrix at `vr`):
   * for a real dtype in LAPACK's packed real form (a complex pair's vector as its real and
   * imaginary columns), for a complex dtype complex. One call per matrix. Throws ERR_UNSUPPORTED where the library lacks Xgeev.
   */
  geev(a: MatrixBatch, vectors: boolean, w: DevicePtr, vr: DevicePtr, info: DevicePtr): void {
    const { rows: n, dtype } = a;
    this.#check('geev', n, a.batch);
    const addon = this.device.addon;
    const missing = addon.cusolverGeevMissing();
    if (missing !== '') {
      throw new CupytsError(
        'ERR_UNSUPPORTED',
        `linalg.eig: the cuSOLVER loaded from ${this.path} has no ${missing} (tried cusolverDnCreateParams, cusolverDnXgeev_bufferSize ` +
          `and cusolverDnXgeev; they came with CUDA 12.6). Set ${CUSOLVER_ENV} to a libcusolver.so from CUDA 12.6 or newer, or compute on the CPU.`,
      );
    }
    this.#geevParams ??= addon.cusolverDnCreateParams();
    const params = this.#geevParams;
    const real = CUDA_TYPE[dtype];
    const cplx = CUDA_COMPLEX[dtype];
    const jobvr = vectors ? EIG_VECTOR : EIG_NOVECTOR;
    const size = ITEMSIZE[dtype];
    /** W's element: the complex counterpart of a real dtype, twice its size. */
    const wsize = real === cplx ? size : 2 * size;
    // VL and VR are always an n x n buffer with ld n, as CuPy passes them (the unused VL is VR's
    // buffer; without vectors a scratch one): the real Xgeev returned INTERNAL_ERROR on the H200
    // with VL null and ldvl 1.
    const scratch = vectors ? undefined : this.device.alloc(n * n * size);
    const vrAt = (i: number) => (scratch ? scratch.ptr : vr + i * n * n * size);
    const [deviceBytes, hostBytes] = addon.cusolverDnXgeev_bufferSize(this.handle, params, EIG_NOVECTOR, jobvr, n, real, a.ptr, n, cplx, w,
      real, vrAt(0), n, real, vrAt(0), n, real);
    const work = this.device.alloc(Math.max(deviceBytes, 1));
    // Xgeev copies between its device and host workspaces: page-locked memory (as CuPy gives it) lets those copies run as DMA.
    const pinned = GEEV_HOST !== 'pageable' && this.#hasGenericCalls() ? this.#pinnedHostWorkspace(hostBytes) : undefined;
    const hostWork = pinned ? pinned.ptr : this.#hostWorkspace(hostBytes);
    this.#each(a, (p, i) => addon.cusolverDnXgeev(this.handle, params, EIG_NOVECTOR, jobvr, n, real, p, n, cplx, w + i * n * wsize,
      real, vrAt(i), n, real, vrAt(i), n, real, work.ptr, deviceBytes, hostWork, info + 4 * i, pinned?.bytes ?? hostBytes));
    work.dispose();
    scratch?.dispose();
  }
}
