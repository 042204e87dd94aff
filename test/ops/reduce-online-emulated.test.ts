// Split reduce kernels that fold two reductions in one read (src/ir/online-pairs.ts,
// src/codegen/cuda-reduce-online.ts: var's squares against its mean, softmax's and logsumexp's
// sum of exponentials against their maximum), run on the host under the emulator
// (test/helpers/cuda-emulator.h, g++ -std=c++20): pass 1 over segments of each row (columns, rows,
// the whole array), pass 2 combining the segments' partial states, as src/api/cuda-runner.ts
// launches them, with few multiprocessors so that rows are several segments. Each output of the
// kernel (the mean, the variance's epilogue, the maximum, the sum of exponentials) must match
// the CPU backend's, which folds the phases one after the other (and matches NumPy:
// test/ops/column-statistics.test.ts), NaN and ±inf included. Four cases (a split column fold of
// each kind, split rows, unsplit columns) run wherever g++ is; every case with CUPYTS_SORT_EMULATE=1.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';
import { NDArray } from '../../src/api/ndarray.js';
import { generateCudaReduce } from '../../src/codegen/cuda-reduce.js';
import { nodeInputs, type Node, type ReduceNode } from '../../src/ir/graph.js';
import { splitSegments } from '../../src/ir/reduce-geometry.js';
import { planReduce, type ReducePlan } from '../../src/ir/reduce-plan.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { spawnSync } from 'node:child_process';
import { EMULATE, emulatorDir } from '../helpers/emulator.js';
import { runReducePlan } from '../helpers/reduce-emulation.js';
import { randomArray } from '../helpers/numpy-oracle.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { NvrtcCompiler } from '../../src/runtime/compiler.js';

setBackendNotice(() => {});

const dir = emulatorDir('online');

/** Multiprocessors the split is planned for: few, so that a row is a few segments. */
const MULTIPROCESSORS = 2;

let seed = 7100;
/** Uniform data within 3 of `center` (a one-pass sum of squares would cancel there). */
function data(dtype: 'float32' | 'float64', shape: number[], center: number): cp.NDArray {
  return toDevice(randomArray(dtype, shape, seed++, { low: center - 3, high: center + 3 }));
}

/** `exact`: compared with float64's result, not the CPU backend's float32 (which folds a column in order, as NumPy does, and loses more). */
type Case = { name: string; make: () => cp.NDArray[]; grouped?: boolean; exact?: (results: cp.NDArray[]) => cp.NDArray[] };

/**
 * The reduce plan of `result` (one reduction statistic over its reductions, as the scheduler
 * would group them with KernelGroup.online): for shapes too small for the GPU's schedule to pair.
 */
function groupedPlan(result: cp.NDArray): ReducePlan {
  const reductions: ReduceNode[] = [];
  const seen = new Set<Node>();
  const visit = (n: Node) => {
    if (seen.has(n) || n.realized) return;
    seen.add(n);
    nodeInputs(n).forEach(visit);
    if (n.kind === 'reduce') reductions.push(n);
  };
  visit(result.node);
  return planReduce(reductions, [result.node], [], { online: true });
}

/** The reduce plan that folds a pair of `results` online. */
function onlinePlan(results: cp.NDArray[], grouped: boolean): ReducePlan {
  const plans = grouped ? [groupedPlan(results[0])] : explainPlans(results.map((r) => r.node), 'cuda').map((p) => p.plan);
  const plan = plans.find((p): p is ReducePlan => p.kind === 'reduce' && p.reductions.some((r) => r.online));
  expect(plan, 'a reduce plan folding a pair online').toBeDefined();
  return plan!;
}

