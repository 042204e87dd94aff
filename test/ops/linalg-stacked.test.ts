// numpy.linalg over float32, float64, complex64 and complex128 on stacked inputs (two leading
// dimensions, broadcasting stacks, broadcast and transposed views) on the CPU backend against
// NumPy: test/helpers/linalg-stacked-cases.ts.
import { describe } from 'vitest';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { checkCases } from '../helpers/linalg-cases.js';
import { stackedLinalgCases } from '../helpers/linalg-stacked-cases.js';

setBackendNotice(() => {});

for (const dtype of ['float32', 'float64', 'complex64', 'complex128'] as const) {
  describe(`cp.linalg ${dtype} on stacks against NumPy`, () => checkCases(stackedLinalgCases(dtype), dtype));
}
