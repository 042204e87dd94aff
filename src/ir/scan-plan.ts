// The plan of a scan kernel (cumsum, cumprod): the input shape viewed as (other dims..., axis);
// each line along the axis is scanned in order by one thread, its producers computed inside the
// loop. Deterministic (a fixed sequential order per line), like NumPy's own.
import type { DType } from './dtype.js';
import type { Node, ScanNode } from './graph.js';
import { broadcastStrides, SHORT, StepBuilder, stridedReach, stepKey, type PlanInput, type PlanScalar, type PlanStep } from './kernel-plan.js';
import { mergeParts } from './reduce-plan.js';
import type { ReduceOp } from './reductions.js';
import { contiguousStrides, sizeOf } from './shape.js';

export interface ScanPlan {
  readonly kind: 'scan';
  node: Node;
  name: string;
  key: string;
  op: ReduceOp;
  dtype: DType;
  /** The dims other than the axis (merged), and the axis length. */
  lineDims: number[];
  length: number;
  lines: number;
  indexBits: 32 | 64;
  /** Strides over [...lineDims, axis]. */
  inputs: PlanInput[];
  outputStrides: number[];
  scalars: PlanScalar[];
  steps: PlanStep[];
  value: number;
}

export function planScan(node: ScanNode): ScanPlan {
  const S = node.input.shape;
  const others = S.map((_, j) => j).filter((j) => j !== node.axis);
  const order = [...others, node.axis];
  const inputs: PlanInput[] = [];
  const raw: number[][] = [];
  const scalars: PlanScalar[] = [];
  const builder: StepBuilder = new StepBuilder((n, view): PlanStep | undefined => {
    if (!view) return undefined;
    inputs.push({ node: n, dtype: n.dtype, access: 'strided', strides: [], offset: view.offset });
    raw.push(order.map((j) => broadcastStrides(view, S)[j]));
    return { kind: 'load', id: builder.nextId(), input: inputs.length - 1, dtype: n.dtype };
  }, scalars);
  const value = builder.visit(node.input);
  const outRaw = order.map((j) => contiguousStrides(S)[j]);
  const merged = mergeParts(order.map((j) => S[j]), others.length, [...raw, outRaw]);
  inputs.forEach((input, k) => (input.strides = merged.strides[k]));
  const outputStrides = merged.strides[raw.length];
  const length = S[node.axis];
  const lines = sizeOf(others.map((j) => S[j]));
  const maxOffset = Math.max(sizeOf(S), ...merged.strides.map((st) => stridedReach(st, merged.all)));
  const indexBits = maxOffset < 2 ** 31 - 1 ? 32 : 64;
  const key = ['scan', node.op.name, `k${merged.keptDims.length}`, `x${indexBits}`, inputs.map((i) => SHORT[i.dtype.name]).join(','),
    scalars.map((s) => SHORT[s.dtype.name]).join(','), builder.steps.map(stepKey).join(';'), `${value}${SHORT[node.dtype.name]}`].join('|');
  const name = ['scan', node.op.name === 'sum' ? 'cumsum' : 'cumprod', ...[...new Set(builder.opNames)].slice(0, 3), SHORT[node.dtype.name]].join('_');
  return {
    kind: 'scan', node, name, key, op: node.op, dtype: node.dtype, lineDims: merged.keptDims, length, lines, indexBits,
    inputs, outputStrides, scalars, steps: builder.steps, value,
  };
}
