// Complex GEMMs on the GPU: cuBLAS cgemm/zgemm (single and strided-batched), operands stored
// transposed (OP_T), vdot's conjugated row (OP_C), against NumPy; the generated complex kernel
// (the fallback without cuBLAS) with row/column strides and conjA, against the same products; and
// real float GEMMs of transposed views (OP_T through Sgemm, Dgemm, GemmEx and the batched form).
// Skipped where there is no CUDA device.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { currentRunner } from '../../src/api/context.js';
import { CudaRunner } from '../../src/api/cuda-runner.js';
import { generateMatmulCuda } from '../../src/codegen/matmul.js';
import { DTYPES } from '../../src/ir/dtype.js';
import type { CudaBuffer } from '../../src/runtime/cuda-buffer.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { HAS_CUDA_DEVICE } from '../helpers/cuda.js';
import { compareArrays, numpy, randomArray, type DTypeName, type HostArray, type OracleResult } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

const TOL = {
  complex64: { rtol: 1e-4, atol: 1e-3 }, complex128: { rtol: 1e-12, atol: 1e-11 },
  float16: { rtol: 1e-2, atol: 1e-1 }, float32: { rtol: 1e-4, atol: 1e-3 }, float64: { rtol: 1e-12, atol: 1e-11 },
};

function expectMatches(got: cp.NDArray | HostArray, want: OracleResult, dtype: keyof typeof TOL): void {
  if (!want.ok) throw new Error(`NumPy: ${want.error}`);
  const host = got instanceof cp.NDArray ? toHost(got) : got;
  const cmp = compareArrays(host, want.value as HostArray, TOL[dtype]);
  expect(cmp.ok ? '' : cmp.message).toBe('');
}

describe.skipIf(!HAS_CUDA_DEVICE)('complex matmul on the GPU (cuBLAS)', () => {
  for (const dtype of ['complex64', 'complex128'] as const) {
    it(`${dtype}: single, batched, broadcast, transposed and conjugated operands`, () => {
      const a = randomArray(dtype, [96, 130], 1, { low: -1, high: 1 });
      const b = randomArray(dtype, [130, 70], 2, { low: -1, high: 1 });
      const s = randomArray(dtype, [4, 33, 20], 3, { low: -1, high: 1 });
      const t = randomArray(dtype, [4, 20, 17], 4, { low: -1, high: 1 });
      const v = randomArray(dtype, [130], 5, { low: -1, high: 1 });
      const r = randomArray('float32' as DTypeName, [130, 9], 6, { low: -1, high: 1 });
      const [A, B, S, T, V, R] = [a, b, s, t, v, r].map(toDevice);
      const want = numpy([
        { expr: 'a @ b', inputs: { a, b } },
        { expr: 's @ t', inputs: { s, t } },
        { expr: 's @ t[0]', inputs: { s, t } },
        { expr: 'b.T @ a.T', inputs: { a, b } },
        { expr: 'np.swapaxes(t, -1, -2) @ np.swapaxes(s, -1, -2)', inputs: { s, t } },
        { expr: 'np.vdot(v, b[:, 3].copy())', inputs: { v, b } },
        { expr: 'np.vdot(a, a)', inputs: { a } },
        { expr: 'a @ r', inputs: { a, r } },
        { expr: 'np.vecmat(a[:5], b)', inputs: { a, b } },
        { expr: 'np.vecmat(v, np.stack([b, b + 1j]))', inputs: { v, b } },
        { expr: 'np.vecdot(a, a[0])', inputs: { a } },
      ]);
      expectMatches(cp.matmul(A, B), want[0], dtype);
      expectMatches(cp.matmul(S, T), want[1], dtype);
      expectMatches(cp.matmul(S, T.get(0)), want[2], dtype);
      expectMatches(cp.matmul(B.T, A.T), want[3], dtype);
      expectMatches(cp.matmul(cp.swapaxes(T, -1, -2), cp.swapaxes(S, -1, -2)), want[4], dtype);
      expectMatches(cp.vdot(V, B.get(':, 3')), want[5], dtype);
      expectMatches(cp.vdot(A, A), want[6], dtype);
      expectMatches(cp.matmul(A, R), want[7], dtype);
      expectMatches(cp.vecmat(A.get(':5'), B), want[8], dtype);
      expectMatches(cp.vecmat(V, cp.stack([B, B.add(cp.complex(0, 1))])), want[9], dtype);
      expectMatches(cp.vecdot(A, A.get(0)), want[10], dtype);
    });

    it(`${dtype}: the generated kernel (the fallback without cuBLAS) agrees, with strides and conjA`, () => {
      const runner = currentRunner() as CudaRunner;
      const [m, k, n] = [40, 37, 23];
      const a = randomArray(dtype, [k, m], 7, { low: -1, high: 1 }); // A stored transposed: A = a.T
      const b = randomArray(dtype, [k, n], 8, { low: -1, high: 1 });
      const want = numpy([{ expr: 'np.conj(a.T) @ b', inputs: { a, b } }]);
      const ptr = (x: cp.NDArray) => (x.eval().node.realized!.storage as CudaBuffer).ptr;
      const gen = generateMatmulCuda(DTYPES[dtype]);
      const out = runner.device.alloc(m * n * DTYPES[dtype].itemsize);
      runner.sourceKernel(gen.name, gen.source).launch([Math.ceil(n / 16), Math.ceil(m / 16), 1], [16, 16, 1], 'pppiiiilllllli',
        [ptr(toDevice(a)), ptr(toDevice(b)), out.ptr, 1, m, n, k, 0n, 0n, 1n, BigInt(m), BigInt(n), 1n, 1]);
      const data = dtype === 'complex64' ? new Float32Array(2 * m * n) : new Float64Array(2 * m * n);
      out.read(data);
      expectMatches({ dtype, shape: [m, n], data }, want[0], dtype);
    });
  }

  for (const dtype of ['float16', 'float32', 'float64'] as const) {
    it(`${dtype}: operands stored transposed go to cuBLAS with OP_T (no copy) and match NumPy`, () => {
      const opts = { low: -1, high: 1 };
      const a = randomArray(dtype, [70, 45], 11, opts);
      const b = randomArray(dtype, [45, 70], 12, opts);
      const s = randomArray(dtype, [3, 20, 33], 13, opts);
      const t = randomArray(dtype, [3, 17, 20], 14, opts);
      const [A, B, S, T] = [a, b, s, t].map(toDevice);
      const want = numpy([
        { expr: 'a.T @ b.T', inputs: { a, b } },
        { expr: 'a.T @ a', inputs: { a } },
        { expr: 'np.swapaxes(s, -1, -2) @ np.swapaxes(t, -1, -2)', inputs: { s, t } },
        { expr: 's[0].T @ np.swapaxes(t, -1, -2)', inputs: { s, t } },
      ]);
      expectMatches(cp.matmul(A.T, B.T), want[0], dtype);
      expectMatches(cp.matmul(A.T, A), want[1], dtype);
      expectMatches(cp.matmul(cp.swapaxes(S, -1, -2), cp.swapaxes(T, -1, -2)), want[2], dtype);
      expectMatches(cp.matmul(S.get(0).T, cp.swapaxes(T, -1, -2)), want[3], dtype);
    });
  }
});
