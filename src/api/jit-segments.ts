// The segments of a cut cp.jit signature (./jit.ts): where fn reads data back to the host (or
// draws random numbers, or calls a library that runs at the call), fn itself runs each call, but
// each evaluation it asks for replays the kernels the trace ran for the same evaluation, with no
// scheduling, planning or code generation. An evaluation is known by the shape of the lazy graph
// under its targets (evaluationShape: every node's kind, op and parameters, scalars by value, and
// each computed leaf's dtype, shape and layout, in walk order; for sorts and views, whether
// anything else can read them, which decides a sort's window); one with a shape the trace did not
// see, or whose kernels cannot be replayed alone (writes into existing data), is evaluated as usual.
import { countAlias, forgetInputs, replaceInput, type Node } from '../ir/graph.js';
import { nodeRealized, resolveStaleReads } from '../ir/readers.js';
import { unseen } from '../ir/sort-window.js';
import { planInputs, type AnyPlan, type Runner, type Storage } from './runners.js';
import type { TraceObserver } from './jit-trace.js';

/** The lazy graph under an evaluation's targets: its nodes in walk order and their shape as a key. */
export interface EvaluationShape {
  key: string;
  nodes: Node[];
  /** Whether nodes[i] was computed when walked (a leaf: data the evaluation reads). */
  leaf: boolean[];
}

const isNode = (v: object): v is Node =>
  typeof (v as Node).id === 'number' && Array.isArray((v as Node).shape) && typeof (v as Node).kind === 'string' && 'dtype' in v;
const isDType = (v: object): v is { name: string } =>
  typeof (v as { name?: unknown }).name === 'string' && typeof (v as { itemsize?: unknown }).itemsize === 'number';

/** Fields of a node that are bookkeeping, not what it computes. */
const BOOKKEEPING = new Set(['id', 'realized', 'born', 'pendingReaders', 'pendingViews', 'viewsCountedOn', 'reads', 'pendingCell', 'before', 'abandoned', 'wrapped', 'origin']);

/**
 * The key of an object that is not a node, where it never changes: objects that carry functions (op
 * table entries) are known by identity, dtypes by name. Kept, so that a large op entry is read once.
 */
const known = new WeakMap<object, string>();
let nextIdentity = 1;
const identity = (v: object): string => {
  let k = known.get(v);
  if (k === undefined) known.set(v, (k = `@${nextIdentity++}`));
  return k;
};

/** Walks the lazy graph under `targets` (stale reads resolved first, as scheduling does). */
export function evaluationShape(targets: readonly Node[]): EvaluationShape {
  resolveStaleReads(targets, replaceInput);
  const index = new Map<Node, number>();
  const nodes: Node[] = [];
  const leaf: boolean[] = [];
  const storages = new Map<unknown, number>();
  // Each node is described once, its inputs by walk index (#i), so the key grows with the graph,
  // not with its depth. The key reads `#t|#t…:D0;D1;…`: the targets' walk indices, then each walked
  // node's description in walk order, `L(dtype;shape;strides;offset;buffer)` for a leaf and
  // `(field=value …)` otherwise (strings JSON-quoted, so they cannot read as structure).
  const described: string[] = [];
  const value = (v: unknown): string => {
    if (v === null || v === undefined) return String(v);
    switch (typeof v) {
      case 'number': return Object.is(v, -0) ? '-0' : String(v);
      case 'bigint': return `${v}n`;
      case 'string': return JSON.stringify(v);
      case 'boolean': return v ? 'T' : 'F';
      case 'function': return identity(v);
      default: break;
    }
    const o = v as object;
    const k = known.get(o);
    if (k !== undefined) return k;
    if (isNode(o)) return node(o);
    if (Array.isArray(o) || ArrayBuffer.isView(o)) {
      const xs = o as ArrayLike<unknown>;
      let text = '[';
      for (let i = 0; i < xs.length; i++) text += (i > 0 ? ',' : '') + value(xs[i]);
      return `${text}]`;
    }
    if (isDType(o)) {
      known.set(o, o.name);
      return o.name;
    }
    const entries = Object.entries(o);
    if (entries.some(([, x]) => typeof x === 'function')) return identity(o);
    return `{${entries.map(([k, x]) => `${k}:${value(x)}`).join(',')}}`;
  };
  const node = (n: Node): string => {
    const seen = index.get(n);
    if (seen !== undefined) return `#${seen}`;
    const at = nodes.length;
    index.set(n, at);
    nodes.push(n);
    const r = n.realized;
    leaf.push(!!r);
    if (r) {
      let s = storages.get(r.storage);
      if (s === undefined) storages.set(r.storage, (s = storages.size));
      described[at] = `L(${n.dtype.name};${n.shape};${r.strides};${r.offset};${s}${r.storage === undefined ? ';none' : ''})`;
    } else {
      let text = '(';
      for (const k in n) if (!BOOKKEEPING.has(k)) text += `${k}=${value((n as unknown as Record<string, unknown>)[k])} `;
      // Whether nothing else can read it decides a sort's window (../ir/sort-window.ts): part of what the kernels compute.
      if (n.kind === 'sort' || n.kind === 'view') text += `unseen=${unseen(n) ? 'T' : 'F'} `;
      described[at] = `${text})`;
    }
    return `#${at}`;
  };
  const key = `${targets.map(node).join('|')}:${described.join(';')}`;
  return { key, nodes, leaf };
}

