// cp.ReductionKernel against NumPy on the current backend (the CPU backend runs the JS bodies),
// through the reduction code generator (axis, keepdims, out), fusion through cp.explain, errors at
// the call, and NVRTC compiling every kernel built here.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, recordCuda, toDevice, toHost } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';
import { compareArrays, numpy, randomArray, type HostArray } from '../helpers/numpy-oracle.js';
import type { DTypeName } from '../../src/index.js';

setBackendNotice(() => {});

interface Case { name: string; actual: () => cp.NDArray; expr: string; inputs: Record<string, HostArray | number> }

function checkAll(cases: readonly Case[]): void {
  const wants = numpy(cases.map((c) => ({ expr: c.expr, inputs: c.inputs })));
  cases.forEach((c, k) => {
    const a = c.actual();
    recordCuda(a);
    const want = wants[k];
    if (!want.ok) throw new Error(`${c.name}: ${want.error}`);
    const cmp = compareArrays(toHost(a), want.value as HostArray, { rtol: 1e-5 });
    expect(cmp.ok ? '' : `${c.name}: ${cmp.message}`).toBe('');
  });
}

const l2 = cp.ReductionKernel('T x', 'T y', 'x * x', 'a + b', 'y = sqrt(a)', '0', 'l2norm_user',
  { js: { map: 'x * x', reduce: 'a + b', post_map: 'y = Math.sqrt(a)' } });
const maxAbs = cp.ReductionKernel('T x', 'T y', 'x < 0 ? -x : x', 'a > b ? a : b', 'y = a', '0', 'maxabs_user',
  { js: { map: 'x < 0 ? -x : x', reduce: 'a > b ? a : b', post_map: 'y = a' } });
const dotk = cp.ReductionKernel('T x, T w', 'float64 y', 'x * w', 'a + b', 'y = a', '0', 'dot_user', 'float64',
  { js: { map: 'Number(x) * Number(w)', reduce: 'a + b', post_map: 'y = a' } });

describe('ReductionKernel', () => {
  it('matches NumPy over dtypes, axes, keepdims, empty and non-contiguous inputs', () => {
    const cases: Case[] = [];
    (['float32', 'float64'] as DTypeName[]).forEach((d, k) => {
      const x = randomArray(d, [6, 5, 4], 10 + k);
      const np = d === 'float32' ? 'np.float32' : 'np.float64';
      cases.push({ name: `${d} all`, actual: () => l2(toDevice(x)), expr: `np.sqrt(np.sum(x * x)).astype(${np})`, inputs: { x } });
      cases.push({ name: `${d} axis 1`, actual: () => l2(toDevice(x), { axis: 1 }), expr: 'np.sqrt(np.sum(x * x, axis=1))', inputs: { x } });
      cases.push({ name: `${d} axes (0, -1) keepdims`, actual: () => l2(toDevice(x), { axis: [0, -1], keepdims: true }), expr: 'np.sqrt(np.sum(x * x, axis=(0, 2), keepdims=True))', inputs: { x } });
      cases.push({ name: `${d} transposed`, actual: () => l2(toDevice(x).T, { axis: 0 }), expr: 'np.sqrt(np.sum(x.T * x.T, axis=0))', inputs: { x } });
      const e = randomArray(d, [0, 3], 20 + k);
      cases.push({ name: `${d} empty`, actual: () => l2(toDevice(e), { axis: 0 }), expr: 'np.sqrt(np.sum(e * e, axis=0))', inputs: { e } });
    });
    (['int32', 'int64', 'int8', 'float64'] as DTypeName[]).forEach((d, k) => {
      const x = randomArray(d, [7, 9], 30 + k, { low: -50, high: 50 });
      cases.push({ name: `${d} max abs`, actual: () => maxAbs(toDevice(x), { axis: 1 }), expr: 'np.max(np.abs(x), axis=1)', inputs: { x } });
    });
    const x = randomArray('int32', [8, 3], 40, { low: -9, high: 9 });
    const w = randomArray('int32', [3], 41, { low: -9, high: 9 });
    cases.push({ name: 'two inputs broadcast, reduce_type float64', actual: () => dotk(toDevice(x), toDevice(w), { axis: 1 }), expr: 'np.sum((x * w).astype(np.float64), axis=1)', inputs: { x, w } });
    checkAll(cases);
  });

  it('writes into out', () => {
    const x = randomArray('float64', [4, 5], 50);
    const out = cp.zeros(4, { dtype: 'float64' });
    expect(l2(toDevice(x), { axis: 1, out })).toBe(out);
    checkAll([{ name: 'out', actual: () => out, expr: 'np.sqrt(np.sum(x * x, axis=1))', inputs: { x } }]);
  });

  it('fuses the ops before it and after it into the reduction kernel', () => {
    const h = randomArray('float32', [32, 16], 60);
    const x = toDevice(h);
    const y = l2(x.mul(2).sin(), { axis: 1 }).add(1);
    const e = cp.explain(y);
    expect(e.kernels).toHaveLength(1);
    expect(e.kernels[0].name).toMatch(/l2norm_user/);
    checkAll([{ name: 'fused', actual: () => y, expr: 'np.sqrt(np.sum(np.sin(x * 2) ** 2, axis=1)) + 1', inputs: { x: h } }]);
  });
});

