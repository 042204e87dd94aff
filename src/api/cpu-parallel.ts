// How a CPU kernel call splits across threads (src/runtime/cpu-pool.ts): the trailing arguments
// of each part, or nothing where the call runs on the calling thread alone. Every split gives the
// single-threaded result bit for bit: an elementwise part computes its elements as one thread
// would, a reduce part computes whole outputs in the same order, and a full pairwise sum is cut
// along the pairwise tree itself (js-reduce.ts, splitsSum).
import { PAIRWISE_BLOCK, pairwiseHalf, splitsSum } from '../codegen/js-reduce.js';
import { walksRows } from '../codegen/js.js';
import { columnSumsStream, WASM_PW_MIN } from '../codegen/wasm-reduce.js';
import type { KernelPlan, PlanStep } from '../ir/kernel-plan.js';
import type { ReducePlan } from '../ir/reduce-plan.js';
import type { AnyPlan } from './runners.js';

/**
 * Calls over fewer elements (work = elements, or outputs x reduced length) stay on the calling
 * thread: waking a worker and posting a call costs tens of microseconds.
 */
export const PARALLEL_MIN_WORK = 1 << 17;

/**
 * Plans split only where work x cost (stepsCost) reaches minCost (tests lower it, to split small
 * calls): a memory-bound call gains little from a second thread and loses its waits (measured on
 * 2 cores, 2 threads against 1: `2*x + y` at 2^20 0.70 ms against 0.42, at 2^22 1.42 against
 * 1.88; the 8-op chain of sin, cos and exp at 2^20 5.1 against 9.0).
 */
export const parallelLimits = { minCost: 1 << 22 };

/** What a step costs, in plain arithmetic ops: an op computed by a call (Math.exp, a prelude helper) as CALL_COST. */
const CALL_COST = 16;

/** The cost of computing one element of `steps` (at least 1). */
export function stepsCost(steps: readonly PlanStep[]): number {
  let cost = 0;
  for (const s of steps) {
    if (s.kind !== 'op') continue;
    const js = s.op.js(s.args.map((_, k) => `a${k}`), s.inputDtype);
    cost += /Math\.(?!imul|abs|fround|min|max)|\$/.test(js) ? CALL_COST : 1;
  }
  return Math.max(1, cost);
}

/** Parts per thread: a few, so that a thread slowed by other load does not hold up the call. */
const PARTS_PER_THREAD = 2;

/** A leaf of a pairwise sum's tree (the sum of elements lo .. lo + n - 1), or a node of two. */
export type SumTree = { k: number; lo: number; n: number } | { left: SumTree; right: SumTree };

export type Split =
  /** Each part's trailing kernel arguments: (lo, hi) of elements, or (oLo, oHi) of outputs. */
  | { kind: 'blocks'; parts: number[][]; scratchBytes?: number }
  /** A one-output pairwise sum: its leaves, summed by the parts, then combined up the tree. */
  | { kind: 'sum'; tree: SumTree; leaves: number; float32: boolean };

/** Steps a worker cannot run as the calling thread would: gathers report faults, random draws and user ops keep state. */
const threadSafeStep = (s: PlanStep) => s.kind !== 'gather' && s.kind !== 'random' && !(s.kind === 'op' && s.op.user);

/** Blocks of [0, n) in multiples of `unit`, about `parts` of them. */
function blocks(n: number, unit: number, parts: number): number[][] {
  const size = Math.ceil(n / unit / parts) * unit;
  const out: number[][] = [];
  for (let lo = 0; lo < n; lo += size) out.push([lo, Math.min(n, lo + size)]);
  return out;
}

function splitElementwise(plan: KernelPlan, threads: number): Split | undefined {
  if (plan.store?.scatter || !plan.steps.every(threadSafeStep)) return undefined;
  // A strided walk goes by whole rows of the last dim; a flat loop by cache lines' worth.
  const unit = walksRows(plan) ? plan.dims[plan.dims.length - 1] : 64;
  const parts = blocks(plan.size, unit, threads * PARTS_PER_THREAD);
  return parts.length > 1 ? { kind: 'blocks', parts } : undefined;
}

/** The pairwise tree of `n` elements from `lo`, cut `depth` levels down (pw in js-reduce.ts). */
function sumTree(lo: number, n: number, depth: number, next: { k: number }): SumTree {
  if (depth === 0 || n <= PAIRWISE_BLOCK) return { k: next.k++, lo, n };
  const half = pairwiseHalf(n);
  return { left: sumTree(lo, half, depth - 1, next), right: sumTree(lo + half, n - half, depth - 1, next) };
}

function splitReduce(plan: ReducePlan, threads: number): Split | undefined {
  if (![...plan.rowSteps, ...plan.hoisted.flatMap((h) => h.steps), ...plan.outSteps].every(threadSafeStep)) return undefined;
  if (plan.layout === 'column') {
    if (columnSumsStream(plan.reduceSize, plan.outSize)) return undefined;
    // One run of columns per thread (whole cache lines, and enough for the WebAssembly module),
    // each part streaming its columns of every row; their float32 sums go to the caller's
    // scratch block, each part's at its outputs (wasm-reduce.ts).
    const parts = blocks(plan.outSize, 16, Math.min(threads, Math.floor(plan.outSize / WASM_PW_MIN)));
    return parts.length > 1 ? { kind: 'blocks', parts, scratchBytes: 4 * plan.outSize } : undefined;
  }
  if (plan.outSize > 1) {
    // Float32 row sums go through the scratch block too (wasm-reduce.ts, wasmPairwiseRowsLines).
    const parts = blocks(plan.outSize, 1, threads * PARTS_PER_THREAD);
    return parts.length > 1 ? { kind: 'blocks', parts, scratchBytes: 4 * plan.outSize } : undefined;
  }
  if (!splitsSum(plan)) return undefined;
  const next = { k: 0 };
  const tree = sumTree(0, plan.reduceSize, Math.ceil(Math.log2(threads * PARTS_PER_THREAD)), next);
  return next.k > 1 ? { kind: 'sum', tree, leaves: next.k, float32: plan.reductions[0].dtype.name === 'float32' } : undefined;
}

/** How a call of `plan` splits over `threads` threads, or undefined: on the calling thread. */
export function splitPlan(plan: AnyPlan, threads: number): Split | undefined {
  if (threads <= 1) return undefined;
  if (plan.kind === 'elementwise' && plan.size >= PARALLEL_MIN_WORK && plan.size * stepsCost(plan.steps) >= parallelLimits.minCost) return splitElementwise(plan, threads);
  if (plan.kind === 'reduce') {
    const work = plan.outSize * plan.reduceSize;
    if (work < PARALLEL_MIN_WORK || work * stepsCost(plan.rowSteps) < parallelLimits.minCost) return undefined;
    return splitReduce(plan, threads);
  }
  return undefined;
}

/** A sum split's parts: one leaf each, into `sums`. */
export function sumParts(tree: SumTree, sums: Float64Array): unknown[][] {
  if ('k' in tree) return [[0, 1, { leaves: [[tree.k, tree.lo, tree.n]], sums }]];
  return [...sumParts(tree.left, sums), ...sumParts(tree.right, sums)];
}

/** The leaves' sums combined up the tree as pw adds them. */
export function combineSums(tree: SumTree, sums: Float64Array, float32: boolean): number {
  if ('k' in tree) return sums[tree.k];
  const total = combineSums(tree.left, sums, float32) + combineSums(tree.right, sums, float32);
  return float32 ? Math.fround(total) : total;
}
