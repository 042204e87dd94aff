// cp.linalg.eig and eigvals on the GPU through cusolverDnXgeev (CUDA 12.6+): every case of
// test/helpers/linalg-eig-cases.ts (real and complex inputs) against NumPy on the CUDA backend (eigenvalues as multisets,
// residuals, LAPACK's normalization, |v| against NumPy's), larger matrices, the packed real
// eigenvectors of complex pairs unpacked, and NaN raising LinAlgError at the read. Where the
// loaded cuSOLVER predates Xgeev, eig must say so (ERR_UNSUPPORTED naming the library and the
// symbol). Skipped where there is no CUDA device.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { currentRunner } from '../../src/api/context.js';
import { CudaRunner } from '../../src/api/cuda-runner.js';
import { Cusolver } from '../../src/runtime/cusolver.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { HAS_CUDA_DEVICE } from '../helpers/cuda.js';
import { checkEigCases, complexEigCases, eigCases, type EigCase } from '../helpers/linalg-eig-cases.js';
import { randomArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

/** The Xgeev symbol the device's cuSOLVER lacks, or '' (undefined without a device). */
function geevMissing(): string | undefined {
  if (!HAS_CUDA_DEVICE) return undefined;
  const device = (currentRunner() as CudaRunner).device;
  Cusolver.for(device);
  return device.addon.cusolverGeevMissing();
}

const missing = geevMissing();

function largeCases(dtype: 'float32' | 'float64'): EigCase[] {
  const r = (shape: number[], seed: number) => randomArray(dtype, shape, seed, { low: -1, high: 1 });
  return [
    { label: 'random 100x100', a: r([100, 100], 900), vectors: false, scale: 30 },
    { label: 'stack of 20 random 16x16', a: r([20, 16, 16], 901), vectors: false, scale: 10 },
  ];
}

describe.skipIf(!HAS_CUDA_DEVICE || missing !== '')('cp.linalg.eig through cusolverDnXgeev', () => {
  it('runs on the CUDA backend', () => {
    expect(currentRunner()).toBeInstanceOf(CudaRunner);
  });
  for (const dtype of ['float64', 'float32'] as const) {
    describe(`${dtype} against NumPy`, () => checkEigCases(eigCases(dtype), dtype));
    describe(`${dtype} larger against NumPy`, () => checkEigCases(largeCases(dtype), dtype));
  }
  for (const dtype of ['complex128', 'complex64'] as const) {
    describe(`${dtype} against NumPy`, () => checkEigCases(complexEigCases(dtype), dtype));
  }
  it('NaN raises LinAlgError at the read, and a clean matrix afterwards reads back', () => {
    const [w] = cp.linalg.eig(cp.array([[1, NaN], [0, 1]]));
    expect(() => w.toArraySync()).toThrow(/linalg\.eig: Array must not contain infs or NaNs \(LinAlgError\)/);
    expect(cp.linalg.eigvals(cp.array([[2, 0], [0, 3]])).tolist()).toEqual([cp.complex(2, 0), cp.complex(3, 0)]);
  });
});

describe.skipIf(!HAS_CUDA_DEVICE || missing === '')('cp.linalg.eig where cuSOLVER has no Xgeev', () => {
  it('raises ERR_UNSUPPORTED naming the library and the missing symbol', () => {
    let thrown: unknown;
    try {
      cp.linalg.eigvals(cp.eye(3));
    } catch (err) {
      thrown = err;
    }
    expect((thrown as cp.CupytsError).code).toBe('ERR_UNSUPPORTED');
    expect((thrown as Error).message).toMatch(/cusolverDnXgeev/);
    expect((thrown as Error).message).toContain(missing!);
  });
});
