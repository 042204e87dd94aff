// The plan of a sort (sort, argsort): the input viewed as (other dims..., axis); each line along
// the axis is sorted on its own, its producers computed where its elements are loaded. The order
// is total and strict: keys compare as NumPy sorts (NaN last, -0 equal to +0) and equal keys by
// their position along the axis, so the result is stable and the same on every backend.
//
// On a CUDA device a line of up to `tile` elements is sorted in one block's shared memory; a
// longer line is sorted in tiles of `tile` and then merged in `mergePasses` passes, each doubling
// the sorted runs (./../codegen/sort-cuda.ts).
import type { DType } from './dtype.js';
import type { Node, SortNode } from './graph.js';
import { mergeDims, SHORT, stridedLoads, stepKey, type PlanInput, type PlanScalar, type PlanStep } from './kernel-plan.js';
import { contiguousStrides, sizeOf } from './shape.js';

/** The longest line sorted in one block's shared memory (16 bytes a pair at most: 32 KiB). */
export const SORT_TILE_MAX = 2048;

export interface SortPlan {
  readonly kind: 'sort';
  node: Node;
  name: string;
  key: string;
  /** The dtype of the keys (the input's); the output's dtype is the node's. */
  keyDtype: DType;
  output: 'values' | 'indices';
  /** The dims other than the axis (merged), and the axis length. */
  lineDims: number[];
  length: number;
  lines: number;
  /** Positions along a line (and the padding of its last tile) fit in 32 bits. */
  positionBits: 32 | 64;
  /** Elements sorted in shared memory at once: a power of two. */
  tile: number;
  /** Merge passes after the tile pass (0 where a line fits one tile). */
  mergePasses: number;
  /** Strides over [...lineDims, axis]. */
  inputs: PlanInput[];
  outputStrides: number[];
  scalars: PlanScalar[];
  steps: PlanStep[];
  value: number;
}

const nextPowerOfTwo = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(1, n)));

export function planSort(node: SortNode): SortPlan {
  const S = node.input.shape;
  const others = S.map((_, j) => j).filter((j) => j !== node.axis);
  const { inputs, strides: raw, scalars, builder, value } = stridedLoads(node.input, S);
  const outRaw = contiguousStrides(S);
  const accesses = [...raw, outRaw];
  const merged = mergeDims(others.map((j) => S[j]), accesses.map((st) => others.map((j) => st[j])), false);
  const axisStride = (st: number[]) => (S[node.axis] === 1 ? 0 : st[node.axis]);
  inputs.forEach((input, k) => (input.strides = [...merged.strides[k], axisStride(raw[k])]));
  const outputStrides = [...merged.strides[raw.length], axisStride(outRaw)];
  const length = S[node.axis];
  const lines = sizeOf(others.map((j) => S[j]));
  const tile = Math.min(SORT_TILE_MAX, Math.max(32, nextPowerOfTwo(length)));
  const mergePasses = Math.max(0, Math.ceil(Math.log2(Math.max(1, length) / tile)));
  const positionBits = length + tile < 2 ** 31 - 1 ? 32 : 64;
  const keyDtype = node.input.dtype;
  const key = ['sort', node.output, `k${merged.dims.length}`, `t${tile}`, `p${positionBits}`,
    inputs.map((i) => SHORT[i.dtype.name]).join(','), scalars.map((s) => SHORT[s.dtype.name]).join(','),
    builder.steps.map(stepKey).join(';'), `${value}${SHORT[keyDtype.name]}`].join('|');
  const name = [node.output === 'values' ? 'sort' : 'argsort', ...[...new Set(builder.opNames)].slice(0, 3), SHORT[keyDtype.name]].join('_');
  return {
    kind: 'sort', node, name, key, keyDtype, output: node.output, lineDims: merged.dims, length, lines, positionBits, tile, mergePasses,
    inputs, outputStrides, scalars, steps: builder.steps, value,
  };
}
