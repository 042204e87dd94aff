// Reduce kernels that keep each row in registers (ReducePlan.cachedItems / vectorItems, src/codegen/
// cuda-reduce.ts): a thread past the row's end works on the row's last element, and a group past
// the last output on that output's row, with only the accumulation selected. Rows that fill every
// thread's items (256 over 32 lanes), rows that stop inside them (200, 300, 1000, 4000), row counts that
// leave groups of a block without an output (37, 13, 3), each phase kind (max, sum, argmax, a
// variance's two sums) and row outputs. The GPU result is compared with the CPU backend's (exp and
// the sums' order differ: within a tolerance; argmax exactly). Skipped without a device.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';
import { currentBackend, setBackendNotice, useBackend } from '../../src/runtime/backend.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { HAS_CUDA_DEVICE } from '../helpers/cuda.js';
import { compareArrays, randomArray, type HostArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

type Program = 'softmax' | 'logsumexp' | 'standardize' | 'argmax_centered' | 'l2_normalize';
const PROGRAMS: Record<Program, (A: cp.NDArray) => cp.NDArray> = {
  softmax: (A) => { const e = A.sub(A.max({ axis: -1, keepdims: true })).exp(); return e.div(e.sum({ axis: -1, keepdims: true })); },
  logsumexp: (A) => { const m = A.max({ axis: -1, keepdims: true }); return m.squeeze(-1).add(cp.log(A.sub(m).exp().sum({ axis: -1 }))); },
  standardize: (A) => A.sub(A.mean({ axis: -1, keepdims: true })).div(A.std({ axis: -1, keepdims: true })),
  argmax_centered: (A) => A.sub(A.mean({ axis: -1, keepdims: true })).abs().argmax(-1),
  l2_normalize: (A) => A.div(cp.sqrt(A.mul(A).sum({ axis: -1, keepdims: true }))),
};

function on<T>(backend: 'cpu' | 'cuda', f: () => T): T {
  const before = currentBackend();
  try { useBackend(backend); return f(); } finally { useBackend(before); }
}

// A block per row of 512 threads where few rows need them to fill the device (9 x 1000, 11 x 300), and
// 32 to 512 where there are enough rows: rows in float4 at 4 vectors a thread (8500 rows of 300 and
// 400 over a warp, 4300 of 1000 over 64, 2200 of 2000 over 128), rows of scalars at 8 elements a
// thread (8300 of 257 over 64, 2200 of 513 over 128, 2200 of 1001, not a whole number of float4).
const SHAPES = [[64, 256], [37, 256], [13, 200], [40, 33], [3, 5], [1, 1], [9, 1000], [5, 4096], [3, 4000], [300, 4000], [33, 4096], [2, 8192], [7, 3, 100],
  [11, 300], [3, 513], [8500, 300], [8500, 400], [8300, 257], [2200, 513], [4300, 1000], [2200, 1001], [2200, 2000]];
const CASES = SHAPES.flatMap((shape) => (Object.keys(PROGRAMS) as Program[]).map((program) => ({ shape, program, dtype: 'float32' as const })));
for (const program of ['softmax', 'standardize'] as const) {
  for (const shape of [[37, 256], [9, 1000], [2200, 1000], [2200, 513]]) CASES.push({ shape, program, dtype: 'float64' as never });
}

describe.skipIf(!HAS_CUDA_DEVICE)('register-cached rows: GPU against CPU', () => {
  it.each(CASES.map((c) => [`${c.program} ${c.dtype} ${c.shape.join('x')}`, c] as const))('%s', (_, c) => {
    const h: HostArray = randomArray(c.dtype, c.shape, c.shape.reduce((a, b) => a * 7 + b, 1), { low: -4, high: 4 });
    const run = () => PROGRAMS[c.program](toDevice(h));
    const plans = on('cuda', () => explainPlans([run().node]).map((p) => p.plan));
    const cached = plans.some((p) => p.kind === 'reduce' && (p.cachedItems > 0 || p.vectorItems > 0));
    // every row here is short enough for registers; two rows of 8192 split across blocks instead
    expect(cached).toBe(c.shape[1] !== 8192);
    const cpu = on('cpu', () => toHost(run()));
    const gpu = on('cuda', () => toHost(run()));
    const tol = c.program === 'argmax_centered' ? undefined : c.dtype === 'float32' ? { rtol: 1e-5, atol: 1e-6 } : { rtol: 1e-12, atol: 1e-14 };
    const cmp = compareArrays(gpu, cpu, tol);
    expect(cmp.ok ? '' : cmp.message).toBe('');
  });
});
