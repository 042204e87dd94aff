// cp.jit(fn, options?): a function with fn's signature that replays fn's kernels. The first call
// for an input signature (./jit-values.ts: the arrays' dtypes, shapes and layouts, and every other
// argument by value) traces fn: it runs on arrays standing in for the arguments, its result is
// computed, and the kernels that ran are kept as a launch list (./jit-program.ts). Later calls
// with that signature do not run fn: they bind the new arguments' buffers and run the same plans,
// with no scheduling, planning or code generation. A matmul (a cuBLAS or generated GEMM) and each
// stage of an FFT (cuFFT or the JS FFT) are steps of the launch list like a kernel. Where fn reads
// data back to the host, draws random numbers or calls another library that runs at the call
// (linalg), a launch list cannot stand in for
// it: that signature runs fn each call, but each evaluation fn asks for replays the kernels the
// trace ran for an evaluation of the same shape (./jit-segments.ts), and explain() says where and
// why the trace was cut. Signatures are kept in a bounded least-recently-used cache.
import { countAlias, isReadOnly, nextNodeId, sourceNode } from '../ir/graph.js';
import { CupytsError } from '../ir/errors.js';
import { NDArray } from './ndarray.js';
import { evaluate } from './evaluate.js';
import * as t from './param-types.js';
import { keyword, required, signature, REJECT, type ParamType } from './signature.js';
import { tracing, underTrace } from './jit-trace.js';
import { arraysKey, buildResult, flattenArgs, flattenResult, type OutputShape } from './jit-values.js';
import {
  buildProgram, dropProgramConstants, letGoOfUploads, Recording, replayProgram, resultArrays, traceBuffers, unbindProgram, type Cut, type Program,
} from './jit-program.js';
import type { Runner, Storage } from './runners.js';
import type { CudaRunner } from './cuda-runner.js';
import { dropGraph, graphableStep, replayGraph } from './jit-graph.js';
import { holdBuffer, letGoBuffer } from './release.js';
import { SegmentReplayer } from './jit-segments.js';
import type { EvaluationProgram } from './jit-segments.js';

const fnParam: ParamType<(...args: any[]) => unknown> = {
  expected: 'a function',
  parse: (x) => (typeof x === 'function' ? (x as (...args: any[]) => unknown) : REJECT),
};

const JIT_PARAMS = [
  required('fn', fnParam),
  keyword('maxSignatures', t.positiveInt, 8),
  keyword('graphs', t.boolean, true),
  keyword('dynamic', t.notSupported(false), null, 'false (every dimension static)'),
] as const;
const JIT = signature('jit', JIT_PARAMS);

/** What one input signature runs: a launch list, or fn itself (with the cuts that made it so). */
type Entry =
  | {
      mode: 'replay'; program: Program; resultShape: OutputShape; runner: Runner; kernels: string[];
      /** The arguments fn disposed (by position): a replay disposes the caller's, as fn would. */
      disposes: number[];
    }
  | { mode: 'call'; cuts: Cut[]; kernels: string[]; evaluations: ReadonlyMap<string, EvaluationProgram> };

/** What explain() says of one signature's trace. */
export interface JitExplanation {
  signature: string;
  /** 'replay': later calls run the launch list; 'call': they run fn, each evaluation in it replaying the trace's kernels where its graph has the same shape. */
  mode: 'replay' | 'call';
  /** (mode 'call') How many of the trace's evaluations later calls can replay. */
  replayable?: number;
  /** How a replay launches its kernels: one CUDA graph, or kernel by kernel (the CPU backend, graphs off, or a program a graph cannot take). */
  launches?: 'graph' | 'kernels';
  /** The trace's evaluations between cuts: their kernels, and why each segment ended. */
  segments: Array<{ kernels: string[]; cut?: string }>;
}

export interface JitFunction<F extends (...args: any[]) => unknown> {
  (...args: Parameters<F>): ReturnType<F>;
  /** The trace of the signature of `args` (tracing it first, which runs fn once, where it is new). */
  explain(...args: Parameters<F>): JitExplanation;
  /** Signatures traced so far (at most maxSignatures are kept). */
  readonly signatures: number;
}

