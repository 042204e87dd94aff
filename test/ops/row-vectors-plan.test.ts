// Which elementwise plans take the row-vector path (KernelPlan.rowVectors, src/ir/kernel-plan.ts
// chooseRowVectors) or read column vectors on the vector path (colVectors), and that NVRTC
// compiles what the CUDA generator makes of them. The plans are
// the same on both backends, so this runs without a GPU; test/gpu/row-vectors.test.ts runs the
// kernels against the CPU backend on a device.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';
import { generateCudaPlan } from '../../src/codegen/generate.js';
import { rowVectorWidth, vectorWidth } from '../../src/codegen/cuda.js';
import { rowVectorBlocks, rowVectorGrid, type KernelPlan } from '../../src/ir/kernel-plan.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { compileAll } from '../helpers/nvrtc-batch.js';

setBackendNotice(() => {});

const elementwise = (y: cp.NDArray): KernelPlan[] => explainPlans([y.node]).map((p) => p.plan).filter((p): p is KernelPlan => p.kind === 'elementwise');
const sources: string[] = [];
/** Computed data (zeros and ones would be constants, not arrays a kernel reads). */
const data = (shape: number[], dtype: 'float32' | 'int32' = 'float32'): cp.NDArray => cp.arange(shape.reduce((a, b) => a * b, 1)).astype(dtype).reshape(shape).eval();
const plan = (y: cp.NDArray): KernelPlan => {
  const plans = elementwise(y);
  expect(plans.length).toBe(1);
  sources.push(generateCudaPlan(plans[0]).source);
  return plans[0];
};

