// A traced function as a launch list (./jit.ts): the kernel plans and library calls (GEMMs, FFT stages) one
// trace ran, in order, and where each buffer they read comes from (an argument, an earlier kernel, or a constant). A
// replay binds the new arguments' buffers into the traced graph's data nodes, runs the same plans
// (no scheduling, planning or code generation; the runner finds each kernel by its plan key),
// rebuilds the result and unbinds the nodes, so that the program keeps no argument or result alive.
import { CupytsError } from '../ir/errors.js';
import { type Node, countAlias, isReadOnly, nodeInputs, sourceNode } from '../ir/graph.js';
import { evaluate } from './evaluate.js';
import { NDArray } from './ndarray.js';
import { beforeWrite } from './pending.js';
import { forgetFault } from './kernel-faults.js';
import { holdBuffer, isReleased, letGoBuffer } from './release.js';
import { planInputs, planOutputs, type AnyPlan, type Runner, type Storage } from './runners.js';
import type { HostStep, LibraryCall, TraceObserver } from './jit-trace.js';
import { buildEvaluation, evaluationShape, type EvaluationProgram, type EvaluationShape } from './jit-segments.js';

/** What one step of a launch list runs: a kernel's plan, a library call, or a host step. */
export type StepPlan = AnyPlan | LibraryCall | HostStep;

const isKernel = (plan: StepPlan): plan is AnyPlan => plan.kind !== 'library' && plan.kind !== 'host';
const stepInputs = (plan: StepPlan): Node[] => (isKernel(plan) ? planInputs(plan) : [...plan.inputs]);
const stepOutputs = (plan: StepPlan): Node[] => (isKernel(plan) ? planOutputs(plan).map((o) => o.node) : []);

function runStep(runner: Runner, plan: StepPlan): Storage[] {
  if (plan.kind === 'host') {
    plan.run();
    return [];
  }
  return plan.kind === 'library' ? [plan.run(runner)] : runner.run(plan);
}

/** Where a buffer of the traced program comes from. */
export type Source =
  | { kind: 'arg'; index: number }
  | { kind: 'kernel'; step: number; output: number }
  | { kind: 'constant'; storage: Storage };

/** A data node of the traced graph and the layout it has over its source's buffer. */
interface Binding {
  node: Node;
  source: Source;
  strides: readonly number[];
  offset: number;
  alias?: boolean;
}

export interface ProgramStep {
  plan: StepPlan;
  /** Nodes that read this kernel's outputs, bound once it has run. */
  binds: Binding[];
  /**
   * Where the kernel writes into data from outside the replay (an argument's or a closure array's
   * buffer): the copy-on-write check runs first. A write into a buffer of the replay's own has no
   * lazy readers to copy for.
   */
  writes: boolean;
  /** Kernel outputs no result holds that no later step reads: free for an allocation step to reuse. */
  frees: Array<{ step: number; output: number }>;
}

export interface ProgramOutput {
  source: Source;
  shape: readonly number[];
  node: Node;
  strides: readonly number[];
  offset: number;
  /** The traced function returned its argument itself: the same array is returned. */
  arg?: number;
}

export interface Program {
  argBinds: Binding[];
  /**
   * Nodes of the trace's own over host data it uploaded (take_along_axis's positions, a list of
   * indices): bound to that data at each replay (unbindProgram lets go of every own node after a
   * call); the program holds the buffers.
   */
  constantBinds: Binding[];
  /** Buffers of arrays fn read from outside its arguments (its closure): each replay reads them as they are then. */
  outside: Storage[];
  /**
   * The buffers of those arrays that computed their buffer (not views): one disposed since, the
   * replay raises, as fn reading it would, though views or lazy arrays keep the buffer.
   */
  closureOwners: Storage[];
  /** Every node of the trace's own that a plan refers to: pointed at no buffer between calls. */
  nodes: Array<{ node: Node; strides: readonly number[]; offset: number }>;
  steps: ProgramStep[];
  outputs: ProgramOutput[];
  /** Kernel outputs no result holds: freed after each replay. */
  transient: Array<{ step: number; output: number }>;
}

/** A cut: where in the launch list something happened that a replay cannot repeat, and what. */
export interface Cut {
  afterKernels: number;
  reason: string;
}