/** Array arguments are computed first: a trace starts from data. */
function computed(arrays: readonly NDArray[]): void {
  const lazy = arrays.filter((a) => !a.node.realized);
  if (lazy.length) evaluate(lazy[0].runner, lazy.map((a) => a.node));
}

/**
 * Stand-ins for the argument arrays: views of the same buffers, new nodes the launch list binds
 * per call. An array passed twice has one stand-in, as fn would see one array.
 */
function standIns(arrays: readonly NDArray[]): NDArray[] {
  const made = new Map<NDArray, NDArray>();
  return arrays.map((a) => {
    const again = made.get(a);
    if (again) return again;
    const r = a.node.realized!;
    const node = sourceNode([...a.node.shape], a.dtype, r.storage, [...r.strides], r.offset);
    node.realized = { ...node.realized!, alias: true, ...(isReadOnly(a.node) ? { readonly: true } : {}) };
    countAlias(r.storage as object, 1);
    const standIn = new NDArray(node, a.runner);
    made.set(a, standIn);
    return standIn;
  });
}

/** `x` with each array (in arrays and plain objects, in order) replaced by `f` of it. */
function mapArrays(x: unknown, f: (a: NDArray) => NDArray): unknown {
  if (x instanceof NDArray) return f(x);
  if (Array.isArray(x)) return x.map((v) => mapArrays(v, f));
  if (x !== null && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) {
    return Object.fromEntries(Object.entries(x).map(([key, v]) => [key, mapArrays(v, f)]));
  }
  return x;
}

/** `args` with their arrays replaced, in order, by `arrays`. */
function substitute(args: readonly unknown[], arrays: readonly NDArray[]): unknown[] {
  let k = 0;
  return mapArrays(args, () => arrays[k++]) as unknown[];
}

const isThenable = (x: unknown): boolean => x !== null && typeof x === 'object' && typeof (x as { then?: unknown }).then === 'function';

/** Runs fn on stand-ins under a trace; returns the first call's result and the signature's entry. */
function trace(fn: (...args: any[]) => unknown, args: readonly unknown[], arrays: readonly NDArray[]): { result: unknown; entry: Entry } {
  const firstNode = nextNodeId();
  const leaves = standIns(arrays);
  // (taken now: fn may dispose an argument, and then its stand-in has no node to read)
  const leafNodes = leaves.map((l) => l.node);
  const argBuffers = leafNodes.map((n) => n.realized!.storage as Storage);
  const rec = new Recording(firstNode);
  // fn disposing a stand-in disposes the caller's array at once, as fn would have done to it: an
  // argument that is also an array of fn's closure is then disposed there too (eagerly, a later use
  // raises ERR_DISPOSED). Its buffer is held until the trace ends (the trace still reads it).
  const held: Storage[] = [];
  rec.onDispose = (node) => leafNodes.forEach((n, k) => {
    if (n !== node || arrays[k].disposed) return;
    holdBuffer(argBuffers[k]);
    held.push(argBuffers[k]);
    arrays[k].dispose();
  });
  const disposeAsFnDid = () => {
    leaves.forEach((l, k) => { if (l.disposed) arrays[k].dispose(); });
    held.splice(0).forEach(letGoBuffer);
  };
  const { result, outputs, shape } = raisingAfter(disposeAsFnDid, () => underTrace(rec, () => {
    const value = fn(...substitute(args, leaves));
    if (isThenable(value)) throw new CupytsError('ERR_ARG', 'jit: expected fn to return synchronously, got a Promise');
    const flat = flattenResult('jit', value);
    const runner = flat.arrays[0]?.runner ?? arrays[0]?.runner;
    const lazy = flat.arrays.filter((a) => !a.node.realized);
    if (runner && lazy.length) evaluate(runner, lazy.map((a) => a.node));
    return { result: value, outputs: flat.arrays, shape: flat.shape };
  }));
  const kernels = rec.kernels.map((k) => k.plan.name);
  const runner = outputs[0]?.runner ?? arrays[0]?.runner;
  const built = runner ? buildProgram(rec, leafNodes, firstNode, outputs.map((o) => o.node)) : { afterKernels: 0, reason: 'fn returned no arrays' };
  letGoOfUploads(rec, 'reason' in built ? undefined : built);
  if ('reason' in built) {
    disposeAsFnDid();
    // fn's value over the stand-ins, with each stand-in fn returned as the caller's array (as eagerly).
    const back = new Map<NDArray, NDArray>(leaves.map((l, k) => [l, arrays[k]]));
    return { result: mapArrays(result, (a) => back.get(a) ?? a), entry: { mode: 'call', cuts: rec.cuts.length ? rec.cuts : [built], kernels, evaluations: rec.evaluations } };
  }
  const first = resultArrays(built, runner!, arrays as NDArray[], argBuffers, traceBuffers(rec), true);
  unbindProgram(built);
  disposeAsFnDid(); // (after resultArrays, whose views of the arguments' buffers then hold them)
  const disposes = leaves.flatMap((l, k) => (l.disposed ? [k] : []));
  return { result: buildResult(shape, first), entry: { mode: 'replay', program: built, resultShape: shape, runner: runner!, kernels, disposes } };
}

