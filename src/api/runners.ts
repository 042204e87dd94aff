// What a runner is: the way kernel plans run on one backend (generated CUDA C on a CUDA device,
// or generated JavaScript on the CPU; see cuda-runner.ts and cpu-runner.ts), and what both share.
import { isComplex, makeComplex, type Complex } from '../ir/complex.js';
import { f16BitsToNumber, numberToF16Bits, type DType } from '../ir/dtype.js';
import type { Node } from '../ir/graph.js';
import type { KernelPlan } from '../ir/kernel-plan.js';
import type { ReducePlan } from '../ir/reduce-plan.js';
import type { ScanPlan } from '../ir/scan-plan.js';
import type { BincountPlan } from '../ir/bincount-plan.js';
import type { SortPlan } from '../ir/sort-plan.js';
import type { CpuBuffer } from '../runtime/cpu-device.js';
import type { CudaBuffer } from '../runtime/cuda-buffer.js';
import type { NativeFunctionAttributes } from '../runtime/native.js';
import type { CacheOutcome } from '../runtime/types.js';
import type { StoredArray } from './host-data.js';

export type Storage = CudaBuffer | CpuBuffer;

/** Any plan a runner can run. */
export type AnyPlan = KernelPlan | ReducePlan | ScanPlan | SortPlan | BincountPlan;

/** The outputs a plan produces, in the order run() returns their buffers. */
export function planOutputs(plan: AnyPlan): Array<{ node: Node; dtype: DType }> {
  switch (plan.kind) {
    case 'elementwise': return plan.outputs;
    case 'reduce': return [...plan.outOutputs, ...plan.rowOutputs];
    case 'scan': return [{ node: plan.node, dtype: plan.dtype }];
    case 'sort': case 'bincount': return [{ node: plan.node, dtype: plan.node.dtype }];
  }
}

/** The data nodes a plan reads. */
export function planInputs(plan: AnyPlan): Node[] {
  switch (plan.kind) {
    case 'elementwise': return plan.inputs.map((i) => i.node);
    case 'reduce': return [...plan.rowInputs, ...plan.outInputs].map((i) => i.node);
    case 'scan': case 'sort': case 'bincount': return plan.inputs.map((i) => i.node);
  }
}

/** Elements of each output, in planOutputs order. */
export function outputSizes(plan: AnyPlan): number[] {
  switch (plan.kind) {
    case 'elementwise': return plan.outputs.map(() => plan.size);
    case 'reduce': return [...plan.outOutputs.map(() => plan.outSize), ...plan.rowOutputs.map(() => plan.outSize * plan.reduceSize)];
    case 'scan': case 'sort': return [plan.lines * plan.length];
    case 'bincount': return [plan.bins];
  }
}

/** Elements the plan reads per output element times outputs: zero means nothing to launch. */
export function planWork(plan: AnyPlan): number {
  switch (plan.kind) {
    case 'elementwise': return plan.size;
    case 'reduce': return plan.outSize;
    case 'scan': case 'sort': return plan.lines * plan.length;
    case 'bincount': return plan.size * plan.bins > 0 ? plan.size : 0;
  }
}

/** What cp.explain reports of one kernel. */
export interface KernelReport {
  name: string;
  language: 'cuda' | 'js';
  kind: AnyPlan['kind'];
  source: string;
  size: number;
  dims: number[];
  launch?: { grid: number | number[]; block: number | number[]; vectorWidth?: number; vectorsPerThread?: number };
  cache?: CacheOutcome;
  /** Registers, local (spill and stack) and shared bytes of the loaded kernel (cuFuncGetAttribute), once it ran. */
  attributes?: NativeFunctionAttributes;
}

export interface Runner {
  readonly kind: 'cuda' | 'cpu';
  /** 'cpu', or 'cuda:<ordinal>' for a CUDA device (in messages). */
  readonly deviceName: string;
  upload(dtype: DType, data: StoredArray): Storage;
  /** Storage for `count` elements of `dtype`, not initialized (for results every element of which is written). */
  alloc(dtype: DType, count: number): Storage;
  /** Allocates the outputs and queues the kernel; returns the output buffers (see planOutputs). */
  run(plan: AnyPlan): Storage[];
  /**
   * Compiles and loads `plan`'s kernel (if needed) on a worker thread, so that run() then launches
   * it without blocking. Writes may happen while it is pending: the caller plans again after it.
   */
  prepareAsync(plan: AnyPlan): Promise<void>;
  read(storage: Storage, dtype: DType, count: number): StoredArray;
  readAsync(storage: Storage, dtype: DType, count: number): Promise<StoredArray>;
  report(plan: AnyPlan): KernelReport;
  synchronize(): void;
}

/** A scalar parameter's value as the launcher passes it for dtype `d`. */
export function scalarArg(d: DType, value: number | bigint | boolean | Complex): number | bigint | Complex {
  if (d.kind === 'c') {
    const z = isComplex(value) ? value : { re: Number(value), im: 0 };
    return d.name === 'complex64' ? makeComplex(Math.fround(z.re), Math.fround(z.im)) : makeComplex(z.re, z.im);
  }
  if (isComplex(value)) return scalarArg(d, value.re);
  if (d.name === 'bool') return value ? 1 : 0;
  if (d.name === 'int64' || d.name === 'uint64') return BigInt(value as number | bigint);
  if (d.name === 'float16') return f16BitsToNumber(numberToF16Bits(Number(value)));
  return Number(value);
}

/** The iteration space a report shows. */
export function planDims(plan: AnyPlan): number[] {
  switch (plan.kind) {
    case 'elementwise': return plan.dims;
    case 'reduce': return [...plan.keptDims, ...plan.reducedDims];
    case 'scan': case 'sort': return [...plan.lineDims, plan.length];
    case 'bincount': return [plan.size];
  }
}