describe('ReductionKernel errors at the call', () => {
  const err = (fn: () => unknown) => {
    try { fn(); } catch (e) { return `${(e as cp.CupytsError).code}: ${(e as Error).message}`; }
    return 'no error';
  };
  it('places the preamble before the kernel, for map, reduce and post-map expressions', () => {
    const preamble = 'template <typename T> __device__ T sq_pre(T v) { return v * v; }\ntemplate <typename T> __device__ T add_pre(T a, T b) { return a + b; }';
    const k = cp.ReductionKernel('T x', 'T y', 'sq_pre(x)', 'add_pre(a, b)', 'y = sq_pre(a)', '0', 'pre_red', null, true, preamble,
      { js: { map: 'x * x', reduce: 'a + b', post_map: 'y = a * a' } });
    const h = randomArray('float64', [6, 9], 4);
    checkAll([{ name: 'preamble', actual: () => k(toDevice(h).add(1), { axis: 1 }), expr: 'np.sum((x + 1) ** 2, axis=1) ** 2', inputs: { x: h } }]);
    expect(err(() => cp.ReductionKernel('T x', 'T y', 'x', 'a + b', 'y = a', '0', 'k', null, true, 3 as never))).toMatch(/^ERR_ARG: ReductionKernel: expected preamble to be a string or null/);
  });

  it('refuses bad definitions and calls', () => {
    expect(err(() => cp.ReductionKernel('T x', 'T y', 'x', 'a + b', 'y = a', 'CUDART_INF', 'k'))).toMatch(/^ERR_UNSUPPORTED: ReductionKernel: expected identity as a numeric literal/);
    expect(err(() => cp.ReductionKernel('T x', 'T y, T z', 'x', 'a + b', 'y = a', '0', 'k'))).toMatch(/exactly one output parameter/);
    expect(err(() => cp.ReductionKernel('T x', 'T y', 'x * i', 'a + b', 'y = a', '0', 'k'))).toMatch(/may not read i or _ind/);
    expect(err(() => cp.ReductionKernel('T x', 'T y', 'x', 'a + b', 'y = a', '0', 'k', null, { js: { map: 'x' } as never }))).toMatch(/expected js to be an object \{ map, reduce, post_map \}/);
    expect(err(() => cp.ReductionKernel('T x', 'T y', 'x', 'a + b', 'y = a', '0', 'k', { options: [] } as never))).toMatch(/^ERR_UNSUPPORTED/);
    const x = cp.arange(6, { dtype: 'float64' });
    expect(err(() => l2())).toMatch(/^ERR_ARG: l2norm_user: expected 1 input \(then optionally the output\), got 0 arguments/);
    expect(err(() => l2(x, { axis: 3 }))).toMatch(/^ERR_AXIS/);
    expect(err(() => l2(2))).toMatch(/at least one array input/);
    expect(err(() => l2(x, { out: cp.zeros(2) }))).toMatch(/^ERR_SHAPE: l2norm_user: expected out of shape \(\), got \(2,\)/);
    expect(err(() => l2(x, { stream: 0 } as never))).toMatch(/^ERR_UNSUPPORTED/);
    const gpuOnly = cp.ReductionKernel('T x', 'T y', 'x', 'a + b', 'y = a', '0', 'gpu_only_red');
    if (x.runner.kind === 'cpu') expect(err(() => gpuOnly(x))).toMatch(/^ERR_UNSUPPORTED: gpu_only_red: this kernel needs a GPU/);
  });
});

describeCompilesEveryKernel(cudaSources, HAS_NVRTC, 5);
