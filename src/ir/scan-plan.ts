// The plan of a scan kernel (cumsum, cumprod): the input shape viewed as (other dims..., axis),
// the producers computed where the scan loads its input, and the geometry (./scan-geometry.ts)
// that maps lines onto threads on a CUDA device. Deterministic on every backend: each geometry
// scans in a fixed order (the CPU scans each line in order, like NumPy).
import type { DType } from './dtype.js';
import type { Node, ScanNode } from './graph.js';
import { SHORT, stridedLoads, stridedReach, stepKey, type PlanInput, type PlanScalar, type PlanStep } from './kernel-plan.js';
import { mergeParts } from './reduce-plan.js';
import { chooseScanGeometry, geometryKey, scanLaunch, type ScanGeometry, type ScanLaunch } from './scan-geometry.js';
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
  /** How a CUDA device maps lines onto threads. */
  geometry: ScanGeometry;
  /**
   * 'rows' scans whose output walks the axis with unit stride: which inputs do too. Their tiles load
   * (those inputs) and store in vectors of SCAN_VECTOR elements where the launch finds the data
   * aligned (codegen/cuda-scan.ts); absent otherwise.
   */
  vectorInputs?: boolean[];
}

/** Elements per vector load and store of a 'rows' scan (16 bytes of float32). */
export const SCAN_VECTOR = 4;

/** The unit-stride inputs of a 'rows' scan that can load and store in vectors (ScanPlan.vectorInputs). */
function chooseVectorInputs(geometry: ScanGeometry, inputs: readonly PlanInput[], outputStrides: readonly number[], dtype: DType): boolean[] | undefined {
  const axis = outputStrides.length - 1;
  const plain = (d: DType) => d.kind !== 'c';
  if (geometry.kind !== 'rows' || outputStrides[axis] !== 1 || !plain(dtype) || !inputs.every((i) => plain(i.dtype))) return undefined;
  return inputs.map((i) => i.strides[axis] === 1);
}

/** Bytes per element of the arrays that walk dimension `dim` of the merged dims with unit stride. */
function unitBytes(strides: number[][], itemsizes: number[], dim: number): number {
  if (dim < 0) return 0;
  return strides.reduce((acc, st, k) => acc + (st[dim] === 1 ? itemsizes[k] : 0), 0);
}

export function planScan(node: ScanNode): ScanPlan {
  const S = node.input.shape;
  const others = S.map((_, j) => j).filter((j) => j !== node.axis);
  const order = [...others, node.axis];
  const { inputs, strides, scalars, builder, value } = stridedLoads(node.input, S);
  const raw = strides.map((st) => order.map((j) => st[j]));
  const outRaw = order.map((j) => contiguousStrides(S)[j]);
  const merged = mergeParts(order.map((j) => S[j]), others.length, [...raw, outRaw]);
  inputs.forEach((input, k) => (input.strides = merged.strides[k]));
  const outputStrides = merged.strides[raw.length];
  const length = S[node.axis];
  const lines = sizeOf(others.map((j) => S[j]));
  const maxOffset = Math.max(sizeOf(S), ...merged.strides.map((st) => stridedReach(st, merged.all)));
  // Tiled kernels compute positions up to a tile (at most 8192 elements) past a line's end.
  const indexBits = maxOffset + 2 ** 14 < 2 ** 31 - 1 ? 32 : 64;
  const nd = merged.keptDims.length;
  const itemsizes = [...inputs.map((i) => i.dtype.itemsize), node.dtype.itemsize];
  const geometry = chooseScanGeometry({
    lines, length, computeBytes: node.dtype.name === 'float16' ? 4 : node.dtype.itemsize,
    axisUnitBytes: length > 1 ? unitBytes(merged.strides, itemsizes, nd) : 0,
    lineUnitBytes: unitBytes(merged.strides, itemsizes, nd - 1),
  });
  const vectorInputs = chooseVectorInputs(geometry, inputs, outputStrides, node.dtype);
  const vectorKey = vectorInputs ? [`v${vectorInputs.map(Number).join('')}`] : []; // absent otherwise: older keys stay as they were
  const key = ['scan', node.op.name, geometryKey(geometry), ...vectorKey, `k${nd}`, `x${indexBits}`, inputs.map((i) => SHORT[i.dtype.name]).join(','),
    scalars.map((s) => SHORT[s.dtype.name]).join(','), builder.steps.map(stepKey).join(';'), `${value}${SHORT[node.dtype.name]}`].join('|');
  const opNames = [...new Set(builder.opNames)].slice(0, 3);
  const name = ['scan', node.op.name === 'sum' ? 'cumsum' : 'cumprod', geometry.kind, ...opNames, SHORT[node.dtype.name]].join('_');
  return {
    kind: 'scan', node, name, key, op: node.op, dtype: node.dtype, lineDims: merged.keptDims, length, lines, indexBits,
    inputs, outputStrides, scalars, steps: builder.steps, value, geometry, ...(vectorInputs ? { vectorInputs } : {}),
  };
}

/** The plan's CUDA launch: grid, block and look-back status buffer (./scan-geometry.ts). */
export function scanPlanLaunch(plan: ScanPlan): ScanLaunch {
  return scanLaunch(plan.geometry, plan.lines, plan.length, plan.dtype.name === 'float16' ? 4 : plan.dtype.itemsize);
}

/**
 * Whether a 'rows' scan's vector path may run: each vector input and the output aligned to a whole
 * vector at every line's start (their pointers, and their strides between lines in whole vectors).
 * `inputPointers[k]` and `outputPointer`: byte addresses of element 0 of input k and the output.
 */
export function scanVectorsAligned(plan: ScanPlan, inputPointers: readonly number[], outputPointer: number): boolean {
  if (!plan.vectorInputs) return false;
  const nd = plan.lineDims.length;
  const aligned = (pointer: number, itemsize: number, strides: readonly number[]) =>
    pointer % (SCAN_VECTOR * itemsize) === 0 && strides.slice(0, nd).every((st) => st % SCAN_VECTOR === 0);
  return plan.inputs.every((input, k) => !plan.vectorInputs![k] || aligned(inputPointers[k], input.dtype.itemsize, input.strides)) &&
    aligned(outputPointer, plan.dtype.itemsize, plan.outputStrides);
}