describe('the row-vector path', () => {
  it('blocks per launch unit: the fewest 256-thread blocks whose thread count the last dimension divides', () => {
    expect([1, 3, 7, 256, 300, 512, 1000, 4096].map(rowVectorBlocks)).toEqual([1, 3, 7, 1, 75, 2, 125, 16]);
  });

  it('launches whole units of those blocks: enough for the elements once, at most the cap rounded up to a unit', () => {
    const p = plan(data([4096, 256]).add(data([256])));
    expect([rowVectorGrid(p, 256), rowVectorGrid(p, 256, 2112)]).toEqual([4096, 2112]);
    const q = plan(data([128, 1000]).add(data([1000]))); // units of 125 blocks; 500 blocks cover it
    expect([rowVectorGrid(q, 256), rowVectorGrid(q, 256, 100), rowVectorGrid(q, 256, 2112)]).toEqual([500, 125, 500]);
  });

  it('takes a row vector broadcast down the rows, and marks only the inputs that vary along the last dimension alone', () => {
    const A = data([4096, 256]);
    const p = plan(A.sub(A.mean({ axis: 0, keepdims: true })).div(data([256])));
    expect(p.rowVectors).toBeDefined();
    for (const k of p.rowVectors!) expect(p.inputs[k].strides).toEqual([0, 1]);
    const column = plan(A.mul(data([4096, 1])));
    expect(column.rowVectors).toBeUndefined(); // a column vector varies along the first dimension
  });

  it('merges dimensions first: a (3, 256) vector under a (64, 3, 256) array is one row of 768', () => {
    const p = plan(data([64, 3, 256]).add(data([3, 256])));
    expect(p.dims).toEqual([64, 768]);
    expect(p.rowVectors).toEqual([1]);
  });

  it('leaves a sliced input beside the row vector to the loop, in 2-D and 3-D iteration spaces', () => {
    const x = data([80, 5, 6, 400], 'int32').get(['...', cp.slice(null, null, 2)]);
    const p = plan(x.sub(data([5, 6, 200], 'int32')));
    expect(p.dims).toEqual([80, 6000]);
    expect(p.rowVectors).toEqual([1]);
    expect(p.inputs[0].access).toBe('strided');
    const y = data([64, 7, 300]).get([cp.slice(), cp.slice(0, 3), cp.slice(0, 256)]); // rows of 300 cut to 256: no merge
    const q = plan(y.mul(data([256])));
    expect(q.dims).toEqual([64, 3, 256]);
    expect(q.rowVectors).toEqual([1]);
  });

  it('is not taken where each thread would get fewer than 4 elements on the smallest grid the last dimension allows', () => {
    // 1000 columns: 125 blocks of 256 threads at least, 128,000 elements for 4 each
    expect(plan(data([127, 1000]).add(data([1000]))).rowVectors).toBeUndefined();
    expect(plan(data([128, 1000]).add(data([1000]))).rowVectors).toEqual([1]);
    // a prime last dimension: 1009 blocks at least, 1,033,216 elements
    expect(plan(data([1000, 1009]).add(data([1009]))).rowVectors).toBeUndefined();
  });

  it('is not taken for a transpose (tiled) or a plain array', () => {
    const A = data([512, 512]);
    expect(plan(A.T.add(data([512]))).rowVectors).toBeUndefined();
    expect(plan(A.add(1)).rowVectors).toBeUndefined();
  });

  it('takes a gather whose indices are the row vector (the gathered table itself is read in the loop)', () => {
    const idx = cp.arange(511, -1, -1).astype('int32').eval();
    const p = plan(data([512, 512]).add(data([512]).get([idx])));
    expect(p.rowVectors).toHaveLength(1);
    expect(p.steps.some((st) => st.kind === 'gather' && !p.rowVectors!.includes(st.input))).toBe(true);
  });

  it('hoists the steps that read only row vectors and scalars out of the loop', () => {
    const A = data([4096, 256]);
    const p = plan(A.sub(cp.exp(data([256])).mul(3)));
    const src = generateCudaPlan(p).source;
    const body = src.slice(src.indexOf('Row-vector path'));
    const loop = body.slice(body.indexOf('for ('));
    expect(body.slice(0, body.indexOf('for ('))).toMatch(/expf/);
    expect(loop).not.toMatch(/expf/);
  });

  it('has a loop of 16-byte vectors where every other input is contiguous or a scalar', () => {
    const A = data([4096, 256]);
    expect(rowVectorWidth(plan(A.sub(data([256])).mul(2)))).toBe(4);
    expect(rowVectorWidth(plan(A.astype('float64').sub(data([256]))))).toBe(2);
    const sliced = plan(data([64, 512]).get([cp.slice(), cp.slice(null, null, 2)]).sub(data([256])));
    expect(sliced.rowVectors).toEqual([1]);
    expect(rowVectorWidth(sliced)).toBe(1); // another strided input: the scalar loop only
    expect(generateCudaPlan(plan(A.add(data([256])))).source).toMatch(/if \(vector_ok\)/);
  });

  it('reads column vectors once per vector where every strided input is one', () => {
    const A = data([256, 4096]);
    const p = plan(A.sub(data([256, 1])).mul(data([256, 1])));
    expect(p.rowVectors).toBeUndefined();
    expect(p.colVectors).toEqual([1, 2]);
    expect(vectorWidth(p)).toBe(4);
    const q = plan(data([4, 64, 4096]).sub(data([64, 1])).div(data([4, 64, 1])));
    expect(q.dims).toEqual([4, 64, 4096]);
    expect(q.colVectors).toEqual([1, 2]);
    // a transposed input beside the column vector: no vector path
    const t = plan(data([4096, 256]).T.add(data([256, 1])));
    expect(t.colVectors).toBeUndefined();
    // row and column vectors together: the row-vector path, the column vector read in its loop
    const both = plan(A.sub(data([256, 1])).add(data([4096])));
    expect(both.rowVectors).toEqual([2]);
    expect(both.colVectors).toBeUndefined();
  });

  it.skipIf(!HAS_NVRTC)('NVRTC compiles every kernel above', () => {
    expect(compileAll(sources).kernels).toBeGreaterThan(8);
  }, 120_000);
});
