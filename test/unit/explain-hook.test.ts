// The evaluation observer (explain-hook.ts), the cut reasons scheduleGroups records, and what
// `cupyts explain` and kernel recording build from them, on the CPU backend (no device needed;
// the NVRTC check runs where NVRTC is present).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import * as cp from '../../src/index.js';
import { scheduleGroups } from '../../src/api/evaluate.js';
import { addEvaluationObserver, type EvaluationEvent } from '../../src/api/explain-hook.js';
import { describeGraph, explainReporter, formatGraphNode } from '../../src/api/explain-report.js';
import { kernelRecorder, recordKernelsToFile } from '../../src/api/kernel-recorder.js';
import { generateCuda } from '../../src/codegen/cuda.js';
import type { SourceNode } from '../../src/ir/graph.js';
import { MAX_FUSED_INPUTS, MAX_FUSED_STEPS, planKernel } from '../../src/ir/kernel-plan.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { NvrtcCompiler } from '../../src/runtime/compiler.js';
import { readManifest, type ManifestKernel } from '../../src/runtime/kernel-manifest.js';
import { HAS_NVRTC } from '../helpers/cuda.js';

setBackendNotice(() => {});
beforeAll(() => cp.useBackend('cpu'));

const removers: Array<() => void> = [];
afterEach(() => removers.splice(0).forEach((remove) => remove()));
function observe(observer: Parameters<typeof addEvaluationObserver>[0]): void {
  removers.push(addEvaluationObserver(observer));
}

const input = (n: number) => cp.asarray(new Float32Array(n).fill(0.25));

describe('scheduleGroups records why each kernel was cut', () => {
  it('names the requested shape for a single fused chain', () => {
    const y = input(8).mul(2).add(1).sin();
    const groups = scheduleGroups([y.node]);
    expect(groups).toHaveLength(1);
    expect(groups[0].reason).toBe('the requested arrays of shape (8,)');
  });

  it('gives a lone elementwise array (the short path) what the general path gives', () => {
    const x = input(8);
    const m = cp.asarray(new Float32Array(32).fill(0.5)).reshape(4, 8).eval();
    let long = x;
    for (let i = 0; i < MAX_FUSED_STEPS + 10; i++) long = long.add(1);
    const cases = [
      x.mul(2).add(input(8)),
      cp.where(x.greater(0), x, x.neg()).astype('float64'),
      cp.broadcast_to(x, [4, 8]).mul(m),
      m.add(x).sum({ axis: 1 }).mul(2), // a reduction: the general path
      long, // over the kernel limits: split by the general path
    ];
    for (const y of cases) {
      const lone = scheduleGroups([y.node]);
      const general = scheduleGroups([y.node, y.node]); // more than one target: the general path
      expect(lone.map((g) => ({ ...g }))).toEqual(general.map((g) => ({ ...g })));
    }
  });

  it('names the shape difference when a kernel reads a result of another shape', () => {
    const x = cp.asarray([[1], [2], [3]], { dtype: 'float32' });
    const a = x.add(1); // (3, 1)
    const b = a.mul(cp.asarray([[1, 2, 3, 4]], { dtype: 'float32' })); // (3, 4)
    const groups = scheduleGroups([b.node, a.node]);
    expect(groups.map((g) => g.reason)).toEqual([
      'shape (3, 1) differs from the kernel of shape (3, 4) that reads it',
      'the requested arrays of shape (3, 4)',
    ]);
  });

  it('names the step limit when an over-large graph is split', () => {
    let y = input(16);
    for (let i = 0; i < MAX_FUSED_STEPS + 100; i++) y = y.sin();
    const groups = scheduleGroups([y.node]);
    expect(groups.length).toBeGreaterThan(1);
    for (const g of groups.slice(0, -1)) {
      expect(g.reason).toMatch(new RegExp(`^split off first: fused with its readers the kernel would have \\d+ steps \\(MAX_FUSED_STEPS ${MAX_FUSED_STEPS}\\)$`));
    }
    expect(groups.at(-1)!.reason).toBe('the requested arrays of shape (16,)');
  });

  it('names the parameter limit when a graph reads too many inputs', () => {
    let y = input(16);
    for (let i = 0; i < MAX_FUSED_INPUTS + 10; i++) y = y.add(i + 0.5); // each scalar is a kernel parameter
    const groups = scheduleGroups([y.node]);
    expect(groups.length).toBeGreaterThan(1);
    expect(groups[0].reason).toMatch(new RegExp(`^split off first: fused with its readers the kernel would have \\d+ inputs \\(MAX_FUSED_INPUTS ${MAX_FUSED_INPUTS}\\)$`));
  });
});

