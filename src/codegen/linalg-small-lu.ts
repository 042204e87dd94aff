// LU with partial pivoting of many small real matrices (sides up to 16), one launch for a whole
// batch, as CUDA C: solve (A X = B), inv (A X = I, the identity made in registers) and the bare
// factorization (getrf's packed L\U and 1-based pivots, for det). G threads (the power of two at
// or above n) share a matrix, thread r holding row r of A in registers; a block of 256 threads
// stages its matrices' row-major rows through shared memory, so that global memory is read and
// written in whole contiguous runs (no transposed copy first). Rows never move: a thread records
// the step whose pivot its row became, and its position in LAPACK's row order, so that pivots are
// chosen as getrf chooses them (the largest magnitude, a NaN first, the first row on ties) and the
// factors come out in LAPACK's layout. The pivot search and the pivot row's broadcast are warp
// shuffles within the group. A zero pivot is written (as getrf's info, the first one, 1-based) to
// one flag that the caller reads with the result (src/api/kernel-faults.ts).
export type SmallLuMode = 'solve' | 'inv' | 'lu';
export type SmallLuDType = 'float32' | 'float64';

/** Threads per block (the host emulator of the tests runs 256-thread blocks too). */
export const SMALL_LU_BLOCK = 256;

export interface SmallLuKernel {
  name: string;
  source: string;
  /** Matrices per block of SMALL_LU_BLOCK threads. */
  matricesPerBlock: number;
}

/** Threads per matrix: the power of two at or above n. */
export function smallLuGroup(n: number): number {
  let g = 1;
  while (g < n) g *= 2;
  return g;
}

/**
 * The kernel for n x n matrices of `dtype` in `mode`, with `chunk` right-hand-side columns held
 * in registers at a time (solve: any nrhs, in chunks; inv: chunk = n). Parameters:
 * (const T* a, const T* b, T* x, int* piv, int* flag, long long batch, int nrhs); A (batch, n, n),
 * B and X (batch, n, nrhs) row-major and contiguous; `b` is read in solve mode only, `piv` written
 * in lu mode only (X is then L\U, (batch, n, n)), `flag` (one int, zeroed) in solve and inv modes.
 */
