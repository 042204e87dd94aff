// NaN and infinity through numpy.linalg on the CUDA backend (cuSOLVER) against NumPy, over the
// four dtypes (test/helpers/linalg-nonfinite-cases.ts): LinAlgError where NumPy raises, NaN where
// it gives NaN. Skipped where there is no CUDA device.
import { describe } from 'vitest';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { HAS_CUDA_DEVICE } from '../helpers/cuda.js';
import { checkNonFinite } from '../helpers/linalg-nonfinite-cases.js';

setBackendNotice(() => {});

describe.skipIf(!HAS_CUDA_DEVICE)('cp.linalg with NaN and infinity through cuSOLVER', () => {
  for (const dtype of ['float32', 'float64', 'complex64', 'complex128'] as const) {
    describe(`${dtype}`, () => checkNonFinite(dtype));
  }
});
