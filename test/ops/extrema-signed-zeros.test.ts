// Which zero maximum and minimum return for 0.0 and -0.0, against NumPy 2.4 (x86-64): float32 and
// float64 give the second operand at every array size (NumPy's scalar loop and its SIMD loops both
// take x86's maxss/maxsd semantics: maximum(0.0, -0.0) is -0.0, maximum(-0.0, 0.0) is 0.0);
// float16 and complex give the first. NaN still propagates (the first NaN's bits where both
// are). Sizes 1, 7 and 1000 (NumPy's scalar and SIMD paths), array-scalar calls, 2-d broadcasts.
// clip with scalar bounds keeps x where it equals a bound (NumPy's, in every float dtype; with
// array bounds NumPy's float32 and float64 loops give the bound instead, not checked here).
// Not checked against NumPy: fmax and fmin, whose zero NumPy picks by the array's size and
// alignment, and the max and min reductions (likewise; cupyts keeps the earlier zero,
// test/ops/cpu-sums.test.ts). NumPy on aarch64 orders -0.0 below 0.0 instead.
import { describe, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { checkCases, type ValueCase } from '../helpers/numpy-cases.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';
import { hostArray, type DTypeName } from '../helpers/numpy-oracle.js';
import { toDevice } from '../helpers/arrays.js';

setBackendNotice(() => {});

/** n values cycling through `pattern` (float16 as its bits). */
function cycle(dtype: DTypeName, n: number, pattern: readonly number[]) {
  const h = hostArray(dtype, [n]);
  const data = h.data as Float32Array | Float64Array | Uint16Array;
  for (let i = 0; i < n; i++) {
    const v = pattern[i % pattern.length];
    if (dtype === 'float16') (data as Uint16Array)[i] = Number.isNaN(v) ? 0x7e00 : Object.is(v, -0) ? 0x8000 : v === 0 ? 0 : v === 1 ? 0x3c00 : 0xbc00;
    else data[i] = v;
  }
  return h;
}

describe('maximum and minimum of 0.0 and -0.0', () => {
  const cases: ValueCase[] = [];
  for (const dtype of ['float16', 'float32', 'float64'] as const) {
    for (const n of [1, 7, 1000]) {
      const a = cycle(dtype, n, [0, -0, -0, 0, NaN, 1, -1]);
      const b = cycle(dtype, n, [-0, 0, -0, 0, -0, NaN, -1]);
      for (const fn of ['maximum', 'minimum'] as const) {
        const f = cp[fn] as (x: cp.NDArray | number, y: cp.NDArray | number) => cp.NDArray;
        cases.push({ label: `${fn}(a, b) ${dtype} n=${n}`, expr: `np.${fn}(a, b)`, inputs: { a, b }, run: () => f(toDevice(a), toDevice(b)) });
        cases.push({ label: `${fn}(b, a) ${dtype} n=${n}`, expr: `np.${fn}(b, a)`, inputs: { a, b }, run: () => f(toDevice(b), toDevice(a)) });
      }
    }
    const z = cycle(dtype, 9, [0, -0, 0]);
    cases.push({ label: `maximum(${dtype} array, -0.0)`, expr: 'np.maximum(z, -0.0)', inputs: { z }, run: () => cp.maximum(toDevice(z), -0) });
    cases.push({ label: `minimum(-0.0, ${dtype} array)`, expr: 'np.minimum(-0.0, z)', inputs: { z }, run: () => cp.minimum(-0, toDevice(z)) });
    cases.push({ label: `maximum of ${dtype} column and row (broadcast)`, expr: 'np.maximum(z.reshape(9, 1), z[::-1].reshape(1, 9))', inputs: { z }, run: () => cp.maximum(toDevice(z).reshape([9, 1]), toDevice(z).get('::-1').reshape([1, 9])) });
    cases.push({ label: `0-d ${dtype} maximum(0.0, -0.0)`, expr: `np.maximum(np.${dtype}(0.0), np.${dtype}(-0.0))`, run: () => cp.maximum(cp.asarray(0, { dtype }), cp.asarray(-0, { dtype })) });
    cases.push({ label: `empty ${dtype}`, expr: `np.minimum(np.zeros(0, np.${dtype}), np.zeros(0, np.${dtype}))`, run: () => cp.minimum(cp.zeros([0], { dtype }), cp.zeros([0], { dtype })) });
  }
  for (const dtype of ['complex64', 'complex128'] as const) {
    const c = cp.asarray([cp.complex(0, 0), cp.complex(-0, 0), cp.complex(0, -0)], { dtype });
    const py = `np.array([0j, complex(-0.0, 0.0), complex(0.0, -0.0)], np.${dtype})`;
    cases.push({ label: `maximum ${dtype} zeros`, expr: `np.maximum(${py}, ${py}[::-1])`, run: () => cp.maximum(c, c.get('::-1')) });
    cases.push({ label: `minimum ${dtype} zeros`, expr: `np.minimum(${py}[::-1], ${py})`, run: () => cp.minimum(c.get('::-1'), c) });
  }
  // clip with scalar bounds keeps x where it equals a bound, in every float dtype and size
  for (const dtype of ['float16', 'float32', 'float64'] as const) {
    for (const n of [1, 7, 1000]) {
      const z = cycle(dtype, n, [0, -0, NaN, 1, -1]);
      for (const [lo, hi] of [[-0, 1], [0, 1], [-1, 0], [-1, -0]]) {
        const py = (v: number) => (Object.is(v, -0) ? '-0.0' : `${v}.0`);
        cases.push({ label: `clip(${dtype} n=${n}, ${py(lo)}, ${py(hi)})`, expr: `np.clip(z, np.${dtype}(${py(lo)}), np.${dtype}(${py(hi)}))`, inputs: { z }, run: () => cp.clip(toDevice(z), cp.asarray(lo, { dtype }), cp.asarray(hi, { dtype })) });
      }
    }
  }
  const ints = cp.asarray([1, -2, 3], { dtype: 'int8' });
  cases.push({ label: 'int8 maximum is unchanged', expr: 'np.maximum(np.array([1, -2, 3], np.int8), np.int8(1))', run: () => cp.maximum(ints, cp.asarray(1, { dtype: 'int8' })) });
  it(`${cases.length} cases`, () => checkCases(cases));
});

describeCompilesEveryKernel(cudaSources, HAS_NVRTC, 10);