describe('evaluation observers', () => {
  it('see every evaluation once, before it runs, and every kernel after it ran', () => {
    const events: Array<{ event: EvaluationEvent; realizedAtStart: boolean; ran: string[] }> = [];
    observe((event) => {
      const record = { event, realizedAtStart: event.targets.every((t) => t.realized !== undefined), ran: [] as string[] };
      events.push(record);
      return { kernelRan: (plan, group) => record.ran.push(`${plan.name}:${group.reason}`) };
    });
    const x = input(4);
    const y = x.mul(3).exp();
    y.eval();
    y.eval(); // already computed: no evaluation
    cp.eval(x.add(1), x.sub(1)); // one kernel for both
    expect(events).toHaveLength(2);
    expect(events[0].realizedAtStart).toBe(false);
    expect(events[0].event.runner.kind).toBe('cpu');
    expect(events[0].ran).toEqual(['fused_multiply_exp_f32:the requested arrays of shape (4,)']);
    expect(events[1].event.targets).toHaveLength(2);
    expect(events[1].ran).toHaveLength(1);
  });

  it('also see evaluateAsync (data()), and stop when removed', async () => {
    let count = 0;
    const remove = addEvaluationObserver(() => {
      count++;
      return undefined;
    });
    await input(4).add(2).data();
    remove();
    await input(4).add(3).data();
    expect(count).toBe(1);
  });
});

describe('explainReporter', () => {
  it('describes the graph as cp.explain does', () => {
    const x = input(4);
    const y = x.mul(2);
    const graph = describeGraph([y.node]);
    expect(graph.map(formatGraphNode)).toEqual([
      `%${x.node.id} = data() : float32(4,)`,
      `%${graph[1].id} = scalar() 2 : float32()`,
      `%${y.node.id} = multiply(%${x.node.id}, %${graph[1].id}) : float32(4,)`,
    ]);
  });

  it('names the origin of data a library computed, also through a computed view of it', () => {
    const data = cp.asarray([[1, 2, 3], [4, 5, 6]], { dtype: 'float32' });
    expect(data.node.kind).toBe('source');
    (data.node as SourceNode).origin = 'test.op: a library call';
    const moved = data.T; // a transform's result moved back: a computed view sharing the data
    expect(moved.node.kind).toBe('view');
    expect(moved.node.realized?.alias).toBe(true);
    const [report] = describeGraph([moved.node]);
    expect(report.origin).toBe('test.op: a library call');
    expect(formatGraphNode(report)).toBe(`%${moved.node.id} = data() : float32(3, 2) <- test.op: a library call`);
    expect(cp.explain(moved).graph).toEqual([`%${moved.node.id} = data() : float32(3, 2) <- test.op: a library call`]);
    expect(describeGraph([moved.mul(2).node])[0].origin).toBe('test.op: a library call');
    expect(describeGraph([input(2).node])[0].origin).toBeUndefined();
  });

  it("reports the JavaScript kernels with language 'js'", () => {
    const reporter = explainReporter({ language: 'js' });
    observe(reporter.observer);
    input(1000).sin().eval();
    const [k] = reporter.evaluations[0].kernels;
    expect(k).toMatchObject({ language: 'js', name: 'fused_sin_f32', size: 1000, reason: 'the requested arrays of shape (1000,)' });
    expect(k.source).toContain('function fused_sin_f32');
    expect(k.compile).toBeUndefined();
  });

  it('reports the CUDA kernel of the same plan, with its launch geometry, without NVRTC', () => {
    const reporter = explainReporter({ compiler: null });
    observe(reporter.observer);
    const x = input(5000);
    x.cos().add(x).eval();
    const [ev] = reporter.evaluations;
    expect(ev.backend).toBe('cpu');
    const [k] = ev.kernels;
    expect(k.language).toBe('cuda');
    expect(k.source).toContain('__global__');
    expect(k.source).toContain(k.name);
    expect(k.launch!.vectorsPerThread).toBe(2);
    expect(k.launch!.gridUncapped).toBe(Math.ceil(5000 / ((k.launch!.block as number) * k.launch!.vectorWidth * k.launch!.vectorsPerThread)));
    expect(k.inputs).toEqual([x.node.id]);
    expect(k.compile).toBeUndefined();
  });

  it.skipIf(!HAS_NVRTC)('with NVRTC, compiles each CUDA kernel for the arch and reads ptxas resources', () => {
    const reporter = explainReporter({ compiler: new NvrtcCompiler({ disk: null }), arch: 'sm_80' });
    observe(reporter.observer);
    input(64).mul(2).tanh().eval();
    input(64).mul(2).tanh().eval(); // same kernel: compiled once, reported twice
    const [a, b] = reporter.evaluations.map((e) => e.kernels[0]);
    expect(a.compile).toMatchObject({ arch: 'sm_80', ok: true });
    expect(a.resources).toMatchObject({ from: 'ptxas', spillStoreBytes: 0, sharedBytes: 0 });
    expect(a.resources!.registers).toBeGreaterThan(0);
    expect(b.resources).toEqual(a.resources);
  });
});