/** Runs the plan with online pairs of `results` (their one reduce kernel) and compares each of its outputs with the CPU backend's. */
function check(name: string, results: cp.NDArray[], grouped = false, exact?: cp.NDArray[]): void {
  const plan = onlinePlan(results, grouped);
  const seg = splitSegments(plan.geometry, plan.outSize, plan.walkSize, MULTIPROCESSORS);
  if (plan.split) expect(seg.segments).toBeGreaterThan(1);
  else expect(plan.layout).toBe('column');
  const got = runReducePlan(dir, name, plan, { multiprocessors: MULTIPROCESSORS });
  if (exact) expect(plan.outOutputs.map((o) => o.node)).toEqual(results.map((r) => r.node));
  for (const [k, o] of plan.outOutputs.entries()) {
    const want = toHost(exact ? exact[k] : new NDArray(o.node)).data as Float32Array | Float64Array;
    const slice = got[k];
    const mine = o.dtype.name === 'float32' ? new Float32Array(slice.buffer.slice(slice.byteOffset, slice.byteOffset + slice.length)) : new Float64Array(slice.buffer.slice(slice.byteOffset, slice.byteOffset + slice.length));
    const rtol = o.dtype.name === 'float32' ? 2e-4 : 1e-10;
    for (let i = 0; i < want.length; i++) {
      const w = want[i];
      const m = mine[i];
      if (Number.isNaN(w) || !Number.isFinite(w)) expect(Object.is(m, w) || (Number.isNaN(m) && Number.isNaN(w)), `${name} output %${o.node.id}[${i}]: ${m} against ${w}`).toBe(true);
      else expect(Math.abs(m - w) <= rtol * Math.abs(w) + rtol * 1e-3, `${name} output %${o.node.id}[${i}]: ${m} against ${w}`).toBe(true);
    }
  }
}

/** The cases run without CUPYTS_SORT_EMULATE (a few seconds each), where g++ is. */
const QUICK = new Set(['var_special_cols_float32', 'var_far_cols_float32', 'logsumexp_cols_special_float64', 'standardize_rows_float32', 'var_cols_unsplit_float64']);
const GPP = spawnSync('g++', ['--version']).status === 0;

