// The plan of a bincount node: one kernel over the 1-D input, its producers computed where each
// element is loaded (a histogram's bin arithmetic fuses here), counting each value in [0, bins).
// On a CUDA device (../codegen/bincount-cuda.ts) each block counts into a private histogram in
// shared memory where `bins` fits there (`shared`), then adds it to the output once; more bins
// count straight into the output. Integer counts: the same on every run.
import type { DType } from './dtype.js';
import type { BincountNode } from './graph.js';
import { SHORT, stepKey, stridedLoads, type PlanInput, type PlanScalar, type PlanStep } from './kernel-plan.js';

/** The most bins a block counts in shared memory (4-byte counters: 32 KiB). */
export const SHARED_BINS_MAX = 8192;

export interface BincountPlan {
  readonly kind: 'bincount';
  node: BincountNode;
  name: string;
  key: string;
  /** Bins counted, and elements of the input. */
  bins: number;
  size: number;
  /** Counting in a block's shared memory first (bins <= SHARED_BINS_MAX). */
  shared: boolean;
  /** The dtype of the values counted (an integer or bool dtype). */
  valueDtype: DType;
  /** Strides over the input's one axis. */
  inputs: PlanInput[];
  scalars: PlanScalar[];
  steps: PlanStep[];
  value: number;
}

export function planBincount(node: BincountNode): BincountPlan {
  const { inputs, strides, scalars, builder, value } = stridedLoads(node.input, node.input.shape);
  inputs.forEach((input, k) => (input.strides = [node.input.shape[0] === 1 ? 0 : strides[k][0]]));
  const shared = node.bins <= SHARED_BINS_MAX;
  const valueDtype = node.input.dtype;
  const key = ['bincount', shared ? 'shared' : 'global', inputs.map((i) => SHORT[i.dtype.name]).join(','),
    scalars.map((s) => SHORT[s.dtype.name]).join(','), builder.steps.map(stepKey).join(';'), `${value}${SHORT[valueDtype.name]}`].join('|');
  const name = ['bincount', ...[...new Set(builder.opNames)].slice(0, 3), SHORT[valueDtype.name]].join('_');
  return {
    kind: 'bincount', node, name, key, bins: node.bins, size: node.input.shape[0], shared, valueDtype, inputs, scalars, steps: builder.steps, value,
  };
}

/** Threads of a bincount block (the kernel's __launch_bounds__). */
export const BINCOUNT_THREADS = 256;

/**
 * Blocks of the launch: about 16 elements a thread, at most 1024 blocks (a few per SM, each
 * merging its private histogram once), and enough that no block counts 2^31 elements.
 */
export function bincountGrid(plan: BincountPlan): number {
  const perBlock = BINCOUNT_THREADS * 16;
  return Math.max(1, Math.min(2 ** 31 - 1, Math.max(Math.min(Math.ceil(plan.size / perBlock), 1024), Math.ceil(plan.size / 2 ** 31))));
}
