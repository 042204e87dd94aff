// What `cupyts explain` reports of each evaluation, as plain data: the graph (ops, shapes,
// dtypes), each kernel group and why it was cut, each kernel's source, launch geometry, cache
// outcome and resources. On a GPU that comes from the CUDA runner (cuFuncGetAttribute for the
// resources); where the program ran on the CPU backend, the CUDA kernel is generated from the
// same plan and, when NVRTC is present, compiled for a chosen arch to check it compiles and to
// read ptxas' resource report (`language: 'js'` reports the JavaScript kernels instead).
import { bincountGrid } from '../ir/bincount-plan.js';
import { sortGrid } from '../ir/sort-plan.js';
import { rowsLaunch } from '../codegen/cuda.js';
import { generateCudaPlan } from '../codegen/generate.js';
import type { Node } from '../ir/graph.js';
import { dataOrigin, nodeInputs } from '../ir/graph.js';
import { reduceGrid } from '../ir/reduce-geometry.js';
import { rowVectorGrid } from '../ir/kernel-plan.js';
import { crossGrid } from '../ir/reduce-plan.js';
import { SCAN_VECTOR, scanPlanLaunch } from '../ir/scan-plan.js';
import { planDims, planInputs, planOutputs, planWork, type AnyPlan } from './runners.js';
import { NvrtcCompileError, NvrtcCompiler } from '../runtime/compiler.js';
import { PTXAS_VERBOSE_OPTION, parsePtxasInfo, ptxasEntryNames, type PtxasResources } from '../runtime/ptxas-info.js';
import type { EvaluationObserver } from './explain-hook.js';

export interface GraphNodeReport {
  id: number;
  /** The op name for elementwise nodes, else the node kind; 'data' for computed or uploaded data. */
  op: string;
  inputs: number[];
  dtype: string;
  shape: number[];
  /** A scalar's value. */
  value?: string;
  /** What computed data at the call, where a library did (e.g. "fft.rfft: cuFFT r2c …"). */
  origin?: string;
}

export interface KernelResources {
  registers: number;
  /** Local memory per thread: spills and stack (cuFuncGetAttribute), or stack alone (ptxas). */
  localBytes: number;
  spillStoreBytes?: number;
  spillLoadBytes?: number;
  sharedBytes: number;
  constBytes: number;
  from: 'cuFuncGetAttribute' | 'ptxas';
}

export interface KernelExplanation {
  name: string;
  /** Why this group is a kernel of its own (KernelGroup.reason). */
  reason: string;
  /** Node ids the kernel computes, and the node ids it reads. */
  outputs: number[];
  inputs: number[];
  language: 'cuda' | 'js';
  source: string;
  size: number;
  dims: number[];
  /** grid: the launch on this device; without one, `gridUncapped` (the device caps it at its resident blocks). */
  launch?: { block: number | number[]; vectorWidth: number; vectorsPerThread: number; grid?: number | number[]; gridUncapped: number };
  /** Where the compiled kernel came from, on the CUDA backend. */
  cache?: 'memory' | 'disk' | 'compiled';
  /** NVRTC check where the program ran on the CPU: compiled for `arch`, or failed with the log. */
  compile?: { arch: string; nvrtc: string; ok: boolean; ms: number; log?: string };
  resources?: KernelResources;
  /**
   * Where the plan's module has several entry functions (a radix sort's histogram and passes, a
   * select's steps): each one's resources, from ptxas (CPU backend) in the module's order.
   */
  entries?: Array<{ name: string; resources: KernelResources }>;
}

export interface EvaluationExplanation {
  index: number;
  backend: 'cuda' | 'cpu';
  graph: GraphNodeReport[];
  kernels: KernelExplanation[];
}

export interface ExplainReportOptions {
  /** 'cuda' (default): the CUDA kernels, generated from the plan on the CPU backend; 'js': the JavaScript kernels. */
  language?: 'cuda' | 'js';
  /** Arch NVRTC checks the CUDA kernels for on the CPU backend (default: the newest it supports). */
  arch?: string;
  /** null: no NVRTC here (the report then has the plan and source only). */
  compiler?: NvrtcCompiler | null;
  onEvaluation?: (evaluation: EvaluationExplanation) => void;
  onKernel?: (kernel: KernelExplanation, evaluation: EvaluationExplanation) => void;
}