describe.skipIf(!GPP)('reductions folded online in a split kernel, under the host emulator', () => {
  const cases: Case[] = [];
  for (const dtype of ['float32', 'float64'] as const) {
    cases.push(
      // columns: 8192 x 16 splits its columns into segments
      { name: `standardize_cols_${dtype}`, make: () => { const a = data(dtype, [8192, 16], 1000); return [a.sub(a.mean(0)).div(a.std(0))]; } },
      { name: `var_ddof_cols_${dtype}`, make: () => { const a = data(dtype, [8192, 24], -50); return [cp.var(a, 0, { ddof: 1 }), cp.mean(a, 0)]; } },
      { name: `var_special_cols_${dtype}`, make: () => [cp.var(setAt(data(dtype, [8192, 8], 0), [[7, 1, NaN], [8000, 2, Infinity], [4096, 3, -Infinity]]), 0)] },
      { name: `softmax_cols_${dtype}`, make: () => { const a = data(dtype, [8192, 16], 0); const e = cp.exp(a.sub(a.max(0))); return [e.div(e.sum(0))]; } },
      { name: `logsumexp_cols_special_${dtype}`, make: () => {
        const a = setAt(data(dtype, [8192, 8], 10), [[0, 1, NaN], [9, 2, Infinity], ...Array.from({ length: 8192 }, (_, i) => [i, 3, -Infinity] as [number, number, number]), ...Array.from({ length: 5000 }, (_, i) => [i, 4, -Infinity] as [number, number, number])]);
        return [cp.log(cp.exp(a.sub(a.max(0, { keepdims: true }))).sum(0)).add(a.max(0))];
      } },
      // rows: 3 rows of 40000 split along the row (the vector path); the whole array
      { name: `logsumexp_rows_${dtype}`, make: () => { const a = data(dtype, [3, 40000], -20); return [cp.log(cp.exp(a.sub(a.max(1, { keepdims: true }))).sum(1)).add(a.max(1))]; } },
      { name: `standardize_rows_${dtype}`, make: () => { const a = data(dtype, [2, 40001], 300); return [a.sub(a.mean(1, { keepdims: true })).div(a.std(1, { keepdims: true }))]; } },
      { name: `var_all_${dtype}`, make: () => [cp.var(data(dtype, [33000], 1e4))] },
      // a transposed view: the statistics of its columns walk the base's rows
      { name: `softmax_transposed_${dtype}`, make: () => { const a = data(dtype, [5, 9000], 2).T; const e = cp.exp(a.sub(a.max(0))); return [e.div(e.sum(0))]; } },
      // columns that do not split (one kernel walks each column whole): the plan of the statistic's group
      { name: `var_cols_unsplit_${dtype}`, grouped: true, make: () => [cp.var(setAt(data(dtype, [300, 40], 100), [[3, 5, NaN], [4, 6, Infinity]]), 0)] },
      { name: `logsumexp_cols_unsplit_${dtype}`, grouped: true, make: () => {
        const a = setAt(data(dtype, [300, 40], 0), [[3, 5, NaN], [4, 6, Infinity], ...Array.from({ length: 300 }, (_, i) => [i, 7, -Infinity] as [number, number, number]), [0, 8, -Infinity]]);
        return [cp.log(cp.exp(a.sub(a.max(0, { keepdims: true }))).sum(0)).add(a.max(0))];
      } },
    );
  }
  for (const dtype of ['float32', 'float64'] as const) {
    // several readers of one partner (a program's var and std): one fold, two centers
    cases.push({ name: `readers_cols_${dtype}`, make: () => { const a = data(dtype, [8192, 16], 7); return [cp.mean(a, 0), cp.var(a, 0), cp.std(a, 0, { ddof: 1 })]; } });
  }
  // values near float32's largest: the squares overflow (+inf both ways), the sum of a column
  // overflows (+inf both ways), a column holds +inf (NaN both ways)
  cases.push({ name: 'overflow_cols_float32', make: () => {
    const sums = Array.from({ length: 8192 }, (_, i) => [i, 2, 2e38] as [number, number, number]);
    return [cp.var(setAt(data('float32', [8192, 8], 0), [[0, 1, -3e38], [1, 1, 3e38], [2, 1, 1e38], ...sums, [100, 3, Infinity], [5, 4, 3e38]]), 0)];
  } });
  // data far from 0 with a small spread, a column that climbs (each chunk's mean apart from the
  // running mean), and outliers at several places in a column: the chunks' shifted sums
  // (src/codegen/cuda-reduce-online.ts) lose no more than Welford's update would
  let far: cp.NDArray | undefined;
  cases.push({
    name: 'var_far_cols_float32',
    make: () => {
      const ramp = Array.from({ length: 8192 }, (_, i) => [i, 1, 3e4 + i * 0.5] as [number, number, number]);
      const outliers = [0, 1, 7, 8, 9, 4095, 8191].map((i) => [i, 2, 1e6 + i] as [number, number, number]);
      far = setAt(data('float32', [8192, 8], 3e4), [...ramp, ...outliers, [3, 3, -2e6]]);
      return [cp.var(far, 0)];
    },
    exact: () => [cp.var(far!.astype('float64'), 0).astype('float32')],
  });
  // integers: var folds their float64 casts
  cases.push({ name: 'var_cols_int32', make: () => [cp.var(toDevice(randomArray('int32', [8192, 16], seed++, { low: -1000, high: 1000 })), 0)] });
  // NVRTC takes every fold's kernels as written: with no warning that a `#pragma unroll` is not
  // before its loop (it was ignored after `if (live)`, and the fold's loads then came one at a time)
  it.skipIf(!HAS_NVRTC)('NVRTC compiles the kernels of every case without a misplaced #pragma unroll', () => {
    const compiler = new NvrtcCompiler({ disk: null });
    for (const c of cases) {
      const { log } = compiler.compile({ source: generateCudaReduce(onlinePlan(c.make(), c.grouped === true)).source, name: `${c.name}.cu`, arch: 'sm_90' });
      expect(log, c.name).not.toMatch(/pragma unroll must precede/);
    }
  }, 600_000);
  for (const c of cases) it.skipIf(!EMULATE && !QUICK.has(c.name))(c.name, () => { const results = c.make(); check(c.name, results, c.grouped, c.exact?.(results)); }, 900_000);
});

/** `a` with the elements at (i, j) set to v (through the CPU backend). */
function setAt(a: cp.NDArray, values: Array<[number, number, number]>): cp.NDArray {
  const host = toHost(a);
  const cols = a.shape[1];
  for (const [i, j, v] of values) host.data[i * cols + j] = v;
  return toDevice(host);
}
