// numpy.linalg over float32, float64, complex64 and complex128 on stacked inputs (two leading
// dimensions, broadcasting stacks, broadcast and transposed views) on the CUDA backend (cuSOLVER
// and cuBLAS) against NumPy: test/helpers/linalg-stacked-cases.ts. Skipped without a device.
import { describe } from 'vitest';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { HAS_CUDA_DEVICE } from '../helpers/cuda.js';
import { checkCases } from '../helpers/linalg-cases.js';
import { stackedLinalgCases } from '../helpers/linalg-stacked-cases.js';

setBackendNotice(() => {});

describe.skipIf(!HAS_CUDA_DEVICE)('cp.linalg on stacks through cuSOLVER', () => {
  for (const dtype of ['float32', 'float64', 'complex64', 'complex128'] as const) {
    describe(`${dtype} against NumPy`, () => checkCases(stackedLinalgCases(dtype), dtype));
  }
});
