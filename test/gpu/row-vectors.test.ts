// Elementwise kernels that read row vectors (KernelPlan.rowVectors, src/codegen/cuda.ts
// rowVectorLoop): `A - A.mean(0)`, a bias added down the rows. Each thread keeps one position
// along the last dimension, so the launch's thread count must be a multiple of it: last
// dimensions that divide 256, that 256 divides, and that share little with it (3, 7, 300, 1000),
// with other strided inputs beside the row vectors (a column vector, a sliced view), every dtype
// family. The GPU result is compared with the CPU backend's: bitwise where the ops are IEEE
// arithmetic, within a tolerance for exp. Column vectors (KernelPlan.colVectors: `A - m[:, None]`)
// are read once per 16-byte vector on the vector path. Skipped without a device.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';
import { currentBackend, setBackendNotice, useBackend } from '../../src/runtime/backend.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { HAS_CUDA_DEVICE } from '../helpers/cuda.js';
import { compareArrays, randomArray, type HostArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

type Dtype = 'float32' | 'float64' | 'int32' | 'float16';
interface Case { label: string; dtype: Dtype; shape: number[]; program: 'standardize' | 'bias_exp' | 'row_and_column' | 'sliced' | 'cut_rows' | 'gathered' | 'columns' | 'columns_3d' }

function build(c: Case, h: HostArray[]): cp.NDArray {
  const A = toDevice(h[0]);
  switch (c.program) {
    case 'standardize': {
      // the statistics computed first, so that the elementwise kernel is one of its own at every size
      const m = A.mean({ axis: 0, keepdims: true });
      const s = A.std({ axis: 0, keepdims: true });
      cp.eval(m, s);
      return A.sub(m).div(s);
    }
    case 'bias_exp': return A.mul(2).add(cp.exp(toDevice(h[1])));
    case 'row_and_column': return A.sub(toDevice(h[1])).mul(toDevice(h[2]).reshape([-1, 1]));
    case 'sliced': return A.get(['...', cp.slice(null, null, 2)]).sub(toDevice(h[1]));
    case 'cut_rows': return A.get([cp.slice(), cp.slice(0, 3), cp.slice(0, 256)]).mul(toDevice(h[1])); // a 3-D iteration space
    case 'columns': return A.sub(toDevice(h[2]).reshape([-1, 1])).div(toDevice(h[2]).reshape([-1, 1]).abs().add(1));
    case 'columns_3d': return A.mul(toDevice(h[2]).reshape([1, -1, 1])).sub(toDevice(h[3]).reshape([-1, 1, 1])); // (d1, 1) and (d0, 1, 1) under (d0, d1, d2)
    case 'gathered': {
      const last = c.shape[c.shape.length - 1];
      return A.add(toDevice(h[1]).get([cp.arange(last - 1, -1, -1).astype('int32')])); // the indices are the row vector
    }
  }
}

function inputs(c: Case, seed: number): HostArray[] {
  const opts = c.dtype === 'int32' ? { low: -50, high: 50 } : { low: -2, high: 2 };
  const last = c.program === 'sliced' ? c.shape[c.shape.length - 1] / 2 : c.program === 'cut_rows' ? 256 : c.shape[c.shape.length - 1];
  return [
    randomArray(c.dtype, c.shape, seed, opts),
    randomArray(c.dtype, c.program === 'sliced' ? [...c.shape.slice(1, -1), last] : [last], seed + 1, opts),
    randomArray(c.dtype, [c.program === 'columns_3d' ? c.shape[1] : c.shape[0]], seed + 2, opts),
    randomArray(c.dtype, [c.shape[0]], seed + 3, opts),
  ];
}

function on<T>(backend: 'cpu' | 'cuda', f: () => T): T {
  const before = currentBackend();
  try { useBackend(backend); return f(); } finally { useBackend(before); }
}

const CASES: Case[] = [];
for (const shape of [[4096, 256], [2000, 3], [1200, 7], [256, 300], [128, 1000], [8, 4096], [64, 8192], [257, 512]]) {
  CASES.push({ label: `standardize float32 ${shape.join('x')}`, dtype: 'float32', shape, program: 'standardize' });
}
for (const dtype of ['float64', 'float16'] as const) CASES.push({ label: `standardize ${dtype} 777x300`, dtype, shape: [777, 300], program: 'standardize' });
CASES.push({ label: 'bias_exp float32 2000x129', dtype: 'float32', shape: [2000, 129], program: 'bias_exp' });
for (const dtype of ['float32', 'int32', 'float64'] as const) CASES.push({ label: `row_and_column ${dtype} 999x384`, dtype, shape: [999, 384], program: 'row_and_column' });
CASES.push({ label: 'sliced float32 64x3x512 (3-D, a strided input beside the row vector)', dtype: 'float32', shape: [64, 3, 512], program: 'sliced' });
CASES.push({ label: 'sliced int32 80x5x6x400', dtype: 'int32', shape: [80, 5, 6, 400], program: 'sliced' });
CASES.push({ label: 'cut_rows float32 64x7x300 (rows cut to 256: 3-D)', dtype: 'float32', shape: [64, 7, 300], program: 'cut_rows' });
CASES.push({ label: 'gathered float32 512x512', dtype: 'float32', shape: [512, 512], program: 'gathered' });
// column vectors (KernelPlan.colVectors): rows a whole number of 16-byte vectors or not
for (const shape of [[256, 4096], [1000, 300], [64, 129], [3, 100000], [5000, 1]]) CASES.push({ label: `columns float32 ${shape.join('x')}`, dtype: 'float32', shape, program: 'columns' });
for (const dtype of ['float64', 'int32', 'float16'] as const) CASES.push({ label: `columns ${dtype} 333x256`, dtype, shape: [333, 256], program: 'columns' });
CASES.push({ label: 'columns_3d float32 6x70x512', dtype: 'float32', shape: [6, 70, 512], program: 'columns_3d' });

describe.skipIf(!HAS_CUDA_DEVICE)('row and column vectors: GPU against CPU', () => {
  it.each(CASES.map((c) => [c.label, c] as const))('%s', (_, c) => {
    const h = inputs(c, c.shape.reduce((a, b) => a + b, 0));
    const column = c.program === 'columns' || c.program === 'columns_3d';
    const path = on('cuda', () => explainPlans([build(c, h).node]).map((p) => p.plan).some((p) => p.kind === 'elementwise' && !!(column ? p.colVectors : p.rowVectors)));
    expect(path).toBe(c.shape[c.shape.length - 1] > 1); // a last dimension of 1 merges away: no column vector left

    const cpu = on('cpu', () => toHost(build(c, h)));
    const gpu = on('cuda', () => toHost(build(c, h)));
    const approximate = c.program === 'bias_exp' || c.program === 'standardize'; // exp; the statistics' sums (the reduction order differs)
    const tol = !approximate ? undefined : c.dtype === 'float16' ? { rtol: 1e-2, atol: 1e-2 } : c.dtype === 'float32' ? { rtol: 1e-4, atol: 1e-4 } : { rtol: 1e-10, atol: 1e-10 };
    const cmp = compareArrays(gpu, cpu, tol);
    expect(cmp.ok ? '' : cmp.message).toBe('');
  });
});