describe('kernel recording', () => {
  it('records each distinct kernel once, as the CUDA source the runtime would compile, arch null on the CPU', () => {
    const kernels: ManifestKernel[] = [];
    observe(kernelRecorder((k) => kernels.push(k)));
    const x = input(32);
    x.sqrt().eval();
    x.sqrt().eval();
    x.add(1).mul(x).eval();
    expect(kernels.map((k) => k.name)).toEqual(['fused_sqrt_f32.cu', 'fused_add_multiply_f32.cu']);
    for (const k of kernels) {
      expect(k).toMatchObject({ manifest: 'cupyts-kernels', version: 1, options: [], arch: null });
    }
    // the very source CudaRunner compiles for this plan
    const plan = cp.explain(x.sqrt()).kernels[0];
    expect(plan.name).toBe('fused_sqrt_f32');
    expect(kernels[0].source).toContain('fused_sqrt_f32(');
    expect(kernels[0].source).toMatch(/__global__/);
  });

  it('appends to a manifest file that reads back through the zod schema', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cupyts-record-')), 'm.jsonl');
    observe(recordKernelsToFile(file));
    input(8).abs().eval();
    input(8).square().eval();
    const read = readManifest(file);
    expect(read.map((k) => k.name)).toContain('fused_absolute_f32.cu');
    expect(read.map((k) => k.name)).toContain('fused_square_f32.cu');
    expect(fs.readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(read.length);
    fs.rmSync(path.dirname(file), { recursive: true });
  });

  it('a write failure is reported once and never breaks the program', () => {
    const warnings: string[] = [];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cupyts-record-'));
    fs.writeFileSync(path.join(dir, 'afile'), '');
    observe(recordKernelsToFile(path.join(dir, 'afile', 'm.jsonl'), (m) => warnings.push(m)));
    expect(() => input(8).cbrt().eval()).not.toThrow();
    expect(() => input(8).log1p().eval()).not.toThrow();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/could not record kernels into .* \((ENOTDIR|EEXIST)\); recording stopped/);
    fs.rmSync(dir, { recursive: true });
  });

  it('generateCuda is what the recorder stores', () => {
    const kernels: ManifestKernel[] = [];
    observe(kernelRecorder((k) => kernels.push(k)));
    const x = input(16);
    const y = x.exp2();
    const planSource = generateCuda(planOf(y)).source;
    y.eval();
    expect(kernels[0].source).toBe(planSource);
  });
});

/** The plan evaluate() makes for `a` alone (one group). */
function planOf(a: cp.NDArray) {
  const groups = scheduleGroups([a.node]);
  expect(groups).toHaveLength(1);
  const g = groups[0];
  if (g.kind !== 'elementwise') throw new Error('expected an elementwise group');
  return planKernel(g.roots);
}
