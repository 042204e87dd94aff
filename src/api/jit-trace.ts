// What a cp.jit trace watches while the traced function runs (./jit.ts): every kernel that runs
// (its plan and output buffers), every library call that runs (a cuBLAS GEMM, a cuFFT or JS FFT
// stage: how to run it again over the same nodes, and its output buffer), every upload of host data, and whatever keeps the function from
// being replayed without running it again (a host readback, random draws). The evaluation path
// reports here; with no trace open every report is one comparison.
import type { DType } from '../ir/dtype.js';
import type { Node } from '../ir/graph.js';
import { listenToStaleReads } from '../ir/readers.js';
import type { AnyPlan, Runner, Storage } from './runners.js';

export interface TraceObserver {
  /** An evaluation of `targets` is about to be scheduled; true where the observer computed them itself (a segment replay). */
  evaluating(runner: Runner, targets: readonly Node[]): boolean;
  /**
   * A write is about to compute `value` inside its own kernel (not through an evaluation): the
   * trace computes the lazy arrays of fn's closure it reads first, as an evaluation would.
   */
  writing?(runner: Runner, value: Node): void;
  /** The evaluation of `targets` is done (every kernel it ran was reported). */
  evaluated(runner: Runner, targets: readonly Node[]): void;
  /** A kernel ran: its plan and the buffers run() returned (planOutputs order). */
  kernelRan(plan: AnyPlan, outputs: readonly Storage[]): void;
  /** A library call ran at the call (a GEMM, an FFT stage) and wrote `output`. */
  libraryRan(call: LibraryCall, output: Storage): void;
  /** A host step ran (a renamed write's buffer exchange): it is part of the launch list's order. */
  hostRan?(step: HostStep): void;
  /** Whether the trace's own steps made `storage` (a renamed write may exchange its memory: a replay repeats the exchange). */
  owns?(storage: Storage): boolean;
  /** Host data was uploaded into `storage` (a constant of the traced function). */
  uploaded(storage: Storage): void;
  /** Something the launch list cannot replay happened: the function must run again each call. */
  cut(reason: string): void;
  /** A lazy node stopped reading `input` for the snapshot a write made of its data (ir/readers.ts). */
  staleRead?(input: Node): void;
  /** An array over `node` is being disposed. */
  disposing?(node: Node): void;
}

/**
 * A library call as a launch list keeps it: a name for explain, the nodes it reads (bound to new
 * buffers before a replay runs it) and how to run it again over them, returning its new output.
 */
export interface LibraryCall {
  readonly kind: 'library';
  readonly name: string;
  readonly inputs: readonly Node[];
  run(runner: Runner): Storage;
  /** Whether its work can be captured into a CUDA graph (./jit-graph.ts): it queues through CudaDevice.libraryCall and needs no scratch memory of the pool while it runs (its output is allocated before). */
  readonly capturable: boolean;
  /**
   * Set where the call only allocates a buffer of this many bytes for later writes to fill (run
   * returns it uninitialized): a replay may hand it a buffer of the same size that nothing reads
   * any more (./jit-program.ts).
   */
  readonly allocates?: number;
}

/**
 * A step of the launch list that launches nothing but must run in its place among the kernels: a
 * renamed write's exchange of two buffers' memory (./assign-rename.ts). `run` acts on the
 * buffers its input nodes are bound to when it runs.
 */
export interface HostStep {
  readonly kind: 'host';
  readonly name: string;
  readonly inputs: readonly Node[];
  run(): void;
}

let active: TraceObserver | undefined;

/** Runs `body` with `observer` watching; traces do not nest (an inner jit call runs untraced). */
export function underTrace<T>(observer: TraceObserver, body: () => T): T {
  const outer = active;
  active = observer;
  const outerListener = listenToStaleReads((input) => active?.staleRead?.(input));
  try {
    return body();
  } finally {
    active = outer;
    listenToStaleReads(outerListener);
  }
}

/** Whether a trace is open (a jit call inside a traced function runs as plain code). */
export const tracing = (): boolean => active !== undefined;

/** Reports an evaluation about to run; true where the open trace computed `targets` itself. */
export function traceEvaluation(runner: Runner, targets: readonly Node[]): boolean {
  return active !== undefined && active.evaluating(runner, targets);
}

/** Reports a write about to fuse `value` into its kernel (./evaluate.ts evaluateInputsOf). */
export function traceWriting(runner: Runner, value: Node): void {
  active?.writing?.(runner, value);
}

export function traceEvaluated(runner: Runner, targets: readonly Node[]): void {
  active?.evaluated(runner, targets);
}

export function traceKernel(plan: AnyPlan, outputs: readonly Storage[]): void {
  active?.kernelRan(plan, outputs);
}

export function traceLibrary(call: LibraryCall, output: Storage): void {
  active?.libraryRan(call, output);
}

export function traceHost(step: HostStep): void {
  active?.hostRan?.(step);
}

/** Whether the open trace made `storage` itself (false with no trace open). */
export function traceOwns(storage: Storage): boolean {
  return active?.owns?.(storage) ?? false;
}

/**
 * A new uninitialized buffer of `count` elements of `dtype` for writes to fill completely. Under
 * cp.jit the allocation is a step of the launch list, so that each replay gets a buffer of its own.
 */
export function allocForWrites(runner: Runner, dtype: DType, count: number): Storage {
  const storage = runner.alloc(dtype, count);
  if (active) {
    const bytes = count * dtype.itemsize;
    traceLibrary({ kind: 'library', name: `alloc_${dtype.name}`, inputs: [], run: (r) => r.alloc(dtype, count), capturable: true, allocates: bytes }, storage);
  }
  return storage;
}

export function traceUpload(storage: Storage): void {
  active?.uploaded(storage);
}

export function traceCut(reason: string): void {
  active?.cut(reason);
}

export function traceDispose(node: Node): void {
  active?.disposing?.(node);
}