/** Where a buffer an evaluation reads or makes comes from: a leaf's, a kernel's output, or fixed. */
type Source = { kind: 'leaf'; index: number } | { kind: 'kernel'; step: number; output: number } | { kind: 'fixed' };

interface Binding {
  node: Node;
  source: Source;
  strides: readonly number[];
  offset: number;
  alias: boolean;
}

/** One evaluation's kernels, to run again over another graph of the same shape. */
export interface EvaluationProgram {
  plans: AnyPlan[];
  /** Per plan, the nodes it reads and where their buffers come from. */
  reads: Binding[][];
  /** The walked nodes the evaluation computed (by walk index), and where their data is. */
  results: Array<Binding & { at: number }>;
}

/**
 * The program of an evaluation that walked as `shape` and then ran `plans` (whose outputs came
 * back as `buffers`); undefined where it cannot run alone (a write into existing data, or a
 * kernel reading data the walk did not reach and no kernel made).
 */
export function buildEvaluation(shape: EvaluationShape, plans: readonly AnyPlan[], buffers: readonly (readonly Storage[])[]): EvaluationProgram | undefined {
  const leafOf = new Map<unknown, number>();
  shape.nodes.forEach((n, i) => { if (shape.leaf[i] && !leafOf.has(n.realized!.storage)) leafOf.set(n.realized!.storage, i); });
  const made = new Map<unknown, { step: number; output: number }>();
  const sourceOf = (storage: unknown, before: number): Source | undefined => {
    const leaf = leafOf.get(storage);
    if (leaf !== undefined) return { kind: 'leaf', index: leaf };
    const m = made.get(storage);
    return m && m.step < before ? { kind: 'kernel', ...m } : undefined;
  };
  const bindingOf = (node: Node, source: Source): Binding => {
    const r = node.realized!;
    return { node, source, strides: r.strides, offset: r.offset, alias: !!r.alias };
  };
  const reads: Binding[][] = [];
  for (let s = 0; s < plans.length; s++) {
    const plan = plans[s];
    if (plan.kind === 'elementwise' && plan.store) return undefined;
    const here: Binding[] = [];
    for (const node of planInputs(plan)) {
      if (!node.realized || node.realized.storage === undefined) return undefined;
      // A computed node the walk did not reach and no kernel of this evaluation made (a closure's
      // array read through a snapshot): read as it is.
      here.push(bindingOf(node, sourceOf(node.realized.storage, s) ?? { kind: 'fixed' }));
    }
    reads.push(here);
    buffers[s].forEach((b, k) => { if (!made.has(b)) made.set(b, { step: s, output: k }); });
  }
  const results: EvaluationProgram['results'] = [];
  for (let i = 0; i < shape.nodes.length; i++) {
    const n = shape.nodes[i];
    if (shape.leaf[i] || !n.realized) continue;
    const source = sourceOf(n.realized.storage, plans.length);
    if (!source) return undefined;
    results.push({ ...bindingOf(n, source), at: i });
  }
  return { plans: [...plans], reads, results };
}

/**
 * Runs `program` for the graph walked as `shape` (the same key as the trace's): its plans over
 * the new leaves' buffers, then the new nodes the trace computed are computed, as evaluate() would
 * leave them. Nodes of the trace the plans read are pointed at the new buffers for the run only.
 */
export function replayEvaluation(program: EvaluationProgram, runner: Runner, shape: EvaluationShape): void {
  const saved = new Map<Node, Node['realized']>();
  const produced: Storage[][] = [];
  const storageOf = (source: Source, fixed: unknown): unknown =>
    source.kind === 'leaf' ? shape.nodes[source.index].realized!.storage : source.kind === 'kernel' ? produced[source.step][source.output] : fixed;
  try {
    program.plans.forEach((plan, s) => {
      for (const b of program.reads[s]) {
        if (b.source.kind === 'fixed') continue;
        if (!saved.has(b.node)) saved.set(b.node, b.node.realized);
        b.node.realized = { storage: storageOf(b.source, undefined), strides: b.strides, offset: b.offset, ...(b.alias ? { alias: true } : {}) };
      }
      produced.push(runner.run(plan));
    });
  } finally {
    for (const [node, realized] of saved) node.realized = realized;
  }
  const held = new Set<unknown>();
  for (const r of program.results) {
    const node = shape.nodes[r.at];
    const storage = storageOf(r.source, r.node.realized?.storage);
    node.realized = { storage, strides: r.strides, offset: r.offset, ...(r.alias ? { alias: true } : {}) };
    if (r.alias) countAlias(storage as object, 1);
    held.add(storage);
    nodeRealized(node);
    if (r.source.kind === 'kernel' && !r.alias) forgetInputs(node);
  }
  produced.flat().forEach((b) => { if (!held.has(b)) b.dispose(); });
}

/**
 * Watches fn run for a cut signature: each evaluation whose graph has the shape of one the trace
 * ran replays that evaluation's kernels; the others are evaluated as usual.
 */
export class SegmentReplayer implements TraceObserver {
  constructor(readonly evaluations: ReadonlyMap<string, EvaluationProgram>) {}

  evaluating(runner: Runner, targets: readonly Node[]): boolean {
    if (this.evaluations.size === 0) return false;
    const shape = evaluationShape(targets);
    const program = this.evaluations.get(shape.key);
    if (!program) return false;
    replayEvaluation(program, runner, shape);
    return true;
  }

  evaluated(): void {}
  kernelRan(): void {}
  libraryRan(): void {}
  uploaded(): void {}
  cut(): void {}
}