/**
 * What one trace saw (./jit-trace.ts). Nodes older than the trace (`firstNode`) are the
 * function's closure: a lazy one it reads is computed first, as its own array (as though eval()
 * were called on it), so that the launch list reads it as data and sees later writes to it; the
 * kernels that compute it are not part of the launch list.
 */
export class Recording implements TraceObserver {
  readonly kernels: Array<{ plan: StepPlan; outputs: readonly Storage[] }> = [];
  readonly uploads = new Set<unknown>();
  readonly cuts: Cut[] = [];
  /** Each top-level evaluation's kernels by the shape of its graph (./jit-segments.ts): what a cut signature replays. */
  readonly evaluations = new Map<string, EvaluationProgram>();
  /** Buffers the trace's own steps made (not a write's target): a write may rename them (./assign-rename.ts). */
  readonly #made = new Set<Storage>();
  /**
   * Buffers of closure arrays (nodes older than the trace) that a write snapshotted for the lazy
   * nodes reading them: the snapshot's copy reads the buffer through a node of the trace, so where
   * an argument shares it, the program alone cannot tell the closure's read from the argument's.
   * They are outside buffers (Program.outside), which keys such a trace to that sharing (./jit.ts).
   */
  readonly staleClosure = new Set<Storage>();
  #closure = false;
  #depth = 0;
  #open: { shape: EvaluationShape; from: number } | undefined;

  constructor(readonly firstNode: number) {}