/** `body()`, running `after` first where it raises. */
function raisingAfter<T>(after: () => void, body: () => T): T {
  try {
    return body();
  } catch (err) {
    after();
    throw err;
  }
}

/** Runs fn for a cut signature, its evaluations (its result's too) replaying the trace's kernels where they can. */
function runSegments(fn: (...args: any[]) => unknown, args: readonly unknown[], evaluations: ReadonlyMap<string, EvaluationProgram>): unknown {
  return underTrace(new SegmentReplayer(evaluations), () => {
    const value = fn(...args);
    const lazy = flattenResult('jit', value).arrays.filter((a) => !a.node.realized);
    if (lazy.length) evaluate(lazy[0].runner, lazy.map((a) => a.node));
    return value;
  });
}

function explainEntry(key: string, entry: Entry, graphs: boolean): JitExplanation {
  if (entry.mode === 'replay') {
    const graph = graphs && entry.runner.kind === 'cuda' && entry.program.steps.every(graphableStep);
    return { signature: key, mode: 'replay', launches: graph ? 'graph' : 'kernels', segments: [{ kernels: entry.kernels }] };
  }
  const segments: JitExplanation['segments'] = [];
  let from = 0;
  for (const cut of entry.cuts) {
    segments.push({ kernels: entry.kernels.slice(from, cut.afterKernels), cut: cut.reason });
    from = cut.afterKernels;
  }
  segments.push({ kernels: entry.kernels.slice(from) });
  return { signature: key, mode: 'call', replayable: entry.evaluations.size, segments };
}

/**
 * jit(fn, {maxSignatures=8, graphs=true, dynamic=false}): fn compiled to a replayed launch list
 * per input signature; on a CUDA device the list is one CUDA graph where it can be (`graphs`:
 * false launches the kernels one by one; ./jit-graph.ts says which programs run as plain launches). Array arguments (in arrays and plain objects too) are the inputs; every other
 * argument (numbers included) is part of the signature by value: a new value traces again (pass
 * a 0-d array for a number that changes each call). Every dimension is static (`dynamic` is not
 * supported yet). matmul (and what is built on it: dot, einsum, tensordot) is part of the list,
 * a cuBLAS GEMM a node of the CUDA graph; the fft functions' stages are steps too, replayed as
 * plain launches. Where the trace is cut (a readback, random draws from a generator that advances,
 * linalg, an array of fn's closure disposed by fn), fn runs each call and its evaluations replay the
 * trace's kernels where their graphs have the same shape. fn returns an array, or arrays and plain
 * objects of arrays; the jitted function returns the same structure, computed.
 */
