// What the scheduler passes share while they cut one evaluation's graph into kernel groups: the
// groups made so far (in the order they run), the nodes already given to a group, and the
// requested arrays. Every pass takes this state as its first argument; nothing else is shared.
import type { Node, ReduceNode, ScanNode, SortNode, SortWindow, BincountNode, ViewNode } from '../ir/graph.js';

export type KernelGroup =
  | { kind: 'elementwise'; roots: Node[]; reason: string }
  | {
      kind: 'reduce';
      /** Every reduction the kernel computes, in dependency order (one phase each). */
      reductions: ReduceNode[];
      /** Outputs of the reduced shape (reductions themselves, or elementwise epilogues). */
      outRoots: Node[];
      /** Outputs of the full input shape, computed in a last pass over each row. */
      rowRoots: Node[];
      reason: string;
      /**
       * A reduction joined the kernel of one it folds against online (src/ir/online-pairs.ts)
       * where it would otherwise run apart: the plan folds such pairs in one read.
       */
      online?: boolean;
    }
  | { kind: 'scan'; node: ScanNode; reason: string }
  /** `window`: only those positions of each line are computed (./sort-windows.ts). */
  | { kind: 'sort'; node: SortNode; window?: SortWindow; reason: string }
  | { kind: 'bincount'; node: BincountNode; reason: string }
  /** A requested view of data that exists: its layout over that data, no kernel. */
  | { kind: 'alias'; node: ViewNode; reason: string };

export interface ScheduleState {
  /** The groups made so far, dependencies first. */
  readonly groups: KernelGroup[];
  /** Nodes given to a group (computed by it, or aliases made by it). */
  readonly done: Set<Node>;
  /** The requested arrays not yet computed, in the caller's order. */
  readonly pending: readonly Node[];
  readonly isTarget: ReadonlySet<Node>;
  /**
   * The roots of the elementwise groups being formed, while each ensures what it reads first: a
   * companion that reads one of them through what is computed first cannot join a group (./groups.ts).
   */
  readonly forming: Set<Node>;
  /**
   * Nodes marked realized while scheduling, so that plan costs count them as data: a node given
   * to a group is data for every later group. scheduleGroups unmarks them when it ends.
   */
  readonly placeholders: Node[];
  /** The backend the groups run on: fusion rules that weigh a GPU's threads apply on 'cuda' only. */
  readonly backend: ScheduleBackend;
}

export type ScheduleBackend = 'cuda' | 'cpu';

export function newState(pending: readonly Node[], backend: ScheduleBackend): ScheduleState {
  return { groups: [], done: new Set(), pending, isTarget: new Set(pending), forming: new Set(), placeholders: [], backend };
}

/** Data that exists, a node given to an earlier group, or a scalar: nothing left to schedule. */
export function ready(s: ScheduleState, n: Node): boolean {
  return !!n.realized || s.done.has(n) || n.kind === 'scalar';
}

/** Marks `nodes` as computed by the group just pushed. */
export function finish(s: ScheduleState, nodes: readonly Node[]): void {
  for (const n of nodes) {
    s.done.add(n);
    if (!n.realized) {
      n.realized = { storage: undefined, strides: [], offset: 0 };
      s.placeholders.push(n);
    }
  }
}

/** Undoes the placeholder realizations of `finish`, leaving the graph as it was given. */
export function clearPlaceholders(s: ScheduleState): void {
  for (const n of s.placeholders) n.realized = undefined;
}
