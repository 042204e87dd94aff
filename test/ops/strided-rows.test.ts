// Elementwise kernels over strided views, at row lengths around every path of the CUDA generator
// (src/codegen/cuda.ts): the flat loop (an index divided by each inner dimension through a magic
// multiplier, cp_div_magic) below ROWS_MIN_LENGTH, the rows path (a row per block row, its
// elements ROW_ELEMENTS_PER_THREAD apart) from it on, with rows that end inside a thread's pass.
// Against NumPy, bit for bit: slices with offsets, negative and non-unit steps, 3-D and 4-D
// boxes, broadcast rows, strided writes (set) and a fused gather. On a GPU these run the CUDA
// kernels; elsewhere NVRTC compiles every kernel they built.
import { describe, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, toDevice } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { checkCases, type ValueCase } from '../helpers/numpy-cases.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';
import { randomArray, type DTypeName } from '../helpers/numpy-oracle.js';
import { ROW_ELEMENTS_PER_THREAD, ROWS_MIN_LENGTH } from '../../src/codegen/cuda.js';

setBackendNotice(() => {});

let seed = 4000;
const rand = (dtype: DTypeName, shape: number[]) => randomArray(dtype, shape, seed++, { low: -40, high: 40 });

// row lengths of the kernels' last (merged) dimension: both sides of the rows path's threshold,
// a warp, and rows that end inside a thread's pass (x threads * ROW_ELEMENTS_PER_THREAD)
const LENGTHS = [1, 2, 31, 32, 33, ROWS_MIN_LENGTH - 1, ROWS_MIN_LENGTH, ROWS_MIN_LENGTH + 1, 100, 127, 129, 32 * ROW_ELEMENTS_PER_THREAD + 1, 257, 1030, 4100];

describe('strided elementwise kernels at every row length', () => {
  for (const dtype of ['float32', 'int32', 'float64'] as const) {
    it(`${dtype}: slices, steps, boxes, broadcasts`, () => {
      const cases: ValueCase[] = [];
      for (const L of LENGTHS) {
        const rows = Math.max(3, Math.min(40, Math.floor(6000 / L)));
        const a = rand(dtype, [rows + 2, L + 2]);
        const b = rand(dtype, [rows + 2, L + 2]);
        const c = rand(dtype, [L]);
        const t = rand(dtype, [3, 4, L + 1]);
        const q = rand(dtype, [2, 3, 4, L]);
        const s = rand(dtype, [rows, 2 * L]);
        cases.push(
          { label: `L=${L} interior of two`, expr: 'a[1:-1, 1:-1] * 2 + b[1:-1, :-2]', inputs: { a, b }, run: () => toDevice(a).get('1:-1, 1:-1').mul(2).add(toDevice(b).get('1:-1, :-2')) },
          { label: `L=${L} stencil`, expr: 'a[2:, 1:-1] + a[:-2, 1:-1] + a[1:-1, 2:] + a[1:-1, :-2] - a[1:-1, 1:-1] * 4', inputs: { a },
            run: () => { const u = toDevice(a); return u.get('2:, 1:-1').add(u.get(':-2, 1:-1')).add(u.get('1:-1, 2:')).add(u.get('1:-1, :-2')).sub(u.get('1:-1, 1:-1').mul(4)); } },
          { label: `L=${L} reversed rows, every other column`, expr: 's[::-1, ::2] - 3', inputs: { s }, run: () => toDevice(s).get('::-1, ::2').sub(3) },
          { label: `L=${L} broadcast row`, expr: 'a[1:, 1:-1] * c', inputs: { a, c }, run: () => toDevice(a).get('1:, 1:-1').mul(toDevice(c)) },
          { label: `L=${L} 3-D box`, expr: 't[:, 1:, 1:] - t[:, :-1, :-1]', inputs: { t }, run: () => { const u = toDevice(t); return cp.subtract(u.get(':, 1:, 1:'), u.get(':, :-1, :-1')); } },
          { label: `L=${L} 4-D reversed axis`, expr: 'q[:, ::-1, 1:3, :] + q[:, :, 0:2, :]', inputs: { q }, run: () => { const u = toDevice(q); return u.get(':, ::-1, 1:3, :').add(u.get(':, :, 0:2, :')); } },
          { label: `L=${L} strided write`, expr: '(lambda u: (u.__setitem__(np.s_[1:-1, 1:-1], u[1:-1, 1:-1] * 3 - u[:-2, 2:]), u)[1])(a.copy())', inputs: { a },
            run: () => { const u = toDevice(a).copy().eval(); u.set('1:-1, 1:-1', u.get('1:-1, 1:-1').mul(3).sub(u.get(':-2, 2:'))); return u; } },
          { label: `L=${L} gather of rows`, expr: 'a[[2, 0, 1]][:, 1:] + 1', inputs: { a }, run: () => toDevice(a).get(cp.asarray([2, 0, 1])).get(':, 1:').add(1) },
        );
      }
      checkCases(cases);
    });
  }
});

describeCompilesEveryKernel(cudaSources, HAS_NVRTC, 20);