export function jit<F extends (...args: any[]) => unknown>(...callArgs: [F, { maxSignatures?: number; graphs?: boolean; dynamic?: boolean | null }?]): JitFunction<F> {
  const v = JIT.parse(callArgs);
  const fn = v.fn as F;
  const arity = fn.length;
  const cache = new Map<string, Entry>();
  /** Buffers of closure arrays any trace of fn read or wrote (Program.outside). */
  const closureBuffers = new WeakSet<object>();

  const lookup = (args: readonly unknown[]): { key: string; plain: string; buffers: object[]; arrays: NDArray[]; entry?: Entry } => {
    if (arity > 0 && args.length !== arity) {
      throw new CupytsError('ERR_ARG', `jit: expected ${arity} argument${arity === 1 ? '' : 's'} (as fn declares), got ${args.length}`);
    }
    const flat = flattenArgs('jit', args);
    computed(flat.arrays);
    const runners = new Set(flat.arrays.map((a) => a.runner));
    if (runners.size > 1) throw new CupytsError('ERR_ARG', 'jit: expected array arguments on one backend, got arrays of several');
    const plain = `${flat.key}|${arraysKey(flat.arrays)}`;
    // Arguments that share a buffer with an array fn read or wrote from its closure (in any trace
    // so far) are a signature of their own: a launch list traced without that sharing writes in
    // place what it reads (C.set('...', x[::-1]) called with x = C; eager assign buffers that
    // value), and one traced with it reads the argument where fn reads its closure.
    const buffers = flat.arrays.map((a) => a.node.realized!.storage as object);
    const key = withSharing(plain, buffers, (s) => closureBuffers.has(s));
    const entry = cache.get(key);
    if (entry) { cache.delete(key); cache.set(key, entry); }
    return { key, plain, buffers, arrays: flat.arrays, entry };
  };

  /** The key a new trace is kept under: its closure buffers are learnt, and arguments sharing one mark the key. */
  const traceKey = (plain: string, buffers: readonly object[], entry: Entry): string => {
    if (entry.mode === 'replay') for (const b of entry.program.outside) closureBuffers.add(b);
    return withSharing(plain, buffers, (s) => closureBuffers.has(s));
  };

  const remember = (key: string, entry: Entry): void => {
    cache.set(key, entry);
    while (cache.size > v.maxSignatures) {
      const oldest = cache.keys().next().value!;
      const dropped = cache.get(oldest)!;
      if (dropped.mode === 'replay') {
        dropGraph(dropped.program);
        dropProgramConstants(dropped.program);
      }
      cache.delete(oldest);
    }
  };

  const jitted = ((...args: unknown[]) => {
    if (tracing()) return fn(...args);
    const { plain, buffers: argBuffers, arrays, entry } = lookup(args);
    if (!entry) {
      const traced = trace(fn, args, arrays);
      remember(traceKey(plain, argBuffers, traced.entry), traced.entry);
      return traced.result;
    }
    if (entry.mode === 'call') return runSegments(fn, args, entry.evaluations);
    const buffers = arrays.map((a) => a.node.realized!.storage as Storage);
    const produced = v.graphs && entry.runner.kind === 'cuda'
      ? replayGraph(entry.program, entry.runner as CudaRunner, buffers)
      : replayProgram(entry.program, entry.runner, buffers);
    const result = buildResult(entry.resultShape, resultArrays(entry.program, entry.runner, arrays, buffers, produced));
    for (const k of entry.disposes) arrays[k].dispose();
    return result;
  }) as unknown as JitFunction<F>;

  Object.defineProperty(jitted, 'signatures', { get: () => cache.size });
  jitted.explain = (...args: unknown[]) => {
    const found = lookup(args);
    if (found.entry) return explainEntry(found.key, found.entry, v.graphs);
    const traced = trace(fn, args, found.arrays);
    const key = traceKey(found.plain, found.buffers, traced.entry);
    remember(key, traced.entry);
    return explainEntry(key, traced.entry, v.graphs);
  };
  return jitted;
}

/** `plain` marked with the positions of the arguments whose buffer `isClosure` (none: `plain` itself). */
function withSharing(plain: string, buffers: readonly object[], isClosure: (storage: object) => boolean): string {
  const shared = buffers.flatMap((b, k) => (isClosure(b) ? [k] : []));
  return shared.length > 0 ? `${plain}|outside:${shared.join(',')}` : plain;
}
