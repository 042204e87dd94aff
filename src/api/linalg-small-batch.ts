// LU solves of many small real matrices on the GPU in one launch each, where cuSOLVER would take
// one getrf and one getrs call per matrix (its batched LU lives in cuBLAS): one thread factors one
// column-major matrix in place (partial pivoting, 1-based pivots and info as getrf writes them),
// and one thread per (matrix, right-hand side) solves from the factors (as getrs). The source is
// written per element type and compiled once (NVRTC, the kernel cache), like matmul's kernels.
import type { DType } from '../ir/dtype.js';
import type { CudaBuffer } from '../runtime/cuda-buffer.js';
import type { CudaRunner } from './cuda-runner.js';

/** The largest side and the fewest matrices for which the one-launch kernels replace per-matrix cuSOLVER calls. */
export const SMALL_SIDE_MAX = 16;
export const SMALL_BATCH_MIN = 16;

const BLOCK = 128;

export function usesSmallBatch(dtype: DType, batch: number, n: number): boolean {
  return (dtype.name === 'float32' || dtype.name === 'float64') && n <= SMALL_SIDE_MAX && batch >= SMALL_BATCH_MIN;
}

function ctype(dtype: DType): { t: string; abs: string; suffix: string } {
  return dtype.name === 'float32' ? { t: 'float', abs: 'fabsf', suffix: 'f32' } : { t: 'double', abs: 'fabs', suffix: 'f64' };
}

/** getrf for `batch` n x n matrices: thread b factors matrix b. */
export function getrfSource(dtype: DType): { name: string; source: string } {
  const { t, abs, suffix } = ctype(dtype);
  const name = `cupyts_getrf_small_${suffix}`;
  return {
    name,
    source: `extern "C" __global__ void ${name}(${t}* a, int* piv, int* info, int n, int batch) {
  int b = blockIdx.x * blockDim.x + threadIdx.x;
  if (b >= batch) return;
  ${t}* m = a + (long long)b * n * n;
  int* p = piv + (long long)b * n;
  int bad = 0;
  for (int k = 0; k < n; k++) {
    int r = k;
    ${t} best = ${abs}(m[k + k * n]);
    if (!(best == best)) r = k;
    else for (int i = k + 1; i < n; i++) {
      ${t} v = ${abs}(m[i + k * n]);
      if (!(v == v)) { r = i; break; }
      if (v > best) { best = v; r = i; }
    }
    p[k] = r + 1;
    if (m[r + k * n] == (${t})0) { if (bad == 0) bad = k + 1; continue; }
    if (r != k) for (int j = 0; j < n; j++) { ${t} s = m[k + j * n]; m[k + j * n] = m[r + j * n]; m[r + j * n] = s; }
    ${t} pivot = m[k + k * n];
    for (int i = k + 1; i < n; i++) m[i + k * n] /= pivot;
    for (int j = k + 1; j < n; j++) {
      ${t} akj = m[k + j * n];
      for (int i = k + 1; i < n; i++) m[i + j * n] -= m[i + k * n] * akj;
    }
  }
  info[b] = bad;
}
`,
  };
}

/** getrs for `batch` n x nrhs right-hand sides: thread (b, c) solves column c of matrix b's. */
export function getrsSource(dtype: DType): { name: string; source: string } {
  const { t, suffix } = ctype(dtype);
  const name = `cupyts_getrs_small_${suffix}`;
  return {
    name,
    source: `extern "C" __global__ void ${name}(const ${t}* lu, const int* piv, ${t}* x, int n, int nrhs, int batch) {
  long long g = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (g >= (long long)batch * nrhs) return;
  int b = (int)(g / nrhs);
  int c = (int)(g % nrhs);
  const ${t}* m = lu + (long long)b * n * n;
  const int* p = piv + (long long)b * n;
  ${t}* y = x + ((long long)b * nrhs + c) * n;
  for (int k = 0; k < n; k++) {
    int r = p[k] - 1;
    if (r != k) { ${t} s = y[k]; y[k] = y[r]; y[r] = s; }
  }
  for (int k = 0; k < n; k++) {
    ${t} yk = y[k];
    for (int i = k + 1; i < n; i++) y[i] -= m[i + k * n] * yk;
  }
  for (int k = n - 1; k >= 0; k--) {
    y[k] /= m[k + k * n];
    ${t} yk = y[k];
    for (int i = 0; i < k; i++) y[i] -= m[i + k * n] * yk;
  }
}
`,
  };
}

const blocks = (threads: number) => Math.max(1, Math.ceil(threads / BLOCK));

/** LU in place of `batch` n x n matrices at `a`: pivots at `piv` (n int32 each), info at `info` (one int32 each). */
export function getrfSmall(runner: CudaRunner, dtype: DType, a: CudaBuffer, piv: CudaBuffer, info: CudaBuffer, n: number, batch: number): void {
  const { name, source } = getrfSource(dtype);
  runner.sourceKernel(name, source).launch(blocks(batch), BLOCK, 'pppii', [a.ptr, piv.ptr, info.ptr, n, batch]);
}

/** Solves in place of the `batch` n x nrhs right-hand sides at `x` from getrfSmall's factors. */
export function getrsSmall(runner: CudaRunner, dtype: DType, lu: CudaBuffer, piv: CudaBuffer, x: CudaBuffer, n: number, nrhs: number, batch: number): void {
  const { name, source } = getrsSource(dtype);
  runner.sourceKernel(name, source).launch(blocks(batch * nrhs), BLOCK, 'pppiii', [lu.ptr, piv.ptr, x.ptr, n, nrhs, batch]);
}
