// Cross reductions (src/codegen/cuda-reduce-cross.ts: pairwise distances and other folds over k of
// inputs read at (i, k) or (j, k)) on the GPU against the CPU path, over both output tiles (32 and
// 64), folds shorter and longer than a chunk, ragged edges, transposed inputs, an epilogue that
// reads another array, every real dtype family; bitwise the same on two runs. Skipped without a device.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';
import { currentBackend, setBackendNotice, useBackend } from '../../src/runtime/backend.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { HAS_CUDA_DEVICE } from '../helpers/cuda.js';
import { compareArrays, randomArray, type HostArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

type Dtype = 'float32' | 'float64' | 'int32' | 'int64' | 'float16';
interface Case { label: string; dtype: Dtype; n: number; m: number; d: number; transposed?: boolean; program: 'sqdist' | 'dot' | 'cheb' | 'bias' }

function build(c: Case, h: HostArray[]): cp.NDArray {
  const X = c.transposed ? toDevice(h[0]).T : toDevice(h[0]);
  const Y = toDevice(h[1]);
  const x = cp.expand_dims(X, 1);
  const y = cp.expand_dims(Y, 0);
  switch (c.program) {
    case 'sqdist': return x.sub(y).pow(2).sum(-1);
    case 'dot': return x.mul(y).sum(-1);
    case 'cheb': return x.sub(y).abs().max(-1);
    case 'bias': return x.sub(y).pow(2).sum(-1).sqrt().add(toDevice(h[2]));
  }
}

function inputs(c: Case, seed: number): HostArray[] {
  const opts = c.dtype.startsWith('int') ? { low: -20, high: 20 } : { low: -2, high: 2 };
  return [
    randomArray(c.dtype, c.transposed ? [c.d, c.n] : [c.n, c.d], seed, opts),
    randomArray(c.dtype, [c.m, c.d], seed + 1, opts),
    randomArray(c.dtype, [c.m], seed + 2, opts),
  ];
}

function on<T>(backend: 'cpu' | 'cuda', f: () => T): T {
  const before = currentBackend();
  try { useBackend(backend); return f(); } finally { useBackend(before); }
}

const bits = (h: HostArray) => Buffer.from(new Uint8Array(h.data.buffer, h.data.byteOffset, h.data.byteLength)).toString('base64');

const CASES: Case[] = [];
for (const [n, m, d] of [[2048, 1024, 64], [300, 200, 64], [1000, 77, 1], [129, 257, 17], [2500, 2000, 8], [40, 50, 700]]) {
  for (const program of ['sqdist', 'dot', 'cheb', 'bias'] as const) CASES.push({ label: `${program} float32 ${n}x${m}x${d}`, dtype: 'float32', n, m, d, program });
}
for (const dtype of ['float64', 'int32', 'int64', 'float16'] as const) CASES.push({ label: `sqdist ${dtype} 513x260x33`, dtype, n: 513, m: 260, d: 33, program: 'sqdist' });
CASES.push({ label: 'sqdist float32 transposed X 700x300x48', dtype: 'float32', n: 700, m: 300, d: 48, transposed: true, program: 'sqdist' });

describe.skipIf(!HAS_CUDA_DEVICE)('cross reductions: GPU against CPU, deterministic', () => {
  it.each(CASES.map((c) => [c.label, c] as const))('%s', (_, c) => {
    const h = inputs(c, c.n + c.m + c.d);
    const cross = on('cuda', () => explainPlans([build(c, h).node]).map((p) => p.plan).some((p) => p.kind === 'reduce' && p.cross));
    expect(cross).toBe(true);
    const cpu = on('cpu', () => toHost(build(c, h)));
    const gpu = on('cuda', () => toHost(build(c, h)));
    const tol = c.dtype === 'float16' ? { rtol: 1e-2, atol: 1e-2 } : c.dtype === 'float32' ? { rtol: 1e-4, atol: 1e-4 } : undefined;
    const cmp = compareArrays(gpu, cpu, tol);
    expect(cmp.ok ? '' : cmp.message).toBe('');
    expect(bits(on('cuda', () => toHost(build(c, h))))).toBe(bits(gpu));
  });
});