  evaluating(runner: Runner, targets: readonly Node[]): boolean {
    if (this.#closure) return false;
    this.#computeClosure(runner, targets);
    // Only evaluations that no other one encloses are kept (an enclosing one's kernels are not its own).
    this.#open = this.#depth === 0 ? { shape: evaluationShape(targets), from: this.kernels.length } : undefined;
    this.#depth++;
    return false;
  }

  evaluated(): void {
    if (this.#closure) return;
    this.#depth--;
    const open = this.#open;
    this.#open = undefined;
    if (this.#depth !== 0 || !open || this.evaluations.has(open.shape.key)) return;
    const ran = this.kernels.slice(open.from);
    if (!ran.every((k) => isKernel(k.plan))) return;
    const program = buildEvaluation(open.shape, ran.map((k) => k.plan as AnyPlan), ran.map((k) => k.outputs));
    if (program) this.evaluations.set(open.shape.key, program);
  }

  /** A write is about to fuse `value` into its kernel: lazy closure arrays it reads are computed first. */
  writing(runner: Runner, value: Node): void {
    if (!this.#closure) this.#computeClosure(runner, [value]);
  }

  /** Lazy closure arrays the evaluation reads are computed first, as arrays of their own. */
  #computeClosure(runner: Runner, targets: readonly Node[]): void {
    const lazy: Node[] = [];
    const seen = new Set<Node>();
    const walk = (n: Node): void => {
      if (seen.has(n) || n.realized || n.kind === 'scalar') return;
      seen.add(n);
      if (n.id < this.firstNode) lazy.push(n);
      else nodeInputs(n).forEach(walk);
    };
    targets.forEach(walk);
    if (!lazy.length) return;
    this.#closure = true;
    try {
      evaluate(runner, lazy);
    } finally {
      this.#closure = false;
    }
  }

  kernelRan(plan: AnyPlan, outputs: readonly Storage[]): void {
    if (this.#closure) return;
    this.kernels.push({ plan, outputs });
    if (!storeNode(plan)) outputs.forEach((o) => this.#made.add(o));
  }

  libraryRan(call: LibraryCall, output: Storage): void {
    if (this.#closure) return;
    this.kernels.push({ plan: call, outputs: [output] });
    this.#made.add(output);
  }

  hostRan(step: HostStep): void {
    if (!this.#closure) this.kernels.push({ plan: step, outputs: [] });
  }

  owns(storage: Storage): boolean {
    return !this.#closure && this.#made.has(storage);
  }

  uploaded(storage: Storage): void {
    // Held from here on: fn may dispose the array it uploaded (cp.tidy does) before the trace
    // ends, and a replay reads the buffer (letGoOfUploads lets go of those no program reads).
    if (!this.uploads.has(storage)) holdBuffer(storage);
    this.uploads.add(storage);
  }

  cut(reason: string): void {
    this.cuts.push({ afterKernels: this.kernels.length, reason });
  }

  /**
   * fn disposes an array of its closure: a later call of fn would find it disposed (and raise where
   * fn reads it), which a replay cannot tell, so fn runs each call.
   */
  disposing(node: Node): void {
    if (this.#forwarding) return;
    if (node.id < this.firstNode) this.cut('fn disposes an array from outside its arguments (each call runs fn, which sees it disposed)');
    if (!this.onDispose) return;
    // (what onDispose disposes in turn is the trace's doing, not fn's)
    this.#forwarding = true;
    try {
      this.onDispose(node);
    } finally {
      this.#forwarding = false;
    }
  }

  /** Called as fn disposes an array (./jit.ts: the caller's array goes with its stand-in). */
  onDispose?: (node: Node) => void;
  #forwarding = false;

  staleRead(input: Node): void {
    let base = input;
    while (!base.realized && base.kind === 'view') base = base.input;
    if (base.realized && base.id < this.firstNode) this.staleClosure.add(base.realized.storage as Storage);
  }
}

const FOREIGN = 'data made outside the traced kernels and library calls (a result computed at the call)';

/**
 * Whether `node` is a view fn made (one or more views deep) of an array from outside fn, over that
 * array's buffer: a constant of the program, as the array itself is.
 */
function viewOfOutside(node: Node, firstNode: number): boolean {
  const storage = node.realized?.storage;
  let base: Node | undefined = node;
  while (base?.kind === 'view' && base.id >= firstNode && base.realized?.storage === storage) base = base.input;
  return base !== undefined && base !== node && base.id < firstNode && base.realized?.storage === storage;
}

/** A node's realized layout as a binding from `source`. */
const bindingOf = (node: Node, source: Binding['source']): Binding => {
  const r = node.realized!;
  return { node, source, strides: r.strides, offset: r.offset, ...(r.alias ? { alias: true } : {}) };
};

const storeNode = (plan: StepPlan): Node | undefined => (plan.kind === 'elementwise' ? plan.store?.node : undefined);

/**
 * The launch list of `rec`, or the reason it cannot be replayed. `args` are the trace's argument
 * nodes, `firstNode` the first node id the trace made (older nodes are the program's constants:
 * arrays it reads from its closure), `outputs` the result's nodes.
 */
export function buildProgram(rec: Recording, args: readonly Node[], firstNode: number, outputs: readonly Node[]): Program | Cut {
  if (rec.cuts.length > 0) return rec.cuts[0];
  const argOf = new Map<unknown, number>();
  args.forEach((n, k) => { if (!argOf.has(n.realized!.storage)) argOf.set(n.realized!.storage, k); });
  const made = new Map<unknown, { step: number; output: number }>();
  const steps: ProgramStep[] = rec.kernels.map(({ plan }) => ({ plan, binds: [], writes: false, frees: [] }));
  /** The last step that reads each kernel output ("step:output"). */
  const lastRead = new Map<string, number>();
  const bound = new Set<Node>();
  const argBinds: Binding[] = [];
  const constantBinds: Binding[] = [];
  const outside = new Set<Storage>(rec.staleClosure);
  const closureOwners = new Set<Storage>();
  const cutHere = (reason: string): Cut => ({ afterKernels: rec.kernels.length, reason });

  /** Where `node`'s data comes from, seen from step `at`; binds it where it is the trace's own. */
  const classify = (node: Node, at: number): Source | Cut => {
    const storage = node.realized?.storage;
    if (storage === undefined) return cutHere('a kernel read data that was not computed (internal)');
    const own = node.id >= firstNode;
    // A view of an array from outside fn reads that array at each call, even where the trace's
    // argument shared its buffer (fn traced with the closure's own array as its argument).
    // An array of fn's closure is that array at each call, even where the trace's argument was
    // the same array (classified as the argument, a result fn returned of its closure was the next
    // call's argument).
    if (!own) {
      outside.add(storage as Storage);
      if (!node.realized!.alias && node.kind !== 'view') closureOwners.add(storage as Storage);
      return { kind: 'constant', storage: storage as Storage };
    }
    const view = viewOfOutside(node, firstNode);
    const arg = view ? undefined : argOf.get(storage);
    if (arg !== undefined) {
      if (!bound.has(node)) { bound.add(node); argBinds.push(bindingOf(node, { kind: 'arg', index: arg })); }
      return { kind: 'arg', index: arg };
    }
    const from = made.get(storage);
    if (from && from.step < at) {
      if (!bound.has(node)) { bound.add(node); steps[from.step].binds.push(bindingOf(node, { kind: 'kernel', ...from })); }
      return { kind: 'kernel', ...from };
    }
    if (view) outside.add(storage as Storage);
    if (view || rec.uploads.has(storage)) {
      const source = { kind: 'constant', storage: storage as Storage } as const;
      if (!bound.has(node)) { bound.add(node); constantBinds.push(bindingOf(node, source)); }
      return source;
    }
    return cutHere(FOREIGN);
  };

  for (let s = 0; s < rec.kernels.length; s++) {
    const { plan, outputs: buffers } = rec.kernels[s];
    const store = storeNode(plan);
    for (const node of [...stepInputs(plan), ...(store ? [store] : [])]) {
      const source = classify(node, s);
      if ('reason' in source) return source;
      if (node === store && source.kind === 'constant' && rec.uploads.has(source.storage)) {
        return cutHere('a write into an array fn made from host data (each call must start from a fresh copy)');
      }
      if (node === store && source.kind !== 'kernel') steps[s].writes = true;
      if (source.kind === 'kernel') lastRead.set(`${source.step}:${source.output}`, s);
    }
    if (!store) buffers.forEach((b, k) => { if (!made.has(b) && !argOf.has(b)) made.set(b, { step: s, output: k }); });
  }
  const result: ProgramOutput[] = [];
  for (const node of outputs) {
    const r = node.realized!;
    const arg = args.indexOf(node);
    const source = classify(node, rec.kernels.length);
    if ('reason' in source) return source;
    if (source.kind === 'constant' && rec.uploads.has(source.storage)) return cutHere('fn returns data it made from host data (each call must return a fresh array)');
    result.push({ source, shape: node.shape, node, strides: r.strides, offset: r.offset, ...(arg >= 0 ? { arg } : {}) });
  }
  const nodes = new Set<Node>();
  for (const { plan } of rec.kernels) {
    for (const n of [...stepInputs(plan), ...stepOutputs(plan), ...(storeNode(plan) ? [storeNode(plan)!] : [])]) {
      if (n.id >= firstNode && n.realized) nodes.add(n);
    }
  }
  for (const n of args) nodes.add(n);
  const held = new Set(result.map((o) => (o.source.kind === 'kernel' ? `${o.source.step}:${o.source.output}` : '')));
  const transient = [...made.values()].filter((m) => !held.has(`${m.step}:${m.output}`));
  for (const t of transient) steps[lastRead.get(`${t.step}:${t.output}`) ?? t.step].frees.push(t);
  const layouts = [...nodes].map((node) => ({ node, strides: node.realized!.strides, offset: node.realized!.offset }));
  return { argBinds, constantBinds, outside: [...outside], closureOwners: [...closureOwners], nodes: layouts, steps, outputs: result, transient };
}

const bindNode = (b: Binding, storage: Storage): void => {
  b.node.realized = { storage, strides: b.strides, offset: b.offset, ...(b.alias ? { alias: true } : {}) };
};
/** Lets go of the buffers the traced nodes point at (after the trace, and after each replay). */
export function unbindProgram(program: Program): void {
  for (const n of program.nodes) n.node.realized = { storage: undefined, strides: n.strides, offset: n.offset };
}

/**
 * Runs `program` over `args` (buffers in the trace's argument order); returns every kernel's
 * output buffers. `flush`, where given, runs after the last kernel's run() (a CUDA graph launches
 * there the launches it collected). Transient buffers are freed (stream-ordered on a device) last;
 * before that, an allocation step takes one of the same size that no later step reads (the steps
 * run in order on one stream, in a CUDA graph too), so a loop inside fn keeps its memory flat.
 */
export function replayProgram(program: Program, runner: Runner, args: readonly Storage[], flush?: () => void): Storage[][] {
  const produced: Storage[][] = [];
  /** Transient buffers no later step reads, by size in bytes. */
  const spare = new Map<number, Storage[]>();
  try {
    for (const b of program.argBinds) bindNode(b, args[(b.source as { index: number }).index]);
    // An array fn read from outside was disposed since the trace (its buffer may even be reused).
    if (program.outside.some((b) => b.disposed) || program.closureOwners.some(isReleased)) {
      throw new CupytsError('ERR_DISPOSED', 'jit: fn reads an array from outside its arguments that was disposed after the trace (pass it as an argument, or keep it while the function is called)');
    }
    for (const b of program.constantBinds) bindNode(b, (b.source as { storage: Storage }).storage);
    for (const step of program.steps) {
      if (step.writes) beforeWrite(runner, storeNode(step.plan)!.realized!.storage as Storage);
      const { plan } = step;
      const reused = plan.kind === 'library' && plan.allocates !== undefined ? spare.get(plan.allocates)?.pop() : undefined;
      // (a reused buffer starts clean: an index fault of its old contents is not the new ones')
      if (reused) forgetFault(reused);
      const outs = reused ? [reused] : runStep(runner, plan);
      produced.push(outs);
      for (const b of step.binds) bindNode(b, outs[(b.source as { output: number }).output]);
      for (const t of step.frees) {
        const dead = produced[t.step][t.output];
        let sized = spare.get(dead.bytes);
        if (!sized) spare.set(dead.bytes, (sized = []));
        sized.push(dead);
      }
    }
    flush?.();
  } finally {
    unbindProgram(program);
  }
  // (a transient buffer an allocation step reused for a result is that result's)
  const held = new Set(program.outputs.map((o) => (o.source.kind === 'kernel' ? produced[o.source.step][o.source.output] : undefined)));
  for (const t of program.transient) {
    const buffer = produced[t.step][t.output];
    if (!held.has(buffer)) buffer.dispose();
  }
  return produced;
}

/**
 * The result arrays of one call: fresh arrays over the buffers their sources give (the first
 * holder of a kernel's buffer owns it; others, and arrays over arguments or constants, are views).
 * The trace's own buffers (`traced`) already have owners, the arrays fn made (which a cp.tidy
 * around the call disposes): every result over them is a view, so the buffer lives while it does.
 */
export function resultArrays(program: Program, runner: Runner, args: readonly NDArray[], argBuffers: readonly Storage[], produced: readonly (readonly Storage[])[], traced = false): NDArray[] {
  const owned = new Set<unknown>();
  return program.outputs.map((o) => {
    if (o.arg !== undefined) return args[o.arg];
    const s = o.source;
    const storage = s.kind === 'arg' ? argBuffers[s.index] : s.kind === 'constant' ? s.storage : produced[s.step][s.output];
    const node = sourceNode([...o.shape], o.node.dtype, storage, [...o.strides], o.offset);
    if (s.kind !== 'kernel' || traced || owned.has(storage)) {
      node.realized = { ...node.realized!, alias: true };
      countAlias(storage, 1);
    } else owned.add(storage);
    // a read-only result (a broadcast view fn returns) stays read-only
    if (isReadOnly(o.node)) node.realized = { ...node.realized!, readonly: true };
    return new NDArray(node, runner);
  });
}

/** The buffers the trace itself produced, per kernel (the first call's result comes from them). */
export const traceBuffers = (rec: Recording): Storage[][] => rec.kernels.map((k) => [...k.outputs]);

/**
 * Lets go of the uploads `rec` held (Recording.uploaded) that `program` does not read as constants
 * (all of them without a program: a cut signature runs fn each call). The program's own it holds
 * until it is dropped (dropProgramConstants).
 */
export function letGoOfUploads(rec: Recording, program?: Program): void {
  const kept = new Set(program ? constantUploads(program) : []);
  for (const u of rec.uploads) if (!kept.has(u as Storage)) letGoBuffer(u as Storage);
}

/** Lets go of the uploads a dropped program held (a signature evicted from jit's cache). */
export function dropProgramConstants(program: Program): void {
  for (const u of constantUploads(program)) letGoBuffer(u);
}

/** The uploaded buffers `program` binds as constants (not the arrays fn read from outside its arguments: their owners hold those). */
function constantUploads(program: Program): Storage[] {
  const outside = new Set(program.outside);
  const found = new Set<Storage>();
  for (const b of program.constantBinds) {
    const storage = (b.source as { storage: Storage }).storage;
    if (!outside.has(storage)) found.add(storage);
  }
  return [...found];
}
