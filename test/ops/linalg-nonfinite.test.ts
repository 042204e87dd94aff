// NaN and infinity through numpy.linalg on the CPU backend against NumPy, over the four dtypes
// (test/helpers/linalg-nonfinite-cases.ts): LinAlgError where NumPy raises, NaN where it gives NaN.
import { describe } from 'vitest';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { checkNonFinite } from '../helpers/linalg-nonfinite-cases.js';

setBackendNotice(() => {});

for (const dtype of ['float32', 'float64', 'complex64', 'complex128'] as const) {
  describe(`cp.linalg ${dtype} with NaN and infinity`, () => checkNonFinite(dtype));
}