/** The unrealized graph under `targets`, inputs first; computed and uploaded data are leaves. */
export function describeGraph(targets: readonly Node[]): GraphNodeReport[] {
  const seen = new Set<Node>();
  const out: GraphNodeReport[] = [];
  const walk = (n: Node) => {
    if (seen.has(n)) return;
    seen.add(n);
    const inputs = n.realized ? [] : nodeInputs(n);
    inputs.forEach(walk);
    const report: GraphNodeReport = {
      id: n.id, op: n.realized ? 'data' : n.kind === 'map' ? n.op.name : n.kind,
      inputs: inputs.map((c) => c.id), dtype: n.dtype.name, shape: [...n.shape],
    };
    if (n.kind === 'scalar') report.value = String(n.value);
    const origin = n.realized ? dataOrigin(n) : undefined;
    if (origin) report.origin = origin;
    out.push(report);
  };
  targets.forEach(walk);
  return out;
}

/** `%3 = multiply(%1, %2) : float32(1024,)`, as cp.explain prints a node (and `<- origin` for data a library computed). */
export function formatGraphNode(n: GraphNodeReport): string {
  const shape = `(${n.shape.join(', ')}${n.shape.length === 1 ? ',' : ''})`;
  const origin = n.origin ? ` <- ${n.origin}` : '';
  return `%${n.id} = ${n.op}(${n.inputs.map((i) => `%${i}`).join(', ')})${n.value !== undefined ? ` ${n.value}` : ''} : ${n.dtype}${shape}${origin}`;
}

/** The newest real arch NVRTC supports, e.g. 'sm_90' for NVRTC 11.8. */
export function newestArch(compiler: NvrtcCompiler): string {
  const archs = compiler.nvrtc.supportedArchs;
  return archs.length ? `sm_${Math.max(...archs)}` : 'sm_80';
}

/** Threads per block and elements per thread of a plan's CUDA kernel (for the launch report). */
function blockOf(g: ReturnType<typeof generateCudaPlan>): { block: number | number[]; vectorWidth: number; vectorsPerThread: number } {
  if (g.kind === 'elementwise') return { block: g.gen.blockSize, vectorWidth: g.gen.vectorWidth, vectorsPerThread: g.gen.vectorsPerThread };
  if (g.kind === 'sort') return { block: g.gen.tileThreads, vectorWidth: 1, vectorsPerThread: 1 };
  if (g.kind === 'bincount') return { block: g.gen.threads, vectorWidth: 1, vectorsPerThread: 1 };
  // A 'rows' scan with a vector path loads and stores SCAN_VECTOR elements at a time where its data is aligned.
  const vectors = g.kind === 'scan' && g.gen.params.some((p) => p.kind === 'vectorOk');
  return { block: g.gen.block, vectorWidth: vectors ? SCAN_VECTOR : 1, vectorsPerThread: 1 };
}

/** Blocks a launch needs before the device's grid cap (elementwise: one tile per block; reduce: one block per row or 32 rows). */
function gridUncapped(plan: AnyPlan, block: number | number[], elementsPerThread: number): number {
  if (plan.kind === 'elementwise' && plan.rowVectors) return rowVectorGrid(plan, block as number);
  const rows = plan.kind === 'elementwise' && typeof block === 'number' ? rowsLaunch(plan, block) : undefined;
  if (rows) return rows.grid[0] * rows.grid[1];
  if (plan.kind === 'elementwise') return Math.max(1, Math.ceil(plan.size / ((block as number) * elementsPerThread)));
  if (plan.kind === 'reduce') return Math.max(1, plan.cross ? crossGrid(plan) : reduceGrid(plan.geometry, plan.outSize));
  if (plan.kind === 'sort') return sortGrid(plan);
  if (plan.kind === 'bincount') return bincountGrid(plan);
  return scanPlanLaunch(plan).grid;
}

function fromPtxas(p: PtxasResources): KernelResources {
  return {
    registers: p.registers, localBytes: p.stackBytes, spillStoreBytes: p.spillStoreBytes,
    spillLoadBytes: p.spillLoadBytes, sharedBytes: p.sharedBytes, constBytes: p.constBytes, from: 'ptxas',
  };
}