export function smallLuKernel(dtype: SmallLuDType, n: number, mode: SmallLuMode, chunk: number): SmallLuKernel {
  if (!(n >= 1 && n <= 16) || !(chunk >= 1 && chunk <= 16)) throw new Error(`smallLuKernel: expected 1 <= n, chunk <= 16, got ${n}, ${chunk}`);
  const t = dtype === 'float32' ? 'float' : 'double';
  const abs = dtype === 'float32' ? 'fabsf' : 'fabs';
  const G = smallLuGroup(n);
  const MPB = SMALL_LU_BLOCK / G;
  const KC = mode === 'lu' ? 1 : mode === 'inv' ? n : chunk;
  // Shared rows padded by one element (fewer bank conflicts between the G threads of a matrix).
  const SW = Math.max(n, KC) + 1;
  const name = `cupyts_small_${mode}_${dtype === 'float32' ? 'f32' : 'f64'}_n${n}${mode === 'solve' ? `_k${KC}` : ''}`;
  const shfl = (v: string, lane: string) => `__shfl_sync(0xffffffffu, ${v}, ${lane}, ${G})`;
  const load = `  // A's rows of the block's matrices, read in one contiguous run.
  for (int i = t; i < ${MPB * n * n}; i += ${SMALL_LU_BLOCK}) {
    if (first + i / ${n * n} < batch) s[(i / ${n}) * ${SW} + i % ${n}] = a[first * ${n * n} + i];
  }
  __syncthreads();
  ${t} v[${n}];
#pragma unroll
  for (int j = 0; j < ${n}; j++) v[j] = live ? s[(g * ${n} + r) * ${SW} + j] : (${t})(j == r);
  __syncthreads();`;
  const factor = `  int step = r < ${n} ? -1 : -2;  // the step whose pivot this row became (-1: none yet; -2: no row)
  int pos = r;                     // the row's place in LAPACK's order after the swaps so far
  int pl[${n}];                    // the pivot row's thread at each step
  int bad = 0;                     // the first zero pivot, 1-based (getrf's info)
${mode === 'lu' ? `  int mypiv = 0;                   // getrf's pivot of step r, 1-based
` : ''}  ${t} rd = (${t})1;                // 1 / the pivot, on the pivot row's thread
#pragma unroll
  for (int k = 0; k < ${n}; k++) {
    // The pivot: the largest magnitude among the rows not yet used (a NaN first), the first in row order on ties.
    ${t} key = step == -1 ? ${abs}(v[k]) : (${t})-1;
    int who = r, at = pos;
#pragma unroll
    for (int d = 1; d < ${G}; d <<= 1) {
      const ${t} ok = ${shfl('key', 'r ^ d')};
      const int ow = ${shfl('who', 'r ^ d')};
      const int oa = ${shfl('at', 'r ^ d')};
      const bool nan = key != key, onan = ok != ok;
      if ((onan && !nan) || (onan == nan && (nan ? oa < at : (ok > key || (ok == key && oa < at))))) { key = ok; who = ow; at = oa; }
    }
    const ${t} pv = ${shfl('v[k]', 'who')};
    pl[k] = who;
${mode === 'lu' ? `    if (r == k) mypiv = at + 1;
` : ''}    if (pv == (${t})0 && bad == 0) bad = k + 1;
    if (pos == k) pos = at;
    if (r == who) { pos = k; step = k; rd = (${t})1 / pv; }
    // The rows below: multipliers into column k (LAPACK leaves a zero column unscaled), then the update.
    const ${t} l = pv != (${t})0 ? v[k] / pv : v[k];
    if (step == -1) v[k] = l;
#pragma unroll
    for (int j = k + 1; j < ${n}; j++) {
      const ${t} u = ${shfl('v[j]', 'who')};
      if (step == -1) v[j] -= l * u;
    }
  }`;
  const params = `const ${t}* __restrict__ a, const ${t}* __restrict__ b, ${t}* __restrict__ x, int* __restrict__ piv, int* __restrict__ flag, long long batch, int nrhs`;
  const head = `extern "C" __global__ void __launch_bounds__(${SMALL_LU_BLOCK}) ${name}(${params}) {
  __shared__ ${t} s[${MPB * n * SW}];
  const int t = threadIdx.x;
  const int g = t / ${G};  // the block's matrix this thread works on
  const int r = t % ${G};  // the row it holds
  const long long first = (long long)blockIdx.x * ${MPB};
  const bool live = first + g < batch && r < ${n};
${load}
${factor}`;
  if (mode === 'lu') {
    return {
      name, matricesPerBlock: MPB, source: `${head}
  // L\\U row by row in LAPACK's order (this row's place is its step), written in one contiguous run.
  if (live) {
#pragma unroll
    for (int j = 0; j < ${n}; j++) s[(g * ${n} + step) * ${SW} + j] = v[j];
    piv[(first + g) * ${n} + r] = mypiv;
  }
  __syncthreads();
  for (int i = t; i < ${MPB * n * n}; i += ${SMALL_LU_BLOCK}) {
    if (first + i / ${n * n} < batch) x[first * ${n * n} + i] = s[(i / ${n}) * ${SW} + i % ${n}];
  }
}
`,
    };
  }
  const rhs = mode === 'inv'
    ? `    for (int j = 0; j < ${KC}; j++) w[j] = (${t})(r == c0 + j);`
    : `    for (int j = 0; j < ${KC}; j++) w[j] = live && c0 + j < nrhs ? s[(g * ${n} + r) * ${SW} + j] : (${t})0;
    __syncthreads();`;
  const stageB = mode === 'inv' ? '' : `    for (int i = t; i < ${MPB * n * KC}; i += ${SMALL_LU_BLOCK}) {
      const long long m = first + i / ${n * KC};
      const int row = (i / ${KC}) % ${n}, j = i % ${KC};
      if (m < batch && c0 + j < nrhs) s[(i / ${KC}) * ${SW} + j] = b[(m * ${n} + row) * nrhs + c0 + j];
    }
    __syncthreads();
`;
  return {
    name, matricesPerBlock: MPB, source: `${head}
  if (live && r == 0 && bad != 0) *flag = bad;
  for (int c0 = 0; c0 < nrhs; c0 += ${KC}) {
${stageB}    ${t} w[${KC}];
#pragma unroll
${rhs}
    // L y = P b: step k's pivot row takes row k of y.
#pragma unroll
    for (int k = 0; k < ${n}; k++) {
#pragma unroll
      for (int j = 0; j < ${KC}; j++) {
        const ${t} u = ${shfl('w[j]', 'pl[k]')};
        if (step > k) w[j] -= v[k] * u;
      }
    }
    // U x = y, from the last row up.
#pragma unroll
    for (int k = ${n - 1}; k >= 0; k--) {
#pragma unroll
      for (int j = 0; j < ${KC}; j++) {
        const ${t} xk = ${shfl('w[j] * rd', 'pl[k]')};
        if (step == k) w[j] = xk;
        else if (step >= 0 && step < k) w[j] -= v[k] * xk;
      }
    }
    // Row \`step\` of X, written in contiguous runs.
    if (live) {
#pragma unroll
      for (int j = 0; j < ${KC}; j++) s[(g * ${n} + step) * ${SW} + j] = w[j];
    }
    __syncthreads();
    for (int i = t; i < ${MPB * n * KC}; i += ${SMALL_LU_BLOCK}) {
      const long long m = first + i / ${n * KC};
      const int row = (i / ${KC}) % ${n}, j = i % ${KC};
      if (m < batch && c0 + j < nrhs) x[(m * ${n} + row) * nrhs + c0 + j] = s[(i / ${KC}) * ${SW} + j];
    }
    __syncthreads();
  }
}
`,
  };
}