function explainCudaOnCpu(plan: AnyPlan, options: ExplainReportOptions): Partial<KernelExplanation> {
  const gen = generateCudaPlan(plan);
  const out: Partial<KernelExplanation> = {
    name: gen.name, language: 'cuda', source: gen.source, launch: { ...blockOf(gen), gridUncapped: 0 },
  };
  const compiler = options.compiler;
  if (!compiler) return out;
  const arch = options.arch ?? newestArch(compiler);
  const t0 = performance.now();
  try {
    const k = compiler.compile({ source: gen.source, name: `${gen.name}.cu`, arch, options: [PTXAS_VERBOSE_OPTION] });
    out.compile = { arch, nvrtc: compiler.nvrtc.version, ok: true, ms: performance.now() - t0 };
    const ptxas = parsePtxasInfo(k.log, gen.name);
    if (ptxas) out.resources = fromPtxas(ptxas);
    const names = ptxasEntryNames(k.log);
    if (names.length > 1) {
      out.entries = names.flatMap((name) => {
        const r = parsePtxasInfo(k.log, name);
        return r ? [{ name, resources: fromPtxas(r) }] : [];
      });
    }
  } catch (err) {
    const log = err instanceof NvrtcCompileError ? err.log : (err as Error).message;
    out.compile = { arch, nvrtc: compiler.nvrtc.version, ok: false, ms: performance.now() - t0, log };
  }
  return out;
}

/** An evaluation observer that builds an EvaluationExplanation per evaluation. */
export function explainReporter(options: ExplainReportOptions = {}): { observer: EvaluationObserver; evaluations: EvaluationExplanation[] } {
  const evaluations: EvaluationExplanation[] = [];
  const cudaOnCpu = new Map<string, Partial<KernelExplanation>>(); // by plan key: compile each kernel once
  const ranOnCuda = new Set<string>(); // plan keys already run in this process: later runs are in-memory hits
  const observer: EvaluationObserver = ({ runner, targets }) => {
    const evaluation: EvaluationExplanation = { index: evaluations.length + 1, backend: runner.kind, graph: describeGraph(targets), kernels: [] };
    evaluations.push(evaluation);
    options.onEvaluation?.(evaluation);
    return {
      kernelRan(plan, group) {
        const base = {
          reason: group.reason ?? '', outputs: planOutputs(plan).map((o) => o.node.id), inputs: planInputs(plan).map((n) => n.id),
          size: planWork(plan), dims: [...planDims(plan)],
        };
        let kernel: KernelExplanation;
        if (runner.kind === 'cuda') {
          const r = runner.report(plan);
          const a = r.attributes;
          const cache = ranOnCuda.has(plan.key) ? 'memory' : r.cache; // the runner keeps the outcome of its first load
          ranOnCuda.add(plan.key);
          kernel = {
            ...base, name: r.name, language: 'cuda', source: r.source, cache,
            launch: r.launch && {
              block: r.launch.block, vectorWidth: r.launch.vectorWidth ?? 1, vectorsPerThread: r.launch.vectorsPerThread ?? 1, grid: r.launch.grid,
              gridUncapped: gridUncapped(plan, r.launch.block, (r.launch.vectorWidth ?? 1) * (r.launch.vectorsPerThread ?? 1)),
            },
            resources: a && { registers: a.registers, localBytes: a.localBytes, sharedBytes: a.sharedBytes, constBytes: a.constBytes, from: 'cuFuncGetAttribute' },
          };
        } else if (options.language === 'js') {
          const r = runner.report(plan);
          kernel = { ...base, name: r.name, language: 'js', source: r.source };
        } else {
          let generated = cudaOnCpu.get(plan.key);
          if (!generated) {
            generated = explainCudaOnCpu(plan, options);
            cudaOnCpu.set(plan.key, generated);
          }
          const { block, vectorWidth, vectorsPerThread } = generated.launch!; // the same for every plan of one key; the grid is per size
          kernel = {
            ...base, ...(generated as Pick<KernelExplanation, 'name' | 'language' | 'source'>),
            launch: { block, vectorWidth, vectorsPerThread, gridUncapped: gridUncapped(plan, block, vectorWidth * vectorsPerThread) },
          };
        }
        evaluation.kernels.push(kernel);
        options.onKernel?.(kernel, evaluation);
      },
    };
  };
  return { observer, evaluations };
}
